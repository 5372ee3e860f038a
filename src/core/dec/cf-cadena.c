/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "cf-cadena.h"
#include "cf-dec-xml.h"

G_DEFINE_QUARK (cf-cadena-error-quark, cf_cadena_error)

/* The order of section 3 of the domain reference, before the subjects. */
static const guint cadena_3_0[] = {
  CF_DEC_FIELD_VERSION,
  CF_DEC_FIELD_TIPO_CERTIFICADO,
  CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD,
  CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION,
  CF_DEC_FIELD_IPES_ID_CAMPUS,
  CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA,
  CF_DEC_FIELD_RESPONSABLE_CURP,
  CF_DEC_FIELD_RESPONSABLE_ID_CARGO,
  CF_DEC_FIELD_RVOE_NUMERO,
  CF_DEC_FIELD_RVOE_FECHA_EXPEDICION,
  CF_DEC_FIELD_CARRERA_ID_CARRERA,
  CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO,
  CF_DEC_FIELD_CARRERA_CLAVE_PLAN,
  CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA,
  CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL,
  CF_DEC_FIELD_ALUMNO_CURP,
  CF_DEC_FIELD_ALUMNO_NOMBRE,
  CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO,
  CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO,
  CF_DEC_FIELD_ALUMNO_ID_GENERO,
  CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO,
  CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION,
  CF_DEC_FIELD_EXPEDICION_FECHA,
  CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION,
  CF_DEC_FIELD_ASIGNATURAS_TOTAL,
  CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS,
  CF_DEC_FIELD_ASIGNATURAS_PROMEDIO,
  CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS,
  CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS,
  CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS,
};

/* Version 2.0: no idEntidad, no numeroCiclos, and two empty slots (the
 * student's photo and autograph, never filled) after fechaNacimiento. */
#define EMPTY_SLOT CF_DEC_N_FIELDS
static const guint cadena_2_0[] = {
  CF_DEC_FIELD_VERSION,
  CF_DEC_FIELD_TIPO_CERTIFICADO,
  CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION,
  CF_DEC_FIELD_IPES_ID_CAMPUS,
  CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA,
  CF_DEC_FIELD_RESPONSABLE_CURP,
  CF_DEC_FIELD_RESPONSABLE_ID_CARGO,
  CF_DEC_FIELD_RVOE_NUMERO,
  CF_DEC_FIELD_RVOE_FECHA_EXPEDICION,
  CF_DEC_FIELD_CARRERA_ID_CARRERA,
  CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO,
  CF_DEC_FIELD_CARRERA_CLAVE_PLAN,
  CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA,
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA,
  CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL,
  CF_DEC_FIELD_ALUMNO_CURP,
  CF_DEC_FIELD_ALUMNO_NOMBRE,
  CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO,
  CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO,
  CF_DEC_FIELD_ALUMNO_ID_GENERO,
  CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO,
  EMPTY_SLOT,
  EMPTY_SLOT,
  CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION,
  CF_DEC_FIELD_EXPEDICION_FECHA,
  CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION,
  CF_DEC_FIELD_ASIGNATURAS_TOTAL,
  CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS,
  CF_DEC_FIELD_ASIGNATURAS_PROMEDIO,
  CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS,
  CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS,
};

static const CfAsignaturaField cadena_asignatura[] = {
  CF_ASIGNATURA_FIELD_ID_ASIGNATURA,
  CF_ASIGNATURA_FIELD_CICLO,
  CF_ASIGNATURA_FIELD_CALIFICACION,
  CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA,
  CF_ASIGNATURA_FIELD_CREDITOS,
};

/* XML's white space (S production), the set normalize-space() uses. */
static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends "|" + the normalised @value; FALSE when it holds a "|". */
static gboolean
append_value (GString    *out,
              const char *value)
{
  gboolean pending_space = FALSE;
  gboolean any = FALSE;

  g_string_append_c (out, '|');
  if (value == NULL)
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (is_blank (*p))
        {
          pending_space = any;
          continue;
        }
      if (*p == '|')
        return FALSE;
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      any = TRUE;
      g_string_append_c (out, *p);
    }
  return TRUE;
}

