/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-audit-repo.c: the bitácora's rows. */

#include "config.h"

#include "cf-audit-private.h"

void
cf_audit_entry_free (CfAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->os_user);
  g_free (entry->host);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->entity_id);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

gboolean
_cf_audit_record (CfSqlConn   *conn,
                  const char  *action,
                  const char  *entity,
                  const char  *entity_id,
                  const char  *field,
                  const char  *old_value,
                  const char  *new_value,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  return cf_sql_run (conn,
                     "INSERT INTO audit_log (at, os_user, host, action, entity, entity_id,"
                     " field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     CF_SQL_PARAMS (CF_SQL_TEXT_V (at),
                                    CF_SQL_TEXT_V (g_get_user_name ()),
                                    CF_SQL_TEXT_V (g_get_host_name ()),
                                    CF_SQL_TEXT_V (action),
                                    CF_SQL_TEXT_V (entity),
                                    CF_SQL_TEXT_V (entity_id != NULL ? entity_id : ""),
                                    CF_SQL_TEXT_V (field),
                                    CF_SQL_TEXT_V (old_value),
                                    CF_SQL_TEXT_V (new_value)),
                     NULL, error);
}

typedef struct
{
  const char *action;
  const char *entity;
  const char *entity_id;
  const char *field;
  const char *old_value;
  const char *new_value;
} RecordData;

static gboolean
record_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  RecordData *data = user_data;

  return _cf_audit_record (conn, data->action, data->entity, data->entity_id,
                           data->field, data->old_value, data->new_value, error);
}

gboolean
cf_audit_repo_record (CfStore     *store,
                      const char  *action,
                      const char  *entity,
                      const char  *entity_id,
                      const char  *field,
                      const char  *old_value,
                      const char  *new_value,
                      GError     **error)
{
  RecordData data = { action, entity, entity_id, field, old_value, new_value };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (action != NULL && entity != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, record_tx, &data, error);
}

/* @entities: NULL = all. */
static GPtrArray *
list_entries (CfStore             *store,
              GDateTime           *since,
              const char          *person,
              const char * const  *entities,
              guint                limit,
              GError             **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_audit_entry_free);
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (CfSqlValue));
  g_autofree char *since_text = NULL;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autoptr(GString) sql = NULL;
  CfSqlConn *conn;

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;

  sql = g_string_new ("SELECT id, at, os_user, host, action, entity, entity_id, field, old_value, new_value"
                      " FROM audit_log WHERE 1 = 1");
  if (since != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (since);
      CfSqlValue value;

      since_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      g_string_append (sql, " AND at >= ?");
      value = CF_SQL_TEXT_V (since_text);
      g_array_append_val (params, value);
    }
  if (person != NULL)
    {
      CfSqlValue value = CF_SQL_TEXT_V (person);

      g_string_append (sql, " AND os_user = ?");
      g_array_append_val (params, value);
    }
  if (entities != NULL && entities[0] == NULL)
    g_string_append (sql, " AND 1 = 0");   /* an empty set matches nothing */
  else if (entities != NULL)
    {
      g_string_append (sql, " AND entity IN (");
      for (guint i = 0; entities[i] != NULL; i++)
        {
          CfSqlValue value = CF_SQL_TEXT_V (entities[i]);

          g_string_append (sql, i == 0 ? "?" : ", ?");
          g_array_append_val (params, value);
        }
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ORDER BY id DESC");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  rows = cf_sql_query (conn, sql->str, (const CfSqlValue *) (gpointer) params->data, params->len, error);
  if (rows == NULL)
    return NULL;

  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfAuditEntry *entry = g_new0 (CfAuditEntry, 1);

      entry->id = cf_sql_rows_int (rows, r, 0);
      entry->at = g_strdup (cf_sql_rows_text (rows, r, 1));
      entry->os_user = g_strdup (cf_sql_rows_text (rows, r, 2));
      entry->host = g_strdup (cf_sql_rows_text (rows, r, 3));
      entry->action = g_strdup (cf_sql_rows_text (rows, r, 4));
      entry->entity = g_strdup (cf_sql_rows_text (rows, r, 5));
      entry->entity_id = g_strdup (cf_sql_rows_text (rows, r, 6));
      entry->field = g_strdup (cf_sql_rows_text (rows, r, 7));
      entry->old_value = g_strdup (cf_sql_rows_text (rows, r, 8));
      entry->new_value = g_strdup (cf_sql_rows_text (rows, r, 9));
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

GPtrArray *
cf_audit_repo_list (CfStore     *store,
                    GDateTime   *since,
                    const char  *person,
                    const char  *entity,
                    guint        limit,
                    GError     **error)
{
  const char *entities[] = { entity, NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  return list_entries (store, since, person, entity != NULL ? entities : NULL, limit, error);
}

/* ---- In a worker thread ---- */

typedef struct
{
  GDateTime  *since;
  char       *person;
  GStrv       entities;
  guint       limit;
} ListData;

static void
list_data_free (gpointer pointer)
{
  ListData *data = pointer;

  g_clear_pointer (&data->since, g_date_time_unref);
  g_free (data->person);
  g_strfreev (data->entities);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListData *data = task_data;
  GError *error = NULL;
  GPtrArray *entries;

  if (g_task_return_error_if_cancelled (task))
    return;
  entries = list_entries (CF_STORE (source_object), data->since, data->person,
                          (const char * const *) data->entities, data->limit, &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

void
cf_audit_repo_list_async (CfStore              *store,
                          GDateTime            *since,
                          const char           *person,
                          const char * const   *entities,
                          guint                 limit,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ListData, 1);
  data->since = since != NULL ? g_date_time_ref (since) : NULL;
  data->person = g_strdup (person);
  data->entities = g_strdupv ((char **) entities);
  data->limit = limit;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_audit_repo_list_async);
  g_task_set_task_data (task, data, list_data_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
cf_audit_repo_list_finish (CfStore       *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_audit_repo_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_people_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_autoptr(GStrvBuilder) people = g_strv_builder_new ();
  g_autoptr(CfSqlRows) rows = NULL;
  GError *error = NULL;
  CfSqlConn *conn;

  if (g_task_return_error_if_cancelled (task))
    return;
  conn = cf_store_get_conn (CF_STORE (source_object), &error);
  if (conn != NULL)
    rows = cf_sql_query (conn, "SELECT DISTINCT os_user FROM audit_log ORDER BY os_user", NULL, 0, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint r = 0; r < rows->n_rows; r++)
    g_strv_builder_add (people, cf_sql_rows_text (rows, r, 0));
  g_task_return_pointer (task, g_strv_builder_end (people), (GDestroyNotify) g_strfreev);
}

void
cf_audit_repo_list_people_async (CfStore              *store,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_audit_repo_list_people_async);
  g_task_run_in_thread (task, list_people_thread);
}

GStrv
cf_audit_repo_list_people_finish (CfStore       *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_audit_repo_list_people_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
