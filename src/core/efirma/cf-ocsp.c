/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-ocsp.c: OCSP revocation checks of e.firma certificates (GnuTLS for
 * OCSP, libsoup for HTTP).
 *
 * GnuTLS and libsoup errors become CF_OCSP_ERROR here, with messages a
 * registrar can act on. An answer is trusted only after every check in
 * cf-ocsp.h; anything else is BAD_RESPONSE, never a status. */

#define G_LOG_DOMAIN "certifica-core"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/ocsp.h>
#include <gnutls/x509.h>
#include <libsoup/soup.h>

#include "cf-atomic-file.h"
#include "cf-json.h"
#include "cf-ocsp.h"

/* Clocks of the responder and this computer may differ this much. */
#define CLOCK_SKEW_SECONDS (5 * 60)

struct _CfOcspResult
{
  gatomicrefcount  ref_count;

  CfOcspStatus     status;
  GDateTime       *revocation_time;
  CfOcspReason     reason;
  GDateTime       *this_update;
  GDateTime       *next_update;
  char            *responder_url;
  gboolean         nonce_checked;
  gboolean         from_cache;
};

G_DEFINE_BOXED_TYPE (CfOcspResult, cf_ocsp_result, cf_ocsp_result_ref, cf_ocsp_result_unref)

G_DEFINE_QUARK (cf-ocsp-error-quark, cf_ocsp_error)

typedef struct
{
  CfCertificate *certificate;
  CfCertificate *issuer;
  char          *url;
  char          *default_url;
  char          *cache_dir;
  guint          timeout_seconds;
  guint          max_age_days;
} CheckData;

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_clear_object (&check->certificate);
  g_clear_object (&check->issuer);
  g_free (check->url);
  g_free (check->default_url);
  g_free (check->cache_dir);
  g_free (check);
}

static GDateTime *
date_time_from_unix (time_t t)
{
  if (t == (time_t) -1)
    return NULL;
  return g_date_time_new_from_unix_utc (t);
}

static void
json_add_date_time (JsonBuilder *builder,
                    const char  *key,
                    GDateTime   *value)
{
  g_autofree char *text = value != NULL ? g_date_time_format_iso8601 (value) : NULL;

  cf_json_builder_add_string (builder, key, text);
}

/* "host" or "host:port" as written in the URL: what a person checks. */
static char *
describe_host (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static GUri *
parse_responder_url (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;

  if (uri != NULL)
    {
      scheme = g_uri_get_scheme (uri);
      host = g_uri_get_host (uri);
      if ((g_ascii_strcasecmp (scheme, "http") == 0 ||
           g_ascii_strcasecmp (scheme, "https") == 0) &&
          host != NULL && *host != '\0')
        {
          /* libsoup would send "POST  HTTP/1.1" for "http://host". */
          if (*g_uri_get_path (uri) == '\0')
            {
              GUri *rooted = g_uri_build (g_uri_get_flags (uri), scheme, g_uri_get_userinfo (uri),
                                          host, g_uri_get_port (uri), "/",
                                          g_uri_get_query (uri), g_uri_get_fragment (uri));

              g_uri_unref (uri);
              uri = rooted;
            }
          return g_steal_pointer (&uri);
        }
    }

  g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_INVALID_URL,
               _("“%s” is not the web address of a revocation service: it should "
                 "start with http:// or https://."), url);
  return NULL;
}

/* Names and signature: a wrong "issuer" would only get a confusing
 * "unknown" or a signature error from the responder. Dates and algorithm
 * strength are not this check's business. */
static gboolean
check_issuer (gnutls_x509_crt_t   cert,
              gnutls_x509_crt_t   issuer,
              GError            **error)
{
  unsigned int status = 0;
  unsigned int flags = GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
                       GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS |
                       GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;

  if (gnutls_x509_crt_check_issuer (cert, issuer) == 1 &&
      gnutls_x509_crt_verify (cert, &issuer, 1, flags, &status) >= 0 &&
      (status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_SIGNER_NOT_FOUND)) == 0)
    return TRUE;

  g_set_error_literal (error, CF_OCSP_ERROR, CF_OCSP_ERROR_WRONG_ISSUER,
                       _("The issuer certificate given did not issue this certificate. "
                         "Choose the certificate of the authority that issued the e.firma."));
  return FALSE;
}

static gboolean
datum_equal (const gnutls_datum_t *a,
             const gnutls_datum_t *b)
{
  return a->size == b->size && (a->size == 0 || memcmp (a->data, b->data, a->size) == 0);
}

/* Does this single response's CertID name @cert? Computed with the hash
 * the responder chose, which need not be the one we asked with. */
