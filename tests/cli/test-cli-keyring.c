/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli efirma store-key / forget-key / check --from-keyring, and
 * dec seal / sign with a key from the keyring, against a real
 * gnome-keyring-daemon.
 *
 * tests/core/run-keyring-test.sh runs this binary twice in a throwaway HOME:
 *   1. in a private D-Bus session with an unlocked "login" keyring, the CLI
 *      stores, uses and forgets keys; the secrets are copied as needle-*
 *      files into $CF_KEYRING_TEST_SECRETS (outside HOME);
 *   2. with CF_KEYRING_TEST_PHASE=scan: HOME (keyring, store) and the
 *      captured output must contain none of them. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-dec-xml.h"
#include "cf-efirma.h"
#include "cf-keyring-secrets.h"
#include "cf-store.h"
#include "cf-signer-repo.h"
#include "cf-test-dec.h"
#include "cf-test-util.h"

/* Distinctive, so the scan cannot match anything by chance. */
#define SIGNER_PASSWORD "Cf-Cli-Llavero-4417?"
#define SIGNER_NUMBER   "30001000000500004417"
#define CSD_NUMBER      "30001000000500004418"
/* The Responsable of cf_test_dec_new(), issued 2023-07-10. */
#define SIGNER_CURP     "PELM800101MDFRPR01"

static const char *secrets_dir;
static char *signer_cer;
static char *signer_key;
static char *csd_cer;
static char *csd_key;

static void
assert_check_from_keyring (const char *stdin_text,
                           int         expected_status,
                           const char *expected_in_err)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (stdin_text != NULL)
    status = cf_test_run_cli (stdin_text, &out, &err, "efirma", "check", "--from-keyring", SIGNER_NUMBER,
                              "--cer", signer_cer, "--password-stdin", NULL);
  else
    status = cf_test_run_cli (NULL, &out, &err, "efirma", "check", "--from-keyring", SIGNER_NUMBER,
                              "--cer", signer_cer, NULL);

  g_test_message ("check --from-keyring: %d %s", status, err);
  g_assert_cmpint (status, ==, expected_status);
  if (expected_status == 0)
    g_assert_cmpstr (out, ==, "OK\n");
  else
    g_assert_nonnull (strstr (err, expected_in_err));
}

static void
test_store_with_password (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key,
                            "--remember-password", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, SIGNER_NUMBER));
  g_assert_null (strstr (out, SIGNER_PASSWORD));

  /* Neither the key file nor a password is needed now. */
  assert_check_from_keyring (NULL, 0, NULL);
  /* A password typed now is used instead of the remembered one. */
  assert_check_from_keyring ("wrong\n", 1, "password");

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
test_store_without_password (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);

  assert_check_from_keyring (NULL, 1, "--password-stdin");
  assert_check_from_keyring (SIGNER_PASSWORD "\n", 0, NULL);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
test_certificate_from_store (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "cli-test.db", NULL);
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  certificate = cf_certificate_new_from_file (signer_cer, &error);
  g_assert_no_error (error);
  store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  cf_signer_repo_add (store, certificate, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key,
                            "--remember-password", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* No --cer: the certificate comes from the store named by --store. */
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path,
                            "efirma", "check", "--from-keyring", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A store without that signer says so. */
  g_clear_pointer (&store_path, g_free);
  store_path = g_build_filename (g_get_user_data_dir (), "empty.db", NULL);
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path,
                            "efirma", "check", "--from-keyring", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, SIGNER_NUMBER));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
}

static void
test_refusals (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  /* A wrong password stores nothing. */
  status = cf_test_run_cli ("not-the-password\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key,
                            "--remember-password", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_check_from_keyring (NULL, 1, SIGNER_NUMBER);

  /* A key that is not the certificate's is refused. */
  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", csd_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "does not belong"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A key in clear (the signer's own, decrypted) is never kept. */
  {
    g_autofree char *plain_path = g_strdup_printf ("%s/cli-plain.der", secrets_dir);

    status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                              "--cer", signer_cer, "--key", plain_path,
                              "--remember-password", "--password-stdin", NULL);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (err, "SAT always encrypts .key files; this one is not"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    assert_check_from_keyring (NULL, 1, SIGNER_NUMBER);
  }

  /* A CSD is no signer's credential. */
  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", csd_cer, "--key", csd_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "CSD"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Forgetting what is not there fails; so does a usage error. */
  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "store-key", "--cer", signer_cer,
                            "--key", signer_key, NULL);
  g_assert_cmpint (status, ==, 2);
}

