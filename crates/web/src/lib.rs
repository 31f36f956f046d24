//! The portal: the only crate that knows HTTP.
//!
//! [`router`] builds the axum app over a store; [`serve`] runs it. Pages are views
//! ([`views`]) rendered by [`render`] to HTML, Markdown or JSON according to the URL's
//! extension. The site is open by construction: no cookies, no scripts, nothing loaded from
//! another host, no access log.
//!
//! Rendered pages are kept in memory ([`PageCache`], bounded in bytes) and dropped as soon as
//! the store's generation changes (an ingest or update committed), so a page is rendered
//! once per change of the store, not once per request.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use dateline_store::{Store, StoreError};

pub mod basemap;
pub mod query;
pub mod render;
pub mod site;
pub mod views;

/// Connections shared by request handlers; each request takes the next free one.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    cache: Arc<PageCache>,
    /// The site's absolute URL ("https://news.example.org"), for the feeds' links and guids:
    /// feed readers need absolute addresses.
    base: Arc<str>,
    /// The user's region outlines, drawn on every map.
    overlays: basemap::Overlays,
    /// The query index of the store's latest generation.
    index: Arc<Indexes>,
}

/// The query index ([`query::Index`]) of the store as it is now: built when first asked for,
/// brought up to date when a query finds the store changed (the items changed since are read
/// again). One build at a time; the queries that arrive meanwhile wait for it.
#[derive(Default)]
struct Indexes {
    current: Mutex<Option<Arc<query::Index>>>,
    building: Mutex<()>,
}

impl Indexes {
    fn of(&self, store: &Store) -> Result<Arc<query::Index>, StoreError> {
        let generation = store.generation()?;
        let fresh = || -> Option<Arc<query::Index>> {
            let current = self.current.lock().ok()?;
            current
                .as_ref()
                .filter(|ix| ix.generation() == generation)
                .cloned()
        };
        if let Some(ix) = fresh() {
            return Ok(ix);
        }
        // A poisoned lock only means a build panicked: building again is safe.
        let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ix) = fresh() {
            return Ok(ix);
        }
        // The index of an older generation is brought up to date: only what changed is read.
        let older = self.current.lock().ok().and_then(|c| c.clone());
        let ix = Arc::new(match older {
            Some(old) => old.refreshed(store)?,
            None => query::Index::build(store)?,
        });
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        *current = Some(Arc::clone(&ix));
        Ok(ix)
    }
}

/// Read connections: a request takes a free one, or waits for the first one given back.
struct Pool {
    free: Mutex<Vec<Store>>,
    given_back: std::sync::Condvar,
    /// One permit per connection, handed out first come, first served: requests that must
    /// render wait their turn here, on the async side, instead of as blocked threads woken in
    /// no order by the condition variable (which let some wait ten times longer than others).
    turns: tokio::sync::Semaphore,
}

