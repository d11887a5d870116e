#!/usr/bin/env bash
# Builds the three app images with the real docker/Dockerfile, from a base image given as BASE_IMAGE (the container
# tests pass the one base-images.sh built; the Dockerfile's own default is the digest-pinned node:22-bookworm-slim).
# Tags them as docker/docker-compose.yml names them (fleetcache/<app>:local). Nothing comes from an earlier run's
# build cache: the first image builds with --no-cache, the other two then side by side, reusing the layers they share
# with it (`npm install` and the sources). When NODE_EXTRA_CA_CERTS names a CA bundle (a TLS-intercepting proxy between here
# and the npm registry), it is passed as the build secret `ca-certificates`: npm trusts it while it runs, and it is
# in no image layer. Logs: tmp/containers/build-<app>.log.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
: "${BASE_IMAGE:?set BASE_IMAGE (the Node 22 image to build on)}"
STATE="$ROOT/tmp/containers"
mkdir -p "$STATE"

secret=()
if [[ -s "${NODE_EXTRA_CA_CERTS:-}" ]]; then secret=(--secret "id=ca-certificates,src=$NODE_EXTRA_CA_CERTS"); fi

build_app() { # <app> <port> [docker build options]
  docker build --progress=plain -f "$ROOT/docker/Dockerfile" "${secret[@]}" "${@:3}" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "APP=$1" --build-arg "PORT=$2" \
    -t "fleetcache/$1:local" "$ROOT" >"$STATE/build-$1.log" 2>&1
}

fail() { tail -25 "$STATE/build-$1.log" >&2; die "the $1 image failed to build (logs: $STATE/build-*.log)"; }

started=$SECONDS
build_app user-service 3001 --no-cache || fail user-service
build_app product-service 3002 & product=$!
build_app cache-warmer 3003 & warmer=$!
wait "$product" || fail product-service
wait "$warmer" || fail cache-warmer
log "app images built in $((SECONDS - started)) s"
for app in user-service product-service cache-warmer; do
  log "fleetcache/$app:local $(docker image inspect -f '{{.Size}}' "fleetcache/$app:local" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
