/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-portal-tag.h: a small "Pruebas" tag for the window's header while
 * the institution works for SEP's test portal (issue 15), so nobody takes
 * a test certificate for a real one; hidden otherwise. Follows the
 * incorporation's ::changed. */
#pragma once

#include <adwaita.h>

#include "cf-incorporation.h"

G_BEGIN_DECLS

#define CF_TYPE_INC_PORTAL_TAG (cf_inc_portal_tag_get_type ())
G_DECLARE_FINAL_TYPE (CfIncPortalTag, cf_inc_portal_tag, CF, INC_PORTAL_TAG, AdwBin)

GtkWidget       *cf_inc_portal_tag_new               (void);
/* The incorporation to follow ("incorporation"; NULL: hidden). */
void             cf_inc_portal_tag_set_incorporation (CfIncPortalTag  *self,
                                                      CfIncorporation *incorporation);

G_END_DECLS
