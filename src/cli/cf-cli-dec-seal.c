/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli dec validate | seal | verify */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cf-cli-credential.h"
#include "cf-cli-seal-run.h"
#include "cf-cli-dec-seal.h"
#include "cf-cli-store.h"
#include "cf-dec-validate.h"
#include "cf-efirma.h"
#include "cf-finding.h"
#include "cf-sealer.h"

static void
print_findings (const char *file,
                GPtrArray  *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      CfFinding *f = g_ptr_array_index (findings, i);

      /* Translators: FILE: error|warning CODE PATH: MESSAGE */
      g_print (_("%s: %s %s %s: %s\n"), file,
               cf_finding_is_error (f) ? _("error") : _("warning"),
               cf_finding_get_code (f), cf_finding_get_path (f), cf_finding_get_message (f));
    }
}

/* One line of compact JSON, the bytes as they are (no conversion to the
 * locale's character set: scripts read UTF-8). */
static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = cf_json_to_string (root, CF_JSON_COMPACT);

  fputs (text, stdout);
  fputs ("\n", stdout);
}

/* ------------------------------------------------------------------ */
/* dec validate                                                        */
/* ------------------------------------------------------------------ */

int
cf_cli_dec_validate (CfCliContext  *context,
                     int            argc,
                     char         **argv)
{
  gboolean json = FALSE;
  g_autofree char *rule = NULL;
  g_autofree char *plan_credits = NULL;
  int plan_subjects = -1;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { "total-rule", 0, 0, G_OPTION_ARG_STRING, &rule,
      N_("How “total” is counted: subjects on the certificate (default) or in the plan"), N_("certificate|plan") },
    { "plan-credits", 0, 0, G_OPTION_ARG_STRING, &plan_credits,
      N_("The plan’s total credits, to compare with totalCreditos"), N_("N") },
    { "plan-subjects", 0, 0, G_OPTION_ARG_INT, &plan_subjects,
      N_("The plan’s number of counting subjects (with --total-rule plan)"), N_("N") },
    { NULL }
  };
  CfDecValidateOptions options;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean any_error = FALSE;

  if (!cf_cli_parse_options (argv[0], CF_CLI_DEC_VALIDATE_SYNOPSIS,
                             N_("Validates each certificate file against the Dec 3.0 schema and SEP’s "
                                "rules (CURPs, dates, catalogs, totals, grades) and lists what is wrong. "
                                "Exits with 1 when any file has an error."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc < 2)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_VALIDATE_SYNOPSIS, _("Name at least one certificate file."));

  cf_dec_validate_options_init (&options);
  if (rule != NULL && g_str_equal (rule, "plan"))
    options.total_rule = CF_DEC_TOTAL_RULE_PLAN;
  else if (rule != NULL && !g_str_equal (rule, "certificate"))
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_VALIDATE_SYNOPSIS,
                               _("--total-rule is “certificate” or “plan”, not “%s”."), rule);
  if (plan_credits != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (plan_credits, &end);

      if (end == plan_credits || *end != '\0' || !(value >= 0) || value > 1e9)
        return cf_cli_usage_error (argv[0], CF_CLI_DEC_VALIDATE_SYNOPSIS,
                                   _("--plan-credits must be a number, like 300.00."));
      options.plan_total_credits = (gint64) llround (value * 100);
    }
  if (plan_subjects >= 0)
    options.plan_subject_count = plan_subjects;

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) findings = cf_dec_validate_file (argv[i], &options, &error);
      gboolean has_errors = findings == NULL || cf_finding_list_has_errors (findings);

      any_error |= has_errors;

      if (json)
        {
          json_builder_begin_object (builder);
          cf_json_builder_add_string (builder, "file", argv[i]);
          json_builder_set_member_name (builder, "valid");
          json_builder_add_boolean_value (builder, !has_errors);
          cf_json_builder_add_string (builder, "error", error != NULL ? error->message : NULL);
          json_builder_set_member_name (builder, "findings");
          if (findings != NULL)
            json_builder_add_value (builder, cf_finding_list_to_json_node (findings));
          else
            {
              json_builder_begin_array (builder);
              json_builder_end_array (builder);
            }
          json_builder_end_object (builder);
        }
      else if (error != NULL)
        g_print (_("%s: cannot be read: %s\n"), argv[i], error->message);
      else if (findings->len == 0)
        g_print (_("%s: valid\n"), argv[i]);
      else
        print_findings (argv[i], findings);
    }

  json_builder_end_array (builder);
  if (json)
    print_json (builder);

  return any_error ? CF_CLI_EXIT_FAILURE : CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* dec seal                                                            */
