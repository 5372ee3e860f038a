/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-certs-seal.h: the "certs seal" and "certs export-sep" verbs,
 * registered in the "certs" group's table (cf-cli-certs.c). */
#pragma once

#include <glib/gi18n-lib.h>

#include "cf-cli.h"

G_BEGIN_DECLS

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define CF_CLI_CERTS_SEAL_SYNOPSIS       N_("--signer CERT_NUMBER (--all-ready | ID…) [--password-stdin | --password-fd N] " \
                                            "[--key FILE.key] [OPTIONS]")
/* Translators: a command's synopsis: keep the --options, "sellado" and the
 * file extensions; translate the placeholders in capitals. */
#define CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS N_("--out FILE.zip (--status sellado | ID…)")

int cf_cli_certs_seal       (CfCliContext  *context,
                             int            argc,
                             char         **argv);
int cf_cli_certs_export_sep (CfCliContext  *context,
                             int            argc,
                             char         **argv);

G_END_DECLS
