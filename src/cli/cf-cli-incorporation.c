/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-incorporation.c: certifica-cli incorporation, folios and calendar.
 *
 * Exit status: 0 when done; 1 when the store refused (a fourth use of a
 * test folio, a folio that is not one) or failed; 2 on a wrong command
 * line. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-business-days.h"
#include "cf-cli-incorporation.h"
#include "cf-cli-store.h"
#include "cf-inc-folios.h"
#include "cf-inc-letters.h"
#include "cf-inc-package.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-json.h"

/* A range of test folios longer than this is a typing mistake. */
#define MAX_RANGE 10000

/* ---- calendar ---- */

/* Translators: a synopsis: YYYY-MM-DD is a date, N a number. */
#define ADD_DAYS_SYNOPSIS N_("YYYY-MM-DD N")

static int
calendar_add_business_days (CfCliContext  *context,
                            int            argc,
                            char         **argv)
{
  const char *command = argv[0];
  g_autoptr(CfCalendar) calendar = NULL;
  g_autofree char *text = NULL;
  GDate date, result;
  guint64 n = 0;

  if (!cf_cli_parse_options (command, ADD_DAYS_SYNOPSIS,
                             N_("Print the Nth business day after the date (Monday to Friday, less Mexico's "
                                "official rest days and SEP's closures in dias-inhabiles.txt) as YYYY-MM-DD."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 3)
    return cf_cli_usage_error (command, ADD_DAYS_SYNOPSIS, "%s", _("Give a date and a number of business days."));
  if (!cf_calendar_parse_iso (argv[1], &date))
    return cf_cli_usage_error (command, ADD_DAYS_SYNOPSIS, _("“%s” is not a date (YYYY-MM-DD)."), argv[1]);
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 100000, &n, NULL))
    return cf_cli_usage_error (command, ADD_DAYS_SYNOPSIS,
                               _("“%s” is not a number of business days (0 or more)."), argv[2]);

  calendar = cf_calendar_new_default ();
  cf_calendar_add_business_days (calendar, &date, (guint) n, &result);
  text = cf_calendar_format_iso (&result);
  g_print ("%s\n", text);
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb calendar_verbs[] = {
  { "add-business-days", ADD_DAYS_SYNOPSIS, N_("The Nth business day after a date"), calendar_add_business_days },
};

int
cf_cli_calendar_main (CfCliContext  *context,
                      int            argc,
                      char         **argv)
{
  return cf_cli_run_group (context, argv[0], calendar_verbs, G_N_ELEMENTS (calendar_verbs), argc, argv);
}

/* ---- folios ---- */

/* Translators: a synopsis: keep --range; FOLIO, A and B are placeholders. */
#define FOLIOS_ADD_SYNOPSIS N_("FOLIO… | --range A-B")
/* Translators: a synopsis: keep --for and --result; FOLIO, WHAT and TEXT are placeholders. */
#define FOLIOS_USE_SYNOPSIS N_("[FOLIO] --for WHAT [--result TEXT]")
/* Translators: a synopsis: FOLIO, N and TEXT are placeholders. */
#define FOLIOS_RESULT_SYNOPSIS N_("FOLIO N TEXT")
/* Translators: a synopsis: FILE is a placeholder. */
#define FOLIOS_RESULTS_SYNOPSIS N_("FILE")
#define FOLIOS_STATUS_SYNOPSIS "[--json]"

/* "A-B" (digits, A ≤ B) into folios; each keeps A's width when A has
 * leading zeros ("0001-0100"). */
static GPtrArray *
expand_range (const char *range)
{
  const char *dash = strchr (range, '-');
  g_autofree char *first = NULL;
  guint64 a, b;
  int width;
  GPtrArray *folios;

  if (dash == NULL)
    return NULL;
  first = g_strndup (range, dash - range);
  if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT32, &a, NULL) ||
      !g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT32, &b, NULL) || a > b || b - a >= MAX_RANGE)
    return NULL;
  width = first[0] == '0' && strlen (first) > 1 ? (int) strlen (first) : 0;
  folios = g_ptr_array_new_with_free_func (g_free);
  for (guint64 i = a; i <= b; i++)
    g_ptr_array_add (folios, g_strdup_printf ("%0*" G_GUINT64_FORMAT, width, i));
  g_ptr_array_add (folios, NULL);
  return folios;
}

