//! Property tests ("fuzzing" with proptest): the readers never panic and never lose a
//! document's text, whatever the input. Cases are built from news-like fragments (markup,
//! datelines, junk cues, non-Latin text, broken bytes) mixed with arbitrary strings.

use proptest::prelude::*;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("<p>Government forces retook the town on Tuesday, officials said.</p>".to_string()),
        Just("<div class=\"comments\"><p>All comments</p></div>".to_string()),
        Just("<script>var x = '<p>';</script>".to_string()),
        Just("<meta charset=\"koi8-r\"><title>T</title>".to_string()),
        Just("Global Research, September 21, 2017\n".to_string()),
        Just("00:12 GMT +327 February 2017\n".to_string()),
        Just("### [2017-08-13](/news/2017/08/13/index.md)\n# Summary\n### Related:\n1. [x](/news/2016/04/3/x.md) _Context: a_\n".to_string()),
        Just("Заголовок открываемого материала\n".to_string()),
        Just("Disclaimer: the contents\n".to_string()),
        Just("[link](#) **bold** \\$9.95 &#x27; &amp;\n".to_string()),
        Just("\u{a0}\u{200b}\u{feff}Ḩimş\n\n\n".to_string()),
        Just("{{Current events|year=2015|month=09|day=30|content=\n;Armed conflicts\n*[[Syrian Civil War]]\n**Text [[A|b]] [http://x.org (Y)]\n".to_string()),
        Just("<div class=\"current-events-main vevent\" id=\"2015_September_1\"><ul><li><a href=\"/wiki/X\">X</a><ul><li>Item <a class=\"external\" href=\"http://x\">(Y)</a>".to_string()),
        Just("[[unclosed [http://open ( {{template <ref>".to_string()),
        Just("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_string()),
        Just("<!-- <script> --><STYLE>p{}</STYLE><script type=\"application/ld+json\">{\"datePublished\": \"2020-01-02\"}</script><scripts>".to_string()),
        Just("<script>unterminated <!-- <style".to_string()),
        Just("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>T</title><description>&lt;p&gt;x".to_string()),
        Just("<nav><a>Home</a><svg><path d=\"M0 0\"/></svg>".to_string()),
        Just("\nBy é’s\nNov. 20, 2019, 9:28 AM UTC\nsexta-feira, 22 de outubro de 2010 às 20:13\n".to_string()),
        Just("\nMore from World\nHeadline one\nHeadline two\n".to_string()),
        Just("\nCredit…Foto/Agência\nAlex Wong | Getty Images\nThe minister, left, and aides (right)\n".to_string()),
        Just("\nA caption repeated for every picture in the gallery of the day\n".to_string()),
        // Deep nesting, closed and unclosed, and characters XML 1.0 forbids.
        Just("<div><span>".repeat(3000)),
        Just(format!("{}<p>Rebels shelled the town.</p>{}", "<div>".repeat(2000), "</div>".repeat(2000))),
        Just("<b><i><a href=#>".repeat(500)),
        Just("Troops\u{1}\u{b}\u{fffe} said\u{ffff} on\u{0} Monday.\n".to_string()),
        Just(format!("{{\"id\": \"long\", \"text\": \"{}\"}}\n", "word ".repeat(20_000))),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|v| v.concat())
}

proptest! {
    // 400 cases per reader in CI; PROPTEST_CASES=N runs longer.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
    ))]

    #[test]
    fn text_reader_never_panics(raw in document()) {
        let d = dateline_ingest::read_text("x", "x.txt", &raw);
        // Never silently empty: text is only empty when the input had no text at all.
        if raw.split_whitespace().next().is_some() && d.text.is_empty() {
            prop_assert!(!d.warnings.is_empty() || raw.trim().chars().all(|c| !c.is_alphanumeric()));
        }
    }

    #[test]
    fn html_reader_never_panics(raw in document()) {
        let _ = dateline_ingest::html::read("x", "x.html", None, raw.as_bytes());
    }

    #[test]
    fn script_stripping_keeps_all_else(raw in document()) {
        let out = dateline_ingest::html::strip_inert(&raw);
        prop_assert!(out.len() <= raw.len());
        // Text outside scripts, styles and comments is never lost.
        if !raw.contains('<') {
            prop_assert_eq!(out, raw);
        }
    }

    #[test]
    fn tag_slimming_keeps_text_and_settles(raw in document()) {
        let out = dateline_ingest::html::slim_tags(&raw);
        // Text with no tags keeps every word; only runs of whitespace shrink.
        if !raw.contains('<') {
            let words = |s: &str| s.split_ascii_whitespace().map(str::to_string).collect::<Vec<_>>();
            prop_assert_eq!(words(&out), words(&raw));
        }
        // Slimming what is already slim changes nothing.
        prop_assert_eq!(dateline_ingest::html::slim_tags(&out), out);
    }

    #[test]
    fn junk_line_removal_never_panics_or_empties(raw in document()) {
        let (kept, removed) = dateline_ingest::clean::strip_junk_lines(&raw);
        prop_assert!(kept.trim().is_empty() == raw.trim().is_empty());
        prop_assert!(removed.len() <= raw.split('\n').count());
    }

    #[test]
    fn html_reader_takes_any_bytes(raw in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = dateline_ingest::html::read("x", "x.html", None, &raw);
    }

    #[test]
    fn portal_readers_never_panic(raw in document()) {
        let _ = dateline_ingest::portal::read_wikitext("x.wiki", &raw, None);
        let _ = dateline_ingest::portal::read_html("x.html", &raw, None);
        let _ = dateline_ingest::portal::read_wikitimes("x.json", &raw);
    }

    #[test]
    fn warc_and_feed_readers_never_panic_or_hang(raw in document()) {
        // A bounded input must give a bounded number of records: no endless loop.
        let n = dateline_ingest::warc::records("x.warc".into(), raw.as_bytes()).take(10_000).count();
        prop_assert!(n < 10_000);
        let _ = dateline_ingest::feed::read("x.rss", raw.as_bytes());
        let _ = dateline_ingest::opinion::read(std::path::Path::new("x.md"), &raw);
    }

    #[test]
    fn jsonl_reader_never_panics(raw in document()) {
        let _ = dateline_ingest::read_jsonl("x.jsonl", raw.as_bytes());
    }

    #[test]
    fn finished_documents_are_xml_safe_and_bounded(raw in document()) {
        let d = dateline_ingest::html::read("x", "x.html", None, raw.as_bytes());
        if let Ok(d) = dateline_ingest::finish("x.html", d) {
            prop_assert!(!d.text.contains(dateline_model::xml_forbidden));
            prop_assert!(d.text.len() <= dateline_ingest::MAX_TEXT_BYTES);
        }
        // However deep the markup, what reaches the parser is at most MAX_DEPTH deep.
        let capped = dateline_ingest::html::cap_depth(&raw, 64);
        prop_assert!(capped.matches("<div").count() <= raw.matches("<div").count());
    }
}
