/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-row-item.h: one subject of the plans editor's table.
 *
 * The item holds only the subject's uid (cf_plan_node_get_uid()): the
 * values live in the CfPlanBook, and a node comes back with the same uid
 * after undo. "revision" is bumped whenever what the row shows may have
 * changed (a value, the diff, the findings), so bound cells redraw. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CF_TYPE_PLAN_ROW_ITEM (cf_plan_row_item_get_type ())
G_DECLARE_FINAL_TYPE (CfPlanRowItem, cf_plan_row_item, CF, PLAN_ROW_ITEM, GObject)

CfPlanRowItem *cf_plan_row_item_new          (guint          uid);
guint          cf_plan_row_item_get_uid      (CfPlanRowItem *self);
guint          cf_plan_row_item_get_revision (CfPlanRowItem *self);
/* Another subject on the same row of the table (another plan shown): the
 * bound cells show it, no widget is built again. */
void           cf_plan_row_item_set_uid      (CfPlanRowItem *self,
                                              guint          uid);
/* Tells the bound cells to show the row again. */
void           cf_plan_row_item_changed      (CfPlanRowItem *self);

G_END_DECLS
