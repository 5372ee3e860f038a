/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-sealer-signer.c: the check of the signer before a batch: its chain
 * to a trusted SAT CA, then SAT's answer about its revocation; what the
 * person accepted unchecked goes into the bitácora. */
#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include "cf-sealer.h"

#include <glib/gi18n-lib.h>

#include "cf-audit-repo.h"
#include "cf-ocsp.h"
#include "cf-sealer-private.h"

/* A batch started this soon after a check uses its outcome instead of
 * asking again (the person was just told, and may have accepted it). */
#define CHECK_REUSE_USEC (10 * 60 * G_USEC_PER_SEC)

void
_cf_sealer_signer_state_init (SealerSignerState *state)
{
  g_mutex_init (&state->lock);
  state->trust_result = CF_TRUST_NOT_TRUSTED;
}

void
_cf_sealer_signer_state_clear (SealerSignerState *state)
{
  g_clear_object (&state->context);
  g_clear_object (&state->trust);
  g_clear_pointer (&state->ocsp_url, g_free);
  g_clear_pointer (&state->cache_dir, g_free);
  g_clear_pointer (&state->trust_reason, g_free);
  g_clear_error (&state->revocation_error);
  g_mutex_clear (&state->lock);
}

/* ------------------------------------------------------------------ */
/* Settings                                                             */
/* ------------------------------------------------------------------ */

/* A setting that changes what the check would find forgets its outcome. */
#define SET_UNDER_LOCK(self, statement)                                   \
  G_STMT_START {                                                          \
    SealerSignerState *state_ = _cf_sealer_get_signer_state (self);       \
    g_mutex_lock (&state_->lock);                                         \
    { SealerSignerState *state = state_; statement; }                     \
    state_->checked_at = 0;                                               \
    g_mutex_unlock (&state_->lock);                                       \
  } G_STMT_END

void
cf_sealer_set_context (CfSealer  *self,
                       CfContext *context)
{
  g_return_if_fail (CF_IS_SEALER (self));
  g_return_if_fail (context == NULL || CF_IS_CONTEXT (context));

  SET_UNDER_LOCK (self, g_set_object (&state->context, context));
}

void
cf_sealer_set_trust (CfSealer *self,
                     CfTrust  *trust)
{
  g_return_if_fail (CF_IS_SEALER (self));
  g_return_if_fail (trust == NULL || CF_IS_TRUST (trust));

  SET_UNDER_LOCK (self, g_set_object (&state->trust, trust));
}

void
cf_sealer_set_ocsp_url (CfSealer   *self,
                        const char *url)
{
  g_return_if_fail (CF_IS_SEALER (self));

  SET_UNDER_LOCK (self, g_free (state->ocsp_url); state->ocsp_url = g_strdup (url));
}

void
cf_sealer_set_ocsp_timeout (CfSealer *self,
                            guint     seconds)
{
  g_return_if_fail (CF_IS_SEALER (self));

  SET_UNDER_LOCK (self, state->ocsp_timeout = seconds);
}

void
cf_sealer_set_ocsp_cache_dir (CfSealer   *self,
                              const char *path)
{
  g_return_if_fail (CF_IS_SEALER (self));

  SET_UNDER_LOCK (self, g_free (state->cache_dir); state->cache_dir = g_strdup (path));
}

void
cf_sealer_set_accept (CfSealer       *self,
                      CfSealerAccept  accept)
{
  SealerSignerState *state;

  g_return_if_fail (CF_IS_SEALER (self));

  /* What was found still holds: only what to do about it changes. */
  state = _cf_sealer_get_signer_state (self);
  g_mutex_lock (&state->lock);
  state->accept = accept;
  g_mutex_unlock (&state->lock);
}

CfSealerAccept
cf_sealer_get_accept (CfSealer *self)
{
  SealerSignerState *state;
  CfSealerAccept accept;

  g_return_val_if_fail (CF_IS_SEALER (self), CF_SEALER_ACCEPT_NONE);

  state = _cf_sealer_get_signer_state (self);
  g_mutex_lock (&state->lock);
  accept = state->accept;
  g_mutex_unlock (&state->lock);
  return accept;
}

