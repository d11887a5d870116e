# Shared by the container test scripts: logging, apt-get installs of missing tools, and the docker CLI to use.
# Debian's /usr/bin/docker (docker.io) is the CLI: a newer one found first on the PATH may lack BuildKit's builder,
# which docker.io's CLI has built in (DOCKER_BUILDKIT=1).
# shellcheck shell=bash
DOCKER_CLI="${DOCKER_CLI:-/usr/bin/docker}"
export DOCKER_BUILDKIT=1
# A SIGTERM (a time limit of the caller) ends the script through its EXIT trap, which bash would skip otherwise
# while a foreground child runs.
trap 'exit 143' TERM

log() { echo "[containers] $*" >&2; }
die() { echo "[containers] error: $*" >&2; exit 1; }
docker() { "$DOCKER_CLI" "$@"; }

# need_package <command or absolute path> <debian package>: installs the package with apt-get when it is missing.
need_package() {
  if [[ "$1" == /* ]]; then [[ -e "$1" ]] && return 0; else command -v "$1" >/dev/null 2>&1 && return 0; fi
  [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1 \
    || die "$1 is missing; install it (sudo apt-get install -y $2), or skip the container tests (FLEETCACHE_SKIP_CONTAINERS=true)"
  log "$1 missing -> apt-get install $2"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# timed <label> <command...>: runs the command and logs how long it took.
timed() {
  local label=$1 started=$SECONDS
  shift
  "$@"
  log "$label: $((SECONDS - started)) s"
}
