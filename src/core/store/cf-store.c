/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store.c: opening a store on either engine, migrations, connections
 * per thread, transactions with retry, and change watching.
 *
 * Each thread gets its own connection (SQLite handles and libpq
 * connections are not to be shared between threads at once): the main
 * thread's serves the pages, a GTask worker opens its own on first use. */

#include "config.h"

#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <libsecret/secret.h>

#include "cf-sql-private.h"
#include "cf-store-schema.h"

#define MAX_TRIES 12

struct _CfStore
{
  GObject            parent_instance;

  char              *location;
  char              *password;      /* PostgreSQL only; wiped on finalize */
  const CfSqlDriver *driver;
  int                schema_version;

  GMutex             lock;
  GHashTable        *conns;         /* GThread* → CfSqlConn* */

  guint              watch_id;
  guint              watch_fd_id;
  CfSqlConn         *watch_conn;    /* the main context's listener */
  gint64             seen_stamp;    /* the counter when last looked at */
  GHashTable        *own_stamps;    /* stamps of this process's writes since then */
};

G_DEFINE_FINAL_TYPE (CfStore, cf_store, G_TYPE_OBJECT)

enum
{
  SIGNERS_CHANGED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cf-store-error-quark, cf_store_error)

/* ---- Errors ---- */

void
_cf_sql_set_error (GError       **error,
                   CfStoreError   code,
                   const char    *detail)
{
  switch (code)
    {
    case CF_STORE_ERROR_CORRUPT:
      g_set_error (error, CF_STORE_ERROR, code,
                   _("Certifica's data is damaged (%s)."), detail);
      break;
    case CF_STORE_ERROR_OPEN:
      g_set_error (error, CF_STORE_ERROR, code,
                   _("Certifica's data cannot be reached or written (%s)."), detail);
      break;
    case CF_STORE_ERROR_BUSY:
      g_set_error_literal (error, CF_STORE_ERROR, code,
                           _("Certifica's data is in use by another program or desk. "
                             "Wait a moment and try again."));
      break;
    case CF_STORE_ERROR_AUTH:
      g_set_error (error, CF_STORE_ERROR, code,
                   _("The database server refused the connection (%s). "
                     "Check the user and password in Preferences."), detail);
      break;
    case CF_STORE_ERROR_EXISTS:
      g_set_error (error, CF_STORE_ERROR, code,
                   _("That entry is already there (%s)."), detail);
      break;
    default:
      g_set_error (error, CF_STORE_ERROR, code,
                   _("Certifica could not save or read its data (%s)."), detail);
      break;
    }
}

/* ---- Rows ---- */

CfSqlRows *
_cf_sql_rows_new (guint n_columns)
{
  CfSqlRows *rows = g_new0 (CfSqlRows, 1);

  rows->n_columns = n_columns;
  rows->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return rows;
}

void
cf_sql_rows_free (CfSqlRows *rows)
{
  if (rows == NULL)
    return;
  g_ptr_array_unref (rows->cells);
  g_free (rows);
}

GBytes *
cf_sql_rows_bytes (CfSqlRows *rows,
                   guint      row,
                   guint      column)
{
  g_return_val_if_fail (row < rows->n_rows && column < rows->n_columns, NULL);
  return g_ptr_array_index (rows->cells, row * rows->n_columns + column);
}

const char *
cf_sql_rows_text (CfSqlRows *rows,
                  guint      row,
                  guint      column)
{
  GBytes *bytes = cf_sql_rows_bytes (rows, row, column);

  return bytes != NULL ? g_bytes_get_data (bytes, NULL) : NULL;
}

