/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preview view under Xvfb: a ten-page certificate drawn off the main
 * thread, paged through and zoomed, saved, printed to a file, a PDF opened
 * from disk; what validation finds listed beside the page, drafts asked
 * for, other flavours named, a new document from its top; a screenshot of
 * each state for people to look at. */
#include "config.h"

#include "cf-context.h"

#include <string.h>

#include <adwaita.h>

#include "cf-certificate-layout.h"
#include "cf-dec-gen.h"
#include "cf-dec-xml.h"
#include "cf-finding.h"
#include "cf-pdf.h"
#include "cf-preview-view.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

typedef gboolean (*Condition) (gpointer data);

/* The longest the main loop went without running while the test waited
 * for the view (the test's own work, screenshots included, is left out). */
static gint64 longest_gap;
static gint64 last_tick;
static gboolean measuring;
/* The longest any call into the view took: the work must go to workers. */
static gint64 longest_call;

#define TIMED(call) \
  G_STMT_START { \
    gint64 t0_ = g_get_monotonic_time (); \
    call; \
    longest_call = MAX (longest_call, g_get_monotonic_time () - t0_); \
  } G_STMT_END

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && last_tick != 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
spin_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
spin_a_little (void)
{
  for (int i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
is_ready (gpointer data)
{
  CfPreviewView *view = data;

  return cf_preview_view_get_n_pages (view) > 0 && !cf_preview_view_get_busy (view);
}

static void
wait_ready (CfPreviewView *view)
{
  last_tick = 0;
  measuring = TRUE;
  spin_a_little ();
  spin_until (is_ready, view);
  spin_a_little ();
  spin_until (is_ready, view);
  measuring = FALSE;
}

static void
seal (CfDec *dec)
{
  guchar signature[256];

  for (guint i = 0; i < sizeof signature; i++)
    signature[i] = (guchar) (i * 7);
  {
    g_autofree char *sello = g_base64_encode (signature, sizeof signature);
    cf_dec_set (dec, CF_DEC_FIELD_SELLO, sello);
  }
  cf_dec_set (dec, CF_DEC_FIELD_CERTIFICADO_RESPONSABLE, "MIIGBDCCA+ygAwIBAgIU");
  cf_dec_set (dec, CF_DEC_FIELD_NO_CERTIFICADO_RESPONSABLE, "30001000000500003456");
}

static void
test_preview (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autoptr(CfDec) dec = cf_dec_gen_new (450, 450);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cf_test_mkdtemp ();
  GtkWidget *window;
  CfPreviewView *view;
  guint n_pages, ticker;
  double w_pt = CF_PAGE_LETTER_WIDTH;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  {
    g_autofree char *store_path = g_build_filename (dir, "certifica.db", NULL);
    g_autoptr(CfStore) store = cf_store_open (store_path, &error);
    g_autoptr(CfContext) context = NULL;

    g_assert_no_error (error);
    context = cf_context_new (store, settings);
    view = g_object_new (CF_TYPE_PREVIEW_VIEW, "context", context, NULL);
  }
  g_object_ref (view);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (cf_ui_widget_is_mapped, view);
  g_assert_cmpuint (cf_preview_view_get_n_pages (view), ==, 0);
  cf_ui_screenshot (window, "preview-empty.png");

  /* A long certificate, drawn in a worker; the main loop keeps ticking. */
  ticker = g_timeout_add (2, tick_cb, NULL);
  last_tick = 0;
  longest_gap = 0;
  TIMED (cf_preview_view_set_dec (view, dec));
  g_assert_true (cf_preview_view_get_busy (view));
  wait_ready (view);
  n_pages = cf_preview_view_get_n_pages (view);
  g_assert_cmpuint (n_pages, >=, 10);
  g_assert_cmpuint (cf_preview_view_get_page (view), ==, 0);
  /* Fit width: the page fills the room beside its margins. */
  g_assert_cmpint (cf_preview_view_get_zoom_mode (view), ==, CF_PREVIEW_ZOOM_FIT_WIDTH);
  g_assert_cmpfloat (cf_preview_view_get_scale (view) * w_pt * 96 / 72, >, 900 - 80);
  cf_ui_screenshot (window, "preview-fit-width.png");

  /* Paging through, by the actions the keys are bound to. */
  for (guint i = 1; i < n_pages; i++)
    {
      gboolean activated;

      TIMED (activated = gtk_widget_activate_action (GTK_WIDGET (view), "preview.next-page", NULL));
      g_assert_true (activated);
      g_assert_cmpuint (cf_preview_view_get_page (view), ==, i);
      spin_a_little ();
    }
  wait_ready (view);
  /* At the end, "next" does nothing more. */
  gtk_widget_activate_action (GTK_WIDGET (view), "preview.next-page", NULL);
  g_assert_cmpuint (cf_preview_view_get_page (view), ==, n_pages - 1);
  cf_ui_screenshot (window, "preview-last-page.png");
  gtk_widget_activate_action (GTK_WIDGET (view), "preview.previous-page", NULL);
  g_assert_cmpuint (cf_preview_view_get_page (view), ==, n_pages - 2);
  cf_preview_view_set_page (view, 0);

  /* Zoom: fit page, 100 %, in and out. */
  TIMED (gtk_widget_activate_action (GTK_WIDGET (view), "preview.fit-page", NULL));
  wait_ready (view);
  g_assert_cmpint (cf_preview_view_get_zoom_mode (view), ==, CF_PREVIEW_ZOOM_FIT_PAGE);
  g_assert_cmpfloat (cf_preview_view_get_scale (view), <, 0.9);
  cf_ui_screenshot (window, "preview-fit-page.png");
  TIMED (gtk_widget_activate_action (GTK_WIDGET (view), "preview.zoom-reset", NULL));
  g_assert_cmpfloat_with_epsilon (cf_preview_view_get_scale (view), 1.0, 1e-9);
  g_assert_cmpint (cf_preview_view_get_zoom_mode (view), ==, CF_PREVIEW_ZOOM_FREE);
  TIMED (gtk_widget_activate_action (GTK_WIDGET (view), "preview.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (cf_preview_view_get_scale (view), 1.2, 1e-9);
  gtk_widget_activate_action (GTK_WIDGET (view), "preview.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "preview.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (cf_preview_view_get_scale (view), 1.0 / 1.2, 1e-9);
  wait_ready (view);
  cf_ui_screenshot (window, "preview-zoomed.png");

  /* The data change: drawn again, off the main thread. */
  seal (dec);
  g_settings_set_string (settings, "validation-url-pattern", "https://valida.example.mx/{folioControl}");
  TIMED (cf_preview_view_set_dec (view, dec));
  wait_ready (view);
  g_source_remove (ticker);
  g_test_message ("%u-page certificate: longest call into the view %.1f ms; longest main-loop "
                  "stall while it drew %.1f ms (frames included: under Xvfb GTK renders with "
                  "llvmpipe on the CPU)", n_pages, longest_call / 1000.0, longest_gap / 1000.0);
  /* Laying out, writing the PDF and drawing pages happen in workers: a
   * call returns within a frame (the figure above; bench/ measures it).
   * These bounds are not speed targets: they only catch the drawing of a
   * many-page certificate slipping back onto the main thread (seconds),
   * with room for a loaded 2-core machine running two suites at once and
   * for sanitizer builds. */
  g_assert_cmpint (longest_call, <, 750 * 1000);
  g_assert_cmpint (longest_gap, <, 3000 * 1000);

  /* What is on screen is what is saved: the same bytes. */
  {
    g_autofree char *path = g_build_filename (dir, "saved.pdf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GBytes) saved = NULL;
    g_autoptr(CfPdf) pdf = NULL;
    g_autofree char *text = NULL;

    g_assert_true (cf_preview_view_save_to_file (view, file, &error));
    g_assert_no_error (error);
    saved = cf_test_read_file (path);
    g_assert_true (g_bytes_equal (saved, cf_preview_view_get_pdf_bytes (view)));
    pdf = cf_pdf_new_from_bytes (saved, &error);
    g_assert_no_error (error);
    text = cf_pdf_get_text (pdf);
    /* Sealed now: no preview mark. */
    g_assert_null (strstr (text, "VISTA PREVIA"));
    g_assert_nonnull (strstr (text, "valida.example.mx"));
  }

  /* Printing, to a file, through the same renderer. */
  {
    g_autofree char *path = g_build_filename (dir, "printed.pdf", NULL);
    g_autoptr(GtkPrintOperation) operation = cf_preview_view_create_print_operation (view);
    g_autoptr(CfPdf) printed = NULL;
    g_autofree char *text = NULL;
    GtkPrintOperationResult result;

    gtk_print_operation_set_export_filename (operation, path);
    result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (window), &error);
    g_assert_no_error (error);
    g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    printed = cf_pdf_new_from_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cf_pdf_get_n_pages (printed), ==, n_pages);
    text = cf_pdf_get_text (printed);
    g_assert_nonnull (strstr (text, cf_dec_get (dec, CF_DEC_FIELD_ALUMNO_CURP)));
  }

  /* Any PDF from disk, and a certificate's XML. */
  {
    g_autofree char *xml = g_build_filename (dir, "otro.xml", NULL);
    g_autofree char *pdf_path = g_build_filename (dir, "saved.pdf", NULL);
    g_autoptr(CfDec) small = cf_dec_gen_new (3, 5);
    g_autoptr(GFile) xml_file = g_file_new_for_path (xml);
    g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);

    g_assert_true (cf_dec_xml_write_file (small, xml, &error));
    g_assert_no_error (error);
    cf_preview_view_open_file (view, xml_file);
    spin_until (is_ready, view);
    wait_ready (view);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), ==, 1);
    cf_ui_screenshot (window, "preview-small.png");

    cf_preview_view_open_file (view, pdf_file);
    spin_a_little ();
    wait_ready (view);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), ==, n_pages);
  }

  /* Not a PDF: refused, the view keeps what it showed. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.7 nonsense", 17);

    g_assert_false (cf_preview_view_set_pdf_bytes (view, junk, &error));
    g_assert_error (error, CF_PDF_ERROR, CF_PDF_ERROR_DAMAGED);
    g_clear_error (&error);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), ==, n_pages);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin_a_little ();
  g_assert_finalize_object (view);
  cf_test_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Checking what is shown (issue 12)                                   */
