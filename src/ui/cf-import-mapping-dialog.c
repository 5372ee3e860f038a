/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-import-mapping-dialog.h"
#include "cf-xlsx-reader.h"

/* The first row may leave a column blank: a sample is the first value found
 * in these many rows. */
#define SAMPLE_ROWS 20
#define SAMPLE_MAX_CHARS 40

struct _CfImportMappingDialog
{
  AdwMessageDialog  parent_instance;

  const CfImportMappingFuncs *funcs;
  gpointer          import;       /* not owned; NULL once "response" was emitted */
  GtkStringList    *choices;      /* "Ignore", then every target column's name */
  GPtrArray        *drop_downs;   /* GtkDropDown*, one per file column, NULL when not shown (the list owns them) */
  GtkWidget        *attention;    /* the first drop-down to change, or NULL */
  guint             scroll_tries;

  GtkWidget        *status_box;
  GtkImage         *status_icon;
  GtkLabel         *status_label;
  GtkScrolledWindow *scroller;
  GtkListBox       *list_box;
};

G_DEFINE_FINAL_TYPE (CfImportMappingDialog, cf_import_mapping_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* Drop-down positions: 0 is "Ignore", then the targets in order. */
static int
position_to_column (CfImportMappingDialog *self,
                    guint                  position)
{
  if (position == 0 || position == GTK_INVALID_LIST_POSITION || position > self->funcs->n_targets)
    return CF_IMPORT_MAPPING_UNMAPPED;
  return (int) position - 1;
}

static guint
column_to_position (int column)
{
  return column < 0 ? 0 : (guint) column + 1;
}

static gboolean
is_shown (CfImportMappingDialog *self,
          guint                  source_column)
{
  return self->funcs->source_is_shown == NULL || self->funcs->source_is_shown (self->import, source_column);
}

static gboolean
target_repeats (CfImportMappingDialog *self,
                int                    column)
{
  return self->funcs->target_repeats != NULL && self->funcs->target_repeats (column);
}

/* The first non-blank value of the column, on one line and short. */
static char *
sample_value (CfImportMappingDialog *self,
              guint                  source_column)
{
  guint n_rows = MIN (self->funcs->get_n_rows (self->import), SAMPLE_ROWS);

  for (guint row = 0; row < n_rows; row++)
    {
      g_autofree char *value = g_strstrip (g_strdup (self->funcs->get_cell (self->import, row, source_column)));

      if (*value == '\0')
        continue;
      g_strdelimit (value, "\r\n\t", ' ');
      if (g_utf8_strlen (value, -1) > SAMPLE_MAX_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (value, 0, SAMPLE_MAX_CHARS - 1);

          return g_strconcat (cut, "…", NULL);
        }
      return g_steal_pointer (&value);
    }
  return NULL;
}

/* "A, C" for the file columns feeding @column; how many in @count. */
static char *
feeding_columns (CfImportMappingDialog *self,
                 int                    column,
                 guint                 *count)
{
  GString *letters = g_string_new (NULL);
  guint n = self->funcs->get_n_source_columns (self->import);

  *count = 0;
  /* Only the listed ones: a column the registrar cannot see cannot be
   * what they have to take back. */
  for (guint i = 0; i < n; i++)
    if (is_shown (self, i) && self->funcs->get_mapping (self->import, i) == column)
      {
        g_autofree char *letter = cf_xlsx_column_name (i);

        g_string_append_printf (letters, "%s%s", (*count)++ > 0 ? ", " : "", letter);
      }
  return g_string_free (letters, FALSE);
}

static void
set_status_style (CfImportMappingDialog *self,
                  gboolean               ok)
{
  gtk_image_set_from_icon_name (self->status_icon, ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  if (ok)
    {
      gtk_widget_remove_css_class (self->status_box, "warning");
      gtk_widget_add_css_class (self->status_box, "success");
    }
  else
    {
      gtk_widget_remove_css_class (self->status_box, "success");
      gtk_widget_add_css_class (self->status_box, "warning");
    }
}

/* The status line and "continue" from the import's mapping as it stands. */
static void
update_status (CfImportMappingDialog *self)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) missing_names = g_string_new (NULL);
  g_autoptr(GString) repeated_names = g_string_new (NULL);
  guint n_repeated = 0;
  guint n_ignored = 0;
  guint n_source = self->funcs->get_n_source_columns (self->import);
  gboolean ok;

  missing = self->funcs->list_missing (self->import);
  for (guint i = 0; i < missing->len; i++)
    g_string_append_printf (missing_names, "%s%s", i > 0 ? ", " : "",
                            self->funcs->get_target_name (GPOINTER_TO_INT (g_ptr_array_index (missing, i))));

  for (int c = 0; c < (int) self->funcs->n_targets; c++)
    {
      guint count;
      g_autofree char *letters = NULL;

      if (target_repeats (self, c))
        continue;
      letters = feeding_columns (self, c, &count);
      if (count > 1)
        {
          if (n_repeated++ > 0)
            g_string_append (repeated_names, "; ");
          /* Translators: a plan column chosen for several file columns,
           * e.g. "NOMBRE_ASIGNATURA (columns C, F)". */
          g_string_append_printf (repeated_names, _("%s (columns %s)"), self->funcs->get_target_name (c), letters);
        }
    }

  for (guint i = 0; i < n_source; i++)
    if (is_shown (self, i) && self->funcs->get_mapping (self->import, i) == CF_IMPORT_MAPPING_UNMAPPED)
      n_ignored++;

  if (missing->len > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Missing required column: %s. Choose it for the file column that holds it.",
                                         "Missing required columns: %s. Choose each for the file column that holds it.",
                                         missing->len),
                            missing_names->str);
  if (n_repeated > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: %s lists repeated columns, "NOMBRE_ASIGNATURA (columns C, F)". */
      g_string_append_printf (text, _("Repeated: %s. A value can come from one column only; set the others to “Ignore”."),
                              repeated_names->str);
    }

  ok = missing->len == 0 && n_repeated == 0;
  if (ok && n_ignored > 0)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Every required column has its file column. %u column of the file is ignored.",
                                         "Every required column has its file column. %u columns of the file are ignored.",
                                         n_ignored),
                            n_ignored);
  else if (ok)
    g_string_append (text, _("Every required column has its file column."));

  gtk_label_set_text (self->status_label, text->str);
  set_status_style (self, ok);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "continue", ok);
}

