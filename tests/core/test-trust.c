/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trust anchors: the shipped SAT CAs still match their fingerprints (and
 * SAT's inventory when it is beside the project), a forged certificate in
 * SAT's name does not chain, a CA the test makes does when it is given, SAT's
 * test CAs give "trusted-test", and an empty folder is a warning. */
#include <string.h>

#include <glib/gstdio.h>

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
  g_test_add_func ("/core/trust/folders", test_folders);
  g_test_add_func ("/core/trust/sat-test-certificate", test_sat_test_certificate);
  g_test_add_func ("/core/trust/real-sat-certificate", test_real_sat_certificate);
  return g_test_run ();
}
