/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-check.c: the store's certificates checked against the
 * Programa de Estudios (cf-certs-check.h). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cert-build.h"
#include "cf-certs-check.h"
#include "cf-signer-repo.h"

CfStudentRecordGrade *
cf_certs_student_record (const CfStudent *student,
                         CfStudentRecord *record)
{
  CfStudentRecordGrade *grades;

  g_return_val_if_fail (student != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  grades = g_new0 (CfStudentRecordGrade, MAX (student->grades->len, 1));
  for (guint i = 0; i < student->grades->len; i++)
    {
      const CfGrade *grade = g_ptr_array_index (student->grades, i);

      grades[i].id_asignatura = grade->id_asignatura;
      grades[i].ciclo = grade->ciclo;
      grades[i].calificacion = grade->calificacion;
      grades[i].id_observaciones = grade->id_observaciones;
    }
  *record = (CfStudentRecord) {
    .matricula = student->matricula,
    .curp = student->curp,
    .nombre = student->nombre,
    .primer_apellido = student->primer_apellido,
    .segundo_apellido = student->segundo_apellido,
    .id_genero = student->id_genero,
    .fecha_nacimiento = student->fecha_nacimiento,
    .email = student->email,
    .id_campus = student->id_campus,
    .id_tipo_certificacion = student->id_tipo_certificacion,
    .promedio = NULL,
    .grades = grades,
    .n_grades = student->grades->len,
  };
  return grades;
}

/* This step's messages, stored by key as the student check's are
 * (cf_student_check_render()). */
typedef struct
{
  const char *key;
  const char *format;
} Message;

static const Message messages[] = {
  { "certs.career-unknown",
    N_("Career %s is not in the Programa de Estudios. Add it there, or correct the student’s career in the school system’s export.") },
  { "certs.plan-unknown",
    N_("Career %s has no plan “%s” in the Programa de Estudios. Add the plan there, or correct the student’s plan in the school system’s export.") },
};

static void
add_keyed (GPtrArray     *findings,
           const char    *code,
           const char    *path,
           const Message *message,
           const char    *a,
           const char    *b)
{
  const char *args[] = { a != NULL ? a : "", b != NULL ? b : "", NULL };
  g_autofree char *text = cf_finding_format (_(message->format), args);

  g_ptr_array_add (findings, cf_finding_new_keyed (CF_FINDING_ERROR, code, path, message->key, args, text));
}

char *
cf_certs_finding_render (const char         *key,
                         const char * const *args)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    if (g_str_equal (messages[i].key, key))
      return cf_finding_format (_(messages[i].format), args);
  return cf_student_check_render (key, args);
}

static gboolean
book_has_career (CfPlanBook *book,
                 const char *id_carrera)
{
  g_autoptr(GPtrArray) careers = cf_plan_book_list_level (book, CF_PLAN_LEVEL_CAREER);
  g_autofree char *wanted = g_strstrip (g_strdup (id_carrera != NULL ? id_carrera : ""));

  for (guint i = 0; i < careers->len; i++)
    if (g_strcmp0 (cf_plan_node_get (g_ptr_array_index (careers, i), CF_PLAN_COL_ID_CARRERA), wanted) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
cf_certs_check_student (const CfStudent     *student,
                        CfPlanBook          *book,
                        const char * const  *signer_campuses,
                        CfPlanNode         **out_plan,
                        CfStudentTotals     *out_totals)
{
  g_autofree CfStudentRecordGrade *grades = NULL;
  CfStudentCheckOptions options = { signer_campuses };
  CfStudentRecord record;
  CfPlanNode *plan;
  GPtrArray *findings;

  g_return_val_if_fail (student != NULL, NULL);
  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);

  plan = cf_cert_build_find_plan (book, student->id_carrera, student->clave_plan, student->id_campus);
  if (out_plan != NULL)
    *out_plan = plan;
  if (plan == NULL)
    {
      findings = cf_finding_list_new ();
      if (!book_has_career (book, student->id_carrera))
        add_keyed (findings, CF_FINDING_CERTS_CAREER_UNKNOWN,
                   cf_dec_field_get_path (CF_DEC_FIELD_CARRERA_ID_CARRERA),
                   &messages[0], student->id_carrera, NULL);
      else
        add_keyed (findings, CF_FINDING_CERTS_PLAN_UNKNOWN,
                   cf_dec_field_get_path (CF_DEC_FIELD_CARRERA_CLAVE_PLAN),
                   &messages[1], student->id_carrera, student->clave_plan);
      if (out_totals != NULL)
        *out_totals = (CfStudentTotals) { 0, 0, -1, 0, -1, 0 };
      return findings;
    }

  grades = cf_certs_student_record (student, &record);
  return cf_student_check (&record, plan, &options, out_totals);
}

const char *
cf_certs_finding_place_label (const CfFinding *finding)
{
  const char *code;

  g_return_val_if_fail (finding != NULL, NULL);

  code = cf_finding_get_code (finding);
  if (g_strcmp0 (code, CF_FINDING_CERTS_CAREER_UNKNOWN) == 0 ||
      g_strcmp0 (code, CF_FINDING_CERTS_PLAN_UNKNOWN) == 0)
    return _("Programa de Estudios, or the student’s data");
  switch (cf_student_check_get_place (finding))
    {
    case CF_STUDENT_PLACE_GRADES:
      return _("the subjects table");
    case CF_STUDENT_PLACE_PLAN:
      return _("Programa de Estudios");
    case CF_STUDENT_PLACE_SIGNERS:
      return _("Firmantes");
    case CF_STUDENT_PLACE_STUDENT:
    default:
      return _("the student’s data");
    }
}

/* ------------------------------------------------------------------ */
/* Refresh                                                            */
/* ------------------------------------------------------------------ */

gboolean
cf_certs_refresh (CfContext     *context,
                  GCancellable  *cancellable,
                  guint         *n_ready,
                  GError       **error)
{
  return cf_certs_refresh_ids (context, NULL, 0, cancellable, n_ready, error);
}

/* Certificates checked per read of the store by cf_certs_refresh(). */
#define REFRESH_SLICE 500

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Each borrador or listo one of @rows checked: its result appended to
 * @results, its findings' JSON kept in @texts. */
static gboolean
check_rows (GPtrArray     *rows,
            CfPlanBook    *book,
            char         **signer_campuses,
            GArray        *results,
            GPtrArray     *texts,
            GCancellable  *cancellable,
            GError       **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) findings = NULL;
      CfCertCheckResult result;
      char *json;

      if (row->status != CF_CERT_STATUS_BORRADOR && row->status != CF_CERT_STATUS_LISTO)
        continue;
      if (i % 64 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      findings = cf_certs_check_student (row->student, book, (const char * const *) signer_campuses, NULL, NULL);
      json = cf_finding_list_to_json (findings);
      g_ptr_array_add (texts, json);
      result = (CfCertCheckResult) {
        .id = row->id,
        .row_version = row->row_version,
        .ready = cf_student_check_is_ready (findings),
        .findings = json,
      };
      g_array_append_val (results, result);
    }
  return TRUE;
}

