#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a Programa de Estudios the way institutions keep it for MEC
(openpyxl): several sheets mirroring MEC's catalogs (CARRERAS, ASIGNATURAS,
PROGRAMAS DE ESTUDIO, NUMERO DE RVOE, CAMPUS) among catalog sheets with
merged titles and a formula, note rows above the headers, note columns
beside them, IDs as text and as numbers (1, 1.0), and FECHA_RVOE spelt three
ways (a date cell, a serial number, "09 DE JULIO DE 2013"). Also writes the
same plan as one flat CSV (every column) to compare with.
Usage: plan-mec-openpyxl-write.py OUT.xlsx OUT.csv CAREERS SUBJECTS_PER_CAREER [no-subject-id]
(no-subject-id: PROGRAMAS DE ESTUDIO without its ID_ASIGNATURA column)"""

import datetime
import sys

import openpyxl

NOTE = "*CATALOGO PROPORCIONADO POR LA IPES"
MONTHS = ["ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO",
          "SEPTIEMBRE", "OCTUBRE", "NOVIEMBRE", "DICIEMBRE"]
FLAT = ["ID_INSTITUCION", "NOMBRE_INSTITUCION", "ID_CAMPUS", "CAMPUS", "ID_ENTIDAD", "ID_CARRERA",
        "CLAVE_CARRERA", "NOMBRE_CARRERA", "CLAVE_PLAN", "NO_RVOE", "FECHA_RVOE", "ID_TIPO_PERIODO",
        "ID_NIVEL_ESTUDIOS", "CALIFICACION_MINIMA", "CALIFICACION_MAXIMA",
        "CALIFICACION_MINIMA_APROBATORIA", "TOTAL_ASIGNATURAS", "TOTAL_CREDITOS", "ID_ASIGNATURA",
        "CLAVE_ASIGNATURA", "NOMBRE_ASIGNATURA", "ID_TIPO_ASIGNATURA", "CREDITOS", "PERIODO"]


def id_cell(value, i):
    """The same ID as text, as an integer or as a float, by turns."""
    return [str(value), value, float(value)][i % 3]


def rvoe_date(i):
    day = datetime.date(2013, 7, 9) + datetime.timedelta(days=31 * i)
    serial = (day - datetime.date(1899, 12, 30)).days
    spelt = "%02d DE %s DE %d" % (day.day, MONTHS[day.month - 1], day.year)
    return day, [day, serial, spelt][i % 3]


def catalog_sheet(workbook, title, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(["CATALOGO " + title])
    sheet.merge_cells("A1:B1")
    sheet.append(["ID", "DESCRIPCION"])
    for row in rows:
        sheet.append(row)
    sheet["D3"] = "=COUNTA(A3:A9)"


def main():
    out, csv_out, n_careers, n_subjects = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "LEEME"
    cover["A1"] = "Datos de la IPES para el MEC"
    cover.merge_cells("A1:F1")
    catalog_sheet(workbook, "TIPO PERIODO", [[91, "SEMESTRAL"], [92, "CUATRIMESTRAL"]])

    campus = workbook.create_sheet("CAMPUS")
    campus.append(["ID_INSTITUCION", "CLAVE_CAMPUS", "DESCRIPCION", "ID_ENTIDAD", "NOMBRE_INSTITUCION"])
    campus.append(["090123", "090101", "ÚNICO", "09", "UNIVERSIDAD EJEMPLO"])

    careers = workbook.create_sheet("CARRERAS")
    careers.append(["VARIABLE", "NO VARIABLE", "VARIABLE", "VARIABLE", "VARIABLE"])
    careers.append(["ID_INSTITUCION", "ID_NIVEL", "ID_CARRERA", "CLAVE_CARRERA", "DESCRIPCION", None, NOTE])

    subjects = workbook.create_sheet("ASIGNATURAS")
    subjects.append(["ASIGNATURAS DE CADA CARRERA"])
    subjects.merge_cells("A1:E1")
    subjects.append(["ID_INSTITUCION", "ID_CARRERA", "ID_ASIGNATURA", "CLAVE_ASIGNATURA", "DESCRIPCION", NOTE])

    programs = workbook.create_sheet("PROGRAMAS DE ESTUDIO")
    programs.append(["PROGRAMAS DE ESTUDIO (UN RENGLON POR ASIGNATURA DE CADA PLAN)"])
    programs.merge_cells("A1:H1")
    programs.append(["NO VARIABLE"] * 8)
    programs.append(["ID_INSTITUCION", "CLAVE_CAMPUS", "ID_ASIGNATURA", "ID_CARRERA", "NO_RVOE", "FECHA_RVOE",
                     "CLAVE_PLAN", "CURP_RESPONSABLE_PLAN_DE_ESTUDIO", None, NOTE])

    rvoes = workbook.create_sheet("NUMERO DE RVOE")
    rvoes.append(["NO_RVOE", "FECHA_RVOE", "CALIF_MINIMA", "CALIF_MAXIMA", "MINIMA_APROBATORIA", NOTE])
    catalog_sheet(workbook, "TIPO ASIGNATURA", [[263, "OBLIGATORIA"], [264, "OPTATIVA"]])

    flat = [";".join(FLAT)]
    for i in range(n_careers):
        career = 100 + i
        rvoe = "2018%04d" % i
        day, written = rvoe_date(i)
        careers.append(["090123", 81, id_cell(career, i), "62%04d" % (1300 + i),
                        "LICENCIATURA EN DISCIPLINA %d" % i, None, "nota %d" % i])
        rvoes.append([rvoe, written, 5, 10, 6])
        for j in range(n_subjects):
            subject = 1000 * (i + 1) + j
            subjects.append(["090123", id_cell(career, j), id_cell(subject, j + 1), "C%dS%d" % (i, j),
                             "ASIGNATURA %d DE LA CARRERA %d" % (j, i), "x" if j == 0 else None])
            programs.append(["090123", "090101", id_cell(subject, j), id_cell(career, j + 2), rvoe, written,
                             id_cell(2018, j) if j % 2 else "2018", "AAAA800101HDFBBB09", None,
                             "nota" if j == 0 else None])
            flat.append(";".join(str(v) for v in [
                "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", career, "62%04d" % (1300 + i),
                "LICENCIATURA EN DISCIPLINA %d" % i, "2018", rvoe, day.isoformat(), 91, 81, 5, 10, 6,
                n_subjects, 8 * n_subjects, subject, "C%dS%d" % (i, j), "ASIGNATURA %d DE LA CARRERA %d" % (j, i),
                263, 8, j // 6 + 1]))
    for row in list(programs.iter_rows(min_row=4)) + list(rvoes.iter_rows(min_row=2)):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    if len(sys.argv) > 5 and sys.argv[5] == "no-subject-id":
        programs.delete_cols(3)
    workbook.save(out)
    with open(csv_out, "w", encoding="utf-8") as f:
        f.write("\r\n".join(flat) + "\r\n")


if __name__ == "__main__":
    main()