impl Pool {
    fn new(stores: Vec<Store>) -> Pool {
        Pool {
            turns: tokio::sync::Semaphore::new(stores.len()),
            free: Mutex::new(stores),
            given_back: std::sync::Condvar::new(),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, AppError> {
        let store = {
            let mut free = self.free.lock().map_err(|_| AppError::Poisoned)?;
            loop {
                if let Some(s) = free.pop() {
                    break s;
                }
                free = self.given_back.wait(free).map_err(|_| AppError::Poisoned)?;
            }
        };
        let out = f(&store);
        self.free
            .lock()
            .map_err(|_| AppError::Poisoned)?
            .push(store);
        self.given_back.notify_one();
        Ok(out)
    }
}

/// How long a known store generation is trusted before it is read again: a page may lag a
/// commit by this much, and most requests touch no connection at all.
const GENERATION_TTL: std::time::Duration = std::time::Duration::from_millis(50);

/// Bytes of rendered pages kept in memory by default.
pub const CACHE_BYTES: u64 = 256 << 20;

/// A rendered answer, tagged with the store generation it was rendered from.
#[derive(Clone)]
struct Cached {
    generation: i64,
    answer: Answer,
}

/// What a page request answers.
#[derive(Clone)]
enum Answer {
    /// Content type, body and its entity tag (a hash of the body).
    Page(&'static str, axum::body::Bytes, HeaderValue),
    Redirect(Arc<str>),
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Cached> for ByBytes {
    fn weight(&self, key: &String, v: &Cached) -> u64 {
        let body = match &v.answer {
            Answer::Page(_, b, _) => b.len(),
            Answer::Redirect(to) => to.len(),
        };
        (key.len() + body + 64) as u64
    }
}

/// Rendered pages by request path (quick_cache: sharded, bounded by total bytes).
pub struct PageCache {
    pages: quick_cache::sync::Cache<String, Cached, ByBytes>,
    /// The store generation last read (i64::MIN: never), and when (ms after `epoch`).
    generation: AtomicI64,
    checked_ms: AtomicU64,
    epoch: std::time::Instant,
    /// Held by the one request that reads the generation again.
    refreshing: Mutex<()>,
    /// The store-wide facts of the day pages ([`views::DayIndex`]) and the generation they were
    /// read at: read once per generation, not once per day page.
    days: Mutex<Option<(i64, Arc<views::DayIndex>)>>,
}

impl PageCache {
    fn new(bytes: u64) -> PageCache {
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(4096, bytes, ByBytes),
            generation: AtomicI64::new(i64::MIN),
            checked_ms: AtomicU64::new(0),
            epoch: std::time::Instant::now(),
            refreshing: Mutex::new(()),
            days: Mutex::new(None),
        }
    }

    /// The day pages' [`views::DayIndex`] of the store's generation: kept, or read again.
    fn day_index(&self, s: &Store) -> Result<Arc<views::DayIndex>, StoreError> {
        let generation = s.generation()?;
        let kept = self.days.lock().ok().and_then(|d| {
            d.as_ref()
                .filter(|(g, _)| *g == generation)
                .map(|(_, ix)| ix.clone())
        });
        if let Some(ix) = kept {
            return Ok(ix);
        }
        let ix = Arc::new(views::DayIndex::of(s)?);
        if let Ok(mut d) = self.days.lock() {
            *d = Some((generation, ix.clone()));
        }
        Ok(ix)
    }
}

impl AppState {
    /// Opens `connections` read connections to the store at `db`.
    pub fn open(db: &std::path::Path, connections: usize) -> Result<AppState, StoreError> {
        let mut pool = Vec::new();
        for _ in 0..connections.max(1) {
            pool.push(Store::open_for_reading(db)?);
        }
        Ok(AppState {
            pool: Arc::new(Pool::new(pool)),
            cache: Arc::new(PageCache::new(CACHE_BYTES)),
            base: Arc::from(""),
            overlays: basemap::Overlays::default(),
            index: Arc::default(),
        })
    }

    /// Wraps one already-open store (tests).
    pub fn from_store(store: Store) -> AppState {
        AppState {
            pool: Arc::new(Pool::new(vec![store])),
            cache: Arc::new(PageCache::new(CACHE_BYTES)),
            base: Arc::from(""),
            overlays: basemap::Overlays::default(),
            index: Arc::default(),
        }
    }

    /// Draws the user's region outlines on every map.
    pub fn with_overlays(mut self, overlays: basemap::Overlays) -> AppState {
        self.overlays = overlays;
        self
    }

    /// The site's absolute URL for the feeds ("https://news.example.org", no trailing slash).
    pub fn with_base_url(mut self, base: &str) -> AppState {
        self.base = Arc::from(base.trim_end_matches('/'));
        self
    }

    /// The answer for `key`: from the cache when it was rendered from the store as it is now,
    /// else built, cached and returned. None is "not found" (not cached: cheap to find again).
    fn answer(
        &self,
        key: String,
        build: impl FnOnce(&Store) -> Result<Option<Answer>, StoreError>,
    ) -> Result<Option<Answer>, AppError> {
        let generation = self.generation()?;
        if let Some(hit) = self.cache.pages.get(&key) {
            if hit.generation == generation {
                return Ok(Some(hit.answer));
            }
        }
        let made = self.with(build)?;
        if let Some(answer) = &made {
            self.cache.pages.insert(
                key,
                Cached {
                    generation,
                    answer: answer.clone(),
                },
            );
        }
        Ok(made)
    }

    /// A cached answer for `key`, when the known generation is fresh: needs no connection and
    /// never blocks, so hits are answered on the async threads.
    fn hit(&self, key: &str) -> Option<Answer> {
        let c = &self.cache;
        let known = c.generation.load(Ordering::Acquire);
        let now_ms = c.epoch.elapsed().as_millis() as u64;
        let fresh = known != i64::MIN
            && now_ms.saturating_sub(c.checked_ms.load(Ordering::Acquire))
                < GENERATION_TTL.as_millis() as u64;
        if !fresh {
            return None;
        }
        c.pages
            .get(key)
            .filter(|h| h.generation == known)
            .map(|h| h.answer)
    }

    /// The store's generation, read again when the known one is older than
    /// [`GENERATION_TTL`]; a change drops every cached page.
    fn generation(&self) -> Result<i64, AppError> {
        let c = &self.cache;
        let now_ms = c.epoch.elapsed().as_millis() as u64;
        let known = c.generation.load(Ordering::Acquire);
        let fresh = now_ms.saturating_sub(c.checked_ms.load(Ordering::Acquire))
            < GENERATION_TTL.as_millis() as u64;
        if known != i64::MIN && fresh {
            return Ok(known);
        }
        // One request reads it again; the others go on with the known one meanwhile.
        let Ok(_guard) = c.refreshing.try_lock() else {
            return if known != i64::MIN {
                Ok(known)
            } else {
                self.with(Store::generation)
            };
        };
        let now = self.with(Store::generation)?;
        if now != known {
            c.pages.clear();
            c.generation.store(now, Ordering::Release);
        }
        c.checked_ms.store(now_ms, Ordering::Release);
        Ok(now)
    }

    /// Renders the front page and the day pages, newest first, into the cache (HTML), until
    /// they fill half of it: the pages most read, and the dearest to render (a day lists all
    /// its items), are then ready before anyone asks. Returns how many pages it rendered.
    pub fn warm(&self) -> Result<usize, AppError> {
        let mut bytes = 0u64;
        let mut n = 0;
        let mut keep = |a: Option<Answer>| {
            if let Some(Answer::Page(_, b, _)) = a {
                bytes += b.len() as u64;
                n += 1;
            }
            bytes < CACHE_BYTES / 2
        };
        if !keep(self.answer("/index.html".into(), |s| front_answer(s, "index.html", ""))?) {
            return Ok(n);
        }
        let days = self.cache.clone();
        let index = self.with(|s| days.day_index(s))?;
        for &(d, _) in &index.days {
            let key = format!("{}/index.html", views::day_path(Some(d)));
            if !keep(self.answer(key, |s| day_answer_in(s, Some(d), Format::Html, &index))?) {
                break;
            }
        }
        Ok(n)
    }

    /// Reads the store's generation every [`GENERATION_TTL`] / 2 on its own connection, so that
    /// requests never wait for a connection just to learn whether their cached page is still
    /// good (under load all of the pool may be busy rendering). Returns when the store fails.
    pub fn watch(&self, store: Store) -> StoreError {
        loop {
            let now = match store.generation() {
                Ok(g) => g,
                Err(e) => return e,
            };
            let c = &self.cache;
            if now != c.generation.load(Ordering::Acquire) {
                c.pages.clear();
                c.generation.store(now, Ordering::Release);
            }
            c.checked_ms
                .store(c.epoch.elapsed().as_millis() as u64, Ordering::Release);
            std::thread::sleep(GENERATION_TTL / 2);
        }
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, AppError> {
        self.pool.with(f)?.map_err(AppError::Store)
    }
}

/// Errors of a request: bad requests and missing pages are the user's, the rest are ours.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    Store(StoreError),
    Poisoned,
    Join,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, msg) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "Not found.".to_string()),
            AppError::Store(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Internal error: {e}"),
            ),
            AppError::Poisoned | AppError::Join => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error.".to_string(),
            ),
        };
        let body = render::shell(&msg, None, &format!("<h1>{}</h1>", render::esc(&msg)));
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            body,
        )
            .into_response()
    }
}

