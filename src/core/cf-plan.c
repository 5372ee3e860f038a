/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-plan.h"
#include "cf-plan-private.h"
#include "cf-plan-repo.h"

#define MAX_UNDO 500

typedef struct
{
  const char       *name;
  CfPlanLevel       level;
  guint             slot;
  CfPlanColumnKind  kind;
  const char       *catalog;
} ColumnInfo;

static const ColumnInfo columns[CF_PLAN_N_COLUMNS] = {
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

#define N_LEVELS (CF_PLAN_LEVEL_SUBJECT + 1)
#define MAX_SLOTS 10

/* Columns of each level in slot order, -1 terminated. */
static const int level_columns[N_LEVELS][MAX_SLOTS + 1] = {
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

static const guint level_n_slots[N_LEVELS] = { 2, 3, 4, 10, 6 };

static const char * const level_tables[N_LEVELS] = {
  "plan_institution", "plan_campus", "plan_career", "plan_plan", "plan_subject",
};

static const char * const level_parent_columns[N_LEVELS] = {
  NULL, "institution_id", "campus_id", "career_id", "plan_id",
};

/* The columns that identify a node among its siblings. */
static const CfPlanColumn level_key_column[N_LEVELS] = {
  CF_PLAN_COL_ID_INSTITUCION, CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA,
  CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
};

struct _CfPlanNode
{
  CfPlanLevel  level;
  guint        uid;
  gint64       db_id;      /* 0 when not in the store */
  gint64       row_version; /* as read from or written to the store */
  guint        source_row; /* the row it came from on import, else 0 */
  CfPlanNode  *parent;
  GPtrArray   *children;   /* NULL for subjects */
  char        *values[];   /* level_n_slots[level], never NULL */
};

typedef enum
{
  OP_SET,
  OP_INSERT,
  OP_REMOVE,
  OP_MOVE,
} OpKind;

typedef struct
{
  OpKind        kind;
  guint         uid;          /* the node acted on */
  guint         parent_uid;   /* INSERT, REMOVE */
  guint         position;     /* INSERT, REMOVE: where; MOVE: to */
  guint         old_position; /* MOVE: from */
  CfPlanColumn  column;       /* SET */
  char         *old_value;
  char         *new_value;
  CfPlanNode   *detached;     /* owned while the node is out of the tree */
} Op;

struct _CfPlanBook
{
  GObject      parent_instance;

  CfStore     *store;
  CfPlanNode  *institution;
  GHashTable  *by_uid;        /* uid → node, attached nodes only */
  guint        next_uid;
  GQueue       undo;          /* Op*, newest at the head */
  GQueue       redo;
};

G_DEFINE_FINAL_TYPE (CfPlanBook, cf_plan_book, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  VALUE_CHANGED,
  CHILDREN_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (cf-plan-error-quark, cf_plan_error)

/* ------------------------------------------------------------------ */
/* Columns                                                             */
/* ------------------------------------------------------------------ */

const char *
cf_plan_column_get_name (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);
  return columns[column].name;
}

CfPlanLevel
cf_plan_column_get_level (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, CF_PLAN_LEVEL_SUBJECT);
  return columns[column].level;
}

CfPlanColumnKind
cf_plan_column_get_kind (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, CF_PLAN_KIND_TEXT);
  return columns[column].kind;
}

const char *
cf_plan_column_get_catalog (CfPlanColumn column)
{
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, NULL);
  return columns[column].catalog;
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

gboolean
cf_plan_column_from_header (const char   *header,
                            CfPlanColumn *column)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (header != NULL, FALSE);

  key = cf_plan_normalize_header (header);
  if (*key == '\0')
    return FALSE;

  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    {
      g_autofree char *name = cf_plan_normalize_header (columns[i].name);

      if (g_str_equal (key, name))
        {
          if (column != NULL)
            *column = i;
          return TRUE;
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
  CfPlanColumnKind kind = columns[column].kind;
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

  switch (columns[column].kind)
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

        if (_cf_plan_parse_date (text, &date))
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

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/* Empty values share one string: most cells of a new node stay empty
 * until an import fills them, and 20,000 subjects make that many. */
static char empty_value[] = "";

static void
value_free (char *value)
{
  if (value != empty_value)
    g_free (value);
}

static CfPlanNode *
node_new (CfPlanBook  *book,
          CfPlanLevel  level)
{
  CfPlanNode *node;

  node = g_malloc0 (sizeof (CfPlanNode) + level_n_slots[level] * sizeof (char *));
  node->level = level;
  node->uid = book->next_uid++;
  if (level != CF_PLAN_LEVEL_SUBJECT)
    node->children = g_ptr_array_new ();
  for (guint i = 0; i < level_n_slots[level]; i++)
    node->values[i] = empty_value;
  if (level == CF_PLAN_LEVEL_PLAN)
    {
      node->values[columns[CF_PLAN_COL_ESTATUS_PLAN].slot] = g_strdup (CF_PLAN_STATUS_CURRENT);
    }
  return node;
}

static void
node_free (CfPlanNode *node)
{
  if (node == NULL)
    return;

  if (node->children != NULL)
    {
      for (guint i = 0; i < node->children->len; i++)
        node_free (g_ptr_array_index (node->children, i));
      g_ptr_array_unref (node->children);
    }
  for (guint i = 0; i < level_n_slots[node->level]; i++)
    value_free (node->values[i]);
  g_free (node);
}

static void
node_take_value (CfPlanNode   *node,
                 CfPlanColumn  column,
                 char         *value)
{
  guint slot = columns[column].slot;

  g_assert (columns[column].level == node->level);
  value_free (node->values[slot]);
  node->values[slot] = value != NULL ? value : empty_value;
}

CfPlanLevel
cf_plan_node_get_level (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, CF_PLAN_LEVEL_SUBJECT);
  return node->level;
}

CfPlanNode *
cf_plan_node_get_parent (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);
  return node->parent;
}

