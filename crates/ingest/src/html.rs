//! HTML pages: character decoding, main text and metadata.
//!
//! Main text comes from `dom_smoothie` (a port of Mozilla's Readability) in its formatted-text
//! mode. On `../shared/eval/article-extraction` it scored F1 0.951 at about 320 pages/s on one
//! thread, against 0.957 at 67 pages/s for `rs-trafilatura` (measured before choosing; see
//! ARCHITECTURE.md). Lines no article has are then removed from that text and recorded with
//! their kinds (`clean::strip_junk_lines`: captions and credits, gallery controls, bylines
//! and lone dates, sign-ups and page controls, notices, story links and boxes of them, a
//! related-stories or comments tail), F1 0.951 → 0.975. Before parsing, what can never be
//! text goes (`strip_inert`) and tags and whitespace are cut down to what Readability reads
//! (`slim_tags`), which makes reading a third faster with the same text. When no main text is
//! found the page falls back to its whole visible text, with a warning, so a document is
//! never silently emptied.

use std::sync::LazyLock;

use dateline_model::{DateSource, Document};
use regex::Regex;

use crate::clean;

/// Reads one HTML page. Never fails: problems become the document's warnings.
pub fn read(id: &str, source: &str, url: Option<&str>, bytes: &[u8]) -> Document {
    read_str(id, source, url, &decode(bytes))
}

/// Reads one HTML page already decoded to text (see [`decode`]).
pub fn read_str(id: &str, source: &str, url: Option<&str>, page: &str) -> Document {
    let slim = slim_tags(&strip_inert(page));
    let html = cap_depth(&slim, MAX_DEPTH);
    let mut warnings = Vec::new();
    if matches!(html, std::borrow::Cow::Owned(_)) {
        warnings.push(format!(
            "{id}: elements nested deeper than {MAX_DEPTH} levels; their tags were ignored, their text kept"
        ));
    }
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::new(html.as_ref(), url, Some(config))
        .and_then(|mut r| r.parse());
    let mut description = None;
    let mut image = None;
    let mut authors = Vec::new();
    let (text, title, site, published) = match article {
        Ok(a) => {
            description = a.excerpt.filter(|t| !t.trim().is_empty());
            image = a.image.filter(|t| !t.trim().is_empty());
            authors = a
                .byline
                .as_deref()
                .map(|b| byline_names(b, a.site_name.as_deref()))
                .unwrap_or_default();
            (
                a.text_content.to_string(),
                Some(a.title).filter(|t| !t.trim().is_empty()),
                a.site_name,
                a.published_time,
            )
        }
        Err(e) => {
            warnings.push(format!(
                "{id}: no main text found ({e}); using the page's whole visible text"
            ));
            (visible_text(&html), None, None, None)
        }
    };
    let mut text = normalize_lines(&text);
    if text.trim().is_empty() {
        warnings.push(format!(
            "{id}: main text is empty; using the page's whole visible text"
        ));
        text = normalize_lines(&visible_text(&html));
    }
    let (text, removed) = clean::strip_junk_lines(&text);
    let meta = clean::read_metadata(&text);
    let (published, published_source) = match published
        .as_deref()
        .and_then(dateline_model::dates::parse_iso_prefix)
    {
        Some(d) => (Some(d), Some(DateSource::Meta)),
        None => (meta.published, meta.published.map(|_| DateSource::Dateline)),
    };
    Document {
        id: id.to_string(),
        source: source.to_string(),
        url: url.map(str::to_string),
        outlet: site.or(meta.outlet),
        original_outlet: meta.original_outlet,
        title,
        published,
        published_source,
        text,
        warnings,
        description,
        image,
        authors,
        removed,
        ..Document::default()
    }
}

