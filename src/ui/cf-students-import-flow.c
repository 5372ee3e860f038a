/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-students-import-flow.c: read → (mapping) → preview → commit, each
 * step in the core's workers, the dialogs modal to the parent (see the
 * header). */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-certs-check.h"
#include "cf-import-mapping-dialog.h"
#include "cf-students-import-flow.h"
#include "cf-students-import.h"

/* The preview lists this many rejected rows and findings; the rest are
 * counted. */
#define MAX_LISTED 200

typedef struct
{
  GtkWindow        *parent;
  CfContext        *context;
  char             *path;
  char             *name;
  GCancellable     *cancellable;         /* ours: the progress dialog's Cancel */
  GCancellable     *caller_cancellable;
  gulong            cancelled_id;
  CfStudentsImport *import;
  GtkWidget        *progress;            /* weak */
  GtkWidget        *dialog;              /* the mapping or preview dialog open now (weak) */
  guint             n_students;
  gboolean          returned;
} Flow;

static void
flow_free (Flow *flow)
{
  if (flow->cancelled_id != 0)
    g_cancellable_disconnect (flow->caller_cancellable, flow->cancelled_id);
  g_clear_weak_pointer (&flow->progress);
  g_clear_weak_pointer (&flow->dialog);
  g_clear_object (&flow->parent);
  g_clear_object (&flow->context);
  g_clear_object (&flow->cancellable);
  g_clear_object (&flow->caller_cancellable);
  g_clear_pointer (&flow->import, cf_students_import_free);
  g_free (flow->path);
  g_free (flow->name);
  g_free (flow);
}

static CfStore *
flow_store (Flow *flow)
{
  return cf_context_get_store (flow->context);
}

static void
close_progress (Flow *flow)
{
  if (flow->progress != NULL)
    {
      GtkWidget *progress = flow->progress;

      g_clear_weak_pointer (&flow->progress);
      g_signal_handlers_disconnect_matched (progress, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, flow);
      gtk_window_destroy (GTK_WINDOW (progress));
    }
}

/* The window closed while a worker ran: no dialog is opened over nothing. */
static gboolean
parent_gone (Flow *flow)
{
  return flow->parent != NULL && !gtk_widget_get_visible (GTK_WIDGET (flow->parent));
}

static void
return_success (GTask *task)
{
  Flow *flow = g_task_get_task_data (task);

  close_progress (flow);
  flow->returned = TRUE;
  g_task_return_boolean (task, TRUE);
}

/* Shows @error (never a cancellation) and ends the flow with it. Takes
 * @error. */
static void
return_error (GTask  *task,
              GError *error)
{
  Flow *flow = g_task_get_task_data (task);

  close_progress (flow);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !parent_gone (flow))
    {
      GtkWidget *dialog = adw_message_dialog_new (flow->parent, _("Could Not Import the Students"), NULL);

      gtk_widget_set_name (dialog, "cf-students-import-error");
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
      cf_accessible_fix_mnemonic_buttons (dialog);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  flow->returned = TRUE;
  g_task_return_error (task, error);
}

static void
return_cancelled (GTask *task)
{
  return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */
/* ------------------------------------------------------------------ */

static void
on_progress_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Flow             *flow)
{
  /* The worker ends with G_IO_ERROR_CANCELLED, which ends the flow. */
  g_cancellable_cancel (flow->cancellable);
}

/* Writing runs to its end: Escape does not close its progress. */
static gboolean
on_progress_close_request_cb (GtkWindow *window,
                              gpointer   user_data)
{
  return TRUE;
}

/* @can_cancel: a Cancel button (reading); writing runs to its end. */
static void
open_progress (Flow       *flow,
               const char *heading,
               gboolean    can_cancel)
{
  GtkWidget *dialog, *spinner;

  close_progress (flow);
  dialog = adw_message_dialog_new (flow->parent, heading, NULL);
  gtk_widget_set_name (dialog, "cf-students-import-progress");
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s", flow->name);
  if (can_cancel)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_progress_response_cb), flow);
    }
  else
    g_signal_connect (dialog, "close-request", G_CALLBACK (on_progress_close_request_cb), NULL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), spinner);
  cf_accessible_fix_mnemonic_buttons (dialog);
  g_set_weak_pointer (&flow->progress, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Commit                                                              */
/* ------------------------------------------------------------------ */

static void
on_certificates_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Flow *flow = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cf_certs_refresh_finish (flow->context, result, NULL, &error))
    return_error (task, error);
  else
    return_success (task);
}

