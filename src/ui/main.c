/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cf-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CfApplication) app = NULL;
  const char *localedir = g_getenv ("CF_LOCALEDIR");
  gboolean restart;
  int status;

  /* Flow tests point CF_LOCALEDIR at the translations in the build folder. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cf_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  restart = cf_application_get_restart_requested (app);
  g_clear_object (&app);

  /* Preferences → Restart Now: the same program with the same arguments. */
  if (restart)
    {
      execv ("/proc/self/exe", argv);
      execvp (argv[0], argv);
      g_printerr ("certifica: could not start again: %s\n", g_strerror (errno));
    }
  return status;
}
