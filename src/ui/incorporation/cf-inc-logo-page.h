/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-logo-page.h: wizard page 5, "Logotipo" (issue 15): the image the
 * user chooses is copied into the store (logo.original; the file itself
 * is only read) and every rule of the logo specification (cf-logo-rules,
 * data/logo/reglas-logo.ini) is shown passing or failing with the measured
 * and the expected value. "Crear copia conforme" makes a compliant copy,
 * shown beside the original; the logo that passes is the one sent to SEP
 * (logo) and the institution's logo everywhere else. */
#pragma once

#include "cf-inc-page.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_LOGO_PAGE (cf_inc_logo_page_get_type ())
G_DECLARE_FINAL_TYPE (CfIncLogoPage, cf_inc_logo_page, CF, INC_LOGO_PAGE, CfIncPage)

GtkWidget *cf_inc_logo_page_new         (CfContext       *context,
                                         CfIncorporation *incorporation);
/* What the file chooser calls (and tests): copies @file into the store
 * and checks it. */
void       cf_inc_logo_page_open_file   (CfIncLogoPage   *self,
                                         GFile           *file);
/* "Crear copia conforme". */
void       cf_inc_logo_page_make_copy   (CfIncLogoPage   *self);
/* Checking or making a copy in a worker. */
gboolean   cf_inc_logo_page_get_busy    (CfIncLogoPage   *self);

G_END_DECLS
