#!/usr/bin/env bash
# Starts the server with its embedded default configuration: pages on http://localhost:8080
# (echo test at /echo), media on UDP 40000 and up. Override any option with environment variables,
# e.g. Sfu__Media__Port=41000 or Urls=http://0.0.0.0:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
exec dotnet run --project src/Sfu.Server -c Release -- "$@"
