/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-students-import.c: the school system's export as a preview (see the
 * header). Rows are turned into students as they are read: nothing but the
 * students and the reasons is kept. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-csv-reader.h"
#include "cf-plan.h"
#include "cf-student-repo.h"
#include "cf-students-import.h"
#include "cf-xlsx-reader.h"

/* The header is looked for among the first rows of each sheet. */
#define HEADER_SEARCH_ROWS 20
/* A header must name at least this many known columns to be taken as one. */
#define MIN_HEADER_MATCHES 3

/* Sample rows kept for the mapping step. */
#define SAMPLE_ROWS 20

typedef CfStudentsColumn Field;

static const struct
{
  const char *name;
  const char *label;
} columns[CF_STUDENTS_N_COLUMNS] = {
  [CF_STUDENTS_COL_MATRICULA] = { "MATRICULA", N_("Student number") },
  [CF_STUDENTS_COL_CURP] = { "CURP", N_("CURP") },
  [CF_STUDENTS_COL_NOMBRE] = { "NOMBRE", N_("Given names") },
  [CF_STUDENTS_COL_PRIMER_APELLIDO] = { "PRIMER_APELLIDO", N_("First surname") },
  [CF_STUDENTS_COL_SEGUNDO_APELLIDO] = { "SEGUNDO_APELLIDO", N_("Second surname") },
  [CF_STUDENTS_COL_GENERO] = { "ID_GENERO", N_("Sex") },
  [CF_STUDENTS_COL_FECHA_NACIMIENTO] = { "FECHA_NACIMIENTO", N_("Birth date") },
  [CF_STUDENTS_COL_EMAIL] = { "EMAIL", N_("E-mail") },
  [CF_STUDENTS_COL_CARRERA] = { "ID_CARRERA", N_("Career ID") },
  [CF_STUDENTS_COL_PLAN] = { "CLAVE_PLAN", N_("Plan key") },
  [CF_STUDENTS_COL_CAMPUS] = { "ID_CAMPUS", N_("Campus ID") },
  [CF_STUDENTS_COL_TIPO_CERTIFICACION] = { "ID_TIPO_CERTIFICACION", N_("Certification type") },
  [CF_STUDENTS_COL_FECHA_EXPEDICION] = { "FECHA_EXPEDICION", N_("Issue date") },
  [CF_STUDENTS_COL_ASIGNATURA] = { "ID_ASIGNATURA", N_("Subject ID") },
  [CF_STUDENTS_COL_CICLO] = { "CICLO", N_("School cycle") },
  [CF_STUDENTS_COL_CALIFICACION] = { "CALIFICACION", N_("Grade") },
  [CF_STUDENTS_COL_OBSERVACIONES] = { "ID_OBSERVACIONES", N_("Observation") },
  [CF_STUDENTS_COL_TIPO_ASIGNATURA] = { "ID_TIPO_ASIGNATURA", N_("Subject type") },
  [CF_STUDENTS_COL_CREDITOS] = { "CREDITOS", N_("Credits") },
};

static const Field required_columns[] = {
  CF_STUDENTS_COL_MATRICULA, CF_STUDENTS_COL_CARRERA, CF_STUDENTS_COL_ASIGNATURA,
};

#define N_GRADE_FIELDS (CF_STUDENTS_N_COLUMNS - CF_STUDENTS_N_STUDENT_COLUMNS)

/* Header names, normalised (header_key(): capitals and digits, without
 * "de", "del", "la"...): SEP's attribute names, the Programa de Estudios'
 * and what real exports write ("NumControlAlumno", "Apellido Paterno
 * alumn", "Núm. Control", "CURP del alumno"). */
