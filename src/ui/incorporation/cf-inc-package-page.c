/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-package-page.c: the package built and verified by the core in a
 * worker (cf_inc_package_write_async); the page lists what was read back,
 * never what it meant to write. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-date.h"
#include "cf-inc-letters.h"
#include "cf-inc-mail.h"
#include "cf-inc-package.h"
#include "cf-inc-package-page.h"

struct _CfIncPackagePage
{
  CfIncPage      parent_instance;

  GtkWidget     *build_button;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkWidget     *missing_group;
  GtkListBox    *missing_list;
  GtkWidget     *members_group;
  GtkListBox    *members_list;
  GtkWidget     *send_group;
  GtkWidget     *mail_button;
  GtkWidget     *sent_button;
  GtkLabel      *sent_label;

  GCancellable  *cancellable;
  GtkFileChooserNative *chooser;
  GPtrArray     *members;   /* CfIncPackageMember, of the last build */
  char          *path;      /* the package on disk */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (CfIncPackagePage, cf_inc_package_page, CF_TYPE_INC_PAGE)

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (gpointer user_data)
{
  GWeakRef *ref = user_data;
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_missing (CfIncPackagePage *self,
              GPtrArray        *missing)
{
  clear_list (self->missing_list);
  for (guint i = 0; missing != NULL && i < missing->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (missing, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_list_box_append (self->missing_list, row);
    }
  gtk_widget_set_visible (self->missing_group, missing != NULL && missing->len > 0);
}

/* Sent: when, and when SEP's answer is due. */
static void
update_state (CfIncPackagePage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  CfIncorporationState state = cf_incorporation_get_state (inc, CF_INCORPORATION_STAGE_REGISTRO);
  const char *since = cf_incorporation_get_since (inc, CF_INCORPORATION_STAGE_REGISTRO);
  const char *due = cf_incorporation_get_due (inc, CF_INCORPORATION_STAGE_REGISTRO);
  gboolean sent = (state == CF_INCORPORATION_WAITING || state == CF_INCORPORATION_DONE) && since != NULL;
  const char *last = cf_incorporation_get_value (inc, CF_INC_PACKAGE_PATH);
  /* A package built in an earlier session may have been sent since. */
  gboolean built = self->members != NULL || (last != NULL && !self->busy && g_file_test (last, G_FILE_TEST_IS_REGULAR));

  if (sent)
    {
      g_autofree char *since_words = cf_date_text_to_words (since);
      g_autofree char *due_words = due != NULL ? cf_date_text_to_words (due) : NULL;
      g_autofree char *text = NULL;

      if (due_words != NULL)
        /* Translators: two dates in words; 15 is CF_INCORPORATION_ANSWER_DAYS. */
        text = g_strdup_printf (_("Sent to SEP on %s. Its answer is expected by %s (15 business days)."),
                                since_words, due_words);
      else
        text = g_strdup_printf (_("Sent to SEP on %s."), since_words);
      gtk_label_set_label (self->sent_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sent_label), sent);
  gtk_widget_set_sensitive (self->sent_button, !sent && built);
  gtk_widget_set_visible (self->send_group, built || sent);
  gtk_widget_set_sensitive (self->mail_button, self->members != NULL && self->path != NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), sent);
  cf_inc_page_set_missing (CF_INC_PAGE (self), sent ? NULL : _("Build the package, e-mail it to SEP and mark it as sent."));
}

static void
show_members (CfIncPackagePage *self,
              guint64           size)
{
  g_autofree char *total = g_format_size (size);
  g_autofree char *description = NULL;

  clear_list (self->members_list);
  for (guint i = 0; i < self->members->len; i++)
    {
      const CfIncPackageMember *m = g_ptr_array_index (self->members, i);
      g_autofree char *member_size = g_format_size (m->size);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), member_size);
      gtk_widget_set_tooltip_text (row, m->sha256);
      gtk_widget_add_css_class (check, "success");
      /* Translators: tells screen readers what the check mark means. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Checked"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->members_list, row);
    }
  /* Translators: a number of files, a size ("1,2 MB"), then the package's path. */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file, %s in all, checked after writing: %s",
                                              "%u files, %s in all, checked after writing: %s", self->members->len),
                                 self->members->len, total, self->path);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->members_group), description);
  gtk_widget_set_visible (self->members_group, TRUE);
}

