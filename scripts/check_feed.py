#!/usr/bin/env python3
"""Check an RSS feed as a feed reader reads it (PyPI `feedparser`).

  check_feed.py FEED.xml BASE_URL

The feed must parse without error; every entry must have a title, an absolute link and guid
under BASE_URL, and a publication date feedparser understands. Prints "feed ok: N entries" or
the problems; exits 1 on a problem, 3 when feedparser is not installed.
"""
import sys

try:
    import feedparser
except ImportError as e:  # pragma: no cover
    print("skipped: %s (pip install feedparser)" % e)
    sys.exit(3)


def main(path, base):
    feed = feedparser.parse(path)
    problems = []
    if feed.bozo:
        problems.append("does not parse: %s" % feed.bozo_exception)
    if not feed.entries:
        problems.append("no entries")
    for e in feed.entries:
        name = e.get("title", "(no title)")
        if not e.get("title"):
            problems.append("an entry without a title")
        if not e.get("link", "").startswith(base):
            problems.append("%s: link %r is not under %s" % (name, e.get("link"), base))
        if not e.get("id", "").startswith(base):
            problems.append("%s: guid %r is not under %s" % (name, e.get("id"), base))
        if not e.get("published_parsed"):
            problems.append("%s: no date feedparser reads (%r)" % (name, e.get("published")))
    if problems:
        print("\n".join(problems[:20]))
        sys.exit(1)
    print("feed ok: %d entries" % len(feed.entries))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
