/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render-test-util.h"

#include <string.h>

#include "cf-dec-gen.h"
#include "cf-dec-xml.h"
#include "cf-test-util.h"

void
rt_dec_seal (CfDec   *dec,
             guint32  seed)
{
  guchar signature[256], certificate[1200];
  g_autofree char *sello = NULL, *cert = NULL;
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);

  /* A 2048-bit signature is 256 bytes: 344 base64 characters, as SEP's are. */
  for (guint i = 0; i < sizeof signature; i++)
    signature[i] = (guchar) g_rand_int_range (r, 0, 256);
  for (guint i = 0; i < sizeof certificate; i++)
    certificate[i] = (guchar) g_rand_int_range (r, 0, 256);
  sello = g_base64_encode (signature, sizeof signature);
  cert = g_base64_encode (certificate, sizeof certificate);
  cf_dec_set (dec, CF_DEC_FIELD_SELLO, sello);
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, cert);
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, RT_SERIAL);
}

CfDec *
rt_dec_add_sep (CfDec *dec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) xml = NULL;
  const char *sello = cf_dec_get (dec, CF_DEC_FIELD_SELLO);
  g_autofree char *nodes = NULL;
  CfDec *out;
  char *end;

  bytes = cf_dec_xml_write_bytes (dec, &error);
  g_assert_no_error (error);
  xml = g_string_new_len (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
  end = strstr (xml->str, "</Dec>");
  g_assert_nonnull (end);
  nodes = g_strdup_printf (
                   "  <Dreoe fechaDreoe=\"2023-07-20T10:11:12\" selloDec=\"%s\" "
                   "noCertificadoDreoe=\"00001000000412345678\" curp=\"SAPL700101HDFNRS05\" "
                   "nombreCompleto=\"LUIS SÁNCHEZ PEÑA\" idCargo=\"6\" "
                   "selloDreoe=\"QkFTRTY0U0VMTE9EUkVPRWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZQ==\"/>\n"
                   "  <SepIpes version=\"1.0\" folioDigital=\"" RT_FOLIO_DIGITAL "\" "
                   "fechaSepIpes=\"2023-07-20T10:15:00\" "
                   "selloDreoe=\"QkFTRTY0U0VMTE9EUkVPRWV4YW1wbGU=\" noCertificadoSepIpes=\"00001000000498765432\" "
                   "selloSepIpes=\"U0VQSVBFU3NlbGxvZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZWV4YW1wbGVleGFtcGxlZXhhbXBsZQ==\"/>\n", sello != NULL ? sello : "");
  g_string_insert (xml, end - xml->str, nodes);
  out = cf_dec_xml_read_data (xml->str, xml->len, &error);
  g_assert_no_error (error);
  g_assert_true (cf_dec_has_sep_ipes (out));
  g_assert_true (cf_dec_has_dreoe (out));
  g_assert_cmpstr (cf_dec_get (out, CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL), ==, RT_FOLIO_DIGITAL);
  return out;
}

CfDec *
rt_dec_new (guint32  seed,
            guint    n_subjects,
            gboolean sealed,
            gboolean sep)
{
  CfDec *dec = cf_dec_gen_new (seed, n_subjects);

  if (sealed)
    rt_dec_seal (dec, seed);
  if (sep)
    {
      CfDec *with_sep = rt_dec_add_sep (dec);
      g_object_unref (dec);
      dec = with_sep;
    }
  return dec;
}

char *
rt_flatten (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean blank = FALSE;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '\f')
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
rt_pdf_flat_text (CfPdf *pdf)
{
  g_autofree char *text = cf_pdf_get_text (pdf);

  return rt_flatten (text);
}

char *
rt_scan_qr (const char *png_path,
            gboolean   *skipped)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *out = NULL;
  const char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png_path, NULL };
  int status;

  *skipped = FALSE;
  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg (zbar-tools) is not installed");
      *skipped = TRUE;
      return NULL;
    }
  argv[0] = zbarimg;
  status = cf_test_spawn (argv, NULL, &out, NULL);
  /* zbarimg exits with 4 when it finds no code. */
  if (status != 0 || out == NULL || *out == '\0')
    return NULL;
  g_strchomp (out);
  return g_steal_pointer (&out);
}

