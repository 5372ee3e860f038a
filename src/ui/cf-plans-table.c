/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-table.c: the plans page's subjects table: cells, editing, the
 * type drop-down, the filter. */
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

/* The subject columns of the table, in the workbook's order. */
static const struct
{
  CfPlanColumn  column;
  const char   *title;   /* N_() */
  int           width;
  gboolean      expand;
} table_columns[] = {
  { CF_PLAN_COL_ID_ASIGNATURA, N_("Subject ID"), 122, FALSE },
  { CF_PLAN_COL_CLAVE_ASIGNATURA, N_("Key"), 86, FALSE },
  { CF_PLAN_COL_NOMBRE_ASIGNATURA, N_("Name"), 130, TRUE },
  { CF_PLAN_COL_ID_TIPO_ASIGNATURA, N_("Type"), 175, FALSE },
  { CF_PLAN_COL_CREDITOS, N_("Credits"), 76, FALSE },
  { CF_PLAN_COL_PERIODO, N_("Period"), 66, FALSE },
};

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  CfPlansPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  CfPlanNode *node;
  static const CfPlanColumn searched[] = {
    CF_PLAN_COL_ID_ASIGNATURA, CF_PLAN_COL_CLAVE_ASIGNATURA, CF_PLAN_COL_NOMBRE_ASIGNATURA,
  };

  if (self->book == NULL)
    return TRUE;
  node = cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
  if (node == NULL)
    return FALSE;

  switch (gtk_drop_down_get_selected (self->show_drop_down))
    {
    case SHOW_CHANGED:
      {
        g_autofree char *key = cf_plan_node_dup_key (node);
        gboolean changed = FALSE;

        /* A new row, or any of its cells yellow. */
        for (guint c = 0; cf_plan_session_get_diff (self->session) != NULL && c < CF_PLAN_N_SEP_COLUMNS && !changed; c++)
          changed = cf_plan_diff_is_highlighted (cf_plan_session_get_diff (self->session), key, c);
        if (!changed)
          return FALSE;
      }
      break;
    case SHOW_PROBLEMS:
      if (self->problem_uids == NULL ||
          !g_hash_table_contains (self->problem_uids, GUINT_TO_POINTER (cf_plan_node_get_uid (node))))
        return FALSE;
      break;
    default:
      break;
    }
  if (text == NULL || *text == '\0')
    return TRUE;

  /* Accents and case ignored, as registrars type names both ways. */
  needle = cf_plan_normalize_header (text);
  for (guint i = 0; i < G_N_ELEMENTS (searched); i++)
    {
      g_autofree char *hay = cf_plan_normalize_header (cf_plan_node_get (node, searched[i]));

      if (strstr (hay, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Ends any cell edit with what was typed, for the subject it was typed
 * on, before the rows are given other subjects. */
static void
stop_cell_editing (GtkWidget *widget)
{
  if (GTK_IS_EDITABLE_LABEL (widget) && gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (widget)))
    gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    stop_cell_editing (child);
}

void
_cf_plans_page_rebuild_subjects (CfPlansPage *self)
{
  CfPlanNode *plan = _cf_plans_page_current_plan (self);
  GListModel *model = G_LIST_MODEL (self->subjects);
  guint n_new = plan != NULL ? cf_plan_node_get_n_children (plan) : 0;
  guint n_old = g_list_model_get_n_items (model);
  guint n_kept = MIN (n_old, n_new);

  stop_cell_editing (GTK_WIDGET (self->column_view));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  /* The rows GTK has built are kept and shown other subjects: replacing
   * the items would build every cell of the table again (a fifth of a
   * second for 50 subjects in GTK 4.8). */
  for (guint i = 0; i < n_kept; i++)
    {
      g_autoptr(CfPlanRowItem) item = g_list_model_get_item (model, i);

      cf_plan_row_item_set_uid (item, cf_plan_node_get_uid (cf_plan_node_get_child (plan, i)));
    }
  if (n_new < n_old)
    g_list_store_splice (self->subjects, n_new, n_old - n_new, NULL, 0);
  else if (n_new > n_old)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = n_old; i < n_new; i++)
        g_ptr_array_add (items, cf_plan_row_item_new (cf_plan_node_get_uid (cf_plan_node_get_child (plan, i))));
      g_list_store_splice (self->subjects, n_old, 0, items->pdata, items->len);
    }
  /* What the search or the Show filter keeps depends on the subject. */
  if (n_kept > 0)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The position of @code in the subject-type catalog, or
 * GTK_INVALID_LIST_POSITION. */
static guint
type_position (CfPlansPage *self,
               const char  *code)
{
  for (guint i = 0; i < self->type_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->type_codes, i), code))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Paints one cell from the book, the diff and the findings. */
