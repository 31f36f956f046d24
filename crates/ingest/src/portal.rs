//! Wikipedia's Current Events Portal: day pages as Wikipedia serves them (HTML) and in wiki
//! syntax, and the WikiTimes JSON structuring of its items, read into one [`Document`] per
//! item with its [`Item`] (category, linked topics, source links with outlet names).
//!
//! Both page forms are first turned into the same outline — category headings and nested
//! bullet lines made of text, wiki links and external links — and [`items`] reads items from
//! the outline: a bullet with children is a topic heading ("Syrian Civil War"), a bullet without
//! is an item, and the links of its headings are its story and context.

use chrono::NaiveDate;
use dateline_model::{dates, fnv1a, DateSource, Document, Item, Link};
use serde::Deserialize;

/// One piece of a bullet line.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Text(String),
    /// A link to a Wikipedia article: its title and the words shown.
    Wiki {
        title: String,
        label: String,
    },
    /// A source link: "[http://… (BBC)]".
    External {
        url: String,
        label: String,
    },
}

/// One bullet of a day, with the category heading above it.
#[derive(Debug, Clone)]
struct Line {
    date: Option<NaiveDate>,
    category: Option<String>,
    depth: usize,
    segments: Vec<Segment>,
}

/// True when an HTML page looks like a Portal day page.
pub fn is_portal_html(html: &str) -> bool {
    html.contains("current-events-content") || html.contains("class=\"current-events")
}

/// Reads the items of a Portal page in HTML. `fallback_date` is used for day blocks whose
/// date cannot be read (e.g. from the file name).
pub fn read_html(source: &str, html: &str, fallback_date: Option<NaiveDate>) -> Vec<Document> {
    let html = crate::html::cap_depth(html, crate::html::MAX_DEPTH);
    let doc = dom_query::Document::from(html.as_ref());
    let mut lines = Vec::new();
    let blocks = doc.select("div.vevent, div.current-events");
    let roots: Vec<dom_query::NodeRef> = if blocks.exists() {
        blocks.nodes().to_vec()
    } else {
        doc.select("body").nodes().to_vec()
    };
    for root in roots {
        let date = html_day(&root).or(fallback_date);
        let mut category = None;
        walk_html(&root, date, &mut category, 0, &mut lines);
    }
    items(source, &lines)
}

/// The date of a day block: its `dtstart` span ("2015-09-01") or its id ("2015_September_1").
fn html_day(root: &dom_query::NodeRef) -> Option<NaiveDate> {
    for n in root.descendants_it() {
        if n.is_element() && n.class().is_some_and(|c| c.contains("dtstart")) {
            if let Some(d) = dates::parse_iso_prefix(n.text().trim()) {
                return Some(d);
            }
        }
    }
    root.id_attr()
        .and_then(|id| words_date(&id.replace('_', " ")))
}

