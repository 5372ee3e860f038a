/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "cf-plans-page.h"
#include "cf-plan-session.h"
#include "cf-xlsx-writer.h"

/* The subject columns of the table, in the workbook's order. */
static const struct
{
  CfPlanColumn  column;
  const char   *title;   /* N_() */
  int           width;
  gboolean      expand;
} table_columns[] = {
  { CF_PLAN_COL_ID_ASIGNATURA, N_("Subject ID"), 125, FALSE },
  { CF_PLAN_COL_CLAVE_ASIGNATURA, N_("Key"), 90, FALSE },
  { CF_PLAN_COL_NOMBRE_ASIGNATURA, N_("Name"), 220, TRUE },
  { CF_PLAN_COL_ID_TIPO_ASIGNATURA, N_("Type"), 185, FALSE },
  { CF_PLAN_COL_CREDITOS, N_("Credits"), 70, FALSE },
  { CF_PLAN_COL_PERIODO, N_("Period"), 70, FALSE },
};

/* The values of the plan and the levels above it, edited in the
 * details grid (the table shows the subject's own). */
static const CfPlanColumn detail_columns[] = {
  CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_NO_RVOE, CF_PLAN_COL_FECHA_RVOE,
  CF_PLAN_COL_ID_TIPO_PERIODO, CF_PLAN_COL_TOTAL_ASIGNATURAS, CF_PLAN_COL_TOTAL_CREDITOS,
  CF_PLAN_COL_CALIFICACION_MINIMA, CF_PLAN_COL_CALIFICACION_MAXIMA, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA,
  CF_PLAN_COL_ESTATUS_PLAN, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_CARRERA,
  CF_PLAN_COL_NOMBRE_CARRERA, CF_PLAN_COL_ID_NIVEL_ESTUDIOS, CF_PLAN_COL_ID_CAMPUS,
  CF_PLAN_COL_CAMPUS, CF_PLAN_COL_ID_ENTIDAD, CF_PLAN_COL_ID_INSTITUCION,
  CF_PLAN_COL_NOMBRE_INSTITUCION,
};
#define DETAILS_PER_LINE 3

/* The table's "Show" drop-down, in the order of its items. */
enum
{
  SHOW_ALL,
  SHOW_CHANGED,
  SHOW_PROBLEMS,
};

/* Rows in the changes and problems lists: a list of 20,000 rows would
 * freeze the window; the table's filter shows them all. */
#define LIST_MAX_ROWS 200

/* Rows listed in the import preview: enough to recognise the file. */
#define PREVIEW_MAX_ROWS 50

struct _CfPlansPage
{
  GtkWidget            parent_instance;

  CfStore             *store;
  GSettings           *settings;

  CfPlanSession       *session;       /* book, diff, findings and the work on them */
  CfPlanBook          *book;          /* the session's, with the page's handlers */
  GHashTable          *problem_uids;  /* subjects with findings */
  guint                plan_uid;      /* plan on show */
  guint                focus_uid;     /* the cell to focus once built */
  int                  focus_column;
  guint                focus_tries;
  guint                focus_tick_id;
  gboolean             rebuilding_sidebar;
  GCancellable        *cancellable;   /* import */
  AdwMessageDialog    *progress_dialog;

  GListStore          *subjects;      /* CfPlanRowItem */
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;
  GPtrArray           *type_codes;    /* char*, the subject-type catalog */
  GtkStringList       *type_names;

  /* Template */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *loading_status;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *show_drop_down;
  GtkMenuButton       *changes_button;
  GtkPopover          *changes_popover;
  GtkLabel            *changes_label;
  GtkListBox          *changes_list;
  GtkButton           *export_button;
  GtkListBox          *plan_list;
  GtkLabel            *plan_title;
  GtkLabel            *plan_subtitle;
  GtkExpander         *details_expander;
  GtkGrid             *details_grid;
  GtkWidget           *detail_entries[CF_PLAN_N_COLUMNS];
  GtkColumnView       *column_view;
  GtkLabel            *findings_label;
  GtkWidget           *findings_scroller;
  GtkListBox          *findings_list;
};

