/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-signers-page.c: a group per campus (signer, their CURP and
 * validity, position, e-mail), filled in place from the incorporation's
 * values and the signer repository; only the signers that may sign for a
 * campus (cf_inc_fields_check_signer) are offered. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-catalog.h"
#include "cf-inc-fields.h"
#include "cf-inc-signers-page.h"
#include "cf-signer-repo.h"
#include "cf-signer-status.h"

struct _CfIncSignersPage
{
  CfIncPage             parent_instance;

  GtkBox               *campuses;
  GtkLabel             *no_campus_label;
  GtkLabel             *add_error;
  GtkLabel             *unfit_label;

  GPtrArray            *signers;    /* CfCertificate that may sign, the combo's order after "not chosen" */
  GPtrArray            *cargos;     /* CfCatalogEntry, idCargo in file order */
  GtkFileChooserNative *chooser;
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (CfIncSignersPage, cf_inc_signers_page, CF_TYPE_INC_PAGE)

static CfIncorporation *
inc_of (CfIncSignersPage *self)
{
  return cf_inc_page_get_incorporation (CF_INC_PAGE (self));
}

static guint
index_of (gpointer object)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (object), "cf-campus"));
}

/* The campus's signer when it is one that may sign, else NULL. */
static CfCertificate *
campus_signer (CfIncSignersPage *self,
               guint             i,
               guint            *position)
{
  const char *number = cf_incorporation_get_campus_value (inc_of (self), i, "signer");

  for (guint s = 0; number != NULL && s < self->signers->len; s++)
    if (g_strcmp0 (cf_certificate_get_number (g_ptr_array_index (self->signers, s)), number) == 0)
      {
        if (position != NULL)
          *position = s + 1;
        return g_ptr_array_index (self->signers, s);
      }
  if (position != NULL)
    *position = 0;
  return NULL;
}

static void
load_signers (CfIncSignersPage *self)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  guint unfit = 0;

  g_ptr_array_set_size (self->signers, 0);
  all = store != NULL ? cf_signer_repo_list (store, &error) : NULL;
  if (all == NULL && error != NULL)
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  for (guint s = 0; all != NULL && s < all->len; s++)
    {
      CfCertificate *certificate = g_ptr_array_index (all, s);

      if (cf_inc_fields_check_signer (certificate, NULL, NULL) == CF_INC_SIGNER_REFUSED)
        unfit++;
      else
        g_ptr_array_add (self->signers, g_object_ref (certificate));
    }
  if (unfit > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u signer in Firmantes is not offered: a CSD, expired, or ending within 30 days.",
                                      "%u signers in Firmantes are not offered: CSDs, expired, or ending within 30 days.",
                                      unfit),
                         unfit);

      gtk_label_set_label (self->unfit_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unfit_label), unfit > 0);
}

static void
add_missing (GString    *missing,
             const char *text)
{
  if (missing->len > 0)
    g_string_append_c (missing, '\n');
  g_string_append (missing, text);
}

static void
update (CfIncSignersPage *self)
{
  CfIncorporation *inc = inc_of (self);
  guint n = cf_incorporation_get_n_campuses (inc);
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->campuses));

  if (n == 0)
    add_missing (missing, _("Add a campus first (page Campus)."));
  for (guint i = 1; i <= n && group != NULL; i++, group = gtk_widget_get_next_sibling (group))
    {
      const char *email = cf_incorporation_get_campus_value (inc, i, "signer_email");
      g_autofree char *problem = cf_inc_fields_email_problem (email);
      GtkWidget *email_row = g_object_get_data (G_OBJECT (group), "cf-email-row");
      GtkLabel *reason = g_object_get_data (G_OBJECT (group), "cf-email-reason");
      g_autofree char *text = NULL;

      gtk_label_set_label (reason, problem != NULL ? problem : "");
      gtk_widget_set_visible (GTK_WIDGET (reason), problem != NULL);
      if (problem != NULL)
        gtk_widget_add_css_class (email_row, "error");
      else
        gtk_widget_remove_css_class (email_row, "error");

      if (campus_signer (self, i, NULL) == NULL)
        {
          text = g_strdup_printf (_("The person who signs for campus %u."), i);
          add_missing (missing, text);
        }
      else if (email == NULL || problem != NULL)
        {
          text = g_strdup_printf (email == NULL ? _("The e-mail of the person who signs for campus %u.")
                                                : _("The e-mail of the person who signs for campus %u is not valid."),
                                  i);
          add_missing (missing, text);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_campus_label), n == 0);
  cf_inc_page_set_missing (CF_INC_PAGE (self), missing->len > 0 ? missing->str : NULL);
  cf_inc_page_set_complete (CF_INC_PAGE (self), missing->len == 0);
}

