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

const PORTAL: &str = "{{Current events|year=2025|month=04|day=1|content=\n;Armed conflicts and attacks\n*[[Somali Civil War]]\n**Government troops retake [[Jowhar]] from [[Al-Shabaab (militant group)|Al Shabaab]] after heavy fighting. [https://www.example.org/news/jawhar/ (Wire One)]\n;Politics and elections\n*Voters go to the polls in [[Ruritania]] in a closely watched election. [http://example.com/vote (Daily Example)]\n|}}\n";

fn portal_items(text: &str) -> Vec<Analysis> {
    dateline_ingest::portal::read_wikitext("p.wiki", text, None)
        .into_iter()
        .map(|d| extractor().analyse(d))
        .collect()
}

fn article_at(url: &str) -> Analysis {
    let line = serde_json::json!({"id": "art", "text": REPORT, "outlet": "Wire One",
        "published": "2025-04-02", "url": url})
    .to_string();
    let doc = dateline_ingest::read_jsonl("t.jsonl", line.as_bytes())
        .remove(0)
        .expect("valid document");
    extractor().analyse(doc)
}

#[test]
fn portal_items_and_the_articles_they_cite_are_one_entry_in_either_order() {
    for item_first in [true, false] {
        let mut s = Store::in_memory().expect("store");
        let items = portal_items(PORTAL);
        assert_eq!(items.len(), 2);
        // The article's URL differs from the item's link in scheme, "www." and trailing slash.
        let article = article_at("http://example.org/news/jawhar");
        if item_first {
            s.ingest_many(&items).expect("ingest");
            s.ingest(&article).expect("ingest");
        } else {
            s.ingest(&article).expect("ingest");
            s.ingest_many(&items).expect("ingest");
        }
        let id = cluster_of(&s, &items[0].document.id);
        assert_eq!(cluster_of(&s, "art"), id, "item first: {item_first}");
        let c = s.cluster(id).expect("read").expect("cluster");
        // The Portal's words are the summary, its date the date, its topics the context.
        assert!(c.summary.starts_with("Government troops retake Jowhar"));
        assert_eq!(c.date.map(|d| d.to_string()), Some("2025-04-01".into()));
        assert_eq!(c.context[0], "Somali Civil War");
        assert_eq!(c.category.as_deref(), Some("Armed conflicts and attacks"));
        assert_eq!(c.links.len(), 1);
        // The article's claims are the item's now.
        assert!(s
            .claims_of(&c)
            .expect("claims")
            .iter()
            .any(|r| r.doc_id == "art"));
        // The election item is an entry of its own, though it tells no conflict event.
        let other = cluster_of(&s, &items[1].document.id);
        assert_ne!(other, id);
        let o = s.cluster(other).expect("read").expect("cluster");
        assert_eq!(o.category.as_deref(), Some("Politics and elections"));
    }
}

#[test]
fn two_items_of_one_day_and_place_stay_two_entries() {
    let mut s = Store::in_memory().expect("store");
    let text = "{{Current events|year=2025|month=04|day=1|content=\n;Armed conflicts and attacks\n*Al Shabaab militants attack an army base in [[Jowhar]], killing four soldiers. [http://example.org/a (Wire One)]\n*Al Shabaab militants attack a police station in [[Jowhar]], killing two officers. [http://example.org/b (Wire Two)]\n|}}\n";
    let items = portal_items(text);
    s.ingest_many(&items).expect("ingest");
    assert_ne!(
        cluster_of(&s, &items[0].document.id),
        cluster_of(&s, &items[1].document.id)
    );
}