/* certifica-cli with the password on file descriptor 3 and @stdin_path
 * (may be NULL: /dev/null) on the standard input, as a script runs sign. */
static int
run_cli_password_fd (const char  *password,
                     const char  *stdin_path,
                     char       **out,
                     char       **err,
                     const char  *first,
                     ...) G_GNUC_NULL_TERMINATED;

static int
run_cli_password_fd (const char  *password,
                     const char  *stdin_path,
                     char       **out,
                     char       **err,
                     const char  *first,
                     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("%s\n", password);
  const char *arg;
  va_list ap;
  int fds[2];

  g_ptr_array_add (argv, (gpointer) g_getenv ("CF_CLI"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path != NULL ? stdin_path : "/dev/null");
  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], line, strlen (line)), ==, (gssize) strlen (line));
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The generated signer is self-signed: its own certificate is the anchor;
 * nobody answers about its revocation (port 9, discard), which the seal
 * accepts on record in the store's bitácora. */
#define SEAL_CHECKS "--trust-anchor", signer_cer, "--ocsp-url", "http://127.0.0.1:9/", \
                    "--allow-unchecked-revocation"

/* `dec seal --from-keyring NUMBER` once `efirma store-key` kept the key:
 * the certificate is the signer's in the store, the key the keyring's, the
 * password typed (stdin or a descriptor) or remembered. */
