#!/usr/bin/env bash
# The PostgreSQL server the suite runs against is there and is PostgreSQL 15.
# build-aux/dev test starts it (build-aux/pg-test-server) and sets
# CF_TEST_PG_URI and CF_TEST_PG_PASSWORD. Without them this test is skipped,
# except in CI (CI=true) or under build-aux/dev test (CF_TEST_PG_REQUIRED=1),
# where a missing server is a failure: PostgreSQL tests never skip silently there.
set -euo pipefail

if [ -z "${CF_TEST_PG_URI:-}" ]; then
  if [ "${CI:-}" = true ] || [ "${CF_TEST_PG_REQUIRED:-}" = 1 ]; then
    echo "pg-server: CF_TEST_PG_URI is not set, so there is no PostgreSQL test server;" \
         "start one with build-aux/pg-test-server (build-aux/dev test does)" >&2
    exit 1
  fi
  echo "pg-server: CF_TEST_PG_URI is not set; skipping (see build-aux/pg-test-server)"
  exit 77
fi

psql=psql
command -v psql >/dev/null 2>&1 || psql=/usr/lib/postgresql/15/bin/psql
[ -x "$(command -v "$psql")" ] || { echo "pg-server: psql is not installed" >&2; exit 1; }

# The password goes to this psql call only, never to the test environment.
version=$(PGPASSWORD="${CF_TEST_PG_PASSWORD:-}" PGCONNECT_TIMEOUT=10 \
  "$psql" -X -w -q -A -t -v ON_ERROR_STOP=1 -d "$CF_TEST_PG_URI" -c 'SELECT version()')
echo "pg-server: $version"
case $version in
  "PostgreSQL 15."*) ;;
  *) echo "pg-server: expected PostgreSQL 15 at $CF_TEST_PG_URI, got: $version" >&2; exit 1 ;;
esac
