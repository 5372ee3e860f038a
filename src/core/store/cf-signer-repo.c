/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-repo.c: signers' certificates, with the bitácora. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-signer-repo.h"
#include "cf-audit-private.h"

void _cf_store_emit_signers_changed (CfStore *self);

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("");
  return g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
}

static CfCertificate *
certificate_from_cell (GBytes  *der,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  CfCertificate *certificate;

  if (der == NULL)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                           _("A signer's certificate in Certifica's data is missing."));
      return NULL;
    }
  certificate = cf_certificate_new_from_bytes (der, &local_error);
  if (certificate == NULL)
    g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CORRUPT,
                 _("A signer's certificate in Certifica's data is damaged: %s"),
                 local_error->message);
  return certificate;
}

static gboolean
add_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  CfCertificate *certificate = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *not_before = format_date (cf_certificate_get_not_before (certificate));
  g_autofree char *not_after = format_date (cf_certificate_get_not_after (certificate));
  g_autofree char *added_at = format_date (now);
  GBytes *der = cf_certificate_get_der (certificate);
  const char *number = cf_certificate_get_number (certificate);
  g_autoptr(GError) local_error = NULL;
  gsize der_len;
  gconstpointer der_data = g_bytes_get_data (der, &der_len);

  if (!cf_sql_run (conn,
                   "INSERT INTO signers (certificate_number, rfc, curp, name, not_before,"
                   " not_after, kind, der, added_at, row_version)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (number),
                                  CF_SQL_TEXT_V (cf_certificate_get_rfc (certificate)),
                                  CF_SQL_TEXT_V (cf_certificate_get_curp (certificate)),
                                  CF_SQL_TEXT_V (cf_certificate_get_name (certificate)),
                                  CF_SQL_TEXT_V (not_before),
                                  CF_SQL_TEXT_V (not_after),
                                  CF_SQL_TEXT_V (cf_efirma_kind_to_string (cf_certificate_get_kind (certificate))),
                                  CF_SQL_BLOB_V (der_data, der_len),
                                  CF_SQL_TEXT_V (added_at),
                                  CF_SQL_INT_V (stamp)),
                   NULL, &local_error))
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS))
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS,
                     _("The signer with certificate %s is already in the list."), number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return _cf_audit_record (conn, "add", "signer", number, NULL, NULL,
                           cf_certificate_get_name (certificate), error);
}

gboolean
cf_signer_repo_add (CfStore        *store,
                    CfCertificate  *certificate,
                    GError        **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_store_write (store, add_tx, certificate, error))
    return FALSE;
  _cf_store_emit_signers_changed (store);
  return TRUE;
}

static gboolean
remove_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    data,
           GError    **error)
{
  const char *number = data;
  g_autoptr(CfSqlRows) rows = NULL;

  rows = cf_sql_query (conn, "DELETE FROM signers WHERE certificate_number = ? RETURNING name",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (number)), error);
  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no signer with certificate %s."), number);
      return FALSE;
    }
  return _cf_audit_record (conn, "remove", "signer", number, NULL,
                           cf_sql_rows_text (rows, 0, 0), NULL, error);
}

gboolean
cf_signer_repo_remove (CfStore     *store,
                       const char  *certificate_number,
                       GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (certificate_number != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_store_write (store, remove_tx, (gpointer) certificate_number, error))
    return FALSE;
  _cf_store_emit_signers_changed (store);
  return TRUE;
}

GPtrArray *
cf_signer_repo_list (CfStore  *store,
                     GError  **error)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT der FROM signers ORDER BY lower(name), certificate_number",
                       NULL, 0, error);
  if (rows == NULL)
    return NULL;

  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfCertificate *certificate = certificate_from_cell (cf_sql_rows_bytes (rows, r, 0), error);

      if (certificate == NULL)
        return NULL;
      g_ptr_array_add (signers, certificate);
    }
  return g_steal_pointer (&signers);
}

CfCertificate *
cf_signer_repo_get (CfStore     *store,
                    const char  *certificate_number,
                    GError     **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (certificate_number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT der FROM signers WHERE certificate_number = ?",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (certificate_number)), error);
  if (rows == NULL)
    return NULL;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no signer with certificate %s."), certificate_number);
      return NULL;
    }
  return certificate_from_cell (cf_sql_rows_bytes (rows, 0, 0), error);
}