/* GTK 4.8 does not read a drop-down's choice to assistive tools: the name
 * says it, "Materia: NOMBRE_ASIGNATURA". */
static void
update_label (GtkDropDown *drop_down)
{
  const char *title = g_object_get_data (G_OBJECT (drop_down), "cf-title");
  GtkStringObject *choice = gtk_drop_down_get_selected_item (drop_down);
  g_autofree char *name = NULL;

  if (title == NULL || choice == NULL)
    return;
  /* Translators: the file column's header and the column chosen for it. */
  name = g_strdup_printf (_("%s: %s"), title, gtk_string_object_get_string (choice));
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_drop_down_selected_cb (GtkDropDown           *drop_down,
                          GParamSpec            *pspec,
                          CfImportMappingDialog *self)
{
  guint source_column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (drop_down), "cf-source-column"));
  GtkWidget *hint = g_object_get_data (G_OBJECT (drop_down), "cf-unknown-hint");
  int column = position_to_column (self, gtk_drop_down_get_selected (drop_down));

  /* After "response" the import may be gone. */
  if (self->import == NULL)
    return;
  if (hint != NULL)
    gtk_widget_set_visible (hint, column == CF_IMPORT_MAPPING_UNMAPPED);
  self->funcs->set_mapping (self->import, source_column, column);
  update_label (drop_down);
  update_status (self);
}

/* What the drop-down's search compares with: the choice as shown and
 * without accents. */
static char *
search_key (GtkStringObject *item)
{
  const char *text = gtk_string_object_get_string (item);
  g_autofree char *plain = g_str_to_ascii (text, "C");

  return g_strconcat (text, " ", plain, NULL);
}

