//! The query index: every item's filterable fields held in memory, compactly, so that a
//! query over a million stories is a scan of small rows rather than a read of every item.
//!
//! Each text field's values are interned per field ([`Vocab`]): a filter on a field is first
//! decided once for each distinct value (a few thousand places, a few hundred outlets), then
//! each row is tested by looking its value's number up. Rows are kept in listing order (newest
//! first, undated last, then the order items came), so a query's rows come out sorted.
//!
//! The index is built from the store in one pass ([`Index::build`]) and stands for one store
//! generation; the server builds a new one when the store changes.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use dateline_store::{Store, StoreError};
use rayon::prelude::*;

use super::{distance_km, FacetCount, Query, EARTH_KM};
use crate::views::{self, ItemView};

/// Items described at once while the index is built.
const BATCH: usize = 4096;

/// No value (an item without a place has no country, admin1 or place name).
const NONE: u32 = u32::MAX;

/// The distinct values of one field, numbered in the order first seen.
#[derive(Debug, Default, Clone)]
struct Vocab {
    values: Vec<String>,
    /// Each value in lower case, for matching words of it.
    lower: Vec<String>,
    ids: std::collections::HashMap<String, u32>,
    /// Each value's rows, ascending (so in listing order).
    rows: Vec<Vec<u32>>,
}

impl Vocab {
    fn id(&mut self, v: &str) -> u32 {
        if let Some(&id) = self.ids.get(v) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(v.to_string());
        self.lower.push(v.to_lowercase());
        self.ids.insert(v.to_string(), id);
        id
    }

    fn opt(&mut self, v: Option<&str>) -> u32 {
        v.map_or(NONE, |v| self.id(v))
    }

    /// Which values are the same as `v`, any case.
    fn same(&self, v: &str) -> Vec<bool> {
        self.values
            .iter()
            .map(|x| x.eq_ignore_ascii_case(v))
            .collect()
    }

    /// Which values hold `v`, any case.
    fn holding(&self, v: &str) -> Vec<bool> {
        let v = v.to_lowercase();
        self.lower.iter().map(|x| x.contains(&v)).collect()
    }

    fn value(&self, id: u32) -> &str {
        self.values.get(id as usize).map_or("", String::as_str)
    }

    /// Notes that `row` has value `id` (rows come in ascending order; a row noted twice for
    /// one value is kept once).
    fn note(&mut self, id: u32, row: u32) {
        if id == NONE {
            return;
        }
        if self.rows.len() < self.values.len() {
            self.rows.resize_with(self.values.len(), Vec::new);
        }
        if let Some(list) = self.rows.get_mut(id as usize) {
            if list.last() != Some(&row) {
                list.push(row);
            }
        }
    }

    /// The rows of the wanted values, with how many there are (a row may count twice).
    fn rows_of<'a>(&'a self, wanted: &[bool]) -> (usize, Vec<&'a [u32]>) {
        let lists: Vec<&[u32]> = wanted
            .iter()
            .zip(&self.rows)
            .filter(|(w, _)| **w)
            .map(|(_, l)| l.as_slice())
            .collect();
        (lists.iter().map(|l| l.len()).sum(), lists)
    }
}

/// Whether value `id` is among the `wanted` (never for no value).
fn among(wanted: &[bool], id: u32) -> bool {
    wanted.get(id as usize).copied().unwrap_or(false)
}

/// A span of [`Index::pool`]: the values of a field with many per item.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    len: u32,
}

/// What a row stands for: an item of coded events (a cluster) or a story no event was coded
/// from (a quake, a trial), listed as an item of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Item(i64),
    Story(i64),
}

/// One item's filterable fields.
#[derive(Debug, Clone)]
struct Row {
    key: Key,
    /// The story the row's events belong to (a story without events is its own); None when
    /// the store names none.
    story: Option<i64>,
    /// Days since the common era; None when undated.
    date: Option<i32>,
    has_place: bool,
    lat: f64,
    lon: f64,
    country_code: u32,
    country: u32,
    admin1: u32,
    place: u32,
    mention: u32,
    event_type: u32,
    sub_event_type: u32,
    category: u32,
    fatalities: Option<u64>,
    disputed: bool,
    actors: Span,
    claimants: Span,
    outlets: Span,
}

/// The fields most filters and facets read, kept apart from the rest of a row: a scan of a
/// million rows reads 36 bytes of each rather than all of it.
#[derive(Debug, Clone, Copy)]
struct Hot {
    /// Days since the common era; i32::MIN when undated.
    date: i32,
    country_code: u32,
    country: u32,
    admin1: u32,
    event_type: u32,
    sub_event_type: u32,
    category: u32,
    /// NONE when unknown.
    fatalities: u32,
    disputed: bool,
}

impl Hot {
    fn of(r: &Row) -> Hot {
        Hot {
            date: r.date.unwrap_or(i32::MIN),
            country_code: r.country_code,
            country: r.country,
            admin1: r.admin1,
            event_type: r.event_type,
            sub_event_type: r.sub_event_type,
            category: r.category,
            fatalities: r
                .fatalities
                .map_or(NONE, |f| u32::try_from(f).unwrap_or(NONE - 1)),
            disputed: r.disputed,
        }
    }
}

/// The fields' vocabularies.
#[derive(Debug, Default, Clone)]
struct Vocabs {
    country_code: Vocab,
    country: Vocab,
    admin1: Vocab,
    place: Vocab,
    event_type: Vocab,
    category: Vocab,
    actor: Vocab,
    claimant: Vocab,
    outlet: Vocab,
}

