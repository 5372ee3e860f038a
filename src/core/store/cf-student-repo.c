/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-student-repo.c: students and grades, with the bitácora. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-student-repo.h"
#include "cf-audit-private.h"
#include "cf-cert-repo-private.h"

/* Rows per INSERT: one round trip and one plan for many rows, well
 * under both engines' limits on parameters (SQLite 32,766). */
#define STUDENTS_PER_STATEMENT 200
#define STUDENT_COLUMNS 14
#define GRADES_PER_STATEMENT 2000
#define GRADE_COLUMNS 8

typedef struct
{
  GPtrArray   *students;
  const char  *source;
} ImportData;

typedef struct
{
  GArray  *params;     /* CfSqlValue */
  guint    n_rows;
  GString *sql;
} Batch;

static void
values_list (GString *sql,
             guint    n_rows,
             guint    n_columns)
{
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r == 0 ? "(" : ", (");
      for (guint c = 0; c < n_columns; c++)
        g_string_append (sql, c == 0 ? "?" : ", ?");
      g_string_append_c (sql, ')');
    }
}

static gboolean
flush_grades (CfSqlConn   *conn,
              Batch       *batch,
              GError     **error)
{
  gboolean ok;

  if (batch->n_rows == 0)
    return TRUE;
  g_string_assign (batch->sql,
                   "INSERT INTO grade (student_id, id_asignatura, ciclo, calificacion, id_observaciones,"
                   " id_tipo_asignatura, creditos, row_version) VALUES ");
  values_list (batch->sql, batch->n_rows, GRADE_COLUMNS);
  g_string_append (batch->sql,
                   " ON CONFLICT (student_id, id_asignatura) DO UPDATE SET ciclo = excluded.ciclo,"
                   " calificacion = excluded.calificacion, id_observaciones = excluded.id_observaciones,"
                   " id_tipo_asignatura = excluded.id_tipo_asignatura, creditos = excluded.creditos,"
                   " row_version = excluded.row_version"
                   /* A grade imported again unchanged keeps its version (and
                    * PostgreSQL writes no new row version for it). */
                   " WHERE grade.ciclo <> excluded.ciclo OR grade.calificacion <> excluded.calificacion"
                   " OR grade.id_observaciones <> excluded.id_observaciones"
                   " OR grade.id_tipo_asignatura <> excluded.id_tipo_asignatura"
                   " OR grade.creditos <> excluded.creditos");
  ok = cf_sql_run (conn, batch->sql->str, (const CfSqlValue *) batch->params->data, batch->params->len,
                   NULL, error);
  g_array_set_size (batch->params, 0);
  batch->n_rows = 0;
  return ok;
}

static char *
student_key (const char *matricula,
             const char *id_carrera)
{
  return g_strconcat (matricula, "\x1f", id_carrera, NULL);
}

/* Students [@first, @first + @n) upserted in one statement; @ids[i] gets
 * the id of student @first + i. */
