/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Certificados section in the real window on a real SQLite store with
 * a Programa de Estudios and imported students: the counts per state, the
 * filters and the search, a certificate selected with its problems, a
 * problem leading to its subject row, a name corrected (saved, in the
 * bitácora, the certificate back to draft until checked again). Screenshots
 * (in Spanish when the catalogue is built) at 1200×680 and 900 px wide. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "cf-application.h"
#include "cf-cert-item.h"
#include "cf-cert-repo.h"
#include "cf-certs-page.h"
#include "cf-finding.h"
#include "cf-student-repo.h"
#include "cf-ui-test-util.h"
#include "cf-window.h"

#include "../core/test-plan-fixture.h"
#include "../cf-test-ca.h"
#include "../cli/cf-certs-seal-fixture.h"
#include "cf-certs-seal-dialog.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-certs-seal.h"
#include "cf-keyring.h"
#include "cf-preview-view.h"

typedef struct
{
  char        *dir;
  char        *store_path;
  CfStore     *store;
  GSettings   *settings;
  CfWindow    *window;
  CfCertsPage *page;
} Fixture;

static CfApplication *app;

static gboolean
page_is_idle (gpointer data)
{
  return !cf_certs_page_get_busy (CF_CERTS_PAGE (data));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkDropDown *
get_filter (Fixture    *fixture,
            const char *name)
{
  GtkWidget *dropdown = find_named (GTK_WIDGET (fixture->page), name);

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  return GTK_DROP_DOWN (dropdown);
}

static guint
n_items (Fixture *fixture)
{
  return g_list_model_get_n_items (cf_certs_page_get_items (fixture->page));
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} CountQuery;

static gboolean
items_shown (gpointer data)
{
  CountQuery *query = data;

  return !cf_certs_page_get_busy (query->fixture->page) && n_items (query->fixture) == query->n;
}

static void
wait_for_items (Fixture *fixture,
                guint    n)
{
  CountQuery query = { fixture, n };

  cf_ui_spin_until (items_shown, &query);
}

static CfCertItem *
item_at (Fixture *fixture,
         guint    position)
{
  CfCertItem *item = g_list_model_get_item (cf_certs_page_get_items (fixture->page), position);

  g_assert_nonnull (item);
  g_object_unref (item);   /* the list keeps it */
  return item;
}

/* ------------------------------------------------------------------ */
/* The store                                                           */
/* ------------------------------------------------------------------ */

static char *
steal_set (char       **field,
           const char  *value)
{
  g_free (*field);
  return *field = g_strdup (value);
}

static CfStudent *
make_student (const char *matricula,
              const char *nombre,
              const char *primer_apellido,
              const char *segundo_apellido,
              const char *curp,
              const char *id_carrera,
              const char *clave_plan,
              const char *id_campus)
{
  CfStudent *s = cf_student_new ();
  static const char * const plan_2018[][3] = {
    { "1001", "2018-1", "9" }, { "1002", "2018-1", "8.5" }, { "1003", "2018-2", "10" },
  };
  static const char * const plan_2020[][3] = {
    { "2001", "2020-1", "9" }, { "2002", "2020-2", "8" },
  };
  gboolean first = g_str_equal (clave_plan, "2018");
  guint n = first ? G_N_ELEMENTS (plan_2018) : G_N_ELEMENTS (plan_2020);

  steal_set (&s->matricula, matricula);
  steal_set (&s->id_carrera, id_carrera);
  steal_set (&s->clave_plan, clave_plan);
  steal_set (&s->nombre, nombre);
  steal_set (&s->primer_apellido, primer_apellido);
  steal_set (&s->segundo_apellido, segundo_apellido);
  steal_set (&s->curp, curp);
  steal_set (&s->id_campus, id_campus);
  steal_set (&s->id_genero, "251");
  steal_set (&s->fecha_nacimiento, "1999-05-01");
  steal_set (&s->id_tipo_certificacion, "79");
  steal_set (&s->fecha_expedicion, "2024-06-30");
  for (guint i = 0; i < n; i++)
    {
      CfGrade *g = cf_grade_new ();
      const char * const *subject = first ? plan_2018[i] : plan_2020[i];

      steal_set (&g->id_asignatura, subject[0]);
      steal_set (&g->ciclo, subject[1]);
      steal_set (&g->calificacion, subject[2]);
      g_ptr_array_add (s->grades, g);
    }
  return s;
}

static gint64
id_of (CfStore    *store,
       const char *matricula)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cf_cert_repo_list (store, NULL, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CfCertRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->student->matricula, matricula))
        return row->id;
    }
  g_assert_not_reached ();
}

