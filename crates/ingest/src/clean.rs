//! Text and Markdown scrapes: removing junk and reading metadata from the lines themselves.
//!
//! A scrape is a column of lines: a header (site name, navigation, clock, title, byline,
//! dateline, image credits), the article body, then a tail (syndication and copyright lines,
//! adverts, disclaimers, related-story lists, reader comments). [`read`] classifies every line,
//! keeps the body's article paragraphs as the document's text and records each removed run
//! with its kind ([`Removed`]). [`read_metadata`] reads the publication date, outlet and
//! original outlet from datelines ("Global Research, September 21, 2017", "RT News 20
//! September 2017", "MOSCOW (Sputnik) –", "The original source of this article is RT News").
//!
//! Hand-written because no crate cleans plain-text scrapes (extraction crates need HTML).

use std::sync::LazyLock;

use chrono::NaiveDate;
use dateline_model::{DateSource, Document, Removed};
use regex::Regex;

/// Metadata read from a scrape's lines.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TextMeta {
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

static WRITTEN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
    ))
    .expect("static regex")
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:GMT|UTC|[AP]M)").expect("static regex")
});
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").expect("static regex"));
static NAV_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:region|theme|themes|in-depth report|tags?|topics?|filed under|categor(?:y|ies)|section|keywords)\s*:")
        .expect("static regex")
});
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:©|\(c\)\s|featured image\s*:|photo\s*:|image\s*:|picture\s*:|file photo|photograph\s*:|credit\s*:|credit(?:\.\.\.|…)|photo(?:graph)?(?: illustration)? by\b)")
        .expect("static regex")
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:share(?: this| on| via)?|tweet|print|email|e-mail|subscribe(?: to.*)?|follow us.*|sign up.*|get short url|read more|advertisement|click here.*|download the app.*|listen to this article.*|get the latest .*|sign in.*|log in.*)$")
        .expect("static regex")
});
static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:all comments|comments?|reader comments|community standards|show (?:new )?comments.*|comment via .*|join the discussion|to participate in the discussion.*|\d+ comments?|leave a (?:comment|reply)|discussion)\b")
        .expect("static regex")
});
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:disclaimer\b|copyright\b|©.*\b(?:19|20)\d\d\b|all rights reserved|the original source of this article is|the views expressed|this article (?:was|is) (?:originally )?(?:published|distributed)|articles by\s*:|for media inquiries|become a member|comment on .* articles)")
        .expect("static regex")
});
static ADVERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:pre-?order|isbn\b|list price|special price|click to order|buy now|order (?:now|here|today)|print edition|forthcoming release|special (?:pre-publication )?offer|donate now|support our work)")
        .expect("static regex")
});
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:related(?: stories| articles| posts| news| content)?|read (?:also|more)|newsfeed|more from .*|recommended(?: for you)?|you may also like|see also|most read|popular|latest news|more stories)\s*:?$")
        .expect("static regex")
});
static SERIES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^.!?]{3,80}\(\d+\)$").expect("static regex"));
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Z .'-]{2,30},?(?:\s+[A-Z][a-z]+\.?\s*\d{0,2},?)?\s*\(([A-Z][A-Za-z .&-]{1,30})\)\s*[–—-]")
        .expect("static regex")
});
static SYNDICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the original source of this article is\s+(.+?)\.?$").expect("static regex")
});

/// How one line was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keep,
    Junk(&'static str),
}

/// Reads a text or Markdown scrape into a document with clean text.
pub fn read(id: &str, source: &str, raw: &str) -> Document {
    let lines: Vec<String> = raw.lines().map(plain_line).collect();
    let meta = read_metadata_lines(&lines);
    let kinds = classify(&lines, meta.outlet.as_deref());
    let title = pick_title(&lines, &kinds);

    let mut text = String::new();
    let mut removed: Vec<Removed> = Vec::new();
    let mut last_kind: Option<&'static str> = None;
    for (line, kind) in lines.iter().zip(&kinds) {
        match kind {
            Kind::Keep => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(line);
                last_kind = None;
            }
            Kind::Junk(k) if !line.is_empty() => {
                if last_kind == Some(k) {
                    continue;
                }
                removed.push(Removed {
                    kind: (*k).to_string(),
                    preview: line.chars().take(60).collect(),
                });
                last_kind = Some(k);
            }
            Kind::Junk(_) => {}
        }
    }
    let mut warnings = Vec::new();
    if text.trim().is_empty() {
        warnings.push(format!(
            "{id}: no article paragraphs found; keeping the whole text"
        ));
        text = lines
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n");
        removed.clear();
    }
    Document {
        id: id.to_string(),
        source: source.to_string(),
        url: None,
        outlet: meta.outlet,
        original_outlet: meta.original_outlet,
        title,
        published: meta.published,
        published_source: meta.published.map(|_| DateSource::Dateline),
        text,
        removed,
        warnings,
        ..Document::default()
    }
}

