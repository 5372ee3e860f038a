/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-columns.c: the columns of SEP's Programa de Estudios (names,
 * levels, kinds, catalogs), header matching and canonical values. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"


const ColumnInfo _cf_plan_columns[CF_PLAN_N_COLUMNS] = {
  [CF_PLAN_COL_ID_INSTITUCION] = { "ID_INSTITUCION", CF_PLAN_LEVEL_INSTITUTION, 0, CF_PLAN_KIND_DIGITS, NULL },
  [CF_PLAN_COL_NOMBRE_INSTITUCION] = { "NOMBRE_INSTITUCION", CF_PLAN_LEVEL_INSTITUTION, 1, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_ID_CAMPUS] = { "ID_CAMPUS", CF_PLAN_LEVEL_CAMPUS, 0, CF_PLAN_KIND_DIGITS, NULL },
  [CF_PLAN_COL_CAMPUS] = { "CAMPUS", CF_PLAN_LEVEL_CAMPUS, 1, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_ID_ENTIDAD] = { "ID_ENTIDAD", CF_PLAN_LEVEL_CAMPUS, 2, CF_PLAN_KIND_CATALOG, CF_CATALOG_ENTIDAD_FEDERATIVA },
  [CF_PLAN_COL_ID_CARRERA] = { "ID_CARRERA", CF_PLAN_LEVEL_CAREER, 0, CF_PLAN_KIND_INTEGER, NULL },
  [CF_PLAN_COL_CLAVE_CARRERA] = { "CLAVE_CARRERA", CF_PLAN_LEVEL_CAREER, 1, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_NOMBRE_CARRERA] = { "NOMBRE_CARRERA", CF_PLAN_LEVEL_CAREER, 2, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_CLAVE_PLAN] = { "CLAVE_PLAN", CF_PLAN_LEVEL_PLAN, 0, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_NO_RVOE] = { "NO_RVOE", CF_PLAN_LEVEL_PLAN, 1, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_FECHA_RVOE] = { "FECHA_RVOE", CF_PLAN_LEVEL_PLAN, 2, CF_PLAN_KIND_DATE, NULL },
  [CF_PLAN_COL_ID_TIPO_PERIODO] = { "ID_TIPO_PERIODO", CF_PLAN_LEVEL_PLAN, 3, CF_PLAN_KIND_CATALOG, CF_CATALOG_TIPO_PERIODO },
  [CF_PLAN_COL_ID_NIVEL_ESTUDIOS] = { "ID_NIVEL_ESTUDIOS", CF_PLAN_LEVEL_CAREER, 3, CF_PLAN_KIND_CATALOG, CF_CATALOG_NIVEL_ESTUDIOS },
  [CF_PLAN_COL_CALIFICACION_MINIMA] = { "CALIFICACION_MINIMA", CF_PLAN_LEVEL_PLAN, 4, CF_PLAN_KIND_NUMBER, NULL },
  [CF_PLAN_COL_CALIFICACION_MAXIMA] = { "CALIFICACION_MAXIMA", CF_PLAN_LEVEL_PLAN, 5, CF_PLAN_KIND_NUMBER, NULL },
  [CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA] = { "CALIFICACION_MINIMA_APROBATORIA", CF_PLAN_LEVEL_PLAN, 6, CF_PLAN_KIND_NUMBER, NULL },
  [CF_PLAN_COL_TOTAL_ASIGNATURAS] = { "TOTAL_ASIGNATURAS", CF_PLAN_LEVEL_PLAN, 7, CF_PLAN_KIND_INTEGER, NULL },
  [CF_PLAN_COL_TOTAL_CREDITOS] = { "TOTAL_CREDITOS", CF_PLAN_LEVEL_PLAN, 8, CF_PLAN_KIND_NUMBER, NULL },
  [CF_PLAN_COL_ID_ASIGNATURA] = { "ID_ASIGNATURA", CF_PLAN_LEVEL_SUBJECT, 0, CF_PLAN_KIND_INTEGER, NULL },
  [CF_PLAN_COL_CLAVE_ASIGNATURA] = { "CLAVE_ASIGNATURA", CF_PLAN_LEVEL_SUBJECT, 1, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_NOMBRE_ASIGNATURA] = { "NOMBRE_ASIGNATURA", CF_PLAN_LEVEL_SUBJECT, 2, CF_PLAN_KIND_TEXT, NULL },
  [CF_PLAN_COL_ID_TIPO_ASIGNATURA] = { "ID_TIPO_ASIGNATURA", CF_PLAN_LEVEL_SUBJECT, 3, CF_PLAN_KIND_CATALOG, CF_CATALOG_TIPO_ASIGNATURA },
  [CF_PLAN_COL_CREDITOS] = { "CREDITOS", CF_PLAN_LEVEL_SUBJECT, 4, CF_PLAN_KIND_NUMBER, NULL },
  [CF_PLAN_COL_PERIODO] = { "PERIODO", CF_PLAN_LEVEL_SUBJECT, 5, CF_PLAN_KIND_INTEGER, NULL },
  [CF_PLAN_COL_ESTATUS_PLAN] = { "ESTATUS_PLAN", CF_PLAN_LEVEL_PLAN, 9, CF_PLAN_KIND_STATUS, NULL },
};