/* ------------------------------------------------------------------ */

static gpointer
child_of (CfPreviewView *view,
          const char    *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), CF_TYPE_PREVIEW_VIEW, name);

  g_assert_nonnull (child);
  return child;
}

static char *
example_text (void)
{
  g_autoptr(CfDec) dec = cf_dec_new_example ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cf_dec_xml_write_bytes (dec, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
replace_text (const char *text,
              const char *old,
              const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, 2);

  g_assert_nonnull (parts[1]);
  return g_strconcat (parts[0], new, parts[1], NULL);
}

static GFile *
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gboolean
is_idle (gpointer data)
{
  return !cf_preview_view_get_busy (data);
}

static void
open_and_wait (CfPreviewView *view,
               GFile         *file)
{
  cf_preview_view_open_file (view, file);
  g_assert_true (cf_preview_view_get_busy (view));
  spin_until (is_idle, view);
  spin_a_little ();
  spin_until (is_idle, view);
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
list_mentions (GtkListBox *list,
               const char *text)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) != NULL ||
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), text) != NULL))
      return TRUE;
  return FALSE;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) ? 1 : 0;
  return n;
}

/* Asking first: the action runs (it is not disabled), a dialog asks, and
 * cancelling leaves nothing behind. */
static void
assert_asks_first (CfPreviewView *view,
                   const char    *action,
                   const char    *heading_part)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), action, NULL));
  spin_until (has_message_dialog, NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), heading_part));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "BORRADOR"));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "cancel"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_a_little ();
}

