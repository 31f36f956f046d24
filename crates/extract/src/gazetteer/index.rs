//! The gazetteer's on-disk index: one file read in place (memory-mapped, or embedded in the
//! binary), so opening a gazetteer of any size costs a few page reads, not a parse.
//!
//! Layout (little-endian; every read is bounds-checked, so a damaged file gives wrong names,
//! never a crash):
//!
//! ```text
//! 0   magic "DLGAZ\0\x01\0"            8 bytes
//! 8   section count (u32), reserved    8 bytes
//! 16  sections: (offset u64, len u64)  × SECTIONS
//!     META       text: what the index was built from, with attribution
//!     ENTRIES    RECORD bytes per row (see `Record`)
//!     STRINGS    u16 length + UTF-8 bytes, deduplicated; offset 0 is ""
//!     POSTINGS   u32 lists: a count, then that many row ids
//!     KEYS       fst map: folded name → postings offset
//!     SKELETONS  fst map: consonant skeleton (≥ 4 letters) → postings offset
//!     REGIONS    fst map: skeleton of an admin1/admin2 name → postings offset
//!     COUNTRIES  (cc 2 bytes, 2 reserved, row id u32) sorted by cc
//!     BOUNDS     admin polygons (see `bounds`)
//! ```
//!
//! `fst` keeps the name maps compact and searchable without loading them; the rows are fixed
//! width so row `i` is one slice away. Written by hand because no crate stores this shape.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

use super::bounds::{self, Boundary};
use super::keys::{fold, skeleton};

/// The file's first bytes: "DLGAZ", a zero, the format version and a zero. Version 2 reads a
/// word's first vowel as "a" in skeletons ([`skeleton`]); version 3 indexes skeletons of three
/// letters ([`MIN_SKELETON`]); version 4 also keys names of several words written as one
/// ("Aw Dhuubleey" as "awdhuubleey").
const MAGIC: &[u8; 8] = b"DLGAZ\0\x04\0";
const MAGIC_VERSION: u8 = MAGIC[6];
const SECTIONS: usize = 9;
const HEADER: usize = 16 + SECTIONS * 16;
const RECORD: usize = 52;

const META: usize = 0;
const ENTRIES: usize = 1;
const STRINGS: usize = 2;
const POSTINGS: usize = 3;
const KEYS: usize = 4;
const SKELETONS: usize = 5;
const REGIONS: usize = 6;
const COUNTRIES: usize = 7;
const BOUNDS: usize = 8;

/// Names of more words than this are not indexed (descriptions, not names).
const MAX_NAME_WORDS: usize = 5;

/// The shortest skeleton indexed, in letters and spaces.
pub const MIN_SKELETON: usize = 3;

/// The kind of a gazetteer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Country,
    Admin1,
    Admin2,
    Place,
}

impl Kind {
    fn code(self) -> u8 {
        match self {
            Kind::Country => 0,
            Kind::Admin1 => 1,
            Kind::Admin2 => 2,
            Kind::Place => 3,
        }
    }

    fn from_code(c: u8) -> Kind {
        match c {
            0 => Kind::Country,
            1 => Kind::Admin1,
            2 => Kind::Admin2,
            _ => Kind::Place,
        }
    }
}

/// One place as a source table gives it, before indexing.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2, upper case.
    pub cc: String,
    pub admin1: String,
    pub admin2: String,
    /// A stable identifier of the admin1 region where the source has one ("SO.04", a WOF id).
    pub admin1_code: String,
    pub admin2_code: String,
    pub population: u64,
    pub kind: Option<Kind>,
    pub alternates: Vec<String>,
    /// The table the row came from ("wof-so.tsv.gz").
    pub source: String,
    /// The row's id in its source (a GeoNames id, a WOF id, an OSM node).
    pub id: String,
}

/// One indexed row, borrowed from the index.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub cc: &'a str,
    pub admin1: &'a str,
    pub admin2: &'a str,
    pub admin1_code: &'a str,
    pub admin2_code: &'a str,
    pub population: u64,
    pub kind: Kind,
    pub source: &'a str,
    pub id: &'a str,
}

