/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the widget tests: the main loop run until something
 * holds, widgets found in a tree, the application started for a test. */
#pragma once

#include <adwaita.h>

#include "cf-application.h"
#include "cf-plan.h"

G_BEGIN_DECLS

typedef gboolean (*CfUiCondition) (gpointer data);

/* Runs the main loop for @msec milliseconds. */
void        cf_ui_spin_for          (guint msec);
/* Runs the main loop until @condition holds; fails after 30 s. */
void        cf_ui_spin_until        (CfUiCondition condition,
                                     gpointer      data);
/* The same, failing after @seconds. */
void        cf_ui_spin_until_within (guint         seconds,
                                     CfUiCondition condition,
                                     gpointer      data);
/* Runs what is pending, 50 times over 100 ms or more. */
void        cf_ui_spin_a_little     (void);
/* Until @widget's window has laid out and painted one frame. */
void        cf_ui_wait_for_paint    (GtkWidget *widget);

/* Conditions: @data is a GtkWidget; a GType (GSIZE_TO_POINTER). */
gboolean    cf_ui_widget_is_mapped  (gpointer data);
gboolean    cf_ui_toplevel_shown    (gpointer data);

/* The first widget of @type under @widget (itself included), or NULL. */
GtkWidget  *cf_ui_find_widget       (GtkWidget *widget,
                                     GType      type);
/* The plans page's detail field (entry or drop-down) for @column. */
GtkWidget  *cf_ui_find_plan_detail  (GtkWidget    *widget,
                                     CfPlanColumn  column);
/* The first visible toplevel of @type, or NULL. */
GtkWindow  *cf_ui_find_toplevel     (GType type);
/* Every visible label's text under @widget, one per line. */
char       *cf_ui_shown_text        (GtkWidget *widget);
/* Saves @texture as render-out/@name in the build folder (a screenshot). */
void        cf_ui_save_png          (GdkTexture *texture,
                                     const char *name);
/* @window's content as drawn, on Adwaita's window background, saved as
 * render-out/@name: once a frame is painted (cf_ui_wait_for_paint()), so
 * every widget has its size. */
void        cf_ui_screenshot        (GtkWidget  *window,
                                     const char *name);

/* A new application (not unique), registered; its store is what
 * CERTIFICA_STORE names. */
CfApplication *cf_ui_app_new        (void);
/* Activates @app and waits for its window to be mapped. */
GtkWindow  *cf_ui_app_show          (CfApplication *app);

G_END_DECLS
