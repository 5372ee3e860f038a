/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cf-render.h"

#include <pango/pangocairo.h>

char *
cf_render_describe_stack (void)
{
  return g_strdup_printf ("cairo %s, pango %s", cairo_version_string (), pango_version_string ());
}
