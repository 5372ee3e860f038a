/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-store.c: certifica-cli store init|info|copy, and audit. */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "cf-audit-repo.h"
#include "cf-cli-store.h"
#include "cf-context.h"

CfContext *
cf_cli_get_context (CfCliContext  *context,
                    GError       **error)
{
  if (context->core == NULL)
    {
      g_autoptr(CfStore) store = cf_store_open (context->store_path, error);

      if (store == NULL)
        return NULL;
      /* No GSettings on the command line: a server may have no schema. */
      context->core = cf_context_new (store, NULL);
    }
  return context->core;
}

CfStore *
cf_cli_open_store (CfCliContext  *context,
                   GError       **error)
{
  CfContext *core = cf_cli_get_context (context, error);

  return core != NULL ? g_object_ref (cf_context_get_store (core)) : NULL;
}

void
cf_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* ---- store init ---- */

static int
store_init (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autofree char *shown = NULL;

  if (!cf_cli_parse_options (argv[0], "",
                             N_("Creates the store named by --store (a file path or a postgresql:// "
                                "address), or brings an existing one up to this version's tables."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (argv[0], "", _("Unexpected argument “%s”."), argv[1]);

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);

  shown = cf_store_location_for_display (cf_store_get_location (store));
  g_print (_("The store %s is ready (%s, schema version %d).\n"), shown,
           cf_store_engine_to_string (cf_store_get_engine (store)), cf_store_get_schema_version (store));
  if (cf_store_is_on_network_fs (store))
    g_printerr ("%s\n", _("Warning: this SQLite file is on a network folder, where locking cannot be "
                          "trusted. For several desks, use a shared PostgreSQL database instead."));
  return CF_CLI_EXIT_OK;
}

/* ---- store info ---- */

static int
store_info (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the facts as a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autofree char *shown = NULL;
  CfStoreCounts counts;

  if (!cf_cli_parse_options (argv[0], "[--json]",
                             N_("Shows which engine the store uses, its schema version and how "
                                "many signers, plans, subjects and bitácora entries it holds."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (argv[0], "[--json]", _("Unexpected argument “%s”."), argv[1]);

  store = cf_cli_open_store (context, &error);
  if (store == NULL || !cf_store_count (store, &counts, &error))
    return cf_cli_fail (error);
  shown = cf_store_location_for_display (cf_store_get_location (store));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "location");
      json_builder_add_string_value (builder, shown);
      json_builder_set_member_name (builder, "engine");
      json_builder_add_string_value (builder, cf_store_engine_to_string (cf_store_get_engine (store)));
      json_builder_set_member_name (builder, "schema_version");
      json_builder_add_int_value (builder, cf_store_get_schema_version (store));
      json_builder_set_member_name (builder, "signers");
      json_builder_add_int_value (builder, counts.signers);
      json_builder_set_member_name (builder, "plans");
      json_builder_add_int_value (builder, counts.plans);
      json_builder_set_member_name (builder, "subjects");
      json_builder_add_int_value (builder, counts.subjects);
      json_builder_set_member_name (builder, "audit_entries");
      json_builder_add_int_value (builder, counts.audit_entries);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
      return CF_CLI_EXIT_OK;
    }

  g_print ("%s: %s\n", _("Location"), shown);
  g_print ("%s: %s\n", _("Engine"), cf_store_get_engine (store) == CF_STORE_ENGINE_POSTGRESQL
                                      ? "PostgreSQL" : "SQLite");
  g_print ("%s: %d\n", _("Schema version"), cf_store_get_schema_version (store));
  g_print ("%s: %u\n", _("Signers"), counts.signers);
  g_print ("%s: %u\n", _("Study plans"), counts.plans);
  g_print ("%s: %u\n", _("Subjects"), counts.subjects);
  g_print ("%s: %u\n", _("Bitácora entries"), counts.audit_entries);
  return CF_CLI_EXIT_OK;
}

/* ---- store copy ---- */

/* Translators: a command's synopsis: keep --to; LOCATION is a placeholder. */
#define COPY_SYNOPSIS N_("--to LOCATION")

static int
store_copy (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("The new, empty store: a file path or a postgresql:// address"), N_("LOCATION") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) source = NULL;
  g_autoptr(CfStore) target = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean ok;

  if (!cf_cli_parse_options (argv[0], COPY_SYNOPSIS,
                             N_("Copies the whole current store into another, empty one, on either "
                                "engine, then compares every table's row count and checksum."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (argv[0], _(COPY_SYNOPSIS), _("Unexpected argument “%s”."), argv[1]);
  if (to == NULL || *to == '\0')
    return cf_cli_usage_error (argv[0], _(COPY_SYNOPSIS), _("Say where to copy the store with --to."));

  source = cf_cli_open_store (context, &error);
  if (source == NULL)
    return cf_cli_fail (error);
  if (g_strcmp0 (cf_store_get_location (source), to) == 0)
    return cf_cli_usage_error (argv[0], _(COPY_SYNOPSIS), _("The store cannot be copied onto itself."));
  target = cf_store_open (to, &error);
  if (target == NULL)
    return cf_cli_fail (error);

  ok = cf_store_copy_to (source, target, report, &error);
  g_print ("%s", report->str);
  if (!ok)
    return cf_cli_fail (error);
  g_print ("%s\n", _("The copy matches the original, table by table."));
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb store_verbs[] = {
  { "init", "", N_("Create a store or bring it up to date"), store_init },
  { "info", "[--json]", N_("Show the engine, schema version and counts"), store_info },
  { "copy", COPY_SYNOPSIS, N_("Copy the whole store into another, empty one"), store_copy },
};

int
cf_cli_store_main (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  return cf_cli_run_group (context, argv[0], store_verbs, G_N_ELEMENTS (store_verbs), argc, argv);
}

/* ---- audit ---- */

/* Translators: a command's synopsis: keep the --options; YYYY-MM-DD is a date. */
#define AUDIT_SYNOPSIS N_("[--json] [--since YYYY-MM-DD]")

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

int
cf_cli_audit_main (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  gboolean json = FALSE;
  g_autofree char *since_text = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the entries as a JSON array"), NULL },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Only entries from this day on"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GPtrArray) entries_found = NULL;

  if (!cf_cli_parse_options (argv[0], AUDIT_SYNOPSIS,
                             N_("Shows the bitácora: who changed what in the store, and when, "
                                "newest first."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (argv[0], _(AUDIT_SYNOPSIS), _("Unexpected argument “%s”."), argv[1]);

  if (since_text != NULL)
    {
      int y, m, d;
      char extra;

      if (sscanf (since_text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
          !g_date_valid_dmy (d, m, y))
        return cf_cli_usage_error (argv[0], _(AUDIT_SYNOPSIS),
                                   _("“%s” is not a date; write it as YYYY-MM-DD."), since_text);
      since = g_date_time_new_utc (y, m, d, 0, 0, 0);
    }

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  entries_found = cf_audit_repo_list (store, since, NULL, NULL, 0, &error);
  if (entries_found == NULL)
    return cf_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries_found->len; i++)
        {
          CfAuditEntry *entry = g_ptr_array_index (entries_found, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, entry->id);
          add_nullable (builder, "at", entry->at);
          add_nullable (builder, "user", entry->os_user);
          add_nullable (builder, "host", entry->host);
          add_nullable (builder, "action", entry->action);
          add_nullable (builder, "entity", entry->entity);
          add_nullable (builder, "entity_id", entry->entity_id);
          add_nullable (builder, "field", entry->field);
          add_nullable (builder, "old", entry->old_value);
          add_nullable (builder, "new", entry->new_value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
      return CF_CLI_EXIT_OK;
    }

  for (guint i = 0; i < entries_found->len; i++)
    {
      CfAuditEntry *entry = g_ptr_array_index (entries_found, i);

      g_print ("%s  %s@%s  %s %s %s", entry->at, entry->os_user, entry->host, entry->action,
               entry->entity, entry->entity_id);
      if (entry->field != NULL)
        g_print ("  %s: %s → %s", entry->field, entry->old_value != NULL ? entry->old_value : "",
                 entry->new_value != NULL ? entry->new_value : "");
      else if (entry->new_value != NULL || entry->old_value != NULL)
        g_print ("  %s", entry->new_value != NULL ? entry->new_value : entry->old_value);
      g_print ("\n");
    }
  if (entries_found->len == 0)
    g_print ("%s\n", _("The bitácora has no entries."));
  return CF_CLI_EXIT_OK;
}
