/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-document.c: a scan checked before it is kept. poppler-glib and
 * gdk-pixbuf need no GTK; the PDF thumbnail is drawn with cairo because
 * that is how poppler renders a page. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "cf-inc-document.h"

void
cf_inc_document_report_free (CfIncDocumentReport *report)
{
  if (report == NULL)
    return;
  g_free (report->mime);
  g_clear_pointer (&report->checks, g_ptr_array_unref);
  g_clear_pointer (&report->thumbnail, g_bytes_unref);
  g_free (report);
}

static void
check_free (gpointer data)
{
  CfIncDocumentCheck *check = data;

  g_free (check->measured);
  g_free (check->expected);
  g_free (check->reason);
  g_free (check);
}

/* Takes @measured, @expected and @reason. */
static void
add_check (CfIncDocumentReport *report,
           const char          *rule,
           const char          *title,
           gboolean             ok,
           char                *measured,
           char                *expected,
           char                *reason)
{
  CfIncDocumentCheck *check = g_new0 (CfIncDocumentCheck, 1);

  check->rule = rule;
  check->title = title;
  check->ok = ok;
  check->measured = measured;
  check->expected = expected;
  if (ok)
    g_free (reason);
  else
    check->reason = reason;
  g_ptr_array_add (report->checks, check);
}

