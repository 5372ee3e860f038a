/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-dec-validate.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-cadena.h"
#include "cf-catalog.h"
#include "cf-curp.h"
#include "cf-date.h"
#include "cf-dec-schema.h"
#include "cf-dec-xml.h"

/* The shared state of one validation run. */
typedef struct
{
  CfDec                      *dec;
  const CfDecValidateOptions *options;
  GPtrArray                  *findings;
  GDate                       issue_date;   /* Expedicion/@fecha, invalid when unknown */
} Check;

static void
add (Check             *check,
     CfFindingSeverity  severity,
     const char        *code,
     const char        *path,
     const char        *message)
{
  g_ptr_array_add (check->findings, cf_finding_new (severity, code, path, message));
}

static void add_printf (Check             *check,
                        CfFindingSeverity  severity,
                        const char        *code,
                        const char        *path,
                        const char        *format,
                        ...) G_GNUC_PRINTF (5, 6);

static void
add_printf (Check             *check,
            CfFindingSeverity  severity,
            const char        *code,
            const char        *path,
            const char        *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add (check, severity, code, path, message);
}

/* The value as the cadena sees it (trimmed, blanks collapsed); NULL when absent. */
static char *
dup_value (CfDec      *dec,
           CfDecField  field)
{
  const char *text = cf_dec_get (dec, field);

  return text != NULL ? cf_cadena_normalize_value (text) : NULL;
}

/* TRUE when normalising @text would not change it: no blank at either
 * end, no two in a row, no tab, CR or LF. */
static gboolean
is_normalized (const char *text)
{
  if (*text == ' ')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((*p == ' ' && (p[1] == ' ' || p[1] == '\0')) || *p == '\t' || *p == '\r' || *p == '\n')
      return FALSE;
  return TRUE;
}

/* A subject's value as the cadena sees it, NULL when absent: the value
 * itself in the usual case, else a normalised copy left in *@owned (this
 * runs for every subject; most values need no copy). */
static const char *
subject_value (CfAsignatura       *subject,
               CfAsignaturaField   field,
               char              **owned)
{
  const char *text = cf_asignatura_get (subject, field);

  *owned = NULL;
  if (text == NULL || is_normalized (text))
    return text;
  return *owned = cf_cadena_normalize_value (text);
}

static char *
format_hundredths (gint64 value)
{
  return cf_dec_format_decimal (value, 2);
}

/* Dates in findings are read by people: in words. */
static char *
format_date (const GDate *date)
{
  return cf_date_to_words (date);
}

/* ------------------------------------------------------------------ */
/* Totals (section 5)                                                  */
/* ------------------------------------------------------------------ */

