#!/bin/sh
# Fetches the small JavaScript libraries the pages use from the npm registry into
# static/vendor/<name>/ (no bundler: the pages import them as ES modules), checking
# each tarball against the registry's integrity hash. Change a version here, run it,
# and commit what changed.
#
#   scripts/vendor-js.sh
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# name version file-in-package
vendor() {
  name=$1 version=$2 module=$3
  target="$ROOT/static/vendor/$name"
  (cd "$WORK" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$WORK/$name-$version.tgz"
  expected=$(npm view "$name@$version" dist.integrity)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | openssl base64 -A)"
  if [ "$expected" != "$actual" ]; then
    echo "$name $version: integrity $actual does not match the registry's $expected" >&2
    exit 1
  fi
  mkdir -p "$WORK/$name" "$target"
  tar -xzf "$tarball" -C "$WORK/$name"
  # The source map is not vendored: drop its reference, which collectstatic's manifest
  # storage would otherwise try to resolve.
  grep -v '^//# sourceMappingURL=' "$WORK/$name/package/$module" >"$target/index.js"
  cp "$WORK/$name/package/LICENSE" "$target/LICENSE"
  printf '%s %s\n%s\n' "$name" "$version" "$expected" >"$target/VERSION"
  echo "static/vendor/$name: $name $version"
}

# Pressure-aware pen strokes (static/js/whiteboard.js; groups/boards/freehand.py is
# its port for the server's SVG).
vendor perfect-freehand 1.2.3 dist/esm/index.mjs
