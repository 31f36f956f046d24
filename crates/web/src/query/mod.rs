//! Asking the record: one query language of filters for the portal's `/search`, the API's
//! `/api/stories.{json,csv,geojson,md}` and `dateline events` — parsed and checked here, run
//! over the [`Index`] of every item's fields (full text through the store's FTS5 index), with
//! facet counts, a timeline and cursor paging.
//!
//! | parameter | meaning |
//! |---|---|
//! | `q` | words, all of which must appear (as word prefixes) in the item's text |
//! | `from`, `to` | dates (YYYY-MM-DD), inclusive |
//! | `country`, `admin1` | the place's country (name or ISO code) and region, any case |
//! | `place` | words of the place's name |
//! | `near` | `lat,lon,km`: places within km of a point |
//! | `bbox` | `west,south,east,north` in degrees |
//! | `actor`, `claimant`, `outlet` | words of an actor's, a claimant's, a source's name |
//! | `type` | an ACLED event or sub-event type |
//! | `category` | a Portal category |
//! | `fatalities_min` | at least this many reported deaths |
//! | `disputed` | `true` or `false`: claimants' death figures differ |
//! | `limit`, `cursor` | page size (1–500, default 50) and the `next_cursor` of the page before |

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dateline_store::{Store, StoreError};
use serde::Serialize;

use crate::views::{self, ItemView};

pub mod index;
mod words;

pub use index::{Index, Key};

/// The largest page.
pub const MAX_LIMIT: usize = 500;
const DEFAULT_LIMIT: usize = 50;

/// A checked query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub q: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub place: Option<String>,
    pub near: Option<(f64, f64, f64)>,
    pub bbox: Option<[f64; 4]>,
    pub actor: Option<String>,
    pub event_type: Option<String>,
    pub category: Option<String>,
    pub claimant: Option<String>,
    pub outlet: Option<String>,
    pub fatalities_min: Option<u64>,
    pub disputed: Option<bool>,
    pub limit: usize,
    /// Items to skip, from a cursor.
    pub offset: usize,
}

/// Why a query was refused: the parameter and what is wrong with it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{param}: {reason}")]
pub struct QueryError {
    pub param: String,
    pub reason: String,
}

fn bad(param: &str, reason: impl Into<String>) -> QueryError {
    QueryError {
        param: param.to_string(),
        reason: reason.into(),
    }
}

/// The parameters a query may have, in the order they are echoed.
pub const PARAMS: &[&str] = &[
    "q",
    "from",
    "to",
    "country",
    "admin1",
    "place",
    "near",
    "bbox",
    "actor",
    "type",
    "category",
    "claimant",
    "outlet",
    "fatalities_min",
    "disputed",
    "limit",
    "cursor",
];

/// What each parameter means, for the API's documents.
pub const PARAM_DOCS: &[(&str, &str)] = &[
    ("q", "Words that must all appear (as word prefixes) in the story's summary, context or a source's title or lead."),
    ("from", "First date, YYYY-MM-DD (inclusive)."),
    ("to", "Last date, YYYY-MM-DD (inclusive)."),
    ("country", "The place's country: English name or ISO 3166-1 alpha-2 code, any case."),
    ("admin1", "The place's region (admin1), any case."),
    ("place", "Words of the place's name."),
    ("near", "lat,lon,km: places within km of the point."),
    ("bbox", "west,south,east,north in degrees (west > east crosses the antimeridian)."),
    ("actor", "Words of an actor's name."),
    ("type", "An ACLED event type or sub-event type."),
    ("category", "A Portal category (Armed conflicts and attacks, …)."),
    ("claimant", "Words of a claimant's name."),
    ("outlet", "Words of a source's outlet."),
    ("fatalities_min", "At least this many reported deaths (whole number)."),
    ("disputed", "true or false: claimants' death figures for the same victims differ."),
    ("limit", "Page size, 1 to 500 (default 50); JSON and Markdown only."),
    ("cursor", "The next_cursor of the page before, with the same filters."),
];

