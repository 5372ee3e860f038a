/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hand-built Dec 3.0 document whose every value can be checked on paper,
 * for the validation, sealing and CLI tests. */
#pragma once

#include "cf-dec.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id, *ciclo, *grade, *tipo, *credits, *observaciones;
} CfTestSubject;

/* Responsable PELM800101MDFRPR01 (check digit right), student
 * GOMC850312HDFNRR09, issued 2023-07-10, PARCIAL, five subjects:
 * total 4 (one COMPLEMENTARIA), asignadas 4, creditosObtenidos 24.00,
 * totalCreditos 300.00, promedio 9.16 (truncated), numeroCiclos 3. */
CfDec *cf_test_dec_new      (void);
/* The same header with other subjects (the totals are not recomputed). */
CfDec *cf_test_dec_new_with (const CfTestSubject *subjects,
                             guint                n);

G_END_DECLS
