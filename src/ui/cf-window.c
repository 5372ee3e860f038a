/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-audit-page.h"
#include "cf-certs-page.h"
#include "cf-inc-overview.h"
#include "cf-inc-portal-tag.h"
#include "cf-plans-page.h"
#include "cf-preview-view.h"
#include "cf-window.h"

/* The app's sections. A later issue adds its page here; each page type
 * takes the "context" construct property (store and settings). */
typedef struct
{
  const char *name;           /* stack child name */
  const char *title;          /* N_() */
  const char *icon_name;
  const char *help_section;   /* Mallard page id */
  GType     (*get_type) (void);
} CfWindowSection;

static const CfWindowSection sections[] = {
  { "incorporation", N_("Incorporation"), "view-list-ordered-symbolic", "incorporation", cf_inc_overview_get_type },
  { "signers", N_("Signers"), "application-certificate-symbolic", "signers", cf_signers_page_get_type },
  { "plans", N_("Study Plans"), "x-office-spreadsheet-symbolic", "plans", cf_plans_page_get_type },
  { "certs", N_("Certificates"), "emblem-documents-symbolic", "certificates", cf_certs_page_get_type },
  { "preview", N_("Preview"), "x-office-document-symbolic", "preview", cf_preview_view_get_type },
  { "audit", N_("Bitácora"), "document-open-recent-symbolic", "audit", cf_audit_page_get_type },
};

struct _CfWindow
{
  AdwApplicationWindow  parent_instance;

  CfContext            *context;
  CfStore              *store;
  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  AdwHeaderBar         *content_header;
};

G_DEFINE_FINAL_TYPE (CfWindow, cf_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CfWindowSection *
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, name) == 0)
      return &sections[i];
  return NULL;
}

static GtkWidget *
create_sidebar_row (const CfWindowSection *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, section->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "cf-section", (gpointer) section);

  return row;
}

static void
on_sidebar_row_selected_cb (CfWindow      *self,
                            GtkListBoxRow *row,
                            GtkListBox    *list)
{
  const CfWindowSection *section;

  if (row == NULL)
    return;

  section = g_object_get_data (G_OBJECT (row), "cf-section");
  gtk_stack_set_visible_child_name (self->stack, section->name);
}

