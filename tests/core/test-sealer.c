/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sealing, verifying and batch sealing, on real files with real keys:
 * SAT's FIEL test fixture (when present) and certificates generated with
 * openssl in a temporary folder. OpenSSL is the independent referee. */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-audit-repo.h"
#include "cf-cadena.h"
#include "cf-dec-xml.h"
#include "cf-sealer.h"
#include "cf-test-ca.h"
#include "cf-test-dec.h"
#include "cf-test-ocsp.h"
#include "cf-test-util.h"

#define SIGNER_CURP "PELM800101MDFRPR01"

typedef struct
{
  char          *dir;
  char          *cer;
  char          *key;
  CfCertificate *certificate;
  CfPrivateKey  *private_key;
  CfSealer      *sealer;
} Fixture;

/* One generated e.firma per test binary run: key generation is slow. */
static Fixture *shared;

/* $CERTIFICA_TRUST_DIR for this run: a CA the test makes (which issues the
 * generated e.firma certificates) and SAT's test CAs when present. */
static char *trust_dir;
static char *test_ca;
/* An `openssl ocsp` responder that says the generated e.firma is good:
 * batches ask it before sealing. */
static GSubprocess *responder;
static char *responder_url;

static void
trust_dir_setup (void)
{
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();

  trust_dir = cf_test_mkdtemp ();
  test_ca = cf_test_make_ca (trust_dir, "Certifica tests CA", NULL);
  if (sat_ca != NULL)
    {
      g_autofree char *test_dir = g_build_filename (sat_ca, "test", NULL);
      g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *from = g_build_filename (test_dir, name, NULL);
          g_autofree char *to = g_build_filename (trust_dir, name, NULL);
          g_autoptr(GBytes) bytes = cf_test_read_file (from);

          g_assert_true (g_file_set_contents (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
        }
    }
  g_setenv ("CERTIFICA_TRUST_DIR", trust_dir, TRUE);
}

static void
fixture_free (Fixture *f)
{
  g_clear_object (&f->sealer);
  g_clear_object (&f->private_key);
  g_clear_object (&f->certificate);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->cer);
  g_free (f->key);
  g_free (f);
}

/* A sealer for @certificate and @key: their credential (which refuses a
 * CSD and a key that is not the certificate's), then the sealer. */
static CfSealer *
sealer_new (CfCertificate  *certificate,
            CfPrivateKey   *key,
            GError        **error)
{
  g_autoptr(CfCredential) credential = cf_credential_new (certificate, key, error);

  return credential != NULL ? cf_sealer_new (credential) : NULL;
}

/* Valid from ten years ago for twenty: any realistic issue date is inside. */
static Fixture *
get_fixture (void)
{
  g_autoptr(GError) error = NULL;
  CfTestCertSpec spec = {
    .curp = SIGNER_CURP,
    .days_from_now_start = -3650,
    .days_valid = 7300,
  };

  if (shared != NULL)
    return shared;

  shared = g_new0 (Fixture, 1);
  shared->dir = cf_test_mkdtemp ();
  g_assert_true (cf_test_generate_cert (shared->dir, "fiel", &spec, &shared->cer, &shared->key, &error));
  g_assert_no_error (error);
  /* Issued by the test's CA, which this run trusts. */
  cf_test_issue_by (shared->cer, test_ca, shared->cer);
  shared->certificate = cf_certificate_new_from_file (shared->cer, &error);
  g_assert_no_error (error);
  shared->private_key = cf_private_key_new_from_file (shared->key, "12345678a", &error);
  g_assert_no_error (error);
  shared->sealer = sealer_new (shared->certificate, shared->private_key, &error);
  g_assert_no_error (error);
  {
    g_autofree char *ca_key = g_build_filename (trust_dir, "Certifica tests CA.ca-key", NULL);
    g_autofree char *cache = g_build_filename (shared->dir, "ocsp-cache", NULL);

    responder = cf_test_ocsp_serve_cert (shared->dir, shared->cer, test_ca, ca_key, FALSE, &responder_url);
    cf_sealer_set_ocsp_url (shared->sealer, responder_url);
    cf_sealer_set_ocsp_cache_dir (shared->sealer, cache);
  }
  return shared;
}

static char *
write_dec (const char *dir,
           const char *name,
           CfDec      *dec)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (cf_dec_xml_write_file (dec, path, &error));
  g_assert_no_error (error);
  return path;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* A finding with @code whose message contains @text. */