/// Why an index could not be written or opened.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not a dateline gazetteer index (wrong magic bytes; build one with `dateline gazetteer build`)")]
    Magic,
    #[error("the index was built in format {0}, this dateline reads format {MAGIC_VERSION}: build it again with `dateline gazetteer build`")]
    Version(u8),
    #[error("the index is truncated or damaged (section {0} out of bounds)")]
    Section(usize),
    #[error("the index's name map is damaged: {0}")]
    Fst(#[from] fst::Error),
    #[error("the index holds more than 4 billion rows or strings")]
    TooLarge,
}

/// Collects rows and writes an index.
#[derive(Default)]
pub struct IndexBuilder {
    meta: String,
    records: Vec<u8>,
    rows: u32,
    strings: Vec<u8>,
    string_ids: HashMap<String, u32>,
    keys: HashMap<String, Vec<u32>>,
    skeletons: HashMap<String, Vec<u32>>,
    regions: HashMap<String, Vec<u32>>,
    countries: BTreeMap<[u8; 2], u32>,
    bounds: Vec<u8>,
}

impl IndexBuilder {
    /// A builder whose index will describe itself with `meta` (sources and attribution).
    pub fn new(meta: &str) -> IndexBuilder {
        IndexBuilder {
            meta: meta.to_string(),
            // Offset 0 is the empty string.
            strings: vec![0, 0],
            ..IndexBuilder::default()
        }
    }

    /// The number of rows so far.
    pub fn len(&self) -> usize {
        self.rows as usize
    }

