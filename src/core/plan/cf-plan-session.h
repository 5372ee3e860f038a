/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-session.h: the Programa de Estudios as one registrar works on it:
 * the working copy bound to the store, the last version sent to SEP and the
 * ID history, and — kept in step after every edit — the diff against that
 * version and the validation findings. Loading, importing and the refresh
 * after an edit run in worker threads; results arrive on the main context.
 * No GTK: the plans page shows a session, tests drive one without a display. */
#pragma once

#include "cf-plan.h"
#include "cf-plan-diff.h"

G_BEGIN_DECLS

#define CF_TYPE_PLAN_SESSION (cf_plan_session_get_type ())
G_DECLARE_FINAL_TYPE (CfPlanSession, cf_plan_session, CF, PLAN_SESSION, GObject)

CfPlanSession  *cf_plan_session_new            (CfStore        *store);
CfStore        *cf_plan_session_get_store      (CfPlanSession  *self);
/* NULL before the first load. Replaced by each load ("loaded" signal). */
CfPlanBook     *cf_plan_session_get_book       (CfPlanSession  *self);
/* NULL before the first load; never older than the book once a refresh
 * finished ("refreshed" signal). */
CfPlanDiff     *cf_plan_session_get_diff       (CfPlanSession  *self);
GPtrArray      *cf_plan_session_get_findings   (CfPlanSession  *self);   /* CfFinding */
/* The history of IDs sent (never NULL once loaded). */
CfPlanHistory  *cf_plan_session_get_history    (CfPlanSession  *self);
guint           cf_plan_session_count_errors   (CfPlanSession  *self);
/* TRUE while loading, or while the diff and findings lag behind an edit. */
gboolean        cf_plan_session_get_busy       (CfPlanSession  *self);
gboolean        cf_plan_session_get_loading    (CfPlanSession  *self);
/* A book with plans, no errors, nothing loading. */
gboolean        cf_plan_session_can_export     (CfPlanSession  *self);

/* Reads the store's working copy, after saving @import (nullable) as it
 * in one transaction. A failed import leaves both store and session as
 * they were. */
void            cf_plan_session_load_async     (CfPlanSession        *self,
                                                CfPlanBook           *import,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        cf_plan_session_load_finish    (CfPlanSession        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* Diffs and validates now, on this thread (before an export). */
void            cf_plan_session_refresh_now    (CfPlanSession  *self);
/* Keeps the current book as the version sent to SEP. */
gboolean        cf_plan_session_mark_sent      (CfPlanSession  *self,
                                                GError        **error);
/* Reloads when another desk or process wrote to the store (the store's
 * "changed" signal); on by default. */
void            cf_plan_session_set_follow_store (CfPlanSession *self,
                                                  gboolean       follow);

G_END_DECLS
