/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-dec-seal.h: the "dec validate", "dec seal" and "dec verify" verbs,
 * registered in the "dec" group's table (cf-cli-dec.c). */
#pragma once

#include <glib/gi18n-lib.h>

#include "cf-cli.h"

G_BEGIN_DECLS

/* Translators: a command's synopsis: keep the --options, their values
 * (certificate, plan) and the file extensions; translate the placeholders
 * in capitals as in the options. */
#define CF_CLI_DEC_VALIDATE_SYNOPSIS N_("[--json] [--total-rule certificate|plan] [--plan-credits N] [--plan-subjects N] FILE.xml…")
/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define CF_CLI_DEC_SEAL_SYNOPSIS     N_("--cer FILE --key FILE --password-stdin [OPTIONS] --out DIR FILE.xml… | " \
                                        "--from-keyring CERT_NUMBER [--password-stdin] [OPTIONS] --out DIR FILE.xml…")
/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define CF_CLI_DEC_VERIFY_SYNOPSIS   N_("[--json] [--trust-anchor CA.pem]… FILE.xml…")

int cf_cli_dec_validate (CfCliContext  *context,
                         int            argc,
                         char         **argv);
int cf_cli_dec_seal     (CfCliContext  *context,
                         int            argc,
                         char         **argv);
int cf_cli_dec_verify   (CfCliContext  *context,
                         int            argc,
                         char         **argv);

G_END_DECLS