gint64
cf_sql_rows_int (CfSqlRows *rows,
                 guint      row,
                 guint      column)
{
  const char *text = cf_sql_rows_text (rows, row, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* ---- Statements ---- */

gboolean
cf_sql_exec (CfSqlConn   *conn,
             const char  *sql,
             GError     **error)
{
  return conn->driver->exec (conn, sql, error);
}

CfSqlRows *
cf_sql_query (CfSqlConn        *conn,
              const char       *sql,
              const CfSqlValue *params,
              guint             n_params,
              GError          **error)
{
  return conn->driver->query (conn, sql, params, n_params, error);
}

gboolean
cf_sql_run (CfSqlConn        *conn,
            const char       *sql,
            const CfSqlValue *params,
            guint             n_params,
            gint64           *changes,
            GError          **error)
{
  g_autoptr(CfSqlRows) rows = conn->driver->query (conn, sql, params, n_params, error);

  if (rows == NULL)
    return FALSE;
  if (changes != NULL)
    *changes = rows->changes;
  return TRUE;
}

/* ---- Connections ---- */

static CfSqlConn *
connect_new (CfStore  *self,
             GError  **error)
{
  return self->driver->connect (self->location, self->password, error);
}

CfSqlConn *
cf_store_get_conn (CfStore  *self,
                   GError  **error)
{
  GThread *thread = g_thread_self ();
  CfSqlConn *conn;

  g_mutex_lock (&self->lock);
  conn = g_hash_table_lookup (self->conns, thread);
  g_mutex_unlock (&self->lock);
  if (conn != NULL)
    return conn;

  conn = connect_new (self, error);
  if (conn == NULL)
    return NULL;

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->conns, thread, conn);
  g_mutex_unlock (&self->lock);
  return conn;
}

static void
rollback (CfSqlConn *conn)
{
  if (conn->in_transaction)
    conn->driver->exec (conn, "ROLLBACK", NULL);
  conn->in_transaction = FALSE;
}

static gboolean
begin (CfSqlConn   *conn,
       const char  *sql,
       GError     **error)
{
  if (conn->in_transaction)
    {
      /* A repository called from inside another's transaction. */
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           "nested store transaction");
      g_critical ("store: a transaction was started inside another one");
      return FALSE;
    }
  if (!conn->driver->exec (conn, sql, error))
    return FALSE;
  conn->in_transaction = TRUE;
  return TRUE;
}

static gboolean
commit (CfSqlConn  *conn,
        GError    **error)
{
  gboolean ok = conn->driver->exec (conn, "COMMIT", error);

  if (!ok)
    rollback (conn);
  conn->in_transaction = FALSE;
  return ok;
}

static void
backoff (guint attempt)
{
  /* 5, 10, 20… ms with jitter, at most ~0.3 s a try. */
  guint base = MIN (5u << MIN (attempt, 6u), 300u);

  g_usleep ((base + g_random_int_range (0, base + 1)) * 1000);
}

static gboolean
transact (CfStore        *self,
          gboolean        write,
          CfStoreTxFunc   func,
          gpointer        user_data,
          GError        **error)
{
  CfSqlConn *conn = cf_store_get_conn (self, error);

  if (conn == NULL)
    return FALSE;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 stamp = 0;

      if (!begin (conn, write ? self->driver->begin_write : self->driver->begin_read, &local_error))
        goto failed;

      if (write)
        {
          g_autoptr(CfSqlRows) rows =
            cf_sql_query (conn, "UPDATE cf_clock SET stamp = stamp + 1 WHERE id = 1 RETURNING stamp",
                          NULL, 0, &local_error);
          if (rows == NULL || rows->n_rows != 1)
            {
              if (rows != NULL)
                g_set_error_literal (&local_error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                                     _("Certifica's data is damaged (its change counter is missing)."));
              goto failed;
            }
          stamp = cf_sql_rows_int (rows, 0, 0);
        }

      if (!func (conn, stamp, user_data, &local_error))
        goto failed;

      if (write && self->driver->notify_sql != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, stamp);

          if (!cf_sql_run (conn, self->driver->notify_sql, CF_SQL_PARAMS (CF_SQL_TEXT_V (text)),
                           NULL, &local_error))
            goto failed;
        }

      if (!write)
        {
          rollback (conn);
          return TRUE;
        }
      if (commit (conn, &local_error))
        {
          if (write)
            {
              g_mutex_lock (&self->lock);
              g_hash_table_add (self->own_stamps, g_memdup2 (&stamp, sizeof stamp));
              g_mutex_unlock (&self->lock);
            }
          return TRUE;
        }

    failed:
      rollback (conn);
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_BUSY) && attempt + 1 < MAX_TRIES)
        {
          g_debug ("store: busy, trying again (%u)", attempt + 1);
          backoff (attempt);
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

gboolean
cf_store_write (CfStore        *self,
                CfStoreTxFunc   func,
                gpointer        user_data,
                GError        **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  return transact (self, TRUE, func, user_data, error);
}

gboolean
cf_store_read (CfStore        *self,
               CfStoreTxFunc   func,
               gpointer        user_data,
               GError        **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  return transact (self, FALSE, func, user_data, error);
}

/* ---- Migrations ---- */

int
cf_store_get_latest_schema_version (void)
{
  guint n;
  const CfStoreMigration *steps = _cf_store_schema_migrations (&n);

  return steps[n - 1].version;
}

static void
set_newer_error (CfStore  *self,
                 GError  **error)
{
  g_autofree char *shown = cf_store_location_for_display (self->location);

  g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NEWER,
               _("The store %s was saved by a newer version of Certifica. "
                 "Update Certifica to open it; it has been left as it was."),
               shown);
}

