# Memcached from Debian's packages on the debootstrap root filesystem: the stand-in for memcached:1.6-bookworm
# where no registry can be reached (Debian bookworm ships 1.6.18, which has the meta protocol the apps speak). Laid
# out as the official image is where docker/ and k8s/ rely on it: memcached on the PATH, run as the memcache user
# with uid and gid 11211 (the Kubernetes pods' runAsUser), bash for the compose health check. No entrypoint: compose
# and the StatefulSet give the whole command. Created before the package, the user is the one it keeps.
ARG DEBIAN_IMAGE=fleetcache-test/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN groupadd --system --gid 11211 memcache \
  && useradd --system --gid memcache --uid 11211 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin \
    memcache \
  && apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends memcached \
  && rm -rf /var/lib/apt/lists/*
USER memcache
EXPOSE 11211
CMD ["memcached"]
