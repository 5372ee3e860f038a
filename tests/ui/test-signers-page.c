/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real window, a real store file, the real keyring (run-ui-test.sh):
 * signers are added through the same function the file chooser and the
 * drop target call, and what the page shows is read back from its labels. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libintl.h>

#include "cf-application.h"
#include "cf-key-dialog.h"
#include "cf-signer-repo.h"
#include "cf-keyring.h"
#include "cf-institution-repo.h"
#include "cf-responsable-dialog.h"
#include "../core/test-plan-fixture.h"
#include "cf-signer-row.h"
#include "cf-signers-page.h"
#include "cf-test-ca.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

#define FIEL_CER "sat-test-certs/FIEL_AAA010101AAA/certificate.cer"
#define CSD_CER  "sat-test-certs/CSD01_AAA010101AAA/certificate.cer"

typedef struct
{
  char          *dir;
  CfStore       *store;
  GSettings     *settings;
  CfWindow      *window;
  CfSignersPage *page;
} Fixture;

/* One application for the binary (registered once, as a running app is);
 * each case builds its own window on its own store file. */
static CfApplication *app;
/* A CA of the institution's own, put in the user's trust folder
 * ($XDG_DATA_HOME/certifica/trust/): the generated signers are issued by it. */
static char *user_trust_dir;
static char *user_ca;

static gboolean
has_visible_icon (GtkWidget  *widget,
                  const char *icon_name)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_IMAGE (widget) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), icon_name) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_visible_icon (child, icon_name))
      return TRUE;
  return FALSE;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  cf_ui_spin_until (cf_ui_toplevel_shown, GSIZE_TO_POINTER (type));
  return cf_ui_find_toplevel (type);
}

static CfSignerRow *
first_row (Fixture *fixture)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (cf_signers_page_get_list (fixture->page), 0);

  return row != NULL ? CF_SIGNER_ROW (row) : NULL;
}

static gboolean
key_state_known (gpointer data)
{
  return cf_signer_row_get_key_state (CF_SIGNER_ROW (data)) != CF_SIGNER_KEY_CHECKING;
}

static guint
count_signers (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = cf_signer_repo_list (fixture->store, &error);

  g_assert_no_error (error);
  return signers->len;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;

  fixture->dir = cf_test_mkdtemp ();
  store_path = g_build_filename (fixture->dir, "certifica.db", NULL);
  fixture->store = cf_store_open (store_path, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new ("io.github.certifica.Certifica");

  {
    /* The window holds the context (and through it the store). */
    g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

    fixture->window = g_object_ref (cf_window_new (app, context));
  }
  /* An empty store opens on the incorporation (a first start). */
  cf_window_show_section (fixture->window, "signers");
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);

  fixture->page = cf_window_get_signers_page (fixture->window);
  g_assert_nonnull (fixture->page);
}

static void
close_other_toplevels (Fixture *fixture)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if (window != GTK_WINDOW (fixture->window))
        gtk_window_destroy (window);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  close_other_toplevels (fixture);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  /* Let cancelled keyring look-ups return before the window must be gone. */
  cf_ui_spin_a_little ();
  g_assert_finalize_object (fixture->window);
  /* Nothing else holds the store once the window is gone. */
  g_assert_finalize_object (fixture->store);
  g_clear_object (&fixture->settings);

  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */

/* A generated e.firma issued by @ca (the user's trusted CA when NULL). */
static char *
generate_issued (Fixture              *fixture,
                 const char           *basename,
                 const CfTestCertSpec *spec,
                 const char           *ca,
                 char                **key_path)
{
  g_autoptr(GError) error = NULL;
  char *cer_path = NULL;

  g_assert_true (cf_test_generate_cert (fixture->dir, basename, spec, &cer_path, key_path, &error));
  g_assert_no_error (error);
  cf_test_issue_by (cer_path, ca != NULL ? ca : user_ca, cer_path);
  return cer_path;
}

static void
test_shell (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWindow *about;
  GtkWindow *shortcuts;
  g_autofree char *text = NULL;

  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "signers");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "help"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "shortcuts"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  /* The empty page says what to do. */
  g_assert_null (first_row (fixture));
  text = cf_ui_shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "No Signers Yet"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  shortcuts = wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_window_destroy (shortcuts);
}

