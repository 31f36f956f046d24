#!/usr/bin/env python3
"""Check that dateline's exports load unchanged in the tools researchers use.

  check_exports.py EVENTS.csv ACLED_EXPORT.csv EVENTS.geojson

- The CSV is read with pandas.read_csv as it is; its ACLED columns must come first, in ACLED's
  order, and every ACLED column that has values in both files must get the dtype pandas gives
  the same column of a real ACLED export.
- The GeoJSON must be valid (PyPI `geojson`: RFC 7946 structure) with [longitude, latitude]
  points inside their ranges.

Prints "exports ok: …" or the problems, and exits 1 on a problem, 3 when pandas or geojson is
not installed (the caller reports the check as skipped).
"""
import json
import sys

try:
    import geojson
    import pandas as pd
except ImportError as e:  # pragma: no cover
    print("skipped: %s (pip install pandas geojson)" % e)
    sys.exit(3)


def main(csv_path, acled_path, geojson_path):
    problems = []
    ours = pd.read_csv(csv_path)
    acled = pd.read_csv(acled_path)
    head = list(ours.columns[: len(acled.columns)])
    if head != list(acled.columns):
        problems.append("ACLED columns differ: %s" % [c for c in acled.columns if c not in head])
    compared = 0
    for col in acled.columns:
        if col not in ours or ours[col].isna().all() or acled[col].isna().all():
            continue
        compared += 1
        if ours[col].dtype != acled[col].dtype:
            problems.append("%s: %s, ACLED's is %s" % (col, ours[col].dtype, acled[col].dtype))
    if len(ours) == 0:
        problems.append("no rows")
    with open(geojson_path, encoding="utf-8") as f:
        text = f.read()
    obj = geojson.loads(text)
    if not obj.is_valid:
        problems.append("GeoJSON: %s" % obj.errors())
    for feat in json.loads(text).get("features", []):
        lon, lat = feat["geometry"]["coordinates"][:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append("GeoJSON point out of range: %s" % [lon, lat])
            break
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("exports ok: %d rows, %d ACLED columns compared, %d features"
          % (len(ours), compared, len(json.loads(text).get("features", []))))


if __name__ == "__main__":
    main(*sys.argv[1:4])
