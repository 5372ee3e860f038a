#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One fuzz target's regression net, as a meson test (suite 'fuzz', which
# build-aux/dev test runs in the libFuzzer build _build-fuzz):
#
#   fuzz/regress.sh RUN-SCRIPT FUZZER SECONDS
#
# RUN-SCRIPT (fuzz/run-*.sh) makes the target's seed corpus afresh in a
# temporary folder; libFuzzer then runs every seed once and mutates the
# corpus for the rest of SECONDS, under AddressSanitizer and UBSan. Any
# crash, sanitizer report, leak, timeout or out-of-memory fails the test
# (exit 1: libFuzzer's own error status is 77, which meson would count as
# skipped); the folder, with the crash-*/leak-*/timeout-* input, is kept
# then and named in the log. On success it is removed.

set -u

script=${1:?usage: regress.sh RUN-SCRIPT FUZZER SECONDS}
fuzzer=${2:?usage: regress.sh RUN-SCRIPT FUZZER SECONDS}
seconds=${3:?usage: regress.sh RUN-SCRIPT FUZZER SECONDS}

out=$(mktemp -d "${TMPDIR:-/tmp}/certifica-fuzz-regress-XXXXXX") || exit 1

"$script" "$fuzzer" "$seconds" "$out"
status=$?

if [ "$status" -eq 0 ]; then
  rm -rf "$out"
  exit 0
fi

echo "regress.sh: $(basename "$fuzzer") failed (exit status $status); its output is kept in $out:" >&2
for f in "$out"/*; do
  [ "$f" = "$out/corpus" ] || echo "  $f" >&2
done
exit 1
