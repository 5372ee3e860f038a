/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The certificates repository (cf-cert-repo.h) on a SQLite file and on a
 * PostgreSQL database: one borrador per student after an import (again:
 * none more), the filters and a search that ignores case and accents,
 * checks moving borrador ↔ listo with an event each (OS user, UTC), a
 * check read before another desk's change skipped, corrections refused on
 * a stale version and recorded in the bitácora, and a sealed certificate
 * left alone. */

#include "config.h"

#include <sqlite3.h>

#include "cf-audit-repo.h"
#include "cf-cert-repo.h"
#include "cf-student-repo.h"
#include "cf-test-util.h"

typedef CfTestEngine Fixture;

/* Another program's write, outside Certifica (what the sealing code will
 * do): @sql on either engine. */
static void
exec_outside (const char *location,
              const char *sql)
{
  if (cf_store_location_is_uri (location))
    {
      g_free (cf_test_pg_query (location, sql));
    }
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (location, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

static CfStudent *
make_student (const char *matricula,
              const char *nombre,
              const char *primer_apellido,
              const char *curp,
              const char *id_campus)
{
  CfStudent *s = cf_student_new ();
  static const char * const subjects[][3] = {
    { "1001", "2018-1", "9" }, { "1002", "2018-1", "8.5" }, { "1003", "2018-2", "10" },
  };

  g_free (s->matricula);
  s->matricula = g_strdup (matricula);
  g_free (s->id_carrera);
  s->id_carrera = g_strdup ("14");
  g_free (s->clave_plan);
  s->clave_plan = g_strdup ("2018");
  g_free (s->nombre);
  s->nombre = g_strdup (nombre);
  g_free (s->primer_apellido);
  s->primer_apellido = g_strdup (primer_apellido);
  g_free (s->curp);
  s->curp = g_strdup (curp);
  g_free (s->id_campus);
  s->id_campus = g_strdup (id_campus);
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      CfGrade *g = cf_grade_new ();

      g_free (g->id_asignatura);
      g->id_asignatura = g_strdup (subjects[i][0]);
      g_free (g->ciclo);
      g->ciclo = g_strdup (subjects[i][1]);
      g_free (g->calificacion);
      g->calificacion = g_strdup (subjects[i][2]);
      g_ptr_array_add (s->grades, g);
    }
  return s;
}

static void
import_students (CfStore *store)
{
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (students, make_student ("A001", "JOSÉ", "PEÑA", "PEXJ990501HDFXXX01", "090101"));
  g_ptr_array_add (students, make_student ("A002", "MARIA", "LOPEZ", "LOXM990501MDFXXX02", "090101"));
  g_ptr_array_add (students, make_student ("B003", "ANA", "ÍÑIGUEZ", "IIXA990501MDFXXX03", "150101"));
  g_assert_true (cf_student_repo_import (store, students, "test.csv", &error));
  g_assert_no_error (error);
}

static CfCertRow *
find_row (GPtrArray  *rows,
          const char *matricula)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->student->matricula, matricula) == 0)
        return row;
    }
  return NULL;
}

static guint
count_listed (CfStore            *store,
              const CfCertFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cf_cert_repo_list (store, filter, FALSE, &error);

  g_assert_no_error (error);
  return rows->len;
}

static void
test_status_names (void)
{
  for (guint i = 0; i < CF_CERT_N_STATUS; i++)
    {
      CfCertStatus status = CF_CERT_N_STATUS;

      g_assert_true (cf_cert_status_from_string (cf_cert_status_to_string (i), &status));
      g_assert_cmpint (status, ==, i);
      g_assert_nonnull (cf_cert_status_get_label (i));
    }
  g_assert_cmpstr (cf_cert_status_to_string (CF_CERT_STATUS_LISTO), ==, "listo");
  g_assert_false (cf_cert_status_from_string ("lista", NULL));
}

