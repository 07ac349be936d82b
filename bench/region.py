#!/usr/bin/python3
"""A region in one run (issue 20, points 3 and 4): a library with N schools
of ~M students, two school years imported the way a region does it.

    bench/region.py BINARY [--schools 3000] [--students-per-school 330]
                    [--database postgresql|sqlite|both] [--teachers 20]
                    [--staff 4] [--seed 2026] [--page-requests 50]

PostgreSQL: a fresh server of its own (tests/support/postgres.sh: fsync
off), one database, two `schoolbieb serve` processes behind a round-robin
nginx (the front tests/cluster/two_servers.py uses) and an SMTP sink.
SQLite: one `schoolbieb serve`, no nginx. Everything started is stopped by
PID at the end, also on failure.

Set-up (timed apart, not part of a year): the library, an admin and the
staff accounts by the CLI; the schools through the back office's school
form (POST /backoffice/schools) and one teacher per school with the upload
right through the admin's account form (POST /admin/accounts; no password
typed: the teacher is mailed a link); one API token per teacher and per
staff member by `schoolbieb token create` (the only way to make one).

A school year: 20 teacher clients upload each school's CSV (synthetic
students from a fixed seed, invented Dutch-looking names) with
POST /api/v1/uploads; as each upload lands, one of 4 staff clients previews
(POST /api/v1/uploads/ID/preview) and imports it with the preview's
fingerprint (POST /api/v1/uploads/ID/import). Year 2: everyone moves up a
group, group 8 leaves, a new group 1 arrives and some pupils move to
another school of the region (same name and birth date, the new school's
own student number). Measured: the year's wall time, imports per second,
p50/p99 of preview+import per school (and of the upload), the peak resident
memory of the serve processes (sampled from /proc every 0.5 s), the
database's size, every error (anything but 201 / 200, or a plan that is
held). After each year the scenario invariants are checked read-only by SQL
(psql / sqlite3): each current student one open school membership, at the
school their record names; each school's open memberships = its file's
rows; movers kept their record (students ever = persons ever); no card
number twice; no student number twice at a school; every upload imported.

Point 4: with the region loaded, GET /backoffice/uploads, /backoffice/
imports, /backoffice/audit, /backoffice/outbox and the customer search
(POST /backoffice/customers q=…) as a logged-in staff member, one request
at a time, --page-requests times each: p50/p99 and the page size.

Standard library only; run with Debian's /usr/bin/python3. Absolute times
depend on the machine and what else runs on it: compare ratios in one run.
"""
import argparse
import base64
import concurrent.futures
import json
import os
import queue
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import http.client
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.join(HERE, "..", "tests", "support")
sys.path.insert(0, SUPPORT)
from schoolbieb_http import (Server, free_port, hidden, postgres,  # noqa: E402
                             server_env, wait_for_port)

LIBRARY = "regio"
PASSWORD = "Regio-bench-wachtwoord-26"

# Invented names: first names from a list, last names glued from two parts
# ("Zandhoek", "Vlierkamp"), so no real person is meant.
FIRST = ("Anna Bram Cas Daan Eva Fenna Gijs Hanna Isa Jesse Julia Kees Lars "
         "Lieke Luuk Maud Mila Noor Olaf Pim Puck Roos Ruben Sanne Sem Siem "
         "Tess Teun Thijs Vera Wout Yara Zoë Fleur Hidde Jasper Lotte Merel "
         "Niek Quinten Rik Saar Tijn Valentijn Wessel Bente Douwe Femke "
         "Germ Hylke Ilse Jelle Krijn Liv Mees Nina Otto Pien Rosa Stijn "
         "Tamar Ties Uma Vos Willemijn Xander Yfke Zara Ayla Boaz Cato Dex "
         "Elin Floor Guus Hugo Ivo Jip Kiki Loek Mats Nova Olivier Pepijn "
         "Rinke Sep Tirza Ugo Vince Wiebe Yme Zilla").split()
PART1 = ("Zand Vlier Molen Hooge Linde Berk Wil Esse Brink Klaver Hazel "
         "Riet Eiken Beuke Heide Meer Dijks Kievits Bloem Water Koren Vos "
         "Weide Mos Duin Kreek Polder Sloot Akker Veen").split()
PART2 = ("hoek veld kamp stra man hout meer horst broek dal bosch werf "
         "beek gaard weg laan hof kade burg ink").split()