    /// True before the first row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn string(&mut self, s: &str) -> Result<u32, IndexError> {
        if s.is_empty() {
            return Ok(0);
        }
        if let Some(&id) = self.string_ids.get(s) {
            return Ok(id);
        }
        // Longer strings are cut at a character boundary: names, not texts.
        let mut end = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let id = u32::try_from(self.strings.len()).map_err(|_| IndexError::TooLarge)?;
        self.strings.extend_from_slice(&(end as u16).to_le_bytes());
        self.strings.extend_from_slice(&s.as_bytes()[..end]);
        self.string_ids.insert(s.to_string(), id);
        Ok(id)
    }

    /// Adds one row under its name and alternate names.
    pub fn push(&mut self, row: &Row) -> Result<(), IndexError> {
        let id = self.rows;
        self.rows = self.rows.checked_add(1).ok_or(IndexError::TooLarge)?;
        let kind = row.kind.unwrap_or(Kind::Place);
        let strings = [
            self.string(&row.name)?,
            self.string(&row.admin1)?,
            self.string(&row.admin2)?,
            self.string(&row.admin1_code)?,
            self.string(&row.admin2_code)?,
            self.string(&row.source)?,
            self.string(&row.id)?,
        ];
        let cc = cc_bytes(&row.cc);
        let r = &mut self.records;
        r.extend_from_slice(&row.lat.to_le_bytes());
        r.extend_from_slice(&row.lon.to_le_bytes());
        r.extend_from_slice(&(row.population.min(u32::MAX as u64) as u32).to_le_bytes());
        for s in strings {
            r.extend_from_slice(&s.to_le_bytes());
        }
        r.extend_from_slice(&cc);
        r.push(kind.code());
        r.push(0);
        debug_assert_eq!(r.len(), self.rows as usize * RECORD);

        // Codes among alternate names ("GAO", an airport's) would make "Gao" Guantánamo:
        // short all-capital alternates count only for countries ("UK", "UAE").
        let code = |a: &str| {
            a.len() <= 4
                && a.chars().all(|c| c.is_ascii_uppercase() || c == '.')
                && kind != Kind::Country
        };
        let names = std::iter::once(row.name.as_str()).chain(
            row.alternates
                .iter()
                .map(String::as_str)
                .filter(|a| !code(a)),
        );
        for name in names {
            let key = fold(name);
            if key.is_empty() || key.split(' ').count() > MAX_NAME_WORDS {
                continue;
            }
            let skel = skeleton(&key);
            if matches!(kind, Kind::Admin1 | Kind::Admin2) && !skel.is_empty() {
                push_unique(self.regions.entry(skel.clone()).or_default(), id);
            }
            // Three letters and up ("bgz": Baguz, Baghuz). Short skeletons are only matched
            // within a region the text names and spelled alike (`Gazetteer::find_near`).
            if skel.len() >= MIN_SKELETON {
                push_unique(self.skeletons.entry(skel).or_default(), id);
            }
            // Rule `spaced_names`: names of several words are also written as one ("Aw
            // Dhuubleey", "Awdhuubleey"; "Gal Qorraaye", "Galqorraaye").
            // Only the letters as written: a skeleton of the letters run together matches
            // too much (a town of two words, a common word of the same consonants).
            // A row's own name only: alternates run together meet common words ("Market
            // Place", "marketplace").
            if key.contains(' ') && name == row.name {
                push_unique(self.keys.entry(key.replace(' ', "")).or_default(), id);
            }
            push_unique(self.keys.entry(key).or_default(), id);
        }
        if kind == Kind::Country {
            self.countries.insert(cc, id);
        }
        Ok(())
    }

    /// Adds an admin boundary.
    pub fn push_boundary(&mut self, b: &Boundary) -> Result<(), IndexError> {
        let mut bounds = std::mem::take(&mut self.bounds);
        let mut failed = None;
        bounds::write(
            b,
            &mut |s| {
                self.string(s).unwrap_or_else(|e| {
                    failed = Some(e);
                    0
                })
            },
            &mut bounds,
        );
        self.bounds = bounds;
        failed.map_or(Ok(()), Err)
    }

    /// Gives each place that its source left without regions (OpenStreetMap nodes, village
    /// lists that name only the district) the regions the other rows say it lies in:
    ///
    /// - rule `district_region`: a row naming its district (admin2) takes the region (admin1)
    ///   that most rows of that district in the country give;
    /// - rule `neighbours_region`: a row still without a district or region takes the one most
    ///   of its [`NEIGHBOURS`] nearest rows within [`NEIGHBOUR_KM`] give, with its code.
    ///
    /// Boundaries, where the user has them, have already set the regions of every row inside
    /// them; this is the fallback for tables alone. A row's own regions are never replaced.
    ///
    /// First, rule `neighbours_country`: a row of a table without a country column takes the
    /// country most of its nearest rows give.
    pub fn fill_regions(&mut self) {
        self.fill_countries();
        let rows = self.rows as usize;
        let r = &self.records;
        let u32_at = |i: usize, at: usize| {
            let o = i * RECORD + at;
            u32::from_le_bytes([r[o], r[o + 1], r[o + 2], r[o + 3]])
        };
        let f64_at = |i: usize, at: usize| {
            let o = i * RECORD + at;
            f64::from_le_bytes(r[o..o + 8].try_into().unwrap_or([0; 8]))
        };
        let cc = |i: usize| [r[i * RECORD + 48], r[i * RECORD + 49]];
        let is_place = |i: usize| r[i * RECORD + 50] == Kind::Place.code();
        const ADMIN1: usize = 24;
        const ADMIN2: usize = 28;
        const ADMIN1_CODE: usize = 32;
        const ADMIN2_CODE: usize = 36;

        // Rule `district_region`: (country, district) → the rows giving each region.
        let mut of_district: HashMap<([u8; 2], u32), RegionVotes> = HashMap::new();
        for i in 0..rows {
            let (a1, a2) = (u32_at(i, ADMIN1), u32_at(i, ADMIN2));
            if a1 != 0 && a2 != 0 {
                *of_district
                    .entry((cc(i), a2))
                    .or_default()
                    .entry((a1, u32_at(i, ADMIN1_CODE)))
                    .or_default() += 1;
            }
        }
        let point = |i: usize| (f64_at(i, 0), f64_at(i, 8));
        let grid = Grid::new(
            (0..rows)
                .filter(|&i| is_place(i) && (u32_at(i, ADMIN1) != 0 || u32_at(i, ADMIN2) != 0)),
            point,
        );
        let mut fills: Vec<(usize, usize, u32, u32)> = Vec::new();
        for i in (0..rows).filter(|&i| is_place(i)) {
            let (a1, a2) = (u32_at(i, ADMIN1), u32_at(i, ADMIN2));
            if a2 != 0 && u32_at(i, ADMIN1_CODE) == 0 {
                let best = of_district
                    .get(&(cc(i), a2))
                    .and_then(|m| m.iter().max_by_key(|&(k, n)| (*n, std::cmp::Reverse(*k))));
                if let Some((&(name, code), &n)) = best {
                    // A region the row's table gives without a code, and that most rows of its
                    // district contradict, is a slip of that table: a district lies in one
                    // region.
                    let contradicted = a1 != 0 && a1 != name && n >= DISTRICT_MAJORITY;
                    if a1 == 0 || contradicted {
                        fills.push((i, ADMIN1, name, code));
                        continue;
                    }
                }
            }
            if a1 != 0 && a2 != 0 {
                continue;
            }
            // Rule `neighbours_region`. Neighbours of the row's country first (`true` sorts
            // after `false`).
            let mut near: Vec<(bool, usize)> = grid
                .near(point(i), point)
                .into_iter()
                .filter(|&(_, j)| j != i)
                .map(|(_, j)| (cc(j) != cc(i), j))
                .collect();
            near.sort_by_key(|&(abroad, _)| abroad);
            for (field, code) in [(ADMIN1, ADMIN1_CODE), (ADMIN2, ADMIN2_CODE)] {
                if u32_at(i, field) != 0 {
                    continue;
                }
                // Rows of another code count only where the row's own country has none near:
                // one territory that tables file under two codes (a breakaway region), not
                // across a border, where the country's own rows lie near.
                let with_field: Vec<(bool, usize)> = near
                    .iter()
                    .copied()
                    .filter(|&(_, j)| u32_at(j, field) != 0)
                    .collect();
                let home = with_field.first().is_some_and(|&(abroad, _)| !abroad);
                let given = with_field
                    .iter()
                    .filter(|&&(abroad, _)| !(home && abroad))
                    .take(NEIGHBOURS)
                    .map(|&(_, j)| (u32_at(j, field), u32_at(j, code)));
                if let Some((name, c)) = most_given_by(given, |v| v.0) {
                    fills.push((i, field, name, c));
                }
            }
        }
        for (i, field, name, code) in fills {
            let o = i * RECORD;
            self.records[o + field..o + field + 4].copy_from_slice(&name.to_le_bytes());
            let code_at = o + field + (ADMIN1_CODE - ADMIN1);
            self.records[code_at..code_at + 4].copy_from_slice(&code.to_le_bytes());
        }
    }

    /// Rule `neighbours_country` (see [`IndexBuilder::fill_regions`]).
    fn fill_countries(&mut self) {
        let rows = self.rows as usize;
        let r = &self.records;
        let f64_at = |i: usize, at: usize| {
            let o = i * RECORD + at;
            f64::from_le_bytes(r[o..o + 8].try_into().unwrap_or([0; 8]))
        };
        let cc = |i: usize| [r[i * RECORD + 48], r[i * RECORD + 49]];
        let none = cc_bytes("");
        if (0..rows).all(|i| cc(i) != none) {
            return;
        }
        let point = |i: usize| (f64_at(i, 0), f64_at(i, 8));
        let grid = Grid::new(
            (0..rows).filter(|&i| cc(i) != none && r[i * RECORD + 50] == Kind::Place.code()),
            point,
        );
        let mut fills = Vec::new();
        for i in (0..rows).filter(|&i| cc(i) == none) {
            let near = grid.near(point(i), point);
            if let Some(c) = most_given(near.iter().take(NEIGHBOURS).map(|&(_, j)| cc(j))) {
                fills.push((i, c));
            }
        }
        for (i, c) in fills {
            self.records[i * RECORD + 48..i * RECORD + 50].copy_from_slice(&c);
        }
    }

    /// Writes the index.
    pub fn finish(self) -> Result<Vec<u8>, IndexError> {
        let mut postings: Vec<u8> = Vec::new();
        let mut maps = Vec::new();
        for map in [&self.keys, &self.skeletons, &self.regions] {
            let mut keys: Vec<(&String, &Vec<u32>)> = map.iter().collect();
            keys.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let mut fst = fst::MapBuilder::memory();
            for (key, ids) in keys {
                let at = (postings.len() / 4) as u64;
                postings.extend_from_slice(&(ids.len() as u32).to_le_bytes());
                for id in ids {
                    postings.extend_from_slice(&id.to_le_bytes());
                }
                fst.insert(key, at)?;
            }
            maps.push(fst.into_inner()?);
        }
        let mut countries = Vec::new();
        for (cc, id) in &self.countries {
            countries.extend_from_slice(cc);
            countries.extend_from_slice(&[0, 0]);
            countries.extend_from_slice(&id.to_le_bytes());
        }
        let [keys, skeletons, regions]: [Vec<u8>; 3] =
            maps.try_into().map_err(|_| IndexError::Section(KEYS))?;
        let sections: [&[u8]; SECTIONS] = [
            self.meta.as_bytes(),
            &self.records,
            &self.strings,
            &postings,
            &keys,
            &skeletons,
            &regions,
            &countries,
            &self.bounds,
        ];
        let mut out =
            Vec::with_capacity(HEADER + sections.iter().map(|s| s.len() + 8).sum::<usize>());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        let mut at = HEADER;
        for s in &sections {
            // Sections start on 8-byte boundaries.
            at = at.div_ceil(8) * 8;
            out.extend_from_slice(&(at as u64).to_le_bytes());
            out.extend_from_slice(&(s.len() as u64).to_le_bytes());
            at += s.len();
        }
        for s in &sections {
            out.resize(out.len().div_ceil(8) * 8, 0);
            out.extend_from_slice(s);
        }
        Ok(out)
    }
}

