/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_PREFS_INSTITUTION_PAGE (cf_prefs_institution_page_get_type ())
G_DECLARE_FINAL_TYPE (CfPrefsInstitutionPage, cf_prefs_institution_page, CF, PREFS_INSTITUTION_PAGE, AdwPreferencesPage)

/* Preferences → Institution: name, keys and logo in @store
 * (cf-institution-repo.h). */
GtkWidget *cf_prefs_institution_page_new           (CfStore                *store);
/* What the file chooser does: @file is read once, checked with the
 * certificate's own logo loader, and its bytes kept in the store in the
 * background ("busy" is TRUE until then; a store error is shown as a
 * toast). FALSE with @error (a sentence for people) when it is not a
 * usable logo. */
gboolean   cf_prefs_institution_page_set_logo_file (CfPrefsInstitutionPage *self,
                                                    GFile                  *file,
                                                    GError                **error);

G_END_DECLS
