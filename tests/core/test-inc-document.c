/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scans attached to the Registro de Institución (issue 15, page 6),
 * on files made here: a good scanned PDF, a PDF of text, a scan at too low
 * a resolution, a PDF protected with a password (the standard security
 * handler written out by hand: RC4, so that poppler asks for the
 * password), a PDF with no page, a text file named .pdf, an empty file,
 * small and good images, and one too large. Each check's verdict, its
 * measured value and the thumbnail. */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "cf-inc-document.h"

static const CfIncDocumentCheck *
find_check (CfIncDocumentReport *report,
            const char          *rule)
{
  for (guint i = 0; i < report->checks->len; i++)
    {
      const CfIncDocumentCheck *check = g_ptr_array_index (report->checks, i);

      if (strcmp (check->rule, rule) == 0)
        return check;
    }
  return NULL;
}

static void
assert_check (CfIncDocumentReport *report,
              const char          *rule,
              gboolean             ok)
{
  const CfIncDocumentCheck *check = find_check (report, rule);

  if (check == NULL)
    g_error ("no check %s", rule);
  g_assert_cmpint (check->ok, ==, ok);
  g_assert_nonnull (check->measured);
  g_assert_nonnull (check->expected);
  if (ok)
    g_assert_null (check->reason);
  else
    g_assert_true (check->reason != NULL && *check->reason != '\0');
}

static void
assert_thumbnail (CfIncDocumentReport *report,
                  int                  max_side)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  gsize len;
  const guint8 *data;

  g_assert_nonnull (report->thumbnail);
  data = g_bytes_get_data (report->thumbnail, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  stream = g_memory_input_stream_new_from_bytes (report->thumbnail);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)), <=, max_side);
  g_assert_cmpint (MAX (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf)), >=, max_side - 2);
}

/* ---- Files made here ---- */

/* A scanned page: grey paper, a dark "stamp" and lines of "text". */
static GdkPixbuf *
scan_pixbuf (int      width,
             int      height,
             gboolean noise)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  guint32 seed = 12345;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        gboolean ink = (y / 12) % 4 == 0 && x > width / 10 && x < width * 9 / 10;
        int dx = x - width * 3 / 4, dy = y - height * 3 / 4;
        gboolean stamp = dx * dx + dy * dy < (width / 8) * (width / 8);

        if (noise)
          {
            seed = seed * 1103515245 + 12345;
            p[0] = seed >> 24;
            p[1] = seed >> 16;
            p[2] = seed >> 8;
          }
        else
          {
            p[0] = stamp ? 40 : ink ? 30 : 235;
            p[1] = stamp ? 60 : ink ? 30 : 235;
            p[2] = stamp ? 160 : ink ? 30 : 230;
          }
      }
  return pixbuf;
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize len = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static cairo_status_t
append (void                *closure,
        const unsigned char *data,
        unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A letter page as a PDF: a scan of @width × @height pixels filling it,
 * or (0, 0) a line of text. */
static GBytes *
letter_pdf (int width,
            int height)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append, out, 612, 792);
  cairo_t *cr = cairo_create (surface);

  if (width > 0)
    {
      g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (width, height, FALSE);
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      const guint8 *src = gdk_pixbuf_get_pixels (pixbuf);
      int src_stride = gdk_pixbuf_get_rowstride (pixbuf);

      cairo_surface_flush (image);
      for (int y = 0; y < height; y++)
        {
          guint32 *row = (guint32 *) (cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image));

          for (int x = 0; x < width; x++)
            {
              const guint8 *p = src + y * src_stride + x * 3;

              row[x] = (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
            }
        }
      cairo_surface_mark_dirty (image);
      cairo_scale (cr, 612.0 / width, 792.0 / height);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_surface_destroy (image);
    }
  else
    {
      cairo_move_to (cr, 72, 72);
      cairo_set_font_size (cr, 12);
      cairo_show_text (cr, "Oficio de Nombramiento, Sello y Firma");
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

/* A PDF from its objects' bodies (1 0 obj … in order), with a cross-
 * reference table and @trailer_extra in the trailer. */
static GBytes *
pdf_of_objects (const char * const *objects,
                const char         *trailer_extra)
{
  GString *pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n = g_strv_length ((char **) objects);
  gsize xref;

  for (guint i = 0; i < n; i++)
    {
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R %s >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          n + 1, trailer_extra != NULL ? trailer_extra : "", xref);
  return g_string_free_to_bytes (pdf);
}

static void
rc4 (const guint8 *key,
     gsize         key_len,
     const guint8 *in,
     guint8       *out,
     gsize         len)
{
  guint8 s[256];
  guint i, j = 0;

  for (i = 0; i < 256; i++)
    s[i] = (guint8) i;
  for (i = 0; i < 256; i++)
    {
      guint8 t = s[i];

      j = (j + s[i] + key[i % key_len]) & 0xff;
      s[i] = s[j];
      s[j] = t;
    }
  i = j = 0;
  for (gsize k = 0; k < len; k++)
    {
      guint8 t;

      i = (i + 1) & 0xff;
      j = (j + s[i]) & 0xff;
      t = s[i];
      s[i] = s[j];
      s[j] = t;
      out[k] = in[k] ^ s[(s[i] + s[j]) & 0xff];
    }
}

static const guint8 pdf_pad[32] = {
  0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
  0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
};

static void
padded (const char *password,
        guint8      out[32])
{
  gsize len = MIN (strlen (password), 32);

  memcpy (out, password, len);
  memcpy (out + len, pdf_pad, 32 - len);
}

static void
md5_of (const guint8 *data,
        gsize         len,
        guint8        digest[16])
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  gsize digest_len = 16;

  g_checksum_update (md5, data, len);
  g_checksum_get_digest (md5, digest, &digest_len);
}

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (text, "%02X", data[i]);
  return g_string_free (text, FALSE);
}

