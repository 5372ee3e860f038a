/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-seal-repo.c: folios and sealed certificates in the store. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cert-seal-repo.h"
#include "cf-incorporation-repo-private.h"
#include "cf-sql-private.h"

typedef struct
{
  CfCertSealItem          *items;
  guint                    n_items;
  CfStoreEngine            engine;
  CfCertSealFunc           func;
  guint                    n_sealed;   /* this try's */
} SealData;

void
cf_cert_seal_repo_set_no_test_folio_error (GError **error)
{
  g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NO_TEST_FOLIO,
                       _("No test folio is left: in the test stage each certificate takes one of "
                         "SEP’s test folios, and every one was used three times. Add the test folios "
                         "SEP sent (Incorporation, Test stage, or “certifica-cli incorporation folios "
                         "add”), then seal again."));
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Steps 1–4 for one certificate, inside the open transaction; @out_folio
 * gets the folio drawn. */
static gboolean
seal_item (CfSqlConn                *conn,
           gint64                    stamp,
           CfStoreEngine             engine,
           const CfCertSealRequest  *request,
           CfCertSealFunc            func,
           gpointer                  user_data,
           const char               *at,
           char                    **out_folio,
           GError                  **error)
{
  g_autoptr(CfSqlRows) current = NULL;
  g_autoptr(CfSqlRows) folio = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *folio_control = NULL;
  gconstpointer xml_data, pdf_data = NULL;
  gsize xml_len, pdf_len = 0;
  gint64 changes = 0;

  /* 1. Still listo, unchanged, and nobody else sealing it. On PostgreSQL
   * the row stays locked until commit; a row another desk holds is
   * skipped, not waited for. SQLite's write transaction is the whole
   * file's lock already. */
  current = cf_sql_query (conn,
                          engine == CF_STORE_ENGINE_POSTGRESQL
                          ? "SELECT status, row_version FROM certificate WHERE id = ? FOR UPDATE SKIP LOCKED"
                          : "SELECT status, row_version FROM certificate WHERE id = ?",
                          CF_SQL_PARAMS (CF_SQL_INT_V (request->cert_id)), error);
  if (current == NULL)
    return FALSE;
  if (current->n_rows == 0)
    {
      g_autoptr(CfSqlRows) exists =
        cf_sql_query (conn, "SELECT 1 FROM certificate WHERE id = ?",
                      CF_SQL_PARAMS (CF_SQL_INT_V (request->cert_id)), error);

      if (exists == NULL)
        return FALSE;
      if (exists->n_rows == 0)
        g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                             _("This certificate is no longer in the store."));
      else
        g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                             _("This certificate is being sealed at another desk right now."));
      return FALSE;
    }
  if (g_strcmp0 (cf_sql_rows_text (current, 0, 0), "listo") != 0)
    {
      if (g_strcmp0 (cf_sql_rows_text (current, 0, 0), "sellado") == 0)
        g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                             _("This certificate was already sealed (perhaps at another desk)."));
      else
        g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                             _("This certificate is no longer ready to seal; check it again."));
      return FALSE;
    }
  if (cf_sql_rows_int (current, 0, 1) != request->row_version)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                           _("This certificate was changed after it was prepared for sealing; "
                             "seal it again."));
      return FALSE;
    }

  if (request->test_stage)
    {
      /* 2. In the test stage: the next use of one of SEP's test folios,
       * for this student and career (a certificate sealed again after
       * SEP's errors uses its folio again while it has uses left). */
      g_autoptr(CfSqlRows) who = NULL;
      g_autofree char *used_for = NULL;
      g_autoptr(GError) take_error = NULL;

      who = cf_sql_query (conn, "SELECT s.matricula, s.id_carrera FROM certificate c"
                          " JOIN student s ON s.id = c.student_id WHERE c.id = ?",
                          CF_SQL_PARAMS (CF_SQL_INT_V (request->cert_id)), error);
      if (who == NULL)
        return FALSE;
      used_for = who->n_rows > 0
                 ? g_strdup_printf ("%s/%s", cf_sql_rows_text (who, 0, 0), cf_sql_rows_text (who, 0, 1))
                 : g_strdup_printf ("%" G_GINT64_FORMAT, request->cert_id);
      if (!_cf_incorporation_repo_take_folio_in (conn, stamp, used_for, &folio_control, NULL, &take_error))
        {
          if (g_error_matches (take_error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
            cf_cert_seal_repo_set_no_test_folio_error (error);
          else
            g_propagate_error (error, g_steal_pointer (&take_error));
          return FALSE;
        }
    }
  else
    {
      /* 2. The next folio, drawn and moved on in one statement: no row yet
       * means this is the first (1, leaving 2). */
      folio = cf_sql_query (conn,
                            "INSERT INTO folio_sequence (id, next_folio, row_version) VALUES (1, 2, ?)"
                            " ON CONFLICT (id) DO UPDATE SET next_folio = folio_sequence.next_folio + 1,"
                            " row_version = excluded.row_version"
                            " RETURNING next_folio - 1",
                            CF_SQL_PARAMS (CF_SQL_INT_V (stamp)), error);
      if (folio == NULL)
        return FALSE;
      if (folio->n_rows != 1)
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                               _("Certifica's data is damaged (the folio sequence gave no number)."));
          return FALSE;
        }
      folio_control = g_strdup_printf ("%" G_GINT64_FORMAT, cf_sql_rows_int (folio, 0, 0));
    }

  /* 3. The document with its folio, as bytes, checked by the caller. */
  xml = func (request->cert_id, folio_control, user_data, error);
  if (xml == NULL)
    return FALSE;
  xml_data = g_bytes_get_data (xml, &xml_len);
  if (request->pdf != NULL)
    pdf_data = g_bytes_get_data (request->pdf, &pdf_len);

  /* 4. All of it in one row, still on the condition of step 1. */
  if (!cf_sql_run (conn,
                   "UPDATE certificate SET status = 'sellado', status_at = ?, status_by = ?,"
                   " folio_control = ?, signer = ?, portal = ?, xml = ?, pdf = ?, row_version = ?"
                   " WHERE id = ? AND status = 'listo' AND row_version = ?",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                  CF_SQL_TEXT_V (folio_control), CF_SQL_TEXT_V (request->signer),
                                  CF_SQL_TEXT_V (request->test_stage ? "pruebas" : "produccion"),
                                  CF_SQL_BLOB_V (xml_data, xml_len),
                                  request->pdf != NULL ? CF_SQL_BLOB_V (pdf_data, pdf_len)
                                                       : (CfSqlValue) { .type = CF_SQL_NULL },
                                  CF_SQL_INT_V (stamp), CF_SQL_INT_V (request->cert_id),
                                  CF_SQL_INT_V (request->row_version)),
                   &changes, error))
    return FALSE;
  if (changes != 1)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                           _("This certificate was changed after it was prepared for sealing; "
                             "seal it again."));
      return FALSE;
    }

  detail = g_strdup_printf ("folio %s%s, e.firma %s", folio_control,
                            request->test_stage ? " (pruebas)" : "", request->signer);
  if (!cf_sql_run (conn,
                   "INSERT INTO certificate_event (certificate_id, at, os_user, from_status, to_status, detail)"
                   " VALUES (?, ?, ?, 'listo', 'sellado', ?)",
                   CF_SQL_PARAMS (CF_SQL_INT_V (request->cert_id), CF_SQL_TEXT_V (at),
                                  CF_SQL_TEXT_V (g_get_user_name ()), CF_SQL_TEXT_V (detail)),
                   NULL, error))
    return FALSE;
  *out_folio = g_steal_pointer (&folio_control);
  return TRUE;
}

