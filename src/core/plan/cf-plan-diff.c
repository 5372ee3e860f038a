/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-finding.h"
#include "cf-plan-diff.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"
#include "cf-plan-validate.h"

struct _CfPlanSnapshot
{
  gint64     id;
  GDateTime *sent_at;
  GPtrArray *rows;
};

typedef struct
{
  gboolean          is_new;
  guint32           changed;                        /* bit per column */
  const CfPlanRow  *base;                           /* NULL when new */
} RowState;

struct _CfPlanDiff
{
  gatomicrefcount  ref_count;
  GDateTime       *base_date;
  gboolean         has_base;
  GPtrArray       *rows;       /* CfPlanRow, working */
  GPtrArray       *base_rows;  /* CfPlanRow, sent */
  GArray          *changes;    /* CfPlanChange */
  GHashTable      *states;     /* key → RowState */
  guint            counts[3];
};

G_STATIC_ASSERT (CF_PLAN_N_COLUMNS <= 32);

/* ------------------------------------------------------------------ */
/* Snapshots                                                           */
/* ------------------------------------------------------------------ */

gint64
cf_plan_snapshot_get_id (const CfPlanSnapshot *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->id;
}

GDateTime *
cf_plan_snapshot_get_sent_at (const CfPlanSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sent_at;
}

char *
cf_plan_snapshot_dup_date (const CfPlanSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_date_time_format (self->sent_at, "%Y-%m-%d");
}

GPtrArray *
cf_plan_snapshot_get_rows (const CfPlanSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rows;
}

void
cf_plan_snapshot_free (CfPlanSnapshot *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->sent_at, g_date_time_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self);
}


static GDateTime *
parse_sent_at (const char *text)
{
  GDateTime *date = NULL;

  if (text != NULL)
    date = g_date_time_new_from_iso8601 (text, NULL);
  if (date == NULL)
    date = g_date_time_new_from_unix_utc (0);
  return date;
}

CfPlanSnapshot *
cf_plan_snapshot_load_last (CfStore  *store,
                            GError  **error)
{
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autofree char *sent_at = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *local_error = NULL;
  gint64 id = 0;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_plan_repo_last_snapshot (store, &id, &sent_at, &rows, &local_error))
    {
      _cf_plan_store_failed (error, local_error);
      return NULL;
    }
  if (id == 0)
    return NULL;

  snapshot = g_new0 (CfPlanSnapshot, 1);
  snapshot->id = id;
  snapshot->sent_at = parse_sent_at (sent_at);
  snapshot->rows = g_steal_pointer (&rows);
  for (guint i = 0; i < snapshot->rows->len; i++)
    {
      CfPlanRow *row = g_ptr_array_index (snapshot->rows, i);

      cf_plan_row_set (row, CF_PLAN_COL_ESTATUS_PLAN, CF_PLAN_STATUS_CURRENT);
      row->row = i + 2;
    }
  return g_steal_pointer (&snapshot);
}

guint
cf_plan_snapshot_count (CfStore  *store,
                        GError  **error)
{
  GError *local_error = NULL;
  int count;

  g_return_val_if_fail (CF_IS_STORE (store), 0);

  count = cf_plan_repo_count_snapshots (store, &local_error);
  if (count < 0)
    {
      _cf_plan_store_failed (error, local_error);
      return 0;
    }
  return count;
}

