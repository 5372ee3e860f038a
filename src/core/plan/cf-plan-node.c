/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-node.c: the nodes of the plan tree (institution → campus →
 * career → plan → subject), rows, and what the repository reads of them. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/* Empty values share one string: most cells of a new node stay empty
 * until an import fills them, and 20,000 subjects make that many. */
char _cf_plan_empty_value[] = "";

void
_cf_plan_value_free (char *value)
{
  if (value != _cf_plan_empty_value)
    g_free (value);
}

CfPlanNode *
_cf_plan_node_new (CfPlanBook  *book,
          CfPlanLevel  level)
{
  CfPlanNode *node;

  node = g_malloc0 (sizeof (CfPlanNode) + _cf_plan_slot_counts[level] * sizeof (char *));
  node->level = level;
  node->uid = book->next_uid++;
  if (level != CF_PLAN_LEVEL_SUBJECT)
    node->children = g_ptr_array_new ();
  for (guint i = 0; i < _cf_plan_slot_counts[level]; i++)
    node->values[i] = _cf_plan_empty_value;
  if (level == CF_PLAN_LEVEL_PLAN)
    {
      node->values[_cf_plan_columns[CF_PLAN_COL_ESTATUS_PLAN].slot] = g_strdup (CF_PLAN_STATUS_CURRENT);
    }
  return node;
}

void
_cf_plan_node_free (CfPlanNode *node)
{
  if (node == NULL)
    return;

  if (node->children != NULL)
    {
      for (guint i = 0; i < node->children->len; i++)
        _cf_plan_node_free (g_ptr_array_index (node->children, i));
      g_ptr_array_unref (node->children);
    }
  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    _cf_plan_value_free (node->values[i]);
  g_free (node);
}

void
_cf_plan_node_take_value (CfPlanNode   *node,
                 CfPlanColumn  column,
                 char         *value)
{
  guint slot = _cf_plan_columns[column].slot;

  g_assert (_cf_plan_columns[column].level == node->level);
  _cf_plan_value_free (node->values[slot]);
  node->values[slot] = value != NULL ? value : _cf_plan_empty_value;
}

CfPlanLevel
cf_plan_node_get_level (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, CF_PLAN_LEVEL_SUBJECT);
  return node->level;
}

CfPlanNode *
cf_plan_node_get_parent (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->parent;
}

guint
cf_plan_node_get_n_children (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->children != NULL ? node->children->len : 0;
}

CfPlanNode *
cf_plan_node_get_child (const CfPlanNode *node,
                        guint             index)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (node->children == NULL || index >= node->children->len)
    return NULL;
  return g_ptr_array_index (node->children, index);
}

guint
cf_plan_node_get_index (const CfPlanNode *node)
{
  guint index = 0;

  g_return_val_if_fail (node != NULL, 0);

  if (node->parent != NULL)
    g_ptr_array_find (node->parent->children, node, &index);
  return index;
}

CfPlanNode *
cf_plan_node_get_ancestor (const CfPlanNode *node,
                           CfPlanLevel       level)
{
  g_return_val_if_fail (node != NULL, NULL);

  while (node != NULL && node->level > level)
    node = node->parent;
  return node != NULL && node->level == level ? (CfPlanNode *) node : NULL;
}

const char *
cf_plan_node_get (const CfPlanNode *node,
                  CfPlanColumn      column)
{
  const CfPlanNode *owner;

  g_return_val_if_fail (node != NULL, "");
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, "");
  g_return_val_if_fail (_cf_plan_columns[column].level <= node->level, "");

  owner = cf_plan_node_get_ancestor (node, _cf_plan_columns[column].level);
  if (owner == NULL)
    return "";
  return owner->values[_cf_plan_columns[column].slot];
}

guint
_cf_plan_node_get_source_row (const CfPlanNode *node)
{
  return node->source_row;
}

guint
cf_plan_node_get_uid (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->uid;
}

