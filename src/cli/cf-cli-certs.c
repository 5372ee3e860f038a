/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-certs.c: certifica-cli certs list | validate, and the "certs"
 * group's table.
 *
 * To add a verb: write `int cf_cli_certs_VERB (CfCliContext *, int, char **)`
 * in a file of its own (cf-cli-certs-VERB.c, declared in its .h with its
 * synopsis), and add one line to `verbs` below.
 *
 * Exit status: list 0 unless it failed; validate 0 only when every
 * certificate asked for (all, without ids) is listo or further along
 * (sealed, sent, authenticated, delivered), 1 otherwise or on failure;
 * 2 on a wrong command line. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cert-build.h"
#include "cf-cert-repo.h"
#include "cf-certs-check.h"
#include "cf-certs-workspace.h"
#include "cf-cli-certs.h"
#include "cf-cli-certs-seal.h"
#include "cf-cli-store.h"
#include "cf-context.h"
#include "cf-finding.h"
#include "cf-json.h"

/* Translators: a command's synopsis: keep the --options; translate the
 * placeholder in capitals (STATE) as in the options. */
#define LIST_SYNOPSIS     N_("[--status STATE] [--json]")
/* Translators: a command's synopsis: keep the --options; ID is a
 * certificate's number, as "certs list" shows it. */
#define VALIDATE_SYNOPSIS N_("[--json] [ID…]")

/* Stable names of where a finding is fixed, for JSON. */
static const char *
place_name (const CfFinding *finding)
{
  const char *code = cf_finding_get_code (finding);

  if (g_strcmp0 (code, CF_FINDING_CERTS_CAREER_UNKNOWN) == 0 ||
      g_strcmp0 (code, CF_FINDING_CERTS_PLAN_UNKNOWN) == 0)
    return "plan";
  switch (cf_student_check_get_place (finding))
    {
    case CF_STUDENT_PLACE_GRADES:
      return "grades";
    case CF_STUDENT_PLACE_PLAN:
      return "plan";
    case CF_STUDENT_PLACE_SIGNERS:
      return "signers";
    case CF_STUDENT_PLACE_STUDENT:
    default:
      return "student";
    }
}

static gboolean
is_ready_or_further (CfCertStatus status)
{
  return status != CF_CERT_STATUS_BORRADOR && status != CF_CERT_STATUS_RECHAZADO &&
         status != CF_CERT_STATUS_CANCELADO;
}

static void
add_row_json (JsonBuilder     *builder,
              const CfCertRow *row)
{
  g_autofree char *name = cf_cert_build_dup_display_name (row->student);
  g_autoptr(GPtrArray) findings = cf_certs_findings_from_json (row->findings);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, row->id);
  cf_json_builder_add_string (builder, "matricula", row->student->matricula);
  cf_json_builder_add_string (builder, "curp", row->student->curp);
  cf_json_builder_add_string (builder, "name", name);
  cf_json_builder_add_string (builder, "career_id", row->student->id_carrera);
  cf_json_builder_add_string (builder, "plan", row->student->clave_plan);
  cf_json_builder_add_string (builder, "status", cf_cert_status_to_string (row->status));
  json_builder_set_member_name (builder, "folio_control");
  if (row->folio_control != NULL)
    json_builder_add_string_value (builder, row->folio_control);
  else
    json_builder_add_null_value (builder);
  /* "pruebas" or "produccion" once sealed: which SEP portal it is for. */
  json_builder_set_member_name (builder, "portal");
  if (row->portal != NULL)
    json_builder_add_string_value (builder, row->portal);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      cf_json_builder_add_string (builder, "severity", cf_finding_severity_to_string (cf_finding_get_severity (finding)));
      cf_json_builder_add_string (builder, "code", cf_finding_get_code (finding));
      cf_json_builder_add_string (builder, "path", cf_finding_get_path (finding));
      cf_json_builder_add_string (builder, "message", cf_finding_get_message (finding));
      cf_json_builder_add_string (builder, "place", place_name (finding));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_rows_json (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    add_row_json (builder, g_ptr_array_index (rows, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  cf_cli_print_json (root);
}

static char *
findings_summary (const CfCertRow *row)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  if (row->findings == NULL || *row->findings == '\0')
    return g_strdup (_("not checked"));
  if (row->n_errors == 0 && row->n_warnings == 0)
    return g_strdup (_("no findings"));
  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", row->n_errors), row->n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", row->n_warnings),
                              row->n_warnings);
  /* Translators: "2 errors, 1 warning" */
  return g_strdup_printf (_("%s, %s"), errors, warnings);
}

