/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cf-dec.h"
#include "cf-dec-private.h"

/* ------------------------------------------------------------------ */
/* Metadata: one table for every attribute of the document             */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *path;
} ElementInfo;

static const ElementInfo element_info[CF_DEC_N_ELEMENTS] = {
  [CF_DEC_ELEMENT_DEC]               = { "Dec",              "/Dec" },
  [CF_DEC_ELEMENT_SERVICIO_FIRMANTE] = { "ServicioFirmante", "/Dec/ServicioFirmante" },
  [CF_DEC_ELEMENT_IPES]              = { "Ipes",             "/Dec/Ipes" },
  [CF_DEC_ELEMENT_RESPONSABLE]       = { "Responsable",      "/Dec/Ipes/Responsable" },
  [CF_DEC_ELEMENT_RVOE]              = { "Rvoe",             "/Dec/Rvoe" },
  [CF_DEC_ELEMENT_CARRERA]           = { "Carrera",          "/Dec/Carrera" },
  [CF_DEC_ELEMENT_ALUMNO]            = { "Alumno",           "/Dec/Alumno" },
  [CF_DEC_ELEMENT_EXPEDICION]        = { "Expedicion",       "/Dec/Expedicion" },
  [CF_DEC_ELEMENT_ASIGNATURAS]       = { "Asignaturas",      "/Dec/Asignaturas" },
  [CF_DEC_ELEMENT_ASIGNATURA]        = { "Asignatura",       "/Dec/Asignaturas/Asignatura" },
  [CF_DEC_ELEMENT_DREOE]             = { "Dreoe",            "/Dec/Dreoe" },
  [CF_DEC_ELEMENT_SEP_IPES]          = { "SepIpes",          "/Dec/SepIpes" },
};

typedef struct
{
  CfDecElement    element;
  const char     *attribute;
  const char     *path;
  CfDecValueType  type;
  gboolean        required;
  gboolean        cadena;
  gboolean        sep;
  const char     *catalog;
} FieldInfo;

#define S CF_DEC_VALUE_STRING
#define D CF_DEC_VALUE_DATE_TIME
#define I CF_DEC_VALUE_INTEGER
#define N CF_DEC_VALUE_INT
#define F CF_DEC_VALUE_FIXED
#define E(x) CF_DEC_ELEMENT_##x

