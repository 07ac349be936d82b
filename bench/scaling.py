#!/usr/bin/python3
"""Scaling: how time and memory grow from 1,000 to 1,000,000 rows.

For each size, the same synthetic students (bench_gen --rows N: the first N
of one fixed-seed list) are read from a CSV and from an XLSX with bench_read
(formats::ReadTable, as the portal reads an upload; limits raised past the
upload limits), and imported into an empty SQLite library with bench_import
--first-only (read, recognise, normalise, match, plan, apply, commit; its
own file of N students). Time is the median of 3 runs (bench_read's and
bench_import's own clock, without process start-up); the import of
1,000,000 runs once. `cpu s` is the median processor time (user + system)
of the whole process, start-up included: on a shared machine the wall time
also counts waiting for a core (the load average before and after is
printed too). Peak memory is the process's
maximum resident set. Prints one table, with microseconds per row.
Usage: bench/scaling.py BUILD_DIR OUT_DIR [ROWS ...]
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

build, out = sys.argv[1], sys.argv[2]
sizes = [int(n) for n in sys.argv[3:]] or [1000, 10000, 100000, 1000000]
files = os.path.join(out, "scaling")
os.makedirs(files, exist_ok=True)
gen = os.path.join(build, "bench", "bench_gen")
reader = os.path.join(build, "bench", "bench_read")
importer = os.path.join(build, "bench", "bench_import")


def load():
    return open("/proc/loadavg").read().split()[0]


def timed(cmd):
    """Runs cmd under GNU time: (stdout, peak MB, processor seconds), or None
    when it fails."""
    with tempfile.NamedTemporaryFile() as t:
        proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", t.name]
                              + cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(" ".join(cmd), "failed:", proc.stderr.strip()[-500:],
                  file=sys.stderr)
            return None
        kb, user, system = open(t.name).read().split()[-3:]
        return proc.stdout, int(kb) / 1024, float(user) + float(system)


def read_once(path):
    result = timed([reader, path])
    if result is None:
        return None
    seconds = float(re.search(r"seconds=([0-9.e-]+)", result[0]).group(1))
    return seconds, result[1], result[2]


def import_once(rows, tmp, attempt):
    work = os.path.join(files, f"import-{rows}")
    db = os.path.join(tmp, f"scaling-{rows}-{attempt}.sqlite")
    result = timed([importer, "sqlite:" + db, work, str(rows), "--first-only"])
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    if result is None:
        return None
    first = json.loads(next(line for line in result[0].splitlines()
                            if line.startswith("{")))
    return first["seconds"], result[1], result[2]


def row(measure, rows, runs):
    runs = [r for r in runs if r]
    if not runs:
        print(f"{measure:<22} {rows:>9} {'failed':>9}", flush=True)
        return
    times = [r[0] for r in runs]
    med = statistics.median(times)
    peak = max(r[1] for r in runs)
    cpu = statistics.median(r[2] for r in runs)
    print(f"{measure:<22} {rows:>9} {med:>9.3f} {min(times):>7.3f} "
          f"{max(times):>7.3f} {len(times):>5} {med / rows * 1e6:>7.2f} "
          f"{cpu:>6.2f} {peak:>8.0f}", flush=True)


print(f"load average before: {load()}")
print(f"{'measure':<22} {'rows':>9} {'median s':>9} {'min s':>7} {'max s':>7} "
      f"{'runs':>5} {'us/row':>7} {'cpu s':>6} {'peak MB':>8}")
with tempfile.TemporaryDirectory() as tmp:
    for rows in sizes:
        csv = os.path.join(files, f"students-{rows}.csv")
        xlsx = os.path.join(files, f"students-{rows}.xlsx")
        if not (os.path.exists(csv) and os.path.exists(xlsx)):
            subprocess.run([gen, "--rows", str(rows), files], check=True)
        row("read CSV", rows, [read_once(csv) for _ in range(3)])
        row("read XLSX", rows, [read_once(xlsx) for _ in range(3)])
        attempts = 1 if rows >= 1000000 else 3
        row("first import SQLite", rows,
            [import_once(rows, tmp, a) for a in range(attempts)])
print(f"load average after: {load()}")
