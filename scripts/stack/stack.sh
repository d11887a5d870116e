#!/usr/bin/env bash
# Local dev/test stack: 6-node Redis Cluster (127.0.0.1:7000-7005) + MariaDB (127.0.0.1:3307).
#
#   scripts/stack/stack.sh up              start (or repair) everything; no-op if healthy
#   scripts/stack/stack.sh status          one line per component; exit 0 iff all healthy
#   scripts/stack/stack.sh down [--purge]  stop everything (keep data; --purge deletes .stack/)
#   scripts/stack/stack.sh purge           same as down --purge
#
# All state lives in <repo>/.stack/. No systemd, no docker; processes are daemonized
# and survive this script. Only 127.0.0.1 is used.
set -euo pipefail

# ---------------------------------------------------------------- configuration
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
STACK_DIR="$REPO_ROOT/.stack"

REDIS_HOST=127.0.0.1
REDIS_PORTS=(7000 7001 7002 7003 7004 7005)
REDIS_DIR="$STACK_DIR/redis"
REDIS_NODE_TIMEOUT_MS=2000
SINGLE_PORT=7010       # standalone Redis for the cache contract tests (single-node mode)
SINGLE_DIR="$STACK_DIR/redis-single"
CLUSTER_TIMEOUT_S=30   # max wait for cluster_state:ok on a fresh cluster
REPAIR_TIMEOUT_S=20    # max wait for an existing cluster to heal before wiping it

MARIADB_HOST=127.0.0.1
MARIADB_PORT=3307
MARIADB_DIR="$STACK_DIR/mariadb"
MARIADB_DATA="$MARIADB_DIR/data"
MARIADB_SOCK="$MARIADB_DIR/mysqld.sock"
MARIADB_PID="$MARIADB_DIR/mysqld.pid"
MARIADB_LOG="$MARIADB_DIR/mysqld.log"
MARIADB_TIMEOUT_S=30
DB_NAMES=(fleetcache fleetcache_test fleetcache_bench)
DB_USER=fleetcache
DB_PASS=fleetcache

PORT_FREE_TIMEOUT_S=30

# ---------------------------------------------------------------- helpers
log() { echo "[stack] $*"; }
err() { echo "[stack] ERROR: $*" >&2; }
die() { err "$*"; exit 1; }

now_ms() { date +%s%3N; }

# port_in_use PORT -> 0 if something accepts TCP connections on 127.0.0.1:PORT
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pid() { if [[ -s "$1" ]]; then tr -dc '0-9' <"$1"; fi; }

# ---------------------------------------------------------------- dependencies
REDIS_SERVER="" REDIS_CLI="" MARIADBD="" MARIADB_INSTALL_DB="" MARIADB_CLIENT="" MARIADB_ADMIN=""

find_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      if [[ -x "$d/$name" ]]; then echo "$d/$name"; return 0; fi
    done
  done
  return 1
}

locate_bins() {
  REDIS_SERVER="$(find_bin redis-server || true)"
  REDIS_CLI="$(find_bin redis-cli || true)"
  MARIADBD="$(find_bin mariadbd || true)"
  MARIADB_INSTALL_DB="$(find_bin mariadb-install-db || true)"
  MARIADB_CLIENT="$(find_bin mariadb || true)"
  MARIADB_ADMIN="$(find_bin mariadb-admin || true)"
}

missing_deps() {
  local missing=()
  [[ -n "$REDIS_SERVER" ]] || missing+=(redis-server)
  [[ -n "$REDIS_CLI" ]] || missing+=(redis-cli)
  [[ -n "$MARIADBD" ]] || missing+=(mariadbd)
  [[ -n "$MARIADB_INSTALL_DB" ]] || missing+=(mariadb-install-db)
  [[ -n "$MARIADB_CLIENT" ]] || missing+=(mariadb)
  [[ -n "$MARIADB_ADMIN" ]] || missing+=(mariadb-admin)
  echo "${missing[*]:-}"
}

