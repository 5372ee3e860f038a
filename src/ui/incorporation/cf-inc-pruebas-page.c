/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-pruebas-page.c: the test stage.
 *
 * The folios and their uses live in the store (cf-incorporation-repo): the
 * list is read again after every change here and whenever the page is
 * shown, since sealing in the Certificados section takes uses too. A use is
 * only ever taken through the repository's conditional update, so a fourth
 * one is refused there, never here by counting. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-pruebas-page.h"
#include "cf-inc-credentials-group.h"
#include "cf-inc-folios.h"
#include "cf-inc-mail.h"
#include "cf-business-days.h"
#include "cf-date.h"
#include "cf-incorporation-repo.h"

/* The key of the date the request for the production portal was sent. */
#define KEY_REQUESTED "pruebas.solicitud_produccion"
#define TEST_FOLIOS_EXPECTED 100

struct _CfIncPruebasPage
{
  CfIncPage             parent_instance;

  AdwEntryRow          *date_row;
  AdwEntryRow          *id_mec_row;
  GtkLabel             *date_error;
  CfIncCredentialsGroup *credentials;
  GtkTextView          *folios_text;
  GtkLabel             *add_status;
  GtkButton            *add_button;
  AdwActionRow         *progress_row;
  GtkLevelBar          *progress_bar;
  AdwActionRow         *request_row;
  GtkButton            *request_button;
  GtkButton            *mark_sent_button;
  AdwPreferencesGroup  *list_group;
  GtkButton            *results_button;
  GtkLabel             *list_status;
  GtkListBox           *folio_list;

  GCancellable         *cancellable;
  GHashTable           *expanded;     /* folios whose row is open */
  guint                 n_satisfactory;
  gboolean              loading;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (CfIncPruebasPage, cf_inc_pruebas_page, CF_TYPE_INC_PAGE)

static void refresh (CfIncPruebasPage *self);

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (GWeakRef *ref)
{
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

static CfIncorporation *
incorporation (CfIncPruebasPage *self)
{
  return cf_inc_page_get_incorporation (CF_INC_PAGE (self));
}

static void
show_status (GtkLabel   *label,
             const char *text,
             gboolean    is_error)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

/* ---- What SEP sent ---- */

static void
on_date_changed (CfIncPruebasPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  GDate date;

  if (self->loading)
    return;
  if (*text != '\0' && !cf_calendar_parse_iso (text, &date))
    {
      g_autofree char *message =
        /* Translators: %s is what was typed. */
        g_strdup_printf (_("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-11-02."), text);

      show_status (self->date_error, message, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
      return;
    }
  show_status (self->date_error, NULL, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_TEST_CREDENTIALS, text);
  refresh (self);
}

static void
on_today (CfIncPruebasPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
}

static void
on_id_mec_changed (CfIncPruebasPage *self)
{
  g_autofree char *text = NULL;

  if (self->loading)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->id_mec_row))));
  cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_ID_MEC, text);
  refresh (self);
}

/* ---- Folios ---- */

static void
on_add (CfIncPruebasPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->folios_text);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folios = NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  GtkTextIter start, end;
  guint n_added = 0, n_given;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  folios = cf_inc_folios_parse (text, &error);
  if (folios == NULL ||
      !cf_incorporation_repo_add_folios (cf_inc_page_get_store (CF_INC_PAGE (self)),
                                         (const char * const *) folios, &n_added, &error))
    {
      show_status (self->add_status, error->message, TRUE);
      return;
    }
  n_given = g_strv_length (folios);
  if (n_given > n_added)
    /* Translators: the first %u is how many were new, the second how many given were there already. */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u folio added; %u already there.",
                                            "%u folios added; %u already there.", n_added),
                               n_added, n_given - n_added);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u folio added.", "%u folios added.",
                                            n_added), n_added);
  show_status (self->add_status, message, FALSE);
  gtk_text_buffer_set_text (buffer, "", 0);
  refresh (self);
}

/* A mistake shown for a paste no longer there is stale. */
static void
on_folios_text_changed (CfIncPruebasPage *self)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (self->add_status), "error"))
    show_status (self->add_status, NULL, FALSE);
}

/* Records @text as the result of use @number of @folio. */
static void
record_result (CfIncPruebasPage *self,
               const char       *folio,
               guint             number,
               const char       *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *result = g_strstrip (g_strdup (text));

  if (*result == '\0')
    return;
  if (!cf_incorporation_repo_set_result (cf_inc_page_get_store (CF_INC_PAGE (self)), folio, number,
                                         result, &error))
    show_status (self->list_status, error->message, TRUE);
  else
    show_status (self->list_status, NULL, FALSE);
  refresh (self);
}

