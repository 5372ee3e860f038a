/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-repo.c: the study plans' rows, on either engine.
 *
 * Every row written in a transaction gets that transaction's stamp as its
 * row_version (see cf_store_write()); an UPDATE or DELETE names the version
 * it read, so a row another desk changed, or removed and another re-created
 * under the same id, is left alone and reported. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-plan-repo.h"
#include "cf-plan-private.h"
#include "cf-audit-private.h"


static const char * const level_entities[N_LEVELS] = {
  "institution", "campus", "career", "plan", "subject",
};

/* The table of each level and the column naming its parent. */
static const char * const level_tables[N_LEVELS] = {
  "plan_institution", "plan_campus", "plan_career", "plan_plan", "plan_subject",
};

static const char * const level_parent_columns[N_LEVELS] = {
  NULL, "institution_id", "campus_id", "career_id", "plan_id",
};

static const char *
level_table (CfPlanLevel level)
{
  return level_tables[level];
}

static const char *
level_parent_column (CfPlanLevel level)
{
  return level_parent_columns[level];
}

static const CfPlanColumn level_id_columns[N_LEVELS] = {
  CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA,
  CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
};

static const char *
node_entity_id (const CfPlanNode *node)
{
  return cf_plan_node_get (node, level_id_columns[cf_plan_node_get_level (node)]);
}

static char *
column_sql_name (CfPlanColumn column)
{
  return g_ascii_strdown (cf_plan_column_get_name (column), -1);
}

/* ---- Loading ---- */

typedef struct
{
  CfPlanBook *book;
} LoadData;

static char *
select_level_sql (CfPlanLevel level)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, row_version");

  if (level != CF_PLAN_LEVEL_INSTITUTION)
    g_string_append_printf (sql, ", %s", level_parent_column (level));
  for (guint i = 0; i < _cf_plan_level_n_slots (level); i++)
    {
      g_autofree char *name = column_sql_name (_cf_plan_level_column (level, i));
      g_string_append_printf (sql, ", %s", name);
    }
  g_string_append_printf (sql, " FROM %s", level_table (level));
  if (level != CF_PLAN_LEVEL_INSTITUTION)
    g_string_append_printf (sql, " ORDER BY %s, ord, id", level_parent_column (level));
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
load_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  LoadData *data = user_data;
  g_autoptr(GHashTable) previous = NULL;

  for (CfPlanLevel level = CF_PLAN_LEVEL_INSTITUTION; level <= CF_PLAN_LEVEL_SUBJECT; level++)
    {
      g_autoptr(GHashTable) loaded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autofree char *sql = select_level_sql (level);
      g_autoptr(CfSqlRows) rows = cf_sql_query (conn, sql, NULL, 0, error);
      guint first = level == CF_PLAN_LEVEL_INSTITUTION ? 2 : 3;
      guint n = _cf_plan_level_n_slots (level);
      const char *values[16];

      if (rows == NULL)
        return FALSE;
      g_assert (n < G_N_ELEMENTS (values));

      for (guint r = 0; r < rows->n_rows; r++)
        {
          gint64 id = cf_sql_rows_int (rows, r, 0);
          CfPlanNode *node;

          for (guint i = 0; i < n; i++)
            {
              const char *text = cf_sql_rows_text (rows, r, first + i);
              values[i] = text != NULL ? text : "";
            }

          if (level == CF_PLAN_LEVEL_INSTITUTION)
            {
              node = _cf_plan_book_get_root (data->book);
              _cf_plan_node_set_loaded_values (node, values);
            }
          else
            {
              gint64 parent_id = cf_sql_rows_int (rows, r, 2);
              CfPlanNode *parent = g_hash_table_lookup (previous, &parent_id);

              /* Foreign keys make this impossible unless edited by hand. */
              if (parent == NULL)
                continue;
              node = _cf_plan_book_append_loaded (data->book, parent, values);
            }
          _cf_plan_node_set_stored (node, id, cf_sql_rows_int (rows, r, 1));
          g_hash_table_insert (loaded, g_memdup2 (&id, sizeof id), node);
        }

      g_clear_pointer (&previous, g_hash_table_unref);
      previous = g_steal_pointer (&loaded);
    }
  return TRUE;
}

