/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the widget tests. */

#include "config.h"

#include <glib/gstdio.h>

#include "cf-ui-test-util.h"

void
cf_ui_spin_for (guint msec)
{
  gint64 end = g_get_monotonic_time () + (gint64) msec * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

void
cf_ui_spin_until_within (guint         seconds,
                         CfUiCondition condition,
                         gpointer      data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

void
cf_ui_spin_until (CfUiCondition condition,
                  gpointer      data)
{
  cf_ui_spin_until_within (30, condition, data);
}

void
cf_ui_spin_a_little (void)
{
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

void
cf_ui_wait_for_paint (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  g_assert_nonnull (native);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (native));
  g_assert_nonnull (clock);
  /* A frame lays out before it paints: after one, every widget shown so
   * far has its allocation, so a snapshot finds none without one. */
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (native));
  cf_ui_spin_until (flag_set, &painted);
  g_signal_handler_disconnect (clock, id);
}

gboolean
cf_ui_widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

GtkWidget *
cf_ui_find_widget (GtkWidget *widget,
                   GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_ui_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
cf_ui_find_plan_detail (GtkWidget    *widget,
                        CfPlanColumn  column)
{
  if ((GTK_IS_ENTRY (widget) || GTK_IS_DROP_DOWN (widget)) &&
      g_object_get_data (G_OBJECT (widget), "cf-column") != NULL &&
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "cf-column")) == (int) column)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cf_ui_find_plan_detail (child, column);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
cf_ui_find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

gboolean
cf_ui_toplevel_shown (gpointer data)
{
  return cf_ui_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
cf_ui_shown_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

void
cf_ui_save_png (GdkTexture *texture,
                const char *name)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "render-out", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

void
cf_ui_screenshot (GtkWidget  *window,
                  const char *name)
{
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  int w, h;

  cf_ui_spin_a_little ();
  cf_ui_wait_for_paint (window);
  w = gtk_widget_get_width (child);
  h = gtk_widget_get_height (child);
  g_assert_cmpint (w, >, 0);
  /* The window's own background is not the child's: paint Adwaita's. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_widget_snapshot_child (window, child, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cf_ui_save_png (texture, name);
}

CfApplication *
cf_ui_app_new (void)
{
  g_autoptr(GError) error = NULL;
  CfApplication *app = cf_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

GtkWindow *
cf_ui_app_show (CfApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  cf_ui_spin_until (cf_ui_widget_is_mapped, window);
  return window;
}
