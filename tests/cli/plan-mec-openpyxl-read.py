#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a workbook exported by Certifica with --shape mec the way a
spreadsheet program does (openpyxl) and prints, as JSON, each sheet's
header, rows, frozen pane, cells filled solid yellow (FFFFFF00) and cells
holding dates. Usage: plan-mec-openpyxl-read.py FILE.xlsx"""

import datetime
import json
import sys

import openpyxl

YELLOW = "FFFFFF00"


def main():
    workbook = openpyxl.load_workbook(sys.argv[1])
    result = {"sheets": workbook.sheetnames}
    for sheet in workbook.worksheets:
        result[sheet.title] = {
            "header": [cell.value for cell in sheet[1]] if sheet.title != "Instrucciones" else None,
            "rows": sheet.max_row,
            "freeze": sheet.freeze_panes,
            "yellow": [cell.coordinate for row in sheet.iter_rows() for cell in row
                       if cell.fill is not None and cell.fill.fill_type == "solid"
                       and cell.fill.fgColor.rgb == YELLOW],
            "dates": [cell.coordinate for row in sheet.iter_rows(min_row=2) for cell in row
                      if isinstance(cell.value, (datetime.date, datetime.datetime))],
        }
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
