"""What the process-level test scripts (tests/cluster, tests/faults) share:
checks that are counted, free ports, plain HTTP with cookies, the portal's
login and upload, the demo accounts, and `schoolbieb serve` as a child
process started on a free port and stopped by PID.

Standard library only; run with Debian's /usr/bin/python3.
"""
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse

TEACHER = ("docent.kievit", "Kievit-leesplezier-26")
STAFF = ("medewerker", "Medewerker-demo-2026")

failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()),
                    "")

    def cookies(self):
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                found[name] = rest.split(";")[0]
        return found


def request(port, method, path, cookies=None, form=None, multipart=None,
            timeout=120):
    headers = {}
    body = None
    if cookies:
        headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if multipart is not None:
        boundary = "sb" + secrets.token_hex(12)
        parts = []
        for name, value, filename in multipart:
            disposition = 'form-data; name="%s"' % name
            if filename:
                disposition += '; filename="%s"' % filename
            parts.append(b"--" + boundary.encode() + b"\r\n" +
                         b"Content-Disposition: " + disposition.encode() +
                         b"\r\n\r\n" + value + b"\r\n")
        body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
        headers["Content-Type"] = "multipart/form-data; boundary=" + boundary
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers)
    res = conn.getresponse()
    out = Response(res.status, res.getheaders(),
                   res.read().decode("utf-8", "replace"))
    conn.close()
    return out


def hidden(html, name):
    match = re.search(r'name="%s" value="([^"]*)"' % name, html)
    return match.group(1) if match else ""


def login(port, who):
    page = request(port, "GET", "/login")
    token = page.cookies().get("sb_login", "")
    res = request(port, "POST", "/login", cookies={"sb_login": token},
                  form={"csrf": token, "login": who[0], "password": who[1]})
    return res.cookies().get("sb_session", "") if res.status == 303 else ""


def csrf(port, session):
    return hidden(request(port, "GET", "/", {"sb_session": session}).body,
                  "csrf")


def students_csv(count, first=1):
    lines = ["LEERLINGNUMMER;ROEPNAAM;NAAM;GEBOORTEDATUM;GROEP;GROEPSNAAM;"
             "JAARGROEP"]
    for n in range(first, first + count):
        group = 3 + n % 6
        lines.append("%06d;Kind%d;Proef%d;2016-0%d-1%d;%dA;Groep %da;%d" %
                     (n, n, n, 1 + n % 9, n % 10, group, group, group))
    return ("\n".join(lines) + "\n").encode()


def upload(port, session, name, content):
    res = request(port, "POST", "/upload", {"sb_session": session},
                  multipart=[("csrf", csrf(port, session).encode(), None),
                             ("file", content, name)])
    return res


def psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def scalar(url, sql):
    out = subprocess.run(["psql", "-At", url, "-c", sql], check=True,
                         capture_output=True, text=True).stdout
    return out.strip()


def server_env(**settings):
    """The environment for a schoolbieb child: this one without any
    SCHOOLBIEB_ setting of the caller's, plus `settings`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SCHOOLBIEB_")}
    env.update({"SCHOOLBIEB_LOG_LEVEL": "warn", "SCHOOLBIEB_LANG": "nl"})
    env.update(settings)
    return env


class Server:
    """`schoolbieb serve` on a free loopback port; stop() by PID."""

    def __init__(self, binary, env, log_path, cwd=None, preexec_fn=None):
        self.log = open(log_path, "a")
        self.process = subprocess.Popen(
            [binary, "serve", "--listen", "127.0.0.1:0"], env=env, cwd=cwd,
            stdout=subprocess.PIPE, stderr=self.log, text=True,
            preexec_fn=preexec_fn)
        line = self.process.stdout.readline()
        match = re.search(r":(\d+)/", line)
        if not match:
            self.kill()
            raise RuntimeError("schoolbieb serve did not start: %r (log %s)"
                               % (line, log_path))
        self.port = int(match.group(1))

    def stop(self, timeout=30):
        """SIGTERM, then the exit code (a leak under ASan fails it)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.log.close()
        return code

    def stop_cleanly(self):
        """Stops the server and checks that it exits 0 (under the
        sanitizers: no leak, no error at shutdown) and soon."""
        started = time.time()
        code = self.stop()
        check(code == 0, "the server stops cleanly (exit %s after %.1f s)" %
              (code, time.time() - started))

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.log.close()


def postgres(command, state):
    """tests/support/postgres.sh start|restart|stop STATE: a PostgreSQL
    server of the caller's own."""
    subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "postgres.sh"), command, state],
                   check=True, stdout=subprocess.DEVNULL)


def start_demo_server(binary, work, db_url, preexec_fn=None):
    """Loads the demo library into `db_url` and serves it from `work` (the
    upload key and the log there); returns (environment, Server)."""
    env = server_env(SCHOOLBIEB_DB=db_url,
                     SCHOOLBIEB_UPLOAD_KEY_FILE=os.path.join(work, "key"))
    demo = subprocess.run([binary, "demo"], env=env, cwd=work,
                          capture_output=True, text=True, timeout=300)
    check(demo.returncode == 0,
          "the demo library is loaded " + demo.stderr.strip())
    return env, Server(binary, env, os.path.join(work, "serve.log"),
                       cwd=work, preexec_fn=preexec_fn)


def clean_up(server, work, pg_state=None):
    """Kills the server if it still runs, stops the PostgreSQL server of
    `pg_state` (its PID is kept in the work folder, so first), shows the
    log when a check failed, removes the work folder."""
    if server is not None:
        server.kill()
    if pg_state is not None:
        postgres("stop", pg_state)
    log = os.path.join(work, "serve.log")
    if failures and os.path.exists(log):
        print("--- server log ---\n" + open(log).read()[-3000:])
    shutil.rmtree(work, ignore_errors=True)


def summary():
    """The last line, and the exit code: 1 when any check failed."""
    print("%d check(s) failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0
