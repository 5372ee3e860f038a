/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-dec-gen.h: realistic random Dec 3.0 documents for tests and the bench.
 *
 * The same seed always gives the same document. Documents are consistent
 * with the rules of section 5 (total, asignadas, créditos, promedio truncated,
 * numeroCiclos, TOTAL/PARCIAL), use codes from the bundled catalogs and CURPs
 * with a correct check digit, and are not sealed. Names carry accents and
 * "ñ", some second surnames are empty, some subjects are "AC" or
 * COMPLEMENTARIA. */
#pragma once

#include "cf-dec.h"

G_BEGIN_DECLS

typedef enum
{
  CF_DEC_GEN_DEFAULT = 0,
  /* Irregular whitespace inside values (leading/trailing blanks, double
   * spaces, tabs, CR/LF in names): the cadena must normalise them. About
   * half the documents of a seed range get some. */
  CF_DEC_GEN_MESSY   = 1 << 0,
} CfDecGenFlags;

/* @n_subjects 0 = a random count in 1..120. cf_dec_gen_new() uses
 * CF_DEC_GEN_MESSY (what the cadena tests want); the bench and the sealing
 * tests can ask for CF_DEC_GEN_DEFAULT. Either way the document passes the
 * schema and the semantic rules with their defaults. */
CfDec *cf_dec_gen_new      (guint32       seed,
                            guint         n_subjects);
CfDec *cf_dec_gen_new_full (guint32       seed,
                            guint         n_subjects,
                            CfDecGenFlags flags);

/* A CURP with a correct check digit for the given parts (used by the
 * generator; handy for tests that need a specific signer CURP). @sex is
 * 'H' or 'M', @state a RENAPO state code ("DF", "JC"…). */
char  *cf_dec_gen_curp     (const char   *first_surname,
                            const char   *second_surname,
                            const char   *name,
                            const GDate  *birth,
                            char          sex,
                            const char   *state,
                            guint32       seed);

G_END_DECLS
