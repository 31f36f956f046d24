#!/usr/bin/env bash
# Query benchmark (issue 16): p99 latency of filtered pages of 50 stories and of full-text
# queries with facets, under 50 connections (wrk), each request a query not asked before (so
# no answer comes from the page cache), and the rate of a CSV export streamed to the client.
# On a store you built, e.g. about 1,000,000 stories:
#   python3 scripts/make_cluster_bench.py ../shared/eval/acled-notes/somalia-dev.csv 1330000 > b.jsonl
#   target/release/dateline ingest b.jsonl --db b.db
# Usage: bash scripts/bench_query.sh b.db [seconds]
set -euo pipefail
db=${1:?usage: bench_query.sh STORE.db [seconds]}
secs=${2:-20}
bin=${DATELINE:-target/release/dateline}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 1; }
. "$(dirname "$0")/bench_server.sh"
python3 - "$db" "$work" <<'PY'
import random, re, sqlite3, sys, urllib.parse
db, work = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
random.seed(16)
rows = c.execute("SELECT date, country_code FROM clusters WHERE date IS NOT NULL").fetchall()
types = [r[0] for r in c.execute("SELECT DISTINCT sub_event_type FROM events")]
regions = [r[0] for r in c.execute("SELECT DISTINCT admin1 FROM events WHERE admin1 IS NOT NULL")]
codes = sorted({r[1] for r in rows if r[1]})
dates = sorted({r[0] for r in rows})
words = []
for (s,) in c.execute("SELECT summary FROM clusters ORDER BY random() LIMIT 3000"):
    words += [w.lower() for w in re.findall(r"[A-Za-z]{5,}", s)]
words = sorted(set(words))
def filtered():
    q = {}
    pick = random.sample(["type", "admin1", "country", "dates", "near", "fatalities_min"], random.randint(1, 3))
    if "type" in pick and types: q["type"] = random.choice(types)
    if "admin1" in pick and regions: q["admin1"] = random.choice(regions)
    if "country" in pick and codes: q["country"] = random.choice(codes)
    if "dates" in pick and dates:
        a = random.randrange(len(dates)); b = min(len(dates) - 1, a + random.randint(1, 60))
        q["from"], q["to"] = dates[a], dates[b]
    if "near" in pick: q["near"] = "%.2f,%.2f,%d" % (random.uniform(-1, 11), random.uniform(41, 51), random.choice([25, 50, 100]))
    if "fatalities_min" in pick: q["fatalities_min"] = random.choice([1, 2, 5, 10])
    q["limit"] = 50
    return "/api/stories.json?" + urllib.parse.urlencode(q)
def text():
    q = {"q": " ".join(random.sample(words, random.choice([1, 1, 2])))}
    if random.random() < 0.3 and codes: q["country"] = random.choice(codes)
    return "/api/stories.json?" + urllib.parse.urlencode(q)
for name, make in (("filtered", filtered), ("text", text)):
    paths = sorted({make() for _ in range(20000)})
    random.shuffle(paths)
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("paths = {" + ",".join('"%s"' % p for p in paths) + "}\n")
        f.write("i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n")
print(f"store: {len(rows)} dated stories, {len(types)} types, {len(regions)} regions, {len(words)} words for text queries")
PY
for _ in $(seq 3000); do grep -q "query index" "$work/serve.log" && break; sleep 0.2; done
cat "$work/serve.log"
for name in filtered text; do
  echo "== $name queries, each asked once, 50 connections, ${secs}s"
  $pin_wrk wrk -t1 -c50 -d"${secs}s" --latency --timeout 10s -s "$work/$name.lua" "http://127.0.0.1:$port" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|Socket errors|requests in"
done
echo "== CSV export of every dated story (streamed)"
curl -s -o /dev/null -w "%{size_download} bytes in %{time_total} s: %{speed_download} bytes/s\n" "http://127.0.0.1:$port/api/stories.csv?from=1900-01-01"
echo "server peak memory: $(grep VmHWM /proc/$pid/status)"
