/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-problems.c: the plans page's list of problems. A new plan's
 * empty fields are not problems yet: each shows once its field has been
 * touched (edited or left), and all of them when "Review" is pressed. The
 * rows stay where they are while the pointer is over the list. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-finding.h"
#include "cf-plan-validate.h"
#include "cf-plans-page-private.h"

/* Rows in the list: a list of 20,000 rows would freeze the window; the
 * table's filter shows them all. */
#define LIST_MAX_ROWS 200

/* A plan and one of its columns, as a hash key. */
#define TOUCH_KEY(plan_uid, column) GUINT_TO_POINTER ((plan_uid) * 32u + (guint) (column) + 1u)
G_STATIC_ASSERT (CF_PLAN_N_COLUMNS < 32);

void
_cf_plans_page_touch (CfPlansPage  *self,
                      CfPlanColumn  column)
{
  CfPlanNode *plan = _cf_plans_page_current_plan (self);

  if (plan == NULL || g_hash_table_contains (self->touched, TOUCH_KEY (cf_plan_node_get_uid (plan), column)))
    return;
  g_hash_table_add (self->touched, TOUCH_KEY (cf_plan_node_get_uid (plan), column));
  _cf_plans_page_update_findings (self);
}

void
_cf_plans_page_forget_touched (CfPlansPage *self)
{
  g_hash_table_remove_all (self->touched);
  self->review_all = FALSE;
}

/* A problem that waits: on a value of a plan (or above) that has no
 * subjects yet (row 0, so a new one), in a field not touched. */
gboolean
_cf_plans_page_is_quiet (CfPlansPage  *self,
                         guint         row,
                         CfPlanColumn  column)
{
  CfPlanNode *plan = _cf_plans_page_current_plan (self);

  if (row != 0 || self->review_all || cf_plan_column_get_level (column) == CF_PLAN_LEVEL_SUBJECT)
    return FALSE;
  return plan == NULL || !g_hash_table_contains (self->touched, TOUCH_KEY (cf_plan_node_get_uid (plan), column));
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* Goes to the cell of @column of subject @uid when activated (0: nowhere). */
static void
append_row (CfPlansPage *self,
            GtkWidget   *row,
            guint        uid,
            int          column)
{
  g_object_set_data (G_OBJECT (row), "cf-uid", GUINT_TO_POINTER (uid));
  g_object_set_data (G_OBJECT (row), "cf-column", GINT_TO_POINTER (column + 1));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), uid != 0);
  gtk_list_box_append (self->findings_list, row);
}

/* Where a problem is, as the table and the details show it: "No. 1 ·
 * Credits", "Plan 2020, No. 2 · Credits"; NULL when only the field says it. */
static char *
describe_place (CfPlansPage  *self,
                CfPlanNode   *subject,
                CfPlanColumn  column)
{
  const char *label = cf_plan_column_get_label (column);
  CfPlanNode *plan;

  /* A new plan's value: the message names the field already. */
  if (subject == NULL)
    return NULL;
  plan = cf_plan_node_get_ancestor (subject, CF_PLAN_LEVEL_PLAN);
  if (cf_plan_column_get_level (column) != CF_PLAN_LEVEL_SUBJECT)
    /* Translators: a plan's key and a field of it, "Plan 2018 · Total credits". */
    return g_strdup_printf (_("Plan %s · %s"), cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN), label);
  if (plan != NULL && cf_plan_node_get_uid (plan) == self->plan_uid)
    /* Translators: the subject's number in the table (No.) and the field. */
    return g_strdup_printf (_("No. %u · %s"), cf_plan_node_get_index (subject) + 1, label);
  /* Translators: a plan's key, the subject's number in its table, the field. */
  return g_strdup_printf (_("Plan %s, No. %u · %s"), cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN),
                          cf_plan_node_get_index (subject) + 1, label);
}

