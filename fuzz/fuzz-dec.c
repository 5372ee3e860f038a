/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the Dec reader, the cadena original and validation:
 * every input goes through the hardened parser and, when it is a Dec, the
 * schema step, the semantic rules, the cadena (from the file and from the
 * model), seal verification and a write-and-read-back. Besides crashes it
 * checks these invariants: the cadena of a file equals the cadena of its
 * model; writing a model and reading it back keeps its cadena; the batch
 * reader's plain scanner and libxml2 read every input alike (model,
 * structure verdict, error); the reader's "conforms" is never said of a
 * document the XSD refuses; and setting the seal in a file's own bytes
 * changes its model in those three values only. The batch readers live
 * across inputs, as a worker's do. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cf-cadena.h"
#include "cf-dec-validate.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"
#include "cf-dec-xml-private.h"
#include "cf-sealer.h"
#include "fuzz-glib.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_write_back (CfDec      *dec,
                  const char *cadena)
{
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, NULL);
  g_autoptr(CfDec) again = NULL;
  g_autofree char *cadena_again = NULL;

  /* The writer may refuse (2.0, text that is not XML): that is fine. */
  if (bytes == NULL)
    return;
  again = cf_dec_xml_read_bytes (bytes, NULL);
  g_assert (again != NULL);
  cadena_again = cf_cadena_from_dec (again, NULL);
  g_assert (cadena_again != NULL);
  if (strcmp (cadena, cadena_again) != 0)
    g_error ("cadena changed on write and read back:\n%s\n%s", cadena, cadena_again);
}

/* The two ways the batch reads: the same verdict, model and error. */
static CfDec *
check_batch_readers (const char *data,
                     gsize       size,
                     gboolean   *out_conforms)
{
  static CfDecXmlReader *plain = NULL;
  static CfDecXmlReader *libxml2 = NULL;
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(GError) libxml2_error = NULL;
  g_autoptr(CfDec) from_libxml2 = NULL;
  CfDec *from_plain;
  gboolean plain_conforms = FALSE;
  gboolean libxml2_conforms = FALSE;

  if (plain == NULL)
    {
      plain = _cf_dec_xml_reader_new ();
      libxml2 = _cf_dec_xml_reader_new ();
      _cf_dec_xml_reader_set_plain_scanner (libxml2, FALSE);
    }

  from_plain = _cf_dec_xml_reader_read (plain, data, size, NULL, &plain_conforms, &plain_error);
  from_libxml2 = _cf_dec_xml_reader_read (libxml2, data, size, NULL, &libxml2_conforms, &libxml2_error);
  if ((from_plain == NULL) != (from_libxml2 == NULL) || plain_conforms != libxml2_conforms ||
      (from_plain != NULL && !cf_dec_equal (from_plain, from_libxml2)) ||
      (from_plain == NULL && (plain_error->code != libxml2_error->code ||
                              strcmp (plain_error->message, libxml2_error->message) != 0)))
    g_error ("the plain scanner and libxml2 disagree: %s / %s",
             plain_error ? plain_error->message : "read", libxml2_error ? libxml2_error->message : "read");
  *out_conforms = plain_conforms;
  return from_plain;
}

/* The seal set in place: the same model but for the three values. */
static void
check_set_seal (const char *data,
                gsize       size,
                CfDec      *dec)
{
  static const char * const names[] = { "sello", "certificadoResponsable", "noCertificadoResponsable" };
  static const char * const values[] = { "c2VsbG8=", "Y2VydA+/", "30001000000500003456" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CfDec) sealed = NULL;
  g_autoptr(CfDec) expected = NULL;

  if (!_cf_dec_xml_set_root_attributes (data, size, names, values, 3, out))
    return;
  sealed = cf_dec_xml_read_data (out->str, out->len, NULL);
  if (sealed == NULL)
    g_error ("setting the seal in place broke the document");
  expected = cf_dec_copy (dec);
  cf_dec_set (expected, CF_DEC_FIELD_SELLO, values[0]);
  cf_dec_set (expected, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, values[1]);
  cf_dec_set (expected, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, values[2]);
  if (!cf_dec_equal (sealed, expected))
    g_error ("setting the seal in place changed more than the seal");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CfDec) batch_dec = NULL;
  gboolean conforms = FALSE;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(CfSealVerification) verification = NULL;
  g_autofree char *from_doc = NULL;
  g_autofree char *from_dec = NULL;
  xmlDoc *doc;
  CfDecTotals totals;

  batch_dec = check_batch_readers ((const char *) data, size, &conforms);

  doc = cf_dec_xml_parse_data ((const char *) data, size, "fuzz", NULL);
  if (doc == NULL)
    {
      g_assert (batch_dec == NULL);
      return 0;
    }

  if (conforms)
    {
      g_autoptr(GPtrArray) schema = cf_dec_schema_validate_doc (doc, NULL);

      if (schema == NULL || schema->len > 0)
        g_error ("the reader said a document conforms that the XSD refuses");
    }
  if (batch_dec != NULL && cf_dec_get_version (batch_dec) == CF_DEC_VERSION_3_0)
    check_set_seal ((const char *) data, size, batch_dec);

  findings = cf_dec_validate_doc (doc, NULL, NULL);
  if (findings != NULL)
    {
      g_autofree char *json = cf_finding_list_to_json (findings);

      g_assert (g_utf8_validate (json, -1, NULL));
    }

  dec = cf_dec_xml_read_doc (doc, NULL);
  from_doc = cf_cadena_from_doc (doc, NULL);
  if (dec != NULL)
    {
      g_autofree char *json = NULL;

      from_dec = cf_cadena_from_dec (dec, NULL);
      if (from_doc != NULL && from_dec != NULL && strcmp (from_doc, from_dec) != 0)
        g_error ("cadena from the file and from the model differ:\n%s\n%s", from_doc, from_dec);
      if (from_doc != NULL)
        g_assert (g_utf8_validate (from_doc, -1, NULL));

      cf_dec_compute_totals (dec, &totals);
      verification = cf_sealer_verify_doc (doc, NULL);
      if (verification != NULL)
        {
          json = cf_seal_verification_to_json (verification);
          g_assert (g_utf8_validate (json, -1, NULL));
        }

      if (from_dec != NULL && cf_dec_get_version (dec) == CF_DEC_VERSION_3_0)
        check_write_back (dec, from_dec);
    }

  xmlFreeDoc (doc);
  return 0;
}
