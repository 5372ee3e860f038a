/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-logo.c: certifica-cli logo check|fix: the logo for the Registro
 * de Institución against the rules of reglas-logo.ini.
 *
 * Exit status: check, 0 when every rule passes and 1 when any fails (or
 * the file cannot be read); fix, 0 when the copy was written; 2 on a wrong
 * command line. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cli-incorporation.h"
#include "cf-cli-store.h"
#include "cf-json.h"
#include "cf-logo-rules.h"

#define CHECK_SYNOPSIS N_("[--json] FILE")
/* Translators: a synopsis: keep --out and .png; FILE and F are placeholders. */
#define FIX_SYNOPSIS N_("FILE --out F.png")

static int
logo_check (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one entry per rule as JSON"), NULL },
    { NULL }
  };
  g_autoptr(CfLogoRules) rules = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!cf_cli_parse_options (command, CHECK_SYNOPSIS,
                             N_("Check an image against the logo's rules (format, size in pixels, aspect ratio, "
                                "file size, colour mode, transparency, background, resolution). The rules are "
                                "defaults, not SEP's published numbers: see reglas-logo.ini. The exit status "
                                "is 1 when any rule fails."), entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, CHECK_SYNOPSIS, "%s", _("Give one image."));
  rules = cf_logo_rules_new_default (&error);
  if (rules == NULL)
    return cf_cli_fail (error);
  checks = cf_logo_rules_check (rules, argv[1], &error);
  if (checks == NULL)
    return cf_cli_fail (error);
  ok = cf_logo_checks_all_ok (checks);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < checks->len; i++)
        {
          CfLogoCheck *check = g_ptr_array_index (checks, i);

          json_builder_begin_object (builder);
          cf_json_builder_add_string (builder, "rule", check->rule);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, check->ok);
          cf_json_builder_add_string (builder, "measured", check->measured);
          cf_json_builder_add_string (builder, "expected", check->expected);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
    }
  else
    {
      for (guint i = 0; i < checks->len; i++)
        {
          CfLogoCheck *check = g_ptr_array_index (checks, i);

          /* Translators: a rule's result: "✓ Format: png (expected png, jpeg)". */
          g_print (_("%s %s: %s (expected %s)\n"), check->ok ? "✓" : "✗", check->title, check->measured,
                   check->expected);
        }
      g_print ("%s\n", ok ? _("The logo meets every rule.")
                          : _("The logo does not meet every rule: “certifica-cli logo fix” makes a compliant copy."));
    }
  return ok ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
}

static int
logo_fix (CfCliContext  *context,
          int            argc,
          char         **argv)
{
  const char *command = argv[0];
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    /* Translators: the placeholder of --out, as in the synopsis. */
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the compliant copy here (PNG)"), N_("F.png") },
    { NULL }
  };
  g_autoptr(CfLogoRules) rules = NULL;
  g_autoptr(GError) error = NULL;

  if (!cf_cli_parse_options (command, FIX_SYNOPSIS,
                             N_("Make a compliant copy of an image: converted to PNG, scaled, flattened onto "
                                "white, without metadata. The original is not changed."), entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, FIX_SYNOPSIS, "%s", _("Give one image."));
  if (out == NULL)
    return cf_cli_usage_error (command, FIX_SYNOPSIS, "%s", _("Say where to write the copy with --out."));
  rules = cf_logo_rules_new_default (&error);
  if (rules == NULL || !cf_logo_rules_fix (rules, argv[1], out, &error))
    return cf_cli_fail (error);
  /* Translators: the copy's file name. */
  g_print (_("The compliant copy is in %s.\n"), out);
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb logo_verbs[] = {
  { "check", CHECK_SYNOPSIS, N_("Check an image against the logo's rules"), logo_check },
  { "fix", FIX_SYNOPSIS, N_("Make a compliant copy of an image"), logo_fix },
};

int
cf_cli_logo_main (CfCliContext  *context,
                  int            argc,
                  char         **argv)
{
  return cf_cli_run_group (context, argv[0], logo_verbs, G_N_ELEMENTS (logo_verbs), argc, argv);
}