/* ------------------------------------------------------------------ */
/* The check                                                            */
/* ------------------------------------------------------------------ */

/* A date for prose: "May 15, 2021" ("15 de mayo de 2021"). */
static char *
format_date_words (GDateTime *utc)
{
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (_("an unknown date"));
  local = g_date_time_to_local (utc);
  /* Translators: strftime() format of a date in a sentence, e.g. "May 15, 2021"; Spanish "%-d de %B de %Y" */
  return g_date_time_format (local, _("%B %-d, %Y"));
}

/* Asks SAT (or the AIA's service) about @certificate, issued by @issuer. */
static GError *
ask_revocation (CfCertificate *certificate,
                CfCertificate *issuer,
                const char    *url,
                const char    *cache_dir,
                guint          timeout,
                guint          max_age_days,
                GCancellable  *cancellable)
{
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) local = NULL;
  CfOcspOptions options;

  cf_ocsp_options_init (&options);
  options.default_url = url;
  options.cache_dir = cache_dir;
  options.timeout_seconds = timeout;
  options.max_age_days = max_age_days;

  switch (cf_ocsp_check_with_options (certificate, issuer, &options, cancellable, &result, &local))
    {
    case CF_OCSP_STATUS_GOOD:
      return NULL;

    case CF_OCSP_STATUS_REVOKED:
      {
        g_autofree char *when = format_date_words (cf_ocsp_result_get_revocation_time (result));

        return g_error_new (CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_REVOKED,
                            /* Translators: the certificate number, a date, the reason SAT gave */
                            _("SAT revoked this e.firma (certificate %s) on %s (%s). It can no longer "
                              "seal: its holder needs a new e.firma from SAT."),
                            cf_certificate_get_number (certificate), when,
                            cf_ocsp_reason_get_label (cf_ocsp_result_get_reason (result)));
      }

    case CF_OCSP_STATUS_UNKNOWN:
      return g_error_new (CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED,
                          _("Whether this e.firma was revoked could not be checked: the revocation "
                            "service at %s does not know the certificate %s."),
                          cf_ocsp_result_get_responder_url (result),
                          cf_certificate_get_number (certificate));

    case CF_OCSP_STATUS_ERROR:
    default:
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return g_steal_pointer (&local);
      return g_error_new (CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED,
                          /* Translators: then why, a whole sentence */
                          _("Whether this e.firma was revoked could not be checked. %s"),
                          local->message);
    }
}

/* Finds what there is to find now and remembers it. FALSE only when
 * cancelled. */
static gboolean
run_check (CfSealer      *self,
           GCancellable  *cancellable,
           GError       **error)
{
  SealerSignerState *state = _cf_sealer_get_signer_state (self);
  CfCertificate *certificate = cf_sealer_get_certificate (self);
  g_autoptr(CfContext) context = NULL;
  g_autoptr(CfTrust) trust = NULL;
  g_autoptr(CfCertificate) issuer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) revocation = NULL;
  CfTrustResult trust_result;
  guint timeout;
  guint max_age_days = CF_OCSP_DEFAULT_MAX_AGE_DAYS;

  g_mutex_lock (&state->lock);
  context = state->context != NULL ? g_object_ref (state->context) : NULL;
  trust = g_object_ref (state->trust != NULL ? state->trust : cf_trust_get_default ());
  url = g_strdup (state->ocsp_url);
  cache_dir = g_strdup (state->cache_dir);
  timeout = state->ocsp_timeout;
  g_mutex_unlock (&state->lock);

  if (url == NULL)
    url = context != NULL ? cf_context_dup_ocsp_responder_url (context) : g_strdup (CF_OCSP_SAT_RESPONDER_URL);
  if (url != NULL && *url == '\0')
    g_clear_pointer (&url, g_free);
  if (context != NULL)
    max_age_days = cf_context_get_ocsp_max_age_days (context);
  if (cache_dir == NULL)
    cache_dir = cf_ocsp_dup_default_cache_dir ();

  trust_result = cf_trust_verify (trust, certificate, &reason);
  /* Only SAT (or a CA trusted on purpose) can say whether what it issued
   * was revoked: for any other certificate there is nobody to ask. */
  if (trust_result != CF_TRUST_NOT_TRUSTED)
    {
      issuer = cf_trust_dup_issuer (trust, certificate);
      if (issuer == NULL)
        revocation = g_error_new_literal (CF_SEALER_ERROR, CF_SEALER_ERROR_REVOCATION_UNCHECKED,
                                          _("Whether this e.firma was revoked could not be checked: "
                                            "the certificate of the authority that issued it is "
                                            "not among the trusted ones."));
      else
        revocation = ask_revocation (certificate, issuer, url, cache_dir, timeout, max_age_days,
                                     cancellable);
      if (g_error_matches (revocation, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&revocation));
          return FALSE;
        }
    }

  g_mutex_lock (&state->lock);
  state->checked_at = g_get_monotonic_time ();
  state->trust_result = trust_result;
  g_free (state->trust_reason);
  state->trust_reason = g_steal_pointer (&reason);
  g_clear_error (&state->revocation_error);
  state->revocation_error = g_steal_pointer (&revocation);
  g_mutex_unlock (&state->lock);
  return TRUE;
}