/* The choice as it reads (the expression is the search's). */
static void
on_choice_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
on_choice_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (list_item)));
}

/* GTK 4.8's drop-down finds only choices that start with what is typed
 * (GTK 4.12 adds "search-match-mode"): its filter is told to look
 * anywhere in the name. */
static void
search_anywhere (GtkDropDown *drop_down)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, drop_down);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LIST_VIEW (widget))
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));

          while (model != NULL && !GTK_IS_FILTER_LIST_MODEL (model))
            model = GTK_IS_SINGLE_SELECTION (model)
                    ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)) : NULL;
          if (model != NULL && GTK_IS_STRING_FILTER (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (model))))
            gtk_string_filter_set_match_mode (GTK_STRING_FILTER (gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (model))),
                                              GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
          return;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
}

static GtkWidget *
create_row (CfImportMappingDialog *self,
            guint                  source_column)
{
  const char *header = self->funcs->get_source_header (self->import, source_column);
  int column = self->funcs->get_mapping (self->import, source_column);
  g_autofree char *letter = cf_xlsx_column_name (source_column);
  g_autofree char *sample = sample_value (self, source_column);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row, *drop_down;

  if (*header != '\0')
    {
      title = g_strdup (header);
      /* Translators: a spreadsheet column, "Column C". */
      g_string_append_printf (subtitle, _("Column %s"), letter);
    }
  else
    title = g_strdup_printf (_("Column %s"), letter);
  if (sample != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: a value of the column, from the first rows of the file. */
      g_string_append_printf (subtitle, _("e.g. “%s”"), sample);
    }

  row = adw_action_row_new ();
  /* Headers and values are the file's text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->choices)), NULL);
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (on_choice_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (on_choice_bind_cb), NULL);
    gtk_drop_down_set_factory (GTK_DROP_DOWN (drop_down), factory);
  }
  /* Typing a few letters finds a column among the 25: any word of its
   * name, with or without accents ("asignatura", "calificacion"). */
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (drop_down),
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (search_key), NULL, NULL));
  search_anywhere (GTK_DROP_DOWN (drop_down));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), column_to_position (column));
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle->str,
                                  -1);
  g_object_set_data (G_OBJECT (drop_down), "cf-source-column", GUINT_TO_POINTER (source_column));
  g_object_set_data_full (G_OBJECT (drop_down), "cf-title", g_strdup (title), g_free);
  update_label (GTK_DROP_DOWN (drop_down));

  /* A header that names no column: said in words, not only by "Ignore". */
  if (*header != '\0' && column == CF_IMPORT_MAPPING_UNMAPPED && !self->funcs->header_is_known (header))
    {
      GtkWidget *hint = gtk_label_new (_("Not recognised"));

      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), hint);
      g_object_set_data (G_OBJECT (drop_down), "cf-unknown-hint", hint);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), drop_down);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), drop_down);
  g_signal_connect_object (drop_down, "notify::selected", G_CALLBACK (on_drop_down_selected_cb), self, 0);
  g_ptr_array_index (self->drop_downs, source_column) = drop_down;
  return row;
}

/* A column to fill (the first ignored one) or to take back (the second of
 * a repeated pair); NULL when all is set. */
static GtkWidget *
find_attention (CfImportMappingDialog *self)
{
  g_autoptr(GPtrArray) missing = self->funcs->list_missing (self->import);
  guint n = self->funcs->get_n_source_columns (self->import);
  g_autofree gboolean *seen = g_new0 (gboolean, self->funcs->n_targets);

  for (guint i = 0; i < n; i++)
    {
      int column = self->funcs->get_mapping (self->import, i);

      if (!is_shown (self, i))
        continue;
      if (missing->len > 0 && column == CF_IMPORT_MAPPING_UNMAPPED)
        return g_ptr_array_index (self->drop_downs, i);
      if (column != CF_IMPORT_MAPPING_UNMAPPED && !target_repeats (self, column))
        {
          if (seen[column])
            return g_ptr_array_index (self->drop_downs, i);
          seen[column] = TRUE;
        }
    }
  return NULL;
}