static gboolean
cert_id_matches (gnutls_x509_crt_t          cert,
                 gnutls_x509_crt_t          issuer,
                 gnutls_digest_algorithm_t  digest,
                 const gnutls_datum_t      *name_hash,
                 const gnutls_datum_t      *key_hash,
                 const gnutls_datum_t      *serial)
{
  gnutls_ocsp_req_t scratch = NULL;
  gnutls_datum_t our_name = { NULL, 0 }, our_key = { NULL, 0 }, our_serial = { NULL, 0 };
  gboolean match = FALSE;

  if (gnutls_ocsp_req_init (&scratch) < 0)
    return FALSE;
  if (gnutls_ocsp_req_add_cert (scratch, digest, issuer, cert) >= 0 &&
      gnutls_ocsp_req_get_cert_id (scratch, 0, NULL, &our_name, &our_key, &our_serial) >= 0)
    match = datum_equal (name_hash, &our_name) &&
            datum_equal (key_hash, &our_key) &&
            datum_equal (serial, &our_serial);

  gnutls_free (our_name.data);
  gnutls_free (our_key.data);
  gnutls_free (our_serial.data);
  gnutls_ocsp_req_deinit (scratch);
  return match;
}

static void
set_bad_response (GError     **error,
                  const char  *host,
                  const char  *why)
{
  g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE,
               _("The answer of the revocation service at %s cannot be trusted: %s"),
               host, why);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                 */
/* ------------------------------------------------------------------ */

static void
set_transport_error (GError     **error,
                     GError      *local,
                     const char  *host,
                     guint        timeout_seconds)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local));
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_TIMEOUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The revocation service at %s did not answer within %u second. "
                              "Check the internet connection, or try again later.",
                              "The revocation service at %s did not answer within %u seconds. "
                              "Check the internet connection, or try again later.",
                              timeout_seconds),
                 host, timeout_seconds);
  else
    g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_NETWORK,
                 _("Could not reach the revocation service at %s (%s). "
                   "Check the internet connection."),
                 host, local->message);
}

/* libsoup's timeout bounds each wait for data, not the whole exchange: a
 * responder sending a byte a second would never time out. A watchdog
 * thread cancels the query at its deadline, whatever the network does. */
typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  gboolean      fired;
  gint64        deadline;      /* monotonic */
  GCancellable *cancellable;   /* the query's own */
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *dog = data;

  g_mutex_lock (&dog->lock);
  while (!dog->done)
    if (!g_cond_wait_until (&dog->cond, &dog->lock, dog->deadline) && !dog->done)
      {
        dog->fired = TRUE;
        g_cancellable_cancel (dog->cancellable);
        break;
      }
  g_mutex_unlock (&dog->lock);
  return NULL;
}

static void
forward_cancel (GCancellable *caller,
                gpointer      query)
{
  g_cancellable_cancel (query);
}

static GBytes *post_request_once (GUri          *uri,
                                  const char    *host,
                                  GBytes        *request,
                                  guint          timeout_seconds,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* post_request_once() ended within @timeout_seconds in all: the caller's
 * cancellation is still G_IO_ERROR_CANCELLED, the deadline a TIMEOUT. */
static GBytes *
post_request (GUri          *uri,
              const char    *host,
              GBytes        *request,
              guint          timeout_seconds,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GCancellable) query = g_cancellable_new ();
  g_autoptr(GError) local = NULL;
  GThread *thread;
  GBytes *answer;
  gulong handler = 0;
  Watchdog dog = { 0 };

  g_mutex_init (&dog.lock);
  g_cond_init (&dog.cond);
  dog.deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  dog.cancellable = query;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel), query, NULL);
  thread = g_thread_new ("cf-ocsp-deadline", watchdog_thread, &dog);

  answer = post_request_once (uri, host, request, timeout_seconds, query, &local);

  g_mutex_lock (&dog.lock);
  dog.done = TRUE;
  g_cond_signal (&dog.cond);
  g_mutex_unlock (&dog.lock);
  g_thread_join (thread);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (answer == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) && dog.fired &&
          !g_cancellable_is_cancelled (cancellable))
        {
          g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "");

          set_transport_error (error, timed_out, host, timeout_seconds);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local));
    }
  g_mutex_clear (&dog.lock);
  g_cond_clear (&dog.cond);
  return answer;
}

/* POSTs @request and returns the body of a 2xx answer, at most
 * CF_OCSP_MAX_RESPONSE_SIZE bytes. */
