//! Regression test of the claims layer on `../shared/eval/claims` (58 real news articles with
//! every quantitative claim and its claimant annotated by hand), scored by the shared
//! `score_claims.py`. Fails when a figure drops below the level reached; skipped, saying
//! why, without the shared data or python3.

mod util;

use std::process::Command;

use util::*;

/// The levels reached (the scorer's percentages).
const FLOORS: &[(&str, f64)] = &[
    ("recall", 78.9),
    ("precision", 83.6),
    ("claimant", 49.6),
    ("action", 82.2),
    ("range", 89.9),
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
    let out = dateline(&tmp.0, &["extract", docs.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(tmp.path("pred.jsonl"), &out.stdout).expect("write predictions");
    let Ok(scored) = Command::new("python3")
        .arg(&scorer)
        .arg("score")
        .arg(&gold)
        .arg(tmp.path("pred.jsonl"))
        .output()
    else {
        eprintln!(
            "SKIPPED: python3 is not available to run {}",
            scorer.display()
        );
        return;
    };
    let text = String::from_utf8_lossy(&scored.stdout).into_owned();
    let line = text.lines().next().unwrap_or_default();
    eprintln!("{line}");
    for (name, floor) in FLOORS {
        let got: f64 = line
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("the scorer prints {name}: {line}"));
        assert!(
            got >= *floor,
            "claims {name} {got} is below the level reached ({floor})"
        );
    }
}
