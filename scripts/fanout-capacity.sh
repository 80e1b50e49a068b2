#!/usr/bin/env bash
# Measures the fan-out capacity of a Release build of the server with the load tool: for each N given, a fresh server,
# then one publisher (audio + three simulcast layers) and N subscribers on the top layer. Prints the load average and
# each run's JSON line; the summaries go to $OUT/fanout-N.txt (OUT defaults to a new temporary directory).
#   scripts/fanout-capacity.sh [--twcc|--no-twcc] N...          e.g. scripts/fanout-capacity.sh --no-twcc 50 100 200
# Environment: DURATION (30s), SETTLE (15s: past the server's JIT warm-up), RAMP (20), SERVER (the server binary), HTTP_PORT (18317), SERVER_ENV (extra environment for the server, e.g.
# "DOTNET_PerfMapEnabled=1"), TOOL_ARGS (extra load tool options, e.g. --sched-batch). Build first:
#   dotnet build -c Release src/Sfu.Server && dotnet build -c Release src/Sfu.Load
set -euo pipefail
cd "$(dirname "$0")/.."
twcc=--no-twcc
if [[ "${1:-}" == --twcc || "${1:-}" == --no-twcc ]]; then twcc=$1; shift; fi
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
port=${HTTP_PORT:-18317}
server=${SERVER:-src/Sfu.Server/bin/Release/net10.0/Sfu.Server}
tool=src/Sfu.Load/bin/Release/net10.0/Sfu.Load
# Involuntary context switches of the server's media threads so far (preempted, e.g. by a woken tool thread).
preempted() { local sum=0 t
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == sfu-media-* ]] && sum=$((sum + $(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")))
  done; echo "$sum"; }
for n in "$@"; do
  env ${SERVER_ENV:-} "$server" --Urls=http://127.0.0.1:$port --Sfu:Media:Port=0 --Sfu:Rooms:MaxParticipants=1000 \
    --Serilog:MinimumLevel:Default=Warning >"$out/server-$n.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null 2>&1 && break; sleep 0.2; done
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the server did not start (is port $port taken? set HTTP_PORT); its log:" >&2; cat "$out/server-$n.log" >&2; exit 1
  fi
  echo "N=$n $twcc load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  switches=$(preempted "$pid")
  "$tool" --url http://127.0.0.1:$port --publishers 1 --subscribers "$n" --ramp "${RAMP:-20}" --duration "${DURATION:-30s}" --settle "${SETTLE:-15s}" \
    "$twcc" --quiet --server-pid "$pid" ${TOOL_ARGS:-} >"$out/fanout-$n.txt" 2>&1 || true
  echo "N=$n $twcc load average after: $(cut -d' ' -f1-3 /proc/loadavg); the server's media threads were preempted $(( $(preempted "$pid") - switches )) times during the run" >&2
  tail -n 1 "$out/fanout-$n.txt"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done
echo "summaries in $out" >&2