/// The side of a grid cell for finding neighbours, in degrees (about 28 km at the equator).
const CELL_DEGREES: f64 = 0.25;

/// Rows giving each region (its name's and code's string ids).
type RegionVotes = BTreeMap<(u32, u32), u32>;

/// How many rows of a district must agree on its region to overrule a row's uncoded region.
const DISTRICT_MAJORITY: u32 = 3;

/// How many of a place's nearest rows vote for its regions ([`IndexBuilder::fill_regions`]).
const NEIGHBOURS: usize = 5;

/// How far a row may lie and still vote for a place's regions. Within a cell of the grid.
const NEIGHBOUR_KM: f64 = 25.0;

/// Rows by cell of a grid of [`CELL_DEGREES`], to find a point's neighbours.
struct Grid(HashMap<(i32, i32), Vec<usize>>);

impl Grid {
    fn cell((lat, lon): (f64, f64)) -> (i32, i32) {
        (
            (lat / CELL_DEGREES).floor() as i32,
            (lon / CELL_DEGREES).floor() as i32,
        )
    }

    fn new(rows: impl Iterator<Item = usize>, point: impl Fn(usize) -> (f64, f64)) -> Grid {
        let mut cells: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        for i in rows {
            cells.entry(Grid::cell(point(i))).or_default().push(i);
        }
        Grid(cells)
    }

