/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Included once by each fuzz target. g_error() ends the process with
 * SIGTRAP, which libFuzzer does not intercept: the run would fail, but
 * without the stack or the crash-* input. This writer logs the message as
 * usual and then aborts, which libFuzzer does report and save. */

#pragma once

#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & G_LOG_LEVEL_ERROR)
    abort ();
  return result;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  return 0;
}