/// The page without what can never be article text: whole scripts (JSON-LD metadata kept),
/// style sheets, `<noscript>` fallbacks and `<nav>` elements (site menus, by HTML's own
/// definition), comments, and the bodies of inline SVG drawings. Readability removes
/// scripts, styles and `<noscript>` itself before scoring, so dropping them here changes
/// nothing but the work: half the bytes of typical news pages are scripts and styles and a
/// fifth of the rest navigation, and a node removed after parsing still costs its place in
/// the tree each time Readability copies it (reading 445 → 500 pages/s, F1 0.960 → 0.961 on
/// the benchmark when this was added). The rules are the HTML tokenizer's: a comment ends at
/// the first `-->`, a script or style at the first `</script` or `</style`, whatever their
/// contents; a `<noscript>`, SVG or nav element ends at its first closing tag (they are not
/// nested in practice, and a stray closing tag left behind is ignored by the parser).
///
/// Written by hand: the point is to skip the parser, so no parser crate can do it.
pub fn strip_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0; // html[..copied] is handled
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            let end = find(&bytes[at + 4..], b"-->").map_or(bytes.len(), |e| at + 4 + e + 3);
            out.push_str(&html[copied..at]);
            copied = end;
            i = end;
            continue;
        }
        let element = if starts_with_ci(rest, b"<script") {
            Some(&b"</script"[..])
        } else if starts_with_ci(rest, b"<style") {
            Some(&b"</style"[..])
        } else if starts_with_ci(rest, b"<svg") {
            Some(&b"</svg"[..])
        } else if starts_with_ci(rest, b"<nav") {
            Some(&b"</nav"[..])
        } else if starts_with_ci(rest, b"<noscript") {
            Some(&b"</noscript"[..])
        } else {
            None
        };
        let Some(close) = element else {
            i = at + 1;
            continue;
        };
        // A real start tag: the name ends here ("<scripts>" is not a script).
        let after_name = at + close.len() - 1;
        if !bytes
            .get(after_name)
            .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        {
            i = at + 1;
            continue;
        }
        let Some(tag_end) = memchr::memchr(b'>', &bytes[at..]).map(|e| at + e + 1) else {
            break;
        };
        let tag = &html[at..tag_end];
        let body_end = find_ci(&bytes[tag_end..], close).map_or(bytes.len(), |e| tag_end + e);
        if close == b"</script" && tag.to_ascii_lowercase().contains("ld+json") {
            i = body_end.max(at + 1);
            continue;
        }
        if close != b"</svg" {
            let end =
                memchr::memchr(b'>', &bytes[body_end..]).map_or(bytes.len(), |e| body_end + e + 1);
            out.push_str(&html[copied..at]);
            copied = end;
            i = end;
            continue;
        }
        // A drawing keeps its tags (it may be a picture in the story), not its body.
        out.push_str(&html[copied..tag_end]);
        copied = body_end;
        i = body_end.max(tag_end);
    }
    out.push_str(&html[copied..]);
    out
}

