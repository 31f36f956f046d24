# Sourced by the serving benchmarks: starts `$bin serve` on store `$db` at a random port, in a
# temporary folder `$work` (its log in `$work/serve.log`), stopped and removed on exit. The
# server and wrk share the machine: each gets its own half of the cores when there are two or
# more, so wrk's own scheduling delays do not show up as the server's latency (`$pin_wrk`).
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
port=18$((RANDOM % 900 + 100))
cores=$(nproc)
if [ "$cores" -ge 2 ] && command -v taskset >/dev/null; then
  pin_srv="taskset -c 0-$((cores / 2 - 1))"; pin_wrk="taskset -c $((cores / 2))-$((cores - 1))"
else
  pin_srv=""; pin_wrk=""
fi
$pin_srv "$bin" serve --db "$db" --addr 127.0.0.1:$port >"$work/serve.log" 2>&1 &
pid=$!