guint
cf_plan_node_get_n_children (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->children != NULL ? node->children->len : 0;
}

CfPlanNode *
cf_plan_node_get_child (const CfPlanNode *node,
                        guint             index)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (node->children == NULL || index >= node->children->len)
    return NULL;
  return g_ptr_array_index (node->children, index);
}

guint
cf_plan_node_get_index (const CfPlanNode *node)
{
  guint index = 0;

  g_return_val_if_fail (node != NULL, 0);

  if (node->parent != NULL)
    g_ptr_array_find (node->parent->children, node, &index);
  return index;
}

CfPlanNode *
cf_plan_node_get_ancestor (const CfPlanNode *node,
                           CfPlanLevel       level)
{
  g_return_val_if_fail (node != NULL, NULL);

  while (node != NULL && node->level > level)
    node = node->parent;
  return node != NULL && node->level == level ? (CfPlanNode *) node : NULL;
}

const char *
cf_plan_node_get (const CfPlanNode *node,
                  CfPlanColumn      column)
{
  const CfPlanNode *owner;

  g_return_val_if_fail (node != NULL, "");
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, "");
  g_return_val_if_fail (columns[column].level <= node->level, "");

  owner = cf_plan_node_get_ancestor (node, columns[column].level);
  if (owner == NULL)
    return "";
  return owner->values[columns[column].slot];
}

guint
_cf_plan_node_get_source_row (const CfPlanNode *node)
{
  return node->source_row;
}

guint
cf_plan_node_get_uid (const CfPlanNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  return node->uid;
}

gboolean
cf_plan_node_is_current (const CfPlanNode *node)
{
  const CfPlanNode *plan;

  g_return_val_if_fail (node != NULL, FALSE);

  plan = cf_plan_node_get_ancestor (node, CF_PLAN_LEVEL_PLAN);
  if (plan == NULL)
    return TRUE;
  return !g_str_equal (plan->values[columns[CF_PLAN_COL_ESTATUS_PLAN].slot],
                       CF_PLAN_STATUS_WITHDRAWN);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

CfPlanRow *
cf_plan_row_new (void)
{
  CfPlanRow *row = g_new0 (CfPlanRow, 1);

  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    row->cells[i] = g_strdup ("");
  return row;
}

CfPlanRow *
cf_plan_row_copy (const CfPlanRow *row)
{
  CfPlanRow *copy;

  g_return_val_if_fail (row != NULL, NULL);

  copy = g_new0 (CfPlanRow, 1);
  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    copy->cells[i] = g_strdup (row->cells[i]);
  copy->row = row->row;
  copy->uid = row->uid;
  return copy;
}

void
cf_plan_row_free (CfPlanRow *row)
{
  if (row == NULL)
    return;
  for (guint i = 0; i < CF_PLAN_N_COLUMNS; i++)
    g_free (row->cells[i]);
  g_free (row);
}

void
cf_plan_row_set (CfPlanRow    *row,
                 CfPlanColumn  column,
                 const char   *value)
{
  g_return_if_fail (row != NULL);
  g_return_if_fail (column < CF_PLAN_N_COLUMNS);

  g_free (row->cells[column]);
  row->cells[column] = g_strdup (value != NULL ? value : "");
}

static char *
make_key (const char *campus,
          const char *career,
          const char *plan,
          const char *subject)
{
  /* The unit separator cannot be typed into a cell by accident. */
  return g_strjoin ("\x1f", campus, career, plan, subject, NULL);
}

char *
cf_plan_row_dup_key (const CfPlanRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  return make_key (row->cells[CF_PLAN_COL_ID_CAMPUS], row->cells[CF_PLAN_COL_ID_CARRERA],
                   row->cells[CF_PLAN_COL_CLAVE_PLAN], row->cells[CF_PLAN_COL_ID_ASIGNATURA]);
}

char *
cf_plan_node_dup_key (const CfPlanNode *subject)
{
  g_return_val_if_fail (subject != NULL, NULL);
  g_return_val_if_fail (subject->level == CF_PLAN_LEVEL_SUBJECT, NULL);

  return make_key (cf_plan_node_get (subject, CF_PLAN_COL_ID_CAMPUS),
                   cf_plan_node_get (subject, CF_PLAN_COL_ID_CARRERA),
                   cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_PLAN),
                   cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA));
}

