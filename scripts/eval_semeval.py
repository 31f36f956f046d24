#!/usr/bin/env python3
"""Same story or not, on SemEval-2022 Task 8 article pairs: ingest every article of the pairs of
one language group into one store (an archive, so the store's term weights are those of a
real collection rather than of two documents), then ask, for each pair, whether its two
articles landed in one story. A pair counts as "same" when the annotators' Overall score is
at most 1.5 and "different" when it is at least 3; pairs in between are not scored.

Usage: python3 scripts/eval_semeval.py ../shared/eval/clusters/semeval8-pairs-dev.csv [dateline binary]
Prints one line per language group ("en-en", "de-en", ...), English first:
  semeval en-en pairs=N same=.. diff=.. acc=.. same_acc=.. diff_acc=..
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

csv.field_size_limit(1 << 30)


def stories_of(binary, docs, tmp, name):
    """Ingests `docs` (id -> text) into a fresh store and returns id -> story."""
    lines = [json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n" for i, text in sorted(docs.items())]
    return ingest_lines(binary, lines, tmp, name)[0]


def ingest_lines(binary, lines, tmp, name):
    """Ingests JSON Lines into a fresh store; returns document id -> story id, and the export."""
    path = os.path.join(tmp, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(lines)
    db = os.path.join(tmp, name + ".db")
    # A line that is not a document is reported and skipped (exit 2); the rest is stored.
    subprocess.run([binary, "ingest", path, "--db", db],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([binary, "events", "--db", db, "--format", "jsonl"], check=True,
                         capture_output=True, text=True).stdout
    story = {}
    for line in out.splitlines():
        item = json.loads(line)
        for s in item.get("sources", []):
            story[s["document"]] = item["id"]
    return story, out


def main():
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/dateline"
    groups = {}
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        if not r["text1"].strip() or not r["text2"].strip():
            continue
        groups.setdefault("%s-%s" % (r["lang1"], r["lang2"]), []).append(r)
    with tempfile.TemporaryDirectory() as tmp:
        for group in sorted(groups, key=lambda g: (g != "en-en", g)):
            pairs = groups[group]
            docs = {}
            for r in pairs:
                a, b = r["pair_id"].split("_")
                docs[a], docs[b] = r["text1"], r["text2"]
            story = stories_of(binary, docs, tmp, group)
            same = diff = same_ok = diff_ok = 0
            for r in pairs:
                a, b = r["pair_id"].split("_")
                joined = a in story and story.get(a) == story.get(b)
                overall = float(r["Overall"])
                if overall <= 1.5:
                    same += 1
                    same_ok += joined
                elif overall >= 3:
                    diff += 1
                    diff_ok += not joined
            n = same + diff
            print("semeval %s pairs=%d same=%d diff=%d acc=%.3f same_acc=%.3f diff_acc=%.3f" % (
                group, n, same, diff, (same_ok + diff_ok) / n if n else 0.0,
                same_ok / same if same else 0.0, diff_ok / diff if diff else 0.0))


if __name__ == "__main__":
    main()
