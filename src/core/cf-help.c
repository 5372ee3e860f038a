/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-help.c: the help's address: the viewer's, else the HTML pages'. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "cf-help.h"

/* DATADIR/help/LANG/APP_ID/html/NAME.html, if it is there. */
static char *
html_page (const char *help_root,
           const char *language,
           const char *app_id,
           const char *name)
{
  g_autofree char *file_name = g_strconcat (name, ".html", NULL);
  g_autofree char *path = g_build_filename (help_root, language, app_id, "html", file_name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_filename_to_uri (path, NULL, NULL);
}

char *
cf_help_dup_uri (const char         *app_id,
                 const char         *section,
                 gboolean            has_viewer,
                 const char         *help_root,
                 const char * const *languages)
{
  static const char * const c_only[] = { "C", NULL };

  g_return_val_if_fail (app_id != NULL, NULL);

  if (section == NULL || *section == '\0')
    section = "index";
  if (has_viewer)
    return g_strdup_printf ("help:%s/%s", app_id, section);
  if (help_root == NULL)
    return NULL;
  if (languages == NULL)
    languages = c_only;

  /* The page in the first language that has it; then that language's
   * index (a page not built); then the English original. */
  for (guint i = 0; languages[i] != NULL; i++)
    {
      char *uri;

      /* "es_MX.UTF-8" and "es@latin" are not folder names. */
      if (strchr (languages[i], '.') != NULL || strchr (languages[i], '@') != NULL)
        continue;
      if ((uri = html_page (help_root, languages[i], app_id, section)) != NULL ||
          (uri = html_page (help_root, languages[i], app_id, "index")) != NULL)
        return uri;
    }
  {
    char *uri = html_page (help_root, "C", app_id, section);

    return uri != NULL ? uri : html_page (help_root, "C", app_id, "index");
  }
}
