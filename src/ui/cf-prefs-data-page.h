/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_PREFS_DATA_PAGE (cf_prefs_data_page_get_type ())
G_DECLARE_FINAL_TYPE (CfPrefsDataPage, cf_prefs_data_page, CF, PREFS_DATA_PAGE, AdwPreferencesPage)

/* Preferences → Data: @store is the one in use (nullable), @settings the
 * application's (its "store-path" is written on Apply, used from the next
 * start); the catalog and trust folders below. Actions: prefs.test,
 * prefs.apply. */
GtkWidget *cf_prefs_data_page_new      (CfStore         *store,
                                        GSettings       *settings);
/* TRUE while a connection test runs ("busy"). */
gboolean   cf_prefs_data_page_get_busy (CfPrefsDataPage *self);
/* What the file chooser does: "This computer only", with @file. */
void       cf_prefs_data_page_set_file (CfPrefsDataPage *self,
                                        GFile           *file);
/* The window closes: a running test stops, a typed password is forgotten. */
void       cf_prefs_data_page_close    (CfPrefsDataPage *self);

G_END_DECLS