/// The API's OpenAPI 3.1 document: `/api/stories.{json,md,csv,geojson}` with every query
/// parameter (from [`PARAMS`], so the document and the parser never differ).
pub fn openapi() -> serde_json::Value {
    let params: Vec<serde_json::Value> = PARAMS
        .iter()
        .map(|p| {
            let doc = PARAM_DOCS.iter().find(|(n, _)| n == p).map_or("", |(_, d)| d);
            let schema = match *p {
                "limit" => serde_json::json!({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
                "fatalities_min" => serde_json::json!({"type": "integer", "minimum": 0}),
                "disputed" => serde_json::json!({"type": "boolean"}),
                "from" | "to" => serde_json::json!({"type": "string", "format": "date"}),
                _ => serde_json::json!({"type": "string"}),
            };
            serde_json::json!({"name": p, "in": "query", "required": false, "description": doc, "schema": schema})
        })
        .collect();
    let bad = serde_json::json!({
        "description": "A bad parameter: its name and what is wrong.",
        "content": {"application/json": {"schema": {"type": "object", "properties": {
            "error": {"type": "string"}, "parameter": {"type": "string"}}}}}
    });
    let path = |media: &str, what: &str| {
        serde_json::json!({"get": {
            "summary": what,
            "parameters": params,
            "responses": {"200": {"description": what, "content": {media: {}}}, "400": bad}
        }})
    };
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "dateline", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Stories of the record, selected by one query language. See /api."},
        "paths": {
            "/api/stories.json": path("application/json", "A page of matching stories (one item per story: the first of its matching events) with the query echoed, total, next_cursor, facets and timeline (counted over matching events) and snippets."),
            "/api/stories.md": path("text/markdown", "A page of matching stories as Markdown."),
            "/api/stories.csv": path("text/csv", "Every matching story that is an ACLED-type event, in ACLED's columns then dateline's."),
            "/api/stories.geojson": path("application/geo+json", "Every matching story with a place, as GeoJSON (RFC 7946).")
        }
    })
}

fn numbers<const N: usize>(param: &str, v: &str) -> Result<[f64; N], QueryError> {
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            bad(
                param,
                format!("want {N} numbers separated by commas, got {v:?}"),
            )
        })?;
    let arr: [f64; N] = parts.try_into().map_err(|_| {
        bad(
            param,
            format!("want {N} numbers separated by commas, got {v:?}"),
        )
    })?;
    if arr.iter().any(|x| !x.is_finite()) {
        return Err(bad(param, "numbers must be finite"));
    }
    Ok(arr)
}