/* The rows of campus @i's group from the values: which signer, their
 * CURP and validity, their position, the e-mail. */
static void
fill_group (CfIncSignersPage *self,
            GtkWidget        *group,
            guint             i)
{
  CfIncorporation *inc = inc_of (self);
  AdwComboRow *signer_row = g_object_get_data (G_OBJECT (group), "cf-signer-row");
  AdwActionRow *status_row = g_object_get_data (G_OBJECT (group), "cf-status-row");
  AdwComboRow *cargo_row = g_object_get_data (G_OBJECT (group), "cf-cargo-row");
  GtkWidget *email_row = g_object_get_data (G_OBJECT (group), "cf-email-row");
  const char *email = cf_incorporation_get_campus_value (inc, i, "signer_email");
  guint position = 0;
  CfCertificate *certificate = campus_signer (self, i, &position);
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  adw_combo_row_set_selected (signer_row, position);
  gtk_widget_set_visible (GTK_WIDGET (status_row), certificate != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (cargo_row), certificate != NULL);
  gtk_widget_set_sensitive (email_row, certificate != NULL);
  if (certificate != NULL)
    {
      g_autoptr(CfSignerResponsable) responsable =
        cf_signer_repo_get_responsable (cf_inc_page_get_store (CF_INC_PAGE (self)),
                                        cf_certificate_get_number (certificate), NULL);
      const char *curp = cf_certificate_get_curp (certificate);
      g_autofree char *reason = NULL;
      g_autofree char *until = cf_signer_format_date (cf_certificate_get_not_after (certificate));
      /* Translators: a person's CURP on the signer's row. */
      g_autofree char *title = g_strdup_printf (_("CURP %s"), curp != NULL && *curp != '\0' ? curp : "—");
      g_autofree char *valid = NULL;

      if (cf_inc_fields_check_signer (certificate, NULL, &reason) == CF_INC_SIGNER_EXPIRING)
        gtk_widget_add_css_class (GTK_WIDGET (status_row), "warning");
      else
        {
          gtk_widget_remove_css_class (GTK_WIDGET (status_row), "warning");
          /* Translators: a certificate number, then a date. */
          valid = g_strdup_printf (_("e.firma %s, valid until %s"), cf_certificate_get_number (certificate), until);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (status_row), title);
      adw_action_row_set_subtitle (status_row, reason != NULL ? reason : valid);
      for (guint c = 0; responsable != NULL && c < self->cargos->len; c++)
        if (g_strcmp0 (cf_catalog_entry_get_code (g_ptr_array_index (self->cargos, c)), responsable->id_cargo) == 0)
          adw_combo_row_set_selected (cargo_row, c);
    }
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (email_row)), email != NULL ? email : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (email_row), email != NULL ? email : "");
  self->loading = was_loading;
}

static void
fill_all (CfIncSignersPage *self)
{
  guint i = 1;

  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->campuses));
       group != NULL; group = gtk_widget_get_next_sibling (group))
    fill_group (self, group, i++);
  update (self);
}

