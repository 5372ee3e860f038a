#!/usr/bin/env bash
# The core, render and CLI layers never include or link GTK.
set -eu
src=$1; cli=$2
status=0
# gdk-pixbuf (GLib only, the logo's image formats) is allowed: <gdk-pixbuf/…>.
bad=$(grep -rlE '#include *<(gtk|gdk/|gdk\.h|adwaita)' "$src/src/core" "$src/src/render" "$src/src/cli" 2>/dev/null || true)
if [ -n "$bad" ]; then echo "GTK headers outside src/ui:"; echo "$bad"; status=1; fi
if ldd "$cli" | grep -E 'libgtk|libadwaita'; then echo "certifica-cli links GTK"; status=1; fi
exit $status
