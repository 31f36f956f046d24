//! Regression test of the claims layer on `../shared/eval/claims` (58 real news articles with
//! every quantitative claim and its claimant annotated by hand), scored by the shared
//! `score_claims.py`. Fails when a figure drops below the level reached; skipped, saying
//! why, without the shared data or python3.

mod util;

use util::*;

/// The levels reached (the scorer's percentages).
const FLOORS: &[(&str, f64)] = &[
    ("recall", 90.3),
    ("precision", 93.8),
    ("claimant", 90.5),
    ("action", 94.9),
    ("counted", 89.9),
    ("range", 99.7),
];

#[test]
fn claims_on_news_articles_do_not_regress() {
    let (Some(docs), Some(gold), Some(scorer)) = (
        shared("eval/claims/docs-dev.jsonl"),
        shared("eval/claims/claims-dev.jsonl"),
        shared("eval/score_claims.py"),
    ) else {
        return;
    };
    let tmp = TempDir::new("claims");
    let pred = extract_to_file(&tmp, &docs);
    let args = [
        std::ffi::OsStr::new("score"),
        gold.as_os_str(),
        pred.as_os_str(),
    ];
    let Some(text) = run_scorer(&scorer, &args) else {
        return;
    };
    let line = text.lines().next().unwrap_or_default();
    eprintln!("{line}");
    for (name, floor) in FLOORS {
        let got = metric(line, name);
        assert!(
            got >= *floor,
            "claims {name} {got} is below the level reached ({floor})"
        );
    }
}