static void
test_add_fiel (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = cf_test_fixture_path (FIEL_CER);
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  CfSignerRow *row;

  if (path == NULL || sat_ca == NULL)
    {
      g_test_skip ("SAT fixtures or CA folder not found ($CF_FIXTURES_DIR)");
      return;
    }

  file = g_file_new_for_path (path);
  g_assert_true (cf_signers_page_add_file (fixture->page, file));
  g_assert_cmpuint (count_signers (fixture), ==, 1);
  g_assert_null (cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  row = first_row (fixture);
  g_assert_nonnull (row);
  cf_ui_spin_until (cf_ui_widget_is_mapped, row);

  text = cf_ui_shown_text (GTK_WIDGET (row));
  g_test_message ("Row shows:\n%s", text);
  g_assert_nonnull (strstr (text, "ACCEM SERVICIOS EMPRESARIALES SC"));
  g_assert_nonnull (strstr (text, "AAA010101AAA"));
  g_assert_nonnull (strstr (text, "HEGT761003MDFRNN09"));
  g_assert_nonnull (strstr (text, "30001000000300023685"));
  g_assert_nonnull (strstr (text, "e.firma"));
  /* Issued by SAT's test CA: accepted, with a warning in words. */
  g_assert_nonnull (strstr (text, "Test certificate"));
  g_assert_true (has_visible_icon (GTK_WIDGET (row), "dialog-warning-symbolic"));
  /* Expired: said in words, with an icon, not by colour alone. */
  g_assert_nonnull (strstr (text, "Expired on May 15, 2021"));
  g_assert_true (has_visible_icon (GTK_WIDGET (row), "dialog-error-symbolic"));

  /* The keyring answers: nothing kept for this signer yet. */
  cf_ui_spin_until (key_state_known, row);
  if (g_getenv ("CF_UI_TEST_KEYRING") != NULL)
    g_assert_cmpint (cf_signer_row_get_key_state (row), ==, CF_SIGNER_KEY_ABSENT);

  /* Adding it again is refused with the store's reason. */
  g_assert_false (cf_signers_page_add_file (fixture->page, file));
  g_assert_cmpuint (count_signers (fixture), ==, 1);
  g_assert_nonnull (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_refuse_csd (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = cf_test_fixture_path (CSD_CER);
  g_autoptr(GFile) file = NULL;
  g_autoptr(CfCertificate) csd = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expected = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  if (path == NULL)
    {
      g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
      return;
    }

  /* The reason the page must show is the core's own. */
  csd = cf_certificate_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_false (cf_certificate_check_can_sign_at (csd, NULL, &expected));
  g_assert_error (expected, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_EFIRMA);

  file = g_file_new_for_path (path);
  g_assert_false (cf_signers_page_add_file (fixture->page, file));
  g_assert_cmpuint (count_signers (fixture), ==, 0);
  g_assert_null (first_row (fixture));

  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Signer Not Added");
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("Refusal: %s", body);
  g_assert_nonnull (strstr (body, "certificate.cer"));
  g_assert_nonnull (strstr (body, expected->message));
}

/* The chain check of `efirma add`: a certificate no trusted CA issued is
 * refused with the reason and the folder where a CA is added on purpose;
 * once that CA's certificate is there, the same file is accepted. */
static void
test_refuse_not_sat (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_signed = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *other_ca = NULL;
  g_autofree char *by_other = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) other_file = NULL;
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000077" };
  CfTestCertSpec other_spec = { .serial_ascii = "30001000000500000078" };
  AdwMessageDialog *dialog;
  const char *body;
  gsize length = 0;

  /* Self-made, with SAT's name nowhere trusted. */
  g_assert_true (cf_test_generate_cert (fixture->dir, "self-made", &spec, &self_signed, &key_path, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (self_signed);
  g_assert_false (cf_signers_page_add_file (fixture->page, file));
  g_assert_cmpuint (count_signers (fixture), ==, 0);
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Signer Not Added");
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("Refusal: %s", body);
  g_assert_nonnull (strstr (body, "self-made.cer"));
  g_assert_nonnull (strstr (body, "not issued by SAT"));
  g_assert_nonnull (strstr (body, user_trust_dir));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Issued by a CA the user has not added: refused too. */
  other_ca = cf_test_make_ca (fixture->dir, "other-ca", NULL);
  by_other = generate_issued (fixture, "by-other", &other_spec, other_ca, &other_key);
  other_file = g_file_new_for_path (by_other);
  g_assert_false (cf_signers_page_add_file (fixture->page, other_file));
  g_assert_cmpuint (count_signers (fixture), ==, 0);
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The user puts that CA in the trust folder on purpose: accepted. */
  g_file_get_contents (other_ca, &contents, &length, &error);
  g_assert_no_error (error);
  installed = g_build_filename (user_trust_dir, "other-ca.pem", NULL);
  g_file_set_contents (installed, contents, length, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signers_page_add_file (fixture->page, other_file));
  g_assert_cmpuint (count_signers (fixture), ==, 1);
  g_assert_null (cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpint (g_unlink (installed), ==, 0);
}

/* Keeping the key of an e.firma that has expired, or soon will, says so in
 * the dialog before anything is stored. */
static void
test_store_expiry_warning (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *fiel = cf_test_fixture_path (FIEL_CER);
  g_autofree char *sat_ca = cf_test_sat_ca_dir ();
  g_autofree char *soon_path = NULL;
  g_autofree char *soon_key = NULL;
  g_autofree char *fine_path = NULL;
  g_autofree char *fine_key = NULL;
  g_autoptr(GFile) soon = NULL;
  g_autoptr(GFile) fine = NULL;
  CfTestCertSpec soon_spec = { .days_valid = 11, .serial_ascii = "30001000000500000081" };
  CfTestCertSpec fine_spec = { .serial_ascii = "30001000000500000082" };
  const char *numbers[] = { "30001000000500000081", "30001000000500000082", "30001000000300023685" };
  const char *expected[] = { "expires in 10 days", NULL, "expired on May 15, 2021" };

  soon_path = generate_issued (fixture, "soon", &soon_spec, NULL, &soon_key);
  fine_path = generate_issued (fixture, "fine", &fine_spec, NULL, &fine_key);
  soon = g_file_new_for_path (soon_path);
  fine = g_file_new_for_path (fine_path);
  g_assert_true (cf_signers_page_add_file (fixture->page, soon));
  g_assert_true (cf_signers_page_add_file (fixture->page, fine));
  if (fiel != NULL && sat_ca != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (fiel);

      g_assert_true (cf_signers_page_add_file (fixture->page, file));
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = NULL;
      CfKeyDialog *dialog;
      GtkListBoxRow *row = NULL;

      for (int j = 0; (row = gtk_list_box_get_row_at_index (cf_signers_page_get_list (fixture->page), j)) != NULL; j++)
        if (g_strcmp0 (cf_certificate_get_number (cf_signer_row_get_certificate (CF_SIGNER_ROW (row))), numbers[i]) == 0)
          break;
      if (row == NULL)
        continue;   /* no SAT fixtures */

      gtk_widget_activate_action (GTK_WIDGET (row), "row.store-key", NULL);
      dialog = CF_KEY_DIALOG (wait_for_toplevel (CF_TYPE_KEY_DIALOG));
      g_assert_cmpint (cf_key_dialog_get_mode (dialog), ==, CF_KEY_DIALOG_STORE);
      text = cf_ui_shown_text (GTK_WIDGET (dialog));
      g_test_message ("Store dialog for %s:\n%s", numbers[i], text);
      if (expected[i] != NULL)
        {
          g_assert_nonnull (strstr (text, expected[i]));
          g_assert_true (has_visible_icon (GTK_WIDGET (dialog), "dialog-warning-symbolic"));
        }
      else
        g_assert_null (strstr (text, "This e.firma expire"));
      gtk_window_destroy (GTK_WINDOW (dialog));
      cf_ui_spin_a_little ();
    }
}

/* A signer already in the store that no trusted CA issued (added before
 * the chain was checked, or whose CA left the trust folder): its card says
 * it cannot seal, in words and with an icon. */
static void
test_untrusted_in_store (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autofree char *text = NULL;
  CfTestCertSpec spec = { .serial_ascii = "30001000000500000091" };
  CfSignerRow *row;

  g_assert_true (cf_test_generate_cert (fixture->dir, "old-signer", &spec, &cer_path, &key_path, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer_path, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (fixture->store, certificate, &error));
  g_assert_no_error (error);

  row = first_row (fixture);
  g_assert_nonnull (row);
  text = cf_ui_shown_text (GTK_WIDGET (row));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Not issued by SAT"));
  g_assert_true (has_visible_icon (GTK_WIDGET (row), "dialog-error-symbolic"));
  g_assert_null (strstr (text, "Test certificate"));
}

static void
test_refuse_bad_files (Fixture       *fixture,
                       gconstpointer  data)
{
  static const guint8 garbage[] = { 0x30, 0x82, 0x01, 0x22, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x13 };
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.cer", NULL);
  g_autofree char *random = g_build_filename (fixture->dir, "random.cer", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.cer", NULL);
  const char *paths[] = { empty, random, missing };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  g_file_set_contents (random, (const char *) garbage, sizeof garbage, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autofree char *name = g_path_get_basename (paths[i]);
      AdwMessageDialog *dialog;

      g_assert_false (cf_signers_page_add_file (fixture->page, file));
      dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
      g_test_message ("%s", adw_message_dialog_get_body (dialog));
      g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), name));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  g_assert_cmpuint (count_signers (fixture), ==, 0);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *message;
} Finished;

static void
on_finished_cb (CfKeyDialog *dialog,
                gboolean     ok,
                const char  *message,
                Finished    *finished)
{
  finished->done = TRUE;
  finished->ok = ok;
  g_free (finished->message);
  finished->message = g_strdup (message);
}

static gboolean
finished_done (gpointer data)
{
  return ((Finished *) data)->done;
}

static void
on_close_request_after_cb (GtkWindow *window,
                           gboolean  *password_cleared)
{
  GtkWidget *password = cf_ui_find_widget (GTK_WIDGET (window), ADW_TYPE_PASSWORD_ENTRY_ROW);

  *password_cleared = g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (password)), "") == 0;
}

static CfSignerRow *
add_generated_signer (Fixture  *fixture,
                      char    **key_path)
{
  g_autofree char *cer_path = NULL;
  g_autoptr(GFile) cer = NULL;
  CfTestCertSpec spec = { 0 };
  CfSignerRow *row;

  cer_path = generate_issued (fixture, "signer", &spec, NULL, key_path);

  cer = g_file_new_for_path (cer_path);
  g_assert_true (cf_signers_page_add_file (fixture->page, cer));
  row = first_row (fixture);
  g_assert_nonnull (row);
  cf_ui_spin_until (key_state_known, row);

  return row;
}

static void
run_key_dialog (CfKeyDialog *dialog,
                const char  *password,
                Finished    *finished)
{
  GtkWidget *password_row = cf_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW);
  /* A stored key closes the dialog: keep it readable until the end. */
  g_autoptr(CfKeyDialog) hold = g_object_ref (dialog);

  finished->done = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  cf_key_dialog_run (dialog);
  g_assert_true (cf_key_dialog_get_busy (dialog));
  /* The typed password left the entry as the run started. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  cf_ui_spin_until (finished_done, finished);
  g_assert_false (cf_key_dialog_get_busy (dialog));
}

static void
test_verify_generated (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *key_path = NULL;
  g_autoptr(GFile) key = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dialog_text = NULL;
  Finished finished = { 0 };
  gboolean password_cleared = FALSE;
  CfSignerRow *row;
  CfKeyDialog *dialog;

  row = add_generated_signer (fixture, &key_path);
  text = cf_ui_shown_text (GTK_WIDGET (row));
  g_assert_nonnull (strstr (text, "PELM800101AB1"));
  g_assert_nonnull (strstr (text, "30001000000500003456"));
  g_assert_nonnull (strstr (text, "Valid until"));
  g_assert_true (has_visible_icon (GTK_WIDGET (row), "emblem-ok-symbolic"));

  /* The row's "Verify Key…" button. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.verify-key", NULL);
  dialog = CF_KEY_DIALOG (wait_for_toplevel (CF_TYPE_KEY_DIALOG));
  g_assert_cmpint (cf_key_dialog_get_mode (dialog), ==, CF_KEY_DIALOG_VERIFY);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished_cb), &finished);
  g_signal_connect_after (dialog, "close-request", G_CALLBACK (on_close_request_after_cb), &password_cleared);

  key = g_file_new_for_path (key_path);
  g_assert_true (cf_key_dialog_set_key_file (dialog, key));

  /* A wrong password: refused with the core's reason. */
  run_key_dialog (dialog, "not-the-password", &finished);
  g_assert_false (finished.ok);
  g_test_message ("Wrong password: %s", finished.message);
  dialog_text = cf_ui_shown_text (GTK_WIDGET (dialog));
  g_assert_nonnull (strstr (dialog_text, finished.message));

  /* The right one pairs and can sign. */
  run_key_dialog (dialog, "12345678a", &finished);
  g_assert_true (finished.ok);
  g_assert_cmpstr (finished.message, ==, "The private key and its password pair with this certificate, and it can sign.");

  /* Closing wipes the typed password. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (password_cleared);
  g_free (finished.message);
}

static gboolean
row_has_stored_key (gpointer data)
{
  CfSignerKeyState state = cf_signer_row_get_key_state (CF_SIGNER_ROW (data));

  return state == CF_SIGNER_KEY_STORED || state == CF_SIGNER_KEY_STORED_WITH_PASSWORD;
}

static gboolean
row_has_no_key (gpointer data)
{
  return cf_signer_row_get_key_state (CF_SIGNER_ROW (data)) == CF_SIGNER_KEY_ABSENT;
}

static gboolean
no_key_dialog (gpointer data)
{
  return cf_ui_find_toplevel (CF_TYPE_KEY_DIALOG) == NULL;
}

static void
test_keyring (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *key_path = NULL;
  g_autoptr(GFile) key = NULL;
  Finished finished = { 0 };
  CfSignerRow *row;
  CfKeyDialog *dialog;
  AdwMessageDialog *confirm;
  const char *number;

  if (g_getenv ("CF_UI_TEST_KEYRING") == NULL)
    {
      g_test_skip ("no gnome-keyring-daemon (run through run-ui-test.sh)");
      return;
    }

  row = add_generated_signer (fixture, &key_path);
  number = cf_certificate_get_number (cf_signer_row_get_certificate (row));
  g_assert_cmpint (cf_signer_row_get_key_state (row), ==, CF_SIGNER_KEY_ABSENT);

  /* Keep the key, and the password too. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.store-key", NULL);
  dialog = CF_KEY_DIALOG (wait_for_toplevel (CF_TYPE_KEY_DIALOG));
  g_assert_cmpint (cf_key_dialog_get_mode (dialog), ==, CF_KEY_DIALOG_STORE);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished_cb), &finished);
  key = g_file_new_for_path (key_path);
  g_assert_true (cf_key_dialog_set_key_file (dialog, key));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cf_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON)), TRUE);
  run_key_dialog (dialog, "12345678a", &finished);
  g_test_message ("Store: %s", finished.message);
  g_assert_true (finished.ok);
  cf_ui_spin_until (no_key_dialog, NULL);

  cf_ui_spin_until (row_has_stored_key, row);
  g_assert_cmpint (cf_signer_row_get_key_state (row), ==, CF_SIGNER_KEY_STORED_WITH_PASSWORD);
  g_assert_true (cf_keyring_has_key (number, NULL, NULL, NULL));

  /* Verify takes key and password from the keyring and runs at once. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.verify-key", NULL);
  dialog = CF_KEY_DIALOG (wait_for_toplevel (CF_TYPE_KEY_DIALOG));
  finished.done = FALSE;
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished_cb), &finished);
  cf_ui_spin_until (finished_done, &finished);
  g_assert_true (finished.ok);
  g_assert_false (gtk_widget_get_visible (cf_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW)));
  gtk_window_close (GTK_WINDOW (dialog));

  /* Remove it from the keyring, confirmed. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.forget-key", NULL);
  confirm = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "remove");
  cf_ui_spin_until (row_has_no_key, row);
  g_assert_false (cf_keyring_has_key (number, NULL, NULL, NULL));

  g_free (finished.message);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *key_path = NULL;
  g_autofree char *text = NULL;
  AdwMessageDialog *confirm;
  CfSignerRow *row;

  row = add_generated_signer (fixture, &key_path);
  g_assert_cmpuint (count_signers (fixture), ==, 1);

  /* Cancel keeps it. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.remove", NULL);
  confirm = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "cancel");
  cf_ui_spin_a_little ();
  g_assert_cmpuint (count_signers (fixture), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (row), "row.remove", NULL);
  confirm = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "remove");
  g_assert_cmpuint (count_signers (fixture), ==, 0);
  g_assert_null (first_row (fixture));

  text = cf_ui_shown_text (GTK_WIDGET (fixture->page));
  g_assert_nonnull (strstr (text, "No Signers Yet"));
}

/* ---- The Responsable values ---- */

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  g_autofree char *file = NULL;
  const char *language = g_getenv ("LANGUAGE");

  /* One per language the suite runs in. */
  file = g_strdup_printf ("%s-%s.png", name, language != NULL && *language != '\0' ? language : "C");
  cf_ui_screenshot (window, file);
}

static gboolean
responsable_known (gpointer data)
{
  return cf_signer_row_get_responsable (data) != NULL;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return cf_ui_find_toplevel (CF_TYPE_RESPONSABLE_DIALOG) == NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *id_cargo;
} CargoShown;

/* The page's first row shows @id_cargo (a new row after the refresh). */
static gboolean
row_shows_cargo (gpointer data)
{
  CargoShown *shown = data;
  CfSignerRow *row = first_row (shown->fixture);
  const CfSignerResponsable *responsable = row != NULL ? cf_signer_row_get_responsable (row) : NULL;

  return responsable != NULL && g_strcmp0 (responsable->id_cargo, shown->id_cargo) == 0;
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static GtkWidget *
find_save_button (GtkWidget *dialog)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_widgets (dialog, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "responsable.save") == 0)
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
  return NULL;
}

/* The campus rows' check buttons, in the dialog's order. */
static GPtrArray *
campus_checks (GtkWidget *dialog)
{
  GPtrArray *checks = g_ptr_array_new ();

  collect_widgets (dialog, GTK_TYPE_CHECK_BUTTON, checks);
  return checks;
}

static void
test_edit_responsable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *key_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  g_autoptr(CfPlanBook) book = NULL;
  g_autoptr(CfSignerResponsable) saved = NULL;
  g_autoptr(CfSignerResponsable) other_desk = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GError) error = NULL;
  CargoShown director = { fixture, "1" };
  GtkWindow *dialog;
  CfSignerRow *row;
  g_autofree char *number = NULL;

  /* Two campuses: the second career in 090205 NORTE. */
  for (guint r = 3; r < rows->len; r++)
    {
      cf_plan_row_set (g_ptr_array_index (rows, r), CF_PLAN_COL_ID_CAMPUS, "090205");
      cf_plan_row_set (g_ptr_array_index (rows, r), CF_PLAN_COL_CAMPUS, "NORTE");
    }
  book = cf_plan_book_new_from_rows (rows, rejected);
  g_assert_true (cf_plan_book_save_to_store (book, fixture->store, &error));
  g_assert_no_error (error);

  row = add_generated_signer (fixture, &key_path);
  /* A copy: the rows are made again when the signers change. */
  number = g_strdup (cf_certificate_get_number (cf_signer_row_get_certificate (row)));
  cf_ui_spin_until (responsable_known, row);

  /* The defaults, as the XML will carry them. */
  text = cf_ui_shown_text (GTK_WIDGET (row));
  g_test_message ("Row shows:\n%s", text);
  g_assert_nonnull (strstr (text, "MARIA DE LA LUZ PEREZ LOPEZ"));
  g_assert_nonnull (strstr (text, "idCargo 5"));
  g_assert_nonnull (strstr (text, "090101"));
  g_assert_nonnull (strstr (text, "090205 NORTE"));
  screenshot (GTK_WIDGET (fixture->window), "signers-responsable-defaults");

  /* Edited in the dialog: position, name, one campus. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.edit-responsable", NULL);
  dialog = wait_for_toplevel (CF_TYPE_RESPONSABLE_DIALOG);
  cf_ui_spin_until (cf_ui_widget_is_mapped, dialog);
  screenshot (GTK_WIDGET (dialog), "signers-responsable-dialog");

  adw_combo_row_set_selected (ADW_COMBO_ROW (cf_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW)), 0);
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    collect_widgets (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, entries);
    g_assert_cmpuint (entries->len, ==, 3);
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, "MARIA DE LA LUZ");
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 1)), ==, "PEREZ");

    /* A name without its first surname cannot be saved. */
    gtk_editable_set_text (g_ptr_array_index (entries, 1), "");
    cf_ui_spin_a_little ();
    g_assert_false (gtk_widget_get_sensitive (find_save_button (GTK_WIDGET (dialog))));
    /* "From the Certificate" gives the split name back. */
    gtk_editable_set_text (g_ptr_array_index (entries, 0), "X");
    gtk_widget_activate_action (GTK_WIDGET (dialog), "responsable.name-from-certificate", NULL);
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 0)), ==, "MARIA DE LA LUZ");
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 1)), ==, "PEREZ");
    g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (entries, 2)), ==, "LOPEZ");
    gtk_editable_set_text (g_ptr_array_index (entries, 0), "Ma. de la Luz");
    gtk_editable_set_text (g_ptr_array_index (entries, 1), "Pérez");
    gtk_editable_set_text (g_ptr_array_index (entries, 2), "López");
  }
  gtk_switch_set_active (GTK_SWITCH (cf_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SWITCH)), FALSE);
  cf_ui_spin_a_little ();
  /* No campus chosen: nothing to save. */
  g_assert_false (gtk_widget_get_sensitive (find_save_button (GTK_WIDGET (dialog))));
  checks = campus_checks (GTK_WIDGET (dialog));
  g_assert_cmpuint (checks->len, ==, 2);
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  cf_ui_spin_a_little ();
  g_assert_true (gtk_widget_get_sensitive (find_save_button (GTK_WIDGET (dialog))));
  screenshot (GTK_WIDGET (dialog), "signers-responsable-dialog-edited");

  /* Saved in a worker; the dialog closes and goes away (nothing keeps it). */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "responsable.save", NULL);
  cf_ui_spin_until (dialog_gone, NULL);
  cf_ui_spin_until (pointer_cleared, &dialog);
  saved = cf_signer_repo_get_responsable (fixture->store, number, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->id_cargo, ==, "1");
  g_assert_cmpstr (saved->nombre, ==, "MA. DE LA LUZ");
  g_assert_cmpstr (saved->primer_apellido, ==, "PÉREZ");
  g_assert_cmpstr (saved->segundo_apellido, ==, "LÓPEZ");
  g_assert_cmpuint (g_strv_length (saved->campuses), ==, 1);
  g_assert_cmpstr (saved->campuses[0], ==, "090205");

  /* The page shows what was saved. */
  cf_ui_spin_until (row_shows_cargo, &director);
  row = first_row (fixture);
  g_free (text);
  text = cf_ui_shown_text (GTK_WIDGET (row));
  g_test_message ("Row shows:\n%s", text);
  g_assert_nonnull (strstr (text, "MA. DE LA LUZ PÉREZ LÓPEZ"));
  g_assert_nonnull (strstr (text, "idCargo 1"));
  g_assert_nonnull (strstr (text, "090205 NORTE"));
  g_assert_null (strstr (text, "090101"));
  screenshot (GTK_WIDGET (fixture->window), "signers-responsable-saved");

  /* Another desk changes the signer while the dialog is open: the save is
   * refused and said in the dialog, the other desk's values kept. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.edit-responsable", NULL);
  dialog = wait_for_toplevel (CF_TYPE_RESPONSABLE_DIALOG);
  other_desk = cf_signer_responsable_copy (saved);
  other_desk->row_version = 0;
  g_free (other_desk->id_cargo);
  other_desk->id_cargo = g_strdup ("3");
  {
    g_autoptr(CfStore) desk = cf_store_open (cf_store_get_location (fixture->store), &error);

    g_assert_no_error (error);
    g_assert_true (cf_signer_repo_set_responsable (desk, number, other_desk, &error));
    g_assert_no_error (error);
  }
  gtk_widget_activate_action (GTK_WIDGET (dialog), "responsable.save", NULL);
  cf_ui_spin_until (cf_ui_widget_is_mapped, dialog);
  while (cf_responsable_dialog_is_saving (CF_RESPONSABLE_DIALOG (dialog)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cf_ui_find_toplevel (CF_TYPE_RESPONSABLE_DIALOG) == dialog);
  g_clear_pointer (&saved, cf_signer_responsable_free);
  saved = cf_signer_repo_get_responsable (fixture->store, number, &error);
  g_assert_cmpstr (saved->id_cargo, ==, "3");
  gtk_window_destroy (dialog);
  cf_ui_spin_until (dialog_gone, NULL);
}

static void
test_warning_days (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GFile) cer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CfTestCertSpec spec = { .days_valid = 11 };
  CfSignerRow *row;

  /* Starts yesterday, ends in ten days: inside the default 30. */
  cer_path = generate_issued (fixture, "soon", &spec, NULL, &key_path);
  cer = g_file_new_for_path (cer_path);
  g_assert_true (cf_signers_page_add_file (fixture->page, cer));
  row = first_row (fixture);

  before = cf_ui_shown_text (GTK_WIDGET (row));
  g_test_message ("%s", before);
  g_assert_nonnull (strstr (before, "Expires in"));
  g_assert_true (has_visible_icon (GTK_WIDGET (row), "dialog-warning-symbolic"));

  /* A shorter warning window, set in GSettings, takes effect at once. */
  g_settings_set_uint (settings, "expiry-warning-days", 5);
  after = cf_ui_shown_text (GTK_WIDGET (row));
  g_assert_nonnull (strstr (after, "Valid until"));
  g_settings_reset (settings, "expiry-warning-days");
}