    /// The rows within [`NEIGHBOUR_KM`] of `at` (in its cell and the eight around it), the
    /// nearest first, ties by row.
    fn near(&self, at: (f64, f64), point: impl Fn(usize) -> (f64, f64)) -> Vec<(f64, usize)> {
        let (ci, cj) = Grid::cell(at);
        let mut near = Vec::new();
        for di in -1..=1 {
            for dj in -1..=1 {
                for &j in self
                    .0
                    .get(&(ci + di, cj + dj))
                    .map_or(&[][..], Vec::as_slice)
                {
                    let (lat, lon) = point(j);
                    let km = near_km(at.0, at.1, lat, lon);
                    if km <= NEIGHBOUR_KM {
                        near.push((km, j));
                    }
                }
            }
        }
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        near
    }
}

/// The value given most often; of equals, the first given.
fn most_given<T: PartialEq + Copy>(values: impl Iterator<Item = T>) -> Option<T> {
    most_given_by(values, |v| *v)
}

/// [`most_given`], values counted as one when `key` says so (the first given stands for them).
fn most_given_by<T: Copy, K: PartialEq>(
    values: impl Iterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Option<T> {
    let mut votes: Vec<(T, u32)> = Vec::new();
    for v in values {
        match votes.iter_mut().find(|(w, _)| key(w) == key(&v)) {
            Some(w) => w.1 += 1,
            None => votes.push((v, 1)),
        }
    }
    let top = votes.iter().map(|v| v.1).max()?;
    votes.into_iter().find(|v| v.1 == top).map(|(v, _)| v)
}

/// Distance in km, flat-earth: good enough within a few cells.
fn near_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let x = (lon2 - lon1).to_radians() * ((lat1 + lat2) / 2.0).to_radians().cos();
    let y = (lat2 - lat1).to_radians();
    6371.0 * (x * x + y * y).sqrt()
}

