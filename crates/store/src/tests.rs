//! Store tests: idempotent ingest, replacement, and merging of one event told by several
//! outlets (verbatim, edited, and in their own words) without merging distinct events.

use std::sync::OnceLock;

use super::*;

fn extractor() -> &'static dateline_extract::Extractor {
    static E: OnceLock<dateline_extract::Extractor> = OnceLock::new();
    E.get_or_init(|| dateline_extract::Extractor::new().expect("gazetteer loads"))
}

fn analyse(id: &str, outlet: &str, published: &str, text: &str) -> Analysis {
    let line =
        serde_json::json!({"id": id, "text": text, "outlet": outlet, "published": published})
            .to_string();
    let mut docs = dateline_ingest::read_jsonl("test.jsonl", line.as_bytes());
    let doc = docs.remove(0).expect("valid document");
    extractor().analyse(doc)
}

const REPORT: &str = "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday after heavy fighting, the regional governor said.\n\nAt least 12 militants and three soldiers were killed in the fighting, the governor told reporters by phone from the town.\n\nResidents said the militants had withdrawn to villages east of the town before dawn.";

fn cluster_of(store: &Store, doc: &str) -> i64 {
    store
        .conn
        .query_row(
            "SELECT cluster_id FROM events WHERE doc_id = ?1 AND idx = 0",
            params![doc],
            |r| r.get(0),
        )
        .expect("event stored")
}

#[test]
fn ingesting_twice_changes_nothing() {
    let mut s = Store::in_memory().expect("store");
    let a = analyse("a", "Wire One", "2025-04-03", REPORT);
    assert_eq!(s.ingest(&a).expect("ingest"), Outcome::Added);
    let before = s.counts().expect("counts");
    assert_eq!(s.ingest(&a).expect("ingest"), Outcome::Unchanged);
    assert_eq!(s.counts().expect("counts"), before);
}

#[test]
fn a_changed_document_replaces_the_old_one() {
    let mut s = Store::in_memory().expect("store");
    s.ingest(&analyse("a", "Wire One", "2025-04-03", REPORT))
        .expect("ingest");
    let edited = REPORT.replace("At least 12", "At least 14");
    assert_eq!(
        s.ingest(&analyse("a", "Wire One", "2025-04-03", &edited))
            .expect("ingest"),
        Outcome::Replaced
    );
    let (docs, _, _) = s.counts().expect("counts");
    assert_eq!(docs, 1);
    let c = s
        .cluster(cluster_of(&s, "a"))
        .expect("read")
        .expect("cluster");
    assert_eq!(c.event.fatalities.as_ref().and_then(|f| f.best), Some(17));
}

#[test]
fn one_event_from_several_outlets_is_one_cluster() {
    let mut s = Store::in_memory().expect("store");
    s.ingest(&analyse("a", "Wire One", "2025-04-03", REPORT))
        .expect("ingest");
    // Verbatim copy.
    s.ingest(&analyse("b", "Reprint Daily", "2025-04-03", REPORT))
        .expect("ingest");
    // Lightly edited: paragraphs reordered, a headline added.
    let paras: Vec<&str> = REPORT.split("\n\n").collect();
    let edited = format!(
        "Army Retakes Jawhar\n\n{}\n\n{}\n\n{}",
        paras[1], paras[0], paras[2]
    );
    s.ingest(&analyse("c", "Edited Times", "2025-04-03", &edited))
        .expect("ingest");
    // The same event in other words.
    s.ingest(&analyse(
        "d",
        "Own Words Radio",
        "2025-04-03",
        "Somali forces recaptured Jawhar from Al Shabaab on Tuesday, a military commander said, adding that fifteen people died in the battle.",
    ))
    .expect("ingest");
    let a = cluster_of(&s, "a");
    for other in ["b", "c", "d"] {
        assert_eq!(cluster_of(&s, other), a, "{other} joins the cluster");
    }
    let c = s.cluster(a).expect("read").expect("cluster");
    assert_eq!(c.sources.len(), 4);
    assert_eq!(c.sources[1].duplicate_of.as_deref(), Some("a"));
}

#[test]
fn distinct_events_in_one_town_stay_apart() {
    let mut s = Store::in_memory().expect("store");
    s.ingest(&analyse("a", "Wire One", "2025-04-03", REPORT))
        .expect("ingest");
    s.ingest(&analyse(
        "e",
        "Wire Two",
        "2025-04-03",
        "Police arrested five suspects in Jawhar on Tuesday over the killing of a local official, the police commissioner said.",
    ))
    .expect("ingest");
    assert_ne!(cluster_of(&s, "a"), cluster_of(&s, "e"));
}
