/* SPDX-License-Identifier: GPL-3.0-or-later */
/* certifica-cli certs seal | export-sep */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cf-cert-pdf.h"
#include "cf-certs-export.h"
#include "cf-certs-seal.h"
#include "cf-cli-certs-seal.h"
#include "cf-cli-credential.h"
#include "cf-cli-seal-run.h"
#include "cf-cli-store.h"
#include "cf-context.h"
#include "cf-efirma.h"
#include "cf-signer-repo.h"

/* Certificate ids from the command line; FALSE with a message for a word
 * that is not one. */
static GArray *
parse_ids (int          argc,
           char       **argv,
           const char  *command,
           const char  *synopsis,
           int         *usage)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int i = 1; i < argc; i++)
    {
      char *end = NULL;
      gint64 id;

      errno = 0;
      id = g_ascii_strtoll (argv[i], &end, 10);
      if (errno != 0 || end == argv[i] || *end != '\0' || id <= 0)
        {
          *usage = cf_cli_usage_error (command, synopsis,
                                       _("“%s” is not a certificate number (see “certifica-cli certs list”)."),
                                       argv[i]);
          return NULL;
        }
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

/* ------------------------------------------------------------------ */
/* certs seal                                                          */
/* ------------------------------------------------------------------ */

static void
on_sealed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CfCliSealRun *run = user_data;

  run->results = cf_certs_seal_finish (CF_STORE (source), result, &run->summary, &run->error);
  cf_cli_seal_run_done (run);
}

/* --key: the certificate is the signer registered in the store, the key
 * this file, the password from --password-stdin / --password-fd. */
static CfCredential *
open_key_file (CfCliContext  *context,
               CfStore       *store,
               const char    *signer,
               const char    *key_path,
               int            password_fd,
               GError       **error)
{
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(GFile) file = NULL;
  char *password;
  CfCredential *credential;

  certificate = cf_signer_repo_get (store, signer, error);
  if (certificate == NULL)
    return NULL;
  file = g_file_new_for_path (key_path);
  key_data = g_file_load_bytes (file, NULL, NULL, error);
  if (key_data == NULL)
    return NULL;
  password = cf_cli_credential_read_password (password_fd, error);
  if (password_fd != STDIN_FILENO)
    close (password_fd);
  if (password == NULL)
    return NULL;
  credential = cf_credential_new_from_bytes (certificate, key_data, password, error);
  cf_secret_free (password);
  return credential;
}