static const struct
{
  const char *key;
  Field       field;
} header_names[] = {
  { "MATRICULA", CF_STUDENTS_COL_MATRICULA }, { "NUMCONTROLALUMNO", CF_STUDENTS_COL_MATRICULA }, { "NUMEROCONTROL", CF_STUDENTS_COL_MATRICULA },
  { "NUMCONTROL", CF_STUDENTS_COL_MATRICULA }, { "NOCONTROL", CF_STUDENTS_COL_MATRICULA }, { "MATRICULAALUMNO", CF_STUDENTS_COL_MATRICULA },
  { "NUMERODECONTROL", CF_STUDENTS_COL_MATRICULA },
  { "NUMEROCONTROLALUMNO", CF_STUDENTS_COL_MATRICULA }, { "NUMCONTROLALUMNO", CF_STUDENTS_COL_MATRICULA },
  { "MATRICULAESTUDIANTE", CF_STUDENTS_COL_MATRICULA },
  { "CURP", CF_STUDENTS_COL_CURP }, { "CURPALUMNO", CF_STUDENTS_COL_CURP }, { "CURPESTUDIANTE", CF_STUDENTS_COL_CURP },
  { "NOMBRE", CF_STUDENTS_COL_NOMBRE }, { "NOMBRES", CF_STUDENTS_COL_NOMBRE }, { "NOMBRESALUMNO", CF_STUDENTS_COL_NOMBRE }, { "NOMBREALUMNO", CF_STUDENTS_COL_NOMBRE },
  { "NOMBREALUMN", CF_STUDENTS_COL_NOMBRE }, { "NOMBRESALUMN", CF_STUDENTS_COL_NOMBRE },
  { "PRIMERAPELLIDO", CF_STUDENTS_COL_PRIMER_APELLIDO }, { "APELLIDOPATERNO", CF_STUDENTS_COL_PRIMER_APELLIDO },
  { "APELLIDOPATERNOALUMN", CF_STUDENTS_COL_PRIMER_APELLIDO }, { "APELLIDOPATERNOALUMNO", CF_STUDENTS_COL_PRIMER_APELLIDO },
  { "PATERNO", CF_STUDENTS_COL_PRIMER_APELLIDO }, { "PRIMERAPELLIDOALUMNO", CF_STUDENTS_COL_PRIMER_APELLIDO },
  { "SEGUNDOAPELLIDO", CF_STUDENTS_COL_SEGUNDO_APELLIDO }, { "APELLIDOMATERNO", CF_STUDENTS_COL_SEGUNDO_APELLIDO },
  { "APELLIDOMATERNOALUMN", CF_STUDENTS_COL_SEGUNDO_APELLIDO }, { "APELLIDOMATERNOALUMNO", CF_STUDENTS_COL_SEGUNDO_APELLIDO },
  { "MATERNO", CF_STUDENTS_COL_SEGUNDO_APELLIDO }, { "SEGUNDOAPELLIDOALUMNO", CF_STUDENTS_COL_SEGUNDO_APELLIDO },
  { "IDGENERO", CF_STUDENTS_COL_GENERO }, { "GENERO", CF_STUDENTS_COL_GENERO }, { "SEXO", CF_STUDENTS_COL_GENERO }, { "IDSEXO", CF_STUDENTS_COL_GENERO },
  { "FECHANACIMIENTO", CF_STUDENTS_COL_FECHA_NACIMIENTO }, { "FECHANACIMIENTOALUMN", CF_STUDENTS_COL_FECHA_NACIMIENTO },
  { "FECHANACIMIENTOALUMNO", CF_STUDENTS_COL_FECHA_NACIMIENTO }, { "FECHADENACIMIENTO", CF_STUDENTS_COL_FECHA_NACIMIENTO },
  { "EMAIL", CF_STUDENTS_COL_EMAIL }, { "CORREO", CF_STUDENTS_COL_EMAIL }, { "CORREOELECTRONICO", CF_STUDENTS_COL_EMAIL }, { "EMAILALUMNO", CF_STUDENTS_COL_EMAIL },
  { "CORREOALUMNO", CF_STUDENTS_COL_EMAIL }, { "CORREOELECTRONICOALUMNO", CF_STUDENTS_COL_EMAIL },
  { "IDCARRERA", CF_STUDENTS_COL_CARRERA }, { "CARRERA", CF_STUDENTS_COL_CARRERA }, { "CARRERAID", CF_STUDENTS_COL_CARRERA },
  { "CLAVEPLAN", CF_STUDENTS_COL_PLAN }, { "CARRERACLAVEPLAN", CF_STUDENTS_COL_PLAN }, { "PLAN", CF_STUDENTS_COL_PLAN }, { "PLANESTUDIOS", CF_STUDENTS_COL_PLAN },
  { "IDCAMPUS", CF_STUDENTS_COL_CAMPUS }, { "CAMPUS", CF_STUDENTS_COL_CAMPUS }, { "CLAVECAMPUS", CF_STUDENTS_COL_CAMPUS },
  { "IDTIPOCERTIFICACION", CF_STUDENTS_COL_TIPO_CERTIFICACION }, { "TIPOCERTIFICACION", CF_STUDENTS_COL_TIPO_CERTIFICACION },
  { "FECHAEXPEDICION", CF_STUDENTS_COL_FECHA_EXPEDICION }, { "FECHADEEXPEDICION", CF_STUDENTS_COL_FECHA_EXPEDICION },
  { "IDASIGNATURA", CF_STUDENTS_COL_ASIGNATURA }, { "ASIGNATURA", CF_STUDENTS_COL_ASIGNATURA }, { "ASIGNATURAID", CF_STUDENTS_COL_ASIGNATURA },
  { "CICLO", CF_STUDENTS_COL_CICLO }, { "CICLOESCOLAR", CF_STUDENTS_COL_CICLO },
  { "CALIFICACION", CF_STUDENTS_COL_CALIFICACION },
  { "IDOBSERVACIONES", CF_STUDENTS_COL_OBSERVACIONES }, { "OBSERVACIONES", CF_STUDENTS_COL_OBSERVACIONES },
  { "IDOBSERVACION", CF_STUDENTS_COL_OBSERVACIONES }, { "OBSERVACION", CF_STUDENTS_COL_OBSERVACIONES },
  { "IDTIPOASIGNATURA", CF_STUDENTS_COL_TIPO_ASIGNATURA }, { "TIPOASIGNATURA", CF_STUDENTS_COL_TIPO_ASIGNATURA },
  { "CREDITOS", CF_STUDENTS_COL_CREDITOS },
};

typedef struct
{
  int column[N_GRADE_FIELDS];    /* -1: not in this group */
} Group;

struct _CfStudentsImport
{
  char              *name;
  char              *sheet_name;
  const char        *encoding;
  guint              header_row;
  /* Where the header is, to read the rows (again) with the mapping. */
  GBytes            *bytes;        /* the file; kept (in memory) while it may be read again */
  gboolean           is_csv;
  char              *csv_text;     /* decoded while the header is looked for, then read */
  guint              sheet_index;
  guint              header_record; /* a CSV's header, counting blank records */
  GPtrArray         *headers;      /* char*: the header row's cells */
  GArray            *mapping;      /* int per header cell: a Field or CF_STUDENTS_IMPORT_UNMAPPED */
  GArray            *group_column; /* gboolean per header cell: in a wide layout's subject groups */
  GPtrArray         *samples;      /* GPtrArray (char*) per data row, the first SAMPLE_ROWS */
  gboolean           needs_mapping;
  guint              n_rows;
  CfStudentsLayout   layout;
  int                student_column[CF_STUDENTS_N_STUDENT_COLUMNS];
  GArray            *groups;       /* Group */
  GPtrArray         *students;     /* CfStudent* */
  GHashTable        *by_key;       /* "matrícula\x1fcareer" → CfStudent* (borrowed) */
  GHashTable        *grade_index;  /* CfStudent* → (subject → CfGrade*) */
  guint              n_grades;
  guint              n_duplicates;
  guint              n_earlier_attempts;
  GPtrArray         *rejected;
  GPtrArray         *findings;
};

G_DEFINE_QUARK (cf-students-import-error-quark, cf_students_import_error)

const char *
cf_students_column_get_name (CfStudentsColumn column)
{
  g_return_val_if_fail (column < CF_STUDENTS_N_COLUMNS, NULL);
  return columns[column].name;
}

const char *
cf_students_column_get_label (CfStudentsColumn column)
{
  g_return_val_if_fail (column < CF_STUDENTS_N_COLUMNS, NULL);
  return _(columns[column].label);
}

gboolean
cf_students_column_is_required (CfStudentsColumn column)
{
  for (guint i = 0; i < G_N_ELEMENTS (required_columns); i++)
    if (required_columns[i] == column)
      return TRUE;
  return FALSE;
}

