/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-logo-rules.h: the logo SEP receives with the Registro de Institución,
 * checked against the rules of data/logo/reglas-logo.ini (formats, pixel
 * size, aspect ratio, file size, colour mode, transparency, background,
 * resolution; SEP's exact numbers are unknown, so the file ships sensible
 * defaults and says so; $XDG_DATA_HOME/certifica/reglas-logo.ini overrides
 * any of them), and a compliant copy made of any image. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CfLogoRules CfLogoRules;

typedef struct
{
  const char *rule;       /* "format", "pixel-size"…: stable, for scripts */
  const char *title;      /* translated */
  gboolean    ok;
  char       *measured;   /* in words, translated where words */
  char       *expected;
} CfLogoCheck;

/* The bundled rules and the user's file. */
CfLogoRules *cf_logo_rules_new_default (GError       **error);
/* Only the rules in @text (a key file). */
CfLogoRules *cf_logo_rules_new_from_data (const char  *text,
                                          GError     **error);
void         cf_logo_rules_free        (CfLogoRules   *rules);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfLogoRules, cf_logo_rules_free)
char        *cf_logo_rules_dup_user_file (void);

void         cf_logo_check_free        (CfLogoCheck   *check);

/* Every rule on the file @path: an array of CfLogoCheck, one per rule in
 * a fixed order; NULL with @error only when the file cannot be read (an
 * image gdk-pixbuf cannot open fails the format rule instead). */
GPtrArray   *cf_logo_rules_check       (CfLogoRules   *rules,
                                        const char    *path,
                                        GError       **error);
/* Whether every check passed. */
gboolean     cf_logo_checks_all_ok     (GPtrArray     *checks);

/* A compliant copy of @path in @out (PNG): converted, scaled into the
 * pixel range (SVG drawn at that size), padded to the aspect range,
 * flattened onto the background colour, without metadata, made smaller
 * until it fits the file size; written atomically. @path is never
 * touched; @out may not be @path. */
gboolean     cf_logo_rules_fix         (CfLogoRules   *rules,
                                        const char    *path,
                                        const char    *out,
                                        GError       **error);

/* The same on bytes already read (a copy kept in the store). */
GPtrArray   *cf_logo_rules_check_bytes (CfLogoRules   *rules,
                                        GBytes        *bytes);
/* The compliant copy as PNG bytes. */
GBytes      *cf_logo_rules_fix_bytes   (CfLogoRules   *rules,
                                        GBytes        *bytes,
                                        GError       **error);
/* Where the rules' numbers come from and their date, as the data file
 * says (NULL when it does not). */
const char  *cf_logo_rules_get_source  (CfLogoRules   *rules);
const char  *cf_logo_rules_get_date    (CfLogoRules   *rules);

/* The default rules (read again) on @bytes in a worker; with @fix, also a
 * compliant copy and its own checks. */
typedef struct
{
  GPtrArray *checks;         /* CfLogoCheck */
  GBytes    *fixed;          /* PNG, with @fix */
  GPtrArray *fixed_checks;   /* with @fix */
} CfLogoExamination;

void         cf_logo_examination_free  (CfLogoExamination *examination);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfLogoExamination, cf_logo_examination_free)

void         cf_logo_rules_examine_async  (GBytes              *bytes,
                                           gboolean             fix,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
CfLogoExamination *cf_logo_rules_examine_finish (GAsyncResult  *result,
                                                 GError       **error);

G_END_DECLS