static CfPreviewView *
new_view (GtkWidget  **out_window,
          const char  *dir,
          int          width,
          int          height)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.certifica.Certifica");
  g_autofree char *store_path = g_build_filename (dir, "certifica.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (store_path, &error);
  g_autoptr(CfContext) context = NULL;
  CfPreviewView *view;
  GtkWidget *window = gtk_window_new ();

  g_assert_no_error (error);
  context = cf_context_new (store, settings);
  view = g_object_new (CF_TYPE_PREVIEW_VIEW, "context", context, NULL);
  g_object_ref (view);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  spin_until (cf_ui_widget_is_mapped, view);
  *out_window = window;
  return view;
}

static void
test_findings (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *xml = example_text ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  CfPreviewView *view = new_view (&window, dir, 1200, 680);
  GtkListBox *list = child_of (view, "findings_list");
  GtkRevealer *revealer = child_of (view, "findings_revealer");

  /* Empty: an Open button, not only a sentence. */
  {
    GtkWidget *button = child_of (view, "empty_open_button");

    g_assert_true (gtk_widget_is_visible (button));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "preview.open");
    g_assert_nonnull (gtk_widget_get_ancestor (button, ADW_TYPE_STATUS_PAGE));
  }

  /* The zoom menu's button has no tooltip to cover its menu; the Save
   * button's accessible name is its text, not the raw "_Save PDF…" too. */
  g_assert_null (gtk_widget_get_tooltip_text (child_of (view, "zoom_button")));
  g_assert_false (gtk_test_accessible_has_property (child_of (view, "save_button"),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* A valid certificate: nothing to list. */
  {
    g_autoptr(GFile) good = write_text (dir, "bueno.xml", xml);

    open_and_wait (view, good);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), >, 0);
    g_assert_cmpuint (cf_preview_view_get_findings (view)->len, ==, 0);
    g_assert_false (gtk_revealer_get_reveal_child (revealer));
  }

  /* No Alumno: a finding that names it, beside the page; save and print
   * ask first, and the PDF says it is a draft. */
  {
    g_autofree char *no_alumno = NULL;
    g_autoptr(GFile) file = NULL;
    g_autoptr(CfPdf) pdf = NULL;
    g_autofree char *text = NULL;
    const char *from = strstr (xml, "<Alumno ");

    no_alumno = g_strconcat (g_strndup (xml, from - xml), strstr (from, "/>") + 2, NULL);
    file = write_text (dir, "sin-alumno.xml", no_alumno);
    open_and_wait (view, file);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), >, 0);
    g_assert_true (cf_finding_list_has_errors (cf_preview_view_get_findings (view)));
    g_assert_true (gtk_revealer_get_reveal_child (revealer));
    g_assert_true (gtk_widget_get_visible (child_of (view, "findings_button")));
    g_assert_true (list_mentions (list, "Alumno"));
    cf_ui_screenshot (window, "preview-findings.png");

    pdf = cf_pdf_new_from_bytes (cf_preview_view_get_pdf_bytes (view), &error);
    g_assert_no_error (error);
    text = cf_pdf_get_text (pdf);
    g_assert_nonnull (strstr (text, "BORRADOR"));

    assert_asks_first (view, "preview.save", "Save");
    assert_asks_first (view, "preview.print", "Print");
  }

  /* A wrong promedio and PARCIAL with the credits of a TOTAL: both listed. */
  {
    g_autofree char *a = replace_text (xml, "promedio=\"8.74\"", "promedio=\"9.99\"");
    g_autofree char *b = replace_text (a, "totalCreditos=\"350.00\"", "totalCreditos=\"66.00\"");
    g_autoptr(GFile) file = write_text (dir, "promedio.xml", b);
    GPtrArray *findings;
    gboolean promedio = FALSE, tipo = FALSE;

    open_and_wait (view, file);
    findings = cf_preview_view_get_findings (view);
    for (guint i = 0; i < findings->len; i++)
      {
        const char *code = cf_finding_get_code (g_ptr_array_index (findings, i));

        promedio |= g_str_equal (code, "totals.promedio");
        tipo |= g_str_equal (code, "expedicion.tipo-certificacion");
      }
    g_assert_true (promedio);
    g_assert_true (tipo);
    g_assert_cmpuint (count_rows (list), ==, findings->len);
    g_assert_true (list_mentions (list, "promedio"));
  }

  /* Media superior: named, not drawn as an empty IPES page. */
  {
    g_autoptr(GFile) file = write_text (dir, "iems.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Dec xmlns=\"https://www.siged.sep.gob.mx/certificados/\" version=\"3.0\" tipoCertificado=\"12\">"
      "<ServicioFirmante idEntidad=\"1\"/><FirmaResponsable nombre=\"A\" curp=\"X\" idCargo=\"1\" sello=\"\" "
      "certificadoResponsable=\"\"/><Iems nombreSEN=\"x\" nombreDependencia=\"y\" idIEMS=\"1\" idTipoIEMS=\"1\" "
      "idOpcionEducativa=\"1\"/></Dec>");
    AdwStatusPage *status = child_of (view, "flavour_status");

    open_and_wait (view, file);
    g_assert_cmpuint (cf_preview_view_get_n_pages (view), ==, 0);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (child_of (view, "stack")), ==, "flavour");
    g_assert_nonnull (strstr (adw_status_page_get_description (status), "IEMS"));
    g_assert_false (gtk_revealer_get_reveal_child (revealer));
    cf_ui_screenshot (window, "preview-iems.png");
  }

  /* Not a SEP certificate: said in words, in full, with what to do. */
  {
    g_autofree char *other = replace_text (xml, "https://www.siged.sep.gob.mx/certificados/", "http://example.com/otro");
    g_autoptr(GFile) file = write_text (dir, "otro.xml", other);
    const char *text;

    cf_preview_view_open_file (view, file);
    spin_until (is_idle, view);
    spin_a_little ();
    g_assert_true (gtk_revealer_get_reveal_child (child_of (view, "banner")));
    text = gtk_label_get_label (child_of (view, "banner_label"));
    g_assert_nonnull (strstr (text, "otro.xml"));
    g_assert_nonnull (strstr (text, "is not a SEP certificate"));
    g_assert_nonnull (strstr (text, "Open"));
    g_assert_null (strstr (text, "namespace"));
    cf_ui_screenshot (window, "preview-not-a-dec.png");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  spin_a_little ();
  g_assert_finalize_object (view);
  cf_test_rmdir (dir);
}

