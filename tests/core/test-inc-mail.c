/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inc-mail.c: the draft e-mail to SEP: the mailto: address escaped
 * (spaces, accents, &, ?, new lines), xdg-email's arguments, a missing
 * xdg-email reported as NO_CLIENT, and a real run of an xdg-email found in
 * PATH with what it was given. */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "cf-inc-mail.h"

static void
test_mailto (void)
{
  g_autofree char *plain = cf_inc_mail_build_mailto ("a@b.mx", NULL, NULL);
  g_autofree char *full = cf_inc_mail_build_mailto (CF_INC_MAIL_SEP_REGISTRO,
                                                    "Universidad Pérez & Hijos / Registro Institución",
                                                    "Archivos:\n- 01-Registro.xlsx?\r\n100% listo=sí#");
  g_autofree char *no_subject = cf_inc_mail_build_mailto ("a@b.mx", "", "cuerpo");
  g_autofree char *decoded = NULL;
  const char *body;

  g_assert_cmpstr (plain, ==, "mailto:a@b.mx");
  g_assert_cmpstr (full, ==,
                   "mailto:certificacionelectronica@nube.sep.gob.mx"
                   "?subject=Universidad%20P%C3%A9rez%20%26%20Hijos%20%2F%20Registro%20Instituci%C3%B3n"
                   "&body=Archivos%3A%0D%0A-%2001-Registro.xlsx%3F%0D%0A100%25%20listo%3Ds%C3%AD%23");
  g_assert_cmpstr (no_subject, ==, "mailto:a@b.mx?body=cuerpo");

  /* What a client decodes is what was given (CRLF for every line break). */
  body = strstr (full, "&body=") + strlen ("&body=");
  decoded = g_uri_unescape_string (body, NULL);
  g_assert_cmpstr (decoded, ==, "Archivos:\r\n- 01-Registro.xlsx?\r\n100% listo=sí#");
  g_assert_null (strchr (full, ' '));
  g_assert_null (strchr (full, '\n'));
}

static void
test_argv (void)
{
  const char *files[] = { "/tmp/a b.zip", "/tmp/c.pdf", NULL };
  g_auto(GStrv) argv = cf_inc_mail_build_argv ("/usr/bin/xdg-email", "x@y.mx", "Asunto", "Línea 1\nLínea 2", files);
  g_auto(GStrv) bare = cf_inc_mail_build_argv ("xdg-email", "x@y.mx", NULL, NULL, NULL);
  const char *expected[] = { "/usr/bin/xdg-email", "--utf8", "--subject", "Asunto", "--body", "Línea 1\nLínea 2",
                             "--attach", "/tmp/a b.zip", "--attach", "/tmp/c.pdf", "x@y.mx", NULL };
  const char *expected_bare[] = { "xdg-email", "--utf8", "x@y.mx", NULL };

  g_assert_true (g_strv_equal ((const char * const *) argv, expected));
  g_assert_true (g_strv_equal ((const char * const *) bare, expected_bare));
}

static void
on_compose_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  (void) source;
  *out = g_object_ref (result);
}

static gboolean
compose (const char          *to,
         const char          *subject,
         const char          *body,
         const char * const  *files,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cf_inc_mail_compose_async (to, subject, body, files, NULL, on_compose_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return cf_inc_mail_compose_finish (result, error);
}

static void
test_compose (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cf-inc-mail-XXXXXX", NULL);
  g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
  g_autofree char *script = g_build_filename (dir, "xdg-email", NULL);
  g_autofree char *log = g_build_filename (dir, "args.txt", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *logged = NULL;
  const char *files[] = { "/tmp/paquete uno.zip", NULL };
  g_autoptr(GError) error = NULL;

  /* No xdg-email in PATH: the page falls back to showing the folder. */
  g_setenv ("PATH", dir, TRUE);
  g_assert_false (compose ("a@b.mx", "S", "B", files, &error));
  g_assert_error (error, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_NO_CLIENT);
  g_clear_error (&error);

  /* An xdg-email that records its arguments, one a line, then one that
   * fails with a message. */
  script_text = g_strdup_printf ("#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s'\n"
                                 "[ \"$3\" = falla ] && { echo 'sin cliente' >&2; exit 3; }\nexit 0\n", log);
  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_assert_true (compose ("a@b.mx", "Uni / Registro Institución", "Hola", files, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
  g_assert_cmpstr (logged, ==, "--utf8\n--subject\nUni / Registro Institución\n--body\nHola\n"
                               "--attach\n/tmp/paquete uno.zip\na@b.mx\n");

  g_assert_false (compose ("a@b.mx", "falla", NULL, NULL, &error));
  g_assert_error (error, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "sin cliente"));

  g_setenv ("PATH", old_path, TRUE);
  g_remove (log);
  g_remove (script);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inc-mail/mailto", test_mailto);
  g_test_add_func ("/inc-mail/argv", test_argv);
  g_test_add_func ("/inc-mail/compose", test_compose);
  return g_test_run ();
}
