/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-import.c: the plans page's import: reading in a worker, the
 * column mapping, the preview, then saving through the session. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-catalog.h"
#include "cf-finding.h"
#include "cf-import-mapping-dialog.h"
#include "cf-plan-import.h"
#include "cf-plan-row-item.h"
#include "cf-plan-validate.h"
#include "cf-plans-page-private.h"
#include "cf-xlsx-writer.h"

/* Rows listed in the import preview: enough to recognise the file. */
#define PREVIEW_MAX_ROWS 50

/* ------------------------------------------------------------------ */
/* Import: worker thread, then the preview                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  CfPlansPage *self;
  CfPlanBook  *preview;
} PreviewData;

static void
preview_data_free (PreviewData *data,
                   GClosure    *closure)
{
  g_object_unref (data->self);
  g_object_unref (data->preview);
  g_free (data);
}

static void
on_preview_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PreviewData      *data)
{
  CfPlansPage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "import") && !cf_plan_session_get_loading (self->session))
    _cf_plans_page_load_book_async (self, data->preview);
}

static void
show_preview (CfPlansPage *self,
              CfPlanBook  *preview,
              GPtrArray   *rejected,
              const char  *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GPtrArray) rows = cf_plan_book_list_subjects (preview, FALSE);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *scroller, *list;
  PreviewData *data;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %u Subject?", "Import %u Subjects?", rows->len),
                             rows->len);
  if (rejected->len > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“%s”: %u row cannot be read and will be left out (listed first). Importing replaces the working copy; nothing is saved until you accept.",
                                         "“%s”: %u rows cannot be read and will be left out (listed first). Importing replaces the working copy; nothing is saved until you accept.",
                                         rejected->len),
                            name, rejected->len);
  else
    body = g_strdup_printf (_("“%s”: every row can be read. Importing replaces the working copy; nothing is saved until you accept."),
                            name);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rows to import"), -1);
  for (guint i = 0; i < rejected->len; i++)
    {
      CfPlanRejectedRow *r = g_ptr_array_index (rejected, i);
      g_autofree char *title = g_strdup_printf (_("Row %u left out"), r->row);

      gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_two_line_row ("dialog-error-symbolic", title, r->reason));
    }
  for (guint i = 0; i < rows->len && i < PREVIEW_MAX_ROWS; i++)
    {
      CfPlanNode *subject = g_ptr_array_index (rows, i);
      g_autofree char *title = g_strdup_printf ("%s %s · %s", cf_plan_node_get (subject, CF_PLAN_COL_ID_ASIGNATURA),
                                                cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_ASIGNATURA),
                                                cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_ASIGNATURA));
      g_autofree char *subtitle = g_strdup_printf (_("Career %s %s, plan %s"),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_ID_CARRERA),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_NOMBRE_CARRERA),
                                                   cf_plan_node_get (subject, CF_PLAN_COL_CLAVE_PLAN));

      gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_two_line_row (NULL, title, subtitle));
    }
  if (rows->len > PREVIEW_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (_("…and %u more"), rows->len - PREVIEW_MAX_ROWS);

      gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_two_line_row (NULL, more, NULL));
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", rows->len > 0);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (PreviewData, 1);
  data->self = g_object_ref (self);
  data->preview = g_object_ref (preview);
  /* Freed with the dialog: a response may come more than once (closing). */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_preview_response_cb), data,
                         (GClosureNotify) (void (*) (void)) preview_data_free, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_progress (CfPlansPage *self)
{
  if (self->progress_dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->progress_dialog));
      g_clear_object (&self->progress_dialog);
    }
}

static void
on_progress_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CfPlansPage      *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* A modal "Reading…" with Cancel, while a worker reads or builds. */
static void
open_progress (CfPlansPage *self,
               const char  *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = g_strdup_printf (_("Reading “%s”…"), name);
  GtkWidget *spinner;

  close_progress (self);
  self->progress_dialog = g_object_ref_sink (ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                            _("Importing Study Plans"), body)));
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_message_dialog_set_extra_child (self->progress_dialog, spinner);
  adw_message_dialog_add_response (self->progress_dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (self->progress_dialog, "cancel");
  g_signal_connect (self->progress_dialog, "response", G_CALLBACK (on_progress_response_cb), self);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self->progress_dialog));
  gtk_window_present (GTK_WINDOW (self->progress_dialog));
}