/* A check's outcome, as cf-certs-check records it. */
static void
set_check (CfStore    *store,
           const char *matricula,
           CfFinding  *finding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = cf_finding_list_new ();
  g_autoptr(CfCertRow) row = cf_cert_repo_get (store, id_of (store, matricula), &error);
  g_autofree char *json = NULL;
  CfCertCheckResult result = { 0 };

  g_assert_no_error (error);
  if (finding != NULL)
    g_ptr_array_add (findings, finding);
  json = cf_finding_list_to_json (findings);
  result.id = row->id;
  result.row_version = row->row_version;
  result.ready = !cf_finding_list_has_errors (findings);
  result.findings = json;
  g_assert_true (cf_cert_repo_set_checks (store, &result, 1, NULL, &error));
  g_assert_no_error (error);
}

static void
fill_store (CfStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GPtrArray) students = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_student_free);
  guint n_created = 0;

  g_assert_true (cf_plan_book_save_to_store (book, store, &error));
  g_assert_no_error (error);

  g_ptr_array_add (students, make_student ("A001", "JOSE LUIS", "PEÑA", "DE LA CRUZ", "PECJ990501HDFXXX01",
                                           "101", "2018", "090101"));
  g_ptr_array_add (students, make_student ("A002", "MARIA", "LOPEZ", "RAMIREZ", "LORM990501MDFXXX02",
                                           "101", "2018", "090101"));
  g_ptr_array_add (students, make_student ("B003", "ANA", "IÑIGUEZ", "SOLIS", "IISA990501MDFXXX03",
                                           "102", "2020", "090101"));
  g_assert_true (cf_student_repo_import (store, students, "alumnos.csv", &error));
  g_assert_no_error (error);
  g_assert_true (cf_cert_repo_ensure_all (store, &n_created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_created, ==, 3);

  /* A001 ready; A002 with an error in its second subject's cycle; B003
   * never checked. */
  set_check (store, "A001", cf_finding_new (CF_FINDING_WARNING, "student.email", "/Alumno/@correo",
                                            "No e-mail address: needed to deliver the certificate."));
  /* As a check run in English (by the CLI) stores it: the message's key
   * and arguments beside the English text. */
  set_check (store, "A002",
             cf_finding_new_keyed (CF_FINDING_ERROR, "student.observation-missing",
                                   "/Dec/Asignaturas/Asignatura[2]/@ciclo", "student.observation-missing",
                                   (const char *[]) { "DER102", "2020-2", NULL },
                                   "Subject DER102 was failed before and passed in cycle 2020-2, so it needs the "
                                   "observation of how it was passed (71 examen extraordinario, 72 título de "
                                   "suficiencia, 74 recursamiento…). Add it in the subjects table."));
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

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
open_window (Fixture *fixture,
             int      width)
{
  g_autoptr(CfContext) context = cf_context_new (fixture->store, fixture->settings);

  fixture->window = g_object_ref (cf_window_new (app, context));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->window);

  fixture->page = CF_CERTS_PAGE (cf_ui_find_widget (GTK_WIDGET (fixture->window), CF_TYPE_CERTS_PAGE));
  g_assert_nonnull (fixture->page);
  cf_window_show_section (fixture->window, "certs");
  /* F1 here opens the section's own help page. */
  g_assert_cmpstr (cf_window_get_help_section (fixture->window), ==, "certificates");
  cf_ui_spin_until (cf_ui_widget_is_mapped, fixture->page);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      cf_ui_spin_until (page_is_idle, fixture->page);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      cf_ui_spin_a_little ();
      g_assert_finalize_object (fixture->window);
    }
  g_assert_finalize_object (fixture->store);
  g_clear_object (&fixture->settings);

  cf_test_rmdir (fixture->dir);
  g_free (fixture->store_path);
  g_free (fixture->dir);
}

