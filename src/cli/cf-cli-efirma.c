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
#include "cf-catalog.h"

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

/* ---- The Responsable options (efirma add, efirma set) ---- */

typedef struct
{
  char      *cargo;
  char      *nombre;
  char      *primer_apellido;
  char      *segundo_apellido;
  GStrv      campuses;
  gboolean   every_campus;
} ResponsableOptions;

static void
responsable_options_clear (ResponsableOptions *options)
{
  g_clear_pointer (&options->cargo, g_free);
  g_clear_pointer (&options->nombre, g_free);
  g_clear_pointer (&options->primer_apellido, g_free);
  g_clear_pointer (&options->segundo_apellido, g_free);
  g_clear_pointer (&options->campuses, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ResponsableOptions, responsable_options_clear)

#define RESPONSABLE_ENTRIES(o) \
  { "cargo", 0, 0, G_OPTION_ARG_STRING, &(o).cargo, \
    N_("The position (idCargo) in the certificates: 1 DIRECTOR, 3 RECTOR, 5 RESPONSABLE DE EXPEDICIÓN (the default)…"), \
    N_("ID") }, \
  { "nombre", 0, 0, G_OPTION_ARG_STRING, &(o).nombre, \
    N_("Given names as the certificates carry them (default: from the certificate)"), N_("NAME") }, \
  { "primer-apellido", 0, 0, G_OPTION_ARG_STRING, &(o).primer_apellido, \
    N_("First surname (needed with --nombre)"), N_("SURNAME") }, \
  { "segundo-apellido", 0, 0, G_OPTION_ARG_STRING, &(o).segundo_apellido, \
    N_("Second surname, when the person has one"), N_("SURNAME") }, \
  { "campus", 0, 0, G_OPTION_ARG_STRING_ARRAY, &(o).campuses, \
    N_("A campus (ID_CAMPUS) this signer signs for (repeatable; default: every campus)"), N_("ID") }, \
  { "every-campus", 0, 0, G_OPTION_ARG_NONE, &(o).every_campus, \
    N_("Signs for every campus of the institution"), NULL }

static gboolean
responsable_options_given (const ResponsableOptions *options)
{
  return options->cargo != NULL || options->nombre != NULL || options->primer_apellido != NULL ||
         options->segundo_apellido != NULL || options->campuses != NULL || options->every_campus;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* The checks that need no store; a usage error's message, or NULL. */
static char *
responsable_options_check (const ResponsableOptions *options)
{
  if (options->cargo != NULL && cf_catalog_lookup (CF_CATALOG_CARGO, options->cargo) == NULL)
    {
      g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_CARGO, NULL);
      g_autoptr(GString) valid = g_string_new (NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          CfCatalogEntry *entry = g_ptr_array_index (entries, i);

          g_string_append_printf (valid, "\n  %s  %s", cf_catalog_entry_get_code (entry),
                                  cf_catalog_entry_get_description (entry));
        }
      /* Translators: then one valid position a line, "  1  DIRECTOR" */
      return g_strdup_printf (_("“%s” is not a position (idCargo) in SEP’s catalog. Give one of:%s"),
                              options->cargo, valid->str);
    }
  if (options->nombre != NULL && is_blank (options->primer_apellido))
    return g_strdup (_("--nombre needs --primer-apellido too (and --segundo-apellido when the person has one)."));
  if (options->nombre == NULL && (options->primer_apellido != NULL || options->segundo_apellido != NULL))
    return g_strdup (_("--primer-apellido and --segundo-apellido need --nombre too: give the whole name."));
  if (options->nombre != NULL && is_blank (options->nombre))
    return g_strdup (_("--nombre cannot be empty."));
  if (options->campuses != NULL && options->every_campus)
    return g_strdup (_("Give either --campus or --every-campus, not both."));
  return NULL;
}

/* Every --campus is one the institution has (when it has any): a
 * usage error's message otherwise. */
static char *
check_campuses (CfStore                  *store,
                const ResponsableOptions *options,
                GStrv                    *known_out,
                GError                  **error)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) known = cf_signer_repo_known_campuses (store, &names, error);

  if (known == NULL)
    return NULL;
  for (guint i = 0; options->campuses != NULL && options->campuses[i] != NULL; i++)
    {
      g_autoptr(GString) valid = NULL;

      if (known[0] == NULL || g_strv_contains ((const char * const *) known, options->campuses[i]))
        continue;
      valid = g_string_new (NULL);
      for (guint j = 0; known[j] != NULL; j++)
        {
          g_string_append_printf (valid, "\n  %s", known[j]);
          if (names[j] != NULL && *names[j] != '\0')
            g_string_append_printf (valid, "  %s", names[j]);
        }
      /* Translators: then one campus a line, "  090101  ÚNICO" */
      return g_strdup_printf (_("The institution has no campus “%s” (ID_CAMPUS). Its campuses:%s"),
                              options->campuses[i], valid->str);
    }
  *known_out = g_steal_pointer (&known);
  return g_strdup ("");
}

