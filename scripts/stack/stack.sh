#!/usr/bin/env bash
# Local dev/test stack: 6-node Redis Cluster (127.0.0.1:7000-7005) + MariaDB (127.0.0.1:3307) + standalone Redis (7010)
# + a standalone Redis that speaks TLS only (7011) + a 3-node Memcached (7020-7022, the CACHE_ENGINE=memcached engine).
#
#   scripts/stack/stack.sh up              start (or repair) everything; no-op if healthy
#   scripts/stack/stack.sh status          one line per component; exit 0 iff all healthy
#   scripts/stack/stack.sh down [--purge]  stop everything (keep data; --purge deletes .stack/)
#   scripts/stack/stack.sh purge           same as down --purge
#   scripts/stack/stack.sh add-shard       add a 4th master (7006) with its replica (7007) and rebalance slots onto it
#   scripts/stack/stack.sh remove-shard    move every slot of that shard back to the other masters, remove both nodes
#
# All state lives in <repo>/.stack/. No systemd, no docker; processes are daemonized
# and survive this script. Only 127.0.0.1 is used.
#
# Security (docs/security.md section 7), for the tests of the apps' Redis users and of TLS:
# - Redis ACL users of the apps, from their one definition k8s/base/redis/acl-users.sh, on every Redis node of the
#   stack (applied by `up` and `add-shard` with ACL SETUSER, so a running stack gains them without a restart):
#     fleetcache-service / fleetcache-service-dev   (user-service, product-service)
#     fleetcache-warmer  / fleetcache-warmer-dev    (cache-warmer)
#   They may use the key and channel prefixes `fc` (the default CACHE_KEY_PREFIX / EVENTS_CHANNEL_PREFIX) and
#   `t<digit>...` (the per-run prefixes of the test harness, testEnv). The default user stays open (no password,
#   every command): the stack's own administration and every test that does not test the ACL use it.
# - A self-signed CA with a server certificate for 127.0.0.1/localhost and a client certificate, in <STACK_DIR>/tls
#   (ca.crt, server.crt/.key, client.crt/.key; made once, made again when they no longer verify or expire soon).
#   MariaDB serves TLS with them (clients without TLS keep working) and has a second account, fleetcache_x509 /
#   fleetcache (same grants), that must connect with TLS and a client certificate of that CA. The standalone Redis
#   on B+11 speaks TLS only, with the same server certificate (it asks no client certificate) and the ACL users.
#   A MariaDB started before the stack had TLS keeps running without it (status says so): down, then up.
#
# The extra shard belongs to the stack while its node directories exist (.stack/redis/7006, .stack/redis/7007):
# `up` restarts and repairs it (and drops an extra node that never joined, e.g. after an interrupted add-shard),
# `down` stops it, `status` lists it. add-shard and remove-shard need a healthy cluster, resume an interrupted run,
# and do nothing when there is nothing to do. After a failover the two extra nodes may have swapped roles.
#
# Environment overrides (default in brackets), e.g. for a throwaway stack beside the usual one:
#   STACK_DIR               state directory [<repo>/.stack]
#   STACK_REDIS_BASE_PORT   first cluster port B [7000]: cluster B..B+5, extra shard B+6 (master) and B+7 (replica),
#                           standalone Redis B+10, TLS standalone Redis B+11, Memcached B+20..B+22. Cluster bus ports are +10000: keep them clear of another stack's
#                           (beside a stack on 7000, B=17000 collides with its bus ports 17000-17005; use e.g. 20000)
#   STACK_MARIADB           1: manage MariaDB; 0: Redis only (up/status/down leave MariaDB out) [1]
#   STACK_MARIADB_PORT      MariaDB TCP port [3307]
#   STACK_MIGRATE_PIPELINE  keys per MIGRATE when slots move (redis-cli --cluster-pipeline) [200]
# e.g. a throwaway Redis-only stack:
#   STACK_DIR=/tmp/st STACK_REDIS_BASE_PORT=20000 STACK_MARIADB=0 scripts/stack/stack.sh up|add-shard|remove-shard|down --purge
# The consistency checker (scripts/checker) follows the same STACK_* variables.
set -euo pipefail

# ---------------------------------------------------------------- configuration
REPO_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ -n "${STACK_DIR:-}" ]]; then
  # redis reports its working dir canonicalized (CONFIG GET dir): compare against the same form
  STACK_DIR="$(realpath -m -- "$STACK_DIR")"
else
  STACK_DIR="$REPO_ROOT/.stack"
fi

is_uint() { [[ "${1:-}" =~ ^[0-9]+$ ]]; }
REDIS_BASE_PORT="${STACK_REDIS_BASE_PORT:-7000}"
if ! is_uint "$REDIS_BASE_PORT" || (( REDIS_BASE_PORT < 1024 || REDIS_BASE_PORT + 10 + 10000 > 65535 )); then
  echo "[stack] ERROR: STACK_REDIS_BASE_PORT must be an integer in 1024..55525 (got '$REDIS_BASE_PORT')" >&2
  exit 2
fi

REDIS_HOST=127.0.0.1
REDIS_PORTS=()
for _i in 0 1 2 3 4 5; do REDIS_PORTS+=($((REDIS_BASE_PORT + _i))); done
EXTRA_PORTS=($((REDIS_BASE_PORT + 6)) $((REDIS_BASE_PORT + 7)))   # the extra shard: master, replica
REDIS_DIR="$STACK_DIR/redis"
REDIS_NODE_TIMEOUT_MS=2000
SINGLE_PORT=$((REDIS_BASE_PORT + 10))   # standalone Redis for the cache contract tests (single-node mode)
SINGLE_DIR="$STACK_DIR/redis-single"
TLS_PORT=$((REDIS_BASE_PORT + 11))   # standalone Redis that speaks TLS only (tests of REDIS_TLS / REDIS_TLS_CA)
TLS_REDIS_DIR="$STACK_DIR/redis-tls"
TLS_DIR="$STACK_DIR/tls"             # the stack's CA, server and client certificates
TLS_DAYS=3650
MEMCACHED_PORTS=($((REDIS_BASE_PORT + 20)) $((REDIS_BASE_PORT + 21)) $((REDIS_BASE_PORT + 22)))   # 3-node Memcached (CACHE_ENGINE=memcached)
MEMCACHED_DIR="$STACK_DIR/memcached"
MEMCACHED_MEMORY_MB=64
# The apps' Redis ACL users (defined in k8s/base/redis/acl-users.sh) with local development passwords, and the
# key/channel prefixes they may use here: fc, and t<digit>... for the test harness's per-run prefixes.
ACL_USERS_SCRIPT="$REPO_ROOT/k8s/base/redis/acl-users.sh"
REDIS_SERVICE_USER=fleetcache-service
REDIS_SERVICE_PASS=fleetcache-service-dev
REDIS_WARMER_USER=fleetcache-warmer
REDIS_WARMER_PASS=fleetcache-warmer-dev
REDIS_ACL_PREFIXES='fc t[0-9]*'
CLUSTER_TIMEOUT_S=30   # max wait for cluster_state:ok on a fresh cluster
REPAIR_TIMEOUT_S=20    # max wait for an existing cluster to heal before wiping it
SHARD_TIMEOUT_S=180    # max time of one slot migration run (redis-cli --cluster rebalance)
MIGRATE_PIPELINE="${STACK_MIGRATE_PIPELINE:-200}"
is_uint "$MIGRATE_PIPELINE" && (( MIGRATE_PIPELINE > 0 )) \
  || { echo "[stack] ERROR: STACK_MIGRATE_PIPELINE must be a positive integer" >&2; exit 2; }

