/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-validate.h: semantic validation of a Dec, beyond the schema.
 *
 * The rules of the domain reference, sections 3–5: CURPs (RENAPO format and
 * check digit), dates that exist and come in order, catalog codes, the totals
 * of Asignaturas recomputed by section 5's rules, grades within the plan's
 * scale, TOTAL vs PARCIAL, the Responsable being the signer, and no "|" in
 * any value. Each problem is a CfFinding (code, severity, XPath, message with
 * both the document's value and the expected one).
 *
 * Severities follow section 5: a recomputed count or sum that differs from
 * the document is a warning (SEP has not published its cross-checks); a wrong
 * promedio and everything that breaks a published rule is an error. */
#pragma once

#include <libxml/tree.h>

#include "cf-dec.h"
#include "cf-efirma.h"
#include "cf-finding.h"

G_BEGIN_DECLS

/* How Asignaturas/@total is counted (a setting: production systems differ). */
typedef enum
{
  CF_DEC_TOTAL_RULE_CERTIFICATE,   /* counting subjects on the certificate (default) */
  CF_DEC_TOTAL_RULE_PLAN,          /* counting subjects in the plan */
} CfDecTotalRule;

#define CF_DEC_VALIDATE_UNKNOWN (-1)

typedef struct
{
  CfDecTotalRule  total_rule;
  /* The plan's total credits in hundredths (30000 = 300.00), or
   * CF_DEC_VALIDATE_UNKNOWN: then totalCreditos is only compared with
   * creditosObtenidos on a TOTAL certificate. */
  gint64          plan_total_credits;
  /* Counting (non-COMPLEMENTARIA) subjects in the plan, or
   * CF_DEC_VALIDATE_UNKNOWN: then "total" is not checked under the plan rule. */
  gint64          plan_subject_count;
  /* The e.firma that will seal (or sealed) the document, or NULL: its CURP
   * must be Responsable/@curp. */
  CfCertificate  *signer;
} CfDecValidateOptions;

#define CF_DEC_VALIDATE_OPTIONS_INIT \
  { CF_DEC_TOTAL_RULE_CERTIFICATE, CF_DEC_VALIDATE_UNKNOWN, CF_DEC_VALIDATE_UNKNOWN, NULL }

void        cf_dec_validate_options_init (CfDecValidateOptions       *options);

/* The semantic rules only. @options may be NULL (the defaults). Absent
 * required attributes are left to the schema step. Returns (element-type
 * CfFinding), empty when nothing was found. Thread safe. */
GPtrArray  *cf_dec_validate              (CfDec                      *dec,
                                          const CfDecValidateOptions *options);

/* Schema (cf-dec-schema) + semantic rules on a parsed document; a semantic
 * finding on a path the schema already reported is dropped. NULL + @error
 * only when the schema cannot be loaded or the model cannot be read. */
GPtrArray  *cf_dec_validate_doc          (xmlDoc                     *doc,
                                          const CfDecValidateOptions *options,
                                          GError                    **error);
/* Same, reading @path with the hardened parser first; a file that cannot be
 * read or parsed is an @error (CF_DEC_XML_ERROR), not a finding. */
GPtrArray  *cf_dec_validate_file         (const char                 *path,
                                          const CfDecValidateOptions *options,
                                          GError                    **error);
/* Same for a model: written to XML in memory, then validated. */
GPtrArray  *cf_dec_validate_full         (CfDec                      *dec,
                                          const CfDecValidateOptions *options,
                                          GError                    **error);

/* The values section 5 gives for a document's subjects (all in one pass).
 * Credits and promedio in hundredths; promedio is CF_DEC_VALIDATE_UNKNOWN
 * when no counting subject has a numeric grade. */
typedef struct
{
  gint64 total;               /* counting subjects on the certificate */
  gint64 asignadas;           /* counting subjects passed */
  gint64 creditos_obtenidos;  /* credits of the counting subjects passed */
  gint64 promedio;            /* truncated to two decimals */
  gint64 numero_ciclos;       /* distinct ciclo values */
} CfDecTotals;

/* Subjects whose grade or credits cannot be read count as not passed. */
void        cf_dec_compute_totals        (CfDec                      *dec,
                                          CfDecTotals                *out_totals);

/* Finding codes. */
#define CF_FINDING_CURP_FORMAT              "curp.format"
#define CF_FINDING_CURP_CHECK_DIGIT         "curp.check-digit"
#define CF_FINDING_CURP_BIRTH_DATE          "curp.birth-date"         /* warning: CURP vs fechaNacimiento */
#define CF_FINDING_CURP_GENDER              "curp.gender"             /* warning: CURP vs idGenero */
#define CF_FINDING_DATE_INVALID             "date.invalid"
#define CF_FINDING_DATE_FORMAT              "date.format"             /* warning: not YYYY-MM-DDT00:00:00 */
#define CF_FINDING_DATE_ORDER               "date.order"
#define CF_FINDING_CATALOG_UNKNOWN          "catalog.unknown-code"
#define CF_FINDING_CATALOG_NOT_VALID        "catalog.not-valid-at-date"
#define CF_FINDING_NUMBER_INVALID           "number.invalid"
#define CF_FINDING_GRADE_INVALID            "grade.invalid"
#define CF_FINDING_GRADE_FORMAT             "grade.format"            /* warning: "8.5", "10.00" */
#define CF_FINDING_GRADE_RANGE              "grade.out-of-range"
#define CF_FINDING_GRADE_SCALE              "grade.scale"             /* min/max/passing inconsistent */
#define CF_FINDING_TOTALS_TOTAL             "totals.total"            /* warning */
#define CF_FINDING_TOTALS_ASIGNADAS         "totals.asignadas"        /* warning */
#define CF_FINDING_TOTALS_TOTAL_CREDITOS    "totals.total-creditos"   /* warning */
#define CF_FINDING_TOTALS_CREDITOS          "totals.creditos-obtenidos" /* warning */
#define CF_FINDING_TOTALS_NUMERO_CICLOS     "totals.numero-ciclos"    /* warning */
#define CF_FINDING_TOTALS_PROMEDIO          "totals.promedio"         /* error */
#define CF_FINDING_TOTALS_PROMEDIO_FORMAT   "totals.promedio-format"  /* warning: right value, wrong text */
#define CF_FINDING_TIPO_CERTIFICACION       "expedicion.tipo-certificacion"
#define CF_FINDING_SIGNER_CURP              "signer.curp-mismatch"
#define CF_FINDING_VALUE_PIPE               "value.pipe"
#define CF_FINDING_ID_ENTIDAD               "ipes.id-entidad"         /* warning */
#define CF_FINDING_DUPLICATE_SUBJECT        "asignatura.duplicate"    /* warning */

G_END_DECLS
