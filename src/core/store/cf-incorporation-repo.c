/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-incorporation-repo.c: test folios, their uses and the incorporation's
 * values in the store. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-incorporation-repo.h"
#include "cf-incorporation-repo-private.h"
#include "cf-audit-private.h"

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static void
use_free (gpointer data)
{
  CfTestFolioUse *use = data;

  g_free (use->used_for);
  g_free (use->used_at);
  g_free (use->result);
  g_free (use);
}

void
cf_test_folio_free (CfTestFolio *folio)
{
  if (folio == NULL)
    return;
  g_free (folio->folio);
  g_free (folio->added_at);
  g_clear_pointer (&folio->use_list, g_ptr_array_unref);
  g_free (folio);
}

/* ---- Adding folios ---- */

typedef struct
{
  const char * const *folios;
  guint               n_added;
} AddCall;

static gboolean
add_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  AddCall *call = data;
  g_autofree char *at = now_utc ();

  call->n_added = 0;
  for (guint i = 0; call->folios[i] != NULL; i++)
    {
      g_autofree char *folio = g_strstrip (g_strdup (call->folios[i]));
      gint64 changes = 0;

      if (!cf_sql_run (conn, "INSERT INTO test_folio (folio, added_at, uses, row_version) VALUES (?, ?, 0, ?)"
                       " ON CONFLICT (folio) DO NOTHING",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (folio), CF_SQL_TEXT_V (at), CF_SQL_INT_V (stamp)),
                       &changes, error))
        return FALSE;
      if (changes > 0)
        {
          call->n_added++;
          if (!_cf_audit_record (conn, "add", "test_folio", folio, NULL, NULL, NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
cf_incorporation_repo_add_folios (CfStore             *store,
                                  const char * const  *folios,
                                  guint               *n_added,
                                  GError             **error)
{
  AddCall call = { folios, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (folios != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; folios[i] != NULL; i++)
    {
      g_autofree char *folio = g_strstrip (g_strdup (folios[i]));

      if (*folio == '\0')
        {
          g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED, _("A test folio cannot be empty."));
          return FALSE;
        }
    }
  if (!cf_store_write (store, add_tx, &call, error))
    return FALSE;
  if (n_added != NULL)
    *n_added = call.n_added;
  return TRUE;
}

/* ---- Using one ---- */

typedef struct
{
  const char *folio;
  const char *used_for;
  const char *result;
  guint       number;
} UseCall;

static gboolean
use_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  UseCall *call = data;
  g_autoptr(CfSqlRows) taken = NULL;
  g_autofree char *at = now_utc ();
  g_autofree char *number_text = NULL;

  /* The check and the count in one statement: a fourth use is never
   * taken, whatever other desks do at the same moment. */
  taken = cf_sql_query (conn, "UPDATE test_folio SET uses = uses + 1, row_version = ?"
                        " WHERE folio = ? AND uses < ? RETURNING uses",
                        CF_SQL_PARAMS (CF_SQL_INT_V (stamp), CF_SQL_TEXT_V (call->folio),
                                       CF_SQL_INT_V (CF_TEST_FOLIO_MAX_USES)), error);
  if (taken == NULL)
    return FALSE;
  if (taken->n_rows == 0)
    {
      g_autoptr(CfSqlRows) exists = cf_sql_query (conn, "SELECT uses FROM test_folio WHERE folio = ?",
                                                  CF_SQL_PARAMS (CF_SQL_TEXT_V (call->folio)), error);

      if (exists == NULL)
        return FALSE;
      if (exists->n_rows == 0)
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                     _("“%s” is not one of the test folios SEP sent. Add it first."), call->folio);
      else
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The test folio “%s” was already used %d time, the most SEP allows. "
                                  "Use another test folio.",
                                  "The test folio “%s” was already used %d times, the most SEP allows. "
                                  "Use another test folio.", CF_TEST_FOLIO_MAX_USES),
                     call->folio, CF_TEST_FOLIO_MAX_USES);
      return FALSE;
    }
  call->number = (guint) cf_sql_rows_int (taken, 0, 0);
  if (!cf_sql_run (conn, "INSERT INTO test_folio_use (folio, use_number, used_for, used_at, result, row_version)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (call->folio), CF_SQL_INT_V (call->number),
                                  CF_SQL_TEXT_V (call->used_for != NULL ? call->used_for : ""), CF_SQL_TEXT_V (at),
                                  CF_SQL_TEXT_V (call->result != NULL ? call->result : ""), CF_SQL_INT_V (stamp)),
                   NULL, error))
    return FALSE;
  number_text = g_strdup_printf ("%u", call->number);
  return _cf_audit_record (conn, "use", "test_folio", call->folio, "uses", NULL, number_text, error);
}

