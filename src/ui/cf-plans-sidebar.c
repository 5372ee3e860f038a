/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-sidebar.c: the plans page's side list of careers and plans,
 * and the details of the plan on show. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-catalog.h"
#include "cf-date.h"
#include "cf-finding.h"
#include "cf-import-mapping-dialog.h"
#include "cf-plan-import.h"
#include "cf-plan-row-item.h"
#include "cf-plan-validate.h"
#include "cf-plans-page-private.h"
#include "cf-xlsx-writer.h"

/* The values of the plan and the levels above it, edited in the details
 * (the table shows the subject's own), in groups; -1 ends a group. The
 * long names take a whole line, the others flow side by side. */
#define GROUP_END ((CfPlanColumn) -1)
static const struct
{
  const char   *title;   /* N_() */
  CfPlanColumn  columns[11];
} detail_groups[] = {
  { N_("Plan"), { CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_NO_RVOE, CF_PLAN_COL_FECHA_RVOE,
                  CF_PLAN_COL_ID_TIPO_PERIODO, CF_PLAN_COL_ESTATUS_PLAN,
                  CF_PLAN_COL_TOTAL_ASIGNATURAS, CF_PLAN_COL_TOTAL_CREDITOS,
                  CF_PLAN_COL_CALIFICACION_MINIMA, CF_PLAN_COL_CALIFICACION_MAXIMA,
                  CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA, GROUP_END } },
  { N_("Career"), { CF_PLAN_COL_NOMBRE_CARRERA, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_CARRERA,
                    CF_PLAN_COL_ID_NIVEL_ESTUDIOS, GROUP_END } },
  { N_("Campus and Institution"), { CF_PLAN_COL_NOMBRE_INSTITUCION, CF_PLAN_COL_CAMPUS,
                                    CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_ID_CAMPUS,
                                    CF_PLAN_COL_ID_ENTIDAD, GROUP_END } },
};

static gboolean
is_wide (CfPlanColumn column)
{
  return column == CF_PLAN_COL_NOMBRE_CARRERA || column == CF_PLAN_COL_NOMBRE_INSTITUCION ||
         column == CF_PLAN_COL_CAMPUS;
}

/* A catalog value by name, the code after it: "Obligatoria (263)". */
char *
_cf_plans_page_catalog_choice (CfCatalogEntry *entry)
{
  g_autofree char *name = cf_catalog_entry_dup_name (entry);

  /* Translators: a catalog value and its SEP code, "Obligatoria (263)". */
  return g_strdup_printf (_("%s (%s)"), name, cf_catalog_entry_get_code (entry));
}

/* ------------------------------------------------------------------ */
/* Sidebar                                                             */
/* ------------------------------------------------------------------ */

/* A new career or plan has no name or key yet: say it is new. */
static const char *
career_name (CfPlanNode *node)
{
  const char *name = cf_plan_node_get (node, CF_PLAN_COL_NOMBRE_CARRERA);

  return *name != '\0' ? name : _("New career");
}

static char *
plan_title (CfPlanNode *plan)
{
  const char *key = cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN);

  return *key != '\0' ? g_strdup_printf (_("Plan %s"), key) : g_strdup (_("New plan"));
}

void
_cf_plans_page_header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  CfPlansPage *self = user_data;
  CfPlanNode *plan = cf_plan_book_lookup_uid (self->book, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid")));
  CfPlanNode *before_plan = NULL;
  CfPlanNode *career;
  GtkWidget *label;
  g_autofree char *text = NULL;

  if (before != NULL)
    before_plan = cf_plan_book_lookup_uid (self->book, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (before), "cf-uid")));
  if (plan == NULL)
    return;
  career = cf_plan_node_get_parent (plan);
  if (before_plan != NULL && cf_plan_node_get_parent (before_plan) == career)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  text = g_strdup_printf ("%s · %s", cf_plan_node_get (career, CF_PLAN_COL_ID_CARRERA),
                          career_name (career));
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_header (row, label);
}

