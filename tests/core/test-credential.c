/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CfCredential: a certificate and its key opened once. The rules it is the
 * one place for (a CSD or a non-SAT certificate refused, the key paired
 * with the certificate, validity on a date) on certificates generated with
 * openssl, and on SAT's public test set when present (skipped otherwise). */

#include "config.h"

#include <string.h>

#include "cf-credential.h"
#include "cf-test-util.h"

#define FIEL_DIR "sat-test-certs/FIEL_AAA010101AAA"
#define CSD_DIR  "sat-test-certs/CSD01_AAA010101AAA"
#define PASSWORD "12345678a"

static char *tmpdir;

/* Generated once: the good e.firma most cases use. */
static char *good_cer;
static char *good_key;

static void
generate (const char            *basename,
          const CfTestCertSpec  *spec,
          char                 **cer,
          char                 **key)
{
  g_autoptr(GError) error = NULL;

  cf_test_generate_cert (tmpdir, basename, spec, cer, key, &error);
  g_assert_no_error (error);
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autofree char *signature = NULL;
  CfCertificate *certificate;
  CfPrivateKey *key;
  const char *data = "||3.0|SEP|1234567|PELM800101MDFRPR05||";

  credential = cf_credential_new_from_files (good_cer, good_key, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);

  certificate = cf_credential_get_certificate (credential);
  key = cf_credential_get_private_key (credential);
  g_assert_true (CF_IS_CERTIFICATE (certificate));
  g_assert_true (CF_IS_PRIVATE_KEY (key));
  g_assert_true (cf_private_key_matches (key, certificate));
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_EFIRMA);

  g_assert_true (cf_credential_check_can_sign_on (credential, NULL, &error));
  g_assert_no_error (error);

  signature = cf_private_key_sign (key, (const guint8 *) data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_true (cf_certificate_verify (certificate, (const guint8 *) data, strlen (data), signature, &error));
  g_assert_no_error (error);

  /* The same from an opened key, and from the key's bytes. */
  {
    g_autoptr(CfCredential) again = cf_credential_new (certificate, key, &error);
    g_autoptr(GBytes) key_data = cf_test_read_file (good_key);
    g_autoptr(CfCredential) from_bytes = NULL;

    g_assert_no_error (error);
    g_assert_true (cf_credential_get_private_key (again) == key);
    from_bytes = cf_credential_new_from_bytes (certificate, key_data, PASSWORD, &error);
    g_assert_no_error (error);
    g_assert_true (cf_private_key_matches (cf_credential_get_private_key (from_bytes), certificate));
  }

  g_assert_finalize_object (g_steal_pointer (&credential));
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (source);
  *out = g_object_ref (result);
}

static GAsyncResult *
open_async (CfCertificate *certificate,
            GBytes        *key_data,
            const char    *password,
            GCancellable  *cancellable)
{
  GAsyncResult *result = NULL;
  char *copy = cf_secret_dup (password);

  cf_credential_new_from_bytes_async (certificate, key_data, copy, cancellable, on_opened_cb, &result);
  /* The caller's copy may go at once: the task keeps its own. */
  cf_secret_free (copy);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return result;
}

