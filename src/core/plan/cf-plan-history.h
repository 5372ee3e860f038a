/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-history.h: every ID_CARRERA and ID_ASIGNATURA sent to SEP, with
 * the career or subject it named and when it was first sent, so an ID is
 * never given to another one (cf-plan-validate checks it). Its own header,
 * so validation and versions (cf-plan-diff.h) need not include each other. */
#pragma once

#include "cf-plan.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *clave;        /* CLAVE_CARRERA / CLAVE_ASIGNATURA it was sent with */
  char *nombre;
  char *first_used;   /* the date of the first snapshot that had it, "2024-05-17" */
} CfPlanIdUse;

typedef struct _CfPlanHistory CfPlanHistory;

CfPlanHistory     *cf_plan_history_new    (void);
CfPlanHistory     *cf_plan_history_load   (CfStore        *store,
                                           GError        **error);
void               cf_plan_history_free   (CfPlanHistory  *self);
/* First use wins; @column is CF_PLAN_COL_ID_CARRERA or CF_PLAN_COL_ID_ASIGNATURA. */
void               cf_plan_history_add    (CfPlanHistory  *self,
                                           CfPlanColumn    column,
                                           const char     *id,
                                           const char     *clave,
                                           const char     *nombre,
                                           const char     *first_used);
const CfPlanIdUse *cf_plan_history_lookup (CfPlanHistory  *self,
                                           CfPlanColumn    column,
                                           const char     *id);
guint              cf_plan_history_size   (CfPlanHistory  *self);
/* The integer one above every ID_CARRERA or ID_ASIGNATURA (@column) in
 * @book and in @history (may be NULL): a new career's or subject's ID that
 * was never used. */
char              *cf_plan_next_free_id   (CfPlanBook     *book,
                                           CfPlanHistory  *history,
                                           CfPlanColumn    column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfPlanHistory, cf_plan_history_free)

G_END_DECLS
