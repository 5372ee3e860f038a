#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes, with openpyxl, a school system's wide export whose matrícula
header Certifica does not recognise ("Clave única del alumno"): a catalog
sheet with a merged title first, notes above the header, ids as text, and
groups of six columns per subject (the five SEP asks for and a subject
name no column takes).
Usage: students-mapping-write.py FILE.xlsx"""

import sys

import openpyxl

HEADER = ["Clave única del alumno", "CURP del alumno", "Nombre del alumno", "Apellido paterno",
          "Apellido materno", "id genero", "Fecha de nacimiento", "id carrera", "Clave del plan"]
GROUP = ["id asignatura", "nombre asignatura", "ciclo", "calificacion", "id tipo asignatura", "creditos"]


def main():
    workbook = openpyxl.Workbook()
    catalog = workbook.active
    catalog.title = "CATALOGOS"
    catalog.append(["CATALOGO DE CARRERAS", None, None])
    catalog.merge_cells("A1:C1")
    catalog.append(["ID_CARRERA", "CLAVE_CARRERA", "DESCRIPCION"])
    catalog.append(["102", "621318", "LICENCIATURA EN PSICOLOGÍA"])

    data = workbook.create_sheet("ALUMNOS")
    data.append(["Exportación del sistema escolar"])
    data.append(["Una fila por alumno; no cambie los encabezados"])
    data.append(HEADER + [f"{name} {n}" for n in (1, 2, 3) for name in GROUP])
    data.append(["00123", "MAGA010101MDFRRL02", "MARÍA", "GARCÍA", "ÁLVAREZ", "250", "01/01/2001", "102", "2020",
                 "2001", "BASES BIOLÓGICAS", "2020-1", "9", "263", "6.5",
                 "2002", "PSICOLOGÍA GENERAL", "2020-1", "8.5", "264", "6"])
    data.append(["00124", "SOTJ990303HDFTRN05", "JUAN", "SOTO", "", "251", "03/03/1999", "102", "2020",
                 "2001", "BASES BIOLÓGICAS", "2020-1", "7", "263", "6.5",
                 "2002", "PSICOLOGÍA GENERAL", "2021-1", "8", "264", "6",
                 "2999", "OPTATIVA", "2021-1", "10", "263", "4"])
    for row in data.iter_rows(min_row=4):
        for cell in row:
            cell.number_format = "@"
    workbook.save(sys.argv[1])


if __name__ == "__main__":
    main()
