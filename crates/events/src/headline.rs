//! A sentence of a report made a headline in the Current Events Portal's style: a clause that
//! stands alone, its time phrase and connectives dropped, its attribution moved to the end
//! ("…, according to X"). The one home of "can this sentence be a headline, and how".
//!
//! Each step is a named rule ([`Rule`]); a sentence that no rule can make a clause that
//! stands alone (it opens with a pronoun, an infinitive, a participle or a conjunction) is no
//! headline, and the caller builds one another way.

/// What was done to a sentence to make it a headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// "On Thursday, …", "Early on 3 May 2025, …" dropped.
    TimeLead,
    /// "As a result, …", "Meanwhile, …" dropped: they point to a sentence the reader lacks.
    ConnectiveLead,
    /// "When the convoy passed, a bomb exploded …" → "A bomb exploded …".
    SubordinateLead,
    /// "According to X, …" → "…, according to X".
    AttributionFirst,
    /// "…, X said" → "…, according to X".
    AttributionLast,
    /// "X said (that) …" → "…, according to X".
    ReportedSpeech,
    /// More than [`MAX_WORDS`] words: cut at the last clause boundary before.
    Shortened,
}

/// A headline: the text (capitalised, without its final full stop) and who says so, when the
/// sentence said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub text: String,
    pub source: Option<String>,
    pub rules: Vec<Rule>,
}

/// The longest headline, in words.
pub const MAX_WORDS: usize = 40;
/// The shortest clause that stands as a headline, in words.
const MIN_WORDS: usize = 5;

/// Words that report speech, ending an attribution ("…, the Observatory said").
const SAID: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "reports",
    "added",
    "stated",
    "claimed",
    "announced",
    "confirmed",
];

/// Words of time that make a comma-ended opening phrase a time phrase (with months and
/// weekdays, read by `dates`).
const TIME_WORDS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "night",
    "overnight",
    "yesterday",
    "today",
    "tonight",
    "week",
    "weekend",
    "dawn",
    "dusk",
    "midnight",
    "noon",
    "earlier",
    "later",
    "recently",
];

/// Openings that point to what came before: a headline has no "before".
const CONNECTIVES: &[&str] = &[
    "as a result",
    "in response",
    "in retaliation",
    "in addition",
    "in turn",
    "in the meantime",
    "at the same time",
    "however",
    "meanwhile",
    "separately",
    "subsequently",
    "afterwards",
    "consequently",
    "moreover",
    "furthermore",
    "also",
    "then",
    "elsewhere",
    "still",
    "instead",
];

/// Words that open a subordinate clause ("When …, the main clause").
const SUBORDINATORS: &[&str] = &[
    "when",
    "after",
    "before",
    "while",
    "as",
    "since",
    "although",
    "though",
    "because",
    "if",
    "once",
    "until",
    "despite",
    "following",
    "amid",
    "whereas",
];

/// Words a clause that stands alone cannot open with: pronouns that point to an earlier
/// sentence, conjunctions, and the infinitive marker.
const NOT_AN_OPENING: &[&str] = &[
    "he", "she", "it", "they", "them", "his", "her", "its", "their", "this", "these", "those",
    "there", "and", "but", "or", "nor", "so", "yet", "to", "which", "who", "whom", "whose",
];

/// Words that open a noun phrase naming who speaks, besides a capitalised name: determiners,
/// numbers and the bare plurals news uses for unnamed sources.
const SPEAKER_OPENINGS: &[&str] = &[
    "the",
    "a",
    "an",
    "one",
    "two",
    "three",
    "several",
    "some",
    "many",
    "local",
    "state",
    "security",
    "military",
    "medical",
    "police",
    "officials",
    "authorities",
    "residents",
    "witnesses",
    "sources",
    "activists",
    "medics",
    "doctors",
    "rescuers",
    "monitors",
    "observers",
    "villagers",
];

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

fn first_word(t: &str) -> String {
    t.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// True when `who` can be named as a source: a name, or a noun phrase (not a pronoun, a time
/// phrase, a verb or an adverb left over from a clause read wrongly).
fn speaker(who: &str) -> bool {
    let first = who.split_whitespace().next().unwrap_or("");
    let lower = first_word(who);
    if lower.is_empty()
        || words(who) > 12
        || NOT_AN_OPENING.contains(&lower.as_str())
        || SUBORDINATORS.contains(&lower.as_str())
    {
        return false;
    }
    let time = dateline_model::dates::month(&lower).is_some()
        || dateline_model::dates::weekday(&lower).is_some()
        || TIME_WORDS.contains(&lower.as_str());
    let preposition = matches!(
        lower.as_str(),
        "on" | "in" | "at" | "by" | "with" | "for" | "from" | "during" | "after" | "before"
    );
    // "investigators", "aid workers": a plural noun phrase of a few plain words.
    let plural_noun = words(who) <= 3
        && who
            .split_whitespace()
            .all(|w| w.chars().all(|c| c.is_lowercase() || c == '-') && !w.ends_with("ly"))
        && who.ends_with('s')
        && !who.ends_with("ss");
    !time
        && !preposition
        && !matches!(lower.as_str(), "i" | "we" | "you")
        && (first.starts_with(char::is_uppercase)
            || SPEAKER_OPENINGS.contains(&lower.as_str())
            || plural_noun)
}

/// True for a year: a phrase of time when it stands alone ("On May 4, 2021, …" leaves "2021,").
fn year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u16>().is_ok_and(|y| (1900..=2100).contains(&y))
}

