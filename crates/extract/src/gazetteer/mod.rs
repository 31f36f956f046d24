//! Places: the gazetteer (the embedded GeoNames index, built from `data/gazetteer.tsv.gz` by
//! `build.rs`, plus any index the user built with `dateline gazetteer build`) and the matching
//! of place names in sentences.
//!
//! Names are matched on a folded key (accents, case, hyphens and Arabic articles removed:
//! "Deir ez-Zor" and "Deir al-Zor" both read "deir zor"), then on a consonant skeleton for
//! transliteration variants ("Dayr az Zawr", "Talbisah"). Among entries sharing a name the
//! story's country, admin hints ("(Qandala, Bari)"), region words ("Homs Governorate") and
//! population decide. Every layer is searched; ids run on from one layer to the next.

pub mod bounds;
pub mod continents;
mod index;
mod keys;
pub mod tables;

use dateline_model::{Place, PlaceRef, Precision};

use crate::text::Word;

pub use index::{Bytes, Entry, Index, IndexBuilder, IndexError, Kind, Row};
pub use keys::{ascii_name, fold, skeleton};

/// The embedded index, built at compile time (see `build.rs`).
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));

/// Why the gazetteer could not be loaded or built.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("the embedded gazetteer index: {0}")]
    Embedded(IndexError),
    #[error("{path}: {source}")]
    Index { path: String, source: IndexError },
    #[error("{path}: {reason}")]
    Dump { path: String, reason: String },
    /// A bad row in a place table: the file, its line and column, and what is wrong.
    #[error("{path}: line {line}{}: {reason}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    Table {
        path: String,
        line: usize,
        column: Option<String>,
        reason: String,
    },
}

/// The gazetteer: one or more indexes searched together.
pub struct Gazetteer {
    layers: Vec<Index>,
    /// The first id of each layer.
    bases: Vec<u32>,
}

/// What its own name (not an alternate) adds to a candidate's score in [`Gazetteer::choose`]:
/// as much as a population a hundred times larger.
const OWN_NAME: f64 = 20.0;

/// Words that make a city's countryside a region's name ("Rif Dimashq", "Rural Damascus").
const RURAL_PREFIXES: &[&str] = &["rif", "rural"];

/// What the likeness of spellings (0 to 1, [`spelling_likeness`]) adds to a candidate's score:
/// at most as much as a population ten times larger, so it decides among near equals only.
const SPELLING: f64 = 10.0;

/// How alike ([`spelling_likeness`]) a name in the story's country must be spelled to stand for
/// a name the gazetteer knows only abroad ("Ras al-Ain", "Ra's al 'Ayn": 0.71).
const HOME_LIKENESS: f64 = 0.6;

/// What being a district's seat, or the district named alone, adds in [`Gazetteer::choose`]:
/// more than a plain village's lead (50) over a district.
const SEAT: f64 = 60.0;

/// How alike a name found by a three-letter skeleton must be spelled ("Baguz", "Baghuz": 0.83;
/// "Ahrar", "Arir": 0.6, refused).
const SHORT_LIKENESS: f64 = 0.7;

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
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    // Arabic words that open the names of armed formations ("Liwa …": "the brigade of …").
    "liwa",
    "jaish",
    "jabhat",
    "harakat",
    "katibat",
    "faylaq",
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
    /// The name is part of a longer name the gazetteer does not know ("Cali" in "Masjid Cali
    /// Gaduud", "Peace" in "Operation Peace Spring", "Murad" in "Sultan Murad Division").
    inside: bool,
    /// Where the report's surer places lie (see [`Gazetteer::find_near`]).
    anchor: Option<(f64, f64)>,
}

/// The countries where a name found in a text names a place ([`Gazetteer::village_countries`]).
#[derive(Debug, Clone, PartialEq)]
pub struct VillageCountries {
    /// Sorted country codes.
    pub countries: Vec<String>,
    /// True when every row is one place: one country, or one town listed under two codes.
    /// Otherwise the name has namesakes, and each country is one possibility.
    pub one_place: bool,
}

/// A place found in a sentence.
#[derive(Debug, Clone)]
pub struct PlaceHit {
    pub first: usize,
    pub last: usize,
    /// The last word of the mention: past `last` for a quarter ("Mogadishu - Yaqshid").
    pub mention_last: usize,
    pub place: Place,
    pub population: u64,
    /// True when the text gave admin hints for it ("(Qandala, Bari)"): the most reliable
    /// location a report gives.
    pub hinted: bool,
    /// True for a region named as whose forces they are ("Westmark forces"): a place the
    /// text names, not where anything happened.
    pub of_forces: bool,
}

impl Gazetteer {
    /// Opens the embedded gazetteer.
    pub fn load() -> Result<Gazetteer, GazetteerError> {
        let index = Index::new(Bytes::Static(EMBEDDED)).map_err(GazetteerError::Embedded)?;
        Ok(Gazetteer {
            layers: vec![index],
            bases: vec![0],
        })
    }

    /// A gazetteer of rows in dateline's own table format (tests and small tables).
    pub fn parse(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut b = IndexBuilder::new("");
        for (n, line) in text.lines().enumerate() {
            let bad = |reason: String| GazetteerError::Table {
                path: "(text)".into(),
                line: n + 1,
                column: None,
                reason,
            };
            if let Some(row) = index::parse_dateline_row(line, "").map_err(bad)? {
                b.push(&row).map_err(GazetteerError::Embedded)?;
            }
        }
        let index = b
            .finish()
            .and_then(|b| Index::new(Bytes::Owned(b)))
            .map_err(GazetteerError::Embedded)?;
        Ok(Gazetteer {
            layers: vec![index],
            bases: vec![0],
        })
    }

    /// Adds an index searched with the others (a user's gazetteer on top of the default).
    pub fn add_layer(&mut self, index: Index) {
        let next = self
            .layers
            .last()
            .zip(self.bases.last())
            .map_or(0, |(l, b)| b + l.len());
        self.bases.push(next);
        self.layers.push(index);
    }

    /// Maps the index file at `path` and adds it as a layer.
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<(), GazetteerError> {
        let index = Index::open(path).map_err(|source| GazetteerError::Index {
            path: path.display().to_string(),
            source,
        })?;
        self.add_layer(index);
        Ok(())
    }

    /// Builds an index from place tables, GeoNames dumps or folders of dumps (see [`tables`]);
    /// country names in the tables are read with this gazetteer. Returns the index's bytes and
    /// the number of rows.
    pub fn build_index(
        &self,
        sources: &[std::path::PathBuf],
    ) -> Result<(Vec<u8>, usize), GazetteerError> {
        let names: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
        let meta = format!(
            "dateline gazetteer index built from: {}. Attribute each source as its licence asks.",
            names.join(", ")
        );
        let mut builder = IndexBuilder::new(&meta);
        let country_code = |name: &str| self.country_of_name(name).map(str::to_string);
        // Boundaries first: every row then takes its regions from them.
        let mut boundaries = Vec::new();
        for path in sources.iter().filter(|p| bounds::is_geojson(p)) {
            let found = bounds::read_geojson(path).map_err(|reason| GazetteerError::Dump {
                path: path.display().to_string(),
                reason,
            })?;
            boundaries.extend(found);
        }
        self.name_regions(&mut boundaries);
        let admin = bounds::Lookup::new(&boundaries);
        for b in &boundaries {
            builder.push_boundary(b).map_err(GazetteerError::Embedded)?;
        }
        for path in sources.iter().filter(|p| !bounds::is_geojson(p)) {
            let index_error = |source: IndexError| GazetteerError::Index {
                path: path.display().to_string(),
                source,
            };
            tables::read_source(path, &country_code, &mut |mut row| {
                admin.apply(&mut row);
                builder.push(&row).map_err(index_error)
            })?;
        }
        builder.fill_regions();
        let rows = builder.len();
        let bytes = builder.finish().map_err(GazetteerError::Embedded)?;
        Ok((bytes, rows))
    }

    /// Gives each region boundary the common English name of the region, as this gazetteer
    /// (GeoNames) names the region whose point lies inside it: boundary files name regions
    /// their own way ("Hasaka (Al Haksa)"), news and ACLED write "Al Hasakah". The boundary's
    /// own name stays its id's name only when no region of ours lies inside it.
    fn name_regions(&self, boundaries: &mut [bounds::Boundary]) {
        let Some(base) = self.layers.first() else {
            return;
        };
        let regions: Vec<Entry<'_>> = (0..base.len())
            .map(|i| base.entry(i))
            .filter(|e| e.kind == Kind::Admin1)
            .collect();
        for b in boundaries.iter_mut().filter(|b| b.kind == Kind::Admin1) {
            // Same country only: a neighbour's region centre may fall inside a border region.
            let first_word =
                |name: &str| skeleton(&fold(name)).split(' ').next().map(str::to_string);
            let own = first_word(&b.name);
            // The region named like the boundary ("Rif-dimashq" → "Rif Dimashq", not the
            // capital's region lying in its hole), else the biggest inside it.
            let inside = regions
                .iter()
                .filter(|e| e.cc.eq_ignore_ascii_case(&b.cc))
                .filter(|e| b.contains(e.lon, e.lat))
                .max_by_key(|e| (first_word(e.name) == own, e.population));
            if let Some(e) = inside {
                b.name = e.name.to_string();
            }
        }
    }

    /// Adds the places of these sources as a layer built in memory (`--geonames DIR`).
    pub fn add_sources(&mut self, sources: &[std::path::PathBuf]) -> Result<usize, GazetteerError> {
        let (bytes, rows) = self.build_index(sources)?;
        let index = Index::new(Bytes::Owned(bytes)).map_err(GazetteerError::Embedded)?;
        self.add_layer(index);
        Ok(rows)
    }

    /// The layers, in search order.
    pub fn layers(&self) -> &[Index] {
        &self.layers
    }

