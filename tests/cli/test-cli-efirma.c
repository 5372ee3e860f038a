/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli efirma inspect/check and certifica-cli sign, run as a
 * subprocess ($CF_CLI) on real files: SAT's public test set when present
 * (skipped per case otherwise) and certificates generated here. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <linux/capability.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-test-ca.h"
#include "cf-test-util.h"

#define FIEL_DIR "sat-test-certs/FIEL_AAA010101AAA"
#define CSD_DIR  "sat-test-certs/CSD01_AAA010101AAA"

static char *tmpdir;
static char *gen_cer;
static char *gen_key;
static const char *gen_password = "Contraseña 123";

static const char *data_to_sign = "||3.0|SEP|1234567|PELM800101MDFRPR05|Certificado de estudios||\n";

/* ------------------------------------------------------------------ */

/* certifica-cli sign, the password on file descriptor 3 and @data_path on
 * stdin, as a script would run it. */
static int
run_sign (const char  *cer,
          const char  *key,
          const char  *password,
          const char  *data_path,
          char       **out,
          char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("%s\n", password);
  int fds[2];

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, data_path);

  g_assert_cmpint (pipe (fds), ==, 0);
  g_assert_cmpint (write (fds[1], line, strlen (line)), ==, (gssize) strlen (line));
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);

  process = g_subprocess_launcher_spawn (launcher, &error, cf_test_cli_path (), "sign",
                                         "--cer", cer, "--key", key,
                                         "--password-fd", "3", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static char *
fixture_or_skip (const char *relative)
{
  char *path = cf_test_fixture_path (relative);

  if (path == NULL)
    g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
  return path;
}

static char *
password_line (const char *password)
{
  return g_strdup_printf ("%s\n", password);
}

/* The reference: openssl dgst -sha256 -sign on the same bytes. */
static char *
openssl_signature (const char *key_der,
                   const char *password,
                   const char *data_path)
{
  g_autofree char *pem = g_build_filename (tmpdir, "reference.pem", NULL);
  g_autofree char *sig = g_build_filename (tmpdir, "reference.sig", NULL);
  g_autofree char *passin = g_strdup_printf ("pass:%s", password);
  g_autoptr(GBytes) signature = NULL;
  int status;

  {
    const char *argv[] = { "openssl", "pkcs8", "-inform", "DER", "-in", key_der,
                           "-passin", passin, "-out", pem, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }
  {
    const char *argv[] = { "openssl", "dgst", "-sha256", "-sign", pem, "-out", sig, data_path, NULL };
    status = cf_test_spawn (argv, NULL, NULL, NULL);
    g_assert_cmpint (status, ==, 0);
  }

  signature = cf_test_read_file (sig);
  g_unlink (pem);
  g_unlink (sig);
  return g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
}

static char *
write_data_file (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, "data.txt", NULL);

  g_file_set_contents (path, data_to_sign, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------ */
/* inspect                                                              */
/* ------------------------------------------------------------------ */

static void
test_inspect_json_fixture (void)
{
  g_autofree char *cer = fixture_or_skip (FIEL_DIR "/certificate.cer");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (cer == NULL)
    return;

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "inspect", "--json", cer, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "\"certificate_number\": \"30001000000300023685\""));
  g_assert_nonnull (strstr (out, "\"curp\": \"HEGT761003MDFRNN09\""));
  g_assert_nonnull (strstr (out, "\"rfc\": \"AAA010101AAA\""));
  g_assert_nonnull (strstr (out, "\"name\": \"ACCEM SERVICIOS EMPRESARIALES SC\""));
  g_assert_nonnull (strstr (out, "\"email\": \"FactElect@sat.gob.mx\""));
  g_assert_nonnull (strstr (out, "\"not_before\": \"2017-05-16T23:29:17Z\""));
  g_assert_nonnull (strstr (out, "\"not_after\": \"2021-05-15T23:29:17Z\""));
  g_assert_nonnull (strstr (out, "\"kind\": \"efirma\""));
  g_assert_nonnull (strstr (out, "\"issuer\": \"A.C. 2 de pruebas(4096)\""));
  g_assert_nonnull (strstr (out, "\"test_issuer\": true"));
}

static void
test_inspect_json_csd (void)
{
  g_autofree char *cer = fixture_or_skip (CSD_DIR "/certificate.cer");
  g_autofree char *out = NULL;
  int status;

  if (cer == NULL)
    return;

  status = cf_test_run_cli (NULL, &out, NULL, "efirma", "inspect", "--json", cer, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"kind\": \"csd\""));
}

