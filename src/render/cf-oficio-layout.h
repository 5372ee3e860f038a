/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-oficio-layout.h: the letter (oficio) to DGAIR that names, for each
 * campus, the person responsible for signing electronic certificates
 * (domain reference, section 2, step 1). The onboarding wizard fills a
 * CfOficioData; this draws one letter per campus, each starting on a new
 * letter-size page: letterhead with logo, place and date, addressee,
 * body naming the signer, signature block. */
#pragma once

#include "cf-renderable.h"

G_BEGIN_DECLS

/* Defaults for the addressee when the data leave them empty. */
#define CF_OFICIO_DEFAULT_ADDRESSEE_POSITION "Director General de Acreditación, Incorporación y Revalidación"
#define CF_OFICIO_DEFAULT_ADDRESSEE_ORGANIZATION "Secretaría de Educación Pública"
#define CF_OFICIO_DEFAULT_SUBJECT "Designación del responsable de firma electrónica de certificados"

typedef struct
{
  char *campus_name;       /* "ÚNICO" when there is only one campus */
  char *campus_id;         /* DGP key, "090101" */
  char *signer_name;
  char *signer_curp;
  char *signer_position;
  char *signer_email;
  /* The letter's own words before the signer's data, in place of the
   * standard paragraph (cf_oficio_dup_default_body()); paragraphs are
   * split at blank lines. NULL or "": the standard one. */
  char *body;
} CfOficioCampus;

typedef struct
{
  char       *logo_path;              /* an image; NULL or unreadable = no logo */
  char       *institution_name;
  char       *institution_id;         /* DGP institution key */
  char       *address;                /* a line under the letterhead; optional */
  char       *place;                  /* "Ciudad de México" */
  GDate       date;                   /* invalid = today */
  char       *reference;              /* the letter's own number; optional */
  char       *addressee_name;         /* optional */
  char       *addressee_position;     /* optional: CF_OFICIO_DEFAULT_ADDRESSEE_POSITION */
  char       *addressee_organization; /* optional: CF_OFICIO_DEFAULT_ADDRESSEE_ORGANIZATION */
  char       *subject;                /* optional: CF_OFICIO_DEFAULT_SUBJECT */
  char       *signatory_name;         /* who signs the letter (rector, legal representative) */
  char       *signatory_position;
  GPtrArray  *campuses;               /* CfOficioCampus, owned */
  GStrv       cc;                     /* "c.c.p." lines; optional */
} CfOficioData;

CfOficioData   *cf_oficio_data_new        (void);
CfOficioData   *cf_oficio_data_copy       (const CfOficioData *data);
void            cf_oficio_data_free       (CfOficioData       *data);
/* Appends a campus (copies the strings; NULL is kept as empty). */
CfOficioCampus *cf_oficio_data_add_campus (CfOficioData       *data,
                                           const char         *campus_name,
                                           const char         *campus_id,
                                           const char         *signer_name,
                                           const char         *signer_curp,
                                           const char         *signer_position,
                                           const char         *signer_email);

/* The standard paragraph before @campus's signer, what an empty body
 * draws: the text a user starts editing from. */
char           *cf_oficio_dup_default_body (const CfOficioData   *data,
                                            const CfOficioCampus *campus);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfOficioData, cf_oficio_data_free)

#define CF_TYPE_OFICIO_LAYOUT (cf_oficio_layout_get_type ())
G_DECLARE_FINAL_TYPE (CfOficioLayout, cf_oficio_layout, CF, OFICIO_LAYOUT, GObject)

/* Copies @data. Laid out on first use, in the calling thread. */
CfOficioLayout     *cf_oficio_layout_new           (const CfOficioData *data);
/* Like cf_certificate_layout_get_warnings(). (transfer none) */
const char * const *cf_oficio_layout_get_warnings  (CfOficioLayout     *self);

G_END_DECLS
