#!/usr/bin/python3
"""The disk filling up during an upload.

    disk_full.py SCHOOLBIEB_BINARY

`schoolbieb serve` runs on SQLite with a file-size limit (RLIMIT_FSIZE, the
signal SIGXFSZ ignored): every write beyond the limit fails as on a full
disk, for the spooled upload and for the database alike. A real write
failure of the kernel, injected without root or a tmpfs. Shows that
  - a file larger than the room left is refused while it arrives, with a
    message that says the server's disk is full and what to do;
  - a file that fits the spool but not the database is refused when it is
    stored, with the same kind of message, and nothing of it is kept;
  - the server keeps working: a small upload afterwards is accepted;
  - the database passes its integrity check and holds exactly that one
    upload, whole.
"""
import os
import resource
import signal
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "support"))
from schoolbieb_http import (TEACHER, check, clean_up, login,  # noqa: E402
                             start_demo_server, students_csv, summary, upload)

LIMIT = 3 << 20  # bytes any one file of the server may reach


def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="schoolbieb-diskfull-")
    db_path = os.path.join(work, "schoolbieb.db")
    server = None
    try:
        _, server = start_demo_server(binary, work, "sqlite:" + db_path,
                                      preexec_fn=limited)
        port = server.port
        teacher = login(port, TEACHER)
        check(teacher != "", "the teacher logs in")

        # Larger than any file may grow: the spool refuses it.
        too_big = students_csv(90000)
        assert len(too_big) > LIMIT
        res = upload(port, teacher, "leerlingen groot.csv", too_big)
        check(res.status == 507, "a file beyond the room left: 507 (%d)" %
              res.status)
        check("schijf van de server is vol" in res.body,
              "…saying the server's disk is full")
        check("Probeer het later opnieuw" in res.body, "…and what to do")

        # Fits the spool, not the database (stored encrypted, as base64,
        # through the write-ahead log).
        fits_spool = students_csv(55000)
        assert len(fits_spool) < LIMIT < len(fits_spool) * 4 // 3
        res = upload(port, teacher, "leerlingen.csv", fits_spool)
        check(res.status == 503, "a file the database cannot hold: 503 (%d)"
              % res.status)
        check("niets bewaard" in res.body, "…saying nothing was kept")

        small = students_csv(20)
        res = upload(port, teacher, "leerlingen klein.csv", small)
        check(res.status == 303, "a small file afterwards is accepted (%d)" %
              res.status)
        server.stop_cleanly()
        server = None

        conn = sqlite3.connect(db_path)
        check(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
              "the database passes its integrity check")
        rows = conn.execute("SELECT id, original_name, size_bytes FROM "
                            "upload").fetchall()
        check([r[1] for r in rows] == ["leerlingen klein.csv"],
              "only the small upload is kept: %s" % [r[1] for r in rows])
        for upload_id, _, size in rows:
            chunks = conn.execute("SELECT COUNT(*) FROM upload_chunk WHERE "
                                  "upload_id = ?", (upload_id,)).fetchone()[0]
            check(size == len(small) and chunks == 1,
                  "…whole (%d bytes in %d chunk)" % (size, chunks))
        orphans = conn.execute("SELECT COUNT(*) FROM upload_chunk WHERE "
                               "upload_id NOT IN (SELECT id FROM upload)"
                               ).fetchone()[0]
        check(orphans == 0, "no content without its upload")
        conn.close()
        spooled = os.listdir(os.path.join(work, "var", "spool")) \
            if os.path.isdir(os.path.join(work, "var", "spool")) else []
        check(spooled == [], "no spool file left behind: %s" % spooled)
    finally:
        clean_up(server, work)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
