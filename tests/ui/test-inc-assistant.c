/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's frame (issue 15) in the real window on a real
 * store file: a first start opens on the Incorporación section, a store
 * with signers on Firmantes; "Continuar" opens the wizard where the work
 * of the current stage is; "Siguiente" follows the page (insensitive with
 * what is missing as its tooltip, sensitive when complete); "Resumen"
 * comes back; the stages' rows say when SEP's answer is due; the
 * Requisitos checklist fills in from what was entered, and a reopened
 * window shows it (nothing typed is lost). Screenshots in Spanish. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "cf-application.h"
#include "cf-date.h"
#include "cf-inc-overview.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

typedef struct
{
  char          *dir;
  char          *store_path;
  CfStore       *store;
  GSettings     *settings;
  CfWindow      *window;
  CfIncOverview *overview;
} Fixture;

static CfApplication *app;

/* The button under @widget whose label is @label (untranslated). */
static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), g_dgettext (GETTEXT_PACKAGE, label)) == 0)
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* "clicked" at once: gtk_widget_activate() on a button clicks it only
 * after its press animation. */
static void
click (GtkButton *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cf_test_mkdtemp ();
  fixture->store_path = g_build_filename (fixture->dir, "certifica.db", NULL);
  fixture->store = cf_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new ("io.github.certifica.Certifica");
}

static void
open_window (Fixture *fixture)
{
  g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

  fixture->window = g_object_ref (cf_window_new (app, context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);
  fixture->overview = CF_INC_OVERVIEW (cf_ui_find_widget (GTK_WIDGET (fixture->window), CF_TYPE_INC_OVERVIEW));
  g_assert_nonnull (fixture->overview);
  g_assert_nonnull (cf_inc_overview_get_incorporation (fixture->overview));
}

static void
close_window (Fixture *fixture)
{
  if (fixture->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  cf_ui_spin_a_little ();
  g_assert_finalize_object (fixture->window);
  fixture->window = NULL;
  fixture->overview = NULL;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  close_window (fixture);
  g_clear_object (&fixture->settings);
  g_assert_finalize_object (fixture->store);
  cf_test_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

static void
test_first_start (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  CfTestCertSpec spec = { 0 };
  g_autofree char *text = NULL;

  /* Nothing in the store: the incorporation is what comes first. */
  open_window (fixture);
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "incorporation");
  g_assert_true (cf_inc_overview_comes_first (fixture->overview));
  text = cf_ui_shown_text (GTK_WIDGET (fixture->overview));
  g_assert_nonnull (strstr (text, cf_incorporation_stage_title (CF_INCORPORATION_STAGE_PRUEBAS)));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "inc-overview-first-start.png");
  close_window (fixture);

  /* An office that already seals (a signer there) opens on Firmantes. */
  spec.name = "MARIA DE LA LUZ PEREZ LOPEZ";
  g_assert_true (cf_test_generate_cert (fixture->dir, "signer", &spec, &cer, &key, &error));
  g_assert_no_error (error);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  g_assert_true (cf_signer_repo_add (fixture->store, certificate, &error));
  g_assert_no_error (error);
  g_unlink (key);
  open_window (fixture);
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "signers");
  g_assert_false (cf_inc_overview_comes_first (fixture->overview));

  /* Once the incorporation is under way, it comes first until production. */
  g_assert_true (cf_incorporation_set_value (cf_inc_overview_get_incorporation (fixture->overview),
                                             CF_INC_NOMBRE, "UNIVERSIDAD DEL VALLE DE TLAXCALA", &error));
  g_assert_no_error (error);
  close_window (fixture);
  open_window (fixture);
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "incorporation");
  g_assert_true (cf_incorporation_mark_done (cf_inc_overview_get_incorporation (fixture->overview),
                                             CF_INCORPORATION_STAGE_PRODUCCION, &error));
  g_assert_no_error (error);
  close_window (fixture);
  open_window (fixture);
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "signers");
}

