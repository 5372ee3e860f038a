#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a workbook exported by Certifica the way a spreadsheet program does
(openpyxl) and prints, as JSON, what a person would see: the sheets, the
data sheet's header, frozen pane, filter, which cells are filled solid
yellow (FFFFFF00), which hold dates, and its row count.
Usage: plan-openpyxl-read.py FILE.xlsx"""

import datetime
import json
import sys

import openpyxl

DATA_SHEET = "Programa de Estudios"
YELLOW = "FFFFFF00"


def yellow_cells(sheet):
    cells = []
    for row in sheet.iter_rows():
        for cell in row:
            fill = cell.fill
            if fill is not None and fill.fill_type == "solid" and fill.fgColor.rgb == YELLOW:
                cells.append(cell.coordinate)
    return cells


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    sheet = workbook[DATA_SHEET]
    dates = [cell.coordinate for row in sheet.iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, (datetime.date, datetime.datetime))]
    result = {
        "sheets": workbook.sheetnames,
        "header": [cell.value for cell in sheet[1]],
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "rows": sheet.max_row,
        "yellow": yellow_cells(sheet),
        "dates": dates,
        "instructions_yellow": yellow_cells(workbook["Instrucciones"]),
        "widths_set": all((sheet.column_dimensions[c].width or 0) >= 8 for c in "ABCDEFGHIJKLMNOPQRSTUVWX"),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
