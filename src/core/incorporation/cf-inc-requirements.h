/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-inc-requirements.h: what the incorporation will need (the wizard's
 * first page, "Requisitos"), each with whether it is already there. Pure:
 * from CfIncorporation's values alone. */
#pragma once

#include "cf-incorporation.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;        /* stable: "institution", "campus", "signers", … */
  char       *title;     /* translated */
  char       *detail;    /* translated: what it is, where it comes from */
  gboolean    done;
} CfIncRequirement;

void       cf_inc_requirement_free          (CfIncRequirement *requirement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CfIncRequirement, cf_inc_requirement_free)

/* (element-type CfIncRequirement), in the order the wizard asks for them. */
GPtrArray *cf_inc_requirements_list         (CfIncorporation  *incorporation);
/* How many of them are done. */
guint      cf_inc_requirements_count_done   (GPtrArray        *requirements);

G_END_DECLS