gboolean
cf_plan_node_is_current (const CfPlanNode *node)
{
  const CfPlanNode *plan;

  g_return_val_if_fail (node != NULL, FALSE);

  plan = cf_plan_node_get_ancestor (node, CF_PLAN_LEVEL_PLAN);
  if (plan == NULL)
    return TRUE;
  return !g_str_equal (plan->values[_cf_plan_columns[CF_PLAN_COL_ESTATUS_PLAN].slot],
                       CF_PLAN_STATUS_WITHDRAWN);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

CfPlanRow *
cf_plan_row_new (void)
{
  CfPlanRow *row = g_new0 (CfPlanRow, 1);

  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    row->cells[i] = g_strdup ("");
  return row;
}

CfPlanRow *
cf_plan_row_copy (const CfPlanRow *row)
{
  CfPlanRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_new0 (CfPlanRow, 1);
  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    copy->cells[i] = g_strdup (row->cells[i]);
  copy->row = row->row;
  copy->uid = row->uid;
  return copy;
}

void
cf_plan_row_free (CfPlanRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    g_free (row->cells[i]);
  g_free (row);
}

void
cf_plan_row_set (CfPlanRow    *row,
                 CfPlanColumn  column,
                 const char   *value)
{
  g_return_if_fail (row != NULL);
  g_return_if_fail (column < CF_PLAN_N_COLUMNS);

  g_free (row->cells[column]);
  row->cells[column] = g_strdup (value != NULL ? value : "");
}

static char *
make_key (const char *campus,
          const char *career,
          const char *plan,
          const char *subject)
{
  /* The unit separator cannot be typed into a cell by accident. */
  return g_strjoin ("\x1f", campus, career, plan, subject, NULL);
}

char *
cf_plan_row_dup_key (const CfPlanRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  return make_key (row->cells[CF_PLAN_COL_ID_CAMPUS], row->cells[CF_PLAN_COL_ID_CARRERA],
                   row->cells[CF_PLAN_COL_CLAVE_PLAN], row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
}

char *
cf_plan_node_dup_key (const CfPlanNode *subject)
{
  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (subject->level == CF_PLAN_LEVEL_SUBJECT, NULL);

  return make_key (cf_plan_node_get (subject, CF_PLAN_COL_ID_CAMPUS),
                   cf_plan_node_get (subject, CF_PLAN_COL_ID_CARRERA),
                   cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_PLAN),
                   cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA));
}

void
cf_plan_rejected_row_free (CfPlanRejectedRow *rejected)
{
  if (rejected == NULL)
    return;
  g_free (rejected->reason);
  g_free (rejected);
}

/* ------------------------------------------------------------------ */
/* Store helpers                                                       */
/* ------------------------------------------------------------------ */

void
_cf_plan_store_failed (GError **error,
                       GError  *cause)
{
  if (g_error_matches (cause, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT))
    g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT, cause->message);
  else
    g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_STORE,
                 _("The study plans could not be read or saved: %s"), cause->message);
  g_error_free (cause);
}

/* Store failures keep their message, in the plan's error domain. */
gboolean
_cf_plan_fail_with_store_error (GError **error,
              GError  *cause)
{
  _cf_plan_store_failed (error, cause);
  return FALSE;
}

guint
_cf_plan_level_n_slots (CfPlanLevel level)
{
  return _cf_plan_slot_counts[level];
}

CfPlanColumn
_cf_plan_level_column (CfPlanLevel level,
                       guint       slot)
{
  return _cf_plan_level_columns[level][slot];
}

const char *
_cf_plan_node_get_slot (const CfPlanNode *node,
                        guint             slot)
{
  return node->values[slot];
}

gint64
_cf_plan_node_get_db_id (const CfPlanNode *node)
{
  return node->db_id;
}

gint64
_cf_plan_node_get_row_version (const CfPlanNode *node)
{
  return node->row_version;
}

void
_cf_plan_node_set_stored (CfPlanNode *node,
                          gint64      db_id,
                          gint64      row_version)
{
  node->db_id = db_id;
  node->row_version = row_version;
}

void
_cf_plan_clear_db_ids (CfPlanNode *node)
{
  node->db_id = 0;
  node->row_version = 0;
  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      _cf_plan_clear_db_ids (g_ptr_array_index (node->children, i));
}