char *
cf_cadena_normalize_value (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean pending_space = FALSE;
  gboolean any = FALSE;

  for (const char *p = value ? value : ""; *p != '\0'; p++)
    {
      if (is_blank (*p))
        {
          pending_space = any;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      any = TRUE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
set_pipe_error (GError     **error,
                const char  *path)
{
  g_set_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_PIPE,
               _("The value of %s contains the character “|”, which a certificate cannot hold."),
               path);
}

char *
cf_cadena_from_dec (CfDec   *dec,
                    GError **error)
{
  g_autoptr(GString) out = NULL;
  const guint *order;
  gsize n_order;
  CfDecVersion version;
  GPtrArray *asignaturas;

  g_return_val_if_fail (CF_IS_DEC (dec), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  version = cf_dec_get_version (dec);
  switch (version)
    {
    case CF_DEC_VERSION_3_0:
      order = cadena_3_0;
      n_order = G_N_ELEMENTS (cadena_3_0);
      break;
    case CF_DEC_VERSION_2_0:
      order = cadena_2_0;
      n_order = G_N_ELEMENTS (cadena_2_0);
      break;
    case CF_DEC_VERSION_UNKNOWN:
    default:
      g_set_error (error, CF_CADENA_ERROR, CF_CADENA_ERROR_UNSUPPORTED_VERSION,
                   _("The certificate's version is not 2.0 or 3.0; its cadena original is unknown."));
      return NULL;
    }

  /* A 45-subject certificate makes a cadena of about 1.5 kB. */
  out = g_string_sized_new (2048);
  g_string_append_c (out, '|');

  for (gsize i = 0; i < n_order; i++)
    {
      if (order[i] == EMPTY_SLOT)
        {
          g_string_append_c (out, '|');
          continue;
        }
      if (!append_value (out, cf_dec_get (dec, order[i])))
        {
          set_pipe_error (error, cf_dec_field_get_path (order[i]));
          return NULL;
        }
    }

  asignaturas = cf_dec_get_asignaturas (dec);
  for (guint i = 0; i < asignaturas->len; i++)
    {
      CfAsignatura *asignatura = g_ptr_array_index (asignaturas, i);

      for (gsize f = 0; f < G_N_ELEMENTS (cadena_asignatura); f++)
        if (!append_value (out, cf_asignatura_get (asignatura, cadena_asignatura[f])))
          {
            g_autofree char *path = cf_asignatura_field_dup_path (cadena_asignatura[f], i);

            set_pipe_error (error, path);
            return NULL;
          }
    }

  g_string_append (out, "||");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cf_cadena_from_doc (xmlDoc  *doc,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CfDec) dec = NULL;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The reader takes what the XSLT's XPath takes: the first element of each
   * name in SEP's namespace and attributes in no namespace. */
  dec = cf_dec_xml_read_doc (doc, &local_error);
  if (dec == NULL)
    {
      if (g_error_matches (local_error, CF_DEC_XML_ERROR, CF_DEC_XML_ERROR_UNSUPPORTED_VERSION))
        g_set_error_literal (error, CF_CADENA_ERROR, CF_CADENA_ERROR_UNSUPPORTED_VERSION,
                             local_error->message);
      else
        g_set_error_literal (error, CF_CADENA_ERROR, CF_CADENA_ERROR_NOT_A_DEC,
                             local_error->message);
      return NULL;
    }
  return cf_cadena_from_dec (dec, error);
}

char *
cf_cadena_from_file (const char  *path,
                     GError     **error)
{
  xmlDoc *doc;
  char *cadena;

  g_return_val_if_fail (path != NULL, NULL);

  doc = cf_dec_xml_parse_file (path, error);
  if (doc == NULL)
    return NULL;
  cadena = cf_cadena_from_doc (doc, error);
  xmlFreeDoc (doc);
  return cadena;
}
