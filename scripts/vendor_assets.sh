#!/usr/bin/env bash
# Copy the front-end libraries the web UI needs from node_modules/ into web/static/vendor/
# (git-ignored). Installs them from the npm registry first when node_modules/ is missing.
# The UI works without them: the query editor falls back to a plain form, graphs to tables.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/@zazuko/yasgui ] || [ ! -d node_modules/cytoscape ]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi
dest=web/static/vendor
rm -rf "$dest"
mkdir -p "$dest/yasgui" "$dest/cytoscape"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/yasgui/"
cp node_modules/@zazuko/yasgui/LICENSE* "$dest/yasgui/" 2>/dev/null || true
cp node_modules/cytoscape/dist/cytoscape.min.js "$dest/cytoscape/"
cp node_modules/cytoscape/LICENSE* "$dest/cytoscape/" 2>/dev/null || true
echo "vendor assets copied to $dest"
