/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-credential.h"
#include "cf-key-dialog.h"
#include "cf-keyring.h"
#include "cf-signer-status.h"

struct _CfKeyDialog
{
  AdwWindow             parent_instance;

  CfCertificate        *certificate;
  CfKeyDialogMode       mode;
  GBytes               *key_data;             /* still encrypted, as SAT issued it */
  char                 *remembered_password;  /* from the keyring; secure memory, wiped */
  char                 *password;             /* of the run under way; secure memory, wiped */
  gboolean              remember;             /* of the run under way */
  guint                 warning_days;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              busy;

  AdwWindowTitle       *window_title;
  GtkStack             *run_stack;
  GtkButton            *run_button;
  GtkSpinner           *spinner;
  GtkLabel             *intro_label;
  GtkWidget            *notice_box;
  GtkLabel             *notice_label;
  GtkWidget            *expiry_box;
  GtkLabel             *expiry_label;
  AdwActionRow         *key_row;
  GtkWidget            *choose_button;
  AdwPasswordEntryRow  *password_row;
  GtkWidget            *remember_row;
  GtkCheckButton       *remember_check;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
};

G_DEFINE_FINAL_TYPE (CfKeyDialog, cf_key_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  KEYRING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
can_run (CfKeyDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return !self->busy &&
         self->key_data != NULL &&
         (self->remembered_password != NULL || typed[0] != '\0');
}

static void
update_state (CfKeyDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->run_button), can_run (self));
  gtk_stack_set_visible_child_name (self->run_stack, self->busy ? "spinner" : "button");
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_sensitive (self->choose_button, !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), self->remembered_password == NULL);
}

static void
show_result (CfKeyDialog *self,
             const char  *icon_name,
             const char  *css_class,
             const char  *text)
{
  gtk_widget_remove_css_class (self->result_box, "success");
  gtk_widget_remove_css_class (self->result_box, "warning");
  gtk_widget_remove_css_class (self->result_box, "error");
  gtk_widget_add_css_class (self->result_box, css_class);
  gtk_image_set_from_icon_name (self->result_icon, icon_name);
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_visible (self->result_box, TRUE);
}

