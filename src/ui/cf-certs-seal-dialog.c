/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal-dialog.c: who seals, the preview before sealing, the batch. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-cert-pdf.h"
#include "cf-certs-page-private.h"
#include "cf-certs-seal.h"
#include "cf-certs-seal-dialog-private.h"
#include "cf-certs-workspace.h"
#include "cf-credential.h"
#include "cf-keyring.h"
#include "cf-preview-view.h"
#include "cf-sealer.h"


G_DEFINE_FINAL_TYPE (CfCertsSealDialog, cf_certs_seal_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEALED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

void
_cf_certs_seal_dialog_set_busy (CfCertsSealDialog *self,
                                gboolean           busy)
{
  if (busy)
    self->busy++;
  else
    self->busy--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static CfCertsSigner *
chosen_signer (CfCertsSealDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->signer_row);

  if (self->signers == NULL || selected >= self->signers->len)
    return NULL;
  return g_ptr_array_index (self->signers, selected);
}

static void
forget_key (CfCertsSealDialog *self)
{
  g_clear_pointer (&self->key_data, g_bytes_unref);
  g_clear_pointer (&self->password, cf_secret_free);
  g_clear_object (&self->sealer);
  self->key_from_file = FALSE;
}

void
_cf_certs_seal_dialog_update_next (CfCertsSealDialog *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->stack);
  gboolean can = FALSE;

  if (g_strcmp0 (step, "signer") == 0)
    can = self->busy == 0 && chosen_signer (self) != NULL && self->key_data != NULL &&
          (self->password != NULL || *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0');
  else if (g_strcmp0 (step, "preview") == 0)
    can = self->busy == 0 && self->sealer != NULL && self->plan != NULL && self->plan->ids->len > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), can);
}

static void
show_key_state (CfCertsSealDialog *self,
                const char        *text,
                gboolean           ask_file,
                gboolean           ask_password)
{
  adw_preferences_group_set_description (self->key_group, text);
  gtk_widget_set_visible (GTK_WIDGET (self->key_file_row), ask_file);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), ask_password);
  _cf_certs_seal_dialog_update_next (self);
}

char *
_cf_certs_seal_dialog_row_label (CfCertsSealDialog *self,
                                 gint64             id)
{
  for (guint i = 0; self->plan != NULL && i < self->plan->rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (self->plan->rows, i);

      if (row->id == id)
        {
          g_autofree char *nombre = NULL;
          g_autofree char *primer = NULL;
          g_autofree char *segundo = NULL;
          g_autofree char *name = NULL;

          cf_cert_item_printed_name (row->student, &nombre, &primer, &segundo);
          name = g_strstrip (g_strjoin (" ", nombre, primer, segundo, NULL));
          return g_strdup_printf ("%s (%s)", name, row->student->matricula);
        }
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static void
show_message (CfCertsSealDialog *self,
              const char        *heading,
              const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Step 1: who seals, and the key                                      */
/* ------------------------------------------------------------------ */

static void
on_key_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *password = NULL;
  GBytes *key;
  CfCertsSealDialog *self;

  key = cf_keyring_lookup_key_finish (result, &password, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);

  if (key != NULL)
    {
      self->key_data = key;
      self->password = password;
      if (password != NULL)
        show_key_state (self, _("The key and its password are in your keyring, where the Signers page kept them."),
                        FALSE, FALSE);
      else
        show_key_state (self, _("The key is in your keyring; its password was not remembered. Type it to seal."),
                        FALSE, TRUE);
      gtk_widget_grab_focus (password != NULL ? GTK_WIDGET (self->next_button) : GTK_WIDGET (self->password_row));
      return;
    }

  if (g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NO_SERVICE))
    show_key_state (self, _("There is no keyring service in this session. Choose the signer's .key file: it is used for this session only and never kept."),
                    TRUE, FALSE);
  else if (g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND))
    show_key_state (self, _("This signer's key is not in your keyring (the Signers page keeps it there). Choose the .key file for this session only."),
                    TRUE, FALSE);
  else if (g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_LOCKED))
    show_key_state (self, _("The keyring stayed locked. Choose the signer again to be asked to unlock it, or choose the .key file for this session only."),
                    TRUE, FALSE);
  else
    {
      g_autofree char *text = g_strdup_printf (_("The keyring could not be read (%s). Choose the .key file for this session only."),
                                               error->message);

      show_key_state (self, text, TRUE, FALSE);
    }
}

