/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the SQLite store on real files in a temporary folder. */

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cf-store.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"

typedef struct
{
  char *dir;        /* removed after each test */
  char *db_path;    /* dir/data/certifica/certifica.db (not created) */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  fixture->dir = cf_test_mkdtemp ();
  fixture->db_path = g_build_filename (fixture->dir, "data", "certifica", "certifica.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

/* A SAT-like certificate generated with openssl into the fixture folder. */
static CfCertificate *
generate_certificate (Fixture    *fixture,
                      const char *basename,
                      const char *name,
                      const char *rfc,
                      const char *serial)
{
  CfTestCertSpec spec = { 0 };
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate;

  spec.name = name;
  spec.rfc = rfc;
  spec.serial_ascii = serial;

  cf_test_generate_cert (fixture->dir, basename, &spec, &cer_path, &key_path, &error);
  g_assert_no_error (error);

  certificate = cf_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, serial);

  return certificate;
}

static void
assert_same_certificate (CfCertificate *a,
                         CfCertificate *b)
{
  g_assert_cmpstr (cf_certificate_get_number (a), ==, cf_certificate_get_number (b));
  g_assert_cmpstr (cf_certificate_get_rfc (a), ==, cf_certificate_get_rfc (b));
  g_assert_cmpstr (cf_certificate_get_curp (a), ==, cf_certificate_get_curp (b));
  g_assert_cmpstr (cf_certificate_get_name (a), ==, cf_certificate_get_name (b));
  g_assert_true (g_bytes_equal (cf_certificate_get_der (a), cf_certificate_get_der (b)));
}

static GBytes *
read_or_null (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_bytes_new_take (contents, len);
}

/* Writes a SQLite file directly (rollback journal, so reading it later
 * touches nothing) running @sql. */
static void
write_sqlite_file (const char *path,
                   const char *sql)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static int
count_rows (CfStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_prepare_v2 (cf_test_sqlite_of (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}

static void
test_create (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->db_path);
  GStatBuf st;

  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (cf_store_get_path (store), ==, fixture->db_path);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
  g_assert_cmpint (cf_store_get_latest_schema_version (), >=, 1);

  /* Private to the user. */
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (fixture->db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Pragmas every connection relies on. */
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_master WHERE name = 'signers'"), ==, 1);

  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 0);
}

static void
test_default_path (void)
{
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* main() points XDG_DATA_HOME at a throwaway folder. */
  expected = g_build_filename (g_get_user_data_dir (), "certifica", "certifica.db", NULL);
  path = cf_store_default_path ();
  g_assert_cmpstr (path, ==, expected);

  store = cf_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (expected, g_getenv ("XDG_DATA_HOME")));
}

static void
on_signers_changed (CfStore *store,
                    int     *count)
{
  (*count)++;
}

static void
test_signers (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(CfCertificate) zoe = NULL;
  g_autoptr(CfCertificate) ana = NULL;
  g_autoptr(CfCertificate) fiel = NULL;
  g_autoptr(CfCertificate) got = NULL;
  g_autofree char *fiel_path = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  int changes = 0;
  guint expected = 2;

  zoe = generate_certificate (fixture, "zoe", "ZOE RAMIREZ SOTO", "RASZ800101AB1", "30001000000500000001");
  ana = generate_certificate (fixture, "ana", "ANA BELEN CRUZ DIAZ", "CUDA750505XY2", "30001000000500000002");
  if (fiel_path != NULL)
    {
      fiel = cf_certificate_new_from_file (fiel_path, &error);
      g_assert_no_error (error);
      expected++;
    }
  else
    g_test_message ("SAT fixtures absent: only generated certificates are used");

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_signers_changed), &changes);

  g_assert_true (cf_signer_repo_add (store, zoe, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 1);
  g_assert_true (cf_signer_repo_add (store, ana, &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 2);
  if (fiel != NULL)
    {
      g_assert_true (cf_signer_repo_add (store, fiel, &error));
      g_assert_no_error (error);
    }

  /* Ordered by name; rebuilt from the stored DER. */
  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, expected);
  if (fiel != NULL)
    {
      /* "ACCEM SERVICIOS..." < "ANA..." < "ZOE..." */
      assert_same_certificate (g_ptr_array_index (signers, 0), fiel);
      assert_same_certificate (g_ptr_array_index (signers, 1), ana);
      assert_same_certificate (g_ptr_array_index (signers, 2), zoe);
    }
  else
    {
      assert_same_certificate (g_ptr_array_index (signers, 0), ana);
      assert_same_certificate (g_ptr_array_index (signers, 1), zoe);
    }

  got = cf_signer_repo_get (store, "30001000000500000001", &error);
  g_assert_no_error (error);
  assert_same_certificate (got, zoe);
  g_clear_object (&got);

  if (fiel != NULL)
    {
      got = cf_signer_repo_get (store, "30001000000300023685", &error);
      g_assert_no_error (error);
      assert_same_certificate (got, fiel);
      g_assert_cmpint (cf_certificate_get_kind (got), ==, CF_EFIRMA_KIND_EFIRMA);
      g_clear_object (&got);
    }

  /* The columns mirror the certificate; only public data is kept. */
  g_assert_cmpint (count_rows (store,
                               "SELECT count(*) FROM signers WHERE certificate_number = '30001000000500000002'"
                               " AND rfc = 'CUDA750505XY2' AND name = 'ANA BELEN CRUZ DIAZ'"
                               " AND kind = 'efirma' AND not_before LIKE '____-__-__T__:__:__Z'"
                               " AND not_after > not_before AND added_at <> ''"),
                   ==, 1);

  g_assert_true (cf_signer_repo_remove (store, "30001000000500000001", &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, (int) expected + 1);

  got = cf_signer_repo_get (store, "30001000000500000001", &error);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_assert_null (got);
  g_clear_error (&error);

  g_clear_pointer (&signers, g_ptr_array_unref);
  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, expected - 1);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  int changes = 0;

  certificate = generate_certificate (fixture, "dup", "LUIS PEREZ GOMEZ", "PEGL700101AA1", "30001000000500000011");
  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_signers_changed), &changes);

  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);

  g_assert_false (cf_signer_repo_add (store, certificate, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "30001000000500000011"));
  g_clear_error (&error);
  g_assert_cmpint (changes, ==, 1);

  /* The failed insert left no transaction open: writes still work. */
  g_assert_true (cf_test_sqlite_unlocked (store));
  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 1);
  g_assert_true (cf_signer_repo_remove (store, "30001000000500000011", &error));
  g_assert_no_error (error);
}

