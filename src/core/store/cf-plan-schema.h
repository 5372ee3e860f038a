/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cf-plan-schema.h: the store tables of the Programa de Estudios, schema
 * version 2 (a step of cf-store.c's migration table).
 *
 * The working copy is normalised (institution → campus → career → plan →
 * subject, each child row deleted with its parent); `ord` keeps the order
 * people see, the plan order for subjects. Values are TEXT as typed
 * (cf-plan.h explains why). A snapshot is the flat table that was sent to
 * SEP; plan_id_history remembers the first career/subject each ID was sent
 * with, so an ID is never given to another one. */
#pragma once

#define CF_PLAN_SCHEMA_V2_SQL \
  "CREATE TABLE plan_institution (" \
  "  id INTEGER PRIMARY KEY CHECK (id = 1)," \
  "  id_institucion TEXT NOT NULL DEFAULT ''," \
  "  nombre_institucion TEXT NOT NULL DEFAULT ''" \
  ");" \
  "CREATE TABLE plan_campus (" \
  "  id INTEGER PRIMARY KEY," \
  "  institution_id INTEGER NOT NULL REFERENCES plan_institution (id) ON DELETE CASCADE," \
  "  ord INTEGER NOT NULL," \
  "  id_campus TEXT NOT NULL DEFAULT ''," \
  "  campus TEXT NOT NULL DEFAULT ''," \
  "  id_entidad TEXT NOT NULL DEFAULT ''" \
  ");" \
  "CREATE INDEX plan_campus_parent ON plan_campus (institution_id, ord);" \
  "CREATE TABLE plan_career (" \
  "  id INTEGER PRIMARY KEY," \
  "  campus_id INTEGER NOT NULL REFERENCES plan_campus (id) ON DELETE CASCADE," \
  "  ord INTEGER NOT NULL," \
  "  id_carrera TEXT NOT NULL DEFAULT ''," \
  "  clave_carrera TEXT NOT NULL DEFAULT ''," \
  "  nombre_carrera TEXT NOT NULL DEFAULT ''," \
  "  id_nivel_estudios TEXT NOT NULL DEFAULT ''" \
  ");" \
  "CREATE INDEX plan_career_parent ON plan_career (campus_id, ord);" \
  "CREATE TABLE plan_plan (" \
  "  id INTEGER PRIMARY KEY," \
  "  career_id INTEGER NOT NULL REFERENCES plan_career (id) ON DELETE CASCADE," \
  "  ord INTEGER NOT NULL," \
  "  clave_plan TEXT NOT NULL DEFAULT ''," \
  "  no_rvoe TEXT NOT NULL DEFAULT ''," \
  "  fecha_rvoe TEXT NOT NULL DEFAULT ''," \
  "  id_tipo_periodo TEXT NOT NULL DEFAULT ''," \
  "  calificacion_minima TEXT NOT NULL DEFAULT ''," \
  "  calificacion_maxima TEXT NOT NULL DEFAULT ''," \
  "  calificacion_minima_aprobatoria TEXT NOT NULL DEFAULT ''," \
  "  total_asignaturas TEXT NOT NULL DEFAULT ''," \
  "  total_creditos TEXT NOT NULL DEFAULT ''," \
  "  estatus_plan TEXT NOT NULL DEFAULT 'VIGENTE'" \
  ");" \
  "CREATE INDEX plan_plan_parent ON plan_plan (career_id, ord);" \
  "CREATE TABLE plan_subject (" \
  "  id INTEGER PRIMARY KEY," \
  "  plan_id INTEGER NOT NULL REFERENCES plan_plan (id) ON DELETE CASCADE," \
  "  ord INTEGER NOT NULL," \
  "  id_asignatura TEXT NOT NULL DEFAULT ''," \
  "  clave_asignatura TEXT NOT NULL DEFAULT ''," \
  "  nombre_asignatura TEXT NOT NULL DEFAULT ''," \
  "  id_tipo_asignatura TEXT NOT NULL DEFAULT ''," \
  "  creditos TEXT NOT NULL DEFAULT ''," \
  "  periodo TEXT NOT NULL DEFAULT ''" \
  ");" \
  "CREATE INDEX plan_subject_parent ON plan_subject (plan_id, ord);" \
  "CREATE TABLE plan_snapshot (" \
  "  id INTEGER PRIMARY KEY," \
  "  sent_at TEXT NOT NULL," /* ISO 8601, UTC */ \
  "  n_rows INTEGER NOT NULL" \
  ");" \
  "CREATE TABLE plan_snapshot_row (" \
  "  snapshot_id INTEGER NOT NULL REFERENCES plan_snapshot (id) ON DELETE CASCADE," \
  "  ord INTEGER NOT NULL," \
  "  id_institucion TEXT NOT NULL, nombre_institucion TEXT NOT NULL," \
  "  id_campus TEXT NOT NULL, campus TEXT NOT NULL, id_entidad TEXT NOT NULL," \
  "  id_carrera TEXT NOT NULL, clave_carrera TEXT NOT NULL, nombre_carrera TEXT NOT NULL," \
  "  clave_plan TEXT NOT NULL, no_rvoe TEXT NOT NULL, fecha_rvoe TEXT NOT NULL," \
  "  id_tipo_periodo TEXT NOT NULL, id_nivel_estudios TEXT NOT NULL," \
  "  calificacion_minima TEXT NOT NULL, calificacion_maxima TEXT NOT NULL," \
  "  calificacion_minima_aprobatoria TEXT NOT NULL," \
  "  total_asignaturas TEXT NOT NULL, total_creditos TEXT NOT NULL," \
  "  id_asignatura TEXT NOT NULL, clave_asignatura TEXT NOT NULL," \
  "  nombre_asignatura TEXT NOT NULL, id_tipo_asignatura TEXT NOT NULL," \
  "  creditos TEXT NOT NULL, periodo TEXT NOT NULL," \
  "  PRIMARY KEY (snapshot_id, ord)" \
  ");" \
  "CREATE TABLE plan_id_history (" \
  "  kind TEXT NOT NULL CHECK (kind IN ('carrera', 'asignatura'))," \
  "  id TEXT NOT NULL," \
  "  clave TEXT NOT NULL," \
  "  nombre TEXT NOT NULL," \
  "  first_used TEXT NOT NULL," /* sent_at of the first snapshot that had it */ \
  "  snapshot_id INTEGER NOT NULL REFERENCES plan_snapshot (id)," \
  "  PRIMARY KEY (kind, id)" \
  ");"
