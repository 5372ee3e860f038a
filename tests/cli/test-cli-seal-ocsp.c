/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli dec seal asks whether the signer's e.firma was revoked
 * before sealing: real `openssl ocsp` responders on 127.0.0.1 (good,
 * revoked, none), a replayed old answer, a responder that drips a byte a
 * second, and the cache of good answers. A generated e.firma issued by a
 * CA the test makes, passed with --trust-anchor. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "cf-dec-xml.h"
#include "cf-test-ca.h"
#include "cf-test-dec.h"
#include "cf-test-ocsp.h"
#include "cf-test-util.h"

#define SIGNER_CURP "PELM800101MDFRPR01"
#define SIGNER_NUMBER "30001000000500003456"
#define PASSWORD "12345678a"

static char *tmpdir;
static char *signer_cer;
static char *signer_pem;
static char *signer_key;
static char *ca_pem;
static char *ca_key;

/* XDG_CACHE_HOME=… for the CLI: each case has a cache of its own. */
static char *cache_env;

/* A folder of the test's own, and a cache of OCSP answers of its own. */
static char *
case_dir (const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_free (cache_env);
  cache_env = g_strdup_printf ("XDG_CACHE_HOME=%s/cache", dir);
  return dir;
}

static char *
write_dec (const char *dir)
{
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "dec.xml", NULL);

  g_assert_true (cf_dec_xml_write_file (dec, path, &error));
  g_assert_no_error (error);
  return path;
}

/* certifica-cli [--store STORE] dec seal --cer --key --password-stdin
 * --trust-anchor CA --out OUT [--ocsp-url URL] ARGS… INPUT */
static int
seal (const char  *store,
      const char  *url,
      const char  *out_dir,
      const char  *input,
      char       **err,
      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "env");
  g_ptr_array_add (argv, cache_env);
  g_ptr_array_add (argv, (gpointer) cf_test_cli_path ());
  if (store != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--store");
      g_ptr_array_add (argv, (gpointer) store);
    }
  g_ptr_array_add (argv, (gpointer) "dec");
  g_ptr_array_add (argv, (gpointer) "seal");
  g_ptr_array_add (argv, (gpointer) "--cer");
  g_ptr_array_add (argv, signer_cer);
  g_ptr_array_add (argv, (gpointer) "--key");
  g_ptr_array_add (argv, signer_key);
  g_ptr_array_add (argv, (gpointer) "--password-stdin");
  g_ptr_array_add (argv, (gpointer) "--trust-anchor");
  g_ptr_array_add (argv, ca_pem);
  g_ptr_array_add (argv, (gpointer) "--out");
  g_ptr_array_add (argv, (gpointer) out_dir);
  if (url != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--ocsp-url");
      g_ptr_array_add (argv, (gpointer) url);
    }
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) input);
  g_ptr_array_add (argv, NULL);

  return cf_test_spawn ((const char * const *) argv->pdata, PASSWORD "\n", NULL, err);
}

static void
assert_sealed (const char *out_dir)
{
  g_autofree char *sealed = g_build_filename (out_dir, "dec.xml", NULL);
  g_autofree char *out = NULL;
  const char * const verify[] = { cf_test_cli_path (), "dec", "verify", "--trust-anchor", ca_pem, sealed, NULL };

  g_assert_cmpint (cf_test_spawn (verify, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "the seal is valid"));
}

/* A test that aborts skips its teardown: the server must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* tests/cli/ocsp-serve.py MODE [FILE], its URL in @out_url. */
static GSubprocess *
start_python_server (const char  *mode,
                     const char  *file,
                     char       **out_url)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "ocsp-serve.py", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { "/usr/bin/python3", script, mode, file, NULL };

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *out_url = g_strdup_printf ("http://127.0.0.1:%s/", g_strstrip (line));
  return g_steal_pointer (&process);
}

static gboolean
have_cryptography (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import cryptography.x509.ocsp", NULL };

  if (g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE) && cf_test_spawn (argv, NULL, NULL, NULL) == 0)
    return TRUE;
  g_test_skip ("/usr/bin/python3 with python3-cryptography is needed");
  return FALSE;
}

/* A "good" answer about the signer without a nonce, signed by the CA,
 * dated @this_update seconds from now (@next_update: "none" or seconds). */