/* Required / optional as the official schema has them (domain reference, section 3). */
static const FieldInfo field_info[CF_DEC_N_FIELDS] = {
  [CF_DEC_FIELD_VERSION]                    = { E (DEC), "version", "/Dec/@version", F, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_TIPO_CERTIFICADO]           = { E (DEC), "tipoCertificado", "/Dec/@tipoCertificado", F, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_FOLIO_CONTROL]              = { E (DEC), "folioControl", "/Dec/@folioControl", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_SELLO]                      = { E (DEC), "sello", "/Dec/@sello", S, TRUE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_CERTIFICADO_RESPONSABLE]    = { E (DEC), "certificadoResponsable", "/Dec/@certificadoResponsable", S, TRUE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE] = { E (DEC), "noCertificadoResponsable", "/Dec/@noCertificadoResponsable", S, TRUE, FALSE, FALSE, NULL },

  [CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD] = { E (SERVICIO_FIRMANTE), "idEntidad", "/Dec/ServicioFirmante/@idEntidad", S, TRUE, TRUE, FALSE, NULL },

  [CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION]    = { E (IPES), "idNombreInstitucion", "/Dec/Ipes/@idNombreInstitucion", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION]       = { E (IPES), "nombreInstitucion", "/Dec/Ipes/@nombreInstitucion", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_IPES_ID_CAMPUS]                = { E (IPES), "idCampus", "/Dec/Ipes/@idCampus", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_IPES_CAMPUS]                   = { E (IPES), "campus", "/Dec/Ipes/@campus", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA]    = { E (IPES), "idEntidadFederativa", "/Dec/Ipes/@idEntidadFederativa", S, TRUE, TRUE, FALSE, "idEntidadFederativa" },
  [CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA]       = { E (IPES), "entidadFederativa", "/Dec/Ipes/@entidadFederativa", S, FALSE, FALSE, FALSE, NULL },

  [CF_DEC_FIELD_RESPONSABLE_CURP]              = { E (RESPONSABLE), "curp", "/Dec/Ipes/Responsable/@curp", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_RESPONSABLE_NOMBRE]            = { E (RESPONSABLE), "nombre", "/Dec/Ipes/Responsable/@nombre", S, TRUE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO]   = { E (RESPONSABLE), "primerApellido", "/Dec/Ipes/Responsable/@primerApellido", S, TRUE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO]  = { E (RESPONSABLE), "segundoApellido", "/Dec/Ipes/Responsable/@segundoApellido", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_RESPONSABLE_ID_CARGO]          = { E (RESPONSABLE), "idCargo", "/Dec/Ipes/Responsable/@idCargo", S, TRUE, TRUE, FALSE, "idCargo" },
  [CF_DEC_FIELD_RESPONSABLE_CARGO]             = { E (RESPONSABLE), "cargo", "/Dec/Ipes/Responsable/@cargo", S, FALSE, FALSE, FALSE, NULL },

  [CF_DEC_FIELD_RVOE_NUMERO]                   = { E (RVOE), "numero", "/Dec/Rvoe/@numero", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_RVOE_FECHA_EXPEDICION]         = { E (RVOE), "fechaExpedicion", "/Dec/Rvoe/@fechaExpedicion", D, TRUE, TRUE, FALSE, NULL },

  [CF_DEC_FIELD_CARRERA_ID_CARRERA]            = { E (CARRERA), "idCarrera", "/Dec/Carrera/@idCarrera", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_CLAVE_CARRERA]         = { E (CARRERA), "claveCarrera", "/Dec/Carrera/@claveCarrera", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA]        = { E (CARRERA), "nombreCarrera", "/Dec/Carrera/@nombreCarrera", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO]       = { E (CARRERA), "idTipoPeriodo", "/Dec/Carrera/@idTipoPeriodo", S, TRUE, TRUE, FALSE, "idTipoPeriodo" },
  [CF_DEC_FIELD_CARRERA_TIPO_PERIODO]          = { E (CARRERA), "tipoPeriodo", "/Dec/Carrera/@tipoPeriodo", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_CLAVE_PLAN]            = { E (CARRERA), "clavePlan", "/Dec/Carrera/@clavePlan", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS]     = { E (CARRERA), "idNivelEstudios", "/Dec/Carrera/@idNivelEstudios", S, TRUE, TRUE, FALSE, "idNivelEstudios" },
  [CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS]        = { E (CARRERA), "nivelEstudios", "/Dec/Carrera/@nivelEstudios", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA]   = { E (CARRERA), "calificacionMinima", "/Dec/Carrera/@calificacionMinima", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA]   = { E (CARRERA), "calificacionMaxima", "/Dec/Carrera/@calificacionMaxima", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA] = { E (CARRERA), "calificacionMinimaAprobatoria", "/Dec/Carrera/@calificacionMinimaAprobatoria", S, TRUE, TRUE, FALSE, NULL },

  [CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL]         = { E (ALUMNO), "numeroControl", "/Dec/Alumno/@numeroControl", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ALUMNO_CURP]                   = { E (ALUMNO), "curp", "/Dec/Alumno/@curp", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ALUMNO_NOMBRE]                 = { E (ALUMNO), "nombre", "/Dec/Alumno/@nombre", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO]        = { E (ALUMNO), "primerApellido", "/Dec/Alumno/@primerApellido", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO]       = { E (ALUMNO), "segundoApellido", "/Dec/Alumno/@segundoApellido", S, FALSE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ALUMNO_ID_GENERO]              = { E (ALUMNO), "idGenero", "/Dec/Alumno/@idGenero", I, TRUE, TRUE, FALSE, "idGenero" },
  [CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO]       = { E (ALUMNO), "fechaNacimiento", "/Dec/Alumno/@fechaNacimiento", D, TRUE, TRUE, FALSE, NULL },

  [CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION] = { E (EXPEDICION), "idTipoCertificacion", "/Dec/Expedicion/@idTipoCertificacion", S, TRUE, TRUE, FALSE, "idTipoCertificacion" },
  [CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION] = { E (EXPEDICION), "tipoCertificacion", "/Dec/Expedicion/@tipoCertificacion", S, FALSE, FALSE, FALSE, NULL },
  [CF_DEC_FIELD_EXPEDICION_FECHA]              = { E (EXPEDICION), "fecha", "/Dec/Expedicion/@fecha", D, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION] = { E (EXPEDICION), "idLugarExpedicion", "/Dec/Expedicion/@idLugarExpedicion", S, TRUE, TRUE, FALSE, "idEntidadFederativa" },
  [CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION]   = { E (EXPEDICION), "lugarExpedicion", "/Dec/Expedicion/@lugarExpedicion", S, FALSE, FALSE, FALSE, NULL },

  [CF_DEC_FIELD_ASIGNATURAS_TOTAL]             = { E (ASIGNATURAS), "total", "/Dec/Asignaturas/@total", N, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS]         = { E (ASIGNATURAS), "asignadas", "/Dec/Asignaturas/@asignadas", N, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ASIGNATURAS_PROMEDIO]          = { E (ASIGNATURAS), "promedio", "/Dec/Asignaturas/@promedio", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS]    = { E (ASIGNATURAS), "totalCreditos", "/Dec/Asignaturas/@totalCreditos", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS] = { E (ASIGNATURAS), "creditosObtenidos", "/Dec/Asignaturas/@creditosObtenidos", S, TRUE, TRUE, FALSE, NULL },
  [CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS]     = { E (ASIGNATURAS), "numeroCiclos", "/Dec/Asignaturas/@numeroCiclos", I, TRUE, TRUE, FALSE, NULL },

  [CF_DEC_FIELD_DREOE_FECHA_DREOE]             = { E (DREOE), "fechaDreoe", "/Dec/Dreoe/@fechaDreoe", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_SELLO_DEC]               = { E (DREOE), "selloDec", "/Dec/Dreoe/@selloDec", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_NO_CERTIFICADO_DREOE]    = { E (DREOE), "noCertificadoDreoe", "/Dec/Dreoe/@noCertificadoDreoe", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_CURP]                    = { E (DREOE), "curp", "/Dec/Dreoe/@curp", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_NOMBRE_COMPLETO]         = { E (DREOE), "nombreCompleto", "/Dec/Dreoe/@nombreCompleto", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_ID_CARGO]                = { E (DREOE), "idCargo", "/Dec/Dreoe/@idCargo", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_DREOE_SELLO_DREOE]             = { E (DREOE), "selloDreoe", "/Dec/Dreoe/@selloDreoe", S, FALSE, FALSE, TRUE, NULL },

  [CF_DEC_FIELD_SEP_IPES_VERSION]              = { E (SEP_IPES), "version", "/Dec/SepIpes/@version", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL]        = { E (SEP_IPES), "folioDigital", "/Dec/SepIpes/@folioDigital", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_SEP_IPES_FECHA_SEP_IPES]       = { E (SEP_IPES), "fechaSepIpes", "/Dec/SepIpes/@fechaSepIpes", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_SEP_IPES_SELLO_DREOE]          = { E (SEP_IPES), "selloDreoe", "/Dec/SepIpes/@selloDreoe", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_SEP_IPES_NO_CERTIFICADO_SEP_IPES] = { E (SEP_IPES), "noCertificadoSepIpes", "/Dec/SepIpes/@noCertificadoSepIpes", S, FALSE, FALSE, TRUE, NULL },
  [CF_DEC_FIELD_SEP_IPES_SELLO_SEP_IPES]       = { E (SEP_IPES), "selloSepIpes", "/Dec/SepIpes/@selloSepIpes", S, FALSE, FALSE, TRUE, NULL },
};

