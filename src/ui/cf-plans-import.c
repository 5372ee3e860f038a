/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plans-import.c: the plans page's import: reading and building the
 * preview in the core's workers, the column mapping, the confirmation with
 * what the import changes, then the import as one undoable step. */
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

/* Accepted: the book takes the file's content as one undoable step, only
 * what differs being written. */
static void
on_preview_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PreviewData      *data)
{
  CfPlansPage *self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!g_str_equal (response, "import") || self->book == NULL || cf_plan_session_get_loading (self->session))
    return;

  _cf_plans_page_begin_batch (self);
  ok = cf_plan_book_import (self->book, data->preview, &error);
  _cf_plans_page_end_batch (self);
  if (!ok)
    {
      _cf_plans_page_show_error (self, _("Could Not Import"), error);
      if (g_error_matches (error, CF_PLAN_ERROR, CF_PLAN_ERROR_CONFLICT))
        _cf_plans_page_load_book_async (self, NULL);
      return;
    }
  _cf_plans_page_toast (self, _("Study plans imported: Undo (Ctrl+Z) brings back what was there"));
}

static void
show_preview (CfPlansPage *self,
              CfPlanBook  *preview,
              GPtrArray   *rejected,
              CfPlanDiff  *changes,
              const char  *name,
              const char  *shape)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n_changes = cf_plan_diff_get_n_changes (changes);
  guint n_subjects = cf_plan_book_get_n_subjects (preview);
  gboolean first = self->book == NULL || cf_plan_book_get_n_subjects (self->book) == 0;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *counts = _cf_plans_page_describe_counts (changes);
  g_autofree char *left_out = NULL;
  GtkWidget *dialog, *scroller, *list;
  PreviewData *data;

  if (n_subjects == 0)
    heading = g_strdup (_("Nothing to Import"));
  else if (first)
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %u Subject?", "Import %u Subjects?", n_subjects),
                               n_subjects);
  else if (n_changes == 0)
    heading = g_strdup (_("Nothing to Change"));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Import %u Change?", "Import %u Changes?", n_changes),
                               n_changes);

  if (rejected->len > 0)
    left_out = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u row of the file cannot be read and is left out (listed first).",
                                             "%u rows of the file cannot be read and are left out (listed first).",
                                             rejected->len),
                                rejected->len);
  if (n_subjects > 0 && !first && n_changes == 0)
    /* Translators: %s is the file's name. */
    body = g_strdup_printf (_("“%s” holds the same study plans as Certifica."), name);
  else if (n_subjects > 0 && !first)
    /* Translators: the file's name, then "3 new subjects, 1 changed value…". */
    body = g_strdup_printf (_("Compared with the study plans in Certifica, “%s” brings %s, listed below. Undo (Ctrl+Z) brings back what was there."),
                            name, counts);
  else if (n_subjects > 0)
    body = g_strdup_printf (_("“%s” will be the study plans in Certifica. Undo (Ctrl+Z) takes the import back."), name);
  else
    body = g_strdup_printf (_("No row of “%s” can be read."), name);
  if (left_out != NULL)
    {
      char *both = g_strconcat (body, " ", left_out, NULL);

      g_free (body);
      body = both;
    }
  /* Which shape was found, and which sheet each column came from. */
  if (shape != NULL)
    {
      char *both = g_strconcat (body, "\n\n", shape, NULL);

      g_free (body);
      body = both;
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the import changes"), -1);
  for (guint i = 0; i < rejected->len; i++)
    {
      CfPlanRejectedRow *r = g_ptr_array_index (rejected, i);
      g_autofree char *title = g_strdup_printf (_("Row %u left out"), r->row);

      gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_two_line_row ("dialog-error-symbolic", title, r->reason));
    }
  for (guint i = 0; i < n_changes && i < PREVIEW_MAX_ROWS; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_change_row (cf_plan_diff_get_change (changes, i)));
  if (n_changes > PREVIEW_MAX_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more change", "…and %u more changes",
                                                            n_changes - PREVIEW_MAX_ROWS),
                                               n_changes - PREVIEW_MAX_ROWS);

      gtk_list_box_append (GTK_LIST_BOX (list), _cf_plans_page_create_two_line_row (NULL, more, NULL));
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  /* The dialog gives its extra child only what it asks for at least. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                              MIN (280, 64 * (int) (rejected->len + MIN (n_changes, PREVIEW_MAX_ROWS + 1))));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_set_visible (scroller, rejected->len > 0 || n_changes > 0);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import", n_changes > 0);
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

/* The preview and what it would change are built by the core in a
 * worker; the page only waits (a weak reference: it may be gone). */
