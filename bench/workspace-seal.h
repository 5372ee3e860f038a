/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench/workspace's sealing part (workspace-seal.c). */
#pragma once

#include "cf-store.h"
#include "cf-sealer.h"

/* Seals @n certificates of @n_subjects with 1 and 2 workers against raw
 * signatures, then makes their PDFs, and prints the figures. */
void bench_workspace_seal (CfStore *store,
                           guint    n,
                           guint    n_subjects);

/* Imports and checks @n certificates of @n_subjects (students of career
 * "7@pass"), lists every certificate of the store and seals these @n,
 * printing the peak RSS after each step. */
void bench_workspace_memory (CfStore *store,
                             guint    pass,
                             guint    n,
                             guint    n_subjects);

/* A generated e.firma registered as the signer of every campus, and a
 * sealer with it that accepts its unchecked revocation. */
CfSealer *bench_workspace_sealer_new (CfStore        *store,
                                      CfCertificate **out_certificate);
/* @n listo certificates of @n_subjects (students of career "7@pass"),
 * checked as the page does; their ids. */
GArray   *bench_workspace_make_ready (CfStore       *store,
                                      guint          pass,
                                      guint          n,
                                      guint          n_subjects,
                                      CfCertificate *signer);
