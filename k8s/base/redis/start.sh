#!/bin/sh
# Starts one Redis Cluster node of the StatefulSet.
# - Announces its stable hostname, so clients and peers find it after a restart with a new pod IP.
# - Writes the ACL file from the Secret: `admin` (replication, cluster admin, probes) and the apps' user, which
#   may touch only fleetcache keys and channels (prefix fc:) and no dangerous command.
# - After a restart, re-meets every peer at its current IP (peers may have moved too), so the cluster heals.
set -eu
for secret in "$REDIS_ADMIN_PASSWORD" "$REDIS_PASSWORD" "$REDIS_USERNAME"; do
  case "$secret" in
    "" | *[[:space:]]* | *'"'* | *"'"*) echo "redis secrets must be non-empty, without spaces or quotes" >&2; exit 1 ;;
  esac
done
RUN=/run/redis
FQDN="${POD_NAME}.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
umask 077
cat > "$RUN/users.acl" <<ACL
user default off
user admin on >${REDIS_ADMIN_PASSWORD} ~* &* +@all
user ${REDIS_USERNAME} on >${REDIS_PASSWORD} ~fc:* &fc:* +@all -@dangerous -@admin +cluster|slots +cluster|shards +cluster|info +cluster|nodes +info +ping
ACL
cp /etc/redis/redis.conf "$RUN/redis.conf"
cat >> "$RUN/redis.conf" <<CONF
aclfile $RUN/users.acl
masteruser admin
masterauth ${REDIS_ADMIN_PASSWORD}
maxmemory ${REDIS_MAXMEMORY}
cluster-announce-hostname ${FQDN}
cluster-announce-ip ${POD_IP}
CONF
export REDISCLI_AUTH="$REDIS_ADMIN_PASSWORD"

# A node that was part of the cluster before (its nodes.conf lists other nodes) re-meets its peers after start;
# a brand-new node stays alone until cluster-create.sh (or `--cluster add-node`) joins it.
rejoin=no
if [ -f /data/nodes.conf ] && [ "$(grep -c -v '^vars' /data/nodes.conf)" -gt 1 ]; then rejoin=yes; fi

remeet() {
  until redis-cli --user admin -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; do sleep 1; done
  i=0
  while [ "$i" -lt "$REDIS_CLUSTER_SIZE" ]; do
    peer="redis-$i.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
    ip=$(getent hosts "$peer" | awk '{print $1}' || true)
    if [ -n "$ip" ] && [ "$ip" != "$POD_IP" ]; then
      redis-cli --user admin -h 127.0.0.1 cluster meet "$ip" 6379 >/dev/null 2>&1 || true
    fi
    i=$((i + 1))
  done
}

redis-server "$RUN/redis.conf" &
pid=$!
# Forward SIGTERM and wait for Redis to finish its shutdown (AOF fsync) before this shell, PID 1, exits.
trap 'kill -TERM "$pid"; wait "$pid"; exit $?' TERM INT
if [ "$rejoin" = yes ]; then remeet & fi
wait "$pid"
