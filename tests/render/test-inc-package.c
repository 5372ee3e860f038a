/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Registro de Institución package (issue 15) on a real store (SQLite,
 * and PostgreSQL when a server is up): refused with everything missing
 * listed and nothing written; built from two campuses that share a signer
 * and read back member by member (names, order, the .cer's and the scans'
 * bytes, each letter's text and its own body, the workbook's sheets,
 * columns and rows through the project's xlsx reader); a tampered zip
 * fails verification; the _async variant; the e-mail's subject and body. */
#include "config.h"

#include <cairo.h>

#include <glib/gstdio.h>
#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>

#include "cf-inc-campus.h"
#include "cf-inc-letters.h"
#include "cf-inc-package.h"
#include "cf-inc-registro.h"
#include "cf-incorporation.h"
#include "cf-pdf.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"
#include "cf-xlsx-reader.h"

typedef CfTestEngine Fixture;

static CfCertificate *
add_signer (Fixture    *f,
            CfStore    *store,
            const char *name,
            const char *serial,
            const char *curp)
{
  CfTestCertSpec spec = { .name = name, .serial_ascii = serial, .curp = curp, .bits = 1024 };
  g_autofree char *cer = NULL, *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate;

  g_assert_true (cf_test_generate_cert (f->dir, serial, &spec, &cer, &key, &error));
  bytes = cf_test_read_file (cer);
  certificate = cf_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);
  g_unlink (key);
  return certificate;
}

static void
set (CfIncorporation *inc,
     const char      *key,
     const char      *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_incorporation_set_value (inc, key, value, &error));
  g_assert_no_error (error);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* A 400×200 PNG: a blue box with a red bar, drawn by cairo. */
