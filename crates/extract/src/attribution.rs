//! Who says so: the claimant of a sentence, as written, and who relayed it.
//!
//! Handles "X said …", "…, X said (on Sunday).", "X, a UK-based group, said …", "according to
//! X", "X told journalists", "Y, quoting X, said …" and chains ("RT reported him as saying",
//! "TASS quoted Putin as saying"), passives ("was reported by X"), inverted subjects ("…
//! said the monitor"), relays ("a source said, SANA reported") and citations ("citing a
//! statement from X"), reading noun phrases with [`crate::grammar`]. Pronouns and descriptions
//! ("it said", "the group added") resolve to the source last named ([`Antecedents`]). Only a
//! quotation carries its speaker to sentences without a marker ([`inherit`]).

use crate::grammar;
use crate::text::Sentence;
use dateline_model::Stance;

/// A sentence's attribution.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    pub claimant: Option<String>,
    pub via: Vec<String>,
}

const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "reported",
    "reports",
    "stated",
    "states",
    "added",
    "adds",
    "announced",
    "announces",
    "claimed",
    "claims",
    "confirmed",
    "confirms",
    "noted",
    "stressed",
    "elaborated",
    "explained",
    "insisted",
    "warned",
    "declared",
    "alleged",
    "quoted",
    "wrote",
    "tweeted",
    "posted",
    "indicated",
    "revealed",
    "disclosed",
    "acknowledged",
    "denied",
    "reiterated",
    "underlined",
    "emphasized",
    "emphasised",
    "estimated",
    "documented",
];

/// [`SPEECH`] as one automaton.
static SPEECH_VERBS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(SPEECH).expect("static verbs build an automaton")
    });

const PRONOUNS: &[&str] = &["he", "she", "they", "him", "her", "them", "it", "we", "i"];

/// Words that end a claimant phrase when scanning back from a speech verb.
const BREAK_WORDS: &[&str] = &[
    "and", "but", "while", "as", "which", "that", "because", "so",
];

/// The sources named so far in a document, that pronouns ("it said", "he added") and
/// descriptions ("the group said", "according to the report") stand for.
#[derive(Debug, Clone, Default)]
pub struct Antecedents {
    /// The last claimant named by a name.
    pub named: Option<String>,
    /// The last named claimant that is an organisation, outlet or document's author.
    pub organisation: Option<String>,
}

impl Antecedents {
    /// Records the claimant of a sentence once it is known.
    pub fn note(&mut self, claimant: &str) {
        if is_description(claimant) || !has_name(claimant) {
            return;
        }
        self.named = Some(claimant.to_string());
        if is_organisation(claimant) {
            self.organisation = Some(claimant.to_string());
        }
    }
}

/// Heads of the descriptions news uses for an organisation it has named: "the group", "the
/// Britain-based organisation", "the monitor". A document ("the report", "the statement")
/// is kept as written: its author is not always the last organisation named.
const DESCRIPTION_HEADS: &[&str] = &[
    "group",
    "organisation",
    "organization",
    "monitor",
    "watchdog",
    "body",
    "ngo",
    "network",
    "agency",
    "ministry",
    "coalition",
];

/// Organisation words: a claimant holding one, or written as an acronym, is an organisation.
const ORGANISATION_WORDS: &[&str] = &[
    "observatory",
    "ministry",
    "agency",
    "group",
    "network",
    "committee",
    "committees",
    "commission",
    "coalition",
    "army",
    "forces",
    "council",
    "organisation",
    "organization",
    "office",
    "command",
    "staff",
    "television",
    "tv",
    "radio",
    "news",
    "center",
    "centre",
    "front",
    "state",
    "nations",
    "union",
    "department",
    "government",
    "monitor",
    "brigade",
    "defense",
    "defence",
    "police",
    "pentagon",
    "media",
    "service",
];

/// A definite description of a source: "the group", "The Britain-based organisation" — "the",
/// lowercase or place-based modifiers, and a [`DESCRIPTION_HEADS`] word at the end.
fn is_description(c: &str) -> bool {
    let words: Vec<&str> = c.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    rest.first().is_some_and(|w| w.eq_ignore_ascii_case("the"))
        && DESCRIPTION_HEADS.contains(&last.to_lowercase().as_str())
        && rest[1..]
            .iter()
            .all(|w| !w.chars().next().is_some_and(char::is_uppercase) || w.contains('-'))
}

/// True when a claimant holds a name: a capitalised word other than a leading article, or a
/// "-based" modifier's place.
fn has_name(c: &str) -> bool {
    c.split_whitespace().enumerate().any(|(i, w)| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !(i == 0 && matches!(w, "The" | "A" | "An"))
            && !w.contains("-based")
    })
}

