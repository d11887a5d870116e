#!/bin/sh
# As the official Redis image's entrypoint: a redis-server started as root runs as the redis user, owning /data.
set -eu
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
