/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-actions.c: the plans page's actions (rows, plans, undo,
 * export, mark as sent). */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

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

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

void
_cf_plans_page_row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *subject = _cf_plans_page_selected_subject (self);
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  CfPlanNode *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean ok = TRUE;

  if (plan == NULL)
    return;

  /* New rows get an ID_ASIGNATURA never used: IDs are never reused. */
  if (g_str_equal (action_name, "plans.add-row") || g_str_equal (action_name, "plans.duplicate-row"))
    id = cf_plan_next_free_id (self->book, cf_plan_session_get_history (self->session),
                               CF_PLAN_COL_ID_ASIGNATURA);

  if (g_str_equal (action_name, "plans.add-row"))
    ok = (result = cf_plan_book_insert_with_id (self->book, plan,
                                                subject != NULL ? (int) cf_plan_node_get_index (subject) + 1 : -1,
                                                id, &error)) != NULL;
  else if (subject == NULL)
    return;
  else if (g_str_equal (action_name, "plans.duplicate-row"))
    ok = (result = cf_plan_book_duplicate_with_id (self->book, subject, id, &error)) != NULL;
  else if (g_str_equal (action_name, "plans.remove-row"))
    ok = cf_plan_book_remove (self->book, subject, &error);
  else if (g_str_equal (action_name, "plans.move-up"))
    {
      result = subject;
      ok = cf_plan_book_move (self->book, subject, cf_plan_node_get_index (subject) - 1, &error);
    }
  else if (g_str_equal (action_name, "plans.move-down"))
    {
      result = subject;
      ok = cf_plan_book_move (self->book, subject, cf_plan_node_get_index (subject) + 1, &error);
    }

  if (!ok)
    {
      _cf_plans_page_toast (self, error->message);
      return;
    }
  if (result != NULL)
    {
      /* A new row may not match the search or the Show filter. */
      _cf_plans_page_reveal_uid (self, cf_plan_node_get_uid (result));
    }
  _cf_plans_page_update_actions (self);
}

/* Careers and plans: added and removed from the side list. A new career
 * gets its first plan at once, as the list shows careers through their
 * plans (and a campus when there is none): one undoable step, so undo
 * leaves no career without plans behind. */
void
_cf_plans_page_plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  CfPlanNode *career = plan != NULL ? cf_plan_node_get_parent (plan) : NULL;
  CfPlanNode *result = NULL;
  CfPlanColumn focus = CF_PLAN_COL_CLAVE_PLAN;
  g_autoptr(GError) error = NULL;

  if (self->book == NULL || cf_plan_session_get_loading (self->session))
    return;

  if (g_str_equal (action_name, "plans.add-career"))
    {
      CfPlanNode *institution = cf_plan_book_get_institution (self->book);
      CfPlanNode *campus = career != NULL ? cf_plan_node_get_parent (career) : NULL;

      cf_plan_book_begin_group (self->book);
      if (campus == NULL && cf_plan_node_get_n_children (institution) > 0)
        campus = cf_plan_node_get_child (institution, 0);
      if (campus == NULL)
        campus = cf_plan_book_insert (self->book, institution, -1, &error);
      career = NULL;
      if (campus != NULL)
        {
          g_autofree char *id = cf_plan_next_free_id (self->book, cf_plan_session_get_history (self->session),
                                                      CF_PLAN_COL_ID_CARRERA);

          career = cf_plan_book_insert_with_id (self->book, campus, -1, id, &error);
        }
      if (campus != NULL && career != NULL)
        result = cf_plan_book_insert (self->book, career, -1, &error);
      if (result != NULL)
        cf_plan_book_end_group (self->book);
      else
        {
          g_autoptr(GError) ignored = NULL;

          /* Nothing half made stays behind. */
          if (!cf_plan_book_cancel_group (self->book, &ignored))
            g_warning ("Could not take back a new career: %s", ignored->message);
        }
      focus = CF_PLAN_COL_ID_CARRERA;
    }
  else if (career == NULL)
    return;
  else if (g_str_equal (action_name, "plans.add-plan"))
    result = cf_plan_book_insert (self->book, career, (int) cf_plan_node_get_index (plan) + 1, &error);
  else if (g_str_equal (action_name, "plans.duplicate-plan"))
    result = cf_plan_book_duplicate (self->book, plan, &error);

  if (result == NULL)
    {
      if (error != NULL)
        _cf_plans_page_toast (self, error->message);
      return;
    }

  _cf_plans_page_select_plan (self, cf_plan_node_get_uid (result));
  _cf_plans_page_show_plan (self, cf_plan_node_get_uid (result));
  gtk_expander_set_expanded (self->details_expander, TRUE);
  gtk_widget_grab_focus (self->detail_entries[focus]);
  _cf_plans_page_update_actions (self);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CfPlansPage      *self)
{
  guint uid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "cf-uid"));
  CfPlanNode *node = self->book != NULL ? cf_plan_book_lookup_uid (self->book, uid) : NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove") || node == NULL)
    return;
  if (!cf_plan_book_remove (self->book, node, &error))
    _cf_plans_page_toast (self, error->message);
  else
    _cf_plans_page_toast (self, _("Removed: Undo (Ctrl+Z) brings it back"));
}

