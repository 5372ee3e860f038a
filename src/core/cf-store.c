/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store.c: the embedded SQLite store.
 *
 * One file, $XDG_DATA_HOME/certifica/certifica.db by default, private to the
 * user (folder 0700, file 0600). Its schema version lives in
 * PRAGMA user_version and grows through the ordered `migrations` table below.
 * Before anything is written, the file is inspected read-only: one written
 * by a newer Certifica, or one that is not a Certifica store, is refused
 * and left byte for byte as it was. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cf-store.h"
#include "cf-plan-schema.h"

/* PRAGMA application_id: "Cert" in ASCII, so `file` and we can tell our
 * databases from other SQLite files. */
#define CF_STORE_APPLICATION_ID 0x43657274

#define CF_STORE_BUSY_TIMEOUT_MS 5000

/* The schema, one step per version. Step i takes the file from version i to
 * version i + 1 and runs in its own exclusive transaction together with the
 * PRAGMA user_version bump, so a file is always at exactly one version.
 *
 * To change the schema, APPEND a step (never edit or reorder a released one):
 *   { 2, "CREATE TABLE plans (...);" "CREATE INDEX ...;" },
 * The number must be the previous one plus one (asserted when migrating). */
typedef struct
{
  int         version;
  const char *sql;
} CfStoreMigration;

static const CfStoreMigration migrations[] = {
  { 1,
    "CREATE TABLE signers ("
    "  certificate_number TEXT PRIMARY KEY NOT NULL,"
    "  rfc TEXT NOT NULL,"
    "  curp TEXT,"
    "  name TEXT NOT NULL,"
    "  not_before TEXT NOT NULL,"       /* ISO 8601, UTC */
    "  not_after TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"             /* cf_efirma_kind_to_string() */
    "  der BLOB NOT NULL,"              /* the public certificate only */
    "  added_at TEXT NOT NULL"
    ");" },
  /* Programa de Estudios: working copy, sent snapshots, ID history. */
  { 2, CF_PLAN_SCHEMA_V2_SQL },
};

struct _CfStore
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  int      schema_version;
};

G_DEFINE_FINAL_TYPE (CfStore, cf_store, G_TYPE_OBJECT)

enum
{
  SIGNERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cf-store-error-quark, cf_store_error)

static int
latest_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

static void
set_sqlite_error (GError      **error,
                  sqlite3      *db,
                  int           code,
                  const char   *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (code);

  g_debug ("store: %s failed: %s (%d)", what, detail, code);

  switch (code & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                   _("Certifica's data file is damaged (%s)."), detail);
      break;
    case SQLITE_FULL:
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("The disk is full, so Certifica could not save its data."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file cannot be written (%s)."), detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("Certifica's data file is in use by another program. "
                             "Close it and try again."));
      break;
    default:
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   _("Certifica could not save or read its data (%s)."), detail);
      break;
    }
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, what);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
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
    set_sqlite_error (error, db, rc, sql);

  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* What an existing file holds, read without changing a byte of it. */
static gboolean
inspect_existing (const char  *path,
                  GError     **error)
{
  sqlite3 *db = NULL;
  int version = 0;
  int application_id = 0;
  int tables = 0;
  gboolean ok = FALSE;
  GError *local_error = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file %s cannot be opened (%s)."),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_busy_timeout (db, CF_STORE_BUSY_TIMEOUT_MS);

  /* The first read parses the header: this is where a file that is not
   * SQLite at all shows up. */
  if (!query_int (db, "PRAGMA user_version", &version, &local_error) ||
      !query_int (db, "PRAGMA application_id", &application_id, &local_error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_master", &tables, &local_error))
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT))
        {
          g_clear_error (&local_error);
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                       _("The file %s is not a Certifica data file or it is damaged. "
                         "It has been left as it was; move it away or restore a backup."),
                       path);
        }
      else
        g_propagate_error (error, local_error);
      goto out;
    }

  /* Another program's database: don't add our tables to it. */
  if ((application_id != 0 && application_id != CF_STORE_APPLICATION_ID) ||
      (version == 0 && tables > 0))
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                   _("The file %s is a database of another program, not a Certifica "
                     "data file. It has been left as it was."),
                   path);
      goto out;
    }

  if (version > latest_version ())
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

/* Creates the file with owner-only permissions before SQLite sees it;
 * SQLite gives its -wal and -shm files the same mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd;

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

static gboolean
migrate (CfStore  *self,
         GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const CfStoreMigration *step = &migrations[i];
      g_autofree char *bump = NULL;
      int current = 0;

      /* Steps are numbered 1, 2, 3... with no gap (see the table's comment). */
      g_assert (step->version == (int) i + 1);

      /* EXCLUSIVE and a re-read of the version inside the transaction: two
       * Certifica processes starting at once migrate the file only once. */
      if (!exec_sql (self->db, "BEGIN EXCLUSIVE", "begin migration", error))
        return FALSE;

      if (!query_int (self->db, "PRAGMA user_version", &current, error))
        goto fail;

      if (current > latest_version ())
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NEWER,
                       _("The file %s was saved by a newer version of Certifica. "
                         "Update Certifica to open it; the file has been left as it was."),
                       self->path);
          goto fail;
        }

      if (current >= step->version)
        {
          rollback (self->db);
          continue;
        }

      g_debug ("store: migrating %s to version %d", self->path, step->version);

      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                              CF_STORE_APPLICATION_ID, step->version);
      if (!exec_sql (self->db, step->sql, "migration", error) ||
          !exec_sql (self->db, bump, "migration version", error) ||
          !exec_sql (self->db, "COMMIT", "commit migration", error))
        goto fail;

      continue;

    fail:
      rollback (self->db);
      return FALSE;
    }

  return query_int (self->db, "PRAGMA user_version", &self->schema_version, error);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("");
  return g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
}