static GtkWidget *
create_plan_row (CfPlanNode *plan)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = plan_title (plan);
  g_autofree char *subtitle = NULL;
  GtkWidget *label;

  const char *rvoe = *cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE) != '\0'
                     ? cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE) : "—";

  if (!cf_plan_node_is_current (plan))
    subtitle = g_strdup_printf (_("RVOE %s · withdrawn"), rvoe);
  else
    subtitle = g_strdup_printf (_("RVOE %s · %u subjects"), rvoe, cf_plan_node_get_n_children (plan));

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "cf-uid", GUINT_TO_POINTER (cf_plan_node_get_uid (plan)));
  /* The career shows in a header above: the row's name says it too. */
  {
    g_autofree char *name = g_strdup_printf ("%s, %s, %s",
                                             cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_CARRERA), title, subtitle);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }

  return row;
}

/* The sheet row of the first subject under each node (uid → row), the
 * row its values' problems are reported on. */
static GHashTable *
map_first_rows (CfPlansPage *self)
{
  g_autoptr(GPtrArray) subjects = cf_plan_book_list_subjects (self->book, FALSE);
  GHashTable *rows = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < subjects->len; i++)
    for (CfPlanNode *node = cf_plan_node_get_parent (g_ptr_array_index (subjects, i));
         node != NULL;
         node = cf_plan_node_get_parent (node))
      {
        gpointer uid = GUINT_TO_POINTER (cf_plan_node_get_uid (node));

        if (g_hash_table_contains (rows, uid))
          break;
        g_hash_table_insert (rows, uid, GUINT_TO_POINTER (i + 2));
      }
  return rows;
}

/* A field's value as the form shows it: dates as DD/MM/AAAA. */
static char *
form_text (CfPlanColumn  column,
           const char   *value)
{
  return column == CF_PLAN_COL_FECHA_RVOE ? cf_date_text_to_form (value) : g_strdup (value);
}

/* The field's own problem under it: errors first; a new plan's only once
 * the field was touched. */
static void
update_field_problem (CfPlansPage  *self,
                      CfPlanNode   *plan,
                      CfPlanColumn  column,
                      GHashTable   *first_rows)
{
  GtkWidget *entry = self->detail_entries[column];
  GtkWidget *label = g_object_get_data (G_OBJECT (entry), "cf-error-label");
  GPtrArray *findings = cf_plan_session_get_findings (self->session);
  CfPlanNode *node = plan != NULL ? cf_plan_node_get_ancestor (plan, cf_plan_column_get_level (column)) : NULL;
  guint node_row = node != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (first_rows, GUINT_TO_POINTER (cf_plan_node_get_uid (node)))) : 0;
  CfFinding *shown = NULL;

  for (guint i = 0; node != NULL && findings != NULL && i < findings->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (findings, i);
      CfPlanColumn finding_column;
      guint row;

      if (cf_plan_finding_parse_path (cf_finding_get_path (finding), &row, &finding_column) &&
          row == node_row && finding_column == column &&
          (shown == NULL || (cf_finding_is_error (finding) && !cf_finding_is_error (shown))))
        shown = finding;
    }
  if (shown != NULL && _cf_plans_page_is_quiet (self, node_row, column))
    shown = NULL;

  gtk_widget_set_visible (label, shown != NULL);
  /* Under its field an empty value needs no column name. */
  if (shown != NULL && g_strcmp0 (cf_finding_get_code (shown), "plan.required") == 0)
    gtk_label_set_text (GTK_LABEL (label), _("SEP needs this value."));
  else
    gtk_label_set_text (GTK_LABEL (label), shown != NULL ? cf_finding_get_message (shown) : "");
  if (shown != NULL && cf_finding_is_error (shown))
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  if (shown != NULL && !cf_finding_is_error (shown))
    gtk_widget_add_css_class (entry, "warning");
  else
    gtk_widget_remove_css_class (entry, "warning");
  if (shown != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL, -1);
  else
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
}

/* The details: the first subject's row carries the plan's values
 * in the diff (they repeat on every row of the plan). */
