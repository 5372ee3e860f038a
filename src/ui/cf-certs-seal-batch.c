/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-seal-batch.c: the sealing dialog's last step: the batch in the
 * core's workers (cf_certs_seal_async) with its progress, each
 * certificate's result and Cancel; a signer SAT did not issue, or whose
 * revocation could not be checked, sealed only when accepted. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-cert-pdf.h"
#include "cf-certs-seal.h"
#include "cf-certs-seal-dialog-private.h"

/* ------------------------------------------------------------------ */
/* Step 3: the batch                                                   */
/* ------------------------------------------------------------------ */

static char *
format_seconds (double seconds)
{
  guint s = (guint) (seconds + 0.5);

  if (s >= 60)
    /* Translators: time left, minutes and seconds */
    return g_strdup_printf (_("%u min %02u s"), s / 60, s % 60);
  /* Translators: time left, seconds */
  return g_strdup_printf (_("%u s"), s);
}

static void
on_progress_cb (const CfSealProgress *progress,
                gpointer              user_data)
{
  CfCertsSealDialog *self = user_data;
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;

  if (progress->total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) progress->done / progress->total);
  if (progress->eta > 0 && progress->done < progress->total)
    {
      left = format_seconds (progress->eta);
      /* Translators: done of total, certificates per second, time left */
      text = g_strdup_printf (_("%u of %u · %.1f per second · %s left"),
                              progress->done, progress->total, progress->rate, left);
    }
  else
    /* Translators: done of total, certificates per second */
    text = g_strdup_printf (_("%u of %u · %.1f per second"), progress->done, progress->total, progress->rate);
  gtk_label_set_label (self->progress_label, text);
}


static void
on_accept_response_cb (AdwMessageDialog  *dialog,
                       const char        *response,
                       CfCertsSealDialog *self)
{
  if (g_strcmp0 (response, "seal") == 0)
    {
      self->accept |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "cf-accept"));
      cf_sealer_set_accept (self->sealer, self->accept);
      _cf_certs_seal_dialog_run_batch (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), TRUE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  _cf_certs_seal_dialog_update_next (self);
}

/* The signer could not be checked (no answer from SAT's revocation
 * service) or does not chain to SAT: said, and sealed only if accepted. */
static void
ask_accept (CfCertsSealDialog *self,
            const GError      *error,
            CfSealerAccept     accept)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       accept == CF_SEALER_ACCEPT_UNTRUSTED_SIGNER
                                                       ? _("Seal With an e.firma Not Issued by SAT?")
                                                       : _("Seal Without Checking Revocation?"),
                                                       error->message));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "seal", _("_Seal Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "seal", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "cf-accept", GUINT_TO_POINTER (accept));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_accept_response_cb), self, 0);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_result_row (CfCertsSealDialog       *self,
                   const CfCertsSealResult *result)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = _cf_certs_seal_dialog_row_label (self, result->cert_id);
  g_autofree char *subtitle = NULL;
  const char *icon;

  switch (result->status)
    {
    case CF_SEAL_STATUS_SEALED:
      icon = "emblem-ok-symbolic";
      subtitle = g_strdup_printf (_("Sealed, folio %s"), result->folio_control);
      break;
    case CF_SEAL_STATUS_REFUSED:
      icon = "dialog-error-symbolic";
      subtitle = g_strdup_printf (_("Not sealed: %s"), result->error != NULL ? result->error->message : "");
      break;
    case CF_SEAL_STATUS_CANCELLED:
    default:
      icon = "process-stop-symbolic";
      subtitle = g_strdup (_("Not sealed: cancelled before its turn"));
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  return row;
}

static void
on_batch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CfCertsSealDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *title = NULL;
  CfSealProgress summary = { 0 };

  results = cf_certs_seal_finish (CF_STORE (source), result, &summary, &error);
  self->sealing = FALSE;
  _cf_certs_seal_dialog_set_busy (self, FALSE);
  if (self->store == NULL)
    return;   /* closed meanwhile */

  if (results == NULL)
    {
      if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED) &&
          !(self->accept & CF_SEALER_ACCEPT_UNCHECKED_REVOCATION))
        {
          ask_accept (self, error, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);
          return;
        }
      if (g_error_matches (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_NOT_TRUSTED) &&
          !(self->accept & CF_SEALER_ACCEPT_UNTRUSTED_SIGNER))
        {
          ask_accept (self, error, CF_SEALER_ACCEPT_UNTRUSTED_SIGNER);
          return;
        }
      self->done = TRUE;
      gtk_label_set_label (self->progress_title, _("Nothing Was Sealed"));
      gtk_label_set_label (self->progress_label, error->message);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      _cf_certs_seal_dialog_emit_sealed (self, 0);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    gtk_list_box_append (self->results_list, create_result_row (self, g_ptr_array_index (results, i)));
  on_progress_cb (&summary, self);
  gtk_progress_bar_set_fraction (self->progress_bar, summary.total > 0 ? (double) summary.done / summary.total : 1.0);
  /* Translators: how a batch ended */
  title = g_strdup_printf (_("%u sealed, %u not sealed, %u cancelled"),
                           summary.sealed, summary.refused, summary.cancelled);
  gtk_label_set_label (self->progress_title, title);
  self->done = TRUE;
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  _cf_certs_seal_dialog_emit_sealed (self, summary.sealed);
}

void
_cf_certs_seal_dialog_run_batch (CfCertsSealDialog *self)
{
  CfCertsSealOptions options = { 0 };
  g_autofree char *title = NULL;

  g_clear_object (&self->batch_cancellable);
  self->batch_cancellable = g_cancellable_new ();
  options.pdf = self->pdf_maker != NULL ? cf_cert_pdf_make : NULL;
  options.pdf_data = self->pdf_maker;

  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sealing %u certificate…", "Sealing %u certificates…",
                                        self->plan->ids->len),
                           self->plan->ids->len);
  gtk_label_set_label (self->progress_title, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Checking the signer with SAT…"));

  self->sealing = TRUE;
  _cf_certs_seal_dialog_set_busy (self, TRUE);
  cf_certs_seal_async (self->store, self->sealer,
                       (const gint64 *) (gpointer) self->plan->ids->data, self->plan->ids->len,
                       &options, on_progress_cb, self, NULL,
                       self->batch_cancellable, on_batch_done_cb, g_object_ref (self));
}