static int
certs_list (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  const char *command = argv[0];
  g_autofree char *status_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_text,
      N_("Only certificates in this state: borrador, listo, sellado, enviado, autenticado, rechazado, "
         "entregado or cancelado"), N_("STATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the certificates as JSON"), NULL },
    { NULL }
  };
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint counts[CF_CERT_N_STATUS];

  if (!cf_cli_parse_options (command, LIST_SYNOPSIS,
                             N_("List the certificates in the store, one per student and career, with their "
                                "state, folio and the findings of their last check (\"certs validate\" checks "
                                "them again)."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, LIST_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  if (status_text != NULL)
    {
      CfCertStatus status;

      if (!cf_cert_status_from_string (status_text, &status))
        return cf_cli_usage_error (command, LIST_SYNOPSIS,
                                   _("Unknown state “%s”: use borrador, listo, sellado, enviado, autenticado, "
                                     "rechazado, entregado or cancelado."), status_text);
      filter.status = (int) status;
    }

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  /* Students imported since the last look have their certificate. */
  if (!cf_cert_repo_ensure_all (store, NULL, &error))
    return cf_cli_fail (error);
  rows = cf_cert_repo_list (store, &filter, FALSE, &error);
  if (rows == NULL)
    return cf_cli_fail (error);

  if (json)
    {
      print_rows_json (rows);
      return CF_CLI_EXIT_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autofree char *name = cf_cert_build_dup_display_name (row->student);
      g_autofree char *summary = findings_summary (row);

      /* id, matrícula, career/plan, state, folio (or "—"), name, findings. */
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s/%s\t%s\t%s\t%s\t%s\n", row->id, row->student->matricula,
               row->student->id_carrera, row->student->clave_plan, cf_cert_status_get_label (row->status),
               row->folio_control != NULL ? row->folio_control : "—", name, summary);
    }
  if (!cf_cert_repo_count_by_status (store, counts, &error))
    return cf_cli_fail (error);
  {
    g_autoptr(GString) line = g_string_new (NULL);

    for (guint s = 0; s < CF_CERT_N_STATUS; s++)
      {
        if (counts[s] == 0)
          continue;
        if (line->len > 0)
          g_string_append (line, ", ");
        /* Translators: a count per state, "12 Listo". */
        g_string_append_printf (line, _("%u %s"), counts[s], cf_cert_status_get_label (s));
      }
    if (line->len == 0)
      g_print ("%s\n", _("No certificates: import the students first (certifica-cli students import)."));
    else
      g_print ("%s\n", line->str);
  }
  return CF_CLI_EXIT_OK;
}

static void
print_validation (const CfCertRow *row)
{
  g_autoptr(GPtrArray) findings = cf_certs_findings_from_json (row->findings);
  g_autofree char *name = cf_cert_build_dup_display_name (row->student);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, row->id);

  /* Translators: "Certificate 12 (A19000123, Ana López): Listo" */
  g_print (_("Certificate %s (%s, %s): %s\n"), id, row->student->matricula, name,
           cf_cert_status_get_label (row->status));
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);

      /* Translators: "  error: MESSAGE [where it is] — fix it in: the subjects table" */
      g_print (_("  %s: %s [%s] — fix it in: %s\n"),
               cf_finding_is_error (finding) ? _("error") : _("warning"),
               cf_finding_get_message (finding), cf_finding_get_path (finding),
               cf_certs_finding_place_label (finding));
    }
}

static int
certs_validate (CfCliContext  *context,
                int            argc,
                char         **argv)
{
  const char *command = argv[0];
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the certificates and their findings as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CfContext *core;
  gboolean all_ready = TRUE;

  if (!cf_cli_parse_options (command, VALIDATE_SYNOPSIS,
                             N_("Check the certificates again against the Programa de Estudios and the "
                                "signers (all of them, or those whose ids are given) and print each "
                                "one's findings and where to fix them. A certificate without errors "
                                "becomes listo. The exit status is 0 only when every certificate asked "
                                "for is listo or further along."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  for (int i = 1; i < argc; i++)
    {
      gint64 id;
      char *end = NULL;

      id = g_ascii_strtoll (argv[i], &end, 10);
      if (end == argv[i] || *end != '\0' || id <= 0)
        return cf_cli_usage_error (command, VALIDATE_SYNOPSIS, _("“%s” is not a certificate id."), argv[i]);
      g_array_append_val (ids, id);
    }

  core = cf_cli_get_context (context, &error);
  if (core == NULL)
    return cf_cli_fail (error);
  /* Only the certificates named are checked (an unknown id fails first). */
  if (!cf_certs_refresh_ids (core, ids->len > 0 ? (const gint64 *) (gpointer) ids->data : NULL, ids->len,
                             NULL, NULL, &error))
    return cf_cli_fail (error);

  if (ids->len == 0)
    {
      rows = cf_cert_repo_list (cf_context_get_store (core), NULL, FALSE, &error);
      if (rows == NULL)
        return cf_cli_fail (error);
    }
  else
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
      for (guint i = 0; i < ids->len; i++)
        {
          CfCertRow *row = cf_cert_repo_get (cf_context_get_store (core), g_array_index (ids, gint64, i), &error);

          if (row == NULL)
            return cf_cli_fail (error);
          g_ptr_array_add (rows, row);
        }
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);

      if (!is_ready_or_further (row->status))
        all_ready = FALSE;
      if (!json)
        print_validation (row);
    }
  if (json)
    print_rows_json (rows);
  else if (rows->len == 0)
    g_print ("%s\n", _("No certificates: import the students first (certifica-cli students import)."));
  else
    {
      guint n_asked_ready = 0;

      for (guint i = 0; i < rows->len; i++)
        if (is_ready_or_further (((CfCertRow *) g_ptr_array_index (rows, i))->status))
          n_asked_ready++;
      /* Translators: "3 of 5 certificates are listo or further along." */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u of %u certificate is listo or further along.\n",
                            "%u of %u certificates are listo or further along.\n", rows->len),
               n_asked_ready, rows->len);
    }
  return all_ready ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
}

/* The "certs" group. Each verb is one function in its own file. */
static const CfCliVerb verbs[] = {
  { "list", LIST_SYNOPSIS, N_("List the certificates with their state and findings"), certs_list },
  { "validate", VALIDATE_SYNOPSIS, N_("Check certificates again and show what to fix"), certs_validate },
  { "seal", CF_CLI_CERTS_SEAL_SYNOPSIS, N_("Seal certificates from the store"), cf_cli_certs_seal },
  { "export-sep", CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS, N_("The sealed certificates as one zip for SEP"),
    cf_cli_certs_export_sep },
};

int
cf_cli_certs_main (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  return cf_cli_run_group (context, argv[0], verbs, G_N_ELEMENTS (verbs), argc, argv);
}