MARIADB_ENABLED="${STACK_MARIADB:-1}"
[[ "$MARIADB_ENABLED" == 0 || "$MARIADB_ENABLED" == 1 ]] \
  || { echo "[stack] ERROR: STACK_MARIADB must be 0 or 1 (got '$MARIADB_ENABLED')" >&2; exit 2; }
MARIADB_HOST=127.0.0.1
MARIADB_PORT="${STACK_MARIADB_PORT:-3307}"
is_uint "$MARIADB_PORT" && (( MARIADB_PORT >= 1 && MARIADB_PORT <= 65535 )) \
  || { echo "[stack] ERROR: STACK_MARIADB_PORT must be a port number (got '$MARIADB_PORT')" >&2; exit 2; }
MARIADB_DIR="$STACK_DIR/mariadb"
MARIADB_DATA="$MARIADB_DIR/data"
MARIADB_SOCK="$MARIADB_DIR/mysqld.sock"
MARIADB_PID="$MARIADB_DIR/mysqld.pid"
MARIADB_LOG="$MARIADB_DIR/mysqld.log"
MARIADB_TIMEOUT_S=30
DB_NAMES=(fleetcache fleetcache_test fleetcache_bench)
DB_USER=fleetcache
DB_PASS=fleetcache
DB_X509_USER=fleetcache_x509   # same grants and password; must connect with TLS and a client certificate of the CA

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
# stop_standalone_redis PORT_CLI_FN DIR: SHUTDOWN through the given redis-cli wrapper, then kill what is left of the
# server whose pid file is DIR/redis.pid (only if that pid is still a redis-server), and forget the pid file
stop_standalone_redis() {
  local cli="$1" dir="$2" pid
  "$cli" shutdown nosave now >/dev/null || true
  pid="$(read_pid "$dir/redis.pid")"
  if pid_alive "$pid" && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then sleep 0.3; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$dir/redis.pid"
}

# ---------------------------------------------------------------- dependencies
REDIS_SERVER="" REDIS_CLI="" MEMCACHED="" MARIADBD="" MARIADB_INSTALL_DB="" MARIADB_CLIENT="" MARIADB_ADMIN="" OPENSSL=""

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
  MEMCACHED="$(find_bin memcached || true)"
  MARIADBD="$(find_bin mariadbd || true)"
  MARIADB_INSTALL_DB="$(find_bin mariadb-install-db || true)"
  MARIADB_CLIENT="$(find_bin mariadb || true)"
  MARIADB_ADMIN="$(find_bin mariadb-admin || true)"
  OPENSSL="$(find_bin openssl || true)"
}

