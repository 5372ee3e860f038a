/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cf-store.h"

G_BEGIN_DECLS

#define CF_TYPE_PREFERENCES_WINDOW (cf_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CfPreferencesWindow, cf_preferences_window, CF, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Preferences: @store is the one in use (nullable: then only the Data
 * page), @settings the application's. */
CfPreferencesWindow *cf_preferences_window_new      (GtkWindow           *parent,
                                                     CfStore             *store,
                                                     GSettings           *settings);
/* TRUE while the Data page tests a connection ("busy"). */
gboolean             cf_preferences_window_get_busy (CfPreferencesWindow *self);
/* What the Data page's file chooser does: "This computer only", with @file. */
void                 cf_preferences_window_set_file (CfPreferencesWindow *self,
                                                     GFile               *file);
/* Offers to restart now, so that a new data location is used (app.restart). */
void                 cf_preferences_window_ask_restart (CfPreferencesWindow *self);
/* The page named "institution", "certificate" or "data" (NULL when not
 * shown: the first two need a store). */
GtkWidget           *cf_preferences_window_get_page (CfPreferencesWindow *self,
                                                     const char          *name);

G_END_DECLS
