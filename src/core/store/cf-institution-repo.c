/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-institution-repo.c: the institution's name, keys and logo, with the
 * bitácora. One row (id = 1), made on the first write. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-institution-repo.h"
#include "cf-audit-private.h"

/* The bitácora names the fields as SEP's columns, like the plans' edits. */
static const struct
{
  const char *column;
  const char *field;
} fields[] = {
  { "nombre", "NOMBRE_INSTITUCION" },
  { "id_institucion", "ID_INSTITUCION" },
  { "id_campus", "ID_CAMPUS" },
};

void
cf_institution_free (CfInstitution *institution)
{
  if (institution == NULL)
    return;
  g_free (institution->name);
  g_free (institution->id_institucion);
  g_free (institution->id_campus);
  g_free (institution->logo_name);
  g_free (institution->logo_sha256);
  g_free (institution);
}

static char *
dup_cell (CfSqlRows *rows,
          guint      column)
{
  const char *text = rows != NULL && rows->n_rows > 0 ? cf_sql_rows_text (rows, 0, column) : NULL;

  return g_strdup (text != NULL ? text : "");
}

typedef struct
{
  CfInstitution *institution;
} GetCall;

static gboolean
get_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  GetCall *call = data;
  CfInstitution *institution = g_new0 (CfInstitution, 1);
  g_autoptr(CfSqlRows) own = NULL;
  g_autoptr(CfSqlRows) plan = NULL;
  g_autoptr(CfSqlRows) campus = NULL;

  /* A retried transaction starts again from nothing. */
  g_clear_pointer (&call->institution, cf_institution_free);
  call->institution = institution;

  own = cf_sql_query (conn, "SELECT nombre, id_institucion, id_campus, logo_name, logo_sha256"
                      " FROM institution WHERE id = 1", NULL, 0, error);
  if (own == NULL)
    return FALSE;
  institution->name = dup_cell (own, 0);
  institution->id_institucion = dup_cell (own, 1);
  institution->id_campus = dup_cell (own, 2);
  institution->logo_name = dup_cell (own, 3);
  institution->logo_sha256 = dup_cell (own, 4);

  plan = cf_sql_query (conn, "SELECT nombre_institucion, id_institucion FROM plan_institution WHERE id = 1",
                       NULL, 0, error);
  if (plan == NULL)
    return FALSE;
  campus = cf_sql_query (conn, "SELECT id_campus FROM plan_campus WHERE id_campus <> ''"
                         " ORDER BY institution_id, ord, id LIMIT 1", NULL, 0, error);
  if (campus == NULL)
    return FALSE;

  if (*institution->name == '\0')
    {
      g_free (institution->name);
      institution->name = dup_cell (plan, 0);
      institution->name_from_plan = *institution->name != '\0';
    }
  if (*institution->id_institucion == '\0')
    {
      g_free (institution->id_institucion);
      institution->id_institucion = dup_cell (plan, 1);
      institution->id_institucion_from_plan = *institution->id_institucion != '\0';
    }
  if (*institution->id_campus == '\0')
    {
      g_free (institution->id_campus);
      institution->id_campus = dup_cell (campus, 0);
      institution->id_campus_from_plan = *institution->id_campus != '\0';
    }
  return TRUE;
}

CfInstitution *
cf_institution_repo_get (CfStore  *store,
                         GError  **error)
{
  GetCall call = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, get_tx, &call, error))
    {
      g_clear_pointer (&call.institution, cf_institution_free);
      return NULL;
    }
  return call.institution;
}

static gboolean
ensure_row (CfSqlConn  *conn,
            gint64      stamp,
            GError    **error)
{
  return cf_sql_run (conn, "INSERT INTO institution (id, row_version) VALUES (1, ?)"
                     " ON CONFLICT (id) DO NOTHING",
                     CF_SQL_PARAMS (CF_SQL_INT_V (stamp)), NULL, error);
}

typedef struct
{
  const char *values[G_N_ELEMENTS (fields)];
} SetCall;

