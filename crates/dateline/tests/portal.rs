//! The 428 real Current Events Portal items of September 2015 (`../shared/eval/wcep-2015-09`,
//! WikiTimes structuring): every item becomes one entry with its date, category, topics and
//! sources, and related items share context.

mod util;

use util::*;

#[test]
fn every_portal_item_is_one_entry_with_its_sources_and_context() {
    let Some(json) = shared("eval/wcep-2015-09/wikitimes_CEP_2015-09.json") else {
        eprintln!("skipped: ../shared/eval/wcep-2015-09 is not here");
        return;
    };
    let raw: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
    let expected = raw.as_array().expect("an array").len();
    let dir = TempDir::new("portal");
    let json = json.display().to_string();
    let out = dateline(&dir.0, &["ingest", &json, "--db", "t.db"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("in {expected} clusters")),
        "{}",
        stdout(&out)
    );
    let events = dateline(&dir.0, &["events", "--db", "t.db", "--format", "jsonl"]);
    let items: Vec<serde_json::Value> = stdout(&events)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(items.len(), expected);
    for v in &items {
        assert!(
            v["date"].as_str().is_some_and(|d| d.starts_with("2015-09")),
            "{v}"
        );
        assert!(v["category"].is_string(), "{v}");
    }
    // Russia's first airstrikes in Syria: filed under armed conflicts, sourced, and related
    // to earlier Syrian items through shared topics.
    let strikes = items
        .iter()
        .find(|v| {
            v["date"] == "2015-09-30"
                && v["summary"]
                    .as_str()
                    .is_some_and(|s| s.contains("Russia begins airstrikes"))
        })
        .expect("the item of 30 September");
    assert_eq!(strikes["category"], "Armed conflicts and attacks");
    assert!(strikes["sources"].as_array().is_some_and(|s| s.len() >= 2));
    assert!(strikes["sources"]
        .as_array()
        .is_some_and(|s| s.iter().any(|x| x["outlet"] == "NPR")));
    let related = strikes["related"].as_array().expect("related");
    assert!(!related.is_empty());
    for r in related {
        assert!(r["date"].as_str().is_some_and(|d| d < "2015-09-30"), "{r}");
        assert!(r["context"].as_array().is_some_and(|c| c.len() >= 2), "{r}");
    }
    // Re-reading the same file changes nothing.
    let again = dateline(&dir.0, &["ingest", &json, "--db", "t.db"]);
    assert!(
        stdout(&again).contains(&format!("0 added, 0 replaced, {expected} unchanged")),
        "{}",
        stdout(&again)
    );
}