void
cf_plan_rejected_row_free (CfPlanRejectedRow *rejected)
{
  if (rejected == NULL)
    return;
  g_free (rejected->reason);
  g_free (rejected);
}

/* ------------------------------------------------------------------ */
/* Store helpers                                                       */
/* ------------------------------------------------------------------ */

void
_cf_plan_store_failed (GError **error,
                       GError  *cause)
{
  if (g_error_matches (cause, CF_STORE_ERROR, CF_STORE_ERROR_CONFLICT))
    g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT, cause->message);
  else
    g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_STORE,
                 _("The study plans could not be read or saved: %s"), cause->message);
  g_error_free (cause);
}

/* Store failures keep their message, in the plan's error domain. */
static gboolean
store_failed (GError **error,
              GError  *cause)
{
  _cf_plan_store_failed (error, cause);
  return FALSE;
}

guint
_cf_plan_level_n_slots (CfPlanLevel level)
{
  return level_n_slots[level];
}

CfPlanColumn
_cf_plan_level_column (CfPlanLevel level,
                       guint       slot)
{
  return level_columns[level][slot];
}

const char *
_cf_plan_level_table (CfPlanLevel level)
{
  return level_tables[level];
}

const char *
_cf_plan_level_parent_column (CfPlanLevel level)
{
  return level_parent_columns[level];
}

const char *
_cf_plan_node_get_slot (const CfPlanNode *node,
                        guint             slot)
{
  return node->values[slot];
}

gint64
_cf_plan_node_get_db_id (const CfPlanNode *node)
{
  return node->db_id;
}

gint64
_cf_plan_node_get_row_version (const CfPlanNode *node)
{
  return node->row_version;
}

void
_cf_plan_node_set_stored (CfPlanNode *node,
                          gint64      db_id,
                          gint64      row_version)
{
  node->db_id = db_id;
  node->row_version = row_version;
}

static void
clear_db_ids (CfPlanNode *node)
{
  node->db_id = 0;
  node->row_version = 0;
  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      clear_db_ids (g_ptr_array_index (node->children, i));
}

/* ------------------------------------------------------------------ */
/* CfPlanBook                                                          */
/* ------------------------------------------------------------------ */

static void
op_free (Op *op)
{
  g_free (op->old_value);
  g_free (op->new_value);
  node_free (op->detached);
  g_free (op);
}

static void
index_subtree (CfPlanBook *self,
               CfPlanNode *node,
               gboolean    add)
{
  if (add)
    g_hash_table_insert (self->by_uid, GUINT_TO_POINTER (node->uid), node);
  else
    g_hash_table_remove (self->by_uid, GUINT_TO_POINTER (node->uid));

  if (node->children != NULL)
    for (guint i = 0; i < node->children->len; i++)
      index_subtree (self, g_ptr_array_index (node->children, i), add);
}

static void
cf_plan_book_finalize (GObject *object)
{
  CfPlanBook *self = (CfPlanBook *) object;

  g_queue_clear_full (&self->undo, (GDestroyNotify) op_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) op_free);
  g_clear_pointer (&self->by_uid, g_hash_table_unref);
  g_clear_pointer (&self->institution, node_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_plan_book_parent_class)->finalize (object);
}

