/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Bitácora section in the real window on a real store file: changes
 * made through the core (a signer added, study plans imported, a subject's
 * credits changed) are read back from the page as sentences, filtered by
 * what changed and by person; a change from another desk (a second store
 * on the same file) appears by itself; more than 1,000 entries are cut
 * with a note; an empty store says so. */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <sqlite3.h>

#include "cf-application.h"
#include "cf-audit-item.h"
#include "cf-audit-page.h"
#include "cf-signer-repo.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

#include "../core/test-plan-fixture.h"

typedef struct
{
  char        *dir;
  char        *store_path;
  CfStore     *store;
  GSettings   *settings;
  CfWindow    *window;
  CfAuditPage *page;
} Fixture;

static CfApplication *app;

static gboolean
page_is_idle (gpointer data)
{
  return !cf_audit_page_get_busy (CF_AUDIT_PAGE (data));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_STACK (widget))
    {
      GtkWidget *visible = gtk_stack_get_visible_child (GTK_STACK (widget));

      if (visible != NULL)
        collect_text (visible, text);
      return;
    }
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

static GtkDropDown *
get_filter (Fixture    *fixture,
            const char *name)
{
  GtkWidget *dropdown = find_named (GTK_WIDGET (fixture->page), name);

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  return GTK_DROP_DOWN (dropdown);
}

static guint
n_entries (Fixture *fixture)
{
  return g_list_model_get_n_items (cf_audit_page_get_entries (fixture->page));
}

static const char *
sentence_at (Fixture *fixture,
             guint    position)
{
  g_autoptr(CfAuditItem) item = g_list_model_get_item (cf_audit_page_get_entries (fixture->page), position);

  g_assert_nonnull (item);
  return cf_audit_item_get_sentence (item);
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountQuery;

static gboolean
entries_shown (gpointer data)
{
  CountQuery *query = data;

  return !cf_audit_page_get_busy (query->fixture->page) && n_entries (query->fixture) == query->n;
}

/* Waits until the page has read the store and shows @n entries. */
static void
wait_for_entries (Fixture *fixture,
                  guint    n)
{
  CountQuery query = { fixture, n };

  cf_ui_spin_until (entries_shown, &query);
}

static void
select_filter (Fixture    *fixture,
               const char *name,
               guint       position,
               guint       expected)
{
  gtk_drop_down_set_selected (get_filter (fixture, name), position);
  g_assert_true (cf_audit_page_get_busy (fixture->page));
  wait_for_entries (fixture, expected);
}

static void
show_audit (Fixture *fixture)
{
  cf_window_show_section (fixture->window, "audit");
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "audit");
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->page);
}

static void
add_signer (CfStore    *store,
            const char *dir,
            const char *basename,
            const char *name,
            const char *serial)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  CfTestCertSpec spec = { 0 };

  spec.name = name;
  spec.serial_ascii = serial;
  g_assert_true (cf_test_generate_cert (dir, basename, &spec, &cer_path, &key_path, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);
}

static CfPlanNode *
find_subject (CfPlanBook *book,
              const char *id)
{
  g_autoptr(GPtrArray) subjects = cf_plan_book_list_subjects (book, FALSE);

  for (guint i = 0; i < subjects->len; i++)
    if (g_strcmp0 (cf_plan_node_get (g_ptr_array_index (subjects, i), CF_PLAN_COL_ID_ASIGNATURA), id) == 0)
      return g_ptr_array_index (subjects, i);
  g_assert_not_reached ();
}

static void
set_credits (CfStore    *store,
             const char *subject,
             const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = cf_plan_book_load (store, &error);

  g_assert_no_error (error);
  g_assert_true (cf_plan_book_set_value (book, find_subject (book, subject), CF_PLAN_COL_CREDITOS, value, &error));
  g_assert_no_error (error);
}

/* What a desk where another person works writes: an entry of someone else. */
static void
add_raw_entries (Fixture    *fixture,
                 const char *os_user,
                 guint       n)
{
  sqlite3 *db = cf_test_sqlite_of (fixture->store);
  sqlite3_stmt *statement = NULL;

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO audit_log (at, os_user, host, action, entity, entity_id,"
                                       " field, old_value, new_value) VALUES"
                                       " ('2020-01-05T16:30:00Z', ?, 'escritorio-2', 'change', 'career', '101',"
                                       " 'NOMBRE_CARRERA', 'DERECHO', 'LICENCIATURA EN DERECHO')",
                                       -1, &statement, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (statement, 1, os_user, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_DONE);
      sqlite3_reset (statement);
    }
  sqlite3_finalize (statement);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cf_test_mkdtemp ();
  fixture->store_path = g_build_filename (fixture->dir, "certifica.db", NULL);
  fixture->store = cf_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new ("io.github.certifica.Certifica");
}

