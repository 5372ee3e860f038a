/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-campus.c: the campuses and their signers, read once for the
 * letters, the workbook and the package. */
#include "config.h"

#include "cf-catalog.h"
#include "cf-inc-campus.h"

void
cf_inc_campus_free (CfIncCampus *campus)
{
  if (campus == NULL)
    return;
  g_free (campus->id_campus);
  g_free (campus->nombre);
  g_free (campus->entidad);
  g_free (campus->signer_number);
  g_clear_object (&campus->certificate);
  g_clear_pointer (&campus->responsable, cf_signer_responsable_free);
  g_free (campus->signer_name);
  g_free (campus->signer_curp);
  g_free (campus->signer_cargo);
  g_free (campus->signer_email);
  g_free (campus->oficio_body);
  g_free (campus);
}

static char *
dup_value (CfIncorporation *incorporation,
           guint            index,
           const char      *field)
{
  const char *value = cf_incorporation_get_campus_value (incorporation, index, field);

  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

GPtrArray *
cf_inc_campus_list (CfIncorporation  *incorporation,
                    CfStore          *store,
                    GError          **error)
{
  g_autoptr(GPtrArray) campuses = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_inc_campus_free);
  guint n = cf_incorporation_get_n_campuses (incorporation);

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), NULL);

  for (guint i = 1; i <= n; i++)
    {
      CfIncCampus *campus = g_new0 (CfIncCampus, 1);
      g_autofree char *email = dup_value (incorporation, i, CF_INC_CAMPUS_SIGNER_EMAIL);

      g_ptr_array_add (campuses, campus);
      campus->index = i;
      campus->id_campus = dup_value (incorporation, i, "id_campus");
      campus->nombre = dup_value (incorporation, i, "nombre");
      campus->entidad = dup_value (incorporation, i, "entidad");
      campus->signer_number = dup_value (incorporation, i, "signer");
      campus->oficio_body = dup_value (incorporation, i, CF_INC_CAMPUS_OFICIO);

      if (store != NULL && *campus->signer_number != '\0')
        {
          g_autoptr(GError) local_error = NULL;

          campus->certificate = cf_signer_repo_get (store, campus->signer_number, &local_error);
          if (campus->certificate != NULL)
            campus->responsable = cf_signer_repo_get_responsable (store, campus->signer_number, &local_error);
          if (local_error != NULL && !g_error_matches (local_error, CF_STORE_ERROR, CF_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (campus->responsable == NULL)
            g_clear_object (&campus->certificate);
        }
      if (campus->responsable != NULL)
        {
          const char *cargo = cf_catalog_lookup (CF_CATALOG_CARGO, campus->responsable->id_cargo);
          const char *cert_email = cf_certificate_get_email (campus->certificate);

          campus->signer_name = cf_signer_responsable_dup_full_name (campus->responsable);
          campus->signer_curp = g_strdup (cf_certificate_get_curp (campus->certificate));
          campus->signer_cargo = g_strdup (cargo != NULL ? cargo : "");
          campus->signer_email = g_strdup (*email != '\0' ? email : (cert_email != NULL ? cert_email : ""));
        }
      else
        {
          campus->signer_name = g_strdup ("");
          campus->signer_curp = g_strdup ("");
          campus->signer_cargo = g_strdup ("");
          campus->signer_email = g_strdup (email);
        }
      if (campus->signer_curp == NULL)
        campus->signer_curp = g_strdup ("");
    }
  return g_steal_pointer (&campuses);
}