#[test]
fn an_edited_item_keeps_its_slug_and_old_slugs_lead_to_their_event() {
    let mut s = Store::in_memory().expect("store");
    let items = portal_items(PORTAL);
    s.ingest_many(&items).expect("ingest");
    let before = s
        .cluster(cluster_of(&s, &items[0].document.id))
        .expect("read")
        .expect("cluster");
    let edited = portal_items(&PORTAL.replace("after heavy fighting", "after a week of fighting"));
    assert_eq!(edited[0].document.id, items[0].document.id);
    assert_eq!(
        s.ingest_many(&edited).expect("ingest")[0],
        Outcome::Replaced
    );
    let after = s
        .cluster(cluster_of(&s, &items[0].document.id))
        .expect("read")
        .expect("cluster");
    assert!(after.summary.contains("a week of fighting"));
    assert_eq!(after.slug, before.slug);

    // An item whose event merged into another entry: its old slug leads there.
    s.conn
        .execute(
            "UPDATE clusters SET slug = 'renamed' WHERE id = ?1",
            params![after.id],
        )
        .expect("rename");
    let moved = s.slug_moved_to(&before.slug).expect("read").expect("found");
    assert_eq!(moved.id, after.id);
    assert!(s.slug_moved_to("never-issued").expect("read").is_none());
}

/// A fresh store file in its own temporary folder: (folder, file).
fn store_file(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("dateline-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.db"));
    let _ = std::fs::remove_file(&path);
    (dir, path)
}

/// A store at `path` holding one report, to be turned into an older version's store.
fn one_report_store(path: &std::path::Path) -> Store {
    let mut s = Store::open(path).expect("store");
    s.ingest(&analyse("a", "Wire One", "2025-04-03", REPORT))
        .expect("ingest");
    s
}

