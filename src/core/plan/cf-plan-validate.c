/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan-private.h"
#include "cf-plan-validate.h"

#define COMPLEMENTARIA "266"
#define MAX_ID 2147483647.0

typedef struct
{
  CfPlanBook          *book;
  CfPlanHistory       *history;
  CfPlanValidateFlags  flags;
  GPtrArray           *findings;
  GHashTable          *first_row;   /* node uid → row of its first subject */
  GHashTable          *row_of;      /* subject uid → row */
  GHashTable          *sort_rows;   /* CfFinding* → row, for the final order */
} Validator;

/* ------------------------------------------------------------------ */
/* Paths                                                               */
/* ------------------------------------------------------------------ */

char *
cf_plan_finding_path (guint        row,
                      CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);

  if (row == 0)
    return g_strdup_printf ("/Programa/@%s", cf_plan_column_get_name (column));
  return g_strdup_printf ("/Programa/Fila[%u]/@%s", row, cf_plan_column_get_name (column));
}

gboolean
cf_plan_finding_parse_path (const char   *path,
                            guint        *row,
                            CfPlanColumn *column)
{
  const char *p;
  guint64 number = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_str_has_prefix (path, "/Programa/"))
    return FALSE;
  p = path + strlen ("/Programa/");

  if (g_str_has_prefix (p, "Fila["))
    {
      char *end = NULL;

      number = g_ascii_strtoull (p + 5, &end, 10);
      if (end == p + 5 || *end != ']' || number == 0 || number > G_MAXUINT)
        return FALSE;
      p = end + 1;
      if (*p != '/')
        return FALSE;
      p++;
    }

  if (*p != '@')
    return FALSE;
  p++;

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    if (g_str_equal (p, cf_plan_column_get_name (c)))
      {
        if (row != NULL)
          *row = (guint) number;
        if (column != NULL)
          *column = c;
        return TRUE;
      }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Value shapes                                                        */
/* ------------------------------------------------------------------ */

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

