/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Export for SEP…"'s worker (cf_certs_export_sep_async) on a real SQLite
 * store with certificates listo but none sealed: every sealed one asked
 * for is "nothing to export", a listo one asked for refuses the whole
 * export, and neither writes the zip. The sealed path (the zip's XMLs
 * verified) is the certificates flow's (tests/flows/test-certs-flow.py). */
#include "config.h"

#include <locale.h>

#include <gtk/gtk.h>

#include "cf-cert-repo.h"
#include "cf-certs-export.h"
#include "cf-certs-page-export.h"
#include "cf-test-util.h"

#include "../cf-test-ca.h"
#include "../cli/cf-certs-seal-fixture.h"

typedef struct
{
  GError   *error;
  guint     n;
  gboolean  done;
} Result;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->n = cf_certs_export_sep_finish (CF_STORE (source), result, &r->error);
  r->done = TRUE;
}

static void
export (CfStore *store,
        GArray  *ids,
        GFile   *file,
        Result  *r)
{
  *r = (Result) { 0 };
  cf_certs_export_sep_async (store, ids, file, NULL, on_done_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_refused (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *store_path = g_build_filename (dir, "certifica.db", NULL);
  g_autofree char *zip_path = g_build_filename (dir, "sep.zip", NULL);
  g_autoptr(GFile) zip = g_file_new_for_path (zip_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  CfCertFilter filter = CF_CERT_FILTER_INIT;
  gint64 id;
  Result r;

  cf_test_make_signer (dir, CF_SEAL_FIXTURE_SIGNER_CURP, &cer, &key, &ca);
  store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  cf_seal_fixture_fill (store, 2, cer);

  /* Every sealed one: there is none. */
  export (store, NULL, zip, &r);
  g_assert_error (r.error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_EMPTY);
  g_assert_cmpuint (r.n, ==, 0);
  g_assert_false (g_file_query_exists (zip, NULL));
  g_clear_error (&r.error);

  /* A listo one asked for: the whole export refused, naming it. */
  rows = cf_cert_repo_list (store, &filter, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  id = ((CfCertRow *) g_ptr_array_index (rows, 0))->id;
  g_array_append_val (ids, id);
  export (store, ids, zip, &r);
  g_assert_error (r.error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_NOT_SEALED);
  g_assert_false (g_file_query_exists (zip, NULL));
  g_clear_error (&r.error);

  g_clear_object (&store);
  cf_test_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/certs/export/refused", test_refused);
  return g_test_run ();
}
