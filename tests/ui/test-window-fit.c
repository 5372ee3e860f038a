/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every section of the window fits at 900, 1200 and 1400 px wide: the
 * window asks for no more than 900 px, is given the width asked for, and
 * no widget is allocated wider than the window (nor past its right edge,
 * outside a scrolled window). The Programa de Estudios is walked with a
 * plan's details open and with a new career; the Preferences window too.
 * Also: the details name each field in words, catalog values by name with
 * the code after, and a new career shows no problem until a field is
 * touched. Screenshots in $G_TEST_BUILDDIR/render-out/fit-*.png. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cf-application.h"
#include "cf-finding.h"
#include "cf-import-mapping-dialog.h"
#include "cf-plan-import.h"
#include "cf-plans-page.h"
#include "cf-preferences-window.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

#include "../core/test-plan-fixture.h"

#define HEIGHT 680

typedef struct
{
  char        *dir;
  CfStore     *store;
  GSettings   *settings;
  CfWindow    *window;
  CfPlansPage *page;
} Fixture;

static CfApplication *app;

static const int widths[] = { 900, 1200, 1400 };
static gboolean spanish;

static gboolean
page_is_idle (gpointer data)
{
  return !cf_plans_page_get_busy (CF_PLANS_PAGE (data));
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget) || GTK_IS_POPOVER (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

static char *
shown_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

/* What a widget's place says, for the failure message. */
static char *
describe (GtkWidget *widget)
{
  GString *text = g_string_new (G_OBJECT_TYPE_NAME (widget));

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && text->len < 300; w = gtk_widget_get_parent (w))
    g_string_append_printf (text, " < %s", G_OBJECT_TYPE_NAME (w));
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, " “%s”", gtk_label_get_text (GTK_LABEL (widget)));
  return g_string_free (text, FALSE);
}

/* Every mapped widget under @widget: no wider than the window, and not
 * past its right edge unless a scrolled window shows it in part. */
static void
check_fits (GtkWidget  *window,
            GtkWidget  *widget,
            gboolean    scrolled,
            GPtrArray  *problems)
{
  graphene_rect_t bounds, content;
  int width;

  if (!gtk_widget_get_mapped (widget) || (GTK_IS_NATIVE (widget) && widget != window))
    return;
  /* The window's content, inside its frame. */
  g_assert_true (gtk_widget_compute_bounds (gtk_window_get_child (GTK_WINDOW (window)), window, &content));
  width = (int) content.size.width;
  if (widget != window && gtk_widget_compute_bounds (widget, window, &bounds))
    {
      /* libadwaita's header bars in a leaflet reach a pixel past each
       * side of it: no overflow. */
      if (bounds.size.width > width + 2.5)
        g_ptr_array_add (problems, g_strdup_printf ("%s is %.0f px wide in a window of %d",
                                                    describe (widget), bounds.size.width, width));
      else if (!scrolled && bounds.origin.x + bounds.size.width > content.origin.x + width + 2.5)
        g_ptr_array_add (problems, g_strdup_printf ("%s ends at %.0f px in a window of %d",
                                                    describe (widget), bounds.origin.x + bounds.size.width, width));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_fits (window, child, scrolled || GTK_IS_SCROLLED_WINDOW (widget) || GTK_IS_VIEWPORT (widget), problems);
}

static void
set_width (GtkWindow *window,
           int        width)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (window, width, HEIGHT);
  /* The window manager-less X server takes the size on the next frames. */
  while (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width) > 16 && g_get_monotonic_time () < deadline)
    cf_ui_spin_for (20);
  cf_ui_spin_for (300);
}

/* With CF_FIT_DEBUG set: each widget's minimum width, to find what asks
 * for more than the window has. */
static void
print_minimums (GtkWidget *widget,
                int        depth)
{
  int minimum = 0;

  if (!gtk_widget_get_visible (widget) || depth > 14)
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum >= 150)
    g_printerr ("%*s%s %d\n", depth, "", G_OBJECT_TYPE_NAME (widget), minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_minimums (child, depth + 1);
}

