/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-import-mapping-dialog.h: an import's mapping step. One row per column
 * of the file, each with a drop-down saying which known column it feeds
 * (or "Ignore"); a status line names the required columns still missing
 * and those chosen twice. It serves any import through a small table of
 * functions (CfImportMappingFuncs): the plan import's and the students
 * import's are here. */
#pragma once

#include <adwaita.h>

#include "cf-plan-import.h"
#include "cf-students-import.h"

G_BEGIN_DECLS

/* A file column that feeds nothing (both imports use -1). */
#define CF_IMPORT_MAPPING_UNMAPPED (-1)

/* What the dialog asks of an import (@import is the import; a target is
 * one of its known columns, 0 … n_targets - 1). Optional: target_repeats
 * (NULL: none may come from two file columns) and source_is_shown (NULL:
 * every file column is listed). */
typedef struct
{
  guint        n_targets;
  /* As SEP's files spell it, for the status line ("ID_CARRERA"). */
  const char *(*get_target_name)      (int       target);
  /* The drop-down's text, translated ("Career ID (ID_CARRERA)"). */
  char       *(*dup_target_choice)    (int       target);
  gboolean    (*target_repeats)       (int       target);
  gboolean    (*header_is_known)      (const char *header);
  guint       (*get_n_source_columns) (gpointer  import);
  const char *(*get_source_header)    (gpointer  import,
                                       guint     source_column);
  gboolean    (*source_is_shown)      (gpointer  import,
                                       guint     source_column);
  /* Rows for samples. */
  guint       (*get_n_rows)           (gpointer  import);
  const char *(*get_cell)             (gpointer  import,
                                       guint     row,
                                       guint     source_column);
  int         (*get_mapping)          (gpointer  import,
                                       guint     source_column);
  void        (*set_mapping)          (gpointer  import,
                                       guint     source_column,
                                       int       target);
  /* Required targets nothing feeds (GINT_TO_POINTER) (transfer container). */
  GPtrArray  *(*list_missing)         (gpointer  import);
} CfImportMappingFuncs;

#define CF_TYPE_IMPORT_MAPPING_DIALOG (cf_import_mapping_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CfImportMappingDialog, cf_import_mapping_dialog, CF, IMPORT_MAPPING_DIALOG, AdwMessageDialog)

/* Responses: "cancel" (also the close response) and "continue", enabled only
 * while no required column is missing and none that may not repeat is fed
 * by two file columns. Each drop-down change goes straight to the import's
 * set_mapping.
 *
 * The dialog does not own @import: the caller keeps it alive until the
 * dialog emits "response" (handlers see it intact, then read the mapping
 * from it); from then on the dialog no longer touches it. @funcs must
 * outlive the dialog (a static table).
 * @file_name is what the body names (the file's base name). */
GtkWidget    *cf_import_mapping_dialog_new_full      (GtkWindow                  *parent,
                                                      const CfImportMappingFuncs *funcs,
                                                      gpointer                    import,
                                                      const char                 *file_name);
/* The Programa de Estudios import: every CfPlanColumn. */
GtkWidget    *cf_import_mapping_dialog_new           (GtkWindow             *parent,
                                                      CfPlanImport          *import,
                                                      const char            *file_name);
/* The students import: every CfStudentsColumn; in a wide layout the
 * subject groups' columns are not listed (cf_students_import_is_group_column). */
GtkWidget    *cf_import_mapping_dialog_new_for_students (GtkWindow         *parent,
                                                         CfStudentsImport  *import,
                                                         const char        *file_name);
/* The import given to the constructor; NULL once "response" was emitted. */
gpointer      cf_import_mapping_dialog_get_import    (CfImportMappingDialog *self);
/* The drop-down of one listed file column (position 0 is "Ignore", then
 * the targets in order), for tests to act on the real widget. */
GtkDropDown  *cf_import_mapping_dialog_get_drop_down (CfImportMappingDialog *self,
                                                      guint                  source_column);
/* The status line's text (what is missing or repeated, or that all is set). */
const char   *cf_import_mapping_dialog_get_status    (CfImportMappingDialog *self);

G_END_DECLS