/// True when `t` can open a headline: not with a pronoun, a conjunction or an infinitive.
fn opens_a_clause(t: &str) -> bool {
    let first = first_word(t);
    !first.is_empty() && !NOT_AN_OPENING.contains(&first.as_str())
}

/// True when what follows a subordinate clause is the main clause: it opens with a name or a
/// noun phrase ("When …, a bomb exploded"), not a participle ("…, killing three").
fn main_clause(t: &str) -> bool {
    opens_a_clause(t)
        && (t.starts_with(char::is_uppercase) || SPEAKER_OPENINGS.contains(&first_word(t).as_str()))
}

/// The comma-ended opening phrase of `s` and the rest, when the phrase is short.
fn opening(s: &str, max_words: usize) -> Option<(&str, &str)> {
    let (head, rest) = s.split_once(", ")?;
    (words(head) <= max_words && words(rest) >= MIN_WORDS).then_some((head, rest))
}

/// "On 26 May 2019 troops …", "On May 26, 2019, troops …": a full date opening the sentence
/// without a comma to close it; the rest of the sentence, when it is one.
fn dated_opening(s: &str) -> Option<&str> {
    let rest = s.strip_prefix("On ")?;
    let mut seen = (false, false, false); // day, month, year
    let mut end = 0;
    for (i, w) in rest.split_inclusive(' ').enumerate() {
        let bare = w.trim().trim_end_matches([',', '.']);
        let lower = bare.to_lowercase();
        let day = bare.len() <= 2 && bare.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
        if day && !seen.0 {
            seen.0 = true;
        } else if dateline_model::dates::month(&lower).is_some() && !seen.1 {
            seen.1 = true;
        } else if year(bare) && !seen.2 {
            seen.2 = true;
        } else {
            break;
        }
        end += w.len();
        if i >= 2 {
            break;
        }
    }
    let rest = rest[end..].trim_start_matches([',', '.', ' ']);
    (seen == (true, true, true) && words(rest) >= MIN_WORDS).then_some(rest)
}

/// Drops opening time phrases, connectives and subordinate clauses, as many as lead.
fn drop_openings<'a>(mut s: &'a str, rules: &mut Vec<Rule>) -> &'a str {
    if let Some(rest) = dated_opening(s) {
        rules.push(Rule::TimeLead);
        s = rest;
    }
    for _ in 0..3 {
        let Some((head, rest)) = opening(s, 25) else {
            break;
        };
        let lower = head.to_lowercase();
        let head_words: Vec<&str> = lower.split_whitespace().collect();
        let time = words(head) <= 8
            && head_words.iter().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                dateline_model::dates::month(w).is_some()
                    || dateline_model::dates::weekday(w).is_some()
                    || TIME_WORDS.contains(&w)
                    || (year(w) && head_words.len() == 1)
            })
            // "On Monday, the army said …" is time; "Since 2011, …" stays a time phrase too.
            && !head_words.iter().any(|w| SAID.contains(w));
        let rule = if time {
            Rule::TimeLead
        } else if CONNECTIVES.contains(&lower.as_str())
            // "As reported on Monday, …" points to an earlier report.
            || (head_words.first() == Some(&"as")
                && head_words.get(1).is_some_and(|w| SAID.contains(w)))
        {
            Rule::ConnectiveLead
        } else if head_words
            .first()
            .is_some_and(|w| SUBORDINATORS.contains(w))
            // "Since 2011, …" is a short phrase of time and stays.
            && head_words.len() >= 4
            && main_clause(rest)
        {
            Rule::SubordinateLead
        } else {
            break;
        };
        rules.push(rule);
        s = rest;
    }
    s
}

