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

typedef enum
{
  /* The student's fields. */
  F_MATRICULA,
  F_CURP,
  F_NOMBRE,
  F_PRIMER_APELLIDO,
  F_SEGUNDO_APELLIDO,
  F_GENERO,
  F_FECHA_NACIMIENTO,
  F_EMAIL,
  F_CARRERA,
  F_PLAN,
  F_CAMPUS,
  F_TIPO_CERTIFICACION,
  F_FECHA_EXPEDICION,
  N_STUDENT_FIELDS,
  /* A grade's: repeated per subject in the wide layout. */
  G_ASIGNATURA = N_STUDENT_FIELDS,
  G_CICLO,
  G_CALIFICACION,
  G_OBSERVACIONES,
  G_TIPO_ASIGNATURA,
  G_CREDITOS,
  N_FIELDS,
} Field;

#define N_GRADE_FIELDS (N_FIELDS - N_STUDENT_FIELDS)

/* Header names, normalised (cf_plan_normalize_header: capitals and digits
 * only): SEP's attribute names, the Programa de Estudios' and what real
 * exports write ("NumControlAlumno", "Apellido Paterno alumn"). */
static const struct
{
  const char *key;
  Field       field;
} header_names[] = {
  { "MATRICULA", F_MATRICULA }, { "NUMCONTROLALUMNO", F_MATRICULA }, { "NUMEROCONTROL", F_MATRICULA },
  { "NUMCONTROL", F_MATRICULA }, { "NOCONTROL", F_MATRICULA }, { "MATRICULAALUMNO", F_MATRICULA },
  { "NUMERODECONTROL", F_MATRICULA },
  { "CURP", F_CURP }, { "CURPALUMNO", F_CURP },
  { "NOMBRE", F_NOMBRE }, { "NOMBRES", F_NOMBRE }, { "NOMBRESALUMNO", F_NOMBRE }, { "NOMBREALUMNO", F_NOMBRE },
  { "NOMBREALUMN", F_NOMBRE }, { "NOMBRESALUMN", F_NOMBRE },
  { "PRIMERAPELLIDO", F_PRIMER_APELLIDO }, { "APELLIDOPATERNO", F_PRIMER_APELLIDO },
  { "APELLIDOPATERNOALUMN", F_PRIMER_APELLIDO }, { "APELLIDOPATERNOALUMNO", F_PRIMER_APELLIDO },
  { "PATERNO", F_PRIMER_APELLIDO }, { "PRIMERAPELLIDOALUMNO", F_PRIMER_APELLIDO },
  { "SEGUNDOAPELLIDO", F_SEGUNDO_APELLIDO }, { "APELLIDOMATERNO", F_SEGUNDO_APELLIDO },
  { "APELLIDOMATERNOALUMN", F_SEGUNDO_APELLIDO }, { "APELLIDOMATERNOALUMNO", F_SEGUNDO_APELLIDO },
  { "MATERNO", F_SEGUNDO_APELLIDO }, { "SEGUNDOAPELLIDOALUMNO", F_SEGUNDO_APELLIDO },
  { "IDGENERO", F_GENERO }, { "GENERO", F_GENERO }, { "SEXO", F_GENERO }, { "IDSEXO", F_GENERO },
  { "FECHANACIMIENTO", F_FECHA_NACIMIENTO }, { "FECHANACIMIENTOALUMN", F_FECHA_NACIMIENTO },
  { "FECHANACIMIENTOALUMNO", F_FECHA_NACIMIENTO }, { "FECHADENACIMIENTO", F_FECHA_NACIMIENTO },
  { "EMAIL", F_EMAIL }, { "CORREO", F_EMAIL }, { "CORREOELECTRONICO", F_EMAIL }, { "EMAILALUMNO", F_EMAIL },
  { "CORREOALUMNO", F_EMAIL }, { "CORREOELECTRONICOALUMNO", F_EMAIL },
  { "IDCARRERA", F_CARRERA }, { "CARRERA", F_CARRERA }, { "CARRERAID", F_CARRERA },
  { "CLAVEPLAN", F_PLAN }, { "CARRERACLAVEPLAN", F_PLAN }, { "PLAN", F_PLAN }, { "PLANESTUDIOS", F_PLAN },
  { "IDCAMPUS", F_CAMPUS }, { "CAMPUS", F_CAMPUS }, { "CLAVECAMPUS", F_CAMPUS },
  { "IDTIPOCERTIFICACION", F_TIPO_CERTIFICACION }, { "TIPOCERTIFICACION", F_TIPO_CERTIFICACION },
  { "FECHAEXPEDICION", F_FECHA_EXPEDICION }, { "FECHADEEXPEDICION", F_FECHA_EXPEDICION },
  { "IDASIGNATURA", G_ASIGNATURA }, { "ASIGNATURA", G_ASIGNATURA }, { "ASIGNATURAID", G_ASIGNATURA },
  { "CICLO", G_CICLO }, { "CICLOESCOLAR", G_CICLO },
  { "CALIFICACION", G_CALIFICACION },
  { "IDOBSERVACIONES", G_OBSERVACIONES }, { "OBSERVACIONES", G_OBSERVACIONES },
  { "IDOBSERVACION", G_OBSERVACIONES }, { "OBSERVACION", G_OBSERVACIONES },
  { "IDTIPOASIGNATURA", G_TIPO_ASIGNATURA }, { "TIPOASIGNATURA", G_TIPO_ASIGNATURA },
  { "CREDITOS", G_CREDITOS },
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
  guint              n_rows;
  CfStudentsLayout   layout;
  int                student_column[N_STUDENT_FIELDS];
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

static int
field_from_header (const char *header)
{
  g_autofree char *key = NULL;
  gsize len;

  if (header == NULL)
    return -1;
  key = cf_plan_normalize_header (header);
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

static guint
header_score (const char * const *cells,
              guint               n_cells)
{
  gboolean seen[N_FIELDS] = { FALSE };
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

static void
set_headers (CfStudentsImport   *self,
             const char * const *cells,
             guint               n_cells)
{
  Group group;
  gboolean open = FALSE;

  for (guint f = 0; f < N_STUDENT_FIELDS; f++)
    self->student_column[f] = -1;
  for (guint f = 0; f < N_GRADE_FIELDS; f++)
    group.column[f] = -1;

  /* A subject id opens a group; the grade columns after it are its own. */
  for (guint i = 0; i < n_cells; i++)
    {
      int field = field_from_header (cells[i]);

      if (field < 0)
        continue;
      if (field < N_STUDENT_FIELDS)
        {
          if (self->student_column[field] < 0)
            self->student_column[field] = i;
          continue;
        }
      if (open && (field == G_ASIGNATURA || group.column[field - N_STUDENT_FIELDS] >= 0))
        {
          g_array_append_val (self->groups, group);
          for (guint f = 0; f < N_GRADE_FIELDS; f++)
            group.column[f] = -1;
        }
      group.column[field - N_STUDENT_FIELDS] = i;
      open = TRUE;
    }
  if (open)
    g_array_append_val (self->groups, group);
  self->layout = self->groups->len > 1 ? CF_STUDENTS_LAYOUT_WIDE : CF_STUDENTS_LAYOUT_LONG;
}

static gboolean
check_headers (CfStudentsImport  *self,
               GError           **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *list = NULL;

  if (self->student_column[F_MATRICULA] < 0)
    g_ptr_array_add (missing, (gpointer) "MATRICULA");
  if (self->student_column[F_CARRERA] < 0)
    g_ptr_array_add (missing, (gpointer) "ID_CARRERA");
  if (self->groups->len == 0 || g_array_index (self->groups, Group, 0).column[0] < 0)
    g_ptr_array_add (missing, (gpointer) "ID_ASIGNATURA");
  if (missing->len == 0)
    return TRUE;
  g_ptr_array_add (missing, NULL);
  list = g_strjoinv (", ", (char **) missing->pdata);
  g_set_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_MISSING,
               /* Translators: %s lists column names ("MATRICULA, ID_CARRERA"). */
               _("The file has no column for %s. Name the column in the header row and import again."),
               list);
  return FALSE;
}

static void
no_header_error (GError **error)
{
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
  g_autofree char *matricula = clean_id (cell (cells, n_cells, col[F_MATRICULA]));
  g_autofree char *carrera = clean_id (cell (cells, n_cells, col[F_CARRERA]));
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
  if (!clean_date (cell (cells, n_cells, col[F_FECHA_NACIMIENTO]), &birth))
    {
      reject (self, row, g_strdup_printf (_("The birth date “%s” is not a date. Write it as DD/MM/AAAA."),
                                          cell (cells, n_cells, col[F_FECHA_NACIMIENTO])));
      return;
    }
  if (!clean_date (cell (cells, n_cells, col[F_FECHA_EXPEDICION]), &issued))
    {
      reject (self, row, g_strdup_printf (_("The issue date “%s” is not a date. Write it as DD/MM/AAAA."),
                                          cell (cells, n_cells, col[F_FECHA_EXPEDICION])));
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
          if (f == G_CALIFICACION - N_STUDENT_FIELDS)
            *values[f] = clean_grade (raw);
          else if (f == G_CICLO - N_STUDENT_FIELDS || f == G_CREDITOS - N_STUDENT_FIELDS)
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
      { &student->matricula, F_MATRICULA, TRUE }, { &student->id_carrera, F_CARRERA, TRUE },
      { &student->clave_plan, F_PLAN, TRUE }, { &student->curp, F_CURP, FALSE },
      { &student->nombre, F_NOMBRE, FALSE }, { &student->primer_apellido, F_PRIMER_APELLIDO, FALSE },
      { &student->segundo_apellido, F_SEGUNDO_APELLIDO, FALSE }, { &student->id_genero, F_GENERO, TRUE },
      { &student->email, F_EMAIL, FALSE }, { &student->id_campus, F_CAMPUS, FALSE },
      { &student->id_tipo_certificacion, F_TIPO_CERTIFICACION, TRUE },
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

  if (row > self->header_row)
    process_row (self, row, cells, n_cells);
  return TRUE;
}

static CfStudentsImport *
read_workbook (GBytes        *bytes,
               const char    *name,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(CfXlsxReader) reader = NULL;
  g_autoptr(CfStudentsImport) self = NULL;
  g_autoptr(GPtrArray) header = NULL;
  guint best_sheet = 0, best_score = 0, best_row = 0;

  reader = cf_xlsx_reader_new_for_bytes (bytes, error);
  if (reader == NULL)
    return NULL;

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
          return NULL;
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
      no_header_error (error);
      return NULL;
    }

  self = import_new (name);
  self->sheet_name = g_strdup (cf_xlsx_reader_get_sheet_name (reader, best_sheet));
  self->header_row = best_row;
  set_headers (self, (const char * const *) header->pdata, header->len);
  if (!check_headers (self, error))
    return NULL;
  if (!cf_xlsx_reader_read_sheet (reader, best_sheet, data_row_cb, self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static CfStudentsImport *
read_csv (GBytes        *bytes,
          const char    *name,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(CfStudentsImport) self = NULL;
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  CfCsvParser parser;
  char delimiter;
  guint best_score = 0, best = 0, best_line = 0, non_empty = 0, n_records = 0;

  if (g_bytes_get_size (bytes) > CF_STUDENTS_IMPORT_MAX_CSV_BYTES)
    {
      g_set_error (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_TOO_LARGE,
                   _("The CSV file is larger than %d MB."), CF_STUDENTS_IMPORT_MAX_CSV_BYTES / (1024 * 1024));
      return NULL;
    }
  text = cf_csv_decode (bytes, &encoding, &local_error);
  if (text == NULL)
    {
      g_set_error_literal (error, CF_STUDENTS_IMPORT_ERROR, CF_STUDENTS_IMPORT_ERROR_ENCODING,
                           local_error->message);
      return NULL;
    }
  delimiter = cf_csv_guess_delimiter (text);

  cf_csv_parser_init (&parser, text, delimiter, CF_STUDENTS_IMPORT_MAX_COLUMNS);
  while (non_empty < HEADER_SEARCH_ROWS && cf_csv_parser_next (&parser))
    {
      guint score;

      n_records++;
      if (cf_csv_parser_is_empty (&parser))
        continue;
      non_empty++;
      score = header_score ((const char * const *) parser.fields->pdata, parser.fields->len);
      if (score > best_score)
        {
          best_score = score;
          best = n_records;
          best_line = parser.line;
          g_ptr_array_set_size (header, 0);
          for (guint i = 0; i < parser.fields->len; i++)
            g_ptr_array_add (header, g_strdup (g_ptr_array_index (parser.fields, i)));
        }
    }
  cf_csv_parser_clear (&parser);

  if (best_score < MIN_HEADER_MATCHES)
    {
      no_header_error (error);
      return NULL;
    }

  self = import_new (name);
  self->encoding = encoding;
  self->header_row = best_line;
  set_headers (self, (const char * const *) header->pdata, header->len);
  if (!check_headers (self, error))
    return NULL;

  cf_csv_parser_init (&parser, text, delimiter, CF_STUDENTS_IMPORT_MAX_COLUMNS);
  for (guint i = 1; cf_csv_parser_next (&parser); i++)
    {
      if (i <= best || cf_csv_parser_is_empty (&parser))
        continue;
      if (i % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          cf_csv_parser_clear (&parser);
          return NULL;
        }
      process_row (self, parser.line, (const char * const *) parser.fields->pdata, parser.fields->len);
    }
  cf_csv_parser_clear (&parser);
  return g_steal_pointer (&self);
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

CfStudentsImport *
cf_students_import_read_bytes (GBytes        *bytes,
                               const char    *name,
                               CfStore       *store,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(CfStudentsImport) self = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (store == NULL || CF_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (looks_like_workbook (bytes))
    self = read_workbook (bytes, name, cancellable, error);
  else
    self = read_csv (bytes, name, cancellable, error);
  if (self == NULL)
    return NULL;
  /* The index served the reading only. */
  g_hash_table_remove_all (self->grade_index);
  g_hash_table_remove_all (self->by_key);
  if (!check_against_plans (self, store, error))
    return NULL;
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