void
cf_dec_compute_totals (CfDec       *dec,
                       CfDecTotals *out_totals)
{
  /* Keys borrowed from the subjects, or from @copies. */
  g_autoptr(GHashTable) cycles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  gint64 passing = G_MININT64;
  gint64 grade_sum = 0;
  gint64 graded = 0;
  guint n;

  g_return_if_fail (CF_IS_DEC (dec));
  g_return_if_fail (out_totals != NULL);

  memset (out_totals, 0, sizeof *out_totals);
  /* Without a readable passing grade every numeric grade counts as passed. */
  if (!cf_dec_get_decimal (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, &passing))
    passing = G_MININT64;

  n = cf_dec_get_n_asignaturas (dec);
  for (guint i = 0; i < n; i++)
    {
      CfAsignatura *subject = cf_dec_get_asignatura (dec, i);
      char *copy;
      const char *ciclo = subject_value (subject, CF_ASIGNATURA_FIELD_CICLO, &copy);
      int grade;
      gint64 credits = 0;
      gboolean passed;

      if (copy != NULL)
        g_ptr_array_add (copies, copy);
      if (ciclo != NULL)
        g_hash_table_add (cycles, (gpointer) ciclo);

      /* COMPLEMENTARIA subjects are listed but count in none of the totals. */
      if (cf_asignatura_is_complementaria (subject))
        continue;

      out_totals->total++;
      if (!cf_asignatura_get_grade (subject, &grade))
        continue;

      if (grade == CF_DEC_GRADE_AC)
        passed = TRUE;
      else
        {
          grade_sum += grade;
          graded++;
          passed = grade >= passing;
        }

      if (passed)
        {
          out_totals->asignadas++;
          if (cf_asignatura_get_creditos (subject, &credits))
            out_totals->creditos_obtenidos += credits;
        }
    }

  /* Truncated, not rounded: integer division of non-negative hundredths. */
  out_totals->promedio = graded > 0 ? grade_sum / graded : CF_DEC_VALIDATE_UNKNOWN;
  out_totals->numero_ciclos = g_hash_table_size (cycles);
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */
/* ------------------------------------------------------------------ */

static void
check_pipes (Check *check)
{
  guint n = cf_dec_get_n_asignaturas (check->dec);

  for (guint f = 0; f < CF_DEC_N_FIELDS; f++)
    {
      const char *value = cf_dec_get (check->dec, f);

      if (value != NULL && strchr (value, '|') != NULL)
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_VALUE_PIPE, cf_dec_field_get_path (f),
                    _("The value of “%s” contains “|”, which separates the values of the cadena original; remove it."),
                    cf_dec_field_get_attribute (f));
    }

  for (guint i = 0; i < n; i++)
    {
      CfAsignatura *subject = cf_dec_get_asignatura (check->dec, i);

      for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
        {
          const char *value = cf_asignatura_get (subject, f);

          if (value != NULL && strchr (value, '|') != NULL)
            {
              g_autofree char *path = cf_asignatura_field_dup_path (f, i);

              add_printf (check, CF_FINDING_ERROR, CF_FINDING_VALUE_PIPE, path,
                          _("The value of “%s” in subject %u contains “|”, which separates the values of the cadena original; remove it."),
                          cf_asignatura_field_get_attribute (f), i + 1);
            }
        }
    }
}

static const char *
signer_curp_matching (CfCertificate *signer,
                      const char    *curp)
{
  const char *own = cf_certificate_get_curp (signer);
  const char *representative = cf_certificate_get_representative_curp (signer);

  if (curp != NULL && own != NULL && g_ascii_strcasecmp (own, curp) == 0)
    return own;
  if (curp != NULL && representative != NULL && g_ascii_strcasecmp (representative, curp) == 0)
    return representative;
  return NULL;
}

static void
check_curps (Check *check)
{
  g_autofree char *student = dup_value (check->dec, CF_DEC_FIELD_ALUMNO_CURP);
  g_autofree char *responsible = dup_value (check->dec, CF_DEC_FIELD_RESPONSABLE_CURP);
  CfCertificate *signer = check->options->signer;
  g_autoptr(GError) error = NULL;

  if (student != NULL && !cf_curp_validate (student, &error))
    {
      gboolean digit = g_error_matches (error, CF_CURP_ERROR, CF_CURP_ERROR_CHECK_DIGIT);

      add_printf (check, CF_FINDING_ERROR,
                  digit ? CF_FINDING_CURP_CHECK_DIGIT : CF_FINDING_CURP_FORMAT,
                  cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_CURP),
                  _("The student’s CURP is not valid: %s"), error->message);
      g_clear_error (&error);
    }
  else if (student != NULL)
    {
      g_autoptr(GDate) from_curp = cf_curp_get_birth_date (student);
      GDate birth;
      gint64 gender;
      char sex = cf_curp_get_sex (student);

      g_date_clear (&birth, 1);
      if (cf_dec_get_date (check->dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, &birth) &&
          g_date_compare (&birth, from_curp) != 0)
        {
          g_autofree char *a = format_date (&birth);
          g_autofree char *b = format_date (from_curp);

          add_printf (check, CF_FINDING_WARNING, CF_FINDING_CURP_BIRTH_DATE,
                      cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO),
                      _("The birth date is %s but the student’s CURP says %s."), a, b);
        }

      if (cf_dec_get_integer (check->dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, &gender) &&
          ((sex == 'M' && gender == 251) || (sex == 'H' && gender == 250)))
        add_printf (check, CF_FINDING_WARNING, CF_FINDING_CURP_GENDER,
                    cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_ID_GENERO),
                    _("idGenero is %d but the student’s CURP says %s."), (int) gender,
                    sex == 'M' ? _("woman (M)") : _("man (H)"));
    }

  /* A CURP read from the signer's e.firma is what RENAPO issued: the check
   * digit is not second-guessed (SAT's own test e.firma fails it). */
  if (responsible != NULL &&
      !(signer != NULL && signer_curp_matching (signer, responsible) != NULL) &&
      !cf_curp_validate (responsible, &error))
    {
      gboolean digit = g_error_matches (error, CF_CURP_ERROR, CF_CURP_ERROR_CHECK_DIGIT);

      add_printf (check, digit ? CF_FINDING_WARNING : CF_FINDING_ERROR,
                  digit ? CF_FINDING_CURP_CHECK_DIGIT : CF_FINDING_CURP_FORMAT,
                  cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP),
                  _("The responsible’s CURP is not valid: %s"), error->message);
      g_clear_error (&error);
    }

  if (signer != NULL && responsible != NULL && signer_curp_matching (signer, responsible) == NULL)
    {
      const char *own = cf_certificate_get_curp (signer);

      if (own == NULL)
        own = cf_certificate_get_representative_curp (signer);
      if (own == NULL)
        add (check, CF_FINDING_ERROR, CF_FINDING_SIGNER_CURP,
             cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP),
             _("The e.firma carries no CURP, so it cannot be the Responsable’s."));
      else
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_SIGNER_CURP,
                    cf_dec_field_get_path (CF_DEC_FIELD_RESPONSABLE_CURP),
                    _("The Responsable’s CURP is %s but the e.firma belongs to %s: only the registered responsible of the campus can seal."),
                    responsible, own);
    }
}

