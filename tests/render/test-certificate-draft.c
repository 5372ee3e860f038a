/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the printed certificate says about the document: the "BORRADOR"
 * mark of a draft (a document with errors saved or printed anyway), read
 * back with pdftotext as a person's tools would, and the sentence that
 * agrees with the student's sex. Also the workers the preview draws with. */
#include <string.h>

#include <glib/gstdio.h>

#include "cf-certificate-layout.h"
#include "cf-pdf.h"
#include "cf-render-async.h"
#include "cf-render-export.h"
#include "render-test-util.h"
#include "cf-test-util.h"

/* The PDF's text as pdftotext gives it, blanks flattened; NULL (and the
 * test skipped) when poppler-utils is not installed. */
static char *
pdftotext (CfRenderable *renderable,
           const char   *name)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *path = rt_output_path (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (program == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return NULL;
    }
  g_assert_true (cf_render_export_pdf (renderable, path, NULL, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { program, "-layout", path, "-", NULL };

    g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
  }
  return rt_flatten (out);
}

static void
test_draft (void)
{
  g_autoptr(CfDec) unsealed = rt_dec_new (21, 30, FALSE, FALSE);
  g_autoptr(CfDec) sealed = rt_dec_new (22, 30, TRUE, FALSE);
  g_autoptr(CfCertificateLayout) layout = NULL;
  g_autofree char *text = NULL;

  /* Not asked: no mark. */
  layout = cf_certificate_layout_new (sealed);
  text = pdftotext (CF_RENDERABLE (layout), "draft-no.pdf");
  if (text == NULL)
    return;
  g_assert_null (strstr (text, "BORRADOR"));
  g_clear_pointer (&text, g_free);

  /* Asked: on every page of a sealed document, and in its footer. */
  cf_certificate_layout_set_draft (layout, TRUE);
  g_assert_true (cf_certificate_layout_get_draft (layout));
  text = pdftotext (CF_RENDERABLE (layout), "draft-sealed.pdf");
  g_assert_nonnull (strstr (text, "BORRADOR"));
  g_assert_nonnull (strstr (text, "TIENE ERRORES"));
  {
    guint n_pages = cf_renderable_get_n_pages (CF_RENDERABLE (layout));
    guint n_marks = 0;

    /* The footer's line in the text layer of each page; the diagonal mark
     * is drawn as outlines (kept out of the text layer), so its box. */
    g_assert_cmpuint (n_pages, >, 1);
    for (const char *p = strstr (text, "BORRADOR"); p != NULL; p = strstr (p + 1, "BORRADOR"))
      n_marks++;
    g_assert_cmpuint (n_marks, >=, n_pages);
    for (guint i = 0; i < n_pages; i++)
      {
        GArray *boxes = cf_renderable_get_text_boxes (CF_RENDERABLE (layout), i);
        gboolean marked = FALSE;

        for (guint j = 0; j < boxes->len; j++)
          {
            CfTextBox *box = &g_array_index (boxes, CfTextBox, j);

            marked |= box->kind == CF_TEXT_BOX_WATERMARK && g_str_equal (box->text, "BORRADOR");
          }
        g_assert_true (marked);
      }
  }
  g_clear_pointer (&text, g_free);
  g_clear_object (&layout);

  /* An unsealed draft says both. */
  layout = cf_certificate_layout_new (unsealed);
  cf_certificate_layout_set_draft (layout, TRUE);
  text = pdftotext (CF_RENDERABLE (layout), "draft-unsealed.pdf");
  g_assert_nonnull (strstr (text, "BORRADOR"));
  g_assert_nonnull (strstr (text, "SIN SELLO"));
  rt_assert_text_boxes (CF_RENDERABLE (layout), 0, 0.5);
}

static void
test_gender (void)
{
  g_autoptr(CfDec) dec = rt_dec_new (23, 5, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) female = NULL, male = NULL;
  g_autofree char *text = NULL;

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, "250");
  female = cf_certificate_layout_new (dec);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, "251");
  male = cf_certificate_layout_new (dec);

  text = pdftotext (CF_RENDERABLE (female), "gender-250.pdf");
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "la alumna cuyos datos se indican cursó"));
  g_assert_nonnull (strstr (text, "NOMBRE DE LA ALUMNA"));
  g_assert_null (strstr (text, "el alumno"));
  g_clear_pointer (&text, g_free);

  text = pdftotext (CF_RENDERABLE (male), "gender-251.pdf");
  g_assert_nonnull (strstr (text, "el alumno cuyos datos se indican cursó"));
  g_assert_nonnull (strstr (text, "NOMBRE DEL ALUMNO"));
  g_assert_null (strstr (text, "la alumna"));
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (void)
{
  g_autoptr(CfDec) dec = rt_dec_new (24, 60, FALSE, FALSE);
  g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (dec);
  g_autoptr(GAsyncResult) result = NULL, page_result = NULL, read_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL, again = NULL;
  g_autoptr(GArray) sizes = NULL, sizes2 = NULL;
  cairo_surface_t *image;

  cf_certificate_layout_set_draft (layout, TRUE);
  cf_render_pdf_async (CF_RENDERABLE (layout), NULL, on_done_cb, &result);
  g_clear_object (&layout);   /* the task keeps its own */
  bytes = cf_render_pdf_finish (wait_for (&result), &sizes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sizes->len, >, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (sizes, CfPdfRect, 0).width, CF_PAGE_LETTER_WIDTH, 0.5);

  cf_render_read_pdf_async (bytes, NULL, on_done_cb, &read_result);
  again = cf_render_pdf_finish (wait_for (&read_result), &sizes2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, bytes));
  g_assert_cmpuint (sizes2->len, ==, sizes->len);

  cf_render_page_image_async (bytes, 1, 0.5, NULL, on_done_cb, &page_result);
  image = cf_render_page_image_finish (wait_for (&page_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 306);
  cairo_surface_destroy (image);

  /* Not a PDF. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.7 nonsense", 17);
    g_autoptr(GAsyncResult) junk_result = NULL;
    g_autoptr(GBytes) none = NULL;

    cf_render_read_pdf_async (junk, NULL, on_done_cb, &junk_result);
    none = cf_render_pdf_finish (wait_for (&junk_result), NULL, &error);
    g_assert_null (none);
    g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_DAMAGED);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/certificate/draft", test_draft);
  g_test_add_func ("/render/certificate/gender", test_gender);
  g_test_add_func ("/render/async", test_async);

  return g_test_run ();
}