fn cc_bytes(cc: &str) -> [u8; 2] {
    let b = cc.as_bytes();
    match b {
        [a, c, ..] => [a.to_ascii_uppercase(), c.to_ascii_uppercase()],
        _ => [b' ', b' '],
    }
}

fn push_unique(v: &mut Vec<u32>, id: u32) {
    if v.last() != Some(&id) {
        v.push(id);
    }
}

/// Where an index's bytes live.
pub enum Bytes {
    /// Embedded in the binary.
    Static(&'static [u8]),
    /// Built in memory (tests, `--geonames`).
    Owned(Vec<u8>),
    /// A file mapped read-only.
    Mapped(memmap2::Mmap),
}

impl Bytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
            Bytes::Mapped(m) => m,
        }
    }
}

/// An open index.
pub struct Index {
    bytes: Bytes,
    sections: [Range<usize>; SECTIONS],
    rows: u32,
}

impl Index {
    /// Opens an index held in `bytes`, checking its header and name maps (not its rows: that
    /// would read the whole file).
    pub fn new(bytes: Bytes) -> Result<Index, IndexError> {
        let b = bytes.as_slice();
        if b.len() >= HEADER && b[..6] == MAGIC[..6] && b[6] != MAGIC[6] {
            return Err(IndexError::Version(b[6]));
        }
        if b.len() < HEADER || &b[..8] != MAGIC {
            return Err(IndexError::Magic);
        }
        let mut sections: [Range<usize>; SECTIONS] = Default::default();
        for (i, s) in sections.iter_mut().enumerate() {
            let at = 16 + i * 16;
            let off = read_u64(b, at) as usize;
            let len = read_u64(b, at + 8) as usize;
            let end = off.checked_add(len).ok_or(IndexError::Section(i))?;
            if end > b.len() {
                return Err(IndexError::Section(i));
            }
            *s = off..end;
        }
        if !sections[ENTRIES].len().is_multiple_of(RECORD) {
            return Err(IndexError::Section(ENTRIES));
        }
        let rows =
            u32::try_from(sections[ENTRIES].len() / RECORD).map_err(|_| IndexError::TooLarge)?;
        for s in [KEYS, SKELETONS, REGIONS] {
            fst::Map::new(&b[sections[s].clone()])?;
        }
        Ok(Index {
            bytes,
            sections,
            rows,
        })
    }

    /// Maps the index file at `path` read-only.
    pub fn open(path: &Path) -> Result<Index, IndexError> {
        let file = std::fs::File::open(path)?;
        // SAFETY: the map is read-only and `dateline gazetteer build` never rewrites a file in
        // place (it writes a new file and renames it over the old), so the mapped bytes do not
        // change under us unless another program truncates the file while we run; every read
        // below is bounds-checked against the length seen here.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file)? };
        Index::new(Bytes::Mapped(map))
    }

    fn section(&self, i: usize) -> &[u8] {
        &self.bytes.as_slice()[self.sections[i].clone()]
    }

    /// What the index was built from.
    pub fn meta(&self) -> &str {
        std::str::from_utf8(self.section(META)).unwrap_or("")
    }

    /// The number of rows.
    pub fn len(&self) -> u32 {
        self.rows
    }

