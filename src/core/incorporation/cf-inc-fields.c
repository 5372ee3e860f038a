/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cf-inc-fields.h"
#include "cf-signer-repo.h"
#include "cf-signer-status.h"
#include "cf-store.h"
#include "cf-trust.h"

char *
cf_inc_fields_dgp_key_problem (const char *text)
{
  gsize length;

  if (text == NULL || *text == '\0' || cf_incorporation_is_valid_dgp_key (text))
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return g_strdup (_("Digits only: the DGP key is a number."));
  length = strlen (text);
  if (length < 5)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u digit; a DGP key has 5 or 6.",
                                         "%u digits; a DGP key has 5 or 6.",
                                         length),
                            (guint) length);
  return g_strdup_printf (_("%u digits; a DGP key has 5 or 6."), (guint) length);
}

char *
cf_inc_fields_email_problem (const char *text)
{
  const char *at;

  if (text == NULL || *text == '\0' || cf_incorporation_is_valid_email (text))
    return NULL;
  if (strpbrk (text, " \t\n") != NULL)
    return g_strdup (_("An e-mail address has no spaces."));
  at = strchr (text, '@');
  if (at == NULL)
    return g_strdup (_("The @ is missing (name@institution.edu.mx)."));
  if (strchr (at + 1, '@') != NULL)
    return g_strdup (_("Only one @ is allowed."));
  if (at == text)
    return g_strdup (_("The name before the @ is missing."));
  return g_strdup (_("The domain after the @ is incomplete (institution.edu.mx)."));
}

guint
cf_inc_fields_same_campus_key (CfIncorporation *incorporation,
                               guint            index)
{
  const char *id = cf_incorporation_get_campus_value (incorporation, index, "id_campus");

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), 0);

  for (guint i = 1; id != NULL && i < index; i++)
    if (g_strcmp0 (cf_incorporation_get_campus_value (incorporation, i, "id_campus"), id) == 0)
      return i;
  return 0;
}

gboolean
cf_inc_fields_remove_campus (CfIncorporation  *incorporation,
                             guint             index,
                             GError          **error)
{
  static const char * const fields[] = {
    "id_campus", "nombre", "entidad", "signer", "signer_email", "oficio",
  };
  guint n = cf_incorporation_get_n_campuses (incorporation);
  g_autofree char *count = NULL;

  g_return_val_if_fail (CF_IS_INCORPORATION (incorporation), FALSE);
  g_return_val_if_fail (index >= 1 && index <= n, FALSE);

  /* Down one place from the removed one; the last then cleared. */
  for (guint i = index; i <= n; i++)
    for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
      {
        const char *next = i < n ? cf_incorporation_get_campus_value (incorporation, i + 1, fields[f]) : NULL;
        g_autofree char *value = g_strdup (next);

        if (!cf_incorporation_set_campus_value (incorporation, i, fields[f], value, error))
          return FALSE;
      }
  count = n > 1 ? g_strdup_printf ("%u", n - 1) : NULL;
  return cf_incorporation_set_value (incorporation, CF_INC_N_CAMPUSES, count, error);
}

CfIncSignerFitness
cf_inc_fields_check_signer (CfCertificate  *certificate,
                            GDateTime      *now,
                            char          **reason)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  GTimeSpan left;
  int days;

  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), CF_INC_SIGNER_REFUSED);

  if (now == NULL)
    now = local_now = g_date_time_new_now_utc ();
  if (!cf_certificate_check_can_sign_at (certificate, now, &error))
    {
      if (reason != NULL)
        *reason = g_strdup (error->message);
      return CF_INC_SIGNER_REFUSED;
    }
  left = g_date_time_difference (cf_certificate_get_not_after (certificate), now);
  days = (int) (left / G_TIME_SPAN_DAY);
  date = cf_signer_format_date (cf_certificate_get_not_after (certificate));
  if (days < CF_INC_SIGNER_MIN_DAYS)
    {
      if (reason != NULL)
        /* Translators: a date, then a number of days (under 30). */
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "This e.firma ends on %s, in %d day: SEP needs one valid for at least 30 more days. Renew it with SAT first.",
                                                "This e.firma ends on %s, in %d days: SEP needs one valid for at least 30 more days. Renew it with SAT first.",
                                                days),
                                   date, days);
      return CF_INC_SIGNER_REFUSED;
    }
  if (days < CF_INC_SIGNER_WARN_DAYS)
    {
      if (reason != NULL)
        /* Translators: a date, then a number of days (under 90). */
        *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Ends on %s, in %d day: renew it soon, or SEP’s registration may outlive it.",
                                                "Ends on %s, in %d days: renew it soon, or SEP’s registration may outlive it.",
                                                days),
                                   date, days);
      return CF_INC_SIGNER_EXPIRING;
    }
  if (reason != NULL)
    *reason = NULL;
  return CF_INC_SIGNER_OK;
}

CfCertificate *
cf_inc_fields_import_signer (CfStore  *store,
                             GBytes   *cer,
                             GError  **error)
{
  g_autoptr(CfCertificate) certificate = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(GError) add_error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *trust_reason = NULL;

  g_return_val_if_fail (CF_IS_STORE (store), NULL);

  certificate = cf_certificate_new_from_bytes (cer, error);
  if (certificate == NULL)
    return NULL;
  if (cf_inc_fields_check_signer (certificate, NULL, &reason) == CF_INC_SIGNER_REFUSED)
    {
      g_set_error_literal (error, CF_EFIRMA_ERROR,
                           cf_certificate_get_kind (certificate) == CF_EFIRMA_KIND_EFIRMA
                             ? CF_EFIRMA_ERROR_EXPIRED : CF_EFIRMA_ERROR_NOT_EFIRMA,
                           reason);
      return NULL;
    }
  /* Read afresh: a CA just put in the trust folder counts. */
  trust = cf_trust_new_default ();
  if (cf_trust_verify (trust, certificate, &trust_reason) == CF_TRUST_NOT_TRUSTED)
    {
      g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "certifica", "trust", NULL);

      g_set_error (error, CF_EFIRMA_ERROR, CF_EFIRMA_ERROR_NOT_SAT,
                   _("%s If your institution uses its own certificate authority on purpose, put "
                     "that authority’s certificate (.pem or .cer) in the folder %s and add the "
                     "signer again."),
                   trust_reason, folder);
      return NULL;
    }
  if (!cf_signer_repo_add (store, certificate, &add_error) &&
      !g_error_matches (add_error, CF_STORE_ERROR, CF_STORE_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&add_error));
      return NULL;
    }
  return g_steal_pointer (&certificate);
}
