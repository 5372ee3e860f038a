/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-campus-page.h: wizard page 3, "Campus" (issue 15): one or more
 * campuses, each with its DGP key, its name (ÚNICO proposed while there is
 * only one) and its state from the idEntidadFederativa catalog; campuses
 * added and removed here. Saved as typed. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_CAMPUS_PAGE (cf_inc_campus_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncCampusPage, cf_inc_campus_page, CF, INC_CAMPUS_PAGE, CfIncPage)

GtkWidget *cf_inc_campus_page_new        (CfContext       *context,
                                          CfIncorporation *incorporation);
/* Adds an empty campus, as "Añadir campus" does. */
void       cf_inc_campus_page_add_campus (CfIncCampusPage *self);

G_END_DECLS