gboolean
cf_students_column_repeats (CfStudentsColumn column)
{
  return column >= CF_STUDENTS_N_STUDENT_COLUMNS && column < CF_STUDENTS_N_COLUMNS;
}

static void
rejected_free (CfStudentsRejected *r)
{
  g_free (r->reason);
  g_free (r);
}

static void
finding_free (CfStudentsFinding *f)
{
  g_free (f->matricula);
  g_free (f->message);
  g_free (f);
}

static CfStudentsImport *
import_new (const char *name)
{
  CfStudentsImport *self = g_new0 (CfStudentsImport, 1);

  self->name = g_strdup (name != NULL ? name : "");
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->mapping = g_array_new (FALSE, FALSE, sizeof (int));
  self->group_column = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  self->students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->grade_index = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  self->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) rejected_free);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  return self;
}

void
cf_students_import_free (CfStudentsImport *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->sheet_name);
  g_free (self->csv_text);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_ptr_array_unref (self->headers);
  g_array_unref (self->mapping);
  g_array_unref (self->group_column);
  g_ptr_array_unref (self->samples);
  g_array_unref (self->groups);
  g_hash_table_unref (self->grade_index);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->students);
  g_ptr_array_unref (self->rejected);
  g_ptr_array_unref (self->findings);
  g_free (self);
}

static void
reject (CfStudentsImport *self,
        guint             row,
        char             *reason)
{
  CfStudentsRejected *r = g_new0 (CfStudentsRejected, 1);

  r->row = row;
  r->reason = reason;
  g_ptr_array_add (self->rejected, r);
}

static void
add_finding (CfStudentsImport *self,
             guint             row,
             const char       *matricula,
             char             *message)
{
  CfStudentsFinding *f = g_new0 (CfStudentsFinding, 1);

  f->row = row;
  f->matricula = g_strdup (matricula);
  f->message = message;
  g_ptr_array_add (self->findings, f);
}

/* ------------------------------------------------------------------ */
/* Headers                                                             */
/* ------------------------------------------------------------------ */

/* Words that say nothing about the column ("Fecha de nacimiento",
 * "CURP del alumno"). */
static gboolean
is_particle (const char *word)
{
  static const char * const particles[] = { "DE", "DEL", "LA", "LAS", "LOS", "EL" };

  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    if (g_str_equal (word, particles[i]))
      return TRUE;
  return FALSE;
}

/* Capitals and digits without accents, spaces, punctuation or particles:
 * "Núm. de Control" → "NUMCONTROL". */
static char *
header_key (const char *header)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) word = g_string_new (NULL);
  GString *key = g_string_new (NULL);

  if (header == NULL || !g_utf8_validate (header, -1, NULL))
    return g_string_free (key, FALSE);
  /* NFD splits "Á" into "A" and an accent that is dropped. */
  decomposed = g_utf8_normalize (header, -1, G_NORMALIZE_NFD);
  for (const char *p = decomposed; p != NULL; p++)
    {
      if (*p != '\0' && (g_ascii_isalnum (*p) || (*p & 0x80) != 0))
        {
          if (g_ascii_isalnum (*p))
            g_string_append_c (word, g_ascii_toupper (*p));
          continue;
        }
      /* Only a separator ends a word: "Núm" keeps its accent's place. */
      if (word->len > 0 && !is_particle (word->str))
        g_string_append (key, word->str);
      g_string_truncate (word, 0);
      if (*p == '\0')
        break;
    }
  return g_string_free (key, FALSE);
}

static int
field_from_header (const char *header)
{
  g_autofree char *key = NULL;
  gsize len;

  if (header == NULL)
    return -1;
  key = header_key (header);
  /* "id asignatura 3", "CALIFICACION_12": numbered groups. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (header_names); i++)
        if (g_str_equal (key, header_names[i].key))
          return header_names[i].field;
      len = strlen (key);
      while (len > 0 && g_ascii_isdigit (key[len - 1]))
        key[--len] = '\0';
      if (len == 0)
        break;
    }
  return -1;
}

gboolean
cf_students_column_from_header (const char       *header,
                                CfStudentsColumn *column)
{
  int field;

  g_return_val_if_fail (header != NULL, FALSE);

  field = field_from_header (header);
  if (field < 0)
    return FALSE;
  if (column != NULL)
    *column = field;
  return TRUE;
}

static guint
header_score (const char * const *cells,
              guint               n_cells)
{
  gboolean seen[CF_STUDENTS_N_COLUMNS] = { FALSE };
  guint score = 0;

  for (guint i = 0; i < n_cells; i++)
    {
      int field = field_from_header (cells[i]);

      if (field >= 0 && !seen[field])
        {
          seen[field] = TRUE;
          score++;
        }
    }
  return score;
}

static guint
csv_header_score (const char * const *fields,
                  guint               n_fields,
                  gpointer            user_data)
{
  return header_score (fields, n_fields);
}

/* The header row as found: its cells and the columns their names say. In
 * a wide layout (several subject ids) the subject groups are the columns
 * named after a grade's column and those whose name repeats after the
 * first of them ("nombre asignatura" in every group). */
static void
set_headers (CfStudentsImport   *self,
             const char * const *cells,
             guint               n_cells)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_subjects = 0;
  int first_grade = -1;

  g_ptr_array_set_size (self->headers, 0);
  g_array_set_size (self->mapping, 0);
  g_array_set_size (self->group_column, 0);
  for (guint i = 0; i < n_cells; i++)
    {
      const char *header = cells[i] != NULL ? cells[i] : "";
      int field = field_from_header (header);
      g_autofree char *key = header_key (header);
      gsize len = strlen (key);

      g_ptr_array_add (self->headers, g_strstrip (g_strdup (header)));
      g_array_append_val (self->mapping, field);
      if (field == CF_STUDENTS_COL_ASIGNATURA)
        n_subjects++;
      if (field >= CF_STUDENTS_N_STUDENT_COLUMNS && first_grade < 0)
        first_grade = i;
      while (len > 0 && g_ascii_isdigit (key[len - 1]))
        key[--len] = '\0';
      if (len > 0)
        g_hash_table_insert (seen, g_strdup (key), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1));
    }
  for (guint i = 0; i < n_cells; i++)
    {
      int field = g_array_index (self->mapping, int, i);
      g_autofree char *key = header_key (g_ptr_array_index (self->headers, i));
      gsize len = strlen (key);
      gboolean in_group = FALSE;

      while (len > 0 && g_ascii_isdigit (key[len - 1]))
        key[--len] = '\0';
      if (n_subjects > 1)
        in_group = field >= CF_STUDENTS_N_STUDENT_COLUMNS ||
                   (first_grade >= 0 && (int) i > first_grade && len > 0 &&
                    GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) > 1);
      g_array_append_val (self->group_column, in_group);
    }
}