typedef struct
{
  GWeakRef  page;
  char     *name;
  char     *shape;    /* cf_plan_import_describe() */
} BuildWait;

static void
build_wait_free (BuildWait *wait)
{
  g_weak_ref_clear (&wait->page);
  g_free (wait->name);
  g_free (wait->shape);
  g_free (wait);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BuildWait, build_wait_free)

static void
on_built_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(BuildWait) wait = user_data;
  g_autoptr(CfPlansPage) self = g_weak_ref_get (&wait->page);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(CfPlanDiff) changes = NULL;
  g_autoptr(CfPlanBook) preview = NULL;
  g_autoptr(GError) error = NULL;

  preview = cf_plan_import_build_finish (result, &rejected, &changes, &error);
  if (self == NULL)
    return;
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
  if (preview == NULL)
    _cf_plans_page_show_error (self, _("Could Not Read the File"), error);
  else if (changes == NULL)
    /* No book to compare with: the page was still loading. */
    _cf_plans_page_toast (self, _("The study plans are still loading; try again in a moment."));
  else
    show_preview (self, preview, rejected, changes, wait->name, wait->shape);
}

/* Takes @import. */
static void
build_preview_async (CfPlansPage  *self,
                     CfPlanImport *import,
                     const char   *name)
{
  BuildWait *wait = g_new0 (BuildWait, 1);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->progress_dialog == NULL)
    open_progress (self, name);

  g_weak_ref_init (&wait->page, self);
  wait->name = g_strdup (name);
  wait->shape = cf_plan_import_describe (import);
  cf_plan_import_build_async (import, self->book, self->cancellable, on_built_cb, wait);
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

static void after_read (CfPlansPage  *self,
                        CfPlanImport *import,
                        const char   *name);

typedef struct
{
  GWeakRef  page;
  char     *name;
} ApplyWait;

static void
apply_wait_free (ApplyWait *wait)
{
  g_weak_ref_clear (&wait->page);
  g_free (wait->name);
  g_free (wait);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApplyWait, apply_wait_free)

/* One of MEC's sheets was mapped: the workbook read again with it. */
static void
on_sheet_mapped_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ApplyWait) wait = user_data;
  g_autoptr(CfPlansPage) self = g_weak_ref_get (&wait->page);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(CfPlanImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = cf_plan_import_apply_sheet_mapping_finish (result, &error);
  if (self == NULL || cancellable != self->cancellable)
    return;
  if (gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;
  if (import == NULL)
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _cf_plans_page_show_error (self, _("Could Not Read the File"), error);
      return;
    }
  after_read (self, g_steal_pointer (&import), wait->name);
}

static void
on_mapping_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MappingData      *data)
{
  CfPlansPage *self = data->self;

  if (!g_str_equal (response, "continue") || data->import == NULL)
    return;
  if (cf_plan_import_needs_sheet_mapping (data->import))
    {
      ApplyWait *wait = g_new0 (ApplyWait, 1);

      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      open_progress (self, data->name);
      g_weak_ref_init (&wait->page, self);
      wait->name = g_strdup (data->name);
      cf_plan_import_apply_sheet_mapping_async (g_steal_pointer (&data->import), self->cancellable,
                                                on_sheet_mapped_cb, wait);
      return;
    }
  build_preview_async (self, g_steal_pointer (&data->import), data->name);
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
  /* One of MEC's sheets: say which, since the workbook has several. */
  if (cf_plan_import_needs_sheet_mapping (import))
    {
      g_autofree char *which = g_strdup_printf (_("The columns listed are those of its sheet “%s”, one of MEC's "
                                                  "sheets, which are joined by their keys."),
                                                cf_plan_import_get_sheet_name (import));
      g_autofree char *body = g_strconcat (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), " ",
                                           which, NULL);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
    }
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

  after_read (self, g_steal_pointer (&import), name);
}

/* A file read (or one of MEC's sheets mapped): its mapping step when a
 * column is unknown or missing (or a MEC sheet lacks a key), else the
 * preview. Takes @import. */
static void
after_read (CfPlansPage  *self,
            CfPlanImport *import,
            const char   *name)
{
  g_autoptr(GPtrArray) unknown = cf_plan_import_list_unknown (import);
  g_autoptr(GPtrArray) missing = cf_plan_import_list_missing (import);

  if (cf_plan_import_needs_sheet_mapping (import) || unknown->len > 0 || missing->len > 0 ||
      !cf_plan_import_check_mapping (import, TRUE, NULL))
    {
      close_progress (self);
      g_clear_object (&self->cancellable);
      show_mapping (self, import, name);
      return;
    }
  build_preview_async (self, import, name);
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
