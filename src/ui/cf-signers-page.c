/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include "cf-context.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-key-dialog.h"
#include "cf-keyring.h"
#include "cf-responsable-dialog.h"
#include "cf-signer-row.h"
#include "cf-signers-page.h"
#include "cf-signer-repo.h"
#include "cf-trust.h"

struct _CfSignersPage
{
  GtkWidget             parent_instance;

  CfContext            *context;
  CfStore              *store;
  GSettings            *settings;
  GCancellable         *cancellable;   /* keyring work; cancelled in dispose */
  GCancellable         *responsables_cancellable;   /* the last read of the Responsable values */
  GStrv                 known_campuses;
  GStrv                 campus_names;
  GtkFileChooserNative *chooser;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkListBox           *list;
};

G_DEFINE_FINAL_TYPE (CfSignersPage, cf_signers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void query_key_state (CfSignersPage *self,
                             CfSignerRow   *row);
static void read_responsables (CfSignersPage *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static GtkWindow *
get_parent_window (CfSignersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CfSignersPage *self,
            const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_message_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A modal message, for what needs reading before going on. */
static void
show_message (CfSignersPage *self,
              const char    *heading,
              const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (get_parent_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (on_message_response_cb), NULL);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static guint
get_warning_days (CfSignersPage *self)
{
  return g_settings_get_uint (self->settings, "expiry-warning-days");
}

static CfSignerRow *
find_row (CfSignersPage *self,
          const char    *number)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      CfCertificate *certificate = cf_signer_row_get_certificate (CF_SIGNER_ROW (row));

      if (g_strcmp0 (cf_certificate_get_number (certificate), number) == 0)
        return CF_SIGNER_ROW (row);
    }

  return NULL;
}

static void
refresh (CfSignersPage *self)
{
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CfTrust) trust = NULL;
  GtkListBoxRow *row;
  guint days = get_warning_days (self);

  while ((row = gtk_list_box_get_row_at_index (self->list, 0)) != NULL)
    gtk_list_box_remove (self->list, GTK_WIDGET (row));

  signers = cf_signer_repo_list (self->store, &error);
  trust = cf_trust_new_default ();
  if (signers == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the signers: %s"), error->message);

      show_toast (self, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < signers->len; i++)
    {
      CfCertificate *certificate = g_ptr_array_index (signers, i);
      GtkWidget *new_row = cf_signer_row_new (certificate, days);
      g_autofree char *reason = NULL;
      CfTrustResult result = cf_trust_verify (trust, certificate, &reason);

      /* A test certificate, or one added before the chain was checked. */
      cf_signer_row_set_trust (CF_SIGNER_ROW (new_row), result, reason);
      gtk_list_box_append (self->list, new_row);
      query_key_state (self, CF_SIGNER_ROW (new_row));
    }

  gtk_stack_set_visible_child_name (self->stack, signers->len > 0 ? "list" : "empty");
  if (signers->len > 0)
    read_responsables (self);
}

/* ------------------------------------------------------------------ */
/* The keyring: asked through the core's _async calls (libsecret may    */
/* wait on D-Bus or on its unlock prompt)                               */
/* ------------------------------------------------------------------ */

/* What an async callback needs: the widget, if it is still there. */
typedef struct
{
  GWeakRef  widget;
  char     *number;
} Pending;

static Pending *
pending_new (gpointer    widget,
             const char *number)
{
  Pending *pending = g_new0 (Pending, 1);

  g_weak_ref_init (&pending->widget, widget);
  pending->number = g_strdup (number);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_weak_ref_clear (&pending->widget);
  g_free (pending->number);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

/* ------------------------------------------------------------------ */
/* The Responsable values: read and written in a worker                */
/* ------------------------------------------------------------------ */

static void
on_responsables_read_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(CfSignersPage) self = g_weak_ref_get (&pending->widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) responsables = NULL;
  g_auto(GStrv) known = NULL;
  g_auto(GStrv) names = NULL;

  responsables = cf_signer_repo_list_responsables_finish (CF_STORE (source), result, &known, &names, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (responsables == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the signers: %s"), error->message);

      show_toast (self, text);
      return;
    }

  g_strfreev (self->known_campuses);
  self->known_campuses = g_steal_pointer (&known);
  g_strfreev (self->campus_names);
  self->campus_names = g_steal_pointer (&names);
  for (guint i = 0; i < responsables->len; i++)
    {
      CfSignerResponsable *responsable = g_ptr_array_index (responsables, i);
      CfSignerRow *row = find_row (self, responsable->certificate_number);

      if (row != NULL)
        cf_signer_row_set_responsable (row, responsable,
                                       (const char * const *) self->known_campuses,
                                       (const char * const *) self->campus_names);
    }
}

static void
read_responsables (CfSignersPage *self)
{
  /* Only the newest answer counts. */
  g_cancellable_cancel (self->responsables_cancellable);
  g_clear_object (&self->responsables_cancellable);
  self->responsables_cancellable = g_cancellable_new ();
  cf_signer_repo_list_responsables_async (self->store, self->responsables_cancellable,
                                          on_responsables_read_cb, pending_new (self, NULL));
}

static void
on_has_key_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(CfSignerRow) row = g_weak_ref_get (&pending->widget);
  g_autoptr(GError) error = NULL;
  gboolean has_password = FALSE;
  CfSignerKeyState state;

  if (cf_keyring_has_key_finish (result, &has_password, &error))
    state = has_password ? CF_SIGNER_KEY_STORED_WITH_PASSWORD : CF_SIGNER_KEY_STORED;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the page is gone */
  else if (error == NULL || g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND))
    state = CF_SIGNER_KEY_ABSENT;
  else
    {
      g_debug ("Keyring not usable: %s", error->message);
      state = CF_SIGNER_KEY_NO_KEYRING;
    }

  if (row != NULL)
    cf_signer_row_set_key_state (row, state);
}

static void
query_key_state (CfSignersPage *self,
                 CfSignerRow   *row)
{
  CfCertificate *certificate = cf_signer_row_get_certificate (row);

  cf_signer_row_set_key_state (row, CF_SIGNER_KEY_CHECKING);
  cf_keyring_has_key_async (cf_certificate_get_number (certificate), self->cancellable,
                            on_has_key_done_cb, pending_new (row, NULL));
}

/* ------------------------------------------------------------------ */
/* Adding signers                                                      */
/* ------------------------------------------------------------------ */

/* As `certifica-cli efirma add`: SAT, or a CA the user put in the trust
 * folder on purpose, issued @certificate; FALSE with the reason and where
 * that folder is otherwise. A SAT test certificate passes (its row says so). */
static gboolean
check_issued_by_sat (CfTrust        *trust,
                     CfCertificate  *certificate,
                     GError        **error)
{
  g_autofree char *reason = NULL;
  g_autofree char *folder = NULL;

  if (cf_trust_verify (trust, certificate, &reason) != CF_TRUST_NOT_TRUSTED)
    return TRUE;

  folder = g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);
  g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT,
               _("%s If your institution uses its own certificate authority on purpose, put "
                 "that authority’s certificate (.pem or .cer) in the folder %s and add the "
                 "signer again."),
               reason, folder);
  return FALSE;
}