static char *
write_logo (Fixture *f)
{
  char *path = g_build_filename (f->dir, "logo.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 200);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.2, 0.7);
  cairo_rectangle (cr, 20, 20, 360, 160);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
  cairo_rectangle (cr, 20, 80, 360, 40);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

typedef struct
{
  char *logo, *nombramiento, *registro;
  CfIncPackageOptions options;
} Files;

/* The scans and the logo as the user chose them: copies kept by the
 * incorporation (the originals only read). */
static void
files_set_up (Fixture         *f,
              CfIncorporation *inc,
              Files           *files)
{
  const char *keys[] = { CF_INC_LOGO, CF_INC_DOC_NOMBRAMIENTO, CF_INC_DOC_REGISTRO };
  g_autoptr(GError) error = NULL;

  files->logo = write_logo (f);
  files->nombramiento = write_file (f, "nombramiento.PDF", "%PDF-1.4 nombramiento");
  files->registro = write_file (f, "registro.jpg", "\xff\xd8\xff registro");
  files->options.letter = cf_inc_letters_make_pdf;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (i == 0 ? files->logo : i == 1 ? files->nombramiento : files->registro);

      g_assert_true (cf_incorporation_put_file_from (inc, keys[i], file, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
files_clear (Files *files)
{
  g_free (files->logo);
  g_free (files->nombramiento);
  g_free (files->registro);
}

/* Two campuses, one signer for both. */
static void
fill (Fixture         *f,
      CfStore         *store,
      CfIncorporation *inc,
      CfCertificate  **out_cert)
{
  g_autoptr(CfCertificate) cert = add_signer (f, store, "MARIA DE LA LUZ PEREZ LOPEZ", "30001000000500003456",
                                              "PELM800101MDFRPR05");

  set (inc, CF_INC_NOMBRE, "Universidad del Valle & Anáhuac");
  set (inc, CF_INC_ID_INSTITUCION, "20499");
  set (inc, CF_INC_ENLACE, "Ana Muñoz");
  set (inc, CF_INC_EMAIL, "ana@uva.edu.mx");
  set (inc, CF_INC_N_CAMPUSES, "2");
  set (inc, "campus.1.id_campus", "090101");
  set (inc, "campus.1.nombre", "CENTRO");
  set (inc, "campus.1.entidad", "09");
  set (inc, "campus.1.signer", cf_certificate_get_number (cert));
  set (inc, "campus.1.signer_email", "luz@uva.edu.mx");
  set (inc, "campus.1.oficio", "Primer párrafo propio del campus Centro.\n\nSegundo párrafo, también propio.");
  set (inc, "campus.2.id_campus", "150202");
  set (inc, "campus.2.nombre", "NORTE");
  set (inc, "campus.2.entidad", "15");
  set (inc, "campus.2.signer", cf_certificate_get_number (cert));
  *out_cert = g_steal_pointer (&cert);
}

static GBytes *
read_member (const char *zip_path,
             const char *name)
{
  GsfInput *input = gsf_input_stdio_new (zip_path, NULL);
  GsfInfile *zip = gsf_infile_zip_new (input, NULL);
  GsfInput *child = gsf_infile_child_by_name (zip, name);
  GBytes *bytes = NULL;

  g_assert_nonnull (child);
  bytes = g_bytes_new (gsf_input_read (child, gsf_input_size (child), NULL), gsf_input_size (child));
  g_object_unref (child);
  g_object_unref (zip);
  g_object_unref (input);
  return bytes;
}

static void
assert_same_file (GBytes     *bytes,
                  const char *path)
{
  g_autoptr(GBytes) file = cf_test_read_file (path);

  g_assert_true (g_bytes_equal (bytes, file));
}

static gboolean
on_row_cb (guint               row,
           const char * const *cells,
           guint               n_cells,
           gpointer            user_data,
           GError            **error)
{
  GPtrArray *rows = user_data;
  char **copy = g_new0 (char *, n_cells + 1);

  for (guint i = 0; i < n_cells; i++)
    copy[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  g_ptr_array_add (rows, copy);
  return TRUE;
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *path = NULL;
  Files files = { 0, };

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  files.options.letter = cf_inc_letters_make_pdf;
  path = g_build_filename (f->dir, "paquete.zip", NULL);

  members = cf_inc_package_write (inc, store, &files.options, path, NULL, NULL, &error);
  g_assert_null (members);
  g_assert_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "The institution’s name."));
  g_assert_nonnull (strstr (error->message, "At least one campus."));
  g_assert_nonnull (strstr (error->message, "The institution’s logo."));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Everything entered, but a signer removed since and a scan gone. */
  {
    g_autoptr(CfCertificate) cert = NULL;

    files_set_up (f, inc, &files);
    fill (f, store, inc, &cert);
    g_assert_true (cf_signer_repo_remove (store, cf_certificate_get_number (cert), &error));
    g_assert_true (cf_incorporation_remove_file (inc, CF_INC_DOC_REGISTRO, &error));
    files.options.nombramiento_path = "/nonexistent/nombramiento.pdf";
    members = cf_inc_package_write (inc, store, &files.options, path, NULL, NULL, &error);
    g_assert_null (members);
    g_assert_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING);
    g_assert_nonnull (strstr (error->message, "The signer of campus 1 (certificate 30001000000500003456)"));
    g_assert_nonnull (strstr (error->message, "The signer of campus 2"));
    g_assert_nonnull (strstr (error->message, "• The scan of the Registro de establecimiento educativo."));
    g_assert_nonnull (strstr (error->message, "Oficio de Nombramiento, Sello y Firma cannot be read"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    /* Two campuses with one DGP key would be one file name. */
    files.options.nombramiento_path = NULL;
    set (inc, "campus.2.id_campus", "090101");
    members = cf_inc_package_write (inc, store, &files.options, path, NULL, NULL, &error);
    g_assert_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING);
    g_assert_nonnull (strstr (error->message, "Campus 1 and campus 2 have the same DGP key, 090101"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    files_clear (&files);
  }
}

static void
check_package (Fixture         *f,
               CfIncorporation *inc,
               CfCertificate   *cert,
               Files           *files,
               const char      *path,
               GPtrArray       *members,
               guint64          size,
               gboolean         with_signed)
{
  const char *all_names[] = {
    "01-Registro-de-Institucion.xlsx", "Oficio-campus-090101.pdf", "Oficio-campus-150202.pdf",
    "Oficio-campus-150202-firmado.pdf",
    "Firmante-30001000000500003456.cer", "Oficio-de-Nombramiento.pdf",
    "Registro-de-establecimiento-educativo.jpg", "Logotipo.png",
  };
  const char *names[G_N_ELEMENTS (all_names)];
  guint n_names = 0;
  g_autoptr(GBytes) cer = read_member (path, "Firmante-30001000000500003456.cer");
  g_autoptr(GBytes) letter1 = read_member (path, "Oficio-campus-090101.pdf");
  g_autoptr(GBytes) letter2 = read_member (path, "Oficio-campus-150202.pdf");
  g_autoptr(GBytes) workbook = read_member (path, "01-Registro-de-Institucion.xlsx");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPdf) pdf1 = NULL, pdf2 = NULL;
  g_autofree char *text1 = NULL, *text2 = NULL;
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GStatBuf st;

  for (guint i = 0; i < G_N_ELEMENTS (all_names); i++)
    if (i != 3 || with_signed)
      names[n_names++] = all_names[i];
  g_assert_cmpuint (members->len, ==, n_names);
  for (guint i = 0; i < members->len; i++)
    {
      CfIncPackageMember *m = g_ptr_array_index (members, i);
      g_autoptr(GBytes) data = read_member (path, m->name);
      g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);

      g_assert_cmpstr (m->name, ==, names[i]);
      g_assert_cmpuint (m->size, ==, g_bytes_get_size (data));
      g_assert_cmpuint (m->size, >, 0);
      g_assert_cmpstr (m->sha256, ==, sum);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (size, ==, (guint64) st.st_size);

  /* The .cer is the signer's certificate as the store keeps it; the scans
   * and the logo are the files' bytes. */
  g_assert_true (g_bytes_equal (cer, cf_certificate_get_der (cert)));
  bytes = read_member (path, "Oficio-de-Nombramiento.pdf");
  assert_same_file (bytes, files->nombramiento);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_member (path, "Registro-de-establecimiento-educativo.jpg");
  assert_same_file (bytes, files->registro);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_member (path, "Logotipo.png");
  assert_same_file (bytes, files->logo);
  if (with_signed)
    {
      g_autoptr(GBytes) signed_letter = read_member (path, "Oficio-campus-150202-firmado.pdf");

      g_assert_cmpmem (g_bytes_get_data (signed_letter, NULL), g_bytes_get_size (signed_letter),
                       "%PDF-1.4 firmado", strlen ("%PDF-1.4 firmado"));
    }

  /* CF_TEST_LETTER_OUT=F.pdf keeps campus 1's letter to look at. */
  if (g_getenv ("CF_TEST_LETTER_OUT") != NULL)
    g_assert_true (g_file_set_contents (g_getenv ("CF_TEST_LETTER_OUT"), g_bytes_get_data (letter1, NULL),
                                        g_bytes_get_size (letter1), NULL));

  /* One letter per campus, naming the signer; campus 1 has its own words. */
  pdf1 = cf_pdf_new_from_bytes (letter1, &error);
  g_assert_no_error (error);
  pdf2 = cf_pdf_new_from_bytes (letter2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_pdf_get_n_pages (pdf1), ==, 1);
  text1 = cf_pdf_get_text (pdf1);
  text2 = cf_pdf_get_text (pdf2);
  g_assert_nonnull (strstr (text1, "Primer párrafo propio del campus Centro."));
  g_assert_nonnull (strstr (text1, "Segundo párrafo, también propio."));
  g_assert_null (strstr (text1, "Por este medio"));
  g_assert_nonnull (strstr (text1, "PELM800101MDFRPR05"));
  g_assert_nonnull (strstr (text1, "luz@uva.edu.mx"));
  g_assert_nonnull (strstr (text2, "Por este medio"));
  g_assert_nonnull (strstr (text2, "NORTE"));
  g_assert_nonnull (strstr (text2, "MARIA DE LA LUZ"));
  g_assert_nonnull (strstr (text2, "RESPONSABLE DE EXPEDICIÓN"));

  /* The workbook: Instrucciones, then one row per campus under the
   * columns of registro-institucion.ini. */
  reader = cf_xlsx_reader_new_for_bytes (workbook, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cf_xlsx_reader_get_n_sheets (reader), ==, 2);
  g_assert_cmpstr (cf_xlsx_reader_get_sheet_name (reader, 0), ==, "Instrucciones");
  g_assert_cmpstr (cf_xlsx_reader_get_sheet_name (reader, 1), ==, "Registro de Institución");
  g_assert_true (cf_xlsx_reader_read_sheet (reader, 1, on_row_cb, rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  {
    const char *header[] = { "ID_INSTITUCION", "NOMBRE_INSTITUCION", "ID_CAMPUS", "NOMBRE_CAMPUS",
                             "ID_ENTIDAD_FEDERATIVA", "ENTIDAD_FEDERATIVA", "CURP", "NOMBRE",
                             "PRIMER_APELLIDO", "SEGUNDO_APELLIDO", "ID_CARGO", "CARGO",
                             "CORREO_ELECTRONICO", "NO_CERTIFICADO", "ENLACE", "CORREO_ENLACE", NULL };
    char **one = g_ptr_array_index (rows, 1);
    char **two = g_ptr_array_index (rows, 2);

    g_assert_true (g_strv_equal ((const char * const *) g_ptr_array_index (rows, 0), header));
    g_assert_cmpstr (one[0], ==, "20499");
    g_assert_cmpstr (one[1], ==, "Universidad del Valle & Anáhuac");
    g_assert_cmpstr (one[2], ==, "090101");   /* text: the leading zero kept */
    g_assert_cmpstr (one[3], ==, "CENTRO");
    g_assert_cmpstr (one[4], ==, "09");
    g_assert_cmpstr (one[5], ==, "CIUDAD DE MÉXICO");
    g_assert_cmpstr (one[6], ==, "PELM800101MDFRPR05");
    g_assert_cmpstr (one[7], ==, "MARIA DE LA LUZ");
    g_assert_cmpstr (one[8], ==, "PEREZ");
    g_assert_cmpstr (one[9], ==, "LOPEZ");
    g_assert_cmpstr (one[10], ==, "5");
    g_assert_cmpstr (one[12], ==, "luz@uva.edu.mx");
    g_assert_cmpstr (one[13], ==, "30001000000500003456");
    g_assert_cmpstr (one[14], ==, "Ana Muñoz");
    g_assert_cmpstr (one[15], ==, "ana@uva.edu.mx");
    g_assert_cmpstr (two[2], ==, "150202");
    g_assert_cmpstr (two[3], ==, "NORTE");
    g_assert_cmpstr (two[6], ==, "PELM800101MDFRPR05");
  }
}

static void
test_built (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(CfCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autofree char *path = NULL;
  g_autofree char *subject = NULL, *body = NULL;
  Files files = { 0, };
  guint64 size = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  files_set_up (f, inc, &files);
  fill (f, store, inc, &cert);
  path = g_build_filename (f->dir, "paquete.zip", NULL);
  {
    g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.4 firmado", strlen ("%PDF-1.4 firmado"));

    g_assert_true (cf_incorporation_put_file (inc, "oficio.2", "oficio firmado.pdf", NULL, scan, &error));
    g_assert_no_error (error);
  }

  members = cf_inc_package_write (inc, store, &files.options, path, &size, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (members);
  check_package (f, inc, cert, &files, path, members, size, TRUE);

  /* Verification reads the file itself: a zip with a member changed since
   * is refused. */
  again = cf_inc_package_verify (path, members, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, g_ptr_array_unref);
  g_free (((CfIncPackageMember *) g_ptr_array_index (members, 4))->sha256);
  ((CfIncPackageMember *) g_ptr_array_index (members, 4))->sha256 = g_strdup ("0000");
  again = cf_inc_package_verify (path, members, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_VERIFY);
  g_clear_error (&error);

  subject = cf_inc_package_dup_mail_subject (inc);
  g_assert_cmpstr (subject, ==, "Universidad del Valle & Anáhuac / Registro Institución");
  body = cf_inc_package_dup_mail_body (inc, members);
  g_assert_nonnull (strstr (body, "- 01-Registro-de-Institucion.xlsx ("));
  g_assert_nonnull (strstr (body, "- Firmante-30001000000500003456.cer ("));
  g_assert_nonnull (strstr (body, "(clave DGP 20499)"));
  files_clear (&files);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(CfCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  Files files = { 0, };
  guint64 size = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  files_set_up (f, inc, &files);
  fill (f, store, inc, &cert);
  path = g_build_filename (f->dir, "asincrono.zip", NULL);

  cf_inc_package_write_async (store, &files.options, path, NULL, on_written_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  members = cf_inc_package_write_finish (result, &size, &error);
  g_assert_no_error (error);
  check_package (f, inc, cert, &files, path, members, size, FALSE);
  files_clear (&files);
}

static void
test_registro_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfIncRegistro) bundled = cf_inc_registro_new_default (&error);
  g_autoptr(CfIncRegistro) bad = NULL;
  g_autoptr(CfIncRegistro) own = NULL;
  g_autoptr(CfIncorporation) inc = cf_incorporation_new ();
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (cf_inc_registro_get_n_columns (bundled), ==, 16);
  g_assert_true (cf_inc_registro_is_optional (bundled, 9));

  bad = cf_inc_registro_new_from_data ("[columna X]\nvalor=institucion.rfc\n", "prueba.ini", &error);
  g_assert_null (bad);
  g_assert_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT);
  g_assert_nonnull (strstr (error->message, "institucion.rfc"));
  g_clear_error (&error);
  bad = cf_inc_registro_new_from_data ("[libro]\nhoja-datos=a/b\n[columna X]\nvalor=campus.nombre\n", "prueba.ini", &error);
  g_assert_error (error, CF_INC_REGISTRO_ERROR, CF_INC_REGISTRO_ERROR_LAYOUT);
  g_clear_error (&error);

  /* The user's own order, and a row per campus with "" for what is not
   * entered (no store: no signer). */
  own = cf_inc_registro_new_from_data ("[columna CAMPUS]\nvalor=campus.nombre\n[columna CLAVE]\nvalor=institucion.id_institucion\n",
                                       "prueba.ini", &error);
  g_assert_no_error (error);
  set (inc, CF_INC_N_CAMPUSES, "2");
  set (inc, "campus.2.nombre", "SUR");
  rows = cf_inc_registro_dup_rows (own, inc, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[0], ==, "");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[0], ==, "SUR");
  g_assert_cmpstr (cf_inc_registro_get_header (own, 1), ==, "CLAVE");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gsf_init ();
  g_test_add_func ("/inc-package/registro-layout", test_registro_layout);
  for (guint i = 0; i < 2; i++)
    {
      const char *engine = i == 0 ? "sqlite" : "postgresql";

      CF_TEST_ADD_ENGINE_CASE ("inc-package", engine, "refused", test_refused);
      CF_TEST_ADD_ENGINE_CASE ("inc-package", engine, "built", test_built);
      CF_TEST_ADD_ENGINE_CASE ("inc-package", engine, "async", test_async);
    }
  return g_test_run ();
}
