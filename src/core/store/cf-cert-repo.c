/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cert-repo.c: the certificates in the store, their state changes and
 * the registrar's corrections (cf-cert-repo.h). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cf-cert-repo.h"
#include "cf-cert-repo-private.h"
#include "cf-audit-private.h"

static const char * const status_names[CF_CERT_N_STATUS] = {
  "borrador", "listo", "sellado", "enviado", "autenticado", "rechazado", "entregado", "cancelado",
};

const char *
cf_cert_status_to_string (CfCertStatus status)
{
  g_return_val_if_fail ((guint) status < CF_CERT_N_STATUS, NULL);
  return status_names[status];
}

gboolean
cf_cert_status_from_string (const char   *text,
                            CfCertStatus *out_status)
{
  for (guint i = 0; text != NULL && i < CF_CERT_N_STATUS; i++)
    if (g_ascii_strcasecmp (text, status_names[i]) == 0)
      {
        if (out_status != NULL)
          *out_status = (CfCertStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cf_cert_status_get_label (CfCertStatus status)
{
  switch (status)
    {
    case CF_CERT_STATUS_BORRADOR:
      return C_("certificate state", "Draft");
    case CF_CERT_STATUS_LISTO:
      return C_("certificate state", "Ready");
    case CF_CERT_STATUS_SELLADO:
      return C_("certificate state", "Sealed");
    case CF_CERT_STATUS_ENVIADO:
      return C_("certificate state", "Sent");
    case CF_CERT_STATUS_AUTENTICADO:
      return C_("certificate state", "Authenticated");
    case CF_CERT_STATUS_RECHAZADO:
      return C_("certificate state", "Rejected");
    case CF_CERT_STATUS_ENTREGADO:
      return C_("certificate state", "Delivered");
    case CF_CERT_STATUS_CANCELADO:
      return C_("certificate state", "Cancelled");
    default:
      g_return_val_if_reached (NULL);
    }
}

static CfCertStatus
status_parse (const char *text)
{
  CfCertStatus status = CF_CERT_STATUS_BORRADOR;

  cf_cert_status_from_string (text, &status);
  return status;
}

void
cf_cert_row_free (CfCertRow *row)
{
  if (row == NULL)
    return;
  g_free (row->status_at);
  g_free (row->status_by);
  g_free (row->folio_control);
  g_free (row->signer);
  g_free (row->portal);
  g_free (row->findings);
  g_clear_pointer (&row->student, cf_student_free);
  g_free (row);
}

void
cf_cert_event_free (CfCertEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->at);
  g_free (event->os_user);
  g_free (event->detail);
  g_free (event);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                            */
/* ------------------------------------------------------------------ */

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
text_or_empty (CfSqlRows *rows,
               guint      row,
               guint      column)
{
  const char *text = cf_sql_rows_text (rows, row, column);

  return g_strdup (text != NULL ? text : "");
}

/* How many errors and warnings the stored check holds. */
static void
count_findings (const char *json,
                guint      *n_errors,
                guint      *n_warnings)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  *n_errors = 0;
  *n_warnings = 0;
  if (json == NULL || *json == '\0')
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *severity;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      severity = json_object_get_string_member_with_default (json_node_get_object (item), "severity", "");
      if (g_strcmp0 (severity, "error") == 0)
        (*n_errors)++;
      else if (g_strcmp0 (severity, "warning") == 0)
        (*n_warnings)++;
    }
}

/* Lower case without accents ("Peña Íñiguez" → "pena iniguez"), for a
 * search that ignores both on either engine. */
static char *
fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *lower = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  lower = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return g_steal_pointer (&lower);
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
row_matches_search (const CfCertRow *row,
                    const char      *folded_needle)
{
  const CfStudent *s = row->student;
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  haystack = g_strjoin (" ", s->nombre, s->primer_apellido, s->segundo_apellido, "\x1f",
                        s->nombre_impreso, s->primer_apellido_impreso, s->segundo_apellido_impreso, "\x1f",
                        s->matricula, "\x1f", s->curp, NULL);
  folded = fold_for_search (haystack);
  return strstr (folded, folded_needle) != NULL;
}

static void
set_conflict (GError **error)
{
  g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT,
                       _("Another person changed this certificate; it was reloaded."));
}

