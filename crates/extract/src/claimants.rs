//! Who a claimant is: one source under its many names.
//!
//! News names one source many ways: by its full name, an acronym, a person speaking for it, or
//! a description once it has been named ("the monitor", "the agency"). [`Sources`] reads
//! `data/claimants.tsv` (and the armed groups of `data/actors.tsv`) and gives a claimant as
//! written its [`Source`]: the canonical name, the kind, and the speaker's role. The rules, in
//! the order they are tried:
//! 1. a **name** (full name, other spelling, acronym, or an official "NAME=role") inside the
//!    claimant phrase names the source wherever it stands: the longest name wins ("Observatory
//!    head Rami Abdel Rahman" → the Syrian Observatory for Human Rights, director);
//! 2. a **description** ("the monitor", "the agency", a surname alone) stands for the source
//!    named last in the document that it describes — never for one the document has not named;
//! 3. otherwise the claimant has no source: it is kept as written, never guessed.
//!
//! Acronyms match only as written in capitals ("IS", "UN"), so the verb "is" and the word "un"
//! of another language never name anyone.

use std::collections::HashMap;

use dateline_model::{Source, SourceKind};
use unicode_normalization::UnicodeNormalization;

static CLAIMANTS: &str = include_str!("../../../data/claimants.tsv");

/// Words for the person or part speaking for a source ("Observatory head …", "a ministry
/// spokesman"), read as the role when no official is named. Singular forms.
const ROLE_WORDS: &[&str] = &[
    "head",
    "director",
    "chief",
    "chairman",
    "chairwoman",
    "founder",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "source",
    "commander",
    "minister",
    "envoy",
    "representative",
    "president",
    "activist",
    "correspondent",
    "reporter",
    "member",
    "statement",
    "report",
];

/// One source of the dictionary.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    kind: SourceKind,
}

/// One way to write a source: its words folded, whether it is an acronym (matched only in
/// capitals), and the role of the person it names.
#[derive(Debug, Clone)]
struct Alias {
    words: Vec<String>,
    acronym: bool,
    entry: usize,
    role: Option<String>,
}

/// A word of a phrase: as written (dots and a possessive "'s" removed) and folded.
#[derive(Debug, Clone)]
struct Token {
    written: String,
    folded: String,
}

/// A phrase's words, split at spaces, hyphens, slashes and punctuation: "U.S.-led" → "US", "led".
fn tokens(phrase: &str) -> Vec<Token> {
    phrase
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '/' | '(' | ')' | ',' | ';' | ':' | '"')
        })
        .filter_map(|w| {
            let w = w
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_end_matches("s'");
            let written: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            if written.is_empty() {
                return None;
            }
            let folded: String = written
                .nfkd()
                .filter(char::is_ascii_alphanumeric)
                .flat_map(|c| c.to_lowercase())
                .collect();
            (!folded.is_empty()).then_some(Token { written, folded })
        })
        .collect()
}

/// A name of the dictionary is an acronym when it is one word of capitals and digits.
fn is_acronym(words: &[Token]) -> bool {
    words.len() == 1
        && words[0].written.chars().count() <= 6
        && words[0]
            .written
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The claimant dictionary, indexed by each alias's first word.
pub struct Sources {
    entries: Vec<Entry>,
    names: HashMap<String, Vec<Alias>>,
    descriptions: HashMap<String, Vec<Alias>>,
}

/// What a claimant phrase was found to name.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    entry: usize,
    role: Option<String>,
    len: usize,
}

