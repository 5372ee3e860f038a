/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-context.c: the store, the settings and the plans' session together. */

#include "config.h"

#include "cf-context.h"

#define DEFAULT_EXPIRY_WARNING_DAYS 30
#define DEFAULT_VALIDATION_URL_PATTERN "https://www.siged.sep.gob.mx/certificados/ipes/{folioDigital}"

struct _CfContext
{
  GObject        parent_instance;

  CfStore       *store;
  GSettings     *settings;
  CfPlanSession *plan_session;
};

G_DEFINE_FINAL_TYPE (CfContext, cf_context, G_TYPE_OBJECT)

static void
cf_context_dispose (GObject *object)
{
  CfContext *self = CF_CONTEXT (object);

  g_clear_object (&self->plan_session);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cf_context_parent_class)->dispose (object);
}

static void
cf_context_class_init (CfContextClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cf_context_dispose;
}

static void
cf_context_init (CfContext *self)
{
}

CfContext *
cf_context_new (CfStore   *store,
                GSettings *settings)
{
  CfContext *self;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CF_TYPE_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  return self;
}

CfStore *
cf_context_get_store (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
cf_context_get_settings (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);
  return self->settings;
}

CfPlanSession *
cf_context_get_plan_session (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->plan_session == NULL)
    self->plan_session = cf_plan_session_new (self->store);
  return self->plan_session;
}

guint
cf_context_get_expiry_warning_days (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), DEFAULT_EXPIRY_WARNING_DAYS);

  if (self->settings == NULL)
    return DEFAULT_EXPIRY_WARNING_DAYS;
  return g_settings_get_uint (self->settings, "expiry-warning-days");
}

char *
cf_context_dup_validation_url_pattern (CfContext *self)
{
  g_return_val_if_fail (CF_IS_CONTEXT (self), NULL);

  if (self->settings == NULL)
    return g_strdup (DEFAULT_VALIDATION_URL_PATTERN);
  return g_settings_get_string (self->settings, "validation-url-pattern");
}