static gboolean
record_event (CfSqlConn     *conn,
              gint64         cert_id,
              const char    *at,
              CfCertStatus   from_status,
              CfCertStatus   to_status,
              const char    *detail,
              GError       **error)
{
  return cf_sql_run (conn,
                     "INSERT INTO certificate_event (certificate_id, at, os_user, from_status, to_status, detail)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     CF_SQL_PARAMS (CF_SQL_INT_V (cert_id), CF_SQL_TEXT_V (at),
                                    CF_SQL_TEXT_V (g_get_user_name ()),
                                    CF_SQL_TEXT_V (status_names[from_status]),
                                    CF_SQL_TEXT_V (status_names[to_status]),
                                    CF_SQL_TEXT_V (detail != NULL ? detail : "")),
                     NULL, error);
}

/* ------------------------------------------------------------------ */
/* ensure_all                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint n_created;
} EnsureData;

static gboolean
ensure_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  EnsureData *data = user_data;
  g_autofree char *at = now_utc ();
  gint64 changes = 0;

  data->n_created = 0;
  if (!cf_sql_run (conn,
                   "INSERT INTO certificate (student_id, status, status_at, status_by, row_version)"
                   " SELECT s.id, 'borrador', ?, ?, ? FROM student s"
                   " WHERE NOT EXISTS (SELECT 1 FROM certificate c WHERE c.student_id = s.id)"
                   " ORDER BY s.matricula, s.id_carrera"
                   /* Another desk may make the same ones at once. */
                   " ON CONFLICT (student_id) DO NOTHING",
                   CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()), CF_SQL_INT_V (stamp)),
                   &changes, error))
    return FALSE;
  data->n_created = (guint) changes;
  if (changes == 0)
    return TRUE;
  /* Its birth is the first event of each. */
  return cf_sql_run (conn,
                     "INSERT INTO certificate_event (certificate_id, at, os_user, from_status, to_status, detail)"
                     " SELECT c.id, ?, ?, 'borrador', 'borrador', 'created' FROM certificate c"
                     " WHERE NOT EXISTS (SELECT 1 FROM certificate_event e WHERE e.certificate_id = c.id)",
                     CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ())),
                     NULL, error);
}

gboolean
cf_cert_repo_ensure_all (CfStore  *store,
                         guint    *n_created,
                         GError  **error)
{
  EnsureData data = { 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_store_write (store, ensure_tx, &data, error))
    return FALSE;
  if (n_created != NULL)
    *n_created = data.n_created;
  return TRUE;
}

#define CHANGED_BY_IMPORT \
  " (c.student_id IN (SELECT s.id FROM student s WHERE s.row_version = ?)" \
  " OR c.student_id IN (SELECT g.student_id FROM grade g WHERE g.row_version = ?))"

gboolean
_cf_cert_repo_students_changed (CfSqlConn  *conn,
                                gint64      stamp,
                                GError    **error)
{
  g_autofree char *at = now_utc ();

  return cf_sql_run (conn,
                     "INSERT INTO certificate_event (certificate_id, at, os_user, from_status, to_status, detail)"
                     " SELECT c.id, ?, ?, 'listo', 'borrador', 'import' FROM certificate c"
                     " WHERE c.status = 'listo' AND" CHANGED_BY_IMPORT,
                     CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                    CF_SQL_INT_V (stamp), CF_SQL_INT_V (stamp)),
                     NULL, error) &&
         cf_sql_run (conn,
                     "UPDATE certificate SET row_version = ?,"
                     " status_at = CASE WHEN status = 'listo' THEN ? ELSE status_at END,"
                     " status_by = CASE WHEN status = 'listo' THEN ? ELSE status_by END,"
                     " status = 'borrador'"
                     " WHERE status IN ('borrador', 'listo') AND student_id IN (SELECT c.student_id FROM certificate c"
                     " WHERE" CHANGED_BY_IMPORT ")",
                     CF_SQL_PARAMS (CF_SQL_INT_V (stamp), CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                    CF_SQL_INT_V (stamp), CF_SQL_INT_V (stamp)),
                     NULL, error);
}

