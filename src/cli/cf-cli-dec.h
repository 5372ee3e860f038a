/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-dec.h: the "dec" verbs of certifica-cli (certificates). */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli dec cadena|new|... */
int cf_cli_dec_main (CfCliContext  *context,
                     int            argc,
                     char         **argv);

G_END_DECLS