/// The sentence made a headline, or None when it cannot stand alone: a quotation, a
/// question, the first person, a fragment, or too few words.
pub fn headline(sentence: &str) -> Option<Headline> {
    let s = sentence.trim().trim_end_matches(['.', '!', ';', ':']);
    if s.contains(['"', '“', '”', '?'])
        || s.split_whitespace().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                "I" | "we" | "We" | "our" | "Our" | "my"
            )
        })
        || words(s) < MIN_WORDS
    {
        return None;
    }
    let mut rules = Vec::new();
    let mut s = drop_openings(s, &mut rules);
    let mut source: Option<&str> = None;
    // "According to X, …"
    if let Some(rest) = s.strip_prefix("According to ") {
        if let Some((who, body)) = rest.split_once(", ") {
            if speaker(who) && words(body) >= MIN_WORDS {
                source = Some(who);
                s = drop_openings(body, &mut rules);
                rules.push(Rule::AttributionFirst);
            }
        }
    }
    // "…, according to X" and "…, X said (on Thursday)", "…, X, spokesman for Y, said".
    if let Some((body, tail)) = s.rsplit_once(", ") {
        let lower = tail.to_ascii_lowercase();
        if let Some(who) = lower.strip_prefix("according to ") {
            let who = &tail[tail.len() - who.len()..];
            if speaker(who) {
                source = Some(who);
                s = body;
                rules.push(Rule::AttributionLast);
            }
        } else if words(tail) <= 14 && tail.split_whitespace().any(|w| SAID.contains(&w)) {
            let who: Vec<&str> = tail
                .split_whitespace()
                .take_while(|w| !SAID.contains(w))
                .collect();
            if who.is_empty() {
                // Roles (lowercase) and then the name before them.
                let mut rest = body;
                let mut segments = 0;
                while let Some((b, seg)) = rest.rsplit_once(", ") {
                    if segments >= 3 || words(seg) > 10 {
                        break;
                    }
                    rest = b;
                    segments += 1;
                    if seg.starts_with(char::is_uppercase) {
                        if speaker(seg) {
                            source = Some(seg);
                            s = rest;
                            rules.push(Rule::AttributionLast);
                        }
                        break;
                    }
                }
            } else {
                let who = &tail[..who.join(" ").len()];
                if speaker(who) {
                    source = Some(who);
                    s = body;
                    rules.push(Rule::AttributionLast);
                }
            }
        }
    }
    // Reported speech: "The General Staff said (that) the offensive had been stopped".
    if source.is_none() {
        let said = s.match_indices(' ').find_map(|(i, _)| {
            let rest = &s[i + 1..];
            SAID.iter().find_map(|v| {
                rest.strip_prefix(v)
                    .and_then(|r| r.strip_prefix(' '))
                    .map(|r| (i, r.strip_prefix("that ").unwrap_or(r)))
            })
        });
        if let Some((at, reported)) = said {
            let who = s[..at].split(", ").next().unwrap_or("");
            // "X claimed to have …" reports an act, not a clause: it stays as written.
            if words(&s[..at]) <= 10
                && who.starts_with(char::is_uppercase)
                && speaker(who)
                && words(reported) >= MIN_WORDS
                && opens_a_clause(reported)
            {
                source = Some(who);
                s = reported;
                rules.push(Rule::ReportedSpeech);
            }
        }
    }
    if words(s) < MIN_WORDS || !opens_a_clause(s) {
        return None;
    }
    if words(s) > MAX_WORDS {
        let mut cut = None;
        let mut n = 0;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                n += 1;
            }
            if n >= MAX_WORDS {
                break;
            }
            if matches!(c, ',' | ';') && n >= 8 {
                cut = Some(i);
            }
        }
        s = &s[..cut?];
        rules.push(Rule::Shortened);
    }
    let mut text = String::with_capacity(s.len());
    let mut chars = s.chars();
    text.extend(chars.next().map(|c| c.to_uppercase().collect::<String>()));
    text.push_str(chars.as_str());
    Some(Headline {
        text,
        source: source.map(str::to_string),
        rules,
    })
}

/// Titles longer than this many words get a shorter one ([`short_title`]).
pub const TITLE_WORDS: usize = 14;