typedef struct
{
  const char     *attribute;
  CfDecValueType  type;
  gboolean        required;
  gboolean        cadena;
  const char     *catalog;
} AsignaturaFieldInfo;

static const AsignaturaFieldInfo asignatura_field_info[CF_ASIGNATURA_N_FIELDS] = {
  [CF_ASIGNATURA_FIELD_ID_ASIGNATURA]      = { "idAsignatura", S, TRUE, TRUE, NULL },
  [CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA]   = { "claveAsignatura", S, FALSE, FALSE, NULL },
  [CF_ASIGNATURA_FIELD_NOMBRE]             = { "nombre", S, FALSE, FALSE, NULL },
  [CF_ASIGNATURA_FIELD_CICLO]              = { "ciclo", S, TRUE, TRUE, NULL },
  [CF_ASIGNATURA_FIELD_CALIFICACION]       = { "calificacion", S, TRUE, TRUE, NULL },
  [CF_ASIGNATURA_FIELD_ID_OBSERVACIONES]   = { "idObservaciones", I, FALSE, FALSE, "idObservaciones" },
  [CF_ASIGNATURA_FIELD_OBSERVACIONES]      = { "observaciones", S, FALSE, FALSE, NULL },
  [CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA] = { "idTipoAsignatura", S, TRUE, TRUE, "idTipoAsignatura" },
  [CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA]    = { "tipoAsignatura", S, FALSE, FALSE, NULL },
  [CF_ASIGNATURA_FIELD_CREDITOS]           = { "creditos", S, TRUE, TRUE, NULL },
};

#undef S
#undef D
#undef I
#undef N
#undef F
#undef E

const char *
cf_dec_version_to_string (CfDecVersion version)
{
  switch (version)
    {
    case CF_DEC_VERSION_2_0:
      return "2.0";
    case CF_DEC_VERSION_3_0:
      return "3.0";
    case CF_DEC_VERSION_UNKNOWN:
    default:
      return NULL;
    }
}

static const char *
skip_blanks (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    p++;
  return p;
}

/* Length of @p without trailing XML blanks. */
static gsize
trimmed_length (const char *p)
{
  gsize len = strlen (p);

  while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' || p[len - 1] == '\n'))
    len--;
  return len;
}

static gboolean
trimmed_equal (const char *text,
               const char *expected)
{
  const char *p;

  if (text == NULL)
    return FALSE;
  p = skip_blanks (text);
  return trimmed_length (p) == strlen (expected) && strncmp (p, expected, strlen (expected)) == 0;
}

CfDecVersion
cf_dec_version_from_string (const char *text)
{
  if (trimmed_equal (text, "3.0"))
    return CF_DEC_VERSION_3_0;
  if (trimmed_equal (text, "2.0"))
    return CF_DEC_VERSION_2_0;
  return CF_DEC_VERSION_UNKNOWN;
}

const char *
cf_dec_element_get_name (CfDecElement element)
{
  g_return_val_if_fail (element < CF_DEC_N_ELEMENTS, NULL);
  return element_info[element].name;
}

const char *
cf_dec_element_get_path (CfDecElement element)
{
  g_return_val_if_fail (element < CF_DEC_N_ELEMENTS, NULL);
  return element_info[element].path;
}

gboolean
cf_dec_element_from_name (const char   *name,
                          CfDecElement *out_element)
{
  g_return_val_if_fail (name != NULL, FALSE);

  /* The first letter first: the reader calls this for every element. */
  for (guint i = 0; i < CF_DEC_N_ELEMENTS; i++)
    if (element_info[i].name[0] == name[0] && strcmp (element_info[i].name, name) == 0)
      {
        if (out_element)
          *out_element = i;
        return TRUE;
      }
  return FALSE;
}

CfDecElement
cf_dec_field_get_element (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, CF_DEC_ELEMENT_DEC);
  return field_info[field].element;
}