/* ------------------------------------------------------------------ */

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkStack *stack;

  open_window (fixture, 1200);
  cf_ui_spin_until (page_is_idle, fixture->page);
  g_assert_cmpuint (n_items (fixture), ==, 0);
  stack = GTK_STACK (cf_ui_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-empty-1200.png");
}

static void
select_filter (Fixture    *fixture,
               const char *name,
               guint       position,
               guint       expected)
{
  gtk_drop_down_set_selected (get_filter (fixture, name), position);
  wait_for_items (fixture, expected);
}

static void
search (Fixture    *fixture,
        const char *text,
        guint       expected)
{
  GtkWidget *entry = cf_ui_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* search-changed comes after a short delay */
  cf_ui_spin_for (400);
  wait_for_items (fixture, expected);
}

static gboolean
detail_shown (gpointer data)
{
  Fixture *fixture = data;

  return !cf_certs_page_get_busy (fixture->page) && cf_certs_page_get_detail (fixture->page) != NULL;
}

static GtkWidget *
find_entry_row (Fixture    *fixture,
                const char *name)
{
  GtkWidget *row = find_named (GTK_WIDGET (fixture->page), name);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  return row;
}

/* The ✓ of an AdwEntryRow: its only button (no suffixes here). */
static gboolean
apply_button_shown (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_get_visible (child))
        return TRUE;
      if (gtk_widget_get_visible (child) && apply_button_shown (child))
        return TRUE;
    }
  return FALSE;
}