/// Gallery and caption controls left in a page's text ("Image 1 of 8", "Caption", "Close").
static GALLERY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:image|photo|picture|slide)\s+\d+\s*(?:of|/)\s*/?\s*\d*|\d+\s*of\s*\d+\S.*|image (?:copyright|caption)\b.*|caption|close|expand|enlarge|hide caption|toggle caption|previous|next|back to gallery|enlarge image|\d+\s*(?:of|/)\s*\d+)$")
        .expect("static regex")
});
/// A byline or update line with a clock time ("By J. Writer - 11/18/19 11:04 PM EST",
/// "Updated at 1:23 p.m.", "Posted Nov 19, 6:51 AM").
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:by\s|updated\b|posted\b|published\b|last updated\b)(?:.*\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|gmt|utc|[a-z]{2,4}t\b)?|:?\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago$)")
        .expect("static regex")
});
/// Headings of a related-stories list after an article.
/// A link to another story, tagged as sites tag them: "Plane passengers quarantined [NEWS]",
/// "Headset review [Video]".
static TAGGED_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\w.{8,}\[(?:[A-Z]{3,12}|Video|Videos|Photos|Gallery|Watch|Pictures|Poll|Live)\]\s*\|?$",
    )
    .expect("static regex")
});

/// Calls to act that are never a story's words: "… by clicking here", "Follow us on Twitter".
static CALL_TO_ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:click(?:ing)? here|tap here|follow (?:us|\S+) on (?:twitter|facebook|instagram|youtube)|join our .*forums?|share it with|affiliate (?:and/or referral )?links?|affiliate commission|reach the reporters? (?:on|at)|follow on twitter)\b").expect("static regex")
});

/// Words only photo captions use: who stands where in the picture ("Mark Esper, left, and
/// …", "Kevin King (left) and …"), and pages' metadata rows ("Publicado por: … - Categoria:").
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i), (?:left|right|center|centre|second (?:from )?(?:left|right)), |\((?:left|right|center|centre|l|r|top|bottom|second (?:from )?(?:left|right))\)").expect("static regex")
});
static META_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:posted by|publicado por|published by|categor(?:y|ia|ie)|tags)\s*:.*\b(?:categor(?:y|ia|ie)|tags|por|by)\s*:").expect("static regex")
});

/// A photo agency alone, or at the end of a short credit: "Alex Wong | Getty Images".
static AGENCY_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:.*[|/]\s*)?(?:Getty(?: Images)?|AP Photo|AFP(?: via Getty Images)?|Shutterstock|EPA|Reuters|Associated Press|iStock)$").expect("static regex")
});

/// Contact lines: an e-mail address, a profile link, or "Listen: https://…".
static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[\w.+-]+@[\w-]+\.[\w.]+|(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram)\.com/\S+|\w+:\s*https?://\S+)$").expect("static regex")
});

/// A wire byline with the writer's role: "Robert Burns, AP National Security Writer".
static ROLE_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By\s)?\p{Lu}[\p{L}.'-]+(?:\s\p{Lu}[\p{L}.'-]+){1,3}(?:,? and \p{Lu}[\p{L}.'-]+(?:\s\p{Lu}[\p{L}.'-]+){1,3})?,\s(?:.*\b(?:Writer|Correspondent|Reporter|Editor)s?|Associated Press|Reuters|AFP|Bloomberg|CNN)$").expect("static regex")
});

static RELATED_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:related(?: stories| articles| posts| news| content| coverage)|you may also like|you might also like|more stories|more from .*|more articles (?:from|by) .*|recommended(?: for you| stories)?|most read(?: stories| articles)?|most popular|trending now|top stories(?: in .*)?|latest stories|read next|what to read next|want more stories like this\??|more on this (?:story|topic)|editor'?s picks|about the authors?|recent articles|popular this week|more great .* stories|trending|more|related news|tags|comments(?: \(\d+\))?|\d+ comments?|comments are closed|leave a (?:comment|reply)|add a comment|join the (?:discussion|conversation)|tell us what you think)\s*:?$")
        .expect("static regex")
});

/// Newsletter sign-up boxes: a short line that names a newsletter, an inbox or alerts and
/// asks to subscribe or sign up, or promises delivery.
static NEWSLETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:newsletters?|inbox|e-?mail alerts|news alerts)\b").expect("static regex")
});
static NEWSLETTER_ASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:subscrib\w*|sign(?:ing)? up|sign-up|deliver\w*|get (?:the|our)|problem)\b",
    )
    .expect("static regex")
});

/// A note on the writer at the end of a story: "Jane Roe is a reporter for The Daily.",
/// "Jane joined the magazine in March 2017."
static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}[\p{L}.'-]*\s){0,3}\p{Lu}[\p{L}.'-]*\s(?:is|was|joined|has been|covers|writes)\b.*\b(?:reporter|writer|correspondent|editor|journalist|contributor|columnist|producer|freelance|reporting|covering)\b")
        .expect("static regex")
});

/// "Keith Bradsher contributed reporting from Hong Kong."
static CONTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bcontributed (?:reporting|to this (?:report|story))\b|^(?i:additional|with additional) reporting by\b").expect("static regex")
});

