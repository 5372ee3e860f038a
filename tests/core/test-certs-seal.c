/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sealing the store's certificates (cf-cert-seal-repo.h, cf-certs-seal.h,
 * cf-certs-export.h) on both engines: folios drawn once and never lost to
 * a rolled-back seal, the exact bytes stored and verifying, a changed or
 * already sealed certificate refused, a cancel, two desks at once, the
 * PDFs after the seals, the zip for SEP. */

#include "config.h"

#include <string.h>

#include <gsf/gsf-infile-zip.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>

#include "cf-cert-repo.h"
#include "cf-cert-seal-repo.h"
#include "cf-certs-export.h"
#include "cf-certs-seal.h"
#include "cf-dec-xml.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-student-repo.h"
#include "cf-store.h"
#include "cf-test-ca.h"
#include "cf-test-dec.h"
#include "cf-test-ocsp.h"
#include "cf-test-util.h"

#define SIGNER_CURP "PELM800101MDFRPR01"
#define PASSWORD "12345678a"

typedef struct
{
  char        *dir;
  char        *cer;
  char        *key;
  char        *ca;
  char        *ocsp;
  GSubprocess *responder;
} Signer;

static Signer *shared;

static Signer *
get_signer (void)
{
  g_autofree char *ca_key = NULL;

  if (shared != NULL)
    return shared;
  shared = g_new0 (Signer, 1);
  shared->dir = cf_test_mkdtemp ();
  cf_test_make_signer (shared->dir, SIGNER_CURP, &shared->cer, &shared->key, &shared->ca);
  ca_key = g_build_filename (shared->dir, "Universidad CA.ca-key", NULL);
  shared->responder = cf_test_ocsp_serve_cert (shared->dir, shared->cer, shared->ca, ca_key, FALSE,
                                               &shared->ocsp);
  return shared;
}

static CfSealer *
new_sealer (void)
{
  Signer *s = get_signer ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autofree char *cache = g_build_filename (s->dir, "ocsp-cache", NULL);
  const char *anchors[] = { s->ca, NULL };
  CfSealer *sealer;

  credential = cf_credential_new_from_files (s->cer, s->key, PASSWORD, &error);
  g_assert_no_error (error);
  trust = cf_trust_new_with_anchors (anchors, &error);
  g_assert_no_error (error);
  sealer = cf_sealer_new (credential);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_ocsp_url (sealer, s->ocsp);
  cf_sealer_set_ocsp_cache_dir (sealer, cache);
  return sealer;
}

/* @n students with a certificate each, every one listo but the last
 * @n_borrador. */
static void
fill_store (CfStore *store,
            guint    n,
            guint    n_borrador)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (CfCertCheckResult));
  guint created = 0, skipped = 0;

  for (guint i = 0; i < n; i++)
    {
      CfStudent *student = cf_student_new ();

      g_free (student->matricula);
      student->matricula = g_strdup_printf ("A%05u", i);
      g_free (student->id_carrera);
      student->id_carrera = g_strdup ("14");
      g_free (student->clave_plan);
      student->clave_plan = g_strdup ("2017");
      g_free (student->curp);
      student->curp = g_strdup ("GOMC850312HDFNRR09");
      g_free (student->nombre);
      student->nombre = g_strdup ("CARLOS");
      g_free (student->primer_apellido);
      student->primer_apellido = g_strdup ("GÓMEZ");
      g_free (student->segundo_apellido);
      student->segundo_apellido = g_strdup ("MÉNDEZ");
      g_ptr_array_add (students, student);
    }
  g_assert_true (cf_student_repo_import (store, students, "test", &error));
  g_assert_no_error (error);
  g_assert_true (cf_cert_repo_ensure_all (store, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, n);

  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      CfCertCheckResult check = { row->id, row->row_version, i < n - n_borrador, "[]" };

      g_array_append_val (checks, check);
    }
  g_assert_true (cf_cert_repo_set_checks (store, (CfCertCheckResult *) checks->data, checks->len, &skipped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 0);
}

/* The document of a certificate: the hand-built one, with the student's
 * matrícula (so each differs). */