impl Sources {
    /// Loads the embedded dictionaries: `data/claimants.tsv`, and the armed groups of
    /// `data/actors.tsv`.
    pub fn load() -> Sources {
        let mut s = Sources {
            entries: Vec::new(),
            names: HashMap::new(),
            descriptions: HashMap::new(),
        };
        for line in CLAIMANTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(kind)) = (f.first(), f.get(1).and_then(|k| SourceKind::parse(k)))
            else {
                continue;
            };
            let entry = s.entries.len();
            s.entries.push(Entry {
                name: name.to_string(),
                kind,
            });
            for alias in
                std::iter::once(*name).chain(f.get(2).into_iter().flat_map(|a| a.split('|')))
            {
                add(&mut s.names, alias, entry);
            }
            for alias in f.get(3).into_iter().flat_map(|a| a.split('|')) {
                add(&mut s.descriptions, alias, entry);
            }
        }
        for (name, aliases) in crate::actors::armed_groups() {
            let entry = s.entries.len();
            s.entries.push(Entry {
                name: name.to_string(),
                kind: SourceKind::ArmedGroup,
            });
            for alias in std::iter::once(name).chain(aliases) {
                add(&mut s.names, alias, entry);
            }
            add(&mut s.descriptions, "group", entry);
        }
        for v in s.names.values_mut().chain(s.descriptions.values_mut()) {
            v.sort_by_key(|a| std::cmp::Reverse(a.words.len()));
        }
        s
    }

    /// The sources a text names (by name, not by description), in order of their first word.
    pub fn named_in(&self, text: &str) -> Vec<usize> {
        find(&self.names, &tokens(text))
            .into_iter()
            .map(|(_, f)| f.entry)
            .collect()
    }

    /// The source a claimant as written stands for. `named` lists the sources the document
    /// has named so far ([`Sources::named_in`]), last named last; `later` those it names
    /// after, first named first (an indefinite "a monitor said" often comes before the name).
    pub fn resolve(&self, claimant: &str, named: &[usize], later: &[usize]) -> Option<Source> {
        self.resolve_with(claimant, || (named.to_vec(), later.to_vec()))
    }

    /// [`Sources::resolve`], with the document's named sources (before, after) asked for only
    /// when a description needs them: most claimants name their source.
    pub fn resolve_with(
        &self,
        claimant: &str,
        context: impl FnOnce() -> (Vec<usize>, Vec<usize>),
    ) -> Option<Source> {
        let toks = tokens(claimant);
        let names = find(&self.names, &toks);
        let by_name = names.iter().map(|(_, f)| f).max_by_key(|f| f.len).map(|f| {
            // An official of the same source named beside it gives the role.
            let role = names
                .iter()
                .find(|(_, g)| g.entry == f.entry && g.role.is_some())
                .and_then(|(_, g)| g.role.clone());
            Found {
                role: f.role.clone().or(role),
                ..f.clone()
            }
        });
        let found = by_name.or_else(|| {
            // A description stands for the last named source it describes.
            let described = describes(&self.descriptions, &toks);
            if described.is_empty() {
                return None;
            }
            let (named, later) = context();
            named
                .iter()
                .rev()
                .chain(&later)
                .find_map(|e| described.iter().find(|f| f.entry == *e).cloned())
        })?;
        let role = found.role.or_else(|| {
            toks.iter().find_map(|t| {
                let w = t.folded.strip_suffix('s').unwrap_or(&t.folded);
                ROLE_WORDS
                    .iter()
                    .find(|r| **r == t.folded || **r == w)
                    .map(|r| r.to_string())
            })
        });
        let e = &self.entries[found.entry];
        Some(Source {
            name: e.name.clone(),
            kind: e.kind,
            role,
        })
    }
}

/// Adds one alias ("NAME" or "NAME=role") of `entry` to an index.
fn add(index: &mut HashMap<String, Vec<Alias>>, alias: &str, entry: usize) {
    let (alias, role) = match alias.split_once('=') {
        Some((a, r)) => (a, Some(r.trim().to_string())),
        None => (alias, None),
    };
    let words = tokens(alias);
    let Some(first) = words.first() else { return };
    index.entry(first.folded.clone()).or_default().push(Alias {
        acronym: is_acronym(&words),
        words: words.iter().map(|t| t.folded.clone()).collect(),
        entry,
        role,
    });
}

/// Every source a description in `toks` can stand for ("the agency": each agency).
fn describes(index: &HashMap<String, Vec<Alias>>, toks: &[Token]) -> Vec<Found> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        for a in index.get(&toks[i].folded).into_iter().flatten() {
            if toks.len() - i >= a.words.len()
                && a.words.iter().zip(&toks[i..]).all(|(w, t)| *w == t.folded)
            {
                out.push(Found {
                    entry: a.entry,
                    role: a.role.clone(),
                    len: a.words.len(),
                });
            }
        }
    }
    out
}

