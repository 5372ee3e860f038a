/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test folios as people hand them over (issue 15): a pasted list with any
 * separators, ranges, mistakes named; SEP's result files (text, CSV with a
 * header, XML) read into folio and result; and those results recorded on
 * each folio's last use in a real store, on both engines. */

#include <glib/gstdio.h>

#include "cf-inc-credentials.h"
#include "cf-inc-folios.h"
#include "cf-incorporation-repo.h"
#include "cf-test-util.h"

typedef CfTestEngine Fixture;

static char *data_home;

static void
assert_folios (const char        *text,
               const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folios = cf_inc_folios_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (folios);
  g_assert_cmpstrv (folios, expected);
}

static void
assert_parse_error (const char *text,
                    const char *names)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folios = cf_inc_folios_parse (text, &error);

  g_assert_null (folios);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (names != NULL)
    g_assert_nonnull (strstr (error->message, names));
}

static void
test_parse_list (void)
{
  const char *plain[] = { "1001", "1002", "1003", "1004", NULL };
  const char *mixed[] = { "A-17", "B_22", "1001", "1002", NULL };
  const char *range[] = { "0098", "0099", "0100", "0101", NULL };
  const char *spaced[] = { "7", "8", "9", "42", NULL };

  /* Whatever a mail or a spreadsheet separates them with. */
  assert_folios ("1001 1002\n1003,1004", plain);
  assert_folios ("1001;1002\t1003 | 1004\r\n", plain);
  assert_folios ("\"1001\",\"1002\"\n'1003'\n\n1004\n1001\n", plain);
  assert_folios ("A-17, B_22 1001 1002 1001", mixed);
  /* Ranges: leading zeros kept, spaces or an en dash around the dash. */
  assert_folios ("0098-0101", range);
  assert_folios ("0098 - 0099, 0100\xe2\x80\x93" "0101", range);
  assert_folios ("7-9 42 8", spaced);

  {
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) hundred = cf_inc_folios_parse ("5000001-5000100", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (hundred), ==, 100);
    g_assert_cmpstr (hundred[0], ==, "5000001");
    g_assert_cmpstr (hundred[99], ==, "5000100");
  }

  assert_parse_error ("", NULL);
  assert_parse_error (" ,;\n ", NULL);
  assert_parse_error ("100-1", "100-1");
  assert_parse_error ("1-20000", "1-20000");
  assert_parse_error ("1001 10#02", "10#02");
  assert_parse_error ("1001 folio\xc3\xb1", "folio\xc3\xb1");
}