/* ------------------------------------------------------------------ */

static void
on_files_sealed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CfCliSealRun *run = user_data;

  run->results = cf_sealer_seal_files_finish (CF_SEALER (source), result, &run->summary, &run->error);
  cf_cli_seal_run_done (run);
}

int
cf_cli_dec_seal (CfCliContext  *context,
                 int            argc,
                 char         **argv)
{
  g_auto(CfCliCredentialOptions) options = CF_CLI_CREDENTIAL_OPTIONS_INIT;
  g_autofree char *out_dir = NULL;
  g_autofree char *ocsp_url = NULL;
  g_auto(GStrv) anchors = NULL;
  g_auto(GStrv) warnings = NULL;
  gboolean allow_unchecked = FALSE;
  gboolean force_untrusted = FALSE;
  int jobs = 0;
  int timeout = 0;
  const GOptionEntry verb_entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Seal with this many threads (default: one per processor)"), N_("N") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
      N_("Write the sealed certificates into this folder"), N_("DIR") },
    { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &anchors,
      N_("Also trust certificates issued by this CA (PEM or DER; repeatable)"), N_("CA.pem") },
    { "force-untrusted", 0, 0, G_OPTION_ARG_NONE, &force_untrusted,
      N_("Seal even with a certificate SAT did not issue (its seals verify as not trusted; "
         "recorded in the bitácora)"), NULL },
    { "ocsp-url", 0, 0, G_OPTION_ARG_STRING, &ocsp_url,
      N_("Ask this revocation service (OCSP) when the certificate names none (default: SAT’s)"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Wait at most this long for the revocation service (default: 20)"), N_("SECONDS") },
    { "allow-unchecked-revocation", 0, 0, G_OPTION_ARG_NONE, &allow_unchecked,
      N_("Seal even when the revocation service cannot answer (recorded in the bitácora)"), NULL },
    { NULL }
  };
  g_autofree GOptionEntry *entries = cf_cli_credential_add_entries (&options, verb_entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(GPtrArray) inputs = NULL;
  g_auto(CfCliSealRun) run = { 0 };
  int usage;

  if (!cf_cli_parse_options (argv[0], CF_CLI_DEC_SEAL_SYNOPSIS,
                             N_("Seals each certificate file with the responsible’s e.firma and writes "
                                "the sealed copy, under the same name, into the --out folder. The key is "
                                "opened once; files are sealed in parallel and each is written whole or "
                                "not at all. A certificate with errors, a CSD, an e.firma that was not "
                                "current on the issue date or that is not the Responsable’s is refused. "
                                "Before sealing, the e.firma must have been issued by SAT (or a CA given "
                                "with --trust-anchor), and SAT’s revocation service is asked whether it "
                                "was revoked: a revoked e.firma seals nothing; when the service cannot "
                                "answer, nothing is sealed unless --allow-unchecked-revocation is given. "
                                "Exits with 1 when any file was refused."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  usage = cf_cli_credential_check_usage (&options, argv[0], CF_CLI_DEC_SEAL_SYNOPSIS);
  if (usage != CF_CLI_EXIT_OK)
    return usage;
  if (out_dir == NULL)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_SEAL_SYNOPSIS,
                               _("Name the folder for the sealed certificates with --out."));
  if (jobs < 0)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_SEAL_SYNOPSIS, _("--jobs must be a positive number."));
  if (timeout < 0)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_SEAL_SYNOPSIS, _("--timeout must be a positive number."));
  if (argc < 2)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_SEAL_SYNOPSIS, _("Name at least one certificate file."));

  trust = cf_trust_new_with_anchors ((const char * const *) anchors, &error);
  if (trust == NULL)
    return cf_cli_fail (error);
  for (guint i = 0; i < cf_trust_get_warnings (trust)->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (cf_trust_get_warnings (trust), i));

  /* The key is opened once for the whole run; the password is wiped at once. */
  credential = cf_cli_credential_open (context, &options, &error);
  if (credential == NULL)
    return cf_cli_fail (error);
  sealer = cf_sealer_new (credential);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_ocsp_url (sealer, ocsp_url);
  cf_sealer_set_ocsp_timeout (sealer, (guint) timeout);
  cf_sealer_set_accept (sealer, (allow_unchecked ? CF_SEALER_ACCEPT_UNCHECKED_REVOCATION : 0) |
                                (force_untrusted ? CF_SEALER_ACCEPT_UNTRUSTED_SIGNER : 0));
  /* What is accepted unchecked goes into the store's bitácora. */
  if (allow_unchecked || force_untrusted || context->core != NULL)
    {
      CfContext *core = cf_cli_get_context (context, &error);

      if (core == NULL)
        return cf_cli_fail (error);
      cf_sealer_set_context (sealer, core);
    }

  if (!cf_sealer_check_signer (sealer, NULL, &warnings, &error))
    {
      cf_cli_fail (error);
      if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED))
        g_printerr (_("To seal without that check, add --allow-unchecked-revocation (it is recorded "
                      "in the bitácora).\n"));
      else if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_NOT_TRUSTED))
        g_printerr (_("If its issuer is a CA you trust, give its certificate with --trust-anchor; to "
                      "seal anyway, add --force-untrusted.\n"));
      return CF_CLI_EXIT_FAILURE;
    }
  for (guint i = 0; warnings[i] != NULL; i++)
    g_printerr (_("Warning: %s\n"), warnings[i]);

  inputs = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (inputs, argv[i]);
  g_ptr_array_add (inputs, NULL);

  cf_cli_seal_run_begin (&run);

  cf_sealer_seal_files_async (sealer, (const char * const *) inputs->pdata, out_dir, (guint) jobs,
                              cf_cli_seal_run_progress, &run, NULL, run.cancellable, on_files_sealed_cb, &run);
  cf_cli_seal_run_wait (&run);

  if (run.results == NULL)
    {
      int status = cf_cli_fail (run.error);

      g_clear_error (&run.error);
      return status;
    }

  for (guint i = 0; i < run.results->len; i++)
    {
      CfSealResult *result = g_ptr_array_index (run.results, i);
      const GError *reason = cf_seal_result_get_error (result);

      if (cf_seal_result_get_status (result) != CF_SEAL_STATUS_REFUSED)
        continue;
      g_printerr (_("%s: refused: %s\n"), cf_seal_result_get_input (result), reason->message);
      if (cf_seal_result_get_findings (result) != NULL)
        {
          GPtrArray *findings = cf_seal_result_get_findings (result);

          for (guint j = 1; j < findings->len; j++)
            g_printerr ("  %s: %s\n", cf_finding_get_path (g_ptr_array_index (findings, j)),
                        cf_finding_get_message (g_ptr_array_index (findings, j)));
        }
    }

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Sealed %u of %u certificate into %s",
                        "Sealed %u of %u certificates into %s",
                        run.summary.total),
           run.summary.sealed, run.summary.total, out_dir);
  g_print (_(" (%.1f s, %.1f per second)"), run.summary.elapsed,
           run.summary.elapsed > 0 ? run.summary.sealed / run.summary.elapsed : 0.0);
  if (run.summary.refused > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u refused", "; %u refused", run.summary.refused),
             run.summary.refused);
  if (run.summary.cancelled > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u not sealed: interrupted", "; %u not sealed: interrupted",
                          run.summary.cancelled),
             run.summary.cancelled);
  g_print (".\n");

  g_ptr_array_unref (run.results);
  return run.summary.sealed == run.summary.total ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
}