gboolean
cf_incorporation_repo_use_folio (CfStore     *store,
                                 const char  *folio,
                                 const char  *used_for,
                                 const char  *result,
                                 guint       *number,
                                 GError     **error)
{
  UseCall call = { folio, used_for, result, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (folio != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_store_write (store, use_tx, &call, error))
    return FALSE;
  if (number != NULL)
    *number = call.number;
  return TRUE;
}

typedef struct
{
  const char *used_for;
  char       *folio;
  guint       number;
} TakeCall;

gboolean
_cf_incorporation_repo_take_folio_in (CfSqlConn   *conn,
                                      gint64       stamp,
                                      const char  *used_for,
                                      char       **folio,
                                      guint       *number,
                                      GError     **error)
{
  g_autoptr(CfSqlRows) taken = NULL;
  g_autofree char *at = now_utc ();
  g_autofree char *number_text = NULL;
  g_autofree char *taken_folio = NULL;
  guint taken_number;

  /* The folio this certificate used last, while it has uses left… */
  taken = cf_sql_query (conn, "UPDATE test_folio SET uses = uses + 1, row_version = ?"
                        " WHERE folio = (SELECT folio FROM test_folio_use WHERE used_for = ?"
                        "                ORDER BY id DESC LIMIT 1) AND uses < ? RETURNING folio, uses",
                        CF_SQL_PARAMS (CF_SQL_INT_V (stamp), CF_SQL_TEXT_V (used_for),
                                       CF_SQL_INT_V (CF_TEST_FOLIO_MAX_USES)), error);
  if (taken == NULL)
    return FALSE;
  if (taken->n_rows == 0)
    {
      /* …else one never used. Two desks picking the same one: the second
       * UPDATE finds uses > 0 and takes nothing (SQLite: one writer at a
       * time; PostgreSQL: a serialization failure, and the store tries
       * the whole transaction again). */
      g_clear_pointer (&taken, cf_sql_rows_free);
      taken = cf_sql_query (conn, "UPDATE test_folio SET uses = 1, row_version = ?"
                            " WHERE folio = (SELECT folio FROM test_folio WHERE uses = 0"
                            "                ORDER BY added_at, folio LIMIT 1) AND uses = 0 RETURNING folio, uses",
                            CF_SQL_PARAMS (CF_SQL_INT_V (stamp)), error);
      if (taken == NULL)
        return FALSE;
    }
  if (taken->n_rows == 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                           _("No test folio is left: every one was used. Add the ones SEP sent, or ask SEP "
                             "for more."));
      return FALSE;
    }
  taken_folio = g_strdup (cf_sql_rows_text (taken, 0, 0));
  taken_number = (guint) cf_sql_rows_int (taken, 0, 1);
  if (!cf_sql_run (conn, "INSERT INTO test_folio_use (folio, use_number, used_for, used_at, result, row_version)"
                   " VALUES (?, ?, ?, ?, '', ?)",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (taken_folio), CF_SQL_INT_V (taken_number),
                                  CF_SQL_TEXT_V (used_for), CF_SQL_TEXT_V (at), CF_SQL_INT_V (stamp)),
                   NULL, error))
    return FALSE;
  number_text = g_strdup_printf ("%u", taken_number);
  if (!_cf_audit_record (conn, "use", "test_folio", taken_folio, "uses", NULL, number_text, error))
    return FALSE;
  *folio = g_steal_pointer (&taken_folio);
  if (number != NULL)
    *number = taken_number;
  return TRUE;
}