/* What `certifica` does at start: CERTIFICA_STORE names the store, activate
 * opens a window on it. */
static void
test_application (void)
{
  GtkWindow *window;
  CfStore *store = cf_application_get_store (app);

  g_assert_nonnull (store);
  g_assert_cmpstr (cf_store_get_path (store), ==, g_getenv ("CERTIFICA_STORE"));

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CF_IS_WINDOW (window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cf_window_get_signers_page (CF_WINDOW (window)))));

  /* Activating again presents the same window. */
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == window);

  g_object_ref (window);
  gtk_window_destroy (window);
  cf_ui_spin_a_little ();
  g_assert_finalize_object (window);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* What the page does with files dropped from a file manager: the drop
 * target's handler gets a GdkFileList (GTK's drag machinery is not run). */
static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *bad_path = g_build_filename (fixture->dir, "notes.cer", NULL);
  g_autoptr(GFile) cer = NULL;
  g_autoptr(GFile) bad = NULL;
  GFile *files[2];
  GdkFileList *list;
  GtkDropTarget *target;
  CfTestCertSpec spec = { 0 };
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;
  AdwMessageDialog *dialog;

  cer_path = generate_issued (fixture, "dropped", &spec, NULL, &key_path);
  g_file_set_contents (bad_path, "not a certificate", -1, &error);
  g_assert_no_error (error);
  cer = g_file_new_for_path (cer_path);
  bad = g_file_new_for_path (bad_path);
  files[0] = cer;
  files[1] = bad;

  target = find_drop_target (GTK_WIDGET (fixture->page));
  g_assert_nonnull (target);

  list = gdk_file_list_new_from_array (files, G_N_ELEMENTS (files));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);

  g_assert_true (handled);
  g_assert_cmpuint (count_signers (fixture), ==, 1);
  g_assert_nonnull (first_row (fixture));

  /* The file that is not a certificate is named in the message. */
  dialog = ADW_MESSAGE_DIALOG (wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "notes.cer"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "dropped.cer"));

  /* A single GFile, as some sources offer. */
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, cer);
  handled = FALSE;
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  g_assert_cmpuint (count_signers (fixture), ==, 1);   /* already there */
}

