/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include "cf-preview-view.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-certificate-layout.h"
#include "cf-dec-xml.h"
#include "cf-pdf.h"
#include "cf-render-export.h"

#define SCHEMA_URL_KEY "validation-url-pattern"
#define PX_PER_PT      (96.0 / 72.0)   /* 100 % = 96 dpi */
#define PAGE_MARGIN    18.0            /* around the page, in the .ui */
#define SCALE_MIN      0.1
#define SCALE_MAX      8.0
#define ZOOM_STEP      1.2

struct _CfPreviewView
{
  GtkWidget             parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *page_label;
  GtkSpinner           *spinner;
  GtkMenuButton        *zoom_button;
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled;
  GtkBox               *page_box;
  GtkPicture           *page_area;

  GSettings            *settings;
  CfContext            *context;
  char                 *logo_path;

  CfDec                *dec;           /* when the PDF is drawn from data */
  GBytes               *bytes;         /* the PDF on show */
  GArray               *sizes;         /* its pages' sizes in points (CfPdfRect) */
  guint                 page;
  CfPreviewZoom         zoom_mode;
  double                scale;

  /* The page as drawn by the last worker: a texture the GPU scales
   * while the next one is drawn, never rasterised again on this thread. */
  GdkTexture           *texture;
  guint                 texture_page;

  GCancellable         *cancellable;
  gboolean              document_running;
  gboolean              document_pending;
  GBytes               *pending_bytes;   /* a PDF to read once the worker is free */
  gboolean              page_running;
  gboolean              page_pending;
  guint                 layout_idle_id;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CfPreviewView, cf_preview_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (CfPreviewZoom, cf_preview_zoom,
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FIT_WIDTH, "fit-width"),
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FIT_PAGE, "fit-page"),
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FREE, "free"))

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_ZOOM_MODE,
  PROP_SCALE,
  PROP_BUSY,
  PROP_HAS_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_page_render (CfPreviewView *self);
static void queue_update_layout (CfPreviewView *self);

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

static void
show_error (CfPreviewView *self,
            const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
update_busy (CfPreviewView *self)
{
  gboolean busy = self->document_running || self->page_running;

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (CfPreviewView *self)
{
  guint n = cf_preview_view_get_n_pages (self);
  gboolean has = self->bytes != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.save", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.print", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", has && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", has && self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in", has && self->scale < SCALE_MAX);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out", has && self->scale > SCALE_MIN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-reset", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.fit-width", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.fit-page", has);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zoom_button), has);
}

static void
update_labels (CfPreviewView *self)
{
  g_autofree char *page = NULL, *zoom = NULL;
  guint n = cf_preview_view_get_n_pages (self);

  if (n > 0)
    /* Translators: the page on show, "Page 2 of 3". */
    page = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);
  gtk_label_set_label (self->page_label, page != NULL ? page : "");
  /* Translators: the zoom level, "125 %". */
  zoom = g_strdup_printf (_("%.0f %%"), self->scale * 100);
  gtk_menu_button_set_label (self->zoom_button, zoom);
}

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
static void
update_layout (CfPreviewView *self)
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
  update_labels (self);
  update_actions (self);
  start_page_render (self);
}

static gboolean
update_layout_idle_cb (gpointer user_data)
{
  CfPreviewView *self = user_data;

  self->layout_idle_id = 0;
  update_layout (self);
  return G_SOURCE_REMOVE;
}

