/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 gives a button with a mnemonic the accessible name
 * "_Add Signer… Add Signer…" (its raw label, then its label widget's
 * text). Resetting the raw label leaves the clean text. Fixes the buttons
 * of @widget's tree now, and from the first call on every button the
 * application maps later (pages built after their window, dialogs), also
 * when its label changes. The same hook puts a menu button's tooltip away
 * while its menu is open (it would cover the first items). */
void  cf_accessible_fix_mnemonic_buttons (GtkWidget *widget);

G_END_DECLS