/* Puts the options given into @responsable, leaving the rest. */
static void
apply_options (const ResponsableOptions *options,
               CfSignerResponsable      *responsable)
{
  if (options->cargo != NULL)
    {
      g_free (responsable->id_cargo);
      responsable->id_cargo = g_strdup (options->cargo);
    }
  if (options->nombre != NULL)
    {
      g_free (responsable->nombre);
      responsable->nombre = g_strdup (options->nombre);
      g_free (responsable->primer_apellido);
      responsable->primer_apellido = g_strdup (options->primer_apellido);
      g_free (responsable->segundo_apellido);
      responsable->segundo_apellido = g_strdup (options->segundo_apellido != NULL ? options->segundo_apellido : "");
    }
  if (options->campuses != NULL || options->every_campus)
    {
      g_strfreev (responsable->campuses);
      responsable->campuses = options->every_campus ? g_new0 (char *, 1) : g_strdupv (options->campuses);
    }
}

static char *
describe_cargo (const char *id_cargo)
{
  const char *name = cf_catalog_lookup (CF_CATALOG_CARGO, id_cargo);

  return name != NULL ? g_strdup_printf ("%s %s", id_cargo, name) : g_strdup (id_cargo);
}

static char *
describe_campuses (const CfSignerResponsable *responsable)
{
  if (responsable->campuses[0] == NULL)
    return g_strdup (_("every campus"));
  return g_strjoinv (", ", responsable->campuses);
}

/* Two lines under a signer: what Ipes/Responsable will carry. */
static void
print_responsable (const CfSignerResponsable *responsable)
{
  g_autofree char *cargo = describe_cargo (responsable->id_cargo);
  g_autofree char *campuses = describe_campuses (responsable);

  /* Translators: the position (idCargo and name) and the name split as the XML carries it */
  g_print (_("    Responsable: %s; %s / %s / %s\n"), cargo, responsable->nombre,
           responsable->primer_apellido, responsable->segundo_apellido);
  /* Translators: the campus keys, or "every campus" */
  g_print (_("    Campuses: %s\n"), campuses);
}

/* Translators: a command's synopsis: keep the file extension and the
 * option names; FILE, ID, N, A and B are placeholders. */
#define ADD_SYNOPSIS N_("[--trust-anchor CA.pem]… [--cargo ID] [--nombre N --primer-apellido A [--segundo-apellido B]] [--campus ID]… FILE.cer")