/* The PDF standard security handler, revision 2 (40-bit RC4), with a user
 * password: a reader must ask for it (PDF 1.7, 7.6.3.3 algorithms 2, 3, 4). */
static GBytes *
encrypted_pdf (const char *user_password)
{
  static const guint8 id[16] = "certifica-test!";
  const gint32 permissions = -4;
  guint8 user[32], owner[32], digest[16], o[32], u[32], buf[32 + 32 + 4 + 16];
  g_autofree char *o_hex = NULL, *u_hex = NULL, *id_hex = NULL, *encrypt = NULL, *trailer = NULL;
  guint32 p = (guint32) permissions;

  padded (user_password, user);
  padded ("propietario", owner);
  md5_of (owner, 32, digest);
  rc4 (digest, 5, user, o, 32);
  memcpy (buf, user, 32);
  memcpy (buf + 32, o, 32);
  buf[64] = p & 0xff;
  buf[65] = (p >> 8) & 0xff;
  buf[66] = (p >> 16) & 0xff;
  buf[67] = (p >> 24) & 0xff;
  memcpy (buf + 68, id, 16);
  md5_of (buf, sizeof buf, digest);
  rc4 (digest, 5, pdf_pad, u, 32);
  o_hex = hex (o, 32);
  u_hex = hex (u, 32);
  id_hex = hex (id, 16);
  encrypt = g_strdup_printf ("<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>", o_hex, u_hex, permissions);
  trailer = g_strdup_printf ("/Encrypt 4 0 R /ID [<%s> <%s>]", id_hex, id_hex);
  {
    const char *objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
      encrypt,
      NULL,
    };

    return pdf_of_objects (objects, trailer);
  }
}

static GBytes *
zero_page_pdf (void)
{
  const char *objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [] /Count 0 >>",
    NULL,
  };

  return pdf_of_objects (objects, NULL);
}

/* ---- Tests ---- */

