#!/usr/bin/env bash
# Regenerates ui/data/countries-50m.js from the pinned world-atlas package
# (Natural Earth 1:50m country outlines as TopoJSON). Needs npm and python3.
set -euo pipefail
VERSION=2.0.2
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$VERSION" >/dev/null && tar xzf "world-atlas-$VERSION.tgz")
python3 - "$work/package/countries-50m.json" "$here/ui/data/countries-50m.js" <<'PY'
import json, sys
topo = json.load(open(sys.argv[1]))
head = ("// Country outlines, Natural Earth 1:50m (public domain), as TopoJSON from\n"
        "// world-atlas 2.0.2 (ISC, Mike Bostock): see ./README.md. Regenerate with\n"
        "// scripts/world-atlas.sh.\n")
open(sys.argv[2], "w").write(head + "export default " + json.dumps(topo, separators=(",", ":")) + ";\n")
PY
echo "wrote ui/data/countries-50m.js"
