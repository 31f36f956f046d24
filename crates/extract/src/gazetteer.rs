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
    /// Regions (admin1 and admin2) by skeleton of any length: "Ar-Raqqa" finds "Ar-Raqqah".
    regions: HashMap<String, Vec<u32>>,
    countries: HashMap<String, u32>,
}

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
    let ascii: String = s
        .nfkd()
        .filter(|c| !APOSTROPHES.contains(c))
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
        | "wilaya" | "department" | "countryside" => Some(Kind::Admin1),
        "district" | "districts" | "county" | "municipality" => Some(Kind::Admin2),
        _ => None,
    }
}

/// What the text says around a name that helps choose among its namesakes.
#[derive(Clone, Copy)]
struct Clues<'a> {
    /// The country the story is about.
    story_cc: Option<&'a str>,
    /// The kind a region word asks for ("Homs Governorate").
    want: Option<Kind>,
    /// Admin names in a parenthesis after the name ("(Qandala, Bari)").
    hints: &'a [String],
    /// The region the place is said to lie in ("Karama in Ar-Raqqa").
    region: Option<&'a str>,
    /// The name is one word (a weaker clue on its own).
    single_word: bool,
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
            regions: HashMap::default(),
            countries: HashMap::default(),
        };
        // Sized ahead: growing maps of a million keys was a tenth of the load.
        let rows = memchr_count(text.as_bytes());
        g.entries.reserve(rows);
        g.by_key.reserve(rows * 2);
        g.by_skeleton.reserve(rows);
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
            if matches!(entry.kind, Kind::Admin1 | Kind::Admin2) && !skel.is_empty() {
                push_unique(self.regions.entry(skel.clone()).or_default(), id);
            }
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

    /// The regions (admin1, admin2) a name may denote, by key or by skeleton.
    fn region_ids(&self, name: &str) -> Vec<u32> {
        let key = fold(name);
        let skel = skeleton(&key);
        if key.is_empty() || skel.len() < 2 {
            return Vec::new();
        }
        let mut ids: Vec<u32> = self
            .by_key
            .get(&key)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| matches!(self.entries[i as usize].kind, Kind::Admin1 | Kind::Admin2))
            .collect();
        if ids.is_empty() {
            ids = self.regions.get(&skel).cloned().unwrap_or_default();
        }
        ids
    }

    /// The region a place is said to lie in, right after its name: "Karama in Ar-Raqqa",
    /// "Tafas town in the southern countryside of Dar'a governorate", "Jowhar, Middle
    /// Shabelle". Only names that are regions count, so "Aleppo, Latakia" (a list) gives
    /// Latakia as a possible region of Aleppo, which the choice then weighs, never forces.
    fn region_after(&self, words: &[Word], run_end: usize) -> Option<String> {
        let mut linked = words[run_end].trail == ',';
        let mut k = run_end + 1;
        while k < words.len() && k <= run_end + 8 {
            let w = words[k].text;
            if is_name_word(w) && (linked || k == run_end + 1 && words[run_end].trail == ',') {
                let mut end = k;
                while end + 1 < words.len()
                    && end < k + 3
                    && !matches!(words[end].trail, ',' | '.' | ';' | ':' | ')' | '(')
                    && is_name_word(words[end + 1].text)
                {
                    end += 1;
                }
                let name = words[k..=end]
                    .iter()
                    .map(|w| w.text)
                    .collect::<Vec<_>>()
                    .join(" ");
                return (!self.region_ids(&name).is_empty()).then_some(name);
            }
            let lower = w.to_ascii_lowercase();
            if !BETWEEN_PLACE_AND_REGION.contains(&lower.as_str()) {
                return None;
            }
            linked |= matches!(lower.as_str(), "in" | "of" | "near");
            if matches!(words[k].trail, '.' | ';' | ':' | ')' | '(') {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The admin1 region entry an entry lies in.
    fn admin1_of(&self, id: usize) -> Option<usize> {
        let e = &self.entries[id];
        self.region_ids(&e.admin1)
            .into_iter()
            .map(|i| i as usize)
            .find(|&i| {
                let r = &self.entries[i];
                r.kind == Kind::Admin1 && r.cc == e.cc && r.name == e.admin1
            })
    }

    /// True when an entry lies in the region `region` names, or is that region.
    fn in_region(&self, e: &Entry, region: &str) -> bool {
        let rk = skeleton(&fold(region));
        !rk.is_empty()
            && (skeleton(&fold(&e.admin1)) == rk
                || skeleton(&fold(&e.admin2)) == rk
                || (e.kind != Kind::Place && skeleton(&fold(&e.name)) == rk))
    }

    /// True when an entry is in a country where `region` names a region.
    fn in_region_country(&self, e: &Entry, region: &str) -> bool {
        self.region_ids(region)
            .iter()
            .any(|&i| self.entries[i as usize].cc == e.cc)
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
    fn choose(&self, ids: &[u32], key: &str, clues: &Clues) -> Option<usize> {
        let Clues {
            story_cc,
            want,
            hints,
            region,
            single_word,
        } = *clues;
        let mut best: Option<(f64, usize)> = None;
        for &id in ids {
            let e = &self.entries[id as usize];
            // "Karama in Ar-Raqqa" is not Calama in Chile.
            if region.is_some_and(|r| !self.in_region_country(e, r)) {
                continue;
            }
            let in_region = region.is_some_and(|r| self.in_region(e, r));
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
            if in_region {
                score += 5_000.0;
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
            if !in_story && !hinted && !in_region && e.kind != Kind::Country {
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

    /// Countries of the regions (admin1) named in `words` when the name is a region of one
    /// country only ("Idleb", "Dar'a", "Lower Shabelle"), for guessing a story's country.
    pub fn region_countries(&self, words: &[Word]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !is_name_word(words[i].text)
                || NOT_PLACES.contains(&words[i].text.to_ascii_lowercase().as_str())
            {
                i += 1;
                continue;
            }
            let mut end = i;
            if i + 1 < words.len()
                && is_name_word(words[i + 1].text)
                && !matches!(words[i].trail, ',' | '.' | ';' | ':' | ')' | '(')
            {
                end = i + 1;
            }
            let name = words[i..=end]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            let mut ccs: Vec<&str> = self
                .region_ids(&name)
                .iter()
                .map(|&id| &self.entries[id as usize])
                .filter(|e| e.kind == Kind::Admin1 && skeleton(&fold(&name)).len() >= 2)
                .map(|e| e.cc.as_str())
                .collect();
            ccs.dedup();
            if let [cc] = ccs.as_slice() {
                if !out.iter().any(|o: &String| o == cc) {
                    out.push(cc.to_string());
                }
            }
            i = end + 1;
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
            let starts_upper = is_name_word(w);
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
                if is_name_word(next) || connector || region_word(next).is_some() {
                    run_end += 1;
                } else {
                    break;
                }
            }
            let mut matched = false;
            let run_hints = admin_hints(words, run_end);
            let region = if run_hints.is_empty() {
                self.region_after(words, run_end)
            } else {
                None
            };
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
                // "Tall al-Jayir", "Deir Hafer": a word that begins Arabic place names ("hill",
                // "monastery", "village") read alone would be some other place that is only
                // that word; the longer name is a place the gazetteer lacks.
                if single && run_end > i && TOPONYM_HEADS.contains(&lname.as_str()) {
                    continue;
                }
                let mut ids = self.lookup(&name);
                if ids.is_empty() && want.is_some() {
                    // "Ar Raqqa countryside", "Dar'a governorate": regions by skeleton.
                    ids = self.region_ids(&name);
                    ids.retain(|&i| story_cc.is_none_or(|c| self.entries[i as usize].cc == c));
                }
                if ids.is_empty() && (story_cc.is_some() || region.is_some()) {
                    // A shorter skeleton ("Hasakeh" for "Al-Hasakah") only within the story's
                    // country or the region the text names.
                    ids = self.lookup_with(&name, 3);
                    ids.retain(|&i| {
                        let e = &self.entries[i as usize];
                        match region.as_deref() {
                            Some(r) => self.in_region(e, r),
                            None => story_cc == Some(e.cc.as_str()),
                        }
                    });
                }
                if ids.is_empty() {
                    continue;
                }
                let hints = admin_hints(words, end);
                let region = region.as_deref().filter(|_| end == run_end);
                let Some(mut id) = self.choose(
                    &ids,
                    &fold(&name),
                    &Clues {
                        story_cc,
                        want,
                        hints: &hints,
                        region,
                        single_word: single,
                    },
                ) else {
                    continue;
                };
                // "Idleb countryside", "Homs province": the region, not its namesake city.
                if want == Some(Kind::Admin1) && self.entries[id].kind == Kind::Place {
                    if let Some(r) = self.admin1_of(id).filter(|&r| {
                        skeleton(&fold(&self.entries[r].name)) == skeleton(&fold(&name))
                    }) {
                        id = r;
                    }
                }
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
                if let Some(r) = region {
                    apply_region_spelling(&mut place, r);
                }
                // "in Idleb": the region named by the place itself, as the text spells it.
                apply_region_spelling(&mut place, &name);
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
        place.admin1 = Some(ascii_name(region));
        if hints.len() >= 2 {
            place.admin2 = Some(hints[0].clone());
        }
    }
}

/// The number of lines in `bytes`.
fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// A word that can start or continue a name: capitalised, or an Arabic article joined to a
/// capitalised name ("al-Hasakeh", "el-Bab").
/// Words that head Arabic place names ("Tall …", "Deir …", "Kafr …", "Ain …").
const TOPONYM_HEADS: &[&str] = &[
    "tall", "tal", "tell", "tel", "ain", "ein", "ayn", "deir", "dayr", "kafr", "kfar", "jabal",
    "jebel", "wadi", "bir", "beit", "bayt", "khirbet", "khirbat", "qasr", "umm", "um", "ras",
    "sheikh", "shaykh", "mazraat",
];

fn is_name_word(w: &str) -> bool {
    if w.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    [
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "ad-", "an-", "ed-", "es-", "ez-",
    ]
    .iter()
    .any(|a| {
        w.strip_prefix(a)
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase))
    })
}

/// Words that may stand between a place and the region it lies in: "Tafas town in the
/// southern countryside of Dar'a", "Mare' in Aleppo countryside".
const BETWEEN_PLACE_AND_REGION: &[&str] = &[
    "in",
    "of",
    "near",
    "the",
    "town",
    "village",
    "city",
    "area",
    "areas",
    "countryside",
    "rural",
    "southern",
    "northern",
    "eastern",
    "western",
    "north",
    "south",
    "east",
    "west",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "outskirts",
    "suburbs",
    "district",
    "province",
    "governorate",
    "region",
    "front",
    "frontline",
    "neighbourhood",
    "neighborhood",
    "camp",
    "countryside",
    "sub-district",
    "vicinity",
];

/// Reports a place's admin1 as the text spells it when the text names it as the place's
/// region ("Idleb" for GeoNames' "Idlib"), apostrophes dropped as in ASCII admin names.
pub fn apply_region_spelling(place: &mut Place, region: &str) {
    let key = skeleton(&fold(region));
    if place
        .admin1
        .as_deref()
        .is_some_and(|a| skeleton(&fold(a)) == key)
    {
        place.admin1 = Some(ascii_name(region));
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
    // "(coded to Atareb)" is a remark, not "(Qandala, Bari)".
    if k >= words.len() || words[k].lead != '(' || !is_name_word(words[k].text) {
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

    pub(super) fn small() -> Gazetteer {
        let rows = "\
country\tSyria\t33.51\t36.29\tSY\t\t\t1000\t
admin1\tHoms\t34.68\t36.85\tSY\tHoms\t\t100000\t
place\tHoms\t34.72\t36.72\tSY\tHoms\t\t775404\tHims|Emesa
place\tTalbiseh\t34.84\t36.73\tSY\tHoms\t\t30000\tTalbisah
place\tHoms\t32.64\t14.26\tLY\tMurqub\t\t202000\tAl Khums
admin1\tBari\t11.18\t50.53\tSO\tBari\t\t337259\t
place\tQandala\t11.47\t49.87\tSO\tBari\tQandala\t20000\t
place\tBari\t41.12\t16.87\tIT\tApulia\tBari\t316000\t
admin1\tAr-Raqqah\t36.11\t38.95\tSY\tAr-Raqqah\t\t624832\t
place\tAr Raqqah\t35.95\t39.01\tSY\tAr-Raqqah\t\t177636\tRaqqa
place\tKarama\t35.98\t39.20\tSY\tAr-Raqqah\t\t5000\t
place\tCalama\t-22.45\t-68.92\tCL\tAntofagasta\t\t143084\tKarama
admin1\tIdlib\t35.86\t36.62\tSY\tIdlib\t\t1501000\t
place\tIdlib\t35.93\t36.63\tSY\tIdlib\t\t128840\tIdleb
place\tMaale\t4.17\t73.50\tMV\tMaale\t\t103693\tMare
place\tAt Tall\t33.61\t36.31\tSY\tRif Dimashq\t\t55000\tTall
";
        Gazetteer::parse(rows).expect("valid rows")
    }

    /// The places found in `s`, no words taken by actors.
    fn hits(g: &Gazetteer, s: &str, cc: Option<&str>) -> Vec<PlaceHit> {
        let w = crate::text::words(s, 0, s.len());
        g.find(&w, &vec![false; w.len()], cc)
    }

    fn find(g: &Gazetteer, s: &str, cc: Option<&str>) -> Vec<(String, Precision, String)> {
        hits(g, s, cc)
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
        let found = hits(
            &g,
            "an airstrike in Buuraha Cali Miskat (Qandala, Bari).",
            None,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let p = &found[0].place;
        assert_eq!(
            (p.name.as_str(), p.mention.as_str(), p.precision),
            ("Qandala", "Buuraha Cali Miskat", Precision::District)
        );
        assert!(found[0].hinted);
        // The text's spelling of the region is kept.
        let found = hits(&g, "clashes in Qandala (Qandala, Barri).", Some("SO"));
        assert_eq!(found[0].place.admin1.as_deref(), Some("Barri"));
    }

    fn admin1s(g: &Gazetteer, s: &str, cc: Option<&str>) -> Vec<(String, String, Option<String>)> {
        hits(g, s, cc)
            .into_iter()
            .map(|h| (h.place.name, h.place.country_code, h.place.admin1))
            .collect()
    }

    #[test]
    fn the_head_word_of_a_longer_unknown_name_is_no_place() {
        let g = small();
        // "Tall" alone is At Tall; "Tall al-Jayir" is a village the gazetteer lacks.
        assert_eq!(find(&g, "Clashes near Tall al-Jayir.", Some("SY")), []);
        assert_eq!(
            find(&g, "Clashes near Tall Hamis on Monday.", Some("SY")),
            []
        );
        assert_eq!(
            find(&g, "Shelling hit Tall on Monday.", Some("SY")),
            [("At Tall".to_string(), Precision::Point, "SY".to_string())]
        );
    }

    #[test]
    fn the_region_a_place_is_said_to_lie_in_decides_and_keeps_its_spelling() {
        let g = small();
        // A namesake abroad is not the place "in Ar-Raqqa"; the region is spelled as written.
        assert_eq!(
            admin1s(
                &g,
                "IS gunmen attacked a truck in Karama in Ar-Raqqa.",
                None
            )[0],
            ("Karama".into(), "SY".into(), Some("Ar-Raqqa".into()))
        );
        assert_eq!(
            admin1s(
                &g,
                "in Karama town in the eastern countryside of Ar-Raqqa.",
                None
            )[0],
            ("Karama".into(), "SY".into(), Some("Ar-Raqqa".into()))
        );
        // "Idleb countryside" is the region; apostrophes leave admin names ("Dar'a" → "Dara").
        let hits = admin1s(&g, "shelling in southern Idleb countryside.", Some("SY"));
        assert_eq!(hits, [("Idlib".into(), "SY".into(), Some("Idleb".into()))]);
        assert_eq!(fold("Dar'a"), fold("Dara"));
        // A lowercase Arabic article still starts a name.
        assert_eq!(
            admin1s(&g, "clashes in al-Raqqa city", Some("SY"))[0].0,
            "Ar Raqqah"
        );
        // "(coded to Karama)" is a remark, not a region hint.
        let s = "shelling in Raqqa (coded to Karama).";
        let w = crate::text::words(s, 0, s.len());
        assert_eq!(admin_hints(&w, 2), Vec::<String>::new());
    }

    #[test]
    fn regions_named_once_in_one_country_vote_for_it() {
        let g = small();
        let s = "gunmen in Mare' town in Idleb countryside";
        let w = crate::text::words(s, 0, s.len());
        assert_eq!(g.region_countries(&w), ["SY"]);
    }
}