gboolean
cf_plan_rvoe_is_valid (const char *rvoe)
{
  const char *rest = NULL;

  g_return_val_if_fail (rvoe != NULL, FALSE);

  if (all_digits (rvoe))
    return TRUE;

  if (g_str_has_prefix (rvoe, "ACUERDO"))
    rest = rvoe + strlen ("ACUERDO");
  else if (g_str_has_prefix (rvoe, "DECRETO"))
    rest = rvoe + strlen ("DECRETO");
  else
    return FALSE;

  /* "ACUERDO 1980", "ACUERDO NO. 17", "DECRETO 2/1985" */
  while (*rest == ' ')
    rest++;
  if (g_str_has_prefix (rest, "NO."))
    rest += 3;
  else if (g_str_has_prefix (rest, "NUM."))
    rest += 4;
  while (*rest == ' ')
    rest++;

  if (!g_ascii_isdigit (*rest))
    return FALSE;
  for (; *rest; rest++)
    if (!g_ascii_isdigit (*rest) && *rest != '/' && *rest != '-' && *rest != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_whole (const char *text,
          double      min,
          double      max)
{
  double value;

  return all_digits (text) && _cf_plan_parse_number (text, &value) && value >= min && value <= max;
}

static gboolean
is_real_date (const char *text,
              GDate      *date)
{
  /* The canonical form is YYYY-MM-DD: anything else did not parse. */
  return strlen (text) == 10 && text[4] == '-' && text[7] == '-' && _cf_plan_parse_date (text, date);
}

static gboolean
in_catalog (const char *catalog,
            const char *code)
{
  return cf_catalog_lookup (catalog, code) != NULL;
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

static void add_finding (Validator         *v,
                         CfFindingSeverity  severity,
                         const char        *code,
                         guint              row,
                         CfPlanColumn       column,
                         const char        *format,
                         ...) G_GNUC_PRINTF (6, 7);

static void
add_finding (Validator         *v,
             CfFindingSeverity  severity,
             const char        *code,
             guint              row,
             CfPlanColumn       column,
             const char        *format,
             ...)
{
  g_autofree char *path = cf_plan_finding_path (row, column);
  g_autofree char *message = NULL;
  CfFinding *finding;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  finding = cf_finding_new (severity, code, path, message);
  g_hash_table_insert (v->sort_rows, finding, GUINT_TO_POINTER (row));
  g_ptr_array_add (v->findings, finding);
}

static guint
row_of_node (Validator  *v,
             CfPlanNode *node)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (v->first_row, GUINT_TO_POINTER (cf_plan_node_get_uid (node))));
}

/* Sent to SEP: not under a withdrawn plan, and not a career, campus or
 * institution whose plans are all withdrawn. */
static gboolean
node_is_sent (CfPlanNode *node)
{
  guint n;

  if (cf_plan_node_get_level (node) >= CF_PLAN_LEVEL_PLAN)
    return cf_plan_node_is_current (node);

  n = cf_plan_node_get_n_children (node);
  if (n == 0)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (node_is_sent (cf_plan_node_get_child (node, i)))
      return TRUE;
  return FALSE;
}

static void
check_value (Validator    *v,
             CfPlanNode   *node,
             CfPlanColumn  column,
             guint         row)
{
  const char *value = cf_plan_node_get (node, column);
  /* In words, SEP's name after it: "Plan key (CLAVE_PLAN)". */
  g_autofree char *name = g_strdup_printf (_("%s (%s)"), cf_plan_column_get_label (column),
                                           cf_plan_column_get_name (column));
  double number;
  GDate date;

  if (*value == '\0')
    {
      if (cf_plan_column_is_required (column))
        /* Translators: %s is a column in words and its SEP name,
         * "RVOE number (NO_RVOE)". */
        add_finding (v, CF_FINDING_ERROR, "plan.required", row, column,
                     _("%s is empty; SEP needs it."), name);
      return;
    }

  switch (cf_plan_column_get_kind (column))
    {
    case CF_PLAN_KIND_TEXT:
      if (column == CF_PLAN_COL_NO_RVOE && !cf_plan_rvoe_is_valid (value))
        add_finding (v, CF_FINDING_ERROR, "plan.rvoe-format", row, column,
                     _("The RVOE number “%s” is not valid: write only its digits "
                       "(20180409), or ACUERDO or DECRETO and its number."), value);
      break;

    case CF_PLAN_KIND_DIGITS:
      if (!all_digits (value))
        add_finding (v, CF_FINDING_ERROR, "plan.not-digits", row, column,
                     _("%s “%s” must be made of digits only."), name, value);
      break;

    case CF_PLAN_KIND_INTEGER:
      if (column == CF_PLAN_COL_ID_CARRERA || column == CF_PLAN_COL_ID_ASIGNATURA)
        {
          if (!is_whole (value, 1, MAX_ID))
            add_finding (v, CF_FINDING_ERROR, "plan.id-not-integer", row, column,
                         _("%s “%s” must be a whole number greater than zero."), name, value);
        }
      else if (!is_whole (value, column == CF_PLAN_COL_PERIODO ? 1 : 0, MAX_ID))
        add_finding (v, CF_FINDING_ERROR, "plan.not-integer", row, column,
                     column == CF_PLAN_COL_PERIODO
                       ? _("%s “%s” must be a whole number from 1 (the period of the plan where the subject sits).")
                       : _("%s “%s” must be a whole number."),
                     name, value);
      break;

    case CF_PLAN_KIND_NUMBER:
      if (!_cf_plan_parse_number (value, &number) || number < 0)
        add_finding (v, CF_FINDING_ERROR, "plan.not-number", row, column,
                     _("%s “%s” must be a number (zero or more)."), name, value);
      break;

    case CF_PLAN_KIND_DATE:
      if (!is_real_date (value, &date))
        add_finding (v, CF_FINDING_ERROR, "plan.bad-date", row, column,
                     _("%s “%s” is not a real date; write it as 2018-03-07 or 07/03/2018."),
                     name, value);
      else
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          GDate today;

          g_date_clear (&today, 1);
          g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                          g_date_time_get_month (now), g_date_time_get_year (now));
          if (g_date_compare (&date, &today) > 0)
            add_finding (v, CF_FINDING_WARNING, "plan.future-date", row, column,
                         _("%s %s is in the future."), name, value);
        }
      break;

    case CF_PLAN_KIND_CATALOG:
      if (!in_catalog (cf_plan_column_get_catalog (column), value))
        add_finding (v, CF_FINDING_ERROR, "plan.unknown-code", row, column,
                     _("%s “%s” is not a code of SEP's catalog %s."),
                     name, value, cf_plan_column_get_catalog (column));
      break;

    case CF_PLAN_KIND_STATUS:
      if (!g_str_equal (value, CF_PLAN_STATUS_CURRENT) && !g_str_equal (value, CF_PLAN_STATUS_WITHDRAWN))
        add_finding (v, CF_FINDING_ERROR, "plan.bad-status", row, column,
                     _("ESTATUS_PLAN “%s” must be %s (current) or %s (withdrawn)."),
                     value, CF_PLAN_STATUS_CURRENT, CF_PLAN_STATUS_WITHDRAWN);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Every value a node owns, once, on its first row. */
static void
check_node_values (Validator  *v,
                   CfPlanNode *node,
                   guint       row)
{
  CfPlanLevel level = cf_plan_node_get_level (node);

  for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
    if (cf_plan_column_get_level (c) == level)
      check_value (v, node, c, row);
}

static void
check_plan (Validator  *v,
            CfPlanNode *plan,
            guint       row)
{
  const char *min_text = cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA);
  const char *max_text = cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MAXIMA);
  const char *pass_text = cf_plan_node_get (plan, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA);
  const char *total_text = cf_plan_node_get (plan, CF_PLAN_COL_TOTAL_ASIGNATURAS);
  const char *credits_text = cf_plan_node_get (plan, CF_PLAN_COL_TOTAL_CREDITOS);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = cf_plan_node_get_n_children (plan);
  guint counting = 0;
  double credits = 0, counting_credits = 0;
  gboolean credits_ok = TRUE;
  double min, max, pass, total;

  if (n == 0)
    {
      add_finding (v, CF_FINDING_WARNING, "plan.empty", row, CF_PLAN_COL_CLAVE_PLAN,
                   _("Plan %s of career %s has no subjects; it is left out of the file."),
                   cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN),
                   cf_plan_node_get (plan, CF_PLAN_COL_ID_CARRERA));
      return;
    }

  if (_cf_plan_parse_number (min_text, &min) && _cf_plan_parse_number (max_text, &max) &&
      _cf_plan_parse_number (pass_text, &pass) && !(min < pass && pass <= max))
    add_finding (v, CF_FINDING_ERROR, "plan.grading-scale", row, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA,
                 _("The grading scale does not hold together: the minimum (%s) must be below the "
                   "passing grade (%s), and the passing grade at most the maximum (%s)."),
                 min_text, pass_text, max_text);

  for (guint i = 0; i < n; i++)
    {
      CfPlanNode *subject = cf_plan_node_get_child (plan, i);
      guint subject_row = GPOINTER_TO_UINT (g_hash_table_lookup (v->row_of,
                                                                 GUINT_TO_POINTER (cf_plan_node_get_uid (subject))));
      const char *id = cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA);
      const char *key = cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_ASIGNATURA);
      const char *name = cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA);
      const char *type = cf_plan_node_get (subject, CF_PLAN_COL_ID_TIPO_ASIGNATURA);
      CfPlanNode *earlier;
      double value = 0;

      if (!_cf_plan_parse_number (cf_plan_node_get (subject, CF_PLAN_COL_CREDITOS), &value))
        credits_ok = FALSE;
      credits += value;
      /* COMPLEMENTARIA subjects count in no total (domain reference, section 5). */
      if (!g_str_equal (type, COMPLEMENTARIA))
        {
          counting++;
          counting_credits += value;
        }

      if (*id != '\0' && (earlier = g_hash_table_lookup (ids, id)) != NULL)
        add_finding (v, CF_FINDING_ERROR, "plan.duplicate-id", subject_row, CF_PLAN_COL_ID_ASIGNATURA,
                     _("ID_ASIGNATURA %s appears twice in plan %s (also on row %u)."), id,
                     cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN),
                     GPOINTER_TO_UINT (g_hash_table_lookup (v->row_of,
                                                            GUINT_TO_POINTER (cf_plan_node_get_uid (earlier)))));
      else if (*id != '\0')
        g_hash_table_insert (ids, (gpointer) id, subject);

      if (*key != '\0' && *name != '\0')
        {
          CfPlanNode *same_key = g_hash_table_lookup (names, key);

          if (same_key == NULL)
            g_hash_table_insert (names, (gpointer) key, subject);
          else if (!g_str_equal (cf_plan_node_get (same_key, CF_PLAN_COL_NOMBRE_ASIGNATURA), name))
            add_finding (v, CF_FINDING_ERROR, "plan.key-two-names", subject_row, CF_PLAN_COL_NOMBRE_ASIGNATURA,
                         _("Subject key %s has two names in plan %s: “%s” and “%s”."), key,
                         cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN),
                         cf_plan_node_get (same_key, CF_PLAN_COL_NOMBRE_ASIGNATURA), name);
        }
    }

  /* Either reading of "the subjects listed" is accepted: all of them, or
   * those that count (the MEC's cross-checks are unpublished). */
  if (is_whole (total_text, 0, MAX_ID) && _cf_plan_parse_number (total_text, &total) &&
      total != n && total != counting)
    add_finding (v, CF_FINDING_ERROR, "plan.total-subjects", row, CF_PLAN_COL_TOTAL_ASIGNATURAS,
                 _("TOTAL_ASIGNATURAS is %s but plan %s lists %u subjects (%u without COMPLEMENTARIA ones)."),
                 total_text, cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN), n, counting);

  if (credits_ok && _cf_plan_parse_number (credits_text, &total) &&
      fabs (total - credits) > 1e-6 && fabs (total - counting_credits) > 1e-6)
    {
      g_autofree char *sum = _cf_plan_format_number (credits);
      g_autofree char *counting_sum = _cf_plan_format_number (counting_credits);

      add_finding (v, CF_FINDING_ERROR, "plan.total-credits", row, CF_PLAN_COL_TOTAL_CREDITOS,
                   _("TOTAL_CREDITOS is %s but the credits of the subjects of plan %s add up to %s "
                     "(%s without COMPLEMENTARIA ones)."),
                   credits_text, cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN), sum, counting_sum);
    }
}