/// The output formats, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
    Xml,
}

/// Splits "name.ext" into its name and format.
pub fn split_ext(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let f = match ext {
        "html" | "htm" => Format::Html,
        "md" => Format::Markdown,
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, f))
}

/// Renders a page view in the requested format; HTML and Markdown links are relative to the
/// page.
pub fn render_page<T: serde::Serialize + views::SitePage>(
    format: Format,
    root: &str,
    v: &T,
    html: impl FnOnce(&T) -> String,
    md: impl FnOnce(&T) -> String,
) -> (&'static str, String) {
    match format {
        Format::Html => ("text/html; charset=utf-8", html(v)),
        Format::Markdown => (
            "text/markdown; charset=utf-8",
            render::relative_links(&md(v), v.site_path()),
        ),
        Format::Json => ("application/json", to_json(v)),
        Format::Xml => ("application/xml", render::to_xml(root, v)),
    }
}

fn respond(answer: Answer) -> Response {
    match answer {
        Answer::Page(ctype, body, etag) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ctype)),
                (header::ETAG, etag),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=60, must-revalidate"),
                ),
            ],
            body,
        )
            .into_response(),
        Answer::Redirect(to) => Redirect::permanent(&to).into_response(),
    }
}

fn page_answer((ctype, body): (&'static str, String)) -> Option<Answer> {
    // Weak: the same page is sent gzip-compressed or not, byte for byte different.
    // foldhash with a fixed seed: the same body has the same tag in every run, and a page of
    // results (100 KB and more) is hashed many times faster than byte by byte.
    use std::hash::BuildHasher;
    let hash = foldhash::quality::FixedState::with_seed(0).hash_one(body.as_bytes());
    let etag = format!("W/\"{hash:016x}\"");
    let etag = HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    Some(Answer::Page(ctype, axum::body::Bytes::from(body), etag))
}

/// A view as pretty JSON.
pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    // Room for a page of results at once: growing a large answer by doubling copied it
    // again and again.
    let mut out = Vec::with_capacity(64 << 10);
    match serde_json::to_writer_pretty(&mut out, v) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| AppError::Join)?
}