static gboolean
check_date (Check      *check,
            CfDecField  field,
            GDate      *out_date)
{
  g_autofree char *text = dup_value (check->dec, field);
  const char *path = cf_dec_field_get_path (field);
  const char *attribute = cf_dec_field_get_attribute (field);
  g_autofree char *canonical = NULL;

  g_date_clear (out_date, 1);
  if (text == NULL)
    return FALSE;   /* the schema reports it */

  if (!cf_dec_parse_date (text, out_date))
    {
      add_printf (check, CF_FINDING_ERROR, CF_FINDING_DATE_INVALID, path,
                  _("“%s” of %s is not a date that exists; write it as YYYY-MM-DDT00:00:00."),
                  text, attribute);
      g_date_clear (out_date, 1);
      return FALSE;
    }

  canonical = cf_dec_format_date (out_date);
  if (strcmp (canonical, text) != 0)
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_DATE_FORMAT, path,
                _("%s is written “%s”; SEP’s format is “%s”."), attribute, text, canonical);
  return TRUE;
}

static void
check_dates (Check *check)
{
  GDate rvoe, birth;

  check_date (check, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, &rvoe);
  check_date (check, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, &birth);
  check_date (check, CF_DEC_FIELD_EXPEDICION_FECHA, &check->issue_date);

  if (!g_date_valid (&check->issue_date))
    return;

  if (g_date_valid (&birth) && g_date_compare (&birth, &check->issue_date) >= 0)
    {
      g_autofree char *a = format_date (&birth);
      g_autofree char *b = format_date (&check->issue_date);

      add_printf (check, CF_FINDING_ERROR, CF_FINDING_DATE_ORDER,
                  cf_dec_field_get_path (CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO),
                  _("The birth date (%s) must come before the issue date (%s)."), a, b);
    }

  if (g_date_valid (&rvoe) && g_date_compare (&rvoe, &check->issue_date) > 0)
    {
      g_autofree char *a = format_date (&rvoe);
      g_autofree char *b = format_date (&check->issue_date);

      add_printf (check, CF_FINDING_ERROR, CF_FINDING_DATE_ORDER,
                  cf_dec_field_get_path (CF_DEC_FIELD_RVOE_FECHA_EXPEDICION),
                  _("The RVOE date (%s) must not come after the issue date (%s)."), a, b);
    }
}

/* @path, or when NULL the path of @subject_field of subject @index, built
 * only when there is something to report (this runs for every subject). */