static GBytes *
post_request_once (GUri          *uri,
                   const char    *host,
                   GBytes        *request,
                   guint          timeout_seconds,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GError) local = NULL;
  SoupMessageHeaders *headers;
  guint status;
  goffset length;
  guint8 buffer[16384];

  session = soup_session_new_with_options ("timeout", timeout_seconds,
                                           "idle-timeout", timeout_seconds,
                                           "user-agent", "Certifica/" PACKAGE_VERSION " ",
                                           NULL);
  message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  /* A responder answers where it is asked; a redirect is not an answer. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_append (soup_message_get_request_headers (message),
                               "Accept", "application/ocsp-response");
  soup_message_set_request_body_from_bytes (message, "application/ocsp-request", request);

  stream = soup_session_send (session, message, cancellable, &local);
  if (stream == NULL)
    {
      set_transport_error (error, local, host, timeout_seconds);
      return NULL;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_RESPONDER,
                   _("The revocation service at %s refused the query (HTTP %u %s). "
                     "Try again later; if it keeps failing, check its address."),
                   host, status, soup_message_get_reason_phrase (message));
      return NULL;
    }

  headers = soup_message_get_response_headers (message);
  length = soup_message_headers_get_content_length (headers);
  if (length > CF_OCSP_MAX_RESPONSE_SIZE)
    goto too_big;

  body = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local);

      if (n < 0)
        {
          set_transport_error (error, local, host, timeout_seconds);
          return NULL;
        }
      if (n == 0)
        break;
      if (body->len + (gsize) n > CF_OCSP_MAX_RESPONSE_SIZE)
        goto too_big;
      g_byte_array_append (body, buffer, n);
    }

  /* Closing only releases the connection; the answer is complete. */
  g_input_stream_close (stream, NULL, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));

too_big:
  set_bad_response (error, host, _("it is far larger than any revocation answer."));
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The answer                                                           */
/* ------------------------------------------------------------------ */

static gboolean
check_response_status (gnutls_ocsp_resp_t   resp,
                       const char          *host,
                       GError             **error)
{
  const char *why;

  switch (gnutls_ocsp_resp_get_status (resp))
    {
    case GNUTLS_OCSP_RESP_SUCCESSFUL:
      return TRUE;
    case GNUTLS_OCSP_RESP_TRYLATER:
      why = _("it is busy. Try again in a few minutes.");
      break;
    case GNUTLS_OCSP_RESP_INTERNALERROR:
      why = _("it had an internal error. Try again later.");
      break;
    case GNUTLS_OCSP_RESP_UNAUTHORIZED:
      why = _("it does not answer for this certificate’s issuer. Check the service’s address "
              "and the issuer certificate.");
      break;
    case GNUTLS_OCSP_RESP_SIGREQUIRED:
      why = _("it only answers signed queries, which Certifica does not send.");
      break;
    case GNUTLS_OCSP_RESP_MALFORMEDREQUEST:
    default:
      why = _("it did not understand the query.");
      break;
    }

  g_set_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_RESPONDER,
               _("The revocation service at %s could not answer: %s"), host, why);
  return FALSE;
}

static gboolean
check_signature (gnutls_ocsp_resp_t   resp,
                 gnutls_x509_crt_t    issuer,
                 const char          *host,
                 GError             **error)
{
  unsigned int verify = 0;

  /* GnuTLS accepts the issuer's own signature, or that of a certificate
   * in the answer which the issuer signed and gave the OCSP-signing
   * purpose (RFC 6960 §4.2.2.2). */
  if (gnutls_ocsp_resp_verify_direct (resp, issuer, &verify, 0) < 0)
    {
      set_bad_response (error, host, _("its signature cannot be read."));
      return FALSE;
    }

  if (verify == 0)
    return TRUE;

  if (verify & GNUTLS_OCSP_VERIFY_SIGNER_KEYUSAGE_ERROR)
    set_bad_response (error, host,
                      _("it is signed by a certificate that the issuer did not authorise "
                        "to answer revocation queries."));
  else if (verify & GNUTLS_OCSP_VERIFY_INSECURE_ALGORITHM)
    set_bad_response (error, host, _("it is signed with an insecure algorithm."));
  else if (verify & GNUTLS_OCSP_VERIFY_CERT_EXPIRED)
    set_bad_response (error, host, _("the certificate that signed it has expired."));
  else if (verify & GNUTLS_OCSP_VERIFY_CERT_NOT_ACTIVATED)
    set_bad_response (error, host, _("the certificate that signed it is not valid yet."));
  else
    set_bad_response (error, host,
                      _("it is not signed by the certificate’s issuer or by a service "
                        "the issuer authorised."));
  return FALSE;
}