/* A signer listed for some campuses only also covers this one now. */
static void
cover_campus (CfIncSignersPage *self,
              CfCertificate    *certificate,
              guint             i)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  const char *id = cf_incorporation_get_campus_value (inc_of (self), i, "id_campus");
  g_autoptr(CfSignerResponsable) responsable = NULL;
  g_autoptr(GStrvBuilder) campuses = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL || !cf_incorporation_is_valid_dgp_key (id))
    return;
  responsable = cf_signer_repo_get_responsable (store, cf_certificate_get_number (certificate), &error);
  if (responsable == NULL || cf_signer_responsable_covers (responsable, id))
    return;
  campuses = g_strv_builder_new ();
  g_strv_builder_addv (campuses, (const char **) responsable->campuses);
  g_strv_builder_add (campuses, id);
  g_strfreev (responsable->campuses);
  responsable->campuses = g_strv_builder_end (campuses);
  if (responsable->name_is_default)
    {
      g_free (responsable->nombre);
      responsable->nombre = g_strdup ("");
      g_free (responsable->primer_apellido);
      responsable->primer_apellido = g_strdup ("");
      g_free (responsable->segundo_apellido);
      responsable->segundo_apellido = g_strdup ("");
    }
  responsable->row_version = 0;
  if (!cf_signer_repo_set_responsable (store, cf_certificate_get_number (certificate), responsable, &error))
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
}

/* The e-mail to start from for @certificate on campus @i: the one typed
 * for the same person on another campus, else the certificate's. */
static const char *
email_for (CfIncSignersPage *self,
           guint             i,
           CfCertificate    *certificate)
{
  CfIncorporation *inc = inc_of (self);
  guint n = cf_incorporation_get_n_campuses (inc);

  for (guint j = 1; j <= n; j++)
    {
      const char *email = cf_incorporation_get_campus_value (inc, j, "signer_email");

      if (j != i && email != NULL &&
          g_strcmp0 (cf_incorporation_get_campus_value (inc, j, "signer"), cf_certificate_get_number (certificate)) == 0)
        return email;
    }
  return cf_certificate_get_email (certificate);
}

static void
choose_signer (CfIncSignersPage *self,
               guint             i,
               CfCertificate    *certificate)
{
  g_autofree char *key = g_strdup_printf ("campus.%u.signer", i);
  g_autofree char *email_key = g_strdup_printf ("campus.%u.%s", i, "signer_email");
  const char *number = certificate != NULL ? cf_certificate_get_number (certificate) : NULL;
  const char *before = cf_incorporation_get_value (inc_of (self), key);
  g_autofree char *email = NULL;

  /* Another person: the e-mail typed was the previous one's. */
  if (g_strcmp0 (before, number) != 0 || cf_incorporation_get_value (inc_of (self), email_key) == NULL)
    email = g_strdup (certificate != NULL ? email_for (self, i, certificate) : NULL);
  else
    email = g_strdup (cf_incorporation_get_value (inc_of (self), email_key));
  if (!cf_inc_page_save_value (CF_INC_PAGE (self), key, number))
    return;
  cf_inc_page_save_value (CF_INC_PAGE (self), email_key, email);
  if (certificate != NULL)
    cover_campus (self, certificate, i);
}

static void
on_signer_selected_cb (AdwComboRow      *row,
                       GParamSpec       *pspec,
                       CfIncSignersPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading)
    return;
  choose_signer (self, index_of (row),
                 selected > 0 && selected <= self->signers->len ? g_ptr_array_index (self->signers, selected - 1) : NULL);
  fill_all (self);
}

static void
on_cargo_selected_cb (AdwComboRow      *row,
                      GParamSpec       *pspec,
                      CfIncSignersPage *self)
{
  CfStore *store = cf_inc_page_get_store (CF_INC_PAGE (self));
  guint selected = adw_combo_row_get_selected (row);
  CfCertificate *certificate = campus_signer (self, index_of (row), NULL);
  g_autoptr(CfSignerResponsable) responsable = NULL;
  g_autoptr(GError) error = NULL;

  if (self->loading || certificate == NULL || selected >= self->cargos->len)
    return;
  responsable = cf_signer_repo_get_responsable (store, cf_certificate_get_number (certificate), &error);
  if (responsable != NULL)
    {
      g_free (responsable->id_cargo);
      responsable->id_cargo = g_strdup (cf_catalog_entry_get_code (g_ptr_array_index (self->cargos, selected)));
      if (responsable->name_is_default)
        {
          g_free (responsable->nombre);
          responsable->nombre = g_strdup ("");
          g_free (responsable->primer_apellido);
          responsable->primer_apellido = g_strdup ("");
          g_free (responsable->segundo_apellido);
          responsable->segundo_apellido = g_strdup ("");
        }
      responsable->row_version = 0;
      cf_signer_repo_set_responsable (store, cf_certificate_get_number (certificate), responsable, &error);
    }
  if (error != NULL)
    cf_inc_page_show_toast (CF_INC_PAGE (self), error->message);
  /* The same person on other campuses shows the new position too. */
  fill_all (self);
}