/* The columns to read from the mapping: a student's field from the first
 * file column that feeds it; grades in groups, a new group starting where
 * one of its columns comes again. */
static void
set_columns (CfStudentsImport *self)
{
  Group group;
  gboolean open = FALSE;

  g_array_set_size (self->groups, 0);
  for (guint f = 0; f < CF_STUDENTS_N_STUDENT_COLUMNS; f++)
    self->student_column[f] = -1;
  for (guint f = 0; f < N_GRADE_FIELDS; f++)
    group.column[f] = -1;

  for (guint i = 0; i < self->mapping->len; i++)
    {
      int field = g_array_index (self->mapping, int, i);

      if (field < 0)
        continue;
      if (field < CF_STUDENTS_N_STUDENT_COLUMNS)
        {
          if (self->student_column[field] < 0)
            self->student_column[field] = i;
          continue;
        }
      if (open && group.column[field - CF_STUDENTS_N_STUDENT_COLUMNS] >= 0)
        {
          g_array_append_val (self->groups, group);
          for (guint f = 0; f < N_GRADE_FIELDS; f++)
            group.column[f] = -1;
        }
      group.column[field - CF_STUDENTS_N_STUDENT_COLUMNS] = i;
      open = TRUE;
    }
  if (open)
    g_array_append_val (self->groups, group);
  self->layout = self->groups->len > 1 ? CF_STUDENTS_LAYOUT_WIDE : CF_STUDENTS_LAYOUT_LONG;
}

static GPtrArray *
list_missing (CfStudentsImport *self)
{
  gboolean mapped[CF_STUDENTS_N_COLUMNS] = { FALSE };
  GPtrArray *missing = g_ptr_array_new ();

  for (guint i = 0; i < self->mapping->len; i++)
    {
      int field = g_array_index (self->mapping, int, i);

      if (field >= 0)
        mapped[field] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (required_columns); i++)
    if (!mapped[required_columns[i]])
      g_ptr_array_add (missing, GINT_TO_POINTER (required_columns[i]));
  return missing;
}

