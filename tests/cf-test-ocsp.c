/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small PKI and `openssl ocsp` responders for the OCSP tests. */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "cf-test-ocsp.h"

static void
openssl_valist (const char *dir,
                const char *first,
                va_list     ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("openssl %s failed: %s", first, err);
}

void
cf_test_openssl (const char *dir,
                 const char *first,
                 ...)
{
  va_list ap;

  va_start (ap, first);
  openssl_valist (dir, first, ap);
  va_end (ap);
}

guint16
cf_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
make_ca (const char *dir,
         const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *pem = g_strdup_printf ("%s.pem", name);
  g_autofree char *subject = g_strdup_printf ("/O=Certifica tests/CN=%s", name);

  cf_test_openssl (dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                   "-out", pem, "-days", "30", "-subj", subject,
                   "-addext", "basicConstraints=critical,CA:TRUE",
                   "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL);
}

static void
make_leaf (const char *dir,
           const char *name,
           const char *serial,
           const char *ca,
           const char *extfile)
{
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *csr = g_strdup_printf ("%s.csr", name);
  g_autofree char *pem = g_strdup_printf ("%s.pem", name);
  g_autofree char *subject = g_strdup_printf ("/CN=%s", name);
  g_autofree char *ca_pem = g_strdup_printf ("%s.pem", ca);
  g_autofree char *ca_key = g_strdup_printf ("%s.key", ca);

  cf_test_openssl (dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
                   "-subj", subject, NULL);
  cf_test_openssl (dir, "x509", "-req", "-in", csr, "-CA", ca_pem, "-CAkey", ca_key,
                   "-set_serial", serial, "-days", "30", "-extfile", extfile, "-out", pem, NULL);
}

void
cf_test_ocsp_make_pki (const char *dir,
                       guint16     aia_port)
{
  g_autofree char *leaf_ext = NULL;

  /* A CA Issuers entry first: the OCSP one must still be found. */
  leaf_ext = g_strdup_printf ("basicConstraints=CA:FALSE\n"
                              "keyUsage=digitalSignature,nonRepudiation\n"
                              "authorityInfoAccess=caIssuers;URI:http://127.0.0.1/ca.cer,"
                              "OCSP;URI:http://127.0.0.1:%u\n", aia_port);
  write_text (dir, "leaf.ext", leaf_ext);
  write_text (dir, "noaia.ext", "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n");
  write_text (dir, "delegate.ext", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                                   "extendedKeyUsage=OCSPSigning\n");
  write_text (dir, "delegate-noeku.ext", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n");

  make_ca (dir, "ca");
  make_ca (dir, "other-ca");
  make_ca (dir, "rogue");
  make_leaf (dir, "good", "0x1001", "ca", "leaf.ext");
  make_leaf (dir, "revoked", "0x1002", "ca", "leaf.ext");
  make_leaf (dir, "unlisted", "0x1003", "ca", "leaf.ext");
  make_leaf (dir, "noaia", "0x1004", "ca", "noaia.ext");
  make_leaf (dir, "foreign", "0x1001", "other-ca", "leaf.ext");
  make_leaf (dir, "delegate", "0x2001", "ca", "delegate.ext");
  make_leaf (dir, "delegate-noeku", "0x2002", "ca", "delegate-noeku.ext");

  write_text (dir, "index.txt",
              "V\t301231000000Z\t\t1001\tunknown\t/CN=good\n"
              "R\t301231000000Z\t" CF_TEST_OCSP_REVOKED_AT ",keyCompromise\t1002\tunknown\t/CN=revoked\n"
              "V\t301231000000Z\t\t1004\tunknown\t/CN=noaia\n");
}

/* A test that aborts skips its teardown: the responder must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
cf_test_ocsp_start_responder (const char *dir,
                              guint16     port,
                              const char *rsigner,
                              const char *rkey,
                              gboolean    no_certs)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *line = NULL;
  const char *argv[] = {
    "openssl", "ocsp", "-index", "index.txt", "-port", port_text,
    "-rsigner", rsigner, "-rkey", rkey, "-CA", "ca.pem", "-ndays", "1",
    "-ignore_err", no_certs ? "-resp_no_certs" : NULL, NULL
  };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* openssl prints "ACCEPT [::]:PORT PID=…" once it listens. (Probing the
   * port instead would leave openssl 3.0 stuck on the empty connection.) */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line (out, NULL, NULL, NULL);
  if (line == NULL || !g_str_has_prefix (line, "ACCEPT"))
    g_error ("openssl ocsp did not start listening on port %u", port);

  return g_steal_pointer (&process);
}

void
cf_test_ocsp_stop_responder (GSubprocess *responder)
{
  if (responder == NULL)
    return;
  g_subprocess_force_exit (responder);
  g_subprocess_wait (responder, NULL, NULL);
  g_object_unref (responder);
}

/* The certificate's serial in hex, as index.txt wants it. */
static char *
serial_of (const char *dir,
           const char *cer)
{
  const char *script =
    "if openssl x509 -in \"$1\" -inform DER -noout 2>/dev/null; then f=DER; else f=PEM; fi\n"
    "openssl x509 -in \"$1\" -inform $f -noout -serial | cut -d= -f2\n";
  const char * const argv[] = { "sh", "-c", script, "sh", cer, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strstrip (g_steal_pointer (&out));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

GSubprocess *
cf_test_ocsp_serve_cert (const char  *dir,
                         const char  *cer,
                         const char  *ca_pem,
                         const char  *ca_key,
                         gboolean     revoked,
                         char       **out_url)
{
  g_autofree char *template = g_build_filename (dir, "ocsp-XXXXXX", NULL);
  g_autofree char *work = g_mkdtemp (g_strdup (template));
  g_autofree char *ca_copy = NULL;
  g_autofree char *key_copy = NULL;
  g_autofree char *serial = serial_of (dir, cer);
  g_autofree char *index = NULL;
  guint16 port = cf_test_free_port ();

  g_assert_nonnull (work);
  ca_copy = g_build_filename (work, "ca.pem", NULL);
  key_copy = g_build_filename (work, "ca.key", NULL);
  copy_file (ca_pem, ca_copy);
  copy_file (ca_key, key_copy);
  if (revoked)
    index = g_strdup_printf ("R\t301231000000Z\t" CF_TEST_OCSP_REVOKED_AT ",keyCompromise\t%s\tunknown\t/CN=signer\n",
                             serial);
  else
    index = g_strdup_printf ("V\t301231000000Z\t\t%s\tunknown\t/CN=signer\n", serial);
  write_text (work, "index.txt", index);

  *out_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  return cf_test_ocsp_start_responder (work, port, "ca.pem", "ca.key", FALSE);
}