    /// True when the index has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn string(&self, at: u32) -> &str {
        let s = self.section(STRINGS);
        let at = at as usize;
        let Some(len) = s.get(at..at + 2) else {
            return "";
        };
        let len = u16::from_le_bytes([len[0], len[1]]) as usize;
        s.get(at + 2..at + 2 + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Row `id` (rows past the end read as an empty place).
    pub fn entry(&self, id: u32) -> Entry<'_> {
        let e = self.section(ENTRIES);
        let at = id as usize * RECORD;
        let r = e.get(at..at + RECORD).unwrap_or(&[0; RECORD]);
        let u32_at = |i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
        let f64_at = |i: usize| f64::from_le_bytes(r[i..i + 8].try_into().unwrap_or([0; 8]));
        Entry {
            lat: f64_at(0),
            lon: f64_at(8),
            population: u32_at(16) as u64,
            name: self.string(u32_at(20)),
            admin1: self.string(u32_at(24)),
            admin2: self.string(u32_at(28)),
            admin1_code: self.string(u32_at(32)),
            admin2_code: self.string(u32_at(36)),
            source: self.string(u32_at(40)),
            id: self.string(u32_at(44)),
            cc: std::str::from_utf8(&r[48..50]).unwrap_or("").trim(),
            kind: Kind::from_code(r[50]),
        }
    }

    /// The name of row `id` alone: [`Index::entry`] without decoding the other fields.
    pub fn name(&self, id: u32) -> &str {
        let at = id as usize * RECORD + 20;
        let r = self.section(ENTRIES).get(at..at + 4).unwrap_or(&[0; 4]);
        self.string(u32::from_le_bytes([r[0], r[1], r[2], r[3]]))
    }

    fn postings(&self, map: usize, key: &str, base: u32, out: &mut Vec<u32>) {
        let Ok(fst) = fst::Map::new(self.section(map)) else {
            return;
        };
        let Some(at) = fst.get(key) else { return };
        let p = self.section(POSTINGS);
        let read = |i: usize| {
            p.get(i * 4..i * 4 + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let at = at as usize;
        let n = read(at).unwrap_or(0) as usize;
        for i in 0..n {
            match read(at + 1 + i) {
                Some(id) if id < self.rows => out.push(base + id),
                _ => return,
            }
        }
    }

    /// Appends the rows named `key` (a folded name), offset by `base`.
    pub fn by_key(&self, key: &str, base: u32, out: &mut Vec<u32>) {
        self.postings(KEYS, key, base, out)
    }

    /// Appends the rows whose name has the skeleton `skel`.
    pub fn by_skeleton(&self, skel: &str, base: u32, out: &mut Vec<u32>) {
        self.postings(SKELETONS, skel, base, out)
    }

    /// Appends the regions (admin1, admin2) whose name has the skeleton `skel`.
    pub fn regions(&self, skel: &str, base: u32, out: &mut Vec<u32>) {
        self.postings(REGIONS, skel, base, out)
    }

    /// The row of the country `cc`.
    pub fn country(&self, cc: &str) -> Option<u32> {
        let want = cc_bytes(cc);
        let c = self.section(COUNTRIES);
        let n = c.len() / 8;
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = mid * 8;
            let here = [c[at], c[at + 1]];
            match here.cmp(&want) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let id = u32::from_le_bytes([c[at + 4], c[at + 5], c[at + 6], c[at + 7]]);
                    return (id < self.rows).then_some(id);
                }
            }
        }
        None
    }
}

impl Index {
    /// The outlines (rings of lon, lat) of the index's `kind` boundaries that meet the box
    /// (west, south, east, north); none when it has no boundaries.
    pub fn outlines(&self, kind: Kind, bbox: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
        bounds::meeting(self.section(BOUNDS), kind, bbox)
    }

    /// The names and codes of the admin boundaries around (lat, lon), if the index has any.
    pub fn admin_at(&self, lat: f64, lon: f64) -> bounds::Admin<'_> {
        let mut out = bounds::Admin::default();
        for (kind, name, code) in bounds::containing(self.section(BOUNDS), lon, lat) {
            let v = Some((self.string(name), self.string(code)));
            match kind {
                Kind::Admin1 => out.admin1 = out.admin1.or(v),
                _ => out.admin2 = out.admin2.or(v),
            }
        }
        out
    }
}