void
_cf_plans_page_remove_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  CfPlanNode *career = plan != NULL ? cf_plan_node_get_parent (plan) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  CfPlanNode *node;
  GtkWidget *dialog;
  guint n_subjects = 0;

  if (career == NULL || cf_plan_session_get_loading (self->session))
    return;
  /* A career left without plans would vanish from the list: removing
   * its last plan removes the career. */
  node = g_str_equal (action_name, "plans.remove-career") || cf_plan_node_get_n_children (career) == 1
         ? career : plan;

  if (node == plan)
    {
      n_subjects = cf_plan_node_get_n_children (plan);
      heading = g_strdup_printf (_("Remove Plan %s?"), cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN));
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Plan %s of “%s” and its %u subject are removed from the study plans. Undo (Ctrl+Z) brings them back.",
                                           "Plan %s of “%s” and its %u subjects are removed from the study plans. Undo (Ctrl+Z) brings them back.",
                                           n_subjects),
                              cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN),
                              cf_plan_node_get (career, CF_PLAN_COL_NOMBRE_CARRERA), n_subjects);
    }
  else
    {
      for (guint i = 0; i < cf_plan_node_get_n_children (career); i++)
        n_subjects += cf_plan_node_get_n_children (cf_plan_node_get_child (career, i));
      heading = g_strdup_printf (_("Remove Career %s?"), cf_plan_node_get (career, CF_PLAN_COL_ID_CARRERA));
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "“%s”, its plans and their %u subject are removed from the study plans. Undo (Ctrl+Z) brings them back.",
                                           "“%s”, its plans and their %u subjects are removed from the study plans. Undo (Ctrl+Z) brings them back.",
                                           n_subjects),
                              cf_plan_node_get (career, CF_PLAN_COL_NOMBRE_CARRERA), n_subjects);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cf-uid", GUINT_TO_POINTER (cf_plan_node_get_uid (node)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_cf_plans_page_undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->book == NULL)
    return;
  /* A step may be many edits (a new career, an import). */
  _cf_plans_page_begin_batch (self);
  if (g_str_equal (action_name, "plans.undo"))
    ok = !cf_plan_book_can_undo (self->book) || cf_plan_book_undo (self->book, &error);
  else
    ok = !cf_plan_book_can_redo (self->book) || cf_plan_book_redo (self->book, &error);
  _cf_plans_page_end_batch (self);
  if (!ok)
    _cf_plans_page_edit_failed (self, error);
}

void
_cf_plans_page_focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (CF_PLANS_PAGE (widget)->search_entry));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       CfPlansPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      gboolean mec_shape = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "shape"), "mec") == 0;

      if (cf_plans_page_export_to_file_shaped (self, file, mec_shape, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          _cf_plans_page_toast (self, text);
        }
      else
        _cf_plans_page_show_error (self, _("Could Not Export"), error);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_cf_plans_page_export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "programa-de-estudios-%Y-%m-%d.xlsx");

  if (_cf_plans_page_has_errors (self))
    {
      _cf_plans_page_toast (self, gtk_widget_get_tooltip_text (GTK_WIDGET (self->export_button)));
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Study Plans"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  {
    /* Both shapes the import reads: Certifica's one sheet, or MEC's sheets. */
    const char *ids[] = { "flat", "mec", NULL };
    const char *labels[] = { _("One sheet, a row per subject"),
                             _("MEC's sheets (CARRERAS, ASIGNATURAS, PROGRAMAS DE ESTUDIO…)"), NULL };

    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "shape", _("Layout"), ids, labels);
    gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "shape", "flat");
  }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_import_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     CfPlansPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      cf_plans_page_import_file (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_cf_plans_page_import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Study Plans"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Workbooks and CSV files"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_mark_sent_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CfPlansPage      *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "mark"))
    {
      if (cf_plans_page_mark_sent (self, &error))
        _cf_plans_page_toast (self, _("Marked as sent to SEP: later changes will be highlighted against this version"));
      else
        _cf_plans_page_show_error (self, _("Could Not Mark as Sent"), error);
    }
}

void
_cf_plans_page_mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark as Sent to SEP?"),
                                   _("Do this once you have sent the exported workbook. Certifica keeps this version as the one SEP has: the yellow highlights start again from it, and its IDs can never be given to another career or subject."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "mark", _("_Mark as Sent"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mark", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_mark_sent_response_cb), self, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}