/// Answers `key` on a worker thread, from the cache or by `build`.
async fn cached(
    st: AppState,
    key: String,
    build: impl FnOnce(&Store) -> Result<Option<Answer>, StoreError> + Send + 'static,
) -> Result<Response, AppError> {
    if let Some(hit) = st.hit(&key) {
        return Ok(respond(hit));
    }
    let pool = Arc::clone(&st.pool);
    let turn = pool.turns.acquire().await.map_err(|_| AppError::Poisoned)?;
    let answer = blocking(move || st.answer(key, build)).await;
    drop(turn);
    answer?.map(respond).ok_or(AppError::NotFound)
}

async fn front(State(st): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    let key = format!("/{file}");
    let base = Arc::clone(&st.base);
    cached(st, key, move |s| front_answer(s, &file, &base)).await
}

/// The filters of a request, or a 400 naming the bad parameter (as a page or as JSON).
fn parse_query(pairs: &[(String, String)], json: bool) -> Result<query::Query, Box<Response>> {
    query::Query::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).map_err(|e| {
        let body = if json {
            (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                )],
                to_json(&serde_json::json!({"error": e.to_string(), "parameter": e.param})),
            )
                .into_response()
        } else {
            let msg = format!("Bad query: {e}");
            axum::response::Html(render::tool_page(
                &msg,
                "/search",
                &format!(
                    "<h1>{}</h1>\n<p><a href=\"/search\">Start a new search</a></p>",
                    render::esc(&msg)
                ),
            ))
            .into_response()
        };
        Box::new((StatusCode::BAD_REQUEST, body).into_response())
    })
}

