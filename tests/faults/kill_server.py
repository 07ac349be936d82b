#!/usr/bin/python3
"""The server killed (SIGKILL) at random moments during uploads and imports.

    kill_server.py SCHOOLBIEB_BINARY [SEED]

`schoolbieb serve` on a SQLite file is killed again and again while a
teacher's upload arrives and while staff import a file, and restarted each
time. After every kill the database passes its integrity check and holds
no upload row without its whole content, no content without its row, and
the import either fully applied or not at all; the interrupted import can
be run again. The seed (default: random) is printed, so a failure can be
replayed.
"""
import math
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "support"))
from schoolbieb_http import (STAFF, TEACHER, check, clean_up, csrf,  # noqa: E402
                             hidden, login, request, Server, start_demo_server,
                             students_csv, summary, upload)

UPLOAD_ROUNDS = 10
IMPORT_ROUNDS = 8
STUDENTS = 4000
CHUNK = 1 << 20  # plain bytes per encrypted chunk (store/upload_store.h)


def consistent(db_path, what):
    """Checks what must hold after any kill; returns the connection's
    answers for the caller's own checks."""
    conn = sqlite3.connect(db_path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check(ok, "%s: integrity check" % what)
        whole = True
        for upload_id, size in conn.execute(
                "SELECT id, size_bytes FROM upload WHERE status <> 'purged'"):
            chunks = conn.execute(
                "SELECT COUNT(*) FROM upload_chunk WHERE upload_id = ?",
                (upload_id,)).fetchone()[0]
            whole = whole and chunks == max(1, math.ceil(size / CHUNK))
        orphans = conn.execute(
            "SELECT COUNT(*) FROM upload_chunk WHERE upload_id NOT IN "
            "(SELECT id FROM upload)").fetchone()[0]
        check(whole and orphans == 0,
              "%s: every upload whole, no content without its row" % what)
        # De Kievit's, the school whose imports are killed.
        kievit = "(SELECT id FROM branch WHERE code = 'de-kievit')"
        students = conn.execute(
            "SELECT COUNT(*) FROM customer WHERE kind = 'student' AND "
            "school_branch_id = " + kievit).fetchone()[0]
        members = conn.execute(
            "SELECT COUNT(*) FROM membership WHERE scope = 'school' AND "
            "ended_on IS NULL AND branch_id = " + kievit).fetchone()[0]
        applied = conn.execute(
            "SELECT COUNT(*) FROM import_run WHERE status = 'applied' AND "
            "branch_id = " + kievit).fetchone()[0]
        uploads = conn.execute("SELECT COUNT(*) FROM upload").fetchone()[0]
        return students, members, applied, uploads
    finally:
        conn.close()


def main():
    binary = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else random.randrange(1 << 30)
    print("seed %d" % seed, flush=True)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="schoolbieb-kill-")
    db_path = os.path.join(work, "schoolbieb.db")
    log = os.path.join(work, "serve.log")
    server = None
    try:
        env, server = start_demo_server(binary, work, "sqlite:" + db_path)

        # Uploads: how long one takes, then kills within that time.
        content = students_csv(40000)  # two chunks
        teacher = login(server.port, TEACHER)
        started = time.time()
        res = upload(server.port, teacher, "leerlingen.csv", content)
        took = time.time() - started
        check(res.status == 303, "an upload without a kill (%.2f s)" % took)
        accepted = 1
        for round_number in range(UPLOAD_ROUNDS):
            teacher = login(server.port, TEACHER)
            result = {}

            def send():
                try:
                    result["status"] = upload(server.port, teacher,
                                              "leerlingen.csv", content).status
                except OSError as error:
                    result["error"] = str(error)

            thread = threading.Thread(target=send)
            thread.start()
            time.sleep(rng.uniform(0, took * 1.2))
            server.kill()
            thread.join()
            if result.get("status") == 303:
                accepted += 1
            _, _, _, uploads = consistent(db_path, "upload kill %d" %
                                          round_number)
            # A kill after the commit but before the answer keeps an upload
            # the teacher was not told about; never fewer than were answered.
            check(accepted <= uploads <= round_number + 2,
                  "upload kill %d: %d kept, %d answered" %
                  (round_number, uploads, accepted))
            server = Server(binary, env, log, cwd=work)

        # Imports: how long one takes (Het Palet's), then De Kievit's file,
        # killed within that time while staff import it.
        conn = sqlite3.connect(db_path)

        def upload_as(who, first):
            # Other children at each school: the same names and birth dates
            # would be proposals to confirm (moved in), not new students.
            session = login(server.port, who)
            res = upload(server.port, session, "school.csv",
                         students_csv(STUDENTS, first=first))
            check(res.status == 303, "%s uploads the school's file" % who[0])
            return "/backoffice/uploads/%d" % conn.execute(
                "SELECT MAX(id) FROM upload").fetchone()[0]

        def import_form(staff, path):
            preview = request(server.port, "GET", path + "/preview?public=0",
                              {"sb_session": staff})
            return {"csrf": csrf(server.port, staff), "public": "0",
                    "fingerprint": hidden(preview.body, "fingerprint")}

        palet = upload_as(("docent.palet", "Palet-leesplezier-26"), 100001)
        staff = login(server.port, STAFF)
        form = import_form(staff, palet)
        started = time.time()
        res = request(server.port, "POST", palet + "/import",
                      {"sb_session": staff}, form=form)
        took = time.time() - started
        check(res.status == 303, "an import without a kill (%.2f s)" % took)
        path = upload_as(TEACHER, 1)
        conn.close()
        applied_seen = False
        for round_number in range(IMPORT_ROUNDS):
            staff = login(server.port, STAFF)
            form = import_form(staff, path)
            result = {}

            def post():
                try:
                    result["status"] = request(
                        server.port, "POST", path + "/import",
                        {"sb_session": staff}, form=form).status
                except OSError as error:
                    result["error"] = str(error)

            thread = threading.Thread(target=post)
            thread.start()
            time.sleep(rng.uniform(0, took))
            server.kill()
            thread.join()
            students, members, applied, _ = consistent(
                db_path, "import kill %d" % round_number)
            check((students, members, applied) in
                  ((0, 0, 0), (STUDENTS, STUDENTS, 1)),
                  "import kill %d: all or nothing (%d students, %d members, "
                  "%d applied)" % (round_number, students, members, applied))
            server = Server(binary, env, log, cwd=work)
            if applied:
                applied_seen = True
                break
        if not applied_seen:
            # Every import was interrupted: it runs again.
            staff = login(server.port, STAFF)
            res = request(server.port, "POST", path + "/import",
                          {"sb_session": staff},
                          form=import_form(staff, path))
            check(res.status == 303, "the interrupted import runs again (%d)"
                  % res.status)
        server.stop_cleanly()
        server = None
        students, members, applied, _ = consistent(db_path, "at the end")
        check((students, members, applied) == (STUDENTS, STUDENTS, 1),
              "the school is imported once (%d, %d, %d)" %
              (students, members, applied))
    finally:
        clean_up(server, work)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
