//! Router tests with `oneshot`: pages in every format, escaping, and an open site (no cookies,
//! nothing from other hosts).

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

fn extractor() -> &'static dateline_extract::Extractor {
    static E: OnceLock<dateline_extract::Extractor> = OnceLock::new();
    E.get_or_init(|| dateline_extract::Extractor::new().expect("gazetteer loads"))
}

/// A store holding the analyses of JSON Lines documents, ingested in order.
pub(crate) fn store_of(lines: &[serde_json::Value]) -> Store {
    let mut store = Store::in_memory().expect("store");
    ingest_into(&mut store, lines);
    store
}

/// Ingests JSON Lines documents into `store`, one batch each.
pub(crate) fn ingest_into(store: &mut Store, lines: &[serde_json::Value]) {
    for l in lines {
        let mut docs = dateline_ingest::read_jsonl("t.jsonl", l.to_string().as_bytes());
        let doc = docs.remove(0).expect("valid");
        store.ingest(&extractor().analyse(doc)).expect("ingest");
    }
}

/// The path of the front page's first item.
async fn first_item_path(app: &Router) -> String {
    let (_, _, front) = get_page(app, "/index.json").await;
    let v: serde_json::Value = serde_json::from_str(&front).expect("front page JSON");
    v["days"][0]["items"][0]["path"]
        .as_str()
        .expect("item path")
        .to_string()
}

fn app() -> Router {
    let lines = [
        serde_json::json!({"id": "a", "outlet": "Wire <One>", "published": "2025-04-03", "url": "https://example.org/a",
            "text": "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday, the governor said.\n\nAt least 12 militants were killed in the fighting, the governor said, while a resident said 20 people died. <script>alert(1)</script>"}),
        serde_json::json!({"id": "b", "outlet": "Wire Two", "published": "2025-04-03",
            "text": "Somali forces recaptured Jawhar from Al Shabaab on Tuesday, a military commander said, adding that fifteen people died in the battle."}),
    ];
    router(AppState::from_store(store_of(&lines)))
}

