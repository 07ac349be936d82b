#!/usr/bin/python3
"""reader_suites.py SUITES_DIR [--dump PATH] [--json REPORT] [--limit N]

Reads every .xls/.xlsx/.xlsm/.ods/.csv under SUITES_DIR with our readers
(bench/dump_table, which calls formats::ReadTable as the portal does) and
with a reference reader from Debian's packages: xlrd for .xls, openpyxl for
.xlsx/.xlsm, odfpy for .ods, Python's csv module for .csv (in the encoding
and with the delimiter our reader chose, so only the cells are compared).
Prints, per file, whether the cells match, what differs, and every refusal
with its message; at the end the match rate.

The suites are the test files of other readers (Apache POI, ExcelDataReader,
PhpSpreadsheet, SheetJS test_files, calamine, roo, xlrd), fetched outside
this repository: see docs/readers.md for how. No third-party file is kept
in the project.

Needs: python3-openpyxl python3-xlrd python3-odf (scripts/install-deps
--bench installs them).
"""
import argparse
import csv
import datetime
import io
import json
import math
import os
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")

EXTENSIONS = (".xls", ".xlsx", ".xlsm", ".ods", ".csv")
MAX_REFERENCE_CELLS = 2_000_000


# --- our reader -------------------------------------------------------------

def dump_ours(dump, paths):
    """{path: dump dict} for every path, one process per batch."""
    out = {}
    batch = 40
    for start in range(0, len(paths), batch):
        chunk = paths[start:start + batch]
        try:
            result = subprocess.run([dump] + chunk, capture_output=True,
                                    timeout=600, check=False)
            lines = result.stdout.decode("utf-8", "replace").splitlines()
        except subprocess.TimeoutExpired:
            lines = []
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            out[item["file"]] = item
        for path in chunk:  # a crash or a timeout: the file on its own
            if path in out:
                continue
            try:
                result = subprocess.run([dump, path], capture_output=True,
                                        timeout=120, check=False)
                line = result.stdout.decode("utf-8", "replace").strip()
                out[path] = json.loads(line) if line else {
                    "file": path, "crash": result.returncode}
            except subprocess.TimeoutExpired:
                out[path] = {"file": path, "crash": "timeout"}
    return out


# --- reference readers ------------------------------------------------------

def ref_xls(path):
    import xlrd
    book = xlrd.open_workbook(path, formatting_info=False, on_demand=True)
    sheets = {}
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        cells = {}
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                t = cell.ctype
                if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                if t == xlrd.XL_CELL_TEXT:
                    value = cell.value
                elif t == xlrd.XL_CELL_NUMBER:
                    value = float(cell.value)
                elif t == xlrd.XL_CELL_DATE:
                    # xldate_as_tuple refuses serials before 61 (Excel's
                    # fictitious 1900-02-29); xldate_as_datetime does not.
                    try:
                        when = xlrd.xldate.xldate_as_datetime(cell.value,
                                                              book.datemode)
                        value = when.time() if 0 <= cell.value < 1 else when
                    except Exception:  # out of range: a number
                        value = float(cell.value)
                elif t == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif t == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(cell.value, "#N/A")
                else:
                    continue
                cells[(r + 1, c + 1)] = value
        sheets[sheet.name] = cells
    return sheets


def ref_xlsx(path):
    import openpyxl
    # read_only mode trusts the <dimension> element and misses cells
    # outside it; the full mode is used where memory allows.
    small = os.path.getsize(path) < 8 << 20
    book = openpyxl.load_workbook(path, read_only=not small, data_only=True)
    sheets = {}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if value is None or value == "":
                    continue
                cells[(cell.row, cell.column)] = value
                if len(cells) > MAX_REFERENCE_CELLS:
                    raise RuntimeError("too many cells for the reference")
        sheets[sheet.title] = cells
    return sheets


