/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview widget: its template, properties and actions, and the state
 * shown (the PDF, its pages, what is enabled). Loading, pages and output
 * live in the files listed in cf-preview-view-private.h. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-preview-view-private.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"

#define SCHEMA_URL_KEY "validation-url-pattern"
#define properties _cf_preview_view_properties

G_DEFINE_FINAL_TYPE (CfPreviewView, cf_preview_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (CfPreviewZoom, cf_preview_zoom,
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FIT_WIDTH, "fit-width"),
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FIT_PAGE, "fit-page"),
  G_DEFINE_ENUM_VALUE (CF_PREVIEW_ZOOM_FREE, "free"))

GParamSpec *_cf_preview_view_properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

void
_cf_preview_view_toast (CfPreviewView *self,
                        const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

GtkWindow *
_cf_preview_view_parent_window (CfPreviewView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

char *
_cf_preview_view_dup_url_pattern (CfPreviewView *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return NULL;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, SCHEMA_URL_KEY))
    return NULL;
  return g_settings_get_string (self->settings, SCHEMA_URL_KEY);
}

void
_cf_preview_view_update_busy (CfPreviewView *self)
{
  gboolean busy = cf_preview_view_get_busy (self);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Save and print stay enabled when the document has errors: they ask
 * first (cf-preview-output.c), nothing is disabled without a word. */
void
_cf_preview_view_update_actions (CfPreviewView *self)
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

void
_cf_preview_view_update_labels (CfPreviewView *self)
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

/* Shows @bytes, whose pages measure @sizes (NULL: nothing). */
void
_cf_preview_view_show_bytes (CfPreviewView *self,
                             GBytes        *bytes,
                             GArray        *sizes)
{
  guint old_n = cf_preview_view_get_n_pages (self);
  guint old_page = self->page;
  gboolean had = self->bytes != NULL;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  if (bytes != NULL)
    {
      self->bytes = g_bytes_ref (bytes);
      self->sizes = g_array_ref (sizes);
    }
  /* Another document starts at the top of its first page; the same one
   * drawn again (a logo, an edit) stays where the user was. */
  if (self->new_document && bytes != NULL)
    {
      self->new_document = FALSE;
      self->page = 0;
      _cf_preview_view_scroll_to_top (self);
    }
  else if (self->page >= cf_preview_view_get_n_pages (self))
    self->page = cf_preview_view_get_n_pages (self) > 0 ? cf_preview_view_get_n_pages (self) - 1 : 0;
  if (self->page != old_page)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  /* The old image stays on screen, scaled, until the new one arrives;
   * it no longer counts as the current page's. */
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
  _cf_preview_view_update_layout (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_preview_view_dispose (GObject *object)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
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
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->dec);
  g_clear_object (&self->check);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_object (&self->texture);
  g_free (self->logo_path);
  g_free (self->student_name);
  g_free (self->institution_logo_path);

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
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, findings_button);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, findings_button_content);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, banner);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, banner_label);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, flavour_status);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, page_box);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, page_area);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, findings_revealer);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, findings_summary);
  gtk_widget_class_bind_template_child (widget_class, CfPreviewView, findings_list);
  /* Reachable by name only (gtk_widget_get_template_child): for tests and
   * cf_preview_view_set_compact(). */
  gtk_widget_class_bind_template_child_full (widget_class, "save_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "empty_open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "open_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "save_icon_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "zoom_out_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "zoom_in_button", FALSE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "preview.open", NULL, _cf_preview_view_open_action);
  gtk_widget_class_install_action (widget_class, "preview.save", NULL, _cf_preview_view_save_action);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, _cf_preview_view_print_action);
  gtk_widget_class_install_action (widget_class, "preview.close-banner", NULL, _cf_preview_view_close_banner_action);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, _cf_preview_view_page_action);
  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, _cf_preview_view_page_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, _cf_preview_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, _cf_preview_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-reset", NULL, _cf_preview_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.fit-width", NULL, _cf_preview_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.fit-page", NULL, _cf_preview_view_zoom_action);

  /* The view's keys, active while focus is inside it. The last binding of
   * an action is the one menus show: the keypad's variants come first, so
   * menus read "Ctrl+0", not "Ctrl+KP 0". */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "preview.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-reset", NULL);
}

static void
cf_preview_view_init (CfPreviewView *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->zoom_mode = CF_PREVIEW_ZOOM_FIT_WIDTH;
  self->scale = 1.0;

  _cf_preview_view_setup_pages (self);
  g_object_bind_property (self->findings_button, "active", self->findings_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (_cf_preview_view_on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  _cf_preview_view_update_labels (self);
  _cf_preview_view_update_actions (self);
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
cf_preview_view_set_student_name (CfPreviewView *self,
                                  const char    *name)
{
  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  g_free (self->student_name);
  self->student_name = g_strdup (name);
}

void
cf_preview_view_set_compact (CfPreviewView *self,
                             gboolean       compact)
{
  /* Compact beside other panes: the zoom menu alone, its steps in it. */
  const char * const names[] = { "open_button", "save_button", "save_icon_button", "zoom_out_button",
                                 "zoom_in_button" };
  const gboolean visible[] = { !compact, !compact, compact, !compact, !compact };

  g_return_if_fail (CF_IS_PREVIEW_VIEW (self));

  self->compact = compact;
  if (compact)
    {
      gtk_toggle_button_set_active (self->findings_button, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->findings_button), FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), CF_TYPE_PREVIEW_VIEW, names[i])),
                            visible[i]);
}

gboolean
cf_preview_view_get_busy (CfPreviewView *self)
{
  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);

  return self->loading || self->page_running;
}
