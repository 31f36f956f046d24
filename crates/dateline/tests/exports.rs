//! Exports that load unchanged: real reports (the ACLED Somalia dev notes in news form, the
//! first 400) ingested, exported as CSV and GeoJSON, and loaded by pandas and a GeoJSON
//! validator (`scripts/check_exports.py`) against a real ACLED export's dtypes. Skipped, saying
//! why, without the shared data, python3, pandas or geojson.

mod util;

use util::*;

#[test]
fn the_csv_loads_in_pandas_with_acleds_dtypes_and_the_geojson_validates() {
    let tmp = TempDir::new("exports");
    let Some(gold) = acled_news_store(&tmp, "somalia-dev.csv", 400) else {
        return;
    };
    for (format, file) in [("csv", "events.csv"), ("geojson", "events.geojson")] {
        let out = dateline(&tmp.0, &["events", "--db", "t.db", "--format", format]);
        assert!(out.status.success(), "{}", stderr(&out));
        std::fs::write(tmp.path(file), &out.stdout).expect("write export");
    }
    python_check(
        "check_exports.py",
        &[
            tmp.path("events.csv").as_os_str(),
            gold.as_os_str(),
            tmp.path("events.geojson").as_os_str(),
        ],
    );
}
