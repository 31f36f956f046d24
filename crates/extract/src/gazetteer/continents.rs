//! Continents named in text ("throughout Europe", "African leaders"): GeoNames' continents
//! (`data/continents.tsv`, built by `scripts/build_gazetteer.py`), found by their names and
//! their adjectives. Rule `continents`: a continent is a place mention, never an event's place.

use dateline_model::{Place, PlaceRef, Precision};

use super::strip_possessive;
use crate::text::Word;

static DATA: &str = include_str!("../../../../data/continents.tsv");

/// The adjective news writes for each continent, by its GeoNames code.
const ADJECTIVES: &[(&str, &str)] = &[
    ("AF", "African"),
    ("AN", "Antarctic"),
    ("AS", "Asian"),
    ("EU", "European"),
    ("NA", "North American"),
    ("OC", "Oceanian"),
    ("SA", "South American"),
];

/// One continent.
#[derive(Debug, Clone, PartialEq)]
pub struct Continent {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: String,
    /// Its adjective ("European").
    pub adjective: Option<&'static str>,
}

/// A continent named in a sentence: its first and last words, and whether by its adjective.
#[derive(Debug, Clone, PartialEq)]
pub struct ContinentHit<'a> {
    pub first: usize,
    pub last: usize,
    pub continent: &'a Continent,
    pub adjective: bool,
}

/// The continents, read once.
#[derive(Debug, Clone)]
pub struct Continents {
    all: Vec<Continent>,
}

impl Continents {
    /// The embedded table; rows that do not read are left out (the table is built by a script
    /// and checked by a test).
    pub fn load() -> Continents {
        let all = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let [code, name, lat, lon, id] = f.as_slice() else {
                    return None;
                };
                Some(Continent {
                    name: name.to_string(),
                    lat: lat.parse().ok()?,
                    lon: lon.parse().ok()?,
                    geonameid: id.to_string(),
                    adjective: ADJECTIVES.iter().find(|(c, _)| c == code).map(|(_, a)| *a),
                })
            })
            .collect();
        Continents { all }
    }

    pub fn len(&self) -> usize {
        self.all.len()
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The continents a sentence names, as written: the name or the adjective, capitalised, its
    /// words in a row ("North America", "South American"), with a possessive ending allowed
    /// ("Europe's"). "Latin America" and other regions are not continents, so a continent
    /// whose name is only the end of a longer capitalised name is not taken.
    pub fn find(&self, words: &[Word]) -> Vec<ContinentHit<'_>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let hit =
                self.all.iter().find_map(|c| {
                    let names = std::iter::once((c.name.as_str(), false))
                        .chain(c.adjective.map(|a| (a, true)));
                    names.into_iter().find_map(|(name, adjective)| {
                        let parts: Vec<&str> = name.split(' ').collect();
                        let last = i + parts.len() - 1;
                        let matches = words.get(i..=last)?.iter().zip(&parts).enumerate().all(
                            |(k, (w, p))| {
                                let text = if k + 1 == parts.len() {
                                    strip_possessive(w.text)
                                } else {
                                    w.text
                                };
                                text == *p
                            },
                        );
                        matches.then_some(ContinentHit {
                            first: i,
                            last,
                            continent: c,
                            adjective,
                        })
                    })
                });
            match hit {
                // "Latin America", "Central Asia": a longer name that ends in a continent's.
                Some(h)
                    if i > 0
                        && words[i - 1].text.starts_with(char::is_uppercase)
                        && !matches!(words[i - 1].trail, ',' | '.' | ';' | ':')
                        && !is_sentence_start(words, i - 1) =>
                {
                    i = h.last + 1;
                }
                Some(h) => {
                    i = h.last + 1;
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// True when word `i` opens its sentence (it is then capitalised whatever it is).
fn is_sentence_start(words: &[Word], i: usize) -> bool {
    i == 0 || matches!(words[i - 1].trail, '.' | '!' | '?')
}

impl Continent {
    /// The continent as a place named by `mention`.
    pub fn place(&self, mention: &str) -> Place {
        Place {
            name: self.name.clone(),
            mention: mention.to_string(),
            lat: self.lat,
            lon: self.lon,
            admin1: None,
            admin2: None,
            country: None,
            country_code: String::new(),
            precision: Precision::Continent,
            gazetteer: Some(PlaceRef {
                source: "geonames".to_string(),
                id: self.geonameid.clone(),
                admin1_code: String::new(),
                admin2_code: String::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, bool)> {
        let c = Continents::load();
        let w = crate::text::words(s, 0, s.len());
        c.find(&w)
            .into_iter()
            .map(|h| (h.continent.name.clone(), h.adjective))
            .collect()
    }

    #[test]
    fn the_table_reads_whole() {
        assert_eq!(Continents::load().len(), 7);
    }

    #[test]
    fn continents_by_name_and_adjective_but_not_inside_longer_names() {
        assert_eq!(
            found("Fares fell throughout Europe while Asian carriers grew."),
            [("Europe".into(), false), ("Asia".into(), true)]
        );
        assert_eq!(
            found("Africa's leaders met North American envoys."),
            [("Africa".into(), false), ("North America".into(), true)]
        );
        // Regions whose names end in a continent's are not the continent.
        assert!(found("Migrants crossed Latin America and Central Asia.").is_empty());
        // Lower case is no name.
        assert!(found("an african violet").is_empty());
    }
}