static void
set_body (CfImportMappingDialog *self,
          const char            *file_name)
{
  g_autoptr(GPtrArray) missing = self->funcs->list_missing (self->import);
  g_autofree char *body = NULL;
  guint n = self->funcs->get_n_source_columns (self->import);
  guint n_unknown = 0, n_hidden = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *header = self->funcs->get_source_header (self->import, i);

      if (!is_shown (self, i))
        n_hidden++;
      else if (*header != '\0' && self->funcs->get_mapping (self->import, i) == CF_IMPORT_MAPPING_UNMAPPED &&
               !self->funcs->header_is_known (header))
        n_unknown++;
    }

  if (n_unknown > 0 && missing->len > 0)
    body = g_strdup_printf (_("The file “%s” has columns Certifica does not recognise and lacks some it needs. "
                              "Say which column holds each value; columns set to “Ignore” are not imported."),
                            file_name);
  else if (missing->len > 0)
    body = g_strdup_printf (_("The file “%s” lacks some columns Certifica needs. "
                              "Say which column holds each value; columns set to “Ignore” are not imported."),
                            file_name);
  else if (n_unknown > 0)
    body = g_strdup_printf (_("The file “%s” has columns Certifica does not recognise. "
                              "Say which column holds each value; columns set to “Ignore” are not imported."),
                            file_name);
  else
    body = g_strdup_printf (_("Check which column of the file “%s” holds each value; "
                              "columns set to “Ignore” are not imported."),
                            file_name);
  if (n_hidden > 0)
    {
      g_autofree char *groups = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u column of the subject groups is recognised by its repeated name and not listed.",
                                                             "%u columns of the subject groups are recognised by their repeated names and not listed.",
                                                             n_hidden),
                                                 n_hidden);
      char *both = g_strconcat (body, " ", groups, NULL);

      g_free (body);
      body = both;
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
}

static void
cf_import_mapping_dialog_response (AdwMessageDialog *dialog,
                                   const char       *response)
{
  CfImportMappingDialog *self = CF_IMPORT_MAPPING_DIALOG (dialog);

  /* The handlers have run (the signal runs last): the caller may free the
   * import from now on. */
  self->import = NULL;

  if (ADW_MESSAGE_DIALOG_CLASS (cf_import_mapping_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (cf_import_mapping_dialog_parent_class)->response (dialog, response);
}

/* The list is long (one row per column of SEP's 24): show the row to act
 * on once the rows have their sizes. */
static gboolean
scroll_to_attention_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  CfImportMappingDialog *self = CF_IMPORT_MAPPING_DIALOG (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkWidget *row;
  double x, y;

  if (self->attention == NULL)
    return G_SOURCE_REMOVE;
  row = gtk_widget_get_ancestor (self->attention, GTK_TYPE_LIST_BOX_ROW);
  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) ||
      gtk_widget_get_height (row) == 0)
    return ++self->scroll_tries < 30 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;

  if (gtk_widget_translate_coordinates (row, GTK_WIDGET (self->list_box), 0, 0, &x, &y))
    gtk_adjustment_set_value (adjustment, y - gtk_widget_get_height (row));
  return G_SOURCE_REMOVE;
}

static void
cf_import_mapping_dialog_map (GtkWidget *widget)
{
  CfImportMappingDialog *self = CF_IMPORT_MAPPING_DIALOG (widget);

  GTK_WIDGET_CLASS (cf_import_mapping_dialog_parent_class)->map (widget);

  /* Start where the registrar has to act. */
  if (self->attention != NULL)
    {
      gtk_widget_grab_focus (self->attention);
      self->scroll_tries = 0;
      gtk_widget_add_tick_callback (widget, scroll_to_attention_cb, NULL, NULL);
    }
}

static void
cf_import_mapping_dialog_dispose (GObject *object)
{
  CfImportMappingDialog *self = CF_IMPORT_MAPPING_DIALOG (object);

  /* Drop-downs being torn down must not write into the import. */
  self->import = NULL;
  self->attention = NULL;
  g_clear_pointer (&self->drop_downs, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_IMPORT_MAPPING_DIALOG);

  G_OBJECT_CLASS (cf_import_mapping_dialog_parent_class)->dispose (object);
}