ensure_deps() {
  locate_bins
  local missing
  missing="$(missing_deps)"
  if [[ -n "$missing" ]]; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      log "missing: $missing -> installing redis-server mariadb-server mariadb-client via apt-get"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        redis-server mariadb-server mariadb-client >/dev/null
      locate_bins
      missing="$(missing_deps)"
      [[ -z "$missing" ]] || die "still missing after apt-get install: $missing"
    else
      err "missing binaries: $missing"
      err "install them first, e.g. (Debian/Ubuntu):"
      err "  sudo apt-get update && sudo apt-get install -y redis-server mariadb-server mariadb-client"
      err "(Redis >= 7 and MariaDB >= 10.6 required; ports 7000-7005 and 3307 are used, system services are not needed)"
      exit 1
    fi
  fi
  local ver major
  ver="$("$REDIS_SERVER" --version | sed -n 's/.*v=\([0-9][0-9.]*\).*/\1/p')"
  major="${ver%%.*}"
  [[ -n "$major" && "$major" -ge 7 ]] || die "redis-server >= 7 required (found '${ver:-unknown}' at $REDIS_SERVER)"
}

# ---------------------------------------------------------------- redis
rcli() { timeout 5 "$REDIS_CLI" -h "$REDIS_HOST" -p "$1" "${@:2}" 2>/dev/null; }

node_dir() { echo "$REDIS_DIR/$1"; }

# redis_node_state PORT -> ours | foreign | down
redis_node_state() {
  local p=$1 dir
  if ! port_in_use "$p"; then echo down; return; fi
  dir="$(rcli "$p" config get dir | sed -n 2p || true)"
  if [[ "$dir" == "$(node_dir "$p")" ]]; then echo ours; else echo foreign; fi
}

# cluster_field PORT FIELD -> value from CLUSTER INFO
cluster_field() {
  rcli "$1" cluster info | tr -d '\r' | sed -n "s/^$2://p" || true
}

node_role() {
  rcli "$1" role | head -n1 | tr -d '\r' || true
}

redis_start_node() {
  local p=$1 dir
  dir="$(node_dir "$p")"
  mkdir -p "$dir"
  "$REDIS_SERVER" --daemonize yes --port "$p" --bind "$REDIS_HOST" \
    --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout "$REDIS_NODE_TIMEOUT_MS" \
    --appendonly no --save '' --dir "$dir" \
    --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" \
    --protected-mode no >/dev/null 9>&-   # 9>&-: don't leak the stack lock fd into the daemon
}

# wait until every node answers PING (10 s)
redis_wait_ping() {
  local deadline=$(( $(date +%s) + 10 )) p ok
  while :; do
    ok=1
    for p in "${REDIS_PORTS[@]}"; do
      [[ "$(rcli "$p" ping)" == PONG ]] || { ok=0; break; }
    done
    [[ $ok -eq 1 ]] && return 0
    if (( $(date +%s) >= deadline )); then
      err "redis node $p did not answer PING within 10s; log: $(node_dir "$p")/redis.log"
      tail -n 20 "$(node_dir "$p")/redis.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.1
  done
}

# cluster healthy: every node says ok, 16384 slots assigned, knows all 6 nodes
cluster_healthy() {
  local p
  for p in "${REDIS_PORTS[@]}"; do
    local info
    info="$(rcli "$p" cluster info | tr -d '\r')" || return 1
    grep -qx 'cluster_state:ok' <<<"$info" || return 1
    grep -qx 'cluster_slots_assigned:16384' <<<"$info" || return 1
    grep -qx "cluster_known_nodes:${#REDIS_PORTS[@]}" <<<"$info" || return 1
  done
  return 0
}

wait_cluster_healthy() {
  local deadline=$(( $(date +%s) + $1 ))
  while ! cluster_healthy; do
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2
  done
}

