#!/usr/bin/python3
"""The import benchmark: a 100,000-student school imported end to end (read,
recognise, normalise, match, plan, apply, commit) into an empty library,
then the next school year against that state, on SQLite and on PostgreSQL.

Each database gets 3 fresh runs; the table shows the median, min and max of
each import's wall time, the median processor time of the importing process
(not the database server's; on a shared machine the wall time also counts
waiting for a core), peak memory of the whole process (both imports), and
the target. PostgreSQL is the tests' server (tests/support/postgres.sh:
fsync off, so its numbers are a lower bound for a durable server).
Usage: bench/import.py BUILD_DIR OUT_DIR
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

build, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
tool = os.path.join(build, "bench", "bench_import")
files = os.path.join(out, "import")
os.makedirs(files, exist_ok=True)
TARGETS = {("sqlite", "first"): 2.0, ("sqlite", "next"): 3.0,
           ("postgresql", "first"): 5.0}


def run(url):
    proc = subprocess.run([tool, url, files, "100000"], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return None
    return [json.loads(line) for line in proc.stdout.splitlines()
            if line.startswith("{")]


def psql(url, sql):
    subprocess.run(["psql", "-q", url, "-c", sql], check=True,
                   capture_output=True)


results = {}
with tempfile.TemporaryDirectory() as tmp:
    for attempt in range(3):
        db = os.path.join(tmp, f"run{attempt}.sqlite")
        results.setdefault("sqlite", []).append(run("sqlite:" + db))
    state = os.path.join(tmp, "pg")
    started = subprocess.run([os.path.join(root, "tests", "support",
                                           "postgres.sh"), "start", state],
                             capture_output=True, text=True)
    if started.returncode == 0:
        try:
            server = open(os.path.join(state, "url")).read().strip()
            for attempt in range(3):
                psql(server, f"CREATE DATABASE bench{attempt}")
                url = server.rsplit("/", 1)[0] + f"/bench{attempt}"
                results.setdefault("postgresql", []).append(run(url))
        finally:
            subprocess.run([os.path.join(root, "tests", "support",
                                         "postgres.sh"), "stop", state])
    else:
        print("PostgreSQL could not be started:", started.stderr,
              file=sys.stderr)

print(f"{'database':<11} {'import':<7} {'median s':>9} {'min s':>7} "
      f"{'max s':>7} {'cpu s':>6} {'peak MB':>8}  target")
for database, runs in results.items():
    runs = [r for r in runs if r]
    if not runs:
        print(f"{database:<11} failed")
        continue
    for index, name in enumerate(["first", "next"]):
        times = [r[index]["seconds"] for r in runs]
        cpu = statistics.median(r[index].get("cpu_seconds", 0) for r in runs)
        peak = max(r[-1]["peak_rss_mb"] for r in runs)
        med = statistics.median(times)
        target = TARGETS.get((database, name))
        verdict = (f"{target}s {'met' if med <= target else 'NOT met'}"
                   if target else "-")
        print(f"{database:<11} {name:<7} {med:>9.2f} {min(times):>7.2f} "
              f"{max(times):>7.2f} {cpu:>6.2f} {peak:>8.0f}  {verdict}",
              flush=True)