const char *
cf_dec_field_get_attribute (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, NULL);
  return field_info[field].attribute;
}

const char *
cf_dec_field_get_path (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, NULL);
  return field_info[field].path;
}

CfDecValueType
cf_dec_field_get_value_type (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, CF_DEC_VALUE_STRING);
  return field_info[field].type;
}

gboolean
cf_dec_field_is_required (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return field_info[field].required;
}

gboolean
cf_dec_field_in_cadena (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return field_info[field].cadena;
}

gboolean
cf_dec_field_is_sep (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return field_info[field].sep;
}

const char *
cf_dec_field_get_catalog (CfDecField field)
{
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, NULL);
  return field_info[field].catalog;
}

gboolean
cf_dec_field_lookup (CfDecElement  element,
                     const char   *attribute,
                     CfDecField   *out_field)
{
  g_return_val_if_fail (attribute != NULL, FALSE);

  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    if (field_info[i].element == element && field_info[i].attribute[0] == attribute[0] &&
        strcmp (field_info[i].attribute, attribute) == 0)
      {
        if (out_field)
          *out_field = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cf_asignatura_field_get_attribute (CfAsignaturaField field)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, NULL);
  return asignatura_field_info[field].attribute;
}

CfDecValueType
cf_asignatura_field_get_value_type (CfAsignaturaField field)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, CF_DEC_VALUE_STRING);
  return asignatura_field_info[field].type;
}

gboolean
cf_asignatura_field_is_required (CfAsignaturaField field)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, FALSE);
  return asignatura_field_info[field].required;
}

gboolean
cf_asignatura_field_in_cadena (CfAsignaturaField field)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, FALSE);
  return asignatura_field_info[field].cadena;
}

const char *
cf_asignatura_field_get_catalog (CfAsignaturaField field)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, NULL);
  return asignatura_field_info[field].catalog;
}

gboolean
cf_asignatura_field_lookup (const char        *attribute,
                            CfAsignaturaField *out_field)
{
  g_return_val_if_fail (attribute != NULL, FALSE);

  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    if (asignatura_field_info[i].attribute[0] == attribute[0] &&
        strcmp (asignatura_field_info[i].attribute, attribute) == 0)
      {
        if (out_field)
          *out_field = i;
        return TRUE;
      }
  return FALSE;
}

char *
cf_asignatura_dup_path (guint index)
{
  return g_strdup_printf ("/Dec/Asignaturas/Asignatura[%u]", index + 1);
}

char *
cf_asignatura_field_dup_path (CfAsignaturaField field,
                              guint             index)
{
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, NULL);
  return g_strdup_printf ("/Dec/Asignaturas/Asignatura[%u]/@%s",
                          index + 1, asignatura_field_info[field].attribute);
}

/* ------------------------------------------------------------------ */
/* Value formats                                                       */
/* ------------------------------------------------------------------ */

char *
cf_dec_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02uT00:00:00",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

/* Reads exactly @n digits. */
static gboolean
read_digits (const char **p,
             guint        n,
             guint       *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + (guint) ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

gboolean
cf_dec_parse_date (const char *text,
                   GDate      *out_date)
{
  const char *p;
  guint year, month, day;

  if (text == NULL)
    return FALSE;

  p = skip_blanks (text);
  if (!read_digits (&p, 4, &year) || *p++ != '-' ||
      !read_digits (&p, 2, &month) || *p++ != '-' ||
      !read_digits (&p, 2, &day))
    return FALSE;

  if (*p == 'T')
    {
      guint hh, mm, ss;

      p++;
      if (!read_digits (&p, 2, &hh) || *p++ != ':' ||
          !read_digits (&p, 2, &mm) || *p++ != ':' ||
          !read_digits (&p, 2, &ss))
        return FALSE;
      if (hh > 24 || mm > 59 || ss > 59 || (hh == 24 && (mm > 0 || ss > 0)))
        return FALSE;
      if (*p == '.')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            p++;
        }
      if (*p == 'Z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          guint zh, zm;

          p++;
          if (!read_digits (&p, 2, &zh) || *p++ != ':' || !read_digits (&p, 2, &zm) ||
              zh > 14 || zm > 59)
            return FALSE;
        }
    }

  /* Nothing but trailing blanks may follow. */
  if (*skip_blanks (p) != '\0')
    return FALSE;

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if (out_date)
    g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

char *
cf_dec_format_decimal (gint64 hundredths,
                       guint  decimals)
{
  const char *sign = hundredths < 0 ? "-" : "";
  guint64 v = hundredths < 0 ? (guint64) -(hundredths + 1) + 1 : (guint64) hundredths;

  switch (decimals)
    {
    case 0:
      return g_strdup_printf ("%s%" G_GUINT64_FORMAT, sign, v / 100);
    case 1:
      return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT, sign, v / 100, (v % 100) / 10);
    default:
      return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02" G_GUINT64_FORMAT, sign, v / 100, v % 100);
    }
}

