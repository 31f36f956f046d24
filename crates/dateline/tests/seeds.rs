//! The five seed articles in `../shared/seeds` must come out right (issue 2), and their
//! extract output must match the reviewed golden files in `tests/golden/` (which hold the
//! findings, not the articles' text). Set `UPDATE_GOLDEN=1` to rewrite them after review.

mod util;

use serde_json::Value;
use util::*;

fn extract_seeds() -> Option<Vec<Value>> {
    let seeds = shared("seeds")?;
    let tmp = TempDir::new("seeds");
    let out = dateline(&tmp.0, &["extract", seeds.to_str()?]);
    assert!(out.status.success(), "{}", stderr(&out));
    Some(
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect(),
    )
}

fn doc<'a>(docs: &'a [Value], prefix: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["id"].as_str().is_some_and(|i| i.starts_with(prefix)))
        .expect("seed present")
}

fn claims(d: &Value) -> &Vec<Value> {
    d["claims"].as_array().expect("claims")
}

fn sentence(d: &Value, c: &Value) -> String {
    let text = d["text"].as_str().unwrap_or("");
    let (s, e) = (
        c["span"]["start"].as_u64().unwrap_or(0) as usize,
        c["span"]["end"].as_u64().unwrap_or(0) as usize,
    );
    text.get(s..e).unwrap_or("").to_string()
}

fn find_claim<'a>(d: &'a Value, quantity: &str, counted: &str, action: &str) -> &'a Value {
    claims(d)
        .iter()
        .find(|c| {
            c["quantity"]["text"] == quantity
                && c["counted"].as_str().is_some_and(|x| x.contains(counted))
                && c["action"] == action
        })
        .unwrap_or_else(|| panic!("no claim {quantity} {counted} {action} in {}", d["id"]))
}

#[test]
fn seed_000_context_item() {
    let Some(docs) = extract_seeds() else { return };
    let d = doc(&docs, "000_");
    assert_eq!(d["published"], "2017-08-13");
    assert_eq!(d["outlet"], "AFP via Yahoo");
    let e = &d["events"][0];
    assert_eq!(e["date"], "2017-08-13");
    assert_eq!(e["fatalities"]["best"], 25);
    assert_eq!(e["place"]["admin1"], "Homs");
    assert_eq!(e["place"]["country"], "Syria");
    assert!(find_claim(d, "25", "militants", "killed")["deaths"]
        .as_bool()
        .unwrap_or(false));
    // The related-events list is kept apart, never in the claims.
    assert_eq!(d["related"].as_array().map(Vec::len), Some(5));
    for c in claims(d) {
        let s = sentence(d, c);
        assert!(
            !s.contains("Qaryatayn") && !s.contains("Palmyra") && !s.contains("Borodavkin"),
            "{s}"
        );
    }
}

/// A related-item line "1. [Summary ](/news/…​.md) _Context: …_" as it reads without its link.
fn unlinked_related(l: &str) -> String {
    let Some((n, rest)) = l.split_once(". [") else {
        return l.to_string();
    };
    match (rest.find("](/news/"), rest.find(".md) ")) {
        (Some(a), Some(b)) if n.bytes().all(|c| c.is_ascii_digit()) && a < b => {
            format!("{n}. {}{}", rest[..a].trim_end(), &rest[b + 4..])
        }
        _ => l.to_string(),
    }
}

/// The lines of a Context item page up to dateline's own sections, entities decoded and the
/// lead cut to its first words (the Context cut it at its own length).
fn page_lines(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lead_done = false;
    for l in md.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if l.starts_with("### Event") {
            break;
        }
        let l = l.replace("&#x27;", "'").replace("&quot;", "\"");
        if !l.starts_with('#') && !l.starts_with("1.") && !lead_done && out.len() == 2 {
            out.push(l.chars().take(120).collect());
            lead_done = true;
            continue;
        }
        out.push(l);
    }
    out
}