static void
assert_fits (GtkWidget  *window,
             int         width,
             const char *what)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  int minimum = 0, natural = 0;

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("%s at %d px: window minimum width %d, natural %d, allocated %d",
                  what, width, minimum, natural, gtk_widget_get_width (window));
  if (minimum > 900)
    g_ptr_array_add (problems, g_strdup_printf ("%s: the window asks for %d px", what, minimum));
  /* Asked for @width, given it (less a few pixels of frame at most). */
  if (gtk_widget_get_width (window) > width || gtk_widget_get_width (window) < width - 16)
    g_ptr_array_add (problems, g_strdup_printf ("%s: the window is %d px wide, not %d (is the screen narrower? build-aux/dev test uses 1600 px)",
                                                what, gtk_widget_get_width (window), width));
  check_fits (window, window, FALSE, problems);
  if (problems->len > 0 && g_getenv ("CF_FIT_DEBUG") != NULL)
    print_minimums (window, 0);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s at %d px: %s\n", what, width, (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();

  fixture->store = fixture_store (&fixture->dir);
  g_assert_true (cf_plan_book_save_to_store (book, fixture->store, &error));
  g_assert_no_error (error);

  fixture->settings = g_settings_new ("io.github.certifica.Certifica");
  {
    g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

    fixture->window = g_object_ref (cf_window_new (app, context));
  }
  gtk_window_unmaximize (GTK_WINDOW (fixture->window));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, HEIGHT);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);

  cf_window_show_section (fixture->window, "plans");
  fixture->page = CF_PLANS_PAGE (cf_ui_find_widget (GTK_WIDGET (fixture->window), CF_TYPE_PLANS_PAGE));
  g_assert_nonnull (fixture->page);
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->page);
  cf_ui_spin_until (page_is_idle, fixture->page);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (fixture->window))
        gtk_window_destroy (window);
    }
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  cf_ui_spin_for (200);
  g_assert_finalize_object (fixture->window);
  g_assert_finalize_object (fixture->store);
  g_clear_object (&fixture->settings);
  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* Every menu button of the plans page and the window: while its menu is
 * open its tooltip is put away (it covered the menu's first items), and
 * it is back once the menu closes. */
static void
collect_menu_buttons (GtkWidget *widget,
                      GPtrArray *found)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_menu_buttons (child, found);
}

static void
test_menu_tooltips_away (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_menu_buttons (GTK_WIDGET (fixture->window), buttons);
  /* The main menu, and the plans page's changes, more and careers menus. */
  g_assert_cmpuint (buttons->len, >=, 3);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (buttons, i);
      g_autofree char *tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (button)));

      gtk_menu_button_popup (button);
      cf_ui_spin_for (150);
      g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (button)));
      gtk_menu_button_popdown (button);
      cf_ui_spin_for (150);
      g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (button)), ==, tooltip);
    }
}

static void
show_details (Fixture *fixture)
{
  GtkExpander *expander = GTK_EXPANDER (cf_ui_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_EXPANDER));

  g_assert_nonnull (expander);
  gtk_expander_set_expanded (expander, TRUE);
  cf_ui_spin_for (200);
}

/* ------------------------------------------------------------------ */

