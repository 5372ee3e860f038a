/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-oficios-page.h: wizard page 7, "Oficios" (issue 15): one letter
 * per campus naming its signer, drawn from the values entered; each
 * campus's words editable (saved as typed, campus.i.oficio); a preview of
 * every letter; "Guardar como PDF…" and "Imprimir…" (the signed originals
 * go to DGAIR on paper). */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_OFICIOS_PAGE (cf_inc_oficios_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncOficiosPage, cf_inc_oficios_page, CF, INC_OFICIOS_PAGE, CfIncPage)

GtkWidget *cf_inc_oficios_page_new (CfContext       *context,
                                    CfIncorporation *incorporation);

G_END_DECLS