fn is_organisation(c: &str) -> bool {
    c.split_whitespace().any(|w| {
        let l = w.to_lowercase();
        ORGANISATION_WORDS.contains(&l.as_str())
            || (w.len() >= 2 && w.chars().all(|ch| ch.is_ascii_uppercase() || ch == '.'))
    })
}

/// Finds the attribution written in one sentence. `last_named` resolves pronouns and
/// descriptions.
pub fn attribute(sentence: &str, last_named: Option<&str>) -> Attribution {
    let known = Antecedents {
        named: last_named.map(str::to_string),
        organisation: last_named.map(str::to_string),
    };
    attribute_with(sentence, &known)
}

/// Finds the attribution written in one sentence; pronouns resolve to the last named source,
/// descriptions ("the group", "the report") to the last named organisation.
pub fn attribute_with(sentence: &str, known: &Antecedents) -> Attribution {
    let resolve = |c: String| -> Option<String> {
        let lc = c.to_ascii_lowercase();
        if PRONOUNS.contains(&lc.as_str()) {
            if lc == "it" {
                return known.organisation.clone().or_else(|| known.named.clone());
            }
            known.named.clone()
        } else if is_description(&c) {
            Some(known.organisation.clone().unwrap_or(c))
        } else {
            Some(c)
        }
    };
    let toks = grammar::tokens(sentence);
    let phrase = |r: std::ops::Range<usize>| {
        clean_phrase(&sentence[toks[r.start].start..toks[r.end - 1].end])
    };
    // "X reported/quoted Y as saying"; "Y was quoted by X as saying"
    if let Some(pos) = find_word(sentence, "as saying") {
        let before = &sentence[..pos];
        for verb in ["reported", "quoted", "quotes", "cited"] {
            if let Some(vpos) = rfind_word(before, verb) {
                let speaker = before[vpos + verb.len()..].trim();
                if let Some(by) = speaker.strip_prefix("by ") {
                    let v = toks.iter().position(|t| t.start == vpos);
                    let quoted = v.and_then(|v| {
                        let b = skip_back(&toks, v);
                        grammar::noun_phrase_before(&toks, b)
                    });
                    if let Some(r) = quoted {
                        return Attribution {
                            claimant: resolve(phrase(r)),
                            via: vec![clean_phrase(by)],
                        };
                    }
                }
                let relay = phrase_before(sentence, vpos);
                if let (Some(relay), false) = (relay, speaker.is_empty()) {
                    return Attribution {
                        claimant: resolve(speaker.to_string()),
                        via: vec![relay],
                    };
                }
            }
        }
    }
    // "according to X": the noun phrase after it.
    if let Some(i) = toks
        .iter()
        .position(|t| t.text.eq_ignore_ascii_case("according"))
    {
        if toks
            .get(i + 1)
            .is_some_and(|t| t.text.eq_ignore_ascii_case("to"))
        {
            let who = match toks.get(i + 2) {
                Some(t) if t.tag == grammar::Tag::Pronoun => Some(t.text.to_string()),
                _ => grammar::noun_phrase_after(&toks, i + 2)
                    .map(phrase)
                    .or_else(|| {
                        // No source head: the words up to the next mark ("according to
                        // initial counts, …").
                        let rest = &sentence[toks[i + 1].end..];
                        let end = rest.find([',', ';', ':', '"', '”']).unwrap_or(rest.len());
                        let who = clean_phrase(&rest[..end]);
                        (who.split_whitespace().count() <= 6).then_some(who)
                    }),
            };
            if let Some(c) = who.filter(|w| !w.is_empty()).and_then(resolve) {
                return Attribution {
                    claimant: Some(c),
                    via: Vec::new(),
                };
            }
        }
    }
    // Speech verbs: prefer a trailing attribution ("…, X said."), else the first one.
    // Every speech verb at word boundaries, in one pass over the sentence.
    let mut verbs: Vec<(usize, &str)> = SPEECH_VERBS
        .find_overlapping_iter(sentence)
        .map(|m| (m.start(), SPEECH[m.pattern().as_usize()]))
        .filter(|(p, v)| is_word_boundary(sentence, *p, p + v.len()))
        .collect();
    verbs.sort();
    // "the war has claimed the lives of …" reports a toll, not a claim.
    verbs.retain(|(p, v)| {
        !(v.starts_with("claim")
            && sentence[p + v.len()..]
                .trim_start()
                .starts_with("the lives"))
    });
    // "fighters reported dead", "two confirmed killed": a participle before a word of harm
    // describes the victims; nobody is named as saying it.
    verbs.retain(|(p, v)| {
        let next = sentence[p + v.len()..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        !(v.ends_with("ed")
            && matches!(
                next.as_str(),
                "dead"
                    | "killed"
                    | "wounded"
                    | "injured"
                    | "missing"
                    | "kidnapped"
                    | "abducted"
                    | "arrested"
                    | "detained"
            ))
    });
    let trailing = verbs.iter().rev().find(|(p, v)| {
        let after = &sentence[p + v.len()..];
        !after.contains(['"', '“'])
            && (after.split_whitespace().count() <= 6
                || toks
                    .iter()
                    .position(|t| t.start == *p)
                    .is_some_and(|i| inverted_subject(&toks, i).is_some()))
    });
    let candidates = trailing.into_iter().chain(verbs.iter());
    for (pos, verb) in candidates {
        let before = sentence[..*pos].trim_end();
        let quoting = sentence[pos + verb.len()..]
            .trim_start()
            .starts_with("as saying");
        if quoting {
            continue;
        }
        let Some(v) = toks.iter().position(|t| t.start == *pos) else {
            continue;
        };
        let claimant = if before.ends_with(',')
            && !before.ends_with("\",")
            && !before.ends_with("”,")
            && !before.ends_with("',")
        {
            // "X, a UK-based group …, said" — the claimant is the head before the first comma;
            // "Y, quoting X, said" — X speaks through Y.
            let head = before.split(',').next().unwrap_or("");
            if let Some(q) = find_word(before, "quoting") {
                let quoted = clean_phrase(
                    before[q + "quoting".len()..]
                        .split(',')
                        .next()
                        .unwrap_or(""),
                );
                if !quoted.is_empty() {
                    return Attribution {
                        claimant: resolve(quoted),
                        via: vec![clean_phrase(head)],
                    };
                }
            }
            // Walk back over appositives ("…, General Sergey Rudskoy, spokesman for the
            // General Staff, added"): the claimant is the nearest segment that starts with a
            // capital letter.
            let segments: Vec<&str> = before
                .trim_end_matches(',')
                .split(',')
                .map(str::trim)
                .collect();
            let named = segments
                .iter()
                .rev()
                .take(3)
                .find(|s| s.chars().next().is_some_and(char::is_uppercase) && plausible_claimant(s))
                .map(|s| clean_phrase(s));
            named.or_else(|| Some(clean_phrase(head)))
        } else {
            speaker_of(sentence, &toks, v)
        };
        if let Some(c) = claimant.filter(|c| plausible_claimant(c)) {
            if let Some(first) = relayed_by(sentence, &toks, v).filter(|f| plausible_claimant(f)) {
                return Attribution {
                    claimant: resolve(first),
                    via: vec![c],
                };
            }
            // "X reported 15 deaths, citing a statement from Y": Y speaks through X.
            if let Some(cited) = cited_source(sentence, &toks, v) {
                return Attribution {
                    claimant: resolve(cited),
                    via: vec![c],
                };
            }
            return Attribution {
                claimant: resolve(c),
                via: Vec::new(),
            };
        }
    }
    Attribution::default()
}

/// The frames that bind a speech verb (token `v`) to its speaker, tried in order; each returns
/// the speaker's phrase as written.
///
/// - passive: "was reported by the agency", "were confirmed by medics"; a passive without "by"
///   ("six were reported killed") has no speaker;
/// - inverted, when a noun phrase after the verb ends the clause: `"…," said the director`,
///   "… were killed said Observatory head Rami Abdel Rahman" ("told" and "quoted" take their
///   hearer and their speaker after them, not the speaker);
/// - subject before the verb, read back as a noun phrase over auxiliaries, adverbs and times
///   ("the Observatory has said", "the ministry on Monday said"), but not a relative pronoun
///   ("which claimed") nor a subject in a clause that begins with "since", "after", "when" …
///   ("since it declared a caliphate");
/// - relayed: "a source said on Monday, SANA reported" — the first speaker, through the
///   second, is handled by the caller with [`relayed_by`].
fn speaker_of(sentence: &str, toks: &[grammar::Token], v: usize) -> Option<String> {
    use grammar::Tag;
    let text = |r: std::ops::Range<usize>| {
        clean_phrase(&sentence[toks[r.start].start..toks[r.end - 1].end])
    };
    let b = skip_back(toks, v);
    let passive = toks[b..v].iter().any(|t| {
        matches!(
            t.lower().as_str(),
            "is" | "are" | "was" | "were" | "been" | "being" | "be"
        )
    });
    if passive {
        return toks
            .get(v + 1)
            .filter(|t| t.text == "by")
            .and_then(|_| grammar::noun_phrase_after(toks, v + 2))
            .map(text);
    }
    let hearer_after = matches!(
        toks[v].lower().as_str(),
        "told" | "tells" | "quoted" | "quotes"
    );
    if !hearer_after {
        if let Some(r) = inverted_subject(toks, v) {
            return Some(text(r));
        }
    }
    // An opening quotation mark between subject and verb: `The Observatory "has documented …"`.
    let mut b = b;
    if b > 0 && is_quote(toks[b - 1].text.chars().next().unwrap_or(' ')) {
        let quotes_before = toks[..b - 1]
            .iter()
            .filter(|t| is_quote(t.text.chars().next().unwrap_or(' ')))
            .count();
        if quotes_before % 2 == 1 {
            return None;
        }
        b -= 1;
    }
    let r = grammar::noun_phrase_before(toks, b)?;
    // Right after a quotation (`"…," the officer said`) any noun phrase is the speaker.
    let after_quotation = r.start > 0 && {
        let mut q = r.start - 1;
        if toks[q].text == "," && q > 0 {
            q -= 1;
        }
        is_quote(toks[q].text.chars().next().unwrap_or(' '))
    };
    let is_source = after_quotation
        || toks[r.clone()]
            .iter()
            .any(|t| t.tag == Tag::Pronoun || grammar::names_source(t));
    let relative = toks[r.start].tag == Tag::Pronoun
        && matches!(toks[r.start].lower().as_str(), "which" | "who" | "that");
    let subordinate = r.start > 0
        && matches!(
            toks[r.start - 1].lower().as_str(),
            "since"
                | "after"
                | "before"
                | "when"
                | "because"
                | "although"
                | "until"
                | "once"
                | "if"
        );
    (is_source && !relative && !subordinate).then(|| text(r))
}

/// Steps back from token `v` over what may stand between a subject and its verb: auxiliaries,
/// adverbs and times ("has also said", "on Monday said").
fn skip_back(toks: &[grammar::Token], v: usize) -> usize {
    use grammar::Tag;
    let mut b = v;
    while b > 0 {
        let t = &toks[b - 1];
        let on_time =
            t.text.eq_ignore_ascii_case("on") && toks.get(b).is_some_and(|n| n.tag == Tag::Time);
        if matches!(t.tag, Tag::Auxiliary | Tag::Adverb | Tag::Time) || on_time {
            b -= 1;
        } else {
            break;
        }
    }
    b
}

/// "A source said on Monday, SANA reported": when the subject of the speech verb `v` follows
/// another speech verb, the first speaker is the claimant and `v`'s subject relays it.
/// Returns the token range of the first verb's subject.
fn relayed_by(sentence: &str, toks: &[grammar::Token], v: usize) -> Option<String> {
    let b = skip_back(toks, v);
    let r = grammar::noun_phrase_before(toks, b)?;
    let mut p = r.start;
    while p > 0 && matches!(toks[p - 1].text, ",") {
        p -= 1;
    }
    let mut e = p;
    while e > 0 && matches!(toks[e - 1].tag, grammar::Tag::Time) {
        e -= 1;
    }
    if e > 0 && toks[e - 1].text.eq_ignore_ascii_case("on") {
        e -= 1;
    }
    let first = e.checked_sub(1)?;
    if !SPEECH.contains(&toks[first].lower().as_str()) {
        return None;
    }
    speaker_of(sentence, toks, first)
}

/// The subject written after its verb ("said the monitor", "said Clinic head Maha Saleh"): a
/// noun phrase that ends the clause — followed by nothing, a mark, a time, a preposition, a
/// conjunction or a participle ("adding that …"), never by a verb of its own ("said the army
/// began …" is a reported clause, not an inversion).
fn inverted_subject(toks: &[grammar::Token], v: usize) -> Option<std::ops::Range<usize>> {
    use grammar::Tag;
    let r = grammar::noun_phrase_after(toks, v + 1)?;
    let next_ok = toks.get(r.end).is_none_or(|t| {
        matches!(
            t.tag,
            Tag::Punct | Tag::Time | Tag::Preposition | Tag::Conjunction | Tag::Adverb
        ) || (t.tag == Tag::Verb && t.lower().ends_with("ing"))
            || (t.tag == Tag::Pronoun && matches!(t.lower().as_str(), "who" | "which"))
    });
    next_ok.then_some(r)
}

/// "…, citing a statement from Y" / "… quoting Y" after the speech verb `v`: the source Y that
/// the speaker relays. A document cited ("a statement from", "a report by") gives its author.
fn cited_source(sentence: &str, toks: &[grammar::Token], v: usize) -> Option<String> {
    let is_document = |t: &grammar::Token| {
        matches!(
            t.lower().as_str(),
            "statement" | "statements" | "report" | "reports"
        )
    };
    let is_authorship = |t: &grammar::Token| matches!(t.lower().as_str(), "from" | "by" | "of");
    let c =
        (v + 1..toks.len()).find(|&i| matches!(toks[i].lower().as_str(), "citing" | "quoting"))?;
    let mut r = grammar::noun_phrase_after(toks, c + 1)?;
    // "a statement from Y" (the phrase stops before "from") or "a report of Y" (it runs on).
    let document = toks[r.clone()].iter().position(is_document);
    match document {
        Some(d) if r.start + d + 1 == r.end && toks.get(r.end).is_some_and(is_authorship) => {
            r = grammar::noun_phrase_after(toks, r.end + 1)?;
        }
        Some(d) if toks.get(r.start + d + 1).is_some_and(is_authorship) => {
            r = grammar::noun_phrase_after(toks, r.start + d + 2)?;
        }
        _ => {}
    }
    Some(clean_phrase(
        &sentence[toks[r.start].start..toks[r.end - 1].end],
    ))
}

/// The claimant's stance in a sentence: a denial ("denied responsibility", "rejected the
/// reports") or a claim of responsibility ("claimed responsibility for the attack").
pub fn stance(sentence: &str) -> Option<Stance> {
    let l = sentence.to_lowercase();
    let has = |w: &str| find_word(&l, w).is_some();
    if ["denied", "denies", "deny", "denying", "refuted", "refutes"]
        .iter()
        .any(|w| has(w))
        || [
            "rejected the",
            "dismissed the",
            "rejects the",
            "dismisses the",
        ]
        .iter()
        .any(|w| {
            find_word(&l, w).is_some_and(|p| {
                let rest = &l[p + w.len()..];
                ["claim", "report", "allegation", "accusation"]
                    .iter()
                    .any(|n| rest.trim_start().starts_with(n))
            })
        })
    {
        return Some(Stance::Denies);
    }
    if [
        "claimed responsibility",
        "claims responsibility",
        "claiming responsibility",
        "claim responsibility",
        "took responsibility",
        "takes responsibility",
        "claimed the attack",
        "claims the attack",
    ]
    .iter()
    .any(|w| has(w))
    {
        return Some(Stance::ClaimsResponsibility);
    }
    None
}

/// True when a phrase can name a source: a noun phrase of one to twelve words. A count is
/// never a source ("six people said" reports what six people say only in a quote; "at least
/// 20 militants were killed, officials said" has the officials as its source), and neither is
/// a clause: a phrase holding a finite verb or an auxiliary ("rebel fire killed 40 people",
/// "the group has") is the event or the narration, not who tells it.
fn plausible_claimant(c: &str) -> bool {
    let words: Vec<String> = c
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    (1..=12).contains(&words.len())
        && c.chars().next().is_some_and(|ch| ch.is_alphabetic())
        && !c.contains(['"', '“', '”'])
        && !starts_with_count(&words)
        && !words.iter().any(|w| grammar::is_clause_word(w))
}

fn starts_with_count(words: &[String]) -> bool {
    let first = words.first().map_or("", String::as_str);
    let second = words.get(1).map_or("", String::as_str);
    first.starts_with(|c: char| c.is_ascii_digit())
        || grammar::is_count_word(first)
        || matches!(
            (first, second),
            ("at", "least") | ("more" | "less" | "fewer", "than") | ("up", "to")
        )
}

/// The phrase right before byte `pos`, back to a clause boundary (comma, quote, start).
fn phrase_before(sentence: &str, pos: usize) -> Option<String> {
    let before = &sentence[..pos];
    let cut = before
        .rfind([',', '"', '“', '”', ';', ':', '(', '—', '–'])
        .map(|i| i + before[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let mut phrase = before[cut..].trim();
    // Cut at a conjunction: "… and Konashenkov said" → "Konashenkov".
    if let Some(p) = BREAK_WORDS
        .iter()
        .filter_map(|w| rfind_word(phrase, w).map(|p| p + w.len()))
        .max()
    {
        phrase = phrase[p..].trim();
    }
    let c = clean_phrase(phrase);
    (!c.is_empty()).then_some(c)
}

/// Trims a phrase to its claimant: no trailing auxiliaries or adverbs, no leading conjunction.
fn clean_phrase(p: &str) -> String {
    let mut words: Vec<&str> = p.split_whitespace().collect();
    // Leading conjunctions, sentence adverbs and times ("Earlier state television said",
    // "On Sunday a monitor said") are the narration's, not part of the source's name.
    loop {
        let first = words.first().map(|w| w.to_ascii_lowercase());
        let Some(first) = first else { break };
        let first = first.trim_matches(|c: char| !c.is_alphanumeric());
        let weekday = dateline_model::dates::weekday(first).is_some();
        if matches!(
            first,
            "and"
                | "but"
                | "also"
                | "then"
                | "earlier"
                | "meanwhile"
                | "later"
                | "separately"
                | "however"
                | "yesterday"
                | "today"
                | "overnight"
        ) || weekday
        {
            words.remove(0);
        } else if first == "on"
            && words.get(1).is_some_and(|w| {
                let w = w.to_ascii_lowercase();
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                dateline_model::dates::weekday(w).is_some()
            })
        {
            words.drain(..2);
        } else {
            break;
        }
    }
    while words.last().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "has"
                | "had"
                | "have"
                | "also"
                | "later"
                | "further"
                | "previously"
                | "earlier"
                | "had,"
                | "on"
                | "was"
                | "is"
                | "were"
        )
    }) {
        words.pop();
    }
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '.')
        .to_string()
}

