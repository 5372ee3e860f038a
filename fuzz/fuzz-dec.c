/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the Dec reader, the cadena original and validation:
 * every input goes through the hardened parser and, when it is a Dec, the
 * schema step, the semantic rules, the cadena (from the file and from the
 * model), seal verification and a write-and-read-back. Besides crashes it
 * checks two invariants: the cadena of a file equals the cadena of its
 * model, and writing a model and reading it back keeps its cadena. */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cf-cadena.h"
#include "cf-dec-validate.h"
#include "cf-dec-xml.h"
#include "cf-sealer.h"

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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autoptr(CfSealVerification) verification = NULL;
  g_autofree char *from_doc = NULL;
  g_autofree char *from_dec = NULL;
  xmlDoc *doc;
  CfDecTotals totals;

  doc = cf_dec_xml_parse_data ((const char *) data, size, "fuzz", NULL);
  if (doc == NULL)
    return 0;

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