static char *
make_answer (const char *dir,
             const char *name,
             gint64      this_update,
             const char *next_update)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "ocsp-response.py", NULL);
  g_autofree char *this_text = g_strdup_printf ("%" G_GINT64_FORMAT, this_update);
  char *out = g_build_filename (dir, name, NULL);
  g_autofree char *err = NULL;
  const char *argv[] = { "/usr/bin/python3", script, signer_pem, ca_pem, ca_key, this_text, next_update, out, NULL };

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
  return out;
}

/* ------------------------------------------------------------------ */

/* Good → sealed, and the answer is cached: the next seal asks nobody
 * (the responder is gone); an expired or broken cache file is not used. */
static void
test_good_and_cache (void)
{
  g_autofree char *dir = case_dir ("good");
  g_autofree char *input = write_dec (dir);
  g_autofree char *out1 = g_build_filename (dir, "out1", NULL);
  g_autofree char *out2 = g_build_filename (dir, "out2", NULL);
  g_autofree char *out3 = g_build_filename (dir, "out3", NULL);
  g_autofree char *out4 = g_build_filename (dir, "out4", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", "certifica", "ocsp", NULL);
  g_autofree char *cached = NULL;
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDir) listing = NULL;
  GSubprocess *responder;
  const char *name;

  responder = cf_test_ocsp_serve_cert (dir, signer_cer, ca_pem, ca_key, FALSE, &url);
  g_assert_cmpint (seal (NULL, url, out1, input, &err, NULL), ==, 0);
  assert_sealed (out1);
  cf_test_ocsp_stop_responder (responder);

  /* Exactly one answer kept, as DER. */
  listing = g_dir_open (cache_dir, 0, NULL);
  g_assert_nonnull (listing);
  name = g_dir_read_name (listing);
  g_assert_nonnull (name);
  g_assert_true (g_str_has_suffix (name, ".der"));
  cached = g_build_filename (cache_dir, name, NULL);
  g_assert_null (g_dir_read_name (listing));

  /* Nobody answers now: only the cache can say "good". */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (seal (NULL, url, out2, input, &err, NULL), ==, 0);
  assert_sealed (out2);

  /* A day old (its thisUpdate 25 hours ago), though its nextUpdate is to
   * come: asked again, and nobody answers. */
  if (have_cryptography ())
    {
      g_autofree char *old = make_answer (dir, "old.der", -25 * 3600, "3600");
      g_autoptr(GBytes) bytes = cf_test_read_file (old);

      g_assert_true (g_file_set_contents (cached, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (seal (NULL, url, out3, input, &err, NULL), ==, 1);
      g_assert_nonnull (strstr (err, "could not be checked"));
      g_assert_false (g_file_test (out3, G_FILE_TEST_EXISTS));
    }

  /* A file that is not an answer is never trusted. */
  g_assert_true (g_file_set_contents (cached, "good", -1, NULL));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (seal (NULL, url, out4, input, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not be checked"));
  g_assert_false (g_file_test (out4, G_FILE_TEST_EXISTS));
}

/* Revoked → refused with the date and the reason, nothing written, and no
 * flag makes it seal. */
static void
test_revoked (void)
{
  g_autofree char *dir = case_dir ("revoked");
  g_autofree char *input = write_dec (dir);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *store = g_build_filename (dir, "store.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  GSubprocess *responder;

  responder = cf_test_ocsp_serve_cert (dir, signer_cer, ca_pem, ca_key, TRUE, &url);
  g_assert_cmpint (seal (NULL, url, out_dir, input, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "revoked"));
  g_assert_nonnull (strstr (err, "January 2, 2024"));
  g_assert_nonnull (strstr (err, "The private key was compromised"));
  g_assert_nonnull (strstr (err, SIGNER_NUMBER));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (seal (store, url, out_dir, input, &err, "--allow-unchecked-revocation", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "revoked"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  cf_test_ocsp_stop_responder (responder);
}

/* Nobody listening → refused; with --allow-unchecked-revocation sealed,
 * and the bitácora says who sealed unchecked, with what and why. */
static void
test_unreachable (void)
{
  g_autofree char *dir = case_dir ("unreachable");
  g_autofree char *input = write_dec (dir);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *store = g_build_filename (dir, "store.db", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", cf_test_free_port ());
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  const char * const audit[] = { cf_test_cli_path (), "--store", store, "audit", "--json", NULL };

  g_assert_cmpint (seal (NULL, url, out_dir, input, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not be checked"));
  g_assert_nonnull (strstr (err, "127.0.0.1"));
  g_assert_nonnull (strstr (err, "--allow-unchecked-revocation"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (seal (store, url, out_dir, input, &err, "--allow-unchecked-revocation", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Warning"));
  g_assert_nonnull (strstr (err, "bitácora"));
  assert_sealed (out_dir);

  g_assert_cmpint (cf_test_spawn (audit, NULL, &json, NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"action\" : \"seal-unchecked\""));
  g_assert_nonnull (strstr (json, "\"entity\" : \"signer\""));
  g_assert_nonnull (strstr (json, "\"entity_id\" : \"" SIGNER_NUMBER "\""));
  g_assert_nonnull (strstr (json, "\"field\" : \"revocation\""));
  g_assert_nonnull (strstr (json, "127.0.0.1"));
  g_assert_nonnull (strstr (json, out_dir));
  g_assert_nonnull (strstr (json, g_get_user_name ()));
}

/* An answer without our nonce, made 400 days ago (and with no nextUpdate
 * to expire), replayed by a server: refused. The same made a minute ago
 * is accepted: only its age is the matter. */
static void
test_replayed (void)
{
  g_autofree char *dir = case_dir ("replayed");
  g_autofree char *input = write_dec (dir);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *fresh_dir = g_build_filename (dir, "fresh", NULL);
  g_autofree char *old = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *url = NULL;
  g_autofree char *fresh_url = NULL;
  g_autofree char *err = NULL;
  GSubprocess *server;

  if (!have_cryptography ())
    return;
  old = make_answer (dir, "old.der", -400 * 24 * 3600, "none");
  server = start_python_server ("file", old, &url);
  g_assert_cmpint (seal (NULL, url, out_dir, input, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nonce"));
  g_assert_nonnull (strstr (err, "7 days"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (server);

  fresh = make_answer (dir, "fresh.der", -60, "none");
  server = start_python_server ("file", fresh, &fresh_url);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (seal (NULL, fresh_url, fresh_dir, input, &err, NULL), ==, 0);
  assert_sealed (fresh_dir);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (server);
}

/* A responder that sends a byte a second never lets a per-read timeout
 * fire: --timeout 2 must end the whole query, within twice that. */
static void
test_dripping (void)
{
  g_autofree char *dir = case_dir ("dripping");
  g_autofree char *input = write_dec (dir);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  GSubprocess *server;
  gint64 start;
  double elapsed;

  server = start_python_server ("drip", NULL, &url);
  start = g_get_monotonic_time ();
  g_assert_cmpint (seal (NULL, url, out_dir, input, &err, "--timeout", "2", NULL), ==, 1);
  elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_test_message ("dec seal --timeout 2 against a dripping responder: %.2f s", elapsed);
  g_assert_cmpfloat (elapsed, <, 4.0);
  g_assert_nonnull (strstr (err, "did not answer within 2 seconds"));
  g_assert_false (g_file_test (out_dir, G_FILE_TEST_EXISTS));
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (server);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  g_autoptr(GError) error = NULL;
  CfTestCertSpec spec = { .curp = SIGNER_CURP, .days_from_now_start = -3650, .days_valid = 7300 };
  int ret;

  g_test_init (&argc, &argv, NULL);
  if (openssl_path == NULL)
    {
      g_printerr ("openssl not found: skipping\n");
      return 77;
    }

  tmpdir = cf_test_mkdtemp ();
  g_assert_true (cf_test_generate_cert (tmpdir, "fiel", &spec, &signer_cer, &signer_key, &error));
  g_assert_no_error (error);
  ca_pem = cf_test_make_ca (tmpdir, "ca", NULL);
  ca_key = g_build_filename (tmpdir, "ca.ca-key", NULL);
  cf_test_issue_by (signer_cer, ca_pem, signer_cer);
  signer_pem = g_build_filename (tmpdir, "fiel.pem", NULL);
  cf_test_openssl (tmpdir, "x509", "-inform", "DER", "-in", signer_cer, "-out", signer_pem, NULL);

  g_test_add_func ("/cli/seal-ocsp/good-and-cache", test_good_and_cache);
  g_test_add_func ("/cli/seal-ocsp/revoked", test_revoked);
  g_test_add_func ("/cli/seal-ocsp/unreachable", test_unreachable);
  g_test_add_func ("/cli/seal-ocsp/replayed", test_replayed);
  g_test_add_func ("/cli/seal-ocsp/dripping", test_dripping);

  ret = g_test_run ();
  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (signer_cer);
  g_free (signer_pem);
  g_free (signer_key);
  g_free (ca_pem);
  g_free (ca_key);
  g_free (cache_env);
  return ret;
}
