/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-repo.h: the Programa de Estudios in the store: the working copy
 * (one row per node, each with its row_version), the versions sent to SEP
 * and the ID history. Every write checks the row_version it read: a row
 * another desk changed or removed is never overwritten (CONFLICT). */
#pragma once

#include "cf-store.h"
#include "cf-plan.h"

G_BEGIN_DECLS

CfPlanBook *cf_plan_repo_load            (CfStore      *store,
                                          GError      **error);
/* Replaces the working copy with @institution's tree (import). */
gboolean    cf_plan_repo_replace_all     (CfStore      *store,
                                          CfPlanNode   *institution,
                                          GError      **error);
/* @node already holds the new value of @column; @old_value is what it had. */
gboolean    cf_plan_repo_set_value       (CfStore      *store,
                                          CfPlanNode   *node,
                                          CfPlanColumn  column,
                                          const char   *old_value,
                                          GError      **error);
/* @node (and its subtree) was just attached under its parent. */
gboolean    cf_plan_repo_insert          (CfStore      *store,
                                          CfPlanNode   *node,
                                          GError      **error);
/* @node was just detached from @parent. */
gboolean    cf_plan_repo_delete          (CfStore      *store,
                                          CfPlanNode   *parent,
                                          CfPlanNode   *node,
                                          GError      **error);
/* @parent's children were reordered. */
gboolean    cf_plan_repo_renumber        (CfStore      *store,
                                          CfPlanNode   *parent,
                                          GError      **error);

/* The last version sent: *@id 0 when none was. @rows (CfPlanRow). */
gboolean    cf_plan_repo_last_snapshot   (CfStore      *store,
                                          gint64       *id,
                                          char        **sent_at,
                                          GPtrArray   **rows,
                                          GError      **error);
int         cf_plan_repo_count_snapshots (CfStore      *store,
                                          GError      **error);   /* -1 on error */
/* A new version sent, with the IDs it uses added to the history. */
gboolean    cf_plan_repo_add_snapshot    (CfStore      *store,
                                          const char   *sent_at,
                                          GPtrArray    *rows,
                                          gint64       *id,
                                          GError      **error);
typedef void (*CfPlanRepoHistoryFunc)    (const char   *kind,
                                          const char   *id,
                                          const char   *clave,
                                          const char   *nombre,
                                          const char   *first_used,
                                          gpointer      user_data);
gboolean    cf_plan_repo_each_history    (CfStore              *store,
                                          CfPlanRepoHistoryFunc func,
                                          gpointer              user_data,
                                          GError              **error);

G_END_DECLS