/// The page cut down to what Readability reads, as a browser would lay it out:
/// - each start tag keeps only the attributes Readability reads (scoring by class and id,
///   visibility, roles, bylines, tables, metadata in `<meta>`, the JSON-LD `type`; see
///   `kept_attribute`); a link's address stays only where it is read, an in-page `#` anchor or
///   a `javascript:` link; `<link>` tags go;
/// - runs of whitespace in text shrink to one character (a newline if they held one), and
///   whitespace between two blocks' tags goes.
///
/// Two thirds of a news page's bytes (after [`strip_inert`]) are inside tags, mostly `data-*`
/// attributes, class lists on links, addresses and image sources, and half the rest is
/// indentation; the parser would build a string for each and Readability walk every
/// whitespace node each time it counts a container's text. Words, tag names and the contents
/// of `<script>`, `<style>`, `<title>`, `<textarea>` and `<pre>` are copied unchanged; a tag
/// cut off by the end of the page is copied as it is. On the benchmark: 10.1 → 5.9 MB parsed,
/// reading 630 → 820 pages/s on one thread, the same text but for bylines read whole
/// (see `byline_names`).
///
/// Written by hand, like [`strip_inert`]: it exists to spare the parser work.
pub fn slim_tags(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0; // html[..copied] is handled
    let mut i = 0;
    let mut after_block = true;
    'tags: while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let Some((closing, name_start, name_end)) = tag_at(bytes, at) else {
            i = at + 1;
            continue;
        };
        let name = &bytes[name_start..name_end];
        let block = block_level(name);
        let written = out.len();
        push_text(&mut out, &html[copied..at], after_block && block);
        after_block = block;
        if closing {
            let Some(end) = memchr::memchr(b'>', &bytes[name_end..]).map(|e| name_end + e + 1)
            else {
                out.truncate(written);
                break;
            };
            out.push_str(&html[at..end]);
            copied = end;
            i = end;
            continue;
        }
        // Links to style sheets, feeds and icons: no text, and nothing Readability scores.
        let dropped = name.eq_ignore_ascii_case(b"link");
        if !dropped {
            out.push_str(&html[at..name_end]);
        }
        let mut j = name_end;
        let tag_end = loop {
            match next_attribute(bytes, j) {
                None => {
                    out.truncate(written); // the page ends inside the tag
                    break 'tags;
                }
                Some(Err(tag_end)) => break tag_end,
                Some(Ok(a)) => {
                    if !dropped && kept_attribute(bytes, &a, name) {
                        out.push(' ');
                        out.push_str(&html[a.start..a.end]);
                    }
                    j = a.end;
                }
            }
        };
        if !dropped {
            out.push_str(if bytes[tag_end - 2] == b'/' {
                "/>"
            } else {
                ">"
            });
        }
        copied = tag_end;
        i = tag_end;
        // Raw text runs to its closing tag whatever it holds.
        let Some(raw_close) = raw_text_close(name) else {
            continue;
        };
        i = find_ci(&bytes[tag_end..], raw_close).map_or(bytes.len(), |e| tag_end + e);
        out.push_str(&html[tag_end..i]);
        copied = i;
    }
    if copied < html.len() {
        push_text(&mut out, &html[copied..], true);
    }
    out
}

/// How deep elements may nest in a page handed to the parser. Browsers stop nesting at 512
/// (Blink's parser); real news pages stay under 60. Deeper markup is a hostile or broken page:
/// recursion over it overflows the stack and Readability's work grows with depth × size.
pub const MAX_DEPTH: usize = 256;