G_DEFINE_FINAL_TYPE (CfPlansPage, cf_plans_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_book_async (CfPlansPage *self,
                             CfPlanBook  *import);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
toast (CfPlansPage *self,
       const char  *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* An edit the store refused. When another desk changed or removed the row,
 * the plans are read again so the page shows what is really there. */
static void
edit_failed (CfPlansPage  *self,
             const GError *error)
{
  toast (self, error->message);
  if (g_error_matches (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT) && !cf_plan_session_get_loading (self->session))
    load_book_async (self, NULL);
}

static void
show_error (CfPlansPage  *self,
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

static CfPlanNode *
current_plan (CfPlansPage *self)
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

static CfPlanNode *
selected_subject (CfPlansPage *self)
{
  CfPlanRowItem *item = selected_item (self);

  if (item == NULL || self->book == NULL)
    return NULL;
  return cf_plan_book_lookup_uid (self->book, cf_plan_row_item_get_uid (item));
}

static gboolean
has_errors (CfPlansPage *self)
{
  return cf_plan_session_get_findings (self->session) != NULL && cf_finding_list_has_errors (cf_plan_session_get_findings (self->session));
}

static guint
count_errors (CfPlansPage *self)
{
  guint n = 0;

  for (guint i = 0; cf_plan_session_get_findings (self->session) != NULL && i < cf_plan_session_get_findings (self->session)->len; i++)
    if (cf_finding_is_error (g_ptr_array_index (cf_plan_session_get_findings (self->session), i)))
      n++;
  return n;
}

static char *
describe_value (const char *value)
{
  return value == NULL || *value == '\0' ? g_strdup (_("empty")) : g_strdup_printf ("“%s”", value);
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
static void
reveal_uid (CfPlansPage *self,
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

static void
rebuild_subjects (CfPlansPage *self)
{
  CfPlanNode *plan = current_plan (self);
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
      g_autofree char *was = describe_value (old_value);

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
      edit_failed (self, error);
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

static void
setup_table (CfPlansPage *self)
{
  g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_TIPO_ASIGNATURA, NULL);
  GtkFilterListModel *filtered;

  self->type_codes = g_ptr_array_new_with_free_func (g_free);
  self->type_names = gtk_string_list_new (NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = g_strdup_printf ("%s — %s", cf_catalog_entry_get_code (entry),
                                               cf_catalog_entry_get_description (entry));

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
  add_column (self, _("No."), -1, 80, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (table_columns); i++)
    add_column (self, g_dgettext (GETTEXT_PACKAGE, table_columns[i].title),
                table_columns[i].column, table_columns[i].width, table_columns[i].expand);
}

static void
on_show_changed_cb (CfPlansPage *self,
                    GParamSpec  *pspec,
                    GtkDropDown *drop_down)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed_cb (CfPlansPage    *self,
                      GtkSearchEntry *entry)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ------------------------------------------------------------------ */
/* Sidebar                                                             */
/* ------------------------------------------------------------------ */

static void
header_func (GtkListBoxRow *row,
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
                          cf_plan_node_get (career, CF_PLAN_COL_NOMBRE_CARRERA));
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
  g_autofree char *title = g_strdup_printf (_("Plan %s"), cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN));
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

/* The details grid: the first subject's row carries the plan's values
 * in the diff (they repeat on every row of the plan). */
static void
update_details (CfPlansPage *self)
{
  CfPlanNode *plan = current_plan (self);
  CfPlanNode *first = plan != NULL && cf_plan_node_get_n_children (plan) > 0
                      ? cf_plan_node_get_child (plan, 0) : NULL;
  g_autofree char *key = first != NULL ? cf_plan_node_dup_key (first) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (detail_columns); i++)
    {
      CfPlanColumn column = detail_columns[i];
      GtkWidget *entry = self->detail_entries[column];
      const char *value = plan != NULL ? cf_plan_node_get (plan, column) : "";
      const char *old_value = NULL;
      g_autofree char *description = NULL;

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

          /* Text being typed stays, unless it was typed for another plan. */
          if ((other_plan || !(gtk_widget_get_state_flags (entry) & GTK_STATE_FLAG_FOCUS_WITHIN)) &&
              g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), value) != 0)
            gtk_editable_set_text (GTK_EDITABLE (entry), value);
          g_object_set_data (G_OBJECT (entry), "cf-plan-uid", GUINT_TO_POINTER (uid));
        }

      if (key != NULL && cf_plan_session_get_diff (self->session) != NULL)
        {
          if (cf_plan_diff_is_new_row (cf_plan_session_get_diff (self->session), key))
            description = g_strdup (_("New since the last version sent to SEP"));
          else if (cf_plan_diff_is_changed (cf_plan_session_get_diff (self->session), key, column, &old_value))
            {
              g_autofree char *was = describe_value (old_value);

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
  CfPlanNode *plan = current_plan (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) error = NULL;

  /* The text must be for the plan on show (it may have changed under a
   * focused entry: removed, undone, another plan chosen). */
  if (plan == NULL || g_strcmp0 (cf_plan_node_get (plan, column), text) == 0 ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "cf-plan-uid")) != cf_plan_node_get_uid (plan))
    return;
  if (!cf_plan_book_set_value (self->book, plan, column, text, &error))
    {
      edit_failed (self, error);
      gtk_editable_set_text (GTK_EDITABLE (entry), cf_plan_node_get (plan, column));
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
  CfPlanNode *plan = current_plan (self);
  g_autoptr(GError) error = NULL;

  if (g_object_get_data (G_OBJECT (drop_down), "cf-updating") != NULL || plan == NULL ||
      selected >= codes->len ||
      g_strcmp0 (cf_plan_node_get (plan, column), g_ptr_array_index (codes, selected)) == 0)
    return;
  if (!cf_plan_book_set_value (self->book, plan, column, g_ptr_array_index (codes, selected), &error))
    {
      edit_failed (self, error);
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
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
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
          g_autofree char *name = g_strdup_printf ("%s — %s", cf_catalog_entry_get_code (entry),
                                                   cf_catalog_entry_get_description (entry));

          g_ptr_array_add (codes, g_strdup (cf_catalog_entry_get_code (entry)));
          gtk_string_list_append (names, name);
        }
    }
  else
    {
      g_ptr_array_add (codes, g_strdup (CF_PLAN_STATUS_CURRENT));
      /* Translators: a plan SEP still certifies (VIGENTE). */
      gtk_string_list_append (names, _("VIGENTE — current"));
      g_ptr_array_add (codes, g_strdup (CF_PLAN_STATUS_WITHDRAWN));
      /* Translators: a plan withdrawn (BAJA): left out of SEP's file. */
      gtk_string_list_append (names, _("BAJA — withdrawn"));
    }

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  /* The button shows the choice ellipsized, so the grid keeps its width;
   * the list shows it whole. */
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

static void
on_detail_activate_cb (GtkEntry    *entry,
                       CfPlansPage *self)
{
  commit_detail (self, GTK_WIDGET (entry));
}

static void
on_detail_leave_cb (GtkEventController *controller,
                    CfPlansPage        *self)
{
  commit_detail (self, gtk_event_controller_get_widget (controller));
}

static void
setup_details (CfPlansPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (detail_columns); i++)
    {
      CfPlanColumn column = detail_columns[i];
      const char *name = cf_plan_column_get_name (column);
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *entry;
      const char *catalog = cf_plan_column_get_catalog (column);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      if (catalog != NULL || column == CF_PLAN_COL_ESTATUS_PLAN)
        {
          entry = create_detail_drop_down (self, column);
          gtk_widget_set_hexpand (entry, TRUE);
        }
      else
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          entry = gtk_entry_new ();
          gtk_widget_set_hexpand (entry, TRUE);
          gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
          if (column == CF_PLAN_COL_FECHA_RVOE)
            gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
          g_signal_connect (entry, "activate", G_CALLBACK (on_detail_activate_cb), self);
          g_signal_connect (focus, "leave", G_CALLBACK (on_detail_leave_cb), self);
          gtk_widget_add_controller (entry, focus);
        }
      gtk_accessible_update_relation (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                      -1);
      g_object_set_data (G_OBJECT (entry), "cf-column", GINT_TO_POINTER (column));

      gtk_grid_attach (self->details_grid, label, (i % DETAILS_PER_LINE) * 2, i / DETAILS_PER_LINE, 1, 1);
      gtk_grid_attach (self->details_grid, entry, (i % DETAILS_PER_LINE) * 2 + 1, i / DETAILS_PER_LINE, 1, 1);
      self->detail_entries[column] = entry;
    }
}

static void
update_plan_header (CfPlansPage *self)
{
  CfPlanNode *plan = current_plan (self);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  const char *type;

  if (plan == NULL)
    {
      gtk_label_set_text (self->plan_title, "");
      gtk_label_set_text (self->plan_subtitle, "");
      update_details (self);
      return;
    }

  title = g_strdup_printf (_("%s — Plan %s"),
                           cf_plan_node_get (plan, CF_PLAN_COL_NOMBRE_CARRERA),
                           cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN));
  type = cf_catalog_lookup (CF_CATALOG_TIPO_PERIODO, cf_plan_node_get (plan, CF_PLAN_COL_ID_TIPO_PERIODO));
  /* Only the parts that have values: a new plan starts empty. */
  parts = g_ptr_array_new_with_free_func (g_free);
  if (*cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE) != '\0')
    /* Translators: RVOE number and date. */
    g_ptr_array_add (parts, g_strdup_printf (_("RVOE %s of %s"),
                                             cf_plan_node_get (plan, CF_PLAN_COL_NO_RVOE),
                                             cf_plan_node_get (plan, CF_PLAN_COL_FECHA_RVOE)));
  if (type != NULL)
    g_ptr_array_add (parts, g_strdup (type));
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