static void
cf_plan_book_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CfPlanBook *self = CF_PLAN_BOOK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, cf_plan_book_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, cf_plan_book_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_plan_book_class_init (CfPlanBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_plan_book_finalize;
  object_class->get_property = cf_plan_book_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[VALUE_CHANGED] =
    g_signal_new ("value-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_INT);
  signals[CHILDREN_CHANGED] =
    g_signal_new ("children-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_POINTER, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cf_plan_book_init (CfPlanBook *self)
{
  self->next_uid = 1;
  self->by_uid = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
  self->institution = node_new (self, CF_PLAN_LEVEL_INSTITUTION);
  index_subtree (self, self->institution, TRUE);
}

CfPlanBook *
cf_plan_book_new (void)
{
  return g_object_new (CF_TYPE_PLAN_BOOK, NULL);
}

/* The same tree with the same uids, values and source rows. */
static CfPlanNode *
node_clone (CfPlanBook       *book,
            const CfPlanNode *node)
{
  CfPlanNode *clone = node_new (book, node->level);

  clone->uid = node->uid;
  clone->source_row = node->source_row;
  for (guint i = 0; i < level_n_slots[node->level]; i++)
    {
      value_free (clone->values[i]);
      clone->values[i] = node->values[i] == empty_value ? empty_value : g_strdup (node->values[i]);
    }
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      CfPlanNode *child = node_clone (book, g_ptr_array_index (node->children, i));

      child->parent = clone;
      g_ptr_array_add (clone->children, child);
    }
  return clone;
}

CfPlanBook *
cf_plan_book_copy (CfPlanBook *self)
{
  CfPlanBook *copy;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  copy = cf_plan_book_new ();
  g_hash_table_remove_all (copy->by_uid);
  node_free (copy->institution);
  copy->institution = node_clone (copy, self->institution);
  copy->next_uid = self->next_uid;
  index_subtree (copy, copy->institution, TRUE);
  return copy;
}

CfStore *
cf_plan_book_get_store (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return self->store;
}

CfPlanNode *
cf_plan_book_get_institution (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return self->institution;
}

static void
collect_level (CfPlanNode  *node,
               CfPlanLevel  level,
               gboolean     current_only,
               GPtrArray   *out)
{
  if (node->level == level)
    {
      if (!current_only || cf_plan_node_is_current (node))
        g_ptr_array_add (out, node);
      return;
    }
  if (current_only && node->level == CF_PLAN_LEVEL_PLAN && !cf_plan_node_is_current (node))
    return;
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    collect_level (g_ptr_array_index (node->children, i), level, current_only, out);
}

GPtrArray *
cf_plan_book_list_subjects (CfPlanBook *self,
                            gboolean    current_only)
{
  GPtrArray *out;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  out = g_ptr_array_new ();
  collect_level (self->institution, CF_PLAN_LEVEL_SUBJECT, current_only, out);
  return out;
}

GPtrArray *
cf_plan_book_list_level (CfPlanBook  *self,
                         CfPlanLevel  level)
{
  GPtrArray *out;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  out = g_ptr_array_new ();
  collect_level (self->institution, level, FALSE, out);
  return out;
}

guint
cf_plan_book_get_n_subjects (CfPlanBook *self)
{
  g_autoptr(GPtrArray) subjects = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), 0);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  return subjects->len;
}

CfPlanNode *
cf_plan_book_lookup_uid (CfPlanBook *self,
                         guint       uid)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  return g_hash_table_lookup (self->by_uid, GUINT_TO_POINTER (uid));
}

CfPlanNode *
cf_plan_book_get_subject_at_row (CfPlanBook *self,
                                 guint       row)
{
  g_autoptr(GPtrArray) subjects = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  if (row < 2 || row - 2 >= subjects->len)
    return NULL;
  return g_ptr_array_index (subjects, row - 2);
}

guint
cf_plan_book_get_row_of (CfPlanBook *self,
                         CfPlanNode *subject)
{
  g_autoptr(GPtrArray) subjects = NULL;
  guint index;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), 0);
  g_return_val_if_fail (subject != NULL, 0);

  subjects = cf_plan_book_list_subjects (self, FALSE);
  if (!g_ptr_array_find (subjects, subject, &index))
    return 0;
  return index + 2;
}

GPtrArray *
cf_plan_book_to_rows (CfPlanBook *self,
                      gboolean    current_only)
{
  g_autoptr(GPtrArray) subjects = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);

  subjects = cf_plan_book_list_subjects (self, current_only);
  rows = g_ptr_array_new_full (subjects->len, (GDestroyNotify) cf_plan_row_free);
  for (guint i = 0; i < subjects->len; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (subjects, i);
      CfPlanRow *row = g_new0 (CfPlanRow, 1);

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        row->cells[c] = g_strdup (cf_plan_node_get (subject, c));
      row->row = i + 2;
      row->uid = subject->uid;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* ---- Loading ---- */

CfPlanNode *
_cf_plan_book_get_root (CfPlanBook *self)
{
  return self->institution;
}

void
_cf_plan_node_set_loaded_values (CfPlanNode         *node,
                                 const char * const *values)
{
  for (guint i = 0; i < level_n_slots[node->level]; i++)
    node_take_value (node, level_columns[node->level][i], g_strdup (values[i]));
}

CfPlanNode *
_cf_plan_book_append_loaded (CfPlanBook         *self,
                             CfPlanNode         *parent,
                             const char * const *values)
{
  CfPlanNode *node = node_new (self, parent->level + 1);

  node->parent = parent;
  g_ptr_array_add (parent->children, node);
  _cf_plan_node_set_loaded_values (node, values);
  return node;
}

void
_cf_plan_book_finish_load (CfPlanBook *self,
                           CfStore    *store)
{
  index_subtree (self, self->institution, TRUE);
  g_set_object (&self->store, store);
}

CfPlanBook *
cf_plan_book_load (CfStore  *store,
                   GError  **error)
{
  GError *local_error = NULL;
  CfPlanBook *book;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  book = cf_plan_repo_load (store, &local_error);
  if (book == NULL)
    store_failed (error, local_error);
  return book;
}

gboolean
cf_plan_book_save_to_store (CfPlanBook  *self,
                            CfStore     *store,
                            GError     **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_plan_repo_replace_all (store, self->institution, &local_error))
    {
      if (self->store != store)
        clear_db_ids (self->institution);
      return store_failed (error, local_error);
    }

  /* The ids now point into @store; a book bound elsewhere must not keep them. */
  if (self->store != NULL && self->store != store)
    clear_db_ids (self->institution);

  return TRUE;
}