static void
test_good_scan_pdf (void)
{
  /* 1700 × 2200 pixels on 8.5 × 11 in: 200 dpi. */
  g_autoptr(GBytes) pdf = letter_pdf (1700, 2200);
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (pdf, "oficio.pdf", 200);

  g_assert_cmpint (report->kind, ==, CF_INC_DOCUMENT_PDF);
  g_assert_cmpstr (report->mime, ==, "application/pdf");
  g_assert_cmpuint (report->n_pages, ==, 1);
  g_assert_cmpfloat_with_epsilon (report->dpi, 200.0, 1.0);
  assert_check (report, "opens", TRUE);
  assert_check (report, "password", TRUE);
  assert_check (report, "pages", TRUE);
  assert_check (report, "resolution", TRUE);
  assert_check (report, "file-size", TRUE);
  g_assert_true (cf_inc_document_report_ok (report));
  g_assert_null (cf_inc_document_report_first_reason (report));
  assert_thumbnail (report, 200);
}

static void
test_text_pdf (void)
{
  g_autoptr(GBytes) pdf = letter_pdf (0, 0);
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (pdf, "oficio.pdf", 0);

  /* No scanned image: legible at any size. */
  g_assert_cmpfloat (report->dpi, ==, 0);
  assert_check (report, "resolution", TRUE);
  g_assert_true (cf_inc_document_report_ok (report));
  assert_thumbnail (report, CF_INC_DOCUMENT_THUMBNAIL);
}

static void
test_low_resolution_pdf (void)
{
  /* 425 × 550 on a letter page: 50 dpi. */
  g_autoptr(GBytes) pdf = letter_pdf (425, 550);
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (pdf, "borroso.pdf", 0);

  g_assert_cmpfloat_with_epsilon (report->dpi, 50.0, 1.0);
  assert_check (report, "opens", TRUE);
  assert_check (report, "resolution", FALSE);
  g_assert_false (cf_inc_document_report_ok (report));
  g_assert_nonnull (strstr (cf_inc_document_report_first_reason (report), "50 dpi"));
  g_assert_nonnull (report->thumbnail);
}

static void
test_encrypted_pdf (void)
{
  g_autoptr(GBytes) pdf = encrypted_pdf ("secreto");
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (pdf, "protegido.pdf", 0);
  PopplerDocument *with_password;
  g_autoptr(GError) error = NULL;

  /* It is a real encrypted PDF: the password opens it. */
  with_password = poppler_document_new_from_bytes (pdf, "secreto", &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (with_password), ==, 1);
  g_object_unref (with_password);

  assert_check (report, "opens", TRUE);
  assert_check (report, "password", FALSE);
  g_assert_null (find_check (report, "pages"));
  g_assert_false (cf_inc_document_report_ok (report));
  g_assert_nonnull (strstr (cf_inc_document_report_first_reason (report), "protegido.pdf"));
  g_assert_nonnull (strstr (cf_inc_document_report_first_reason (report), "password"));
  g_assert_null (report->thumbnail);
}

static void
test_zero_page_pdf (void)
{
  g_autoptr(GBytes) pdf = zero_page_pdf ();
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (pdf, "vacio.pdf", 0);
  const CfIncDocumentCheck *opens = find_check (report, "opens");

  g_assert_false (cf_inc_document_report_ok (report));
  g_assert_null (report->thumbnail);
  /* poppler may open it with no page, or refuse it: either way it fails. */
  g_assert_nonnull (opens);
  if (opens->ok)
    {
      assert_check (report, "pages", FALSE);
      g_assert_cmpuint (report->n_pages, ==, 0);
    }
  else
    g_assert_nonnull (strstr (opens->reason, "vacio.pdf"));
  g_test_message ("zero pages: %s", cf_inc_document_report_first_reason (report));
}

static void
test_text_named_pdf (void)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("Oficio de nombramiento\nNo es un PDF.\n", 37);
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (text, "/tmp/Descargas/oficio.pdf", 0);

  g_assert_cmpint (report->kind, ==, CF_INC_DOCUMENT_UNKNOWN);
  assert_check (report, "opens", FALSE);
  g_assert_null (find_check (report, "pages"));
  g_assert_nonnull (strstr (cf_inc_document_report_first_reason (report), "“oficio.pdf”"));
  g_assert_null (report->thumbnail);
}