/* Returns the certificate added, or NULL with @error set for a person. */
static CfCertificate *
add_one_file (CfSignersPage *self,
              CfTrust       *trust,
              GFile         *file,
              GError       **error)
{
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GError) sign_error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  certificate = cf_certificate_new_from_bytes (bytes, error);
  if (certificate == NULL)
    return NULL;

  /* A CSD (or any other kind) never signs certificates: refused here. An
   * expired e.firma is kept, the row says so. */
  if (!cf_certificate_check_can_sign_at (certificate, NULL, &sign_error) &&
      !g_error_matches (sign_error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_EXPIRED) &&
      !g_error_matches (sign_error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_YET_VALID))
    {
      g_propagate_error (error, g_steal_pointer (&sign_error));
      return NULL;
    }

  if (!check_issued_by_sat (trust, certificate, error))
    return NULL;

  if (!cf_signer_repo_add (self->store, certificate, error))
    return NULL;

  return g_steal_pointer (&certificate);
}

static guint
add_files (CfSignersPage  *self,
           GFile         **files,
           guint           n_files)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(CfCertificate) last = NULL;
  /* Read afresh: a CA just put in the trust folder counts. */
  g_autoptr(CfTrust) trust = cf_trust_new_default ();
  guint added = 0;

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GError) error = NULL;
      CfCertificate *certificate = add_one_file (self, trust, files[i], &error);

      if (certificate != NULL)
        {
          g_set_object (&last, certificate);
          g_object_unref (certificate);
          added++;
        }
      else
        {
          g_autofree char *name = g_file_get_basename (files[i]);

          if (problems->len > 0)
            g_string_append (problems, "\n\n");
          /* Translators: a file name, then why it was not added (a sentence) */
          g_string_append_printf (problems, _("“%s” was not added. %s"), name, error->message);
        }
    }

  if (added == 1)
    {
      g_autofree char *text = g_strdup_printf (_("%s added"), cf_certificate_get_name (last));

      show_toast (self, text);
    }
  else if (added > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u signer added",
                                                            "%u signers added",
                                                            added),
                                               added);

      show_toast (self, text);
    }

  if (problems->len > 0)
    show_message (self,
                  n_files - added == 1 ? _("Signer Not Added") : _("Signers Not Added"),
                  problems->str);

  return added;
}

