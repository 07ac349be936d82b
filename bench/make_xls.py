#!/usr/bin/python3
"""make_xls.py CSV XLS ROWS: writes the first ROWS students of the benchmark CSV
as a BIFF8 .xls with xlwt (student numbers as text, birth dates as date cells)."""
import csv
import datetime
import sys

import xlwt

src, dst, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("Leerlingen")
date_style = xlwt.easyxf(num_format_str="DD-MM-YYYY")
with open(src, newline="", encoding="utf-8") as f:
    for r, row in enumerate(csv.reader(f, delimiter=";")):
        if r > rows:
            break
        for c, value in enumerate(row):
            if r > 0 and c == 5:
                sheet.write(r, c, datetime.datetime.strptime(value, "%Y-%m-%d"), date_style)
            elif value:
                sheet.write(r, c, value)
book.save(dst)
