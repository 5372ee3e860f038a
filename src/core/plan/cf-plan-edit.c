/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-edit.c: editing a book: values, inserts, removals, moves, each
 * written through to the store when bound, with undo and redo. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"

/* ---- Edits ---- */

/* The primitive changes, each persisted in one transaction when bound and
 * undone in memory when the store refuses. */

static gboolean
apply_set (CfPlanBook    *self,
           CfPlanNode    *owner,
           CfPlanColumn   column,
           const char    *value,
           GError       **error)
{
  guint slot = _cf_plan_columns[column].slot;
  char *previous = owner->values[slot];

  owner->values[slot] = g_strdup (value);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_set_value (self->store, owner, column, previous, &local_error))
        {
          _cf_plan_fail_with_store_error (error, local_error);
          goto fail;
        }
    }

  _cf_plan_value_free (previous);
  g_signal_emit (self, _cf_plan_signals[VALUE_CHANGED], 0, owner, (int) column);
  return TRUE;

fail:
  _cf_plan_value_free (owner->values[slot]);
  owner->values[slot] = previous;
  return FALSE;
}

static gboolean
apply_attach (CfPlanBook  *self,
              CfPlanNode  *parent,
              guint        position,
              CfPlanNode  *node,
              GError     **error)
{
  g_assert (node->parent == NULL);
  g_assert (position <= parent->children->len);

  g_ptr_array_insert (parent->children, position, node);
  node->parent = parent;

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_insert (self->store, node, &local_error))
        {
          _cf_plan_fail_with_store_error (error, local_error);
          goto fail;
        }
    }

  _cf_plan_index_subtree (self, node, TRUE);
  g_signal_emit (self, _cf_plan_signals[CHILDREN_CHANGED], 0, parent, position, 0u, 1u);
  return TRUE;

fail:
  _cf_plan_clear_db_ids (node);
  g_ptr_array_remove_index (parent->children, position);
  node->parent = NULL;
  return FALSE;
}

static gboolean
apply_detach (CfPlanBook  *self,
              CfPlanNode  *node,
              GError     **error)
{
  CfPlanNode *parent = node->parent;
  guint position = cf_plan_node_get_index (node);

  g_assert (parent != NULL);

  g_ptr_array_remove_index (parent->children, position);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_delete (self->store, parent, node, &local_error))
        {
          _cf_plan_fail_with_store_error (error, local_error);
          goto fail;
        }
    }

  node->parent = NULL;
  _cf_plan_clear_db_ids (node);
  _cf_plan_index_subtree (self, node, FALSE);
  g_signal_emit (self, _cf_plan_signals[CHILDREN_CHANGED], 0, parent, position, 1u, 0u);
  return TRUE;

fail:
  g_ptr_array_insert (parent->children, position, node);
  return FALSE;
}

static gboolean
apply_move (CfPlanBook  *self,
            CfPlanNode  *node,
            guint        to,
            GError     **error)
{
  CfPlanNode *parent = node->parent;
  guint from = cf_plan_node_get_index (node);

  if (from == to)
    return TRUE;

  g_ptr_array_remove_index (parent->children, from);
  g_ptr_array_insert (parent->children, to, node);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_renumber (self->store, parent, &local_error))
        {
          _cf_plan_fail_with_store_error (error, local_error);
          goto fail;
        }
    }

  g_signal_emit (self, _cf_plan_signals[CHILDREN_CHANGED], 0, parent, MIN (from, to),
                 MAX (from, to) - MIN (from, to) + 1, MAX (from, to) - MIN (from, to) + 1);
  return TRUE;

fail:
  g_ptr_array_remove_index (parent->children, to);
  g_ptr_array_insert (parent->children, from, node);
  return FALSE;
}

static void
notify_history (CfPlanBook *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), _cf_plan_properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), _cf_plan_properties[PROP_CAN_REDO]);
}

static void
push_op (CfPlanBook *self,
         Op         *op)
{
  g_queue_clear_full (&self->redo, (GDestroyNotify) _cf_plan_op_free);
  if (self->group != NULL)
    {
      g_ptr_array_add (self->group->steps, op);
      return;
    }
  g_queue_push_head (&self->undo, op);
  while (self->undo.length > MAX_UNDO)
    _cf_plan_op_free (g_queue_pop_tail (&self->undo));
  notify_history (self);
}

static CfPlanNode *
lookup_or_fail (CfPlanBook  *self,
                guint        uid,
                GError     **error)
{
  CfPlanNode *node = cf_plan_book_lookup_uid (self, uid);

  if (node == NULL)
    g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                         _("The change cannot be undone: the row it touched is gone."));
  return node;
}

