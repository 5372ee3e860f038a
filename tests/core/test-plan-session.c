/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CfPlanSession without a display: loading, the refresh after an edit,
 * an import, a refused import, marking as sent, and another desk's write
 * arriving. */

#include "config.h"

#include <string.h>

#include "cf-context.h"
#include "cf-finding.h"
#include "cf-plan-session.h"
#include "cf-signer-repo.h"
#include <sqlite3.h>

#include "test-plan-fixture.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;

  wait->ok = cf_plan_session_load_finish (CF_PLAN_SESSION (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
load (CfPlanSession  *session,
      CfPlanBook     *import,
      GError        **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  cf_plan_session_load_async (session, import, NULL, on_loaded, &wait);
  g_assert_true (cf_plan_session_get_busy (session));
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the session is idle (at most @seconds). */
static void
wait_idle (CfPlanSession *session,
           guint          seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (cf_plan_session_get_busy (session) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cf_plan_session_get_busy (session));
}

static void
test_load_edit_refresh (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanSession) session = NULL;
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject;
  int refreshed = 0;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  session = cf_plan_session_new (store);
  g_assert_null (cf_plan_session_get_book (session));

  g_assert_true (load (session, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (cf_plan_session_get_book (session)), ==, 5);
  g_assert_nonnull (cf_plan_session_get_diff (session));
  g_assert_cmpuint (cf_plan_session_count_errors (session), ==, 0);
  g_assert_true (cf_plan_session_can_export (session));

  /* An edit that breaks a rule: the refresh (in a worker) finds it. */
  g_signal_connect_swapped (session, "refreshed", G_CALLBACK (g_atomic_int_inc), &refreshed);
  subject = fixture_subject (cf_plan_session_get_book (session), "1001");
  g_assert_true (cf_plan_book_set_value (cf_plan_session_get_book (session), subject,
                                         CF_PLAN_COL_CREDITOS, "abc", &error));
  g_assert_no_error (error);
  g_assert_true (cf_plan_session_get_busy (session));
  wait_idle (session, 10);
  g_assert_cmpint (refreshed, >=, 1);
  g_assert_cmpuint (cf_plan_session_count_errors (session), >, 0);
  g_assert_false (cf_plan_session_can_export (session));

  /* Undone: the error goes away again. */
  g_assert_true (cf_plan_book_undo (cf_plan_session_get_book (session), &error));
  wait_idle (session, 10);
  g_assert_cmpuint (cf_plan_session_count_errors (session), ==, 0);

  g_clear_object (&session);
  g_clear_object (&store);
  cf_test_rmdir (dir);
}

static void
test_import_and_mark_sent (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) import = fixture_book ();
  g_autoptr(CfPlanSession) session = cf_plan_session_new (store);
  g_autoptr(GError) error = NULL;
  int loaded = 0;

  g_signal_connect_swapped (session, "loaded", G_CALLBACK (g_atomic_int_inc), &loaded);
  g_assert_true (load (session, NULL, &error));
  g_assert_cmpuint (cf_plan_book_get_n_subjects (cf_plan_session_get_book (session)), ==, 0);
  g_assert_false (cf_plan_session_can_export (session));

  g_assert_true (load (session, import, &error));
  g_assert_no_error (error);
  g_assert_cmpint (loaded, ==, 2);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (cf_plan_session_get_book (session)), ==, 5);
  /* The session's book is bound to the store, not the import itself. */
  g_assert_true (cf_plan_session_get_book (session) != import);
  g_assert_true (cf_plan_book_get_store (cf_plan_session_get_book (session)) == store);

  g_assert_false (cf_plan_diff_has_base (cf_plan_session_get_diff (session)));
  g_assert_true (cf_plan_session_mark_sent (session, &error));
  g_assert_no_error (error);
  g_assert_true (cf_plan_diff_has_base (cf_plan_session_get_diff (session)));
  g_assert_cmpuint (cf_plan_history_size (cf_plan_session_get_history (session)), >, 0);

  g_clear_object (&session);
  g_clear_object (&store);
  cf_test_rmdir (dir);
}

static void
test_refused_import (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) import = fixture_book ();
  g_autoptr(CfPlanSession) session = cf_plan_session_new (store);
  g_autoptr(GError) error = NULL;
  CfPlanBook *before;
  sqlite3 *db;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_true (load (session, NULL, &error));
  before = cf_plan_session_get_book (session);

  /* The store refuses the import (a trigger stands in for a full disk):
   * the session keeps its book and the store its plans. */
  db = cf_test_sqlite_of (store);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON plan_subject "
                                     "BEGIN SELECT RAISE (ABORT, 'refused'); END;", NULL, NULL, NULL), ==, 0);
  g_assert_false (load (session, import, &error));
  g_assert_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_STORE);
  g_assert_true (cf_plan_session_get_book (session) == before);
  g_assert_cmpuint (cf_plan_book_get_n_subjects (before), ==, 5);
  g_assert_false (cf_plan_session_get_busy (session));

  g_clear_object (&session);
  g_clear_object (&store);
  cf_test_rmdir (dir);
}

