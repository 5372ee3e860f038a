/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-import-mapping-dialog.h: the import's mapping step. One row per column
 * of the file, each with a drop-down saying which plan column it feeds (or
 * "Ignore"); a status line names the required columns still missing and
 * those chosen twice. */
#pragma once

#include <adwaita.h>

#include "cf-plan-import.h"

G_BEGIN_DECLS

#define CF_TYPE_IMPORT_MAPPING_DIALOG (cf_import_mapping_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CfImportMappingDialog, cf_import_mapping_dialog, CF, IMPORT_MAPPING_DIALOG, AdwMessageDialog)

/* Responses: "cancel" (also the close response) and "continue", enabled only
 * while no required column is missing and none is fed by two file columns.
 * Each drop-down change goes straight to cf_plan_import_set_mapping().
 *
 * The dialog does not own @import: the caller keeps it alive until the
 * dialog emits "response" (handlers see it intact, then read the mapping
 * from it); from then on the dialog no longer touches it.
 * @file_name is what the body names (the file's base name). */
GtkWidget    *cf_import_mapping_dialog_new           (GtkWindow             *parent,
                                                      CfPlanImport          *import,
                                                      const char            *file_name);
/* NULL once "response" was emitted. */
CfPlanImport *cf_import_mapping_dialog_get_import    (CfImportMappingDialog *self);
/* The drop-down of one file column (position 0 is "Ignore", then the
 * CfPlanColumns in order), for tests to act on the real widget. */
GtkDropDown  *cf_import_mapping_dialog_get_drop_down (CfImportMappingDialog *self,
                                                      guint                  source_column);
/* The status line's text (what is missing or repeated, or that all is set). */
const char   *cf_import_mapping_dialog_get_status    (CfImportMappingDialog *self);

G_END_DECLS
