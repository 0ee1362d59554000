#!/usr/bin/env python3
"""Rebuild data/airports.tsv (the airport list embedded in `recap::geo`) from PyPI `airportsdata`.

    pip install airportsdata==20260905
    python3 scripts/gazetteer/airports.py         # writes data/airports.tsv, prints its sha256

Which airports are kept (the rule; see data/README.md):
  an IATA code, and at least one of
  - "International" (or "Intl", "Intcntl") in the name;
  - the airport belongs to an IATA metropolitan-area code (airportsdata's iata_macs.csv:
    LHR/LGW/STN… for LON, CDG/ORY for PAR, YUL for YMQ…), i.e. it serves a large city;
  - it is in ALLOW below: large airports whose names lack "International"
    (Heathrow, Schiphol, Lyon, Nantes…).
That keeps scheduled-service airports and drops the ~20k strips, heliports and fields whose
3 km radius would swallow the centre of a small town.

Names: the airport's own name without "International Airport" / "Airport" (and "(BA 106)"-style
air-base numbers), except for the few in NAMES, spelled the way travellers say them.
Recap shows them as "Paris-Charles-de-Gaulle (CDG)".

Output is deterministic: rows sorted by IATA code, fixed number formatting.
"""
import csv
import hashlib
import os
import re
import sys

import airportsdata

PINNED = "20260905"
HEADER = "#iata\tcountry\tlat\tlon\tcity\tname\n"

# Large airports whose names lack "International" and that are not in a metropolitan group.
ALLOW = set("""
    IST LHR AMS IAH DTW DUB ZRH CPH OSL ARN BRU LIS ORY NCE LYS MRS TLS BOD NTE BSL MLH MAN
    EDI BER HAM CGN STR DUS WAW PRG HEL AGP VLC OPO FAO BGY CIA LIN VCE BLQ BKK BIQ RNS BES
    LIL SXB MPL BIA AJA PUF PTP RUN PMI GVA MUC FRA MAD BCN FCO MXP VIE ATH NAP ALC LGW STN
    LTN LGA DCA YQB YUL YYZ YVR YYC YOW YEG YHZ YWG
""".split())

# Names as a francophone (or any) traveller says them; accents that the source drops.
NAMES = {
    "CDG": "Paris-Charles-de-Gaulle",
    "ORY": "Paris-Orly",
    "BVA": "Paris-Beauvais",
    "YUL": "Montréal-Trudeau",
    "YQB": "Québec-Jean-Lesage",
    "LYS": "Lyon-Saint-Exupéry",
    "NCE": "Nice-Côte d'Azur",
    "BOD": "Bordeaux-Mérignac",
    "MPL": "Montpellier-Méditerranée",
    "BSL": "EuroAirport Bâle-Mulhouse",
    "MLH": "EuroAirport Bâle-Mulhouse",
    "AMS": "Amsterdam-Schiphol",
    "IAH": "Houston-George Bush",
    "VCE": "Venezia-Marco Polo",
}

INTL = re.compile(r"\b(International|Intl|Intcntl)\b")
SUFFIX = re.compile(r"\s*\b(International|Intl|Intcntl)?\s*(Airport|Airfield|Aerodrome)$")
AIR_BASE = re.compile(r"\s*\(BA \d+\)")


def short_name(code: str, name: str) -> str:
    if code in NAMES:
        return NAMES[code]
    s = AIR_BASE.sub("", name).strip()
    s = SUFFIX.sub("", s).strip(" -/")
    return s or name


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data", "airports.tsv")
    version = getattr(airportsdata, "__version__", "?")
    if version != PINNED:
        print(f"warning: airportsdata {version} != {PINNED}; output will differ", file=sys.stderr)
    here = os.path.dirname(airportsdata.__file__)
    with open(os.path.join(here, "airports.csv"), encoding="utf-8") as f:
        airports = list(csv.DictReader(f))
    with open(os.path.join(here, "iata_macs.csv"), encoding="utf-8") as f:
        metro = {r["Airport Code"] for r in csv.DictReader(f)}

    rows = {}
    for a in airports:
        code = a["iata"]
        if not re.fullmatch(r"[A-Z]{3}", code or ""):
            continue
        if not (INTL.search(a["name"]) or code in metro or code in ALLOW):
            continue
        lat, lon = float(a["lat"]), float(a["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        fields = [code, a["country"], f"{lat:.5f}", f"{lon:.5f}", a["city"].strip(),
                  short_name(code, a["name"])]
        if any(ch in s for s in fields for ch in "\t\n\r"):
            raise SystemExit(f"field with a tab/newline: {a}")
        if code in rows:  # several ICAO rows share an IATA code: keep the first
            continue
        rows[code] = "\t".join(fields) + "\n"

    missing = sorted(ALLOW - rows.keys())
    if missing:
        print(f"warning: allow-listed codes not found: {' '.join(missing)}", file=sys.stderr)
    raw = (HEADER + "".join(rows[k] for k in sorted(rows))).encode("utf-8")
    with open(out, "wb") as f:
        f.write(raw)
    print(f"{len(rows)} airports, {len(raw)} bytes, sha256={hashlib.sha256(raw).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
