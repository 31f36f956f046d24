//! The public shapes of dateline's pages and exports (the JSON API), built from the store.
//!
//! These types are the API: the store's own types stay internal. Each page has one view, and
//! every renderer (HTML, Markdown, JSON, CSV) works from the same view, so the formats say the
//! same thing.

use chrono::{Datelike, NaiveDate};
use dateline_extract::category::{self, Category};
use dateline_model::{Figure, Precision};
use dateline_store::{url_key, Cluster, Store, StoreError, Story};
use serde::Serialize;

/// How many related items an item lists (the Context showed five).
pub const RELATED: usize = 5;
/// How many days the front page shows.
pub const FRONT_DAYS: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    pub name: String,
    pub mention: String,
    pub lat: f64,
    pub lon: f64,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub precision: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub outlet: String,
    pub original_outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The stored document, when dateline has the article (an item's link may not be stored).
    pub document: Option<String>,
    /// The document this one republishes.
    pub copy_of: Option<String>,
    pub lead: String,
    pub description: Option<String>,
    pub image: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView {
    pub id: String,
    pub claimant: Option<String>,
    /// Who the claimant is, whatever words name it (canonical name, kind, role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<dateline_model::Source>,
    pub via: Vec<String>,
    pub quantity: Option<String>,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    pub counted: Option<String>,
    pub action: Option<String>,
    /// "denies" or "claims responsibility" when the claimant does more than report.
    pub stance: Option<String>,
    pub sentence: String,
    pub document: String,
    pub outlet: Option<String>,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub claimant: Option<String>,
    pub counted: String,
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
    /// Whose deaths a "deaths" figure counts.
    #[serde(skip_serializing_if = "dateline_model::Victims::is_all")]
    pub victims: dateline_model::Victims,
    /// Outlets that carry this claimant's figure.
    pub outlets: Vec<String>,
    /// The claimant is a party to the fighting.
    pub party: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub summary: String,
    pub date: Option<String>,
    /// The related item's page; null when an imported page names an item the store lacks
    /// (shown, never linked).
    pub path: Option<String>,
    pub context: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FatalitiesView {
    pub low: Option<u64>,
    pub best: Option<u64>,
    pub high: Option<u64>,
}

/// One item (a merged event).
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub slug: String,
    pub path: String,
    pub date: Option<String>,
    pub summary: String,
    /// A short title when the summary is long (its first clause), else the summary.
    pub title: String,
    /// The current-events category ("Armed conflicts and attacks"), for Portal items.
    pub category: Option<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub place: Option<PlaceView>,
    /// Other places the reports of this event name (one per distinct place).
    pub other_places: Vec<PlaceView>,
    pub actors: Vec<String>,
    /// Each actor's ACLED category ("State forces", "Rebel group"), beside `actors`.
    #[serde(skip)]
    pub actor_categories: Vec<String>,
    pub fatalities: Option<FatalitiesView>,
    pub disputed: bool,
    pub context: Vec<String>,
    pub lead: String,
    pub sources: Vec<SourceView>,
    pub figures: Vec<FigureView>,
    /// Every claim with its sentence (item pages; day pages link to them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<ClaimView>>,
    /// Related earlier items (item pages; day pages link to them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<RelatedView>>,
}

impl FigureView {
    /// The claimant as shown in figure tables, marked when a party to the fighting.
    pub fn who(&self) -> String {
        let who = match &self.claimant {
            Some(c) => c.clone(),
            // The outlet's own voice.
            None => format!("reported by {}", self.outlets.join(", ")),
        };
        if self.party {
            format!("{who} (party to the fighting)")
        } else {
            who
        }
    }

    /// What the figure counts, with the victims when they are one group: "deaths (civilians)".
    pub fn counted_text(&self) -> String {
        match self.victims {
            dateline_model::Victims::All => self.counted.clone(),
            dateline_model::Victims::Civilians => format!("{} (civilians)", self.counted),
            dateline_model::Victims::Combatants => format!("{} (combatants)", self.counted),
        }
    }
}

impl ClaimView {
    /// Who says so: the claimant as written, with the source it names when the words differ
    /// ("the monitor (Syrian Observatory for Human Rights, director)"); "reported by OUTLET"
    /// when the outlet speaks in its own voice.
    pub fn who(&self) -> String {
        let Some(c) = &self.claimant else {
            return match &self.outlet {
                Some(o) => format!("reported by {o}"),
                None => "reported by the outlet".to_string(),
            };
        };
        match &self.source {
            Some(src) => {
                // The words as written already say the name ("Russia's General Staff" for the
                // Russian General Staff): every word of the name begins a written word.
                let stem = |w: &str| w.to_lowercase().chars().take(5).collect::<String>();
                let written: Vec<String> = c.split_whitespace().map(stem).collect();
                let same = src
                    .name
                    .split_whitespace()
                    .filter(|w| w.len() > 3)
                    .all(|w| written.contains(&stem(w)));
                match (&src.role, same) {
                    (Some(r), _) => format!("{c} ({}, {r})", src.name),
                    (None, true) => c.clone(),
                    (None, false) => format!("{c} ({})", src.name),
                }
            }
            None => c.clone(),
        }
    }

    /// What the claim says happened: "at least 5 civilians killed".
    /// A denial or claim of responsibility says so first: "denies: 20 civilians killed".
    pub fn what(&self) -> String {
        let what = [
            self.quantity.as_deref(),
            self.counted.as_deref(),
            self.action.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        match &self.stance {
            Some(s) => format!("{s}: {what}"),
            None => what,
        }
    }

    /// " via RT, Sputnik" when others relayed the claimant's words, else "".
    pub fn via_text(&self) -> String {
        if self.via.is_empty() {
            String::new()
        } else {
            format!(" via {}", self.via.join(", "))
        }
    }
}

impl ItemView {
    /// The claims, when this view has them (item pages).
    pub fn claims(&self) -> &[ClaimView] {
        self.claims.as_deref().unwrap_or_default()
    }

    /// The related items, when this view has them (item pages).
    pub fn related(&self) -> &[RelatedView] {
        self.related.as_deref().unwrap_or_default()
    }
}

/// One day's items.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub date: Option<String>,
    pub path: String,
    pub items: Vec<ItemView>,
    /// The day with items before this one, and after it (none for undated items).
    pub previous: Option<DayNav>,
    pub next: Option<DayNav>,
}

/// A link to another day.
#[derive(Debug, Clone, Serialize)]
pub struct DayNav {
    pub date: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayLink {
    pub date: String,
    pub path: String,
    pub items: i64,
}

/// The front page: the latest days in full, and links to every day.
#[derive(Debug, Clone, Serialize)]
pub struct FrontView {
    pub days: Vec<DayView>,
    pub archive: Vec<DayLink>,
    pub undated: usize,
}

/// A page of the site, known by its site path without extension ("/news/2017/08/13/index"):
/// the links on it are made relative to that path.
pub trait SitePage {
    fn site_path(&self) -> &str;
}

impl SitePage for FrontView {
    fn site_path(&self) -> &str {
        "/index"
    }
}

macro_rules! site_page_by_path {
    ($($t:ty),*) => {$(
        impl SitePage for $t {
            fn site_path(&self) -> &str {
                &self.path
            }
        }
    )*};
}
site_page_by_path!(DayView, ItemView, OpinionView, OpinionIndexView);

/// The Context's path of a day: month with a leading zero, day without.
pub fn day_path(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!("/news/{}/{:02}/{}/index", d.year(), d.month(), d.day()),
        None => "/news/undated/index".to_string(),
    }
}

/// The path of an item page, without extension.
pub fn item_path(date: Option<NaiveDate>, slug: &str) -> String {
    match date {
        Some(d) => format!("/news/{}/{:02}/{}/{slug}", d.year(), d.month(), d.day()),
        None => format!("/news/undated/{slug}"),
    }
}

fn date_string(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn figure_view(f: &Figure, outlets: Vec<String>) -> FigureView {
    FigureView {
        claimant: f.claimant.clone(),
        counted: f.counted.clone(),
        low: f.low,
        best: f.best,
        high: f.high,
        victims: f.victims,
        outlets,
        party: f.party,
    }
}

/// Builds the full view of a cluster: with its claims and related items.
pub fn item(store: &Store, c: &Cluster) -> Result<ItemView, StoreError> {
    let mut v = item_brief(c);
    v.claims = Some(
        store
            .claims_of(c)?
            .into_iter()
            .map(|r| claim_view(r, &v.sources))
            .collect(),
    );
    v.related = Some(related(store, c)?);
    Ok(v)
}

/// A stored claim as shown, its outlet named as its document's source is.
fn claim_view(r: dateline_store::ClaimRow, sources: &[SourceView]) -> ClaimView {
    ClaimView {
        id: r.claim.id.clone(),
        claimant: r.claim.claimant.clone(),
        source: r.claim.source.clone(),
        via: r.claim.via.clone(),
        quantity: r.claim.quantity.as_ref().map(|q| q.text.clone()),
        low: r.claim.quantity.as_ref().and_then(|q| q.low),
        best: r.claim.quantity.as_ref().and_then(|q| q.best),
        high: r.claim.quantity.as_ref().and_then(|q| q.high),
        counted: r.claim.counted.clone(),
        action: r.claim.action.clone(),
        stance: r.claim.stance.map(|s| s.words().to_string()),
        sentence: r.sentence,
        outlet: r.outlet.or_else(|| {
            // A document without an outlet is named as its source is: by its address's
            // domain or its title, never by its id.
            sources
                .iter()
                .find(|s| s.document.as_deref() == Some(r.doc_id.as_str()))
                .map(|s| s.outlet.clone())
        }),
        document: r.doc_id,
        span: [r.claim.span.start, r.claim.span.end],
    }
}

/// The view of a cluster as day pages and the front page list it: everything but its claims
/// and related items, which its own page has. Needs no further reads of the store.
pub fn item_brief(c: &Cluster) -> ItemView {
    let e = &c.event;
    let outlet_of = |doc: &str| -> String {
        let s = c.sources.iter().find(|s| s.doc_id == doc);
        source_name(
            s.and_then(|s| s.outlet.as_deref()),
            s.and_then(|s| s.url.as_deref()),
            s.and_then(|s| s.title.as_deref()),
        )
    };
    // Figures of every report, side by side: one row per claimant and counted thing, with the
    // outlets that carry it.
    let mut figures: Vec<FigureView> = Vec::new();
    for ev in &c.events {
        let doc = ev.id.split('#').next().unwrap_or("");
        for f in &ev.figures {
            let outlet = outlet_of(doc);
            match figures.iter_mut().find(|g| {
                g.claimant == f.claimant
                    && g.counted == f.counted
                    && g.victims == f.victims
                    && g.best == f.best
                    && g.low == f.low
            }) {
                Some(g) => {
                    if !g.outlets.contains(&outlet) {
                        g.outlets.push(outlet);
                    }
                }
                None => figures.push(figure_view(f, vec![outlet])),
            }
        }
    }
    // Every report's death figures weighed together: the same claimant's repeated figure
    // counts once, rival ones are disputed.
    let deaths: Vec<dateline_model::DeathFigure> = c
        .events
        .iter()
        .flat_map(|ev| &ev.figures)
        .filter_map(Figure::death)
        .collect();
    let disputed = e.disputed || dateline_model::deaths_of(&deaths).1;
    let fatalities = c
        .events
        .iter()
        .filter_map(|ev| ev.fatalities.as_ref())
        .fold(None::<FatalitiesView>, |acc, f| {
            Some(match acc {
                None => FatalitiesView {
                    low: f.low,
                    best: f.best,
                    high: f.high,
                },
                Some(a) => FatalitiesView {
                    low: min_opt(a.low, f.low),
                    best: min_opt(a.best, f.best),
                    high: a.high.max(f.high),
                },
            })
        });
    ItemView {
        id: c.id,
        slug: c.slug.clone(),
        path: item_path(c.date, &c.slug),
        date: date_string(c.date),
        summary: c.summary.clone(),
        title: dateline_events::headline::short_title(&c.summary)
            .unwrap_or_else(|| c.summary.clone()),
        category: c
            .category
            .clone()
            .or_else(|| Category::of_event_type(&e.event_type).map(|k| k.label().to_string())),
        event_type: e.event_type.clone(),
        sub_event_type: e.sub_event_type.clone(),
        place: e.place.as_ref().map(place_view),
        other_places: {
            let mut seen: Vec<&str> = e.place.iter().map(|p| p.name.as_str()).collect();
            let mut out = Vec::new();
            for p in c.events.iter().filter_map(|ev| ev.place.as_ref()) {
                if !seen.contains(&p.name.as_str()) {
                    seen.push(&p.name);
                    out.push(place_view(p));
                }
            }
            out
        },
        actors: e.actors.iter().map(|a| a.name.clone()).collect(),
        actor_categories: e.actors.iter().map(|a| a.category.clone()).collect(),
        fatalities,
        disputed,
        context: c.context.clone(),
        lead: c
            .sources
            .iter()
            .map(|s| lead_of(&s.lead, &c.summary))
            .find(|l| !l.is_empty())
            .unwrap_or_default(),
        sources: sources(c),
        figures,
        claims: None,
        related: None,
    }
}

fn source_view(s: &dateline_store::Source, c: &Cluster, outlet: Option<&str>) -> SourceView {
    SourceView {
        outlet: source_name(
            s.outlet.as_deref().or(outlet),
            s.url.as_deref(),
            s.title.as_deref(),
        ),
        lead: lead_of(&s.lead, &c.summary),
        ..doc_source(s)
    }
}

/// The sources of an item: the links of the current-events item that tells it (with the
/// stored article's metadata where dateline has the article), then the other stored
/// articles. Items themselves are not sources.
fn sources(c: &Cluster) -> Vec<SourceView> {
    let mut out: Vec<SourceView> = Vec::new();
    let mut shown: Vec<&str> = Vec::new();
    for l in &c.links {
        let key = url_key(&l.url);
        match c
            .sources
            .iter()
            .find(|s| !s.item && s.url.as_deref().map(url_key).as_deref() == Some(&key))
        {
            Some(s) => {
                shown.push(&s.doc_id);
                out.push(source_view(s, c, l.outlet.as_deref()));
            }
            None => out.push(SourceView {
                outlet: l.outlet.clone().unwrap_or_else(|| host_of(&l.url)),
                original_outlet: None,
                title: None,
                url: Some(l.url.clone()),
                published: None,
                document: None,
                copy_of: None,
                lead: String::new(),
                description: None,
                image: None,
            }),
        }
    }
    // An item page's cover image belongs to its first source (the Context's "Cover Image").
    if let Some(first) = out.first_mut().filter(|f| f.image.is_none()) {
        first.image = c
            .sources
            .iter()
            .find(|s| s.item)
            .and_then(|s| s.image.clone());
    }
    for s in &c.sources {
        if !shown.contains(&s.doc_id.as_str()) && (!s.item || c.links.is_empty()) {
            out.push(source_view(s, c, None));
        }
    }
    out
}

fn host_of(url: &str) -> String {
    url_key(url).split('/').next().unwrap_or("").to_string()
}

/// Related items: those the item's own page listed (the Context's curated list), then earlier
/// stored items sharing context, up to [`RELATED`].
fn related(store: &Store, c: &Cluster) -> Result<Vec<RelatedView>, StoreError> {
    let mut out: Vec<RelatedView> = Vec::new();
    // First the story's other events: a story is one item on the day pages, and the events
    // its reports also tell (an attack they recall) are reached from it.
    for k in store.story_others(c.id, RELATED)? {
        out.push(RelatedView {
            summary: k.summary,
            date: date_string(k.date),
            path: Some(item_path(k.date, &k.slug)),
            context: k.context,
        });
    }
    if let Some(main) = c.sources.iter().find(|s| s.item) {
        if let Some(a) = store.analysis(&main.doc_id)? {
            for r in a.document.related {
                let slug = r
                    .url
                    .as_deref()
                    .and_then(|u| u.rsplit('/').next())
                    .map(|s| s.trim_end_matches(".md").trim_end_matches(".html"))
                    .unwrap_or("")
                    .to_string();
                // Linked only to a page this store serves.
                let stored = match store.cluster_by_slug(&slug)? {
                    Some(found) => Some(found),
                    None => store.slug_moved_to(&slug)?,
                };
                out.push(RelatedView {
                    summary: r.summary,
                    date: date_string(r.date),
                    path: stored.map(|k| item_path(k.date, &k.slug)),
                    context: r.context,
                });
            }
        }
    }
    for r in store.related(c, RELATED)? {
        let path = item_path(r.date, &r.slug);
        if out.len() >= RELATED {
            break;
        }
        if !out.iter().any(|o| o.path.as_ref() == Some(&path)) {
            out.push(RelatedView {
                summary: r.summary,
                date: date_string(r.date),
                path: Some(path),
                context: r.context,
            });
        }
    }
    Ok(out)
}

fn place_view(p: &dateline_model::Place) -> PlaceView {
    PlaceView {
        name: p.name.clone(),
        mention: p.mention.clone(),
        lat: p.lat,
        lon: p.lon,
        admin1: p.admin1.clone(),
        admin2: p.admin2.clone(),
        country: p.country.clone(),
        country_code: p.country_code.clone(),
        precision: match p.precision {
            Precision::Point => "point",
            Precision::District => "district",
            Precision::Region => "region",
            Precision::Country => "country",
            Precision::Continent => "continent",
        }
        .to_string(),
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// The first sentence or so of a text, at most about 300 characters, on a word boundary.
/// The summary itself is skipped (a current-events item's text starts with it).
fn lead_of(text: &str, summary: &str) -> String {
    let first_para = text
        .split("\n\n")
        .find(|p| p.split_whitespace().nth(12).is_some() && p.trim() != summary.trim())
        .unwrap_or(text);
    if first_para.len() <= 300 {
        return first_para.trim().to_string();
    }
    let mut cut = 300;
    while !first_para.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &first_para[..cut];
    let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
    format!("{head}…")
}

/// The items of one day (None: undated items).
pub fn day(store: &Store, date: Option<NaiveDate>) -> Result<DayView, StoreError> {
    day_in(store, date, &DayIndex::of(store)?)
}

/// What every day page needs to know of the whole store, read once for many pages: the days
/// with items, the cluster that stands for each story with events, and the stories no event
/// was coded from. Every story is one item: the day pages, the front page and the feeds list
/// stories, not each event a story's reports code.
pub struct DayIndex {
    /// Days with items, newest first, with how many: days of stories' head clusters and days
    /// of stories no event was coded from.
    pub days: Vec<(NaiveDate, i64)>,
    /// The clusters that stand for their stories ([`Store::story_heads`]).
    heads: std::collections::HashSet<i64>,
    /// How many stories with events have no date.
    undated_heads: usize,
    eventless: Vec<(i64, Option<NaiveDate>)>,
}

impl DayIndex {
    pub fn of(store: &Store) -> Result<DayIndex, StoreError> {
        let eventless = store.eventless_stories()?;
        let heads = store.story_heads()?;
        let mut count: std::collections::BTreeMap<NaiveDate, i64> = Default::default();
        for d in heads.iter().chain(&eventless).filter_map(|(_, d)| *d) {
            *count.entry(d).or_default() += 1;
        }
        Ok(DayIndex {
            days: count.into_iter().rev().collect(),
            undated_heads: heads.iter().filter(|(_, d)| d.is_none()).count(),
            heads: heads.into_iter().map(|(c, _)| c).collect(),
            eventless,
        })
    }

    /// True when a cluster stands for its story on the day pages.
    pub fn heads_story(&self, cluster: i64) -> bool {
        self.heads.contains(&cluster)
    }

    /// The stories no event was coded from, with their dates.
    pub fn eventless(&self) -> &[(i64, Option<NaiveDate>)] {
        &self.eventless
    }
}

/// [`day`] with the store-wide facts read already.
pub fn day_in(
    store: &Store,
    date: Option<NaiveDate>,
    index: &DayIndex,
) -> Result<DayView, StoreError> {
    let mut items: Vec<ItemView> = store
        .clusters_on(date)?
        .iter()
        .filter(|c| index.heads_story(c.id))
        .map(item_brief)
        .collect();
    // Then the stories of the day no event was coded from: every story is an item.
    for &(id, _) in index.eventless.iter().filter(|(_, d)| *d == date) {
        if let Some(s) = store.story(id)? {
            items.push(story_brief(&s, date));
        }
    }
    let (previous, next) = match date {
        Some(d) => {
            let all = &index.days;
            let at = all.iter().position(|(x, _)| *x == d);
            // Newest first: the day before is the next in the list.
            (
                at.and_then(|i| all.get(i + 1)).map(|(x, _)| *x),
                at.and_then(|i| i.checked_sub(1).and_then(|j| all.get(j)))
                    .map(|(x, _)| *x),
            )
        }
        None => (None, None),
    };
    let nav = |d: Option<NaiveDate>| {
        d.map(|d| DayNav {
            date: d.format("%Y-%m-%d").to_string(),
            path: day_path(Some(d)),
        })
    };
    Ok(DayView {
        date: date_string(date),
        path: day_path(date),
        items,
        previous: nav(previous),
        next: nav(next),
    })
}

/// The front page.
pub fn front(store: &Store) -> Result<FrontView, StoreError> {
    let index = DayIndex::of(store)?;
    let days = &index.days;
    let mut shown = Vec::new();
    for (d, _) in days.iter().take(FRONT_DAYS) {
        shown.push(day_in(store, Some(*d), &index)?);
    }
    Ok(FrontView {
        days: shown,
        archive: days
            .iter()
            .map(|(d, n)| DayLink {
                date: d.format("%Y-%m-%d").to_string(),
                path: day_path(Some(*d)),
                items: *n,
            })
            .collect(),
        undated: index.undated_heads + index.eventless.iter().filter(|(_, d)| d.is_none()).count(),
    })
}

/// The slug of a story's own item: its summary's, ending in `-s<story id>` (which finds the
/// story again, whatever the summary becomes).
pub fn story_slug(summary: &str, id: i64) -> String {
    let base = dateline_events::slug(summary);
    let base = base.trim_end_matches('-');
    if base.is_empty() {
        format!("s{id}")
    } else {
        format!("{base}-s{id}")
    }
}

/// The story id a slug of [`story_slug`] names.
pub fn story_of_slug(slug: &str) -> Option<i64> {
    let tail = slug.rsplit('-').next()?;
    tail.strip_prefix('s')?.parse().ok()
}

/// A story's date: the earliest publication date of its documents.
pub fn story_date(s: &Story) -> Option<NaiveDate> {
    s.sources.iter().filter_map(|src| src.published).min()
}

/// A document of a story as a source.
fn doc_source(src: &dateline_store::Source) -> SourceView {
    SourceView {
        outlet: source_name(
            src.outlet.as_deref(),
            src.url.as_deref(),
            src.title.as_deref(),
        ),
        original_outlet: src.original_outlet.clone(),
        title: src.title.clone(),
        url: src.url.clone(),
        published: date_string(src.published),
        document: Some(src.doc_id.clone()),
        copy_of: src.duplicate_of.clone(),
        lead: src.lead.clone(),
        description: src.description.clone(),
        image: src.image.clone(),
    }
}

/// The summary of a story no event was coded from: its first document's title, else the
/// first sentence of its opening that stands as a headline.
fn eventless_summary(s: &Story) -> String {
    let first = s.sources.first();
    first
        .and_then(|f| f.title.clone())
        .filter(|t| says_something(t))
        .unwrap_or_else(|| first.map(|f| opening_summary(&f.lead)).unwrap_or_default())
}

/// True when a title has at least three words that are neither numbers nor names of months
/// and days: "September 18th, 2013, 05:31 GMT" is a dateline, not a title.
fn says_something(title: &str) -> bool {
    title
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .filter(|w| {
            w.chars().count() > 1
                && dateline_model::dates::month(w).is_none()
                && dateline_model::dates::weekday(w).is_none()
                && !matches!(
                    w.as_str(),
                    "gmt" | "utc" | "am" | "pm" | "st" | "nd" | "rd" | "th"
                )
        })
        .count()
        >= 3
}

/// The item of a story no event was coded from, as a day page lists it: told by its first
/// document, filed under the section its words point to, every document a source.
pub fn story_brief(s: &Story, date: Option<NaiveDate>) -> ItemView {
    let summary = eventless_summary(s);
    let slug = story_slug(&summary, s.id);
    let category = category::categorize_story(
        s.sources
            .iter()
            .map(|src| (src.title.as_deref(), src.lead.as_str())),
        &[],
    )
    .map(|c| c.category.label().to_string());
    ItemView {
        id: s.id,
        path: item_path(date, &slug),
        slug,
        date: date_string(date),
        title: dateline_events::headline::short_title(&summary).unwrap_or_else(|| summary.clone()),
        category,
        event_type: String::new(),
        sub_event_type: String::new(),
        place: None,
        other_places: Vec::new(),
        actors: Vec::new(),
        actor_categories: Vec::new(),
        fatalities: None,
        disputed: false,
        context: Vec::new(),
        lead: s
            .sources
            .iter()
            .map(|src| lead_of(&src.lead, &summary))
            .find(|l| !l.is_empty())
            .unwrap_or_default(),
        sources: s.sources.iter().map(doc_source).collect(),
        figures: Vec::new(),
        claims: None,
        related: None,
        summary,
    }
}

/// The full item of a story no event was coded from: with every claim of its documents.
pub fn story_item(
    store: &Store,
    s: &Story,
    date: Option<NaiveDate>,
) -> Result<ItemView, StoreError> {
    let mut v = story_brief(s, date);
    let docs: Vec<String> = s.sources.iter().map(|src| src.doc_id.clone()).collect();
    let claims = store.claims_of_documents(&docs)?;
    v.claims = Some(
        claims
            .into_iter()
            .map(|r| claim_view(r, &v.sources))
            .collect(),
    );
    Ok(v)
}

/// Every item, dated ones by date, then undated ones.
/// One story, as the JSON Lines export lists it: the view of its main event (the first coded
/// from its documents) with every document of the story among the sources and the story's
/// other events beside it; a story no event was coded from is told by its first document
/// (its title, date and sources; no event type).
pub fn story(store: &Store, s: &Story) -> Result<StoryView, StoreError> {
    let mut events = Vec::new();
    for id in &s.clusters {
        if let Some(c) = store.cluster(*id)? {
            events.push(c);
        }
    }
    let main = match events.first() {
        Some(c) => Some(item(store, c)?),
        None => None,
    };
    // The main event's sources first (an item's links among them), then every other document
    // of the story.
    let mut sources: Vec<SourceView> = main.as_ref().map(|m| m.sources.clone()).unwrap_or_default();
    let listed: Vec<String> = sources.iter().filter_map(|x| x.document.clone()).collect();
    let rest: Vec<SourceView> = s
        .sources
        .iter()
        .filter(|src| !listed.contains(&src.doc_id))
        .map(doc_source)
        .collect();
    sources.extend(rest);
    let summary = main
        .as_ref()
        .map(|m| m.summary.clone())
        .unwrap_or_else(|| eventless_summary(s));
    let date = main
        .as_ref()
        .and_then(|m| m.date.clone())
        .or_else(|| date_string(s.sources.iter().filter_map(|x| x.published).min()));
    // A Portal item's own section, else the one the story's words and events point to.
    let types: Vec<&str> = events.iter().map(|c| c.event.event_type.as_str()).collect();
    let category = events.iter().find_map(|c| c.category.clone()).or_else(|| {
        category::categorize_story(
            s.sources
                .iter()
                .map(|src| (src.title.as_deref(), src.lead.as_str())),
            &types,
        )
        .map(|c| c.category.label().to_string())
    });
    Ok(StoryView {
        story: s.id,
        summary,
        category,
        date,
        sources,
        other_events: events.iter().skip(1).map(item_brief).collect(),
        main,
    })
}

/// A story's summary when it has neither a coded event nor a headline: the first of the
/// opening's first three sentences that stands alone as a headline
/// ([`dateline_events::headline`]), with its source; else the first sentence as written.
pub(crate) fn opening_summary(lead: &str) -> String {
    let mut rest = lead.trim().lines().next().unwrap_or("").trim();
    for _ in 0..3 {
        let sentence = first_sentence(rest);
        if let Some(h) = dateline_events::headline::headline(&sentence) {
            return match h.source {
                Some(who) => format!("{}, according to {who}.", h.text),
                None => format!("{}.", h.text),
            };
        }
        rest = rest[sentence.len()..].trim_start();
        if rest.is_empty() {
            break;
        }
    }
    first_sentence(lead)
}

/// The first sentence of a document's opening, on one line. A sentence ends at ".", "!" or
/// "?" before a space and a capital, unless the word it ends is an abbreviation or initial
/// ("U.S.", "Mr.", "J.").
pub(crate) fn first_sentence(lead: &str) -> String {
    let para = lead.trim().lines().next().unwrap_or("").trim();
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for w in chars.windows(3) {
        let [(i, a), (_, b), (_, c)] = [w[0], w[1], w[2]];
        if !(matches!(a, '.' | '!' | '?') && b == ' ' && c.is_uppercase()) {
            continue;
        }
        let word = &para[para[..i].rfind(' ').map_or(0, |k| k + 1)..i];
        let abbreviation = a == '.'
            && (word.contains('.')
                || (word.chars().count() <= 3 && word.starts_with(char::is_uppercase)));
        if !abbreviation {
            return para[..i + a.len_utf8()].to_string();
        }
    }
    para.to_string()
}

/// A story as the JSON Lines export writes it (see [`story`]): the main event's fields at the
/// top level, `sources` for every document of the story.
#[derive(Debug, Clone)]
pub struct StoryView {
    pub story: i64,
    pub summary: String,
    /// The Portal's section: the main event's, else the one the documents' words point to.
    pub category: Option<String>,
    pub date: Option<String>,
    pub sources: Vec<SourceView>,
    pub main: Option<ItemView>,
    pub other_events: Vec<ItemView>,
}

impl Serialize for StoryView {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        let mut v = match &self.main {
            Some(m) => serde_json::to_value(m).map_err(S::Error::custom)?,
            None => serde_json::json!({}),
        };
        if let Some(o) = v.as_object_mut() {
            o.insert("story".into(), self.story.into());
            o.insert("summary".into(), self.summary.clone().into());
            o.insert(
                "category".into(),
                serde_json::to_value(&self.category).map_err(S::Error::custom)?,
            );
            o.insert(
                "date".into(),
                serde_json::to_value(&self.date).map_err(S::Error::custom)?,
            );
            o.insert(
                "sources".into(),
                serde_json::to_value(&self.sources).map_err(S::Error::custom)?,
            );
            o.insert(
                "other_events".into(),
                serde_json::to_value(&self.other_events).map_err(S::Error::custom)?,
            );
            if self.main.is_none() {
                o.insert("id".into(), format!("story-{}", self.story).into());
            }
        }
        v.serialize(ser)
    }
}

/// A URL's host without "www.": the outlet of a source that names none.
/// How a source is named to readers: its outlet, else the domain of its address, else its
/// title — never the document's id, which means nothing to them.
fn source_name(outlet: Option<&str>, url: Option<&str>, title: Option<&str>) -> String {
    outlet
        .map(str::to_string)
        .or_else(|| url.and_then(domain))
        .or_else(|| title.map(str::to_string))
        .unwrap_or_else(|| "an unnamed source".to_string())
}

fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Every story, in the order of its first document.
pub fn all_stories(store: &Store) -> Result<Vec<StoryView>, StoreError> {
    store.stories()?.iter().map(|s| story(store, s)).collect()
}

pub fn all_items(store: &Store) -> Result<Vec<ItemView>, StoreError> {
    let mut out = Vec::new();
    for id in store.all_cluster_ids()? {
        if let Some(c) = store.cluster(id)? {
            out.push(item(store, &c)?);
        }
    }
    Ok(out)
}

/// One editorial.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionView {
    pub title: String,
    pub author: String,
    pub date: String,
    pub path: String,
    /// The body in Markdown.
    pub body: String,
}

/// The opinion section: every editorial, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct OpinionIndexView {
    pub path: String,
    pub items: Vec<OpinionView>,
}

/// The path of an editorial's page, without extension.
pub fn opinion_path(date: NaiveDate, slug: &str) -> String {
    format!(
        "/opinion/{}/{:02}/{}/{slug}/index",
        date.year(),
        date.month(),
        date.day()
    )
}

fn opinion_view(o: dateline_model::Opinion) -> OpinionView {
    OpinionView {
        path: opinion_path(o.date, &o.slug),
        title: o.title,
        author: o.author,
        date: o.date.format("%Y-%m-%d").to_string(),
        body: o.body,
    }
}

/// The opinion section's index.
pub fn opinion_index(store: &Store) -> Result<OpinionIndexView, StoreError> {
    Ok(OpinionIndexView {
        path: "/opinion/index".into(),
        items: store.opinions()?.into_iter().map(opinion_view).collect(),
    })
}

/// One editorial.
pub fn opinion(
    store: &Store,
    date: NaiveDate,
    slug: &str,
) -> Result<Option<OpinionView>, StoreError> {
    Ok(store.opinion(date, slug)?.map(opinion_view))
}
