#!/usr/bin/python3
"""More than one machine: two `schoolbieb serve` processes on one PostgreSQL
behind a round-robin nginx, as docs/deployment.md describes.

    two_servers.py SCHOOLBIEB_BINARY

Needs the CTest PostgreSQL fixture (SCHOOLBIEB_TEST_PG_STATE), nginx and
python3-aiosmtpd (scripts/install-deps). Starts everything it uses — a fresh
database, an SMTP sink, the two servers, nginx — and stops each by PID.
Shows that
  - a session made on one server works on the other, and through the front;
  - an upload made through one server is imported through the other;
  - the per-school import lock holds across the servers: two imports of the
    same school at once never interleave (one is applied, the other refused);
  - each mail is sent once although both servers run an outbox worker.
Exits non-zero, saying what failed, when any of it does not hold.
"""
import base64
import glob
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SUPPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "support")
sys.path.insert(0, SUPPORT)
from schoolbieb_http import (STAFF, TEACHER, check, csrf, summary,  # noqa: E402
                             free_port, hidden, login, psql, request, scalar,
                             Server, server_env, students_csv, upload,
                             wait_for_port)
def main():
    binary = os.path.abspath(sys.argv[1])
    state = os.environ.get("SCHOOLBIEB_TEST_PG_STATE", "")
    if not state or not os.path.exists(os.path.join(state, "url")):
        print("two_servers: no PostgreSQL (run under CTest's postgres fixture)")
        return 1
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        print("two_servers: nginx is missing: run scripts/install-deps")
        return 1
    admin_url = open(os.path.join(state, "url")).read().strip()
    name = "sbcluster_%s" % secrets.token_hex(4)
    psql(admin_url, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'" %
         name)
    db_url = admin_url.rsplit("/", 1)[0] + "/" + name
    work = tempfile.mkdtemp(prefix="schoolbieb-cluster-")
    os.chmod(work, 0o755)
    processes = []
    servers = []
    try:
        # The SMTP sink both servers deliver to.
        smtp_port = free_port()
        mail_dir = os.path.join(work, "mail")
        env = dict(os.environ, PYTHONPATH=SUPPORT)
        sink = subprocess.Popen(
            ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
             "127.0.0.1:%d" % smtp_port, "-c", "smtp_sink.FolderHandler",
             mail_dir], env=env, stdout=subprocess.DEVNULL)
        processes.append(sink)
        check(wait_for_port(smtp_port), "the SMTP sink listens")

        front_port = free_port()
        env = server_env(
            ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", ""),
            SCHOOLBIEB_DB=db_url,
            # One key for both: either server reads what the other stored.
            SCHOOLBIEB_UPLOAD_KEY=base64.b64encode(
                secrets.token_bytes(32)).decode(),
            SCHOOLBIEB_SMTP_URL="smtp://127.0.0.1:%d" % smtp_port,
            SCHOOLBIEB_MAIL_FROM="schoolbieb@bibliotheek.example",
            SCHOOLBIEB_PUBLIC_URL="http://127.0.0.1:%d" % front_port,
            SCHOOLBIEB_TRUSTED_PROXY="127.0.0.1")
        demo = subprocess.run([binary, "demo"], env=env, capture_output=True,
                              text=True, timeout=300)
        check(demo.returncode == 0, "the demo library is loaded " +
              demo.stderr.strip())
        for index in range(2):
            servers.append(Server(binary, env, os.path.join(
                work, "serve%d.log" % index), cwd=work))
        a, b = (server.port for server in servers)

        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as out:
            out.write("""
worker_processes 1;
pid %(work)s/nginx.pid;
error_log %(work)s/nginx-error.log warn;
%(user)s
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path %(work)s/body;
  proxy_temp_path %(work)s/proxy;
  fastcgi_temp_path %(work)s/fastcgi;
  uwsgi_temp_path %(work)s/uwsgi;
  scgi_temp_path %(work)s/scgi;
  upstream schoolbieb { server 127.0.0.1:%(a)d; server 127.0.0.1:%(b)d; }
  server {
    listen 127.0.0.1:%(front)d;
    client_max_body_size 60m;
    location / {
      proxy_pass http://schoolbieb;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 300s;
    }
  }
}
""" % {"work": work, "a": a, "b": b, "front": front_port,
       "user": "user root;" if os.getuid() == 0 else ""})
        nginx = subprocess.Popen(["nginx", "-p", work, "-c", conf, "-g",
                                  "daemon off;"])
        processes.append(nginx)
        check(wait_for_port(front_port), "nginx listens in front")

        # A session made on one server works on the other and in front.
        teacher = login(a, TEACHER)
        check(teacher != "", "the teacher logs in on server A")
        page = request(b, "GET", "/upload", {"sb_session": teacher})
        check(page.status == 200 and "Leerlingbestand" in page.body,
              "server B knows the session made on A")
        statuses = {request(front_port, "GET", "/upload",
                            {"sb_session": teacher}).status for _ in range(6)}
        check(statuses == {200}, "six requests through the front: %s" %
              statuses)

        # An upload through A is imported through B.
        res = upload(a, teacher, "leerlingen.csv", students_csv(300))
        check(res.status == 303, "the upload through A is accepted (%d)" %
              res.status)
        upload_id = int(scalar(db_url, "SELECT MAX(id) FROM upload"))
        staff = login(b, STAFF)
        check(staff != "", "staff log in on server B")
        preview = request(b, "GET", "/backoffice/uploads/%d/preview" %
                          upload_id, {"sb_session": staff})
        fingerprint = hidden(preview.body, "fingerprint")
        check(preview.status == 200 and len(fingerprint) == 64,
              "B previews the upload made through A")
        res = request(b, "POST", "/backoffice/uploads/%d/import" % upload_id,
                      {"sb_session": staff},
                      form={"csrf": csrf(b, staff),
                            "fingerprint": fingerprint})
        check(res.status == 303, "B imports it (%d)" % res.status)
        check(scalar(db_url, "SELECT COUNT(*) FROM membership WHERE scope = "
                     "'school' AND ended_on IS NULL") == "300",
              "300 students are members after the import")

        # Two imports of the same school at once, one through each server:
        # never interleaved. Two new files (a large one, to make the imports
        # overlap: the 300 stay, 6000 join), previewed first; then both
        # imports are posted together.
        big = students_csv(6300)
        ids = []
        for port in (a, b):
            res = upload(port, teacher, "volgend-jaar.csv", big)
            check(res.status == 303, "a next file is uploaded (%d)" %
                  res.status)
            ids.append(int(scalar(db_url, "SELECT MAX(id) FROM upload")))
        forms = []
        for port, upload_id in zip((a, b), ids):
            preview = request(port, "GET", "/backoffice/uploads/%d/preview"
                              "?public=0" % upload_id, {"sb_session": staff})
            forms.append({"csrf": csrf(port, staff), "public": "0",
                          "fingerprint": hidden(preview.body, "fingerprint")})
        results = [None, None]

        def post(index, port, upload_id):
            results[index] = request(
                port, "POST", "/backoffice/uploads/%d/import" % upload_id,
                {"sb_session": staff}, form=forms[index])

        threads = [threading.Thread(target=post, args=(i, port, upload_id))
                   for i, (port, upload_id) in enumerate(zip((a, b), ids))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = sorted(r.status for r in results)
        check(codes == [303, 409], "one import applied, the other refused: %s"
              % codes)
        refused = next((r for r in results if r.status == 409), None)
        if refused is not None:
            why = ("the school's import was running"
                   if "Er loopt al een import" in refused.body else
                   "preview again" if "voorbeeld opnieuw" in refused.body
                   else "")
            check(why != "", "the refusal says why: %s" % why)
        applied = scalar(db_url, "SELECT COUNT(*) FROM import_run WHERE "
                         "status = 'applied'")
        check(applied == "2", "two imports applied in all (%s)" % applied)
        members = scalar(db_url, "SELECT COUNT(*) FROM membership WHERE "
                         "scope = 'school' AND ended_on IS NULL")
        check(members == "6300", "exactly the last file's 6300 students are "
              "members (%s)" % members)
        duplicates = scalar(db_url, "SELECT COUNT(*) FROM (SELECT "
                            "external_number_2 FROM customer WHERE kind = 'student' GROUP BY "
                            "school_branch_id, external_number_2 HAVING "
                            "COUNT(*) > 1) d")
        check(duplicates == "0", "no student twice (%s)" % duplicates)

        # Each mail once: both workers ran; wait until the outbox is empty.
        deadline = time.time() + 60
        pending = "?"
        while time.time() < deadline:
            pending = scalar(db_url, "SELECT COUNT(*) FROM outbox WHERE "
                             "state IN ('pending', 'sending')")
            if pending == "0":
                break
            time.sleep(0.5)
        check(pending == "0", "the outbox is delivered (%s waiting)" % pending)
        time.sleep(2)  # a second copy would arrive now
        sent = int(scalar(db_url, "SELECT COUNT(*) FROM outbox WHERE state = "
                          "'sent'"))
        ids_seen = []
        for path in glob.glob(os.path.join(mail_dir, "*.json")):
            with open(path) as f:
                ids_seen.append(json.load(f)["message_id"])
        check(sent >= 4 and len(ids_seen) == sent and
              len(set(ids_seen)) == len(ids_seen),
              "each of the %d mails arrived once (%d received, %d distinct)"
              % (sent, len(ids_seen), len(set(ids_seen))))
    finally:
        for server in servers:
            server.stop_cleanly()
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for index in range(2):
            path = os.path.join(work, "serve%d.log" % index)
            if os.path.exists(path) and os.path.getsize(path) > 0:
                print("--- server %d log ---\n%s" %
                      (index, open(path).read()[-4000:]))
        shutil.rmtree(work, ignore_errors=True)
        psql(admin_url, "DROP DATABASE IF EXISTS %s" % name)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