static void
on_email_changed_cb (GtkEditable      *editable,
                     CfIncSignersPage *self)
{
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  g_autofree char *key = g_strdup_printf ("campus.%u.signer_email", index_of (editable));

  if (self->loading)
    return;
  cf_inc_page_save_value (CF_INC_PAGE (self), key, value);
  update (self);
}

static GtkWidget *
campus_group (CfIncSignersPage *self,
              guint             i)
{
  CfIncorporation *inc = inc_of (self);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *signer_row = adw_combo_row_new ();
  GtkWidget *status_row = adw_action_row_new ();
  GtkWidget *cargo_row = adw_combo_row_new ();
  GtkWidget *email_row = adw_entry_row_new ();
  GtkWidget *reason = gtk_label_new (NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) cargos = gtk_string_list_new (NULL);
  const char *name = cf_incorporation_get_campus_value (inc, i, "nombre");
  g_autofree char *title = name != NULL
    /* Translators: a campus's number and name. */
    ? g_strdup_printf (_("Campus %u — %s"), i, name)
    : g_strdup_printf (_("Campus %u"), i);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  gtk_string_list_append (names, _("Not chosen"));
  for (guint s = 0; s < self->signers->len; s++)
    {
      CfCertificate *certificate = g_ptr_array_index (self->signers, s);
      gtk_string_list_append (names, cf_certificate_get_name (certificate));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (signer_row), _("Signer"));
  adw_combo_row_set_model (ADW_COMBO_ROW (signer_row), G_LIST_MODEL (names));
  /* A full name does not fit beside the title. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (signer_row), TRUE);
  g_object_set_data (G_OBJECT (signer_row), "cf-campus", GUINT_TO_POINTER (i));
  g_signal_connect (signer_row, "notify::selected", G_CALLBACK (on_signer_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), signer_row);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), status_row);

  for (guint c = 0; c < self->cargos->len; c++)
    gtk_string_list_append (cargos, cf_catalog_entry_get_description (g_ptr_array_index (self->cargos, c)));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cargo_row), _("Position (idCargo)"));
  adw_combo_row_set_model (ADW_COMBO_ROW (cargo_row), G_LIST_MODEL (cargos));
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (cargo_row), TRUE);
  g_object_set_data (G_OBJECT (cargo_row), "cf-campus", GUINT_TO_POINTER (i));
  g_signal_connect (cargo_row, "notify::selected", G_CALLBACK (on_cargo_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cargo_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (email_row), _("Signer’s e-mail"));
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (reason), 22);
  gtk_label_set_max_width_chars (GTK_LABEL (reason), 30);
  gtk_label_set_xalign (GTK_LABEL (reason), 1);
  gtk_widget_add_css_class (reason, "error");
  gtk_widget_add_css_class (reason, "caption");
  gtk_widget_set_visible (reason, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (email_row), reason);
  g_object_set_data (G_OBJECT (email_row), "cf-campus", GUINT_TO_POINTER (i));
  g_signal_connect (email_row, "changed", G_CALLBACK (on_email_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), email_row);

  g_object_set_data (G_OBJECT (group), "cf-signer-row", signer_row);
  g_object_set_data (G_OBJECT (group), "cf-status-row", status_row);
  g_object_set_data (G_OBJECT (group), "cf-cargo-row", cargo_row);
  g_object_set_data (G_OBJECT (group), "cf-email-row", email_row);
  g_object_set_data (G_OBJECT (group), "cf-email-reason", reason);
  return group;
}

static void
rebuild (CfIncSignersPage *self)
{
  guint n = cf_incorporation_get_n_campuses (inc_of (self));
  GtkWidget *child;

  self->loading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->campuses))) != NULL)
    gtk_box_remove (self->campuses, child);
  for (guint i = 1; i <= n; i++)
    gtk_box_append (self->campuses, campus_group (self, i));
  self->loading = FALSE;
  fill_all (self);
}

gboolean
cf_inc_signers_page_add_cer (CfIncSignersPage *self,
                             GFile            *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CfCertificate) certificate = NULL;
  g_autofree char *name = NULL;
  guint n;

  g_return_val_if_fail (CF_IS_INC_SIGNERS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL)
    certificate = cf_inc_fields_import_signer (cf_inc_page_get_store (CF_INC_PAGE (self)), bytes, &error);
  if (certificate == NULL)
    {
      g_autofree char *basename = g_file_get_basename (file);
      /* Translators: a file name, then why it was not added (a sentence). */
      g_autofree char *text = g_strdup_printf (_("“%s” was not added. %s"), basename, error->message);

      gtk_label_set_label (self->add_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->add_error), TRUE);
      return FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), FALSE);
  load_signers (self);
  /* Given to the first campus still without a signer. */
  n = cf_incorporation_get_n_campuses (inc_of (self));
  for (guint i = 1; i <= n; i++)
    if (campus_signer (self, i, NULL) == NULL)
      {
        choose_signer (self, i, certificate);
        break;
      }
  rebuild (self);
  name = g_strdup_printf (_("%s added"), cf_certificate_get_name (certificate));
  cf_inc_page_show_toast (CF_INC_PAGE (self), name);
  return TRUE;
}

