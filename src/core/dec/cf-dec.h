/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec.h: the Dec (Documento Electrónico de Certificación) model, version 3.0 (IPES).
 *
 * Every attribute is kept as the text that goes into the XML, so a document
 * read from another program gives back exactly its own cadena original; the
 * typed setters below format values the way SEP expects (dates
 * "YYYY-MM-DDT00:00:00", grades "8.00" / "10" / "AC", credits "300.00"), and
 * the typed getters parse them. One field enum (CfDecField) names every
 * attribute of the document; a table behind it (element, attribute name,
 * XPath, required, in the cadena, catalog) drives the writer, the reader, the
 * cadena and the validators, so a finding can always name its attribute. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CF_DEC_VERSION_UNKNOWN,
  CF_DEC_VERSION_2_0,   /* read only (verification, import) */
  CF_DEC_VERSION_3_0,   /* the version Certifica writes */
} CfDecVersion;

/* "2.0", "3.0", or NULL for UNKNOWN. */
const char   *cf_dec_version_to_string   (CfDecVersion version);
CfDecVersion  cf_dec_version_from_string (const char *text);

/* The elements, in document order. */
typedef enum
{
  CF_DEC_ELEMENT_DEC,
  CF_DEC_ELEMENT_SERVICIO_FIRMANTE,
  CF_DEC_ELEMENT_IPES,
  CF_DEC_ELEMENT_RESPONSABLE,        /* child of Ipes */
  CF_DEC_ELEMENT_RVOE,
  CF_DEC_ELEMENT_CARRERA,
  CF_DEC_ELEMENT_ALUMNO,
  CF_DEC_ELEMENT_EXPEDICION,
  CF_DEC_ELEMENT_ASIGNATURAS,
  CF_DEC_ELEMENT_ASIGNATURA,         /* 1..n, child of Asignaturas */
  CF_DEC_ELEMENT_DREOE,              /* added by SEP, read only */
  CF_DEC_ELEMENT_SEP_IPES,           /* added by SEP, read only */
  CF_DEC_N_ELEMENTS
} CfDecElement;

const char   *cf_dec_element_get_name    (CfDecElement element);   /* "Responsable" */
const char   *cf_dec_element_get_path    (CfDecElement element);   /* "/Dec/Ipes/Responsable" */
/* By local name; returns FALSE for an unknown name. */
gboolean      cf_dec_element_from_name   (const char   *name,
                                          CfDecElement *out_element);