/// Every item's filterable fields, in listing order, for one store generation.
#[derive(Debug, Default, Clone)]
pub struct Index {
    generation: i64,
    rows: Vec<Row>,
    /// Values of the many-valued fields (actors, claimants, outlets), each row's in a span.
    pool: Vec<u32>,
    vocab: Vocabs,
    /// Each row's [`Hot`] fields, in row order.
    hot: Vec<Hot>,
    /// Each item id's row (NONE for ids no item has).
    row_of: Vec<u32>,
    /// The text of each story no event was coded from (its summary, then its sources' titles
    /// and leads): the store's full-text index holds only items of events.
    story_text: std::collections::HashMap<i64, [String; 3]>,
    /// The row of each story without events.
    story_rows: std::collections::HashMap<i64, u32>,
    /// The words of those stories' texts, made from `story_text` in [`Index::order`].
    story_words: super::words::StoryWords,
    /// One more than the highest story id of any row.
    story_top: usize,
}

/// What a query selects: rows in the order they are listed, and the words to mark.
pub struct Selection<'a> {
    index: &'a Index,
    rows: Vec<u32>,
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl Index {
    /// Reads every item of the store (one pass, one item in memory at a time besides the
    /// rows) into an index for the store's current generation.
    pub fn build(store: &Store) -> Result<Index, StoreError> {
        // One snapshot: the items read are those of the generation recorded.
        store.snapshot(Index::build_in)?
    }

    fn build_in(store: &Store) -> Result<Index, StoreError> {
        let generation = store.generation()?;
        let mut index = Index {
            generation,
            ..Index::default()
        };
        // Items are described in parallel, a batch at a time, while the store reads on.
        let mut batch = Vec::with_capacity(BATCH);
        let story_of = store.cluster_stories()?;
        let describe = |batch: &mut Vec<dateline_store::Cluster>, index: &mut Index| {
            let views: Vec<ItemView> = batch.par_iter().map(views::item_brief).collect();
            batch.clear();
            for v in &views {
                index.push(v, Key::Item(v.id), story_of.get(&v.id).copied());
            }
        };
        store.each_cluster(|c| {
            batch.push(c);
            if batch.len() == BATCH {
                describe(&mut batch, &mut index);
            }
            Ok(())
        })?;
        describe(&mut batch, &mut index);
        index.add_stories(store)?;
        index.order();
        Ok(index)
    }

    /// Adds a row for every story no event was coded from.
    fn add_stories(&mut self, store: &Store) -> Result<(), StoreError> {
        for (id, date) in store.eventless_stories()? {
            if let Some(story) = store.story(id)? {
                self.add_story(&story, date);
            }
        }
        Ok(())
    }

    /// Adds a row for one story without events, listed on `date`.
    fn add_story(&mut self, story: &dateline_store::Story, date: Option<NaiveDate>) {
        let v = views::story_brief(story, date);
        let titles: Vec<&str> = story
            .sources
            .iter()
            .filter_map(|s| s.title.as_deref())
            .collect();
        let leads: Vec<&str> = story.sources.iter().map(|s| s.lead.as_str()).collect();
        self.story_text.insert(
            story.id,
            [v.summary.clone(), titles.join("\n"), leads.join("\n")],
        );
        self.push(&v, Key::Story(story.id), Some(story.id));
    }

    /// This index brought up to the store's generation: the items changed since are read
    /// again, those removed dropped, the rest kept, so a change of a few items costs a sort of
    /// the rows rather than a read of the whole store. Built anew when much has changed.
    pub fn refreshed(&self, store: &Store) -> Result<Index, StoreError> {
        store.snapshot(|store| self.refreshed_in(store))?
    }

    fn refreshed_in(&self, store: &Store) -> Result<Index, StoreError> {
        let generation = store.generation()?;
        if generation == self.generation {
            return Ok(self.clone());
        }
        let changed = store.clusters_changed_since(self.generation)?;
        if changed.len() > self.rows.len() / 4 {
            return Index::build_in(store);
        }
        let stories = store.stories_changed_since(self.generation)?;
        // A story that changed may have taken in another's events (a merge): its items keep
        // their rows and take its id.
        let mut moved: std::collections::HashMap<i64, i64> = Default::default();
        for &id in &stories {
            for c in store.story_clusters(id)? {
                moved.insert(c, id);
            }
        }
        let gone: std::collections::HashSet<Key> = changed
            .iter()
            .map(|&id| Key::Item(id))
            .chain(stories.iter().map(|&id| Key::Story(id)))
            .collect();
        let mut index = Index {
            generation,
            rows: self
                .rows
                .iter()
                .filter(|r| !gone.contains(&r.key))
                .map(|r| match r.key {
                    Key::Item(id) if moved.contains_key(&id) => Row {
                        story: moved.get(&id).copied(),
                        ..r.clone()
                    },
                    _ => r.clone(),
                })
                .collect(),
            pool: self.pool.clone(),
            vocab: self.vocab.clone(),
            hot: Vec::new(),
            row_of: Vec::new(),
            story_text: self
                .story_text
                .iter()
                .filter(|(id, _)| !gone.contains(&Key::Story(**id)))
                .map(|(id, t)| (*id, t.clone()))
                .collect(),
            story_rows: Default::default(),
            story_words: Default::default(),
            story_top: 0,
        };
        for chunk in changed.chunks(BATCH) {
            let views: Vec<ItemView> = store
                .clusters(chunk)?
                .par_iter()
                .map(views::item_brief)
                .collect();
            for v in &views {
                let story = match moved.get(&v.id) {
                    Some(&s) => Some(s),
                    None => store.story_of_cluster(v.id)?,
                };
                index.push(v, Key::Item(v.id), story);
            }
        }
        for id in stories {
            if let Some(story) = store.story(id)? {
                if story.clusters.is_empty() {
                    // Listed on the day of its first publication, as `eventless_stories` says.
                    let date = story.sources.iter().filter_map(|s| s.published).min();
                    index.add_story(&story, date);
                }
            }
        }
        index.order();
        Ok(index)
    }

    /// Puts the rows in listing order (newest first; undated last; then the order they
    /// came) and makes each value's rows and each id's row.
    fn order(&mut self) {
        self.rows
            .sort_by(|a, b| b.date.cmp(&a.date).then(a.key.cmp(&b.key)));
        self.note_rows();
        self.hot = self.rows.iter().map(Hot::of).collect();
        self.story_top = self
            .rows
            .iter()
            .filter_map(|r| r.story)
            .max()
            .map_or(0, |m| usize::try_from(m).map_or(0, |m| m + 1));
        let item_id = |r: &Row| match r.key {
            Key::Item(id) => usize::try_from(id).ok(),
            Key::Story(_) => None,
        };
        let len = self
            .rows
            .iter()
            .filter_map(item_id)
            .max()
            .map_or(0, |m| m + 1);
        self.row_of = vec![NONE; len];
        self.story_rows.clear();
        self.story_words =
            super::words::StoryWords::of(self.story_text.iter().map(|(id, t)| (*id, t)));
        for (i, r) in self.rows.iter().enumerate() {
            match (item_id(r), r.key) {
                (Some(id), _) => self.row_of[id] = i as u32,
                (None, Key::Story(id)) => {
                    self.story_rows.insert(id, i as u32);
                }
                (None, Key::Item(_)) => {}
            }
        }
    }

    /// The store generation this index stands for.
    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn push(&mut self, v: &ItemView, key: Key, story: Option<i64>) {
        let vocab = &mut self.vocab;
        let p = v.place.as_ref();
        let span =
            |pool: &mut Vec<u32>, vocab: &mut Vocab, values: &mut dyn Iterator<Item = &str>| {
                let start = pool.len() as u32;
                let mut ids: Vec<u32> = values
                    .filter(|s| !s.is_empty())
                    .map(|s| vocab.id(s))
                    .collect();
                // Each value once per item.
                ids.sort_unstable();
                ids.dedup();
                pool.extend_from_slice(&ids);
                Span {
                    start,
                    len: ids.len() as u32,
                }
            };
        let actors = span(
            &mut self.pool,
            &mut vocab.actor,
            &mut v.actors.iter().map(String::as_str),
        );
        let claimants = span(
            &mut self.pool,
            &mut vocab.claimant,
            &mut v.figures.iter().filter_map(|f| f.claimant.as_deref()),
        );
        let outlets = span(
            &mut self.pool,
            &mut vocab.outlet,
            &mut v.sources.iter().map(|s| s.outlet.as_str()),
        );
        let row = Row {
            key,
            story,
            date: v
                .date
                .as_deref()
                .and_then(dateline_model::dates::parse_iso_prefix)
                .map(day_number),
            has_place: p.is_some(),
            lat: p.map_or(0.0, |p| p.lat),
            lon: p.map_or(0.0, |p| p.lon),
            country_code: vocab.country_code.opt(p.map(|p| p.country_code.as_str())),
            country: vocab.country.opt(p.and_then(|p| p.country.as_deref())),
            admin1: vocab.admin1.opt(p.and_then(|p| p.admin1.as_deref())),
            place: vocab.place.opt(p.map(|p| p.name.as_str())),
            mention: vocab.place.opt(p.map(|p| p.mention.as_str())),
            event_type: vocab.event_type.id(&v.event_type),
            sub_event_type: vocab.event_type.id(&v.sub_event_type),
            category: vocab.category.opt(v.category.as_deref()),
            fatalities: v.fatalities.as_ref().and_then(|f| f.best),
            disputed: v.disputed,
            actors,
            claimants,
            outlets,
        };
        self.rows.push(row);
    }

    /// Fills each value's list of rows, in row order.
    fn note_rows(&mut self) {
        let Index {
            rows, pool, vocab, ..
        } = self;
        for v in [
            &mut vocab.country_code,
            &mut vocab.country,
            &mut vocab.admin1,
            &mut vocab.place,
            &mut vocab.event_type,
            &mut vocab.category,
            &mut vocab.actor,
            &mut vocab.claimant,
            &mut vocab.outlet,
        ] {
            v.rows.clear();
        }
        let values = |s: Span| {
            pool.get(s.start as usize..(s.start + s.len) as usize)
                .unwrap_or(&[])
        };
        for (i, r) in rows.iter().enumerate() {
            let i = i as u32;
            vocab.country_code.note(r.country_code, i);
            vocab.country.note(r.country, i);
            vocab.admin1.note(r.admin1, i);
            vocab.place.note(r.place, i);
            vocab.place.note(r.mention, i);
            vocab.event_type.note(r.event_type, i);
            vocab.event_type.note(r.sub_event_type, i);
            vocab.category.note(r.category, i);
            for &v in values(r.actors) {
                vocab.actor.note(v, i);
            }
            for &v in values(r.claimants) {
                vocab.claimant.note(v, i);
            }
            for &v in values(r.outlets) {
                vocab.outlet.note(v, i);
            }
        }
    }

    /// The rows dated within the query's dates: a run of rows, as rows are newest first.
    fn date_range(&self, test: &Test) -> std::ops::Range<usize> {
        let start = test
            .to
            .map_or(0, |to| self.rows.partition_point(|r| r.date > Some(to)));
        let end = match (test.from, test.to) {
            (Some(from), _) => self.rows.partition_point(|r| r.date >= Some(from)),
            // Undated rows are last; a date bound leaves them out.
            (None, Some(_)) => self.rows.partition_point(|r| r.date.is_some()),
            (None, None) => self.rows.len(),
        };
        start..end.max(start)
    }

    /// The rows worth testing: those of the filter on a field's values that holds the fewest
    /// rows, within the query's dates; every row within them when no such filter is given.
    fn candidates(&self, test: &Test) -> Candidates {
        let range = self.date_range(test);
        let v = &self.vocab;
        let mut options: Vec<(usize, Vec<&[u32]>)> = Vec::new();
        if let Some((codes, names)) = &test.country {
            let (a, mut la) = v.country_code.rows_of(codes);
            let (b, lb) = v.country.rows_of(names);
            la.extend(lb);
            options.push((a + b, la));
        }
        let fields = [
            (&test.admin1, &v.admin1),
            (&test.place, &v.place),
            (&test.actor, &v.actor),
            (&test.event_type, &v.event_type),
            (&test.category, &v.category),
            (&test.claimant, &v.claimant),
            (&test.outlet, &v.outlet),
        ];
        for (wanted, vocab) in fields {
            if let Some(w) = wanted {
                options.push(vocab.rows_of(w));
            }
        }
        // The first of the narrowest, so the choice never depends on anything but the query.
        let narrowest = options
            .into_iter()
            .enumerate()
            .min_by_key(|(k, (n, _))| (*n, *k))
            .map(|(_, o)| o);
        let within = |list: &[u32]| -> Vec<u32> {
            let lo = list.partition_point(|&r| (r as usize) < range.start);
            let hi = list.partition_point(|&r| (r as usize) < range.end);
            list[lo..hi.max(lo)].to_vec()
        };
        match narrowest {
            None => Candidates::Run(range.start as u32..range.end as u32),
            Some((_, lists)) if lists.len() == 1 => Candidates::Rows(within(lists[0])),
            Some((_, lists)) => {
                let mut all: Vec<u32> = lists.into_iter().flat_map(within).collect();
                all.sort_unstable();
                all.dedup();
                Candidates::Rows(all)
            }
        }
    }

    fn values(&self, s: Span) -> &[u32] {
        self.pool
            .get(s.start as usize..(s.start + s.len) as usize)
            .unwrap_or(&[])
    }

    /// The rows `query` selects, in the order they are listed: for a text query, the items
    /// whose summary holds every word first, then the others that hold them somewhere; each
    /// group newest first. The text is matched by the store's full-text index.
    pub fn select(&self, store: &Store, query: &Query) -> Result<Selection<'_>, StoreError> {
        let test = Test::new(self, query);
        let candidates = self.candidates(&test);
        let rows: Vec<u32> = if query.q.is_empty() {
            candidates
                .iter()
                .filter(|&i| test.passes(self, i as usize))
                .collect()
        } else {
            // 0: no match; 1: matched somewhere; 2: matched in the summary.
            let mut rank = vec![0u8; self.rows.len()];
            for (summary_only, level) in [(false, 1), (true, 2)] {
                for id in store.text_matches(&query.q, summary_only)? {
                    let row = usize::try_from(id)
                        .ok()
                        .and_then(|id| self.row_of.get(id))
                        .copied()
                        .unwrap_or(NONE);
                    if let Some(r) = rank.get_mut(row as usize) {
                        *r = level;
                    }
                }
            }
            for (id, level) in self.story_words.ranks(&query.q) {
                let row = self.story_rows.get(&id).copied().unwrap_or(NONE);
                if let Some(r) = rank.get_mut(row as usize) {
                    *r = level;
                }
            }
            let passing: Vec<u32> = candidates
                .iter()
                .filter(|&i| rank[i as usize] > 0 && test.passes(self, i as usize))
                .collect();
            // Stable: each group keeps the listing order.
            let (mut first, rest): (Vec<u32>, Vec<u32>) =
                passing.into_iter().partition(|&i| rank[i as usize] == 2);
            first.extend(rest);
            first
        };
        Ok(Selection { index: self, rows })
    }
}

