//! The central types of dateline, shared by every stage: [`Document`], [`Claim`], [`Event`].
//!
//! Data flows one way: ingest fills a [`Document`]; extract adds its [`Claim`]s and
//! [`Event`]s, bundled as an [`Analysis`]; the store and the web read them. This crate is plain
//! data: no I/O, no clock, no randomness. Its serde form is dateline's published JSON format
//! (`dateline extract` prints one [`Analysis`] per line), so fields change only with care.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod countries;
pub mod dates;

/// True for a character XML 1.0 forbids in a document: control characters other than tab,
/// newline and carriage return, and the non-characters U+FFFE and U+FFFF (surrogates cannot
/// occur in Rust strings). One such character makes a feed or an XML page unreadable.
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Removes the characters XML 1.0 forbids (see [`xml_forbidden`]), in place.
pub fn scrub_xml_forbidden(s: &mut String) {
    if s.contains(xml_forbidden) {
        s.retain(|c| !xml_forbidden(c));
    }
}

/// The 64-bit FNV-1a hash: small, stable across platforms and releases (ids and content
/// hashes are stored, so the hash must never change).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A URL slug: lowercase words joined by hyphens, at most 120 characters.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 120 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Claimants disagree when their figures for one thing differ by more than this share of the
/// larger one (10%): 25 against 26 is the same count told twice, 22 against 30 is a dispute.
pub const DISAGREEMENT_MARGIN: f64 = 0.10;

/// Whose deaths a figure counts. Figures of different groups of one event add up (5 civilians
/// and 6 militants are 11 dead); only figures of the same group can be rival.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Victims {
    /// People, unnamed or of every kind ("12 people", "the death toll").
    #[default]
    All,
    /// Civilians: residents, children, women, passengers …
    Civilians,
    /// Fighters of any side: soldiers, militants, rebels …
    Combatants,
}

impl Victims {
    pub fn is_all(&self) -> bool {
        *self == Victims::All
    }
}

/// One claimant's death figure for one group of victims, as [`deaths_of`] weighs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeathFigure<'a> {
    pub claimant: Option<&'a str>,
    pub victims: Victims,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
}

