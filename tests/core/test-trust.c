/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trust anchors: the shipped SAT CAs still match their fingerprints (and
 * SAT's inventory when it is beside the project), a forged certificate in
 * SAT's name does not chain, a CA the test makes does when it is given, SAT's
 * test CAs give "trusted-test", and an empty folder is a warning. */
#include <string.h>

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cf-efirma.h"
#include "cf-test-ca.h"
#include "cf-trust.h"

/* The SHA-256 of a certificate file's DER (PEM or DER on disk). */
static char *
der_sha256 (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = cf_certificate_new_from_bytes (bytes, &error);
  GBytes *der;

  if (certificate == NULL)
    {
      /* Not an e.firma (CAs have no RFC): compute from the PEM body. */
      const char *text = g_bytes_get_data (bytes, NULL);
      gsize len = g_bytes_get_size (bytes);

      if (len > 5 && memcmp (text, "-----", 5) == 0)
        {
          g_autofree char *copy = g_strndup (text, len);
          char *begin = strchr (copy, '\n');
          char *end = strstr (copy, "-----END");
          gsize raw_len = 0;
          g_autofree guchar *raw = NULL;

          g_assert_nonnull (begin);
          g_assert_nonnull (end);
          *end = '\0';
          raw = g_base64_decode (begin + 1, &raw_len);
          return g_compute_checksum_for_data (G_CHECKSUM_SHA256, raw, raw_len);
        }
      return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
    }
  der = cf_certificate_get_der (certificate);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
}

static void
test_fingerprints (void)
{
  g_autofree char *dir = cf_test_source_trust_dir ();
  g_autofree char *sums_path = g_build_filename (dir, "SHA256SUMS", NULL);
  g_autofree char *sums = NULL;
  g_autofree char *inventory = NULL;
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  guint checked = 0;
  guint certificates = 0;

  g_assert_true (g_file_get_contents (sums_path, &sums, NULL, NULL));
  if (sat_ca != NULL)
    {
      g_autofree char *readme = g_build_filename (sat_ca, "README.md", NULL);

      g_file_get_contents (readme, &inventory, NULL, NULL);
    }

  lines = g_strsplit (sums, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *file = NULL;
      g_autofree char *resource = NULL;
      g_autofree char *actual = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) compiled = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      parts = g_strsplit (lines[i], "  ", 2);
      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      g_assert_cmpuint (strlen (parts[0]), ==, 64);

      file = g_build_filename (dir, parts[1], NULL);
      bytes = cf_test_read_file (file);

      /* The copy compiled into the core is the same file. */
      resource = g_strconcat ("/io/github/certifica/core/trust/", parts[1], NULL);
      compiled = g_resources_lookup_data (resource, 0, NULL);
      g_assert_nonnull (compiled);
      g_assert_true (g_bytes_equal (compiled, bytes));

      actual = der_sha256 (bytes);
      g_assert_cmpstr (actual, ==, parts[0]);

      /* SAT's inventory lists the same fingerprint (its first 16 digits). */
      if (inventory != NULL)
        {
          g_autofree char *row = g_strdup_printf ("`production/%s`", parts[1]);
          g_autofree char *prefix = g_ascii_strup (parts[0], 16);
          const char *at = strstr (inventory, row);
          const char *eol;

          g_assert_nonnull (at);
          eol = strchr (at, '\n');
          g_assert_nonnull (g_strstr_len (at, eol - at, prefix));
        }
      checked++;
    }

  /* Every shipped certificate is listed. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".cer") || g_str_has_suffix (name, ".crt") || g_str_has_suffix (name, ".pem"))
      {
        g_autofree char *needle = g_strdup_printf ("  %s\n", name);

        g_assert_nonnull (strstr (sums, needle));
        certificates++;
      }
  g_assert_cmpuint (checked, ==, certificates);
  g_assert_cmpuint (checked, >=, 16);
}

/* SAT's test CAs listed as such are the files of sat-ca/test. */
static void
test_test_ca_fingerprints (void)
{
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_autofree char *dir = cf_test_source_trust_dir ();
  g_autofree char *list_path = g_build_filename (dir, "test-cas.sha256", NULL);
  g_autofree char *list = NULL;
  g_autofree char *test_dir = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (sat_ca == NULL)
    {
      g_test_skip ("SAT's CA folder not found beside the fixtures");
      return;
    }
  g_assert_true (g_file_get_contents (list_path, &list, NULL, NULL));
  test_dir = g_build_filename (sat_ca, "test", NULL);
  listing = g_dir_open (test_dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (test_dir, name, NULL);
      g_autoptr(GBytes) bytes = cf_test_read_file (path);
      g_autofree char *sum = der_sha256 (bytes);
      g_autofree char *line = g_strdup_printf ("%s  %s", sum, name);

      g_assert_nonnull (strstr (list, line));
    }
}

static void
test_bundled (void)
{
  g_autoptr(CfTrust) trust = NULL;

  g_unsetenv ("CERTIFICA_TRUST_DIR");
  trust = cf_trust_new_default ();
  g_assert_cmpuint (cf_trust_get_n_anchors (trust), >=, 12);
  g_assert_cmpuint (cf_trust_get_warnings (trust)->len, ==, 0);
}

static void
test_chains (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *src = cf_test_source_trust_dir ();
  g_autofree char *ac5 = g_build_filename (src, "AC5_SAT.cer", NULL);
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *forger = NULL;
  g_autofree char *issued = g_build_filename (dir, "issued.cer", NULL);
  g_autofree char *forged = g_build_filename (dir, "forged.cer", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfTrust) sat = NULL;
  g_autoptr(CfTrust) mine = cf_trust_new ();
  g_autoptr(CfTrust) empty = cf_trust_new ();
  g_autoptr(CfCertificate) self_signed = NULL;
  g_autoptr(CfCertificate) by_ca = NULL;
  g_autoptr(CfCertificate) in_sat_name = NULL;
  CfTestCertSpec spec = { .curp = "PELM800101MDFRPR05" };
  char *reason = NULL;

  g_unsetenv ("CERTIFICA_TRUST_DIR");
  sat = cf_trust_new_default ();

  g_assert_true (cf_test_generate_cert (dir, "fiel", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  ca = cf_test_make_ca (dir, "Universidad CA", NULL);
  forger = cf_test_make_ca (dir, "forger", ac5);
  cf_test_issue_by (cer, ca, issued);
  cf_test_issue_by (cer, forger, forged);

  self_signed = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  by_ca = cf_certificate_new_from_file (issued, &error);
  g_assert_no_error (error);
  in_sat_name = cf_certificate_new_from_file (forged, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_certificate_get_kind (by_ca), ==, CF_EFIRMA_KIND_EFIRMA);
  g_assert_cmpstr (cf_certificate_get_issuer (in_sat_name), ==, "AUTORIDAD CERTIFICADORA");

  /* SAT's anchors: none of the three. */
  g_assert_cmpint (cf_trust_verify (sat, self_signed, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_nonnull (strstr (reason, "not issued by SAT"));
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (cf_trust_verify (sat, by_ca, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (cf_trust_verify (sat, in_sat_name, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_nonnull (strstr (reason, "not issued by SAT"));
  g_assert_nonnull (strstr (reason, "AUTORIDAD CERTIFICADORA"));
  g_clear_pointer (&reason, g_free);

  /* The CA given on purpose: its certificate only. */
  g_assert_true (cf_trust_add_file (mine, ca, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_trust_verify (mine, by_ca, &reason), ==, CF_TRUST_TRUSTED);
  g_assert_null (reason);
  g_assert_cmpint (cf_trust_verify (mine, self_signed, NULL), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_cmpint (cf_trust_verify (mine, in_sat_name, NULL), ==, CF_TRUST_NOT_TRUSTED);

  /* Not a certificate. */
  g_assert_false (cf_trust_add_file (mine, key, &error));
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_A_CERTIFICATE);
  g_clear_error (&error);

  /* No anchors at all never trusts. */
  g_assert_cmpint (cf_trust_verify (empty, by_ca, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_nonnull (strstr (reason, "no trust anchors"));
  g_clear_pointer (&reason, g_free);

  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* CAs with chosen dates (GnuTLS: openssl 3.0 sets notBefore to now)    */
/* ------------------------------------------------------------------ */

typedef struct
{
  gnutls_x509_crt_t      crt;
  gnutls_x509_privkey_t  key;
  char                  *pem;   /* @dir/FILE.pem, its key beside it as FILE.ca-key */
} DatedCa;

static time_t
days_from_now (int days)
{
  return (time_t) (g_get_real_time () / G_USEC_PER_SEC) + (time_t) days * 24 * 3600;
}

/* A CA named @cn, valid from @start to @end days from now, signed by
 * @issuer (NULL: self-signed); no key identifiers, as SAT's. Written where
 * cf_test_issue_by() looks for it. */
static DatedCa *
dated_ca_new (const char *dir,
              const char *file,
              const char *cn,
              int         start,
              int         end,
              DatedCa    *issuer)
{
  DatedCa *ca = g_new0 (DatedCa, 1);
  g_autofree char *dn = g_strdup_printf ("CN=%s,O=Certifica tests", cn);
  g_autofree char *key_path = g_strdup_printf ("%s/%s.ca-key", dir, file);
  g_autoptr(GError) error = NULL;
  gnutls_datum_t out = { NULL, 0 };
  guint8 serial[8];
  const char *err = NULL;

  ca->pem = g_strdup_printf ("%s/%s.pem", dir, file);
  g_assert_cmpint (gnutls_x509_privkey_init (&ca->key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (ca->key, GNUTLS_PK_RSA, 2048, 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&ca->crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_version (ca->crt, 3), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_dn (ca->crt, dn, &err), ==, 0);
  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (1, 256);
  serial[0] &= 0x7f;
  g_assert_cmpint (gnutls_x509_crt_set_serial (ca->crt, serial, sizeof serial), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_activation_time (ca->crt, days_from_now (start)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_expiration_time (ca->crt, days_from_now (end)), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key (ca->crt, ca->key), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_basic_constraints (ca->crt, 1, -1), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_set_key_usage (ca->crt, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_sign2 (ca->crt,
                                          issuer != NULL ? issuer->crt : ca->crt,
                                          issuer != NULL ? issuer->key : ca->key,
                                          GNUTLS_DIG_SHA256, 0), ==, 0);

  g_assert_cmpint (gnutls_x509_crt_export2 (ca->crt, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  g_file_set_contents (ca->pem, (const char *) out.data, out.size, &error);
  g_assert_no_error (error);
  gnutls_free (out.data);
  g_assert_cmpint (gnutls_x509_privkey_export2_pkcs8 (ca->key, GNUTLS_X509_FMT_PEM, NULL,
                                                       GNUTLS_PKCS_PLAIN, &out), ==, 0);
  g_file_set_contents (key_path, (const char *) out.data, out.size, &error);
  g_assert_no_error (error);
  gnutls_free (out.data);
  return ca;
}

static void
dated_ca_free (DatedCa *ca)
{
  gnutls_x509_crt_deinit (ca->crt);
  gnutls_x509_privkey_deinit (ca->key);
  g_free (ca->pem);
  g_free (ca);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DatedCa, dated_ca_free)

/* A generated e.firma that began @start days from now and lasted @days,
 * issued by @ca. */
static CfCertificate *
issued_between (const char *dir,
                const char *name,
                int         start,
                int         days,
                DatedCa    *ca)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *issued = g_strdup_printf ("%s/%s-issued.cer", dir, name);
  CfTestCertSpec spec = { .days_from_now_start = start + 1, .days_valid = days };
  CfCertificate *certificate;

  g_assert_true (cf_test_generate_cert (dir, name, &spec, &cer, &key, &error));
  g_assert_no_error (error);
  cf_test_issue_by (cer, ca->pem, issued);
  certificate = cf_certificate_new_from_file (issued, &error);
  g_assert_no_error (error);
  return certificate;
}

/* Each CA of the chain is checked at the date asked for, and of two CAs
 * with one name (as SAT's "A.C. del Servicio de Administración Tributaria"
 * AC1–AC4) the issuer is the one whose key made the signature, whatever
 * today's date says. */
static void
test_dates (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autoptr(CfTrust) trust = cf_trust_new ();
  g_autoptr(CfTrust) short_root = cf_trust_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) issue_date = g_date_time_add_days (now, -1500);
  g_autoptr(DatedCa) root = NULL;
  g_autoptr(DatedCa) old_ca = NULL;
  g_autoptr(DatedCa) new_ca = NULL;
  g_autoptr(DatedCa) expired_root = NULL;
  g_autoptr(DatedCa) under_expired = NULL;
  g_autoptr(CfCertificate) by_new = NULL;
  g_autoptr(CfCertificate) by_old = NULL;
  g_autoptr(CfCertificate) by_under_expired = NULL;
  g_autoptr(GError) error = NULL;
  char *reason = NULL;

  root = dated_ca_new (dir, "root", "Raiz de prueba", -4000, 4000, NULL);
  /* Expired before the e.firma below was issued. */
  old_ca = dated_ca_new (dir, "old", "AC de prueba", -4000, -2200, root);
  /* Valid when the e.firma was issued and used; expired today. */
  new_ca = dated_ca_new (dir, "new", "AC de prueba", -2000, -100, root);
  /* A root that had expired by the document's date, and its CA that had not. */
  expired_root = dated_ca_new (dir, "expired-root", "Raiz vencida", -4000, -1700, NULL);
  under_expired = dated_ca_new (dir, "under-expired", "AC bajo raiz vencida", -3000, 100, expired_root);

  /* The old one first: by name alone it is the one found. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (cf_trust_add_file (trust, (const char *[]) { old_ca->pem, new_ca->pem, root->pem }[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (cf_trust_add_file (short_root, expired_root->pem, &error));
  g_assert_true (cf_trust_add_file (short_root, under_expired->pem, &error));
  g_assert_no_error (error);

  /* An e.firma issued five years ago (still valid: openssl re-issues
   * only a certificate that has not expired). */
  by_new = issued_between (dir, "by-new", -1826, 2000, new_ca);
  by_old = issued_between (dir, "by-old", -1826, 2000, old_ca);
  by_under_expired = issued_between (dir, "by-under-expired", -1826, 2000, under_expired);

  /* Issued by the new CA, at the document's date: trusted, though that CA
   * has expired since and shares its name with the old one. */
  g_assert_cmpint (cf_trust_verify_at (trust, by_new, issue_date, &reason), ==, CF_TRUST_TRUSTED);
  g_assert_null (reason);
  g_assert_cmpint (cf_trust_verify (trust, by_new, &reason), ==, CF_TRUST_TRUSTED);
  g_assert_null (reason);

  /* Today its CA has expired. */
  g_assert_cmpint (cf_trust_verify_at (trust, by_new, now, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "AC de prueba"));
  g_assert_nonnull (strstr (reason, "was valid from"));
  g_clear_pointer (&reason, g_free);

  /* A certificate issued by a CA that had expired before the document. */
  g_assert_cmpint (cf_trust_verify_at (trust, by_old, issue_date, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_assert_nonnull (strstr (reason, "AC de prueba"));
  g_clear_pointer (&reason, g_free);
  /* Its chain itself is whole: only the dates refuse it. */
  g_assert_cmpint (cf_trust_verify (trust, by_old, NULL), ==, CF_TRUST_TRUSTED);

  /* The root counts too: expired at the document's date. */
  g_assert_cmpint (cf_trust_verify_at (short_root, by_under_expired, issue_date, &reason), ==, CF_TRUST_NOT_TRUSTED);
  g_test_message ("%s", reason);
  g_assert_nonnull (strstr (reason, "Raiz vencida"));
  g_clear_pointer (&reason, g_free);
  {
    g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -1800);

    g_assert_cmpint (cf_trust_verify_at (short_root, by_under_expired, earlier, NULL), ==, CF_TRUST_TRUSTED);
  }

  cf_test_rmdir (dir);
}

static void
test_folders (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *empty_dir = g_build_filename (dir, "empty", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *ca = NULL;
  g_autoptr(CfTrust) replaced = NULL;
  g_autoptr(CfTrust) nothing = NULL;
  g_autoptr(CfTrust) unreadable = NULL;

  g_assert_cmpint (g_mkdir (empty_dir, 0700), ==, 0);
  ca = cf_test_make_ca (dir, "Folder CA", NULL);

  /* CERTIFICA_TRUST_DIR replaces SAT's anchors. */
  g_setenv ("CERTIFICA_TRUST_DIR", dir, TRUE);
  replaced = cf_trust_new_default ();
  g_assert_cmpuint (cf_trust_get_n_anchors (replaced), ==, 1);

  /* An empty or unreadable folder is a warning, and trusts nothing. */
  g_setenv ("CERTIFICA_TRUST_DIR", empty_dir, TRUE);
  nothing = cf_trust_new_default ();
  g_assert_cmpuint (cf_trust_get_n_anchors (nothing), ==, 0);
  g_assert_cmpuint (cf_trust_get_warnings (nothing)->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (cf_trust_get_warnings (nothing), 0), "no certificate"));

  g_setenv ("CERTIFICA_TRUST_DIR", missing, TRUE);
  unreadable = cf_trust_new_default ();
  g_assert_cmpuint (cf_trust_get_n_anchors (unreadable), ==, 0);
  g_assert_nonnull (strstr (g_ptr_array_index (cf_trust_get_warnings (unreadable), 0), "cannot be read"));

  g_unsetenv ("CERTIFICA_TRUST_DIR");
  cf_test_rmdir (dir);
}

/* SAT's public test e.firma chains to SAT's test CAs: trusted-test. */
static void
test_sat_test_certificate (void)
{
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_autofree char *fiel = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autofree char *test_dir = NULL;
  g_autoptr(CfTrust) trust = cf_trust_new ();
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  if (sat_ca == NULL || fiel == NULL)
    {
      g_test_skip ("SAT fixtures or CA folder not found ($CF_FIXTURES_DIR)");
      return;
    }
  test_dir = g_build_filename (sat_ca, "test", NULL);
  g_assert_cmpuint (cf_trust_add_folder (trust, test_dir), >=, 4);
  certificate = cf_certificate_new_from_file (fiel, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_trust_verify (trust, certificate, NULL), ==, CF_TRUST_TRUSTED_TEST);

  /* Not under SAT's production anchors. */
  {
    g_autoptr(CfTrust) production = NULL;

    g_unsetenv ("CERTIFICA_TRUST_DIR");
    production = cf_trust_new_default ();
    g_assert_cmpint (cf_trust_verify (production, certificate, NULL), ==, CF_TRUST_NOT_TRUSTED);
  }
}

/* A real certificate SAT issued (a CSD of 2018, public part only) chains to
 * the shipped production CAs, found by the issuer's name. */
static void
test_real_sat_certificate (void)
{
  g_autofree char *cer = cf_test_fixture_path ("sat-test-certs/other/00001000000413053762.cer");
  g_autoptr(CfTrust) production = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  char *reason = NULL;

  if (cer == NULL)
    {
      g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
      return;
    }
  g_unsetenv ("CERTIFICA_TRUST_DIR");
  production = cf_trust_new_default ();
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_trust_verify (production, certificate, &reason), ==, CF_TRUST_TRUSTED);
  g_assert_null (reason);

  /* At a date of its use its CA (one of four of that name) and SAT's root
   * were valid; after its CA expired (May 2023) no document can be. */
  {
    g_autoptr(GDateTime) in_use = g_date_time_new_utc (2020, 6, 1, 12, 0, 0);
    g_autoptr(GDateTime) later = g_date_time_new_utc (2024, 6, 1, 12, 0, 0);

    g_assert_cmpint (cf_trust_verify_at (production, certificate, in_use, &reason), ==, CF_TRUST_TRUSTED);
    g_assert_null (reason);
    g_assert_cmpint (cf_trust_verify_at (production, certificate, later, &reason), ==, CF_TRUST_NOT_TRUSTED);
    g_test_message ("%s", reason);
    g_clear_pointer (&reason, g_free);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/trust/fingerprints", test_fingerprints);
  g_test_add_func ("/core/trust/test-ca-fingerprints", test_test_ca_fingerprints);
  g_test_add_func ("/core/trust/bundled", test_bundled);
  g_test_add_func ("/core/trust/chains", test_chains);
  g_test_add_func ("/core/trust/dates", test_dates);
  g_test_add_func ("/core/trust/folders", test_folders);
  g_test_add_func ("/core/trust/sat-test-certificate", test_sat_test_certificate);
  g_test_add_func ("/core/trust/real-sat-certificate", test_real_sat_certificate);
  return g_test_run ();
}