redis_stop_node() {
  local p=$1 dir pid i
  dir="$(node_dir "$p")"
  pid="$(read_pid "$dir/redis.pid")"
  if [[ "$(redis_node_state "$p")" == ours ]]; then
    rcli "$p" shutdown nosave now >/dev/null || true
  fi
  # fallback: kill by pidfile (only if it is a redis-server)
  for i in $(seq 1 50); do
    port_in_use "$p" || break
    if (( i == 20 )) && pid_alive "$pid" && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    if (( i == 40 )) && pid_alive "$pid" && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  if pid_alive "$pid" && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/redis.pid"
}

redis_stop_all() {
  local p
  for p in "${REDIS_PORTS[@]}"; do
    [[ "$(redis_node_state "$p")" == foreign ]] && continue
    redis_stop_node "$p"
  done
}

redis_create_cluster() {
  local addrs=() p
  for p in "${REDIS_PORTS[@]}"; do addrs+=("$REDIS_HOST:$p"); done
  log "redis: creating cluster (${#REDIS_PORTS[@]} nodes, 1 replica per master)"
  if ! timeout 60 "$REDIS_CLI" --cluster create "${addrs[@]}" --cluster-replicas 1 --cluster-yes \
      >"$REDIS_DIR/cluster-create.log" 2>&1; then
    err "redis-cli --cluster create failed; see $REDIS_DIR/cluster-create.log"
    tail -n 15 "$REDIS_DIR/cluster-create.log" >&2 || true
    return 1
  fi
}

# stop nodes, delete all redis state, start fresh and create the cluster
redis_recreate() {
  log "redis: wiping $REDIS_DIR and recreating the cluster"
  redis_stop_all
  rm -rf "$REDIS_DIR"
  mkdir -p "$REDIS_DIR"
  local p
  for p in "${REDIS_PORTS[@]}"; do redis_start_node "$p"; done
  redis_wait_ping || die "redis nodes failed to start"
  redis_create_cluster || die "could not create redis cluster (see above)"
  wait_cluster_healthy "$CLUSTER_TIMEOUT_S" \
    || die "redis cluster not ok within ${CLUSTER_TIMEOUT_S}s after create; logs in $REDIS_DIR/<port>/redis.log"
}

redis_up() {
  mkdir -p "$REDIS_DIR"
  local p state started=0 conf_count=0
  # refuse ports taken by someone else
  for p in "${REDIS_PORTS[@]}"; do
    state="$(redis_node_state "$p")"
    [[ "$state" == foreign ]] && die "port $p is in use by a process that is not this stack's redis (check: ss -ltnp 'sport = :$p')"
  done

  # nodes.conf present on some but not all nodes -> unrecoverable, wipe
  for p in "${REDIS_PORTS[@]}"; do
    [[ -s "$(node_dir "$p")/nodes.conf" ]] && conf_count=$((conf_count + 1))
  done
  if (( conf_count > 0 && conf_count < ${#REDIS_PORTS[@]} )); then
    log "redis: inconsistent state ($conf_count/${#REDIS_PORTS[@]} nodes have nodes.conf)"
    redis_recreate
    return 0
  fi

  # start nodes that are not running
  for p in "${REDIS_PORTS[@]}"; do
    if [[ "$(redis_node_state "$p")" == down ]]; then
      redis_start_node "$p"
      started=$((started + 1))
    fi
  done
  if (( started > 0 )); then log "redis: started $started node(s)"; fi
  redis_wait_ping || die "redis nodes failed to start"

  cluster_healthy && return 0

  # classify: fresh (nobody knows anybody, no slots) / mixed / formed
  local fresh=0 formed=0 known slots
  for p in "${REDIS_PORTS[@]}"; do
    known="$(cluster_field "$p" cluster_known_nodes)"
    slots="$(cluster_field "$p" cluster_slots_assigned)"
    if [[ "$known" == 1 && "$slots" == 0 ]]; then fresh=$((fresh + 1)); else formed=$((formed + 1)); fi
  done

  if (( formed == 0 )); then
    if redis_create_cluster && wait_cluster_healthy "$CLUSTER_TIMEOUT_S"; then
      return 0
    fi
    log "redis: cluster did not come up cleanly"
    redis_recreate
  elif (( fresh > 0 )); then
    log "redis: inconsistent cluster ($fresh fresh node(s), $formed in a cluster)"
    redis_recreate
  else
    log "redis: waiting for existing cluster to become ok (up to ${REPAIR_TIMEOUT_S}s)"
    if ! wait_cluster_healthy "$REPAIR_TIMEOUT_S"; then
      log "redis: cluster did not heal"
      redis_recreate
    fi
  fi
}

redis_status() {
  local p state role healthy=0 line
  for p in "${REDIS_PORTS[@]}"; do
    state="$(redis_node_state "$p")"
    case "$state" in
      ours) role="$(node_role "$p")"; line="up   ${role:-?}" ;;
      foreign) line="PORT TAKEN by a foreign process"; healthy=1 ;;
      *) line="down"; healthy=1 ;;
    esac
    log "redis   $REDIS_HOST:$p  $line"
  done
  local cs="" sa=""
  for p in "${REDIS_PORTS[@]}"; do
    if [[ "$(redis_node_state "$p")" == ours ]]; then
      cs="$(cluster_field "$p" cluster_state)"; sa="$(cluster_field "$p" cluster_slots_assigned)"; break
    fi
  done
  if cluster_healthy; then
    log "cluster cluster_state:ok  slots ${sa}/16384  (all ${#REDIS_PORTS[@]} nodes agree)"
  else
    log "cluster cluster_state:${cs:-unknown}  slots ${sa:-?}/16384  (NOT healthy on all nodes)"
    healthy=1
  fi
  return $healthy
}

