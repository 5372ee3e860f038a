/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sql-sqlite.c: the embedded engine, one SQLite file on this desk.
 *
 * The file is private to the user (folder 0700, file 0600) and inspected
 * read-only before anything is written: one saved by a newer Certifica or
 * by another program is refused and left byte for byte as it was. The
 * schema version lives in PRAGMA user_version, as it did before this
 * driver existed, so stores of versions 1 and 2 migrate in place. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cf-sql-private.h"

/* PRAGMA application_id: "Cert" in ASCII. */
#define CF_SQLITE_APPLICATION_ID 0x43657274
#define BUSY_TIMEOUT_MS 5000

typedef struct
{
  CfSqlConn   parent;
  char       *path;
  sqlite3    *db;
  int         data_version;   /* last seen by sqlite_changed() */
  GHashTable *statements;   /* SQL text → sqlite3_stmt*, prepared once */
} SqliteConn;

static void
set_error (GError     **error,
           sqlite3     *db,
           int          rc,
           const char  *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  g_debug ("store (sqlite): %s failed: %s (%d)", what, detail, rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      _cf_sql_set_error (error, CF_STORE_ERROR_CORRUPT, detail);
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("The disk is full, so Certifica could not save its data."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      _cf_sql_set_error (error, CF_STORE_ERROR_OPEN, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      _cf_sql_set_error (error, CF_STORE_ERROR_BUSY, detail);
      break;
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        _cf_sql_set_error (error, CF_STORE_ERROR_EXISTS, detail);
      else
        _cf_sql_set_error (error, CF_STORE_ERROR_FAILED, detail);
      break;
    default:
      _cf_sql_set_error (error, CF_STORE_ERROR_FAILED, detail);
      break;
    }
}

static gboolean
raw_exec (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (error, db, rc, sql);
      return FALSE;
    }
  return TRUE;
}

static gboolean
raw_int (sqlite3     *db,
         const char  *sql,
         int         *out,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    set_error (error, db, rc, sql);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* What an existing file holds, read without changing a byte of it. */
static gboolean
inspect_file (const char  *path,
              GError     **error)
{
  sqlite3 *db = NULL;
  int version = 0, application_id = 0, tables = 0;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file %s cannot be opened (%s)."),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* The first read parses the header: a file that is not SQLite shows here. */
  if (!raw_exec (db, "BEGIN", &local_error) || !raw_int (db, "PRAGMA user_version", &version, &local_error) ||
      !raw_int (db, "PRAGMA application_id", &application_id, &local_error) ||
      !raw_int (db, "SELECT count(*) FROM sqlite_master", &tables, &local_error))
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT))
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                     _("The file %s is not a Certifica data file or it is damaged. "
                       "It has been left as it was; move it away or restore a backup."),
                     path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }

  if ((application_id != 0 && application_id != CF_SQLITE_APPLICATION_ID) ||
      (version == 0 && tables > 0))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                   _("The file %s is a database of another program, not a Certifica "
                     "data file. It has been left as it was."),
                   path);
      goto out;
    }

  if (version > cf_store_get_latest_schema_version ())
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NEWER,
                   _("The file %s was saved by a newer version of Certifica. "
                     "Update Certifica to open it; the file has been left as it was."),
                   path);
      goto out;
    }

  ok = TRUE;
out:
  sqlite3_close_v2 (db);
  return ok;
}

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("The folder %s for Certifica's data cannot be created: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        return TRUE;
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file %s cannot be created: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);
  return TRUE;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sqlite_disconnect (CfSqlConn *conn)
{
  SqliteConn *self = (SqliteConn *) conn;

  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_free (self->path);
  g_free (self);
}

static CfSqlConn *
sqlite_connect (const char  *location,
                const char  *password,
                GError     **error)
{
  SqliteConn *self;
  int rc;

  if (g_file_test (location, G_FILE_TEST_EXISTS))
    {
      if (!inspect_file (location, error))
        return NULL;
    }
  else if (!create_private_file (location, error))
    return NULL;

  self = g_new0 (SqliteConn, 1);
  self->parent.driver = &cf_sql_driver_sqlite;
  self->path = g_strdup (location);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);

  rc = sqlite3_open_v2 (location, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file %s cannot be opened (%s)."), location,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite_disconnect (&self->parent);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!raw_exec (self->db, "PRAGMA foreign_keys = ON", error) ||
      !raw_exec (self->db, "PRAGMA journal_mode = WAL", error) ||
      !raw_exec (self->db, "PRAGMA synchronous = NORMAL", error))
    {
      sqlite_disconnect (&self->parent);
      return NULL;
    }

  return &self->parent;
}

static gboolean
sqlite_exec (CfSqlConn   *conn,
             const char  *sql,
             GError     **error)
{
  return raw_exec (((SqliteConn *) conn)->db, sql, error);
}

