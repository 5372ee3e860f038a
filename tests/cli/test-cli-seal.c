/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli dec validate / seal / verify, run as a subprocess ($CF_CLI)
 * on real files, with a generated e.firma and OpenSSL as the referee. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cf-cadena.h"
#include "cf-dec-xml.h"
#include "cf-test-ca.h"
#include "cf-test-dec.h"
#include "cf-test-ocsp.h"
#include "cf-test-util.h"

#define SIGNER_CURP "PELM800101MDFRPR01"
#define PASSWORD "12345678a"

typedef struct
{
  char *dir;
  char *cer;
  char *key;
  char *ca;    /* the CA that issued cer: --trust-anchor */
  char *ocsp;  /* its revocation service, which says "good": --ocsp-url */
  GSubprocess *responder;
} Signer;

static Signer *shared;

static Signer *
get_signer (void)
{
  if (shared != NULL)
    return shared;
  shared = g_new0 (Signer, 1);
  shared->dir = cf_test_mkdtemp ();
  cf_test_make_signer (shared->dir, SIGNER_CURP, &shared->cer, &shared->key, &shared->ca);
  {
    g_autofree char *ca_key = g_build_filename (shared->dir, "Universidad CA.ca-key", NULL);

    shared->responder = cf_test_ocsp_serve_cert (shared->dir, shared->cer, shared->ca, ca_key,
                                                 FALSE, &shared->ocsp);
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

static void
test_validate (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autoptr(CfDec) good = cf_test_dec_new ();
  g_autoptr(CfDec) bad = cf_test_dec_new ();
  g_autoptr(CfDec) warned = cf_test_dec_new ();
  g_autofree char *good_path = NULL;
  g_autofree char *bad_path = NULL;
  g_autofree char *warned_path = NULL;
  g_autofree char *broken_path = g_build_filename (dir, "broken.xml", NULL);

  cf_dec_set (bad, CF_DEC_FIELD_ALUMNO_CURP, "GOMC850312HDFNRR08");
  cf_dec_set (warned, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "5");
  good_path = write_dec (dir, "good.xml", good);
  bad_path = write_dec (dir, "bad.xml", bad);
  warned_path = write_dec (dir, "warned.xml", warned);
  g_assert_true (g_file_set_contents (broken_path, "<Dec", -1, NULL));

  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", good_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "valid"));
  }

  /* A warning alone does not fail. */
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", warned_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "totals.total"));
    g_assert_nonnull (strstr (out, "/Dec/Asignaturas/@total"));
  }

  /* An error fails, and each file gets its own findings. */
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", good_path, bad_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 1);
    g_assert_nonnull (strstr (out, "curp.check-digit"));
    g_assert_nonnull (strstr (out, "/Dec/Alumno/@curp"));
  }

  /* JSON: one object per file; an unreadable file is an error, not a crash. */
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", "--json", good_path, bad_path, broken_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 1);
    g_assert_true (g_str_has_prefix (out, "[{\"file\":"));
    g_assert_nonnull (strstr (out, "\"valid\":true"));
    g_assert_nonnull (strstr (out, "\"code\":\"curp.check-digit\""));
    g_assert_nonnull (strstr (out, "\"severity\":\"error\""));
    g_assert_nonnull (strstr (out, "broken.xml\",\"valid\":false,\"error\":\""));
  }

  /* The plan's figures as options. */
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", "--plan-credits", "320", good_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "totals.total-creditos"));
  }

  /* Usage errors. */
  {
    const char * const argv[] = { cf_test_cli_path (), "dec", "validate", NULL };
    const char * const argv2[] = { cf_test_cli_path (), "dec", "validate", "--total-rule", "nope", good_path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, NULL), ==, 2);
    g_assert_cmpint (cf_test_spawn (argv2, NULL, NULL, NULL), ==, 2);
  }

  cf_test_rmdir (dir);
}

