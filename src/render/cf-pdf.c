/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-pdf.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>

struct _CfPdf
{
  GObject           parent_instance;

  GBytes           *bytes;
  PopplerDocument  *document;
};

G_DEFINE_TYPE (CfPdf, cf_pdf, G_TYPE_OBJECT)

/* poppler-glib 22.12 declares no autoptr for its page type. */
typedef PopplerPage CfPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPopplerPage, g_object_unref)

G_DEFINE_QUARK (cf-pdf-error-quark, cf_pdf_error)

/* The one place where poppler's errors become ours. */
static void
set_error_from_poppler (GError     **error,
                        const GError *poppler_error,
                        const char   *name)
{
  CfPdfError code = CF_PDF_ERROR_DAMAGED;
  const char *what = name != NULL ? name : _("The document");

  if (poppler_error != NULL && poppler_error->domain == POPPLER_ERROR)
    {
      switch (poppler_error->code)
        {
        case POPPLER_ERROR_ENCRYPTED:
          code = CF_PDF_ERROR_ENCRYPTED;
          break;
        case POPPLER_ERROR_OPEN_FILE:
          code = CF_PDF_ERROR_IO;
          break;
        default:
          code = CF_PDF_ERROR_DAMAGED;
          break;
        }
    }

  switch (code)
    {
    case CF_PDF_ERROR_ENCRYPTED:
      g_set_error (error, CF_PDF_ERROR, code,
                   _("“%s” is protected with a password and cannot be shown"), what);
      break;
    case CF_PDF_ERROR_IO:
      g_set_error (error, CF_PDF_ERROR, code, _("“%s” cannot be read"), what);
      break;
    default:
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_DAMAGED,
                   _("“%s” is not a PDF document or is damaged"), what);
      break;
    }
}

/* Poppler's text search answers with a bottom-left origin. */
static CfPdfRect
rect_from_poppler (const PopplerRectangle *r,
                   double                  page_height)
{
  CfPdfRect out;
  double y1 = MIN (r->y1, r->y2), y2 = MAX (r->y1, r->y2);

  out.x = MIN (r->x1, r->x2);
  out.width = ABS (r->x2 - r->x1);
  out.y = page_height - y2;
  out.height = y2 - y1;
  return out;
}

static PopplerPage *
get_page (CfPdf   *self,
          guint    index,
          GError **error)
{
  PopplerPage *page = NULL;

  if (index < cf_pdf_get_n_pages (self))
    page = poppler_document_get_page (self->document, (int) index);
  if (page == NULL)
    g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_NO_PAGE,
                 _("The document has no page %u"), index + 1);
  return page;
}

static void
cf_pdf_finalize (GObject *object)
{
  CfPdf *self = CF_PDF (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (cf_pdf_parent_class)->finalize (object);
}

static void
cf_pdf_class_init (CfPdfClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_pdf_finalize;
}

static void
cf_pdf_init (CfPdf *self)
{
}

static CfPdf *
new_from_bytes_named (GBytes     *bytes,
                      const char *name,
                      GError    **error)
{
  g_autoptr(CfPdf) self = NULL;
  g_autoptr(GError) local_error = NULL;

  self = g_object_new (CF_TYPE_PDF, NULL);
  self->bytes = g_bytes_ref (bytes);
  /* Poppler keeps a pointer to the data: self->bytes outlives the document. */
  self->document = poppler_document_new_from_bytes (self->bytes, NULL, &local_error);
  if (self->document == NULL)
    {
      set_error_from_poppler (error, local_error, name);
      return NULL;
    }
  return g_steal_pointer (&self);
}

CfPdf *
cf_pdf_new_from_file (const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  name = g_file_get_basename (file);
  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_IO,
                   _("“%s” cannot be read: %s"), name, local_error->message);
      return NULL;
    }
  return new_from_bytes_named (bytes, name, error);
}

CfPdf *
cf_pdf_new_from_bytes (GBytes  *bytes,
                       GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_bytes_named (bytes, NULL, error);
}

GBytes *
cf_pdf_get_bytes (CfPdf *self)
{
  g_return_val_if_fail (CF_IS_PDF (self), NULL);

  return self->bytes;
}

guint
cf_pdf_get_n_pages (CfPdf *self)
{
  int n;

  g_return_val_if_fail (CF_IS_PDF (self), 0);

  n = poppler_document_get_n_pages (self->document);
  return n > 0 ? (guint) n : 0;
}