    /// Entry `id` of any layer.
    pub fn entry(&self, id: u32) -> Entry<'_> {
        let layer = self.bases.partition_point(|&b| b <= id).saturating_sub(1);
        self.layers[layer].entry(id - self.bases[layer])
    }

    /// The name of entry `id` ([`Index::name`]).
    fn name(&self, id: u32) -> &str {
        let layer = self.bases.partition_point(|&b| b <= id).saturating_sub(1);
        self.layers[layer].name(id - self.bases[layer])
    }

    fn collect(&self, f: impl Fn(&Index, u32, &mut Vec<u32>)) -> Vec<u32> {
        let mut out = Vec::new();
        for (layer, &base) in self.layers.iter().zip(&self.bases) {
            f(layer, base, &mut out);
        }
        out
    }

    fn by_key(&self, key: &str) -> Vec<u32> {
        let mut ids = self.collect(|l, b, out| l.by_key(key, b, out));
        // Rule `spaced_names`: a name run together ("awdheegle") finds a place spelled in
        // words ("Aw Dhuubleey") only when nothing is spelled so.
        if ids.iter().any(|&i| !self.squeezed_only(i, key)) {
            ids.retain(|&i| !self.squeezed_only(i, key));
        }
        ids
    }

    /// True when entry `id` has `key` only as its own name's words run together.
    fn squeezed_only(&self, id: u32, key: &str) -> bool {
        let own = fold(self.name(id));
        own != key && own.contains(' ') && own.replace(' ', "") == key
    }

    /// The English name of a country code.
    pub fn country_name(&self, cc: &str) -> Option<&str> {
        self.layers
            .iter()
            .zip(&self.bases)
            .find_map(|(l, &b)| l.country(cc).map(|id| id + b))
            .map(|id| self.entry(id).name)
    }

    /// The country `cc` as a place named by `mention`.
    pub fn country_place(&self, cc: &str, mention: &str) -> Option<Place> {
        let id = self
            .layers
            .iter()
            .zip(&self.bases)
            .find_map(|(l, &b)| l.country(cc).map(|id| id + b))?;
        Some(self.place(id as usize, mention))
    }

    /// The country code of a country's name ("Syria" → "SY"), for guessing the story's country.
    pub fn country_of_name(&self, name: &str) -> Option<&str> {
        // Rule `codes_in_capitals`: a country's code is written in capitals ("UK", "UAE");
        // "Af" or "Us" in a text is a word or part of a name, not Afghanistan or the US.
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 3 && name.chars().any(char::is_lowercase) {
            return None;
        }
        self.by_key(&fold(name))
            .into_iter()
            .map(|i| self.entry(i))
            .find(|e| e.kind == Kind::Country)
            .map(|e| e.cc)
    }

    fn lookup(&self, name: &str) -> Vec<u32> {
        self.lookup_with(name, 5)
    }

    /// The entries whose skeleton is the name's, when it has at least `min_skeleton` letters.
    fn by_skeleton(&self, name: &str, min_skeleton: usize) -> Vec<u32> {
        let key = fold(name);
        let skel = skeleton(&key);
        if skel.len() < min_skeleton {
            return Vec::new();
        }
        let mut ids = self.collect(|l, b, out| l.by_skeleton(&skel, b, out));
        if skel.len() < 4 {
            // Three letters say little: only a name spelled alike ("Baguz", "Baghuz").
            ids.retain(|&i| spelling_likeness(&fold(self.name(i)), &key) >= SHORT_LIKENESS);
        }
        ids
    }

    /// Rule `seat_of_district`: districts are named after their seat ("Quamishli" district,
    /// its town "Al Qamishli"; "Belet Weyne" district and "Beledweyne"). When a name matches
    /// districts by its spelling, the towns spelled alike inside them join the candidates,
    /// for [`Gazetteer::choose`] to prefer unless the text asks for the district.
    fn add_seats(&self, name: &str, ids: &mut Vec<u32>) {
        let districts: Vec<Entry<'_>> = ids
            .iter()
            .map(|&i| self.entry(i))
            .filter(|e| e.kind == Kind::Admin2)
            .collect();
        if districts.is_empty() {
            return;
        }
        let seats: Vec<u32> = self
            .by_skeleton(name, 3)
            .into_iter()
            .filter(|&i| {
                let e = self.entry(i);
                e.kind == Kind::Place
                    && districts
                        .iter()
                        .any(|d| d.cc == e.cc && fold(d.name) == fold(e.admin2))
            })
            .collect();
        for id in seats {
            add_unique(ids, id);
        }
    }

    /// Rule `namesake_abroad`: when every entry spelled like the name is a village abroad, the
    /// story's country may hold the place under another transliteration ("Ras al-Ain" is
    /// written "Ra's al 'Ayn" in Syria and "Ras El Ain" in Morocco): its skeleton matches
    /// there join the candidates.
    fn add_home_spellings(&self, name: &str, story_cc: &str, ids: &mut Vec<u32>) {
        let only_abroad = ids.iter().all(|&i| {
            let e = self.entry(i);
            e.cc != story_cc && e.kind == Kind::Place && e.population < 100_000
        });
        if ids.is_empty() || !only_abroad {
            return;
        }
        let key = fold(name);
        for id in self.by_skeleton(name, 4) {
            let e = self.entry(id);
            // Another spelling of the name, not another name that shares its consonants.
            if e.cc == story_cc && spelling_likeness(&fold(e.name), &key) >= HOME_LIKENESS {
                add_unique(ids, id);
            }
        }
    }

    /// Looks a name up by its key, then by its skeleton when that has at least `min_skeleton`
    /// letters (short skeletons collide; admin hints are trusted with shorter ones).
    fn lookup_with(&self, name: &str, min_skeleton: usize) -> Vec<u32> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        let mut ids = self.by_key(&key);
        if ids.iter().any(|&i| !self.squeezed_only(i, &key)) {
            return ids;
        }
        // Rule `spaced_names`: "Gal Qorraaye" is also written "Galqorraaye". Names found so
        // are weighed with those of the same consonants, not before them.
        if key.contains(' ') {
            for id in self.by_key(&key.replace(' ', "")) {
                add_unique(&mut ids, id);
            }
        }
        for id in self.by_skeleton(name, min_skeleton) {
            add_unique(&mut ids, id);
        }
        ids
    }

    /// The regions (admin1, admin2) a name may denote, by key or by skeleton.
    fn region_ids(&self, name: &str) -> Vec<u32> {
        let key = fold(name);
        let skel = skeleton(&key);
        if key.is_empty() || skel.len() < 2 {
            return Vec::new();
        }
        let mut ids = self.by_key(&key);
        ids.retain(|&i| matches!(self.entry(i).kind, Kind::Admin1 | Kind::Admin2));
        if ids.is_empty() {
            // A skeleton stands for the region's own name only: alternate names in other
            // languages ("Wasulu" for a region named otherwise) make loose skeletons collide.
            ids = self.collect(|l, b, out| l.regions(&skel, b, out));
            ids.retain(|&i| {
                let own = fold(self.entry(i).name);
                // Spellings of one name differ by a letter or two, not by half the name
                // ("Aymiska" is not "Omsk", "Caanoole" not "Canillo").
                skeleton(&own) == skel
                    && own.len().abs_diff(key.len()) <= 2
                    && spelling_likeness(&own, &key) >= HOME_LIKENESS
                    && (skel.len() >= 4 || close_spelling(&own, &key))
            });
        }
        ids
    }

    /// The region a place is said to lie in, right after its name: "Karama in Ar-Raqqa",
    /// "Jasim town in the northern countryside of Dar'a governorate", "Jowhar, Middle
    /// Shabelle". Only names that are regions count, so "Aleppo, Latakia" (a list) gives
    /// Latakia as a possible region of Aleppo, which the choice then weighs, never forces.
    ///
    /// Also says whether the text ties the place to the region plainly ("in", "of", or a
    /// region word after it: "Shaqra in Deir ez Zor", "Maarzaf, Idleb countryside"), which a
    /// list ("Aleppo, Latakia") does not.
    fn region_after(&self, words: &[Word], run_end: usize) -> Option<(String, bool)> {
        let mut linked = words[run_end].trail == ',';
        let mut plain = false;
        let mut k = run_end + 1;
        while k < words.len() && k <= run_end + 8 {
            let w = words[k].text;
            if is_name_word(w) && (linked || k == run_end + 1 && words[run_end].trail == ',') {
                let mut end = k;
                // "Deir ez Zor": an article inside the name, followed by a name word.
                let joins = |j: usize| {
                    is_name_word(words[j].text)
                        || (is_connector(words[j].text)
                            && words.get(j + 1).is_some_and(|n| is_name_word(n.text)))
                };
                while end + 1 < words.len()
                    && end < k + 3
                    && !matches!(words[end].trail, ',' | '.' | ';' | ':' | ')' | '(')
                    && joins(end + 1)
                {
                    end += 1;
                }
                let name = words[k..=end]
                    .iter()
                    .map(|w| w.text)
                    .collect::<Vec<_>>()
                    .join(" ");
                plain |= words
                    .get(end + 1)
                    .is_some_and(|w| region_word(w.text).is_some());
                // "in rural Damascus", "in Damascus countryside": the city's rural twin region.
                let rural = words[k - 1].text.eq_ignore_ascii_case("rural")
                    || words
                        .get(end + 1)
                        .is_some_and(|w| w.text.eq_ignore_ascii_case("countryside"));
                if let Some(twin) = rural.then(|| self.rural_twin(&name)).flatten() {
                    return Some((self.entry(twin).name.to_string(), plain));
                }
                // "X village in Somalia": a country is not a region spelled like it.
                let region =
                    self.country_of_name(&name).is_none() && !self.region_ids(&name).is_empty();
                return region.then_some((name, plain));
            }
            let lower = w.to_ascii_lowercase();
            if !BETWEEN_PLACE_AND_REGION.contains(&lower.as_str()) {
                return None;
            }
            linked |= matches!(lower.as_str(), "in" | "of" | "near");
            plain |= matches!(lower.as_str(), "in" | "of");
            if matches!(words[k].trail, '.' | ';' | ':' | ')' | '(') {
                return None;
            }
            k += 1;
        }
        None
    }

    /// True when `name`, at word `at`, follows the place `prev` across words that say where
    /// it lies ("in", "of", "countryside") and names the admin1 region `prev` lies in.
    fn names_region_of(
        &self,
        prev: Option<&PlaceHit>,
        words: &[Word],
        at: usize,
        name: &str,
    ) -> bool {
        let Some(prev) = prev else {
            return false;
        };
        let Some(between) = words.get(prev.mention_last + 1..at) else {
            return false;
        };
        let linked = !between.is_empty()
            && between.len() <= 4
            && between.iter().any(|w| matches!(w.text, "in" | "of"))
            && between
                .iter()
                .all(|w| BETWEEN_PLACE_AND_REGION.contains(&w.text.to_ascii_lowercase().as_str()))
            && !matches!(words[prev.mention_last].trail, '.' | ';' | ':' | ')');
        let Some(admin1) = prev.place.admin1.as_deref().filter(|_| linked) else {
            return false;
        };
        if !matches!(prev.place.precision, Precision::Point | Precision::District) {
            return false;
        }
        let rk = skeleton(&fold(name));
        skeleton(&fold(admin1)) == rk
            || self.region_ids(name).into_iter().any(|r| {
                let r = self.entry(r);
                r.kind == Kind::Admin1 && r.cc == prev.place.country_code && r.name == admin1
            })
    }

    /// Rule `rural_twin`: the region named as a city's countryside where it is a region of
    /// its own ("rural Damascus", "Damascus countryside": Rif Dimashq, beside the Damascus
    /// governorate). None where the country has no such twin ("Aleppo countryside" is the
    /// Aleppo governorate).
    fn rural_twin(&self, name: &str) -> Option<u32> {
        let mut bases: Vec<(&str, &str)> = Vec::new();
        for id in self.lookup(name) {
            let e = self.entry(id);
            let base = match e.kind {
                Kind::Admin1 => e.name,
                Kind::Place | Kind::Admin2 => e.admin1,
                Kind::Country => continue,
            };
            if !base.is_empty() && !bases.contains(&(base, e.cc)) {
                bases.push((base, e.cc));
            }
        }
        bases.iter().find_map(|&(base, cc)| {
            RURAL_PREFIXES.iter().find_map(|prefix| {
                self.region_ids(&format!("{prefix} {base}"))
                    .into_iter()
                    .find(|&r| {
                        let r = self.entry(r);
                        r.kind == Kind::Admin1 && r.cc == cc
                    })
            })
        })
    }

    /// The admin1 region entry an entry lies in.
    fn admin1_of(&self, id: usize) -> Option<usize> {
        let e = self.entry(id as u32);
        self.region_ids(e.admin1)
            .into_iter()
            .map(|i| i as usize)
            .find(|&i| {
                let r = self.entry(i as u32);
                r.kind == Kind::Admin1 && r.cc == e.cc && r.name == e.admin1
            })
    }

    /// True when an entry lies in the region `region` names, or is that region.
    fn in_region(&self, e: Entry<'_>, region: &str) -> bool {
        let rk = skeleton(&fold(region));
        if rk.is_empty() {
            return false;
        }
        if skeleton(&fold(e.admin1)) == rk
            || skeleton(&fold(e.admin2)) == rk
            || (e.kind != Kind::Place && skeleton(&fold(e.name)) == rk)
        {
            return true;
        }
        // "Deir ez Zor" for a region a table names "Days Az Zawr": any name of the region.
        self.region_ids(region).into_iter().any(|r| {
            let r = self.entry(r);
            r.cc == e.cc
                && match r.kind {
                    Kind::Admin1 => {
                        r.name == e.admin1 || (e.kind == Kind::Admin1 && r.name == e.name)
                    }
                    Kind::Admin2 => {
                        r.name == e.admin2 || (e.kind == Kind::Admin2 && r.name == e.name)
                    }
                    _ => false,
                }
        })
    }

    /// True when an entry is in a country where `region` names a region.
    fn in_region_country(&self, e: Entry<'_>, region: &str) -> bool {
        self.region_ids(region)
            .iter()
            .any(|&i| self.entry(i).cc == e.cc)
    }

    /// Makes a [`Place`] of an entry.
    pub fn place(&self, id: usize, mention: &str) -> Place {
        let e = self.entry(id as u32);
        let precision = match e.kind {
            Kind::Country => Precision::Country,
            Kind::Admin1 => Precision::Region,
            Kind::Admin2 => Precision::District,
            Kind::Place => Precision::Point,
        };
        let (mut admin1, mut admin2) = ((e.admin1, e.admin1_code), (e.admin2, e.admin2_code));
        // A place inside a boundary the user gave takes its regions from it.
        if matches!(e.kind, Kind::Place | Kind::Admin2) {
            let found = self.layers.iter().map(|l| l.admin_at(e.lat, e.lon));
            for a in found {
                if let Some(a1) = a.admin1 {
                    admin1 = a1;
                    if e.kind == Kind::Place {
                        admin2 = a.admin2.unwrap_or(("", ""));
                    }
                    break;
                }
            }
        }
        let gazetteer = (!e.source.is_empty()).then(|| PlaceRef {
            source: e.source.to_string(),
            id: e.id.to_string(),
            admin1_code: admin1.1.to_string(),
            admin2_code: admin2.1.to_string(),
        });
        let (lat, lon) = match e.kind {
            Kind::Admin1 | Kind::Admin2 => self.seat_point(id as u32).unwrap_or((e.lat, e.lon)),
            _ => (e.lat, e.lon),
        };
        Place {
            name: e.name.to_string(),
            mention: mention.to_string(),
            lat,
            lon,
            admin1: Some(admin1.0.to_string()).filter(|s| !s.is_empty()),
            admin2: Some(admin2.0.to_string()).filter(|s| !s.is_empty()),
            country: self.country_name(e.cc).map(str::to_string),
            country_code: e.cc.to_string(),
            precision,
            gazetteer,
        }
    }

    /// Rule `region_at_its_seat`: a region named after its seat ("Hama" governorate, "Homs
    /// (Hims)", "Tadmor" district) stands at that town, as atlases and event data place
    /// provinces, rather than at its middle: "Hama countryside" is told from the town. None
    /// when no town inside the region bears its name.
    fn seat_point(&self, id: u32) -> Option<(f64, f64)> {
        let r = self.entry(id);
        // "Homs (Hims)": the name without its parenthesis.
        let name = r.name.split('(').next().unwrap_or(r.name).trim();
        let key = fold(name);
        let seat = |ids: Vec<u32>| {
            ids.into_iter()
                .map(|i| self.entry(i))
                .filter(|e| {
                    e.kind == Kind::Place
                        && e.cc == r.cc
                        && match r.kind {
                            Kind::Admin1 => e.admin1 == r.name,
                            _ => e.admin2 == r.name && e.admin1 == r.admin1,
                        }
                        && spelling_likeness(&fold(e.name), &key) >= SHORT_LIKENESS
                })
                .max_by_key(|e| e.population)
                .map(|e| (e.lat, e.lon))
        };
        // By its spelling first; its consonants only when no town is spelled so.
        seat(self.by_key(&key)).or_else(|| seat(self.by_skeleton(name, 3)))
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
            inside,
            anchor,
        } = *clues;
        let mut best: Option<(f64, usize)> = None;
        // Rule `loose_stays_home`: a place found by its consonants alone (not by any name it
        // bears) is another spelling of a place in the story's country, or in the region the
        // text names; with neither, it is a stranger's name ("Puntland" is no Brazilian
        // village). The names are looked up only when that can matter.
        let homeless = story_cc.is_none() && region.is_none() && hints.is_empty();
        let named = if homeless {
            self.by_key(key)
        } else {
            Vec::new()
        };
        for &id in ids {
            let e = self.entry(id);
            if homeless && e.kind == Kind::Place && !named.contains(&id) {
                continue;
            }
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
            // Rule `own_name_first`: a place named so beats one that lists the name among its
            // alternates (tables attach stray alternates: a village's name on another village).
            let own = fold(e.name);
            if own == key {
                score += OWN_NAME;
            }
            // Rule `closest_spelling`: of names that share a skeleton, the one spelled most like
            // the text ("Awdheegle": Aw Dheegle, not a village with "Udghile" among its names).
            score += SPELLING * spelling_likeness(&own, key);
            let hinted = hints.iter().any(|h| {
                let hk = skeleton(&fold(h));
                !hk.is_empty()
                    && (skeleton(&fold(e.admin1)) == hk || skeleton(&fold(e.admin2)) == hk)
            });
            if hinted {
                score += 10_000.0;
            }
            if in_region {
                score += 5_000.0;
            }
            // Of namesakes in the story's country, the one near the report's other places:
            // villages share names, and a report's places lie together.
            if let Some((lat, lon)) = anchor.filter(|_| in_story && e.kind == Kind::Place) {
                let km = distance_km(lat, lon, e.lat, e.lon);
                score += 60.0 * (1.0 - km / 300.0).max(0.0);
            }
            // Rule `seats_first`: of namesakes, a district's seat (the town its district is
            // named after) or the district itself is the town news means; villages share names.
            let seat = match e.kind {
                Kind::Place => !e.admin2.is_empty() && skeleton(&fold(e.admin2)) == skeleton(&own),
                Kind::Admin2 => want.is_none(),
                _ => false,
            };
            if seat {
                score += SEAT;
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
            // Rule `directions_stay_home`: regions named by a direction ("Southwest", "Far
            // North", "Centre") are believed only in the story's country: elsewhere the words
            // name some other country's part ("Southwest State" of one country is not the
            // "Southwest" region of another).
            // Nor are they believed with no story country: "Southwest" alone names no country.
            if !in_story && !hinted && is_direction(key) {
                continue;
            }
            // Far-away namesakes must be notable to be believed.
            // A part of an unknown longer name is believed only where the text points to it,
            // and for a place big enough that the longer name is likely named after it.
            if inside && !hinted && !in_region && (!in_story || e.population < 50_000) {
                continue;
            }
            if !in_story && !hinted && !in_region && e.kind != Kind::Country {
                let floor = if story_cc.is_some() {
                    200_000
                } else if single_word {
                    20_000
                } else {
                    1_000
                };
                // Outside the story's country only a place's own name counts, not an alias.
                if e.population < floor || (story_cc.is_some() && fold(e.name) != key) {
                    continue;
                }
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, id as usize));
            }
        }
        let best = best.map(|(_, id)| id)?;
        // "California", "Punjab": a region is meant over a namesake town of it when the region
        // is a hundred times bigger (Homs city and Homs governorate stay the city).
        let b = self.entry(best as u32);
        if want.is_none() && b.kind == Kind::Place && hints.is_empty() && region.is_none() {
            let region = ids.iter().map(|&i| (i, self.entry(i))).find(|(_, e)| {
                e.kind == Kind::Admin1
                    && fold(e.name) == key
                    && story_cc.is_none_or(|c| c == e.cc)
                    && e.population > b.population.saturating_mul(100)
            });
            if let Some((i, _)) = region {
                return Some(i as usize);
            }
        }
        Some(best)
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
                .map(|&i| (i as usize, self.entry(i)))
                .filter(|(_, e)| {
                    matches!(e.kind, Kind::Place | Kind::Admin2)
                        && skeleton(&fold(e.admin1)) == region_key
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
            .map(|&i| (i as usize, self.entry(i)))
            .filter(|(_, e)| e.kind == Kind::Admin1)
            .max_by_key(|(_, e)| (story_cc == Some(e.cc), e.population))?;
        Some(self.place(best.0, region))
    }

    /// True when an entry lies in the district or region an admin hint names.
    fn matches_hints(&self, id: usize, hints: &[String]) -> bool {
        let e = self.entry(id as u32);
        hints.iter().any(|h| {
            let hk = skeleton(&fold(h));
            !hk.is_empty()
                && (skeleton(&fold(e.admin1)) == hk
                    || skeleton(&fold(e.admin2)) == hk
                    || skeleton(&fold(e.name)) == hk)
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
                    let e = self.entry(id);
                    if e.kind == Kind::Admin1 && !out.iter().any(|c| c == e.cc) {
                        out.push(e.cc.to_string());
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
            // A country's name is the country, not a region spelled like it. A name before
            // "village" or "town" is a settlement's, one before "clan" or "militia" a group's:
            // neither is a region ("Dhusa Weyn town", "a Reer Xaaji clan militia").
            // Nor is a direction ("Southwest") a region of any one country.
            if self.country_of_name(&name).is_some()
                || names_no_region(words, end)
                || is_direction(&fold(&name))
            {
                i = end + 1;
                continue;
            }
            let places_named = self.by_key(&fold(&name));
            let mut ccs: Vec<&str> = self
                .region_ids(&name)
                .iter()
                .map(|&id| self.entry(id))
                // A two-letter skeleton is a loose clue: "Jowhar" (a Somali town) is not
                // Malaysia's "Johor". It votes only when the spelling is the region's own or no
                // place elsewhere bears the name as written.
                .filter(|e| {
                    e.kind == Kind::Admin1
                        && (skeleton(&fold(&name)).len() >= 3
                            || fold(e.name) == fold(&name)
                            || places_named.iter().all(|&i| self.entry(i).cc == e.cc))
                })
                .map(|e| e.cc)
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

    /// For each place name in `words`, the countries that have a place of that own name (not
    /// an alternate): "Dhagax Cad" names places in one country only, "Tuulo Sheekh" in two
    /// countries. Villages abroad are never believed without a story country, so without
    /// these votes a village-level report naming no country would have no place.
    pub fn village_countries(&self, words: &[Word]) -> Vec<VillageCountries> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].text;
            let shouting = w.len() >= 2 && w.chars().all(|c| !c.is_lowercase());
            if !is_name_word(w)
                || shouting
                || i == 0
                || NOT_PLACES.contains(&w.to_ascii_lowercase().as_str())
            {
                i += 1;
                continue;
            }
            let mut end = i;
            while end + 1 < words.len()
                && end < i + 2
                && is_name_word(words[end + 1].text)
                && !matches!(words[end].trail, ',' | '.' | ';' | ':' | ')' | '(')
            {
                end += 1;
            }
            let name = words[i..=end]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            let key = fold(&name);
            if key.len() >= 4 && !names_unit(words, end) && self.country_of_name(&name).is_none() {
                // Own names, however spaced ("Gal Qorraaye", "Galqorraaye").
                let squeezed = key.replace(' ', "");
                let places: Vec<Entry<'_>> = self
                    .by_key(&squeezed)
                    .into_iter()
                    .map(|id| self.entry(id))
                    .filter(|e| {
                        e.kind == Kind::Place
                            && !e.cc.is_empty()
                            && fold(e.name).replace(' ', "") == squeezed
                    })
                    .collect();
                let mut ccs: Vec<&str> = places.iter().map(|e| e.cc).collect();
                ccs.sort_unstable();
                ccs.dedup();
                // Rule `one_place_two_codes`: one town that tables list under two codes (a
                // breakaway region and the state that claims it) is one place, not namesakes
                // in two countries: it votes for each code.
                let one_place = places.first().is_some_and(|a| {
                    places
                        .iter()
                        .all(|b| distance_km(a.lat, a.lon, b.lat, b.lon) <= SAME_PLACE_KM)
                });
                if !ccs.is_empty() {
                    out.push(VillageCountries {
                        countries: ccs.iter().map(|cc| cc.to_string()).collect(),
                        one_place,
                    });
                }
            }
            i = end + 1;
        }
        out
    }

    /// Place names the gazetteer lacks, told by the word after them: "in Tooga Miraale
    /// village", "near Bar-Sanguun town", "the Bilan Park area". Each is (first, last) word;
    /// words `taken` (actors, places found) are skipped. A geoparser reports such mentions
    /// with no coordinates rather than not at all.
    pub fn unknown_places(&self, words: &[Word], taken: &[bool]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for k in 1..words.len() {
            if !SETTLEMENT_WORDS.contains(&words[k].text.to_ascii_lowercase().as_str()) {
                continue;
            }
            let last = k - 1;
            let mut first = last;
            let name_word = |w: &Word| {
                (is_name_word(w.text) || is_connector(w.text))
                    && !NOT_PLACES.contains(&w.text.to_ascii_lowercase().as_str())
            };
            if taken[last] || !name_word(&words[last]) || !is_name_word(words[last].text) {
                continue;
            }
            while first > 0
                && first + 3 > last
                && !taken[first - 1]
                && name_word(&words[first - 1])
                && !matches!(words[first - 1].trail, ',' | '.' | ';' | ':' | ')' | '(')
            {
                first -= 1;
            }
            while first < last && is_connector(words[first].text) {
                first += 1;
            }
            // The first word of a sentence is capitalised anyway.
            if first == 0 && first == last {
                continue;
            }
            out.push((first, last));
        }
        out
    }

    /// The city a dateline names at the head of a report ("LOS ANGELES (AP) —", "KYIV, May 3
    /// —"): written in capitals, which [`Gazetteer::find`] otherwise skips as acronyms. Only
    /// cities of 100,000 people or more stand in datelines alone.
    pub fn dateline(&self, words: &[Word]) -> Option<PlaceHit> {
        let caps = |w: &Word| w.text.len() >= 2 && w.text.chars().all(|c| !c.is_lowercase());
        let n = words.iter().take(3).take_while(|w| caps(w)).count();
        let last = words.get(n.checked_sub(1)?)?;
        let next = words.get(n);
        let closes = matches!(last.trail, ',' | '-' | '—' | '–')
            || next.is_some_and(|w| w.lead == '(' || matches!(w.text, "-" | "—" | "–"));
        if !closes
            || !words[0]
                .text
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
        {
            return None;
        }
        let name = words[..n]
            .iter()
            .map(|w| title_case(w.text))
            .collect::<Vec<_>>()
            .join(" ");
        let id = self
            .by_key(&fold(&name))
            .into_iter()
            .filter(|&i| {
                let e = self.entry(i);
                e.kind == Kind::Place && e.population >= 100_000 && fold(e.name) == fold(&name)
            })
            .max_by_key(|&i| self.entry(i).population)?;
        let mention = words[..n]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ");
        Some(PlaceHit {
            first: 0,
            last: n - 1,
            mention_last: n - 1,
            population: self.entry(id).population,
            place: self.place(id as usize, &mention),
            hinted: false,
            of_forces: false,
        })
    }

    /// Finds places named in a sentence's words. `taken[i]` marks words already read as part
    /// of an actor's name.
    pub fn find(&self, words: &[Word], taken: &[bool], story_cc: Option<&str>) -> Vec<PlaceHit> {
        self.find_near(words, taken, story_cc, None)
    }

    /// [`Gazetteer::find`], choosing among namesakes in the story's country the one nearest
    /// `anchor` (lat, lon): where the report's surer places — its regions and towns — lie.
    pub fn find_near(
        &self,
        words: &[Word],
        taken: &[bool],
        story_cc: Option<&str>,
        anchor: Option<(f64, f64)>,
    ) -> Vec<PlaceHit> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let w = words[i].text;
            let starts_upper = is_name_word(w);
            // All-capital words are acronyms or datelines ("MOSCOW (Sputnik) –"), not places.
            // "UK", "UAE": a country's short name in capitals is still the country.
            let shouting = w.len() >= 2
                && w.chars().all(|c| !c.is_lowercase())
                && !(w.len() <= 4 && self.country_of_name(w).is_some());
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
            let (region, plain_region) = match run_hints.is_empty() {
                true => self
                    .region_after(words, run_end)
                    .map_or((None, false), |(r, plain)| (Some(r), plain)),
                false => (None, false),
            };
            for end in (i..=run_end).rev() {
                // "Syria as part of": a name does not end on an article.
                if end > i && is_connector(words[end].text) {
                    continue;
                }
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
                // Rule `region_after_place`: "Tell Abiad in Ar-Raqqa", "the countryside of
                // Quamishli in Al-Hasakeh": a name after a place found in the region it names is
                // that region, not its namesake city.
                if want.is_none() && self.names_region_of(out.last(), words, i, &name) {
                    want = Some(Kind::Admin1);
                }
                // "Tunisia's south": the possessive is not part of the name. But "Russia's
                // General Staff", "Moscow's operation": a state that acts, not a place.
                let possessive = strip_possessive(&name).len() < name.len();
                if possessive
                    && words.get(name_end + 1).is_some_and(|w| {
                        ACTING_HEADS.contains(&w.text.to_ascii_lowercase().as_str())
                    })
                {
                    continue;
                }
                let name = strip_possessive(&name).to_string();
                let single = name_end == i;
                let lname = name.to_ascii_lowercase();
                if single && NOT_PLACES.contains(&lname.as_str()) {
                    continue;
                }
                if single && name.len() <= 2 && self.country_of_name(&name).is_none() {
                    continue;
                }
                // "Tall al-Jayir", "Deir Hafer": a word that begins Arabic place names ("hill",
                // "monastery", "village") read alone would be some other place that is only
                // that word; the longer name is a place the gazetteer lacks.
                if single && run_end > i && TOPONYM_HEADS.contains(&lname.as_str()) {
                    continue;
                }
                let mut ids = self.lookup(&name);
                let rural = (i > 0 && words[i - 1].text.eq_ignore_ascii_case("rural"))
                    || (want == Some(Kind::Admin1)
                        && words[end].text.eq_ignore_ascii_case("countryside"));
                if let Some(twin) = rural.then(|| self.rural_twin(&name)).flatten() {
                    ids = vec![twin];
                    want = Some(Kind::Admin1);
                }
                if want.is_none() {
                    self.add_seats(&name, &mut ids);
                }
                if let Some(cc) = story_cc {
                    self.add_home_spellings(&name, cc, &mut ids);
                }
                if ids.is_empty() && want.is_some() {
                    // "Ar Raqqa countryside", "Dar'a governorate": regions by skeleton.
                    ids = self.region_ids(&name);
                    ids.retain(|&i| story_cc.is_none_or(|c| self.entry(i).cc == c));
                }
                if ids.is_empty() && (story_cc.is_some() || region.is_some()) {
                    // A shorter skeleton ("Hasakeh" for "Al-Hasakah") only within the story's
                    // country or the region the text names.
                    // Across a whole country, only another spelling of the name: "Urban" shares
                    // its consonants with towns that are not spelled like it.
                    let key = fold(&name);
                    // Three-letter skeletons only within a region the text names.
                    ids = self.lookup_with(&name, if region.is_some() { 3 } else { 4 });
                    ids.retain(|&i| {
                        let e = self.entry(i);
                        match region.as_deref() {
                            Some(r) => self.in_region(e, r),
                            None => {
                                story_cc == Some(e.cc)
                                    && spelling_likeness(&fold(e.name), &key) >= HOME_LIKENESS
                            }
                        }
                    });
                }
                let region = region.as_deref().filter(|_| end == run_end);
                // "Basira in Deir ez Zor": when the text names the region and no candidate lies
                // in it, a shorter skeleton may find the village there ("Al Busayrah"); failing
                // that, a namesake elsewhere counts only by its own name, not an alias.
                if let Some(r) = region.filter(|_| !ids.is_empty()) {
                    if !ids.iter().any(|&i| self.in_region(self.entry(i), r)) {
                        let mut near = self.lookup_with(&name, 3);
                        near.retain(|&i| self.in_region(self.entry(i), r));
                        if near.is_empty() && plain_region {
                            // "Shaqra in Deir ez Zor": a Shaqra known to lie elsewhere is not it.
                            ids.retain(|&i| self.entry(i).admin1.is_empty());
                        } else if near.is_empty() {
                            let key = fold(&name);
                            ids.retain(|&i| fold(self.entry(i).name) == key);
                        } else {
                            ids = near;
                        }
                    }
                }
                if ids.is_empty() {
                    continue;
                }
                let hints = admin_hints(words, end);
                let unknown_word = |w: &Word| {
                    is_name_word(w.text)
                        && region_word(w.text).is_none()
                        && !NOT_PLACES.contains(&w.text.to_ascii_lowercase().as_str())
                };
                let dash_after = end < run_end && words[end + 1].start > words[end].end + 1;
                // The word before, across an Arabic article ("Ahrar al Sharqiyah").
                let before = (i > 0).then(|| i - 1).map(|b| match b {
                    b if b > 0 && is_connector(words[b].text) => b - 1,
                    b => b,
                });
                let inside = (end < run_end && !dash_after && unknown_word(&words[end + 1]))
                    || before.is_some_and(|b| {
                        unknown_word(&words[b])
                            && !(b..i).any(|k| {
                                matches!(words[k].trail, ',' | '.' | ';' | ':' | ')' | '(')
                            })
                            && words[i].lead != '('
                            && words[i].start <= words[i - 1].end + 1
                    });
                // "Hamza Brigade", "Sultan Murad Division": a unit's name, not a place. A unit
                // word a few name words later ("Turkistan Islamic Party") rules out only a
                // place abroad: units are often named after the town they hold.
                let is_unit = |w: &Word| is_unit_word(w);
                let unit = names_unit(words, end);
                let unit_later = (end + 2..=(run_end + 1).min(end + 3))
                    .filter_map(|k| words.get(k))
                    .any(is_unit);
                if unit && admin_hints(words, end).is_empty() {
                    continue;
                }
                // Rule `son_of`: "Salim ibn Nasr", "Omar bin Salem": a name before "ibn" or
                // "bin" (son of) is a person's, often a unit's namesake, not a place.
                if words
                    .get(end + 1)
                    .is_some_and(|w| matches!(w.text, "ibn" | "bin" | "bint"))
                {
                    continue;
                }
                let Some(mut id) = self.choose(
                    &ids,
                    &fold(&name),
                    &Clues {
                        story_cc,
                        want,
                        hints: &hints,
                        region,
                        single_word: single,
                        inside,
                        anchor,
                    },
                ) else {
                    continue;
                };
                if unit_later && story_cc.is_none_or(|c| c != self.entry(id as u32).cc) {
                    continue;
                }
                // A place found by its consonants alone, not by a name it bears.
                let loose = !self.by_key(&fold(&name)).contains(&(id as u32));
                // Rule `loose_is_no_region`: "Westmark State", "Westmark province" ask for a
                // region; a village that merely shares the name's consonants is not one. (A
                // town's countryside is the town's: "Tall Hamra countryside".)
                let political = words.get(name_end + 1).is_some_and(|w| {
                    region_word(w.text) == Some(Kind::Admin1)
                        && !w.text.eq_ignore_ascii_case("countryside")
                });
                if loose && political && self.entry(id as u32).kind == Kind::Place {
                    continue;
                }
                // Rule `region_of_forces`: "Westmark State Special Police", "Westmark
                // forces": a region said as whose forces they are, not where they are.
                let of_forces = matches!(self.entry(id as u32).kind, Kind::Admin1 | Kind::Admin2)
                    && forces_follow(words, end);
                // "Idleb countryside", "Homs province": the region, not its namesake city.
                if want == Some(Kind::Admin1) && self.entry(id as u32).kind == Kind::Place {
                    if let Some(r) = self.admin1_of(id).filter(|&r| {
                        skeleton(&fold(self.entry(r as u32).name)) == skeleton(&fold(&name))
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
                // Rule `article_outside`: names are found with their articles dropped, but "The"
                // opening a sentence ("The Kenyan capital…", "The Nairobi court") or left
                // before an unmarked sentence break ("…in Lagos The next day") is no part of
                // the mention, unless the place is itself named with it ("The Hague").
                let the = |w: &Word| w.text.eq_ignore_ascii_case("the");
                let own_article = self
                    .entry(id as u32)
                    .name
                    .get(..4)
                    .is_some_and(|a| a.eq_ignore_ascii_case("the "));
                let first = if the(&words[i]) && i < mention_end && !own_article {
                    i + 1
                } else {
                    i
                };
                let (end, mention_end) = if the(&words[mention_end]) && mention_end > first {
                    (end.min(mention_end - 1), mention_end - 1)
                } else {
                    (end, mention_end)
                };
                let mention = words[first..=mention_end]
                    .iter()
                    .map(|w| w.text)
                    .collect::<Vec<_>>()
                    .join(" ");
                let mention = strip_possessive(&mention).to_string();
                let mut place = self.place(id, &mention);
                apply_hint_spelling(&mut place, &hints);
                if let Some(r) = region {
                    apply_region_spelling(&mut place, r);
                }
                // "in Idleb": the region named by the place itself, as the text spells it.
                apply_region_spelling(&mut place, &name);
                out.push(PlaceHit {
                    first,
                    last: end,
                    mention_last: mention_end,
                    place,
                    population: self.entry(id as u32).population,
                    hinted: !hints.is_empty(),
                    of_forces,
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
                        mention_last: run_end,
                        population: 0,
                        place,
                        hinted: true,
                        of_forces: false,
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
        self.place_near_neighbours(words, &mut out, story_cc);
        out
    }

    /// Rule `near_is_near`: "X village near Y town" says X lies by Y. When the X found lies
    /// farther than [`NEAR_KM`] from Y, a namesake of X by Y is taken instead; failing one,
    /// X is a village the gazetteer lacks and is dropped (its name is still reported as an
    /// unknown place), so that Y stands for where it happened.
    ///
    /// Rule `part_is_inside`: "the X neighbourhood in Y town", "X area of Y" says X is a part
    /// of Y, within [`PART_KM`] of it, in the same way; failing a namesake there, X is placed
    /// as Y.
    fn place_near_neighbours(
        &self,
        words: &[Word],
        hits: &mut Vec<PlaceHit>,
        story_cc: Option<&str>,
    ) {
        let mut drop = vec![false; hits.len()];
        for k in 0..hits.len().saturating_sub(1) {
            let (a, b) = (&hits[k], &hits[k + 1]);
            let Some(between) = words.get(a.mention_last + 1..b.first) else {
                continue;
            };
            let reference = matches!(b.place.precision, Precision::Point | Precision::District);
            // "the Gaabo Yarey area in Tuulo Dheer (countryside)": a town that names its region too,
            // with no "town" or "city" after it, may be that region; its parts lie far.
            let after = words
                .get(b.mention_last + 1)
                .map(|w| w.text.to_ascii_lowercase());
            let seat_skeleton = skeleton(&fold(&b.place.name));
            let region_too = after.as_deref().is_some_and(|w| region_word(w).is_some())
                || (!matches!(after.as_deref(), Some("town" | "city"))
                    && b.place
                        .admin1
                        .as_deref()
                        .is_some_and(|r| skeleton(&fold(r)) == seat_skeleton));
            let radius = if said_near(between) {
                NEAR_KM
            } else if said_part_of(between) && !region_too {
                PART_KM
            } else {
                continue;
            };
            if a.hinted
                || !reference
                || a.place.precision != Precision::Point
                || distance_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= radius
            {
                continue;
            }
            let (lat, lon) = (b.place.lat, b.place.lon);
            let mut ids = self.lookup_with(&a.place.mention, 3);
            if let Some(cc) = story_cc {
                self.add_home_spellings(&a.place.mention, cc, &mut ids);
            }
            let by = ids
                .into_iter()
                .map(|i| (i, self.entry(i)))
                .filter(|(_, e)| e.kind == Kind::Place)
                .map(|(i, e)| (i, distance_km(lat, lon, e.lat, e.lon)))
                .filter(|&(_, km)| km <= radius)
                .min_by(|x, y| x.1.total_cmp(&y.1));
            match by {
                Some((id, _)) => {
                    let mention = hits[k].place.mention.clone();
                    hits[k].place = self.place(id as usize, &mention);
                    hits[k].population = self.entry(id).population;
                }
                // A part the gazetteer lacks lies inside the place it is a part of: it is
                // placed there, as that place.
                None if radius == PART_KM => {
                    let mention = hits[k].place.mention.clone();
                    let (inside, population) = (hits[k + 1].place.clone(), hits[k + 1].population);
                    hits[k].place = Place { mention, ..inside };
                    hits[k].population = population;
                }
                None => drop[k] = true,
            }
        }
        let mut k = 0;
        hits.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// How far a place said to be "near" another may lie from it.
const NEAR_KM: f64 = 50.0;

/// Words that say one place lies near another ("near", "in the vicinity of", "close to").
const NEAR_WORDS: &[&str] = &[
    "near",
    "nearby",
    "vicinity",
    "close",
    "outskirts",
    "outside",
];

/// True for the words between two places when they say the first lies near the second:
/// "village near", "town in the vicinity of", "area close to", "on the outskirts of". They
/// are words that may stand between a place and its region, or "on" and "to".
fn said_near(between: &[Word]) -> bool {
    let lower: Vec<String> = between
        .iter()
        .map(|w| w.text.to_ascii_lowercase())
        .collect();
    let link = |w: &str| {
        BETWEEN_PLACE_AND_REGION.contains(&w) || NEAR_WORDS.contains(&w) || matches!(w, "on" | "to")
    };
    !between.is_empty()
        && between.len() <= 6
        && lower.iter().all(|w| link(w))
        && lower.iter().any(|w| NEAR_WORDS.contains(&w.as_str()))
        && !between[..between.len() - 1]
            .iter()
            .any(|w| matches!(w.trail, ',' | '.' | ';' | ':'))
}

/// How far a part of a town ("the X neighbourhood in Y") may lie from the town's point.
const PART_KM: f64 = 20.0;

/// Words that name a part of a town or of the land around it.
const PART_WORDS: &[&str] = &[
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "quarter",
    "section",
    "area",
    "areas",
    "suburb",
    "valley",
];

/// True for the words between two places when they say the first is a part of the second:
/// "neighbourhood in", "area of", "section within".
fn said_part_of(between: &[Word]) -> bool {
    let lower: Vec<String> = between
        .iter()
        .map(|w| w.text.to_ascii_lowercase())
        .collect();
    let [part @ .., link] = lower.as_slice() else {
        return false;
    };
    !part.is_empty()
        && part.len() <= 2
        && part.iter().any(|w| PART_WORDS.contains(&w.as_str()))
        && part
            .iter()
            .all(|w| PART_WORDS.contains(&w.as_str()) || w == "the")
        && matches!(link.as_str(), "in" | "of" | "within")
        && !between
            .iter()
            .any(|w| matches!(w.trail, ',' | '.' | ';' | ':'))
}

/// "LOS ANGELES" → "Los Angeles".
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut start = true;
    for c in w.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric() && c != '\'';
    }
    out
}

/// Two spellings of one short name: the same first two letters and nearly the same length
/// ("Raqqa" / "Raqqah", not "Danow" / "Diana"). Short skeletons alone collide too often.
fn close_spelling(a: &str, b: &str) -> bool {
    a.get(..2).is_some_and(|p| b.starts_with(p)) && a.len().abs_diff(b.len()) <= 2
}

/// Words that end the name of an armed unit, an organisation or a clan ("Hamza Brigade",
/// "Abgal clan militia"): the name before them is not a place.
const UNIT_WORDS: &[&str] = &[
    "brigade",
    "brigades",
    "division",
    "battalion",
    "regiment",
    "corps",
    "movement",
    "party",
    "militia",
    "militias",
    "council",
    "committee",
    "clan",
    "clans",
    "sub-clan",
    "sub-clans",
    "subclan",
    "tribe",
    "tribes",
    "tribesmen",
];

/// True for a word that ends the name of an armed unit, an organisation or a clan
/// ([`UNIT_WORDS`]).
fn is_unit_word(w: &Word) -> bool {
    UNIT_WORDS.contains(&w.text.to_ascii_lowercase().as_str())
}

/// True when the name ending at word `end` is a unit's, a party's or a clan's: a unit word
/// follows it ("Hamza Brigade"), or follows the name it is paired with (rule `unit_pair`:
/// "X and Y clan militias", "X and Y-Z sub-clans").
fn names_unit(words: &[Word], end: usize) -> bool {
    if words.get(end + 1).is_some_and(is_unit_word) {
        return true;
    }
    if words.get(end + 1).is_none_or(|w| w.text != "and") || words[end].trail != ' ' {
        return false;
    }
    let mut k = end + 2;
    while k < words.len() && k <= end + 4 && is_name_word(words[k].text) {
        k += 1;
    }
    k > end + 2 && words.get(k).is_some_and(is_unit_word)
}

/// Great-circle distance in km.
fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// How far apart two rows of one name may lie and still be one place listed twice.
const SAME_PLACE_KM: f64 = 5.0;

/// True when the words after `end` make the name before it no region: a settlement's ("Dhusa
/// Weyn town") or a group's ([`names_unit`]: "a Reer Xaaji clan militia").
fn names_no_region(words: &[Word], end: usize) -> bool {
    names_unit(words, end)
        || words.get(end + 1).is_some_and(|w| {
            matches!(
                w.text.to_ascii_lowercase().as_str(),
                "village" | "villages" | "town" | "city" | "hamlet"
            )
        })
}

/// Words after a name that make it a settlement or an area ("Wisil village", "Hodan
/// district").
const SETTLEMENT_WORDS: &[&str] = &[
    "village",
    "villages",
    "town",
    "city",
    "hamlet",
    "district",
    "neighbourhood",
    "neighborhood",
    "camp",
    "area",
    "suburb",
    "settlement",
    "valley",
    "mountains",
    "mountain",
    "hills",
];

/// Words after a possessive place name that make it a state acting ("Russia's General Staff",
/// "Moscow's operation", "Syria's army").
const ACTING_HEADS: &[&str] = &[
    "general",
    "army",
    "military",
    "armed",
    "forces",
    "troops",
    "government",
    "ministry",
    "president",
    "prime",
    "foreign",
    "defence",
    "defense",
    "air",
    "navy",
    "operation",
    "operations",
    "campaign",
    "police",
    "leader",
    "leaders",
    "officials",
    "spokesman",
    "envoy",
    "ambassador",
    "delegation",
    "intelligence",
    "security",
    "regime",
    "state",
];

/// Arabic articles and particles that join the words of a name.
fn is_connector(w: &str) -> bool {
    matches!(
        w,
        "al" | "el" | "ez" | "az" | "as" | "ad" | "de" | "du" | "la" | "le" | "bin"
    )
}

/// A name without a possessive ending ("Tunisia's" → "Tunisia").
pub(crate) fn strip_possessive(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .unwrap_or(name)
}

/// "Samir al Hadi, a commander of …": a name followed by a role is a person, not a place.
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

/// Words that may stand between a place and the region it lies in: "Jasim town in the
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

/// True when an armed force is named right after word `end`, across capitalised words and
/// force modifiers: "… Special Police Forces", "… forces", "… Coastal Guard troops".
fn forces_follow(words: &[Word], end: usize) -> bool {
    for w in words.iter().skip(end + 1).take(3) {
        if crate::actors::is_armed_noun(w.text) {
            return true;
        }
        let modifier = crate::actors::is_force_modifier(w.text)
            || matches!(
                w.text.to_ascii_lowercase().as_str(),
                "security" | "state" | "regional" | "local"
            );
        if !(modifier || w.text.starts_with(char::is_uppercase)) {
            return false;
        }
    }
    false
}

/// True for a folded name made only of compass words ("southwest", "far north", "centre").
fn is_direction(key: &str) -> bool {
    let part = |w: &str| {
        crate::quantity::COMPASS.contains(&w)
            || matches!(
                w,
                "central" | "centre" | "center" | "far" | "upper" | "lower" | "middle"
            )
    };
    !key.is_empty() && key.split(' ').all(part)
}

/// How alike two folded names are, spaces aside: 1 for the same letters, 0 for none alike.
fn spelling_likeness(a: &str, b: &str) -> f64 {
    let squeeze = |s: &str| s.replace(' ', "");
    strsim::normalized_levenshtein(&squeeze(a), &squeeze(b))
}

/// Appends `id` unless `v` holds it.
fn add_unique(v: &mut Vec<u32>, id: u32) {
    if !v.contains(&id) {
        v.push(id);
    }
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
    fn an_article_before_or_after_a_name_is_no_part_of_the_mention() {
        let g = Gazetteer::parse(
            "country\tSyria\t33.51\t36.29\tSY\t\t\t1000\t
country\tNetherlands\t52.5\t5.75\tNL\t\t\t1000\t
place\tIdlib\t35.93\t36.63\tSY\tIdlib\t\t128840\tIdleb
place\tThe Hague\t52.08\t4.30\tNL\tSouth Holland\t\t474292\tDen Haag
",
        )
        .expect("valid rows");
        let mentions = |s: &str, cc: &str| -> Vec<String> {
            let w = crate::text::words(s, 0, s.len());
            g.find(&w, &vec![false; w.len()], Some(cc))
                .into_iter()
                .map(|h| {
                    let (a, b) = (w[h.first].start, w[h.mention_last].end);
                    assert_eq!(s[a..b], h.place.mention, "{s}");
                    h.place.mention
                })
                .collect()
        };
        // A sentence's opening article, and one left before an unmarked break.
        assert_eq!(mentions("The Idlib road was shelled.", "SY"), ["Idlib"]);
        assert_eq!(
            mentions("Rain fell on Idlib The roads closed.", "SY"),
            ["Idlib"]
        );
        // A place named with its article keeps it.
        assert_eq!(mentions("Judges sat in The Hague.", "NL"), ["The Hague"]);
    }

    #[test]
    fn region_words_story_country_and_hints_disambiguate() {
        let g = small();
        assert_eq!(
            find(
                &g,
                "shelling in the east of the Homs Governorate.",
                Some("SY")
            ),
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
            "an airstrike on a hideout in Buurta Dhagax Cas (Qandala, Bari).",
            None,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let p = &found[0].place;
        assert_eq!(
            (p.name.as_str(), p.mention.as_str(), p.precision),
            ("Qandala", "Buurta Dhagax Cas", Precision::District)
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
                "gunfire in Karama town in the northern countryside of Ar-Raqqa.",
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

    /// A GeoNames dump row in region "04", district "401".
    fn row(
        id: u32,
        name: &str,
        alts: &str,
        (lat, lon): (f64, f64),
        (class, code): (&str, &str),
    ) -> String {
        format!("{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\tSO\t\t04\t401\t\t\t0\t\t100\tAfrica/Mogadishu\t2024-01-01\n")
    }

    #[test]
    fn two_names_before_one_unit_word_are_both_units() {
        let g = villages();
        // Rule `unit_pair`.
        assert!(find(
            &g,
            "Hudur and Dhagax militias clashed near the wells.",
            Some("SO")
        )
        .is_empty());
        let both = find(
            &g,
            "Hudur and Dhagax Cad were shelled overnight.",
            Some("SO"),
        );
        assert_eq!(both.len(), 2, "{both:?}");
    }

    #[test]
    fn a_part_of_a_town_lies_in_it_and_a_state_is_no_village() {
        let rows = "\
country\tSomalia\t5.0\t46.0\tSO\t\t\t15000000\t
place\tDhusa Weyn\t4.0\t45.0\tSO\tGobol Dhexe\t\t40000\t
place\tXaafad Cusub\t8.0\t48.0\tSO\tGobol Waqooyi\t\t0\t
place\tXaafad Hore\t4.05\t45.02\tSO\tGobol Dhexe\t\t0\t
admin1\tTuulo Dheer\t6.0\t44.0\tSO\tTuulo Dheer\t\t300000\t
place\tTuulo Dheer\t6.1\t44.1\tSO\tTuulo Dheer\t\t50000\t
place\tGaabo Yarey\t7.0\t43.2\tSO\tTuulo Dheer\t\t0\t
place\tHirmadeg\t2.5\t43.0\tSO\tGobol Koonfur\t\t0\t
";
        let g = Gazetteer::parse(rows).expect("valid rows");
        let at = |s: &str| -> Vec<(String, String, f64)> {
            hits(&g, s, Some("SO"))
                .into_iter()
                .map(|h| (h.place.mention, h.place.name, h.place.lat))
                .collect()
        };
        // Rule `part_is_inside`: the far namesake is not the quarter; the town is where.
        let h = at("A grenade hit a house in the Xaafad Cusub neighbourhood in Dhusa Weyn town.");
        assert_eq!(h[0].0, "Xaafad Cusub");
        assert_eq!((h[0].1.as_str(), h[0].2), ("Dhusa Weyn", 4.0));
        // A part the gazetteer has inside the town stays itself.
        assert_eq!(
            at("Shots were fired in the Xaafad Hore section of Dhusa Weyn.")[0].1,
            "Xaafad Hore"
        );
        // A town that names its region too may be the region: its areas may lie far.
        let h = at("Militants were seen in the Gaabo Yarey area in Tuulo Dheer.");
        assert_eq!(h[0].1, "Gaabo Yarey", "{h:?}");
        // Rule `loose_is_no_region`: a state the gazetteer lacks is no village spelled alike.
        let h = at("Officials of Hormudug State met the elders.");
        assert!(h.is_empty(), "{h:?}");
        assert_eq!(at("Elders met in Hormudug village.")[0].1, "Hirmadeg");
    }

    #[test]
    fn a_name_is_found_however_its_words_are_spaced() {
        let rows = "\
country\tSomalia\t5.0\t46.0\tSO\t\t\t15000000\t
place\tAw Dhuubleey\t2.9\t45.1\tSO\tShabeellaha Hoose\t\t0\t
place\tGalqorraaye\t5.3\t46.2\tSO\tGalguduud\t\t0\t
admin1\tBar Hawd\t3.2\t44.1\tSO\tBar Hawd\t\t50000\t
place\tBar Hawd\t7.0\t47.0\tSO\tMudug\t\t0\t
place\tBarhawd\t9.0\t44.0\tSO\tSool\t\t0\t
";
        let g = Gazetteer::parse(rows).expect("valid rows");
        let one = |s: &str| {
            let p = find(&g, s, Some("SO"));
            p.first().map(|(name, _, _)| name.clone())
        };
        assert_eq!(
            one("Troops entered Awdhuubleey village.").as_deref(),
            Some("Aw Dhuubleey")
        );
        assert_eq!(
            one("Elders met in Gal Qorraaye town.").as_deref(),
            Some("Galqorraaye")
        );
        // A name spelled so wins over one whose words run together spell it.
        assert_eq!(
            one("Herders fled Barhawd village.").as_deref(),
            Some("Barhawd")
        );
    }

    #[test]
    fn tables_without_regions_or_countries_take_them_from_the_rows_around() {
        let dir = std::env::temp_dir().join(format!("dateline-fill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        // A table with regions and districts, like Who's On First (invented places).
        let mut a = String::from("wof_id\tplacetype\tname\tlat\tlon\tcc\tadmin1\tadmin2\n");
        for (k, (lat, lon)) in [(3.00, 45.00), (3.05, 45.02), (3.02, 44.97)]
            .iter()
            .enumerate()
        {
            a.push_str(&format!(
                "{k}\tlocality\tWardhiis {k}\t{lat}\t{lon}\tSO\tBari Hoose\tQodax\n"
            ));
        }
        a.push_str("9\tlocality\tGalool\t9.00\t47.00\tXS\tDhulka Sare\tBuro\n");
        std::fs::write(dir.join("a.tsv"), a).expect("write");
        // Nodes with a country but no regions, like an OpenStreetMap extract.
        let b = "country,osm_node_id,place,name,lat,lon\n\
                 somalia,71,village,Doonyaale,3.01,45.01\n\
                 somalia,72,village,Ceel Hooreeye,9.01,47.01\n";
        std::fs::write(dir.join("b.csv"), b).expect("write");
        // A village list with no country, its district right and its region columns slipped.
        let c = "place_name,lat,lon,admin2_name,admin1,admin2\n\
                 Qansaxleeyo,3.03,45.03,Qodax,,\n\
                 Buulo Yaraato,3.04,44.99,Qodax,Gobol Fog,Degmo Kale\n";
        std::fs::write(dir.join("c.csv"), c).expect("write");
        let mut g = Gazetteer::load().expect("embedded gazetteer");
        let sources: Vec<std::path::PathBuf> = ["a.tsv", "b.csv", "c.csv"]
            .iter()
            .map(|f| dir.join(f))
            .collect();
        g.add_sources(&sources).expect("tables read");
        let place = |name: &str| {
            let id = g.by_key(&fold(name))[0] as usize;
            g.place(id, name)
        };
        // Rule `neighbours_region`: the node takes its neighbours' region and district.
        let p = place("Doonyaale");
        assert_eq!(
            (p.admin1.as_deref(), p.admin2.as_deref()),
            (Some("Bari Hoose"), Some("Qodax"))
        );
        // Rule `neighbours_country`, then `district_region`.
        let p = place("Qansaxleeyo");
        assert_eq!(
            (p.country_code.as_str(), p.admin1.as_deref()),
            ("SO", Some("Bari Hoose"))
        );
        // Rule `two_districts`: a row naming two districts keeps neither slipped region.
        assert_eq!(place("Buulo Yaraato").admin1.as_deref(), Some("Bari Hoose"));
        // A territory filed under another code lends its region where no home row lies near.
        assert_eq!(
            place("Ceel Hooreeye").admin1.as_deref(),
            Some("Dhulka Sare")
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_country_dump_adds_villages_with_their_districts() {
        let dir = std::env::temp_dir().join(format!("dateline-geonames-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let mut dump = String::new();
        dump.push_str(&row(
            1,
            "Ceel Barafange",
            "Ceel Barafanje,Эль",
            (5.1, 46.9),
            ("P", "PPL"),
        ));
        dump.push_str(&row(
            2,
            "Ceel Buur District",
            "",
            (4.7, 46.6),
            ("A", "ADM2"),
        ));
        dump.push_str(&row(3, "Some Hill", "", (5.0, 47.0), ("T", "HLL")));
        std::fs::write(dir.join("SO.txt"), dump).expect("write");
        std::fs::write(
            dir.join("admin1CodesASCII.txt"),
            "SO.04\tGalguduud\tGalguduud\t58\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("admin2Codes.txt"),
            "SO.04.401\tCeel Buur\tCeel Buur\t59\n",
        )
        .expect("write");
        let mut g = Gazetteer::load().expect("embedded gazetteer");
        assert_eq!(
            g.add_sources(std::slice::from_ref(&dir))
                .expect("dump reads"),
            2
        );
        let sentence = "Clan militias clashed in Ceel Barafanje village on Sunday.";
        let words = crate::text::words(sentence, 0, sentence.len());
        let taken = vec![false; words.len()];
        let hits = g.find(&words, &taken, Some("SO"));
        let p = &hits.first().expect("the village is found").place;
        assert_eq!(p.name, "Ceel Barafange");
        assert_eq!(p.admin1.as_deref(), Some("Galguduud"));
        assert_eq!(p.admin2.as_deref(), Some("Ceel Buur"));
        // A file that is not a dump is named, with what is wrong.
        std::fs::write(dir.join("SO.txt"), "not\ta dump\n").expect("write");
        let e = g
            .add_sources(std::slice::from_ref(&dir))
            .expect_err("bad dump");
        assert!(
            e.to_string().contains("SO.txt") && e.to_string().contains("19"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Rows for the rules added with user gazetteers: villages without population, a
    /// country's short names, a region and its small namesake town.
    fn villages() -> Gazetteer {
        let rows = "\
country\tSomalia\t5.0\t46.0\tSO\t\t\t15000000\t
country\tUnited Kingdom\t54.0\t-2.0\tGB\t\t\t66000000\tUK|Great Britain
country\tChile\t-30.0\t-71.0\tCL\t\t\t19000000\t
admin1\tBakool\t4.2\t43.9\tSO\tBakool\t\t367000\t
place\tBakool\t2.1\t45.1\tSO\tBanaadir\t\t500\t
place\tHudur\t4.12\t43.89\tSO\tBakool\t\t20000\tXuddur
place\tDhagax Cad\t4.6\t45.2\tSO\tHiiraan\t\t0\t
place\tCalama\t-22.45\t-68.92\tCL\tAntofagasta\t\t143084\t
admin1\tDaanyo Region\t-13.0\t48.9\tMG\tDaanyo Region\t\t378000\t
";
        Gazetteer::parse(rows).expect("valid rows")
    }

    #[test]
    fn a_part_of_an_unknown_name_is_no_far_namesake() {
        let g = villages();
        // "Calama" inside a longer unknown name is not the Chilean city.
        assert_eq!(
            find(
                &g,
                "Fighters gathered in Tuur Calama Dheer village.",
                Some("SO")
            ),
            []
        );
        // A unit named after a place is the unit.
        assert_eq!(find(&g, "The Hudur Brigade withdrew.", Some("SO")), []);
        assert_eq!(
            find(&g, "Troops withdrew from Hudur on Monday.", Some("SO"))[0].0,
            "Hudur"
        );
    }

    #[test]
    fn possessives_capitals_and_regions_read_as_news_writes_them() {
        let g = villages();
        assert_eq!(
            find(&g, "Floods hit Chile's north.", None)[0],
            ("Chile".into(), Precision::Country, "CL".into())
        );
        // A state acting is not a place.
        assert_eq!(find(&g, "Chile's army said nothing.", None), []);
        assert_eq!(
            find(&g, "Officials in the UK said nothing.", None)[0],
            ("United Kingdom".into(), Precision::Country, "GB".into())
        );
        // A region is meant over a namesake hamlet a hundred times smaller.
        assert_eq!(
            find(&g, "Drought hit Bakool this year.", Some("SO"))[0].1,
            Precision::Region
        );
    }

    #[test]
    fn villages_vote_for_their_country_and_short_skeletons_need_a_close_spelling() {
        let g = villages();
        let s = "Gunmen raided Dhagax Cad overnight.";
        let w = crate::text::words(s, 0, s.len());
        let v = g.village_countries(&w);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].countries.as_slice(), v[0].one_place),
            (&["SO".to_string()][..], true)
        );
        // "Danow" shares a two-letter skeleton with a region "Daanyo Region", not a spelling.
        assert!(g.region_ids("Dn").is_empty());
        assert!(!g.region_ids("Daanyo Region").is_empty());
    }

    #[test]
    fn a_dateline_names_a_city() {
        let g = villages();
        let s = "CALAMA, Chile (AP) - Miners went on strike.";
        let w = crate::text::words(s, 0, s.len());
        let hit = g.dateline(&w).expect("the dateline city");
        assert_eq!((hit.place.name.as_str(), hit.last), ("Calama", 0));
        let s = "NATO said the talks went on.";
        let w = crate::text::words(s, 0, s.len());
        assert!(g.dateline(&w).is_none());
    }

    #[test]
    fn names_the_gazetteer_lacks_are_told_by_the_word_after_them() {
        let g = villages();
        let s = "Fighters gathered near Buulo Xaaji Cusub village and in the Gees Dheer area.";
        let w = crate::text::words(s, 0, s.len());
        let names: Vec<String> = g
            .unknown_places(&w, &vec![false; w.len()])
            .into_iter()
            .map(|(a, b)| {
                w[a..=b]
                    .iter()
                    .map(|x| x.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(names, ["Buulo Xaaji Cusub", "Gees Dheer"]);
        // A word at the head of a sentence is capitalised anyway.
        let s = "Villagers fled.";
        let w = crate::text::words(s, 0, s.len());
        assert!(g.unknown_places(&w, &[false, false]).is_empty());
    }

    #[test]
    fn codes_articles_and_party_names_are_no_places() {
        let rows = "\
country\tMali\t17.0\t-4.0\tML\t\t\t20000000\t
place\tGao\t16.27\t-0.04\tML\tGao\t\t86000\t
place\tGuantanamo\t20.14\t-75.21\tCU\tGuantanamo\t\t272801\tGAO|Guantanamo Bay
country\tSyria\t35.0\t38.0\tSY\t\t\t17000000\t
place\tTurkistan\t43.3\t68.25\tKZ\tTurkistan\t\t150000\t
";
        let g = Gazetteer::parse(rows).expect("valid rows");
        // An airport's code among a city's alternate names is not the city's name.
        assert_eq!(find(&g, "Clashes near Gao killed four.", None)[0].0, "Gao");
        // A name does not end on an Arabic article that is an English word.
        let hits = hits(&g, "Troops moved into Syria as part of the plan.", None);
        assert_eq!(hits[0].place.mention, "Syria");
        // A party named after a far place is the party.
        assert_eq!(
            find(
                &g,
                "Fighters of the Turkistan Islamic Party attacked.",
                Some("SY")
            ),
            []
        );
    }

    /// Rows for matching as news spells places; the names are made up.
    fn spellings() -> Gazetteer {
        let rows = "\
country\tSyria\t35.0\t38.5\tSY\t\t\t1000\t
country\tMorocco\t32.0\t-6.0\tMA\t\t\t1000\t
admin1\tDays Kalab\t35.0\t40.0\tSY\tDays Kalab\t\t900000\tDeir Kaleb|Dayr Kalab
admin1\tWadi Sur\t36.0\t37.0\tSY\tWadi Sur\t\t800000\t
admin2\tZarqin\t36.1\t37.1\tSY\tWadi Sur\tZarqin\t300000\t
place\tAz Zarqeen\t36.12\t37.12\tSY\tWadi Sur\tZarqin\t90000\t
place\tTumra\t35.1\t40.1\tSY\tDays Kalab\t\t0\t
place\tTumra\t36.2\t37.2\tSY\tWadi Sur\t\t4000\t
place\tHasfan\t35.2\t40.2\tSY\tDays Kalab\t\t0\t
place\tMirat\t36.3\t37.3\tSY\tWadi Sur\t\t50\tHasfan
place\tRas el Qalb\t33.0\t-7.0\tMA\tChaouia\t\t3000\t
place\tRa's al Qalab\t35.3\t40.3\tSY\tDays Kalab\t\t0\t
place\tAyn Qasra\t35.4\t40.4\tSY\tDays Kalab\t\t0\t
place\tArbeen\t33.5\t36.4\tSY\tWadi Sur\t\t40000\t
place\tBir Kala\t35.15\t40.15\tSY\tDays Kalab\t\t12000\t
place\tZabad\t36.25\t37.25\tSY\tWadi Sur\t\t0\t
admin1\tZarqa\t33.5\t36.3\tSY\tZarqa\t\t1700000\t
place\tZarqa City\t33.51\t36.29\tSY\tZarqa\t\t1500000\tZarqa
admin1\tRif Zarqa\t33.6\t36.6\tSY\tRif Zarqa\t\t2800000\t
place\tHulwa\t33.4\t36.5\tSY\tRif Zarqa\t\t9000\t
place\tHulwa\t33.52\t36.3\tSY\tZarqa\t\t20000\t
place\tKamouz\t35.5\t40.5\tSY\tDays Kalab\t\t0\t
admin1\tSouthwest\t31.0\t-8.0\tMA\tSouthwest\t\t900000\t
admin1\tCanelo\t33.0\t-7.0\tMA\tCanelo\t\t400000\t
";
        Gazetteer::parse(rows).expect("valid rows")
    }

    #[test]
    fn a_district_named_alone_is_its_seat_town() {
        let g = spellings();
        // The district's spelling reaches the town spelled alike inside it.
        assert_eq!(
            find(
                &g,
                "Gunmen fired on a patrol in Zarqin on Monday.",
                Some("SY")
            ),
            [("Az Zarqeen".to_string(), Precision::Point, "SY".to_string())]
        );
        // The district itself when the text asks for it, placed at its seat.
        let h = hits(&g, "Shelling hit Zarqin district.", Some("SY"));
        assert_eq!(h[0].place.precision, Precision::District);
        assert_eq!((h[0].place.lat, h[0].place.lon), (36.12, 37.12));
    }

    #[test]
    fn a_region_is_known_by_any_of_its_names_and_articles() {
        let g = spellings();
        // The table calls the region "Days Kalab"; the text says "Deir el Kaleb".
        for s in [
            "Clashes broke out in Tumra in Deir Kaleb countryside.",
            "Clashes broke out in Tumra in Deir el Kaleb countryside.",
        ] {
            let h = hits(&g, s, None);
            assert_eq!(h[0].place.admin1, Some("Days Kalab".to_string()), "{s}");
            assert_eq!(h[0].place.lat, 35.1, "{s}");
        }
    }

    #[test]
    fn a_place_named_so_beats_one_listing_the_name_as_an_alternate() {
        let g = spellings();
        assert_eq!(
            find(&g, "A mine exploded in Hasfan.", Some("SY"))[0].0,
            "Hasfan"
        );
    }

    #[test]
    fn a_small_namesake_abroad_gives_way_to_a_home_spelling() {
        let g = spellings();
        // Spelled as the Moroccan village, meant as the Syrian one in a Syrian story.
        assert_eq!(
            find(&g, "A soldier was killed in Ras al-Qalb.", Some("SY"))[0].2,
            "SY"
        );
    }

    #[test]
    fn a_first_vowel_is_any_vowel_but_a_country_wide_match_is_spelled_alike() {
        let g = spellings();
        assert_eq!(skeleton(&fold("Ein Qasra")), skeleton(&fold("Ayn Qasra")));
        assert_eq!(
            find(&g, "Shells fell on Ein Qasra at dawn.", Some("SY"))[0].0,
            "Ayn Qasra"
        );
        // "Urban" shares its consonants with Arbeen but is not spelled like it.
        assert!(find(&g, "Urban planners met on Monday.", Some("SY")).is_empty());
    }

    #[test]
    fn a_region_named_as_whose_forces_is_listed_but_not_a_scene() {
        let g = spellings();
        let h = hits(
            &g,
            "Wadi Sur Special Police Forces raided Hasfan at dawn.",
            Some("SY"),
        );
        let flags: Vec<(&str, bool)> = h
            .iter()
            .map(|h| (h.place.name.as_str(), h.of_forces))
            .collect();
        assert_eq!(flags, [("Wadi Sur", true), ("Hasfan", false)]);
        // Named as a place, the region is one.
        let h = hits(&g, "Fighting spread across Wadi Sur.", Some("SY"));
        assert!(!h[0].of_forces);
    }

    #[test]
    fn a_village_said_near_a_town_lies_by_it() {
        let g = spellings();
        // Two Tumras: the one by Bir Kala, not the larger one 300 km away.
        let h = hits(
            &g,
            "Clashes erupted in Tumra village near Bir Kala town.",
            Some("SY"),
        );
        assert_eq!((h[0].place.name.as_str(), h[0].place.lat), ("Tumra", 35.1));
        // The only Zabad known lies far from Bir Kala: it is another, unknown village.
        let found = find(
            &g,
            "Clashes erupted in Zabad village near Bir Kala.",
            Some("SY"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Bir Kala");
    }

    #[test]
    fn a_citys_countryside_is_its_rural_twin_region_where_there_is_one() {
        let g = spellings();
        let h = hits(&g, "Gunmen attacked Hulwa in rural Zarqa.", Some("SY"));
        assert_eq!(h[0].place.admin1.as_deref(), Some("Rif Zarqa"));
        let h = hits(&g, "Shelling hit Zarqa countryside.", Some("SY"));
        assert_eq!(
            (h[0].place.name.as_str(), h[0].place.precision),
            ("Rif Zarqa", Precision::Region)
        );
        // No twin: the countryside is the governorate itself.
        let h = hits(&g, "Shelling hit Wadi Sur countryside.", Some("SY"));
        assert_eq!(h[0].place.name, "Wadi Sur");
    }

    #[test]
    fn a_three_letter_skeleton_is_believed_only_within_the_region_named() {
        let g = spellings();
        let h = hits(&g, "Raids hit Kamuz in Deir Kaleb.", Some("SY"));
        assert_eq!(h[0].place.name, "Kamouz");
        // Anywhere in the country, "kmz" could be many names.
        assert!(find(&g, "Raids hit Kamuz at dawn.", Some("SY")).is_empty());
    }

    #[test]
    fn a_region_voting_by_its_consonants_must_be_spelled_alike() {
        let g = spellings();
        let s = "Fighting reached Caanuule village.";
        let w = crate::text::words(s, 0, s.len());
        assert!(g.region_countries(&w).is_empty());
        let s = "Fighting reached Canelo province.";
        let w = crate::text::words(s, 0, s.len());
        assert_eq!(g.region_countries(&w), ["MA"]);
    }

    #[test]
    fn a_name_after_a_place_in_the_region_it_names_is_the_region() {
        let g = spellings();
        let h = hits(&g, "Fighting hit Hulwa in Zarqa on Sunday.", Some("SY"));
        let got: Vec<(&str, Precision)> = h
            .iter()
            .map(|h| (h.place.name.as_str(), h.place.precision))
            .collect();
        assert_eq!(
            got,
            [("Hulwa", Precision::Point), ("Zarqa", Precision::Region)]
        );
        // Alone, the name is the city.
        let h = hits(&g, "Fighting hit Zarqa on Sunday.", Some("SY"));
        assert_eq!(h[0].place.precision, Precision::Point);
    }

    #[test]
    fn formation_words_and_a_son_of_are_no_places() {
        let g = spellings();
        // "Hasfan" is a village; here it is a man's name in a unit's.
        assert!(find(
            &g,
            "Fighters of the Hasfan ibn Zaid Army attacked.",
            Some("SY")
        )
        .is_empty());
        assert!(find(&g, "The Liwa fighters withdrew.", Some("SY")).is_empty());
    }

    #[test]
    fn a_region_named_by_a_direction_stays_home() {
        let g = spellings();
        // A story set in Syria: another country's "Southwest" region is not meant.
        assert!(find(&g, "Troops of the Southwest state arrived.", Some("SY")).is_empty());
        assert_eq!(
            find(&g, "Troops arrived in the Southwest region.", Some("MA"))[0].0,
            "Southwest"
        );
    }
}
