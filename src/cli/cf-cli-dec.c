/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-dec.c: certifica-cli dec {cadena,new,...}.
 *
 * One function per verb and one line per verb in dec_verbs[] at the end:
 * validate, seal and verify slot in the same way. stdout carries only the
 * result (a cadena, an XML document), so scripts can pipe it. */

#define G_LOG_DOMAIN "certifica-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cadena.h"
#include "cf-cli-dec.h"
#include "cf-cli-dec-seal.h"
#include "cf-dec.h"
#include "cf-dec-xml.h"

/* Writes all of @data to stdout; FALSE with @error on a write error (a closed pipe, a full disk). */
static gboolean
write_stdout (const void  *data,
              gsize        length,
              GError     **error)
{
  if ((length > 0 && fwrite (data, 1, length, stdout) != length) || fflush (stdout) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write to the standard output: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* dec cadena FILE.xml                                                  */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define CADENA_SYNOPSIS N_("FILE.xml")

static int
dec_cadena (CfCliContext  *context,
            int            argc,
            char         **argv)
{
  const char *command = argv[0];
  g_autoptr(GError) error = NULL;
  g_autofree char *cadena = NULL;

  if (!cf_cli_parse_options (command, CADENA_SYNOPSIS,
                             N_("Print the cadena original of a certificate (no final newline)"),
                             NULL, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc != 2)
    return cf_cli_usage_error (command, CADENA_SYNOPSIS, "%s",
                               argc < 2 ? _("Give the certificate file.") : _("Give only one certificate file."));

  cadena = cf_cadena_from_file (argv[1], &error);
  if (cadena == NULL)
    return cf_cli_fail (error);

  /* Exactly the bytes that are signed: no newline after them. */
  if (!write_stdout (cadena, strlen (cadena), &error))
    return cf_cli_fail (error);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* dec new --example                                                    */
/* ------------------------------------------------------------------ */

/* Translators: a command's synopsis: keep the --options and the file
 * extensions; translate the placeholders in capitals as in the options. */
#define NEW_SYNOPSIS N_("--example > FILE.xml")

static int
dec_new (CfCliContext  *context,
         int            argc,
         char         **argv)
{
  const char *command = argv[0];
  gboolean example = FALSE;
  const GOptionEntry entries[] = {
    { "example", 0, 0, G_OPTION_ARG_NONE, &example,
      N_("A complete example: a partial certificate of a Licenciatura en Derecho, "
         "ready for “dec validate” and, once the Responsable is the signer, for “dec seal”"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!cf_cli_parse_options (command, NEW_SYNOPSIS,
                             N_("Write a new certificate (Dec 3.0) to the standard output. It is not "
                                "sealed: sello, certificadoResponsable and noCertificadoResponsable are "
                                "present and empty, as the schema requires, for “dec seal” to fill in."),
                             entries, &argc, &argv))
    return CF_CLI_EXIT_USAGE;
  if (argc > 1)
    return cf_cli_usage_error (command, NEW_SYNOPSIS, _("Unexpected argument “%s”."), argv[1]);
  if (!example)
    return cf_cli_usage_error (command, NEW_SYNOPSIS, "%s",
                               _("Only --example is available: edit its values, or build certificates in the application."));

  dec = cf_dec_new_example ();
  bytes = cf_dec_xml_write_bytes (dec, &error);
  if (bytes == NULL)
    return cf_cli_fail (error);
  if (!write_stdout (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    return cf_cli_fail (error);
  return CF_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The dec group                                                        */
/* ------------------------------------------------------------------ */

static const CfCliVerb dec_verbs[] = {
  { "cadena", CADENA_SYNOPSIS, N_("Print the cadena original of a certificate"), dec_cadena },
  { "new", NEW_SYNOPSIS, N_("Write an example certificate to the standard output"), dec_new },
  /* cf-cli-dec-seal.c */
  { "validate", CF_CLI_DEC_VALIDATE_SYNOPSIS, N_("Check certificates against the schema and SEP’s rules"), cf_cli_dec_validate },
  { "seal", CF_CLI_DEC_SEAL_SYNOPSIS, N_("Seal certificates with the responsible’s e.firma"), cf_cli_dec_seal },
  { "verify", CF_CLI_DEC_VERIFY_SYNOPSIS, N_("Check the seal of certificates and show who sealed them"), cf_cli_dec_verify },
};

int
cf_cli_dec_main (CfCliContext  *context,
                 int            argc,
                 char         **argv)
{
  return cf_cli_run_group (context, argv[0], dec_verbs, G_N_ELEMENTS (dec_verbs), argc, argv);
}
