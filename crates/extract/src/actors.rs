//! Actors: armed groups and their aliases (`data/actors.tsv`), state forces built from
//! demonyms (`data/demonyms.tsv`: "Syrian troops" → Military Forces of Syria), and generic
//! roles (civilians, protesters, gunmen) with ACLED's actor categories.

use std::collections::HashMap;

use dateline_model::Actor;

use crate::text::Word;

static ACTORS: &str = include_str!("../../../data/actors.tsv");
static DEMONYMS: &str = include_str!("../../../data/demonyms.tsv");

/// True for a noun of armed force that can follow a nationality ("forces", "troops",
/// "warplanes", "police"), as in "UAE forces": the country is then whose forces, not where.
pub fn is_armed_noun(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    // Words that only modify ("national", "special", "government") are left out.
    !FORCE_MODIFIERS.contains(&w.as_str())
        && w != "regime"
        && (FORCE_NOUNS.iter().any(|(n, _)| *n == w) || w == "police")
}

/// True for a word that makes a force only with another after it ("special", "national").
pub fn is_force_modifier(word: &str) -> bool {
    FORCE_MODIFIERS.contains(&word.to_ascii_lowercase().as_str())
}

/// Words of [`FORCE_NOUNS`] that make a force only with another after them ("government
/// forces", "special forces", "air force").
const FORCE_MODIFIERS: &[&str] = &[
    "government",
    "national",
    "special",
    "air",
    "defense",
    "defence",
    "aerospace",
];

/// Nouns that make a demonym a state force ("Russian warplanes", "Somali police").
const FORCE_NOUNS: &[(&str, &str)] = &[
    ("army", "Military"),
    ("military", "Military"),
    ("forces", "Military"),
    ("force", "Military"),
    ("troops", "Military"),
    ("soldiers", "Military"),
    ("soldier", "Military"),
    ("warplanes", "Military"),
    ("jets", "Military"),
    ("aircraft", "Military"),
    ("aviation", "Military"),
    ("navy", "Military"),
    ("commandos", "Military"),
    ("helicopters", "Military"),
    ("drones", "Military"),
    ("government", "Military"),
    ("regime", "Military"),
    ("defense", "Military"),
    ("defence", "Military"),
    ("aerospace", "Military"),
    ("air", "Military"),
    ("national", "Military"),
    ("special", "Military"),
    ("commando", "Military"),
    ("military's", "Military"),
    ("police", "Police"),
    ("policemen", "Police"),
    ("gendarmerie", "Police"),
];

/// The armed groups of the actor dictionary (rebel groups and militias), each with its
/// aliases: they are sources too ("the Islamic State group claimed …").
pub fn armed_groups() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    ACTORS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            // Generic entries ("Unidentified Armed Group": "militants", "gunmen"; "Clan
            // Militia") name no one in particular.
            let armed = matches!(
                f.get(1).copied(),
                Some("Rebel group" | "Political militia" | "Identity militia")
            ) && !f[0].starts_with("Unidentified")
                && !f[0].starts_with("Clan ");
            armed.then(|| {
                let aliases = f
                    .get(3)
                    .map(|a| a.split('|').filter(|s| !s.is_empty()).collect())
                    .unwrap_or_default();
                (f[0], aliases)
            })
        })
}

/// A dictionary entry.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    category: String,
    cc: Option<String>,
}

/// An actor found in a sentence, with the words it covers.
#[derive(Debug, Clone)]
pub struct ActorHit {
    pub first: usize,
    pub last: usize,
    pub actor: Actor,
    pub cc: Option<String>,
}

/// The actor dictionary.
pub struct Actors {
    entries: Vec<Entry>,
    /// Lowercased alias words → entry, longest aliases first per first word.
    aliases: HashMap<String, Vec<(Vec<String>, usize)>>,
    demonyms: HashMap<String, (String, String)>,
}

