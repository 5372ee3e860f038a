/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/plan: import and export of a 20,000-subject Programa de Estudios
 * (issue 6), against /usr/bin/python3 + openpyxl loading the same file.
 *
 *   _build/bench/plan [SUBJECTS] [--keep]
 *
 * Each measured phase runs in a child process, so its peak RSS is its own
 * (wait4's ru_maxrss); times are wall-clock around the child.
 *   import:  read the workbook, match headers, build the preview, validate
 *            it, and save it as the working copy of a fresh store;
 *   export:  load the working copy, diff it against the last sent version
 *            (1% of subjects changed) and write the workbook with its
 *            yellow cells;
 *   openpyxl: openpyxl.load_workbook() of the file import read; the ratio
 *            uses the time inside Python (without its start-up and imports),
 *            the process's own time and RSS are printed too.
 *   mec:     the same plan written as MEC's sheets (CARRERAS, ASIGNATURAS,
 *            PROGRAMAS DE ESTUDIO, NUMERO DE RVOE, CAMPUS), read and joined,
 *            then also validated and saved; and its export with yellow.
 * Target: import under 1 s (either shape) and at least 10× faster than openpyxl. */

#include "config.h"

#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cf-plan.h"
#include "cf-plan-diff.h"
#include "cf-plan-import.h"
#include "cf-plan-validate.h"
#include "cf-store.h"
#include "cf-xlsx-writer.h"

#include "plan-rows.h"

#define PYTHON "/usr/bin/python3"

typedef struct
{
  double seconds;      /* wall clock */
  double cpu;          /* user + system: what counts on a shared machine */
  long   peak_rss_kb;
  int    status;
} Measure;