static void
select_plan (CfPlansPage *self,
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

static void
show_plan (CfPlansPage *self,
           guint        uid)
{
  if (uid == self->plan_uid)
    return;
  self->plan_uid = uid;
  rebuild_subjects (self);
  update_plan_header (self);
}

static void
rebuild_sidebar (CfPlansPage *self)
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
      show_plan (self, keep);
    }
  select_plan (self, keep);
  update_plan_header (self);
}

static void
on_plan_selected_cb (CfPlansPage   *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  if (row == NULL || self->rebuilding_sidebar)
    return;
  show_plan (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid")));
}

/* ------------------------------------------------------------------ */
/* Changes and findings                                                */
/* ------------------------------------------------------------------ */

static GtkWidget *
create_two_line_row (const char *icon_name,
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

static void
update_changes (CfPlansPage *self)
{
  guint n = cf_plan_session_get_diff (self->session) != NULL ? cf_plan_diff_get_n_changes (cf_plan_session_get_diff (self->session)) : 0;
  g_autofree char *button = NULL;

  clear_list (self->changes_list);

  if (cf_plan_session_get_diff (self->session) == NULL || !cf_plan_diff_has_base (cf_plan_session_get_diff (self->session)))
    gtk_label_set_text (self->changes_label,
                        _("Nothing has been marked as sent to SEP yet: changes are counted from the first version sent."));
  else
    {
      g_autofree char *date = g_date_time_format (cf_plan_diff_get_base_date (cf_plan_session_get_diff (self->session)), "%Y-%m-%d");
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("Changes since the last version sent to SEP (%s): %u new subjects, %u changed cells, %u removed subjects"),
                              date,
                              cf_plan_diff_count (cf_plan_session_get_diff (self->session), CF_PLAN_CHANGE_NEW_ROW),
                              cf_plan_diff_count (cf_plan_session_get_diff (self->session), CF_PLAN_CHANGE_CELL),
                              cf_plan_diff_count (cf_plan_session_get_diff (self->session), CF_PLAN_CHANGE_REMOVED_ROW));
      gtk_label_set_text (self->changes_label, text);
    }

  for (guint i = 0; i < n && i < LIST_MAX_ROWS; i++)
    {
      const CfPlanChange *change = cf_plan_diff_get_change (cf_plan_session_get_diff (self->session), i);
      const CfPlanRow *row = change->row;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *icon = NULL;

      subtitle = g_strdup_printf (_("Career %s, plan %s, subject %s"),
                                  row->cells[CF_PLAN_COL_ID_CARRERA],
                                  row->cells[CF_PLAN_COL_CLAVE_PLAN],
                                  row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
      switch (change->kind)
        {
        case CF_PLAN_CHANGE_NEW_ROW:
          icon = "list-add-symbolic";
          title = g_strdup_printf (_("New subject: %s"), row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
          break;
        case CF_PLAN_CHANGE_CELL:
          {
            g_autofree char *was = describe_value (change->old_value);
            g_autofree char *now = describe_value (change->new_value);

            icon = "document-edit-symbolic";
            /* Translators: column name, old value, new value. */
            title = g_strdup_printf (_("%s: %s → %s"), cf_plan_column_get_name (change->column), was, now);
          }
          break;
        case CF_PLAN_CHANGE_REMOVED_ROW:
        default:
          icon = "list-remove-symbolic";
          title = g_strdup_printf (_("Removed subject: %s"), row->cells[CF_PLAN_COL_NOMBRE_ASIGNATURA]);
          break;
        }

      append_target_row (self->changes_list, create_two_line_row (icon, title, subtitle),
                         change->kind == CF_PLAN_CHANGE_REMOVED_ROW ? 0 : row->uid,
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
                         create_two_line_row (NULL, more,
                                              _("Show “Changed since sent” in the table to see them all, or export the workbook: every change is yellow there.")),
                         0, -1);
    }

  /* Translators: the button that opens the list of changes. */
  button = g_strdup_printf (_("Changes (%u)"), n);
  gtk_menu_button_set_label (self->changes_button, button);
}

static void
on_change_activated_cb (CfPlansPage   *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  guint uid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid"));

  if (uid == 0)
    return;
  gtk_popover_popdown (self->changes_popover);
  cf_plans_page_show_cell (self, uid, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cf-column")) - 1);
}

static void
update_findings (CfPlansPage *self)
{
  g_autoptr(GPtrArray) subjects = NULL;
  guint n_errors = count_errors (self);
  guint n = cf_plan_session_get_findings (self->session) != NULL ? cf_plan_session_get_findings (self->session)->len : 0;
  g_autofree char *text = NULL;

  clear_list (self->findings_list);

  if (n == 0)
    text = g_strdup (_("No problems found"));
  else if (n_errors > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u problem, %u must be fixed before exporting",
                                         "%u problems, %u must be fixed before exporting", n),
                            n, n_errors);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u warning: worth a look, it does not block the export",
                                         "%u warnings: worth a look, they do not block the export", n),
                            n);
  gtk_label_set_text (self->findings_label, text);
  gtk_widget_set_visible (self->findings_scroller, n > 0);
  if (n > 0)
    subjects = cf_plan_book_list_subjects (self->book, FALSE);
  g_clear_pointer (&self->problem_uids, g_hash_table_unref);
  self->problem_uids = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      CfPlanColumn column = 0;
      guint row = 0;

      if (cf_plan_finding_parse_path (cf_finding_get_path (g_ptr_array_index (cf_plan_session_get_findings (self->session), i)), &row, &column) &&
          row >= 2 && row - 2 < subjects->len)
        g_hash_table_add (self->problem_uids,
                          GUINT_TO_POINTER (cf_plan_node_get_uid (g_ptr_array_index (subjects, row - 2))));
    }

  for (guint i = 0; i < n && i < LIST_MAX_ROWS; i++)
    {
      CfFinding *finding = g_ptr_array_index (cf_plan_session_get_findings (self->session), i);
      g_autofree char *where = NULL;
      CfPlanColumn column = 0;
      guint row = 0;
      CfPlanNode *subject = NULL;
      GtkWidget *widget;

      if (cf_plan_finding_parse_path (cf_finding_get_path (finding), &row, &column) && row > 0)
        {
          /* Row 2 is the first subject of the full list. */
          subject = row >= 2 && row - 2 < subjects->len ? g_ptr_array_index (subjects, row - 2) : NULL;
          where = g_strdup_printf (_("Row %u, %s"), row, cf_plan_column_get_name (column));
        }
      widget = create_two_line_row (cf_finding_is_error (finding) ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                                    cf_finding_get_message (finding), where);
      gtk_widget_add_css_class (widget, cf_finding_is_error (finding) ? "cf-finding-error" : "cf-finding-warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      cf_finding_is_error (finding) ? _("Error") : _("Warning"),
                                      -1);
      append_target_row (self->findings_list, widget,
                         subject != NULL ? cf_plan_node_get_uid (subject) : 0,
                         subject != NULL ? (int) column : -1);
    }
  if (n > LIST_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "…and %u more problem",
                                                            "…and %u more problems",
                                                            n - LIST_MAX_ROWS),
                                               n - LIST_MAX_ROWS);

      append_target_row (self->findings_list,
                         create_two_line_row (NULL, more,
                                              _("Show “With problems” in the table to see every row concerned.")),
                         0, -1);
    }
}