impl Actors {
    /// Loads the embedded dictionaries.
    pub fn load() -> Actors {
        let mut a = Actors {
            entries: Vec::new(),
            aliases: HashMap::new(),
            demonyms: HashMap::new(),
        };
        for line in ACTORS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 2 {
                continue;
            }
            let id = a.entries.len();
            a.entries.push(Entry {
                name: f[0].to_string(),
                category: f[1].to_string(),
                cc: f.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string()),
            });
            let mut names = vec![f[0]];
            if let Some(al) = f.get(3) {
                names.extend(al.split('|').filter(|s| !s.is_empty()));
            }
            for n in names {
                let ws: Vec<String> = n.split_whitespace().map(|w| w.to_string()).collect();
                if let Some(first) = ws.first() {
                    a.aliases
                        .entry(first.to_ascii_lowercase())
                        .or_default()
                        .push((ws, id));
                }
            }
        }
        for v in a.aliases.values_mut() {
            v.sort_by_key(|(ws, _)| std::cmp::Reverse(ws.len()));
        }
        for line in DEMONYMS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() == 3 {
                a.demonyms
                    .insert(f[0].to_string(), (f[1].to_string(), f[2].to_string()));
            }
        }
        a
    }

    /// The country (name, code) of a demonym or country word ("Syrian", "Somalia").
    pub fn demonym(&self, word: &str) -> Option<(&str, &str)> {
        self.demonyms
            .get(word.trim_end_matches("'s"))
            .map(|(n, c)| (n.as_str(), c.as_str()))
    }

    /// Finds actors in a sentence's words. `story` is the story's country (name, code), used
    /// for "government forces" and "security forces".
    pub fn find(&self, words: &[Word], story: Option<(&str, &str)>) -> Vec<ActorHit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(hit) = self
                .alias_at(words, i)
                .or_else(|| self.force_at(words, i, story))
            {
                i = hit.last + 1;
                out.push(hit);
            } else {
                i += 1;
            }
        }
        out
    }

    fn alias_at(&self, words: &[Word], i: usize) -> Option<ActorHit> {
        let key = words[i].text.to_ascii_lowercase();
        let key = key.trim_end_matches("'s");
        for (alias, id) in self.aliases.get(key)? {
            let n = alias.len();
            if i + n > words.len() {
                continue;
            }
            let matches = alias
                .iter()
                .zip(&words[i..i + n])
                .enumerate()
                .all(|(k, (a, w))| {
                    let w = if k + 1 == n {
                        w.text.trim_end_matches("'s")
                    } else {
                        w.text
                    };
                    // Acronyms and capitalised names must match case ("IS" is not "is").
                    if a.chars().any(char::is_uppercase) {
                        a == w
                    } else {
                        a.eq_ignore_ascii_case(w)
                    }
                });
            if matches {
                let e = &self.entries[*id];
                return Some(ActorHit {
                    first: i,
                    last: i + n - 1,
                    actor: Actor {
                        name: e.name.clone(),
                        category: e.category.clone(),
                    },
                    cc: e.cc.clone(),
                });
            }
        }
        None
    }

    fn force_at(&self, words: &[Word], i: usize, story: Option<(&str, &str)>) -> Option<ActorHit> {
        let w = words[i].text;
        let lower = w.to_ascii_lowercase();
        let (country, cc, noun_at) = if let Some((c, cc)) = self.demonym(w) {
            (c.to_string(), cc.to_string(), i + 1)
        } else if matches!(
            lower.as_str(),
            "government" | "security" | "state" | "pro-government" | "regime"
        ) {
            let (c, cc) = story?;
            (c.to_string(), cc.to_string(), i + 1)
        } else {
            return None;
        };
        // Allow one modifier: "Syrian government forces", "Russian military police".
        for k in noun_at..(noun_at + 2).min(words.len()) {
            let noun = words[k].text.to_ascii_lowercase();
            if let Some((_, kind)) = FORCE_NOUNS.iter().find(|(n, _)| *n == noun) {
                // "government" alone after a demonym only counts with a force noun after it.
                if k == noun_at
                    && FORCE_MODIFIERS.contains(&noun.as_str())
                    && !words.get(k + 1).is_some_and(|n| {
                        FORCE_NOUNS
                            .iter()
                            .any(|(f, _)| f.eq_ignore_ascii_case(n.text))
                    })
                {
                    continue;
                }
                let kind = if *kind == "Police"
                    || words
                        .get(k + 1)
                        .is_some_and(|n| n.text.eq_ignore_ascii_case("police"))
                {
                    "Police"
                } else {
                    "Military"
                };
                let mut last = k;
                while last + 1 < words.len()
                    && last < k + 2
                    && FORCE_NOUNS
                        .iter()
                        .any(|(f, _)| f.eq_ignore_ascii_case(words[last + 1].text))
                {
                    last += 1;
                }
                return Some(ActorHit {
                    first: i,
                    last,
                    actor: Actor {
                        name: format!("{kind} Forces of {country}"),
                        category: "State forces".to_string(),
                    },
                    cc: Some(cc),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        let a = Actors::load();
        let w = crate::text::words(s, 0, s.len());
        a.find(&w, Some(("Somalia", "SO")))
            .into_iter()
            .map(|h| h.actor.name)
            .collect()
    }

    #[test]
    fn aliases_and_state_forces() {
        assert_eq!(
            names("ISIL militants clashed with Syrian troops"),
            ["Islamic State", "Military Forces of Syria"]
        );
        assert_eq!(
            names("Daesh and Jabhat Fateh al-Sham"),
            ["Islamic State", "Hayat Tahrir al-Sham"]
        );
        assert_eq!(
            names("Russian warplanes backed the Syrian government forces"),
            ["Military Forces of Russia", "Military Forces of Syria"]
        );
        assert_eq!(
            names("government security forces (SNA) attacked Al Shabaab"),
            ["Military Forces of Somalia", "Al Shabaab"]
        );
        assert_eq!(
            names("Somali police arrested two civilians"),
            ["Police Forces of Somalia", "Civilians"]
        );
        assert_eq!(names("this is not an actor"), Vec::<String>::new());
    }
}
