//! Calendar words shared by the stages: month and weekday names, and written dates
//! ("September 21, 2017", "20 September 2017", "2017-09-21") read into [`NaiveDate`].
//!
//! Pure functions over strings; the stages find *where* dates are, this module reads them.

use chrono::{NaiveDate, Weekday};

const MONTHS: [(&str, u32); 21] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
];

const MORE_MONTHS: [(&str, u32); 3] = [("oct", 10), ("nov", 11), ("dec", 12)];

/// The month number of an English month name or abbreviation ("Sept.", "february").
pub fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    MONTHS
        .iter()
        .chain(MORE_MONTHS.iter())
        .find(|(name, _)| *name == w)
        .map(|(_, n)| *n)
}

/// The weekday of an English weekday name ("Tuesday", "tues").
pub fn weekday(word: &str) -> Option<Weekday> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    Some(match w.as_str() {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// The latest date on or before `anchor` that falls on `day`: "on Tuesday" in a story
/// published on Thursday 2017-09-21 is 2017-09-19; "Sunday" in a Sunday story is that day.
pub fn last_weekday(anchor: NaiveDate, day: Weekday) -> NaiveDate {
    let back = (7 + anchor.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    anchor - chrono::Days::new(u64::from(back))
}

use chrono::Datelike;

/// Reads a whole written date: "2017-09-21", "September 21, 2017", "Sept. 21 2017",
/// "21 September 2017", "21st of September, 2017". Returns None for anything else.
pub fn parse_written(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_iso_prefix(s) {
        return Some(d);
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("of"))
        .collect();
    if words.len() != 3 {
        return None;
    }
    let (d, m, y) = if let Some(m) = month(words[0]) {
        (day_number(words[1])?, m, year_number(words[2])?)
    } else {
        (
            day_number(words[0])?,
            month(words[1])?,
            year_number(words[2])?,
        )
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// True when `d` can be a publication date: not before January 1 of `earliest_year` (a
/// "0001-01-01" is a placeholder) and not after `latest` (tomorrow, as the caller's clock has
/// it; this crate reads no clock).
pub fn plausible(d: NaiveDate, earliest_year: i32, latest: NaiveDate) -> bool {
    d.year() >= earliest_year && d <= latest
}

/// Reads the `YYYY-MM-DD` at the start of an ISO date or timestamp.
pub fn parse_iso_prefix(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// A day of the month as written: "21", "21st", "3rd".
pub fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
    let n: u32 = digits.parse().ok()?;
    (1..=31).contains(&n).then_some(n)
}

/// A four-digit year between 1900 and 2199.
pub fn year_number(w: &str) -> Option<i32> {
    let w = w.trim_end_matches('.');
    if w.len() != 4 {
        return None;
    }
    let n: i32 = w.parse().ok()?;
    (1900..2200).contains(&n).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn written_dates() {
        let check = |s: &str, want: Option<NaiveDate>| assert_eq!(parse_written(s), want, "{s}");
        check("September 21, 2017", Some(d(2017, 9, 21)));
        check("20 September 2017", Some(d(2017, 9, 20)));
        check("Sept. 3 2016", Some(d(2016, 9, 3)));
        check("1st of April, 2025", Some(d(2025, 4, 1)));
        check("2017-08-13T10:00:00Z", Some(d(2017, 8, 13)));
        check("31 February 2017", None);
        check("September 2017", None);
        check("Region: Middle East", None);
    }

    #[test]
    fn weekdays_resolve_backwards_from_the_anchor() {
        let thu = d(2017, 9, 21);
        assert_eq!(last_weekday(thu, Weekday::Tue), d(2017, 9, 19));
        assert_eq!(last_weekday(thu, Weekday::Thu), thu);
        assert_eq!(last_weekday(thu, Weekday::Fri), d(2017, 9, 15));
        assert_eq!(weekday("Sunday"), Some(Weekday::Sun));
        assert_eq!(weekday("Sundays"), None);
    }
}