missing_deps() {
  local missing=()
  [[ -n "$REDIS_SERVER" ]] || missing+=(redis-server)
  [[ -n "$REDIS_CLI" ]] || missing+=(redis-cli)
  [[ -n "$OPENSSL" ]] || missing+=(openssl)
  [[ -n "$MEMCACHED" ]] || missing+=(memcached)
  if [[ "$MARIADB_ENABLED" == 0 ]]; then echo "${missing[*]:-}"; return; fi
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
      log "missing: $missing -> installing redis-server memcached mariadb-server mariadb-client openssl via apt-get"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        redis-server memcached mariadb-server mariadb-client openssl >/dev/null
      locate_bins
      missing="$(missing_deps)"
      [[ -z "$missing" ]] || die "still missing after apt-get install: $missing"
    else
      err "missing binaries: $missing"
      err "install them first, e.g. (Debian/Ubuntu):"
      err "  sudo apt-get update && sudo apt-get install -y redis-server memcached mariadb-server mariadb-client openssl"
      err "(Redis >= 7, Memcached >= 1.6 and MariaDB >= 10.6 required; ports ${REDIS_PORTS[0]}-${EXTRA_PORTS[-1]}, $SINGLE_PORT, $TLS_PORT, ${MEMCACHED_PORTS[0]}-${MEMCACHED_PORTS[-1]} and $MARIADB_PORT are used, system services are not needed)"
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

node_id() {
  rcli "$1" cluster myid | tr -d '\r' || true
}

# node_slots PORT -> number of slots the node owns (by its own view)
node_slots() {
  { rcli "$1" cluster nodes || true; } | tr -d '\r' | awk 'BEGIN { n = 0 } $3 ~ /myself/ {
    for (i = 9; i <= NF; i++) {
      if ($i ~ /^\[/) continue                       # [slot->-id] / [slot-<-id]: migration in progress
      k = split($i, r, "-"); n += (k == 2 ? r[2] - r[1] + 1 : 1)
    }
  } END { print n }'
}

# extra_present -> the extra shard ports whose node directory exists (i.e. that belong to the stack)
extra_present() {
  local p
  for p in "${EXTRA_PORTS[@]}"; do
    [[ -d "$(node_dir "$p")" ]] && echo "$p"
  done
  return 0
}

# expected_ports -> every cluster port of the stack: the 6 base nodes and the extra shard's nodes, if any
expected_ports() {
  printf '%s\n' "${REDIS_PORTS[@]}"
  extra_present
}

# a base node of ours that is up and in a formed cluster (entry point for redis-cli --cluster)
seed_port() {
  local p
  for p in "${REDIS_PORTS[@]}"; do
    if [[ "$(redis_node_state "$p")" == ours && "$(cluster_field "$p" cluster_known_nodes)" -gt 1 ]] 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  return 1
}

redis_start_node() {
  local p=$1 dir
  dir="$(node_dir "$p")"
  if port_in_use $((p + 10000)); then
    die "cluster bus port $((p + 10000)) of node $p is in use by another process (another stack? see STACK_REDIS_BASE_PORT)"
  fi
  mkdir -p "$dir"
  "$REDIS_SERVER" --daemonize yes --port "$p" --bind "$REDIS_HOST" \
    --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout "$REDIS_NODE_TIMEOUT_MS" \
    --appendonly no --save '' --dir "$dir" --maxmemory-policy volatile-lru \
    --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" \
    --protected-mode no >/dev/null 9>&-   # 9>&-: don't leak the stack lock fd into the daemon
}

# redis_wait_ping PORT... -> 0 once every given node answers PING (10 s)
redis_wait_ping() {
  local deadline=$(( $(date +%s) + 10 )) p ok
  while :; do
    ok=1
    for p in "$@"; do
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

# cluster healthy: every node of the stack says ok, 16384 slots assigned, knows all the stack's nodes
cluster_healthy() {
  local p ports
  mapfile -t ports < <(expected_ports)
  for p in "${ports[@]}"; do
    local info
    info="$(rcli "$p" cluster info | tr -d '\r')" || return 1
    grep -qx 'cluster_state:ok' <<<"$info" || return 1
    grep -qx 'cluster_slots_assigned:16384' <<<"$info" || return 1
    grep -qx "cluster_known_nodes:${#ports[@]}" <<<"$info" || return 1
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

# cluster_consistent -> 0 when redis-cli --cluster check finds every node agreeing, no open slot, all slots covered
cluster_consistent() {
  local out
  out="$(timeout 20 "$REDIS_CLI" --cluster check "$REDIS_HOST:$1" 2>&1)" || return 1
  ! grep -q '\[ERR\]\|\[WARNING\]' <<<"$out"
}

# open_slots PORT -> the slots left migrating/importing (an interrupted migration), space-separated; empty if none
open_slots() {
  { timeout 20 "$REDIS_CLI" --cluster check "$REDIS_HOST:$1" 2>&1 || true; } \
    | sed -n 's/.*The following slots are open: \([0-9, ]*\).*/\1/p' | tr ',' ' ' | tr -s ' ' | sed 's/^ *//; s/ *$//'
}

# fix_open_slots SEED LOG: finish or roll back a migration left half done (redis-cli --cluster fix)
fix_open_slots() {
  local seed=$1 logf=$2 open
  open="$(open_slots "$seed")"
  [[ -n "$open" ]] || return 0
  sleep 1   # not a migration under way right now (this script holds the lock; a manual one might not)
  [[ "$(open_slots "$seed")" == "$open" ]] || return 0
  log "redis: slot(s) $open left open by an interrupted migration: redis-cli --cluster fix"
  timeout 120 "$REDIS_CLI" --cluster fix "$REDIS_HOST:$seed" --cluster-yes >>"$logf" 2>&1 || true
  [[ -z "$(open_slots "$seed")" ]]
}

# wait_cluster_consistent SEED SECONDS [LOG]: wait for the nodes to agree; with LOG, open slots are fixed at once
wait_cluster_consistent() {
  local seed=$1 deadline=$(( $(date +%s) + $2 )) logf=${3:-}
  while ! cluster_consistent "$seed"; do
    (( $(date +%s) < deadline )) || return 1
    if [[ -n "$logf" && -n "$(open_slots "$seed")" ]]; then fix_open_slots "$seed" "$logf" || sleep 0.3; else sleep 0.3; fi
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
  rm -f "$dir/redis.pid" 2>/dev/null || true
}

# stops every cluster node of the stack, the extra shard's included
redis_stop_all() {
  local p
  for p in "${REDIS_PORTS[@]}" "${EXTRA_PORTS[@]}"; do
    [[ "$(redis_node_state "$p")" == foreign ]] && continue
    redis_stop_node "$p"
  done
}

# drop_extra_node PORT [force]: stop an extra shard node and delete its directory; never one that holds slots, unless
# forced (the cluster it belonged to is gone)
drop_extra_node() {
  local p=$1
  if [[ "${2:-}" != force && "$(redis_node_state "$p")" == ours ]] && (( $(node_slots "$p") > 0 )); then
    die "extra node $p owns slots but looked detached (a transient failure?): not dropping it; run the command again"
  fi
  [[ "$(redis_node_state "$p")" == foreign ]] || redis_stop_node "$p"
  rm -rf "$(node_dir "$p")"
}

# extra_joined PORT -> 0 when the (running) extra node is a member of the stack's cluster: a base node knows its id
extra_joined() {
  local p=$1 id seed
  [[ "$(redis_node_state "$p")" == ours ]] || return 1
  [[ "$(cluster_field "$p" cluster_known_nodes)" -gt 1 ]] 2>/dev/null || return 1
  id="$(node_id "$p")"
  [[ -n "$id" ]] || return 1
  seed="$(seed_port)" || return 1
  rcli "$seed" cluster nodes | tr -d '\r' | awk -v id="$id" '$1 == id && $3 !~ /handshake|noaddr/ { found = 1 } END { exit !found }'
}

# extra nodes that are not part of the cluster (interrupted add-shard, or forgotten by remove-shard) are dropped
drop_unjoined_extras() {
  local p
  seed_port >/dev/null || return 0   # no formed cluster to be a member of: nothing to judge by
  for p in $(extra_present); do
    if ! extra_joined "$p"; then
      if (( $(node_slots "$p") > 0 )); then   # never throw away slots (a node that did not answer in time?)
        log "redis: extra node $p looks detached from the cluster but owns slots: left alone"
        continue
      fi
      log "redis: dropping extra node $p: not a member of the cluster (interrupted add-shard/remove-shard?)"
      drop_extra_node "$p"
    fi
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

# stop nodes, delete all redis state (the extra shard's too), start fresh and create the 6-node cluster
redis_recreate() {
  log "redis: wiping $REDIS_DIR and recreating the cluster"
  redis_stop_all
  rm -rf "$REDIS_DIR"
  mkdir -p "$REDIS_DIR"
  local p
  for p in "${REDIS_PORTS[@]}"; do redis_start_node "$p"; done
  redis_wait_ping "${REDIS_PORTS[@]}" || die "redis nodes failed to start"
  redis_create_cluster || die "could not create redis cluster (see above)"
  wait_cluster_healthy "$CLUSTER_TIMEOUT_S" \
    || die "redis cluster not ok within ${CLUSTER_TIMEOUT_S}s after create; logs in $REDIS_DIR/<port>/redis.log"
}

# starts the stack's nodes that are down (the extra shard's too) and waits for them to answer
redis_start_down_nodes() {
  local p started=0 ports
  mapfile -t ports < <(expected_ports)
  for p in "${ports[@]}"; do
    [[ "$(redis_node_state "$p")" == foreign ]] \
      && die "port $p is in use by a process that is not this stack's redis (check: ss -ltnp 'sport = :$p')"
  done
  for p in "${ports[@]}"; do
    if [[ "$(redis_node_state "$p")" == down ]]; then
      redis_start_node "$p"
      started=$((started + 1))
    fi
  done
  if (( started > 0 )); then log "redis: started $started node(s)"; fi
  redis_wait_ping "${ports[@]}" || die "redis nodes failed to start"
}

redis_up() {
  redis_up_nodes
  # a slot migration left half done (add-shard/remove-shard interrupted) is finished or rolled back
  local seed
  if seed="$(seed_port)" && [[ -n "$(open_slots "$seed")" ]]; then
    fix_open_slots "$seed" "$REDIS_DIR/shard.log" || die "could not fix open slots; see $REDIS_DIR/shard.log"
  fi
}

redis_up_nodes() {
  mkdir -p "$REDIS_DIR"
  local p state conf_count=0
  # refuse ports taken by someone else
  for p in $(expected_ports); do
    state="$(redis_node_state "$p")"
    [[ "$state" == foreign ]] && die "port $p is in use by a process that is not this stack's redis (check: ss -ltnp 'sport = :$p')"
  done

  # nodes.conf present on some but not all base nodes -> unrecoverable, wipe
  for p in "${REDIS_PORTS[@]}"; do
    [[ -s "$(node_dir "$p")/nodes.conf" ]] && conf_count=$((conf_count + 1))
  done
  if (( conf_count > 0 && conf_count < ${#REDIS_PORTS[@]} )); then
    log "redis: inconsistent state ($conf_count/${#REDIS_PORTS[@]} nodes have nodes.conf)"
    redis_recreate
    return 0
  fi

  # start nodes that are not running (the extra shard's too: a healthy 8-node cluster stays as it is)
  redis_start_down_nodes

  cluster_healthy && return 0

  # classify the base nodes: fresh (nobody knows anybody, no slots) / mixed / formed
  local fresh=0 formed=0 known slots
  for p in "${REDIS_PORTS[@]}"; do
    known="$(cluster_field "$p" cluster_known_nodes)"
    slots="$(cluster_field "$p" cluster_slots_assigned)"
    if [[ "$known" == 1 && "$slots" == 0 ]]; then fresh=$((fresh + 1)); else formed=$((formed + 1)); fi
  done

  if (( formed == 0 )); then
    for p in $(extra_present); do drop_extra_node "$p" force; done   # nothing to join: back to the 6 base nodes
    if redis_create_cluster && wait_cluster_healthy "$CLUSTER_TIMEOUT_S"; then
      return 0
    fi
    log "redis: cluster did not come up cleanly"
    redis_recreate
  elif (( fresh > 0 )); then
    log "redis: inconsistent cluster ($fresh fresh node(s), $formed in a cluster)"
    redis_recreate
  else
    drop_unjoined_extras
    cluster_healthy && return 0
    log "redis: waiting for existing cluster to become ok (up to ${REPAIR_TIMEOUT_S}s)"
    if ! wait_cluster_healthy "$REPAIR_TIMEOUT_S"; then
      log "redis: cluster did not heal"
      redis_recreate
    fi
  fi
}

redis_status() {
  local p state role healthy=0 line ports extra
  mapfile -t ports < <(expected_ports)
  for p in "${ports[@]}"; do
    state="$(redis_node_state "$p")"
    extra=""
    [[ " ${EXTRA_PORTS[*]} " == *" $p "* ]] && extra="  (extra shard)"
    case "$state" in
      ours)
        role="$(node_role "$p")"
        [[ "$role" == master ]] && role="master $(node_slots "$p") slots"
        line="up   ${role:-?}" ;;
      foreign) line="PORT TAKEN by a foreign process"; healthy=1 ;;
      *) line="down"; healthy=1 ;;
    esac
    log "redis   $REDIS_HOST:$p  $line$extra"
  done
  local cs="" sa=""
  for p in "${ports[@]}"; do
    if [[ "$(redis_node_state "$p")" == ours ]]; then
      cs="$(cluster_field "$p" cluster_state)"; sa="$(cluster_field "$p" cluster_slots_assigned)"; break
    fi
  done
  local seed open=""
  if seed="$(seed_port)"; then open="$(open_slots "$seed")"; fi
  # open slots still serve (MOVED/ASK): reported, not counted as unhealthy
  [[ -z "$open" ]] || log "cluster slot(s) $open open (migrating/importing): a migration under way, or interrupted ('$0 up' fixes that)"
  if cluster_healthy; then
    log "cluster cluster_state:ok  slots ${sa}/16384  (all ${#ports[@]} nodes agree)"
  else
    log "cluster cluster_state:${cs:-unknown}  slots ${sa:-?}/16384  (NOT healthy on all nodes)"
    healthy=1
  fi
  return $healthy
}

# ---------------------------------------------------------------- extra shard
# redis_require_healthy: start the stack's nodes that are down and wait for the cluster to heal (never wipes)
redis_require_healthy() {
  [[ -d "$REDIS_DIR" ]] || die "no cluster in $REDIS_DIR: run '$0 up' first"
  redis_start_down_nodes
  drop_unjoined_extras
  wait_cluster_healthy "$REPAIR_TIMEOUT_S" || die "the cluster is not healthy (see '$0 status'); run '$0 up' to repair it"
  acl_apply $(expected_ports)   # a node started here has no users yet
}

# rebalance SEED LOG ARGS...: one redis-cli --cluster rebalance run; on failure, fix open slots and try once more
rebalance() {
  local seed=$1 logf=$2 attempt
  shift 2
  for attempt in 1 2; do
    wait_cluster_consistent "$seed" 20 "$logf" || { err "redis-cli --cluster check keeps failing; see $logf"; return 1; }
    if timeout "$SHARD_TIMEOUT_S" "$REDIS_CLI" --cluster rebalance "$REDIS_HOST:$seed" "$@" \
        --cluster-pipeline "$MIGRATE_PIPELINE" --cluster-yes >>"$logf" 2>&1; then
      wait_cluster_consistent "$seed" 20 && return 0
    fi
    log "redis: rebalance attempt $attempt did not finish cleanly; see $logf"
  done
  return 1
}

# shard_log_start LOG COMMAND: the shard commands append to one log (the previous runs' tail is kept)
shard_log_start() {
  if [[ -f "$1" ]] && (( $(stat -c %s "$1") > 2000000 )); then tail -c 500000 "$1" >"$1.tmp" && mv "$1.tmp" "$1"; fi
  echo "=== $2 $(date '+%F %T')" >>"$1"
}

# extra_master -> the extra node that is (or should become) the shard's master (the other one is its replica)
extra_master() {
  local p
  for p in "${EXTRA_PORTS[@]}"; do
    if extra_joined "$p" && [[ "$(node_role "$p")" == master ]]; then echo "$p"; return; fi
  done
  echo "${EXTRA_PORTS[0]}"
}

cmd_add_shard() {
  local t0; t0="$(now_ms)"
  ensure_deps
  with_lock
  redis_require_healthy
  local seed m r p mid logf="$REDIS_DIR/shard.log"
  seed="$(seed_port)" || die "no base node of the cluster answers"
  shard_log_start "$logf" add-shard
  # an extra node replicating a base master is what an interrupted remove-shard leaves (a drained master and its
  # replica follow the node that took the last slot): it leaves the cluster and starts over
  for p in $(extra_present); do
    if extra_joined "$p" && [[ "$(node_role "$p")" == slave ]] \
        && [[ " ${EXTRA_PORTS[*]} " != *" $(rcli "$p" role | sed -n 3p | tr -d '\r') "* ]]; then
      log "redis: node $p replicates a base master (interrupted remove-shard): removing it first"
      timeout 60 "$REDIS_CLI" --cluster del-node "$REDIS_HOST:$seed" "$(node_id "$p")" >>"$logf" 2>&1 \
        || die "del-node $p failed; see $logf"
      drop_extra_node "$p"
    fi
  done
  wait_cluster_healthy "$CLUSTER_TIMEOUT_S" || die "cluster not healthy; see $logf"
  m="$(extra_master)"
  if [[ "$m" == "${EXTRA_PORTS[0]}" ]]; then r="${EXTRA_PORTS[1]}"; else r="${EXTRA_PORTS[0]}"; fi
  if extra_joined "$m" && extra_joined "$r" && (( $(node_slots "$m") > 0 )) && cluster_consistent "$seed" \
      && [[ "$(timeout 20 "$REDIS_CLI" --cluster rebalance "$REDIS_HOST:$seed" --cluster-simulate 2>&1)" == *'No rebalancing needed'* ]]; then
    log "extra shard already added: $m master ($(node_slots "$m") slots), $r $(node_role "$r")"
    return 0
  fi
  # 1. the master joins (empty)
  if ! extra_joined "$m"; then
    drop_extra_node "$m"   # start from an empty node (an unjoined leftover holds nothing)
    redis_start_node "$m"
    redis_wait_ping "$m" || shard_fail "node $m did not start"
    acl_apply "$m"   # before it serves a slot: the apps' users log in to it too
    log "redis: adding master $m (redis-cli --cluster add-node)"
    timeout 60 "$REDIS_CLI" --cluster add-node "$REDIS_HOST:$m" "$REDIS_HOST:$seed" >>"$logf" 2>&1 \
      || shard_fail "add-node $m failed; see $logf"
    # every node must know the new master before redis-cli --cluster add-node accepts a replica for it
    wait_cluster_healthy "$CLUSTER_TIMEOUT_S" || shard_fail "the cluster did not accept node $m; see $logf"
  fi
  mid="$(node_id "$m")"
  # 2. its replica joins
  if ! extra_joined "$r"; then
    drop_extra_node "$r"
    redis_start_node "$r"
    redis_wait_ping "$r" || shard_fail "node $r did not start"
    acl_apply "$r"
    log "redis: adding replica $r of $m (redis-cli --cluster add-node --cluster-slave)"
    timeout 60 "$REDIS_CLI" --cluster add-node "$REDIS_HOST:$r" "$REDIS_HOST:$seed" \
      --cluster-slave --cluster-master-id "$mid" >>"$logf" 2>&1 || shard_fail "add-node $r failed; see $logf"
    wait_cluster_healthy "$CLUSTER_TIMEOUT_S" || shard_fail "the cluster did not accept node $r; see $logf"
  fi
  # 3. slots move onto the new master (or an interrupted migration is finished)
  log "redis: moving slots to $m (redis-cli --cluster rebalance --cluster-use-empty-masters, pipeline $MIGRATE_PIPELINE)"
  rebalance "$seed" "$logf" --cluster-use-empty-masters \
    || die "slot migration to $m did not finish; the cluster serves all slots meanwhile. Retry add-shard, or remove-shard. Log: $logf"
  wait_cluster_healthy "$CLUSTER_TIMEOUT_S" || die "cluster not healthy after add-shard; see $logf"
  log "extra shard added in $(( $(now_ms) - t0 ))ms: $m master ($(node_slots "$m") slots), $r $(node_role "$r") (log: $logf)"
}

# shard_fail MESSAGE: add-shard failed before any slot moved: take the extra nodes out again, then die
shard_fail() {
  err "$1"
  local p seed id
  seed="$(seed_port)" || true
  for p in "${EXTRA_PORTS[@]}"; do
    if [[ -n "$seed" ]] && extra_joined "$p" && (( $(node_slots "$p") == 0 )); then
      id="$(node_id "$p")"
      timeout 60 "$REDIS_CLI" --cluster del-node "$REDIS_HOST:$seed" "$id" >>"$REDIS_DIR/shard.log" 2>&1 || true
    fi
    if ! extra_joined "$p"; then drop_extra_node "$p"; fi
  done
  die "add-shard rolled back ($(extra_present | wc -l) extra node(s) left; '$0 status' shows them)"
}

cmd_remove_shard() {
  local t0; t0="$(now_ms)"
  ensure_deps
  with_lock
  if [[ -z "$(extra_present)" ]]; then log "no extra shard to remove"; return 0; fi
  redis_require_healthy
  local seed p ids=() logf="$REDIS_DIR/shard.log" id
  seed="$(seed_port)" || die "no base node of the cluster answers"
  shard_log_start "$logf" remove-shard
  # 1. every slot of the extra master(s) moves back to the base masters
  for p in $(extra_present); do
    if [[ "$(node_role "$p")" == master ]] && (( $(node_slots "$p") > 0 )); then ids+=("$(node_id "$p")=0"); fi
  done
  if (( ${#ids[@]} > 0 )); then
    log "redis: moving the slots of ${ids[*]%=0} back (redis-cli --cluster rebalance --cluster-weight <id>=0, pipeline $MIGRATE_PIPELINE)"
    rebalance "$seed" "$logf" --cluster-weight "${ids[@]}" \
      || die "slot migration off the extra shard did not finish; the cluster serves all slots meanwhile. Retry remove-shard. Log: $logf"
    for p in $(extra_present); do
      (( $(node_slots "$p") == 0 )) || die "node $p still owns $(node_slots "$p") slots; retry remove-shard. Log: $logf"
    done
  fi
  # 2. out of the cluster: replicas first (a drained master becomes a replica of the node that took its last slot)
  local order=()
  for p in $(extra_present); do [[ "$(node_role "$p")" == master ]] || order+=("$p"); done
  for p in $(extra_present); do [[ "$(node_role "$p")" == master ]] && order+=("$p"); done
  for p in "${order[@]}"; do
    if extra_joined "$p"; then
      id="$(node_id "$p")"
      log "redis: removing node $p ($id) (redis-cli --cluster del-node)"
      timeout 60 "$REDIS_CLI" --cluster del-node "$REDIS_HOST:$seed" "$id" >>"$logf" 2>&1 \
        || die "del-node $p failed; see $logf"
    fi
    drop_extra_node "$p"
  done
  wait_cluster_healthy "$CLUSTER_TIMEOUT_S" || die "cluster not healthy after remove-shard; see $logf"
  log "extra shard removed in $(( $(now_ms) - t0 ))ms: $(redis_masters_summary)"
}

# "3 masters: 7000 5461 slots, ..."
redis_masters_summary() {
  local p out=() n=0
  for p in $(expected_ports); do
    if [[ "$(node_role "$p")" == master ]]; then out+=("$p $(node_slots "$p")"); n=$((n + 1)); fi
  done
  local IFS=,
  echo "$n masters (port slots): ${out[*]}"
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
    --ssl-ca="$TLS_DIR/ca.crt" --ssl-cert="$TLS_DIR/server.crt" --ssl-key="$TLS_DIR/server.key" \
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
    sql+="CREATE USER IF NOT EXISTS '$DB_X509_USER'@'$host' IDENTIFIED BY '$DB_PASS' REQUIRE X509;"
    sql+="ALTER USER '$DB_X509_USER'@'$host' IDENTIFIED BY '$DB_PASS' REQUIRE X509;"
    for db in "${DB_NAMES[@]}"; do
      sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$DB_USER'@'$host';"
      sql+="GRANT ALL PRIVILEGES ON \`$db\`.* TO '$DB_X509_USER'@'$host';"
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

# mariadb_tls -> "on (CA <path>)", or why not
mariadb_tls() {
  if [[ "$(mcli -N -e 'SELECT @@have_ssl' 2>/dev/null || true)" == YES ]]; then
    echo "on (CA $TLS_DIR/ca.crt)"
  else
    echo "OFF: started before the stack had TLS; '$0 down' then '$0 up' restarts it with TLS"
  fi
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
      log "mariadb $MARIADB_HOST:$MARIADB_PORT  up   ${ver}  (socket $MARIADB_SOCK)  tls $(mariadb_tls)"; return 0 ;;
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
    --maxmemory-policy volatile-lru --dir "$SINGLE_DIR" --logfile "$SINGLE_DIR/redis.log" --pidfile "$SINGLE_DIR/redis.pid" \
    --protected-mode no >/dev/null 9>&-
  local i
  for i in $(seq 1 50); do [[ "$(rcli "$SINGLE_PORT" ping)" == PONG ]] && return 0; sleep 0.1; done
  die "standalone redis on $SINGLE_PORT did not start; log: $SINGLE_DIR/redis.log"
}

single_cli() { rcli "$SINGLE_PORT" "$@"; }
single_stop() {
  if [[ "$(single_state)" == ours ]]; then stop_standalone_redis single_cli "$SINGLE_DIR"
  else stop_standalone_redis true "$SINGLE_DIR"; fi
}

single_status() {
  case "$(single_state)" in
    ours) log "redis   $REDIS_HOST:$SINGLE_PORT  up   standalone"; return 0 ;;
    foreign) log "redis   $REDIS_HOST:$SINGLE_PORT  PORT TAKEN by a foreign process"; return 1 ;;
    *) log "redis   $REDIS_HOST:$SINGLE_PORT  down (standalone)"; return 1 ;;
  esac
}

# ---------------------------------------------------------------- memcached (3 nodes, no persistence)
# memcached_state PORT -> down | ours (the pid in its pid file is a memcached serving PORT) | foreign
memcached_state() {
  local port="$1" pid
  if ! port_in_use "$port"; then echo down; return; fi
  pid="$(read_pid "$MEMCACHED_DIR/$port/memcached.pid")"
  if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "memcached.* -p $port "; then echo ours
  else echo foreign; fi
}

memcached_up() {
  local port i
  for port in "${MEMCACHED_PORTS[@]}"; do
    case "$(memcached_state "$port")" in
      ours) continue ;;
      foreign) die "port $port is in use by a process that is not this stack's memcached" ;;
    esac
    mkdir -p "$MEMCACHED_DIR/$port"
    # -U 0: no UDP; -u root only when running as root (memcached refuses root otherwise)
    "$MEMCACHED" -d -p "$port" -l "$REDIS_HOST" -U 0 -m "$MEMCACHED_MEMORY_MB" -c 4096 \
      -P "$MEMCACHED_DIR/$port/memcached.pid" $([[ "$(id -u)" -eq 0 ]] && echo "-u root") 9>&- \
      || die "memcached on $port did not start"
    for i in $(seq 1 50); do [[ "$(memcached_state "$port")" == ours ]] && break; sleep 0.1; done
    [[ "$(memcached_state "$port")" == ours ]] || die "memcached on $port did not start"
  done
}

memcached_stop() {
  local port pid
  for port in "${MEMCACHED_PORTS[@]}"; do
    pid="$(read_pid "$MEMCACHED_DIR/$port/memcached.pid")"
    if [[ "$(memcached_state "$port")" == ours ]]; then kill "$pid" 2>/dev/null || true; fi
    rm -f "$MEMCACHED_DIR/$port/memcached.pid"
  done
}

memcached_status() {
  local port rc=0
  for port in "${MEMCACHED_PORTS[@]}"; do
    case "$(memcached_state "$port")" in
      ours) log "memcached $REDIS_HOST:$port  up" ;;
      foreign) log "memcached $REDIS_HOST:$port  PORT TAKEN by a foreign process"; rc=1 ;;
      *) log "memcached $REDIS_HOST:$port  down"; rc=1 ;;
    esac
  done
  return $rc
}