/* Columns of each level in slot order, -1 terminated. */
const int _cf_plan_level_columns[N_LEVELS][MAX_SLOTS + 1] = {
  [CF_PLAN_LEVEL_INSTITUTION] = { CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_NOMBRE_INSTITUCION, -1 },
  [CF_PLAN_LEVEL_CAMPUS] = { CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_CAMPUS, CF_PLAN_COL_ID_ENTIDAD, -1 },
  [CF_PLAN_LEVEL_CAREER] = { CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_CARRERA, CF_PLAN_COL_NOMBRE_CARRERA,
                             CF_PLAN_COL_ID_NIVEL_ESTUDIOS, -1 },
  [CF_PLAN_LEVEL_PLAN] = { CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_NO_RVOE, CF_PLAN_COL_FECHA_RVOE,
                           CF_PLAN_COL_ID_TIPO_PERIODO, CF_PLAN_COL_CALIFICACION_MINIMA,
                           CF_PLAN_COL_CALIFICACION_MAXIMA, CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA,
                           CF_PLAN_COL_TOTAL_ASIGNATURAS, CF_PLAN_COL_TOTAL_CREDITOS,
                           CF_PLAN_COL_ESTATUS_PLAN, -1 },
  [CF_PLAN_LEVEL_SUBJECT] = { CF_PLAN_COL_ID_ASIGNATURA, CF_PLAN_COL_CLAVE_ASIGNATURA,
                              CF_PLAN_COL_NOMBRE_ASIGNATURA, CF_PLAN_COL_ID_TIPO_ASIGNATURA,
                              CF_PLAN_COL_CREDITOS, CF_PLAN_COL_PERIODO, -1 },
};

const guint _cf_plan_slot_counts[N_LEVELS] = { 2, 3, 4, 10, 6 };


/* The columns that identify a node among its siblings. */
const CfPlanColumn _cf_plan_level_key_column[N_LEVELS] = {
  CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA,
  CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
};
/* Each column in words: the label shown to people (English msgid, its
 * translation in the UI) and SEP's own words in Spanish, which headers of
 * hand-made files are also matched against ("Clave del plan"). */
