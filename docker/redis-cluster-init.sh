#!/bin/sh
# One-shot: joins the six Redis nodes into a cluster of 3 masters with 1 replica each. Idempotent: when all 16384
# slots are assigned the cluster exists, and nothing is done. Logs in as `admin` (REDISCLI_AUTH holds its password).
set -eu
NODES="redis-1 redis-2 redis-3 redis-4 redis-5 redis-6"
for host in $NODES; do
  until redis-cli --user admin -h "$host" -p 6379 ping 2>/dev/null | grep -q PONG; do sleep 1; done
done
slots=$(redis-cli --user admin -h redis-1 -p 6379 cluster info | tr -d '\r' | awk -F: '/^cluster_slots_assigned/ {print $2}')
if [ "${slots:-0}" -eq 16384 ]; then
  echo "cluster already created (all 16384 slots assigned)"
  exit 0
fi
addresses=""
for host in $NODES; do
  ip=$(getent hosts "$host" | awk '{print $1}')
  addresses="$addresses $ip:6379"
done
# shellcheck disable=SC2086
redis-cli --user admin --cluster create $addresses --cluster-replicas 1 --cluster-yes
until redis-cli --user admin -h redis-1 -p 6379 cluster info | grep -q 'cluster_state:ok'; do sleep 1; done
echo "cluster created"
