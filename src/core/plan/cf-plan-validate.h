/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-validate.h: what SEP's MEC would trip over in the Programa de
 * Estudios, as CfFindings (cf-finding.h).
 *
 * Each finding's path names the spreadsheet row and column:
 * "/Programa/Fila[12]/@CLAVE_PLAN" (rows as in the full export, header on
 * row 1, or as in the imported file with CF_PLAN_VALIDATE_SOURCE_ROWS). A
 * value owned by a plan (or a career...) is reported once, on the first row
 * of that plan. Codes (stable): plan.required, plan.id-not-integer,
 * plan.not-digits, plan.not-integer, plan.not-number, plan.duplicate-id,
 * plan.duplicate-plan, plan.id-reused, plan.bad-date, plan.future-date,
 * plan.rvoe-format, plan.unknown-code, plan.grading-scale,
 * plan.total-subjects, plan.total-credits, plan.withdrawn, plan.bad-status,
 * plan.key-two-names, plan.empty. */
#pragma once

#include "cf-finding.h"
#include "cf-plan.h"
#include "cf-plan-history.h"

G_BEGIN_DECLS

typedef enum
{
  CF_PLAN_VALIDATE_NONE = 0,
  /* Number rows as in the file the book was imported from. */
  CF_PLAN_VALIDATE_SOURCE_ROWS = 1 << 0,
} CfPlanValidateFlags;

/* (element-type CfFinding) (transfer full), in row order. @history may be
 * NULL (no ID has been sent yet). Withdrawn plans are only checked for IDs
 * (an ID stays taken) and reported as not exported. */
GPtrArray *cf_plan_validate            (CfPlanBook          *book,
                                        CfPlanHistory       *history,
                                        CfPlanValidateFlags  flags);

/* "/Programa/Fila[12]/@CLAVE_PLAN"; @row 0 = no row ("/Programa/@CLAVE_PLAN"). */
char      *cf_plan_finding_path        (guint                row,
                                        CfPlanColumn         column);
/* The row (0 when none) and column a finding points at. */
gboolean   cf_plan_finding_parse_path  (const char          *path,
                                        guint               *row,
                                        CfPlanColumn        *column);

/* The RVOE number: digits, or ACUERDO / DECRETO followed by a number. */
gboolean   cf_plan_rvoe_is_valid       (const char          *rvoe);

G_END_DECLS