/* IDs: unique within the book for one career/subject, and never another
 * one's from history. */
static void
check_ids (Validator    *v,
           CfPlanLevel   level,
           CfPlanColumn  id_column,
           CfPlanColumn  key_column)
{
  g_autoptr(GPtrArray) nodes = cf_plan_book_list_level (v->book, level);
  g_autoptr(GHashTable) first = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean career = level == CF_PLAN_LEVEL_CAREER;

  for (guint i = 0; i < nodes->len; i++)
    {
      CfPlanNode *node = g_ptr_array_index (nodes, i);
      const char *id = cf_plan_node_get (node, id_column);
      const char *key = cf_plan_node_get (node, key_column);
      guint row = career ? row_of_node (v, node)
                         : GPOINTER_TO_UINT (g_hash_table_lookup (v->row_of,
                                                                  GUINT_TO_POINTER (cf_plan_node_get_uid (node))));
      const CfPlanIdUse *use;
      CfPlanNode *earlier;

      if (*id == '\0')
        continue;

      earlier = g_hash_table_lookup (first, id);
      if (earlier == NULL)
        g_hash_table_insert (first, (gpointer) id, node);
      else if (career ? (!g_str_equal (cf_plan_node_get (earlier, key_column), key) ||
                         cf_plan_node_get_parent (earlier) == cf_plan_node_get_parent (node))
                      : (!g_str_equal (cf_plan_node_get (earlier, key_column), key) &&
                         /* twice in one plan: check_plan() said so */
                         cf_plan_node_get_parent (earlier) != cf_plan_node_get_parent (node)))
        {
          /* Two careers with one ID in one campus, or one ID for two keys. */
          if (career)
            add_finding (v, CF_FINDING_ERROR, "plan.duplicate-id", row, id_column,
                         _("ID_CARRERA %s is given to two careers (%s and %s)."), id,
                         cf_plan_node_get (earlier, key_column), key);
          else
            add_finding (v, CF_FINDING_ERROR, "plan.duplicate-id", row, id_column,
                         _("ID_ASIGNATURA %s is given to two subjects (keys %s and %s)."), id,
                         cf_plan_node_get (earlier, key_column), key);
        }

      if (v->history != NULL && (use = cf_plan_history_lookup (v->history, id_column, id)) != NULL &&
          !g_str_equal (use->clave, key))
        {
          if (career)
            add_finding (v, CF_FINDING_ERROR, "plan.id-reused", row, id_column,
                         _("ID_CARRERA %s was sent to SEP on %s for career %s (%s); an ID is never "
                           "given to another career. Choose a new ID."),
                         id, use->first_used, use->clave, use->nombre);
          else
            add_finding (v, CF_FINDING_ERROR, "plan.id-reused", row, id_column,
                         _("ID_ASIGNATURA %s was sent to SEP on %s for subject %s (%s); an ID is never "
                           "given to another subject. Choose a new ID."),
                         id, use->first_used, use->clave, use->nombre);
        }
    }
}

