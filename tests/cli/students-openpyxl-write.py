#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes school-system exports of students and grades the way other
programs do (openpyxl, Python's csv), in the shapes institutions really
send, against the plans of tests/core/test-plan-fixture.h (career 101 plan
2018 subjects 1001-1003; career 102 plan 2020 subjects 2001-2002).
Usage: students-openpyxl-write.py OUTDIR

- long.xlsx: one row per student and subject; a cover sheet, a title row
  above odd headers, ids as numbers, floats and text, a date cell, a
  repeated row (same values) and a subject not in the plan (1999).
- long-utf8.csv (",", UTF-8 with BOM) and long-1252.csv (";", Windows-1252):
  the same rows.
- wide.xlsx: a real IPES workbook: catalog sheets with merged titles and
  notes, then one row per student with the certificate's header fields and
  groups of five columns per subject, notes ("VARIABLE") above the header,
  a notes column, a birth date as a serial number and as DD/MM/AAAA.
- rejected.csv: a row without matrícula and one with a bad date."""

import csv
import datetime
import os
import sys

import openpyxl

LONG_HEADERS = ["Matrícula", "C.U.R.P.", "Nombre(s)", "Apellido  paterno", "APELLIDO MATERNO", "Sexo",
                "Fecha de nacimiento", "Id Carrera", "Clave Plan", "Id Asignatura", "Ciclo",
                "Calificación", "Observaciones"]

ANA = ["A001", "LOPA990501MDFPRN09", "ANA MARÍA", "LÓPEZ", "PEÑA", 250, datetime.date(1999, 5, 1), 101, "2018"]
LUIS = ["A002", "RUIL000212HDFZSS01", "LUIS", "RUIZ", "", 251.0, datetime.date(2000, 2, 12), "101", 2018]

LONG_ROWS = [
    ANA + [1001, "2018-1", 8, 100],
    ANA + [1002.0, "2018-1", 9.5, ""],
    ANA + ["'1003", "2019-1", 7, 71],
    ANA + [1002.0, "2018-1", 9.5, ""],          # the same row again
    LUIS + [1001, "2018-1", "AC", 100],
    LUIS + [1999, "2018-2", 10, 100],           # not in plan 2018
]


def text(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_long_xlsx(path):
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Portada"
    cover["A1"] = "Control escolar — exportación de calificaciones"
    sheet = workbook.create_sheet("Calificaciones")
    sheet.append(["CALIFICACIONES 2024"])
    sheet.append(LONG_HEADERS)
    for row in LONG_ROWS:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    workbook.save(path)


def write_long_csv(path, encoding, delimiter):
    with open(path, "w", newline="", encoding=encoding) as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(LONG_HEADERS)
        for row in LONG_ROWS:
            writer.writerow([text(v) for v in row])


WIDE_HEADER = ["NumControlAlumno", "curpAlumno", "Nombres Alumno", "Apellido Paterno alumn",
               "Apellido Materno alumn", "id genero", "Fecha Nacimiento alumn", "id carrera",
               "carrera clave plan", "id tipo certificacion", "fecha expedicion"]
GROUP = ["id asignatura", "ciclo", "calificacion", "id tipo asignatura", "creditos"]


def write_wide_xlsx(path):
    workbook = openpyxl.Workbook()
    careers = workbook.active
    careers.title = "CARRERAS"
    careers.append(["CATALOGO DE CARRERAS", None, None, None, None])
    careers.merge_cells("A1:E1")
    careers.append(["ID_INSTITUCION", "ID_NIVEL", "ID_CARRERA", "CLAVE_CARRERA", "DESCRIPCION"])
    careers.append(["090123", 81, 102, "621318", "LICENCIATURA EN PSICOLOGÍA"])
    periods = workbook.create_sheet("TIPO PERIODO")
    periods.append(["CATALOGO TIPO PERIODO", None, None])
    periods.merge_cells("A1:C1")
    periods.append(["ID_TIPO_PERIODO", "DESCRIPCION", None, "*CATALOGO PROPORCIONADO POR LA IPES"])
    periods.append([91, "SEMESTRE"])
    subjects = workbook.create_sheet("ASIGNATURAS")
    subjects.append(["ID_INSTITUCION", "ID_CARRERA", "ID_ASIGNATURA", "CLAVE_ASIGNATURA", "DESCRIPCION"])
    subjects.append(["090123", 102, 2001, "PSI101", "BASES BIOLÓGICAS"])

    data = workbook.create_sheet("CERTIFICADOS")
    data.append(["NO VARIABLE"] * 5 + ["VARIABLE"] * 6)
    data.append(["Llene una fila por alumno"])
    data.append(WIDE_HEADER + GROUP * 3 + ["NOTAS"])
    data.append(["B001", "MAGA010101MDFRRL02", "MARÍA", "GARCÍA", "ÁLVAREZ", 250, 36892, 102, 2020, 79,
                 datetime.date(2024, 7, 10), 2001, "2020-1", 9, 263, 6.5, 2002, "2020-1", 8.5, 264, 6,
                 None, None, None, None, None, "*nota"])
    data.append(["B002", "SOTJ990303HDFTRN05", "JUAN", "SOTO", "", 251.0, "03/03/1999", "102", "2020", 80,
                 "10/07/2024", 2001.0, "2020-1", 7, 263, 6.5, 2999, "2021-1", 8, 263, 6,
                 2002, "2021-1", 6, 264, 6])
    for row in data.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    workbook.save(path)


def write_rejected_csv(path):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(LONG_HEADERS)
        writer.writerow([text(v) for v in LONG_ROWS[0]])
        writer.writerow([""] + [text(v) for v in LONG_ROWS[1][1:]])
        writer.writerow(["A009", "", "PEDRO", "DÍAZ", "", 251, "31/02/2001", 101, 2018, 1001, "2018-1", 8, ""])


def main():
    out = sys.argv[1]
    write_long_xlsx(os.path.join(out, "long.xlsx"))
    write_long_csv(os.path.join(out, "long-utf8.csv"), "utf-8-sig", ",")
    write_long_csv(os.path.join(out, "long-1252.csv"), "cp1252", ";")
    write_wide_xlsx(os.path.join(out, "wide.xlsx"))
    write_rejected_csv(os.path.join(out, "rejected.csv"))


if __name__ == "__main__":
    main()
