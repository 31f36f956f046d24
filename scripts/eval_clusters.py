#!/usr/bin/env python3
"""False merges of distinct events: ingest ACLED-coded reports (each a separate event) as
documents of one outlet, then count the reports whose main event shares a cluster with a
report whose ACLED event_date, location or sub_event_type differs.

Then the same for stories: a story may hold several events (an offensive over days), but not
reports of events more than STORY_DAYS apart or in different admin1 regions; prints the share
of reports in such a story, the number of stories and the largest.

Usage: python3 scripts/eval_clusters.py ../shared/eval/acled-notes/somalia-dev.csv [dateline binary]
Prints one line starting with "clusters".
"""
import csv
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def main():
    gold_path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/dateline"
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(open(gold_path, newline="", encoding="utf-8"))}
    with tempfile.TemporaryDirectory() as tmp:
        docs = os.path.join(tmp, "docs.jsonl")
        with open(docs, "w", encoding="utf-8") as f:
            for k, r in rows.items():
                f.write(json.dumps({"id": k, "text": r["notes"], "outlet": "ACLED notes"}) + "\n")
        db = os.path.join(tmp, "t.db")
        subprocess.run([binary, "ingest", docs, "--db", db], check=True, stdout=subprocess.DEVNULL)
        con = sqlite3.connect(db)
        main_cluster = dict(con.execute("SELECT doc_id, cluster_id FROM events WHERE idx = 0"))
        story_of = dict(con.execute("SELECT doc_id, story_id FROM doc_stories"))
    members = {}
    for doc, c in main_cluster.items():
        members.setdefault(c, []).append(doc)
    key = lambda d: (rows[d]["event_date"], rows[d]["location"], rows[d]["sub_event_type"])
    bad = sum(1 for docs in members.values() if len({key(d) for d in docs}) > 1 for _ in docs)
    merged = sum(len(d) for d in members.values() if len(d) > 1)
    n = len(rows)
    print("clusters n=%d with_events=%d merged=%d false_merge=%.2f%%" % (n, len(main_cluster), merged, 100.0 * bad / n))
    stories = {}
    for doc, s in story_of.items():
        stories.setdefault(s, []).append(doc)
    def day(d):
        text = rows[d]["event_date"].strip()
        for form in ("%Y-%m-%d", "%d %B %Y"):
            try:
                return datetime.datetime.strptime(text[:10] if form == "%Y-%m-%d" else text, form).date()
            except ValueError:
                pass
        raise ValueError("%s: event_date %r is no date" % (d, text))
    bad = 0
    for docs in stories.values():
        if len(docs) < 2:
            continue
        days = [day(d) for d in docs]
        regions = {rows[d]["admin1"] for d in docs}
        if (max(days) - min(days)).days > STORY_DAYS or len(regions) > 1:
            bad += len(docs)
    largest = max((len(d) for d in stories.values()), default=0)
    print("stories n=%d stories=%d largest=%d false_story_merge_pct=%.2f" % (n, len(stories), largest, 100.0 * bad / n))


STORY_DAYS = 10


if __name__ == "__main__":
    main()
