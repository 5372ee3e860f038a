/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-test-dec.h"

/* total 4 (the COMPLEMENTARIA one does not count), asignadas 4,
 * creditosObtenidos 24.00, promedio (8.00 + 9.50 + 10) / 3 = 9.1666… → "9.16"
 * (truncated, AC excluded), numeroCiclos 3. */
static const CfTestSubject base_subjects[] = {
  { "101", "2018-1", "8.00", "263", "7.00", "100" },
  { "102", "2018-1", "9.50", "263", "7.00", NULL },
  { "103", "2018-2", "10", "264", "6.00", NULL },
  { "104", "2018-2", "AC", "263", "4.00", NULL },
  { "105", "2019-1", "7.25", "266", "3.00", NULL },
};

static CfAsignatura *
subject_new (const CfTestSubject *s)
{
  CfAsignatura *a = cf_asignatura_new ();

  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_ASIGNATURA, s->id);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CLAVE_ASIGNATURA, s->id);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_NOMBRE, "MATERIA DE PRUEBA ÑANDÚ");
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CICLO, s->ciclo);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CALIFICACION, s->grade);
  if (s->observaciones != NULL)
    cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_OBSERVACIONES, s->observaciones);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_ID_TIPO_ASIGNATURA, s->tipo);
  cf_asignatura_set (a, CF_ASIGNATURA_FIELD_CREDITOS, s->credits);
  return a;
}

CfDec *
cf_test_dec_new_with (const CfTestSubject *subjects,
                      guint                n)
{
  CfDec *dec = cf_dec_new ();

  cf_dec_set (dec, CF_DEC_FIELD_FOLIO_CONTROL, "F-0001");
  cf_dec_set (dec, CF_DEC_FIELD_SELLO, "");
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, "");
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, "");
  cf_dec_set (dec, CF_DEC_FIELD_SERVICIO_FIRMANTE_ID_ENTIDAD, "20499");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_NOMBRE_INSTITUCION, "20499");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_NOMBRE_INSTITUCION, "UNIVERSIDAD DE PRUEBA");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_CAMPUS, "090101");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_CAMPUS, "CAMPUS CENTRO");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ID_ENTIDAD_FEDERATIVA, "09");
  cf_dec_set (dec, CF_DEC_FIELD_IPES_ENTIDAD_FEDERATIVA, "CIUDAD DE MÉXICO");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CURP, "PELM800101MDFRPR01");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_NOMBRE, "MARÍA DE LA LUZ");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_PRIMER_APELLIDO, "PÉREZ");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_SEGUNDO_APELLIDO, "LÓPEZ");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_ID_CARGO, "3");
  cf_dec_set (dec, CF_DEC_FIELD_RESPONSABLE_CARGO, "RECTOR");
  cf_dec_set (dec, CF_DEC_FIELD_RVOE_NUMERO, "20180409");
  cf_dec_set (dec, CF_DEC_FIELD_RVOE_FECHA_EXPEDICION, "2018-04-09T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_CARRERA, "14");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CLAVE_CARRERA, "621317");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_NOMBRE_CARRERA, "LICENCIATURA EN DERECHO");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_TIPO_PERIODO, "93");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_TIPO_PERIODO, "CUATRIMESTRE");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CLAVE_PLAN, "2017");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_ID_NIVEL_ESTUDIOS, "81");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_NIVEL_ESTUDIOS, "LICENCIATURA");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA, "5");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MAXIMA, "10");
  cf_dec_set (dec, CF_DEC_FIELD_CARRERA_CALIFICACION_MINIMA_APROBATORIA, "6.00");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NUMERO_CONTROL, "A0001");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_CURP, "GOMC850312HDFNRR09");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_NOMBRE, "CARLOS");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_PRIMER_APELLIDO, "GÓMEZ");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_SEGUNDO_APELLIDO, "");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_ID_GENERO, "251");
  cf_dec_set (dec, CF_DEC_FIELD_ALUMNO_FECHA_NACIMIENTO, "1985-03-12T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_TIPO_CERTIFICACION, "80");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_TIPO_CERTIFICACION, "PARCIAL");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_FECHA, "2023-07-10T00:00:00");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_ID_LUGAR_EXPEDICION, "09");
  cf_dec_set (dec, CF_DEC_FIELD_EXPEDICION_LUGAR_EXPEDICION, "CIUDAD DE MÉXICO");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL, "4");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_ASIGNADAS, "4");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_PROMEDIO, "9.16");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_TOTAL_CREDITOS, "300.00");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_CREDITOS_OBTENIDOS, "24.00");
  cf_dec_set (dec, CF_DEC_FIELD_ASIGNATURAS_NUMERO_CICLOS, "3");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CfAsignatura) a = subject_new (&subjects[i]);

      cf_dec_append_asignatura (dec, a);
    }
  return dec;
}

CfDec *
cf_test_dec_new (void)
{
  return cf_test_dec_new_with (base_subjects, G_N_ELEMENTS (base_subjects));
}

