/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-private.h: what the XML reader needs beyond the public model API. */
#pragma once

#include "cf-dec.h"

G_BEGIN_DECLS

/* Sets a SEP field (Dreoe / SepIpes); only the reader does this. */
void _cf_dec_set_sep_field (CfDec      *self,
                            CfDecField  field,
                            const char *value);
/* Set a value, taking ownership of @value (the reader's allocation),
 * SEP fields included. */
void _cf_dec_take_field  (CfDec             *self,
                          CfDecField         field,
                          char              *value);
void _cf_asignatura_take (CfAsignatura      *self,
                          CfAsignaturaField  field,
                          char              *value);
/* A subject whose values (@values[i] of @lengths[i] bytes, NULL when
 * absent, CF_ASIGNATURA_N_FIELDS of each) are copied into the same block
 * as the struct: one allocation per subject for the reader. It behaves as
 * any other; setting a field later allocates as usual. */
CfAsignatura *_cf_asignatura_new_packed (const char * const *values,
                                         const gsize        *lengths);
/* Marks the Dreoe / SepIpes node present (it may have no attribute). */
void _cf_dec_set_has_dreoe    (CfDec    *self,
                               gboolean  has);
void _cf_dec_set_has_sep_ipes (CfDec    *self,
                               gboolean  has);

G_END_DECLS