static CfCertificate *
certificate_from_row (CfStore       *self,
                      sqlite3_stmt  *stmt,
                      int            column,
                      GError       **error)
{
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GError) local_error = NULL;
  CfCertificate *certificate;
  const void *blob;
  int len;

  blob = sqlite3_column_blob (stmt, column);
  len = sqlite3_column_bytes (stmt, column);
  der = g_bytes_new (blob, len);

  certificate = cf_certificate_new_from_bytes (der, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                   _("A signer's certificate in Certifica's data file is damaged: %s"),
                   local_error->message);
      return NULL;
    }

  return certificate;
}

static void
cf_store_finalize (GObject *object)
{
  CfStore *self = (CfStore *) object;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);

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
   * Emitted after a signer was added or removed.
   */
  signals[SIGNERS_CHANGED] =
    g_signal_new ("signers-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cf_store_init (CfStore *self)
{
}

char *
cf_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "certifica", "certifica.db", NULL);
}

int
cf_store_get_latest_schema_version (void)
{
  return latest_version ();
}

CfStore *
cf_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(CfStore) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CF_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : cf_store_default_path ();

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("The folder %s for Certifica's data cannot be created: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      if (!inspect_existing (self->path, error))
        return NULL;
    }
  else if (!create_private_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_OPEN,
                   _("Certifica's data file %s cannot be opened (%s)."), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, CF_STORE_BUSY_TIMEOUT_MS);

  if (!exec_sql (self->db, "PRAGMA foreign_keys = ON", "foreign keys", error) ||
      !exec_sql (self->db, "PRAGMA journal_mode = WAL", "journal mode", error) ||
      !exec_sql (self->db, "PRAGMA synchronous = NORMAL", "synchronous", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
cf_store_get_path (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  return self->path;
}

int
cf_store_get_schema_version (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), -1);

  return self->schema_version;
}

sqlite3 *
cf_store_get_db (CfStore *self)
{
  g_return_val_if_fail (CF_IS_STORE (self), NULL);

  return self->db;
}

gboolean
cf_store_add_signer (CfStore        *self,
                     CfCertificate  *certificate,
                     GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *added_at = NULL;
  g_autoptr(GBytes) der = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *number;
  const void *der_data;
  gsize der_len;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number = cf_certificate_get_number (certificate);
  der = cf_certificate_get_der (certificate);
  /* get_der is transfer none in the header's spirit; keep our own ref. */
  g_bytes_ref (der);
  der_data = g_bytes_get_data (der, &der_len);
  not_before = format_date (cf_certificate_get_not_before (certificate));
  not_after = format_date (cf_certificate_get_not_after (certificate));
  added_at = format_date (now);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", "begin add signer", error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO signers (certificate_number, rfc, curp, name,"
                           " not_before, not_after, kind, der, added_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, cf_certificate_get_rfc (certificate), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, cf_certificate_get_curp (certificate), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, cf_certificate_get_name (certificate), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, not_before, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, not_after, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, cf_efirma_kind_to_string (cf_certificate_get_kind (certificate)),
                         -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob64 (stmt, 8, der_data, der_len, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, added_at, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }

  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS,
                     _("The signer with certificate %s is already in the list."),
                     number);
      else
        set_sqlite_error (error, self->db, rc, "add signer");
      sqlite3_finalize (stmt);
      rollback (self->db);
      return FALSE;
    }

  sqlite3_finalize (stmt);
  if (!exec_sql (self->db, "COMMIT", "commit add signer", error))
    {
      rollback (self->db);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNERS_CHANGED], 0);
  return TRUE;
}

gboolean
cf_store_remove_signer (CfStore     *self,
                        const char  *certificate_number,
                        GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int changes = 0;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  g_return_val_if_fail (certificate_number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!exec_sql (self->db, "BEGIN IMMEDIATE", "begin remove signer", error))
    return FALSE;

  rc = sqlite3_prepare_v2 (self->db, "DELETE FROM signers WHERE certificate_number = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, certificate_number, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "remove signer");
      rollback (self->db);
      return FALSE;
    }

  changes = sqlite3_changes (self->db);
  if (changes == 0)
    {
      rollback (self->db);
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no signer with certificate %s."), certificate_number);
      return FALSE;
    }

  if (!exec_sql (self->db, "COMMIT", "commit remove signer", error))
    {
      rollback (self->db);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNERS_CHANGED], 0);
  return TRUE;
}

GPtrArray *
cf_store_list_signers (CfStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT der FROM signers"
                           " ORDER BY name COLLATE NOCASE, certificate_number",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "list signers");
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CfCertificate *certificate = certificate_from_row (self, stmt, 0, error);

      if (certificate == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (signers, certificate);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "list signers");
      sqlite3_finalize (stmt);
      return NULL;
    }

  sqlite3_finalize (stmt);
  return g_steal_pointer (&signers);
}

CfCertificate *
cf_store_get_signer (CfStore     *self,
                     const char  *certificate_number,
                     GError     **error)
{
  CfCertificate *certificate = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  g_return_val_if_fail (certificate_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_prepare_v2 (self->db, "SELECT der FROM signers WHERE certificate_number = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, certificate_number, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }

  if (rc == SQLITE_ROW)
    certificate = certificate_from_row (self, stmt, 0, error);
  else if (rc == SQLITE_DONE)
    g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                 _("There is no signer with certificate %s."), certificate_number);
  else
    set_sqlite_error (error, self->db, rc, "get signer");

  sqlite3_finalize (stmt);
  return certificate;
}