static void
on_committed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Flow *flow = g_task_get_task_data (task);
  GError *error = NULL;

  if (!cf_students_import_commit_finish (result, &error))
    {
      return_error (task, error);
      return;
    }
  flow->n_students = cf_students_import_get_students (flow->import)->len;
  /* The students are in: their certificates are brought up to date (a
   * borrador for each new student, every one checked) for the Certificados
   * section. Not cancelled midway: the import is done. */
  cf_certs_refresh_async (flow->context, NULL, on_certificates_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------ */
/* Preview                                                             */
/* ------------------------------------------------------------------ */

static char *
preview_body (Flow *flow)
{
  CfStudentsImport *import = flow->import;
  gboolean wide = cf_students_import_get_layout (import) == CF_STUDENTS_LAYOUT_WIDE;
  const char *sheet = cf_students_import_get_sheet_name (import);
  guint header_row = cf_students_import_get_header_row (import);
  g_autofree char *where = NULL;

  if (sheet != NULL && wide)
    /* Translators: the sheet, the file and the header's row number. */
    where = g_strdup_printf (_("Sheet “%s” of “%s”, header on row %u: one row per student with their "
                               "subjects in groups of columns."), sheet, flow->name, header_row);
  else if (sheet != NULL)
    where = g_strdup_printf (_("Sheet “%s” of “%s”, header on row %u: one row per student and subject."),
                             sheet, flow->name, header_row);
  else if (wide)
    /* Translators: the file, its encoding ("UTF-8") and the header's line number. */
    where = g_strdup_printf (_("“%s” (CSV, %s), header on line %u: one row per student with their "
                               "subjects in groups of columns."),
                             flow->name, cf_students_import_get_encoding (import), header_row);
  else
    where = g_strdup_printf (_("“%s” (CSV, %s), header on line %u: one row per student and subject."),
                             flow->name, cf_students_import_get_encoding (import), header_row);
  return g_strconcat (where, "\n", _("Nothing is saved until you choose Import."), NULL);
}

static void
add_count_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               guint                count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = g_strdup_printf ("%u", count);
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (group, row);
}

/* A row of the file's text: never markup. */
static void
add_text_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
}

static void
add_more_row (AdwPreferencesGroup *group,
              guint                n_more)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more.", "…and %u more.", n_more),
                                           n_more);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 6);
  adw_preferences_group_add (group, label);
}

