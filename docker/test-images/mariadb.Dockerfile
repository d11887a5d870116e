# MariaDB from Debian's packages on the debootstrap root filesystem: the stand-in for mysql:8.4 where no registry
# can be reached. It takes the official MySQL image's settings (MYSQL_ROOT_PASSWORD, MYSQL_DATABASE, MYSQL_USER,
# MYSQL_PASSWORD) and port, so docker/docker-compose.yml runs unchanged; docs/containers.md ("MariaDB in place of
# MySQL 8.4") says where the two differ for fleetcache.
ARG DEBIAN_IMAGE=fleetcache-test/debian:bookworm
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server mariadb-client \
  && rm -rf /var/lib/apt/lists/* /var/lib/mysql \
  && mkdir -p /var/lib/mysql /run/mysqld \
  && chown mysql:mysql /var/lib/mysql /run/mysqld
COPY mariadb-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mariadbd"]
