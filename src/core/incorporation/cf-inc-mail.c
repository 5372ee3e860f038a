/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-mail.c: a draft e-mail through xdg-email, or a mailto: address.
 * xdg-email is what the desktop provides to hand attachments to whichever
 * client the user chose; a mailto: address cannot carry attachments. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-inc-mail.h"

G_DEFINE_QUARK (cf-inc-mail-error-quark, cf_inc_mail_error)

/* RFC 3986 unreserved characters stay; everything else is %XX. */
static void
append_encoded (GString    *out,
                const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
        g_string_append_c (out, *p);
      else if (*p == '\n' && (p == (const guchar *) text || p[-1] != '\r'))
        g_string_append (out, "%0D%0A");   /* RFC 6068: line breaks are CRLF */
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

char *
cf_inc_mail_build_mailto (const char *to,
                          const char *subject,
                          const char *body)
{
  GString *out = g_string_new ("mailto:");
  char sep = '?';

  g_return_val_if_fail (to != NULL, NULL);

  /* The address keeps its @: RFC 6068 allows it in the path. */
  for (const char *p = to; *p != '\0'; p++)
    {
      if (*p == '@')
        g_string_append_c (out, '@');
      else
        {
          char c[2] = { *p, '\0' };
          append_encoded (out, c);
        }
    }
  if (subject != NULL && *subject != '\0')
    {
      g_string_append_printf (out, "%csubject=", sep);
      append_encoded (out, subject);
      sep = '&';
    }
  if (body != NULL && *body != '\0')
    {
      g_string_append_printf (out, "%cbody=", sep);
      append_encoded (out, body);
    }
  return g_string_free (out, FALSE);
}

GStrv
cf_inc_mail_build_argv (const char         *program,
                        const char         *to,
                        const char         *subject,
                        const char         *body,
                        const char * const *attachments)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, program);
  g_strv_builder_add (builder, "--utf8");
  if (subject != NULL && *subject != '\0')
    g_strv_builder_add_many (builder, "--subject", subject, NULL);
  if (body != NULL && *body != '\0')
    g_strv_builder_add_many (builder, "--body", body, NULL);
  for (guint i = 0; attachments != NULL && attachments[i] != NULL; i++)
    g_strv_builder_add_many (builder, "--attach", attachments[i], NULL);
  g_strv_builder_add (builder, to);
  return g_strv_builder_end (builder);
}

static void
on_wait_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  if (!g_subprocess_communicate_utf8_finish (process, result, NULL, &err_text, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_strstrip (err_text != NULL ? err_text : (err_text = g_strdup ("")));
      g_task_return_new_error (task, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_FAILED,
                               /* Translators: %s is what the mail tool said, may be empty. */
                               _("The mail client could not be opened. %s"), err_text);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cf_inc_mail_compose_async (const char          *to,
                           const char          *subject,
                           const char          *body,
                           const char * const  *attachments,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *program = g_find_program_in_path ("xdg-email");
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, cf_inc_mail_compose_async);
  g_return_if_fail (to != NULL);

  if (program == NULL)
    {
      g_task_return_new_error (task, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_NO_CLIENT,
                               "%s", _("No mail client can be opened with attachments (xdg-email is not installed)."));
      return;
    }
  argv = cf_inc_mail_build_argv (program, to, subject, body, attachments);
  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      g_task_return_new_error (task, CF_INC_MAIL_ERROR, CF_INC_MAIL_ERROR_NO_CLIENT,
                               _("The mail client could not be opened. %s"), error->message);
      return;
    }
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, on_wait_cb, g_steal_pointer (&task));
}

gboolean
cf_inc_mail_compose_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
