# Redis from Debian's packages on the debootstrap root filesystem: the stand-in for redis:7.4-bookworm where no
# registry can be reached (Debian bookworm ships Redis 7.0, which has everything fleetcache uses: cluster,
# sharded pub/sub, ACLs, Lua scripts). Laid out as the official image is where docker/ and k8s/ rely on it:
# redis-server and redis-cli on the PATH, /data owned by redis, and a docker-entrypoint.sh that runs the server as
# the redis user.
ARG DEBIAN_IMAGE=fleetcache-test/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data /usr/local/etc/redis \
  && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