impl Query {
    /// Parses `name=value` pairs (a URL's query, or command-line flags). Empty values are
    /// ignored, as an HTML form sends them; an unknown name or a bad value is an error.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Query, QueryError> {
        let mut query = Query {
            limit: DEFAULT_LIMIT,
            ..Query::default()
        };
        let mut cursor = None;
        for (k, v) in pairs {
            let v = v.trim();
            if !PARAMS.contains(&k) {
                return Err(bad(
                    k,
                    format!("unknown parameter (known: {})", PARAMS.join(", ")),
                ));
            }
            if v.is_empty() {
                continue;
            }
            let text = || Some(v.to_string());
            let date = |p: &str| {
                dateline_model::dates::parse_iso_prefix(v)
                    .filter(|_| v.len() == 10)
                    .ok_or_else(|| bad(p, format!("want a date YYYY-MM-DD, got {v:?}")))
            };
            match k {
                "q" => query.q = v.split_whitespace().map(str::to_string).collect(),
                "from" => query.from = Some(date(k)?),
                "to" => query.to = Some(date(k)?),
                "country" => query.country = text(),
                "admin1" => query.admin1 = text(),
                "place" => query.place = text(),
                "actor" => query.actor = text(),
                "type" => query.event_type = text(),
                "category" => query.category = text(),
                "claimant" => query.claimant = text(),
                "outlet" => query.outlet = text(),
                "near" => {
                    let [lat, lon, km] = numbers::<3>(k, v)?;
                    if lat.abs() > 90.0 || lon.abs() > 180.0 || km <= 0.0 || km > 20_040.0 {
                        return Err(bad(k, "want lat (±90), lon (±180) and km (0–20040)"));
                    }
                    query.near = Some((lat, lon, km));
                }
                "bbox" => {
                    let b = numbers::<4>(k, v)?;
                    if b[0].abs() > 180.0
                        || b[2].abs() > 180.0
                        || b[1].abs() > 90.0
                        || b[3].abs() > 90.0
                    {
                        return Err(bad(
                            k,
                            "out of range: want west,south,east,north within ±180 and ±90",
                        ));
                    }
                    if b[1] > b[3] {
                        return Err(bad(k, "south is north of north"));
                    }
                    query.bbox = Some(b);
                }
                "fatalities_min" => {
                    query.fatalities_min = Some(
                        v.parse()
                            .map_err(|_| bad(k, format!("want a whole number, got {v:?}")))?,
                    )
                }
                "disputed" => {
                    query.disputed = Some(match v {
                        "true" | "1" | "yes" => true,
                        "false" | "0" | "no" => false,
                        _ => return Err(bad(k, format!("want true or false, got {v:?}"))),
                    })
                }
                "limit" => {
                    query.limit = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_LIMIT).contains(n))
                        .ok_or_else(|| bad(k, format!("want 1 to {MAX_LIMIT}, got {v:?}")))?
                }
                "cursor" => cursor = Some(v.to_string()),
                _ => {}
            }
        }
        if let (Some(a), Some(b)) = (query.from, query.to) {
            if a > b {
                return Err(bad("from", "after to"));
            }
        }
        if let Some(c) = cursor {
            let (offset, sig) = c
                .split_once('.')
                .and_then(|(o, s)| Some((o.parse::<usize>().ok()?, s.to_string())))
                .ok_or_else(|| bad("cursor", "not a cursor this API gave"))?;
            if sig != query.signature() {
                return Err(bad("cursor", "from another query: start again without it"));
            }
            query.offset = offset;
        }
        Ok(query)
    }

    /// The query's filters as `name=value` pairs (not its page), in [`PARAMS`] order.
    pub fn filters(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v {
                out.push((k, v));
            }
        };
        put("q", (!self.q.is_empty()).then(|| self.q.join(" ")));
        put("from", self.from.map(|d| d.to_string()));
        put("to", self.to.map(|d| d.to_string()));
        put("country", self.country.clone());
        put("admin1", self.admin1.clone());
        put("place", self.place.clone());
        put("near", self.near.map(|(a, b, c)| format!("{a},{b},{c}")));
        put(
            "bbox",
            self.bbox
                .map(|b| format!("{},{},{},{}", b[0], b[1], b[2], b[3])),
        );
        put("actor", self.actor.clone());
        put("type", self.event_type.clone());
        put("category", self.category.clone());
        put("claimant", self.claimant.clone());
        put("outlet", self.outlet.clone());
        put("fatalities_min", self.fatalities_min.map(|n| n.to_string()));
        put("disputed", self.disputed.map(|d| d.to_string()));
        out
    }

    /// A short fingerprint of the filters, carried in cursors.
    fn signature(&self) -> String {
        let mut h: u32 = 0x811c_9dc5;
        for (k, v) in self.filters() {
            for b in k.bytes().chain([b'=']).chain(v.bytes()).chain([b'&']) {
                h ^= b as u32;
                h = h.wrapping_mul(0x0100_0193);
            }
        }
        format!("{h:08x}")
    }

    /// The query string of these filters with one more (`name=value`), for facet links.
    pub fn with(&self, name: &'static str, value: &str) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .filters()
            .into_iter()
            .filter(|(k, _)| *k != name)
            .collect();
        pairs.push((name, value.to_string()));
        encode(&pairs)
    }
}

/// Great-circle distance in km.
/// The mean radius of the Earth, in kilometres.
const EARTH_KM: f64 = 6371.0;

fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().asin()
}

/// Percent-encodes pairs as a URL query.
pub fn encode(pairs: &[(&str, String)]) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One facet value and how many matching items have it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The filters, echoed.
    pub query: BTreeMap<&'static str, String>,
    /// Stories matching, over all pages (one result per story: the first of its matching
    /// events stands for it).
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    /// The cursor of the next page; None on the last.
    pub next_cursor: Option<String>,
    pub items: Vec<ItemView>,
    /// Each item's text around the matched words (`[` `]` mark them), by item slug.
    pub snippets: BTreeMap<String, String>,
    /// Matching events per value, the commonest first (at most 10 each): type, country,
    /// admin1, actor, claimant, outlet.
    pub facets: BTreeMap<&'static str, Vec<FacetCount>>,
    /// Matching events per day.
    pub timeline: Vec<FacetCount>,
}

/// Runs a query over `index` (built from `store`): the total, facets and timeline of every
/// matching item, and the page asked for, read from the store.
pub fn run(store: &Store, index: &Index, query: &Query) -> Result<Results, StoreError> {
    // One read transaction for the page's reads: the file is locked once, not per statement.
    store.snapshot(|store| run_in(store, index, query))?
}

fn run_in(store: &Store, index: &Index, query: &Query) -> Result<Results, StoreError> {
    let selection = index.select(store, query)?;
    // A story is one result: the first of its matching events stands for it.
    let stories = selection.story_keys();
    let total = stories.len();
    let keys: Vec<Key> = stories
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    let mut snippets = BTreeMap::new();
    let mut page = Vec::with_capacity(keys.len());
    for (key, v) in describe(store, &selection, &keys)? {
        if !query.q.is_empty() {
            let text = match key {
                Key::Item(id) => store.item_text(id)?,
                Key::Story(id) => selection.story(id).1.cloned(),
            };
            if let Some(s) = text.and_then(|t| index::snippet(&t, &query.q)) {
                snippets.insert(v.slug.clone(), s);
            }
        }
        page.push(v);
    }
    let next = query.offset + page.len();
    let next_cursor = (next < total).then(|| format!("{next}.{}", query.signature()));
    Ok(Results {
        query: query.filters().into_iter().collect(),
        total,
        offset: query.offset,
        limit: query.limit,
        next_cursor,
        facets: selection.facets(),
        timeline: selection.timeline(),
        items: page,
        snippets,
    })
}

/// The views of `keys`, in their order (keys gone from the store left out): items of events
/// read with two statements for the lot and described in parallel, stories without events
/// one by one.
fn describe(
    store: &Store,
    selection: &index::Selection<'_>,
    keys: &[Key],
) -> Result<Vec<(Key, ItemView)>, StoreError> {
    use rayon::prelude::*;
    let items: Vec<i64> = keys
        .iter()
        .filter_map(|k| match k {
            Key::Item(id) => Some(*id),
            Key::Story(_) => None,
        })
        .collect();
    let mut described: std::collections::HashMap<Key, ItemView> = store
        .clusters(&items)?
        .par_iter()
        .map(|c| (Key::Item(c.id), views::item_brief(c)))
        .collect();
    for key in keys {
        if let Key::Story(id) = *key {
            if let Some(s) = store.story(id)? {
                described.insert(*key, views::story_brief(&s, selection.story(id).0));
            }
        }
    }
    Ok(keys
        .iter()
        .filter_map(|k| described.remove(k).map(|v| (*k, v)))
        .collect())
}

/// Every item matching, in the order results are listed (see [`Index::select`]), read from
/// the store in one snapshot and handed to `f` in turn with its key: a batch at a time read,
/// described in parallel, so memory holds one batch however many match.
pub fn each_matching<E: From<StoreError>>(
    store: &Store,
    index: &Index,
    query: &Query,
    mut f: impl FnMut(Key, ItemView) -> Result<(), E>,
) -> Result<(), E> {
    const BATCH: usize = 1024;
    store.snapshot(|store| {
        let selection = index.select(store, query)?;
        let keys: Vec<Key> = selection.keys().collect();
        for chunk in keys.chunks(BATCH) {
            for (key, v) in describe(store, &selection, chunk)? {
                f(key, v)?;
            }
        }
        Ok(())
    })?
}