/* Every attribute outside Asignatura, in document order. */
typedef enum
{
  /* Dec */
  CF_DEC_FIELD_VERSION,                          /* fixed "3.0" */
  CF_DEC_FIELD_TIPO_CERTIFICADO,                 /* fixed "5" (IPES) */
  CF_DEC_FIELD_FOLIO_CONTROL,                    /* optional */
  CF_DEC_FIELD_SELLO,                            /* set by sealing */
  CF_DEC_FIELD_CERTIFICADO_RESPONSABLE,          /* set by sealing: base64 of the .cer DER */
  CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE,       /* set by sealing: 20 digits */
  /* ServicioFirmante */
  CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD,
  /* Ipes */
  CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION,
  CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION,          /* optional */
  CF_DEC_FIELD_IPES_ID_CAMPUS,
  CF_DEC_FIELD_IPES_CAMPUS,                      /* optional */
  CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA,       /* catalog idEntidadFederativa */
  CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA,          /* optional */
  /* Ipes/Responsable */
  CF_DEC_FIELD_RESPONSABLE_CURP,
  CF_DEC_FIELD_RESPONSABLE_NOMBRE,
  CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO,
  CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO,     /* optional */
  CF_DEC_FIELD_RESPONSABLE_ID_CARGO,             /* catalog idCargo */
  CF_DEC_FIELD_RESPONSABLE_CARGO,                /* optional */
  /* Rvoe */
  CF_DEC_FIELD_RVOE_NUMERO,
  CF_DEC_FIELD_RVOE_FECHA_EXPEDICION,            /* xs:dateTime */
  /* Carrera */
  CF_DEC_FIELD_CARRERA_ID_CARRERA,
  CF_DEC_FIELD_CARRERA_CLAVE_CARRERA,            /* optional */
  CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA,           /* optional */
  CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO,          /* catalog idTipoPeriodo */
  CF_DEC_FIELD_CARRERA_TIPO_PERIODO,             /* optional */
  CF_DEC_FIELD_CARRERA_CLAVE_PLAN,
  CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS,        /* catalog idNivelEstudios */
  CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS,           /* optional */
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA,      /* integer, "5" */
  CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA,      /* integer, "10" */
  CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, /* two decimals, "6.00" */
  /* Alumno */
  CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL,
  CF_DEC_FIELD_ALUMNO_CURP,
  CF_DEC_FIELD_ALUMNO_NOMBRE,
  CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO,
  CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO,          /* optional; empty keeps its cadena slot */
  CF_DEC_FIELD_ALUMNO_ID_GENERO,                 /* xs:integer, catalog idGenero */
  CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO,          /* xs:dateTime */
  /* Expedicion */
  CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, /* catalog idTipoCertificacion */
  CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION,    /* optional */
  CF_DEC_FIELD_EXPEDICION_FECHA,                 /* xs:dateTime */
  CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION,   /* catalog idEntidadFederativa */
  CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION,      /* optional */
  /* Asignaturas */
  CF_DEC_FIELD_ASIGNATURAS_TOTAL,                /* xs:int */
  CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS,            /* xs:int */
  CF_DEC_FIELD_ASIGNATURAS_PROMEDIO,             /* "8.75", exactly ten "10" */
  CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS,       /* "300.00" */
  CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS,   /* "300.00" */
  CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS,        /* xs:integer; absent in 2.0 */
  /* Dreoe (SEP, read only) */
  CF_DEC_FIELD_DREOE_FECHA_DREOE,
  CF_DEC_FIELD_DREOE_SELLO_DEC,
  CF_DEC_FIELD_DREOE_NO_CERTIFICADO_DREOE,
  CF_DEC_FIELD_DREOE_CURP,
  CF_DEC_FIELD_DREOE_NOMBRE_COMPLETO,
  CF_DEC_FIELD_DREOE_ID_CARGO,
  CF_DEC_FIELD_DREOE_SELLO_DREOE,
  /* SepIpes (SEP, read only) */
  CF_DEC_FIELD_SEP_IPES_VERSION,
  CF_DEC_FIELD_SEP_IPES_FOLIO_DIGITAL,
  CF_DEC_FIELD_SEP_IPES_FECHA_SEP_IPES,
  CF_DEC_FIELD_SEP_IPES_SELLO_DREOE,
  CF_DEC_FIELD_SEP_IPES_NO_CERTIFICADO_SEP_IPES,
  CF_DEC_FIELD_SEP_IPES_SELLO_SEP_IPES,
  CF_DEC_N_FIELDS
} CfDecField;

/* Every attribute of an Asignatura, in document order. */
typedef enum
{
  CF_ASIGNATURA_FIELD_ID_ASIGNATURA,
  CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA,   /* optional */
  CF_ASIGNATURA_FIELD_NOMBRE,             /* optional */
  CF_ASIGNATURA_FIELD_CICLO,              /* "2018-1" */
  CF_ASIGNATURA_FIELD_CALIFICACION,       /* "8.00", "10", "AC" */
  CF_ASIGNATURA_FIELD_ID_OBSERVACIONES,   /* optional, xs:integer, catalog idObservaciones */
  CF_ASIGNATURA_FIELD_OBSERVACIONES,      /* optional */
  CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, /* catalog idTipoAsignatura */
  CF_ASIGNATURA_FIELD_TIPO_ASIGNATURA,    /* optional */
  CF_ASIGNATURA_FIELD_CREDITOS,           /* "7.00" */
  CF_ASIGNATURA_N_FIELDS
} CfAsignaturaField;

