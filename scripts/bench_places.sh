#!/usr/bin/env bash
# Place resolution costs, on this machine: start-up of a one-line `extract` with the embedded
# gazetteer and with every table of ../shared/gazetteer built in, the build itself (time, index
# size), and matching throughput on the ACLED Syria notes in news form.
#
#   cargo build --release && scripts/bench_places.sh [BINARY]
set -euo pipefail
BIN=${1:-target/release/dateline}
SHARED=${SHARED:-../shared}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo '{"id":"one","text":"Clashes in Baidoa killed 3 people on Monday, the police said."}' > "$TMP/one.jsonl"

measure() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" "$@" > /dev/null 2> "$TMP/time" || true
  tail -1 "$TMP/time"
}

measure "one-line extract, embedded gazetteer" "$BIN" extract "$TMP/one.jsonl"
measure "gazetteer build, all of $SHARED/gazetteer" "$BIN" gazetteer build --out "$TMP/all.gaz" "$SHARED"/gazetteer/*.gz
echo "index size: $(stat -c %s "$TMP/all.gaz") bytes"
measure "one-line extract, with that index" "$BIN" extract --gazetteer "$TMP/all.gaz" "$TMP/one.jsonl"
python3 "$SHARED/eval/score_acled.py" docs --news "$SHARED/eval/acled-notes/syria-battles-dev.csv" > "$TMP/docs.jsonl"
n=$(wc -l < "$TMP/docs.jsonl")
measure "extract $n Syria reports, 1 thread" "$BIN" extract --threads 1 "$TMP/docs.jsonl"
measure "extract $n Syria reports, 1 thread, with the index" "$BIN" extract --threads 1 --gazetteer "$TMP/all.gaz" "$TMP/docs.jsonl"