/* What the last outcome and the accepted flags allow; @out_used receives
 * what sealing would go ahead without, @out_reasons the why of each. */
static gboolean
decide (CfSealer        *self,
        GStrv           *out_warnings,
        CfSealerAccept  *out_used,
        char           **out_trust_reason,
        char           **out_revocation_reason,
        GError         **error)
{
  SealerSignerState *state = _cf_sealer_get_signer_state (self);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  CfSealerAccept used = CF_SEALER_ACCEPT_NONE;
  gboolean ok = TRUE;

  g_mutex_lock (&state->lock);
  if (state->trust_result == CF_TRUST_NOT_TRUSTED)
    {
      if ((state->accept & CF_SEALER_ACCEPT_UNTRUSTED_SIGNER) == 0)
        {
          g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_NOT_TRUSTED,
                               state->trust_reason != NULL ? state->trust_reason
                               : _("The certificate was not issued by SAT."));
          ok = FALSE;
          goto out;
        }
      used |= CF_SEALER_ACCEPT_UNTRUSTED_SIGNER;
      g_ptr_array_add (warnings,
                           g_strdup_printf (_("%s Sealing anyway, as asked: the sealed files will "
                                              "verify as not trusted, and whether the certificate "
                                              "was revoked is not asked. This is recorded in the "
                                              "bitácora."),
                                            state->trust_reason != NULL ? state->trust_reason : ""));
    }
  else if (state->trust_result == CF_TRUST_TRUSTED_TEST)
    g_ptr_array_add (warnings, g_strdup (_("This e.firma was issued by one of SAT’s TEST authorities: what it "
                                    "seals has no legal value.")));

  if (state->revocation_error != NULL)
    {
      if (g_error_matches (state->revocation_error, CF_SEALER_ERROR, CF_SEALER_ERROR_SIGNER_REVOKED) ||
          (state->accept & CF_SEALER_ACCEPT_UNCHECKED_REVOCATION) == 0)
        {
          g_propagate_error (error, g_error_copy (state->revocation_error));
          ok = FALSE;
          goto out;
        }
      used |= CF_SEALER_ACCEPT_UNCHECKED_REVOCATION;
      g_ptr_array_add (warnings,
                           g_strdup_printf (_("%s Sealing anyway, as asked; this is recorded in the "
                                              "bitácora."), state->revocation_error->message));
    }

  if (out_trust_reason != NULL)
    *out_trust_reason = g_strdup (state->trust_reason);
  if (out_revocation_reason != NULL)
    *out_revocation_reason = state->revocation_error != NULL
                             ? g_strdup (state->revocation_error->message) : NULL;

out:
  g_mutex_unlock (&state->lock);
  if (out_used != NULL)
    *out_used = used;
  if (ok && out_warnings != NULL)
    {
      g_ptr_array_add (warnings, NULL);
      *out_warnings = (GStrv) g_ptr_array_steal (warnings, NULL);
    }
  return ok;
}