static void
test_remove_unknown (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int changes = 0;

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_signers_changed), &changes);

  g_assert_false (cf_signer_repo_remove (store, "99999999999999999999", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (changes, ==, 0);
  g_assert_true (cf_test_sqlite_unlocked (store));

  g_assert_null (cf_signer_repo_get (store, "99999999999999999999", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(CfCertificate) certificate = NULL;

  certificate = generate_certificate (fixture, "keep", "ROSA LINDA MORA VEGA", "MOVR850202BC3", "30001000000500000021");

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
  signers = cf_signer_repo_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 1);
  assert_same_certificate (g_ptr_array_index (signers, 0), certificate);

  /* A second connection at the same time (the CLI beside the app). */
  {
    g_autoptr(CfStore) other = cf_store_open (fixture->db_path, &error);
    g_autoptr(CfCertificate) got = NULL;

    g_assert_no_error (error);
    got = cf_signer_repo_get (other, "30001000000500000021", &error);
    g_assert_no_error (error);
    assert_same_certificate (got, certificate);
  }
}

static void
assert_refused_untouched (Fixture    *fixture,
                          int         code,
                          const char *message_part)
{
  g_autoptr(GBytes) before = read_or_null (fixture->db_path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (fixture->db_path, "-journal", NULL);
  GStatBuf st_before, st_after;

  g_assert_nonnull (before);
  g_assert_cmpint (g_stat (fixture->db_path, &st_before), ==, 0);

  store = cf_store_open (fixture->db_path, &error);
  g_assert_error (error, CF_STORE_ERROR, code);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, message_part));
  g_test_message ("refused: %s", error->message);

  after = read_or_null (fixture->db_path);
  g_assert_nonnull (after);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (g_stat (fixture->db_path, &st_after), ==, 0);
  g_assert_cmpint (st_after.st_mtime, ==, st_before.st_mtime);
  g_assert_cmpint (st_after.st_mode, ==, st_before.st_mode);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *sql = NULL;

  /* What a future Certifica would leave: our id, a higher version. */
  sql = g_strdup_printf ("CREATE TABLE signers (certificate_number TEXT PRIMARY KEY, der BLOB);"
                         "CREATE TABLE future_things (id INTEGER);"
                         "PRAGMA application_id = 1130721908;"
                         "PRAGMA user_version = %d;",
                         cf_store_get_latest_schema_version () + 1);
  write_sqlite_file (fixture->db_path, sql);

  assert_refused_untouched (fixture, CF_STORE_ERROR_NEWER, "newer version");
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->db_path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  guint8 noise[8192];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->db_path, (const char *) noise, sizeof noise, NULL));
  assert_refused_untouched (fixture, CF_STORE_ERROR_CORRUPT, "not a Certifica data file");

  /* A text file somebody saved under that name. */
  g_assert_true (g_file_set_contents (fixture->db_path, "Lista de firmantes\nAna\n", -1, NULL));
  assert_refused_untouched (fixture, CF_STORE_ERROR_CORRUPT, "not a Certifica data file");
}