static void
test_workspace (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfCertRow) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  GtkSelectionModel *selection;
  GtkListBox *findings_list;
  GtkListBoxRow *finding_row;
  GtkColumnView *subjects;
  GtkWidget *row;
  GPtrArray *findings;

  fill_store (fixture->store);
  open_window (fixture, 1200);
  wait_for_items (fixture, 3);

  /* Counts per state, unfiltered. */
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_BORRADOR), ==, 2);
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_LISTO), ==, 1);
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_SELLADO), ==, 0);
  /* The name as printed, from the capitals. */
  g_assert_cmpstr (cf_cert_item_get_name (item_at (fixture, 0)), ==, "José Luis Peña de la Cruz");
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-list-1200.png");

  /* Filters: state (1 = draft, 2 = ready), career, plan, cycle. */
  select_filter (fixture, "status-filter", 2, 1);
  g_assert_cmpstr (cf_cert_item_get_row (item_at (fixture, 0))->student->matricula, ==, "A001");
  select_filter (fixture, "status-filter", 1, 2);
  select_filter (fixture, "status-filter", 0, 3);
  select_filter (fixture, "career-filter", 2, 1);    /* 102 · LICENCIATURA EN PSICOLOGÍA */
  g_assert_cmpstr (cf_cert_item_get_row (item_at (fixture, 0))->student->matricula, ==, "B003");
  select_filter (fixture, "career-filter", 0, 3);
  select_filter (fixture, "plan-filter", 1, 2);      /* 2018 */
  select_filter (fixture, "plan-filter", 0, 3);
  select_filter (fixture, "cycle-filter", 3, 1);     /* 2020-1 */
  /* The four in the popover of one button, which counts those on. */
  g_assert_true (g_str_has_suffix (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_named (GTK_WIDGET (fixture->page),
                                                                                          "filters-button"))),
                                   " (1)"));
  select_filter (fixture, "cycle-filter", 0, 3);
  g_assert_null (strchr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_named (GTK_WIDGET (fixture->page),
                                                                                "filters-button"))), '('));

  /* Search by name (accents and case ignored), matrícula, CURP. */
  search (fixture, "lopez", 1);
  g_assert_cmpstr (cf_cert_item_get_row (item_at (fixture, 0))->student->matricula, ==, "A002");
  search (fixture, "B003", 1);
  search (fixture, "PECJ9905", 1);
  search (fixture, "", 3);

  /* A name typed and not applied (its ✓ shown) is gone with its ✓ once
   * another certificate is shown. */
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A001")));
  cf_ui_spin_until (detail_shown, fixture);
  row = find_entry_row (fixture, "nombre-row");
  gtk_widget_grab_focus (row);
  cf_ui_spin_a_little ();
  gtk_editable_set_text (GTK_EDITABLE (row), "Josefina");
  cf_ui_spin_a_little ();
  g_assert_true (apply_button_shown (row));
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A002")));
  cf_ui_spin_until (detail_shown, fixture);
  cf_ui_spin_a_little ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "María");
  g_assert_false (apply_button_shown (row));

  /* Select A002: its problem, leading to the subject's row. */
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (cf_ui_find_widget (GTK_WIDGET (fixture->page), GTK_TYPE_LIST_VIEW)));
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A002")));
  cf_ui_spin_until (detail_shown, fixture);
  findings = cf_certs_page_get_findings (fixture->page);
  g_assert_nonnull (findings);
  g_assert_cmpuint (findings->len, ==, 1);
  g_assert_cmpstr (cf_finding_get_code (g_ptr_array_index (findings, 0)), ==, "student.observation-missing");
  /* Shown in the page's language, not the check's. */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "es"))
    g_assert_true (g_str_has_prefix (cf_finding_get_message (g_ptr_array_index (findings, 0)),
                                     "La asignatura DER102 se reprobó antes y se aprobó en el ciclo 2020-2"));
  findings_list = GTK_LIST_BOX (find_named (GTK_WIDGET (fixture->page), "findings-list"));
  finding_row = gtk_list_box_get_row_at_index (findings_list, 0);
  g_assert_nonnull (finding_row);
  g_assert_null (gtk_list_box_get_row_at_index (findings_list, 1));
  cf_ui_spin_a_little ();
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-detail-1200.png");
  /* Wide enough: the preview beside the detail. */
  g_assert_false (adw_flap_get_folded (ADW_FLAP (cf_ui_find_widget (GTK_WIDGET (fixture->page), ADW_TYPE_FLAP))));
  g_signal_emit_by_name (finding_row, "activate");
  cf_ui_spin_a_little ();
  subjects = GTK_COLUMN_VIEW (find_named (GTK_WIDGET (fixture->page), "subjects-view"));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (subjects))), ==, 1);

  /* A001 (ready): a corrected surname, saved with the enter key; the
   * certificate is a draft until checked again. */
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A001")));
  cf_ui_spin_until (detail_shown, fixture);
  g_assert_cmpint (cf_certs_page_get_detail (fixture->page)->id, ==, id_of (fixture->store, "A001"));
  g_assert_cmpuint (gtk_bitset_get_size (gtk_selection_model_get_selection (selection)), ==, 1);
  row = find_entry_row (fixture, "primer-apellido-row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Peña");
  gtk_editable_set_text (GTK_EDITABLE (row), "Peña-Tejada");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (cf_certs_page_get_busy (fixture->page));
  cf_ui_spin_until (page_is_idle, fixture->page);
  cf_ui_spin_a_little ();
  cf_ui_spin_until (page_is_idle, fixture->page);

  stored = cf_cert_repo_get (fixture->store, id_of (fixture->store, "A001"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->student->primer_apellido_impreso, ==, "Peña-Tejada");
  events = cf_cert_repo_list_events (fixture->store, stored->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 2);
  {
    CfCertEvent *event = g_ptr_array_index (events, events->len - 1);
    gboolean went_back = FALSE;

    for (guint i = 0; i < events->len; i++)
      {
        CfCertEvent *e = g_ptr_array_index (events, i);

        went_back |= e->from_status == CF_CERT_STATUS_LISTO && e->to_status == CF_CERT_STATUS_BORRADOR;
      }
    g_assert_true (went_back);
    (void) event;
  }
  /* The list shows the new name and the state as stored. */
  {
    gboolean seen = FALSE;

    for (guint i = 0; i < n_items (fixture); i++)
      if (g_strcmp0 (cf_cert_item_get_name (item_at (fixture, i)), "José Luis Peña-Tejada de la Cruz") == 0)
        {
          seen = TRUE;
          g_assert_cmpint (cf_cert_item_get_status (item_at (fixture, i)), ==, stored->status);
        }
    g_assert_true (seen);
  }
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, stored->status), >=, 1);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-fixed-1200.png");

  /* "Revisar": every certificate checked again; B003, never checked, has
   * its findings now (its CURP's check digit, for one). */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "certs.check", NULL);
  g_assert_true (cf_certs_page_get_busy (fixture->page));
  cf_ui_spin_until (page_is_idle, fixture->page);
  {
    g_autoptr(CfCertRow) b003 = cf_cert_repo_get (fixture->store, id_of (fixture->store, "B003"), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (b003->findings, !=, "");
    for (guint i = 0; i < n_items (fixture); i++)
      if (cf_cert_item_get_id (item_at (fixture, i)) == b003->id)
        g_assert_cmpuint (cf_cert_item_get_row (item_at (fixture, i))->n_errors, ==, b003->n_errors);
  }
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  fill_store (fixture->store);
  open_window (fixture, 900);
  wait_for_items (fixture, 3);
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-list-900.png");
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A002")));
  cf_ui_spin_until (detail_shown, fixture);
  cf_ui_spin_a_little ();
  /* Folded: choosing a certificate shows its detail, with the way back. */
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (find_named (GTK_WIDGET (fixture->page), "certs-leaflet"));

    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
  }
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-detail-900.png");
}

