/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "certifica"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cf-certs-page-private.h"

void
_cf_certs_page_seal_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
}