static gboolean
set_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  SetCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *entity_id = NULL;

  if (!ensure_row (conn, stamp, error))
    return FALSE;
  rows = cf_sql_query (conn, "SELECT nombre, id_institucion, id_campus FROM institution WHERE id = 1",
                       NULL, 0, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *old_value = cf_sql_rows_text (rows, 0, i);
      const char *value = call->values[i];
      g_autofree char *sql = NULL;

      if (value == NULL || g_strcmp0 (old_value, value) == 0)
        continue;
      sql = g_strdup_printf ("UPDATE institution SET %s = ?, row_version = ? WHERE id = 1", fields[i].column);
      if (!cf_sql_run (conn, sql, CF_SQL_PARAMS (CF_SQL_TEXT_V (value), CF_SQL_INT_V (stamp)), NULL, error))
        return FALSE;
      g_free (entity_id);
      entity_id = g_strdup (call->values[1] != NULL ? call->values[1] : cf_sql_rows_text (rows, 0, 1));
      if (!_cf_audit_record (conn, "change", "institution", entity_id != NULL ? entity_id : "",
                             fields[i].field, old_value, value, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_institution_repo_set (CfStore     *store,
                         const char  *name,
                         const char  *id_institucion,
                         const char  *id_campus,
                         GError     **error)
{
  SetCall call = { { name, id_institucion, id_campus } };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, set_tx, &call, error);
}

typedef struct
{
  GBytes     *bytes;
  const char *file_name;
  char       *sha256;
} LogoCall;

static gboolean
set_logo_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    data,
             GError    **error)
{
  LogoCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;
  const char *old_name;
  CfSqlValue logo = { .type = CF_SQL_NULL };

  if (!ensure_row (conn, stamp, error))
    return FALSE;
  rows = cf_sql_query (conn, "SELECT logo_name, id_institucion FROM institution WHERE id = 1", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  old_name = cf_sql_rows_text (rows, 0, 0);

  if (call->bytes != NULL)
    {
      gsize len;
      gconstpointer bytes = g_bytes_get_data (call->bytes, &len);

      logo = CF_SQL_BLOB_V (bytes, len);
    }
  if (!cf_sql_run (conn, "UPDATE institution SET logo = ?, logo_name = ?, logo_sha256 = ?, row_version = ?"
                   " WHERE id = 1",
                   CF_SQL_PARAMS (logo,
                                  CF_SQL_TEXT_V (call->bytes != NULL ? call->file_name : ""),
                                  CF_SQL_TEXT_V (call->sha256),
                                  CF_SQL_INT_V (stamp)),
                   NULL, error))
    return FALSE;
  return _cf_audit_record (conn, "change", "institution", cf_sql_rows_text (rows, 0, 1), "LOGO",
                           old_name, call->bytes != NULL ? call->file_name : "", error);
}

gboolean
cf_institution_repo_set_logo (CfStore     *store,
                              GBytes      *bytes,
                              const char  *file_name,
                              GError     **error)
{
  LogoCall call = { bytes, file_name != NULL ? file_name : "", NULL };
  gboolean ok;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bytes != NULL)
    call.sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  else
    call.sha256 = g_strdup ("");
  ok = cf_store_write (store, set_logo_tx, &call, error);
  g_free (call.sha256);
  return ok;
}

GBytes *
cf_institution_repo_get_logo (CfStore  *store,
                              char    **sha256,
                              GError  **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;
  GBytes *cell;
  gsize len;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sha256 != NULL)
    *sha256 = NULL;
  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT logo, logo_sha256 FROM institution WHERE id = 1", NULL, 0, error);
  if (rows == NULL || rows->n_rows == 0)
    return NULL;
  cell = cf_sql_rows_bytes (rows, 0, 0);
  if (cell == NULL)
    return NULL;
  g_bytes_get_data (cell, &len);
  if (len == 0)
    return NULL;
  if (sha256 != NULL)
    *sha256 = g_strdup (cf_sql_rows_text (rows, 0, 1));
  return g_bytes_ref (cell);
}

char *
cf_institution_repo_dup_logo_sha256 (CfStore  *store,
                                     GError  **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT logo_sha256 FROM institution WHERE id = 1 AND logo IS NOT NULL",
                       NULL, 0, error);
  if (rows == NULL)
    return NULL;
  return dup_cell (rows, 0);
}

/* ---- In a worker thread ---- */

typedef struct
{
  gboolean       with_logo;
  CfInstitution *institution;
  GBytes        *logo;
  /* For the writes. */
  char          *values[G_N_ELEMENTS (fields)];
  char          *file_name;
} TaskData;

static void
task_data_free (gpointer pointer)
{
  TaskData *data = pointer;

  g_clear_pointer (&data->institution, cf_institution_free);
  g_clear_pointer (&data->logo, g_bytes_unref);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (data->values[i]);
  g_free (data->file_name);
  g_free (data);
}

static void
get_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CfStore *store = source_object;
  TaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  data->institution = cf_institution_repo_get (store, &error);
  if (data->institution != NULL && data->with_logo)
    data->logo = cf_institution_repo_get_logo (store, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cf_institution_repo_get_async (CfStore             *store,
                               gboolean             with_logo,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TaskData, 1);
  data->with_logo = with_logo;
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_institution_repo_get_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, get_thread);
}

CfInstitution *
cf_institution_repo_get_finish (CfStore       *store,
                                GAsyncResult  *result,
                                GBytes       **logo,
                                GError       **error)
{
  TaskData *data;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_institution_repo_get_async, NULL);

  if (logo != NULL)
    *logo = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (logo != NULL)
    *logo = g_steal_pointer (&data->logo);
  return g_steal_pointer (&data->institution);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CfStore *store = source_object;
  TaskData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  /* Cancelled before it starts: nothing is written. */
  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_task_get_source_tag (task) == cf_institution_repo_set_logo_async)
    ok = cf_institution_repo_set_logo (store, data->logo, data->file_name, &error);
  else
    ok = cf_institution_repo_set (store, data->values[0], data->values[1], data->values[2], &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_write (CfStore             *store,
           TaskData            *data,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, task_data_free);
  /* A write that started is reported as it went, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

void
cf_institution_repo_set_async (CfStore             *store,
                               const char          *name,
                               const char          *id_institucion,
                               const char          *id_campus,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TaskData, 1);
  data->values[0] = g_strdup (name);
  data->values[1] = g_strdup (id_institucion);
  data->values[2] = g_strdup (id_campus);
  run_write (store, data, cf_institution_repo_set_async, cancellable, callback, user_data);
}

gboolean
cf_institution_repo_set_finish (CfStore       *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_institution_repo_set_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cf_institution_repo_set_logo_async (CfStore             *store,
                                    GBytes              *bytes,
                                    const char          *file_name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  TaskData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TaskData, 1);
  data->logo = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  data->file_name = g_strdup (file_name);
  run_write (store, data, cf_institution_repo_set_logo_async, cancellable, callback, user_data);
}

gboolean
cf_institution_repo_set_logo_finish (CfStore       *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_institution_repo_set_logo_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