fn is_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn find_word(s: &str, w: &str) -> Option<usize> {
    all_words(s, w).into_iter().next()
}

fn rfind_word(s: &str, w: &str) -> Option<usize> {
    all_words(s, w).into_iter().last()
}

fn all_words(s: &str, w: &str) -> Vec<usize> {
    s.match_indices(w)
        .map(|(i, _)| i)
        .filter(|&i| is_word_boundary(s, i, i + w.len()))
        .collect()
}

/// Why a sentence without its own attribution marker takes another sentence's claimant.
/// Each rule is small and named; [`inherit`] tries them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carry {
    /// The sentence lies inside a quotation that a sentence of the same paragraph attributes:
    /// `"The road is cut. Nine died," she said.` — every sentence of the quotation is hers.
    Quotation,
    /// A paragraph of quotation right after a sentence ending in a colon (`X said:`).
    ColonQuotation,
}

/// True when byte `c` opens or closes a quotation.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

/// For each sentence, the quotation it belongs to (an index shared by the sentences a quotation
/// spans), or `None` when no quotation mark touches it. Quotation marks are counted from the
/// start of each paragraph; an unclosed quotation ends with its paragraph.
fn quotations(sentences: &[Sentence], text: &str) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut open: Option<usize> = None;
    let mut next_id = 0;
    let mut para = usize::MAX;
    for s in sentences {
        if s.paragraph != para {
            para = s.paragraph;
            open = None;
        }
        let mut id = open;
        for _ in text[s.start..s.end].chars().filter(|&c| is_quote(c)) {
            match open {
                Some(_) => open = None,
                None => {
                    let q = id.unwrap_or_else(|| {
                        next_id += 1;
                        next_id - 1
                    });
                    id = Some(q);
                    open = Some(q);
                }
            }
        }
        out.push(id);
    }
    out
}

