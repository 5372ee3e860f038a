/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-audit-item.h"

struct _CfAuditItem
{
  GObject  parent_instance;

  char    *sentence;
  char    *when;
  char    *person;
  char    *details;
  char    *icon_name;
};

G_DEFINE_FINAL_TYPE (CfAuditItem, cf_audit_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SENTENCE,
  PROP_WHEN,
  PROP_PERSON,
  PROP_DETAILS,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
or_empty (const char *value)
{
  /* Translators: a value that was (or became) empty */
  return value != NULL && *value != '\0' ? value : _("empty");
}

static guint
count_of (const char *value)
{
  return value != NULL ? (guint) MIN (g_ascii_strtoull (value, NULL, 10), G_MAXUINT) : 0;
}

/* The study plans' levels as the store names them. One whole sentence per
 * level and action: the articles differ in Spanish. */
static const char * const plan_levels[] = {
  "institution", "campus", "career", "plan", "subject",
};

static char *
describe_plan_level (guint               level,
                     const CfAuditEntry *entry,
                     const char         *action,
                     const char         *id)
{
  const char *field = or_empty (entry->field);
  const char *was = or_empty (entry->old_value);
  const char *now = or_empty (entry->new_value);

  if (g_str_equal (action, "change"))
    switch (level)
      {
      /* Translators: a column name (e.g. NOMBRE_INSTITUCION), an ID, the old value and the new one */
      case 0: return g_strdup_printf (_("Changed %s of the institution %s: %s → %s"), field, id, was, now);
      /* Translators: a column name (e.g. NOMBRE_CAMPUS), an ID, the old value and the new one */
      case 1: return g_strdup_printf (_("Changed %s of the campus %s: %s → %s"), field, id, was, now);
      /* Translators: a column name (e.g. NOMBRE_CARRERA), an ID, the old value and the new one */
      case 2: return g_strdup_printf (_("Changed %s of the career %s: %s → %s"), field, id, was, now);
      /* Translators: a column name (e.g. RVOE), a plan's key, the old value and the new one */
      case 3: return g_strdup_printf (_("Changed %s of the plan %s: %s → %s"), field, id, was, now);
      /* Translators: a column name (e.g. CREDITOS), an ID, the old value and the new one */
      default: return g_strdup_printf (_("Changed %s of the subject %s: %s → %s"), field, id, was, now);
      }
  if (g_str_equal (action, "add"))
    switch (level)
      {
      case 0: return g_strdup_printf (_("Added the institution %s"), id);
      case 1: return g_strdup_printf (_("Added the campus %s"), id);
      case 2: return g_strdup_printf (_("Added the career %s"), id);
      case 3: return g_strdup_printf (_("Added the plan %s"), id);
      default: return g_strdup_printf (_("Added the subject %s"), id);
      }
  if (g_str_equal (action, "remove"))
    switch (level)
      {
      case 0: return g_strdup_printf (_("Removed the institution %s"), id);
      case 1: return g_strdup_printf (_("Removed the campus %s"), id);
      case 2: return g_strdup_printf (_("Removed the career %s"), id);
      case 3: return g_strdup_printf (_("Removed the plan %s"), id);
      default: return g_strdup_printf (_("Removed the subject %s"), id);
      }
  return NULL;
}

char *
cf_audit_describe (const CfAuditEntry *entry)
{
  const char *action;
  const char *id;

  g_return_val_if_fail (entry != NULL, NULL);

  action = entry->action != NULL ? entry->action : "";
  id = entry->entity_id != NULL ? entry->entity_id : "";

  if (g_strcmp0 (entry->entity, "signer") == 0)
    {
      if (g_str_equal (action, "add"))
        /* Translators: a signer's name and certificate number */
        return g_strdup_printf (_("Added the signer %s (%s)"), or_empty (entry->new_value), id);
      if (g_str_equal (action, "remove"))
        /* Translators: a signer's name and certificate number */
        return g_strdup_printf (_("Deleted the signer %s (%s)"), or_empty (entry->old_value), id);
      /* Their Responsable values (cf-signer-repo.c): ID_CARGO, NOMBRE,
       * PRIMER_APELLIDO, SEGUNDO_APELLIDO, CAMPUS ("" = every campus). */
      if (g_str_equal (action, "change") && g_strcmp0 (entry->field, "CAMPUS") == 0)
        /* Translators: a certificate number, the campuses before and after ("every campus" when empty) */
        return g_strdup_printf (_("Changed the campuses of the signer %s: %s → %s"), id,
                                entry->old_value != NULL && *entry->old_value != '\0' ? entry->old_value
                                                                                    : _("every campus"),
                                entry->new_value != NULL && *entry->new_value != '\0' ? entry->new_value
                                                                                    : _("every campus"));
      if (g_str_equal (action, "change"))
        /* Translators: a field of Ipes/Responsable (e.g. ID_CARGO), a certificate number, the old value and the new one */
        return g_strdup_printf (_("Changed %s of the signer %s: %s → %s"), or_empty (entry->field), id,
                                or_empty (entry->old_value), or_empty (entry->new_value));
      /* Sealing that went ahead because the person accepted it: the reason
       * the check gave is old_value, the files and folder new_value. */
      if (g_str_equal (action, "seal-unchecked"))
        /* Translators: a certificate number, why its revocation could not be
         * checked, and "N → folder" */
        return g_strdup_printf (_("Sealed with the e.firma %s without an answer on its revocation (%s); files: %s"),
                                id, or_empty (entry->old_value), or_empty (entry->new_value));
      if (g_str_equal (action, "seal-untrusted"))
        /* Translators: a certificate number, why it is not trusted, and "N → folder" */
        return g_strdup_printf (_("Sealed with the e.firma %s, which no trusted SAT authority issued (%s); files: %s"),
                                id, or_empty (entry->old_value), or_empty (entry->new_value));
    }
  else if (g_strcmp0 (entry->entity, "plans") == 0)
    {
      guint n = count_of (entry->new_value);

      if (g_str_equal (action, "import"))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Imported the study plans: %u subject",
                                             "Imported the study plans: %u subjects", n), n);
      if (g_str_equal (action, "mark-sent"))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Marked as sent to SEP: %u row",
                                             "Marked as sent to SEP: %u rows", n), n);
    }
  else if (g_strcmp0 (entry->entity, "students") == 0)
    {
      /* new_value is "students, grades" (cf-student-repo.c). */
      const char *comma = entry->new_value != NULL ? strchr (entry->new_value, ',') : NULL;
      guint n_students = count_of (entry->new_value);
      guint n_grades = comma != NULL ? count_of (comma + 1 + (comma[1] == ' ')) : 0;

      if (g_str_equal (action, "import"))
        {
          g_autofree char *students = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u student",
                                                                    "%u students", n_students), n_students);
          g_autofree char *grades = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u grade", "%u grades",
                                                                  n_grades), n_grades);

          /* Translators: a file name, "120 students", "5400 grades" */
          return g_strdup_printf (_("Imported students and grades from %s: %s, %s"), id, students, grades);
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (plan_levels); i++)
        if (g_strcmp0 (entry->entity, plan_levels[i]) == 0)
          {
            char *sentence = describe_plan_level (i, entry, action, id);

            if (sentence != NULL)
              return sentence;
          }
    }

  /* Something a newer Certifica records: shown as stored. */
  return g_strdup_printf ("%s %s %s", action, entry->entity != NULL ? entry->entity : "", id);
}

