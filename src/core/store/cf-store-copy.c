/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-store-copy.c: counting, checksumming and copying a whole store, for
 * `certifica-cli store info` and `store copy` (moving an office from one
 * desk's SQLite file to a shared PostgreSQL database, or back). */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-sql-private.h"
#include "cf-store-schema.h"

static gboolean
count_one (CfSqlConn   *conn,
           const char  *sql,
           guint       *out,
           GError     **error)
{
  g_autoptr(CfSqlRows) rows = cf_sql_query (conn, sql, NULL, 0, error);

  if (rows == NULL)
    return FALSE;
  *out = (guint) cf_sql_rows_int (rows, 0, 0);
  return TRUE;
}

static gboolean
count_tx (CfSqlConn  *conn,
          gint64      stamp,
          gpointer    data,
          GError    **error)
{
  CfStoreCounts *counts = data;

  return count_one (conn, "SELECT count(*) FROM signers", &counts->signers, error) &&
         count_one (conn, "SELECT count(*) FROM plan_plan", &counts->plans, error) &&
         count_one (conn, "SELECT count(*) FROM plan_subject", &counts->subjects, error) &&
         count_one (conn, "SELECT count(*) FROM audit_log", &counts->audit_entries, error);
}

gboolean
cf_store_count (CfStore        *self,
                CfStoreCounts  *counts,
                GError        **error)
{
  g_return_val_if_fail (CF_IS_STORE (self), FALSE);
  memset (counts, 0, sizeof *counts);
  return cf_store_read (self, count_tx, counts, error);
}

/* ---- Checksums ---- */

static char *
select_sql (const CfStoreTable *table)
{
  return g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", table->columns, table->name, table->order_by);
}

/* Each cell as text (blobs in hex), NULL distinct from "", rows in key
 * order: equal sums mean equal tables on either engine. */
static void
sum_rows (GChecksum  *sum,
          CfSqlRows  *rows,
          guint64     blobs)
{
  for (guint r = 0; r < rows->n_rows; r++)
    for (guint c = 0; c < rows->n_columns; c++)
      {
        GBytes *cell = cf_sql_rows_bytes (rows, r, c);

        if (cell == NULL)
          g_checksum_update (sum, (const guchar *) "\x01N", 2);
        else if (blobs & (G_GUINT64_CONSTANT (1) << c))
          {
            gsize len;
            const guchar *data = g_bytes_get_data (cell, &len);
            g_autofree char *hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);

            g_checksum_update (sum, (const guchar *) "\x01B", 2);
            g_checksum_update (sum, (const guchar *) hex, -1);
          }
        else
          {
            g_checksum_update (sum, (const guchar *) "\x01T", 2);
            g_checksum_update (sum, g_bytes_get_data (cell, NULL), -1);
          }
      }
}

/* Bit c set: column c is binary. */
static guint64
blob_mask (const CfStoreTable *table)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) blobs = NULL;
  guint64 mask = 0;

  if (table->blob_columns == NULL)
    return 0;
  names = g_strsplit (table->columns, ",", -1);
  blobs = g_strsplit (table->blob_columns, ",", -1);
  for (guint b = 0; blobs[b] != NULL; b++)
    for (guint i = 0; names[i] != NULL && i < 64; i++)
      if (g_str_equal (g_strstrip (names[i]), g_strstrip (blobs[b])))
        mask |= G_GUINT64_CONSTANT (1) << i;
  return mask;
}

static guint
n_columns (const CfStoreTable *table)
{
  g_auto(GStrv) names = g_strsplit (table->columns, ",", -1);

  return g_strv_length (names);
}

static gboolean
checksum_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    data,
             GError    **error)
{
  GString *out = data;
  guint n_tables;
  const CfStoreTable *tables = _cf_store_schema_tables (&n_tables);

  g_string_truncate (out, 0);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autofree char *sql = select_sql (&tables[t]);
      g_autoptr(CfSqlRows) rows = cf_sql_query (conn, sql, NULL, 0, error);
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

      if (rows == NULL)
        return FALSE;
      sum_rows (sum, rows, blob_mask (&tables[t]));
      g_string_append_printf (out, "%s\t%u\t%s\n", tables[t].name, rows->n_rows,
                              g_checksum_get_string (sum));
    }
  return TRUE;
}

