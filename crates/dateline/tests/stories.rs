//! Regression test of story clustering on `../shared/eval/clusters` (ECB+ articles from many
//! outlets in gold stories, with hard negatives), scored by the shared `score_clusters.py`
//! on what `dateline events --format jsonl` lists. Fails when B-cubed F1 drops below the level
//! reached; skipped, saying why, without the shared data or python3.

mod util;

use util::*;

/// The level reached (B-cubed F1 over documents).
const B3_F1_FLOOR: f64 = 0.84;

#[test]
fn stories_of_news_articles_do_not_regress() {
    let (Some(gold), Some(scorer)) = (
        shared("eval/clusters/ecbplus-dev.jsonl.gz"),
        shared("eval/score_clusters.py"),
    ) else {
        return;
    };
    let tmp = TempDir::new("stories");
    let docs = tmp.path("d.jsonl");
    let Some(text) = run_scorer(&scorer, &[std::ffi::OsStr::new("docs"), gold.as_os_str()]) else {
        return;
    };
    std::fs::write(&docs, text).expect("write docs");
    let db = tmp.path("s.db");
    let (db_s, docs_s) = (db.to_string_lossy(), docs.to_string_lossy());
    let out = dateline(&tmp.0, &["ingest", "--db", &db_s, &docs_s]);
    // One line of the set has no text: a partial failure, the rest stored.
    assert!(matches!(out.status.code(), Some(0 | 2)), "{}", stderr(&out));
    let events = dateline(&tmp.0, &["events", "--db", &db_s, "--format", "jsonl"]);
    assert!(events.status.success(), "{}", stderr(&events));
    let pred = tmp.path("e.jsonl");
    std::fs::write(&pred, stdout(&events)).expect("write events");
    // Every stored document is in exactly one story.
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for l in stdout(&events).lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json line");
        for s in v["sources"].as_array().into_iter().flatten() {
            if let Some(d) = s["document"].as_str() {
                *seen.entry(d.to_string()).or_default() += 1;
            }
        }
    }
    assert!(seen.len() >= 490, "{} documents in stories", seen.len());
    assert!(seen.values().all(|&n| n == 1), "a document in two stories");
    let Some(text) = run_scorer(
        &scorer,
        &[
            std::ffi::OsStr::new("score"),
            gold.as_os_str(),
            pred.as_os_str(),
        ],
    ) else {
        return;
    };
    let line = text.lines().next().unwrap_or_default();
    eprintln!("{line}");
    let got = metric(line, "b3_f1");
    assert!(
        got >= B3_F1_FLOOR,
        "stories b3_f1 {got} is below the level reached ({B3_F1_FLOOR})"
    );
}