static void
update_cell (CfPlansPage *self,
             GtkWidget   *cell)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (cell), "cf-item");
  CfPlanColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "cf-column"));
  g_autofree char *key = NULL;
  g_autofree char *description = NULL;
  const char *old_value = NULL;
  const char *value;
  CfPlanNode *node;
  gboolean is_new = FALSE, changed = FALSE;

  if (item == NULL || self->book == NULL)
    return;
  node = cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
  if (node == NULL || cf_plan_node_get_level (node) != CF_PLAN_LEVEL_SUBJECT)
    return;

  value = cf_plan_node_get (node, column);
  if (GTK_IS_EDITABLE_LABEL (cell))
    {
      if (!gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)) &&
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cell)), value) != 0)
        gtk_editable_set_text (GTK_EDITABLE (cell), value);
    }
  else if (GTK_IS_BUTTON (cell))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (cell));
      guint position = type_position (self, value);
      const char *text = position != GTK_INVALID_LIST_POSITION
                         ? gtk_string_list_get_string (self->type_names, position) : value;

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) != 0)
        {
          /* Translators: the column's title and the subject type shown. */
          g_autofree char *name = g_strdup_printf (_("%s: %s"), _("Type"), *text != '\0' ? text : _("empty"));

          gtk_label_set_text (GTK_LABEL (label), text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        }
    }

  if (cf_plan_session_get_diff (self->session) != NULL)
    {
      key = cf_plan_node_dup_key (node);
      is_new = cf_plan_diff_is_new_row (cf_plan_session_get_diff (self->session), key);
      changed = !is_new && cf_plan_diff_is_changed (cf_plan_session_get_diff (self->session), key, column, &old_value);
    }

  if (is_new)
    description = g_strdup (_("New since the last version sent to SEP"));
  else if (changed)
    {
      g_autofree char *was = _cf_plans_page_describe_value (old_value);

      /* Translators: %s is the value sent before, quoted, or "empty". */
      description = g_strdup_printf (_("Changed since the last version sent to SEP: was %s"), was);
    }

  /* A refresh repaints every bound cell: touch the widget only when its
   * state changes (style and accessibility updates are what cost). */
  if (g_strcmp0 (description, g_object_get_data (G_OBJECT (cell), "cf-description")) == 0)
    return;
  /* The tooltip reads "cf-description" when asked (on_cell_query_tooltip_cb):
   * setting tooltip text costs about a millisecond per cell in GTK 4.8,
   * a second for a table of new rows. */
  if (description != NULL)
    {
      gtk_widget_add_css_class (cell, "cf-changed");
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (cell, "cf-changed");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  g_object_set_data_full (G_OBJECT (cell), "cf-description", g_steal_pointer (&description), g_free);
}

/* The first column: the plan order and the "New" badge. */
static void
update_order_cell (CfPlansPage *self,
                   GtkWidget   *box)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (box), "cf-item");
  GtkWidget *number = gtk_widget_get_first_child (box);
  GtkWidget *badge = gtk_widget_get_next_sibling (number);
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  CfPlanNode *node;

  if (item == NULL || self->book == NULL)
    return;
  node = cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
  if (node == NULL)
    return;

  text = g_strdup_printf ("%u", cf_plan_node_get_index (node) + 1);
  gtk_label_set_text (GTK_LABEL (number), text);
  key = cf_plan_node_dup_key (node);
  gtk_widget_set_visible (badge, cf_plan_session_get_diff (self->session) != NULL && cf_plan_diff_is_new_row (cf_plan_session_get_diff (self->session), key));
}

static void
on_item_revision_cb (CfPlanRowItem *item,
                     GParamSpec    *pspec,
                     GtkWidget     *cell)
{
  CfPlansPage *self = g_object_get_data (G_OBJECT (cell), "cf-page");

  if (GTK_IS_BOX (cell))
    update_order_cell (self, cell);
  else
    update_cell (self, cell);
}