static void
test_inspect_human (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *number_line = NULL;
  glong column = -1;
  int status;
  guint i;

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "inspect", gen_cer, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* "Label: value" lines, every value starting in the same column. */
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 10);
  for (i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');
      const char *value;
      glong here;

      g_assert_nonnull (colon);
      value = colon + 1;
      while (*value == ' ')
        value++;
      here = g_utf8_pointer_to_offset (lines[i], value);
      if (column < 0)
        column = here;
      g_assert_cmpint (here, ==, column);

      if (g_str_has_prefix (lines[i], "Certificate number:"))
        number_line = lines[i];
    }

  g_assert_nonnull (number_line);
  g_assert_true (g_str_has_suffix (number_line, " 30001000000500003456"));
  g_assert_nonnull (strstr (out, "PELM800101MDFRPR05"));
  g_assert_nonnull (strstr (out, "e.firma (FIEL)"));
}

static void
test_inspect_errors (void)
{
  g_autofree char *missing = g_build_filename (tmpdir, "missing.cer", NULL);
  g_autofree char *garbage = g_build_filename (tmpdir, "garbage.cer", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "inspect", missing, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&err, g_free);

  g_file_set_contents (garbage, "esto no es un certificado", -1, &error);
  g_assert_no_error (error);
  status = cf_test_run_cli (NULL, &out, &err, "efirma", "inspect", garbage, NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "not a certificate"));
  g_clear_pointer (&err, g_free);

  /* Usage errors exit with 2 and say how to call the command. */
  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "inspect", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Usage:"));
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "inspect", "--no-such-option", gen_cer, NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "frobnicate", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, NULL, &err, "frobnicate", NULL);
  g_assert_cmpint (status, ==, 2);
}

static void
test_dispatcher (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (NULL, &out, &err, "--version", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "certifica-cli " PACKAGE_VERSION));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "efirma"));
  g_assert_nonnull (strstr (out, "sign"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "inspect"));
  g_assert_nonnull (strstr (out, "store-key"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (NULL, &out, &err, "efirma", "check", "--help", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--password-stdin"));
  g_assert_nonnull (strstr (out, "--from-keyring"));
}

/* ------------------------------------------------------------------ */
/* check                                                                */
/* ------------------------------------------------------------------ */

static void
test_check_ok (void)
{
  g_autofree char *line = password_line (gen_password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", gen_cer, "--key", gen_key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK\n");
  g_assert_cmpstr (err, ==, "");
}

static void
test_check_wrong_password (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli ("otra-clave\n", &out, &err, "efirma", "check", "--cer", gen_cer,
                            "--key", gen_key, "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "password"));
  /* Neither the wrong nor the right password is echoed. */
  g_assert_null (strstr (err, "otra-clave"));
  g_assert_null (strstr (err, gen_password));
}

static void
test_check_key_mismatch (void)
{
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000011", .password = gen_password };
  g_autofree char *other_key = NULL;
  g_autofree char *line = password_line (gen_password);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cf_test_generate_cert (tmpdir, "other", &spec, NULL, &other_key, &error);
  g_assert_no_error (error);

  status = cf_test_run_cli (line, NULL, &err, "efirma", "check", "--cer", gen_cer, "--key", other_key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "does not belong"));
}

static void
test_check_dates (void)
{
  CfTestCertSpec spec = { .days_valid = -30, .serial_ascii = "30001000000500000012",
                          .password = gen_password };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *line = password_line (gen_password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -100);
  g_autofree char *before_text = g_date_time_format (before, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  int status;

  cf_test_generate_cert (tmpdir, "expired", &spec, &cer, &key, &error);
  g_assert_no_error (error);

  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "expired"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* (Self-signed: it is its own anchor.) */
  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", "--at", before_text, "--trust-anchor", cer, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A date that does not exist is a usage error. */
  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", "--at", "2019-02-30", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
}

static void
test_check_usage (void)
{
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli ("x\n", NULL, &err, "efirma", "check", "--cer", gen_cer, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "Usage:"));
  g_clear_pointer (&err, g_free);

  /* The password only from stdin, never as an argument. */
  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "check", "--cer", gen_cer, "--key", gen_key, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--password-stdin"));
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli ("", NULL, &err, "efirma", "check", "--cer", gen_cer, "--key", gen_key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "No password"));
}

static void
test_check_fixture (void)
{
  g_autofree char *cer = fixture_or_skip (FIEL_DIR "/certificate.cer");
  g_autofree char *key = NULL;
  g_autofree char *csd_cer = NULL;
  g_autofree char *csd_key = NULL;
  g_autofree char *password = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (cer == NULL)
    return;

  key = cf_test_fixture_path (FIEL_DIR "/private_key.key");
  password = cf_test_fixture_password (FIEL_DIR);
  line = password_line (password);

  /* Expired in 2021... */
  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "expired on May 15, 2021"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* ...valid in 2019, issued by SAT's test CA: a warning says so. */
  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", "--at", "2019-06-01", NULL);
  {
    g_autofree char *sat_ca = cf_test_sat_ca_dir ();

    if (sat_ca != NULL)
      {
        g_assert_cmpint (status, ==, 0);
        g_assert_cmpstr (out, ==, "OK\n");
        g_assert_nonnull (strstr (err, "SAT test certificate"));
      }
    else
      g_assert_cmpint (status, ==, 1);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A CSD is refused, saying why. */
  csd_cer = cf_test_fixture_path (CSD_DIR "/certificate.cer");
  csd_key = cf_test_fixture_path (CSD_DIR "/private_key.key");
  g_clear_pointer (&password, g_free);
  g_clear_pointer (&line, g_free);
  password = cf_test_fixture_password (CSD_DIR);
  line = password_line (password);
  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", csd_cer, "--key", csd_key,
                            "--password-stdin", "--at", "2019-06-01", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "CSD"));
}

