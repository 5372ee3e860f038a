/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-cert-item.h"
#include "cf-person-name.h"

struct _CfCertItem
{
  GObject     parent_instance;

  CfCertRow  *row;
  char       *name;
  char       *findings_label;
  char       *career;
};

G_DEFINE_FINAL_TYPE (CfCertItem, cf_cert_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_MATRICULA,
  PROP_CURP,
  PROP_CAREER,
  PROP_SUBTITLE,
  PROP_STATUS_LABEL,
  PROP_STATUS_CLASSES,
  PROP_FINDINGS_LABEL,
  PROP_HAS_ERRORS,
  PROP_IS_TEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
printed_part (const char       *corrected,
              const char       *upper,
              CfPersonNamePart  part)
{
  if (corrected != NULL && *corrected != '\0')
    return g_strdup (corrected);
  if (upper == NULL || *upper == '\0')
    return g_strdup ("");
  return cf_person_name_to_display_part (upper, part, NULL);
}

void
cf_cert_item_printed_name (const CfStudent  *student,
                           char            **nombre,
                           char            **primer_apellido,
                           char            **segundo_apellido)
{
  g_return_if_fail (student != NULL);

  if (nombre != NULL)
    *nombre = printed_part (student->nombre_impreso, student->nombre, CF_PERSON_NAME_GIVEN);
  if (primer_apellido != NULL)
    *primer_apellido = printed_part (student->primer_apellido_impreso, student->primer_apellido, CF_PERSON_NAME_SURNAME);
  if (segundo_apellido != NULL)
    *segundo_apellido = printed_part (student->segundo_apellido_impreso, student->segundo_apellido, CF_PERSON_NAME_SURNAME);
}

static const char *
status_class (CfCertStatus status)
{
  switch (status)
    {
    case CF_CERT_STATUS_BORRADOR:
      return "cert-borrador";
    case CF_CERT_STATUS_LISTO:
      return "cert-listo";
    case CF_CERT_STATUS_RECHAZADO:
    case CF_CERT_STATUS_CANCELADO:
      return "cert-rechazado";
    case CF_CERT_STATUS_SELLADO:
    case CF_CERT_STATUS_ENVIADO:
    case CF_CERT_STATUS_AUTENTICADO:
    case CF_CERT_STATUS_ENTREGADO:
    default:
      return "cert-sellado";
    }
}

static void
cf_cert_item_finalize (GObject *object)
{
  CfCertItem *self = CF_CERT_ITEM (object);

  g_clear_pointer (&self->row, cf_cert_row_free);
  g_free (self->name);
  g_free (self->findings_label);
  g_free (self->career);

  G_OBJECT_CLASS (cf_cert_item_parent_class)->finalize (object);
}

static void
cf_cert_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CfCertItem *self = CF_CERT_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MATRICULA:
      g_value_set_string (value, self->row->student->matricula);
      break;
    case PROP_CURP:
      g_value_set_string (value, self->row->student->curp);
      break;
    case PROP_CAREER:
      g_value_set_string (value, self->career != NULL ? self->career : self->row->student->id_carrera);
      break;
    case PROP_SUBTITLE:
      {
        g_autofree char *subtitle = g_strdup_printf ("%s · %s", self->row->student->matricula,
                                                     self->career != NULL ? self->career : self->row->student->id_carrera);

        g_value_set_string (value, subtitle);
      }
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, cf_cert_status_get_label (self->row->status));
      break;
    case PROP_STATUS_CLASSES:
      {
        const char *classes[] = { "cert-status", status_class (self->row->status), NULL };

        g_value_set_boxed (value, classes);
      }
      break;
    case PROP_FINDINGS_LABEL:
      g_value_set_string (value, self->findings_label);
      break;
    case PROP_HAS_ERRORS:
      g_value_set_boolean (value, self->row->n_errors > 0);
      break;
    case PROP_IS_TEST:
      g_value_set_boolean (value, cf_cert_item_is_test (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_cert_item_class_init (CfCertItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cf_cert_item_finalize;
  object_class->get_property = cf_cert_item_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_MATRICULA] = g_param_spec_string ("matricula", NULL, NULL, NULL, flags);
  properties[PROP_CURP] = g_param_spec_string ("curp", NULL, NULL, NULL, flags);
  properties[PROP_CAREER] = g_param_spec_string ("career", NULL, NULL, NULL, flags);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_CLASSES] = g_param_spec_boxed ("status-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_FINDINGS_LABEL] = g_param_spec_string ("findings-label", NULL, NULL, NULL, flags);
  properties[PROP_HAS_ERRORS] = g_param_spec_boolean ("has-errors", NULL, NULL, FALSE, flags);
  /* Sealed in the test stage, for SEP's test portal. */
  properties[PROP_IS_TEST] = g_param_spec_boolean ("is-test", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_cert_item_init (CfCertItem *self)
{
}

CfCertItem *
cf_cert_item_new (CfCertRow  *row,
                  const char *career)
{
  CfCertItem *self;
  g_autofree char *nombre = NULL;
  g_autofree char *primer = NULL;
  g_autofree char *segundo = NULL;

  g_return_val_if_fail (row != NULL && row->student != NULL, NULL);

  self = g_object_new (CF_TYPE_CERT_ITEM, NULL);
  self->row = row;
  self->career = g_strdup (career);
  cf_cert_item_printed_name (row->student, &nombre, &primer, &segundo);
  self->name = g_strjoin (" ", nombre, primer, segundo, NULL);
  g_strstrip (self->name);

  if (row->n_errors > 0)
    /* Translators: how many problems block a certificate, in the list */
    self->findings_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", row->n_errors),
                                            row->n_errors);
  else if (row->n_warnings > 0)
    self->findings_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", row->n_warnings),
                                            row->n_warnings);
  else
    self->findings_label = g_strdup ("");
  return self;
}

const CfCertRow *
cf_cert_item_get_row (CfCertItem *self)
{
  g_return_val_if_fail (CF_IS_CERT_ITEM (self), NULL);

  return self->row;
}

gint64
cf_cert_item_get_id (CfCertItem *self)
{
  g_return_val_if_fail (CF_IS_CERT_ITEM (self), 0);

  return self->row->id;
}

CfCertStatus
cf_cert_item_get_status (CfCertItem *self)
{
  g_return_val_if_fail (CF_IS_CERT_ITEM (self), CF_CERT_STATUS_BORRADOR);

  return self->row->status;
}

const char *
cf_cert_item_get_name (CfCertItem *self)
{
  g_return_val_if_fail (CF_IS_CERT_ITEM (self), NULL);

  return self->name;
}

gboolean
cf_cert_item_is_test (CfCertItem *self)
{
  g_return_val_if_fail (CF_IS_CERT_ITEM (self), FALSE);

  return g_strcmp0 (self->row->portal, "pruebas") == 0;
}
