/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SEP's portal credentials (issue 15) against a real gnome-keyring-daemon.
 *
 * run-keyring-test.sh runs this binary twice in a throwaway HOME:
 *   1. in a private D-Bus session with an unlocked "login" keyring: the
 *      test and production credentials stored, found each apart, replaced,
 *      forgotten, also through the _async calls; the date they came goes to
 *      the default store as the wizard writes it. The passwords are copied
 *      as needles into $CF_KEYRING_TEST_SECRETS, outside HOME;
 *   2. with CF_KEYRING_TEST_PHASE=scan, once the daemon is gone: every file
 *      under HOME (the keyring, the data folder's store) and the captured
 *      log searched for each password; none may be found. */

#define _GNU_SOURCE   /* memmem */
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "cf-efirma.h"
#include "cf-inc-credentials.h"
#include "cf-incorporation.h"
#include "cf-store.h"
#include "cf-test-util.h"

/* Distinctive, so the scan cannot match anything by chance. */
#define TEST_USER       "enlace.pruebas@uni.example"
#define TEST_PASSWORD   "Cf-Portal-Pruebas-4471!"
#define TEST_PASSWORD_2 "Cf-Portal-Pruebas-Otra-9902"
#define PROD_USER       "responsable.produccion@uni.example"
#define PROD_PASSWORD   "Cf-Portal-Produccion-6613?"

static const char *secrets_dir;

static void
write_needle (const char *name,
              const char *secret)
{
  g_autofree char *path = g_strdup_printf ("%s/needle-%s", secrets_dir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, secret, strlen (secret), G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static guint
count_items (CfIncPortal portal)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  SecretSchema schema = { "io.github.certifica.Portal", SECRET_SCHEMA_NONE,
                          { { "portal", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } }, 0 };
  GList *items;
  guint n;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_hash_table_insert (attributes, (char *) "portal", (char *) cf_inc_portal_to_string (portal));
  items = secret_service_search_sync (service, &schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  n = g_list_length (items);
  g_list_free_full (items, g_object_unref);
  return n;
}

static void
assert_lookup (CfIncPortal  portal,
               const char  *user,
               const char  *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found_user = NULL;
  char *found_password = NULL;

  g_assert_true (cf_inc_credentials_lookup (portal, &found_user, &found_password, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (found_user, ==, user);
  g_assert_cmpstr (found_password, ==, password);
  /* Handed over in secure memory. */
  g_assert_true (cf_secure_memory_is_secure (found_password));
  cf_secret_free (found_password);
}

static void
test_apart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autofree char *user = NULL;

  /* Nothing yet. */
  g_assert_false (cf_inc_credentials_has (CF_INC_PORTAL_PRUEBAS, &user, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (user);
  g_assert_false (cf_inc_credentials_lookup (CF_INC_PORTAL_PRUEBAS, NULL, NULL, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Two portals, two items, each found apart. */
  g_assert_true (cf_inc_credentials_store (CF_INC_PORTAL_PRUEBAS, TEST_USER, TEST_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cf_inc_credentials_has (CF_INC_PORTAL_PRODUCCION, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cf_inc_credentials_store (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (CF_INC_PORTAL_PRUEBAS), ==, 1);
  g_assert_cmpuint (count_items (CF_INC_PORTAL_PRODUCCION), ==, 1);
  assert_lookup (CF_INC_PORTAL_PRUEBAS, TEST_USER, TEST_PASSWORD);
  assert_lookup (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD);
  g_assert_true (cf_inc_credentials_has (CF_INC_PORTAL_PRODUCCION, &user, NULL, &error));
  g_assert_cmpstr (user, ==, PROD_USER);
  g_clear_pointer (&user, g_free);

  /* A new test password (another user too) replaces the test one only. */
  g_assert_true (cf_inc_credentials_store (CF_INC_PORTAL_PRUEBAS, "otro." TEST_USER, TEST_PASSWORD_2,
                                           NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (CF_INC_PORTAL_PRUEBAS), ==, 1);
  assert_lookup (CF_INC_PORTAL_PRUEBAS, "otro." TEST_USER, TEST_PASSWORD_2);
  assert_lookup (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD);

  /* Forgetting the test portal leaves production. */
  g_assert_true (cf_inc_credentials_forget (CF_INC_PORTAL_PRUEBAS, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cf_inc_credentials_forget (CF_INC_PORTAL_PRUEBAS, NULL, &error));
  g_assert_error (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_lookup (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD);

  /* What the wizard writes to the data folder: the date only. */
  store = cf_store_open (NULL, &error);
  g_assert_no_error (error);
  incorporation = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_TEST_CREDENTIALS, "2026-11-02", &error));
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_PRODUCTION_REGISTERED, "2026-12-01", &error));
  g_assert_no_error (error);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) has = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *user = NULL;
  char *password = NULL;

  cf_inc_credentials_store_async (CF_INC_PORTAL_PRUEBAS, TEST_USER, TEST_PASSWORD, NULL, on_done, &stored);
  g_assert_true (cf_inc_credentials_store_finish (wait_result (&stored), &error));
  g_assert_no_error (error);

  cf_inc_credentials_has_async (CF_INC_PORTAL_PRUEBAS, NULL, on_done, &has);
  g_assert_true (cf_inc_credentials_has_finish (wait_result (&has), &user, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, TEST_USER);
  g_clear_pointer (&user, g_free);

  cf_inc_credentials_lookup_async (CF_INC_PORTAL_PRUEBAS, NULL, on_done, &found);
  g_assert_true (cf_inc_credentials_lookup_finish (wait_result (&found), &user, &password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, TEST_USER);
  g_assert_cmpstr (password, ==, TEST_PASSWORD);
  g_assert_true (cf_secure_memory_is_secure (password));
  cf_secret_free (password);

  /* Production still its own. */
  assert_lookup (CF_INC_PORTAL_PRODUCCION, PROD_USER, PROD_PASSWORD);

  g_cancellable_cancel (cancellable);
  cf_inc_credentials_lookup_async (CF_INC_PORTAL_PRODUCCION, cancellable, on_done, &cancelled);
  g_assert_false (cf_inc_credentials_lookup_finish (wait_result (&cancelled), NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
scan_dir (const char  *dir_path,
          GPtrArray   *names,
          GPtrArray   *needles,
          guint       *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_dir (path, names, needles, n_files);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      (*n_files)++;
      for (guint i = 0; i < needles->len; i++)
        {
          const char *needle = g_ptr_array_index (needles, i);

          if (memmem (contents, len, needle, strlen (needle)) != NULL)
            g_error ("%s found in %s", (const char *) g_ptr_array_index (names, i), path);
        }
    }
}

static void
test_nothing_on_disk (void)
{
  const char *log_dir = g_getenv ("CF_KEYRING_TEST_LOGS");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *keyring_file = NULL;
  g_autofree char *store_file = NULL;
  g_autoptr(GBytes) store_bytes = NULL;
  const char *name;
  guint n_files = 0;

  dir = g_dir_open (secrets_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (secrets_dir, name, NULL);
      char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_ptr_array_add (needles, contents);
      g_ptr_array_add (names, g_strdup (name));
    }
  g_assert_cmpuint (needles->len, ==, 3);

  /* The scan means something: the keyring and the store are there, and the
   * store holds what the wizard wrote (the date). */
  keyring_file = g_build_filename (g_get_user_data_dir (), "keyrings", "login.keyring", NULL);
  store_file = cf_store_default_path ();
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
  store_bytes = cf_test_read_file (store_file);
  g_assert_nonnull (memmem (g_bytes_get_data (store_bytes, NULL), g_bytes_get_size (store_bytes),
                            "2026-11-02", 10));

  scan_dir (g_get_home_dir (), names, needles, &n_files);
  scan_dir (log_dir, names, needles, &n_files);
  g_test_message ("%u files scanned, no portal password found", n_files);
  g_assert_cmpuint (n_files, >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  secrets_dir = g_getenv ("CF_KEYRING_TEST_SECRETS");
  if (secrets_dir == NULL)
    {
      g_printerr ("Run through tests/core/run-keyring-test.sh: it starts a private "
                  "gnome-keyring-daemon.\n");
      return 77;
    }

  if (g_strcmp0 (g_getenv ("CF_KEYRING_TEST_PHASE"), "scan") == 0)
    {
      g_test_add_func ("/inc-credentials/nothing-on-disk", test_nothing_on_disk);
      return g_test_run ();
    }

  write_needle ("test-password", TEST_PASSWORD);
  write_needle ("test-password-2", TEST_PASSWORD_2);
  write_needle ("production-password", PROD_PASSWORD);
  g_test_add_func ("/inc-credentials/apart", test_apart);
  g_test_add_func ("/inc-credentials/async", test_async);
  return g_test_run ();
}