/// The deaths of one event from its claimants' death figures, and whether the figures are
/// rival. The written policy:
/// - a claimant's total is its figure for all victims, or its groups added up (5 civilians
///   and 6 militants are 11), whichever is larger; it is *complete* when it has a figure for
///   all victims or for both civilians and combatants;
/// - claimants that each count one group add up across claimants (the monitor's 5 civilians
///   and the army's 6 militants are 11 dead, not a dispute);
/// - the event's range: `low` and `best` the lowest of the complete totals (`best` the lowest
///   claimant's best), `high` the highest figure any claimant gives;
/// - figures are rival when complete totals disagree, when two claimants' figures for one
///   group disagree, or when a claimant gives more deaths for one group than another gives
///   in all — each beyond [`DISAGREEMENT_MARGIN`].
pub fn deaths_of(figures: &[DeathFigure]) -> (Option<Fatalities>, bool) {
    type Range = (Option<u64>, Option<u64>, Option<u64>);
    let mut by: std::collections::BTreeMap<
        Option<&str>,
        std::collections::BTreeMap<Victims, Range>,
    > = Default::default();
    for f in figures {
        let g = by
            .entry(f.claimant)
            .or_default()
            .entry(f.victims)
            .or_insert((f.low, f.best, f.high));
        if f.best > g.1 {
            *g = (f.low, f.best, f.high);
        }
    }
    if by.is_empty() {
        return (None, false);
    }
    let add = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(x), Some(y)) => Some(x + y),
        (x, None) => x,
        (None, y) => y,
    };
    let high_of = |r: &Range| r.2.or(r.1);
    let mut complete: Vec<Range> = Vec::new();
    let mut partial: std::collections::BTreeMap<Victims, Range> = Default::default();
    let mut highest: Option<u64> = None;
    for groups in by.values() {
        let all = groups.get(&Victims::All);
        let (civ, com) = (
            groups.get(&Victims::Civilians),
            groups.get(&Victims::Combatants),
        );
        let parts = civ
            .into_iter()
            .chain(com)
            .fold((None, None, None), |t: Range, r| {
                (add(t.0, r.0.or(r.1)), add(t.1, r.1), add(t.2, high_of(r)))
            });
        let total: Range = match all {
            Some(a) => (
                a.0.or(a.1).max(parts.0),
                a.1.max(parts.1),
                high_of(a).max(parts.2),
            ),
            None => parts,
        };
        highest = highest.max(total.2);
        if all.is_some() || (civ.is_some() && com.is_some()) {
            complete.push(total);
        } else {
            for (v, r) in groups {
                let p = partial.entry(*v).or_insert(*r);
                *p = (
                    min_of(p.0, r.0.or(r.1)),
                    min_of(p.1, r.1),
                    p.2.max(high_of(r)),
                );
            }
        }
    }
    let partial_sum = partial.values().fold((None, None, None), |t: Range, r| {
        (add(t.0, r.0.or(r.1)), add(t.1, r.1), add(t.2, high_of(r)))
    });
    if partial.len() == 2 || complete.is_empty() {
        complete.push(partial_sum);
    }
    let fatalities = Fatalities {
        low: complete.iter().filter_map(|r| r.0.or(r.1)).min(),
        best: complete.iter().filter_map(|r| r.1).min(),
        high: complete.iter().filter_map(high_of).max().max(highest),
    };
    // Rival: complete totals; one group across claimants; a part above another's whole.
    let totals: Vec<u64> = by
        .values()
        .filter(|g| {
            g.contains_key(&Victims::All)
                || (g.contains_key(&Victims::Civilians) && g.contains_key(&Victims::Combatants))
        })
        .filter_map(|g| {
            let parts: Option<u64> = [Victims::Civilians, Victims::Combatants]
                .iter()
                .filter_map(|v| g.get(v).and_then(|r| r.1))
                .reduce(|a, b| a + b);
            g.get(&Victims::All).and_then(|r| r.1).max(parts)
        })
        .collect();
    let group_rival = [Victims::Civilians, Victims::Combatants].iter().any(|v| {
        let bests: Vec<u64> = by
            .values()
            .filter_map(|g| g.get(v).and_then(|r| r.1))
            .collect();
        disagree(&bests)
    });
    let least_total = totals.iter().min().copied();
    let part_above_whole = least_total.is_some_and(|t| {
        by.values()
            .flat_map(|g| g.iter())
            .filter(|(v, _)| !v.is_all())
            .filter_map(|(_, r)| r.1)
            .any(|x| x > t && disagree(&[x, t]))
    });
    let rival = disagree(&totals) || group_rival || part_above_whole;
    (Some(fatalities), rival)
}

fn min_of(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// True when figures (each claimant's best) differ by more than [`DISAGREEMENT_MARGIN`].
pub fn disagree(figures: &[u64]) -> bool {
    match (figures.iter().min(), figures.iter().max()) {
        (Some(&lo), Some(&hi)) => (hi - lo) as f64 > DISAGREEMENT_MARGIN * hi as f64,
        _ => false,
    }
}

/// Great-circle (haversine) distance in kilometres.
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// A byte range `[start, end)` into a document's clean `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers, or "" when it does not fall on `text`'s char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Where a document's publication date was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given by the input itself (a JSONL `published` field, a WARC header).
    Input,
    /// JSON-LD, OpenGraph or another `<meta>` tag.
    Meta,
    /// A dateline in the text ("Global Research, September 21, 2017").
    Dateline,
    /// The date heading of a current-events item.
    ItemDate,
}

/// A span of the raw text that cleaning removed, kept for debugging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// What kind of junk it was: `comments`, `advert`, `disclaimer`, `navigation`, `related`,
    /// `share`, `image_credit`, `foreign_ui`, `byline`, `clock`.
    pub kind: String,
    /// The first characters of the removed text.
    pub preview: String,
}

/// An earlier item listed as related on a current-events page, with its shared context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedItem {
    pub summary: String,
    pub url: Option<String>,
    pub date: Option<NaiveDate>,
    pub context: Vec<String>,
}

/// A source link of a current-events item: "[url (Outlet)]".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub outlet: Option<String>,
    pub url: String,
}