/// The rows a query tests, in row order: a run of rows (its dates), or the rows of one filter.
enum Candidates {
    Run(std::ops::Range<u32>),
    Rows(Vec<u32>),
}

impl Candidates {
    fn iter(&self) -> Box<dyn Iterator<Item = u32> + '_> {
        match self {
            Candidates::Run(r) => Box::new(r.clone()),
            Candidates::Rows(v) => Box::new(v.iter().copied()),
        }
    }
}

/// A query's filters, decided once per distinct value of each field.
struct Test {
    from: Option<i32>,
    to: Option<i32>,
    country: Option<(Vec<bool>, Vec<bool>)>,
    admin1: Option<Vec<bool>>,
    place: Option<Vec<bool>>,
    near: Option<(f64, f64, f64)>,
    bbox: Option<[f64; 4]>,
    actor: Option<Vec<bool>>,
    event_type: Option<Vec<bool>>,
    category: Option<Vec<bool>>,
    claimant: Option<Vec<bool>>,
    outlet: Option<Vec<bool>>,
    fatalities_min: Option<u64>,
    disputed: Option<bool>,
    /// Whether a filter reads fields beyond the [`Hot`] ones.
    reads_more: bool,
}

impl Test {
    fn new(index: &Index, q: &Query) -> Test {
        let v = &index.vocab;
        Test {
            from: q.from.map(day_number),
            to: q.to.map(day_number),
            country: q
                .country
                .as_deref()
                .map(|c| (v.country_code.same(c), v.country.same(c))),
            admin1: q.admin1.as_deref().map(|a| v.admin1.same(a)),
            place: q.place.as_deref().map(|p| v.place.holding(p)),
            near: q.near,
            bbox: q.bbox,
            actor: q.actor.as_deref().map(|a| v.actor.holding(a)),
            event_type: q.event_type.as_deref().map(|t| v.event_type.same(t)),
            category: q.category.as_deref().map(|c| v.category.same(c)),
            claimant: q.claimant.as_deref().map(|c| v.claimant.holding(c)),
            outlet: q.outlet.as_deref().map(|o| v.outlet.holding(o)),
            fatalities_min: q.fatalities_min,
            disputed: q.disputed,
            reads_more: q.place.is_some()
                || q.near.is_some()
                || q.bbox.is_some()
                || q.actor.is_some()
                || q.claimant.is_some()
                || q.outlet.is_some(),
        }
    }