static void
forget_secrets (CfKeyDialog *self)
{
  g_clear_pointer (&self->remembered_password, cf_secret_free);
  g_clear_pointer (&self->password, cf_secret_free);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

/* The end of a run: @ok and @text for the "finished" signal. */
static void
finish_run (CfKeyDialog *self,
            gboolean     ok,
            const char  *text)
{
  g_clear_pointer (&self->password, cf_secret_free);
  self->busy = FALSE;
  update_state (self);
  g_signal_emit (self, signals[FINISHED], 0, ok, text);
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfKeyDialog) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean stored;

  g_weak_ref_clear (ref);
  g_free (ref);
  stored = cf_keyring_store_key_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stored)
    {
      if (self->remember)
        text = g_strdup (_("The private key and its password are kept in the keyring."));
      else
        text = g_strdup (_("The private key is kept in the keyring; its password will be asked each time."));
      show_result (self, "emblem-ok-symbolic", "success", text);
    }
  else
    {
      if (g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE))
        text = g_strdup_printf ("%s %s", error->message,
                                _("You can still use the private key by choosing the .key file each time."));
      else
        text = g_strdup (error->message);
      show_result (self, "dialog-error-symbolic", "error", text);
    }

  finish_run (self, stored, text);
  if (stored)
    {
      g_signal_emit (self, signals[KEYRING_CHANGED], 0);
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfKeyDialog) self = g_weak_ref_get (ref);
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) sign_error = NULL;
  g_autofree char *text = NULL;

  credential = cf_credential_new_from_bytes_finish (result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_weak_ref_clear (ref);
      g_free (ref);
      return;
    }

  if (credential == NULL)
    {
      g_weak_ref_clear (ref);
      g_free (ref);
      show_result (self, "dialog-error-symbolic", "error", error->message);
      /* A remembered password that no longer opens the key: let the person type it. */
      if (g_error_matches (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD))
        g_clear_pointer (&self->remembered_password, cf_secret_free);
      finish_run (self, FALSE, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  /* The pair itself is right; the dates only say whether it signs today.
   * The opened key is wiped as soon as it is not needed. */
  cf_credential_check_can_sign_on (credential, NULL, &sign_error);
  g_clear_object (&credential);

  if (self->mode == CF_KEY_DIALOG_STORE)
    {
      /* The key as SAT issued it, still encrypted; the password only when
       * it is to be remembered. The keyring takes its own copy. */
      cf_keyring_store_key_async (cf_certificate_get_number (self->certificate),
                                  cf_certificate_get_rfc (self->certificate),
                                  self->key_data,
                                  self->remember ? self->password : NULL,
                                  self->cancellable, on_stored_cb, ref);
      g_clear_pointer (&self->password, cf_secret_free);
      return;
    }

  g_weak_ref_clear (ref);
  g_free (ref);
  if (sign_error == NULL)
    {
      text = g_strdup (_("The private key and its password pair with this certificate, and it can sign."));
      show_result (self, "emblem-ok-symbolic", "success", text);
      finish_run (self, TRUE, text);
    }
  else
    {
      text = g_strdup_printf (_("The private key and its password pair with this certificate, but it cannot sign now. %s"),
                              sign_error->message);
      show_result (self, "dialog-warning-symbolic", "warning", text);
      finish_run (self, FALSE, text);
    }
}

static void
on_run_clicked_cb (CfKeyDialog *self,
                   GtkButton   *button)
{
  cf_key_dialog_run (self);
}

static void
on_password_changed_cb (CfKeyDialog *self,
                        GtkEditable *editable)
{
  gtk_widget_set_visible (self->result_box, FALSE);
  update_state (self);
}

static void
on_password_activated_cb (CfKeyDialog *self,
                          AdwEntryRow *row)
{
  cf_key_dialog_run (self);
}

static void
on_chooser_response_cb (CfKeyDialog          *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (cf_key_dialog_set_key_file (self, file))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }

  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (CfKeyDialog *self,
                      GtkButton   *button)
{
  g_autoptr(GtkFileFilter) keys = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (keys, _("Private keys (.key)"));
  gtk_file_filter_add_suffix (keys, "key");
  gtk_file_filter_add_suffix (keys, "pem");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose the Private Key"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), keys);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
cf_key_dialog_close_request (GtkWindow *window)
{
  CfKeyDialog *self = CF_KEY_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  forget_secrets (self);

  return GTK_WINDOW_CLASS (cf_key_dialog_parent_class)->close_request (window);
}

static void
cf_key_dialog_dispose (GObject *object)
{
  CfKeyDialog *self = CF_KEY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->remembered_password, cf_secret_free);
  g_clear_pointer (&self->password, cf_secret_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_KEY_DIALOG);

  G_OBJECT_CLASS (cf_key_dialog_parent_class)->dispose (object);
}

static void
cf_key_dialog_finalize (GObject *object)
{
  CfKeyDialog *self = CF_KEY_DIALOG (object);

  g_clear_object (&self->certificate);
  g_clear_pointer (&self->key_data, g_bytes_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cf_key_dialog_parent_class)->finalize (object);
}

static void
cf_key_dialog_class_init (CfKeyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cf_key_dialog_dispose;
  object_class->finalize = cf_key_dialog_finalize;
  window_class->close_request = cf_key_dialog_close_request;

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[KEYRING_CHANGED] =
    g_signal_new ("keyring-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, run_stack);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, run_button);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, notice_box);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, expiry_box);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, expiry_label);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, remember_row);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, remember_check);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, result_icon);
  gtk_widget_class_bind_template_child (widget_class, CfKeyDialog, result_label);
  gtk_widget_class_bind_template_callback (widget_class, on_run_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated_cb);

  /* A dialog closes with Escape, as GTK's own do. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cf_key_dialog_init (CfKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Before a key is kept: an e.firma that has expired, or soon will, is
 * said so while there is still time not to. */
static void
update_expiry_warning (CfKeyDialog *self)
{
  GDateTime *not_before = cf_certificate_get_not_before (self->certificate);
  GDateTime *not_after = cf_certificate_get_not_after (self->certificate);
  g_autofree char *date = cf_signer_format_date (not_after);
  g_autofree char *text = NULL;
  int days_left = 0;

  if (self->mode == CF_KEY_DIALOG_STORE)
    switch (cf_signer_validity_from_dates (not_before, not_after, NULL, self->warning_days, &days_left))
      {
      case CF_SIGNER_VALIDITY_EXPIRED:
        text = g_strdup_printf (_("This e.firma expired on %s: it can no longer seal certificates "
                                  "issued after that day. Keep its private key only if you still "
                                  "need it for earlier ones."),
                                date);
        break;
      case CF_SIGNER_VALIDITY_EXPIRING:
        if (days_left == 0)
          text = g_strdup_printf (_("This e.firma expires today, %s: ask the signer to renew it with "
                                    "SAT, then add the new certificate and keep its private key."),
                                  date);
        else
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "This e.firma expires in %d day, on %s: ask the signer to "
                                               "renew it with SAT, then add the new certificate and keep "
                                               "its private key.",
                                               "This e.firma expires in %d days, on %s: ask the signer to "
                                               "renew it with SAT, then add the new certificate and keep "
                                               "its private key.",
                                               days_left),
                                  days_left, date);
        break;
      case CF_SIGNER_VALIDITY_VALID:
      case CF_SIGNER_VALIDITY_NOT_YET_VALID:
      default:
        break;
      }

  gtk_label_set_label (self->expiry_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->expiry_box, text != NULL);
}

CfKeyDialog *
cf_key_dialog_new (GtkWindow       *parent,
                   CfCertificate   *certificate,
                   CfKeyDialogMode  mode,
                   guint            warning_days)
{
  CfKeyDialog *self;
  const char *name;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (CF_TYPE_KEY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->certificate = g_object_ref (certificate);
  self->mode = mode;
  self->warning_days = warning_days;
  name = cf_certificate_get_name (certificate);

  adw_window_title_set_subtitle (self->window_title, name);
  adw_action_row_set_subtitle (self->key_row, _("No file chosen"));

  if (mode == CF_KEY_DIALOG_VERIFY)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Verify Key"));
      adw_window_title_set_title (self->window_title, _("Verify Key"));
      gtk_button_set_label (self->run_button, _("_Verify"));
      intro = g_strdup_printf (_("Checks that a private key and its password belong to the e.firma of %s, and that it can sign today."),
                               name);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Keep Key in Keyring"));
      adw_window_title_set_title (self->window_title, _("Keep Key in Keyring"));
      gtk_button_set_label (self->run_button, _("_Keep in Keyring"));
      intro = g_strdup_printf (_("The key is checked against the e.firma of %s, then kept in your keyring still encrypted, as SAT issued it."),
                               name);
      gtk_widget_set_visible (self->remember_row, TRUE);
    }
  gtk_label_set_label (self->intro_label, intro);
  update_expiry_warning (self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

  update_state (self);
  gtk_widget_grab_focus (self->choose_button);

  return self;
}

CfKeyDialogMode
cf_key_dialog_get_mode (CfKeyDialog *self)
{
  g_return_val_if_fail (CF_IS_KEY_DIALOG (self), CF_KEY_DIALOG_VERIFY);

  return self->mode;
}

void
cf_key_dialog_set_keyring_key (CfKeyDialog *self,
                               GBytes      *key_data,
                               const char  *password)
{
  g_return_if_fail (CF_IS_KEY_DIALOG (self));
  g_return_if_fail (key_data != NULL);

  g_clear_pointer (&self->key_data, g_bytes_unref);
  self->key_data = g_bytes_ref (key_data);
  g_clear_pointer (&self->remembered_password, cf_secret_free);
  self->remembered_password = cf_secret_dup (password);

  adw_action_row_set_subtitle (self->key_row,
                               password != NULL
                               ? _("From the keyring, with its remembered password")
                               : _("From the keyring"));
  update_state (self);

  if (self->remembered_password != NULL)
    cf_key_dialog_run (self);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

gboolean
cf_key_dialog_set_key_file (CfKeyDialog *self,
                            GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  gsize length = 0;

  g_return_val_if_fail (CF_IS_KEY_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  basename = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not read “%s”: %s"), basename, error->message);

      show_result (self, "dialog-error-symbolic", "error", text);
      return FALSE;
    }

  g_clear_pointer (&self->key_data, g_bytes_unref);
  self->key_data = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* A chosen file comes with a typed password, never the remembered one. */
  g_clear_pointer (&self->remembered_password, cf_secret_free);
  adw_action_row_set_subtitle (self->key_row, basename);
  gtk_widget_set_visible (self->result_box, FALSE);
  update_state (self);

  return TRUE;
}

void
cf_key_dialog_set_notice (CfKeyDialog *self,
                          const char  *text)
{
  g_return_if_fail (CF_IS_KEY_DIALOG (self));

  gtk_label_set_label (self->notice_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->notice_box, text != NULL && text[0] != '\0');
}

void
cf_key_dialog_run (CfKeyDialog *self)
{
  GWeakRef *ref;

  g_return_if_fail (CF_IS_KEY_DIALOG (self));

  if (!can_run (self))
    return;

  /* From the entry (or the keyring) straight into secure memory; the
   * entry's own text is wiped at once. */
  g_clear_pointer (&self->password, cf_secret_free);
  if (self->remembered_password != NULL)
    self->password = cf_secret_dup (self->remembered_password);
  else
    {
      self->password = cf_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }
  self->remember = gtk_check_button_get_active (self->remember_check);

  self->busy = TRUE;
  gtk_widget_set_visible (self->result_box, FALSE);
  update_state (self);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  cf_credential_new_from_bytes_async (self->certificate, self->key_data, self->password,
                                      self->cancellable, on_opened_cb, ref);
}

gboolean
cf_key_dialog_get_busy (CfKeyDialog *self)
{
  g_return_val_if_fail (CF_IS_KEY_DIALOG (self), FALSE);

  return self->busy;
}
