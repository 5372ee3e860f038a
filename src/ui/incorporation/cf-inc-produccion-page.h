/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-produccion-page.h: step 12 of the incorporation wizard, "Portal
 * productivo" (issue 15): the date of the registration in SEP's production
 * portal (stage 5 waiting from then, SEP's answer due 15 business days
 * later), the production credentials in the keyring apart from the test
 * ones, and "En producción", which marks the stage done. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PRODUCCION_PAGE (cf_inc_produccion_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncProduccionPage, cf_inc_produccion_page, CF, INC_PRODUCCION_PAGE, CfIncPage)

CfIncPage  *cf_inc_produccion_page_new   (CfContext       *context,
                                          CfIncorporation *incorporation);

G_END_DECLS
