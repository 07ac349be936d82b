#!/usr/bin/python3
"""PostgreSQL restarted in the middle of an import.

    pg_restart.py SCHOOLBIEB_BINARY

Starts a PostgreSQL server of its own (tests/support/postgres.sh; the
shared test server must not be restarted under the other tests), serves
the portal on it, and restarts PostgreSQL while staff import a school's
file. Shows that
  - the import fails cleanly: a 503 that says the connection to the
    database was lost and to try again, and nothing of it is written;
  - the server reconnects by itself: the next page works without a restart
    of schoolbieb;
  - the retried import succeeds, once: every student once, one applied run.
"""
import os
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SUPPORT = os.path.join(HERE, "..", "support")
sys.path.insert(0, SUPPORT)
from schoolbieb_http import (STAFF, TEACHER, check, clean_up, csrf,  # noqa: E402
                             hidden, login, postgres, request, scalar,
                             start_demo_server, students_csv, summary, upload)

STUDENTS = 30000


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="schoolbieb-pgrestart-")
    state = os.path.join(work, "pg")
    server = None
    postgres("start", state)
    try:
        db_url = open(os.path.join(state, "url")).read().strip()
        _, server = start_demo_server(binary, work, db_url)
        port = server.port
        teacher = login(port, TEACHER)
        res = upload(port, teacher, "leerlingen.csv", students_csv(STUDENTS))
        check(res.status == 303, "the school's file is uploaded (%d)" %
              res.status)
        upload_id = int(scalar(db_url, "SELECT MAX(id) FROM upload"))
        path = "/backoffice/uploads/%d" % upload_id
        staff = login(port, STAFF)

        def import_form():
            preview = request(port, "GET", path + "/preview?public=0",
                              {"sb_session": staff})
            return {"csrf": csrf(port, staff), "public": "0",
                    "fingerprint": hidden(preview.body, "fingerprint")}

        form = import_form()
        result = {}

        def post():
            result["res"] = request(port, "POST", path + "/import",
                                    {"sb_session": staff}, form=form)

        thread = threading.Thread(target=post)
        thread.start()
        # Restart once the import is writing: its transaction holds the
        # school's advisory lock.
        deadline = time.time() + 60
        while time.time() < deadline and thread.is_alive():
            locks = scalar(db_url, "SELECT COUNT(*) FROM pg_locks WHERE "
                           "locktype = 'advisory'")
            if locks != "0":
                break
            time.sleep(0.02)
        check(thread.is_alive(), "PostgreSQL restarts during the import")
        postgres("restart", state)
        thread.join()
        res = result["res"]
        check(res.status == 503, "the import fails cleanly: 503 (%d)" %
              res.status)
        check("verbinding met de database is verbroken" in res.body,
              "…saying the connection was lost and to try again")
        check(scalar(db_url, "SELECT COUNT(*) FROM customer WHERE kind = "
                     "'student'") == "0", "…and nothing of it is written")
        check(scalar(db_url, "SELECT COUNT(*) FROM import_run WHERE status = "
                     "'applied'") == "0", "…no applied run")

        page = request(port, "GET", "/backoffice/uploads",
                       {"sb_session": staff})
        check(page.status == 200, "the next page works: the server "
              "reconnected by itself (%d)" % page.status)
        res = request(port, "POST", path + "/import", {"sb_session": staff},
                      form=import_form())
        check(res.status == 303, "the retried import succeeds (%d)" %
              res.status)
        check(scalar(db_url, "SELECT COUNT(*) FROM customer WHERE kind = "
                     "'student'") == str(STUDENTS), "every student once")
        check(scalar(db_url, "SELECT COUNT(*) FROM (SELECT external_number_2 "
                     "FROM customer WHERE kind = 'student' GROUP BY "
                     "external_number_2 HAVING COUNT(*) > 1) d") == "0",
              "no duplicates")
        check(scalar(db_url, "SELECT COUNT(*) FROM import_run WHERE status = "
                     "'applied'") == "1", "one applied run")
        server.stop_cleanly()
        server = None
    finally:
        clean_up(server, work, pg_state=state)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
