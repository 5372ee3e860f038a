/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-incorporation.h: the incorporation to the MEC from certifica-cli
 * (issue 15): "incorporation", "folios", "calendar" and "logo". */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli incorporation status|set|start|sent|done */
int cf_cli_incorporation_main (CfCliContext  *context,
                               int            argc,
                               char         **argv);
/* certifica-cli folios add|use|result|status */
int cf_cli_folios_main        (CfCliContext  *context,
                               int            argc,
                               char         **argv);
/* certifica-cli calendar add-business-days */
int cf_cli_calendar_main      (CfCliContext  *context,
                               int            argc,
                               char         **argv);
/* certifica-cli logo check|fix (cf-cli-logo.c) */
int cf_cli_logo_main          (CfCliContext  *context,
                               int            argc,
                               char         **argv);

G_END_DECLS