CfPlanSnapshot *
cf_plan_mark_sent (CfStore     *store,
                   CfPlanBook  *book,
                   GDateTime   *when,
                   GError     **error)
{
  g_autoptr(CfPlanHistory) history = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(CfPlanSnapshot) snapshot = NULL;
  g_autofree char *sent_at = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  history = cf_plan_history_load (store, error);
  if (history == NULL)
    return NULL;

  findings = cf_plan_validate (book, history, 0);
  if (cf_finding_list_has_errors (findings))
    {
      guint n = 0;

      for (guint i = 0; i < findings->len; i++)
        n += cf_finding_is_error (g_ptr_array_index (findings, i)) ? 1 : 0;
      g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_HAS_ERRORS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The study plans have %u error; correct it before marking them as sent to SEP.",
                                "The study plans have %u errors; correct them before marking them as sent to SEP.",
                                n), n);
      return NULL;
    }

  now = when != NULL ? g_date_time_to_utc (when) : g_date_time_new_now_utc ();
  sent_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  snapshot = g_new0 (CfPlanSnapshot, 1);
  snapshot->sent_at = g_date_time_ref (now);
  snapshot->rows = cf_plan_book_to_rows (book, TRUE);

  if (!cf_plan_repo_add_snapshot (store, sent_at, snapshot->rows, &snapshot->id, &local_error))
    {
      _cf_plan_store_failed (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&snapshot);
}

/* ------------------------------------------------------------------ */
/* Diff                                                                */
/* ------------------------------------------------------------------ */

/* Keys made unique by occurrence ("…#2"), so a duplicated ID (a validation
 * error) still matches the n-th row to the n-th row. */
static GPtrArray *
unique_keys (GPtrArray *rows)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *keys = g_ptr_array_new_full (rows->len, g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char *key = cf_plan_row_dup_key (g_ptr_array_index (rows, i));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

      g_hash_table_replace (counts, g_strdup (key), GUINT_TO_POINTER (n));
      if (n > 1)
        {
          char *numbered = g_strdup_printf ("%s#%u", key, n);

          g_free (key);
          key = numbered;
        }
      g_ptr_array_add (keys, key);
    }
  return keys;
}

static GPtrArray *
copy_rows (GPtrArray *rows)
{
  GPtrArray *copy = g_ptr_array_new_full (rows != NULL ? rows->len : 0, (GDestroyNotify) cf_plan_row_free);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_ptr_array_add (copy, cf_plan_row_copy (g_ptr_array_index (rows, i)));
  return copy;
}

static void
add_change (CfPlanDiff        *self,
            CfPlanChangeKind   kind,
            const CfPlanRow   *row,
            CfPlanColumn       column,
            const char        *old_value,
            const char        *new_value)
{
  CfPlanChange change = { kind, row, column, old_value, new_value };

  g_array_append_val (self->changes, change);
  self->counts[kind]++;
}

/* What identifies the node owning @column on @row: a value of the plan
 * (or above) is one change however many subject rows repeat it. */
static char *
owner_key (const CfPlanRow *row,
           CfPlanColumn     column)
{
  CfPlanLevel level = cf_plan_column_get_level (column);

  return g_strdup_printf ("%d\x1f%s\x1f%s\x1f%s\x1f%s", (int) column,
                          level >= CF_PLAN_LEVEL_CAMPUS ? row->cells[CF_PLAN_COL_ID_CAMPUS] : "",
                          level >= CF_PLAN_LEVEL_CAREER ? row->cells[CF_PLAN_COL_ID_CARRERA] : "",
                          level >= CF_PLAN_LEVEL_PLAN ? row->cells[CF_PLAN_COL_CLAVE_PLAN] : "",
                          row->cells[column]);
}

/* Takes @rows and @base_rows (NULL = nothing sent yet). Cells of the
 * first @n_columns columns are compared. */
