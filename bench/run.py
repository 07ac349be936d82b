#!/usr/bin/python3
"""The read benchmark: the same synthetic files read by schoolbieb and by the
tools a library would otherwise use, side by side, in one run.

For each file and tool: median of 5 runs (1 run when a tool needs more than
30 s), min, max and peak memory (GNU time's maximum resident set), and each
peer's time as a multiple of schoolbieb's. Usage: bench/run.py BUILD_DIR OUT_DIR
"""
import os
import statistics
import subprocess
import sys
import tempfile

build, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(out, exist_ok=True)

def path(name):
    return os.path.join(out, name)

if not os.path.exists(path("students-1m.csv")):
    subprocess.run([os.path.join(build, "bench", "bench_gen"), out], check=True)
if not os.path.exists(path("students-60k.xls")):
    subprocess.run(["/usr/bin/python3", os.path.join(here, "make_xls.py"),
                    path("students-100k.csv"), path("students-60k.xls"), "60000"], check=True)

reader = os.path.join(build, "bench", "bench_read")
peers_py = ["/usr/bin/python3", os.path.join(here, "peers.py")]
sheetjs = ["node", "--max-old-space-size=8192", os.path.join(here, "sheetjs.js")]

def tools_for(name):
    f = path(name)
    tools = [("schoolbieb", [reader, f])]
    if name.endswith(".csv"):
        tools += [("pandas", peers_py + ["pandas", f])]
        if "1m" not in name:
            tools += [("SheetJS", sheetjs + [f])]
        tools += [("cat (floor)", ["sh", "-c", 'cat "$0" > /dev/null', f])]
    elif name.endswith(".xlsx"):
        tools += [("openpyxl read-only", peers_py + ["openpyxl", f]),
                  ("pandas", peers_py + ["pandas", f]),
                  ("SheetJS", sheetjs + [f]),
                  ("unzip -p (floor)", ["sh", "-c", 'unzip -p "$0" > /dev/null', f])]
    elif name.endswith(".ods"):
        tools += [("pandas (odf)", peers_py + ["pandas", f]),
                  ("SheetJS", sheetjs + [f]),
                  ("unzip -p (floor)", ["sh", "-c", 'unzip -p "$0" content.xml > /dev/null', f])]
    elif name.endswith(".xls"):
        tools += [("xlrd", peers_py + ["xlrd", f]),
                  ("SheetJS", sheetjs + [f]),
                  ("cat (floor)", ["sh", "-c", 'cat "$0" > /dev/null', f])]
    return tools

def measure(cmd):
    with tempfile.NamedTemporaryFile() as t:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            return None
        seconds, kb = open(t.name).read().split()[-2:]
        return float(seconds), int(kb) / 1024

TARGETS = {"students-100k.csv": 0.2, "students-100k-cp1252.csv": 0.2,
           "students-100k.xlsx": 0.6, "students-100k.ods": 1.5, "students-60k.xls": 0.3,
           "students-1m.csv": 2.0}
files = ["students-100k.csv", "students-100k-cp1252.csv", "students-100k.xlsx",
         "students-100k.ods", "students-60k.xls", "students-1m.csv"]
print(f"{'file':<26} {'tool':<20} {'median s':>9} {'min s':>7} {'max s':>7} "
      f"{'peak MB':>8} {'peer/schoolbieb':>16}")
for name in files:
    ours = None
    for tool, cmd in tools_for(name):
        runs = []
        for i in range(5):
            m = measure(cmd)
            if m is None:
                break
            runs.append(m)
            if m[0] > 30:
                break
        if not runs:
            print(f"{name:<26} {tool:<20} {'failed':>9}")
            continue
        times = [r[0] for r in runs]
        med = statistics.median(times)
        peak = max(r[1] for r in runs)
        if tool == "schoolbieb":
            ours = med
            target = TARGETS.get(name)
            ratio = f"target {target}s {'met' if med <= target else 'NOT met'}"
        else:
            ratio = f"{med / max(ours, 0.005):.1f}x" if ours else "-"
        print(f"{name:<26} {tool:<20} {med:>9.3f} {min(times):>7.3f} {max(times):>7.3f} "
              f"{peak:>8.0f} {ratio:>16}", flush=True)