static void
test_navigation (Fixture       *fixture,
                 gconstpointer  data)
{
  CfIncAssistant *assistant;
  CfIncPage *page;
  GtkButton *next;
  GtkButton *previous;
  guint n_pages;

  open_window (fixture);
  cf_window_show_section (fixture->window, "incorporation");
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->overview);
  assistant = cf_inc_overview_get_assistant (fixture->overview);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (assistant)));

  /* "Continuar": the wizard, on a page of the stage to work on. */
  click (find_button (GTK_WIDGET (fixture->overview), "_Continue"));
  cf_ui_spin_until (cf_ui_widget_is_mapped, assistant);
  page = cf_inc_assistant_get_current_page (assistant);
  g_assert_nonnull (page);
  g_assert_cmpuint (cf_inc_page_get_stage (page), ==, CF_INCORPORATION_STAGE_REGISTRO);
  n_pages = cf_inc_assistant_get_n_pages (assistant);
  g_assert_cmpuint (n_pages, >=, 1);

  /* The first page is "Requisitos", which only tells: always complete. */
  cf_inc_assistant_go_to (assistant, 0);
  page = cf_inc_assistant_get_current_page (assistant);
  g_assert_true (cf_inc_page_get_complete (page));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "inc-requisitos.png");

  next = find_button (GTK_WIDGET (assistant), n_pages > 1 ? "_Next" : "_Finish");
  previous = find_button (GTK_WIDGET (assistant), "_Previous");
  g_assert_nonnull (next);
  g_assert_nonnull (previous);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (next)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (previous)));

  /* A page that is not complete holds "Siguiente" and says why. */
  cf_inc_page_set_missing (page, "Falta algo de prueba.");
  cf_inc_page_set_complete (page, FALSE);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (next)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (next)), ==, "Falta algo de prueba.");
  cf_inc_assistant_next (assistant);
  g_assert_true (cf_inc_assistant_get_current_page (assistant) == page);
  cf_inc_page_set_complete (page, TRUE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (next)));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (next)));

  if (n_pages > 1)
    {
      click (next);
      g_assert_cmpuint (cf_inc_assistant_get_current_index (assistant), ==, 1);
      g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (previous)));
      click (previous);
      g_assert_cmpuint (cf_inc_assistant_get_current_index (assistant), ==, 0);

      /* The last page's button finishes: back to the overview. */
      cf_inc_assistant_go_to (assistant, n_pages - 1);
      g_assert_cmpstr (gtk_button_get_label (next), ==, g_dgettext (GETTEXT_PACKAGE, "_Finish"));
    }

  /* "Resumen" comes back to the stages. */
  click (find_button (GTK_WIDGET (assistant), "_Overview"));
  cf_ui_spin_until (cf_ui_widget_is_mapped, find_button (GTK_WIDGET (fixture->overview), "_Continue"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (assistant)));
}

