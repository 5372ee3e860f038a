/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-page.c: the Programa de Estudios page: the widget, its state
 * kept in step with the session, and its public API. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-catalog.h"
#include "cf-finding.h"
#include "cf-import-mapping-dialog.h"
#include "cf-plan-import.h"
#include "cf-plan-row-item.h"
#include "cf-plan-validate.h"
#include "cf-plans-page-private.h"
#include "cf-xlsx-writer.h"

G_DEFINE_FINAL_TYPE (CfPlansPage, cf_plans_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

void
_cf_plans_page_toast (CfPlansPage *self,
       const char  *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* An edit the store refused. When another desk changed or removed the row,
 * the plans are read again so the page shows what is really there. */
void
_cf_plans_page_edit_failed (CfPlansPage  *self,
             const GError *error)
{
  _cf_plans_page_toast (self, error->message);
  if (g_error_matches (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT) && !cf_plan_session_get_loading (self->session))
    _cf_plans_page_load_book_async (self, NULL);
}

void
_cf_plans_page_show_error (CfPlansPage  *self,
            const char   *heading,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

CfPlanNode *
_cf_plans_page_current_plan (CfPlansPage *self)
{
  CfPlanNode *node;

  if (self->book == NULL || self->plan_uid == 0)
    return NULL;
  node = cf_plan_book_lookup_uid (self->book, self->plan_uid);
  if (node == NULL || cf_plan_node_get_level (node) != CF_PLAN_LEVEL_PLAN)
    return NULL;
  return node;
}

static CfPlanRowItem *
selected_item (CfPlansPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

CfPlanNode *
_cf_plans_page_selected_subject (CfPlansPage *self)
{
  CfPlanRowItem *item = selected_item (self);

  if (item == NULL || self->book == NULL)
    return NULL;
  return cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
}

gboolean
_cf_plans_page_has_errors (CfPlansPage *self)
{
  return cf_plan_session_get_findings (self->session) != NULL && cf_finding_list_has_errors (cf_plan_session_get_findings (self->session));
}

guint
_cf_plans_page_count_errors (CfPlansPage *self)
{
  guint n = 0;

  for (guint i = 0; cf_plan_session_get_findings (self->session) != NULL && i < cf_plan_session_get_findings (self->session)->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (cf_plan_session_get_findings (self->session), i)))
      n++;
  return n;
}

char *
_cf_plans_page_describe_value (const char *value)
{
  return value == NULL || *value == '\0' ? g_strdup (_("empty")) : g_strdup_printf ("“%s”", value);
}

/* A date as people write it: "17 de mayo de 2024". */
char *
_cf_plans_page_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  /* Translators: strftime() format of a date, e.g. "May 17, 2024"; in
   * Spanish "%-d de %B de %Y". */
  return g_date_time_format (local, _("%B %-d, %Y"));
}

/* Selects the row of subject @uid in the table, if on show. */
static gboolean
select_uid (CfPlansPage *self,
            guint        uid)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfPlanRowItem) item = g_list_model_get_item (model, i);

      if (cf_plan_row_item_get_uid (item) == uid)
        {
          GtkWidget *list_view;

          gtk_single_selection_set_selected (self->selection, i);
          /* GTK 4.8 has no gtk_column_view_scroll_to(): the inner list
           * view's action does it. */
          for (list_view = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
               list_view != NULL && !GTK_IS_LIST_VIEW (list_view);
               list_view = gtk_widget_get_next_sibling (list_view))
            ;
          if (list_view != NULL)
            gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Selects the row of @uid, clearing the search and the Show filter when
 * they hide it: the registrar asked to see that row. */
void
_cf_plans_page_reveal_uid (CfPlansPage *self,
            guint        uid)
{
  if (select_uid (self, uid))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->show_drop_down, SHOW_ALL);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  select_uid (self, uid);
}

/* ------------------------------------------------------------------ */
/* Keeping everything in step with the book                            */
/* ------------------------------------------------------------------ */

void
_cf_plans_page_update_actions (CfPlansPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  CfPlanNode *subject = _cf_plans_page_selected_subject (self);
  gboolean have_book = !cf_plan_session_get_loading (self->session) && self->book != NULL && _cf_plans_page_current_plan (self) != NULL;
  guint index = subject != NULL ? cf_plan_node_get_index (subject) : 0;
  guint n_errors = _cf_plans_page_count_errors (self);

  gtk_widget_action_set_enabled (widget, "plans.add-row", have_book);
  gtk_widget_action_set_enabled (widget, "plans.duplicate-row", subject != NULL);
  gtk_widget_action_set_enabled (widget, "plans.remove-row", subject != NULL);
  gtk_widget_action_set_enabled (widget, "plans.move-up", subject != NULL && index > 0);
  gtk_widget_action_set_enabled (widget, "plans.move-down",
                                 subject != NULL &&
                                 index + 1 < cf_plan_node_get_n_children (cf_plan_node_get_parent (subject)));
  gtk_widget_action_set_enabled (widget, "plans.undo", have_book && cf_plan_book_can_undo (self->book));
  gtk_widget_action_set_enabled (widget, "plans.redo", have_book && cf_plan_book_can_redo (self->book));
  gtk_widget_action_set_enabled (widget, "plans.import", !cf_plan_session_get_loading (self->session));
  gtk_widget_action_set_enabled (widget, "plans.add-career", !cf_plan_session_get_loading (self->session) && self->book != NULL);
  gtk_widget_action_set_enabled (widget, "plans.add-plan", have_book);
  gtk_widget_action_set_enabled (widget, "plans.duplicate-plan", have_book);
  gtk_widget_action_set_enabled (widget, "plans.remove-plan", have_book);
  gtk_widget_action_set_enabled (widget, "plans.remove-career", have_book);
  gtk_widget_action_set_enabled (widget, "plans.export", have_book && n_errors == 0);
  gtk_widget_action_set_enabled (widget, "plans.mark-sent", have_book && n_errors == 0);

  if (n_errors > 0)
    {
      g_autofree char *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Fix the error listed below first: SEP would reject the file",
                                                              "Fix the %u errors listed below first: SEP would reject the file",
                                                              n_errors),
                                                 n_errors);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->export_button), reason);
    }
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->export_button),
                                 _("Save the workbook for SEP, with the changes in yellow"));
}

