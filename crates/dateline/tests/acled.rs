//! Regression test of the claims layer against human coding: runs `dateline extract` on the
//! ACLED-coded reports in `../shared/eval/acled-notes` and scores the output with the shared
//! scorer (`score_acled.py`): the coders' notes as written (regressions only), and in news form
//! (`docs --news`: the coders' location hints and remarks removed), with and without the
//! village tables of `../shared/gazetteer` built into a user gazetteer. Fails when a metric
//! drops below the level reached; skipped, with the reason printed, when the shared data or
//! python3 is absent.

mod util;

use std::collections::BTreeMap;
use std::process::Command;

use util::*;

/// How the notes are read.
#[derive(Clone, Copy)]
enum Form {
    Notes,
    News,
    /// With every file of `../shared/gazetteer` built in: tables and boundaries.
    NewsWithGazetteer,
    /// With the place tables alone (`*.tsv.gz`), no boundaries: regions from the tables.
    NewsWithTables,
}

fn score(csv: &str, form: Form) -> Option<BTreeMap<String, f64>> {
    let gold = shared(&format!("eval/acled-notes/{csv}"))?;
    let scorer = shared("eval/score_acled.py")?;
    let tmp = TempDir::new("acled");
    let mut args = vec!["docs".to_string()];
    if !matches!(form, Form::Notes) {
        args.push("--news".into());
    }
    let docs = Command::new("python3")
        .arg(&scorer)
        .args(&args)
        .arg(&gold)
        .output();
    let Some(docs) = docs.ok().filter(|o| o.status.success()) else {
        eprintln!("SKIPPED: python3 could not run {}", scorer.display());
        return None;
    };
    std::fs::write(tmp.path("docs.jsonl"), &docs.stdout).expect("write docs");
    let mut extract = vec!["extract".to_string()];
    if let Form::NewsWithGazetteer | Form::NewsWithTables = form {
        let suffix = match form {
            Form::NewsWithTables => ".tsv.gz",
            _ => ".gz",
        };
        let tables = shared("gazetteer")?;
        let mut sources: Vec<String> = std::fs::read_dir(&tables)
            .expect("read the gazetteer folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .map(|p| p.display().to_string())
            .collect();
        sources.sort();
        let mut build = vec!["gazetteer", "build", "--out", "places.gaz"];
        build.extend(sources.iter().map(String::as_str));
        let out = dateline(&tmp.0, &build);
        assert!(out.status.success(), "{}", stderr(&out));
        extract.extend(["--gazetteer".into(), "places.gaz".into()]);
    }
    extract.push("docs.jsonl".into());
    let extract: Vec<&str> = extract.iter().map(String::as_str).collect();
    let out = dateline(&tmp.0, &extract);
    // Notes that lose all their text in news form are skipped (exit status 2).
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        stderr(&out)
    );
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
    let Some(m) = score("somalia-dev.csv", Form::Notes) else {
        return;
    };
    check(
        &m,
        &[
            ("event", 99.5),
            ("date", 99.5),
            ("type", 87.0),
            ("place50km", 64.8),
            ("admin1", 97.8),
            ("fatal", 93.0),
            ("nofatal", 99.5),
        ],
    );
}

#[test]
fn syria_battles_dev_metrics_do_not_regress() {
    let Some(m) = score("syria-battles-dev.csv", Form::Notes) else {
        return;
    };
    check(
        &m,
        &[
            ("event", 99.0),
            ("date", 94.6),
            ("type", 74.3),
            ("place50km", 71.5),
            ("admin1", 85.2),
            ("fatal", 76.0),
            ("nofatal", 99.3),
        ],
    );
}

/// Places in news form: the text alone says where.
#[test]
fn somalia_news_places_do_not_regress() {
    let Some(m) = score("somalia-dev.csv", Form::News) else {
        return;
    };
    check(
        &m,
        &[("place50km", 33.1), ("admin1", 33.6), ("event", 99.3)],
    );
}

#[test]
fn somalia_news_places_with_village_tables_do_not_regress() {
    let Some(m) = score("somalia-dev.csv", Form::NewsWithGazetteer) else {
        return;
    };
    check(
        &m,
        &[("place50km", 76.1), ("admin1", 77.6), ("event", 99.3)],
    );
}

#[test]
fn somalia_news_places_with_village_tables_alone_do_not_regress() {
    let Some(m) = score("somalia-dev.csv", Form::NewsWithTables) else {
        return;
    };
    check(
        &m,
        &[("place50km", 75.5), ("admin1", 74.4), ("event", 99.3)],
    );
}

#[test]
fn syria_news_places_do_not_regress() {
    let Some(m) = score("syria-battles-dev.csv", Form::News) else {
        return;
    };
    check(
        &m,
        &[("place50km", 73.7), ("admin1", 86.4), ("event", 98.9)],
    );
}

#[test]
fn syria_news_places_with_village_tables_do_not_regress() {
    let Some(m) = score("syria-battles-dev.csv", Form::NewsWithGazetteer) else {
        return;
    };
    check(
        &m,
        &[("place50km", 78.3), ("admin1", 87.7), ("event", 98.9)],
    );
}