/* ---- Building from rows (import) ---- */

typedef struct
{
  CfPlanNode *node;
  guint       first_row;
} Seen;

static gboolean
merge_check (CfPlanNode   *node,
             guint         first_row,
             CfPlanRow    *row,
             GPtrArray    *rejected)
{
  for (guint i = 0; i < level_n_slots[node->level]; i++)
    {
      CfPlanColumn column = level_columns[node->level][i];
      const char *have = node->values[i];
      const char *want = row->cells[column];

      /* A blank later row means "the same as above". */
      if (*want == '\0' || *have == '\0' || g_str_equal (have, want))
        continue;

      if (rejected != NULL)
        {
          CfPlanRejectedRow *r = g_new0 (CfPlanRejectedRow, 1);

          r->row = row->row;
          /* Translators: a rejected row on import; %s are the column name
           * (ID_CARRERA...) and the two values, %u the earlier row. */
          r->reason = g_strdup_printf (_("%s is “%s” here but “%s” on row %u for the same %s; "
                                         "the row was left out"),
                                       columns[column].name, want, have, first_row,
                                       columns[level_key_column[node->level]].name);
          g_ptr_array_add (rejected, r);
        }
      return FALSE;
    }

  return TRUE;
}

static void
merge_fill (CfPlanNode *node,
            CfPlanRow  *row)
{
  for (guint i = 0; i < level_n_slots[node->level]; i++)
    {
      CfPlanColumn column = level_columns[node->level][i];

      if (*node->values[i] == '\0' && *row->cells[column] != '\0')
        node_take_value (node, column, g_strdup (row->cells[column]));
    }
}

static void
reject (GPtrArray  *rejected,
        guint       row,
        char       *reason)
{
  CfPlanRejectedRow *r;

  if (rejected == NULL)
    {
      g_free (reason);
      return;
    }
  r = g_new0 (CfPlanRejectedRow, 1);
  r->row = row;
  r->reason = reason;
  g_ptr_array_add (rejected, r);
}

CfPlanBook *
cf_plan_book_new_from_rows (GPtrArray *rows,
                            GPtrArray *rejected)
{
  static const CfPlanColumn identity[] = {
    CF_PLAN_COL_ID_CAMPUS, CF_PLAN_COL_ID_CARRERA, CF_PLAN_COL_CLAVE_PLAN, CF_PLAN_COL_ID_ASIGNATURA,
  };
  g_autoptr(CfPlanBook) self = cf_plan_book_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Seen *last_campus = NULL, *last_career = NULL, *last_plan = NULL;
  guint institution_row = 0;

  g_return_val_if_fail (rows != NULL, NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      CfPlanRow *row = g_ptr_array_index (rows, r);
      g_autofree char *campus_key = NULL;
      g_autofree char *career_key = NULL;
      g_autofree char *plan_key = NULL;
      Seen *campus, *career, *plan;
      CfPlanNode *subject;
      gboolean missing = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (identity); i++)
        if (*row->cells[identity[i]] == '\0')
          {
            /* Translators: %s is a column name such as ID_ASIGNATURA. */
            reject (rejected, row->row,
                    g_strdup_printf (_("%s is empty, so the row cannot be placed in a plan"),
                                     columns[identity[i]].name));
            missing = TRUE;
            break;
          }
      if (missing)
        continue;

      /* One institution per workbook. */
      if (institution_row == 0)
        institution_row = row->row;
      else if (!merge_check (self->institution, institution_row, row, rejected))
        continue;

      /* Rows of one plan usually come together: skip the keys and look-ups. */
      if (last_plan != NULL &&
          g_str_equal (row->cells[CF_PLAN_COL_ID_CAMPUS], cf_plan_node_get (last_plan->node, CF_PLAN_COL_ID_CAMPUS)) &&
          g_str_equal (row->cells[CF_PLAN_COL_ID_CARRERA], cf_plan_node_get (last_plan->node, CF_PLAN_COL_ID_CARRERA)) &&
          g_str_equal (row->cells[CF_PLAN_COL_CLAVE_PLAN], cf_plan_node_get (last_plan->node, CF_PLAN_COL_CLAVE_PLAN)))
        {
          campus = last_campus;
          career = last_career;
          plan = last_plan;
        }
      else
        {
          campus_key = g_strdup (row->cells[CF_PLAN_COL_ID_CAMPUS]);
          career_key = g_strjoin ("\x1f", campus_key, row->cells[CF_PLAN_COL_ID_CARRERA], NULL);
          plan_key = g_strjoin ("\x1f", career_key, row->cells[CF_PLAN_COL_CLAVE_PLAN], NULL);

          campus = g_hash_table_lookup (seen, campus_key);
          career = g_hash_table_lookup (seen, career_key);
          plan = g_hash_table_lookup (seen, plan_key);
        }

      if ((campus != NULL && !merge_check (campus->node, campus->first_row, row, rejected)) ||
          (career != NULL && !merge_check (career->node, career->first_row, row, rejected)) ||
          (plan != NULL && !merge_check (plan->node, plan->first_row, row, rejected)))
        continue;

      merge_fill (self->institution, row);

      if (campus == NULL)
        {
          campus = g_new0 (Seen, 1);
          campus->node = node_new (self, CF_PLAN_LEVEL_CAMPUS);
          campus->first_row = row->row;
          campus->node->parent = self->institution;
          g_ptr_array_add (self->institution->children, campus->node);
          g_hash_table_insert (seen, g_strdup (campus_key), campus);
        }
      merge_fill (campus->node, row);

      if (career == NULL)
        {
          career = g_new0 (Seen, 1);
          career->node = node_new (self, CF_PLAN_LEVEL_CAREER);
          career->first_row = row->row;
          career->node->parent = campus->node;
          g_ptr_array_add (campus->node->children, career->node);
          g_hash_table_insert (seen, g_strdup (career_key), career);
        }
      merge_fill (career->node, row);

      if (plan == NULL)
        {
          plan = g_new0 (Seen, 1);
          plan->node = node_new (self, CF_PLAN_LEVEL_PLAN);
          /* Blank until a row says; current when none does (below). */
          node_take_value (plan->node, CF_PLAN_COL_ESTATUS_PLAN, NULL);
          plan->first_row = row->row;
          plan->node->parent = career->node;
          g_ptr_array_add (career->node->children, plan->node);
          g_hash_table_insert (seen, g_strdup (plan_key), plan);
        }
      merge_fill (plan->node, row);

      last_campus = campus;
      last_career = career;
      last_plan = plan;

      subject = node_new (self, CF_PLAN_LEVEL_SUBJECT);
      subject->source_row = row->row;
      merge_fill (subject, row);
      subject->parent = plan->node;
      g_ptr_array_add (plan->node->children, subject);
    }

  {
    g_autoptr(GPtrArray) plans = cf_plan_book_list_level (self, CF_PLAN_LEVEL_PLAN);

    for (guint i = 0; i < plans->len; i++)
      {
        CfPlanNode *plan = g_ptr_array_index (plans, i);

        if (*cf_plan_node_get (plan, CF_PLAN_COL_ESTATUS_PLAN) == '\0')
          node_take_value (plan, CF_PLAN_COL_ESTATUS_PLAN, g_strdup (CF_PLAN_STATUS_CURRENT));
      }
  }

  index_subtree (self, self->institution, TRUE);
  return g_steal_pointer (&self);
}