static gboolean
has_finding (const CfSealVerification *v,
             const char               *code,
             const char               *text)
{
  GPtrArray *findings = cf_seal_verification_get_findings (v);

  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *f = g_ptr_array_index (findings, i);

      if (g_strcmp0 (cf_finding_get_code (f), code) == 0 &&
          strstr (cf_finding_get_message (f), text) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* openssl dgst -sha256 -verify over @cadena with the certificate's public key. */
static void
assert_openssl_verifies (const char *dir,
                         const char *cer,
                         const char *cadena,
                         const char *sello)
{
  g_autofree char *pub = g_build_filename (dir, "pub.pem", NULL);
  g_autofree char *data = g_build_filename (dir, "cadena.txt", NULL);
  g_autofree char *sig = g_build_filename (dir, "sello.bin", NULL);
  g_autofree char *out = NULL;
  g_autofree guchar *raw = NULL;
  gsize raw_len = 0;
  const char *x509[] = { "openssl", "x509", "-inform", "DER", "-in", cer, "-pubkey", "-noout", NULL };
  const char *verify[] = { "openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig, data, NULL };

  g_assert_cmpint (cf_test_spawn (x509, NULL, &out, NULL), ==, 0);
  g_assert_true (g_file_set_contents (pub, out, -1, NULL));
  g_assert_true (g_file_set_contents (data, cadena, -1, NULL));
  raw = g_base64_decode (sello, &raw_len);
  g_assert_true (g_file_set_contents (sig, (const char *) raw, raw_len, NULL));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cf_test_spawn (verify, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Verified OK"));
}

/* ------------------------------------------------------------------ */

static void
test_known_answer_fiel (void)
{
  g_autofree char *cer = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autofree char *key = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/private_key.key");
  g_autofree char *pass_file = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/password.txt");
  g_autofree char *xslt = g_test_build_filename (G_TEST_DIST, "..", "data", "xslt", "cadena-dec-3.0.xslt", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *password = NULL;
  g_autofree char *xslt_cadena = NULL;
  g_autofree char *cadena = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *passin = NULL;
  g_autofree char *cadena_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(CfSealVerification) verification = NULL;
  g_autoptr(GBytes) signature = NULL;

  if (cer == NULL || key == NULL || pass_file == NULL)
    {
      g_test_skip ("SAT test certificates not present");
      return;
    }

  g_assert_true (g_file_get_contents (pass_file, &password, NULL, NULL));
  g_strchomp (password);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  private_key = cf_private_key_new_from_file (key, password, &error);
  g_assert_no_error (error);
  sealer = sealer_new (certificate, private_key, &error);
  g_assert_no_error (error);

  /* Within the fixture's validity (May 2017 – May 2021), its CURP as Responsable. */
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "HEGT761003MDFRNN09");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, "2019-06-14T00:00:00");
  g_assert_true (cf_sealer_seal (sealer, dec, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE), ==, "30001000000300023685");
  g_assert_null (strchr (cf_dec_get (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE), '\n'));
  g_assert_null (strchr (cf_dec_get (dec, CF_DEC_FIELD_SELLO), '\n'));

  dir = cf_test_mkdtemp ();
  path = write_dec (dir, "fiel.xml", dec);

  /* The XSLT's cadena is ours, byte for byte. */
  {
    const char *argv[] = { "xsltproc", xslt, path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &xslt_cadena, NULL), ==, 0);
  }
  cadena = cf_cadena_from_dec (dec, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xslt_cadena, ==, cadena);

  /* OpenSSL signs the XSLT's cadena with the same key: the same seal. */
  cadena_path = g_build_filename (dir, "cadena.txt", NULL);
  sig_path = g_build_filename (dir, "openssl.sig", NULL);
  passin = g_strdup_printf ("file:%s", pass_file);
  g_assert_true (g_file_set_contents (cadena_path, xslt_cadena, -1, NULL));
  {
    const char *argv[] = { "openssl", "dgst", "-sha256", "-sign", key, "-keyform", "DER",
                           "-passin", passin, "-out", sig_path, cadena_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 0);
  }
  signature = cf_test_read_file (sig_path);
  expected = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  g_assert_cmpstr (cf_dec_get (dec, CF_DEC_FIELD_SELLO), ==, expected);

  assert_openssl_verifies (dir, cer, xslt_cadena, cf_dec_get (dec, CF_DEC_FIELD_SELLO));

  verification = cf_sealer_verify_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_certificate_get_rfc (cf_seal_verification_get_certificate (verification)), ==, "AAA010101AAA");
  g_assert_true (cf_seal_verification_seal_matches (verification));
  {
    g_autofree char *sat_ca = cf_test_sat_ca_dir ();

    if (sat_ca != NULL)
      {
        /* SAT's test CAs are this run's anchors: valid, never silently. */
        g_assert_cmpint (cf_seal_verification_get_status (verification), ==, CF_SEAL_VERIFICATION_VALID);
        g_assert_cmpint (cf_seal_verification_get_trust (verification), ==, CF_TRUST_TRUSTED_TEST);
        g_assert_cmpstr (cf_seal_verification_get_result (verification), ==, "valid-test-certificate");
        g_assert_true (has_finding (verification, CF_FINDING_SEAL_TEST_CERTIFICATE, "test certificate"));
      }
    else
      g_assert_cmpint (cf_seal_verification_get_status (verification), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
  }

  cf_test_rmdir (dir);
}

static void
test_seal_and_verify (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *in = NULL;
  g_autofree char *out = g_build_filename (dir, "sealed.xml", NULL);
  g_autofree char *json = NULL;
  g_autofree char *cadena = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(CfDec) sealed = NULL;
  g_autoptr(CfSealVerification) v = NULL;
  g_autoptr(CfSealVerification) unsealed = NULL;

  in = write_dec (dir, "in.xml", dec);

  /* Not sealed yet. */
  unsealed = cf_sealer_verify_file (in, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_seal_verification_get_status (unsealed), ==, CF_SEAL_VERIFICATION_NOT_SEALED);
  g_assert_false (cf_seal_verification_is_valid (unsealed));

  g_assert_true (cf_sealer_seal_file (f->sealer, in, out, NULL, &error));
  g_assert_no_error (error);

  v = cf_sealer_verify_file (out, &error);
  g_assert_no_error (error);
  g_assert_true (cf_seal_verification_is_valid (v));
  g_assert_cmpuint (cf_seal_verification_get_findings (v)->len, ==, 0);
  g_assert_cmpstr (cf_certificate_get_curp (cf_seal_verification_get_certificate (v)), ==, SIGNER_CURP);
  json = cf_seal_verification_to_json (v);
  g_assert_nonnull (strstr (json, "\"status\":\"valid\""));
  g_assert_nonnull (strstr (json, "\"result\":\"valid\""));
  g_assert_nonnull (strstr (json, "\"seal_matches\":true"));
  g_assert_nonnull (strstr (json, "\"signer_curp\":\"" SIGNER_CURP "\""));
  g_assert_nonnull (strstr (json, "\"certificate_number\":\"30001000000500003456\""));
  g_assert_nonnull (strstr (json, "\"certificate_number_matches\":true"));

  sealed = cf_dec_xml_read_file (out, &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_is_sealed (sealed));
  cadena = cf_cadena_from_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cadena, ==, cf_seal_verification_get_cadena (v));
  assert_openssl_verifies (dir, f->cer, cadena, cf_dec_get (sealed, CF_DEC_FIELD_SELLO));

  /* A model verifies the same way. */
  {
    g_autoptr(CfSealVerification) from_model = cf_sealer_verify_dec (sealed);

    g_assert_true (cf_seal_verification_is_valid (from_model));
  }

  cf_test_rmdir (dir);
}

static void
replace_in_file (const char *path,
                 const char *from,
                 const char *to)
{
  g_autofree char *text = read_text (path);
  g_autoptr(GString) s = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (s, from, to, 1);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
}

static void
test_tampering (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *in = NULL;
  g_autofree char *out = g_build_filename (dir, "sealed.xml", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.xml", NULL);
  g_autofree char *original = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();

  in = write_dec (dir, "in.xml", dec);
  g_assert_true (cf_sealer_seal_file (f->sealer, in, out, NULL, &error));
  g_assert_no_error (error);
  original = read_text (out);

  /* A grade changed after sealing. */
  {
    g_autoptr(CfSealVerification) v = NULL;

    g_assert_true (g_file_set_contents (copy, original, -1, NULL));
    replace_in_file (copy, "calificacion=\"8.00\"", "calificacion=\"9.00\"");
    v = cf_sealer_verify_file (copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_TAMPERED);
    g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (cf_seal_verification_get_findings (v), 0)), ==, "seal.tampered");
  }

  /* The student's name. */
  {
    g_autoptr(CfSealVerification) v = NULL;

    g_assert_true (g_file_set_contents (copy, original, -1, NULL));
    replace_in_file (copy, "nombre=\"CARLOS\"", "nombre=\"CARLA\"");
    v = cf_sealer_verify_file (copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_TAMPERED);
  }

  /* The certificate number. */
  {
    g_autoptr(CfSealVerification) v = NULL;
    g_autofree char *json = NULL;

    g_assert_true (g_file_set_contents (copy, original, -1, NULL));
    replace_in_file (copy, "30001000000500003456", "30001000000500003457");
    v = cf_sealer_verify_file (copy, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_NUMBER_MISMATCH);
    json = cf_seal_verification_to_json (v);
    g_assert_nonnull (strstr (json, "\"certificate_number_matches\":false"));
  }

  /* A descriptive name outside the cadena does not break the seal. */
  {
    g_autoptr(CfSealVerification) v = NULL;

    g_assert_true (g_file_set_contents (copy, original, -1, NULL));
    replace_in_file (copy, "CAMPUS CENTRO", "CAMPUS NORTE");
    v = cf_sealer_verify_file (copy, &error);
    g_assert_no_error (error);
    g_assert_true (cf_seal_verification_is_valid (v));
  }

  /* A broken embedded certificate. */
  {
    g_autoptr(CfDec) broken = cf_dec_xml_read_data (original, strlen (original), &error);
    g_autoptr(CfSealVerification) v = NULL;

    g_assert_no_error (error);
    cf_dec_set (broken, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, "TUlJQm9ndXM=");
    v = cf_sealer_verify_dec (broken);
    g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_BAD_CERTIFICATE);
  }

  cf_test_rmdir (dir);
}

