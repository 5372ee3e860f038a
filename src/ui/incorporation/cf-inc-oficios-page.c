/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-oficios-page.c: the letters, drawn by the renderer in a worker
 * (cf_inc_letters_make_pdf_async) from what the store has, and shown by
 * the same preview as certificates, so what is seen is what is saved and
 * printed. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-campus.h"
#include "cf-inc-letters.h"
#include "cf-inc-oficios-page.h"
#include "cf-preview-view.h"

/* Typing redraws the letters after this pause. */
#define REDRAW_DELAY_MS 400

struct _CfIncOficiosPage
{
  CfIncPage      parent_instance;

  AdwComboRow   *campus_row;
  GtkStringList *campus_list;
  GtkTextView   *body_view;
  GtkLabel      *missing_label;
  GtkWidget     *save_button;
  GtkWidget     *print_button;
  GtkSpinner    *spinner;
  CfPreviewView *preview;

  GCancellable  *cancellable;
  guint          redraw_id;
  guint          loading;   /* filling the text view: not the user typing */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CfIncOficiosPage, cf_inc_oficios_page, CF_TYPE_INC_PAGE)

static guint
selected_campus (CfIncOficiosPage *self)
{
  guint selected = adw_combo_row_get_selected (self->campus_row);

  return selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1;
}

/* The standard paragraph for campus @index as the letter would draw it. */
static char *
dup_default_body (CfIncOficiosPage *self,
                  guint             index)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  g_autoptr(CfOficioData) data = cf_oficio_data_new ();
  CfOficioCampus *campus;

  data->institution_name = g_strdup (cf_incorporation_get_value (inc, CF_INC_NOMBRE));
  data->institution_id = g_strdup (cf_incorporation_get_value (inc, CF_INC_ID_INSTITUCION));
  campus = cf_oficio_data_add_campus (data, cf_incorporation_get_campus_value (inc, index, "nombre"),
                                      cf_incorporation_get_campus_value (inc, index, "id_campus"),
                                      NULL, NULL, NULL, NULL);
  return cf_oficio_dup_default_body (data, campus);
}

static char *
dup_body_text (CfIncOficiosPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
load_body (CfIncOficiosPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  guint index = selected_campus (self);
  const char *own = index > 0 ? cf_incorporation_get_campus_value (inc, index, CF_INC_CAMPUS_OFICIO) : NULL;
  g_autofree char *text = NULL;

  if (own == NULL && index > 0)
    text = dup_default_body (self, index);
  self->loading++;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            own != NULL ? own : (text != NULL ? text : ""), -1);
  self->loading--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->body_view), index > 0);
}

static void
on_drawn_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfIncOficiosPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = cf_inc_letters_make_pdf_finish (result, &error);
  guint campus;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (pdf == NULL || !cf_preview_view_set_pdf_bytes (self->preview, pdf, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The letters could not be drawn: %s"), error->message);

      cf_inc_page_show_toast (CF_INC_PAGE (self), message);
      return;
    }
  gtk_widget_set_sensitive (self->save_button, TRUE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
  /* Each letter is one page unless its text runs longer: show the chosen
   * campus's when they are one page each. */
  campus = selected_campus (self);
  if (campus > 0 && cf_preview_view_get_n_pages (self->preview) == g_list_model_get_n_items (G_LIST_MODEL (self->campus_list)))
    cf_preview_view_set_page (self->preview, campus - 1);
}

static void
redraw (CfIncOficiosPage *self)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  GWeakRef *ref;

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  if (store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  gtk_spinner_start (self->spinner);
  cf_inc_letters_make_pdf_async (store, 0, NULL, self->cancellable, on_drawn_cb, ref);
}

static gboolean
on_redraw_timeout_cb (gpointer user_data)
{
  CfIncOficiosPage *self = user_data;

  self->redraw_id = 0;
  redraw (self);
  return G_SOURCE_REMOVE;
}

static void
update_missing (CfIncOficiosPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  guint n = cf_incorporation_get_n_campuses (inc);
  g_autofree char *missing = NULL;

  if (n == 0)
    missing = g_strdup (_("Add a campus first (page Campus)."));
  for (guint i = 1; i <= n && missing == NULL; i++)
    if (cf_incorporation_get_campus_value (inc, i, "signer") == NULL)
      missing = g_strdup_printf (_("Campus %u has no signer yet: choose one in the step Responsables de firma. "
                                   "Its letter leaves the signer’s data blank until then."), i);
  gtk_label_set_label (self->missing_label, missing != NULL ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing != NULL);
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing == NULL);
}