/// The cache key of a query's page: its path and its parameters, encoded as sent.
fn request_key(path: &str, pairs: &[(String, String)]) -> String {
    let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    format!("{path}?{}", query::encode(&pairs))
}

/// `/search?…`: the search page, with its form, facets, timeline and map.
async fn search(
    State(st): State<AppState>,
    axum::extract::Query(pairs): axum::extract::Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let q = match parse_query(&pairs, false) {
        Ok(q) => q,
        Err(bad) => return Ok(*bad),
    };
    let key = request_key("/search", &pairs);
    let overlays = st.overlays.clone();
    let indexes = Arc::clone(&st.index);
    cached(st, key, move |s| {
        let results = query::run(s, &*indexes.of(s)?, &q)?;
        Ok(page_answer((
            "text/html; charset=utf-8",
            render::search_html(&q, &results, &overlays),
        )))
    })
    .await
}

/// `/api/stories.{json,md,csv,geojson}?…`: the same query as data. JSON and Markdown are
/// paged (`limit`, `cursor`); CSV and GeoJSON hold every matching story.
async fn api_stories(
    State(st): State<AppState>,
    Path(file): Path<String>,
    axum::extract::Query(pairs): axum::extract::Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    if file == "openapi.json" {
        return cached(st, "/api/openapi.json".into(), |_| {
            Ok(page_answer((
                "application/json",
                to_json(&query::openapi()),
            )))
        })
        .await;
    }
    let format = match file.as_str() {
        "stories.json" | "stories.md" | "stories.csv" | "stories.geojson" => {
            file.trim_start_matches("stories.").to_string()
        }
        _ => return Err(AppError::NotFound),
    };
    let q = match parse_query(&pairs, true) {
        Ok(q) => q,
        Err(bad) => return Ok(*bad),
    };
    if format == "csv" || format == "geojson" {
        return Ok(export(&st, q, format == "geojson"));
    }
    let key = request_key(&format!("/api/{file}"), &pairs);
    let indexes = Arc::clone(&st.index);
    cached(st, key, move |s| {
        let index = indexes.of(s)?;
        Ok(match format.as_str() {
            // Compact: a page of results is data for programs, a quarter smaller so.
            "json" => page_answer((
                "application/json",
                serde_json::to_string(&query::run(s, &index, &q)?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )),
            _ => page_answer((
                "text/markdown; charset=utf-8",
                render::search_md(&q, &query::run(s, &index, &q)?),
            )),
        })
    })
    .await
}

/// Bytes of an export sent at a time.
const EXPORT_CHUNK: usize = 64 << 10;

/// Why an export stopped early.
enum Stop {
    Store(StoreError),
    /// The client went away.
    Gone,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Stop {
        Stop::Store(e)
    }
}

/// Every story `q` selects as CSV (`geo` false) or GeoJSON, written on a worker thread a chunk
/// at a time and sent as it is written: memory stays flat however many stories match, and a
/// client that goes away stops the work. A store error midway ends the answer unfinished (the
/// client sees a broken transfer, never a file that looks complete).
fn export(st: &AppState, q: query::Query, geo: bool) -> Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(8);
    let pool = Arc::clone(&st.pool);
    let indexes = Arc::clone(&st.index);
    tokio::task::spawn_blocking(move || {
        let send = |buf: &mut String| -> Result<(), Stop> {
            // The next chunk's buffer sized at once (a row or feature more than a chunk), so it
            // is not copied as it grows.
            let next = String::with_capacity(EXPORT_CHUNK + (16 << 10));
            let chunk = axum::body::Bytes::from(std::mem::replace(buf, next));
            tx.blocking_send(Ok(chunk)).map_err(|_| Stop::Gone)
        };
        let written = pool.with(|s| -> Result<(), Stop> {
            let index = indexes.of(s)?;
            let mut buf = if geo {
                "{\"type\": \"FeatureCollection\", \"features\": [\n".to_string()
            } else {
                render::csv_header()
            };
            let mut first = true;
            query::each_matching(s, &index, &q, |_, v| {
                if geo {
                    if let Some(f) = render::geojson_feature(&v) {
                        if !first {
                            buf.push_str(",\n");
                        }
                        first = false;
                        buf.push_str(&f.to_string());
                    }
                } else {
                    render::csv_push(&mut buf, &v);
                }
                if buf.len() >= EXPORT_CHUNK {
                    send(&mut buf)?;
                }
                Ok::<_, Stop>(())
            })?;
            if geo {
                buf.push_str("\n]}\n");
            }
            send(&mut buf)
        });
        let failed = match written {
            Ok(Ok(())) | Ok(Err(Stop::Gone)) => None,
            Ok(Err(Stop::Store(e))) => Some(e.to_string()),
            Err(e) => Some(format!("{e:?}")),
        };
        if let Some(e) = failed {
            let _ = tx.blocking_send(Err(std::io::Error::other(e)));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    let ctype = if geo {
        "application/geo+json"
    } else {
        "text/csv; charset=utf-8"
    };
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(ctype))],
        axum::body::Body::from_stream(body),
    )
        .into_response()
}

