/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-page-import.c: "Importar alumnos…" on the Certificados page:
 * the school system's export chosen, then the students import flow
 * (cf-students-import-flow.h: mapping, preview, write, check), then the
 * list read again. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-certs-page-private.h"
#include "cf-students-import-flow.h"

static void
on_import_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfCertsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_students = 0;

  if (!cf_students_import_flow_finish (result, &n_students, &error))
    return;   /* cancelled, or already explained in a dialog */
  if (self->store == NULL)
    return;
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u student",
                                                          "Imported %u students", n_students),
                                             n_students);
    _cf_certs_page_toast (self, text);
  }
  self->choices_stale = TRUE;
  _cf_certs_page_reload (self);
}

static void
on_import_chosen_cb (GtkNativeDialog *dialog,
                     int              response,
                     CfCertsPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      cf_students_import_flow_run (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context, file,
                                   NULL, on_import_done_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

void
_cf_certs_page_import_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfCertsPage *self = CF_CERTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) exports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Students"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (exports, _("School system exports (.xlsx, .csv)"));
  gtk_file_filter_add_suffix (exports, "xlsx");
  gtk_file_filter_add_suffix (exports, "csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), exports);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
