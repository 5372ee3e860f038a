/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-assistant.h"
#include "cf-inc-campus-page.h"
#include "cf-inc-institution-page.h"
#include "cf-inc-signers-page.h"
#include "cf-inc-documents-page.h"
#include "cf-inc-logo-page.h"
#include "cf-inc-oficios-page.h"
#include "cf-inc-package-page.h"
#include "cf-inc-programa-page.h"
#include "cf-inc-registro-page.h"
#include "cf-inc-requisitos-page.h"
#include "cf-inc-pruebas-page.h"
#include "cf-inc-produccion-page.h"

/* The wizard's steps, in order (issue 15's pages 1–12). */
static GType (* const page_types[]) (void) = {
  cf_inc_requisitos_page_get_type,
  cf_inc_institution_page_get_type,
  cf_inc_campus_page_get_type,
  cf_inc_signers_page_get_type,
  cf_inc_logo_page_get_type,
  cf_inc_documents_page_get_type,
  cf_inc_oficios_page_get_type,
  cf_inc_registro_page_get_type,
  cf_inc_package_page_get_type,
  cf_inc_programa_page_get_type,
  cf_inc_pruebas_page_get_type,
  cf_inc_produccion_page_get_type,
};

struct _CfIncAssistant
{
  GtkWidget        parent_instance;

  CfContext       *context;
  CfIncorporation *incorporation;
  GPtrArray       *pages;          /* CfIncPage, in order */
  GCancellable    *apply_cancellable;
  gulong           apply_done_id;  /* on the page applying, or 0 */

  AdwLeaflet      *leaflet;
  GtkListBox      *steps;
  GtkStack        *stack;
  GtkLabel        *position_label;
  GtkButton       *previous_button;
  GtkButton       *next_button;
  GtkSpinner      *spinner;
};

G_DEFINE_FINAL_TYPE (CfIncAssistant, cf_inc_assistant, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCORPORATION,
  PROP_CURRENT_PAGE,
  N_PROPS
};

enum {
  SIGNAL_CLOSE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
index_of (CfIncAssistant *self,
          CfIncPage      *page)
{
  guint index;

  if (page != NULL && g_ptr_array_find (self->pages, page, &index))
    return (int) index;
  return -1;
}

/* The step's row: a tick when the page is complete, then its title. */
static GtkWidget *
create_step_row (CfIncPage *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *tick = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  g_object_bind_property (page, "title", label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (page, "complete", tick, "visible", G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tick),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Complete"),
                                  -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), tick);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* "Siguiente" follows the page on show: sensitive when it is complete and
 * not applying, its tooltip what is missing. */
static void
update_buttons (CfIncAssistant *self)
{
  CfIncPage *page = cf_inc_assistant_get_current_page (self);
  guint index = cf_inc_assistant_get_current_index (self);
  gboolean last = index + 1 >= self->pages->len;
  gboolean applying;
  g_autofree char *position = NULL;

  if (page == NULL)
    return;

  applying = cf_inc_page_get_applying (page);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), index > 0 && !applying);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            cf_inc_page_get_complete (page) && !applying);
  gtk_button_set_label (self->next_button, last ? _("_Finish") : _("_Next"));
  if (!cf_inc_page_get_complete (page) && cf_inc_page_get_missing (page) != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button), cf_inc_page_get_missing (page));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button), NULL);
  gtk_spinner_set_spinning (self->spinner, applying);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), applying);

  /* Translators: the wizard's position, e.g. "Paso 3 de 12: Campus". */
  position = g_strdup_printf (_("Step %u of %u: %s"), index + 1, self->pages->len,
                              cf_inc_page_get_title (page) ? cf_inc_page_get_title (page) : "");
  gtk_label_set_label (self->position_label, position);
}

static void
on_page_notify_cb (CfIncAssistant *self,
                   GParamSpec     *pspec,
                   CfIncPage      *page)
{
  if (page == cf_inc_assistant_get_current_page (self))
    update_buttons (self);
}

static void
show_page (CfIncAssistant *self,
           guint           index)
{
  CfIncPage *page;
  GtkWidget *scrolled;

  g_return_if_fail (index < self->pages->len);

  page = g_ptr_array_index (self->pages, index);
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  gtk_stack_set_visible_child (self->stack, scrolled);
  gtk_list_box_select_row (self->steps, gtk_list_box_get_row_at_index (self->steps, index));
  adw_leaflet_set_visible_child_name (self->leaflet, "page");
  update_buttons (self);
  cf_inc_page_shown (page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_PAGE]);
}

