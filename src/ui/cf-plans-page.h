/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-page.h: the "Study Plans" section, the Programa de Estudios
 * editor (issue 6).
 *
 * Careers and their plans in a side list; the subjects of the selected plan
 * in a table edited in place. Every edit goes through the CfPlanBook bound
 * to the store (saved as it happens, undoable); cells that differ from the
 * last version sent to SEP are painted yellow and say so to screen readers;
 * the changes and the validation findings are listed, each one leading to
 * its row. Verbs are the widget's "plans.*" actions. */
#pragma once

#include <adwaita.h>

#include "cf-plan.h"
#include "cf-plan-diff.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_PLANS_PAGE (cf_plans_page_get_type ())
G_DECLARE_FINAL_TYPE (CfPlansPage, cf_plans_page, CF, PLANS_PAGE, GtkWidget)

/* Properties: "store" (construct-only), "settings" (construct-only,
 * optional). */

CfPlanBook  *cf_plans_page_get_book        (CfPlansPage  *self);
/* The working copy against the last version sent (NULL before the first
 * load). */
CfPlanDiff  *cf_plans_page_get_diff        (CfPlansPage  *self);
/* (element-type CfFinding) (transfer none) */
GPtrArray   *cf_plans_page_get_findings    (CfPlansPage  *self);

/* Shows the plan holding the subject @uid and selects and scrolls to its
 * row: what activating a change or a finding does. */
void         cf_plans_page_show_subject    (CfPlansPage  *self,
                                            guint         uid);
/* The plan (node uid) whose subjects are on show, 0 for none. */
/* As cf_plans_page_show_subject(), then focuses the cell of @column (a
 * CfPlanColumn; the details entry for a plan, career or campus value;
 * -1: just the row): where a change or a problem takes the registrar. */
void         cf_plans_page_show_cell       (CfPlansPage  *self,
                                            guint         uid,
                                            int           column);
guint        cf_plans_page_get_plan_uid    (CfPlansPage  *self);
/* TRUE while an import is read or applied, or a refresh is pending. */
gboolean     cf_plans_page_get_busy        (CfPlansPage  *self);
/* The cell widget drawn for @column of subject @uid, or NULL when that
 * row is not on screen. */
GtkWidget   *cf_plans_page_get_cell        (CfPlansPage  *self,
                                            guint         uid,
                                            CfPlanColumn  column);

/* What "Export…" does once a file is chosen: the SEP workbook with the
 * changes in yellow. Refused with CF_PLAN_ERROR_HAS_ERRORS while the
 * findings have errors. */
gboolean     cf_plans_page_export_to_file  (CfPlansPage  *self,
                                            GFile        *file,
                                            GError      **error);
/* The same in MEC's sheets (CARRERAS, ASIGNATURAS, PROGRAMAS DE ESTUDIO,
 * NUMERO DE RVOE, CAMPUS) when @mec_shape: the Export dialog's choice. */
gboolean     cf_plans_page_export_to_file_shaped (CfPlansPage  *self,
                                                  GFile        *file,
                                                  gboolean      mec_shape,
                                                  GError      **error);
/* What "Import…" does once a file is chosen: reads it in a worker thread
 * (with a cancel button), then shows the preview; nothing is written until
 * the preview is accepted. */
void         cf_plans_page_import_file     (CfPlansPage  *self,
                                            GFile        *file);
/* What "Mark as Sent to SEP" does once confirmed. */
gboolean     cf_plans_page_mark_sent       (CfPlansPage  *self,
                                            GError      **error);

G_END_DECLS
