#!/usr/bin/env python3
"""Summaries a reader cannot use as headlines, in a `dateline events --format jsonl` export:
counts those that open with a lowercase word or a word that needs an earlier sentence (a
pronoun, a conjunction, a preposition), name as their source something that is no speaker
("according to On 3 May", "according to with"), or count "1 civilians"; prints each class
with a few examples. A heuristic screen for review, not a gold standard: some of what it
lists is fine ("For the second day, …").

Usage: python3 scripts/eval_headlines.py EXPORT.jsonl
Prints "headlines stories=N faults=M" first.
"""
import collections
import json
import re
import sys

# Words a headline cannot open with without an earlier sentence (or a clause after them).
OPENERS = {
    "to", "and", "but", "or", "of", "in", "on", "at", "for", "with", "by", "from", "that",
    "which", "who", "as", "than", "after", "before", "while", "when", "because", "although",
    "though", "since", "said", "says", "according", "also", "then", "so", "however",
    "meanwhile", "including", "it", "they", "he", "she", "this", "these", "those", "its",
    "their", "his", "her", "there", "here", "where", "if",
}
# Words after "according to" that open a noun phrase naming a source.
SOURCE_OPENERS = r"(the|a|an|local|security|police|officials|residents|witnesses|sources|state|medical|military|media|government|its|his|her|their)"


def fault(summary):
    words = summary.split()
    if not words:
        return "empty"
    first = words[0].lower().strip(",")
    if summary[0].islower():
        return "lowercase start"
    if first in OPENERS:
        return "starts with " + first
    if re.search(r"according to (On|on|In|in|At|at|Last|last|Early|early) ", summary):
        return "according to + time"
    if re.search(r"according to [a-z]", summary) and not re.search(r"according to " + SOURCE_OPENERS + r"\b", summary):
        return "according to lowercase"
    if re.search(r"\b1 (civilians|combatants)\b", summary):
        return "1 plural"
    return None


def main():
    summaries = [json.loads(l).get("summary") or "" for l in open(sys.argv[1], encoding="utf-8")]
    faults = collections.Counter()
    examples = collections.defaultdict(list)
    for s in summaries:
        kind = fault(s)
        if kind:
            faults[kind] += 1
            if len(examples[kind]) < 6:
                examples[kind].append(s[:160])
    print("headlines stories=%d faults=%d" % (len(summaries), sum(faults.values())))
    for kind, n in faults.most_common():
        print(n, kind)
        for e in examples[kind]:
            print("   ", e)


if __name__ == "__main__":
    main()
