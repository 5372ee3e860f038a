/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "cf-accessible.h"
#include "cf-catalog.h"
#include "cf-signer-row.h"
#include "cf-signer-status.h"

struct _CfSignerRow
{
  GtkListBoxRow     parent_instance;

  CfCertificate    *certificate;
  guint             warning_days;
  CfSignerKeyState  key_state;
  CfSignerResponsable *responsable;

  AdwAvatar        *avatar;
  GtkLabel         *name_label;
  GtkLabel         *kind_label;
  GtkWidget        *validity_box;
  GtkImage         *validity_icon;
  GtkLabel         *validity_label;
  GtkWidget        *trust_box;
  GtkImage         *trust_icon;
  GtkLabel         *trust_label;
  GtkLabel         *rfc_label;
  GtkLabel         *curp_label;
  GtkLabel         *number_label;
  GtkLabel         *dates_label;
  GtkLabel         *issuer_label;
  GtkImage         *key_icon;
  GtkLabel         *key_label;
  GtkWidget        *menu_button;
  GtkWidget        *responsable_box;
  GtkLabel         *responsable_name_label;
  GtkLabel         *responsable_parts_label;
  GtkLabel         *cargo_label;
  GtkLabel         *campuses_label;
};

G_DEFINE_FINAL_TYPE (CfSignerRow, cf_signer_row, GTK_TYPE_LIST_BOX_ROW)

/* A company's e.firma carries the legal representative's RFC and CURP
 * after the company's own (SAT writes "RFC / RFC"): show both, once each. */
static char *
join_with_representative (const char *holder,
                          const char *representative)
{
  gboolean has_holder = holder != NULL && holder[0] != '\0';
  gboolean has_representative = representative != NULL && representative[0] != '\0';

  if (has_holder && has_representative && g_strcmp0 (holder, representative) != 0)
    /* Translators: an RFC or CURP, then the legal representative's */
    return g_strdup_printf (_("%s (representative: %s)"), holder, representative);
  if (has_holder)
    return g_strdup (holder);
  if (has_representative)
    return g_strdup (representative);
  return g_strdup ("—");
}

static void
update_validity (CfSignerRow *self)
{
  GDateTime *not_before = cf_certificate_get_not_before (self->certificate);
  GDateTime *not_after = cf_certificate_get_not_after (self->certificate);
  g_autofree char *text = NULL;
  const char *icon_name;
  const char *css_class;

  text = cf_signer_validity_describe (not_before, not_after, NULL, self->warning_days);

  /* An icon and the words carry the meaning; the colour only helps. */
  switch (cf_signer_validity_from_dates (not_before, not_after, NULL, self->warning_days, NULL))
    {
    case CF_SIGNER_VALIDITY_EXPIRED:
      icon_name = "dialog-error-symbolic";
      css_class = "error";
      break;
    case CF_SIGNER_VALIDITY_NOT_YET_VALID:
    case CF_SIGNER_VALIDITY_EXPIRING:
      icon_name = "dialog-warning-symbolic";
      css_class = "warning";
      break;
    case CF_SIGNER_VALIDITY_VALID:
    default:
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      break;
    }

  gtk_image_set_from_icon_name (self->validity_icon, icon_name);
  gtk_label_set_label (self->validity_label, text);
  gtk_widget_remove_css_class (self->validity_box, "error");
  gtk_widget_remove_css_class (self->validity_box, "warning");
  gtk_widget_remove_css_class (self->validity_box, "success");
  gtk_widget_add_css_class (self->validity_box, css_class);
}

static void
update_key_state (CfSignerRow *self)
{
  const char *icon_name = NULL;
  const char *text = NULL;
  gboolean stored = FALSE;

  switch (self->key_state)
    {
    case CF_SIGNER_KEY_CHECKING:
      icon_name = "content-loading-symbolic";
      text = _("Looking in the keyring…");
      break;
    case CF_SIGNER_KEY_ABSENT:
      icon_name = "dialog-password-symbolic";
      text = _("Not in the keyring: choose the .key file when it is needed");
      break;
    case CF_SIGNER_KEY_STORED:
      icon_name = "security-high-symbolic";
      text = _("Kept in the keyring; the password is asked each time");
      stored = TRUE;
      break;
    case CF_SIGNER_KEY_STORED_WITH_PASSWORD:
      icon_name = "security-high-symbolic";
      text = _("Kept in the keyring with its password");
      stored = TRUE;
      break;
    case CF_SIGNER_KEY_NO_KEYRING:
    default:
      icon_name = "dialog-warning-symbolic";
      text = _("No keyring available: choose the .key file when it is needed");
      break;
    }

  gtk_image_set_from_icon_name (self->key_icon, icon_name);
  gtk_label_set_label (self->key_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.forget-key", stored);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.store-key",
                                 self->key_state != CF_SIGNER_KEY_NO_KEYRING);
}