static const struct
{
  const char *label;    /* N_() */
  const char *spanish;
} column_words[CF_PLAN_N_COLUMNS] = {
  [CF_PLAN_COL_ID_INSTITUCION] = { N_("Institution ID"), "ID de la institución" },
  [CF_PLAN_COL_NOMBRE_INSTITUCION] = { N_("Institution name"), "Nombre de la institución" },
  [CF_PLAN_COL_ID_CAMPUS] = { N_("Campus ID"), "ID del campus" },
  [CF_PLAN_COL_CAMPUS] = { N_("Campus"), "Campus" },
  [CF_PLAN_COL_ID_ENTIDAD] = { N_("State"), "Entidad federativa" },
  [CF_PLAN_COL_ID_CARRERA] = { N_("Career ID"), "ID de la carrera" },
  [CF_PLAN_COL_CLAVE_CARRERA] = { N_("Career key"), "Clave de la carrera" },
  [CF_PLAN_COL_NOMBRE_CARRERA] = { N_("Career name"), "Nombre de la carrera" },
  [CF_PLAN_COL_CLAVE_PLAN] = { N_("Plan key"), "Clave del plan" },
  [CF_PLAN_COL_NO_RVOE] = { N_("RVOE number"), "Número de RVOE" },
  [CF_PLAN_COL_FECHA_RVOE] = { N_("RVOE date"), "Fecha del RVOE" },
  [CF_PLAN_COL_ID_TIPO_PERIODO] = { N_("Period type"), "Tipo de periodo" },
  [CF_PLAN_COL_ID_NIVEL_ESTUDIOS] = { N_("Level of studies"), "Nivel de estudios" },
  [CF_PLAN_COL_CALIFICACION_MINIMA] = { N_("Minimum grade"), "Calificación mínima" },
  [CF_PLAN_COL_CALIFICACION_MAXIMA] = { N_("Maximum grade"), "Calificación máxima" },
  [CF_PLAN_COL_CALIFICACION_MINIMA_APROBATORIA] = { N_("Minimum passing grade"), "Calificación mínima aprobatoria" },
  [CF_PLAN_COL_TOTAL_ASIGNATURAS] = { N_("Total subjects"), "Total de asignaturas" },
  [CF_PLAN_COL_TOTAL_CREDITOS] = { N_("Total credits"), "Total de créditos" },
  [CF_PLAN_COL_ID_ASIGNATURA] = { N_("Subject ID"), "ID de la asignatura" },
  [CF_PLAN_COL_CLAVE_ASIGNATURA] = { N_("Subject key"), "Clave de la asignatura" },
  [CF_PLAN_COL_NOMBRE_ASIGNATURA] = { N_("Subject name"), "Nombre de la asignatura" },
  [CF_PLAN_COL_ID_TIPO_ASIGNATURA] = { N_("Subject type"), "Tipo de asignatura" },
  [CF_PLAN_COL_CREDITOS] = { N_("Credits"), "Créditos" },
  [CF_PLAN_COL_PERIODO] = { N_("Period"), "Periodo" },
  [CF_PLAN_COL_ESTATUS_PLAN] = { N_("Plan status"), "Estatus del plan" },
};

/* ------------------------------------------------------------------ */
/* Columns                                                             */
/* ------------------------------------------------------------------ */

const char *
cf_plan_column_get_label (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, column_words[column].label);
}

const char *
cf_plan_column_get_name (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);
  return _cf_plan_columns[column].name;
}

CfPlanLevel
cf_plan_column_get_level (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, CF_PLAN_LEVEL_SUBJECT);
  return _cf_plan_columns[column].level;
}

CfPlanColumnKind
cf_plan_column_get_kind (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, CF_PLAN_KIND_TEXT);
  return _cf_plan_columns[column].kind;
}

const char *
cf_plan_column_get_catalog (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);
  return _cf_plan_columns[column].catalog;
}

gboolean
cf_plan_column_is_required (CfPlanColumn column)
{
  return column < CF_PLAN_N_SEP_COLUMNS;
}

char *
cf_plan_normalize_header (const char *header)
{
  g_autofree char *decomposed = NULL;
  GString *out;

  g_return_val_if_fail (header != NULL, NULL);

  out = g_string_new (NULL);
  if (!g_utf8_validate (header, -1, NULL))
    return g_string_free (out, FALSE);

  /* NFD splits "Á" into "A" + a combining accent that the filter drops. */
  decomposed = g_utf8_normalize (header, -1, G_NORMALIZE_NFD);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));

  return g_string_free (out, FALSE);
}

static const struct
{
  const char   *normalized;
  CfPlanColumn  column;
} header_synonyms[] = {
  { "CLAVEINSTITUCION", CF_PLAN_COL_ID_INSTITUCION },
  { "INSTITUCION", CF_PLAN_COL_NOMBRE_INSTITUCION },
  { "CLAVECAMPUS", CF_PLAN_COL_ID_CAMPUS },
  { "NOMBRECAMPUS", CF_PLAN_COL_CAMPUS },
  { "ENTIDAD", CF_PLAN_COL_ID_ENTIDAD },
  { "IDENTIDADFEDERATIVA", CF_PLAN_COL_ID_ENTIDAD },
  { "CARRERA", CF_PLAN_COL_NOMBRE_CARRERA },
  { "NUMERORVOE", CF_PLAN_COL_NO_RVOE },
  { "NUMERODERVOE", CF_PLAN_COL_NO_RVOE },
  { "NUMRVOE", CF_PLAN_COL_NO_RVOE },
  { "RVOE", CF_PLAN_COL_NO_RVOE },
  { "FECHADERVOE", CF_PLAN_COL_FECHA_RVOE },
  { "TIPOPERIODO", CF_PLAN_COL_ID_TIPO_PERIODO },
  { "NIVELESTUDIOS", CF_PLAN_COL_ID_NIVEL_ESTUDIOS },
  { "NIVELDEESTUDIOS", CF_PLAN_COL_ID_NIVEL_ESTUDIOS },
  { "ASIGNATURA", CF_PLAN_COL_NOMBRE_ASIGNATURA },
  { "TIPOASIGNATURA", CF_PLAN_COL_ID_TIPO_ASIGNATURA },
  { "CREDITOSASIGNATURA", CF_PLAN_COL_CREDITOS },
  { "ESTATUS", CF_PLAN_COL_ESTATUS_PLAN },
  { "ESTADOPLAN", CF_PLAN_COL_ESTATUS_PLAN },
  { "STATUS", CF_PLAN_COL_ESTATUS_PLAN },
};