/* Shows the diff and findings: every bound cell, the lists, the header. */
static void
present (CfPlansPage *self)
{
  GListModel *model = G_LIST_MODEL (self->subjects);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CfPlanRowItem) item = g_list_model_get_item (model, i);

      cf_plan_row_item_changed (item);
    }

  _cf_plans_page_update_changes (self);
  _cf_plans_page_update_findings (self);
  _cf_plans_page_update_plan_header (self);
  _cf_plans_page_update_actions (self);
  if (gtk_drop_down_get_selected (self->show_drop_down) != SHOW_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_value_changed_cb (CfPlanBook   *book,
                     CfPlanNode   *node,
                     CfPlanColumn  column,
                     CfPlansPage  *self)
{
  CfPlanLevel level = cf_plan_node_get_level (node);

  /* A plan or career value shows in the side list; the session refreshes
   * the diff and the findings. */
  if (level == CF_PLAN_LEVEL_PLAN || level == CF_PLAN_LEVEL_CAREER)
    _cf_plans_page_rebuild_sidebar (self);
}

static void
on_children_changed_cb (CfPlanBook  *book,
                        CfPlanNode  *parent,
                        guint        position,
                        guint        removed,
                        guint        added,
                        CfPlansPage *self)
{
  if (cf_plan_node_get_level (parent) == CF_PLAN_LEVEL_PLAN &&
      cf_plan_node_get_uid (parent) == self->plan_uid)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = position; i < position + added; i++)
        g_ptr_array_add (items, cf_plan_row_item_new (cf_plan_node_get_uid (cf_plan_node_get_child (parent, i))));
      g_list_store_splice (self->subjects, position, removed, items->pdata, items->len);
    }
  /* A new plan or career is filled in field by field: its problems wait
   * again until each is touched. */
  if (added > 0 && cf_plan_node_get_level (parent) < CF_PLAN_LEVEL_PLAN)
    self->review_all = FALSE;
  /* The subject count, or the careers and plans, in the side list. */
  _cf_plans_page_rebuild_sidebar (self);
}

/* Many edits at once (an import, or undoing one): the page follows the
 * book once at the end rather than once per edit. */
void
_cf_plans_page_begin_batch (CfPlansPage *self)
{
  CfPlanRowItem *item = gtk_single_selection_get_selected_item (self->selection);

  g_return_if_fail (self->book != NULL);
  self->batch_selected_uid = item != NULL ? cf_plan_row_item_get_uid (item) : 0;
  g_signal_handlers_block_by_func (self->book, on_value_changed_cb, self);
  g_signal_handlers_block_by_func (self->book, on_children_changed_cb, self);
}

