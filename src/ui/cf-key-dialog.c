/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-credential.h"
#include "cf-key-dialog.h"
#include "cf-keyring.h"

struct _CfKeyDialog
{
  AdwWindow             parent_instance;

  CfCertificate        *certificate;
  CfKeyDialogMode       mode;
  GBytes               *key_data;             /* still encrypted, as SAT issued it */
  char                 *remembered_password;  /* from the keyring; wiped */
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

/* What the worker thread needs; the password is a private copy. */
typedef struct
{
  CfCertificate   *certificate;
  GBytes          *key_data;
  char            *password;
  CfKeyDialogMode  mode;
  gboolean         remember;
} RunData;

typedef struct
{
  gboolean  paired;       /* key opens with the password and is the certificate's */
  GError   *error;        /* why it does not pair */
  GError   *sign_error;   /* paired, but cannot sign now (expired...) */
  gboolean  stored;
  GError   *store_error;
} RunResult;

static void
run_data_free (gpointer pointer)
{
  RunData *data = pointer;

  g_clear_object (&data->certificate);
  g_clear_pointer (&data->key_data, g_bytes_unref);
  g_clear_pointer (&data->password, cf_secret_free);
  g_free (data);
}

static void
run_result_free (gpointer pointer)
{
  RunResult *result = pointer;

  g_clear_error (&result->error);
  g_clear_error (&result->sign_error);
  g_clear_error (&result->store_error);
  g_free (result);
}

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
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  RunResult *result = g_new0 (RunResult, 1);
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  /* PBKDF2 on SAT keys takes a noticeable moment: off the main thread. */
  credential = cf_credential_new_from_bytes (data->certificate, data->key_data, data->password, &error);
  if (credential != NULL)
    {
      /* The pair itself is right; the dates only say whether it signs today. */
      result->paired = TRUE;
      cf_credential_check_can_sign_on (credential, NULL, &result->sign_error);
    }
  else
    result->error = g_steal_pointer (&error);

  /* The opened key is wiped as soon as it is not needed. */
  g_clear_object (&credential);

  if (result->paired && data->mode == CF_KEY_DIALOG_STORE &&
      !g_cancellable_is_cancelled (cancellable))
    {
      if (cf_keyring_store_key (cf_certificate_get_number (data->certificate),
                                cf_certificate_get_rfc (data->certificate),
                                data->key_data,
                                data->remember ? data->password : NULL,
                                cancellable, &error))
        result->stored = TRUE;
      else
        result->store_error = g_steal_pointer (&error);
    }

  g_task_return_pointer (task, result, run_result_free);
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  CfKeyDialog *self = CF_KEY_DIALOG (source);
  RunResult *result;
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  result = g_task_propagate_pointer (G_TASK (res), NULL);
  if (result == NULL)
    return;
  if (g_task_had_error (G_TASK (res)) || g_cancellable_is_cancelled (self->cancellable))
    {
      run_result_free (result);
      return;
    }

  self->busy = FALSE;

  if (!result->paired)
    {
      text = g_strdup (result->error->message);
      show_result (self, "dialog-error-symbolic", "error", text);
      if (g_error_matches (result->error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_WRONG_PASSWORD) &&
          self->remembered_password != NULL)
        {
          /* The remembered password is stale: let the person type it. */
          g_clear_pointer (&self->remembered_password, cf_secret_free);
        }
    }
  else if (self->mode == CF_KEY_DIALOG_VERIFY)
    {
      if (result->sign_error == NULL)
        {
          ok = TRUE;
          text = g_strdup (_("The key and password pair with this certificate, and it can sign."));
          show_result (self, "emblem-ok-symbolic", "success", text);
        }
      else
        {
          text = g_strdup_printf (_("The key and password pair with this certificate, but it cannot sign now: %s"),
                                  result->sign_error->message);
          show_result (self, "dialog-warning-symbolic", "warning", text);
        }
    }
  else if (result->stored)
    {
      ok = TRUE;
      if (gtk_check_button_get_active (self->remember_check))
        text = g_strdup (_("The key and its password are kept in the keyring."));
      else
        text = g_strdup (_("The key is kept in the keyring; its password will be asked each time."));
      show_result (self, "emblem-ok-symbolic", "success", text);
    }
  else
    {
      if (g_error_matches (result->store_error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE))
        text = g_strdup_printf ("%s %s", result->store_error->message,
                                _("You can still use the key by choosing the .key file each time."));
      else
        text = g_strdup (result->store_error->message);
      show_result (self, "dialog-error-symbolic", "error", text);
    }

  update_state (self);
  g_signal_emit (self, signals[FINISHED], 0, ok, text);

  if (result->stored)
    {
      g_signal_emit (self, signals[KEYRING_CHANGED], 0);
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (!result->paired)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));

  run_result_free (result);
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

CfKeyDialog *
cf_key_dialog_new (GtkWindow       *parent,
                   CfCertificate   *certificate,
                   CfKeyDialogMode  mode)
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
  self->remembered_password = g_strdup (password);

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
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (CF_IS_KEY_DIALOG (self));

  if (!can_run (self))
    return;

  data = g_new0 (RunData, 1);
  data->certificate = g_object_ref (self->certificate);
  data->key_data = g_bytes_ref (self->key_data);
  data->password = self->remembered_password != NULL
                   ? g_strdup (self->remembered_password)
                   : g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  data->mode = self->mode;
  data->remember = gtk_check_button_get_active (self->remember_check);

  self->busy = TRUE;
  gtk_widget_set_visible (self->result_box, FALSE);
  update_state (self);

  task = g_task_new (self, self->cancellable, on_run_done_cb, NULL);
  g_task_set_source_tag (task, cf_key_dialog_run);
  g_task_set_task_data (task, data, run_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
cf_key_dialog_get_busy (CfKeyDialog *self)
{
  g_return_val_if_fail (CF_IS_KEY_DIALOG (self), FALSE);

  return self->busy;
}
