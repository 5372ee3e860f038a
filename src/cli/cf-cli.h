/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli.h: what every verb group of certifica-cli shares. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CF_CLI_EXIT_OK      = 0,
  CF_CLI_EXIT_FAILURE = 1,   /* the command ran and said no, or failed */
  CF_CLI_EXIT_USAGE   = 2,   /* the command line was wrong */
} CfCliExit;

typedef struct _CfContext CfContext;

/* Global options, given before the verb, and the core context the verbs
 * share (opened on first use: many verbs need no store). */
typedef struct
{
  char      *store_path;   /* --store LOCATION; NULL = CERTIFICA_STORE, else the default */
  CfContext *core;
} CfCliContext;

/* @argv[0] is the verb's full name ("certifica-cli efirma inspect"). */
typedef int (*CfCliVerbFunc) (CfCliContext  *context,
                              int            argc,
                              char         **argv);

typedef struct
{
  const char    *name;       /* "inspect" */
  const char    *synopsis;   /* N_("[--json] FILE.cer"): placeholders translated, options not */
  const char    *summary;    /* N_() */
  CfCliVerbFunc  run;
} CfCliVerb;

/* Runs the verb named by @argv[1] among @verbs; @argv[0] is the group's
 * full name ("certifica-cli efirma"). Prints the list on --help or no verb. */
int       cf_cli_run_group     (CfCliContext     *context,
                                const char       *group,
                                const CfCliVerb  *verbs,
                                gsize             n_verbs,
                                int               argc,
                                char            **argv);

/* Parses @argv with @entries; on failure prints the reason and usage and
 * returns FALSE (exit with CF_CLI_EXIT_USAGE). @synopsis and @summary are
 * untranslated N_() strings, like those of the usage functions below. */
gboolean  cf_cli_parse_options (const char       *command,
                                const char       *synopsis,
                                const char       *summary,
                                const GOptionEntry *entries,
                                int              *argc,
                                char           ***argv);

/* Prints "certifica-cli: MESSAGE", the usage line, and returns CF_CLI_EXIT_USAGE. */
int       cf_cli_usage_error   (const char       *command,
                                const char       *synopsis,
                                const char       *format,
                                ...) G_GNUC_PRINTF (3, 4);

/* Prints "certifica-cli: MESSAGE" and returns CF_CLI_EXIT_FAILURE. */
int       cf_cli_fail          (const GError     *error);

G_END_DECLS
