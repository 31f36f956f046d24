//! `dateline gazetteer build` and `--gazetteer`, driven as a user would: tables written here
//! (invented villages), an index built from them, and extraction that finds those villages; a
//! bad table names its file, line and column and leaves the earlier index as it was.

mod util;

use util::*;

/// A village list as a national statistics office might publish it (CSV, its own headers).
const VILLAGES: &str = "\
place_name,latitude,longitude,country,admin1_name,admin2_name,population,alternatenames
Tuulo Maroodi,3.9071,45.1102,Somalia,Hiiraan,Bulo Burto,850,Tulo Marodi|Tuulo-Maroodi
Goof Dheere,4.1201,45.3005,Somalia,Hiiraan,Bulo Burto,,
";

/// Region boundaries (a square around the villages) in GeoJSON.
const REGIONS: &str = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"placetype":"region","name":"Hiraan Region","cc":"SO","wof_id":7},
 "geometry":{"type":"Polygon","coordinates":[[[44.5,3.5],[46.0,3.5],[46.0,4.5],[44.5,4.5],[44.5,3.5]]]}}]}"#;

#[test]
fn a_built_gazetteer_finds_its_villages_and_their_regions() {
    let tmp = TempDir::new("gazetteer");
    std::fs::write(tmp.path("villages.csv"), VILLAGES).expect("write");
    std::fs::write(tmp.path("regions.geojson"), REGIONS).expect("write");
    let out = dateline(
        &tmp.0,
        &[
            "gazetteer",
            "build",
            "--out",
            "so.gaz",
            "villages.csv",
            "regions.geojson",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 places"), "{}", stderr(&out));
    let info = dateline(&tmp.0, &["gazetteer", "info", "so.gaz"]);
    assert!(stdout(&info).contains("rows: 2"), "{}", stdout(&info));

    let doc = r#"{"id":"d1","text":"Militants attacked a checkpoint in Tulo Marodi village in Somalia on Monday, killing 2 soldiers."}"#;
    std::fs::write(tmp.path("doc.jsonl"), format!("{doc}\n")).expect("write");
    let out = dateline(&tmp.0, &["extract", "--gazetteer", "so.gaz", "doc.jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("json");
    let place = &a["events"][0]["place"];
    assert_eq!(place["name"], "Tuulo Maroodi", "{a}");
    // The region comes from the boundary, with its id, under the common English name of the
    // region whose centre lies inside it (GeoNames' "Hiiraan", not the file's own label).
    assert_eq!(place["admin1"], "Hiiraan");
    assert_eq!(place["gazetteer"]["admin1_code"], "7");
    assert_eq!(place["gazetteer"]["source"], "villages.csv");
    let mention = a["places"]
        .as_array()
        .and_then(|p| p.iter().find(|m| m["name"] == "Tuulo Maroodi"))
        .expect("the village is listed with the places");
    let [start, end] = [0, 1].map(|i| mention["span"][i].as_u64().expect("span") as usize);
    assert_eq!(
        a["text"].as_str().map(|t| &t[start..end]),
        Some("Tulo Marodi")
    );

    // Without the index the village is unknown; DATELINE_GAZETTEER gives it back.
    let out = dateline(&tmp.0, &["extract", "doc.jsonl"]);
    assert!(!stdout(&out).contains("Tuulo Maroodi"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
        .current_dir(&tmp.0)
        .env("DATELINE_GAZETTEER", "so.gaz")
        .args(["extract", "doc.jsonl"])
        .output()
        .expect("run dateline");
    assert!(stdout(&out).contains("Tuulo Maroodi"), "{}", stderr(&out));
}

#[test]
fn a_bad_table_is_named_and_the_old_index_kept() {
    let tmp = TempDir::new("gazetteer-bad");
    std::fs::write(tmp.path("villages.csv"), VILLAGES).expect("write");
    let out = dateline(
        &tmp.0,
        &["gazetteer", "build", "--out", "so.gaz", "villages.csv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let before = std::fs::read(tmp.path("so.gaz")).expect("index");

    let bad = VILLAGES.replace("3.9071", "north");
    std::fs::write(tmp.path("bad.csv"), bad).expect("write");
    let out = dateline(
        &tmp.0,
        &["gazetteer", "build", "--out", "so.gaz", "bad.csv"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("bad.csv: line 2, column latitude: not a number"),
        "{err}"
    );
    assert_eq!(std::fs::read(tmp.path("so.gaz")).expect("index"), before);

    // Not an index at all.
    let out = dateline(
        &tmp.0,
        &["extract", "--gazetteer", "villages.csv", "villages.csv"],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a dateline gazetteer index"),
        "{}",
        stderr(&out)
    );
}
