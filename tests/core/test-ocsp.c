/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OCSP checks against real responders: certificates made with openssl in a
 * temporary folder, `openssl ocsp` answering on a local port, and a small
 * HTTP server (GSocketService) for answers no honest responder gives. */

#include "config.h"

#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cf-ocsp.h"
#include "cf-test-ocsp.h"
#include "cf-test-util.h"

#define REVOKED_AT_ISO CF_TEST_OCSP_REVOKED_AT_ISO

static char *tmpdir;
static guint16 main_port;   /* in the AIA of the leaf certificates */

/* ------------------------------------------------------------------ */
/* Helpers                                                              */
/* ------------------------------------------------------------------ */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GBytes *
read_tmp (const char *name)
{
  g_autofree char *path = tmp_path (name);

  return cf_test_read_file (path);
}

static gnutls_x509_crt_t
load_crt (const char *name)
{
  g_autoptr(GBytes) data = read_tmp (name);
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;

  datum.data = (unsigned char *) g_bytes_get_data (data, NULL);
  datum.size = g_bytes_get_size (data);
  g_assert_cmpint (gnutls_x509_crt_init (&crt), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM), ==, 0);
  return crt;
}

static char *
local_url (guint16 port)
{
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* ------------------------------------------------------------------ */
/* A small HTTP server: reads one request, sends canned bytes          */
/* ------------------------------------------------------------------ */

typedef struct
{
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  GBytes         *reply;     /* the whole HTTP answer */
  guint16         port;
  GMutex          mutex;
  GCond           cond;
  gboolean        ready;
} TinyServer;

static void
read_request (GInputStream *in)
{
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  gsize content_length = 0;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, NULL);

      if (line == NULL)
        return;
      g_strchomp (line);
      if (*line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (line + 15, NULL, 10);
    }

  while (content_length > 0)
    {
      guint8 buffer[4096];
      gssize n = g_input_stream_read (G_INPUT_STREAM (data), buffer,
                                      MIN (sizeof buffer, content_length), NULL, NULL);

      if (n <= 0)
        return;
      content_length -= n;
    }
}

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source_object,
                gpointer           user_data)
{
  TinyServer *server = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  read_request (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  /* The client may hang up early (an answer too big): not our concern. */
  g_output_stream_write_all (out, g_bytes_get_data (server->reply, NULL),
                             g_bytes_get_size (server->reply), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
tiny_server_thread (gpointer user_data)
{
  TinyServer *server = user_data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  /* The service accepts in the context that is the default when it starts. */
  g_main_context_push_thread_default (server->context);
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming_cb), server);
  g_socket_service_start (server->service);

  g_mutex_lock (&server->mutex);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);

  g_main_loop_run (server->loop);

  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

/* Serves @body (with @status_line) to every request until freed. A
 * negative @content_length leaves the header out (the body ends when the
 * connection closes). */
static TinyServer *
tiny_server_new (const char *status_line,
                 GBytes     *body,
                 gssize      content_length)
{
  TinyServer *server = g_new0 (TinyServer, 1);
  GString *reply = g_string_new (NULL);

  g_string_append_printf (reply, "HTTP/1.1 %s\r\n"
                                 "Content-Type: application/ocsp-response\r\n"
                                 "Connection: close\r\n", status_line);
  if (content_length >= 0)
    g_string_append_printf (reply, "Content-Length: %" G_GSSIZE_FORMAT "\r\n", content_length);
  g_string_append (reply, "\r\n");
  g_string_append_len (reply, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  server->reply = g_string_free_to_bytes (reply);

  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("tiny-http", tiny_server_thread, server);

  g_mutex_lock (&server->mutex);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
  return server;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
tiny_server_free (TinyServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_bytes_unref (server->reply);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TinyServer, tiny_server_free)

/* ------------------------------------------------------------------ */
/* Fixture: openssl responders started by the case, stopped here       */
/* ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *responders;   /* GSubprocess */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->responders = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_test_ocsp_stop_responder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->responders);
}

/* `openssl ocsp` answering for ca.pem from index.txt, signed by @rsigner
 * (without its certificate in the answer when @no_certs). */
static void
start_responder (Fixture    *f,
                 guint16     port,
                 const char *rsigner,
                 const char *rkey,
                 gboolean    no_certs)
{
  g_ptr_array_add (f->responders,
                   cf_test_ocsp_start_responder (tmpdir, port, rsigner, rkey, no_certs));
}

static void
start_main_responder (Fixture *f)
{
  start_responder (f, main_port, "ca.pem", "ca.key", FALSE);
}

/* Checks @name (issued by @issuer) against @url (NULL: its AIA). */
static CfOcspStatus
check (const char    *name,
       const char    *issuer,
       const char    *url,
       guint          timeout_seconds,
       CfOcspResult **result,
       GError       **error)
{
  g_autofree char *cert_file = g_strdup_printf ("%s.pem", name);
  g_autofree char *issuer_file = g_strdup_printf ("%s.pem", issuer);
  gnutls_x509_crt_t cert = load_crt (cert_file);
  gnutls_x509_crt_t issuer_crt = load_crt (issuer_file);
  CfOcspStatus status;

  status = cf_ocsp_check (cert, issuer_crt, url, timeout_seconds, NULL, result, error);
  if (status == CF_OCSP_STATUS_ERROR && error != NULL && *error != NULL)
    g_test_message ("%s", (*error)->message);
  gnutls_x509_crt_deinit (cert);
  gnutls_x509_crt_deinit (issuer_crt);
  return status;
}

/* An answer to an earlier query, as a replaying attacker would keep it. */
static GBytes *
fetch_response (const char *name,
                gboolean    nonce)
{
  g_autofree char *cert_file = g_strdup_printf ("%s.pem", name);
  g_autofree char *url = local_url (main_port);

  cf_test_openssl (tmpdir, "ocsp", "-issuer", "ca.pem", "-cert", cert_file, "-url", url,
           "-CAfile", "ca.pem", nonce ? "-nonce" : "-no_nonce",
           "-respout", "saved.der", NULL);
  return read_tmp ("saved.der");
}

/* ------------------------------------------------------------------ */
/* Cases                                                                */
/* ------------------------------------------------------------------ */

static void
test_responder_url (void)
{
  gnutls_x509_crt_t good = load_crt ("good.pem");
  gnutls_x509_crt_t noaia = load_crt ("noaia.pem");
  g_autofree char *expected = local_url (main_port);
  g_autofree char *url = cf_ocsp_dup_responder_url (good);
  g_autofree char *none = cf_ocsp_dup_responder_url (noaia);

  g_assert_cmpstr (url, ==, expected);
  g_assert_null (none);
  gnutls_x509_crt_deinit (good);
  gnutls_x509_crt_deinit (noaia);
}

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = local_url (main_port);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CfOcspStatus status;

  start_main_responder (f);
  status = check ("good", "ca", NULL, 0, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, CF_OCSP_STATUS_GOOD);
  g_assert_nonnull (result);
  g_assert_cmpint (cf_ocsp_result_get_status (result), ==, CF_OCSP_STATUS_GOOD);
  g_assert_null (cf_ocsp_result_get_revocation_time (result));
  g_assert_cmpstr (cf_ocsp_result_get_responder_url (result), ==, url);
  g_assert_true (cf_ocsp_result_get_nonce_checked (result));
  g_assert_nonnull (cf_ocsp_result_get_this_update (result));
  g_assert_nonnull (cf_ocsp_result_get_next_update (result));
  /* -ndays 1 */
  g_assert_cmpint (g_date_time_difference (cf_ocsp_result_get_next_update (result), now),
                   >, 23 * G_TIME_SPAN_HOUR);
}