static void
check_code (Check             *check,
            const char        *catalog,
            const char        *attribute,
            const char        *static_path,
            CfAsignaturaField  subject_field,
            guint              index,
            const char        *raw,
            gboolean           required)
{
  g_autofree char *code = NULL;
  g_autofree char *owned_path = NULL;
  const char *path = static_path;
  CfCatalogEntry *entry;

  if (catalog == NULL || raw == NULL)
    return;

  entry = cf_catalog_lookup_entry (catalog, raw);
  if (entry != NULL && !g_date_valid (&check->issue_date))
    return;
  if (entry != NULL && cf_catalog_entry_is_valid_at (entry, &check->issue_date))
    return;

  if (path == NULL)
    path = owned_path = cf_asignatura_field_dup_path (subject_field, index);

  code = cf_cadena_normalize_value (raw);
  if (*code == '\0')
    {
      if (required)
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_CATALOG_UNKNOWN, path,
                    _("%s is empty; it must be a code of the %s catalog."), attribute, catalog);
      return;
    }

  entry = cf_catalog_lookup_entry (catalog, code);
  if (entry == NULL)
    {
      add_printf (check, CF_FINDING_ERROR, CF_FINDING_CATALOG_UNKNOWN, path,
                  _("“%s” is not a code of the %s catalog."), code, catalog);
      return;
    }

  if (g_date_valid (&check->issue_date) && !cf_catalog_entry_is_valid_at (entry, &check->issue_date))
    {
      g_autofree char *date = format_date (&check->issue_date);

      add_printf (check, CF_FINDING_ERROR, CF_FINDING_CATALOG_NOT_VALID, path,
                  _("Code “%s” (%s) of the %s catalog is not valid on the issue date, %s."),
                  code, cf_catalog_entry_get_description (entry), catalog, date);
    }
}

static void
check_catalogs (Check *check)
{
  guint n = cf_dec_get_n_asignaturas (check->dec);
  const char *passed[CF_ASIGNATURA_N_FIELDS] = { NULL };

  for (guint f = 0; f < CF_DEC_N_FIELDS; f++)
    {
      if (cf_dec_field_is_sep (f))
        continue;
      check_code (check, cf_dec_field_get_catalog (f), cf_dec_field_get_attribute (f),
                  cf_dec_field_get_path (f), 0, 0, cf_dec_get (check->dec, f),
                  cf_dec_field_is_required (f));
    }

  for (guint i = 0; i < n; i++)
    {
      CfAsignatura *subject = cf_dec_get_asignatura (check->dec, i);

      for (guint f = 0; f < CF_ASIGNATURA_N_FIELDS; f++)
        {
          const char *catalog = cf_asignatura_field_get_catalog (f);
          const char *raw = cf_asignatura_get (subject, f);
          guint before = check->findings->len;

          if (catalog == NULL)
            continue;
          /* Subjects repeat a handful of codes, and a code's check depends
           * on nothing but the code: one that just passed passes again. */
          if (raw != NULL && passed[f] != NULL && strcmp (raw, passed[f]) == 0)
            continue;
          check_code (check, catalog, cf_asignatura_field_get_attribute (f), NULL, f, i,
                      raw, cf_asignatura_field_is_required (f));
          passed[f] = check->findings->len == before ? raw : NULL;
        }
    }
}

/* Reads an integer attribute; reports it when present but not a number. */
static gboolean
get_integer (Check      *check,
             CfDecField  field,
             gint64     *out_value)
{
  const char *text = cf_dec_get (check->dec, field);

  if (text == NULL)
    return FALSE;
  if (cf_dec_parse_integer (text, out_value))
    return TRUE;
  add_printf (check, CF_FINDING_ERROR, CF_FINDING_NUMBER_INVALID, cf_dec_field_get_path (field),
              _("%s is “%s”, which is not a whole number."), cf_dec_field_get_attribute (field), text);
  return FALSE;
}

