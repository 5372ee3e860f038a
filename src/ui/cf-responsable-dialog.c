/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-catalog.h"
#include "cf-responsable-dialog.h"
#include "cf-signer-name.h"

struct _CfResponsableDialog
{
  AdwWindow            parent_instance;

  CfStore             *store;
  CfCertificate       *certificate;
  CfSignerResponsable *responsable;    /* as read */
  GPtrArray           *cargo_codes;    /* the combo's codes, in its order */
  GPtrArray           *campus_checks;  /* GtkCheckButton, data "cf-campus" */
  GCancellable        *cancellable;
  gboolean             saving;

  AdwToastOverlay     *toast_overlay;
  AdwPreferencesPage  *form;
  AdwComboRow         *cargo_row;
  AdwEntryRow         *nombre_row;
  AdwEntryRow         *primer_row;
  AdwEntryRow         *segundo_row;
  AdwPreferencesGroup *campus_group;
  GtkSwitch           *every_campus_switch;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (CfResponsableDialog, cf_responsable_dialog, ADW_TYPE_WINDOW)

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static guint
count_checked (CfResponsableDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->campus_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->campus_checks, i)))
      n++;
  return n;
}

/* Save only what the store would take: the whole name or none (the
 * certificate's), and some campus. */
static void
update_state (CfResponsableDialog *self)
{
  const char *nombre = gtk_editable_get_text (GTK_EDITABLE (self->nombre_row));
  const char *primer = gtk_editable_get_text (GTK_EDITABLE (self->primer_row));
  const char *segundo = gtk_editable_get_text (GTK_EDITABLE (self->segundo_row));
  gboolean every = gtk_switch_get_active (self->every_campus_switch);
  gboolean name_ok = is_blank (nombre) ? is_blank (primer) && is_blank (segundo) : !is_blank (primer);
  gboolean campus_ok = every || count_checked (self) > 0;

  if (!is_blank (nombre) && is_blank (primer))
    gtk_widget_add_css_class (GTK_WIDGET (self->primer_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->primer_row), "error");
  if (is_blank (nombre) && !(is_blank (primer) && is_blank (segundo)))
    gtk_widget_add_css_class (GTK_WIDGET (self->nombre_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->nombre_row), "error");

  for (guint i = 0; i < self->campus_checks->len; i++)
    gtk_widget_set_sensitive (g_object_get_data (g_ptr_array_index (self->campus_checks, i), "cf-row"), !every);

  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !self->saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "responsable.save",
                                 name_ok && campus_ok && !self->saving);
}

static void
on_changed_cb (CfResponsableDialog *self)
{
  update_state (self);
}

static void
set_name (CfResponsableDialog *self,
          const char          *nombre,
          const char          *primer,
          const char          *segundo)
{
  gtk_editable_set_text (GTK_EDITABLE (self->nombre_row), nombre);
  gtk_editable_set_text (GTK_EDITABLE (self->primer_row), primer);
  gtk_editable_set_text (GTK_EDITABLE (self->segundo_row), segundo);
}

static void
name_from_certificate_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  CfResponsableDialog *self = CF_RESPONSABLE_DIALOG (widget);
  g_autofree char *name = cf_signer_name_normalize (cf_certificate_get_name (self->certificate));
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;

  cf_signer_name_split (name, &nombre, &primer, &segundo);
  set_name (self, nombre, primer, segundo);
}

/* ---- Saving ---- */

typedef struct
{
  GWeakRef dialog;
} Pending;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(CfResponsableDialog) self = g_weak_ref_get (&pending->dialog);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_weak_ref_clear (&pending->dialog);
  g_free (pending);
  ok = cf_signer_repo_set_responsable_finish (CF_STORE (source), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (ok)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  update_state (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CfResponsableDialog *self = CF_RESPONSABLE_DIALOG (widget);
  g_autoptr(CfSignerResponsable) values = cf_responsable_dialog_dup_values (self);
  Pending *pending;

  if (self->saving)
    return;
  self->saving = TRUE;
  update_state (self);
  pending = g_new0 (Pending, 1);
  g_weak_ref_init (&pending->dialog, self);
  cf_signer_repo_set_responsable_async (self->store, self->responsable->certificate_number, values,
                                        self->cancellable, on_saved_cb, pending);
}

/* ---- Building the form ---- */

static void
fill_cargos (CfResponsableDialog *self)
{
  g_autoptr(GPtrArray) entries = cf_catalog_list (CF_CATALOG_CARGO, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CfCatalogEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = cf_catalog_entry_dup_name (entry);

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->cargo_codes, g_strdup (cf_catalog_entry_get_code (entry)));
      if (g_strcmp0 (cf_catalog_entry_get_code (entry), self->responsable->id_cargo) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->cargo_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->cargo_row, selected);
}

static void
fill_campuses (CfResponsableDialog *self,
               const char * const  *known,
               const char * const  *names)
{
  gboolean every = self->responsable->campuses == NULL || self->responsable->campuses[0] == NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  /* The known ones, then any the signer has that nobody knows now. */
  for (guint i = 0; known != NULL && known[i] != NULL; i++)
    g_ptr_array_add (ids, (gpointer) known[i]);
  for (guint i = 0; self->responsable->campuses != NULL && self->responsable->campuses[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (ids, self->responsable->campuses[i], g_str_equal, NULL))
      g_ptr_array_add (ids, self->responsable->campuses[i]);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *name = known != NULL && names != NULL && i < g_strv_length ((GStrv) known) ? names[i] : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), id);
      if (name != NULL && *name != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
      else if (known == NULL || !g_strv_contains (known, id))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not in the study plans nor in Preferences"));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   !every && g_strv_contains ((const char * const *) self->responsable->campuses, id));
      g_object_set_data_full (G_OBJECT (check), "cf-campus", g_strdup (id), g_free);
      g_object_set_data (G_OBJECT (check), "cf-row", row);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "notify::active", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->campus_group, row);
      g_ptr_array_add (self->campus_checks, check);
    }

  gtk_switch_set_active (self->every_campus_switch, every);
  if (ids->len == 0)
    {
      /* Nothing to choose from yet: every campus it is. */
      gtk_switch_set_active (self->every_campus_switch, TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->every_campus_switch), FALSE);
      adw_preferences_group_set_description (self->campus_group,
                                             _("No campus is known yet: the campuses come from the study plans and Preferences. Until then the signer signs for every campus."));
    }
}