CfPlanBook *
cf_plan_repo_load (CfStore  *store,
                   GError  **error)
{
  g_autoptr(CfPlanBook) book = cf_plan_book_new ();
  LoadData data = { book };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  /* One read transaction: a consistent picture while others write. */
  if (!cf_store_read (store, load_tx, &data, error))
    return NULL;
  _cf_plan_book_finish_load (book, store);
  return g_steal_pointer (&book);
}

/* ---- Writing nodes ---- */

static char *
insert_sql (CfPlanLevel level)
{
  GString *sql = g_string_new ("INSERT INTO ");
  guint n = _cf_plan_level_n_slots (level);

  g_string_append (sql, level_table (level));
  g_string_append (sql, " (row_version");
  if (level == CF_PLAN_LEVEL_INSTITUTION)
    g_string_append (sql, ", id");
  else
    g_string_append_printf (sql, ", %s, ord", level_parent_column (level));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = column_sql_name (_cf_plan_level_column (level, i));
      g_string_append_printf (sql, ", %s", name);
    }
  g_string_append (sql, ") VALUES (?, ?");
  if (level != CF_PLAN_LEVEL_INSTITUTION)
    g_string_append (sql, ", ?");
  for (guint i = 0; i < n; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") RETURNING id");
  return g_string_free (sql, FALSE);
}

typedef struct
{
  char *insert[N_LEVELS];
} Writer;

static void
writer_clear (Writer *writer)
{
  for (guint i = 0; i < N_LEVELS; i++)
    g_clear_pointer (&writer->insert[i], g_free);
}

/* A plan's subjects, many rows a statement: one round trip per row would
 * make a 20,000-subject import on a PostgreSQL server take seconds. The
 * ids are read back by position (ord), which is unique within a plan. */
#define SUBJECTS_PER_INSERT 200

static gboolean
insert_subjects (CfSqlConn   *conn,
                 CfPlanNode  *plan,
                 gint64       stamp,
                 GError     **error)
{
  guint n_children = cf_plan_node_get_n_children (plan);
  guint n_slots = _cf_plan_level_n_slots (CF_PLAN_LEVEL_SUBJECT);
  guint per_row = n_slots + 3;
  gint64 plan_id = _cf_plan_node_get_db_id (plan);
  g_autoptr(GString) head = g_string_new ("INSERT INTO plan_subject (row_version, plan_id, ord");
  g_autofree CfSqlValue *params = g_new0 (CfSqlValue, SUBJECTS_PER_INSERT * per_row);
  g_autoptr(CfSqlRows) ids = NULL;

  if (n_children == 0)
    return TRUE;

  for (guint i = 0; i < n_slots; i++)
    {
      g_autofree char *name = column_sql_name (_cf_plan_level_column (CF_PLAN_LEVEL_SUBJECT, i));
      g_string_append_printf (head, ", %s", name);
    }
  g_string_append (head, ") VALUES ");

  for (guint first = 0; first < n_children; first += SUBJECTS_PER_INSERT)
    {
      guint n = MIN (SUBJECTS_PER_INSERT, n_children - first);
      g_autoptr(GString) sql = g_string_new (head->str);
      guint p = 0;

      for (guint r = 0; r < n; r++)
        {
          CfPlanNode *subject = cf_plan_node_get_child (plan, first + r);

          g_string_append (sql, r == 0 ? "(?" : ", (?");
          for (guint c = 1; c < per_row; c++)
            g_string_append (sql, ", ?");
          g_string_append_c (sql, ')');

          params[p++] = CF_SQL_INT_V (stamp);
          params[p++] = CF_SQL_INT_V (plan_id);
          params[p++] = CF_SQL_INT_V (first + r);
          for (guint i = 0; i < n_slots; i++)
            params[p++] = CF_SQL_TEXT_V (_cf_plan_node_get_slot (subject, i));
        }
      if (!cf_sql_run (conn, sql->str, params, p, NULL, error))
        return FALSE;
    }

  ids = cf_sql_query (conn, "SELECT id, ord FROM plan_subject WHERE plan_id = ? ORDER BY ord",
                      CF_SQL_PARAMS (CF_SQL_INT_V (plan_id)), error);
  if (ids == NULL)
    return FALSE;
  if (ids->n_rows != n_children)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           "the subjects written do not match the plan");
      return FALSE;
    }
  for (guint r = 0; r < ids->n_rows; r++)
    {
      gint64 ord = cf_sql_rows_int (ids, r, 1);

      if (ord < 0 || ord >= n_children)
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                               "a subject was written out of place");
          return FALSE;
        }
      _cf_plan_node_set_stored (cf_plan_node_get_child (plan, ord), cf_sql_rows_int (ids, r, 0), stamp);
    }
  return TRUE;
}