/* ------------------------------------------------------------------ */
/* list / get                                                         */
/* ------------------------------------------------------------------ */

#define LIST_COLUMNS \
  "c.id, c.row_version, c.status, c.status_at, c.status_by, c.folio_control, c.signer, c.findings," \
  " s.id, s.row_version, s.matricula, s.id_carrera, s.clave_plan, s.curp, s.nombre, s.primer_apellido," \
  " s.segundo_apellido, s.id_genero, s.fecha_nacimiento, s.email, s.id_campus, s.id_tipo_certificacion," \
  " s.fecha_expedicion, s.nombre_impreso, s.primer_apellido_impreso, s.segundo_apellido_impreso," \
  " c.portal"

typedef struct
{
  const CfCertFilter *filter;
  gint64              only_id;       /* 0: every certificate */
  gboolean            with_grades;
  GPtrArray          *rows;          /* CfCertRow* */
} ListData;

static CfCertRow *
row_from_sql (CfSqlRows *rows,
              guint      r)
{
  CfCertRow *row = g_new0 (CfCertRow, 1);
  CfStudent *s = cf_student_new ();
  char **fields[] = {
    &s->matricula, &s->id_carrera, &s->clave_plan, &s->curp, &s->nombre, &s->primer_apellido,
    &s->segundo_apellido, &s->id_genero, &s->fecha_nacimiento, &s->email, &s->id_campus,
    &s->id_tipo_certificacion, &s->fecha_expedicion, &s->nombre_impreso, &s->primer_apellido_impreso,
    &s->segundo_apellido_impreso,
  };
  const char *folio;

  row->id = cf_sql_rows_int (rows, r, 0);
  row->row_version = cf_sql_rows_int (rows, r, 1);
  row->status = status_parse (cf_sql_rows_text (rows, r, 2));
  row->status_at = text_or_empty (rows, r, 3);
  row->status_by = text_or_empty (rows, r, 4);
  folio = cf_sql_rows_text (rows, r, 5);
  row->folio_control = folio != NULL ? g_strdup (folio) : NULL;
  row->signer = text_or_empty (rows, r, 6);
  row->findings = text_or_empty (rows, r, 7);
  count_findings (row->findings, &row->n_errors, &row->n_warnings);

  s->id = cf_sql_rows_int (rows, r, 8);
  s->row_version = cf_sql_rows_int (rows, r, 9);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_free (*fields[f]);
      *fields[f] = text_or_empty (rows, r, 10 + f);
    }
  row->student = s;
  row->portal = g_strdup (cf_sql_rows_text (rows, r, 10 + G_N_ELEMENTS (fields)));
  return row;
}

