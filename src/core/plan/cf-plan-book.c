/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-book.c: CfPlanBook, the tree of one institution's plans:
 * copying, listing, loading from the store, building from imported rows. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"

G_DEFINE_FINAL_TYPE (CfPlanBook, cf_plan_book, G_TYPE_OBJECT)

GParamSpec *_cf_plan_properties[N_PROPS];

guint _cf_plan_signals[N_SIGNALS];

G_DEFINE_QUARK (cf-plan-error-quark, cf_plan_error)

/* ------------------------------------------------------------------ */
/* CfPlanBook                                                          */
/* ------------------------------------------------------------------ */

void
_cf_plan_op_free (Op *op)
{
  g_free (op->old_value);
  g_free (op->new_value);
  _cf_plan_node_free (op->detached);
  g_clear_pointer (&op->steps, g_ptr_array_unref);
  g_free (op);
}

void
_cf_plan_index_subtree (CfPlanBook *self,
               CfPlanNode *node,
               gboolean    add)
{
  if (add)
    g_hash_table_insert (self->by_uid, GUINT_TO_POINTER (node->uid), node);
  else
    g_hash_table_remove (self->by_uid, GUINT_TO_POINTER (node->uid));

  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      _cf_plan_index_subtree (self, g_ptr_array_index (node->children, i), add);
}

static void
cf_plan_book_finalize (GObject *object)
{
  CfPlanBook *self = (CfPlanBook *) object;

  g_queue_clear_full (&self->undo, (GDestroyNotify) _cf_plan_op_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) _cf_plan_op_free);
  g_clear_pointer (&self->group, _cf_plan_op_free);
  g_clear_pointer (&self->by_uid, g_hash_table_unref);
  g_clear_pointer (&self->institution, _cf_plan_node_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_plan_book_parent_class)->finalize (object);
}

static void
cf_plan_book_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CfPlanBook *self = CF_PLAN_BOOK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, cf_plan_book_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, cf_plan_book_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_plan_book_class_init (CfPlanBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_plan_book_finalize;
  object_class->get_property = cf_plan_book_get_property;

  _cf_plan_properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _cf_plan_properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, _cf_plan_properties);

  _cf_plan_signals[VALUE_CHANGED] =
    g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_INT);
  _cf_plan_signals[CHILDREN_CHANGED] =
    g_signal_new ("children-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_POINTER, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cf_plan_book_init (CfPlanBook *self)
{
  self->next_uid = 1;
  self->by_uid = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->institution = _cf_plan_node_new (self, CF_PLAN_LEVEL_INSTITUTION);
  _cf_plan_index_subtree (self, self->institution, TRUE);
}

CfPlanBook *
cf_plan_book_new (void)
{
  return g_object_new (CF_TYPE_PLAN_BOOK, NULL);
}

/* The same tree with the same uids, values and source rows. */
static CfPlanNode *
node_clone (CfPlanBook       *book,
            const CfPlanNode *node)
{
  CfPlanNode *clone = _cf_plan_node_new (book, node->level);

  clone->uid = node->uid;
  clone->source_row = node->source_row;
  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    {
      _cf_plan_value_free (clone->values[i]);
      clone->values[i] = node->values[i] == _cf_plan_empty_value ? _cf_plan_empty_value : g_strdup (node->values[i]);
    }
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      CfPlanNode *child = node_clone (book, g_ptr_array_index (node->children, i));

      child->parent = clone;
      g_ptr_array_add (clone->children, child);
    }
  return clone;
}

CfPlanBook *
cf_plan_book_copy (CfPlanBook *self)
{
  CfPlanBook *copy;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  copy = cf_plan_book_new ();
  g_hash_table_remove_all (copy->by_uid);
  _cf_plan_node_free (copy->institution);
  copy->institution = node_clone (copy, self->institution);
  copy->next_uid = self->next_uid;
  _cf_plan_index_subtree (copy, copy->institution, TRUE);
  return copy;
}

CfStore *
cf_plan_book_get_store (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return self->store;
}