gboolean
cf_dec_parse_decimal (const char *text,
                      gint64     *out_hundredths)
{
  const char *p;
  gboolean negative = FALSE;
  gint64 units = 0;
  gint64 frac = 0;
  guint n_int = 0, n_frac = 0;

  if (text == NULL)
    return FALSE;

  p = skip_blanks (text);
  if (*p == '-' || *p == '+')
    negative = (*p++ == '-');

  while (g_ascii_isdigit (*p))
    {
      if (++n_int > 15)
        return FALSE;   /* no credit or grade is that large; avoids overflow */
      units = units * 10 + (*p++ - '0');
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (n_frac < 2)
            frac = frac * 10 + (*p - '0');
          else if (*p != '0')
            return FALSE;   /* a third significant decimal */
          n_frac++;
          p++;
        }
    }
  if (n_int + n_frac == 0 || *skip_blanks (p) != '\0')
    return FALSE;
  if (n_frac == 1)
    frac *= 10;

  if (out_hundredths)
    *out_hundredths = (negative ? -1 : 1) * (units * 100 + frac);
  return TRUE;
}

char *
cf_dec_format_grade (int hundredths)
{
  if (hundredths == CF_DEC_GRADE_AC)
    return g_strdup ("AC");
  g_return_val_if_fail (hundredths >= 0, NULL);
  if (hundredths == 1000)
    return g_strdup ("10");
  return cf_dec_format_decimal (hundredths, 2);
}

gboolean
cf_dec_parse_grade (const char *text,
                    int        *out_hundredths)
{
  gint64 v;

  if (text == NULL)
    return FALSE;
  if (trimmed_equal (text, "AC"))
    {
      if (out_hundredths)
        *out_hundredths = CF_DEC_GRADE_AC;
      return TRUE;
    }
  if (!cf_dec_parse_decimal (text, &v) || v < 0 || v > G_MAXINT)
    return FALSE;
  if (out_hundredths)
    *out_hundredths = (int) v;
  return TRUE;
}

gboolean
cf_dec_parse_integer (const char *text,
                      gint64     *out_value)
{
  g_autofree char *copy = NULL;
  const char *p;
  gint64 v;

  if (text == NULL)
    return FALSE;
  p = skip_blanks (text);
  copy = g_strndup (p, trimmed_length (p));
  if (copy[0] == '+')
    {
      if (copy[1] == '-' || copy[1] == '+')
        return FALSE;
      p = copy + 1;
    }
  else
    p = copy;
  if (!g_ascii_string_to_signed (p, 10, G_MININT64, G_MAXINT64, &v, NULL))
    return FALSE;
  if (out_value)
    *out_value = v;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* CfAsignatura                                                        */
/* ------------------------------------------------------------------ */

struct _CfAsignatura
{
  gatomicrefcount ref_count;
  /* The size of the allocation when the reader packed the values behind
   * the struct (one block per subject, not one per value), else 0. */
  gsize           packed_size;
  char           *values[CF_ASIGNATURA_N_FIELDS];
};

static void
asignatura_free_value (CfAsignatura *self,
                       char         *value)
{
  guintptr start = (guintptr) self;

  /* A packed value is part of the subject's own block. */
  if ((guintptr) value < start || (guintptr) value >= start + self->packed_size)
    g_free (value);
}

G_DEFINE_BOXED_TYPE (CfAsignatura, cf_asignatura, cf_asignatura_ref, cf_asignatura_unref)

CfAsignatura *
cf_asignatura_new (void)
{
  CfAsignatura *self = g_new0 (CfAsignatura, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

CfAsignatura *
cf_asignatura_copy (const CfAsignatura *self)
{
  CfAsignatura *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = cf_asignatura_new ();
  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  return copy;
}

CfAsignatura *
cf_asignatura_ref (CfAsignatura *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_asignatura_unref (CfAsignatura *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
        asignatura_free_value (self, self->values[i]);
      g_free (self);
    }
}

gboolean
cf_asignatura_equal (const CfAsignatura *a,
                     const CfAsignatura *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    if (g_strcmp0 (a->values[i], b->values[i]) != 0)
      return FALSE;
  return TRUE;
}

const char *
cf_asignatura_get (const CfAsignatura *self,
                   CfAsignaturaField   field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, NULL);

  return self->values[field];
}

void
cf_asignatura_set (CfAsignatura      *self,
                   CfAsignaturaField  field,
                   const char        *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field < CF_ASIGNATURA_N_FIELDS);

  if (self->values[field] != value)
    {
      asignatura_free_value (self, self->values[field]);
      self->values[field] = g_strdup (value);
    }
}

static void
asignatura_take (CfAsignatura      *self,
                 CfAsignaturaField  field,
                 char              *value)
{
  asignatura_free_value (self, self->values[field]);
  self->values[field] = value;
}

CfAsignatura *
_cf_asignatura_new_packed (const char * const *values,
                           const gsize        *lengths)
{
  gsize size = sizeof (CfAsignatura);
  CfAsignatura *self;
  char *p;

  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    if (values[i] != NULL)
      size += lengths[i] + 1;

  self = g_malloc (size);
  memset (self, 0, sizeof *self);
  g_atomic_ref_count_init (&self->ref_count);
  self->packed_size = size;

  p = (char *) (self + 1);
  for (guint i = 0; i < CF_ASIGNATURA_N_FIELDS; i++)
    if (values[i] != NULL)
      {
        memcpy (p, values[i], lengths[i]);
        p[lengths[i]] = '\0';
        self->values[i] = p;
        p += lengths[i] + 1;
      }
  return self;
}

gboolean
cf_asignatura_get_grade (const CfAsignatura *self,
                         int                *out_hundredths)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return cf_dec_parse_grade (self->values[CF_ASIGNATURA_FIELD_CALIFICACION], out_hundredths);
}

