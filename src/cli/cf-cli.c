/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli.c: option parsing, usage and error output shared by the verbs. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cli.h"

/* A synopsis in the user's language; gettext ("") would be the catalog's
 * header. */
static const char *
synopsis_text (const char *synopsis)
{
  return synopsis != NULL && *synopsis != '\0' ? _(synopsis) : "";
}

static void
print_usage (const char *command,
             const char *synopsis)
{
  g_printerr (_("Usage: %s %s\n"), command, synopsis_text (synopsis));
  g_printerr (_("Run “%s --help” for the options.\n"), command);
}

int
cf_cli_usage_error (const char *command,
                    const char *synopsis,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  g_printerr ("certifica-cli: %s\n", message);
  print_usage (command, synopsis);
  return CF_CLI_EXIT_USAGE;
}

int
cf_cli_fail (const GError *error)
{
  g_printerr ("certifica-cli: %s\n", error->message);
  return CF_CLI_EXIT_FAILURE;
}

gboolean
cf_cli_parse_options (const char          *command,
                      const char          *synopsis,
                      const char          *summary,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  /* GOption prints "Usage: PRGNAME ..." from the program name. */
  g_set_prgname (command);

  context = g_option_context_new (synopsis_text (synopsis));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, _(summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      cf_cli_usage_error (command, synopsis, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static void
print_verbs (const char      *group,
             const CfCliVerb *verbs,
             gsize            n_verbs)
{
  gsize i;
  int width = 0;

  g_print (_("Usage: %s COMMAND [OPTIONS…]\n\n"), group);
  g_print ("%s\n", _("Commands:"));
  for (i = 0; i < n_verbs; i++)
    width = MAX (width, (int) strlen (verbs[i].name));
  for (i = 0; i < n_verbs; i++)
    g_print ("  %-*s  %s\n", width, verbs[i].name, _(verbs[i].summary));
  g_print ("\n");
  g_print (_("Run “%s COMMAND --help” for a command’s options.\n"), group);
}

int
cf_cli_run_group (CfCliContext     *context,
                  const char       *group,
                  const CfCliVerb  *verbs,
                  gsize             n_verbs,
                  int               argc,
                  char            **argv)
{
  gsize i;

  if (argc < 2)
    {
      print_verbs (group, verbs, n_verbs);
      return CF_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_verbs (group, verbs, n_verbs);
      return CF_CLI_EXIT_OK;
    }

  for (i = 0; i < n_verbs; i++)
    {
      if (g_str_equal (argv[1], verbs[i].name))
        {
          g_autofree char *command = g_strdup_printf ("%s %s", group, verbs[i].name);

          /* The verb sees itself as argv[0]. */
          argv[1] = command;
          return verbs[i].run (context, argc - 1, argv + 1);
        }
    }

  g_printerr (_("certifica-cli: unknown command “%s”\n"), argv[1]);
  g_printerr (_("Run “%s --help” for the list of commands.\n"), group);
  return CF_CLI_EXIT_USAGE;
}
