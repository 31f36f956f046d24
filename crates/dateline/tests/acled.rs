//! Regression test of the claims layer against human coding: runs `dateline extract` on the
//! ACLED-coded reports in `../shared/eval/acled-notes` and scores the output with the shared
//! scorer (`score_acled.py`). Fails when a metric drops below the level reached; skipped, with
//! the reason printed, when the shared data or python3 is absent.

mod util;

use std::collections::BTreeMap;
use std::process::Command;

use util::*;

fn score(csv: &str) -> Option<BTreeMap<String, f64>> {
    let gold = shared(&format!("eval/acled-notes/{csv}"))?;
    let scorer = shared("eval/score_acled.py")?;
    let tmp = TempDir::new("acled");
    let docs = Command::new("python3")
        .arg(&scorer)
        .arg("docs")
        .arg(&gold)
        .output();
    let Some(docs) = docs.ok().filter(|o| o.status.success()) else {
        eprintln!("SKIPPED: python3 could not run {}", scorer.display());
        return None;
    };
    std::fs::write(tmp.path("docs.jsonl"), &docs.stdout).expect("write docs");
    let out = dateline(&tmp.0, &["extract", "docs.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(tmp.path("pred.jsonl"), &out.stdout).expect("write predictions");
    let scored = Command::new("python3")
        .arg(&scorer)
        .arg("score")
        .arg(&gold)
        .arg(tmp.path("pred.jsonl"))
        .output()
        .expect("run scorer");
    let line = String::from_utf8_lossy(&scored.stdout).into_owned();
    eprintln!("{csv}: {line}");
    // "acled n=3036 event=89.4 date=86.9 … fatal=78.2 (n=513) nofatal=99.9 (n=2037)"
    let metrics = line
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| v.parse::<f64>().ok().map(|v| (k.to_string(), v)))
        .collect();
    Some(metrics)
}

fn check(metrics: &BTreeMap<String, f64>, floors: &[(&str, f64)]) {
    for (k, floor) in floors {
        let v = metrics.get(*k).copied().unwrap_or(0.0);
        assert!(v >= *floor, "{k} = {v}, below the level reached ({floor})");
    }
}

#[test]
fn somalia_dev_metrics_do_not_regress() {
    let Some(m) = score("somalia-dev.csv") else {
        return;
    };
    check(
        &m,
        &[
            ("event", 99.5),
            ("date", 99.5),
            ("type", 87.0),
            ("place50km", 63.0),
            ("admin1", 94.0),
            ("fatal", 93.0),
            ("nofatal", 99.5),
        ],
    );
}

#[test]
fn syria_battles_dev_metrics_do_not_regress() {
    let Some(m) = score("syria-battles-dev.csv") else {
        return;
    };
    check(
        &m,
        &[
            ("event", 99.0),
            ("date", 94.6),
            ("type", 74.3),
            ("place50km", 69.4),
            ("admin1", 80.2),
            ("fatal", 76.0),
            ("nofatal", 99.3),
        ],
    );
}
