#!/usr/bin/env bash
# po/es.po must translate every message the sources have today, and every
# file with translatable strings must be listed in po/POTFILES.in.
set -euo pipefail
src=$1
cd "$src"
status=0

missing=$(git ls-files 'src/*.c' 'src/*.ui' 'data/*.ui' 'data/*.in' 'schemas/*.xml' 2>/dev/null |
  while read -r f; do
    if grep -qE '(^|[^a-zA-Z_])(_|N_|C_|NC_)\(|translatable="yes"|<_?summary>|Name=' "$f" 2>/dev/null &&
       ! grep -qxF "$f" po/POTFILES.in; then echo "$f"; fi
  done)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"; echo "$missing"; status=1
fi

for f in $(grep -v '^#' po/POTFILES.in | sed '/^$/d'); do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 --add-comments --directory="$src" --files-from=<(grep -v '^#' po/POTFILES.in | sed '/^$/d') \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --keyword=g_dpgettext2:2c,3 --keyword=ngettext:1,2 --package-name=certifica -o "$tmp/certifica.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
msgmerge --quiet --no-fuzzy-matching -o "$tmp/es.po" po/es.po "$tmp/certifica.pot"
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/es.po" 2>&1)
echo "es: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "po/es.po is incomplete. Untranslated messages:"
    msgattrib --untranslated --no-obsolete "$tmp/es.po" | grep -A1 "^msgid" | sed -n 1,60p || true
    status=1 ;;
esac
msgfmt --check -o /dev/null po/es.po || status=1
exit $status