static void
update_details (CfPlansPage *self)
{
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  CfPlanNode *first = plan != NULL && cf_plan_node_get_n_children (plan) > 0
                      ? cf_plan_node_get_child (plan, 0) : NULL;
  g_autofree char *key = first != NULL ? cf_plan_node_dup_key (first) : NULL;
  g_autoptr(GHashTable) first_rows = plan != NULL ? map_first_rows (self) : NULL;

  for (CfPlanColumn column = 0; column < CF_PLAN_N_COLUMNS; column++)
    {
      GtkWidget *entry = self->detail_entries[column];
      const char *value;
      const char *old_value = NULL;
      g_autofree char *description = NULL;

      if (entry == NULL)
        continue;
      value = plan != NULL ? cf_plan_node_get (plan, column) : "";
      update_field_problem (self, plan, column, first_rows);
      gtk_widget_set_sensitive (entry, plan != NULL);
      if (GTK_IS_DROP_DOWN (entry))
        {
          GPtrArray *codes = g_object_get_data (G_OBJECT (entry), "cf-codes");
          guint position = GTK_INVALID_LIST_POSITION;

          for (guint k = 0; k < codes->len; k++)
            if (g_str_equal (g_ptr_array_index (codes, k), value))
              position = k;
          if (gtk_drop_down_get_selected (GTK_DROP_DOWN (entry)) != position)
            {
              g_object_set_data (G_OBJECT (entry), "cf-updating", GINT_TO_POINTER (TRUE));
              gtk_drop_down_set_selected (GTK_DROP_DOWN (entry), position);
              g_object_set_data (G_OBJECT (entry), "cf-updating", NULL);
            }
        }
      else
        {
          guint uid = plan != NULL ? cf_plan_node_get_uid (plan) : 0;
          gboolean other_plan = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "cf-plan-uid")) != uid;

          g_autofree char *shown = form_text (column, value);

          /* Text being typed stays, unless it was typed for another plan. */
          if ((other_plan || !(gtk_widget_get_state_flags (entry) & GTK_STATE_FLAG_FOCUS_WITHIN)) &&
              g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), shown) != 0)
            gtk_editable_set_text (GTK_EDITABLE (entry), shown);
          g_object_set_data (G_OBJECT (entry), "cf-plan-uid", GUINT_TO_POINTER (uid));
        }

      if (key != NULL && cf_plan_session_get_diff (self->session) != NULL)
        {
          if (cf_plan_diff_is_new_row (cf_plan_session_get_diff (self->session), key))
            description = g_strdup (_("New since the last version sent to SEP"));
          else if (cf_plan_diff_is_changed (cf_plan_session_get_diff (self->session), key, column, &old_value))
            {
              g_autofree char *was = _cf_plans_page_describe_value (old_value);

              description = g_strdup_printf (_("Changed since the last version sent to SEP: was %s"), was);
            }
        }
      /* A code the catalog lacks cannot show in a drop-down: say it. */
      if (GTK_IS_DROP_DOWN (entry) && *value != '\0' &&
          gtk_drop_down_get_selected (GTK_DROP_DOWN (entry)) == GTK_INVALID_LIST_POSITION)
        {
          g_autofree char *unknown = g_strdup_printf (_("“%s” is not in the catalog"), value);

          if (description == NULL)
            description = g_steal_pointer (&unknown);
          else
            {
              g_autofree char *both = g_strdup_printf ("%s. %s", unknown, description);

              g_free (description);
              description = g_steal_pointer (&both);
            }
        }
      if (description != NULL)
        {
          gtk_widget_add_css_class (entry, "cf-changed");
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                          -1);
          gtk_widget_set_tooltip_text (entry, description);
        }
      else
        {
          gtk_widget_remove_css_class (entry, "cf-changed");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
          gtk_widget_set_tooltip_text (entry, NULL);
        }
    }
}

static void
commit_detail (CfPlansPage *self,
               GtkWidget   *entry)
{
  CfPlanColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "cf-column"));
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (entry));
  /* Dates are typed DD/MM/AAAA and kept as SEP's files write them. */
  g_autofree char *text = column == CF_PLAN_COL_FECHA_RVOE ? cf_date_text_from_form (typed) : g_strdup (typed);
  g_autoptr(GError) error = NULL;

  /* The text must be for the plan on show (it may have changed under a
   * focused entry: removed, undone, another plan chosen). */
  if (plan == NULL || g_strcmp0 (cf_plan_node_get (plan, column), text) == 0 ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "cf-plan-uid")) != cf_plan_node_get_uid (plan))
    return;
  if (!cf_plan_book_set_value (self->book, plan, column, text, &error))
    {
      g_autofree char *shown = form_text (column, cf_plan_node_get (plan, column));

      _cf_plans_page_edit_failed (self, error);
      gtk_editable_set_text (GTK_EDITABLE (entry), shown);
    }
}

