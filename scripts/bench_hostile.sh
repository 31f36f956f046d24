#!/usr/bin/env bash
# Hostile-input benchmarks (issue 17): extract time against nesting depth, peak memory for
# one 200 MB document, server memory after 200,000 requests for distinct URLs, and the
# connections 3,000 slow clients hold after the header timeout. Usage:
#   bash scripts/bench_hostile.sh [DB]    (DB: a store to serve; default: the seeds, ingested)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/target/release/dateline
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; kill $server 2>/dev/null || true' EXIT
server=
cargo build --release -q

echo "== extract time against nesting depth (one page, one thread, gazetteer load included)"
for n in 2000 10000 20000 50000 100000; do
  python3 -c "open('$tmp/closed.html','w').write('<html><body>'+'<div>'*$n+'<p>Rebels shelled the town on Monday, police said.</p>'+'</div>'*$n+'</body></html>')"
  python3 -c "open('$tmp/open.html','w').write('<html><body>'+'<div><span>'*$n+'Rebels shelled the town on Monday, police said.')"
  for kind in closed open; do
    /usr/bin/time -f "depth $n $kind: %e s, peak RSS %M KB" "$bin" extract --threads 1 "$tmp/$kind.html" > /dev/null 2> "$tmp/t" || true
    tail -1 "$tmp/t"
  done
done
"$bin" extract --threads 1 ../shared/seeds/001_*.txt > /dev/null 2>&1
/usr/bin/time -f "baseline (one seed article): %e s, peak RSS %M KB" "$bin" extract --threads 1 ../shared/seeds/001_*.txt 2>&1 >/dev/null | tail -1

echo "== one 200 MB document"
python3 -c "
import json
open('$tmp/big.jsonl','w').write(json.dumps({'id':'big','text':'Police said two people were killed. '*5600000})+'\n'+json.dumps({'id':'small','text':'Police said two people were killed in Homs on Monday.'})+'\n')"
ls -l "$tmp/big.jsonl" | awk '{print "input bytes:", $5}'
# The 200 MB line is over the limit: skipped (exit 2), the small one read.
(/usr/bin/time -f "extract: %e s, peak RSS %M KB" "$bin" extract "$tmp/big.jsonl" 2>&1 >/dev/null || true) | tail -3
(/usr/bin/time -f "ingest: %e s, peak RSS %M KB" "$bin" ingest "$tmp/big.jsonl" --db "$tmp/big.db" 2>&1 || true) | tail -3
python3 -c "open('$tmp/big.html','w').write('<html><body><p>'+'Police said two people were killed. '*5600000+'</p></body></html>')"
(/usr/bin/time -f "extract a 200 MB .html: %e s, peak RSS %M KB" "$bin" extract "$tmp/big.html" 2>&1 >/dev/null || true) | tail -3

echo "== server memory after 200,000 requests for distinct URLs"
db=${1:-}
if [ -z "$db" ]; then db=$tmp/seeds.db; "$bin" ingest ../shared/seeds --db "$db" > /dev/null 2>&1; fi
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
"$bin" serve --db "$db" --addr 127.0.0.1:$port 2>/dev/null & server=$!
sleep 2
rss() { awk '/VmRSS/{print $2" KB"}' /proc/$server/status; }
echo "RSS at start: $(rss)"
python3 - "$port" <<'EOF'
import re, socket, sys, time
port = int(sys.argv[1])
t = time.time(); n = 0; codes = {}
for batch in range(400):
    s = socket.create_connection(("127.0.0.1", port))
    reqs = b"".join(
        b"GET /news/%d/%02d/%d/index.html HTTP/1.1\r\nHost: x\r\n\r\n" % (1900 + (batch * 500 + i) % 8000, 1 + i % 12, 1 + i % 28)
        for i in range(500))
    s.sendall(reqs + b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        d = s.recv(1 << 20)
        if not d: break
        data += d
    for code in re.findall(rb"HTTP/1\.1 (\d\d\d) ", data):
        codes[code] = codes.get(code, 0) + 1
    n += 501; s.close()
print(f"{n} requests in {time.time()-t:.1f} s; status codes: { {k.decode(): v for k, v in codes.items()} }")
EOF
echo "RSS after: $(rss)"

echo "== 3,000 slow clients (half-sent requests)"
python3 - "$port" "$server" <<'EOF'
import socket, sys, time, os
port, pid = int(sys.argv[1]), sys.argv[2]
def held():
    return sum(1 for f in os.listdir(f"/proc/{pid}/fd") if os.readlink(f"/proc/{pid}/fd/{f}").startswith("socket:"))
socks = []
for i in range(3000):
    s = socket.create_connection(("127.0.0.1", port)); s.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n"); socks.append(s)
time.sleep(1)
print("sockets held by the server with 3,000 slow clients connected:", held())
probe = socket.create_connection(("127.0.0.1", port)); probe.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
t = time.time(); first = probe.recv(64); print(f"a normal request meanwhile: {first[:15]!r} in {1000*(time.time()-t):.0f} ms")
time.sleep(11)
print("sockets held 12 s later (header timeout 10 s):", held())
EOF