/* How the official schema types a value; stricter formats are semantic checks. */
typedef enum
{
  CF_DEC_VALUE_STRING,
  CF_DEC_VALUE_DATE_TIME,   /* xs:dateTime */
  CF_DEC_VALUE_INTEGER,     /* xs:integer */
  CF_DEC_VALUE_INT,         /* xs:int */
  CF_DEC_VALUE_FIXED,       /* fixed value (version, tipoCertificado) */
} CfDecValueType;

/* Field metadata (static strings). */
CfDecElement    cf_dec_field_get_element     (CfDecField field);
const char     *cf_dec_field_get_attribute   (CfDecField field);   /* "curp" */
const char     *cf_dec_field_get_path        (CfDecField field);   /* "/Dec/Alumno/@curp" */
CfDecValueType  cf_dec_field_get_value_type  (CfDecField field);
/* Required by the official schema (every attribute not listed optional in
 * the domain reference, section 3). SEP's own fields are never required. */
gboolean        cf_dec_field_is_required     (CfDecField field);
/* Part of the 3.0 cadena original. */
gboolean        cf_dec_field_in_cadena       (CfDecField field);
/* Written by SEP (Dreoe, SepIpes): readable, not settable. */
gboolean        cf_dec_field_is_sep          (CfDecField field);
/* The catalog (cf-catalog.h) the value must come from, or NULL. */
const char     *cf_dec_field_get_catalog     (CfDecField field);
/* By element and attribute name; FALSE when the pair is not a Dec field
 * (Asignatura's attributes are CfAsignaturaField). */
gboolean        cf_dec_field_lookup          (CfDecElement element,
                                              const char  *attribute,
                                              CfDecField  *out_field);

const char     *cf_asignatura_field_get_attribute  (CfAsignaturaField field);
CfDecValueType  cf_asignatura_field_get_value_type (CfAsignaturaField field);
gboolean        cf_asignatura_field_is_required    (CfAsignaturaField field);
gboolean        cf_asignatura_field_in_cadena      (CfAsignaturaField field);
const char     *cf_asignatura_field_get_catalog    (CfAsignaturaField field);
gboolean        cf_asignatura_field_lookup         (const char        *attribute,
                                                    CfAsignaturaField *out_field);
/* "/Dec/Asignaturas/Asignatura[3]/@calificacion" for @index 2 (0-based in,
 * 1-based out, like XPath). */
char           *cf_asignatura_field_dup_path       (CfAsignaturaField field,
                                                    guint             index);
char           *cf_asignatura_dup_path             (guint             index);  /* ".../Asignatura[3]" */

/* ------------------------------------------------------------------ */
/* Value formats (section 3 of the domain reference)                   */
/* ------------------------------------------------------------------ */

/* The grade of a pass/fail subject. Grades are held in hundredths (850 = 8.50). */
#define CF_DEC_GRADE_AC (-1)

/* "2023-07-10T00:00:00" */
char     *cf_dec_format_date    (const GDate *date);
/* Accepts "YYYY-MM-DD" optionally followed by "THH:MM:SS[.fff][Z|±hh:mm]"
 * (what xs:dateTime allows, surrounding XML blanks ignored); FALSE when the
 * text is not a date or the date does not exist (2023-02-30). */
gboolean  cf_dec_parse_date     (const char  *text,
                                 GDate       *out_date);
/* 850 → "8.50", 1000 → "10" (exactly ten), CF_DEC_GRADE_AC → "AC". */
char     *cf_dec_format_grade   (int          hundredths);
/* "8.5", "8.50", "10", "10.00", "AC" → hundredths / CF_DEC_GRADE_AC; FALSE
 * when not a number, negative, or more than two significant decimals. */
