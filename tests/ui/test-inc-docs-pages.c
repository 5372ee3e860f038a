/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's pages 5 and 6 (issue 15) on a real store
 * file, in Spanish when the catalogue is built. Logotipo: an image chosen
 * through the page (what the file chooser calls) is copied into the store
 * and its rules shown; a failing one is not the logo until "Crear copia
 * conforme" makes a copy that passes every rule, which becomes the logo
 * sent and the institution's logo; a page made again shows both; a
 * compliant image is the logo itself. Documentos: a good scanned PDF is
 * kept with its thumbnail, a text file named .pdf and a small photo are
 * refused with their reasons, a good image is kept, one is removed. The
 * chosen files are never changed. Screenshots in render-out/. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <libintl.h>

#include "cf-context.h"
#include "cf-inc-documents-page.h"
#include "cf-inc-logo-page.h"
#include "cf-incorporation.h"
#include "cf-incorporation-repo.h"
#include "cf-institution-repo.h"
#include "cf-logo-rules.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"

typedef struct
{
  char            *dir;
  char            *downloads;
  CfStore         *store;
  CfContext       *context;
  CfIncorporation *inc;
  GtkWidget       *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = cf_test_mkdtemp ();
  f->downloads = g_build_filename (f->dir, "Descargas", NULL);
  g_assert_cmpint (g_mkdir (f->downloads, 0700), ==, 0);
  path = g_build_filename (f->dir, "certifica.db", NULL);
  f->store = cf_store_open (path, &error);
  g_assert_no_error (error);
  f->context = cf_context_new (f->store, NULL);
  f->inc = cf_incorporation_load (f->store, &error);
  g_assert_no_error (error);
}

static void
close_window (Fixture *f)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_clear_object (&f->window);
    }
  cf_ui_spin_a_little ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  close_window (f);
  g_clear_object (&f->inc);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  cf_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->downloads);
}

static void
show_page (Fixture   *f,
           GtkWidget *page)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  /* As the assistant shows its pages: scrolled, at most 860 wide. */
  close_window (f);
  f->window = adw_window_new ();
  g_object_ref_sink (f->window);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scrolled);
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 1150);
  gtk_window_present (GTK_WINDOW (f->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->window);
  cf_inc_page_shown (CF_INC_PAGE (page));
}

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  GtkWidget *child = gtk_window_get_child (GTK_WINDOW (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  int w, h;

  cf_ui_spin_a_little ();
  cf_ui_wait_for_paint (window);
  w = gtk_widget_get_width (child);
  h = gtk_widget_get_height (child);
  g_assert_cmpint (w, >, 0);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 }, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_widget_snapshot_child (window, child, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cf_ui_save_png (texture, name);
}

/* ---- Files made here ---- */

typedef struct
{
  char    *path;
  GBytes  *bytes;
  gint64   mtime;
} Original;

static void
original_free (Original *o)
{
  g_free (o->path);
  g_bytes_unref (o->bytes);
  g_free (o);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Original, original_free)

static gint64
mtime_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gint64) st.st_mtime;
}

static Original *
write_original (Fixture    *f,
                const char *name,
                GBytes     *bytes)
{
  Original *o = g_new0 (Original, 1);
  g_autoptr(GError) error = NULL;

  o->path = g_build_filename (f->downloads, name, NULL);
  o->bytes = g_bytes_ref (bytes);
  g_assert_true (g_file_set_contents (o->path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  o->mtime = mtime_of (o->path);
  return o;
}

/* The file the user chose is as it was. */
static void
assert_untouched (Original *o)
{
  g_autoptr(GBytes) now = cf_test_read_file (o->path);

  g_assert_true (g_bytes_equal (now, o->bytes));
  g_assert_cmpint (mtime_of (o->path), ==, o->mtime);
}

/* A shield: a coloured disc and a band, on @background (alpha 0: clear). */
static GBytes *
logo_png (int      width,
          int      height,
          guint32  background_rgba)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  char *buffer = NULL;
  gsize len = 0;
  double a = (background_rgba & 0xff) / 255.0;

  cairo_set_source_rgba (cr, (background_rgba >> 24) / 255.0 * a, ((background_rgba >> 16) & 0xff) / 255.0 * a,
                         ((background_rgba >> 8) & 0xff) / 255.0 * a, a);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_source_rgb (cr, 0.55, 0.1, 0.2);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.35, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.85, 0.7, 0.2);
  cairo_rectangle (cr, width * 0.2, height * 0.45, width * 0.6, height * 0.1);
  cairo_fill (cr);
  cairo_destroy (cr);
  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
  cairo_surface_destroy (surface);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", NULL, NULL));
  return g_bytes_new_take (buffer, len);
}

