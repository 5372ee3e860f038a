#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a Programa de Estudios workbook the way another program would
(openpyxl): a cover sheet first, a title row above the header, headers in
another order and spelling, numbers as numbers, dates as date cells, and a
blank row. Usage: plan-openpyxl-write.py OUT.xlsx"""

import datetime
import sys

import openpyxl

HEADERS = [
    "Id Asignatura", "Clave Asignatura", "Nombre Asignatura", "Créditos", "Periodo",
    "Tipo Asignatura", "Id Institución", "Nombre Institución", "Id Campus", "Campus",
    "Id Entidad", "Id Carrera", "Clave Carrera", "Nombre Carrera", "Clave Plan",
    "Número de RVOE", "Fecha RVOE", "Tipo Periodo", "Nivel de Estudios",
    "Calificación Mínima", "Calificación Máxima", "Calificación Mínima Aprobatoria",
    "Total Asignaturas", "Total Créditos",
]

CAREER = ["090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", 101, "621317",
          "LICENCIATURA EN DERECHO", "2018", "20180409", datetime.date(2018, 4, 9), 91, 81,
          5, 10, 6, 3, 24]

SUBJECTS = [
    [1001, "DER101", "INTRODUCCIÓN AL DERECHO", 8, 1, 263],
    [1002, "DER102", "DERECHO ROMANO", 8.0, 1, 263],
    [1003, "DER201", "TEORÍA DEL ESTADO", 8, 2, 263],
]


def main():
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Portada"
    cover["A1"] = "Universidad Ejemplo — Programa de Estudios"
    sheet = workbook.create_sheet("Plan")
    sheet.append(["PROGRAMA DE ESTUDIOS 2024"])
    sheet.append(HEADERS)
    for i, subject in enumerate(SUBJECTS):
        if i == 1:
            sheet.append([])
        sheet.append(subject + CAREER)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    workbook.save(sys.argv[1])


if __name__ == "__main__":
    main()
