/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Certificados section reads and writes through the core, in
 * workers (cf-certs-workspace.h), on a real SQLite store: the counts, the
 * filtered list and the filters' choices in one read; a correction; the
 * plan of a batch ("todos los listos" when none is ready: empty); the
 * findings a check stored read back. */
#include "config.h"

#include <glib/gstdio.h>

#include "cf-cert-repo.h"
#include "cf-certs-workspace.h"
#include "cf-finding.h"
#include "cf-student-repo.h"
#include "cf-test-util.h"

#include "test-plan-fixture.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static CfStudent *
make_student (const char *matricula,
              const char *nombre,
              const char *id_carrera,
              const char *clave_plan,
              const char *ciclo)
{
  CfStudent *s = cf_student_new ();
  CfGrade *g = cf_grade_new ();

  g_free (s->matricula);
  s->matricula = g_strdup (matricula);
  g_free (s->nombre);
  s->nombre = g_strdup (nombre);
  g_free (s->primer_apellido);
  s->primer_apellido = g_strdup ("LOPEZ");
  g_free (s->curp);
  s->curp = g_strdup ("LOXM990501MDFXXX02");
  g_free (s->id_carrera);
  s->id_carrera = g_strdup (id_carrera);
  g_free (s->clave_plan);
  s->clave_plan = g_strdup (clave_plan);
  g_free (s->id_campus);
  s->id_campus = g_strdup ("090101");
  g_free (g->id_asignatura);
  g->id_asignatura = g_strdup (g_str_equal (clave_plan, "2018") ? "1001" : "2001");
  g_free (g->ciclo);
  g->ciclo = g_strdup (ciclo);
  g_free (g->calificacion);
  g->calificacion = g_strdup ("9");
  g_ptr_array_add (s->grades, g);
  return s;
}

