/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-efirma.h: the "efirma" and "sign" verbs of certifica-cli. */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli efirma inspect|check|ocsp|store-key|forget-key ... */
int cf_cli_efirma_main (CfCliContext  *context,
                        int            argc,
                        char         **argv);

/* certifica-cli sign --cer F --key F --password-fd N < data */
int cf_cli_sign_main   (CfCliContext  *context,
                        int            argc,
                        char         **argv);

G_END_DECLS
