#!/usr/bin/env python3
"""Build data/countries.tsv: each country's ISO codes and the world region ACLED files it under,
for the ACLED-column CSV export (`iso`, `region`, `event_id_cnty`).

Source: the country table of the PyPI package `country_converter` (GPL-3.0 code; its data are
the ISO 3166 codes and the UN M49 sub-regions). ACLED names some regions its own way (ACLED
Codebook, "Region"): the UN sub-regions are mapped to those names below.

Usage:  pip install country_converter && python3 scripts/build_countries.py
Columns: ISO alpha-2, ISO alpha-3, ISO numeric, region.
"""
import csv
import os
import re

import country_converter

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "countries.tsv")

# UN M49 sub-region -> ACLED region, where they differ.
ACLED_REGION = {
    "Western Asia": "Middle East",
    "Southern Asia": "South Asia",
    "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Central Asia": "Caucasus and Central Asia",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Eastern Europe": "Europe",
    "Western Europe": "Europe",
    "Northern America": "North America",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
# The Caucasus, which M49 puts in Western Asia.
CAUCASUS = {"AM", "AZ", "GE"}


def main():
    path = os.path.join(os.path.dirname(country_converter.__file__), "country_data.tsv")
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            # A few ISO2 cells are patterns ("^GB$|^UK$"): the first code is the ISO one.
            codes = re.findall(r"[A-Z]{2}", r["ISO2"])
            iso2 = codes[0] if codes else ""
            iso3, num = r["ISO3"].strip(), r["ISOnumeric"].strip()
            if len(iso2) != 2 or len(iso3) != 3 or not num.isdigit():
                continue
            region = r["UNregion"].strip()
            region = "Caucasus and Central Asia" if iso2 in CAUCASUS else ACLED_REGION.get(region, region)
            rows.append((iso2, iso3, str(int(num)), region))
    # Somaliland, which Who's On First codes "XS" and ACLED files under Somalia.
    rows += [(xs, *r[1:]) for r in rows if r[0] == "SO" for xs in ["XS"]]
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# dateline countries: ISO 3166-1 alpha-2, alpha-3, numeric, ACLED region. Built by\n"
                "# scripts/build_countries.py from PyPI country_converter (ISO codes, UN M49 sub-regions).\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("wrote %s: %d countries" % (OUT, len(rows)))


if __name__ == "__main__":
    main()
