/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The e.firma core on SAT's public test set (skipped per case when absent)
 * and on SAT-like certificates generated with openssl/certtool. */

#include "config.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-credential.h"
#include "cf-efirma.h"
#include "cf-test-util.h"

#define FIEL_DIR "sat-test-certs/FIEL_AAA010101AAA"
#define CSD_DIR  "sat-test-certs/CSD01_AAA010101AAA"
#define OTHER_CER "sat-test-certs/other/00001000000413053762.cer"

static char *tmpdir;

/* One credential generated once and shared by the cases that only read it. */
static char *default_cer;
static char *default_key;

static const char *data_to_sign = "||3.0|SEP|1234567|PELM800101MDFRPR05|Certificado de estudios||";

/* ------------------------------------------------------------------ */

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

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GDateTime *
utc_date (int year,
          int month,
          int day)
{
  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static CfCertificate *
load_certificate (const char *path)
{
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate = cf_certificate_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  return certificate;
}

/* The key of a credential that can sign at @at, opened as the signing
 * verbs open it (cf-credential.h): key, pair, kind, then dates. */
static CfPrivateKey *
open_credential (CfCertificate  *certificate,
                 GBytes         *key_data,
                 const char     *password,
                 GDateTime      *at,
                 GError        **error)
{
  g_autoptr(CfCredential) credential = cf_credential_new_from_bytes (certificate, key_data, password, error);

  if (credential == NULL || !cf_credential_check_can_sign_on (credential, at, error))
    return NULL;
  return g_object_ref (cf_credential_get_private_key (credential));
}

static CfPrivateKey *
load_key (const char *path,
          const char *password)
{
  g_autoptr(GError) error = NULL;
  CfPrivateKey *key = cf_private_key_new_from_file (path, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static char *
fixture_or_skip (const char *relative)
{
  char *path = cf_test_fixture_path (relative);

  if (path == NULL)
    g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
  return path;
}

/* Signs @data_path with openssl from an encrypted DER key and returns the
 * signature in base64: the reference our signatures must equal. */
static char *
openssl_sign (const char *key_der,
              const char *password,
              const char *data_path)
{
  g_autofree char *pem = tmp_path ("openssl-ref.pem");
  g_autofree char *sig = tmp_path ("openssl-ref.sig");
  g_autofree char *passin = g_strdup_printf ("pass:%s", password);
  g_autofree char *err = NULL;
  g_autoptr(GBytes) signature = NULL;
  int status;

  {
    const char *argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", key_der,
                           "-passin", passin, "-out", pem, NULL };
    status = cf_test_spawn (argv, NULL, NULL, &err);
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *argv[] = { "openssl", "dgst", "-sha256", "-sign", pem, "-out", sig,
                           data_path, NULL };
    g_clear_pointer (&err, g_free);
    status = cf_test_spawn (argv, NULL, NULL, &err);
    g_assert_cmpint (status, ==, 0);
  }

  signature = cf_test_read_file (sig);
  g_unlink (pem);
  g_unlink (sig);
  return g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
}

static void
assert_signature_equals_openssl (const char *key_path,
                                 const char *password,
                                 CfCertificate *certificate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPrivateKey) key = load_key (key_path, password);
  g_autofree char *data_path = tmp_path ("data.txt");
  g_autofree char *ours = NULL;
  g_autofree char *reference = NULL;

  g_file_set_contents (data_path, data_to_sign, -1, &error);
  g_assert_no_error (error);

  ours = cf_private_key_sign (key, (const guint8 *) data_to_sign, strlen (data_to_sign), &error);
  g_assert_no_error (error);
  reference = openssl_sign (key_path, password, data_path);
  g_assert_cmpstr (ours, ==, reference);

  g_assert_true (cf_certificate_verify (certificate, (const guint8 *) data_to_sign,
                                        strlen (data_to_sign), ours, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* Generated SAT-like certificates                                     */
/* ------------------------------------------------------------------ */

static void
test_generated_read (void)
{
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autofree char *json = NULL;

  g_assert_cmpstr (cf_certificate_get_name (certificate), ==, "MARIA DE LA LUZ PEREZ LOPEZ");
  g_assert_cmpstr (cf_certificate_get_rfc (certificate), ==, "PELM800101AB1");
  g_assert_null (cf_certificate_get_representative_rfc (certificate));
  g_assert_cmpstr (cf_certificate_get_curp (certificate), ==, "PELM800101MDFRPR05");
  g_assert_null (cf_certificate_get_representative_curp (certificate));
  g_assert_cmpstr (cf_certificate_get_email (certificate), ==, "prueba@example.mx");
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000500003456");
  g_assert_null (cf_certificate_get_organizational_unit (certificate));
  g_assert_cmpstr (cf_certificate_get_issuer (certificate), ==, "MARIA DE LA LUZ PEREZ LOPEZ");
  g_assert_false (cf_certificate_is_test_issuer (certificate));
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_EFIRMA);
  g_assert_cmpuint (cf_certificate_get_key_bits (certificate), ==, 2048);
  g_assert_cmpint (g_date_time_compare (cf_certificate_get_not_before (certificate),
                                        cf_certificate_get_not_after (certificate)), <, 0);
  g_assert_true (cf_certificate_check_can_sign_at (certificate, NULL, NULL));

  json = cf_certificate_to_json (certificate);
  g_assert_nonnull (strstr (json, "\"certificate_number\": \"30001000000500003456\""));
  g_assert_nonnull (strstr (json, "\"curp\": \"PELM800101MDFRPR05\""));
  g_assert_nonnull (strstr (json, "\"rfc\": \"PELM800101AB1\""));
  g_assert_nonnull (strstr (json, "\"kind\": \"efirma\""));
  g_assert_nonnull (strstr (json, "\"test_issuer\": false"));
  g_assert_nonnull (strstr (json, "\"not_before\": \""));
  g_assert_nonnull (strstr (json, "\"not_after\": \""));
  g_assert_nonnull (strstr (json, "\"issuer\": \""));
  g_assert_nonnull (strstr (json, "\"name\": \"MARIA DE LA LUZ PEREZ LOPEZ\""));
}

static void
test_generated_der_base64 (void)
{
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autoptr(GBytes) der = cf_test_read_file (default_cer);
  g_autofree char *expected = g_base64_encode (g_bytes_get_data (der, NULL), g_bytes_get_size (der));
  g_autofree char *base64 = cf_certificate_dup_der_base64 (certificate);

  g_assert_true (g_bytes_equal (cf_certificate_get_der (certificate), der));
  g_assert_cmpstr (base64, ==, expected);
}

static void
test_generated_company (void)
{
  CfTestCertSpec spec = {
    .name = "ESCUELA DEL NORTE SC",
    .rfc = "END010101AB1 / PELM800101AB1",
    .curp = " / PELM800101MDFRPR05",
    .serial_ascii = "30001000000500007777",
  };
  g_autofree char *cer = NULL;
  g_autoptr(CfCertificate) certificate = NULL;

  generate ("company", &spec, &cer, NULL);
  certificate = load_certificate (cer);

  g_assert_cmpstr (cf_certificate_get_rfc (certificate), ==, "END010101AB1");
  g_assert_cmpstr (cf_certificate_get_representative_rfc (certificate), ==, "PELM800101AB1");
  g_assert_cmpstr (cf_certificate_get_curp (certificate), ==, "PELM800101MDFRPR05");
  g_assert_cmpstr (cf_certificate_get_representative_curp (certificate), ==, "PELM800101MDFRPR05");
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000500007777");
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_EFIRMA);
}

static void
test_generated_pem (void)
{
  g_autofree char *cer_pem = tmp_path ("default.cer.pem");
  g_autofree char *key_pem = tmp_path ("default.key.pem");
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  int status;

  {
    const char *argv[] = { "openssl", "x509", "-inform", "DER", "-in", default_cer,
                           "-outform", "PEM", "-out", cer_pem, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }
  {
    /* Re-encrypted PEM ("ENCRYPTED PRIVATE KEY") with the same password. */
    const char *argv[] = { "openssl", "pkcs8", "-topk8", "-inform", "DER", "-in", default_key,
                           "-passin", "pass:12345678a", "-v2", "des3",
                           "-passout", "pass:12345678a", "-out", key_pem, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  certificate = load_certificate (cer_pem);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000500003456");
  g_assert_cmpstr (cf_certificate_get_rfc (certificate), ==, "PELM800101AB1");

  key = load_key (key_pem, "12345678a");
  g_assert_true (cf_private_key_matches (key, certificate));
}

static void
test_scheme (gconstpointer data)
{
  CfTestKeyScheme scheme = GPOINTER_TO_INT (data);
  CfTestCertSpec spec = { .scheme = scheme, .password = "Contraseña de prueba 1" };
  g_autofree char *basename = g_strdup_printf ("scheme-%d", scheme);
  g_autofree char *cer = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GBytes) key_data = NULL;

  generate (basename, &spec, &cer, &key_path);
  certificate = load_certificate (cer);
  key_data = cf_test_read_file (key_path);

  key = open_credential (certificate, key_data,
                         scheme == CF_TEST_KEY_PLAIN ? NULL : spec.password,
                         NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpuint (cf_private_key_get_bits (key), ==, 2048);

  if (scheme != CF_TEST_KEY_PLAIN)
    {
      g_autoptr(CfPrivateKey) none = cf_private_key_new_from_bytes (key_data, NULL, &error);

      g_assert_null (none);
      g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
    }
}

static void
test_sign_equals_openssl (void)
{
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);

  assert_signature_equals_openssl (default_key, "12345678a", certificate);
}

static void
test_sign_empty_data (void)
{
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autoptr(CfPrivateKey) key = load_key (default_key, "12345678a");
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = cf_private_key_sign (key, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_true (cf_certificate_verify (certificate, NULL, 0, signature, &error));
  g_assert_no_error (error);
}

static void
test_verify_bad (void)
{
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autoptr(CfPrivateKey) key = load_key (default_key, "12345678a");
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *tampered = g_strdup (data_to_sign);

  signature = cf_private_key_sign (key, (const guint8 *) data_to_sign, strlen (data_to_sign), &error);
  g_assert_no_error (error);

  tampered[5] = 'X';
  g_assert_false (cf_certificate_verify (certificate, (const guint8 *) tampered,
                                         strlen (tampered), signature, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  g_assert_false (cf_certificate_verify (certificate, (const guint8 *) data_to_sign,
                                         strlen (data_to_sign), "not base64!", &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);

  g_assert_false (cf_certificate_verify (certificate, (const guint8 *) data_to_sign,
                                         strlen (data_to_sign), "", &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_BAD_SIGNATURE);
}

static void
test_expired (void)
{
  CfTestCertSpec spec = { .days_valid = -10, .serial_ascii = "30001000000500000001" };
  g_autofree char *cer = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) inside = g_date_time_add_days (now, -30);

  generate ("expired", &spec, &cer, &key_path);
  certificate = load_certificate (cer);
  key_data = cf_test_read_file (key_path);

  g_assert_false (cf_certificate_check_can_sign_at (certificate, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_clear_error (&error);

  key = open_credential (certificate, key_data, "12345678a", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_clear_error (&error);

  /* With the clock pinned inside its validity it signs. */
  g_assert_true (cf_certificate_check_can_sign_at (certificate, inside, &error));
  g_assert_no_error (error);
  key = open_credential (certificate, key_data, "12345678a", inside, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
test_not_yet_valid (void)
{
  CfTestCertSpec spec = { .days_from_now_start = 30, .serial_ascii = "30001000000500000002" };
  g_autofree char *cer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 60);

  generate ("future", &spec, &cer, NULL);
  certificate = load_certificate (cer);

  g_assert_false (cf_certificate_check_can_sign_at (certificate, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID);
  g_clear_error (&error);

  g_assert_true (cf_certificate_check_can_sign_at (certificate, later, &error));
  g_assert_no_error (error);
}

static void
test_csd_like (void)
{
  CfTestCertSpec spec = { .ou = "CSD01_PELM800101AB1", .serial_ascii = "30001000000500000003" };
  g_autofree char *cer = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GBytes) key_data = NULL;

  generate ("csd", &spec, &cer, &key_path);
  certificate = load_certificate (cer);
  key_data = cf_test_read_file (key_path);

  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_CSD);
  g_assert_cmpstr (cf_certificate_get_organizational_unit (certificate), ==, "CSD01_PELM800101AB1");

  g_assert_false (cf_certificate_check_can_sign_at (certificate, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_assert_nonnull (strstr (error->message, "CSD"));
  g_clear_error (&error);

  /* The key is the certificate's: the refusal is about the kind. */
  key = open_credential (certificate, key_data, "12345678a", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
}

static void
test_not_sat (void)
{
  CfTestCertSpec spec = { .rfc = "", .serial_ascii = "30001000000500000004" };
  g_autofree char *cer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;

  generate ("notsat", &spec, &cer, NULL);

  /* Still readable, so a person can see what it is... */
  certificate = load_certificate (cer);
  g_assert_null (cf_certificate_get_rfc (certificate));
  g_assert_null (cf_certificate_get_curp (certificate));
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000500000004");
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_OTHER);

  /* ...but it cannot sign. */
  g_assert_false (cf_certificate_check_can_sign_at (certificate, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT);
}

static void
test_non_ascii_serial (void)
{
  g_autofree char *pem = tmp_path ("hexserial.pem");
  g_autofree char *cer = tmp_path ("hexserial.cer");
  g_autoptr(CfCertificate) certificate = NULL;
  int status;

  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                           "-keyout", pem, "-subj", "/CN=Prueba", "-set_serial", "0x0102ab",
                           "-days", "30", "-outform", "DER", "-out", cer, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  certificate = load_certificate (cer);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "0102AB");
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_OTHER);
}

/* ------------------------------------------------------------------ */
/* Bad input                                                            */
/* ------------------------------------------------------------------ */

static void
test_bad_empty (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autofree char *path = tmp_path ("empty.cer");

  certificate = cf_certificate_new_from_bytes (empty, &error);
  g_assert_null (certificate);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EMPTY);
  g_clear_error (&error);

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (path, &error);
  g_assert_null (certificate);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EMPTY);
  g_clear_error (&error);

  key = cf_private_key_new_from_bytes (empty, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EMPTY);
}

static void
test_bad_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240101);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  guint8 buf[1500];
  gsize i;

  for (i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 0, 256);
  buf[0] = 0x42;  /* not a SEQUENCE: not mistaken for a cut certificate */
  bytes = g_bytes_new (buf, sizeof buf);

  certificate = cf_certificate_new_from_bytes (bytes, &error);
  g_assert_null (certificate);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE);
  g_clear_error (&error);

  key = cf_private_key_new_from_bytes (bytes, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY);
}

static void
test_bad_pem_garbage (void)
{
  g_autoptr(GBytes) cer = bytes_from_string ("-----BEGIN CERTIFICATE-----\n"
                                             "esto no es base64 ¡¡!!\n"
                                             "-----END CERTIFICATE-----\n");
  g_autoptr(GBytes) key_bytes = bytes_from_string ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                                                   "MIIFDjBABgkqhkiG9w0BBQ0wMzAbBgkqhkiG9w0BBQwwDgQI\n"
                                                   "-----END ENCRYPTED PRIVATE KEY-----\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;

  certificate = cf_certificate_new_from_bytes (cer, &error);
  g_assert_null (certificate);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE);
  g_clear_error (&error);

  key = cf_private_key_new_from_bytes (key_bytes, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY);
}

static void
test_bad_truncated (void)
{
  g_autoptr(GBytes) der = cf_test_read_file (default_cer);
  g_autoptr(GBytes) key_der = cf_test_read_file (default_key);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (der, 0, g_bytes_get_size (der) / 2);
  g_autoptr(GBytes) key_cut = g_bytes_new_from_bytes (key_der, 0, g_bytes_get_size (key_der) - 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;

  certificate = cf_certificate_new_from_bytes (cut, &error);
  g_assert_null (certificate);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_TRUNCATED);
  g_clear_error (&error);

  key = cf_private_key_new_from_bytes (key_cut, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY);
}

static void
test_bad_certificate_as_key (void)
{
  g_autoptr(GBytes) der = cf_test_read_file (default_cer);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPrivateKey) key = NULL;

  key = cf_private_key_new_from_bytes (der, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY);
  g_assert_nonnull (strstr (error->message, ".cer"));
}

/* Found by the fuzzer: a key whose numbers parse but do not make an RSA
 * key must be refused when it is opened, not fail at its first signature.
 * Byte 400 of a 2048-bit PKCS#8 key lies inside the private exponent
 * (header 26 + 4, version 3, modulus 4 + 257, exponent 5, its header 4). */
static void
test_bad_damaged_key (void)
{
  CfTestCertSpec spec = { .scheme = CF_TEST_KEY_PLAIN, .serial_ascii = "30001000000500000008" };
  g_autofree char *key_path = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *bytes;
  gsize len;

  generate ("damaged", &spec, NULL, &key_path);
  key_data = cf_test_read_file (key_path);

  key = cf_private_key_new_from_bytes (key_data, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&key);

  bytes = g_bytes_unref_to_data (g_bytes_ref (key_data), &len);
  g_assert_cmpuint (len, >, 1000);
  bytes[400] ^= 0x5a;
  damaged = g_bytes_new_take (bytes, len);

  key = cf_private_key_new_from_bytes (damaged, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_KEY);
}

static void
test_wrong_password (void)
{
  g_autoptr(GBytes) key_data = cf_test_read_file (default_key);
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  const char *wrong[] = { "12345678A", "", "12345678a ", "otra" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      key = cf_private_key_new_from_bytes (key_data, wrong[i], &error);
      g_assert_null (key);
      g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
      g_clear_error (&error);
    }

  key = open_credential (certificate, key_data, "nope", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);
}

static void
test_key_mismatch (void)
{
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000005" };
  g_autofree char *other_key = NULL;
  g_autoptr(CfCertificate) certificate = load_certificate (default_cer);
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(CfPrivateKey) opened = NULL;
  g_autoptr(GError) error = NULL;

  generate ("another", &spec, NULL, &other_key);
  key_data = cf_test_read_file (other_key);

  key = load_key (other_key, "12345678a");
  g_assert_false (cf_private_key_matches (key, certificate));

  opened = open_credential (certificate, key_data, "12345678a", NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
}

/* A 4096-bit key is a valid RSA key SAT could issue (its own CAs use
 * them): paired with someone else's 2048-bit certificate it is a
 * KEY_MISMATCH, and a self-consistent 4096-bit pair opens and signs. */
static void
test_key_4096 (void)
{
  CfTestCertSpec spec = { .bits = 4096, .serial_ascii = "30001000000500000006" };
  g_autofree char *cer = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfCertificate) certificate_2048 = load_certificate (default_cer);
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;

  generate ("big", &spec, &cer, &key_path);
  key_data = cf_test_read_file (key_path);
  certificate = load_certificate (cer);
  g_assert_cmpuint (cf_certificate_get_key_bits (certificate), ==, 4096);

  key = open_credential (certificate_2048, key_data, "12345678a", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  g_clear_error (&error);

  key = open_credential (certificate, key_data, "12345678a", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_private_key_get_bits (key), ==, 4096);

  assert_signature_equals_openssl (key_path, "12345678a", certificate);
}

static void
test_unsupported_scheme (void)
{
  CfTestCertSpec spec = { .scheme = CF_TEST_KEY_PLAIN, .serial_ascii = "30001000000500000007" };
  g_autofree char *plain_key = NULL;
  g_autofree char *scrypt_key = tmp_path ("scrypt.key");
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  generate ("plain", &spec, NULL, &plain_key);
  {
    /* PBES2 with scrypt as the key derivation: GnuTLS has no scrypt. */
    const char *argv[] = { "openssl", "pkcs8", "-topk8", "-inform", "DER", "-in", plain_key,
                           "-outform", "DER", "-scrypt", "-passout", "pass:12345678a",
                           "-out", scrypt_key, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  key_data = cf_test_read_file (scrypt_key);
  key = cf_private_key_new_from_bytes (key_data, "12345678a", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_SCHEME);
}

static void
test_unsupported_key (void)
{
  g_autofree char *ec_key = tmp_path ("ec.key");
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  {
    const char *argv[] = { "openssl", "genpkey", "-algorithm", "EC",
                           "-pkeyopt", "ec_paramgen_curve:P-256", "-outform", "DER",
                           "-out", ec_key, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  key_data = cf_test_read_file (ec_key);
  key = cf_private_key_new_from_bytes (key_data, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_UNSUPPORTED_KEY);
}

/* ------------------------------------------------------------------ */
/* Secrets                                                              */
/* ------------------------------------------------------------------ */

static char *
read_secret_from (const char *text,
                  char      **rest)
{
  g_autoptr(GError) error = NULL;
  char *secret;
  int fds[2];
  char buf[64] = { 0 };
  gssize n;

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], text, strlen (text)), ==, (gssize) strlen (text));
  close (fds[1]);

  secret = cf_secret_read_fd (fds[0], &error);
  g_assert_no_error (error);

  n = read (fds[0], buf, sizeof buf - 1);
  g_assert_cmpint (n, >=, 0);
  close (fds[0]);
  *rest = g_strndup (buf, n);
  return secret;
}

static void
test_secret_read_fd (void)
{
  struct { const char *input, *secret, *rest; } cases[] = {
    { "12345678a\n", "12345678a", "" },
    { "12345678a\r\ndata to sign", "12345678a", "data to sign" },
    { "no newline", "no newline", "" },
    { "", "", "" },
    { "\n", "", "" },
    { "con espacios y ñ \nrest", "con espacios y ñ ", "rest" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longer = g_string_new (NULL);
  gsize i;
  char *secret;
  int fds[2];

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rest = NULL;

      secret = read_secret_from (cases[i].input, &rest);
      g_assert_cmpstr (secret, ==, cases[i].secret);
      g_assert_cmpstr (rest, ==, cases[i].rest);
      cf_secret_free (secret);
    }

  /* Long passwords grow the buffer; absurd ones are refused. */
  for (i = 0; i < 300; i++)
    g_string_append_c (longer, 'a' + i % 26);
  {
    g_autofree char *rest = NULL;

    g_string_append_c (longer, '\n');
    secret = read_secret_from (longer->str, &rest);
    g_assert_cmpuint (strlen (secret), ==, 300);
    cf_secret_free (secret);
  }

  g_assert_cmpint (pipe (fds), ==, 0);
  for (i = 0; i < 5000; i++)
    g_assert_cmpint (write (fds[1], "x", 1), ==, 1);
  close (fds[1]);
  secret = cf_secret_read_fd (fds[0], &error);
  close (fds[0]);
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  cf_secret_free (NULL);
}

/* The whole block is wiped, not only up to the first NUL: a password read
 * from a descriptor may hold one, and a string from g_malloc() may have
 * bytes after its end. */
static void
test_secret_wipe (void)
{
  const char input[] = "abc\0Secreto-Tras-NUL\n";
  g_autoptr(GError) error = NULL;
  char *secret;
  char *heap;
  int fds[2];
  gsize i;

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], input, sizeof input - 1), ==, (gssize) sizeof input - 1);
  close (fds[1]);
  secret = cf_secret_read_fd (fds[0], &error);
  close (fds[0]);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "abc");
  g_assert_cmpmem (secret, sizeof input - 2, input, sizeof input - 2);

  cf_secret_wipe (secret);
  for (i = 0; i < sizeof input; i++)
    g_assert_cmpint (secret[i], ==, 0);
  cf_secret_free (secret);

  heap = g_malloc (40);
  memset (heap, 'x', 40);
  memcpy (heap, "pw", 3);
  cf_secret_wipe (heap);
  for (i = 0; i < 40; i++)
    g_assert_cmpint (heap[i], ==, 0);
  cf_secret_free (heap);

  cf_secret_wipe (NULL);
}

/* The VmFlags line of the mapping in /proc/self/smaps that holds @mem. */
static char *
vm_flags_of (gconstpointer mem)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean inside = FALSE;

  g_file_get_contents ("/proc/self/smaps", &smaps, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 start, end;

      /* A mapping's first line: "start-end perms offset dev inode path". */
      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x ", &start, &end) == 2)
        inside = start <= (guintptr) mem && (guintptr) mem < end;
      else if (inside && g_str_has_prefix (lines[i], "VmFlags:"))
        return g_strdup (lines[i] + strlen ("VmFlags:"));
    }

  g_assert_not_reached ();
}

static gboolean
has_vm_flag (const char *flags,
             const char *flag)
{
  g_auto(GStrv) words = g_strsplit_set (flags, " \t", -1);

  return g_strv_contains ((const char * const *) words, flag);
}

/* Secrets live in pages that are never dumped (smaps "dd"), locked out of
 * swap when the limit allows it ("lo"), and make the process non-dumpable. */
static void
test_secure_memory (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(CfSecret) secret = NULL;
      g_autofree char *flags = NULL;
      struct rlimit limit;

      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
      secret = cf_secret_dup ("Contraseña secreta");
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);

      g_assert_cmpstr (secret, ==, "Contraseña secreta");
      g_assert_true (cf_secure_memory_is_secure (secret));
      flags = vm_flags_of (secret);
      g_assert_true (has_vm_flag (flags, "dd"));
      /* AddressSanitizer turns mlock() into a no-op. */
#if !defined (__SANITIZE_ADDRESS__)
      g_assert_cmpint (getrlimit (RLIMIT_MEMLOCK, &limit), ==, 0);
      if (geteuid () == 0 || limit.rlim_cur >= 64 * 1024)
        g_assert_true (has_vm_flag (flags, "lo"));
#else
      (void) limit;
#endif

      g_assert_null (cf_secret_dup (NULL));
      g_assert_false (cf_secure_memory_is_secure (NULL));
      g_assert_false (cf_secure_memory_is_secure (flags));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Opening a key makes the process non-dumpable before the key is
 * decrypted: no core dump, no /proc/PID/mem for other processes. */
static void
test_key_makes_non_dumpable (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(CfPrivateKey) key = NULL;

      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
      key = load_key (default_key, "12345678a");
      g_assert_nonnull (key);
      g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_kind_strings (void)
{
  g_assert_cmpstr (cf_efirma_kind_to_string (CF_EFIRMA_KIND_EFIRMA), ==, "efirma");
  g_assert_cmpstr (cf_efirma_kind_to_string (CF_EFIRMA_KIND_CSD), ==, "csd");
  g_assert_cmpstr (cf_efirma_kind_to_string (CF_EFIRMA_KIND_OTHER), ==, "other");
  g_assert_nonnull (strstr (cf_efirma_kind_get_label (CF_EFIRMA_KIND_CSD), "CSD"));
}

/* ------------------------------------------------------------------ */
/* SAT's public test set                                                */
/* ------------------------------------------------------------------ */

static void
test_fixture_fiel (void)
{
  g_autofree char *path = fixture_or_skip (FIEL_DIR "/certificate.cer");
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *json = NULL;

  if (path == NULL)
    return;

  certificate = load_certificate (path);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000300023685");
  g_assert_cmpstr (cf_certificate_get_rfc (certificate), ==, "AAA010101AAA");
  g_assert_cmpstr (cf_certificate_get_representative_rfc (certificate), ==, "HEGT7610034S2");
  g_assert_cmpstr (cf_certificate_get_curp (certificate), ==, "HEGT761003MDFRNN09");
  g_assert_cmpstr (cf_certificate_get_representative_curp (certificate), ==, "HEGT761003MDFRNN09");
  g_assert_cmpstr (cf_certificate_get_name (certificate), ==, "ACCEM SERVICIOS EMPRESARIALES SC");
  g_assert_cmpstr (cf_certificate_get_email (certificate), ==, "FactElect@sat.gob.mx");
  g_assert_cmpstr (cf_certificate_get_issuer (certificate), ==, "A.C. 2 de pruebas(4096)");
  g_assert_true (cf_certificate_is_test_issuer (certificate));
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_EFIRMA);
  g_assert_null (cf_certificate_get_organizational_unit (certificate));
  g_assert_cmpuint (cf_certificate_get_key_bits (certificate), ==, 2048);

  date = g_date_time_format (cf_certificate_get_not_before (certificate), "%Y-%m-%d %H:%M:%S");
  g_assert_cmpstr (date, ==, "2017-05-16 23:29:17");
  g_clear_pointer (&date, g_free);
  date = g_date_time_format (cf_certificate_get_not_after (certificate), "%Y-%m-%d %H:%M:%S");
  g_assert_cmpstr (date, ==, "2021-05-15 23:29:17");

  /* The SAT test certificates expired in 2021. */
  g_assert_false (cf_certificate_check_can_sign_at (certificate, NULL, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired on May 15, 2021"));

  json = cf_certificate_to_json (certificate);
  g_assert_nonnull (strstr (json, "\"certificate_number\": \"30001000000300023685\""));
  g_assert_nonnull (strstr (json, "\"curp\": \"HEGT761003MDFRNN09\""));
  g_assert_nonnull (strstr (json, "\"test_issuer\": true"));
}

static void
test_fixture_fiel_key (void)
{
  g_autofree char *cer = fixture_or_skip (FIEL_DIR "/certificate.cer");
  g_autofree char *key_path = NULL;
  g_autofree char *password = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(GDateTime) in_2019 = utc_date (2019, 6, 1);
  g_autoptr(GError) error = NULL;

  if (cer == NULL)
    return;

  key_path = cf_test_fixture_path (FIEL_DIR "/private_key.key");
  password = cf_test_fixture_password (FIEL_DIR);
  certificate = load_certificate (cer);
  key_data = cf_test_read_file (key_path);

  key = open_credential (certificate, key_data, password, in_2019, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_clear_object (&key);

  key = open_credential (certificate, key_data, password, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_clear_error (&error);

  key = cf_private_key_new_from_bytes (key_data, "wrong", &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD);

  assert_signature_equals_openssl (key_path, password, certificate);
}

static void
test_fixture_csd (void)
{
  g_autofree char *cer = fixture_or_skip (CSD_DIR "/certificate.cer");
  g_autofree char *csd_key = NULL;
  g_autofree char *fiel_key = NULL;
  g_autofree char *password = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) key = NULL;
  g_autoptr(GBytes) fiel_key_data = NULL;
  g_autoptr(GDateTime) in_2019 = utc_date (2019, 6, 1);
  g_autoptr(GError) error = NULL;

  if (cer == NULL)
    return;

  certificate = load_certificate (cer);
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_CSD);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "30001000000300023708");
  g_assert_cmpstr (cf_certificate_get_organizational_unit (certificate), ==, "CSD01_AAA010101AAA");
  g_assert_true (cf_certificate_is_test_issuer (certificate));

  g_assert_false (cf_certificate_check_can_sign_at (certificate, in_2019, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_assert_nonnull (strstr (error->message, "CSD01_AAA010101AAA"));
  g_clear_error (&error);

  csd_key = cf_test_fixture_path (CSD_DIR "/private_key.key");
  password = cf_test_fixture_password (CSD_DIR);
  key = load_key (csd_key, password);
  g_assert_true (cf_private_key_matches (key, certificate));
  g_clear_object (&key);

  /* The FIEL's key is not the CSD's. */
  fiel_key = cf_test_fixture_path (FIEL_DIR "/private_key.key");
  fiel_key_data = cf_test_read_file (fiel_key);
  g_clear_pointer (&password, g_free);
  password = cf_test_fixture_password (FIEL_DIR);
  key = open_credential (certificate, fiel_key_data, password, in_2019, &error);
  g_assert_null (key);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
}

static void
test_fixture_other (void)
{
  g_autofree char *cer = fixture_or_skip (OTHER_CER);
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GDateTime) in_2020 = utc_date (2020, 6, 1);
  g_autoptr(GError) error = NULL;

  if (cer == NULL)
    return;

  certificate = load_certificate (cer);
  g_assert_cmpstr (cf_certificate_get_number (certificate), ==, "00001000000413053762");
  /* T61String with Latin-1 bytes in the subject. */
  g_assert_cmpstr (cf_certificate_get_name (certificate), ==, "COMPAÑIA SANTA MARIA SA DE CV");
  g_assert_cmpstr (cf_certificate_get_rfc (certificate), ==, "SMA0112284B2");
  g_assert_cmpstr (cf_certificate_get_representative_rfc (certificate), ==, "GOCA741120HY0");
  g_assert_cmpstr (cf_certificate_get_curp (certificate), ==, "GOCA741120HVZMNR00");
  g_assert_cmpstr (cf_certificate_get_issuer (certificate), ==,
                   "A.C. del Servicio de Administración Tributaria");
  g_assert_false (cf_certificate_is_test_issuer (certificate));
  g_assert_cmpint (cf_certificate_get_kind (certificate), ==, CF_EFIRMA_KIND_CSD);

  g_assert_false (cf_certificate_check_can_sign_at (certificate, in_2020, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = cf_test_mkdtemp ();
  cf_test_generate_cert (tmpdir, "default", NULL, &default_cer, &default_key, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/efirma/generated/read", test_generated_read);
  g_test_add_func ("/core/efirma/generated/der-base64", test_generated_der_base64);
  g_test_add_func ("/core/efirma/generated/company", test_generated_company);
  g_test_add_func ("/core/efirma/generated/pem", test_generated_pem);
  g_test_add_data_func ("/core/efirma/scheme/pbes2-3des",
                        GINT_TO_POINTER (CF_TEST_KEY_PBES2_3DES), test_scheme);
  g_test_add_data_func ("/core/efirma/scheme/pbes2-aes",
                        GINT_TO_POINTER (CF_TEST_KEY_PBES2_AES), test_scheme);
  g_test_add_data_func ("/core/efirma/scheme/pkcs12-3des",
                        GINT_TO_POINTER (CF_TEST_KEY_PKCS12_3DES), test_scheme);
  g_test_add_data_func ("/core/efirma/scheme/plain",
                        GINT_TO_POINTER (CF_TEST_KEY_PLAIN), test_scheme);
  g_test_add_func ("/core/efirma/sign-equals-openssl", test_sign_equals_openssl);
  g_test_add_func ("/core/efirma/sign-empty-data", test_sign_empty_data);
  g_test_add_func ("/core/efirma/verify-bad-signature", test_verify_bad);
  g_test_add_func ("/core/efirma/expired", test_expired);
  g_test_add_func ("/core/efirma/not-yet-valid", test_not_yet_valid);
  g_test_add_func ("/core/efirma/csd-refused", test_csd_like);
  g_test_add_func ("/core/efirma/not-sat", test_not_sat);
  g_test_add_func ("/core/efirma/non-ascii-serial", test_non_ascii_serial);
  g_test_add_func ("/core/efirma/bad/empty", test_bad_empty);
  g_test_add_func ("/core/efirma/bad/random-bytes", test_bad_random);
  g_test_add_func ("/core/efirma/bad/pem-garbage", test_bad_pem_garbage);
  g_test_add_func ("/core/efirma/bad/truncated", test_bad_truncated);
  g_test_add_func ("/core/efirma/bad/certificate-as-key", test_bad_certificate_as_key);
  g_test_add_func ("/core/efirma/bad/damaged-key", test_bad_damaged_key);
  g_test_add_func ("/core/efirma/wrong-password", test_wrong_password);
  g_test_add_func ("/core/efirma/key-mismatch", test_key_mismatch);
  g_test_add_func ("/core/efirma/key-4096", test_key_4096);
  g_test_add_func ("/core/efirma/unsupported-scheme", test_unsupported_scheme);
  g_test_add_func ("/core/efirma/unsupported-key", test_unsupported_key);
  g_test_add_func ("/core/efirma/secret-read-fd", test_secret_read_fd);
  g_test_add_func ("/core/efirma/secret-wipe", test_secret_wipe);
  g_test_add_func ("/core/efirma/secure-memory", test_secure_memory);
  g_test_add_func ("/core/efirma/key-makes-non-dumpable", test_key_makes_non_dumpable);
  g_test_add_func ("/core/efirma/kind-strings", test_kind_strings);
  g_test_add_func ("/core/efirma/fixtures/fiel", test_fixture_fiel);
  g_test_add_func ("/core/efirma/fixtures/fiel-key", test_fixture_fiel_key);
  g_test_add_func ("/core/efirma/fixtures/csd", test_fixture_csd);
  g_test_add_func ("/core/efirma/fixtures/other", test_fixture_other);

  status = g_test_run ();

  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (default_cer);
  g_free (default_key);
  return status;
}