static gboolean
insert_node (CfSqlConn   *conn,
             Writer      *writer,
             CfPlanNode  *node,
             gint64       parent_id,
             guint        ord,
             gint64       stamp,
             GError     **error)
{
  CfPlanLevel level = cf_plan_node_get_level (node);
  guint n = _cf_plan_level_n_slots (level);
  CfSqlValue params[20];
  guint p = 0;
  g_autoptr(CfSqlRows) rows = NULL;

  if (writer->insert[level] == NULL)
    writer->insert[level] = insert_sql (level);

  params[p++] = CF_SQL_INT_V (stamp);
  if (level == CF_PLAN_LEVEL_INSTITUTION)
    params[p++] = CF_SQL_INT_V (1);
  else
    {
      params[p++] = CF_SQL_INT_V (parent_id);
      params[p++] = CF_SQL_INT_V (ord);
    }
  for (guint i = 0; i < n; i++)
    params[p++] = CF_SQL_TEXT_V (_cf_plan_node_get_slot (node, i));

  rows = cf_sql_query (conn, writer->insert[level], params, p, error);
  if (rows == NULL)
    return FALSE;
  _cf_plan_node_set_stored (node, cf_sql_rows_int (rows, 0, 0), stamp);

  if (level == CF_PLAN_LEVEL_PLAN)
    return insert_subjects (conn, node, stamp, error);

  for (guint i = 0; i < cf_plan_node_get_n_children (node); i++)
    if (!insert_node (conn, writer, cf_plan_node_get_child (node, i),
                      _cf_plan_node_get_db_id (node), i, stamp, error))
      return FALSE;
  return TRUE;
}

static guint
count_subjects (CfPlanNode *node)
{
  guint n = 0;

  if (cf_plan_node_get_level (node) == CF_PLAN_LEVEL_SUBJECT)
    return 1;
  for (guint i = 0; i < cf_plan_node_get_n_children (node); i++)
    n += count_subjects (cf_plan_node_get_child (node, i));
  return n;
}

static gboolean
replace_all_tx (CfSqlConn  *conn,
                gint64      stamp,
                gpointer    user_data,
                GError    **error)
{
  CfPlanNode *institution = user_data;
  Writer writer = { { NULL } };
  g_autofree char *summary = NULL;
  gboolean ok;

  /* The children go with the institution (ON DELETE CASCADE). */
  if (!cf_sql_run (conn, "DELETE FROM plan_institution", NULL, 0, NULL, error))
    return FALSE;
  ok = insert_node (conn, &writer, institution, 0, 0, stamp, error);
  writer_clear (&writer);
  if (!ok)
    return FALSE;

  summary = g_strdup_printf ("%u", count_subjects (institution));
  return _cf_audit_record (conn, "import", "plans", node_entity_id (institution),
                           "subjects", NULL, summary, error);
}

gboolean
cf_plan_repo_replace_all (CfStore     *store,
                          CfPlanNode  *institution,
                          GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  return cf_store_write (store, replace_all_tx, institution, error);
}

/* Says what another desk did to a row we meant to write: for a value,
 * what the row holds now and what this desk tried to write (@ours, NULL
 * when the write was not of a value). */
static void
set_conflict (CfSqlConn     *conn,
              CfPlanNode    *node,
              CfPlanColumn   column,
              const char    *ours,
              GError       **error)
{
  CfPlanLevel level = cf_plan_node_get_level (node);
  g_autoptr(CfSqlRows) rows = NULL;
  const char *what = cf_plan_column_get_name (column);
  g_autofree char *name = column_sql_name (column);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", name, level_table (level));

  rows = cf_sql_query (conn, sql, CF_SQL_PARAMS (CF_SQL_INT_V (_cf_plan_node_get_db_id (node))), NULL);

  if (rows != NULL && rows->n_rows > 0 && ours != NULL)
    g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                 level == CF_PLAN_LEVEL_SUBJECT
                 ? _("Another person changed this subject; it was reloaded. %s is now “%s”; you wrote “%s”.")
                 : _("Another person changed this part of the plans; it was reloaded. %s is now “%s”; you wrote “%s”."),
                 what, cf_sql_rows_text (rows, 0, 0), ours);
  else if (rows != NULL && rows->n_rows > 0)
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                         level == CF_PLAN_LEVEL_SUBJECT
                         ? _("Another person changed this subject; the study plans were reloaded.")
                         : _("Another person changed this part of the plans; the study plans were reloaded."));
  else if (rows != NULL)
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                         level == CF_PLAN_LEVEL_SUBJECT
                         ? _("Another person removed this subject; the study plans were reloaded.")
                         : _("Another person removed this part of the plans; the study plans were reloaded."));
  else
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                         _("Another person changed the study plans; they were reloaded."));
}

