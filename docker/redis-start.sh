#!/bin/sh
# Starts one Redis Cluster node of docker-compose with authentication (compose command: redis-start.sh <hostname>).
# Writes the ACL file: the default user is off, `admin` (cluster init, health checks, replication) may do everything,
# and the apps' users, from their one definition k8s/base/redis/acl-users.sh (mounted next to this script), only what
# their app does. Passwords are stored as SHA-256 hashes. Then runs Redis as the image does (as the redis user).
set -eu
case "${REDIS_ADMIN_PASSWORD:-}" in
  "" | *[[:space:]]* | *'"'* | *"'"*) echo "REDIS_ADMIN_PASSWORD must be non-empty, without spaces or quotes" >&2; exit 1 ;;
esac
HERE=/usr/local/etc/redis
RUN=/run/redis
umask 077
mkdir -p "$RUN"
{
  echo "user default off"
  echo "user admin on #$(printf '%s' "$REDIS_ADMIN_PASSWORD" | sha256sum | cut -d' ' -f1) ~* &* +@all"
  sh "$HERE/acl-users.sh"
} > "$RUN/users.acl"
cp "$HERE/redis.conf" "$RUN/redis.conf"
cat >> "$RUN/redis.conf" <<CONF
aclfile $RUN/users.acl
masteruser admin
masterauth $REDIS_ADMIN_PASSWORD
cluster-announce-hostname $1
CONF
chown -R redis:redis "$RUN" 2>/dev/null || true
exec docker-entrypoint.sh redis-server "$RUN/redis.conf"
