/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-preview-view-private.h: what the files of the preview share. The view
 * is one widget split by concept: loading a document and showing what its
 * validation found (cf-preview-load.c), the page on show, its zoom and
 * scrolling (cf-preview-pages.c), opening, saving and printing
 * (cf-preview-output.c), and the widget itself (cf-preview-view.c).
 * Reading, validating and drawing run in the core's and the renderer's
 * _async functions; the widget starts no thread of its own. */
#pragma once

#include <adwaita.h>

#include "cf-context.h"
#include "cf-dec-check.h"
#include "cf-pdf.h"
#include "cf-preview-view.h"
#include "cf-renderable.h"

G_BEGIN_DECLS

#define PX_PER_PT   (96.0 / 72.0)   /* 100 % = 96 dpi */
#define PAGE_MARGIN 18.0            /* around the page, in the .ui */
#define SCALE_MIN   0.1
#define SCALE_MAX   8.0
#define ZOOM_STEP   1.2

typedef enum
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
} CfPreviewViewProperty;

extern GParamSpec *_cf_preview_view_properties[N_PROPS];

struct _CfPreviewView
{
  GtkWidget             parent_instance;

  /* Template */
  AdwToastOverlay      *toast_overlay;
  GtkLabel             *page_label;
  GtkSpinner           *spinner;
  GtkMenuButton        *zoom_button;
  GtkToggleButton      *findings_button;
  AdwButtonContent     *findings_button_content;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkStack             *stack;
  AdwStatusPage        *flavour_status;
  GtkScrolledWindow    *scrolled;
  GtkBox               *page_box;
  GtkPicture           *page_area;
  GtkRevealer          *findings_revealer;
  GtkLabel             *findings_summary;
  GtkListBox           *findings_list;

  GSettings            *settings;
  CfContext            *context;
  char                 *logo_path;
  char                 *institution_logo_path;   /* as looked up for the last drawing */

  CfDec                *dec;           /* when the PDF is drawn from data */
  char                 *student_name;  /* the name as printed, or NULL: the Dec's */
  gboolean              compact;       /* cf_preview_view_set_compact() */
  CfDecCheck           *check;         /* what validation found in it, or NULL */
  GBytes               *bytes;         /* the PDF on show */
  GArray               *sizes;         /* its pages' sizes in points (CfPdfRect) */
  guint                 page;
  CfPreviewZoom         zoom_mode;
  double                scale;

  /* The page as drawn by the last worker: a texture the GPU scales
   * while the next one is drawn, never rasterised again on this thread. */
  GdkTexture           *texture;
  guint                 texture_page;

  GCancellable         *cancellable;      /* everything, on dispose */
  GCancellable         *load_cancellable; /* the document being loaded */
  guint                 generation;       /* a newer load makes older answers stale */
  gboolean              checking;         /* reading + validating */
  gboolean              loading;          /* until the newest load is shown */
  gboolean              new_document;     /* start at the top of page 1 */
  gboolean              page_running;
  gboolean              page_pending;
  guint                 layout_idle_id;
  GtkFileChooserNative *chooser;
};

/* The widget (cf-preview-view.c) */
void        _cf_preview_view_update_busy      (CfPreviewView *self);
void        _cf_preview_view_update_actions   (CfPreviewView *self);
void        _cf_preview_view_update_labels    (CfPreviewView *self);
void        _cf_preview_view_show_bytes       (CfPreviewView *self,
                                               GBytes        *bytes,
                                               GArray        *sizes);
void        _cf_preview_view_toast            (CfPreviewView *self,
                                               const char    *text);
char       *_cf_preview_view_dup_url_pattern  (CfPreviewView *self);
GtkWindow  *_cf_preview_view_parent_window    (CfPreviewView *self);

/* Loading and findings (cf-preview-load.c) */
void        _cf_preview_view_show_load_error  (CfPreviewView *self,
                                               const char    *name,
                                               const GError  *error);
guint       _cf_preview_view_count_errors     (CfPreviewView *self);
/* The layout of the certificate on show, as saved and printed. */
CfRenderable *_cf_preview_view_create_layout  (CfPreviewView *self);
void        _cf_preview_view_close_banner_action (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);
gboolean    _cf_preview_view_on_drop_cb       (GtkDropTarget *target,
                                               const GValue  *value,
                                               double         x,
                                               double         y,
                                               gpointer       user_data);

/* Pages, zoom and scrolling (cf-preview-pages.c) */
void        _cf_preview_view_update_layout    (CfPreviewView *self);
void        _cf_preview_view_queue_update_layout (CfPreviewView *self);
void        _cf_preview_view_start_page_render (CfPreviewView *self);
void        _cf_preview_view_scroll_to_top    (CfPreviewView *self);
void        _cf_preview_view_setup_pages      (CfPreviewView *self);
void        _cf_preview_view_page_action      (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);
void        _cf_preview_view_zoom_action      (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);

/* Opening, saving, printing (cf-preview-output.c) */
void        _cf_preview_view_open_action      (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);
void        _cf_preview_view_save_action      (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);
void        _cf_preview_view_print_action     (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter);

G_END_DECLS
