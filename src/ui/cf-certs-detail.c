/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-certs-detail.c: the Certificados page's detail pane: the selected
 * certificate's problems (each leading to the field to fix), its name as
 * printed, its subjects with cycle and observation editable, and the live
 * preview of its PDF, drawn again (debounced) as values change. */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-cert-build.h"
#include "cf-certs-check.h"
#include "cf-certs-page-private.h"
#include "cf-finding.h"
#include "cf-student-check.h"
#include "cf-window.h"

#define PREVIEW_DELAY_MS 400

static void schedule_preview (CfCertsPage *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static CfGrade *
grade_at (CfCertsPage *self,
          guint        position)
{
  if (self->detail == NULL || self->detail->student->grades == NULL ||
      position >= self->detail->student->grades->len)
    return NULL;
  return g_ptr_array_index (self->detail->student->grades, position);
}

static const char *
place_text (const CfFinding *finding)
{
  switch (cf_student_check_get_place (finding))
    {
    case CF_STUDENT_PLACE_GRADES:
      return _("Fix it in the subjects below");
    case CF_STUDENT_PLACE_PLAN:
      return _("Fix it in Study Plans");
    case CF_STUDENT_PLACE_SIGNERS:
      return _("Fix it in Signers");
    case CF_STUDENT_PLACE_STUDENT:
    default:
      return _("Fix it in the school system's export, then import it again");
    }
}

/* The printed-name entry a finding's path names, or NULL. */
static GtkWidget *
name_row_for (CfCertsPage     *self,
              const CfFinding *finding)
{
  const char *path = cf_finding_get_path (finding);

  if (g_str_has_suffix (path, "@primerApellido"))
    return GTK_WIDGET (self->primer_apellido_row);
  if (g_str_has_suffix (path, "@segundoApellido"))
    return GTK_WIDGET (self->segundo_apellido_row);
  if (g_str_has_suffix (path, "Alumno/@nombre"))
    return GTK_WIDGET (self->nombre_row);
  return NULL;
}

static GtkWidget *
create_finding_row (CfCertsPage *self,
                    CfFinding   *finding)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  gboolean error = cf_finding_is_error (finding);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cf_finding_get_message (finding));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               name_row_for (self, finding) != NULL ? _("Correct the name as printed below")
                                                                    : place_text (finding));
  icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? _("Error") : _("Warning"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "cf-finding", cf_finding_ref (finding),
                          (GDestroyNotify) cf_finding_unref);
  return row;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* ------------------------------------------------------------------ */
/* Filling the pane                                                    */
/* ------------------------------------------------------------------ */

static void
fill_names (CfCertsPage *self)
{
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;

  cf_cert_item_printed_name (self->detail->student, &nombre, &primer, &segundo);
  AdwEntryRow *rows[] = { self->nombre_row, self->primer_apellido_row, self->segundo_apellido_row };
  const char *texts[] = { nombre, primer, segundo };

  self->filling_names = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      /* The stored name: an edit left unapplied on the certificate shown
       * before is gone, and so is its ✓ (AdwEntryRow hides it only when
       * the apply button is turned off). */
      adw_entry_row_set_show_apply_button (rows[i], FALSE);
      gtk_editable_set_text (GTK_EDITABLE (rows[i]), texts[i]);
      adw_entry_row_set_show_apply_button (rows[i], TRUE);
    }
  self->filling_names = FALSE;
}

/* The live preview shows the certificate as "Sellar…" would seal it: with
 * the campus's first signer (the one its dialog offers first), read again
 * for each certificate shown, so a signer added meanwhile counts. Without
 * one the Responsable is empty and the preview says BORRADOR. */
static void
on_preview_signer_read_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signers = NULL;
  CfCertsPage *self;

  signers = cf_certs_workspace_list_signers_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_PAGE (user_data);
  self->signer_loading = FALSE;
  if (signers == NULL)
    g_debug ("certificates: the signers cannot be read for the preview: %s", error->message);
  else if (signers->len > 0)
    {
      g_clear_pointer (&self->preview_signer, cf_certs_signer_free);
      self->preview_signer = g_ptr_array_steal_index (signers, 0);
    }
  schedule_preview (self);
  _cf_certs_page_notify_busy (self);
}

