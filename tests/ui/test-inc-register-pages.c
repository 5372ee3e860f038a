/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The incorporation wizard's pages 2–4 and 10 (issue 15), each made alone
 * on a real store file, in Spanish when the catalogue is built: typing
 * into a field saves it at once (a CfIncorporation read again from the
 * store has it: a quit mid-page loses nothing), a wrong value shows its
 * reason beside the field, and the page's "missing" (Siguiente's tooltip)
 * and "complete" follow. Screenshots in render-out/. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libintl.h>

#include "cf-context.h"
#include "cf-inc-assistant.h"
#include "cf-inc-campus-page.h"
#include "cf-inc-institution-page.h"
#include "cf-inc-programa-page.h"
#include "cf-inc-signers-page.h"
#include "cf-incorporation.h"
#include "cf-signer-repo.h"
#include "cf-test-util.h"
#include "cf-ui-test-util.h"
#include "../core/test-plan-fixture.h"

typedef struct
{
  char            *dir;
  char            *path;
  CfStore         *store;
  CfContext       *context;
  CfIncorporation *inc;
  GtkWidget       *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cf_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "certifica.db", NULL);
  f->store = cf_store_open (f->path, &error);
  g_assert_no_error (error);
  f->context = cf_context_new (f->store, NULL);
  f->inc = cf_incorporation_load (f->store, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_object_unref (f->window);
    }
  cf_ui_spin_a_little ();
  g_clear_object (&f->inc);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  cf_test_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* What the store holds now, read by a new store connection and a new
 * CfIncorporation, as the app finds it after a quit. */
static char *
stored (Fixture    *f,
        const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CfStore) store = cf_store_open (f->path, &error);
  g_autoptr(CfIncorporation) inc = NULL;

  g_assert_no_error (error);
  inc = cf_incorporation_load (store, &error);
  g_assert_no_error (error);
  return g_strdup (cf_incorporation_get_value (inc, key));
}

static void
show_page (Fixture   *f,
           GtkWidget *page)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  /* As the assistant shows its pages: scrolled, at most 860 wide. */
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
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 900);
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

/* The preferences row under @widget titled @title (untranslated), the
 * @nth (from 0) of that title. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title,
          guint      *nth)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    g_dgettext (GETTEXT_PACKAGE, title)) == 0
      && (*nth)-- == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title, nth);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row (GtkWidget  *page,
     const char *title,
     guint       nth)
{
  GtkWidget *found = find_row (page, title, &nth);

  g_assert_nonnull (found);
  return found;
}

/* Types @text at the end of the entry row, a character at a time, as
 * a person does (each keystroke a "changed"). */
static void
type (GtkWidget  *entry,
      const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
    }
  cf_ui_spin_a_little ();
}