void
cf_asignatura_set_grade (CfAsignatura *self,
                         int           hundredths)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (hundredths >= 0 || hundredths == CF_DEC_GRADE_AC);
  asignatura_take (self, CF_ASIGNATURA_FIELD_CALIFICACION, cf_dec_format_grade (hundredths));
}

gboolean
cf_asignatura_get_creditos (const CfAsignatura *self,
                            gint64             *out_hundredths)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return cf_dec_parse_decimal (self->values[CF_ASIGNATURA_FIELD_CREDITOS], out_hundredths);
}

void
cf_asignatura_set_creditos (CfAsignatura *self,
                            gint64        hundredths)
{
  g_return_if_fail (self != NULL);
  asignatura_take (self, CF_ASIGNATURA_FIELD_CREDITOS, cf_dec_format_decimal (hundredths, 2));
}

gboolean
cf_asignatura_get_integer (const CfAsignatura *self,
                           CfAsignaturaField   field,
                           gint64             *out_value)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field < CF_ASIGNATURA_N_FIELDS, FALSE);
  return cf_dec_parse_integer (self->values[field], out_value);
}

void
cf_asignatura_set_integer (CfAsignatura      *self,
                           CfAsignaturaField  field,
                           gint64             value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field < CF_ASIGNATURA_N_FIELDS);
  asignatura_take (self, field, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

gboolean
cf_asignatura_is_complementaria (const CfAsignatura *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return trimmed_equal (self->values[CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA],
                        CF_DEC_TIPO_ASIGNATURA_COMPLEMENTARIA);
}

/* ------------------------------------------------------------------ */
/* CfDec                                                               */
/* ------------------------------------------------------------------ */

struct _CfDec
{
  GObject    parent_instance;

  char      *values[CF_DEC_N_FIELDS];
  GPtrArray *asignaturas;   /* CfAsignatura */
  gboolean   has_dreoe;
  gboolean   has_sep_ipes;
};

G_DEFINE_FINAL_TYPE (CfDec, cf_dec, G_TYPE_OBJECT)

static void
cf_dec_finalize (GObject *object)
{
  CfDec *self = CF_DEC (object);

  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    g_free (self->values[i]);
  g_ptr_array_unref (self->asignaturas);

  G_OBJECT_CLASS (cf_dec_parent_class)->finalize (object);
}

static void
cf_dec_class_init (CfDecClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cf_dec_finalize;
}

static void
cf_dec_init (CfDec *self)
{
  self->asignaturas = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_asignatura_unref);
}

CfDec *
cf_dec_new (void)
{
  CfDec *self = g_object_new (CF_TYPE_DEC, NULL);

  self->values[CF_DEC_FIELD_VERSION] = g_strdup ("3.0");
  self->values[CF_DEC_FIELD_TIPO_CERTIFICADO] = g_strdup (CF_DEC_TIPO_CERTIFICADO_IPES);
  return self;
}

CfDec *
cf_dec_copy (CfDec *self)
{
  CfDec *copy;

  g_return_val_if_fail (CF_IS_DEC (self), NULL);

  copy = g_object_new (CF_TYPE_DEC, NULL);
  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);
  for (guint i = 0; i < self->asignaturas->len; i++)
    g_ptr_array_add (copy->asignaturas, cf_asignatura_copy (g_ptr_array_index (self->asignaturas, i)));
  copy->has_dreoe = self->has_dreoe;
  copy->has_sep_ipes = self->has_sep_ipes;
  return copy;
}

gboolean
cf_dec_equal (CfDec *a,
              CfDec *b)
{
  g_return_val_if_fail (CF_IS_DEC (a), FALSE);
  g_return_val_if_fail (CF_IS_DEC (b), FALSE);

  for (guint i = 0; i < CF_DEC_N_FIELDS; i++)
    if (g_strcmp0 (a->values[i], b->values[i]) != 0)
      return FALSE;
  if (a->asignaturas->len != b->asignaturas->len ||
      a->has_dreoe != b->has_dreoe || a->has_sep_ipes != b->has_sep_ipes)
    return FALSE;
  for (guint i = 0; i < a->asignaturas->len; i++)
    if (!cf_asignatura_equal (g_ptr_array_index (a->asignaturas, i),
                              g_ptr_array_index (b->asignaturas, i)))
      return FALSE;
  return TRUE;
}

CfDecVersion
cf_dec_get_version (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), CF_DEC_VERSION_UNKNOWN);
  return cf_dec_version_from_string (self->values[CF_DEC_FIELD_VERSION]);
}

const char *
cf_dec_get (CfDec      *self,
            CfDecField  field)
{
  g_return_val_if_fail (CF_IS_DEC (self), NULL);
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, NULL);

  return self->values[field];
}

static void
dec_take (CfDec      *self,
          CfDecField  field,
          char       *value)
{
  g_free (self->values[field]);
  self->values[field] = value;
}

void
cf_dec_set (CfDec      *self,
            CfDecField  field,
            const char *value)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS);
  g_return_if_fail (!field_info[field].sep);

  if (self->values[field] != value)
    dec_take (self, field, g_strdup (value));
}

