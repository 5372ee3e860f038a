/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-credential.c: --cer/--key, --from-keyring, --password-stdin and
 * --password-fd, parsed and opened the same way by every signing verb. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cf-cli-credential.h"
#include "cf-cli-store.h"
#include "cf-signer-repo.h"

void
cf_cli_credential_options_clear (CfCliCredentialOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->cer_path, g_free);
  g_clear_pointer (&options->key_path, g_free);
  g_clear_pointer (&options->from_keyring, g_free);
}

GOptionEntry *
cf_cli_credential_add_entries (CfCliCredentialOptions *options,
                               const GOptionEntry     *entries)
{
  const GOptionEntry credential_entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &options->cer_path,
      N_("The e.firma certificate (.cer)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &options->key_path,
      N_("The e.firma private key (.key)"), N_("FILE") },
    { "from-keyring", 0, 0, G_OPTION_ARG_STRING, &options->from_keyring,
      N_("Use the key kept in the keyring for this certificate number"), N_("NUMBER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options->password_stdin,
      N_("Read the key’s password from the standard input"), NULL },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &options->password_fd,
      N_("Read the key’s password from this file descriptor (up to a newline)"), N_("N") },
  };
  gsize n = 0;
  GOptionEntry *all;

  g_return_val_if_fail (options != NULL, NULL);

  while (entries != NULL && entries[n].long_name != NULL)
    n++;

  all = g_new0 (GOptionEntry, G_N_ELEMENTS (credential_entries) + n + 1);
  memcpy (all, credential_entries, sizeof credential_entries);
  if (n > 0)
    memcpy (all + G_N_ELEMENTS (credential_entries), entries, n * sizeof *entries);
  return all;
}

int
cf_cli_credential_check_usage (const CfCliCredentialOptions *options,
                               const char                   *command,
                               const char                   *synopsis)
{
  gboolean password_given;

  g_return_val_if_fail (options != NULL, CF_CLI_EXIT_USAGE);

  if (options->password_fd < -1)
    return cf_cli_usage_error (command, synopsis,
                               _("--password-fd takes the number of an open file descriptor: 0 or more."));
  if (options->password_stdin && options->password_fd >= 0)
    return cf_cli_usage_error (command, synopsis,
                               _("Give the password either with --password-stdin or with --password-fd, not both."));
  password_given = options->password_stdin || options->password_fd >= 0;

  if (options->from_keyring != NULL)
    {
      if (options->key_path != NULL)
        return cf_cli_usage_error (command, synopsis,
                                   _("Use either --key or --from-keyring, not both."));
      return CF_CLI_EXIT_OK;
    }

  if (options->cer_path == NULL || options->key_path == NULL)
    return cf_cli_usage_error (command, synopsis,
                               _("Give the certificate with --cer and the key with --key."));
  if (!password_given)
    return cf_cli_usage_error (command, synopsis,
                               _("Give the key’s password on the standard input with --password-stdin, "
                                 "or on a file descriptor with --password-fd N."));
  return CF_CLI_EXIT_OK;
}

/* The terminal's settings while a password is typed with echo off, put
 * back by the signal handler when the person gives up with Ctrl+C. */
static int            echo_fd = -1;
static struct termios echo_saved;

/* Not SIGTSTP: after fg the password would be typed with echo on; the
 * shell restores a stopped job's terminal itself. */
static const int echo_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void
restore_echo_on_signal (int sig)
{
  /* Async-signal-safe: tcsetattr and raise. SA_RESETHAND made the action
   * the default again, so the re-raised signal does what it would have. */
  tcsetattr (echo_fd, TCSAFLUSH, &echo_saved);
  raise (sig);
}

/* Prompts on the standard error and reads the first line of @fd, a
 * terminal, with echo off (the newline is still echoed). */