static void
on_chooser_response_cb (CfSignersPage        *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      add_files (self, (GFile **) files->pdata, files->len);
    }

  g_clear_object (&self->chooser);
}

static gboolean
on_drop_cb (CfSignersPage *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = gdk_file_list_get_files (g_value_get_boxed (value));
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      g_slist_free (list);

      if (files->len == 0)
        return FALSE;
      add_files (self, (GFile **) files->pdata, files->len);
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      add_files (self, &file, 1);
      return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  cf_signers_page_choose_file (CF_SIGNERS_PAGE (widget));
}

static void
on_key_dialog_keyring_changed_cb (CfSignersPage *self,
                                  CfKeyDialog   *dialog)
{
  GtkListBoxRow *row;

  show_toast (self, _("Key kept in the keyring"));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    query_key_state (self, CF_SIGNER_ROW (row));
}

static CfKeyDialog *
create_key_dialog (CfSignersPage   *self,
                   CfCertificate   *certificate,
                   CfKeyDialogMode  mode)
{
  CfKeyDialog *dialog = cf_key_dialog_new (get_parent_window (self), certificate, mode,
                                           get_warning_days (self));

  g_signal_connect_object (dialog, "keyring-changed",
                           G_CALLBACK (on_key_dialog_keyring_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return dialog;
}

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(CfSignersPage) self = g_weak_ref_get (&pending->widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key_data = NULL;
  g_autoptr(CfSecret) password = NULL;
  CfSignerRow *row;
  CfKeyDialog *dialog;

  key_data = cf_keyring_lookup_key_finish (res, &password, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  row = find_row (self, pending->number);
  if (row == NULL)
    return;

  dialog = create_key_dialog (self, cf_signer_row_get_certificate (row), CF_KEY_DIALOG_VERIFY);
  gtk_window_present (GTK_WINDOW (dialog));

  if (key_data != NULL)
    cf_key_dialog_set_keyring_key (dialog, key_data, password);
  else
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the keyring's reason, a sentence */
      text = g_strdup_printf (_("The private key could not be taken from the keyring. %s Choose the .key file instead."),
                              error->message);
      cf_key_dialog_set_notice (dialog, text);
    }
}

static void
edit_responsable_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (widget);
  CfSignerRow *row = find_row (self, g_variant_get_string (parameter, NULL));
  const CfSignerResponsable *responsable;
  CfResponsableDialog *dialog;

  if (row == NULL || (responsable = cf_signer_row_get_responsable (row)) == NULL)
    return;

  dialog = cf_responsable_dialog_new (get_parent_window (self), self->store,
                                      cf_signer_row_get_certificate (row), responsable,
                                      (const char * const *) self->known_campuses,
                                      (const char * const *) self->campus_names);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
verify_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (widget);
  const char *number = g_variant_get_string (parameter, NULL);
  CfSignerRow *row = find_row (self, number);
  CfSignerKeyState state;
  CfKeyDialog *dialog;

  if (row == NULL)
    return;

  state = cf_signer_row_get_key_state (row);
  if (state == CF_SIGNER_KEY_STORED || state == CF_SIGNER_KEY_STORED_WITH_PASSWORD)
    {
      /* The keyring may show its unlock prompt while this page waits. */
      cf_keyring_lookup_key_async (number, TRUE, self->cancellable,
                                   on_lookup_done_cb, pending_new (self, number));
      return;
    }

  dialog = create_key_dialog (self, cf_signer_row_get_certificate (row), CF_KEY_DIALOG_VERIFY);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
store_key_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (widget);
  CfSignerRow *row = find_row (self, g_variant_get_string (parameter, NULL));
  CfKeyDialog *dialog;

  if (row == NULL)
    return;

  dialog = create_key_dialog (self, cf_signer_row_get_certificate (row), CF_KEY_DIALOG_STORE);
  if (cf_signer_row_get_key_state (row) == CF_SIGNER_KEY_STORED ||
      cf_signer_row_get_key_state (row) == CF_SIGNER_KEY_STORED_WITH_PASSWORD)
    cf_key_dialog_set_notice (dialog, _("A key is already kept for this signer; it will be replaced."));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_forget_done_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(CfSignersPage) self = g_weak_ref_get (&pending->widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;
  CfSignerRow *row;

  ok = cf_keyring_forget_key_finish (res, &error) ||
       g_error_matches (error, CF_KEYRING_ERROR, CF_KEYRING_ERROR_NOT_FOUND);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      show_message (self, _("Key Not Removed"), error->message);
      return;
    }

  row = find_row (self, pending->number);
  if (row != NULL)
    {
      show_toast (self, _("Key removed from the keyring"));
      query_key_state (self, row);
    }
}

static void
forget_key (CfSignersPage *self,
            const char    *number,
            gboolean       report)
{
  /* A signer removed from the page takes its key along, quietly. */
  cf_keyring_forget_key_async (number, report ? self->cancellable : NULL,
                               report ? on_forget_done_cb : NULL,
                               report ? pending_new (self, number) : NULL);
}

static void
on_forget_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CfSignersPage    *self)
{
  if (g_strcmp0 (response, "remove") == 0)
    forget_key (self, g_object_get_data (G_OBJECT (dialog), "cf-number"), TRUE);
}