static void
test_good_without_result (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = local_url (main_port);

  start_main_responder (f);
  /* The URL given wins over the AIA, which noaia.pem has not. */
  g_assert_cmpint (check ("noaia", "ca", url, 0, NULL, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *json = NULL;
  CfOcspStatus status;

  start_main_responder (f);
  status = check ("revoked", "ca", NULL, 0, &result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, CF_OCSP_STATUS_REVOKED);
  g_assert_cmpint (cf_ocsp_result_get_reason (result), ==, CF_OCSP_REASON_KEY_COMPROMISE);
  g_assert_cmpstr (cf_ocsp_reason_to_string (cf_ocsp_result_get_reason (result)), ==, "key-compromise");
  g_assert_nonnull (cf_ocsp_result_get_revocation_time (result));
  when = g_date_time_format_iso8601 (cf_ocsp_result_get_revocation_time (result));
  g_assert_cmpstr (when, ==, REVOKED_AT_ISO);

  json = cf_ocsp_result_to_json (result);
  g_assert_nonnull (strstr (json, "\"status\": \"revoked\""));
  g_assert_nonnull (strstr (json, "\"revocation_time\": \"" REVOKED_AT_ISO "\""));
  g_assert_nonnull (strstr (json, "\"reason\": \"key-compromise\""));
}

static void
test_unknown (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  start_main_responder (f);
  /* Issued by the CA, but not in its index. */
  g_assert_cmpint (check ("unlisted", "ca", NULL, 0, &result, &error), ==, CF_OCSP_STATUS_UNKNOWN);
  g_assert_no_error (error);
  g_assert_cmpint (cf_ocsp_result_get_status (result), ==, CF_OCSP_STATUS_UNKNOWN);
  g_assert_null (cf_ocsp_result_get_revocation_time (result));
}

static void
test_foreign_ca (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  start_main_responder (f);
  /* This responder says "unknown" for another CA's certificate, but signs
   * it with a key that CA never authorised: not an answer to trust. */
  g_assert_cmpint (check ("foreign", "other-ca", NULL, 0, &result, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_null (result);
}

static void
test_responder_down (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = cf_test_free_port ();
  g_autofree char *url = local_url (port);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", port);
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (check ("good", "ca", url, 0, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, host));
  /* Refused at once, not after the 20 s timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static GSocket *
silent_socket (guint16 *port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  /* Listens but never accepts: the kernel completes the connection and
   * takes the query, and nobody ever answers. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  gint64 start, elapsed;

  socket = silent_socket (&port);
  url = local_url (port);
  start = g_get_monotonic_time ();
  g_assert_cmpint (check ("good", "ca", url, 1, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_cmpint (elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

static void
on_checked_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *good_path = tmp_path ("good.pem");
  g_autofree char *ca_path = tmp_path ("ca.pem");
  g_autoptr(CfCertificate) good = cf_certificate_new_from_file (good_path, NULL);
  g_autoptr(CfCertificate) ca = cf_certificate_new_from_file (ca_path, NULL);
  g_autofree char *url = NULL;
  guint16 port;
  gint64 start;

  g_assert_nonnull (good);
  g_assert_nonnull (ca);
  socket = silent_socket (&port);
  url = local_url (port);

  start = g_get_monotonic_time ();
  cf_ocsp_check_async (good, ca, url, 30, cancellable, on_checked_cb, &result);
  g_timeout_add (200, cancel_cb, cancellable);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (cf_ocsp_check_finish (result, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static void
test_async_good (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CfOcspResult) ocsp = NULL;
  g_autofree char *revoked_path = tmp_path ("revoked.pem");
  g_autofree char *ca_path = tmp_path ("ca.pem");
  g_autoptr(CfCertificate) revoked = cf_certificate_new_from_file (revoked_path, NULL);
  g_autoptr(CfCertificate) ca = cf_certificate_new_from_file (ca_path, NULL);

  start_main_responder (f);
  cf_ocsp_check_async (revoked, ca, NULL, 0, NULL, on_checked_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (cf_ocsp_check_finish (result, &ocsp, &error), ==, CF_OCSP_STATUS_REVOKED);
  g_assert_no_error (error);
  g_assert_cmpint (cf_ocsp_result_get_reason (ocsp), ==, CF_OCSP_REASON_KEY_COMPROMISE);
}

static void
test_garbage (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("<html>Hello, this is not OCSP</html>", 36);
  g_autoptr(TinyServer) server = tiny_server_new ("200 OK", junk, g_bytes_get_size (junk));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = local_url (server->port);

  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
}

static void
test_empty (void)
{
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr(TinyServer) server = tiny_server_new ("200 OK", nothing, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = local_url (server->port);

  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
}

static void
test_http_error (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("busy", 4);
  g_autoptr(TinyServer) server = tiny_server_new ("503 Service Unavailable", body, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = local_url (server->port);

  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_RESPONDER);
  g_assert_nonnull (strstr (error->message, "503"));
}

static void
test_too_big (void)
{
  gsize size = CF_OCSP_MAX_RESPONSE_SIZE + 100000;
  g_autofree guint8 *filler = g_malloc0 (size);
  g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&filler), size);
  g_autoptr(GError) error = NULL;

  /* Announced by its length, then sent without one (read to the limit). */
  {
    g_autoptr(GBytes) small = g_bytes_new_static ("x", 1);
    g_autoptr(TinyServer) server = tiny_server_new ("200 OK", small, size);
    g_autofree char *url = local_url (server->port);

    g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
    g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
    g_clear_error (&error);
  }
  {
    g_autoptr(TinyServer) server = tiny_server_new ("200 OK", body, -1);
    g_autofree char *url = local_url (server->port);

    g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
    g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  }
}

static void
test_replayed_nonce (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(TinyServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  start_main_responder (f);
  saved = fetch_response ("good", TRUE);
  server = tiny_server_new ("200 OK", saved, g_bytes_get_size (saved));
  url = local_url (server->port);

  /* A genuine, signed, current answer, but to another query. */
  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "nonce"));
}

static void
test_prepared_answer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(TinyServer) server = NULL;
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  start_main_responder (f);
  saved = fetch_response ("good", FALSE);
  server = tiny_server_new ("200 OK", saved, g_bytes_get_size (saved));
  url = local_url (server->port);

  /* Without a nonce (as CAs' prepared answers come), current: accepted. */
  g_assert_cmpint (check ("good", "ca", url, 5, &result, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
  g_assert_false (cf_ocsp_result_get_nonce_checked (result));
}

static void
test_other_certificate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(TinyServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  start_main_responder (f);
  saved = fetch_response ("revoked", FALSE);
  server = tiny_server_new ("200 OK", saved, g_bytes_get_size (saved));
  url = local_url (server->port);

  /* Asking about good.pem, answered about revoked.pem. */
  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "another certificate"));
}

static gboolean
have_cryptography (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import cryptography.x509.ocsp", NULL };

  if (g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE) && cf_test_spawn (argv, NULL, NULL, NULL) == 0)
    return TRUE;
  g_test_skip ("/usr/bin/python3 with python3-cryptography is needed");
  return FALSE;
}

/* Serves a "good" answer about good.pem with these dates (seconds from
 * now; G_MININT64: no nextUpdate), which `openssl ocsp` cannot make:
 * python3-cryptography writes it, signed by the CA, without a nonce. */
static CfOcspStatus
check_dated (gint64   this_update,
             gint64   next_update,
             GError **error)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "core", "ocsp-response.py", NULL);
  g_autofree char *cert = tmp_path ("good.pem");
  g_autofree char *issuer = tmp_path ("ca.pem");
  g_autofree char *key = tmp_path ("ca.key");
  g_autofree char *out = tmp_path ("dated.der");
  g_autofree char *this_text = g_strdup_printf ("%" G_GINT64_FORMAT, this_update);
  g_autofree char *next_text = next_update == G_MININT64 ? g_strdup ("none")
                               : g_strdup_printf ("%" G_GINT64_FORMAT, next_update);
  const char *argv[] = { "/usr/bin/python3", script, cert, issuer, key, this_text, next_text, out, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(TinyServer) server = NULL;
  g_autofree char *url = NULL;

  g_assert_cmpint (cf_test_spawn (argv, NULL, NULL, &err), ==, 0);
  answer = read_tmp ("dated.der");
  server = tiny_server_new ("200 OK", answer, g_bytes_get_size (answer));
  url = local_url (server->port);
  return check ("good", "ca", url, 5, NULL, error);
}