void
_cf_plans_page_end_batch (CfPlansPage *self)
{
  CfPlanNode *plan;
  GListModel *model = G_LIST_MODEL (self->subjects);
  gboolean same = TRUE;

  g_return_if_fail (self->book != NULL);
  g_signal_handlers_unblock_by_func (self->book, on_value_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->book, on_children_changed_cb, self);

  /* The side list keeps the plan on show when it is still there. */
  _cf_plans_page_rebuild_sidebar (self);
  plan = _cf_plans_page_current_plan (self);
  if (plan == NULL || g_list_model_get_n_items (model) != cf_plan_node_get_n_children (plan))
    same = FALSE;
  for (guint i = 0; same && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CfPlanRowItem) item = g_list_model_get_item (model, i);

      same = cf_plan_row_item_get_uid (item) == cf_plan_node_get_uid (cf_plan_node_get_child (plan, i));
    }
  if (!same)
    {
      _cf_plans_page_rebuild_subjects (self);
      if (self->batch_selected_uid != 0)
        select_uid (self, self->batch_selected_uid);
    }
  self->batch_selected_uid = 0;
  _cf_plans_page_update_actions (self);
}

static void
on_can_undo_cb (CfPlansPage *self)
{
  _cf_plans_page_update_actions (self);
}

static void
on_selection_changed_cb (CfPlansPage *self)
{
  _cf_plans_page_update_actions (self);
}

static void
disconnect_book (CfPlansPage *self)
{
  if (self->book != NULL)
    g_signal_handlers_disconnect_by_data (self->book, self);
  g_clear_object (&self->book);
}

/* The session installed a new book (load, import, another desk's change). */
static void
on_session_loaded_cb (CfPlansPage *self)
{
  disconnect_book (self);
  self->book = g_object_ref (cf_plan_session_get_book (self->session));

  g_signal_connect (self->book, "value-changed", G_CALLBACK (on_value_changed_cb), self);
  g_signal_connect (self->book, "children-changed", G_CALLBACK (on_children_changed_cb), self);
  g_signal_connect_swapped (self->book, "notify::can-undo", G_CALLBACK (on_can_undo_cb), self);
  g_signal_connect_swapped (self->book, "notify::can-redo", G_CALLBACK (on_can_undo_cb), self);

  self->plan_uid = 0;
  _cf_plans_page_forget_touched (self);
  _cf_plans_page_rebuild_subjects (self);
  _cf_plans_page_rebuild_sidebar (self);
  present (self);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CfPlansPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saving = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (self), "cf-saving"));

  if (!cf_plan_session_load_finish (CF_PLAN_SESSION (source), result, &error))
    {
      if (saving)
        {
          /* The working copy is untouched: show it again. */
          gtk_stack_set_visible_child_name (self->stack, self->book != NULL &&
                                            cf_plan_book_get_n_subjects (self->book) > 0 ? "editor" : "empty");
          _cf_plans_page_update_actions (self);
          _cf_plans_page_show_error (self, _("Could Not Import"), error);
          return;
        }
      g_warning ("Could not read the study plans: %s", error->message);
    }
  if (saving)
    _cf_plans_page_toast (self, _("Study plans imported"));
}

/* Reads the working copy again, after saving @import (may be NULL) as it. */
void
_cf_plans_page_load_book_async (CfPlansPage *self,
                 CfPlanBook  *import)
{
  g_object_set_data (G_OBJECT (self), "cf-saving", GINT_TO_POINTER (import != NULL));
  if (import != NULL)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Saving %u subject…",
                                                            "Saving %u subjects…",
                                                            cf_plan_book_get_n_subjects (import)),
                                               cf_plan_book_get_n_subjects (import));

      adw_status_page_set_title (self->loading_status, _("Importing Study Plans"));
      adw_status_page_set_description (self->loading_status, text);
    }
  else
    {
      adw_status_page_set_title (self->loading_status, _("Loading Study Plans"));
      adw_status_page_set_description (self->loading_status, NULL);
    }
  gtk_stack_set_visible_child_name (self->stack, "loading");
  cf_plan_session_load_async (self->session, import, NULL, on_loaded_cb, g_object_ref (self));
  _cf_plans_page_update_actions (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
cf_plans_page_constructed (GObject *object)
{
  CfPlansPage *self = CF_PLANS_PAGE (object);

  G_OBJECT_CLASS (cf_plans_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  /* The session also reloads when another desk or the CLI writes. */
  /* The context's session: whatever else shows the plans sees the same. */
  self->session = g_object_ref (cf_context_get_plan_session (self->context));
  g_signal_connect_object (self->session, "loaded", G_CALLBACK (on_session_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "refreshed", G_CALLBACK (present), self, G_CONNECT_SWAPPED);
  _cf_plans_page_load_book_async (self, NULL);
}

static void
cf_plans_page_dispose (GObject *object)
{
  CfPlansPage *self = CF_PLANS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->progress_dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->progress_dialog));
      g_clear_object (&self->progress_dialog);
    }
  if (self->focus_tick_id != 0 && self->column_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->focus_tick_id);
  self->focus_tick_id = 0;

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_PLANS_PAGE);

  disconnect_book (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->subjects);
  g_clear_object (&self->type_names);
  g_clear_pointer (&self->type_codes, g_ptr_array_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem_uids, g_hash_table_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cf_plans_page_parent_class)->dispose (object);
}