#[test]
fn a_version_2_store_is_upgraded_keeping_its_documents() {
    let (dir, path) = store_file("v2");
    {
        let s = one_report_store(&path);
        // Back to version 2's column order: text and analysis before the small columns.
        s.conn
            .execute_batch(
                "CREATE TABLE old (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, content_hash TEXT NOT NULL, source TEXT NOT NULL, url TEXT, outlet TEXT, original_outlet TEXT, title TEXT, published TEXT, text TEXT NOT NULL, analysis TEXT NOT NULL, signature BLOB NOT NULL, duplicate_of TEXT, item INTEGER NOT NULL DEFAULT 0, item_json TEXT, url_key TEXT, description TEXT, image TEXT);
                 INSERT INTO old SELECT id, seq, content_hash, source, url, outlet, original_outlet, title, published, text, analysis, signature, duplicate_of, item, item_json, url_key, description, image FROM documents;
                 DROP TABLE documents;
                 ALTER TABLE old RENAME TO documents;
                 UPDATE meta SET value = '2' WHERE key = 'schema_version';",
            )
            .expect("made a version 2 store");
    }
    let mut s = Store::open(&path).expect("upgraded");
    let cols: Vec<String> = {
        let mut st = s
            .conn
            .prepare("PRAGMA table_info(documents)")
            .expect("info");
        let rows = st.query_map([], |r| r.get(1)).expect("rows");
        rows.collect::<Result<_, _>>().expect("names")
    };
    assert_eq!(cols.last().map(String::as_str), Some("analysis"));
    assert_eq!(
        s.ingest(&analyse("a", "Wire One", "2025-04-03", REPORT))
            .expect("ingest again"),
        Outcome::Unchanged
    );
    assert_eq!(s.counts().expect("counts").0, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A version 3 store hashed each document with the path it was read from; opened now, its
/// hashes are made again, so the same document read from another path is unchanged.
#[test]
fn a_version_3_store_is_rehashed_without_source_paths() {
    let (dir, path) = store_file("v3");
    {
        let s = one_report_store(&path);
        s.conn
            .execute_batch(
                "UPDATE documents SET content_hash = 'hash-with-a-path';
                 UPDATE meta SET value = '3' WHERE key = 'schema_version';",
            )
            .expect("made a version 3 store");
    }
    let mut s = Store::open(&path).expect("upgraded");
    let mut again = analyse("a", "Wire One", "2025-04-03", REPORT);
    again.document.source = "/elsewhere/a.jsonl:1".into();
    assert_eq!(s.ingest(&again).expect("ingest again"), Outcome::Unchanged);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A version 6 store kept stories that ran together over weeks; opened now, every story is
/// made again under today's rules, and the documents stay.
#[test]
fn a_version_6_store_has_its_stories_made_again() {
    let (dir, path) = store_file("v6");
    {
        let mut s = one_report_store(&path);
        // Fighting for the same town six weeks later: another story.
        s.ingest(&analyse(
            "b",
            "Wire Two",
            "2025-05-15",
            "Al Shabaab militants and government troops fought for the town of Jawhar again on Thursday, the regional governor said.\n\nEight soldiers were killed, the governor told reporters.",
        ))
        .expect("ingest");
        s.conn
            .execute_batch(
                "UPDATE doc_stories SET story_id = (SELECT MIN(story_id) FROM doc_stories);
                 UPDATE meta SET value = '6' WHERE key = 'schema_version';",
            )
            .expect("made a version 6 store with one story of both");
    }
    let s = Store::open(&path).expect("upgraded");
    let stories = s.stories().expect("stories");
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert_eq!(s.counts().expect("counts").0, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_version_7_store_gets_its_events_regions_in_a_column() {
    let (dir, path) = store_file("v7");
    {
        let s = one_report_store(&path);
        s.conn
            .execute_batch(
                "ALTER TABLE events DROP COLUMN admin1;
                 UPDATE meta SET value = '7' WHERE key = 'schema_version';",
            )
            .expect("made a version 7 store");
    }
    let s = Store::open(&path).expect("upgraded");
    let (events, regions): (i64, i64) = s
        .conn
        .query_row(
            "SELECT COUNT(*), COUNT(admin1) FROM events WHERE json_extract(json, '$.place.admin1') IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("count");
    assert!(events > 0);
    assert_eq!(events, regions);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn related_items_are_earlier_ones_ranked_by_shared_context() {
    let mut s = Store::in_memory().expect("store");
    let day = |d: u32, items: &str| {
        format!("{{{{Current events|year=2025|month=04|day={d}|content=\n;Armed conflicts and attacks\n{items}|}}}}\n")
    };
    let pages = [
        day(1, "*[[Somali Civil War]]\n**[[Al-Shabaab (militant group)|Al Shabaab]] militants attack an army base in [[Jowhar]], killing four soldiers. [http://example.org/a (Wire One)]\n"),
        day(2, "*[[Somali Civil War]]\n**Government troops clash with [[Al-Shabaab (militant group)|Al Shabaab]] near [[Kismayo]], killing six militants. [http://example.org/b (Wire Two)]\n"),
        day(3, "*[[Somali Civil War]]\n**[[Al-Shabaab (militant group)|Al Shabaab]] militants shell a police station in [[Jowhar]], killing two officers. [http://example.org/c (Wire One)]\n"),
        day(4, "*[[Somali Civil War]]\n**[[Al-Shabaab (militant group)|Al Shabaab]] militants ambush a convoy near [[Jowhar]], killing three soldiers. [http://example.org/d (Wire Three)]\n"),
    ];
    let mut ids = Vec::new();
    for p in &pages {
        let items = portal_items(p);
        s.ingest_many(&items).expect("ingest");
        ids.push(cluster_of(&s, &items[0].document.id));
    }
    let third = s.cluster(ids[2]).expect("read").expect("cluster");
    let related = s.related(&third, 5).expect("related");
    let got: Vec<i64> = related.iter().map(|r| r.id).collect();
    // The later item is never among them; the one sharing the town comes before the one that
    // shares only the war and the group, though that one is more recent.
    assert_eq!(got, vec![ids[0], ids[1]], "{related:#?}");
    for r in &related {
        let other = s.cluster(r.id).expect("read").expect("cluster");
        assert!(r.context.len() >= 2);
        for c in &r.context {
            assert!(
                third.context.contains(c) && other.context.contains(c),
                "{c}"
            );
        }
        assert_eq!(r.slug, other.slug);
        assert_eq!(r.date, other.date);
    }
    assert!(related[0].context.len() > related[1].context.len());
    assert!(
        related[0].context.iter().any(|c| c == "Jowhar"),
        "{related:#?}"
    );
}

fn story_of(store: &Store, doc: &str) -> i64 {
    store
        .conn
        .query_row(
            "SELECT story_id FROM doc_stories WHERE doc_id = ?1",
            params![doc],
            |r| r.get(0),
        )
        .expect("document in a story")
}

const QUAKE_A: &str = "A magnitude 6.4 earthquake struck the hill town of Varenna on Sunday, toppling the bell tower of the Santa Lucia church and cracking houses along the lake shore.\n\nRescuers from Lecco searched the rubble of the old quarter through the night.";
const QUAKE_B: &str = "Rescuers in Varenna searched collapsed houses after Sunday's earthquake brought down the bell tower of Santa Lucia church on the lake shore.\n\nThe quake was felt as far as Lecco.";
const QUAKE_C: &str = "Engineers inspected the damaged Santa Lucia church in Varenna on Monday, a day after the earthquake, and said its bell tower could not be rebuilt this year.\n\nFamilies from the lake shore slept in tents on the road to Lecco.";
const QUAKE_D: &str = "The death toll from Sunday's earthquake in Varenna rose to four, officials in Lecco said, as rescuers finished searching the old quarter by the Santa Lucia church.";
const TRIAL_B: &str = "The harbour pilot Henk Bosman, convicted in Rotterdam of negligence over the collision of two tankers in the Maas estuary, said he would appeal.";
const TRIAL: &str = "A jury in Rotterdam convicted the harbour pilot Henk Bosman of negligence over the collision of two tankers in the Maas estuary.\n\nThe judge will pass sentence next month.";

#[test]
fn every_document_is_in_one_story_and_reports_in_their_own_words_join_it() {
    let mut s = Store::in_memory().expect("store");
    for (id, outlet, text) in [
        ("q1", "Wire One", QUAKE_A),
        ("t1", "Wire Two", TRIAL),
        ("q2", "Daily Three", QUAKE_B),
    ] {
        s.ingest(&analyse(id, outlet, "2025-06-02", text))
            .expect("ingest");
    }
    assert_eq!(story_of(&s, "q1"), story_of(&s, "q2"));
    assert_ne!(story_of(&s, "q1"), story_of(&s, "t1"));
    let stories = s.stories().expect("stories");
    assert_eq!(stories.len(), 2);
    let docs: Vec<Vec<&str>> = stories
        .iter()
        .map(|st| st.sources.iter().map(|x| x.doc_id.as_str()).collect())
        .collect();
    assert_eq!(docs, [vec!["q1", "q2"], vec!["t1"]]);
}

/// The stories a transaction's cache decides are those each document decides alone: one batch
/// of reports (a replaced one among them) gives the stories, term counts and profiles that the
/// same reports give one transaction each.
#[test]
fn stories_made_in_one_batch_are_those_made_one_by_one() {
    let reports = [
        analyse("q1", "Wire One", "2025-06-02", QUAKE_A),
        analyse("t1", "Wire Two", "2025-06-02", TRIAL),
        analyse("q2", "Daily Three", "2025-06-03", QUAKE_B),
        analyse("q3", "Wire Four", "2025-06-03", QUAKE_C),
        analyse("t2", "Daily Three", "2025-06-04", TRIAL_B),
        analyse("q4", "Wire Five", "2025-06-04", QUAKE_D),
        analyse("t1", "Wire Two", "2025-06-03", QUAKE_B),
        analyse("q5", "Wire Six", "2025-06-05", QUAKE_C),
    ];
    let dump = |s: &Store| -> Vec<String> {
        let mut st = s
            .conn
            .prepare(
                "SELECT doc_id || ' ' || story_id || ' ' || profile FROM doc_stories
                 UNION ALL SELECT term || ' ' || df FROM term_df ORDER BY 1",
            )
            .expect("statement");
        st.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    let mut one = Store::in_memory().expect("store");
    for a in &reports {
        one.ingest(a).expect("ingest");
    }
    let mut batch = Store::in_memory().expect("store");
    batch.ingest_many(&reports).expect("ingest");
    assert_eq!(dump(&batch), dump(&one));
    assert_eq!(story_of(&batch, "q1"), story_of(&batch, "q4"));
}

#[test]
fn the_same_words_months_apart_are_another_story() {
    let mut s = Store::in_memory().expect("store");
    s.ingest(&analyse("q1", "Wire One", "2025-06-02", QUAKE_A))
        .expect("ingest");
    s.ingest(&analyse("q2", "Daily Three", "2025-11-20", QUAKE_B))
        .expect("ingest");
    assert_ne!(story_of(&s, "q1"), story_of(&s, "q2"));
}

#[test]
fn a_replaced_document_leaves_its_story_and_an_empty_story_goes() {
    let mut s = Store::in_memory().expect("store");
    s.ingest(&analyse("q1", "Wire One", "2025-06-02", QUAKE_A))
        .expect("ingest");
    s.ingest(&analyse("q1", "Wire One", "2025-06-02", TRIAL))
        .expect("ingest");
    let stories = s.stories().expect("stories");
    assert_eq!(stories.len(), 1);
    let left: i64 = s
        .conn
        .query_row("SELECT COUNT(*) FROM stories", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 1);
}

#[test]
fn every_cluster_is_read_once_and_text_is_matched_by_word_beginnings() {
    let mut store = Store::in_memory().expect("store");
    for (id, text) in [
        (
            "a",
            "Rebels shelled the harbour of Kelmora on Monday, killing 4 dockers, officials said.",
        ),
        (
            "b",
            "Police dispersed a march in Nairobi on Tuesday, injuring 9 people, witnesses said.",
        ),
        (
            "c",
            "Gunmen ambushed a convoy near Kelmora on Friday, killing 3 guards, the army said.",
        ),
    ] {
        store
            .ingest(&analyse(id, "Wire", "2024-06-08", text))
            .expect("ingest");
    }
    let mut read = Vec::new();
    store
        .each_cluster(|c| {
            read.push((c.id, c.events.len()));
            Ok(())
        })
        .expect("read");
    let ids: Vec<i64> = read.iter().map(|r| r.0).collect();
    assert_eq!(read.len(), 3, "{read:?}");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in id order: {ids:?}");
    assert!(read.iter().all(|r| r.1 >= 1));
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let kelmora = store
        .text_matches(&words(&["kelmo"]), false)
        .expect("match");
    assert_eq!(kelmora.len(), 2);
    let both = store
        .text_matches(&words(&["KELMORA", "dock"]), false)
        .expect("match");
    assert_eq!(both, vec![cluster_of(&store, "a")]);
    // Operators and quotes in a user's words are text, not syntax.
    assert!(store
        .text_matches(&words(&["\"march", "OR", "x"]), false)
        .expect("match")
        .is_empty());
    // Many clusters at once, in the order asked; ids no cluster has are left out.
    let (a, c) = (cluster_of(&store, "a"), cluster_of(&store, "c"));
    let got: Vec<i64> = store
        .clusters(&[c, 987_654, a])
        .expect("read")
        .iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(got, vec![c, a]);
    assert_eq!(
        store.clusters(&[a]).expect("read")[0],
        store.cluster(a).expect("read").expect("found")
    );
    let text = store.item_text(kelmora[0]).expect("read").expect("indexed");
    assert!(text.iter().any(|t| t.contains("Kelmora")), "{text:?}");
}