/* ------------------------------------------------------------------ */
/* sign                                                                 */
/* ------------------------------------------------------------------ */

static void
test_sign_equals_openssl (void)
{
  g_autofree char *data_path = write_data_file ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *expected = NULL;
  int status;

  status = run_sign (gen_cer, gen_key, gen_password, data_path, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");

  reference = openssl_signature (gen_key, gen_password, data_path);
  expected = g_strdup_printf ("%s\n", reference);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_sign_fixture (void)
{
  g_autofree char *cer = fixture_or_skip (FIEL_DIR "/certificate.cer");
  g_autofree char *key = NULL;
  g_autofree char *password = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *reference = NULL;
  int status;

  if (cer == NULL)
    return;

  key = cf_test_fixture_path (FIEL_DIR "/private_key.key");
  password = cf_test_fixture_password (FIEL_DIR);
  data_path = write_data_file ();

  status = run_sign (cer, key, password, data_path, &out, NULL);
  g_assert_cmpint (status, ==, 0);
  reference = openssl_signature (key, password, data_path);
  g_strchomp (out);
  g_assert_cmpstr (out, ==, reference);
}

static void
test_sign_password_on_stdin (void)
{
  g_autofree char *data_path = write_data_file ();
  g_autofree char *input = g_strdup_printf ("%s\n%s", gen_password, data_to_sign);
  g_autofree char *out = NULL;
  g_autofree char *reference = NULL;
  int status;

  /* --password-fd 0: the first line is the password, the rest the data. */
  status = cf_test_run_cli (input, &out, NULL, "sign", "--cer", gen_cer, "--key", gen_key,
                            "--password-fd", "0", NULL);
  g_assert_cmpint (status, ==, 0);
  reference = openssl_signature (gen_key, gen_password, data_path);
  g_strchomp (out);
  g_assert_cmpstr (out, ==, reference);
}

/* Every signing verb takes the password either way. */
static void
test_sign_password_stdin_option (void)
{
  g_autofree char *data_path = write_data_file ();
  g_autofree char *input = g_strdup_printf ("%s\n%s", gen_password, data_to_sign);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *reference = NULL;
  int status;

  status = cf_test_run_cli (input, &out, NULL, "sign", "--cer", gen_cer, "--key", gen_key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 0);
  reference = openssl_signature (gen_key, gen_password, data_path);
  g_strchomp (out);
  g_assert_cmpstr (out, ==, reference);
  g_clear_pointer (&out, g_free);

  /* Not both. */
  status = cf_test_run_cli (input, &out, &err, "sign", "--cer", gen_cer, "--key", gen_key,
                            "--password-stdin", "--password-fd", "0", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "not both"));
}

static void
test_check_password_fd (void)
{
  g_autofree char *line = password_line (gen_password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", gen_cer, "--key", gen_key,
                            "--password-fd", "0", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK\n");
}

static void
test_sign_refusals (void)
{
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000013", .password = gen_password };
  g_autofree char *other_cer = NULL;
  g_autofree char *data_path = write_data_file ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cf_test_generate_cert (tmpdir, "sign-other", &spec, &other_cer, NULL, &error);
  g_assert_no_error (error);

  status = run_sign (other_cer, gen_key, gen_password, data_path, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "does not belong"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_sign (gen_cer, gen_key, "mala", data_path, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_null (strstr (err, "mala"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (data_to_sign, &out, &err, "sign", "--cer", gen_cer, "--key", gen_key, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--password-fd"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A key under 2048 bits signs nothing. */
  {
    CfTestCertSpec short_spec = { .bits = 1024, .serial_ascii = "30001000000500000014",
                                  .password = gen_password };
    g_autofree char *short_cer = NULL;
    g_autofree char *short_key = NULL;

    cf_test_generate_cert (tmpdir, "sign-short", &short_spec, &short_cer, &short_key, &error);
    g_assert_no_error (error);
    status = run_sign (short_cer, short_key, gen_password, data_path, &out, &err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "2048 bits or more"));
  }
}

/* ------------------------------------------------------------------ */
/* Secrets stay inside the process                                      */
/* ------------------------------------------------------------------ */

/* Raises or drops CAP_SYS_PTRACE in this process's effective set (a no-op
 * when it is not permitted). Root may read any process's memory with it;
 * without it (and with the child's capabilities within its own), root is
 * held to the rule for everyone else: another process of the same user is
 * readable only while it is dumpable. */
static void
set_ptrace_capability (gboolean on)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
  guint i = CAP_TO_INDEX (CAP_SYS_PTRACE);

  g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
  if (on)
    data[i].effective |= data[i].permitted & CAP_TO_MASK (CAP_SYS_PTRACE);
  else
    data[i].effective &= ~CAP_TO_MASK (CAP_SYS_PTRACE);
  g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);
}

/* 0 when /proc/@pid/mem opens for reading, else the errno. */
static int
open_mem_errno (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/mem", (int) pid);
  int fd, saved_errno;

  set_ptrace_capability (FALSE);
  fd = open (path, O_RDONLY);
  saved_errno = errno;
  set_ptrace_capability (TRUE);

  if (fd < 0)
    return saved_errno;
  close (fd);
  return 0;
}

/* In the child, before exec: as root, a process whose permitted
 * capabilities are not within the reader's effective ones is never
 * readable, dumpable or not; without CAP_SYS_PTRACE in its bounding set
 * the child is exec'd without it, within the test's set when the test
 * drops it. Nothing to do (and a harmless failure) when not root. */
static void
drop_ptrace_from_bounding_set (gpointer user_data)
{
  prctl (PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0);
}

static GPid
spawn_with_stdin (const char * const *argv,
                  int                 stdin_fd)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async_with_fds (NULL, (char **) argv, NULL,
                          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                          G_SPAWN_STDERR_TO_DEV_NULL,
                          drop_ptrace_from_bounding_set, NULL, &pid, stdin_fd, -1, -1, &error);
  g_assert_no_error (error);
  return pid;
}

static void
kill_and_reap (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
}

/* A signing run waiting for its password on a FIFO that is never written:
 * its memory cannot be read through /proc/PID/mem by its own parent (the
 * test, root or not: CAP_SYS_PTRACE is dropped for the check). */
static void
test_sign_waiting_not_readable (void)
{
  g_autofree char *fifo = g_build_filename (tmpdir, "password.fifo", NULL);
  g_autofree char *data_path = write_data_file ();
  const char *control_argv[] = { "cat", NULL };
  const char *cli_argv[] = { cf_test_cli_path (), "sign", "--cer", gen_cer, "--key", gen_key,
                             "--password-stdin", NULL };
  int writer, reader, control_errno, cli_errno = 0;
  gint64 deadline;
  GPid control, cli;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* This end is held open and never written: the reader blocks. */
  writer = open (fifo, O_RDWR);
  g_assert_cmpint (writer, >=, 0);
  reader = open (fifo, O_RDONLY);
  g_assert_cmpint (reader, >=, 0);

  /* The measure first: an ordinary process of ours, blocked on the same
   * FIFO, is readable. Without that (Yama's ptrace_scope 2 or 3, say) the
   * check below would prove nothing. */
  control = spawn_with_stdin (control_argv, reader);
  g_usleep (100 * 1000);
  control_errno = open_mem_errno (control);
  kill_and_reap (control);
  if (control_errno != 0)
    {
      g_test_skip_printf ("An ordinary child's memory cannot be read either (%s)",
                          g_strerror (control_errno));
      close (reader);
      close (writer);
      return;
    }

  cli = spawn_with_stdin (cli_argv, reader);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      int status;

      g_assert_cmpint (waitpid (cli, &status, WNOHANG), ==, 0);  /* still waiting */
      cli_errno = open_mem_errno (cli);
      if (cli_errno != 0)
        break;
      g_usleep (20 * 1000);
    }
  kill_and_reap (cli);
  close (reader);
  close (writer);

  g_assert_true (cli_errno == EACCES || cli_errno == EPERM);
}

/* efirma check --password-stdin on a pseudo-terminal (tests/cli/
 * pty-password.py types @password after @prompt): the status, and in
 * *@shown everything the terminal showed. */
static int
check_on_terminal (const char  *prompt,
                   const char  *password,
                   char       **shown)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "cli", "pty-password.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, prompt, password, cf_test_cli_path (),
                         "efirma", "check", "--cer", gen_cer, "--key", gen_key,
                         "--password-stdin", NULL };

  return cf_test_spawn (argv, NULL, shown, NULL);
}

