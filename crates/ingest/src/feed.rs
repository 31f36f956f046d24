//! RSS and Atom feeds (`.rss`, `.atom`, `.xml`): one document per entry, with its link, title,
//! authors and date; the entry's full content when the feed carries it, else its summary.
//! Parsing is `feed-rs`'s (RSS 0.9–2.0, Atom 1.0, JSON Feed).

use dateline_model::{fnv1a, DateSource, Document};

/// The entries of a feed, and what was lost when the feed is cut off (a download or a disk
/// that stopped): its complete entries are read and the rest named. Err says why the file is
/// not a feed.
pub fn read(source: &str, bytes: &[u8]) -> Result<(Vec<Document>, Option<String>), String> {
    match feed_rs::parser::parse(bytes) {
        Ok(feed) => Ok((entries(source, feed), None)),
        Err(e) => {
            let Some((mended, at)) = complete_entries(bytes) else {
                return Err(format!("not an RSS or Atom feed: {e}"));
            };
            let feed = feed_rs::parser::parse(mended.as_slice())
                .map_err(|_| format!("not an RSS or Atom feed: {e}"))?;
            let docs = entries(source, feed);
            let note = format!(
                "the feed is broken after byte {at} ({e}); its {} complete entries are read, what follows is lost",
                docs.len()
            );
            Ok((docs, Some(note)))
        }
    }
}

/// A broken feed cut after its last complete entry and closed as its kind closes
/// (`</channel></rss>` or `</feed>`), with where it was cut; None when it has no complete
/// entry.
fn complete_entries(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let rss = memchr::memmem::rfind(bytes, b"</item>").map(|i| (i + 7, &b"</channel></rss>"[..]));
    let atom = memchr::memmem::rfind(bytes, b"</entry>").map(|i| (i + 8, &b"</feed>"[..]));
    let (at, close) = match (rss, atom) {
        (Some(r), Some(a)) => {
            if r.0 > a.0 {
                r
            } else {
                a
            }
        }
        (Some(r), None) => r,
        (None, Some(a)) => a,
        (None, None) => return None,
    };
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(close);
    Some((out, at))
}

fn entries(source: &str, feed: feed_rs::model::Feed) -> Vec<Document> {
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
    out
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
        let (docs, lost) = read("f.rss", rss.as_bytes()).expect("a feed");
        assert!(lost.is_none());
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
        let (docs, _) = read("f.atom", atom.as_bytes()).expect("a feed");
        assert_eq!(docs[0].authors, ["B. Writer"]);
        assert_eq!(
            docs[0].published.map(|d| d.to_string()),
            Some("2025-04-03".into())
        );
        assert!(docs[0].text.contains("Floods displaced"));
        let e = read("x.xml", b"<html><body>no feed</body></html>").expect_err("not a feed");
        assert!(e.contains("not an RSS or Atom feed"), "{e}");
    }

    /// Regression (issue 17, case 14): a feed cut off keeps its complete items.
    #[test]
    fn a_truncated_feed_keeps_its_complete_items() {
        let item = |n: u32| {
            format!("<item><title>Item {n}</title><link>https://example.org/{n}</link><description>Police said {n} people were hurt.</description></item>")
        };
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>{}{}<item><title>Cut",
            item(1),
            item(2)
        );
        let (docs, lost) = read("f.rss", rss.as_bytes()).expect("complete items read");
        assert_eq!(docs.len(), 2);
        assert!(lost.is_some_and(|l| l.contains("2 complete entries")));
        assert!(read("f.rss", b"<rss><channel><item><title>Cut").is_err());
    }
}
