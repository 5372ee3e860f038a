/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-registro-page.c: the workbook previewed as a table, read in a
 * worker (cf_inc_registro_dup_rows_async) from what the store has; each
 * workbook column is a line, each campus a column, so sixteen columns fit
 * a window. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-registro.h"
#include "cf-inc-registro-page.h"

struct _CfIncRegistroPage
{
  CfIncPage      parent_instance;

  GtkGrid       *table;
  GtkLabel      *missing_label;
  GtkWidget     *save_button;
  GtkSpinner    *spinner;

  GCancellable  *cancellable;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CfIncRegistroPage, cf_inc_registro_page, CF_TYPE_INC_PAGE)

static GtkWidget *
cell (const char *text,
      const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void
clear_table (CfIncRegistroPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static void
show_rows (CfIncRegistroPage *self,
           CfIncRegistro     *layout,
           GPtrArray         *rows)
{
  g_autofree char *missing = NULL;
  guint n_missing = 0;

  clear_table (self);
  gtk_grid_attach (self->table, cell (_("Column"), "heading"), 0, 0, 1, 1);
  for (guint r = 0; r < rows->len; r++)
    {
      /* Translators: the heading of a campus's values in the table. */
      g_autofree char *heading = g_strdup_printf (_("Campus %u"), r + 1);

      gtk_grid_attach (self->table, cell (heading, "heading"), r + 1, 0, 1, 1);
    }
  for (guint c = 0; c < cf_inc_registro_get_n_columns (layout); c++)
    {
      GtkWidget *header = cell (cf_inc_registro_get_header (layout, c), "monospace");

      gtk_widget_set_tooltip_text (header, cf_inc_registro_get_description (layout, c));
      gtk_grid_attach (self->table, header, 0, c + 1, 1, 1);
      for (guint r = 0; r < rows->len; r++)
        {
          const char *value = ((char **) g_ptr_array_index (rows, r))[c];
          GtkWidget *label;

          if (*value != '\0')
            label = cell (value, NULL);
          else if (cf_inc_registro_is_optional (layout, c))
            label = cell ("—", "dim-label");
          else
            {
              /* Translators: in the table, a value not entered yet. */
              label = cell (_("Missing"), "error");
              if (n_missing++ == 0)
                /* Translators: a column's name, then a campus's number. */
                missing = g_strdup_printf (_("%s of campus %u is still missing."),
                                           cf_inc_registro_get_header (layout, c), r + 1);
            }
          gtk_grid_attach (self->table, label, r + 1, c + 1, 1, 1);
        }
    }
  if (rows->len == 0)
    missing = g_strdup (_("Add a campus first (page Campus)."));
  gtk_label_set_label (self->missing_label, missing != NULL ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing != NULL);
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing == NULL);
}

static void
on_rows_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfIncRegistroPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(CfIncRegistro) layout = NULL;
  g_autoptr(GPtrArray) rows = cf_inc_registro_dup_rows_finish (result, &layout, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (rows == NULL)
    {
      clear_table (self);
      gtk_label_set_label (self->missing_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->missing_label), TRUE);
      cf_inc_page_set_missing (CF_INC_PAGE (self), error->message);
      cf_inc_page_set_complete (CF_INC_PAGE (self), FALSE);
      return;
    }
  show_rows (self, layout, rows);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static void
reload (CfIncRegistroPage *self)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));

  if (store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_spinner_start (self->spinner);
  cf_inc_registro_dup_rows_async (store, self->cancellable, on_rows_cb, weak_ref_new (self));
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfIncRegistroPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = cf_inc_registro_write_finish (result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  cf_inc_page_show_toast (CF_INC_PAGE (self), ok ? _("Workbook saved.") : error->message);
}

static void
on_save_response_cb (CfIncRegistroPage *self,
                     int                response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  gtk_spinner_start (self->spinner);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  cf_inc_registro_write_async (cf_inc_page_get_store (CF_INC_PAGE (self)), path, NULL,
                               on_written_cb, weak_ref_new (self));
}

static void
on_save_clicked_cb (CfIncRegistroPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Registro de Institución"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "Registro-de-Institucion.xlsx");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cf_inc_registro_page_shown (CfIncPage *page)
{
  reload (CF_INC_REGISTRO_PAGE (page));
}

static void
cf_inc_registro_page_constructed (GObject *object)
{
  CfIncRegistroPage *self = CF_INC_REGISTRO_PAGE (object);

  G_OBJECT_CLASS (cf_inc_registro_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Registro de Institución"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);
}

static void
cf_inc_registro_page_dispose (GObject *object)
{
  CfIncRegistroPage *self = CF_INC_REGISTRO_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_INC_REGISTRO_PAGE);
  G_OBJECT_CLASS (cf_inc_registro_page_parent_class)->dispose (object);
}

static void
cf_inc_registro_page_class_init (CfIncRegistroPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_registro_page_constructed;
  object_class->dispose = cf_inc_registro_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_registro_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-registro-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncRegistroPage, table);
  gtk_widget_class_bind_template_child (widget_class, CfIncRegistroPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncRegistroPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, CfIncRegistroPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
}

static void
cf_inc_registro_page_init (CfIncRegistroPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cf_inc_registro_page_new (CfContext       *context,
                          CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_REGISTRO_PAGE, "context", context, "incorporation", incorporation, NULL);
}

GtkGrid *
cf_inc_registro_page_get_table (CfIncRegistroPage *self)
{
  g_return_val_if_fail (CF_IS_INC_REGISTRO_PAGE (self), NULL);
  return self->table;
}