static gboolean
list_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  ListData *data = user_data;
  const CfCertFilter *filter = data->filter;
  g_autoptr(GString) sql = g_string_new ("SELECT " LIST_COLUMNS
                                         " FROM certificate c JOIN student s ON s.id = c.student_id WHERE 1 = 1");
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GArray) params = g_array_new (FALSE, FALSE, sizeof (CfSqlValue));
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *needle = NULL;
  g_autoptr(GHashTable) by_student = g_hash_table_new (g_int64_hash, g_int64_equal);

  /* A retried transaction starts again from nothing. */
  g_ptr_array_set_size (data->rows, 0);

  if (data->only_id != 0)
    {
      CfSqlValue v = CF_SQL_INT_V (data->only_id);

      g_string_append (where, " AND c.id = ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->min_id > 0)
    {
      CfSqlValue v = CF_SQL_INT_V (filter->min_id);

      g_string_append (where, " AND c.id >= ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->max_id > 0)
    {
      CfSqlValue v = CF_SQL_INT_V (filter->max_id);

      g_string_append (where, " AND c.id <= ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->status >= 0 && filter->status < (int) CF_CERT_N_STATUS)
    {
      CfSqlValue v = CF_SQL_TEXT_V (status_names[filter->status]);

      g_string_append (where, " AND c.status = ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->id_carrera != NULL && *filter->id_carrera != '\0')
    {
      CfSqlValue v = CF_SQL_TEXT_V (filter->id_carrera);

      g_string_append (where, " AND s.id_carrera = ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->clave_plan != NULL && *filter->clave_plan != '\0')
    {
      CfSqlValue v = CF_SQL_TEXT_V (filter->clave_plan);

      g_string_append (where, " AND s.clave_plan = ?");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->ciclo != NULL && *filter->ciclo != '\0')
    {
      CfSqlValue v = CF_SQL_TEXT_V (filter->ciclo);

      g_string_append (where, " AND EXISTS (SELECT 1 FROM grade g WHERE g.student_id = s.id AND g.ciclo = ?)");
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->id_campus != NULL && *filter->id_campus != '\0')
    {
      CfSqlValue v = CF_SQL_TEXT_V (filter->id_campus);

      /* A student without a campus of its own is in its career's. */
      g_string_append (where, " AND (s.id_campus = ? OR (s.id_campus = '' AND EXISTS (SELECT 1 FROM plan_career pc"
                       " JOIN plan_campus pm ON pm.id = pc.campus_id"
                       " WHERE pc.id_carrera = s.id_carrera AND pm.id_campus = ?)))");
      g_array_append_val (params, v);
      g_array_append_val (params, v);
    }
  if (filter != NULL && filter->search != NULL && *filter->search != '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (filter->search));

      if (*stripped != '\0')
        needle = fold_for_search (stripped);
    }

  g_string_append (sql, where->str);
  g_string_append (sql, " ORDER BY s.matricula, s.id_carrera, c.id");
  rows = cf_sql_query (conn, sql->str, (const CfSqlValue *) params->data, params->len, error);
  if (rows == NULL)
    return FALSE;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfCertRow *row = row_from_sql (rows, r);

      if (needle != NULL && !row_matches_search (row, needle))
        {
          cf_cert_row_free (row);
          continue;
        }
      g_ptr_array_add (data->rows, row);
      g_hash_table_insert (by_student, &row->student->id, row->student);
    }

  if (data->with_grades && data->rows->len > 0)
    {
      g_autoptr(GString) gsql = g_string_new ("SELECT g.student_id, g.id_asignatura, g.ciclo, g.calificacion,"
                                              " g.id_observaciones, g.id_tipo_asignatura, g.creditos"
                                              " FROM grade g JOIN student s ON s.id = g.student_id"
                                              " JOIN certificate c ON c.student_id = s.id WHERE 1 = 1");
      g_autoptr(CfSqlRows) grades = NULL;

      /* The same rows' grades (the search is applied below, in C). */
      g_string_append (gsql, where->str);
      g_string_append (gsql, " ORDER BY g.student_id, g.id_asignatura");
      grades = cf_sql_query (conn, gsql->str, (const CfSqlValue *) params->data, params->len, error);
      if (grades == NULL)
        return FALSE;
      for (guint r = 0; r < grades->n_rows; r++)
        {
          gint64 student_id = cf_sql_rows_int (grades, r, 0);
          CfStudent *s = g_hash_table_lookup (by_student, &student_id);
          CfGrade *g;

          if (s == NULL)
            continue;
          g = g_new0 (CfGrade, 1);
          g->id_asignatura = text_or_empty (grades, r, 1);
          g->ciclo = text_or_empty (grades, r, 2);
          g->calificacion = text_or_empty (grades, r, 3);
          g->id_observaciones = text_or_empty (grades, r, 4);
          g->id_tipo_asignatura = text_or_empty (grades, r, 5);
          g->creditos = text_or_empty (grades, r, 6);
          g_ptr_array_add (s->grades, g);
        }
    }
  return TRUE;
}

GPtrArray *
cf_cert_repo_list (CfStore            *store,
                   const CfCertFilter *filter,
                   gboolean            with_grades,
                   GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
  ListData data = { filter, 0, with_grades, rows };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, list_tx, &data, error))
    return NULL;
  return g_steal_pointer (&rows);
}

CfCertRow *
cf_cert_repo_get (CfStore  *store,
                  gint64    id,
                  GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
  ListData data = { NULL, id, TRUE, rows };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cf_store_read (store, list_tx, &data, error))
    return NULL;
  if (rows->len == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no certificate %s in the store."), id_text);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
cf_cert_repo_count_by_status (CfStore  *store,
                              guint    *counts,
                              GError  **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return FALSE;
  rows = cf_sql_query (conn, "SELECT status, count(*) FROM certificate GROUP BY status", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < CF_CERT_N_STATUS; i++)
    counts[i] = 0;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfCertStatus status;

      if (cf_cert_status_from_string (cf_sql_rows_text (rows, r, 0), &status))
        counts[status] += (guint) cf_sql_rows_int (rows, r, 1);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* set_checks                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  const CfCertCheckResult *results;
  guint                    n_results;
  guint                    n_skipped;
} ChecksData;

typedef struct
{
  gint64       row_version;
  CfCertStatus status;
  char        *findings;
} CurrentCert;

static void
current_cert_free (gpointer data)
{
  CurrentCert *cur = data;

  g_free (cur->findings);
  g_free (cur);
}

static gboolean
checks_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  ChecksData *data = user_data;
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, current_cert_free);
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *at = now_utc ();

  data->n_skipped = 0;
  /* One read for all, then a write only where something changed. */
  rows = cf_sql_query (conn, "SELECT id, row_version, status, findings FROM certificate", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CurrentCert *cur = g_new0 (CurrentCert, 1);
      gint64 *id = g_new (gint64, 1);

      *id = cf_sql_rows_int (rows, r, 0);
      cur->row_version = cf_sql_rows_int (rows, r, 1);
      cur->status = status_parse (cf_sql_rows_text (rows, r, 2));
      cur->findings = text_or_empty (rows, r, 3);
      g_hash_table_insert (current, id, cur);
    }

  for (guint i = 0; i < data->n_results; i++)
    {
      const CfCertCheckResult *res = &data->results[i];
      CurrentCert *cur = g_hash_table_lookup (current, &res->id);
      const char *findings = res->findings != NULL ? res->findings : "[]";
      CfCertStatus to_status;
      gint64 changes = 0;

      if (cur == NULL || cur->row_version != res->row_version)
        {
          data->n_skipped++;
          continue;
        }
      if (cur->status != CF_CERT_STATUS_BORRADOR && cur->status != CF_CERT_STATUS_LISTO)
        continue;
      to_status = res->ready ? CF_CERT_STATUS_LISTO : CF_CERT_STATUS_BORRADOR;
      if (to_status == cur->status && g_strcmp0 (findings, cur->findings) == 0)
        continue;
      if (to_status == cur->status)
        {
          if (!cf_sql_run (conn, "UPDATE certificate SET findings = ?, row_version = ?"
                           " WHERE id = ? AND row_version = ?",
                           CF_SQL_PARAMS (CF_SQL_TEXT_V (findings), CF_SQL_INT_V (stamp), CF_SQL_INT_V (res->id),
                                          CF_SQL_INT_V (res->row_version)),
                           &changes, error))
            return FALSE;
        }
      else
        {
          if (!cf_sql_run (conn, "UPDATE certificate SET findings = ?, status = ?, status_at = ?, status_by = ?,"
                           " row_version = ? WHERE id = ? AND row_version = ?",
                           CF_SQL_PARAMS (CF_SQL_TEXT_V (findings), CF_SQL_TEXT_V (status_names[to_status]),
                                          CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                          CF_SQL_INT_V (stamp), CF_SQL_INT_V (res->id),
                                          CF_SQL_INT_V (res->row_version)),
                           &changes, error))
            return FALSE;
          if (changes == 1 && !record_event (conn, res->id, at, cur->status, to_status, "check", error))
            return FALSE;
        }
      if (changes != 1)
        data->n_skipped++;
    }
  return TRUE;
}

gboolean
cf_cert_repo_set_checks (CfStore                 *store,
                         const CfCertCheckResult *results,
                         guint                    n_results,
                         guint                   *n_skipped,
                         GError                 **error)
{
  ChecksData data = { results, n_results, 0 };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (results != NULL || n_results == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_results > 0 && !cf_store_write (store, checks_tx, &data, error))
    return FALSE;
  if (n_skipped != NULL)
    *n_skipped = data.n_skipped;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Corrections                                                        */
/* ------------------------------------------------------------------ */

/* Reads the certificate as the registrar saw it (@row_version) and refuses
 * when another desk changed it or it is sealed. */
static gboolean
open_for_correction (CfSqlConn     *conn,
                     gint64         cert_id,
                     gint64         row_version,
                     CfCertStatus  *out_status,
                     gint64        *out_student_id,
                     char         **out_matricula,
                     GError       **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfCertStatus status;

  rows = cf_sql_query (conn, "SELECT c.status, c.row_version, c.student_id, s.matricula FROM certificate c"
                       " JOIN student s ON s.id = c.student_id WHERE c.id = ?",
                       CF_SQL_PARAMS (CF_SQL_INT_V (cert_id)), error);
  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cert_id);

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("There is no certificate %s in the store."), id_text);
      return FALSE;
    }
  if (cf_sql_rows_int (rows, 0, 1) != row_version)
    {
      set_conflict (error);
      return FALSE;
    }
  status = status_parse (cf_sql_rows_text (rows, 0, 0));
  if (status != CF_CERT_STATUS_BORRADOR && status != CF_CERT_STATUS_LISTO)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                   _("This certificate is already sealed (%s): it can no longer be corrected."),
                   cf_cert_status_get_label (status));
      return FALSE;
    }
  *out_status = status;
  *out_student_id = cf_sql_rows_int (rows, 0, 2);
  *out_matricula = text_or_empty (rows, 0, 3);
  return TRUE;
}

/* After a correction: a new version, and back to borrador until checked. */
static gboolean
back_to_borrador (CfSqlConn     *conn,
                  gint64         stamp,
                  gint64         cert_id,
                  gint64         row_version,
                  CfCertStatus   status,
                  const char    *detail,
                  GError       **error)
{
  g_autofree char *at = now_utc ();
  gint64 changes = 0;

  if (status == CF_CERT_STATUS_BORRADOR)
    {
      if (!cf_sql_run (conn, "UPDATE certificate SET row_version = ? WHERE id = ? AND row_version = ?",
                       CF_SQL_PARAMS (CF_SQL_INT_V (stamp), CF_SQL_INT_V (cert_id), CF_SQL_INT_V (row_version)),
                       &changes, error))
        return FALSE;
    }
  else if (!cf_sql_run (conn, "UPDATE certificate SET status = 'borrador', status_at = ?, status_by = ?,"
                        " row_version = ? WHERE id = ? AND row_version = ?",
                        CF_SQL_PARAMS (CF_SQL_TEXT_V (at), CF_SQL_TEXT_V (g_get_user_name ()),
                                       CF_SQL_INT_V (stamp), CF_SQL_INT_V (cert_id), CF_SQL_INT_V (row_version)),
                        &changes, error))
    return FALSE;
  if (changes != 1)
    {
      set_conflict (error);
      return FALSE;
    }
  if (status != CF_CERT_STATUS_BORRADOR)
    return record_event (conn, cert_id, at, status, CF_CERT_STATUS_BORRADOR, detail, error);
  return TRUE;
}

typedef struct
{
  gint64      cert_id;
  gint64      row_version;
  const char *values[3];
} NamesData;

static gboolean
names_tx (CfSqlConn  *conn,
          gint64      stamp,
          gpointer    user_data,
          GError    **error)
{
  static const struct
  {
    const char *column;
    const char *field;
  } name_fields[] = {
    { "nombre_impreso", "Alumno/@nombre (impreso)" },
    { "primer_apellido_impreso", "Alumno/@primerApellido (impreso)" },
    { "segundo_apellido_impreso", "Alumno/@segundoApellido (impreso)" },
  };
  NamesData *data = user_data;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *matricula = NULL;
  CfCertStatus status;
  gint64 student_id;
  gboolean changed = FALSE;

  if (!open_for_correction (conn, data->cert_id, data->row_version, &status, &student_id, &matricula, error))
    return FALSE;
  rows = cf_sql_query (conn, "SELECT nombre_impreso, primer_apellido_impreso, segundo_apellido_impreso"
                       " FROM student WHERE id = ?", CF_SQL_PARAMS (CF_SQL_INT_V (student_id)), error);
  if (rows == NULL || rows->n_rows == 0)
    return rows != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (name_fields); i++)
    {
      const char *old_value = cf_sql_rows_text (rows, 0, i);
      g_autofree char *sql = NULL;
      g_autofree char *value = NULL;

      if (data->values[i] == NULL)
        continue;
      value = g_strstrip (g_strdup (data->values[i]));
      if (g_strcmp0 (old_value != NULL ? old_value : "", value) == 0)
        continue;
      sql = g_strdup_printf ("UPDATE student SET %s = ?, row_version = ? WHERE id = ?", name_fields[i].column);
      if (!cf_sql_run (conn, sql, CF_SQL_PARAMS (CF_SQL_TEXT_V (value), CF_SQL_INT_V (stamp),
                                                 CF_SQL_INT_V (student_id)), NULL, error) ||
          !_cf_audit_record (conn, "change", "certificate", matricula, name_fields[i].field,
                             old_value, value, error))
        return FALSE;
      changed = TRUE;
    }
  if (!changed)
    return TRUE;
  return back_to_borrador (conn, stamp, data->cert_id, data->row_version, status, "name", error);
}