/* What the key dialog uses: the key opened in a worker thread. */
static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = cf_certificate_new_from_file (good_cer, &error);
  g_autoptr(GBytes) key_data = cf_test_read_file (good_key);
  g_autoptr(GAsyncResult) good = NULL;
  g_autoptr(GAsyncResult) wrong = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CfCredential) credential = NULL;

  g_assert_no_error (error);

  good = open_async (certificate, key_data, PASSWORD, NULL);
  credential = cf_credential_new_from_bytes_finish (good, &error);
  g_assert_no_error (error);
  g_assert_true (cf_private_key_matches (cf_credential_get_private_key (credential), certificate));

  wrong = open_async (certificate, key_data, "not-the-password", NULL);
  g_assert_null (cf_credential_new_from_bytes_finish (wrong, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  cancelled = open_async (certificate, key_data, PASSWORD, cancellable);
  g_assert_null (cf_credential_new_from_bytes_finish (cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_csd_refused (void)
{
  CfTestCertSpec spec = { .ou = "CSD01_PELM800101AB1", .serial_ascii = "30001000000500000021" };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;

  generate ("csd", &spec, &cer, &key);

  /* The key is the certificate's: the refusal is about the kind. */
  credential = cf_credential_new_from_files (cer, key, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_assert_nonnull (strstr (error->message, "CSD"));
  g_clear_error (&error);

  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  private_key = cf_private_key_new_from_file (key, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (cf_private_key_matches (private_key, certificate));
  credential = cf_credential_new (certificate, private_key, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
}

static void
test_not_sat_refused (void)
{
  CfTestCertSpec spec = { .rfc = "", .serial_ascii = "30001000000500000022" };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;

  generate ("notsat", &spec, &cer, &key);

  credential = cf_credential_new_from_files (cer, key, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT);
}

/* A key under 2048 bits opens but is refused for signing, saying why. */
static void
test_short_key_refused (void)
{
  CfTestCertSpec spec = { .bits = 1024, .serial_ascii = "30001000000500000029" };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfPrivateKey) opened = NULL;

  generate ("short", &spec, &cer, &key);

  opened = cf_private_key_new_from_file (key, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_private_key_get_bits (opened), ==, 1024);

  credential = cf_credential_new_from_files (cer, key, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_KEY);
  g_assert_nonnull (strstr (error->message, "1024 bits"));
  g_assert_nonnull (strstr (error->message, "2048 bits or more"));
}

static void
test_mismatched_key (void)
{
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000023" };
  g_autofree char *other_cer = NULL;
  g_autofree char *other_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;

  generate ("other", &spec, &other_cer, &other_key);

  credential = cf_credential_new_from_files (good_cer, other_key, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  g_assert_nonnull (strstr (error->message, "does not belong"));
  g_clear_error (&error);

  certificate = cf_certificate_new_from_file (other_cer, &error);
  g_assert_no_error (error);
  key = cf_private_key_new_from_file (good_key, PASSWORD, &error);
  g_assert_no_error (error);
  credential = cf_credential_new (certificate, key, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  g_clear_error (&error);

  /* A CSD with someone else's key: the pair is heard about first. */
  {
    CfTestCertSpec csd_spec = { .ou = "CSD01_PELM800101AB1", .serial_ascii = "30001000000500000024" };
    g_autofree char *csd_cer = NULL;

    generate ("csd-other", &csd_spec, &csd_cer, NULL);
    credential = cf_credential_new_from_files (csd_cer, good_key, PASSWORD, &error);
    g_assert_null (credential);
    g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  }
}

static void
test_wrong_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;

  credential = cf_credential_new_from_files (good_cer, good_key, "otra", &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  credential = cf_credential_new_from_files (good_cer, good_key, NULL, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
}

static void
test_missing_files (void)
{
  g_autofree char *absent = g_build_filename (tmpdir, "absent.cer", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;

  credential = cf_credential_new_from_files (absent, good_key, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  credential = cf_credential_new_from_files (good_cer, absent, PASSWORD, &error);
  g_assert_null (credential);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* An expired e.firma still opens (an old document's issue date may fall
 * inside its validity): the date decides, per question. */
static void
test_expired_at_date (void)
{
  /* Valid for a year, ended 100 days ago. */
  CfTestCertSpec spec = { .days_from_now_start = -465, .days_valid = 365,
                          .serial_ascii = "30001000000500000025" };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) inside = g_date_time_add_days (now, -200);
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -600);

  generate ("expired", &spec, &cer, &key);

  credential = cf_credential_new_from_files (cer, key, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);

  g_assert_false (cf_credential_check_can_sign_on (credential, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  g_assert_false (cf_credential_check_can_sign_on (credential, now, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_clear_error (&error);

  g_assert_false (cf_credential_check_can_sign_on (credential, before, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID);
  g_clear_error (&error);

  g_assert_true (cf_credential_check_can_sign_on (credential, inside, &error));
  g_assert_no_error (error);
}

static void
test_sat_fixtures (void)
{
  g_autofree char *fiel_cer = cf_test_fixture_path (FIEL_DIR "/certificate.cer");
  g_autofree char *fiel_key = cf_test_fixture_path (FIEL_DIR "/private_key.key");
  g_autofree char *csd_cer = cf_test_fixture_path (CSD_DIR "/certificate.cer");
  g_autofree char *csd_key = cf_test_fixture_path (CSD_DIR "/private_key.key");
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GDateTime) in_2019 = g_date_time_new_utc (2019, 6, 1, 12, 0, 0);

  if (fiel_cer == NULL || fiel_key == NULL || csd_cer == NULL || csd_key == NULL)
    {
      g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
      return;
    }

  /* SAT's test FIEL: valid in 2019, expired since 2021-05-15. */
  password = cf_test_fixture_password (FIEL_DIR);
  credential = cf_credential_new_from_files (fiel_cer, fiel_key, password, &error);
  g_assert_no_error (error);
  g_assert_true (cf_credential_check_can_sign_on (credential, in_2019, &error));
  g_assert_no_error (error);
  g_assert_false (cf_credential_check_can_sign_on (credential, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired on May 15, 2021"));
  g_clear_error (&error);
  g_clear_object (&credential);

  /* SAT's test CSD, with its own key. */
  g_clear_pointer (&password, g_free);
  password = cf_test_fixture_password (CSD_DIR);
  credential = cf_credential_new_from_files (csd_cer, csd_key, password, &error);
  g_assert_null (credential);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_assert_nonnull (strstr (error->message, "CSD01_AAA010101AAA"));
}

int
main (int   argc,
      char *argv[])
{
  CfTestCertSpec spec = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = cf_test_mkdtemp ();
  generate ("good", &spec, &good_cer, &good_key);

  g_test_add_func ("/core/credential/good", test_good);
  g_test_add_func ("/core/credential/async", test_async);
  g_test_add_func ("/core/credential/csd-refused", test_csd_refused);
  g_test_add_func ("/core/credential/not-sat-refused", test_not_sat_refused);
  g_test_add_func ("/core/credential/short-key-refused", test_short_key_refused);
  g_test_add_func ("/core/credential/mismatched-key", test_mismatched_key);
  g_test_add_func ("/core/credential/wrong-password", test_wrong_password);
  g_test_add_func ("/core/credential/missing-files", test_missing_files);
  g_test_add_func ("/core/credential/expired-at-date", test_expired_at_date);
  g_test_add_func ("/core/credential/sat-fixtures", test_sat_fixtures);

  status = g_test_run ();

  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (good_cer);
  g_free (good_key);
  return status;
}