void
_cf_dec_set_sep_field (CfDec      *self,
                       CfDecField  field,
                       const char *value)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS && field_info[field].sep);

  dec_take (self, field, g_strdup (value));
}

void
_cf_dec_take_field (CfDec      *self,
                    CfDecField  field,
                    char       *value)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS);

  dec_take (self, field, value);
}

void
_cf_asignatura_take (CfAsignatura      *self,
                     CfAsignaturaField  field,
                     char              *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (field < CF_ASIGNATURA_N_FIELDS);

  asignatura_take (self, field, value);
}

void
_cf_dec_set_has_dreoe (CfDec    *self,
                       gboolean  has)
{
  g_return_if_fail (CF_IS_DEC (self));
  self->has_dreoe = !!has;
}

void
_cf_dec_set_has_sep_ipes (CfDec    *self,
                          gboolean  has)
{
  g_return_if_fail (CF_IS_DEC (self));
  self->has_sep_ipes = !!has;
}

gboolean
cf_dec_get_date (CfDec      *self,
                 CfDecField  field,
                 GDate      *out_date)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return cf_dec_parse_date (self->values[field], out_date);
}

void
cf_dec_set_date (CfDec       *self,
                 CfDecField   field,
                 const GDate *date)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS && !field_info[field].sep);
  g_return_if_fail (date != NULL && g_date_valid (date));

  dec_take (self, field, cf_dec_format_date (date));
}

gboolean
cf_dec_get_integer (CfDec      *self,
                    CfDecField  field,
                    gint64     *out_value)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return cf_dec_parse_integer (self->values[field], out_value);
}

void
cf_dec_set_integer (CfDec      *self,
                    CfDecField  field,
                    gint64      value)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS && !field_info[field].sep);

  dec_take (self, field, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

gboolean
cf_dec_get_decimal (CfDec      *self,
                    CfDecField  field,
                    gint64     *out_hundredths)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);
  g_return_val_if_fail (field < CF_DEC_N_FIELDS, FALSE);
  return cf_dec_parse_decimal (self->values[field], out_hundredths);
}

void
cf_dec_set_decimal (CfDec      *self,
                    CfDecField  field,
                    gint64      hundredths)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS && !field_info[field].sep);

  dec_take (self, field, cf_dec_format_decimal (hundredths, 2));
}

void
cf_dec_set_grade (CfDec      *self,
                  CfDecField  field,
                  int         hundredths)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (field < CF_DEC_N_FIELDS && !field_info[field].sep);
  g_return_if_fail (hundredths >= 0 || hundredths == CF_DEC_GRADE_AC);

  dec_take (self, field, cf_dec_format_grade (hundredths));
}

guint
cf_dec_get_n_asignaturas (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), 0);
  return self->asignaturas->len;
}

CfAsignatura *
cf_dec_get_asignatura (CfDec *self,
                       guint  index)
{
  g_return_val_if_fail (CF_IS_DEC (self), NULL);
  g_return_val_if_fail (index < self->asignaturas->len, NULL);
  return g_ptr_array_index (self->asignaturas, index);
}

GPtrArray *
cf_dec_get_asignaturas (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), NULL);
  return self->asignaturas;
}

void
cf_dec_append_asignatura (CfDec        *self,
                          CfAsignatura *asignatura)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (asignatura != NULL);
  g_ptr_array_add (self->asignaturas, cf_asignatura_ref (asignatura));
}

void
cf_dec_insert_asignatura (CfDec        *self,
                          guint         index,
                          CfAsignatura *asignatura)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (asignatura != NULL);
  g_return_if_fail (index <= self->asignaturas->len);
  g_ptr_array_insert (self->asignaturas, (int) index, cf_asignatura_ref (asignatura));
}

void
cf_dec_remove_asignatura (CfDec *self,
                          guint  index)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_return_if_fail (index < self->asignaturas->len);
  g_ptr_array_remove_index (self->asignaturas, index);
}

void
cf_dec_clear_asignaturas (CfDec *self)
{
  g_return_if_fail (CF_IS_DEC (self));
  g_ptr_array_set_size (self->asignaturas, 0);
}

gboolean
cf_dec_has_dreoe (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);
  return self->has_dreoe;
}

gboolean
cf_dec_has_sep_ipes (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);
  return self->has_sep_ipes;
}

gboolean
cf_dec_is_sealed (CfDec *self)
{
  g_return_val_if_fail (CF_IS_DEC (self), FALSE);

  return self->values[CF_DEC_FIELD_SELLO] && *self->values[CF_DEC_FIELD_SELLO] &&
         self->values[CF_DEC_FIELD_CERTIFICADO_RESPONSABLE] && *self->values[CF_DEC_FIELD_CERTIFICADO_RESPONSABLE] &&
         self->values[CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE] && *self->values[CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE];
}

void
cf_dec_clear_seal (CfDec *self)
{
  g_return_if_fail (CF_IS_DEC (self));

  dec_take (self, CF_DEC_FIELD_SELLO, g_strdup (""));
  dec_take (self, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, g_strdup (""));
  dec_take (self, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, g_strdup (""));
}