/* A scanned page: paper, lines of text and a blue stamp. */
static GdkPixbuf *
scan_pixbuf (int width,
             int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  GdkPixbuf *pixbuf;

  cairo_set_source_rgb (cr, 0.95, 0.95, 0.93);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  for (int y = height / 8; y < height * 2 / 3; y += height / 40)
    cairo_rectangle (cr, width * 0.12, y, width * 0.76, height / 160.0 + 1);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.2, 0.3, 0.7);
  cairo_set_line_width (cr, width / 100.0);
  cairo_arc (cr, width * 0.7, height * 0.8, width * 0.1, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_destroy (cr);
  pixbuf = gdk_pixbuf_get_from_surface (surface, 0, 0, width, height);
  cairo_surface_destroy (surface);
  return pixbuf;
}

static GBytes *
scan_image (int         width,
            int         height,
            const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (width, height);
  char *buffer = NULL;
  gsize len = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, type, NULL, NULL));
  return g_bytes_new_take (buffer, len);
}

static cairo_status_t
append (void                *closure,
        const unsigned char *data,
        unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A letter page filled with a scan of @width × @height pixels. */
static GBytes *
scan_pdf (int width,
          int height)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append, out, 612, 792);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GdkPixbuf) pixbuf = scan_pixbuf (width, height);

  cairo_scale (cr, 612.0 / width, 792.0 / height);
  gdk_cairo_set_source_pixbuf (cr, pixbuf, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

static gboolean
logo_page_idle (gpointer data)
{
  return !cf_inc_logo_page_get_busy (data);
}

static gboolean
documents_page_idle (gpointer data)
{
  return !cf_inc_documents_page_get_busy (data);
}

static GBytes *
stored (Fixture    *f,
        const char *key)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = cf_incorporation_repo_get_file (f->store, key, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
assert_shows (Fixture    *f,
              const char *text)
{
  g_autofree char *shown = cf_ui_shown_text (f->window);

  if (strstr (shown, text) == NULL)
    g_error ("“%s” not shown in:\n%s", text, shown);
}

/* ---- Logotipo ---- */

/* "636 × 486 px", as the rules measure an image. */
static char *
size_of (GBytes *png)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (png);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, NULL);

  g_assert_nonnull (pixbuf);
  return g_strdup_printf ("%d × %d px", gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
}

static void
test_logo (Fixture       *f,
           gconstpointer  data)
{
  /* Too small and transparent: fails. */
  g_autoptr(GBytes) failing = logo_png (240, 180, 0x00000000);
  g_autoptr(Original) original = write_original (f, "escudo.png", failing);
  g_autoptr(GFile) file = g_file_new_for_path (original->path);
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GBytes) logo = NULL;
  g_autoptr(GBytes) institution_logo = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(CfLogoRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_sha = NULL;
  g_autofree char *copy_size = NULL;
  GtkWidget *page = cf_inc_logo_page_new (f->context, f->inc);

  show_page (f, page);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  cf_inc_logo_page_open_file (CF_INC_LOGO_PAGE (page), file);
  cf_ui_spin_until (logo_page_idle, page);

  /* The copy in the store; not the logo: it fails. */
  kept = stored (f, CF_INC_FILE_LOGO_ORIGINAL);
  g_assert_true (g_bytes_equal (kept, failing));
  g_assert_null (cf_incorporation_get_value (f->inc, CF_INC_LOGO));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_nonnull (cf_inc_page_get_missing (CF_INC_PAGE (page)));
  assert_shows (f, "escudo.png");
  assert_shows (f, "240 × 180 px");
  screenshot (f->window, "inc-logo-failing.png");

  /* "Crear copia conforme". */
  cf_inc_logo_page_make_copy (CF_INC_LOGO_PAGE (page));
  cf_ui_spin_until (logo_page_idle, page);
  logo = stored (f, CF_INC_FILE_LOGO);
  g_assert_false (g_bytes_equal (logo, failing));
  rules = cf_logo_rules_new_default (&error);
  g_assert_no_error (error);
  checks = cf_logo_rules_check_bytes (rules, logo);
  g_assert_true (cf_logo_checks_all_ok (checks));
  copy_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, logo);
  g_assert_cmpstr (cf_incorporation_get_value (f->inc, CF_INC_LOGO), ==, copy_sha);
  /* The institution's logo (Preferences, certificates, letters). */
  institution_logo = cf_institution_repo_get_logo (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (institution_logo, logo));
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  copy_size = size_of (logo);
  assert_shows (f, copy_size);
  screenshot (f->window, "inc-logo-copy.png");
  assert_untouched (original);

  /* Weeks later: a new page shows both from the store, the file gone. */
  g_assert_cmpint (g_remove (original->path), ==, 0);
  page = cf_inc_logo_page_new (f->context, f->inc);
  show_page (f, page);
  cf_ui_spin_until (logo_page_idle, page);
  assert_shows (f, "240 × 180 px");
  assert_shows (f, copy_size);
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-logo-later.png");

  /* A compliant image is the logo itself. */
  {
    g_autoptr(GBytes) good = logo_png (600, 400, 0xFFFFFFFF);
    g_autoptr(Original) good_original = write_original (f, "escudo-bueno.png", good);
    g_autoptr(GFile) good_file = g_file_new_for_path (good_original->path);
    g_autoptr(GBytes) now = NULL;

    cf_inc_logo_page_open_file (CF_INC_LOGO_PAGE (page), good_file);
    cf_ui_spin_until (logo_page_idle, page);
    now = stored (f, CF_INC_FILE_LOGO);
    g_assert_true (g_bytes_equal (now, good));
    g_assert_cmpstr (cf_incorporation_get_value (f->inc, CF_INC_LOGO), ==,
                     cf_incorporation_get_value (f->inc, CF_INC_FILE_LOGO_ORIGINAL));
    g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
    assert_untouched (good_original);
    screenshot (f->window, "inc-logo-good.png");
  }
}