fn read_u64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .unwrap_or(u64::MAX)
}

/// Reads one line of dateline's own gazetteer table (`data/gazetteer.tsv.gz`, written by
/// `scripts/build_gazetteer.py`): kind, name, lat, lon, cc, admin1, admin2, population,
/// `|`-joined alternate names. None for comments and blank lines.
pub fn parse_dateline_row(line: &str, source: &str) -> Result<Option<Row>, String> {
    if line.starts_with('#') || line.is_empty() {
        return Ok(None);
    }
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 9 {
        return Err(format!("want 9 tab-separated fields, found {}", f.len()));
    }
    let kind = match f[0] {
        "country" => Kind::Country,
        "admin1" => Kind::Admin1,
        "admin2" => Kind::Admin2,
        "place" => Kind::Place,
        other => return Err(format!("unknown kind {other:?}")),
    };
    Ok(Some(Row {
        name: f[1].to_string(),
        lat: f[2]
            .parse()
            .map_err(|_| format!("bad latitude {:?}", f[2]))?,
        lon: f[3]
            .parse()
            .map_err(|_| format!("bad longitude {:?}", f[3]))?,
        cc: f[4].to_string(),
        admin1: f[5].to_string(),
        admin2: f[6].to_string(),
        population: f[7].parse().unwrap_or(0),
        kind: Some(kind),
        alternates: f[8]
            .split('|')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        source: source.to_string(),
        ..Row::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, kind: Kind, cc: &str, alts: &[&str]) -> Row {
        Row {
            name: name.into(),
            lat: 2.5,
            lon: 45.25,
            cc: cc.into(),
            admin1: "Banaadir".into(),
            population: 1234,
            kind: Some(kind),
            alternates: alts.iter().map(|s| s.to_string()).collect(),
            source: "test".into(),
            id: "42".into(),
            ..Row::default()
        }
    }

    #[test]
    fn an_index_reads_back_what_was_written() {
        let mut b = IndexBuilder::new("made in a test");
        b.push(&row("Somalia", Kind::Country, "so", &[]))
            .expect("row");
        b.push(&row("Muqdisho", Kind::Place, "SO", &["Mogadishu", "Xamar"]))
            .expect("row");
        b.push(&row("Banaadir", Kind::Admin1, "SO", &[]))
            .expect("row");
        let idx = Index::new(Bytes::Owned(b.finish().expect("index"))).expect("opens");
        assert_eq!(idx.len(), 3);
        assert_eq!(idx.meta(), "made in a test");
        let e = idx.entry(1);
        assert_eq!(
            (e.name, e.cc, e.admin1, e.kind),
            ("Muqdisho", "SO", "Banaadir", Kind::Place)
        );
        assert_eq!((e.lat, e.lon, e.population, e.id), (2.5, 45.25, 1234, "42"));
        let mut out = Vec::new();
        idx.by_key(&fold("Mogadishu"), 10, &mut out);
        assert_eq!(out, [11]);
        out.clear();
        idx.regions(&skeleton(&fold("Banadir")), 0, &mut out);
        assert_eq!(out, [2]);
        assert_eq!(idx.country("SO"), Some(0));
        assert_eq!(idx.country("SY"), None);
        // A row past the end is empty, not a panic.
        assert_eq!(idx.entry(99).name, "");
    }

    #[test]
    fn damaged_bytes_are_refused_not_read() {
        assert!(matches!(
            Index::new(Bytes::Owned(b"hello".to_vec())),
            Err(IndexError::Magic)
        ));
        let mut b = IndexBuilder::new("");
        b.push(&row("Baidoa", Kind::Place, "SO", &[])).expect("row");
        let mut bytes = b.finish().expect("index");
        let half = bytes.len() / 2;
        bytes.truncate(half);
        assert!(Index::new(Bytes::Owned(bytes)).is_err());
    }
}