static void
on_result_apply (AdwEntryRow      *row,
                 CfIncPruebasPage *self)
{
  record_result (self, g_object_get_data (G_OBJECT (row), "folio"),
                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "number")),
                 gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
on_satisfactory (GtkButton        *button,
                 CfIncPruebasPage *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "row");

  record_result (self, g_object_get_data (G_OBJECT (row), "folio"),
                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "number")),
                 CF_TEST_FOLIO_SATISFACTORY);
}

static void
on_use_apply (AdwEntryRow      *row,
              CfIncPruebasPage *self)
{
  const char *folio = g_object_get_data (G_OBJECT (row), "folio");
  g_autofree char *used_for = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (*used_for == '\0')
    return;
  /* The repository refuses a fourth use, also one another desk took. */
  if (!cf_incorporation_repo_use_folio (cf_inc_page_get_store (CF_INC_PAGE (self)), folio, used_for,
                                        NULL, NULL, &error))
    show_status (self->list_status, error->message, TRUE);
  else
    show_status (self->list_status, NULL, FALSE);
  refresh (self);
}

static void
on_expanded (AdwExpanderRow   *row,
             GParamSpec       *pspec,
             CfIncPruebasPage *self)
{
  const char *folio = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  if (adw_expander_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (folio));
  else
    g_hash_table_remove (self->expanded, folio);
}

static char *
describe_folio (const CfTestFolio *folio)
{
  const CfTestFolioUse *last;
  g_autofree char *uses = NULL;

  if (folio->uses == 0)
    return g_strdup (_("Not used yet"));
  uses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Used %u of %d times", "Used %u of %d times",
                                       folio->uses), folio->uses, CF_TEST_FOLIO_MAX_USES);
  last = g_ptr_array_index (folio->use_list, folio->use_list->len - 1);
  if (last->result == NULL || *last->result == '\0')
    /* Translators: "Used 1 of 3 times", then what is known of the last use. */
    return g_strdup_printf (_("%s · waiting for SEP’s result"), uses);
  return g_strdup_printf ("%s · %s", uses, last->result);
}

static GtkWidget *
folio_row_new (CfIncPruebasPage  *self,
               const CfTestFolio *folio)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autofree char *subtitle = describe_folio (folio);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), folio->folio);
  adw_expander_row_set_subtitle (row, subtitle);
  gtk_widget_set_name (GTK_WIDGET (row), folio->folio);

  for (guint i = 0; i < folio->use_list->len; i++)
    {
      const CfTestFolioUse *use = g_ptr_array_index (folio->use_list, i);
      AdwEntryRow *use_row = ADW_ENTRY_ROW (adw_entry_row_new ());
      GtkWidget *ok = gtk_button_new_from_icon_name ("object-select-symbolic");
      /* Translators: the use's number, then the certificate it was used for. */
      g_autofree char *title = g_strdup_printf (_("Use %u · %s — SEP’s result"), use->number, use->used_for);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (use_row), title);
      gtk_editable_set_text (GTK_EDITABLE (use_row), use->result != NULL ? use->result : "");
      adw_entry_row_set_show_apply_button (use_row, TRUE);
      g_object_set_data_full (G_OBJECT (use_row), "folio", g_strdup (folio->folio), g_free);
      g_object_set_data (G_OBJECT (use_row), "number", GUINT_TO_POINTER (use->number));
      g_signal_connect (use_row, "apply", G_CALLBACK (on_result_apply), self);

      gtk_widget_set_valign (ok, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (ok, "flat");
      gtk_widget_set_tooltip_text (ok, _("Record SATISFACTORIO"));
      gtk_widget_set_name (ok, "satisfactory");
      g_object_set_data (G_OBJECT (ok), "row", use_row);
      g_signal_connect (ok, "clicked", G_CALLBACK (on_satisfactory), self);
      adw_entry_row_add_suffix (use_row, ok);
      adw_expander_row_add_row (row, GTK_WIDGET (use_row));
    }

  if (folio->uses < CF_TEST_FOLIO_MAX_USES)
    {
      AdwEntryRow *use_row = ADW_ENTRY_ROW (adw_entry_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (use_row),
                                     _("Record a Use: the Certificate Sealed with It"));
      adw_entry_row_set_show_apply_button (use_row, TRUE);
      g_object_set_data_full (G_OBJECT (use_row), "folio", g_strdup (folio->folio), g_free);
      g_signal_connect (use_row, "apply", G_CALLBACK (on_use_apply), self);
      adw_expander_row_add_row (row, GTK_WIDGET (use_row));
    }
  else
    {
      GtkWidget *full = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (full), _("Used three times"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (full),
                                   _("SEP accepts no fourth use of a test folio: seal with another folio."));
      adw_action_row_add_prefix (ADW_ACTION_ROW (full), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      adw_expander_row_add_row (row, full);
    }

  adw_expander_row_set_expanded (row, g_hash_table_contains (self->expanded, folio->folio));
  g_signal_connect (row, "notify::expanded", G_CALLBACK (on_expanded), self);
  return GTK_WIDGET (row);
}

