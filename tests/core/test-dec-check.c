/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a document as the preview does: the file's size checked before
 * it is read, its flavour told, and the same findings as dec validate. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cf-dec-check.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"
#include "cf-test-util.h"

static char *
example_xml (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], new, parts[1], NULL);
}

/* @text with the element that starts with @start cut out, up to "/>". */
static char *
cut_element (const char *text,
             const char *start)
{
  const char *from = strstr (text, start);
  const char *to;
  g_autofree char *head = NULL;

  g_assert_nonnull (from);
  to = strstr (from, "/>");
  g_assert_nonnull (to);
  head = g_strndup (text, from - text);
  return g_strconcat (head, to + 2, NULL);
}

static CfDecCheck *
check_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return cf_dec_check_bytes (bytes, "“prueba.xml”", NULL, error);
}

static CfFinding *
find_code (CfDecCheck *check,
           const char *code)
{
  GPtrArray *findings = cf_dec_check_get_findings (check);

  for (guint i = 0; i < findings->len; i++)
    if (g_str_equal (cf_finding_get_code (g_ptr_array_index (findings, i)), code))
      return g_ptr_array_index (findings, i);
  return NULL;
}

static void
test_findings (void)
{
  g_autofree char *xml = example_xml ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDecCheck) good = NULL, no_alumno = NULL, promedio = NULL, kind = NULL;

  good = check_text (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_dec_check_get_flavour (good), ==, CF_DEC_FLAVOUR_IPES);
  g_assert_nonnull (cf_dec_check_get_dec (good));
  g_assert_cmpuint (cf_dec_check_count_errors (good), ==, 0);

  /* No Alumno: an error that names it. */
  {
    g_autofree char *text = cut_element (xml, "<Alumno ");
    GPtrArray *findings;
    gboolean named = FALSE;

    no_alumno = check_text (text, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_dec_check_get_flavour (no_alumno), ==, CF_DEC_FLAVOUR_IPES);
    g_assert_cmpuint (cf_dec_check_count_errors (no_alumno), >, 0);
    findings = cf_dec_check_get_findings (no_alumno);
    for (guint i = 0; i < findings->len; i++)
      named |= strstr (cf_finding_get_message (g_ptr_array_index (findings, i)), "Alumno") != NULL;
    g_assert_true (named);
  }

  /* A wrong promedio (error) and PARCIAL whose credits make it TOTAL. */
  {
    g_autofree char *a = NULL, *b = NULL;
    CfFinding *finding;

    a = replace (xml, "promedio=\"8.74\"", "promedio=\"9.99\"");
    b = replace (a, "totalCreditos=\"350.00\"", "totalCreditos=\"66.00\"");
    promedio = check_text (b, &error);
    g_assert_no_error (error);
    finding = find_code (promedio, CF_FINDING_TOTALS_PROMEDIO);
    g_assert_nonnull (finding);
    g_assert_true (cf_finding_is_error (finding));
    g_assert_cmpstr (cf_finding_get_path (finding), ==, "/Dec/Asignaturas/@promedio");
    g_assert_nonnull (find_code (promedio, CF_FINDING_TIPO_CERTIFICACION));
  }

  /* The same as a model. */
  {
    g_autoptr(CfDec) dec = cf_dec_copy (cf_dec_check_get_dec (good));
    g_autoptr(CfDecCheck) model = NULL;

    cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "9.99");
    model = cf_dec_check_dec (dec, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (find_code (model, CF_FINDING_TOTALS_PROMEDIO));
  }

  /* Media superior, an unknown flavour, a PDF. */
  {
    const char *iems =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"12\">"
      "<ServicioFirmante idEntidad=\"1\"/><FirmaResponsable nombre=\"A\" curp=\"X\" idCargo=\"1\" sello=\"\" certificadoResponsable=\"\"/>"
      "<Iems nombreSEN=\"x\" nombreDependencia=\"y\" idIEMS=\"1\" idTipoIEMS=\"1\" idOpcionEducativa=\"1\"/></Dec>";
    const char *unknown =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"9\"/>";
    g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n", 9);

    kind = check_text (iems, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_dec_check_get_flavour (kind), ==, CF_DEC_FLAVOUR_IEMS);
    g_assert_null (cf_dec_check_get_dec (kind));
    g_clear_object (&kind);
    kind = check_text (unknown, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_dec_check_get_flavour (kind), ==, CF_DEC_FLAVOUR_UNKNOWN);
    g_clear_object (&kind);
    kind = cf_dec_check_bytes (pdf, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_dec_check_get_flavour (kind), ==, CF_DEC_FLAVOUR_PDF);
  }

  /* Not a Dec: an error, not a finding. */
  {
    g_autoptr(CfDecCheck) none = check_text ("<html/>", &error);

    g_assert_null (none);
    g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_NOT_A_DEC);
  }
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CfDecCheck *
check_file (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;

  cf_dec_check_file_async (file, NULL, NULL, on_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cf_dec_check_finish (result, error);
}

static void
make_sparse (const char *path,
             guint64     size)
{
  FILE *f = g_fopen (path, "wb");

  g_assert_nonnull (f);
  g_assert_cmpint (fputs ("<?xml version=\"1.0\"?>\n<Dec", f), >=, 0);
  g_assert_cmpint (fseeko (f, (off_t) size - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (' ', f), ==, ' ');
  g_assert_cmpint (fclose (f), ==, 0);
}

/* What is dropped on the preview is measured before it is read. */
static void
test_size (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *good = g_build_filename (dir, "bueno.xml", NULL);
  g_autofree char *over = g_build_filename (dir, "grande.xml", NULL);
  g_autofree char *huge = g_build_filename (dir, "enorme.xml", NULL);
  g_autofree char *xml = example_xml ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDecCheck) check = NULL;

  g_assert_true (g_file_set_contents (good, xml, -1, &error));
  check = check_file (good, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_dec_check_get_flavour (check), ==, CF_DEC_FLAVOUR_IPES);
  g_clear_object (&check);

  /* One byte over the limit. */
  make_sparse (over, (guint64) CF_DEC_OPEN_MAX_SIZE + 1);
  check = check_file (over, &error);
  g_assert_null (check);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "grande.xml"));
  g_clear_error (&error);

  /* 64 GiB (sparse): reading it first would need 64 GiB of memory. */
  make_sparse (huge, G_GUINT64_CONSTANT (64) << 30);
  check = check_file (huge, &error);
  g_assert_null (check);
  g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE);
  g_clear_error (&error);

  {
    g_autoptr(GFile) file = g_file_new_for_path (huge);
    g_autoptr(GBytes) bytes = cf_dec_read_file_bounded (file, 1024, NULL, &error);

    g_assert_null (bytes);
    g_assert_error (error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_TOO_LARGE);
  }

  cf_test_rmdir (dir);
}

static void
test_describe (void)
{
  const struct { const char *path, *text; } cases[] = {
    { "/Dec/Alumno/@curp", "Alumno › curp" },
    { "/Dec/Asignaturas/Asignatura[3]/@calificacion", "Asignatura 3 › calificacion" },
    { "/Dec/Expedicion", "Expedicion" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cf_dec_describe_path (cases[i].path);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
  {
    g_autofree char *root = cf_dec_describe_path ("/Dec");

    g_assert_cmpstr (root, !=, "");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dec/check/findings", test_findings);
  g_test_add_func ("/dec/check/size", test_size);
  g_test_add_func ("/dec/check/describe", test_describe);

  return g_test_run ();
}