static void
cf_plans_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CfPlansPage *self = CF_PLANS_PAGE (object);

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
cf_plans_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CfPlansPage *self = CF_PLANS_PAGE (object);

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
cf_plans_page_class_init (CfPlansPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_plans_page_constructed;
  object_class->dispose = cf_plans_page_dispose;
  object_class->get_property = cf_plans_page_get_property;
  object_class->set_property = cf_plans_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-plans-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, loading_status);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, show_drop_down);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, details_expander);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, changes_button);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, changes_popover);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, changes_label);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, changes_list);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, plan_list);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, plan_title);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, plan_subtitle);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_label);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, unsent_label);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_scroller);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_list);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_search_changed_cb", G_CALLBACK (_cf_plans_page_on_search_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_show_changed_cb", G_CALLBACK (_cf_plans_page_on_show_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_plan_selected_cb", G_CALLBACK (_cf_plans_page_on_plan_selected_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_change_activated_cb", G_CALLBACK (_cf_plans_page_on_change_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "on_finding_activated_cb", G_CALLBACK (_cf_plans_page_on_finding_activated_cb));

  gtk_widget_class_install_action (widget_class, "plans.add-row", NULL, _cf_plans_page_row_action);
  gtk_widget_class_install_action (widget_class, "plans.duplicate-row", NULL, _cf_plans_page_row_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-row", NULL, _cf_plans_page_row_action);
  gtk_widget_class_install_action (widget_class, "plans.move-up", NULL, _cf_plans_page_row_action);
  gtk_widget_class_install_action (widget_class, "plans.move-down", NULL, _cf_plans_page_row_action);
  gtk_widget_class_install_action (widget_class, "plans.add-career", NULL, _cf_plans_page_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.add-plan", NULL, _cf_plans_page_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.duplicate-plan", NULL, _cf_plans_page_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-plan", NULL, _cf_plans_page_remove_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-career", NULL, _cf_plans_page_remove_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.undo", NULL, _cf_plans_page_undo_action);
  gtk_widget_class_install_action (widget_class, "plans.redo", NULL, _cf_plans_page_undo_action);
  gtk_widget_class_install_action (widget_class, "plans.import", NULL, _cf_plans_page_import_action);
  gtk_widget_class_install_action (widget_class, "plans.export", NULL, _cf_plans_page_export_action);
  gtk_widget_class_install_action (widget_class, "plans.mark-sent", NULL, _cf_plans_page_mark_sent_action);
  gtk_widget_class_install_action (widget_class, "plans.focus-search", NULL, _cf_plans_page_focus_search_action);
  gtk_widget_class_install_action (widget_class, "plans.review", NULL, _cf_plans_page_review_action);

  /* The page's own keys: they act on the table, not on the text being
   * typed (a cell being edited handles Ctrl+Z itself first). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "plans.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plans.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plans.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "plans.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "plans.add-row", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "plans.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "plans.move-down", NULL);
}

static void
cf_plans_page_init (CfPlansPage *self)
{
  static gsize css_loaded = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_once_init_enter (&css_loaded))
    {
      GtkCssProvider *provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_resource (provider, "/io/github/certifica/Certifica/cf-plans-page.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_unref (provider);
      g_once_init_leave (&css_loaded, 1);
    }

  _cf_plans_page_setup_table (self);
  _cf_plans_page_setup_details (self);
  _cf_plans_page_setup_problems (self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb), self);
  gtk_list_box_set_header_func (self->plan_list, _cf_plans_page_header_func, self, NULL);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

CfPlanBook *
cf_plans_page_get_book (CfPlansPage *self)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), NULL);

  return self->book;
}

CfPlanDiff *
cf_plans_page_get_diff (CfPlansPage *self)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), NULL);

  return cf_plan_session_get_diff (self->session);
}

GPtrArray *
cf_plans_page_get_findings (CfPlansPage *self)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), NULL);

  return cf_plan_session_get_findings (self->session);
}

guint
cf_plans_page_get_plan_uid (CfPlansPage *self)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), 0);

  return self->plan_uid;
}

gboolean
cf_plans_page_get_busy (CfPlansPage *self)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), FALSE);

  return cf_plan_session_get_busy (self->session) || self->cancellable != NULL;
}

void
cf_plans_page_show_subject (CfPlansPage *self,
                            guint        uid)
{
  CfPlanNode *subject, *plan;

  g_return_if_fail (CF_IS_PLANS_PAGE (self));

  if (self->book == NULL || (subject = cf_plan_book_lookup_uid (self->book, uid)) == NULL)
    return;
  plan = cf_plan_node_get_ancestor (subject, CF_PLAN_LEVEL_PLAN);
  if (plan == NULL)
    return;

  _cf_plans_page_select_plan (self, cf_plan_node_get_uid (plan));
  _cf_plans_page_show_plan (self, cf_plan_node_get_uid (plan));
  _cf_plans_page_reveal_uid (self, uid);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* The row's cell is built by the list view on a coming frame: look for it
 * on each frame for a while. */
static gboolean
focus_cell_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  CfPlansPage *self = CF_PLANS_PAGE (data);
  GtkWidget *cell = cf_plans_page_get_cell (self, self->focus_uid, self->focus_column);

  if (cell != NULL)
    gtk_widget_grab_focus (cell);
  if (cell != NULL || ++self->focus_tries > 30)
    {
      self->focus_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

void
cf_plans_page_show_cell (CfPlansPage  *self,
                         guint         uid,
                         int           column)
{
  g_return_if_fail (CF_IS_PLANS_PAGE (self));

  cf_plans_page_show_subject (self, uid);
  if (column < 0 || column >= CF_PLAN_N_COLUMNS)
    return;
  /* Values of the plan and above are edited in the details. */
  if (cf_plan_column_get_level (column) != CF_PLAN_LEVEL_SUBJECT)
    {
      if (self->detail_entries[column] != NULL)
        {
          gtk_expander_set_expanded (self->details_expander, TRUE);
          gtk_widget_grab_focus (self->detail_entries[column]);
        }
      return;
    }
  self->focus_uid = uid;
  self->focus_column = column;
  self->focus_tries = 0;
  if (self->focus_tick_id == 0)
    self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), focus_cell_tick_cb,
                                                        self, NULL);
}

static GtkWidget *
find_cell (GtkWidget    *widget,
           guint         uid,
           CfPlanColumn  column)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (widget), "cf-item");

  if (item != NULL && cf_plan_row_item_get_uid (item) == uid &&
      g_object_get_data (G_OBJECT (widget), "cf-column") != NULL &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "cf-column")) == (int) column &&
      !GTK_IS_BOX (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, uid, column);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
