/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-person-name.h: a student's name as the printed page shows it.
 *
 * School systems hold names in capitals ("MARIA DEL CARMEN", "NUNEZ"); the
 * XML keeps them so, as SEP expects, while the printed certificate shows
 * "María del Carmen Núñez". The conversion follows Spanish usage:
 *  - particles (de, del, la, las, los, y, van, von) in lower case when a
 *    word follows them ("José de la Cruz"; van der, von); a given name never
 *    starts with one in lower case;
 *  - accents, ñ and ü the input carries are kept; words without any are
 *    looked up in a list of common names (data/names/acentos.txt in the core
 *    resources, plus $XDG_DATA_HOME/certifica/nombres.txt, which adds and
 *    overrides): RAMIREZ → Ramírez;
 *  - Mc prefixes (MCDONALD → McDonald; Mac names come from the list),
 *    apostrophes (O'BRIEN → O'Brien) and hyphens (PEREZ-TEJADA → Pérez-Tejada).
 * Pure functions; the list is read once and cached (thread safe). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CF_PERSON_NAME_FULL,      /* given names then surnames, one string */
  CF_PERSON_NAME_GIVEN,     /* Alumno/@nombre: a leading particle is capitalised */
  CF_PERSON_NAME_SURNAME,   /* an apellido: "DE LA CRUZ" → "de la Cruz" */
} CfPersonNamePart;

/* cf_person_name_to_display_part (@upper, CF_PERSON_NAME_FULL, NULL). */
char  *cf_person_name_to_display      (const char        *upper);

/* The display form of @upper (any case; blanks trimmed and collapsed).
 * @out_from_list (optional) receives the words, as displayed, whose spelling
 * came from the list and differs from plain capitalisation ("José",
 * "Núñez"): what the registrar should review. Never NULL when asked for. */
char  *cf_person_name_to_display_part (const char        *upper,
                                       CfPersonNamePart   part,
                                       GStrv             *out_from_list);

/* $XDG_DATA_HOME/certifica/nombres.txt: the user's additions. */
char  *cf_person_name_dup_user_file   (void);

/* Forgets the cached list so the next call reads the files again (after
 * the user edits theirs, and in tests). Not safe while another thread
 * converts a name. */
void   cf_person_name_reload          (void);

G_END_DECLS
