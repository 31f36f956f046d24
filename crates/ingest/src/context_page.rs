//! Item pages of *the Context* (thecontext.net) in their Markdown form: a date heading, the
//! one-line summary, a lead excerpt of the source article, the sources, and related items with
//! their shared context.
//!
//! ```text
//! ### [2017-08-13](/news/2017/08/13/index.md)
//! # <summary>
//! <lead excerpt>
//! ### Source:
//! 1. [AFP via Yahoo](https://…)
//! ### Related:
//! 1. [<summary>](/news/2016/04/3/<slug>.md) _Context: Homs Governorate, Syrian Army_
//! ```
//!
//! The document's text is the summary and the excerpt; the related items are kept apart
//! (they are other events, not this article's claims).

use std::sync::LazyLock;

use dateline_model::{DateSource, Document, Item, Link, RelatedItem, Removed};
use regex::Regex;

use crate::clean::decode_entities;

static DATE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^#{1,4}\s*\[(\d{4}-\d{2}-\d{2})\]\([^)]*\)\s*$").expect("static regex")
});
static LIST_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d+\.\s*\[([^\]]*)\]\(([^)]*)\)\s*(?:_Context:\s*(.*?)_)?\s*$")
        .expect("static regex")
});
static URL_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/news/(\d{4})/(\d{1,2})/(\d{1,2})/").expect("static regex"));

#[derive(PartialEq)]
enum Section {
    Lead,
    Sources,
    Related,
    Other,
}

/// Reads a Context item page, or None when `raw` does not have that shape.
pub fn read(id: &str, source: &str, raw: &str) -> Option<Document> {
    let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
    let date = DATE_HEADING.captures(lines.next()?)?;
    let published = dateline_model::dates::parse_iso_prefix(&date[1])?;
    let summary_line = lines.next()?;
    let summary = decode_entities(
        summary_line
            .strip_prefix('#')?
            .trim_start_matches('#')
            .trim(),
    );

    let mut lead = Vec::new();
    let mut outlet = None;
    let mut url = None;
    let mut related = Vec::new();
    let mut removed = Vec::new();
    let mut links = Vec::new();
    let mut image = None;
    let mut section = Section::Lead;
    for line in lines {
        if let Some(h) = line.strip_prefix("###") {
            let h = h.trim().trim_end_matches(':').to_ascii_lowercase();
            section = match h.as_str() {
                "source" | "sources" => Section::Sources,
                "related" => Section::Related,
                _ => Section::Other,
            };
            continue;
        }
        match section {
            Section::Lead => lead.push(decode_entities(line)),
            Section::Sources => {
                if let Some(c) = LIST_LINK.captures(line) {
                    let name = c[1].trim();
                    if name.eq_ignore_ascii_case("cover image") {
                        image.get_or_insert_with(|| c[2].to_string());
                    } else {
                        if outlet.is_none() {
                            outlet = Some(name.to_string());
                            url = Some(c[2].to_string());
                        }
                        links.push(Link {
                            outlet: Some(name.to_string()),
                            url: c[2].to_string(),
                        });
                    }
                }
            }
            Section::Related => {
                if let Some(c) = LIST_LINK.captures(line) {
                    let item_url = c[2].to_string();
                    let date = URL_DATE.captures(&item_url).and_then(|d| {
                        chrono::NaiveDate::from_ymd_opt(
                            d[1].parse().ok()?,
                            d[2].parse().ok()?,
                            d[3].parse().ok()?,
                        )
                    });
                    related.push(RelatedItem {
                        summary: decode_entities(c[1].trim()),
                        url: Some(item_url),
                        date,
                        context: c
                            .get(3)
                            .map(|m| {
                                m.as_str()
                                    .split(',')
                                    .map(|s| s.trim().to_string())
                                    .filter(|s| !s.is_empty())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    });
                }
                removed.push(Removed {
                    kind: "related".into(),
                    preview: line.chars().take(60).collect(),
                });
            }
            Section::Other => {}
        }
    }
    // The context a related item shares with this one is this item's context too.
    let mut topics: Vec<String> = Vec::new();
    for t in related.iter().flat_map(|r| &r.context) {
        if !topics.contains(t) {
            topics.push(t.clone());
        }
    }
    let mut text = summary.clone();
    for p in &lead {
        text.push_str("\n\n");
        text.push_str(p);
    }
    Some(Document {
        id: id.to_string(),
        source: source.to_string(),
        url,
        outlet,
        original_outlet: None,
        title: Some(summary),
        published: Some(published),
        published_source: Some(DateSource::ItemDate),
        text,
        removed,
        related,
        item: Some(Item {
            category: None,
            story: None,
            topics,
            links,
        }),
        image,
        ..Document::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_item_page() {
        let raw = "### [2016-04-03](/news/2016/04/3/index.md)\n\n# The army retakes a town after driving out militants. \n\nA lead excerpt of the article&#x27;s first lines.\n\n### Source:\n\n1. [Wire via Portal](https://example.org/a)\n1. [Cover Image](https://example.org/a.jpg)\n\n### Related:\n\n1. [An earlier item. ](/news/2016/03/26/an-earlier-item.md) _Context: Homs Governorate, Syrian Army_\n";
        let d = read("x", "x.md", raw).expect("an item page");
        assert_eq!(
            d.published.map(|d| d.to_string()),
            Some("2016-04-03".into())
        );
        assert_eq!(d.outlet.as_deref(), Some("Wire via Portal"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            d.title.as_deref(),
            Some("The army retakes a town after driving out militants.")
        );
        assert!(d.text.ends_with("article's first lines."));
        assert!(!d.text.contains("earlier item"));
        assert_eq!(d.related.len(), 1);
        assert_eq!(d.related[0].context, ["Homs Governorate", "Syrian Army"]);
        assert_eq!(
            d.related[0].date.map(|d| d.to_string()),
            Some("2016-03-26".into())
        );
    }

    #[test]
    fn other_text_is_not_an_item_page() {
        assert!(read("x", "x.md", "# A heading\n\nSome text.").is_none());
    }
}
