#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the workbook reader's fuzz target for a while, seeded with the
# workbooks of tests/data/xlsx (mode byte 0: a whole file) and the part
# sets *.parts (mode byte 1: sheet, shared strings and styles packed into
# a workbook by the target; see fuzz-xlsx.c).
#
#   fuzz/run-xlsx.sh BUILD [SECONDS] [OUTPUT-DIR]
#
# BUILD is the build folder set up with -Dfuzzing=true (the script runs
# BUILD/fuzz/fuzz-xlsx), or the fuzzer binary itself.
#
# Crashes, leaks and timeouts go to OUTPUT-DIR (default
# $TMPDIR/certifica-fuzz-xlsx); the grown corpus stays in OUTPUT-DIR/corpus.

set -eu

fuzzer=${1:?usage: run-xlsx.sh BUILD|FUZZER [SECONDS] [OUTPUT-DIR]}
if [ -d "$fuzzer" ]; then
  fuzzer=${fuzzer%/}/fuzz/fuzz-xlsx
fi
if [ ! -x "$fuzzer" ]; then
  echo "run-xlsx.sh: no fuzzer at $fuzzer; build it first:" >&2
  echo "  CC=clang meson setup BUILD -Dfuzzing=true -Dui=false && ninja -C BUILD" >&2
  exit 2
fi
seconds=${2:-600}
out=${3:-${TMPDIR:-/tmp}/certifica-fuzz-xlsx}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$out/corpus"
for f in "$here"/../tests/data/xlsx/*.xlsx; do
  [ -f "$f" ] && { printf '\000'; cat "$f"; } > "$out/corpus/seed-$(basename "$f")"
done
for f in "$here"/../tests/data/xlsx/*.parts; do
  [ -f "$f" ] && { printf '\001'; cat "$f"; } > "$out/corpus/seed-$(basename "$f")"
done

echo "seed corpus: $(ls "$out/corpus" | wc -l) files in $out/corpus"

exec "$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=25 -rss_limit_mb=2048 \
  -dict="$here/xlsx.dict" -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus"