static void
test_every_section (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const sections[] = { "signers", "plans", "preview", "audit" };
  GtkWidget *window = GTK_WIDGET (fixture->window);

  show_details (fixture);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      set_width (GTK_WINDOW (window), widths[w]);
      for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
        {
          g_autofree char *name = g_strdup_printf ("fit-%s-%d.png", sections[s], widths[w]);

          cf_window_show_section (fixture->window, sections[s]);
          cf_ui_spin_for (300);
          cf_ui_screenshot (window, name);
          assert_fits (window, widths[w], sections[s]);
        }
    }

  /* A new career: its empty details. */
  cf_window_show_section (fixture->window, "plans");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "plans.add-career", NULL);
  cf_ui_spin_until (page_is_idle, fixture->page);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autofree char *name = g_strdup_printf ("fit-new-career-%d.png", widths[w]);

      set_width (GTK_WINDOW (window), widths[w]);
      cf_ui_screenshot (window, name);
      assert_fits (window, widths[w], "new career");
    }

  /* Preferences, a window of its own. */
  {
    CfPreferencesWindow *preferences = cf_preferences_window_new (GTK_WINDOW (window), fixture->store,
                                                                  fixture->settings);

    gtk_window_present (GTK_WINDOW (preferences));
    cf_ui_spin_until (cf_ui_widget_is_mapped, preferences);
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autofree char *name = g_strdup_printf ("fit-preferences-%d.png", widths[w]);

        set_width (GTK_WINDOW (preferences), widths[w]);
        cf_ui_screenshot (GTK_WIDGET (preferences), name);
        assert_fits (GTK_WIDGET (preferences), widths[w], "preferences");
      }
    gtk_window_destroy (GTK_WINDOW (preferences));
  }
}

/* Fields in words, the SEP name as secondary text; catalog values by name
 * with the code after. */
static void
test_details_in_words (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkWidget *entry;

  show_details (fixture);
  text = shown_text (GTK_WIDGET (fixture->page));
  if (spanish)
    {
      g_assert_nonnull (strstr (text, "Calificación mínima aprobatoria\n"));
      g_assert_nonnull (strstr (text, "Tipo de periodo\n"));
    }
  else
    {
      g_assert_nonnull (strstr (text, "Minimum passing grade\n"));
      g_assert_nonnull (strstr (text, "Period type\n"));
    }
  g_assert_null (strstr (text, "CALIFICACION_MINIMA_APROBATORIA\n"));
  g_assert_null (strstr (text, "ID_TIPO_PERIODO\n"));
  /* The catalog's name first, its code after it. */
  g_assert_nonnull (strstr (text, "Semestre (91)\n"));
  g_assert_nonnull (strstr (text, "Licenciatura (81)\n"));
  g_assert_null (strstr (text, "91 — SEMESTRE"));
  /* SEP's own name stays at hand. */
  entry = cf_ui_find_plan_detail (GTK_WIDGET (fixture->page), CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA);
  g_assert_nonnull (entry);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (gtk_widget_get_parent (entry)), "CALIFICACION_MINIMA_APROBATORIA"));
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_error_rows (GtkWidget *page)
{
  GtkWidget *list = NULL;
  GtkListBoxRow *row;
  guint n = 0;

  /* The problems list is the boxed one. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, page);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LIST_BOX (w) && gtk_widget_has_css_class (w, "boxed-list"))
          list = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
  }
  g_assert_nonnull (list);
  if (!gtk_widget_get_mapped (list))
    return 0;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i)) != NULL; i++)
    if (gtk_widget_has_css_class (GTK_WIDGET (row), "cf-finding-error"))
      n++;
  return n;
}

static void
test_new_career_quiet_until_touched (Fixture       *fixture,
                                     gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  GtkWidget *entry, *other, *error_label;

  gtk_widget_activate_action (GTK_WIDGET (page), "plans.add-career", NULL);
  cf_ui_spin_until (page_is_idle, page);
  cf_ui_spin_for (300);
  /* Its fields are empty and SEP needs them, but nothing is typed yet. */
  g_assert_true (cf_finding_list_has_errors (cf_plans_page_get_findings (page)));
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), ==, 0);
  entry = cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_CLAVE_PLAN);
  error_label = g_object_get_data (G_OBJECT (entry), "cf-error-label");
  g_assert_nonnull (error_label);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (gtk_widget_get_visible (find_action_button (GTK_WIDGET (page), "plans.review")));

  /* Touched (entered and left empty): its problem shows, the others not. */
  gtk_widget_grab_focus (entry);
  cf_ui_spin_for (100);
  other = cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_NO_RVOE);
  gtk_widget_grab_focus (other);
  cf_ui_spin_until (page_is_idle, page);
  cf_ui_spin_for (300);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (cf_ui_find_plan_detail (GTK_WIDGET (page), CF_PLAN_COL_TOTAL_CREDITOS)),
                                                             "cf-error-label")));
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), ==, 1);

  /* The whole summary on request. */
  g_signal_emit_by_name (find_action_button (GTK_WIDGET (page), "plans.review"), "clicked");
  cf_ui_spin_for (300);
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), >, 10);
}

