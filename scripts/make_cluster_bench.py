#!/usr/bin/env python3
"""Makes a clustering benchmark of N documents from ACLED-coded reports: copy k of each report
has its date moved k*37 days later (so copies are other events), and every fifth document is
a second outlet's lightly edited copy of the one before (sentences reordered), which must
merge with it.

Usage: python3 scripts/make_cluster_bench.py ../shared/eval/acled-notes/somalia-dev.csv 100000 > bench.jsonl
"""
import csv
import datetime
import json
import re
import sys

DATE = re.compile(r"\bOn (\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})")


def shift(text, days):
    def repl(m):
        d = datetime.datetime.strptime(" ".join(m.groups()), "%d %B %Y") + datetime.timedelta(days=days)
        return "On %d %s %d" % (d.day, d.strftime("%B"), d.year)
    return DATE.sub(repl, text)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
    n = int(sys.argv[2])
    out = sys.stdout
    i = 0
    k = 0
    while i < n:
        for r in rows:
            if i >= n:
                break
            text = shift(r["notes"], 37 * k)
            out.write(json.dumps({"id": "%s-%d" % (r["event_id_cnty"], k), "text": text, "outlet": "Outlet A"}) + "\n")
            i += 1
            if i % 5 == 0 and i < n:
                sentences = re.split(r"(?<=\.) ", text)
                edited = " ".join(sentences[1:] + sentences[:1]) if len(sentences) > 1 else text
                out.write(json.dumps({"id": "%s-%d-b" % (r["event_id_cnty"], k), "text": edited, "outlet": "Outlet B"}) + "\n")
                i += 1
        k += 1


if __name__ == "__main__":
    main()
