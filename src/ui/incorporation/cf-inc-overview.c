/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-context.h"
#include "cf-date.h"
#include "cf-inc-overview.h"
#include "cf-signer-repo.h"

struct _CfIncOverview
{
  GtkWidget            parent_instance;

  CfContext           *context;
  CfIncorporation     *incorporation;
  CfIncAssistant      *assistant;
  AdwActionRow        *stage_rows[CF_INCORPORATION_N_STAGES];

  GtkStack            *stack;
  AdwActionRow        *next_row;
  GtkButton           *continue_button;
  AdwPreferencesGroup *stages_group;
  AdwStatusPage       *error_page;
};

G_DEFINE_FINAL_TYPE (CfIncOverview, cf_inc_overview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_icon (CfIncorporationState state)
{
  switch (state)
    {
    case CF_INCORPORATION_DONE:
      return "emblem-ok-symbolic";
    case CF_INCORPORATION_WAITING:
      return "document-open-recent-symbolic";
    case CF_INCORPORATION_IN_PROGRESS:
      return "document-edit-symbolic";
    case CF_INCORPORATION_NOT_STARTED:
    default:
      return "checkbox-symbolic";
    }
}

/* "Esperando a la SEP desde el 3 de diciembre de 2026; respuesta esperada
 * para el 24 de diciembre de 2026", or the state alone. */
static char *
describe_stage (CfIncorporation      *incorporation,
                CfIncorporationStage  stage)
{
  CfIncorporationState state = cf_incorporation_get_state (incorporation, stage);
  const char *since = cf_incorporation_get_since (incorporation, stage);
  const char *due = cf_incorporation_get_due (incorporation, stage);

  if (state == CF_INCORPORATION_WAITING && since != NULL && due != NULL)
    {
      g_autofree char *since_words = cf_date_text_to_words (since);
      g_autofree char *due_words = cf_date_text_to_words (due);

      /* Translators: the dates are in words, "3 de diciembre de 2026". */
      return g_strdup_printf (_("Waiting for SEP since %s; answer expected by %s"),
                              since_words, due_words);
    }
  return g_strdup (cf_incorporation_state_title (state));
}

static void
update (CfIncOverview *self)
{
  CfIncorporationStage current;
  g_autofree char *next = NULL;
  gboolean finished;

  if (self->incorporation == NULL)
    return;

  current = cf_incorporation_get_current_stage (self->incorporation);
  finished = cf_incorporation_get_state (self->incorporation, CF_INCORPORATION_STAGE_PRODUCCION)
             == CF_INCORPORATION_DONE;
  next = cf_incorporation_dup_next_action (self->incorporation);
  /* The XML stage has no step in the wizard: its work is in Certificados. */
  if (current == CF_INCORPORATION_STAGE_XML)
    {
      g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (self->incorporation, current);

      gtk_button_set_label (self->continue_button,
                            missing->len == 0 ? _("_Mark as Done") : _("Open _Certificates"));
    }
  else
    gtk_button_set_label (self->continue_button, _("_Continue"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->next_row), next);
  adw_action_row_set_subtitle (self->next_row,
                               finished ? "" : cf_incorporation_stage_title (current));
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), !finished);

  for (guint i = 0; i < CF_INCORPORATION_N_STAGES; i++)
    {
      CfIncorporationStage stage = i + 1;
      CfIncorporationState state = cf_incorporation_get_state (self->incorporation, stage);
      g_autofree char *subtitle = describe_stage (self->incorporation, stage);
      GtkWidget *icon = g_object_get_data (G_OBJECT (self->stage_rows[i]), "cf-icon");

      adw_action_row_set_subtitle (self->stage_rows[i], subtitle);
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), state_icon (state));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cf_incorporation_state_title (state),
                                      -1);
      if (stage == current && !finished)
        gtk_widget_add_css_class (GTK_WIDGET (self->stage_rows[i]), "cf-current-stage");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->stage_rows[i]), "cf-current-stage");
    }
}

/* A store failure (the server gone): said in the window, never lost. */
static void
show_error (CfIncOverview *self,
            const GError  *error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *message =
    /* Translators: the store's reason. */
    g_strdup_printf (_("The incorporation could not be brought up to date: %s. Check the data folder or the server in Preferences."),
                     error->message);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* What other desks and sections did meanwhile: test folios added, a first
 * certificate that passed its checks (stage 3). */
static void
refresh (CfIncOverview *self)
{
  g_autoptr(GError) error = NULL;

  if (!cf_incorporation_reload (self->incorporation, &error)
      || !cf_incorporation_refresh_folios (self->incorporation, &error)
      || !cf_incorporation_refresh_certificates (self->incorporation, &error))
    show_error (self, error);
  update (self);
}

void
cf_inc_overview_show_overview (CfIncOverview *self)
{
  g_return_if_fail (CF_IS_INC_OVERVIEW (self));

  if (self->incorporation == NULL)
    return;
  refresh (self);
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

void
cf_inc_overview_open_stage (CfIncOverview        *self,
                            CfIncorporationStage  stage)
{
  g_return_if_fail (CF_IS_INC_OVERVIEW (self));

  if (self->assistant == NULL)
    return;
  if (stage == CF_INCORPORATION_STAGE_XML)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "certs");
      return;
    }
  cf_inc_assistant_go_to_stage (self->assistant, stage);
  gtk_stack_set_visible_child_name (self->stack, "assistant");
}