/* ------------------------------------------------------------------ */
/* dec verify                                                          */
/* ------------------------------------------------------------------ */

static void
print_verification (const char               *file,
                    const CfSealVerification *v)
{
  CfCertificate *certificate = cf_seal_verification_get_certificate (v);
  CfDec *dec = cf_seal_verification_get_dec (v);

  if (cf_seal_verification_is_valid (v) && cf_seal_verification_get_trust (v) == CF_TRUST_TRUSTED_TEST)
    g_print (_("%s: the seal is valid, but made with a SAT TEST certificate (no legal value)\n"), file);
  else if (cf_seal_verification_is_valid (v))
    g_print (_("%s: the seal is valid\n"), file);
  else if (cf_seal_verification_get_status (v) == CF_SEAL_VERIFICATION_NOT_TRUSTED)
    g_print (_("%s: NOT TRUSTED: the seal matches, but the certificate was not issued by SAT\n"), file);
  else
    g_print (_("%s: the seal is NOT valid\n"), file);

  if (certificate != NULL)
    {
      const char *curp = cf_certificate_get_curp (certificate);

      if (curp == NULL)
        curp = cf_certificate_get_representative_curp (certificate);
      g_print (_("  Sealed by: %s (RFC %s, CURP %s)\n"), cf_certificate_get_name (certificate),
               cf_certificate_get_rfc (certificate), curp != NULL ? curp : "—");
      g_print (_("  Certificate number: %s\n"), cf_certificate_get_number (certificate));
    }

  for (guint i = 0; i < cf_seal_verification_get_findings (v)->len; i++)
    {
      CfFinding *f = g_ptr_array_index (cf_seal_verification_get_findings (v), i);

      g_print ("  %s: %s\n", cf_finding_is_error (f) ? _("Error") : _("Warning"), cf_finding_get_message (f));
    }

  if (cf_dec_has_sep_ipes (dec))
    {
      const char *folio = cf_dec_get (dec, CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL);
      const char *date = cf_dec_get (dec, CF_DEC_FIELD_SEP_IPES_FECHA_SEP_IPES);

      g_print (_("  Authenticated by SEP: folio digital %s, on %s\n"),
               folio != NULL ? folio : "—", date != NULL ? date : "—");
    }
  if (cf_dec_has_dreoe (dec))
    {
      const char *number = cf_dec_get (dec, CF_DEC_FIELD_DREOE_NO_CERTIFICADO_DREOE);
      const char *date = cf_dec_get (dec, CF_DEC_FIELD_DREOE_FECHA_DREOE);

      g_print (_("  DREOE: certificate %s, on %s\n"), number != NULL ? number : "—", date != NULL ? date : "—");
    }
}

