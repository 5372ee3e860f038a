/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-repo.c: signers' certificates, with the bitácora. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-signer-repo.h"
#include "cf-audit-private.h"
#include "cf-catalog.h"
#include "cf-signer-name.h"

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

/* ---- The Responsable values ---- */

/* What goes into the row: "" = the default. */
typedef struct
{
  char *id_cargo;
  char *nombre;
  char *primer_apellido;
  char *segundo_apellido;
  char *campuses;   /* comma separated */
} Stored;

static void
stored_clear (Stored *stored)
{
  g_clear_pointer (&stored->id_cargo, g_free);
  g_clear_pointer (&stored->nombre, g_free);
  g_clear_pointer (&stored->primer_apellido, g_free);
  g_clear_pointer (&stored->segundo_apellido, g_free);
  g_clear_pointer (&stored->campuses, g_free);
}

CfSignerResponsable *
cf_signer_responsable_new (void)
{
  CfSignerResponsable *responsable = g_new0 (CfSignerResponsable, 1);

  responsable->certificate_number = g_strdup ("");
  responsable->id_cargo = g_strdup ("");
  responsable->nombre = g_strdup ("");
  responsable->primer_apellido = g_strdup ("");
  responsable->segundo_apellido = g_strdup ("");
  responsable->campuses = g_new0 (char *, 1);
  return responsable;
}

CfSignerResponsable *
cf_signer_responsable_copy (const CfSignerResponsable *responsable)
{
  CfSignerResponsable *copy;

  g_return_val_if_fail (responsable != NULL, NULL);

  copy = g_new0 (CfSignerResponsable, 1);
  copy->certificate_number = g_strdup (responsable->certificate_number);
  copy->id_cargo = g_strdup (responsable->id_cargo);
  copy->nombre = g_strdup (responsable->nombre);
  copy->primer_apellido = g_strdup (responsable->primer_apellido);
  copy->segundo_apellido = g_strdup (responsable->segundo_apellido);
  copy->campuses = responsable->campuses != NULL ? g_strdupv (responsable->campuses) : g_new0 (char *, 1);
  copy->row_version = responsable->row_version;
  copy->cargo_is_default = responsable->cargo_is_default;
  copy->name_is_default = responsable->name_is_default;
  return copy;
}

void
cf_signer_responsable_free (CfSignerResponsable *responsable)
{
  if (responsable == NULL)
    return;
  g_free (responsable->certificate_number);
  g_free (responsable->id_cargo);
  g_free (responsable->nombre);
  g_free (responsable->primer_apellido);
  g_free (responsable->segundo_apellido);
  g_strfreev (responsable->campuses);
  g_free (responsable);
}

gboolean
cf_signer_responsable_covers (const CfSignerResponsable *responsable,
                              const char                *id_campus)
{
  g_return_val_if_fail (responsable != NULL, FALSE);
  g_return_val_if_fail (id_campus != NULL, FALSE);

  return responsable->campuses == NULL || responsable->campuses[0] == NULL ||
         g_strv_contains ((const char * const *) responsable->campuses, id_campus);
}

char *
cf_signer_responsable_dup_full_name (const CfSignerResponsable *responsable)
{
  g_return_val_if_fail (responsable != NULL, NULL);

  return g_strjoin (" ", responsable->nombre, responsable->primer_apellido,
                    responsable->segundo_apellido, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Campus ids trimmed, without repeats, sorted; NULL-terminated. */
static GStrv
campuses_from_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  GPtrArray *campuses = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id != '\0' && !g_ptr_array_find_with_equal_func (campuses, id, g_str_equal, NULL))
        g_ptr_array_add (campuses, g_strdup (id));
    }
  g_ptr_array_sort (campuses, compare_strings);
  g_ptr_array_add (campuses, NULL);
  return (GStrv) g_ptr_array_free (campuses, FALSE);
}

/* The columns responsable_from_row() reads, in its order. */
#define RESPONSABLE_COLUMNS \
  "certificate_number, name, id_cargo, responsable_nombre, responsable_primer_apellido," \
  " responsable_segundo_apellido, campuses, row_version"

static const char *
cell (CfSqlRows *rows,
      guint      row,
      guint      column)
{
  const char *text = cf_sql_rows_text (rows, row, column);

  return text != NULL ? text : "";
}