static gboolean
migrate (CfStore  *self,
         GError  **error)
{
  CfSqlConn *conn = cf_store_get_conn (self, error);
  guint n_steps;
  const CfStoreMigration *steps = _cf_store_schema_migrations (&n_steps);
  int latest = cf_store_get_latest_schema_version ();

  if (conn == NULL)
    return FALSE;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      int current = 0;
      gboolean foreign = FALSE;

      /* The write lock first, then the version: two programs starting at
       * once migrate only once. */
      if (!begin (conn, self->driver->engine == CF_STORE_ENGINE_POSTGRESQL ? "BEGIN" : self->driver->begin_write, &local_error))
        goto failed;
      /* PostgreSQL: make a second migrator wait here rather than fail later. */
      if (self->driver->engine == CF_STORE_ENGINE_POSTGRESQL &&
          !cf_sql_exec (conn, "SELECT pg_advisory_xact_lock (1128613492)", &local_error))
        goto failed;
      if (!self->driver->inspect (conn, &current, &foreign, &local_error))
        goto failed;

      if (foreign)
        {
          g_autofree char *shown = cf_store_location_for_display (self->location);

          rollback (conn);
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                       _("The database %s holds another program's tables, not a Certifica "
                         "store. It has been left as it was."), shown);
          return FALSE;
        }
      if (current > latest)
        {
          rollback (conn);
          set_newer_error (self, error);
          return FALSE;
        }

      for (guint i = 0; i < n_steps; i++)
        {
          g_autofree char *pg = NULL;
          const char *sql;

          g_assert (steps[i].version == (int) i + 1);
          if (current >= steps[i].version)
            continue;

          g_debug ("store: migrating to version %d", steps[i].version);
          if (self->driver->engine == CF_STORE_ENGINE_POSTGRESQL)
            sql = pg = _cf_store_schema_for_pg (steps[i].postgresql != NULL ? steps[i].postgresql
                                                                             : steps[i].sqlite);
          else
            sql = steps[i].sqlite;

          if (!cf_sql_exec (conn, sql, &local_error) ||
              !self->driver->set_version (conn, steps[i].version, &local_error))
            goto failed;
          current = steps[i].version;
        }

      if (!commit (conn, &local_error))
        goto failed;
      self->schema_version = current;
      return TRUE;

    failed:
      rollback (conn);
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_BUSY) && attempt + 1 < MAX_TRIES)
        {
          backoff (attempt);
          continue;
        }
      /* Two first starts on an empty PostgreSQL database: the loser's
       * CREATE TABLE collides; the winner's schema is there now. */
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS) && attempt + 1 < MAX_TRIES)
        continue;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

/* ---- The object ---- */

static void
cf_store_finalize (GObject *object)
{
  CfStore *self = (CfStore *) object;

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->watch_fd_id, g_source_remove);
  if (self->watch_conn != NULL)
    self->watch_conn->driver->disconnect (self->watch_conn);
  g_clear_pointer (&self->conns, g_hash_table_unref);
  g_clear_pointer (&self->own_stamps, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_free (self->password);
    }
  g_clear_pointer (&self->location, g_free);

  G_OBJECT_CLASS (cf_store_parent_class)->finalize (object);
}

static void
cf_store_class_init (CfStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_store_finalize;

  /**
   * CfStore::signers-changed:
   *
   * Emitted after this process added or removed a signer.
   */
  signals[SIGNERS_CHANGED] =
    g_signal_new ("signers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * CfStore::changed:
   *
   * Emitted on the main context when another desk or process wrote to the
   * store (see cf_store_watch_changes()).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
conn_free (gpointer data)
{
  CfSqlConn *conn = data;

  conn->driver->disconnect (conn);
}

static void
cf_store_init (CfStore *self)
{
  g_mutex_init (&self->lock);
  self->own_stamps = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->conns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, conn_free);
}

char *
cf_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "certifica.db", NULL);
}