static void
read_preview_signer (CfCertsPage *self)
{
  g_clear_pointer (&self->preview_signer, cf_certs_signer_free);
  if (self->detail->status >= CF_CERT_STATUS_SELLADO)
    return;
  self->signer_loading = TRUE;
  cf_certs_workspace_list_signers_async (self->store, self->detail->student->id_campus, self->detail_cancellable,
                                         on_preview_signer_read_cb, self);
}

static void
fill_detail (CfCertsPage *self)
{
  CfCertRow *row = self->detail;
  CfStudent *student = row->student;
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean editable = row->status <= CF_CERT_STATUS_LISTO;

  cf_cert_item_printed_name (student, &nombre, &primer, &segundo);
  title = g_strstrip (g_strjoin (" ", nombre, primer, segundo, NULL));
  gtk_label_set_label (self->detail_title, title);
  /* Translators: matrícula, CURP, career id and plan of the certificate on show */
  subtitle = g_strdup_printf (_("Matrícula %s · CURP %s · career %s, plan %s"),
                              student->matricula, student->curp, student->id_carrera, student->clave_plan);
  if (row->folio_control != NULL && *row->folio_control != '\0')
    {
      /* Translators: after the certificate's description, once sealed */
      g_autofree char *sealed = g_strdup_printf (_("%s · folio %s"), subtitle, row->folio_control);

      g_free (subtitle);
      subtitle = g_steal_pointer (&sealed);
    }
  gtk_label_set_label (self->detail_subtitle, subtitle);
  gtk_label_set_label (self->detail_status, cf_cert_status_get_label (row->status));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_portal), g_strcmp0 (row->portal, "pruebas") == 0);
  gtk_widget_set_css_classes (GTK_WIDGET (self->detail_status),
                              (const char *[]) { "cert-status",
                                                 row->status == CF_CERT_STATUS_BORRADOR ? "cert-borrador"
                                                 : row->status == CF_CERT_STATUS_LISTO ? "cert-listo"
                                                 : "cert-sellado", NULL });

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = cf_certs_findings_from_json (row->findings);
  clear_list_box (self->findings_list);
  for (guint i = 0; i < self->findings->len; i++)
    gtk_list_box_append (self->findings_list, create_finding_row (self, g_ptr_array_index (self->findings, i)));
  if (row->status >= CF_CERT_STATUS_SELLADO)
    adw_preferences_group_set_description (self->findings_group,
                                           _("Sealed: what the last check found before sealing. A sealed certificate is not changed."));
  else if (row->findings == NULL || *row->findings == '\0')
    adw_preferences_group_set_description (self->findings_group,
                                           _("Not checked yet: “Check” looks at every certificate."));
  else if (self->findings->len == 0)
    adw_preferences_group_set_description (self->findings_group, _("None: this certificate can be sealed."));
  else
    adw_preferences_group_set_description (self->findings_group, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), self->findings->len > 0);

  fill_names (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_group), editable);

  for (guint i = 0; student->grades != NULL && i < student->grades->len; i++)
    g_ptr_array_add (subjects, gtk_string_object_new (((CfGrade *) g_ptr_array_index (student->grades, i))->id_asignatura));
  g_list_store_splice (self->grades, 0, g_list_model_get_n_items (G_LIST_MODEL (self->grades)),
                       subjects->pdata, subjects->len);
  gtk_widget_set_sensitive (GTK_WIDGET (self->subjects_view), editable);

  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  read_preview_signer (self);
  schedule_preview (self);
}

static void
on_detail_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CfCertRow *row;
  CfCertsPage *self;

  row = cf_certs_workspace_get_finish (CF_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CF_CERTS_PAGE (user_data);
  self->detail_loading = FALSE;
  if (row == NULL)
    {
      /* Gone meanwhile (another desk): nothing to show. */
      g_debug ("certificates: cannot read %" G_GINT64_FORMAT ": %s", self->detail_id, error->message);
      self->detail_id = 0;
      g_clear_pointer (&self->detail, cf_cert_row_free);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      _cf_certs_page_notify_busy (self);
      return;
    }

  /* Read again unchanged (the list was read again): what is being typed
   * stays. */
  if (self->detail != NULL && self->detail->id == row->id &&
      self->detail->row_version == row->row_version && self->detail->status == row->status &&
      g_strcmp0 (self->detail->findings, row->findings) == 0)
    {
      cf_cert_row_free (row);
      _cf_certs_page_notify_busy (self);
      return;
    }
  g_clear_pointer (&self->detail, cf_cert_row_free);
  self->detail = row;
  fill_detail (self);
  _cf_certs_page_notify_busy (self);
}