/* ---- Documentos ---- */

static void
attach (Fixture    *f,
        GtkWidget  *page,
        const char *key,
        Original   *original)
{
  g_autoptr(GFile) file = g_file_new_for_path (original->path);

  cf_inc_documents_page_attach_file (CF_INC_DOCUMENTS_PAGE (page), key, file);
  cf_ui_spin_until (documents_page_idle, page);
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) pdf = scan_pdf (1275, 1650);   /* 150 dpi */
  g_autoptr(GBytes) text = g_bytes_new_static ("Registro de establecimiento\n", 28);
  g_autoptr(GBytes) small = scan_image (400, 300, "jpeg");
  g_autoptr(GBytes) good = scan_image (1700, 2200, "jpeg");   /* 200 dpi */
  g_autoptr(Original) oficio = write_original (f, "oficio nombramiento.pdf", pdf);
  g_autoptr(Original) fake = write_original (f, "registro.pdf", text);
  g_autoptr(Original) photo = write_original (f, "foto.jpg", small);
  g_autoptr(Original) registro = write_original (f, "registro-escaneado.jpg", good);
  g_autoptr(GBytes) kept = NULL;
  GtkWidget *page = cf_inc_documents_page_new (f->context, f->inc);

  show_page (f, page);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));

  attach (f, page, CF_INC_DOC_NOMBRAMIENTO, oficio);
  kept = stored (f, CF_INC_DOC_NOMBRAMIENTO);
  g_assert_true (g_bytes_equal (kept, pdf));
  g_clear_pointer (&kept, g_bytes_unref);
  assert_shows (f, "oficio nombramiento.pdf");
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));

  /* Refused, with the reason; nothing kept. */
  attach (f, page, CF_INC_DOC_REGISTRO, fake);
  g_assert_null (cf_incorporation_get_value (f->inc, CF_INC_DOC_REGISTRO));
  assert_shows (f, "registro.pdf");
  attach (f, page, CF_INC_DOC_REGISTRO, photo);
  g_assert_null (cf_incorporation_get_value (f->inc, CF_INC_DOC_REGISTRO));
  assert_shows (f, "400 × 300");
  screenshot (f->window, "inc-documents-refused.png");

  attach (f, page, CF_INC_DOC_REGISTRO, registro);
  kept = stored (f, CF_INC_DOC_REGISTRO);
  g_assert_true (g_bytes_equal (kept, good));
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-documents.png");

  /* A new page (a return later) checks the copies again. */
  page = cf_inc_documents_page_new (f->context, f->inc);
  show_page (f, page);
  cf_ui_spin_until (documents_page_idle, page);
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  assert_shows (f, "registro-escaneado.jpg");

  cf_inc_documents_page_remove (CF_INC_DOCUMENTS_PAGE (page), CF_INC_DOC_NOMBRAMIENTO);
  g_assert_null (cf_incorporation_get_value (f->inc, CF_INC_DOC_NOMBRAMIENTO));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) gone = cf_incorporation_repo_get_file (f->store, CF_INC_DOC_NOMBRAMIENTO, NULL, &error);

    g_assert_null (gone);
    g_assert_error (error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND);
  }

  assert_untouched (oficio);
  assert_untouched (fake);
  assert_untouched (photo);
  assert_untouched (registro);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = cf_test_mkdtemp ();
  int status;

  /* The bundled logo rules only, not a user's own file. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
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

  g_test_add ("/ui/inc/logo", Fixture, NULL, fixture_setup, test_logo, fixture_teardown);
  g_test_add ("/ui/inc/documents", Fixture, NULL, fixture_setup, test_documents, fixture_teardown);
  status = g_test_run ();
  cf_test_rmdir (data_home);
  return status;
}