/* The one way a cell's new text reaches the book. */
static void
commit_cell (CfPlansPage *self,
             GtkWidget   *cell,
             const char  *text)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (cell), "cf-item");
  CfPlanColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "cf-column"));
  g_autoptr(GError) error = NULL;
  CfPlanNode *node;

  if (item == NULL || self->book == NULL)
    return;
  node = cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
  if (node == NULL || g_strcmp0 (cf_plan_node_get (node, column), text) == 0)
    return;

  if (!cf_plan_book_set_value (self->book, node, column, text, &error))
    {
      update_cell (self, cell);
      _cf_plans_page_edit_failed (self, error);
    }
}

static void
on_label_editing_cb (GtkEditableLabel *label,
                     GParamSpec       *pspec,
                     CfPlansPage      *self)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (label), "cf-item");
  guint uid = item != NULL ? cf_plan_row_item_get_uid (item) : 0;

  /* Remember whose value is being typed: the row may show another subject
   * by the time editing ends (another plan, a recycled row). */
  if (gtk_editable_label_get_editing (label))
    {
      g_object_set_data (G_OBJECT (label), "cf-edit-uid", GUINT_TO_POINTER (uid));
      return;
    }
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "cf-edit-uid")) == uid)
    commit_cell (self, GTK_WIDGET (label), gtk_editable_get_text (GTK_EDITABLE (label)));
  else
    update_cell (self, GTK_WIDGET (label));
  g_object_set_data (G_OBJECT (label), "cf-edit-uid", NULL);
}

/* The subject-type cell is a flat button that opens a short list: a
 * GtkDropDown per row costs a popover and a list view each, and GTK 4.8
 * builds up to 200 rows of cells at once. */
static void
on_type_chosen_cb (GtkListBox    *list,
                   GtkListBoxRow *row,
                   GtkWidget     *cell)
{
  CfPlansPage *self = g_object_get_data (G_OBJECT (cell), "cf-page");
  guint index = gtk_list_box_row_get_index (row);
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  if (index < self->type_codes->len)
    commit_cell (self, cell, g_ptr_array_index (self->type_codes, index));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static gboolean
unparent_popover_cb (gpointer data)
{
  GtkWidget *popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  g_object_unref (popover);
  return G_SOURCE_REMOVE;
}

static void
on_type_popover_closed_cb (GtkPopover *popover)
{
  /* After the row's activation has run. */
  g_idle_add (unparent_popover_cb, g_object_ref (popover));
}

static void
on_type_cell_clicked_cb (GtkButton   *button,
                         CfPlansPage *self)
{
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (button), "cf-item");
  CfPlanNode *node = item != NULL && self->book != NULL
                     ? cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item)) : NULL;
  guint position = node != NULL ? type_position (self, cf_plan_node_get (node, CF_PLAN_COL_ID_TIPO_ASIGNATURA))
                                : GTK_INVALID_LIST_POSITION;
  GtkWidget *popover, *list;

  if (node == NULL)
    return;
  list = gtk_list_box_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Subject type"), -1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->type_names)); i++)
    {
      GtkWidget *label = gtk_label_new (gtk_string_list_get_string (self->type_names, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (list), label);
    }
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), position));
  g_signal_connect (list, "row-activated", G_CALLBACK (on_type_chosen_cb), button);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), list);
  gtk_widget_set_parent (popover, GTK_WIDGET (button));
  g_signal_connect (popover, "closed", G_CALLBACK (on_type_popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), position)));
}

static gboolean
release_cell_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's GtkEditableLabel, on focus-out, stops editing from a 100 ms
 * timeout that holds no reference: a row removed meanwhile (undo, delete)
 * would leave it a freed widget. Keep the cell alive a little longer. */
static void
on_label_focus_leave_cb (GtkEventController *controller,
                         GtkWidget          *cell)
{
  g_timeout_add (250, release_cell_cb, g_object_ref (cell));
}

static gboolean
on_cell_query_tooltip_cb (GtkWidget  *cell,
                          int         x,
                          int         y,
                          gboolean    keyboard,
                          GtkTooltip *tooltip,
                          gpointer    data)
{
  const char *description = g_object_get_data (G_OBJECT (cell), "cf-description");

  if (description == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, description);
  return TRUE;
}