/* ------------------------------------------------------------------ */
/* Sealing from the page                                               */
/* ------------------------------------------------------------------ */

static gboolean
next_sensitive (gpointer data)
{
  GtkWidget *button = gtk_widget_get_template_child (GTK_WIDGET (data), CF_TYPE_CERTS_SEAL_DIALOG, "next_button") != NULL
                      ? GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data), CF_TYPE_CERTS_SEAL_DIALOG, "next_button"))
                      : NULL;

  return button != NULL && gtk_widget_get_sensitive (button) && !cf_certs_seal_dialog_get_busy (CF_CERTS_SEAL_DIALOG (data));
}

/* A document built from values (not a stored PDF) drawn. */
static gboolean
preview_shows_document (gpointer data)
{
  CfPreviewView *preview = data;

  return !cf_preview_view_get_busy (preview) && cf_preview_view_get_pdf_bytes (preview) != NULL &&
         cf_preview_view_get_findings (preview) != NULL;
}

typedef struct
{
  CfPreviewView *preview;
  GBytes        *pdf;
} StoredPdf;

/* The stored PDF on show, as read (no findings: not drawn from values). */
static gboolean
preview_shows_stored (gpointer data)
{
  StoredPdf *wanted = data;
  GBytes *shown = cf_preview_view_get_pdf_bytes (wanted->preview);

  return !cf_preview_view_get_busy (wanted->preview) && shown != NULL &&
         cf_preview_view_get_findings (wanted->preview) == NULL && g_bytes_equal (shown, wanted->pdf);
}

static gboolean
dialog_settled (gpointer data)
{
  return !cf_certs_seal_dialog_get_busy (CF_CERTS_SEAL_DIALOG (data));
}

static gboolean
message_dialog_shown (gpointer data)
{
  return cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
batch_done (gpointer data)
{
  CfCertsSealDialog *dialog = data;
  GtkWidget *results = find_named (GTK_WIDGET (dialog), "results-list");

  return !cf_certs_seal_dialog_get_busy (dialog) && g_strcmp0 (cf_certs_seal_dialog_get_step (dialog), "progress") == 0 &&
         gtk_list_box_get_row_at_index (GTK_LIST_BOX (results), 0) != NULL;
}

static gboolean
sealed_counted (gpointer data)
{
  Fixture *fixture = data;

  return !cf_certs_page_get_busy (fixture->page) &&
         cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_SELLADO) == 3;
}

/* The key in the keyring without its password: asked in the dialog; a
 * wrong one is said and nothing moves on; the right one leads to the
 * preview; closing there seals nothing. */
