/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Certificate authorities made by the tests (openssl), to issue the
 * generated e.firma certificates the way SAT does (no AKI, the issuer found
 * by name), and to forge one under SAT's own name. Header only: include it
 * in the test that needs it. */
#pragma once

#include <string.h>

#include "cf-test-util.h"

/* The folder of SAT's CA certificates beside the fixtures
 * ($CF_FIXTURES_DIR/../sat-ca), or NULL when absent. */
static G_GNUC_UNUSED char *
cf_test_sat_ca_dir (void)
{
  const char *fixtures = g_getenv ("CF_FIXTURES_DIR");
  g_autofree char *parent = NULL;
  g_autofree char *dir = NULL;

  if (fixtures == NULL || *fixtures == '\0')
    return NULL;
  parent = g_path_get_dirname (fixtures);
  dir = g_build_filename (parent, "sat-ca", NULL);
  return g_file_test (dir, G_FILE_TEST_IS_DIR) ? g_steal_pointer (&dir) : NULL;
}

/* data/trust/ in the source tree (G_TEST_SRCDIR is tests/). */
static G_GNUC_UNUSED char *
cf_test_source_trust_dir (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, "..", "data", "trust", NULL);
}

/* Writes @dir/NAME.pem (a CA certificate) and @dir/NAME.ca-key. With
 * @subject_of (a certificate file, PEM or DER) the CA has exactly that
 * certificate's subject, signed with a key of the test's own: a forgery. */
static G_GNUC_UNUSED char *
cf_test_make_ca (const char *dir,
                 const char *name,
                 const char *subject_of)
{
  g_autofree char *pem = g_strdup_printf ("%s/%s.pem", dir, name);
  g_autofree char *key = g_strdup_printf ("%s/%s.ca-key", dir, name);
  g_autofree char *err = NULL;
  const char *script =
    "set -e\n"
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out \"$2\" 2>/dev/null\n"
    "if [ -n \"$3\" ]; then\n"
    "  if openssl x509 -in \"$3\" -inform DER -noout 2>/dev/null; then f=DER; else f=PEM; fi\n"
    "  openssl x509 -in \"$3\" -inform $f -signkey \"$2\" -preserve_dates -out \"$1\"\n"
    "else\n"
    /* certtool, not openssl req: the CA must predate the documents the
     * tests seal (their issue dates lie years back), and openssl 3.0
     * cannot set notBefore. */
    "  t=$(mktemp)\n"
    "  printf 'cn = \"%s\"\\norganization = \"Certifica tests\"\\nca\\ncert_signing_key\\ncrl_signing_key\\n"
    "activation_date = \"2000-01-01 00:00:00\"\\nexpiration_date = \"2045-01-01 00:00:00\"\\n' \"$4\" > \"$t\"\n"
    "  certtool --generate-self-signed --load-privkey \"$2\" --template \"$t\" --outfile \"$1\" >/dev/null 2>&1\n"
    "  rm -f \"$t\"\n"
    "fi\n";
  const char * const argv[] = { "sh", "-c", script, "sh", pem, key,
                                subject_of != NULL ? subject_of : "", name, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
  return g_steal_pointer (&pem);
}

/* Re-issues @cer (DER) by the CA cf_test_make_ca() wrote at @ca_pem: same
 * subject, key, serial and dates, issuer the CA's subject, no key
 * identifiers (as SAT's); written to @out (DER; may be @cer). */
static G_GNUC_UNUSED void
cf_test_issue_by (const char *cer,
                  const char *ca_pem,
                  const char *out)
{
  g_autofree char *key = g_strndup (ca_pem, strlen (ca_pem) - strlen (".pem"));
  g_autofree char *ca_key = g_strconcat (key, ".ca-key", NULL);
  g_autofree char *err = NULL;
  const char *script =
    "set -e\n"
    "ext=$(mktemp)\n"
    "trap 'rm -f \"$ext\" \"$ext.der\"' EXIT\n"
    "printf 'keyUsage=critical,digitalSignature,nonRepudiation,dataEncipherment,keyAgreement\\n"
    "extendedKeyUsage=emailProtection,clientAuth\\n' > \"$ext\"\n"
    "serial=$(openssl x509 -in \"$1\" -inform DER -noout -serial | cut -d= -f2)\n"
    "openssl x509 -in \"$1\" -inform DER -CA \"$2\" -CAkey \"$3\" -set_serial 0x$serial "
    "-preserve_dates -clrext -extfile \"$ext\" -outform DER -out \"$ext.der\"\n"
    "cp \"$ext.der\" \"$4\"\n";
  const char * const argv[] = { "sh", "-c", script, "sh", cer, ca_pem, ca_key, out, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
}

/* A signer's e.firma in @dir, as the sealing tests use it: fiel.cer and
 * fiel.key (CURP @curp, password "12345678a", valid from ten years ago for
 * twenty) issued by a new "Universidad CA" (@ca, its PEM: --trust-anchor). */
static G_GNUC_UNUSED void
cf_test_make_signer (const char  *dir,
                     const char  *curp,
                     char       **cer,
                     char       **key,
                     char       **ca)
{
  g_autoptr(GError) error = NULL;
  CfTestCertSpec spec = { .curp = curp, .days_from_now_start = -3650, .days_valid = 7300 };

  g_assert_true (cf_test_generate_cert (dir, "fiel", &spec, cer, key, &error));
  g_assert_no_error (error);
  *ca = cf_test_make_ca (dir, "Universidad CA", NULL);
  cf_test_issue_by (*cer, *ca, *cer);
}