    /// True when row `i` passes every filter but the full-text one: its [`Hot`] fields first,
    /// the rest of the row only when a filter reads it.
    fn passes(&self, index: &Index, i: usize) -> bool {
        let (Some(h), Some(r)) = (index.hot.get(i), index.rows.get(i)) else {
            return false;
        };
        let undated = h.date == i32::MIN;
        if self.from.is_some_and(|f| undated || h.date < f)
            || self.to.is_some_and(|t| undated || h.date > t)
        {
            return false;
        }
        if let Some((codes, names)) = &self.country {
            if !among(codes, h.country_code) && !among(names, h.country) {
                return false;
            }
        }
        if self.admin1.as_ref().is_some_and(|a| !among(a, h.admin1)) {
            return false;
        }
        if self
            .event_type
            .as_ref()
            .is_some_and(|t| !among(t, h.event_type) && !among(t, h.sub_event_type))
        {
            return false;
        }
        if self
            .category
            .as_ref()
            .is_some_and(|c| !among(c, h.category))
        {
            return false;
        }
        if self
            .fatalities_min
            .is_some_and(|min| h.fatalities == NONE || u64::from(h.fatalities) < min)
        {
            return false;
        }
        if self.disputed.is_some_and(|d| d != h.disputed) {
            return false;
        }
        if !self.reads_more {
            return true;
        }
        if self
            .place
            .as_ref()
            .is_some_and(|p| !among(p, r.place) && !among(p, r.mention))
        {
            return false;
        }
        if let Some((lat, lon, km)) = self.near {
            // No path between two points is shorter than their difference in latitude along a
            // meridian: a cheap test that spares most rows the great-circle distance.
            if !r.has_place
                || EARTH_KM * (r.lat - lat).abs().to_radians() > km * (1.0 + 1e-9)
                || distance_km(lat, lon, r.lat, r.lon) > km
            {
                return false;
            }
        }
        if let Some([w, s, e, n]) = self.bbox {
            let lon_in = if w <= e {
                (w..=e).contains(&r.lon)
            } else {
                r.lon >= w || r.lon <= e
            };
            if !r.has_place || !lon_in || !(s..=n).contains(&r.lat) {
                return false;
            }
        }
        let any = |wanted: &Option<Vec<bool>>, s: Span| {
            wanted
                .as_ref()
                .is_none_or(|w| index.values(s).iter().any(|&id| among(w, id)))
        };
        if !any(&self.actor, r.actors)
            || !any(&self.claimant, r.claimants)
            || !any(&self.outlet, r.outlets)
        {
            return false;
        }
        true
    }
}