void
_cf_plans_page_update_findings (CfPlansPage *self)
{
  GPtrArray *findings = cf_plan_session_get_findings (self->session);
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = findings != NULL ? findings->len : 0;
  guint n_errors = 0, n_quiet = 0;

  if (n > 0 && self->book != NULL)
    subjects = cf_plan_book_list_subjects (self->book, FALSE);

  /* The table's "With problems" filter follows at once. */
  g_clear_pointer (&self->problem_uids, g_hash_table_unref);
  self->problem_uids = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);
      CfPlanColumn column = 0;
      guint row = 0;

      if (cf_plan_finding_parse_path (cf_finding_get_path (finding), &row, &column) &&
          _cf_plans_page_is_quiet (self, row, column))
        {
          n_quiet++;
          continue;
        }
      g_ptr_array_add (shown, finding);
      if (cf_finding_is_error (finding))
        n_errors++;
      if (row >= 2 && subjects != NULL && row - 2 < subjects->len)
        g_hash_table_add (self->problem_uids,
                          GUINT_TO_POINTER (cf_plan_node_get_uid (g_ptr_array_index (subjects, row - 2))));
    }

  /* Rows do not move under the pointer: the list follows once it leaves. */
  if (self->findings_hovered && gtk_widget_get_visible (self->findings_scroller))
    {
      self->findings_pending = TRUE;
      return;
    }
  self->findings_pending = FALSE;

  if (shown->len == 0 && n_quiet == 0)
    g_string_append (text, _("No problems found"));
  else if (shown->len == 0)
    g_string_append (text, _("No problems in the fields filled in so far"));
  else if (n_errors > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%u problem, %u must be fixed before exporting",
                                               "%u problems, %u must be fixed before exporting", shown->len),
                            shown->len, n_errors);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "%u warning: worth a look, it does not block the export",
                                               "%u warnings: worth a look, they do not block the export", shown->len),
                            shown->len);
  if (n_quiet > 0)
    {
      g_string_append (text, ". ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u field of the new plan is still to be filled in.",
                                                 "%u fields of the new plan are still to be filled in.", n_quiet),
                              n_quiet);
    }
  gtk_label_set_text (self->findings_label, text->str);
  gtk_widget_set_visible (self->review_button, n_quiet > 0);
  gtk_widget_set_visible (self->findings_scroller, shown->len > 0);

  clear_list (self->findings_list);
  for (guint i = 0; i < shown->len && i < LIST_MAX_ROWS; i++)
    {
      CfFinding *finding = g_ptr_array_index (shown, i);
      g_autofree char *where = NULL;
      CfPlanColumn column = 0;
      guint row = 0;
      CfPlanNode *subject = NULL;
      GtkWidget *widget;

      if (cf_plan_finding_parse_path (cf_finding_get_path (finding), &row, &column))
        {
          /* Row 2 is the first subject of the full list. */
          subject = row >= 2 && subjects != NULL && row - 2 < subjects->len ? g_ptr_array_index (subjects, row - 2) : NULL;
          where = describe_place (self, subject, column);
        }
      widget = _cf_plans_page_create_two_line_row (cf_finding_is_error (finding) ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                                                   cf_finding_get_message (finding), where);
      gtk_widget_add_css_class (widget, cf_finding_is_error (finding) ? "cf-finding-error" : "cf-finding-warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      cf_finding_is_error (finding) ? _("Error") : _("Warning"),
                                      -1);
      append_row (self, widget,
                  subject != NULL ? cf_plan_node_get_uid (subject) : 0,
                  subject != NULL ? (int) column : -1);
    }
  if (shown->len > LIST_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more problem",
                                                            "…and %u more problems",
                                                            shown->len - LIST_MAX_ROWS),
                                               shown->len - LIST_MAX_ROWS);

      append_row (self,
                  _cf_plans_page_create_two_line_row (NULL, more,
                                                      _("Show “With problems” in the table to see every row concerned.")),
                  0, -1);
    }
}

void
_cf_plans_page_on_finding_activated_cb (CfPlansPage   *self,
                                        GtkListBoxRow *row,
                                        GtkListBox    *list)
{
  guint uid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid"));

  if (uid != 0)
    cf_plans_page_show_cell (self, uid, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cf-column")) - 1);
}

/* "Review": the whole summary, a new plan's empty fields too. */
void
_cf_plans_page_review_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);

  self->review_all = TRUE;
  _cf_plans_page_update_findings (self);
  _cf_plans_page_update_plan_header (self);
}

static void
on_pointer_enter_cb (GtkEventControllerMotion *controller,
                     double                    x,
                     double                    y,
                     CfPlansPage              *self)
{
  self->findings_hovered = TRUE;
}

static void
on_pointer_leave_cb (GtkEventControllerMotion *controller,
                     CfPlansPage              *self)
{
  self->findings_hovered = FALSE;
  if (self->findings_pending)
    _cf_plans_page_update_findings (self);
}

void
_cf_plans_page_setup_problems (CfPlansPage *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->touched = g_hash_table_new (NULL, NULL);

  self->review_button = gtk_button_new_with_mnemonic (_("_Review"));
  gtk_widget_set_tooltip_text (self->review_button, _("List every problem, the fields still empty too"));
  gtk_widget_set_halign (self->review_button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->review_button), "plans.review");
  gtk_widget_set_visible (self->review_button, FALSE);
  gtk_widget_insert_after (self->review_button, gtk_widget_get_parent (GTK_WIDGET (self->findings_label)),
                           GTK_WIDGET (self->findings_label));

  g_signal_connect (motion, "enter", G_CALLBACK (on_pointer_enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_pointer_leave_cb), self);
  gtk_widget_add_controller (self->findings_scroller, motion);
}