/* Checks @responsable and turns it into what the row keeps ("" for a
 * default) for a signer whose certificate names @certificate_name. */
static gboolean
stored_from_responsable (const CfSignerResponsable  *responsable,
                         const char                 *certificate_name,
                         Stored                     *stored,
                         GError                    **error)
{
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;
  g_autofree char *default_nombre = NULL;
  g_autofree char *default_primer = NULL;
  g_autofree char *default_segundo = NULL;
  g_autofree char *name = cf_signer_name_normalize (certificate_name);
  g_autoptr(GPtrArray) campuses = g_ptr_array_new_with_free_func (g_free);
  const char *id_cargo = responsable != NULL && responsable->id_cargo != NULL
                         ? responsable->id_cargo : "";

  id_cargo = *id_cargo != '\0' ? id_cargo : CF_SIGNER_DEFAULT_CARGO;
  if (cf_catalog_lookup (CF_CATALOG_CARGO, id_cargo) == NULL)
    {
      g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_CARGO, NULL);
      g_autoptr(GString) valid = g_string_new (NULL);

      for (guint i = 0; entries != NULL && i < entries->len; i++)
        {
          CfCatalogEntry *entry = g_ptr_array_index (entries, i);

          if (valid->len > 0)
            g_string_append (valid, ", ");
          g_string_append_printf (valid, "%s %s", cf_catalog_entry_get_code (entry),
                                  cf_catalog_entry_get_description (entry));
        }
      /* Translators: the code given, then the valid ones: "1 DIRECTOR, 3 RECTOR, …" */
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   _("“%s” is not a position (idCargo) in SEP’s catalog. Valid positions: %s."),
                   id_cargo, valid->str);
      return FALSE;
    }

  nombre = cf_signer_name_normalize (responsable != NULL ? responsable->nombre : NULL);
  primer = cf_signer_name_normalize (responsable != NULL ? responsable->primer_apellido : NULL);
  segundo = cf_signer_name_normalize (responsable != NULL ? responsable->segundo_apellido : NULL);
  if (*nombre != '\0' && *primer == '\0')
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("The responsible’s name needs a first surname (primer apellido) too."));
      return FALSE;
    }
  if (*nombre == '\0' && (*primer != '\0' || *segundo != '\0'))
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                           _("The responsible’s surnames need the given name (nombre) too."));
      return FALSE;
    }

  for (guint i = 0; responsable != NULL && responsable->campuses != NULL && responsable->campuses[i] != NULL; i++)
    {
      g_autofree char *id = g_strstrip (g_strdup (responsable->campuses[i]));

      if (*id == '\0' || strchr (id, ',') != NULL || strchr (id, ' ') != NULL)
        {
          g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                       _("“%s” is not a campus key (ID_CAMPUS)."), responsable->campuses[i]);
          return FALSE;
        }
      g_ptr_array_add (campuses, g_steal_pointer (&id));
    }
  g_ptr_array_add (campuses, NULL);

  cf_signer_name_split (name, &default_nombre, &default_primer, &default_segundo);
  stored->id_cargo = g_strdup (g_str_equal (id_cargo, CF_SIGNER_DEFAULT_CARGO) ? "" : id_cargo);
  if (*nombre == '\0' ||
      (g_str_equal (nombre, default_nombre) && g_str_equal (primer, default_primer) &&
       g_str_equal (segundo, default_segundo)))
    {
      stored->nombre = g_strdup ("");
      stored->primer_apellido = g_strdup ("");
      stored->segundo_apellido = g_strdup ("");
    }
  else
    {
      stored->nombre = g_steal_pointer (&nombre);
      stored->primer_apellido = g_steal_pointer (&primer);
      stored->segundo_apellido = g_steal_pointer (&segundo);
    }
  {
    g_autofree char *joined = g_strjoinv (",", (GStrv) campuses->pdata);
    g_auto(GStrv) sorted = campuses_from_text (joined);

    stored->campuses = g_strjoinv (",", sorted);
  }
  return TRUE;
}

/* The bitácora's entries for the values that change from @old to @new, as
 * people read them (the defaults filled in). */