gboolean  cf_dec_parse_grade    (const char  *text,
                                 int         *out_hundredths);
/* 30000 → "300.00" with @decimals 2 (0..2; credits use the plan's decimals). */
char     *cf_dec_format_decimal (gint64       hundredths,
                                 guint        decimals);
gboolean  cf_dec_parse_decimal  (const char  *text,
                                 gint64      *out_hundredths);
/* Optional sign and digits only (xs:integer / xs:int lexical space, blanks trimmed). */
gboolean  cf_dec_parse_integer  (const char  *text,
                                 gint64      *out_value);

/* ------------------------------------------------------------------ */
/* CfAsignatura: one subject (boxed, reference counted, mutable)       */
/* ------------------------------------------------------------------ */

typedef struct _CfAsignatura CfAsignatura;

#define CF_TYPE_ASIGNATURA (cf_asignatura_get_type ())
GType          cf_asignatura_get_type      (void) G_GNUC_CONST;

CfAsignatura  *cf_asignatura_new           (void);
CfAsignatura  *cf_asignatura_copy          (const CfAsignatura *self);   /* deep */
CfAsignatura  *cf_asignatura_ref           (CfAsignatura       *self);
void           cf_asignatura_unref         (CfAsignatura       *self);
gboolean       cf_asignatura_equal         (const CfAsignatura *a,
                                            const CfAsignatura *b);

/* The attribute text; NULL when absent ("" is present and empty). */
const char    *cf_asignatura_get           (const CfAsignatura *self,
                                            CfAsignaturaField   field);
/* @value NULL removes the attribute. */
void           cf_asignatura_set           (CfAsignatura       *self,
                                            CfAsignaturaField   field,
                                            const char         *value);
/* Typed access. Getters return FALSE when absent or unparsable. */
gboolean       cf_asignatura_get_grade     (const CfAsignatura *self,
                                            int                *out_hundredths);
void           cf_asignatura_set_grade     (CfAsignatura       *self,
                                            int                 hundredths);   /* or CF_DEC_GRADE_AC */
gboolean       cf_asignatura_get_creditos  (const CfAsignatura *self,
                                            gint64             *out_hundredths);
void           cf_asignatura_set_creditos  (CfAsignatura       *self,
                                            gint64              hundredths);   /* two decimals */
gboolean       cf_asignatura_get_integer   (const CfAsignatura *self,
                                            CfAsignaturaField   field,
                                            gint64             *out_value);
void           cf_asignatura_set_integer   (CfAsignatura       *self,
                                            CfAsignaturaField   field,
                                            gint64              value);
/* idTipoAsignatura is 266: listed, but counts in no total (section 5). */
gboolean       cf_asignatura_is_complementaria (const CfAsignatura *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfAsignatura, cf_asignatura_unref)

/* Catalog codes used by the rules. */
#define CF_DEC_TIPO_ASIGNATURA_OBLIGATORIA    "263"
#define CF_DEC_TIPO_ASIGNATURA_OPTATIVA       "264"
#define CF_DEC_TIPO_ASIGNATURA_ADICIONAL      "265"
#define CF_DEC_TIPO_ASIGNATURA_COMPLEMENTARIA "266"
#define CF_DEC_TIPO_CERTIFICACION_TOTAL       "79"
#define CF_DEC_TIPO_CERTIFICACION_PARCIAL     "80"
#define CF_DEC_TIPO_CERTIFICADO_IPES          "5"
#define CF_DEC_NAMESPACE "https://www.siged.sep.gob.mx/certificados/"

/* ------------------------------------------------------------------ */
/* CfDec: one certificate                                              */
/* ------------------------------------------------------------------ */

#define CF_TYPE_DEC (cf_dec_get_type ())
G_DECLARE_FINAL_TYPE (CfDec, cf_dec, CF, DEC, GObject)