static gboolean
upsert_students (CfSqlConn   *conn,
                 GPtrArray   *students,
                 guint        first,
                 guint        n,
                 gint64       stamp,
                 Batch       *batch,
                 gint64      *ids,
                 GError     **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_string_assign (batch->sql,
                   "INSERT INTO student (matricula, id_carrera, clave_plan, curp, nombre,"
                   " primer_apellido, segundo_apellido, id_genero, fecha_nacimiento, email,"
                   " id_campus, id_tipo_certificacion, fecha_expedicion, row_version) VALUES ");
  values_list (batch->sql, n, STUDENT_COLUMNS);
  g_string_append (batch->sql,
                   " ON CONFLICT (matricula, id_carrera) DO UPDATE SET"
                   " clave_plan = excluded.clave_plan, curp = excluded.curp,"
                   " nombre = excluded.nombre, primer_apellido = excluded.primer_apellido,"
                   " segundo_apellido = excluded.segundo_apellido, id_genero = excluded.id_genero,"
                   " fecha_nacimiento = excluded.fecha_nacimiento, email = excluded.email,"
                   " id_campus = excluded.id_campus,"
                   " id_tipo_certificacion = excluded.id_tipo_certificacion,"
                   " fecha_expedicion = excluded.fecha_expedicion,"
                   /* Every row is updated so that RETURNING gives its id,
                    * but only a changed one gets a new version. */
                   " row_version = CASE WHEN student.clave_plan <> excluded.clave_plan"
                   " OR student.curp <> excluded.curp OR student.nombre <> excluded.nombre"
                   " OR student.primer_apellido <> excluded.primer_apellido"
                   " OR student.segundo_apellido <> excluded.segundo_apellido"
                   " OR student.id_genero <> excluded.id_genero"
                   " OR student.fecha_nacimiento <> excluded.fecha_nacimiento"
                   " OR student.email <> excluded.email OR student.id_campus <> excluded.id_campus"
                   " OR student.id_tipo_certificacion <> excluded.id_tipo_certificacion"
                   " OR student.fecha_expedicion <> excluded.fecha_expedicion"
                   " THEN excluded.row_version ELSE student.row_version END"
                   " RETURNING id, matricula, id_carrera");
  g_array_set_size (batch->params, 0);
  for (guint i = 0; i < n; i++)
    {
      CfStudent *s = g_ptr_array_index (students, first + i);
      CfSqlValue values[STUDENT_COLUMNS] = {
        CF_SQL_TEXT_V (s->matricula), CF_SQL_TEXT_V (s->id_carrera), CF_SQL_TEXT_V (s->clave_plan),
        CF_SQL_TEXT_V (s->curp), CF_SQL_TEXT_V (s->nombre), CF_SQL_TEXT_V (s->primer_apellido),
        CF_SQL_TEXT_V (s->segundo_apellido), CF_SQL_TEXT_V (s->id_genero),
        CF_SQL_TEXT_V (s->fecha_nacimiento), CF_SQL_TEXT_V (s->email), CF_SQL_TEXT_V (s->id_campus),
        CF_SQL_TEXT_V (s->id_tipo_certificacion), CF_SQL_TEXT_V (s->fecha_expedicion), CF_SQL_INT_V (stamp),
      };

      g_array_append_vals (batch->params, values, STUDENT_COLUMNS);
      g_hash_table_insert (index, student_key (s->matricula, s->id_carrera), GUINT_TO_POINTER (i + 1));
      ids[i] = 0;
    }
  rows = cf_sql_query (conn, batch->sql->str, (const CfSqlValue *) batch->params->data, batch->params->len,
                       error);
  g_array_set_size (batch->params, 0);
  if (rows == NULL)
    return FALSE;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      g_autofree char *key = student_key (cf_sql_rows_text (rows, r, 1), cf_sql_rows_text (rows, r, 2));
      guint i = GPOINTER_TO_UINT (g_hash_table_lookup (index, key));

      if (i > 0)
        ids[i - 1] = cf_sql_rows_int (rows, r, 0);
    }
  for (guint i = 0; i < n; i++)
    if (ids[i] == 0)
      {
        g_set_error_literal (error, CF_STORE_ERROR, CF_STORE_ERROR_FAILED,
                             _("A student could not be saved in the store."));
        return FALSE;
      }
  return TRUE;
}

static gboolean
import_tx (CfSqlConn  *conn,
           gint64      stamp,
           gpointer    user_data,
           GError    **error)
{
  ImportData *data = user_data;
  Batch batch = { g_array_new (FALSE, FALSE, sizeof (CfSqlValue)), 0, g_string_new (NULL) };
  gint64 ids[STUDENTS_PER_STATEMENT];
  g_autofree char *counts = NULL;
  guint n_grades = 0;
  gboolean ok = TRUE;

  for (guint first = 0; ok && first < data->students->len; first += STUDENTS_PER_STATEMENT)
    {
      guint n = MIN (STUDENTS_PER_STATEMENT, data->students->len - first);

      ok = flush_grades (conn, &batch, error) &&
           upsert_students (conn, data->students, first, n, stamp, &batch, ids, error);
      for (guint i = 0; ok && i < n; i++)
        {
          CfStudent *s = g_ptr_array_index (data->students, first + i);

          for (guint g = 0; ok && g < s->grades->len; g++)
            {
              CfGrade *grade = g_ptr_array_index (s->grades, g);
              CfSqlValue values[GRADE_COLUMNS] = {
                CF_SQL_INT_V (ids[i]), CF_SQL_TEXT_V (grade->id_asignatura), CF_SQL_TEXT_V (grade->ciclo),
                CF_SQL_TEXT_V (grade->calificacion), CF_SQL_TEXT_V (grade->id_observaciones),
                CF_SQL_TEXT_V (grade->id_tipo_asignatura), CF_SQL_TEXT_V (grade->creditos),
                CF_SQL_INT_V (stamp),
              };

              g_array_append_vals (batch.params, values, GRADE_COLUMNS);
              n_grades++;
              if (++batch.n_rows == GRADES_PER_STATEMENT)
                ok = flush_grades (conn, &batch, error);
            }
        }
    }
  if (ok)
    ok = flush_grades (conn, &batch, error);
  g_array_unref (batch.params);
  g_string_free (batch.sql, TRUE);
  if (!ok)
    return FALSE;

  /* Certificates checked against the old values are checked again. */
  if (!_cf_cert_repo_students_changed (conn, stamp, error))
    return FALSE;

  counts = g_strdup_printf ("%u, %u", data->students->len, n_grades);
  return _cf_audit_record (conn, "import", "students", data->source, "students, grades", NULL, counts, error);
}

