#!/usr/bin/env bash
# Builds the app images with the real docker/Dockerfile, from a base image given as BASE_IMAGE (the container
# tests pass the one base-images.sh built; the Dockerfile's own default is the digest-pinned node:22-bookworm-slim).
# Tags them fleetcache/<app>:e2e (compose.sh runs docker-compose.yml with APP_IMAGE_TAG=e2e), so the images of a
# `fleetcache` project of your own (fleetcache/<app>:local) are left alone.
# Nothing comes from an earlier run's build cache: in CI (CI=true) the builder's cache is emptied first; elsewhere
# (a laptop's cache is its owner's) the first image builds with --no-cache and the others reuse its layers, and
# for their own last steps (their bundle, their packages) whatever the cache holds for the same sources.
# The builds after the first run side by side.
# When NODE_EXTRA_CA_CERTS names a CA bundle (a TLS-intercepting proxy between here and the npm registry), it is
# passed as the build secret `ca-certificates`: npm trusts it while it runs, and it is in no image layer.
# Logs: tmp/containers/build-<app>.log. Each build is bounded (APP_BUILD_TIMEOUT_S, default 480 s), and a build
# that fails or a script that is stopped stops the builds still running.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
: "${BASE_IMAGE:?set BASE_IMAGE (the Node 22 image to build on)}"
STATE="$ROOT/tmp/containers"
TAG=e2e
# Marks the images this script builds, so that their older copies (untagged by a newer build) can be pruned.
LABEL=org.fleetcache.container-tests=app
mkdir -p "$STATE"

secret=()
if [[ -s "${NODE_EXTRA_CA_CERTS:-}" ]]; then secret=(--secret "id=ca-certificates,src=$NODE_EXTRA_CA_CERTS"); fi

# Replaces the (sub)shell it runs in with `timeout`, so that killing that pid stops the build: call it in ( ).
build_app() { # <app> <port> [docker build options]
  exec timeout --kill-after=10 "${APP_BUILD_TIMEOUT_S:-480}" "$DOCKER_CLI" build --progress=plain \
    -f "$ROOT/docker/Dockerfile" "${secret[@]}" "${@:3}" --label "$LABEL" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "APP=$1" --build-arg "PORT=$2" \
    -t "fleetcache/$1:$TAG" "$ROOT" >"$STATE/build-$1.log" 2>&1
}

pids=()
stop_builds() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_builds EXIT
fail() {
  stop_builds
  tail -25 "$STATE/build-$1.log" >&2
  die "the $1 image failed to build (logs: $STATE/build-*.log)"
}

started=$SECONDS
if [[ "${CI:-}" == true ]]; then docker builder prune -af >/dev/null; fi
(build_app user-service 3001 --no-cache) || fail user-service
(build_app product-service 3002) & pids+=($!)
(build_app cache-warmer 3003) & pids+=($!)
(build_app cache-monitor 3005) & pids+=($!)
(build_app assistant-service 3004) & pids+=($!)
wait "${pids[0]}" || fail product-service
wait "${pids[1]}" || fail cache-warmer
wait "${pids[2]}" || fail cache-monitor
wait "${pids[3]}" || fail assistant-service
log "app images built in $((SECONDS - started)) s"
docker image prune -f --filter "label=$LABEL" >/dev/null
for app in user-service product-service cache-warmer cache-monitor assistant-service; do
  log "fleetcache/$app:$TAG $(docker image inspect -f '{{.Size}}' "fleetcache/$app:$TAG" | awk '{printf "%.0f MB", $1 / 1e6}')"
done
