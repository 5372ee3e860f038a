#!/usr/bin/env bash
# help/es/es.po must translate every paragraph the English help pages have
# today: a page changed in English and not in Spanish shows English to a
# Spanish-speaking registrar.
set -euo pipefail
src=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$src/help/C"
itstool -o "$tmp/help.pot" ./*.page
msgmerge --quiet --no-fuzzy-matching -o "$tmp/es.po" "$src/help/es/es.po" "$tmp/help.pot"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1)
echo "help es: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "help/es/es.po is incomplete. Untranslated paragraphs:"
    msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep -A2 "^msgid" | sed -n 1,60p || true
    exit 1 ;;
esac
