/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's checks of one value (cf-inc-fields): the
 * reason beside a DGP key or an e-mail as it is typed, a campus removed
 * with the later ones moving down, and whether a certificate may sign for
 * a campus (an e.firma valid 30 days more; warned under 90; a CSD, an
 * expired one and one not from SAT refused). */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cf-inc-fields.h"
#include "cf-signer-repo.h"
#include "cf-store.h"
#include "cf-test-util.h"

static void
test_dgp_key (void)
{
  g_autofree char *short_key = cf_inc_fields_dgp_key_problem ("204");
  g_autofree char *long_key = cf_inc_fields_dgp_key_problem ("2049912");
  g_autofree char *letters = cf_inc_fields_dgp_key_problem ("20a99");

  g_assert_null (cf_inc_fields_dgp_key_problem (NULL));
  g_assert_null (cf_inc_fields_dgp_key_problem (""));
  g_assert_null (cf_inc_fields_dgp_key_problem ("20499"));
  g_assert_null (cf_inc_fields_dgp_key_problem ("090101"));
  g_assert_cmpstr (short_key, ==, "3 digits; a DGP key has 5 or 6.");
  g_assert_cmpstr (long_key, ==, "7 digits; a DGP key has 5 or 6.");
  g_assert_cmpstr (letters, ==, "Digits only: the DGP key is a number.");
}

static void
test_email (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "ana@uva.edu.mx", NULL },
    { "", NULL },
    { "ana.uva.edu.mx", "The @ is missing (name@institution.edu.mx)." },
    { "ana @uva.edu.mx", "An e-mail address has no spaces." },
    { "ana@uva@edu.mx", "Only one @ is allowed." },
    { "@uva.edu.mx", "The name before the @ is missing." },
    { "ana@uva", "The domain after the @ is incomplete (institution.edu.mx)." },
    { "ana@uva.", "The domain after the @ is incomplete (institution.edu.mx)." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *reason = cf_inc_fields_email_problem (cases[i].text);

      g_assert_cmpstr (reason, ==, cases[i].reason);
    }
}

static void
set (CfIncorporation *inc,
     const char      *key,
     const char      *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_incorporation_set_value (inc, key, value, &error));
  g_assert_no_error (error);
}