PREFIX = ["", "", "", "", "van", "de", "van der", "van den", "ter", "op den"]
HEADER = ("LEERLINGNUMMER;ROEPNAAM;VOORLETTERS;NAAMTUS;NAAM;GEBOORTEDATUM;"
          "GROEP;GROEPSNAAM;JAARGROEP")


# ---- the region's students ------------------------------------------------

class Region:
    """Year 1 and year 2 of every school, from one seed. A pupil is a dict
    with a person id (kept when moving), the school's own number, names,
    birth date and group."""

    def __init__(self, schools, per_school, seed):
        self.rng = random.Random(seed)
        self.schools = schools
        self.next_number = [0] * schools
        self.persons = 0
        # (name, birth date) per school: never twice in one file (the
        # import rejects both rows of such a pair, as it should).
        self.keys = [set() for _ in range(schools)]
        self.year1 = [[] for _ in range(schools)]
        for school in range(schools):
            size = max(8, int(self.rng.gauss(per_school, per_school * 0.08)))
            for i in range(size):
                self.year1[school].append(self.pupil(school, 1 + i * 8 // size))
        self.year2, self.movers, self.leavers, self.newcomers = self.next_year()

    def pupil(self, school, group, person=None):
        self.next_number[school] += 1
        while person is None:
            first = self.rng.choice(FIRST)
            year = 2026 - 5 - group + (1 if self.rng.random() < 0.3 else 0)
            person = {
                "first": first,
                "initials": first[0] + ".",
                "prefix": self.rng.choice(PREFIX),
                "last": self.rng.choice(PART1) + self.rng.choice(PART2),
                "born": "%04d-%02d-%02d" % (year, self.rng.randint(1, 12),
                                            self.rng.randint(1, 28)),
            }
            if self.key(person) in self.keys[school]:
                person = None
            else:
                self.persons += 1
                person["id"] = self.persons
        self.keys[school].add(self.key(person))
        pupil = dict(person)
        pupil["number"] = "%06d" % (100000 + self.next_number[school])
        pupil["group"] = group
        return pupil

    @staticmethod
    def key(p):
        return (p["first"], p["prefix"], p["last"], p["born"])

    def next_year(self):
        year2 = [[] for _ in range(self.schools)]
        movers = leavers = newcomers = 0
        for school, pupils in enumerate(self.year1):
            for pupil in pupils:
                if pupil["group"] == 8:
                    leavers += 1
                    continue
                moved = dict(pupil, group=pupil["group"] + 1)
                to = (school + self.rng.randint(1, self.schools - 1)) % \
                    self.schools if self.schools > 1 else school
                if self.rng.random() < 0.03 and to != school and \
                        self.key(pupil) not in self.keys[to]:
                    # To another school of the region: a new number there.
                    person = {k: pupil[k] for k in ("id", "first", "initials",
                                                    "prefix", "last", "born")}
                    arrived = self.pupil(to, moved["group"], person)
                    arrived["moved"] = True
                    year2[to].append(arrived)
                    movers += 1
                else:
                    year2[school].append(moved)
            arriving = sum(1 for p in pupils if p["group"] == 1)
            for _ in range(arriving):
                year2[school].append(self.pupil(school, 1))
                newcomers += 1
        return year2, movers, leavers, newcomers

    @staticmethod
    def csv(pupils):
        lines = [HEADER]
        for p in pupils:
            lines.append("%s;%s;%s;%s;%s;%s;%dA;Groep %da;%d" % (
                p["number"], p["first"], p["initials"], p["prefix"], p["last"],
                p["born"], p["group"], p["group"], p["group"]))
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


# ---- HTTP ------------------------------------------------------------------

class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()),
                    "")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return {}


def call(port, method, path, token=None, cookies=None, form=None,
         json_body=None, files=None, timeout=600):
    headers = {}
    body = None
    if token:
        headers["Authorization"] = "Bearer " + token
    if cookies:
        headers["Cookie"] = "; ".join("%s=%s" % kv for kv in cookies.items())
    if form is not None:
        body = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if json_body is not None:
        body = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if files is not None:
        boundary = "sb" + secrets.token_hex(12)
        parts = []
        for name, value, filename in files:
            disposition = 'form-data; name="%s"' % name
            if filename:
                disposition += '; filename="%s"' % filename
            parts.append(b"--" + boundary.encode() + b"\r\n" +
                         b"Content-Disposition: " + disposition.encode() +
                         (b"\r\nContent-Type: text/csv" if filename else b"") +
                         b"\r\n\r\n" + value + b"\r\n")
        body = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
        headers["Content-Type"] = "multipart/form-data; boundary=" + boundary
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        return Answer(res.status, res.getheaders(),
                      res.read().decode("utf-8", "replace"))
    finally:
        conn.close()


