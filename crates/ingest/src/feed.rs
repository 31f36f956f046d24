//! RSS and Atom feeds (`.rss`, `.atom`, `.xml`): one document per entry, with its link, title,
//! authors and date; the entry's full content when the feed carries it, else its summary.
//! Parsing is `feed-rs`'s (RSS 0.9–2.0, Atom 1.0, JSON Feed).

use dateline_model::{fnv1a, DateSource, Document};

/// The entries of a feed. Err says why the file is not a feed.
pub fn read(source: &str, bytes: &[u8]) -> Result<Vec<Document>, String> {
    let feed =
        feed_rs::parser::parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    let outlet = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut out = Vec::new();
    for e in feed.entries {
        let url = e.links.first().map(|l| l.href.clone());
        let key = if e.id.is_empty() {
            url.clone().unwrap_or_default()
        } else {
            e.id.clone()
        };
        let html = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = crate::html::normalize_lines(&crate::html::visible_text(&format!(
            "<html><body>{html}</body></html>"
        )));
        let title = e
            .title
            .as_ref()
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty());
        let published = e.published.or(e.updated).map(|d| d.date_naive());
        out.push(Document {
            id: format!("feed-{:016x}", fnv1a(key.as_bytes())),
            source: source.to_string(),
            url,
            outlet: outlet.clone(),
            title,
            published,
            published_source: published.map(|_| DateSource::Meta),
            text,
            authors: e
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().or(p.email.as_deref()))
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            description: e.summary.as_ref().map(|s| {
                crate::html::normalize_lines(&crate::html::visible_text(&format!(
                    "<html><body>{}</body></html>",
                    s.content
                )))
            }),
            ..Document::default()
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rss_items() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire One</title><link>https://example.org</link>
<item><title>Troops retake Jawhar</title><link>https://example.org/a</link><guid>a-1</guid><pubDate>Wed, 02 Apr 2025 10:00:00 GMT</pubDate><author>desk@example.org (A. Reporter)</author>
<description>Short summary.</description><content:encoded><![CDATA[<p>Government troops retook Jawhar on Tuesday, the governor said.</p><p>At least 12 militants were killed.</p>]]></content:encoded></item>
</channel></rss>"#;
        let docs = read("f.rss", rss.as_bytes()).expect("a feed");
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.outlet.as_deref(), Some("Wire One"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            d.published.map(|d| d.to_string()),
            Some("2025-04-02".into())
        );
        assert!(
            d.text.contains("retook Jawhar") && d.text.contains("12 militants"),
            "{}",
            d.text
        );
        assert!(!d.text.contains("<p>"));
        assert_eq!(d.description.as_deref(), Some("Short summary."));
        assert!(!d.authors.is_empty());
    }

    #[test]
    fn reads_atom_entries_and_rejects_other_xml() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Two</title><id>urn:x</id><updated>2025-04-03T00:00:00Z</updated>
<entry><title>Floods in Beledweyne</title><id>urn:e1</id><link href="https://example.org/b"/><updated>2025-04-03T08:00:00Z</updated><author><name>B. Writer</name></author><summary>Floods displaced thousands of people in Beledweyne on Wednesday.</summary></entry></feed>"#;
        let docs = read("f.atom", atom.as_bytes()).expect("a feed");
        assert_eq!(docs[0].authors, ["B. Writer"]);
        assert_eq!(
            docs[0].published.map(|d| d.to_string()),
            Some("2025-04-03".into())
        );
        assert!(docs[0].text.contains("Floods displaced"));
        let e = read("x.xml", b"<html><body>no feed</body></html>").expect_err("not a feed");
        assert!(e.contains("not an RSS or Atom feed"), "{e}");
    }
}