static void
test_workspace (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "certifica.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (path, &error);
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(CfCertsView) view = NULL;
  g_autoptr(CfCertsSealPlan) plan = NULL;
  g_autoptr(CfCertRow) row = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  Wait wait = { loop, NULL };

  g_assert_no_error (error);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_ptr_array_add (students, make_student ("A001", "MARIA", "101", "2018", "2018-1"));
  g_ptr_array_add (students, make_student ("A002", "JOSE", "101", "2018", "2019-1"));
  g_ptr_array_add (students, make_student ("B003", "ANA", "102", "2020", "2020-1"));
  g_assert_true (cf_student_repo_import (store, students, "alumnos.csv", &error));
  g_assert_no_error (error);
  g_assert_true (cf_cert_repo_ensure_all (store, NULL, &error));
  g_assert_no_error (error);

  /* Everything, with the choices. */
  cf_certs_workspace_load_async (store, NULL, TRUE, NULL, on_done_cb, &wait);
  view = cf_certs_workspace_load_finish (store, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (view->counts[CF_CERT_STATUS_BORRADOR], ==, 3);
  g_assert_cmpuint (view->rows->len, ==, 3);
  g_assert_cmpstrv (view->careers, ((const char * const[]) { "101", "102", NULL }));
  g_assert_cmpstrv (view->plans, ((const char * const[]) { "2018", "2020", NULL }));
  g_assert_cmpstrv (view->cycles, ((const char * const[]) { "2018-1", "2019-1", "2020-1", NULL }));
  g_assert_cmpstrv (view->campuses, ((const char * const[]) { "090101", NULL }));
  g_clear_pointer (&view, cf_certs_view_free);

  /* Filtered, no choices: the counts stay the whole store's. */
  filter.ciclo = "2019-1";
  cf_certs_workspace_load_async (store, &filter, FALSE, NULL, on_done_cb, &wait);
  view = cf_certs_workspace_load_finish (store, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (view->rows->len, ==, 1);
  g_assert_cmpstr (((CfCertRow *) g_ptr_array_index (view->rows, 0))->student->matricula, ==, "A002");
  g_assert_cmpuint (view->counts[CF_CERT_STATUS_BORRADOR], ==, 3);
  g_assert_null (view->careers);

  /* A printed name corrected, read back with the certificate. */
  row = cf_cert_repo_get (store, ((CfCertRow *) g_ptr_array_index (view->rows, 0))->id, &error);
  g_assert_no_error (error);
  cf_certs_workspace_set_printed_names_async (store, row->id, row->row_version, "José", "López", "",
                                              NULL, on_done_cb, &wait);
  g_assert_true (cf_certs_workspace_write_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  cf_certs_workspace_get_async (store, row->id, NULL, on_done_cb, &wait);
  g_clear_pointer (&row, cf_cert_row_free);
  row = cf_certs_workspace_get_finish (store, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpstr (row->student->nombre_impreso, ==, "José");
  g_assert_cmpuint (row->student->grades->len, ==, 1);

  /* The same version again: another desk's change, refused. */
  cf_certs_workspace_set_grade_async (store, row->id, row->row_version - 1, "1001", "2019-2", "",
                                      NULL, on_done_cb, &wait);
  g_assert_false (cf_certs_workspace_write_finish (store, wait_result (&wait), &error));
  g_clear_object (&wait.result);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* "Todos los listos" with none ready: nothing to seal. */
  cf_certs_workspace_plan_seal_async (store, NULL, 0, NULL, on_done_cb, &wait);
  plan = cf_certs_workspace_plan_seal_finish (store, wait_result (&wait), &error);
  g_clear_object (&wait.result);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->ids->len, ==, 0);
  g_clear_pointer (&plan, cf_certs_seal_plan_free);
  /* Asked by id: each row in the order asked. */
  {
    gint64 ids[2] = { ((CfCertRow *) g_ptr_array_index (view->rows, 0))->id, 0 };
    g_autoptr(GPtrArray) all = cf_cert_repo_list (store, NULL, FALSE, &error);

    g_assert_no_error (error);
    ids[1] = ((CfCertRow *) g_ptr_array_index (all, 0))->id;
    cf_certs_workspace_plan_seal_async (store, ids, 2, NULL, on_done_cb, &wait);
    plan = cf_certs_workspace_plan_seal_finish (store, wait_result (&wait), &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_cmpuint (plan->rows->len, ==, 2);
    g_assert_cmpint (((CfCertRow *) g_ptr_array_index (plan->rows, 0))->id, ==, ids[0]);
    g_assert_cmpint (((CfCertRow *) g_ptr_array_index (plan->rows, 1))->id, ==, ids[1]);
  }

  g_clear_pointer (&view, cf_certs_view_free);
  g_clear_object (&store);
  cf_test_rmdir (dir);
}

static void
test_findings_json (void)
{
  g_autoptr(GPtrArray) findings = cf_finding_list_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *json = NULL;

  g_ptr_array_add (findings, cf_finding_new (CF_FINDING_ERROR, "curp.check-digit", "/Dec/Alumno/@curp",
                                             "El dígito verificador «x» no corresponde"));
  g_ptr_array_add (findings, cf_finding_new (CF_FINDING_WARNING, "student.email", "/Alumno/@correo", "Sin correo"));
  json = cf_finding_list_to_json (findings);
  back = cf_certs_findings_from_json (json);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_true (cf_finding_is_error (g_ptr_array_index (back, 0)));
  g_assert_cmpstr (cf_finding_get_message (g_ptr_array_index (back, 0)), ==, "El dígito verificador «x» no corresponde");
  g_assert_cmpstr (cf_finding_get_path (g_ptr_array_index (back, 1)), ==, "/Alumno/@correo");
  g_assert_false (cf_finding_is_error (g_ptr_array_index (back, 1)));
  g_clear_pointer (&back, g_ptr_array_unref);

  /* Never checked, or not a list: nothing. */
  back = cf_certs_findings_from_json ("");
  g_assert_cmpuint (back->len, ==, 0);
  g_clear_pointer (&back, g_ptr_array_unref);
  back = cf_certs_findings_from_json ("{\"a\": 1");
  g_assert_cmpuint (back->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/certs/workspace", test_workspace);
  g_test_add_func ("/core/certs/findings-json", test_findings_json);

  return g_test_run ();
}