impl Selection<'_> {
    /// How many items were selected.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The selected item ids, in order.
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        self.rows.iter().map(|&i| self.index.rows[i as usize].key)
    }

    /// One selected item per story, in order: the first of each story's selected items (the
    /// one that matched best, or the newest). A story is one result however many of its
    /// events match.
    pub fn story_keys(&self) -> Vec<Key> {
        // One bit per story id (row ids, dense): a million rows are a few milliseconds.
        let mut seen = vec![0u64; self.index.story_top.div_ceil(64)];
        let mut first = |story: Option<i64>| {
            let Some(at) = story.and_then(|s| usize::try_from(s).ok()) else {
                return true;
            };
            match seen.get_mut(at / 64) {
                Some(word) if *word & (1 << (at % 64)) != 0 => false,
                Some(word) => {
                    *word |= 1 << (at % 64);
                    true
                }
                None => true,
            }
        };
        self.rows
            .iter()
            .map(|&i| &self.index.rows[i as usize])
            .filter(|r| first(r.story))
            .map(|r| r.key)
            .collect()
    }

    /// The date of a selected story without events (as listed), and its text for snippets.
    pub fn story(&self, id: i64) -> (Option<NaiveDate>, Option<&[String; 3]>) {
        let date = self
            .index
            .story_rows
            .get(&id)
            .and_then(|&i| self.index.rows.get(i as usize))
            .and_then(|r| r.date)
            .and_then(NaiveDate::from_num_days_from_ce_opt);
        (date, self.index.story_text.get(&id))
    }

    /// Counts per value, the commonest first (at most 10 each): type, country, admin1,
    /// actor, claimant, outlet.
    pub fn facets(&self) -> BTreeMap<&'static str, Vec<FacetCount>> {
        let ix = self.index;
        let v = &ix.vocab;
        let top = |vocab: &Vocab, counts: Vec<usize>| -> Vec<FacetCount> {
            let mut out: Vec<FacetCount> = counts
                .into_iter()
                .enumerate()
                .filter(|&(id, n)| n > 0 && !vocab.value(id as u32).is_empty())
                .map(|(id, count)| FacetCount {
                    value: vocab.value(id as u32).to_string(),
                    count,
                })
                .collect();
            out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            out.truncate(10);
            out
        };
        // The one-valued fields in one pass over the hot fields.
        let (mut types, mut countries, mut admin1s) = (
            vec![0usize; v.event_type.values.len()],
            vec![0usize; v.country.values.len()],
            vec![0usize; v.admin1.values.len()],
        );
        for &i in &self.rows {
            let Some(h) = ix.hot.get(i as usize) else {
                continue;
            };
            for (counts, id) in [
                (&mut types, h.sub_event_type),
                (&mut countries, h.country),
                (&mut admin1s, h.admin1),
            ] {
                if let Some(c) = counts.get_mut(id as usize) {
                    *c += 1;
                }
            }
        }
        let many = |vocab: &Vocab, field: fn(&Row) -> Span| {
            let mut n = vec![0usize; vocab.values.len()];
            for &i in &self.rows {
                for &id in ix.values(field(&ix.rows[i as usize])) {
                    if let Some(c) = n.get_mut(id as usize) {
                        *c += 1;
                    }
                }
            }
            top(vocab, n)
        };
        let mut out = BTreeMap::new();
        out.insert("type", top(&v.event_type, types));
        out.insert("country", top(&v.country, countries));
        out.insert("admin1", top(&v.admin1, admin1s));
        out.insert("actor", many(&v.actor, |r| r.actors));
        out.insert("claimant", many(&v.claimant, |r| r.claimants));
        out.insert("outlet", many(&v.outlet, |r| r.outlets));
        out
    }

    /// Selected items per day, in date order.
    pub fn timeline(&self) -> Vec<FacetCount> {
        let mut n: BTreeMap<i32, usize> = BTreeMap::new();
        // Rows come in date order (bar the text tiers), so a day is counted as a run and the
        // map touched once per run.
        let mut run: Option<(i32, usize)> = None;
        let dates = self
            .rows
            .iter()
            .filter_map(|&i| self.index.hot.get(i as usize))
            .map(|h| h.date)
            .filter(|&d| d != i32::MIN);
        for d in dates {
            match &mut run {
                Some((day, count)) if *day == d => *count += 1,
                _ => {
                    if let Some((day, count)) = run.replace((d, 1)) {
                        *n.entry(day).or_default() += count;
                    }
                }
            }
        }
        if let Some((day, count)) = run {
            *n.entry(day).or_default() += count;
        }
        n.into_iter()
            .filter_map(|(d, count)| {
                Some(FacetCount {
                    value: NaiveDate::from_num_days_from_ce_opt(d)?.to_string(),
                    count,
                })
            })
            .collect()
    }
}