/// Reported speech: a line with it is the story's, not a note on the writer.
static SAID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:said|says|told|according)\b").expect("static regex"));

/// Copyright and reuse notices of the site: "The contents of this site are ©2019 …",
/// "This document is subject to copyright.", "Citation: … retrieved … from https://…".
static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:©|^copyright\b|\ball rights reserved\b|\bsubject to copyright\b|^citation:.*\bretrieved\b.*https?://)")
        .expect("static regex")
});
/// Page controls and advert slots that are never text.
static PAGE_UI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:advert|advertisement|continue reading(?: below)?|this slideshow requires javascript\.?|you have been successfully subscribed!?|share this(?: article| story| page)?|scroll to continue(?: with content)?|skip ad|don't miss|sharing is caring!?|subscribe|breaking news emails|view author archive|e-?mail the author|iklan|anzeige|publicidad|publicité|реклама|\d+\s*min(?:ute)?s?\s+read|(?:reading time|tempo de leitura|tiempo de lectura|lesezeit)\s*:?.{0,20})$")
        .expect("static regex")
});
/// A link to another story set in the text ("READ MORE: …", "SEE MORE: …").
static LINK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:READ MORE|SEE MORE|ALSO READ|READ ALSO|RELATED|Read more|See more|Also read|Related)\s*:\s*\S")
        .expect("static regex")
});
/// A caption ending in its credit ("… sought treatmentCredit: EPA", "…, 2019. Photo: AP").
static CREDIT_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:Credit|Photograph|Photo|Image|Picture)s?\s*:\s*[^.!?]{1,60}|\((?:[^()]*\b(?:Photo|Photograph|Image credit|Credit|Getty Images)\b[^()]*)\)|\[(?:File|Photo|Image|Picture)\b[^\[\]]*\])$").expect("static regex")
});

/// Main text extracted from an HTML page still carries lines no article has: image credits and
/// credited captions, gallery controls, share prompts, clocks and bylines, repeated captions,
/// and a related-stories list after the article. Removes them, with their kinds, and never
/// empties the text (then it is returned whole).
pub fn strip_junk_lines(text: &str) -> (String, Vec<Removed>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut keep = vec![true; lines.len()];
    let mut removed = Vec::new();
    let mut note = |kind: &str, line: &str| {
        removed.push(Removed {
            kind: kind.to_string(),
            preview: line.chars().take(60).collect(),
        })
    };
    // Long lines printed more than once: the caption of a slideshow, repeated for each
    // picture. When one or two such lines repeat, a line seen three times or more goes
    // entirely (a gallery's captions are never the story), one seen twice keeps its first
    // copy. Many different repeated lines are the structure of the text itself (a meal plan
    // day by day, an interview's questions), and stay.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in &lines {
        let l = l.trim();
        if words(l) >= 12 && !l.ends_with('?') {
            *seen.entry(l).or_default() += 1;
        }
    }
    seen.retain(|_, n| *n >= 2);
    if seen.len() > 2 {
        seen.clear();
    }
    let mut previous: Option<&str> = None;
    // The last line of a box of links already removed.
    let mut in_box_until: Option<usize> = None;
    let mut printed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // The last few lines, where notes on the writer stand.
    let last_lines: Vec<usize> = (0..lines.len())
        .rev()
        .filter(|&i| !lines[i].trim().is_empty())
        .take(4)
        .collect();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if in_box_until.is_some_and(|end| i <= end) {
            continue;
        }
        let before = previous.replace(line);
        let copies = seen.get(line).copied().unwrap_or(0);
        let repeated = copies >= 3 || copies == 2 && !printed.insert(line);
        // A related-stories heading ("Read more" is often an inline link, so it is not one):
        // in the second half it ends the article; in the first half, with headlines under it
        // and the story going on after them, it is a box of links, and it and its headlines go.
        if RELATED_TAIL.is_match(line.trim_end_matches(['.', '…'])) {
            let headline =
                |l: &&str| words(l) <= 20 && !l.trim_end().ends_with(['.', '!', '?', '"', '”']);
            let run = lines[i + 1..]
                .iter()
                .take_while(|l| l.trim().is_empty() || headline(l))
                .count();
            if i * 2 < lines.len() && i + 1 + run < lines.len() {
                for j in i..=i + run {
                    keep[j] = false;
                    if !lines[j].trim().is_empty() {
                        note("related", lines[j].trim());
                    }
                }
                in_box_until = Some(i + run);
                continue;
            }
            note("related", line);
            for k in keep.iter_mut().skip(i) {
                *k = false;
            }
            break;
        }
        // Pages in any language and of any form come here: only kinds that are never text.
        let n = words(line);
        let bare = line.trim_start_matches(['|', ' ']);
        let kind = if GALLERY.is_match(line) {
            Some("gallery")
        } else if (n <= 14 && TIMESTAMP.is_match(bare))
            || (n <= 10 && ROLE_BYLINE.is_match(line))
            || (line.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "))
                && n <= 8
                && !ends_sentence(line))
            || (n <= 25 && CONTRIBUTED.is_match(line))
            || (n <= 14 && date_only(line))
            || CONTACT.is_match(line)
        {
            Some("byline")
        } else if PAGE_UI.is_match(line) {
            Some("share")
        } else if n <= 25 && (LINK_LINE.is_match(line) || TAGGED_LINK.is_match(line)) {
            Some("related")
        } else if repeated || n >= 8 && before == Some(line) {
            // The same caption again, as slideshows print it for each picture.
            Some("image_credit")
        } else if (n <= 30 && NEWSLETTER.is_match(line) && NEWSLETTER_ASK.is_match(line))
            || (n <= 40 && CALL_TO_ACT.is_match(line))
        {
            Some("share")
        } else if n <= 40 && NOTICE.is_match(line) {
            Some("disclaimer")
        } else if n <= 40 && NAV_FIELD.is_match(line) {
            Some("navigation")
        } else if last_lines.contains(&i)
            && i * 2 >= lines.len()
            && n <= 50
            && AUTHOR_BIO.is_match(line)
            && !SAID.is_match(line)
        {
            Some("byline")
        } else if n <= 40 && META_ROW.is_match(line) {
            Some("navigation")
        } else if (n <= 8 && AGENCY_CREDIT.is_match(line))
            || (n <= 60 && CAPTION.is_match(line) && !SAID.is_match(line))
            || n <= 60 && (CREDIT_TAIL.is_match(line) || CREDIT.is_match(line))
        {
            Some("image_credit")
        } else {
            None
        };
        if let Some(k) = kind {
            keep[i] = false;
            note(k, line);
        }
    }
    let out: Vec<&str> = lines
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(l, _)| *l)
        .collect();
    let out = out.join("\n");
    if out.trim().is_empty() {
        return (text.to_string(), Vec::new());
    }
    (out, removed)
}