int
cf_cli_certs_seal (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  g_autofree char *signer = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *ocsp_url = NULL;
  g_auto(GStrv) anchors = NULL;
  g_auto(GStrv) warnings = NULL;
  gboolean all_ready = FALSE;
  gboolean password_stdin = FALSE;
  gboolean allow_unchecked = FALSE;
  gboolean force_untrusted = FALSE;
  gboolean no_pdf = FALSE;
  int password_fd = -1;
  int jobs = 0;
  int timeout = 0;
  const GOptionEntry entries[] = {
    { "signer", 0, 0, G_OPTION_ARG_STRING, &signer,
      N_("Seal with the e.firma registered under this certificate number"), N_("CERT_NUMBER") },
    { "all-ready", 0, 0, G_OPTION_ARG_NONE, &all_ready,
      N_("Seal every certificate that is ready (listo)"), NULL },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path,
      N_("Use this .key file instead of the key kept in the keyring"), N_("FILE.key") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the key’s password from the standard input"), NULL },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &password_fd,
      N_("Read the key’s password from this file descriptor (up to a newline)"), N_("N") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      N_("Seal with this many threads (default: one per processor)"), N_("N") },
    { "no-pdf", 0, 0, G_OPTION_ARG_NONE, &no_pdf,
      N_("Do not make the PDFs now (they are made by the next run)"), NULL },
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(CfCertPdfMaker) maker = NULL;
  CfCertsSealOptions options = { 0 };
  CfContext *core;
  g_auto(CfCliSealRun) run = { 0 };
  guint no_pdf_count = 0;
  guint elsewhere = 0;
  int usage = CF_CLI_EXIT_OK;

  if (!cf_cli_parse_options (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                             N_("Seals the certificates named by number, or with --all-ready every one "
                                "that is ready (listo), with the responsible’s e.firma: the key kept in "
                                "the keyring for --signer (its password remembered there, or given with "
                                "--password-stdin / --password-fd), or a .key file with --key. Each "
                                "certificate gets the next folio, is signed, verified and stored with its "
                                "exact bytes, all at once or not at all; then its PDF is made. Before "
                                "sealing, the e.firma must chain to SAT (or a CA given with "
                                "--trust-anchor) and SAT’s revocation service must say it is not revoked. "
                                "Ctrl+C lets the certificates being sealed finish and leaves the rest "
                                "ready. Exits with 1 unless every certificate asked for was sealed."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (signer == NULL)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("Name the e.firma with --signer CERT_NUMBER (see “certifica-cli efirma list”)."));
  if (all_ready && argc > 1)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("Give either --all-ready or certificate numbers, not both."));
  if (!all_ready && argc < 2)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("Name the certificates to seal, or give --all-ready."));
  if (password_stdin && password_fd >= 0)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("Give the password either with --password-stdin or with --password-fd, not both."));
  if (password_fd < -1)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("--password-fd takes the number of an open file descriptor: 0 or more."));
  if (key_path != NULL && !password_stdin && password_fd < 0)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS,
                               _("Give the key’s password on the standard input with --password-stdin, "
                                 "or on a file descriptor with --password-fd N."));
  if (jobs < 0)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS, _("--jobs must be a positive number."));
  if (timeout < 0)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS, _("--timeout must be a positive number."));
  if (!all_ready)
    {
      ids = parse_ids (argc, argv, argv[0], CF_CLI_CERTS_SEAL_SYNOPSIS, &usage);
      if (ids == NULL)
        return usage;
    }

  trust = cf_trust_new_with_anchors ((const char * const *) anchors, &error);
  if (trust == NULL)
    return cf_cli_fail (error);
  for (guint i = 0; i < cf_trust_get_warnings (trust)->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (cf_trust_get_warnings (trust), i));

  core = cf_cli_get_context (context, &error);
  if (core == NULL)
    return cf_cli_fail (error);
  store = g_object_ref (cf_context_get_store (core));

  /* The key is opened once for the whole run; the password is wiped at once. */
  if (key_path != NULL)
    credential = open_key_file (context, store, signer, key_path,
                                password_stdin ? STDIN_FILENO : password_fd, &error);
  else
    {
      g_auto(CfCliCredentialOptions) credential_options = CF_CLI_CREDENTIAL_OPTIONS_INIT;

      credential_options.from_keyring = g_strdup (signer);
      credential_options.password_stdin = password_stdin;
      credential_options.password_fd = password_fd;
      credential = cf_cli_credential_open (context, &credential_options, &error);
    }
  if (credential == NULL)
    return cf_cli_fail (error);

  sealer = cf_sealer_new (credential);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_ocsp_url (sealer, ocsp_url);
  cf_sealer_set_ocsp_timeout (sealer, (guint) timeout);
  cf_sealer_set_accept (sealer, (allow_unchecked ? CF_SEALER_ACCEPT_UNCHECKED_REVOCATION : 0) |
                                (force_untrusted ? CF_SEALER_ACCEPT_UNTRUSTED_SIGNER : 0));
  cf_sealer_set_context (sealer, core);

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

  if (!no_pdf)
    {
      g_autoptr(GError) logo_error = NULL;
      g_autofree char *logo = cf_context_dup_logo_path (core, &logo_error);
      g_autofree char *pattern = cf_context_dup_validation_url_pattern (core);

      if (logo_error != NULL)
        g_printerr (_("Warning: %s\n"), logo_error->message);
      maker = cf_cert_pdf_maker_new (logo, pattern);
      options.pdf = cf_cert_pdf_make;
      options.pdf_data = maker;
    }
  options.jobs = (guint) jobs;

  cf_cli_seal_run_begin (&run);

  cf_certs_seal_async (store, sealer, ids != NULL ? (const gint64 *) ids->data : NULL,
                       ids != NULL ? ids->len : 0, &options, cf_cli_seal_run_progress, &run, NULL,
                       run.cancellable, on_sealed_cb, &run);
  cf_cli_seal_run_wait (&run);

  if (run.results == NULL)
    {
      int status = cf_cli_fail (run.error);

      g_clear_error (&run.error);
      return status;
    }

  for (guint i = 0; i < run.results->len; i++)
    {
      CfCertsSealResult *result = g_ptr_array_index (run.results, i);

      if (result->status == CF_SEAL_STATUS_SEALED && !result->has_pdf)
        no_pdf_count++;
      if (result->status != CF_SEAL_STATUS_REFUSED)
        continue;
      /* "Todos los listos": one another desk sealed (or someone changed)
       * meanwhile is no longer among them, not a failure. */
      if (all_ready && g_error_matches (result->error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT))
        {
          elsewhere++;
          continue;
        }
      {
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, result->cert_id);

        g_printerr (_("Certificate %s: refused: %s\n"), number, result->error->message);
      }
      if (result->findings != NULL)
        for (guint j = 1; j < result->findings->len; j++)
          g_printerr ("  %s: %s\n", cf_finding_get_path (g_ptr_array_index (result->findings, j)),
                      cf_finding_get_message (g_ptr_array_index (result->findings, j)));
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Sealed %u of %u certificate", "Sealed %u of %u certificates",
                        run.summary.total),
           run.summary.sealed, run.summary.total);
  g_print (_(" (%.1f s, %.1f per second)"), run.summary.elapsed,
           run.summary.elapsed > 0 ? run.summary.sealed / run.summary.elapsed : 0.0);
  if (run.summary.refused > elsewhere)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u refused", "; %u refused", run.summary.refused - elsewhere),
             run.summary.refused - elsewhere);
  if (elsewhere > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u no longer ready (sealed at another desk or changed)",
                          "; %u no longer ready (sealed at another desk or changed)", elsewhere),
             elsewhere);
  if (run.summary.cancelled > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u not sealed: interrupted", "; %u not sealed: interrupted",
                          run.summary.cancelled),
             run.summary.cancelled);
  if (!no_pdf && no_pdf_count > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u without its PDF yet", "; %u without their PDF yet",
                          no_pdf_count),
             no_pdf_count);
  g_print (".\n");

  /* The PDFs an earlier run did not get to make (--no-pdf, interrupted). */
  if (!no_pdf && !g_cancellable_is_cancelled (run.cancellable))
    {
      g_autoptr(GError) pdf_error = NULL;
      guint made = 0;

      if (!cf_certs_make_pdfs (store, (guint) jobs, cf_cert_pdf_make, maker, &made, run.cancellable, &pdf_error))
        g_printerr (_("Warning: %s\n"), pdf_error->message);
      else if (made > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "Made %u PDF left from an earlier run.\n",
                              "Made %u PDFs left from an earlier run.\n", made),
                 made);
    }

  {
    gboolean all_done = run.summary.sealed + elsewhere == run.summary.total && (no_pdf || no_pdf_count == 0);

    g_ptr_array_unref (run.results);
    return all_done ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
  }
}

