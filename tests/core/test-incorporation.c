/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation to the MEC (issue 15). Without a store: what each stage
 * still needs and what comes next, from the values alone. On a SQLite file
 * and on a PostgreSQL database: test folios added once, each used at most
 * three times (the fourth refused, also when four desks race for the last
 * uses), results recorded and counted; the stages and values written at
 * every change and read back by another desk; the bitácora. */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cf-audit-repo.h"
#include "cf-cert-repo.h"
#include "cf-student-repo.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-test-util.h"

typedef CfTestEngine Fixture;

static char *data_home;

static gboolean
contains (GPtrArray  *missing,
          const char *text)
{
  for (guint i = 0; i < missing->len; i++)
    if (strstr (g_ptr_array_index (missing, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- Pure ---- */

static void
fill_registro (CfIncorporation *inc)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_incorporation_set_value (inc, CF_INC_NOMBRE, "Universidad Ejemplo", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_ID_INSTITUCION, "090123", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_ENLACE, "María Pérez", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_EMAIL, "enlace@ejemplo.edu.mx", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_N_CAMPUSES, "1", &error));
  g_assert_true (cf_incorporation_set_campus_value (inc, 1, "id_campus", "12345", &error));
  g_assert_true (cf_incorporation_set_campus_value (inc, 1, "nombre", "ÚNICO", &error));
  g_assert_true (cf_incorporation_set_campus_value (inc, 1, "entidad", "09", &error));
  g_assert_true (cf_incorporation_set_campus_value (inc, 1, "signer", "30001000000500003456", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_LOGO, "ab12", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_DOC_NOMBRAMIENTO, "cd34", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_DOC_REGISTRO, "ef56", &error));
  g_assert_no_error (error);
}

static void
test_pure_next (void)
{
  g_autoptr(CfIncorporation) inc = cf_incorporation_new ();
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  guint changed = 0;

  g_signal_connect_swapped (inc, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  g_assert_cmpint (cf_incorporation_get_current_stage (inc), ==, CF_INCORPORATION_STAGE_REGISTRO);
  for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
    g_assert_cmpint (cf_incorporation_get_state (inc, stage), ==, CF_INCORPORATION_NOT_STARTED);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_true (contains (missing, "name"));
  g_assert_true (contains (missing, "At least one campus"));
  g_assert_true (contains (missing, "logo"));
  next = cf_incorporation_dup_next_action (inc);
  g_assert_cmpstr (next, ==, "Registro de Institución: The institution’s name.");
  g_clear_pointer (&missing, g_ptr_array_unref);

  /* A value entered puts its stage in progress. */
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_DOC_REGISTRO, "ef56", &error));
  g_assert_cmpint (cf_incorporation_get_state (inc, 1), ==, CF_INCORPORATION_IN_PROGRESS);
  g_assert_cmpint (cf_incorporation_get_state (inc, 2), ==, CF_INCORPORATION_NOT_STARTED);

  /* Shapes are checked, not only presence. */
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_ID_INSTITUCION, "12ab", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_EMAIL, "nobody", &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_N_CAMPUSES, "2", &error));
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_true (contains (missing, "must be 5 or 6 digits"));
  g_assert_true (contains (missing, "not valid"));
  g_assert_true (contains (missing, "campus 2"));
  g_clear_pointer (&missing, g_ptr_array_unref);

  fill_registro (inc);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&next, g_free);
  next = cf_incorporation_dup_next_action (inc);
  g_assert_cmpstr (next, ==, "Build the package, e-mail it to SEP and mark it as sent.");

  /* Sent: waiting, the answer due 15 business days later (over the
   * Christmas and New Year rest days). */
  g_assert_true (cf_incorporation_mark_sent (inc, CF_INCORPORATION_STAGE_REGISTRO, "2025-12-15", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_incorporation_get_state (inc, 1), ==, CF_INCORPORATION_WAITING);
  g_assert_cmpstr (cf_incorporation_get_since (inc, 1), ==, "2025-12-15");
  g_assert_cmpstr (cf_incorporation_get_due (inc, 1), ==, "2026-01-07");
  g_clear_pointer (&next, g_free);
  next = cf_incorporation_dup_next_action (inc);
  g_assert_true (g_str_has_prefix (next, "Wait for SEP’s answer to the Registro de Institución"));
  g_assert_false (cf_incorporation_mark_sent (inc, 2, "15/12/2025", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (cf_incorporation_mark_done (inc, 1, &error));
  g_assert_cmpint (cf_incorporation_get_current_stage (inc), ==, CF_INCORPORATION_STAGE_PROGRAMA);
  g_assert_cmpstr (cf_incorporation_get_since (inc, 1), ==, "2025-12-15");
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_cmpuint (missing->len, ==, 0);

  /* The test stage counts folios and SATISFACTORIO certificates. */
  g_assert_true (cf_incorporation_mark_done (inc, 2, &error));
  g_assert_true (cf_incorporation_mark_done (inc, 3, &error));
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_TEST_CREDENTIALS, "2026-02-01", &error));
  cf_incorporation_set_folio_counts (inc, 100, 9);
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_PRUEBAS);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "9 of 10 certificates SATISFACTORIO.");
  cf_incorporation_set_folio_counts (inc, 100, 10);
  g_clear_pointer (&next, g_free);
  next = cf_incorporation_dup_next_action (inc);
  g_assert_cmpstr (next, ==, "Write to your SEP contact to move to the production portal.");
  g_assert_true (cf_incorporation_start (inc, 4, &error));
  g_assert_cmpint (cf_incorporation_get_state (inc, 4), ==, CF_INCORPORATION_IN_PROGRESS);
  g_assert_true (cf_incorporation_mark_done (inc, 4, &error));
  g_assert_true (cf_incorporation_mark_done (inc, 5, &error));
  g_clear_pointer (&next, g_free);
  next = cf_incorporation_dup_next_action (inc);
  g_assert_cmpstr (next, ==, "The institution is in production.");
  g_assert_cmpint (cf_incorporation_get_current_stage (inc), ==, CF_INCORPORATION_STAGE_PRODUCCION);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, >, 10);
}