/* Our nonce back, or none (a prepared answer, judged by its dates). */
static gboolean
check_nonce (gnutls_ocsp_req_t    req,
             gnutls_ocsp_resp_t   resp,
             const char          *host,
             gboolean            *nonce_checked,
             GError             **error)
{
  gnutls_datum_t sent = { NULL, 0 }, received = { NULL, 0 };
  gboolean ok = TRUE;
  int ret;

  *nonce_checked = FALSE;
  ret = gnutls_ocsp_resp_get_nonce (resp, NULL, &received);
  if (ret == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
    return TRUE;

  if (ret < 0 || gnutls_ocsp_req_get_nonce (req, NULL, &sent) < 0 ||
      !datum_equal (&sent, &received))
    {
      set_bad_response (error, host,
                        _("it answers another query (its nonce differs from ours), "
                          "as an old answer replayed would."));
      ok = FALSE;
    }
  else
    {
      *nonce_checked = TRUE;
    }

  gnutls_free (sent.data);
  gnutls_free (received.data);
  return ok;
}

/* The single response about @cert, checked for currency, as a result. */
static CfOcspResult *
read_single (gnutls_ocsp_resp_t   resp,
             gnutls_x509_crt_t    cert,
             gnutls_x509_crt_t    issuer,
             const char          *host,
             GError             **error)
{
  unsigned int i;

  for (i = 0;; i++)
    {
      gnutls_digest_algorithm_t digest;
      gnutls_datum_t name_hash = { NULL, 0 }, key_hash = { NULL, 0 }, serial = { NULL, 0 };
      unsigned int cert_status = 0;
      time_t this_update = -1, next_update = -1, revocation_time = -1;
      unsigned int reason = GNUTLS_X509_CRLREASON_UNSPECIFIED;
      gboolean match;
      gint64 now;
      CfOcspResult *result;
      int ret;

      ret = gnutls_ocsp_resp_get_single (resp, i, &digest, &name_hash, &key_hash, &serial,
                                         &cert_status, &this_update, &next_update,
                                         &revocation_time, &reason);
      if (ret < 0)
        break;

      match = cert_id_matches (cert, issuer, digest, &name_hash, &key_hash, &serial);
      gnutls_free (name_hash.data);
      gnutls_free (key_hash.data);
      gnutls_free (serial.data);
      if (!match)
        continue;

      now = g_get_real_time () / G_USEC_PER_SEC;
      if (this_update == (time_t) -1 || (gint64) this_update > now + CLOCK_SKEW_SECONDS)
        {
          set_bad_response (error, host,
                            _("it is dated in the future. Check this computer’s date and time."));
          return NULL;
        }
      if (next_update != (time_t) -1 && (gint64) next_update < now - CLOCK_SKEW_SECONDS)
        {
          set_bad_response (error, host,
                            _("it is out of date (an old answer). Check this computer’s "
                              "date and time, or try again later."));
          return NULL;
        }

      result = g_new0 (CfOcspResult, 1);
      g_atomic_ref_count_init (&result->ref_count);
      result->this_update = date_time_from_unix (this_update);
      result->next_update = date_time_from_unix (next_update);
      result->reason = CF_OCSP_REASON_UNSPECIFIED;
      switch (cert_status)
        {
        case GNUTLS_OCSP_CERT_GOOD:
          result->status = CF_OCSP_STATUS_GOOD;
          break;
        case GNUTLS_OCSP_CERT_REVOKED:
          result->status = CF_OCSP_STATUS_REVOKED;
          result->revocation_time = date_time_from_unix (revocation_time);
          if (reason <= CF_OCSP_REASON_AA_COMPROMISE && reason != 7)
            result->reason = (CfOcspReason) reason;
          break;
        case GNUTLS_OCSP_CERT_UNKNOWN:
        default:
          result->status = CF_OCSP_STATUS_UNKNOWN;
          break;
        }
      return result;
    }

  set_bad_response (error, host, _("it is about another certificate."));
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Thread function                                                      */
/* ------------------------------------------------------------------ */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *check = task_data;
  g_autoptr(CfOcspResult) result = NULL;
  GError *error = NULL;
  CfOcspOptions options;

  cf_ocsp_options_init (&options);
  options.url = check->url;
  options.default_url = check->default_url;
  options.cache_dir = check->cache_dir;
  options.timeout_seconds = check->timeout_seconds;
  options.max_age_days = check->max_age_days;
  if (cf_ocsp_check_with_options (check->certificate, check->issuer, &options, cancellable,
                                  &result, &error) == CF_OCSP_STATUS_ERROR)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) cf_ocsp_result_unref);
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */
/* ------------------------------------------------------------------ */

const char *
cf_ocsp_status_to_string (CfOcspStatus status)
{
  switch (status)
    {
    case CF_OCSP_STATUS_GOOD:    return "good";
    case CF_OCSP_STATUS_REVOKED: return "revoked";
    case CF_OCSP_STATUS_UNKNOWN: return "unknown";
    case CF_OCSP_STATUS_ERROR:
    default:                     return "error";
    }
}