/* ------------------------------------------------------------------ */
/* certs export-sep                                                    */
/* ------------------------------------------------------------------ */

int
cf_cli_certs_export_sep (CfCliContext  *context,
                         int            argc,
                         char         **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *status = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the zip to this file"), N_("FILE.zip") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("Export every certificate in this state (only “sellado”)"), N_("STATE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CfStore) store = NULL;
  guint n = 0;
  int usage = CF_CLI_EXIT_OK;

  if (!cf_cli_parse_options (argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS,
                             N_("Writes the sealed certificates named by number, or with --status sellado "
                                "every sealed one, into one .zip for SEP’s MEC portal: each XML exactly as "
                                "it was sealed, named MATRICULA_CARRERA_FOLIO.xml. A certificate that is "
                                "not sealed refuses the whole export. The zip is written whole or not at "
                                "all."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (out == NULL)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS, _("Say where to write with --out FILE.zip."));
  if (status != NULL && argc > 1)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS,
                               _("Give either --status sellado or certificate numbers, not both."));
  if (status != NULL && !g_str_equal (status, "sellado"))
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS,
                               _("Only sealed certificates go to SEP: --status sellado, not “%s”."), status);
  if (status == NULL && argc < 2)
    return cf_cli_usage_error (argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS,
                               _("Name the certificates to export, or give --status sellado."));
  if (status == NULL)
    {
      ids = parse_ids (argc, argv, argv[0], CF_CLI_CERTS_EXPORT_SEP_SYNOPSIS, &usage);
      if (ids == NULL)
        return usage;
    }

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  if (!cf_certs_export_sep (store, ids != NULL ? (const gint64 *) ids->data : NULL, ids != NULL ? ids->len : 0,
                            out, &n, NULL, &error))
    return cf_cli_fail (error);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u sealed certificate to %s.\n",
                        "Wrote %u sealed certificates to %s.\n", n),
           n, out);
  return CF_CLI_EXIT_OK;
}
