/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-students-import.h: students and grades from the school system's
 * export (.xlsx or .csv in UTF-8 or Windows-1252, "," or ";"), as a
 * preview, then into the store.
 *
 * Two layouts, told apart by the header: *long*, one row per student and
 * subject; *wide*, one row per student with the certificate's header
 * fields and then groups of columns per subject (id asignatura, ciclo,
 * calificacion, id tipo asignatura, creditos), as real IPES workbooks do.
 * Headers are matched by name (accents, case, spaces ignored); in a
 * workbook the sheet and row whose header names the most known columns is
 * read, whatever else the workbook holds (catalogs, notes above the
 * header). Ids read as text or numbers are the same ("1", 1, 1.0); dates
 * may be real dates, serial numbers or DD/MM/AAAA.
 *
 * Reading gives the preview: students and grades accepted, rows rejected
 * with their reasons, and findings against the Programa de Estudios in the
 * store (unknown career, plan or subject: imported, never dropped).
 * Nothing is written until cf_students_import_commit(). */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"
#include "cf-student.h"

G_BEGIN_DECLS

#define CF_STUDENTS_IMPORT_ERROR (cf_students_import_error_quark ())

typedef enum
{
  CF_STUDENTS_IMPORT_ERROR_NO_HEADER,   /* no sheet/row names the students' columns */
  CF_STUDENTS_IMPORT_ERROR_MISSING,     /* a required column is not there */
  CF_STUDENTS_IMPORT_ERROR_ENCODING,    /* a CSV neither UTF-8 nor Windows-1252 */
  CF_STUDENTS_IMPORT_ERROR_TOO_LARGE,
  CF_STUDENTS_IMPORT_ERROR_IO,
} CfStudentsImportError;

GQuark cf_students_import_error_quark (void);

#define CF_STUDENTS_IMPORT_MAX_CSV_BYTES (512 * 1024 * 1024)
#define CF_STUDENTS_IMPORT_MAX_COLUMNS   4096

typedef enum
{
  CF_STUDENTS_LAYOUT_LONG,
  CF_STUDENTS_LAYOUT_WIDE,
} CfStudentsLayout;

typedef struct
{
  guint  row;        /* as the spreadsheet shows it (a CSV's line) */
  char  *reason;     /* translated */
} CfStudentsRejected;

typedef struct
{
  guint  row;        /* 0: the student as a whole */
  char  *matricula;
  char  *message;    /* translated */
} CfStudentsFinding;

typedef struct _CfStudentsImport CfStudentsImport;

/* @store (nullable): the Programa de Estudios grades are checked against;
 * without one every career is a finding. Errors: CF_STUDENTS_IMPORT_ERROR,
 * or CF_XLSX_ERROR for a workbook that cannot be read. */
CfStudentsImport *cf_students_import_read        (const char          *path,
                                                  CfStore             *store,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
/* @name: the file's name, for the bitácora. */
CfStudentsImport *cf_students_import_read_bytes  (GBytes              *bytes,
                                                  const char          *name,
                                                  CfStore             *store,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
void              cf_students_import_free        (CfStudentsImport    *self);
/* cf_students_import_read() in a worker thread, for windows. */
void              cf_students_import_read_async  (const char          *path,
                                                  CfStore             *store,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
CfStudentsImport *cf_students_import_read_finish (GAsyncResult        *result,
                                                  GError             **error);

CfStudentsLayout  cf_students_import_get_layout     (CfStudentsImport *self);
const char       *cf_students_import_get_sheet_name (CfStudentsImport *self);   /* NULL for a CSV */
const char       *cf_students_import_get_encoding   (CfStudentsImport *self);   /* NULL for a workbook */
guint             cf_students_import_get_header_row (CfStudentsImport *self);
guint             cf_students_import_get_n_rows     (CfStudentsImport *self);   /* data rows read */
/* (element-type CfStudent) (transfer none) */
GPtrArray        *cf_students_import_get_students   (CfStudentsImport *self);
guint             cf_students_import_get_n_grades   (CfStudentsImport *self);
/* The same student and subject again with the same values: kept once. */
guint             cf_students_import_get_n_duplicates (CfStudentsImport *self);
/* The same student and subject in another cycle (a failed attempt, then a
 * passed one): the latest cycle's is kept, the others counted here. */
guint             cf_students_import_get_n_earlier_attempts (CfStudentsImport *self);
/* (element-type CfStudentsRejected) (transfer none) */
GPtrArray        *cf_students_import_get_rejected   (CfStudentsImport *self);
/* (element-type CfStudentsFinding) (transfer none) */
GPtrArray        *cf_students_import_get_findings   (CfStudentsImport *self);

/* Writes the accepted students and grades in one transaction (see
 * cf-student-repo.h). */
gboolean          cf_students_import_commit         (CfStudentsImport *self,
                                                     CfStore          *store,
                                                     GError          **error);
void              cf_students_import_commit_async   (CfStudentsImport    *self,
                                                     CfStore             *store,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          cf_students_import_commit_finish  (GAsyncResult        *result,
                                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfStudentsImport, cf_students_import_free)

G_END_DECLS
