/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-xlsx-writer.h: the Programa de Estudios workbook, written with
 * libxlsxwriter (domain reference, section 6).
 *
 * Two sheets: "Instrucciones" (how to read the file, the catalogs used, the
 * date of the last version sent to SEP and what yellow means) and "Programa
 * de Estudios" (one row per subject, section 6's columns, header frozen,
 * filters, column widths, FECHA_RVOE as a real date). Every cell the diff
 * marks as changed, and every cell of a new row, is filled solid yellow
 * (FFFFFF00). The file is written to a temporary file beside @path and
 * renamed over it, so a failure never leaves half a workbook. */
#pragma once

#include "cf-plan.h"
#include "cf-plan-diff.h"

G_BEGIN_DECLS

#define CF_XLSX_WRITER_ERROR (cf_xlsx_writer_error_quark ())

typedef enum
{
  CF_XLSX_WRITER_ERROR_FAILED,
} CfXlsxWriterError;

GQuark cf_xlsx_writer_error_quark (void);

typedef enum
{
  CF_XLSX_WRITE_NONE = 0,
  /* What SEP gets: current plans only, no ESTATUS_PLAN column. Without it
   * withdrawn plans are included with ESTATUS_PLAN = BAJA (a working copy
   * to edit and import again). */
  CF_XLSX_WRITE_FOR_SEP = 1 << 0,
  /* MEC's sheets instead of the flat one: CARRERAS, ASIGNATURAS, PROGRAMAS
   * DE ESTUDIO, NUMERO DE RVOE and CAMPUS (cf-plan-import.h's names), each
   * row once per key; Certifica's columns that MEC's catalogs lack follow
   * theirs in PROGRAMAS DE ESTUDIO and CAMPUS, so the file reads back whole.
   * A changed value is yellow on the sheet that keeps it; a sheet's row is
   * yellow whole when every subject row behind it is new. */
  CF_XLSX_WRITE_MEC_SHAPE = 1 << 1,
} CfXlsxWriteFlags;

#define CF_XLSX_SHEET_INSTRUCTIONS "Instrucciones"
#define CF_XLSX_SHEET_DATA         "Programa de Estudios"
/* ARGB of the highlight, as spreadsheet programs read it back. */
#define CF_XLSX_HIGHLIGHT_ARGB     "FFFFFF00"

/* @diff may be NULL (nothing highlighted). */
gboolean cf_xlsx_write_plan (CfPlanBook        *book,
                             CfPlanDiff        *diff,
                             CfXlsxWriteFlags   flags,
                             const char        *path,
                             GError           **error);

/* As cf_xlsx_write_plan(); *@n_highlighted (may be NULL) gets the number
 * of cells filled yellow. */
gboolean cf_xlsx_write_plan_counted (CfPlanBook        *book,
                                     CfPlanDiff        *diff,
                                     CfXlsxWriteFlags   flags,
                                     const char        *path,
                                     guint             *n_highlighted,
                                     GError           **error);

G_END_DECLS
