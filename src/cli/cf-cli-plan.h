/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-plan.h: the "plan" verbs of certifica-cli (Programa de Estudios). */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli plan import|validate|diff|export|mark-sent */
int cf_cli_plan_main (CfCliContext  *context,
                      int            argc,
                      char         **argv);

G_END_DECLS