static void
test_pure_shapes (void)
{
  g_assert_true (cf_incorporation_is_valid_dgp_key ("12345"));
  g_assert_true (cf_incorporation_is_valid_dgp_key ("090123"));
  g_assert_false (cf_incorporation_is_valid_dgp_key ("1234"));
  g_assert_false (cf_incorporation_is_valid_dgp_key ("1234567"));
  g_assert_false (cf_incorporation_is_valid_dgp_key ("12a45"));
  g_assert_false (cf_incorporation_is_valid_dgp_key (NULL));
  g_assert_true (cf_incorporation_is_valid_email ("a@b.mx"));
  g_assert_false (cf_incorporation_is_valid_email ("a@b"));
  g_assert_false (cf_incorporation_is_valid_email ("@b.mx"));
  g_assert_false (cf_incorporation_is_valid_email ("a@@b.mx"));
  g_assert_false (cf_incorporation_is_valid_email ("a b@c.mx"));
  g_assert_false (cf_incorporation_is_valid_email ("a@b.mx."));
  for (int stage = 1; stage <= CF_INCORPORATION_N_STAGES; stage++)
    g_assert_nonnull (cf_incorporation_stage_to_string (stage));
  g_assert_cmpstr (cf_incorporation_state_to_string (CF_INCORPORATION_WAITING), ==, "waiting");
}

/* ---- In the store ---- */