static void
test_stale (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_cryptography ())
    return;
  /* Its nextUpdate passed an hour ago. */
  g_assert_cmpint (check_dated (-2 * 24 * 3600, -3600, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "out of date"));
}

static void
test_future (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_cryptography ())
    return;
  /* Dated an hour from now: a wrong clock somewhere. */
  g_assert_cmpint (check_dated (3600, 2 * 3600, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "future"));
}

static void
test_replayed_old (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_cryptography ())
    return;
  /* No nonce and no nextUpdate to expire: only its age, 400 days, gives
   * away an old answer replayed. Six days old is still accepted. */
  g_assert_cmpint (check_dated (-400 * 24 * 3600, G_MININT64, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "nonce"));
  g_clear_error (&error);
  g_assert_cmpint (check_dated (-6 * 24 * 3600, G_MININT64, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
}

static void
test_clock_skew (void)
{
  g_autoptr(GError) error = NULL;

  if (!have_cryptography ())
    return;
  /* Two minutes ahead, or a nextUpdate two minutes gone, are within the
   * five minutes allowed; no nextUpdate at all is fine too. */
  g_assert_cmpint (check_dated (120, 24 * 3600, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
  g_assert_cmpint (check_dated (-3600, -120, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
  g_assert_cmpint (check_dated (-3600, G_MININT64, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
}

static void
test_unrelated_signer (Fixture       *f,
                       gconstpointer  data)
{
  guint16 port = cf_test_free_port ();
  g_autofree char *url = local_url (port);
  g_autoptr(GError) error = NULL;

  /* Signed by a key the CA never certified, its certificate included. */
  start_responder (f, port, "rogue.pem", "rogue.key", FALSE);
  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
}

static void
test_unrelated_signer_no_certs (Fixture       *f,
                                gconstpointer  data)
{
  guint16 port = cf_test_free_port ();
  g_autofree char *url = local_url (port);
  g_autoptr(GError) error = NULL;

  /* The same without its certificate: the signature fails against the CA. */
  start_responder (f, port, "rogue.pem", "rogue.key", TRUE);
  g_assert_cmpint (check ("revoked", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
}

static void
test_delegated (Fixture       *f,
                gconstpointer  data)
{
  guint16 port = cf_test_free_port ();
  g_autofree char *url = local_url (port);
  g_autoptr(CfOcspResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A responder certificate issued by the CA for OCSP signing. */
  start_responder (f, port, "delegate.pem", "delegate.key", FALSE);
  g_assert_cmpint (check ("good", "ca", url, 5, &result, &error), ==, CF_OCSP_STATUS_GOOD);
  g_assert_no_error (error);
  g_clear_pointer (&result, cf_ocsp_result_unref);
  g_assert_cmpint (check ("revoked", "ca", url, 5, &result, &error), ==, CF_OCSP_STATUS_REVOKED);
  g_assert_no_error (error);
}

static void
test_delegated_without_eku (Fixture       *f,
                            gconstpointer  data)
{
  guint16 port = cf_test_free_port ();
  g_autofree char *url = local_url (port);
  g_autoptr(GError) error = NULL;

  /* Issued by the CA, but not for OCSP signing. */
  start_responder (f, port, "delegate-noeku.pem", "delegate-noeku.key", FALSE);
  g_assert_cmpint (check ("good", "ca", url, 5, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "authorise"));
}

static void
test_no_url (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (check ("noaia", "ca", NULL, 0, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_NO_RESPONDER_URL);
}

static void
test_invalid_url (void)
{
  const char *urls[] = { "ftp://127.0.0.1/", "127.0.0.1:80", "http://", "" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (check ("good", "ca", urls[i], 0, NULL, &error), ==, CF_OCSP_STATUS_ERROR);
      g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_INVALID_URL);
    }
}

static void
test_wrong_issuer (void)
{
  g_autoptr(GError) error = NULL;

  /* No query is sent: the check stops before the network. */
  g_assert_cmpint (check ("good", "other-ca", "http://127.0.0.1:9/", 0, NULL, &error),
                   ==, CF_OCSP_STATUS_ERROR);
  g_assert_error (error, CF_OCSP_ERROR, CF_OCSP_ERROR_WRONG_ISSUER);
}

static void
test_strings (void)
{
  g_assert_cmpstr (cf_ocsp_status_to_string (CF_OCSP_STATUS_GOOD), ==, "good");
  g_assert_cmpstr (cf_ocsp_status_to_string (CF_OCSP_STATUS_REVOKED), ==, "revoked");
  g_assert_cmpstr (cf_ocsp_status_to_string (CF_OCSP_STATUS_UNKNOWN), ==, "unknown");
  g_assert_cmpstr (cf_ocsp_reason_to_string (CF_OCSP_REASON_SUPERSEDED), ==, "superseded");
  g_assert_cmpstr (cf_ocsp_reason_to_string (CF_OCSP_REASON_AA_COMPROMISE), ==, "aa-compromise");
  g_assert_cmpstr (cf_ocsp_reason_get_label (CF_OCSP_REASON_KEY_COMPROMISE), !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (openssl_path == NULL)
    {
      g_printerr ("openssl not found: skipping\n");
      return 77;
    }

  tmpdir = cf_test_mkdtemp ();
  main_port = cf_test_free_port ();
  cf_test_ocsp_make_pki (tmpdir, main_port);

#define ADD_F(path, func) \
  g_test_add ("/core/ocsp/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/core/ocsp/strings", test_strings);
  g_test_add_func ("/core/ocsp/responder-url", test_responder_url);
  ADD_F ("good", test_good);
  ADD_F ("good-url-given", test_good_without_result);
  ADD_F ("revoked", test_revoked);
  ADD_F ("unknown", test_unknown);
  ADD_F ("foreign-ca", test_foreign_ca);
  ADD_F ("async", test_async_good);
  g_test_add_func ("/core/ocsp/responder-down", test_responder_down);
  g_test_add_func ("/core/ocsp/timeout", test_timeout);
  g_test_add_func ("/core/ocsp/cancel", test_cancel);
  g_test_add_func ("/core/ocsp/garbage", test_garbage);
  g_test_add_func ("/core/ocsp/empty", test_empty);
  g_test_add_func ("/core/ocsp/http-error", test_http_error);
  g_test_add_func ("/core/ocsp/too-big", test_too_big);
  ADD_F ("replayed-nonce", test_replayed_nonce);
  ADD_F ("prepared-answer", test_prepared_answer);
  ADD_F ("other-certificate", test_other_certificate);
  g_test_add_func ("/core/ocsp/stale", test_stale);
  g_test_add_func ("/core/ocsp/future", test_future);
  g_test_add_func ("/core/ocsp/clock-skew", test_clock_skew);
  g_test_add_func ("/core/ocsp/replayed-old", test_replayed_old);
  ADD_F ("unrelated-signer", test_unrelated_signer);
  ADD_F ("unrelated-signer-no-certs", test_unrelated_signer_no_certs);
  ADD_F ("delegated", test_delegated);
  ADD_F ("delegated-without-eku", test_delegated_without_eku);
  g_test_add_func ("/core/ocsp/no-url", test_no_url);
  g_test_add_func ("/core/ocsp/invalid-url", test_invalid_url);
  g_test_add_func ("/core/ocsp/wrong-issuer", test_wrong_issuer);

  status = g_test_run ();
  cf_test_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