static void
set_busy (CfIncPackagePage *self,
          gboolean          busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->build_button, !busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CfIncPackagePage) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint64 size = 0;
  g_autoptr(GPtrArray) members = cf_inc_package_write_finish (result, &size, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (members == NULL)
    {
      g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);

      /* The message lists what is missing one a line after its first. */
      if (g_error_matches (error, CF_INC_PACKAGE_ERROR, CF_INC_PACKAGE_ERROR_MISSING))
        {
          g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

          gtk_label_set_label (self->status_label, lines[0]);
          for (guint i = 1; lines[i] != NULL; i++)
            g_ptr_array_add (missing, g_strdup (g_str_has_prefix (lines[i], "• ") ? lines[i] + strlen ("• ") : lines[i]));
        }
      else
        gtk_label_set_label (self->status_label, error->message);
      show_missing (self, missing);
      return;
    }
  show_missing (self, NULL);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_steal_pointer (&members);
  gtk_label_set_label (self->status_label, _("The package is ready."));
  show_members (self, size);
  update_state (self);
}

void
cf_inc_package_page_build (CfIncPackagePage *self,
                           const char       *path)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  CfIncPackageOptions options = { .letter = cf_inc_letters_make_pdf };

  g_return_if_fail (CF_IS_INC_PACKAGE_PAGE (self) && path != NULL);

  if (store == NULL || self->busy)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_PACKAGE_PATH, path);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  gtk_widget_set_visible (self->members_group, FALSE);
  gtk_label_set_label (self->status_label, _("Building and checking the package…"));
  set_busy (self, TRUE);
  update_state (self);
  cf_inc_package_write_async (store, &options, path, self->cancellable, on_written_cb, weak_ref_new (self));
}

static void
on_build_response_cb (CfIncPackagePage *self,
                      int               response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    cf_inc_package_page_build (self, path);
}

static void
on_build_clicked_cb (CfIncPackagePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *last = cf_incorporation_get_value (cf_inc_page_get_incorporation (CF_INC_PAGE (self)), CF_INC_PACKAGE_PATH);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Build the Package for SEP"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Build"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (last != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (last);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "Registro-Institucion.zip");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_build_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A package built in an earlier session: listed as it is on disk. */
static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CfIncPackagePage) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint64 size = 0;
  g_autoptr(GPtrArray) members = cf_inc_package_read_finish (result, &size, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (members == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      update_state (self);
      return;
    }
  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_steal_pointer (&members);
  /* Translators: the package was built before; “Armar paquete…” builds it again. */
  gtk_label_set_label (self->status_label, _("The package built before. Build it again after any change."));
  show_members (self, size);
  update_state (self);
}

/* ---- Sending ---- */

static void
on_show_items_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CfIncPackagePage) self = weak_ref_steal (user_data);
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  /* No file manager on the bus: open the folder itself. */
  if (reply == NULL && self != NULL && self->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);
      g_autofree char *uri = g_file_get_uri (folder);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
    }
}

/* The folder with the package selected, for attaching it by hand. */
static void
show_in_folder (CfIncPackagePage *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autofree char *uri = g_file_get_uri (file);
  const char *uris[] = { uri, NULL };

  if (bus == NULL)
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  else
    g_object_ref (bus);
  if (bus == NULL)
    {
      on_show_items_cb (NULL, NULL, weak_ref_new (self));
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems", g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, on_show_items_cb, weak_ref_new (self));
  g_object_unref (bus);
}

static char *
dup_mail_body (CfIncPackagePage *self)
{
  return cf_inc_package_dup_mail_body (cf_inc_page_get_incorporation (CF_INC_PAGE (self)), self->members);
}

static void
on_composed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CfIncPackagePage) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;

  if (cf_inc_mail_compose_finish (result, &error) || self == NULL)
    return;
  if (g_error_matches (error, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_NO_CLIENT))
    {
      g_autofree char *subject = cf_inc_package_dup_mail_subject (cf_inc_page_get_incorporation (CF_INC_PAGE (self)));
      g_autofree char *body = dup_mail_body (self);
      g_autofree char *mailto = cf_inc_mail_build_mailto (CF_INC_MAIL_SEP_REGISTRO, subject, body);
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* A mailto: address cannot carry the file: the draft opens, and the
       * folder with the package selected to attach it. */
      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, mailto, GDK_CURRENT_TIME);
      show_in_folder (self);
      cf_inc_page_show_toast (CF_INC_PAGE (self), _("Attach the package shown in its folder to the e-mail."));
      return;
    }
  cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
}

