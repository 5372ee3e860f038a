#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the Dec fuzz target (reader, schema step, semantic rules, cadena,
# seal verification) for a while, seeded with the Dec files of the test
# data, the CLI's example and, with $CF_CLI set, an example per version.
#
#   fuzz/run-dec.sh BUILD [SECONDS] [OUTPUT-DIR]
#
# BUILD is the build folder set up with -Dfuzzing=true (the script runs
# BUILD/fuzz/fuzz-dec), or the fuzzer binary itself.
#
# Crashes, leaks and timeouts go to OUTPUT-DIR (default
# $TMPDIR/certifica-fuzz-dec) as crash-*, leak-*, timeout-*; the grown corpus
# stays in OUTPUT-DIR/corpus for the next run. Exit status is libFuzzer's.

set -eu

fuzzer=${1:?usage: run-dec.sh BUILD|FUZZER [SECONDS] [OUTPUT-DIR]}
if [ -d "$fuzzer" ]; then
  # The build folder's CLI adds its example Dec to the seeds.
  if [ -z "${CF_CLI+set}" ] && [ -x "$fuzzer/src/cli/certifica-cli" ]; then
    CF_CLI=$fuzzer/src/cli/certifica-cli
  fi
  fuzzer=${fuzzer%/}/fuzz/fuzz-dec
fi
if [ ! -x "$fuzzer" ]; then
  echo "run-dec.sh: no fuzzer at $fuzzer; build it first:" >&2
  echo "  CC=clang meson setup BUILD -Dfuzzing=true -Dui=false && ninja -C BUILD" >&2
  exit 2
fi
seconds=${2:-600}
out=${3:-${TMPDIR:-/tmp}/certifica-fuzz-dec}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$out/corpus"
for f in "$here"/../tests/data/dec/*.xml; do
  [ -f "$f" ] && cp "$f" "$out/corpus/seed-$(basename "$f")"
done
if [ -n "${CF_CLI:-}" ] && [ -x "$CF_CLI" ]; then
  "$CF_CLI" dec new --example > "$out/corpus/seed-example.xml" || true
fi

echo "seed corpus: $(ls "$out/corpus" | wc -l) files in $out/corpus"

exec "$fuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=25 -rss_limit_mb=2048 \
  -dict="$here/dec.dict" -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus"
