/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cf-catalog.h"
#include "cf-curp.h"
#include "cf-dec-gen.h"

static const char * const first_names_f[] = {
  "MARÍA FERNANDA", "ANA", "SOFÍA", "XÓCHITL", "INÉS", "ÁNGELA", "MARÍA DE LA LUZ",
  "CITLALLI", "BEATRIZ", "NOEMÍ", "ZOÉ", "ROCÍO", "IRENE", "LUCÍA", "GUADALUPE",
};
static const char * const first_names_m[] = {
  "JOSÉ ÁNGEL", "JUAN PABLO", "RAÚL", "JESÚS", "IÑAKI", "NOÉ", "MOISÉS", "RENÉ",
  "EFRAÍN", "LUIS", "CARLOS ANDRÉS", "JOAQUÍN", "ÓSCAR", "TOMÁS", "ADRIÁN",
};
static const char * const surnames[] = {
  "LÓPEZ", "PÉREZ", "MUÑOZ", "NÚÑEZ", "PEÑA", "IBÁÑEZ", "ZÚÑIGA", "BRISEÑO",
  "GONZÁLEZ", "HERNÁNDEZ", "GARCÍA", "MARTÍNEZ", "RODRÍGUEZ", "SÁNCHEZ", "DÍAZ",
  "GÜEMES", "O'CONNOR", "DE LA CRUZ", "CASTAÑEDA", "OCAÑA", "YÁÑEZ", "ÁVILA",
  "URIBE", "ESPINOZA", "VÁZQUEZ", "ÁLVAREZ",
};
static const char * const institutions[] = {
  "UNIVERSIDAD DEL VALLE DE ANÁHUAC",
  "INSTITUTO DE ESTUDIOS SUPERIORES \"SOR JUANA\"",
  "CENTRO UNIVERSITARIO PEÑA & ASOCIADOS",
  "UNIVERSIDAD TECNOLÓGICA <DEL> NORTE",
  "ESCUELA LIBRE DE DERECHO Y CIENCIAS SOCIALES",
};
static const char * const campuses[] = {
  "CAMPUS COYOACÁN", "CAMPUS MÉRIDA", "CAMPUS SAN ÁNGEL", "PLANTEL CENTRO", "UNIDAD QUERÉTARO",
};
static const char * const careers[] = {
  "LICENCIATURA EN DERECHO", "INGENIERÍA EN SISTEMAS COMPUTACIONALES",
  "LICENCIATURA EN CIENCIAS DE LA COMUNICACIÓN", "MAESTRÍA EN EDUCACIÓN",
  "LICENCIATURA EN PSICOLOGÍA", "ESPECIALIDAD EN ORTODONCIA", "LICENCIATURA EN DISEÑO GRÁFICO",
};
static const char * const subjects[] = {
  "CÁLCULO DIFERENCIAL", "ÁLGEBRA LINEAL", "TEORÍA GENERAL DEL ESTADO", "INTRODUCCIÓN AL DERECHO",
  "METODOLOGÍA DE LA INVESTIGACIÓN", "ÉTICA PROFESIONAL", "PSICOLOGÍA DEL DESARROLLO",
  "ESTADÍSTICA", "PROGRAMACIÓN ORIENTADA A OBJETOS", "DISEÑO EDITORIAL", "COMUNICACIÓN ORAL Y ESCRITA",
  "ECONOMÍA", "SOCIOLOGÍA", "FILOSOFÍA", "HISTORIA DE MÉXICO", "BASES DE DATOS", "REDES",
  "DERECHO CIVIL", "DERECHO PENAL", "ANATOMÍA", "TALLER DE TESIS", "SEMINARIO DE TITULACIÓN",
};
static const char * const complementarias[] = {
  "INGLÉS", "COMPUTACIÓN BÁSICA", "ACTIVIDADES DEPORTIVAS", "TALLER DE LECTURA", "SERVICIO SOCIAL",
};
static const char * const romans[] = { "I", "II", "III", "IV", "V", "VI" };
/* INEGI code → RENAPO code, for birth places. */
static const char * const renapo_states[] = {
  "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
  "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
};

#define PICK(r, array) ((array)[g_rand_int_range ((r), 0, G_N_ELEMENTS (array))])