typedef struct
{
  CfPlanNode   *node;
  gint64        db_id;
  gint64        version;
} Stored;

static Stored
stored_of (CfPlanNode *node)
{
  return (Stored) { node, _cf_plan_node_get_db_id (node), _cf_plan_node_get_row_version (node) };
}

static void
stored_restore (const Stored *stored)
{
  _cf_plan_node_set_stored (stored->node, stored->db_id, stored->version);
}

typedef struct
{
  CfPlanNode   *node;
  CfPlanColumn  column;
  const char   *old_value;
  Stored        read;
} SetData;

static gboolean
set_value_tx (CfSqlConn  *conn,
              gint64      stamp,
              gpointer    user_data,
              GError    **error)
{
  SetData *data = user_data;
  CfPlanNode *node = data->node;
  CfPlanLevel level = cf_plan_node_get_level (node);
  g_autofree char *name = column_sql_name (data->column);
  const char *value = cf_plan_node_get (node, data->column);
  gint64 changes = 0;

  stored_restore (&data->read);
  if (level == CF_PLAN_LEVEL_INSTITUTION && _cf_plan_node_get_db_id (node) == 0)
    {
      /* The institution row of an empty store exists once something is
       * saved under it; another desk may have made it meanwhile. */
      Writer writer = { { NULL } };
      g_autoptr(CfSqlRows) existing = cf_sql_query (conn, "SELECT row_version FROM plan_institution WHERE id = 1",
                                                    NULL, 0, error);
      gboolean ok;

      if (existing == NULL)
        return FALSE;
      if (existing->n_rows > 0)
        _cf_plan_node_set_stored (node, 1, cf_sql_rows_int (existing, 0, 0));
      else
        {
          ok = insert_node (conn, &writer, node, 0, 0, stamp, error);
          writer_clear (&writer);
          if (!ok)
            return FALSE;
          return _cf_audit_record (conn, "change", level_entities[level], node_entity_id (node),
                                   cf_plan_column_get_name (data->column), data->old_value, value, error);
        }
    }

  {
    g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?, row_version = ? WHERE id = ? AND row_version = ?",
                                            level_table (level), name);
    if (!cf_sql_run (conn, sql,
                     CF_SQL_PARAMS (CF_SQL_TEXT_V (value), CF_SQL_INT_V (stamp),
                                    CF_SQL_INT_V (_cf_plan_node_get_db_id (node)),
                                    CF_SQL_INT_V (_cf_plan_node_get_row_version (node))),
                     &changes, error))
      return FALSE;
  }
  if (changes == 0)
    {
      set_conflict (conn, node, data->column, value, error);
      return FALSE;
    }

  if (!_cf_audit_record (conn, "change", level_entities[level], node_entity_id (node),
                         cf_plan_column_get_name (data->column), data->old_value, value, error))
    return FALSE;
  _cf_plan_node_set_stored (node, _cf_plan_node_get_db_id (node), stamp);
  return TRUE;
}

gboolean
cf_plan_repo_set_value (CfStore       *store,
                        CfPlanNode    *node,
                        CfPlanColumn   column,
                        const char    *old_value,
                        GError       **error)
{
  SetData data = { node, column, old_value, stored_of (node) };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  if (!cf_store_write (store, set_value_tx, &data, error))
    {
      stored_restore (&data.read);
      return FALSE;
    }
  return TRUE;
}

/* Orders @parent's children as in memory. Each row must still be the one
 * read (its row_version): ids of rows another desk replaced may now name
 * other rows, which must not be touched. */