static void
on_finding_activated_cb (CfPlansPage   *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  guint uid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "cf-uid"));

  if (uid != 0)
    cf_plans_page_show_cell (self, uid, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cf-column")) - 1);
}

/* ------------------------------------------------------------------ */
/* Keeping everything in step with the book                            */
/* ------------------------------------------------------------------ */

static void
update_actions (CfPlansPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  CfPlanNode *subject = selected_subject (self);
  gboolean have_book = !cf_plan_session_get_loading (self->session) && self->book != NULL && current_plan (self) != NULL;
  guint index = subject != NULL ? cf_plan_node_get_index (subject) : 0;
  guint n_errors = count_errors (self);

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

  update_changes (self);
  update_findings (self);
  update_plan_header (self);
  update_actions (self);
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
    rebuild_sidebar (self);
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
  /* The subject count, or the careers and plans, in the side list. */
  rebuild_sidebar (self);
}

static void
on_can_undo_cb (CfPlansPage *self)
{
  update_actions (self);
}

static void
on_selection_changed_cb (CfPlansPage *self)
{
  update_actions (self);
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
  rebuild_subjects (self);
  rebuild_sidebar (self);
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
          update_actions (self);
          show_error (self, _("Could Not Import"), error);
          return;
        }
      g_warning ("Could not read the study plans: %s", error->message);
    }
  if (saving)
    toast (self, _("Study plans imported"));
}

