#!/bin/sh
# Creates the Redis Cluster (3 masters, 1 replica each) once all pods answer. Idempotent: if a node already serves
# all 16384 slots, the cluster exists and nothing is done, so re-running the Job is safe. Nodes that know each other
# but hold no slots (a half-done earlier attempt) are reported, not reset: that needs a person.
# Over TLS when REDIS_TLS=true (k8s/components/tls), trusting the CA in /etc/redis-tls.
set -eu
export REDISCLI_AUTH="$REDIS_ADMIN_PASSWORD"
TLS=""
[ "${REDIS_TLS:-false}" = true ] && TLS="--tls --cacert /etc/redis-tls/ca.crt"
addresses=""
i=0
while [ "$i" -lt "$REDIS_CLUSTER_SIZE" ]; do
  host="redis-$i.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
  # shellcheck disable=SC2086
  until redis-cli --user admin $TLS -h "$host" -p 6379 ping 2>/dev/null | grep -q PONG; do
    echo "waiting for $host"
    sleep 2
  done
  # shellcheck disable=SC2086
  info=$(redis-cli --user admin $TLS -h "$host" -p 6379 cluster info | tr -d '\r')
  slots=$(echo "$info" | awk -F: '/^cluster_slots_assigned/ {print $2}')
  known=$(echo "$info" | awk -F: '/^cluster_known_nodes/ {print $2}')
  if [ "${slots:-0}" -eq 16384 ]; then
    echo "cluster already exists ($host sees all 16384 slots assigned): nothing to do"
    exit 0
  fi
  if [ "${known:-1}" -gt 1 ]; then
    echo "$host knows $known nodes but only ${slots:-0} slots are assigned: fix by hand (redis-cli --cluster fix)" >&2
    exit 1
  fi
  addresses="$addresses $(getent hosts "$host" | awk '{print $1}'):6379"
  i=$((i + 1))
done
# shellcheck disable=SC2086
redis-cli --user admin $TLS --cluster create $addresses --cluster-replicas 1 --cluster-yes
host0="redis-0.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
# shellcheck disable=SC2086
until redis-cli --user admin $TLS -h "$host0" -p 6379 cluster info | grep -q 'cluster_state:ok'; do sleep 1; done
echo "cluster created"