static CfPlanDiff *
diff_new_take (GPtrArray *rows,
               GPtrArray *base_rows,
               GDateTime *base_date,
               guint      n_columns)
{
  g_autoptr(GHashTable) owners = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) base_keys = NULL;
  g_autoptr(GHashTable) base_by_key = NULL;
  g_autoptr(GHashTable) matched = NULL;
  g_autoptr(GArray) cells = NULL;
  CfPlanDiff *self;

  self = g_new0 (CfPlanDiff, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->rows = rows;
  self->has_base = base_rows != NULL;
  self->base_rows = base_rows != NULL ? base_rows : copy_rows (NULL);
  self->base_date = base_date != NULL ? g_date_time_ref (base_date) : NULL;
  self->changes = g_array_new (FALSE, FALSE, sizeof (CfPlanChange));
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Nothing sent yet: the first file is not an update, nothing to mark. */
  if (!self->has_base)
    return self;

  keys = unique_keys (self->rows);
  base_keys = unique_keys (self->base_rows);
  base_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  matched = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < self->base_rows->len; i++)
    g_hash_table_insert (base_by_key, g_ptr_array_index (base_keys, i),
                         g_ptr_array_index (self->base_rows, i));

  /* Changed cells are collected apart so the list reads new rows first. */
  cells = g_array_new (FALSE, FALSE, sizeof (CfPlanChange));
  owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const CfPlanRow *row = g_ptr_array_index (self->rows, i);
      const CfPlanRow *sent = g_hash_table_lookup (base_by_key, key);
      RowState *state = g_new0 (RowState, 1);

      g_hash_table_replace (self->states, g_strdup (key), state);
      if (sent == NULL)
        {
          state->is_new = TRUE;
          add_change (self, CF_PLAN_CHANGE_NEW_ROW, row, 0, NULL, NULL);
          continue;
        }

      g_hash_table_add (matched, (gpointer) key);
      state->base = sent;
      for (guint c = 0; c < n_columns; c++)
        if (!g_str_equal (row->cells[c], sent->cells[c]))
          {
            CfPlanChange change = { CF_PLAN_CHANGE_CELL, row, c, sent->cells[c], row->cells[c] };

            /* Every row of the plan is still painted; the change is
             * listed and counted once, on the plan's first row. */
            state->changed |= 1u << c;
            if (cf_plan_column_get_level (c) != CF_PLAN_LEVEL_SUBJECT &&
                !g_hash_table_add (owners, owner_key (row, c)))
              continue;
            g_array_append_val (cells, change);
          }
    }

  g_array_append_vals (self->changes, cells->data, cells->len);
  self->counts[CF_PLAN_CHANGE_CELL] = cells->len;

  for (guint i = 0; i < self->base_rows->len; i++)
    if (!g_hash_table_contains (matched, g_ptr_array_index (base_keys, i)))
      add_change (self, CF_PLAN_CHANGE_REMOVED_ROW, g_ptr_array_index (self->base_rows, i), 0, NULL, NULL);

  return self;
}

CfPlanDiff *
cf_plan_diff_new (GPtrArray            *rows,
                  const CfPlanSnapshot *base)
{
  g_return_val_if_fail (rows != NULL, NULL);

  return diff_new_take (copy_rows (rows), base != NULL ? copy_rows (base->rows) : NULL,
                        base != NULL ? base->sent_at : NULL, CF_PLAN_N_SEP_COLUMNS);
}

CfPlanDiff *
cf_plan_diff_new_between (CfPlanBook *current,
                          CfPlanBook *imported)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (current), NULL);
  g_return_val_if_fail (CF_IS_PLAN_BOOK (imported), NULL);

  return diff_new_take (cf_plan_book_to_rows (imported, FALSE), cf_plan_book_to_rows (current, FALSE),
                        NULL, CF_PLAN_N_COLUMNS);
}

CfPlanDiff *
cf_plan_diff_new_for_book (CfPlanBook  *book,
                           CfStore     *store,
                           GError     **error)
{
  g_autoptr(CfPlanSnapshot) base = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  base = cf_plan_snapshot_load_last (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  /* Fresh rows on both sides: the diff takes them rather than copies. */
  rows = cf_plan_book_to_rows (book, TRUE);
  if (base == NULL)
    return diff_new_take (g_steal_pointer (&rows), NULL, NULL, CF_PLAN_N_SEP_COLUMNS);
  return diff_new_take (g_steal_pointer (&rows), g_steal_pointer (&base->rows), base->sent_at,
                        CF_PLAN_N_SEP_COLUMNS);
}

CfPlanDiff *
cf_plan_diff_ref (CfPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_plan_diff_unref (CfPlanDiff *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->base_date, g_date_time_unref);
  g_hash_table_unref (self->states);
  g_array_unref (self->changes);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->base_rows);
  g_free (self);
}