/* The header's words without articles and prepositions, normalised:
 * "Clave del plan" and "CLAVE_PLAN" both give "CLAVEPLAN". */
static char *
words_key (const char *header)
{
  static const char * const small_words[] = { "DE", "DEL", "LA", "LAS", "LOS", "EL", "OF", "THE", NULL };
  g_autofree char *decomposed = NULL;
  g_auto(GStrv) words = NULL;
  GString *word = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  decomposed = g_utf8_normalize (header, -1, G_NORMALIZE_NFD);
  for (const char *p = decomposed; p != NULL; p++)
    {
      if (*p != '\0' && (g_ascii_isalnum (*p) || (*p & 0x80)))
        {
          /* Combining accents (non-ASCII) are dropped, not word breaks. */
          if (g_ascii_isalnum (*p))
            g_string_append_c (word, g_ascii_toupper (*p));
          continue;
        }
      if (word->len > 0 && !g_strv_contains (small_words, word->str))
        g_string_append (out, word->str);
      g_string_truncate (word, 0);
      if (*p == '\0')
        break;
    }
  g_string_free (word, TRUE);
  return g_string_free (out, FALSE);
}

gboolean
cf_plan_column_from_header (const char   *header,
                            CfPlanColumn *column)
{
  g_autofree char *key = NULL;
  g_autofree char *words = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = cf_plan_normalize_header (header);
  if (*key == '\0')
    return FALSE;

  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    {
      g_autofree char *name = cf_plan_normalize_header (_cf_plan_columns[i].name);

      if (g_str_equal (key, name))
        {
          if (column != NULL)
            *column = i;
          return TRUE;
        }
    }

  /* In words: "Clave del plan", "Calificación mínima aprobatoria", in
   * SEP's Spanish, in English or in the language of the interface. */
  words = words_key (header);
  for (guint i = 0; *words != '\0' && i < CF_PLAN_N_COLUMNS; i++)
    {
      const char *candidates[] = {
        _cf_plan_columns[i].name, column_words[i].spanish, column_words[i].label,
        g_dgettext (GETTEXT_PACKAGE, column_words[i].label),
      };

      for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
        {
          g_autofree char *candidate = words_key (candidates[k]);

          if (g_str_equal (words, candidate))
            {
              if (column != NULL)
                *column = i;
              return TRUE;
            }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (header_synonyms); i++)
    if (g_str_equal (key, header_synonyms[i].normalized))
      {
        if (column != NULL)
          *column = header_synonyms[i].column;
        return TRUE;
      }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Canonical values                                                    */
/* ------------------------------------------------------------------ */

gboolean
_cf_plan_parse_number (const char *text,
                       double     *out)
{
  g_autofree char *heap = NULL;
  char *copy;
  char buffer[64];
  char *end = NULL;
  double value;
  gsize length;

  if (text == NULL || *text == '\0')
    return FALSE;

  /* Called for every numeric cell of an import: no allocation for the
   * usual short values. */
  length = strlen (text);
  if (length < sizeof buffer)
    copy = memcpy (buffer, text, length + 1);
  else
    copy = heap = g_strdup (text);
  /* "8,5": a decimal comma, as Spanish spreadsheets write it. */
  if (strchr (copy, ',') != NULL && strchr (copy, '.') == NULL)
    {
      char *comma = strchr (copy, ',');

      if (strchr (comma + 1, ',') != NULL)
        return FALSE;
      *comma = '.';
    }

  for (const char *p = copy; *p; p++)
    if (!(g_ascii_isdigit (*p) || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E'))
      return FALSE;

  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

char *
_cf_plan_format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);

  /* 15 significant digits hide binary noise (8.300000000000001). */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  return g_strdup (buffer);
}

gboolean
_cf_plan_date_from_serial (double  serial,
                           GDate  *date)
{
  guint32 days;

  /* Excel's 1900 system: 1 = 1900-01-01, and it believes 1900-02-29 (60)
   * existed. Serials past 9999-12-31 are not dates. */
  if (!(serial >= 1 && serial < 2958466))
    return FALSE;

  days = (guint32) floor (serial);
  if (days >= 61)
    days -= 1;
  else if (days == 60)
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, 31, G_DATE_DECEMBER, 1899);
  g_date_add_days (date, days);
  return TRUE;
}

/* "2018-03-07", "2018/03/07", "07/03/2018", "7-3-2018", optionally with a
 * time after a space or a T. Day first: the Mexican order. */
gboolean
_cf_plan_parse_date (const char *text,
                     GDate      *date)
{
  int parts[3] = { 0, 0, 0 };
  guint lengths[3] = { 0, 0, 0 };
  const char *p = text;
  int day, month, year;

  if (text == NULL)
    return FALSE;

  /* No allocation: every FECHA_RVOE of an import comes through here. */
  while (g_ascii_isspace (*p))
    p++;
  for (guint i = 0; i < 3; i++)
    {
      while (g_ascii_isdigit (*p) && lengths[i] < 5)
        {
          parts[i] = parts[i] * 10 + (*p - '0');
          lengths[i]++;
          p++;
        }
      if (lengths[i] == 0 || lengths[i] > 4)
        return FALSE;
      if (i < 2)
        {
          if (*p != '-' && *p != '/' && *p != '.')
            return FALSE;
          p++;
        }
    }
  /* A time after a space or a T is ignored; anything else is not a date. */
  if (*p != '\0' && *p != ' ' && *p != 'T')
    return FALSE;
  if (*p == '\0' || *p == ' ')
    {
      const char *rest = p;

      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest != '\0' && !g_ascii_isdigit (*rest))
        return FALSE;
    }

  if (lengths[0] == 4)
    {
      year = parts[0];
      month = parts[1];
      day = parts[2];
    }
  else if (lengths[2] == 4)
    {
      day = parts[0];
      month = parts[1];
      year = parts[2];
    }
  else
    return FALSE;

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* "09 DE JULIO DE 2013", "9 de julio del 2013", "9 julio 2013", "9-JUL-2013":
 * how SEP's letters and registrars' sheets write a date in words. */
gboolean
_cf_plan_parse_date_words (const char *text,
                           GDate      *date)
{
  static const char * const months[] = { "ENE", "FEB", "MAR", "ABR", "MAY", "JUN",
                                         "JUL", "AGO", "SEP", "OCT", "NOV", "DIC" };
  g_autofree char *key = NULL;
  g_auto(GStrv) words = NULL;
  int day = -1, month = -1, year = -1;
  guint n = 0;

  if (text == NULL || strlen (text) > 64)
    return FALSE;
  key = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  if (key == NULL)
    return FALSE;
  {
    /* Accents off, upper case, separators to spaces. */
    GString *plain = g_string_new (NULL);

    for (const char *p = key; *p; p++)
      {
        if ((guchar) *p >= 0x80)
          continue;
        if (*p == '-' || *p == '/' || *p == '.' || *p == ',')
          g_string_append_c (plain, ' ');
        else
          g_string_append_c (plain, g_ascii_toupper (*p));
      }
    g_free (key);
    key = g_string_free (plain, FALSE);
  }
  words = g_strsplit_set (key, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = words[i];

      if (*w == '\0' || g_str_equal (w, "DE") || g_str_equal (w, "DEL"))
        continue;
      n++;
      if (strspn (w, "0123456789") == strlen (w))
        {
          int value = (int) g_ascii_strtoull (w, NULL, 10);

          if (day < 0 && month < 0 && strlen (w) <= 2)
            day = value;
          else if (month >= 0 && year < 0 && strlen (w) == 4)
            year = value;
          else
            return FALSE;
        }
      else
        {
          if (month >= 0 || day < 0)
            return FALSE;
          for (guint m = 0; m < G_N_ELEMENTS (months); m++)
            if (g_str_has_prefix (w, months[m]) ||
                (m == 8 && g_str_has_prefix (w, "SET")))   /* SETIEMBRE */
              month = m + 1;
          if (month < 0)
            return FALSE;
        }
    }
  if (n != 3 || day < 1 || month < 1 || year < 1000 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

double
_cf_plan_date_to_serial (const GDate *date)
{
  GDate base;

  g_date_clear (&base, 1);
  g_date_set_dmy (&base, 30, G_DATE_DECEMBER, 1899);
  return g_date_days_between (&base, date);
}

char *
_cf_plan_format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static gboolean
status_is (const char         *normalized,
           const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (normalized, words[i]))
      return TRUE;
  return FALSE;
}

/* The common cases of an import, which need none of the work of
 * cf_plan_canonical_value(): text with no blanks around, plain integers,
 * dates already as YYYY-MM-DD, the two statuses. */
static gboolean
is_canonical (CfPlanColumn  column,
              const char   *value)
{
  CfPlanColumnKind kind = _cf_plan_columns[column].kind;
  gsize length = strlen (value);
  gsize digits;

  if (length > 0 && (g_ascii_isspace (value[0]) || g_ascii_isspace (value[length - 1])))
    return FALSE;

  switch (kind)
    {
    case CF_PLAN_KIND_TEXT:
      return TRUE;

    case CF_PLAN_KIND_STATUS:
      return g_str_equal (value, CF_PLAN_STATUS_CURRENT) || g_str_equal (value, CF_PLAN_STATUS_WITHDRAWN);

    case CF_PLAN_KIND_DATE:
      {
        GDate date;

        return length == 10 && value[4] == '-' && value[7] == '-' && _cf_plan_parse_date (value, &date) &&
               g_date_get_year (&date) >= 1000;
      }

    default:
      digits = strspn (value, "0123456789");
      if (digits == 0 || digits != length || digits >= 16)
        return FALSE;
      if (kind == CF_PLAN_KIND_DIGITS)
        return TRUE;
      if (column == CF_PLAN_COL_ID_ENTIDAD)
        return FALSE;
      return value[0] != '0' || digits == 1;
    }
}

const char *
_cf_plan_canonical_value_in (CfPlanColumn  column,
                             const char   *value,
                             GStringChunk *chunk)
{
  g_autofree char *canonical = NULL;

  if (is_canonical (column, value))
    return value;
  canonical = cf_plan_canonical_value (column, value);
  return g_string_chunk_insert (chunk, canonical);
}

char *
cf_plan_canonical_value (CfPlanColumn  column,
                         const char   *value)
{
  static const char * const current[] = { "VIGENTE", "ACTIVO", "CURRENT", "SI", "1", NULL };
  static const char * const withdrawn[] = { "BAJA", "RETIRADO", "WITHDRAWN", "NOVIGENTE",
                                            "INACTIVO", "LIQUIDADO", "0", NULL };
  g_autofree char *text = NULL;
  double number;

  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);

  if (value == NULL)
    value = "";

  if (is_canonical (column, value))
    return g_strdup (value);

  text = g_strstrip (g_strdup (value));

  switch (_cf_plan_columns[column].kind)
    {
    case CF_PLAN_KIND_TEXT:
      break;

    case CF_PLAN_KIND_DIGITS:
      /* A key typed as a number comes back from a spreadsheet as "90101.0". */
      if (g_str_has_suffix (text, ".0") && _cf_plan_parse_number (text, &number))
        text[strlen (text) - 2] = '\0';
      break;

    case CF_PLAN_KIND_INTEGER:
    case CF_PLAN_KIND_NUMBER:
      if (_cf_plan_parse_number (text, &number))
        return _cf_plan_format_number (number);
      break;

    case CF_PLAN_KIND_CATALOG:
      if (_cf_plan_parse_number (text, &number) && number == floor (number) &&
          number >= 0 && number < 100000)
        {
          /* State codes are two digits: "9" is "09". */
          if (column == CF_PLAN_COL_ID_ENTIDAD)
            return g_strdup_printf ("%02d", (int) number);
          return _cf_plan_format_number (number);
        }
      break;

    case CF_PLAN_KIND_DATE:
      {
        GDate date;

        if (_cf_plan_parse_date (text, &date) || _cf_plan_parse_date_words (text, &date))
          return _cf_plan_format_date (&date);
        if (_cf_plan_parse_number (text, &number) && _cf_plan_date_from_serial (number, &date))
          return _cf_plan_format_date (&date);
      }
      break;

    case CF_PLAN_KIND_STATUS:
      {
        g_autofree char *key = cf_plan_normalize_header (text);

        if (*key == '\0' || status_is (key, current))
          return g_strdup (CF_PLAN_STATUS_CURRENT);
        if (status_is (key, withdrawn))
          return g_strdup (CF_PLAN_STATUS_WITHDRAWN);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_steal_pointer (&text);
}
