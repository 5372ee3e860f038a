/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/plans-ui: a 20,000-subject workbook imported through the editor in
 * the real window (issue 6: "imports without freezing the window, and the
 * table scrolls smoothly"). Run it under a display, e.g.
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" _build/bench/plans-ui [SUBJECTS] [PLANS] [--sent]
 *
 * --sent: a different version was marked as sent first, so every imported
 * row is new (the changes list and the yellow have 20,000 rows to show).
 *
 * A high-priority timer ticks every 5 ms on the main loop; the longest gap
 * between two ticks is the longest time the window could not answer (a
 * "stall"). Figures, per phase:
 *   read + preview:  Import chosen → the preview dialog on screen;
 *   accept:          Import pressed → the new plans in the editor;
 *   edit:            one cell edited → diff and findings refreshed;
 *   scroll:          the subjects table scrolled from top to bottom, a step
 *                    per frame: frame intervals (mean, 95th percentile, max). */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cf-application.h"
#include "cf-plan-diff.h"
#include "cf-plans-page.h"
#include "cf-window.h"
#include "cf-xlsx-writer.h"

#include "plan-rows.h"

static gint64 last_tick;
static gint64 max_stall;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > max_stall)
    max_stall = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
reset_stalls (void)
{
  last_tick = g_get_monotonic_time ();
  max_stall = 0;
}

typedef gboolean (*Condition) (gpointer data);

static void
spin_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench/plans-ui: timed out\n");
          exit (1);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page's list of plans: the one list box that selects. */
static GtkWidget *
find_sidebar (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && gtk_list_box_get_selection_mode (GTK_LIST_BOX (widget)) == GTK_SELECTION_BROWSE)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog_with (const char *response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window), response))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
preview_shown (gpointer data)
{
  return find_dialog_with ("import") != NULL;
}

static gboolean
page_idle (gpointer data)
{
  return !cf_plans_page_get_busy (CF_PLANS_PAGE (data));
}

typedef struct
{
  CfPlansPage *page;
  guint        expected;
} Loaded;

static gboolean
book_loaded (gpointer data)
{
  Loaded *loaded = data;
  CfPlanBook *book = cf_plans_page_get_book (loaded->page);

  return !cf_plans_page_get_busy (loaded->page) && book != NULL &&
         cf_plan_book_get_n_subjects (book) == loaded->expected;
}

/* Scrolling: one step per frame, the frame times recorded. */
typedef struct
{
  GtkAdjustment *adjustment;
  GArray        *intervals;   /* double, ms */
  gint64         last_frame;
  double         step;
  gboolean       done;
} Scroll;

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Scroll *scroll = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (scroll->adjustment);
  double top = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);

  if (scroll->last_frame != 0)
    {
      double ms = (now - scroll->last_frame) / 1000.0;

      g_array_append_val (scroll->intervals, ms);
    }
  scroll->last_frame = now;
  if (value >= top)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (scroll->adjustment, MIN (value + scroll->step, top));
  return G_SOURCE_CONTINUE;
}