static char *
describe_when (const char *at)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  if (utc == NULL)
    return g_strdup (at != NULL ? at : "");
  local = g_date_time_to_local (utc);
  /* Translators: strftime() format of a date and time, e.g. "May 17, 2021, 18:05"; Spanish "%-d de %B de %Y, %H:%M" */
  return g_date_time_format (local, _("%B %-d, %Y, %H:%M"));
}

static const char *
icon_for (const CfAuditEntry *entry)
{
  if (g_strcmp0 (entry->action, "add") == 0)
    return "list-add-symbolic";
  if (g_strcmp0 (entry->action, "remove") == 0)
    return "user-trash-symbolic";
  if (g_strcmp0 (entry->action, "change") == 0)
    return "document-edit-symbolic";
  if (g_strcmp0 (entry->action, "import") == 0)
    return "document-open-symbolic";
  if (g_strcmp0 (entry->action, "mark-sent") == 0)
    return "mail-send-symbolic";
  if (g_str_has_prefix (entry->action != NULL ? entry->action : "", "seal-"))
    return "dialog-warning-symbolic";
  return "document-open-recent-symbolic";
}

static void
cf_audit_item_finalize (GObject *object)
{
  CfAuditItem *self = CF_AUDIT_ITEM (object);

  g_free (self->sentence);
  g_free (self->when);
  g_free (self->person);
  g_free (self->details);
  g_free (self->icon_name);

  G_OBJECT_CLASS (cf_audit_item_parent_class)->finalize (object);
}

static void
cf_audit_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CfAuditItem *self = CF_AUDIT_ITEM (object);

  switch (prop_id)
    {
    case PROP_SENTENCE:
      g_value_set_string (value, self->sentence);
      break;
    case PROP_WHEN:
      g_value_set_string (value, self->when);
      break;
    case PROP_PERSON:
      g_value_set_string (value, self->person);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cf_audit_item_class_init (CfAuditItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cf_audit_item_finalize;
  object_class->get_property = cf_audit_item_get_property;

  properties[PROP_SENTENCE] =
    g_param_spec_string ("sentence", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WHEN] =
    g_param_spec_string ("when", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON] =
    g_param_spec_string ("person", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cf_audit_item_init (CfAuditItem *self)
{
}

CfAuditItem *
cf_audit_item_new (const CfAuditEntry *entry)
{
  CfAuditItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (CF_TYPE_AUDIT_ITEM, NULL);
  self->sentence = cf_audit_describe (entry);
  self->when = describe_when (entry->at);
  self->person = g_strdup_printf ("%s@%s", entry->os_user != NULL ? entry->os_user : "",
                                  entry->host != NULL ? entry->host : "");
  /* Translators: when, then who (user@host) */
  self->details = g_strdup_printf (_("%s · %s"), self->when, self->person);
  self->icon_name = g_strdup (icon_for (entry));
  return self;
}

const char *
cf_audit_item_get_sentence (CfAuditItem *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ITEM (self), NULL);
  return self->sentence;
}

const char *
cf_audit_item_get_when (CfAuditItem *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ITEM (self), NULL);
  return self->when;
}

const char *
cf_audit_item_get_person (CfAuditItem *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ITEM (self), NULL);
  return self->person;
}

const char *
cf_audit_item_get_icon_name (CfAuditItem *self)
{
  g_return_val_if_fail (CF_IS_AUDIT_ITEM (self), NULL);
  return self->icon_name;
}