static void
clear (GtkWidget *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* The text shown at the end of @entry (the reason of a wrong value), or
 * NULL when nothing is shown. */
static char *
reason_of (GtkWidget *entry)
{
  /* The row's own title is a label too; the reason is the visible one
   * with the error style. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, entry);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "error") && gtk_widget_get_visible (w))
          return g_strdup (gtk_label_get_label (GTK_LABEL (w)));
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
  }
  return NULL;
}

static const char *
missing_of (GtkWidget *page)
{
  return cf_inc_page_get_missing (CF_INC_PAGE (page));
}

/* ---- 2. Institución ---- */

static void
test_institution (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *page = cf_inc_institution_page_new (f->context, f->inc);
  GtkWidget *name, *key, *enlace, *email, *id_mec;
  g_autofree char *reason = NULL;
  g_autofree char *value = NULL;

  show_page (f, page);
  name = row (page, "Full name, as registered with the DGP", 0);
  key = row (page, "DGP institution key", 0);
  enlace = row (page, "Full name", 0);
  email = row (page, "E-mail", 0);
  id_mec = row (page, "ID_MEC (optional for now)", 0);

  /* Empty: everything is missing, said in the tooltip's words. */
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_nonnull (strstr (missing_of (page), g_dgettext (GETTEXT_PACKAGE, "The institution’s name.")));
  g_assert_nonnull (strstr (missing_of (page), g_dgettext (GETTEXT_PACKAGE, "The contact’s e-mail address.")));
  screenshot (f->window, "inc-institution-empty.png");

  type (name, "Universidad del Valle de Anáhuac");
  value = stored (f, CF_INC_NOMBRE);
  g_assert_cmpstr (value, ==, "Universidad del Valle de Anáhuac");
  g_clear_pointer (&value, g_free);
  g_assert_null (strstr (missing_of (page), g_dgettext (GETTEXT_PACKAGE, "The institution’s name.")));

  /* A key as it is typed: too short, then letters, then right. */
  type (key, "204");
  reason = reason_of (key);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "3"));
  g_clear_pointer (&reason, g_free);
  g_assert_nonnull (strstr (missing_of (page), g_dgettext (GETTEXT_PACKAGE, "The institution’s DGP key must be 5 or 6 digits.")));
  type (key, "9a");
  reason = reason_of (key);
  g_assert_cmpstr (reason, ==, g_dgettext (GETTEXT_PACKAGE, "Digits only: the DGP key is a number."));
  g_clear_pointer (&reason, g_free);
  value = stored (f, CF_INC_ID_INSTITUCION);
  g_assert_cmpstr (value, ==, "2049a");   /* kept as typed, even wrong */
  g_clear_pointer (&value, g_free);
  clear (key);
  type (key, "20499");
  g_assert_null (reason_of (key));
  value = stored (f, CF_INC_ID_INSTITUCION);
  g_assert_cmpstr (value, ==, "20499");
  g_clear_pointer (&value, g_free);

  type (enlace, "Ana Muñoz Ortiz");
  type (email, "ana.uva.edu.mx");
  reason = reason_of (email);
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_cmpstr (missing_of (page), ==, g_dgettext (GETTEXT_PACKAGE, "The contact’s e-mail address is not valid."));
  screenshot (f->window, "inc-institution-wrong-email.png");

  clear (email);
  type (email, "ana@uva.edu.mx");
  g_assert_null (reason_of (email));
  /* ID_MEC is optional here: complete without it. */
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_null (missing_of (page));
  type (id_mec, "1234");
  value = stored (f, CF_INC_ID_MEC);
  g_assert_cmpstr (value, ==, "1234");
  g_clear_pointer (&value, g_free);
  screenshot (f->window, "inc-institution.png");

  /* Quit mid-page and come back: a new page on a new incorporation read
   * from the store shows every value. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_clear_object (&f->inc);
  {
    g_autoptr(GError) error = NULL;

    f->inc = cf_incorporation_load (f->store, &error);
    g_assert_no_error (error);
  }
  page = cf_inc_institution_page_new (f->context, f->inc);
  show_page (f, page);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "DGP institution key", 0))), ==, "20499");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "E-mail", 0))), ==, "ana@uva.edu.mx");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
}

/* ---- 3. Campus ---- */

static GtkWidget *
find_button_by_tooltip (GtkWidget  *widget,
                        const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_campus (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *page = cf_inc_campus_page_new (f->context, f->inc);
  GtkWidget *remove;
  g_autofree char *value = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *tip = NULL;

  /* A first visit starts with one campus, proposed as ÚNICO. */
  show_page (f, page);
  g_assert_cmpuint (cf_incorporation_get_n_campuses (f->inc), ==, 1);
  value = stored (f, "campus.1.nombre");
  g_assert_cmpstr (value, ==, "ÚNICO");
  g_clear_pointer (&value, g_free);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_nonnull (strstr (missing_of (page), "1"));
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Remove campus %u"), 1);
  g_assert_null (find_button_by_tooltip (page, tip));
  g_clear_pointer (&tip, g_free);

  type (row (page, "DGP campus key", 0), "0901");
  reason = reason_of (row (page, "DGP campus key", 0));
  g_assert_nonnull (reason);
  g_clear_pointer (&reason, g_free);
  type (row (page, "DGP campus key", 0), "01");
  g_assert_null (reason_of (row (page, "DGP campus key", 0)));
  value = stored (f, "campus.1.id_campus");
  g_assert_cmpstr (value, ==, "090101");
  g_clear_pointer (&value, g_free);

  /* The state from the catalog: Ciudad de México is 09. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "State (entidad federativa)", 0)), 9);
  value = stored (f, "campus.1.entidad");
  g_assert_cmpstr (value, ==, "09");
  g_clear_pointer (&value, g_free);
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_null (missing_of (page));
  screenshot (f->window, "inc-campus-one.png");

  /* A second campus: ÚNICO is taken back, each must be named. */
  cf_inc_campus_page_add_campus (CF_INC_CAMPUS_PAGE (page));
  value = stored (f, CF_INC_N_CAMPUSES);
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  g_assert_null (cf_incorporation_get_campus_value (f->inc, 1, "nombre"));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "The name of campus %u."), 1);
  g_assert_nonnull (strstr (missing_of (page), tip));
  g_clear_pointer (&tip, g_free);
  type (row (page, "Name", 0), "CENTRO");
  /* The first campus's key again: refused beside the field. */
  type (row (page, "DGP campus key", 1), "090101");
  reason = reason_of (row (page, "DGP campus key", 1));
  g_assert_nonnull (reason);
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Campus %u has this key already."), 1);
  g_assert_cmpstr (reason, ==, tip);
  g_clear_pointer (&tip, g_free);
  g_clear_pointer (&reason, g_free);
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Campuses %u and %u have the same DGP key."), 1, 2);
  g_assert_nonnull (strstr (missing_of (page), tip));
  g_clear_pointer (&tip, g_free);
  screenshot (f->window, "inc-campus-same-key.png");
  clear (row (page, "DGP campus key", 1));
  type (row (page, "DGP campus key", 1), "150202");
  type (row (page, "Name", 1), "NORTE");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "State (entidad federativa)", 1)), 15);
  value = stored (f, "campus.2.entidad");
  g_assert_cmpstr (value, ==, "15");
  g_clear_pointer (&value, g_free);
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-campus-two.png");

  /* Removing the first moves the second into its place. */
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "Remove campus %u"), 1);
  remove = find_button_by_tooltip (page, tip);
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  cf_ui_spin_a_little ();
  value = stored (f, "campus.1.nombre");
  g_assert_cmpstr (value, ==, "NORTE");
  g_clear_pointer (&value, g_free);
  value = stored (f, "campus.1.id_campus");
  g_assert_cmpstr (value, ==, "150202");
  g_clear_pointer (&value, g_free);
  value = stored (f, "campus.2.nombre");
  g_assert_null (value);
  value = stored (f, CF_INC_N_CAMPUSES);
  g_assert_cmpstr (value, ==, "1");
  g_clear_pointer (&value, g_free);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "DGP campus key", 0))), ==, "150202");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
}

