#!/usr/bin/python3
"""The portal under load, on loopback: the release build's `schoolbieb serve`
on a fresh SQLite database with the demo library, measured with wrk (the
login page, and the upload page with a teacher's session, both over
keep-alive) and with a small upload client: 50 teachers each sending a
1 MB student file at the same moment, every one read, recognised, stored
encrypted and announced to the library.

Prints one table: requests per second, p50 and p99 latency, errors, and the
server's peak memory (VmHWM), each against its target.
Usage: bench/portal.py BUILD_DIR
"""
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

build = sys.argv[1]
binary = os.path.abspath(os.path.join(build, "schoolbieb"))
DURATION = "10s"
UPLOADERS = 50


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def student_file(size):
    """A synthetic Wise-template CSV of about `size` bytes (never real people)."""
    rows = ["LEERLINGNUMMER;ROEPNAAM;VOORLETTERS;NAAMTUS;NAAM;GEBOORTEDATUM;"
            "GROEP;GROEPSNAAM;JAARGROEP"]
    first = ["Anna", "Bram", "Cas", "Daan", "Eva", "Fenna", "Gijs", "Hugo"]
    last = ["Proef", "Voorbeeld", "Steekproef", "Testbeek", "Monster"]
    i = 0
    total = len(rows[0])
    while total < size:
        year = 1 + i % 8
        row = (f"{100000 + i};{first[i % 8]};{first[i % 8][0]}.;;"
               f"{last[i % 5]}{i // 40};{2010 + year}-0{1 + i % 9}-1{i % 9};"
               f"{year}A;Groep {year}a;{year}")
        rows.append(row)
        total += len(row) + 1
        i += 1
    return ("\n".join(rows) + "\n").encode()


class Server:
    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        db = "sqlite:" + os.path.join(folder, "s.db")
        subprocess.run([binary, "--db", db, "demo"], cwd=folder, check=True,
                       capture_output=True)
        self.log = open(os.path.join(folder, "serve.log"), "w")
        self.proc = subprocess.Popen(
            [binary, "--db", db, "serve", "--listen", f"127.0.0.1:{self.port}"],
            cwd=folder, stdout=self.log, stderr=self.log)
        for _ in range(100):
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not start; see " + self.log.name)

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        data = res.read()
        result = (res.status, res.getheaders(), data)
        conn.close()
        return result

    def login(self, name, password):
        status, headers, body = self.request("GET", "/login")
        pre = next(v.split(";")[0].split("=", 1)[1] for k, v in headers
                   if k == "Set-Cookie" and v.startswith("sb_login="))
        form = urllib.parse.urlencode({"csrf": pre, "login": name,
                                       "password": password})
        status, headers, _ = self.request(
            "POST", "/login", form,
            {"Cookie": "sb_login=" + pre,
             "Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise RuntimeError(f"login failed: {status}")
        return next(v.split(";")[0].split("=", 1)[1] for k, v in headers
                    if k == "Set-Cookie" and v.startswith("sb_session="))

    def csrf(self, session):
        _, _, body = self.request("GET", "/upload",
                                  headers={"Cookie": "sb_session=" + session})
        return re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()

    def peak_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def to_ms(text):
    value = float(re.match(r"[\d.]+", text).group(0))
    if text.endswith("us"):
        return value / 1000
    if text.endswith("ms"):
        return value
    if text.endswith("s"):
        return value * 1000
    return value


def wrk(url, cookie=None):
    command = ["wrk", "-t2", "-c50", "-d" + DURATION, "--latency", url]
    if cookie:
        command[1:1] = ["-H", "Cookie: " + cookie]
    out = subprocess.run(command, capture_output=True, text=True,
                         check=True).stdout
    try:
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    except (AttributeError, ValueError):
        sys.exit("wrk's output was not understood:\n" + out)
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                      r"timeout (\d+)", out)
    if match:
        errors += sum(int(g) for g in match.groups())
    return rate, p50, p99, errors


def uploads(server, content):
    """50 teachers' sessions, each sending `content` at the same moment."""
    sessions = [server.login("docent.kievit", "Kievit-leesplezier-26")
                for _ in range(UPLOADERS)]
    tokens = [server.csrf(s) for s in sessions]
    boundary = "----schoolbiebbench"
    start_gate = threading.Barrier(UPLOADERS)
    times, errors = [], []

    def one(i):
        body = (f"--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"csrf\"\r\n\r\n{tokens[i]}\r\n--{boundary}\r\n"
                f"Content-Disposition: form-data; name=\"file\"; "
                f"filename=\"leerlingen-{i}.csv\"\r\nContent-Type: text/csv"
                f"\r\n\r\n").encode() + content + \
            f"\r\n--{boundary}--\r\n".encode()
        headers = {"Cookie": "sb_session=" + sessions[i],
                   "Content-Type": "multipart/form-data; boundary=" + boundary}
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        start_gate.wait()
        began = time.monotonic()
        try:
            conn.request("POST", "/upload", body=body, headers=headers)
            res = conn.getresponse()
            res.read()
            if res.status != 303:
                errors.append(res.status)
        except OSError as error:
            errors.append(str(error))
        times.append((time.monotonic() - began) * 1000)
        conn.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(UPLOADERS)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * len(times))) - 1)]
    return UPLOADERS / wall, statistics.median(times), p99, len(errors)


def main():
    with tempfile.TemporaryDirectory(prefix="schoolbieb-portal-") as folder:
        server = Server(folder)
        try:
            rows = []
            rate, p50, p99, errors = wrk(f"http://127.0.0.1:{server.port}/login")
            rows.append(("login page (wrk, 50 conn)", rate, p50, p99, errors,
                         "≥ 10000/s, no errors", rate >= 10000 and errors == 0))
            session = server.login("docent.kievit", "Kievit-leesplezier-26")
            rate, p50, p99, errors = wrk(
                f"http://127.0.0.1:{server.port}/upload",
                "sb_session=" + session)
            rows.append(("upload page, signed in (wrk)", rate, p50, p99,
                         errors, "no errors", errors == 0))
            content = student_file(1 << 20)
            rate, p50, p99, errors = uploads(server, content)
            rows.append((f"{UPLOADERS} uploads of 1 MB at once", rate, p50, p99,
                         errors, "p99 < 1 s, no errors",
                         p99 < 1000 and errors == 0))
            peak = server.peak_mb()
        finally:
            server.stop()
    print(f"{'measure':32} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6}  target")
    for name, rate, p50, p99, errors, target, met in rows:
        print(f"{name:32} {rate:9.0f} {p50:8.1f} {p99:8.1f} {errors:6}  "
              f"{target} — {'met' if met else 'NOT met'}")
    print(f"{'server peak memory (VmHWM)':32} {peak:9.0f} MB"
          f"{'':19}  < 200 MB — {'met' if peak < 200 else 'NOT met'}")


main()
