//! The static site stands alone: exported from a store of the seeds into a sub-folder, every
//! link on every HTML and Markdown page is relative and leads to a file the export wrote, so
//! the copy works under any path of a web server and from `file://`. A second export rewrites
//! nothing. Skipped, saying why, without the shared seeds.

mod util;

use std::path::{Path, PathBuf};

use util::*;

/// Every site link of a page: `href="…"`, `action="…"` and Markdown's `](…)`, except links
/// to other hosts and `mailto:`.
fn site_links(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("href=\"", '"'), ("action=\"", '"'), ("](", ')')] {
        for part in doc.split(open).skip(1) {
            let link = part.split(close).next().unwrap_or("");
            if !link.contains("://") && !link.starts_with("mailto:") && !link.starts_with('#') {
                out.push(link.replace("&amp;", "&"));
            }
        }
    }
    out
}

/// Every HTML page of a site folder with its text, in path order.
fn html_pages(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    files(dir, &mut all);
    all.sort();
    all.into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("page is text");
            (p, text)
        })
        .collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read site folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_link_of_the_exported_site_is_relative_and_leads_to_a_file() {
    let Some(tmp) = seeds_store("site") else {
        return;
    };
    // Under a sub-path, as on a web server that serves it at /archive/dateline/.
    let site = "public/archive/dateline";
    dateline_ok(&tmp.0, &["export", "--db", "t.db", "--site", site]);
    let mut all = Vec::new();
    files(&tmp.path(site), &mut all);
    all.sort();
    let (mut pages, mut links) = (0, 0);
    for page in &all {
        let ext = page.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "html" && ext != "md" {
            continue;
        }
        pages += 1;
        let doc = std::fs::read_to_string(page).expect("page is text");
        for link in site_links(&doc) {
            links += 1;
            assert!(
                !link.starts_with('/'),
                "{}: a link from the site's root breaks under a sub-path: {link}",
                page.display()
            );
            let file = link.split(['?', '#']).next().unwrap_or("");
            let target = page.parent().expect("folder").join(file);
            assert!(
                target.is_file(),
                "{}: the link {link} leads to no file of the site",
                page.display()
            );
            assert!(
                target
                    .canonicalize()
                    .expect("target")
                    .starts_with(tmp.path(site).canonicalize().expect("site")),
                "{}: {link} leads out of the site",
                page.display()
            );
        }
    }
    assert!(pages >= 20 && links >= 100, "{pages} pages, {links} links");
    for api in [
        "api.html",
        "api/openapi.json",
        "api/stories.csv",
        "api/stories.geojson",
    ] {
        assert!(tmp.path(site).join(api).is_file(), "{api} not exported");
    }
    // Every map has the packaged base layer and says where it comes from.
    let maps: Vec<String> = html_pages(&tmp.path(site))
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d.contains("<figure class=\"map\">"))
        .collect();
    assert!(!maps.is_empty(), "no page with a map");
    for m in &maps {
        assert!(m.contains("stroke=\"#7a9bb5\"") && m.contains("Base map: Natural Earth"));
    }
    // A long summary stands under a short title, which is its first clause.
    let titled: Vec<&String> = maps
        .iter()
        .filter(|d| d.contains("<p class=\"summary\">"))
        .collect();
    assert!(!titled.is_empty(), "no item with a short title");
    for d in titled {
        let h1 = d
            .split("<h1>")
            .nth(1)
            .and_then(|x| x.split("</h1>").next())
            .expect("h1");
        let summary = d
            .split("<p class=\"summary\">")
            .nth(1)
            .and_then(|x| x.split("</p>").next())
            .expect("summary");
        assert!(
            summary.starts_with(h1) && summary.len() > h1.len(),
            "{h1} / {summary}"
        );
    }
    // Nothing changed in the store: nothing is rewritten.
    let again = dateline_ok(&tmp.0, &["export", "--db", "t.db", "--site", site]);
    assert!(
        stdout(&again).contains("(0 changed, 0 removed)"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn maps_draw_the_regions_of_the_users_gazetteer() {
    let Some(polygons) = shared("gazetteer/wof-admin-polygons-sy.geojson.gz") else {
        return;
    };
    let Some(tmp) = seeds_store("site-regions") else {
        return;
    };
    dateline_ok(
        &tmp.0,
        &[
            "gazetteer",
            "build",
            "--out",
            "sy.idx",
            polygons.to_str().expect("path"),
        ],
    );
    dateline_ok(
        &tmp.0,
        &[
            "export",
            "--db",
            "t.db",
            "--site",
            "site",
            "--gazetteer",
            "sy.idx",
        ],
    );
    let syrian_maps = html_pages(&tmp.path("site"))
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d.contains("aria-label=\"Map of Idlib\""))
        .collect::<Vec<_>>();
    assert!(!syrian_maps.is_empty(), "no map of Idlib");
    for m in &syrian_maps {
        assert!(
            m.contains("stroke-dasharray=\"1 2\"") && m.contains("regions: sy.idx"),
            "no region outlines"
        );
    }
    let missing = dateline(
        &tmp.0,
        &[
            "export",
            "--db",
            "t.db",
            "--site",
            "site",
            "--gazetteer",
            "none.idx",
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("none.idx"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_source_without_an_outlet_is_never_named_by_its_document_id() {
    let tmp = TempDir::new("site-unnamed");
    std::fs::create_dir_all(tmp.path("in")).expect("folder");
    std::fs::write(
        tmp.path("in/field-note-17.txt"),
        "Gunmen killed 4 herders near Beledweyne on 9 May 2025, elders said.\n",
    )
    .expect("write");
    dateline_ok(&tmp.0, &["ingest", "in", "--db", "t.db"]);
    dateline_ok(&tmp.0, &["export", "--db", "t.db", "--site", "site"]);
    let mut items = 0;
    for (page, doc) in html_pages(&tmp.path("site")) {
        // The id may stand in links and anchors, never as text a reader sees.
        let visible: String = doc
            .split('<')
            .map(|t| t.split_once('>').map_or("", |(_, x)| x))
            .collect();
        assert!(
            !visible.contains("field-note-17"),
            "{}: {visible}",
            page.display()
        );
        items += usize::from(doc.contains("Claims</h3>"));
    }
    assert!(items >= 1, "no item page with its claims");
}

#[test]
fn a_story_no_event_was_coded_from_is_an_item_of_its_day() {
    let tmp = TempDir::new("site-eventless");
    let line = |id: &str, outlet: &str, title: &str, text: &str| {
        serde_json::json!({"id": id, "outlet": outlet, "published": "2024-06-03", "title": title, "text": text})
            .to_string()
    };
    let docs = [
        line(
            "a",
            "Coast Herald",
            "Harbour town elects its first woman mayor",
            "Voters in the harbour town of Port Elwin chose Mara Quint as mayor on Sunday, the first woman to hold the post. Quint won 61 percent of the vote, the electoral office said.",
        ),
        line(
            "b",
            "Valley Post",
            "Port Elwin picks Mara Quint as mayor",
            "Mara Quint was elected mayor of Port Elwin on Sunday with 61 percent of the vote, becoming the first woman in the post, the electoral office said.",
        ),
    ];
    std::fs::write(tmp.path("in.jsonl"), docs.join("\n")).expect("write");
    dateline_ok(&tmp.0, &["ingest", "in.jsonl", "--db", "t.db"]);
    dateline_ok(&tmp.0, &["export", "--db", "t.db", "--site", "site"]);
    let day = std::fs::read_to_string(tmp.path("site/news/2024/06/3/index.html"))
        .expect("the day of the story has a page");
    assert!(day.contains("Politics and elections"), "{day}");
    let link = day
        .split("<a href=\"")
        .find_map(|p| p.split('"').next().filter(|l| l.contains("-s")))
        .expect("a link to the story's item");
    let item = std::fs::read_to_string(tmp.path("site/news/2024/06/3").join(link))
        .expect("the story's item page");
    assert!(
        item.contains("<h1>Harbour town elects its first woman mayor</h1>"),
        "{item}"
    );
    // One story, both outlets; its figure with who gives it; no ACLED type.
    assert!(
        item.contains("Coast Herald") && item.contains("Valley Post"),
        "{item}"
    );
    assert!(item.contains("the electoral office"), "{item}");
    assert!(!item.contains("<h3>Event</h3>"), "{item}");
    // The server finds it by its slug too.
    let server = Server::start(&tmp.0, "t.db");
    let path = format!("/news/2024/06/3/{link}");
    let page = http_get(&server.addr, &path).expect("served");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
}
