/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CF_TYPE_PREFS_CERTIFICATE_PAGE (cf_prefs_certificate_page_get_type ())
G_DECLARE_FINAL_TYPE (CfPrefsCertificatePage, cf_prefs_certificate_page, CF, PREFS_CERTIFICATE_PAGE, AdwPreferencesPage)

/* Preferences → Printed Certificate: the QR's validation-url-pattern of
 * @settings, with the address it makes for an example certificate. */
GtkWidget *cf_prefs_certificate_page_new (GSettings *settings);

/* The example's address for @pattern, or NULL when @pattern is not an
 * http(s) address. */
char      *cf_prefs_certificate_example_url (const char *pattern);

G_END_DECLS