/* ---- 4. Responsables de firma ---- */

static void
set (Fixture    *f,
     const char *key,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cf_incorporation_set_value (f->inc, key, value, &error));
  g_assert_no_error (error);
}

static void
two_campuses (Fixture *f)
{
  set (f, CF_INC_N_CAMPUSES, "2");
  set (f, "campus.1.id_campus", "090101");
  set (f, "campus.1.nombre", "CENTRO");
  set (f, "campus.1.entidad", "09");
  set (f, "campus.2.id_campus", "150202");
  set (f, "campus.2.nombre", "NORTE");
  set (f, "campus.2.entidad", "15");
}

/* A generated SAT-like certificate: its .cer path; added to Firmantes as
 * that page would (no checks) when @store is not NULL. */
static char *
signer (Fixture        *f,
        const char     *basename,
        CfTestCertSpec *spec,
        gboolean        to_store)
{
  g_autofree char *cer = NULL, *key = NULL;
  g_autoptr(GError) error = NULL;

  spec->bits = 1024;
  g_assert_true (cf_test_generate_cert (f->dir, basename, spec, &cer, &key, &error));
  g_assert_no_error (error);
  g_unlink (key);
  if (to_store)
    {
      g_autoptr(GBytes) bytes = cf_test_read_file (cer);
      g_autoptr(CfCertificate) certificate = cf_certificate_new_from_bytes (bytes, &error);

      g_assert_no_error (error);
      g_assert_true (cf_signer_repo_add (f->store, certificate, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&cer);
}

/* The position in @combo's list of the item that starts with @text. */
static guint
item_with (GtkWidget  *combo,
           const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      /* "RECTOR" is in "DIRECTOR" too: a whole word at the start. */
      if (g_str_has_prefix (gtk_string_object_get_string (item), text))
        return i;
    }
  g_assert_not_reached ();
}

static void
test_signers (Fixture       *f,
              gconstpointer  data)
{
  CfTestCertSpec maria = { .name = "MARIA DE LA LUZ PEREZ LOPEZ", .serial_ascii = "30001000000500003456",
                           .curp = "PELM800101MDFRPR05" };
  CfTestCertSpec juan = { .name = "JUAN CARLOS RUIZ SOTO", .serial_ascii = "30001000000500001111",
                          .rfc = "RUSJ800101AB1", .curp = "RUSJ800101HDFZTN01", .days_valid = 61 };
  CfTestCertSpec seal = { .name = "ACCEM SERVICIOS", .serial_ascii = "30001000000500002222", .ou = "Sucursal 1" };
  CfTestCertSpec luis = { .name = "LUIS GOMEZ DIAZ", .serial_ascii = "30001000000500004444",
                          .rfc = "GODL800101AB1", .curp = "GODL800101HDFMZS02" };
  g_autofree char *maria_cer = NULL, *juan_cer = NULL, *seal_cer = NULL, *luis_cer = NULL;
  g_autofree char *trust = g_build_filename (f->dir, "trust", NULL);
  g_autofree char *trusted = g_build_filename (trust, "luis.cer", NULL);
  g_autofree char *value = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CfSignerResponsable) responsable = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  two_campuses (f);
  maria_cer = signer (f, "maria", &maria, TRUE);
  juan_cer = signer (f, "juan", &juan, TRUE);
  seal_cer = signer (f, "csd", &seal, TRUE);
  page = cf_inc_signers_page_new (f->context, f->inc);
  show_page (f, page);

  /* Nobody chosen yet; the CSD is not offered, and the page says so. */
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  tip = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "The person who signs for campus %u."), 1);
  g_assert_nonnull (strstr (missing_of (page), tip));
  g_clear_pointer (&tip, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row (page, "Signer", 0)))), ==, 3);
  text = cf_ui_shown_text (page);
  g_assert_null (strstr (text, "30001000000500002222"));
  g_clear_pointer (&text, g_free);

  /* Campus 1: María; her CURP shown, her position and e-mail. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "Signer", 0)), item_with (row (page, "Signer", 0), "MARIA"));
  value = stored (f, "campus.1.signer");
  g_assert_cmpstr (value, ==, "30001000000500003456");
  g_clear_pointer (&value, g_free);
  text = cf_ui_shown_text (page);
  g_assert_nonnull (strstr (text, "PELM800101MDFRPR05"));
  g_clear_pointer (&text, g_free);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "Position (idCargo)", 0)),
                              item_with (row (page, "Position (idCargo)", 0), "RECTOR"));
  responsable = cf_signer_repo_get_responsable (f->store, "30001000000500003456", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (responsable->id_cargo, ==, "3");
  g_clear_pointer (&responsable, cf_signer_responsable_free);
  clear (row (page, "Signer’s e-mail", 0));
  type (row (page, "Signer’s e-mail", 0), "maria@uva");
  g_assert_nonnull (reason_of (row (page, "Signer’s e-mail", 0)));
  type (row (page, "Signer’s e-mail", 0), ".edu.mx");
  g_assert_null (reason_of (row (page, "Signer’s e-mail", 0)));
  value = stored (f, "campus.1.signer_email");
  g_assert_cmpstr (value, ==, "maria@uva.edu.mx");
  g_clear_pointer (&value, g_free);

  /* Luis added from his .cer (his CA trusted on purpose): he goes to the
   * campus still without a signer. */
  luis_cer = signer (f, "luis", &luis, FALSE);
  g_mkdir_with_parents (trust, 0700);
  {
    g_autoptr(GFile) from = g_file_new_for_path (luis_cer);
    g_autoptr(GFile) to = g_file_new_for_path (trusted);

    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_setenv ("CERTIFICA_TRUST_DIR", trust, TRUE);
  file = g_file_new_for_path (luis_cer);
  g_assert_true (cf_inc_signers_page_add_cer (CF_INC_SIGNERS_PAGE (page), file));
  g_unsetenv ("CERTIFICA_TRUST_DIR");
  value = stored (f, "campus.2.signer");
  g_assert_cmpstr (value, ==, "30001000000500004444");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row (page, "Signer", 1)))), ==, 4);

  /* The same person may sign for both: María on campus 2 too, her
   * position shown there as well. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "Signer", 1)), item_with (row (page, "Signer", 1), "MARIA"));
  value = stored (f, "campus.2.signer");
  g_assert_cmpstr (value, ==, "30001000000500003456");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (page, "Position (idCargo)", 1))), ==,
                    item_with (row (page, "Position (idCargo)", 1), "RECTOR"));
  /* Her e-mail comes with her, from campus 1. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (page, "Signer’s e-mail", 1))), ==, "maria@uva.edu.mx");
  clear (row (page, "Signer’s e-mail", 1));
  type (row (page, "Signer’s e-mail", 1), "maria.perez@uva.edu.mx");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_null (missing_of (page));
  screenshot (f->window, "inc-signers.png");

  /* Juan's e.firma ends in 60 days: chosen, with a warning. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "Signer", 1)), item_with (row (page, "Signer", 1), "JUAN"));
  text = cf_ui_shown_text (page);
  g_assert_nonnull (strstr (text, "RUSJ800101HDFZTN01"));
  g_clear_pointer (&text, g_free);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_next_sibling (row (page, "Signer", 1)), "warning"));
  /* Another person: María's e-mail is not kept for him. */
  g_assert_cmpstr (cf_incorporation_get_campus_value (f->inc, 2, "signer_email"), !=, "maria.perez@uva.edu.mx");
  clear (row (page, "Signer’s e-mail", 1));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  type (row (page, "Signer’s e-mail", 1), "juan@uva.edu.mx");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-signers-expiring.png");

  /* A generated CSD's .cer is refused, nothing added. */
  g_clear_object (&file);
  file = g_file_new_for_path (seal_cer);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row (page, "Signer", 0)))), ==, 4);
  g_assert_false (cf_inc_signers_page_add_cer (CF_INC_SIGNERS_PAGE (page), file));
  text = reason_of (page);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "csd.cer"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row (page, "Signer", 0)))), ==, 4);
}