gboolean
cf_sealer_check_signer (CfSealer      *self,
                        GCancellable  *cancellable,
                        GStrv         *out_warnings,
                        GError       **error)
{
  g_return_val_if_fail (CF_IS_SEALER (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_warnings != NULL)
    *out_warnings = NULL;
  if (!run_check (self, cancellable, error))
    return FALSE;
  return decide (self, out_warnings, NULL, NULL, NULL, error);
}

static void
check_signer_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GStrv warnings = NULL;

  if (cf_sealer_check_signer (source_object, cancellable, &warnings, &error))
    g_task_return_pointer (task, warnings, (GDestroyNotify) g_strfreev);
  else
    g_task_return_error (task, error);
}

void
cf_sealer_check_signer_async (CfSealer            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CF_IS_SEALER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_sealer_check_signer_async);
  g_task_run_in_thread (task, check_signer_thread);
}

gboolean
cf_sealer_check_signer_finish (CfSealer      *self,
                               GAsyncResult  *result,
                               GStrv         *out_warnings,
                               GError       **error)
{
  GStrv warnings;

  g_return_val_if_fail (CF_IS_SEALER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_warnings != NULL)
    *out_warnings = NULL;
  warnings = g_task_propagate_pointer (G_TASK (result), error);
  if (warnings == NULL)
    return FALSE;
  if (out_warnings != NULL)
    *out_warnings = warnings;
  else
    g_strfreev (warnings);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Before a batch                                                       */
/* ------------------------------------------------------------------ */

gboolean
_cf_sealer_check_before_batch (CfSealer      *self,
                               guint          n_inputs,
                               const char    *output_dir,
                               GCancellable  *cancellable,
                               GError       **error)
{
  SealerSignerState *state = _cf_sealer_get_signer_state (self);
  CfCertificate *certificate = cf_sealer_get_certificate (self);
  g_autoptr(CfContext) context = NULL;
  g_autofree char *trust_reason = NULL;
  g_autofree char *revocation_reason = NULL;
  g_autofree char *what = NULL;
  g_autoptr(GError) local = NULL;
  CfSealerAccept used = CF_SEALER_ACCEPT_NONE;
  gint64 checked_at;

  g_mutex_lock (&state->lock);
  checked_at = state->checked_at;
  context = state->context != NULL ? g_object_ref (state->context) : NULL;
  g_mutex_unlock (&state->lock);

  if ((checked_at == 0 || g_get_monotonic_time () - checked_at > CHECK_REUSE_USEC) &&
      !run_check (self, cancellable, error))
    return FALSE;
  if (!decide (self, NULL, &used, &trust_reason, &revocation_reason, error))
    return FALSE;
  if (used == CF_SEALER_ACCEPT_NONE)
    return TRUE;

  /* Sealing unchecked is the person's decision: it is on record, or it
   * does not happen. */
  if (context == NULL)
    {
      g_set_error_literal (error, CF_SEALER_ERROR, CF_SEALER_ERROR_AUDIT,
                           _("Sealing without the checks of the e.firma must be recorded in the "
                             "bitácora, and no store is open to record it."));
      return FALSE;
    }
  /* What went ahead: how many files, into which folder. */
  what = g_strdup_printf ("%u → %s", n_inputs, output_dir);
  if (((used & CF_SEALER_ACCEPT_UNTRUSTED_SIGNER) != 0 &&
       !cf_audit_repo_record (cf_context_get_store (context), "seal-untrusted", "signer",
                              cf_certificate_get_number (certificate), "trust",
                              trust_reason, what, &local)) ||
      ((used & CF_SEALER_ACCEPT_UNCHECKED_REVOCATION) != 0 &&
       !cf_audit_repo_record (cf_context_get_store (context), "seal-unchecked", "signer",
                              cf_certificate_get_number (certificate), "revocation",
                              revocation_reason, what, &local)))
    {
      g_set_error (error, CF_SEALER_ERROR, CF_SEALER_ERROR_AUDIT,
                   _("Nothing was sealed: sealing without the checks of the e.firma could not be "
                     "recorded in the bitácora (%s)."), local->message);
      return FALSE;
    }
  return TRUE;
}