static gboolean
take_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    data,
         GError    **error)
{
  TakeCall *call = data;

  g_clear_pointer (&call->folio, g_free);
  return _cf_incorporation_repo_take_folio_in (conn, stamp, call->used_for, &call->folio, &call->number, error);
}

gboolean
cf_incorporation_repo_take_folio (CfStore     *store,
                                  const char  *used_for,
                                  char       **folio,
                                  guint       *number,
                                  GError     **error)
{
  TakeCall call = { used_for, NULL, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (used_for != NULL && *used_for != '\0', FALSE);
  g_return_val_if_fail (folio != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_store_write (store, take_tx, &call, error))
    {
      g_free (call.folio);
      return FALSE;
    }
  *folio = call.folio;
  if (number != NULL)
    *number = call.number;
  return TRUE;
}

typedef struct
{
  const char *folio;
  guint       number;
  const char *result;
} ResultCall;

static gboolean
result_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    data,
           GError    **error)
{
  ResultCall *call = data;
  g_autoptr(CfSqlRows) old = NULL;
  g_autofree char *entity_id = NULL;

  old = cf_sql_query (conn, "SELECT result FROM test_folio_use WHERE folio = ? AND use_number = ?",
                      CF_SQL_PARAMS (CF_SQL_TEXT_V (call->folio), CF_SQL_INT_V (call->number)), error);
  if (old == NULL)
    return FALSE;
  if (old->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("The test folio “%s” has no use number %u."), call->folio, call->number);
      return FALSE;
    }
  if (g_strcmp0 (cf_sql_rows_text (old, 0, 0), call->result) == 0)
    return TRUE;
  if (!cf_sql_run (conn, "UPDATE test_folio_use SET result = ?, row_version = ? WHERE folio = ? AND use_number = ?",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (call->result), CF_SQL_INT_V (stamp),
                                  CF_SQL_TEXT_V (call->folio), CF_SQL_INT_V (call->number)), NULL, error))
    return FALSE;
  entity_id = g_strdup_printf ("%s/%u", call->folio, call->number);
  return _cf_audit_record (conn, "change", "test_folio", entity_id, "result",
                           cf_sql_rows_text (old, 0, 0), call->result, error);
}

gboolean
cf_incorporation_repo_set_result (CfStore     *store,
                                  const char  *folio,
                                  guint        number,
                                  const char  *result,
                                  GError     **error)
{
  ResultCall call = { folio, number, result != NULL ? result : "" };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (folio != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, result_tx, &call, error);
}

/* ---- Reading ---- */

typedef struct
{
  GPtrArray *folios;
} ListCall;

static gboolean
list_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    data,
         GError    **error)
{
  ListCall *call = data;
  g_autoptr(CfSqlRows) folios = NULL;
  g_autoptr(CfSqlRows) uses = NULL;
  g_autoptr(GHashTable) by_folio = g_hash_table_new (g_str_hash, g_str_equal);

  g_clear_pointer (&call->folios, g_ptr_array_unref);
  call->folios = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_test_folio_free);

  folios = cf_sql_query (conn, "SELECT folio, added_at, uses FROM test_folio ORDER BY added_at, folio",
                         NULL, 0, error);
  if (folios == NULL)
    return FALSE;
  for (guint i = 0; i < folios->n_rows; i++)
    {
      CfTestFolio *folio = g_new0 (CfTestFolio, 1);

      folio->folio = g_strdup (cf_sql_rows_text (folios, i, 0));
      folio->added_at = g_strdup (cf_sql_rows_text (folios, i, 1));
      folio->uses = (guint) cf_sql_rows_int (folios, i, 2);
      folio->use_list = g_ptr_array_new_with_free_func (use_free);
      g_ptr_array_add (call->folios, folio);
      g_hash_table_insert (by_folio, folio->folio, folio);
    }

  uses = cf_sql_query (conn, "SELECT folio, use_number, used_for, used_at, result FROM test_folio_use"
                       " ORDER BY folio, use_number", NULL, 0, error);
  if (uses == NULL)
    return FALSE;
  for (guint i = 0; i < uses->n_rows; i++)
    {
      CfTestFolio *folio = g_hash_table_lookup (by_folio, cf_sql_rows_text (uses, i, 0));
      CfTestFolioUse *use;

      if (folio == NULL)
        continue;
      use = g_new0 (CfTestFolioUse, 1);
      use->number = (guint) cf_sql_rows_int (uses, i, 1);
      use->used_for = g_strdup (cf_sql_rows_text (uses, i, 2));
      use->used_at = g_strdup (cf_sql_rows_text (uses, i, 3));
      use->result = g_strdup (cf_sql_rows_text (uses, i, 4));
      g_ptr_array_add (folio->use_list, use);
    }
  return TRUE;
}