/* Reads the working copy again, after saving @import (may be NULL) as it. */
static void
load_book_async (CfPlansPage *self,
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
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *subject = selected_subject (self);
  CfPlanNode *plan = current_plan (self);
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
      toast (self, error->message);
      return;
    }
  if (result != NULL)
    {
      /* A new row may not match the search or the Show filter. */
      reveal_uid (self, cf_plan_node_get_uid (result));
    }
  update_actions (self);
}

/* Careers and plans: added and removed from the side list. A new career
 * gets its first plan at once, as the list shows careers through their
 * plans; each step is its own undoable edit. */
static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *plan = current_plan (self);
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

      if (campus == NULL && cf_plan_node_get_n_children (institution) > 0)
        campus = cf_plan_node_get_child (institution, 0);
      if (campus == NULL)
        campus = cf_plan_book_insert (self->book, institution, -1, &error);
      if (campus != NULL)
        {
          g_autofree char *id = cf_plan_next_free_id (self->book, cf_plan_session_get_history (self->session),
                                                      CF_PLAN_COL_ID_CARRERA);

          career = cf_plan_book_insert_with_id (self->book, campus, -1, id, &error);
        }
      if (campus != NULL && career != NULL)
        result = cf_plan_book_insert (self->book, career, -1, &error);
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
        toast (self, error->message);
      return;
    }

  select_plan (self, cf_plan_node_get_uid (result));
  show_plan (self, cf_plan_node_get_uid (result));
  gtk_expander_set_expanded (self->details_expander, TRUE);
  gtk_widget_grab_focus (self->detail_entries[focus]);
  update_actions (self);
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
    toast (self, error->message);
  else
    toast (self, _("Removed: Undo (Ctrl+Z) brings it back"));
}