/// A page at the site's top: the front page, the feeds, the API page.
fn front_answer(s: &Store, file: &str, base: &str) -> Result<Option<Answer>, StoreError> {
    Ok(match file {
        "api" | "api.html" => page_answer(("text/html; charset=utf-8", render::api_html())),
        "index_rss.xml" => {
            page_answer(("application/rss+xml", render::rss(&views::front(s)?, base)))
        }
        "opinion_rss.xml" => page_answer((
            "application/rss+xml",
            render::opinion_rss(&views::opinion_index(s)?, base),
        )),
        _ => match split_ext(file) {
            Some(("index", format)) => page_answer(render_page(
                format,
                "front",
                &views::front(s)?,
                render::front_html,
                render::front_md,
            )),
            _ => None,
        },
    })
}

/// A day's page, with the store-wide facts read already ([`PageCache::day_index`]).
fn day_answer_in(
    s: &Store,
    date: Option<chrono::NaiveDate>,
    format: Format,
    index: &views::DayIndex,
) -> Result<Option<Answer>, StoreError> {
    let v = views::day_in(s, date, index)?;
    if v.items.is_empty() {
        // A day with nothing is no page: not found, and not cached.
        return Ok(None);
    }
    Ok(page_answer(render_page(
        format,
        "day",
        &v,
        render::day_html,
        render::day_page_md,
    )))
}

async fn root(State(st): State<AppState>) -> Result<Response, AppError> {
    front(State(st), Path("index.html".to_string())).await
}