static int
folios_add (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  const char *command = argv[0];
  g_autofree char *range = NULL;
  const GOptionEntry entries[] = {
    /* Translators: the placeholder of --range, as in the synopsis. */
    { "range", 0, 0, G_OPTION_ARG_STRING, &range, N_("Add the folios from A to B (numbers)"), N_("A-B") },
    { NULL }
  };
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n_added = 0, n_given;

  if (!cf_cli_parse_options (command, FOLIOS_ADD_SYNOPSIS,
                             N_("Add the test folios SEP sent (each may be used three times). A folio "
                                "already there is left as it is."), entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (range != NULL && argc > 1)
    return cf_cli_usage_error (command, FOLIOS_ADD_SYNOPSIS, "%s", _("Give folios or a --range, not both."));
  if (range == NULL && argc < 2)
    return cf_cli_usage_error (command, FOLIOS_ADD_SYNOPSIS, "%s", _("Give the folios to add."));
  if (range != NULL)
    {
      folios = expand_range (range);
      if (folios == NULL)
        return cf_cli_usage_error (command, FOLIOS_ADD_SYNOPSIS,
                                   _("“%s” is not a range of folios such as 1-100 (at most %d)."),
                                   range, MAX_RANGE);
    }
  else
    {
      folios = g_ptr_array_new_with_free_func (g_free);
      for (int i = 1; i < argc; i++)
        g_ptr_array_add (folios, g_strdup (argv[i]));
      g_ptr_array_add (folios, NULL);
    }
  n_given = folios->len - 1;

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  if (!cf_incorporation_repo_add_folios (store, (const char * const *) folios->pdata, &n_added, &error))
    return cf_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u test folio added", "%u test folios added", n_added), n_added);
  if (n_given > n_added)
    /* Translators: after "N test folios added": how many of those given were there already. */
    g_print (g_dngettext (GETTEXT_PACKAGE, " (%u was already there)", " (%u were already there)",
                          n_given - n_added), n_given - n_added);
  g_print (".\n");
  return CF_CLI_EXIT_OK;
}

static int
folios_use (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  const char *command = argv[0];
  g_autofree char *used_for = NULL;
  g_autofree char *result = NULL;
  const GOptionEntry entries[] = {
    /* Translators: the placeholders of --for and --result, as in the synopsis. */
    { "for", 0, 0, G_OPTION_ARG_STRING, &used_for, N_("The certificate or file the folio was used for"),
      N_("WHAT") },
    { "result", 0, 0, G_OPTION_ARG_STRING, &result, N_("SEP's answer: SATISFACTORIO or its error text"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = NULL;
  guint number = 0;

  if (!cf_cli_parse_options (command, FOLIOS_USE_SYNOPSIS,
                             N_("Record a use of a test folio; a fourth use is refused. Without a FOLIO, the "
                                "one the certificate or file used last is taken while it has uses left, else "
                                "one never used, and printed."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 2)
    return cf_cli_usage_error (command, FOLIOS_USE_SYNOPSIS, "%s", _("Give at most one test folio."));
  if (used_for == NULL || *used_for == '\0')
    return cf_cli_usage_error (command, FOLIOS_USE_SYNOPSIS, "%s",
                               _("Say with --for which certificate or file used the folio."));
  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  if (argc == 2)
    {
      if (!cf_incorporation_repo_use_folio (store, argv[1], used_for, result, &number, &error))
        return cf_cli_fail (error);
      taken = g_strdup (argv[1]);
    }
  else if (!cf_incorporation_repo_take_folio (store, used_for, &taken, &number, &error) ||
           (result != NULL && !cf_incorporation_repo_set_result (store, taken, number, result, &error)))
    return cf_cli_fail (error);
  /* Translators: the folio, the use's number (1 to 3), what it was used for. */
  g_print (_("Test folio %s: use %u of 3, for %s.\n"), taken, number, used_for);
  return CF_CLI_EXIT_OK;
}

static int
folios_result (CfCliContext  *context,
               int            argc,
               char         **argv)
{
  const char *command = argv[0];
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 number;

  if (!cf_cli_parse_options (command, FOLIOS_RESULT_SYNOPSIS,
                             N_("Record SEP's answer (SATISFACTORIO or its error text) to use N of a test folio."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 4)
    return cf_cli_usage_error (command, FOLIOS_RESULT_SYNOPSIS, "%s",
                               _("Give the folio, the use's number and SEP's answer."));
  if (!g_ascii_string_to_unsigned (argv[2], 10, 1, 3, &number, NULL))
    return cf_cli_usage_error (command, FOLIOS_RESULT_SYNOPSIS, _("“%s” is not a use's number (1 to 3)."),
                               argv[2]);
  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  if (!cf_incorporation_repo_set_result (store, argv[1], (guint) number, argv[3], &error))
    return cf_cli_fail (error);
  return CF_CLI_EXIT_OK;
}

static int
folios_status (CfCliContext  *context,
               int            argc,
               char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print each folio's uses and results as JSON"), NULL },
    { NULL }
  };
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folios = NULL;
  guint n_folios = 0, n_satisfactory = 0;

  if (!cf_cli_parse_options (command, FOLIOS_STATUS_SYNOPSIS,
                             N_("Show the test folios, how many times each was used and SEP's answers."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (command, FOLIOS_STATUS_SYNOPSIS, "%s", _("This command takes no arguments."));
  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  folios = cf_incorporation_repo_list_folios (store, &error);
  if (folios == NULL || !cf_incorporation_repo_count_folios (store, &n_folios, &n_satisfactory, &error))
    return cf_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < folios->len; i++)
        {
          CfTestFolio *folio = g_ptr_array_index (folios, i);

          json_builder_begin_object (builder);
          cf_json_builder_add_string (builder, "folio", folio->folio);
          json_builder_set_member_name (builder, "uses");
          json_builder_add_int_value (builder, folio->uses);
          json_builder_set_member_name (builder, "results");
          json_builder_begin_array (builder);
          for (guint j = 0; j < folio->use_list->len; j++)
            {
              CfTestFolioUse *use = g_ptr_array_index (folio->use_list, j);

              json_builder_add_string_value (builder, use->result);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
      return CF_CLI_EXIT_OK;
    }

  if (folios->len == 0)
    {
      g_print ("%s\n", _("No test folios yet: add the ones SEP sent with “folios add”."));
      return CF_CLI_EXIT_OK;
    }
  for (guint i = 0; i < folios->len; i++)
    {
      CfTestFolio *folio = g_ptr_array_index (folios, i);

      /* Translators: a folio and how many of its 3 uses were taken. */
      g_print (_("%s  %u of 3"), folio->folio, folio->uses);
      for (guint j = 0; j < folio->use_list->len; j++)
        {
          CfTestFolioUse *use = g_ptr_array_index (folio->use_list, j);

          g_print ("  [%s: %s]", use->used_for, *use->result != '\0' ? use->result : _("no answer yet"));
        }
      g_print ("\n");
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u test folio; %u of %d certificates SATISFACTORIO.\n",
                        "%u test folios; %u of %d certificates SATISFACTORIO.\n", n_folios),
           n_folios, n_satisfactory, CF_INCORPORATION_SATISFACTORY_NEEDED);
  return CF_CLI_EXIT_OK;
}

/* SEP's returned file (cf-inc-folios.h says what is read): each result on
 * its folio's last use; folios that are not test folios here, or were never
 * used, are named and left. */
static int
folios_results (CfCliContext  *context,
                int            argc,
                char         **argv)
{
  const char *command = argv[0];
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint n = 0;

  if (!cf_cli_parse_options (command, FOLIOS_RESULTS_SYNOPSIS,
                             N_("Record SEP's answers from the file it returned: text or CSV (a folio, then "
                                "SATISFACTORIO or the error, one a line) or XML (elements with a folio and an "
                                "estatus or mensaje). Each goes to its folio's last use."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, FOLIOS_RESULTS_SYNOPSIS, "%s", _("Give the file SEP returned."));
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return cf_cli_fail (error);
  results = cf_inc_folios_parse_results (contents, length, &error);
  if (results == NULL)
    return cf_cli_fail (error);
  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  if (!cf_inc_folios_record_results (store, results, &n, &skipped, &error))
    return cf_cli_fail (error);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u result recorded from the file.",
                        "%u results recorded from the file.", n), n);
  g_print ("\n");
  if (skipped->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (skipped, NULL);
      list = g_strjoinv (", ", (char **) skipped->pdata);
      g_printerr (_("Not recorded, as they are not test folios here or were never used: %s."), list);
      g_printerr ("\n");
    }
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb folios_verbs[] = {
  { "add", FOLIOS_ADD_SYNOPSIS, N_("Add the test folios SEP sent"), folios_add },
  { "use", FOLIOS_USE_SYNOPSIS, N_("Record a use of a test folio (at most 3)"), folios_use },
  { "result", FOLIOS_RESULT_SYNOPSIS, N_("Record SEP's answer to a use"), folios_result },
  { "results", FOLIOS_RESULTS_SYNOPSIS, N_("Record SEP's answers from the file it returned"), folios_results },
  { "status", FOLIOS_STATUS_SYNOPSIS, N_("Show the test folios, their uses and results"), folios_status },
};

int
cf_cli_folios_main (CfCliContext  *context,
                    int            argc,
                    char         **argv)
{
  return cf_cli_run_group (context, argv[0], folios_verbs, G_N_ELEMENTS (folios_verbs), argc, argv);
}

/* ---- incorporation ---- */

#define INC_STATUS_SYNOPSIS "[--json]"
/* Translators: a synopsis: KEY and VALUE are placeholders. */
#define INC_SET_SYNOPSIS N_("KEY VALUE")
/* Translators: a synopsis: STAGE is a placeholder (1 to 5). */
#define INC_STAGE_SYNOPSIS N_("STAGE")
/* Translators: a synopsis: keep --date; STAGE and YYYY-MM-DD are placeholders. */
#define INC_SENT_SYNOPSIS N_("STAGE [--date YYYY-MM-DD]")

static CfIncorporation *
load (CfCliContext  *context,
      GError       **error)
{
  g_autoptr(CfStore) store = cf_cli_open_store (context, error);

  if (store == NULL)
    return NULL;
  return cf_incorporation_load (store, error);
}

/* "1"…"5" or a stage's name. */
static CfIncorporationStage
parse_stage (const char *text)
{
  guint64 n;

  if (g_ascii_string_to_unsigned (text, 10, 1, CF_INCORPORATION_N_STAGES, &n, NULL))
    return (CfIncorporationStage) n;
  for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
    if (g_strcmp0 (text, cf_incorporation_stage_to_string (stage)) == 0)
      return stage;
  return 0;
}

static int
incorporation_status (CfCliContext  *context,
                      int            argc,
                      char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the stages as JSON"), NULL },
    { NULL }
  };
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autoptr(GError) error = NULL;
  CfIncorporationStage current;

  if (!cf_cli_parse_options (command, INC_STATUS_SYNOPSIS,
                             N_("Show the five stages of the incorporation to the MEC, their state and dates, "
                                "and what comes next."), entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (command, INC_STATUS_SYNOPSIS, "%s", _("This command takes no arguments."));
  incorporation = load (context, &error);
  if (incorporation == NULL)
    return cf_cli_fail (error);
  current = cf_incorporation_get_current_stage (incorporation);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_int_value (builder, current);
      json_builder_set_member_name (builder, "stages");
      json_builder_begin_array (builder);
      for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
        {
          json_builder_begin_object (builder);
          cf_json_builder_add_string (builder, "name", cf_incorporation_stage_to_string (stage));
          cf_json_builder_add_string (builder, "state",
                                      cf_incorporation_state_to_string (cf_incorporation_get_state (incorporation,
                                                                                                    stage)));
          cf_json_builder_add_string (builder, "since", cf_incorporation_get_since (incorporation, stage));
          cf_json_builder_add_string (builder, "due", cf_incorporation_get_due (incorporation, stage));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
      return CF_CLI_EXIT_OK;
    }

  for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
    {
      CfIncorporationState state = cf_incorporation_get_state (incorporation, stage);

      g_print ("%s %d. %s: %s", stage == (int) current ? "→" : " ", stage, cf_incorporation_stage_title (stage),
               cf_incorporation_state_title (state));
      if (state == CF_INCORPORATION_WAITING || cf_incorporation_get_since (incorporation, stage) != NULL)
        /* Translators: after a stage's state: when it was sent, when the answer is due (YYYY-MM-DD). */
        g_print (_(" (sent %s, answer due %s)"), cf_incorporation_get_since (incorporation, stage),
                 cf_incorporation_get_due (incorporation, stage));
      g_print ("\n");
    }
  {
    g_autofree char *next = cf_incorporation_dup_next_action (incorporation);
    g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (incorporation, current);

    g_print ("\n%s %s\n", _("Next:"), next);
    if (missing->len > 1)
      {
        g_print ("%s\n", _("Still missing:"));
        for (guint i = 0; i < missing->len; i++)
          g_print ("  • %s\n", (char *) g_ptr_array_index (missing, i));
      }
  }
  return CF_CLI_EXIT_OK;
}

static int
incorporation_set (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  const char *command = argv[0];
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autoptr(GError) error = NULL;

  if (!cf_cli_parse_options (command, INC_SET_SYNOPSIS,
                             N_("Set one of the incorporation's values (institucion.nombre, "
                                "institucion.id_institucion, campus.1.id_campus…); an empty VALUE removes it."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 3)
    return cf_cli_usage_error (command, INC_SET_SYNOPSIS, "%s", _("Give a key and a value."));
  incorporation = load (context, &error);
  if (incorporation == NULL || !cf_incorporation_set_value (incorporation, argv[1], argv[2], &error))
    return cf_cli_fail (error);
  return CF_CLI_EXIT_OK;
}

typedef enum { STAGE_START, STAGE_SENT, STAGE_DONE } StageAction;

static int
incorporation_stage_action (CfCliContext  *context,
                            int            argc,
                            char         **argv,
                            StageAction    action)
{
  const char *command = argv[0];
  const char *synopsis = action == STAGE_SENT ? INC_SENT_SYNOPSIS : INC_STAGE_SYNOPSIS;
  g_autofree char *date = NULL;
  const GOptionEntry entries[] = {
    /* Translators: the placeholder of --date, as in the synopsis. */
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day it was sent (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const char *summaries[] = {
    N_("Mark a stage (1 to 5) as in progress."),
    N_("Mark a stage (1 to 5) as sent to SEP: its answer is due 15 business days later."),
    N_("Mark a stage (1 to 5) as done."),
  };
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autoptr(GError) error = NULL;
  CfIncorporationStage stage;
  gboolean ok;

  if (!cf_cli_parse_options (command, synopsis, summaries[action], action == STAGE_SENT ? entries : NULL,
                             &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, synopsis, "%s", _("Give one stage, 1 to 5."));
  stage = parse_stage (argv[1]);
  if (stage == 0)
    return cf_cli_usage_error (command, synopsis, _("“%s” is not a stage (1 to 5)."), argv[1]);
  incorporation = load (context, &error);
  if (incorporation == NULL)
    return cf_cli_fail (error);
  if (action == STAGE_START)
    ok = cf_incorporation_start (incorporation, stage, &error);
  else if (action == STAGE_SENT)
    ok = cf_incorporation_mark_sent (incorporation, stage, date, &error);
  else
    ok = cf_incorporation_mark_done (incorporation, stage, &error);
  if (!ok)
    return cf_cli_fail (error);
  if (action == STAGE_SENT)
    /* Translators: a stage's name and a date (YYYY-MM-DD). */
    g_print (_("%s: SEP's answer is due by %s.\n"), cf_incorporation_stage_title (stage),
             cf_incorporation_get_due (incorporation, stage));
  return CF_CLI_EXIT_OK;
}

static int
incorporation_start (CfCliContext *context, int argc, char **argv)
{
  return incorporation_stage_action (context, argc, argv, STAGE_START);
}

static int
incorporation_sent (CfCliContext *context, int argc, char **argv)
{
  return incorporation_stage_action (context, argc, argv, STAGE_SENT);
}

static int
incorporation_done (CfCliContext *context, int argc, char **argv)
{
  return incorporation_stage_action (context, argc, argv, STAGE_DONE);
}

/* Translators: a synopsis: keep --out; F.zip is a placeholder. */
#define INC_PACKAGE_SYNOPSIS N_("--out F.zip")

static int
incorporation_package (CfCliContext  *context,
                       int            argc,
                       char         **argv)
{
  const char *command = argv[0];
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Where to write the package"), N_("F.zip") },
    { NULL }
  };
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *total = NULL;
  CfIncPackageOptions options = { .letter = cf_inc_letters_make_pdf };
  guint64 size = 0;

  if (!cf_cli_parse_options (command, INC_PACKAGE_SYNOPSIS,
                             N_("Build the Registro de Institución package for SEP (the workbook, a letter per "
                                "campus, each signer's .cer, the scans and the logo) as one .zip, then read it "
                                "back and check every file in it. Refused, with what is missing, until every "
                                "value and file is there."), entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (command, INC_PACKAGE_SYNOPSIS, "%s", _("This command takes no arguments."));
  if (out == NULL || *out == '\0')
    return cf_cli_usage_error (command, INC_PACKAGE_SYNOPSIS, "%s", _("Give the package’s file with --out."));

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  incorporation = cf_incorporation_load (store, &error);
  if (incorporation == NULL)
    return cf_cli_fail (error);
  members = cf_inc_package_write (incorporation, store, &options, out, &size, NULL, &error);
  if (members == NULL)
    return cf_cli_fail (error);
  for (guint i = 0; i < members->len; i++)
    {
      const CfIncPackageMember *m = g_ptr_array_index (members, i);
      g_autofree char *text = g_format_size (m->size);

      g_print ("%s\t%s\t%s\n", m->name, text, m->sha256);
    }
  total = g_format_size (size);
  /* Translators: a number of files, a path, then a size ("12,3 kB"). */
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u file checked in %s (%s).\n", "%u files checked in %s (%s).\n",
                        members->len),
           members->len, out, total);
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb incorporation_verbs[] = {
  { "status", INC_STATUS_SYNOPSIS, N_("The five stages, their state and what comes next"), incorporation_status },
  { "set", INC_SET_SYNOPSIS, N_("Set one of the incorporation's values"), incorporation_set },
  { "start", INC_STAGE_SYNOPSIS, N_("Mark a stage as in progress"), incorporation_start },
  { "sent", INC_SENT_SYNOPSIS, N_("Mark a stage as sent to SEP"), incorporation_sent },
  { "done", INC_STAGE_SYNOPSIS, N_("Mark a stage as done"), incorporation_done },
  { "package", INC_PACKAGE_SYNOPSIS, N_("Build and check the package for SEP"), incorporation_package },
};

int
cf_cli_incorporation_main (CfCliContext  *context,
                           int            argc,
                           char         **argv)
{
  return cf_cli_run_group (context, argv[0], incorporation_verbs, G_N_ELEMENTS (incorporation_verbs), argc, argv);
}
