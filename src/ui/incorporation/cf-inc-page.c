/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-page.h"

typedef struct
{
  CfContext            *context;
  CfIncorporation      *incorporation;
  char                 *title;
  char                 *missing;
  CfIncorporationStage  stage;
  gboolean              complete;
  gboolean              applying;
} CfIncPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (CfIncPage, cf_inc_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_INCORPORATION,
  PROP_TITLE,
  PROP_STAGE,
  PROP_COMPLETE,
  PROP_MISSING,
  PROP_APPLYING,
  N_PROPS
};

enum {
  SIGNAL_APPLY_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cf_inc_page_dispose (GObject *object)
{
  CfIncPage *self = CF_INC_PAGE (object);
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_clear_object (&priv->context);
  g_clear_object (&priv->incorporation);

  G_OBJECT_CLASS (cf_inc_page_parent_class)->dispose (object);
}

static void
cf_inc_page_finalize (GObject *object)
{
  CfIncPage *self = CF_INC_PAGE (object);
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_free (priv->title);
  g_free (priv->missing);

  G_OBJECT_CLASS (cf_inc_page_parent_class)->finalize (object);
}

static void
cf_inc_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CfIncPage *self = CF_INC_PAGE (object);
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;
    case PROP_INCORPORATION:
      g_value_set_object (value, priv->incorporation);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_STAGE:
      g_value_set_uint (value, priv->stage);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, priv->complete);
      break;
    case PROP_MISSING:
      g_value_set_string (value, priv->missing);
      break;
    case PROP_APPLYING:
      g_value_set_boolean (value, priv->applying);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CfIncPage *self = CF_INC_PAGE (object);
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;
    case PROP_INCORPORATION:
      priv->incorporation = g_value_dup_object (value);
      break;
    case PROP_TITLE:
      cf_inc_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_STAGE:
      cf_inc_page_set_stage (self, g_value_get_uint (value));
      break;
    case PROP_COMPLETE:
      cf_inc_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_MISSING:
      cf_inc_page_set_missing (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
cf_inc_page_real_apply (CfIncPage    *page,
                        GCancellable *cancellable)
{
  return FALSE;
}

static void
cf_inc_page_class_init (CfIncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cf_inc_page_dispose;
  object_class->finalize = cf_inc_page_finalize;
  object_class->get_property = cf_inc_page_get_property;
  object_class->set_property = cf_inc_page_set_property;

  klass->apply = cf_inc_page_real_apply;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCORPORATION] =
    g_param_spec_object ("incorporation", NULL, NULL, CF_TYPE_INCORPORATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_uint ("stage", NULL, NULL,
                       CF_INCORPORATION_STAGE_REGISTRO, CF_INCORPORATION_STAGE_PRODUCCION,
                       CF_INCORPORATION_STAGE_REGISTRO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSING] =
    g_param_spec_string ("missing", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPLYING] =
    g_param_spec_boolean ("applying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::apply-done (gboolean valid): an asynchronous apply ended. */
  signals[SIGNAL_APPLY_DONE] =
    g_signal_new ("apply-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
cf_inc_page_init (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  priv->stage = CF_INCORPORATION_STAGE_REGISTRO;
}

CfContext *
cf_inc_page_get_context (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), NULL);
  return priv->context;
}

CfIncorporation *
cf_inc_page_get_incorporation (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), NULL);
  return priv->incorporation;
}

CfStore *
cf_inc_page_get_store (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), NULL);
  return priv->context != NULL ? cf_context_get_store (priv->context) : NULL;
}

const char *
cf_inc_page_get_title (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), NULL);
  return priv->title;
}

void
cf_inc_page_set_title (CfIncPage  *self,
                       const char *title)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_if_fail (CF_IS_INC_PAGE (self));
  if (set_str (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

CfIncorporationStage
cf_inc_page_get_stage (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  return priv->stage;
}

void
cf_inc_page_set_stage (CfIncPage            *self,
                       CfIncorporationStage  stage)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_if_fail (CF_IS_INC_PAGE (self));
  if (priv->stage == stage)
    return;
  priv->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

gboolean
cf_inc_page_get_complete (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), FALSE);
  return priv->complete;
}

void
cf_inc_page_set_complete (CfIncPage *self,
                          gboolean   complete)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_if_fail (CF_IS_INC_PAGE (self));
  complete = !!complete;
  if (priv->complete == complete)
    return;
  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

const char *
cf_inc_page_get_missing (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), NULL);
  return priv->missing;
}

void
cf_inc_page_set_missing (CfIncPage  *self,
                         const char *missing)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_if_fail (CF_IS_INC_PAGE (self));
  if (set_str (&priv->missing, missing))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSING]);
}

gboolean
cf_inc_page_get_applying (CfIncPage *self)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  g_return_val_if_fail (CF_IS_INC_PAGE (self), FALSE);
  return priv->applying;
}

static void
set_applying (CfIncPage *self,
              gboolean   applying)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);

  if (priv->applying == applying)
    return;
  priv->applying = applying;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLYING]);
}

void
cf_inc_page_shown (CfIncPage *self)
{
  g_return_if_fail (CF_IS_INC_PAGE (self));

  if (CF_INC_PAGE_GET_CLASS (self)->shown != NULL)
    CF_INC_PAGE_GET_CLASS (self)->shown (self);
}

gboolean
cf_inc_page_apply_begin (CfIncPage    *self,
                         GCancellable *cancellable)
{
  g_return_val_if_fail (CF_IS_INC_PAGE (self), FALSE);
  g_return_val_if_fail (!cf_inc_page_get_applying (self), TRUE);

  set_applying (self, TRUE);
  if (CF_INC_PAGE_GET_CLASS (self)->apply (self, cancellable))
    return TRUE;
  set_applying (self, FALSE);
  return FALSE;
}

void
cf_inc_page_apply_complete (CfIncPage *self,
                            gboolean   valid)
{
  g_return_if_fail (CF_IS_INC_PAGE (self));

  set_applying (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_APPLY_DONE], 0, valid);
}

void
cf_inc_page_show_toast (CfIncPage  *self,
                        const char *message)
{
  GtkWidget *overlay;

  g_return_if_fail (CF_IS_INC_PAGE (self));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);   /* an error stays until read */
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
  else
    g_message ("%s", message);
}

gboolean
cf_inc_page_save_value (CfIncPage  *self,
                        const char *key,
                        const char *value)
{
  CfIncPagePrivate *priv = cf_inc_page_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CF_IS_INC_PAGE (self), FALSE);

  if (!cf_incorporation_set_value (priv->incorporation, key, value, &error))
    {
      g_autofree char *message =
        /* Translators: the store's reason. */
        g_strdup_printf (_("What you typed could not be saved: %s. Check the data folder or the server in Preferences, then type it again."),
                         error->message);

      cf_inc_page_show_toast (self, message);
      return FALSE;
    }
  return TRUE;
}