void
_cf_certs_page_show_detail (CfCertsPage *self,
                            gint64       id)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_id = id;
  self->detail_loading = FALSE;
  self->signer_loading = FALSE;

  if (id == 0 || self->store == NULL)
    {
      g_clear_pointer (&self->detail, cf_cert_row_free);
      g_clear_handle_id (&self->preview_source, g_source_remove);
      self->signer_loading = FALSE;
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      _cf_certs_page_notify_busy (self);
      return;
    }

  self->detail_cancellable = g_cancellable_new ();
  self->detail_loading = TRUE;
  cf_certs_workspace_get_async (self->store, id, self->detail_cancellable, on_detail_read_cb, self);
  _cf_certs_page_notify_busy (self);
}

/* ------------------------------------------------------------------ */
/* The live preview                                                    */
/* ------------------------------------------------------------------ */

static void
on_plans_loaded_cb (CfPlanSession *session,
                    CfCertsPage   *self)
{
  if (self->detail != NULL)
    schedule_preview (self);
}

/* The certificate as it will be printed, from the values on screen (the
 * printed name as typed, not yet saved), built from the study plans the
 * window already has (cheap and pure: on this thread). */
static void
on_sealed_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(CfDec) dec = NULL;
  CfCertsPage *self;

  if (!cf_certs_workspace_sealed_finish (CF_STORE (source), result, &pdf, &dec, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CF_CERTS_PAGE (user_data);
  if (pdf != NULL)
    {
      if (!cf_preview_view_set_pdf_bytes (self->preview, pdf, &error))
        g_debug ("certificates: the stored PDF cannot be shown: %s", error->message);
    }
  else if (dec != NULL)
    {
      cf_preview_view_set_student_name (self->preview, NULL);
      cf_preview_view_set_dec (self->preview, dec);
    }
  else
    {
      g_debug ("certificates: the sealed certificate cannot be read: %s", error->message);
      cf_preview_view_set_dec (self->preview, NULL);
    }
}

static gboolean
update_preview_cb (gpointer user_data)
{
  CfCertsPage *self = user_data;
  CfPlanSession *session = cf_context_get_plan_session (self->context);
  CfPlanBook *book = cf_plan_session_get_book (session);
  CfStudent *student;
  CfPlanNode *plan;
  g_autoptr(CfDec) dec = NULL;
  g_autofree char *name = NULL;
  CfCertResponsable responsable;

  self->preview_source = 0;
  /* The signer's read brings us back: one drawing, with its values. */
  if (self->detail == NULL || self->signer_loading)
    return G_SOURCE_REMOVE;
  /* Sealed: what was stored, the exact document, never drawn again from
   * today's values. */
  if (self->detail->status >= CF_CERT_STATUS_SELLADO)
    {
      cf_certs_workspace_sealed_async (self->store, self->detail->id, self->detail_cancellable,
                                       on_sealed_read_cb, self);
      return G_SOURCE_REMOVE;
    }
  if (book == NULL)
    {
      /* Nobody has read the study plans yet: "loaded" brings us back. */
      if (!cf_plan_session_get_loading (session))
        cf_plan_session_load_async (session, NULL, NULL, NULL, NULL);
      return G_SOURCE_REMOVE;
    }

  student = self->detail->student;
  plan = cf_cert_build_find_plan (book, student->id_carrera, student->clave_plan, student->id_campus);
  if (plan == NULL)
    {
      cf_preview_view_set_dec (self->preview, NULL);
      return G_SOURCE_REMOVE;
    }
  if (self->preview_signer != NULL)
    cf_certs_signer_get_responsable (self->preview_signer, &responsable);
  dec = cf_cert_build_dec (student, plan, self->preview_signer != NULL ? &responsable : NULL, NULL);
  name = g_strjoin (" ",
                    gtk_editable_get_text (GTK_EDITABLE (self->nombre_row)),
                    gtk_editable_get_text (GTK_EDITABLE (self->primer_apellido_row)),
                    gtk_editable_get_text (GTK_EDITABLE (self->segundo_apellido_row)),
                    NULL);
  g_strstrip (name);
  cf_preview_view_set_student_name (self->preview, *name != '\0' ? name : NULL);
  cf_preview_view_set_dec (self->preview, dec);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (CfCertsPage *self)
{
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, update_preview_cb, self);
}

/* ------------------------------------------------------------------ */
/* Corrections                                                         */
/* ------------------------------------------------------------------ */

static void
on_recheck_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CfCertsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->rechecks--;
  if (!cf_certs_refresh_finish (CF_CONTEXT (source), result, NULL, &error) && self->store != NULL)
    _cf_certs_page_toast (self, error->message);
  if (self->store == NULL)
    return;
  _cf_certs_page_reload (self);
  _cf_certs_page_notify_busy (self);
}

