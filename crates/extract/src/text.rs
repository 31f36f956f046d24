//! Sentences and words of a clean text, each with its byte range.
//!
//! Sentence splitting is hand-written: news text needs abbreviations ("Maj.-Gen.", "U.S.",
//! "Lt. Col."), quotes closing after the full stop and paragraph breaks handled together, and
//! the UAX #29 splitters in crates break "Gen. Sergey" into two sentences.

/// One sentence: its byte range in the text and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// A word with its byte range; `text` has surrounding punctuation trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    /// The punctuation right after the word (',' in "Homs,"), or ' ' when none.
    pub trail: char,
    /// The punctuation right before the word ('"' in "\"We"), or ' ' when none.
    pub lead: char,
}

pub(crate) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "sgt", "capt", "cpt", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "no", "vol", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct",
    "nov", "dec", "etc", "vs", "prof", "rev", "brig", "cmdr", "u.s", "u.n", "u.k", "e.g", "i.e",
    "approx", "est", "inc", "ltd", "co", "corp", "mt", "ft", "km", "a.m", "p.m",
];

/// Splits `text` into sentences. Paragraphs are separated by blank lines or single newlines.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut para_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        if i == bytes.len() || bytes[i] == b'\n' {
            split_paragraph(text, para_start, i, paragraph, &mut out);
            if !text[para_start..i].trim().is_empty() {
                paragraph += 1;
            }
            para_start = i + 1;
        }
        i += 1;
    }
    out
}

fn split_paragraph(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let para = &text[start..end];
    let mut s_start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (pos, c) = chars[k];
        if matches!(c, '.' | '!' | '?') {
            // Take closing quotes and brackets after the mark.
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '»') {
                j += 1;
            }
            let at_space = j < chars.len() && chars[j].1.is_whitespace();
            let mut n = j;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            let next_ok = n < chars.len()
                && (chars[n].1.is_uppercase()
                    || chars[n].1.is_ascii_digit()
                    || matches!(chars[n].1, '"' | '“' | '‘' | '\'' | '(' | '«'));
            if at_space && next_ok && !(c == '.' && is_abbreviation(&para[..pos])) {
                let end_byte = if j < chars.len() {
                    chars[j].0
                } else {
                    para.len()
                };
                push(text, start + s_start, start + end_byte, paragraph, out);
                s_start = chars[n].0;
                k = n;
                continue;
            }
        }
        k += 1;
    }
    push(text, start + s_start, end, paragraph, out);
}

fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if s.trim().is_empty() {
        return;
    }
    out.push(Sentence {
        start: start + lead,
        end: end - trail,
        paragraph,
    });
}

/// True when the text before a full stop ends in an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '-')
        .next()
        .unwrap_or("");
    let lower = word.to_ascii_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Single initials ("J. Smith") and dotted acronyms ("U.S").
    let letters: Vec<char> = word.chars().collect();
    (letters.len() == 1 && letters[0].is_uppercase())
        || (letters.len() >= 3 && letters.iter().skip(1).step_by(2).all(|c| *c == '.'))
}

/// The words of `text[start..end]`, with offsets into `text`.
pub fn words(text: &str, start: usize, end: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let s = &text[start..end];
    let mut pos = 0;
    for raw in s.split(|c: char| c.is_whitespace()) {
        let raw_start = pos;
        pos += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        let is_punct = |c: char| !c.is_alphanumeric() && !matches!(c, '$' | '%' | '&' | '#');
        let trimmed_start = raw.trim_start_matches(is_punct);
        let lead_len = raw.len() - trimmed_start.len();
        let mut core = trimmed_start.trim_end_matches(is_punct);
        // Keep the full stop of abbreviations and the apostrophe-s of possessives intact.
        if core.is_empty() {
            continue;
        }
        let after = &trimmed_start[core.len()..];
        if after.starts_with('.') && is_abbreviation(core) {
            core = &trimmed_start[..core.len() + 1];
        }
        let trail = trimmed_start[core.len()..].chars().next().unwrap_or(' ');
        let lead = raw[..lead_len].chars().last().unwrap_or(' ');
        let abs = start + raw_start + lead_len;
        out.push(Word {
            text: core,
            start: abs,
            end: abs + core.len(),
            trail,
            lead,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn splits_on_full_stops_but_not_abbreviations() {
        assert_eq!(
            split("Maj.-Gen. Igor Konashenkov said Thursday. Gen. Sergey Rudskoy added more. U.S. forces left."),
            ["Maj.-Gen. Igor Konashenkov said Thursday.", "Gen. Sergey Rudskoy added more.", "U.S. forces left."]
        );
    }

    #[test]
    fn quotes_close_with_the_sentence() {
        assert_eq!(
            split("\"The militants are retreating,\" he said. \"They fled.\" Then it ended."),
            [
                "\"The militants are retreating,\" he said.",
                "\"They fled.\"",
                "Then it ended."
            ]
        );
    }

    #[test]
    fn paragraphs_are_numbered() {
        let s = sentences("One here. Two here.\n\nThree here.");
        assert_eq!(s.iter().map(|s| s.paragraph).collect::<Vec<_>>(), [0, 0, 1]);
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_split() {
        assert_eq!(
            split("It rose 2.5 per cent. e.g. this stays."),
            ["It rose 2.5 per cent. e.g. this stays."]
        );
    }

    #[test]
    fn words_carry_offsets_and_punctuation() {
        let t = "Near Homs, \"at least 25\" people.";
        let w = words(t, 0, t.len());
        let texts: Vec<&str> = w.iter().map(|w| w.text).collect();
        assert_eq!(texts, ["Near", "Homs", "at", "least", "25", "people"]);
        assert_eq!(w[1].trail, ',');
        assert_eq!(w[2].lead, '"');
        assert_eq!(&t[w[4].start..w[4].end], "25");
    }
}