/* SAT's own test files: the CSD is refused as a CSD, the e.firma (expired
 * in 2021) as expired; neither is given to a campus. */
static void
test_signers_sat (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *csd = cf_test_fixture_path ("sat-test-certs/CSD01_AAA010101AAA/certificate.cer");
  g_autofree char *fiel = cf_test_fixture_path ("sat-test-certs/FIEL_AAA010101AAA/certificate.cer");
  g_autoptr(GFile) csd_file = NULL;
  g_autoptr(GFile) fiel_file = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *page;

  if (csd == NULL || fiel == NULL)
    {
      g_test_skip ("SAT fixtures not found ($CF_FIXTURES_DIR)");
      return;
    }
  two_campuses (f);
  page = cf_inc_signers_page_new (f->context, f->inc);
  show_page (f, page);

  csd_file = g_file_new_for_path (csd);
  g_assert_false (cf_inc_signers_page_add_cer (CF_INC_SIGNERS_PAGE (page), csd_file));
  text = reason_of (page);
  g_test_message ("CSD: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "CSD01_AAA010101AAA"));
  g_clear_pointer (&text, g_free);
  screenshot (f->window, "inc-signers-csd-refused.png");

  fiel_file = g_file_new_for_path (fiel);
  g_assert_false (cf_inc_signers_page_add_cer (CF_INC_SIGNERS_PAGE (page), fiel_file));
  text = reason_of (page);
  g_test_message ("FIEL: %s", text);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "2021"));
  g_clear_pointer (&text, g_free);

  signers = cf_signer_repo_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signers->len, ==, 0);
  g_assert_null (cf_incorporation_get_campus_value (f->inc, 1, "signer"));
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
}