static void
look_up_key (CfCertsSealDialog *self)
{
  CfCertsSigner *signer = chosen_signer (self);

  forget_key (self);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (signer == NULL)
    {
      show_key_state (self, "", FALSE, FALSE);
      return;
    }
  show_key_state (self, _("Looking for the key in your keyring…"), FALSE, FALSE);
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_keyring_lookup_key_async (cf_certificate_get_number (signer->certificate), TRUE,
                               self->cancellable, on_key_found_cb, self);
}

static void
on_signer_selected_cb (CfCertsSealDialog *self)
{
  if (self->signers != NULL)
    look_up_key (self);
}

static void
on_password_changed_cb (CfCertsSealDialog *self)
{
  _cf_certs_seal_dialog_update_next (self);
}

static void
on_key_file_chosen_cb (GtkNativeDialog   *dialog,
                       int                response,
                       CfCertsSealDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;
      GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

      if (bytes == NULL)
        show_key_state (self, error->message, TRUE, FALSE);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Key file %s, for this session only. Type its password."), name);

          forget_key (self);
          self->key_data = bytes;
          self->key_from_file = TRUE;
          show_key_state (self, text, TRUE, TRUE);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_choose_key_clicked_cb (CfCertsSealDialog *self)
{
  g_autoptr(GtkFileFilter) keys = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Private Key"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (keys, _("Private keys (.key)"));
  gtk_file_filter_add_suffix (keys, "key");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), keys);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_key_file_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_signers_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *signers;
  CfCertsSealDialog *self;

  signers = cf_certs_workspace_list_signers_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (signers == NULL)
    {
      show_key_state (self, error->message, FALSE, FALSE);
      return;
    }

  self->signers = signers;
  for (guint i = 0; i < signers->len; i++)
    {
      CfCertsSigner *signer = g_ptr_array_index (signers, i);
      /* Translators: a signer's name and e.firma number */
      g_autofree char *name = g_strdup_printf (_("%s, e.firma %s"), cf_certificate_get_name (signer->certificate),
                                               cf_certificate_get_number (signer->certificate));

      gtk_string_list_append (self->signer_names, name);
    }
  if (signers->len == 0)
    {
      show_key_state (self, _("No signer signs for this campus. Add the e.firma on the Signers page (and its campuses) first."),
                      FALSE, FALSE);
      return;
    }
  adw_combo_row_set_selected (self->signer_row, 0);
  look_up_key (self);
}

static void
on_plan_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CfCertsSealPlan *plan;
  CfCertsSealDialog *self;
  g_autofree char *description = NULL;

  plan = cf_certs_workspace_plan_seal_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (plan == NULL)
    {
      show_key_state (self, error->message, FALSE, FALSE);
      return;
    }
  self->plan = plan;
  if (plan->ids->len == 0)
    {
      show_key_state (self, _("No certificate is ready to seal: check them, then correct what the problems say."),
                      FALSE, FALSE);
      return;
    }

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate to seal",
                                              "%u certificates to seal", plan->ids->len),
                                 plan->ids->len);
  adw_preferences_group_set_description (self->signer_group, description);
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_certs_workspace_list_signers_async (self->store,
                                         ((CfCertRow *) g_ptr_array_index (plan->rows, 0))->student->id_campus,
                                         self->cancellable, on_signers_read_cb, self);
}

/* ------------------------------------------------------------------ */
/* Step 2: the preview before sealing                                  */
/* ------------------------------------------------------------------ */

static void
on_preview_built_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfDec) dec = NULL;
  g_autofree char *name = NULL;
  CfCertsSealDialog *self;

  dec = cf_certs_workspace_build_finish (CF_STORE (source), result, &name, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (dec == NULL)
    {
      show_message (self, _("Could Not Build the Certificate"), error->message);
      return;
    }
  cf_preview_view_set_student_name (self->preview, name);
  cf_preview_view_set_dec (self->preview, dec);
  _cf_certs_seal_dialog_update_next (self);
}

static void
on_logo_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *pattern = NULL;
  CfCertsSealDialog *self;

  logo = cf_context_dup_logo_path_finish (CF_CONTEXT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (error != NULL)
    g_debug ("sealing: no logo for the PDFs: %s", error->message);
  pattern = cf_context_dup_validation_url_pattern (self->context);
  g_clear_pointer (&self->pdf_maker, cf_cert_pdf_maker_free);
  self->pdf_maker = cf_cert_pdf_maker_new (logo, pattern);
  _cf_certs_seal_dialog_update_next (self);
}

