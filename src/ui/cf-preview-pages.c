/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview's page on show: its size for the zoom mode, the image a
 * worker draws of it, paging, zoom and scrolling. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-preview-view-private.h"

#include <math.h>

#include "cf-render-async.h"

#define properties _cf_preview_view_properties

static gboolean
page_size_pt (CfPreviewView *self,
              double        *w,
              double        *h)
{
  if (self->sizes == NULL || self->page >= self->sizes->len)
    {
      *w = CF_PAGE_LETTER_WIDTH;
      *h = CF_PAGE_LETTER_HEIGHT;
      return FALSE;
    }
  *w = g_array_index (self->sizes, CfPdfRect, self->page).width;
  *h = g_array_index (self->sizes, CfPdfRect, self->page).height;
  return TRUE;
}

/* Works out the scale for the fit modes from the room there is, sizes the
 * page, and asks for a new image when what is shown no longer matches. */
void
_cf_preview_view_update_layout (CfPreviewView *self)
{
  double w, h, room_w, room_h, scale = self->scale;

  page_size_pt (self, &w, &h);
  room_w = gtk_widget_get_width (GTK_WIDGET (self->scrolled)) - 2 * PAGE_MARGIN;
  room_h = gtk_widget_get_height (GTK_WIDGET (self->scrolled)) - 2 * PAGE_MARGIN;
  if (room_w > 0 && room_h > 0)
    {
      if (self->zoom_mode == CF_PREVIEW_ZOOM_FIT_WIDTH)
        scale = room_w / (w * PX_PER_PT);
      else if (self->zoom_mode == CF_PREVIEW_ZOOM_FIT_PAGE)
        scale = MIN (room_w / (w * PX_PER_PT), room_h / (h * PX_PER_PT));
    }
  scale = CLAMP (scale, SCALE_MIN, SCALE_MAX);
  if (fabs (scale - self->scale) > 1e-6)
    {
      self->scale = scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
    }

  gtk_widget_set_size_request (GTK_WIDGET (self->page_box),
                               (int) ceil (w * PX_PER_PT * self->scale),
                               (int) ceil (h * PX_PER_PT * self->scale));
  _cf_preview_view_update_labels (self);
  _cf_preview_view_update_actions (self);
  _cf_preview_view_start_page_render (self);
}

static gboolean
update_layout_idle_cb (gpointer user_data)
{
  CfPreviewView *self = user_data;

  self->layout_idle_id = 0;
  _cf_preview_view_update_layout (self);
  return G_SOURCE_REMOVE;
}

/* Sizes change while GTK lays the window out: resize the page after. */
void
_cf_preview_view_queue_update_layout (CfPreviewView *self)
{
  if (self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, update_layout_idle_cb, self, NULL);
}

void
_cf_preview_view_scroll_to_top (CfPreviewView *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->scrolled), 0);
}

/* ------------------------------------------------------------------ */
/* The page's image, drawn by a worker (cf-render-async)               */
/* ------------------------------------------------------------------ */

typedef struct
{
  GWeakRef  view;
  GBytes   *bytes;
  guint     page;
} PageRequest;

static void
page_request_free (PageRequest *request)
{
  g_weak_ref_clear (&request->view);
  g_bytes_unref (request->bytes);
  g_free (request);
}

static double
pixel_scale (CfPreviewView *self)
{
  return PX_PER_PT * self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

static gboolean
image_is_current (CfPreviewView *self)
{
  double w, h;
  int want_w;

  if (self->texture == NULL || self->bytes == NULL)
    return FALSE;
  page_size_pt (self, &w, &h);
  want_w = (int) ceil (w * pixel_scale (self) - 1e-6);
  return self->texture_page == self->page + 1 && gdk_texture_get_width (self->texture) == want_w;
}

/* Cairo's ARGB32 is GDK's default memory format: the texture wraps the
 * pixels, no copy. */
static GdkTexture *
texture_for_image (cairo_surface_t *image)
{
  g_autoptr(GBytes) pixels = NULL;

  cairo_surface_flush (image);
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (image),
                                       (gsize) cairo_image_surface_get_stride (image) *
                                       (gsize) cairo_image_surface_get_height (image),
                                       (GDestroyNotify) cairo_surface_destroy,
                                       cairo_surface_reference (image));
  return gdk_memory_texture_new (cairo_image_surface_get_width (image),
                                 cairo_image_surface_get_height (image),
                                 GDK_MEMORY_DEFAULT, pixels,
                                 (gsize) cairo_image_surface_get_stride (image));
}

