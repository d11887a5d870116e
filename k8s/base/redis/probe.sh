#!/bin/sh
# Probes of a Redis Cluster node (REDISCLI_AUTH holds the admin password; over TLS when REDIS_TLS=true).
#   live:  the server answers PONG (redis-cli exits 0 even on an error reply, hence the grep).
#   ready: it answers, the cluster is ok, and a replica's link to its master is up: a rolling restart only moves
#          on once the restarted node serves again.
set -eu
TLS=""
[ "${REDIS_TLS:-false}" = true ] && TLS="--tls --cacert /etc/redis-tls/ca.crt"
# shellcheck disable=SC2086
cli() { redis-cli --user admin $TLS -h 127.0.0.1 -p 6379 "$@"; }
cli ping | grep -q PONG
[ "${1:-live}" = live ] && exit 0
cli cluster info | grep -q 'cluster_state:ok'
replication=$(cli info replication | tr -d '\r')
case "$replication" in
  *role:slave*) echo "$replication" | grep -q 'master_link_status:up' ;;
esac