/* ---- 10. Programa de estudios ---- */

static gboolean
checked (gpointer page)
{
  return !cf_inc_programa_page_is_checking (page);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), g_dgettext (GETTEXT_PACKAGE, label)) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_show_section (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  char **section = user_data;

  g_free (*section);
  *section = g_variant_dup_string (parameter, NULL);
}

static void
test_programa_empty (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *page = cf_inc_programa_page_new (f->context, f->inc);

  /* Not complete before the plans were ever checked. */
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_nonnull (missing_of (page));
  show_page (f, page);
  cf_ui_spin_until (checked, page);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_cmpstr (missing_of (page), ==, g_dgettext (GETTEXT_PACKAGE, "Import the study plans in Study Plans first."));
  g_assert_false (gtk_widget_get_sensitive (find_button (page, "_Mark as Sent")));
  g_assert_null (cf_incorporation_get_value (f->inc, CF_INC_PROGRAMA_VALIDATED));
  screenshot (f->window, "inc-programa-empty.png");
}

static void
test_programa (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CfPlanBook) book = fixture_book ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) show_section = g_simple_action_new ("show-section", G_VARIANT_TYPE_STRING);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *section = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_assert_true (cf_plan_book_save_to_store (book, f->store, &error));
  g_assert_no_error (error);
  page = cf_inc_programa_page_new (f->context, f->inc);
  show_page (f, page);
  /* The window's action, as CfWindow has it. */
  g_signal_connect (show_section, "activate", G_CALLBACK (on_show_section), &section);
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (show_section));
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (actions));

  cf_ui_spin_until (checked, page);
  /* Valid: the day is kept, and what is left is to send it. */
  value = stored (f, CF_INC_PROGRAMA_VALIDATED);
  g_assert_cmpstr (value, ==, today);
  g_clear_pointer (&value, g_free);
  g_assert_false (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_cmpstr (missing_of (page), ==,
                   g_dgettext (GETTEXT_PACKAGE, "Send the Programa de Estudios workbook to SEP and mark it as sent."));
  screenshot (f->window, "inc-programa-valid.png");

  g_signal_emit_by_name (find_button (page, "_Open Study Plans"), "clicked");
  g_assert_cmpstr (section, ==, "plans");

  g_assert_true (gtk_widget_get_sensitive (find_button (page, "_Mark as Sent")));
  g_signal_emit_by_name (find_button (page, "_Mark as Sent"), "clicked");
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  g_assert_null (missing_of (page));
  {
    g_autoptr(CfStore) store = cf_store_open (f->path, &error);
    g_autoptr(CfIncorporation) inc = NULL;

    g_assert_no_error (error);
    inc = cf_incorporation_load (store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cf_incorporation_get_state (inc, CF_INCORPORATION_STAGE_PROGRAMA), ==, CF_INCORPORATION_WAITING);
    g_assert_cmpstr (cf_incorporation_get_since (inc, CF_INCORPORATION_STAGE_PROGRAMA), ==, today);
    g_assert_nonnull (cf_incorporation_get_due (inc, CF_INCORPORATION_STAGE_PROGRAMA));
  }
  screenshot (f->window, "inc-programa-sent.png");

  /* A problem in the plans (a subject's key gone) is shown when the page
   * comes back into view. */
  {
    g_autoptr(CfPlanBook) bound = cf_plan_book_load (f->store, &error);
    g_autoptr(GPtrArray) subjects = NULL;

    g_assert_no_error (error);
    subjects = cf_plan_book_list_subjects (bound, TRUE);
    g_assert_true (cf_plan_book_set_value (bound, g_ptr_array_index (subjects, 0), CF_PLAN_COL_CLAVE_ASIGNATURA, "", &error));
    g_assert_no_error (error);
  }
  cf_inc_page_shown (CF_INC_PAGE (page));
  cf_ui_spin_until (checked, page);
  {
    g_autofree char *text = cf_ui_shown_text (page);
    g_autofree char *problems = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u problem to correct before SEP takes the plans.",
                                                              "%u problems to correct before SEP takes the plans.",
                                                              1), 1);

    g_assert_nonnull (strstr (text, problems));
    g_assert_nonnull (strstr (text, "CLAVE_ASIGNATURA"));
  }
  /* Sent already: SEP has it; the test stage need not wait. */
  g_assert_true (cf_inc_page_get_complete (CF_INC_PAGE (page)));
  screenshot (f->window, "inc-programa-problem.png");
}