static gboolean
record_changes (CfSqlConn                 *conn,
                const char                *number,
                const CfSignerResponsable *old,
                const CfSignerResponsable *new,
                GError                   **error)
{
  g_autofree char *old_campuses = g_strjoinv (",", old->campuses);
  g_autofree char *new_campuses = g_strjoinv (",", new->campuses);
  const struct
  {
    const char *field;
    const char *old_value;
    const char *new_value;
  } changes[] = {
    { "ID_CARGO", old->id_cargo, new->id_cargo },
    { "NOMBRE", old->nombre, new->nombre },
    { "PRIMER_APELLIDO", old->primer_apellido, new->primer_apellido },
    { "SEGUNDO_APELLIDO", old->segundo_apellido, new->segundo_apellido },
    { "CAMPUS", old_campuses, new_campuses },
  };

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    if (g_strcmp0 (changes[i].old_value, changes[i].new_value) != 0 &&
        !_cf_audit_record (conn, "change", "signer", number, changes[i].field,
                           changes[i].old_value, changes[i].new_value, error))
      return FALSE;
  return TRUE;
}

/* What a row holding @stored reads as. */
static CfSignerResponsable *
responsable_of_stored (const char   *number,
                       const char   *certificate_name,
                       const Stored *stored)
{
  CfSignerResponsable *responsable = g_new0 (CfSignerResponsable, 1);

  responsable->certificate_number = g_strdup (number);
  responsable->cargo_is_default = *stored->id_cargo == '\0';
  responsable->id_cargo = g_strdup (responsable->cargo_is_default ? CF_SIGNER_DEFAULT_CARGO : stored->id_cargo);
  if (*stored->nombre == '\0')
    {
      g_autofree char *name = cf_signer_name_normalize (certificate_name);

      responsable->name_is_default = TRUE;
      cf_signer_name_split (name, &responsable->nombre, &responsable->primer_apellido,
                            &responsable->segundo_apellido);
    }
  else
    {
      responsable->nombre = g_strdup (stored->nombre);
      responsable->primer_apellido = g_strdup (stored->primer_apellido);
      responsable->segundo_apellido = g_strdup (stored->segundo_apellido);
    }
  responsable->campuses = campuses_from_text (stored->campuses);
  return responsable;
}

static CfSignerResponsable *
responsable_from_row (CfSqlRows *rows,
                      guint      row)
{
  Stored stored = {
    (char *) cell (rows, row, 2), (char *) cell (rows, row, 3), (char *) cell (rows, row, 4),
    (char *) cell (rows, row, 5), (char *) cell (rows, row, 6),
  };
  CfSignerResponsable *responsable = responsable_of_stored (cell (rows, row, 0), cell (rows, row, 1), &stored);

  responsable->row_version = cf_sql_rows_int (rows, row, 7);
  return responsable;
}

/* ---- Adding and removing ---- */

typedef struct
{
  CfCertificate *certificate;
  Stored         stored;
} AddCall;

static gboolean
add_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  AddCall *call = data;
  CfCertificate *certificate = call->certificate;
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
                   " not_after, kind, der, added_at, row_version, id_cargo, responsable_nombre,"
                   " responsable_primer_apellido, responsable_segundo_apellido, campuses)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (number),
                                  CF_SQL_TEXT_V (cf_certificate_get_rfc (certificate)),
                                  CF_SQL_TEXT_V (cf_certificate_get_curp (certificate)),
                                  CF_SQL_TEXT_V (cf_certificate_get_name (certificate)),
                                  CF_SQL_TEXT_V (not_before),
                                  CF_SQL_TEXT_V (not_after),
                                  CF_SQL_TEXT_V (cf_efirma_kind_to_string (cf_certificate_get_kind (certificate))),
                                  CF_SQL_BLOB_V (der_data, der_len),
                                  CF_SQL_TEXT_V (added_at),
                                  CF_SQL_INT_V (stamp),
                                  CF_SQL_TEXT_V (call->stored.id_cargo),
                                  CF_SQL_TEXT_V (call->stored.nombre),
                                  CF_SQL_TEXT_V (call->stored.primer_apellido),
                                  CF_SQL_TEXT_V (call->stored.segundo_apellido),
                                  CF_SQL_TEXT_V (call->stored.campuses)),
                   NULL, &local_error))
    {
      if (g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS))
        g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS,
                     _("The signer with certificate %s is already in the list."), number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!_cf_audit_record (conn, "add", "signer", number, NULL, NULL,
                         cf_certificate_get_name (certificate), error))
    return FALSE;

  /* What differs from the defaults, as an edit would record it. */
  {
    Stored defaults = { (char *) "", (char *) "", (char *) "", (char *) "", (char *) "" };
    g_autoptr(CfSignerResponsable) old = responsable_of_stored (number, cf_certificate_get_name (certificate),
                                                                &defaults);
    g_autoptr(CfSignerResponsable) new = responsable_of_stored (number, cf_certificate_get_name (certificate),
                                                                &call->stored);

    return record_changes (conn, number, old, new, error);
  }
}

