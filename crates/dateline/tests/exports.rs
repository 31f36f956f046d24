//! Exports that load unchanged: real reports (the ACLED Somalia dev notes in news form, the
//! first 400) ingested, exported as CSV and GeoJSON, and loaded by pandas and a GeoJSON
//! validator (`scripts/check_exports.py`) against a real ACLED export's dtypes. Skipped, saying
//! why, without the shared data, python3, pandas or geojson.

mod util;

use std::process::Command;

use util::*;

#[test]
fn the_csv_loads_in_pandas_with_acleds_dtypes_and_the_geojson_validates() {
    let (Some(gold), Some(scorer)) = (
        shared("eval/acled-notes/somalia-dev.csv"),
        shared("eval/score_acled.py"),
    ) else {
        return;
    };
    let tmp = TempDir::new("exports");
    let docs = Command::new("python3")
        .arg(&scorer)
        .args(["docs", "--news"])
        .arg(&gold)
        .output();
    let Some(docs) = docs.ok().filter(|o| o.status.success()) else {
        eprintln!("SKIPPED: python3 could not run {}", scorer.display());
        return;
    };
    let some: Vec<&[u8]> = docs.stdout.split(|&b| b == b'\n').take(400).collect();
    std::fs::write(tmp.path("docs.jsonl"), some.join(&b'\n')).expect("write docs");
    let out = dateline(&tmp.0, &["ingest", "docs.jsonl", "--db", "t.db"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        stderr(&out)
    );
    for (format, file) in [("csv", "events.csv"), ("geojson", "events.geojson")] {
        let out = dateline(&tmp.0, &["events", "--db", "t.db", "--format", format]);
        assert!(out.status.success(), "{}", stderr(&out));
        std::fs::write(tmp.path(file), &out.stdout).expect("write export");
    }
    let check = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/check_exports.py"
    );
    let out = Command::new("python3")
        .arg(check)
        .arg(tmp.path("events.csv"))
        .arg(&gold)
        .arg(tmp.path("events.geojson"))
        .output()
        .expect("run python3");
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
