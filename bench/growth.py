#!/usr/bin/python3
"""Growth: what one 300-student school's preview and import cost as its
library grows from 0 to 1,000,000 students, on SQLite and on PostgreSQL,
side by side (bench_growth; issue 20).

For each database one bench_growth run fills one library step by step
(filler schools of 10,000, imported as staff would) and at each size
measures five new schools: the preview and import of the first file, then
of the next school year. Times are milliseconds, the median of the five; `x0`
is the next year's preview and import against the empty library's, the
goal being at most 1.5 at 1,000,000; the goal for a 300-student preview on
SQLite is under 100 ms. `read` is the customer rows that preview read.
PostgreSQL is the tests' server (tests/support/postgres.sh: fsync off).
Usage: bench/growth.py BUILD_DIR [SIZE ...]
"""
import json
import os
import subprocess
import sys
import tempfile

build = sys.argv[1]
sizes = sys.argv[2:] or ["0", "10000", "100000", "1000000"]
here = os.path.dirname(os.path.abspath(__file__))
postgres_sh = os.path.join(os.path.dirname(here), "tests", "support",
                           "postgres.sh")
tool = os.path.join(build, "bench", "bench_growth")
COLUMNS = ["preview_first_ms", "apply_first_ms", "preview_next_ms",
           "apply_next_ms"]


def run(url):
    proc = subprocess.run([tool, url] + sizes, capture_output=True, text=True)
    if proc.returncode != 0:
        print(url.split(":")[0], "failed:", proc.stderr.strip()[-500:],
              file=sys.stderr)
        return None
    return [json.loads(line) for line in proc.stdout.splitlines()
            if line.startswith("{")]


def on_postgres(tmp):
    state = os.path.join(tmp, "pg")
    started = subprocess.run([postgres_sh, "start", state],
                             capture_output=True, text=True)
    if started.returncode != 0:
        print("PostgreSQL could not be started:", started.stderr,
              file=sys.stderr)
        return None
    try:
        server = open(os.path.join(state, "url")).read().strip()
        subprocess.run(["psql", "-q", server, "-c", "CREATE DATABASE growth"],
                       check=True, capture_output=True)
        return run(server.rsplit("/", 1)[0] + "/growth")
    finally:
        subprocess.run([postgres_sh, "stop", state], capture_output=True)


def ratio(rows, row):
    base = rows[0]["preview_next_ms"] + rows[0]["apply_next_ms"]
    return (row["preview_next_ms"] + row["apply_next_ms"]) / base


with tempfile.TemporaryDirectory() as tmp:
    results = {"sqlite": run("sqlite:" + os.path.join(tmp, "growth.sqlite")),
               "postgresql": on_postgres(tmp)}

print("one school of 300: preview and import in ms as the library grows")
print(f"{'database':<11} {'library':>9} {'preview 1':>10} {'import 1':>9} "
      f"{'preview 2':>10} {'import 2':>9} {'x0':>5} {'read':>6} {'fill s':>7}")
for database, rows in results.items():
    if not rows:
        print(f"{database:<11} failed")
        continue
    for row in rows:
        cells = " ".join(f"{row[c]:>{10 if 'preview' in c else 9}.1f}"
                         for c in COLUMNS)
        print(f"{database:<11} {row['students']:>9,} {cells} "
              f"{ratio(rows, row):>5.2f} {row['customers_read']:>6} "
              f"{row['fill_seconds']:>7.1f}")
    last = rows[-1]
    verdicts = [f"x{ratio(rows, last):.2f} at {last['students']:,} "
                f"({'met' if ratio(rows, last) <= 1.5 else 'NOT met'}: 1.5)"]
    if database == "sqlite":
        worst = max(r["preview_next_ms"] for r in rows)
        verdicts.append(f"slowest preview {worst:.0f} ms "
                        f"({'met' if worst < 100 else 'NOT met'}: 100 ms)")
    print(f"{database:<11} goals: " + "; ".join(verdicts), flush=True)