static void
test_refuse_csd (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fixture_cer = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/certificate.cer");
  g_autofree char *fixture_key = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/private_key.key");
  g_autofree char *fixture_pass = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/password.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  CfTestCertSpec spec = { .curp = SIGNER_CURP, .ou = "CSD01_PELM800101AB1" };

  g_assert_true (cf_test_generate_cert (dir, "csd", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  private_key = cf_private_key_new_from_file (key, "12345678a", &error);
  g_assert_no_error (error);
  sealer = sealer_new (certificate, private_key, &error);
  g_assert_null (sealer);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_assert_nonnull (strstr (error->message, "CSD"));
  g_clear_error (&error);

  if (fixture_cer != NULL && fixture_key != NULL && fixture_pass != NULL)
    {
      g_autofree char *password = NULL;
      g_autoptr(CfCertificate) csd = NULL;
      g_autoptr(CfPrivateKey) csd_key = NULL;
      g_autoptr(CfSealer) csd_sealer = NULL;

      g_assert_true (g_file_get_contents (fixture_pass, &password, NULL, NULL));
      g_strchomp (password);
      csd = cf_certificate_new_from_file (fixture_cer, &error);
      g_assert_no_error (error);
      csd_key = cf_private_key_new_from_file (fixture_key, password, &error);
      g_assert_no_error (error);
      csd_sealer = sealer_new (csd, csd_key, &error);
      g_assert_null (csd_sealer);
      g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
      g_clear_error (&error);
    }

  /* A key that is not the certificate's. */
  {
    Fixture *f = get_fixture ();
    g_autoptr(CfSealer) mismatched = NULL;
    g_autofree char *cer2 = NULL;
    g_autofree char *key2 = NULL;
    g_autoptr(CfPrivateKey) other_key = NULL;
    CfTestCertSpec other = { .curp = SIGNER_CURP };

    g_assert_true (cf_test_generate_cert (dir, "other", &other, &cer2, &key2, &error));
    g_assert_no_error (error);
    other_key = cf_private_key_new_from_file (key2, "12345678a", &error);
    g_assert_no_error (error);
    mismatched = sealer_new (f->certificate, other_key, &error);
    g_assert_null (mismatched);
    g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_KEY_MISMATCH);
  }

  cf_test_rmdir (dir);
}

static void
test_refuse_dates (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -3000);
  g_autofree char *recent = g_date_time_format (now, "%Y-%m-%dT00:00:00");
  g_autofree char *old = g_date_time_format (long_ago, "%Y-%m-%dT00:00:00");
  /* Valid for a year, ended 100 days ago. */
  CfTestCertSpec spec = { .curp = SIGNER_CURP, .days_from_now_start = -465, .days_valid = 365 };

  g_assert_true (cf_test_generate_cert (dir, "old", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  private_key = cf_private_key_new_from_file (key, "12345678a", &error);
  g_assert_no_error (error);
  /* An expired e.firma opens: the issue date decides, per document. */
  sealer = sealer_new (certificate, private_key, &error);
  g_assert_no_error (error);

  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, recent);
  g_assert_false (cf_sealer_seal (sealer, dec, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_false (cf_dec_is_sealed (dec));
  g_clear_error (&error);

  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, old);
  g_assert_false (cf_sealer_seal (sealer, dec, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID);
  g_clear_error (&error);

  /* Inside its year: sealed. */
  {
    g_autoptr(GDateTime) inside = g_date_time_add_days (now, -200);
    g_autofree char *date = g_date_time_format (inside, "%Y-%m-%dT00:00:00");

    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, date);
    g_assert_true (cf_sealer_seal (sealer, dec, &error));
    g_assert_no_error (error);
  }

  /* No issue date at all. */
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, "pronto");
  g_assert_false (cf_sealer_seal (sealer, dec, &error));
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_NO_ISSUE_DATE);

  cf_test_rmdir (dir);
}

/* A CA is judged at the document's issue date: the same key and name,
 * but a certificate that only began after the issue date, does not make
 * the document trusted; the CA valid then does. */
static void
test_verify_ca_at_issue_date (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *ca_key = g_build_filename (trust_dir, "Certifica tests CA.ca-key", NULL);
  g_autofree char *late_ca = g_build_filename (dir, "late-ca.pem", NULL);
  g_autofree char *template = g_build_filename (dir, "late-ca.cfg", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -3000);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *issued = g_date_time_format (then, "%Y-%m-%dT00:00:00");
  g_autofree char *start = g_date_time_format (yesterday, "%Y-%m-%d %H:%M:%S");
  g_autofree char *config = g_strdup_printf ("cn = \"Certifica tests CA\"\norganization = \"Certifica tests\"\n"
                                             "ca\ncert_signing_key\ncrl_signing_key\n"
                                             "activation_date = \"%s\"\nexpiration_date = \"2045-01-01 00:00:00\"\n",
                                             start);
  const char * const certtool[] = { "certtool", "--generate-self-signed", "--load-privkey", ca_key,
                                    "--template", template, "--outfile", late_ca, NULL };
  g_autofree char *path = NULL;
  g_autoptr(CfTrust) early = cf_trust_new ();
  g_autoptr(CfTrust) late = cf_trust_new ();
  g_autoptr(CfSealVerification) valid = NULL;
  g_autoptr(CfSealVerification) untrusted = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, issued);
  g_assert_true (cf_sealer_seal (f->sealer, dec, &error));
  g_assert_no_error (error);
  path = write_dec (dir, "sealed.xml", dec);

  g_assert_true (g_file_set_contents (template, config, -1, NULL));
  g_assert_cmpint (cf_test_spawn (certtool, NULL, NULL, &err), ==, 0);

  g_assert_true (cf_trust_add_file (early, test_ca, &error));
  g_assert_no_error (error);
  valid = cf_sealer_verify_file_with_trust (path, early, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_seal_verification_get_trust (valid), ==, CF_TRUST_TRUSTED);

  g_assert_true (cf_trust_add_file (late, late_ca, &error));
  g_assert_no_error (error);
  untrusted = cf_sealer_verify_file_with_trust (path, late, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_seal_verification_get_trust (untrusted), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_cmpint (cf_seal_verification_get_status (untrusted), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
  g_assert_true (cf_seal_verification_seal_matches (untrusted));

  cf_test_rmdir (dir);
}

static void
test_refuse_curp (void)
{
  Fixture *f = get_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();

  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "GOMC850312HDFNRR09");
  g_assert_false (cf_sealer_seal (f->sealer, dec, &error));
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_CURP_MISMATCH);
  g_assert_nonnull (strstr (error->message, "GOMC850312HDFNRR09"));
  g_assert_nonnull (strstr (error->message, SIGNER_CURP));
  g_assert_false (cf_dec_is_sealed (dec));
}