static gboolean run_op (CfPlanBook *self, Op *op, gboolean forward, GError **error);

/* A group's steps, last first when undoing. When one fails, those already
 * run are run back, so the book stays as it was before the group. */
static gboolean
run_group (CfPlanBook  *self,
           Op          *group,
           gboolean     forward,
           GError     **error)
{
  guint n = group->steps->len;

  for (guint i = 0; i < n; i++)
    {
      Op *step = g_ptr_array_index (group->steps, forward ? i : n - 1 - i);

      if (!run_op (self, step, forward, error))
        {
          while (i-- > 0)
            {
              Op *done = g_ptr_array_index (group->steps, forward ? i : n - 1 - i);
              g_autoptr(GError) ignored = NULL;

              if (!run_op (self, done, !forward, &ignored))
                g_warning ("Could not put a grouped change back: %s", ignored->message);
            }
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs @op forwards (redo = TRUE) or backwards. */
static gboolean
run_op (CfPlanBook  *self,
        Op          *op,
        gboolean     forward,
        GError     **error)
{
  CfPlanNode *node, *parent;

  switch (op->kind)
    {
    case OP_GROUP:
      return run_group (self, op, forward, error);

    case OP_SET:
      if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
        return FALSE;
      return apply_set (self, node, op->column, forward ? op->new_value : op->old_value, error);

    case OP_MOVE:
      if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
        return FALSE;
      return apply_move (self, node, forward ? op->position : op->old_position, error);

    case OP_INSERT:
    case OP_REMOVE:
      if ((op->kind == OP_INSERT) == forward)
        {
          /* Put the detached node back. */
          if ((parent = lookup_or_fail (self, op->parent_uid, error)) == NULL)
            return FALSE;
          if (op->detached == NULL || op->position > parent->children->len)
            {
              g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                                   _("The change cannot be undone: the rows around it changed."));
              return FALSE;
            }
          if (!apply_attach (self, parent, op->position, op->detached, error))
            return FALSE;
          op->detached = NULL;
          return TRUE;
        }
      else
        {
          if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
            return FALSE;
          if (!apply_detach (self, node, error))
            return FALSE;
          op->detached = node;
          return TRUE;
        }

    default:
      g_assert_not_reached ();
    }
}

gboolean
cf_plan_book_set_value (CfPlanBook    *self,
                        CfPlanNode    *node,
                        CfPlanColumn   column,
                        const char    *value,
                        GError       **error)
{
  g_autofree char *canonical = NULL;
  CfPlanNode *owner;
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owner = cf_plan_node_get_ancestor (node, _cf_plan_columns[column].level);
  if (owner == NULL)
    {
      g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_INVALID,
                   _("%s cannot be set on this row."), _cf_plan_columns[column].name);
      return FALSE;
    }

  canonical = cf_plan_canonical_value (column, value);
  if (g_str_equal (canonical, owner->values[_cf_plan_columns[column].slot]))
    return TRUE;

  op = g_new0 (Op, 1);
  op->kind = OP_SET;
  op->uid = owner->uid;
  op->column = column;
  op->old_value = g_strdup (owner->values[_cf_plan_columns[column].slot]);
  op->new_value = g_steal_pointer (&canonical);

  if (!apply_set (self, owner, column, op->new_value, error))
    {
      _cf_plan_op_free (op);
      return FALSE;
    }
  push_op (self, op);
  return TRUE;
}

static CfPlanNode *
attach_new (CfPlanBook  *self,
            CfPlanNode  *parent,
            guint        position,
            CfPlanNode  *node,
            GError     **error)
{
  Op *op;

  op = g_new0 (Op, 1);
  op->kind = OP_INSERT;
  op->uid = node->uid;
  op->parent_uid = parent->uid;
  op->position = position;

  if (!apply_attach (self, parent, position, node, error))
    {
      op->detached = node;
      _cf_plan_op_free (op);
      return NULL;
    }
  push_op (self, op);
  return node;
}

/* The ID column a node of @level owns, or -1. */
static int
id_column_of (CfPlanLevel level)
{
  return level == CF_PLAN_LEVEL_CAREER ? CF_PLAN_COL_ID_CARRERA
         : level == CF_PLAN_LEVEL_SUBJECT ? CF_PLAN_COL_ID_ASIGNATURA : -1;
}

CfPlanNode *
cf_plan_book_insert_with_id (CfPlanBook  *self,
                             CfPlanNode  *parent,
                             int          position,
                             const char  *id,
                             GError     **error)
{
  CfPlanNode *node;
  int column;
  guint at;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (parent->level != CF_PLAN_LEVEL_SUBJECT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  at = position < 0 || (guint) position > parent->children->len ? parent->children->len : (guint) position;
  node = _cf_plan_node_new (self, parent->level + 1);
  /* Set before attaching: the insert and its ID are one undoable step. */
  if (id != NULL && (column = id_column_of (node->level)) >= 0)
    {
      _cf_plan_value_free (node->values[_cf_plan_columns[column].slot]);
      node->values[_cf_plan_columns[column].slot] = cf_plan_canonical_value (column, id);
    }
  return attach_new (self, parent, at, node, error);
}

CfPlanNode *
cf_plan_book_insert (CfPlanBook  *self,
                     CfPlanNode  *parent,
                     int          position,
                     GError     **error)
{
  guint at;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (parent->level != CF_PLAN_LEVEL_SUBJECT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  at = position < 0 || (guint) position > parent->children->len ? parent->children->len : (guint) position;
  return attach_new (self, parent, at, _cf_plan_node_new (self, parent->level + 1), error);
}

static CfPlanNode *
node_copy (CfPlanBook       *self,
           const CfPlanNode *node)
{
  CfPlanNode *copy = _cf_plan_node_new (self, node->level);

  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    {
      _cf_plan_value_free (copy->values[i]);
      copy->values[i] = g_strdup (node->values[i]);
    }
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      CfPlanNode *child = node_copy (self, g_ptr_array_index (node->children, i));

      child->parent = copy;
      g_ptr_array_add (copy->children, child);
    }
  return copy;
}

CfPlanNode *
cf_plan_book_duplicate (CfPlanBook  *self,
                        CfPlanNode  *node,
                        GError     **error)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (node != NULL && node->parent != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return attach_new (self, node->parent, cf_plan_node_get_index (node) + 1,
                     node_copy (self, node), error);
}

CfPlanNode *
cf_plan_book_duplicate_with_id (CfPlanBook  *self,
                                CfPlanNode  *node,
                                const char  *id,
                                GError     **error)
{
  CfPlanNode *copy;
  int column;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (node != NULL && node->parent != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = node_copy (self, node);
  if (id != NULL && (column = id_column_of (copy->level)) >= 0)
    {
      _cf_plan_value_free (copy->values[_cf_plan_columns[column].slot]);
      copy->values[_cf_plan_columns[column].slot] = cf_plan_canonical_value (column, id);
    }
  return attach_new (self, node->parent, cf_plan_node_get_index (node) + 1, copy, error);
}

gboolean
cf_plan_book_remove (CfPlanBook  *self,
                     CfPlanNode  *node,
                     GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL && node->parent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = g_new0 (Op, 1);
  op->kind = OP_REMOVE;
  op->uid = node->uid;
  op->parent_uid = node->parent->uid;
  op->position = cf_plan_node_get_index (node);

  if (!apply_detach (self, node, error))
    {
      _cf_plan_op_free (op);
      return FALSE;
    }
  op->detached = node;
  push_op (self, op);
  return TRUE;
}

gboolean
cf_plan_book_move (CfPlanBook  *self,
                   CfPlanNode  *node,
                   guint        position,
                   GError     **error)
{
  Op *op;
  guint from;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL && node->parent != NULL, FALSE);
  g_return_val_if_fail (position < node->parent->children->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from = cf_plan_node_get_index (node);
  if (from == position)
    return TRUE;

  op = g_new0 (Op, 1);
  op->kind = OP_MOVE;
  op->uid = node->uid;
  op->old_position = from;
  op->position = position;

  if (!apply_move (self, node, position, error))
    {
      _cf_plan_op_free (op);
      return FALSE;
    }
  push_op (self, op);
  return TRUE;
}

/* ---- Groups ---- */

void
cf_plan_book_begin_group (CfPlanBook *self)
{
  g_return_if_fail (CF_IS_PLAN_BOOK (self));

  if (self->group_depth++ > 0)
    return;
  self->group = g_new0 (Op, 1);
  self->group->kind = OP_GROUP;
  self->group->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) _cf_plan_op_free);
}

void
cf_plan_book_end_group (CfPlanBook *self)
{
  Op *group;

  g_return_if_fail (CF_IS_PLAN_BOOK (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;
  group = g_steal_pointer (&self->group);
  if (group->steps->len == 0)
    {
      _cf_plan_op_free (group);
      return;
    }
  if (group->steps->len == 1)
    {
      /* A group of one is that edit. */
      Op *only = g_ptr_array_steal_index (group->steps, 0);

      _cf_plan_op_free (group);
      group = only;
    }
  push_op (self, group);
}

gboolean
cf_plan_book_cancel_group (CfPlanBook  *self,
                           GError     **error)
{
  Op *group;
  gboolean ok;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (self->group_depth > 0, FALSE);

  /* Only the outermost group is undone, as one. */
  if (--self->group_depth > 0)
    return TRUE;
  group = g_steal_pointer (&self->group);
  ok = run_group (self, group, FALSE, error);
  _cf_plan_op_free (group);
  return ok;
}

gboolean
cf_plan_book_can_undo (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  return self->undo.length > 0;
}

gboolean
cf_plan_book_can_redo (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  return self->redo.length > 0;
}

gboolean
cf_plan_book_undo (CfPlanBook  *self,
                   GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_return_val_if_fail (self->group == NULL, FALSE);

  op = g_queue_peek_head (&self->undo);
  if (op == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to undo."));
      return FALSE;
    }
  if (!run_op (self, op, FALSE, error))
    return FALSE;

  g_queue_push_head (&self->redo, g_queue_pop_head (&self->undo));
  notify_history (self);
  return TRUE;
}

gboolean
cf_plan_book_redo (CfPlanBook  *self,
                   GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_return_val_if_fail (self->group == NULL, FALSE);

  op = g_queue_peek_head (&self->redo);
  if (op == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to redo."));
      return FALSE;
    }
  if (!run_op (self, op, TRUE, error))
    return FALSE;

  g_queue_push_head (&self->undo, g_queue_pop_head (&self->redo));
  notify_history (self);
  return TRUE;
}
/* ---- Importing into a bound book ---- */

/* Children are matched by their level's ID; a repeated ID (a validation
 * error) matches the n-th to the n-th, as the diff does. */
static char *
child_key (CfPlanNode *child,
           GHashTable *counts)
{
  const char *id = child->values[_cf_plan_columns[_cf_plan_level_key_column[child->level]].slot];
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, id)) + 1;

  g_hash_table_insert (counts, (gpointer) id, GUINT_TO_POINTER (n));
  return g_strdup_printf ("%s\x1f%u", id, n);
}

/* Makes @target (in @self) hold what @source holds with as few edits as
 * possible: changed values set, missing children removed, new children
 * inserted whole, the rest moved into the file's order and merged. */
static gboolean
merge_node (CfPlanBook  *self,
            CfPlanNode  *target,
            CfPlanNode  *source,
            GError     **error)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GHashTable) used = NULL;
  g_autoptr(GPtrArray) matches = NULL;

  for (guint i = 0; i < _cf_plan_slot_counts[target->level]; i++)
    if (!g_str_equal (target->values[i], source->values[i]) &&
        !cf_plan_book_set_value (self, target, _cf_plan_level_columns[target->level][i], source->values[i], error))
      return FALSE;

  if (target->children == NULL)
    return TRUE;

  counts = g_hash_table_new (g_str_hash, g_str_equal);
  by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < target->children->len; i++)
    g_hash_table_insert (by_key, child_key (g_ptr_array_index (target->children, i), counts),
                         g_ptr_array_index (target->children, i));

  g_hash_table_remove_all (counts);
  used = g_hash_table_new (NULL, NULL);
  matches = g_ptr_array_sized_new (source->children->len);
  for (guint i = 0; i < source->children->len; i++)
    {
      g_autofree char *key = child_key (g_ptr_array_index (source->children, i), counts);
      CfPlanNode *match = g_hash_table_lookup (by_key, key);

      g_ptr_array_add (matches, match);
      if (match != NULL)
        g_hash_table_add (used, match);
    }

  for (guint i = target->children->len; i-- > 0;)
    {
      CfPlanNode *child = g_ptr_array_index (target->children, i);

      if (!g_hash_table_contains (used, child) && !cf_plan_book_remove (self, child, error))
        return FALSE;
    }

  /* Positions before @i already hold the file's first @i children. */
  for (guint i = 0; i < source->children->len; i++)
    {
      CfPlanNode *from = g_ptr_array_index (source->children, i);
      CfPlanNode *match = g_ptr_array_index (matches, i);

      if (match == NULL)
        {
          if (attach_new (self, target, i, node_copy (self, from), error) == NULL)
            return FALSE;
          continue;
        }
      if (cf_plan_node_get_index (match) != i && !cf_plan_book_move (self, match, i, error))
        return FALSE;
      if (!merge_node (self, match, from, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_plan_book_import (CfPlanBook  *self,
                     CfPlanBook  *imported,
                     GError     **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (CF_IS_PLAN_BOOK (imported) && imported != self, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cf_plan_book_begin_group (self);
  if (!merge_node (self, self->institution, imported->institution, &local_error))
    {
      g_autoptr(GError) ignored = NULL;

      if (!cf_plan_book_cancel_group (self, &ignored))
        g_warning ("Could not take back a failed import: %s", ignored->message);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  cf_plan_book_end_group (self);
  return TRUE;
}