static gboolean
looks_like_pdf (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* PDF readers look for the header in the first kilobyte. */
  for (gsize i = 0; i + 5 <= len && i < 1024; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

/* A page's pixels at @dpi as a letter page would have them. */
static double
letter_dpi (double width_px,
            double height_px)
{
  double short_side = MIN (width_px, height_px);
  double long_side = MAX (width_px, height_px);

  return MIN (short_side / CF_INC_DOCUMENT_PAGE_INCHES_W, long_side / CF_INC_DOCUMENT_PAGE_INCHES_H);
}

static GBytes *
png_of_pixbuf (GdkPixbuf *pixbuf)
{
  g_autofree char *buffer = NULL;
  gsize len = 0;

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", NULL, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), len);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
thumbnail_of_page (PopplerPage *page,
                   guint        size)
{
  double width, height, scale;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png = g_byte_array_new ();
  cairo_status_t status;

  poppler_page_get_size (page, &width, &height);
  if (width <= 0 || height <= 0)
    {
      g_byte_array_unref (png);
      return NULL;
    }
  scale = size / MAX (width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (1, (int) (width * scale)),
                                        MAX (1, (int) (height * scale)));
  cr = cairo_create (surface);
  /* Paper is white; a PDF page draws only its ink. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}

/* The least resolution of the scanned images on the first pages: each
 * image's pixels over the inches it covers on the page. 0 when no page
 * has an image (a PDF made from text, legible at any size). */
static double
pdf_least_dpi (PopplerDocument *document)
{
  int n = MIN (poppler_document_get_n_pages (document), CF_INC_DOCUMENT_PAGES_MEASURED);
  double least = 0;

  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      GList *mapping;
      double page_dpi = 0, largest_area = 0;

      if (page == NULL)
        continue;
      mapping = poppler_page_get_image_mapping (page);
      /* The scan is the page's largest image; small ones are decorations. */
      for (GList *l = mapping; l != NULL; l = l->next)
        {
          PopplerImageMapping *image = l->data;
          double w_in = fabs (image->area.x2 - image->area.x1) / 72.0;
          double h_in = fabs (image->area.y2 - image->area.y1) / 72.0;
          cairo_surface_t *surface;

          if (w_in * h_in <= largest_area || w_in <= 0 || h_in <= 0)
            continue;
          surface = poppler_page_get_image (page, image->image_id);
          if (surface == NULL)
            continue;
          largest_area = w_in * h_in;
          page_dpi = MIN (cairo_image_surface_get_width (surface) / w_in,
                          cairo_image_surface_get_height (surface) / h_in);
          cairo_surface_destroy (surface);
        }
      poppler_page_free_image_mapping (mapping);
      g_object_unref (page);
      if (page_dpi > 0 && (least == 0 || page_dpi < least))
        least = page_dpi;
    }
  return least;
}

static void
add_resolution_check (CfIncDocumentReport *report,
                      const char          *measured_extra)
{
  gboolean ok = report->dpi == 0 || report->dpi + 0.5 >= CF_INC_DOCUMENT_MIN_DPI;
  char *measured;

  if (report->dpi == 0)
    measured = g_strdup (_("text, no scanned image"));
  else if (measured_extra != NULL)
    /* Translators: "150 dpi (1275 × 1650 pixels)". */
    measured = g_strdup_printf (_("%.0f dpi (%s)"), report->dpi, measured_extra);
  else
    measured = g_strdup_printf (_("%.0f dpi"), report->dpi);
  add_check (report, "resolution", _("Legible resolution"), ok, measured,
             /* Translators: the least resolution of a scanned letter page. */
             g_strdup_printf (_("at least %d dpi on a letter page"), CF_INC_DOCUMENT_MIN_DPI),
             g_strdup_printf (_("The scan is %.0f dpi: a stamp and a signature may not be legible. Scan it again at "
                                "%d dpi or more (300 is best)."), report->dpi, CF_INC_DOCUMENT_MIN_DPI));
}

static void
add_pages_check (CfIncDocumentReport *report)
{
  add_check (report, "pages", _("At least one page"), report->n_pages > 0,
             g_strdup_printf ("%u", report->n_pages), g_strdup (_("1 or more")),
             g_strdup (_("The PDF has no page. Scan the document again and save it as a new PDF.")));
}

/* What poppler opened (poppler 22 has no autoptr for its types). */
static void
check_pdf_document (CfIncDocumentReport *report,
                    PopplerDocument     *document,
                    guint                thumbnail_size)
{
  PopplerPage *first;

  report->kind = CF_INC_DOCUMENT_PDF;
  add_check (report, "opens", _("Opens"), TRUE, g_strdup (_("PDF")), g_strdup (_("PDF, PNG or JPEG")), NULL);
  add_check (report, "password", _("No password"), TRUE, g_strdup (_("none")), g_strdup (_("no password")), NULL);
  report->n_pages = (guint) MAX (0, poppler_document_get_n_pages (document));
  add_pages_check (report);
  if (report->n_pages == 0)
    return;
  report->dpi = pdf_least_dpi (document);
  add_resolution_check (report, NULL);
  first = poppler_document_get_page (document, 0);
  if (first != NULL)
    {
      report->thumbnail = thumbnail_of_page (first, thumbnail_size);
      g_object_unref (first);
    }
}

static void
check_pdf (CfIncDocumentReport *report,
           GBytes              *bytes,
           const char          *name,
           guint                thumbnail_size)
{
  PopplerDocument *document;
  g_autoptr(GError) error = NULL;

  document = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (document != NULL)
    {
      check_pdf_document (report, document, thumbnail_size);
      g_object_unref (document);
    }
  else if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      add_check (report, "opens", _("Opens"), TRUE, g_strdup (_("PDF")), g_strdup (_("PDF, PNG or JPEG")), NULL);
      add_check (report, "password", _("No password"), FALSE, g_strdup (_("protected with a password")),
                 g_strdup (_("no password")),
                 g_strdup_printf (_("“%s” is protected with a password, and SEP must be able to open it. Save it "
                                    "again without a password (open it and print it to a new PDF)."), name));
    }
  else
    add_check (report, "opens", _("Opens"), FALSE, g_strdup (_("a damaged PDF")), g_strdup (_("PDF, PNG or JPEG")),
               /* Translators: the file's name, then poppler's words. */
               g_strdup_printf (_("“%s” looks like a PDF but cannot be opened (%s). Scan the document again and "
                                  "save it as a new PDF."), name, error->message));
}

static void
check_image (CfIncDocumentReport *report,
             GBytes              *bytes,
             const char          *name,
             guint                thumbnail_size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) small = NULL;
  g_autofree char *size_text = NULL;
  int width, height;
  double scale;

  loaded = gdk_pixbuf_new_from_stream (stream, NULL, NULL);
  if (loaded == NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (bytes, &len);
      g_autofree char *guess = g_content_type_guess (name, data, len, NULL);
      g_autofree char *what = g_content_type_get_description (guess);

      add_check (report, "opens", _("Opens"), FALSE, g_strdup (what), g_strdup (_("PDF, PNG or JPEG")),
                 /* Translators: the file's name, then what it seems to be ("plain text document"). */
                 g_strdup_printf (_("“%s” is neither a PDF nor an image Certifica can open (it looks like: %s). "
                                    "Scan the document and save it as PDF, PNG or JPEG."), name, what));
      return;
    }
  /* A phone's photo may be stored on its side. */
  pixbuf = gdk_pixbuf_apply_embedded_orientation (loaded);
  report->kind = CF_INC_DOCUMENT_IMAGE;
  report->n_pages = 1;
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  add_check (report, "opens", _("Opens"), TRUE, g_strdup (_("image")), g_strdup (_("PDF, PNG or JPEG")), NULL);
  add_check (report, "password", _("No password"), TRUE, g_strdup (_("none")), g_strdup (_("no password")), NULL);
  add_pages_check (report);
  report->dpi = letter_dpi (width, height);
  /* Translators: an image's size in pixels. */
  size_text = g_strdup_printf (_("%d × %d pixels"), width, height);
  add_resolution_check (report, size_text);

  scale = MIN (1.0, (double) thumbnail_size / MAX (width, height));
  small = gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int) (width * scale)), MAX (1, (int) (height * scale)),
                                   GDK_INTERP_BILINEAR);
  if (small != NULL)
    report->thumbnail = png_of_pixbuf (small);
}

