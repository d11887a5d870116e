#!/bin/sh
# The Redis ACL users of the fleetcache apps, defined once. Prints one ACL file line per user (`user <name> <rules>`);
# the rules start with `reset`, so the same line also works as `ACL SETUSER <name> <rules>`. Rendered by
#   k8s/base/redis/start.sh          into the ACL file of every Kubernetes Redis pod (next to the `admin` user)
#   docker/redis-start.sh            into the ACL file of every docker-compose Redis node (mounted from here)
#   scripts/stack/stack.sh up        as ACL SETUSER on every node of the local stack (its default user stays open)
# Environment:
#   REDIS_SERVICE_USERNAME, REDIS_SERVICE_PASSWORD   the user of user-service and product-service
#   REDIS_WARMER_USERNAME, REDIS_WARMER_PASSWORD     the user of the cache-warmer
#   REDIS_MONITOR_USERNAME, REDIS_MONITOR_PASSWORD   the user of the cache-monitor; both or neither (no monitor user)
#   REDIS_ASSISTANT_USERNAME, REDIS_ASSISTANT_PASSWORD  the user of the assistant-service; both or neither
#   REDIS_ACL_PREFIXES  space-separated key/channel prefixes the apps may use [fc]: CACHE_KEY_PREFIX and
#                       EVENTS_CHANNEL_PREFIX of the deployment (globs allowed; the local stack adds its tests' prefixes)
# Passwords go in as SHA-256 hashes (`#<hex>`): the rendered file never holds a password.
#
# Each user gets only what its app sends, checked by tools/fleet-tests/test/fleet.redis-acl.int-spec.ts (the apps
# run end to end under these users and ACL LOG stays empty; what they must not do is refused with NOPERM):
#   every client     info (ioredis's ready check), cluster|info (its cluster ready check, the readiness probe),
#                    cluster|slots (its slot map), client|setname (it names its slot-refresh and subscriber
#                    connections), ping (readiness probe in single mode), readonly (ioredis sends it on every
#                    connection it opens to a replica, whatever scaleReads says); AUTH, HELLO and QUIT need no
#                    permission
#   service          get (reads; the direct reader), set (the lease without a script), exists (a lease waiter
#                    looks for the fill), hmget (derived values), zrevrange (trending), evalsha/eval (the fenced,
#                    lease, derived and ranking scripts) and the commands those scripts call: set, del, pexpire,
#                    hget, hset, hdel, hincrby, zincrby, incr and pttl (rate-limit counters); zremrangebyrank
#                    (ranking trim); spublish (change events); ssubscribe/sunsubscribe (near-cache invalidation)
#   warmer           get, evalsha/eval with the fenced-set and derived-invalidate scripts' set, del, pexpire, hget,
#                    hset, hdel, hincrby (hget/hset also its replay cursors), zrevrange (hot-key warm-up),
#                    ssubscribe/sunsubscribe (change events); it never publishes, reads derived values or ranks
#   monitor          no key and no channel at all (resetkeys resetchannels, no prefix): info (every section, INFO
#                    commandstats included), ping, cluster|nodes (it finds every master and replica), and what its
#                    ioredis cluster client sends: cluster|slots, cluster|info, client|setname, readonly;
#                    cluster|shards and cluster|myid (read-only views of the same topology). hello and auth are
#                    listed although Redis never checks them. No client|setinfo: the apps' clients do not send it
#                    (disableClientInfo), and Redis before 7.2 (the local stack's and the container tests' 7.0)
#                    refuses an ACL file that names it
#   assistant        only its own keys: the semantic cache (<prefix>:sem1:*), the chats' memory (<prefix>:as1:*),
#                    its HTTP sessions (<prefix>:v2:{sess:…}, <prefix>:v2:{sess-user:…}) and its rate-limit counters
#                    (<prefix>:v2:{rl:…}); never the entity cache (<prefix>:v2:{user:…}, {product:…}, …), the
#                    rankings or the outbox cursors. Channels: the semantic index's own (<prefix>:sem1:events:*), to
#                    publish and subscribe, and, through a selector, the services' change events
#                    (<prefix>:events:*) to subscribe only: it cannot publish a change event. Commands: the
#                    connection ones; get, set, del, exists, pexpire, sadd, srem, smembers (sessions, tags),
#                    hget, hgetall, zadd, zrange, zrem (entries, partitions), multi/exec (a tag and its TTL; a new
#                    chat), evalsha/eval with the semantic-cache, memory and rate-limit scripts' hset, hdel, hincrby,
#                    hmget, hexists, pttl, incr, zcard, zpopmin, rpush, lpush, lpop, lrange, ltrim, llen;
#                    spublish, ssubscribe, sunsubscribe (the index's changes, the change events)
# Nothing else: no KEYS/SCAN, FLUSH*, CONFIG, DEBUG, SCRIPT, MODULE, MIGRATE, ACL, CLUSTER changes, and no key or
# channel outside the prefixes. Scripts run with their caller's permissions, so EVAL grants nothing more.
set -eu