# ---------------------------------------------------------------- mariadb
mcli() {
  "$MARIADB_CLIENT" --no-defaults --protocol=socket --socket="$MARIADB_SOCK" -uroot "$@"
}

mariadb_ping() {
  [[ -S "$MARIADB_SOCK" ]] && timeout 5 "$MARIADB_ADMIN" --no-defaults --socket="$MARIADB_SOCK" \
    -uroot --connect-timeout=2 ping >/dev/null 2>&1
}

# mariadb_state -> ours | foreign | down
mariadb_state() {
  if mariadb_ping; then echo ours; return; fi
  if port_in_use "$MARIADB_PORT"; then
    local pid; pid="$(read_pid "$MARIADB_PID")"
    if pid_alive "$pid" && grep -q mariadbd "/proc/$pid/cmdline" 2>/dev/null; then echo starting; else echo foreign; fi
    return
  fi
  echo down
}

mariadb_start() {
  mkdir -p "$MARIADB_DIR"
  if [[ ! -d "$MARIADB_DATA/mysql" ]]; then
    log "mariadb: initializing datadir $MARIADB_DATA"
    rm -rf "$MARIADB_DATA"
    mkdir -p "$MARIADB_DATA"
    if ! "$MARIADB_INSTALL_DB" --no-defaults --user=root --datadir="$MARIADB_DATA" \
        --auth-root-authentication-method=normal --skip-test-db \
        --skip-name-resolve >"$MARIADB_DIR/install-db.log" 2>&1; then
      err "mariadb-install-db failed; see $MARIADB_DIR/install-db.log"
      tail -n 20 "$MARIADB_DIR/install-db.log" >&2 || true
      rm -rf "$MARIADB_DATA"
      exit 1
    fi
  fi
  # stale pid/socket from a crash would confuse the readiness check
  local oldpid; oldpid="$(read_pid "$MARIADB_PID")"
  if ! pid_alive "$oldpid"; then rm -f "$MARIADB_PID" "$MARIADB_SOCK"; fi
  setsid nohup "$MARIADBD" --no-defaults --user=root --datadir="$MARIADB_DATA" \
    --port="$MARIADB_PORT" --bind-address="$MARIADB_HOST" --socket="$MARIADB_SOCK" \
    --pid-file="$MARIADB_PID" --log-error="$MARIADB_LOG" --skip-name-resolve \
    --innodb-buffer-pool-size=128M --max-connections=500 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    </dev/null >>"$MARIADB_DIR/mysqld.stdout" 2>&1 9>&- &
  disown || true
}