/* ---- The request for the production portal ---- */

void
cf_inc_pruebas_page_dup_request (CfIncPruebasPage  *self,
                                 char             **subject,
                                 char             **body)
{
  CfIncorporation *inc = incorporation (self);
  const char *name = cf_incorporation_get_value (inc, CF_INC_NOMBRE);
  const char *id_mec = cf_incorporation_get_value (inc, CF_INC_ID_MEC);
  const char *enlace = cf_incorporation_get_value (inc, CF_INC_ENLACE);
  const char *email = cf_incorporation_get_value (inc, CF_INC_EMAIL);

  g_return_if_fail (CF_IS_INC_PRUEBAS_PAGE (self));

  /* Written to SEP, so in Spanish whatever the desktop's language, as the
   * package's subject "<Nombre> / Registro Institución" is. */
  *subject = g_strdup_printf ("%s / Solicitud de portal productivo", name != NULL ? name : "");
  *body = g_strdup_printf ("Buen día:\n\n"
                           "%s (ID_MEC %s) concluyó la etapa de pruebas del MEC: %u certificados "
                           "obtuvieron el resultado SATISFACTORIO en el portal de pruebas.\n\n"
                           "Solicitamos pasar al portal productivo y, por favor, el manual de registro "
                           "correspondiente.\n\n"
                           "Atentamente,\n\n%s\n%s\n%s\nID_MEC: %s\n",
                           name != NULL ? name : "", id_mec != NULL ? id_mec : "",
                           self->n_satisfactory,
                           enlace != NULL ? enlace : "", email != NULL ? email : "",
                           name != NULL ? name : "", id_mec != NULL ? id_mec : "");
}

static void
compose_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CfIncPruebasPage) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;

  if (!cf_inc_mail_compose_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    return;
  self->busy = FALSE;
  if (g_error_matches (error, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_NO_CLIENT))
    {
      g_autofree char *subject = NULL;
      g_autofree char *body = NULL;
      g_autofree char *mailto = NULL;
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      /* No xdg-email: the desktop's handler of mailto: links instead. */
      cf_inc_pruebas_page_dup_request (self, &subject, &body);
      mailto = cf_inc_mail_build_mailto (CF_INC_MAIL_SEP_REGISTRO, subject, body);
      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, mailto, GDK_CURRENT_TIME);
      g_clear_error (&error);
    }
  if (error != NULL)
    adw_action_row_set_subtitle (self->request_row, error->message);
  else
    adw_action_row_set_subtitle (self->request_row,
                                 _("The draft is open in your mail client. Once you have sent it, "
                                   "mark it as sent."));
  gtk_widget_set_visible (GTK_WIDGET (self->mark_sent_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), TRUE);
}

static void
on_request (CfIncPruebasPage *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), FALSE);
  cf_inc_pruebas_page_dup_request (self, &subject, &body);
  cf_inc_mail_compose_async (CF_INC_MAIL_SEP_REGISTRO, subject, body, NULL, self->cancellable,
                             compose_done, weak_ref_new (self));
}

static void
on_mark_sent (CfIncPruebasPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  if (!cf_inc_page_save_value (CF_INC_PAGE (self), KEY_REQUESTED, today))
    return;
  /* The test stage ends with the request; production has its own page. */
  if (!cf_incorporation_mark_done (incorporation (self), CF_INCORPORATION_STAGE_PRUEBAS, &error))
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  refresh (self);
}

/* ---- SEP's results file ---- */

