/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-credentials-group.c: one portal's user and password to the keyring.
 *
 * The password is typed into the row and handed to the keyring at once
 * (cf_inc_credentials_store_async, which keeps its copy in secure memory);
 * the row is then emptied. Nothing here goes to the store or the logs. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-credentials-group.h"

struct _CfIncCredentialsGroup
{
  AdwPreferencesGroup  parent_instance;

  AdwEntryRow         *user_row;
  AdwEntryRow         *password_row;
  AdwActionRow        *status_row;
  GtkButton           *save_button;

  CfIncPortal          portal;
  GCancellable        *cancellable;
  gboolean             stored;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (CfIncCredentialsGroup, cf_inc_credentials_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_PORTAL,
  PROP_STORED,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (GWeakRef *ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

static void
set_busy (CfIncCredentialsGroup *self,
          gboolean               busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static const char *
other_portal (CfIncCredentialsGroup *self)
{
  return self->portal == CF_INC_PORTAL_PRUEBAS ? _("production portal") : _("test portal");
}

static void
show_stored (CfIncCredentialsGroup *self,
             const char            *user)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: %s is the portal's user name. */
  title = g_strdup_printf (_("In the keyring for “%s”"), user);
  /* Translators: %s is "production portal" or "test portal". */
  subtitle = g_strdup_printf (_("Kept in your session’s keyring, apart from the %s’s. Type them "
                                "again to replace them."), other_portal (self));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, subtitle);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
  if (!self->stored)
    {
      self->stored = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORED]);
    }
}

static void
show_error (CfIncCredentialsGroup *self,
            const char            *title,
            const GError          *error)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
}

static void
update_save (CfIncCredentialsGroup *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            !self->busy && *user != '\0' && *password != '\0');
}

static void
on_changed (CfIncCredentialsGroup *self)
{
  update_save (self);
}

static void
has_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CfIncCredentialsGroup) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  gboolean found;

  found = cf_inc_credentials_has_finish (result, &user, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    show_error (self, _("The keyring cannot be read"), error);
  else if (found)
    {
      show_stored (self, user);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Not in the keyring yet"));
      adw_action_row_set_subtitle (self->status_row,
                                   _("Type the user and password SEP sent, then save them."));
    }
  update_save (self);
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CfIncCredentialsGroup) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = cf_inc_credentials_store_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (!ok)
    show_error (self, _("Not saved"), error);
  else
    {
      g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));

      /* The keyring has it: no copy stays in the row. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      show_stored (self, user);
    }
  update_save (self);
}

static void
on_save (CfIncCredentialsGroup *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->busy || *user == '\0' || *password == '\0')
    return;
  set_busy (self, TRUE);
  update_save (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Saving in the keyring…"));
  adw_action_row_set_subtitle (self->status_row, "");
  cf_inc_credentials_store_async (self->portal, user, password, self->cancellable,
                                  store_done, weak_ref_new (self));
}

static void
cf_inc_credentials_group_constructed (GObject *object)
{
  CfIncCredentialsGroup *self = CF_INC_CREDENTIALS_GROUP (object);

  G_OBJECT_CLASS (cf_inc_credentials_group_parent_class)->constructed (object);

  set_busy (self, TRUE);
  cf_inc_credentials_has_async (self->portal, self->cancellable, has_done, weak_ref_new (self));
}

static void
cf_inc_credentials_group_dispose (GObject *object)
{
  CfIncCredentialsGroup *self = CF_INC_CREDENTIALS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_CREDENTIALS_GROUP);

  G_OBJECT_CLASS (cf_inc_credentials_group_parent_class)->dispose (object);
}

static void
cf_inc_credentials_group_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CfIncCredentialsGroup *self = CF_INC_CREDENTIALS_GROUP (object);

  switch (prop_id)
    {
    case PROP_PORTAL:
      g_value_set_uint (value, self->portal);
      break;
    case PROP_STORED:
      g_value_set_boolean (value, self->stored);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_credentials_group_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CfIncCredentialsGroup *self = CF_INC_CREDENTIALS_GROUP (object);

  switch (prop_id)
    {
    case PROP_PORTAL:
      self->portal = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_inc_credentials_group_class_init (CfIncCredentialsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_credentials_group_constructed;
  object_class->dispose = cf_inc_credentials_group_dispose;
  object_class->get_property = cf_inc_credentials_group_get_property;
  object_class->set_property = cf_inc_credentials_group_set_property;

  properties[PROP_PORTAL] =
    g_param_spec_uint ("portal", NULL, NULL, CF_INC_PORTAL_PRUEBAS, CF_INC_PORTAL_PRODUCCION,
                       CF_INC_PORTAL_PRUEBAS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORED] =
    g_param_spec_boolean ("stored", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-credentials-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncCredentialsGroup, user_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncCredentialsGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncCredentialsGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncCredentialsGroup, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
}

static void
cf_inc_credentials_group_init (CfIncCredentialsGroup *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Names the widget tests find them by. */
  gtk_widget_set_name (GTK_WIDGET (self->user_row), "portal-user");
  gtk_widget_set_name (GTK_WIDGET (self->password_row), "portal-password");
  gtk_widget_set_name (GTK_WIDGET (self->save_button), "save-credentials");
  gtk_widget_set_name (GTK_WIDGET (self->status_row), "credentials-status");
}

CfIncPortal
cf_inc_credentials_group_get_portal (CfIncCredentialsGroup *self)
{
  g_return_val_if_fail (CF_IS_INC_CREDENTIALS_GROUP (self), CF_INC_PORTAL_PRUEBAS);
  return self->portal;
}

gboolean
cf_inc_credentials_group_get_stored (CfIncCredentialsGroup *self)
{
  g_return_val_if_fail (CF_IS_INC_CREDENTIALS_GROUP (self), FALSE);
  return self->stored;
}

gboolean
cf_inc_credentials_group_get_busy (CfIncCredentialsGroup *self)
{
  g_return_val_if_fail (CF_IS_INC_CREDENTIALS_GROUP (self), FALSE);
  return self->busy;
}