static void
test_seal_and_verify (void)
{
  Signer *s = get_signer ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *in = g_build_filename (dir, "in", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const guint n = 50;

  g_assert_cmpint (g_mkdir (in, 0755), ==, 0);
  g_ptr_array_add (argv, g_strdup (cf_test_cli_path ()));
  g_ptr_array_add (argv, g_strdup ("dec"));
  g_ptr_array_add (argv, g_strdup ("seal"));
  g_ptr_array_add (argv, g_strdup ("--cer"));
  g_ptr_array_add (argv, g_strdup (s->cer));
  g_ptr_array_add (argv, g_strdup ("--key"));
  g_ptr_array_add (argv, g_strdup (s->key));
  g_ptr_array_add (argv, g_strdup ("--password-stdin"));
  g_ptr_array_add (argv, g_strdup ("--trust-anchor"));
  g_ptr_array_add (argv, g_strdup (s->ca));
  g_ptr_array_add (argv, g_strdup ("--ocsp-url"));
  g_ptr_array_add (argv, g_strdup (s->ocsp));
  g_ptr_array_add (argv, g_strdup ("--jobs"));
  g_ptr_array_add (argv, g_strdup ("2"));
  g_ptr_array_add (argv, g_strdup ("--out"));
  g_ptr_array_add (argv, g_strdup (out_dir));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfDec) dec = cf_test_dec_new ();
      g_autofree char *name = g_strdup_printf ("dec-%02u.xml", i);
      g_autofree char *folio = g_strdup_printf ("F-%04u", i);

      cf_dec_set (dec, CF_DEC_FIELD_FOLIO_CONTROL, folio);
      /* One bad document in the batch. */
      if (i == 7)
        cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "CARLOS|X");
      g_ptr_array_add (argv, write_dec (in, name, dec));
    }
  g_ptr_array_add (argv, NULL);

  g_assert_cmpint (cf_test_spawn ((const char * const *) argv->pdata, PASSWORD "\n", &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "49"));
  g_assert_nonnull (strstr (err, "dec-07.xml: refused"));
  g_assert_nonnull (strstr (err, "/Dec/Alumno/@nombre"));
  /* Not a terminal: no progress line. */
  g_assert_null (strstr (err, "\r"));
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));

  /* Every output verifies with the CLI and with OpenSSL. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("dec-%02u.xml", i);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);
      g_autofree char *vout = NULL;

      if (i == 7)
        {
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
          continue;
        }
      {
        const char * const verify[] = { cf_test_cli_path (), "dec", "verify", "--trust-anchor", s->ca, path, NULL };

        g_assert_cmpint (cf_test_spawn (verify, NULL, &vout, NULL), ==, 0);
        g_assert_nonnull (strstr (vout, "the seal is valid"));
        g_assert_nonnull (strstr (vout, SIGNER_CURP));
      }

      if (i == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(CfDec) dec = cf_dec_xml_read_file (path, &error);
          g_autofree char *cadena = cf_cadena_from_file (path, &error);
          g_autofree char *pub = g_build_filename (dir, "pub.pem", NULL);
          g_autofree char *data = g_build_filename (dir, "cadena.txt", NULL);
          g_autofree char *sig = g_build_filename (dir, "sig.bin", NULL);
          g_autofree char *pem = NULL;
          g_autofree char *ok = NULL;
          g_autofree guchar *raw = NULL;
          gsize raw_len = 0;
          const char * const x509[] = { "openssl", "x509", "-inform", "DER", "-in", s->cer, "-pubkey", "-noout", NULL };
          const char * const check[] = { "openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig, data, NULL };

          g_assert_no_error (error);
          g_assert_cmpint (cf_test_spawn (x509, NULL, &pem, NULL), ==, 0);
          g_assert_true (g_file_set_contents (pub, pem, -1, NULL));
          g_assert_true (g_file_set_contents (data, cadena, -1, NULL));
          raw = g_base64_decode (cf_dec_get (dec, CF_DEC_FIELD_SELLO), &raw_len);
          g_assert_true (g_file_set_contents (sig, (const char *) raw, raw_len, NULL));
          g_assert_cmpint (cf_test_spawn (check, NULL, &ok, NULL), ==, 0);
          g_assert_nonnull (strstr (ok, "Verified OK"));
        }
    }

  /* verify --json, and a tampered copy. */
  {
    g_autofree char *first = g_build_filename (out_dir, "dec-00.xml", NULL);
    g_autofree char *tampered = g_build_filename (dir, "tampered.xml", NULL);
    g_autofree char *text = NULL;
    g_autofree char *json = NULL;
    g_autoptr(GString) edited = NULL;
    const char * const argv2[] = { cf_test_cli_path (), "dec", "verify", "--json", "--trust-anchor", s->ca, first, tampered, NULL };

    g_assert_true (g_file_get_contents (first, &text, NULL, NULL));
    edited = g_string_new (text);
    g_assert_cmpuint (g_string_replace (edited, "calificacion=\"8.00\"", "calificacion=\"9.00\"", 1), ==, 1);
    g_assert_true (g_file_set_contents (tampered, edited->str, -1, NULL));

    g_assert_cmpint (cf_test_spawn (argv2, NULL, &json, NULL), ==, 1);
    g_assert_nonnull (strstr (json, "\"status\":\"valid\""));
    g_assert_nonnull (strstr (json, "\"status\":\"tampered\""));
    g_assert_nonnull (strstr (json, "\"code\":\"seal.tampered\""));
    g_assert_nonnull (strstr (json, "\"certificate_number\":\"30001000000500003456\""));
    g_assert_nonnull (strstr (json, "\"result\":\"valid\""));
    g_assert_nonnull (strstr (json, "\"result\":\"invalid\""));
    g_assert_nonnull (strstr (json, "\"signer_curp\":\"" SIGNER_CURP "\""));
  }

  /* Without its CA the same file is not trusted. */
  {
    g_autofree char *first = g_build_filename (out_dir, "dec-00.xml", NULL);
    g_autofree char *vout = NULL;
    const char * const verify[] = { cf_test_cli_path (), "dec", "verify", first, NULL };

    g_assert_cmpint (cf_test_spawn (verify, NULL, &vout, NULL), ==, 1);
    g_assert_nonnull (strstr (vout, "NOT TRUSTED"));
  }

  cf_test_rmdir (dir);
}