static gboolean
renumber (CfSqlConn   *conn,
          CfPlanNode  *parent,
          GError     **error)
{
  CfPlanLevel level = cf_plan_node_get_level (parent) + 1;
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET ord = ? WHERE id = ? AND row_version = ?",
                                          level_table (level));

  for (guint i = 0; i < cf_plan_node_get_n_children (parent); i++)
    {
      CfPlanNode *child = cf_plan_node_get_child (parent, i);
      gint64 changes = 0;

      if (!cf_sql_run (conn, sql,
                       CF_SQL_PARAMS (CF_SQL_INT_V (i), CF_SQL_INT_V (_cf_plan_node_get_db_id (child)),
                                      CF_SQL_INT_V (_cf_plan_node_get_row_version (child))),
                       &changes, error))
        return FALSE;
      if (changes == 0)
        {
          set_conflict (conn, child, level_id_columns[level], NULL, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* @node's row is still the one read: not changed, removed or replaced. */
static gboolean
check_row (CfSqlConn   *conn,
           CfPlanNode  *node,
           GError     **error)
{
  CfPlanLevel level = cf_plan_node_get_level (node);
  g_autofree char *sql = g_strdup_printf ("SELECT row_version FROM %s WHERE id = ?", level_table (level));
  g_autoptr(CfSqlRows) rows = cf_sql_query (conn, sql, CF_SQL_PARAMS (CF_SQL_INT_V (_cf_plan_node_get_db_id (node))),
                                            error);

  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0 || cf_sql_rows_int (rows, 0, 0) != _cf_plan_node_get_row_version (node))
    {
      set_conflict (conn, node, level_id_columns[level], NULL, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_parent_row (CfSqlConn   *conn,
                   CfPlanNode  *parent,
                   gint64       stamp,
                   GError     **error)
{
  g_autoptr(CfSqlRows) existing = NULL;
  Writer writer = { { NULL } };
  gboolean ok;

  if (cf_plan_node_get_level (parent) != CF_PLAN_LEVEL_INSTITUTION || _cf_plan_node_get_db_id (parent) != 0)
    return TRUE;

  existing = cf_sql_query (conn, "SELECT row_version FROM plan_institution WHERE id = 1", NULL, 0, error);
  if (existing == NULL)
    return FALSE;
  if (existing->n_rows > 0)
    {
      _cf_plan_node_set_stored (parent, 1, cf_sql_rows_int (existing, 0, 0));
      return TRUE;
    }

  /* Only the institution row: its children are inserted by the caller. */
  {
    CfPlanLevel level = CF_PLAN_LEVEL_INSTITUTION;
    g_autofree char *sql = NULL;
    g_autoptr(CfSqlRows) rows = NULL;

    writer.insert[level] = insert_sql (level);
    rows = cf_sql_query (conn, writer.insert[level],
                         CF_SQL_PARAMS (CF_SQL_INT_V (stamp), CF_SQL_INT_V (1),
                                        CF_SQL_TEXT_V (_cf_plan_node_get_slot (parent, 0)),
                                        CF_SQL_TEXT_V (_cf_plan_node_get_slot (parent, 1))),
                         error);
    ok = rows != NULL;
    if (ok)
      _cf_plan_node_set_stored (parent, 1, stamp);
    writer_clear (&writer);
  }
  return ok;
}

typedef struct
{
  CfPlanNode *node;
  Stored      parent_read;
} InsertData;

static gboolean
insert_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  InsertData *data = user_data;
  CfPlanNode *node = data->node;
  CfPlanNode *parent = data->parent_read.node;
  Writer writer = { { NULL } };
  gboolean ok;

  stored_restore (&data->parent_read);
  ok = ensure_parent_row (conn, parent, stamp, error) &&
       check_row (conn, parent, error) &&
       insert_node (conn, &writer, node, _cf_plan_node_get_db_id (parent),
                    cf_plan_node_get_index (node), stamp, error) &&
       renumber (conn, parent, error);
  writer_clear (&writer);
  if (!ok)
    return FALSE;
  return _cf_audit_record (conn, "add", level_entities[cf_plan_node_get_level (node)],
                           node_entity_id (node), NULL, NULL, NULL, error);
}

gboolean
cf_plan_repo_insert (CfStore     *store,
                     CfPlanNode  *node,
                     GError     **error)
{
  InsertData data = { node, stored_of (cf_plan_node_get_parent (node)) };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  if (!cf_store_write (store, insert_tx, &data, error))
    {
      stored_restore (&data.parent_read);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  CfPlanNode *parent;
  CfPlanNode *node;
} DeleteData;

static gboolean
delete_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  DeleteData *data = user_data;
  CfPlanLevel level = cf_plan_node_get_level (data->node);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ? AND row_version = ?",
                                          level_table (level));
  gint64 changes = 0;

  if (!cf_sql_run (conn, sql,
                   CF_SQL_PARAMS (CF_SQL_INT_V (_cf_plan_node_get_db_id (data->node)),
                                  CF_SQL_INT_V (_cf_plan_node_get_row_version (data->node))),
                   &changes, error))
    return FALSE;
  if (changes == 0)
    {
      set_conflict (conn, data->node, level_id_columns[level], NULL, error);
      return FALSE;
    }
  return renumber (conn, data->parent, error) &&
         _cf_audit_record (conn, "remove", level_entities[level], node_entity_id (data->node),
                           NULL, NULL, NULL, error);
}

gboolean
cf_plan_repo_delete (CfStore     *store,
                     CfPlanNode  *parent,
                     CfPlanNode  *node,
                     GError     **error)
{
  DeleteData data = { parent, node };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  return cf_store_write (store, delete_tx, &data, error);
}

static gboolean
renumber_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    user_data,
             GError    **error)
{
  return renumber (conn, user_data, error);
}

gboolean
cf_plan_repo_renumber (CfStore     *store,
                       CfPlanNode  *parent,
                       GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  return cf_store_write (store, renumber_tx, parent, error);
}

/* ---- Versions sent and the ID history ---- */

static char *
snapshot_columns_sql (void)
{
  GString *sql = g_string_new (NULL);

  for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
    {
      g_autofree char *name = column_sql_name (c);
      g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", name);
    }
  return g_string_free (sql, FALSE);
}

typedef struct
{
  gint64      id;
  char       *sent_at;
  GPtrArray  *rows;
} SnapshotData;

static gboolean
last_snapshot_tx (CfSqlConn  *conn,
                  gint64      stamp,
                  gpointer    user_data,
                  GError    **error)
{
  SnapshotData *data = user_data;
  g_autoptr(CfSqlRows) head = NULL;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *names = NULL;
  g_autofree char *sql = NULL;

  g_clear_pointer (&data->sent_at, g_free);
  g_clear_pointer (&data->rows, g_ptr_array_unref);
  data->id = 0;

  head = cf_sql_query (conn, "SELECT id, sent_at FROM plan_snapshot ORDER BY id DESC LIMIT 1", NULL, 0, error);
  if (head == NULL)
    return FALSE;
  if (head->n_rows == 0)
    return TRUE;

  data->id = cf_sql_rows_int (head, 0, 0);
  data->sent_at = g_strdup (cf_sql_rows_text (head, 0, 1));

  names = snapshot_columns_sql ();
  sql = g_strdup_printf ("SELECT %s FROM plan_snapshot_row WHERE snapshot_id = ? ORDER BY ord", names);
  rows = cf_sql_query (conn, sql, CF_SQL_PARAMS (CF_SQL_INT_V (data->id)), error);
  if (rows == NULL)
    return FALSE;

  data->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfPlanRow *row = cf_plan_row_new ();

      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        cf_plan_row_set (row, c, cf_sql_rows_text (rows, r, c));
      g_ptr_array_add (data->rows, row);
    }
  return TRUE;
}

gboolean
cf_plan_repo_last_snapshot (CfStore     *store,
                            gint64      *id,
                            char       **sent_at,
                            GPtrArray  **rows,
                            GError     **error)
{
  SnapshotData data = { 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  if (!cf_store_read (store, last_snapshot_tx, &data, error))
    {
      g_free (data.sent_at);
      g_clear_pointer (&data.rows, g_ptr_array_unref);
      return FALSE;
    }
  *id = data.id;
  *sent_at = data.sent_at;
  *rows = data.rows;
  return TRUE;
}

int
cf_plan_repo_count_snapshots (CfStore  *store,
                              GError  **error)
{
  CfSqlConn *conn = cf_store_get_conn (store, error);
  g_autoptr(CfSqlRows) rows = NULL;

  if (conn == NULL)
    return -1;
  rows = cf_sql_query (conn, "SELECT count(*) FROM plan_snapshot", NULL, 0, error);
  if (rows == NULL)
    return -1;
  return (int) cf_sql_rows_int (rows, 0, 0);
}

typedef struct
{
  const char *sent_at;
  GPtrArray  *rows;
  gint64      id;
} AddSnapshotData;

#define ROWS_PER_INSERT 100

static gboolean
add_snapshot_tx (CfSqlConn  *conn,
                 gint64      stamp,
                 gpointer    user_data,
                 GError    **error)
{
  AddSnapshotData *data = user_data;
  g_autoptr(CfSqlRows) head = NULL;
  g_autofree char *names = snapshot_columns_sql ();
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *count = NULL;

  head = cf_sql_query (conn, "INSERT INTO plan_snapshot (sent_at, n_rows) VALUES (?, ?) RETURNING id",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (data->sent_at), CF_SQL_INT_V (data->rows->len)),
                       error);
  if (head == NULL)
    return FALSE;
  data->id = cf_sql_rows_int (head, 0, 0);

  /* Many rows a statement, for the same reason as insert_subjects(). */
  for (guint first = 0; first < data->rows->len; first += ROWS_PER_INSERT)
    {
      guint n = MIN (ROWS_PER_INSERT, data->rows->len - first);
      g_autofree CfSqlValue *values = g_new0 (CfSqlValue, n * (CF_PLAN_N_SEP_COLUMNS + 2));
      g_autofree CfSqlValue *history = g_new0 (CfSqlValue, n * 2 * 6);
      g_autoptr(GString) hist_sql = g_string_new ("INSERT INTO plan_id_history (kind, id, clave, nombre,"
                                                  " first_used, snapshot_id) VALUES ");
      guint p = 0, h = 0;

      g_string_printf (sql, "INSERT INTO plan_snapshot_row (snapshot_id, ord, %s) VALUES ", names);
      for (guint r = 0; r < n; r++)
        {
          CfPlanRow *row = g_ptr_array_index (data->rows, first + r);

          g_string_append (sql, r == 0 ? "(?, ?" : ", (?, ?");
          for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
            g_string_append (sql, ", ?");
          g_string_append_c (sql, ')');
          values[p++] = CF_SQL_INT_V (data->id);
          values[p++] = CF_SQL_INT_V (first + r);
          for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
            values[p++] = CF_SQL_TEXT_V (row->cells[c] != NULL ? row->cells[c] : "");

          g_string_append (hist_sql, r == 0 ? "(?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)"
                                            : ", (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)");
          history[h++] = CF_SQL_TEXT_V ("carrera");
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_ID_CARRERA]);
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_CLAVE_CARRERA]);
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_NOMBRE_CARRERA]);
          history[h++] = CF_SQL_TEXT_V (data->sent_at);
          history[h++] = CF_SQL_INT_V (data->id);
          history[h++] = CF_SQL_TEXT_V ("asignatura");
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_CLAVE_ASIGNATURA]);
          history[h++] = CF_SQL_TEXT_V (row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
          history[h++] = CF_SQL_TEXT_V (data->sent_at);
          history[h++] = CF_SQL_INT_V (data->id);
        }
      /* The first row to use an ID wins: it is the one SEP saw first. */
      g_string_append (hist_sql, " ON CONFLICT DO NOTHING");
      if (!cf_sql_run (conn, sql->str, values, p, NULL, error) ||
          !cf_sql_run (conn, hist_sql->str, history, h, NULL, error))
        return FALSE;
    }

  count = g_strdup_printf ("%u", data->rows->len);
  return _cf_audit_record (conn, "mark-sent", "plans", data->sent_at, "rows", NULL, count, error);
}

gboolean
cf_plan_repo_add_snapshot (CfStore     *store,
                           const char  *sent_at,
                           GPtrArray   *rows,
                           gint64      *id,
                           GError     **error)
{
  AddSnapshotData data = { sent_at, rows, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  if (!cf_store_write (store, add_snapshot_tx, &data, error))
    return FALSE;
  *id = data.id;
  return TRUE;
}

gboolean
cf_plan_repo_each_history (CfStore               *store,
                           CfPlanRepoHistoryFunc  func,
                           gpointer               user_data,
                           GError               **error)
{
  CfSqlConn *conn = cf_store_get_conn (store, error);
  g_autoptr(CfSqlRows) rows = NULL;

  if (conn == NULL)
    return FALSE;
  rows = cf_sql_query (conn, "SELECT kind, id, clave, nombre, first_used FROM plan_id_history"
                             " ORDER BY first_used, kind, id", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint r = 0; r < rows->n_rows; r++)
    func (cf_sql_rows_text (rows, r, 0), cf_sql_rows_text (rows, r, 1), cf_sql_rows_text (rows, r, 2),
          cf_sql_rows_text (rows, r, 3), cf_sql_rows_text (rows, r, 4), user_data);
  return TRUE;
}