GPtrArray *
cf_incorporation_repo_list_folios (CfStore  *store,
                                   GError  **error)
{
  ListCall call = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, list_tx, &call, error))
    {
      g_clear_pointer (&call.folios, g_ptr_array_unref);
      return NULL;
    }
  return call.folios;
}

typedef struct
{
  guint n_folios;
  guint n_satisfactory;
} CountCall;

static gboolean
count_tx (CfSqlConn  *conn,
          gint64      stamp,
          gpointer    data,
          GError    **error)
{
  CountCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;

  rows = cf_sql_query (conn, "SELECT (SELECT COUNT(*) FROM test_folio),"
                       " (SELECT COUNT(DISTINCT used_for) FROM test_folio_use WHERE result = ?)",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (CF_TEST_FOLIO_SATISFACTORY)), error);
  if (rows == NULL)
    return FALSE;
  call->n_folios = (guint) cf_sql_rows_int (rows, 0, 0);
  call->n_satisfactory = (guint) cf_sql_rows_int (rows, 0, 1);
  return TRUE;
}

gboolean
cf_incorporation_repo_count_folios (CfStore  *store,
                                    guint    *n_folios,
                                    guint    *n_satisfactory,
                                    GError  **error)
{
  CountCall call = { 0, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  if (!cf_store_read (store, count_tx, &call, error))
    return FALSE;
  if (n_folios != NULL)
    *n_folios = call.n_folios;
  if (n_satisfactory != NULL)
    *n_satisfactory = call.n_satisfactory;
  return TRUE;
}

/* ---- Values ---- */

typedef struct
{
  GHashTable *values;
} LoadCall;

static gboolean
load_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    data,
         GError    **error)
{
  LoadCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;

  g_hash_table_remove_all (call->values);
  rows = cf_sql_query (conn, "SELECT key, value FROM incorporation", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->n_rows; i++)
    g_hash_table_insert (call->values, g_strdup (cf_sql_rows_text (rows, i, 0)),
                         g_strdup (cf_sql_rows_text (rows, i, 1)));
  return TRUE;
}

GHashTable *
cf_incorporation_repo_load_values (CfStore  *store,
                                   GError  **error)
{
  LoadCall call = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (!cf_store_read (store, load_tx, &call, error))
    {
      g_hash_table_unref (call.values);
      return NULL;
    }
  return call.values;
}

typedef struct
{
  const char *key;
  const char *value;
} ValueCall;

static gboolean
value_tx (CfSqlConn  *conn,
          gint64      stamp,
          gpointer    data,
          GError    **error)
{
  ValueCall *call = data;
  g_autoptr(CfSqlRows) old = NULL;
  const char *old_value;

  old = cf_sql_query (conn, "SELECT value FROM incorporation WHERE key = ?",
                      CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key)), error);
  if (old == NULL)
    return FALSE;
  old_value = old->n_rows > 0 ? cf_sql_rows_text (old, 0, 0) : "";
  if (g_strcmp0 (old_value, call->value) == 0)
    return TRUE;
  if (*call->value == '\0')
    {
      if (!cf_sql_run (conn, "DELETE FROM incorporation WHERE key = ?",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key)), NULL, error))
        return FALSE;
    }
  else if (!cf_sql_run (conn, "INSERT INTO incorporation (key, value, row_version) VALUES (?, ?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, row_version = excluded.row_version",
                        CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key), CF_SQL_TEXT_V (call->value),
                                       CF_SQL_INT_V (stamp)), NULL, error))
    return FALSE;
  return _cf_audit_record (conn, "change", "incorporation", call->key, call->key, old_value, call->value, error);
}

