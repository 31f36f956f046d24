//! Dates in a sentence: written dates ("On 1 April 2025", "September 19"), weekdays ("on
//! Tuesday morning", "said Sunday") and relative words ("yesterday", "last night"), resolved
//! against the publication date. Without an anchor a relative date stays unknown (None).
//!
//! A weekday right after a speech verb ("a monitor said Sunday") dates the statement, not the
//! event; such mentions are marked `speech` and used only when nothing else dates the event.

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use dateline_model::dates;
use regex::Regex;

/// A date mentioned in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// The resolved date; None when it is relative and nothing anchors it.
    pub date: Option<NaiveDate>,
    /// True when it dates a statement ("said Sunday") rather than an event.
    pub speech: bool,
    /// Byte offset in the sentence.
    pub at: usize,
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

// ASCII word boundaries and digits: dates are written in ASCII, and Unicode `\b` makes the
// regex engine fall back to its slowest search on text with any non-ASCII character.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?\s+(?:of\s+)?({MONTH})\.?(?:,?\s+([0-9]{{4}}))?(?-u:\b)")).expect("static regex")
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)({MONTH})\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?(?-u:\b)(?:,?\s+([0-9]{{4}}))?"
    ))
    .expect("static regex")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})(?-u:\b)").expect("static regex")
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)\b(?:(?:on|late|early|last)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|overnight|last night|this morning)(?-u:\b)").expect("static regex")
});

const SPEECH_BEFORE: &[&str] = &[
    "said",
    "says",
    "told",
    "reported",
    "stated",
    "announced",
    "added",
    "claimed",
    "confirmed",
    "noted",
    "stressed",
    "his",
    "her",
    "its",
    "their",
];

/// Finds and resolves the dates of a sentence.
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let year_for = |m: u32, d: u32| -> Option<NaiveDate> {
        let p = published?;
        let date = NaiveDate::from_ymd_opt(p.year(), m, d)?;
        // A date months after publication is from the year before ("December 30" in January).
        if date > p + Days::new(31) {
            NaiveDate::from_ymd_opt(p.year() - 1, m, d)
        } else {
            Some(date)
        }
    };
    let lower = sentence.to_ascii_lowercase();
    let since = |at: usize| {
        let before = lower[..at].trim_end();
        before.ends_with("since")
            || before.ends_with("until")
            || before.ends_with("late")
            || before.ends_with("early")
    };
    // Written dates: "21 September (2017)" and "September 21(, 2017)", the day and month
    // capture groups in the pattern's order, the year always third.
    for (re, day_group, month_group) in [(&*DAY_MONTH, 1, 2), (&*MONTH_DAY, 2, 1)] {
        for c in re.captures_iter(sentence) {
            let at = c.get(0).map_or(0, |m| m.start());
            if out.iter().any(|o: &DateMention| o.at.abs_diff(at) < 8) {
                continue;
            }
            let (Some(d), Some(m)) = (
                dates::day_number(&c[day_group]),
                dates::month(&c[month_group]),
            ) else {
                continue;
            };
            // "May 3" is a date; "may 3" is not.
            if !c[month_group].starts_with(char::is_uppercase) {
                continue;
            }
            let date = match c.get(3).and_then(|y| dates::year_number(y.as_str())) {
                Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                None => year_for(m, d),
            };
            if !since(at) {
                out.push(DateMention {
                    date,
                    speech: false,
                    at,
                });
            }
        }
    }
    for c in ISO.captures_iter(sentence) {
        let at = c.get(0).map_or(0, |m| m.start());
        out.push(DateMention {
            date: dates::parse_iso_prefix(&c[0]),
            speech: false,
            at,
        });
    }
    for c in RELATIVE.captures_iter(sentence) {
        let whole = c.get(0).map_or(0, |m| m.start());
        let word = c[1].to_ascii_lowercase();
        let date = published.and_then(|p| match word.as_str() {
            "yesterday" | "last night" => p.checked_sub_days(Days::new(1)),
            "today" | "tonight" | "overnight" | "this morning" => Some(p),
            w => dates::weekday(w).map(|wd| dates::last_weekday(p, wd)),
        });
        let prev_word = lower[..whole].split_whitespace().next_back().unwrap_or("");
        let next_word = lower[c.get(0).map_or(0, |m| m.end())..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        let speech = SPEECH_BEFORE
            .contains(&prev_word.trim_matches(|c: char| !c.is_alphanumeric()))
            || matches!(
                next_word,
                "briefing" | "daily" | "statement" | "press" | "news"
            );
        out.push(DateMention {
            date,
            speech,
            at: whole,
        });
    }
    out.sort_by_key(|m| m.at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        dates::parse_iso_prefix(s).expect("test date")
    }

    fn check(s: &str, published: Option<&str>, want: &[(Option<&str>, bool)]) {
        let got: Vec<(Option<NaiveDate>, bool)> = find(s, published.map(d))
            .iter()
            .map(|m| (m.date, m.speech))
            .collect();
        let want: Vec<(Option<NaiveDate>, bool)> =
            want.iter().map(|(w, s)| (w.map(d), *s)).collect();
        assert_eq!(got, want, "{s}");
    }

    #[test]
    fn written_and_relative_dates() {
        check(
            "On 1 April 2025, US forces conducted an airstrike.",
            None,
            &[(Some("2025-04-01"), false)],
        );
        check(
            "The offensive was launched on Tuesday morning.",
            Some("2017-09-21"),
            &[(Some("2017-09-19"), false)],
        );
        check(
            "The offensive was launched on Tuesday morning.",
            None,
            &[(None, false)],
        );
        check(
            "It killed 25 members, a monitor said Sunday.",
            Some("2017-08-13"),
            &[(Some("2017-08-13"), true)],
        );
        check(
            "Fighting resumed on September 19 near the town.",
            Some("2017-09-21"),
            &[(Some("2017-09-19"), false)],
        );
        check(
            "Two were killed yesterday.",
            Some("2020-03-01"),
            &[(Some("2020-02-29"), false)],
        );
        check(
            "Russia has been launching airstrikes since late September 2015.",
            None,
            &[],
        );
    }
}