/// Elements that never have content: they open nothing.
fn void_element(name: &[u8]) -> bool {
    let mut buf = [0u8; 8];
    matches!(
        lowercase(name, &mut buf),
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Elements that a start tag of their own kind closes (`<p>one<p>two` are siblings, as are
/// `<li>`s, table cells and rows): they do not nest.
fn closed_by_sibling(name: &[u8]) -> bool {
    let mut buf = [0u8; 8];
    matches!(
        lowercase(name, &mut buf),
        b"p" | b"li" | b"dt" | b"dd" | b"option" | b"tr" | b"td" | b"th" | b"a"
    )
}

/// The page with no element nested deeper than `max`: start tags below that depth, and the
/// end tags that match them, are left out (their text stays, in place). Nesting is followed
/// as the HTML parser would in the cases that matter — void elements open nothing, a `<p>`,
/// `<li>`, cell or row opened beside one of its kind closes it, an end tag closes the
/// elements opened after its own start tag (looked for among the last 64 open ones; an end
/// tag that matches none of them is copied as it is) — so the depth counted is the depth the
/// parser will build, give or take a stray tag. Linear in the page's length; the text of
/// `<script>`, `<style>`, `<title>`, `<textarea>` and `<pre>` is copied as it is.
///
/// Written by hand: html5ever and dom_query have no depth limit, and the point is to bound
/// their work before they start.
pub fn cap_depth(html: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    // Open elements: (name range, whether the start tag was copied).
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0; // html[..copied] is handled (in `out` once something was left out)
    let mut i = 0;
    let skip = |out: &mut Option<String>, copied: &mut usize, at: usize, end: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[*copied..at]);
        *copied = end;
    };
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let Some((closing, name_start, name_end)) = tag_at(bytes, at) else {
            i = at + 1;
            continue;
        };
        let name = &bytes[name_start..name_end];
        let tag_end = if closing {
            memchr::memchr(b'>', &bytes[name_end..]).map(|e| name_end + e + 1)
        } else {
            let mut j = name_end;
            loop {
                match next_attribute(bytes, j) {
                    None => break None,
                    Some(Err(end)) => break Some(end),
                    Some(Ok(a)) => j = a.end,
                }
            }
        };
        let Some(tag_end) = tag_end else { break };
        i = tag_end;
        if closing {
            let from = open.len().saturating_sub(64);
            let found = open[from..]
                .iter()
                .rposition(|&(s, e, _)| bytes[s..e].eq_ignore_ascii_case(name))
                .map(|p| from + p);
            if let Some(p) = found {
                let copied_start = open[p].2;
                open.truncate(p);
                if !copied_start {
                    skip(&mut out, &mut copied, at, tag_end);
                }
            } else if open.len() > max {
                skip(&mut out, &mut copied, at, tag_end);
            }
            continue;
        }
        if void_element(name) {
            continue;
        }
        if closed_by_sibling(name)
            && open
                .last()
                .is_some_and(|&(s, e, _)| bytes[s..e].eq_ignore_ascii_case(name))
        {
            open.pop();
        }
        let copy = open.len() < max;
        open.push((name_start, name_end, copy));
        if !copy {
            skip(&mut out, &mut copied, at, tag_end);
        }
        let Some(raw_close) = raw_text_close(name) else {
            continue;
        };
        i = find_ci(&bytes[tag_end..], raw_close).map_or(bytes.len(), |e| tag_end + e);
    }
    match out {
        None => std::borrow::Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// The tag that the `<` at `at` opens, by the tokenizer's rules (a letter after `<` or
/// `</`): whether it is an end tag, and where its name starts and ends. None when the `<` is
/// text.
fn tag_at(bytes: &[u8], at: usize) -> Option<(bool, usize, usize)> {
    let closing = bytes.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = bytes[name_start..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
        .map_or(bytes.len(), |e| name_start + e);
    Some((closing, name_start, name_end))
}

/// The end tag that ends an element whose text is raw (`<script>`, `<style>`, `<title>`,
/// `<textarea>`, `<pre>`): it runs to that tag whatever it holds.
fn raw_text_close(name: &[u8]) -> Option<&'static [u8]> {
    let mut buf = [0u8; 8];
    Some(match lowercase(name, &mut buf) {
        b"script" => b"</script",
        b"style" => b"</style",
        b"title" => b"</title",
        b"textarea" => b"</textarea",
        b"pre" => b"</pre",
        _ => return None,
    })
}

/// Elements laid out as blocks: whitespace beside their tags is never shown.
fn block_level(name: &[u8]) -> bool {
    let mut buf = [0u8; 12];
    matches!(
        lowercase(name, &mut buf),
        b"html"
            | b"head"
            | b"body"
            | b"meta"
            | b"title"
            | b"script"
            | b"div"
            | b"p"
            | b"ul"
            | b"ol"
            | b"li"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"aside"
            | b"main"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"tr"
            | b"td"
            | b"th"
            | b"figure"
            | b"figcaption"
            | b"form"
            | b"fieldset"
            | b"blockquote"
            | b"hr"
            | b"br"
            | b"center"
            | b"address"
            | b"details"
            | b"summary"
            | b"picture"
            | b"source"
            | b"iframe"
    )
}

/// Appends the text between two tags as a browser would lay it out: a run of ASCII
/// whitespace cut to one character (a newline if the run held one), and nothing at all when
/// the text is only whitespace between two blocks' tags.
fn push_text(out: &mut String, text: &str, between_blocks: bool) {
    let bytes = text.as_bytes();
    if between_blocks && bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i - start > 1 {
            out.push_str(&text[from..start]);
            out.push(if bytes[start..i].contains(&b'\n') {
                '\n'
            } else {
                ' '
            });
            from = i;
        }
    }
    out.push_str(&text[from..]);
}

/// One attribute of a start tag: where its `name[=value]` starts and ends, where the name
/// ends, and the value's bounds without quotes.
struct Attribute {
    start: usize,
    name_end: usize,
    value: (usize, usize),
    end: usize,
}

/// The next attribute of a start tag from `i`, or `Err` with where the tag ends (after its
/// `>`), by the HTML tokenizer's rules: names run to whitespace, `/`, `>` or `=`; values are
/// quoted with `"` or `'`, or run to whitespace or `>`. `None` when the page ends first.
fn next_attribute(bytes: &[u8], mut i: usize) -> Option<Result<Attribute, usize>> {
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
    {
        i += 1;
    }
    if *bytes.get(i)? == b'>' {
        return Some(Err(i + 1));
    }
    let start = i;
    i += 1; // a first '=' belongs to the name
    while bytes
        .get(i)
        .is_some_and(|b| !(b.is_ascii_whitespace() || matches!(b, b'/' | b'>' | b'=')))
    {
        i += 1;
    }
    let name_end = i;
    let mut value = (i, i);
    let mut j = i;
    while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    if bytes.get(j) == Some(&b'=') {
        j += 1;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        match *bytes.get(j)? {
            q @ (b'"' | b'\'') => {
                let close = memchr::memchr(q, &bytes[j + 1..])? + j + 1;
                value = (j + 1, close);
                i = close + 1;
            }
            b'>' => i = j,
            _ => {
                let end = bytes[j..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .map_or(bytes.len(), |e| j + e);
                value = (j, end);
                i = end;
            }
        }
    }
    Some(Ok(Attribute {
        start,
        name_end,
        value,
        end: i,
    }))
}

/// `name` in ASCII lowercase, written into `buf`; empty when it is longer than `buf` (longer
/// than any tag or attribute name looked for), so it matches none of them.
fn lowercase<'a>(name: &[u8], buf: &'a mut [u8]) -> &'a [u8] {
    let Some(lower) = buf.get_mut(..name.len()) else {
        return &[];
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    lower
}

fn kept_attribute(bytes: &[u8], a: &Attribute, tag: &[u8]) -> bool {
    let mut buf = [0u8; 12];
    match lowercase(&bytes[a.start..a.name_end], &mut buf) {
        b"href" => {
            let value = &bytes[a.value.0..a.value.1];
            tag.eq_ignore_ascii_case(b"a")
                && (value.first() == Some(&b'#') || starts_with_ci(value, b"javascript:"))
        }
        b"class" | b"id" | b"style" | b"hidden" | b"role" | b"rel" | b"itemprop" | b"content"
        | b"property" | b"name" | b"type" | b"lang" | b"dir" | b"src" | b"colspan" | b"rowspan"
        | b"summary" | b"datatable" | b"loading" | b"charset" | b"http-equiv" | b"aria-hidden"
        | b"aria-modal" => true,
        _ => false,
    }
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// The first `needle` (lowercase ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &hay[i..]) {
        let at = i + off;
        if starts_with_ci(&hay[at..], needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Where a byline's names end and its date begins: "… Published 11:34 PM EST Nov 19, 2019",
/// "…, Nov 20 2019, 11:06am", "… 13.11.2019, 23:06".
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:published|updated|posted|last updated)\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b)|(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}\b|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),")
        .expect("static regex")
});