char *
cf_store_checksum (CfStore  *self,
                   GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (CF_IS_STORE (self), NULL);
  if (!cf_store_read (self, checksum_tx, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Copy ---- */

typedef struct
{
  CfStore *source;
} CopyData;

static gboolean
target_is_empty (CfSqlConn  *conn,
                 GError    **error)
{
  guint n_tables;
  const CfStoreTable *tables = _cf_store_schema_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      g_autofree char *sql = NULL;
      guint n = 0;

      /* cf_clock always has its one row; plan_institution may hold the empty one. */
      if (g_str_equal (tables[t].name, "cf_clock"))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[t].name);
      if (!count_one (conn, sql, &n, error))
        return FALSE;
      if (n > 0)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_EMPTY,
                       _("The target store already holds data (table %s). Copy only into a new, "
                         "empty store, so nothing there is overwritten."), tables[t].name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
copy_tx (CfSqlConn  *target,
         gint64      stamp,
         gpointer    data,
         GError    **error)
{
  CopyData *copy = data;
  CfSqlConn *source = cf_store_get_conn (copy->source, error);
  guint n_tables;
  const CfStoreTable *tables = _cf_store_schema_tables (&n_tables);

  if (source == NULL || !target_is_empty (target, error))
    return FALSE;

  for (guint t = 0; t < n_tables; t++)
    {
      g_autofree char *select = select_sql (&tables[t]);
      g_autoptr(GString) insert = g_string_new (NULL);
      g_autoptr(CfSqlRows) rows = NULL;
      guint n = n_columns (&tables[t]);
      guint64 blobs = blob_mask (&tables[t]);
      g_autofree CfSqlValue *params = g_new0 (CfSqlValue, n);

      /* Read in the source's own read transaction would need a second
       * connection's transaction; a store being copied is not in use. */
      rows = cf_sql_query (source, select, NULL, 0, error);
      if (rows == NULL)
        return FALSE;

      if (g_str_equal (tables[t].name, "cf_clock"))
        {
          /* The target's counter starts past the source's. */
          if (rows->n_rows > 0 &&
              !cf_sql_run (target, "UPDATE cf_clock SET stamp = ? WHERE id = 1",
                           CF_SQL_PARAMS (CF_SQL_INT_V (cf_sql_rows_int (rows, 0, 1) + 1)), NULL, error))
            return FALSE;
          continue;
        }

      g_string_append_printf (insert, "INSERT INTO %s (%s) VALUES (", tables[t].name, tables[t].columns);
      for (guint c = 0; c < n; c++)
        g_string_append (insert, c == 0 ? "?" : ", ?");
      g_string_append (insert, ")");

      for (guint r = 0; r < rows->n_rows; r++)
        {
          for (guint c = 0; c < n; c++)
            {
              GBytes *cell = cf_sql_rows_bytes (rows, r, c);

              if (cell == NULL)
                params[c] = (CfSqlValue) { .type = CF_SQL_NULL };
              else if (blobs & (G_GUINT64_CONSTANT (1) << c))
                {
                  gsize len;
                  gconstpointer bytes = g_bytes_get_data (cell, &len);

                  params[c] = CF_SQL_BLOB_V (bytes, len);
                }
              else
                params[c] = CF_SQL_TEXT_V ((const char *) g_bytes_get_data (cell, NULL));
            }
          if (!cf_sql_run (target, insert->str, params, n, NULL, error))
            return FALSE;
        }

      if (tables[t].has_id && !target->driver->reset_ids (target, tables[t].name, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cf_store_copy_to (CfStore  *self,
                  CfStore  *target,
                  GString  *report,
                  GError  **error)
{
  CopyData data = { self };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) lines_before = NULL;
  g_auto(GStrv) lines_after = NULL;
  gboolean same = TRUE;

  g_return_val_if_fail (CF_IS_STORE (self) && CF_IS_STORE (target), FALSE);

  if (!cf_store_write (target, copy_tx, &data, error))
    return FALSE;

  before = cf_store_checksum (self, error);
  if (before == NULL)
    return FALSE;
  after = cf_store_checksum (target, error);
  if (after == NULL)
    return FALSE;

  lines_before = g_strsplit (before, "\n", -1);
  lines_after = g_strsplit (after, "\n", -1);
  for (guint i = 0; lines_before[i] != NULL && lines_before[i][0] != '\0'; i++)
    {
      g_auto(GStrv) a = g_strsplit (lines_before[i], "\t", 3);
      g_auto(GStrv) b = lines_after[i] != NULL ? g_strsplit (lines_after[i], "\t", 3) : NULL;
      gboolean equal;

      /* The change counter differs on purpose (the target's is ahead). */
      if (g_str_equal (a[0], "cf_clock"))
        continue;
      equal = b != NULL && g_strv_length (b) == 3 && g_str_equal (a[1], b[1]) && g_str_equal (a[2], b[2]);
      same = same && equal;
      if (report != NULL)
        g_string_append_printf (report, "%s\t%s\t%s\n", a[0], a[1], equal ? "ok" : "DIFFERENT");
    }

  if (!same)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("The copy does not match the original store: a table's rows or checksum "
                             "differ. Do not use the copy; the original is unchanged."));
      return FALSE;
    }
  return TRUE;
}