gboolean
cf_signer_repo_add_with_responsable (CfStore                    *store,
                                     CfCertificate              *certificate,
                                     const CfSignerResponsable  *responsable,
                                     GError                    **error)
{
  AddCall call = { certificate, { NULL } };
  gboolean ok;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!stored_from_responsable (responsable, cf_certificate_get_name (certificate), &call.stored, error))
    {
      stored_clear (&call.stored);
      return FALSE;
    }
  ok = cf_store_write (store, add_tx, &call, error);
  stored_clear (&call.stored);
  if (ok)
    _cf_store_emit_signers_changed (store);
  return ok;
}

gboolean
cf_signer_repo_add (CfStore        *store,
                    CfCertificate  *certificate,
                    GError        **error)
{
  return cf_signer_repo_add_with_responsable (store, certificate, NULL, error);
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

/* ---- The Responsable values ---- */

CfSignerResponsable *
cf_signer_repo_get_responsable (CfStore     *store,
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
  rows = cf_sql_query (conn, "SELECT " RESPONSABLE_COLUMNS " FROM signers WHERE certificate_number = ?",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (certificate_number)), error);
  if (rows == NULL)
    return NULL;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no signer with certificate %s."), certificate_number);
      return NULL;
    }
  return responsable_from_row (rows, 0);
}

GPtrArray *
cf_signer_repo_list_responsables (CfStore  *store,
                                  GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_signer_responsable_free);
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT " RESPONSABLE_COLUMNS " FROM signers"
                       " ORDER BY lower(name), certificate_number", NULL, 0, error);
  if (rows == NULL)
    return NULL;
  for (guint r = 0; r < rows->n_rows; r++)
    g_ptr_array_add (list, responsable_from_row (rows, r));
  return g_steal_pointer (&list);
}

typedef struct
{
  const char                *number;
  const CfSignerResponsable *responsable;
  Stored                     stored;
} SetCall;

static gboolean
set_tx (CfSqlConn  *conn,
        gint64      stamp,
        gpointer    data,
        GError    **error)
{
  SetCall *call = data;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autoptr(CfSignerResponsable) old = NULL;
  g_autoptr(CfSignerResponsable) new = NULL;
  gint64 changes = 0;

  /* A retried transaction starts again from nothing. */
  stored_clear (&call->stored);

  rows = cf_sql_query (conn, "SELECT " RESPONSABLE_COLUMNS " FROM signers WHERE certificate_number = ?",
                       CF_SQL_PARAMS (CF_SQL_TEXT_V (call->number)), error);
  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no signer with certificate %s."), call->number);
      return FALSE;
    }
  old = responsable_from_row (rows, 0);
  if (call->responsable->row_version != 0 && call->responsable->row_version != old->row_version)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                           _("Another person changed this signer’s details; they were reloaded."));
      return FALSE;
    }
  if (!stored_from_responsable (call->responsable, cell (rows, 0, 1), &call->stored, error))
    return FALSE;
  new = responsable_of_stored (call->number, cell (rows, 0, 1), &call->stored);

  if (!cf_sql_run (conn,
                   "UPDATE signers SET id_cargo = ?, responsable_nombre = ?, responsable_primer_apellido = ?,"
                   " responsable_segundo_apellido = ?, campuses = ?, row_version = ?"
                   " WHERE certificate_number = ? AND row_version = ?",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (call->stored.id_cargo),
                                  CF_SQL_TEXT_V (call->stored.nombre),
                                  CF_SQL_TEXT_V (call->stored.primer_apellido),
                                  CF_SQL_TEXT_V (call->stored.segundo_apellido),
                                  CF_SQL_TEXT_V (call->stored.campuses),
                                  CF_SQL_INT_V (stamp),
                                  CF_SQL_TEXT_V (call->number),
                                  CF_SQL_INT_V (old->row_version)),
                   &changes, error))
    return FALSE;
  if (changes == 0)
    {
      g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                           _("Another person changed this signer’s details; they were reloaded."));
      return FALSE;
    }
  return record_changes (conn, call->number, old, new, error);
}

