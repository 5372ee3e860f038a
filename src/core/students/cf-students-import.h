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
 * Nothing is written until cf_students_import_commit().
 *
 * The mapping step (as the plan import's): each cell of the header row is
 * matched to a CfStudentsColumn by its name. When a header row was found
 * but a required column (matrícula, career, subject) is not among the
 * names recognised, reading gives an import that needs mapping: its
 * header cells, a few sample rows and what is missing, and no students.
 * cf_students_import_set_mapping() says which file column holds what, and
 * cf_students_import_apply_mapping() reads the rows again with it. In the
 * wide layout only the header fields need naming: the subject groups are
 * recognised by their repeated names. */
#pragma once

#include <gio/gio.h>

#include "cf-store.h"
#include "cf-student.h"

G_BEGIN_DECLS

#define CF_STUDENTS_IMPORT_ERROR (cf_students_import_error_quark ())

typedef enum
{
  CF_STUDENTS_IMPORT_ERROR_NO_HEADER,   /* no sheet/row names the students' columns */
  CF_STUDENTS_IMPORT_ERROR_MISSING,     /* a required column is not mapped */
  CF_STUDENTS_IMPORT_ERROR_ENCODING,    /* a CSV neither UTF-8 nor Windows-1252 */
  CF_STUDENTS_IMPORT_ERROR_TOO_LARGE,
  CF_STUDENTS_IMPORT_ERROR_IO,
} CfStudentsImportError;

GQuark cf_students_import_error_quark (void);

#define CF_STUDENTS_IMPORT_MAX_CSV_BYTES (512 * 1024 * 1024)
#define CF_STUDENTS_IMPORT_MAX_COLUMNS   4096

/* The columns an export can have: the student's, then a grade's (repeated
 * once per subject in the wide layout). */
typedef enum
{
  CF_STUDENTS_COL_MATRICULA,
  CF_STUDENTS_COL_CURP,
  CF_STUDENTS_COL_NOMBRE,
  CF_STUDENTS_COL_PRIMER_APELLIDO,
  CF_STUDENTS_COL_SEGUNDO_APELLIDO,
  CF_STUDENTS_COL_GENERO,
  CF_STUDENTS_COL_FECHA_NACIMIENTO,
  CF_STUDENTS_COL_EMAIL,
  CF_STUDENTS_COL_CARRERA,
  CF_STUDENTS_COL_PLAN,
  CF_STUDENTS_COL_CAMPUS,
  CF_STUDENTS_COL_TIPO_CERTIFICACION,
  CF_STUDENTS_COL_FECHA_EXPEDICION,
  CF_STUDENTS_N_STUDENT_COLUMNS,
  CF_STUDENTS_COL_ASIGNATURA = CF_STUDENTS_N_STUDENT_COLUMNS,
  CF_STUDENTS_COL_CICLO,
  CF_STUDENTS_COL_CALIFICACION,
  CF_STUDENTS_COL_OBSERVACIONES,
  CF_STUDENTS_COL_TIPO_ASIGNATURA,
  CF_STUDENTS_COL_CREDITOS,
  CF_STUDENTS_N_COLUMNS,
} CfStudentsColumn;

/* A file column that feeds no CfStudentsColumn (ignored). */
#define CF_STUDENTS_IMPORT_UNMAPPED (-1)

/* As SEP's files spell it ("ID_CARRERA"). */
const char *cf_students_column_get_name    (CfStudentsColumn  column);
/* In words, translated ("Career ID"). */
const char *cf_students_column_get_label   (CfStudentsColumn  column);
/* Matrícula, career and subject: without them no row can be read. */
gboolean    cf_students_column_is_required (CfStudentsColumn  column);
/* A grade's column: once per subject group in the wide layout. */
gboolean    cf_students_column_repeats     (CfStudentsColumn  column);
/* The column a header names (accents, case, spacing, "de"/"del" and a
 * group's number ignored: "Núm. Control", "CURP del alumno",
 * "calificacion 3"); FALSE when it names none. @column may be NULL. */
gboolean    cf_students_column_from_header (const char       *header,
                                            CfStudentsColumn *column);

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
 * or CF_XLSX_ERROR for a workbook that cannot be read. A header row whose
 * required columns are not all recognised is no error: the import needs
 * mapping (cf_students_import_needs_mapping()). */
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

/* The mapping step. TRUE while a required column has no file column:
 * nothing was read beyond the header and a few sample rows. */
gboolean          cf_students_import_needs_mapping        (CfStudentsImport *self);
/* The cells of the header row, as written in the file ("" when blank). */
guint             cf_students_import_get_n_source_columns (CfStudentsImport *self);
const char       *cf_students_import_get_source_header    (CfStudentsImport *self,
                                                           guint             source_column);
/* The first data rows below the header (at most 20), as samples for the
 * mapping step; a cell is "" when blank. */
guint             cf_students_import_get_n_sample_rows    (CfStudentsImport *self);
const char       *cf_students_import_get_cell             (CfStudentsImport *self,
                                                           guint             row,
                                                           guint             source_column);
/* A CfStudentsColumn, or CF_STUDENTS_IMPORT_UNMAPPED. */
int               cf_students_import_get_mapping          (CfStudentsImport *self,
                                                           guint             source_column);
void              cf_students_import_set_mapping          (CfStudentsImport *self,
                                                           guint             source_column,
                                                           int               column);
/* A column of the repeated subject groups of a wide layout (as found in
 * the header, before any change): the mapping step leaves them alone. */
gboolean          cf_students_import_is_group_column      (CfStudentsImport *self,
                                                           guint             source_column);
/* Required columns no file column feeds (element-type CfStudentsColumn as
 * GINT_TO_POINTER) (transfer container). */
GPtrArray        *cf_students_import_list_missing         (CfStudentsImport *self);
/* FALSE with CF_STUDENTS_IMPORT_ERROR_MISSING naming the missing columns:
 * what the command line prints. */
gboolean          cf_students_import_check_mapping        (CfStudentsImport *self,
                                                           GError          **error);
/* Reads the rows again with the mapping as set (the preview is replaced).
 * Only for an import that needed mapping: it keeps the file in memory
 * (the others do not). Fails with MISSING while a required column has no
 * file column. */
gboolean          cf_students_import_apply_mapping        (CfStudentsImport    *self,
                                                           CfStore             *store,
                                                           GCancellable        *cancellable,
                                                           GError             **error);
/* The same in a worker thread: @self must stay alive and untouched until
 * the callback runs. */
void              cf_students_import_apply_mapping_async  (CfStudentsImport    *self,
                                                           CfStore             *store,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          cf_students_import_apply_mapping_finish (GAsyncResult        *result,
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