CfPlanNode *
cf_plan_book_get_institution (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return self->institution;
}

static void
collect_level (CfPlanNode  *node,
               CfPlanLevel  level,
               gboolean     current_only,
               GPtrArray   *out)
{
  if (node->level == level)
    {
      if (!current_only || cf_plan_node_is_current (node))
        g_ptr_array_add (out, node);
      return;
    }
  if (current_only && node->level == CF_PLAN_LEVEL_PLAN && !cf_plan_node_is_current (node))
    return;
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    collect_level (g_ptr_array_index (node->children, i), level, current_only, out);
}

GPtrArray *
cf_plan_book_list_subjects (CfPlanBook *self,
                            gboolean    current_only)
{
  GPtrArray *out;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  out = g_ptr_array_new ();
  collect_level (self->institution, CF_PLAN_LEVEL_SUBJECT, current_only, out);
  return out;
}

GPtrArray *
cf_plan_book_list_level (CfPlanBook  *self,
                         CfPlanLevel  level)
{
  GPtrArray *out;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  out = g_ptr_array_new ();
  collect_level (self->institution, level, FALSE, out);
  return out;
}

guint
cf_plan_book_get_n_subjects (CfPlanBook *self)
{
  g_autoptr(GPtrArray) subjects = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), 0);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  return subjects->len;
}

CfPlanNode *
cf_plan_book_lookup_uid (CfPlanBook *self,
                         guint       uid)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return g_hash_table_lookup (self->by_uid, GUINT_TO_POINTER (uid));
}

CfPlanNode *
cf_plan_book_get_subject_at_row (CfPlanBook *self,
                                 guint       row)
{
  g_autoptr(GPtrArray) subjects = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  if (row < 2 || row - 2 >= subjects->len)
    return NULL;
  return g_ptr_array_index (subjects, row - 2);
}

guint
cf_plan_book_get_row_of (CfPlanBook *self,
                         CfPlanNode *subject)
{
  g_autoptr(GPtrArray) subjects = NULL;
  guint index;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), 0);
  g_return_val_if_fail (subject != NULL, 0);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  if (!g_ptr_array_find (subjects, subject, &index))
    return 0;
  return index + 2;
}