static void
test_ensure_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CfCertRow) one = NULL;
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  guint counts[CF_CERT_N_STATUS];
  guint n_created = 99;
  CfCertRow *row;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  import_students (store);

  g_assert_true (cf_cert_repo_ensure_all (store, &n_created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 3);
  /* Again, and after importing the same students again: none more. */
  import_students (store);
  g_assert_true (cf_cert_repo_ensure_all (store, &n_created, &error));
  g_assert_cmpuint (n_created, ==, 0);

  rows = cf_cert_repo_list (store, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->student->matricula, ==, "A001");
  g_assert_cmpint (row->status, ==, CF_CERT_STATUS_BORRADOR);
  g_assert_cmpstr (row->status_by, ==, g_get_user_name ());
  g_assert_true (g_str_has_suffix (row->status_at, "Z"));
  g_assert_null (row->folio_control);
  g_assert_cmpstr (row->findings, ==, "");
  g_assert_cmpuint (row->student->grades->len, ==, 3);
  g_assert_cmpstr (row->student->nombre, ==, "JOSÉ");
  g_assert_cmpstr (row->student->nombre_impreso, ==, "");

  events = cf_cert_repo_list_events (store, row->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);

  one = cf_cert_repo_get (store, row->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (one->student->curp, ==, "PEXJ990501HDFXXX01");
  g_assert_cmpuint (one->student->grades->len, ==, 3);
  g_assert_null (cf_cert_repo_get (store, 999999, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_cmpuint (counts[CF_CERT_STATUS_BORRADOR], ==, 3);
  g_assert_cmpuint (counts[CF_CERT_STATUS_LISTO], ==, 0);

  /* Filters. Search ignores case and accents, on names, matrícula, CURP. */
  filter.search = "pena";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.search = "iñiguez";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.search = "INIGUEZ";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.search = "josé peña";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.search = "a00";
  g_assert_cmpuint (count_listed (store, &filter), ==, 2);
  filter.search = "loxm99";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.search = "nobody";
  g_assert_cmpuint (count_listed (store, &filter), ==, 0);
  filter.search = NULL;
  filter.id_campus = "150101";
  g_assert_cmpuint (count_listed (store, &filter), ==, 1);
  filter.id_campus = NULL;
  filter.ciclo = "2018-2";
  g_assert_cmpuint (count_listed (store, &filter), ==, 3);
  filter.ciclo = "2019-1";
  g_assert_cmpuint (count_listed (store, &filter), ==, 0);
  filter.ciclo = NULL;
  filter.id_carrera = "14";
  filter.clave_plan = "2018";
  g_assert_cmpuint (count_listed (store, &filter), ==, 3);
  filter.clave_plan = "2020";
  g_assert_cmpuint (count_listed (store, &filter), ==, 0);
  filter.clave_plan = NULL;
  filter.status = CF_CERT_STATUS_LISTO;
  g_assert_cmpuint (count_listed (store, &filter), ==, 0);
  filter.status = CF_CERT_STATUS_BORRADOR;
  g_assert_cmpuint (count_listed (store, &filter), ==, 3);
}

static void
test_checks (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) events = NULL;
  static const char *err_json = "[{\"severity\":\"error\",\"code\":\"curp.format\",\"path\":\"/Dec/Alumno/@curp\","
                                "\"message\":\"x\"},{\"severity\":\"warning\",\"code\":\"student.email\","
                                "\"path\":\"/Alumno/@correo\",\"message\":\"y\"}]";
  CfCertCheckResult results[3];
  guint counts[CF_CERT_N_STATUS];
  guint n_skipped = 99;
  CfCertRow *a, *b, *c;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  other_desk = cf_test_store_open (f->location);
  import_students (store);
  g_assert_true (cf_cert_repo_ensure_all (store, NULL, &error));
  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  a = find_row (rows, "A001");
  b = find_row (rows, "A002");
  c = find_row (rows, "B003");
  if (a == NULL || b == NULL || c == NULL)
    g_assert_not_reached ();

  results[0] = (CfCertCheckResult) { a->id, a->row_version, TRUE, "[]" };
  results[1] = (CfCertCheckResult) { b->id, b->row_version, FALSE, err_json };
  results[2] = (CfCertCheckResult) { c->id, c->row_version, TRUE, "[]" };

  /* Another desk corrects C's name meanwhile: C's check is stale. */
  g_assert_true (cf_cert_repo_set_printed_names (other_desk, c->id, c->row_version, "Ana", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_cert_repo_set_checks (store, results, G_N_ELEMENTS (results), &n_skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 1);

  after = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  a = find_row (after, "A001");
  b = find_row (after, "A002");
  c = find_row (after, "B003");
  if (a == NULL || b == NULL || c == NULL)
    g_assert_not_reached ();
  g_assert_cmpint (a->status, ==, CF_CERT_STATUS_LISTO);
  g_assert_cmpstr (a->findings, ==, "[]");
  g_assert_cmpint (b->status, ==, CF_CERT_STATUS_BORRADOR);
  g_assert_cmpuint (b->n_errors, ==, 1);
  g_assert_cmpuint (b->n_warnings, ==, 1);
  g_assert_cmpint (c->status, ==, CF_CERT_STATUS_BORRADOR);
  g_assert_cmpstr (c->findings, ==, "");
  g_assert_cmpstr (c->student->nombre_impreso, ==, "Ana");

  events = cf_cert_repo_list_events (store, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  {
    CfCertEvent *last = g_ptr_array_index (events, 1);

    g_assert_cmpint (last->from_status, ==, CF_CERT_STATUS_BORRADOR);
    g_assert_cmpint (last->to_status, ==, CF_CERT_STATUS_LISTO);
    g_assert_cmpstr (last->os_user, ==, g_get_user_name ());
    g_assert_true (g_str_has_suffix (last->at, "Z"));
  }

  /* The same check again changes nothing (no new version). */
  {
    gint64 version = a->row_version;
    g_autoptr(CfCertRow) again = NULL;

    results[0] = (CfCertCheckResult) { a->id, a->row_version, TRUE, "[]" };
    g_assert_true (cf_cert_repo_set_checks (store, results, 1, &n_skipped, &error));
    g_assert_cmpuint (n_skipped, ==, 0);
    again = cf_cert_repo_get (store, a->id, &error);
    g_assert_cmpint (again->row_version, ==, version);
  }

  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_cmpuint (counts[CF_CERT_STATUS_LISTO], ==, 1);
  g_assert_cmpuint (counts[CF_CERT_STATUS_BORRADOR], ==, 2);

  /* Correcting a listo certificate's grade sends it back to borrador. */
  g_assert_false (cf_cert_repo_set_grade (store, a->id, a->row_version - 1, "1001", "2019-1", "71", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (cf_cert_repo_set_grade (store, a->id, a->row_version, "9999", "2019-1", "71", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cf_cert_repo_set_grade (store, a->id, a->row_version, "1001", "2019-1", "71", &error));
  g_assert_no_error (error);
  {
    g_autoptr(CfCertRow) row = cf_cert_repo_get (store, a->id, &error);
    g_autoptr(GPtrArray) audit = cf_audit_repo_list (store, NULL, NULL, "certificate", 0, &error);
    g_autoptr(GPtrArray) ev = cf_cert_repo_list_events (store, a->id, &error);
    gboolean seen_ciclo = FALSE;

    g_assert_no_error (error);
    g_assert_cmpint (row->status, ==, CF_CERT_STATUS_BORRADOR);
    for (guint i = 0; i < row->student->grades->len; i++)
      {
        CfGrade *g = g_ptr_array_index (row->student->grades, i);

        if (g_strcmp0 (g->id_asignatura, "1001") == 0)
          {
            g_assert_cmpstr (g->ciclo, ==, "2019-1");
            g_assert_cmpstr (g->id_observaciones, ==, "71");
          }
      }
    for (guint i = 0; i < audit->len; i++)
      {
        CfAuditEntry *entry = g_ptr_array_index (audit, i);

        if (g_strcmp0 (entry->field, "Asignatura[1001]/@ciclo") == 0)
          {
            g_assert_cmpstr (entry->old_value, ==, "2018-1");
            g_assert_cmpstr (entry->new_value, ==, "2019-1");
            seen_ciclo = TRUE;
          }
      }
    g_assert_true (seen_ciclo);
    g_assert_cmpuint (ev->len, ==, 3);
  }

  /* A certificate further along is left as it is, and not corrected. */
  exec_outside (f->location, "UPDATE certificate SET status = 'sellado'");
  {
    g_autoptr(CfCertRow) row = cf_cert_repo_get (store, b->id, &error);

    results[0] = (CfCertCheckResult) { row->id, row->row_version, TRUE, "[]" };
    g_assert_true (cf_cert_repo_set_checks (store, results, 1, &n_skipped, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_skipped, ==, 0);
    g_assert_false (cf_cert_repo_set_printed_names (store, row->id, row->row_version, "María", NULL, NULL,
                                                    &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
    g_clear_error (&error);
  }
  {
    g_autoptr(CfCertRow) row = cf_cert_repo_get (store, b->id, &error);

    g_assert_cmpint (row->status, ==, CF_CERT_STATUS_SELLADO);
    g_assert_cmpuint (row->n_errors, ==, 1);
  }
  g_assert_null (cf_cert_repo_dup_xml (store, b->id, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

/* An import that changes a student's data or grades sends its listo
 * certificate back to borrador (an event "import") and gives it a new
 * version; importing the same again changes nothing. */
static void
test_import_resets (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  CfCertCheckResult results[3];
  guint counts[CF_CERT_N_STATUS];
  CfStudent *changed;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  import_students (store);
  g_assert_true (cf_cert_repo_ensure_all (store, NULL, &error));
  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);

      results[i] = (CfCertCheckResult) { row->id, row->row_version, TRUE, "[]" };
    }
  g_assert_true (cf_cert_repo_set_checks (store, results, rows->len, NULL, &error));
  g_assert_no_error (error);

  /* The same students again: nothing changes. */
  import_students (store);
  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_cmpuint (counts[CF_CERT_STATUS_LISTO], ==, 3);

  /* A002's grade corrected in the school system: back to borrador. */
  changed = make_student ("A002", "MARIA", "LOPEZ", "LOXM990501MDFXXX02", "090101");
  g_free (((CfGrade *) g_ptr_array_index (changed->grades, 0))->calificacion);
  ((CfGrade *) g_ptr_array_index (changed->grades, 0))->calificacion = g_strdup ("7");
  g_ptr_array_add (students, changed);
  g_assert_true (cf_student_repo_import (store, students, "again.csv", &error));
  g_assert_no_error (error);
  g_assert_true (cf_cert_repo_count_by_status (store, counts, &error));
  g_assert_cmpuint (counts[CF_CERT_STATUS_LISTO], ==, 2);
  g_assert_cmpuint (counts[CF_CERT_STATUS_BORRADOR], ==, 1);
  {
    g_autoptr(GPtrArray) after = cf_cert_repo_list (store, NULL, FALSE, &error);
    CfCertRow *b = find_row (after, "A002");
    CfCertRow *b_before = find_row (rows, "A002");
    g_autoptr(GPtrArray) events = NULL;
    CfCertEvent *last;
    guint n_skipped = 0;

    if (b == NULL || b_before == NULL)
      g_assert_not_reached ();
    g_assert_cmpint (b->status, ==, CF_CERT_STATUS_BORRADOR);
    events = cf_cert_repo_list_events (store, b->id, &error);
    last = g_ptr_array_index (events, events->len - 1);
    g_assert_cmpstr (last->detail, ==, "import");
    g_assert_cmpint (last->to_status, ==, CF_CERT_STATUS_BORRADOR);
    /* A check read before the import is stale. */
    results[0] = (CfCertCheckResult) { b->id, b_before->row_version, TRUE, "[]" };
    g_assert_true (cf_cert_repo_set_checks (store, results, 1, &n_skipped, &error));
    g_assert_cmpuint (n_skipped, ==, 1);
  }
}

/* Two desks making the certificates at the same moment: one each, and
 * one event each. */
typedef struct
{
  CfStore *store;
  GMutex  *lock;
  GCond   *cond;
  int     *waiting;
  guint    n_created;
  GError  *error;
} DeskData;

static gpointer
desk_thread (gpointer user_data)
{
  DeskData *desk = user_data;

  g_mutex_lock (desk->lock);
  if (--*desk->waiting == 0)
    g_cond_broadcast (desk->cond);
  while (*desk->waiting > 0)
    g_cond_wait (desk->cond, desk->lock);
  g_mutex_unlock (desk->lock);
  cf_cert_repo_ensure_all (desk->store, &desk->n_created, &desk->error);
  return NULL;
}

static void
test_two_desks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CfStore) one = NULL;
  g_autoptr(CfStore) two = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GMutex lock;
  GCond cond;
  int waiting = 2;
  DeskData desks[2];
  GThread *threads[2];

  CF_TEST_REQUIRE_ENGINE (f);
  one = cf_test_store_open (f->location);
  two = cf_test_store_open (f->location);
  import_students (one);
  g_mutex_init (&lock);
  g_cond_init (&cond);
  desks[0] = (DeskData) { one, &lock, &cond, &waiting, 0, NULL };
  desks[1] = (DeskData) { two, &lock, &cond, &waiting, 0, NULL };
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("desk", desk_thread, &desks[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (desks[i].error);
    }
  g_mutex_clear (&lock);
  g_cond_clear (&cond);
  g_assert_cmpuint (desks[0].n_created + desks[1].n_created, ==, 3);

  rows = cf_cert_repo_list (one, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) events = cf_cert_repo_list_events (one, ((CfCertRow *) g_ptr_array_index (rows, i))->id,
                                                              &error);

      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cert-repo/status-names", test_status_names);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("cert-repo", engines[i], "ensure-list", test_ensure_list);
      CF_TEST_ADD_ENGINE_CASE ("cert-repo", engines[i], "checks", test_checks);
      CF_TEST_ADD_ENGINE_CASE ("cert-repo", engines[i], "import-resets", test_import_resets);
      CF_TEST_ADD_ENGINE_CASE ("cert-repo", engines[i], "two-desks", test_two_desks);
    }
  return g_test_run ();
}
