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
#include "cf-keyring-secrets.h"

/* Distinctive, so the scan cannot match anything by chance. */
#define SIGNER_PASSWORD "Cf-Sello-Llavero-8213!"
#define SIGNER_NUMBER   "30001000000500008213"

static const char *secrets_dir;
static char *signer_cer;
static char *signer_key;
static char *store_path;

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

static void
test_nothing_on_disk (void)
{
  cf_keyring_secrets_scan (secrets_dir, "certs");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  secrets_dir = cf_keyring_secrets_dir ();
  if (secrets_dir == NULL)
    return 77;

  if (cf_keyring_secrets_scanning ())
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
  cf_keyring_secrets_write (secrets_dir, "certs", SIGNER_PASSWORD, signer_key);
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
