//! Matching keys for place names: a folded form (ASCII, lowercase, no Arabic articles) and a
//! consonant skeleton for transliteration variants. Shared by the index builder (also run by
//! `build.rs` for the embedded gazetteer) and the matcher, so both fold names the same way.

use unicode_normalization::UnicodeNormalization;

/// Apostrophes and the ayn/hamza marks of transliterated names.
const APOSTROPHES: [char; 6] = ['\'', '’', '‘', 'ʿ', 'ʾ', '`'];

/// A name without apostrophes, as ASCII admin names write it ("Dar'a" → "Dara").
pub fn ascii_name(s: &str) -> String {
    s.replace(APOSTROPHES, "")
}

/// Folds a name to its matching key: ASCII, lowercase, words only, without Arabic articles.
pub fn fold(s: &str) -> String {
    // Apostrophes and ayn/hamza marks join their word ("Dar'a", "Ma‘arrat" read "dara",
    // "maarrat"), as GeoNames' ASCII names write them.
    let letter = |c: char| {
        if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        }
    };
    // ASCII needs no decomposition (most names are; folding is on every lookup's path).
    let ascii: String = if s.is_ascii() {
        s.chars()
            .filter(|c| !APOSTROPHES.contains(c))
            .map(letter)
            .collect()
    } else {
        s.nfkd()
            .filter(|c| !APOSTROPHES.contains(c))
            .filter(|c| c.is_ascii())
            .map(letter)
            .collect()
    };
    ascii
        .split_whitespace()
        .filter(|w| {
            !matches!(
                *w,
                "al" | "el"
                    | "ad"
                    | "ar"
                    | "as"
                    | "az"
                    | "ash"
                    | "at"
                    | "an"
                    | "ez"
                    | "es"
                    | "ed"
                    | "the"
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The consonant skeleton of a folded key: each word's first letter, then its consonants
/// without vowels, y, w or h, doubled letters collapsed ("dayr zawr" and "deir zor" → "dr zr").
/// A word's first vowel, whichever it is, reads "a": the ayn or hamza it stands for is
/// written with any vowel ("Ein", "Ain", "Ayn"; "Ithriya", "Athriya"; "Oum", "Umm").
pub fn skeleton(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut last = ' ';
            for (i, c) in w.chars().enumerate() {
                let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
                let keep = i == 0 || !(vowel || matches!(c, 'y' | 'w' | 'h'));
                let c = match c {
                    'q' => 'k',
                    _ if i == 0 && vowel => 'a',
                    c => c,
                };
                if keep && c != last {
                    out.push(c);
                }
                last = c;
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}
