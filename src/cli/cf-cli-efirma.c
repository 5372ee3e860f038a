/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-efirma.c: certifica-cli efirma {inspect,check,ocsp,store-key,
 * forget-key} and certifica-cli sign.
 *
 * Passwords come from a file descriptor (never from the command line, where
 * other users could read them in ps), are never printed, and are wiped with
 * cf_secret_free() as soon as the key is opened. The signing verbs take
 * their e.firma options from cf-cli-credential.h. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cf-cli-credential.h"
#include "cf-cli-efirma.h"
#include "cf-credential.h"
#include "cf-efirma.h"
#include "cf-keyring.h"
#include "cf-ocsp.h"
#include "cf-store.h"
#include "cf-signer-repo.h"
#include "cf-trust.h"
#include "cf-cli-store.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

/* --at YYYY-MM-DD: noon UTC of that day, so that a certificate valid on
 * that date in Mexico's time zones is valid at that instant. */
static GDateTime *
parse_date (const char *text)
{
  int year, month, day;
  char tail;

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
      text[4] != '-' || text[7] != '-' ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_date_time_new_utc (year, month, day, 12, 0, 0);
}

static GBytes *
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return g_file_load_bytes (file, NULL, NULL, error);
}

static char *
format_date_time (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

typedef struct
{
  const char *label;
  char       *value;
} Fact;

static void
add_fact (GArray     *facts,
          const char *label,
          const char *value)
{
  Fact fact = { label, g_strdup (value) };

  if (value != NULL)
    g_array_append_val (facts, fact);
}

static void
clear_fact (gpointer data)
{
  Fact *fact = data;

  g_free (fact->value);
}

/* "Label: value" lines, values aligned in one column whatever the
 * language of the labels. */
static void
print_facts (GArray *facts)
{
  glong width = 0;
  guint i;

  for (i = 0; i < facts->len; i++)
    width = MAX (width, g_utf8_strlen (g_array_index (facts, Fact, i).label, -1));

  for (i = 0; i < facts->len; i++)
    {
      const Fact *fact = &g_array_index (facts, Fact, i);
      glong pad = width - g_utf8_strlen (fact->label, -1);

      g_print ("%s:%*s %s\n", fact->label, (int) pad, "", fact->value);
    }
}

/* ------------------------------------------------------------------ */
/* efirma inspect                                                       */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define INSPECT_SYNOPSIS N_("[--json] FILE.cer")

static int
efirma_inspect (CfCliContext  *context,
                int            argc,
                char         **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the facts as a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GArray) facts = NULL;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *bits = NULL;
  g_autofree char *can_sign = NULL;

  if (!cf_cli_parse_options (argv[0], INSPECT_SYNOPSIS,
                             N_("Shows what a SAT certificate (.cer, DER or PEM) says: holder, RFC, "
                                "CURP, certificate number, validity, kind and issuer."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 2)
    return cf_cli_usage_error (argv[0], INSPECT_SYNOPSIS, _("Give exactly one certificate file."));

  certificate = cf_certificate_new_from_file (argv[1], &error);
  if (certificate == NULL)
    return cf_cli_fail (error);

  if (json)
    {
      g_autofree char *text = cf_certificate_to_json (certificate);

      g_print ("%s", text);
      return CF_CLI_EXIT_OK;
    }

  not_before = format_date_time (cf_certificate_get_not_before (certificate));
  not_after = format_date_time (cf_certificate_get_not_after (certificate));
  bits = g_strdup_printf (_("%u bits"), cf_certificate_get_key_bits (certificate));
  if (cf_certificate_check_can_sign_at (certificate, NULL, &error))
    can_sign = g_strdup (_("Yes"));
  else
    can_sign = g_strdup_printf (_("No. %s"), error->message);

  facts = g_array_new (FALSE, FALSE, sizeof (Fact));
  g_array_set_clear_func (facts, clear_fact);
  add_fact (facts, _("Name"), cf_certificate_get_name (certificate));
  add_fact (facts, _("RFC"), cf_certificate_get_rfc (certificate));
  add_fact (facts, _("Representative’s RFC"), cf_certificate_get_representative_rfc (certificate));
  add_fact (facts, _("CURP"), cf_certificate_get_curp (certificate));
  add_fact (facts, _("E-mail"), cf_certificate_get_email (certificate));
  add_fact (facts, _("Certificate number"), cf_certificate_get_number (certificate));
  add_fact (facts, _("Kind"), cf_efirma_kind_get_label (cf_certificate_get_kind (certificate)));
  add_fact (facts, _("Unit"), cf_certificate_get_organizational_unit (certificate));
  add_fact (facts, _("Valid from"), not_before);
  add_fact (facts, _("Valid until"), not_after);
  add_fact (facts, _("Issuer"), cf_certificate_get_issuer (certificate));
  add_fact (facts, _("SAT test issuer"),
            cf_certificate_is_test_issuer (certificate) ? _("Yes") : _("No"));
  add_fact (facts, _("Key size"), bits);
  add_fact (facts, _("Can sign now"), can_sign);
  print_facts (facts);

  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Who issued the certificate (efirma add, efirma check)                */
/* ------------------------------------------------------------------ */

#define TRUST_ANCHOR_ENTRY(anchors) \
  { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &(anchors), \
    N_("Also accept certificates issued by this CA (PEM or DER; repeatable)"), N_("CA.pem") }

/* SAT (or a CA given with --trust-anchor or kept in the user's trust
 * folder) issued @certificate: FALSE with the reason otherwise. A SAT test
 * certificate passes with a warning on stderr. */
static gboolean
check_issued_by_sat (CfCertificate  *certificate,
                     char          **anchors,
                     GError        **error)
{
  g_autoptr(CfTrust) trust = cf_trust_new_with_anchors ((const char * const *) anchors, error);
  g_autofree char *reason = NULL;
  g_autofree char *user_folder = NULL;
  GPtrArray *warnings;

  if (trust == NULL)
    return FALSE;
  warnings = cf_trust_get_warnings (trust);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr (_("Warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  switch (cf_trust_verify (trust, certificate, &reason))
    {
    case CF_TRUST_TRUSTED:
      return TRUE;
    case CF_TRUST_TRUSTED_TEST:
      g_printerr (_("Warning: %s is a SAT test certificate: what it signs has no legal value.\n"),
                  cf_certificate_get_number (certificate));
      return TRUE;
    case CF_TRUST_NOT_TRUSTED:
    default:
      user_folder = g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);
      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT,
                   _("%s If your institution uses its own certificate authority on purpose, give "
                     "its certificate with --trust-anchor CA.pem or put it in %s."),
                   reason, user_folder);
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* efirma check                                                         */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define CHECK_SYNOPSIS N_("--cer FILE --key FILE --password-stdin|--password-fd N [--at YYYY-MM-DD] | " \
                          "--from-keyring NUMBER [--cer FILE] [--password-stdin|--password-fd N] [--at YYYY-MM-DD]")

static int
efirma_check (CfCliContext  *context,
              int            argc,
              char         **argv)
{
  g_auto(CfCliCredentialOptions) options = CF_CLI_CREDENTIAL_OPTIONS_INIT;
  g_autofree char *at_text = NULL;
  g_autofree char *store_path = NULL;
  g_auto(GStrv) anchors = NULL;
  const GOptionEntry verb_entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      N_("Check for a certificate dated on this day (default: today)"), N_("YYYY-MM-DD") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
      N_("The Certifica store to take the certificate from"), N_("PATH") },
    TRUST_ANCHOR_ENTRY (anchors),
    { NULL }
  };
  g_autofree GOptionEntry *entries = cf_cli_credential_add_entries (&options, verb_entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(CfCredential) credential = NULL;
  int status;

  if (!cf_cli_parse_options (argv[0], CHECK_SYNOPSIS,
                             N_("Checks that a certificate and its private key can sign study "
                                "certificates on a date: the key opens with the password and "
                                "belongs to the certificate, which is a valid e.firma (FIEL) "
                                "issued by SAT (or by a CA given with --trust-anchor)."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 1)
    return cf_cli_usage_error (argv[0], CHECK_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);

  if (store_path != NULL)
    {
      g_free (context->store_path);
      context->store_path = g_steal_pointer (&store_path);
    }

  if (at_text != NULL)
    {
      at = parse_date (at_text);
      if (at == NULL)
        return cf_cli_usage_error (argv[0], CHECK_SYNOPSIS,
                                   _("“%s” is not a date: write it as YYYY-MM-DD."), at_text);
    }

  status = cf_cli_credential_check_usage (&options, argv[0], CHECK_SYNOPSIS);
  if (status != CF_CLI_EXIT_OK)
    return status;

  credential = cf_cli_credential_open (context, &options, &error);
  if (credential == NULL || !cf_credential_check_can_sign_on (credential, at, &error) ||
      !check_issued_by_sat (cf_credential_get_certificate (credential), anchors, &error))
    return cf_cli_fail (error);

  g_print ("OK\n");
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* efirma ocsp                                                          */
/* ------------------------------------------------------------------ */

#define OCSP_SYNOPSIS "--cer FILE --issuer FILE [--url URL] [--timeout SECONDS] [--json]"

static CfCertificate *
load_issuer (const char  *path,
             GError     **error)
{
  CfCertificate *issuer = cf_certificate_new_from_file (path, error);

  /* Its messages speak of the e.firma: say which file this one is. */
  if (issuer == NULL)
    g_prefix_error (error, _("The issuer certificate “%s”: "), path);
  return issuer;
}

static int
efirma_ocsp (CfCliContext  *context,
             int            argc,
             char         **argv)
{
  g_autofree char *cer_path = NULL;
  g_autofree char *issuer_path = NULL;
  g_autofree char *url = NULL;
  int timeout = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer_path, N_("The e.firma certificate (.cer)"), N_("FILE") },
    { "issuer", 0, 0, G_OPTION_ARG_FILENAME, &issuer_path,
      N_("The certificate of the authority that issued it"), N_("FILE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The revocation service (OCSP) to ask (default: the one the certificate names)"), N_("URL") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up after this many seconds without an answer (default: 20)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the answer as a JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfCertificate) issuer = NULL;
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GArray) facts = NULL;
  g_autofree char *revoked_on = NULL;
  g_autofree char *answered_on = NULL;
  CfOcspStatus status;

  if (!cf_cli_parse_options (argv[0], OCSP_SYNOPSIS,
                             N_("Asks the issuer’s revocation service (OCSP) whether an e.firma "
                                "certificate was revoked. Exits with 0 when it was not, 1 when it "
                                "was, when the service does not know it, or when there is no "
                                "trustworthy answer."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 1)
    return cf_cli_usage_error (argv[0], OCSP_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  if (cer_path == NULL || issuer_path == NULL)
    return cf_cli_usage_error (argv[0], OCSP_SYNOPSIS,
                               _("Give the certificate with --cer and its issuer’s certificate with --issuer."));
  if (timeout < 0)
    return cf_cli_usage_error (argv[0], OCSP_SYNOPSIS,
                               _("The timeout must be a number of seconds, 1 or more."));

  certificate = cf_certificate_new_from_file (cer_path, &error);
  if (certificate == NULL)
    return cf_cli_fail (error);
  issuer = load_issuer (issuer_path, &error);
  if (issuer == NULL)
    return cf_cli_fail (error);

  status = cf_ocsp_check_certificate (certificate, issuer, url, (guint) timeout,
                                      NULL, &result, &error);
  if (status == CF_OCSP_STATUS_ERROR)
    return cf_cli_fail (error);

  if (json)
    {
      g_autofree char *text = cf_ocsp_result_to_json (result);

      g_print ("%s", text);
      return status == CF_OCSP_STATUS_GOOD ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
    }

  facts = g_array_new (FALSE, FALSE, sizeof (Fact));
  g_array_set_clear_func (facts, clear_fact);
  switch (status)
    {
    case CF_OCSP_STATUS_GOOD:
      add_fact (facts, _("Status"), _("Not revoked"));
      break;
    case CF_OCSP_STATUS_REVOKED:
      add_fact (facts, _("Status"), _("Revoked: it cannot sign certificates"));
      revoked_on = format_date_time (cf_ocsp_result_get_revocation_time (result));
      add_fact (facts, _("Revoked on"), revoked_on);
      add_fact (facts, _("Reason"), cf_ocsp_reason_get_label (cf_ocsp_result_get_reason (result)));
      break;
    case CF_OCSP_STATUS_UNKNOWN:
    case CF_OCSP_STATUS_ERROR:
    default:
      add_fact (facts, _("Status"), _("Unknown: the service does not know this certificate"));
      break;
    }
  answered_on = format_date_time (cf_ocsp_result_get_this_update (result));
  add_fact (facts, _("Answer dated"), answered_on);
  add_fact (facts, _("Service"), cf_ocsp_result_get_responder_url (result));
  print_facts (facts);

  return status == CF_OCSP_STATUS_GOOD ? CF_CLI_EXIT_OK : CF_CLI_EXIT_FAILURE;
}

/* ------------------------------------------------------------------ */
/* efirma store-key / forget-key                                        */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define STORE_KEY_SYNOPSIS N_("--cer FILE --key FILE [--remember-password] --password-stdin")

static int
efirma_store_key (CfCliContext  *context,
                  int            argc,
                  char         **argv)
{
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  gboolean password_stdin = FALSE;
  gboolean remember = FALSE;
  const GOptionEntry entries[] = {
    { "cer", 0, 0, G_OPTION_ARG_FILENAME, &cer_path, N_("The e.firma certificate (.cer)"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_path, N_("The e.firma private key (.key)"), N_("FILE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the key’s password from the standard input"), NULL },
    { "remember-password", 0, 0, G_OPTION_ARG_NONE, &remember,
      N_("Keep the password in the keyring too"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfSecret) password = NULL;

  if (!cf_cli_parse_options (argv[0], STORE_KEY_SYNOPSIS,
                             N_("Keeps an e.firma’s private key, still encrypted as SAT issued it, "
                                "in the login keyring (and its password, if asked). The password "
                                "is checked against the key and the certificate first."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 1)
    return cf_cli_usage_error (argv[0], STORE_KEY_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  if (cer_path == NULL || key_path == NULL)
    return cf_cli_usage_error (argv[0], STORE_KEY_SYNOPSIS,
                               _("Give the certificate with --cer and the key with --key."));
  if (!password_stdin)
    return cf_cli_usage_error (argv[0], STORE_KEY_SYNOPSIS,
                               _("Give the key’s password on the standard input and say so with --password-stdin."));

  certificate = cf_certificate_new_from_file (cer_path, &error);
  if (certificate == NULL)
    return cf_cli_fail (error);
  key_data = load_file (key_path, &error);
  if (key_data == NULL)
    return cf_cli_fail (error);
  password = cf_cli_credential_read_password (STDIN_FILENO, &error);
  if (password == NULL)
    return cf_cli_fail (error);

  /* Only an e.firma's key is worth keeping; its dates do not matter here. */
  credential = cf_credential_new_from_bytes (certificate, key_data, password, &error);
  if (credential == NULL)
    return cf_cli_fail (error);
  g_clear_object (&credential);

  if (!cf_keyring_store_key (cf_certificate_get_number (certificate),
                             cf_certificate_get_rfc (certificate),
                             key_data, remember ? password : NULL, NULL, &error))
    return cf_cli_fail (error);

  /* A key in the keyring is only of use for a registered signer. */
  {
    g_autoptr(CfStore) store = cf_cli_open_store (context, &error);
    g_autoptr(CfCertificate) known = NULL;

    if (store == NULL)
      return cf_cli_fail (error);
    known = cf_signer_repo_get (store, cf_certificate_get_number (certificate), &error);
    if (known == NULL)
      {
        if (!g_error_matches (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
          return cf_cli_fail (error);
        g_clear_error (&error);
        if (!cf_signer_repo_add (store, certificate, &error))
          return cf_cli_fail (error);
        g_print (_("The signer %s (certificate %s) was added to the store.\n"),
                 cf_certificate_get_name (certificate), cf_certificate_get_number (certificate));
      }
  }

  if (remember)
    g_print (_("The key and its password for certificate %s are in the keyring.\n"),
             cf_certificate_get_number (certificate));
  else
    g_print (_("The key for certificate %s is in the keyring.\n"),
             cf_certificate_get_number (certificate));
  return CF_CLI_EXIT_OK;
}

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define FORGET_KEY_SYNOPSIS N_("CERTIFICATE_NUMBER")

static int
efirma_forget_key (CfCliContext  *context,
                   int            argc,
                   char         **argv)
{
  g_autoptr(GError) error = NULL;

  if (!cf_cli_parse_options (argv[0], FORGET_KEY_SYNOPSIS,
                             N_("Removes a signer’s key and password from the keyring."),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 2)
    return cf_cli_usage_error (argv[0], FORGET_KEY_SYNOPSIS, _("Give exactly one certificate number."));

  if (!cf_keyring_forget_key (argv[1], NULL, &error))
    return cf_cli_fail (error);

  g_print (_("The key for certificate %s was removed from the keyring.\n"), argv[1]);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* sign                                                                 */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define SIGN_SYNOPSIS N_("--cer FILE --key FILE --password-fd N < DATA | " \
                         "--from-keyring NUMBER [--cer FILE] [--password-fd N] < DATA")

static GBytes *
read_all_fd (int      fd,
             GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buf[65536];

  for (;;)
    {
      gssize n = read (fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read the data to sign: %s"), g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (data, buf, n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

int
cf_cli_sign_main (CfCliContext  *context,
                  int            argc,
                  char         **argv)
{
  g_auto(CfCliCredentialOptions) options = CF_CLI_CREDENTIAL_OPTIONS_INIT;
  g_autofree GOptionEntry *entries = cf_cli_credential_add_entries (&options, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *signature = NULL;
  int status;

  if (!cf_cli_parse_options (argv[0], SIGN_SYNOPSIS,
                             N_("Signs the bytes of the standard input with RSA PKCS#1 v1.5 and "
                                "SHA-256 and prints the signature in base64. The password is read "
                                "from file descriptor N, as gpg’s --passphrase-fd does."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;

  if (argc != 1)
    return cf_cli_usage_error (argv[0], SIGN_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  status = cf_cli_credential_check_usage (&options, argv[0], SIGN_SYNOPSIS);
  if (status != CF_CLI_EXIT_OK)
    return status;

  /* The password first: with --password-fd 0 (or --password-stdin) it is
   * the first line of the standard input and the data is the rest. */
  credential = cf_cli_credential_open (context, &options, &error);
  if (credential == NULL)
    return cf_cli_fail (error);

  data = read_all_fd (STDIN_FILENO, &error);
  if (data == NULL)
    return cf_cli_fail (error);

  signature = cf_private_key_sign (cf_credential_get_private_key (credential),
                                   g_bytes_get_data (data, NULL), g_bytes_get_size (data), &error);
  if (signature == NULL)
    return cf_cli_fail (error);

  g_print ("%s\n", signature);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The efirma group                                                     */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* efirma add / list                                                    */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the file extension; FILE is a placeholder. */
#define ADD_SYNOPSIS N_("[--trust-anchor CA.pem]… FILE.cer")

static int
efirma_add (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfStore) store = NULL;
  g_auto(GStrv) anchors = NULL;
  const GOptionEntry entries[] = {
    TRUST_ANCHOR_ENTRY (anchors),
    { NULL }
  };

  if (!cf_cli_parse_options (argv[0], ADD_SYNOPSIS,
                             N_("Registers a signer in the store from their e.firma certificate, "
                                "once it is known that SAT issued it (or a CA given with "
                                "--trust-anchor). Only the public certificate is kept."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (argv[0], _(ADD_SYNOPSIS), _("Give one certificate file (.cer)."));

  certificate = cf_certificate_new_from_file (argv[1], &error);
  if (certificate == NULL)
    return cf_cli_fail (error);
  if (cf_certificate_get_kind (certificate) != CF_EFIRMA_KIND_EFIRMA)
    {
      g_set_error (&error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA,
                   _("%s is not an e.firma certificate; study certificates are signed only with an e.firma."),
                   argv[1]);
      return cf_cli_fail (error);
    }
  if (!check_issued_by_sat (certificate, anchors, &error))
    return cf_cli_fail (error);
  store = cf_cli_open_store (context, &error);
  if (store == NULL || !cf_signer_repo_add (store, certificate, &error))
    return cf_cli_fail (error);

  g_print (_("The signer %s (certificate %s) was added.\n"),
           cf_certificate_get_name (certificate), cf_certificate_get_number (certificate));
  return CF_CLI_EXIT_OK;
}

static char *
iso_date (GDateTime *date)
{
  return date != NULL ? g_date_time_format (date, "%Y-%m-%d") : g_strdup ("");
}

static int
efirma_list (CfCliContext  *context,
             int            argc,
             char         **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the signers as a JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) signers = NULL;

  if (!cf_cli_parse_options (argv[0], "[--json]", N_("Lists the signers registered in the store."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 1)
    return cf_cli_usage_error (argv[0], "[--json]", _("Unexpected argument “%s”."), argv[1]);

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  signers = cf_signer_repo_list (store, &error);
  if (signers == NULL)
    return cf_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < signers->len; i++)
        {
          CfCertificate *certificate = g_ptr_array_index (signers, i);
          g_autofree char *from = iso_date (cf_certificate_get_not_before (certificate));
          g_autofree char *until = iso_date (cf_certificate_get_not_after (certificate));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "certificate_number");
          json_builder_add_string_value (builder, cf_certificate_get_number (certificate));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, cf_certificate_get_name (certificate));
          json_builder_set_member_name (builder, "rfc");
          json_builder_add_string_value (builder, cf_certificate_get_rfc (certificate));
          json_builder_set_member_name (builder, "curp");
          if (cf_certificate_get_curp (certificate) != NULL)
            json_builder_add_string_value (builder, cf_certificate_get_curp (certificate));
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "valid_from");
          json_builder_add_string_value (builder, from);
          json_builder_set_member_name (builder, "valid_until");
          json_builder_add_string_value (builder, until);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      cf_cli_print_json (root);
      return CF_CLI_EXIT_OK;
    }

  for (guint i = 0; i < signers->len; i++)
    {
      CfCertificate *certificate = g_ptr_array_index (signers, i);
      g_autofree char *until = iso_date (cf_certificate_get_not_after (certificate));

      g_print ("%s  %s  %s  %s\n", cf_certificate_get_number (certificate),
               cf_certificate_get_rfc (certificate), until, cf_certificate_get_name (certificate));
    }
  if (signers->len == 0)
    g_print ("%s\n", _("No signers are registered."));
  return CF_CLI_EXIT_OK;
}

static const CfCliVerb efirma_verbs[] = {
  { "inspect", INSPECT_SYNOPSIS, N_("Show what a certificate says"), efirma_inspect },
  { "check", CHECK_SYNOPSIS, N_("Check that a certificate and key can sign"), efirma_check },
  { "ocsp", OCSP_SYNOPSIS, N_("Ask whether a certificate was revoked"), efirma_ocsp },
  { "add", ADD_SYNOPSIS, N_("Register a signer from their certificate"), efirma_add },
  { "list", "[--json]", N_("List the registered signers"), efirma_list },
  { "store-key", STORE_KEY_SYNOPSIS, N_("Keep a key in the login keyring"), efirma_store_key },
  { "forget-key", FORGET_KEY_SYNOPSIS, N_("Remove a key from the keyring"), efirma_forget_key },
};

int
cf_cli_efirma_main (CfCliContext  *context,
                    int            argc,
                    char         **argv)
{
  return cf_cli_run_group (context, argv[0], efirma_verbs, G_N_ELEMENTS (efirma_verbs), argc, argv);
}