static void
on_detail_selected_cb (GtkDropDown *drop_down,
                       GParamSpec  *pspec,
                       CfPlansPage *self)
{
  CfPlanColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (drop_down), "cf-column"));
  GPtrArray *codes = g_object_get_data (G_OBJECT (drop_down), "cf-codes");
  guint selected = gtk_drop_down_get_selected (drop_down);
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (drop_down), "cf-updating") == NULL && plan != NULL)
    _cf_plans_page_touch (self, column);
  if (g_object_get_data (G_OBJECT (drop_down), "cf-updating") != NULL || plan == NULL ||
      selected >= codes->len ||
      g_strcmp0 (cf_plan_node_get (plan, column), g_ptr_array_index (codes, selected)) == 0)
    return;
  if (!cf_plan_book_set_value (self->book, plan, column, g_ptr_array_index (codes, selected), &error))
    {
      _cf_plans_page_edit_failed (self, error);
      update_details (self);
    }
}

static void
on_choice_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The choice wraps in a narrow field rather than hide its end. */
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* Measured at a field's width, not one word's: a line or two. */
      gtk_label_set_width_chars (GTK_LABEL (label), 14);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
on_choice_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), gtk_string_object_get_string (item));
}

/* Catalog columns and the plan's status are chosen, not typed. */
static GtkWidget *
create_detail_drop_down (CfPlansPage  *self,
                         CfPlanColumn  column)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *catalog = cf_plan_column_get_catalog (column);
  GtkWidget *drop_down;

  if (catalog != NULL)
    {
      g_autoptr(GPtrArray) entries = cf_catalog_list (catalog, NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          CfCatalogEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *name = _cf_plans_page_catalog_choice (entry);

          g_ptr_array_add (codes, g_strdup (cf_catalog_entry_get_code (entry)));
          gtk_string_list_append (names, name);
        }
    }
  else
    {
      g_ptr_array_add (codes, g_strdup (CF_PLAN_STATUS_CURRENT));
      /* Translators: a plan SEP still certifies (VIGENTE). */
      gtk_string_list_append (names, _("Current (VIGENTE)"));
      g_ptr_array_add (codes, g_strdup (CF_PLAN_STATUS_WITHDRAWN));
      /* Translators: a plan withdrawn (BAJA): left out of SEP's file. */
      gtk_string_list_append (names, _("Withdrawn (BAJA)"));
    }

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  /* The button's choice wraps to the field's width; the list shows it
   * on one line. */
  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    GtkListItemFactory *list_factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (on_choice_setup_cb), GINT_TO_POINTER (TRUE));
    g_signal_connect (factory, "bind", G_CALLBACK (on_choice_bind_cb), NULL);
    g_signal_connect (list_factory, "setup", G_CALLBACK (on_choice_setup_cb), GINT_TO_POINTER (FALSE));
    g_signal_connect (list_factory, "bind", G_CALLBACK (on_choice_bind_cb), NULL);
    gtk_drop_down_set_factory (GTK_DROP_DOWN (drop_down), factory);
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (drop_down), list_factory);
    g_object_unref (factory);
    g_object_unref (list_factory);
  }
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), codes->len > 8);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (drop_down),
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), GTK_INVALID_LIST_POSITION);
  g_object_set_data_full (G_OBJECT (drop_down), "cf-codes", codes, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (on_detail_selected_cb), self, 0);
  return drop_down;
}

/* A field edited or left is touched: its problem may show now. */
static void
touch_detail (CfPlansPage *self,
              GtkWidget   *entry)
{
  _cf_plans_page_touch (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (entry), "cf-column")));
  update_details (self);
}

static void
on_detail_activate_cb (GtkEntry    *entry,
                       CfPlansPage *self)
{
  commit_detail (self, GTK_WIDGET (entry));
  touch_detail (self, GTK_WIDGET (entry));
}

/* Left for good, not for a moment (a menu closing hands the focus back):
 * the field is touched. */