def ref_ods(path):
    from odf import opendocument, table, text
    from odf.namespaces import OFFICENS, TABLENS
    doc = opendocument.load(path)
    sheets = {}

    def inline(node, out):
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                out.append(child.data)
                continue
            name = child.qname[1]
            if name == "s":
                out.append(" " * int(child.attributes.get(
                    (text.TEXTNS, "c"), 1)))
            elif name == "tab":
                out.append("\t")
            elif name == "line-break":
                out.append("\n")
            elif name != "annotation":
                inline(child, out)

    def cell_text(cell):
        paragraphs = []
        for child in cell.childNodes:
            if child.qname[1] == "p":
                out = []
                inline(child, out)
                paragraphs.append("".join(out))
        return "\n".join(paragraphs)

    for sheet in doc.spreadsheet.getElementsByType(table.Table):
        name = sheet.getAttribute("name")
        cells = {}
        r = 0
        for row in sheet.getElementsByType(table.TableRow):
            if row.parentNode is not sheet and \
                    row.parentNode.qname[1] not in ("table-rows",
                                                    "table-header-rows",
                                                    "table-row-group"):
                continue
            rep_rows = int(row.getAttribute("numberrowsrepeated") or 1)
            row_cells = []
            c = 0
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                rep = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
                vt = cell.attributes.get((OFFICENS, "value-type"))
                value = None
                if vt in ("float", "percentage", "currency"):
                    value = float(cell.attributes.get((OFFICENS, "value"), "nan"))
                elif vt == "date":
                    value = cell.attributes.get((OFFICENS, "date-value"))
                elif vt == "boolean":
                    value = cell.attributes.get((OFFICENS, "boolean-value")) == "true"
                else:
                    value = cell_text(cell)
                if value is not None and value != "":
                    for k in range(min(rep, 1024)):
                        row_cells.append((c + k + 1, value))
                c += rep
            if row_cells:
                for k in range(min(rep_rows, 1024)):
                    for col, value in row_cells:
                        cells[(r + k + 1, col)] = value
            r += rep_rows
            if len(cells) > MAX_REFERENCE_CELLS:
                raise RuntimeError("too many cells for the reference")
        sheets[name] = cells
    return sheets


def ref_csv(path, ours):
    raw = open(path, "rb").read()
    encoding = {"utf-8": "utf-8", "utf-8-bom": "utf-8-sig",
                "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
                "utf-32le": "utf-32-le", "utf-32be": "utf-32-be",
                "windows-1252": "cp1252"}.get(ours.get("encoding"), "utf-8")
    textual = raw.decode(encoding, "replace").lstrip("\ufeff")
    textual = textual.replace("\0", "")
    delimiter = {"tab": "\t", "": ","}.get(ours.get("delimiter", ""),
                                           ours.get("delimiter", ","))
    cells = {}
    reader = csv.reader(io.StringIO(textual, newline=""), delimiter=delimiter)
    start = 1  # a record is numbered by the line it starts on, as ours
    for row in reader:
        for c, value in enumerate(row, 1):
            if value != "":
                cells[(start, c)] = value
        start = reader.line_num + 1
    name = ours["sheets"][0]["name"] if ours.get("sheets") else "csv"
    return {name: cells}


# --- comparison -------------------------------------------------------------

def iso_of(value):
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def same(ours, ref):
    """ours: (type, text) or None; ref: a Python value."""
    if ours is None:
        return ref is None or ref == ""
    kind, textual = ours
    if ref is None:
        return textual == ""
    if isinstance(ref, bool):
        return textual == ("TRUE" if ref else "FALSE")
    if isinstance(ref, (int, float)):
        try:
            mine = float(textual)
        except ValueError:
            return False
        if math.isnan(ref):
            return math.isnan(mine)
        return math.isclose(mine, float(ref), rel_tol=1e-12, abs_tol=1e-9)
    if isinstance(ref, datetime.timedelta):
        seconds = round(ref.total_seconds())
        return textual == "%s%02d:%02d:%02d" % (
            "-" if seconds < 0 else "", abs(seconds) // 3600,
            abs(seconds) // 60 % 60, abs(seconds) % 60)
    if isinstance(ref, (datetime.date, datetime.time)):
        expected = iso_of(ref)
        if textual == expected:
            return True
        # A second's rounding either way.
        for fmt in ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%H:%M:%S"):
            try:
                a = datetime.datetime.strptime(textual, fmt)
                b = datetime.datetime.strptime(expected, fmt)
                return abs((a - b).total_seconds()) <= 1
            except ValueError:
                continue
        return False
    ref_text = str(ref)
    if textual == ref_text:
        return True
    if kind == "date" and len(ref_text) >= 10:  # ODS date-value
        return textual == ref_text[:19].replace("T00:00:00", "") or \
            textual == ref_text[:10]
    return textual.replace("\r\n", "\n") == ref_text.replace("\r\n", "\n")


def compare(ours, ref_sheets):
    """Differences as (sheet, row, column, ours, reference)."""
    diffs = []
    mine = {s["name"]: s for s in ours.get("sheets", [])}
    # Sheets are paired by name; those left over, in order (a BIFF2-4 sheet
    # is named after the file here, "Sheet 1" in xlrd). A name that differs
    # is one difference of its own.
    ref_sheets = dict(ref_sheets)
    left_mine = [n for n in mine if n not in ref_sheets]
    left_ref = [n for n in ref_sheets if n not in mine]
    for ours_name, ref_name in zip(left_mine, left_ref):
        diffs.append((ours_name, 0, 0, "sheet name", ref_name))
        ref_sheets[ours_name] = ref_sheets.pop(ref_name)
    for name, ref_cells in ref_sheets.items():
        sheet = mine.get(name)
        if sheet is None:
            if ref_cells:
                diffs.append((name, 0, 0, "sheet missing", len(ref_cells)))
            continue
        our_cells = {(c[0], c[1]): (c[2], c[3]) for c in sheet["cells"]}
        for key in sorted(set(our_cells) | set(ref_cells)):
            a, b = our_cells.get(key), ref_cells.get(key)
            if not same(a, b):
                diffs.append((name, key[0], key[1], a, b))
    for name, sheet in mine.items():
        if name not in ref_sheets and sheet["cells"]:
            diffs.append((name, 0, 0, len(sheet["cells"]), "sheet missing"))
    return diffs


def reference_guarded(path, ours, seconds=120, memory=3 << 30):
    """reference() in a child process under a time and memory limit: some
    suite files are bombs, and the reference readers expand them."""
    import multiprocessing
    import resource

    def child(conn):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        try:
            conn.send(("ok", reference(path, ours)))
        except BaseException as e:  # MemoryError too
            conn.send(("error", "%s: %s" % (type(e).__name__, e)))

    parent, child_end = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=child, args=(child_end,))
    process.start()
    if parent.poll(seconds):
        kind, value = parent.recv()
    else:
        kind, value = "error", "timeout after %d s" % seconds
    process.kill()
    process.join()
    if kind == "error":
        raise RuntimeError(value)
    return value