async fn get_page(app: &Router, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn pages_in_every_format_say_the_same_thing() {
    let app = app();
    let (status, headers, front) = get_page(&app, "/index.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("set-cookie").is_none());
    let v: serde_json::Value = serde_json::from_str(&front).expect("front page JSON");
    let item = &v["days"][0]["items"][0];
    let path = item["path"].as_str().expect("item path").to_string();
    assert!(path.starts_with("/news/2025/04/1/"), "{path}");
    assert_eq!(item["sources"].as_array().map(Vec::len), Some(2));

    let (_, _, html) = get_page(&app, &format!("{path}.html")).await;
    let (_, _, md) = get_page(&app, &format!("{path}.md")).await;
    let (_, _, json) = get_page(&app, &format!("{path}.json")).await;
    let j: serde_json::Value = serde_json::from_str(&json).expect("item JSON");
    let summary = j["summary"].as_str().expect("summary");
    assert!(md.contains(&render::md_esc(summary)));
    assert!(html.contains(&render::esc(summary)));
    // Conflicting figures side by side, each with its claimant.
    assert!(
        j["figures"].as_array().is_some_and(|f| f.len() >= 2),
        "{json}"
    );
    assert!(html.contains("the governor") && html.contains("a resident"));
    // Article text is escaped; nothing is loaded from elsewhere.
    assert!(!html.contains("<script>") && html.contains("Wire &lt;One&gt;"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"//"));
    let (status, _, _) = get_page(&app, "/news/2025/04/1/no-such-item.html").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn day_pages_and_api() {
    let app = app();
    let (status, _, day) = get_page(&app, "/news/2025/04/1/index.md").await;
    assert_eq!(status, StatusCode::OK);
    assert!(day.starts_with("# 2025-04-01"), "{day}");
    let (status, _, api) = get_page(&app, "/api").await;
    assert_eq!(status, StatusCode::OK);
    assert!(api.contains("/news/YYYY/MM/D/index"));
}

/// Each page in its four formats parses (HTML5, CommonMark, JSON, XML) and gives the same
/// summary.
#[tokio::test]
async fn four_formats_parse_and_agree() {
    let app = app();
    let (_, _, front) = get_page(&app, "/index.json").await;
    let v: serde_json::Value = serde_json::from_str(&front).expect("front JSON");
    let item = v["days"][0]["items"][0]["path"]
        .as_str()
        .expect("item")
        .to_string();
    let day = v["days"][0]["path"].as_str().expect("day").to_string();
    for base in [item, day, "/index".to_string()] {
        let (_, _, json) = get_page(&app, &format!("{base}.json")).await;
        let j: serde_json::Value = serde_json::from_str(&json).expect("JSON parses");
        let summary = j["summary"]
            .as_str()
            .or_else(|| j["items"][0]["summary"].as_str())
            .or_else(|| j["days"][0]["items"][0]["summary"].as_str())
            .expect("a summary")
            .to_string();
        let (_, _, html) = get_page(&app, &format!("{base}.html")).await;
        let doc = dom_query::Document::from(html.as_str());
        assert!(doc.select("body").text().contains(&summary), "{base}.html");
        let (_, _, md) = get_page(&app, &format!("{base}.md")).await;
        let text: String = pulldown_cmark::Parser::new(&md)
            .filter_map(|e| match e {
                pulldown_cmark::Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert!(text.contains(&summary), "{base}.md: {text}");
        let (_, _, xml) = get_page(&app, &format!("{base}.xml")).await;
        let x = roxmltree::Document::parse(&xml).expect("XML parses");
        assert!(
            x.descendants()
                .any(|n| n.has_tag_name("summary") && n.text() == Some(summary.as_str())),
            "{base}.xml"
        );
    }
    let (status, headers, rss) = get_page(&app, "/index_rss.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/rss+xml")
    );
    roxmltree::Document::parse(&rss).expect("feed parses");
}

fn portal_app() -> Router {
    let mut store = Store::in_memory().expect("store");
    let page = "{{Current events|year=2025|month=04|day=1|content=\n;Armed conflicts and attacks\n*[[Somali Civil War]]\n**Government troops retake [[Jowhar]] from [[Al-Shabaab (militant group)|Al Shabaab]]. [https://example.org/a (Wire One via Portal)] [https://example.org/other (Second Wire)]\n|}}\n";
    for d in dateline_ingest::portal::read_wikitext("p.wiki", page, None) {
        store.ingest(&extractor().analyse(d)).expect("ingest");
    }
    let article = serde_json::json!({"id": "a", "outlet": "Wire One", "published": "2025-04-02", "url": "https://example.org/a", "title": "Troops retake Jawhar",
        "text": "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday, the governor said.\n\nAt least 12 militants were killed in the fighting, the governor said."});
    let doc = dateline_ingest::read_jsonl("t.jsonl", article.to_string().as_bytes())
        .remove(0)
        .expect("valid");
    store.ingest(&extractor().analyse(doc)).expect("ingest");
    let op = dateline_ingest::opinion::read(
        std::path::Path::new("ed/x.md"),
        "---\ntitle: Claims are not facts\nauthor: A. Writer\ndate: 2025-04-02\n---\nNumbers are **claims**. <script>alert(1)</script> ![img](https://example.org/i.png)",
    )
    .expect("editorial");
    store.put_opinions(&[op]).expect("store editorial");
    router(AppState::from_store(store))
}

#[tokio::test]
async fn a_portal_item_shows_its_category_sources_claims_and_map() {
    let app = portal_app();
    let (_, _, day) = get_page(&app, "/news/2025/04/1/index.json").await;
    let d: serde_json::Value = serde_json::from_str(&day).expect("day JSON");
    assert_eq!(d["items"].as_array().map(Vec::len), Some(1), "{day}");
    let item = &d["items"][0];
    assert_eq!(item["category"], "Armed conflicts and attacks");
    assert!(item["summary"]
        .as_str()
        .is_some_and(|s| s.starts_with("Government troops retake Jowhar")));
    // The item's two links: the stored article (with its title) and one dateline lacks.
    let sources = item["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2, "{day}");
    assert_eq!(sources[0]["title"], "Troops retake Jawhar");
    assert_eq!(sources[0]["document"], "a");
    assert_eq!(sources[1]["outlet"], "Second Wire");
    assert!(sources[1]["document"].is_null());
    assert_eq!(item["context"][0], "Somali Civil War");
    // Day pages list items; the item's own page has its claims: the article's claims.
    assert!(item.get("claims").is_none());
    let path = item["path"].as_str().expect("path").to_string();
    let (_, _, json) = get_page(&app, &format!("{path}.json")).await;
    let full: serde_json::Value = serde_json::from_str(&json).expect("item JSON");
    assert!(full["claims"]
        .as_array()
        .is_some_and(|c| c.iter().any(|c| c["claimant"] == "the governor")));
    let (status, headers, html) = get_page(&app, &format!("{path}.html")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("set-cookie").is_none());
    assert!(html.contains("Armed conflicts and attacks"));
    // The map is drawn in the page: no image, script or tile from anywhere.
    assert!(html.contains("<svg") && html.contains("Jawhar"), "{html}");
    assert!(!html.contains("<img") && !html.contains("src="));
    // Another date for the same slug redirects to the item's own page.
    let slug = path.rsplit('/').next().expect("slug");
    let (status, headers, _) = get_page(&app, &format!("/news/2025/04/9/{slug}.md")).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        headers.get("location").and_then(|l| l.to_str().ok()),
        Some(format!("{path}.md").as_str())
    );
}

#[tokio::test]
async fn the_opinion_section_in_four_formats_and_its_feed() {
    let app = portal_app();
    let (status, _, index) = get_page(&app, "/opinion/index.json").await;
    assert_eq!(status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&index).expect("JSON");
    let path = v["items"][0]["path"].as_str().expect("path").to_string();
    assert_eq!(path, "/opinion/2025/04/2/claims-are-not-facts/index");
    let (_, _, html) = get_page(&app, &format!("{path}.html")).await;
    let doc = dom_query::Document::from(html.as_str());
    assert_eq!(doc.select("h1").text().trim(), "Claims are not facts");
    assert!(html.contains("By A. Writer") && html.contains("<strong>claims</strong>"));
    // What the author wrote cannot add a script or load an image from elsewhere.
    assert!(!html.contains("<script") && !html.contains("<img"));
    let (_, _, md) = get_page(&app, &format!("{path}.md")).await;
    assert!(md.contains("# Claims are not facts") && md.contains("By A. Writer"));
    let (_, _, xml) = get_page(&app, &format!("{path}.xml")).await;
    let x = roxmltree::Document::parse(&xml).expect("XML parses");
    assert!(x
        .descendants()
        .any(|n| n.has_tag_name("author") && n.text() == Some("A. Writer")));
    let (status, _, rss) = get_page(&app, "/opinion_rss.xml").await;
    assert_eq!(status, StatusCode::OK);
    let feed = roxmltree::Document::parse(&rss).expect("feed parses");
    assert!(feed
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text() == Some("Claims are not facts")));
    let (status, _, _) = get_page(&app, "/opinion/2025/04/2/nothing/index.html").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cached_pages_change_when_the_store_does() {
    let dir = std::env::temp_dir().join(format!("dateline-web-cache-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("c.db");
    let _ = std::fs::remove_file(&db);
    let mut writer = Store::open(&db).expect("store");
    let ingest = |writer: &mut Store, id: &str, text: &str| {
        let line = serde_json::json!({"id": id, "published": "2025-04-03", "text": text});
        let doc = dateline_ingest::read_jsonl("t.jsonl", line.to_string().as_bytes())
            .remove(0)
            .expect("valid");
        writer.ingest(&extractor().analyse(doc)).expect("ingest");
    };
    ingest(
        &mut writer,
        "a",
        "Al Shabaab militants attacked a police station in Jawhar on Tuesday, killing two officers, police said.",
    );
    let app = router(AppState::open(&db, 2).expect("open"));
    let (_, _, before) = get_page(&app, "/index.md").await;
    let (_, _, again) = get_page(&app, "/index.md").await;
    assert_eq!(before, again);
    assert!(!before.contains("Beledweyne"));
    ingest(
        &mut writer,
        "b",
        "Government forces shelled positions near Beledweyne on Tuesday, killing five fighters, a commander said.",
    );
    // Pages follow the store within the generation's time to live.
    tokio::time::sleep(GENERATION_TTL * 3).await;
    let (_, _, after) = get_page(&app, "/index.md").await;
    assert!(after.contains("Beledweyne"), "{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn day_pages_are_rendered_ahead_and_served_from_the_cache() {
    let mut store = Store::in_memory().expect("store");
    let line = serde_json::json!({"id": "a", "published": "2025-04-03",
        "text": "Al Shabaab militants attacked a police station in Jawhar on Tuesday, killing two officers, police said."});
    let doc = dateline_ingest::read_jsonl("t.jsonl", line.to_string().as_bytes())
        .remove(0)
        .expect("valid");
    store.ingest(&extractor().analyse(doc)).expect("ingest");
    let state = AppState::from_store(store);
    let days = state.with(views::DayIndex::of).expect("days").days;
    assert!(!days.is_empty());
    // The front page and every day's page, ready before any request.
    assert_eq!(state.warm().expect("warm"), 1 + days.len());
    for (d, _) in &days {
        let key = format!("{}/index.html", views::day_path(Some(*d)));
        assert!(state.hit(&key).is_some(), "{key} rendered ahead");
    }
    let (status, _, html) = get_page(
        &router(state.clone()),
        &days[0].0.format("/news/%Y/%m/%-d/index.html").to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Jawhar"), "{html}");
}

/// Regression (issue 17, cases 6, 17 and 19): days with nothing are not pages, a day spelled
/// otherwise redirects to its one spelling, numbers too large are not found (not a parse
/// message), and every answer carries the security headers and an entity tag honoured by 304.
#[tokio::test]
async fn hostile_paths_and_caching_headers() {
    let app = app();
    for path in [
        "/news/1999/01/1/index.html",
        "/news/-1/09/30/index.html",
        "/news/9999999999999999999999/01/1/index.html",
        "/news/2025/13/1/index.html",
    ] {
        let (status, _, body) = get_page(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("parse"), "{path}: {body}");
    }
    for (path, to) in [
        ("/news/2025/4/1/index.html", "/news/2025/04/1/index.html"),
        ("/news/+2025/04/01/index.html", "/news/2025/04/1/index.html"),
    ] {
        let (status, headers, _) = get_page(&app, path).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(
            headers.get("location").and_then(|l| l.to_str().ok()),
            Some(to)
        );
    }
    let (status, headers, _) = get_page(&app, "/news/2025/04/1/index.html").await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(
        headers.get("x-content-type-options").map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert!(headers.get("referrer-policy").is_some());
    let etag = headers.get("etag").expect("an entity tag").clone();
    let res = app
        .clone()
        .oneshot(
            Request::get("/news/2025/04/1/index.html")
                .header("if-none-match", etag.clone())
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers().get("etag"), Some(&etag));
    assert!(res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .is_empty());
    // Compressed for clients that accept it.
    let res = app
        .clone()
        .oneshot(
            Request::get("/index.html")
                .header("accept-encoding", "gzip")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(
        res.headers().get("content-encoding").map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
}

/// Regression (issue 17, case 13): cells a spreadsheet would evaluate are neutralised; numbers
/// stay numbers.
#[test]
fn csv_cells_are_never_formulas() {
    for (cell, want) in [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("-12.50000", "-12.50000"),
        ("\tx", "'\tx"),
        ("Wire One", "Wire One"),
    ] {
        assert_eq!(render::csv_safe(cell.to_string()), want);
    }
}

/// Regression (issue 17, case 11): characters XML 1.0 forbids never reach XML or HTML.
#[test]
fn xml_forbidden_characters_are_dropped() {
    let s = "a\u{1}b\u{fffe}c\u{ffff}d\te";
    assert_eq!(render::xml_esc(s), "abcd\te");
    assert_eq!(render::esc(s), "abcd\te");
}

/// Issue 13: the outlet's own voice reads "reported by OUTLET", a claimant named by a
/// description shows the source it stands for, and the CSV names each source once.
#[tokio::test]
async fn claims_say_who_says_so_in_the_outlets_own_voice_and_by_source() {
    let store = store_of(&[
        serde_json::json!({"id": "v", "outlet": "Wire Three", "published": "2016-05-02",
        "text": "Barrel bombs hit a market in Darayya on Sunday, killing nine civilians, the Syrian Network for Human Rights said.\n\nSNHR said 12 civilians had died by evening.\n\nThree fighters were also killed in the town."}),
    ]);
    let csv_claimants: Vec<String> = views::all_items(&store)
        .expect("items")
        .iter()
        .filter_map(|v| {
            render::csv_row(v).map(|row| {
                row[render::CSV_HEADER
                    .iter()
                    .position(|h| *h == "claimants")
                    .expect("column")]
                .clone()
            })
        })
        .collect();
    assert_eq!(csv_claimants, ["Syrian Network for Human Rights"]);
    let app = router(AppState::from_store(store));
    let path = first_item_path(&app).await;
    let (_, _, html) = get_page(&app, &format!("{path}.html")).await;
    assert!(html.contains("reported by Wire Three"), "{html}");
    assert!(
        html.contains("SNHR (Syrian Network for Human Rights)"),
        "{html}"
    );
    let (_, _, json) = get_page(&app, &format!("{path}.json")).await;
    let item: serde_json::Value = serde_json::from_str(&json).expect("item JSON");
    let sources: Vec<&str> = item["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| c["source"]["name"].as_str())
        .collect();
    assert!(
        sources
            .iter()
            .all(|s| *s == "Syrian Network for Human Rights")
            && sources.len() >= 2,
        "{sources:?}"
    );
}

/// Issue 18: a source without an outlet is named by its title (never its document id), and a
/// source without an address is not a link.
#[tokio::test]
async fn sources_without_outlet_or_address_are_named_not_linked() {
    let app = router(AppState::from_store(store_of(&[
        serde_json::json!({"id": "zz-doc-42", "published": "2025-05-06",
        "title": "Police post attacked near the river crossing",
        "text": "Gunmen attacked a police post in Jowhar on Tuesday, killing two officers, the district commissioner said."}),
    ])));
    let path = first_item_path(&app).await;
    let (_, _, html) = get_page(&app, &format!("{path}.html")).await;
    let sources = html
        .split("<p>Sources: ")
        .nth(1)
        .and_then(|r| r.split("</p>").next())
        .expect("a sources line");
    assert_eq!(sources, "Police post attacked near the river crossing");
    assert!(!html.contains("href=\"#\""), "{html}");
    let (_, _, md) = get_page(&app, &format!("{path}.md")).await;
    assert!(
        md.contains("1. Police post attacked near the river crossing\n"),
        "{md}"
    );
}

/// Issue 18: the served feed has absolute links and guids under the site's base URL, and a
/// `<pubDate>` on every dated item.
#[tokio::test]
async fn the_served_feed_links_absolutely_and_dates_its_items() {
    let store = store_of(&[
        serde_json::json!({"id": "f", "outlet": "Wire Four", "published": "2025-04-03",
        "text": "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday, the governor said."}),
    ]);
    let app = router(AppState::from_store(store).with_base_url("https://news.example.org/"));
    let (status, _, rss) = get_page(&app, "/index_rss.xml").await;
    assert_eq!(status, StatusCode::OK);
    let items: Vec<&str> = rss.split("<item>").skip(1).collect();
    assert!(!items.is_empty(), "{rss}");
    for item in items {
        assert!(
            item.contains("<link>https://news.example.org/news/"),
            "{item}"
        );
        assert!(
            item.contains("<guid>https://news.example.org/news/"),
            "{item}"
        );
        assert!(
            item.contains("<pubDate>Tue, 01 Apr 2025 00:00:00 +0000</pubDate>"),
            "{item}"
        );
    }
}

/// Issue 15: every story is one item. A report that also recalls an earlier attack codes two
/// events; the day pages, the front page and the feeds list the story once, on the day of its
/// first dated event, and the recalled attack is told inside it.
#[tokio::test]
async fn a_story_is_one_item_however_many_events_its_reports_code() {
    let store = store_of(&[
        serde_json::json!({"id": "m1", "outlet": "Wire", "published": "2025-05-08",
        "text": "Gunmen raided a cattle market in Beledweyne on Wednesday, killing four herders, police said. \
                 It was the second raid in the region since an ambush near Bulo Burte on April 22 killed three soldiers, the army said."}),
    ]);
    // One document, two events: the raid and the ambush it recalls.
    assert_eq!(store.counts().expect("counts"), (1, 2, 2));
    assert_eq!(store.story_heads().expect("heads").len(), 1);
    let app = router(AppState::from_store(store));
    let (_, _, front) = get_page(&app, "/index.json").await;
    let v: serde_json::Value = serde_json::from_str(&front).expect("front JSON");
    let archive = v["archive"].as_array().expect("archive");
    assert_eq!(archive.len(), 1, "{archive:?}");
    assert_eq!(archive[0]["items"], 1, "{archive:?}");
    let items: usize = v["days"]
        .as_array()
        .expect("days")
        .iter()
        .map(|d| d["items"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(items, 1, "{front}");
    // The API lists the story once too; its facets count both events.
    let (_, _, api) = get_page(&app, "/api/stories.json").await;
    let api: serde_json::Value = serde_json::from_str(&api).expect("API JSON");
    assert_eq!(api["total"], 1, "{api}");
    assert_eq!(api["timeline"].as_array().map(Vec::len), Some(2), "{api}");
    // The ambush is told inside the story: related on the raid's page, and its own page stays.
    let path = v["days"][0]["items"][0]["path"]
        .as_str()
        .expect("item path");
    let (_, _, item) = get_page(&app, &format!("{path}.json")).await;
    let item: serde_json::Value = serde_json::from_str(&item).expect("item JSON");
    assert_eq!(item["related"][0]["date"], "2025-04-22", "{item}");
    let ambush = item["related"][0]["path"].as_str().expect("ambush path");
    assert_eq!(
        get_page(&app, &format!("{ambush}.html")).await.0,
        StatusCode::OK
    );
}

/// Issue 18: a day page links to the days before and after it that have items.
#[tokio::test]
async fn day_pages_link_the_days_before_and_after() {
    let store = store_of(&[
        serde_json::json!({"id": "d1", "outlet": "Wire", "published": "2025-04-03",
            "text": "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday, the governor said."}),
        serde_json::json!({"id": "d2", "outlet": "Wire", "published": "2025-04-10",
            "text": "Al Shabaab militants attacked a police post in Baidoa on Wednesday, killing two officers, police said."}),
    ]);
    let app = router(AppState::from_store(store));
    let (_, _, front) = get_page(&app, "/index.json").await;
    let v: serde_json::Value = serde_json::from_str(&front).expect("front JSON");
    let days: Vec<String> = v["archive"]
        .as_array()
        .expect("archive")
        .iter()
        .filter_map(|d| d["path"].as_str().map(str::to_string))
        .collect();
    assert_eq!(days.len(), 2, "{days:?}");
    let (later, earlier) = (&days[0], &days[1]);
    let (_, _, html) = get_page(&app, &format!("{later}.html")).await;
    assert!(
        html.contains(&format!(
            "<a href=\"{}\" rel=\"prev\">",
            crate::render::relative(later, &format!("{earlier}.html"))
        )),
        "{html}"
    );
    assert!(!html.contains("rel=\"next\""), "{html}");
    let (_, _, md) = get_page(&app, &format!("{earlier}.md")).await;
    assert!(
        md.contains("Next day: [")
            && md.contains(&format!(
                "({})",
                crate::render::relative(earlier, &format!("{later}.md"))
            )),
        "{md}"
    );
}

/// Issue 18: day and front pages group items by the Portal's categories, and an item's heading
/// is never at its day's level.
#[tokio::test]
async fn day_pages_group_items_by_category_below_the_day_heading() {
    let app = app();
    let (_, _, front) = get_page(&app, "/index.json").await;
    let v: serde_json::Value = serde_json::from_str(&front).expect("front JSON");
    let day = v["days"][0]["path"].as_str().expect("a day").to_string();
    let (_, _, html) = get_page(&app, &format!("{day}.html")).await;
    assert!(
        html.contains("<h2 class=\"category\">Armed conflicts and attacks</h2>"),
        "{html}"
    );
    // Links are relative to the page: the day's items are beside it.
    assert!(html.contains("<h3><a href=\""), "{html}");
    assert!(!html.contains("href=\"/"), "{html}");
    let (_, _, front_html) = get_page(&app, "/index.html").await;
    assert!(front_html.contains("<h2><a href=\"news/"), "{front_html}");
    assert!(
        front_html.contains("<h3 class=\"category\">Armed conflicts and attacks</h3>"),
        "{front_html}"
    );
    assert!(front_html.contains("<h4><a href=\"news/"), "{front_html}");
    let (_, _, md) = get_page(&app, &format!("{day}.md")).await;
    assert!(md.contains("**Armed conflicts and attacks**"), "{md}");
}

/// Issue 16: one query language in the API and the search page — filters, facets, a cursor,
/// errors that name the parameter, and an empty result that is a page.
#[tokio::test]
async fn the_record_answers_queries_with_facets_pages_and_clear_errors() {
    let store = store_of(&[
        serde_json::json!({"id": "a", "outlet": "Wire One", "published": "2025-03-02",
        "text": "Warplanes struck a market in Saraqib in Idlib province on Sunday, killing 12 civilians, a war monitor reported."}),
        serde_json::json!({"id": "b", "outlet": "Wire Two", "published": "2025-03-05",
        "text": "Gunmen attacked a checkpoint in Baidoa, Somalia, on Wednesday, killing 3 soldiers, the army said."}),
        serde_json::json!({"id": "c", "outlet": "Wire One", "published": "2025-03-16",
        "text": "Shelling hit the town of Maarat al-Numan in Idlib province on Sunday, killing 4 people, according to a war monitor."}),
    ]);
    let app = router(AppState::from_store(store));
    let json = |body: &str| -> serde_json::Value { serde_json::from_str(body).expect("JSON") };

    let (status, _, all) = get_page(&app, "/api/stories.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&all)["total"], 3, "{all}");

    let (_, _, syria) = get_page(&app, "/api/stories.json?country=SY&limit=1").await;
    let syria = json(&syria);
    assert_eq!(syria["total"], 2, "{syria}");
    assert_eq!(syria["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(syria["query"]["country"], "SY");
    let facet = &syria["facets"]["admin1"][0];
    assert_eq!(
        (facet["value"].as_str(), facet["count"].as_u64()),
        (Some("Idlib"), Some(2)),
        "{syria}"
    );
    // The next page, by its cursor; the last page has none.
    let cursor = syria["next_cursor"].as_str().expect("a next page");
    let (_, _, next) = get_page(
        &app,
        &format!("/api/stories.json?country=SY&limit=1&cursor={cursor}"),
    )
    .await;
    let next = json(&next);
    assert_eq!(next["items"].as_array().map(Vec::len), Some(1));
    assert!(next["next_cursor"].is_null());
    assert_ne!(next["items"][0]["slug"], syria["items"][0]["slug"]);

    // Full text, with the matched words marked in the snippet.
    let (_, _, text) = get_page(&app, "/api/stories.json?q=checkpoint").await;
    let text = json(&text);
    assert_eq!(text["total"], 1, "{text}");
    let snippet = text["snippets"]
        .as_object()
        .and_then(|m| m.values().next())
        .and_then(|v| v.as_str())
        .unwrap_or("");
    assert!(snippet.contains("[checkpoint]"), "{text}");

    // Other filters: dates, a radius, deaths, an outlet.
    for (query, want) in [
        ("from=2025-03-03&to=2025-03-06", 1),
        ("near=35.8,36.7,60", 2),
        ("fatalities_min=10", 1),
        ("outlet=wire+two", 1),
        ("type=Shelling/artillery/missile+attack&country=Somalia", 0),
    ] {
        let (status, _, body) = get_page(&app, &format!("/api/stories.json?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(json(&body)["total"], want, "{query}: {body}");
    }

    // Bad queries: 400, naming the parameter.
    for (query, param) in [
        ("colour=red", "colour"),
        ("from=yesterday", "from"),
        ("bbox=0,0,200,10", "bbox"),
        ("cursor=1.deadbeef", "cursor"),
    ] {
        let (status, _, body) = get_page(&app, &format!("/api/stories.json?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(json(&body)["parameter"], param, "{body}");
    }

    // The same query as CSV and GeoJSON, and as a page with its form and facet links.
    let (_, _, csv) = get_page(&app, "/api/stories.csv?country=Syria").await;
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("event_id_cnty,event_date,year,"));
    let (_, _, geo) = get_page(&app, "/api/stories.geojson?country=Syria").await;
    assert_eq!(json(&geo)["features"].as_array().map(Vec::len), Some(2));
    let (status, _, html) = get_page(&app, "/search?q=killing&country=SY").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<form method=\"get\" action=\"search\">"),
        "{html}"
    );
    assert!(
        html.contains("href=\"search?q=killing&amp;country=SY&amp;admin1=Idlib\""),
        "{html}"
    );
    assert!(html.contains("<mark>killing</mark>"), "{html}");
    assert!(html.contains("Events per day"));
    let (status, _, openapi) = get_page(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&openapi)["openapi"], "3.1.0");
    let (status, _, bad) = get_page(&app, "/search?to=soon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("to: want a date"), "{bad}");
}

#[test]
fn a_story_without_headline_or_event_is_summed_up_by_its_first_sentence() {
    use crate::views::first_sentence;
    assert_eq!(
        first_sentence("Mr. Lee and U.S. envoys met in Geneva. Talks resume today.\nMore."),
        "Mr. Lee and U.S. envoys met in Geneva."
    );
    assert_eq!(
        first_sentence("  A 6.4 quake hit.\nSecond line."),
        "A 6.4 quake hit."
    );
    assert_eq!(first_sentence("No end in sight"), "No end in sight");
    assert_eq!(first_sentence(""), "");
}