/* A new 3.0 document: version "3.0", tipoCertificado "5", nothing else set. */
CfDec         *cf_dec_new                  (void);
CfDec         *cf_dec_copy                 (CfDec         *self);   /* deep, SEP nodes included */
/* A complete, schema-valid and rule-consistent example (a PARCIAL
 * certificate of a Licenciatura en Derecho, 10 subjects, one COMPLEMENTARIA
 * "AC", one passed late by examen extraordinario), not sealed: sello,
 * certificadoResponsable and noCertificadoResponsable are present and empty.
 * The Responsable's CURP is PELM800101MDFRPR01 (valid check digit). */
CfDec         *cf_dec_new_example          (void);
/* Same attributes (absent ≠ empty), same subjects, same SEP nodes. */
gboolean       cf_dec_equal                (CfDec         *a,
                                            CfDec         *b);

/* From the "version" attribute. */
CfDecVersion   cf_dec_get_version          (CfDec         *self);

/* The attribute text exactly as it will be written (or was read);
 * NULL when absent. Works for SEP fields too. */
const char    *cf_dec_get                  (CfDec         *self,
                                            CfDecField     field);
/* @value NULL removes the attribute. Not for SEP fields (criticals). */
void           cf_dec_set                  (CfDec         *self,
                                            CfDecField     field,
                                            const char    *value);
/* Typed access. Getters return FALSE when absent or unparsable. */
gboolean       cf_dec_get_date             (CfDec         *self,
                                            CfDecField     field,
                                            GDate         *out_date);
void           cf_dec_set_date             (CfDec         *self,
                                            CfDecField     field,
                                            const GDate   *date);   /* "YYYY-MM-DDT00:00:00" */
gboolean       cf_dec_get_integer          (CfDec         *self,
                                            CfDecField     field,
                                            gint64        *out_value);
void           cf_dec_set_integer          (CfDec         *self,
                                            CfDecField     field,
                                            gint64         value);
/* Decimals in hundredths: promedio, créditos, calificacionMinimaAprobatoria. */
gboolean       cf_dec_get_decimal          (CfDec         *self,
                                            CfDecField     field,
                                            gint64        *out_hundredths);
void           cf_dec_set_decimal          (CfDec         *self,
                                            CfDecField     field,
                                            gint64         hundredths);   /* "300.00" */
/* For promedio: exactly ten is written "10" (section 3). */
void           cf_dec_set_grade            (CfDec         *self,
                                            CfDecField     field,
                                            int            hundredths);

/* Subjects, in document order. */
guint          cf_dec_get_n_asignaturas    (CfDec         *self);
CfAsignatura  *cf_dec_get_asignatura       (CfDec         *self,
                                            guint          index);   /* transfer none */
GPtrArray     *cf_dec_get_asignaturas      (CfDec         *self);   /* transfer none, element-type CfAsignatura */
void           cf_dec_append_asignatura    (CfDec         *self,
                                            CfAsignatura  *asignatura);   /* takes a new reference */
void           cf_dec_insert_asignatura    (CfDec         *self,
                                            guint          index,
                                            CfAsignatura  *asignatura);
void           cf_dec_remove_asignatura    (CfDec         *self,
                                            guint          index);
void           cf_dec_clear_asignaturas    (CfDec         *self);

/* SEP's nodes of an authenticated (returned) file; read their values with
 * cf_dec_get (CF_DEC_FIELD_DREOE_* / CF_DEC_FIELD_SEP_IPES_*). */
gboolean       cf_dec_has_dreoe            (CfDec         *self);
gboolean       cf_dec_has_sep_ipes         (CfDec         *self);

/* Sealed: sello, certificadoResponsable and noCertificadoResponsable all non-empty. */
gboolean       cf_dec_is_sealed            (CfDec         *self);
/* Empties the three seal attributes (before editing a sealed document);
 * they stay present, empty, because the schema requires them. */
void           cf_dec_clear_seal           (CfDec         *self);

G_END_DECLS
