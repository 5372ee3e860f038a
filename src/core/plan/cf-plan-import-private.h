/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-import-private.h: what the multi-sheet reader
 * (cf-plan-import-mec.c) shares with cf-plan-import.c. */
#pragma once

#include "cf-plan-import.h"
#include "cf-xlsx-reader.h"

G_BEGIN_DECLS

CfPlanImport *_cf_plan_import_new          (CfPlanImportFormat   format,
                                            CfPlanImportShape    shape,
                                            const char          *sheet_name,
                                            guint                header_row);
/* The table's header: @cells as the file names its columns. */
void          _cf_plan_import_set_header   (CfPlanImport        *self,
                                            const char * const  *cells,
                                            guint                n_cells);
gboolean      _cf_plan_import_add_row      (CfPlanImport        *self,
                                            guint                row,
                                            const char * const  *cells,
                                            guint                n_cells,
                                            GError             **error);
void          _cf_plan_import_set_column_sheet (CfPlanImport    *self,
                                                CfPlanColumn     column,
                                                const char      *sheet);

/* The MEC shape (CARRERAS, ASIGNATURAS, PROGRAMAS DE ESTUDIO, NUMERO DE
 * RVOE, CAMPUS) joined into one row per PROGRAMAS DE ESTUDIO row, or NULL:
 * with @error set when the sheets are there but cannot be read, without
 * when the workbook is not in that shape. */
CfPlanImport *_cf_plan_import_read_mec     (CfXlsxReader        *reader,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