fail() { echo "acl-users.sh: $*" >&2; exit 1; }
# check NAME...: each variable set, without what would break an ACL line
check() {
  for name in "$@"; do
    eval "value=\${$name:-}"
    case "$value" in
      "" | *[[:space:]]* | *'"'* | *"'"* | *'#'* | *'>'* | *'<'*) fail "$name must be set, without spaces, quotes, # < or >" ;;
    esac
  done
}
check REDIS_SERVICE_USERNAME REDIS_SERVICE_PASSWORD REDIS_WARMER_USERNAME REDIS_WARMER_PASSWORD
[ "$REDIS_SERVICE_USERNAME" != "$REDIS_WARMER_USERNAME" ] || fail "the service and warmer users must differ"
# The monitor's user: both variables or neither (the local stack of scripts/stack/stack.sh defines no monitor user).
monitor=""
if [ -n "${REDIS_MONITOR_USERNAME:-}${REDIS_MONITOR_PASSWORD:-}" ]; then
  check REDIS_MONITOR_USERNAME REDIS_MONITOR_PASSWORD
  case "$REDIS_MONITOR_USERNAME" in
    "$REDIS_SERVICE_USERNAME" | "$REDIS_WARMER_USERNAME") fail "the monitor user must differ from the other users" ;;
  esac
  monitor=yes
fi
# The assistant-service's user: both variables or neither (the local stack and a Secret written before the
# assistant existed define none).
assistant=""
if [ -n "${REDIS_ASSISTANT_USERNAME:-}${REDIS_ASSISTANT_PASSWORD:-}" ]; then
  check REDIS_ASSISTANT_USERNAME REDIS_ASSISTANT_PASSWORD
  case "$REDIS_ASSISTANT_USERNAME" in
    "$REDIS_SERVICE_USERNAME" | "$REDIS_WARMER_USERNAME" | "${REDIS_MONITOR_USERNAME:-}")
      fail "the assistant user must differ from the other users" ;;
  esac
  assistant=yes
fi

set -f   # the prefixes may be globs: never expanded against files here
patterns=""
assistant_patterns=""
assistant_events=""
for prefix in ${REDIS_ACL_PREFIXES:-fc}; do
  case "$prefix" in
    *[!A-Za-z0-9_*?\[\]-]*) fail "prefix '$prefix' may hold letters, digits, _ - and glob characters only" ;;
  esac
  patterns="$patterns ~$prefix:* &$prefix:events:*"
  assistant_patterns="$assistant_patterns ~$prefix:sem1:* ~$prefix:as1:* ~$prefix:v2:{sess:* ~$prefix:v2:{sess-user:*"
  assistant_patterns="$assistant_patterns ~$prefix:v2:{rl:* &$prefix:sem1:events:*"
  assistant_events="$assistant_events &$prefix:events:*"
done

hash() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

CONNECTION="+info +cluster|info +cluster|slots +client|setname +ping +readonly"
SCRIPTED="+evalsha +eval +get +set +del +pexpire +hget +hset +hdel +hincrby"
SERVICE="$CONNECTION $SCRIPTED +exists +hmget +zincrby +incr +pttl +zrevrange +zremrangebyrank"
SERVICE="$SERVICE +spublish +ssubscribe +sunsubscribe"
WARMER="$CONNECTION $SCRIPTED +zrevrange +ssubscribe +sunsubscribe"
MONITOR="+info +ping +cluster|nodes +cluster|slots +cluster|shards +cluster|info +cluster|myid +readonly +hello +auth"
MONITOR="$MONITOR +client|setname"
ASSISTANT="$CONNECTION +evalsha +eval +get +set +del +exists +pexpire +pttl +incr"
ASSISTANT="$ASSISTANT +hget +hset +hdel +hincrby +hmget +hgetall +hexists +zadd +zrem +zrange +zcard +zpopmin"
ASSISTANT="$ASSISTANT +sadd +srem +smembers +rpush +lpush +lpop +lrange +ltrim +llen +multi +exec"
ASSISTANT="$ASSISTANT +spublish +ssubscribe +sunsubscribe"
# The change events of the services, to subscribe to only (a selector: its channels go with its commands alone).
ASSISTANT_SELECTOR="(${assistant_events# } +ssubscribe +sunsubscribe)"

echo "user $REDIS_SERVICE_USERNAME reset on #$(hash "$REDIS_SERVICE_PASSWORD")$patterns -@all $SERVICE"
echo "user $REDIS_WARMER_USERNAME reset on #$(hash "$REDIS_WARMER_PASSWORD")$patterns -@all $WARMER"
if [ -n "$monitor" ]; then
  echo "user $REDIS_MONITOR_USERNAME reset on #$(hash "$REDIS_MONITOR_PASSWORD") resetkeys resetchannels -@all $MONITOR"
fi
if [ -n "$assistant" ]; then
  echo "user $REDIS_ASSISTANT_USERNAME reset on #$(hash "$REDIS_ASSISTANT_PASSWORD")$assistant_patterns -@all $ASSISTANT $ASSISTANT_SELECTOR"
fi
