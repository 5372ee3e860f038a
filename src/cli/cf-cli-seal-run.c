/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-seal-run.c: see the header. */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "cf-cli-seal-run.h"

static gboolean
on_interrupt_cb (gpointer user_data)
{
  CfCliSealRun *run = user_data;

  /* What is being sealed finishes whole; nothing is left half-written. */
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

void
cf_cli_seal_run_begin (CfCliSealRun *run)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  run->show_progress = isatty (STDERR_FILENO);
  run->sigint = g_unix_signal_add (SIGINT, on_interrupt_cb, run);
  run->sigterm = g_unix_signal_add (SIGTERM, on_interrupt_cb, run);
}

void
cf_cli_seal_run_progress (const CfSealProgress *progress,
                          gpointer              user_data)
{
  CfCliSealRun *run = user_data;
  g_autofree char *line = NULL;

  if (!run->show_progress)
    return;
  /* One line, rewritten in place: it is a terminal. */
  if (progress->done < progress->total)
    line = g_strdup_printf (_("Sealed %u of %u — %.1f per second, %.0f s left"),
                            progress->done, progress->total, progress->rate, ceil (progress->eta));
  else
    line = g_strdup_printf (_("Sealed %u of %u — %.1f per second"),
                            progress->done, progress->total, progress->rate);
  g_printerr ("\r%-70s", line);
  run->progress_shown = TRUE;
}

void
cf_cli_seal_run_done (CfCliSealRun *run)
{
  g_main_loop_quit (run->loop);
}

void
cf_cli_seal_run_wait (CfCliSealRun *run)
{
  g_main_loop_run (run->loop);
  /* Deliveries queued before the end. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_handle_id (&run->sigint, g_source_remove);
  g_clear_handle_id (&run->sigterm, g_source_remove);
  if (run->progress_shown)
    g_printerr ("\n");
}

void
cf_cli_seal_run_clear (CfCliSealRun *run)
{
  g_clear_handle_id (&run->sigint, g_source_remove);
  g_clear_handle_id (&run->sigterm, g_source_remove);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
}
