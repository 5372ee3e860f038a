/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-render"

#include "config.h"

#include "cf-render-export.h"

#include "cf-atomic-file.h"

#include <math.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (cf-render-error-quark, cf_render_error)

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t  *surface,
              CfRenderable     *renderable)
{
  static const struct { CfRenderMetadata which; cairo_pdf_metadata_t key; } keys[] = {
    { CF_RENDER_METADATA_TITLE, CAIRO_PDF_METADATA_TITLE },
    { CF_RENDER_METADATA_AUTHOR, CAIRO_PDF_METADATA_AUTHOR },
    { CF_RENDER_METADATA_SUBJECT, CAIRO_PDF_METADATA_SUBJECT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = cf_renderable_get_metadata (renderable, keys[i].which);

      if (value != NULL && *value != '\0')
        cairo_pdf_surface_set_metadata (surface, keys[i].key, value);
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  CF_RENDER_CREATOR " " PACKAGE_VERSION);
}

GBytes *
cf_render_export_pdf_bytes (CfRenderable  *renderable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint n_pages;
  double w, h;

  g_return_val_if_fail (CF_IS_RENDERABLE (renderable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_pages = cf_renderable_get_n_pages (renderable);
  buffer = g_byte_array_sized_new (64 * 1024);
  cf_renderable_get_page_size (renderable, 0, &w, &h);
  surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, buffer, w, h);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  set_metadata (surface, renderable);
  cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          return NULL;
        }
      cf_renderable_get_page_size (renderable, i, &w, &h);
      cairo_pdf_surface_set_size (surface, w, h);
      cf_renderable_draw_page (renderable, i, cr);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_FAILED,
                   _("The PDF could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
cf_render_write_atomically (const char  *path,
                            GBytes      *bytes,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &size);
  /* A temporary file beside @path, synced and renamed over: readers see
   * the old file or the new one, never half. */
  if (!cf_atomic_file_write (path, data, size, 0644, &local_error))
    {
      g_autofree char *name = g_path_get_basename (path);

      g_set_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_WRITE,
                   _("“%s” could not be saved: %s"), name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_render_export_pdf (CfRenderable  *renderable,
                      const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (CF_IS_RENDERABLE (renderable), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = cf_render_export_pdf_bytes (renderable, cancellable, error);
  return bytes != NULL && cf_render_write_atomically (path, bytes, error);
}

cairo_surface_t *
cf_render_export_page_image (CfRenderable  *renderable,
                             guint          page,
                             double         dpi,
                             GError       **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w, h, scale;
  guint n_pages;

  g_return_val_if_fail (CF_IS_RENDERABLE (renderable), NULL);
  g_return_val_if_fail (dpi > 0 && dpi <= 2400, NULL);

  n_pages = cf_renderable_get_n_pages (renderable);
  if (page >= n_pages)
    {
      g_set_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_NO_PAGE,
                   g_dngettext (GETTEXT_PACKAGE, "The document has %u page; there is no page %u",
                                "The document has %u pages; there is no page %u", n_pages),
                   n_pages, page + 1);
      return NULL;
    }

  scale = dpi / 72.0;
  cf_renderable_get_page_size (renderable, page, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (w * scale - 1e-6), (int) ceil (h * scale - 1e-6));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cf_renderable_draw_page (renderable, page, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_FAILED,
                   _("Page %u could not be drawn: %s"), page + 1,
                   cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return NULL;
    }
  return surface;
}

GBytes *
cf_render_export_png_bytes (CfRenderable  *renderable,
                            guint          page,
                            double         dpi,
                            GError       **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  surface = cf_render_export_page_image (renderable, page, dpi, error);
  if (surface == NULL)
    return NULL;
  buffer = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, buffer);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CF_RENDER_ERROR, CF_RENDER_ERROR_FAILED,
                   _("The image could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

gboolean
cf_render_export_png (CfRenderable  *renderable,
                      guint          page,
                      double         dpi,
                      const char    *path,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = cf_render_export_png_bytes (renderable, page, dpi, error);
  return bytes != NULL && cf_render_write_atomically (path, bytes, error);
}