const char *
cf_ocsp_reason_to_string (CfOcspReason reason)
{
  switch (reason)
    {
    case CF_OCSP_REASON_KEY_COMPROMISE:         return "key-compromise";
    case CF_OCSP_REASON_CA_COMPROMISE:          return "ca-compromise";
    case CF_OCSP_REASON_AFFILIATION_CHANGED:    return "affiliation-changed";
    case CF_OCSP_REASON_SUPERSEDED:             return "superseded";
    case CF_OCSP_REASON_CESSATION_OF_OPERATION: return "cessation-of-operation";
    case CF_OCSP_REASON_CERTIFICATE_HOLD:       return "certificate-hold";
    case CF_OCSP_REASON_REMOVE_FROM_CRL:        return "remove-from-crl";
    case CF_OCSP_REASON_PRIVILEGE_WITHDRAWN:    return "privilege-withdrawn";
    case CF_OCSP_REASON_AA_COMPROMISE:          return "aa-compromise";
    case CF_OCSP_REASON_UNSPECIFIED:
    default:                                    return "unspecified";
    }
}

const char *
cf_ocsp_reason_get_label (CfOcspReason reason)
{
  switch (reason)
    {
    case CF_OCSP_REASON_KEY_COMPROMISE:         return _("The private key was compromised");
    case CF_OCSP_REASON_CA_COMPROMISE:          return _("The issuing authority was compromised");
    case CF_OCSP_REASON_AFFILIATION_CHANGED:    return _("The holder’s details changed");
    case CF_OCSP_REASON_SUPERSEDED:             return _("Replaced by a new certificate");
    case CF_OCSP_REASON_CESSATION_OF_OPERATION: return _("No longer needed");
    case CF_OCSP_REASON_CERTIFICATE_HOLD:       return _("Suspended");
    case CF_OCSP_REASON_REMOVE_FROM_CRL:        return _("Suspension lifted");
    case CF_OCSP_REASON_PRIVILEGE_WITHDRAWN:    return _("The right to use it was withdrawn");
    case CF_OCSP_REASON_AA_COMPROMISE:          return _("The attribute authority was compromised");
    case CF_OCSP_REASON_UNSPECIFIED:
    default:                                    return _("No reason given");
    }
}

CfOcspResult *
cf_ocsp_result_ref (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
cf_ocsp_result_unref (CfOcspResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->revocation_time, g_date_time_unref);
  g_clear_pointer (&self->this_update, g_date_time_unref);
  g_clear_pointer (&self->next_update, g_date_time_unref);
  g_free (self->responder_url);
  g_free (self);
}

CfOcspStatus
cf_ocsp_result_get_status (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, CF_OCSP_STATUS_ERROR);
  return self->status;
}

GDateTime *
cf_ocsp_result_get_revocation_time (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->revocation_time;
}

CfOcspReason
cf_ocsp_result_get_reason (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, CF_OCSP_REASON_UNSPECIFIED);
  return self->reason;
}

GDateTime *
cf_ocsp_result_get_this_update (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->this_update;
}

GDateTime *
cf_ocsp_result_get_next_update (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->next_update;
}

const char *
cf_ocsp_result_get_responder_url (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->responder_url;
}

gboolean
cf_ocsp_result_get_nonce_checked (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->nonce_checked;
}

gboolean
cf_ocsp_result_get_from_cache (CfOcspResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->from_cache;
}

char *
cf_ocsp_result_to_json (CfOcspResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  cf_json_builder_add_string (builder, "status", cf_ocsp_status_to_string (self->status));
  if (self->status == CF_OCSP_STATUS_REVOKED)
    {
      json_add_date_time (builder, "revocation_time", self->revocation_time);
      cf_json_builder_add_string (builder, "reason", cf_ocsp_reason_to_string (self->reason));
    }
  cf_json_builder_add_string (builder, "responder", self->responder_url);
  json_add_date_time (builder, "this_update", self->this_update);
  json_add_date_time (builder, "next_update", self->next_update);
  json_builder_set_member_name (builder, "nonce_checked");
  json_builder_add_boolean_value (builder, self->nonce_checked);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return cf_json_to_string (root, CF_JSON_PRETTY);
}

char *
cf_ocsp_dup_responder_url (gnutls_x509_crt_t cert)
{
  unsigned int seq;

  g_return_val_if_fail (cert != NULL, NULL);

  for (seq = 0;; seq++)
    {
      gnutls_datum_t data = { NULL, 0 };
      g_autofree char *url = NULL;
      int ret;

      ret = gnutls_x509_crt_get_authority_info_access (cert, seq, GNUTLS_IA_OCSP_URI, &data, NULL);
      if (ret == GNUTLS_E_UNKNOWN_ALGORITHM)
        continue;   /* a CA Issuers entry, not OCSP */
      if (ret < 0)
        return NULL;

      if (data.size > 0 && memchr (data.data, '\0', data.size) == NULL)
        url = g_strndup ((const char *) data.data, data.size);
      gnutls_free (data.data);
      if (url != NULL && (g_ascii_strncasecmp (url, "http://", 7) == 0 ||
                          g_ascii_strncasecmp (url, "https://", 8) == 0))
        return g_steal_pointer (&url);
    }
}