/* Typed at a terminal, the password is asked for and not echoed. */
static void
test_check_password_on_terminal (void)
{
  g_autofree char *shown = NULL;
  int status;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is needed");
      return;
    }

  status = check_on_terminal ("e.firma password:", gen_password, &shown);
  g_test_message ("the terminal showed: %s", shown);
  g_assert_null (strstr (shown, gen_password));
  g_assert_nonnull (strstr (shown, "e.firma password: "));
  g_assert_null (strstr (shown, "Contrase"));
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (shown, "OK"));
  g_clear_pointer (&shown, g_free);

  /* A wrong one is refused the same way, and not shown either. */
  status = check_on_terminal ("e.firma password:", "Equivocada-991", &shown);
  g_assert_cmpint (status, ==, 1);
  g_assert_null (strstr (shown, "Equivocada-991"));
}

/* ------------------------------------------------------------------ */
/* Spanish                                                              */
/* ------------------------------------------------------------------ */

/* The Spanish text of @msgid from the build's catalogue. */
static const char *
spanish (const char *msgid)
{
  return dgettext (GETTEXT_PACKAGE, msgid);
}

static void
test_spanish (void)
{
  const char *localedir = g_getenv ("CF_LOCALEDIR");
  g_autofree char *mo = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *locale;
  const char *usage_msgid = "Give the certificate with --cer and the key with --key.";
  const char *password_msgid = "The password does not open this private key. Type it again "
                               "(capital letters count); it is the password of the .key file, "
                               "chosen when the e.firma was issued.";
  const char *label_msgid = "Certificate number";
  int status;

  if (localedir == NULL)
    {
      g_test_skip ("CF_LOCALEDIR is not set");
      return;
    }
  mo = g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("The Spanish catalogue is not built yet");
      return;
    }

  /* es_MX.UTF-8 when the system has it; otherwise C.UTF-8 + LANGUAGE=es
   * gives the same messages (gettext honours LANGUAGE outside plain C). */
  locale = setlocale (LC_ALL, "es_MX.UTF-8") != NULL ? "es_MX.UTF-8" : "C.UTF-8";
  setlocale (LC_ALL, locale);
  g_setenv ("LANGUAGE", "es", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (g_str_equal (spanish (usage_msgid), usage_msgid) ||
      g_str_equal (spanish (password_msgid), password_msgid) ||
      g_str_equal (spanish (label_msgid), label_msgid))
    {
      g_test_skip ("The CLI's messages are not translated to Spanish yet");
      return;
    }

  g_setenv ("LC_ALL", locale, TRUE);

  status = cf_test_run_cli (NULL, NULL, &err, "efirma", "check", "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, spanish (usage_msgid)));
  g_clear_pointer (&err, g_free);

  /* A message from the core, through the CLI. */
  status = cf_test_run_cli ("mala\n", NULL, &err, "efirma", "check", "--cer", gen_cer, "--key", gen_key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, spanish (password_msgid)));

  status = cf_test_run_cli (NULL, &out, NULL, "efirma", "inspect", gen_cer, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, spanish (label_msgid)));
  g_clear_pointer (&out, g_free);

  /* The prompt at a terminal, as SAT words it. */
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_assert_cmpstr (spanish ("e.firma password:"), ==, "Contraseña de la e.firma:");
      status = check_on_terminal ("Contraseña de la e.firma:", gen_password, &out);
      g_assert_cmpint (status, ==, 0);
      g_assert_null (strstr (out, gen_password));
    }

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