static void
test_stages_and_checklist (Fixture       *fixture,
                           gconstpointer  data)
{
  CfIncorporation *incorporation;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *requisitos = NULL;
  g_autofree char *ready = NULL;
  CfIncAssistant *assistant;

  open_window (fixture);
  incorporation = cf_inc_overview_get_incorporation (fixture->overview);
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_NOMBRE, "UNIVERSIDAD DEL VALLE DE TLAXCALA", &error));
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_ID_INSTITUCION, "090123", &error));
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_ENLACE, "Rosa María Juárez", &error));
  g_assert_true (cf_incorporation_set_value (incorporation, CF_INC_EMAIL, "control.escolar@udvt.edu.mx", &error));
  /* Sent on Friday 18 December 2026: 15 business days later skips the
   * weekends, 25 December and 1 January. */
  g_assert_true (cf_incorporation_mark_sent (incorporation, CF_INCORPORATION_STAGE_REGISTRO, "2026-12-18", &error));
  g_assert_no_error (error);

  cf_window_show_section (fixture->window, "incorporation");
  cf_inc_overview_show_overview (fixture->overview);
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->overview);
  text = cf_ui_shown_text (GTK_WIDGET (fixture->overview));
  {
    g_autofree char *since = cf_date_text_to_words ("2026-12-18");
    g_autofree char *due = cf_date_text_to_words (cf_incorporation_get_due (incorporation, CF_INCORPORATION_STAGE_REGISTRO));

    g_assert_cmpstr (cf_incorporation_get_due (incorporation, CF_INCORPORATION_STAGE_REGISTRO), ==, "2027-01-12");
    g_assert_nonnull (strstr (text, since));
    g_assert_nonnull (strstr (text, due));
  }
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "inc-overview-waiting.png");
  close_window (fixture);

  /* Reopened: the values came back from the store, and the checklist
   * ticks the institution's data (one of seven). */
  open_window (fixture);
  incorporation = cf_inc_overview_get_incorporation (fixture->overview);
  g_assert_cmpstr (cf_incorporation_get_value (incorporation, CF_INC_ENLACE), ==, "Rosa María Juárez");
  g_assert_cmpint (cf_incorporation_get_state (incorporation, CF_INCORPORATION_STAGE_REGISTRO), ==,
                   CF_INCORPORATION_WAITING);
  assistant = cf_inc_overview_get_assistant (fixture->overview);
  cf_window_show_section (fixture->window, "incorporation");
  cf_inc_overview_open_stage (fixture->overview, CF_INCORPORATION_STAGE_REGISTRO);
  cf_inc_assistant_go_to (assistant, 0);
  cf_ui_spin_until (cf_ui_widget_is_mapped, assistant);
  requisitos = cf_ui_shown_text (GTK_WIDGET (cf_inc_assistant_get_current_page (assistant)));
  ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u ready.", "%u of %u ready.", 1), 1, 7);
  g_assert_nonnull (strstr (requisitos, ready));
}

/* The XML stage has no step in the wizard: "Continuar" becomes "Abrir
 * Certificados" and goes there. */
static void
test_xml_stage (Fixture       *fixture,
                gconstpointer  data)
{
  CfIncorporation *incorporation;
  g_autoptr(GError) error = NULL;
  GtkButton *open;

  open_window (fixture);
  incorporation = cf_inc_overview_get_incorporation (fixture->overview);
  g_assert_true (cf_incorporation_mark_done (incorporation, CF_INCORPORATION_STAGE_REGISTRO, &error));
  g_assert_true (cf_incorporation_mark_done (incorporation, CF_INCORPORATION_STAGE_PROGRAMA, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cf_incorporation_get_current_stage (incorporation), ==, CF_INCORPORATION_STAGE_XML);

  cf_window_show_section (fixture->window, "incorporation");
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->overview);
  g_assert_null (find_button (GTK_WIDGET (fixture->overview), "_Continue"));
  open = find_button (GTK_WIDGET (fixture->overview), "Open _Certificates");
  g_assert_nonnull (open);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "inc-overview-xml.png");
  click (open);
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "certificates");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;

  g_setenv ("GTK_A11Y", "test", TRUE);
  dir = cf_test_mkdtemp ();
  store_path = g_build_filename (dir, "app.db", NULL);
  g_setenv ("CERTIFICA_STORE", store_path, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* In Spanish when the catalogue is built: what registrars read. */
  {
    const char *localedir = g_getenv ("CF_LOCALEDIR");
    g_autofree char *mo = localedir != NULL ? g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL) : NULL;

    if (mo != NULL && g_file_test (mo, G_FILE_TEST_EXISTS) && setlocale (LC_ALL, "es_MX.UTF-8") != NULL)
      {
        g_setenv ("LANGUAGE", "es_MX:es", TRUE);
        bindtextdomain (GETTEXT_PACKAGE, localedir);
        textdomain (GETTEXT_PACKAGE);
        bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      }
  }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = cf_ui_app_new ();

  g_test_add ("/ui/incorporation/first-start", Fixture, NULL, fixture_setup, test_first_start, fixture_teardown);
  g_test_add ("/ui/incorporation/navigation", Fixture, NULL, fixture_setup, test_navigation, fixture_teardown);
  g_test_add ("/ui/incorporation/xml-stage", Fixture, NULL, fixture_setup, test_xml_stage, fixture_teardown);
  g_test_add ("/ui/incorporation/stages-and-checklist", Fixture, NULL, fixture_setup, test_stages_and_checklist, fixture_teardown);

  return g_test_run ();
}
