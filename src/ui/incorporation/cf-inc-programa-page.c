/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-programa-page.c: the plans read and validated by a CfPlanSession
 * in its worker each time the page is shown (Study Plans may have changed
 * them meanwhile); complete once the Programa de Estudios was sent, as the
 * package page is once the package was. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-date.h"
#include "cf-finding.h"
#include "cf-inc-programa-page.h"
#include "cf-plan-session.h"

struct _CfIncProgramaPage
{
  CfIncPage      parent_instance;

  AdwActionRow  *status_row;
  GtkStack      *status_icon;
  GtkSpinner    *spinner;
  AdwActionRow  *sent_row;
  GtkWidget     *sent_button;

  CfPlanSession *session;
  GCancellable  *cancellable;
  gboolean       checking;
  gboolean       valid;        /* the plans validate */
  char          *problem;      /* why not, for "missing" */
};

G_DEFINE_FINAL_TYPE (CfIncProgramaPage, cf_inc_programa_page, CF_TYPE_INC_PAGE)

static void
update (CfIncProgramaPage *self)
{
  CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));
  CfIncorporationState state = cf_incorporation_get_state (inc, CF_INCORPORATION_STAGE_PROGRAMA);
  gboolean sent = state == CF_INCORPORATION_WAITING || state == CF_INCORPORATION_DONE;
  g_autofree char *title = NULL;
  const char *missing = NULL;

  if (state == CF_INCORPORATION_WAITING)
    {
      g_autofree char *since = cf_date_text_to_words (cf_incorporation_get_since (inc, CF_INCORPORATION_STAGE_PROGRAMA));
      g_autofree char *due = cf_date_text_to_words (cf_incorporation_get_due (inc, CF_INCORPORATION_STAGE_PROGRAMA));

      /* Translators: two dates in words. */
      title = g_strdup_printf (_("Sent on %s; SEP’s answer expected by %s."), since, due);
    }
  else if (state == CF_INCORPORATION_DONE)
    title = g_strdup (_("SEP accepted the Programa de Estudios."));
  else
    title = g_strdup (_("Not sent yet."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sent_row), title);
  gtk_widget_set_visible (self->sent_button, !sent);
  gtk_widget_set_sensitive (self->sent_button, self->valid && !self->checking);

  /* Once sent, SEP has the workbook: a problem found later is shown, but
   * the test stage need not wait for it. */
  if (sent)
    missing = NULL;
  /* Also before the first check has begun. */
  else if (self->checking || (!self->valid && self->problem == NULL))
    missing = _("The study plans are being checked.");
  else if (!self->valid)
    missing = self->problem;
  else
    missing = _("Send the Programa de Estudios workbook to SEP and mark it as sent.");
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing == NULL);
}