static void
show_preview (CfCertsSealDialog *self)
{
  CfCertsSigner *signer = chosen_signer (self);
  g_autofree char *first = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (signer == NULL || self->plan == NULL)
    return;
  n = self->plan->ids->len;
  first = _cf_certs_seal_dialog_row_label (self, g_array_index (self->plan->ids, gint64, 0));

  /* Translators: %u certificates, %s the signer's name, %s the e.firma's
   * number, %s the first student */
  text = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE,
                                       "<b>%u certificate</b> will be sealed with the e.firma of <b>%s</b> (%s). This is the first one, %s, exactly as it will be printed:",
                                       "<b>%u certificates</b> will be sealed with the e.firma of <b>%s</b> (%s). This is the first one, %s, exactly as it will be printed:",
                                       n),
                          n, cf_certificate_get_name (signer->certificate),
                          cf_certificate_get_number (signer->certificate), first);
  gtk_label_set_markup (self->summary_label, text);

  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  {
    g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Seal %u", "_Seal %u", n), n);

    gtk_button_set_label (self->next_button, label);
  }
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "destructive-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "suggested-action");

  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_certs_workspace_build_async (self->store, signer->certificate, g_array_index (self->plan->ids, gint64, 0),
                                  self->cancellable, on_preview_built_cb, self);
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_context_dup_logo_path_async (self->context, self->cancellable, on_logo_found_cb, self);
  _cf_certs_seal_dialog_update_next (self);
}

static void
on_credential_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCredential) credential = NULL;
  CfCertsSealDialog *self;

  credential = cf_credential_new_from_bytes_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_SEAL_DIALOG (user_data);
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (credential == NULL)
    {
      adw_preferences_group_set_description (self->key_group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->password_row),
                              TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      _cf_certs_seal_dialog_update_next (self);
      return;
    }

  self->sealer = cf_sealer_new (credential);
  cf_sealer_set_context (self->sealer, self->context);
  cf_sealer_set_accept (self->sealer, self->accept);
  show_preview (self);
}

static void
open_credential (CfCertsSealDialog *self)
{
  CfCertsSigner *signer = chosen_signer (self);
  g_autofree char *typed = NULL;

  if (signer == NULL || self->key_data == NULL)
    return;
  if (self->password == NULL)
    {
      /* From the entry to secure memory; the entry is wiped. */
      typed = cf_secret_dup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  _cf_certs_seal_dialog_update_next (self);
  cf_credential_new_from_bytes_async (signer->certificate, self->key_data,
                                      self->password != NULL ? self->password : typed,
                                      self->cancellable, on_credential_cb, self);
  if (typed != NULL)
    cf_secret_free (g_steal_pointer (&typed));
}

void
_cf_certs_seal_dialog_emit_sealed (CfCertsSealDialog *self,
                                   guint              n_sealed)
{
  g_signal_emit (self, signals[SEALED], 0, n_sealed);
}

/* ------------------------------------------------------------------ */
/* Buttons                                                             */
/* ------------------------------------------------------------------ */

static void
on_next_clicked_cb (CfCertsSealDialog *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->stack);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)))
    return;
  if (g_strcmp0 (step, "signer") == 0)
    open_credential (self);
  else if (g_strcmp0 (step, "preview") == 0)
    _cf_certs_seal_dialog_run_batch (self);
}

static void
on_back_clicked_cb (CfCertsSealDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  gtk_stack_set_visible_child_name (self->stack, "signer");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_button_set_label (self->next_button, _("_Preview"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->next_button), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  /* The key is opened again with what the registrar chooses now. */
  g_clear_object (&self->sealer);
  if (self->key_from_file || self->password == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->password_row), TRUE);
  _cf_certs_seal_dialog_update_next (self);
}