/// Gives sentences without an attribution marker the claimant they are reported under, by the
/// [`Carry`] rules. News writes a source's figures one sentence at a time, each with its own
/// marker ("it said", "the group added", "according to the monitor"); a sentence with none is
/// the outlet's own voice, even when it probably goes on with the previous source's report,
/// and keeps a null claimant. Only quotation carries: the sentences inside one pair of
/// quotation marks are the speaker's, whether the marker comes before or after them.
///
/// Until this rule, a sentence took the claimant of the nearest attributed sentence before it
/// in its paragraph, or of the next one: on the hand-annotated news articles
/// (`../shared/eval/claims`) that named someone else for the outlet's own statements.
pub fn inherit(sentences: &[Sentence], text: &str, own: &mut [Attribution]) {
    let original: Vec<bool> = own.iter().map(|a| a.claimant.is_some()).collect();
    let quote = quotations(sentences, text);
    for i in 0..sentences.len() {
        if original[i] {
            continue;
        }
        if let Some((j, _rule)) = carried_from(i, sentences, text, &original, &quote) {
            own[i] = own[j].clone();
        }
    }
}

/// The sentence whose claimant sentence `i` takes, and the rule that says so.
fn carried_from(
    i: usize,
    sentences: &[Sentence],
    text: &str,
    attributed: &[bool],
    quote: &[Option<usize>],
) -> Option<(usize, Carry)> {
    let para = sentences[i].paragraph;
    if let Some(q) = quote[i] {
        let same = |j: &usize| sentences[*j].paragraph == para && quote[*j] == Some(q);
        let before = (0..i).rev().take_while(same).find(|&j| attributed[j]);
        let after = (i + 1..sentences.len())
            .take_while(same)
            .find(|&j| attributed[j]);
        if let Some(j) = before.or(after) {
            return Some((j, Carry::Quotation));
        }
    }
    // A quotation paragraph after "… X said:" speaks for X.
    let para_first = (0..=i)
        .rev()
        .take_while(|&j| sentences[j].paragraph == para)
        .last()?;
    let starts_quote = text[sentences[para_first].start..].starts_with(['"', '“', '«']);
    let prev = para_first.checked_sub(1)?;
    let prev_text = text[sentences[prev].start..sentences[prev].end].trim_end();
    (starts_quote && prev_text.ends_with(':') && attributed[prev])
        .then_some((prev, Carry::ColonQuotation))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, claimant: Option<&str>, via: &[&str]) {
        let a = attribute(sentence, Some("Igor Konashenkov"));
        assert_eq!(a.claimant.as_deref(), claimant, "{sentence}");
        assert_eq!(a.via, via, "{sentence}");
    }

    #[test]
    fn trailing_attribution() {
        check(
            "The forces killed some 850 militants, Russia's General Staff reported.",
            Some("Russia's General Staff"),
            &[],
        );
        check(
            "Daesh formations have been defeated, the Russian General Staff said on Wednesday.",
            Some("the Russian General Staff"),
            &[],
        );
        check(
            "It killed 25 members of the group in central Syria, a monitor said Sunday.",
            Some("a monitor"),
            &[],
        );
        check(
            "\"Two commanders were killed,\" Konashenkov told journalists.",
            Some("Konashenkov"),
            &[],
        );
    }

    #[test]
    fn leading_attribution() {
        check(
            "A resident said at least 25 people were killed.",
            Some("A resident"),
            &[],
        );
        check(
            "The Syrian Observatory for Human Rights, a UK-based group that monitors the war, said at least five civilians had been killed.",
            Some("The Syrian Observatory for Human Rights"),
            &[],
        );
        check(
            "According to the Russian Defense Ministry, jets conducted 510 sorties.",
            Some("the Russian Defense Ministry"),
            &[],
        );
        check(
            "The command ordered an operation to repel the assault, including airstrikes, General Sergey Rudskoy, spokesman for the General Staff, added in the statement.",
            Some("General Sergey Rudskoy"),
            &[],
        );
    }

    #[test]
    fn chains_and_pronouns() {
        check(
            "The launcher was destroyed near Damascus, RT reported him as saying.",
            Some("Igor Konashenkov"),
            &["RT"],
        );
        check(
            "\"We destroyed hundreds of depots,\" TASS quoted Putin as saying.",
            Some("Putin"),
            &["TASS"],
        );
        check(
            "Syrian state television, quoting a military source, said the army had begun an operation.",
            Some("a military source"),
            &["Syrian state television"],
        );
        check("Three soldiers were killed in the attack.", None, &[]);
    }

    /// Each sentence's claimant after attribution and inheritance.
    fn claimants(text: &str) -> Vec<Option<String>> {
        let sentences = crate::text::sentences(text);
        let mut known = Antecedents::default();
        let mut own: Vec<Attribution> = Vec::new();
        for s in &sentences {
            let a = attribute_with(&text[s.start..s.end], &known);
            if let Some(c) = &a.claimant {
                known.note(c);
            }
            own.push(a);
        }
        inherit(&sentences, text, &mut own);
        own.into_iter().map(|a| a.claimant).collect()
    }

    fn got(text: &str) -> Vec<Option<String>> {
        claimants(text)
    }

    #[test]
    fn a_sentence_without_a_marker_is_the_outlets_own_voice() {
        let text = "The monitor said a dozen fighters died near the dam. Four of them were commanders.\n\nShelling hit the market on Monday. Shops were shut for the day. Nine people were killed, a medic said.";
        assert_eq!(
            got(text),
            [
                Some("The monitor".into()),
                None,
                None,
                None,
                Some("a medic".into())
            ]
        );
    }

    #[test]
    fn a_quotation_is_its_speakers_across_sentences() {
        let text = "\"The bridge is gone. Seven drivers died there,\" the engineer told reporters. Traffic resumed later.";
        assert_eq!(
            got(text),
            [
                Some("the engineer".into()),
                Some("the engineer".into()),
                None
            ]
        );
        let text = "The governor said: \n\"Two schools burned. Nobody was inside.\"";
        assert_eq!(
            got(text),
            [
                Some("The governor".into()),
                Some("The governor".into()),
                Some("The governor".into())
            ]
        );
    }

    #[test]
    fn speakers_without_commas() {
        // Texts whose punctuation was lost still bind the phrase before the verb.
        check(
            "Nine fighters died in the raid near the lake the medics said on Friday.",
            Some("the medics"),
            &[],
        );
        // The subject may follow the verb, after a clause or a quotation.
        check(
            "Eleven people were wounded in the market said clinic head Maha Saleh.",
            Some("clinic head Maha Saleh"),
            &[],
        );
        check(
            "\"Four buses were hit,\" said the Coastal Watch for Fisheries.",
            Some("the Coastal Watch for Fisheries"),
            &[],
        );
        // … but a noun phrase followed by its own verb is the reported clause.
        check(
            "The mayor said the army began shelling at dawn.",
            Some("The mayor"),
            &[],
        );
        check(
            "\"Twenty shops burned,\" the colonel said.",
            Some("the colonel"),
            &[],
        );
    }

    #[test]
    fn frames_that_name_nobody() {
        // A passive without "by", a relative clause, a clause opened by "since".
        check(
            "Six people were also reported killed near the port.",
            None,
            &[],
        );
        check(
            "The storm has claimed the lives of 40 people in the valley.",
            None,
            &[],
        );
        check(
            "The militia has held 12 towns since it declared a truce in May.",
            None,
            &[],
        );
        check(
            "The ferry sank in the strait which claimed responsibility for nothing.",
            None,
            &[],
        );
        check(
            "The fire was reported by the harbour police on Monday.",
            Some("the harbour police"),
            &[],
        );
    }

    #[test]
    fn relayed_and_cited_sources() {
        check(
            "Five farmers were killed in the valley a source in the province said on Monday the agency reported.",
            Some("a source in the province"),
            &["the agency"],
        );
        check(
            "The wire service reported 30 deaths citing a statement from the Coastal Relief Council.",
            Some("the Coastal Relief Council"),
            &["The wire service"],
        );
        check(
            "\"Ten were hurt,\" Dana Wren of the Harbour Clinic was quoted by the radio as saying.",
            Some("Dana Wren of the Harbour Clinic"),
            &["the radio"],
        );
    }

    #[test]
    fn pronouns_and_descriptions_resolve_to_the_source_named() {
        let text = "The Harbour Monitoring Network said 14 boats sank. The group added that 3 crew died. It said 2 more were missing. According to the organisation, 9 were rescued.";
        let n = "The Harbour Monitoring Network";
        assert_eq!(
            got(text),
            [
                Some(n.into()),
                Some(n.into()),
                Some(n.into()),
                Some(n.into())
            ]
        );
    }

    #[test]
    fn victims_reported_dead_name_no_claimant() {
        check(
            "Troops fought militants near the pass, with six militants reported dead.",
            None,
            &[],
        );
        check(
            "Two guards were confirmed killed at the gate, Ahmed Noor said.",
            Some("Ahmed Noor"),
            &[],
        );
    }

    #[test]
    fn a_count_or_a_clause_is_never_a_claimant() {
        for phrase in [
            "Six people",
            "At least 20 militants",
            "rebel fire killed 40 people",
            "12 soldiers",
        ] {
            assert!(!plausible_claimant(phrase), "{phrase}");
        }
        for phrase in [
            "the United Nations",
            "a medic",
            "Interior Ministry spokesman Ali Hassan",
        ] {
            assert!(plausible_claimant(phrase), "{phrase}");
        }
        check(
            "Earlier state television said four soldiers died.",
            Some("state television"),
            &[],
        );
        check(
            "On Sunday a monitor said 22 people died.",
            Some("a monitor"),
            &[],
        );
    }

    #[test]
    fn denials_and_claims_of_responsibility() {
        assert_eq!(
            stance("The army denied that any civilians were killed in the strike."),
            Some(Stance::Denies)
        );
        assert_eq!(
            stance("The ministry rejected the reports of 20 deaths as fabricated."),
            Some(Stance::Denies)
        );
        assert_eq!(
            stance("Al Shabaab claimed responsibility for the attack, saying 12 soldiers died."),
            Some(Stance::ClaimsResponsibility)
        );
        assert_eq!(
            stance("The group denied responsibility."),
            Some(Stance::Denies)
        );
        assert_eq!(stance("Officials said 5 people were killed."), None);
        assert_eq!(stance("He rejected the offer."), None);
    }
}