/// What a current-events item (Wikipedia's Current Events Portal, *the Context*) says beyond
/// its one-line text: where it is filed, the topics it links (its context) and its sources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The Portal's category ("Armed conflicts and attacks").
    pub category: Option<String>,
    /// The story it belongs to, when the Portal nests it under one ("Syrian Civil War").
    pub story: Option<String>,
    /// The linked topics (Wikipedia article titles), story first.
    pub topics: Vec<String>,
    /// The source articles, in the item's order.
    pub links: Vec<Link>,
}

/// One article after ingestion: metadata and clean main text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the input's `id` field, else the file's path under the folder named on the
    /// command line, without the format's extensions (`a/index`).
    pub id: String,
    /// Where it came from: a path or a URL.
    pub source: String,
    pub url: Option<String>,
    /// The publishing outlet ("Global Research", "AFP via Yahoo").
    pub outlet: Option<String>,
    /// The original outlet of a syndicated article ("RT News").
    pub original_outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub published_source: Option<DateSource>,
    /// The clean main text. Every [`Span`] of this document points into it.
    pub text: String,
    /// What cleaning removed, in order.
    pub removed: Vec<Removed>,
    /// Related items listed by a current-events page (not part of the article's claims).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedItem>,
    /// Problems met while reading (the run goes on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Set when the document is a current-events item rather than an article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
    /// The page's own description (OpenGraph / meta description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The page's lead image URL (OpenGraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Who wrote it, as the page or feed names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The language of the text (ISO 639-3, e.g. "eng"), when it can be told reliably.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A count as written, with its hedge read as bounds: "at least five" is `{low: 5, best: 5}`,
/// "between 5,000 and 7,000" is `{low: 5000, high: 7000}`, "nearly 1,900" is `{best: 1900,
/// high: 1900}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    /// The words of the count, hedge included ("at least five").
    pub text: String,
}

/// One statement in a document: a figure or an event, who says so, and the sentence it is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `<document id>#c<n>`.
    pub id: String,
    /// The sentence's byte range in the document's text.
    pub span: Span,
    /// Who says so, as written ("Russia's General Staff", "a resident"); null when unattributed.
    pub claimant: Option<String>,
    /// Who relayed the claimant's words, outermost first ("RT" in "RT reported him as saying").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Who the claimant is, whatever words name it ("SOHR", "the monitor" and "Observatory
    /// head Rami Abdel Rahman" are one source); null when the claimant is null or unknown to
    /// the claimant dictionary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub quantity: Option<Quantity>,
    /// What is counted ("militants", "tanks", "sorties").
    pub counted: Option<String>,
    /// What happened to it: killed, injured, destroyed, struck, captured, returned, …
    pub action: Option<String>,
    /// True when the counted things are people reported killed.
    pub deaths: bool,
    /// True when the count is part of an earlier one in its sentence ("at least 4 militants
    /// were killed, including 1 commander"): never added to a total.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subset: bool,
    /// True when the figure updates a toll ("the death toll rose to 12"): it replaces the
    /// claimant's earlier figure for the same victims rather than standing beside it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub update: bool,
    /// The claimant's stance when it is not a plain report: a denial ("the army denied that
    /// civilians were killed") or a claim of responsibility. A denied figure is shown, never
    /// counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
}

/// A claimant as one source: its canonical name, what kind of source it is, and the role of
/// the person speaking for it when the text names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The canonical name ("Syrian Observatory for Human Rights").
    pub name: String,
    pub kind: SourceKind,
    /// The speaker's role for the source ("director", "spokesman", "source"), when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// What kind of source a claimant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A group that counts and documents: "SOHR", "Airwars", "Human Rights Watch".
    Monitor,
    /// A news outlet or agency.
    Media,
    /// A government or its ministries, other than the military.
    Government,
    /// Armed forces of a state, or a coalition of them.
    Military,
    /// The United Nations and other bodies of states.
    International,
    /// Rescuers, medics and aid groups.
    Humanitarian,
    /// A rebel group or militia (from the actor dictionary).
    ArmedGroup,
}

impl SourceKind {
    /// The kind as written in `data/claimants.tsv`.
    pub fn parse(s: &str) -> Option<SourceKind> {
        Some(match s {
            "monitor" => SourceKind::Monitor,
            "media" => SourceKind::Media,
            "government" => SourceKind::Government,
            "military" => SourceKind::Military,
            "international" => SourceKind::International,
            "humanitarian" => SourceKind::Humanitarian,
            "armed_group" => SourceKind::ArmedGroup,
            _ => return None,
        })
    }
}

