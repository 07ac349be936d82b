#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEEDS CRASH_DIR SECONDS: fuzz for SECONDS from a copy
# of SEEDS (the seed folder stays as generated); crashes land in CRASH_DIR.
set -euo pipefail
fuzzer=$1 seeds=$2 crashes=$3 seconds=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$crashes"
cp -r "$seeds/." "$work/"
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=262144 -print_final_stats=1 -artifact_prefix="$crashes/" "$work"