/* ---- In the assistant ---- */

/* Pages 2 and 3 as the wizard shows them: "Siguiente" held with the
 * page's "missing" as its tooltip, then free once the page is complete. */
static void
test_in_assistant (Fixture       *f,
                   gconstpointer  data)
{
  CfIncAssistant *assistant = cf_inc_assistant_new (f->context, f->inc);
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *next;
  CfIncPage *page = NULL;
  guint index = 0;

  f->window = adw_window_new ();
  g_object_ref_sink (f->window);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (assistant));
  adw_window_set_content (ADW_WINDOW (f->window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  cf_ui_spin_until (cf_ui_widget_is_mapped, f->window);

  for (guint i = 0; i < cf_inc_assistant_get_n_pages (assistant) && page == NULL; i++)
    if (CF_IS_INC_INSTITUTION_PAGE (cf_inc_assistant_get_page (assistant, i)))
      page = cf_inc_assistant_get_page (assistant, index = i);
  g_assert_nonnull (page);
  cf_inc_assistant_go_to (assistant, index);
  cf_ui_spin_a_little ();
  next = find_button (GTK_WIDGET (assistant), "_Next");
  g_assert_nonnull (next);
  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (next), ==, cf_inc_page_get_missing (page));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (next), g_dgettext (GETTEXT_PACKAGE, "The institution’s name.")));

  type (row (GTK_WIDGET (page), "Full name, as registered with the DGP", 0), "Universidad del Valle de Anáhuac");
  type (row (GTK_WIDGET (page), "DGP institution key", 0), "2049");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (next), ==, cf_inc_page_get_missing (page));
  type (row (GTK_WIDGET (page), "Full name", 0), "Ana Muñoz Ortiz");
  type (row (GTK_WIDGET (page), "E-mail", 0), "ana@uva.edu.mx");
  screenshot (f->window, "inc-assistant-institution.png");
  type (row (GTK_WIDGET (page), "DGP institution key", 0), "9");
  g_assert_true (gtk_widget_get_sensitive (next));

  g_signal_emit_by_name (next, "clicked");
  cf_ui_spin_a_little ();
  page = cf_inc_assistant_get_current_page (assistant);
  g_assert_true (CF_IS_INC_CAMPUS_PAGE (page));
  /* Shown: one campus to fill in, ÚNICO proposed. */
  g_assert_cmpuint (cf_incorporation_get_n_campuses (f->inc), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (next));
  screenshot (f->window, "inc-assistant-campus.png");
}

int
main (int argc, char **argv)
{
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

  g_test_add ("/ui/inc/institution", Fixture, NULL, fixture_setup, test_institution, fixture_teardown);
  g_test_add ("/ui/inc/campus", Fixture, NULL, fixture_setup, test_campus, fixture_teardown);
  g_test_add ("/ui/inc/signers", Fixture, NULL, fixture_setup, test_signers, fixture_teardown);
  g_test_add ("/ui/inc/signers-sat", Fixture, NULL, fixture_setup, test_signers_sat, fixture_teardown);
  g_test_add ("/ui/inc/programa-empty", Fixture, NULL, fixture_setup, test_programa_empty, fixture_teardown);
  g_test_add ("/ui/inc/programa", Fixture, NULL, fixture_setup, test_programa, fixture_teardown);
  g_test_add ("/ui/inc/in-assistant", Fixture, NULL, fixture_setup, test_in_assistant, fixture_teardown);
  return g_test_run ();
}
