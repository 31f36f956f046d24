//! Places: the GeoNames gazetteer (built by `scripts/build_gazetteer.py`, embedded in the
//! binary) and the matching of place names in sentences.
//!
//! Names are matched on a folded key (accents, case, hyphens and Arabic articles removed:
//! "Deir ez-Zor" and "Deir al-Zor" both read "deir zor"), then on a consonant skeleton for
//! transliteration variants ("Dayr az Zawr", "Talbisah"). Among entries sharing a name the
//! story's country, admin hints ("(Qandala, Bari)"), region words ("Homs Governorate") and
//! population decide.

use rustc_hash::FxHashMap as HashMap;
use std::io::Read;

use dateline_model::{Place, Precision};
use unicode_normalization::UnicodeNormalization;

use crate::text::Word;

static DATA: &[u8] = include_bytes!("../../../data/gazetteer.tsv.gz");

/// The kind of a gazetteer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country,
    Admin1,
    Admin2,
    Place,
}

/// One gazetteer row.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub cc: String,
    pub admin1: String,
    pub admin2: String,
    pub population: u64,
    pub kind: Kind,
}

/// Why the gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer data is not valid gzip: {0}")]
    Gzip(#[from] std::io::Error),
    #[error("gazetteer line {line}: {reason}")]
    Row { line: usize, reason: String },
    #[error("{path}: {reason}")]
    Dump { path: String, reason: String },
}

/// The loaded gazetteer with its name indexes.
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_key: HashMap<String, Vec<u32>>,
    by_skeleton: HashMap<String, Vec<u32>>,
    countries: HashMap<String, u32>,
}