/* ---- Edits ---- */

/* The primitive changes, each persisted in one transaction when bound and
 * undone in memory when the store refuses. */

static gboolean
apply_set (CfPlanBook    *self,
           CfPlanNode    *owner,
           CfPlanColumn   column,
           const char    *value,
           GError       **error)
{
  guint slot = columns[column].slot;
  char *previous = owner->values[slot];

  owner->values[slot] = g_strdup (value);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_set_value (self->store, owner, column, previous, &local_error))
        {
          store_failed (error, local_error);
          goto fail;
        }
    }

  value_free (previous);
  g_signal_emit (self, signals[VALUE_CHANGED], 0, owner, (int) column);
  return TRUE;

fail:
  value_free (owner->values[slot]);
  owner->values[slot] = previous;
  return FALSE;
}

static gboolean
apply_attach (CfPlanBook  *self,
              CfPlanNode  *parent,
              guint        position,
              CfPlanNode  *node,
              GError     **error)
{
  g_assert (node->parent == NULL);
  g_assert (position <= parent->children->len);

  g_ptr_array_insert (parent->children, position, node);
  node->parent = parent;

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_insert (self->store, node, &local_error))
        {
          store_failed (error, local_error);
          goto fail;
        }
    }

  index_subtree (self, node, TRUE);
  g_signal_emit (self, signals[CHILDREN_CHANGED], 0, parent, position, 0u, 1u);
  return TRUE;

fail:
  clear_db_ids (node);
  g_ptr_array_remove_index (parent->children, position);
  node->parent = NULL;
  return FALSE;
}

static gboolean
apply_detach (CfPlanBook  *self,
              CfPlanNode  *node,
              GError     **error)
{
  CfPlanNode *parent = node->parent;
  guint position = cf_plan_node_get_index (node);

  g_assert (parent != NULL);

  g_ptr_array_remove_index (parent->children, position);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_delete (self->store, parent, node, &local_error))
        {
          store_failed (error, local_error);
          goto fail;
        }
    }

  node->parent = NULL;
  clear_db_ids (node);
  index_subtree (self, node, FALSE);
  g_signal_emit (self, signals[CHILDREN_CHANGED], 0, parent, position, 1u, 0u);
  return TRUE;

fail:
  g_ptr_array_insert (parent->children, position, node);
  return FALSE;
}