static void
test_folios (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *first[] = { "T-001", "T-002", " T-003 ", NULL };
  const char *again[] = { "T-002", "T-004", NULL };
  const char *empty[] = { "T-005", "  ", NULL };
  guint n_added = 0, number = 0, n_folios = 0, n_ok = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);

  g_assert_true (cf_incorporation_repo_add_folios (store, first, &n_added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 3);
  g_assert_true (cf_incorporation_repo_add_folios (store, again, &n_added, &error));
  g_assert_cmpuint (n_added, ==, 1);
  g_assert_false (cf_incorporation_repo_add_folios (store, empty, &n_added, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *cert = g_strdup_printf ("cert-%u", i);

      g_assert_true (cf_incorporation_repo_use_folio (store, "T-001", cert, i == 2 ? NULL : "SATISFACTORIO",
                                                      &number, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (number, ==, i);
    }
  /* The fourth: refused, nothing written. */
  g_assert_false (cf_incorporation_repo_use_folio (store, "T-001", "cert-4", NULL, &number, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "3 times"));
  g_clear_error (&error);
  g_assert_false (cf_incorporation_repo_use_folio (store, "NOPE", "cert-4", NULL, &number, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cf_incorporation_repo_set_result (store, "T-001", 2, "Error: el CURP no coincide", &error));
  g_assert_false (cf_incorporation_repo_set_result (store, "T-002", 1, "SATISFACTORIO", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* The same certificate satisfactory twice counts once. */
  g_assert_true (cf_incorporation_repo_use_folio (store, "T-002", "cert-1", "SATISFACTORIO", &number, &error));

  folios = cf_incorporation_repo_list_folios (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (folios->len, ==, 4);
  {
    CfTestFolio *folio = NULL;

    for (guint i = 0; i < folios->len; i++)
      if (g_strcmp0 (((CfTestFolio *) g_ptr_array_index (folios, i))->folio, "T-001") == 0)
        folio = g_ptr_array_index (folios, i);
    g_assert_nonnull (folio);
    g_assert_cmpuint (folio->uses, ==, 3);
    g_assert_cmpuint (folio->use_list->len, ==, 3);
    g_assert_cmpstr (((CfTestFolioUse *) g_ptr_array_index (folio->use_list, 1))->result, ==,
                     "Error: el CURP no coincide");
    g_assert_cmpstr (((CfTestFolioUse *) g_ptr_array_index (folio->use_list, 2))->used_for, ==, "cert-3");
  }
  g_assert_true (cf_incorporation_repo_count_folios (store, &n_folios, &n_ok, &error));
  g_assert_cmpuint (n_folios, ==, 4);
  g_assert_cmpuint (n_ok, ==, 2);

  audit = cf_audit_repo_list (store, NULL, NULL, "test_folio", 0, &error);
  g_assert_no_error (error);
  /* 4 added, 4 uses, 1 result */
  g_assert_cmpuint (audit->len, ==, 9);
}

/* The next folio for a certificate: its own again while it has uses left
 * (corrections), else a fresh one; none left is said so. */
static void
test_take_folio (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *folios[] = { "A1", "A2", "A3", NULL };
  g_autofree char *first = NULL;
  guint number = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_false (cf_incorporation_repo_take_folio (store, "cert-1", &first, &number, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cf_incorporation_repo_add_folios (store, folios, NULL, &error));

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *folio = NULL;

      g_assert_true (cf_incorporation_repo_take_folio (store, "cert-1", &folio, &number, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (folio, ==, "A1");
      g_assert_cmpuint (number, ==, i);
    }
  {
    g_autofree char *b = NULL;
    g_autofree char *a = NULL;
    g_autofree char *c = NULL;
    g_autofree char *none = NULL;

    /* Another certificate: a fresh folio; cert-1's fourth: another one. */
    g_assert_true (cf_incorporation_repo_take_folio (store, "cert-2", &b, &number, &error));
    g_assert_cmpstr (b, ==, "A2");
    g_assert_cmpuint (number, ==, 1);
    g_assert_true (cf_incorporation_repo_take_folio (store, "cert-1", &a, &number, &error));
    g_assert_cmpstr (a, ==, "A3");
    g_assert_cmpuint (number, ==, 1);
    g_assert_true (cf_incorporation_repo_take_folio (store, "cert-2", &c, &number, &error));
    g_assert_cmpstr (c, ==, "A2");
    g_assert_cmpuint (number, ==, 2);
    g_assert_no_error (error);
    /* A new certificate, no unused folio left. */
    g_assert_false (cf_incorporation_repo_take_folio (store, "cert-3", &none, &number, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
    g_assert_null (none);
  }
}

typedef struct
{
  const char *location;
  guint       taken;
  guint       refused;
} RaceDesk;

static gpointer
race_thread (gpointer data)
{
  RaceDesk *desk = data;
  g_autoptr(CfStore) store = cf_test_store_open (desk->location);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      if (cf_incorporation_repo_use_folio (store, "RACE", "desk", NULL, NULL, &error))
        desk->taken++;
      else
        {
          g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
          desk->refused++;
        }
    }
  return NULL;
}

/* Four desks, three uses each, at once: exactly three taken in all. */
static void
test_folio_race (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(GError) error = NULL;
  const char *race[] = { "RACE", NULL };
  RaceDesk desks[4] = { { 0 } };
  GThread *threads[4];
  guint taken = 0, refused = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  g_assert_true (cf_incorporation_repo_add_folios (store, race, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      desks[i].location = f->location;
      threads[i] = g_thread_new ("desk", race_thread, &desks[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (desks); i++)
    {
      g_thread_join (threads[i]);
      taken += desks[i].taken;
      refused += desks[i].refused;
    }
  g_assert_cmpuint (taken, ==, 3);
  g_assert_cmpuint (refused, ==, 9);
  folios = cf_incorporation_repo_list_folios (store, &error);
  g_assert_cmpuint (((CfTestFolio *) g_ptr_array_index (folios, 0))->uses, ==, 3);
  g_assert_cmpuint (((CfTestFolio *) g_ptr_array_index (folios, 0))->use_list->len, ==, 3);
}

static void
test_persisted (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(CfIncorporation) again = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  const char *folios[] = { "F1", "F2", NULL };

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cf_incorporation_get_current_stage (inc), ==, 1);

  fill_registro (inc);
  g_assert_true (cf_incorporation_set_value (inc, CF_INC_ENLACE, "", &error));   /* removed */
  g_assert_true (cf_incorporation_mark_sent (inc, 1, "2024-09-23", &error));
  g_assert_no_error (error);
  g_assert_true (cf_incorporation_repo_add_folios (store, folios, NULL, &error));
  g_assert_true (cf_incorporation_repo_use_folio (store, "F1", "c1", "SATISFACTORIO", NULL, &error));
  g_assert_true (cf_incorporation_refresh_folios (inc, &error));

  /* Another desk (a new connection) sees every value. */
  other_desk = cf_test_store_open (f->location);
  again = cf_incorporation_load (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (again, CF_INC_NOMBRE), ==, "Universidad Ejemplo");
  /* What the other desk changes, the first sees once it reads again. */
  g_assert_true (cf_incorporation_set_value (again, CF_INC_ID_MEC, "MEC-0412", &error));
  g_assert_no_error (error);
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_ID_MEC));
  g_assert_true (cf_incorporation_reload (inc, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (inc, CF_INC_ID_MEC), ==, "MEC-0412");
  g_assert_cmpstr (cf_incorporation_get_campus_value (again, 1, "nombre"), ==, "ÚNICO");
  g_assert_null (cf_incorporation_get_value (again, CF_INC_ENLACE));
  g_assert_cmpint (cf_incorporation_get_state (again, 1), ==, CF_INCORPORATION_WAITING);
  g_assert_cmpstr (cf_incorporation_get_since (again, 1), ==, "2024-09-23");
  /* 15 business days over 1 Oct 2024 (the change of executive) and 16 Sep
   * not in range: 24–27 Sep, 30 Sep, 2–4 Oct, 7–11 Oct, 14–15 Oct. */
  g_assert_cmpstr (cf_incorporation_get_due (again, 1), ==, "2024-10-15");
  {
    g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (again, CF_INCORPORATION_STAGE_PRUEBAS);

    g_assert_true (contains (missing, "(2 entered so far)"));
    g_assert_true (contains (missing, "1 of 10 certificates"));
  }

  audit = cf_audit_repo_list (store, NULL, NULL, "incorporation", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >=, 13);
}

/* Stage 3 is done in the Certificados section: the first certificate that
 * passes its checks records the date; a draft one does not. */
static void
test_xml_stage (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  CfStudent *student = cf_student_new ();
  CfCertRow *row;
  CfCertCheckResult result;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);

  /* No certificate at all: nothing recorded, the stage still needs one. */
  g_assert_true (cf_incorporation_refresh_certificates (inc, &error));
  g_assert_no_error (error);
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_XML_VALIDATED));

  g_free (student->matricula);
  student->matricula = g_strdup ("A001");
  g_free (student->id_carrera);
  student->id_carrera = g_strdup ("14");
  g_free (student->clave_plan);
  student->clave_plan = g_strdup ("2018");
  g_free (student->nombre);
  student->nombre = g_strdup ("JOSÉ");
  g_free (student->curp);
  student->curp = g_strdup ("PEXJ990501HDFXXX01");
  g_ptr_array_add (students, student);
  g_assert_true (cf_student_repo_import (store, students, "test.csv", &error));
  g_assert_true (cf_cert_repo_ensure_all (store, NULL, &error));
  g_assert_no_error (error);

  /* A draft (never checked) does not count. */
  g_assert_true (cf_incorporation_refresh_certificates (inc, &error));
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_XML_VALIDATED));

  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  result = (CfCertCheckResult) { row->id, row->row_version, TRUE, "[]" };
  g_assert_true (cf_cert_repo_set_checks (store, &result, 1, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cf_incorporation_refresh_certificates (inc, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (inc, CF_INC_XML_VALIDATED), ==, today);
  {
    g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_XML);

    g_assert_cmpuint (missing->len, ==, 0);
  }
}

/* The files the user chose: copied into the store (bytes of every value
 * survive both engines), the original untouched, the value the copy's
 * SHA-256, what is missing kept right, replaced, removed, each change in
 * the bitácora and seen by another desk. */
static void
test_files (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfIncorporation) inc = NULL;
  g_autoptr(CfIncorporation) again = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CfIncFile) info = NULL;
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "Oficio escaneado.pdf", NULL);
  g_autofree char *name = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *sha = NULL;
  guint8 every_byte[4096];
  GStatBuf before, after;

  CF_TEST_REQUIRE_ENGINE (f);
  for (guint i = 0; i < sizeof every_byte; i++)
    every_byte[i] = (guint8) (i * 7 + i / 256);
  memcpy (every_byte, "%PDF-1.4\n", 9);
  g_assert_true (g_file_set_contents (path, (const char *) every_byte, sizeof every_byte, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  original = g_bytes_new (every_byte, sizeof every_byte);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, original);

  store = cf_test_store_open (f->location);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_true (contains (missing, "Oficio de Nombramiento"));
  g_clear_pointer (&missing, g_ptr_array_unref);

  file = g_file_new_for_path (path);
  g_assert_true (cf_incorporation_put_file_from (inc, CF_INC_DOC_NOMBRAMIENTO, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (inc, CF_INC_DOC_NOMBRAMIENTO), ==, sha);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_false (contains (missing, "Oficio de Nombramiento"));
  g_assert_true (contains (missing, "logo"));
  g_clear_pointer (&missing, g_ptr_array_unref);
  g_assert_cmpint (cf_incorporation_get_state (inc, 1), ==, CF_INCORPORATION_IN_PROGRESS);

  /* The original is as it was; the copy does not need it any more. */
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  g_assert_cmpint (g_remove (path), ==, 0);

  /* Another desk reads the same bytes. */
  other_desk = cf_test_store_open (f->location);
  again = cf_incorporation_load (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (again, CF_INC_DOC_NOMBRAMIENTO), ==, sha);
  got = cf_incorporation_get_file (again, CF_INC_DOC_NOMBRAMIENTO, &name, &mime, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, original));
  g_assert_cmpstr (name, ==, "Oficio escaneado.pdf");
  g_assert_cmpstr (mime, ==, "application/pdf");
  g_clear_pointer (&got, g_bytes_unref);

  /* The logo and its original; then the logo replaced. */
  {
    g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n-one", 12);
    g_autoptr(GBytes) png2 = g_bytes_new_static ("\x89PNG\r\n\x1a\n-two", 12);
    g_autofree char *sha2 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png2);

    g_assert_true (cf_incorporation_put_file (inc, CF_INC_FILE_LOGO_ORIGINAL, "/home/x/Descargas/logo.png", NULL,
                                              png, &error));
    g_assert_true (cf_incorporation_put_file (inc, CF_INC_LOGO, "logo-conforme.png", "image/png", png, &error));
    g_assert_true (cf_incorporation_put_file (inc, CF_INC_LOGO, "logo-conforme.png", "image/png", png2, &error));
    g_assert_no_error (error);
    got = cf_incorporation_repo_get_file (other_desk, CF_INC_LOGO, &info, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (got, png2));
    g_assert_cmpstr (info->sha256, ==, sha2);
    g_assert_cmpuint (info->size, ==, 12);
    g_assert_cmpstr (info->mime, ==, "image/png");
    g_clear_pointer (&got, g_bytes_unref);
    g_clear_pointer (&info, cf_inc_file_free);
    got = cf_incorporation_repo_get_file (other_desk, CF_INC_FILE_LOGO_ORIGINAL, &info, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (info->file_name, ==, "logo.png");   /* no folder kept */
    g_assert_cmpstr (info->mime, ==, "image/png");
    g_clear_pointer (&got, g_bytes_unref);
  }
  files = cf_incorporation_repo_list_files (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (((CfIncFile *) g_ptr_array_index (files, 0))->key, ==, "doc.nombramiento");
  g_assert_cmpstr (((CfIncFile *) g_ptr_array_index (files, 1))->key, ==, "logo");
  g_assert_cmpstr (((CfIncFile *) g_ptr_array_index (files, 2))->key, ==, "logo.original");

  /* Empty: refused, nothing changed. */
  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

    g_assert_false (cf_incorporation_put_file (inc, CF_INC_DOC_REGISTRO, "vacío.pdf", NULL, empty, &error));
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "vacío.pdf"));
    g_clear_error (&error);
    g_assert_null (cf_incorporation_get_value (inc, CF_INC_DOC_REGISTRO));
  }

  /* Removed: gone, and missing again. */
  g_assert_true (cf_incorporation_remove_file (inc, CF_INC_DOC_NOMBRAMIENTO, &error));
  g_assert_no_error (error);
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_DOC_NOMBRAMIENTO));
  got = cf_incorporation_repo_get_file (other_desk, CF_INC_DOC_NOMBRAMIENTO, NULL, &error);
  g_assert_null (got);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_REGISTRO);
  g_assert_true (contains (missing, "Oficio de Nombramiento"));
  g_assert_true (cf_incorporation_remove_file (inc, CF_INC_DOC_NOMBRAMIENTO, &error));   /* again: fine */
  g_assert_no_error (error);
  g_clear_object (&again);
  again = cf_incorporation_load (other_desk, &error);
  g_assert_null (cf_incorporation_get_value (again, CF_INC_DOC_NOMBRAMIENTO));
  g_assert_nonnull (cf_incorporation_get_value (again, CF_INC_LOGO));

  /* add nombramiento, add original, add logo, change logo, remove. */
  audit = cf_audit_repo_list (store, NULL, NULL, "incorporation_file", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 5);
  cf_test_rmdir (dir);
}

