/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the test binaries. */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-test-util.h"

#define SKIP_EXIT_STATUS 77

char *
cf_test_fixture_path (const char *relative)
{
  const char *dir = g_getenv ("CF_FIXTURES_DIR");
  g_autofree char *path = NULL;

  g_return_val_if_fail (relative != NULL, NULL);

  if (dir == NULL || *dir == '\0')
    return NULL;

  path = g_build_filename (dir, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  return g_steal_pointer (&path);
}

char *
cf_test_fixture_password (const char *folder)
{
  g_autofree char *relative = g_build_filename (folder, "password.txt", NULL);
  g_autofree char *path = cf_test_fixture_path (relative);
  g_autoptr(GError) error = NULL;
  char *password = NULL;

  g_assert_nonnull (path);
  g_file_get_contents (path, &password, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (password);
  return password;
}

void
cf_test_require_fixtures (void)
{
  g_autofree char *path = cf_test_fixture_path ("sat-test-certs");

  if (path == NULL)
    {
      g_printerr ("SAT fixtures not found ($CF_FIXTURES_DIR): skipping\n");
      exit (SKIP_EXIT_STATUS);
    }
}

char *
cf_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("certifica-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static void
rmdir_recursive (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          rmdir_recursive (child);
          g_object_unref (info);
        }
    }

  g_file_delete (file, NULL, NULL);
}

void
cf_test_rmdir (const char *path)
{
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  rmdir_recursive (file);
}

GBytes *
cf_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

int
cf_test_spawn (const char * const  *argv,
               const char          *stdin_text,
               char               **out,
               char               **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* stdin is a pipe filled and closed before the child starts: a child
   * that exits without reading it then cannot make our write fail (and
   * GLib's communicate() leaks on that path). */
  if (stdin_text != NULL)
    {
      gsize len = strlen (stdin_text);
      int fds[2];

      g_assert_cmpuint (len, <, 60000);  /* fits in the pipe's buffer */
      g_assert_cmpint (pipe (fds), ==, 0);
      g_assert_cmpint (write (fds[1], stdin_text, len), ==, (gssize) len);
      close (fds[1]);
      g_subprocess_launcher_take_stdin_fd (launcher, fds[0]);
    }
  else
    {
      g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);

  return 128 + g_subprocess_get_term_sig (process);
}

/* Runs a tool; on failure the error carries its stderr. */
static gboolean
run_tool (GError **error,
          const char *first,
          ...) G_GNUC_NULL_TERMINATED;

static gboolean
run_tool (GError    **error,
          const char *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  status = cf_test_spawn ((const char * const *) argv->pdata, NULL, NULL, &err);
  if (status != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "%s exited with %d: %s", first, status, err);
      return FALSE;
    }
  return TRUE;
}

static char *
ascii_to_hex (const char *ascii)
{
  GString *hex = g_string_new ("0x");
  const char *p;

  for (p = ascii; *p != '\0'; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);
  return g_string_free (hex, FALSE);
}

/* A subject for openssl -subj: '/' inside a value must be escaped. */
static void
append_rdn (GString    *subject,
            const char *type,
            const char *value)
{
  const char *p;

  g_string_append_printf (subject, "/%s=", type);
  for (p = value; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '\\' || *p == '+' || *p == '=')
        g_string_append_c (subject, '\\');
      g_string_append_c (subject, *p);
    }
}