static void
on_page_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(CfPreviewView) self = g_weak_ref_get (&request->view);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  image = cf_render_page_image_finish (result, &error);
  if (self == NULL)
    {
      g_clear_pointer (&image, cairo_surface_destroy);
      page_request_free (request);
      return;
    }

  self->page_running = FALSE;
  if (image == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && request->bytes == self->bytes)
        _cf_preview_view_toast (self, error->message);
    }
  else if (request->bytes == self->bytes)
    {
      g_autoptr(GdkTexture) texture = texture_for_image (image);

      /* Remember which page this is, so a stale image is known. */
      g_set_object (&self->texture, texture);
      self->texture_page = request->page + 1;
      gtk_picture_set_paintable (self->page_area, GDK_PAINTABLE (self->texture));
    }

  if (self->page_pending || (!image_is_current (self) && self->bytes != NULL && image != NULL))
    {
      self->page_pending = FALSE;
      _cf_preview_view_start_page_render (self);
    }
  g_clear_pointer (&image, cairo_surface_destroy);
  page_request_free (request);
  _cf_preview_view_update_busy (self);
}

void
_cf_preview_view_start_page_render (CfPreviewView *self)
{
  PageRequest *request;

  if (self->bytes == NULL || image_is_current (self))
    return;
  /* One worker at a time; the newest request wins when it finishes. */
  if (self->page_running)
    {
      self->page_pending = TRUE;
      return;
    }

  request = g_new0 (PageRequest, 1);
  g_weak_ref_init (&request->view, self);
  request->bytes = g_bytes_ref (self->bytes);
  request->page = self->page;
  self->page_running = TRUE;
  cf_render_page_image_async (self->bytes, self->page, pixel_scale (self), self->cancellable,
                              on_page_rendered_cb, request);
  _cf_preview_view_update_busy (self);
}

/* ------------------------------------------------------------------ */
/* Paging and zoom                                                     */
/* ------------------------------------------------------------------ */

void
_cf_preview_view_page_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);
  guint n = cf_preview_view_get_n_pages (self);

  if (g_str_equal (action_name, "preview.next-page") && self->page + 1 < n)
    cf_preview_view_set_page (self, self->page + 1);
  else if (g_str_equal (action_name, "preview.previous-page") && self->page > 0)
    cf_preview_view_set_page (self, self->page - 1);
}

void
_cf_preview_view_zoom_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);

  if (g_str_equal (action_name, "preview.zoom-in"))
    cf_preview_view_set_scale (self, self->scale * ZOOM_STEP);
  else if (g_str_equal (action_name, "preview.zoom-out"))
    cf_preview_view_set_scale (self, self->scale / ZOOM_STEP);
  else if (g_str_equal (action_name, "preview.zoom-reset"))
    cf_preview_view_set_scale (self, 1.0);
  else if (g_str_equal (action_name, "preview.fit-width"))
    cf_preview_view_set_zoom_mode (self, CF_PREVIEW_ZOOM_FIT_WIDTH);
  else if (g_str_equal (action_name, "preview.fit-page"))
    cf_preview_view_set_zoom_mode (self, CF_PREVIEW_ZOOM_FIT_PAGE);
}

static void
on_viewport_changed_cb (CfPreviewView *self)
{
  if (self->zoom_mode != CF_PREVIEW_ZOOM_FREE)
    _cf_preview_view_queue_update_layout (self);
}

static void
on_page_area_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         gpointer         user_data)
{
  CfPreviewView *self = user_data;

  /* Focus the page so Page Up/Down and the zoom keys reach the view. */
  gtk_widget_grab_focus (GTK_WIDGET (self->page_area));
}

void
_cf_preview_view_setup_pages (CfPreviewView *self)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scrolled);
  GtkGesture *click;

  /* The page takes focus for its keys; a viewport that scrolled to show
   * a focused child taller than itself would jump to the page's bottom. */
  if (GTK_IS_VIEWPORT (viewport))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self->page_area), TRUE);
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_page_area_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_area), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled), "notify::page-size",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "notify::page-size",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

guint
cf_preview_view_get_n_pages (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), 0);

  return self->sizes != NULL ? self->sizes->len : 0;
}

guint
cf_preview_view_get_page (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), 0);

  return self->page;
}

void
cf_preview_view_set_page (CfPreviewView *self,
                          guint          page)
{
  guint n;

  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  n = cf_preview_view_get_n_pages (self);
  page = n > 0 ? MIN (page, n - 1) : 0;
  if (page == self->page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  /* A new page starts at its top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  _cf_preview_view_update_layout (self);
}

CfPreviewZoom
cf_preview_view_get_zoom_mode (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), CF_PREVIEW_ZOOM_FIT_WIDTH);

  return self->zoom_mode;
}

void
cf_preview_view_set_zoom_mode (CfPreviewView *self,
                               CfPreviewZoom  mode)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  if (mode == self->zoom_mode)
    return;
  self->zoom_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
  _cf_preview_view_update_layout (self);
}

double
cf_preview_view_get_scale (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), 1.0);

  return self->scale;
}

void
cf_preview_view_set_scale (CfPreviewView *self,
                           double         scale)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  scale = CLAMP (scale, SCALE_MIN, SCALE_MAX);
  if (self->zoom_mode != CF_PREVIEW_ZOOM_FREE)
    {
      self->zoom_mode = CF_PREVIEW_ZOOM_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM_MODE]);
    }
  if (fabs (scale - self->scale) > 1e-6)
    {
      self->scale = scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
    }
  _cf_preview_view_update_layout (self);
}
