/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page-export.c: the Certificados page's "Export for SEP…". */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-certs-page-export.h"

#include <glib/gi18n-lib.h>

#include "cf-certs-export.h"
#include "cf-certs-page-private.h"

/* ------------------------------------------------------------------ */
/* The page's action                                                   */
/* ------------------------------------------------------------------ */

static gboolean
is_sealed (CfCertStatus status)
{
  return status != CF_CERT_STATUS_BORRADOR && status != CF_CERT_STATUS_LISTO &&
         status != CF_CERT_STATUS_CANCELADO;
}

/* The sealed certificates among the selected ones (maybe none). */
static GArray *
selected_sealed_ids (CfCertsPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CfCertItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      gint64 id = cf_cert_item_get_id (item);

      if (is_sealed (cf_cert_item_get_status (item)))
        g_array_append_val (ids, id);
    }
  return ids;
}

void
_cf_certs_page_update_export (CfCertsPage *self)
{
  g_autoptr(GArray) ids = NULL;
  GtkWidget *button;

  g_return_if_fail (CF_IS_CERTS_PAGE (self));

  ids = selected_sealed_ids (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certs.export-selected", ids->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certs.export-sealed",
                                 self->counts[CF_CERT_STATUS_SELLADO] > 0);
  /* A menu of two greyed items is no choice: the button itself follows
   * (it sits after "Seal…" in the page's template). */
  button = self->seal_button != NULL ? gtk_widget_get_next_sibling (GTK_WIDGET (self->seal_button)) : NULL;
  if (button != NULL && g_strcmp0 (gtk_widget_get_name (button), "export-button") == 0)
    gtk_widget_set_sensitive (button, ids->len > 0 || self->counts[CF_CERT_STATUS_SELLADO] > 0);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfCertsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  n = cf_certs_export_sep_finish (CF_STORE (source), result, &error);
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;   /* the window closed meanwhile */
  if (error != NULL)
    {
      _cf_certs_page_show_error (self, _("Could Not Export for SEP"), error);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u sealed certificate exported for SEP",
                                       "%u sealed certificates exported for SEP", n),
                          n);
  _cf_certs_page_toast (self, text);
}

void
_cf_certs_page_export_to (CfCertsPage *self,
                          GFile       *file,
                          gboolean     selected)
{
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (CF_IS_CERTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;
  if (selected)
    {
      ids = selected_sealed_ids (self);
      if (ids->len == 0)
        return;   /* the action is off then */
    }
  cf_certs_export_sep_async (self->store, ids, file, NULL, on_export_done_cb, g_object_ref (self));
}

static void
on_export_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     CfCertsPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        _cf_certs_page_export_to (self, file,
                                  GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cf-selected")));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_cf_certs_page_export_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) zips = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export for SEP"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (zips, _("Zip archives (.zip)"));
  gtk_file_filter_add_suffix (zips, "zip");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), zips);
  /* TRANSLATORS: the zip's suggested name; %s is today's date (YYYY-MM-DD). */
  name = g_strdup_printf (_("certificates-sep-%s.zip"), stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "cf-selected",
                     GINT_TO_POINTER (g_strcmp0 (action_name, "certs.export-selected") == 0));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