static GPtrArray *
parse_results (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = cf_inc_folios_parse_results (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static void
assert_result (GPtrArray  *results,
               guint       index,
               const char *folio,
               const char *result)
{
  CfIncFolioResult *r;

  g_assert_cmpuint (index, <, results->len);
  r = g_ptr_array_index (results, index);
  g_assert_cmpstr (r->folio, ==, folio);
  g_assert_cmpstr (r->result, ==, result);
}

static void
test_parse_results (void)
{
  g_autoptr(GPtrArray) text = NULL;
  g_autoptr(GPtrArray) csv = NULL;
  g_autoptr(GPtrArray) xml = NULL;
  g_autoptr(GPtrArray) xml_attrs = NULL;
  g_autoptr(GPtrArray) latin1 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  /* Plain text: folio, then the result; a message keeps its own colons. */
  text = parse_results ("\xef\xbb\xbf" "1001,SATISFACTORIO\r\n"
                        "1002: satisfactorio\n"
                        "1003\tERROR\tEl sello no corresponde: revise el certificado\n"
                        "1004 NO SATISFACTORIO\n"
                        "\n"
                        "Total: 4\n");
  g_assert_cmpuint (text->len, ==, 4);
  assert_result (text, 0, "1001", "SATISFACTORIO");
  assert_result (text, 1, "1002", "SATISFACTORIO");
  assert_result (text, 2, "1003", "ERROR: El sello no corresponde: revise el certificado");
  assert_result (text, 3, "1004", "NO SATISFACTORIO");

  /* CSV with a header in another order. */
  csv = parse_results ("Mensaje;Estatus;Folio Control\n"
                       "\"La CURP no es válida\";\"RECHAZADO\";\"2001\"\n"
                       ";SATISFACTORIO;2002\n");
  g_assert_cmpuint (csv->len, ==, 2);
  assert_result (csv, 0, "2001", "RECHAZADO: La CURP no es válida");
  assert_result (csv, 1, "2002", "SATISFACTORIO");

  /* XML, fields as child elements (with a namespace prefix). */
  xml = parse_results ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<sep:Respuesta xmlns:sep=\"urn:x\">\n"
                       "  <sep:Certificado><sep:FolioControl>3001</sep:FolioControl>"
                       "<sep:Estatus>SATISFACTORIO</sep:Estatus></sep:Certificado>\n"
                       "  <sep:Certificado><sep:FolioControl>3002</sep:FolioControl>"
                       "<sep:Estatus>ERROR</sep:Estatus>"
                       "<sep:Mensaje>El campo idCarrera no existe &amp; no se registró</sep:Mensaje>"
                       "</sep:Certificado>\n"
                       "</sep:Respuesta>\n");
  g_assert_cmpuint (xml->len, ==, 2);
  assert_result (xml, 0, "3001", "SATISFACTORIO");
  assert_result (xml, 1, "3002", "ERROR: El campo idCarrera no existe & no se registró");

  /* XML, fields as attributes. */
  xml_attrs = parse_results ("<resultados><resultado folio=\"4001\" estatus=\"Satisfactorio\"/>"
                             "<resultado folio=\"4002\" mensaje=\"Sello inválido\"/></resultados>");
  g_assert_cmpuint (xml_attrs->len, ==, 2);
  assert_result (xml_attrs, 0, "4001", "SATISFACTORIO");
  assert_result (xml_attrs, 1, "4002", "Sello inválido");

  /* A Windows text file (Latin-1) is read too. */
  latin1 = parse_results ("5001,ERROR,Asignaci\xf3n duplicada\n");
  assert_result (latin1, 0, "5001", "ERROR: Asignación duplicada");

  /* Files with nothing to read say so. */
  none = cf_inc_folios_parse_results ("hola\nadiós\n", strlen ("hola\nadiós\n"), &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  none = cf_inc_folios_parse_results ("<a><b folio=\"1\">", strlen ("<a><b folio=\"1\">"), &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  none = cf_inc_folios_parse_results ("\x89PNG\r\n\x1a\n\0\0", 10, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_record_results (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = NULL;
  guint n = 0, n_folios = 0, n_ok = 0;
  CfTestFolio *folio;
  const char *file = "6001,ERROR,Sello inválido\n6002,SATISFACTORIO\n6003,SATISFACTORIO\n9999,SATISFACTORIO\n";

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);

  list = cf_inc_folios_parse ("6001-6003", &error);
  g_assert_no_error (error);
  g_assert_true (cf_incorporation_repo_add_folios (store, (const char * const *) list, NULL, &error));
  g_assert_no_error (error);
  /* 6001 twice (a correction), 6002 once, 6003 never. */
  g_assert_true (cf_incorporation_repo_use_folio (store, "6001", "A001", "ERROR: antes", NULL, &error));
  g_assert_true (cf_incorporation_repo_use_folio (store, "6001", "A001", NULL, NULL, &error));
  g_assert_true (cf_incorporation_repo_use_folio (store, "6002", "A002", NULL, NULL, &error));
  g_assert_no_error (error);

  results = cf_inc_folios_parse_results (file, strlen (file), &error);
  g_assert_no_error (error);
  g_assert_true (cf_inc_folios_record_results (store, results, &n, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  /* Never used, and not a test folio: named, not recorded. */
  g_assert_cmpuint (skipped->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (skipped, 0), ==, "6003");
  g_assert_cmpstr (g_ptr_array_index (skipped, 1), ==, "9999");

  folios = cf_incorporation_repo_list_folios (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folios->len, ==, 3);
  folio = g_ptr_array_index (folios, 0);
  g_assert_cmpuint (folio->uses, ==, 2);
  /* The earlier use keeps its result; the last one gets the file's. */
  g_assert_cmpstr (((CfTestFolioUse *) g_ptr_array_index (folio->use_list, 0))->result, ==, "ERROR: antes");
  g_assert_cmpstr (((CfTestFolioUse *) g_ptr_array_index (folio->use_list, 1))->result, ==, "ERROR: Sello inválido");
  folio = g_ptr_array_index (folios, 1);
  g_assert_cmpstr (((CfTestFolioUse *) g_ptr_array_index (folio->use_list, 0))->result, ==, "SATISFACTORIO");

  g_assert_true (cf_incorporation_repo_count_folios (store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_folios, ==, 3);
  g_assert_cmpuint (n_ok, ==, 1);
}

/* Which portal the app works for, from the stages alone (in memory), as
 * sealing decides it: the test stage is the current one. */
static void
test_portal (void)
{
  g_autoptr(CfIncorporation) inc = cf_incorporation_new ();
  g_autoptr(GError) error = NULL;
  CfIncPortal portal = CF_INC_PORTAL_PRODUCCION;

  /* Before the test stage: none, even with its credentials entered early. */
  g_assert_false (cf_inc_portal_current (inc, &portal));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_TEST_CREDENTIALS, "2026-10-01", &error));
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_REGISTRO, &error));
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_PROGRAMA, &error));
  g_assert_false (cf_inc_portal_current (inc, &portal));
  /* Stages 1–3 done: the test portal. */
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_XML, &error));
  g_assert_true (cf_inc_portal_current (inc, &portal));
  g_assert_cmpint (portal, ==, CF_INC_PORTAL_PRUEBAS);
  g_assert_cmpstr (cf_inc_portal_to_string (portal), ==, "pruebas");
  /* The test stage done: production, also while its registration waits. */
  g_assert_true (cf_incorporation_mark_done (inc, CF_INCORPORATION_STAGE_PRUEBAS, &error));
  g_assert_true (cf_inc_portal_current (inc, &portal));
  g_assert_cmpint (portal, ==, CF_INC_PORTAL_PRODUCCION);
  g_assert_true (cf_incorporation_mark_sent (inc, CF_INCORPORATION_STAGE_PRODUCCION, "2026-11-02", &error));
  g_assert_true (cf_inc_portal_current (inc, &portal));
  g_assert_cmpint (portal, ==, CF_INC_PORTAL_PRODUCCION);
  g_assert_cmpstr (cf_inc_portal_to_string (portal), ==, "produccion");
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };
  int status;

  data_home = cf_test_mkdtemp ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inc-folios/parse-list", test_parse_list);
  g_test_add_func ("/inc-folios/parse-results", test_parse_results);
  g_test_add_func ("/inc-folios/portal", test_portal);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    CF_TEST_ADD_ENGINE_CASE ("inc-folios", engines[i], "record-results", test_record_results);
  status = g_test_run ();
  cf_test_rmdir (data_home);
  g_free (data_home);
  return status;
}
