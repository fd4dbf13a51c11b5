#!/usr/bin/env sh
# Re-fetches the emoji data the emoji picker reads (static/vendor/unicode-emoji-json/),
# from the npm registry, at the version pinned here. MIT licence, kept beside the data.
set -eu
VERSION=0.9.0
HERE=$(cd "$(dirname "$0")/.." && pwd)
TARGET="$HERE/static/vendor/unicode-emoji-json"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "unicode-emoji-json@$VERSION" >/dev/null && tar xzf "unicode-emoji-json-$VERSION.tgz")
mkdir -p "$TARGET"
cp "$WORK/package/data-by-group.json" "$WORK/package/LICENSE" "$TARGET/"
echo "unicode-emoji-json $VERSION" > "$TARGET/VERSION"
echo "Emoji data $VERSION in $TARGET"
