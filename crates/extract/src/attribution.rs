//! Who says so: the claimant of a sentence, as written, and who relayed it.
//!
//! Handles "X said …", "…, X said (on Sunday).", "X, a UK-based group, said …", "according to
//! X", "X told journalists", "Y, quoting X, said …" and chains ("RT reported him as saying",
//! "TASS quoted Putin as saying"). Pronoun claimants resolve to the last named one.
//! Sentences without their own attribution are given one by [`inherit`].

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

/// Finds the attribution written in one sentence. `last_named` resolves pronouns.
pub fn attribute(sentence: &str, last_named: Option<&str>) -> Attribution {
    let resolve = |c: String| -> Option<String> {
        let lc = c.to_ascii_lowercase();
        if PRONOUNS.contains(&lc.as_str()) {
            last_named.map(str::to_string)
        } else {
            Some(c)
        }
    };
    // "X reported/quoted Y as saying"
    if let Some(pos) = find_word(sentence, "as saying") {
        let before = &sentence[..pos];
        for verb in ["reported", "quoted", "quotes", "cited"] {
            if let Some(vpos) = rfind_word(before, verb) {
                let relay = phrase_before(sentence, vpos);
                let speaker = before[vpos + verb.len()..].trim();
                if let (Some(relay), false) = (relay, speaker.is_empty()) {
                    return Attribution {
                        claimant: resolve(speaker.to_string()),
                        via: vec![relay],
                    };
                }
            }
        }
    }
    // "according to X"
    if let Some(pos) = find_word(&sentence.to_ascii_lowercase(), "according to") {
        let rest = &sentence[pos + "according to".len()..];
        let end = rest
            .find([',', '.', ':', ';', '"', '”'])
            .unwrap_or(rest.len());
        let who = clean_phrase(&rest[..end]);
        if !who.is_empty() && who.split_whitespace().count() <= 12 {
            if let Some(c) = resolve(who) {
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
    let trailing = verbs.iter().rev().find(|(p, v)| {
        let after = &sentence[p + v.len()..];
        after.split_whitespace().count() <= 6 && !after.contains(['"', '“'])
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
            phrase_before(sentence, *pos)
        };
        if let Some(c) = claimant.filter(|c| plausible_claimant(c)) {
            return Attribution {
                claimant: resolve(c),
                via: Vec::new(),
            };
        }
    }
    Attribution::default()
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
        && !words.iter().any(|w| CLAUSE_WORDS.contains(&w.as_str()))
}

/// Words that begin a count: numbers written out and the quantifiers news puts before them.
const COUNT_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "tens",
];

fn starts_with_count(words: &[String]) -> bool {
    let first = words.first().map_or("", String::as_str);
    let second = words.get(1).map_or("", String::as_str);
    first.starts_with(|c: char| c.is_ascii_digit())
        || COUNT_WORDS.contains(&first)
        || matches!(
            (first, second),
            ("at", "least") | ("more" | "less" | "fewer", "than") | ("up", "to")
        )
}

/// Words that make a phrase a clause rather than a noun phrase: auxiliaries and the verbs of
/// the acts news counts (a source's name never holds them).
const CLAUSE_WORDS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "been",
    "will",
    "would",
    "killed",
    "wounded",
    "injured",
    "died",
    "destroyed",
    "launched",
    "attacked",
    "shelled",
    "bombed",
    "captured",
    "seized",
    "fired",
    "struck",
    "follows",
    "lies",
];

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

/// Gives unattributed sentences the claimant they are reported under. Reported speech runs
/// forward: a sentence takes the claimant of the nearest attributed sentence before it in its
/// paragraph ("The monitor said 12 fighters died. Four were commanders."). Failing that, only
/// the very next sentence lends its claimant (a figure, then "…, X said" about it); a sentence
/// further from any source is the outlet's own voice and keeps a null claimant. A paragraph of
/// quotation right after one ending in a colon takes that claimant.
///
/// Until this rule, the nearest attributed sentence *after* came first, however far: on the
/// hand-annotated news articles (`../shared/eval/claims`) that gave the outlet's own
/// statements someone else's name (claimant agreement 42.4 → 49.6).
pub fn inherit(sentences: &[Sentence], text: &str, own: &mut [Attribution]) {
    let n = sentences.len();
    let original: Vec<bool> = own.iter().map(|a| a.claimant.is_some()).collect();
    for i in 0..n {
        if original[i] {
            continue;
        }
        let para = sentences[i].paragraph;
        let later = (i + 1..n)
            .take_while(|&j| sentences[j].paragraph == para)
            .find(|&j| original[j]);
        let earlier = (0..i)
            .rev()
            .take_while(|&j| sentences[j].paragraph == para)
            .find(|&j| original[j]);
        let from = earlier.or(later.filter(|&j| j == i + 1)).or_else(|| {
            // A quotation paragraph after "… X said:" speaks for X.
            let s = &text[sentences[i].start..sentences[i].end];
            let para_first = (0..=i)
                .rev()
                .take_while(|&j| sentences[j].paragraph == para)
                .last()?;
            let starts_quote = text[sentences[para_first].start..].starts_with(['"', '“', '«']);
            let prev = para_first.checked_sub(1)?;
            let prev_text = &text[sentences[prev].start..sentences[prev].end];
            (starts_quote && (prev_text.ends_with(':') || s.contains(['"', '“'])) && original[prev])
                .then_some(prev)
        });
        if let Some(j) = from {
            own[i] = own[j].clone();
        }
    }
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
        let mut own: Vec<Attribution> = sentences
            .iter()
            .map(|s| attribute(&text[s.start..s.end], None))
            .collect();
        inherit(&sentences, text, &mut own);
        own.into_iter().map(|a| a.claimant).collect()
    }

    #[test]
    fn reported_speech_carries_forward_and_narration_stays_the_outlets() {
        let text = "The monitor said a dozen fighters died near the dam. Four of them were commanders.\n\nShelling hit the market on Monday. Shops were shut for the day. Nine people were killed, a medic said.";
        let got = claimants(text);
        let got: Vec<Option<&str>> = got.iter().map(Option::as_deref).collect();
        assert_eq!(
            got,
            [
                Some("The monitor"),
                Some("The monitor"),
                None,
                Some("a medic"),
                Some("a medic")
            ]
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
    fn inheritance_within_a_paragraph() {
        let text = "Damascus regained 695 localities. More than 108,000 refugees returned, Rudskoi elaborated.\n\nAn unrelated line.";
        let got = claimants(text);
        let got: Vec<Option<&str>> = got.iter().map(Option::as_deref).collect();
        assert_eq!(got, [Some("Rudskoi"), Some("Rudskoi"), None]);
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