/* Leaving a page while it applies cancels its work. */
static void
stop_applying (CfIncAssistant *self)
{
  if (self->apply_cancellable != NULL)
    g_cancellable_cancel (self->apply_cancellable);
  g_clear_object (&self->apply_cancellable);
  for (guint i = 0; i < self->pages->len && self->apply_done_id != 0; i++)
    if (g_signal_handler_is_connected (self->pages->pdata[i], self->apply_done_id))
      g_signal_handler_disconnect (self->pages->pdata[i], self->apply_done_id);
  self->apply_done_id = 0;
}

static void
move_on (CfIncAssistant *self)
{
  guint index = cf_inc_assistant_get_current_index (self);

  if (index + 1 < self->pages->len)
    show_page (self, index + 1);
  else
    g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
on_apply_done_cb (CfIncPage      *page,
                  gboolean        valid,
                  CfIncAssistant *self)
{
  g_signal_handler_disconnect (page, self->apply_done_id);
  self->apply_done_id = 0;
  g_clear_object (&self->apply_cancellable);
  update_buttons (self);
  if (valid && page == cf_inc_assistant_get_current_page (self))
    move_on (self);
}

void
cf_inc_assistant_next (CfIncAssistant *self)
{
  CfIncPage *page;

  g_return_if_fail (CF_IS_INC_ASSISTANT (self));

  page = cf_inc_assistant_get_current_page (self);
  if (page == NULL || !cf_inc_page_get_complete (page) || cf_inc_page_get_applying (page))
    return;

  stop_applying (self);
  self->apply_cancellable = g_cancellable_new ();
  self->apply_done_id = g_signal_connect (page, "apply-done", G_CALLBACK (on_apply_done_cb), self);
  if (cf_inc_page_apply_begin (page, self->apply_cancellable))
    {
      update_buttons (self);
      return;
    }
  stop_applying (self);
  move_on (self);
}

void
cf_inc_assistant_previous (CfIncAssistant *self)
{
  guint index;

  g_return_if_fail (CF_IS_INC_ASSISTANT (self));

  index = cf_inc_assistant_get_current_index (self);
  if (index == 0)
    return;
  stop_applying (self);
  show_page (self, index - 1);
}

static void
on_next_clicked_cb (CfIncAssistant *self,
                    GtkButton      *button)
{
  cf_inc_assistant_next (self);
}

static void
on_previous_clicked_cb (CfIncAssistant *self,
                        GtkButton      *button)
{
  cf_inc_assistant_previous (self);
}

/* Folded (a narrow window), the steps are a page of their own. */
static void
on_steps_clicked_cb (CfIncAssistant *self,
                     GtkButton      *button)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "steps");
}

static void
on_overview_clicked_cb (CfIncAssistant *self,
                        GtkButton      *button)
{
  stop_applying (self);
  g_signal_emit (self, signals[SIGNAL_CLOSE], 0);
}

static void
on_step_activated_cb (CfIncAssistant *self,
                      GtkListBoxRow  *row,
                      GtkListBox     *list)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index == cf_inc_assistant_get_current_index (self))
    {
      adw_leaflet_set_visible_child_name (self->leaflet, "page");
      return;
    }
  stop_applying (self);
  show_page (self, index);
}

/* A step selected some other way (the keyboard, an assistive tool). */
static void
on_step_selected_cb (CfIncAssistant *self,
                     GtkListBoxRow  *row,
                     GtkListBox     *list)
{
  if (row != NULL && (guint) gtk_list_box_row_get_index (row) != cf_inc_assistant_get_current_index (self))
    on_step_activated_cb (self, row, list);
}