/* Sizes change while GTK lays the window out: resize the page after. */
static void
queue_update_layout (CfPreviewView *self)
{
  if (self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, update_layout_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------ */
/* Drawing a page off the main thread                                  */
/* ------------------------------------------------------------------ */

typedef struct
{
  GBytes *bytes;
  guint   page;
  double  pixel_scale;
} PageJob;

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
render_page_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PageJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPdf) pdf = NULL;
  cairo_surface_t *image;

  /* A reader of our own: poppler documents are not shared across threads. */
  pdf = cf_pdf_new_from_bytes (job->bytes, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  image = cf_pdf_render_page_image (pdf, job->page, job->pixel_scale, &error);
  if (image == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* Cairo's ARGB32 is GDK's default memory format: the texture wraps
       * the pixels, no copy. */
      g_autoptr(GBytes) pixels = NULL;
      GdkTexture *texture;

      cairo_surface_flush (image);
      pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (image),
                                           (gsize) cairo_image_surface_get_stride (image) *
                                           (gsize) cairo_image_surface_get_height (image),
                                           (GDestroyNotify) cairo_surface_destroy, image);
      texture = gdk_memory_texture_new (cairo_image_surface_get_width (image),
                                        cairo_image_surface_get_height (image),
                                        GDK_MEMORY_DEFAULT, pixels,
                                        (gsize) cairo_image_surface_get_stride (image));
      g_task_return_pointer (task, texture, g_object_unref);
    }
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

static void
on_page_rendered_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (source);
  PageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  self->page_running = FALSE;
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && job->bytes == self->bytes)
        show_error (self, error);
    }
  else if (job->bytes == self->bytes)
    {
      /* Remember which page this is, so a stale image is known. */
      g_set_object (&self->texture, texture);
      self->texture_page = job->page + 1;
      gtk_picture_set_paintable (self->page_area, GDK_PAINTABLE (self->texture));
    }

  if (self->page_pending || (!image_is_current (self) && self->bytes != NULL && texture != NULL))
    {
      self->page_pending = FALSE;
      start_page_render (self);
    }
  update_busy (self);
}

static void
start_page_render (CfPreviewView *self)
{
  g_autoptr(GTask) task = NULL;
  PageJob *job;

  if (self->bytes == NULL || image_is_current (self))
    return;
  /* One worker at a time; the newest request wins when it finishes. */
  if (self->page_running)
    {
      self->page_pending = TRUE;
      return;
    }

  job = g_new0 (PageJob, 1);
  job->bytes = g_bytes_ref (self->bytes);
  job->page = self->page;
  job->pixel_scale = pixel_scale (self);
  task = g_task_new (self, self->cancellable, on_page_rendered_cb, NULL);
  g_task_set_source_tag (task, start_page_render);
  g_task_set_task_data (task, job, page_job_free);
  self->page_running = TRUE;
  g_task_run_in_thread (task, render_page_thread);
  update_busy (self);
}

/* ------------------------------------------------------------------ */
/* Making the PDF from data off the main thread                        */
/* ------------------------------------------------------------------ */

/* Either a certificate to draw, or PDF bytes to read. Either way the
 * worker answers with the bytes and their page sizes, so the main thread
 * never waits for poppler. */
typedef struct
{
  CfDec  *dec;
  GBytes *bytes;
  char   *logo_path;
  char   *url_pattern;
} DocumentJob;

typedef struct
{
  GBytes *bytes;
  GArray *sizes;
} DocumentResult;

static void
document_job_free (gpointer data)
{
  DocumentJob *job = data;

  g_clear_object (&job->dec);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->logo_path);
  g_free (job->url_pattern);
  g_free (job);
}

static void
document_result_free (gpointer data)
{
  DocumentResult *result = data;

  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_pointer (&result->sizes, g_array_unref);
  g_free (result);
}

/* The page sizes of a PDF, or NULL with @error when poppler cannot read it. */
static GArray *
read_sizes (GBytes  *bytes,
            GError **error)
{
  g_autoptr(CfPdf) pdf = cf_pdf_new_from_bytes (bytes, error);
  GArray *sizes;
  guint n;

  if (pdf == NULL)
    return NULL;
  n = cf_pdf_get_n_pages (pdf);
  sizes = g_array_sized_new (FALSE, TRUE, sizeof (CfPdfRect), n);
  for (guint i = 0; i < n; i++)
    {
      CfPdfRect r = { 0, };

      cf_pdf_get_page_size (pdf, i, &r.width, &r.height);
      g_array_append_val (sizes, r);
    }
  return sizes;
}

static void
render_document_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  DocumentJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DocumentResult *result;
  GArray *sizes;

  if (job->dec != NULL)
    {
      g_autoptr(CfCertificateLayout) layout = cf_certificate_layout_new (job->dec);

      cf_certificate_layout_set_logo_path (layout, job->logo_path);
      cf_certificate_layout_set_url_pattern (layout, job->url_pattern);
      bytes = cf_render_export_pdf_bytes (CF_RENDERABLE (layout), cancellable, &error);
    }
  else
    bytes = g_bytes_ref (job->bytes);
  if (bytes == NULL || (sizes = read_sizes (bytes, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = g_new0 (DocumentResult, 1);
  result->bytes = g_steal_pointer (&bytes);
  result->sizes = sizes;
  g_task_return_pointer (task, result, document_result_free);
}

static char *
dup_url_pattern (CfPreviewView *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return NULL;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, SCHEMA_URL_KEY))
    return NULL;
  return g_settings_get_string (self->settings, SCHEMA_URL_KEY);
}