gboolean
cf_store_location_is_uri (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

char *
cf_store_location_for_display (const char *location)
{
  g_autoptr(GUri) uri = NULL;

  if (!cf_store_location_is_uri (location))
    return g_strdup (location);
  uri = g_uri_parse (location, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return g_strdup ("postgresql://…");
  return g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
}

void
_cf_store_emit_signers_changed (CfStore *self);
void
_cf_store_emit_signers_changed (CfStore *self)
{
  g_signal_emit (self, signals[SIGNERS_CHANGED], 0);
}

CfStore *
cf_store_open_with_password (const char  *location,
                             const char  *password,
                             GError     **error)
{
  g_autoptr(CfStore) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CF_TYPE_STORE, NULL);
  self->location = location != NULL && *location != '\0' ? g_strdup (location) : cf_store_default_path ();
  self->driver = cf_store_location_is_uri (self->location) ? &cf_sql_driver_pgsql : &cf_sql_driver_sqlite;
  if (password != NULL && self->driver->engine == CF_STORE_ENGINE_POSTGRESQL)
    self->password = g_strdup (password);

  if (!migrate (self, error))
    return NULL;
  if (!cf_store_get_stamp (self, &self->seen_stamp, error))
    return NULL;

  return g_steal_pointer (&self);
}

CfStore *
cf_store_open (const char  *location,
               GError     **error)
{
  g_autofree char *password = NULL;
  CfStore *store;

  if (cf_store_location_is_uri (location))
    {
      g_autoptr(GError) local_error = NULL;

      /* No keyring (a script on a server) is not an error: libpq has its own ways. */
      password = cf_store_password_lookup (location, NULL, &local_error);
      if (local_error != NULL)
        g_debug ("store: no password from the keyring: %s", local_error->message);
    }

  store = cf_store_open_with_password (location, password, error);
  if (password != NULL)
    memset (password, 0, strlen (password));
  return store;
}

typedef struct
{
  char *location;
  char *password;   /* wiped */
} OpenData;

static void
open_data_free (gpointer pointer)
{
  OpenData *data = pointer;

  g_free (data->location);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  CfStore *store;

  if (data->password != NULL)
    store = cf_store_open_with_password (data->location, data->password, &error);
  else
    store = cf_store_open (data->location, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
cf_store_open_async (const char          *location,
                     const char          *password,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (OpenData, 1);
  data->location = g_strdup (location);
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_store_open_async);
  g_task_set_task_data (task, data, open_data_free);
  /* Connecting cannot be interrupted; a cancelled caller gets
   * G_IO_ERROR_CANCELLED at once and the store is dropped when ready. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

CfStore *
cf_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
cf_store_get_location (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  return self->location;
}

const char *
cf_store_get_path (CfStore *self)
{
  return cf_store_get_location (self);
}

CfStoreEngine
cf_store_get_engine (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), CF_STORE_ENGINE_SQLITE);
  return self->driver->engine;
}

const char *
cf_store_engine_to_string (CfStoreEngine engine)
{
  return engine == CF_STORE_ENGINE_POSTGRESQL ? "postgresql" : "sqlite";
}

int
cf_store_get_schema_version (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), -1);
  return self->schema_version;
}

gboolean
cf_store_is_on_network_fs (CfStore *self)
{
  /* statfs magic numbers of network file systems (linux/magic.h). */
  static const long network[] = {
    0x6969,       /* NFS */
    0xFF534D42,   /* CIFS */
    0xFE534D42,   /* SMB2 */
    0x517B,       /* SMB */
    0x65735546,   /* FUSE (sshfs and friends) */
    0x564c,       /* NCP */
    0x5346414f,   /* AFS */
    0x01021997,   /* 9P */
  };
  struct statfs fs;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  if (self->driver->engine != CF_STORE_ENGINE_SQLITE)
    return FALSE;
  if (statfs (self->location, &fs) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    if ((long) (unsigned int) fs.f_type == network[i])
      return TRUE;
  return FALSE;
}

gboolean
cf_store_get_stamp (CfStore  *self,
                    gint64   *stamp,
                    GError  **error)
{
  CfSqlConn *conn;
  g_autoptr(CfSqlRows) rows = NULL;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);

  conn = cf_store_get_conn (self, error);
  if (conn == NULL)
    return FALSE;
  rows = cf_sql_query (conn, "SELECT stamp FROM cf_clock WHERE id = 1", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  *stamp = rows->n_rows > 0 ? cf_sql_rows_int (rows, 0, 0) : 0;
  return TRUE;
}

/* Something was written by another connection: if the counter moved past
 * what this process wrote itself, another desk or process did it. */
static void
check_stamp (CfStore *self)
{
  g_autoptr(GError) error = NULL;
  gboolean others;
  gint64 stamp = 0;

  if (!cf_store_get_stamp (self, &stamp, &error))
    {
      g_debug ("store: cannot read the change counter: %s", error->message);
      return;
    }
  /* Committed stamps are consecutive: if more stamps were taken since the
   * last look than this process wrote, someone else wrote too (even when
   * our own write came after theirs). */
  g_mutex_lock (&self->lock);
  {
    GHashTableIter iter;
    gint64 *own;
    gint64 n_own = 0;

    g_hash_table_iter_init (&iter, self->own_stamps);
    while (g_hash_table_iter_next (&iter, (gpointer *) &own, NULL))
      {
        if (*own > self->seen_stamp && *own <= stamp)
          n_own++;
        if (*own <= stamp)
          g_hash_table_iter_remove (&iter);
      }
    others = stamp - self->seen_stamp > n_own;
    self->seen_stamp = MAX (self->seen_stamp, stamp);
  }
  g_mutex_unlock (&self->lock);
  if (others)
    g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
watch_tick (gpointer data)
{
  CfStore *self = data;
  g_autoptr(GError) error = NULL;

  /* No listener (it failed or was lost): read the counter each time. */
  if (self->watch_conn == NULL || self->driver->changed (self->watch_conn, &error))
    check_stamp (self);
  else if (error != NULL)
    {
      g_debug ("store: change watch lost: %s", error->message);
      g_clear_handle_id (&self->watch_fd_id, g_source_remove);
      self->watch_conn->driver->disconnect (self->watch_conn);
      self->watch_conn = NULL;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
watch_fd_cb (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  CfStore *self = data;

  watch_tick (self);
  if (self->watch_conn == NULL)
    {
      self->watch_fd_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
cf_store_watch_changes (CfStore *self,
                        guint    interval_ms)
{
  g_autoptr(GError) error = NULL;
  int fd;

  g_return_if_fail (CF_IS_STORE (self));

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->watch_fd_id, g_source_remove);
  if (self->watch_conn != NULL)
    self->watch_conn->driver->disconnect (self->watch_conn);

  /* A connection of its own: PostgreSQL delivers NOTIFY on it and the main
   * context wakes on its socket; SQLite's data_version is read on a timer. */
  self->watch_conn = self->driver->connect (self->location, self->password, &error);
  if (self->watch_conn != NULL && !self->driver->listen (self->watch_conn, &error))
    {
      self->watch_conn->driver->disconnect (self->watch_conn);
      self->watch_conn = NULL;
    }
  if (self->watch_conn == NULL)
    g_debug ("store: watching by reading the counter: %s", error != NULL ? error->message : "");

  fd = self->watch_conn != NULL ? self->driver->watch_fd (self->watch_conn) : -1;
  if (fd >= 0)
    self->watch_fd_id = g_unix_fd_add (fd, G_IO_IN | G_IO_ERR | G_IO_HUP, watch_fd_cb, self);
  /* Writes made between opening the store and now are news too. */
  check_stamp (self);
  /* The timer also runs with a socket, rarely: a safety net if a
   * notification is ever lost with the connection. */
  self->watch_id = g_timeout_add (fd >= 0 ? MAX (interval_ms, 5000u) : (interval_ms > 0 ? interval_ms : 1000),
                                  watch_tick, self);
}

/* ---- The database password in the keyring ---- */

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.certifica.Store", SECRET_SCHEMA_NONE,
    {
      { "location", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static void
keyring_error (GError     **error,
               GError      *cause)
{
  g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_AUTH,
               _("The keyring could not be used for the database password: %s"), cause->message);
}

gboolean
cf_store_password_store (const char    *location,
                         const char    *password,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = cf_store_location_for_display (location);
  g_autofree char *label = g_strdup_printf (_("Certifica database password for %s"), shown);

  if (!secret_password_store_sync (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                   cancellable, &local_error, "location", shown, NULL))
    {
      keyring_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

char *
cf_store_password_lookup (const char    *location,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = cf_store_location_for_display (location);
  char *secret;
  char *copy;

  secret = secret_password_lookup_nonpageable_sync (password_schema (), cancellable, &local_error,
                                                    "location", shown, NULL);
  if (local_error != NULL)
    {
      keyring_error (error, local_error);
      return NULL;
    }
  if (secret == NULL)
    return NULL;
  copy = g_strdup (secret);
  secret_password_free (secret);   /* wipes the non-pageable copy */
  return copy;
}

gboolean
cf_store_password_forget (const char    *location,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = cf_store_location_for_display (location);

  if (!secret_password_clear_sync (password_schema (), cancellable, &local_error,
                                   "location", shown, NULL) && local_error != NULL)
    {
      keyring_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