static void
results_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CfIncPruebasPage) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) skipped = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  gsize length = 0;
  guint n = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    return;
  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->results_button), TRUE);

  if (error == NULL)
    results = cf_inc_folios_parse_results (contents, length, &error);
  if (results != NULL)
    cf_inc_folios_record_results (cf_inc_page_get_store (CF_INC_PAGE (self)), results, &n, &skipped, &error);
  if (error != NULL)
    {
      g_autofree char *name = g_file_get_basename (G_FILE (source));
      /* Translators: the file's name, then the reason. */
      message = g_strdup_printf (_("“%s” was not read: %s"), name, error->message);
      show_status (self->list_status, message, TRUE);
    }
  else
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result recorded from the file.",
                                              "%u results recorded from the file.", n), n);
      if (skipped->len > 0)
        {
          g_autofree char *list = NULL;
          g_autofree char *more = NULL;
          char *both;

          g_ptr_array_add (skipped, NULL);
          list = g_strjoinv (", ", (char **) skipped->pdata);
          /* Translators: %s is a list of folios. */
          more = g_strdup_printf (_("Not recorded, as they are not test folios here or were never used: %s."), list);
          both = g_strdup_printf ("%s %s", message, more);
          g_free (message);
          message = both;
        }
      show_status (self->list_status, message, FALSE);
    }
  refresh (self);
}

void
cf_inc_pruebas_page_read_results (CfIncPruebasPage *self,
                                  GFile            *file)
{
  g_return_if_fail (CF_IS_INC_PRUEBAS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->results_button), FALSE);
  g_file_load_contents_async (file, self->cancellable, results_loaded, weak_ref_new (self));
}

gboolean
cf_inc_pruebas_page_get_busy (CfIncPruebasPage *self)
{
  g_return_val_if_fail (CF_IS_INC_PRUEBAS_PAGE (self), FALSE);
  return self->busy;
}

static void
on_chooser_response (GtkNativeDialog  *chooser,
                     int               response,
                     gpointer          user_data)
{
  g_autoptr(CfIncPruebasPage) self = weak_ref_steal (user_data);

  if (self != NULL && response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cf_inc_pruebas_page_read_results (self, file);
    }
  g_object_unref (chooser);
}

static void
on_read_results (CfIncPruebasPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Read SEP’s Results"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Read"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("SEP’s results (text, CSV, XML)"));
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "application/xml");
  gtk_file_filter_add_mime_type (filter, "text/xml");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), weak_ref_new (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Everything shown from the store ---- */

static void
refresh (CfIncPruebasPage *self)
{
  CfIncorporation *inc = incorporation (self);
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  g_autoptr(GPtrArray) folios = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *list_title = NULL;
  const char *requested = cf_incorporation_get_value (inc, KEY_REQUESTED);
  guint n_folios = 0, n_used = 0;
  GtkWidget *child;

  if (store == NULL)
    return;
  folios = cf_incorporation_repo_list_folios (store, &error);
  if (folios == NULL || !cf_incorporation_refresh_folios (inc, &error))
    {
      show_status (self->list_status, error->message, TRUE);
      return;
    }
  self->n_satisfactory = 0;
  cf_incorporation_repo_count_folios (store, &n_folios, &self->n_satisfactory, NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->folio_list))) != NULL)
    gtk_list_box_remove (self->folio_list, child);
  for (guint i = 0; i < folios->len; i++)
    {
      CfTestFolio *folio = g_ptr_array_index (folios, i);

      n_used += folio->uses > 0;
      gtk_list_box_append (self->folio_list, folio_row_new (self, folio));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->folio_list), folios->len > 0);
  /* Translators: how many test folios are entered, of the 100 SEP sends, and how many were used. */
  list_title = g_strdup_printf (_("%u of %d folios entered, %u used"), folios->len, TEST_FOLIOS_EXPECTED, n_used);
  adw_preferences_group_set_description (self->list_group, list_title);

  progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %d certificates SATISFACTORIO",
                                           "%u of %d certificates SATISFACTORIO",
                                           CF_INCORPORATION_SATISFACTORY_NEEDED),
                              self->n_satisfactory, CF_INCORPORATION_SATISFACTORY_NEEDED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->progress_row), progress);
  adw_action_row_set_subtitle (self->progress_row,
                               _("SEP asks for at least 10 different certificates with the result "
                                 "SATISFACTORIO before the production portal."));
  gtk_level_bar_set_value (self->progress_bar,
                           MIN (self->n_satisfactory, CF_INCORPORATION_SATISFACTORY_NEEDED));

  if (requested != NULL)
    {
      g_autofree char *words = cf_date_text_to_words (requested);
      /* Translators: %s is a date in words. */
      g_autofree char *text = g_strdup_printf (_("Requested on %s. Continue in the next step."), words);

      adw_action_row_set_subtitle (self->request_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->mark_sent_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), FALSE);
    }
  else if (self->n_satisfactory < CF_INCORPORATION_SATISFACTORY_NEEDED)
    {
      adw_action_row_set_subtitle (self->request_row,
                                   _("Once 10 certificates are SATISFACTORIO, write to SEP to move "
                                     "to the production portal."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), FALSE);
    }
  else if (cf_incorporation_get_value (inc, CF_INC_ID_MEC) == NULL ||
           cf_incorporation_get_value (inc, CF_INC_NOMBRE) == NULL)
    {
      adw_action_row_set_subtitle (self->request_row,
                                   _("The e-mail names the institution and its ID_MEC: enter the "
                                     "ID_MEC above (and the name in the Institución step)."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), FALSE);
    }
  else
    {
      if (!gtk_widget_get_visible (GTK_WIDGET (self->mark_sent_button)))
        adw_action_row_set_subtitle (self->request_row,
                                     _("Drafts an e-mail to SEP with the institution’s full name and "
                                       "ID_MEC, asking for the production portal and its registration "
                                       "manual."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), !self->busy);
    }

  missing = cf_incorporation_dup_missing (inc, CF_INCORPORATION_STAGE_PRUEBAS);
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing->len > 0 ? g_ptr_array_index (missing, 0) : NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing->len == 0);
}

