/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cf-plan.h"

/* (element-type CfPlanRow): @n_subjects rows in @n_plans plans (1–100). */
GPtrArray *bench_plan_rows (guint n_subjects,
                            guint n_plans);
