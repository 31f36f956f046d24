//! Exports that load unchanged: real reports (the ACLED Somalia dev notes in news form, the
//! first 400) ingested, exported as CSV and GeoJSON, and loaded by pandas and a GeoJSON
//! validator (`scripts/check_exports.py`) against a real ACLED export's dtypes. Skipped, saying
//! why, without the shared data, python3, pandas or geojson.

mod util;

use std::process::Command;

use util::*;

#[test]
fn the_csv_loads_in_pandas_with_acleds_dtypes_and_the_geojson_validates() {
    let tmp = TempDir::new("exports");
    let Some(gold) = acled_news_docs(&tmp, "somalia-dev.csv", 400) else {
        return;
    };
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
