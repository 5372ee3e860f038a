/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli certs seal with the key from the keyring, against a real
 * gnome-keyring-daemon (tests/core/run-keyring-test.sh: a private D-Bus
 * session and a throwaway HOME): the key and its password stored with
 * `efirma store-key --remember-password`, then the store's certificates
 * sealed with only --signer; a password typed on stdin wins over the
 * remembered one. Then (CF_KEYRING_TEST_PHASE=scan) neither the password
 * nor the key, in any form, is in HOME (the store, the keyring files, the
 * caches) or in the captured logs. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cf-efirma.h"
#include "cf-store.h"

#include "cf-certs-seal-fixture.h"

/* Distinctive, so the scan cannot match anything by chance. */
#define SIGNER_PASSWORD "Cf-Sello-Llavero-8213!"
#define SIGNER_NUMBER   "30001000000500008213"

static const char *secrets_dir;
static char *signer_cer;
static char *signer_key;
static char *store_path;

static void
write_needle (const char *name,
              GBytes     *bytes)
{
  g_autofree char *path = g_strdup_printf ("%s/certs-needle-%s", secrets_dir, name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static void
write_needles (void)
{
  g_autoptr(GBytes) password = g_bytes_new_static (SIGNER_PASSWORD, strlen (SIGNER_PASSWORD));
  g_autoptr(GBytes) key = cf_test_read_file (signer_key);
  g_autofree char *key_base64 = g_base64_encode (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_autoptr(GBytes) base64 = g_bytes_new (key_base64, strlen (key_base64));
  g_autofree char *plain_path = g_strdup_printf ("%s/certs-plain.der", secrets_dir);
  g_autoptr(GBytes) plain = NULL;
  const char *argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", signer_key,
                         "-passin", "pass:" SIGNER_PASSWORD, "-outform", "DER", "-out", plain_path, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  plain = cf_test_read_file (plain_path);
  write_needle ("password", password);
  write_needle ("key", key);
  write_needle ("key-base64", base64);
  write_needle ("decrypted-key", plain);
}

static int
seal (const char  *stdin_text,
      char       **out,
      char       **err,
      const char  *extra)
{
  return cf_test_run_cli (stdin_text, out, err, "--store", store_path, "certs", "seal",
                          "--signer", SIGNER_NUMBER, "--all-ready", "--no-pdf",
                          "--ocsp-url", "http://127.0.0.1:9/", "--timeout", "2",
                          "--allow-unchecked-revocation", extra, NULL);
}

static void
test_seal_from_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  guint counts[CF_CERT_N_STATUS] = { 0 };

  store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  cf_seal_fixture_fill (store, 4, signer_cer);

  /* Not in the keyring yet: a clear refusal, nothing sealed. */
  g_assert_cmpint (seal (NULL, &out, &err, NULL), ==, 1);
  g_test_message ("%s", err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                                    "--cer", signer_cer, "--key", signer_key,
                                    "--remember-password", "--password-stdin", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A password typed now wins over the remembered one: a wrong one seals nothing. */
  g_assert_cmpint (seal ("wrong\n", &out, &err, "--password-stdin"), ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_cmpuint (counts[CF_CERT_STATUS_LISTO], ==, 4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Only --signer: the key and its password from the keyring. */
  g_assert_cmpint (seal (NULL, &out, &err, NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "Sealed 4 of 4"));
  g_assert_null (strstr (out, SIGNER_PASSWORD));
  g_assert_null (strstr (err, SIGNER_PASSWORD));
  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[CF_CERT_STATUS_SELLADO], ==, 4);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL), ==, 0);
}

static gboolean
contains (GBytes *haystack,
          GBytes *needle)
{
  gsize len, needle_len;
  const guint8 *p = g_bytes_get_data (haystack, &len);
  const guint8 *n = g_bytes_get_data (needle, &needle_len);

  if (needle_len == 0 || needle_len > len)
    return FALSE;
  for (gsize i = 0; i + needle_len <= len; i++)
    if (p[i] == n[0] && memcmp (p + i, n, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static void
scan_dir (const char *dir_path,
          GPtrArray  *names,
          GPtrArray  *needles,
          guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          scan_dir (path, names, needles, n_files);
          continue;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      (*n_files)++;
      bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
      for (guint i = 0; i < needles->len; i++)
        if (contains (bytes, g_ptr_array_index (needles, i)))
          g_error ("%s found in %s", (const char *) g_ptr_array_index (names, i), path);
    }
}

static void
test_nothing_on_disk (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_files = 0;

  dir = g_dir_open (secrets_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, "certs-needle-"))
        continue;
      path = g_build_filename (secrets_dir, name, NULL);
      g_ptr_array_add (needles, cf_test_read_file (path));
      g_ptr_array_add (names, g_strdup (name));
    }
  g_assert_cmpuint (needles->len, ==, 4);

  scan_dir (g_getenv ("HOME"), names, needles, &n_files);
  scan_dir (g_getenv ("CF_KEYRING_TEST_LOGS"), names, needles, &n_files);
  g_test_message ("%u files scanned, no secret found", n_files);
  /* At least the store and the log. */
  g_assert_cmpuint (n_files, >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

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
      g_test_add_func ("/cli/certs-keyring/nothing-on-disk", test_nothing_on_disk);
      return g_test_run ();
    }

  {
    CfTestCertSpec spec = { .serial_ascii = SIGNER_NUMBER, .password = SIGNER_PASSWORD,
                            .curp = CF_SEAL_FIXTURE_SIGNER_CURP, .days_from_now_start = -3650,
                            .days_valid = 7300 };
    g_autoptr(GError) error = NULL;

    cf_test_generate_cert (secrets_dir, "certs-signer", &spec, &signer_cer, &signer_key, &error);
    g_assert_no_error (error);
  }
  write_needles ();
  /* The generated certificate is self-signed: its own anchor. */
  g_setenv ("CERTIFICA_TRUST_DIR", secrets_dir, TRUE);
  /* In HOME: the scan looks at it. */
  store_path = g_build_filename (g_get_user_data_dir (), "certs-keyring.db", NULL);

  g_test_add_func ("/cli/certs-keyring/seal", test_seal_from_keyring);
  status = g_test_run ();

  g_free (signer_cer);
  g_free (signer_key);
  g_free (store_path);
  return status;
}
