#!/bin/sh
# As the official MySQL image's entrypoint, for what docker/docker-compose.yml uses: on a data directory that was
# never initialized, creates the system tables, sets root's password (MYSQL_ROOT_PASSWORD, for root on any host),
# creates MYSQL_DATABASE and MYSQL_USER (with every privilege on that database) from a server that listens on no
# port, then runs the server as PID 1 (SIGTERM shuts it down cleanly) on port 3306. An initialization that was
# interrupted (its marker file is still there) starts over on an emptied directory.
set -eu
DATA=/var/lib/mysql
INITIALIZING="$DATA/.fleetcache-initializing"
INIT_SOCKET=/run/mysqld/init.sock

sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }
sql_name() { printf '`%s`' "$(printf '%s' "$1" | sed -e 's/`/``/g')"; }

init_sql() {
  root_password=$(sql_string "$MYSQL_ROOT_PASSWORD")
  # mariadb-install-db also makes root@127.0.0.1, root@::1 and root@<hostname> without a password, and anonymous
  # users: only root@localhost (the socket) and root@'%' stay, both with the password.
  echo "DROP USER IF EXISTS ''@'localhost', 'root'@'127.0.0.1', 'root'@'::1';"
  host=$(hostname)
  [ "$host" = localhost ] || echo "DROP USER IF EXISTS ''@$(sql_string "$host"), 'root'@$(sql_string "$host");"
  echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $root_password;"
  echo "CREATE USER 'root'@'%' IDENTIFIED BY $root_password;"
  echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  if [ -n "${MYSQL_DATABASE:-}" ]; then
    echo "CREATE DATABASE IF NOT EXISTS $(sql_name "$MYSQL_DATABASE") CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  fi
  if [ -n "${MYSQL_USER:-}" ]; then
    echo "CREATE USER $(sql_string "$MYSQL_USER")@'%' IDENTIFIED BY $(sql_string "$MYSQL_PASSWORD");"
    if [ -n "${MYSQL_DATABASE:-}" ]; then
      echo "GRANT ALL ON $(sql_name "$MYSQL_DATABASE").* TO $(sql_string "$MYSQL_USER")@'%';"
    fi
  fi
  echo "FLUSH PRIVILEGES;"
  echo "SHUTDOWN;"
}

initialize() {
  : "${MYSQL_ROOT_PASSWORD:?set MYSQL_ROOT_PASSWORD}"
  if [ -n "${MYSQL_USER:-}" ]; then : "${MYSQL_PASSWORD:?set MYSQL_PASSWORD (MYSQL_USER is set)}"; fi
  echo "[entrypoint] initializing the data directory"
  find "$DATA" -mindepth 1 -delete
  touch "$INITIALIZING"
  mariadb-install-db --user=mysql --datadir="$DATA" --auth-root-authentication-method=normal --skip-test-db >/dev/null
  init=$(mktemp)
  trap 'rm -f "$init"' EXIT
  init_sql >"$init"
  mariadbd --user=mysql --datadir="$DATA" --skip-networking --socket="$INIT_SOCKET" &
  pid=$!
  until mariadb-admin --socket="$INIT_SOCKET" --user=root ping --silent 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "[entrypoint] the server stopped while initializing" >&2; exit 1; }
    sleep 0.5
  done
  # The last statement, SHUTDOWN, stops the init server: no password on a command line.
  mariadb --socket="$INIT_SOCKET" --user=root <"$init"
  rm -f "$init"
  wait "$pid"
  rm -f "$INITIALIZING"
  echo "[entrypoint] initialized"
}

if [ "${1:-}" = mariadbd ]; then
  if [ ! -d "$DATA/mysql" ] || [ -f "$INITIALIZING" ]; then initialize; fi
  shift
  exec mariadbd --user=mysql --datadir="$DATA" --bind-address=0.0.0.0 --port=3306 --skip-name-resolve "$@"
fi
exec "$@"