gboolean
cf_incorporation_repo_set_value (CfStore     *store,
                                 const char  *key,
                                 const char  *value,
                                 GError     **error)
{
  ValueCall call = { key, value != NULL ? value : "" };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, value_tx, &call, error);
}

/* ---- Files ---- */

void
cf_inc_file_free (CfIncFile *file)
{
  if (file == NULL)
    return;
  g_free (file->key);
  g_free (file->file_name);
  g_free (file->mime);
  g_free (file->sha256);
  g_free (file->added_at);
  g_free (file);
}

static CfIncFile *
file_from_row (CfSqlRows *rows,
               guint      i)
{
  CfIncFile *file = g_new0 (CfIncFile, 1);

  file->key = g_strdup (cf_sql_rows_text (rows, i, 0));
  file->file_name = g_strdup (cf_sql_rows_text (rows, i, 1));
  file->mime = g_strdup (cf_sql_rows_text (rows, i, 2));
  file->size = (guint64) cf_sql_rows_int (rows, i, 3);
  file->sha256 = g_strdup (cf_sql_rows_text (rows, i, 4));
  file->added_at = g_strdup (cf_sql_rows_text (rows, i, 5));
  return file;
}

#define FILE_COLUMNS "key, file_name, mime, size, sha256, added_at"

typedef struct
{
  const char *key;
  const char *file_name;
  const char *mime;
  GBytes     *bytes;
  const char *sha256;
} PutFileCall;

/* "name (sha256…)" for the bitácora: which file, told apart by its hash. */
static char *
describe_file (const char *file_name,
               const char *sha256)
{
  if (file_name == NULL || sha256 == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s (%.12s)", file_name, sha256);
}

static gboolean
put_file_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    data,
             GError    **error)
{
  PutFileCall *call = data;
  g_autoptr(CfSqlRows) old = NULL;
  g_autofree char *at = now_utc ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  ValueCall value = { call->key, call->sha256 };
  gsize len;
  gconstpointer bytes = g_bytes_get_data (call->bytes, &len);

  old = cf_sql_query (conn, "SELECT file_name, sha256 FROM incorporation_file WHERE key = ?",
                      CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key)), error);
  if (old == NULL)
    return FALSE;
  if (!cf_sql_run (conn, "INSERT INTO incorporation_file (key, file_name, mime, size, sha256, added_at, bytes, row_version)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (key) DO UPDATE SET file_name = excluded.file_name, mime = excluded.mime,"
                   " size = excluded.size, sha256 = excluded.sha256, added_at = excluded.added_at,"
                   " bytes = excluded.bytes, row_version = excluded.row_version",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key), CF_SQL_TEXT_V (call->file_name),
                                  CF_SQL_TEXT_V (call->mime), CF_SQL_INT_V ((gint64) len),
                                  CF_SQL_TEXT_V (call->sha256), CF_SQL_TEXT_V (at),
                                  CF_SQL_BLOB_V (bytes, len), CF_SQL_INT_V (stamp)),
                   NULL, error))
    return FALSE;
  if (old->n_rows > 0)
    old_text = describe_file (cf_sql_rows_text (old, 0, 0), cf_sql_rows_text (old, 0, 1));
  new_text = describe_file (call->file_name, call->sha256);
  if (!_cf_audit_record (conn, old->n_rows > 0 ? "change" : "add", "incorporation_file", call->key, "file",
                         old_text, new_text, error))
    return FALSE;
  return value_tx (conn, stamp, &value, error);
}

gboolean
cf_incorporation_repo_put_file (CfStore     *store,
                                const char  *key,
                                const char  *file_name,
                                const char  *mime,
                                GBytes      *bytes,
                                char       **sha256,
                                GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *guessed = NULL;
  g_autofree char *base = NULL;
  PutFileCall call;
  gsize len;
  gconstpointer data;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  base = file_name != NULL && *file_name != '\0' ? g_path_get_basename (file_name) : g_strdup (key);
  if (len == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   _("The file “%s” is empty. Choose the file again, or another one."), base);
      return FALSE;
    }
  if (len > CF_INC_FILE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (CF_INC_FILE_MAX_SIZE);
      g_autofree char *size = g_format_size (len);

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   /* Translators: the file's name, its size, the limit. */
                   _("The file “%s” is %s, more than the %s Certifica keeps. Scan it again at a lower "
                     "resolution or save it compressed."), base, size, limit);
      return FALSE;
    }
  if (mime == NULL || *mime == '\0')
    {
      g_autofree char *type = g_content_type_guess (base, data, len, NULL);

      guessed = g_content_type_get_mime_type (type);
      mime = guessed != NULL ? guessed : "application/octet-stream";
    }
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  call = (PutFileCall) { key, base, mime, bytes, hash };
  if (!cf_store_write (store, put_file_tx, &call, error))
    return FALSE;
  if (sha256 != NULL)
    *sha256 = g_steal_pointer (&hash);
  return TRUE;
}

