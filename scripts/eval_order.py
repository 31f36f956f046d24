#!/usr/bin/env python3
"""How much the stories depend on the order documents arrive in: ingest a JSONL file as given
and shuffled (seeded), then compare the two partitions of its documents into stories by
B-cubed F1 (1.0: the same stories whatever the order), and check that the same order twice
gives a byte-identical export.

Usage: python3 scripts/eval_order.py docs.jsonl [dateline binary] [seeds]
"""
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_semeval import ingest_lines  # noqa: E402


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
        base, out1 = ingest_lines(binary, lines, tmp, "given")
        _, out2 = ingest_lines(binary, lines, tmp, "again")
        print("order same-order-identical=%s" % (out1 == out2))
        for seed in seeds:
            shuffled = lines[:]
            random.Random(seed).shuffle(shuffled)
            other, _ = ingest_lines(binary, shuffled, tmp, "shuffled%d" % seed)
            print("order seed=%d b3_f1_vs_given=%.3f stories_given=%d stories_shuffled=%d" % (
                seed, b3(base, other), len(set(base.values())), len(set(other.values()))))


if __name__ == "__main__":
    main()