static gboolean
apply_move (CfPlanBook  *self,
            CfPlanNode  *node,
            guint        to,
            GError     **error)
{
  CfPlanNode *parent = node->parent;
  guint from = cf_plan_node_get_index (node);

  if (from == to)
    return TRUE;

  g_ptr_array_remove_index (parent->children, from);
  g_ptr_array_insert (parent->children, to, node);

  if (self->store != NULL)
    {
      GError *local_error = NULL;

      if (!cf_plan_repo_renumber (self->store, parent, &local_error))
        {
          store_failed (error, local_error);
          goto fail;
        }
    }

  g_signal_emit (self, signals[CHILDREN_CHANGED], 0, parent, MIN (from, to),
                 MAX (from, to) - MIN (from, to) + 1, MAX (from, to) - MIN (from, to) + 1);
  return TRUE;

fail:
  g_ptr_array_remove_index (parent->children, to);
  g_ptr_array_insert (parent->children, from, node);
  return FALSE;
}

static void
notify_history (CfPlanBook *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
push_op (CfPlanBook *self,
         Op         *op)
{
  g_queue_clear_full (&self->redo, (GDestroyNotify) op_free);
  g_queue_push_head (&self->undo, op);
  while (self->undo.length > MAX_UNDO)
    op_free (g_queue_pop_tail (&self->undo));
  notify_history (self);
}

static CfPlanNode *
lookup_or_fail (CfPlanBook  *self,
                guint        uid,
                GError     **error)
{
  CfPlanNode *node = cf_plan_book_lookup_uid (self, uid);

  if (node == NULL)
    g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                         _("The change cannot be undone: the row it touched is gone."));
  return node;
}

/* Runs @op forwards (redo = TRUE) or backwards. */
static gboolean
run_op (CfPlanBook  *self,
        Op          *op,
        gboolean     forward,
        GError     **error)
{
  CfPlanNode *node, *parent;

  switch (op->kind)
    {
    case OP_SET:
      if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
        return FALSE;
      return apply_set (self, node, op->column, forward ? op->new_value : op->old_value, error);

    case OP_MOVE:
      if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
        return FALSE;
      return apply_move (self, node, forward ? op->position : op->old_position, error);

    case OP_INSERT:
    case OP_REMOVE:
      if ((op->kind == OP_INSERT) == forward)
        {
          /* Put the detached node back. */
          if ((parent = lookup_or_fail (self, op->parent_uid, error)) == NULL)
            return FALSE;
          if (op->detached == NULL || op->position > parent->children->len)
            {
              g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                                   _("The change cannot be undone: the rows around it changed."));
              return FALSE;
            }
          if (!apply_attach (self, parent, op->position, op->detached, error))
            return FALSE;
          op->detached = NULL;
          return TRUE;
        }
      else
        {
          if ((node = lookup_or_fail (self, op->uid, error)) == NULL)
            return FALSE;
          if (!apply_detach (self, node, error))
            return FALSE;
          op->detached = node;
          return TRUE;
        }

    default:
      g_assert_not_reached ();
    }
}

