#!/usr/bin/env bash
# Installs what the tests need from Debian's packages, idempotently: Chromium for the browser tests,
# the openssl command line for the DTLS interoperability test. Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Missing ${need[*]} and not root: install them with apt-get (as root) and run again." >&2
      exit 1
    fi
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