static gboolean
set_responsable (CfStore                    *store,
                 const char                 *certificate_number,
                 const CfSignerResponsable  *responsable,
                 GError                    **error)
{
  SetCall call = { certificate_number, responsable, { NULL } };
  gboolean ok;

  ok = cf_store_write (store, set_tx, &call, error);
  stored_clear (&call.stored);
  return ok;
}

gboolean
cf_signer_repo_set_responsable (CfStore                    *store,
                                const char                 *certificate_number,
                                const CfSignerResponsable  *responsable,
                                GError                    **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (certificate_number != NULL, FALSE);
  g_return_val_if_fail (responsable != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!set_responsable (store, certificate_number, responsable, error))
    return FALSE;
  _cf_store_emit_signers_changed (store);
  return TRUE;
}

/* ---- Campuses ---- */

typedef struct
{
  GTree     *campuses;          /* id → name ("" when unknown), sorted by id */
  GPtrArray *signer_campuses;   /* the signers' campuses column; NULL = not asked */
} CampusCall;

static void
campus_call_clear (CampusCall *call)
{
  g_clear_pointer (&call->campuses, g_tree_unref);
  g_clear_pointer (&call->signer_campuses, g_ptr_array_unref);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (a, b);
}

static void
add_campus (CampusCall *call,
            const char *id,
            const char *name)
{
  const char *known;

  if (id == NULL || *id == '\0')
    return;
  known = g_tree_lookup (call->campuses, id);
  if (known == NULL || (*known == '\0' && name != NULL && *name != '\0'))
    g_tree_replace (call->campuses, g_strdup (id), g_strdup (name != NULL ? name : ""));
}

static gboolean
campuses_tx (CfSqlConn  *conn,
             gint64      stamp,
             gpointer    data,
             GError    **error)
{
  CampusCall *call = data;
  gboolean with_signers = call->signer_campuses != NULL;
  g_autoptr(CfSqlRows) plan = NULL;
  g_autoptr(CfSqlRows) own = NULL;

  /* A retried transaction starts again from nothing. */
  campus_call_clear (call);
  call->campuses = g_tree_new_full (compare_keys, NULL, g_free, g_free);
  plan = cf_sql_query (conn, "SELECT id_campus, campus FROM plan_campus WHERE id_campus <> ''"
                       " ORDER BY id", NULL, 0, error);
  if (plan == NULL)
    return FALSE;
  own = cf_sql_query (conn, "SELECT id_campus FROM institution WHERE id = 1", NULL, 0, error);
  if (own == NULL)
    return FALSE;
  for (guint r = 0; r < plan->n_rows; r++)
    add_campus (call, cell (plan, r, 0), cell (plan, r, 1));
  for (guint r = 0; r < own->n_rows; r++)
    add_campus (call, cell (own, r, 0), NULL);

  if (with_signers)
    {
      g_autoptr(CfSqlRows) signers = cf_sql_query (conn, "SELECT campuses FROM signers", NULL, 0, error);

      if (signers == NULL)
        return FALSE;
      call->signer_campuses = g_ptr_array_new_with_free_func (g_free);
      for (guint r = 0; r < signers->n_rows; r++)
        g_ptr_array_add (call->signer_campuses, g_strdup (cell (signers, r, 0)));
    }
  return TRUE;
}

typedef struct
{
  GPtrArray *ids;
  GPtrArray *names;
} Collect;

static gboolean
collect_campus (gpointer key,
                gpointer value,
                gpointer user_data)
{
  Collect *collect = user_data;

  g_ptr_array_add (collect->ids, g_strdup (key));
  g_ptr_array_add (collect->names, g_strdup (value));
  return FALSE;
}

static gboolean
read_campuses (CfStore     *store,
               CampusCall  *call,
               GStrv       *ids,
               GStrv       *names,
               GError     **error)
{
  Collect collect;

  if (!cf_store_read (store, campuses_tx, call, error))
    return FALSE;

  collect.ids = g_ptr_array_new ();
  collect.names = g_ptr_array_new ();
  g_tree_foreach (call->campuses, collect_campus, &collect);
  g_ptr_array_add (collect.ids, NULL);
  g_ptr_array_add (collect.names, NULL);
  *ids = (GStrv) g_ptr_array_free (collect.ids, FALSE);
  if (names != NULL)
    *names = (GStrv) g_ptr_array_free (collect.names, FALSE);
  else
    g_strfreev ((GStrv) g_ptr_array_free (collect.names, FALSE));
  return TRUE;
}