gboolean
cf_cert_repo_set_printed_names (CfStore     *store,
                                gint64       cert_id,
                                gint64       row_version,
                                const char  *nombre,
                                const char  *primer_apellido,
                                const char  *segundo_apellido,
                                GError     **error)
{
  NamesData data = { cert_id, row_version, { nombre, primer_apellido, segundo_apellido } };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, names_tx, &data, error);
}

typedef struct
{
  gint64      cert_id;
  gint64      row_version;
  const char *id_asignatura;
  const char *ciclo;
  const char *id_observaciones;
} GradeData;

static gboolean
grade_tx (CfSqlConn  *conn,
          gint64      stamp,
          gpointer    user_data,
          GError    **error)
{
  GradeData *data = user_data;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autofree char *matricula = NULL;
  CfCertStatus status;
  gint64 student_id;
  const char *columns[] = { "ciclo", "id_observaciones" };
  const char *values[] = { data->ciclo, data->id_observaciones };
  gboolean changed = FALSE;

  if (!open_for_correction (conn, data->cert_id, data->row_version, &status, &student_id, &matricula, error))
    return FALSE;
  rows = cf_sql_query (conn, "SELECT ciclo, id_observaciones FROM grade WHERE student_id = ? AND id_asignatura = ?",
                       CF_SQL_PARAMS (CF_SQL_INT_V (student_id), CF_SQL_TEXT_V (data->id_asignatura)), error);
  if (rows == NULL)
    return FALSE;
  if (rows->n_rows == 0)
    {
      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("This certificate has no subject %s."), data->id_asignatura);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      const char *old_value = cf_sql_rows_text (rows, 0, i);
      g_autofree char *sql = NULL;
      g_autofree char *value = NULL;
      g_autofree char *field = NULL;

      if (values[i] == NULL)
        continue;
      value = g_strstrip (g_strdup (values[i]));
      if (g_strcmp0 (old_value != NULL ? old_value : "", value) == 0)
        continue;
      sql = g_strdup_printf ("UPDATE grade SET %s = ?, row_version = ? WHERE student_id = ? AND id_asignatura = ?",
                             columns[i]);
      field = g_strdup_printf ("Asignatura[%s]/@%s", data->id_asignatura,
                               i == 0 ? "ciclo" : "idObservaciones");
      if (!cf_sql_run (conn, sql, CF_SQL_PARAMS (CF_SQL_TEXT_V (value), CF_SQL_INT_V (stamp),
                                                 CF_SQL_INT_V (student_id), CF_SQL_TEXT_V (data->id_asignatura)),
                       NULL, error) ||
          !_cf_audit_record (conn, "change", "certificate", matricula, field, old_value, value, error))
        return FALSE;
      changed = TRUE;
    }
  if (!changed)
    return TRUE;
  return back_to_borrador (conn, stamp, data->cert_id, data->row_version, status, "grade", error);
}