static gboolean
touch_if_left_cb (gpointer data)
{
  GtkWidget *entry = data;
  CfPlansPage *self = CF_PLANS_PAGE (gtk_widget_get_ancestor (entry, CF_TYPE_PLANS_PAGE));

  if (self != NULL && !(gtk_widget_get_state_flags (entry) & GTK_STATE_FLAG_FOCUS_WITHIN))
    touch_detail (self, entry);
  return G_SOURCE_REMOVE;
}

static void
on_detail_leave_cb (GtkEventController *controller,
                    CfPlansPage        *self)
{
  GtkWidget *entry = gtk_event_controller_get_widget (controller);

  if (GTK_IS_EDITABLE (entry))
    commit_detail (self, entry);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, touch_if_left_cb, g_object_ref (entry), g_object_unref);
}

/* One field: its name in words (SEP's column name in the tooltip), the
 * entry or the choice, and its problem under it once there is one. */
static GtkWidget *
create_field (CfPlansPage  *self,
              CfPlanColumn  column)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label = gtk_label_new (cf_plan_column_get_label (column));
  GtkWidget *problem = gtk_label_new (NULL);
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *tooltip = NULL;
  GtkWidget *entry;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  /* Translators: the tooltip of a field of the plan: SEP's column name. */
  tooltip = g_strdup_printf (_("In SEP’s file: %s"), cf_plan_column_get_name (column));
  gtk_widget_set_tooltip_text (box, tooltip);

  if (cf_plan_column_get_catalog (column) != NULL || column == CF_PLAN_COL_ESTATUS_PLAN)
    entry = create_detail_drop_down (self, column);
  else
    {
      entry = gtk_entry_new ();
      /* A few characters at least; the field takes the width it is given. */
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
      if (column == CF_PLAN_COL_FECHA_RVOE)
        /* Translators: how a date is typed; Spanish "DD/MM/AAAA" */
        gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("DD/MM/YYYY"));
      g_signal_connect (entry, "activate", G_CALLBACK (on_detail_activate_cb), self);
    }
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect (focus, "leave", G_CALLBACK (on_detail_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  g_object_set_data (G_OBJECT (entry), "cf-column", GINT_TO_POINTER (column));

  gtk_label_set_xalign (GTK_LABEL (problem), 0);
  gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (problem), PANGO_WRAP_WORD_CHAR);
  /* Wraps under its field rather than widen every field of the line. */
  gtk_label_set_max_width_chars (GTK_LABEL (problem), 20);
  gtk_widget_add_css_class (problem, "caption");
  gtk_widget_add_css_class (problem, "error");
  gtk_widget_set_visible (problem, FALSE);
  g_object_set_data (G_OBJECT (entry), "cf-error-label", problem);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), problem);
  self->detail_entries[column] = entry;
  return box;
}

void
_cf_plans_page_setup_details (CfPlansPage *self)
{
  for (guint g = 0; g < G_N_ELEMENTS (detail_groups); g++)
    {
      GtkWidget *heading = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, detail_groups[g].title));
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (group), heading);

      /* As many fields side by side as the width holds, down to one. */
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 5);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);

      for (guint i = 0; detail_groups[g].columns[i] != GROUP_END; i++)
        {
          CfPlanColumn column = detail_groups[g].columns[i];
          GtkWidget *field = create_field (self, column);

          if (is_wide (column))
            gtk_box_append (GTK_BOX (group), field);
          else
            {
              GtkWidget *child = gtk_flow_box_child_new ();

              gtk_widget_set_size_request (field, 160, -1);
              gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), field);
              /* Tab goes to the entry, not to the box around it. */
              gtk_widget_set_focusable (child, FALSE);
              gtk_flow_box_append (GTK_FLOW_BOX (flow), child);
            }
        }
      gtk_box_append (GTK_BOX (group), flow);
      gtk_box_append (self->details_box, group);
    }
}