gboolean
cf_student_repo_import (CfStore     *store,
                        GPtrArray   *students,
                        const char  *source,
                        GError     **error)
{
  ImportData data = { students, source != NULL ? source : "" };

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (students != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return cf_store_write (store, import_tx, &data, error);
}

gboolean
cf_student_repo_count (CfStore  *store,
                       guint    *n_students,
                       guint    *n_grades,
                       GError  **error)
{
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return FALSE;
  rows = cf_sql_query (conn, "SELECT (SELECT count(*) FROM student), (SELECT count(*) FROM grade)",
                       NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  if (n_students != NULL)
    *n_students = (guint) cf_sql_rows_int (rows, 0, 0);
  if (n_grades != NULL)
    *n_grades = (guint) cf_sql_rows_int (rows, 0, 1);
  return TRUE;
}

static char *
text_or_empty (CfSqlRows *rows,
               guint      row,
               guint      column)
{
  const char *text = cf_sql_rows_text (rows, row, column);

  return g_strdup (text != NULL ? text : "");
}

typedef struct
{
  GPtrArray *students;
} ListData;

static gboolean
list_tx (CfSqlConn  *conn,
         gint64      stamp,
         gpointer    user_data,
         GError    **error)
{
  ListData *data = user_data;
  g_autoptr(CfSqlRows) rows = NULL;
  g_autoptr(CfSqlRows) grades = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  rows = cf_sql_query (conn,
                       "SELECT id, row_version, matricula, id_carrera, clave_plan, curp, nombre,"
                       " primer_apellido, segundo_apellido, id_genero, fecha_nacimiento, email,"
                       " id_campus, id_tipo_certificacion, fecha_expedicion, nombre_impreso,"
                       " primer_apellido_impreso, segundo_apellido_impreso"
                       " FROM student ORDER BY matricula, id_carrera", NULL, 0, error);
  if (rows == NULL)
    return FALSE;
  g_ptr_array_set_size (data->students, 0);
  for (guint r = 0; r < rows->n_rows; r++)
    {
      CfStudent *s = cf_student_new ();
      char **fields[] = {
        &s->matricula, &s->id_carrera, &s->clave_plan, &s->curp, &s->nombre, &s->primer_apellido,
        &s->segundo_apellido, &s->id_genero, &s->fecha_nacimiento, &s->email, &s->id_campus,
        &s->id_tipo_certificacion, &s->fecha_expedicion, &s->nombre_impreso, &s->primer_apellido_impreso,
        &s->segundo_apellido_impreso,
      };

      s->id = cf_sql_rows_int (rows, r, 0);
      s->row_version = cf_sql_rows_int (rows, r, 1);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          g_free (*fields[f]);
          *fields[f] = text_or_empty (rows, r, f + 2);
        }
      g_ptr_array_add (data->students, s);
      g_hash_table_insert (by_id, &s->id, s);
    }

  grades = cf_sql_query (conn,
                         "SELECT student_id, id_asignatura, ciclo, calificacion, id_observaciones,"
                         " id_tipo_asignatura, creditos FROM grade ORDER BY student_id, id_asignatura",
                         NULL, 0, error);
  if (grades == NULL)
    return FALSE;
  for (guint r = 0; r < grades->n_rows; r++)
    {
      gint64 student_id = cf_sql_rows_int (grades, r, 0);
      CfStudent *s = g_hash_table_lookup (by_id, &student_id);
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
  return TRUE;
}

GPtrArray *
cf_student_repo_list (CfStore  *store,
                      GError  **error)
{
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  ListData data = { students };

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  if (!cf_store_read (store, list_tx, &data, error))
    return NULL;
  return g_steal_pointer (&students);
}

GHashTable *
cf_student_repo_plan_subjects (CfStore  *store,
                               GError  **error)
{
  g_autoptr(GHashTable) careers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_hash_table_unref);
  g_autoptr(CfSqlRows) rows = NULL;
  CfSqlConn *conn;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  conn = cf_store_get_conn (store, error);
  if (conn == NULL)
    return NULL;
  rows = cf_sql_query (conn,
                       "SELECT c.id_carrera, p.clave_plan, s.id_asignatura FROM plan_career c"
                       " LEFT JOIN plan_plan p ON p.career_id = c.id"
                       " LEFT JOIN plan_subject s ON s.plan_id = p.id", NULL, 0, error);
  if (rows == NULL)
    return NULL;
  for (guint r = 0; r < rows->n_rows; r++)
    {
      const char *career = cf_sql_rows_text (rows, r, 0);
      const char *plan = cf_sql_rows_text (rows, r, 1);
      const char *subject = cf_sql_rows_text (rows, r, 2);
      GHashTable *plans = g_hash_table_lookup (careers, career);
      GHashTable *subjects;

      if (plans == NULL)
        {
          plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
          g_hash_table_insert (careers, g_strdup (career), plans);
        }
      if (plan == NULL)
        continue;
      subjects = g_hash_table_lookup (plans, plan);
      if (subjects == NULL)
        {
          subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (plans, g_strdup (plan), subjects);
        }
      if (subject != NULL)
        g_hash_table_add (subjects, g_strdup (subject));
    }
  return g_steal_pointer (&careers);
}