static void
no_header_error (gboolean   is_csv,
                 GError   **error)
{
  if (is_csv)
    g_set_error_literal (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_NO_HEADER,
                         _("The file has no header row with the students' columns (matrícula, CURP, "
                           "ID_CARRERA, ID_ASIGNATURA, CALIFICACION…) among its first lines. One line "
                           "above the data must name the columns."));
  else
    g_set_error_literal (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_NO_HEADER,
                         _("No sheet has a header row with the students' columns (matrícula, CURP, "
                           "ID_CARRERA, ID_ASIGNATURA, CALIFICACION…). One row above the data must "
                           "name the columns."));
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static char *
clean_text (const char *text)
{
  char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  /* Excel's "text" apostrophe in front of a number. */
  if (copy[0] == '\'')
    memmove (copy, copy + 1, strlen (copy));
  return copy;
}

/* "1", 1 and 1.0 name the same id. */
static char *
clean_id (const char *text)
{
  char *id = clean_text (text);
  char *dot = strchr (id, '.');

  if (dot != NULL && dot > id)
    {
      gboolean digits = TRUE, zeros = TRUE;

      for (const char *p = id; p < dot; p++)
        digits = digits && g_ascii_isdigit (*p);
      for (const char *p = dot + 1; *p; p++)
        zeros = zeros && *p == '0';
      if (digits && zeros)
        *dot = '\0';
    }
  return id;
}

/* A date as the export gives it into YYYY-MM-DD; "" stays "". */
static gboolean
clean_date (const char  *text,
            char       **out)
{
  g_autofree char *t = clean_text (text);
  guint d = 0, m = 0, y = 0;
  char *end = NULL;

  *out = NULL;
  if (t[0] == '\0')
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (strlen (t) >= 10 && t[4] == '-' && t[7] == '-')
    {
      y = atoi (t);
      m = atoi (t + 5);
      d = atoi (t + 8);
    }
  else if (strchr (t, '/') != NULL || strchr (t, '-') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit_set (t, "/-", -1);

      if (g_strv_length (parts) != 3)
        return FALSE;
      d = atoi (parts[0]);
      m = atoi (parts[1]);
      y = atoi (parts[2]);
      if (strlen (g_strstrip (parts[2])) == 2)
        y += y < 50 ? 2000 : 1900;
    }
  else
    {
      /* An Excel serial day number (days since 1899-12-30). */
      double serial = g_ascii_strtod (t, &end);
      g_autoptr(GDateTime) base = NULL;
      g_autoptr(GDateTime) date = NULL;

      if (end == t || *end != '\0' || serial < 1 || serial > 2958465)
        return FALSE;
      base = g_date_time_new_utc (1899, 12, 30, 0, 0, 0);
      date = g_date_time_add_days (base, (int) serial);
      *out = g_date_time_format (date, "%Y-%m-%d");
      return TRUE;
    }
  if (y < 1900 || y > 9999 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  *out = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  return TRUE;
}

static char *
clean_grade (const char *text)
{
  char *grade = clean_text (text);

  if (g_ascii_strcasecmp (grade, "ac") == 0)
    {
      g_free (grade);
      return g_strdup ("AC");
    }
  return grade;
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static const char *
cell (const char * const *cells,
      guint               n_cells,
      int                 column)
{
  if (column < 0 || (guint) column >= n_cells || cells[column] == NULL)
    return "";
  return cells[column];
}

static void
fill (char       **field,
      const char  *value)
{
  /* The first row that gives a value wins; a later row fills blanks. */
  if ((*field)[0] == '\0' && value[0] != '\0')
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

static gboolean
grades_equal (CfGrade *a,
              CfGrade *b)
{
  return g_str_equal (a->ciclo, b->ciclo) && g_str_equal (a->calificacion, b->calificacion) &&
         g_str_equal (a->id_observaciones, b->id_observaciones) &&
         g_str_equal (a->id_tipo_asignatura, b->id_tipo_asignatura) &&
         g_str_equal (a->creditos, b->creditos);
}

static void
process_row (CfStudentsImport   *self,
             guint               row,
             const char * const *cells,
             guint               n_cells)
{
  const int *col = self->student_column;
  g_autofree char *matricula = clean_id (cell (cells, n_cells, col[CF_STUDENTS_COL_MATRICULA]));
  g_autofree char *carrera = clean_id (cell (cells, n_cells, col[CF_STUDENTS_COL_CARRERA]));
  g_autofree char *birth = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) grades = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_grade_free);
  CfStudent *student;
  GHashTable *index;
  gboolean ok = TRUE;

  self->n_rows++;

  /* One reason per rejected row: the first that keeps it out. */
  if (matricula[0] == '\0')
    {
      reject (self, row, g_strdup (_("The row has no matrícula (student number).")));
      return;
    }
  if (carrera[0] == '\0')
    {
      reject (self, row, g_strdup (_("The row has no career (ID_CARRERA).")));
      return;
    }
  if (!clean_date (cell (cells, n_cells, col[CF_STUDENTS_COL_FECHA_NACIMIENTO]), &birth))
    {
      reject (self, row, g_strdup_printf (_("The birth date “%s” is not a date. Write it as DD/MM/AAAA."),
                                          cell (cells, n_cells, col[CF_STUDENTS_COL_FECHA_NACIMIENTO])));
      return;
    }
  if (!clean_date (cell (cells, n_cells, col[CF_STUDENTS_COL_FECHA_EXPEDICION]), &issued))
    {
      reject (self, row, g_strdup_printf (_("The issue date “%s” is not a date. Write it as DD/MM/AAAA."),
                                          cell (cells, n_cells, col[CF_STUDENTS_COL_FECHA_EXPEDICION])));
      return;
    }

  for (guint g = 0; g < self->groups->len; g++)
    {
      const Group *group = &g_array_index (self->groups, Group, g);
      CfGrade *grade = cf_grade_new ();
      char **values[N_GRADE_FIELDS] = {
        &grade->id_asignatura, &grade->ciclo, &grade->calificacion, &grade->id_observaciones,
        &grade->id_tipo_asignatura, &grade->creditos,
      };
      gboolean any = FALSE;

      grade->row = row;
      for (guint f = 0; f < N_GRADE_FIELDS; f++)
        {
          const char *raw = cell (cells, n_cells, group->column[f]);

          g_free (*values[f]);
          if (f == CF_STUDENTS_COL_CALIFICACION - CF_STUDENTS_N_STUDENT_COLUMNS)
            *values[f] = clean_grade (raw);
          else if (f == CF_STUDENTS_COL_CICLO - CF_STUDENTS_N_STUDENT_COLUMNS || f == CF_STUDENTS_COL_CREDITOS - CF_STUDENTS_N_STUDENT_COLUMNS)
            *values[f] = clean_text (raw);
          else
            *values[f] = clean_id (raw);
          any = any || (*values[f])[0] != '\0';
        }
      if (!any)
        {
          cf_grade_free (grade);
          continue;
        }
      if (grade->id_asignatura[0] == '\0')
        {
          if (self->layout == CF_STUDENTS_LAYOUT_WIDE)
            reject (self, row, g_strdup_printf (_("Subject %u of the row has a grade but no subject id "
                                                  "(ID_ASIGNATURA)."), g + 1));
          else
            reject (self, row, g_strdup (_("The row has no subject id (ID_ASIGNATURA).")));
          cf_grade_free (grade);
          ok = self->layout == CF_STUDENTS_LAYOUT_WIDE;
          continue;
        }
      g_ptr_array_add (grades, grade);
    }
  if (!ok)
    return;

  key = g_strconcat (matricula, "\x1f", carrera, NULL);
  student = g_hash_table_lookup (self->by_key, key);
  if (student == NULL)
    {
      student = cf_student_new ();
      student->row = row;
      g_ptr_array_add (self->students, student);
      g_hash_table_insert (self->by_key, g_steal_pointer (&key), student);
      g_hash_table_insert (self->grade_index, student, g_hash_table_new (g_str_hash, g_str_equal));
    }
  {
    struct { char **field; int f; gboolean id; } fields[] = {
      { &student->matricula, CF_STUDENTS_COL_MATRICULA, TRUE }, { &student->id_carrera, CF_STUDENTS_COL_CARRERA, TRUE },
      { &student->clave_plan, CF_STUDENTS_COL_PLAN, TRUE }, { &student->curp, CF_STUDENTS_COL_CURP, FALSE },
      { &student->nombre, CF_STUDENTS_COL_NOMBRE, FALSE }, { &student->primer_apellido, CF_STUDENTS_COL_PRIMER_APELLIDO, FALSE },
      { &student->segundo_apellido, CF_STUDENTS_COL_SEGUNDO_APELLIDO, FALSE }, { &student->id_genero, CF_STUDENTS_COL_GENERO, TRUE },
      { &student->email, CF_STUDENTS_COL_EMAIL, FALSE }, { &student->id_campus, CF_STUDENTS_COL_CAMPUS, FALSE },
      { &student->id_tipo_certificacion, CF_STUDENTS_COL_TIPO_CERTIFICACION, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autofree char *value = fields[i].id ? clean_id (cell (cells, n_cells, col[fields[i].f]))
                                              : clean_text (cell (cells, n_cells, col[fields[i].f]));
        fill (fields[i].field, value);
      }
    fill (&student->fecha_nacimiento, birth);
    fill (&student->fecha_expedicion, issued);
  }

  index = g_hash_table_lookup (self->grade_index, student);
  for (guint g = 0; g < grades->len; g++)
    {
      CfGrade *grade = g_ptr_array_index (grades, g);
      CfGrade *before = g_hash_table_lookup (index, grade->id_asignatura);

      if (before != NULL)
        {
          if (grades_equal (before, grade))
            self->n_duplicates++;
          else if (!g_str_equal (before->ciclo, grade->ciclo))
            {
              /* Another attempt (a failed ordinary, then an extraordinary):
               * the certificate carries the latest cycle's. */
              self->n_earlier_attempts++;
              if (strcmp (grade->ciclo, before->ciclo) > 0)
                {
                  char *tmp;

#define SWAP(field) (tmp = before->field, before->field = grade->field, grade->field = tmp)
                  SWAP (ciclo);
                  SWAP (calificacion);
                  SWAP (id_observaciones);
                  SWAP (id_tipo_asignatura);
                  SWAP (creditos);
#undef SWAP
                  before->row = grade->row;
                }
            }
          else
            reject (self, row, g_strdup_printf (_("Subject %s of student %s is also on row %u, in the same "
                                                  "cycle with other values; the one on row %u is kept. "
                                                  "Leave one of them."),
                                                grade->id_asignatura, student->matricula, before->row,
                                                before->row));
          continue;
        }
      g_ptr_array_index (grades, g) = NULL;
      g_ptr_array_add (student->grades, grade);
      g_hash_table_insert (index, grade->id_asignatura, grade);
      self->n_grades++;
    }
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

static void
clear_results (CfStudentsImport *self)
{
  self->n_rows = 0;
  self->n_grades = 0;
  self->n_duplicates = 0;
  self->n_earlier_attempts = 0;
  g_hash_table_remove_all (self->grade_index);
  g_hash_table_remove_all (self->by_key);
  g_ptr_array_set_size (self->students, 0);
  g_ptr_array_set_size (self->rejected, 0);
  g_ptr_array_set_size (self->findings, 0);
  g_ptr_array_set_size (self->samples, 0);
}

static void
add_sample (CfStudentsImport   *self,
            const char * const *cells,
            guint               n_cells)
{
  GPtrArray *sample = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < MIN (n_cells, self->headers->len); i++)
    g_ptr_array_add (sample, g_strdup (cells[i] != NULL ? cells[i] : ""));
  g_ptr_array_add (self->samples, sample);
}

/* A data row: kept as a sample among the first ones and, once every
 * required column has its file column, read. FALSE: no more is needed. */
static gboolean
take_row (CfStudentsImport   *self,
          guint               row,
          const char * const *cells,
          guint               n_cells)
{
  if (self->samples->len < SAMPLE_ROWS)
    add_sample (self, cells, n_cells);
  if (self->needs_mapping)
    return self->samples->len < SAMPLE_ROWS;
  process_row (self, row, cells, n_cells);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Workbooks                                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint      seen;
  guint      best_row;
  guint      best_score;
  GPtrArray *best_cells;
} Peek;

static gboolean
peek_row_cb (guint               row,
             const char * const *cells,
             guint               n_cells,
             gpointer            user_data,
             GError            **error)
{
  Peek *peek = user_data;
  guint score = header_score (cells, MIN (n_cells, CF_STUDENTS_IMPORT_MAX_COLUMNS));

  if (score > peek->best_score)
    {
      peek->best_score = score;
      peek->best_row = row;
      g_ptr_array_set_size (peek->best_cells, 0);
      for (guint i = 0; i < MIN (n_cells, CF_STUDENTS_IMPORT_MAX_COLUMNS); i++)
        g_ptr_array_add (peek->best_cells, g_strdup (cells[i] != NULL ? cells[i] : ""));
    }
  return ++peek->seen < HEADER_SEARCH_ROWS;
}

static gboolean
data_row_cb (guint               row,
             const char * const *cells,
             guint               n_cells,
             gpointer            user_data,
             GError            **error)
{
  CfStudentsImport *self = user_data;

  if (row <= self->header_row)
    return TRUE;
  return take_row (self, row, cells, n_cells);
}

/* The sheet and row whose cells name the most known columns. */
static gboolean
find_workbook_header (CfStudentsImport  *self,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(GPtrArray) header = NULL;
  guint best_sheet = 0, best_score = 0, best_row = 0;

  reader = cf_xlsx_reader_new_for_bytes (self->bytes, error);
  if (reader == NULL)
    return FALSE;

  for (guint i = 0; i < cf_xlsx_reader_get_n_sheets (reader); i++)
    {
      Peek peek = { 0, 0, 0, g_ptr_array_new_with_free_func (g_free) };
      g_autoptr(GError) local_error = NULL;

      /* Other sheets (catalogs with merged titles, notes) are not ours to
       * judge: what they hold is only a reason not to pick them. */
      if (!cf_xlsx_reader_read_sheet (reader, i, peek_row_cb, &peek, cancellable, &local_error) &&
          !g_error_matches (local_error, CF_XLSX_ERROR, CF_XLSX_ERROR_MERGED) &&
          !g_error_matches (local_error, CF_XLSX_ERROR, CF_XLSX_ERROR_FORMULA))
        {
          g_ptr_array_unref (peek.best_cells);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (peek.best_score > best_score)
        {
          best_score = peek.best_score;
          best_sheet = i;
          best_row = peek.best_row;
          g_clear_pointer (&header, g_ptr_array_unref);
          header = g_steal_pointer (&peek.best_cells);
        }
      g_clear_pointer (&peek.best_cells, g_ptr_array_unref);
    }

  if (best_score < MIN_HEADER_MATCHES)
    {
      no_header_error (self->is_csv, error);
      return FALSE;
    }
  self->sheet_index = best_sheet;
  self->sheet_name = g_strdup (cf_xlsx_reader_get_sheet_name (reader, best_sheet));
  self->header_row = best_row;
  set_headers (self, (const char * const *) header->pdata, header->len);
  return TRUE;
}

static gboolean
read_workbook_rows (CfStudentsImport  *self,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(CfXlsxReader) reader = cf_xlsx_reader_new_for_bytes (self->bytes, error);

  return reader != NULL &&
         cf_xlsx_reader_read_sheet (reader, self->sheet_index, data_row_cb, self, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static char *
decode_csv (CfStudentsImport  *self,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text;

  if (g_bytes_get_size (self->bytes) > CF_STUDENTS_IMPORT_MAX_CSV_BYTES)
    {
      g_set_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_TOO_LARGE,
                   _("The CSV file is larger than %d MB."), CF_STUDENTS_IMPORT_MAX_CSV_BYTES / (1024 * 1024));
      return NULL;
    }
  text = cf_csv_decode (self->bytes, &self->encoding, &local_error);
  if (text == NULL)
    g_set_error_literal (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_ENCODING,
                         local_error->message);
  return text;
}

static gboolean
find_csv_header (CfStudentsImport  *self,
                 GError           **error)
{
  g_autofree char *text = decode_csv (self, error);
  CfCsvHeader header;

  if (text == NULL)
    return FALSE;
  if (!cf_csv_find_header (text, cf_csv_guess_delimiter (text), CF_STUDENTS_IMPORT_MAX_COLUMNS,
                           HEADER_SEARCH_ROWS, csv_header_score, NULL, &header) ||
      header.score < MIN_HEADER_MATCHES)
    {
      cf_csv_header_clear (&header);
      no_header_error (self->is_csv, error);
      return FALSE;
    }
  self->header_row = header.line;
  self->header_record = header.record;
  set_headers (self, (const char * const *) header.fields->pdata, header.fields->len);
  cf_csv_header_clear (&header);
  /* The rows are read from it next: decoded once. */
  g_free (self->csv_text);
  self->csv_text = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
read_csv_rows (CfStudentsImport  *self,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autofree char *text = self->csv_text != NULL ? g_steal_pointer (&self->csv_text) : decode_csv (self, error);
  CfCsvParser parser;
  gboolean ok = TRUE;

  if (text == NULL)
    return FALSE;
  cf_csv_parser_init (&parser, text, cf_csv_guess_delimiter (text), CF_STUDENTS_IMPORT_MAX_COLUMNS);
  for (guint i = 1; cf_csv_parser_next (&parser); i++)
    {
      if (i <= self->header_record || cf_csv_parser_is_empty (&parser))
        continue;
      if (i % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!take_row (self, parser.line, (const char * const *) parser.fields->pdata, parser.fields->len))
        break;
    }
  cf_csv_parser_clear (&parser);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Findings against the Programa de Estudios                           */
/* ------------------------------------------------------------------ */

static gboolean
check_against_plans (CfStudentsImport  *self,
                     CfStore           *store,
                     GError           **error)
{
  g_autoptr(GHashTable) careers = NULL;

  if (store != NULL)
    {
      careers = cf_student_repo_plan_subjects (store, error);
      if (careers == NULL)
        return FALSE;
    }
  else
    careers = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->students->len; i++)
    {
      CfStudent *s = g_ptr_array_index (self->students, i);
      GHashTable *plans = g_hash_table_lookup (careers, s->id_carrera);
      GHashTable *subjects;

      if (plans == NULL)
        {
          add_finding (self, s->row, s->matricula,
                       g_strdup_printf (_("Career %s of student %s is not in the Programa de Estudios. "
                                          "Add it to the study plans or correct the career id."),
                                        s->id_carrera, s->matricula));
          continue;
        }
      if (s->clave_plan[0] == '\0')
        {
          add_finding (self, s->row, s->matricula,
                       g_strdup_printf (_("Student %s has no plan (CLAVE_PLAN): their subjects cannot be "
                                          "checked. Add the plan to the file."), s->matricula));
          continue;
        }
      subjects = g_hash_table_lookup (plans, s->clave_plan);
      if (subjects == NULL)
        {
          add_finding (self, s->row, s->matricula,
                       g_strdup_printf (_("Plan %s of career %s (student %s) is not in the Programa de "
                                          "Estudios. Add it to the study plans or correct the plan."),
                                        s->clave_plan, s->id_carrera, s->matricula));
          continue;
        }
      for (guint g = 0; g < s->grades->len; g++)
        {
          CfGrade *grade = g_ptr_array_index (s->grades, g);

          if (!g_hash_table_contains (subjects, grade->id_asignatura))
            add_finding (self, grade->row, s->matricula,
                         g_strdup_printf (_("Subject %s of student %s is not in plan %s of career %s. "
                                            "Add it to the plan or correct the subject id."),
                                          grade->id_asignatura, s->matricula, s->clave_plan,
                                          s->id_carrera));
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

static gboolean
looks_like_workbook (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return size >= 4 && ((data[0] == 'P' && data[1] == 'K') ||
                       (data[0] == 0xd0 && data[1] == 0xcf && data[2] == 0x11 && data[3] == 0xe0));
}

/* The rows below the header with the mapping as it stands; with a
 * required column missing, only the samples. */
static gboolean
read_rows (CfStudentsImport  *self,
           CfStore           *store,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(GPtrArray) missing = list_missing (self);
  gboolean ok;

  clear_results (self);
  self->needs_mapping = missing->len > 0;
  set_columns (self);
  if (self->is_csv)
    ok = read_csv_rows (self, cancellable, error);
  else
    ok = read_workbook_rows (self, cancellable, error);
  if (!ok)
    {
      clear_results (self);
      return FALSE;
    }
  if (self->needs_mapping)
    return TRUE;
  /* The index served the reading only. */
  g_hash_table_remove_all (self->grade_index);
  g_hash_table_remove_all (self->by_key);
  if (!check_against_plans (self, store, error))
    {
      clear_results (self);
      return FALSE;
    }
  return TRUE;
}

CfStudentsImport *
cf_students_import_read_bytes (GBytes        *bytes,
                               const char    *name,
                               CfStore       *store,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(CfStudentsImport) self = NULL;
  gboolean found;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = import_new (name);
  self->bytes = g_bytes_ref (bytes);
  self->is_csv = !looks_like_workbook (bytes);
  if (self->is_csv)
    found = find_csv_header (self, error);
  else
    found = find_workbook_header (self, cancellable, error);
  if (!found || !read_rows (self, store, cancellable, error))
    return NULL;

  /* Kept for the mapping step only, and then as a copy: a mapped file
   * could change under it while the registrar chooses. */
  if (self->needs_mapping)
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (self->bytes, &size);
      GBytes *copy = g_bytes_new (data, size);

      g_bytes_unref (self->bytes);
      self->bytes = copy;
    }
  else
    g_clear_pointer (&self->bytes, g_bytes_unref);
  return g_steal_pointer (&self);
}

CfStudentsImport *
cf_students_import_read (const char    *path,
                         CfStore       *store,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_IO,
                   _("Cannot read %s: %s"), path, local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (file);
  name = g_path_get_basename (path);
  return cf_students_import_read_bytes (bytes, name, store, cancellable, error);
}

typedef struct
{
  char    *path;
  CfStore *store;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_clear_object (&data->store);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  CfStudentsImport *self = cf_students_import_read (data->path, data->store, cancellable, &error);

  if (self == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, self, (GDestroyNotify) cf_students_import_free);
}

void
cf_students_import_read_async (const char          *path,
                               CfStore             *store,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  data->path = g_strdup (path);
  data->store = store != NULL ? g_object_ref (store) : NULL;
  g_task_set_source_tag (task, cf_students_import_read_async);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

CfStudentsImport *
cf_students_import_read_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
cf_students_import_needs_mapping (CfStudentsImport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->needs_mapping;
}

guint
cf_students_import_get_n_source_columns (CfStudentsImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->headers->len;
}

const char *
cf_students_import_get_source_header (CfStudentsImport *self,
                                      guint             source_column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (source_column < self->headers->len, NULL);
  return g_ptr_array_index (self->headers, source_column);
}

guint
cf_students_import_get_n_sample_rows (CfStudentsImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->samples->len;
}

const char *
cf_students_import_get_cell (CfStudentsImport *self,
                             guint             row,
                             guint             source_column)
{
  GPtrArray *sample;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->samples->len, NULL);
  g_return_val_if_fail (source_column < self->headers->len, NULL);

  sample = g_ptr_array_index (self->samples, row);
  return source_column < sample->len ? g_ptr_array_index (sample, source_column) : "";
}

int
cf_students_import_get_mapping (CfStudentsImport *self,
                                guint             source_column)
{
  g_return_val_if_fail (self != NULL, CF_STUDENTS_IMPORT_UNMAPPED);
  g_return_val_if_fail (source_column < self->mapping->len, CF_STUDENTS_IMPORT_UNMAPPED);
  return g_array_index (self->mapping, int, source_column);
}

void
cf_students_import_set_mapping (CfStudentsImport *self,
                                guint             source_column,
                                int               column)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (source_column < self->mapping->len);
  g_return_if_fail (column == CF_STUDENTS_IMPORT_UNMAPPED || (column >= 0 && column < CF_STUDENTS_N_COLUMNS));

  g_array_index (self->mapping, int, source_column) = column;
}

gboolean
cf_students_import_is_group_column (CfStudentsImport *self,
                                    guint             source_column)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (source_column < self->group_column->len, FALSE);
  return g_array_index (self->group_column, gboolean, source_column);
}

GPtrArray *
cf_students_import_list_missing (CfStudentsImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return list_missing (self);
}

gboolean
cf_students_import_check_mapping (CfStudentsImport  *self,
                                  GError           **error)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, FALSE);

  missing = list_missing (self);
  if (missing->len == 0)
    return TRUE;
  for (guint i = 0; i < missing->len; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "",
                            columns[GPOINTER_TO_INT (g_ptr_array_index (missing, i))].name);
  g_set_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_MISSING,
               /* Translators: %s lists column names ("MATRICULA, ID_CARRERA"). */
               _("The file has no column for %s. Name the column in the header row and import again."),
               list->str);
  return FALSE;
}

gboolean
cf_students_import_apply_mapping (CfStudentsImport  *self,
                                  CfStore           *store,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->bytes != NULL, FALSE);
  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cf_students_import_check_mapping (self, error))
    return FALSE;
  return read_rows (self, store, cancellable, error);
}

static void
apply_mapping_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  CfStudentsImport *self = task_data;
  GError *error = NULL;

  if (cf_students_import_apply_mapping (self, source, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cf_students_import_apply_mapping_async (CfStudentsImport    *self,
                                        CfStore             *store,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (store == NULL || CF_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_students_import_apply_mapping_async);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, apply_mapping_thread);
}

gboolean
cf_students_import_apply_mapping_finish (GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_students_import_apply_mapping_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

CfStudentsLayout
cf_students_import_get_layout (CfStudentsImport *self)
{
  return self->layout;
}

const char *
cf_students_import_get_sheet_name (CfStudentsImport *self)
{
  return self->sheet_name;
}

const char *
cf_students_import_get_encoding (CfStudentsImport *self)
{
  return self->encoding;
}

guint
cf_students_import_get_header_row (CfStudentsImport *self)
{
  return self->header_row;
}

guint
cf_students_import_get_n_rows (CfStudentsImport *self)
{
  return self->n_rows;
}

GPtrArray *
cf_students_import_get_students (CfStudentsImport *self)
{
  return self->students;
}

guint
cf_students_import_get_n_grades (CfStudentsImport *self)
{
  return self->n_grades;
}

guint
cf_students_import_get_n_duplicates (CfStudentsImport *self)
{
  return self->n_duplicates;
}

guint
cf_students_import_get_n_earlier_attempts (CfStudentsImport *self)
{
  return self->n_earlier_attempts;
}

GPtrArray *
cf_students_import_get_rejected (CfStudentsImport *self)
{
  return self->rejected;
}

GPtrArray *
cf_students_import_get_findings (CfStudentsImport *self)
{
  return self->findings;
}

gboolean
cf_students_import_commit (CfStudentsImport  *self,
                           CfStore           *store,
                           GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->needs_mapping, FALSE);
  g_return_val_if_fail (CF_IS_STORE (store), FALSE);

  return cf_student_repo_import (store, self->students, self->name, error);
}

static void
commit_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CfStudentsImport *self = task_data;
  GError *error = NULL;

  if (cf_students_import_commit (self, CF_STORE (source), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* @self must stay alive and untouched until the callback runs. */
void
cf_students_import_commit_async (CfStudentsImport    *self,
                                 CfStore             *store,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, cf_students_import_commit_async);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, commit_thread);
}

gboolean
cf_students_import_commit_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
