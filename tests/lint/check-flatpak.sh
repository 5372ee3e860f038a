#!/usr/bin/env bash
# flatpak-builder cannot build offline here; it can still parse the manifest.
set -eu
out=$(flatpak-builder --show-manifest "$1" 2>&1) || { echo "$out"; exit 1; }
if echo "$out" | grep -q 'Unknown property'; then echo "$out" | grep 'Unknown property'; exit 1; fi
echo "$out" | grep -q '"id"' || { echo "manifest has no app-id"; exit 1; }
