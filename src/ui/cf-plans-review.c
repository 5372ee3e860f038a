/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-review.c: the plans page's lists of changes since the last
 * version sent and of problems, each row taking the registrar to its cell. */
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

/* Rows in the changes and problems lists: a list of 20,000 rows would
 * freeze the window; the table's filter shows them all. */
#define LIST_MAX_ROWS 200

/* ------------------------------------------------------------------ */
/* Changes and findings                                                */
/* ------------------------------------------------------------------ */

GtkWidget *
_cf_plans_page_create_two_line_row (const char *icon_name,
                     const char *title,
                     const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (text), label);
  if (subtitle != NULL)
    {
      label = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* A row of the changes or problems list that goes to the cell of @column
 * (-1: the row) of subject @uid when activated (0: goes nowhere). */
static void
append_target_row (GtkListBox *list,
                   GtkWidget  *row,
                   guint       uid,
                   int         column)
{
  g_object_set_data (G_OBJECT (row), "cf-uid", GUINT_TO_POINTER (uid));
  g_object_set_data (G_OBJECT (row), "cf-column", GINT_TO_POINTER (column + 1));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), uid != 0);
  gtk_list_box_append (list, row);
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* Where a change is: the subject, or for a value of the plan (or above)
 * the plan, career or campus that owns it. */
static char *
describe_place (const CfPlanChange *change)
{
  const CfPlanRow *row = change->row;
  CfPlanLevel level = change->kind == CF_PLAN_CHANGE_CELL ? cf_plan_column_get_level (change->column)
                                                          : CF_PLAN_LEVEL_SUBJECT;

  switch (level)
    {
    case CF_PLAN_LEVEL_INSTITUTION:
      return g_strdup (_("The institution"));
    case CF_PLAN_LEVEL_CAMPUS:
      return g_strdup_printf (_("Campus %s"), row->cells[CF_PLAN_COL_ID_CAMPUS]);
    case CF_PLAN_LEVEL_CAREER:
      return g_strdup_printf (_("Career %s"), row->cells[CF_PLAN_COL_ID_CARRERA]);
    case CF_PLAN_LEVEL_PLAN:
      return g_strdup_printf (_("Career %s, plan %s"), row->cells[CF_PLAN_COL_ID_CARRERA],
                              row->cells[CF_PLAN_COL_CLAVE_PLAN]);
    case CF_PLAN_LEVEL_SUBJECT:
    default:
      return g_strdup_printf (_("Career %s, plan %s, subject %s"), row->cells[CF_PLAN_COL_ID_CARRERA],
                              row->cells[CF_PLAN_COL_CLAVE_PLAN], row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
    }
}

GtkWidget *
_cf_plans_page_create_change_row (const CfPlanChange *change)
{
  const CfPlanRow *row = change->row;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = describe_place (change);
  const char *icon;

  switch (change->kind)
    {
    case CF_PLAN_CHANGE_NEW_ROW:
      icon = "list-add-symbolic";
      title = g_strdup_printf (_("New subject: %s"), row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
      break;
    case CF_PLAN_CHANGE_CELL:
      {
        g_autofree char *was = _cf_plans_page_describe_value (change->old_value);
        g_autofree char *now = _cf_plans_page_describe_value (change->new_value);

        icon = "document-edit-symbolic";
        /* Translators: column name, old value, new value. */
        title = g_strdup_printf (_("%s: %s → %s"), cf_plan_column_get_label (change->column), was, now);
      }
      break;
    case CF_PLAN_CHANGE_REMOVED_ROW:
    default:
      icon = "list-remove-symbolic";
      title = g_strdup_printf (_("Removed subject: %s"), row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
      break;
    }
  return _cf_plans_page_create_two_line_row (icon, title, subtitle);
}

/* "3 new subjects, 1 changed value, 2 removed subjects", the parts that
 * are not zero; "" when nothing changed. */
char *
_cf_plans_page_describe_counts (CfPlanDiff *diff)
{
  guint n_new = cf_plan_diff_count (diff, CF_PLAN_CHANGE_NEW_ROW);
  guint n_cells = cf_plan_diff_count (diff, CF_PLAN_CHANGE_CELL);
  guint n_removed = cf_plan_diff_count (diff, CF_PLAN_CHANGE_REMOVED_ROW);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (n_new > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new subject", "%u new subjects", n_new),
                                             n_new));
  if (n_cells > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed value", "%u changed values",
                                                          n_cells),
                                             n_cells));
  if (n_removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u removed subject",
                                                          "%u removed subjects", n_removed),
                                             n_removed));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

void
_cf_plans_page_update_changes (CfPlansPage *self)
{
  CfPlanDiff *diff = cf_plan_session_get_diff (self->session);
  guint n = diff != NULL ? cf_plan_diff_get_n_changes (diff) : 0;
  gboolean sent = diff != NULL && cf_plan_diff_has_base (diff);
  g_autofree char *button = NULL;

  clear_list (self->changes_list);

  /* Before a first version is sent there is nothing to compare with: said
   * where the changes would be listed, and beside the table. */
  gtk_widget_set_visible (GTK_WIDGET (self->unsent_label), diff != NULL && !sent);
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->changes_list), GTK_TYPE_SCROLLED_WINDOW), sent);
  if (!sent)
    gtk_label_set_text (self->changes_label, gtk_label_get_text (self->unsent_label));
  else if (n == 0)
    {
      g_autofree char *date = _cf_plans_page_format_date (cf_plan_diff_get_base_date (diff));
      g_autofree char *text = g_strdup_printf (_("Nothing has changed since the version sent to SEP on %s."), date);

      gtk_label_set_text (self->changes_label, text);
    }
  else
    {
      g_autofree char *date = _cf_plans_page_format_date (cf_plan_diff_get_base_date (diff));
      g_autofree char *counts = _cf_plans_page_describe_counts (diff);
      /* Translators: a date in words, then "3 new subjects, 1 changed value…". */
      g_autofree char *text = g_strdup_printf (_("Since the version sent to SEP on %s: %s"), date, counts);

      gtk_label_set_text (self->changes_label, text);
    }

  for (guint i = 0; i < n && i < LIST_MAX_ROWS; i++)
    {
      const CfPlanChange *change = cf_plan_diff_get_change (diff, i);

      append_target_row (self->changes_list, _cf_plans_page_create_change_row (change),
                         change->kind == CF_PLAN_CHANGE_REMOVED_ROW ? 0 : change->row->uid,
                         change->kind == CF_PLAN_CHANGE_CELL ? (int) change->column : -1);
    }
  if (n > LIST_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more change",
                                                            "…and %u more changes",
                                                            n - LIST_MAX_ROWS),
                                               n - LIST_MAX_ROWS);

      append_target_row (self->changes_list,
                         _cf_plans_page_create_two_line_row (NULL, more,
                                              _("Show “Changed since sent” in the table to see them all, or export the workbook: every change is yellow there.")),
                         0, -1);
    }

  /* Translators: the button that opens the list of changes. */
  button = g_strdup_printf (_("Changes (%u)"), n);
  gtk_menu_button_set_label (self->changes_button, button);
}

void
_cf_plans_page_on_change_activated_cb (CfPlansPage   *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  guint uid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid"));

  if (uid == 0)
    return;
  gtk_popover_popdown (self->changes_popover);
  cf_plans_page_show_cell (self, uid, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cf-column")) - 1);
}