static char *
read_password_from_terminal (int      fd,
                             GError **error)
{
  struct sigaction action, previous[G_N_ELEMENTS (echo_signals)];
  struct termios quiet;
  char *password;
  gsize i;

  if (tcgetattr (fd, &echo_saved) != 0)
    return cf_secret_read_fd (fd, error);

  echo_fd = fd;
  memset (&action, 0, sizeof action);
  action.sa_handler = restore_echo_on_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (echo_signals); i++)
    sigaction (echo_signals[i], &action, &previous[i]);

  quiet = echo_saved;
  quiet.c_lflag &= ~(ECHO | ECHOE | ECHOK);
  quiet.c_lflag |= ECHONL | ICANON;
  /* TCSAFLUSH: nothing typed before the prompt counts as the password. */
  while (tcsetattr (fd, TCSAFLUSH, &quiet) != 0 && errno == EINTR)
    ;

  /* The prompt once echo is off, so nothing typed after it is shown. */
  /* TRANSLATORS: the prompt for the password of the .key file when it is
   * typed at a terminal (nothing is shown while typing). */
  fprintf (stderr, "%s ", _("e.firma password:"));
  fflush (stderr);

  password = cf_secret_read_fd (fd, error);

  while (tcsetattr (fd, TCSAFLUSH, &echo_saved) != 0 && errno == EINTR)
    ;
  for (i = 0; i < G_N_ELEMENTS (echo_signals); i++)
    sigaction (echo_signals[i], &previous[i], NULL);
  echo_fd = -1;

  return password;
}

char *
cf_cli_credential_read_password (int      fd,
                                 GError **error)
{
  char *password = isatty (fd) ? read_password_from_terminal (fd, error)
                               : cf_secret_read_fd (fd, error);

  if (password != NULL && *password == '\0')
    {
      cf_secret_free (password);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No password was given: write the .key file’s password "
                             "to the standard input (or the chosen file descriptor)."));
      return NULL;
    }
  return password;
}

static CfCertificate *
certificate_from_store (CfCliContext  *context,
                        const char    *number,
                        GError       **error)
{
  g_autoptr(CfStore) store = cf_cli_open_store (context, error);

  if (store == NULL)
    return NULL;
  return cf_signer_repo_get (store, number, error);
}

CfCredential *
cf_cli_credential_open (CfCliContext                  *context,
                        const CfCliCredentialOptions  *options,
                        GError                       **error)
{
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfSecret) password = NULL;
  g_autoptr(GError) local_error = NULL;
  CfCredential *credential;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The certificate: the file given, or the signer in the store. */
  if (options->cer_path != NULL)
    certificate = cf_certificate_new_from_file (options->cer_path, error);
  else
    certificate = certificate_from_store (context, options->from_keyring, error);
  if (certificate == NULL)
    return NULL;

  if (options->from_keyring == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (options->key_path);

      key_data = g_file_load_bytes (file, NULL, NULL, error);
      if (key_data == NULL)
        return NULL;
    }

  /* The password before anything else is read: with the standard input it
   * is the first line and the rest may be data. A password given now wins
   * over one remembered in the keyring. */
  if (options->password_stdin || options->password_fd >= 0)
    {
      int fd = options->password_stdin ? STDIN_FILENO : options->password_fd;

      password = cf_cli_credential_read_password (fd, error);
      if (fd != STDIN_FILENO)
        close (fd);
      if (password == NULL)
        return NULL;
    }

  if (options->from_keyring != NULL)
    credential = cf_credential_new_from_keyring (NULL, certificate, options->from_keyring,
                                                 password, NULL, &local_error);
  else
    credential = cf_credential_new_from_bytes (certificate, key_data, password, &local_error);
  g_clear_pointer (&password, cf_secret_free);

  if (credential == NULL)
    {
      if (g_error_matches (local_error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_PASSWORD_NEEDED))
        g_set_error_literal (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_PASSWORD_NEEDED,
                             _("The keyring keeps this key but not its password: give the "
                               "password on the standard input with --password-stdin."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return credential;
}