gboolean
cf_test_generate_cert (const char            *dir,
                       const char            *basename,
                       const CfTestCertSpec  *spec,
                       char                 **cer_path,
                       char                 **key_path,
                       GError               **error)
{
  static const CfTestCertSpec defaults = { 0 };
  g_autofree char *plain = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *bits = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *passout = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GString) tmpl_text = g_string_new (NULL);
  g_autoptr(GString) subject = g_string_new (NULL);
  const char *name, *rfc, *curp, *serial_ascii, *password;
  int days_valid;

  g_return_val_if_fail (dir != NULL && basename != NULL, FALSE);

  if (spec == NULL)
    spec = &defaults;

  name = spec->name != NULL ? spec->name : "MARIA DE LA LUZ PEREZ LOPEZ";
  rfc = spec->rfc != NULL ? spec->rfc : "PELM800101AB1";
  curp = spec->curp != NULL ? spec->curp : "PELM800101MDFRPR05";
  serial_ascii = spec->serial_ascii != NULL ? spec->serial_ascii : "30001000000500003456";
  password = spec->password != NULL ? spec->password : "12345678a";
  days_valid = spec->days_valid != 0 ? spec->days_valid : 4 * 365 + 1;

  /* Negative validity: a certificate that ended that many days ago. */
  if (days_valid < 0)
    {
      end = g_date_time_add_days (now, days_valid);
      start = g_date_time_add_days (end, -(4 * 365 + 1));
    }
  else
    {
      start = g_date_time_add_days (now, spec->days_from_now_start - 1);
      end = g_date_time_add_days (start, days_valid);
    }
  start_text = g_date_time_format (start, "%Y-%m-%d %H:%M:%S");
  end_text = g_date_time_format (end, "%Y-%m-%d %H:%M:%S");

  plain = g_strdup_printf ("%s/%s.plain.pem", dir, basename);
  draft = g_strdup_printf ("%s/%s.draft.pem", dir, basename);
  tmpl = g_strdup_printf ("%s/%s.tmpl", dir, basename);
  cer = g_strdup_printf ("%s/%s.cer", dir, basename);
  key = g_strdup_printf ("%s/%s.key", dir, basename);
  bits = g_strdup_printf ("rsa_keygen_bits:%u", spec->bits != 0 ? spec->bits : 2048);
  serial = ascii_to_hex (serial_ascii);
  passout = g_strdup_printf ("pass:%s", password);

  if (!run_tool (error, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", bits,
                 "-out", plain, NULL))
    return FALSE;

  /* OpenSSL 3.0 cannot set past or future dates on a certificate, certtool
   * can; but certtool cannot write SAT's subject OIDs, so certtool makes a
   * draft with the dates and key usage, and openssl re-signs it with the
   * SAT-like subject and serial, keeping the dates. */
  g_string_append (tmpl_text, "cn = \"draft\"\nserial = 1\n");
  g_string_append_printf (tmpl_text, "activation_date = \"%s\"\nexpiration_date = \"%s\"\n",
                          start_text, end_text);
  g_string_append (tmpl_text, "signing_key\nnon_repudiation\n");
  if (spec->ou == NULL)
    g_string_append (tmpl_text, "data_encipherment\nkey_agreement\n"
                                "email_protection_key\ntls_www_client\n");
  if (!g_file_set_contents (tmpl, tmpl_text->str, -1, error))
    return FALSE;

  if (!run_tool (error, "certtool", "--generate-self-signed", "--load-privkey", plain,
                 "--template", tmpl, "--outfile", draft, NULL))
    return FALSE;

  append_rdn (subject, "CN", name);
  append_rdn (subject, "name", name);
  append_rdn (subject, "O", name);
  append_rdn (subject, "C", "MX");
  append_rdn (subject, "emailAddress", "prueba@example.mx");
  if (*rfc != '\0')
    {
      append_rdn (subject, "x500UniqueIdentifier", rfc);
      append_rdn (subject, "serialNumber", curp);
    }
  if (spec->ou != NULL)
    append_rdn (subject, "OU", spec->ou);

  if (!run_tool (error, "openssl", "x509", "-in", draft, "-signkey", plain,
                 "-preserve_dates", "-set_serial", serial, "-subj", subject->str,
                 "-outform", "DER", "-out", cer, NULL))
    return FALSE;

  switch (spec->scheme)
    {
    case CF_TEST_KEY_PBES2_3DES:
      /* SAT's keys: PBES2, PBKDF2 with the default HMAC-SHA1, des-ede3-cbc. */
      if (!run_tool (error, "openssl", "pkcs8", "-topk8", "-in", plain, "-outform", "DER",
                     "-v2", "des3", "-v2prf", "hmacWithSHA1", "-passout", passout,
                     "-out", key, NULL))
        return FALSE;
      break;

    case CF_TEST_KEY_PBES2_AES:
      if (!run_tool (error, "openssl", "pkcs8", "-topk8", "-in", plain, "-outform", "DER",
                     "-v2", "aes256", "-passout", passout, "-out", key, NULL))
        return FALSE;
      break;

    case CF_TEST_KEY_PKCS12_3DES:
      if (!run_tool (error, "openssl", "pkcs8", "-topk8", "-in", plain, "-outform", "DER",
                     "-v1", "PBE-SHA1-3DES", "-passout", passout, "-out", key, NULL))
        return FALSE;
      break;

    case CF_TEST_KEY_PLAIN:
    default:
      if (!run_tool (error, "openssl", "pkcs8", "-topk8", "-in", plain, "-outform", "DER",
                     "-nocrypt", "-out", key, NULL))
        return FALSE;
      break;
    }

  g_unlink (plain);
  g_unlink (draft);
  g_unlink (tmpl);

  if (cer_path != NULL)
    *cer_path = g_steal_pointer (&cer);
  if (key_path != NULL)
    *key_path = g_steal_pointer (&key);
  return TRUE;
}