static void
test_other_desk (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfStore) other = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfPlanBook) theirs = NULL;
  g_autoptr(CfPlanSession) session = cf_plan_session_new (store);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  CfPlanNode *subject;
  int loaded = 0;
  guint timeout;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_true (load (session, NULL, &error));

  /* Another desk (its own store object, its own connection) edits. */
  other = cf_store_open (cf_store_get_location (store), &error);
  g_assert_no_error (error);
  theirs = cf_plan_book_load (other, &error);
  g_assert_no_error (error);
  g_assert_true (cf_plan_book_set_value (theirs, fixture_subject (theirs, "1002"),
                                         CF_PLAN_COL_NOMBRE_ASIGNATURA, "CÁLCULO AVANZADO", &error));
  g_assert_no_error (error);

  /* Within two seconds the session has read it again. */
  cf_store_watch_changes (store, 200);
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (g_main_loop_quit), loop);
  g_signal_connect_swapped (session, "loaded", G_CALLBACK (g_atomic_int_inc), &loaded);
  timeout = g_timeout_add_seconds (2, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpint (loaded, ==, 1);
  g_source_remove (timeout);
  subject = fixture_subject (cf_plan_session_get_book (session), "1002");
  g_assert_cmpstr (cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA), ==, "CÁLCULO AVANZADO");

  /* Our own edit does not make the session read everything again. */
  g_assert_true (cf_plan_book_set_value (cf_plan_session_get_book (session), subject,
                                         CF_PLAN_COL_CREDITOS, "9", &error));
  timeout = g_timeout_add (800, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpint (loaded, ==, 1);

  g_clear_object (&session);
  g_clear_object (&store);
  g_clear_object (&other);
  cf_test_rmdir (dir);
}

/* The context hands every page the same session, and its settings'
 * defaults when there are no settings (the command line). */
static void
test_context (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(CfStore) store = fixture_store (&dir);
  g_autoptr(CfContext) context = cf_context_new (store, NULL);
  g_autofree char *pattern = cf_context_dup_validation_url_pattern (context);

  g_assert_true (cf_context_get_store (context) == store);
  g_assert_null (cf_context_get_settings (context));
  g_assert_true (cf_context_get_plan_session (context) == cf_context_get_plan_session (context));
  g_assert_true (cf_plan_session_get_store (cf_context_get_plan_session (context)) == store);
  g_assert_cmpuint (cf_context_get_expiry_warning_days (context), ==, 30);
  g_assert_nonnull (strstr (pattern, "{folioDigital}"));

  g_clear_object (&context);
  g_assert_finalize_object (g_steal_pointer (&store));
  cf_test_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/plan-session/load-edit-refresh", test_load_edit_refresh);
  g_test_add_func ("/core/plan-session/import-and-mark-sent", test_import_and_mark_sent);
  g_test_add_func ("/core/plan-session/refused-import", test_refused_import);
  g_test_add_func ("/core/plan-session/other-desk", test_other_desk);
  g_test_add_func ("/core/plan-session/context", test_context);

  return g_test_run ();
}