static gboolean
get_decimal (Check      *check,
             CfDecField  field,
             gint64     *out_value)
{
  const char *text = cf_dec_get (check->dec, field);

  if (text == NULL)
    return FALSE;
  if (cf_dec_parse_decimal (text, out_value))
    return TRUE;
  add_printf (check, CF_FINDING_ERROR, CF_FINDING_NUMBER_INVALID, cf_dec_field_get_path (field),
              _("%s is “%s”, which is not a number with up to two decimals."),
              cf_dec_field_get_attribute (field), text);
  return FALSE;
}

/* "AC", "10" or D.DD with D not 0-padded (what cf_dec_format_grade()
 * writes): the common case, checked without allocating. */
static gboolean
grade_is_canonical (const char *text)
{
  gsize len = strlen (text);

  if (strcmp (text, "AC") == 0 || strcmp (text, "10") == 0)
    return TRUE;
  return len == 4 && g_ascii_isdigit (text[0]) && text[1] == '.' &&
         g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]);
}

/* The grade scale of the Carrera, in hundredths; FALSE when unusable. */
static gboolean
check_scale (Check  *check,
             gint64 *out_min,
             gint64 *out_max)
{
  const CfDecField scale_fields[] = {
    CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA,
    CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA,
  };
  gint64 values[2];
  gint64 passing;
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (scale_fields); i++)
    {
      const char *text = cf_dec_get (check->dec, scale_fields[i]);
      const char *path = cf_dec_field_get_path (scale_fields[i]);
      const char *attribute = cf_dec_field_get_attribute (scale_fields[i]);

      if (text == NULL)
        {
          ok = FALSE;
          continue;
        }
      if (cf_dec_parse_integer (text, &values[i]))
        values[i] *= 100;
      else if (cf_dec_parse_decimal (text, &values[i]))
        add_printf (check, CF_FINDING_WARNING, CF_FINDING_GRADE_FORMAT, path,
                    _("%s is “%s”; SEP writes it as a whole number."), attribute, text);
      else
        {
          add_printf (check, CF_FINDING_ERROR, CF_FINDING_NUMBER_INVALID, path,
                      _("%s is “%s”, which is not a number."), attribute, text);
          ok = FALSE;
        }
    }

  if (ok && values[0] >= values[1])
    {
      g_autofree char *a = format_hundredths (values[0]);
      g_autofree char *b = format_hundredths (values[1]);

      add_printf (check, CF_FINDING_ERROR, CF_FINDING_GRADE_SCALE,
                  cf_dec_field_get_path (CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA),
                  _("The maximum grade (%s) must be greater than the minimum grade (%s)."), b, a);
      ok = FALSE;
    }

  if (get_decimal (check, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, &passing))
    {
      const char *text = cf_dec_get (check->dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA);
      const char *path = cf_dec_field_get_path (CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA);
      g_autofree char *canonical = format_hundredths (passing);
      g_autofree char *stripped = cf_cadena_normalize_value (text);

      if (strcmp (stripped, canonical) != 0)
        add_printf (check, CF_FINDING_WARNING, CF_FINDING_GRADE_FORMAT, path,
                    _("calificacionMinimaAprobatoria is “%s”; SEP writes it with two decimals, “%s”."),
                    stripped, canonical);

      if (ok && (passing < values[0] || passing > values[1]))
        {
          g_autofree char *a = format_hundredths (values[0]);
          g_autofree char *b = format_hundredths (values[1]);

          add_printf (check, CF_FINDING_ERROR, CF_FINDING_GRADE_SCALE, path,
                      _("The minimum passing grade (%s) must lie between the minimum (%s) and the maximum (%s)."),
                      canonical, a, b);
        }
    }

  *out_min = values[0];
  *out_max = values[1];
  return ok;
}