#[test]
fn seed_000_renders_back_as_the_same_page() {
    let Some(seeds) = shared("seeds") else { return };
    let original = std::fs::read_dir(&seeds)
        .expect("seeds")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("000_"))
        })
        .expect("seed 000");
    let tmp = TempDir::new("seed000");
    let out = dateline(
        &tmp.0,
        &["ingest", original.to_str().unwrap_or(""), "--db", "t.db"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&dateline(
        &tmp.0,
        &["events", "--db", "t.db", "--format", "md"],
    ));
    let ours = page_lines(&md);
    // The related items are not in this store (only the item itself is ingested): their
    // summaries are shown without links, never as links to pages that do not exist.
    let theirs: Vec<String> = page_lines(&std::fs::read_to_string(&original).expect("read seed"))
        .into_iter()
        .map(|l| unlinked_related(&l))
        .collect();
    // Date heading, summary, lead, sources (with the cover image), related items with their
    // context lines: the same fields in the same order.
    assert!(theirs.len() >= 11, "{theirs:#?}");
    assert_eq!(ours.len(), theirs.len(), "{ours:#?}\n{theirs:#?}");
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a, b);
    }
}

#[test]
fn seed_001_conflicting_figures_are_kept() {
    let Some(docs) = extract_seeds() else { return };
    let d = doc(&docs, "001_");
    assert_eq!(d["published"], Value::Null);
    let five = find_claim(d, "at least five", "civilians", "killed");
    let six = find_claim(d, "six", "militants", "killed");
    let res = find_claim(d, "at least 25", "people", "killed");
    assert!(five["claimant"]
        .as_str()
        .is_some_and(|c| c.contains("Syrian Observatory")));
    assert_eq!(six["claimant"], five["claimant"]);
    assert_eq!(res["claimant"], "A resident");
    let e = d["events"]
        .as_array()
        .and_then(|es| {
            es.iter().find(|e| {
                e["claims"]
                    .as_array()
                    .is_some_and(|c| c.contains(&res["id"]))
            })
        })
        .expect("the resident's claim belongs to an event");
    assert!(
        e["claims"]
            .as_array()
            .is_some_and(|c| c.contains(&five["id"])),
        "both claimants in one event"
    );
    assert_eq!(e["disputed"], true);
    assert_eq!(e["fatalities"]["low"], 11);
    assert_eq!(e["fatalities"]["high"], 25);
    // No publication date: relative dates stay unknown.
    for e in d["events"].as_array().expect("events") {
        assert_eq!(e["date"], Value::Null, "{e}");
    }
    // "RT reported him as saying": the claim is his, relayed by RT.
    assert!(claims(d).iter().any(|c| c["via"]
        .as_array()
        .is_some_and(|v| v.contains(&Value::from("RT")))));
}

#[test]
fn seed_002_syndicated_article() {
    let Some(docs) = extract_seeds() else { return };
    let d = doc(&docs, "002_");
    assert!(matches!(
        d["published"].as_str(),
        Some("2017-09-21" | "2017-09-20")
    ));
    assert_eq!(d["outlet"], "Global Research");
    assert_eq!(d["original_outlet"], "RT News");
    let militants = find_claim(d, "some 850", "militants", "killed");
    assert_eq!(militants["claimant"], "Russia's General Staff");
    assert_eq!(militants["quantity"]["best"], 850);
    assert_eq!(
        find_claim(d, "11", "tanks", "destroyed")["claimant"],
        "Russia's General Staff"
    );
    assert_eq!(d["events"][0]["date"], "2017-09-19");
    assert_eq!(d["events"][0]["fatalities"]["best"], 850);
    let text = d["text"].as_str().unwrap_or("");
    for junk in [
        "Taliano",
        "ISBN",
        "Pre-Order",
        "Disclaimer",
        "fair use",
        "Become a Member",
        "original source",
    ] {
        assert!(!text.contains(junk), "{junk} left in text");
    }
}