static void
add_page (CfIncAssistant *self,
          CfIncPage      *page)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  /* Every page scrolls and keeps a readable width, as Initial Setup's. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 600);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (page));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_child (self->stack, scrolled);

  g_ptr_array_add (self->pages, g_object_ref (page));
  gtk_list_box_append (self->steps, create_step_row (page));
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (on_page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::missing", G_CALLBACK (on_page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::applying", G_CALLBACK (on_page_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::title", G_CALLBACK (on_page_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
cf_inc_assistant_constructed (GObject *object)
{
  CfIncAssistant *self = CF_INC_ASSISTANT (object);

  G_OBJECT_CLASS (cf_inc_assistant_parent_class)->constructed (object);

  g_assert (self->incorporation != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      CfIncPage *page = g_object_new (page_types[i] (),
                                      "context", self->context,
                                      "incorporation", self->incorporation,
                                      NULL);
      add_page (self, page);
    }
  show_page (self, 0);
}

static void
cf_inc_assistant_dispose (GObject *object)
{
  CfIncAssistant *self = CF_INC_ASSISTANT (object);

  stop_applying (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_ASSISTANT);
  /* The template's root box is not a bound child. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->incorporation);

  G_OBJECT_CLASS (cf_inc_assistant_parent_class)->dispose (object);
}

static void
cf_inc_assistant_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CfIncAssistant *self = CF_INC_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_INCORPORATION:
      g_value_set_object (value, self->incorporation);
      break;
    case PROP_CURRENT_PAGE:
      g_value_set_object (value, cf_inc_assistant_get_current_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_assistant_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CfIncAssistant *self = CF_INC_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_INCORPORATION:
      self->incorporation = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_assistant_class_init (CfIncAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_assistant_constructed;
  object_class->dispose = cf_inc_assistant_dispose;
  object_class->get_property = cf_inc_assistant_get_property;
  object_class->set_property = cf_inc_assistant_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCORPORATION] =
    g_param_spec_object ("incorporation", NULL, NULL, CF_TYPE_INCORPORATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT_PAGE] =
    g_param_spec_object ("current-page", NULL, NULL, CF_TYPE_INC_PAGE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLOSE] =
    g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-assistant.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, steps);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, stack);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, position_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, previous_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, next_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncAssistant, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_steps_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_step_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_step_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cf_inc_assistant_init (CfIncAssistant *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfIncAssistant *
cf_inc_assistant_new (CfContext       *context,
                      CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_ASSISTANT,
                       "context", context,
                       "incorporation", incorporation,
                       NULL);
}

guint
cf_inc_assistant_get_n_pages (CfIncAssistant *self)
{
  g_return_val_if_fail (CF_IS_INC_ASSISTANT (self), 0);
  return self->pages->len;
}

CfIncPage *
cf_inc_assistant_get_page (CfIncAssistant *self,
                           guint           index)
{
  g_return_val_if_fail (CF_IS_INC_ASSISTANT (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, index);
}

CfIncPage *
cf_inc_assistant_get_current_page (CfIncAssistant *self)
{
  GtkWidget *scrolled;
  GtkWidget *clamp;

  g_return_val_if_fail (CF_IS_INC_ASSISTANT (self), NULL);

  scrolled = gtk_stack_get_visible_child (self->stack);
  if (scrolled == NULL)
    return NULL;
  /* scrolled → (viewport) → clamp → page */
  clamp = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (clamp))
    clamp = gtk_viewport_get_child (GTK_VIEWPORT (clamp));
  return CF_INC_PAGE (adw_clamp_get_child (ADW_CLAMP (clamp)));
}

guint
cf_inc_assistant_get_current_index (CfIncAssistant *self)
{
  int index;

  g_return_val_if_fail (CF_IS_INC_ASSISTANT (self), 0);

  index = index_of (self, cf_inc_assistant_get_current_page (self));
  return index < 0 ? 0 : (guint) index;
}

void
cf_inc_assistant_go_to (CfIncAssistant *self,
                        guint           index)
{
  g_return_if_fail (CF_IS_INC_ASSISTANT (self));
  g_return_if_fail (index < self->pages->len);

  stop_applying (self);
  show_page (self, index);
}

void
cf_inc_assistant_go_to_stage (CfIncAssistant       *self,
                              CfIncorporationStage  stage)
{
  int first = -1;
  /* A stage never started opens on its first step (Requisitos for the
   * first): the beginning, not the first thing missing. */
  gboolean from_start = cf_incorporation_get_state (self->incorporation, stage)
                        == CF_INCORPORATION_NOT_STARTED;

  g_return_if_fail (CF_IS_INC_ASSISTANT (self));

  for (guint i = 0; i < self->pages->len; i++)
    {
      CfIncPage *page = g_ptr_array_index (self->pages, i);

      if (cf_inc_page_get_stage (page) != stage)
        continue;
      if (first < 0)
        first = (int) i;
      if (!from_start && !cf_inc_page_get_complete (page))
        {
          cf_inc_assistant_go_to (self, i);
          return;
        }
    }
  if (first >= 0)
    cf_inc_assistant_go_to (self, (guint) first);
}