/// How a story without events matches `terms` (as the full-text index ranks items): 2 when
/// its summary holds every term as the beginning of a word, 1 when its text does, else 0.
#[cfg(test)]
pub(super) fn story_rank(text: &[String; 3], terms: &[String]) -> u8 {
    let holds = |hay: &str| {
        let words: Vec<String> = super::words::words(hay).collect();
        terms.iter().all(|t| {
            let t = t.to_lowercase();
            words.iter().any(|w| w.starts_with(&t))
        })
    };
    if holds(&text[0]) {
        2
    } else if holds(&text.join("\n")) {
        1
    } else {
        0
    }
}

/// The item's text around the first of `terms` it holds, with every word that begins with
/// one of them between `[` and `]`: about `WORDS` words, "…" where text was cut. None when no
/// term is found (the index folds accents; this does not).
pub fn snippet(text: &[String; 3], terms: &[String]) -> Option<String> {
    const WORDS: usize = 16;
    let terms: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    let hit = |w: &str| {
        let w = w
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        terms
            .iter()
            .any(|t| !t.is_empty() && w.starts_with(t.as_str()))
    };
    for field in text {
        let words: Vec<&str> = field.split_whitespace().collect();
        let Some(first) = words.iter().position(|w| hit(w)) else {
            continue;
        };
        let start = first.saturating_sub(WORDS / 4);
        let end = (start + WORDS).min(words.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        for (k, w) in words[start..end].iter().enumerate() {
            if k > 0 || start > 0 {
                out.push(' ');
            }
            if hit(w) {
                // Punctuation around the word stays outside the marks.
                let lead = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let core_end = w
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .len()
                    .max(lead);
                out.push_str(&w[..lead]);
                out.push('[');
                out.push_str(&w[lead..core_end]);
                out.push(']');
                out.push_str(&w[core_end..]);
            } else {
                out.push_str(w);
            }
        }
        if end < words.len() {
            out.push_str(" …");
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Query {
        Query::parse(pairs.iter().copied()).expect("parses")
    }

    fn summaries(store: &Store, index: &Index, q: &Query) -> Vec<String> {
        let keys: Vec<Key> = index.select(store, q).expect("select").keys().collect();
        keys.iter()
            .filter_map(|k| match *k {
                Key::Item(id) => store.cluster(id).expect("read").map(|c| c.summary),
                Key::Story(id) => store
                    .story(id)
                    .expect("read")
                    .map(|s| views::story_brief(&s, None).summary),
            })
            .collect()
    }

    #[test]
    fn filters_and_text_select_rows_in_listing_order() {
        let store = crate::tests::store_of(&[
            serde_json::json!({"id": "a", "outlet": "North Wire", "published": "2024-05-02",
            "text": "Rebels shelled the port of Kelmora on Thursday, killing 6 fishermen, the coast guard said. Residents said a ferry was hit."}),
            serde_json::json!({"id": "b", "outlet": "South Wire", "published": "2024-05-07",
            "title": "Ferry strike enters its third week",
            "text": "Police fired tear gas at protesters in Nairobi on Tuesday, injuring 14 people, witnesses said."}),
            serde_json::json!({"id": "c", "outlet": "North Wire", "published": "2024-05-01",
            "text": "A ferry carrying troops was sunk by a missile off Mogadishu on Thursday, killing 9 soldiers, the army said."}),
        ]);
        let index = Index::build(&store).expect("index");
        assert_eq!(index.len(), 3);
        assert_eq!(index.generation(), store.generation().expect("generation"));
        // Newest first with no text.
        let all = summaries(&store, &index, &query(&[]));
        assert_eq!(all.len(), 3);
        assert!(all[0].contains("tear gas"), "{all:?}");
        // Words of an outlet's name, any case; a date range.
        assert_eq!(
            summaries(&store, &index, &query(&[("outlet", "north")])).len(),
            2
        );
        assert_eq!(
            summaries(
                &store,
                &index,
                &query(&[("to", "2024-05-01"), ("outlet", "north wire")])
            )
            .len(),
            1
        );
        // A word in the summary ranks before the same word only in a title, however new.
        let ferry = summaries(&store, &index, &query(&[("q", "ferr")]));
        assert_eq!(ferry.len(), 2, "{ferry:?}");
        assert!(ferry[0].contains("ferry"), "{ferry:?}");
        assert!(ferry[1].contains("tear gas"), "{ferry:?}");
        // Facets count each item once per value.
        let sel = index
            .select(&store, &query(&[("outlet", "wire")]))
            .expect("select");
        let outlets = &sel.facets()["outlet"];
        assert_eq!(outlets[0].value, "North Wire");
        assert_eq!(outlets[0].count, 2);
        assert_eq!(sel.timeline().iter().map(|d| d.count).sum::<usize>(), 3);
    }

    #[test]
    fn narrowing_by_a_field_or_by_dates_selects_what_a_full_scan_selects() {
        let store = crate::tests::store_of(&[
            serde_json::json!({"id": "a", "outlet": "North Wire", "published": "2024-05-02",
            "text": "Rebels shelled the port of Kismayo on Thursday, killing 6 fishermen, the coast guard said."}),
            serde_json::json!({"id": "b", "outlet": "South Wire", "published": "2024-05-07",
            "text": "Police fired tear gas at protesters in Nairobi on Tuesday, injuring 14 people, witnesses said."}),
            serde_json::json!({"id": "c", "outlet": "North Wire", "published": "2024-05-01",
            "text": "Gunmen attacked a checkpoint in Baidoa on Monday, killing 3 soldiers, the army said."}),
            serde_json::json!({"id": "d", "outlet": "East Wire",
            "text": "Gunmen attacked a police post in Beledweyne, killing 2 officers, police said."}),
            serde_json::json!({"id": "e", "outlet": "East Wire", "published": "2024-05-07",
            "text": "Fighters clashed with soldiers in Baidoa on Tuesday, killing 5, the army said."}),
        ]);
        let index = Index::build(&store).expect("index");
        assert!(
            index.rows.iter().any(|r| r.date.is_none()),
            "an undated item"
        );
        for pairs in [
            vec![],
            vec![("from", "2024-05-02")],
            vec![("to", "2024-05-06")],
            vec![("from", "2024-05-02"), ("to", "2024-05-07")],
            vec![("country", "SO")],
            vec![("country", "somalia"), ("to", "2024-05-06")],
            vec![("outlet", "east"), ("from", "2024-01-01")],
            vec![("outlet", "wire"), ("place", "baid")],
            vec![("type", "Armed clash")],
            vec![("fatalities_min", "3")],
            vec![("near", "3.1,43.6,100")],
            vec![("q", "killing")],
            vec![("q", "baidoa"), ("type", "Armed clash")],
        ] {
            let q = query(&pairs);
            let test = Test::new(&index, &q);
            let scan: Vec<Key> = (0..index.rows.len())
                .filter(|&i| test.passes(&index, i))
                .map(|i| index.rows[i].key)
                .collect();
            let sel = index.select(&store, &q).expect("select");
            let got: Vec<Key> = sel.keys().collect();
            if q.q.is_empty() {
                assert_eq!(got, scan, "{pairs:?}");
            } else {
                // Words narrow what the other filters pass, ranked by where they stand.
                assert!(!got.is_empty(), "{pairs:?}");
                assert!(got.iter().all(|k| scan.contains(k)), "{pairs:?}");
            }
            // Facets and timeline as counted row by row from the full rows.
            let rows: Vec<&Row> = sel.rows.iter().map(|&i| &index.rows[i as usize]).collect();
            let count = |vocab: &Vocab, field: fn(&Row) -> u32| {
                let mut n: BTreeMap<String, usize> = BTreeMap::new();
                for r in &rows {
                    let value = vocab.value(field(r));
                    if !value.is_empty() {
                        *n.entry(value.to_string()).or_default() += 1;
                    }
                }
                n
            };
            let facets = sel.facets();
            let as_map = |f: &[FacetCount]| -> BTreeMap<String, usize> {
                f.iter().map(|c| (c.value.clone(), c.count)).collect()
            };
            let v = &index.vocab;
            assert_eq!(
                as_map(&facets["type"]),
                count(&v.event_type, |r| r.sub_event_type),
                "{pairs:?}"
            );
            assert_eq!(
                as_map(&facets["country"]),
                count(&v.country, |r| r.country),
                "{pairs:?}"
            );
            assert_eq!(
                as_map(&facets["admin1"]),
                count(&v.admin1, |r| r.admin1),
                "{pairs:?}"
            );
            let mut days: BTreeMap<String, usize> = BTreeMap::new();
            for d in rows.iter().filter_map(|r| r.date) {
                let day = NaiveDate::from_num_days_from_ce_opt(d).expect("day");
                *days.entry(day.to_string()).or_default() += 1;
            }
            assert_eq!(as_map(&sel.timeline()), days, "{pairs:?}");
        }
    }

    #[test]
    fn an_index_brought_up_to_date_selects_what_a_new_one_selects() {
        let doc = |id: &str, date: &str, text: &str| serde_json::json!({"id": id, "outlet": "Wire", "published": date, "text": text});
        let mut store = crate::tests::store_of(&[
            doc("a", "2024-05-02", "Rebels shelled the port of Kismayo on Thursday, killing 6 fishermen, the coast guard said."),
            doc("b", "2024-05-07", "Police fired tear gas at protesters in Nairobi on Tuesday, injuring 14 people, witnesses said."),
            doc("q", "2024-05-04", "A strong earthquake shook the northern valley on Saturday, cracking walls in several villages. Engineers began inspecting bridges and schools across the region."),
        ]);
        let old = Index::build(&store).expect("index");
        assert_eq!(
            old.story_rows.len(),
            1,
            "the quake is a story without events"
        );
        // One report added, one replaced by a new version that tells another event.
        crate::tests::ingest_into(
            &mut store,
            &[
                doc("c", "2024-05-09", "Gunmen attacked a checkpoint in Baidoa on Monday, killing 3 soldiers, the army said."),
                doc("a", "2024-05-03", "Fighters clashed with troops in Bardera on Friday, killing 5 soldiers, officials said."),
                doc("t", "2024-05-08", "A court in the capital opened the trial of a former minister accused of taking bribes over a harbour contract. The hearing was adjourned until June."),
                doc("q", "2024-05-05", "Rescue teams searched collapsed homes after an earthquake struck the northern valley, and engineers said dozens of schools would stay closed while they were inspected."),
            ],
        );
        let changed = store
            .clusters_changed_since(old.generation())
            .expect("changes");
        assert!(changed.len() >= 2 && changed.len() < 5, "{changed:?}");
        assert!(!store
            .stories_changed_since(old.generation())
            .expect("changes")
            .is_empty());
        let refreshed = old.refreshed(&store).expect("refreshed");
        let fresh = Index::build(&store).expect("index");
        assert_eq!(refreshed.generation(), fresh.generation());
        assert_eq!(refreshed.len(), fresh.len());
        for pairs in [
            vec![],
            vec![("place", "kismayo")],
            vec![("q", "bardera")],
            vec![("country", "SO"), ("from", "2024-05-01")],
            vec![("q", "soldiers")],
            vec![("q", "earthquake")],
            vec![("q", "trial")],
            vec![("from", "2024-05-05")],
        ] {
            let q = query(&pairs);
            let ids = |ix: &Index| -> Vec<Key> {
                ix.select(&store, &q).expect("select").keys().collect()
            };
            assert_eq!(ids(&refreshed), ids(&fresh), "{pairs:?}");
            // And one result per story, each row knowing its story after the change.
            let stories = |ix: &Index| ix.select(&store, &q).expect("select").story_keys();
            assert_eq!(stories(&refreshed), stories(&fresh), "{pairs:?}");
        }
        assert!(
            summaries(&store, &refreshed, &query(&[("place", "kismayo")])).is_empty(),
            "the replaced report's old event is gone"
        );
        assert_eq!(
            summaries(&store, &refreshed, &query(&[("q", "bardera")])).len(),
            1,
            "its new one is found"
        );
        assert_eq!(refreshed.story_rows.len(), 2, "the quake and the trial");
        assert_eq!(
            summaries(&store, &refreshed, &query(&[("q", "trial")])).len(),
            1
        );
    }

    #[test]
    fn stories_without_events_are_found_by_their_words_outlet_and_day() {
        let store = crate::tests::store_of(&[
            serde_json::json!({"id": "q", "outlet": "Quake Desk", "published": "2024-03-11",
            "title": "Strong earthquake shakes coastal towns",
            "text": "A magnitude 6.1 earthquake shook the coast on Monday morning, cracking walls in several towns. Engineers began inspecting bridges and schools.\n\nThe national seismology office said aftershocks were likely over the coming days."}),
            serde_json::json!({"id": "b", "outlet": "Wire", "published": "2024-03-12",
            "text": "Gunmen attacked a checkpoint in Baidoa on Monday, killing 3 soldiers, the army said."}),
        ]);
        let index = Index::build(&store).expect("index");
        let stories = |pairs: &[(&str, &str)]| -> Vec<Key> {
            index
                .select(&store, &query(pairs))
                .expect("select")
                .keys()
                .filter(|k| matches!(k, Key::Story(_)))
                .collect()
        };
        assert_eq!(stories(&[("q", "earthq")]).len(), 1);
        assert_eq!(stories(&[("q", "seismology")]).len(), 1, "words of a lead");
        assert_eq!(stories(&[("outlet", "quake")]).len(), 1);
        assert_eq!(
            stories(&[("from", "2024-03-11"), ("to", "2024-03-11")]).len(),
            1
        );
        assert!(stories(&[("q", "checkpoint")]).is_empty());
        assert!(
            stories(&[("type", "Armed clash")]).is_empty(),
            "no event, no type"
        );
        // A page lists it with a snippet of its words.
        let r = super::super::run(&store, &index, &query(&[("q", "earthquake")])).expect("run");
        assert_eq!(r.total, 1);
        assert!(
            r.snippets.values().any(|s| s.contains("[earthquake]")),
            "{:?}",
            r.snippets
        );
    }

    #[test]
    fn snippets_mark_words_that_begin_with_a_term() {
        let text = [
            "Troops left the valley.".to_string(),
            String::new(),
            "After weeks of talks, (ferries) resumed crossing the strait on Monday.".to_string(),
        ];
        let s = snippet(&text, &["FERR".to_string()]).expect("found");
        assert_eq!(
            s,
            "After weeks of talks, ([ferries]) resumed crossing the strait on Monday."
        );
        assert_eq!(snippet(&text, &["bridge".to_string()]), None);
        let long = [
            "w ".repeat(40) + "target " + &"v ".repeat(40),
            String::new(),
            String::new(),
        ];
        let s = snippet(&long, &["target".to_string()]).expect("found");
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("[target]"),
            "{s}"
        );
    }
}
