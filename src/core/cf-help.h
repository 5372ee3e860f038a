/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-help.h: which address opens the help. No GTK.
 *
 * With a help viewer (Yelp: something handles help: addresses) it is
 * "help:APP_ID/SECTION". Without one, the HTML pages built at build time
 * with yelp-build (DATADIR/help/LANG/APP_ID/html/SECTION.html), in the
 * first of the user's languages that has them, as a file:// address for
 * the web browser. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @languages: as g_get_language_names() gives them ("es_MX.UTF-8",
 * "es_MX", "es", "C"); @help_root: the folder with one folder per
 * language. NULL when there is no viewer and no HTML page either. */
char *cf_help_dup_uri (const char         *app_id,
                       const char         *section,
                       gboolean            has_viewer,
                       const char         *help_root,
                       const char * const *languages);

G_END_DECLS
