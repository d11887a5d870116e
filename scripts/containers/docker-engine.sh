#!/usr/bin/env bash
# The Docker engine for the container tests.
#   start: installs docker.io and docker-compose (apt-get, as root) when missing; when no daemon answers, starts
#          dockerd and waits for it, noting that this run started it
#   stop:  stops dockerd if `start` started it (and only then); the daemon's own iptables chains go with it
# State (pid, log): tmp/containers/ under the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
STATE="$ROOT/tmp/containers"
PID_FILE="$STATE/dockerd.pid"

answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

start() {
  [[ -x "$DOCKER_CLI" ]] || need_package dockerd docker.io
  command -v dockerd >/dev/null 2>&1 || need_package dockerd docker.io
  need_package docker-compose docker-compose
  if answers; then
    log "docker engine $(docker version --format '{{.Server.Version}}') already running"
    return
  fi
  [[ "$(id -u)" -eq 0 ]] || die "no docker daemon answers, and starting one needs root"
  mkdir -p "$STATE"
  log "starting dockerd (log: $STATE/dockerd.log)"
  dockerd --pidfile "$STATE/dockerd.running.pid" >"$STATE/dockerd.log" 2>&1 &
  echo $! >"$PID_FILE"
  local waited=0
  until answers; do
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || { tail -20 "$STATE/dockerd.log" >&2; rm -f "$PID_FILE"; die "dockerd exited"; }
    (( waited++ < 60 )) || die "dockerd did not answer within 30 s"
    sleep 0.5
  done
  log "docker engine $(docker version --format '{{.Server.Version}}') started"
}

stop() {
  [[ -f "$PID_FILE" ]] || { log "dockerd was not started by these tests: left running"; return; }
  local pid
  pid=$(cat "$PID_FILE")
  rm -f "$PID_FILE"
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { log "dockerd stopped"; return; }; sleep 0.5; done
  die "dockerd (pid $pid) did not stop within 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: docker-engine.sh start|stop" ;;
esac
