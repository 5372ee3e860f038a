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

/* Marks @self as one MEC sheet waiting for its mapping: @bytes (the
 * workbook, referenced) is read again with @overrides (sheet name → GArray
 * of int, copied; may be NULL) plus this sheet's mapping; @keys (int) are
 * the columns the sheet must feed. */
void          _cf_plan_import_set_pending  (CfPlanImport        *self,
                                            GBytes              *bytes,
                                            GHashTable          *overrides,
                                            GArray              *keys);

/* The MEC shape (CARRERAS, ASIGNATURAS, PROGRAMAS DE ESTUDIO, NUMERO DE
 * RVOE, CAMPUS) joined into one row per PROGRAMAS DE ESTUDIO row, or NULL:
 * with @error set when the sheets are there but cannot be read, without
 * when the workbook is not in that shape. A sheet without one of its keys
 * gives that sheet alone, waiting for its mapping. @overrides (may be
 * NULL): the mapping the registrar chose per sheet (sheet name → GArray of
 * int, by source column). */
CfPlanImport *_cf_plan_import_read_mec     (CfXlsxReader        *reader,
                                            GBytes              *bytes,
                                            GHashTable          *overrides,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
