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

GPtrArray *
cf_audit_repo_list (CfStore     *store,
                    GDateTime   *since,
                    const char  *person,
                    const char  *entity,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_audit_entry_free);
  g_autofree char *since_text = NULL;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autoptr(GString) sql = NULL;
  CfSqlValue params[3];
  guint n = 0;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;

  sql = g_string_new ("SELECT id, at, os_user, host, action, entity, entity_id, field, old_value, new_value"
                      " FROM audit_log WHERE 1 = 1");
  if (since != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (since);

      since_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      g_string_append (sql, " AND at >= ?");
      params[n++] = CF_SQL_TEXT_V (since_text);
    }
  if (person != NULL)
    {
      g_string_append (sql, " AND os_user = ?");
      params[n++] = CF_SQL_TEXT_V (person);
    }
  if (entity != NULL)
    {
      g_string_append (sql, " AND entity = ?");
      params[n++] = CF_SQL_TEXT_V (entity);
    }
  g_string_append (sql, " ORDER BY id DESC");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  rows = cf_sql_query (conn, sql->str, params, n, error);
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