/* A Dec 2.0 file as other software wrote them: read, never sealed. */
static const char dec20[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"2.0\" tipoCertificado=\"5\""
  " folioControl=\"X1\" sello=\"\" certificadoResponsable=\"\" noCertificadoResponsable=\"\">"
  "<Ipes idNombreInstitucion=\"20499\" idCampus=\"090101\" idEntidadFederativa=\"09\">"
  "<Responsable curp=\"" SIGNER_CURP "\" nombre=\"A\" primerApellido=\"B\" idCargo=\"3\"/></Ipes>"
  "<Rvoe numero=\"20180409\" fechaExpedicion=\"2018-04-09T00:00:00\"/>"
  "<Carrera idCarrera=\"14\" idTipoPeriodo=\"93\" clavePlan=\"2017\" idNivelEstudios=\"81\""
  " calificacionMinima=\"5\" calificacionMaxima=\"10\" calificacionMinimaAprobatoria=\"6.00\"/>"
  "<Alumno numeroControl=\"1\" curp=\"GOMC850312HDFNRR09\" nombre=\"C\" primerApellido=\"D\""
  " idGenero=\"251\" fechaNacimiento=\"1985-03-12T00:00:00\"/>"
  "<Expedicion idTipoCertificacion=\"80\" fecha=\"2023-07-10T00:00:00\" idLugarExpedicion=\"09\"/>"
  "<Asignaturas total=\"1\" asignadas=\"1\" promedio=\"8.00\" totalCreditos=\"300.00\" creditosObtenidos=\"7.00\">"
  "<Asignatura idAsignatura=\"1\" ciclo=\"2018-1\" calificacion=\"8.00\" idTipoAsignatura=\"263\" creditos=\"7.00\"/>"
  "</Asignaturas></Dec>\n";

static const char billion_laughs[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE lolz [\n"
  " <!ENTITY lol \"lol\">\n"
  " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
  "]>\n"
  "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"5\""
  " folioControl=\"&lol9;\"/>\n";

typedef struct
{
  const char *name;
  GQuark      domain;
  int         code;
} BadInput;

/* Each input is refused by seal, verify and validate with its own error or
 * findings, never a crash. */
static void
test_bad_inputs (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "out.xml", NULL);
  g_autoptr(CfDec) base = cf_test_dec_new ();
  g_autofree char *base_path = write_dec (dir, "base.xml", base);
  g_autofree char *base_text = read_text (base_path);
  struct
  {
    const char *name;
    char       *content;
    gsize       length;
    GQuark      domain;
    int         code;
  } cases[] = {
    { "malformed.xml", g_strdup ("<Dec version=\"3.0\"><Ipes></Dec>"), 0,
      CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_MALFORMED },
    { "empty.xml", g_strdup (""), 0, CF_DEC_XML_ERROR, -1 },
    { "namespace.xml", NULL, 0, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC },
    { "other-root.xml", g_strdup ("<?xml version=\"1.0\"?><Cfdi xmlns=\"https://www.siged.sep.gob.mx/certificados/\"/>"), 0,
      CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC },
    { "dec20.xml", g_strdup (dec20), 0, CF_SEALER_ERROR, CF_SEALER_ERROR_READ_ONLY_VERSION },
    { "missing.xml", NULL, 0, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID },
    { "pipe.xml", NULL, 0, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID },
    { "laughs.xml", g_strdup (billion_laughs), 0, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_ENTITIES },
    { "huge.xml", NULL, 0, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE },
  };
  GString *s;

  /* Wrong namespace: SAT's CFDI namespace instead of SEP's. */
  s = g_string_new (base_text);
  g_string_replace (s, "https://www.siged.sep.gob.mx/certificados/", "http://www.sat.gob.mx/cfd/4", 0);
  cases[2].content = g_string_free (s, FALSE);

  /* A required attribute missing (Alumno/@curp). */
  s = g_string_new (base_text);
  g_assert_cmpuint (g_string_replace (s, " curp=\"GOMC850312HDFNRR09\"", "", 1), ==, 1);
  cases[5].content = g_string_free (s, FALSE);

  /* A value with "|". */
  s = g_string_new (base_text);
  g_assert_cmpuint (g_string_replace (s, "nombre=\"CARLOS\"", "nombre=\"CARLOS|X\"", 1), ==, 1);
  cases[6].content = g_string_free (s, FALSE);

  /* 50 MB: a valid start and a comment that never ends being useful. */
  s = g_string_sized_new (50 * 1024 * 1024 + 1024);
  g_string_append (s, base_text);
  g_string_append (s, "<!--");
  while (s->len < 50 * 1024 * 1024)
    g_string_append (s, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (s, "-->\n");
  cases[8].length = s->len;
  cases[8].content = g_string_free (s, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GPtrArray) validation = NULL;
      g_autoptr(CfSealVerification) v = NULL;
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].content);

      g_test_message ("bad input %s", cases[i].name);
      g_assert_true (g_file_set_contents (path, cases[i].content, length, NULL));

      g_assert_false (cf_sealer_seal_file (f->sealer, path, out, &findings, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, cases[i].domain);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      if (cases[i].code == CF_SEALER_ERROR_INVALID && cases[i].domain == CF_SEALER_ERROR)
        {
          g_assert_nonnull (findings);
          g_assert_cmpuint (findings->len, >, 0);
        }
      g_clear_error (&error);

      /* Verify and validate: an error or findings, never a crash. */
      v = cf_sealer_verify_file (path, &error);
      g_assert_true ((v == NULL) != (error == NULL));
      if (v != NULL)
        g_assert_false (cf_seal_verification_is_valid (v));
      g_clear_error (&error);

      validation = cf_dec_validate_file (path, NULL, &error);
      g_assert_true ((validation == NULL) != (error == NULL));
      if (validation != NULL)
        g_assert_true (cf_finding_list_has_errors (validation));
      g_clear_error (&error);

      g_free (cases[i].content);
    }

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Batch                                                               */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint          calls;
  guint          last_done;
  guint          cancel_after;
  GCancellable  *cancellable;
  GThread       *thread;
} ProgressLog;

static void
on_progress (const CfSealProgress *progress,
             gpointer              user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (log->thread == g_thread_self ());
  g_assert_cmpuint (progress->done, >=, log->last_done);
  g_assert_cmpuint (progress->done, ==, progress->sealed + progress->refused);
  g_assert_cmpuint (progress->done, <=, progress->total);
  log->last_done = progress->done;
  log->calls++;
  if (log->cancellable != NULL && progress->done >= log->cancel_after)
    g_cancellable_cancel (log->cancellable);
}

/* @n documents in @dir/in, the @bad-th (if < n) with a wrong promedio. */
static GStrv
write_batch (const char *dir,
             guint       n,
             guint       bad)
{
  g_autofree char *in = g_build_filename (dir, "in", NULL);
  GPtrArray *paths = g_ptr_array_new ();

  g_assert_cmpint (g_mkdir_with_parents (in, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfDec) dec = cf_test_dec_new ();
      g_autofree char *name = g_strdup_printf ("dec-%03u.xml", i);
      g_autofree char *folio = g_strdup_printf ("F-%04u", i);

      cf_dec_set (dec, CF_DEC_FIELD_FOLIO_CONTROL, folio);
      if (i == bad)
        cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "9.99");
      g_ptr_array_add (paths, write_dec (in, name, dec));
    }
  g_ptr_array_add (paths, NULL);
  return (GStrv) g_ptr_array_free (paths, FALSE);
}