static void
fill_campuses (CfIncOficiosPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  guint n = cf_incorporation_get_n_campuses (inc);
  guint keep = adw_combo_row_get_selected (self->campus_row);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; i <= n; i++)
    {
      const char *name = cf_incorporation_get_campus_value (inc, i, "nombre");
      const char *id = cf_incorporation_get_campus_value (inc, i, "id_campus");

      /* Translators: a campus's number, name and DGP key: "1. ÚNICO (090101)". */
      g_ptr_array_add (names, g_strdup_printf (_("%u. %s (%s)"), i, name != NULL ? name : "—", id != NULL ? id : "—"));
    }
  g_ptr_array_add (names, NULL);
  self->loading++;
  gtk_string_list_splice (self->campus_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->campus_list)),
                          (const char * const *) names->pdata);
  if (n > 0)
    adw_combo_row_set_selected (self->campus_row, keep != GTK_INVALID_LIST_POSITION && keep < n ? keep : 0);
  self->loading--;
  load_body (self);
}

static void
on_campus_selected_cb (CfIncOficiosPage *self)
{
  if (self->loading > 0)
    return;
  load_body (self);
  if (cf_preview_view_get_n_pages (self->preview) == g_list_model_get_n_items (G_LIST_MODEL (self->campus_list)) &&
      selected_campus (self) > 0)
    cf_preview_view_set_page (self->preview, selected_campus (self) - 1);
}

static void
on_body_changed_cb (CfIncOficiosPage *self)
{
  guint index = selected_campus (self);
  g_autofree char *text = NULL;
  g_autofree char *standard = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stripped = NULL;

  if (self->loading > 0 || index == 0)
    return;
  text = dup_body_text (self);
  stripped = g_strstrip (g_strdup (text));
  standard = dup_default_body (self, index);
  key = g_strdup_printf ("campus.%u.%s", index, CF_INC_CAMPUS_OFICIO);
  /* The standard text is not stored: it follows later changes of the
   * institution's or the campus's name. */
  cf_inc_page_save_value (CF_INC_PAGE (self), key,
                          *stripped == '\0' || g_str_equal (text, standard) ? NULL : text);
  g_clear_handle_id (&self->redraw_id, g_source_remove);
  self->redraw_id = g_timeout_add (REDRAW_DELAY_MS, on_redraw_timeout_cb, self);
}

static void
on_reset_clicked_cb (CfIncOficiosPage *self)
{
  guint index = selected_campus (self);
  g_autofree char *standard = NULL;

  if (index == 0)
    return;
  standard = dup_default_body (self, index);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), standard, -1);
}

static void
on_save_response_cb (CfIncOficiosPage *self,
                     int               response)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  if (!cf_preview_view_save_to_file (self->preview, file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The letters could not be saved: %s"), error->message);

      cf_inc_page_show_toast (CF_INC_PAGE (self), message);
      return;
    }
  cf_inc_page_show_toast (CF_INC_PAGE (self), _("Letters saved."));
}

static void
on_save_clicked_cb (CfIncOficiosPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Letters as PDF"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the suggested file name of the letters' PDF. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("Oficios.pdf"));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_print_clicked_cb (CfIncOficiosPage *self)
{
  g_autoptr(GtkPrintOperation) operation = cf_preview_view_create_print_operation (self->preview);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;

  if (operation == NULL)
    return;
  gtk_print_operation_set_job_name (operation, _("Letters to DGAIR"));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_("The letters could not be printed: %s"), error->message);

      cf_inc_page_show_toast (CF_INC_PAGE (self), message);
    }
}

static void
cf_inc_oficios_page_shown (CfIncPage *page)
{
  CfIncOficiosPage *self = CF_INC_OFICIOS_PAGE (page);

  fill_campuses (self);
  update_missing (self);
  redraw (self);
}

static void
cf_inc_oficios_page_constructed (GObject *object)
{
  CfIncOficiosPage *self = CF_INC_OFICIOS_PAGE (object);

  G_OBJECT_CLASS (cf_inc_oficios_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Letters"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
  cf_preview_view_set_compact (self->preview, TRUE);
  g_signal_connect_swapped (self->campus_row, "notify::selected", G_CALLBACK (on_campus_selected_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->body_view), "changed",
                            G_CALLBACK (on_body_changed_cb), self);
  fill_campuses (self);
  update_missing (self);
}

static void
cf_inc_oficios_page_dispose (GObject *object)
{
  CfIncOficiosPage *self = CF_INC_OFICIOS_PAGE (object);

  g_clear_handle_id (&self->redraw_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_OFICIOS_PAGE);
  G_OBJECT_CLASS (cf_inc_oficios_page_parent_class)->dispose (object);
}

static void
cf_inc_oficios_page_class_init (CfIncOficiosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_oficios_page_constructed;
  object_class->dispose = cf_inc_oficios_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_oficios_page_shown;

  g_type_ensure (CF_TYPE_PREVIEW_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-oficios-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, campus_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, campus_list);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfIncOficiosPage, preview);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked_cb);
}

static void
cf_inc_oficios_page_init (CfIncOficiosPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cf_inc_oficios_page_new (CfContext       *context,
                         CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_OFICIOS_PAGE, "context", context, "incorporation", incorporation, NULL);
}