static void
test_seal_password (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GBytes) key_data = NULL;
  CfCertsSealDialog *dialog;
  GtkWidget *next;
  GtkWidget *password;

  if (g_getenv ("CF_UI_TEST_KEYRING") == NULL)
    {
      g_test_skip ("no gnome-keyring-daemon in this session");
      return;
    }
  cf_test_make_signer (fixture->dir, CF_SEAL_FIXTURE_SIGNER_CURP, &cer, &key, &ca);
  cf_seal_fixture_fill (fixture->store, 2, cer);
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  key_data = cf_test_read_file (key);
  g_assert_true (cf_keyring_store_key (cf_certificate_get_number (certificate), cf_certificate_get_rfc (certificate),
                                       key_data, NULL, NULL, &error));
  g_assert_no_error (error);

  open_window (fixture, 1200);
  wait_for_items (fixture, 2);
  /* The selection only: one certificate. */
  g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A00001")));
  cf_ui_spin_until (detail_shown, fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "certs.seal-selected", NULL);
  dialog = CF_CERTS_SEAL_DIALOG (cf_ui_find_toplevel (CF_TYPE_CERTS_SEAL_DIALOG));
  g_assert_nonnull (dialog);
  cf_ui_spin_until (cf_ui_widget_is_mapped, dialog);
  cf_ui_spin_until (dialog_settled, dialog);
  next = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), CF_TYPE_CERTS_SEAL_DIALOG, "next_button"));
  password = find_named (GTK_WIDGET (dialog), "password-row");
  g_assert_true (gtk_widget_get_visible (password));
  g_assert_false (gtk_widget_get_sensitive (next));
  cf_ui_screenshot (GTK_WIDGET (dialog), "certs-seal-password.png");

  gtk_editable_set_text (GTK_EDITABLE (password), "not-the-password");
  g_assert_true (gtk_widget_get_sensitive (next));
  g_signal_emit_by_name (next, "clicked");
  cf_ui_spin_until (dialog_settled, dialog);
  g_assert_cmpstr (cf_certs_seal_dialog_get_step (dialog), ==, "signer");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (password), "12345678a");
  g_signal_emit_by_name (next, "clicked");
  cf_ui_spin_until (next_sensitive, dialog);
  g_assert_cmpstr (cf_certs_seal_dialog_get_step (dialog), ==, "preview");
  {
    GtkWidget *summary = find_named (GTK_WIDGET (dialog), "summary-label");

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (summary)), "A00001"));
  }
  gtk_window_close (GTK_WINDOW (dialog));
  cf_ui_spin_a_little ();
  g_assert_null (cf_ui_find_toplevel (CF_TYPE_CERTS_SEAL_DIALOG));
  cf_ui_spin_until (page_is_idle, fixture->page);
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_LISTO), ==, 2);
  g_assert_true (cf_keyring_forget_key (cf_certificate_get_number (certificate), NULL, &error));
  g_assert_no_error (error);
}

