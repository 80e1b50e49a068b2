#!/usr/bin/env bash
# Measures the server's memory per subscriber with the load tool: for each N given, a fresh Release server, one
# publisher (audio + three simulcast layers) and N subscribers on the top layer. Once every join ended (connected or
# failed) it samples every second: participants connected, the server's RSS, anonymous and shared-memory RSS
# (/proc/<pid>/status), its threads, and from /metrics the GC heap after the last collection (summed over
# generations), the memory the GC had committed then, and the collections so far (all generations) with their total
# pause. Prints per N the medians of the last 10 samples; the slope between two N values is what one more subscriber
# costs.
#   scripts/subscriber-memory.sh [--twcc|--no-twcc] N...           e.g. scripts/subscriber-memory.sh --no-twcc 50 100 200
# Environment: DURATION (40s), RAMP (20), HTTP_PORT (18318), OUT (a new temporary directory), SERVER_ARGS (extra
# server options), SERVER_ENV (extra environment for the server only, e.g. "DOTNET_GCGen0MaxBudget=0" for the
# runtime's own gen0 budget), TOOL_ARGS (extra load tool options, e.g. "--connect-timeout 60s"). Build first:
#   dotnet build -c Release src/Sfu.Server && dotnet build -c Release src/Sfu.Load
set -euo pipefail
cd "$(dirname "$0")/.."
twcc=--no-twcc
if [[ "${1:-}" == --twcc || "${1:-}" == --no-twcc ]]; then twcc=$1; shift; fi
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
port=${HTTP_PORT:-18318}
server=src/Sfu.Server/bin/Release/net10.0/Sfu.Server
tool=src/Sfu.Load/bin/Release/net10.0/Sfu.Load
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }
columns=(connected rss_kib rss_anon_kib rss_shmem_kib threads gc_heap_kib gc_committed_kib gc_count gc_pause_ms load_average)
(IFS=$'\t'; echo "N	twcc	${columns[*]}")
for n in "$@"; do
  env ${SERVER_ENV:-} "$server" --Urls=http://127.0.0.1:$port --Sfu:Media:Port=0 --Sfu:Rooms:MaxParticipants=1000 \
    --Serilog:MinimumLevel:Default=Warning ${SERVER_ARGS:-} >"$out/server-$n.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/readyz >/dev/null 2>&1 && break; sleep 0.2; done
  "$tool" --url http://127.0.0.1:$port --publishers 1 --subscribers "$n" --ramp "${RAMP:-20}" --duration "${DURATION:-40s}" \
    "$twcc" --server-pid "$pid" ${TOOL_ARGS:-} >"$out/fanout-$n.txt" 2>&1 &
  tool_pid=$!
  : >"$out/samples-$n.tsv"
  while kill -0 "$tool_pid" 2>/dev/null; do
    sleep 1
    line=$(tail -n 1 "$out/fanout-$n.txt")
    joined=$(sed -n 's/.*joined *\([0-9]*\)\/.*/\1/p' <<<"$line")
    connected=$(sed -n 's/.*connected *\([0-9]*\).*/\1/p' <<<"$line")
    failed=$(sed -n 's/.*failed *\([0-9]*\).*/\1/p' <<<"$line")
    [[ -n "$joined" && -n "$failed" && $((joined + failed)) -ge $((n + 1)) ]] || continue
    status=$(cat /proc/$pid/status)
    metrics=$(curl -sf http://127.0.0.1:$port/metrics || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$connected" \
      "$(awk '/^VmRSS:/ { print $2 }' <<<"$status")" "$(awk '/^RssAnon:/ { print $2 }' <<<"$status")" \
      "$(awk '/^RssShmem:/ { print $2 }' <<<"$status")" "$(awk '/^Threads:/ { print $2 }' <<<"$status")" \
      "$(awk '/^dotnet_gc_last_collection_heap_size_bytes/ { s += $2 } END { printf "%d", s / 1024 }' <<<"$metrics")" \
      "$(awk '/^dotnet_gc_last_collection_memory_committed_size_bytes/ { printf "%d", $2 / 1024 }' <<<"$metrics")" \
      "$(awk '/^dotnet_gc_collections_total\{gc_heap_generation="gen0"\}/ { printf "%d", $2 }' <<<"$metrics")" \
      "$(awk '/^dotnet_gc_pause_time_seconds_total/ { printf "%d", $2 * 1000 }' <<<"$metrics")" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$out/samples-$n.tsv"
  done
  wait "$tool_pid" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  last=$(tail -n 10 "$out/samples-$n.tsv")
  row="$n	$twcc"
  for i in "${!columns[@]}"; do row+="	$(cut -f$((i + 1)) <<<"$last" | median)"; done
  echo "$row"
done
echo "tool summaries and samples in $out" >&2
