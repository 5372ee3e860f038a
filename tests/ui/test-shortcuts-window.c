/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The keyboard shortcuts window (issue 12, item 8), opened as the menu
 * does: every GtkShortcutsShortcut shows keys; one named by an action
 * shows exactly the accelerators the application installed for it
 * (gtk_application_get_accels_for_action), every accelerator the
 * application installed is listed, and the plans' and preview's keys are
 * those their widgets bind (their class shortcut controllers). */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "cf-application.h"
#include "cf-plans-page.h"
#include "cf-preview-view.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

static CfApplication *app;

typedef struct
{
  guint           keyval;
  GdkModifierType modifiers;
  char           *action;
} Binding;

static void
binding_free (Binding *binding)
{
  g_free (binding->action);
  g_free (binding);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_one (GtkWidget *root,
          GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

/* The key bindings a widget's class installed (its class shortcut
 * controller), as keyval, modifiers and action name. */
static void
add_class_bindings (GtkWidget *widget,
                    GPtrArray *bindings)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          Binding *binding;

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
            continue;
          binding = g_new0 (Binding, 1);
          binding->keyval = gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)));
          binding->modifiers = gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger));
          binding->action = g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
          g_ptr_array_add (bindings, binding);
        }
    }
}

static void
test_shortcuts_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkShortcutsWindow *overlay;
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GPtrArray) bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) binding_free);
  g_autoptr(GHashTable) listed_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) covered_bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) installed = NULL;
  g_auto(GStrv) help_keys = NULL;

  /* The menu's item, and Ctrl+? (GtkApplication's own accelerator). */
  help_keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (help_keys[0], ==, "<Control>question");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  cf_ui_spin_until (cf_ui_widget_is_mapped, GTK_WIDGET (overlay));

  add_class_bindings (find_one (GTK_WIDGET (window), CF_TYPE_PLANS_PAGE), bindings);
  add_class_bindings (find_one (GTK_WIDGET (window), CF_TYPE_PREVIEW_VIEW), bindings);
  g_assert_cmpuint (bindings->len, >, 0);

  collect (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  g_assert_cmpuint (shortcuts->len, >=, 10);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action_name = NULL;
      g_auto(GStrv) keys = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i),
                    "title", &title, "accelerator", &accelerator, "action-name", &action_name, NULL);
      g_test_message ("%s: %s (%s)", title, accelerator, action_name != NULL ? action_name : "widget");
      /* Every line shows keys. */
      g_assert_nonnull (accelerator);
      g_assert_cmpstr (accelerator, !=, "");

      if (action_name != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action_name);
          g_autofree char *expected = g_strjoinv (" ", accels);

          g_assert_cmpstr (accelerator, ==, expected);
          g_hash_table_add (listed_actions, g_strdup (action_name));
          continue;
        }

      /* A widget's key: one its class binds. */
      keys = g_strsplit (accelerator, " ", -1);
      for (guint k = 0; keys[k] != NULL; k++)
        {
          guint keyval = 0;
          GdkModifierType modifiers = 0;
          gboolean bound = FALSE;

          g_assert_true (gtk_accelerator_parse (keys[k], &keyval, &modifiers));
          keyval = gdk_keyval_to_lower (keyval);
          for (guint b = 0; b < bindings->len; b++)
            {
              Binding *binding = g_ptr_array_index (bindings, b);

              if (binding->keyval == keyval && binding->modifiers == modifiers)
                {
                  bound = TRUE;
                  g_hash_table_add (covered_bindings, g_strdup (binding->action));
                }
            }
          if (!bound)
            g_error ("“%s” shows %s, which no widget binds", title, keys[k]);
        }
    }

  /* Every accelerator the application installed is listed... */
  installed = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; installed[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), installed[i]);

      if (accels[0] == NULL)
        continue;
      if (!g_hash_table_contains (listed_actions, installed[i]))
        g_error ("The shortcuts window does not list %s (%s)", installed[i], accels[0]);
    }
  /* ...and every action the plans and the preview bind a key to. */
  for (guint b = 0; b < bindings->len; b++)
    {
      Binding *binding = g_ptr_array_index (bindings, b);

      if (!g_hash_table_contains (covered_bindings, binding->action))
        g_error ("The shortcuts window does not list %s", binding->action);
    }

  gtk_window_close (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *store = NULL;
  GtkWindow *window;
  int status;

  g_setenv ("GTK_A11Y", "none", FALSE);
  dir = cf_test_mkdtemp ();
  store = g_build_filename (dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", store, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = cf_ui_app_new ();
  window = cf_ui_app_show (app);

  g_test_add_func ("/ui/shortcuts-window", test_shortcuts_window);
  status = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&app);
  cf_test_rmdir (dir);
  return status;
}