/* ------------------------------------------------------------------ */
/* The cache of good answers                                            */
/* ------------------------------------------------------------------ */

/* One file per certificate and issuer: the SHA-256 of both DERs. */
static char *
cache_path (const char        *cache_dir,
            gnutls_x509_crt_t  cert,
            gnutls_x509_crt_t  issuer)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gnutls_datum_t der = { NULL, 0 };
  g_autofree char *name = NULL;

  if (gnutls_x509_crt_export2 (cert, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  g_checksum_update (checksum, der.data, der.size);
  gnutls_free (der.data);
  if (gnutls_x509_crt_export2 (issuer, GNUTLS_X509_FMT_DER, &der) < 0)
    return NULL;
  g_checksum_update (checksum, der.data, der.size);
  gnutls_free (der.data);

  name = g_strconcat (g_checksum_get_string (checksum), ".der", NULL);
  return g_build_filename (cache_dir, name, NULL);
}

/* A cached answer is checked as a new one would be (signature, the
 * certificate it is about, its dates) but for the nonce, and used only
 * while GOOD, before its nextUpdate and within CF_OCSP_CACHE_MAX_SECONDS
 * of its thisUpdate: dates the responder signed, not the file's. */
static CfOcspResult *
read_cached (const char        *path,
             gnutls_x509_crt_t  cert,
             gnutls_x509_crt_t  issuer,
             const char        *url)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gnutls_ocsp_resp_t resp = NULL;
  gnutls_datum_t datum;
  CfOcspResult *result = NULL;
  gsize length = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!g_file_get_contents (path, &contents, &length, NULL) ||
      length == 0 || length > CF_OCSP_MAX_RESPONSE_SIZE)
    return NULL;
  datum.data = (unsigned char *) contents;
  datum.size = length;
  if (gnutls_ocsp_resp_init (&resp) < 0)
    return NULL;
  if (gnutls_ocsp_resp_import (resp, &datum) >= 0 &&
      check_response_status (resp, "cache", &error) &&
      check_signature (resp, issuer, "cache", &error))
    result = read_single (resp, cert, issuer, "cache", &error);
  gnutls_ocsp_resp_deinit (resp);

  if (result != NULL &&
      (result->status != CF_OCSP_STATUS_GOOD ||
       now >= g_date_time_to_unix (result->this_update) + CF_OCSP_CACHE_MAX_SECONDS ||
       (result->next_update != NULL && now >= g_date_time_to_unix (result->next_update))))
    g_clear_pointer (&result, cf_ocsp_result_unref);

  if (result == NULL)
    {
      g_debug ("OCSP cache %s not used%s%s", path, error != NULL ? ": " : "",
               error != NULL ? error->message : "");
      return NULL;
    }
  result->responder_url = g_strdup (url);
  result->from_cache = TRUE;
  return result;
}

static void
write_cached (const char *cache_dir,
              const char *path,
              GBytes     *answer)
{
  g_autoptr(GError) error = NULL;

  /* A cache that cannot be written only costs a query next time. */
  if (g_mkdir_with_parents (cache_dir, 0700) != 0 ||
      !cf_atomic_file_write (path, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                             0600, &error))
    g_debug ("OCSP answer not cached in %s: %s", cache_dir,
             error != NULL ? error->message : g_strerror (errno));
}

/* ------------------------------------------------------------------ */
/* The check                                                            */
/* ------------------------------------------------------------------ */