static void
test_foreign_database (Fixture       *fixture,
                       gconstpointer  user_data)
{
  /* Another program's database, version 0 with tables of its own. */
  write_sqlite_file (fixture->db_path, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);");
  assert_refused_untouched (fixture, CF_STORE_ERROR_CORRUPT, "another program");
}

static void
test_migrate_empty (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;

  /* A zero-length file is an empty version-0 database. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  write_sqlite_file (fixture->db_path, "SELECT 1;");
  g_assert_true (g_file_set_contents (fixture->db_path, "", 0, NULL));

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
  g_assert_cmpint (count_rows (store, "PRAGMA application_id"), ==, 0x43657274);
  g_clear_object (&store);

  /* A real SQLite file at version 0 whose pages exist but hold no table. */
  g_assert_cmpint (g_unlink (fixture->db_path), ==, 0);
  write_sqlite_file (fixture->db_path,
                     "CREATE TABLE scratch (x INTEGER); DROP TABLE scratch;"
                     "PRAGMA user_version = 0;");

  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_store_get_schema_version (store), ==, cf_store_get_latest_schema_version ());
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, cf_store_get_latest_schema_version ());

  certificate = generate_certificate (fixture, "mig", "PEDRO INFANTE CRUZ", "INCP170918AA1", "30001000000500000031");
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);
}

static void
test_signal (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  int changes = 0;

  certificate = generate_certificate (fixture, "sig", "JUANA INES ASBAJE RAMIREZ", "AARJ651112QW3", "30001000000500000041");
  store = cf_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_signers_changed), &changes);

  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_cmpint (changes, ==, 1);

  /* Failures change nothing and say nothing. */
  g_assert_false (cf_signer_repo_add (store, certificate, &error));
  g_clear_error (&error);
  g_assert_false (cf_signer_repo_remove (store, "30001000000500000042", &error));
  g_clear_error (&error);
  g_assert_cmpint (changes, ==, 1);

  g_assert_true (cf_signer_repo_remove (store, "30001000000500000041", &error));
  g_assert_no_error (error);
  g_assert_cmpint (changes, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autofree char *root = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* A throwaway XDG_DATA_HOME for the default path, set before GLib reads
   * and caches it. */
  root = cf_test_mkdtemp ();
  data_home = g_build_filename (root, "xdg-data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/core/store/default-path", test_default_path);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/store/create", test_create);
  ADD ("/core/store/signers", test_signers);
  ADD ("/core/store/duplicate", test_duplicate);
  ADD ("/core/store/remove-unknown", test_remove_unknown);
  ADD ("/core/store/reopen", test_reopen);
  ADD ("/core/store/newer-version", test_newer_version);
  ADD ("/core/store/garbage", test_garbage);
  ADD ("/core/store/foreign-database", test_foreign_database);
  ADD ("/core/store/migrate-empty", test_migrate_empty);
  ADD ("/core/store/signal", test_signal);
#undef ADD

  ret = g_test_run ();
  cf_test_rmdir (root);

  return ret;
}