static void
on_setup_cell_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CfPlansPage              *self)
{
  CfPlanColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cf-column"));
  GtkWidget *cell;

  if (cf_plan_column_get_kind (column) == CF_PLAN_KIND_CATALOG)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      cell = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (cell), label);
      gtk_widget_add_css_class (cell, "flat");
      gtk_widget_add_css_class (cell, "cf-plan-cell");
      g_signal_connect_object (cell, "clicked", G_CALLBACK (on_type_cell_clicked_cb), self, 0);
    }
  else
    {
      cell = gtk_editable_label_new ("");
      gtk_widget_add_css_class (cell, "cf-plan-cell");
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (cell);

      g_signal_connect_object (cell, "notify::editing", G_CALLBACK (on_label_editing_cb), self, 0);
      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_EVENT_CONTROLLER_FOCUS (controller))
            g_signal_connect (controller, "leave", G_CALLBACK (on_label_focus_leave_cb), cell);
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_object_get_data (G_OBJECT (factory), "cf-title"),
                                  -1);
  g_object_set_data (G_OBJECT (cell), "cf-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (cell), "cf-page", self);
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_cell_query_tooltip_cb), NULL);
  gtk_list_item_set_child (list_item, cell);
}

static void
on_setup_order_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CfPlansPage              *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *badge = gtk_label_new (_("New"));

  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_label_set_width_chars (GTK_LABEL (number), 3);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_add_css_class (badge, "cf-badge-new");
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("New since the last version sent to SEP"),
                                  -1);
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), badge);
  g_object_set_data (G_OBJECT (box), "cf-page", self);
  gtk_list_item_set_child (list_item, box);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            CfPlansPage              *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  CfPlanRowItem *item = gtk_list_item_get_item (list_item);
  gulong id;

  g_object_set_data (G_OBJECT (cell), "cf-item", item);
  id = g_signal_connect (item, "notify::revision", G_CALLBACK (on_item_revision_cb), cell);
  g_object_set_data (G_OBJECT (cell), "cf-handler", GSIZE_TO_POINTER (id));
  on_item_revision_cb (item, NULL, cell);
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CfPlansPage              *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  CfPlanRowItem *item = g_object_get_data (G_OBJECT (cell), "cf-item");
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "cf-handler"));

  /* A row scrolled away while edited: keep what was typed. */
  if (GTK_IS_EDITABLE_LABEL (cell) && gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (cell), TRUE);
  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
  g_object_set_data (G_OBJECT (cell), "cf-item", NULL);
  g_object_set_data (G_OBJECT (cell), "cf-handler", NULL);
}

static void
add_column (CfPlansPage *self,
            const char  *title,
            int          column,
            int          width,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "cf-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (factory), "cf-title", (gpointer) title);
  g_signal_connect (factory, "setup",
                    column < 0 ? G_CALLBACK (on_setup_order_cb) : G_CALLBACK (on_setup_cell_cb),
                    self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_cb), self);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

void
_cf_plans_page_setup_table (CfPlansPage *self)
{
  g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_TIPO_ASIGNATURA, NULL);
  GtkFilterListModel *filtered;

  self->type_codes = g_ptr_array_new_with_free_func (g_free);
  self->type_names = gtk_string_list_new (NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = _cf_plans_page_catalog_choice (entry);

      g_ptr_array_add (self->type_codes, g_strdup (cf_catalog_entry_get_code (entry)));
      gtk_string_list_append (self->type_names, name);
    }

  self->subjects = g_list_store_new (CF_TYPE_PLAN_ROW_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->subjects)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Translators: the plan order of a subject (1, 2, 3...). */
  add_column (self, _("No."), -1, 72, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (table_columns); i++)
    add_column (self, g_dgettext (GETTEXT_PACKAGE, table_columns[i].title),
                table_columns[i].column, table_columns[i].width, table_columns[i].expand);
}

void
_cf_plans_page_on_show_changed_cb (CfPlansPage *self,
                    GParamSpec  *pspec,
                    GtkDropDown *drop_down)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

void
_cf_plans_page_on_search_changed_cb (CfPlansPage    *self,
                      GtkSearchEntry *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}