gboolean
cf_plan_book_set_value (CfPlanBook    *self,
                        CfPlanNode    *node,
                        CfPlanColumn   column,
                        const char    *value,
                        GError       **error)
{
  g_autofree char *canonical = NULL;
  CfPlanNode *owner;
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (column < CF_PLAN_N_COLUMNS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  owner = cf_plan_node_get_ancestor (node, columns[column].level);
  if (owner == NULL)
    {
      g_set_error (error, CF_PLAN_ERROR, CF_PLAN_ERROR_INVALID,
                   _("%s cannot be set on this row."), columns[column].name);
      return FALSE;
    }

  canonical = cf_plan_canonical_value (column, value);
  if (g_str_equal (canonical, owner->values[columns[column].slot]))
    return TRUE;

  op = g_new0 (Op, 1);
  op->kind = OP_SET;
  op->uid = owner->uid;
  op->column = column;
  op->old_value = g_strdup (owner->values[columns[column].slot]);
  op->new_value = g_steal_pointer (&canonical);

  if (!apply_set (self, owner, column, op->new_value, error))
    {
      op_free (op);
      return FALSE;
    }
  push_op (self, op);
  return TRUE;
}

static CfPlanNode *
attach_new (CfPlanBook  *self,
            CfPlanNode  *parent,
            guint        position,
            CfPlanNode  *node,
            GError     **error)
{
  Op *op;

  op = g_new0 (Op, 1);
  op->kind = OP_INSERT;
  op->uid = node->uid;
  op->parent_uid = parent->uid;
  op->position = position;

  if (!apply_attach (self, parent, position, node, error))
    {
      op->detached = node;
      op_free (op);
      return NULL;
    }
  push_op (self, op);
  return node;
}

/* The ID column a node of @level owns, or -1. */
static int
id_column_of (CfPlanLevel level)
{
  return level == CF_PLAN_LEVEL_CAREER ? CF_PLAN_COL_ID_CARRERA
         : level == CF_PLAN_LEVEL_SUBJECT ? CF_PLAN_COL_ID_ASIGNATURA : -1;
}

CfPlanNode *
cf_plan_book_insert_with_id (CfPlanBook  *self,
                             CfPlanNode  *parent,
                             int          position,
                             const char  *id,
                             GError     **error)
{
  CfPlanNode *node;
  int column;
  guint at;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (parent->level != CF_PLAN_LEVEL_SUBJECT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  at = position < 0 || (guint) position > parent->children->len ? parent->children->len : (guint) position;
  node = node_new (self, parent->level + 1);
  /* Set before attaching: the insert and its ID are one undoable step. */
  if (id != NULL && (column = id_column_of (node->level)) >= 0)
    {
      value_free (node->values[columns[column].slot]);
      node->values[columns[column].slot] = cf_plan_canonical_value (column, id);
    }
  return attach_new (self, parent, at, node, error);
}

CfPlanNode *
cf_plan_book_insert (CfPlanBook  *self,
                     CfPlanNode  *parent,
                     int          position,
                     GError     **error)
{
  guint at;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (parent->level != CF_PLAN_LEVEL_SUBJECT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  at = position < 0 || (guint) position > parent->children->len ? parent->children->len : (guint) position;
  return attach_new (self, parent, at, node_new (self, parent->level + 1), error);
}

static CfPlanNode *
node_copy (CfPlanBook       *self,
           const CfPlanNode *node)
{
  CfPlanNode *copy = node_new (self, node->level);

  for (guint i = 0; i < level_n_slots[node->level]; i++)
    {
      value_free (copy->values[i]);
      copy->values[i] = g_strdup (node->values[i]);
    }
  for (guint i = 0; node->children != NULL && i < node->children->len; i++)
    {
      CfPlanNode *child = node_copy (self, g_ptr_array_index (node->children, i));

      child->parent = copy;
      g_ptr_array_add (copy->children, child);
    }
  return copy;
}

CfPlanNode *
cf_plan_book_duplicate (CfPlanBook  *self,
                        CfPlanNode  *node,
                        GError     **error)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (node != NULL && node->parent != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return attach_new (self, node->parent, cf_plan_node_get_index (node) + 1,
                     node_copy (self, node), error);
}

CfPlanNode *
cf_plan_book_duplicate_with_id (CfPlanBook  *self,
                                CfPlanNode  *node,
                                const char  *id,
                                GError     **error)
{
  CfPlanNode *copy;
  int column;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), NULL);
  g_return_val_if_fail (node != NULL && node->parent != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  copy = node_copy (self, node);
  if (id != NULL && (column = id_column_of (copy->level)) >= 0)
    {
      value_free (copy->values[columns[column].slot]);
      copy->values[columns[column].slot] = cf_plan_canonical_value (column, id);
    }
  return attach_new (self, node->parent, cf_plan_node_get_index (node) + 1, copy, error);
}

gboolean
cf_plan_book_remove (CfPlanBook  *self,
                     CfPlanNode  *node,
                     GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL && node->parent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = g_new0 (Op, 1);
  op->kind = OP_REMOVE;
  op->uid = node->uid;
  op->parent_uid = node->parent->uid;
  op->position = cf_plan_node_get_index (node);

  if (!apply_detach (self, node, error))
    {
      op_free (op);
      return FALSE;
    }
  op->detached = node;
  push_op (self, op);
  return TRUE;
}

gboolean
cf_plan_book_move (CfPlanBook  *self,
                   CfPlanNode  *node,
                   guint        position,
                   GError     **error)
{
  Op *op;
  guint from;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (node != NULL && node->parent != NULL, FALSE);
  g_return_val_if_fail (position < node->parent->children->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from = cf_plan_node_get_index (node);
  if (from == position)
    return TRUE;

  op = g_new0 (Op, 1);
  op->kind = OP_MOVE;
  op->uid = node->uid;
  op->old_position = from;
  op->position = position;

  if (!apply_move (self, node, position, error))
    {
      op_free (op);
      return FALSE;
    }
  push_op (self, op);
  return TRUE;
}

gboolean
cf_plan_book_can_undo (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  return self->undo.length > 0;
}

gboolean
cf_plan_book_can_redo (CfPlanBook *self)
{
  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  return self->redo.length > 0;
}

gboolean
cf_plan_book_undo (CfPlanBook  *self,
                   GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = g_queue_peek_head (&self->undo);
  if (op == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to undo."));
      return FALSE;
    }
  if (!run_op (self, op, FALSE, error))
    return FALSE;

  g_queue_push_head (&self->redo, g_queue_pop_head (&self->undo));
  notify_history (self);
  return TRUE;
}

gboolean
cf_plan_book_redo (CfPlanBook  *self,
                   GError     **error)
{
  Op *op;

  g_return_val_if_fail (CF_IS_PLAN_BOOK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  op = g_queue_peek_head (&self->redo);
  if (op == NULL)
    {
      g_set_error_literal (error, CF_PLAN_ERROR, CF_PLAN_ERROR_NOTHING_TO_UNDO,
                           _("There is nothing to redo."));
      return FALSE;
    }
  if (!run_op (self, op, TRUE, error))
    return FALSE;

  g_queue_push_head (&self->undo, g_queue_pop_head (&self->redo));
  notify_history (self);
  return TRUE;
}