gboolean
cf_certs_refresh_ids (CfContext     *context,
                      const gint64  *ids,
                      guint          n_ids,
                      GCancellable  *cancellable,
                      guint         *n_ready,
                      GError       **error)
{
  CfStore *store;
  g_autoptr(CfPlanBook) book = NULL;
  g_auto(GStrv) signer_campuses = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint counts[CF_CERT_N_STATUS];

  g_return_val_if_fail (CF_IS_CONTEXT (context), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  store = cf_context_get_store (context);
  if (!cf_cert_repo_ensure_all (store, NULL, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  book = cf_plan_book_load (store, error);
  if (book == NULL)
    return FALSE;
  signer_campuses = cf_signer_repo_campuses_with_signer (store, error);
  if (signer_campuses == NULL)
    return FALSE;
  results = g_array_new (FALSE, TRUE, sizeof (CfCertCheckResult));
  if (ids == NULL)
    {
      /* Every certificate, a slice of ids at a time with its grades: the
       * memory stays that of one slice, whatever the store holds. */
      g_autoptr(GPtrArray) all = cf_cert_repo_list (store, NULL, FALSE, error);
      g_autoptr(GArray) sorted = NULL;

      if (all == NULL)
        return FALSE;
      sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), all->len);
      for (guint i = 0; i < all->len; i++)
        {
          CfCertRow *row = g_ptr_array_index (all, i);

          if (row->status == CF_CERT_STATUS_BORRADOR || row->status == CF_CERT_STATUS_LISTO)
            g_array_append_val (sorted, row->id);
        }
      g_clear_pointer (&all, g_ptr_array_unref);
      g_array_sort (sorted, compare_ids);
      for (guint i = 0; i < sorted->len; i += REFRESH_SLICE)
        {
          CfCertFilter filter = CF_CERT_FILTER_INIT;

          filter.min_id = g_array_index (sorted, gint64, i);
          filter.max_id = g_array_index (sorted, gint64, MIN (i + REFRESH_SLICE, sorted->len) - 1);
          rows = cf_cert_repo_list (store, &filter, TRUE, error);
          if (rows == NULL || !check_rows (rows, book, signer_campuses, results, texts, cancellable, error))
            return FALSE;
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
    }
  else
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_cert_row_free);
      for (guint i = 0; i < n_ids; i++)
        {
          CfCertRow *row = cf_cert_repo_get (store, ids[i], error);

          if (row == NULL)
            return FALSE;
          g_ptr_array_add (rows, row);
        }
      if (!check_rows (rows, book, signer_campuses, results, texts, cancellable, error))
        return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!cf_cert_repo_set_checks (store, (const CfCertCheckResult *) (gpointer) results->data, results->len,
                                NULL, error))
    return FALSE;

  if (n_ready != NULL)
    {
      if (!cf_cert_repo_count_by_status (store, counts, error))
        return FALSE;
      *n_ready = 0;
      for (guint s = CF_CERT_STATUS_LISTO; s < CF_CERT_N_STATUS; s++)
        if (s != CF_CERT_STATUS_RECHAZADO && s != CF_CERT_STATUS_CANCELADO)
          *n_ready += counts[s];
    }
  return TRUE;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  guint n_ready = 0;

  if (!cf_certs_refresh (CF_CONTEXT (source_object), cancellable, &n_ready, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n_ready);
}

void
cf_certs_refresh_async (CfContext           *context,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_CONTEXT (context));

  task = g_task_new (context, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_certs_refresh_async);
  g_task_run_in_thread (task, refresh_thread);
}

gboolean
cf_certs_refresh_finish (CfContext     *context,
                         GAsyncResult  *result,
                         guint         *n_ready,
                         GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, context), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (n_ready != NULL)
    *n_ready = (guint) value;
  return TRUE;
}