static void show_bytes (CfPreviewView *self, GBytes *bytes, GArray *sizes);
static void start_document_job (CfPreviewView *self, GBytes *bytes);

static void
on_document_rendered_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (source);
  g_autoptr(GError) error = NULL;
  DocumentResult *done;

  done = g_task_propagate_pointer (G_TASK (result), &error);
  self->document_running = FALSE;

  if (self->document_pending)
    {
      /* The data changed while this one was drawn: draw them again (or
       * read the PDF that came in meanwhile). */
      g_autoptr(GBytes) next = g_steal_pointer (&self->pending_bytes);

      self->document_pending = FALSE;
      start_document_job (self, next);
    }
  else if (done == NULL)
    show_error (self, error);
  else
    show_bytes (self, done->bytes, done->sizes);
  g_clear_pointer (&done, document_result_free);
  update_busy (self);
}

/* Draws self->dec, or reads @bytes when given, in a worker. */
static void
start_document_job (CfPreviewView *self,
                    GBytes        *bytes)
{
  g_autoptr(GTask) task = NULL;
  DocumentJob *job;

  if (self->dec == NULL && bytes == NULL)
    return;
  if (self->document_running)
    {
      self->document_pending = TRUE;
      if (bytes != NULL)
        {
          g_clear_pointer (&self->pending_bytes, g_bytes_unref);
          self->pending_bytes = g_bytes_ref (bytes);
        }
      return;
    }

  job = g_new0 (DocumentJob, 1);
  if (bytes != NULL)
    job->bytes = g_bytes_ref (bytes);
  else
    job->dec = cf_dec_copy (self->dec);
  job->logo_path = g_strdup (self->logo_path);
  job->url_pattern = dup_url_pattern (self);
  task = g_task_new (self, self->cancellable, on_document_rendered_cb, NULL);
  g_task_set_source_tag (task, start_document_job);
  g_task_set_task_data (task, job, document_job_free);
  self->document_running = TRUE;
  g_task_run_in_thread (task, render_document_thread);
  update_busy (self);
}