static CfDec *
build_cb (CfStore          *store,
          const CfCertRow  *row,
          CfCertificate    *signer,
          gpointer          user_data,
          GError          **error)
{
  CfDec *dec = cf_test_dec_new ();

  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, row->student->matricula);
  return dec;
}

static GBytes *
pdf_cb (CfDec         *sealed,
        const char    *display_name,
        gpointer       user_data,
        GCancellable  *cancellable,
        GError       **error)
{
  /* The renderer is another library's (tests/render); here, that a PDF
   * is asked for the sealed document and stored. */
  return g_bytes_new_take (g_strdup_printf ("%%PDF-1.4 %s %s", cf_dec_get (sealed, CF_DEC_FIELD_FOLIO_CONTROL),
                                            cf_dec_get (sealed, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL)),
                           strlen ("%PDF-1.4 ") + strlen (cf_dec_get (sealed, CF_DEC_FIELD_FOLIO_CONTROL)) + 1 +
                           strlen (cf_dec_get (sealed, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL)));
}

/* Every certificate: sealed with a folio nobody else has and stored bytes
 * that verify, or listo without a folio. Returns how many are sealed. */
static guint
assert_consistent (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  g_autoptr(GHashTable) folios = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 next = 0;
  guint sealed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GBytes) xml = NULL;
      g_autoptr(CfSealVerification) v = NULL;
      gsize len;
      const char *data;
      xmlDoc *doc;

      if (row->status != CF_CERT_STATUS_SELLADO)
        {
          g_assert_null (row->folio_control);
          continue;
        }
      sealed++;
      g_assert_nonnull (row->folio_control);
      g_assert_true (g_hash_table_add (folios, row->folio_control));
      g_assert_cmpstr (row->signer, !=, "");
      xml = cf_cert_repo_dup_xml (store, row->id, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (xml, &len);
      doc = cf_dec_xml_parse_data (data, len, NULL, &error);
      g_assert_no_error (error);
      v = cf_sealer_verify_doc (doc, &error);
      xmlFreeDoc (doc);
      g_assert_no_error (error);
      g_assert_true (cf_seal_verification_seal_matches (v));
      g_assert_cmpstr (cf_dec_get (cf_seal_verification_get_dec (v), CF_DEC_FIELD_FOLIO_CONTROL), ==,
                       row->folio_control);
      g_assert_cmpstr (cf_dec_get (cf_seal_verification_get_dec (v), CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL), ==,
                       row->student->matricula);
    }
  /* Folios are 1..sealed: none lost to a rolled-back seal. */
  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, (gint64) sealed + 1);
  return sealed;
}

