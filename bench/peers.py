#!/usr/bin/python3
"""peers.py TOOL FILE: reads FILE with a tool a library would otherwise use and
prints the number of rows, so every tool does the same work: every cell read."""
import sys

tool, path = sys.argv[1], sys.argv[2]
rows = 0
if tool == "openpyxl":
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            rows += 1
elif tool == "pandas":
    import pandas
    if path.endswith(".csv"):
        enc = "cp1252" if "cp1252" in path else "utf-8"
        frame = pandas.read_csv(path, sep=";", dtype=str, encoding=enc, keep_default_na=False)
    elif path.endswith(".ods"):
        frame = pandas.read_excel(path, engine="odf", dtype=str)
    else:
        frame = pandas.read_excel(path, dtype=str)
    rows = len(frame) + 1
elif tool == "xlrd":
    import xlrd
    book = xlrd.open_workbook(path)
    for sheet in book.sheets():
        for r in range(sheet.nrows):
            sheet.row_values(r)
            rows += 1
else:
    sys.exit("unknown tool " + tool)
print(rows)