/// A line with Markdown links, emphasis, escapes and common HTML entities turned to plain text.
pub fn plain_line(line: &str) -> String {
    let line = MD_LINK.replace_all(line.trim(), "$1");
    let mut s = line
        .replace('\u{a0}', " ")
        .replace("**", "")
        .replace("\\$", "$")
        .replace("\\*", "*")
        .replace("\\_", "_");
    s = decode_entities(&s);
    s.trim_start_matches('#').trim().to_string()
}

/// Decodes the HTML entities that survive in scraped text.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A line that is only a date or a time, perhaps with the outlet's name: "Nov. 20, 2019, 9:28
/// AM UTC", "November 20, 2019 / 1:07 AM / CBS News", "sexta-feira, 22 de outubro de 2010 às
/// 20:13". Lowercase words other than the glue of dates ("de", "at", "um") make it text.
fn date_only(line: &str) -> bool {
    // English months come from the model's date reading; these are the other languages'.
    const MONTHS: &[&str] = &[
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "janeiro",
        "fevereiro",
        "março",
        "maio",
        "junho",
        "julho",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "gennaio",
        "febbraio",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "settembre",
        "ottobre",
        "dicembre",
    ];
    const DAYS: &[&str] = &["today", "yesterday"];
    const GLUE: &[&str] = &[
        "published",
        "updated",
        "first",
        "posted",
        "last",
        "on",
        "at",
        "de",
        "às",
        "a",
        "las",
        "le",
        "à",
        "um",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "of",
        "et",
        "pt",
        "ct",
        "mt",
        "gmt",
        "utc",
    ];
    if words(line) > 14 || line.ends_with(['.', '!', '?']) && !line.ends_with(['m', 'M']) {
        return false;
    }
    let (mut dated, mut other) = (false, 0);
    for t in line.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '/' | '·' | '–' | '—' | '(' | ')')
    }) {
        let t = t.trim_matches(|c: char| c == '.' || c == ':' || c == '-');
        if t.is_empty() {
            continue;
        }
        let lower = t.to_lowercase();
        if MONTHS.contains(&lower.as_str()) || dateline_model::dates::month(t).is_some() {
            dated = true;
        } else if t.contains(':')
            && lower
                .trim_end_matches(['a', 'p', 'm', '.'])
                .chars()
                .all(|c| c.is_ascii_digit() || c == ':')
        {
            dated = true; // 20:13, 4:10pm
        } else if t.chars().all(|c| c.is_ascii_digit() || c == '.')
            || DAYS.contains(&lower.as_str())
            || dateline_model::dates::weekday(t).is_some()
            || lower.ends_with("-feira")
            || GLUE.contains(&lower.as_str())
            || t.len() <= 4
                && t.len() >= 2
                && t.chars().all(|c| c.is_ascii_uppercase())
                && t.ends_with('T')
        {
        } else if t.chars().next().is_some_and(char::is_uppercase) {
            other += 1;
        } else {
            return false;
        }
    }
    dated && other <= 2
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', ':', '»'])
}

