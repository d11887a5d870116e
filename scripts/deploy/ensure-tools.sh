#!/usr/bin/env bash
# Makes sure the offline deployment checks (tools/deploy-check) have their tools:
#   - docker-compose (Debian's, 1.29): `docker-compose config` validates docker/docker-compose.yml. Installed with
#     apt-get when missing and running as root.
#   - kubectl with kustomize v5: `kubectl kustomize` renders k8s/overlays/*. Debian's kubernetes-client (1.20,
#     kustomize v2) is too old for the overlays, so a missing or old kubectl is reported, not worked around.
#   - chromium (Debian's): the browser tests load the apps' pages headless. Installed with apt-get when missing.
#   - promtool (Debian's prometheus package, 2.42): `promtool check rules` and `promtool test rules` check the alerting
#     rules in deploy/prometheus. Only the promtool binary is taken, extracted from the downloaded .deb into
#     /usr/local/bin: installing the package would also install (and start) a Prometheus server.
set -euo pipefail

log() { echo "[deploy-tools] $*"; }
die() { echo "[deploy-tools] error: $*" >&2; exit 1; }

if ! command -v docker-compose >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "docker-compose missing -> installing it via apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  else
    die "docker-compose is missing; install it (e.g. sudo apt-get install -y docker-compose)"
  fi
fi

if ! command -v chromium >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "chromium missing -> installing it via apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    die "chromium is missing; install it (e.g. sudo apt-get install -y chromium)"
  fi
fi

if ! command -v promtool >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "promtool missing -> extracting it from Debian's prometheus package (no server installed or started)"
    apt-get update -qq
    deb_dir=$(mktemp -d)
    trap 'rm -rf "$deb_dir"' EXIT
    # The download directory is _apt's, so apt downloads it sandboxed (as _apt), not as root.
    chown _apt "$deb_dir" 2>/dev/null || true
    (cd "$deb_dir" && apt-get download -qq prometheus)
    dpkg-deb -x "$deb_dir"/prometheus_*.deb "$deb_dir/root"
    install -m 0755 "$deb_dir/root/usr/bin/promtool" /usr/local/bin/promtool
  else
    die "promtool is missing; install it (e.g. sudo apt-get install -y --no-install-recommends prometheus, or a promtool 2.42+ release binary)"
  fi
fi
promtool_version=$(promtool --version 2>&1 | awk 'NR == 1 {print $3}')
[[ "$promtool_version" =~ ^([0-9]+)\.([0-9]+)\. ]] \
  && (( BASH_REMATCH[1] > 2 || (BASH_REMATCH[1] == 2 && BASH_REMATCH[2] >= 42) )) \
  || die "promtool is ${promtool_version:-unknown}; promtool 2.42 or newer is needed"

command -v kubectl >/dev/null 2>&1 \
  || die "kubectl is missing; install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/)"
kustomize_version=$(kubectl version --client 2>/dev/null | awk -F': ' '/Kustomize Version/ {print $2}')
[[ "$kustomize_version" =~ ^v([5-9]|[1-9][0-9])\. ]] \
  || die "kubectl's kustomize is ${kustomize_version:-unknown}; kustomize v5 (kubectl 1.27+) is needed"

log "docker-compose $(docker-compose version --short 2>/dev/null), kubectl kustomize ${kustomize_version}, promtool ${promtool_version}"
