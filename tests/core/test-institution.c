/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The institution in the store (Preferences → Institución), on a SQLite
 * file and on a PostgreSQL database: the study plans' values until some
 * are set, one bitácora entry per changed value, the logo's bytes kept
 * and shared with another desk, and cf_context_dup_logo_path() giving a
 * file with exactly those bytes even after the original is gone. The
 * _async calls (what Preferences uses, so a slow server never freezes
 * it) give the same answers, and a cancelled one writes nothing or says
 * that it did. */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-audit-repo.h"
#include "cf-context.h"
#include "cf-institution-repo.h"
#include "cf-test-util.h"
#include "test-plan-fixture.h"

static char *cache_dir;   /* the logo's copies for printing go here */

typedef CfTestEngine Fixture;

static CfStore *
open_store (Fixture *f)
{
  CfStore *store = cf_test_store_open (f->location);

  g_assert_cmpint (cf_store_get_schema_version (store), >=, 4);
  return store;
}

static guint
count_changes (CfStore    *store,
               const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cf_audit_repo_list (store, NULL, NULL, "institution", 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CfAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->field, field) == 0)
        n++;
    }
  return n;
}

/* ---- In a worker thread ---- */

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_values (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfInstitution) institution = NULL;
  g_autoptr(GError) error = NULL;

  if (f->location == NULL)
    return;
  store = open_store (f);

  institution = cf_institution_repo_get (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (institution->name, ==, "");
  g_assert_cmpstr (institution->id_institucion, ==, "");
  g_assert_cmpstr (institution->logo_name, ==, "");
  g_clear_pointer (&institution, cf_institution_free);

  /* Where the institution lived before: the study plans. */
  book = fixture_book ();
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  institution = cf_institution_repo_get (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (institution->name, ==, "UNIVERSIDAD EJEMPLO");
  g_assert_cmpstr (institution->id_institucion, ==, "090123");
  g_assert_cmpstr (institution->id_campus, ==, "090101");
  g_assert_true (institution->name_from_plan);
  g_assert_true (institution->id_campus_from_plan);
  g_clear_pointer (&institution, cf_institution_free);

  /* Set here: its own values, one entry per value that changed. */
  g_assert_true (cf_institution_repo_set (store, "Universidad Ejemplo, A.C.", "090123", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cf_institution_repo_set (store, "Universidad Ejemplo, A.C.", "090123", NULL, &error));
  g_assert_cmpuint (count_changes (store, "NOMBRE_INSTITUCION"), ==, 1);
  g_assert_cmpuint (count_changes (store, "ID_INSTITUCION"), ==, 1);
  g_assert_cmpuint (count_changes (store, "ID_CAMPUS"), ==, 0);

  /* Another desk on the same data sees them. */
  other_desk = open_store (f);
  institution = cf_institution_repo_get (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (institution->name, ==, "Universidad Ejemplo, A.C.");
  g_assert_false (institution->name_from_plan);
  g_assert_false (institution->id_institucion_from_plan);
  g_assert_cmpstr (institution->id_campus, ==, "090101");
  g_assert_true (institution->id_campus_from_plan);
  g_clear_pointer (&institution, cf_institution_free);

  /* Emptied: the plans' value again. */
  g_assert_true (cf_institution_repo_set (store, "", NULL, NULL, &error));
  institution = cf_institution_repo_get (other_desk, &error);
  g_assert_cmpstr (institution->name, ==, "UNIVERSIDAD EJEMPLO");
}

static void
test_logo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfContext) context = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CfInstitution) institution = NULL;
  gsize length;
  guint8 bytes[3000];

  if (f->location == NULL)
    return;
  store = open_store (f);
  context = cf_context_new (store, NULL);

  /* No logo: nothing to print, and no error. */
  path = cf_context_dup_logo_path (context, &error);
  g_assert_no_error (error);
  g_assert_null (path);

  /* Any bytes (the image check is the caller's), with a NUL inside. */
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7);
  logo = g_bytes_new (bytes, sizeof bytes);
  g_assert_true (cf_institution_repo_set_logo (store, logo, "escudo.png", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_changes (store, "LOGO"), ==, 1);

  other_desk = open_store (f);
  read_back = cf_institution_repo_get_logo (other_desk, &sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, logo));
  {
    g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, logo);

    g_assert_cmpstr (sha256, ==, expected);
  }
  institution = cf_institution_repo_get (other_desk, &error);
  g_assert_cmpstr (institution->logo_name, ==, "escudo.png");

  path = cf_context_dup_logo_path (context, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, cache_dir));
  /* In a worker (what the preview asks): the same file. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *from_worker = NULL;

    cf_context_dup_logo_path_async (context, NULL, on_result_cb, &result);
    from_worker = cf_context_dup_logo_path_finish (context, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (from_worker, ==, path);
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, bytes, sizeof bytes);

  /* The printing copy removed (a cache cleaned): made again. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  again = cf_context_dup_logo_path (context, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  g_assert_true (g_file_test (again, G_FILE_TEST_IS_REGULAR));

  /* Removed: no logo. */
  g_assert_true (cf_institution_repo_set_logo (store, NULL, NULL, &error));
  g_clear_pointer (&again, g_free);
  again = cf_context_dup_logo_path (context, &error);
  g_assert_no_error (error);
  g_assert_null (again);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    cf_context_dup_logo_path_async (context, NULL, on_result_cb, &result);
    g_assert_null (cf_context_dup_logo_path_finish (context, wait_result (&result), &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    cf_context_dup_logo_path_async (context, cancellable, on_result_cb, &result);
    g_cancellable_cancel (cancellable);
    g_assert_null (cf_context_dup_logo_path_finish (context, wait_result (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_changes (store, "LOGO"), ==, 2);
}

static CfInstitution *
get_async (CfStore       *store,
           GCancellable  *cancellable,
           GBytes       **logo,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cf_institution_repo_get_async (store, logo != NULL, cancellable, on_result_cb, &result);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);   /* after the start, before the answer */
  return cf_institution_repo_get_finish (store, wait_result (&result), logo, error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfInstitution) institution = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  static const guint8 bytes[] = { 0x89, 'P', 'N', 'G', 0, 1, 2, 3 };

  if (f->location == NULL)
    return;
  store = open_store (f);

  /* The same answers as the plain calls. */
  cf_institution_repo_set_async (store, "Universidad Ejemplo, A.C.", "090123", NULL, NULL, on_result_cb, &result);
  g_assert_true (cf_institution_repo_set_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  logo = g_bytes_new_static (bytes, sizeof bytes);
  cf_institution_repo_set_logo_async (store, logo, "escudo.png", NULL, on_result_cb, &result);
  g_assert_true (cf_institution_repo_set_logo_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  institution = get_async (store, NULL, &read_back, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (institution->name, ==, "Universidad Ejemplo, A.C.");
  g_assert_cmpstr (institution->id_institucion, ==, "090123");
  g_assert_cmpstr (institution->logo_name, ==, "escudo.png");
  g_assert_nonnull (read_back);
  g_assert_true (g_bytes_equal (read_back, logo));
  g_clear_pointer (&institution, cf_institution_free);
  g_clear_pointer (&read_back, g_bytes_unref);
  g_assert_cmpuint (count_changes (store, "NOMBRE_INSTITUCION"), ==, 1);
  g_assert_cmpuint (count_changes (store, "LOGO"), ==, 1);

  /* Cancelled after it started: the caller hears "cancelled", whatever
   * the worker got to. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    institution = get_async (store, cancellable, &read_back, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (institution);
    g_assert_null (read_back);
    g_clear_error (&error);
  }

  /* Cancelled before it starts: nothing is written, nothing recorded. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    cf_institution_repo_set_async (store, "Otra", NULL, NULL, cancellable, on_result_cb, &result);
    g_assert_false (cf_institution_repo_set_finish (store, wait_result (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
    cf_institution_repo_set_logo_async (store, NULL, NULL, cancellable, on_result_cb, &result);
    g_assert_false (cf_institution_repo_set_logo_finish (store, wait_result (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
    institution = cf_institution_repo_get (store, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (institution->name, ==, "Universidad Ejemplo, A.C.");
    g_assert_cmpstr (institution->logo_name, ==, "escudo.png");
    g_clear_pointer (&institution, cf_institution_free);
    g_assert_cmpuint (count_changes (store, "NOMBRE_INSTITUCION"), ==, 1);
    g_assert_cmpuint (count_changes (store, "LOGO"), ==, 1);
  }

  /* Cancelled while under way: the answer says what happened. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    gboolean ok;

    cf_institution_repo_set_async (store, "Otra", NULL, NULL, cancellable, on_result_cb, &result);
    g_cancellable_cancel (cancellable);
    ok = cf_institution_repo_set_finish (store, wait_result (&result), &error);
    institution = cf_institution_repo_get (store, NULL);
    g_test_message ("Cancelled while under way: %s", ok ? "written" : error->message);
    if (ok)
      g_assert_cmpstr (institution->name, ==, "Otra");
    else
      {
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_cmpstr (institution->name, ==, "Universidad Ejemplo, A.C.");
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = cf_test_mkdtemp ();
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      g_autofree char *values = g_strdup_printf ("/institution/%s/values", engines[i]);
      g_autofree char *logo = g_strdup_printf ("/institution/%s/logo", engines[i]);
      g_autofree char *async = g_strdup_printf ("/institution/%s/async", engines[i]);

      g_test_add (values, Fixture, engines[i], cf_test_engine_set_up, test_values, cf_test_engine_tear_down);
      g_test_add (logo, Fixture, engines[i], cf_test_engine_set_up, test_logo, cf_test_engine_tear_down);
      g_test_add (async, Fixture, engines[i], cf_test_engine_set_up, test_async, cf_test_engine_tear_down);
    }
  status = g_test_run ();
  cf_test_rmdir (cache_dir);
  g_free (cache_dir);
  return status;
}