mariadb_wait() {
  local deadline=$(( $(date +%s) + MARIADB_TIMEOUT_S ))
  until mariadb_ping; do
    if (( $(date +%s) >= deadline )); then
      err "mariadb not ready within ${MARIADB_TIMEOUT_S}s; last lines of $MARIADB_LOG:"
      tail -n 20 "$MARIADB_LOG" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
}

mariadb_setup() {
  local sql="" db host
  for db in "${DB_NAMES[@]}"; do
    sql+="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  done
  for host in 127.0.0.1 localhost; do
    sql+="CREATE USER IF NOT EXISTS '$DB_USER'@'$host' IDENTIFIED BY '$DB_PASS';"
    sql+="ALTER USER '$DB_USER'@'$host' IDENTIFIED BY '$DB_PASS';"
    for db in "${DB_NAMES[@]}"; do
      sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$DB_USER'@'$host';"
    done
  done
  mcli -e "$sql" || die "mariadb: creating databases/user failed"
}

mariadb_up() {
  local state; state="$(mariadb_state)"
  case "$state" in
    foreign) die "port $MARIADB_PORT is in use by a process that is not this stack's mariadb (check: ss -ltnp 'sport = :$MARIADB_PORT')" ;;
    ours) ;;
    starting) mariadb_wait || die "mariadb failed to become ready" ;;
    down)
      mariadb_start
      mariadb_wait || die "mariadb failed to start"
      log "mariadb: started on $MARIADB_HOST:$MARIADB_PORT"
      ;;
  esac
  mariadb_setup
}

mariadb_stop() {
  local pid i; pid="$(read_pid "$MARIADB_PID")"
  if mariadb_ping; then
    timeout 30 "$MARIADB_ADMIN" --no-defaults --socket="$MARIADB_SOCK" -uroot shutdown >/dev/null 2>&1 || true
  fi
  for i in $(seq 1 150); do
    pid_alive "$pid" || break
    if (( i == 100 )) && pid_alive "$pid" && grep -q mariadbd "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  if pid_alive "$pid" && grep -q mariadbd "/proc/$pid/cmdline" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
  fi
}

mariadb_status() {
  local state ver
  state="$(mariadb_state)"
  case "$state" in
    ours)
      ver="$(mcli -N -e 'select version()' 2>/dev/null || true)"
      log "mariadb $MARIADB_HOST:$MARIADB_PORT  up   ${ver}  (socket $MARIADB_SOCK)"; return 0 ;;
    starting) log "mariadb $MARIADB_HOST:$MARIADB_PORT  starting"; return 1 ;;
    foreign) log "mariadb $MARIADB_HOST:$MARIADB_PORT  PORT TAKEN by a foreign process"; return 1 ;;
    *) log "mariadb $MARIADB_HOST:$MARIADB_PORT  down"; return 1 ;;
  esac
}

# ---------------------------------------------------------------- standalone redis
single_state() {
  if ! port_in_use "$SINGLE_PORT"; then echo down; return; fi
  [[ "$(rcli "$SINGLE_PORT" config get dir | sed -n 2p || true)" == "$SINGLE_DIR" ]] && echo ours || echo foreign
}

single_up() {
  case "$(single_state)" in
    ours) return 0 ;;
    foreign) die "port $SINGLE_PORT is in use by a process that is not this stack's standalone redis" ;;
  esac
  mkdir -p "$SINGLE_DIR"
  "$REDIS_SERVER" --daemonize yes --port "$SINGLE_PORT" --bind "$REDIS_HOST" --appendonly no --save '' \
    --dir "$SINGLE_DIR" --logfile "$SINGLE_DIR/redis.log" --pidfile "$SINGLE_DIR/redis.pid" \
    --protected-mode no >/dev/null 9>&-
  local i
  for i in $(seq 1 50); do [[ "$(rcli "$SINGLE_PORT" ping)" == PONG ]] && return 0; sleep 0.1; done
  die "standalone redis on $SINGLE_PORT did not start; log: $SINGLE_DIR/redis.log"
}

