#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the workbook reader's fuzz target for a while, seeded with the
# workbooks of tests/data/xlsx (mode byte 0: a whole file) and the part
# sets *.parts (mode byte 1: sheet, shared strings and styles packed into
# a workbook by the target; see fuzz-xlsx.c).
#
#   fuzz/run-xlsx.sh BUILD/fuzz/fuzz-xlsx [SECONDS] [OUTPUT-DIR]
#
# Crashes, leaks and timeouts go to OUTPUT-DIR (default
# $TMPDIR/certifica-fuzz-xlsx); the grown corpus stays in OUTPUT-DIR/corpus.

set -eu

fuzzer=${1:?usage: run-xlsx.sh FUZZ-XLSX [SECONDS] [OUTPUT-DIR]}
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