GStrv
cf_signer_repo_known_campuses (CfStore  *store,
                               GStrv    *names,
                               GError  **error)
{
  CampusCall call = { NULL };
  GStrv ids = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (names != NULL)
    *names = NULL;
  read_campuses (store, &call, &ids, names, error);
  campus_call_clear (&call);
  return ids;
}

GStrv
cf_signer_repo_campuses_with_signer (CfStore  *store,
                                     GError  **error)
{
  CampusCall call = { NULL };
  g_auto(GStrv) known = NULL;
  g_autoptr(GPtrArray) covered = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  call.signer_campuses = g_ptr_array_new_with_free_func (g_free);
  if (!read_campuses (store, &call, &known, NULL, error))
    {
      campus_call_clear (&call);
      return NULL;
    }

  covered = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < call.signer_campuses->len; i++)
    {
      g_auto(GStrv) campuses = campuses_from_text (call.signer_campuses->pdata[i]);
      const char * const *each = campuses[0] != NULL ? (const char * const *) campuses
                                                     : (const char * const *) known;

      /* A signer of every campus signs for each one known. */
      for (guint j = 0; each[j] != NULL; j++)
        if (!g_ptr_array_find_with_equal_func (covered, each[j], g_str_equal, NULL))
          g_ptr_array_add (covered, g_strdup (each[j]));
    }
  campus_call_clear (&call);
  g_ptr_array_sort (covered, compare_strings);
  g_ptr_array_set_free_func (covered, NULL);
  g_ptr_array_add (covered, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&covered), FALSE);
}

/* ---- In a worker thread ---- */

typedef struct
{
  char                *number;
  CfSignerResponsable *responsable;
  GPtrArray           *list;
  GStrv                known;
  GStrv                names;
} TaskData;

static void
task_data_free (gpointer pointer)
{
  TaskData *data = pointer;

  g_free (data->number);
  g_clear_pointer (&data->responsable, cf_signer_responsable_free);
  g_clear_pointer (&data->list, g_ptr_array_unref);
  g_strfreev (data->known);
  g_strfreev (data->names);
  g_free (data);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CfStore *store = source_object;
  TaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  data->list = cf_signer_repo_list_responsables (store, &error);
  if (data->list != NULL)
    data->known = cf_signer_repo_known_campuses (store, &data->names, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cf_signer_repo_list_responsables_async (CfStore             *store,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_signer_repo_list_responsables_async);
  g_task_set_task_data (task, g_new0 (TaskData, 1), task_data_free);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
cf_signer_repo_list_responsables_finish (CfStore       *store,
                                         GAsyncResult  *result,
                                         GStrv         *known_campuses,
                                         GStrv         *campus_names,
                                         GError       **error)
{
  TaskData *data;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_signer_repo_list_responsables_async, NULL);

  if (known_campuses != NULL)
    *known_campuses = NULL;
  if (campus_names != NULL)
    *campus_names = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (known_campuses != NULL)
    *known_campuses = g_steal_pointer (&data->known);
  if (campus_names != NULL)
    *campus_names = g_steal_pointer (&data->names);
  return g_steal_pointer (&data->list);
}

static void
set_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  CfStore *store = source_object;
  TaskData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* signers-changed is emitted by _finish, on the caller's thread. */
  if (set_responsable (store, data->number, data->responsable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_signer_repo_set_responsable_async (CfStore                   *store,
                                      const char                *certificate_number,
                                      const CfSignerResponsable *responsable,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (CF_IS_STORE (store));
  g_return_if_fail (certificate_number != NULL);
  g_return_if_fail (responsable != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (TaskData, 1);
  data->number = g_strdup (certificate_number);
  data->responsable = cf_signer_responsable_copy (responsable);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_signer_repo_set_responsable_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, set_thread);
}

gboolean
cf_signer_repo_set_responsable_finish (CfStore       *store,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_signer_repo_set_responsable_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  _cf_store_emit_signers_changed (store);
  return TRUE;
}