static void
on_cancel_clicked_cb (CfCertsSealDialog *self)
{
  if (self->sealing)
    {
      /* The ones under way finish; the others stay listo. */
      g_cancellable_cancel (self->batch_cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_label (self->progress_label, _("Cancelling: the certificates being sealed are finished, the others stay ready…"));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static gboolean
cf_certs_seal_dialog_close_request (GtkWindow *window)
{
  CfCertsSealDialog *self = CF_CERTS_SEAL_DIALOG (window);

  if (self->sealing)
    {
      on_cancel_clicked_cb (self);
      return TRUE;   /* closed once the batch has stopped */
    }
  return GTK_WINDOW_CLASS (cf_certs_seal_dialog_parent_class)->close_request (window);
}

static void
cf_certs_seal_dialog_dispose (GObject *object)
{
  CfCertsSealDialog *self = CF_CERTS_SEAL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->batch_cancellable);
  forget_key (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_CERTS_SEAL_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cf_certs_seal_dialog_parent_class)->dispose (object);
}

static void
cf_certs_seal_dialog_finalize (GObject *object)
{
  CfCertsSealDialog *self = CF_CERTS_SEAL_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_pointer (&self->asked, g_array_unref);
  g_clear_pointer (&self->plan, cf_certs_seal_plan_free);
  g_clear_pointer (&self->signers, g_ptr_array_unref);
  g_clear_pointer (&self->pdf_maker, cf_cert_pdf_maker_free);

  G_OBJECT_CLASS (cf_certs_seal_dialog_parent_class)->finalize (object);
}

static void
cf_certs_seal_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CfCertsSealDialog *self = CF_CERTS_SEAL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cf_certs_seal_dialog_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_certs_seal_dialog_class_init (CfCertsSealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cf_certs_seal_dialog_dispose;
  object_class->finalize = cf_certs_seal_dialog_finalize;
  object_class->get_property = cf_certs_seal_dialog_get_property;
  window_class->close_request = cf_certs_seal_dialog_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEALED] =
    g_signal_new ("sealed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-certs-seal-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, signer_group);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, signer_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, signer_names);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, key_group);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, key_file_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, preview_box);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, progress_title);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CfCertsSealDialog, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_signer_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_key_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cf_certs_seal_dialog_init (CfCertsSealDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));

  /* "Vista previa antes de sellar": the page full size. */
  self->preview = CF_PREVIEW_VIEW (cf_preview_view_new ());
  /* Nothing to open here, and the seal is what it lacks. */
  cf_preview_view_set_compact (self->preview, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->preview), TRUE);
  gtk_box_append (self->preview_box, GTK_WIDGET (self->preview));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

CfCertsSealDialog *
cf_certs_seal_dialog_new (GtkWindow    *parent,
                          CfContext    *context,
                          const gint64 *ids,
                          guint         n_ids)
{
  CfCertsSealDialog *self;

  g_return_val_if_fail (CF_IS_CONTEXT (context), NULL);

  self = g_object_new (CF_TYPE_CERTS_SEAL_DIALOG,
                       "transient-for", parent,
                       NULL);
  /* The preview before sealing is the page as printed: as much of the
   * window as there is, never less than the template's size. */
  if (parent != NULL && gtk_widget_get_width (GTK_WIDGET (parent)) > 0)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   MAX (width, gtk_widget_get_width (GTK_WIDGET (parent)) - 48),
                                   MAX (height, gtk_widget_get_height (GTK_WIDGET (parent)) - 48));
    }
  self->context = g_object_ref (context);
  self->store = g_object_ref (cf_context_get_store (context));
  if (ids != NULL)
    {
      self->asked = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (self->asked, ids, n_ids);
    }

  show_key_state (self, _("Reading the certificates and the signers…"), FALSE, FALSE);
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_certs_workspace_plan_seal_async (self->store, ids, n_ids, self->cancellable, on_plan_read_cb, self);
  return self;
}

gboolean
cf_certs_seal_dialog_get_busy (CfCertsSealDialog *self)
{
  g_return_val_if_fail (CF_IS_CERTS_SEAL_DIALOG (self), FALSE);

  return self->busy > 0 || cf_preview_view_get_busy (self->preview);
}

const char *
cf_certs_seal_dialog_get_step (CfCertsSealDialog *self)
{
  g_return_val_if_fail (CF_IS_CERTS_SEAL_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* ------------------------------------------------------------------ */
/* The page's verbs: certs.seal-selected, certs.seal-ready             */
/* ------------------------------------------------------------------ */

static void
on_sealed_cb (CfCertsPage       *page,
              guint              n_sealed,
              CfCertsSealDialog *dialog)
{
  g_autofree char *text = NULL;

  page->choices_stale = TRUE;
  _cf_certs_page_reload (page);
  if (n_sealed > 0)
    {
      text = g_markup_printf_escaped (g_dngettext (GETTEXT_PACKAGE, "%u certificate sealed", "%u certificates sealed", n_sealed),
                              n_sealed);
      _cf_certs_page_toast (page, text);
    }
}

void
_cf_certs_page_seal_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GArray) ids = NULL;
  CfCertsSealDialog *dialog;

  if (g_str_equal (action_name, "certs.seal-selected"))
    {
      ids = _cf_certs_page_selected_ids (self);
      if (ids->len == 0)
        return;
    }
  dialog = cf_certs_seal_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context,
                                     ids != NULL ? (const gint64 *) (gpointer) ids->data : NULL,
                                     ids != NULL ? ids->len : 0);
  g_signal_connect_object (dialog, "sealed", G_CALLBACK (on_sealed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
