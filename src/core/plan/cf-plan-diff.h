/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-diff.h: versions of the Programa de Estudios.
 *
 * "Marcar como enviado a SEP" freezes what SEP got (the current plans, as
 * flat rows) with its date, and records every ID_CARRERA and ID_ASIGNATURA
 * in it with the career or subject it named and when it was first sent: an
 * ID is never given to another one (cf-plan-validate checks it).
 *
 * The diff compares the rows SEP would get now with the last sent snapshot,
 * matching rows by campus, career, plan and subject ID: new rows, changed
 * cells (old → new) and removed rows. It is what the export paints yellow
 * and what the editor highlights. */
#pragma once

#include "cf-plan.h"
#include "cf-plan-history.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

typedef struct _CfPlanSnapshot CfPlanSnapshot;

gint64       cf_plan_snapshot_get_id      (const CfPlanSnapshot *self);
/* UTC */
GDateTime   *cf_plan_snapshot_get_sent_at (const CfPlanSnapshot *self);
/* "2024-05-17" */
char        *cf_plan_snapshot_dup_date    (const CfPlanSnapshot *self);
/* (element-type CfPlanRow) (transfer none), in the order sent. */
GPtrArray   *cf_plan_snapshot_get_rows    (const CfPlanSnapshot *self);
void         cf_plan_snapshot_free        (CfPlanSnapshot       *self);

/* The last snapshot marked as sent, or NULL without error when there is none. */
CfPlanSnapshot *cf_plan_snapshot_load_last (CfStore  *store,
                                            GError  **error);
/* Number of snapshots ever taken. */
guint        cf_plan_snapshot_count       (CfStore  *store,
                                           GError  **error);

/* Freezes the book's current plans as sent to SEP at @when (NULL = now),
 * and adds their IDs to the history, in one transaction. Refused with
 * CF_PLAN_ERROR_HAS_ERRORS while validation finds errors (what was sent
 * must have been exported, and export is blocked by errors). */
CfPlanSnapshot *cf_plan_mark_sent         (CfStore     *store,
                                           CfPlanBook  *book,
                                           GDateTime   *when,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPlanSnapshot, cf_plan_snapshot_free)

/* ------------------------------------------------------------------ */
/* The diff                                                            */
/* ------------------------------------------------------------------ */

typedef enum
{
  CF_PLAN_CHANGE_NEW_ROW,
  CF_PLAN_CHANGE_CELL,
  CF_PLAN_CHANGE_REMOVED_ROW,
} CfPlanChangeKind;

typedef struct
{
  CfPlanChangeKind  kind;
  const CfPlanRow  *row;        /* NEW_ROW, CELL: the working row; REMOVED_ROW: the sent row */
  CfPlanColumn      column;     /* CELL */
  const char       *old_value;  /* CELL */
  const char       *new_value;  /* CELL */
} CfPlanChange;

typedef struct _CfPlanDiff CfPlanDiff;

/* @rows: what SEP would get now (cf_plan_book_to_rows (book, TRUE));
 * @base: NULL when nothing was ever sent (then nothing is a change: the
 * first file is not an update). The diff keeps its own copies. */
CfPlanDiff         *cf_plan_diff_new           (GPtrArray            *rows,
                                                const CfPlanSnapshot *base);
/* What importing @imported would do to @current: every plan (withdrawn
 * ones too) and ESTATUS_PLAN compared; "new" and "removed" are rows
 * @imported adds to or takes from @current. No base date. */
CfPlanDiff         *cf_plan_diff_new_between   (CfPlanBook           *current,
                                                CfPlanBook           *imported);
/* The book's current plans against the store's last snapshot. */
CfPlanDiff         *cf_plan_diff_new_for_book  (CfPlanBook           *book,
                                                CfStore              *store,
                                                GError              **error);
CfPlanDiff         *cf_plan_diff_ref           (CfPlanDiff           *self);
void                cf_plan_diff_unref         (CfPlanDiff           *self);

gboolean            cf_plan_diff_has_base      (CfPlanDiff           *self);
/* NULL without base. */
GDateTime          *cf_plan_diff_get_base_date (CfPlanDiff           *self);

/* New rows, then changed cells, then removed rows, each in row order. A
 * changed value of a plan (or its career, campus, institution) is one
 * change, on the plan's first row, though every row shows it. */
guint               cf_plan_diff_get_n_changes (CfPlanDiff           *self);
const CfPlanChange *cf_plan_diff_get_change    (CfPlanDiff           *self,
                                                guint                 index);
guint               cf_plan_diff_count         (CfPlanDiff           *self,
                                                CfPlanChangeKind      kind);

/* Per row and cell, by row key (cf_plan_row_dup_key / cf_plan_node_dup_key).
 * A key absent from the working rows is neither new nor changed. */
gboolean            cf_plan_diff_is_new_row    (CfPlanDiff           *self,
                                                const char           *key);
/* TRUE when the cell changed; *@old_value (may be NULL) gets what was sent. */
gboolean            cf_plan_diff_is_changed    (CfPlanDiff           *self,
                                                const char           *key,
                                                CfPlanColumn          column,
                                                const char          **old_value);
/* New row or changed cell: what is painted yellow. */
gboolean            cf_plan_diff_is_highlighted (CfPlanDiff          *self,
                                                 const char          *key,
                                                 CfPlanColumn         column);

/* {"base": {"id": 1, "sent_at": "…"} | null, "new_rows": n, "changed_cells": n,
 *  "removed_rows": n, "changes": [{"kind": "new-row" | "cell" | "removed-row",
 *  "row": n, "id_campus": …, "id_carrera": …, "clave_plan": …,
 *  "id_asignatura": …, "column": …, "old": …, "new": …}, …]} */
char               *cf_plan_diff_to_json       (CfPlanDiff           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPlanDiff, cf_plan_diff_unref)

G_END_DECLS