static void
on_chooser_response_cb (CfIncSignersPage *self,
                        int               response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    cf_inc_signers_page_add_cer (self, file);
}

static void
on_add_clicked_cb (CfIncSignersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Add a Signer’s e.firma"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("e.firma certificates (.cer)"));
  gtk_file_filter_add_suffix (filter, "cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cf_inc_signers_page_shown (CfIncPage *page)
{
  CfIncSignersPage *self = CF_INC_SIGNERS_PAGE (page);

  /* Firmantes or the Campus page may have changed since. */
  load_signers (self);
  rebuild (self);
}

static void
cf_inc_signers_page_constructed (GObject *object)
{
  CfIncSignersPage *self = CF_INC_SIGNERS_PAGE (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (cf_inc_signers_page_parent_class)->constructed (object);
  cf_inc_page_set_title (CF_INC_PAGE (self), _("Signers per Campus"));
  cf_inc_page_set_stage (CF_INC_PAGE (self), CF_INCORPORATION_STAGE_REGISTRO);

  self->cargos = cf_catalog_list (CF_CATALOG_CARGO, &error);
  if (self->cargos == NULL)
    {
      g_warning ("The idCargo catalog: %s", error->message);
      self->cargos = g_ptr_array_new ();
    }
  g_ptr_array_set_free_func (self->cargos, (GDestroyNotify) cf_catalog_entry_unref);
  for (guint c = 0; c < self->cargos->len; c++)
    cf_catalog_entry_ref (g_ptr_array_index (self->cargos, c));
  load_signers (self);
  rebuild (self);
}

static void
cf_inc_signers_page_dispose (GObject *object)
{
  CfIncSignersPage *self = CF_INC_SIGNERS_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), CF_TYPE_INC_SIGNERS_PAGE);
  g_clear_pointer (&self->signers, g_ptr_array_unref);
  g_clear_pointer (&self->cargos, g_ptr_array_unref);
  G_OBJECT_CLASS (cf_inc_signers_page_parent_class)->dispose (object);
}

static void
cf_inc_signers_page_class_init (CfIncSignersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cf_inc_signers_page_constructed;
  object_class->dispose = cf_inc_signers_page_dispose;
  CF_INC_PAGE_CLASS (klass)->shown = cf_inc_signers_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/certifica/Certifica/incorporation/cf-inc-signers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CfIncSignersPage, campuses);
  gtk_widget_class_bind_template_child (widget_class, CfIncSignersPage, no_campus_label);
  gtk_widget_class_bind_template_child (widget_class, CfIncSignersPage, add_error);
  gtk_widget_class_bind_template_child (widget_class, CfIncSignersPage, unfit_label);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
}

static void
cf_inc_signers_page_init (CfIncSignersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->signers = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
cf_inc_signers_page_new (CfContext       *context,
                         CfIncorporation *incorporation)
{
  return g_object_new (CF_TYPE_INC_SIGNERS_PAGE, "context", context, "incorporation", incorporation, NULL);
}