/* Shows @bytes, whose pages measure @sizes. */
static void
show_bytes (CfPreviewView *self,
            GBytes        *bytes,
            GArray        *sizes)
{
  guint old_n = cf_preview_view_get_n_pages (self);
  gboolean had = self->bytes != NULL;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  if (bytes != NULL)
    {
      self->bytes = g_bytes_ref (bytes);
      self->sizes = g_array_ref (sizes);
    }
  /* The old image stays on screen, scaled, until the new one arrives;
   * it no longer counts as the current page's. */
  if (self->page >= cf_preview_view_get_n_pages (self))
    {
      self->page = cf_preview_view_get_n_pages (self) > 0 ? cf_preview_view_get_n_pages (self) - 1 : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  self->texture_page = 0;
  if (self->bytes == NULL)
    {
      g_clear_object (&self->texture);
      gtk_picture_set_paintable (self->page_area, NULL);
    }

  gtk_stack_set_visible_child_name (self->stack, self->bytes != NULL ? "document" : "empty");
  if (old_n != cf_preview_view_get_n_pages (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (had != (self->bytes != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_DOCUMENT]);
  update_layout (self);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

static void
on_file_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfPreviewView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (bytes == NULL)
    {
      show_error (self, error);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      /* Shown as it is, read by a worker: no data behind it. */
      g_clear_object (&self->dec);
      start_document_job (self, bytes);
    }
  else
    {
      g_autoptr(CfDec) dec = cf_dec_xml_read_bytes (bytes, &error);

      if (dec == NULL)
        show_error (self, error);
      else
        cf_preview_view_set_dec (self, dec);
    }
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CfPreviewView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      cf_preview_view_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CfPreviewView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!cf_preview_view_save_to_file (self, file, &error))
        show_error (self, error);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
    }
  g_clear_object (&self->chooser);
}

static GtkWindow *
parent_window (CfPreviewView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            gpointer       user_data)
{
  CfPreviewView *self = user_data;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  cf_preview_view_open_file (self, files->data);
  g_slist_free (files);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */
/* ------------------------------------------------------------------ */

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 gpointer           user_data)
{
  CfRenderable *renderable = g_object_get_data (G_OBJECT (operation), "cf-renderable");
  CfPdf *pdf = g_object_get_data (G_OBJECT (operation), "cf-pdf");
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double w = CF_PAGE_LETTER_WIDTH, h = CF_PAGE_LETTER_HEIGHT, scale;

  if (renderable != NULL)
    cf_renderable_get_page_size (renderable, (guint) page, &w, &h);
  else
    cf_pdf_get_page_size (pdf, (guint) page, &w, &h);

  /* Letter is the certificate's paper; on another paper the page is
   * scaled to fit, never cut. */
  scale = MIN (gtk_print_context_get_width (context) / w, gtk_print_context_get_height (context) / h);
  scale = MIN (scale, 1.0);
  cairo_scale (cr, scale, scale);
  if (renderable != NULL)
    cf_renderable_draw_page (renderable, (guint) page, cr);
  else
    {
      g_autoptr(GError) error = NULL;

      if (!cf_pdf_render_page_for_printing (pdf, (guint) page, cr, &error))
        g_warning ("Printing page %d: %s", page + 1, error->message);
    }
}

GtkPrintOperation *
cf_preview_view_create_print_operation (CfPreviewView *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GError) error = NULL;
  GtkPaperSize *paper;
  GtkPrintOperation *operation;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), NULL);
  g_return_val_if_fail (self->bytes != NULL, NULL);

  operation = gtk_print_operation_new ();
  paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_paper_size_free (paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, (int) cf_preview_view_get_n_pages (self));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  if (self->dec != NULL)
    {
      /* The same renderer as the PDF on screen, drawn straight onto the
       * printer's surface (vector, no second rasterisation). */
      CfCertificateLayout *layout = cf_certificate_layout_new (self->dec);
      g_autofree char *pattern = dup_url_pattern (self);

      cf_certificate_layout_set_logo_path (layout, self->logo_path);
      cf_certificate_layout_set_url_pattern (layout, pattern);
      g_object_set_data_full (G_OBJECT (operation), "cf-renderable", layout, g_object_unref);
      gtk_print_operation_set_job_name (operation, cf_renderable_get_metadata (CF_RENDERABLE (layout),
                                                                               CF_RENDER_METADATA_TITLE));
    }
  else
    {
      /* A reader of the print operation's own (it may run after the view
       * moved on to another document). */
      CfPdf *pdf = cf_pdf_new_from_bytes (self->bytes, &error);

      g_assert (pdf != NULL);
      g_object_set_data_full (G_OBJECT (operation), "cf-pdf", pdf, g_object_unref);
    }
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), NULL);
  return operation;
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("PDF Documents and Certificates"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "xml");
  self->chooser = gtk_file_chooser_native_new (_("Open a PDF or a Certificate"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *folio = self->dec != NULL ? cf_dec_get (self->dec, CF_DEC_FIELD_FOLIO_CONTROL) : NULL;

  if (self->chooser != NULL || self->bytes == NULL)
    return;
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  self->chooser = gtk_file_chooser_native_new (_("Save PDF"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* Translators: the suggested file name; %s is the certificate's folio. */
  name = folio != NULL && *folio != '\0' ? g_strdup_printf (_("certificate-%s.pdf"), folio) : g_strdup (_("document.pdf"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->bytes == NULL)
    return;
  operation = cf_preview_view_create_print_operation (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               parent_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

static void
page_action (GtkWidget  *widget,
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

static void
zoom_action (GtkWidget  *widget,
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
    queue_update_layout (self);
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

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_preview_view_dispose (GObject *object)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->layout_idle_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_PREVIEW_VIEW);

  G_OBJECT_CLASS (cf_preview_view_parent_class)->dispose (object);
}

static void
cf_preview_view_finalize (GObject *object)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->dec);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->pending_bytes, g_bytes_unref);
  g_clear_object (&self->texture);
  g_free (self->logo_path);

  G_OBJECT_CLASS (cf_preview_view_parent_class)->finalize (object);
}

static void
cf_preview_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, cf_preview_view_get_n_pages (self));
      break;
    case PROP_ZOOM_MODE:
      g_value_set_enum (value, self->zoom_mode);
      break;
    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, cf_preview_view_get_busy (self));
      break;
    case PROP_HAS_DOCUMENT:
      g_value_set_boolean (value, self->bytes != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_preview_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* Optional: without one, the default validation URL is used. */
      g_set_object (&self->context, g_value_get_object (value));
      g_set_object (&self->settings, (GSettings *) (self->context != NULL ? cf_context_get_settings (self->context) : NULL));
      break;
    case PROP_PAGE:
      cf_preview_view_set_page (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM_MODE:
      cf_preview_view_set_zoom_mode (self, g_value_get_enum (value));
      break;
    case PROP_SCALE:
      cf_preview_view_set_scale (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_preview_view_class_init (CfPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_preview_view_dispose;
  object_class->finalize = cf_preview_view_finalize;
  object_class->get_property = cf_preview_view_get_property;
  object_class->set_property = cf_preview_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM_MODE] =
    g_param_spec_enum ("zoom-mode", NULL, NULL, CF_TYPE_PREVIEW_ZOOM, CF_PREVIEW_ZOOM_FIT_WIDTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL, SCALE_MIN, SCALE_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_DOCUMENT] =
    g_param_spec_boolean ("has-document", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-preview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, page_label);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, page_box);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, page_area);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "preview.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "preview.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.fit-width", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.fit-page", NULL, zoom_action);

  /* The view's keys, active while focus is inside it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "preview.zoom-reset", NULL);
}

static void
cf_preview_view_init (CfPreviewView *self)
{
  GtkDropTarget *drop;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->zoom_mode = CF_PREVIEW_ZOOM_FIT_WIDTH;
  self->scale = 1.0;

  gtk_widget_set_focusable (GTK_WIDGET (self->page_area), TRUE);
  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_page_area_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->page_area), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scrolled), "notify::page-size",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled), "notify::page-size",
                           G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  update_labels (self);
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
cf_preview_view_new (void)
{
  return g_object_new (CF_TYPE_PREVIEW_VIEW, NULL);
}

void
cf_preview_view_set_dec (CfPreviewView *self,
                         CfDec         *dec)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));
  g_return_if_fail (dec == NULL || CF_IS_DEC (dec));

  g_clear_object (&self->dec);
  if (dec == NULL)
    {
      show_bytes (self, NULL, NULL);
      return;
    }
  /* A copy: the caller may keep editing its document. */
  self->dec = cf_dec_copy (dec);
  g_clear_pointer (&self->pending_bytes, g_bytes_unref);
  start_document_job (self, NULL);
}