/* The output folder holds exactly @n complete, verified files. */
static void
assert_outputs_complete (const char *out,
                         guint       n)
{
  g_autoptr(GDir) d = g_dir_open (out, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CfSealVerification) v = NULL;

      /* No temporary files left behind. */
      g_assert_true (g_str_has_prefix (name, "dec-") && g_str_has_suffix (name, ".xml"));
      v = cf_sealer_verify_file (path, &error);
      g_assert_no_error (error);
      g_assert_true (cf_seal_verification_is_valid (v));
      count++;
    }
  g_assert_cmpuint (count, ==, n);
}

static void
test_batch (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_auto(GStrv) inputs = write_batch (dir, 50, 17);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  CfSealProgress summary;
  ProgressLog log = { 0 };

  log.thread = g_thread_self ();
  results = cf_sealer_seal_files (f->sealer, (const char * const *) inputs, out, 2,
                                  on_progress, &log, &summary, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 50);
  g_assert_cmpuint (summary.total, ==, 50);
  g_assert_cmpuint (summary.sealed, ==, 49);
  g_assert_cmpuint (summary.refused, ==, 1);
  g_assert_cmpuint (summary.cancelled, ==, 0);
  g_assert_cmpuint (log.last_done, ==, 50);
  g_assert_cmpuint (log.calls, >=, 1);

  for (guint i = 0; i < results->len; i++)
    {
      CfSealResult *r = g_ptr_array_index (results, i);

      g_assert_cmpstr (cf_seal_result_get_input (r), ==, inputs[i]);
      if (i == 17)
        {
          const GError *e = cf_seal_result_get_error (r);

          g_assert_cmpint (cf_seal_result_get_status (r), ==, CF_SEAL_STATUS_REFUSED);
          g_assert_error ((GError *) e, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID);
          g_assert_nonnull (strstr (e->message, "9.99"));
          g_assert_null (cf_seal_result_get_output (r));
          g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (cf_seal_result_get_findings (r), 0)), ==, "totals.promedio");
        }
      else
        {
          g_assert_cmpint (cf_seal_result_get_status (r), ==, CF_SEAL_STATUS_SEALED);
          g_assert_null (cf_seal_result_get_error (r));
          g_assert_true (g_file_test (cf_seal_result_get_output (r), G_FILE_TEST_IS_REGULAR));
        }
    }
  assert_outputs_complete (out, 49);

  cf_test_rmdir (dir);
}

