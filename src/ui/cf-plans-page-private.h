/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-page-private.h: what the files of the plans page share. The page
 * is one widget split by concept: the table (cf-plans-table.c), the side
 * list and the plan details (cf-plans-sidebar.c), the changes and problems
 * lists (cf-plans-review.c), the actions (cf-plans-actions.c), the import
 * flow (cf-plans-import.c), and the widget itself (cf-plans-page.c). The
 * state and the work on it live in CfPlanSession (core). */
#pragma once

#include <adwaita.h>

#include "cf-catalog.h"
#include "cf-context.h"
#include "cf-plan-diff.h"
#include "cf-plan-session.h"
#include "cf-plans-page.h"

G_BEGIN_DECLS

/* The table's "Show" drop-down, in the order of its items. */
enum
{
  SHOW_ALL,
  SHOW_CHANGED,
  SHOW_PROBLEMS,
};

struct _CfPlansPage
{
  GtkWidget            parent_instance;

  CfContext           *context;
  CfStore             *store;
  GSettings           *settings;

  CfPlanSession       *session;       /* book, diff, findings and the work on them */
  CfPlanBook          *book;          /* the session's, with the page's handlers */
  GHashTable          *problem_uids;  /* subjects with findings */
  guint                plan_uid;      /* plan on show */
  guint                focus_uid;     /* the cell to focus once built */
  int                  focus_column;
  guint                focus_tries;
  guint                focus_tick_id;
  gboolean             rebuilding_sidebar;
  GCancellable        *cancellable;   /* import */
  AdwMessageDialog    *progress_dialog;
  guint                batch_selected_uid;  /* the subject selected when a batch began */

  GListStore          *subjects;      /* CfPlanRowItem */
  GtkCustomFilter     *filter;
  GtkSingleSelection  *selection;
  GPtrArray           *type_codes;    /* char*, the subject-type catalog */
  GtkStringList       *type_names;

  /* Template */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwStatusPage       *loading_status;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *show_drop_down;
  GtkMenuButton       *changes_button;
  GtkPopover          *changes_popover;
  GtkLabel            *changes_label;
  GtkListBox          *changes_list;
  GtkButton           *export_button;
  GtkListBox          *plan_list;
  GtkLabel            *plan_title;
  GtkLabel            *plan_subtitle;
  GtkExpander         *details_expander;
  GtkBox              *details_box;
  GtkWidget           *detail_entries[CF_PLAN_N_COLUMNS];
  GtkColumnView       *column_view;
  GtkLabel            *findings_label;
  GtkLabel            *unsent_label;   /* nothing sent to SEP yet */
  GtkWidget           *findings_scroller;
  GtkListBox          *findings_list;

  /* A new plan's problems wait until its field is touched (cf-plans-problems.c). */
  GHashTable          *touched;        /* plan uid × column, see _cf_plans_page_touch() */
  gboolean             review_all;     /* "Review" asked for the whole summary */
  GtkWidget           *review_button;
  gboolean             findings_hovered;  /* rows stay put under the pointer */
  gboolean             findings_pending;
};

/* A new plan's problems, shown once touched (cf-plans-problems.c) */
void           _cf_plans_page_setup_problems (CfPlansPage *self);
void           _cf_plans_page_touch (CfPlansPage *self, CfPlanColumn column);
gboolean       _cf_plans_page_is_quiet (CfPlansPage *self, guint row, CfPlanColumn column);
void           _cf_plans_page_forget_touched (CfPlansPage *self);
char *         _cf_plans_page_catalog_choice (CfCatalogEntry *entry);
void           _cf_plans_page_review_action (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* The widget (cf-plans-page.c) */
void           _cf_plans_page_begin_batch (CfPlansPage *self);
void           _cf_plans_page_end_batch (CfPlansPage *self);
guint          _cf_plans_page_count_errors (CfPlansPage *self);
GtkWidget *    _cf_plans_page_create_two_line_row (const char *icon_name, const char *title, const char *subtitle);
CfPlanNode *   _cf_plans_page_current_plan (CfPlansPage *self);
char *         _cf_plans_page_describe_value (const char *value);
char *         _cf_plans_page_describe_counts (CfPlanDiff *diff);
GtkWidget *    _cf_plans_page_create_change_row (const CfPlanChange *change);
char *         _cf_plans_page_format_date (GDateTime *date);
void           _cf_plans_page_edit_failed (CfPlansPage *self, const GError *error);
void           _cf_plans_page_export_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_focus_search_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
gboolean       _cf_plans_page_has_errors (CfPlansPage *self);
void           _cf_plans_page_header_func (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data);
void           _cf_plans_page_import_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_load_book_async (CfPlansPage *self, CfPlanBook *import);
void           _cf_plans_page_mark_sent_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_on_change_activated_cb (CfPlansPage *self, GtkListBoxRow *row, GtkListBox *list);
void           _cf_plans_page_on_finding_activated_cb (CfPlansPage *self, GtkListBoxRow *row, GtkListBox *list);
void           _cf_plans_page_on_plan_selected_cb (CfPlansPage *self, GtkListBoxRow *row, GtkListBox *list);
void           _cf_plans_page_on_search_changed_cb (CfPlansPage *self, GtkSearchEntry *entry);
void           _cf_plans_page_on_show_changed_cb (CfPlansPage *self, GParamSpec *pspec, GtkDropDown *drop_down);
void           _cf_plans_page_plan_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_rebuild_sidebar (CfPlansPage *self);
void           _cf_plans_page_rebuild_subjects (CfPlansPage *self);
void           _cf_plans_page_remove_plan_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_reveal_uid (CfPlansPage *self, guint uid);
void           _cf_plans_page_row_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_select_plan (CfPlansPage *self, guint uid);
CfPlanNode *   _cf_plans_page_selected_subject (CfPlansPage *self);
void           _cf_plans_page_setup_details (CfPlansPage *self);
void           _cf_plans_page_setup_table (CfPlansPage *self);
void           _cf_plans_page_show_error (CfPlansPage *self, const char *heading, const GError *error);
void           _cf_plans_page_show_plan (CfPlansPage *self, guint uid);
void           _cf_plans_page_toast (CfPlansPage *self, const char *text);
void           _cf_plans_page_undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter);
void           _cf_plans_page_update_actions (CfPlansPage *self);
void           _cf_plans_page_update_changes (CfPlansPage *self);
void           _cf_plans_page_update_findings (CfPlansPage *self);
void           _cf_plans_page_update_plan_header (CfPlansPage *self);

G_END_DECLS
