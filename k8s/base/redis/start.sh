#!/bin/sh
# Starts one Redis Cluster node of the StatefulSet.
# - Announces its stable hostname, so clients and peers find it after a restart with a new pod IP.
# - Writes the ACL file from the Secret: the default user is off, `admin` (replication, cluster admin, probes) may do
#   everything, and the apps' users (acl-users.sh: one for the services, one for the warmer, one for the monitor,
#   one for the assistant-service) only the commands, keys and channels their app uses. Passwords are stored as SHA-256 hashes.
# - With REDIS_TLS=true (k8s/components/tls), serves TLS only, to clients and on the cluster bus, with the
#   certificate in /etc/redis-tls; clients present none (their ACL user authenticates them).
# - After a restart, re-meets every peer at its current IP (peers may have moved too), so the cluster heals.
set -eu
case "$REDIS_ADMIN_PASSWORD" in
  "" | *[[:space:]]* | *'"'* | *"'"*) echo "REDIS_ADMIN_PASSWORD must be non-empty, without spaces or quotes" >&2; exit 1 ;;
esac
RUN=/run/redis
FQDN="${POD_NAME}.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
umask 077
{
  echo "user default off"
  echo "user admin on #$(printf '%s' "$REDIS_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1) ~* &* +@all"
  sh /etc/redis/acl-users.sh
} > "$RUN/users.acl"
cp /etc/redis/redis.conf "$RUN/redis.conf"
cat >> "$RUN/redis.conf" <<CONF
aclfile $RUN/users.acl
masteruser admin
masterauth ${REDIS_ADMIN_PASSWORD}
maxmemory ${REDIS_MAXMEMORY}
cluster-announce-hostname ${FQDN}
cluster-announce-ip ${POD_IP}
CONF
CLI_TLS=""
if [ "${REDIS_TLS:-false}" = true ]; then
  cat >> "$RUN/redis.conf" <<CONF
port 0
tls-port 6379
tls-cert-file /etc/redis-tls/tls.crt
tls-key-file /etc/redis-tls/tls.key
tls-ca-cert-file /etc/redis-tls/ca.crt
tls-cluster yes
tls-replication yes
tls-auth-clients no
CONF
  CLI_TLS="--tls --cacert /etc/redis-tls/ca.crt"
fi
export REDISCLI_AUTH="$REDIS_ADMIN_PASSWORD"

# A node that was part of the cluster before (its nodes.conf lists other nodes) re-meets its peers after start;
# a brand-new node stays alone until cluster-create.sh (or `--cluster add-node`) joins it.
rejoin=no
if [ -f /data/nodes.conf ] && [ "$(grep -c -v '^vars' /data/nodes.conf)" -gt 1 ]; then rejoin=yes; fi

remeet() {
  # shellcheck disable=SC2086
  until redis-cli --user admin $CLI_TLS -h 127.0.0.1 ping 2>/dev/null | grep -q PONG; do sleep 1; done
  i=0
  while [ "$i" -lt "$REDIS_CLUSTER_SIZE" ]; do
    peer="redis-$i.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
    ip=$(getent hosts "$peer" | awk '{print $1}' || true)
    if [ -n "$ip" ] && [ "$ip" != "$POD_IP" ]; then
      # shellcheck disable=SC2086
      redis-cli --user admin $CLI_TLS -h 127.0.0.1 cluster meet "$ip" 6379 >/dev/null 2>&1 || true
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
