#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (developers only; the app never fetches).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack @picocss/pico@2.1.1 htmx.org@2.0.11 leaflet@1.9.4 >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
V=static/vendor
cp "$tmp"/picocss-pico-2.1.1/package/css/pico.min.css "$tmp"/picocss-pico-2.1.1/package/LICENSE.md $V/pico/
cp "$tmp"/htmx.org-2.0.11/package/dist/htmx.min.js $V/htmx/ && cp "$tmp"/htmx.org-2.0.11/package/LICENSE $V/htmx/
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.{js,css} "$tmp"/leaflet-1.9.4/package/LICENSE $V/leaflet/
cp "$tmp"/leaflet-1.9.4/package/dist/images/* $V/leaflet/images/
# The source map is not shipped: drop its reference, or collectstatic's manifest storage fails.
sed -i '/^\/\/# sourceMappingURL=/d' $V/leaflet/leaflet.js
echo "vendored into $V"