static GtkWidget *
preview_content (Flow *flow)
{
  CfStudentsImport *import = flow->import;
  GPtrArray *rejected = cf_students_import_get_rejected (import);
  GPtrArray *findings = cf_students_import_get_findings (import);
  GtkWidget *scroller, *box, *found;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_start (box, 2);
  gtk_widget_set_margin_end (box, 2);
  gtk_widget_set_margin_top (box, 2);
  gtk_widget_set_margin_bottom (box, 2);

  found = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (found), _("In the File"));
  add_count_row (ADW_PREFERENCES_GROUP (found), _("Students"), NULL,
                 cf_students_import_get_students (import)->len);
  add_count_row (ADW_PREFERENCES_GROUP (found), _("Grades"), NULL, cf_students_import_get_n_grades (import));
  add_count_row (ADW_PREFERENCES_GROUP (found), _("Rows read"), NULL, cf_students_import_get_n_rows (import));
  if (cf_students_import_get_n_duplicates (import) > 0)
    add_count_row (ADW_PREFERENCES_GROUP (found), _("Repeated grades"),
                   _("The same subject again with the same values: kept once."),
                   cf_students_import_get_n_duplicates (import));
  if (cf_students_import_get_n_earlier_attempts (import) > 0)
    add_count_row (ADW_PREFERENCES_GROUP (found), _("Earlier attempts"),
                   _("The same subject in an earlier cycle: the latest cycle’s grade is kept."),
                   cf_students_import_get_n_earlier_attempts (import));
  add_count_row (ADW_PREFERENCES_GROUP (found), _("Rejected rows"), NULL, rejected->len);
  gtk_box_append (GTK_BOX (box), found);

  if (rejected->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      gtk_widget_set_name (group, "cf-students-import-rejected");
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Rejected Rows"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("These rows are not imported. Correct them in the file and import it again."));
      for (guint i = 0; i < MIN (rejected->len, MAX_LISTED); i++)
        {
          CfStudentsRejected *r = g_ptr_array_index (rejected, i);
          /* Translators: a row of the spreadsheet. */
          g_autofree char *title = g_strdup_printf (_("Row %u"), r->row);

          add_text_row (ADW_PREFERENCES_GROUP (group), title, r->reason);
        }
      if (rejected->len > MAX_LISTED)
        add_more_row (ADW_PREFERENCES_GROUP (group), rejected->len - MAX_LISTED);
      gtk_box_append (GTK_BOX (box), group);
    }

  if (findings->len > 0)
    {
      GtkWidget *group = adw_preferences_group_new ();

      gtk_widget_set_name (group, "cf-students-import-findings");
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Against the Programa de Estudios"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("These students are imported; their certificates wait until the "
                                               "study plans or the file are corrected."));
      for (guint i = 0; i < MIN (findings->len, MAX_LISTED); i++)
        {
          CfStudentsFinding *f = g_ptr_array_index (findings, i);
          g_autofree char *title = NULL;

          if (f->row > 0)
            /* Translators: a row of the spreadsheet and the student's matrícula. */
            title = g_strdup_printf (_("Row %u · Student %s"), f->row, f->matricula);
          else
            title = g_strdup_printf (_("Student %s"), f->matricula);
          add_text_row (ADW_PREFERENCES_GROUP (group), title, f->message);
        }
      if (findings->len > MAX_LISTED)
        add_more_row (ADW_PREFERENCES_GROUP (group), findings->len - MAX_LISTED);
      gtk_box_append (GTK_BOX (box), group);
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* A fixed room (what a 768-pixel screen holds with the heading and the
   * buttons): the counts and the first problems show, the rest scrolls.
   * The natural height is not asked for: GTK 4.8 measures the wrapping
   * reasons at their narrowest and the dialog came out too short. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 440);
  gtk_widget_set_size_request (scroller, 560, -1);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  return scroller;
}

/* The first answer counts: closing the dialog afterwards emits its close
 * response too. */
static gboolean
first_answer (AdwMessageDialog *dialog)
{
  if (g_object_get_data (G_OBJECT (dialog), "cf-answered") != NULL)
    return FALSE;
  g_object_set_data (G_OBJECT (dialog), "cf-answered", GINT_TO_POINTER (TRUE));
  return TRUE;
}

static void
on_preview_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        GTask            *task)
{
  Flow *flow = g_task_get_task_data (task);

  if (!first_answer (dialog) || flow->returned)
    return;
  if (!g_str_equal (response, "import"))
    {
      return_cancelled (task);
      return;
    }
  /* One transaction: it is written whole or not at all, never cancelled
   * halfway (a cancel now would say "not imported" of what was). */
  open_progress (flow, _("Importing the Students"), FALSE);
  cf_students_import_commit_async (flow->import, flow_store (flow), NULL,
                                   on_committed_cb, g_object_ref (task));
}

/* The dialog went without an answer (its parent closed): the flow ends. */
static void
on_dialog_gone (gpointer  data,
                GClosure *closure)
{
  GTask *task = data;
  Flow *flow = g_task_get_task_data (task);

  if (!flow->returned && flow->progress == NULL)
    return_cancelled (task);
  g_object_unref (task);
}

