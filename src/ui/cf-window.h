/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-context.h"

#include "cf-application.h"
#include "cf-signers-page.h"
#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_WINDOW (cf_window_get_type ())
G_DECLARE_FINAL_TYPE (CfWindow, cf_window, CF, WINDOW, AdwApplicationWindow)

CfWindow      *cf_window_new                (CfApplication *application,
                                             CfContext     *context);
/* The help page (Mallard id) for the section on show. */
const char    *cf_window_get_help_section   (CfWindow      *self);
void           cf_window_show_toast         (CfWindow      *self,
                                             const char    *text);
/* Shows a section by its name ("signers"). */
void           cf_window_show_section       (CfWindow      *self,
                                             const char    *name);
CfSignersPage *cf_window_get_signers_page   (CfWindow      *self);

G_END_DECLS
