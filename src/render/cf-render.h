/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Version string of the rendering stack, for the About window. */
char *cf_render_describe_stack (void);

G_END_DECLS
