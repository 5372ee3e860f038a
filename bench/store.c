/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/store: the study plans on each store engine (issue 10).
 *
 *   bench/store LOCATION [N_SUBJECTS]
 *
 * LOCATION is a SQLite path (created fresh) or a postgresql:// URI of an
 * empty database (its password in CF_BENCH_PG_PASSWORD or libpq's own
 * sources). Prints seconds and peak RSS for: import (replace the working
 * copy with N subjects, default 20,000), load, mark as sent + diff, and
 * 1,000 single-cell edits written through (with the slowest one, which is
 * what a person feels as a stall when an edit runs on the main thread). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "cf-plan.h"
#include "cf-plan-diff.h"
#include "cf-store.h"

#include "plan-rows.h"

static void
die (GError *error)
{
  g_printerr ("bench/store: %s\n", error != NULL ? error->message : "failed");
  exit (1);
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
report (const char *what,
        gint64      start,
        const char *extra)
{
  double seconds = (g_get_monotonic_time () - start) / 1e6;

  g_print ("%-28s %8.3f s   peak RSS %6.1f MB%s%s\n", what, seconds, peak_rss_kb () / 1024.0,
           extra != NULL ? "   " : "", extra != NULL ? extra : "");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CfPlanBook) import = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  const char *location;
  guint n_subjects = 20000;
  gint64 start, slowest = 0;

  if (argc < 2)
    {
      g_printerr ("usage: bench/store LOCATION [N_SUBJECTS]\n");
      return 2;
    }
  location = argv[1];
  if (argc > 2)
    n_subjects = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (!cf_store_location_is_uri (location))
    g_unlink (location);

  store = cf_store_open_with_password (location, g_getenv ("CF_BENCH_PG_PASSWORD"), &error);
  if (store == NULL)
    die (error);
  g_print ("engine %s, %u subjects\n", cf_store_engine_to_string (cf_store_get_engine (store)), n_subjects);

  rows = bench_plan_rows (n_subjects, 40);
  import = cf_plan_book_new_from_rows (rows, NULL);
  g_print ("%u subjects in the book\n", cf_plan_book_get_n_subjects (import));

  start = g_get_monotonic_time ();
  if (!cf_plan_book_save_to_store (import, store, &error))
    die (error);
  report ("import (replace all)", start, NULL);

  start = g_get_monotonic_time ();
  book = cf_plan_book_load (store, &error);
  if (book == NULL)
    die (error);
  report ("load", start, NULL);

  start = g_get_monotonic_time ();
  {
    g_autoptr(CfPlanSnapshot) snapshot = cf_plan_mark_sent (store, book, NULL, &error);
    g_autoptr(CfPlanDiff) diff = NULL;

    if (snapshot == NULL)
      die (error);
    diff = cf_plan_diff_new_for_book (book, store, &error);
    if (diff == NULL)
      die (error);
  }
  report ("mark sent + diff", start, NULL);

  subjects = cf_plan_book_list_subjects (book, FALSE);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (subjects, (i * 7919) % subjects->len);
      g_autofree char *value = g_strdup_printf ("%u", 1 + i % 12);
      gint64 one = g_get_monotonic_time ();

      if (!cf_plan_book_set_value (book, subject, CF_PLAN_COL_CREDITOS, value, &error))
        die (error);
      slowest = MAX (slowest, g_get_monotonic_time () - one);
    }
  {
    g_autofree char *extra = g_strdup_printf ("slowest edit %.1f ms", slowest / 1000.0);
    report ("1,000 single-cell edits", start, extra);
  }
  return 0;
}
