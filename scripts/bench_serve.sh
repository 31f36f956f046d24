#!/usr/bin/env bash
# Serving benchmark: p99 latency of item and day pages under 50 connections (wrk), and the
# time of a full static export, on a store you built (e.g. 100,000 items:
#   python3 scripts/make_cluster_bench.py ../shared/eval/acled-notes/somalia-dev.csv 131000 > b.jsonl
#   cargo run --release -- ingest b.jsonl --db b.db ).
# Usage: bash scripts/bench_serve.sh b.db [seconds]
set -euo pipefail
db=${1:?usage: bench_serve.sh STORE.db [seconds]}
secs=${2:-20}
bin=${DATELINE:-target/release/dateline}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
command -v sqlite3 >/dev/null || command -v python3 >/dev/null || { echo "needs python3"; exit 1; }
. "$(dirname "$0")/bench_server.sh"
python3 - "$db" "$work" <<'PY'
import random, sqlite3, sys
db, work = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
random.seed(7)
rows = c.execute("SELECT slug, date FROM clusters WHERE date IS NOT NULL").fetchall()
def path(date):
    y, m, d = date.split("-")
    return f"/news/{y}/{m}/{int(d)}/"
items = [path(d) + s + ".html" for s, d in random.sample(rows, min(2000, len(rows)))]
days = sorted({path(d) + "index.html" for _, d in rows})
days = random.sample(days, min(2000, len(days)))
# Every dated item once, shuffled: while a run asks fewer pages than there are items, every
# request is for a page never rendered, which is the worst case a cache can meet.
every = [path(d) + s + ".html" for s, d in rows]
random.shuffle(every)
for name, paths in (("items", items), ("days", days), ("every", every)):
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("paths = {" + ",".join('"%s"' % p for p in paths) + "}\n")
        f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
print(f"store: {len(rows)} dated items, {len(set(d for _, d in rows))} days")
PY
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/index.html" && break; sleep 0.2; done
# The server renders its front and day pages ahead after it starts; the figures are taken once
# that is done ("cold" then means item pages never rendered, and day pages not yet asked for).
for _ in $(seq 600); do grep -q "rendered ahead" "$work/serve.log" && break; sleep 0.2; done
grep "rendered ahead" "$work/serve.log" || true
echo "== items pages, each request one never rendered (cold), 50 connections, ${secs}s"
$pin_wrk wrk -t1 -c50 -d"${secs}s" --latency -s "$work/every.lua" "http://127.0.0.1:$port" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
# Then 2,000 paths asked over and over: cold at first, from the cache after.
for name in items days; do
  for phase in cold warm; do
    echo "== $name pages ($phase cache: 2,000 paths each), 50 connections, ${secs}s"
    $pin_wrk wrk -t1 -c50 -d"${secs}s" --latency -s "$work/$name.lua" "http://127.0.0.1:$port" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
  done
done
kill $pid
[ -n "${SKIP_EXPORT:-}" ] && exit 0
echo "== static export"
/usr/bin/time -f "export: %e s wall, %M KB peak RSS" "$bin" export --db "$db" --site "$work/site"