/// "2015 September 1" (a Portal page or block name) as a date.
fn words_date(s: &str) -> Option<NaiveDate> {
    let w: Vec<&str> = s.split_whitespace().collect();
    for i in 0..w.len().saturating_sub(2) {
        if let (Ok(y), Some(m), Ok(d)) = (
            w[i].parse::<i32>(),
            dates::month(&w[i + 1].to_ascii_lowercase()),
            w[i + 2].parse::<u32>(),
        ) {
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    None
}

fn walk_html(
    node: &dom_query::NodeRef,
    date: Option<NaiveDate>,
    category: &mut Option<String>,
    depth: usize,
    out: &mut Vec<Line>,
) {
    for child in node.children_it(false) {
        if !child.is_element() {
            continue;
        }
        let name = child.node_name().map(|n| n.to_ascii_lowercase());
        let heading = match name.as_deref() {
            Some("dt") => true,
            Some("div") => child
                .class()
                .is_some_and(|c| c.contains("current-events-content-heading")),
            // Older pages: "<p><b>Armed conflicts and attacks</b></p>".
            Some("p") => {
                let kids = child.element_children();
                kids.len() == 1
                    && kids[0].node_name().is_some_and(|n| n.as_ref() == "b")
                    && kids[0].text().trim() == child.text().trim()
            }
            _ => false,
        };
        if heading {
            let t = squash(&child.text());
            if !t.is_empty() {
                *category = Some(t);
            }
            continue;
        }
        match name.as_deref() {
            Some("ul") => {
                for li in child.element_children() {
                    if li.node_name().is_some_and(|n| n.as_ref() == "li") {
                        let mut segments = Vec::new();
                        inline_html(&li, &mut segments);
                        out.push(Line {
                            date,
                            category: category.clone(),
                            depth: depth + 1,
                            segments,
                        });
                        walk_html(&li, date, category, depth + 1, out);
                    }
                }
            }
            // Hidden spans, edit links and navigation are not items.
            Some("script" | "style" | "table") => {}
            _ => {
                if !child
                    .class()
                    .is_some_and(|c| c.contains("current-events-heading"))
                {
                    walk_html(&child, date, category, depth, out);
                }
            }
        }
    }
}

/// The inline pieces of a list item, leaving out its nested lists.
fn inline_html(node: &dom_query::NodeRef, out: &mut Vec<Segment>) {
    for child in node.children_it(false) {
        if child.is_text() {
            out.push(Segment::Text(child.text().to_string()));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        match child.node_name().map(|n| n.to_ascii_lowercase()).as_deref() {
            Some("ul" | "ol" | "sup" | "style" | "script") => {}
            Some("a") => {
                let href = child
                    .attr("href")
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                let label = squash(&child.text());
                if let Some(path) = href.strip_prefix("/wiki/").or_else(|| {
                    href.split_once("wikipedia.org/wiki/")
                        .map(|(_, p)| p)
                        .filter(|_| !child.has_class("external"))
                }) {
                    let title = child
                        .attr("title")
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| percent_decode(path));
                    out.push(Segment::Wiki {
                        title: wiki_title(&title),
                        label,
                    });
                } else if href.starts_with("http") || href.starts_with("//") {
                    out.push(Segment::External { url: href, label });
                } else {
                    out.push(Segment::Text(label));
                }
            }
            _ => inline_html(&child, out),
        }
    }
}

/// Reads the items of a Portal page in wiki syntax. The day comes from the page's
/// `{{Current events|year=…|month=…|day=…}}` header, else `fallback_date`.
pub fn read_wikitext(source: &str, text: &str, fallback_date: Option<NaiveDate>) -> Vec<Document> {
    let mut lines = Vec::new();
    let mut date = fallback_date;
    let mut category = None;
    let text = strip_comments(text);
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.contains("{{Current events") || line.contains("{{current events") {
            date = template_date(line).or(date);
            continue;
        }
        if let Some(d) = line
            .strip_prefix("==")
            .and_then(|l| l.trim().strip_suffix("=="))
        {
            // A monthly page: "== September 1, 2015 (Tuesday) ==".
            if let Some(d) = dates::parse_written(d.trim_matches('=').trim()) {
                date = Some(d);
                category = None;
            }
            continue;
        }
        let stars = line.chars().take_while(|&c| c == '*').count();
        if stars == 0 {
            let t = line.trim();
            let heading = t
                .strip_prefix(';')
                .or_else(|| t.strip_prefix("'''").and_then(|r| r.strip_suffix("'''")));
            if let Some(h) = heading {
                let h = squash(&h.replace("'''", ""));
                if !h.is_empty() {
                    category = Some(h);
                }
            }
            continue;
        }
        lines.push(Line {
            date,
            category: category.clone(),
            depth: stars,
            segments: wiki_segments(&line[stars..]),
        });
    }
    items(source, &lines)
}

fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find("-->") {
            Some(j) => &rest[i + j + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn template_date(line: &str) -> Option<NaiveDate> {
    let field = |k: &str| -> Option<u32> {
        let i = line.find(&format!("{k}="))? + k.len() + 1;
        let v: String = line[i..]
            .chars()
            .skip_while(|c| c.is_whitespace())
            .take_while(char::is_ascii_digit)
            .collect();
        v.parse().ok()
    };
    NaiveDate::from_ymd_opt(field("year")? as i32, field("month")?, field("day")?)
}

/// The pieces of one wiki-syntax bullet: `[[Title|label]]`, `[url label]`, templates and
/// formatting dropped.
fn wiki_segments(s: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[[") {
            let Some(end) = r.find("]]") else { break };
            let inner = &r[..end];
            let (title, label) = inner.split_once('|').unwrap_or((inner, inner));
            flush(&mut text, &mut out);
            out.push(Segment::Wiki {
                title: wiki_title(title),
                label: label.to_string(),
            });
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('[').filter(|r| {
            r.starts_with("http://") || r.starts_with("https://") || r.starts_with("//")
        }) {
            let Some(end) = r.find(']') else { break };
            let inner = &r[..end];
            let (url, label) = inner.split_once(' ').unwrap_or((inner, ""));
            flush(&mut text, &mut out);
            out.push(Segment::External {
                url: url.to_string(),
                label: label.trim().to_string(),
            });
            rest = &r[end + 1..];
        } else if let Some(r) = rest.strip_prefix("{{") {
            // Templates (flags, "{{nowrap|…}}") carry no item text worth keeping.
            let end = r.find("}}").map_or(r.len(), |e| e + 2);
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix("<ref") {
            let end = r
                .find("</ref>")
                .map(|e| e + 6)
                .or_else(|| r.find("/>").map(|e| e + 2))
                .unwrap_or(r.len());
            rest = &r[end..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut text, &mut out);
    out
}

fn flush(text: &mut String, out: &mut Vec<Segment>) {
    let t = text.replace("'''", "").replace("''", "");
    if !t.is_empty() {
        out.push(Segment::Text(t));
    }
    text.clear();
}

/// A wiki link target as an article title: "syrian_Civil_War#2015" → "Syrian Civil War".
fn wiki_title(t: &str) -> String {
    let t = t.split('#').next().unwrap_or("").replace('_', " ");
    let t = squash(&t);
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => t,
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "(AFP via Yahoo)" → "AFP via Yahoo".
fn outlet_of(label: &str) -> Option<String> {
    let t = label
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Items from an outline: leaves are items, their parents' links their story and topics.
fn items(source: &str, lines: &[Line]) -> Vec<Document> {
    let mut out = Vec::new();
    let mut parents: Vec<&Line> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        parents.retain(|p| p.depth < line.depth);
        let leaf = lines.get(i + 1).is_none_or(|n| n.depth <= line.depth);
        if !leaf {
            parents.push(line);
            continue;
        }
        let mut text = String::new();
        let mut topics: Vec<String> = Vec::new();
        let mut links = Vec::new();
        for p in &parents {
            for s in &p.segments {
                if let Segment::Wiki { title, .. } = s {
                    if !topics.contains(title) {
                        topics.push(title.clone());
                    }
                }
            }
        }
        for s in &line.segments {
            match s {
                Segment::Text(t) => text.push_str(t),
                Segment::Wiki { title, label } => {
                    text.push_str(label);
                    if !topics.contains(title) {
                        topics.push(title.clone());
                    }
                }
                Segment::External { url, label } => links.push(Link {
                    outlet: outlet_of(label),
                    url: url.clone(),
                }),
            }
        }
        let text = squash(&text);
        if text.split_whitespace().count() < 3 {
            continue;
        }
        let story = parents.first().and_then(|p| {
            p.segments.iter().find_map(|s| match s {
                Segment::Wiki { title, .. } => Some(title.clone()),
                _ => None,
            })
        });
        out.push(item_document(
            source,
            None,
            line.date,
            text,
            Item {
                category: line.category.clone(),
                story,
                topics,
                links,
            },
        ));
    }
    out
}

/// One item as a document. Its id is stable across edits of its wording: the day and a hash
/// of its first source link (or of its text when it has none), unless the input gives one.
fn item_document(
    source: &str,
    id: Option<String>,
    date: Option<NaiveDate>,
    text: String,
    item: Item,
) -> Document {
    let day = date.map_or_else(|| "undated".to_string(), |d| d.to_string());
    let key = item.links.first().map_or(text.as_str(), |l| l.url.as_str());
    let id = id.unwrap_or_else(|| format!("portal-{day}-{:08x}", fnv1a(key.as_bytes()) as u32));
    let first = item.links.first();
    Document {
        id,
        source: source.to_string(),
        url: first.map(|l| l.url.clone()),
        outlet: first.and_then(|l| l.outlet.clone()),
        title: Some(text.clone()),
        published: date,
        published_source: date.map(|_| DateSource::ItemDate),
        text,
        item: Some(item),
        ..Document::default()
    }
}

/// An item of the WikiTimes structuring of the Portal (`wikitimes_CEP_*.json`).
#[derive(Debug, Deserialize)]
struct WikiTimesItem {
    id: serde_json::Value,
    date: String,
    description: String,
    category: Option<Named>,
    #[serde(rename = "belongsToStory")]
    story: Option<Named>,
    #[serde(default)]
    entity: Vec<Named>,
    #[serde(default)]
    source: Vec<WikiTimesSource>,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: String,
}

#[derive(Debug, Deserialize)]
struct WikiTimesSource {
    url: String,
    #[serde(rename = "sourceName")]
    source_name: Option<String>,
}

/// The Portal's own name of a WikiTimes category ("War_Conflict").
fn portal_category(name: &str) -> String {
    match name {
        "War_Conflict" => "Armed conflicts and attacks",
        "Disaster_Accident" => "Disasters and accidents",
        "International_Relation" => "International relations",
        "Law_Crime" => "Law and crime",
        "Politics" => "Politics and elections",
        "Business_Finance" => "Business and economy",
        "Entertainment_Culture" => "Arts and culture",
        "Sports" => "Sports",
        "Technology_Internet" => "Science and technology",
        "Health_Medical_Pharma" => "Health and medicine",
        other => return other.replace('_', " "),
    }
    .to_string()
}

/// A WikiTimes description without what its structuring left in: the story heading glued to
/// the front ("Battle of Kunduz The U.S.-led coalition …") and the commas that separated the
/// removed source links (". , ,").
fn wikitimes_text(description: &str, story: Option<&str>) -> String {
    let mut t = squash(description);
    if let Some(rest) = story
        .and_then(|s| t.strip_prefix(s))
        .filter(|r| r.starts_with(' ') && r.trim_start().starts_with(char::is_uppercase))
    {
        t = rest.trim_start().to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    for w in t.split(' ') {
        if w == "," && out.last().is_none_or(|p| p.ends_with(['.', ',', '!', '?'])) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

/// Reads a WikiTimes JSON array. Err says what is wrong with the file.
pub fn read_wikitimes(source: &str, json: &str) -> Result<Vec<Document>, String> {
    let raw: Vec<WikiTimesItem> = serde_json::from_str(json)
        .map_err(|e| format!("not a JSON array of Current Events Portal items: {e}"))?;
    Ok(raw
        .into_iter()
        .map(|w| {
            let id = match w.id {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            let mut topics: Vec<String> = Vec::new();
            let story = w.story.map(|s| wiki_title(&s.name));
            for t in story
                .iter()
                .cloned()
                .chain(w.entity.iter().map(|e| wiki_title(&e.name)))
            {
                if !topics.contains(&t) {
                    topics.push(t);
                }
            }
            item_document(
                source,
                Some(format!("wikitimes-{id}")),
                dates::parse_iso_prefix(&w.date),
                wikitimes_text(&w.description, story.as_deref()),
                Item {
                    category: w.category.map(|c| portal_category(&c.name)),
                    story,
                    topics,
                    links: w
                        .source
                        .into_iter()
                        .map(|s| Link {
                            outlet: s.source_name.filter(|n| !n.trim().is_empty()),
                            url: s.url,
                        })
                        .collect(),
                },
            )
        })
        .collect())
}

/// A date in a file name ("2015_September_1", "2015-09-01").
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let spaced = name.replace(['_', '-', '.'], " ");
    words_date(&spaced).or_else(|| {
        let d: Vec<&str> = spaced.split_whitespace().collect();
        d.windows(3).find_map(|w| {
            NaiveDate::from_ymd_opt(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIKITEXT: &str = "{{Current events|year=2015|month=09|day=30|content=\n<!-- All news items below this line -->\n;Armed conflicts and attacks\n*[[Syrian Civil War]]\n**[[Russian military intervention in the Syrian Civil War|Russia's intervention]]\n***The [[Russian Air Force]] carries out its first airstrikes near [[Homs]]. [http://example.org/a (Wire via Portal)] [https://example.org/b (Second Outlet)]\n*A ferry sinks off the coast of [[Freedonia]], killing 12 passengers. [http://example.org/c (Harbour News)]\n;Politics and elections\n*Voters go to the polls in [[Ruritania]]. [http://example.org/d (Daily Example)]\n<!-- All news items above this line -->|}}\n";

    #[test]
    fn reads_wikitext_items_with_topics_and_outlets() {
        let docs = read_wikitext("p.wiki", WIKITEXT, None);
        assert_eq!(docs.len(), 3);
        let d = &docs[0];
        assert_eq!(
            d.published.map(|d| d.to_string()),
            Some("2015-09-30".into())
        );
        assert_eq!(
            d.text,
            "The Russian Air Force carries out its first airstrikes near Homs."
        );
        let item = d.item.as_ref().expect("an item");
        assert_eq!(
            item.category.as_deref(),
            Some("Armed conflicts and attacks")
        );
        assert_eq!(item.story.as_deref(), Some("Syrian Civil War"));
        assert_eq!(
            item.topics,
            [
                "Syrian Civil War",
                "Russian military intervention in the Syrian Civil War",
                "Russian Air Force",
                "Homs"
            ]
        );
        assert_eq!(item.links.len(), 2);
        assert_eq!(item.links[0].outlet.as_deref(), Some("Wire via Portal"));
        assert_eq!(d.outlet.as_deref(), Some("Wire via Portal"));
        assert_eq!(d.url.as_deref(), Some("http://example.org/a"));
        assert_eq!(docs[1].item.as_ref().and_then(|i| i.story.clone()), None);
        assert_eq!(
            docs[2]
                .item
                .as_ref()
                .and_then(|i| i.category.clone())
                .as_deref(),
            Some("Politics and elections")
        );
    }

    #[test]
    fn ids_survive_rewording() {
        let a = read_wikitext("p.wiki", WIKITEXT, None);
        let b = read_wikitext(
            "p.wiki",
            &WIKITEXT.replace("its first airstrikes", "its first ever airstrikes"),
            None,
        );
        assert_eq!(a[0].id, b[0].id);
        assert_ne!(a[0].text, b[0].text);
        assert_ne!(a[0].id, a[1].id);
    }

    #[test]
    fn reads_the_html_wikipedia_serves() {
        let html = r#"<html><body><div class="current-events-main vevent" id="2015_September_30">
<div class="current-events-heading plainlinks"><span class="summary">September 30, 2015 (Wednesday)</span> <a href="/edit">edit</a></div>
<div class="current-events-content description">
<div class="current-events-content-heading" role="heading">Armed conflicts and attacks</div>
<ul><li><a href="/wiki/Syrian_Civil_War" title="Syrian Civil War">Syrian Civil War</a>
<ul><li>The <a href="/wiki/Russian_Air_Force" title="Russian Air Force">Russian Air Force</a> carries out its first airstrikes near <a href="/wiki/Homs" title="Homs">Homs</a>. <a class="external text" href="http://example.org/a">(Wire via Portal)</a></li></ul></li></ul>
<p><b>Politics and elections</b></p>
<ul><li>Voters go to the polls in <a href="/wiki/Ruritania" title="Ruritania">Ruritania</a>. <a class="external text" href="http://example.org/d">(Daily Example)</a></li></ul>
</div></div></body></html>"#;
        assert!(is_portal_html(html));
        let docs = read_html("p.html", html, None);
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].text,
            "The Russian Air Force carries out its first airstrikes near Homs."
        );
        assert_eq!(
            docs[0].published.map(|d| d.to_string()),
            Some("2015-09-30".into())
        );
        let item = docs[0].item.as_ref().expect("an item");
        assert_eq!(
            item.topics,
            ["Syrian Civil War", "Russian Air Force", "Homs"]
        );
        assert_eq!(item.links[0].outlet.as_deref(), Some("Wire via Portal"));
        assert_eq!(
            docs[1]
                .item
                .as_ref()
                .and_then(|i| i.category.clone())
                .as_deref(),
            Some("Politics and elections")
        );
        // Same page, same ids as the wiki-syntax form of the same items.
        assert_eq!(docs[0].id, read_wikitext("p.wiki", WIKITEXT, None)[0].id);
    }

    #[test]
    fn reads_wikitimes_json() {
        let json = r#"[{"date":"2015-09-01","description":"A ferry sinks off Freedonia.  ","category":{"id":"2","name":"Disaster_Accident"},"id":"7","belongsToStory":{"id":"1","name":"Ferry disasters"},"entity":[{"id":"3","name":"Freedonia"}],"source":[{"id":"9","url":"http://example.org/c","type":"article","sourceName":"Harbour News"}]}]"#;
        let docs = read_wikitimes("w.json", json).expect("valid");
        assert_eq!(
            wikitimes_text(
                "Battle of X The army retakes X. , , Rebels flee. ,",
                Some("Battle of X")
            ),
            "The army retakes X. Rebels flee."
        );
        assert_eq!(docs[0].id, "wikitimes-7");
        assert_eq!(docs[0].text, "A ferry sinks off Freedonia.");
        let item = docs[0].item.as_ref().expect("an item");
        assert_eq!(item.category.as_deref(), Some("Disasters and accidents"));
        assert_eq!(item.topics, ["Ferry disasters", "Freedonia"]);
        let e = read_wikitimes("w.json", "{\"a\": 1}").expect_err("not an array");
        assert!(e.contains("Current Events Portal"), "{e}");
    }

    #[test]
    fn dates_in_file_names() {
        assert_eq!(
            date_in_name("Portal:Current_events_2015_September_1"),
            NaiveDate::from_ymd_opt(2015, 9, 1)
        );
        assert_eq!(
            date_in_name("2015-09-01"),
            NaiveDate::from_ymd_opt(2015, 9, 1)
        );
        assert_eq!(date_in_name("notes"), None);
    }
}