single_stop() {
  [[ "$(single_state)" == ours ]] && rcli "$SINGLE_PORT" shutdown nosave now >/dev/null || true
  local pid; pid="$(read_pid "$SINGLE_DIR/redis.pid")"
  if pid_alive "$pid" && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then sleep 0.3; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$SINGLE_DIR/redis.pid"
}

single_status() {
  case "$(single_state)" in
    ours) log "redis   $REDIS_HOST:$SINGLE_PORT  up   standalone"; return 0 ;;
    foreign) log "redis   $REDIS_HOST:$SINGLE_PORT  PORT TAKEN by a foreign process"; return 1 ;;
    *) log "redis   $REDIS_HOST:$SINGLE_PORT  down (standalone)"; return 1 ;;
  esac
}

# ---------------------------------------------------------------- commands
# wait_ports_free PORT... -> 0 once none of the given ports accepts connections
wait_ports_free() {
  local deadline=$(( $(date +%s) + PORT_FREE_TIMEOUT_S )) p busy
  while :; do
    busy=""
    for p in "$@"; do
      port_in_use "$p" && busy+="$p "
    done
    [[ -z "$busy" ]] && return 0
    if (( $(date +%s) >= deadline )); then
      err "ports still in use after ${PORT_FREE_TIMEOUT_S}s: $busy"
      return 1
    fi
    sleep 0.1
  done
}

with_lock() {
  mkdir -p "$STACK_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STACK_DIR/.lock"
    flock -w 120 9 || die "another stack.sh is running (lock $STACK_DIR/.lock)"
  fi
}

cmd_status() {
  local rc=0
  locate_bins
  if [[ -n "$(missing_deps)" ]]; then
    log "missing binaries: $(missing_deps) (run: $0 up)"; return 1
  fi
  redis_status || rc=1
  single_status || rc=1
  mariadb_status || rc=1
  return $rc
}

cmd_up() {
  local t0; t0="$(now_ms)"
  ensure_deps
  with_lock
  redis_up
  single_up
  mariadb_up
  cmd_status || die "stack is not healthy after up"
  log "up in $(( $(now_ms) - t0 ))ms  redis: $REDIS_HOST:${REDIS_PORTS[0]}-${REDIS_PORTS[-1]}  mysql://$DB_USER:$DB_PASS@$MARIADB_HOST:$MARIADB_PORT/${DB_NAMES[0]}"
}

cmd_down() {
  local purge=0 t0; t0="$(now_ms)"
  [[ "${1:-}" == --purge ]] && purge=1
  locate_bins
  if [[ -d "$STACK_DIR" ]]; then
    with_lock
    local p ours=()
    if [[ -n "$REDIS_CLI" ]]; then
      for p in "${REDIS_PORTS[@]}"; do
        case "$(redis_node_state "$p")" in
          ours) ours+=("$p") ;;
          foreign) log "note: port $p is held by a foreign process (left alone)" ;;
        esac
      done
      redis_stop_all
      [[ "$(single_state)" == ours ]] && ours+=("$SINGLE_PORT")
      single_stop
    fi
    if [[ -n "$MARIADB_ADMIN" ]]; then
      case "$(mariadb_state)" in
        ours|starting) ours+=("$MARIADB_PORT"); mariadb_stop ;;
        foreign) log "note: port $MARIADB_PORT is held by a foreign process (left alone)" ;;
        *) mariadb_stop ;;  # clean up a stray pid if any
      esac
    fi
    wait_ports_free "${ours[@]}" || die "could not free all ports"
  fi
  if (( purge )); then
    rm -rf "$STACK_DIR"
    log "down + purged $STACK_DIR in $(( $(now_ms) - t0 ))ms"
  else
    log "down in $(( $(now_ms) - t0 ))ms (data kept in $STACK_DIR)"
  fi
}

usage() {
  echo "usage: $0 up | down [--purge] | purge | status" >&2
  exit 2
}

case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "${1:-}" ;;
  purge) cmd_down --purge ;;
  status) cmd_status ;;
  *) usage ;;
esac
