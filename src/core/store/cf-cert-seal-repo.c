/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-seal-repo.c: folios and sealed certificates in the store. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cert-seal-repo.h"
#include "cf-sql-private.h"

typedef struct
{
  const CfCertSealRequest *request;
  CfStoreEngine            engine;
  CfCertSealFunc           func;
  gpointer                 user_data;
  char                    *folio;      /* this try's */
} SealData;

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
seal_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  SealData *data = user_data;
  const CfCertSealRequest *request = data->request;
  g_autoptr(CfSqlRows) current = NULL;
  g_autoptr(CfSqlRows) folio = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autofree char *at = NULL;
  g_autofree char *detail = NULL;
  gconstpointer xml_data, pdf_data = NULL;
  gsize xml_len, pdf_len = 0;
  gint64 changes = 0;

  g_clear_pointer (&data->folio, g_free);

  /* 1. Still listo, unchanged, and nobody else sealing it. On PostgreSQL
   * the row stays locked until commit; a row another desk holds is
   * skipped, not waited for. SQLite's write transaction is the whole
   * file's lock already. */
  current = cf_sql_query (conn,
                          data->engine == CF_STORE_ENGINE_POSTGRESQL
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
  data->folio = g_strdup_printf ("%" G_GINT64_FORMAT, cf_sql_rows_int (folio, 0, 0));

  /* 3. The document with its folio, as bytes, checked by the caller. */
  xml = data->func (request->cert_id, data->folio, data->user_data, error);
  if (xml == NULL)
    return FALSE;
  xml_data = g_bytes_get_data (xml, &xml_len);
  if (request->pdf != NULL)
    pdf_data = g_bytes_get_data (request->pdf, &pdf_len);

  /* 4. All of it in one row, still on the condition of step 1. */
  at = now_utc ();
  if (!cf_sql_run (conn,
                   "UPDATE certificate SET status = 'sellado', status_at = ?, status_by = ?,"
                   " folio_control = ?, signer = ?, xml = ?, pdf = ?, row_version = ?"
                   " WHERE id = ? AND status = 'listo' AND row_version = ?",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                  CF_SQL_TEXT_V (data->folio), CF_SQL_TEXT_V (request->signer),
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

  detail = g_strdup_printf ("folio %s, e.firma %s", data->folio, request->signer);
  return cf_sql_run (conn,
                     "INSERT INTO certificate_event (certificate_id, at, os_user, from_status, to_status, detail)"
                     " VALUES (?, ?, ?, 'listo', 'sellado', ?)",
                     CF_SQL_PARAMS (CF_SQL_INT_V (request->cert_id), CF_SQL_TEXT_V (at),
                                    CF_SQL_TEXT_V (g_get_user_name ()), CF_SQL_TEXT_V (detail)),
                     NULL, error);
}

gboolean
cf_cert_seal_repo_seal (CfStore                 *store,
                        const CfCertSealRequest *request,
                        CfCertSealFunc           func,
                        gpointer                 user_data,
                        char                   **out_folio,
                        GError                 **error)
{
  SealData data = { 0 };
  gboolean ok;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (request->signer != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data.request = request;
  data.engine = cf_store_get_engine (store);
  data.func = func;
  data.user_data = user_data;
  ok = cf_store_write (store, seal_tx, &data, error);
  if (ok && out_folio != NULL)
    *out_folio = g_steal_pointer (&data.folio);
  g_free (data.folio);
  return ok;
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
