/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-plan-row-item.h"

struct _CfPlanRowItem
{
  GObject  parent_instance;

  guint    uid;
  guint    revision;
};

G_DEFINE_FINAL_TYPE (CfPlanRowItem, cf_plan_row_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UID,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cf_plan_row_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CfPlanRowItem *self = CF_PLAN_ROW_ITEM (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_uint (value, self->uid);
      break;
    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_plan_row_item_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CfPlanRowItem *self = CF_PLAN_ROW_ITEM (object);

  switch (prop_id)
    {
    case PROP_UID:
      self->uid = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_plan_row_item_class_init (CfPlanRowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cf_plan_row_item_get_property;
  object_class->set_property = cf_plan_row_item_set_property;

  properties[PROP_UID] =
    g_param_spec_uint ("uid", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_plan_row_item_init (CfPlanRowItem *self)
{
}

CfPlanRowItem *
cf_plan_row_item_new (guint uid)
{
  return g_object_new (CF_TYPE_PLAN_ROW_ITEM, "uid", uid, NULL);
}

guint
cf_plan_row_item_get_uid (CfPlanRowItem *self)
{
  g_return_val_if_fail (CF_IS_PLAN_ROW_ITEM (self), 0);

  return self->uid;
}

guint
cf_plan_row_item_get_revision (CfPlanRowItem *self)
{
  g_return_val_if_fail (CF_IS_PLAN_ROW_ITEM (self), 0);

  return self->revision;
}

void
cf_plan_row_item_changed (CfPlanRowItem *self)
{
  g_return_if_fail (CF_IS_PLAN_ROW_ITEM (self));

  self->revision++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

void
cf_plan_row_item_set_uid (CfPlanRowItem *self,
                          guint          uid)
{
  g_return_if_fail (CF_IS_PLAN_ROW_ITEM (self));

  if (self->uid == uid)
    return;
  self->uid = uid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UID]);
  cf_plan_row_item_changed (self);
}
