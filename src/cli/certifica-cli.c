/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli: a small dispatcher; each verb group lives in its own
 * cf-cli-*.c and adds one line to the table below. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cli.h"
#include "cf-context.h"
#include "cf-cli-certs.h"
#include "cf-cli-dec.h"
#include "cf-cli-efirma.h"
#include "cf-cli-incorporation.h"
#include "cf-cli-plan.h"
#include "cf-cli-render.h"
#include "cf-cli-store.h"
#include "cf-cli-students.h"

/* Each command's synopsis (for translators, a comment on each) and summary. */
static const CfCliVerb commands[] = {
  { "efirma",
    /* Translators: a synopsis; COMMAND and OPTIONS are placeholders. */
    N_("COMMAND [OPTIONS…]"),
    N_("Inspect e.firma certificates, check keys, keep keys in the keyring"),
    cf_cli_efirma_main },
  { "sign",
    /* Translators: a synopsis: keep the --options; translate the placeholders
     * in capitals (FILE, DATA) as in the options. */
    N_("--cer FILE --key FILE --password-fd N < DATA"),
    N_("Sign standard input with an e.firma (base64 RSA-SHA256)"),
    cf_cli_sign_main },
  { "dec",
    N_("COMMAND [OPTIONS…]"),
    N_("Certificates (Dec 3.0): cadena original, examples"),
    cf_cli_dec_main },
  { "plan",
    N_("COMMAND [OPTIONS…]"),
    N_("Programa de Estudios: import, validate, diff, export, mark as sent"),
    cf_cli_plan_main },
  { "certs",
    N_("COMMAND [OPTIONS…]"),
    N_("Certificates in the store: list, validate, seal, export for SEP"),
    cf_cli_certs_main },
  { "students",
    N_("COMMAND [OPTIONS…]"),
    N_("Students and grades: import the school system's export"),
    cf_cli_students_main },
  { "incorporation",
    N_("COMMAND [OPTIONS…]"),
    N_("The incorporation to the MEC: its five stages, their state and what comes next"),
    cf_cli_incorporation_main },
  { "folios",
    N_("COMMAND [OPTIONS…]"),
    N_("SEP's test folios: add them, record their uses (at most 3) and results"),
    cf_cli_folios_main },
  { "calendar",
    N_("COMMAND [OPTIONS…]"),
    N_("Business days: Mexico's rest days and SEP's closures"),
    cf_cli_calendar_main },
  { "logo",
    N_("COMMAND [OPTIONS…]"),
    N_("The logo for SEP: check it against the rules, make a compliant copy"),
    cf_cli_logo_main },
  { "store",
    N_("COMMAND [OPTIONS…]"),
    N_("The store: create, inspect, copy to another engine"),
    cf_cli_store_main },
  { "audit",
    /* Translators: a synopsis: keep the --options; YYYY-MM-DD is a date. */
    N_("[--json] [--since YYYY-MM-DD]"),
    N_("Show the bitácora: who changed what, and when"),
    cf_cli_audit_main },
  { "render",
    /* Translators: a synopsis: keep the --options and the file extensions;
     * translate the placeholders in capitals (FILE, DATA) as in the options. */
    N_("FILE.xml --out FILE.pdf | --oficio DATA.json --out FILE.pdf"),
    N_("Draw a certificate or an oficio as PDF or PNG"),
    cf_cli_render_main },
};

static const struct
{
  const char *option;
  const char *help;
} global_options[] = {
  /* Translators: keep “--store”; PATH is a placeholder, as in the usage line. */
  { N_("--store LOCATION"), N_("Use this Certifica store (a file path or a postgresql:// address) instead of the default one") },
  { "--help", N_("Show this help") },
  { "--version", N_("Show the version") },
};

static void
print_help (void)
{
  gsize i;
  long option_width = 0;
  int width = 0;

  g_print ("%s\n\n", _("Usage: certifica-cli [--store LOCATION] COMMAND [OPTIONS…]"));
  g_print ("%s\n", _("Certifica: SEP electronic study certificates, from the command line."));
  g_print ("\n%s\n", _("Global options:"));
  /* Aligned by characters, not bytes: a translation may have accents. */
  for (i = 0; i < G_N_ELEMENTS (global_options); i++)
    option_width = MAX (option_width, g_utf8_strlen (_(global_options[i].option), -1));
  for (i = 0; i < G_N_ELEMENTS (global_options); i++)
    {
      const char *option = _(global_options[i].option);
      long pad = option_width - g_utf8_strlen (option, -1);

      g_print ("  %s%*s  %s\n", option, (int) pad, "", _(global_options[i].help));
    }
  g_print ("\n%s\n", _("Commands:"));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Run “certifica-cli COMMAND --help” for a command’s options."));
}

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("CF_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Tests point CF_LOCALEDIR at the translations in the build folder. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int   argc,
      char *argv[])
{
  CfCliContext context = { NULL };
  int first = 1;
  int status;
  gsize i;

  setup_i18n ();
  g_set_prgname ("certifica-cli");
  /* stdout carries results (a signature, JSON) that scripts read: any log
   * line, debug ones included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* Global options come before the verb. */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return CF_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("certifica-cli %s\n", PACKAGE_VERSION);
          return CF_CLI_EXIT_OK;
        }
      else if (g_str_equal (arg, "--store") && first + 1 < argc)
        {
          g_free (context.store_path);
          context.store_path = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--store="))
        {
          g_free (context.store_path);
          context.store_path = g_strdup (arg + strlen ("--store="));
          first += 1;
        }
      else
        {
          g_printerr (_("certifica-cli: unknown option “%s”\n"), arg);
          g_printerr ("%s\n", _("Run “certifica-cli --help” for the list of commands."));
          g_free (context.store_path);
          return CF_CLI_EXIT_USAGE;
        }
    }

  /* Scripts and tests name the store in the environment. */
  if (context.store_path == NULL && g_getenv ("CERTIFICA_STORE") != NULL && *g_getenv ("CERTIFICA_STORE") != '\0')
    context.store_path = g_strdup (g_getenv ("CERTIFICA_STORE"));

  if (first >= argc)
    {
      print_help ();
      g_free (context.store_path);
      return CF_CLI_EXIT_USAGE;
    }

  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[first], commands[i].name))
        {
          g_autofree char *command = g_strdup_printf ("certifica-cli %s", commands[i].name);
          char **sub_argv = argv + first;

          sub_argv[0] = command;
          status = commands[i].run (&context, argc - first, sub_argv);
          g_free (context.store_path);
          g_clear_object (&context.core);
          return status;
        }
    }

  g_printerr (_("certifica-cli: unknown command “%s”\n"), argv[first]);
  g_printerr ("%s\n", _("Run “certifica-cli --help” for the list of commands."));
  g_free (context.store_path);
  return CF_CLI_EXIT_USAGE;
}
