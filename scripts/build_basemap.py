#!/usr/bin/env python3
"""Build data/basemap.bin: the offline base layer of the portal's maps (coastlines, country
borders and land) from Natural Earth 1:50m, public domain, as redistributed in TopoJSON by the
npm package `world-atlas` 2.0.2 (ISC licence; Natural Earth 4.1.0); and the towns to name on
them: every place of data/gazetteer.tsv.gz (GeoNames, CC BY 4.0) with at least TOWN_POPULATION
people.

Usage:  python3 scripts/build_basemap.py            # fetches the package with `npm pack`
        python3 scripts/build_basemap.py countries-50m.json

The file keeps TopoJSON's idea: each line (arc) once, and countries as rings of arcs, so a
border is stored once and drawn once. Little-endian:

    b"DLBM" u8 version (1)
    f64 scale_x, scale_y, translate_x, translate_y     (lon = x * scale_x + translate_x)
    varint arc count; per arc: varint kind (0 coast: one country's edge, 1 border: two
        countries'), varint point count, then the points as zigzag varint deltas of the
        quantized x and y (the first from 0, 0)
    varint country count; per country: varint name length, UTF-8 name, varint polygon
        count; per polygon: varint ring count; per ring: varint arc count, then zigzag
        varint arc references (i: arc i; ~i, that is -i-1: arc i reversed)
    varint town count, largest first; per town: varint name length, UTF-8 name, zigzag
        varint lon and lat in 1e-4 degrees, varint population
"""
import gzip
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "data", "basemap.bin")
PACKAGE = "world-atlas@2.0.2"
GAZETTEER = os.path.join(os.path.dirname(__file__), "..", "data", "gazetteer.tsv.gz")
TOWN_POPULATION = 50_000


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint((n << 1) if n >= 0 else ((-n << 1) - 1))


def topology():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as f:
            return json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        (tgz,) = [f for f in os.listdir(tmp) if f.endswith(".tgz")]
        with tarfile.open(os.path.join(tmp, tgz)) as t:
            return json.load(t.extractfile("package/countries-50m.json"))


def main():
    topo = topology()
    arcs = topo["arcs"]
    countries = topo["objects"]["countries"]["geometries"]
    uses = [0] * len(arcs)

    def polygons(g):
        if g["type"] == "Polygon":
            return [g["arcs"]]
        if g["type"] == "MultiPolygon":
            return g["arcs"]
        return []

    for g in countries:
        for poly in polygons(g):
            for ring in poly:
                for a in ring:
                    uses[a if a >= 0 else ~a] += 1
    out = bytearray(b"DLBM")
    out.append(1)
    t = topo["transform"]
    out += struct.pack("<4d", t["scale"][0], t["scale"][1], t["translate"][0], t["translate"][1])
    out += varint(len(arcs))
    for i, arc in enumerate(arcs):
        out += varint(1 if uses[i] >= 2 else 0)
        out += varint(len(arc))
        for dx, dy in arc:  # TopoJSON's arcs are already delta-encoded.
            out += zigzag(dx) + zigzag(dy)
    named = [g for g in countries if polygons(g)]
    named.sort(key=lambda g: g["properties"].get("name", ""))
    out += varint(len(named))
    for g in named:
        name = g["properties"].get("name", "").encode("utf-8")
        out += varint(len(name)) + name
        polys = polygons(g)
        out += varint(len(polys))
        for poly in polys:
            out += varint(len(poly))
            for ring in poly:
                out += varint(len(ring))
                for a in ring:
                    out += zigzag(a)
    towns = []
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as f:
        for line in f:
            col = line.rstrip("\n").split("\t")
            if col[0] != "place" or not col[7].isdigit() or int(col[7]) < TOWN_POPULATION:
                continue
            towns.append((-int(col[7]), col[1], float(col[3]), float(col[2])))
    towns.sort()
    out += varint(len(towns))
    for pop, name, lon, lat in towns:
        name = name.encode("utf-8")
        out += varint(len(name)) + name
        out += zigzag(round(lon * 1e4)) + zigzag(round(lat * 1e4)) + varint(-pop)
    with open(OUT, "wb") as f:
        f.write(out)
    print(f"{OUT}: {len(out)} bytes, {len(arcs)} lines, {len(named)} countries, {len(towns)} towns")


if __name__ == "__main__":
    main()
