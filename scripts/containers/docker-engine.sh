#!/usr/bin/env bash
# The Docker engine for the container tests.
#   start: installs docker.io and docker-compose (apt-get, as root) when missing; when no daemon answers, starts
#          dockerd and waits for it, noting that this run started it (if it does not come up, it is stopped again)
#   stop:  stops dockerd if `start` started it (and only then), then undoes what that daemon leaves on the host
#          after it exits: the iptables and ip6tables rules and chains it added to the filter and nat tables (they
#          name a DOCKER chain or a Docker bridge), the FORWARD policy, IP forwarding, and the docker0 bridge if it
#          did not exist before
# State (pid, log, what the host had before the start): tmp/containers/ under the repository root.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
STATE="$ROOT/tmp/containers"
PID_FILE="$STATE/dockerd.pid"
BEFORE="$STATE/host-before"
TABLES=(filter nat)
START_TIMEOUT_S=60
STOP_TIMEOUT_S=30

answers() { timeout 10 "$DOCKER_CLI" version --format '{{.Server.Version}}' 2>/dev/null; }
# The pid of the dockerd this script started, while that process lives (a zombie counts as gone).
our_dockerd() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] || return 1
  [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]] || return 1
  echo "$pid"
}

# The iptables commands present: IPv4, and IPv6 where the host has it.
firewalls() { for cmd in iptables ip6tables; do command -v "$cmd-save" >/dev/null 2>&1 && echo "$cmd"; done; }
# Rules (as iptables-save prints them) that only dockerd writes: they name a DOCKER chain or a Docker bridge.
docker_rules() { "$1-save" -t "$2" 2>/dev/null | grep -E '^-A ' | grep -E 'DOCKER|docker0|br-[0-9a-f]{12}' || true; }
docker_chains() { "$1-save" -t "$2" 2>/dev/null | grep -E '^:DOCKER' | cut -d' ' -f1 | tr -d ':' || true; }

record_host() {
  mkdir -p "$BEFORE"
  rm -f "$BEFORE"/*
  local fw table
  for fw in $(firewalls); do
    for table in "${TABLES[@]}"; do
      docker_rules "$fw" "$table" >"$BEFORE/$fw.rules.$table"
      docker_chains "$fw" "$table" >"$BEFORE/$fw.chains.$table"
    done
    "$fw-save" -t filter | awk '/^:FORWARD / {print $2}' >"$BEFORE/$fw.forward-policy"
  done
  sysctl -n net.ipv4.ip_forward >"$BEFORE/ip-forward" 2>/dev/null || true
  sysctl -n net.ipv6.conf.all.forwarding >"$BEFORE/ip6-forward" 2>/dev/null || true
  if ip link show docker0 >/dev/null 2>&1; then touch "$BEFORE/docker0"; fi
}

# Deletes, in one iptables-restore transaction per table (quoting kept as iptables-save wrote it), the rules
# dockerd added, then the DOCKER chains that were not there before.
restore_firewall() { # <iptables|ip6tables> <table>
  local fw=$1 table=$2 chain
  [[ -f "$BEFORE/$fw.rules.$table" ]] || return 0
  {
    echo "*$table"
    comm -13 <(sort "$BEFORE/$fw.rules.$table") <(docker_rules "$fw" "$table" | sort) | sed 's/^-A /-D /'
    echo COMMIT
  } | "$fw-restore" --noflush || log "$fw: could not remove every rule dockerd added to $table"
  for chain in $(docker_chains "$fw" "$table"); do
    grep -qx -- "$chain" "$BEFORE/$fw.chains.$table" && continue
    "$fw" -t "$table" -F "$chain" && "$fw" -t "$table" -X "$chain" || log "$fw: could not remove chain $chain"
  done
}

restore_host() {
  [[ -d "$BEFORE" ]] || return 0
  local fw table
  for fw in $(firewalls); do
    for table in "${TABLES[@]}"; do restore_firewall "$fw" "$table"; done
    if [[ -s "$BEFORE/$fw.forward-policy" ]]; then "$fw" -t filter -P FORWARD "$(cat "$BEFORE/$fw.forward-policy")"; fi
  done
  if [[ -s "$BEFORE/ip-forward" ]]; then sysctl -q -w "net.ipv4.ip_forward=$(cat "$BEFORE/ip-forward")" || true; fi
  if [[ -s "$BEFORE/ip6-forward" ]]; then sysctl -q -w "net.ipv6.conf.all.forwarding=$(cat "$BEFORE/ip6-forward")" || true; fi
  [[ -f "$BEFORE/docker0" ]] || ip link delete docker0 2>/dev/null || true
  rm -rf "$BEFORE"
  log "host restored: dockerd's iptables chains and rules, FORWARD policy, IP forwarding, docker0"
}

start() {
  need_package "$DOCKER_CLI" docker.io
  need_package dockerd docker.io
  need_package docker-compose docker-compose
  local version
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
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until version=$(answers); do
    if ! our_dockerd >/dev/null || (( SECONDS >= deadline )); then
      tail -20 "$STATE/dockerd.log" >&2
      stop
      die "dockerd did not come up within ${START_TIMEOUT_S} s"
    fi
    sleep 0.5
  done
  log "docker engine $version started"
}

stop() {
  local pid
  if ! pid=$(our_dockerd); then
    if [[ -f "$PID_FILE" ]]; then rm -f "$PID_FILE"; restore_host; return; fi # ours, already gone
    log "dockerd was not started by these tests: left running"
    return
  fi
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_S))
  while our_dockerd >/dev/null && (( SECONDS < deadline )); do sleep 0.5; done
  if our_dockerd >/dev/null; then
    log "dockerd did not stop within ${STOP_TIMEOUT_S} s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PID_FILE"
  log "dockerd stopped"
  restore_host
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: docker-engine.sh start|stop" ;;
esac