/* This certificate's refusal, not the store's: the others of the
 * transaction go on (also those before it when the test folios ran out:
 * they keep theirs). */
static gboolean
is_own_refusal (const GError *error)
{
  return error->domain != CF_STORE_ERROR ||
         error->code == CF_STORE_ERROR_CONFLICT ||
         error->code == CF_STORE_ERROR_NOT_FOUND ||
         error->code == CF_STORE_ERROR_NO_TEST_FOLIO;
}

static gboolean
seal_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  SealData *data = user_data;
  g_autofree char *at = now_utc ();
  gboolean savepoints = data->n_items > 1;

  data->n_sealed = 0;
  for (guint i = 0; i < data->n_items; i++)
    {
      g_clear_pointer (&data->items[i].folio_control, g_free);
      g_clear_error (&data->items[i].error);
    }

  for (guint i = 0; i < data->n_items; i++)
    {
      CfCertSealItem *item = &data->items[i];
      GError *item_error = NULL;

      /* Each certificate inside its own savepoint: one refused leaves the
       * others of the transaction as they are. */
      if (savepoints && !cf_sql_exec (conn, "SAVEPOINT cf_seal", error))
        return FALSE;
      if (seal_item (conn, stamp, data->engine, &item->request, data->func, item->user_data, at,
                     &item->folio_control, &item_error))
        {
          data->n_sealed++;
          if (savepoints && !cf_sql_exec (conn, "RELEASE SAVEPOINT cf_seal", error))
            return FALSE;
          continue;
        }
      if (!savepoints || !is_own_refusal (item_error))
        {
          g_propagate_error (error, item_error);
          return FALSE;
        }
      item->error = item_error;
      if (!cf_sql_exec (conn, "ROLLBACK TO SAVEPOINT cf_seal", error) ||
          !cf_sql_exec (conn, "RELEASE SAVEPOINT cf_seal", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_cert_seal_repo_seal_many (CfStore        *store,
                             CfCertSealItem *items,
                             guint           n_items,
                             CfCertSealFunc  func,
                             guint          *out_n_sealed,
                             GError        **error)
{
  SealData data = { 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_n_sealed != NULL)
    *out_n_sealed = 0;
  if (n_items == 0)
    return TRUE;
  for (guint i = 0; i < n_items; i++)
    g_return_val_if_fail (items[i].request.signer != NULL, FALSE);

  data.items = items;
  data.n_items = n_items;
  data.engine = cf_store_get_engine (store);
  data.func = func;
  if (!cf_store_write (store, seal_tx, &data, error))
    {
      for (guint i = 0; i < n_items; i++)
        {
          g_clear_pointer (&items[i].folio_control, g_free);
          g_clear_error (&items[i].error);
        }
      return FALSE;
    }
  if (out_n_sealed != NULL)
    *out_n_sealed = data.n_sealed;
  return TRUE;
}

gboolean
cf_cert_seal_repo_seal (CfStore                 *store,
                        const CfCertSealRequest *request,
                        CfCertSealFunc           func,
                        gpointer                 user_data,
                        char                   **out_folio,
                        GError                 **error)
{
  CfCertSealItem item = { .user_data = user_data };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (request->signer != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  item.request = *request;
  if (!cf_cert_seal_repo_seal_many (store, &item, 1, func, NULL, error))
    return FALSE;
  if (out_folio != NULL)
    *out_folio = g_steal_pointer (&item.folio_control);
  g_free (item.folio_control);
  return TRUE;
}

typedef struct
{
  gint64  cert_id;
  GBytes *pdf;
} PdfData;

static gboolean
pdf_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    user_data,
        GError    **error)
{
  PdfData *data = user_data;
  gsize len;
  gconstpointer bytes = g_bytes_get_data (data->pdf, &len);
  gint64 changes = 0;

  if (!cf_sql_run (conn,
                   "UPDATE certificate SET pdf = ?, row_version = ?"
                   " WHERE id = ? AND xml IS NOT NULL AND status NOT IN ('borrador', 'listo')",
                   CF_SQL_PARAMS (CF_SQL_BLOB_V (bytes, len), CF_SQL_INT_V (stamp),
                                  CF_SQL_INT_V (data->cert_id)),
                   &changes, error))
    return FALSE;
  if (changes != 1)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("Only a sealed certificate keeps its PDF in the store."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cf_cert_seal_repo_set_pdf (CfStore  *store,
                           gint64    cert_id,
                           GBytes   *pdf,
                           GError  **error)
{
  PdfData data = { cert_id, pdf };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, pdf_tx, &data, error);
}

typedef struct
{
  const char *sql;
  GArray     *ids;
} IdsData;

static gboolean
ids_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    user_data,
        GError    **error)
{
  IdsData *data = user_data;
  g_autoptr(CfSqlRows) rows = cf_sql_query (conn, data->sql, NULL, 0, error);

  if (rows == NULL)
    return FALSE;
  g_array_set_size (data->ids, 0);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      gint64 id = cf_sql_rows_int (rows, r, 0);

      g_array_append_val (data->ids, id);
    }
  return TRUE;
}

static GArray *
list_ids (CfStore     *store,
          const char  *sql,
          GError     **error)
{
  IdsData data = { sql, g_array_new (FALSE, FALSE, sizeof (gint64)) };

  if (!cf_store_read (store, ids_tx, &data, error))
    {
      g_array_unref (data.ids);
      return NULL;
    }
  return data.ids;
}

GArray *
cf_cert_seal_repo_list_ready (CfStore  *store,
                              GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  return list_ids (store,
                   "SELECT c.id FROM certificate c JOIN student s ON s.id = c.student_id"
                   " WHERE c.status = 'listo' ORDER BY s.matricula, s.id_carrera, c.id",
                   error);
}

GArray *
cf_cert_seal_repo_list_without_pdf (CfStore  *store,
                                    GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  return list_ids (store,
                   "SELECT id FROM certificate WHERE xml IS NOT NULL AND pdf IS NULL"
                   " AND status NOT IN ('borrador', 'listo') ORDER BY id",
                   error);
}

static gboolean
peek_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  gint64 *next = user_data;
  g_autoptr(CfSqlRows) rows = cf_sql_query (conn, "SELECT next_folio FROM folio_sequence WHERE id = 1",
                                            NULL, 0, error);

  if (rows == NULL)
    return FALSE;
  *next = rows->n_rows > 0 ? cf_sql_rows_int (rows, 0, 0) : 1;
  return TRUE;
}

gboolean
cf_cert_seal_repo_peek_next_folio (CfStore  *store,
                                   gint64   *out_next,
                                   GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_next != NULL, FALSE);
  return cf_store_read (store, peek_tx, out_next, error);
}
