#!/bin/sh
# Runs a build step's command (npm install, npm ci) trusting, besides Node's own CAs, the bundle passed as the
# build secret `ca-certificates` when there is one: the CA of a TLS-intercepting proxy between the build and the
# npm registry. Without the secret the command runs as it is.
set -eu
if [ -s /run/secrets/ca-certificates ]; then
  export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates
fi
exec "$@"
