//! The query language gives what the same filter gives when applied by hand to the full
//! export: real reports (the ACLED Syria dev notes in news form, the first 600) ingested;
//! `dateline events --format jsonl` with filters compared, story by story, with this test's own
//! filtering of the unfiltered export. Skipped, saying why, without the shared data or python3.

mod util;

use std::collections::BTreeSet;

use util::*;

/// The story ids of a JSON Lines export.
fn ids(jsonl: &str) -> BTreeSet<i64> {
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["story"].as_i64())
        .collect()
}

/// The events of a story (its main event and the others) as JSON values.
fn events(story: &serde_json::Value) -> Vec<&serde_json::Value> {
    let mut out = vec![story];
    if let Some(o) = story["other_events"].as_array() {
        out.extend(o);
    }
    out.into_iter().filter(|e| e["slug"].is_string()).collect()
}

#[test]
fn filters_select_what_a_script_selects_from_the_full_export() {
    let tmp = TempDir::new("query");
    if acled_news_store(&tmp, "syria-battles-dev.csv", 600).is_none() {
        return;
    }
    let full = stdout(&dateline(&tmp.0, &["events", "--db", "t.db"]));
    let stories: Vec<serde_json::Value> = full
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(stories.len() > 30, "{} stories", stories.len());

    fn s(v: &serde_json::Value) -> String {
        v.as_str().unwrap_or("").to_lowercase()
    }
    type Pick = Box<dyn Fn(&serde_json::Value) -> bool>;
    let cases: Vec<(Vec<&str>, Pick)> = vec![
        (
            vec!["--type", "Armed clash"],
            Box::new(|e| {
                s(&e["sub_event_type"]) == "armed clash" || s(&e["event_type"]) == "armed clash"
            }),
        ),
        (
            vec!["--admin1", "Idlib"],
            Box::new(|e| s(&e["place"]["admin1"]) == "idlib"),
        ),
        (
            vec!["--from", "2019-01-10", "--to", "2019-01-20"],
            Box::new(|e| {
                let d = e["date"].as_str().unwrap_or("");
                !d.is_empty() && ("2019-01-10"..="2019-01-20").contains(&d)
            }),
        ),
        (
            vec!["--fatalities-min", "5"],
            Box::new(|e| e["fatalities"]["best"].as_u64().is_some_and(|b| b >= 5)),
        ),
        (
            vec!["--actor", "islamic state"],
            Box::new(|e| {
                e["actors"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| s(x).contains("islamic state")))
            }),
        ),
    ];
    for (flags, pick) in cases {
        let mut args = vec!["events", "--db", "t.db"];
        args.extend(&flags);
        let out = dateline(&tmp.0, &args);
        assert!(out.status.success(), "{flags:?}: {}", stderr(&out));
        let got = ids(&stdout(&out));
        let want: BTreeSet<i64> = stories
            .iter()
            .filter(|st| events(st).into_iter().any(&pick))
            .filter_map(|st| st["story"].as_i64())
            .collect();
        assert!(!want.is_empty(), "{flags:?} selects nothing: a weak test");
        assert_eq!(got, want, "{flags:?}");
    }
    // A bad filter names itself.
    let out = dateline(&tmp.0, &["events", "--db", "t.db", "--from", "last week"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("--from: want a date"),
        "{}",
        stderr(&out)
    );
}
