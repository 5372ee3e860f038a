/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview's ways in and out: opening a file, saving the PDF on show,
 * printing it. A document SEP would reject is saved or printed only after
 * the user says so, and then as a draft (BORRADOR on every page). */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-preview-view-private.h"

#include <glib/gi18n-lib.h>

#include "cf-certificate-layout.h"
#include "cf-render-export.h"

/* ------------------------------------------------------------------ */
/* Asking first                                                        */
/* ------------------------------------------------------------------ */

typedef void (*ConfirmedFunc) (CfPreviewView *self);

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  CfPreviewView *self = user_data;
  ConfirmedFunc func = (ConfirmedFunc) g_object_get_data (G_OBJECT (dialog), "cf-confirmed");

  if (g_strcmp0 (response, "go") == 0)
    func (self);
}

/* Runs @func at once when the document has no errors; else asks first. */
static void
confirm_draft (CfPreviewView *self,
               const char    *heading,
               const char    *go_label,
               ConfirmedFunc  func)
{
  guint errors = _cf_preview_view_count_errors (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (errors == 0)
    {
      func (self);
      return;
    }
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This certificate has %u error that SEP would reject (see the list beside the page). "
                                       "It will carry the mark “BORRADOR” on every page and must not be given to the student.",
                                       "This certificate has %u errors that SEP would reject (see the list beside the page). "
                                       "It will carry the mark “BORRADOR” on every page and must not be given to the student.",
                                       errors),
                          errors);
  dialog = adw_message_dialog_new (_cf_preview_view_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "go", go_label,
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "cf-confirmed", (gpointer) func);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CfPreviewView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      cf_preview_view_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

void
_cf_preview_view_open_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("PDF Documents and Certificates"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "xml");
  self->chooser = gtk_file_chooser_native_new (_("Open a PDF or a Certificate"),
                                               _cf_preview_view_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */
/* ------------------------------------------------------------------ */

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  CfPreviewView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (!cf_preview_view_save_to_file (self, file, &error))
        _cf_preview_view_toast (self, error->message);
      else
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

          _cf_preview_view_toast (self, text);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_save_file (CfPreviewView *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *folio = self->dec != NULL ? cf_dec_get (self->dec, CF_DEC_FIELD_FOLIO_CONTROL) : NULL;

  if (self->chooser != NULL || self->bytes == NULL)
    return;
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  self->chooser = gtk_file_chooser_native_new (_("Save PDF"), _cf_preview_view_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  /* Translators: the suggested file name; %s is the certificate's folio. */
  name = folio != NULL && *folio != '\0' ? g_strdup_printf (_("certificate-%s.pdf"), folio) : g_strdup (_("document.pdf"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_cf_preview_view_save_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);

  if (self->chooser != NULL || self->bytes == NULL)
    return;
  confirm_draft (self, _("Save a Draft?"), _("Save _Draft"), choose_save_file);
}

gboolean
cf_preview_view_save_to_file (CfPreviewView  *self,
                              GFile          *file,
                              GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->bytes != NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The PDF can only be saved to a local folder"));
      return FALSE;
    }
  /* The exact bytes on screen, written atomically. */
  return cf_render_write_atomically (path, self->bytes, error);
}

/* ------------------------------------------------------------------ */
/* Printing                                                            */
/* ------------------------------------------------------------------ */

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 gpointer           user_data)
{
  CfRenderable *renderable = g_object_get_data (G_OBJECT (operation), "cf-renderable");
  CfPdf *pdf = g_object_get_data (G_OBJECT (operation), "cf-pdf");
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double w = CF_PAGE_LETTER_WIDTH, h = CF_PAGE_LETTER_HEIGHT, scale;

  if (renderable != NULL)
    cf_renderable_get_page_size (renderable, (guint) page, &w, &h);
  else
    cf_pdf_get_page_size (pdf, (guint) page, &w, &h);

  /* Letter is the certificate's paper; on another paper the page is
   * scaled to fit, never cut. */
  scale = MIN (gtk_print_context_get_width (context) / w, gtk_print_context_get_height (context) / h);
  scale = MIN (scale, 1.0);
  cairo_scale (cr, scale, scale);
  if (renderable != NULL)
    cf_renderable_draw_page (renderable, (guint) page, cr);
  else
    {
      g_autoptr(GError) error = NULL;

      if (!cf_pdf_render_page_for_printing (pdf, (guint) page, cr, &error))
        g_warning ("Printing page %d: %s", page + 1, error->message);
    }
}

GtkPrintOperation *
cf_preview_view_create_print_operation (CfPreviewView *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GError) error = NULL;
  GtkPaperSize *paper;
  GtkPrintOperation *operation;

  g_return_val_if_fail (CF_IS_PREVIEW_VIEW (self), NULL);
  g_return_val_if_fail (self->bytes != NULL, NULL);

  operation = gtk_print_operation_new ();
  paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_paper_size_free (paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_n_pages (operation, (int) cf_preview_view_get_n_pages (self));
  /* "Current page" in the dialog means the page on show. */
  gtk_print_operation_set_current_page (operation, (int) self->page);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  if (self->dec != NULL)
    {
      /* The same renderer as the PDF on screen (BORRADOR included), drawn
       * straight onto the printer's surface (vector, no second
       * rasterisation). */
      CfRenderable *layout = _cf_preview_view_create_layout (self);

      g_object_set_data_full (G_OBJECT (operation), "cf-renderable", layout, g_object_unref);
      gtk_print_operation_set_job_name (operation, cf_renderable_get_metadata (layout, CF_RENDER_METADATA_TITLE));
    }
  else
    {
      /* A reader of the print operation's own (it may run after the view
       * moved on to another document). */
      CfPdf *pdf = cf_pdf_new_from_bytes (self->bytes, &error);

      g_assert (pdf != NULL);
      g_object_set_data_full (G_OBJECT (operation), "cf-pdf", pdf, g_object_unref);
    }
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), NULL);
  return operation;
}

static void
run_print (CfPreviewView *self)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->bytes == NULL)
    return;
  operation = cf_preview_view_create_print_operation (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               _cf_preview_view_parent_window (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    _cf_preview_view_toast (self, error->message);
}

void
_cf_preview_view_print_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  CfPreviewView *self = CF_PREVIEW_VIEW (widget);

  if (self->bytes == NULL)
    return;
  confirm_draft (self, _("Print a Draft?"), _("Print _Draft"), run_print);
}
