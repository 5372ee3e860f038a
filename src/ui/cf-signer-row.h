/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "cf-efirma.h"
#include "cf-signer-repo.h"
#include "cf-trust.h"

G_BEGIN_DECLS

/* Where the signer's private key is, as far as the keyring says. */
typedef enum
{
  CF_SIGNER_KEY_CHECKING,
  CF_SIGNER_KEY_ABSENT,
  CF_SIGNER_KEY_STORED,                 /* the .key, the password is asked */
  CF_SIGNER_KEY_STORED_WITH_PASSWORD,
  CF_SIGNER_KEY_NO_KEYRING,             /* no keyring service answered */
} CfSignerKeyState;

#define CF_TYPE_SIGNER_ROW (cf_signer_row_get_type ())
G_DECLARE_FINAL_TYPE (CfSignerRow, cf_signer_row, CF, SIGNER_ROW, GtkListBoxRow)

/* The row's actions (row.edit-responsable, row.verify-key, row.store-key,
 * row.forget-key, row.remove) activate the page's signers.* action of the same name with
 * the certificate number as parameter. */
GtkWidget        *cf_signer_row_new              (CfCertificate    *certificate,
                                                  guint             warning_days);
CfCertificate    *cf_signer_row_get_certificate  (CfSignerRow      *self);
void              cf_signer_row_set_warning_days (CfSignerRow      *self,
                                                  guint             warning_days);
CfSignerKeyState  cf_signer_row_get_key_state    (CfSignerRow      *self);
void              cf_signer_row_set_key_state    (CfSignerRow      *self,
                                                  CfSignerKeyState  state);
/* Who issued the certificate (cf_trust_verify()): a SAT test certificate
 * gets a warning, one nobody trusted issued an error (@reason as tooltip). */
void              cf_signer_row_set_trust        (CfSignerRow      *self,
                                                  CfTrustResult     result,
                                                  const char       *reason);

/* What Ipes/Responsable will carry (NULL: not known yet; the edit action
 * is off until it is). @known_campuses and @campus_names name the
 * campuses (either may be NULL). */
void              cf_signer_row_set_responsable  (CfSignerRow               *self,
                                                  const CfSignerResponsable *responsable,
                                                  const char * const        *known_campuses,
                                                  const char * const        *campus_names);
const CfSignerResponsable *cf_signer_row_get_responsable (CfSignerRow      *self);

G_END_DECLS