static void
test_batch_cancel (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *in = g_build_filename (dir, "in", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autofree char *one = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CfSealProgress summary;
  ProgressLog log = { 0 };
  guint sealed = 0, cancelled = 0;
  const guint n = 2000;

  /* Many inputs, cheaply: links to one document. Far more than can be
   * sealed before the second progress report, when the run is cancelled. */
  g_assert_cmpint (g_mkdir (in, 0755), ==, 0);
  one = write_dec (dir, "one.xml", dec);
  for (guint i = 0; i < n; i++)
    {
      char *path = g_strdup_printf ("%s/dec-%04u.xml", in, i);

      g_assert_cmpint (symlink (one, path), ==, 0);
      g_ptr_array_add (inputs, path);
    }
  g_ptr_array_add (inputs, NULL);

  log.thread = g_thread_self ();
  log.cancellable = cancellable;
  log.cancel_after = 1;
  results = cf_sealer_seal_files (f->sealer, (const char * const *) inputs->pdata, out, 2,
                                  on_progress, &log, &summary, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.cancelled, >, 0);
  g_assert_cmpuint (summary.sealed, >, 0);
  g_assert_cmpuint (summary.sealed + summary.cancelled, ==, n);

  for (guint i = 0; i < results->len; i++)
    {
      CfSealResult *r = g_ptr_array_index (results, i);

      if (cf_seal_result_get_status (r) == CF_SEAL_STATUS_SEALED)
        sealed++;
      else
        {
          g_assert_cmpint (cf_seal_result_get_status (r), ==, CF_SEAL_STATUS_CANCELLED);
          g_assert_null (cf_seal_result_get_error (r));
          cancelled++;
        }
    }
  g_assert_cmpuint (sealed, ==, summary.sealed);
  g_assert_cmpuint (cancelled, ==, summary.cancelled);
  /* Every file there is whole; nothing half-written, no temporary file. */
  assert_outputs_complete (out, sealed);

  cf_test_rmdir (dir);
}

static void
test_batch_duplicate_names (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *other = g_build_filename (dir, "other", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *inputs[3];

  g_assert_cmpint (g_mkdir (other, 0755), ==, 0);
  a = write_dec (dir, "dec-1.xml", dec);
  b = write_dec (other, "dec-1.xml", dec);
  inputs[0] = a;
  inputs[1] = b;
  inputs[2] = NULL;

  results = cf_sealer_seal_files (f->sealer, inputs, out, 0, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_seal_result_get_status (g_ptr_array_index (results, 0)), ==, CF_SEAL_STATUS_SEALED);
  g_assert_cmpint (cf_seal_result_get_status (g_ptr_array_index (results, 1)), ==, CF_SEAL_STATUS_REFUSED);
  g_assert_error ((GError *) cf_seal_result_get_error (g_ptr_array_index (results, 1)),
                  CF_SEALER_ERROR, CF_SEALER_ERROR_DUPLICATE_NAME);

  cf_test_rmdir (dir);
}

typedef struct
{
  GMainLoop      *loop;
  GPtrArray      *results;
  CfSealProgress  summary;
  guint           progress_calls;
  gboolean        destroyed;
} AsyncData;

static void
on_async_progress (const CfSealProgress *progress,
                   gpointer              user_data)
{
  AsyncData *data = user_data;

  /* Delivered in the caller's main context, this thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  data->progress_calls++;
}

static void
on_async_destroy (gpointer user_data)
{
  AsyncData *data = user_data;

  data->destroyed = TRUE;
}

static void
on_sealed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->results = cf_sealer_seal_files_finish (CF_SEALER (source), result, &data->summary, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
test_batch_async (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_auto(GStrv) inputs = write_batch (dir, 10, G_MAXUINT);
  AsyncData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  cf_sealer_seal_files_async (f->sealer, (const char * const *) inputs, out, 2,
                              on_async_progress, &data, on_async_destroy,
                              NULL, on_sealed_cb, &data);
  g_main_loop_run (data.loop);
  /* Let queued progress deliveries run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_nonnull (data.results);
  g_assert_cmpuint (data.results->len, ==, 10);
  g_assert_cmpuint (data.summary.sealed, ==, 10);
  g_assert_cmpuint (data.progress_calls, >=, 1);
  g_assert_true (data.destroyed);
  assert_outputs_complete (out, 10);

  g_ptr_array_unref (data.results);
  g_main_loop_unref (data.loop);
  cf_test_rmdir (dir);
}

/* An authenticated file as SEP returns it: Dreoe and SepIpes read and shown. */
static void
test_sep_nodes (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "sealed.xml", NULL);
  g_autofree char *in = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sep = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(CfDec) sealed_dec = NULL;
  g_autoptr(CfSealVerification) v = NULL;
  GString *s;

  in = write_dec (dir, "in.xml", dec);
  g_assert_true (cf_sealer_seal_file (f->sealer, in, out, NULL, &error));
  g_assert_no_error (error);
  sealed_dec = cf_dec_xml_read_file (out, &error);
  g_assert_no_error (error);

  text = read_text (out);
  s = g_string_new (text);
  sep = g_strdup_printf ("<Dreoe fechaDreoe=\"2023-07-12T10:00:00\" selloDec=\"%s\" noCertificadoDreoe=\"00001000000500000001\""
                         " curp=\"GOMC850312HDFNRR09\" nombreCompleto=\"FUNCIONARIO SEP\" idCargo=\"1\" selloDreoe=\"QUJD\"/>"
                         "<SepIpes version=\"1.0\" folioDigital=\"3f1c7a2e-0000-4000-8000-000000000001\""
                         " fechaSepIpes=\"2023-07-12T10:00:01\" selloDreoe=\"QUJD\" noCertificadoSepIpes=\"00001000000500000002\""
                         " selloSepIpes=\"REVG\"/></Dec>",
                         cf_dec_get (sealed_dec, CF_DEC_FIELD_SELLO));
  g_assert_cmpuint (g_string_replace (s, "</Dec>", sep, 1), ==, 1);
  g_assert_true (g_file_set_contents (out, s->str, s->len, NULL));
  g_string_free (s, TRUE);

  v = cf_sealer_verify_file (out, &error);
  g_assert_no_error (error);
  g_assert_true (cf_seal_verification_is_valid (v));
  g_assert_cmpstr (cf_dec_get (cf_seal_verification_get_dec (v), CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL),
                   ==, "3f1c7a2e-0000-4000-8000-000000000001");
  json = cf_seal_verification_to_json (v);
  g_assert_nonnull (strstr (json, "\"folioDigital\":\"3f1c7a2e-0000-4000-8000-000000000001\""));
  g_assert_nonnull (strstr (json, "\"noCertificadoDreoe\":\"00001000000500000001\""));

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Files as other programs write them                                  */
/* ------------------------------------------------------------------ */

static char *
other_writer_text (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "dec", "example-3.0-other.xml", NULL);

  return read_text (path);
}

/* The sealed file is the input byte for byte (BOM, comments, prefixes,
 * attribute order, line breaks), but for the three seal values. */
static void
test_seal_keeps_input_bytes (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *in = g_build_filename (dir, "other.xml", NULL);
  g_autofree char *out = g_build_filename (dir, "sealed.xml", NULL);
  g_autofree char *text = other_writer_text ();
  g_autofree char *sealed_text = NULL;
  g_autofree char *cadena = NULL;
  g_autofree char *sello_attr = NULL;
  g_autofree char *cert_attr = NULL;
  g_autofree char *number_attr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) sealed = NULL;
  g_autoptr(CfSealVerification) v = NULL;
  GString *expected = g_string_new (text);

  g_assert_true (g_file_set_contents (in, text, -1, NULL));
  g_assert_true (cf_sealer_seal_file (f->sealer, in, out, NULL, &error));
  g_assert_no_error (error);

  sealed = cf_dec_xml_read_file (out, &error);
  g_assert_no_error (error);
  sello_attr = g_strdup_printf ("sello=\"%s\"", cf_dec_get (sealed, CF_DEC_FIELD_SELLO));
  cert_attr = g_strdup_printf ("certificadoResponsable=\"%s\"", cf_dec_get (sealed, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE));
  number_attr = g_strdup_printf ("noCertificadoResponsable=\"%s\"", cf_certificate_get_number (f->certificate));

  /* Each empty value filled in place ("sello" is also the end of the
   * other two names: placeholders first). */
  g_assert_cmpuint (g_string_replace (expected, " noCertificadoResponsable=\"\"", " @1@", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (expected, " certificadoResponsable=\"\"", " @2@", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (expected, " sello=\"\"", " @3@", 1), ==, 1);
  g_string_replace (expected, "@1@", number_attr, 1);
  g_string_replace (expected, "@2@", cert_attr, 1);
  g_string_replace (expected, "@3@", sello_attr, 1);
  sealed_text = read_text (out);
  g_assert_cmpstr (sealed_text, ==, expected->str);
  g_string_free (expected, TRUE);

  v = cf_sealer_verify_file (out, &error);
  g_assert_no_error (error);
  g_assert_true (cf_seal_verification_is_valid (v));
  cadena = cf_cadena_from_file (out, &error);
  g_assert_no_error (error);
  assert_openssl_verifies (dir, f->cer, cadena, cf_dec_get (sealed, CF_DEC_FIELD_SELLO));

  cf_test_rmdir (dir);
}

/* Valid files the reader's structure check leaves to the XSD (a schema
 * location, a DOCTYPE, a date with a time zone) and files that cannot be
 * edited byte by byte (UTF-16) are sealed all the same; invalid ones with
 * the same oddities are refused with the XSD's findings. */
static void
test_seal_unusual_files (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *text = other_writer_text ();
  g_autofree char *utf16 = NULL;
  gsize utf16_len = 0;
  struct
  {
    const char *name;
    char       *content;
    gsize       length;
    gboolean    valid;
  } cases[] = {
    { "schema-location.xml", NULL, 0, TRUE },
    { "doctype.xml", NULL, 0, TRUE },
    { "time-zone.xml", NULL, 0, TRUE },
    { "utf16.xml", NULL, 0, TRUE },
    { "doctype-invalid.xml", NULL, 0, FALSE },
    { "schema-location-invalid.xml", NULL, 0, FALSE },
  };
  GString *s;

  s = g_string_new (text);
  g_assert_cmpuint (g_string_replace (s, "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
                                      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"https://www.siged.sep.gob.mx/certificados/ dec.xsd\"", 1), ==, 1);
  cases[0].content = g_string_free (s, FALSE);

  s = g_string_new (text);
  g_assert_cmpuint (g_string_replace (s, "<!-- written by another system -->", "<!DOCTYPE dec:Dec>", 1), ==, 1);
  cases[1].content = g_string_free (s, FALSE);

  s = g_string_new (text);
  g_assert_cmpuint (g_string_replace (s, "fechaExpedicion=\"2018-04-09T00:00:00\"", "fechaExpedicion=\"2018-04-09T00:00:00-06:00\"", 1), ==, 1);
  cases[2].content = g_string_free (s, FALSE);

  /* UTF-16 with its BOM and declaration, converted from the UTF-8 text. */
  s = g_string_new (text + 3);
  g_assert_cmpuint (g_string_replace (s, "encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1), ==, 1);
  utf16 = g_convert (s->str, -1, "UTF-16", "UTF-8", NULL, &utf16_len, NULL);
  g_string_free (s, TRUE);
  g_assert_nonnull (utf16);
  cases[3].content = g_memdup2 (utf16, utf16_len);
  cases[3].length = utf16_len;

  s = g_string_new (cases[1].content);
  g_assert_cmpuint (g_string_replace (s, " numeroControl=\"A17000123\"", "", 1), ==, 1);
  cases[4].content = g_string_free (s, FALSE);

  s = g_string_new (cases[0].content);
  g_assert_cmpuint (g_string_replace (s, " idCarrera=\"14\"", "", 1), ==, 1);
  cases[5].content = g_string_free (s, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *in = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *out = g_build_filename (dir, "sealed.xml", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      gsize length = cases[i].length != 0 ? cases[i].length : strlen (cases[i].content);

      g_test_message ("%s", cases[i].name);
      g_unlink (out);
      g_assert_true (g_file_set_contents (in, cases[i].content, length, NULL));
      if (cases[i].valid)
        {
          g_autoptr(CfSealVerification) v = NULL;

          g_assert_true (cf_sealer_seal_file (f->sealer, in, out, &findings, &error));
          g_assert_no_error (error);
          v = cf_sealer_verify_file (out, &error);
          g_assert_no_error (error);
          g_assert_true (cf_seal_verification_is_valid (v));
        }
      else
        {
          g_assert_false (cf_sealer_seal_file (f->sealer, in, out, &findings, &error));
          g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_INVALID);
          g_assert_nonnull (findings);
          g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (findings, 0)), ==, "schema.missing-attribute");
          g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
        }
      g_free (cases[i].content);
    }

  cf_test_rmdir (dir);
}

/* One worker through good, malformed and odd files in turn: what one file
 * leaves in the worker's reader never shows in the next. */
static void
test_batch_mixed_files (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *text = other_writer_text ();
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *contents[] = {
    text,
    "<dec:Dec xmlns:dec=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\"><dec:Rvoe",
    "<dec:Dec version=\"3.0\"/>",
    text,
    "<!DOCTYPE d [<!ENTITY a \"aaaa\">]><Dec/>",
    text,
  };
  /* The expected refusal, or -1 for sealed. */
  const int expected[] = {
    -1, CF_DEC_XML_ERROR_MALFORMED, CF_DEC_XML_ERROR_NOT_A_DEC, -1, CF_DEC_XML_ERROR_ENTITIES, -1,
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      char *path = g_strdup_printf ("%s/file-%u.xml", dir, i);

      g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      g_ptr_array_add (inputs, path);
    }
  g_ptr_array_add (inputs, NULL);

  results = cf_sealer_seal_files (f->sealer, (const char * const *) inputs->pdata, out, 1,
                                  NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      CfSealResult *r = g_ptr_array_index (results, i);

      if (expected[i] < 0)
        {
          g_autoptr(CfSealVerification) v = NULL;

          g_assert_cmpint (cf_seal_result_get_status (r), ==, CF_SEAL_STATUS_SEALED);
          v = cf_sealer_verify_file (cf_seal_result_get_output (r), &error);
          g_assert_no_error (error);
          g_assert_true (cf_seal_verification_is_valid (v));
        }
      else
        {
          g_assert_cmpint (cf_seal_result_get_status (r), ==, CF_SEAL_STATUS_REFUSED);
          g_assert_error ((GError *) cf_seal_result_get_error (r), CF_DEC_XML_ERROR, expected[i]);
        }
    }

  cf_test_rmdir (dir);
}

/* Anyone can make a certificate with the Responsable's CURP and SAT's name
 * as its issuer: the seal matches it, but it is not trusted (issue 11). */
static void
test_forged_signer (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *src = cf_test_source_trust_dir ();
  g_autofree char *ac5 = g_build_filename (src, "AC5_SAT.cer", NULL);
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *forger = NULL;
  g_autofree char *forged = g_build_filename (dir, "forged.cer", NULL);
  g_autofree char *empty_dir = g_build_filename (dir, "empty", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfTrust) sat = cf_trust_new ();
  g_autoptr(CfTrust) none = cf_trust_new ();
  CfTestCertSpec spec = {
    .curp = SIGNER_CURP,
    .days_from_now_start = -3650,
    .days_valid = 7300,
  };

  g_assert_true (cf_test_generate_cert (dir, "self", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  forger = cf_test_make_ca (dir, "forger", ac5);
  cf_test_issue_by (cer, forger, forged);
  g_assert_cmpuint (cf_trust_add_folder (sat, src), >=, 12);
  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  cf_trust_add_folder (none, empty_dir);

  for (guint i = 0; i < 2; i++)
    {
      const char *path = i == 0 ? cer : forged;
      g_autoptr(CfCertificate) certificate = cf_certificate_new_from_file (path, &error);
      g_autoptr(CfPrivateKey) private_key = NULL;
      g_autoptr(CfSealer) sealer = NULL;
      g_autoptr(CfDec) dec = cf_test_dec_new ();
      g_autoptr(CfSealVerification) v = NULL;
      g_autoptr(CfSealVerification) against_sat = NULL;
      g_autoptr(CfSealVerification) against_none = NULL;
      g_autofree char *json = NULL;

      g_assert_no_error (error);
      private_key = cf_private_key_new_from_file (key, "12345678a", &error);
      g_assert_no_error (error);
      sealer = sealer_new (certificate, private_key, &error);
      g_assert_no_error (error);
      /* Sealing does not stop it (the signer forces it)… */
      g_assert_true (cf_sealer_seal (sealer, dec, &error));
      g_assert_no_error (error);

      /* …but it never verifies as valid: not under this run's anchors, */
      v = cf_sealer_verify_dec (dec);
      g_assert_false (cf_seal_verification_is_valid (v));
      g_assert_cmpint (cf_seal_verification_get_status (v), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
      g_assert_cmpstr (cf_seal_verification_get_result (v), ==, "not-trusted");
      g_assert_true (cf_seal_verification_seal_matches (v));
      g_assert_true (has_finding (v, CF_FINDING_SEAL_NOT_TRUSTED, "not issued by SAT"));
      json = cf_seal_verification_to_json (v);
      g_assert_nonnull (strstr (json, "\"result\":\"not-trusted\""));
      g_assert_nonnull (strstr (json, "\"seal_matches\":true"));

      /* nor under SAT's own (the forgery's signature is not AC5's), */
      against_sat = cf_sealer_verify_dec_with_trust (dec, sat);
      g_assert_cmpint (cf_seal_verification_get_status (against_sat), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
      if (i == 1)
        g_assert_true (has_finding (against_sat, CF_FINDING_SEAL_NOT_TRUSTED, "AUTORIDAD CERTIFICADORA"));

      /* and an empty trust folder is a warning, never a pass. */
      against_none = cf_sealer_verify_dec_with_trust (dec, none);
      g_assert_cmpint (cf_seal_verification_get_status (against_none), ==, CF_SEAL_VERIFICATION_NOT_TRUSTED);
      g_assert_true (has_finding (against_none, CF_FINDING_SEAL_TRUST_ANCHORS, "no certificate"));
    }

  cf_test_rmdir (dir);
}


static void
on_signer_checked (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
check_signer_async (CfSealer  *sealer,
                    GStrv     *warnings,
                    GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cf_sealer_check_signer_async (sealer, NULL, on_signer_checked, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cf_sealer_check_signer_finish (sealer, result, warnings, error);
}

/* Before a batch the signer is checked: good → no warning; nobody to ask
 * → refused until accepted, and then sealed only with a bitácora to record
 * it in; a CA nobody trusts → refused. Nothing is written when refused. */
static void
test_check_signer (void)
{
  Fixture *f = get_fixture ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *store_path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u/", cf_test_free_port ());
  g_auto(GStrv) inputs = write_batch (dir, 3, G_MAXUINT);
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfTrust) nobody = cf_trust_new ();
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;

  g_assert_true (check_signer_async (f->sealer, &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (warnings), ==, 0);
  g_clear_pointer (&warnings, g_strfreev);

  sealer = sealer_new (f->certificate, f->private_key, &error);
  g_assert_no_error (error);
  cf_sealer_set_ocsp_url (sealer, closed);
  g_assert_false (check_signer_async (sealer, &warnings, &error));
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_clear_error (&error);
  results = cf_sealer_seal_files (sealer, (const char * const *) inputs, out, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_null (results);
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Accepted (the person was asked), but with no bitácora: still nothing. */
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  g_assert_true (check_signer_async (sealer, &warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "bitácora"));
  results = cf_sealer_seal_files (sealer, (const char * const *) inputs, out, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_null (results);
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_AUDIT);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  context = cf_context_new (store, NULL);
  cf_sealer_set_context (sealer, context);
  results = cf_sealer_seal_files (sealer, (const char * const *) inputs, out, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpint (cf_seal_result_get_status (g_ptr_array_index (results, 0)), ==, CF_SEAL_STATUS_SEALED);
  entries = cf_audit_repo_list (store, NULL, NULL, "signer", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((CfAuditEntry *) g_ptr_array_index (entries, 0))->action, ==, "seal-unchecked");
  g_assert_cmpstr (((CfAuditEntry *) g_ptr_array_index (entries, 0))->entity_id, ==,
                   cf_certificate_get_number (f->certificate));
  g_assert_nonnull (strstr (((CfAuditEntry *) g_ptr_array_index (entries, 0))->old_value, "127.0.0.1"));

  /* No CA trusted at all: not issued by SAT, whatever else is accepted. */
  cf_sealer_set_trust (sealer, nobody);
  g_clear_pointer (&warnings, g_strfreev);
  g_assert_false (cf_sealer_check_signer (sealer, NULL, &warnings, &error));
  g_assert_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_NOT_TRUSTED);

  cf_test_rmdir (dir);
}

/* SAT's FIEL test fixture chains to one of SAT's test CAs: the check
 * before a batch lets it seal, always with a "test" warning. (Nobody
 * answers about its revocation here: that is accepted.) */
static void
test_check_signer_test_ca (void)
{
  g_autofree char *cer = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autofree char *key = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/private_key.key");
  g_autofree char *pass_file = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/password.txt");
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u/", cf_test_free_port ());
  g_autofree char *password = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfPrivateKey) private_key = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) warnings = NULL;
  gboolean test_warning = FALSE;

  if (cer == NULL || key == NULL || pass_file == NULL)
    {
      g_test_skip ("SAT test certificates not present");
      return;
    }
  g_assert_true (g_file_get_contents (pass_file, &password, NULL, NULL));
  g_strchomp (password);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  private_key = cf_private_key_new_from_file (key, password, &error);
  g_assert_no_error (error);
  sealer = sealer_new (certificate, private_key, &error);
  g_assert_no_error (error);

  cf_sealer_set_ocsp_url (sealer, closed);
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
  g_assert_true (cf_sealer_check_signer (sealer, NULL, &warnings, &error));
  g_assert_no_error (error);
  for (guint i = 0; warnings[i] != NULL; i++)
    test_warning |= strstr (warnings[i], "TEST") != NULL;
  g_assert_true (test_warning);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  trust_dir_setup ();

  g_test_add_func ("/core/sealer/known-answer-fiel", test_known_answer_fiel);
  g_test_add_func ("/core/sealer/seal-and-verify", test_seal_and_verify);
  g_test_add_func ("/core/sealer/forged-signer", test_forged_signer);
  g_test_add_func ("/core/sealer/tampering", test_tampering);
  g_test_add_func ("/core/sealer/refuse-csd", test_refuse_csd);
  g_test_add_func ("/core/sealer/refuse-dates", test_refuse_dates);
  g_test_add_func ("/core/sealer/refuse-curp", test_refuse_curp);
  g_test_add_func ("/core/sealer/verify-ca-at-issue-date", test_verify_ca_at_issue_date);
  g_test_add_func ("/core/sealer/bad-inputs", test_bad_inputs);
  g_test_add_func ("/core/sealer/batch", test_batch);
  g_test_add_func ("/core/sealer/batch-cancel", test_batch_cancel);
  g_test_add_func ("/core/sealer/batch-duplicate-names", test_batch_duplicate_names);
  g_test_add_func ("/core/sealer/batch-async", test_batch_async);
  g_test_add_func ("/core/sealer/sep-nodes", test_sep_nodes);
  g_test_add_func ("/core/sealer/keeps-input-bytes", test_seal_keeps_input_bytes);
  g_test_add_func ("/core/sealer/unusual-files", test_seal_unusual_files);
  g_test_add_func ("/core/sealer/batch-mixed-files", test_batch_mixed_files);
  g_test_add_func ("/core/sealer/check-signer", test_check_signer);
  g_test_add_func ("/core/sealer/check-signer-test-ca", test_check_signer_test_ca);

  ret = g_test_run ();
  cf_test_ocsp_stop_responder (responder);
  g_free (responder_url);
  g_clear_pointer (&shared, fixture_free);
  cf_test_rmdir (trust_dir);
  g_free (trust_dir);
  g_free (test_ca);
  return ret;
}