#include <sqlite3.h>
#include "cf-store.h"

static void
close_sqlite (gpointer db)
{
  sqlite3_close_v2 (db);
}

sqlite3 *
cf_test_sqlite_of (CfStore *store)
{
  sqlite3 *db = g_object_get_data (G_OBJECT (store), "cf-test-sqlite");

  if (db != NULL)
    return db;
  g_assert_cmpint (cf_store_get_engine (store), ==, CF_STORE_ENGINE_SQLITE);
  g_assert_cmpint (sqlite3_open_v2 (cf_store_get_path (store), &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_extended_result_codes (db, TRUE);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);
  g_object_set_data_full (G_OBJECT (store), "cf-test-sqlite", db, close_sqlite);
  return db;
}

gboolean
cf_test_sqlite_unlocked (CfStore *store)
{
  sqlite3 *db = cf_test_sqlite_of (store);

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return TRUE;
}

/* ---- Stores on either engine ---- */

#include <libpq-fe.h>

static gboolean
pg_tests_required (void)
{
  return g_strcmp0 (g_getenv ("CF_TEST_PG_REQUIRED"), "1") == 0 ||
         g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

static void
pg_quiet_notice (void       *arg,
                 const char *message)
{
}

/* A connection to @uri outside Certifica; any failure fails the test. */
static PGconn *
pg_connect_or_fail (const char *uri)
{
  const char *password = g_getenv ("CF_TEST_PG_PASSWORD");
  const char *keys[] = { "dbname", "connect_timeout", "password", NULL };
  const char *values[] = { uri, "10", password, NULL };
  PGconn *pg;

  if (password == NULL)
    keys[2] = NULL;
  pg = PQconnectdbParams (keys, values, 1);
  if (pg == NULL || PQstatus (pg) != CONNECTION_OK)
    {
      g_autofree char *shown = cf_store_location_for_display (uri);

      g_error ("cannot connect to the PostgreSQL test server at %s: %s", shown,
               pg != NULL ? PQerrorMessage (pg) : "out of memory");
    }
  PQsetNoticeProcessor (pg, pg_quiet_notice, NULL);
  return pg;
}

static char *
pg_exec_or_fail (PGconn     *pg,
                 const char *sql)
{
  PGresult *res = PQexec (pg, sql);
  ExecStatusType status = PQresultStatus (res);
  char *value = NULL;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("PostgreSQL test helper: “%s” failed: %s", sql, PQerrorMessage (pg));
  if (status == PGRES_TUPLES_OK && PQntuples (res) > 0 && PQnfields (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

/* @base with its path (the database) replaced by @database. */
static char *
pg_uri_with_database (const char *base,
                      const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, &error);
  g_autoptr(GUri) other = NULL;
  g_autofree char *path = g_strdup_printf ("/%s", database);

  if (uri == NULL)
    g_error ("CF_TEST_PG_URI is not a URI: %s", error->message);
  other = g_uri_build_with_user (G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, g_uri_get_scheme (uri),
                                 g_uri_get_user (uri), g_uri_get_password (uri), g_uri_get_auth_params (uri),
                                 g_uri_get_host (uri), g_uri_get_port (uri), path,
                                 g_uri_get_query (uri), g_uri_get_fragment (uri));
  return g_uri_to_string (other);
}

/* The database a test location names: cf_t_ and hex digits only. */
static char *
pg_database_of (const char *location)
{
  g_autoptr(GUri) uri = g_uri_parse (location, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (path == NULL || !g_str_has_prefix (path, "/cf_t_"))
    return NULL;
  for (const char *p = path + strlen ("/cf_t_"); *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return NULL;
  return g_strdup (path + 1);
}

char *
cf_test_store_location (const char *engine,
                        const char *tmpdir)
{
  static gint counter;

  g_assert_nonnull (engine);
  g_assert_nonnull (tmpdir);

  if (g_str_equal (engine, "sqlite"))
    return g_strdup_printf ("%s/store-%d.db", tmpdir, g_atomic_int_add (&counter, 1));

  if (g_str_equal (engine, "postgresql"))
    {
      const char *base = g_getenv ("CF_TEST_PG_URI");
      g_autofree char *database = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *ignored = NULL;
      PGconn *pg;

      if (base == NULL || *base == '\0')
        {
          if (pg_tests_required ())
            g_error ("CF_TEST_PG_URI is not set, so there is no PostgreSQL test server, and "
                     "PostgreSQL tests are required here (CF_TEST_PG_REQUIRED=1 or CI=true). "
                     "Start one with build-aux/pg-test-server (build-aux/dev test does).");
          return NULL;
        }

      database = g_strdup_printf ("cf_t_%08x%08x", g_random_int (), g_random_int ());
      sql = g_strdup_printf ("CREATE DATABASE %s", database);
      pg = pg_connect_or_fail (base);
      ignored = pg_exec_or_fail (pg, sql);
      PQfinish (pg);
      return pg_uri_with_database (base, database);
    }

  g_error ("unknown store engine “%s”", engine);
  return NULL;
}

void
cf_test_store_location_drop (const char *location)
{
  g_autofree char *database = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *ignored = NULL;
  PGconn *pg;

  if (location == NULL || !cf_store_location_is_uri (location))
    return;
  database = pg_database_of (location);
  g_assert_nonnull (database);   /* only what cf_test_store_location() made */

  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", database);
  pg = pg_connect_or_fail (g_getenv ("CF_TEST_PG_URI"));
  ignored = pg_exec_or_fail (pg, sql);
  PQfinish (pg);
}

const char *
cf_test_store_password (const char *location)
{
  return cf_store_location_is_uri (location) ? g_getenv ("CF_TEST_PG_PASSWORD") : NULL;
}

CfStore *
cf_test_store_open (const char *location)
{
  g_autoptr(GError) error = NULL;
  CfStore *store = cf_store_open_with_password (location, cf_test_store_password (location), &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

char *
cf_test_pg_query (const char *location,
                  const char *sql)
{
  PGconn *pg;
  char *value;

  g_assert_true (cf_store_location_is_uri (location));
  pg = pg_connect_or_fail (location);
  value = pg_exec_or_fail (pg, sql);
  PQfinish (pg);
  return value;
}

GSubprocessLauncher *
cf_test_cli_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  const char *password = g_getenv ("CF_TEST_PG_PASSWORD");

  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "PGPASSWORD", password, TRUE);
  /* No keyring: a session bus would start gnome-keyring-daemon in the
   * real HOME just to find no password there. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  if (!(flags & G_SUBPROCESS_FLAGS_STDIN_PIPE) && !(flags & G_SUBPROCESS_FLAGS_STDIN_INHERIT))
    g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  return launcher;
}

const char *
cf_test_cli_path (void)
{
  const char *path = g_getenv ("CF_CLI");

  g_assert_nonnull (path);
  return path;
}

int
cf_test_run_cli (const char  *stdin_text,
                 char       **out,
                 char       **err,
                 const char  *first,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  return cf_test_spawn ((const char * const *) argv->pdata, stdin_text, out, err);
}

void
cf_test_engine_set_up (CfTestEngine  *f,
                       gconstpointer  engine)
{
  f->engine = engine;
  f->dir = cf_test_mkdtemp ();
  f->others = g_ptr_array_new_with_free_func (g_free);
  f->location = cf_test_store_location (f->engine, f->dir);
  if (f->location == NULL)
    g_test_skip ("no PostgreSQL test server (CF_TEST_PG_URI is not set; see build-aux/pg-test-server)");
}

void
cf_test_engine_tear_down (CfTestEngine  *f,
                          gconstpointer  engine)
{
  cf_test_store_location_drop (f->location);
  for (guint i = 0; i < f->others->len; i++)
    cf_test_store_location_drop (g_ptr_array_index (f->others, i));
  g_ptr_array_unref (f->others);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->location);
}

const char *
cf_test_engine_other_location (CfTestEngine *f,
                               const char   *engine)
{
  char *location = cf_test_store_location (engine, f->dir);

  if (location != NULL)
    g_ptr_array_add (f->others, location);
  return location;
}
