#!/bin/sh
# The help as HTML, for a computer without a help viewer (F1 then opens
# it in the web browser): build-html.sh SRCDIR LANG OUTDIR STAMP PAGE...
# LANG "C" is the original; another is translated from SRCDIR/LANG/LANG.po
# with itstool first, as Yelp's install does.
#        build-html.sh --install OUTDIR SUBDIR   (a meson install script)
set -eu

if [ "$1" = "--install" ]; then
  dest="${DESTDIR:-}${MESON_INSTALL_PREFIX}/$3"
  mkdir -p "$dest"
  cp -R "$2"/. "$dest"/
  exit 0
fi

srcdir=$1 lang=$2 outdir=$3 stamp=$4
shift 4
rm -rf "$outdir"
mkdir -p "$outdir"
if [ "$lang" = C ]; then
  set -- $(for page in "$@"; do echo "$srcdir/C/$page"; done)
else
  work="$outdir.pages"
  rm -rf "$work"
  mkdir -p "$work"
  msgfmt -o "$work/$lang.gmo" "$srcdir/$lang/$lang.po"
  itstool -m "$work/$lang.gmo" -l "$lang" -o "$work/" $(for page in "$@"; do echo "$srcdir/C/$page"; done)
  set -- $(for page in "$@"; do echo "$work/$page"; done)
fi
yelp-build html -o "$outdir/" "$@"
touch "$stamp"