# ---------------------------------------------------------------- TLS: certificates, TLS-only standalone redis
# tls_valid -> 0 when the CA, server and client certificates are there, verify against the CA and last another 30 days
tls_valid() {
  local f
  for f in ca.crt ca.key server.crt server.key client.crt client.key; do [[ -s "$TLS_DIR/$f" ]] || return 1; done
  "$OPENSSL" verify -CAfile "$TLS_DIR/ca.crt" "$TLS_DIR/server.crt" "$TLS_DIR/client.crt" >/dev/null 2>&1 || return 1
  for f in ca.crt server.crt client.crt; do
    "$OPENSSL" x509 -checkend $((30 * 86400)) -noout -in "$TLS_DIR/$f" >/dev/null 2>&1 || return 1
  done
}

# tls_sign NAME CN EXTENSIONS: a key and a certificate signed by the stack's CA
tls_sign() {
  local name=$1 cn=$2 ext=$3
  "$OPENSSL" req -new -newkey rsa:2048 -nodes -subj "/CN=$cn" \
    -keyout "$TLS_DIR/$name.key" -out "$TLS_DIR/$name.csr" >>"$TLS_DIR/openssl.log" 2>&1
  printf '%s\n' "$ext" >"$TLS_DIR/$name.ext"
  "$OPENSSL" x509 -req -in "$TLS_DIR/$name.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days "$TLS_DAYS" -sha256 -extfile "$TLS_DIR/$name.ext" -out "$TLS_DIR/$name.crt" >>"$TLS_DIR/openssl.log" 2>&1
  rm -f "$TLS_DIR/$name.csr" "$TLS_DIR/$name.ext"
}