/* A correction is in the store: the certificate is a borrador until
 * checked again, which happens at once. */
typedef struct
{
  CfCertsPage *page;   /* a reference */
  gint64       id;
} WriteCall;

static WriteCall *
write_call_new (CfCertsPage *self)
{
  WriteCall *call = g_new0 (WriteCall, 1);

  call->page = g_object_ref (self);
  call->id = self->detail->id;
  self->writes++;
  _cf_certs_page_notify_busy (self);
  return call;
}

static void
on_write_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WriteCall *call = user_data;
  g_autoptr(CfCertsPage) self = call->page;
  g_autoptr(GError) error = NULL;

  g_free (call);
  self->writes--;
  if (self->store == NULL)
    return;   /* disposed meanwhile */
  if (!cf_certs_workspace_write_finish (CF_STORE (source), result, &error))
    {
      _cf_certs_page_toast (self, error->message);
      _cf_certs_page_show_detail (self, self->detail_id);
      _cf_certs_page_notify_busy (self);
      return;
    }

  self->rechecks++;
  cf_certs_refresh_async (self->context, NULL, on_recheck_done_cb, g_object_ref (self));
  _cf_certs_page_notify_busy (self);
}

void
_cf_certs_page_on_name_changed_cb (CfCertsPage *self,
                                   GtkEditable *editable)
{
  if (!self->filling_names)
    schedule_preview (self);
}

void
_cf_certs_page_on_name_apply_cb (CfCertsPage *self,
                                 AdwEntryRow *row)
{
  if (self->detail == NULL)
    return;

  cf_certs_workspace_set_printed_names_async (self->store, self->detail->id, self->detail->row_version,
                                              gtk_editable_get_text (GTK_EDITABLE (self->nombre_row)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->primer_apellido_row)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->segundo_apellido_row)),
                                              NULL, on_write_done_cb, write_call_new (self));
}

/* ------------------------------------------------------------------ */
/* The subjects table                                                  */
/* ------------------------------------------------------------------ */

static void
save_grade (CfCertsPage       *self,
            guint              position,
            CfCertsGradeField  field,
            const char        *value)
{
  CfGrade *grade = grade_at (self, position);
  const char *ciclo;
  const char *observacion;

  if (grade == NULL)
    return;
  ciclo = field == CF_CERTS_GRADE_CICLO ? value : grade->ciclo;
  observacion = field == CF_CERTS_GRADE_OBSERVACIONES ? value : grade->id_observaciones;
  if (g_strcmp0 (ciclo, grade->ciclo) == 0 && g_strcmp0 (observacion, grade->id_observaciones) == 0)
    return;

  cf_certs_workspace_set_grade_async (self->store, self->detail->id, self->detail->row_version,
                                      grade->id_asignatura, ciclo, observacion,
                                      NULL, on_write_done_cb, write_call_new (self));
}

static guint
list_item_position (GtkWidget *widget)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (widget), "cf-list-item");

  return item != NULL ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;
}

static void
on_cycle_activate_cb (GtkEntry    *entry,
                      CfCertsPage *self)
{
  save_grade (self, list_item_position (GTK_WIDGET (entry)), CF_CERTS_GRADE_CICLO,
              gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_cycle_focus_leave_cb (GtkEventControllerFocus *controller,
                         CfCertsPage             *self)
{
  on_cycle_activate_cb (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))), self);
}