static void
show_result (CfIncProgramaPage *self,
             const GError      *error)
{
  CfPlanBook *book = cf_plan_session_get_book (self->session);
  g_autoptr(GPtrArray) plans = book != NULL ? cf_plan_book_list_level (book, CF_PLAN_LEVEL_PLAN) : NULL;
  guint n_plans = plans != NULL ? plans->len : 0;
  guint n_errors = cf_plan_session_count_errors (self->session);
  GPtrArray *findings = cf_plan_session_get_findings (self->session);
  const char *first = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; findings != NULL && i < findings->len && first == NULL; i++)
    if (cf_finding_is_error (g_ptr_array_index (findings, i)))
      first = cf_finding_get_message (g_ptr_array_index (findings, i));

  g_clear_pointer (&self->problem, g_free);
  self->valid = FALSE;
  if (error != NULL)
    {
      title = g_strdup (_("The study plans could not be read."));
      /* Translators: the reason, a sentence. */
      self->problem = g_strdup_printf (_("The study plans could not be read: %s"), error->message);
      first = error->message;
    }
  else if (book == NULL || cf_plan_book_get_n_subjects (book) == 0)
    {
      title = g_strdup (_("There are no study plans yet."));
      self->problem = g_strdup (_("Import the study plans in Study Plans first."));
      first = _("Import the workbook with your plans and their DGP keys in Study Plans.");
    }
  else if (n_errors > 0)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u problem to correct before SEP takes the plans.",
                                            "%u problems to correct before SEP takes the plans.",
                                            n_errors),
                               n_errors);
      self->problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "The study plans have %u problem; correct it in Study Plans.",
                                                    "The study plans have %u problems; correct them in Study Plans.",
                                                    n_errors),
                                       n_errors);
    }
  else
    {
      CfIncorporation *inc = cf_inc_page_get_incorporation (CF_INC_PAGE (self));

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "The plan passes SEP’s rules.",
                                            "All %u plans pass SEP’s rules.",
                                            n_plans),
                               n_plans);
      self->valid = TRUE;
      /* The first day they validated: the stage's "what is missing". */
      if (cf_incorporation_get_value (inc, CF_INC_PROGRAMA_VALIDATED) == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

          cf_inc_page_save_value (CF_INC_PAGE (self), CF_INC_PROGRAMA_VALIDATED, today);
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), title);
  adw_action_row_set_subtitle (self->status_row, first != NULL ? first : "");
  gtk_stack_set_visible_child_name (self->status_icon, self->valid ? "ok" : "problem");
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(CfIncProgramaPage) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = cf_plan_session_load_finish (CF_PLAN_SESSION (source), result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->checking = FALSE;
  gtk_spinner_stop (self->spinner);
  show_result (self, ok ? NULL : error);
  update (self);
}

static void
check (CfIncProgramaPage *self)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  GWeakRef *ref;

  if (store == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->session == NULL)
    self->session = cf_plan_session_new (store);
  self->checking = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Checking the study plans…"));
  adw_action_row_set_subtitle (self->status_row, "");
  gtk_stack_set_visible_child_name (self->status_icon, "checking");
  gtk_spinner_start (self->spinner);
  update (self);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  cf_plan_session_load_async (self->session, NULL, self->cancellable, on_loaded_cb, ref);
}

static void
on_sent_clicked_cb (CfIncProgramaPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cf_incorporation_mark_sent (cf_inc_page_get_incorporation (CF_INC_PAGE (self)),
                                   CF_INCORPORATION_STAGE_PROGRAMA, NULL, &error))
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  update (self);
}

static void
cf_inc_programa_page_shown (CfIncPage *page)
{
  check (CF_INC_PROGRAMA_PAGE (page));
}

static void
cf_inc_programa_page_constructed (GObject *object)
{
  CfIncProgramaPage *self = CF_INC_PROGRAMA_PAGE (object);

  G_OBJECT_CLASS (cf_inc_programa_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Programa de Estudios"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_PROGRAMA);
  update (self);
}

static void
cf_inc_programa_page_dispose (GObject *object)
{
  CfIncProgramaPage *self = CF_INC_PROGRAMA_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->problem, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_INC_PROGRAMA_PAGE);
  G_OBJECT_CLASS (cf_inc_programa_page_parent_class)->dispose (object);
}

static void
cf_inc_programa_page_class_init (CfIncProgramaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_programa_page_constructed;
  object_class->dispose = cf_inc_programa_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_programa_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-programa-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncProgramaPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProgramaPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CfIncProgramaPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CfIncProgramaPage, sent_row);
  gtk_widget_class_bind_template_child (widget_class, CfIncProgramaPage, sent_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sent_clicked_cb);
}

static void
cf_inc_programa_page_init (CfIncProgramaPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cf_inc_programa_page_new (CfContext       *context,
                          CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_PROGRAMA_PAGE, "context", context, "incorporation", incorporation, NULL);
}

gboolean
cf_inc_programa_page_is_checking (CfIncProgramaPage *self)
{
  g_return_val_if_fail (CF_IS_INC_PROGRAMA_PAGE (self), FALSE);
  return self->checking;
}
