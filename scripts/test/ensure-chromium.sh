#!/usr/bin/env bash
# Makes sure Debian's chromium is installed: the browser tests (libs/monitor's dashboard test, through
# playwright-core) drive it headless. Installed with apt-get when missing and running as root; otherwise the fix is
# printed. Prints the browser's path.
set -euo pipefail

log() { echo "[ensure-chromium] $*" >&2; }

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

if [[ ! -x "$CHROMIUM" ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "chromium missing -> installing it via apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    log "error: chromium is missing at $CHROMIUM; install it (e.g. sudo apt-get install -y --no-install-recommends chromium)"
    exit 1
  fi
fi

[[ -x "$CHROMIUM" ]] || { log "error: no executable chromium at $CHROMIUM after the install"; exit 1; }
echo "$CHROMIUM"
