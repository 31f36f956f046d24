#!/usr/bin/env python3
"""How much the stories depend on the order documents arrive in: ingest a JSONL file as given
and shuffled (seeded), then compare the two partitions of its documents into stories by
B-cubed F1 (1.0: the same stories whatever the order), and check that the same order twice
gives a byte-identical export.

Usage: python3 scripts/eval_order.py docs.jsonl [dateline binary] [seeds]
"""
import json
import os
import random
import subprocess
import sys
import tempfile


def stories(binary, lines, tmp, name):
    path = os.path.join(tmp, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    db = os.path.join(tmp, name + ".db")
    subprocess.run([binary, "ingest", path, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([binary, "events", "--db", db, "--format", "jsonl"], check=True,
                         capture_output=True, text=True).stdout
    of = {}
    for line in out.splitlines():
        item = json.loads(line)
        for s in item.get("sources", []):
            of[s["document"]] = item["id"]
    return of, out


def b3(a, b):
    docs = sorted(set(a) & set(b))
    ga, gb = {}, {}
    for d in docs:
        ga.setdefault(a[d], set()).add(d)
        gb.setdefault(b[d], set()).add(d)
    p = sum(len(ga[a[d]] & gb[b[d]]) / len(gb[b[d]]) for d in docs) / len(docs)
    r = sum(len(ga[a[d]] & gb[b[d]]) / len(ga[a[d]]) for d in docs) / len(docs)
    return 2 * p * r / (p + r)


def main():
    lines = [l if l.endswith("\n") else l + "\n" for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/dateline"
    seeds = [int(s) for s in sys.argv[3].split(",")] if len(sys.argv) > 3 else [1, 2, 3]
    with tempfile.TemporaryDirectory() as tmp:
        base, out1 = stories(binary, lines, tmp, "given")
        _, out2 = stories(binary, lines, tmp, "again")
        print("order same-order-identical=%s" % (out1 == out2))
        for seed in seeds:
            shuffled = lines[:]
            random.Random(seed).shuffle(shuffled)
            other, _ = stories(binary, shuffled, tmp, "shuffled%d" % seed)
            print("order seed=%d b3_f1_vs_given=%.3f stories_given=%d stories_shuffled=%d" % (
                seed, b3(base, other), len(set(base.values())), len(set(other.values()))))


if __name__ == "__main__":
    main()
