/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small, valid Programa de Estudios shared by the plan tests. */
#pragma once

#include <glib/gstdio.h>

#include "cf-plan.h"
#include "cf-store.h"
#include "cf-test-util.h"

/* One institution, one campus, one career, plan 2018 with three subjects
 * (IDs 1001–1003), and a second career (102) with plan 2020 and two. */
static const char * const fixture_subjects[][CF_PLAN_N_COLUMNS] = {
  { "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", "101", "621317", "LICENCIATURA EN DERECHO",
    "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", "3", "24",
    "1001", "DER101", "INTRODUCCIÓN AL DERECHO", "263", "8", "1", "VIGENTE" },
  { "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", "101", "621317", "LICENCIATURA EN DERECHO",
    "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", "3", "24",
    "1002", "DER102", "DERECHO ROMANO", "263", "8", "1", "VIGENTE" },
  { "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", "101", "621317", "LICENCIATURA EN DERECHO",
    "2018", "20180409", "2018-04-09", "91", "81", "5", "10", "6", "3", "24",
    "1003", "DER201", "TEORÍA DEL ESTADO", "263", "8", "2", "VIGENTE" },
  { "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", "102", "621318", "LICENCIATURA EN PSICOLOGÍA",
    "2020", "ACUERDO 1980", "2020-01-15", "93", "81", "0", "100", "70", "2", "12.5",
    "2001", "PSI101", "BASES BIOLÓGICAS", "263", "6.5", "1", "VIGENTE" },
  { "090123", "UNIVERSIDAD EJEMPLO", "090101", "ÚNICO", "09", "102", "621318", "LICENCIATURA EN PSICOLOGÍA",
    "2020", "ACUERDO 1980", "2020-01-15", "93", "81", "0", "100", "70", "2", "12.5",
    "2002", "PSI102", "PSICOLOGÍA GENERAL", "264", "6", "1", "VIGENTE" },
};

#define FIXTURE_N_ROWS G_N_ELEMENTS (fixture_subjects)

static inline GPtrArray *
fixture_rows (void)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_row_free);

  for (guint r = 0; r < FIXTURE_N_ROWS; r++)
    {
      CfPlanRow *row = cf_plan_row_new ();

      for (guint c = 0; c < CF_PLAN_N_COLUMNS; c++)
        cf_plan_row_set (row, c, fixture_subjects[r][c]);
      row->row = r + 2;
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static inline CfPlanBook *
fixture_book (void)
{
  g_autoptr(GPtrArray) rows = fixture_rows ();
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) cf_plan_rejected_row_free);
  CfPlanBook *book = cf_plan_book_new_from_rows (rows, rejected);

  g_assert_cmpuint (rejected->len, ==, 0);
  return book;
}

/* The first subject whose ID_ASIGNATURA is @id. */
static inline CfPlanNode *
fixture_subject (CfPlanBook *book,
                 const char *id)
{
  g_autoptr(GPtrArray) subjects = cf_plan_book_list_subjects (book, FALSE);

  for (guint i = 0; i < subjects->len; i++)
    if (g_str_equal (cf_plan_node_get (g_ptr_array_index (subjects, i), CF_PLAN_COL_ID_ASIGNATURA), id))
      return g_ptr_array_index (subjects, i);
  g_assert_not_reached ();
  return NULL;
}

/* A store in a fresh temporary folder. */
static inline CfStore *
fixture_store (char **dir_out)
{
  g_autofree char *dir = cf_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "certifica.db", NULL);
  g_autoptr(GError) error = NULL;
  CfStore *store;

  store = cf_store_open (path, &error);
  g_assert_no_error (error);
  if (dir_out != NULL)
    *dir_out = g_steal_pointer (&dir);
  return store;
}
