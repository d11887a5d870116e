#!/usr/bin/env bash
# Makes sure the offline deployment checks (tools/deploy-check) have their tools:
#   - docker-compose (Debian's, 1.29): `docker-compose config` validates docker/docker-compose.yml. Installed with
#     apt-get when missing and running as root.
#   - kubectl with kustomize v5: `kubectl kustomize` renders k8s/overlays/*. Debian's kubernetes-client (1.20,
#     kustomize v2) is too old for the overlays, so a missing or old kubectl is reported, not worked around.
#   - chromium (Debian's): the browser tests load the apps' pages headless. Installed with apt-get when missing.
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

command -v kubectl >/dev/null 2>&1 \
  || die "kubectl is missing; install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/)"
kustomize_version=$(kubectl version --client 2>/dev/null | awk -F': ' '/Kustomize Version/ {print $2}')
[[ "$kustomize_version" =~ ^v([5-9]|[1-9][0-9])\. ]] \
  || die "kubectl's kustomize is ${kustomize_version:-unknown}; kustomize v5 (kubectl 1.27+) is needed"

log "docker-compose $(docker-compose version --short 2>/dev/null), kubectl kustomize ${kustomize_version}"