static int
efirma_add (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSignerResponsable) responsable = cf_signer_responsable_new ();
  g_autoptr(CfSignerResponsable) added = NULL;
  g_auto(GStrv) anchors = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(ResponsableOptions) options = { NULL };
  g_autofree char *problem = NULL;
  const GOptionEntry entries[] = {
    TRUST_ANCHOR_ENTRY (anchors),
    RESPONSABLE_ENTRIES (options),
    { NULL }
  };

  if (!cf_cli_parse_options (argv[0], ADD_SYNOPSIS,
                             N_("Registers a signer in the store from their e.firma certificate, "
                                "once it is known that SAT issued it (or a CA given with "
                                "--trust-anchor). Only the public certificate is kept. The "
                                "Responsable values of the certificates it seals default to "
                                "position 5, the name in the certificate and every campus."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (argv[0], _(ADD_SYNOPSIS), _("Give one certificate file (.cer)."));
  problem = responsable_options_check (&options);
  if (problem != NULL)
    return cf_cli_usage_error (argv[0], _(ADD_SYNOPSIS), "%s", problem);

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
  if (store == NULL)
    return cf_cli_fail (error);
  problem = check_campuses (store, &options, &known, &error);
  if (problem == NULL)
    return cf_cli_fail (error);
  if (*problem != '\0')
    return cf_cli_usage_error (argv[0], _(ADD_SYNOPSIS), "%s", problem);

  apply_options (&options, responsable);
  if (!cf_signer_repo_add_with_responsable (store, certificate, responsable, &error))
    return cf_cli_fail (error);

  g_print (_("The signer %s (certificate %s) was added.\n"),
           cf_certificate_get_name (certificate), cf_certificate_get_number (certificate));
  added = cf_signer_repo_get_responsable (store, cf_certificate_get_number (certificate), &error);
  if (added == NULL)
    return cf_cli_fail (error);
  print_responsable (added);
  if (added->campuses[0] == NULL && g_strv_length (known) > 1)
    g_printerr (_("certifica-cli: Note: this signer signs for every campus (%u); to name some, use "
                  "certifica-cli efirma set %s --campus ID.\n"),
                g_strv_length (known), cf_certificate_get_number (certificate));
  return CF_CLI_EXIT_OK;
}

/* Translators: a command's synopsis: keep the file extension and the
 * option names; FILE, CERT_NUMBER, ID, N, A and B are placeholders. */
#define SET_SYNOPSIS N_("FILE.cer|CERT_NUMBER [--cargo ID] [--nombre N --primer-apellido A [--segundo-apellido B]] [--campus ID…|--every-campus]")

static int
efirma_set (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSignerResponsable) responsable = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(ResponsableOptions) options = { NULL };
  g_autofree char *problem = NULL;
  g_autofree char *number = NULL;
  const GOptionEntry entries[] = {
    RESPONSABLE_ENTRIES (options),
    { NULL }
  };

  if (!cf_cli_parse_options (argv[0], SET_SYNOPSIS,
                             N_("Changes the Responsable values of a registered signer: the "
                                "position, the name as the certificates carry it (given as a "
                                "whole) and the campuses. What is not given stays as it is."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (argv[0], _(SET_SYNOPSIS),
                               _("Give one certificate file (.cer) or certificate number."));
  problem = responsable_options_check (&options);
  if (problem != NULL)
    return cf_cli_usage_error (argv[0], _(SET_SYNOPSIS), "%s", problem);
  if (!responsable_options_given (&options))
    return cf_cli_usage_error (argv[0], _(SET_SYNOPSIS), _("Nothing to change: give at least one option."));

  if (g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(CfCertificate) certificate = cf_certificate_new_from_file (argv[1], &error);

      if (certificate == NULL)
        return cf_cli_fail (error);
      number = g_strdup (cf_certificate_get_number (certificate));
    }
  else
    number = g_strdup (argv[1]);

  store = cf_cli_open_store (context, &error);
  if (store == NULL)
    return cf_cli_fail (error);
  problem = check_campuses (store, &options, &known, &error);
  if (problem == NULL)
    return cf_cli_fail (error);
  if (*problem != '\0')
    return cf_cli_usage_error (argv[0], _(SET_SYNOPSIS), "%s", problem);

  responsable = cf_signer_repo_get_responsable (store, number, &error);
  if (responsable == NULL)
    return cf_cli_fail (error);
  apply_options (&options, responsable);
  if (!cf_signer_repo_set_responsable (store, number, responsable, &error))
    return cf_cli_fail (error);

  g_clear_pointer (&responsable, cf_signer_responsable_free);
  responsable = cf_signer_repo_get_responsable (store, number, &error);
  if (responsable == NULL)
    return cf_cli_fail (error);
  g_print (_("The signer with certificate %s was changed.\n"), number);
  print_responsable (responsable);
  return CF_CLI_EXIT_OK;
}

/* "id_cargo", "cargo", "nombre", "primer_apellido", "segundo_apellido",
 * "campuses" ([] = every campus), "responsable_defaults" (which of
 * "cargo", "name" were never set). */
static void
add_responsable_json (JsonBuilder               *builder,
                      const CfSignerResponsable *responsable)
{
  const char *cargo = cf_catalog_lookup (CF_CATALOG_CARGO, responsable->id_cargo);

  json_builder_set_member_name (builder, "id_cargo");
  json_builder_add_string_value (builder, responsable->id_cargo);
  json_builder_set_member_name (builder, "cargo");
  json_builder_add_string_value (builder, cargo != NULL ? cargo : "");
  json_builder_set_member_name (builder, "nombre");
  json_builder_add_string_value (builder, responsable->nombre);
  json_builder_set_member_name (builder, "primer_apellido");
  json_builder_add_string_value (builder, responsable->primer_apellido);
  json_builder_set_member_name (builder, "segundo_apellido");
  json_builder_add_string_value (builder, responsable->segundo_apellido);
  json_builder_set_member_name (builder, "campuses");
  json_builder_begin_array (builder);
  for (guint i = 0; responsable->campuses[i] != NULL; i++)
    json_builder_add_string_value (builder, responsable->campuses[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "every_campus");
  json_builder_add_boolean_value (builder, responsable->campuses[0] == NULL);
  json_builder_set_member_name (builder, "responsable_defaults");
  json_builder_begin_array (builder);
  if (responsable->cargo_is_default)
    json_builder_add_string_value (builder, "cargo");
  if (responsable->name_is_default)
    json_builder_add_string_value (builder, "name");
  json_builder_end_array (builder);
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
  g_autoptr(GPtrArray) responsables = NULL;

  if (!cf_cli_parse_options (argv[0], "[--json]", N_("Lists the signers registered in the store, "
                                                     "with what Ipes/Responsable carries for each."),
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
  responsables = cf_signer_repo_list_responsables (store, &error);
  if (responsables == NULL)
    return cf_cli_fail (error);
  /* Both in the same order; a signer added in between is left out. */
  if (responsables->len != signers->len)
    {
      g_set_error_literal (&error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                           _("The signers changed while they were being read; try again."));
      return cf_cli_fail (error);
    }

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
          add_responsable_json (builder, g_ptr_array_index (responsables, i));
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
      print_responsable (g_ptr_array_index (responsables, i));
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
  { "set", SET_SYNOPSIS, N_("Change a signer’s position, name or campuses"), efirma_set },
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