static void
test_seal_refused (void)
{
  Signer *s = get_signer ();
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autoptr(CfDec) other = cf_test_dec_new ();
  g_autofree char *path = NULL;

  cf_dec_set (other, CF_DEC_FIELD_RESPONSABLE_CURP, "GOMC850312HDFNRR09");
  path = write_dec (dir, "other.xml", other);

  /* Someone else's certificate. */
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "seal", "--cer", s->cer, "--key", s->key,
                                  "--password-stdin", "--trust-anchor", s->ca, "--ocsp-url", s->ocsp,
                                  "--out", out_dir, path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, PASSWORD, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "GOMC850312HDFNRR09"));
    g_assert_nonnull (strstr (err, SIGNER_CURP));
  }

  /* A wrong password: nothing sealed, a clear message. */
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "seal", "--cer", s->cer, "--key", s->key,
                                  "--password-stdin", "--trust-anchor", s->ca, "--ocsp-url", s->ocsp,
                                  "--out", out_dir, path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, "wrong", NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "password"));
  }

  /* Usage: no --out, no password flag, no files. */
  {
    const char * const a1[] = { cf_test_cli_path (), "dec", "seal", "--cer", s->cer, "--key", s->key, "--password-stdin", path, NULL };
    const char * const a2[] = { cf_test_cli_path (), "dec", "seal", "--cer", s->cer, "--key", s->key, "--out", out_dir, path, NULL };
    const char * const a3[] = { cf_test_cli_path (), "dec", "seal", "--cer", s->cer, "--key", s->key, "--password-stdin", "--out", out_dir, NULL };

    g_assert_cmpint (cf_test_spawn (a1, PASSWORD, NULL, NULL), ==, 2);
    g_assert_cmpint (cf_test_spawn (a2, PASSWORD, NULL, NULL), ==, 2);
    g_assert_cmpint (cf_test_spawn (a3, PASSWORD, NULL, NULL), ==, 2);
  }

  cf_test_rmdir (dir);
}