/// The date of a path's `{y}/{m}/{d}`, when they are a real day written with digits (at most
/// six each, a leading `+` allowed: such spellings redirect to the one pages use); anything
/// else is no page.
fn path_date(y: &str, m: &str, d: &str) -> Option<chrono::NaiveDate> {
    let number = |s: &str| {
        let s = s.strip_prefix('+').unwrap_or(s);
        (!s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(y)?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number(m)?, number(d)?)
}

/// The date as pages spell it in paths: `2015/09/1`.
fn date_segments(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{:02}/{}", date.year(), date.month(), date.day())
}

/// `/news/{y}/{m}/{d}/{file}`: a day's index or one item. A day spelled otherwise than
/// pages spell it (`/news/2015/9/01/…`) redirects to its one spelling.
async fn dated(
    State(st): State<AppState>,
    Path((y, m, d, file)): Path<(String, String, String, String)>,
) -> Result<Response, AppError> {
    let date = path_date(&y, &m, &d).ok_or(AppError::NotFound)?;
    let canonical = date_segments(date);
    if canonical != format!("{y}/{m}/{d}") {
        return Ok(
            Redirect::permanent(&format!("/news/{canonical}/{}", path_escape(&file)))
                .into_response(),
        );
    }
    page(st, Some(date), file).await
}

/// A path segment with the characters that would change a URL's meaning percent-encoded.
fn path_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn undated(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    page(st, None, file).await
}

async fn page(
    st: AppState,
    date: Option<chrono::NaiveDate>,
    file: String,
) -> Result<Response, AppError> {
    let key = format!("{}/{file}", views::day_path(date));
    let overlays = st.overlays.clone();
    let days = st.cache.clone();
    cached(st, key, move |s| {
        let Some((name, format)) = split_ext(&file) else {
            return Ok(None);
        };
        if name == "index" {
            let index = days.day_index(s)?;
            return day_answer_in(s, date, format, &index);
        }
        // An old slug (the item was edited, or its event merged into another) leads to the
        // item that has its event now.
        let c = match s.cluster_by_slug(name)? {
            Some(c) => Some(c),
            None => s.slug_moved_to(name)?,
        };
        let v = match c {
            Some(c) => views::item(s, &c)?,
            // The item of a story no event was coded from; once one is, its event's item.
            None => match views::story_of_slug(name)
                .map(|id| s.story(id))
                .transpose()?
                .flatten()
            {
                Some(story) => match story.clusters.first() {
                    Some(&id) => match s.cluster(id)? {
                        Some(c) => views::item(s, &c)?,
                        None => return Ok(None),
                    },
                    None => views::story_item(s, &story, views::story_date(&story))?,
                },
                None => return Ok(None),
            },
        };
        // An item is served under its own date and slug; other paths redirect to it.
        if v.slug != name
            || v.date.as_deref() != date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref()
        {
            let ext = file.rsplit_once('.').map_or("html", |(_, e)| e);
            return Ok(Some(Answer::Redirect(format!("{}.{ext}", v.path).into())));
        }
        Ok(page_answer(render_page(
            format,
            "item",
            &v,
            |v| render::item_html(v, &overlays),
            render::item_md,
        )))
    })
    .await
}

/// `/opinion/index.{ext}`: the opinion section.
async fn opinion_index(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let key = format!("/opinion/{file}");
    cached(st, key, move |s| {
        let Some(("index", format)) = split_ext(&file) else {
            return Ok(None);
        };
        Ok(page_answer(render_page(
            format,
            "opinions",
            &views::opinion_index(s)?,
            render::opinion_index_html,
            render::opinion_index_md,
        )))
    })
    .await
}

/// `/opinion/{y}/{m}/{d}/{slug}/index.{ext}`: one editorial.
async fn opinion(
    State(st): State<AppState>,
    Path((y, m, d, slug, file)): Path<(String, String, String, String, String)>,
) -> Result<Response, AppError> {
    let date = path_date(&y, &m, &d).ok_or(AppError::NotFound)?;
    let canonical = date_segments(date);
    if canonical != format!("{y}/{m}/{d}") {
        return Ok(Redirect::permanent(&format!(
            "/opinion/{canonical}/{}/{}",
            path_escape(&slug),
            path_escape(&file)
        ))
        .into_response());
    }
    let key = format!("/opinion/{canonical}/{slug}/{file}");
    cached(st, key, move |s| {
        let Some(("index", format)) = split_ext(&file) else {
            return Ok(None);
        };
        Ok(views::opinion(s, date, &slug)?.and_then(|v| {
            page_answer(render_page(
                format,
                "opinion",
                &v,
                render::opinion_html,
                render::opinion_md,
            ))
        }))
    })
    .await
}

/// The portal's routes, with [`http_policy`] on every answer and gzip for clients that
/// accept it.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/search", get(search))
        .route("/api/{file}", get(api_stories))
        .route("/{file}", get(front))
        .route("/news/undated/{file}", get(undated))
        .route("/news/{y}/{m}/{d}/{file}", get(dated))
        .route("/opinion/{file}", get(opinion_index))
        .route("/opinion/{y}/{m}/{d}/{slug}/{file}", get(opinion))
        .with_state(state)
        .layer(axum::middleware::from_fn(http_policy))
        .layer(tower_http::compression::CompressionLayer::new())
}