/// Every item matching, in the order results are listed.
pub fn matching(store: &Store, index: &Index, query: &Query) -> Result<Vec<ItemView>, StoreError> {
    let mut out = Vec::new();
    each_matching(store, index, query, |_, v| {
        out.push(v);
        Ok::<_, StoreError>(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &[(&str, &str)]) -> Result<Query, QueryError> {
        Query::parse(q.iter().copied())
    }

    #[test]
    fn no_distance_is_shorter_than_the_difference_in_latitude() {
        // The bound the radius filter tests first, over a grid of points up to the poles and
        // across the antimeridian.
        let mut checked = 0;
        for lat1 in (-90..=90).step_by(15) {
            for lat2 in (-90..=90).step_by(10) {
                for (lon1, lon2) in [(0.0, 0.0), (10.0, 11.5), (179.5, -179.5), (45.0, -135.0)] {
                    let (a, b) = (f64::from(lat1), f64::from(lat2));
                    let bound = EARTH_KM * (a - b).abs().to_radians();
                    assert!(bound <= distance_km(a, lon1, b, lon2) * (1.0 + 1e-9) + 1e-9);
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 13 * 19 * 4);
    }

    #[test]
    fn filters_parse_and_bad_ones_name_their_parameter() {
        let q = parse(&[
            ("q", "airstrike  Idlib"),
            ("from", "2025-03-01"),
            ("near", "2.04,45.34,50"),
            ("country", ""),
        ])
        .expect("parses");
        assert_eq!(q.q, ["airstrike", "Idlib"]);
        assert_eq!(q.near, Some((2.04, 45.34, 50.0)));
        assert_eq!(q.country, None, "an empty form field is no filter");
        let err = |pairs: &[(&str, &str)]| parse(pairs).expect_err("refused").param;
        assert_eq!(err(&[("colour", "red")]), "colour");
        assert_eq!(err(&[("from", "March 2025")]), "from");
        assert_eq!(err(&[("from", "2025-03-02"), ("to", "2025-03-01")]), "from");
        assert_eq!(err(&[("bbox", "40,-2,52,95")]), "bbox");
        assert_eq!(err(&[("near", "2,45")]), "near");
        assert_eq!(err(&[("limit", "100000")]), "limit");
        assert_eq!(err(&[("disputed", "maybe")]), "disputed");
        assert_eq!(err(&[("cursor", "garbage")]), "cursor");
    }

    #[test]
    fn the_openapi_document_names_every_parameter() {
        let doc = openapi();
        let names: Vec<&str> = doc["paths"]["/api/stories.json"]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(names, PARAMS);
        assert!(PARAMS
            .iter()
            .all(|p| PARAM_DOCS.iter().any(|(n, _)| n == p)));
    }

    #[test]
    fn a_cursor_belongs_to_its_query() {
        let q = parse(&[("type", "Air/drone strike")]).expect("parses");
        let cursor = format!("50.{}", q.signature());
        let next = parse(&[("type", "Air/drone strike"), ("cursor", &cursor)]).expect("same query");
        assert_eq!(next.offset, 50);
        let other = parse(&[("type", "Armed clash"), ("cursor", &cursor)]);
        assert_eq!(other.expect_err("another query's cursor").param, "cursor");
    }

    #[test]
    fn facet_links_replace_their_own_filter() {
        let q = parse(&[("q", "shelling"), ("country", "Syria")]).expect("parses");
        assert_eq!(q.with("country", "Iraq"), "q=shelling&country=Iraq");
        assert_eq!(
            q.with("admin1", "Rif Dimashq"),
            "q=shelling&country=Syria&admin1=Rif+Dimashq"
        );
    }
}
