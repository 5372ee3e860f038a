/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/workspace's sealing part (workspace-seal.c). */
#pragma once

#include "cf-store.h"

/* Seals @n certificates of @n_subjects with 1 and 2 workers against raw
 * signatures, then makes their PDFs, and prints the figures. */
void bench_workspace_seal (CfStore *store,
                           guint    n,
                           guint    n_subjects);