/// Folds a name to its matching key: ASCII, lowercase, words only, without Arabic articles.
pub fn fold(s: &str) -> String {
    let ascii: String = s
        .nfkd()
        .filter(|c| c.is_ascii())
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
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
pub fn skeleton(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            let mut out = String::new();
            let mut last = ' ';
            for (i, c) in w.chars().enumerate() {
                let keep = i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' | 'h');
                let c = if c == 'q' { 'k' } else { c };
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

/// Capitalised words that are never place names on their own.
const NOT_PLACES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "he",
    "she",
    "it",
    "they",
    "we",
    "this",
    "that",
    "there",
    "these",
    "those",
    "his",
    "her",
    "their",
    "our",
    "its",
    "after",
    "before",
    "since",
    "during",
    "while",
    "when",
    "as",
    "by",
    "for",
    "from",
    "with",
    "to",
    "army",
    "military",
    "police",
    "forces",
    "force",
    "government",
    "ministry",
    "defense",
    "defence",
    "president",
    "minister",
    "general",
    "staff",
    "state",
    "islamic",
    "observatory",
    "human",
    "rights",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "new",
    "old",
    "national",
    "security",
    "air",
    "aerospace",
    "aviation",
    "news",
    "media",
    "international",
    "united",
    "nations",
    "council",
    "head",
    "heads",
    "member",
    "members",
    "republic",
    "arab",
    "office",
    "agency",
    "spokesman",
    "commander",
    "colonel",
    "major",
    "lieutenant",
    "captain",
    "sergeant",
    "mr",
    "mrs",
    "dr",
    "al",
    "march",
    "may",
    "june",
    "july",
    "april",
    "august",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "reuters",
    "afp",
    "ap",
    "tass",
    "rt",
    "sputnik",
    "isil",
    "isis",
    "is",
    "daesh",
    "nusra",
    "front",
    "sham",
    "civil",
    "war",
    "town",
    "city",
    "village",
    "district",
    "province",
    "region",
    "governorate",
    "level",
    "local",
    "federal",
    "special",
    "unit",
    "units",
    "group",
    "party",
    "one",
    "two",
    "three",
    "all",
    "some",
    "many",
    "both",
    "other",
    "such",
    "however",
    "meanwhile",
    "also",
    "according",
    "following",
    "despite",
    "later",
    "earlier",
    "lower",
    "upper",
    "middle",
    "ministry's",
    "russian",
    "syrian",
    "somali",
    "turkish",
    "american",
    "kurdish",
    "iraqi",
    "iranian",
    "israeli",
    "people",
    "police's",
    "hospital",
    "market",
    "airport",
    "bridge",
    "road",
    "camp",
    "base",
    "school",
    "university",
    "mosque",
    "church",
    "hotel",
    "prison",
    "station",
    "port",
    "valley",
    "mountain",
    "river",
    "lake",
    "island",
    "faction",
    "alliance",
    "coalition",
    "brigade",
    "brigades",
    "battalion",
    "division",
    "corps",
    "command",
    "operation",
    "operations",
    "director",
    "chief",
    "leader",
    "sheikh",
    "abu",
    "ibn",
    "bin",
    "su",
    "mig",
    "top",
    "senior",
    "official",
    "officials",
    "source",
    "sources",
    "hamas",
    "taliban",
    "shabaab",
    "shabab",
    "mark",
    "victoria",
    "hope",
    "union",
    "african",
];

/// Words after a name that make it a region ("Homs Governorate", "Idlib province").
fn region_word(w: &str) -> Option<Kind> {
    match w.to_ascii_lowercase().as_str() {
        "governorate" | "province" | "provinces" | "region" | "state" | "oblast" | "prefecture"
        | "wilaya" | "department" => Some(Kind::Admin1),
        "district" | "districts" | "county" | "municipality" => Some(Kind::Admin2),
        _ => None,
    }
}

/// A place found in a sentence.
#[derive(Debug, Clone)]
pub struct PlaceHit {
    pub first: usize,
    pub last: usize,
    pub place: Place,
    pub population: u64,
    /// True when the text gave admin hints for it ("(Qandala, Bari)"): the most reliable
    /// location a report gives.
    pub hinted: bool,
}

impl Gazetteer {
    /// Loads the embedded gazetteer.
    pub fn load() -> Result<Gazetteer, GazetteerError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(DATA).read_to_string(&mut text)?;
        Gazetteer::parse(&text)
    }

    /// Parses gazetteer rows (see `scripts/build_gazetteer.py` for the columns).
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer {
            entries: Vec::new(),
            by_key: HashMap::default(),
            by_skeleton: HashMap::default(),
            countries: HashMap::default(),
        };
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let bad = |reason: &str| GazetteerError::Row {
                line: n + 1,
                reason: reason.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 9 {
                return Err(bad("want 9 tab-separated fields"));
            }
            let kind = match f[0] {
                "country" => Kind::Country,
                "admin1" => Kind::Admin1,
                "admin2" => Kind::Admin2,
                "place" => Kind::Place,
                _ => return Err(bad("unknown kind")),
            };
            let entry = Entry {
                name: f[1].to_string(),
                lat: f[2].parse().map_err(|_| bad("bad latitude"))?,
                lon: f[3].parse().map_err(|_| bad("bad longitude"))?,
                cc: f[4].to_string(),
                admin1: f[5].to_string(),
                admin2: f[6].to_string(),
                population: f[7].parse().unwrap_or(0),
                kind,
            };
            g.add(entry, f[8].split('|').filter(|s| !s.is_empty()));
        }
        Ok(g)
    }

    /// Adds one row under its name and alternate names.
    pub fn add<'a>(&mut self, entry: Entry, alternates: impl Iterator<Item = &'a str>) {
        let id = self.entries.len() as u32;
        let keys: Vec<String> = std::iter::once(fold(&entry.name))
            .chain(alternates.map(fold))
            .collect();
        for key in keys {
            if key.is_empty() || key.split(' ').count() > 5 {
                continue;
            }
            let skel = skeleton(&key);
            push_unique(self.by_key.entry(key).or_default(), id);
            if skel.len() >= 4 {
                push_unique(self.by_skeleton.entry(skel).or_default(), id);
            }
        }
        if entry.kind == Kind::Country {
            self.countries.insert(entry.cc.clone(), id);
        }
        self.entries.push(entry);
    }

    /// True when a row of this name, country and kind lies within about 5 km.
    pub fn has_near(&self, name: &str, cc: &str, kind: Kind, lat: f64, lon: f64) -> bool {
        self.by_key.get(&fold(name)).is_some_and(|ids| {
            ids.iter().any(|&i| {
                let e = &self.entries[i as usize];
                e.cc == cc
                    && e.kind == kind
                    && (e.lat - lat).abs() < 0.05
                    && (e.lon - lon).abs() < 0.05
            })
        })
    }

    /// The English name of a country code.
    pub fn country_name(&self, cc: &str) -> Option<&str> {
        self.countries
            .get(cc)
            .map(|&i| self.entries[i as usize].name.as_str())
    }

    /// The country codes of countries named in `words` ("Syria"), for guessing the story's country.
    pub fn country_of_name(&self, name: &str) -> Option<&str> {
        let ids = self.by_key.get(&fold(name))?;
        ids.iter()
            .map(|&i| &self.entries[i as usize])
            .find(|e| e.kind == Kind::Country)
            .map(|e| e.cc.as_str())
    }

    fn lookup(&self, name: &str) -> Vec<u32> {
        self.lookup_with(name, 5)
    }

    /// Looks a name up by its key, then by its skeleton when that has at least `min_skeleton`
    /// letters (short skeletons collide; admin hints are trusted with shorter ones).
    fn lookup_with(&self, name: &str, min_skeleton: usize) -> Vec<u32> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        if let Some(ids) = self.by_key.get(&key) {
            return ids.clone();
        }
        let skel = skeleton(&key);
        if skel.len() >= min_skeleton {
            if let Some(ids) = self.by_skeleton.get(&skel) {
                return ids.clone();
            }
        }
        Vec::new()
    }

    /// Makes a [`Place`] of an entry.
    pub fn place(&self, id: usize, mention: &str) -> Place {
        let e = &self.entries[id];
        let precision = match e.kind {
            Kind::Country => Precision::Country,
            Kind::Admin1 => Precision::Region,
            Kind::Admin2 => Precision::District,
            Kind::Place => Precision::Point,
        };
        Place {
            name: e.name.clone(),
            mention: mention.to_string(),
            lat: e.lat,
            lon: e.lon,
            admin1: Some(e.admin1.clone()).filter(|s| !s.is_empty()),
            admin2: Some(e.admin2.clone()).filter(|s| !s.is_empty()),
            country: self.country_name(&e.cc).map(str::to_string),
            country_code: e.cc.clone(),
            precision,
        }
    }

    /// The best entry named `name`: in the story's country, matching the admin hints, of the
    /// wanted kind, most populous. None when no entry is plausible.
    fn choose(
        &self,
        ids: &[u32],
        key: &str,
        story_cc: Option<&str>,
        want: Option<Kind>,
        hints: &[String],
        single_word: bool,
    ) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for &id in ids {
            let e = &self.entries[id as usize];
            let mut score = ((e.population + 1) as f64).log10() * 10.0;
            let in_story = story_cc.is_some_and(|c| c == e.cc);
            if in_story {
                score += 1000.0;
            }
            let hinted = hints.iter().any(|h| {
                let hk = skeleton(&fold(h));
                !hk.is_empty()
                    && (skeleton(&fold(&e.admin1)) == hk || skeleton(&fold(&e.admin2)) == hk)
            });
            if hinted {
                score += 10_000.0;
            }
            match (want, e.kind) {
                (Some(w), k) if w == k => score += 500.0,
                (Some(Kind::Admin1), Kind::Place) | (Some(Kind::Admin2), Kind::Place) => {
                    score -= 200.0
                }
                (None, Kind::Country) => score += 300.0,
                (None, Kind::Place) => score += 50.0,
                _ => {}
            }
            // Far-away namesakes must be notable to be believed.
            if !in_story && !hinted && e.kind != Kind::Country {
                let floor = if story_cc.is_some() {
                    200_000
                } else if single_word {
                    20_000
                } else {
                    1_000
                };
                // Outside the story's country only a place's own name counts, not an alias.
                if e.population < floor || (story_cc.is_some() && fold(&e.name) != key) {
                    continue;
                }
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, id as usize));
            }
        }
        best.map(|(_, id)| id)
    }

    /// The place an admin hint names when the place itself is unknown: "(Qandala, Bari)" is
    /// Qandala district in Bari (the district's namesake place, at district precision), else
    /// the region Bari.
    fn resolve_hints(&self, hints: &[String], story_cc: Option<&str>) -> Option<Place> {
        let region = hints.last()?;
        let region_key = skeleton(&fold(region));
        if hints.len() >= 2 {
            let district = &hints[0];
            let ids = self.lookup_with(district, 4);
            let best = ids
                .iter()
                .map(|&i| (i as usize, &self.entries[i as usize]))
                .filter(|(_, e)| {
                    matches!(e.kind, Kind::Place | Kind::Admin2)
                        && skeleton(&fold(&e.admin1)) == region_key
                })
                .max_by_key(|(_, e)| (e.kind == Kind::Admin2, e.population));
            if let Some((id, _)) = best {
                let mut p = self.place(id, district);
                p.precision = Precision::District;
                return Some(p);
            }
        }
        let ids = self.lookup_with(region, 3);
        let best = ids
            .iter()
            .map(|&i| (i as usize, &self.entries[i as usize]))
            .filter(|(_, e)| e.kind == Kind::Admin1)
            .max_by_key(|(_, e)| (story_cc == Some(e.cc.as_str()), e.population))?;
        Some(self.place(best.0, region))
    }

    /// True when an entry lies in the district or region an admin hint names.
    fn matches_hints(&self, id: usize, hints: &[String]) -> bool {
        let e = &self.entries[id];
        hints.iter().any(|h| {
            let hk = skeleton(&fold(h));
            !hk.is_empty()
                && (skeleton(&fold(&e.admin1)) == hk
                    || skeleton(&fold(&e.admin2)) == hk
                    || skeleton(&fold(&e.name)) == hk)
        })
    }

    /// Countries of the regions named in admin hints ("(Qandala, Bari)" → SO), for guessing a
    /// story's country.
    pub fn hint_countries(&self, words: &[Word]) -> Vec<String> {
        let mut out = Vec::new();
        for (k, w) in words.iter().enumerate() {
            if w.lead != '(' || k == 0 {
                continue;
            }
            let hints = admin_hints(words, k - 1);
            if let Some(region) = hints.last() {
                for &id in &self.lookup(region) {
                    let e = &self.entries[id as usize];
                    if e.kind == Kind::Admin1 && !out.contains(&e.cc) {
                        out.push(e.cc.clone());
                    }
                }
            }
        }
        out
    }

    /// Finds places named in a sentence's words. `taken[i]` marks words already read as part
    /// of an actor's name.
    pub fn find(&self, words: &[Word], taken: &[bool], story_cc: Option<&str>) -> Vec<PlaceHit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].text;
            let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
            // All-capital words are acronyms or datelines ("MOSCOW (Sputnik) –"), not places.
            let shouting = w.len() >= 2 && w.chars().all(|c| !c.is_lowercase());
            if !starts_upper || taken[i] || shouting || is_person_appositive(words, i) {
                i += 1;
                continue;
            }
            // The longest run of name words from i (capitalised words and connectors).
            let mut run_end = i;
            while run_end + 1 < words.len()
                && run_end - i < 4
                && !taken[run_end + 1]
                && !matches!(
                    words[run_end].trail,
                    ',' | '.' | ';' | ':' | '(' | ')' | '"' | '”'
                )
            {
                if words[run_end + 1].lead == '(' {
                    break;
                }
                let next = words[run_end + 1].text;
                let connector = matches!(
                    next,
                    "al" | "el" | "ez" | "az" | "as" | "ad" | "de" | "du" | "la" | "le" | "bin"
                );
                if next.chars().next().is_some_and(char::is_uppercase)
                    || connector
                    || region_word(next).is_some()
                {
                    run_end += 1;
                } else {
                    break;
                }
            }
            let mut matched = false;
            let run_hints = admin_hints(words, run_end);
            for end in (i..=run_end).rev() {
                let mut name_end = end;
                let mut want = None;
                if end > i {
                    if let Some(k) = region_word(words[end].text) {
                        want = Some(k);
                        name_end = end - 1;
                    }
                }
                // "the province of Aleppo", "provinces of Aleppo, Latakia"
                if want.is_none()
                    && i >= 2
                    && words[i - 1].text == "of"
                    && region_word(words[i - 2].text).is_some()
                {
                    want = region_word(words[i - 2].text);
                }
                let name = words[i..=name_end]
                    .iter()
                    .map(|w| w.text)
                    .collect::<Vec<_>>()
                    .join(" ");
                let single = name_end == i;
                let lname = name.to_ascii_lowercase();
                if single && NOT_PLACES.contains(&lname.as_str()) {
                    continue;
                }
                if single && name.len() <= 2 {
                    continue;
                }
                let ids = self.lookup(&name);
                if ids.is_empty() {
                    continue;
                }
                let hints = admin_hints(words, end);
                let Some(id) = self.choose(&ids, &fold(&name), story_cc, want, &hints, single)
                else {
                    continue;
                };
                // The text says where the place is; a namesake elsewhere is not it.
                if !hints.is_empty() && !self.matches_hints(id, &hints) {
                    continue;
                }
                // "Mogadishu - Yaqshid": a quarter of a known place keeps its full name.
                let dash = end < run_end && words[end + 1].start > words[end].end + 1;
                let mention_end = if dash { run_end } else { end };
                let mention = words[i..=mention_end]
                    .iter()
                    .map(|w| w.text)
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut place = self.place(id, &mention);
                apply_hint_spelling(&mut place, &hints);
                out.push(PlaceHit {
                    first: i,
                    last: end,
                    place,
                    population: self.entries[id].population,
                    hinted: !hints.is_empty(),
                });
                i = end + 1;
                if !hints.is_empty() {
                    // The hint's words were read as part of this place.
                    while i < words.len() && words[i - 1].trail != ')' {
                        i += 1;
                    }
                }
                matched = true;
                break;
            }
            if !matched {
                // "X village (Qandala, Bari)" with X unknown: the hinted district or region.
                if let Some(mut place) = (!run_hints.is_empty())
                    .then(|| self.resolve_hints(&run_hints, story_cc))
                    .flatten()
                {
                    place.mention = words[i..=run_end]
                        .iter()
                        .map(|w| w.text)
                        .collect::<Vec<_>>()
                        .join(" ");
                    apply_hint_spelling(&mut place, &run_hints);
                    out.push(PlaceHit {
                        first: i,
                        last: run_end,
                        population: 0,
                        place,
                        hinted: true,
                    });
                    i = run_end + 1;
                    while i < words.len() && words[i - 1].trail != ')' {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
        }
        out
    }
}