cf_plans_page_get_cell (CfPlansPage  *self,
                        guint         uid,
                        CfPlanColumn  column)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), NULL);

  return find_cell (GTK_WIDGET (self->column_view), uid, column);
}

gboolean
cf_plans_page_export_to_file (CfPlansPage  *self,
                              GFile        *file,
                              GError      **error)
{
  return cf_plans_page_export_to_file_shaped (self, file, FALSE, error);
}

gboolean
cf_plans_page_export_to_file_shaped (CfPlansPage  *self,
                                     GFile        *file,
                                     gboolean      mec_shape,
                                     GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Edits made a moment ago must be in the file and in the check. */
  if (cf_plan_session_get_busy (self->session))
    cf_plan_session_refresh_now (self->session);

  if (_cf_plans_page_has_errors (self))
    {
      guint n = _cf_plans_page_count_errors (self);

      g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_HAS_ERRORS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The study plans have %u error SEP would reject; fix it before exporting.",
                                "The study plans have %u errors SEP would reject; fix them before exporting.",
                                n),
                   n);
      return FALSE;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_INVALID,
                           _("Choose a folder on this computer to save the workbook in."));
      return FALSE;
    }
  return cf_xlsx_write_plan (self->book, cf_plan_session_get_diff (self->session),
                             CF_XLSX_WRITE_FOR_SEP | (mec_shape ? CF_XLSX_WRITE_MEC_SHAPE : 0), path, error);
}

gboolean
cf_plans_page_mark_sent (CfPlansPage  *self,
                         GError      **error)
{
  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_plan_session_mark_sent (self->session, error))
    return FALSE;
  return TRUE;
}