static gboolean
scroll_done (gpointer data)
{
  return ((Scroll *) data)->done;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        gint64      start)
{
  gint64 now = g_get_monotonic_time ();

  /* A phase that ends inside a blocking call has its last gap open. */
  max_stall = MAX (max_stall, now - last_tick);
  g_print ("%-22s %8.3f s wall   longest stall %6.1f ms\n", name,
           (now - start) / 1e6, max_stall / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  gboolean sent = argc > 1 && g_str_equal (argv[argc - 1], "--sent");
  guint n_subjects = argc > 1 && g_ascii_isdigit (argv[1][0]) ? (guint) atoi (argv[1]) : 20000;
  guint n_plans = argc > 2 && g_ascii_isdigit (argv[2][0]) ? (guint) atoi (argv[2]) : 100;
  g_autofree char *dir = g_dir_make_tmp ("certifica-bench-plans-ui-XXXXXX", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "programa.xlsx", NULL);
  g_autofree char *store_path = g_build_filename (dir, "app.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfApplication) app = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GFile) file = NULL;
  CfWindow *window;
  CfPlansPage *page;
  GtkWidget *scroller;
  AdwMessageDialog *dialog;
  Loaded loaded;
  Scroll scroll = { 0 };
  gint64 start;

  setlocale (LC_ALL, "");
  if (n_subjects == 0 || n_plans == 0 || n_plans > 100)
    {
      g_printerr ("usage: plans-ui [SUBJECTS] [PLANS (1-100)]\n");
      return 2;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", SCHEMAS_BUILDDIR, TRUE);

  {
    g_autoptr(GPtrArray) rows = bench_plan_rows (n_subjects, n_plans);
    g_autoptr(CfPlanBook) book = cf_plan_book_new_from_rows (rows, NULL);

    loaded.expected = rows->len;
    if (!cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_NONE, xlsx, &error))
      {
        g_printerr ("bench/plans-ui: %s\n", error->message);
        return 1;
      }
  }
  g_print ("bench/plans-ui: %u subjects in %u plans%s, GSK_RENDERER=%s\n", loaded.expected, n_plans,
           sent ? ", all new against a sent version" : "",
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");

  gtk_init ();
  adw_init ();
  app = cf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error) ||
      (store = cf_store_open (store_path, &error)) == NULL)
    {
      g_printerr ("bench/plans-ui: %s\n", error->message);
      return 1;
    }
  /* --sent: a small, different version was sent before, so every row
   * imported is new: 20,000 changes to show. */
  if (sent)
    {
      g_autoptr(GPtrArray) rows = bench_plan_rows (100, 1);
      g_autoptr(CfPlanBook) small = cf_plan_book_new_from_rows (rows, NULL);
      g_autoptr(CfPlanBook) bound = NULL;
      g_autoptr(CfPlanSnapshot) snapshot = NULL;

      if (!cf_plan_book_save_to_store (small, store, &error) ||
          (bound = cf_plan_book_load (store, &error)) == NULL ||
          (snapshot = cf_plan_mark_sent (store, bound, NULL, &error)) == NULL)
        {
          g_printerr ("bench/plans-ui: %s\n", error->message);
          return 1;
        }
      /* Another campus and IDs: none of the imported rows matches. */
      {
        g_autoptr(GPtrArray) subjects = cf_plan_book_list_subjects (bound, FALSE);
        CfPlanNode *campus = cf_plan_node_get_ancestor (g_ptr_array_index (subjects, 0), CF_PLAN_LEVEL_CAMPUS);

        if (!cf_plan_book_set_value (bound, campus, CF_PLAN_COL_ID_CAMPUS, "099999", &error))
          return 1;
        g_clear_pointer (&snapshot, cf_plan_snapshot_free);
        snapshot = cf_plan_mark_sent (store, bound, NULL, &error);
        if (snapshot == NULL)
          return 1;
      }
    }
  settings = g_settings_new ("io.github.certifica.Certifica");
  {
    g_autoptr(CfContext) context = cf_context_new (store, settings);

    window = cf_window_new (app, context);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (mapped, window);
  cf_window_show_section (window, "plans");
  page = CF_PLANS_PAGE (find_widget (GTK_WIDGET (window), CF_TYPE_PLANS_PAGE));
  spin_until (mapped, page);
  spin_until (page_idle, page);
  loaded.page = page;

  g_timeout_add_full (G_PRIORITY_HIGH, 5, tick_cb, NULL, NULL);

  file = g_file_new_for_path (xlsx);
  reset_stalls ();
  start = g_get_monotonic_time ();
  cf_plans_page_import_file (page, file);
  spin_until (preview_shown, NULL);
  report ("read + preview", start);

  dialog = find_dialog_with ("import");
  reset_stalls ();
  start = g_get_monotonic_time ();
  adw_message_dialog_response (dialog, "import");
  spin_until (book_loaded, &loaded);
  report ("accept", start);

  {
    CfPlanBook *book = cf_plans_page_get_book (page);
    g_autoptr(GPtrArray) subjects = cf_plan_book_list_subjects (book, FALSE);
    CfPlanNode *subject = g_ptr_array_index (subjects, subjects->len / 2);

    reset_stalls ();
    start = g_get_monotonic_time ();
    if (!cf_plan_book_set_value (book, subject, CF_PLAN_COL_NOMBRE_ASIGNATURA, "ASIGNATURA EDITADA", &error))
      {
        g_printerr ("bench/plans-ui: %s\n", error->message);
        return 1;
      }
    g_print ("  (the edit itself, saved to the store: %.1f ms)\n", (g_get_monotonic_time () - start) / 1e3);
    spin_until (page_idle, page);
    /* Let the refresh queued by the edit run. */
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    report ("edit one cell", start);
  }

  /* Another plan chosen in the side list: its table is built. */
  {
    GtkListBox *plans = GTK_LIST_BOX (find_sidebar (GTK_WIDGET (page)));
    GtkListBoxRow *row;

    row = plans != NULL ? gtk_list_box_get_row_at_index (plans, 1) : NULL;
    if (row != NULL)
      {
        reset_stalls ();
        start = g_get_monotonic_time ();
        gtk_list_box_select_row (plans, row);
        spin_until (page_idle, page);
        for (int i = 0; i < 20; i++)
          g_main_context_iteration (NULL, FALSE);
        report ("switch plan", start);
      }
  }

  scroller = gtk_widget_get_ancestor (find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW),
                                      GTK_TYPE_SCROLLED_WINDOW);
  scroll.adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  scroll.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  scroll.step = MAX (gtk_adjustment_get_page_size (scroll.adjustment) / 3, 1);
  reset_stalls ();
  start = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (scroller, scroll_tick_cb, &scroll, NULL);
  spin_until (scroll_done, &scroll);
  report ("scroll", start);
  if (scroll.intervals->len > 0)
    {
      double sum = 0;

      for (guint i = 0; i < scroll.intervals->len; i++)
        sum += g_array_index (scroll.intervals, double, i);
      g_array_sort (scroll.intervals, compare_double);
      g_print ("scroll: %u frames over %.0f px of %u rows: mean %.1f ms, 95th percentile %.1f ms, max %.1f ms\n",
               scroll.intervals->len, gtk_adjustment_get_upper (scroll.adjustment),
               cf_plan_node_get_n_children (cf_plan_book_lookup_uid (cf_plans_page_get_book (page),
                                                                      cf_plans_page_get_plan_uid (page))),
               sum / scroll.intervals->len,
               g_array_index (scroll.intervals, double, (guint) (scroll.intervals->len * 0.95)),
               g_array_index (scroll.intervals, double, scroll.intervals->len - 1));
    }
  g_array_unref (scroll.intervals);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (xlsx);
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);

    g_unlink (store_path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