/* The row only forwards its verbs to the page, which owns the logic. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CfSignerRow *self = CF_SIGNER_ROW (widget);
  const char *verb = strchr (action_name, '.') + 1;
  g_autofree char *page_action = g_strconcat ("signers.", verb, NULL);

  gtk_widget_activate_action (widget, page_action, "s",
                              cf_certificate_get_number (self->certificate));
}

static void
cf_signer_row_dispose (GObject *object)
{
  CfSignerRow *self = CF_SIGNER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CF_TYPE_SIGNER_ROW);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->responsable, cf_signer_responsable_free);

  G_OBJECT_CLASS (cf_signer_row_parent_class)->dispose (object);
}

static void
cf_signer_row_class_init (CfSignerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cf_signer_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/certifica/Certifica/cf-signer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, trust_box);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, trust_icon);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, trust_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, validity_box);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, validity_icon);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, validity_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, rfc_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, curp_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, dates_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, key_icon);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, key_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, responsable_box);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, responsable_name_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, responsable_parts_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, cargo_label);
  gtk_widget_class_bind_template_child (widget_class, CfSignerRow, campuses_label);

  gtk_widget_class_install_action (widget_class, "row.edit-responsable", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.verify-key", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.store-key", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.forget-key", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, forward_action);
}

static void
cf_signer_row_init (CfSignerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cf_accessible_fix_mnemonic_buttons (GTK_WIDGET (self));
  self->key_state = CF_SIGNER_KEY_CHECKING;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.edit-responsable", FALSE);
}

GtkWidget *
cf_signer_row_new (CfCertificate *certificate,
                   guint          warning_days)
{
  CfSignerRow *self;
  g_autofree char *rfc = NULL;
  g_autofree char *curp = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *menu_label = NULL;

  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), NULL);

  self = g_object_new (CF_TYPE_SIGNER_ROW, NULL);
  self->certificate = g_object_ref (certificate);
  self->warning_days = warning_days;

  rfc = join_with_representative (cf_certificate_get_rfc (certificate),
                                  cf_certificate_get_representative_rfc (certificate));
  curp = join_with_representative (cf_certificate_get_curp (certificate),
                                   cf_certificate_get_representative_curp (certificate));
  start = cf_signer_format_date (cf_certificate_get_not_before (certificate));
  end = cf_signer_format_date (cf_certificate_get_not_after (certificate));
  /* Translators: a validity period, "May 16, 2017 – May 15, 2021" */
  dates = g_strdup_printf (_("%s – %s"), start, end);

  adw_avatar_set_text (self->avatar, cf_certificate_get_name (certificate));
  gtk_label_set_label (self->name_label, cf_certificate_get_name (certificate));
  gtk_label_set_label (self->kind_label, cf_efirma_kind_get_label (cf_certificate_get_kind (certificate)));
  gtk_label_set_label (self->rfc_label, rfc);
  gtk_label_set_label (self->curp_label, curp);
  gtk_label_set_label (self->number_label, cf_certificate_get_number (certificate));
  gtk_label_set_label (self->dates_label, dates);
  gtk_label_set_label (self->issuer_label, cf_certificate_get_issuer (certificate));

  /* Icon-only: say what and whose. */
  menu_label = g_strdup_printf (_("Actions for %s"), cf_certificate_get_name (certificate));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, menu_label,
                                  -1);

  update_validity (self);
  update_key_state (self);

  return GTK_WIDGET (self);
}

CfCertificate *
cf_signer_row_get_certificate (CfSignerRow *self)
{
  g_return_val_if_fail (CF_IS_SIGNER_ROW (self), NULL);

  return self->certificate;
}

void
cf_signer_row_set_warning_days (CfSignerRow *self,
                                guint        warning_days)
{
  g_return_if_fail (CF_IS_SIGNER_ROW (self));

  if (self->warning_days == warning_days)
    return;
  self->warning_days = warning_days;
  update_validity (self);
}

CfSignerKeyState
cf_signer_row_get_key_state (CfSignerRow *self)
{
  g_return_val_if_fail (CF_IS_SIGNER_ROW (self), CF_SIGNER_KEY_CHECKING);

  return self->key_state;
}

void
cf_signer_row_set_key_state (CfSignerRow      *self,
                             CfSignerKeyState  state)
{
  g_return_if_fail (CF_IS_SIGNER_ROW (self));

  if (self->key_state == state)
    return;
  self->key_state = state;
  update_key_state (self);
}