/// True for a line with more letters outside the Latin script than inside it.
fn mostly_foreign(s: &str) -> bool {
    let (mut latin, mut other) = (0, 0);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

/// A line that is the same text written twice ("IS Retreating in SyriaIS Retreating in Syria").
fn doubled(s: &str) -> bool {
    let n = s.len();
    n >= 8 && n.is_multiple_of(2) && s.is_char_boundary(n / 2) && s[..n / 2] == s[n / 2..]
}

/// A comma-separated keyword list ("terrorists, jets, targets, Igor Konashenkov, Syria").
fn tag_list(s: &str) -> bool {
    let items: Vec<&str> = s.split(',').map(str::trim).collect();
    items.len() >= 4 && !ends_sentence(s) && items.iter().all(|i| (1..=4).contains(&words(i)))
}

/// Junk that can appear anywhere; None for lines that may be article text.
fn line_junk(line: &str, site: Option<&str>) -> Option<&'static str> {
    if CLOCK.is_match(line) {
        return Some("clock");
    }
    if NAV_FIELD.is_match(line) {
        return Some("navigation");
    }
    if CREDIT.is_match(line) || line.contains("(Source:") && words(line) < 30 {
        return Some("image_credit");
    }
    if SHARE.is_match(line) {
        return Some("share");
    }
    if mostly_foreign(line) {
        return Some("foreign_ui");
    }
    if doubled(line) {
        return Some("navigation");
    }
    if tag_list(line) {
        return Some("navigation");
    }
    if let Some(site) = site {
        let suffix = line.strip_suffix(site).map(str::trim_end);
        if suffix.is_some_and(|s| s.ends_with(['-', '–', '—', '|']) && s.len() > 2) {
            // "Russian Army in pictures - Sputnik International": a caption or a link.
            return Some("image_credit");
        }
    }
    if line.starts_with("By ") && words(line) <= 6 && !ends_sentence(line) {
        return Some("byline");
    }
    if WRITTEN_DATE.is_match(line) && words(line) <= 8 && !ends_sentence(line) {
        return Some("byline");
    }
    None
}

/// Junk that ends the article: everything after it is tail.
fn tail_start(line: &str) -> Option<&'static str> {
    if COMMENTS.is_match(line) && words(line) <= 8 {
        return Some("comments");
    }
    if RELATED.is_match(line) || SERIES.is_match(line) {
        return Some("related");
    }
    if DISCLAIMER.is_match(line) {
        return Some("disclaimer");
    }
    if ADVERT.is_match(line) {
        return Some("advert");
    }
    None
}

fn is_body_paragraph(line: &str) -> bool {
    words(line) >= 18 && line.contains(['.', '!', '?', ':'])
}

fn classify(lines: &[String], site: Option<&str>) -> Vec<Kind> {
    let junk: Vec<Option<&'static str>> = lines.iter().map(|l| line_junk(l, site)).collect();
    let candidate = |i: usize| junk[i].is_none() && !lines[i].is_empty();
    // The body starts at the first long paragraph, or at a shorter sentence-like line that
    // leads straight into one (a standfirst).
    let next_candidate = |i: usize| (i + 1..lines.len()).find(|&j| candidate(j));
    let body_start = (0..lines.len()).find(|&i| {
        candidate(i)
            && (is_body_paragraph(&lines[i])
                || (words(&lines[i]) >= 6
                    && ends_sentence(&lines[i])
                    && next_candidate(i).is_some_and(|j| is_body_paragraph(&lines[j]))))
    });
    let Some(body_start) = body_start else {
        return lines
            .iter()
            .zip(&junk)
            .map(|(l, j)| match j {
                Some(k) => Kind::Junk(k),
                None if l.is_empty() => Kind::Junk("blank"),
                None => Kind::Keep,
            })
            .collect();
    };
    let mut kinds = Vec::with_capacity(lines.len());
    let mut tail: Option<&'static str> = None;
    let mut after_junk = false;
    for (i, line) in lines.iter().enumerate() {
        if i < body_start {
            kinds.push(Kind::Junk(junk[i].unwrap_or("header")));
            continue;
        }
        if let Some(t) = tail_start(line) {
            tail = Some(t);
        }
        if let Some(t) = tail {
            kinds.push(Kind::Junk(tail_start(line).or(junk[i]).unwrap_or(t)));
            continue;
        }
        if line.is_empty() {
            kinds.push(Kind::Junk("blank"));
            continue;
        }
        if let Some(k) = junk[i] {
            kinds.push(Kind::Junk(k));
            after_junk = true;
            continue;
        }
        // A headline-like line right after a caption or credit is a link to another story.
        if after_junk && !ends_sentence(line) && words(line) <= 15 {
            kinds.push(Kind::Junk("related"));
            continue;
        }
        after_junk = false;
        kinds.push(Kind::Keep);
    }
    kinds
}

/// The share of a line's content words that are capitalised or numbers.
fn headline_score(line: &str) -> f64 {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "as", "by", "with",
        "over", "from", "near", "-", "–",
    ];
    let content: Vec<&str> = line
        .split_whitespace()
        .filter(|w| !SMALL.contains(&w.to_ascii_lowercase().as_str()))
        .collect();
    if content.is_empty() {
        return 0.0;
    }
    let caps = content
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    caps as f64 / content.len() as f64
}