static CfOcspStatus
check_crt (gnutls_x509_crt_t     cert,
           gnutls_x509_crt_t     issuer,
           const CfOcspOptions  *options,
           GCancellable         *cancellable,
           CfOcspResult        **out_result,
           GError              **error)
{
  g_autofree char *found_url = NULL;
  g_autofree char *host = NULL;
  g_autofree char *cached_path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  gnutls_ocsp_req_t req = NULL;
  gnutls_ocsp_resp_t resp = NULL;
  gnutls_datum_t der = { NULL, 0 };
  gnutls_datum_t answer_datum;
  CfOcspResult *result = NULL;
  gboolean nonce_checked = FALSE;
  CfOcspStatus status = CF_OCSP_STATUS_ERROR;
  const char *url = options->url;
  guint timeout_seconds = options->timeout_seconds;
  guint max_age_days = options->max_age_days;

  if (out_result != NULL)
    *out_result = NULL;
  if (timeout_seconds == 0)
    timeout_seconds = CF_OCSP_DEFAULT_TIMEOUT;
  if (max_age_days == 0)
    max_age_days = CF_OCSP_DEFAULT_MAX_AGE_DAYS;

  if (url == NULL)
    {
      url = found_url = cf_ocsp_dup_responder_url (cert);
      if (url == NULL)
        url = options->default_url;
      if (url == NULL)
        {
          g_set_error_literal (error, CF_OCSP_ERROR, CF_OCSP_ERROR_NO_RESPONDER_URL,
                               _("This certificate does not say where to ask whether it was "
                                 "revoked. Give the address of the issuer’s revocation "
                                 "service (OCSP)."));
          return CF_OCSP_STATUS_ERROR;
        }
    }

  uri = parse_responder_url (url, error);
  if (uri == NULL)
    return CF_OCSP_STATUS_ERROR;
  host = describe_host (uri);

  if (!check_issuer (cert, issuer, error))
    return CF_OCSP_STATUS_ERROR;

  if (options->cache_dir != NULL)
    {
      cached_path = cache_path (options->cache_dir, cert, issuer);
      result = cached_path != NULL ? read_cached (cached_path, cert, issuer, url) : NULL;
      if (result != NULL)
        {
          g_debug ("OCSP answer for %s from the cache", host);
          status = result->status;
          goto done;
        }
    }

  /* SHA-1 CertIDs are what every responder understands (RFC 5019). */
  if (gnutls_ocsp_req_init (&req) < 0 ||
      gnutls_ocsp_req_add_cert (req, GNUTLS_DIG_SHA1, issuer, cert) < 0 ||
      gnutls_ocsp_req_randomize_nonce (req) < 0 ||
      gnutls_ocsp_req_export (req, &der) < 0)
    {
      g_set_error_literal (error, CF_OCSP_ERROR, CF_OCSP_ERROR_FAILED,
                           _("Could not prepare the revocation query for this certificate."));
      goto out;
    }
  request = g_bytes_new (der.data, der.size);

  g_debug ("OCSP query to %s", url);
  answer = post_request (uri, host, request, timeout_seconds, cancellable, error);
  if (answer == NULL)
    goto out;

  answer_datum.data = (unsigned char *) g_bytes_get_data (answer, NULL);
  answer_datum.size = g_bytes_get_size (answer);
  if (gnutls_ocsp_resp_init (&resp) < 0)
    {
      g_set_error_literal (error, CF_OCSP_ERROR, CF_OCSP_ERROR_FAILED,
                           _("Could not prepare to read the revocation answer (out of memory?)."));
      goto out;
    }
  if (answer_datum.size == 0 || gnutls_ocsp_resp_import (resp, &answer_datum) < 0)
    {
      set_bad_response (error, host, _("it is not an OCSP response. Check the service’s address."));
      goto out;
    }

  if (!check_response_status (resp, host, error) ||
      !check_signature (resp, issuer, host, error) ||
      !check_nonce (req, resp, host, &nonce_checked, error))
    goto out;

  result = read_single (resp, cert, issuer, host, error);
  if (result == NULL)
    goto out;

  /* Without our nonce nothing shows the answer is new but its date: an
   * old one replayed must not pass for today's. */
  if (!nonce_checked &&
      g_get_real_time () / G_USEC_PER_SEC - g_date_time_to_unix (result->this_update) >
      (gint64) max_age_days * 24 * 3600)
    {
      g_autofree char *why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "it carries no nonce and was made more than "
                                                           "%u day ago, as an old answer replayed would be.",
                                                           "it carries no nonce and was made more than "
                                                           "%u days ago, as an old answer replayed would be.",
                                                           max_age_days),
                                              max_age_days);

      set_bad_response (error, host, why);
      g_clear_pointer (&result, cf_ocsp_result_unref);
      goto out;
    }

  result->responder_url = g_strdup (url);
  result->nonce_checked = nonce_checked;
  status = result->status;
  g_debug ("OCSP answer from %s: %s", host, cf_ocsp_status_to_string (status));
  if (status == CF_OCSP_STATUS_GOOD && cached_path != NULL)
    write_cached (options->cache_dir, cached_path, answer);

done:
  if (out_result != NULL)
    *out_result = g_steal_pointer (&result);
  else
    cf_ocsp_result_unref (result);

out:
  gnutls_free (der.data);
  if (req != NULL)
    gnutls_ocsp_req_deinit (req);
  if (resp != NULL)
    gnutls_ocsp_resp_deinit (resp);
  return status;
}

void
cf_ocsp_options_init (CfOcspOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
}

char *
cf_ocsp_dup_default_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "certifica", "ocsp", NULL);
}

