/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-accessible.h"

static GQuark watched_quark;
static GQuark tooltip_quark;

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

/* A menu button's tooltip stays up over the menu it has just opened and
 * hides its first items: the tooltip is put away while the menu is open
 * and given back when it closes. Done from an idle: changing a tooltip
 * inside a map or unmap emission makes GTK query it while the surfaces are
 * half torn down. */
static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static gboolean
sync_menu_tooltip (gpointer data)
{
  g_autoptr(GtkWidget) button = g_weak_ref_get (data);
  GtkPopover *popover;
  gboolean open;

  if (button == NULL)
    return G_SOURCE_REMOVE;
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  open = popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
  if (open && gtk_widget_get_tooltip_text (button) != NULL)
    {
      g_object_set_qdata_full (G_OBJECT (button), tooltip_quark,
                               g_strdup (gtk_widget_get_tooltip_text (button)), g_free);
      gtk_widget_set_tooltip_text (button, NULL);
    }
  else if (!open && g_object_get_qdata (G_OBJECT (button), tooltip_quark) != NULL)
    {
      g_autofree char *text = g_object_steal_qdata (G_OBJECT (button), tooltip_quark);

      gtk_widget_set_tooltip_text (button, text);
    }
  return G_SOURCE_REMOVE;
}

static void
quiet_menu_button (GtkWidget *popover)
{
  GtkWidget *button = gtk_widget_get_parent (popover);
  GWeakRef *ref;

  if (button == NULL || !GTK_IS_MENU_BUTTON (button))
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, button);
  g_idle_add_full (G_PRIORITY_DEFAULT, sync_menu_tooltip, ref, free_weak_ref);
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
  else if (GTK_IS_POPOVER (widget))
    quiet_menu_button (GTK_WIDGET (widget));
  return TRUE;
}

static gboolean
on_unmap_hook (GSignalInvocationHint *hint,
               guint                  n_param_values,
               const GValue          *param_values,
               gpointer               user_data)
{
  GObject *widget = g_value_get_object (&param_values[0]);

  if (GTK_IS_POPOVER (widget))
    quiet_menu_button (GTK_WIDGET (widget));
  return TRUE;
}

static void
install_hook (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      watched_quark = g_quark_from_static_string ("cf-accessible-watched");
      tooltip_quark = g_quark_from_static_string ("cf-accessible-menu-tooltip");
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_hook, NULL, NULL);
      g_signal_add_emission_hook (g_signal_lookup ("unmap", GTK_TYPE_WIDGET), 0, on_unmap_hook, NULL, NULL);
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