static void
on_continue_clicked_cb (CfIncOverview *self,
                        GtkButton     *button)
{
  CfIncorporationStage current;

  /* Another desk may have moved on since the overview was drawn. */
  refresh (self);
  current = cf_incorporation_get_current_stage (self->incorporation);
  if (current == CF_INCORPORATION_STAGE_XML)
    {
      g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (self->incorporation, current);
      g_autoptr(GError) error = NULL;

      if (missing->len == 0)
        {
          if (!cf_incorporation_mark_done (self->incorporation, current, &error))
            show_error (self, error);
          return;
        }
    }
  cf_inc_overview_open_stage (self, current);
}

static void
on_stage_activated_cb (AdwActionRow  *row,
                       CfIncOverview *self)
{
  CfIncorporationStage stage = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-stage"));

  cf_inc_overview_open_stage (self, stage);
}

static void
on_assistant_close_cb (CfIncOverview  *self,
                       CfIncAssistant *assistant)
{
  cf_inc_overview_show_overview (self);
}

static void
create_stage_rows (CfIncOverview *self)
{
  for (guint i = 0; i < CF_INCORPORATION_N_STAGES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new ();
      g_autofree char *title = NULL;

      /* Translators: a stage's number and name, "2. Programa de Estudios". */
      title = g_strdup_printf (_("%u. %s"), i + 1, cf_incorporation_stage_title (i + 1));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "cf-icon", icon);
      g_object_set_data (G_OBJECT (row), "cf-stage", GUINT_TO_POINTER (i + 1));
      g_signal_connect (row, "activated", G_CALLBACK (on_stage_activated_cb), self);
      adw_preferences_group_add (self->stages_group, row);
      self->stage_rows[i] = ADW_ACTION_ROW (row);
    }
}

static void
cf_inc_overview_constructed (GObject *object)
{
  CfIncOverview *self = CF_INC_OVERVIEW (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cf_inc_overview_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  create_stage_rows (self);

  /* A small table read once; every change is written as it is made. */
  self->incorporation = cf_incorporation_load (cf_context_get_store (self->context), &error);
  if (self->incorporation == NULL)
    {
      g_autofree char *description =
        /* Translators: the store's reason. */
        g_strdup_printf (_("%s. Check the data folder or the server in Preferences, then open Certifica again."),
                         error->message);

      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  self->assistant = cf_inc_assistant_new (self->context, self->incorporation);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->assistant), "assistant");
  g_signal_connect_object (self->assistant, "close", G_CALLBACK (on_assistant_close_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->incorporation, "changed", G_CALLBACK (update),
                           self, G_CONNECT_SWAPPED);
  update (self);
}

static void
cf_inc_overview_map (GtkWidget *widget)
{
  CfIncOverview *self = CF_INC_OVERVIEW (widget);

  GTK_WIDGET_CLASS (cf_inc_overview_parent_class)->map (widget);

  if (self->incorporation != NULL)
    refresh (self);
}

static void
cf_inc_overview_dispose (GObject *object)
{
  CfIncOverview *self = CF_INC_OVERVIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_OVERVIEW);
  /* The template's root box is not a bound child. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  self->assistant = NULL;
  g_clear_object (&self->incorporation);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_inc_overview_parent_class)->dispose (object);
}

static void
cf_inc_overview_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CfIncOverview *self = CF_INC_OVERVIEW (object);

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
cf_inc_overview_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CfIncOverview *self = CF_INC_OVERVIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_overview_class_init (CfIncOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_overview_constructed;
  object_class->dispose = cf_inc_overview_dispose;
  object_class->get_property = cf_inc_overview_get_property;
  object_class->set_property = cf_inc_overview_set_property;
  widget_class->map = cf_inc_overview_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncOverview, stack);
  gtk_widget_class_bind_template_child (widget_class, CfIncOverview, next_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncOverview, continue_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncOverview, stages_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncOverview, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_continue_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cf_inc_overview_init (CfIncOverview *self)
{
  g_type_ensure (CF_TYPE_INC_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
}

CfIncorporation *
cf_inc_overview_get_incorporation (CfIncOverview *self)
{
  g_return_val_if_fail (CF_IS_INC_OVERVIEW (self), NULL);
  return self->incorporation;
}

CfIncAssistant *
cf_inc_overview_get_assistant (CfIncOverview *self)
{
  g_return_val_if_fail (CF_IS_INC_OVERVIEW (self), NULL);
  return self->assistant;
}

gboolean
cf_inc_overview_comes_first (CfIncOverview *self)
{
  g_autoptr(GPtrArray) signers = NULL;
  gboolean started = FALSE;

  g_return_val_if_fail (CF_IS_INC_OVERVIEW (self), FALSE);

  if (self->incorporation == NULL)
    return FALSE;
  if (cf_incorporation_get_state (self->incorporation, CF_INCORPORATION_STAGE_PRODUCCION)
      == CF_INCORPORATION_DONE)
    return FALSE;
  for (guint i = 1; i <= CF_INCORPORATION_N_STAGES; i++)
    if (cf_incorporation_get_state (self->incorporation, i) != CF_INCORPORATION_NOT_STARTED)
      started = TRUE;
  if (started)
    return TRUE;
  /* An office already sealing from before the wizard existed has signers. */
  signers = cf_signer_repo_list (cf_context_get_store (self->context), NULL);
  return signers != NULL && signers->len == 0;
}
