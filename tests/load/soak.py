#!/usr/bin/python3
"""Mixed load on loopback for a while: teachers uploading, staff previewing
and importing, people viewing pages — then the server's memory and the
database are checked.

    soak.py SCHOOLBIEB_BINARY [--minutes N] [--check-memory]

`make soak` runs 15 minutes on the release build with --check-memory;
`make test` runs one minute (CTest load.soak) under the sanitizers, where
memory is only reported (AddressSanitizer's quarantine grows by design).
Starts a PostgreSQL server of its own (tests/support/postgres.sh) and
`schoolbieb serve`, stops both by PID. Fails when
  - any request gets a 5xx or a broken connection (a 409 for a second
    import of the same school, or a preview gone stale, is an answer, not
    an error);
  - with --check-memory: the server's resident memory in the last third of
    the run is more than 25 % above the middle third's peak;
  - afterwards: a student twice at one school, a school membership without
    its student, an applied import whose upload is not marked imported, or
    an upload without its content.
"""
import argparse
import os
import random
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.join(HERE, "..", "support")
sys.path.insert(0, SUPPORT)
from schoolbieb_http import (STAFF, check, clean_up, csrf, hidden,  # noqa: E402
                             login, postgres, request, scalar,
                             start_demo_server, students_csv, summary, upload)

TEACHERS = [("docent.kievit", "Kievit-leesplezier-26"),
            ("docent.palet", "Palet-leesplezier-26"),
            ("docent.college", "College-leesplezier-26")]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.errors = []

    def add(self, what, status):
        with self.lock:
            key = "%s %s" % (what, status)
            self.counts[key] = self.counts.get(key, 0) + 1
            if not isinstance(status, int) or status >= 500:
                if len(self.errors) < 20:
                    self.errors.append(key)

    def call(self, what, fn, *args, **kwargs):
        try:
            res = fn(*args, **kwargs)
        except OSError as error:
            self.add(what, "connection: %s" % error)
            return None
        self.add(what, res.status)
        return res


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--check-memory", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="schoolbieb-soak-")
    state = os.path.join(work, "pg")
    postgres("start", state)
    server = None
    tally = Tally()
    try:
        db_url = open(os.path.join(state, "url")).read().strip()
        _, server = start_demo_server(binary, work, db_url)
        port = server.port
        stop_at = time.time() + args.minutes * 60
        samples = []

        def teacher(index):
            rng = random.Random(index)
            who = TEACHERS[index % len(TEACHERS)]
            session = login(port, who)
            year = 0
            while time.time() < stop_at:
                year += 1
                size = rng.randint(100, 1500)
                tally.call("upload", upload, port, session,
                           "leerlingen %d.csv" % year,
                           students_csv(size, first=1 + year * 50))
                tally.call("my uploads", request, port, "GET", "/uploads",
                           {"sb_session": session})
                time.sleep(rng.uniform(0.5, 2.0))

        def staff(index):
            rng = random.Random(100 + index)
            session = login(port, STAFF)
            while time.time() < stop_at:
                tally.call("uploads", request, port, "GET",
                           "/backoffice/uploads", {"sb_session": session})
                newest = scalar(db_url, "SELECT id FROM upload WHERE status "
                                "IN ('received', 'in_progress') ORDER BY "
                                "random() LIMIT 1")
                if newest:
                    path = "/backoffice/uploads/%s" % newest
                    preview = tally.call("preview", request, port, "GET",
                                         path + "/preview?public=0",
                                         {"sb_session": session})
                    if preview is not None and preview.status == 200:
                        tally.call("import", request, port, "POST",
                                   path + "/import", {"sb_session": session},
                                   form={"csrf": csrf(port, session),
                                         "public": "0",
                                         "allow_mass_leave": "1",
                                         "fingerprint": hidden(
                                             preview.body, "fingerprint")})
                time.sleep(rng.uniform(0.2, 1.0))

        def viewer(index):
            rng = random.Random(200 + index)
            session = login(port, STAFF)
            pages = ["/login", "/", "/backoffice/imports",
                     "/backoffice/customers", "/backoffice/audit",
                     "/manuals", "/static/style.css"]
            while time.time() < stop_at:
                page = rng.choice(pages)
                tally.call("page", request, port, "GET", page,
                           {"sb_session": session})
                time.sleep(rng.uniform(0.01, 0.1))

        threads = ([threading.Thread(target=teacher, args=(i,))
                    for i in range(4)] +
                   [threading.Thread(target=staff, args=(i,))
                    for i in range(2)] +
                   [threading.Thread(target=viewer, args=(i,))
                    for i in range(4)])
        for t in threads:
            t.start()
        while time.time() < stop_at:
            samples.append(rss_kib(server.process.pid))
            time.sleep(2)
        for t in threads:
            t.join()

        print("requests: " + ", ".join(
            "%s: %d" % kv for kv in sorted(tally.counts.items())))
        check(not tally.errors, "no 5xx or broken connection: %s" %
              tally.errors)
        imports = sum(v for k, v in tally.counts.items()
                      if k.startswith("import 303"))
        check(imports > 0, "imports were applied under load (%d)" % imports)
        third = max(1, len(samples) // 3)
        middle = max(samples[third:2 * third] or samples)
        last = max(samples[2 * third:] or samples)
        print("server memory (VmRSS): start %d MiB, middle third peak %d MiB, "
              "last third peak %d MiB" % (samples[0] // 1024, middle // 1024,
                                          last // 1024))
        if args.check_memory:
            check(last <= middle * 1.25, "memory stays flat")

        for what, sql in [
            ("no student twice at one school",
             "SELECT COUNT(*) FROM (SELECT 1 FROM customer WHERE kind = "
             "'student' GROUP BY school_branch_id, external_number_2 HAVING "
             "COUNT(*) > 1) d"),
            ("no school membership without its student",
             "SELECT COUNT(*) FROM membership m WHERE NOT EXISTS (SELECT 1 "
             "FROM customer c WHERE c.id = m.customer_id)"),
            ("every applied import's upload is imported",
             "SELECT COUNT(*) FROM import_run r JOIN upload u ON u.id = "
             "r.upload_id WHERE r.status = 'applied' AND u.status <> "
             "'imported' AND r.id = (SELECT MAX(id) FROM import_run WHERE "
             "upload_id = u.id)"),
            ("no upload without its content",
             "SELECT COUNT(*) FROM upload u WHERE status <> 'purged' AND NOT "
             "EXISTS (SELECT 1 FROM upload_chunk c WHERE c.upload_id = u.id)"),
            ("at most one current school membership per student and school",
             "SELECT COUNT(*) FROM (SELECT 1 FROM membership WHERE ended_on "
             "IS NULL GROUP BY customer_id, scope, branch_id HAVING COUNT(*) "
             "> 1) d"),
        ]:
            found = scalar(db_url, sql)
            check(found == "0", "%s (%s found)" % (what, found))
        server.stop_cleanly()
        server = None
    finally:
        clean_up(server, work, pg_state=state)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
