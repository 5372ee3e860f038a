/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-store.h: the "store" verbs and the "audit" command of certifica-cli. */
#pragma once

#include "cf-cli.h"
#include <json-glib/json-glib.h>

#include "cf-store.h"

G_BEGIN_DECLS

/* certifica-cli store init|info|copy */
int      cf_cli_store_main (CfCliContext  *context,
                            int            argc,
                            char         **argv);
/* certifica-cli audit [--json] [--since DATE] */
int      cf_cli_audit_main (CfCliContext  *context,
                            int            argc,
                            char         **argv);
/* The core context of this run, its store the one the global --store (or
 * CERTIFICA_STORE) names, else the default; opened on the first call. */
CfContext *cf_cli_get_context (CfCliContext  *context,
                               GError       **error);
/* A new reference to that context's store. */
CfStore  *cf_cli_open_store  (CfCliContext  *context,
                              GError       **error);
/* Prints @node as JSON on standard output, with a final newline. */
void     cf_cli_print_json (JsonNode      *node);

G_END_DECLS
