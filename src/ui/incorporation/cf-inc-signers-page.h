/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-signers-page.h: wizard page 4, "Responsables de firma" (issue
 * 15): one signer per campus, chosen from Firmantes or added here from a
 * .cer (an e.firma, not a CSD, valid today and for 30 more days; warned
 * under 90; its CURP shown), with the position (idCargo) and an e-mail.
 * The same person may sign for several campuses. The choice is the
 * campus's "signer" (the certificate number) and "signer_email"; the
 * position is the signer's Responsable value, where Firmantes keeps it. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_SIGNERS_PAGE (cf_inc_signers_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncSignersPage, cf_inc_signers_page, CF, INC_SIGNERS_PAGE, CfIncPage)

GtkWidget *cf_inc_signers_page_new     (CfContext        *context,
                                        CfIncorporation  *incorporation);
/* What "Añadir desde un .cer…" does with the file chosen: TRUE when it
 * was added (and given to the first campus without a signer); FALSE with
 * the reason shown on the page. */
gboolean   cf_inc_signers_page_add_cer (CfIncSignersPage *self,
                                        GFile            *file);

G_END_DECLS