/* One object per file: file, result, seal_matches, signer_curp,
 * certificate_number, findings; the whole verification under
 * "verification" (and "error" when the file cannot be read). */
static void
build_verification_json (JsonBuilder              *builder,
                         const char               *file,
                         const CfSealVerification *v,
                         const GError             *error)
{
  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "file", file);
  if (v != NULL)
    {
      g_autoptr(JsonNode) node = cf_seal_verification_to_json_node (v);
      JsonObject *object = json_node_get_object (node);
      CfCertificate *certificate = cf_seal_verification_get_certificate (v);

      cf_json_builder_add_string (builder, "result", cf_seal_verification_get_result (v));
      json_builder_set_member_name (builder, "seal_matches");
      json_builder_add_boolean_value (builder, cf_seal_verification_seal_matches (v));
      json_builder_set_member_name (builder, "signer_curp");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "signer_curp")));
      json_builder_set_member_name (builder, "certificate_number");
      if (certificate != NULL)
        json_builder_add_string_value (builder, cf_certificate_get_number (certificate));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "findings");
      json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "findings")));
      json_builder_set_member_name (builder, "verification");
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  else
    {
      cf_json_builder_add_string (builder, "result", "unsupported");
      json_builder_set_member_name (builder, "seal_matches");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "signer_curp");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "certificate_number");
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "findings");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "verification");
      json_builder_add_null_value (builder);
      cf_json_builder_add_string (builder, "error", error->message);
    }
  json_builder_end_object (builder);
}

int
cf_cli_dec_verify (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) anchors = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as JSON"), NULL },
    { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &anchors,
      N_("Also trust certificates issued by this CA (PEM or DER; repeatable)"), N_("CA.pem") },
    { NULL }
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(GError) trust_error = NULL;
  GPtrArray *warnings;
  gboolean all_valid = TRUE;

  if (!cf_cli_parse_options (argv[0], CF_CLI_DEC_VERIFY_SYNOPSIS,
                             N_("Recomputes each file’s cadena original, checks the seal against the "
                                "certificate embedded in it, checks that SAT (or a CA given with "
                                "--trust-anchor) issued that certificate, and shows who sealed it, and "
                                "SEP’s data when the file was authenticated. Exits with 1 when any seal "
                                "is not valid or not trusted."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc < 2)
    return cf_cli_usage_error (argv[0], CF_CLI_DEC_VERIFY_SYNOPSIS, _("Name at least one certificate file."));

  trust = cf_trust_new_with_anchors ((const char * const *) anchors, &trust_error);
  if (trust == NULL)
    return cf_cli_fail (trust_error);
  warnings = cf_trust_get_warnings (trust);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  json_builder_begin_array (builder);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CfSealVerification) v = cf_sealer_verify_file_with_trust (argv[i], trust, &error);

      all_valid &= v != NULL && cf_seal_verification_is_valid (v);

      if (json)
        build_verification_json (builder, argv[i], v, error);
      else if (v == NULL)
        g_print (_("%s: cannot be read: %s\n"), argv[i], error->message);
      else
        print_verification (argv[i], v);
    }

  json_builder_end_array (builder);
  if (json)
    print_json (builder);

  return all_valid ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
}