static void
test_seal_all_ready (CfTestEngine  *f,
                     gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) ready = NULL;
  g_autoptr(GArray) without = NULL;
  CfCertsSealOptions options = { .jobs = 2, .build = build_cb, .pdf = pdf_cb };
  CfSealProgress summary;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 12, 2);
  sealer = new_sealer ();

  ready = cf_cert_seal_repo_list_ready (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ready->len, ==, 10);

  results = cf_certs_seal (store, sealer, NULL, 0, &options, NULL, NULL, &summary, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 10);
  g_assert_cmpuint (summary.sealed, ==, 10);
  g_assert_cmpuint (summary.refused, ==, 0);
  for (guint i = 0; i < results->len; i++)
    {
      CfCertsSealResult *r = g_ptr_array_index (results, i);

      g_assert_cmpint (r->status, ==, CF_SEAL_STATUS_SEALED);
      g_assert_nonnull (r->folio_control);
      g_assert_true (r->has_pdf);
    }
  g_assert_cmpuint (assert_consistent (store), ==, 10);

  /* The PDFs are in; the event says who sealed it with which folio. */
  without = cf_cert_seal_repo_list_without_pdf (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (without->len, ==, 0);
  events = cf_cert_repo_list_events (store, g_array_index (ready, gint64, 0), &error);
  g_assert_no_error (error);
  {
    CfCertEvent *last = g_ptr_array_index (events, events->len - 1);

    g_assert_cmpint (last->from_status, ==, CF_CERT_STATUS_LISTO);
    g_assert_cmpint (last->to_status, ==, CF_CERT_STATUS_SELLADO);
    g_assert_nonnull (strstr (last->detail, "folio"));
  }

  /* Asked again: nothing listo is left, and an explicit sealed one is
   * refused, not sealed twice. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = cf_certs_seal (store, sealer, (const gint64 *) ready->data, 1, &options, NULL, NULL, &summary,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sealed, ==, 0);
  g_assert_cmpuint (summary.refused, ==, 1);
  g_assert_true (g_error_matches (((CfCertsSealResult *) g_ptr_array_index (results, 0))->error,
                                  CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT));
  g_assert_cmpuint (assert_consistent (store), ==, 10);
}

typedef struct
{
  GBytes *bytes;
  int     calls;
  gboolean fail;
} FuncData;

static GBytes *
seal_func (gint64       cert_id,
           const char  *folio_control,
           gpointer     user_data,
           GError     **error)
{
  FuncData *data = user_data;

  data->calls++;
  if (data->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "did not verify");
      return NULL;
    }
  return g_bytes_ref (data->bytes);
}

/* The repository alone: a failing callback or a stale version rolls the
 * folio back too; a PDF only for a sealed certificate. */
static void
test_repo_rollback (CfTestEngine  *f,
                    gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GArray) ready = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF", 4);
  g_autofree char *folio = NULL;
  g_autoptr(CfCertRow) row = NULL;
  FuncData data = { g_bytes_new_static ("<Dec/>", 6), 0, TRUE };
  CfCertSealRequest request = { 0 };
  gint64 next = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 3, 0);
  ready = cf_cert_seal_repo_list_ready (store, &error);
  g_assert_no_error (error);
  row = cf_cert_repo_get (store, g_array_index (ready, gint64, 0), &error);
  g_assert_no_error (error);

  g_assert_false (cf_cert_seal_repo_set_pdf (store, row->id, pdf, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED);
  g_clear_error (&error);

  request.cert_id = row->id;
  request.row_version = row->row_version;
  request.signer = "30001000000500003456";
  g_assert_false (cf_cert_seal_repo_seal (store, &request, seal_func, &data, &folio, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (data.calls, ==, 1);
  g_assert_null (folio);

  request.row_version = row->row_version + 1000;
  data.fail = FALSE;
  g_assert_false (cf_cert_seal_repo_seal (store, &request, seal_func, &data, &folio, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_cmpint (next, ==, 1);

  request.row_version = row->row_version;
  request.pdf = pdf;
  g_assert_true (cf_cert_seal_repo_seal (store, &request, seal_func, &data, &folio, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (folio, ==, "1");
  g_clear_pointer (&folio, g_free);
  {
    g_autoptr(GBytes) stored = cf_cert_repo_dup_xml (store, row->id, &error);
    g_autoptr(GBytes) stored_pdf = cf_cert_repo_dup_pdf (store, row->id, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (stored, data.bytes));
    g_assert_true (g_bytes_equal (stored_pdf, pdf));
  }
  /* Sealed: never again. */
  g_assert_false (cf_cert_seal_repo_seal (store, &request, seal_func, &data, &folio, &error));
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_cmpint (next, ==, 2);
  g_assert_true (cf_cert_seal_repo_set_pdf (store, row->id, pdf, &error));
  g_assert_no_error (error);
  g_bytes_unref (data.bytes);
}

static GBytes *
seal_many_func (gint64       cert_id,
                const char  *folio_control,
                gpointer     user_data,
                GError     **error)
{
  /* user_data: "ok" or "fail", per certificate. */
  if (g_str_equal (user_data, "fail"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "did not verify");
      return NULL;
    }
  return g_bytes_new_static ("<Dec/>", 6);
}

/* Several certificates in one transaction: one refused by the callback
 * and one stale are left listo with no folio used, the others sealed with
 * consecutive folios. */
static void
test_repo_many (CfTestEngine  *f,
                gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(GArray) ready = NULL;
  CfCertSealItem items[4] = { 0 };
  guint n_sealed = 0;
  gint64 next = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 4, 0);
  ready = cf_cert_seal_repo_list_ready (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ready->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(CfCertRow) row = cf_cert_repo_get (store, g_array_index (ready, gint64, i), &error);

      g_assert_no_error (error);
      items[i].request.cert_id = row->id;
      items[i].request.row_version = row->row_version + (i == 2 ? 1000 : 0);
      items[i].request.signer = "30001000000500003456";
      items[i].user_data = (gpointer) (i == 1 ? "fail" : "ok");
    }
  g_assert_true (cf_cert_seal_repo_seal_many (store, items, 4, seal_many_func, &n_sealed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_sealed, ==, 2);
  g_assert_cmpstr (items[0].folio_control, ==, "1");
  g_assert_null (items[1].folio_control);
  g_assert_error (items[1].error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (items[2].folio_control);
  g_assert_error (items[2].error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT);
  g_assert_cmpstr (items[3].folio_control, ==, "2");
  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_cmpint (next, ==, 3);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(CfCertRow) row = cf_cert_repo_get (store, items[i].request.cert_id, &error);

      g_assert_no_error (error);
      g_assert_cmpint (row->status, ==, i == 0 || i == 3 ? CF_CERT_STATUS_SELLADO : CF_CERT_STATUS_LISTO);
      g_free (items[i].folio_control);
      g_clear_error (&items[i].error);
    }
}

static guint
folio_uses (CfStore    *store,
            const char *folio)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folios = cf_incorporation_repo_list_folios (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < folios->len; i++)
    {
      CfTestFolio *f = g_ptr_array_index (folios, i);

      if (g_str_equal (f->folio, folio))
        {
          g_assert_cmpuint (f->use_list->len, ==, f->uses);
          return f->uses;
        }
    }
  g_assert_not_reached ();
}

static void
assert_cert (CfStore     *store,
             gint64       id,
             CfCertStatus status,
             const char  *folio,
             const char  *portal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertRow) row = cf_cert_repo_get (store, id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (row->status, ==, status);
  g_assert_cmpstr (row->folio_control, ==, folio);
  g_assert_cmpstr (row->portal, ==, portal);
}

/* The incorporation's test stage: each certificate takes one of SEP's test
 * folios (the one it used last while it has uses left, else a fresh one),
 * never a fourth use of one; none left stops the batch with a message;
 * the institution's sequence is not touched. Production once the test
 * stage is done. */
static void
test_test_stage (CfTestEngine  *f,
                 gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CfIncorporation) incorporation = NULL;
  CfCertsSealOptions options = { .jobs = 1, .build = build_cb };
  CfSealProgress summary;
  const char *first[] = { "9000001", "9000002", NULL };
  const char *more[] = { "9000003", NULL };
  gboolean test_stage = TRUE;
  gint64 next = 0;
  guint number = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 4, 0);
  sealer = new_sealer ();
  ids = cf_cert_seal_repo_list_ready (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);

  /* Nothing done yet: production, as before the incorporation. */
  g_assert_true (cf_certs_seal_in_test_stage (store, &test_stage, &error));
  g_assert_false (test_stage);
  incorporation = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  for (CfIncorporationStage stage = CF_INCORPORATION_STAGE_REGISTRO; stage < CF_INCORPORATION_STAGE_PRUEBAS; stage++)
    {
      g_assert_true (cf_incorporation_mark_done (incorporation, stage, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cf_certs_seal_in_test_stage (store, &test_stage, &error));
  g_assert_true (test_stage);

  /* No test folio at all: nothing is signed. */
  results = cf_certs_seal (store, sealer, (const gint64 *) ids->data, ids->len, &options, NULL, NULL, &summary,
                           NULL, &error);
  g_assert_null (results);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NO_TEST_FOLIO);
  g_assert_nonnull (strstr (error->message, "folios add"));
  g_clear_error (&error);

  /* 9000001 used twice for the first certificate (corrections at SEP's
   * portal), 9000002 three times for the second. */
  g_assert_true (cf_incorporation_repo_add_folios (store, first, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    g_assert_true (cf_incorporation_repo_use_folio (store, "9000001", "A00000/14", NULL, &number, &error));
  for (guint i = 0; i < 3; i++)
    g_assert_true (cf_incorporation_repo_use_folio (store, "9000002", "A00001/14", NULL, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (number, ==, 3);

  /* The first takes 9000001's third use; the second would need a fourth
   * use of 9000002 or a fresh folio: none, the batch stops. */
  results = cf_certs_seal (store, sealer, (const gint64 *) ids->data, ids->len, &options, NULL, NULL, &summary,
                           NULL, &error);
  g_assert_null (results);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NO_TEST_FOLIO);
  g_assert_nonnull (strstr (error->message, "folios add"));
  g_clear_error (&error);
  assert_cert (store, g_array_index (ids, gint64, 0), CF_CERT_STATUS_SELLADO, "9000001", "pruebas");
  for (guint i = 1; i < 4; i++)
    assert_cert (store, g_array_index (ids, gint64, i), CF_CERT_STATUS_LISTO, NULL, NULL);
  g_assert_cmpuint (folio_uses (store, "9000001"), ==, 3);
  g_assert_cmpuint (folio_uses (store, "9000002"), ==, 3);

  /* One more folio: the second certificate takes it, the third has none. */
  g_assert_true (cf_incorporation_repo_add_folios (store, more, NULL, &error));
  g_assert_no_error (error);
  results = cf_certs_seal (store, sealer, &g_array_index (ids, gint64, 1), 3, &options, NULL, NULL, &summary,
                           NULL, &error);
  g_assert_null (results);
  g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NO_TEST_FOLIO);
  g_clear_error (&error);
  assert_cert (store, g_array_index (ids, gint64, 1), CF_CERT_STATUS_SELLADO, "9000003", "pruebas");
  assert_cert (store, g_array_index (ids, gint64, 2), CF_CERT_STATUS_LISTO, NULL, NULL);
  g_assert_cmpuint (folio_uses (store, "9000002"), ==, 3);
  g_assert_cmpuint (folio_uses (store, "9000003"), ==, 1);
  /* The institution's sequence was never drawn. */
  g_assert_true (cf_cert_seal_repo_peek_next_folio (store, &next, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, 1);

  /* The test stage done: production, the institution's sequence. */
  g_assert_true (cf_incorporation_mark_done (incorporation, CF_INCORPORATION_STAGE_PRUEBAS, &error));
  g_assert_no_error (error);
  g_assert_true (cf_certs_seal_in_test_stage (store, &test_stage, &error));
  g_assert_false (test_stage);
  results = cf_certs_seal (store, sealer, &g_array_index (ids, gint64, 2), 2, &options, NULL, NULL, &summary,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sealed, ==, 2);
  assert_cert (store, g_array_index (ids, gint64, 2), CF_CERT_STATUS_SELLADO, "1", "produccion");
  assert_cert (store, g_array_index (ids, gint64, 3), CF_CERT_STATUS_SELLADO, "2", "produccion");
  g_assert_cmpuint (folio_uses (store, "9000003"), ==, 1);
}

static void
on_progress_cancel (const CfSealProgress *progress,
                    gpointer              user_data)
{
  if (progress->done >= 3)
    g_cancellable_cancel (user_data);
}

/* Cancel: the ones in flight finish whole, the rest are untouched. */
static void
test_cancel (CfTestEngine  *f,
             gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CfCertsSealOptions options = { .jobs = 2, .build = build_cb };
  CfSealProgress summary;
  guint cancelled = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 200, 0);
  sealer = new_sealer ();

  results = cf_certs_seal (store, sealer, NULL, 0, &options, on_progress_cancel, cancellable, &summary,
                           cancellable, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    cancelled += ((CfCertsSealResult *) g_ptr_array_index (results, i))->status == CF_SEAL_STATUS_CANCELLED;
  g_assert_cmpuint (summary.sealed, >=, 3);
  g_assert_cmpuint (cancelled, >, 0);
  g_assert_cmpuint (summary.sealed + cancelled, ==, 200);
  g_assert_cmpuint (assert_consistent (store), ==, summary.sealed);
}

typedef struct
{
  const char  *location;
  GPtrArray   *results;
  CfSealProgress summary;
} Desk;

static gpointer
desk_thread (gpointer user_data)
{
  Desk *desk = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_test_store_open (desk->location);
  g_autoptr(CfSealer) sealer = new_sealer ();
  CfCertsSealOptions options = { .jobs = 2, .build = build_cb };

  desk->results = cf_certs_seal (store, sealer, NULL, 0, &options, NULL, NULL, &desk->summary, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Two stores (two desks' connections) sealing "todos los listos" at once:
 * each certificate sealed once, no folio twice. */
static void
test_two_desks (CfTestEngine  *f,
                gconstpointer  engine)
{
  g_autoptr(CfStore) store = NULL;
  Desk a = { 0 }, b = { 0 };
  GThread *ta, *tb;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 60, 0);
  get_signer ();
  a.location = b.location = f->location;
  ta = g_thread_new ("desk-a", desk_thread, &a);
  tb = g_thread_new ("desk-b", desk_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);

  g_test_message ("desk a sealed %u, desk b %u", a.summary.sealed, b.summary.sealed);
  g_assert_cmpuint (a.summary.sealed + b.summary.sealed, ==, 60);
  for (guint i = 0; i < a.results->len; i++)
    {
      CfCertsSealResult *r = g_ptr_array_index (a.results, i);

      if (r->status != CF_SEAL_STATUS_SEALED)
        g_assert_true (g_error_matches (r->error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT));
    }
  g_assert_cmpuint (assert_consistent (store), ==, 60);
  g_ptr_array_unref (a.results);
  g_ptr_array_unref (b.results);
}

/* The zip for SEP: the stored bytes exactly, refused with an unsealed one. */
static void
test_export (CfTestEngine  *f,
             gconstpointer  engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *zip_path = g_build_filename (f->dir, "sep.zip", NULL);
  CfCertsSealOptions options = { .jobs = 1, .build = build_cb };
  GsfInput *input;
  GsfInfile *zip;
  guint n = 0;
  gint64 borrador = 0;

  CF_TEST_REQUIRE_ENGINE (f);
  store = cf_test_store_open (f->location);
  fill_store (store, 5, 1);
  sealer = new_sealer ();
  results = cf_certs_seal (store, sealer, NULL, 0, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (cf_certs_export_sep (store, NULL, 0, zip_path, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);

  input = gsf_input_stdio_new (zip_path, &error);
  g_assert_no_error (error);
  zip = gsf_infile_zip_new (input, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gsf_infile_num_children (zip), ==, 4);
  rows = cf_cert_repo_list (store, NULL, FALSE, &error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autofree char *name = NULL;
      g_autoptr(GBytes) stored = NULL;
      GsfInput *child;
      const guint8 *data;
      gsize len;

      if (row->status != CF_CERT_STATUS_SELLADO)
        {
          borrador = row->id;
          continue;
        }
      name = cf_certs_export_file_name (row->student->matricula, row->student->id_carrera, row->folio_control);
      child = gsf_infile_child_by_name (zip, name);
      g_assert_nonnull (child);
      stored = cf_cert_repo_dup_xml (store, row->id, &error);
      data = g_bytes_get_data (stored, &len);
      g_assert_cmpint (gsf_input_size (child), ==, (gsf_off_t) len);
      g_assert_cmpmem (gsf_input_read (child, len, NULL), len, data, len);
      g_object_unref (child);
    }
  g_object_unref (zip);
  g_object_unref (input);

  /* An unsealed one asked for: nothing written. */
  g_assert_cmpint (borrador, !=, 0);
  g_assert_false (cf_certs_export_sep (store, &borrador, 1, zip_path, &n, NULL, &error));
  g_assert_error (error, CF_CERTS_EXPORT_ERROR, CF_CERTS_EXPORT_ERROR_NOT_SEALED);
}

int
main (int    argc,
      char **argv)
{
  static const char * const engines[] = { "sqlite", "postgresql" };
  int status;

  g_test_init (&argc, &argv, NULL);
  gsf_init ();

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "all-ready", test_seal_all_ready);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "repo-rollback", test_repo_rollback);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "repo-many", test_repo_many);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "test-stage", test_test_stage);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "cancel", test_cancel);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "two-desks", test_two_desks);
      CF_TEST_ADD_ENGINE_CASE ("core/certs-seal", engines[i], "export", test_export);
    }

  status = g_test_run ();
  if (shared != NULL)
    {
      cf_test_ocsp_stop_responder (shared->responder);
      cf_test_rmdir (shared->dir);
    }
  return status;
}