/// A short title for a long summary (a Portal item's description runs to forty words): the
/// summary up to its first clause boundary (";", ", " or " – ") after at least six words and
/// at most twenty, without its closing stop. None when the summary is short already or has
/// no such boundary (it is then its own title).
pub fn short_title(summary: &str) -> Option<String> {
    let s = summary.trim().trim_end_matches('.');
    if words(s) <= TITLE_WORDS {
        return None;
    }
    let mut n = 0;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if !prev_space {
                n += 1;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        if n > 20 {
            break;
        }
        let boundary = c == ';'
            || (c == ',' && s[i + 1..].starts_with(' '))
            || ((c == '–' || c == '—') && s[..i].ends_with(' '));
        if boundary && n >= 5 {
            let title = s[..i].trim_end();
            // "… in Homs, Syria" is one place, not a clause: the cut must leave a clause behind.
            let rest = s[i + c.len_utf8()..].trim_start();
            if words(rest) >= 3 {
                return Some(title.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<String> {
        headline(s).map(|h| match h.source {
            Some(w) => format!("{} | {w}", h.text),
            None => h.text,
        })
    }

    #[test]
    fn long_summaries_get_a_short_title() {
        assert_eq!(
            short_title("Rebels backed by tanks and drones take the river town of Abu Kamal after a week of fighting, in the far east of the province of Deir ez-Zor."),
            Some("Rebels backed by tanks and drones take the river town of Abu Kamal after a week of fighting".into())
        );
        assert_eq!(
            short_title("Troops repel an attack on the northern outskirts of the town of Kafr Nabl near the border with Turkey; 40 combatants killed, according to the army."),
            Some("Troops repel an attack on the northern outskirts of the town of Kafr Nabl near the border with Turkey".into())
        );
        // Short already, or no boundary to cut at.
        assert_eq!(
            short_title("Floods displace thousands in Beledweyne, Somalia."),
            None
        );
        assert_eq!(
            short_title("A long sentence that runs on and on without any pause at all for well over the length that a title should have"),
            None
        );
    }

    #[test]
    fn openings_that_need_an_earlier_sentence_are_dropped() {
        assert_eq!(
            text(
                "On 2 March 2024, gunmen fired on a bus near the border crossing, officials said."
            ),
            Some("Gunmen fired on a bus near the border crossing | officials".into())
        );
        assert_eq!(
            text("On 14 July 2022 militia fighters shelled a checkpoint outside the town."),
            Some("Militia fighters shelled a checkpoint outside the town".into())
        );
        assert_eq!(
            text("On July 14, 2022. clashes broke out between two clans near the well."),
            Some("Clashes broke out between two clans near the well".into())
        );
        assert_eq!(
            text("Early on Friday, overnight, troops shelled two villages in the hills."),
            Some("Troops shelled two villages in the hills".into())
        );
        assert_eq!(
            text("As announced on 3 June, the mayor closed the market for a week."),
            Some("The mayor closed the market for a week".into())
        );
        assert_eq!(
            text("As a result, four guards at the depot were wounded."),
            Some("Four guards at the depot were wounded".into())
        );
        assert_eq!(
            text("When the convoy reached the bridge, a roadside bomb destroyed the lead truck."),
            Some("A roadside bomb destroyed the lead truck".into())
        );
    }

    #[test]
    fn fragments_are_no_headline() {
        // An infinitive left by "X claimed to …": not moved, so the sentence stays whole.
        assert_eq!(
            text("The rebel group claimed to have seized a depot near the river port."),
            Some("The rebel group claimed to have seized a depot near the river port".into())
        );
        for s in [
            "They arrested five men at a market in the old town on Sunday.",
            "It was the third raid on the district in a month.",
            "There were no deaths reported in the exchange of fire.",
            "And fighters held the hills above the town for a week.",
        ] {
            assert_eq!(text(s), None, "{s}");
        }
    }

    #[test]
    fn a_clause_after_a_subordinate_one_must_be_a_main_clause() {
        // The part after the comma is a participle: nothing is dropped.
        assert_eq!(
            text("When the patrol arrived it came under fire, killing a driver and a medic."),
            Some("When the patrol arrived it came under fire, killing a driver and a medic".into())
        );
        // A short phrase of time stays.
        assert_eq!(
            text("Since 2019, the region has seen dozens of such raids."),
            Some("Since 2019, the region has seen dozens of such raids".into())
        );
    }

    #[test]
    fn only_a_name_or_noun_phrase_is_a_source() {
        assert_eq!(
            text("The fighters moved toward the ridge, according to with the other unit."),
            Some("The fighters moved toward the ridge, according to with the other unit".into())
        );
        assert_eq!(
            text("The bridge was destroyed in the night, he said."),
            Some("The bridge was destroyed in the night, he said".into())
        );
        assert_eq!(
            text("Soldiers returned fire from the post, reportedly wounding a driver."),
            Some("Soldiers returned fire from the post, reportedly wounding a driver".into())
        );
        assert_eq!(
            text("According to local medics, shelling hit a clinic in the east of the city."),
            Some("Shelling hit a clinic in the east of the city | local medics".into())
        );
        assert_eq!(
            text("According to inspectors, the dam failed after days of heavy rain."),
            Some("The dam failed after days of heavy rain | inspectors".into())
        );
        assert_eq!(
            text("On May 4, 2021, the militia said to have taken two villages, according to As."),
            Some("The militia said to have taken two villages, according to As".into())
        );
    }
}
