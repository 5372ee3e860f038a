/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-accessible.h"

void
cf_accessible_fix_mnemonic_buttons (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_BUTTON (widget) &&
      gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cf_accessible_fix_mnemonic_buttons (child);
}
