/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-certs.h: the "certs" verb group of certifica-cli (list, validate,
 * seal, export-sep). The group's table is in cf-cli-certs.c; each verb
 * lives in its own file (seal and export-sep: cf-cli-certs-seal.c). */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

int cf_cli_certs_main (CfCliContext  *context,
                       int            argc,
                       char         **argv);

G_END_DECLS