gboolean
cf_cert_repo_set_grade (CfStore     *store,
                        gint64       cert_id,
                        gint64       row_version,
                        const char  *id_asignatura,
                        const char  *ciclo,
                        const char  *id_observaciones,
                        GError     **error)
{
  GradeData data = { cert_id, row_version, id_asignatura, ciclo, id_observaciones };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (id_asignatura != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, grade_tx, &data, error);
}

/* ------------------------------------------------------------------ */
/* Events and sealed bytes                                            */
/* ------------------------------------------------------------------ */

GPtrArray *
cf_cert_repo_list_events (CfStore  *store,
                          gint64    cert_id,
                          GError  **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  GPtrArray *events;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, "SELECT at, os_user, from_status, to_status, detail FROM certificate_event"
                       " WHERE certificate_id = ? ORDER BY id", CF_SQL_PARAMS (CF_SQL_INT_V (cert_id)), error);
  if (rows == NULL)
    return NULL;
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_event_free);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfCertEvent *event = g_new0 (CfCertEvent, 1);

      event->at = text_or_empty (rows, r, 0);
      event->os_user = text_or_empty (rows, r, 1);
      event->from_status = status_parse (cf_sql_rows_text (rows, r, 2));
      event->to_status = status_parse (cf_sql_rows_text (rows, r, 3));
      event->detail = text_or_empty (rows, r, 4);
      g_ptr_array_add (events, event);
    }
  return events;
}

static GBytes *
dup_blob (CfStore     *store,
          gint64       cert_id,
          const char  *sql,
          GError     **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;
  GBytes *bytes;

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn, sql, CF_SQL_PARAMS (CF_SQL_INT_V (cert_id)), error);
  if (rows == NULL)
    return NULL;
  bytes = rows->n_rows > 0 ? cf_sql_rows_bytes (rows, 0, 0) : NULL;
  if (bytes == NULL)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, cert_id);

      g_set_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND,
                   _("Certificate %s has not been sealed."), id_text);
      return NULL;
    }
  return g_bytes_ref (bytes);
}

GBytes *
cf_cert_repo_dup_xml (CfStore  *store,
                      gint64    cert_id,
                      GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  return dup_blob (store, cert_id, "SELECT xml FROM certificate WHERE id = ?", error);
}

GBytes *
cf_cert_repo_dup_pdf (CfStore  *store,
                      gint64    cert_id,
                      GError  **error)
{
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  return dup_blob (store, cert_id, "SELECT pdf FROM certificate WHERE id = ?", error);
}
