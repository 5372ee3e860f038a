/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-credential.h: the e.firma options every signing verb shares.
 *
 *   --cer FILE --key FILE        the certificate and its .key
 *   --from-keyring NUMBER        the key kept in the login keyring; the
 *                                certificate from --cer or from the signer
 *                                registered in the store under NUMBER
 *   --password-stdin             the password is the first line of stdin
 *                                (typed without echo after a prompt when
 *                                stdin is a terminal)
 *   --password-fd N              … of file descriptor N (as gpg's)
 *
 * With --from-keyring and no password option the remembered password is
 * used. Passwords are never taken from the command line (ps shows it) and
 * are wiped as soon as the key is open. */
#pragma once

#include "cf-cli.h"
#include "cf-credential.h"

G_BEGIN_DECLS

typedef struct
{
  char     *cer_path;
  char     *key_path;
  char     *from_keyring;     /* a certificate number */
  gboolean  password_stdin;
  int       password_fd;      /* -1: not given */
} CfCliCredentialOptions;

#define CF_CLI_CREDENTIAL_OPTIONS_INIT { NULL, NULL, NULL, FALSE, -1 }

/* Frees the strings; g_auto(CfCliCredentialOptions) calls it. */
void            cf_cli_credential_options_clear  (CfCliCredentialOptions       *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CfCliCredentialOptions, cf_cli_credential_options_clear)

/* @entries (NULL-terminated, may be NULL) followed by the credential
 * options that write into @options, NULL-terminated; free with g_free(). */
GOptionEntry   *cf_cli_credential_add_entries    (CfCliCredentialOptions       *options,
                                                  const GOptionEntry           *entries);

/* A wrong combination (no --cer/--key nor --from-keyring, --key with
 * --from-keyring, no password option without --from-keyring, both password
 * options…) is printed with @command's usage: CF_CLI_EXIT_USAGE. Else
 * CF_CLI_EXIT_OK. */
int             cf_cli_credential_check_usage    (const CfCliCredentialOptions *options,
                                                  const char                   *command,
                                                  const char                   *synopsis);

/* Reads the certificate, the key and the password, in that order, and opens
 * them (cf-credential.h). The password descriptor is closed afterwards
 * unless it is the standard input, whose following lines are left unread.
 * The store (for --from-keyring without --cer) is the one @context names. */
CfCredential   *cf_cli_credential_open           (CfCliContext                 *context,
                                                  const CfCliCredentialOptions *options,
                                                  GError                      **error);

/* The first line of @fd, in memory that cf_secret_free() wipes; an empty
 * one is an error that says how to give it. When @fd is a terminal the
 * standard error shows the prompt "e.firma password:" and the password is
 * typed with echo off; from a pipe or file it is read as is. */
char           *cf_cli_credential_read_password  (int                           fd,
                                                  GError                      **error);

G_END_DECLS
