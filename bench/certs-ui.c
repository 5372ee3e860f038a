/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/certs-ui: the Certificados page in the real window while students
 * are imported and certificates sealed (issue 13: "the UI never stalls over
 * 50 ms during import or sealing", measured as bench/plans-ui does). Run it
 * under a display:
 *
 *   xvfb-run -a -s "-screen 0 1280x1024x24" _build/bench/certs-ui [STUDENTS [SUBJECTS [SEAL]]]
 *
 * A high-priority timer ticks every 5 ms on the main loop; the longest gap
 * between two ticks is the longest time the window could not answer.
 * Phases:
 *   read + preview:  the export (wide CSV) chosen → the preview dialog shown
 *                    (cf_students_import_flow_run, the page's own flow);
 *   accept:          Importar pressed → committed, the certificates checked
 *                    and the page's list up to date;
 *   seal:            SEAL listo certificates sealed by cf_certs_seal_async
 *                    (what the sealing dialog runs, 1 worker per core), its
 *                    progress shown in a progress bar each report, while
 *                    the page follows the store's changes. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cf-application.h"
#include "cf-certs-page.h"
#include "cf-certs-seal.h"
#include "cf-plan.h"
#include "cf-students-import-flow.h"
#include "cf-window.h"

#include "plan-rows.h"
#include "workspace-seal.h"

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

static void
report (const char *name,
        gint64      start)
{
  gint64 now = g_get_monotonic_time ();

  max_stall = MAX (max_stall, now - last_tick);
  g_print ("%-16s %8.3f s wall   longest stall %6.1f ms\n", name, (now - start) / 1e6, max_stall / 1000.0);
}

static G_NORETURN void
die (GError *error)
{
  g_printerr ("bench/certs-ui: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

typedef gboolean (*Condition) (gpointer data);

static void
spin_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench/certs-ui: timed out\n");
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

static AdwMessageDialog *
find_dialog_with (const char *response)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
          adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (window), response) &&
          adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (window), response))
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
page_idle (gpointer data)
{
  return !cf_certs_page_get_busy (CF_CERTS_PAGE (data));
}

static gboolean
preview_shown (gpointer data)
{
  return find_dialog_with ("import") != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

typedef struct
{
  CfCertsPage *page;
  guint        n;
} Count;

static gboolean
listed (gpointer data)
{
  Count *count = data;

  return !cf_certs_page_get_busy (count->page) &&
         g_list_model_get_n_items (cf_certs_page_get_items (count->page)) >= count->n;
}

/* The page not busy for 0.3 s (the store's change watch runs on a
 * timer). */
static void
settle (CfCertsPage *page)
{
  gint64 quiet_since = g_get_monotonic_time ();

  while (g_get_monotonic_time () - quiet_since < 300000)
    {
      g_main_context_iteration (NULL, TRUE);
      if (cf_certs_page_get_busy (page))
        quiet_since = g_get_monotonic_time ();
    }
}

static void
on_import_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!cf_students_import_flow_finish (result, NULL, &error))
    die (error);
  *(gboolean *) data = TRUE;
}

/* The export of @n students of the bench plan (wide: one row each). */
static char *
write_export (const char *dir,
              guint       n_students,
              guint       n_subjects)
{
  g_autoptr(GString) csv = g_string_new ("NumControlAlumno;curpAlumno;Nombres Alumno;Apellido Paterno alumn;"
                                         "Apellido Materno alumn;id genero;Fecha Nacimiento alumn;id carrera;"
                                         "carrera clave plan");
  char *path = g_build_filename (dir, "wide.csv", NULL);

  for (guint s = 0; s < n_subjects; s++)
    g_string_append (csv, ";id asignatura;ciclo;calificacion;id tipo asignatura;creditos");
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < n_students; i++)
    {
      g_string_append_printf (csv, "A%06u;LOPA990501MDFPRN%02u;ANA MARÍA;LÓPEZ;PEÑA;250;01/05/1999;100;2016",
                              i, i % 100);
      for (guint s = 0; s < n_subjects; s++)
        g_string_append_printf (csv, ";%u;%u-%u;%u;263;6", 100000 + s, 2016 + s / 10, 1 + s % 2, 6 + (i + s) % 5);
      g_string_append (csv, "\r\n");
    }
  if (!g_file_set_contents (path, csv->str, csv->len, NULL))
    die (NULL);
  return path;
}

typedef struct
{
  GtkProgressBar *bar;
  GtkLabel       *label;
  gboolean        done;
  guint           sealed;
} Seal;