#[test]
fn seed_003_comments_are_not_claims() {
    let Some(docs) = extract_seeds() else { return };
    let d = doc(&docs, "003_");
    let sorties = find_claim(d, "510", "sorties", "conducted");
    let facilities = find_claim(d, "1,888", "facilities", "struck");
    for c in [sorties, facilities] {
        let who = c["claimant"].as_str().unwrap_or("");
        assert!(
            who.contains("Konashenkov") || who.contains("Defense Ministry"),
            "{who}"
        );
    }
    let text = d["text"].as_str().unwrap_or("");
    for comment in [
        "Drain the swamp",
        "Jet fuel",
        "klod.infobeez",
        "FlorianGeyer",
        "Mother Gorilla",
        "Show new comments",
    ] {
        assert!(!text.contains(comment), "{comment} left in text");
    }
    // The clock widget at the top is not the publication date.
    assert_eq!(d["published"], Value::Null);
}

#[test]
fn seed_004_territory_and_refugees() {
    let Some(docs) = extract_seeds() else { return };
    let d = doc(&docs, "004_");
    // The figures of a sentence with no attribution marker are the outlet's own (a null
    // claimant), even right before "…, Rudskoi elaborated."; the sentence with the marker is his.
    for (q, counted, action, claimant) in [
        ("695", "localities", "regained", Value::Null),
        ("over 14,000", "square kilometers", "regained", Value::Null),
        (
            "more than 108,000",
            "refugees",
            "returned",
            Value::from("Rudskoi"),
        ),
    ] {
        assert_eq!(
            find_claim(d, q, counted, action)["claimant"],
            claimant,
            "{q}"
        );
    }
    let text = d["text"].as_str().unwrap_or("");
    assert!(
        !text.contains('З') && !text.contains("Newsfeed") && !text.contains("log in"),
        "UI text left"
    );
}

/// The reviewed findings of one document, one JSON line per fact (the document's metadata,
/// then each claim, then each event): everything but the article's own text.
fn findings(d: &Value) -> String {
    let text = d["text"].as_str().unwrap_or("");
    let claims: Vec<Value> = claims(d)
        .iter()
        .map(|c| {
            serde_json::json!([
                c["span"]["start"],
                c["span"]["end"],
                c["claimant"],
                c["via"],
                c["quantity"],
                c["counted"],
                c["action"],
                c["deaths"]
            ])
        })
        .collect();
    let events: Vec<Value> = d["events"]
        .as_array()
        .map(|es| {
            es.iter()
                .map(|e| {
                    serde_json::json!({
                        "type": e["sub_event_type"], "date": e["date"],
                        "place": [e["place"]["name"], e["place"]["admin1"], e["place"]["country"], e["place"]["precision"]],
                        "actors": e["actors"].as_array().map(|a| a.iter().map(|x| x["name"].clone()).collect::<Vec<_>>()),
                        "fatalities": e["fatalities"], "disputed": e["disputed"], "claims": e["claims"],
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let head = serde_json::json!({
        "id": d["id"], "outlet": d["outlet"], "original_outlet": d["original_outlet"], "published": d["published"],
        "text_bytes": text.len(), "paragraphs": text.split("\n\n").count(),
        "removed": d["removed"].as_array().map(|r| r.iter().map(|x| x["kind"].clone()).collect::<Vec<_>>()),
    });
    let mut out = format!("{head}\n");
    for line in claims.iter().chain(&events) {
        out.push_str(&format!("{line}\n"));
    }
    out
}

#[test]
fn seed_findings_match_the_golden_files() {
    let Some(docs) = extract_seeds() else { return };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for d in &docs {
        let id = d["id"].as_str().expect("id");
        let got = findings(d);
        let path = dir.join(format!("{id}.jsonl"));
        if update {
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "missing {}; run with UPDATE_GOLDEN=1 and review",
                path.display()
            )
        });
        for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "{id} line {}: findings changed; review, run with UPDATE_GOLDEN=1, and explain the change in the commit", n + 1);
        }
        assert_eq!(
            got.lines().count(),
            want.lines().count(),
            "{id}: number of findings changed"
        );
    }
}