/* ---- GObject ---- */

static void
cf_responsable_dialog_dispose (GObject *object)
{
  CfResponsableDialog *self = CF_RESPONSABLE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_RESPONSABLE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->campus_checks, g_ptr_array_unref);

  G_OBJECT_CLASS (cf_responsable_dialog_parent_class)->dispose (object);
}

static void
cf_responsable_dialog_finalize (GObject *object)
{
  CfResponsableDialog *self = CF_RESPONSABLE_DIALOG (object);

  g_clear_pointer (&self->responsable, cf_signer_responsable_free);
  g_clear_pointer (&self->cargo_codes, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cf_responsable_dialog_parent_class)->finalize (object);
}

static void
cf_responsable_dialog_class_init (CfResponsableDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_responsable_dialog_dispose;
  object_class->finalize = cf_responsable_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/cf-responsable-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, form);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, cargo_row);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, nombre_row);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, primer_row);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, segundo_row);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, campus_group);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, every_campus_switch);
  gtk_widget_class_bind_template_child (widget_class, CfResponsableDialog, save_button);

  gtk_widget_class_install_action (widget_class, "responsable.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "responsable.name-from-certificate", NULL,
                                   name_from_certificate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cf_responsable_dialog_init (CfResponsableDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->cargo_codes = g_ptr_array_new_with_free_func (g_free);
  self->campus_checks = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/* ---- Public API ---- */

CfResponsableDialog *
cf_responsable_dialog_new (GtkWindow                 *parent,
                           CfStore                   *store,
                           CfCertificate             *certificate,
                           const CfSignerResponsable *responsable,
                           const char * const        *known_campuses,
                           const char * const        *campus_names)
{
  CfResponsableDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CF_IS_STORE (store), NULL);
  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (responsable != NULL, NULL);

  self = g_object_new (CF_TYPE_RESPONSABLE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->certificate = g_object_ref (certificate);
  self->responsable = cf_signer_responsable_copy (responsable);

  fill_cargos (self);
  set_name (self, responsable->nombre, responsable->primer_apellido, responsable->segundo_apellido);
  fill_campuses (self, known_campuses, campus_names);

  g_signal_connect_object (self->nombre_row, "changed", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->primer_row, "changed", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segundo_row, "changed", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->every_campus_switch, "notify::active", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  return self;
}

CfSignerResponsable *
cf_responsable_dialog_dup_values (CfResponsableDialog *self)
{
  CfSignerResponsable *values;
  guint selected;
  g_autoptr(GPtrArray) campuses = g_ptr_array_new ();

  g_return_val_if_fail (CF_IS_RESPONSABLE_DIALOG (self), NULL);

  values = cf_signer_responsable_copy (self->responsable);
  selected = adw_combo_row_get_selected (self->cargo_row);
  g_free (values->id_cargo);
  values->id_cargo = g_strdup (selected < self->cargo_codes->len
                               ? g_ptr_array_index (self->cargo_codes, selected) : "");
  g_free (values->nombre);
  values->nombre = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->nombre_row)));
  g_free (values->primer_apellido);
  values->primer_apellido = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->primer_row)));
  g_free (values->segundo_apellido);
  values->segundo_apellido = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->segundo_row)));

  if (!gtk_switch_get_active (self->every_campus_switch))
    for (guint i = 0; i < self->campus_checks->len; i++)
      if (gtk_check_button_get_active (g_ptr_array_index (self->campus_checks, i)))
        g_ptr_array_add (campuses, g_strdup (g_object_get_data (g_ptr_array_index (self->campus_checks, i),
                                                                "cf-campus")));
  g_ptr_array_add (campuses, NULL);
  g_strfreev (values->campuses);
  values->campuses = (GStrv) g_ptr_array_free (g_steal_pointer (&campuses), FALSE);
  return values;
}

gboolean
cf_responsable_dialog_is_saving (CfResponsableDialog *self)
{
  g_return_val_if_fail (CF_IS_RESPONSABLE_DIALOG (self), FALSE);

  return self->saving;
}
