#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the e.firma fuzz target for a while from a seed corpus made at run
# time (nothing secret is kept in the tree): SAT-like certificates in DER and
# PEM, and keys in every scheme the reader opens, encrypted with the
# target's fixed password; plus SAT's public test set when $CF_FIXTURES_DIR
# has it.
#
#   fuzz/run-efirma.sh BUILD [SECONDS] [OUTPUT-DIR]
#
# BUILD is the build folder set up with -Dfuzzing=true (the script runs
# BUILD/fuzz/fuzz-efirma), or the fuzzer binary itself.
#
# Crashes, leaks and timeouts are written to OUTPUT-DIR (default
# $TMPDIR/certifica-fuzz-efirma, outside the tree: the seeds include keys) as
# crash-*, leak-*, timeout-*; the grown corpus stays in
# OUTPUT-DIR/corpus for the next run. Exit status is libFuzzer's.

set -eu

fuzzer=${1:?usage: run-efirma.sh BUILD|FUZZER [SECONDS] [OUTPUT-DIR]}
if [ -d "$fuzzer" ]; then
  fuzzer=${fuzzer%/}/fuzz/fuzz-efirma
fi
if [ ! -x "$fuzzer" ]; then
  echo "run-efirma.sh: no fuzzer at $fuzzer; build it first:" >&2
  echo "  CC=clang meson setup BUILD -Dfuzzing=true -Dui=false && ninja -C BUILD" >&2
  exit 2
fi
seconds=${2:-300}
out=${3:-${TMPDIR:-/tmp}/certifica-fuzz-efirma}
password=12345678a   # FUZZ_PASSWORD in fuzz-efirma.c

mkdir -p "$out/corpus"
seeds=$(mktemp -d "${TMPDIR:-/tmp}/certifica-fuzz-seeds-XXXXXX")
trap 'rm -rf "$seeds"' EXIT

make_pair () {
  name=$1 bits=$2 subject=$3 serial=$4
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out "$seeds/$name.plain.pem" 2>/dev/null
  openssl req -x509 -new -key "$seeds/$name.plain.pem" -subj "$subject" -set_serial "$serial" \
    -days 1461 -outform DER -out "$out/corpus/$name.cer" \
    -addext "keyUsage=digitalSignature,nonRepudiation,dataEncipherment,keyAgreement"
  openssl x509 -inform DER -in "$out/corpus/$name.cer" -outform PEM -out "$out/corpus/$name.cer.pem"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -outform DER -v2 des3 -v2prf hmacWithSHA1 \
    -passout "pass:$password" -out "$out/corpus/$name.pbes2-3des.key"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -outform DER -v2 aes256 \
    -passout "pass:$password" -out "$out/corpus/$name.pbes2-aes.key"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -outform DER -v1 PBE-SHA1-3DES \
    -passout "pass:$password" -out "$out/corpus/$name.pkcs12-3des.key"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -v2 des3 \
    -passout "pass:$password" -out "$out/corpus/$name.key.pem"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -outform DER -nocrypt \
    -out "$out/corpus/$name.plain.key"
  openssl pkcs8 -topk8 -in "$seeds/$name.plain.pem" -outform DER -scrypt \
    -passout "pass:$password" -out "$out/corpus/$name.scrypt.key"
}

# SAT-like subjects: RFC in x500UniqueIdentifier, CURP in serialNumber,
# 20 ASCII digits as the serial.
make_pair person 1024 \
  "/CN=MARIA PEREZ/x500UniqueIdentifier=PELM800101AB1/serialNumber=PELM800101MDFRPR05/emailAddress=m@example.mx" \
  0x3330303031303030303030353030303033343536
make_pair company 1024 \
  "/CN=ESCUELA SC/O=ESCUELA SC/x500UniqueIdentifier=END010101AB1 \/ PELM800101AB1/serialNumber=\/ PELM800101MDFRPR05/OU=CSD01" \
  0x3330303031303030303030353030303033343537
make_pair plain 1024 "/CN=Not SAT" 0x0102

if [ -n "${CF_FIXTURES_DIR:-}" ] && [ -d "$CF_FIXTURES_DIR/sat-test-certs" ]; then
  for f in "$CF_FIXTURES_DIR"/sat-test-certs/*/*.cer "$CF_FIXTURES_DIR"/sat-test-certs/*/*.key; do
    # Seeds only, inside the throwaway corpus folder; never in the tree.
    [ -f "$f" ] && cp "$f" "$out/corpus/sat-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
fi

echo "seed corpus: $(ls "$out/corpus" | wc -l) files in $out/corpus"

# The plain keys go now: exec leaves no shell to run the EXIT trap.
rm -rf "$seeds"
trap - EXIT
exec "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=25 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus"
