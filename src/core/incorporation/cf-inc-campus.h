/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-campus.h: each campus of the incorporation with its signer as the
 * letters, the Registro de Institución workbook and the package need them
 * (issue 15): the campus's values (campus.i.*) joined with the signer's
 * certificate and Responsable values from the store. */
#pragma once

#include "cf-efirma.h"
#include "cf-incorporation.h"
#include "cf-signer-repo.h"

G_BEGIN_DECLS

/* Campus values besides id_campus, nombre, entidad, signer (the signer's
 * certificate number): */
#define CF_INC_CAMPUS_SIGNER_EMAIL "signer_email"   /* the signer's e-mail */
#define CF_INC_CAMPUS_OFICIO       "oficio"         /* the letter's own text */

typedef struct
{
  guint                index;          /* 1… */
  char                *id_campus;      /* "" when not entered, never NULL */
  char                *nombre;
  char                *entidad;        /* the state's code */
  char                *signer_number;  /* "" when no signer was chosen */
  CfCertificate       *certificate;    /* NULL: none chosen or not in the store */
  CfSignerResponsable *responsable;    /* NULL likewise */
  char                *signer_name;    /* "NOMBRE PRIMER SEGUNDO", or "" */
  char                *signer_curp;    /* or "" */
  char                *signer_cargo;   /* the idCargo's description, or "" */
  char                *signer_email;   /* entered, else the certificate's, or "" */
  char                *oficio_body;    /* "" for the standard text */
} CfIncCampus;

void         cf_inc_campus_free  (CfIncCampus      *campus);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncCampus, cf_inc_campus_free)

/* (element-type CfIncCampus) every campus 1…n. @store may be NULL (no
 * signer data then); a signer not in the store is left without one, what
 * the missing lists say. */
GPtrArray   *cf_inc_campus_list  (CfIncorporation  *incorporation,
                                  CfStore          *store,
                                  GError          **error);

G_END_DECLS