gboolean
cf_pdf_get_page_size (CfPdf  *self,
                      guint   index,
                      double *width,
                      double *height)
{
  g_autoptr(CfPopplerPage) page = NULL;
  double w = 0, h = 0;

  g_return_val_if_fail (CF_IS_PDF (self), FALSE);

  page = get_page (self, index, NULL);
  if (page != NULL)
    poppler_page_get_size (page, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return page != NULL;
}

gboolean
cf_pdf_render_page (CfPdf    *self,
                    guint     index,
                    cairo_t  *cr,
                    double    scale,
                    GError  **error)
{
  g_autoptr(CfPopplerPage) page = NULL;
  double w, h;

  g_return_val_if_fail (CF_IS_PDF (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (scale > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  page = get_page (self, index, error);
  if (page == NULL)
    return FALSE;
  poppler_page_get_size (page, &w, &h);

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  /* Poppler draws only the marks: the paper is ours to paint. */
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  poppler_page_render (page, cr);
  cairo_restore (cr);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_RENDER,
                   _("Page %u could not be drawn: %s"), index + 1,
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_pdf_render_page_for_printing (CfPdf    *self,
                                 guint     index,
                                 cairo_t  *cr,
                                 GError  **error)
{
  g_autoptr(CfPopplerPage) page = NULL;

  g_return_val_if_fail (CF_IS_PDF (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  page = get_page (self, index, error);
  if (page == NULL)
    return FALSE;
  poppler_page_render_for_printing (page, cr);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_RENDER,
                   _("Page %u could not be printed: %s"), index + 1,
                   cairo_status_to_string (cairo_status (cr)));
      return FALSE;
    }
  return TRUE;
}

cairo_surface_t *
cf_pdf_render_page_image (CfPdf    *self,
                          guint     index,
                          double    scale,
                          GError  **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  gboolean ok;

  g_return_val_if_fail (CF_IS_PDF (self), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  if (!cf_pdf_get_page_size (self, index, &w, &h))
    {
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_NO_PAGE,
                   _("The document has no page %u"), index + 1);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        MAX (1, (int) ceil (w * scale - 1e-6)),
                                        MAX (1, (int) ceil (h * scale - 1e-6)));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_PDF_ERROR, CF_PDF_ERROR_RENDER,
                   _("Page %u is too large to draw at this zoom"), index + 1);
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  ok = cf_pdf_render_page (self, index, cr, scale, error);
  cairo_destroy (cr);
  if (!ok)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

char *
cf_pdf_get_page_text (CfPdf *self,
                      guint  index)
{
  g_autoptr(CfPopplerPage) page = NULL;
  char *text;

  g_return_val_if_fail (CF_IS_PDF (self), NULL);

  page = get_page (self, index, NULL);
  if (page == NULL)
    return g_strdup ("");
  text = poppler_page_get_text (page);
  return text != NULL ? text : g_strdup ("");
}

char *
cf_pdf_get_text (CfPdf *self)
{
  GString *out;
  guint n;

  g_return_val_if_fail (CF_IS_PDF (self), NULL);

  out = g_string_new (NULL);
  n = cf_pdf_get_n_pages (self);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = cf_pdf_get_page_text (self, i);

      if (i > 0)
        g_string_append_c (out, '\f');
      g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

GArray *
cf_pdf_find_text (CfPdf      *self,
                  guint       index,
                  const char *text)
{
  g_autoptr(CfPopplerPage) page = NULL;
  GArray *out;
  GList *found;
  double w, h;

  g_return_val_if_fail (CF_IS_PDF (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (CfPdfRect));
  page = get_page (self, index, NULL);
  if (page == NULL)
    return out;
  poppler_page_get_size (page, &w, &h);
  found = poppler_page_find_text (page, text);
  for (GList *l = found; l != NULL; l = l->next)
    {
      CfPdfRect r = rect_from_poppler (l->data, h);
      g_array_append_val (out, r);
    }
  g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
  return out;
}

char *
cf_pdf_dup_title (CfPdf *self)
{
  g_return_val_if_fail (CF_IS_PDF (self), NULL);
  return poppler_document_get_title (self->document);
}

char *
cf_pdf_dup_author (CfPdf *self)
{
  g_return_val_if_fail (CF_IS_PDF (self), NULL);
  return poppler_document_get_author (self->document);
}

char *
cf_pdf_dup_subject (CfPdf *self)
{
  g_return_val_if_fail (CF_IS_PDF (self), NULL);
  return poppler_document_get_subject (self->document);
}