static void
test_remove_campus (void)
{
  g_autoptr(CfIncorporation) inc = cf_incorporation_new ();
  g_autoptr(GError) error = NULL;

  set (inc, CF_INC_N_CAMPUSES, "3");
  set (inc, "campus.1.nombre", "CENTRO");
  set (inc, "campus.1.signer", "30001000000500003456");
  set (inc, "campus.2.nombre", "NORTE");
  set (inc, "campus.2.id_campus", "150202");
  set (inc, "campus.3.nombre", "SUR");
  set (inc, "campus.3.oficio", "Texto propio");

  g_assert_cmpuint (cf_inc_fields_same_campus_key (inc, 2), ==, 0);
  set (inc, "campus.3.id_campus", "150202");
  g_assert_cmpuint (cf_inc_fields_same_campus_key (inc, 3), ==, 2);
  g_assert_cmpuint (cf_inc_fields_same_campus_key (inc, 2), ==, 0);
  set (inc, "campus.3.id_campus", NULL);
  g_assert_cmpuint (cf_inc_fields_same_campus_key (inc, 3), ==, 0);

  g_assert_true (cf_inc_fields_remove_campus (inc, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_incorporation_get_n_campuses (inc), ==, 2);
  g_assert_cmpstr (cf_incorporation_get_campus_value (inc, 1, "nombre"), ==, "CENTRO");
  g_assert_cmpstr (cf_incorporation_get_campus_value (inc, 1, "signer"), ==, "30001000000500003456");
  g_assert_cmpstr (cf_incorporation_get_campus_value (inc, 2, "nombre"), ==, "SUR");
  g_assert_cmpstr (cf_incorporation_get_campus_value (inc, 2, "oficio"), ==, "Texto propio");
  g_assert_null (cf_incorporation_get_campus_value (inc, 2, "id_campus"));
  g_assert_null (cf_incorporation_get_campus_value (inc, 3, "nombre"));
  g_assert_null (cf_incorporation_get_campus_value (inc, 3, "oficio"));

  g_assert_true (cf_inc_fields_remove_campus (inc, 1, &error));
  g_assert_true (cf_inc_fields_remove_campus (inc, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cf_incorporation_get_n_campuses (inc), ==, 0);
  g_assert_null (cf_incorporation_get_value (inc, CF_INC_N_CAMPUSES));
  g_assert_null (cf_incorporation_get_campus_value (inc, 1, "nombre"));
}

static CfCertificate *
generate (const char           *dir,
          const char           *name,
          const CfTestCertSpec *spec,
          GBytes              **der)
{
  g_autofree char *cer = NULL, *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  CfCertificate *certificate;

  g_assert_true (cf_test_generate_cert (dir, name, spec, &cer, &key, &error));
  g_assert_no_error (error);
  g_unlink (key);
  bytes = cf_test_read_file (cer);
  certificate = cf_certificate_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  if (der != NULL)
    *der = g_bytes_ref (bytes);
  return certificate;
}

static void
test_signer (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  CfTestCertSpec four_years = { .bits = 1024 };
  CfTestCertSpec sixty_days = { .bits = 1024, .days_valid = 61 };
  CfTestCertSpec ten_days = { .bits = 1024, .days_valid = 11 };
  CfTestCertSpec expired = { .bits = 1024, .days_from_now_start = -400, .days_valid = -10 };
  CfTestCertSpec csd = { .bits = 1024, .ou = "Sucursal 1" };
  g_autoptr(CfCertificate) ok = generate (dir, "ok", &four_years, NULL);
  g_autoptr(CfCertificate) expiring = generate (dir, "expiring", &sixty_days, NULL);
  g_autoptr(CfCertificate) too_short = generate (dir, "short", &ten_days, NULL);
  g_autoptr(CfCertificate) old = generate (dir, "expired", &expired, NULL);
  g_autoptr(GBytes) csd_der = NULL;
  g_autoptr(GBytes) ok_der = NULL;
  g_autoptr(CfCertificate) seal = generate (dir, "csd", &csd, &csd_der);
  g_autoptr(CfCertificate) again = generate (dir, "ok2", &four_years, &ok_der);
  g_autofree char *reason = NULL;
  g_autofree char *path = g_build_filename (dir, "certifica.db", NULL);
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfCertificate) imported = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cf_inc_fields_check_signer (ok, NULL, &reason), ==, CF_INC_SIGNER_OK);
  g_assert_null (reason);
  g_assert_cmpint (cf_inc_fields_check_signer (expiring, NULL, &reason), ==, CF_INC_SIGNER_EXPIRING);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "renew it soon"));
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (cf_inc_fields_check_signer (too_short, NULL, &reason), ==, CF_INC_SIGNER_REFUSED);
  g_assert_nonnull (strstr (reason, "at least 30 more days"));
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (cf_inc_fields_check_signer (old, NULL, &reason), ==, CF_INC_SIGNER_REFUSED);
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);
  g_assert_cmpint (cf_inc_fields_check_signer (seal, NULL, &reason), ==, CF_INC_SIGNER_REFUSED);
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);

  /* Import: a CSD is refused before anything is stored; a certificate
   * SAT did not issue (these are self-issued) likewise. */
  store = cf_store_open (path, &error);
  g_assert_no_error (error);
  imported = cf_inc_fields_import_signer (store, csd_der, &error);
  g_assert_null (imported);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);
  g_clear_error (&error);
  imported = cf_inc_fields_import_signer (store, ok_der, &error);
  g_assert_null (imported);
  g_assert_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) signers = cf_signer_repo_list (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (signers->len, ==, 0);
  }
  g_clear_object (&store);
  cf_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inc-fields/dgp-key", test_dgp_key);
  g_test_add_func ("/inc-fields/email", test_email);
  g_test_add_func ("/inc-fields/remove-campus", test_remove_campus);
  g_test_add_func ("/inc-fields/signer", test_signer);
  return g_test_run ();
}
