/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-accessible.h"

static GQuark watched_quark;

static void
reset_raw_label (GtkWidget *button)
{
  if (gtk_button_get_use_underline (GTK_BUTTON (button)) &&
      gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* GTK sets the raw label again whenever the label changes. */
static void
fix_button (GtkWidget *button)
{
  reset_raw_label (button);
  if (g_object_get_qdata (G_OBJECT (button), watched_quark) == NULL)
    {
      g_object_set_qdata (G_OBJECT (button), watched_quark, GINT_TO_POINTER (1));
      g_signal_connect (button, "notify::label", G_CALLBACK (reset_raw_label), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (reset_raw_label), NULL);
    }
}

/* Every button the application maps, wherever and whenever it was built
 * (pages made after their window, dialogs, rows): one hook for all. */
static gboolean
on_map_hook (GSignalInvocationHint *hint,
             guint                  n_param_values,
             const GValue          *param_values,
             gpointer               user_data)
{
  GObject *widget = g_value_get_object (&param_values[0]);

  if (GTK_IS_BUTTON (widget))
    fix_button (GTK_WIDGET (widget));
  return TRUE;
}

static void
install_hook (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      watched_quark = g_quark_from_static_string ("cf-accessible-watched");
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

void
cf_accessible_fix_mnemonic_buttons (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  install_hook ();
  if (GTK_IS_BUTTON (widget))
    fix_button (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cf_accessible_fix_mnemonic_buttons (child);
}
