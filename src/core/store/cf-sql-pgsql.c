/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sql-pgsql.c: the shared engine, one PostgreSQL database for the
 * registrars of an office (postgresql://user@host:5432/certifica).
 *
 * Statements are prepared once per connection with `?` turned into $n.
 * Write transactions are SERIALIZABLE: two desks importing at once end with
 * one whole version, the loser retried by cf_store_write(). The schema
 * version lives in the cf_meta table. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "cf-sql-private.h"

#define BYTEA_OID 17

typedef struct
{
  CfSqlConn   parent;
  PGconn     *pg;
  GHashTable *statements;   /* SQL text → prepared statement name */
  guint       next_statement;
} PgConn;

static CfStoreError
code_for_state (const char *state)
{
  if (state == NULL)
    return CF_STORE_ERROR_OPEN;   /* no result at all: the connection broke */
  if (g_str_equal (state, "23505"))
    return CF_STORE_ERROR_EXISTS;
  if (g_str_equal (state, "40001") || g_str_equal (state, "40P01") ||
      g_str_equal (state, "55P03"))
    return CF_STORE_ERROR_BUSY;
  if (g_str_has_prefix (state, "08") || g_str_equal (state, "57P01"))
    return CF_STORE_ERROR_OPEN;
  if (g_str_has_prefix (state, "28"))
    return CF_STORE_ERROR_AUTH;
  return CF_STORE_ERROR_FAILED;
}

static void
set_result_error (GError     **error,
                  PgConn      *self,
                  PGresult    *res,
                  const char  *what)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *message = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  g_autofree char *detail = NULL;

  if (message == NULL)
    message = PQerrorMessage (self->pg);
  detail = g_strstrip (g_strdup (message != NULL ? message : ""));

  g_debug ("store (postgresql): %s failed: %s (%s)", what, detail, state ? state : "-");
  if (state != NULL && g_str_equal (state, "53100"))
    g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                         _("The database server's disk is full, so Certifica could not save its data."));
  else
    _cf_sql_set_error (error, code_for_state (state), detail);
}

static gboolean
result_ok (PGresult *res)
{
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static void
pg_disconnect (CfSqlConn *conn)
{
  PgConn *self = (PgConn *) conn;

  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pg, PQfinish);
  g_free (self);
}

static void
quiet_notice (void       *arg,
              const char *message)
{
  g_debug ("store (postgresql): %s", message);
}

static CfSqlConn *
pg_connect (const char  *location,
            const char  *password,
            GError     **error)
{
  const char *keys[] = { "dbname", "password", "connect_timeout", "application_name", NULL };
  const char *values[] = { location, password, "10", "certifica", NULL };
  PgConn *self;

  /* Without a password the key list stops before it, so libpq's own
   * sources (~/.pgpass, PGPASSWORD) still apply. */
  if (password == NULL)
    keys[1] = "connect_timeout", values[1] = "10", keys[2] = "application_name",
    values[2] = "certifica", keys[3] = NULL, values[3] = NULL;

  self = g_new0 (PgConn, 1);
  self->parent.driver = &cf_sql_driver_pgsql;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pg = PQconnectdbParams (keys, values, TRUE);

  if (self->pg == NULL || PQstatus (self->pg) != CONNECTION_OK)
    {
      g_autofree char *detail = g_strstrip (g_strdup (self->pg != NULL ? PQerrorMessage (self->pg) : ""));

      if (self->pg != NULL && PQconnectionNeedsPassword (self->pg))
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_AUTH,
                     _("The database server asks for a password. Enter it in Preferences "
                       "(it is kept in your keyring) and try again. (%s)"), detail);
      else if (self->pg != NULL && strstr (detail, "password authentication failed") != NULL)
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_AUTH,
                     _("The database server refused the password. Check it in Preferences "
                       "and try again. (%s)"), detail);
      else
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                     _("Cannot connect to the shared database: %s. Check that the server "
                       "is running and that the address in Preferences is right."), detail);
      pg_disconnect (&self->parent);
      return NULL;
    }

  PQsetNoticeProcessor (self->pg, quiet_notice, NULL);
  return &self->parent;
}

static gboolean
pg_exec (CfSqlConn   *conn,
         const char  *sql,
         GError     **error)
{
  PgConn *self = (PgConn *) conn;
  PGresult *res = PQexec (self->pg, sql);
  gboolean ok = result_ok (res);

  if (!ok)
    set_result_error (error, self, res, sql);
  PQclear (res);
  return ok;
}