/* Building the preview from what was read (a few tenths of a second for
 * 20,000 rows) also runs in a worker. */
typedef struct
{
  CfPlanImport *import;
  char         *name;
  CfPlanBook   *preview;
  GPtrArray    *rejected;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_pointer (&data->import, cf_plan_import_free);
  g_free (data->name);
  g_clear_object (&data->preview);
  g_clear_pointer (&data->rejected, g_ptr_array_unref);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  GError *error = NULL;

  data->preview = cf_plan_import_build (data->import, &data->rejected, &error);
  if (data->preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_built_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CfPlansPage *self = CF_PLANS_PAGE (source);
  BuildData *data = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* Cancelled, or another import started meanwhile: drop this one. */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->cancellable)
    {
      if (cancellable == self->cancellable)
        {
          close_progress (self);
          g_clear_object (&self->cancellable);
        }
      return;
    }
  close_progress (self);
  g_clear_object (&self->cancellable);
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (!ok)
    _cf_plans_page_show_error (self, _("Could Not Read the File"), error);
  else
    show_preview (self, data->preview, data->rejected, data->name);
}

/* Takes @import. */
static void
build_preview_async (CfPlansPage  *self,
                     CfPlanImport *import,
                     const char   *name)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data = g_new0 (BuildData, 1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->progress_dialog == NULL)
    open_progress (self, name);

  data->import = import;
  data->name = g_strdup (name);
  task = g_task_new (self, self->cancellable, on_built_cb, NULL);
  g_task_set_source_tag (task, build_preview_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  g_task_run_in_thread (task, build_thread);
}

typedef struct
{
  CfPlansPage  *self;
  CfPlanImport *import;
  char         *name;
} MappingData;

static void
mapping_data_free (MappingData *data,
                   GClosure    *closure)
{
  g_object_unref (data->self);
  g_clear_pointer (&data->import, cf_plan_import_free);
  g_free (data->name);
  g_free (data);
}

static void
on_mapping_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MappingData      *data)
{
  if (g_str_equal (response, "continue") && data->import != NULL)
    build_preview_async (data->self, g_steal_pointer (&data->import), data->name);
}

/* Unknown or missing columns: the registrar says which file column holds
 * what before anything is built. Takes @import. */
static void
show_mapping (CfPlansPage  *self,
              CfPlanImport *import,
              const char   *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  MappingData *data = g_new0 (MappingData, 1);
  GtkWidget *dialog;

  data->self = g_object_ref (self);
  data->import = import;
  data->name = g_strdup (name);
  dialog = cf_import_mapping_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, import, name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_mapping_response_cb), data,
                         (GClosureNotify) (void (*) (void)) mapping_data_free, 0);
  cf_accessible_fix_mnemonic_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CfPlansPage) self = user_data;
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_strdup (g_object_get_data (G_OBJECT (self), "cf-import-name"));
  const char *name = basename != NULL ? basename : "";

  import = cf_plan_import_read_finish (result, &error);
  /* The page may be gone (window closed while reading). */
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  /* Another import started meanwhile: it owns the progress dialog. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  if (import == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      return;
    }
  if (import == NULL)
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      _cf_plans_page_show_error (self, _("Could Not Read the File"), error);
      return;
    }

  unknown = cf_plan_import_list_unknown (import);
  missing = cf_plan_import_list_missing (import);
  if (unknown->len > 0 || missing->len > 0 || !cf_plan_import_check_mapping (import, TRUE, NULL))
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      show_mapping (self, g_steal_pointer (&import), name);
      return;
    }
  build_preview_async (self, g_steal_pointer (&import), name);
}

void
cf_plans_page_import_file (CfPlansPage *self,
                           GFile       *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CF_IS_PLANS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  open_progress (self, name);

  g_object_set_data_full (G_OBJECT (self), "cf-import-name", g_strdup (name), g_free);
  cf_plan_import_read_async (path, CF_PLAN_IMPORT_FORMAT_AUTO, self->cancellable,
                             on_import_read_cb, g_object_ref (self));
}
