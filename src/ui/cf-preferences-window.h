/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_PREFERENCES_WINDOW (cf_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, CF, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Where the data is kept: @store is the one in use (nullable), @settings
 * the application's (its "store-path" is written on Apply). The new
 * location is used from the next start. */
CfPreferencesWindow *cf_preferences_window_new      (GtkWindow           *parent,
                                                     CfStore             *store,
                                                     GSettings           *settings);
/* TRUE while a connection test runs. */
gboolean             cf_preferences_window_get_busy (CfPreferencesWindow *self);
/* What the file chooser does: "This computer only", with @file. */
void                 cf_preferences_window_set_file (CfPreferencesWindow *self,
                                                     GFile               *file);

G_END_DECLS
