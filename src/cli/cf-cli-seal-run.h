/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-cli-seal-run.h: what `dec seal` and `certs seal` share while their
 * batch runs: a main loop, Ctrl+C / SIGTERM cancelling it (what is being
 * sealed finishes whole), and one progress line on a terminal. */
#pragma once

#include <gio/gio.h>

#include "cf-sealer.h"

G_BEGIN_DECLS

typedef struct
{
  GMainLoop      *loop;
  GCancellable   *cancellable;
  GPtrArray      *results;         /* set by the caller's finish callback */
  GError         *error;
  CfSealProgress  summary;
  gboolean        show_progress;   /* stderr is a terminal */
  gboolean        progress_shown;
  guint           sigint;
  guint           sigterm;
} CfCliSealRun;

/* Makes the loop and the cancellable and starts listening for signals. */
void  cf_cli_seal_run_begin    (CfCliSealRun         *run);
/* A CfSealProgressFunc: @run is its user data. */
void  cf_cli_seal_run_progress (const CfSealProgress *progress,
                                gpointer              run);
/* For the finish callback, once it has set results or error. */
void  cf_cli_seal_run_done     (CfCliSealRun         *run);
/* Runs the loop until done, delivers what was queued before the end,
 * stops listening for signals and ends the progress line. */
void  cf_cli_seal_run_wait     (CfCliSealRun         *run);
/* Frees the loop, the cancellable and an error left (not the results). */
void  cf_cli_seal_run_clear    (CfCliSealRun         *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CfCliSealRun, cf_cli_seal_run_clear)

G_END_DECLS