static void
on_mail_clicked_cb (CfIncPackagePage *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  const char *attachments[] = { self->path, NULL };

  if (self->members == NULL || self->path == NULL)
    return;
  subject = cf_inc_package_dup_mail_subject (cf_inc_page_get_incorporation (CF_INC_PAGE (self)));
  body = dup_mail_body (self);
  cf_inc_mail_compose_async (CF_INC_MAIL_SEP_REGISTRO, subject, body, attachments, NULL,
                             on_composed_cb, weak_ref_new (self));
}

static void
on_sent_clicked_cb (CfIncPackagePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cf_incorporation_mark_sent (cf_inc_page_get_incorporation (CF_INC_PAGE (self)),
                                   CF_INCORPORATION_STAGE_REGISTRO, NULL, &error))
    {
      cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
      return;
    }
  update_state (self);
}

/* ---- The page ---- */

static void
cf_inc_package_page_shown (CfIncPage *page)
{
  CfIncPackagePage *self = CF_INC_PACKAGE_PAGE (page);
  g_autoptr(GPtrArray) missing = cf_incorporation_dup_missing (cf_inc_page_get_incorporation (page),
                                                               CF_INCORPORATION_STAGE_REGISTRO);
  const char *last = cf_incorporation_get_value (cf_inc_page_get_incorporation (page), CF_INC_PACKAGE_PATH);

  if (self->members == NULL && !self->busy)
    {
      show_missing (self, missing);
      if (last != NULL && g_file_test (last, G_FILE_TEST_IS_REGULAR))
        {
          g_free (self->path);
          self->path = g_strdup (last);
          set_busy (self, TRUE);
          cf_inc_package_read_async (last, self->cancellable, on_read_cb, weak_ref_new (self));
        }
    }
  update_state (self);
}

static void
cf_inc_package_page_constructed (GObject *object)
{
  CfIncPackagePage *self = CF_INC_PACKAGE_PAGE (object);

  G_OBJECT_CLASS (cf_inc_package_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Package"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  update_state (self);
}

static void
cf_inc_package_page_dispose (GObject *object)
{
  CfIncPackagePage *self = CF_INC_PACKAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_PACKAGE_PAGE);
  G_OBJECT_CLASS (cf_inc_package_page_parent_class)->dispose (object);
}

static void
cf_inc_package_page_class_init (CfIncPackagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_package_page_constructed;
  object_class->dispose = cf_inc_package_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_package_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-package-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, build_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, missing_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, missing_list);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, members_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, members_list);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, send_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, mail_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, sent_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPackagePage, sent_label);
  gtk_widget_class_bind_template_callback (widget_class, on_build_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mail_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sent_clicked_cb);
}

static void
cf_inc_package_page_init (CfIncPackagePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_inc_package_page_new (CfContext       *context,
                         CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_PACKAGE_PAGE, "context", context, "incorporation", incorporation, NULL);
}

GPtrArray *
cf_inc_package_page_get_members (CfIncPackagePage *self)
{
  g_return_val_if_fail (CF_IS_INC_PACKAGE_PAGE (self), NULL);
  return self->members;
}

gboolean
cf_inc_package_page_get_busy (CfIncPackagePage *self)
{
  g_return_val_if_fail (CF_IS_INC_PACKAGE_PAGE (self), FALSE);
  return self->busy;
}
