/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-render.h: certifica-cli render (the printed certificate, the oficio). */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli render FILE.xml --out FILE.pdf [--logo IMG] [--png PAGE]
 * certifica-cli render --oficio DATA.json --out FILE.pdf */
int cf_cli_render_main (CfCliContext  *context,
                        int            argc,
                        char         **argv);

G_END_DECLS