static void
test_seal (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(GBytes) key_data = NULL;
  CfCertsSealDialog *dialog;
  GtkWindow *message;
  GtkWidget *next;

  if (g_getenv ("CF_UI_TEST_KEYRING") == NULL)
    {
      g_test_skip ("no gnome-keyring-daemon in this session");
      return;
    }
  cf_test_make_signer (fixture->dir, CF_SEAL_FIXTURE_SIGNER_CURP, &cer, &key, &ca);
  cf_seal_fixture_fill (fixture->store, 3, cer);
  /* As the Firmantes page keeps it: the key and its password. */
  certificate = cf_certificate_new_from_file (cer, &error);
  g_assert_no_error (error);
  key_data = cf_test_read_file (key);
  g_assert_true (cf_keyring_store_key (cf_certificate_get_number (certificate), cf_certificate_get_rfc (certificate),
                                       key_data, "12345678a", NULL, &error));
  g_assert_no_error (error);

  open_window (fixture, 1200);
  wait_for_items (fixture, 3);
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_LISTO), ==, 3);

  /* The live preview of a listo certificate is the one "Sellar…" shows
   * before sealing: the campus's signer as its Responsable, so nothing for
   * SEP to reject and no BORRADOR mark (only "VISTA PREVIA — SIN SELLO"). */
  {
    CfPreviewView *preview = CF_PREVIEW_VIEW (cf_ui_find_widget (GTK_WIDGET (fixture->page), CF_TYPE_PREVIEW_VIEW));
    GPtrArray *findings;

    g_assert_true (cf_certs_page_select (fixture->page, id_of (fixture->store, "A00001")));
    cf_ui_spin_until (detail_shown, fixture);
    cf_ui_spin_until (preview_shows_document, preview);
    findings = cf_preview_view_get_findings (preview);
    for (guint i = 0; i < findings->len; i++)
      g_assert_false (g_str_has_prefix (cf_finding_get_path (g_ptr_array_index (findings, i)), "/Dec/Ipes/Responsable"));
    g_assert_false (cf_finding_list_has_errors (findings));
    cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-listo-1200.png");
  }

  /* "Todos los listos": who seals, the key from the keyring. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "certs.seal-ready", NULL);
  dialog = CF_CERTS_SEAL_DIALOG (cf_ui_find_toplevel (CF_TYPE_CERTS_SEAL_DIALOG));
  g_assert_nonnull (dialog);
  cf_ui_spin_until (cf_ui_widget_is_mapped, dialog);
  cf_ui_spin_until (next_sensitive, dialog);
  g_assert_cmpstr (cf_certs_seal_dialog_get_step (dialog), ==, "signer");
  cf_ui_screenshot (GTK_WIDGET (dialog), "certs-seal-signer.png");
  next = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), CF_TYPE_CERTS_SEAL_DIALOG, "next_button"));

  /* The preview before sealing. */
  g_signal_emit_by_name (next, "clicked");
  cf_ui_spin_until (next_sensitive, dialog);
  g_assert_cmpstr (cf_certs_seal_dialog_get_step (dialog), ==, "preview");
  {
    GtkWidget *summary = find_named (GTK_WIDGET (dialog), "summary-label");

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (summary)), "3"));
  }
  cf_ui_spin_a_little ();
  cf_ui_screenshot (GTK_WIDGET (dialog), "certs-seal-preview.png");

  /* Sealed: the test CA is not SAT's, which the registrar accepts. */
  g_signal_emit_by_name (next, "clicked");
  cf_ui_spin_until (message_dialog_shown, NULL);
  message = cf_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message), "seal");
  cf_ui_spin_until (batch_done, dialog);
  {
    GtkListBox *results = GTK_LIST_BOX (find_named (GTK_WIDGET (dialog), "results-list"));

    g_assert_nonnull (gtk_list_box_get_row_at_index (results, 2));
    g_assert_null (gtk_list_box_get_row_at_index (results, 3));
  }
  cf_ui_screenshot (GTK_WIDGET (dialog), "certs-seal-done.png");
  cf_ui_spin_until (sealed_counted, fixture);
  g_assert_cmpuint (cf_certs_page_get_count (fixture->page, CF_CERT_STATUS_LISTO), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  cf_ui_spin_a_little ();

  /* A sealed certificate shows what was stored: its PDF, its folio. */
  {
    g_autoptr(GBytes) stored = NULL;
    CfPreviewView *preview;
    gint64 id = id_of (fixture->store, "A00000");

    g_assert_true (cf_certs_page_select (fixture->page, id));
    cf_ui_spin_until (detail_shown, fixture);
    g_assert_cmpint (cf_certs_page_get_detail (fixture->page)->status, ==, CF_CERT_STATUS_SELLADO);
    stored = cf_cert_repo_dup_pdf (fixture->store, id, &error);
    g_assert_no_error (error);
    preview = CF_PREVIEW_VIEW (cf_ui_find_widget (GTK_WIDGET (fixture->page), CF_TYPE_PREVIEW_VIEW));
    /* The certificate shown before (sealed too) may still be on show for
     * the preview's debounce: wait for this one's stored PDF. */
    {
      StoredPdf wanted = { preview, stored };

      cf_ui_spin_until (preview_shows_stored, &wanted);
    }
    cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-sealed-1200.png");
  }
  g_assert_true (cf_keyring_forget_key (cf_certificate_get_number (certificate), NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Fixture *fixture;
  gint64   id;
} DetailQuery;

static gboolean
detail_is (gpointer data)
{
  DetailQuery *query = data;
  const CfCertRow *row = cf_certs_page_get_detail (query->fixture->page);

  return !cf_certs_page_get_busy (query->fixture->page) && row != NULL && row->id == query->id;
}

static CfCertItem *
item_of (Fixture    *fixture,
         const char *matricula)
{
  GListModel *items = cf_certs_page_get_items (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(CfCertItem) item = g_list_model_get_item (items, i);

      if (g_str_equal (cf_cert_item_get_row (item)->student->matricula, matricula))
        return item;   /* the list keeps it */
    }
  g_assert_not_reached ();
}

/* Sealed in the incorporation's test stage: a "Pruebas" tag in the list
 * and in the detail; the one sealed for production and the listo one
 * have none. */
static void
test_test_portal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *ca = NULL;
  g_autoptr(CfCredential) credential = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(CfSealer) sealer = NULL;
  g_autoptr(CfContext) context = NULL;
  g_autoptr(CfIncorporation) incorporation = NULL;
  g_autoptr(GPtrArray) results = NULL;
  const char *folios[] = { "9000001", NULL };
  const char *anchors[] = { NULL, NULL };
  CfCertsSealOptions options = { .jobs = 1 };
  CfSealProgress summary;
  gint64 ids[1];
  GtkWidget *tag;

  cf_test_make_signer (fixture->dir, CF_SEAL_FIXTURE_SIGNER_CURP, &cer, &key, &ca);
  cf_seal_fixture_fill (fixture->store, 3, cer);
  credential = cf_credential_new_from_files (cer, key, "12345678a", &error);
  g_assert_no_error (error);
  anchors[0] = ca;
  trust = cf_trust_new_with_anchors (anchors, &error);
  g_assert_no_error (error);
  context = cf_context_new (fixture->store, NULL);
  sealer = cf_sealer_new (credential);
  cf_sealer_set_trust (sealer, trust);
  cf_sealer_set_context (sealer, context);
  cf_sealer_set_ocsp_url (sealer, "http://127.0.0.1:9/");
  cf_sealer_set_accept (sealer, CF_SEALER_ACCEPT_UNCHECKED_REVOCATION);

  /* A00000 sealed for production, then A00001 in the test stage. */
  ids[0] = id_of (fixture->store, "A00000");
  results = cf_certs_seal (fixture->store, sealer, ids, 1, &options, NULL, NULL, &summary, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sealed, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);
  incorporation = cf_incorporation_load (fixture->store, &error);
  g_assert_no_error (error);
  for (CfIncorporationStage stage = CF_INCORPORATION_STAGE_REGISTRO; stage < CF_INCORPORATION_STAGE_PRUEBAS; stage++)
    g_assert_true (cf_incorporation_mark_done (incorporation, stage, &error));
  g_assert_true (cf_incorporation_repo_add_folios (fixture->store, folios, NULL, &error));
  g_assert_no_error (error);
  ids[0] = id_of (fixture->store, "A00001");
  results = cf_certs_seal (fixture->store, sealer, ids, 1, &options, NULL, NULL, &summary, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary.sealed, ==, 1);
  g_assert_cmpstr (((CfCertsSealResult *) g_ptr_array_index (results, 0))->folio_control, ==, "9000001");

  open_window (fixture, 1200);
  wait_for_items (fixture, 3);
  g_assert_false (cf_cert_item_is_test (item_of (fixture, "A00000")));
  g_assert_true (cf_cert_item_is_test (item_of (fixture, "A00001")));
  g_assert_false (cf_cert_item_is_test (item_of (fixture, "A00002")));

  tag = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), CF_TYPE_CERTS_PAGE, "detail_portal"));
  {
    DetailQuery query = { fixture, id_of (fixture->store, "A00001") };

    g_assert_true (cf_certs_page_select (fixture->page, query.id));
    cf_ui_spin_until (detail_is, &query);
  }
  g_assert_true (gtk_widget_get_visible (tag));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (tag)), ==, C_("portal", "Test"));
  cf_ui_screenshot (GTK_WIDGET (fixture->window), "certs-page-pruebas-1200.png");

  {
    DetailQuery query = { fixture, id_of (fixture->store, "A00000") };

    g_assert_true (cf_certs_page_select (fixture->page, query.id));
    cf_ui_spin_until (detail_is, &query);
  }
  g_assert_false (gtk_widget_get_visible (tag));
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

  g_test_add ("/ui/certs/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/ui/certs/workspace", Fixture, NULL, fixture_setup, test_workspace, fixture_teardown);
  g_test_add ("/ui/certs/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/ui/certs/seal", Fixture, NULL, fixture_setup, test_seal, fixture_teardown);
  g_test_add ("/ui/certs/seal-password", Fixture, NULL, fixture_setup, test_seal_password, fixture_teardown);
  g_test_add ("/ui/certs/test-portal", Fixture, NULL, fixture_setup, test_test_portal, fixture_teardown);

  {
    int status = g_test_run ();

    g_object_unref (app);
    cf_test_rmdir (dir);
    return status;
  }
}
