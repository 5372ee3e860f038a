/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-institution-page.h: wizard page 2, "Institución" (issue 15): the
 * institution's name, its DGP key (any 5–6 digits: SEP's catalog is not
 * public as a file), the contact (enlace) and the e-mail; ID_MEC once SEP
 * gives it. Each value saved as typed, its problem shown beside it. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_INSTITUTION_PAGE (cf_inc_institution_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncInstitutionPage, cf_inc_institution_page, CF, INC_INSTITUTION_PAGE, CfIncPage)

GtkWidget *cf_inc_institution_page_new (CfContext       *context,
                                        CfIncorporation *incorporation);

G_END_DECLS