static void
remove_plan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  CfPlanNode *plan = current_plan (self);
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

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->book == NULL)
    return;
  if (g_str_equal (action_name, "plans.undo"))
    ok = !cf_plan_book_can_undo (self->book) || cf_plan_book_undo (self->book, &error);
  else
    ok = !cf_plan_book_can_redo (self->book) || cf_plan_book_redo (self->book, &error);
  if (!ok)
    edit_failed (self, error);
}

static void
focus_search_action (GtkWidget  *widget,
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

      if (cf_plans_page_export_to_file (self, file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          toast (self, text);
        }
      else
        show_error (self, _("Could Not Export"), error);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfPlansPage *self = CF_PLANS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "programa-de-estudios-%Y-%m-%d.xlsx");

  if (has_errors (self))
    {
      toast (self, gtk_widget_get_tooltip_text (GTK_WIDGET (self->export_button)));
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

static void
import_action (GtkWidget  *widget,
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
        toast (self, _("Marked as sent to SEP: later changes will be highlighted against this version"));
      else
        show_error (self, _("Could Not Mark as Sent"), error);
    }
}

static void
mark_sent_action (GtkWidget  *widget,
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

/* ------------------------------------------------------------------ */
/* Import: worker thread, then the preview                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfPlansPage *self;
  CfPlanBook  *preview;
} PreviewData;

static void
preview_data_free (PreviewData *data,
                   GClosure    *closure)
{
  g_object_unref (data->self);
  g_object_unref (data->preview);
  g_free (data);
}

static void
on_preview_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PreviewData      *data)
{
  CfPlansPage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "import") && !cf_plan_session_get_loading (self->session))
    load_book_async (self, data->preview);
}

static void
show_preview (CfPlansPage *self,
              CfPlanBook  *preview,
              GPtrArray   *rejected,
              const char  *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GPtrArray) rows = cf_plan_book_list_subjects (preview, FALSE);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *scroller, *list;
  PreviewData *data;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %u Subject?", "Import %u Subjects?", rows->len),
                             rows->len);
  if (rejected->len > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“%s”: %u row cannot be read and will be left out (listed first). Importing replaces the working copy; nothing is saved until you accept.",
                                         "“%s”: %u rows cannot be read and will be left out (listed first). Importing replaces the working copy; nothing is saved until you accept.",
                                         rejected->len),
                            name, rejected->len);
  else
    body = g_strdup_printf (_("“%s”: every row can be read. Importing replaces the working copy; nothing is saved until you accept."),
                            name);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rows to import"), -1);
  for (guint i = 0; i < rejected->len; i++)
    {
      CfPlanRejectedRow *r = g_ptr_array_index (rejected, i);
      g_autofree char *title = g_strdup_printf (_("Row %u left out"), r->row);

      gtk_list_box_append (GTK_LIST_BOX (list), create_two_line_row ("dialog-error-symbolic", title, r->reason));
    }
  for (guint i = 0; i < rows->len && i < PREVIEW_MAX_ROWS; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (rows, i);
      g_autofree char *title = g_strdup_printf ("%s %s · %s", cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA),
                                                cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_ASIGNATURA),
                                                cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA));
      g_autofree char *subtitle = g_strdup_printf (_("Career %s %s, plan %s"),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_ID_CARRERA),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_CARRERA),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_PLAN));

      gtk_list_box_append (GTK_LIST_BOX (list), create_two_line_row (NULL, title, subtitle));
    }
  if (rows->len > PREVIEW_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("…and %u more"), rows->len - PREVIEW_MAX_ROWS);

      gtk_list_box_append (GTK_LIST_BOX (list), create_two_line_row (NULL, more, NULL));
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", rows->len > 0);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (PreviewData, 1);
  data->self = g_object_ref (self);
  data->preview = g_object_ref (preview);
  /* Freed with the dialog: a response may come more than once (closing). */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_preview_response_cb), data,
                         (GClosureNotify) (void (*) (void)) preview_data_free, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_progress (CfPlansPage *self)
{
  if (self->progress_dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->progress_dialog));
      g_clear_object (&self->progress_dialog);
    }
}

