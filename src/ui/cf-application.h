/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_APPLICATION (cf_application_get_type ())
G_DECLARE_FINAL_TYPE (CfApplication, cf_application, CF, APPLICATION, AdwApplication)

CfApplication *cf_application_new                    (void);
/* The store opened at start-up, or NULL when it could not be opened. */
CfStore       *cf_application_get_store             (CfApplication *self);
/* TRUE after app.restart: main() starts Certifica again once it returns. */
gboolean       cf_application_get_restart_requested (CfApplication *self);

G_END_DECLS
