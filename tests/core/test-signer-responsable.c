/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A signer's Ipes/Responsable values in the store, on a SQLite file and on
 * a PostgreSQL database: the defaults (cargo 5, the name split from the
 * certificate, every campus), edits with their bitácora entries, the
 * checks (catalog, name, campus), NOT_FOUND and CONFLICT between two
 * desks, the campuses that have a signer, and the _async calls. */

#include "config.h"

#include "cf-audit-repo.h"
#include "cf-efirma.h"
#include "cf-institution-repo.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"
#include "test-plan-fixture.h"

typedef CfTestEngine Fixture;

static CfCertificate *
make_certificate (Fixture    *f,
                  const char *basename,
                  const char *name,
                  const char *serial)
{
  CfTestCertSpec spec = { .name = name, .serial_ascii = serial, .bits = 1024 };
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate;

  g_assert_true (cf_test_generate_cert (f->dir, basename, &spec, &cer, &key, &error));
  g_assert_no_error (error);
  bytes = cf_test_read_file (cer);
  certificate = cf_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  return certificate;
}

static guint
count_changes (CfStore    *store,
               const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cf_audit_repo_list (store, NULL, NULL, "signer", 0, &error);
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

static void
on_changed_cb (CfStore *store,
               guint   *count)
{
  (*count)++;
}

static void
assert_strv (GStrv        strv,
             const char  *first,
             ...)
{
  va_list args;
  const char *expected = first;
  guint i = 0;

  g_assert_nonnull (strv);
  va_start (args, first);
  for (; expected != NULL; expected = va_arg (args, const char *), i++)
    g_assert_cmpstr (strv[i], ==, expected);
  va_end (args);
  g_assert_cmpstr (strv[i], ==, NULL);
}

static void
test_defaults_and_edit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfStore) other_desk = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfSignerResponsable) read = NULL;
  g_autoptr(CfSignerResponsable) edit = NULL;
  g_autoptr(CfSignerResponsable) stale = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *number;
  guint changed = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  certificate = make_certificate (f, "luz", "MARIA DE LA LUZ DE LA CRUZ LOPEZ", "30001000000500003456");
  number = cf_certificate_get_number (certificate);
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_changed_cb), &changed);

  /* Never set: the defaults. */
  read = cf_signer_repo_get_responsable (store, number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->certificate_number, ==, number);
  g_assert_cmpstr (read->id_cargo, ==, "5");
  g_assert_true (read->cargo_is_default);
  g_assert_true (read->name_is_default);
  g_assert_cmpstr (read->nombre, ==, "MARIA DE LA LUZ");
  g_assert_cmpstr (read->primer_apellido, ==, "DE LA CRUZ");
  g_assert_cmpstr (read->segundo_apellido, ==, "LOPEZ");
  assert_strv (read->campuses, NULL);
  g_assert_true (cf_signer_responsable_covers (read, "090101"));
  g_assert_cmpint (read->row_version, >, 0);

  /* Edited: values in capitals, campuses sorted, one entry per value. */
  edit = cf_signer_responsable_copy (read);
  g_free (edit->id_cargo);
  edit->id_cargo = g_strdup ("3");
  g_free (edit->nombre);
  edit->nombre = g_strdup ("  María de  la Luz ");
  g_free (edit->segundo_apellido);
  edit->segundo_apellido = g_strdup ("López");
  g_strfreev (edit->campuses);
  edit->campuses = g_strsplit ("090102,090101,090102", ",", -1);
  g_assert_true (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (count_changes (store, "ID_CARGO"), ==, 1);
  g_assert_cmpuint (count_changes (store, "NOMBRE"), ==, 1);
  g_assert_cmpuint (count_changes (store, "PRIMER_APELLIDO"), ==, 0);
  g_assert_cmpuint (count_changes (store, "SEGUNDO_APELLIDO"), ==, 1);
  g_assert_cmpuint (count_changes (store, "CAMPUS"), ==, 1);

  /* Another desk reads them. */
  other_desk = cf_test_store_open (f->location);
  list = cf_signer_repo_list_responsables (other_desk, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  stale = cf_signer_responsable_copy (read);
  g_clear_pointer (&read, cf_signer_responsable_free);
  read = cf_signer_responsable_copy (g_ptr_array_index (list, 0));
  g_assert_cmpstr (read->id_cargo, ==, "3");
  g_assert_false (read->cargo_is_default);
  g_assert_false (read->name_is_default);
  g_assert_cmpstr (read->nombre, ==, "MARÍA DE LA LUZ");
  g_assert_cmpstr (read->primer_apellido, ==, "DE LA CRUZ");
  g_assert_cmpstr (read->segundo_apellido, ==, "LÓPEZ");
  assert_strv (read->campuses, "090101", "090102", NULL);
  g_assert_true (cf_signer_responsable_covers (read, "090102"));
  g_assert_false (cf_signer_responsable_covers (read, "090103"));
  g_assert_cmpint (read->row_version, !=, stale->row_version);

  /* The same values again: nothing recorded. */
  g_assert_true (cf_signer_repo_set_responsable (other_desk, number, read, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_changes (store, "NOMBRE"), ==, 1);

  /* A desk that read before the change is refused, nothing written. */
  g_free (stale->id_cargo);
  stale->id_cargo = g_strdup ("1");
  g_assert_false (cf_signer_repo_set_responsable (store, number, stale, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_pointer (&read, cf_signer_responsable_free);
  read = cf_signer_repo_get_responsable (store, number, &error);
  g_assert_cmpstr (read->id_cargo, ==, "3");

  /* Checks. */
  g_clear_pointer (&edit, cf_signer_responsable_free);
  edit = cf_signer_responsable_new ();
  g_free (edit->id_cargo);
  edit->id_cargo = g_strdup ("9");
  g_assert_false (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "1 DIRECTOR"));
  g_assert_nonnull (strstr (error->message, "5 RESPONSABLE DE EXPEDICIÓN"));
  g_clear_error (&error);
  g_free (edit->id_cargo);
  edit->id_cargo = g_strdup ("");
  g_free (edit->nombre);
  edit->nombre = g_strdup ("ANA");
  g_assert_false (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_free (edit->nombre);
  edit->nombre = g_strdup ("");
  g_free (edit->primer_apellido);
  edit->primer_apellido = g_strdup ("PEREZ");
  g_assert_false (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_free (edit->primer_apellido);
  edit->primer_apellido = g_strdup ("");
  g_strfreev (edit->campuses);
  edit->campuses = g_strsplit ("0901,01", "|", -1);
  g_assert_false (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (cf_signer_repo_set_responsable (store, "00000000000000000000", edit, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cf_signer_repo_get_responsable (store, "00000000000000000000", &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Emptied: the defaults again. */
  g_strfreev (edit->campuses);
  edit->campuses = NULL;
  g_assert_true (cf_signer_repo_set_responsable (store, number, edit, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, cf_signer_responsable_free);
  read = cf_signer_repo_get_responsable (other_desk, number, &error);
  g_assert_true (read->cargo_is_default);
  g_assert_true (read->name_is_default);
  g_assert_cmpstr (read->nombre, ==, "MARIA DE LA LUZ");
  assert_strv (read->campuses, NULL);
}

static void
test_add_with_responsable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfSignerResponsable) values = cf_signer_responsable_new ();
  g_autoptr(CfSignerResponsable) read = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GError) error = NULL;
  const char *number;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  certificate = make_certificate (f, "juan", "JUAN PEREZ GOMEZ", "30001000000500003457");
  number = cf_certificate_get_number (certificate);

  /* Refused: nothing added. */
  g_free (values->id_cargo);
  values->id_cargo = g_strdup ("77");
  g_assert_false (cf_signer_repo_add_with_responsable (store, certificate, values, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);
  signers = cf_signer_repo_list (store, &error);
  g_assert_cmpuint (signers->len, ==, 0);

  g_free (values->id_cargo);
  values->id_cargo = g_strdup ("1");
  g_strfreev (values->campuses);
  values->campuses = g_strsplit ("090101", ",", -1);
  g_assert_true (cf_signer_repo_add_with_responsable (store, certificate, values, &error));
  g_assert_no_error (error);
  read = cf_signer_repo_get_responsable (store, number, &error);
  g_assert_cmpstr (read->id_cargo, ==, "1");
  g_assert_true (read->name_is_default);
  g_assert_cmpstr (read->nombre, ==, "JUAN");
  g_assert_cmpstr (read->primer_apellido, ==, "PEREZ");
  g_assert_cmpstr (read->segundo_apellido, ==, "GOMEZ");
  assert_strv (read->campuses, "090101", NULL);
  g_assert_cmpuint (count_changes (store, "ID_CARGO"), ==, 1);
  g_assert_cmpuint (count_changes (store, "CAMPUS"), ==, 1);
  g_assert_cmpuint (count_changes (store, "NOMBRE"), ==, 0);

  /* Added twice: EXISTS, as before. */
  g_assert_false (cf_signer_repo_add_with_responsable (store, certificate, NULL, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS);
}

static void
test_campuses (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCertificate) everywhere = NULL;
  g_autoptr(CfCertificate) north = NULL;
  g_autoptr(CfSignerResponsable) values = cf_signer_responsable_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(CfPlanBook) book = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) covered = NULL;
  g_autoptr(GError) error = NULL;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);

  /* Nothing known, no signer. */
  known = cf_signer_repo_known_campuses (store, &names, &error);
  g_assert_no_error (error);
  assert_strv (known, NULL);
  covered = cf_signer_repo_campuses_with_signer (store, &error);
  g_assert_no_error (error);
  assert_strv (covered, NULL);
  g_clear_pointer (&known, g_strfreev);
  g_clear_pointer (&names, g_strfreev);
  g_clear_pointer (&covered, g_strfreev);

  /* Plans with two campuses (the second career in campus 090205). */
  rows = fixture_rows ();
  for (guint r = 3; r < rows->len; r++)
    {
      cf_plan_row_set (g_ptr_array_index (rows, r), CF_PLAN_COL_ID_CAMPUS, "090205");
      cf_plan_row_set (g_ptr_array_index (rows, r), CF_PLAN_COL_CAMPUS, "NORTE");
    }
  rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_cmpuint (rejected->len, ==, 0);
  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);
  g_assert_true (cf_institution_repo_set (store, NULL, NULL, "090300", &error));
  g_assert_no_error (error);

  known = cf_signer_repo_known_campuses (store, &names, &error);
  g_assert_no_error (error);
  assert_strv (known, "090101", "090205", "090300", NULL);
  assert_strv (names, "ÚNICO", "NORTE", "", NULL);

  /* One signer for 090205 only. */
  north = make_certificate (f, "north", "ANA RUIZ SOTO", "30001000000500003458");
  g_strfreev (values->campuses);
  values->campuses = g_strsplit ("090205", ",", -1);
  g_assert_true (cf_signer_repo_add_with_responsable (store, north, values, &error));
  g_assert_no_error (error);
  covered = cf_signer_repo_campuses_with_signer (store, &error);
  g_assert_no_error (error);
  assert_strv (covered, "090205", NULL);
  g_clear_pointer (&covered, g_strfreev);

  /* A signer of every campus: each known one. */
  everywhere = make_certificate (f, "all", "LUIS MORA DIAZ", "30001000000500003459");
  g_assert_true (cf_signer_repo_add (store, everywhere, &error));
  covered = cf_signer_repo_campuses_with_signer (store, &error);
  g_assert_no_error (error);
  assert_strv (covered, "090101", "090205", "090300", NULL);
}

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
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfSignerResponsable) edit = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) written = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  certificate = make_certificate (f, "async", "ROSA SAN ROMAN NUÑEZ", "30001000000500003460");
  g_assert_true (cf_signer_repo_add (store, certificate, &error));
  g_assert_true (cf_institution_repo_set (store, NULL, NULL, "090101", &error));
  g_signal_connect (store, "signers-changed", G_CALLBACK (on_changed_cb), &changed);

  cf_signer_repo_list_responsables_async (store, NULL, on_result_cb, &listed);
  list = cf_signer_repo_list_responsables_finish (store, wait_result (&listed), &known, &names, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  assert_strv (known, "090101", NULL);
  assert_strv (names, "", NULL);

  edit = cf_signer_responsable_copy (g_ptr_array_index (list, 0));
  g_assert_cmpstr (edit->primer_apellido, ==, "SAN ROMAN");
  g_free (edit->id_cargo);
  edit->id_cargo = g_strdup ("1");
  cf_signer_repo_set_responsable_async (store, edit->certificate_number, edit, NULL, on_result_cb, &written);
  g_assert_true (cf_signer_repo_set_responsable_finish (store, wait_result (&written), &error));
  g_assert_no_error (error);
  /* The signal on the caller's thread, from _finish. */
  g_assert_cmpuint (changed, ==, 1);

  /* Written with the version read before: a conflict now. */
  cf_signer_repo_set_responsable_async (store, edit->certificate_number, edit, NULL, on_result_cb, &again);
  g_assert_false (cf_signer_repo_set_responsable_finish (store, wait_result (&again), &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const engines[] = { "sqlite", "postgresql" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("signer-responsable", engines[i], "defaults-and-edit", test_defaults_and_edit);
      CF_TEST_ADD_ENGINE_CASE ("signer-responsable", engines[i], "add", test_add_with_responsable);
      CF_TEST_ADD_ENGINE_CASE ("signer-responsable", engines[i], "campuses", test_campuses);
      CF_TEST_ADD_ENGINE_CASE ("signer-responsable", engines[i], "async", test_async);
    }
  return g_test_run ();
}