/// The title: the most headline-like header line of 3 to 25 words.
fn pick_title(lines: &[String], kinds: &[Kind]) -> Option<String> {
    let header_end = kinds.iter().position(|k| *k == Kind::Keep).unwrap_or(0);
    let mut best: Option<(f64, &String)> = None;
    for (line, kind) in lines[..header_end].iter().zip(kinds) {
        if *kind != Kind::Junk("header")
            || !(3..=25).contains(&words(line))
            || ends_sentence(line)
            || line.starts_with(['-', '–', '—', '|'])
        {
            continue;
        }
        let score = headline_score(line);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, line));
        }
    }
    best.map(|(_, l)| l.clone())
}

/// Reads publication date and outlets from a text's lines (see the module docs).
pub fn read_metadata(text: &str) -> TextMeta {
    let lines: Vec<String> = text.lines().map(plain_line).collect();
    read_metadata_lines(&lines)
}

fn read_metadata_lines(lines: &[String]) -> TextMeta {
    let mut meta = TextMeta::default();
    let mut dateline_outlets = Vec::new();
    for line in lines.iter().take(80) {
        if line.is_empty() || CLOCK.is_match(line) {
            continue;
        }
        if meta.outlet.is_none() {
            if let Some(site) = line.strip_prefix(['-', '–', '—', '|']) {
                let site = site.trim();
                if (1..=4).contains(&words(site)) && !ends_sentence(site) {
                    meta.outlet = Some(site.to_string());
                    continue;
                }
            }
        }
        if words(line) <= 8 && !ends_sentence(line) {
            if let Some(m) = WRITTEN_DATE.find(line) {
                if meta.published.is_none() {
                    meta.published = dateline_model::dates::parse_written(m.as_str());
                }
                let before = line[..m.start()].trim().trim_end_matches(',').trim();
                if (1..=4).contains(&words(before))
                    && before.chars().next().is_some_and(char::is_uppercase)
                {
                    dateline_outlets.push(before.to_string());
                }
            }
        }
        if meta.outlet.is_none() {
            if let Some(c) = WIRE_DATELINE.captures(line) {
                meta.outlet = Some(c[1].trim().to_string());
            }
        }
    }
    for line in lines {
        if let Some(c) = SYNDICATION.captures(line) {
            meta.original_outlet = Some(c[1].trim().to_string());
        }
    }
    let mut outlets = dateline_outlets.into_iter();
    if meta.outlet.is_none() {
        meta.outlet = outlets.next();
    }
    if meta.original_outlet.is_none() {
        meta.original_outlet = outlets.find(|o| Some(o) != meta.outlet.as_ref());
    }
    if meta.original_outlet == meta.outlet {
        meta.original_outlet = None;
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Government forces retook the town of Example after two days of fighting with the militants, a local official said on Monday.";

    fn kinds_of(doc: &Document) -> Vec<&str> {
        doc.removed.iter().map(|r| r.kind.as_str()).collect()
    }

    #[test]
    fn comments_are_cut_to_the_end() {
        let raw =
            format!("{BODY}\n\nAll comments\n\nGreat news, at last!\nI disagree with 100 people.");
        let d = read("t", "t.txt", &raw);
        assert_eq!(d.text, BODY);
        assert_eq!(kinds_of(&d), ["comments"]);
    }

    #[test]
    fn adverts_and_disclaimers_in_the_tail_are_removed() {
        let raw = format!("{BODY}\n\nOur publisher announces the forthcoming release of the print edition of a new book.\n\nAuthor: Someone\nList Price: $17.95\n\nDisclaimer: The contents of this article are of sole responsibility of the author.");
        let d = read("t", "t.txt", &raw);
        assert_eq!(d.text, BODY);
        assert_eq!(kinds_of(&d), ["advert", "disclaimer"]);
    }

    #[test]
    fn header_navigation_credit_and_title() {
        let raw = format!("- Example Wire\nWorld\nTown Retaken After Two Days of Fighting\n© Example Wire / A Photographer\nRegion: Middle East\n\n{BODY}\n\nThe town had been held by the militants since 2014, the official added.");
        let d = read("t", "t.txt", &raw);
        assert!(d.text.starts_with(BODY));
        assert_eq!(
            d.title.as_deref(),
            Some("Town Retaken After Two Days of Fighting")
        );
        assert_eq!(d.outlet.as_deref(), Some("Example Wire"));
        assert!(kinds_of(&d).contains(&"image_credit"));
        assert!(kinds_of(&d).contains(&"navigation"));
    }

    #[test]
    fn related_lists_and_foreign_ui_are_removed() {
        let raw = format!("{BODY}\n\nRelated:\nTown Falls to Militants\nOfficial Says Fighting Continues\n\nЗаголовок открываемого материала");
        let d = read("t", "t.txt", &raw);
        assert_eq!(d.text, BODY);
        assert_eq!(kinds_of(&d), ["related", "foreign_ui"]);
    }

    #[test]
    fn datelines_give_date_and_outlets() {
        let m = read_metadata("By Example News\n\nDaily Planet, September 21, 2017\n\nExample News 20 September 2017\n\nBody text here.");
        assert_eq!(
            m.published.map(|d| d.to_string()),
            Some("2017-09-21".into())
        );
        assert_eq!(m.outlet.as_deref(), Some("Daily Planet"));
        assert_eq!(m.original_outlet.as_deref(), Some("Example News"));
    }

    #[test]
    fn a_clock_widget_is_not_the_publication_date() {
        let m = read_metadata("00:12 GMT +327 February 2017\nSome Headline Here\n");
        assert_eq!(m.published, None);
        let m = read_metadata("CAIRO (Example Agency) – Something happened in the capital today.");
        assert_eq!(m.outlet.as_deref(), Some("Example Agency"));
    }

    #[test]
    fn syndication_line_names_the_original_outlet() {
        let m = read_metadata("Body.\nThe original source of this article is Example News\n");
        assert_eq!(m.original_outlet.as_deref(), Some("Example News"));
    }

    #[test]
    fn markdown_is_made_plain() {
        assert_eq!(
            plain_line("By [RT News](#) costs \\$9.95 **now**"),
            "By RT News costs $9.95 now"
        );
        assert_eq!(plain_line("Syria&#x27;s army"), "Syria's army");
    }
}

#[cfg(test)]
mod html_junk_tests {
    use super::*;

    #[test]
    fn credits_galleries_timestamps_and_a_related_tail_leave_html_text() {
        let text = "By Jane Writer - 11/18/19 11:04 PM EST\n\
                    Troops retook the town on Tuesday after heavy fighting, officials said.\n\
                    Soldiers patrol the market on Wednesday. Photo: Hau Dinh, AP\n\
                    Image 1 of 8\n\
                    Caption\n\
                    Advertisement\n\
                    A market stall in the town. (AP Photo/Hau Dinh)\n\
                    READ MORE: Ten things to know about the town\n\
                    Residents said the militants had withdrawn before dawn.\n\
                    Read more\n\
                    Aid agencies said roads were open again by the evening.\n\
                    You may also like...\n\
                    Ten things to know about the town";
        let (kept, removed) = strip_junk_lines(text);
        assert_eq!(
            kept,
            "Troops retook the town on Tuesday after heavy fighting, officials said.\n\
             Residents said the militants had withdrawn before dawn.\n\
             Read more\n\
             Aid agencies said roads were open again by the evening."
        );
        let kinds: Vec<&str> = removed.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "byline",
                "image_credit",
                "gallery",
                "gallery",
                "share",
                "image_credit",
                "related",
                "related"
            ]
        );
        // Text in any language stays; nothing is ever emptied.
        let (kept, _) = strip_junk_lines("Что вас вдохновило?\nЧто вас вдохновило?");
        assert_eq!(kept, "Что вас вдохновило?\nЧто вас вдохновило?");
        assert_eq!(strip_junk_lines("Caption").0, "Caption");
    }

    #[test]
    fn sign_ups_notices_bylines_and_tagged_links_leave_html_text() {
        let text = "Jane Roe, AP Diplomatic Writer\n\
                    | UPDATED: 11:05, Tue, Nov 19, 2019\n\
                    Published 1 day ago\n\
                    Envoys met in the capital on Monday to restart the stalled talks, officials said.\n\
                    Subscribe to the Morning Review newsletter\n\
                    Get the day's top headlines delivered to your inbox every morning.\n\
                    Related: Talks collapse after a week of shelling\n\
                    Ceasefire monitors report new shelling near the border [VIDEO]\n\
                    The delegations will meet again next week in the same city.\n\
                    Smoke over the border town on Sunday [File: Reuters]\n\
                    GET OUR APP ON THE GO BY CLICKING HERE\n\
                    Filed under: Diplomacy, Border\n\
                    Both sides said they were ready to exchange prisoners.\n\
                    Copyright 2019 The Daily Example. All rights reserved.\n\
                    Jane Roe is a diplomatic correspondent for The Daily Example.";
        let (kept, removed) = strip_junk_lines(text);
        assert_eq!(
            kept,
            "Envoys met in the capital on Monday to restart the stalled talks, officials said.\n\
             The delegations will meet again next week in the same city.\n\
             Both sides said they were ready to exchange prisoners."
        );
        let kinds: Vec<&str> = removed.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "byline",
                "byline",
                "byline",
                "share",
                "share",
                "related",
                "related",
                "image_credit",
                "share",
                "navigation",
                "disclaimer",
                "byline"
            ]
        );
        // A story that mentions a newsletter or a writer is kept.
        let story = "The newsletter's founder said the paper would close in March.\n\
                     Jane Roe is a reporter who covered the war for a decade, her editor said.\n\
                     She said she would keep writing.";
        assert_eq!(strip_junk_lines(story).0, story);
    }

    #[test]
    fn dates_credits_and_page_controls_alone_on_a_line_go() {
        for junk in [
            "Nov. 20, 2019, 9:28 AM UTC",
            "November 20, 2019 / 1:07 AM / CBS News",
            "First Published: Tuesday, November 19, 2019 08:38 AM",
            "sexta-feira, 22 de outubro de 2010 às 20:13",
            "Today 12:01 AM",
            "Credit...Doug Mills/The New York Times",
            "Photo illustration by Slate. Photo by David Dyer-Bennet.",
            "By Stefan Becket, Kathryn Watson, Grace Segers",
            "Keith Bradsher contributed reporting from Hong Kong.",
            "SUBSCRIBE",
            "5 min read",
            "Tempo de leitura: 2 minutos",
            "Like this story? Share it with a friend!",
            "This post may contain affiliate and/or referral links. Please see my disclosure page.",
            "Copyright @ 2019 The New Arab.",
            "Alex Wong | Getty Images",
            "Getty Images",
            "1 of 6",
            "Enlarge Image",
            "Additional reporting by Joseph Hudak",
            "Meg Kinnard and Errin Haines, Associated Press",
            "Reach the reporters on Twitter at http://twitter.com/example",
            "reporter@example.com",
            "twitter.com/example",
            "Listen: http://example.com/podcast",
            "The defence ministers, left, and their aides walk to the talks in Hanoi, Vietnam, Wednesday, Nov. 20, 2019.",
            "Professor Kevin King (left) and his colleague Timothy Weeks",
            "05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde - Tags: sad",
        ] {
            let text = format!(
                "Troops retook the town on Tuesday.\n{junk}\nResidents returned on Wednesday."
            );
            assert_eq!(
                strip_junk_lines(&text).0,
                "Troops retook the town on Tuesday.\nResidents returned on Wednesday.",
                "{junk}"
            );
        }
        for text in [
            "July 2 -- Mohegan Sun Arena, Uncasville, CT",
            "The attack began at 9:30 AM",
            "By Tuesday, the troops had left the town.",
            "On March 3 the talks resumed.",
            "Reuters reported the deal on Monday.",
            "Write to us at the address below.",
            "The minister, left, said the talks would resume (left to the envoys) next week.",
        ] {
            let page = format!(
                "Troops retook the town on Tuesday.\n{text}\nResidents returned on Wednesday."
            );
            assert_eq!(strip_junk_lines(&page).0, page, "{text}");
        }
    }

    #[test]
    fn a_box_of_links_in_the_first_half_goes_and_the_story_goes_on() {
        let text = "Troops retook the town on Tuesday after a week of fighting, officials said.\n\
                    More from World\n\
                    Floods cut roads in the north\n\
                    Talks resume in the capital\n\
                    Residents returned on Wednesday to find their houses looted.\n\
                    Aid agencies said roads were open again by the evening.\n\
                    Schools will reopen next week.\n\
                    The army said it would keep a garrison in the town.";
        let (kept, removed) = strip_junk_lines(text);
        assert_eq!(
            kept,
            "Troops retook the town on Tuesday after a week of fighting, officials said.\n\
             Residents returned on Wednesday to find their houses looted.\n\
             Aid agencies said roads were open again by the evening.\n\
             Schools will reopen next week.\n\
             The army said it would keep a garrison in the town."
        );
        assert_eq!(removed.len(), 3);
    }

    #[test]
    fn a_related_comments_or_tags_heading_in_the_second_half_ends_the_article() {
        for heading in [
            "Top stories in Nation",
            "Comments",
            "Tags",
            "About the Author",
            "Most read stories",
        ] {
            let text = format!(
                "Troops retook the town on Tuesday.\nResidents returned on Wednesday.\n\
                 Schools reopened on Thursday.\n{heading}\nAnother story entirely\nA reader's remark"
            );
            let (kept, removed) = strip_junk_lines(&text);
            assert_eq!(
                kept,
                "Troops retook the town on Tuesday.\nResidents returned on Wednesday.\nSchools reopened on Thursday.",
                "{heading}"
            );
            assert_eq!(removed.len(), 1, "{heading}");
        }
    }

    #[test]
    fn a_caption_printed_for_each_picture_goes_but_repeated_structure_stays() {
        let caption = "The defence ministers shake hands in the capital on Wednesday, Nov. 20, 2019, before talks.";
        let text = format!(
            "{caption}\nThe ministers agreed to hold joint exercises next year, both said.\n\
             {caption}\nTalks will continue in the spring.\n{caption}"
        );
        let (kept, _) = strip_junk_lines(&text);
        assert_eq!(
            kept,
            "The ministers agreed to hold joint exercises next year, both said.\nTalks will continue in the spring."
        );
        // Seen twice: the first copy stays.
        let text = format!("{caption}\nTalks will continue in the spring.\n{caption}");
        assert_eq!(
            strip_junk_lines(&text).0,
            format!("{caption}\nTalks will continue in the spring.")
        );
        // A plan repeated day by day is the text itself.
        let plan: Vec<String> = (1..=3)
            .map(|d| format!("Day {d}\nBreakfast: one cup of oats with one cup of berries and a spoon of honey\nLunch: one cup of rice with one cup of beans and a green salad on the side\nDinner: one bowl of lentil soup with bread and a glass of water before bed"))
            .collect();
        let plan = plan.join("\n");
        assert_eq!(strip_junk_lines(&plan).0, plan);
    }
}