static void
die (GError *error)
{
  g_printerr ("bench/plan: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

static Measure
run_child (void (*phase) (gpointer), gpointer data)
{
  Measure m = { 0 };
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  pid_t pid;
  int status = 0;

  fflush (stdout);
  pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      exit (1);
    }
  if (pid == 0)
    {
      phase (data);
      fflush (stdout);
      _exit (0);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    {
      perror ("wait4");
      exit (1);
    }
  m.seconds = (g_get_monotonic_time () - start) / 1e6;
  m.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
          usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  m.peak_rss_kb = usage.ru_maxrss;
  m.status = WIFEXITED (status) ? WEXITSTATUS (status) : 128;
  return m;
}

typedef struct
{
  const char *xlsx;
  const char *store;
  const char *out;
  guint       expected;
  CfXlsxWriteFlags shape;   /* of the export */
} Job;

static void
phase_import (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(CfStore) store = NULL;

  import = cf_plan_import_read (job->xlsx, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  if (import == NULL || !cf_plan_import_check_mapping (import, FALSE, &error))
    die (error);
  book = cf_plan_import_build (import, &rejected, &error);
  if (book == NULL)
    die (error);
  if (rejected->len > 0 || cf_plan_book_get_n_subjects (book) != job->expected)
    die (NULL);
  findings = cf_plan_validate (book, NULL, CF_PLAN_VALIDATE_SOURCE_ROWS);
  if (cf_finding_list_has_errors (findings))
    die (NULL);
  store = cf_store_open (job->store, &error);
  if (store == NULL || !cf_plan_book_save_to_store (book, store, &error))
    die (error);
}

static void
phase_read (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;

  import = cf_plan_import_read (job->xlsx, CF_PLAN_IMPORT_FORMAT_AUTO, NULL, &error);
  if (import == NULL)
    die (error);
  book = cf_plan_import_build (import, NULL, &error);
  if (book == NULL || cf_plan_book_get_n_subjects (book) != job->expected)
    die (error);
}

static void
phase_export (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (job->store, &error);
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfPlanDiff) diff = NULL;

  if (store == NULL)
    die (error);
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    die (error);
  diff = cf_plan_diff_new_for_book (book, store, &error);
  if (diff == NULL || !cf_xlsx_write_plan (book, diff, CF_XLSX_WRITE_FOR_SEP | job->shape, job->out, &error))
    die (error);
}

static void
phase_openpyxl (gpointer data)
{
  Job *job = data;
  const char *script =
    "import sys, time\n"
    "import openpyxl\n"
    "start = time.perf_counter()\n"
    "wb = openpyxl.load_workbook(sys.argv[1])\n"
    "n = wb['Programa de Estudios'].max_row\n"
    "open(sys.argv[2], 'w').write('%.3f %d' % (time.perf_counter() - start, n))\n";

  execl (PYTHON, PYTHON, "-c", script, job->xlsx, job->out, (char *) NULL);
  perror (PYTHON);
  _exit (127);
}

static void
report (const char *name,
        Measure     m)
{
  g_print ("%-30s %7.3f s CPU  %7.3f s wall   peak RSS %7.1f MB%s\n", name, m.cpu, m.seconds,
           m.peak_rss_kb / 1024.0, m.status == 0 ? "" : "   FAILED");
}

int
main (int   argc,
      char *argv[])
{
  guint n_subjects = argc > 1 && g_ascii_isdigit (argv[1][0]) ? (guint) atoi (argv[1]) : 20000;
  gboolean keep = argc > 1 && g_str_equal (argv[argc - 1], "--keep");
  g_autofree char *dir = g_dir_make_tmp ("certifica-bench-plan-XXXXXX", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "programa.xlsx", NULL);
  g_autofree char *store = g_build_filename (dir, "imported.db", NULL);
  g_autofree char *out = g_build_filename (dir, "export.xlsx", NULL);
  g_autofree char *python_result = g_build_filename (dir, "openpyxl.txt", NULL);
  g_autofree char *mec = g_build_filename (dir, "programa-mec.xlsx", NULL);
  g_autofree char *mec_store = g_build_filename (dir, "imported-mec.db", NULL);
  g_autofree char *mec_out = g_build_filename (dir, "export-mec.xlsx", NULL);
  double python_load = 0;
  g_autoptr(GPtrArray) rows = bench_plan_rows (n_subjects, 100);
  g_autoptr(CfPlanBook) book = cf_plan_book_new_from_rows (rows, NULL);
  g_autoptr(GError) error = NULL;
  Job job = { xlsx, store, out, 0, CF_XLSX_WRITE_NONE };
  Job mec_job = { mec, mec_store, mec_out, 0, CF_XLSX_WRITE_MEC_SHAPE };
  Measure read, import, export, python, mec_read, mec_import, mec_export;
  GStatBuf st;

  setlocale (LC_ALL, "");
  job.expected = rows->len;

  /* The workbook people would import: what Certifica exports. */
  if (!cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_NONE, xlsx, &error))
    die (error);
  g_stat (xlsx, &st);
  g_print ("bench/plan: %u subjects, workbook of %.1f MB (%s)\n", job.expected, st.st_size / 1e6, xlsx);
  mec_job.expected = job.expected;
  if (!cf_xlsx_write_plan (book, NULL, CF_XLSX_WRITE_MEC_SHAPE, mec, &error))
    die (error);
  g_stat (mec, &st);
  g_print ("bench/plan: the same as MEC's sheets, %.1f MB (%s)\n", st.st_size / 1e6, mec);

  /* The children start from this process's memory: give it back first so
   * their peak RSS is their own. */
  g_clear_object (&book);
  g_ptr_array_set_size (rows, 0);
  malloc_trim (0);

  read = run_child (phase_read, &job);
  import = run_child (phase_import, &job);
  mec_read = run_child (phase_read, &mec_job);
  mec_import = run_child (phase_import, &mec_job);

  /* Sent, then 1% of the subjects renamed: the export has yellow to paint. */
  {
    g_autoptr(CfStore) s = cf_store_open (store, &error);
    g_autoptr(CfPlanBook) bound = s != NULL ? cf_plan_book_load (s, &error) : NULL;
    g_autoptr(CfPlanSnapshot) snapshot = NULL;
    g_autoptr(GPtrArray) subjects = NULL;

    if (bound == NULL)
      die (error);
    snapshot = cf_plan_mark_sent (s, bound, NULL, &error);
    if (snapshot == NULL)
      die (error);
    subjects = cf_plan_book_list_subjects (bound, FALSE);
    for (guint i = 0; i < subjects->len; i += 100)
      if (!cf_plan_book_set_value (bound, g_ptr_array_index (subjects, i), CF_PLAN_COL_NOMBRE_ASIGNATURA,
                                   "ASIGNATURA RENOMBRADA", &error))
        die (error);
  }
  export = run_child (phase_export, &job);
  /* The MEC export of the same changes (the flat store's working copy). */
  mec_job.store = store;
  mec_export = run_child (phase_export, &mec_job);
  mec_job.store = mec_store;
  /* Python writes its own load time (without start-up and imports) here. */
  job.out = python_result;
  python = run_child (phase_openpyxl, &job);
  {
    g_autofree char *text = NULL;

    if (python.status == 0 && g_file_get_contents (python_result, &text, NULL, NULL))
      python_load = g_ascii_strtod (text, NULL);
    g_unlink (python_result);
  }

  report ("import: read + preview", read);
  report ("import: + validate + save", import);
  report ("export (diff + yellow)", export);
  report ("MEC import: read + preview", mec_read);
  report ("MEC import: + validate + save", mec_import);
  report ("MEC export (diff + yellow)", mec_export);
  report ("openpyxl (whole process)", python);
  g_print ("%-30s %7.3f s wall (inside Python)\n", "openpyxl load_workbook()", python_load);
  /* Python's figure is wall time on the same machine at the same moment;
   * compare it with ours in wall time too, and in CPU time. */
  if (python_load > 0)
    g_print ("openpyxl load_workbook() / import (wall): %.1fx (import + validate + save), %.1fx (read + preview)\n"
             "openpyxl process CPU / import CPU: %.1fx\n",
             python_load / import.seconds, python_load / read.seconds, python.cpu / import.cpu);
  g_print ("targets: import < 1 s (CPU): %s; MEC import < 1 s (CPU): %s; at least 10x faster than openpyxl: %s\n",
           import.cpu < 1.0 ? "yes" : "NO", mec_import.cpu < 1.0 ? "yes" : "NO",
           python_load / import.seconds >= 10 || python.cpu / import.cpu >= 10 ? "yes" : "NO");

  if (!keep)
    {
      g_unlink (xlsx);
      g_unlink (out);
      g_unlink (mec);
      g_unlink (mec_out);
      static const char * const suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (store, suffixes[i], NULL);
          g_autofree char *mec_path = g_strconcat (mec_store, suffixes[i], NULL);

          g_unlink (path);
          g_unlink (mec_path);
        }
      g_rmdir (dir);
    }
  return read.status || import.status || export.status || mec_read.status || mec_import.status ||
         mec_export.status;
}
