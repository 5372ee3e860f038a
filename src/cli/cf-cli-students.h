/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-students.h: the "students" verbs of certifica-cli. */
#pragma once

#include "cf-cli.h"

G_BEGIN_DECLS

/* certifica-cli students import */
int cf_cli_students_main (CfCliContext  *context,
                          int            argc,
                          char         **argv);

G_END_DECLS