static void
on_observation_selected_cb (GtkDropDown *dropdown,
                            GParamSpec  *pspec,
                            CfCertsPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (g_object_get_data (G_OBJECT (dropdown), "cf-filling") != NULL ||
      selected == GTK_INVALID_LIST_POSITION || selected >= self->observation_codes->len)
    return;
  save_grade (self, list_item_position (GTK_WIDGET (dropdown)), CF_CERTS_GRADE_OBSERVACIONES,
              g_ptr_array_index (self->observation_codes, selected));
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_subject_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 CfCertsPage              *self)
{
  CfGrade *grade = grade_at (self, gtk_list_item_get_position (item));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), grade != NULL ? grade->id_asignatura : "");
}

static void
bind_grade_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CfCertsPage              *self)
{
  CfGrade *grade = grade_at (self, gtk_list_item_get_position (item));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), grade != NULL ? grade->calificacion : "");
}

static void
setup_cycle_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CfCertsPage              *self)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cycle"), -1);
  g_object_set_data (G_OBJECT (entry), "cf-list-item", item);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_cycle_activate_cb), self, 0);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_cycle_focus_leave_cb), self, 0);
  gtk_widget_add_controller (entry, focus);
  gtk_list_item_set_child (item, entry);
}

static void
bind_cycle_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CfCertsPage              *self)
{
  CfGrade *grade = grade_at (self, gtk_list_item_get_position (item));

  gtk_editable_set_text (GTK_EDITABLE (gtk_list_item_get_child (item)), grade != NULL ? grade->ciclo : "");
}

static void
setup_observation_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      CfCertsPage              *self)
{
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->observation_names)), NULL);

  gtk_widget_add_css_class (dropdown, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Observation"), -1);
  g_object_set_data (G_OBJECT (dropdown), "cf-list-item", item);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_observation_selected_cb), self, 0);
  gtk_list_item_set_child (item, dropdown);
}

static void
bind_observation_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     CfCertsPage              *self)
{
  CfGrade *grade = grade_at (self, gtk_list_item_get_position (item));
  GtkWidget *dropdown = gtk_list_item_get_child (item);
  const char *code = grade != NULL && grade->id_observaciones != NULL ? grade->id_observaciones : "";
  guint selected = 0;

  for (guint i = 0; i < self->observation_codes->len; i++)
    if (g_str_equal (g_ptr_array_index (self->observation_codes, i), code))
      selected = i;
  g_object_set_data (G_OBJECT (dropdown), "cf-filling", GINT_TO_POINTER (1));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  g_object_set_data (G_OBJECT (dropdown), "cf-filling", NULL);
}

static void
add_column (CfCertsPage *self,
            const char  *title,
            GCallback    setup,
            GCallback    bind,
            gboolean     expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->subjects_view, column);
}

static void
setup_observations (CfCertsPage *self)
{
  g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_OBSERVACIONES, NULL);

  self->observation_codes = g_ptr_array_new_with_free_func (g_free);
  self->observation_names = gtk_string_list_new (NULL);
  g_ptr_array_add (self->observation_codes, g_strdup (""));
  gtk_string_list_append (self->observation_names, _("None"));
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = g_strdup_printf ("%s %s", cf_catalog_entry_get_code (entry),
                                               cf_catalog_entry_get_description (entry));

      g_ptr_array_add (self->observation_codes, g_strdup (cf_catalog_entry_get_code (entry)));
      gtk_string_list_append (self->observation_names, name);
    }
}

/* The subject of grade @index (1-based), selected, scrolled to and its
 * @field's cell focused. */
static void
reveal_grade (CfCertsPage *self,
              guint        index,
              const char  *path)
{
  GtkWidget *list_view;
  guint position = index - 1;

  gtk_single_selection_set_selected (self->grade_selection, position);
  for (list_view = gtk_widget_get_first_child (GTK_WIDGET (self->subjects_view));
       list_view != NULL && !GTK_IS_LIST_VIEW (list_view);
       list_view = gtk_widget_get_next_sibling (list_view))
    ;
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  /* The cell: the entry or drop-down whose item is at @position. */
  for (GtkWidget *row = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
       row != NULL; row = gtk_widget_get_next_sibling (row))
    for (GtkWidget *cell = gtk_widget_get_first_child (row); cell != NULL; cell = gtk_widget_get_next_sibling (cell))
      {
        GtkWidget *child = gtk_widget_get_first_child (cell);
        gboolean want_cycle = !g_str_has_suffix (path, "@idObservaciones");

        if (child == NULL || list_item_position (child) != position)
          continue;
        if ((want_cycle && GTK_IS_ENTRY (child)) || (!want_cycle && GTK_IS_DROP_DOWN (child)))
          {
            gtk_widget_grab_focus (child);
            return;
          }
      }
}