/// News agencies whose name follows a writer's in a byline.
const AGENCIES: &[&str] = &[
    "Associated Press",
    "Reuters",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "PTI",
    "IANS",
    "UPI",
    "dpa",
];

/// The names in a byline: "By A. Writer and B. Reporter, Reuters" → ["A. Writer",
/// "B. Reporter", "Reuters"]. A date after the names is cut off, and the page's own outlet or
/// a news agency written after a name is split from it ("Tom Davies USA TODAY Published Nov 19, 2019" →
/// ["Tom Davies", "USA TODAY"]): a byline block on a page without line breaks reads so.
fn byline_names(byline: &str, site: Option<&str>) -> Vec<String> {
    let mut b = byline.trim();
    for lead in [
        "Posted by ",
        "Written by ",
        "Published by ",
        "By ",
        "by ",
        "BY ",
    ] {
        if let Some(rest) = b.strip_prefix(lead) {
            b = rest;
            break;
        }
    }
    let b = BYLINE_DATE.find(b).map_or(b, |m| &b[..m.start()]);
    let site = site.map(str::trim).filter(|s| !s.is_empty());
    let mut names = Vec::new();
    for part in b
        .split([',', '|', ';', '\n'])
        .flat_map(|p| p.split(" and "))
    {
        let part = part
            .trim()
            .trim_end_matches(['-', '–', '—', '·', ':'])
            .trim();
        let glued = site.iter().chain(AGENCIES).find_map(|s| {
            let head = part.strip_suffix(s)?;
            // A name has two words at least ("The Associated Press" is one agency).
            (head.ends_with(' ') && head.split_whitespace().count() >= 2).then(|| [head.trim(), s])
        });
        for name in glued.as_ref().map_or(&[part][..], |g| &g[..]) {
            if !name.is_empty()
                && name.split_whitespace().count() <= 5
                && name.chars().any(char::is_alphabetic)
                && !name.eq_ignore_ascii_case("by")
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

/// Decodes a page using the charset its `<meta>` declares, else UTF-8, else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    decode_noting(bytes).0
}

/// [`decode`], and whether the page was neither valid UTF-8 nor in a declared charset, so
/// that it was read as Windows-1252 (a guess the reader should be told of).
pub fn decode_noting(bytes: &[u8]) -> (String, bool) {
    let head = &bytes[..bytes.len().min(4096)];
    let head_lc = String::from_utf8_lossy(head).to_ascii_lowercase();
    if let Some(pos) = head_lc.find("charset=") {
        let label: String = head_lc[pos + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if enc != encoding_rs::UTF_8 {
                return (enc.decode(bytes).0.into_owned(), false);
            }
        }
    }
    crate::decode_text_noting(bytes)
}

/// The text of `<body>` without scripts and styles.
pub(crate) fn visible_text(html: &str) -> String {
    let html = cap_depth(html, MAX_DEPTH);
    let doc = dom_query::Document::from(html.as_ref());
    doc.select("script, style, noscript, template").remove();
    let body = doc.select("body");
    let text = if body.exists() {
        body.text()
    } else {
        doc.root().text()
    };
    text.to_string()
}

/// Trims each line and collapses runs of blank lines to one.
pub(crate) fn normalize_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
            blank = false;
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_main_text_and_meta_date() {
        let page = r#"<html><head><title>Clashes in Homs</title>
            <meta property="article:published_time" content="2017-09-21T10:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Clashes in Homs</h1>
            <p>Syrian troops attacked militant-held towns north of the city of Homs on Thursday, targeting a long-held enclave of the opposition, residents said.</p>
            <p>At least five civilians and six militants were killed in the fighting, a monitoring group said, adding that the toll was likely to rise as rescue work went on.</p>
            </article><footer>Copyright 2017 Example News</footer></body></html>"#;
        let d = read("x", "x.html", None, page.as_bytes());
        assert!(d.text.contains("At least five civilians"), "{}", d.text);
        assert!(!d.text.contains("Copyright"), "{}", d.text);
        assert_eq!(
            d.published.map(|d| d.to_string()),
            Some("2017-09-21".into())
        );
        assert_eq!(d.published_source, Some(DateSource::Meta));
    }

    #[test]
    fn declared_charset_is_honoured() {
        let page =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
        assert!(decode(page).contains("Café"));
    }

    #[test]
    fn empty_page_falls_back_with_a_warning() {
        let d = read(
            "e",
            "e.html",
            None,
            b"<html><body><div>Only a short line.</div></body></html>",
        );
        assert!(d.text.contains("Only a short line."), "{:?}", d);
    }
}

#[cfg(test)]
mod byline_tests {
    use super::*;

    #[test]
    fn byline_names_are_split() {
        assert_eq!(
            byline_names("By A. Writer and B. Reporter, Reuters", None),
            ["A. Writer", "B. Reporter", "Reuters"]
        );
        assert!(byline_names("", None).is_empty());
        assert!(byline_names("By", None).is_empty());
        // A byline block read without its line breaks: names, outlet, date.
        assert_eq!(
            byline_names(
                "Kevin Johnson and Kevin McCoy USA TODAY Published 7:07 PM EST Nov 19, 2019",
                Some("USA TODAY")
            ),
            ["Kevin Johnson", "Kevin McCoy", "USA TODAY"]
        );
        assert_eq!(
            byline_names("Charlie Wood, Business Insider 19.11.2019, 08:57", None),
            ["Charlie Wood", "Business Insider"]
        );
        assert_eq!(
            byline_names("Tom Davies Associated Press Published 11:34 PM EST", None),
            ["Tom Davies", "Associated Press"]
        );
        assert_eq!(byline_names("Posted by Vortex", None), ["Vortex"]);
        assert_eq!(
            byline_names("The Associated Press", None),
            ["The Associated Press"]
        );
        assert_eq!(
            byline_names("Jeff FoustMonday, November 18, 2019", None),
            ["Jeff Foust"]
        );
        assert_eq!(
            byline_names("Carrie ArnoldNovember 15, 2019", None),
            ["Carrie Arnold"]
        );
    }
}

#[cfg(test)]
mod strip_tests {
    use super::*;

    #[test]
    fn scripts_styles_and_comments_go_metadata_and_text_stay() {
        let page = r#"<html><head><STYLE>p { color: red }</STYLE>
<script type="application/ld+json">{"datePublished": "2020-01-02"}</script>
<script>var s = "<p>not text</p>"; if (a < b) {}</script><!-- <script> -->
</head><body><p>Text <scripts>stays</scripts>.</p><script src="x.js"></script></body></html>"#;
        let out = strip_inert(page);
        assert!(!out.contains("STYLE") && !out.contains("x.js"), "{out}");
        assert!(out.contains(r#"{"datePublished": "2020-01-02"}"#), "{out}");
        assert!(!out.contains("not text") && !out.contains("<!--"), "{out}");
        assert!(
            out.contains("<p>Text <scripts>stays</scripts>.</p>"),
            "{out}"
        );
        // Unclosed elements and comments end the page, never panic.
        assert_eq!(strip_inert("<p>a</p><script>b"), "<p>a</p>");
        assert_eq!(strip_inert("<p>a</p><!-- b"), "<p>a</p>");
        assert_eq!(strip_inert("<p>é</p><scr"), "<p>é</p><scr");
    }

    #[test]
    fn tags_keep_only_what_readability_reads() {
        let page = r##"<div class="story" data-track='{"a":1}' onclick="go()"><a href="/world/x" class=link>World</a>
<a href="#comments">Comments</a><a HREF="javascript:void(0)" data-x=">">Share</a>
<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x" alt="A picture"><br/><p style="display:none" hidden>x</p>
<meta property="og:site_name" content="Example News"><link rel="stylesheet" href="x.css"><script type="application/ld+json">{"a": "<b class=x>"}</script>
<title>A <i data-x="1">title</i></title><pre data-x="1">  kept   as is  </pre></div>"##;
        let out = slim_tags(page);
        assert_eq!(
            out,
            r##"<div class="story"><a class=link>World</a>
<a href="#comments">Comments</a><a HREF="javascript:void(0)">Share</a>
<img src="a.jpg"><br/><p style="display:none" hidden>x</p><meta property="og:site_name" content="Example News"><script type="application/ld+json">{"a": "<b class=x>"}</script><title>A <i data-x="1">title</i></title><pre>  kept   as is  </pre></div>"##
        );
        // Whitespace as a browser lays it out: runs cut to one character, none between
        // blocks, the space between two links kept.
        assert_eq!(
            slim_tags("<div>\n  <p>Troops   withdrew\n\n   today.</p>\n  <p><a>A</a> <a>B</a></p>\n</div>"),
            "<div><p>Troops withdrew\ntoday.</p><p><a>A</a> <a>B</a></p></div>"
        );
        // A tag cut off by the end of the page is left as it is; no panic on odd input.
        assert_eq!(slim_tags(r#"<p>a</p><a href="x"#), r#"<p>a</p><a href="x"#);
        assert_eq!(slim_tags("<p>é</p><a b='c"), "<p>é</p><a b='c");
        assert_eq!(slim_tags("a < b <3 <"), "a < b <3 <");
    }

    #[test]
    fn drawings_and_site_menus_go_article_text_stays() {
        let page = r#"<body><NAV class="menu"><a href="/">Home</a><a href="/world">World</a></NAV>
<article><p>Troops <navy>withdrew</navy>.</p><svg viewBox="0 0 9 9"><path d="M0 0L9 9"/><text>chart</text></svg>
<p>Talks resume <b>today</b>.</p></article><nav>Next story</nav></body>"#;
        let out = strip_inert(page);
        assert!(
            !out.contains("Home") && !out.contains("Next story"),
            "{out}"
        );
        assert!(!out.contains("M0 0") && !out.contains("chart"), "{out}");
        assert!(out.contains(r#"<svg viewBox="0 0 9 9"></svg>"#), "{out}");
        assert!(
            out.contains("<p>Troops <navy>withdrew</navy>.</p>"),
            "{out}"
        );
        assert!(out.contains("<p>Talks resume <b>today</b>.</p>"), "{out}");
        // A menu never closed runs to the end of the page.
        assert_eq!(strip_inert("<p>a</p><nav><a>b</a>"), "<p>a</p>");
    }

    #[test]
    fn nesting_is_capped_text_kept() {
        // Unclosed spans nest; paragraphs and void elements do not.
        let deep = format!("<body>{}x", "<div><span>".repeat(400));
        let capped = cap_depth(&deep, 10);
        assert_eq!(capped.matches("<div>").count(), 5, "{capped}");
        assert!(capped.ends_with('x'));
        let flat = format!("<body>{}", "<p>one<br><img src=a>".repeat(400));
        assert!(matches!(
            cap_depth(&flat, 10),
            std::borrow::Cow::Borrowed(_)
        ));
        // Closed elements end their depth, and an end tag left out matches a start left out.
        let closed = format!("{}<p>in</p>{}", "<div>".repeat(20), "</div>".repeat(20));
        let capped = cap_depth(&closed, 10);
        assert_eq!(capped.matches("<div>").count(), 10);
        assert_eq!(capped.matches("</div>").count(), 10);
        assert!(capped.contains("in"));
        // Tags inside raw text are not counted.
        let script = format!("<title>{}</title><p>ok", "<div>".repeat(40));
        assert!(matches!(
            cap_depth(&script, 10),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_pages_are_read_on_a_small_stack() {
        // A worker thread's stack is 2 MB; 16,000 unclosed elements once overflowed it.
        let page = format!(
            "<html><body>{}Rebels shelled the town on Monday.",
            "<div><span>".repeat(16_000)
        );
        let doc = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || read("deep", "deep.html", None, page.as_bytes()))
            .expect("thread")
            .join()
            .expect("no stack overflow");
        assert!(doc.text.contains("Rebels shelled the town"), "{}", doc.text);
        assert!(doc.warnings.iter().any(|w| w.contains("nested deeper")));
    }
}