/* `?` → $1, $2…, leaving quoted text alone. */
static char *
number_placeholders (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  gboolean quoted = FALSE;
  guint n = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        quoted = !quoted;
      if (*p == '?' && !quoted)
        g_string_append_printf (out, "$%u", ++n);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static CfSqlRows *
pg_query (CfSqlConn        *conn,
          const char       *sql,
          const CfSqlValue *params,
          guint             n_params,
          GError          **error)
{
  PgConn *self = (PgConn *) conn;
  const char *name;
  g_autofree const char **values = g_new0 (const char *, n_params + 1);
  g_autofree int *lengths = g_new0 (int, n_params + 1);
  g_autofree int *formats = g_new0 (int, n_params + 1);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  PGresult *res;
  CfSqlRows *rows;
  const char *tuples;

  name = g_hash_table_lookup (self->statements, sql);
  if (name == NULL)
    {
      g_autofree char *translated = number_placeholders (sql);
      char *new_name = g_strdup_printf ("cf%u", self->next_statement++);

      res = PQprepare (self->pg, new_name, translated, 0, NULL);
      if (!result_ok (res))
        {
          set_result_error (error, self, res, sql);
          PQclear (res);
          g_free (new_name);
          return NULL;
        }
      PQclear (res);
      g_hash_table_insert (self->statements, g_strdup (sql), new_name);
      name = new_name;
    }

  for (guint i = 0; i < n_params; i++)
    {
      const CfSqlValue *v = &params[i];

      switch (v->type)
        {
        case CF_SQL_NULL:
          values[i] = NULL;
          break;
        case CF_SQL_INT:
          values[i] = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
          g_ptr_array_add (numbers, (char *) values[i]);
          break;
        case CF_SQL_TEXT:
          values[i] = v->s;
          break;
        case CF_SQL_BLOB:
          values[i] = v->data != NULL ? v->data : "";
          lengths[i] = (int) v->len;
          formats[i] = 1;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  res = PQexecPrepared (self->pg, name, (int) n_params, values, lengths, formats, 0);
  if (!result_ok (res))
    {
      set_result_error (error, self, res, sql);
      PQclear (res);
      return NULL;
    }

  rows = _cf_sql_rows_new (PQnfields (res));
  rows->n_rows = PQntuples (res);
  for (guint r = 0; r < rows->n_rows; r++)
    for (guint c = 0; c < rows->n_columns; c++)
      {
        if (PQgetisnull (res, r, c))
          g_ptr_array_add (rows->cells, NULL);
        else if (PQftype (res, c) == BYTEA_OID)
          {
            size_t len = 0;
            unsigned char *raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (res, r, c), &len);
            char *copy = g_malloc (len + 1);

            if (len > 0)
              memcpy (copy, raw, len);
            copy[len] = '\0';
            PQfreemem (raw);
            g_ptr_array_add (rows->cells, g_bytes_new_take (copy, len));
          }
        else
          g_ptr_array_add (rows->cells, g_bytes_new (PQgetvalue (res, r, c),
                                                     PQgetlength (res, r, c) + 1));
      }

  tuples = PQcmdTuples (res);
  rows->changes = tuples != NULL && *tuples != '\0' ? g_ascii_strtoll (tuples, NULL, 10) : 0;
  PQclear (res);
  return rows;
}

static gboolean
pg_inspect (CfSqlConn  *conn,
            int        *version,
            gboolean   *foreign,
            GError    **error)
{
  g_autoptr(CfSqlRows) meta = NULL;
  g_autoptr(CfSqlRows) tables = NULL;

  *version = 0;
  *foreign = FALSE;

  meta = pg_query (conn, "SELECT count(*) FROM information_schema.tables"
                         " WHERE table_schema = current_schema() AND table_name = 'cf_meta'",
                   NULL, 0, error);
  if (meta == NULL)
    return FALSE;

  if (cf_sql_rows_int (meta, 0, 0) > 0)
    {
      g_autoptr(CfSqlRows) row = pg_query (conn, "SELECT value FROM cf_meta WHERE key = 'schema_version'",
                                           NULL, 0, error);
      if (row == NULL)
        return FALSE;
      if (row->n_rows > 0)
        *version = (int) g_ascii_strtoll (cf_sql_rows_text (row, 0, 0), NULL, 10);
      return TRUE;
    }

  /* No cf_meta: an empty database is ours to fill, anything else is not. */
  tables = pg_query (conn, "SELECT count(*) FROM information_schema.tables"
                           " WHERE table_schema = current_schema()",
                     NULL, 0, error);
  if (tables == NULL)
    return FALSE;
  *foreign = cf_sql_rows_int (tables, 0, 0) > 0;
  return TRUE;
}

static gboolean
pg_set_version (CfSqlConn  *conn,
                int         version,
                GError    **error)
{
  g_autofree char *text = g_strdup_printf ("%d", version);
  g_autoptr(CfSqlRows) rows = NULL;

  if (!pg_exec (conn, "CREATE TABLE IF NOT EXISTS cf_meta ("
                      " key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)", error))
    return FALSE;
  rows = pg_query (conn, "INSERT INTO cf_meta (key, value) VALUES ('schema_version', ?)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (text)), error);
  return rows != NULL;
}

static gboolean
pg_reset_ids (CfSqlConn   *conn,
              const char  *table,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT setval(pg_get_serial_sequence('%s', 'id'),"
                                          " COALESCE(max(id), 0) + 1, false) FROM %s",
                                          table, table);
  return pg_exec (conn, sql, error);
}

static gboolean
pg_listen (CfSqlConn  *conn,
           GError    **error)
{
  return pg_exec (conn, "LISTEN cf_changes", error);
}

static int
pg_watch_fd (CfSqlConn *conn)
{
  return PQsocket (((PgConn *) conn)->pg);
}

/* Reads what the server sent on the listening connection without waiting:
 * TRUE when a NOTIFY arrived. A lost connection is an error (the caller
 * falls back to polling). */
static gboolean
pg_changed (CfSqlConn  *conn,
            GError    **error)
{
  PgConn *self = (PgConn *) conn;
  gboolean any = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (self->pg))
    {
      set_result_error (error, self, NULL, "listen");
      return FALSE;
    }
  while ((notify = PQnotifies (self->pg)) != NULL)
    {
      any = TRUE;
      PQfreemem (notify);
    }
  return any;
}

const CfSqlDriver cf_sql_driver_pgsql = {
  .name = "postgresql",
  .engine = CF_STORE_ENGINE_POSTGRESQL,
  .begin_write = "BEGIN ISOLATION LEVEL SERIALIZABLE",
  .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  .connect = pg_connect,
  .disconnect = pg_disconnect,
  .exec = pg_exec,
  .query = pg_query,
  .inspect = pg_inspect,
  .set_version = pg_set_version,
  .notify_sql = "SELECT pg_notify ('cf_changes', ?)",
  .listen = pg_listen,
  .watch_fd = pg_watch_fd,
  .changed = pg_changed,
  .reset_ids = pg_reset_ids,
};