/* The certificate this test generates is self-signed: it is its own anchor,
 * in the run's trust folder, with SAT's test CAs when they are beside the
 * fixtures. efirma check refuses anything else. */
static void
trust_setup (void)
{
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_autofree char *trust_dir = g_build_filename (tmpdir, "trust", NULL);
  g_autofree char *signer = g_build_filename (trust_dir, "signer.cer", NULL);
  g_autoptr(GBytes) signer_bytes = cf_test_read_file (gen_cer);

  g_assert_cmpint (g_mkdir (trust_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (signer, g_bytes_get_data (signer_bytes, NULL),
                                      g_bytes_get_size (signer_bytes), NULL));

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

/* A certificate nobody trusts is refused with the reason; given its CA with
 * --trust-anchor it passes. */
static void
test_check_not_sat (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *line = password_line (gen_password);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  CfTestCertSpec spec = { .password = gen_password };
  int status;

  cf_test_generate_cert (dir, "elsewhere", &spec, &cer, &key, &error);
  g_assert_no_error (error);
  ca = cf_test_make_ca (dir, "Universidad CA", NULL);
  cf_test_issue_by (cer, ca, cer);

  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "not issued by SAT"));
  g_assert_nonnull (strstr (err, "--trust-anchor"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = cf_test_run_cli (line, &out, &err, "efirma", "check", "--cer", cer, "--key", key,
                            "--password-stdin", "--trust-anchor", ca, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "OK\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  CfTestCertSpec spec = { .password = gen_password };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = cf_test_mkdtemp ();
  cf_test_generate_cert (tmpdir, "signer", &spec, &gen_cer, &gen_key, &error);
  g_assert_no_error (error);
  trust_setup ();

  g_test_add_func ("/cli/dispatcher", test_dispatcher);
  g_test_add_func ("/cli/efirma/inspect/json-fixture", test_inspect_json_fixture);
  g_test_add_func ("/cli/efirma/inspect/json-csd", test_inspect_json_csd);
  g_test_add_func ("/cli/efirma/inspect/human", test_inspect_human);
  g_test_add_func ("/cli/efirma/inspect/errors", test_inspect_errors);
  g_test_add_func ("/cli/efirma/check/ok", test_check_ok);
  g_test_add_func ("/cli/efirma/check/wrong-password", test_check_wrong_password);
  g_test_add_func ("/cli/efirma/check/key-mismatch", test_check_key_mismatch);
  g_test_add_func ("/cli/efirma/check/dates", test_check_dates);
  g_test_add_func ("/cli/efirma/check/usage", test_check_usage);
  g_test_add_func ("/cli/efirma/check/fixture", test_check_fixture);
  g_test_add_func ("/cli/efirma/check/not-sat", test_check_not_sat);
  g_test_add_func ("/cli/sign/equals-openssl", test_sign_equals_openssl);
  g_test_add_func ("/cli/sign/fixture", test_sign_fixture);
  g_test_add_func ("/cli/sign/password-on-stdin", test_sign_password_on_stdin);
  g_test_add_func ("/cli/sign/password-stdin-option", test_sign_password_stdin_option);
  g_test_add_func ("/cli/efirma/check/password-fd", test_check_password_fd);
  g_test_add_func ("/cli/efirma/check/password-on-terminal", test_check_password_on_terminal);
  g_test_add_func ("/cli/sign/refusals", test_sign_refusals);
  g_test_add_func ("/cli/sign/waiting-not-readable", test_sign_waiting_not_readable);
  g_test_add_func ("/cli/spanish", test_spanish);

  status = g_test_run ();

  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  g_free (gen_cer);
  g_free (gen_key);
  return status;
}