static CfSqlRows *
sqlite_query (CfSqlConn        *conn,
              const char       *sql,
              const CfSqlValue *params,
              guint             n_params,
              GError          **error)
{
  SqliteConn *self = (SqliteConn *) conn;
  sqlite3_stmt *stmt;
  CfSqlRows *rows;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          set_error (error, self->db, rc, sql);
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  for (guint i = 0; i < n_params; i++)
    {
      const CfSqlValue *v = &params[i];

      switch (v->type)
        {
        case CF_SQL_NULL:
          sqlite3_bind_null (stmt, i + 1);
          break;
        case CF_SQL_INT:
          sqlite3_bind_int64 (stmt, i + 1, v->i);
          break;
        case CF_SQL_TEXT:
          sqlite3_bind_text (stmt, i + 1, v->s, -1, SQLITE_STATIC);
          break;
        case CF_SQL_BLOB:
          sqlite3_bind_blob64 (stmt, i + 1, v->data, v->len, SQLITE_STATIC);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  rows = _cf_sql_rows_new (sqlite3_column_count (stmt));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint c = 0; c < rows->n_columns; c++)
        {
          int type = sqlite3_column_type (stmt, c);

          if (type == SQLITE_NULL)
            g_ptr_array_add (rows->cells, NULL);
          else if (type == SQLITE_BLOB)
            {
              const void *data = sqlite3_column_blob (stmt, c);
              int len = sqlite3_column_bytes (stmt, c);
              /* Text cells are NUL-terminated; blobs get one too, harmlessly. */
              char *copy = g_malloc (len + 1);

              if (len > 0)
                memcpy (copy, data, len);
              copy[len] = '\0';
              g_ptr_array_add (rows->cells, g_bytes_new_take (copy, len));
            }
          else
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);
              int len = sqlite3_column_bytes (stmt, c);

              g_ptr_array_add (rows->cells, g_bytes_new (text, len + 1));
            }
        }
      rows->n_rows++;
    }

  if (rc != SQLITE_DONE)
    {
      set_error (error, self->db, rc, sql);
      sqlite3_reset (stmt);
      cf_sql_rows_free (rows);
      return NULL;
    }

  rows->changes = sqlite3_stmt_readonly (stmt) ? 0 : sqlite3_changes64 (self->db);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rows;
}

static gboolean
sqlite_inspect (CfSqlConn  *conn,
                int        *version,
                gboolean   *foreign,
                GError    **error)
{
  /* The file was checked before connecting (inspect_file). */
  *foreign = FALSE;
  return raw_int (((SqliteConn *) conn)->db, "PRAGMA user_version", version, error);
}

static gboolean
sqlite_set_version (CfSqlConn  *conn,
                    int         version,
                    GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                          CF_SQLITE_APPLICATION_ID, version);
  return raw_exec (((SqliteConn *) conn)->db, sql, error);
}

static gboolean
sqlite_reset_ids (CfSqlConn   *conn,
                  const char  *table,
                  GError     **error)
{
  /* AUTOINCREMENT keeps its own high-water mark in sqlite_sequence. */
  return TRUE;
}

static gboolean
sqlite_listen (CfSqlConn  *conn,
               GError    **error)
{
  SqliteConn *self = (SqliteConn *) conn;

  return raw_int (self->db, "PRAGMA data_version", &self->data_version, error);
}

static int
sqlite_watch_fd (CfSqlConn *conn)
{
  return -1;
}

/* PRAGMA data_version moves when another connection (another process, or
 * another thread's connection) committed: a cheap read, fit for a timer. */
static gboolean
sqlite_changed (CfSqlConn  *conn,
                GError    **error)
{
  SqliteConn *self = (SqliteConn *) conn;
  int version = 0;

  if (!raw_int (self->db, "PRAGMA data_version", &version, error))
    return FALSE;
  if (version == self->data_version)
    return FALSE;
  self->data_version = version;
  return TRUE;
}

const CfSqlDriver cf_sql_driver_sqlite = {
  .name = "sqlite",
  .engine = CF_STORE_ENGINE_SQLITE,
  /* IMMEDIATE takes the write lock at once: two writers queue instead of
   * one failing at COMMIT. */
  .begin_write = "BEGIN IMMEDIATE",
  .begin_read = "BEGIN",
  .connect = sqlite_connect,
  .disconnect = sqlite_disconnect,
  .exec = sqlite_exec,
  .query = sqlite_query,
  .inspect = sqlite_inspect,
  .set_version = sqlite_set_version,
  .notify_sql = NULL,
  .listen = sqlite_listen,
  .watch_fd = sqlite_watch_fd,
  .changed = sqlite_changed,
  .reset_ids = sqlite_reset_ids,
};