static void
check_subjects (Check *check)
{
  /* Keys borrowed from the subjects, or from @copies. */
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  guint n = cf_dec_get_n_asignaturas (check->dec);
  gint64 min = 0, max = 0;
  gboolean scale = check_scale (check, &min, &max);

  for (guint i = 0; i < n; i++)
    {
      CfAsignatura *subject = cf_dec_get_asignatura (check->dec, i);
      g_autofree char *grade_copy = NULL;
      g_autofree char *credits_copy = NULL;
      char *id_copy;
      const char *grade_text = subject_value (subject, CF_ASIGNATURA_FIELD_CALIFICACION, &grade_copy);
      const char *credits_text = subject_value (subject, CF_ASIGNATURA_FIELD_CREDITOS, &credits_copy);
      const char *id = subject_value (subject, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, &id_copy);
      int grade;
      gint64 credits;

      if (grade_text != NULL && !grade_is_canonical (grade_text))
        {
          g_autofree char *path = cf_asignatura_field_dup_path (CF_ASIGNATURA_FIELD_CALIFICACION, i);

          if (!cf_dec_parse_grade (grade_text, &grade))
            add_printf (check, CF_FINDING_ERROR, CF_FINDING_GRADE_INVALID, path,
                        _("The grade of subject %u is “%s”: write a number with two decimals (“8.50”, exactly ten “10”) or “AC”."),
                        i + 1, grade_text);
          else
            {
              g_autofree char *canonical = cf_dec_format_grade (grade);

              if (strcmp (canonical, grade_text) != 0)
                add_printf (check, CF_FINDING_WARNING, CF_FINDING_GRADE_FORMAT, path,
                            _("The grade of subject %u is written “%s”; SEP’s format is “%s”."),
                            i + 1, grade_text, canonical);

            }
        }

      if (grade_text != NULL && cf_dec_parse_grade (grade_text, &grade) &&
          grade != CF_DEC_GRADE_AC && scale && (grade < min || grade > max))
        {
          g_autofree char *path = cf_asignatura_field_dup_path (CF_ASIGNATURA_FIELD_CALIFICACION, i);
          g_autofree char *canonical = cf_dec_format_grade (grade);
          g_autofree char *a = format_hundredths (min);
          g_autofree char *b = format_hundredths (max);

          add_printf (check, CF_FINDING_ERROR, CF_FINDING_GRADE_RANGE, path,
                      _("The grade of subject %u, %s, is outside the plan’s scale, %s to %s."),
                      i + 1, canonical, a, b);
        }

      if (credits_text != NULL && !cf_dec_parse_decimal (credits_text, &credits))
        {
          g_autofree char *path = cf_asignatura_field_dup_path (CF_ASIGNATURA_FIELD_CREDITOS, i);

          add_printf (check, CF_FINDING_ERROR, CF_FINDING_NUMBER_INVALID, path,
                      _("The credits of subject %u are “%s”, which is not a number with up to two decimals."),
                      i + 1, credits_text);
        }

      if (id_copy != NULL)
        g_ptr_array_add (copies, id_copy);
      if (id != NULL && *id != '\0')
        {
          if (g_hash_table_contains (ids, id))
            {
              g_autofree char *path = cf_asignatura_field_dup_path (CF_ASIGNATURA_FIELD_ID_ASIGNATURA, i);

              add_printf (check, CF_FINDING_WARNING, CF_FINDING_DUPLICATE_SUBJECT, path,
                          _("Subject %u repeats idAsignatura “%s”; a subject passed late keeps one entry, with its later ciclo."),
                          i + 1, id);
            }
          else
            g_hash_table_add (ids, (gpointer) id);
        }
    }
}

/* TRUE when @field holds a readable integer other than @expected. */
static gboolean
count_differs (Check      *check,
               CfDecField  field,
               gint64      expected,
               int        *out_value)
{
  gint64 value;

  if (!get_integer (check, field, &value) || value == expected)
    return FALSE;
  *out_value = (int) CLAMP (value, G_MININT, G_MAXINT);
  return TRUE;
}