guint
rt_pdf_count_images (const char *pdf_path,
                     gboolean   *skipped)
{
  g_autofree char *pdfimages = g_find_program_in_path ("pdfimages");
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { NULL, "-list", pdf_path, NULL };
  guint count = 0;

  *skipped = FALSE;
  if (pdfimages == NULL)
    {
      g_test_skip ("pdfimages (poppler-utils) is not installed");
      *skipped = TRUE;
      return 0;
    }
  argv[0] = pdfimages;
  g_assert_cmpint (cf_test_spawn (argv, NULL, &out, NULL), ==, 0);
  /* "page num type width height …", a rule, then one line per image. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      guint n = 0;

      for (guint k = 0; words[k] != NULL; k++)
        if (*words[k] != '\0' && ++n == 3)
          {
            count += g_str_equal (words[k], "image");
            break;
          }
    }
  return count;
}

guint
rt_count_ink (cairo_surface_t *surface,
              int              x,
              int              y,
              int              width,
              int              height)
{
  const guint8 *data;
  int stride;
  guint count = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpint (x + width, <=, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y + height, <=, cairo_image_surface_get_height (surface));
  for (int row = y; row < y + height; row++)
    for (int col = x; col < x + width; col++)
      {
        guint32 p = *(const guint32 *) (gconstpointer) (data + row * stride + col * 4);

        if (((p >> 16) & 0xff) < 0xf0 || ((p >> 8) & 0xff) < 0xf0 || (p & 0xff) < 0xf0)
          count++;
      }
  return count;
}

static gboolean
boxes_overlap (const CfTextBox *a,
               const CfTextBox *b)
{
  double e = 0.01;

  return a->box_x + e < b->box_x + b->box_width && b->box_x + e < a->box_x + a->box_width &&
         a->box_y + e < b->box_y + b->box_height && b->box_y + e < a->box_y + a->box_height;
}

void
rt_assert_text_boxes (CfRenderable *renderable,
                      double        margin,
                      double        tolerance)
{
  guint n = cf_renderable_get_n_pages (renderable);

  for (guint p = 0; p < n; p++)
    {
      GArray *boxes = cf_renderable_get_text_boxes (renderable, p);
      double w, h;

      cf_renderable_get_page_size (renderable, p, &w, &h);
      g_assert_cmpuint (boxes->len, >, 0);
      for (guint i = 0; i < boxes->len; i++)
        {
          const CfTextBox *b = &g_array_index (boxes, CfTextBox, i);
          double page_margin = b->kind == CF_TEXT_BOX_WATERMARK ? 0 : margin;

          if (b->text_width == 0)
            continue;   /* an empty value */
          if (b->text_x < b->box_x - tolerance ||
              b->text_y < b->box_y - tolerance ||
              b->text_x + b->text_width > b->box_x + b->box_width + tolerance ||
              b->text_y + b->text_height > b->box_y + b->box_height + tolerance)
            g_error ("page %u: text “%s” (%.1f,%.1f %.1f×%.1f) runs outside its box (%.1f,%.1f %.1f×%.1f)",
                     p + 1, b->text, b->text_x, b->text_y, b->text_width, b->text_height,
                     b->box_x, b->box_y, b->box_width, b->box_height);
          if (b->box_x < page_margin - tolerance || b->box_y < page_margin - tolerance ||
              b->box_x + b->box_width > w - page_margin + tolerance ||
              b->box_y + b->box_height > h - page_margin + tolerance)
            g_error ("page %u: the box of “%s” (%.1f,%.1f %.1f×%.1f) leaves the printable area",
                     p + 1, b->text, b->box_x, b->box_y, b->box_width, b->box_height);
          if (b->kind == CF_TEXT_BOX_TEXT)
            g_assert_cmpfloat (b->font_size, >=, 5.0);

          for (guint k = i + 1; k < boxes->len; k++)
            {
              const CfTextBox *o = &g_array_index (boxes, CfTextBox, k);

              if (b->kind != CF_TEXT_BOX_TEXT || o->kind != CF_TEXT_BOX_TEXT || o->text_width == 0)
                continue;
              if (boxes_overlap (b, o))
                g_error ("page %u: the boxes of “%s” (%.1f,%.1f %.1f×%.1f) and “%s” (%.1f,%.1f %.1f×%.1f) overlap",
                         p + 1, b->text, b->box_x, b->box_y, b->box_width, b->box_height,
                         o->text, o->box_x, o->box_y, o->box_width, o->box_height);
            }
        }
    }
}

char *
rt_output_path (const char *name)
{
  const char *dir = g_getenv ("CF_RENDER_OUT_DIR");
  g_autofree char *fallback = NULL;

  if (dir == NULL)
    {
      fallback = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                   "render-out", NULL);
      dir = fallback;
    }
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

void
rt_assert_matches_golden (cairo_surface_t *surface,
                          const char      *golden_path,
                          double           max_share)
{
  cairo_surface_t *golden;
  int w, h, stride_a, stride_b;
  guint differing = 0;
  const guchar *a, *b;

  if (g_strcmp0 (g_getenv ("CF_UPDATE_GOLDEN"), "1") == 0)
    {
      g_assert_cmpint (cairo_surface_write_to_png (surface, golden_path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("wrote golden %s", golden_path);
      return;
    }

  golden = cairo_image_surface_create_from_png (golden_path);
  g_assert_cmpint (cairo_surface_status (golden), ==, CAIRO_STATUS_SUCCESS);
  /* Compare in the same format whatever the PNG's colour type. */
  if (cairo_image_surface_get_format (golden) != CAIRO_FORMAT_ARGB32)
    {
      cairo_surface_t *converted = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                               cairo_image_surface_get_width (golden),
                                                               cairo_image_surface_get_height (golden));
      cairo_t *cr = cairo_create (converted);
      cairo_set_source_surface (cr, golden, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (golden);
      golden = converted;
    }
  cairo_surface_flush (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  g_assert_cmpint (cairo_image_surface_get_width (golden), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (golden), ==, h);

  a = cairo_image_surface_get_data (surface);
  b = cairo_image_surface_get_data (golden);
  stride_a = cairo_image_surface_get_stride (surface);
  stride_b = cairo_image_surface_get_stride (golden);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guchar *pa = a + y * stride_a + x * 4, *pb = b + y * stride_b + x * 4;

        for (int c = 0; c < 4; c++)
          if (ABS ((int) pa[c] - (int) pb[c]) > 64)
            {
              differing++;
              break;
            }
      }
  cairo_surface_destroy (golden);

  if ((double) differing / (w * h) > max_share)
    {
      g_autofree char *base = g_path_get_basename (golden_path);
      g_autofree char *actual = rt_output_path (base);

      cairo_surface_write_to_png (surface, actual);
      g_error ("%s: %u of %d pixels differ (more than %.2f%%); this rendering is in %s",
               golden_path, differing, w * h, max_share * 100, actual);
    }
}