static void
open_window (Fixture *fixture)
{
  g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

  fixture->window = g_object_ref (cf_window_new (app, context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 680);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);

  fixture->page = CF_AUDIT_PAGE (cf_ui_find_widget (GTK_WIDGET (fixture->window), CF_TYPE_AUDIT_PAGE));
  g_assert_nonnull (fixture->page);
  /* Not on show: nothing read yet. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
  g_assert_false (cf_audit_page_get_busy (fixture->page));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      cf_ui_spin_until (page_is_idle, fixture->page);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      cf_ui_spin_a_little ();
      g_assert_finalize_object (fixture->window);
    }
  g_assert_finalize_object (fixture->store);
  g_clear_object (&fixture->settings);

  cf_test_rmdir (fixture->dir);
  g_free (fixture->store_path);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */

static void
test_entries (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(CfStore) other_desk = NULL;
  g_autofree char *me = g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
  g_autofree char *text = NULL;
  g_autoptr(CfAuditItem) first = NULL;
  GtkDropDown *people;
  guint ana = 0;
  guint mine = 0;

  add_signer (fixture->store, fixture->dir, "signer", "PEREZ GOMEZ LUIS", "30001000000500000011");
  g_assert_true (cf_plan_book_save_to_store (book, fixture->store, &error));
  g_assert_no_error (error);
  set_credits (fixture->store, "1001", "9");

  open_window (fixture);
  show_audit (fixture);
  wait_for_entries (fixture, 3);

  /* Newest first, as sentences. */
  g_assert_cmpstr (sentence_at (fixture, 0), ==, "Changed CREDITOS of the subject 1001: 8 → 9");
  g_assert_cmpstr (sentence_at (fixture, 1), ==, "Imported the study plans: 5 subjects");
  g_assert_cmpstr (sentence_at (fixture, 2), ==, "Added the signer PEREZ GOMEZ LUIS (30001000000500000011)");
  first = g_list_model_get_item (cf_audit_page_get_entries (fixture->page), 0);
  g_assert_cmpstr (cf_audit_item_get_person (first), ==, me);
  g_assert_cmpstr (cf_audit_item_get_icon_name (first), ==, "document-edit-symbolic");

  /* On screen too, with when (this year, TZ=UTC) and who. */
  cf_ui_spin_a_little ();
  text = shown_text (GTK_WIDGET (fixture->page));
  g_test_message ("Page shows:\n%s", text);
  g_assert_nonnull (strstr (text, "Changed CREDITOS of the subject 1001: 8 → 9\n"));
  g_assert_nonnull (strstr (text, "Added the signer PEREZ GOMEZ LUIS (30001000000500000011)\n"));
  g_assert_nonnull (strstr (text, me));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *year = g_date_time_format (now, ", %Y, ");

    g_assert_nonnull (strstr (cf_audit_item_get_when (first), year));
  }
  g_assert_null (strstr (text, "Only the latest"));

  /* By what changed. */
  select_filter (fixture, "entity-filter", 1, 1);
  g_assert_cmpstr (sentence_at (fixture, 0), ==, "Added the signer PEREZ GOMEZ LUIS (30001000000500000011)");
  select_filter (fixture, "entity-filter", 2, 2);
  g_assert_cmpstr (sentence_at (fixture, 1), ==, "Imported the study plans: 5 subjects");
  select_filter (fixture, "entity-filter", 0, 3);

  /* By date: the three are from today, an entry of 2020 is not. */
  add_raw_entries (fixture, "ana", 1);
  select_filter (fixture, "since-filter", 0, 3);
  select_filter (fixture, "since-filter", 3, 4);
  g_assert_cmpstr (sentence_at (fixture, 0), ==,
                   "Changed NOMBRE_CARRERA of the career 101: DERECHO → LICENCIATURA EN DERECHO");

  /* By person: the drop-down offers everyone who changed something. */
  people = get_filter (fixture, "person-filter");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (people)), ==, 3);
  for (guint i = 1; i < 3; i++)
    {
      GtkStringObject *person = g_list_model_get_item (gtk_drop_down_get_model (people), i);

      if (g_str_equal (gtk_string_object_get_string (person), "ana"))
        ana = i;
      else if (g_str_equal (gtk_string_object_get_string (person), g_get_user_name ()))
        mine = i;
      g_object_unref (person);
    }
  g_assert_cmpuint (ana, !=, 0);
  g_assert_cmpuint (mine, !=, 0);
  select_filter (fixture, "person-filter", ana, 1);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "ana@escritorio-2"));
  select_filter (fixture, "person-filter", mine, 3);
  /* Both filters at once. */
  select_filter (fixture, "entity-filter", 1, 1);
  select_filter (fixture, "person-filter", ana, 0);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "No Changes Recorded"));
  g_assert_nonnull (strstr (text, "No change matches these filters."));
  select_filter (fixture, "person-filter", 0, 1);
  select_filter (fixture, "entity-filter", 0, 4);

  /* Another desk, on the same file: it shows up by itself. */
  cf_store_watch_changes (fixture->store, 200);
  other_desk = cf_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  set_credits (other_desk, "1002", "7");
  wait_for_entries (fixture, 5);
  g_assert_cmpstr (sentence_at (fixture, 0), ==, "Changed CREDITOS of the subject 1002: 8 → 7");
  g_clear_object (&other_desk);
}