static void
test_dec_seal_from_keyring (void)
{
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "seal.db", NULL);
  g_autofree char *dir = g_build_filename (secrets_dir, "seal", NULL);
  g_autofree char *in = g_build_filename (dir, "dec.xml", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *sealed = g_build_filename (out_dir, "dec.xml", NULL);
  g_autoptr(CfDec) dec = cf_test_dec_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (cf_dec_xml_write_file (dec, in, &error));
  g_assert_no_error (error);

  /* store-key registers the signer in the store named by --store. */
  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "--store", store_path, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The password is not remembered: without one, say how to give it. */
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path, "dec", "seal",
                            "--from-keyring", SIGNER_NUMBER, "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "--password-stdin"));
  g_assert_false (g_file_test (sealed, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "--store", store_path, "dec", "seal",
                            "--from-keyring", SIGNER_NUMBER, "--password-stdin", SEAL_CHECKS, "--out", out_dir, in, NULL);
  g_test_message ("dec seal --from-keyring: %d %s", status, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Sealed 1 of 1"));
  g_assert_null (strstr (out, SIGNER_PASSWORD));
  g_assert_null (strstr (err, SIGNER_PASSWORD));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    /* The generated signer is self-signed: its own certificate is the anchor. */
    const char * const verify[] = { g_getenv ("CF_CLI"), "dec", "verify", "--trust-anchor", signer_cer, sealed, NULL };

    g_assert_cmpint (cf_test_spawn (verify, NULL, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "the seal is valid"));
    g_assert_nonnull (strstr (out, SIGNER_NUMBER));
    g_clear_pointer (&out, g_free);
  }
  g_assert_cmpint (g_unlink (sealed), ==, 0);

  /* The password on a file descriptor. */
  status = run_cli_password_fd (SIGNER_PASSWORD, NULL, &out, &err, "--store", store_path, "dec", "seal",
                                "--from-keyring", SIGNER_NUMBER, "--password-fd", "3", SEAL_CHECKS,
                                "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (sealed, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (g_unlink (sealed), ==, 0);

  /* A wrong password seals nothing. */
  status = cf_test_run_cli ("otra\n", &out, &err, "--store", store_path, "dec", "seal",
                            "--from-keyring", SIGNER_NUMBER, "--password-stdin", "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_assert_false (g_file_test (sealed, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Remembered: nothing to type. */
  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "--store", store_path, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key, "--remember-password", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path, "dec", "seal",
                            "--from-keyring", SIGNER_NUMBER, SEAL_CHECKS, "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (sealed, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A number the store does not know is refused, naming it. */
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path, "dec", "seal",
                            "--from-keyring", CSD_NUMBER, "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, CSD_NUMBER));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --key and --from-keyring together are a usage error. */
  status = cf_test_run_cli (NULL, &out, &err, "--store", store_path, "dec", "seal", "--key", signer_key,
                            "--from-keyring", SIGNER_NUMBER, "--out", out_dir, in, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
  cf_test_rmdir (dir);
}

/* sign with --password-fd still signs from files, and signs the same with
 * the key from the keyring. */
static void
test_sign (void)
{
  g_autofree char *data_path = g_build_filename (secrets_dir, "data.txt", NULL);
  g_autofree char *from_files = NULL;
  g_autofree char *from_keyring = NULL;
  g_autofree char *from_stdin = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *input = NULL;
  const char *data = "||3.0|SEP|1234567|PELM800101MDFRPR01|Certificado de estudios||\n";
  int status;

  g_assert_true (g_file_set_contents (data_path, data, -1, NULL));

  status = run_cli_password_fd (SIGNER_PASSWORD, data_path, &from_files, &err, "sign",
                                "--cer", signer_cer, "--key", signer_key, "--password-fd", "3", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (strlen (from_files), >, 100);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (SIGNER_PASSWORD "\n", &out, &err, "efirma", "store-key",
                            "--cer", signer_cer, "--key", signer_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli_password_fd (SIGNER_PASSWORD, data_path, &from_keyring, &err, "sign",
                                "--from-keyring", SIGNER_NUMBER, "--cer", signer_cer,
                                "--password-fd", "3", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (from_keyring, ==, from_files);
  g_clear_pointer (&err, g_free);

  /* --password-stdin: the first line is the password, the rest the data. */
  input = g_strdup_printf ("%s\n%s", SIGNER_PASSWORD, data);
  status = cf_test_run_cli (input, &from_stdin, &err, "sign", "--from-keyring", SIGNER_NUMBER,
                            "--cer", signer_cer, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (from_stdin, ==, from_files);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "forget-key", SIGNER_NUMBER, NULL);
  g_assert_cmpint (status, ==, 0);
}

/* ------------------------------------------------------------------ */
/* Scan phase                                                           */
/* ------------------------------------------------------------------ */

static void
test_nothing_on_disk (void)
{
  cf_keyring_secrets_scan (secrets_dir, "cli");
}

static void
generate (void)
{
  /* Valid from ten years ago for twenty: the example Dec's issue date is inside. */
  CfTestCertSpec spec = { .serial_ascii = SIGNER_NUMBER, .password = SIGNER_PASSWORD,
                          .curp = SIGNER_CURP, .days_from_now_start = -3650, .days_valid = 7300 };
  CfTestCertSpec csd = { .serial_ascii = CSD_NUMBER, .password = SIGNER_PASSWORD,
                         .ou = "CSD01_PELM800101AB1" };
  g_autoptr(GError) error = NULL;

  cf_test_generate_cert (secrets_dir, "cli-signer", &spec, &signer_cer, &signer_key, &error);
  g_assert_no_error (error);
  cf_test_generate_cert (secrets_dir, "cli-csd", &csd, &csd_cer, &csd_key, &error);
  g_assert_no_error (error);
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
      g_test_add_func ("/cli/keyring/nothing-on-disk", test_nothing_on_disk);
      return g_test_run ();
    }

  generate ();
  cf_keyring_secrets_write (secrets_dir, "cli", SIGNER_PASSWORD, signer_key);
  /* The generated certificates are self-signed: each is its own anchor. */
  g_setenv ("CERTIFICA_TRUST_DIR", secrets_dir, TRUE);

  g_test_add_func ("/cli/keyring/store-with-password", test_store_with_password);
  g_test_add_func ("/cli/keyring/store-without-password", test_store_without_password);
  g_test_add_func ("/cli/keyring/certificate-from-store", test_certificate_from_store);
  g_test_add_func ("/cli/keyring/refusals", test_refusals);
  g_test_add_func ("/cli/keyring/dec-seal", test_dec_seal_from_keyring);
  g_test_add_func ("/cli/keyring/sign", test_sign);

  status = g_test_run ();

  g_free (signer_cer);
  g_free (signer_key);
  g_free (csd_cer);
  g_free (csd_key);
  return status;
}
