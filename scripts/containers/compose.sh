#!/usr/bin/env bash
# The real docker/docker-compose.yml as one test project (fleetcache-e2e), on images already built.
#   up:   writes tmp/containers/compose.env with fresh random secrets (and the API key whose digest it holds, in
#         tmp/containers/api-key), brings the stack up without building or pulling, and waits until the migration
#         jobs have exited 0 and every long-running service is healthy (compose v1 has no `up --wait`)
#   down: `down -v --remove-orphans`: containers, the network and the volumes; prints how long it took
# REDIS_IMAGE and MYSQL_IMAGE (from the environment) replace the official images; the app images are
# fleetcache/<app>:local (app-images.sh). Published on 127.0.0.1: USER_SERVICE_PUBLISHED_PORT (default 13001),
# PRODUCT_SERVICE_PUBLISHED_PORT (13002).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
STATE="$ROOT/tmp/containers"
ENV_FILE="$STATE/compose.env"
PROJECT="${COMPOSE_PROJECT:-fleetcache-e2e}"
UP_TIMEOUT_S="${COMPOSE_UP_TIMEOUT_S:-240}"
export USER_SERVICE_PUBLISHED_PORT="${USER_SERVICE_PUBLISHED_PORT:-13001}"
export PRODUCT_SERVICE_PUBLISHED_PORT="${PRODUCT_SERVICE_PUBLISHED_PORT:-13002}"
export PUBLISH_ADDRESS=127.0.0.1

compose() { docker-compose --ansi never -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/docker/docker-compose.yml" "$@"; }
secret() { openssl rand -hex 24; }

write_env() {
  mkdir -p "$STATE"
  local api_key
  api_key=$(secret)
  printf '%s' "$api_key" >"$STATE/api-key"
  cat >"$ENV_FILE" <<ENV
MYSQL_ROOT_PASSWORD=$(secret)
DB_USER=fleetcache
DB_PASSWORD=$(secret)
INTERNAL_TOKEN=$(secret)
API_KEY_SHA256=$(printf '%s' "$api_key" | sha256sum | cut -d' ' -f1)
REDIS_ADMIN_PASSWORD=$(secret)
REDIS_SERVICE_PASSWORD=$(secret)
REDIS_WARMER_PASSWORD=$(secret)
ENV
}

container_of() { compose ps -q "$1"; }
state_of() { docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1"; }

# Ready: each one-shot job exited 0, each service is running and healthy (or running, if it has no health check).
wait_until_ready() {
  local deadline=$((SECONDS + UP_TIMEOUT_S)) service id status code health pending
  while :; do
    pending=""
    for service in $(compose config --services); do
      id=$(container_of "$service")
      [[ -n "$id" ]] || { pending="$pending $service(not created)"; continue; }
      read -r status code health <<<"$(state_of "$id")"
      case "$service:$status" in
        *-migrate:exited | redis-cluster-init:exited)
          [[ "$code" == 0 ]] || { compose logs --no-color --tail 40 "$service" >&2; die "$service exited with $code"; } ;;
        *:running) [[ -z "$health" || "$health" == healthy ]] || pending="$pending $service($health)" ;;
        *) pending="$pending $service($status)" ;;
      esac
    done
    [[ -z "$pending" ]] && return 0
    if (( SECONDS >= deadline )); then
      compose ps >&2
      compose logs --no-color --tail 30 >&2
      die "not ready after ${UP_TIMEOUT_S} s:$pending"
    fi
    sleep 2
  done
}

up() {
  write_env
  local started=$SECONDS
  compose up -d --no-build >"$STATE/compose-up.log" 2>&1 || { cat "$STATE/compose-up.log" >&2; die "compose up failed"; }
  wait_until_ready
  log "compose stack ready in $((SECONDS - started)) s"
}

down() {
  [[ -f "$ENV_FILE" ]] || write_env
  local started
  started=$(date +%s%N)
  compose down -v --remove-orphans --timeout 10 >"$STATE/compose-down.log" 2>&1 \
    || { cat "$STATE/compose-down.log" >&2; die "compose down failed"; }
  log "compose down took $(( ($(date +%s%N) - started) / 1000000 )) ms"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) die "usage: compose.sh up|down" ;;
esac