static void
on_sidebar_row_activated_cb (CfWindow      *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list)
{
  const CfWindowSection *section = g_object_get_data (G_OBJECT (row), "cf-section");

  /* Folded, rows are activated without being selected. */
  gtk_stack_set_visible_child_name (self->stack, section->name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked_cb (CfWindow  *self,
                    GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_leaflet_folded_cb (CfWindow   *self,
                      GParamSpec *pspec,
                      AdwLeaflet *leaflet)
{
  /* A browse list always shows a selection; folded, the sidebar is a plain
   * menu of sections and the open one is the content. */
  gtk_list_box_set_selection_mode (self->sidebar,
                                   adw_leaflet_get_folded (leaflet)
                                   ? GTK_SELECTION_NONE : GTK_SELECTION_BROWSE);
  if (!adw_leaflet_get_folded (leaflet))
    {
      const char *name = gtk_stack_get_visible_child_name (self->stack);
      GtkListBoxRow *row;

      for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
        {
          const CfWindowSection *section = g_object_get_data (G_OBJECT (row), "cf-section");

          if (g_strcmp0 (section->name, name) == 0)
            gtk_list_box_select_row (self->sidebar, row);
        }
    }
}

static void
on_stack_visible_child_cb (CfWindow   *self,
                           GParamSpec *pspec,
                           GtkStack   *stack)
{
  const CfWindowSection *section = find_section (gtk_stack_get_visible_child_name (stack));

  if (section != NULL)
    adw_window_title_set_title (self->content_title,
                                g_dgettext (GETTEXT_PACKAGE, section->title));
}

static void
add_signer_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CfWindow *self = CF_WINDOW (widget);

  cf_window_show_section (self, "signers");
  cf_signers_page_choose_file (cf_window_get_signers_page (self));
}

/* "win.show-section" ("certs"…): pages elsewhere send the user to a
 * section (the incorporation's stages to Certificados, Programa de
 * Estudios). */
static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  if (find_section (name) != NULL)
    cf_window_show_section (CF_WINDOW (widget), name);
}

static gboolean
cf_window_close_request (GtkWindow *window)
{
  CfWindow *self = CF_WINDOW (window);
  gboolean maximized = gtk_window_is_maximized (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (cf_window_parent_class)->close_request (window);
}

static void
cf_window_constructed (GObject *object)
{
  CfWindow *self = CF_WINDOW (object);

  G_OBJECT_CLASS (cf_window_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->settings != NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *page = g_object_new (sections[i].get_type (),
                                      "context", self->context,
                                      NULL);
      GtkStackPage *stack_page;

      stack_page = gtk_stack_add_named (self->stack, page, sections[i].name);
      gtk_stack_page_set_title (stack_page, g_dgettext (GETTEXT_PACKAGE, sections[i].title));
      gtk_stack_page_set_icon_name (stack_page, sections[i].icon_name);
      gtk_list_box_append (self->sidebar, create_sidebar_row (&sections[i]));
    }

  /* A first start opens on the incorporation; afterwards on the signers. */
  {
    GtkWidget *overview = gtk_stack_get_child_by_name (self->stack, "incorporation");
    GtkWidget *portal_tag = cf_inc_portal_tag_new ();

    /* Every section says so while the institution works for SEP's test portal. */
    cf_inc_portal_tag_set_incorporation (CF_INC_PORTAL_TAG (portal_tag),
                                         cf_inc_overview_get_incorporation (CF_INC_OVERVIEW (overview)));
    adw_header_bar_pack_end (self->content_header, portal_tag);

    gtk_list_box_select_row (self->sidebar,
                             gtk_list_box_get_row_at_index (self->sidebar,
                                                            cf_inc_overview_comes_first (CF_INC_OVERVIEW (overview)) ? 0 : 1));
  }
  /* Folded at start, the first thing to see is the page, not the menu. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
cf_window_dispose (GObject *object)
{
  CfWindow *self = CF_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_WINDOW);

  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cf_window_parent_class)->dispose (object);
}

static void
cf_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CfWindow *self = CF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CfWindow *self = CF_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* The store and settings are the context's, kept at hand. */
      self->context = g_value_dup_object (value);
      self->store = g_object_ref (cf_context_get_store (self->context));
      g_set_object (&self->settings, cf_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_window_class_init (CfWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cf_window_constructed;
  object_class->dispose = cf_window_dispose;
  object_class->get_property = cf_window_get_property;
  object_class->set_property = cf_window_set_property;

  window_class->close_request = cf_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CfWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CfWindow, content_header);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_cb);

  /* Accelerators are set in cf-application.c. */
  gtk_widget_class_install_action (widget_class, "win.add-signer", NULL, add_signer_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);

  g_type_ensure (CF_TYPE_SIGNERS_PAGE);
}

static void
cf_window_init (CfWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

CfWindow *
cf_window_new (CfApplication *application,
               CfContext     *context)
{
  g_return_val_if_fail (CF_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (cf_context_get_settings (context)), NULL);

  return g_object_new (CF_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

const char *
cf_window_get_help_section (CfWindow *self)
{
  const CfWindowSection *section;

  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  section = find_section (gtk_stack_get_visible_child_name (self->stack));
  return section != NULL ? section->help_section : "index";
}

void
cf_window_show_toast (CfWindow   *self,
                      const char *text)
{
  g_return_if_fail (CF_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
cf_window_show_section (CfWindow   *self,
                        const char *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (CF_IS_WINDOW (self));
  g_return_if_fail (find_section (name) != NULL);

  gtk_stack_set_visible_child_name (self->stack, name);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->sidebar, i)) != NULL; i++)
    {
      const CfWindowSection *section = g_object_get_data (G_OBJECT (row), "cf-section");

      if (g_strcmp0 (section->name, name) == 0 &&
          gtk_list_box_get_selection_mode (self->sidebar) != GTK_SELECTION_NONE)
        gtk_list_box_select_row (self->sidebar, row);
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

CfSignersPage *
cf_window_get_signers_page (CfWindow *self)
{
  g_return_val_if_fail (CF_IS_WINDOW (self), NULL);

  return CF_SIGNERS_PAGE (gtk_stack_get_child_by_name (self->stack, "signers"));
}