void
_cf_plans_page_update_plan_header (CfPlansPage *self)
{
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  CfCatalogEntry *type_entry;
  g_autofree char *type = NULL;

  if (plan == NULL)
    {
      gtk_label_set_text (self->plan_title, "");
      gtk_label_set_text (self->plan_subtitle, "");
      update_details (self);
      return;
    }

  {
    g_autofree char *plan_name = plan_title (plan);

    /* Translators: the career's name and the plan, "LICENCIATURA EN DERECHO — Plan 2018". */
    title = g_strdup_printf (_("%s — %s"), career_name (plan), plan_name);
  }
  type_entry = cf_catalog_lookup_entry (CF_CATALOG_TIPO_PERIODO, cf_plan_node_get (plan, CF_PLAN_COL_ID_TIPO_PERIODO));
  type = type_entry != NULL ? cf_catalog_entry_dup_name (type_entry) : NULL;
  /* Only the parts that have values: a new plan starts empty. */
  parts = g_ptr_array_new_with_free_func (g_free);
  if (*cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE) != '\0')
    {
      g_autofree char *date = cf_date_text_to_words (cf_plan_node_get (plan, CF_PLAN_COL_FECHA_RVOE));

      /* Translators: RVOE number and date. */
      g_ptr_array_add (parts, g_strdup_printf (_("RVOE %s of %s"),
                                               cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE), date));
    }
  if (type != NULL)
    g_ptr_array_add (parts, g_steal_pointer (&type));
  if (*cf_plan_node_get (plan, CF_PLAN_COL_TOTAL_ASIGNATURAS) != '\0')
    /* Translators: TOTAL_ASIGNATURAS and TOTAL_CREDITOS as written. */
    g_ptr_array_add (parts, g_strdup_printf (_("%s subjects, %s credits"),
                                             cf_plan_node_get (plan, CF_PLAN_COL_TOTAL_ASIGNATURAS),
                                             cf_plan_node_get (plan, CF_PLAN_COL_TOTAL_CREDITOS)));
  if (*cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MAXIMA) != '\0')
    /* Translators: the grading scale: minimum, maximum, passing. */
    g_ptr_array_add (parts, g_strdup_printf (_("grades %s to %s, passing %s"),
                                             cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA),
                                             cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MAXIMA),
                                             cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA)));
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("Fill in the plan’s details below")));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);
  gtk_label_set_text (self->plan_title, title);
  gtk_label_set_text (self->plan_subtitle, subtitle);
  update_details (self);
}

void
_cf_plans_page_select_plan (CfPlansPage *self,
             guint        uid)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->plan_list, i)) != NULL; i++)
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid")) == uid)
      {
        gtk_list_box_select_row (self->plan_list, row);
        return;
      }
}

void
_cf_plans_page_show_plan (CfPlansPage *self,
           guint        uid)
{
  if (uid == self->plan_uid)
    return;
  self->plan_uid = uid;
  _cf_plans_page_rebuild_subjects (self);
  _cf_plans_page_update_plan_header (self);
}

void
_cf_plans_page_rebuild_sidebar (CfPlansPage *self)
{
  g_autoptr(GPtrArray) plans = NULL;
  GtkListBoxRow *row;
  guint keep = 0;

  self->rebuilding_sidebar = TRUE;
  while ((row = gtk_list_box_get_row_at_index (self->plan_list, 0)) != NULL)
    gtk_list_box_remove (self->plan_list, GTK_WIDGET (row));

  if (self->book != NULL)
    {
      plans = cf_plan_book_list_level (self->book, CF_PLAN_LEVEL_PLAN);
      for (guint i = 0; i < plans->len; i++)
        {
          CfPlanNode *plan = g_ptr_array_index (plans, i);

          gtk_list_box_append (self->plan_list, create_plan_row (plan));
          if (cf_plan_node_get_uid (plan) == self->plan_uid || keep == 0)
            keep = cf_plan_node_get_uid (plan);
        }
    }
  self->rebuilding_sidebar = FALSE;
  gtk_stack_set_visible_child_name (self->stack, keep != 0 ? "editor" : "empty");
  if (keep != self->plan_uid)
    {
      self->plan_uid = 0;
      _cf_plans_page_show_plan (self, keep);
    }
  _cf_plans_page_select_plan (self, keep);
  _cf_plans_page_update_plan_header (self);
}

void
_cf_plans_page_on_plan_selected_cb (CfPlansPage   *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  if (row == NULL || self->rebuilding_sidebar)
    return;
  _cf_plans_page_show_plan (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid")));
}
