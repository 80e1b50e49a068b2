#!/usr/bin/env bash
# Runs every test of the solution: unit, RFC vectors, malformed input, host integration and browser tests.
# Installs what the tests need first (Debian's chromium and openssl), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test Sfu.sln -c Release --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

# One closing line for the whole suite, summed over every test assembly's results.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