static void
load_values (CfIncPruebasPage *self)
{
  CfIncorporation *inc = incorporation (self);
  const char *date = cf_incorporation_get_value (inc, CF_INC_TEST_CREDENTIALS);
  const char *id_mec = cf_incorporation_get_value (inc, CF_INC_ID_MEC);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date != NULL ? date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->id_mec_row), id_mec != NULL ? id_mec : "");
  self->loading = FALSE;
}

static void
cf_inc_pruebas_page_shown (CfIncPage *page)
{
  CfIncPruebasPage *self = CF_INC_PRUEBAS_PAGE (page);

  /* Sealing elsewhere may have taken uses since. */
  load_values (self);
  refresh (self);
}

static void
cf_inc_pruebas_page_constructed (GObject *object)
{
  CfIncPruebasPage *self = CF_INC_PRUEBAS_PAGE (object);

  G_OBJECT_CLASS (cf_inc_pruebas_page_parent_class)->constructed (object);

  /* Translators: the step's title in the wizard. */
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Test Stage"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_PRUEBAS);
  load_values (self);
  refresh (self);
}

static void
cf_inc_pruebas_page_dispose (GObject *object)
{
  CfIncPruebasPage *self = CF_INC_PRUEBAS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_PRUEBAS_PAGE);

  G_OBJECT_CLASS (cf_inc_pruebas_page_parent_class)->dispose (object);
}

static void
cf_inc_pruebas_page_class_init (CfIncPruebasPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CfIncPageClass *page_class = CF_INC_PAGE_CLASS (klass);

  object_class->constructed = cf_inc_pruebas_page_constructed;
  object_class->dispose = cf_inc_pruebas_page_dispose;
  page_class->shown = cf_inc_pruebas_page_shown;

  g_type_ensure (CF_TYPE_INC_CREDENTIALS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-pruebas-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, id_mec_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, date_error);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, credentials);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, folios_text);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, add_status);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, request_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, request_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, mark_sent_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, results_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, list_status);
  gtk_widget_class_bind_template_child (widget_class, CfIncPruebasPage, folio_list);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_today);
  gtk_widget_class_bind_template_callback (widget_class, on_id_mec_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_bind_template_callback (widget_class, on_request);
  gtk_widget_class_bind_template_callback (widget_class, on_mark_sent);
  gtk_widget_class_bind_template_callback (widget_class, on_read_results);
}

static void
cf_inc_pruebas_page_init (CfIncPruebasPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Names the widget tests find them by. */
  gtk_widget_set_name (GTK_WIDGET (self->folios_text), "folios-text");
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->folios_text), "changed",
                            G_CALLBACK (on_folios_text_changed), self);
  gtk_widget_set_name (GTK_WIDGET (self->add_button), "add-folios");
  gtk_widget_set_name (GTK_WIDGET (self->request_button), "request-production");
  gtk_widget_set_name (GTK_WIDGET (self->mark_sent_button), "mark-sent");
  gtk_widget_set_name (GTK_WIDGET (self->list_status), "list-status");
  gtk_widget_set_name (GTK_WIDGET (self->add_status), "add-status");
  gtk_widget_set_name (GTK_WIDGET (self->date_row), "date");
  gtk_widget_set_name (GTK_WIDGET (self->id_mec_row), "id-mec");
  gtk_widget_set_name (GTK_WIDGET (self->folio_list), "folio-list");
}

CfIncPage *
cf_inc_pruebas_page_new (CfContext       *context,
                         CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_PRUEBAS_PAGE,
                       "context", context,
                       "incorporation", incorporation,
                       NULL);
}