typedef struct
{
  const char *id;
  const char *clave;
  const char *nombre;
  const char *ciclo;
  const char *calificacion;
  const char *id_observaciones;
  const char *observaciones;
  const char *id_tipo;
  const char *tipo;
  const char *creditos;
} ExampleSubject;

CfDec *
cf_dec_new_example (void)
{
  static const struct { CfDecField field; const char *value; } values[] = {
    { CF_DEC_FIELD_FOLIO_CONTROL, "2021-000145" },
    { CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD, "20499" },
    { CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION, "20499" },
    { CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, "UNIVERSIDAD EJEMPLO DEL VALLE DE MÉXICO" },
    { CF_DEC_FIELD_IPES_ID_CAMPUS, "090101" },
    { CF_DEC_FIELD_IPES_CAMPUS, "CAMPUS COYOACÁN" },
    { CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA, "09" },
    { CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA, "CIUDAD DE MÉXICO" },
    { CF_DEC_FIELD_RESPONSABLE_CURP, "PELM800101MDFRPR01" },
    { CF_DEC_FIELD_RESPONSABLE_NOMBRE, "MARÍA DE LA LUZ" },
    { CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, "PÉREZ" },
    { CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO, "LÓPEZ" },
    { CF_DEC_FIELD_RESPONSABLE_ID_CARGO, "5" },
    { CF_DEC_FIELD_RESPONSABLE_CARGO, "RESPONSABLE DE EXPEDICIÓN" },
    { CF_DEC_FIELD_RVOE_NUMERO, "20180409" },
    { CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2018-04-09T00:00:00" },
    { CF_DEC_FIELD_CARRERA_ID_CARRERA, "103322" },
    { CF_DEC_FIELD_CARRERA_CLAVE_CARRERA, "LD-2018" },
    { CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA, "LICENCIATURA EN DERECHO" },
    { CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO, "91" },
    { CF_DEC_FIELD_CARRERA_TIPO_PERIODO, "SEMESTRE" },
    { CF_DEC_FIELD_CARRERA_CLAVE_PLAN, "2018" },
    { CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS, "81" },
    { CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS, "LICENCIATURA" },
    { CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA, "5" },
    { CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA, "10" },
    { CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, "6.00" },
    { CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, "A19000123" },
    { CF_DEC_FIELD_ALUMNO_CURP, "LOPA000501MDFPRNA9" },
    { CF_DEC_FIELD_ALUMNO_NOMBRE, "ANA" },
    { CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, "LÓPEZ" },
    { CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "PÉREZ" },
    { CF_DEC_FIELD_ALUMNO_ID_GENERO, "250" },
    { CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "2000-05-01T00:00:00" },
    { CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "80" },
    { CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION, "PARCIAL" },
    { CF_DEC_FIELD_EXPEDICION_FECHA, "2021-01-15T00:00:00" },
    { CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION, "09" },
    { CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION, "CIUDAD DE MÉXICO" },
    /* Section 5: nine subjects count (the COMPLEMENTARIA does not), 78.70 / 9
     * truncated is 8.74, 66 credits of the plan's 350, four ciclos. */
    { CF_DEC_FIELD_ASIGNATURAS_TOTAL, "9" },
    { CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "9" },
    { CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "8.74" },
    { CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, "350.00" },
    { CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "66.00" },
    { CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "4" },
  };
  static const ExampleSubject subjects[] = {
    { "500101", "LD101", "INTRODUCCIÓN AL DERECHO", "2019-1", "9.00", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500102", "LD102", "TEORÍA GENERAL DEL ESTADO", "2019-1", "8.50", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500103", "LD103", "METODOLOGÍA DE LA INVESTIGACIÓN", "2019-1", "10", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "6.00" },
    { "500104", "LD104", "INGLÉS I", "2019-1", "AC", "100", "NORMAL/ORDINARIO", "266", "COMPLEMENTARIA", "0.00" },
    { "500201", "LD201", "DERECHO ROMANO", "2019-2", "7.80", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500202", "LD202", "DERECHO CIVIL I", "2020-1", "7.00", "71", "EXAMEN EXTRAORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500203", "LD203", "ECONOMÍA", "2019-2", "8.90", "100", "NORMAL/ORDINARIO", "264", "OPTATIVA", "6.00" },
    { "500301", "LD301", "DERECHO CIVIL II", "2020-1", "9.40", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500302", "LD302", "DERECHO PENAL I", "2020-1", "8.60", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "8.00" },
    { "500401", "LD401", "SEMINARIO DE INVESTIGACIÓN JURÍDICA", "2020-2", "9.50", "100", "NORMAL/ORDINARIO", "263", "OBLIGATORIA", "6.00" },
  };
  CfDec *self = cf_dec_new ();

  cf_dec_clear_seal (self);
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    cf_dec_set (self, values[i].field, values[i].value);

  for (gsize i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autoptr(CfAsignatura) a = cf_asignatura_new ();

      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, subjects[i].id);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA, subjects[i].clave);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, subjects[i].nombre);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, subjects[i].ciclo);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CALIFICACION, subjects[i].calificacion);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, subjects[i].id_observaciones);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_OBSERVACIONES, subjects[i].observaciones);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, subjects[i].id_tipo);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA, subjects[i].tipo);
      cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CREDITOS, subjects[i].creditos);
      cf_dec_append_asignatura (self, a);
    }

  return self;
}