/* As the sealing dialog shows it: the fraction and a line of text. */
static void
on_seal_progress (const CfSealProgress *progress,
                  gpointer              data)
{
  Seal *seal = data;
  g_autofree char *text = g_strdup_printf ("%u of %u, %.0f per second", progress->done, progress->total,
                                           progress->rate);

  gtk_progress_bar_set_fraction (seal->bar, progress->total > 0 ? (double) progress->done / progress->total : 0);
  gtk_label_set_label (seal->label, text);
}

static void
on_seal_done (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Seal *seal = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  CfSealProgress summary;

  results = cf_certs_seal_finish (CF_STORE (source), result, &summary, &error);
  if (results == NULL)
    die (error);
  seal->sealed = summary.sealed;
  seal->done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_students = argc > 1 ? (guint) atoi (argv[1]) : 5000;
  guint n_subjects = argc > 2 ? (guint) atoi (argv[2]) : 45;
  guint n_seal = argc > 3 ? (guint) atoi (argv[3]) : 1000;
  g_autofree char *dir = g_dir_make_tmp ("certifica-bench-certs-ui-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "app.db", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfApplication) app = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CfContext) context = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GArray) ids = NULL;
  CfCertsSealOptions options = { 0 };
  CfWindow *window;
  CfCertsPage *page;
  GtkWidget *progress_window, *box;
  Seal seal = { 0 };
  Count count;
  gboolean imported = FALSE;
  gint64 start;

  setlocale (LC_ALL, "");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", SCHEMAS_BUILDDIR, TRUE);

  gtk_init ();
  adw_init ();
  app = cf_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error) ||
      (store = cf_store_open (store_path, &error)) == NULL)
    die (error);
  {
    g_autoptr(GPtrArray) rows = bench_plan_rows (n_subjects, 1);
    g_autoptr(CfPlanBook) book = cf_plan_book_new_from_rows (rows, NULL);

    if (!cf_plan_book_save_to_store (book, store, &error))
      die (error);
  }
  csv = write_export (dir, n_students, n_subjects);
  g_print ("bench/certs-ui: import %u students x %u subjects, then seal %u certificates; GSK_RENDERER=%s\n",
           n_students, n_subjects, n_seal,
           g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(default)");

  settings = g_settings_new ("io.github.certifica.Certifica");
  context = cf_context_new (store, settings);
  window = cf_window_new (app, context);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (mapped, window);
  cf_window_show_section (window, "certs");
  page = CF_CERTS_PAGE (find_widget (GTK_WIDGET (window), CF_TYPE_CERTS_PAGE));
  spin_until (mapped, page);
  spin_until (page_idle, page);

  g_timeout_add_full (G_PRIORITY_HIGH, 5, tick_cb, NULL, NULL);

  /* Import through the page's flow. */
  file = g_file_new_for_path (csv);
  reset_stalls ();
  start = g_get_monotonic_time ();
  cf_students_import_flow_run (GTK_WINDOW (window), context, file, NULL, on_import_done, &imported);
  spin_until (preview_shown, NULL);
  report ("read + preview", start);
  reset_stalls ();
  start = g_get_monotonic_time ();
  adw_message_dialog_response (find_dialog_with ("import"), "import");
  spin_until (flag_set, &imported);
  settle (page);
  report ("accept", start);
  count.page = page;
  count.n = g_list_model_get_n_items (cf_certs_page_get_items (page));
  g_print ("  (%u certificates listed)\n", count.n);

  /* Certificates listo to seal (outside the clock), then sealed. */
  sealer = bench_workspace_sealer_new (store, &certificate);
  ids = bench_workspace_make_ready (store, 1, n_seal, n_subjects, certificate);
  count.n += n_seal;
  spin_until (listed, &count);
  settle (page);

  progress_window = gtk_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (progress_window), GTK_WINDOW (window));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  seal.bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  seal.label = GTK_LABEL (gtk_label_new (""));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (seal.bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (seal.label));
  gtk_window_set_child (GTK_WINDOW (progress_window), box);
  gtk_window_present (GTK_WINDOW (progress_window));
  spin_until (mapped, progress_window);

  reset_stalls ();
  start = g_get_monotonic_time ();
  cf_certs_seal_async (store, sealer, (const gint64 *) ids->data, ids->len, &options, on_seal_progress, &seal,
                       NULL, NULL, on_seal_done, &seal);
  spin_until (flag_set, &seal.done);
  report ("seal", start);
  g_print ("  (%u sealed)\n", seal.sealed);
  /* The page catching up with the last seals. */
  reset_stalls ();
  start = g_get_monotonic_time ();
  settle (page);
  report ("after the seal", start);

  gtk_window_destroy (GTK_WINDOW (progress_window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  g_unlink (csv);
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