/// The Content-Security-Policy of every answer: pages load nothing, run nothing and may not
/// be framed; their one style sheet and the map's colours are inline.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What every answer carries: security headers (a strict CSP, `nosniff`, no referrer, no
/// framing), and for a page whose entity tag the client already holds (`If-None-Match`),
/// 304 Not Modified with no body instead of the page.
async fn http_policy(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let held = req.headers().get(header::IF_NONE_MATCH).cloned();
    let mut res = next.run(req).await;
    if let (Some(held), Some(etag)) = (held, res.headers().get(header::ETAG)) {
        if res.status() == StatusCode::OK && etag_matches(&held, etag) {
            let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
            for name in [header::ETAG, header::CACHE_CONTROL] {
                if let Some(v) = res.headers().get(&name) {
                    not_modified.headers_mut().insert(name, v.clone());
                }
            }
            res = not_modified;
        }
    }
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// `If-None-Match` against an entity tag, by weak comparison (RFC 9110 §13.1.2).
fn etag_matches(held: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(held), Ok(etag)) = (held.to_str(), etag.to_str()) else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let etag = bare(etag);
    held.split(',').any(|t| t.trim() == "*" || bare(t) == etag)
}

/// How the server treats its clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; more wait in the listen queue until one closes.
    pub connections: usize,
    /// A client must send a request's headers within this time, on a new connection and
    /// between requests on a kept-alive one; else the connection is closed.
    pub header_read: std::time::Duration,
    /// The longest a connection stays open, whatever it does.
    pub connection_life: std::time::Duration,
}

/// Limits for a public portal: 1,024 connections, 10 s to send headers, 5 minutes a
/// connection.
pub const LIMITS: Limits = Limits {
    connections: 1024,
    header_read: std::time::Duration::from_secs(10),
    connection_life: std::time::Duration::from_secs(300),
};

/// Serves the portal on `listener` (bound by the caller, so that a busy port is reported
/// before the server announces itself) until interrupted.
pub async fn serve(
    db: PathBuf,
    listener: std::net::TcpListener,
    base_url: Option<&str>,
    overlays: basemap::Overlays,
) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let own = format!("http://{}", listener.local_addr()?);
    let state = AppState::open(&db, threads * 2)
        .map_err(std::io::Error::other)?
        .with_base_url(base_url.unwrap_or(&own))
        .with_overlays(overlays);
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let watcher = state.clone();
    let watch_store = Store::open_for_reading(&db).map_err(std::io::Error::other)?;
    std::thread::spawn(move || {
        let e = watcher.watch(watch_store);
        eprintln!("dateline: watching the store for changes stopped: {e}");
    });
    // Day pages are rendered ahead, beside the requests, on one connection of the pool.
    let warming = state.clone();
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
        match warming.warm() {
            Ok(n) => eprintln!(
                "dateline: {n} front and day pages rendered ahead in {:.1} s",
                start.elapsed().as_secs_f64()
            ),
            Err(e) => eprintln!("dateline: rendering day pages ahead stopped: {e:?}"),
        }
        let start = std::time::Instant::now();
        match warming.with(|s| warming.index.of(s)) {
            Ok(ix) => eprintln!(
                "dateline: query index of {} items built in {:.1} s",
                ix.len(),
                start.elapsed().as_secs_f64()
            ),
            Err(e) => eprintln!("dateline: building the query index stopped: {e:?}"),
        }
    });
    let app = router(state);
    tokio::select! {
        r = accept_loop(listener, app, LIMITS) => r,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// Accepts connections up to `limits.connections` at once and serves each with HTTP/1.1
/// under `limits`' timeouts (hyper's header-read timer, which also bounds the idle time
/// between kept-alive requests, and a whole-connection deadline).
pub async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
) -> std::io::Result<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was taken: go on.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = tokio::time::timeout(limits.connection_life, conn).await;
            drop(slot);
        });
    }
}

#[cfg(test)]
mod tests;