static void
note_focus (GtkWidget *focus,
            GString   *order,
            gboolean  *saw_add,
            gboolean  *saw_verify,
            gboolean  *saw_menu)
{
  const char *label = NULL;

  for (GtkWidget *w = focus; w != NULL && label == NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_BUTTON (w))
      label = gtk_button_get_label (GTK_BUTTON (w));
  g_string_append_printf (order, "%s(%s) ", G_OBJECT_TYPE_NAME (focus), label ? label : "");

  if (gtk_widget_get_ancestor (focus, CF_TYPE_SIGNER_ROW) != NULL)
    {
      if (gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON) != NULL)
        *saw_menu = TRUE;
      else if (g_strcmp0 (label, "_Verify Key…") == 0)
        *saw_verify = TRUE;
    }
  else if (gtk_widget_get_ancestor (focus, CF_TYPE_SIGNERS_PAGE) != NULL && GTK_IS_BUTTON (focus))
    *saw_add = TRUE;   /* the header's "Add Signer…" */
}

/* Tab, as GtkWindow does it, from the window's first focus: every verb of
 * the page is on the way (a flow box or a row must not keep the focus). */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *key_path = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  gboolean saw_add = FALSE, saw_verify = FALSE, saw_menu = FALSE;
  GtkWidget *focus;

  add_generated_signer (fixture, &key_path);

  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  if (focus != NULL)
    note_focus (focus, order, &saw_add, &saw_verify, &saw_menu);

  for (int i = 0; i < 40 && !(saw_add && saw_verify && saw_menu); i++)
    {
      GtkWidget *before = gtk_root_get_focus (GTK_ROOT (fixture->window));

      if (!gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD))
        {
          /* Past the last widget: GtkWindow starts again from the top. */
          gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
          continue;
        }
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_nonnull (focus);
      g_assert_true (focus != before);
      note_focus (focus, order, &saw_add, &saw_verify, &saw_menu);
    }

  g_test_message ("Tab order: %s", order->str);
  g_assert_true (saw_add);
  g_assert_true (saw_verify);
  g_assert_true (saw_menu);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  int status;

  g_setenv ("GTK_A11Y", "none", FALSE);
  dir = cf_test_mkdtemp ();
  store_path = g_build_filename (dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", store_path, TRUE);

  /* Trust: SAT's test CAs (for the FIEL fixture) instead of the production
   * bundle, and the user's folder, made here, with the institution's CA. */
  {
    g_autofree char *data_home = g_build_filename (dir, "data", NULL);
    g_autofree char *sat_ca = cf_test_sat_ca_dir ();

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    user_trust_dir = g_build_filename (data_home, "certifica", "trust", NULL);
    g_assert_cmpint (g_mkdir_with_parents (user_trust_dir, 0700), ==, 0);
    user_ca = cf_test_make_ca (user_trust_dir, "institution-ca", NULL);
    if (sat_ca != NULL)
      {
        g_autofree char *test_cas = g_build_filename (sat_ca, "test", NULL);

        g_setenv ("CERTIFICA_TRUST_DIR", test_cas, TRUE);
      }
  }

  gtk_test_init (&argc, &argv, NULL);
  /* Run by hand with LANGUAGE=es_MX (and LC_ALL=es_MX.UTF-8) for the
   * screenshots in Spanish, with the build's catalogue; the suite runs in
   * English, which its assertions read. */
  {
    const char *language = g_getenv ("LANGUAGE");
    const char *localedir = g_getenv ("CF_LOCALEDIR");

    if (language != NULL && g_str_has_prefix (language, "es") && localedir != NULL &&
        setlocale (LC_ALL, "es_MX.UTF-8") != NULL)
      {
        bindtextdomain (GETTEXT_PACKAGE, localedir);
        textdomain (GETTEXT_PACKAGE);
        bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      }
  }
  adw_init ();

  app = cf_ui_app_new ();

  g_test_add_func ("/ui/application/store", test_application);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/ui/window/shell", test_shell);
  ADD ("/ui/signers/add-fiel", test_add_fiel);
  ADD ("/ui/signers/refuse-csd", test_refuse_csd);
  ADD ("/ui/signers/refuse-not-sat", test_refuse_not_sat);
  ADD ("/ui/signers/store-expiry-warning", test_store_expiry_warning);
  ADD ("/ui/signers/untrusted-in-store", test_untrusted_in_store);
  ADD ("/ui/signers/refuse-bad-files", test_refuse_bad_files);
  ADD ("/ui/signers/verify-generated", test_verify_generated);
  ADD ("/ui/signers/keyring", test_keyring);
  ADD ("/ui/signers/remove", test_remove);
  ADD ("/ui/signers/edit-responsable", test_edit_responsable);
  ADD ("/ui/signers/warning-days", test_warning_days);
  ADD ("/ui/signers/keyboard", test_keyboard);
  ADD ("/ui/signers/drop", test_drop);

#undef ADD

  status = g_test_run ();

  g_clear_object (&app);
  cf_test_rmdir (dir);
  g_free (user_trust_dir);
  g_free (user_ca);
  return status;
}