static GtkEventController *
motion_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        return GTK_EVENT_CONTROLLER (controller);
    }
  return NULL;
}

/* The problems list does not move under the pointer: a new problem joins
 * it once the pointer has left. */
static void
test_problems_stay_under_pointer (Fixture       *fixture,
                                  gconstpointer  data)
{
  CfPlansPage *page = fixture->page;
  CfPlanBook *book = cf_plans_page_get_book (page);
  g_autoptr(GError) error = NULL;
  GtkWidget *list = NULL, *scroller;
  GtkEventController *motion;

  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1001"), CF_PLAN_COL_CREDITOS, "ocho", &error));
  g_assert_no_error (error);
  cf_ui_spin_until (page_is_idle, page);
  cf_ui_spin_for (200);
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), ==, 1);

  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, page);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LIST_BOX (w) && gtk_widget_has_css_class (w, "boxed-list"))
          list = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
  }
  scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  motion = motion_controller (scroller);
  g_assert_nonnull (motion);

  g_signal_emit_by_name (motion, "enter", 10.0, 10.0);
  g_assert_true (cf_plan_book_set_value (book, fixture_subject (book, "1002"), CF_PLAN_COL_CREDITOS, "nueve", &error));
  g_assert_no_error (error);
  cf_ui_spin_until (page_is_idle, page);
  cf_ui_spin_for (200);
  g_assert_cmpuint (cf_plans_page_get_findings (page)->len, >=, 2);
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), ==, 1);

  g_signal_emit_by_name (motion, "leave");
  cf_ui_spin_for (100);
  g_assert_cmpuint (count_error_rows (GTK_WIDGET (page)), ==, 2);
}

/* A hand-made file headed in words: "Clave del plan" is CLAVE_PLAN, "Nombre
 * de la asignatura" NOMBRE_ASIGNATURA; and the column search finds a word
 * anywhere in a name. */