/* SAT's CSD fixture is refused before any file is read. */
static void
test_seal_csd (void)
{
  g_autofree char *cer = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/certificate.cer");
  g_autofree char *key = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/private_key.key");
  g_autofree char *pass_file = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/password.txt");
  g_autofree char *password = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();

  if (cer == NULL || key == NULL || pass_file == NULL)
    {
      g_test_skip ("SAT test certificates not present");
      return;
    }
  g_assert_true (g_file_get_contents (pass_file, &password, NULL, NULL));
  dir = cf_test_mkdtemp ();
  out_dir = g_build_filename (dir, "out", NULL);
  path = write_dec (dir, "dec.xml", dec);
  {
    const char * const argv[] = { cf_test_cli_path (), "dec", "seal", "--cer", cer, "--key", key,
                                  "--password-stdin", "--out", out_dir, path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, password, NULL, &err), ==, 1);
  }
  g_assert_nonnull (strstr (err, "CSD"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  cf_test_rmdir (dir);
}

/* A certificate anyone can make, with the Responsable's CURP and SAT's
 * name as its issuer: dec seal refuses it; forced, it seals (on record in
 * the bitácora), but dec verify says "not trusted" (exit 1). */
static void
test_verify_forged (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *store = g_build_filename (dir, "store.db", NULL);
  g_autofree char *src = cf_test_source_trust_dir ();
  g_autofree char *ac5 = g_build_filename (src, "AC5_SAT.cer", NULL);
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *forger = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sealed = g_build_filename (out_dir, "forged.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  CfTestCertSpec spec = { .curp = SIGNER_CURP, .days_from_now_start = -3650, .days_valid = 7300 };

  g_assert_true (cf_test_generate_cert (dir, "forged", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  forger = cf_test_make_ca (dir, "forger", ac5);
  cf_test_issue_by (cer, forger, cer);
  path = write_dec (dir, "forged.xml", dec);

  /* Refused before anything is written, saying why and what to do. */
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "seal", "--cer", cer, "--key", key,
                                  "--password-stdin", "--out", out_dir, path, NULL };

    g_assert_cmpint (cf_test_spawn (argv, PASSWORD "\n", NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "not issued by SAT"));
    g_assert_nonnull (strstr (err, "--force-untrusted"));
    g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *err = NULL;
    g_autofree char *json = NULL;
    const char * const argv[] = { cf_test_cli_path (), "--store", store, "dec", "seal", "--cer", cer, "--key", key,
                                  "--password-stdin", "--force-untrusted", "--out", out_dir, path, NULL };
    const char * const audit[] = { cf_test_cli_path (), "--store", store, "audit", "--json", NULL };

    g_assert_cmpint (cf_test_spawn (argv, PASSWORD "\n", NULL, &err), ==, 0);
    g_assert_nonnull (strstr (err, "Warning"));
    g_assert_nonnull (strstr (err, "not trusted"));
    g_assert_cmpint (cf_test_spawn (audit, NULL, &json, NULL), ==, 0);
    g_assert_nonnull (strstr (json, "\"action\" : \"seal-untrusted\""));
    g_assert_nonnull (strstr (json, "\"field\" : \"trust\""));
  }
  {
    g_autofree char *json = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "verify", "--json", sealed, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &json, NULL), ==, 1);
    g_assert_nonnull (strstr (json, "\"result\":\"not-trusted\""));
    g_assert_nonnull (strstr (json, "\"seal_matches\":true"));
    g_assert_nonnull (strstr (json, "\"signer_curp\":\"" SIGNER_CURP "\""));
    g_assert_nonnull (strstr (json, "\"code\":\"seal.not-trusted\""));
    g_assert_nonnull (strstr (json, "not issued by SAT"));
  }
  {
    g_autofree char *out = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "verify", sealed, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 1);
    g_assert_nonnull (strstr (out, "NOT TRUSTED"));
    g_assert_nonnull (strstr (out, "the certificate was not issued by SAT"));
  }
  /* An anchor that is not a certificate is a usage error, not a pass. */
  {
    g_autofree char *err = NULL;
    const char * const argv[] = { cf_test_cli_path (), "dec", "verify", "--trust-anchor", key, sealed, NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "not a certificate"));
  }

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  char *cache;
  int ret;

  g_test_init (&argc, &argv, NULL);
  /* Cached revocation answers stay in the test's own folders. */
  cache = cf_test_mkdtemp ();
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  g_test_add_func ("/cli/dec/validate", test_validate);
  g_test_add_func ("/cli/dec/seal-and-verify", test_seal_and_verify);
  g_test_add_func ("/cli/dec/seal-refused", test_seal_refused);
  g_test_add_func ("/cli/dec/seal-csd", test_seal_csd);
  g_test_add_func ("/cli/dec/verify-forged", test_verify_forged);

  ret = g_test_run ();
  if (shared != NULL)
    {
      cf_test_ocsp_stop_responder (shared->responder);
      cf_test_rmdir (shared->dir);
      g_free (shared->dir);
      g_free (shared->cer);
      g_free (shared->key);
      g_free (shared->ca);
      g_free (shared->ocsp);
      g_clear_pointer (&shared, g_free);
    }
  cf_test_rmdir (cache);
  g_free (cache);
  return ret;
}
