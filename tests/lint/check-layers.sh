#!/usr/bin/env bash
# The core, render and CLI layers never include or link GTK; only the store speaks SQL.
set -eu
src=$1; cli=$2
status=0
# gdk-pixbuf (GLib only, the logo's image formats) is allowed: <gdk-pixbuf/…>.
bad=$(grep -rlE '#include *<(gtk|gdk/|gdk\.h|adwaita)' "$src/src/core" "$src/src/render" "$src/src/cli" 2>/dev/null || true)
if [ -n "$bad" ]; then echo "GTK headers outside src/ui:"; echo "$bad"; status=1; fi
# Only src/core/store/ speaks SQL: no SQLite or libpq call, header or PRAGMA elsewhere.
sql=$(grep -rnE 'sqlite3_|<sqlite3\.h>|<libpq-fe\.h>|\bPQ[a-z]+ *\(|PRAGMA ' "$src/src" 2>/dev/null |
  grep -v "^$src/src/core/store/" || true)
if [ -n "$sql" ]; then echo "SQL outside src/core/store:"; echo "$sql"; status=1; fi
# PRAGMA only in the SQLite driver.
pragma=$(grep -rn 'PRAGMA ' "$src/src/core/store" | grep -v 'cf-sql-sqlite\.c' || true)
if [ -n "$pragma" ]; then echo "PRAGMA outside the SQLite driver:"; echo "$pragma"; status=1; fi
if ldd "$cli" | grep -E 'libgtk|libadwaita'; then echo "certifica-cli links GTK"; status=1; fi
exit $status