static void
check_totals (Check *check)
{
  const CfDecValidateOptions *options = check->options;
  CfDecTotals totals;
  gint64 total_credits = 0, obtained = 0, promedio = 0, plan_credits;
  gboolean have_total_credits, have_obtained;
  int value;
  g_autofree char *tipo = dup_value (check->dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION);
  gboolean is_total = g_strcmp0 (tipo, CF_DEC_TIPO_CERTIFICACION_TOTAL) == 0;
  gboolean is_partial = g_strcmp0 (tipo, CF_DEC_TIPO_CERTIFICACION_PARCIAL) == 0;

  cf_dec_compute_totals (check->dec, &totals);

  if (options->total_rule == CF_DEC_TOTAL_RULE_CERTIFICATE &&
      count_differs (check, CF_DEC_FIELD_ASIGNATURAS_TOTAL, totals.total, &value))
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_TOTAL,
                cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_TOTAL),
                _("“total” is %d but %d subjects on the certificate count (COMPLEMENTARIA ones do not)."),
                value, (int) totals.total);
  else if (options->total_rule == CF_DEC_TOTAL_RULE_PLAN && options->plan_subject_count >= 0 &&
           count_differs (check, CF_DEC_FIELD_ASIGNATURAS_TOTAL, options->plan_subject_count, &value))
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_TOTAL,
                cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_TOTAL),
                _("“total” is %d but the plan has %d counting subjects."),
                value, (int) options->plan_subject_count);

  if (count_differs (check, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, totals.asignadas, &value))
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_ASIGNADAS,
                cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS),
                _("“asignadas” is %d but %d counting subjects on the certificate are passed."),
                value, (int) totals.asignadas);

  if (cf_dec_get_version (check->dec) != CF_DEC_VERSION_2_0 &&
      count_differs (check, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, totals.numero_ciclos, &value))
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_NUMERO_CICLOS,
                cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS),
                _("“numeroCiclos” is %d but the subjects span %d distinct ciclos."),
                value, (int) totals.numero_ciclos);

  have_obtained = get_decimal (check, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, &obtained);
  if (have_obtained && obtained != totals.creditos_obtenidos)
    {
      g_autofree char *a = format_hundredths (obtained);
      g_autofree char *b = format_hundredths (totals.creditos_obtenidos);

      add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_CREDITOS,
                  cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS),
                  _("“creditosObtenidos” is %s but the passed counting subjects add up to %s credits."), a, b);
    }

  have_total_credits = get_decimal (check, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, &total_credits);
  if (have_total_credits && options->plan_total_credits >= 0 &&
      total_credits != options->plan_total_credits)
    {
      g_autofree char *a = format_hundredths (total_credits);
      g_autofree char *b = format_hundredths (options->plan_total_credits);

      add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_TOTAL_CREDITOS,
                  cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS),
                  _("“totalCreditos” is %s but the plan’s total credits are %s."), a, b);
    }
  else if (have_total_credits && options->plan_total_credits < 0 && is_total &&
           have_obtained && total_credits != obtained)
    {
      g_autofree char *a = format_hundredths (total_credits);
      g_autofree char *b = format_hundredths (obtained);

      add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_TOTAL_CREDITOS,
                  cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS),
                  _("On a TOTAL certificate “totalCreditos” (%s) and “creditosObtenidos” (%s) must be equal."), a, b);
    }

  if (totals.promedio != CF_DEC_VALIDATE_UNKNOWN &&
      get_decimal (check, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, &promedio))
    {
      g_autofree char *expected = cf_dec_format_grade ((int) totals.promedio);
      g_autofree char *text = dup_value (check->dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO);
      const char *path = cf_dec_field_get_path (CF_DEC_FIELD_ASIGNATURAS_PROMEDIO);

      if (promedio != totals.promedio)
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_TOTALS_PROMEDIO, path,
                    _("“promedio” is %s but the mean of the numeric grades of the counting subjects, truncated to two decimals, is %s."),
                    text, expected);
      else if (strcmp (text, expected) != 0)
        add_printf (check, CF_FINDING_WARNING, CF_FINDING_TOTALS_PROMEDIO_FORMAT, path,
                    _("“promedio” is written “%s”; SEP’s format is “%s”."), text, expected);
    }

  /* TOTAL when the credits obtained reach the plan's total credits. */
  plan_credits = options->plan_total_credits >= 0 ? options->plan_total_credits :
                 have_total_credits ? total_credits : -1;
  if (plan_credits >= 0 && (is_total || is_partial))
    {
      gboolean reached = totals.creditos_obtenidos >= plan_credits;
      g_autofree char *a = format_hundredths (totals.creditos_obtenidos);
      g_autofree char *b = format_hundredths (plan_credits);
      const char *path = cf_dec_field_get_path (CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION);

      if (is_total && !reached)
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_TIPO_CERTIFICACION, path,
                    _("The certificate is TOTAL (79) but the credits obtained, %s, do not reach the plan’s %s: it should be PARCIAL (80)."),
                    a, b);
      else if (is_partial && reached)
        add_printf (check, CF_FINDING_ERROR, CF_FINDING_TIPO_CERTIFICACION, path,
                    _("The certificate is PARCIAL (80) but the credits obtained, %s, reach the plan’s %s: it should be TOTAL (79)."),
                    a, b);
    }
}