typedef struct
{
  const char *key;
  CfIncFile  *info;
  GBytes     *bytes;
} GetFileCall;

static gboolean
get_file_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    data,
             GError    **error)
{
  GetFileCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;

  g_clear_pointer (&call->info, cf_inc_file_free);
  g_clear_pointer (&call->bytes, g_bytes_unref);
  rows = cf_sql_query (conn, "SELECT " FILE_COLUMNS ", bytes FROM incorporation_file WHERE key = ?",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (call->key)), error);
  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("The file “%s” is not kept in the store. Choose it again."), call->key);
      return FALSE;
    }
  call->info = file_from_row (rows, 0);
  call->bytes = g_bytes_ref (cf_sql_rows_bytes (rows, 0, 6));
  return TRUE;
}

GBytes *
cf_incorporation_repo_get_file (CfStore     *store,
                                const char  *key,
                                CfIncFile  **info,
                                GError     **error)
{
  GetFileCall call = { key, NULL, NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, get_file_tx, &call, error))
    {
      cf_inc_file_free (call.info);
      g_clear_pointer (&call.bytes, g_bytes_unref);
      return NULL;
    }
  if (info != NULL)
    *info = call.info;
  else
    cf_inc_file_free (call.info);
  return call.bytes;
}

typedef struct
{
  GPtrArray *files;
} ListFilesCall;

static gboolean
list_files_tx (CfSqlConn  *conn,
               gint64      stamp,
               gpointer    data,
               GError    **error)
{
  ListFilesCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;

  g_clear_pointer (&call->files, g_ptr_array_unref);
  call->files = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_file_free);
  rows = cf_sql_query (conn, "SELECT " FILE_COLUMNS " FROM incorporation_file ORDER BY key", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->n_rows; i++)
    g_ptr_array_add (call->files, file_from_row (rows, i));
  return TRUE;
}

GPtrArray *
cf_incorporation_repo_list_files (CfStore  *store,
                                  GError  **error)
{
  ListFilesCall call = { NULL };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, list_files_tx, &call, error))
    {
      g_clear_pointer (&call.files, g_ptr_array_unref);
      return NULL;
    }
  return call.files;
}

static gboolean
remove_file_tx (CfSqlConn  *conn,
                gint64      stamp,
                gpointer    data,
                GError    **error)
{
  const char *key = data;
  g_autoptr(CfSqlRows) old = NULL;
  g_autofree char *old_text = NULL;
  ValueCall value = { key, "" };

  old = cf_sql_query (conn, "SELECT file_name, sha256 FROM incorporation_file WHERE key = ?",
                      CF_SQL_PARAMS (CF_SQL_TEXT_V (key)), error);
  if (old == NULL)
    return FALSE;
  if (old->n_rows > 0)
    {
      if (!cf_sql_run (conn, "DELETE FROM incorporation_file WHERE key = ?", CF_SQL_PARAMS (CF_SQL_TEXT_V (key)),
                       NULL, error))
        return FALSE;
      old_text = describe_file (cf_sql_rows_text (old, 0, 0), cf_sql_rows_text (old, 0, 1));
      if (!_cf_audit_record (conn, "remove", "incorporation_file", key, "file", old_text, "", error))
        return FALSE;
    }
  return value_tx (conn, stamp, &value, error);
}

gboolean
cf_incorporation_repo_remove_file (CfStore     *store,
                                   const char  *key,
                                   GError     **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL && *key != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, remove_file_tx, (gpointer) key, error);
}