gboolean
cf_plan_diff_has_base (CfPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_base;
}

GDateTime *
cf_plan_diff_get_base_date (CfPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->base_date;
}

guint
cf_plan_diff_get_n_changes (CfPlanDiff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->changes->len;
}

const CfPlanChange *
cf_plan_diff_get_change (CfPlanDiff *self,
                         guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->changes->len, NULL);
  return &g_array_index (self->changes, CfPlanChange, index);
}

guint
cf_plan_diff_count (CfPlanDiff       *self,
                    CfPlanChangeKind  kind)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (kind <= CF_PLAN_CHANGE_REMOVED_ROW, 0);
  return self->counts[kind];
}

gboolean
cf_plan_diff_is_new_row (CfPlanDiff *self,
                         const char *key)
{
  RowState *state;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  state = g_hash_table_lookup (self->states, key);
  return state != NULL && state->is_new;
}

gboolean
cf_plan_diff_is_changed (CfPlanDiff    *self,
                         const char    *key,
                         CfPlanColumn   column,
                         const char   **old_value)
{
  RowState *state;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (column >= CF_PLAN_N_COLUMNS)
    return FALSE;
  state = g_hash_table_lookup (self->states, key);
  if (state == NULL || (state->changed & (1u << column)) == 0)
    return FALSE;
  if (old_value != NULL)
    *old_value = state->base->cells[column];
  return TRUE;
}

gboolean
cf_plan_diff_is_highlighted (CfPlanDiff   *self,
                             const char   *key,
                             CfPlanColumn  column)
{
  return cf_plan_diff_is_new_row (self, key) || cf_plan_diff_is_changed (self, key, column, NULL);
}

static void
append_member (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, ", \"%s\": ", name);
  cf_json_append_string (out, value);
}

char *
cf_plan_diff_to_json (CfPlanDiff *self)
{
  static const char * const kinds[] = { "new-row", "cell", "removed-row" };
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new ("{\"base\": ");
  if (self->has_base)
    {
      g_autofree char *sent_at = g_date_time_format (self->base_date, "%Y-%m-%dT%H:%M:%SZ");

      g_string_append (out, "{\"sent_at\": ");
      cf_json_append_string (out, sent_at);
      g_string_append (out, "}");
    }
  else
    g_string_append (out, "null");

  g_string_append_printf (out, ", \"new_rows\": %u, \"changed_cells\": %u, \"removed_rows\": %u, \"changes\": [",
                          self->counts[CF_PLAN_CHANGE_NEW_ROW], self->counts[CF_PLAN_CHANGE_CELL],
                          self->counts[CF_PLAN_CHANGE_REMOVED_ROW]);

  for (guint i = 0; i < self->changes->len; i++)
    {
      const CfPlanChange *change = &g_array_index (self->changes, CfPlanChange, i);

      g_string_append_printf (out, "%s{\"kind\": \"%s\", \"row\": %u", i > 0 ? ", " : "",
                              kinds[change->kind], change->row->row);
      append_member (out, "id_campus", change->row->cells[CF_PLAN_COL_ID_CAMPUS]);
      append_member (out, "id_carrera", change->row->cells[CF_PLAN_COL_ID_CARRERA]);
      append_member (out, "clave_plan", change->row->cells[CF_PLAN_COL_CLAVE_PLAN]);
      append_member (out, "id_asignatura", change->row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
      if (change->kind == CF_PLAN_CHANGE_CELL)
        {
          append_member (out, "column", cf_plan_column_get_name (change->column));
          append_member (out, "old", change->old_value);
          append_member (out, "new", change->new_value);
        }
      g_string_append_c (out, '}');
    }

  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}