/* Another document starts at the top of its first page; "Current page"
 * in the print dialog is the page on show. */
static void
test_new_document (void)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *long_path = g_build_filename (dir, "largo.xml", NULL);
  g_autoptr(CfDec) long_dec = cf_dec_gen_new (7, 120);
  g_autoptr(GFile) long_file = g_file_new_for_path (long_path);
  g_autoptr(GError) error = NULL;
  GtkAdjustment *vadjustment;
  GtkWidget *window;
  CfPreviewView *view = new_view (&window, dir, 900, 680);

  g_assert_true (cf_dec_xml_write_file (long_dec, long_path, &error));
  g_assert_no_error (error);
  open_and_wait (view, long_file);
  g_assert_cmpuint (cf_preview_view_get_n_pages (view), >=, 3);
  cf_preview_view_set_page (view, 2);
  wait_ready (view);
  vadjustment = gtk_scrolled_window_get_vadjustment (child_of (view, "scrolled"));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >, gtk_adjustment_get_page_size (vadjustment) + 400);
  gtk_adjustment_set_value (vadjustment, 400);
  spin_a_little ();
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 300);

  {
    g_autoptr(GtkPrintOperation) operation = cf_preview_view_create_print_operation (view);
    int current = -1;

    g_object_get (operation, "current-page", &current, NULL);
    g_assert_cmpint (current, ==, 2);
  }

  /* The same document again: the same file opened anew is a new document. */
  open_and_wait (view, long_file);
  wait_ready (view);
  g_assert_cmpuint (cf_preview_view_get_page (view), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  /* Focus on the page (a click, or focus moving off a hidden button) does
   * not scroll it to its bottom. */
  gtk_widget_grab_focus (child_of (view, "page_area"));
  spin_a_little ();
  g_assert_true (gtk_widget_has_focus (child_of (view, "page_area")));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  spin_a_little ();
  g_assert_finalize_object (view);
  cf_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/ui/preview-view/preview", test_preview);
  g_test_add_func ("/ui/preview-view/findings", test_findings);
  g_test_add_func ("/ui/preview-view/new-document", test_new_document);

  return g_test_run ();
}