/// "Rawad al Aksah, a commander of …": a name followed by a role is a person, not a place.
fn is_person_appositive(words: &[Word], i: usize) -> bool {
    const ROLES: &[&str] = &[
        "commander",
        "leader",
        "spokesman",
        "spokeswoman",
        "member",
        "resident",
        "official",
        "chief",
        "head",
        "minister",
        "general",
        "colonel",
        "founder",
        "son",
        "brother",
        "senior",
    ];
    let mut k = i;
    while k < words.len() && k < i + 4 {
        if words[k].trail == ',' {
            let a = words.get(k + 1).map(|w| w.text.to_ascii_lowercase());
            let role = words.get(k + 2).map(|w| w.text.to_ascii_lowercase());
            return matches!(a.as_deref(), Some("a" | "an" | "the"))
                && role.is_some_and(|r| ROLES.contains(&r.as_str()));
        }
        let connector = matches!(words[k].text, "al" | "el" | "bin" | "ibn" | "abu" | "de");
        if !connector && !words[k].text.chars().next().is_some_and(char::is_uppercase) && k > i {
            return false;
        }
        k += 1;
    }
    false
}

/// Reports a place's admin names as the text spells them when the text names them ("Middle
/// Shabelle" for GeoNames' "Middle Shabele"): same region, the source's spelling.
fn apply_hint_spelling(place: &mut Place, hints: &[String]) {
    let Some(region) = hints.last() else { return };
    let key = skeleton(&fold(region));
    if place
        .admin1
        .as_deref()
        .is_some_and(|a| skeleton(&fold(a)) == key)
    {
        place.admin1 = Some(region.clone());
        if hints.len() >= 2 {
            place.admin2 = Some(hints[0].clone());
        }
    }
}

