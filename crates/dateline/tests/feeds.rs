//! The feed as feed readers read it: the seeds ingested, the site exported under a public
//! URL, and `index_rss.xml` parsed by PyPI `feedparser` (`scripts/check_feed.py`): it parses,
//! and every entry has a title, an absolute link and guid, and a date. Skipped, saying why,
//! without the shared seeds, python3 or feedparser.

mod util;

use util::*;

#[test]
fn a_feed_reader_reads_every_entry_with_its_date_and_address() {
    let Some(tmp) = seeds_store("feeds") else {
        return;
    };
    let base = "https://news.example.org";
    dateline_ok(
        &tmp.0,
        &[
            "export",
            "--db",
            "t.db",
            "--site",
            "site",
            "--base-url",
            base,
        ],
    );
    python_check(
        "check_feed.py",
        &[tmp.path("site/index_rss.xml").as_os_str(), base.as_ref()],
    );
}