/// Every alias of `index` that stands in `toks`, left to right, longest first at each word;
/// a word inside a match starts no other.
fn find(index: &HashMap<String, Vec<Alias>>, toks: &[Token]) -> Vec<(usize, Found)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let hit = index.get(&toks[i].folded).and_then(|aliases| {
            aliases.iter().find(|a| {
                toks.len() - i >= a.words.len()
                    && a.words.iter().zip(&toks[i..]).all(|(w, t)| *w == t.folded)
                    && (!a.acronym
                        || toks[i]
                            .written
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
            })
        });
        match hit {
            // "anti-ISIS activists", "pro-government media": a name after "anti" or "pro"
            // says whom the source is for or against, not who it is.
            Some(a) if i > 0 && matches!(toks[i - 1].folded.as_str(), "anti" | "pro") => {
                i += a.words.len();
            }
            Some(a) => {
                out.push((
                    i,
                    Found {
                        entry: a.entry,
                        role: a.role.clone(),
                        len: a.words.len(),
                    },
                ));
                i += a.words.len();
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> &'static Sources {
        static S: std::sync::OnceLock<Sources> = std::sync::OnceLock::new();
        S.get_or_init(Sources::load)
    }

    fn resolve(claimant: &str, named_before: &str) -> Option<(String, Option<String>)> {
        let s = sources();
        s.resolve(claimant, &s.named_in(named_before), &[])
            .map(|x| (x.name, x.role))
    }

    const SOHR: &str = "Syrian Observatory for Human Rights";

    #[test]
    fn names_acronyms_and_officials_name_one_source() {
        for written in [
            "the Syrian Observatory for Human Rights",
            "SOHR",
            "the UK-based Syrian Observatory monitoring group",
        ] {
            assert_eq!(resolve(written, ""), Some((SOHR.into(), None)), "{written}");
        }
        assert_eq!(
            resolve("Observatory chief Rami Abdulrahman", ""),
            Some((SOHR.into(), Some("director".into())))
        );
        assert_eq!(
            resolve("a spokesman for the U.N.", ""),
            Some(("United Nations".into(), Some("spokesman".into())))
        );
        assert_eq!(
            resolve("the U.S.-led coalition", ""),
            Some((
                "Combined Joint Task Force – Operation Inherent Resolve".into(),
                None
            ))
        );
    }

    #[test]
    fn acronyms_match_only_in_capitals() {
        assert_eq!(resolve("what is left", ""), None);
        assert_eq!(
            resolve("IS", "").map(|x| x.0),
            Some("Islamic State".to_string())
        );
    }

    #[test]
    fn a_description_stands_only_for_a_source_already_named() {
        // Nothing named before: "the monitor" is kept as written.
        assert_eq!(resolve("the monitor", ""), None);
        let before = "Figures came from the Syrian Observatory for Human Rights on Sunday.";
        assert_eq!(resolve("the monitor", before), Some((SOHR.into(), None)));
        assert_eq!(
            resolve("Abdel Rahman", before),
            Some((SOHR.into(), Some("director".into())))
        );
        // The agency named last is the one "the agency" stands for.
        let two = "SANA said one thing, and later Reuters said another.";
        assert_eq!(
            resolve("the agency", two).map(|x| x.0),
            Some("Reuters".into())
        );
    }

    #[test]
    fn a_description_before_the_name_stands_for_the_source_named_next() {
        let s = sources();
        let later = s.named_in("Later the Syrian Network for Human Rights gave its own count.");
        assert_eq!(
            s.resolve("a rights network", &[], &later).map(|x| x.name),
            Some("Syrian Network for Human Rights".into())
        );
    }

    #[test]
    fn a_name_a_source_is_for_or_against_is_not_the_source() {
        assert_eq!(resolve("an anti-ISIS activist network", ""), None);
        assert_eq!(resolve("pro-Hezbollah media", ""), None);
    }

    #[test]
    fn unknown_claimants_have_no_source() {
        assert_eq!(resolve("a resident", "SOHR spoke."), None);
        assert_eq!(resolve("local medics", ""), None);
    }
}
