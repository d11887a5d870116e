#!/usr/bin/env bash
# The real docker/docker-compose.yml as one test project (fleetcache-e2e), on images already built.
#   up:   writes tmp/containers/compose.env with fresh random secrets (and the API key whose digest it holds, in
#         tmp/containers/api-key), brings the stack up without building or pulling, and waits until the migration
#         jobs have exited 0 and every long-running service is healthy (compose v1 has no `up --wait`)
#   down: `down -v --remove-orphans`: containers, the network and the volumes; prints how long it took
#   compose <args>: any docker-compose command on this project (e.g. `compose run --rm user-migrate seed 5`)
# REDIS_IMAGE and MYSQL_IMAGE (from the environment) replace the official images (MEMCACHED_IMAGE too, for the
# profile `memcached`, which this project does not start); the app images are
# fleetcache/<app>:e2e (app-images.sh). The project has its own network (172.29.0.0/16) and ports (13001, 13002 on
# 127.0.0.1), so it runs next to a `fleetcache` project of the user's own without touching it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
STATE="$ROOT/tmp/containers"
ENV_FILE="$STATE/compose.env"
# Fixed, whatever the caller's environment says (the tests expect these; a user's own project may set them):
PROJECT=fleetcache-e2e
UP_TIMEOUT_S=240
export USER_SERVICE_PUBLISHED_PORT=13001 PRODUCT_SERVICE_PUBLISHED_PORT=13002 CACHE_MONITOR_PUBLISHED_PORT=19005 ASSISTANT_SERVICE_PUBLISHED_PORT=13004 PUBLISH_ADDRESS=127.0.0.1
export APP_IMAGE_TAG=e2e NETWORK_PREFIX=172.29
# The default engine (Redis): the Memcached nodes are a profile this project does not start.
unset CACHE_ENGINE MEMCACHED_NODES COMPOSE_PROFILES

COMPOSE=(docker-compose --ansi never -p "$PROJECT" --env-file "$ENV_FILE" -f "$ROOT/docker/docker-compose.yml")
compose() { "${COMPOSE[@]}" "$@"; }
secret() { openssl rand -hex 24; }

write_env() {
  mkdir -p "$STATE"
  umask 077
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
REDIS_MONITOR_PASSWORD=$(secret)
REDIS_ASSISTANT_PASSWORD=$(secret)
SESSION_SECRET=$(secret)
ENV
}

# One line per container of the project: service, status, exit code, health ("-" without a health check).
project_states() {
  local ids
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")
  [[ -n "$ids" ]] || return 0
  # shellcheck disable=SC2086
  docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}' $ids
}

# The services `up` starts: `config --services` of compose v1 also lists those of profiles that are not active
# (the Memcached nodes of `memcached`), so the services with a `profiles` key are left out.
started_services() {
  compose config | awk '
    /^[^ ]/ { in_services = ($0 == "services:"); next }
    in_services && /^  [^ ]/ { name = substr($0, 3); sub(/:.*/, "", name); names[++n] = name; next }
    in_services && /^    profiles:/ { profiled[name] = 1 }
    END { for (i = 1; i <= n; i++) if (!profiled[names[i]]) print names[i] }'
}

# Ready: each one-shot job exited 0, each other service running and healthy (or running, without a health check).
# A job that failed, or a service that exited or restarts, fails at once.
wait_until_ready() {
  local deadline=$((SECONDS + UP_TIMEOUT_S)) services states service status code health pending
  services=$(started_services) || die "compose config failed"
  [[ -n "$services" ]] || die "compose config lists no service"
  while :; do
    states=$(project_states) || states="" # a container removed between ps and inspect: the next round sees
    pending=""
    for service in $services; do
      read -r _ status code health <<<"$(grep -E "^$service " <<<"$states" || echo "$service missing - -")"
      case "$service:$status" in
        *-migrate:exited | redis-cluster-init:exited)
          [[ "$code" == 0 ]] || fail_up "$service exited with $code" "$service" ;;
        *-migrate:* | redis-cluster-init:*) pending="$pending $service($status)" ;;
        *:running) [[ "$health" == - || "$health" == healthy ]] || pending="$pending $service($health)" ;;
        *:exited | *:restarting | *:dead) fail_up "$service is $status (exit code $code)" "$service" ;;
        *) pending="$pending $service($status)" ;;
      esac
    done
    [[ -z "$pending" ]] && return 0
    (( SECONDS < deadline )) || fail_up "not ready after ${UP_TIMEOUT_S} s:$pending"
    sleep 2
  done
}

fail_up() { # <message> [service whose log to show]
  compose ps >&2 || true
  compose logs --no-color --tail 40 ${2:+"$2"} >&2 || true
  die "$1"
}

up() {
  write_env
  local started=$SECONDS
  # `up -d` itself waits for the health conditions of depends_on: bounded, like the wait after it.
  timeout --kill-after=10 "$UP_TIMEOUT_S" "${COMPOSE[@]}" up -d --no-build >"$STATE/compose-up.log" 2>&1 \
    || { cat "$STATE/compose-up.log" >&2; fail_up "compose up failed"; }
  wait_until_ready
  log "compose stack ready in $((SECONDS - started)) s"
}

down() {
  # An env file of an older checkout may lack a secret the compose file now requires: down needs none, any will do.
  [[ -f "$ENV_FILE" ]] && "${COMPOSE[@]}" config -q >/dev/null 2>&1 || write_env
  local started
  started=$(date +%s%N)
  timeout --kill-after=10 120 "${COMPOSE[@]}" down -v --remove-orphans --timeout 10 >"$STATE/compose-down.log" 2>&1 \
    || { cat "$STATE/compose-down.log" >&2; die "compose down failed"; }
  log "compose down took $(( ($(date +%s%N) - started) / 1000000 )) ms"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  compose) shift; compose "$@" ;;
  *) die "usage: compose.sh up|down|compose <args>" ;;
esac