/* Without a store, the files are kept in memory the same way. */
static void
test_files_in_memory (void)
{
  g_autoptr(CfIncorporation) inc = cf_incorporation_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static ("scan", 4);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  g_assert_true (cf_incorporation_put_file (inc, CF_INC_DOC_REGISTRO, "r.jpg", "image/jpeg", bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cf_incorporation_get_value (inc, CF_INC_DOC_REGISTRO), ==, sha);
  got = cf_incorporation_get_file (inc, CF_INC_DOC_REGISTRO, NULL, NULL, &error);
  g_assert_true (g_bytes_equal (got, bytes));
  g_assert_true (cf_incorporation_remove_file (inc, CF_INC_DOC_REGISTRO, &error));
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_DOC_REGISTRO));
  g_clear_pointer (&got, g_bytes_unref);
  got = cf_incorporation_get_file (inc, CF_INC_DOC_REGISTRO, NULL, NULL, &error);
  g_assert_null (got);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };
  int status;

  data_home = cf_test_mkdtemp ();
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/incorporation/pure/next", test_pure_next);
  g_test_add_func ("/incorporation/pure/shapes", test_pure_shapes);
  g_test_add_func ("/incorporation/pure/files", test_files_in_memory);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "folios", test_folios);
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "folio-race", test_folio_race);
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "take-folio", test_take_folio);
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "persisted", test_persisted);
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "xml-stage", test_xml_stage);
      CF_TEST_ADD_ENGINE_CASE ("incorporation", engines[i], "files", test_files);
    }
  status = g_test_run ();
  cf_test_rmdir (data_home);
  g_free (data_home);
  return status;
}
