/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CF_TYPE_PREFS_FOLDERS_GROUP (cf_prefs_folders_group_get_type ())
G_DECLARE_FINAL_TYPE (CfPrefsFoldersGroup, cf_prefs_folders_group, CF, PREFS_FOLDERS_GROUP, AdwPreferencesGroup)

/* The user's trust folder, $XDG_DATA_HOME/certifica/trust (cf-trust.h). */
char *cf_prefs_folders_dup_trust_dir (void);

G_END_DECLS