static void
show_preview (GTask *task)
{
  Flow *flow = g_task_get_task_data (task);
  g_autofree char *body = preview_body (flow);
  AdwMessageDialog *dialog;

  close_progress (flow);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (flow->parent, _("Import Students?"), body));
  gtk_widget_set_name (GTK_WIDGET (dialog), "cf-students-import-preview");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "import");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* Nothing to write: only Cancel. */
  adw_message_dialog_set_response_enabled (dialog, "import",
                                           cf_students_import_get_students (flow->import)->len > 0);
  adw_message_dialog_set_extra_child (dialog, preview_content (flow));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_preview_response_cb), g_object_ref (task),
                         on_dialog_gone, 0);
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (dialog));
  g_set_weak_pointer (&flow->dialog, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Reading and mapping                                                 */
/* ------------------------------------------------------------------ */

static void
on_mapped_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!cf_students_import_apply_mapping_finish (result, &error))
    return_error (task, error);
  else if (parent_gone (g_task_get_task_data (task)))
    return_cancelled (task);
  else
    show_preview (task);
}

static void
on_mapping_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        GTask            *task)
{
  Flow *flow = g_task_get_task_data (task);

  if (!first_answer (dialog) || flow->returned)
    return;
  if (!g_str_equal (response, "continue"))
    {
      return_cancelled (task);
      return;
    }
  open_progress (flow, _("Reading the File"), TRUE);
  cf_students_import_apply_mapping_async (flow->import, flow_store (flow), flow->cancellable,
                                          on_mapped_cb, g_object_ref (task));
}

static void
show_mapping (GTask *task)
{
  Flow *flow = g_task_get_task_data (task);
  GtkWidget *dialog;

  close_progress (flow);
  dialog = cf_import_mapping_dialog_new_for_students (flow->parent, flow->import, flow->name);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_mapping_response_cb), g_object_ref (task),
                         on_dialog_gone, 0);
  g_set_weak_pointer (&flow->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Flow *flow = g_task_get_task_data (task);
  GError *error = NULL;

  flow->import = cf_students_import_read_finish (result, &error);
  if (flow->import == NULL)
    return_error (task, error);
  else if (parent_gone (flow))
    return_cancelled (task);
  else if (cf_students_import_needs_mapping (flow->import))
    show_mapping (task);
  else
    show_preview (task);
}

/* The caller gave up: the worker stops, an open dialog closes (its
 * response ends the flow). */
static void
on_caller_cancelled_cb (GCancellable *cancellable,
                        Flow         *flow)
{
  g_cancellable_cancel (flow->cancellable);
  if (flow->dialog != NULL)
    gtk_window_close (GTK_WINDOW (flow->dialog));
}

void
cf_students_import_flow_run (GtkWindow           *parent,
                             CfContext           *context,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Flow *flow;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (CF_IS_CONTEXT (context));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  flow = g_new0 (Flow, 1);
  flow->parent = parent != NULL ? g_object_ref (parent) : NULL;
  flow->context = g_object_ref (context);
  flow->path = g_file_get_path (file);
  flow->name = g_file_get_basename (file);
  flow->cancellable = g_cancellable_new ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_students_import_flow_run);
  g_task_set_task_data (task, flow, (GDestroyNotify) flow_free);

  if (cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          flow->returned = TRUE;
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
          return;
        }
      flow->caller_cancellable = g_object_ref (cancellable);
      flow->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb), flow, NULL);
    }

  if (flow->path == NULL)
    {
      return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                       _("“%s” is not a file on this computer. Copy it to a folder here "
                                         "and import it from there."), flow->name));
      return;
    }

  open_progress (flow, _("Reading the File"), TRUE);
  cf_students_import_read_async (flow->path, flow_store (flow), flow->cancellable, on_read_cb,
                                 g_object_ref (task));
}

gboolean
cf_students_import_flow_finish (GAsyncResult  *result,
                                guint         *n_students,
                                GError       **error)
{
  Flow *flow;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_students_import_flow_run, FALSE);

  flow = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_students != NULL)
    *n_students = flow->n_students;
  return TRUE;
}
