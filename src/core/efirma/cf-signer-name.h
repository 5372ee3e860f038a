/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-signer-name.h: a signer's name as Ipes/Responsable carries it
 * (nombre, primerApellido, segundoApellido), taken from the full name SAT
 * writes in the e.firma's subject ("NOMBRE(S) APELLIDO1 APELLIDO2", in
 * capitals). Pure functions. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Splits @full_name (blanks trimmed and collapsed; case kept) into given
 * names and two surnames: the last word is the second surname and the one
 * before it the first, each taking the particles in front of it ("DE LA
 * CRUZ", "DEL RIO", "VAN DER BERG", "SAN ROMAN") and an "Y" that joins two
 * words ("ORTEGA Y GASSET"). When that leaves no given name, the name has
 * one surname ("JOSE DEL RIO" → JOSE, DEL RIO, ""); a single word is a given
 * name alone. Every out value is set, "" when there is none. */
void   cf_signer_name_split     (const char  *full_name,
                                 char       **nombre,
                                 char       **primer_apellido,
                                 char       **segundo_apellido);

/* @text trimmed, blanks collapsed and in capitals, as the XML keeps names. */
char  *cf_signer_name_normalize (const char  *text);

G_END_DECLS