CfOcspStatus
cf_ocsp_check (gnutls_x509_crt_t   cert,
               gnutls_x509_crt_t   issuer,
               const char         *url,
               guint               timeout_seconds,
               GCancellable       *cancellable,
               CfOcspResult      **out_result,
               GError            **error)
{
  CfOcspOptions options;

  g_return_val_if_fail (cert != NULL, CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (issuer != NULL, CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, CF_OCSP_STATUS_ERROR);

  cf_ocsp_options_init (&options);
  options.url = url;
  options.timeout_seconds = timeout_seconds;
  return check_crt (cert, issuer, &options, cancellable, out_result, error);
}

static gnutls_x509_crt_t
import_certificate (CfCertificate  *certificate,
                    GError        **error)
{
  GBytes *der = cf_certificate_get_der (certificate);
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;

  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if (gnutls_x509_crt_init (&crt) < 0)
    goto fail;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      goto fail;
    }
  return crt;

fail:
  /* CfCertificate parsed these bytes already: only memory can fail here. */
  g_set_error_literal (error, CF_OCSP_ERROR, CF_OCSP_ERROR_FAILED,
                       _("Could not prepare the revocation query for this certificate."));
  return NULL;
}

CfOcspStatus
cf_ocsp_check_with_options (CfCertificate        *certificate,
                            CfCertificate        *issuer,
                            const CfOcspOptions  *options,
                            GCancellable         *cancellable,
                            CfOcspResult        **out_result,
                            GError              **error)
{
  gnutls_x509_crt_t cert_crt = NULL;
  gnutls_x509_crt_t issuer_crt = NULL;
  CfOcspStatus status = CF_OCSP_STATUS_ERROR;

  g_return_val_if_fail (CF_IS_CERTIFICATE (certificate), CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (CF_IS_CERTIFICATE (issuer), CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (options != NULL, CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, CF_OCSP_STATUS_ERROR);

  if (out_result != NULL)
    *out_result = NULL;

  cert_crt = import_certificate (certificate, error);
  if (cert_crt != NULL)
    issuer_crt = import_certificate (issuer, error);
  if (issuer_crt != NULL)
    status = check_crt (cert_crt, issuer_crt, options, cancellable, out_result, error);

  if (cert_crt != NULL)
    gnutls_x509_crt_deinit (cert_crt);
  if (issuer_crt != NULL)
    gnutls_x509_crt_deinit (issuer_crt);
  return status;
}

CfOcspStatus
cf_ocsp_check_certificate (CfCertificate  *certificate,
                           CfCertificate  *issuer,
                           const char     *url,
                           guint           timeout_seconds,
                           GCancellable   *cancellable,
                           CfOcspResult  **out_result,
                           GError        **error)
{
  CfOcspOptions options;

  cf_ocsp_options_init (&options);
  options.url = url;
  options.timeout_seconds = timeout_seconds;
  return cf_ocsp_check_with_options (certificate, issuer, &options, cancellable, out_result, error);
}

void
cf_ocsp_check_with_options_async (CfCertificate        *certificate,
                                  CfCertificate        *issuer,
                                  const CfOcspOptions  *options,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *check;

  g_return_if_fail (CF_IS_CERTIFICATE (certificate));
  g_return_if_fail (CF_IS_CERTIFICATE (issuer));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  check = g_new0 (CheckData, 1);
  check->certificate = g_object_ref (certificate);
  check->issuer = g_object_ref (issuer);
  check->url = g_strdup (options->url);
  check->default_url = g_strdup (options->default_url);
  check->cache_dir = g_strdup (options->cache_dir);
  check->timeout_seconds = options->timeout_seconds;
  check->max_age_days = options->max_age_days;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cf_ocsp_check_async);
  g_task_set_task_data (task, check, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

void
cf_ocsp_check_async (CfCertificate       *certificate,
                     CfCertificate       *issuer,
                     const char          *url,
                     guint                timeout_seconds,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  CfOcspOptions options;

  cf_ocsp_options_init (&options);
  options.url = url;
  options.timeout_seconds = timeout_seconds;
  cf_ocsp_check_with_options_async (certificate, issuer, &options, cancellable, callback, user_data);
}

CfOcspStatus
cf_ocsp_check_finish (GAsyncResult  *result,
                      CfOcspResult **out_result,
                      GError       **error)
{
  g_autoptr(CfOcspResult) ocsp = NULL;
  CfOcspStatus status;

  g_return_val_if_fail (g_task_is_valid (result, NULL), CF_OCSP_STATUS_ERROR);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cf_ocsp_check_async,
                        CF_OCSP_STATUS_ERROR);

  if (out_result != NULL)
    *out_result = NULL;

  ocsp = g_task_propagate_pointer (G_TASK (result), error);
  if (ocsp == NULL)
    return CF_OCSP_STATUS_ERROR;

  status = ocsp->status;
  if (out_result != NULL)
    *out_result = g_steal_pointer (&ocsp);
  return status;
}

CfOcspStatus
cf_ocsp_check_with_options_finish (GAsyncResult  *result,
                                   CfOcspResult **out_result,
                                   GError       **error)
{
  return cf_ocsp_check_finish (result, out_result, error);
}