static void
test_empty_file (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (empty, "registro.pdf", 0);

  assert_check (report, "opens", FALSE);
  assert_check (report, "file-size", TRUE);
  g_assert_false (cf_inc_document_report_ok (report));
}

static void
test_small_image (void)
{
  g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (400, 300, FALSE);
  g_autoptr(GBytes) png = save_pixbuf (pixbuf, "png");
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (png, "foto.png", 120);
  const CfIncDocumentCheck *resolution;

  g_assert_cmpint (report->kind, ==, CF_INC_DOCUMENT_IMAGE);
  g_assert_cmpstr (report->mime, ==, "image/png");
  assert_check (report, "opens", TRUE);
  assert_check (report, "pages", TRUE);
  assert_check (report, "resolution", FALSE);
  resolution = find_check (report, "resolution");
  /* 300 px over 8.5 in. */
  g_assert_cmpfloat_with_epsilon (report->dpi, 300 / 8.5, 0.1);
  g_assert_nonnull (strstr (resolution->measured, "400 × 300"));
  assert_thumbnail (report, 120);
}

static void
test_good_image (void)
{
  g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (1275, 1650, FALSE);
  g_autoptr(GBytes) jpeg = save_pixbuf (pixbuf, "jpeg");
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (jpeg, "registro.jpg", 0);

  g_assert_cmpint (report->kind, ==, CF_INC_DOCUMENT_IMAGE);
  g_assert_cmpstr (report->mime, ==, "image/jpeg");
  g_assert_cmpfloat_with_epsilon (report->dpi, 150.0, 0.1);
  assert_check (report, "resolution", TRUE);
  assert_check (report, "file-size", TRUE);
  g_assert_true (cf_inc_document_report_ok (report));
  assert_thumbnail (report, CF_INC_DOCUMENT_THUMBNAIL);
}

static void
test_too_large (void)
{
  /* Noise does not compress: about 11 MB of PNG. */
  g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (1700, 2200, TRUE);
  g_autoptr(GBytes) png = save_pixbuf (pixbuf, "png");
  g_autoptr(CfIncDocumentReport) report = cf_inc_document_check (png, "enorme.png", 0);

  g_assert_cmpuint (g_bytes_get_size (png), >, CF_INC_DOCUMENT_MAX_BYTES);
  assert_check (report, "resolution", TRUE);
  assert_check (report, "file-size", FALSE);
  g_assert_nonnull (strstr (cf_inc_document_report_first_reason (report), "enorme.png"));
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  CfIncDocumentReport **out = data;
  g_autoptr(GError) error = NULL;

  *out = cf_inc_document_check_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(GBytes) pdf = letter_pdf (1700, 2200);
  g_autoptr(CfIncDocumentReport) report = NULL;

  cf_inc_document_check_async (pdf, "oficio.pdf", 0, NULL, on_checked, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cf_inc_document_report_ok (report));
  g_assert_nonnull (report->thumbnail);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inc-document/pdf/good-scan", test_good_scan_pdf);
  g_test_add_func ("/inc-document/pdf/text", test_text_pdf);
  g_test_add_func ("/inc-document/pdf/low-resolution", test_low_resolution_pdf);
  g_test_add_func ("/inc-document/pdf/encrypted", test_encrypted_pdf);
  g_test_add_func ("/inc-document/pdf/zero-pages", test_zero_page_pdf);
  g_test_add_func ("/inc-document/pdf/text-named-pdf", test_text_named_pdf);
  g_test_add_func ("/inc-document/empty", test_empty_file);
  g_test_add_func ("/inc-document/image/small", test_small_image);
  g_test_add_func ("/inc-document/image/good", test_good_image);
  g_test_add_func ("/inc-document/image/too-large", test_too_large);
  g_test_add_func ("/inc-document/async", test_async);
  return g_test_run ();
}
