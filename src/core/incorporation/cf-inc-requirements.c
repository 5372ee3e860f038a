/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-requirements.h"

void
cf_inc_requirement_free (CfIncRequirement *requirement)
{
  if (requirement == NULL)
    return;
  g_free (requirement->title);
  g_free (requirement->detail);
  g_free (requirement);
}

static gboolean
has (CfIncorporation *incorporation,
     const char      *key)
{
  const char *value = cf_incorporation_get_value (incorporation, key);

  return value != NULL && *value != '\0';
}

static gboolean
has_campus_field (CfIncorporation *incorporation,
                  const char      *field)
{
  guint n = cf_incorporation_get_n_campuses (incorporation);

  if (n == 0)
    return FALSE;
  for (guint i = 1; i <= n; i++)
    {
      const char *value = cf_incorporation_get_campus_value (incorporation, i, field);

      if (value == NULL || *value == '\0')
        return FALSE;
    }
  return TRUE;
}

static void
add (GPtrArray  *list,
     const char *id,
     const char *title,
     const char *detail,
     gboolean    done)
{
  CfIncRequirement *requirement = g_new0 (CfIncRequirement, 1);

  requirement->id = id;
  requirement->title = g_strdup (title);
  requirement->detail = g_strdup (detail);
  requirement->done = done;
  g_ptr_array_add (list, requirement);
}

GPtrArray *
cf_inc_requirements_list (CfIncorporation *incorporation)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_requirement_free);
  g_autoptr(GPtrArray) plans_missing = NULL;

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), list);

  add (list, "institution", _("The institution’s data"),
       _("Its name, its DGP key, and the contact person (enlace) with an e-mail address SEP will write to."),
       has (incorporation, CF_INC_NOMBRE)
       && cf_incorporation_is_valid_dgp_key (cf_incorporation_get_value (incorporation, CF_INC_ID_INSTITUCION))
       && has (incorporation, CF_INC_ENLACE)
       && cf_incorporation_is_valid_email (cf_incorporation_get_value (incorporation, CF_INC_EMAIL)));
  add (list, "campus", _("Every campus"),
       _("Each campus’s DGP key, name and state."),
       has_campus_field (incorporation, "id_campus")
       && has_campus_field (incorporation, "nombre")
       && has_campus_field (incorporation, "entidad"));
  add (list, "signers", _("The e.firma of each person who signs"),
       _("The certificate file (.cer) of the SAT e.firma of the person who signs for each campus; not a CSD."),
       has_campus_field (incorporation, "signer"));
  add (list, "logo", _("The institution’s logo"),
       _("An image file; the wizard checks it and can make a copy that meets SEP’s rules."),
       has (incorporation, CF_INC_LOGO));
  add (list, "nombramiento", _("The scan of the Oficio de Nombramiento, Sello y Firma"),
       _("A PDF or an image of the signed and stamped letter."),
       has (incorporation, CF_INC_DOC_NOMBRAMIENTO));
  add (list, "registro", _("The scan of the Registro de establecimiento educativo"),
       _("A PDF or an image."),
       has (incorporation, CF_INC_DOC_REGISTRO));
  plans_missing = cf_incorporation_dup_missing (incorporation, CF_INCORPORATION_STAGE_PROGRAMA);
  add (list, "plans", _("The study plans with their DGP keys"),
       _("The Programa de Estudios, kept in the Study Plans section, sent to SEP after the registration."),
       cf_incorporation_get_state (incorporation, CF_INCORPORATION_STAGE_PROGRAMA) >= CF_INCORPORATION_WAITING
       || plans_missing->len == 0);

  return list;
}

guint
cf_inc_requirements_count_done (GPtrArray *requirements)
{
  guint n = 0;

  for (guint i = 0; requirements != NULL && i < requirements->len; i++)
    if (((CfIncRequirement *) requirements->pdata[i])->done)
      n++;
  return n;
}