# tls_certs: the stack's self-signed CA, a server certificate for 127.0.0.1/localhost and a client certificate
tls_certs() {
  tls_valid && return 0
  log "tls: creating a self-signed CA, a server certificate (127.0.0.1, localhost) and a client certificate in $TLS_DIR"
  tls_redis_stop   # it serves the previous certificates (if any): up starts it again with the new ones
  rm -rf "$TLS_DIR"
  mkdir -p "$TLS_DIR"
  chmod 700 "$TLS_DIR"
  (
    umask 077
    "$OPENSSL" req -x509 -newkey rsa:2048 -nodes -sha256 -days "$TLS_DAYS" -subj "/CN=fleetcache local stack CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" >>"$TLS_DIR/openssl.log" 2>&1
    tls_sign server localhost "$(printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' \
      'extendedKeyUsage=serverAuth' 'subjectAltName=IP:127.0.0.1,DNS:localhost')"
    tls_sign client fleetcache "$(printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=digitalSignature,keyEncipherment' \
      'extendedKeyUsage=clientAuth')"
  ) || die "tls: openssl failed; see $TLS_DIR/openssl.log"
  chmod 644 "$TLS_DIR"/*.crt
  tls_valid || die "tls: the new certificates do not verify; see $TLS_DIR/openssl.log"
  if [[ "$MARIADB_ENABLED" == 1 && "$(mariadb_state)" == ours && "$(mariadb_tls)" == on* ]]; then
    log "tls: mariadb still serves the previous certificates: '$0 down' then '$0 up' gives it the new ones"
  fi
  return 0
}

rcli_tls() {
  timeout 5 "$REDIS_CLI" --tls --cacert "$TLS_DIR/ca.crt" -h "$REDIS_HOST" -p "$TLS_PORT" "$@" 2>/dev/null
}

tls_redis_state() {
  if ! port_in_use "$TLS_PORT"; then echo down; return; fi
  [[ "$(rcli_tls config get dir | sed -n 2p || true)" == "$TLS_REDIS_DIR" ]] && echo ours || echo foreign
}

tls_redis_up() {
  case "$(tls_redis_state)" in
    ours) return 0 ;;
    foreign) die "port $TLS_PORT is in use by a process that is not this stack's TLS redis" ;;
  esac
  mkdir -p "$TLS_REDIS_DIR"
  "$REDIS_SERVER" --daemonize yes --port 0 --tls-port "$TLS_PORT" --bind "$REDIS_HOST" \
    --tls-cert-file "$TLS_DIR/server.crt" --tls-key-file "$TLS_DIR/server.key" \
    --tls-ca-cert-file "$TLS_DIR/ca.crt" --tls-auth-clients no \
    --appendonly no --save '' --maxmemory-policy volatile-lru --dir "$TLS_REDIS_DIR" \
    --logfile "$TLS_REDIS_DIR/redis.log" --pidfile "$TLS_REDIS_DIR/redis.pid" --protected-mode no >/dev/null 9>&-
  local i
  for i in $(seq 1 50); do [[ "$(rcli_tls ping)" == PONG ]] && return 0; sleep 0.1; done
  die "TLS redis on $TLS_PORT did not start; log: $TLS_REDIS_DIR/redis.log"
}

tls_redis_stop() {
  if [[ "$(tls_redis_state)" == ours ]]; then stop_standalone_redis rcli_tls "$TLS_REDIS_DIR"
  else stop_standalone_redis true "$TLS_REDIS_DIR"; fi
}

tls_redis_status() {
  case "$(tls_redis_state)" in
    ours) log "redis   $REDIS_HOST:$TLS_PORT  up   standalone, TLS only (CA $TLS_DIR/ca.crt)"; return 0 ;;
    foreign) log "redis   $REDIS_HOST:$TLS_PORT  PORT TAKEN by a foreign process"; return 1 ;;
    *) log "redis   $REDIS_HOST:$TLS_PORT  down (standalone, TLS)"; return 1 ;;
  esac
}

# ---------------------------------------------------------------- redis ACL users of the apps
# acl_lines -> the apps' users as ACL file lines (`user <name> <rules>`), rendered from their one definition
acl_lines() {
  REDIS_SERVICE_USERNAME="$REDIS_SERVICE_USER" REDIS_SERVICE_PASSWORD="$REDIS_SERVICE_PASS" \
    REDIS_WARMER_USERNAME="$REDIS_WARMER_USER" REDIS_WARMER_PASSWORD="$REDIS_WARMER_PASS" \
    REDIS_ACL_PREFIXES="$REDIS_ACL_PREFIXES" sh "$ACL_USERS_SCRIPT"
}

# acl_apply PORT...: defines the apps' users on these nodes of the stack (ACL SETUSER; the rules start with `reset`,
# so a changed definition replaces the old one). Not persisted: `up` applies them again to every node it starts.
# The TLS port is spoken to over TLS.
acl_apply() {
  local lines line p reply rules=()
  lines="$(acl_lines)" || die "could not render the Redis ACL users ($ACL_USERS_SCRIPT)"
  for p in "$@"; do
    while IFS= read -r line; do
      read -r -a rules <<<"$line"   # no glob expansion: the key patterns stay as they are
      if [[ "$p" == "$TLS_PORT" ]]; then
        reply="$(rcli_tls ACL SETUSER "${rules[@]:1}")" || true
      else
        reply="$(rcli "$p" ACL SETUSER "${rules[@]:1}")" || true
      fi
      [[ "$reply" == OK ]] || die "redis $p: ACL SETUSER ${rules[1]} failed: ${reply:-no answer}"
    done <<<"$lines"
  done
}

acl_status() {
  local p="${REDIS_PORTS[0]}" u missing=()
  [[ "$(redis_node_state "$p")" == ours ]] || return 0
  for u in "$REDIS_SERVICE_USER" "$REDIS_WARMER_USER"; do
    [[ -n "$(rcli "$p" ACL GETUSER "$u")" ]] || missing+=("$u")
  done
  if (( ${#missing[@]} > 0 )); then
    log "acl     ${missing[*]} missing (the tests of the apps' Redis users need them: run '$0 up')"
  else
    log "acl     $REDIS_SERVICE_USER, $REDIS_WARMER_USER defined (default user open)"
  fi
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
  tls_redis_status || rc=1
  memcached_status || rc=1
  acl_status
  if [[ "$MARIADB_ENABLED" == 1 ]]; then mariadb_status || rc=1; fi
  return $rc
}

cmd_up() {
  local t0; t0="$(now_ms)"
  ensure_deps
  with_lock
  tls_certs
  redis_up
  single_up
  tls_redis_up
  memcached_up
  acl_apply $(expected_ports) "$SINGLE_PORT" "$TLS_PORT"
  log "redis: ACL users $REDIS_SERVICE_USER/$REDIS_SERVICE_PASS and $REDIS_WARMER_USER/$REDIS_WARMER_PASS on every node (prefixes: $REDIS_ACL_PREFIXES)"
  if [[ "$MARIADB_ENABLED" == 1 ]]; then mariadb_up; fi
  cmd_status || die "stack is not healthy after up"
  local extra="" db="mariadb: off (STACK_MARIADB=0)"
  [[ -n "$(extra_present)" ]] && extra=" + extra shard $(extra_present | paste -sd, -)"
  [[ "$MARIADB_ENABLED" == 1 ]] && db="mysql://$DB_USER:$DB_PASS@$MARIADB_HOST:$MARIADB_PORT/${DB_NAMES[0]}"
  log "tls: CA $TLS_DIR/ca.crt, client certificate $TLS_DIR/client.crt (key client.key); TLS redis $REDIS_HOST:$TLS_PORT"
  log "up in $(( $(now_ms) - t0 ))ms  redis: $REDIS_HOST:${REDIS_PORTS[0]}-${REDIS_PORTS[-1]}$extra  memcached: $REDIS_HOST:${MEMCACHED_PORTS[0]}-${MEMCACHED_PORTS[-1]}  $db"
}

cmd_down() {
  local purge=0 t0; t0="$(now_ms)"
  [[ "${1:-}" == --purge ]] && purge=1
  locate_bins
  if [[ -d "$STACK_DIR" ]]; then
    with_lock
    local p ours=()
    if [[ -n "$REDIS_CLI" ]]; then
      for p in "${REDIS_PORTS[@]}" "${EXTRA_PORTS[@]}"; do
        case "$(redis_node_state "$p")" in
          ours) ours+=("$p") ;;
          foreign)
            # an extra shard port is only ours while its node directory exists
            if [[ " ${EXTRA_PORTS[*]} " != *" $p "* || -d "$(node_dir "$p")" ]]; then
              log "note: port $p is held by a foreign process (left alone)"
            fi ;;
        esac
      done
      redis_stop_all
      [[ "$(single_state)" == ours ]] && ours+=("$SINGLE_PORT")
      single_stop
      [[ "$(tls_redis_state)" == ours ]] && ours+=("$TLS_PORT")
      tls_redis_stop
    fi
    local mp
    for mp in "${MEMCACHED_PORTS[@]}"; do [[ "$(memcached_state "$mp")" == ours ]] && ours+=("$mp"); done
    memcached_stop
    # with STACK_MARIADB=0 a MariaDB of this STACK_DIR is still stopped (if one was started)
    if [[ -n "$MARIADB_ADMIN" ]] && [[ "$MARIADB_ENABLED" == 1 || -e "$MARIADB_PID" || -S "$MARIADB_SOCK" ]]; then
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
  echo "usage: $0 up | down [--purge] | purge | status | add-shard | remove-shard" >&2
  exit 2
}

case "${1:-}" in
  up) cmd_up ;;
  down) shift; cmd_down "${1:-}" ;;
  purge) cmd_down --purge ;;
  status) cmd_status ;;
  add-shard) cmd_add_shard ;;
  remove-shard) cmd_remove_shard ;;
  *) usage ;;
esac