static void
cf_import_mapping_dialog_finalize (GObject *object)
{
  CfImportMappingDialog *self = CF_IMPORT_MAPPING_DIALOG (object);

  g_clear_object (&self->choices);

  G_OBJECT_CLASS (cf_import_mapping_dialog_parent_class)->finalize (object);
}

static void
cf_import_mapping_dialog_class_init (CfImportMappingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = cf_import_mapping_dialog_dispose;
  object_class->finalize = cf_import_mapping_dialog_finalize;
  widget_class->map = cf_import_mapping_dialog_map;
  dialog_class->response = cf_import_mapping_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/cf-import-mapping-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfImportMappingDialog, status_box);
  gtk_widget_class_bind_template_child (widget_class, CfImportMappingDialog, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CfImportMappingDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CfImportMappingDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CfImportMappingDialog, list_box);
}

static void
cf_import_mapping_dialog_init (CfImportMappingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->drop_downs = g_ptr_array_new ();
  self->choices = gtk_string_list_new (NULL);
}

/* The plan import's side. */
static const char *
plan_target_name (int target)
{
  return cf_plan_column_get_name (target);
}

/* Each column in words, and as SEP's files spell it: registrars know it
 * one way or the other. */
static char *
plan_dup_target_choice (int target)
{
  /* Translators: a column in words and its SEP name, "Plan key (CLAVE_PLAN)". */
  return g_strdup_printf (_("%s (%s)"), cf_plan_column_get_label (target), cf_plan_column_get_name (target));
}

static gboolean
plan_header_is_known (const char *header)
{
  return cf_plan_column_from_header (header, NULL);
}

static guint
plan_get_n_source_columns (gpointer import)
{
  return cf_plan_import_get_n_source_columns (import);
}

static const char *
plan_get_source_header (gpointer import,
                        guint    source_column)
{
  return cf_plan_import_get_source_header (import, source_column);
}

static guint
plan_get_n_rows (gpointer import)
{
  return cf_plan_import_get_n_rows (import);
}

static const char *
plan_get_cell (gpointer import,
               guint    row,
               guint    source_column)
{
  return cf_plan_import_get_cell (import, row, source_column);
}

static int
plan_get_mapping (gpointer import,
                  guint    source_column)
{
  return cf_plan_import_get_mapping (import, source_column);
}

static void
plan_set_mapping (gpointer import,
                  guint    source_column,
                  int      target)
{
  cf_plan_import_set_mapping (import, source_column, target);
}

static GPtrArray *
plan_list_missing (gpointer import)
{
  return cf_plan_import_list_missing (import);
}

static const CfImportMappingFuncs plan_funcs = {
  .n_targets = CF_PLAN_N_COLUMNS,
  .get_target_name = plan_target_name,
  .dup_target_choice = plan_dup_target_choice,
  .header_is_known = plan_header_is_known,
  .get_n_source_columns = plan_get_n_source_columns,
  .get_source_header = plan_get_source_header,
  .get_n_rows = plan_get_n_rows,
  .get_cell = plan_get_cell,
  .get_mapping = plan_get_mapping,
  .set_mapping = plan_set_mapping,
  .list_missing = plan_list_missing,
};

/* The students import's side: the wide layout's subject groups are not
 * listed (recognised by their repeated names). */
static const char *
students_target_name (int target)
{
  return cf_students_column_get_name (target);
}

static char *
students_dup_target_choice (int target)
{
  return g_strdup_printf (_("%s (%s)"), cf_students_column_get_label (target), cf_students_column_get_name (target));
}

static gboolean
students_target_repeats (int target)
{
  return cf_students_column_repeats (target);
}

static gboolean
students_header_is_known (const char *header)
{
  return cf_students_column_from_header (header, NULL);
}

static gboolean
students_source_is_shown (gpointer import,
                          guint    source_column)
{
  return !cf_students_import_is_group_column (import, source_column);
}

static guint
students_get_n_source_columns (gpointer import)
{
  return cf_students_import_get_n_source_columns (import);
}

