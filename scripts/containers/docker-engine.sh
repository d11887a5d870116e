#!/usr/bin/env bash
# The Docker engine for the container tests.
#   start: installs docker.io and docker-compose (apt-get, as root) when missing; when no daemon answers, starts
#          dockerd and waits for it, noting that this run started it
#   stop:  stops dockerd if `start` started it (and only then), then undoes what that daemon leaves on the host
#          after it exits: its iptables chains (DOCKER*) and the rules that use them or its bridges, the FORWARD
#          policy and net.ipv4.ip_forward as they were, and the docker0 bridge if it did not exist before
# State (pid, log, what the host had before the start): tmp/containers/ under the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
STATE="$ROOT/tmp/containers"
PID_FILE="$STATE/dockerd.pid"
BEFORE="$STATE/host-before"
TABLES=(filter nat)

answers() { timeout 10 "$DOCKER_CLI" version --format '{{.Server.Version}}' 2>/dev/null; }
# The process of the pid file, if it is still the dockerd this script started.
our_dockerd() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] && echo "$pid"
}

# Rules (one per line, as iptables-save prints them) that only dockerd writes: they name a DOCKER chain or a
# Docker bridge (docker0, br-<network id>).
docker_rules() { iptables-save -t "$1" | grep -E '^-A ' | grep -E 'DOCKER|docker0|br-[0-9a-f]{12}' || true; }
docker_chains() { iptables-save -t "$1" | grep -E '^:DOCKER' | cut -d' ' -f1 | tr -d ':' || true; }

record_host() {
  mkdir -p "$BEFORE"
  rm -f "$BEFORE"/*
  if command -v iptables-save >/dev/null 2>&1; then
    for table in "${TABLES[@]}"; do
      docker_rules "$table" >"$BEFORE/rules.$table"
      docker_chains "$table" >"$BEFORE/chains.$table"
    done
    iptables-save -t filter | awk '/^:FORWARD / {print $2}' >"$BEFORE/forward-policy"
  fi
  sysctl -n net.ipv4.ip_forward >"$BEFORE/ip-forward" 2>/dev/null || true
  if ip link show docker0 >/dev/null 2>&1; then touch "$BEFORE/docker0"; fi
}

restore_host() {
  [[ -d "$BEFORE" ]] || return 0
  if command -v iptables-save >/dev/null 2>&1 && [[ -f "$BEFORE/rules.filter" ]]; then
    local table rule words chain
    for table in "${TABLES[@]}"; do
      while IFS= read -r rule; do
        read -r -a words <<<"${rule#-A }"
        iptables -t "$table" -D "${words[@]}" || log "could not remove from $table: $rule"
      done < <(comm -13 <(sort "$BEFORE/rules.$table") <(docker_rules "$table" | sort))
      # A chain that was there before the start (left by an engine that ran earlier) is kept; new ones go.
      for chain in $(docker_chains "$table"); do
        grep -qx -- "$chain" "$BEFORE/chains.$table" && continue
        iptables -t "$table" -F "$chain" && iptables -t "$table" -X "$chain" || log "could not remove chain $chain"
      done
    done
    [[ -s "$BEFORE/forward-policy" ]] && iptables -t filter -P FORWARD "$(cat "$BEFORE/forward-policy")"
  fi
  [[ -s "$BEFORE/ip-forward" ]] && sysctl -q -w "net.ipv4.ip_forward=$(cat "$BEFORE/ip-forward")" || true
  [[ -f "$BEFORE/docker0" ]] || ip link delete docker0 2>/dev/null || true
  rm -rf "$BEFORE"
  log "host restored: dockerd's iptables chains and rules, FORWARD policy, ip_forward, docker0"
}

start() {
  need_package "$DOCKER_CLI" docker.io
  need_package dockerd docker.io
  need_package docker-compose docker-compose
  if version=$(answers); then
    # A pid file of ours whose dockerd is gone (a run that was killed) must not make `stop` signal another process.
    our_dockerd >/dev/null || rm -f "$PID_FILE"
    log "docker engine $version already running"
    return
  fi
  [[ "$(id -u)" -eq 0 ]] || die "no docker daemon answers, and starting one needs root"
  record_host
  log "starting dockerd (log: $STATE/dockerd.log)"
  dockerd --pidfile "$STATE/dockerd.running.pid" >"$STATE/dockerd.log" 2>&1 &
  echo $! >"$PID_FILE"
  local waited=0
  until version=$(answers); do
    our_dockerd >/dev/null || { tail -20 "$STATE/dockerd.log" >&2; rm -f "$PID_FILE"; die "dockerd exited"; }
    (( waited++ < 60 )) || die "dockerd did not answer within 30 s"
    sleep 0.5
  done
  log "docker engine $version started"
}

stop() {
  local pid
  if ! pid=$(our_dockerd); then
    rm -f "$PID_FILE"
    log "dockerd was not started by these tests: left running"
    return
  fi
  rm -f "$PID_FILE"
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "dockerd stopped"
      restore_host
      return
    fi
    sleep 0.5
  done
  die "dockerd (pid $pid) did not stop within 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: docker-engine.sh start|stop" ;;
esac
