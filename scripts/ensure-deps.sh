#!/usr/bin/env bash
# Installs what the tests need from Debian's packages, idempotently: Chromium for the browser tests,
# the openssl command line for the DTLS interoperability test, prometheus (with promtool) for the metrics
# and deploy tests, nftables for the lossy-link browser test, espeak-ng for the speech the active-speaker
# test feeds Chromium, coturn for the TURN relay test, redis-server for the cluster tests (each test starts its
# own on a loopback port). Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
{ [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || need+=(prometheus)
[ -x /usr/sbin/nft ] || need+=(nftables)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
[ -x /usr/bin/turnserver ] || need+=(coturn)
[ -x /usr/bin/redis-server ] || need+=(redis-server)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "Missing ${need[*]} and not root: install them with apt-get (as root) and run again." >&2
      exit 1
    fi
  fi
  # The prometheus and redis-server packages would start services: the tests run their own, so forbid service
  # starts during the install (policy-rc.d), unless the machine already has such a policy.
  policy_added=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  status=0
  $SUDO apt-get update -qq || status=$?
  if [ $status -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || status=$?
  fi
  [ -z "$policy_added" ] || $SUDO rm -f /usr/sbin/policy-rc.d
  exit $status
fi
