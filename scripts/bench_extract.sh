#!/usr/bin/env bash
# Extraction benchmark on ../shared/eval/article-extraction: F1 with the shared scorer, then
# pages/s of reading alone (main text + metadata, examples/read_bench.rs), pages/s and MB/s of
# `dateline extract` (main text + metadata + claims) on one thread and on all threads, and peak memory over the pages repeated 50 times (streaming check).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/dateline
html=../shared/eval/article-extraction/html
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cargo build --release -q
cargo build --release -q -p dateline-ingest --example read_bench
"$bin" extract "$html" > "$tmp/pred.jsonl"
python3 ../shared/eval/score_extraction.py "$tmp/pred.jsonl"
mb=$(python3 -c "import gzip,glob;print(sum(len(gzip.open(f).read()) for f in glob.glob('$html/*.gz'))/1e6)")
for t in 1 0; do
  flag=""; [ "$t" = 1 ] && flag="--threads 1"
  s=$(date +%s.%N); "$bin" extract $flag "$html" > /dev/null; e=$(date +%s.%N)
  python3 -c "d=$e-$s; print('threads=%s pages=181 seconds=%.2f pages/s=%.0f MB/s=%.1f (includes the 1.5-2 s gazetteer load)' % ('$t' if '$t'=='1' else 'all', d, 181/d, $mb/d))"
done
# Reading alone (main text and metadata, no claims layer), one thread, five rounds.
target/release/examples/read_bench "$html" 5
mkdir "$tmp/rep"; for i in $(seq 1 50); do ln -s "$(realpath "$html")" "$tmp/rep/copy$i"; done
/usr/bin/time -f "50x repeated (9050 pages): peak RSS %M KB, %e s" "$bin" extract "$tmp/rep"/copy*/ > /dev/null
/usr/bin/time -f "1x (181 pages): peak RSS %M KB, %e s" "$bin" extract "$html" > /dev/null