def reference(path, ours):
    ext = os.path.splitext(path)[1].lower()
    if ext == ".xls":
        return ref_xls(path)
    if ext in (".xlsx", ".xlsm"):
        return ref_xlsx(path)
    if ext == ".ods":
        return ref_ods(path)
    return ref_csv(path, ours)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suites")
    parser.add_argument("--dump", default=os.path.join(
        os.path.dirname(__file__), "..", "build", "release", "bench",
        "dump_table"))
    parser.add_argument("--json", help="write the full report here")
    parser.add_argument("--limit", type=int, default=0,
                        help="at most N files per suite (0: all)")
    parser.add_argument("--files", help="only these files (one path a "
                        "line, relative to SUITES_DIR), e.g. the ones that "
                        "did not match in an earlier run's --json report")
    parser.add_argument("--csv-limit", type=int, default=400,
                        help="at most N .csv files per suite (0: all)")
    args = parser.parse_args()

    paths = []
    for suite in sorted(os.listdir(args.suites)):
        found, csvs = [], []
        for root, _, files in os.walk(os.path.join(args.suites, suite)):
            for f in sorted(files):
                full = os.path.join(root, f)
                # Empty files (SheetJS keeps thousands as placeholders) test
                # no reader.
                if f.lower().endswith(EXTENSIONS) and os.path.getsize(full):
                    (csvs if f.lower().endswith(".csv") else found).append(
                        os.path.join(root, f))
        if args.csv_limit:
            csvs = csvs[:args.csv_limit]
        found += csvs
        if args.limit:
            found = found[:args.limit]
        paths += found
    if args.files:
        wanted = {line.strip() for line in open(args.files) if line.strip()}
        paths = [p for p in paths
                 if os.path.relpath(p, args.suites) in wanted]
    ours = dump_ours(args.dump, paths)

    report = []
    counts = {}
    for path in paths:
        mine = ours.get(path, {"crash": "no output"})
        entry = {"file": os.path.relpath(path, args.suites)}
        try:
            ref = reference_guarded(path, mine) if "crash" not in mine \
                else None
            ref_error = None
        except Exception as e:  # the reference refuses the file
            ref, ref_error = None, "%s: %s" % (type(e).__name__, e)
        if "crash" in mine:
            entry["status"] = "crash"
            entry["detail"] = str(mine["crash"])
        elif "error" in mine and ref is None:
            entry["status"] = "both refuse"
            entry["ours"] = mine["error"]["en"]
            entry["reference"] = ref_error
        elif "error" in mine:
            cells = sum(len(c) for c in ref.values())
            entry["status"] = "we refuse" if cells else "we refuse (empty)"
            entry["ours"] = mine["error"]["en"]
            entry["reference_cells"] = cells
        elif ref is None:
            entry["status"] = "reference refuses"
            entry["reference"] = ref_error
        else:
            diffs = compare(mine, ref)
            entry["status"] = "differ" if diffs else "match"
            entry["cells"] = sum(len(c) for c in ref.values())
            entry["differences"] = len(diffs)
            entry["first"] = [[str(x) for x in d] for d in diffs[:8]]
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
        report.append(entry)
        if entry["status"] != "match":
            print(json.dumps(entry, ensure_ascii=False))

    compared = counts.get("match", 0) + counts.get("differ", 0) + \
        counts.get("we refuse", 0)
    print("files: %d; %s" % (len(paths), ", ".join(
        "%s %d" % kv for kv in sorted(counts.items()))))
    if compared:
        print("match rate (of files both could read or only the reference "
              "read): %.1f %%" % (100.0 * counts.get("match", 0) / compared))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"counts": counts, "files": report}, out, indent=1,
                      ensure_ascii=False)


if __name__ == "__main__":
    main()