/// What a claimant does with a statement besides reporting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// "denied", "rejected the claims": the claimant says it did not happen.
    Denies,
    /// "claimed responsibility": the claimant says it did it.
    ClaimsResponsibility,
}

impl Stance {
    /// The stance in words, for pages.
    pub fn words(self) -> &'static str {
        match self {
            Stance::Denies => "denies",
            Stance::ClaimsResponsibility => "claims responsibility",
        }
    }
}

/// How precisely a place is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Point,
    District,
    Region,
    Country,
    /// A continent ("throughout Europe"): listed among a text's place mentions, never an event's
    /// place.
    Continent,
}

/// A gazetteer place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// The words in the text that named it.
    pub mention: String,
    pub lat: f64,
    pub lon: f64,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub country: Option<String>,
    pub country_code: String,
    pub precision: Precision,
    /// Where the place came from: the gazetteer and the place's id in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer: Option<PlaceRef>,
}

/// A place's row in a gazetteer, for tracing a resolution to its source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlaceRef {
    /// The gazetteer table ("geonames", "wof-so.tsv.gz").
    pub source: String,
    /// The place's id there (a GeoNames id, a Who's On First id, an OSM node), when it has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Stable identifiers of the admin1 and admin2 regions, where the gazetteer has them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin1_code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin2_code: String,
}

/// An actor named in an event, with its ACLED-style category.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    /// "State forces", "Rebel group", "Civilians", …
    pub category: String,
}

/// Deaths, summed over the people reported killed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fatalities {
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
}

/// One claimant's figure for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub claimant: Option<String>,
    /// What the figure counts: "deaths" or the counted noun ("tanks").
    pub counted: String,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub claims: Vec<String>,
    /// Whose deaths a "deaths" figure counts; figures of different groups add up.
    #[serde(default, skip_serializing_if = "Victims::is_all")]
    pub victims: Victims,
    /// True when the claimant is one of the event's actors (a party to the fighting, whose
    /// figures serve its side): "Al Shabaab claimed to have killed 47 soldiers".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub party: bool,
}

impl Figure {
    /// The figure as [`deaths_of`] weighs it, when it counts deaths.
    pub fn death(&self) -> Option<DeathFigure<'_>> {
        (self.counted == "deaths").then_some(DeathFigure {
            claimant: self.claimant.as_deref(),
            victims: self.victims,
            low: self.low,
            best: self.best,
            high: self.high,
        })
    }
}

/// Something the document reports happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `<document id>#e<n>`; `#e0` is the main event.
    pub id: String,
    /// ACLED's event_type ("Battles", "Explosions/Remote violence", …).
    pub event_type: String,
    /// ACLED's sub_event_type ("Armed clash", "Air/drone strike", …).
    pub sub_event_type: String,
    /// The date it happened; null when nothing in the text anchors it.
    pub date: Option<NaiveDate>,
    pub place: Option<Place>,
    pub actors: Vec<Actor>,
    /// Deaths: the range over claimants; `best` is the lowest claimant's best.
    pub fatalities: Option<Fatalities>,
    /// Each claimant's figures, side by side.
    pub figures: Vec<Figure>,
    /// True when claimants' death figures differ by more than [`DISAGREEMENT_MARGIN`].
    pub disputed: bool,
    /// The sentence that best tells the event.
    pub span: Span,
    /// Ids of the claims about this event.
    pub claims: Vec<String>,
    /// The text of that sentence (`span` in the document's text), for summaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
}

/// An editorial of the opinion section, from a Markdown file: signed, dated, kept apart from
/// the news (it is not analysed for events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    /// URL name, from the title.
    pub slug: String,
    pub title: String,
    pub author: String,
    pub date: NaiveDate,
    /// The body, in Markdown.
    pub body: String,
    /// The file it was read from.
    pub source: String,
}

/// A document with everything dateline found in it: the output of `dateline extract`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub document: Document,
    pub claims: Vec<Claim>,
    pub events: Vec<Event>,
    /// Every place named in the text, in order, as a geoparser reports it.
    #[serde(default)]
    pub places: Vec<PlaceMention>,
}

