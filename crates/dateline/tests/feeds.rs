//! The feed as feed readers read it: the seeds ingested, the site exported under a public
//! URL, and `index_rss.xml` parsed by PyPI `feedparser` (`scripts/check_feed.py`): it parses,
//! and every entry has a title, an absolute link and guid, and a date. Skipped, saying why,
//! without the shared seeds, python3 or feedparser.

mod util;

use std::process::Command;

use util::*;

#[test]
fn a_feed_reader_reads_every_entry_with_its_date_and_address() {
    let Some(seeds) = shared("seeds") else {
        return;
    };
    let tmp = TempDir::new("feeds");
    let seeds = seeds.display().to_string();
    let out = dateline(&tmp.0, &["ingest", &seeds, "--db", "t.db"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let base = "https://news.example.org";
    let out = dateline(
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
    assert!(out.status.success(), "{}", stderr(&out));
    let check = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/check_feed.py");
    let Ok(out) = Command::new("python3")
        .arg(check)
        .arg(tmp.path("site/index_rss.xml"))
        .arg(base)
        .output()
    else {
        eprintln!("SKIPPED: python3 is not available");
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    eprintln!("{said}");
    if out.status.code() == Some(3) {
        eprintln!("SKIPPED: {said}");
        return;
    }
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
