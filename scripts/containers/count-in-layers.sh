#!/usr/bin/env bash
# count-in-layers.sh <image> <patterns file>: prints how many lines of the files in the image's layers contain one
# of the fixed strings in the patterns file (one per line). Reads every layer `docker save` writes, in the layout
# of docker 20.10 (<id>/layer.tar) and of newer engines (blobs/sha256/<digest>, maybe compressed) alike: the
# layers are the ones manifest.json lists. Fails if a layer cannot be read.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=scripts/containers/lib.sh
source "$ROOT/scripts/containers/lib.sh"
image=$1 patterns=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
docker save -o "$dir/image.tar" "$image"
tar -xf "$dir/image.tar" -C "$dir"
layers=$(node -e 'for (const layer of require(process.argv[1])[0].Layers) console.log(layer)' "$dir/manifest.json")
[[ -n "$layers" ]] || die "$image: manifest.json lists no layer"
count=0
for layer in $layers; do
  # The count comes from grep; the status from tar (grep finding nothing is no failure).
  found=$(tar -xOf "$dir/$layer" | grep -a -c -F -f "$patterns"; exit "${PIPESTATUS[0]}") || die "$image: cannot read $layer"
  count=$((count + found))
done
echo "$count"
