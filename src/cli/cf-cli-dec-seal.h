/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-dec-seal.h: the "dec validate", "dec seal" and "dec verify" verbs,
 * registered in the "dec" group's table (cf-cli-dec.c). */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

#define CF_CLI_DEC_VALIDATE_SYNOPSIS "[--json] [--total-rule certificate|plan] [--plan-credits N] [--plan-subjects N] FILE.xml…"
#define CF_CLI_DEC_SEAL_SYNOPSIS     "--cer FILE --key FILE --password-stdin [--jobs N] --out DIR FILE.xml…"
#define CF_CLI_DEC_VERIFY_SYNOPSIS   "[--json] FILE.xml…"

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
