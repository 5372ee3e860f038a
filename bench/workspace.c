/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/workspace: importing the school system's export (issue 13).
 *
 *   bench/workspace LOCATION [N_STUDENTS [N_SUBJECTS [N_SEAL]]]
 *
 * LOCATION is a SQLite path (created fresh) or a postgresql:// URI of an
 * empty database (its password in CF_BENCH_PG_PASSWORD or libpq's own
 * sources). A plan of N_SUBJECTS (45) is put in the store, then an export
 * of N_STUDENTS (5,000) with every subject is written as a wide CSV (one
 * row per student), the same as a workbook (numbers as numbers, notes
 * above the header, a catalog sheet first) and a long CSV (one row per
 * subject), and each is
 * imported: the preview (read, checked against the plan) and the commit,
 * then the same file again (unchanged: no grade rewritten). Target: < 5 s
 * per import. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "cf-plan.h"
#include "cf-store.h"
#include "cf-student-repo.h"
#include "cf-students-import.h"

#include "plan-rows.h"
#include "workspace-seal.h"

static void
die (GError *error)
{
  g_printerr ("bench/workspace: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static double
since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static char *
write_export (const char *dir,
              gboolean    wide,
              guint       n_students,
              guint       n_subjects)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  char *path = g_build_filename (dir, wide ? "wide.csv" : "long.csv", NULL);
  const char *student = "NumControlAlumno;curpAlumno;Nombres Alumno;Apellido Paterno alumn;"
                        "Apellido Materno alumn;id genero;Fecha Nacimiento alumn;id carrera;carrera clave plan";

  g_string_append (csv, student);
  for (guint s = 0; s < (wide ? n_subjects : 1); s++)
    g_string_append (csv, ";id asignatura;ciclo;calificacion;id tipo asignatura;creditos");
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < n_students; i++)
    {
      g_autofree char *head = g_strdup_printf ("A%06u;LOPA990501MDFPRN%02u;ANA MARÍA;LÓPEZ;PEÑA;250;"
                                               "01/05/1999;100;2016", i, i % 100);

      if (wide)
        g_string_append (csv, head);
      for (guint s = 0; s < n_subjects; s++)
        {
          if (!wide)
            g_string_append (csv, head);
          g_string_append_printf (csv, ";%u;%u-%u;%u;263;6", 100000 + s, 2016 + s / 10, 1 + s % 2,
                                  6 + (i + s) % 5);
          if (!wide)
            g_string_append (csv, "\r\n");
        }
      if (wide)
        g_string_append (csv, "\r\n");
    }
  if (!g_file_set_contents (path, csv->str, csv->len, NULL))
    die (NULL);
  return path;
}

static char *
write_workbook (const char *dir,
                guint       n_students,
                guint       n_subjects)
{
  char *path = g_build_filename (dir, "wide.xlsx", NULL);
  lxw_workbook *workbook = workbook_new (path);
  lxw_worksheet *catalog = workbook_add_worksheet (workbook, "CARRERAS");
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, "CERTIFICADOS");
  static const char * const header[] = {
    "NumControlAlumno", "curpAlumno", "Nombres Alumno", "Apellido Paterno alumn", "Apellido Materno alumn",
    "id genero", "Fecha Nacimiento alumn", "id carrera", "carrera clave plan",
  };
  static const char * const group[] = { "id asignatura", "ciclo", "calificacion", "id tipo asignatura", "creditos" };
  lxw_col_t c = 0;

  worksheet_write_string (catalog, 0, 0, "ID_CARRERA", NULL);
  worksheet_write_number (catalog, 1, 0, 100, NULL);
  worksheet_write_string (sheet, 0, 0, "NO VARIABLE", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    worksheet_write_string (sheet, 1, c++, header[i], NULL);
  for (guint s = 0; s < n_subjects; s++)
    for (guint i = 0; i < G_N_ELEMENTS (group); i++)
      worksheet_write_string (sheet, 1, c++, group[i], NULL);
  for (guint r = 0; r < n_students; r++)
    {
      g_autofree char *matricula = g_strdup_printf ("A%06u", r);
      g_autofree char *curp = g_strdup_printf ("LOPA990501MDFPRN%02u", r % 100);
      lxw_row_t row = r + 2;

      c = 0;
      worksheet_write_string (sheet, row, c++, matricula, NULL);
      worksheet_write_string (sheet, row, c++, curp, NULL);
      worksheet_write_string (sheet, row, c++, "ANA MARÍA", NULL);
      worksheet_write_string (sheet, row, c++, "LÓPEZ", NULL);
      worksheet_write_string (sheet, row, c++, "PEÑA", NULL);
      worksheet_write_number (sheet, row, c++, 250, NULL);
      worksheet_write_string (sheet, row, c++, "01/05/1999", NULL);
      worksheet_write_number (sheet, row, c++, 100, NULL);
      worksheet_write_number (sheet, row, c++, 2016, NULL);
      for (guint s = 0; s < n_subjects; s++)
        {
          g_autofree char *cycle = g_strdup_printf ("%u-%u", 2016 + s / 10, 1 + s % 2);

          worksheet_write_number (sheet, row, c++, 100000 + s, NULL);
          worksheet_write_string (sheet, row, c++, cycle, NULL);
          worksheet_write_number (sheet, row, c++, 6 + (r + s) % 5, NULL);
          worksheet_write_number (sheet, row, c++, 263, NULL);
          worksheet_write_number (sheet, row, c++, 6, NULL);
        }
    }
  if (workbook_close (workbook) != LXW_NO_ERROR)
    die (NULL);
  return path;
}