def login(port, who, password):
    page = call(port, "GET", "/login")
    token = next((v.split("=", 1)[1].split(";")[0] for k, v in page.headers
                  if k.lower() == "set-cookie" and v.startswith("sb_login=")),
                 "")
    res = call(port, "POST", "/login", cookies={"sb_login": token},
               form={"csrf": token, "login": who, "password": password})
    session = next((v.split("=", 1)[1].split(";")[0] for k, v in res.headers
                    if k.lower() == "set-cookie" and
                    v.startswith("sb_session=")), "")
    if res.status != 303 or not session:
        raise RuntimeError("login of %s failed: %d %s" %
                           (who, res.status, res.body[:300]))
    return session


def csrf_of(port, session, path="/"):
    return hidden(call(port, "GET", path, cookies={"sb_session": session})
                  .body, "csrf")


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids = pids
        self.peak_each = 0
        self.peak_sum = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            values = [rss_kib(pid) for pid in self.pids]
            self.peak_each = max([self.peak_each] + values)
            self.peak_sum = max(self.peak_sum, sum(values))
            self.stopping.wait(0.5)

    def stop(self):
        self.stopping.set()
        self.join()


# ---- one database ----------------------------------------------------------

class Bench:
    def __init__(self, args, database):
        self.args = args
        self.database = database
        self.binary = os.path.abspath(args.binary)
        self.work = tempfile.mkdtemp(prefix="schoolbieb-region-")
        os.chmod(self.work, 0o755)
        self.pg_state = None
        self.processes = []   # SMTP sink, nginx: stopped by PID
        self.servers = []
        self.result = {"database": database, "errors": [], "checks": []}

    # -- processes --
    def start(self):
        if self.database == "postgresql":
            self.pg_state = os.path.join(self.work, "pg")
            postgres("start", self.pg_state)
            admin = open(os.path.join(self.pg_state, "url")).read().strip()
            subprocess.run(["psql", "-q", admin, "-c",
                            "CREATE DATABASE region TEMPLATE template0 "
                            "ENCODING 'UTF8'"], check=True,
                           stdout=subprocess.DEVNULL)
            self.db_url = admin.rsplit("/", 1)[0] + "/region"
        else:
            self.db_path = os.path.join(self.work, "region.db")
            self.db_url = "sqlite:" + self.db_path
        smtp_port = free_port()
        sink = subprocess.Popen(
            ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l",
             "127.0.0.1:%d" % smtp_port, "-c", "smtp_sink.FolderHandler",
             os.path.join(self.work, "mail")],
            env=dict(os.environ, PYTHONPATH=SUPPORT),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(sink)
        if not wait_for_port(smtp_port, 30):
            raise RuntimeError("the SMTP sink did not start")
        self.front = free_port()
        self.env = server_env(
            SCHOOLBIEB_DB=self.db_url,
            SCHOOLBIEB_UPLOAD_KEY=base64.b64encode(
                secrets.token_bytes(32)).decode(),
            SCHOOLBIEB_SMTP_URL="smtp://127.0.0.1:%d" % smtp_port,
            SCHOOLBIEB_MAIL_FROM="schoolbieb@regio.example",
            SCHOOLBIEB_PUBLIC_URL="http://127.0.0.1:%d" % self.front,
            SCHOOLBIEB_TRUSTED_PROXY="127.0.0.1",
            SCHOOLBIEB_LOG_LEVEL="warn")
        self.cli("migrate")
        self.cli("library", "add", LIBRARY, "--name", "Bibliotheek Regio")
        self.cli("account", "add", LIBRARY, "beheer", "--role", "admin",
                 "--name", "Beheerder Regio", stdin=PASSWORD)
        for i in range(self.args.staff):
            self.cli("account", "add", LIBRARY, "medewerker%d" % i, "--role",
                     "staff", "--name", "Medewerker %d" % i, stdin=PASSWORD)
        count = 2 if self.database == "postgresql" else 1
        for i in range(count):
            self.servers.append(Server(self.binary, self.env, os.path.join(
                self.work, "serve%d.log" % i), cwd=self.work))
        if self.database == "postgresql":
            self.start_nginx()
        else:
            self.front = self.servers[0].port

    def start_nginx(self):
        conf = os.path.join(self.work, "nginx.conf")
        a, b = (s.port for s in self.servers)
        with open(conf, "w") as out:
            out.write("""
worker_processes 1;
pid %(work)s/nginx.pid;
error_log %(work)s/nginx-error.log warn;
%(user)s
events { worker_connections 1024; }
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
    client_max_body_size 51m;
    proxy_request_buffering off;
    proxy_http_version 1.1;
    location / {
      proxy_pass http://schoolbieb;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 600s;
    }
  }
}
""" % {"work": self.work, "a": a, "b": b, "front": self.front,
       "user": "user root;" if os.getuid() == 0 else ""})
        nginx = subprocess.Popen(["nginx", "-p", self.work, "-c", conf, "-g",
                                  "daemon off;"])
        self.processes.append(nginx)
        if not wait_for_port(self.front, 30):
            raise RuntimeError("nginx did not start")

    def stop(self):
        for server in self.servers:
            try:
                code = server.stop()
                if code != 0:
                    self.result["errors"].append(
                        "server exited %s at the end" % code)
            except Exception as error:  # keep stopping the rest
                print("stopping a server:", error, file=sys.stderr)
                server.kill()
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.pg_state is not None:
            postgres("stop", self.pg_state)
        for i in range(len(self.servers)):
            log = os.path.join(self.work, "serve%d.log" % i)
            if os.path.exists(log) and os.path.getsize(log) > 0:
                text = open(log).read()
                print("--- %s server %d log (last 2000 of %d chars) ---\n%s" %
                      (self.database, i, len(text), text[-2000:]))
        if self.args.keep:
            print("kept", self.work)
        else:
            shutil.rmtree(self.work, ignore_errors=True)

    def cli(self, *argv, stdin=None, json_out=False):
        command = [self.binary] + (["--json"] if json_out else []) + \
            list(argv) + (["--password-stdin"] if stdin is not None else [])
        done = subprocess.run(command, env=self.env, cwd=self.work,
                              input=(stdin + "\n") if stdin else None,
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv[:3]),
                                           done.stderr.strip()[-500:]))
        return done.stdout

    def sql(self, query):
        if self.database == "postgresql":
            command = ["psql", "-At", "-v", "ON_ERROR_STOP=1", self.db_url,
                       "-c", query]
        else:
            command = ["sqlite3", "-readonly", "-batch", self.db_path, query]
        out = subprocess.run(command, check=True, capture_output=True,
                             text=True, timeout=600).stdout
        return out.strip()

    # -- set-up --
    def set_up(self, region):
        started = time.time()
        port = self.front
        admin = login(port, "beheer", PASSWORD)
        school_csrf = csrf_of(port, admin, "/backoffice/schools/new")
        account_csrf = csrf_of(port, admin, "/admin/accounts")
        self.school_ids = [0] * region.schools

        def add_school(index):
            code = "s%04d" % index
            res = call(port, "POST", "/backoffice/schools",
                       cookies={"sb_session": admin},
                       form={"csrf": school_csrf, "code": code,
                             "name": "Basisschool %s %d" % (
                                 PART1[index % len(PART1)], index),
                             "brin": "%02d%s%s" % (
                                 index % 100,
                                 chr(65 + index // 100 % 26),
                                 chr(65 + index // 2600 % 26)),
                             # The form's defaults.
                             "las": "", "leave_share": "10",
                             "leave_count": "25", "final_years": "8",
                             "number_zeros": "keep"})
            match = re.search(r"/backoffice/schools/(\d+)",
                              res.header("Location"))
            if res.status != 303 or not match:
                raise RuntimeError("school %s not added: %d %s" % (
                    code, res.status, re.sub(r"\s+", " ", res.body)[:400]))
            self.school_ids[index] = int(match.group(1))
            res = call(port, "POST", "/admin/accounts",
                       cookies={"sb_session": admin},
                       form={"csrf": account_csrf, "login": "docent%04d" % index,
                             "display_name": "Juf %d" % index,
                             "email": "docent%04d@school.example" % index,
                             "role": "teacher", "school": str(
                                 self.school_ids[index]),
                             "grant_upload": "1"})
            if res.status != 201:
                raise RuntimeError("teacher of %s not added: %d %s" % (
                    code, res.status, re.sub(r"\s+", " ", res.body)[:400]))

        with concurrent.futures.ThreadPoolExecutor(self.args.setup_jobs) as ex:
            list(ex.map(add_school, range(region.schools)))
        web_done = time.time()

        def token(login_name):
            return json.loads(self.cli("token", "create", login_name,
                                       "--label", "region bench",
                                       json_out=True))["token"]

        with concurrent.futures.ThreadPoolExecutor(self.args.setup_jobs) as ex:
            self.teacher_tokens = list(ex.map(
                token, ["docent%04d" % i for i in range(region.schools)]))
            self.staff_tokens = list(ex.map(
                token, ["medewerker%d" % i for i in range(self.args.staff)]))
        self.result["setup_s"] = time.time() - started
        self.result["setup_web_s"] = web_done - started
        print("%s: set-up %.1f s (schools and teachers through the web %.1f s,"
              " tokens by CLI %.1f s)" % (
                  self.database, self.result["setup_s"],
                  self.result["setup_web_s"], time.time() - web_done),
              flush=True)

    # -- a school year --
    def year(self, number, files):
        port = self.front
        todo = queue.Queue()
        for index in range(len(files)):
            todo.put(index)
        uploaded = queue.Queue()
        lock = threading.Lock()
        upload_ms, import_ms, errors = [], [], []
        held = []
        done = [0]

        def error(what):
            with lock:
                errors.append(what)

        def teacher():
            while True:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                t0 = time.time()
                try:
                    res = call(port, "POST", "/api/v1/uploads",
                               token=self.teacher_tokens[index],
                               files=[("file", Region.csv(files[index]),
                                       "leerlingen %d.csv" % (2025 + number))])
                except OSError as e:
                    error("upload s%04d: %s" % (index, e))
                    continue
                with lock:
                    upload_ms.append((time.time() - t0) * 1000)
                if res.status != 201:
                    error("upload s%04d: %d %s" % (index, res.status,
                                                   res.body[:300]))
                    continue
                uploaded.put((index, res.json().get("id")))

        by_number = [{p["number"]: p for p in pupils} for pupils in files]
        decided = {"confirmed": 0, "new": 0, "movers_new": 0}
        retried = [0]

        def decide(index, plan, decisions):
            """Staff settle each conflict as they would from the preview's
            list: the pupil who changed school is the one candidate named
            (confirmed), anyone else is a new child (a namesake born the
            same day). The bench knows who moved; staff know from the
            previous school shown with the candidate. A mover with two
            candidates (a namesake born the same day elsewhere) is made new
            here: the API's plan names the previous school only for a
            single candidate. Adds to `decisions` {line: (customer_id,
            moved)}."""
            for row in plan.get("students", []):
                if row.get("kind") != "conflict":
                    continue
                pupil = by_number[index].get(row.get("student_number"), {})
                candidates = row.get("candidates") or []
                moved = bool(pupil.get("moved"))
                decisions[row["line"]] = (
                    candidates[0] if moved and len(candidates) == 1 else 0,
                    moved)

        def staff(token):
            while True:
                item = uploaded.get()
                if item is None:
                    return
                index, upload_id = item
                path = "/api/v1/uploads/%s" % upload_id
                t0 = time.time()
                decisions = {}
                res = None
                try:
                    # Preview (with every student); while it shows a
                    # conflict nobody decided (a mover, a namesake; also one
                    # that another school's import made meanwhile), decide
                    # and preview again; then import exactly that preview.
                    # A 409 "changed since the preview" (another school's
                    # import touched a pupil of this plan) is answered as
                    # staff would: start again.
                    for attempt in range(8):
                        body = {"decisions": [
                            {"line": line, "customer_id": choice[0]}
                            for line, choice in sorted(decisions.items())]}
                        preview = call(port, "POST",
                                       path + "/preview?details=1",
                                       token=token, json_body=body)
                        if preview.status != 200:
                            break
                        plan = preview.json()
                        if plan.get("counts", {}).get("conflicts"):
                            decide(index, plan, decisions)
                            continue
                        if plan.get("holds"):
                            with lock:
                                held.append((index, plan.get("holds")))
                        body["fingerprint"] = plan.get("fingerprint", "")
                        body["allow_mass_leave"] = True
                        res = call(port, "POST", path + "/import",
                                   token=token, json_body=body)
                        stale = res.status == 409 and res.json().get(
                            "error", {}).get("code") == "failed_precondition"
                        if not stale:
                            break
                        decisions = {}
                        with lock:
                            retried[0] += 1
                    if preview.status != 200:
                        error("preview s%04d (upload %s): %d %s" % (
                            index, upload_id, preview.status,
                            preview.body[:300]))
                        continue
                    if res is None:
                        error("s%04d (upload %s): conflicts still open after "
                              "8 previews" % (index, upload_id))
                        continue
                except OSError as e:
                    error("import s%04d: %s" % (index, e))
                    continue
                tally = {
                    "confirmed": sum(1 for c in decisions.values() if c[0]),
                    "new": sum(1 for c in decisions.values() if not c[0]),
                    "movers_new": sum(1 for c in decisions.values()
                                      if not c[0] and c[1])}
                with lock:
                    import_ms.append((time.time() - t0) * 1000)
                    done[0] += 1
                    if res.status == 200:
                        for key, count in tally.items():
                            decided[key] += count
                if res.status != 200:
                    error("import s%04d (upload %s): %d %s" % (
                        index, upload_id, res.status,
                        re.sub(r"\s+", " ", res.body)[:400]))
                elif res.json().get("counts", {}).get("conflicts"):
                    error("import s%04d: %s conflicts left" % (
                        index, res.json()["counts"]["conflicts"]))
                elif res.json().get("counts", {}).get("rejected_rows"):
                    error("import s%04d: %s rows rejected" % (
                        index, res.json()["counts"]["rejected_rows"]))

        sampler = MemorySampler([s.process.pid for s in self.servers])
        sampler.start()
        started = time.time()
        teachers = [threading.Thread(target=teacher)
                    for _ in range(self.args.teachers)]
        staffs = [threading.Thread(target=staff, args=(
            self.staff_tokens[i % len(self.staff_tokens)],))
            for i in range(self.args.staff)]
        for t in teachers + staffs:
            t.start()
        last = time.time()
        while any(t.is_alive() for t in teachers):
            time.sleep(0.5)
            if time.time() - last > 30:
                last = time.time()
                print("  year %d: %d of %d imported, %.0f s" % (
                    number, done[0], len(files), last - started), flush=True)
        for _ in staffs:
            uploaded.put(None)
        for t in staffs:
            t.join()
        elapsed = time.time() - started
        sampler.stop()
        key = "year%d" % number
        self.result[key] = {
            "seconds": elapsed,
            "imports": len(import_ms),
            "imports_per_s": len(import_ms) / elapsed if elapsed else 0,
            "import_p50_ms": percentile(import_ms, 50),
            "import_p99_ms": percentile(import_ms, 99),
            "upload_p50_ms": percentile(upload_ms, 50),
            "upload_p99_ms": percentile(upload_ms, 99),
            "peak_rss_mib": sampler.peak_each / 1024,
            "peak_rss_sum_mib": sampler.peak_sum / 1024,
            "db_mib": self.db_size() / 1048576,
            "errors": len(errors),
            "held": len(held),
            "conflicts_confirmed": decided["confirmed"],
            "conflicts_new": decided["new"],
            "stale_retries": retried[0],
            "movers_made_new": decided["movers_new"],
        }
        self.result["errors"] += errors[:20]
        r = self.result[key]
        print("%s year %d: %d schools in %.1f s (%.2f imports/s), preview+"
              "import p50 %.0f ms p99 %.0f ms, upload p50 %.0f ms p99 %.0f ms, "
              "peak RSS %.0f MiB (sum %.0f), database %.0f MiB, %d errors, "
              "%d held; conflicts settled: %d confirmed moves, %d new "
              "namesakes; %d imports previewed again after a 409 (changed "
              "since the preview)" % (self.database, number, r["imports"], r["seconds"],
                           r["imports_per_s"], r["import_p50_ms"],
                           r["import_p99_ms"], r["upload_p50_ms"],
                           r["upload_p99_ms"], r["peak_rss_mib"],
                           r["peak_rss_sum_mib"], r["db_mib"], r["errors"],
                           r["held"], r["conflicts_confirmed"],
                           r["conflicts_new"], r["stale_retries"]),
              flush=True)
        for e in errors[:10]:
            print("  error:", e, flush=True)

    def db_size(self):
        if self.database == "postgresql":
            return int(self.sql("SELECT pg_database_size(current_database())"))
        return sum(os.path.getsize(self.db_path + suffix)
                   for suffix in ("", "-wal", "-shm")
                   if os.path.exists(self.db_path + suffix))

    # -- consistency (read-only SQL) --
    def check(self, number, files, persons):
        started = time.time()
        results = []

        def zero(what, query):
            found = self.sql(query)
            results.append((what, found == "0", found))

        zero("a current student with more than one open school membership",
             "SELECT COUNT(*) FROM (SELECT customer_id FROM membership WHERE "
             "scope = 'school' AND ended_on IS NULL GROUP BY customer_id "
             "HAVING COUNT(*) > 1) d")
        zero("an open school membership at another school than the record's",
             "SELECT COUNT(*) FROM membership m JOIN customer c ON c.id = "
             "m.customer_id WHERE m.scope = 'school' AND m.ended_on IS NULL "
             "AND (c.school_branch_id IS NULL OR c.school_branch_id <> "
             "m.branch_id)")
        zero("a card number twice",
             "SELECT COUNT(*) FROM (SELECT card_number FROM customer WHERE "
             "card_number IS NOT NULL AND card_number <> '' GROUP BY "
             "card_number HAVING COUNT(*) > 1) d")
        zero("a student number twice at one school",
             "SELECT COUNT(*) FROM (SELECT 1 FROM customer WHERE kind = "
             "'student' AND school_branch_id IS NOT NULL GROUP BY "
             "school_branch_id, external_number_2 HAVING COUNT(*) > 1) d")
        zero("an upload not imported",
             "SELECT COUNT(*) FROM upload WHERE status <> 'imported'")
        expected = {self.school_ids[i]: len(f) for i, f in enumerate(files)}
        counted = {}
        for line in self.sql("SELECT branch_id, COUNT(*) FROM membership "
                             "WHERE scope = 'school' AND ended_on IS NULL "
                             "GROUP BY branch_id").splitlines():
            branch, count = line.split("|")
            counted[int(branch)] = int(count)
        wrong = [b for b in expected if counted.get(b, 0) != expected[b]]
        wrong += [b for b in counted if b not in expected]
        results.append(("schools whose open memberships differ from their "
                        "file's rows", not wrong, str(len(wrong))))
        students = int(self.sql("SELECT COUNT(*) FROM customer WHERE kind = "
                                "'student'"))
        results.append(("students ever = persons ever (%d, with movers made "
                        "new when two candidates; the others kept their "
                        "record)" % persons, students == persons,
                        str(students)))
        current = sum(expected.values())
        open_count = sum(counted.values())
        results.append(("open school memberships = rows of the files (%d)"
                        % current, open_count == current, str(open_count)))
        ok = all(r[1] for r in results)
        self.result["year%d" % number]["consistent"] = ok
        self.result["year%d" % number]["check_s"] = time.time() - started
        for what, good, found in results:
            print("  %s %s: %s" % ("ok  " if good else "FAIL", what, found),
                  flush=True)
            if not good:
                self.result["checks"].append("year %d: %s: %s" %
                                             (number, what, found))

    # -- point 4: the back office pages --
    def pages(self, region):
        port = self.front
        session = login(port, "medewerker0", PASSWORD)
        token = csrf_of(port, session, "/backoffice/customers")
        rng = random.Random(7)
        names = [p for school in region.year2[:50] for p in school]
        pages = [("uploads", "GET", "/backoffice/uploads", None),
                 ("imports", "GET", "/backoffice/imports", None),
                 ("audit", "GET", "/backoffice/audit", None),
                 ("outbox", "GET", "/backoffice/outbox", None),
                 ("customers (form)", "GET", "/backoffice/customers", None),
                 ("customer search", "POST", "/backoffice/customers", "q")]
        timings = {}
        for label, method, path, form in pages:
            ms, sizes, statuses = [], [], set()
            for _ in range(self.args.page_requests):
                body = None
                if form:
                    p = rng.choice(names) if names else {"last": "Zandhoek"}
                    body = {"csrf": token,
                            "q": rng.choice([p["last"], "%s %s" % (
                                p["first"], p["last"])])}
                t0 = time.time()
                res = call(port, method, path, cookies={"sb_session": session},
                           form=body)
                ms.append((time.time() - t0) * 1000)
                sizes.append(len(res.body))
                statuses.add(res.status)
            timings[label] = {"p50_ms": percentile(ms, 50),
                              "p99_ms": percentile(ms, 99),
                              "kib": sum(sizes) / len(sizes) / 1024,
                              "status": sorted(statuses)}
            print("  page %-17s p50 %7.1f ms  p99 %7.1f ms  %7.0f KiB  %s" % (
                label, timings[label]["p50_ms"], timings[label]["p99_ms"],
                timings[label]["kib"], timings[label]["status"]), flush=True)
            if statuses != {200}:
                self.result["errors"].append("page %s answered %s" %
                                             (label, sorted(statuses)))
        self.result["pages"] = timings

    def run(self, region):
        try:
            self.start()
            self.set_up(region)
            self.year(1, region.year1)
            self.check(1, region.year1, region.persons - region.newcomers)
            self.year(2, region.year2)
            self.check(2, region.year2, region.persons +
                       self.result["year2"]["movers_made_new"])
            if self.args.page_requests > 0:
                self.pages(region)
        except Exception as error:
            self.result["errors"].append("aborted: %s" % error)
            print("%s aborted: %s" % (self.database, error), flush=True)
        finally:
            self.stop()
        return self.result


def table(results, region, args):
    print()
    print("Region: %d schools, %d students in year 1, year 2: %d movers, %d "
          "leavers, %d new; %d teacher clients, %d staff clients" % (
              region.schools, sum(len(s) for s in region.year1),
              region.movers, region.leavers, region.newcomers, args.teachers,
              args.staff))
    names = [r["database"] for r in results]
    rows = [("set-up s", lambda r: "%.1f" % r.get("setup_s", float("nan")))]
    for y in (1, 2):
        k = "year%d" % y
        rows += [
            ("year %d total s" % y, lambda r, k=k: "%.1f" % r[k]["seconds"]),
            ("  imports/s", lambda r, k=k: "%.2f" % r[k]["imports_per_s"]),
            ("  preview+import p50 ms",
             lambda r, k=k: "%.0f" % r[k]["import_p50_ms"]),
            ("  preview+import p99 ms",
             lambda r, k=k: "%.0f" % r[k]["import_p99_ms"]),
            ("  upload p50 / p99 ms", lambda r, k=k: "%.0f / %.0f" % (
                r[k]["upload_p50_ms"], r[k]["upload_p99_ms"])),
            ("  peak RSS MiB (1 proc / sum)", lambda r, k=k: "%.0f / %.0f" % (
                r[k]["peak_rss_mib"], r[k]["peak_rss_sum_mib"])),
            ("  database MiB", lambda r, k=k: "%.0f" % r[k]["db_mib"]),
            ("  errors / held", lambda r, k=k: "%d / %d" % (
                r[k]["errors"], r[k]["held"])),
            ("  409 stale, previewed again", lambda r, k=k: "%d" % (
                r[k]["stale_retries"])),
            ("  conflicts: moves / new (movers)",
             lambda r, k=k: "%d / %d (%d)" % (
                 r[k]["conflicts_confirmed"], r[k]["conflicts_new"],
                 r[k]["movers_made_new"])),
            ("  consistent", lambda r, k=k: "yes" if r[k].get("consistent")
             else "NO"),
        ]
    page_names = []
    for r in results:
        for name in r.get("pages", {}):
            if name not in page_names:
                page_names.append(name)
    for name in page_names:
        rows.append(("page %s p50/p99 ms" % name,
                     lambda r, n=name: "%.0f / %.0f" % (
                         r["pages"][n]["p50_ms"], r["pages"][n]["p99_ms"])))
    width = max(len(r[0]) for r in rows) + 2
    print("%-*s" % (width, "") + "".join("%16s" % n for n in names))
    for label, fn in rows:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError):
                cells.append("—")
        print("%-*s" % (width, label) + "".join("%16s" % c for c in cells))
    for r in results:
        for e in r["errors"] + r["checks"]:
            print("%s: %s" % (r["database"], e))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--schools", type=int, default=3000)
    parser.add_argument("--students-per-school", type=int, default=330)
    parser.add_argument("--database", choices=["postgresql", "sqlite", "both"],
                        default="both")
    parser.add_argument("--teachers", type=int, default=20)
    parser.add_argument("--staff", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--setup-jobs", type=int, default=4)
    parser.add_argument("--page-requests", type=int, default=50,
                        help="requests per back office page (0: skip)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work folder (databases, logs)")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    region = Region(args.schools, args.students_per_school, args.seed)
    print("region: %d schools, %d students; year 2: %d movers, %d leavers, "
          "%d new" % (region.schools, sum(len(s) for s in region.year1),
                      region.movers, region.leavers, region.newcomers),
          flush=True)
    databases = (["postgresql", "sqlite"] if args.database == "both"
                 else [args.database])
    results = [Bench(args, database).run(region) for database in databases]
    table(results, region, args)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)
    bad = any(r["errors"] or r["checks"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