void
cf_signer_row_set_trust (CfSignerRow   *self,
                         CfTrustResult  result,
                         const char    *reason)
{
  g_return_if_fail (CF_IS_SIGNER_ROW (self));

  gtk_widget_remove_css_class (self->trust_box, "error");
  gtk_widget_remove_css_class (self->trust_box, "warning");
  gtk_widget_set_tooltip_text (self->trust_box, NULL);

  switch (result)
    {
    case CF_TRUST_TRUSTED_TEST:
      gtk_image_set_from_icon_name (self->trust_icon, "dialog-warning-symbolic");
      gtk_label_set_label (self->trust_label,
                           _("Test certificate: issued by SAT for trials, what it signs has no legal value"));
      gtk_widget_add_css_class (self->trust_box, "warning");
      break;
    case CF_TRUST_NOT_TRUSTED:
      gtk_image_set_from_icon_name (self->trust_icon, "dialog-error-symbolic");
      gtk_label_set_label (self->trust_label,
                           _("Not issued by SAT nor by a certificate authority you trust: it cannot seal"));
      gtk_widget_set_tooltip_text (self->trust_box, reason);
      gtk_widget_add_css_class (self->trust_box, "error");
      break;
    case CF_TRUST_TRUSTED:
    default:
      break;
    }
  gtk_widget_set_visible (self->trust_box, result != CF_TRUST_TRUSTED);
}

/* "090101 Único, 090205 Norte"; @with_names FALSE: the ids alone. */
static char *
describe_campuses (const char * const *ids,
                   const char * const *known,
                   const char * const *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *name = NULL;

      for (guint k = 0; known != NULL && names != NULL && known[k] != NULL; k++)
        if (g_str_equal (known[k], ids[i]))
          name = names[k];
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, ids[i]);
      if (name != NULL && *name != '\0')
        g_string_append_printf (text, " %s", name);
    }
  return g_string_free (text, FALSE);
}

void
cf_signer_row_set_responsable (CfSignerRow               *self,
                               const CfSignerResponsable *responsable,
                               const char * const        *known_campuses,
                               const char * const        *campus_names)
{
  g_autofree char *full_name = NULL;
  g_autofree char *parts = NULL;
  g_autofree char *cargo = NULL;
  g_autofree char *campuses = NULL;
  CfCatalogEntry *entry;

  g_return_if_fail (CF_IS_SIGNER_ROW (self));

  g_clear_pointer (&self->responsable, cf_signer_responsable_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.edit-responsable", responsable != NULL);
  gtk_widget_set_visible (self->responsable_box, responsable != NULL);
  if (responsable == NULL)
    return;
  self->responsable = cf_signer_responsable_copy (responsable);

  full_name = cf_signer_responsable_dup_full_name (responsable);
  if (responsable->name_is_default)
    /* Translators: the parts of a name split from the e.firma; the registrar should check them */
    parts = g_strdup_printf (_("Given names: %s · First surname: %s · Second surname: %s (split from the e.firma: check it)"),
                             responsable->nombre, responsable->primer_apellido,
                             *responsable->segundo_apellido != '\0' ? responsable->segundo_apellido : "—");
  else
    parts = g_strdup_printf (_("Given names: %s · First surname: %s · Second surname: %s"),
                             responsable->nombre, responsable->primer_apellido,
                             *responsable->segundo_apellido != '\0' ? responsable->segundo_apellido : "—");

  entry = cf_catalog_lookup_entry (CF_CATALOG_CARGO, responsable->id_cargo);
  if (entry != NULL)
    {
      g_autofree char *name = cf_catalog_entry_dup_name (entry);

      /* Translators: a position, then its code in SEP's catalog */
      cargo = g_strdup_printf (_("Position: %s (idCargo %s)"), name, responsable->id_cargo);
    }
  else
    cargo = g_strdup_printf (_("Position: idCargo %s"), responsable->id_cargo);

  if (responsable->campuses[0] == NULL)
    {
      g_autofree char *all = describe_campuses (known_campuses, known_campuses, campus_names);

      campuses = *all != '\0'
                 /* Translators: the campuses known now, "090101 Único" */
                 ? g_strdup_printf (_("Campuses: every campus (%s)"), all)
                 : g_strdup (_("Campuses: every campus"));
    }
  else
    {
      g_autofree char *some = describe_campuses ((const char * const *) responsable->campuses,
                                                 known_campuses, campus_names);

      campuses = g_strdup_printf (_("Campuses: %s"), some);
    }

  gtk_label_set_label (self->responsable_name_label, full_name);
  gtk_label_set_label (self->responsable_parts_label, parts);
  gtk_label_set_label (self->cargo_label, cargo);
  gtk_label_set_label (self->campuses_label, campuses);
}

const CfSignerResponsable *
cf_signer_row_get_responsable (CfSignerRow *self)
{
  g_return_val_if_fail (CF_IS_SIGNER_ROW (self), NULL);

  return self->responsable;
}