static void
on_progress_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CfPlansPage      *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* A modal "Reading…" with Cancel, while a worker reads or builds. */
static void
open_progress (CfPlansPage *self,
               const char  *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = g_strdup_printf (_("Reading “%s”…"), name);
  GtkWidget *spinner;

  close_progress (self);
  self->progress_dialog = g_object_ref_sink (ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                            _("Importing Study Plans"), body)));
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_message_dialog_set_extra_child (self->progress_dialog, spinner);
  adw_message_dialog_add_response (self->progress_dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (self->progress_dialog, "cancel");
  g_signal_connect (self->progress_dialog, "response", G_CALLBACK (on_progress_response_cb), self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self->progress_dialog));
  gtk_window_present (GTK_WINDOW (self->progress_dialog));
}

/* Building the preview from what was read (a few tenths of a second for
 * 20,000 rows) also runs in a worker. */
typedef struct
{
  CfPlanImport *import;
  char         *name;
  CfPlanBook   *preview;
  GPtrArray    *rejected;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_pointer (&data->import, cf_plan_import_free);
  g_free (data->name);
  g_clear_object (&data->preview);
  g_clear_pointer (&data->rejected, g_ptr_array_unref);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  GError *error = NULL;

  data->preview = cf_plan_import_build (data->import, &data->rejected, &error);
  if (data->preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_built_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CfPlansPage *self = CF_PLANS_PAGE (source);
  BuildData *data = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* Cancelled, or another import started meanwhile: drop this one. */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->cancellable)
    {
      if (cancellable == self->cancellable)
        {
          close_progress (self);
          g_clear_object (&self->cancellable);
        }
      return;
    }
  close_progress (self);
  g_clear_object (&self->cancellable);
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (!ok)
    show_error (self, _("Could Not Read the File"), error);
  else
    show_preview (self, data->preview, data->rejected, data->name);
}