static void
test_mapping_in_words (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "plan.csv", NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) parent = NULL;
  CfPlanImport *import;
  GtkWidget *dialog, *entry, *list;
  GtkDropDown *drop_down;

  for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
    g_string_append_printf (csv, "%s%s", c > 0 ? "," : "",
                            c == CF_PLAN_COL_CLAVE_PLAN ? "Clave del plan"
                            : c == CF_PLAN_COL_NOMBRE_ASIGNATURA ? "Nombre de la asignatura"
                            : c == CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA ? "Calificación mínima aprobatoria"
                            : c == CF_PLAN_COL_CREDITOS ? "Color favorito"
                            : cf_plan_column_get_name (c));
  g_string_append (csv, "\r\n");
  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    {
      for (guint c = 0; c < CF_PLAN_N_SEP_COLUMNS; c++)
        g_string_append_printf (csv, "%s\"%s\"", c > 0 ? "," : "", fixture_subjects[r][c]);
      g_string_append (csv, "\r\n");
    }
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  import = cf_plan_import_read (path, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (cf_plan_import_get_mapping (import, CF_PLAN_COL_CLAVE_PLAN), ==, CF_PLAN_COL_CLAVE_PLAN);
  g_assert_cmpint (cf_plan_import_get_mapping (import, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, CF_PLAN_COL_NOMBRE_ASIGNATURA);
  g_assert_cmpint (cf_plan_import_get_mapping (import, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA), ==,
                   CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA);
  g_assert_cmpint (cf_plan_import_get_mapping (import, CF_PLAN_COL_CREDITOS), ==, CF_PLAN_IMPORT_UNMAPPED);

  parent = g_object_ref_sink (adw_window_new ());
  gtk_window_present (GTK_WINDOW (parent));
  dialog = cf_import_mapping_dialog_new (GTK_WINDOW (parent), import, "plan.csv");
  gtk_window_present (GTK_WINDOW (dialog));
  cf_ui_spin_until (cf_ui_widget_is_mapped, dialog);
  drop_down = cf_import_mapping_dialog_get_drop_down (CF_IMPORT_MAPPING_DIALOG (dialog), CF_PLAN_COL_CREDITOS);
  /* The choice reads in words, with SEP's name after it. */
  g_assert_nonnull (strstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (
                      cf_import_mapping_dialog_get_drop_down (CF_IMPORT_MAPPING_DIALOG (dialog), CF_PLAN_COL_CLAVE_PLAN))),
                    "(CLAVE_PLAN)"));

  /* Typed as a registrar would: a word in the middle, without accents. */
  entry = cf_ui_find_widget (GTK_WIDGET (drop_down), GTK_TYPE_SEARCH_ENTRY);
  list = cf_ui_find_widget (GTK_WIDGET (drop_down), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (entry);
  g_assert_nonnull (list);
  gtk_editable_set_text (GTK_EDITABLE (entry), "asignatura");
  g_signal_emit_by_name (entry, "search-changed");
  cf_ui_spin_for (300);
  /* ID, key, name and type of the subject, and the plan's total. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 5);
  gtk_editable_set_text (GTK_EDITABLE (entry), "calificacion");
  g_signal_emit_by_name (entry, "search-changed");
  cf_ui_spin_for (300);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))), ==, 3);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (parent));
  cf_ui_spin_for (100);
  cf_plan_import_free (import);
  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;

  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = cf_test_mkdtemp ();
  store_path = g_build_filename (dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", store_path, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* In Spanish when the catalogue is built: its words are the longer ones,
   * and the ones registrars read. */
  {
    const char *localedir = g_getenv ("CF_LOCALEDIR");
    g_autofree char *mo = localedir != NULL ? g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;

    if (mo != NULL && g_file_test (mo, G_FILE_TEST_EXISTS) && setlocale (LC_ALL, "es_MX.UTF-8") != NULL)
      {
        g_setenv ("LANGUAGE", "es_MX:es", TRUE);
        bindtextdomain (GETTEXT_PACKAGE, localedir);
        textdomain (GETTEXT_PACKAGE);
        bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
        spanish = TRUE;
      }
  }
  adw_init ();
  /* Measured when still: a page fading out is still mapped. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = cf_ui_app_new ();

  g_test_add_func ("/ui/fit/mapping-in-words", test_mapping_in_words);
  g_test_add ("/ui/fit/problems-stay-under-pointer", Fixture, NULL, fixture_setup,
              test_problems_stay_under_pointer, fixture_teardown);
  g_test_add ("/ui/fit/every-section", Fixture, NULL, fixture_setup, test_every_section, fixture_teardown);
  g_test_add ("/ui/fit/menu-tooltips-away", Fixture, NULL, fixture_setup, test_menu_tooltips_away, fixture_teardown);
  g_test_add ("/ui/fit/details-in-words", Fixture, NULL, fixture_setup, test_details_in_words, fixture_teardown);
  g_test_add ("/ui/fit/new-career-quiet-until-touched", Fixture, NULL, fixture_setup,
              test_new_career_quiet_until_touched, fixture_teardown);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    cf_test_rmdir (dir);
    return status;
  }
}
