/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-mail.h: a draft e-mail to SEP for the incorporation's stages
 * (issue 15): the package to certificacionelectronica@nube.sep.gob.mx, the
 * request for the production portal. Nothing is sent from here: the user's
 * mail client opens with the draft, the files attached where it can. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the Registro de Institución package goes (mec-domain.md §2). */
#define CF_INC_MAIL_SEP_REGISTRO "certificacionelectronica@nube.sep.gob.mx"

#define CF_INC_MAIL_ERROR (cf_inc_mail_error_quark ())

typedef enum
{
  CF_INC_MAIL_ERROR_NO_CLIENT,   /* no xdg-email: open the folder instead */
  CF_INC_MAIL_ERROR_FAILED,      /* xdg-email ran and failed */
} CfIncMailError;

GQuark   cf_inc_mail_error_quark        (void);

/* "mailto:TO?subject=…&body=…", every part percent-encoded (RFC 6068:
 * spaces as %20, new lines as %0D%0A, UTF-8 bytes escaped). @subject and
 * @body may be NULL. */
char    *cf_inc_mail_build_mailto       (const char          *to,
                                         const char          *subject,
                                         const char          *body);

/* The argument vector for xdg-email (without the program's path search):
 * "xdg-email --utf8 --subject S --body B --attach F… TO". */
GStrv    cf_inc_mail_build_argv         (const char          *program,
                                         const char          *to,
                                         const char          *subject,
                                         const char          *body,
                                         const char * const  *attachments);

/* Opens the mail client with the draft, @attachments (absolute paths, may
 * be NULL) attached, by running xdg-email. Without xdg-email in PATH, fails
 * with CF_INC_MAIL_ERROR_NO_CLIENT, so the caller shows the files' folder
 * instead; an xdg-email that fails: CF_INC_MAIL_ERROR_FAILED. */
void     cf_inc_mail_compose_async      (const char          *to,
                                         const char          *subject,
                                         const char          *body,
                                         const char * const  *attachments,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean cf_inc_mail_compose_finish     (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