/// A place named in a text: where, and what it resolved to (all null when the gazetteer has
/// no such place). Flat, as geoparsers and their scorers write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// UTF-8 byte offsets of the mention in the document's text.
    pub span: [usize; 2],
    /// The words naming it.
    pub mention: String,
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<Precision>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub country: Option<String>,
    pub country_code: Option<String>,
    pub gazetteer: Option<PlaceRef>,
    /// Named by its adjective ("Russian warplanes"): where someone is from, not where
    /// something happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adjective: bool,
}

impl PlaceMention {
    /// A mention of a place the gazetteer lacks: where, and the words; the place unknown.
    pub fn unknown(span: Span, mention: &str) -> PlaceMention {
        PlaceMention {
            span: [span.start, span.end],
            mention: mention.to_string(),
            name: None,
            lat: None,
            lon: None,
            precision: None,
            admin1: None,
            admin2: None,
            country: None,
            country_code: None,
            gazetteer: None,
            adjective: false,
        }
    }

    /// The mention of `place` at `span`.
    pub fn of(span: Span, place: &Place) -> PlaceMention {
        PlaceMention {
            span: [span.start, span.end],
            mention: place.mention.clone(),
            name: Some(place.name.clone()),
            lat: Some(place.lat),
            lon: Some(place.lon),
            precision: Some(place.precision),
            admin1: place.admin1.clone(),
            admin2: place.admin2.clone(),
            country: place.country.clone(),
            country_code: Some(place.country_code.clone()),
            gazetteer: place.gazetteer.clone(),
            adjective: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disagreement_needs_more_than_the_margin() {
        assert!(!disagree(&[25, 26]));
        assert!(disagree(&[22, 30]));
        assert!(disagree(&[1, 2]));
        assert!(!disagree(&[7]));
        assert!(!disagree(&[]));
    }

    fn fig(claimant: &str, victims: Victims, best: u64) -> DeathFigure<'_> {
        DeathFigure {
            claimant: Some(claimant),
            victims,
            low: Some(best),
            best: Some(best),
            high: Some(best),
        }
    }

    fn range(f: Option<Fatalities>) -> (Option<u64>, Option<u64>, Option<u64>) {
        f.map(|f| (f.low, f.best, f.high)).unwrap_or_default()
    }

    #[test]
    fn groups_of_victims_add_up_and_are_not_rival() {
        use Victims::*;
        // One claimant's civilians and combatants: 4 + 7.
        let (f, rival) = deaths_of(&[fig("monitor", Civilians, 4), fig("monitor", Combatants, 7)]);
        assert_eq!(range(f), (Some(11), Some(11), Some(11)));
        assert!(!rival);
        // Each of two claimants counts one group: still 11, and no dispute.
        let (f, rival) = deaths_of(&[fig("monitor", Civilians, 4), fig("army", Combatants, 7)]);
        assert_eq!(range(f), (Some(11), Some(11), Some(11)));
        assert!(!rival);
    }

    #[test]
    fn totals_of_everyone_are_rival_and_so_is_a_part_above_a_whole() {
        use Victims::*;
        let (f, rival) = deaths_of(&[
            fig("monitor", Civilians, 4),
            fig("monitor", Combatants, 7),
            fig("medic", All, 30),
        ]);
        assert_eq!(range(f), (Some(11), Some(11), Some(30)));
        assert!(rival);
        // Two claimants' civilians, 4 against 9: one group, rival.
        assert!(deaths_of(&[fig("a", Civilians, 4), fig("b", Civilians, 9)]).1);
        // The army's 40 combatants against a resident's 12 people in all.
        let (f, rival) = deaths_of(&[fig("army", Combatants, 40), fig("resident", All, 12)]);
        assert!(rival);
        assert_eq!(range(f), (Some(12), Some(12), Some(40)));
        // Near figures are one count told twice.
        assert!(!deaths_of(&[fig("a", All, 25), fig("b", All, 26)]).1);
        assert_eq!(deaths_of(&[]), (None, false));
    }

    #[test]
    fn span_slice_is_safe_on_bad_bounds() {
        let text = "Ḩimş";
        assert_eq!(Span::new(0, 3).slice(text), "Ḩ");
        assert_eq!(Span::new(0, 1).slice(text), "");
        assert_eq!(Span::new(5, 99).slice(text), "");
    }
}