void
cf_preview_view_set_logo_path (CfPreviewView *self,
                               const char    *path)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  if (g_strcmp0 (self->logo_path, path) == 0)
    return;
  g_free (self->logo_path);
  self->logo_path = g_strdup (path);
  start_document_job (self, NULL);
}

gboolean
cf_preview_view_set_pdf_bytes (CfPreviewView  *self,
                               GBytes         *bytes,
                               GError        **error)
{
  g_autoptr(GArray) sizes = NULL;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Read here, to answer at once (open_file reads in a worker). */
  sizes = read_sizes (bytes, error);
  if (sizes == NULL)
    return FALSE;
  /* A PDF from elsewhere is shown as it is: no data behind it. */
  g_clear_object (&self->dec);
  self->document_pending = FALSE;
  g_clear_pointer (&self->pending_bytes, g_bytes_unref);
  show_bytes (self, bytes, sizes);
  return TRUE;
}

void
cf_preview_view_open_file (CfPreviewView *self,
                           GFile         *file)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, self->cancellable, on_file_loaded_cb, g_object_ref (self));
}

GBytes *
cf_preview_view_get_pdf_bytes (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), NULL);

  return self->bytes;
}

gboolean
cf_preview_view_save_to_file (CfPreviewView  *self,
                              GFile          *file,
                              GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->bytes != NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The PDF can only be saved to a local folder"));
      return FALSE;
    }
  /* The exact bytes on screen, written atomically. */
  return cf_render_write_atomically (path, self->bytes, error);
}

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
  update_layout (self);
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
  update_layout (self);
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
  update_layout (self);
}

gboolean
cf_preview_view_get_busy (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);

  return self->document_running || self->page_running;
}