static void
check_plan_keys (Validator  *v,
                 CfPlanNode *career)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < cf_plan_node_get_n_children (career); i++)
    {
      CfPlanNode *plan = cf_plan_node_get_child (career, i);
      const char *key = cf_plan_node_get (plan, CF_PLAN_COL_CLAVE_PLAN);

      if (*key == '\0')
        continue;
      if (g_hash_table_contains (seen, key))
        add_finding (v, CF_FINDING_ERROR, "plan.duplicate-plan", row_of_node (v, plan), CF_PLAN_COL_CLAVE_PLAN,
                     _("Career %s has two plans with CLAVE_PLAN %s."),
                     cf_plan_node_get (career, CF_PLAN_COL_ID_CARRERA), key);
      g_hash_table_add (seen, (gpointer) key);
    }
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GHashTable *rows = user_data;
  guint ra = GPOINTER_TO_UINT (g_hash_table_lookup (rows, *(gpointer *) a));
  guint rb = GPOINTER_TO_UINT (g_hash_table_lookup (rows, *(gpointer *) b));

  return ra < rb ? -1 : ra > rb;
}

GPtrArray *
cf_plan_validate (CfPlanBook          *book,
                  CfPlanHistory       *history,
                  CfPlanValidateFlags  flags)
{
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) careers = NULL;
  Validator v = { 0 };

  g_return_val_if_fail (CF_IS_PLAN_BOOK (book), NULL);

  v.book = book;
  v.history = history;
  v.flags = flags;
  v.findings = cf_finding_list_new ();
  v.first_row = g_hash_table_new (NULL, NULL);
  v.row_of = g_hash_table_new (NULL, NULL);
  v.sort_rows = g_hash_table_new (NULL, NULL);

  subjects = cf_plan_book_list_subjects (book, FALSE);
  for (guint i = 0; i < subjects->len; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (subjects, i);
      guint row = (flags & CF_PLAN_VALIDATE_SOURCE_ROWS) ? _cf_plan_node_get_source_row (subject) : i + 2;

      g_hash_table_insert (v.row_of, GUINT_TO_POINTER (cf_plan_node_get_uid (subject)), GUINT_TO_POINTER (row));
      for (CfPlanNode *node = subject; node != NULL; node = cf_plan_node_get_parent (node))
        if (!g_hash_table_contains (v.first_row, GUINT_TO_POINTER (cf_plan_node_get_uid (node))))
          g_hash_table_insert (v.first_row, GUINT_TO_POINTER (cf_plan_node_get_uid (node)), GUINT_TO_POINTER (row));
    }

  /* Values, level by level, each once on its owner's first row. */
  for (CfPlanLevel level = CF_PLAN_LEVEL_INSTITUTION; level <= CF_PLAN_LEVEL_SUBJECT; level++)
    {
      g_autoptr(GPtrArray) nodes = cf_plan_book_list_level (book, level);

      for (guint i = 0; i < nodes->len; i++)
        {
          CfPlanNode *node = g_ptr_array_index (nodes, i);
          guint row = row_of_node (&v, node);

          if (level == CF_PLAN_LEVEL_PLAN && !cf_plan_node_is_current (node))
            {
              check_value (&v, node, CF_PLAN_COL_ESTATUS_PLAN, row);
              add_finding (&v, CF_FINDING_WARNING, "plan.withdrawn", row, CF_PLAN_COL_ESTATUS_PLAN,
                           _("Plan %s of career %s is withdrawn: it is kept here but not sent to SEP."),
                           cf_plan_node_get (node, CF_PLAN_COL_CLAVE_PLAN),
                           cf_plan_node_get (node, CF_PLAN_COL_ID_CARRERA));
              continue;
            }
          if (!node_is_sent (node))
            continue;
          /* An institution with nothing in it is an empty store, not an error. */
          if (level == CF_PLAN_LEVEL_INSTITUTION && cf_plan_node_get_n_children (node) == 0)
            continue;

          check_node_values (&v, node, row);
          if (level == CF_PLAN_LEVEL_PLAN)
            check_plan (&v, node, row);
          else if (level == CF_PLAN_LEVEL_CAREER)
            check_plan_keys (&v, node);
        }
    }

  check_ids (&v, CF_PLAN_LEVEL_CAREER, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_CARRERA);
  check_ids (&v, CF_PLAN_LEVEL_SUBJECT, CF_PLAN_COL_ID_ASIGNATURA, CF_PLAN_COL_CLAVE_ASIGNATURA);

  g_ptr_array_sort_with_data (v.findings, compare_findings, v.sort_rows);

  g_hash_table_unref (v.first_row);
  g_hash_table_unref (v.row_of);
  g_hash_table_unref (v.sort_rows);
  return v.findings;
}