static void
forget_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (widget);
  const char *number = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   _("Remove Key from Keyring?"),
                                   _("To use this e.firma again you will need its .key file and password."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cf-number", g_strdup (number), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_forget_response_cb), self, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       CfSignersPage    *self)
{
  const char *number = g_object_get_data (G_OBJECT (dialog), "cf-number");
  g_autoptr(GError) error = NULL;
  CfSignerRow *row;
  gboolean had_key;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  row = find_row (self, number);
  had_key = row != NULL &&
            cf_signer_row_get_key_state (row) != CF_SIGNER_KEY_ABSENT &&
            cf_signer_row_get_key_state (row) != CF_SIGNER_KEY_NO_KEYRING;

  if (!cf_signer_repo_remove (self->store, number, &error))
    {
      show_message (self, _("Signer Not Removed"), error->message);
      return;
    }

  /* No secret is left behind for a signer who is gone. */
  if (had_key)
    forget_key (self, number, FALSE);

  show_toast (self, _("Signer removed"));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (widget);
  const char *number = g_variant_get_string (parameter, NULL);
  CfSignerRow *row = find_row (self, number);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (row == NULL)
    return;

  body = g_strdup_printf (_("%s will no longer be offered to sign certificates. A key kept in the keyring for this signer is removed too."),
                          cf_certificate_get_name (cf_signer_row_get_certificate (row)));
  dialog = adw_message_dialog_new (get_parent_window (self), _("Delete Signer?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cf-number", g_strdup (number), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
on_signers_changed_cb (CfSignersPage *self,
                       CfStore       *store)
{
  refresh (self);
}

static void
on_warning_days_changed_cb (CfSignersPage *self,
                            const char    *key,
                            GSettings     *settings)
{
  guint days = get_warning_days (self);
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    cf_signer_row_set_warning_days (CF_SIGNER_ROW (row), days);
}

static void
cf_signers_page_constructed (GObject *object)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (object);

  G_OBJECT_CLASS (cf_signers_page_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->settings != NULL);

  g_signal_connect_object (self->store, "signers-changed",
                           G_CALLBACK (on_signers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::expiry-warning-days",
                           G_CALLBACK (on_warning_days_changed_cb), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
cf_signers_page_dispose (GObject *object)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->responsables_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_SIGNERS_PAGE);

  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cf_signers_page_parent_class)->dispose (object);
}

static void
cf_signers_page_finalize (GObject *object)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->responsables_cancellable);
  g_strfreev (self->known_campuses);
  g_strfreev (self->campus_names);

  G_OBJECT_CLASS (cf_signers_page_parent_class)->finalize (object);
}

static void
cf_signers_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_signers_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CfSignersPage *self = CF_SIGNERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* The store and settings are the context's, kept at hand. */
      self->context = g_value_dup_object (value);
      self->store = g_object_ref (cf_context_get_store (self->context));
      g_set_object (&self->settings, cf_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_signers_page_class_init (CfSignersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_signers_page_constructed;
  object_class->dispose = cf_signers_page_dispose;
  object_class->finalize = cf_signers_page_finalize;
  object_class->get_property = cf_signers_page_get_property;
  object_class->set_property = cf_signers_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         CF_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-signers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfSignersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfSignersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CfSignersPage, list);

  gtk_widget_class_install_action (widget_class, "signers.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "signers.edit-responsable", "s", edit_responsable_action);
  gtk_widget_class_install_action (widget_class, "signers.verify-key", "s", verify_key_action);
  gtk_widget_class_install_action (widget_class, "signers.store-key", "s", store_key_action);
  gtk_widget_class_install_action (widget_class, "signers.forget-key", "s", forget_key_action);
  gtk_widget_class_install_action (widget_class, "signers.remove", "s", remove_action);

  g_type_ensure (CF_TYPE_SIGNER_ROW);
}

static void
cf_signers_page_init (CfSignersPage *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

void
cf_signers_page_choose_file (CfSignersPage *self)
{
  g_autoptr(GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (CF_IS_SIGNERS_PAGE (self));

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (certificates, _("e.firma certificates (.cer)"));
  gtk_file_filter_add_suffix (certificates, "cer");
  gtk_file_filter_add_suffix (certificates, "crt");
  gtk_file_filter_add_suffix (certificates, "pem");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Add Signer"),
                                               get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), certificates);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

gboolean
cf_signers_page_add_file (CfSignersPage *self,
                          GFile         *file)
{
  g_return_val_if_fail (CF_IS_SIGNERS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return add_files (self, &file, 1) == 1;
}

GtkListBox *
cf_signers_page_get_list (CfSignersPage *self)
{
  g_return_val_if_fail (CF_IS_SIGNERS_PAGE (self), NULL);

  return self->list;
}