fn push_unique(v: &mut Vec<u32>, id: u32) {
    if v.last() != Some(&id) {
        v.push(id);
    }
}

/// The names in a parenthesis right after word `end`: "(Qandala, Bari)" → ["Qandala", "Bari"].
fn admin_hints(words: &[Word], end: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut k = end + 1;
    // Skip a feature word: "Buuraha village (Qandala, Bari)".
    while k < words.len() && k <= end + 2 && words[k].lead != '(' {
        k += 1;
    }
    if k >= words.len() || words[k].lead != '(' {
        return out;
    }
    let mut cur = Vec::new();
    while k < words.len() {
        cur.push(words[k].text);
        if matches!(words[k].trail, ',' | ')') {
            out.push(cur.join(" "));
            cur.clear();
            if words[k].trail == ')' {
                break;
            }
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_share_a_key_or_skeleton() {
        assert_eq!(fold("Deir ez-Zor"), "deir zor");
        assert_eq!(fold("Deir al-Zor"), "deir zor");
        assert_eq!(
            skeleton(&fold("Dayr az Zawr")),
            skeleton(&fold("Deir ez-Zor"))
        );
        assert_eq!(skeleton(&fold("Talbiseh")), skeleton(&fold("Talbisah")));
        assert_eq!(fold("Ḩimş"), "hims");
    }

    fn small() -> Gazetteer {
        let rows = "\
country\tSyria\t33.51\t36.29\tSY\t\t\t1000\t
admin1\tHoms\t34.68\t36.85\tSY\tHoms\t\t100000\t
place\tHoms\t34.72\t36.72\tSY\tHoms\t\t775404\tHims|Emesa
place\tTalbiseh\t34.84\t36.73\tSY\tHoms\t\t30000\tTalbisah
place\tHoms\t32.64\t14.26\tLY\tMurqub\t\t202000\tAl Khums
admin1\tBari\t11.18\t50.53\tSO\tBari\t\t337259\t
place\tQandala\t11.47\t49.87\tSO\tBari\tQandala\t20000\t
place\tBari\t41.12\t16.87\tIT\tApulia\tBari\t316000\t
";
        Gazetteer::parse(rows).expect("valid rows")
    }

    fn find(g: &Gazetteer, s: &str, cc: Option<&str>) -> Vec<(String, Precision, String)> {
        let w = crate::text::words(s, 0, s.len());
        let taken = vec![false; w.len()];
        g.find(&w, &taken, cc)
            .into_iter()
            .map(|h| (h.place.name, h.place.precision, h.place.country_code))
            .collect()
    }

    #[test]
    fn region_words_story_country_and_hints_disambiguate() {
        let g = small();
        assert_eq!(
            find(&g, "in the northeast of the Homs Governorate.", Some("SY")),
            [("Homs".into(), Precision::Region, "SY".into())]
        );
        assert_eq!(
            find(&g, "towns north of Homs on Thursday", Some("SY")),
            [("Homs".into(), Precision::Point, "SY".into())]
        );
        assert_eq!(
            find(&g, "airstrikes around Talbisah and", Some("SY")),
            [("Talbiseh".into(), Precision::Point, "SY".into())]
        );
        assert_eq!(
            find(&g, "in Qandala (Qandala, Bari).", None)[0],
            ("Qandala".into(), Precision::Point, "SO".into())
        );
        assert_eq!(
            find(&g, "Fighting in Syria went on.", None),
            [("Syria".into(), Precision::Country, "SY".into())]
        );
        assert!(find(&g, "The Army said", Some("SY")).is_empty());
    }

    #[test]
    fn unknown_places_fall_back_to_their_admin_hints() {
        let g = small();
        let s = "an airstrike in Buuraha Cali Miskat (Qandala, Bari).";
        let w = crate::text::words(s, 0, s.len());
        let hits = g.find(&w, &vec![false; w.len()], None);
        assert_eq!(hits.len(), 1, "{hits:?}");
        let p = &hits[0].place;
        assert_eq!(
            (p.name.as_str(), p.mention.as_str(), p.precision),
            ("Qandala", "Buuraha Cali Miskat", Precision::District)
        );
        assert!(hits[0].hinted);
        // The text's spelling of the region is kept.
        let s = "clashes in Qandala (Qandala, Barri).";
        let w = crate::text::words(s, 0, s.len());
        let hits = g.find(&w, &vec![false; w.len()], Some("SO"));
        assert_eq!(hits[0].place.admin1.as_deref(), Some("Barri"));
    }
}