/* ------------------------------------------------------------------ */
/* CURP                                                                */
/* ------------------------------------------------------------------ */

/* Upper-case ASCII letters of @text (accents dropped, Ñ → X, others skipped). */
static char *
plain_letters (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_toupper (g_utf8_get_char (p));
      char a = 0;

      if (c < 128 && g_ascii_isalpha ((char) c))
        a = (char) c;
      else if (c == 0xD1)
        a = 'X';
      else
        {
          /* Decompose accented vowels (Á → A). */
          gunichar decomposed[4];
          gsize n = g_unichar_fully_decompose (c, FALSE, decomposed, 4);

          if (n > 0 && decomposed[0] < 128 && g_ascii_isalpha ((char) decomposed[0]))
            a = (char) decomposed[0];
        }
      if (a != 0)
        g_string_append_c (out, a);
      else if (c == ' ')
        g_string_append_c (out, ' ');
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_vowel (char c)
{
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

/* The last word of a compound name ("DE LA CRUZ" → "CRUZ", "MARÍA FERNANDA" → first one instead). */
static char *
significant_word (const char *plain,
                  gboolean    first_name)
{
  g_auto(GStrv) words = g_strsplit (plain, " ", -1);
  static const char * const particles[] = { "DE", "LA", "DEL", "LAS", "LOS", "Y", "MC", "VON", "VAN", NULL };
  static const char * const common[] = { "MARIA", "JOSE", "MA", "J", NULL };
  guint n = g_strv_length (words);

  for (guint i = 0; i < n; i++)
    {
      if (words[i][0] == '\0' || g_strv_contains (particles, words[i]))
        continue;
      if (first_name && i + 1 < n && g_strv_contains (common, words[i]))
        continue;
      return g_strdup (words[i]);
    }
  return g_strdup (n > 0 ? words[n - 1] : "X");
}

static char
first_inner (const char *word,
             gboolean    vowel)
{
  for (const char *p = word + (word[0] ? 1 : 0); *p; p++)
    if (g_ascii_isalpha (*p) && is_vowel (*p) == vowel)
      return *p;
  return 'X';
}

char *
cf_dec_gen_curp (const char  *first_surname,
                 const char  *second_surname,
                 const char  *name,
                 const GDate *birth,
                 char         sex,
                 const char  *state,
                 guint32      seed)
{
  g_autofree char *p1 = plain_letters (first_surname);
  g_autofree char *p2 = plain_letters (second_surname);
  g_autofree char *pn = plain_letters (name);
  g_autofree char *s1 = significant_word (p1, FALSE);
  g_autofree char *s2 = second_surname && *p2 ? significant_word (p2, FALSE) : g_strdup ("");
  g_autofree char *sn = significant_word (pn, TRUE);
  char curp[CF_CURP_LENGTH + 1];
  guint year = g_date_get_year (birth);

  curp[0] = s1[0] ? s1[0] : 'X';
  curp[1] = first_inner (s1, TRUE);
  curp[2] = s2[0] ? s2[0] : 'X';
  curp[3] = sn[0] ? sn[0] : 'X';
  g_snprintf (curp + 4, 7, "%02u%02u%02u", year % 100,
              (guint) g_date_get_month (birth), (guint) g_date_get_day (birth));
  curp[10] = sex;
  curp[11] = state[0];
  curp[12] = state[1];
  curp[13] = first_inner (s1, FALSE);
  curp[14] = s2[0] ? first_inner (s2, FALSE) : 'X';
  curp[15] = first_inner (sn, FALSE);
  /* Homoclave: a digit before 2000, a letter after. */
  curp[16] = year < 2000 ? (char) ('0' + seed % 10) : (char) ('A' + seed % 26);
  curp[17] = '0';
  curp[18] = '\0';
  curp[17] = cf_curp_compute_check_digit (curp);
  return g_strdup (curp);
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

static const char blank_runs[][4] = { " ", "  ", "\t", "\n", "\r\n", " \t ", "\n  " };

/* Irregular whitespace that the cadena normalises away. */
static char *
messy (GRand      *r,
       const char *text)
{
  GString *out = g_string_new (NULL);

  if (g_rand_int_range (r, 0, 3) == 0)
    g_string_append (out, PICK (r, blank_runs));
  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' && g_rand_int_range (r, 0, 2) == 0)
        g_string_append (out, PICK (r, blank_runs));
      else
        g_string_append_c (out, *p);
    }
  if (g_rand_int_range (r, 0, 3) == 0)
    g_string_append (out, PICK (r, blank_runs));
  return g_string_free (out, FALSE);
}

static void
set_text (CfDec      *dec,
          CfDecField  field,
          const char *value,
          GRand      *r,
          gboolean    mess)
{
  if (mess && value != NULL)
    {
      g_autofree char *m = messy (r, value);

      cf_dec_set (dec, field, m);
    }
  else
    cf_dec_set (dec, field, value);
}

static void
random_date (GRand *r,
             guint  year_from,
             guint  year_to,
             GDate *date)
{
  guint year = (guint) g_rand_int_range (r, (gint32) year_from, (gint32) year_to + 1);
  guint month = (guint) g_rand_int_range (r, 1, 13);
  guint day = (guint) g_rand_int_range (r, 1, g_date_get_days_in_month (month, (GDateYear) year) + 1);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static char *
random_name (GRand    *r,
             gboolean  woman)
{
  return g_strdup (woman ? PICK (r, first_names_f) : PICK (r, first_names_m));
}

CfDec *
cf_dec_gen_new (guint32 seed,
                guint   n_subjects)
{
  return cf_dec_gen_new_full (seed, n_subjects, CF_DEC_GEN_MESSY);
}

CfDec *
cf_dec_gen_new_full (guint32       seed,
                     guint         n_subjects,
                     CfDecGenFlags flags)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (seed);
  g_autoptr(CfDec) dec = cf_dec_new ();
  g_autofree char *institution_id = NULL;
  g_autofree char *campus_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *career_id = NULL;
  GHashTable *cycles = NULL;
  GDate date, birth, rvoe;
  gboolean mess = (flags & CF_DEC_GEN_MESSY) && g_rand_boolean (r);
  gboolean woman;
  const char *surname1, *surname2;
  const char *period_id;
  guint per_year, start_year, n_cycles, per_cycle;
  guint counted = 0, numeric = 0;
  gint64 grade_sum = 0, credits = 0;
  guint state_index;
  int passing;

  if (n_subjects == 0)
    n_subjects = (guint) g_rand_int_range (r, 1, 121);

  /* Dec: not sealed; the seal attributes are present and empty (the schema requires them). */
  text = g_strdup_printf ("FC%08u", seed);
  cf_dec_set (dec, CF_DEC_FIELD_FOLIO_CONTROL, text);
  cf_dec_clear_seal (dec);

  institution_id = g_strdup_printf ("%u", (guint) g_rand_int_range (r, 10000, 999999));
  cf_dec_set (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD, institution_id);
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION, institution_id);
  cf_dec_set (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, PICK (r, institutions));
  state_index = (guint) g_rand_int_range (r, 0, 32);
  state = g_strdup_printf ("%02u", state_index + 1);
  campus_id = g_strdup_printf ("%s%04u", state, (guint) g_rand_int_range (r, 1, 9999));
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_CAMPUS, campus_id);
  cf_dec_set (dec, CF_DEC_FIELD_IPES_CAMPUS, PICK (r, campuses));
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA, state);
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA, cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, state));

  /* Responsable */
  woman = g_rand_boolean (r);
  name = random_name (r, woman);
  surname1 = PICK (r, surnames);
  surname2 = PICK (r, surnames);
  random_date (r, 1955, 1985, &birth);
  curp = cf_dec_gen_curp (surname1, surname2, name, &birth, woman ? 'M' : 'H',
                          renapo_states[g_rand_int_range (r, 0, 32)], seed);
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, curp);
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE, name);
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, surname1);
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO, surname2);
  g_free (text);
  text = g_strdup_printf ("%d", g_rand_int_range (r, 1, 6));
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_ID_CARGO, text);
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CARGO, cf_catalog_lookup (CF_CATALOG_CARGO, text));

  /* Rvoe */
  random_date (r, 1995, 2012, &rvoe);
  g_free (text);
  if (g_rand_int_range (r, 0, 8) == 0)
    text = g_strdup ("ACUERDO 1980");
  else
    text = g_strdup_printf ("%04u%02u%02u", g_date_get_year (&rvoe), g_date_get_month (&rvoe), g_date_get_day (&rvoe));
  cf_dec_set (dec, CF_DEC_FIELD_RVOE_NUMERO, text);
  cf_dec_set_date (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, &rvoe);

  /* Carrera */
  career_id = g_strdup_printf ("%u", (guint) g_rand_int_range (r, 100000, 999999));
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_CARRERA, career_id);
  g_free (text);
  text = g_strdup_printf ("%s-%u", career_id, (guint) g_rand_int_range (r, 1, 9));
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CLAVE_CARRERA, text);
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA, PICK (r, careers));
  switch (g_rand_int_range (r, 0, 4))
    {
    case 0:
      period_id = "93";   /* cuatrimestre */
      per_year = 3;
      break;
    case 1:
      period_id = "260";  /* trimestre */
      per_year = 4;
      break;
    default:
      period_id = "91";   /* semestre */
      per_year = 2;
    }
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO, period_id);
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_TIPO_PERIODO, cf_catalog_lookup (CF_CATALOG_TIPO_PERIODO, period_id));
  start_year = (guint) g_rand_int_range (r, (gint32) g_date_get_year (&rvoe) + 1, 2020);
  g_free (text);
  text = g_strdup_printf ("%u", start_year - (guint) g_rand_int_range (r, 0, 3));
  set_text (dec, CF_DEC_FIELD_CARRERA_CLAVE_PLAN, text, r, mess);
  {
    static const char * const levels[] = { "81", "81", "81", "82", "85", "95", "84" };
    const char *level = PICK (r, levels);

    cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS, level);
    cf_dec_set (dec, CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS, cf_catalog_lookup (CF_CATALOG_NIVEL_ESTUDIOS, level));
    passing = strcmp (level, "81") == 0 || strcmp (level, "84") == 0 ? 600 : 700;
  }
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA, "5");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA, "10");
  cf_dec_set_decimal (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, passing);

  /* Alumno */
  woman = g_rand_boolean (r);
  g_free (name);
  name = random_name (r, woman);
  surname1 = PICK (r, surnames);
  surname2 = g_rand_int_range (r, 0, 6) == 0 ? NULL : PICK (r, surnames);
  random_date (r, start_year - 30, start_year - 17, &birth);
  g_free (curp);
  curp = cf_dec_gen_curp (surname1, surname2, name, &birth, woman ? 'M' : 'H',
                          renapo_states[g_rand_int_range (r, 0, 32)], seed / 7);
  g_free (text);
  text = g_strdup_printf ("%c%02u%06u", "ABMS"[g_rand_int_range (r, 0, 4)], start_year % 100,
                          (guint) g_rand_int_range (r, 0, 999999));
  set_text (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, text, r, mess);
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, curp);
  set_text (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, name, r, mess);
  set_text (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, surname1, r, mess);
  if (surname2 != NULL)
    set_text (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, surname2, r, mess);
  else
    {
      /* No second surname: absent, empty, or only blanks. All keep the slot. */
      static const char * const none[] = { NULL, "", " ", "\t" };

      cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, PICK (r, none));
    }
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, woman ? "250" : "251");
  cf_dec_set_date (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, &birth);

  /* Asignaturas: the plan's cycles filled in order, about six subjects each. */
  cycles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  per_cycle = (guint) g_rand_int_range (r, 4, 8);
  n_cycles = (n_subjects + per_cycle - 1) / per_cycle;
  for (guint i = 0; i < n_subjects; i++)
    {
      g_autoptr(CfAsignatura) a = cf_asignatura_new ();
      g_autofree char *id = g_strdup_printf ("%u", 100000 + seed % 1000 * 150 + i);
      g_autofree char *clave = g_strdup_printf ("%c%c%c%03u", 'A' + i % 26, 'A' + (i / 26) % 26, 'X', i + 1);
      g_autofree char *subject = NULL;
      g_autofree char *ciclo = NULL;
      guint cycle = i / per_cycle;
      gboolean complementaria = i > 0 && g_rand_int_range (r, 0, 14) == 0;
      const char *tipo;
      const char *observacion = "100";
      int grade;
      gint64 credit;

      if (complementaria)
        {
          tipo = CF_DEC_TIPO_ASIGNATURA_COMPLEMENTARIA;
          subject = g_strdup_printf ("%s %s", PICK (r, complementarias), PICK (r, romans));
        }
      else
        {
          static const char * const tipos[] = { "263", "263", "263", "263", "263", "263", "264", "264", "265" };

          tipo = i == 0 ? CF_DEC_TIPO_ASIGNATURA_OBLIGATORIA : PICK (r, tipos);
          subject = g_strdup_printf ("%s %s", PICK (r, subjects), PICK (r, romans));
        }

      /* Grades: mostly numeric, some exactly ten, some pass/fail. */
      if (i > 0 && (complementaria ? g_rand_boolean (r) : g_rand_int_range (r, 0, 20) == 0))
        grade = CF_DEC_GRADE_AC;
      else if (g_rand_int_range (r, 0, 8) == 0)
        grade = 1000;
      else
        grade = g_rand_int_range (r, passing / 10, 100) * 10;

      /* A subject passed late keeps its place, with a later ciclo and an observation. */
      if (!complementaria && g_rand_int_range (r, 0, 25) == 0)
        {
          static const char * const late[] = { "71", "72", "74", "73" };

          observacion = PICK (r, late);
          cycle++;
        }
      ciclo = g_strdup_printf ("%u-%u", start_year + cycle / per_year, cycle % per_year + 1);
      g_hash_table_add (cycles, g_strdup (ciclo));

      {
        static const gint64 credit_choices[] = { 450, 600, 700, 800, 975, 1000 };

        credit = complementaria ? (g_rand_boolean (r) ? 0 : 200) : PICK (r, credit_choices);
      }

      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, id);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA, clave);
      if (mess && g_rand_boolean (r))
        {
          g_autofree char *m = messy (r, subject);

          cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, m);
        }
      else
        cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, subject);
      if (mess && g_rand_int_range (r, 0, 4) == 0)
        {
          g_autofree char *m = g_strdup_printf ("%s%s%s", PICK (r, blank_runs), ciclo, PICK (r, blank_runs));

          cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, m);
        }
      else
        cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, ciclo);
      cf_asignatura_set_grade (a, grade);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, observacion);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_OBSERVACIONES,
                         cf_catalog_lookup (CF_CATALOG_OBSERVACIONES, observacion));
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, tipo);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA,
                         cf_catalog_lookup (CF_CATALOG_TIPO_ASIGNATURA, tipo));
      cf_asignatura_set_creditos (a, credit);
      cf_dec_append_asignatura (dec, a);

      if (!complementaria)
        {
          counted++;
          credits += credit;
          if (grade != CF_DEC_GRADE_AC)
            {
              numeric++;
              grade_sum += grade;
            }
        }
    }

  /* Section 5: every subject listed was passed. */
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, counted);
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, counted);
  cf_dec_set_grade (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, numeric ? (int) (grade_sum / numeric) : 0);
  {
    gboolean total = g_rand_int_range (r, 0, 5) != 0;
    gint64 plan_credits = total ? credits : credits + g_rand_int_range (r, 1, 40) * 100;
    const char *tipo = total ? CF_DEC_TIPO_CERTIFICACION_TOTAL : CF_DEC_TIPO_CERTIFICACION_PARCIAL;

    cf_dec_set_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, plan_credits);
    cf_dec_set_decimal (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, credits);
    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, tipo);
    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION,
                cf_catalog_lookup (CF_CATALOG_TIPO_CERTIFICACION, tipo));
  }
  cf_dec_set_integer (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, g_hash_table_size (cycles));
  g_hash_table_unref (cycles);

  /* Expedicion: after the last cycle. */
  {
    guint last_year = start_year + (n_cycles + 1) / per_year + 1;
    const char *place = g_rand_int_range (r, 0, 4) == 0 ? "09" : state;

    random_date (r, last_year, last_year + 2, &date);
    cf_dec_set_date (dec, CF_DEC_FIELD_EXPEDICION_FECHA, &date);
    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION, place);
    cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION,
                cf_catalog_lookup (CF_CATALOG_ENTIDAD_FEDERATIVA, place));
  }

  return g_steal_pointer (&dec);
}