static const char *
students_get_source_header (gpointer import,
                            guint    source_column)
{
  return cf_students_import_get_source_header (import, source_column);
}

static guint
students_get_n_rows (gpointer import)
{
  return cf_students_import_get_n_sample_rows (import);
}

static const char *
students_get_cell (gpointer import,
                   guint    row,
                   guint    source_column)
{
  return cf_students_import_get_cell (import, row, source_column);
}

static int
students_get_mapping (gpointer import,
                      guint    source_column)
{
  return cf_students_import_get_mapping (import, source_column);
}

static void
students_set_mapping (gpointer import,
                      guint    source_column,
                      int      target)
{
  cf_students_import_set_mapping (import, source_column, target);
}

static GPtrArray *
students_list_missing (gpointer import)
{
  return cf_students_import_list_missing (import);
}

static const CfImportMappingFuncs students_funcs = {
  .n_targets = CF_STUDENTS_N_COLUMNS,
  .get_target_name = students_target_name,
  .dup_target_choice = students_dup_target_choice,
  .target_repeats = students_target_repeats,
  .header_is_known = students_header_is_known,
  .get_n_source_columns = students_get_n_source_columns,
  .get_source_header = students_get_source_header,
  .source_is_shown = students_source_is_shown,
  .get_n_rows = students_get_n_rows,
  .get_cell = students_get_cell,
  .get_mapping = students_get_mapping,
  .set_mapping = students_set_mapping,
  .list_missing = students_list_missing,
};

GtkWidget *
cf_import_mapping_dialog_new_full (GtkWindow                  *parent,
                                   const CfImportMappingFuncs *funcs,
                                   gpointer                    import,
                                   const char                 *file_name)
{
  CfImportMappingDialog *self;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (funcs != NULL, NULL);
  g_return_val_if_fail (import != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  self = g_object_new (CF_TYPE_IMPORT_MAPPING_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->funcs = funcs;
  self->import = import;

  gtk_string_list_append (self->choices, _("Ignore"));
  for (int c = 0; c < (int) funcs->n_targets; c++)
    {
      g_autofree char *choice = funcs->dup_target_choice (c);

      gtk_string_list_append (self->choices, choice);
    }

  set_body (self, file_name);
  n = funcs->get_n_source_columns (import);
  g_ptr_array_set_size (self->drop_downs, n);
  for (guint i = 0; i < n; i++)
    if (is_shown (self, i))
      gtk_list_box_append (self->list_box, create_row (self, i));
  update_status (self);
  self->attention = find_attention (self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

GtkWidget *
cf_import_mapping_dialog_new (GtkWindow    *parent,
                              CfPlanImport *import,
                              const char   *file_name)
{
  return cf_import_mapping_dialog_new_full (parent, &plan_funcs, import, file_name);
}

GtkWidget *
cf_import_mapping_dialog_new_for_students (GtkWindow        *parent,
                                           CfStudentsImport *import,
                                           const char       *file_name)
{
  return cf_import_mapping_dialog_new_full (parent, &students_funcs, import, file_name);
}

gpointer
cf_import_mapping_dialog_get_import (CfImportMappingDialog *self)
{
  g_return_val_if_fail (CF_IS_IMPORT_MAPPING_DIALOG (self), NULL);

  return self->import;
}

GtkDropDown *
cf_import_mapping_dialog_get_drop_down (CfImportMappingDialog *self,
                                        guint                  source_column)
{
  g_return_val_if_fail (CF_IS_IMPORT_MAPPING_DIALOG (self), NULL);
  g_return_val_if_fail (self->drop_downs != NULL && source_column < self->drop_downs->len, NULL);
  g_return_val_if_fail (g_ptr_array_index (self->drop_downs, source_column) != NULL, NULL);

  return g_ptr_array_index (self->drop_downs, source_column);
}

const char *
cf_import_mapping_dialog_get_status (CfImportMappingDialog *self)
{
  g_return_val_if_fail (CF_IS_IMPORT_MAPPING_DIALOG (self), NULL);

  return gtk_label_get_text (self->status_label);
}