/* Takes @import. */
static void
build_preview_async (CfPlansPage  *self,
                     CfPlanImport *import,
                     const char   *name)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data = g_new0 (BuildData, 1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->progress_dialog == NULL)
    open_progress (self, name);

  data->import = import;
  data->name = g_strdup (name);
  task = g_task_new (self, self->cancellable, on_built_cb, NULL);
  g_task_set_source_tag (task, build_preview_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

typedef struct
{
  CfPlansPage  *self;
  CfPlanImport *import;
  char         *name;
} MappingData;

static void
mapping_data_free (MappingData *data,
                   GClosure    *closure)
{
  g_object_unref (data->self);
  g_clear_pointer (&data->import, cf_plan_import_free);
  g_free (data->name);
  g_free (data);
}

static void
on_mapping_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MappingData      *data)
{
  if (g_str_equal (response, "continue") && data->import != NULL)
    build_preview_async (data->self, g_steal_pointer (&data->import), data->name);
}

/* Unknown or missing columns: the registrar says which file column holds
 * what before anything is built. Takes @import. */
static void
show_mapping (CfPlansPage  *self,
              CfPlanImport *import,
              const char   *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  MappingData *data = g_new0 (MappingData, 1);
  GtkWidget *dialog;

  data->self = g_object_ref (self);
  data->import = import;
  data->name = g_strdup (name);
  dialog = cf_import_mapping_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, import, name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_mapping_response_cb), data,
                         (GClosureNotify) (void (*) (void)) mapping_data_free, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfPlansPage) self = user_data;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_strdup (g_object_get_data (G_OBJECT (self), "cf-import-name"));
  const char *name = basename != NULL ? basename : "";

  import = cf_plan_import_read_finish (result, &error);
  /* The page may be gone (window closed while reading). */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  /* Another import started meanwhile: it owns the progress dialog. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  if (import == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      return;
    }
  if (import == NULL)
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      show_error (self, _("Could Not Read the File"), error);
      return;
    }

  unknown = cf_plan_import_list_unknown (import);
  missing = cf_plan_import_list_missing (import);
  if (unknown->len > 0 || missing->len > 0 || !cf_plan_import_check_mapping (import, TRUE, NULL))
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      show_mapping (self, g_steal_pointer (&import), name);
      return;
    }
  build_preview_async (self, g_steal_pointer (&import), name);
}

void
cf_plans_page_import_file (CfPlansPage *self,
                           GFile       *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  open_progress (self, name);

  g_object_set_data_full (G_OBJECT (self), "cf-import-name", g_strdup (name), g_free);
  cf_plan_import_read_async (path, CF_PLAN_IMPORT_FORMAT_AUTO, self->cancellable,
                             on_import_read_cb, g_object_ref (self));
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
  self->session = cf_plan_session_new (self->store);
  g_signal_connect_object (self->session, "loaded", G_CALLBACK (on_session_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "refreshed", G_CALLBACK (present), self, G_CONNECT_SWAPPED);
  load_book_async (self, NULL);
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
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem_uids, g_hash_table_unref);
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
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
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
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
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

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CF_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
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
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_label);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_scroller);
  gtk_widget_class_bind_template_child (widget_class, CfPlansPage, findings_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_show_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_change_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_finding_activated_cb);

  gtk_widget_class_install_action (widget_class, "plans.add-row", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "plans.duplicate-row", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-row", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "plans.move-up", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "plans.move-down", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "plans.add-career", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plans.add-plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plans.duplicate-plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-plan", NULL, remove_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.remove-career", NULL, remove_plan_action);
  gtk_widget_class_install_action (widget_class, "plans.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "plans.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "plans.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "plans.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plans.mark-sent", NULL, mark_sent_action);
  gtk_widget_class_install_action (widget_class, "plans.focus-search", NULL, focus_search_action);

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

  setup_table (self);
  setup_details (self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb), self);
  gtk_list_box_set_header_func (self->plan_list, header_func, self, NULL);
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

  select_plan (self, cf_plan_node_get_uid (plan));
  show_plan (self, cf_plan_node_get_uid (plan));
  reveal_uid (self, uid);
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
  g_autofree char *path = NULL;

  g_return_val_if_fail (CF_IS_PLANS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Edits made a moment ago must be in the file and in the check. */
  if (cf_plan_session_get_busy (self->session))
    cf_plan_session_refresh_now (self->session);

  if (has_errors (self))
    {
      guint n = count_errors (self);

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
  return cf_xlsx_write_plan (self->book, cf_plan_session_get_diff (self->session), CF_XLSX_WRITE_FOR_SEP, path, error);
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