GPtrArray *
cf_plan_book_to_rows (CfPlanBook *self,
                      gboolean    current_only)
{
  g_autoptr(GPtrArray) subjects = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  subjects = cf_plan_book_list_subjects (self, current_only);
  rows = g_ptr_array_new_full (subjects->len, (GDestroyNotify) cf_plan_row_free);
  for (guint i = 0; i < subjects->len; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (subjects, i);
      CfPlanRow *row = g_new0 (CfPlanRow, 1);

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        row->cells[c] = g_strdup (cf_plan_node_get (subject, c));
      row->row = i + 2;
      row->uid = subject->uid;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* ---- Loading ---- */

CfPlanNode *
_cf_plan_book_get_root (CfPlanBook *self)
{
  return self->institution;
}

void
_cf_plan_node_set_loaded_values (CfPlanNode         *node,
                                 const char * const *values)
{
  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    _cf_plan_node_take_value (node, _cf_plan_level_columns[node->level][i], g_strdup (values[i]));
}

CfPlanNode *
_cf_plan_book_append_loaded (CfPlanBook         *self,
                             CfPlanNode         *parent,
                             const char * const *values)
{
  CfPlanNode *node = _cf_plan_node_new (self, parent->level + 1);

  node->parent = parent;
  g_ptr_array_add (parent->children, node);
  _cf_plan_node_set_loaded_values (node, values);
  return node;
}

void
_cf_plan_book_finish_load (CfPlanBook *self,
                           CfStore    *store)
{
  _cf_plan_index_subtree (self, self->institution, TRUE);
  g_set_object (&self->store, store);
}

CfPlanBook *
cf_plan_book_load (CfStore  *store,
                   GError  **error)
{
  GError *local_error = NULL;
  CfPlanBook *book;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  book = cf_plan_repo_load (store, &local_error);
  if (book == NULL)
    _cf_plan_fail_with_store_error (error, local_error);
  return book;
}

gboolean
cf_plan_book_save_to_store (CfPlanBook  *self,
                            CfStore     *store,
                            GError     **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_plan_repo_replace_all (store, self->institution, &local_error))
    {
      if (self->store != store)
        _cf_plan_clear_db_ids (self->institution);
      return _cf_plan_fail_with_store_error (error, local_error);
    }

  /* The ids now point into @store; a book bound elsewhere must not keep them. */
  if (self->store != NULL && self->store != store)
    _cf_plan_clear_db_ids (self->institution);

  return TRUE;
}

/* ---- Building from rows (import) ---- */

typedef struct
{
  CfPlanNode *node;
  guint       first_row;
} Seen;

static gboolean
merge_check (CfPlanNode   *node,
             guint         first_row,
             CfPlanRow    *row,
             GPtrArray    *rejected)
{
  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    {
      CfPlanColumn column = _cf_plan_level_columns[node->level][i];
      const char *have = node->values[i];
      const char *want = row->cells[column];

      /* A blank later row means "the same as above". */
      if (*want == '\0' || *have == '\0' || g_str_equal (have, want))
        continue;

      if (rejected != NULL)
        {
          CfPlanRejectedRow *r = g_new0 (CfPlanRejectedRow, 1);

          r->row = row->row;
          /* Translators: a rejected row on import; %s are the column name
           * (ID_CARRERA...) and the two values, %u the earlier row. */
          r->reason = g_strdup_printf (_("%s is “%s” here but “%s” on row %u for the same %s; "
                                         "the row was left out"),
                                       _cf_plan_columns[column].name, want, have, first_row,
                                       _cf_plan_columns[_cf_plan_level_key_column[node->level]].name);
          g_ptr_array_add (rejected, r);
        }
      return FALSE;
    }

  return TRUE;
}

static void
merge_fill (CfPlanNode *node,
            CfPlanRow  *row)
{
  for (guint i = 0; i < _cf_plan_slot_counts[node->level]; i++)
    {
      CfPlanColumn column = _cf_plan_level_columns[node->level][i];

      if (*node->values[i] == '\0' && *row->cells[column] != '\0')
        _cf_plan_node_take_value (node, column, g_strdup (row->cells[column]));
    }
}

static void
reject (GPtrArray  *rejected,
        guint       row,
        char       *reason)
{
  CfPlanRejectedRow *r;

  if (rejected == NULL)
    {
      g_free (reason);
      return;
    }
  r = g_new0 (CfPlanRejectedRow, 1);
  r->row = row;
  r->reason = reason;
  g_ptr_array_add (rejected, r);
}

CfPlanBook *
cf_plan_book_new_from_rows (GPtrArray *rows,
                            GPtrArray *rejected)
{
  static const CfPlanColumn identity[] = {
    CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
  };
  g_autoptr(CfPlanBook) self = cf_plan_book_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Seen *last_campus = NULL, *last_career = NULL, *last_plan = NULL;
  guint institution_row = 0;

  g_return_val_if_fail (rows != NULL, NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);
      g_autofree char *campus_key = NULL;
      g_autofree char *career_key = NULL;
      g_autofree char *plan_key = NULL;
      Seen *campus, *career, *plan;
      CfPlanNode *subject;
      gboolean missing = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
        if (*row->cells[identity[i]] == '\0')
          {
            /* Translators: %s is a column name such as ID_ASIGNATURA. */
            reject (rejected, row->row,
                    g_strdup_printf (_("%s is empty, so the row cannot be placed in a plan"),
                                     _cf_plan_columns[identity[i]].name));
            missing = TRUE;
            break;
          }
      if (missing)
        continue;

      /* One institution per workbook. */
      if (institution_row == 0)
        institution_row = row->row;
      else if (!merge_check (self->institution, institution_row, row, rejected))
        continue;

      /* Rows of one plan usually come together: skip the keys and look-ups. */
      if (last_plan != NULL &&
          g_str_equal (row->cells[CF_PLAN_COL_ID_CAMPUS], cf_plan_node_get (last_plan->node, CF_PLAN_COL_ID_CAMPUS)) &&
          g_str_equal (row->cells[CF_PLAN_COL_ID_CARRERA], cf_plan_node_get (last_plan->node, CF_PLAN_COL_ID_CARRERA)) &&
          g_str_equal (row->cells[CF_PLAN_COL_CLAVE_PLAN], cf_plan_node_get (last_plan->node, CF_PLAN_COL_CLAVE_PLAN)))
        {
          campus = last_campus;
          career = last_career;
          plan = last_plan;
        }
      else
        {
          campus_key = g_strdup (row->cells[CF_PLAN_COL_ID_CAMPUS]);
          career_key = g_strjoin ("\x1f", campus_key, row->cells[CF_PLAN_COL_ID_CARRERA], NULL);
          plan_key = g_strjoin ("\x1f", career_key, row->cells[CF_PLAN_COL_CLAVE_PLAN], NULL);

          campus = g_hash_table_lookup (seen, campus_key);
          career = g_hash_table_lookup (seen, career_key);
          plan = g_hash_table_lookup (seen, plan_key);
        }

      if ((campus != NULL && !merge_check (campus->node, campus->first_row, row, rejected)) ||
          (career != NULL && !merge_check (career->node, career->first_row, row, rejected)) ||
          (plan != NULL && !merge_check (plan->node, plan->first_row, row, rejected)))
        continue;

      merge_fill (self->institution, row);

      if (campus == NULL)
        {
          campus = g_new0 (Seen, 1);
          campus->node = _cf_plan_node_new (self, CF_PLAN_LEVEL_CAMPUS);
          campus->first_row = row->row;
          campus->node->parent = self->institution;
          g_ptr_array_add (self->institution->children, campus->node);
          g_hash_table_insert (seen, g_strdup (campus_key), campus);
        }
      merge_fill (campus->node, row);

      if (career == NULL)
        {
          career = g_new0 (Seen, 1);
          career->node = _cf_plan_node_new (self, CF_PLAN_LEVEL_CAREER);
          career->first_row = row->row;
          career->node->parent = campus->node;
          g_ptr_array_add (campus->node->children, career->node);
          g_hash_table_insert (seen, g_strdup (career_key), career);
        }
      merge_fill (career->node, row);

      if (plan == NULL)
        {
          plan = g_new0 (Seen, 1);
          plan->node = _cf_plan_node_new (self, CF_PLAN_LEVEL_PLAN);
          /* Blank until a row says; current when none does (below). */
          _cf_plan_node_take_value (plan->node, CF_PLAN_COL_ESTATUS_PLAN, NULL);
          plan->first_row = row->row;
          plan->node->parent = career->node;
          g_ptr_array_add (career->node->children, plan->node);
          g_hash_table_insert (seen, g_strdup (plan_key), plan);
        }
      merge_fill (plan->node, row);

      last_campus = campus;
      last_career = career;
      last_plan = plan;

      subject = _cf_plan_node_new (self, CF_PLAN_LEVEL_SUBJECT);
      subject->source_row = row->row;
      merge_fill (subject, row);
      subject->parent = plan->node;
      g_ptr_array_add (plan->node->children, subject);
    }

  {
    g_autoptr(GPtrArray) plans = cf_plan_book_list_level (self, CF_PLAN_LEVEL_PLAN);

    for (guint i = 0; i < plans->len; i++)
      {
        CfPlanNode *plan = g_ptr_array_index (plans, i);

        if (*cf_plan_node_get (plan, CF_PLAN_COL_ESTATUS_PLAN) == '\0')
          _cf_plan_node_take_value (plan, CF_PLAN_COL_ESTATUS_PLAN, g_strdup (CF_PLAN_STATUS_CURRENT));
      }
  }

  _cf_plan_index_subtree (self, self->institution, TRUE);
  return g_steal_pointer (&self);
}
