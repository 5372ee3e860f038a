/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-import.h: reading a Programa de Estudios from a workbook (.xlsx)
 * or a CSV file (UTF-8 or Windows-1252), as a preview.
 *
 * 1. cf_plan_import_read() finds the sheet and the header row (the row,
 *    among the first ones of each sheet, whose cells name the most known
 *    columns) and keeps the raw table. Nothing is written anywhere.
 * 2. The mapping says which file column feeds which CfPlanColumn; it is
 *    guessed from the headers (case, accents, spaces and underscores
 *    ignored) and can be changed (the editor's mapping step).
 *    cf_plan_import_check_mapping() names unknown and missing columns.
 * 3. cf_plan_import_build() gives the preview: a CfPlanBook (not bound to a
 *    store) and the rejected rows with their reasons. Accepting it is
 *    cf_plan_book_save_to_store(). */
#pragma once

#include <gio/gio.h>

#include "cf-plan.h"
#include "cf-plan-diff.h"

G_BEGIN_DECLS

#define CF_PLAN_IMPORT_ERROR (cf_plan_import_error_quark ())

typedef enum
{
  CF_PLAN_IMPORT_ERROR_NO_HEADER,     /* no sheet/row with the plan's column names */
  CF_PLAN_IMPORT_ERROR_MAPPING,       /* unknown, missing or repeated columns */
  CF_PLAN_IMPORT_ERROR_EMPTY,         /* a header but no rows */
  CF_PLAN_IMPORT_ERROR_ENCODING,      /* a CSV that is neither UTF-8 nor Windows-1252 */
  CF_PLAN_IMPORT_ERROR_TOO_LARGE,
  CF_PLAN_IMPORT_ERROR_IO,
} CfPlanImportError;

GQuark cf_plan_import_error_quark (void);

#define CF_PLAN_IMPORT_MAX_CSV_BYTES (256 * 1024 * 1024)
/* What an import keeps is bounded by what a Programa de Estudios can be,
 * so that no file (a cell in column XFD, a header of 200,000 fields, a
 * million rows) makes it take more memory than a real plan would; beyond
 * any of these the file is TOO_LARGE. The header row may reach this far
 * (column IV); data cells to the right of the header are ignored. */
#define CF_PLAN_IMPORT_MAX_COLUMNS   256
/* Non-empty data rows below the header. */
#define CF_PLAN_IMPORT_MAX_ROWS      100000
/* The rows kept and the text of their non-blank cells. */
#define CF_PLAN_IMPORT_MAX_TABLE_BYTES (48 * 1000 * 1000)
/* A header must name at least this many known columns to be taken as one. */
#define CF_PLAN_IMPORT_MIN_HEADER_MATCHES 3
/* Not mapped to any column (ignored). */
#define CF_PLAN_IMPORT_UNMAPPED (-1)

typedef enum
{
  CF_PLAN_IMPORT_FORMAT_AUTO,   /* by extension, then by content */
  CF_PLAN_IMPORT_FORMAT_XLSX,
  CF_PLAN_IMPORT_FORMAT_CSV,
} CfPlanImportFormat;

/* How the workbook keeps the plan: one flat sheet, a row per subject with
 * every column (Certifica's own export, CSV files), or MEC's catalogs as
 * several sheets joined by their keys (section "Real IPES workbooks"). */
typedef enum
{
  CF_PLAN_IMPORT_SHAPE_FLAT,
  CF_PLAN_IMPORT_SHAPE_MEC,
} CfPlanImportShape;

/* The MEC shape's sheets, as MEC's catalogs name them. */
#define CF_PLAN_MEC_SHEET_PROGRAMS "PROGRAMAS DE ESTUDIO"
#define CF_PLAN_MEC_SHEET_SUBJECTS "ASIGNATURAS"
#define CF_PLAN_MEC_SHEET_CAREERS  "CARRERAS"
#define CF_PLAN_MEC_SHEET_RVOE     "NUMERO DE RVOE"
#define CF_PLAN_MEC_SHEET_CAMPUS   "CAMPUS"

typedef struct _CfPlanImport CfPlanImport;

/* Errors: CF_PLAN_IMPORT_ERROR, or CF_XLSX_ERROR for a workbook that cannot
 * be read (not a zip, password, formulas, merged cells...). */
CfPlanImport *cf_plan_import_read             (const char         *path,
                                               CfPlanImportFormat  format,
                                               GCancellable       *cancellable,
                                               GError            **error);
CfPlanImport *cf_plan_import_read_bytes       (GBytes             *bytes,
                                               CfPlanImportFormat  format,
                                               GCancellable       *cancellable,
                                               GError            **error);
void          cf_plan_import_free             (CfPlanImport       *self);
/* cf_plan_import_read() in a worker thread, for the editor: a 20,000-row
 * workbook takes a few tenths of a second; cancel with @cancellable. */
void          cf_plan_import_read_async       (const char         *path,
                                               CfPlanImportFormat  format,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
CfPlanImport *cf_plan_import_read_finish      (GAsyncResult       *result,
                                               GError            **error);

CfPlanImportFormat cf_plan_import_get_format  (CfPlanImport       *self);
CfPlanImportShape  cf_plan_import_get_shape   (CfPlanImport       *self);
/* The sheet @column's values come from: in the flat shape the sheet read
 * (NULL for a CSV, or when no file column feeds @column); in the MEC shape
 * the sheet of the join that carries it, NULL when none does (the value is
 * then the working copy's, see cf_plan_import_fill_from(), or empty). */
const char        *cf_plan_import_get_column_sheet (CfPlanImport  *self,
                                                    CfPlanColumn   column);
/* The preview's words for what was found (translated, several lines):
 * the shape, the sheets and header rows, which columns each sheet gave,
 * and which columns the file does not have. */
char              *cf_plan_import_describe    (CfPlanImport       *self);
/* MEC's sheets are joined by keys (ID_CARRERA, ID_ASIGNATURA, NO_RVOE,
 * CLAVE_CAMPUS...): a sheet whose header does not name one of its keys
 * gives an import of that sheet alone (get_sheet_name(), its header, rows
 * and mapping; list_missing() names the keys), for the mapping step. Once
 * mapped, apply_sheet_mapping() reads the workbook again with it, giving
 * the joined import or the next sheet to map. build() refuses it. */
gboolean           cf_plan_import_needs_sheet_mapping (CfPlanImport   *self);
/* Does not take @self. */
CfPlanImport      *cf_plan_import_apply_sheet_mapping (CfPlanImport   *self,
                                                       GCancellable   *cancellable,
                                                       GError        **error);
/* In a worker; takes @self. */
void               cf_plan_import_apply_sheet_mapping_async  (CfPlanImport        *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
CfPlanImport      *cf_plan_import_apply_sheet_mapping_finish (GAsyncResult        *result,
                                                              GError             **error);
/* In the MEC shape, the values the sheets do not carry (subject type,
 * credits, period, totals...) are taken from @current for every subject it
 * knows (same campus, career, plan and subject ID, else same career and
 * subject ID); what stays empty is a finding of the preview. Nothing is
 * ever made up. Returns how many values were filled; the flat shape is
 * left alone (0). */
guint              cf_plan_import_fill_from   (CfPlanImport       *self,
                                               CfPlanBook         *current);
/* The sheet read (NULL for a CSV) and its header row (1-based). */
const char   *cf_plan_import_get_sheet_name   (CfPlanImport       *self);
guint         cf_plan_import_get_header_row   (CfPlanImport       *self);
/* "UTF-8" or "WINDOWS-1252" for a CSV, NULL for a workbook. */
const char   *cf_plan_import_get_encoding     (CfPlanImport       *self);
/* Data rows read (below the header, not empty). */
guint         cf_plan_import_get_n_rows       (CfPlanImport       *self);

/* The mapping: one entry per column of the file's header. */
guint         cf_plan_import_get_n_source_columns (CfPlanImport   *self);
/* The header as written in the file ("" for a blank header cell). */
const char   *cf_plan_import_get_source_header    (CfPlanImport   *self,
                                                   guint           source_column);
/* A data row's cell as read (@row 0-based, below the header; "" when
 * blank): samples for the mapping step. */
const char   *cf_plan_import_get_cell             (CfPlanImport   *self,
                                                   guint           row,
                                                   guint           source_column);
/* A CfPlanColumn, or CF_PLAN_IMPORT_UNMAPPED. */
int           cf_plan_import_get_mapping          (CfPlanImport   *self,
                                                   guint           source_column);
void          cf_plan_import_set_mapping          (CfPlanImport   *self,
                                                   guint           source_column,
                                                   int             column);
/* Headers that matched no column (element-type utf8) (transfer container). */
GPtrArray    *cf_plan_import_list_unknown         (CfPlanImport   *self);
/* Required columns no file column feeds (element-type CfPlanColumn as
 * GINT_TO_POINTER) (transfer container). */
GPtrArray    *cf_plan_import_list_missing         (CfPlanImport   *self);
/* FALSE with a message naming every missing and repeated column (and the
 * unknown ones unless @allow_unknown): what the CLI prints. */
gboolean      cf_plan_import_check_mapping        (CfPlanImport   *self,
                                                   gboolean        allow_unknown,
                                                   GError        **error);

/* The preview. @rejected (may be NULL) gets CfPlanRejectedRow*s, owned by
 * the caller (free func set). Fails only when the mapping is incomplete
 * (missing or repeated columns) or there are no rows. */
CfPlanBook   *cf_plan_import_build                (CfPlanImport   *self,
                                                   GPtrArray     **rejected,
                                                   GError        **error);

/* cf_plan_import_build() in a worker thread (a few tenths of a second for
 * 20,000 rows), after cf_plan_import_fill_from (@current) when given, with *@changes: what accepting the preview would do to
 * @current (nullable; copied now, so it may be edited meanwhile), or NULL
 * without it. Takes @self. Cancel with @cancellable. */
void          cf_plan_import_build_async          (CfPlanImport        *self,
                                                   CfPlanBook          *current,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CfPlanBook   *cf_plan_import_build_finish         (GAsyncResult        *result,
                                                   GPtrArray          **rejected,
                                                   CfPlanDiff         **changes,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPlanImport, cf_plan_import_free)

G_END_DECLS