CfIncDocumentReport *
cf_inc_document_check (GBytes     *bytes,
                       const char *file_name,
                       guint       thumbnail_size)
{
  CfIncDocumentReport *report = g_new0 (CfIncDocumentReport, 1);
  g_autofree char *name = file_name != NULL ? g_path_get_basename (file_name) : g_strdup (_("The file"));
  g_autofree char *type = NULL;
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;
  gsize len;
  gconstpointer data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  report->checks = g_ptr_array_new_with_free_func (check_free);
  if (thumbnail_size == 0)
    thumbnail_size = CF_INC_DOCUMENT_THUMBNAIL;
  type = g_content_type_guess (file_name, data, len, NULL);
  report->mime = g_content_type_get_mime_type (type);

  if (len == 0)
    add_check (report, "opens", _("Opens"), FALSE, g_strdup (_("an empty file")), g_strdup (_("PDF, PNG or JPEG")),
               g_strdup_printf (_("“%s” is empty. Scan the document again."), name));
  else if (looks_like_pdf (bytes))
    {
      g_free (report->mime);
      report->mime = g_strdup ("application/pdf");
      check_pdf (report, bytes, name, thumbnail_size);
    }
  else
    check_image (report, bytes, name, thumbnail_size);

  size = g_format_size (len);
  limit = g_format_size (CF_INC_DOCUMENT_MAX_BYTES);
  add_check (report, "file-size", _("File size"), len <= CF_INC_DOCUMENT_MAX_BYTES, g_strdup (size),
             /* Translators: "at most 5.2 MB". */
             g_strdup_printf (_("at most %s"), limit),
             g_strdup_printf (_("“%s” is %s; the package is sent by e-mail and each scan may be at most %s. Scan it "
                                "again in grey or at 200–300 dpi, or save it compressed."), name, size, limit));
  return report;
}

gboolean
cf_inc_document_report_ok (const CfIncDocumentReport *report)
{
  return cf_inc_document_report_first_reason (report) == NULL;
}

const char *
cf_inc_document_report_first_reason (const CfIncDocumentReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < report->checks->len; i++)
    {
      const CfIncDocumentCheck *check = g_ptr_array_index (report->checks, i);

      if (!check->ok)
        return check->reason;
    }
  return NULL;
}

/* ---- In a worker ---- */

typedef struct
{
  GBytes *bytes;
  char   *file_name;
  guint   thumbnail_size;
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *d = data;

  g_bytes_unref (d->bytes);
  g_free (d->file_name);
  g_free (d);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *d = task_data;
  CfIncDocumentReport *report = cf_inc_document_check (d->bytes, d->file_name, d->thumbnail_size);

  if (g_task_return_error_if_cancelled (task))
    cf_inc_document_report_free (report);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) cf_inc_document_report_free);
}

void
cf_inc_document_check_async (GBytes              *bytes,
                             const char          *file_name,
                             guint                thumbnail_size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  CheckData *d = g_new0 (CheckData, 1);

  g_task_set_source_tag (task, cf_inc_document_check_async);
  d->bytes = g_bytes_ref (bytes);
  d->file_name = g_strdup (file_name);
  d->thumbnail_size = thumbnail_size;
  g_task_set_task_data (task, d, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

CfIncDocumentReport *
cf_inc_document_check_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