void
_cf_certs_page_on_finding_activated_cb (CfCertsPage   *self,
                                        GtkListBoxRow *row,
                                        GtkListBox    *list)
{
  CfFinding *finding = g_object_get_data (G_OBJECT (row), "cf-finding");
  GtkWidget *name_row;
  GtkRoot *root;
  guint index;

  if (finding == NULL)
    return;

  if ((name_row = name_row_for (self, finding)) != NULL)
    {
      gtk_widget_grab_focus (name_row);
      return;
    }
  if ((index = cf_student_check_get_grade_index (finding)) > 0)
    {
      reveal_grade (self, index, cf_finding_get_path (finding));
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  switch (cf_student_check_get_place (finding))
    {
    case CF_STUDENT_PLACE_PLAN:
      if (CF_IS_WINDOW (root))
        cf_window_show_section (CF_WINDOW (root), "plans");
      break;
    case CF_STUDENT_PLACE_SIGNERS:
      if (CF_IS_WINDOW (root))
        cf_window_show_section (CF_WINDOW (root), "signers");
      break;
    case CF_STUDENT_PLACE_GRADES:
      gtk_widget_grab_focus (GTK_WIDGET (self->subjects_view));
      break;
    case CF_STUDENT_PLACE_STUDENT:
    default:
      _cf_certs_page_toast (self, _("This value comes from the school system: correct it there and import the export again."));
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Setting up and tearing down                                         */
/* ------------------------------------------------------------------ */

void
_cf_certs_page_setup_detail (CfCertsPage *self)
{
  self->preview = CF_PREVIEW_VIEW (g_object_new (CF_TYPE_PREVIEW_VIEW,
                                                 "context", self->context,
                                                 NULL));
  cf_preview_view_set_compact (self->preview, TRUE);
  g_signal_connect_object (cf_context_get_plan_session (self->context), "loaded",
                           G_CALLBACK (on_plans_loaded_cb), self, 0);
  {
    /* The flap folds on its children's minimum width at their minimum
     * height, and the view's toolbar is wide there: in a scrolled window
     * the view keeps a fixed minimum, scrolling its toolbar sideways in the
     * few widths where it would not fit. */
    GtkWidget *frame = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (frame), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    /* The compact toolbar (zoom steps in its menu) at its natural width:
     * with the list at 320 px the preview stays beside the detail at
     * 1200 px. */
    gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (frame), 390);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (frame), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (frame), GTK_WIDGET (self->preview));
    adw_flap_set_flap (self->detail_flap, frame);
  }

  setup_observations (self);
  self->grades = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->grade_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->grades)));
  gtk_single_selection_set_autoselect (self->grade_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->grade_selection, TRUE);
  gtk_column_view_set_model (self->subjects_view, GTK_SELECTION_MODEL (self->grade_selection));

  add_column (self, _("Subject"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_subject_cb), TRUE);
  add_column (self, _("Cycle"), G_CALLBACK (setup_cycle_cb), G_CALLBACK (bind_cycle_cb), FALSE);
  add_column (self, _("Grade"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_grade_cb), FALSE);
  add_column (self, _("Observation"), G_CALLBACK (setup_observation_cb), G_CALLBACK (bind_observation_cb), TRUE);
}

void
_cf_certs_page_dispose_detail (CfCertsPage *self)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_pointer (&self->detail, cf_cert_row_free);
  g_clear_pointer (&self->preview_signer, cf_certs_signer_free);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  if (self->subjects_view != NULL)
    gtk_column_view_set_model (self->subjects_view, NULL);
  g_clear_object (&self->grade_selection);
  g_clear_object (&self->grades);
  g_clear_pointer (&self->observation_codes, g_ptr_array_unref);
  g_clear_object (&self->observation_names);
}