static void
test_limit (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = NULL;

  add_raw_entries (fixture, "ana", 1001);
  open_window (fixture);
  show_audit (fixture);
  wait_for_entries (fixture, 1000);

  cf_ui_spin_a_little ();
  text = shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "Only the latest 1000 changes are shown."));

  /* Within the limit, no note. */
  select_filter (fixture, "since-filter", 0, 0);
  g_clear_pointer (&text, g_free);
  text = shown_text (GTK_WIDGET (fixture->page));
  g_assert_null (strstr (text, "Only the latest"));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = NULL;

  open_window (fixture);
  show_audit (fixture);
  cf_ui_spin_until (page_is_idle, fixture->page);
  cf_ui_spin_a_little ();
  g_assert_cmpuint (n_entries (fixture), ==, 0);
  text = shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "No Changes Recorded"));
  g_assert_nonnull (strstr (text, "Every change to signers and study plans is recorded here"));

  /* A signer added in this window's own store shows up while on show. */
  add_signer (fixture->store, fixture->dir, "signer", "PEREZ GOMEZ LUIS", "30001000000500000011");
  wait_for_entries (fixture, 1);
}

/* Sealing that a person let go ahead without the checks is told in words,
 * not as the stored action name. */
static void
test_seal_exceptions (void)
{
  CfAuditEntry unchecked = { .action = (char *) "seal-unchecked", .entity = (char *) "signer",
                             .entity_id = (char *) "00001000000500000001",
                             .old_value = (char *) "responder unreachable",
                             .new_value = (char *) "3 → /tmp/out" };
  CfAuditEntry untrusted = unchecked;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  untrusted.action = (char *) "seal-untrusted";
  a = cf_audit_describe (&unchecked);
  b = cf_audit_describe (&untrusted);
  g_assert_false (g_str_has_prefix (a, "seal-"));
  g_assert_false (g_str_has_prefix (b, "seal-"));
  g_assert_nonnull (strstr (a, "00001000000500000001"));
  g_assert_nonnull (strstr (a, "responder unreachable"));
  g_assert_nonnull (strstr (b, "3 → /tmp/out"));
  g_assert_cmpstr (a, !=, b);
}

/* A students import is told in words, with its file and counts. */
static void
test_students_import (void)
{
  CfAuditEntry entry = { .action = (char *) "import", .entity = (char *) "students",
                         .entity_id = (char *) "egresados.xlsx", .field = (char *) "students, grades",
                         .new_value = (char *) "120, 5400" };
  g_autofree char *text = cf_audit_describe (&entry);

  g_assert_cmpstr (text, ==, "Imported students and grades from egresados.xlsx: 120 students, 5400 grades");
}

/* A signer's Responsable values changed (cf_signer_repo_set_responsable),
 * told in words; empty campuses are every campus. */
static void
test_signer_change (void)
{
  CfAuditEntry cargo = { .action = (char *) "change", .entity = (char *) "signer",
                         .entity_id = (char *) "30001000000500000011", .field = (char *) "ID_CARGO",
                         .old_value = (char *) "5", .new_value = (char *) "1" };
  CfAuditEntry campus = cargo;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  campus.field = (char *) "CAMPUS";
  campus.old_value = (char *) "";
  campus.new_value = (char *) "090101,090205";
  a = cf_audit_describe (&cargo);
  b = cf_audit_describe (&campus);
  g_assert_cmpstr (a, ==, "Changed ID_CARGO of the signer 30001000000500000011: 5 → 1");
  g_assert_cmpstr (b, ==, "Changed the campuses of the signer 30001000000500000011: every campus → 090101,090205");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *store_path = g_build_filename (dir, "app.db", NULL);
  int status;

  g_setenv ("GTK_A11Y", "none", FALSE);
  /* The application's own store: never the user's. */
  g_setenv ("CERTIFICA_STORE", store_path, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cf_ui_app_new ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ui/audit/entries", test_entries);
  ADD ("/ui/audit/limit", test_limit);
  ADD ("/ui/audit/empty", test_empty);
  g_test_add_func ("/ui/audit/seal-exceptions", test_seal_exceptions);
  g_test_add_func ("/ui/audit/students-import", test_students_import);
  g_test_add_func ("/ui/audit/signer-change", test_signer_change);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  cf_test_rmdir (dir);
  return status;
}