static void
check_institution (Check *check)
{
  g_autofree char *entidad = dup_value (check->dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD);
  g_autofree char *institution = dup_value (check->dec, CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION);

  if (entidad != NULL && institution != NULL && strcmp (entidad, institution) != 0)
    add_printf (check, CF_FINDING_WARNING, CF_FINDING_ID_ENTIDAD,
                cf_dec_field_get_path (CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD),
                _("ServicioFirmante idEntidad is “%s” but the institution’s id is “%s”; in practice they are the same."),
                entidad, institution);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

void
cf_dec_validate_options_init (CfDecValidateOptions *options)
{
  const CfDecValidateOptions defaults = CF_DEC_VALIDATE_OPTIONS_INIT;

  g_return_if_fail (options != NULL);
  *options = defaults;
}

GPtrArray *
cf_dec_validate (CfDec                      *dec,
                 const CfDecValidateOptions *options)
{
  const CfDecValidateOptions defaults = CF_DEC_VALIDATE_OPTIONS_INIT;
  Check check = { 0 };

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (options == NULL || options->signer == NULL ||
                        CF_IS_CERTIFICATE (options->signer), NULL);

  check.dec = dec;
  check.options = options != NULL ? options : &defaults;
  check.findings = cf_finding_list_new ();
  g_date_clear (&check.issue_date, 1);

  /* Dates first: catalog validity depends on the issue date. */
  check_dates (&check);
  check_curps (&check);
  check_institution (&check);
  check_catalogs (&check);
  check_subjects (&check);
  check_totals (&check);
  check_pipes (&check);

  return g_steal_pointer (&check.findings);
}

GPtrArray *
cf_dec_validate_doc (xmlDoc                     *doc,
                     const CfDecValidateOptions *options,
                     GError                    **error)
{
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) semantic = NULL;
  g_autoptr(GHashTable) reported = NULL;
  g_autoptr(CfDec) dec = NULL;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  findings = cf_dec_schema_validate_doc (doc, error);
  if (findings == NULL)
    return NULL;

  dec = cf_dec_xml_read_doc (doc, error);
  if (dec == NULL)
    return NULL;

  /* One finding per attribute: the schema's explanation wins. */
  reported = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < findings->len; i++)
    g_hash_table_add (reported, (gpointer) cf_finding_get_path (g_ptr_array_index (findings, i)));

  semantic = cf_dec_validate (dec, options);
  for (guint i = 0; i < semantic->len; i++)
    {
      CfFinding *finding = g_ptr_array_index (semantic, i);

      if (!g_hash_table_contains (reported, cf_finding_get_path (finding)))
        g_ptr_array_add (findings, cf_finding_ref (finding));
    }

  return g_steal_pointer (&findings);
}

GPtrArray *
cf_dec_validate_file (const char                 *path,
                      const CfDecValidateOptions *options,
                      GError                    **error)
{
  xmlDoc *doc;
  GPtrArray *findings;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  findings = cf_dec_validate_doc (doc, options, error);
  xmlFreeDoc (doc);
  return findings;
}

GPtrArray *
cf_dec_validate_full (CfDec                      *dec,
                      const CfDecValidateOptions *options,
                      GError                    **error)
{
  xmlDoc *doc;
  GPtrArray *findings;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);

  doc = cf_dec_xml_to_doc (dec, error);
  if (doc == NULL)
    return NULL;
  findings = cf_dec_validate_doc (doc, options, error);
  xmlFreeDoc (doc);
  return findings;
}