static void
run (CfStore    *store,
     const char *path,
     const char *label)
{
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CfStudentsImport) import = NULL;
      gint64 start = g_get_monotonic_time ();
      double read_s, commit_s;

      import = cf_students_import_read (path, store, NULL, &error);
      if (import == NULL)
        die (error);
      read_s = since (start);
      start = g_get_monotonic_time ();
      if (!cf_students_import_commit (import, store, &error))
        die (error);
      commit_s = since (start);
      g_print ("%-6s %-7s %5u students %7u grades  preview %6.3f s  commit %6.3f s  total %6.3f s"
               "  (%u findings, %u rejected)  peak RSS %6.1f MB\n",
               label, pass == 0 ? "first" : "again", cf_students_import_get_students (import)->len,
               cf_students_import_get_n_grades (import), read_s, commit_s, read_s + commit_s,
               cf_students_import_get_findings (import)->len, cf_students_import_get_rejected (import)->len,
               peak_rss_kb () / 1024.0);
    }
}

/* --memory LOCATION [N_SUBJECTS]: 100 then 10,000 certificates, each size
 * in a process of its own (a peak RSS never goes down), on a fresh SQLite
 * file (LOCATION-100, LOCATION-10000) or the same PostgreSQL database:
 * import and check, list, seal; the peak RSS after each. Flat memory:
 * the 10,000 figures close to the 100 ones. */
static int
memory (int   argc,
        char *argv[])
{
  static const guint sizes[] = { 100, 10000 };
  guint n_subjects;

  if (argc < 3)
    {
      g_printerr ("usage: bench/workspace --memory LOCATION [N_SUBJECTS]\n");
      return 2;
    }
  if (g_str_equal (argv[1], "--memory-one"))
    {
      /* --memory-one LOCATION N N_SUBJECTS PASS */
      g_autoptr(GError) error = NULL;
      g_autoptr(CfStore) store = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
      g_autoptr(CfPlanBook) book = NULL;

      if (argc < 6)
        return 2;
      if (!cf_store_location_is_uri (argv[2]))
        g_unlink (argv[2]);
      store = cf_store_open_with_password (argv[2], g_getenv ("CF_BENCH_PG_PASSWORD"), &error);
      if (store == NULL)
        die (error);
      bench_workspace_memory (store, (guint) atoi (argv[5]), (guint) atoi (argv[3]), (guint) atoi (argv[4]));
      return 0;
    }

  n_subjects = argc > 3 ? (guint) atoi (argv[3]) : 45;
  g_print ("memory from 100 to 10,000 certificates x %u subjects on %s\n", n_subjects, argv[2]);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *n = g_strdup_printf ("%u", sizes[i]);
      g_autofree char *subjects = g_strdup_printf ("%u", n_subjects);
      g_autofree char *pass = g_strdup_printf ("%u", i + 1);
      g_autofree char *location = cf_store_location_is_uri (argv[2]) ? g_strdup (argv[2])
                                  : g_strdup_printf ("%s-%u", argv[2], sizes[i]);
      const char *child[] = { "/proc/self/exe", "--memory-one", location, n, subjects, pass, NULL };
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) child, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                         &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        die (error);
      if (!cf_store_location_is_uri (location))
        g_unlink (location);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autoptr(CfPlanBook) book = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wide = NULL;
  g_autofree char *longer = NULL;
  g_autofree char *book_path = NULL;
  const char *location;
  guint n_students, n_subjects, n_grades = 0, n_seal;

  if (argc < 2)
    {
      g_printerr ("usage: bench/workspace LOCATION [N_STUDENTS [N_SUBJECTS [N_SEAL]]]\n"
                  "       bench/workspace --memory LOCATION [N_SUBJECTS]\n");
      return 2;
    }
  if (g_str_equal (argv[1], "--memory") || g_str_equal (argv[1], "--memory-one"))
    return memory (argc, argv);
  location = argv[1];
  n_students = argc > 2 ? (guint) atoi (argv[2]) : 5000;
  n_subjects = argc > 3 ? (guint) atoi (argv[3]) : 45;
  /* Then N_SEAL certificates sealed (workspace-seal.c); 0: none. */
  n_seal = argc > 4 ? (guint) atoi (argv[4]) : 1000;

  if (!cf_store_location_is_uri (location))
    g_unlink (location);
  store = cf_store_open_with_password (location, g_getenv ("CF_BENCH_PG_PASSWORD"), &error);
  if (store == NULL)
    die (error);
  rows = bench_plan_rows (n_subjects, 1);
  book = cf_plan_book_new_from_rows (rows, rejected);
  if (!cf_plan_book_save_to_store (book, store, &error))
    die (error);

  dir = g_dir_make_tmp ("cf-bench-workspace-XXXXXX", &error);
  if (dir == NULL)
    die (error);
  wide = write_export (dir, TRUE, n_students, n_subjects);
  longer = write_export (dir, FALSE, n_students, n_subjects);
  book_path = write_workbook (dir, n_students, n_subjects);
  g_print ("%s (%s), %u students x %u subjects\n", cf_store_engine_to_string (cf_store_get_engine (store)),
           location, n_students, n_subjects);
  run (store, wide, "wide");
  run (store, book_path, "xlsx");
  run (store, longer, "long");
  if (!cf_student_repo_count (store, &n_students, &n_grades, &error))
    die (error);
  g_print ("in the store: %u students, %u grades\n", n_students, n_grades);
  if (n_seal > 0)
    bench_workspace_seal (store, n_seal, n_subjects);

  g_unlink (wide);
  g_unlink (longer);
  g_unlink (book_path);
  g_rmdir (dir);
  return 0;
}
