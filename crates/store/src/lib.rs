//! The embedded store: documents, claims, events and event clusters in one SQLite file.
//!
//! [`Store`] is the only writer of the database. [`Store::ingest`] adds one analysed document
//! in a single transaction (all or nothing): unchanged documents are skipped, changed ones
//! replaced, republished copies recognised ([`dateline_events::minhash`]) and each event put in
//! the cluster of the same real-world event or a new one ([`dateline_events::same_event`]).
//! Clustering is incremental: a new document only touches the clusters it joins.
//! Readers get [`Cluster`]s: the merged event with its sources, claims and related events.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use dateline_events::minhash;
use dateline_model::{Analysis, Claim, Document, Event, Item, Link, Opinion};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The schema version this code writes; older stores are upgraded on open.
pub const SCHEMA_VERSION: i64 = 9;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("the store was written by a newer dateline (schema {found}, this one knows {known})")]
    TooNew { found: i64, known: i64 },
    #[error("cannot lock {path} for writing: {source}")]
    Lock {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// What ingesting one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Replaced,
    Unchanged,
}

/// One outlet's report of a cluster's event.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub doc_id: String,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// The document this one republishes, when it is a copy.
    pub duplicate_of: Option<String>,
    /// The first words of the document's text.
    pub lead: String,
    /// The page's own description and lead image, when it gave them.
    pub description: Option<String>,
    pub image: Option<String>,
    /// True for a current-events item (its links are in [`Cluster::links`]).
    pub item: bool,
}

/// A claim with the sentence it came from and where it was published.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    pub claim: Claim,
    pub sentence: String,
    pub doc_id: String,
    pub outlet: Option<String>,
}

/// An earlier cluster related by shared context.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub id: i64,
    pub slug: String,
    pub date: Option<NaiveDate>,
    pub summary: String,
    pub context: Vec<String>,
}

/// One real-world event as told by one or more documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub id: i64,
    /// Stable URL name, fixed when the cluster is made.
    pub slug: String,
    pub date: Option<NaiveDate>,
    pub summary: String,
    /// The main report's event.
    pub event: Event,
    /// Every document's event in this cluster, main first.
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    pub context: Vec<String>,
    /// The current-events category, when an item tells this event.
    pub category: Option<String>,
    /// The source links of the item that tells this event.
    pub links: Vec<Link>,
}

/// A story: every document that tells it (as sources, in the order they were stored) and the
/// clusters of the events coded from them, in the order their first document came.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub id: i64,
    pub sources: Vec<Source>,
    pub clusters: Vec<i64>,
}

/// The SQLite store.
pub struct Store {
    conn: Connection,
    /// Held by a store opened for writing: the lock file beside the database, locked
    /// exclusively for as long as the store is open, so that one run writes at a time.
    _writer: Option<std::fs::File>,
}

/// The documents table's columns: the large ones (text, analysis) last, so that reading a
/// row's small columns (title, signature, item) never walks the overflow pages of the large.
macro_rules! documents_columns {
    () => {
        "(
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    original_outlet TEXT,
    title TEXT,
    published TEXT,
    signature BLOB NOT NULL,
    duplicate_of TEXT,
    item INTEGER NOT NULL DEFAULT 0,
    item_json TEXT,
    url_key TEXT,
    description TEXT,
    image TEXT,
    text TEXT NOT NULL,
    analysis TEXT NOT NULL
)"
    };
}

/// All columns of the documents table, for copying rows between its versions.
const DOCUMENTS_ALL: &str = "id, seq, content_hash, source, url, outlet, original_outlet, title, published, signature, duplicate_of, item, item_json, url_key, description, image, text, analysis";

const SCHEMA: &str = concat!(
    "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents ",
    documents_columns!(),
    ";
CREATE INDEX IF NOT EXISTS documents_url ON documents(url);
CREATE INDEX IF NOT EXISTS documents_seq ON documents(seq);
CREATE INDEX IF NOT EXISTS documents_url_key ON documents(url_key);
CREATE TABLE IF NOT EXISTS links (url_key TEXT NOT NULL, doc_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS links_url_key ON links(url_key);
CREATE INDEX IF NOT EXISTS links_doc ON links(doc_id);
CREATE TABLE IF NOT EXISTS slugs (slug TEXT PRIMARY KEY, event_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS opinions (
    source TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (date, slug)
);
CREATE INDEX IF NOT EXISTS slugs_event ON slugs(event_id);
CREATE TABLE IF NOT EXISTS doc_bands (hash INTEGER NOT NULL, seq INTEGER NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (hash, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_bands_doc ON doc_bands(doc_id);
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    claimant TEXT,
    low INTEGER, best INTEGER, high INTEGER,
    quantity_text TEXT,
    counted TEXT,
    action TEXT,
    deaths INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    cluster_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date TEXT,
    country_code TEXT,
    place_name TEXT,
    place_key TEXT,
    json TEXT NOT NULL,
    admin1 TEXT
);
CREATE INDEX IF NOT EXISTS events_match_name ON events(date, place_name);
CREATE INDEX IF NOT EXISTS events_match_key ON events(date, place_key);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster_id);
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    date TEXT,
    country_code TEXT,
    summary TEXT NOT NULL,
    context TEXT NOT NULL,
    main_event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clusters_date ON clusters(date);
CREATE INDEX IF NOT EXISTS clusters_country_date ON clusters(country_code, date);
CREATE INDEX IF NOT EXISTS clusters_related ON clusters(country_code, date, context);
CREATE TABLE IF NOT EXISTS stories (id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS doc_stories (doc_id TEXT PRIMARY KEY, story_id INTEGER NOT NULL, profile TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS doc_stories_story ON doc_stories(story_id);
CREATE TABLE IF NOT EXISTS story_terms (term TEXT NOT NULL, story_id INTEGER NOT NULL, PRIMARY KEY (term, story_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_terms_story ON story_terms(story_id);
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cluster_changes (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS cluster_changes_generation ON cluster_changes(generation);
CREATE TABLE IF NOT EXISTS story_changes (id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS story_changes_generation ON story_changes(generation);
CREATE VIRTUAL TABLE IF NOT EXISTS cluster_text USING fts5(summary, context, body, tokenize = 'unicode61 remove_diacritics 2');
"
);

/// A URL reduced to what names the page: no scheme, no "www.", no fragment, no trailing
/// slash, the host in lower case. Current-events items and articles are joined on it.
pub fn url_key(url: &str) -> String {
    let u = url.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .or_else(|| u.strip_prefix("//"))
        .unwrap_or(u);
    let (host, path) = u.split_once('/').unwrap_or((u, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    format!("{host}/{}", path.trim_end_matches('/'))
}

/// What a document says, hashed: everything but where it was read from this time (its
/// `source` path, and the warnings that name it), so the same bytes read through another
/// spelling of the path, or after the folder moved, are the same document, unchanged.
fn content_hash(doc: &mut Document) -> Result<String, StoreError> {
    let source = std::mem::take(&mut doc.source);
    let warnings = std::mem::take(&mut doc.warnings);
    let json = serde_json::to_vec(&*doc).map_err(|e| StoreError::Corrupt(e.to_string()));
    doc.source = source;
    doc.warnings = warnings;
    Ok(format!("{:016x}", minhash::fnv1a(&json?)))
}

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| dateline_model::dates::parse_iso_prefix(&s))
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// How many prepared statements a connection keeps: more than the store has.
const STATEMENT_CACHE: usize = 256;

impl Store {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::setup(conn)
    }

    /// Opens the store at `path` for a long run of writes (`ingest`, `update`): a larger page
    /// cache and fewer, larger WAL checkpoints, so index pages changed again and again are
    /// read and written once per checkpoint rather than once per few batches.
    ///
    /// One writer at a time: the store takes an exclusive lock on `<path>.lock` first, and
    /// when another run holds it calls `waiting` once and waits its turn, so two runs started
    /// together both store everything, one after the other. The lock is the operating
    /// system's (`flock`): it goes with the process, however it ends.
    pub fn open_for_writing(path: &Path, waiting: impl FnOnce()) -> Result<Store, StoreError> {
        let lock_path = {
            let mut p = path.as_os_str().to_owned();
            p.push(".lock");
            std::path::PathBuf::from(p)
        };
        let lock_err = |source| StoreError::Lock {
            path: lock_path.display().to_string(),
            source,
        };
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(lock_err)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock().map_err(lock_err)?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(lock_err(e)),
        }
        let mut store = Store::open(path)?;
        store._writer = Some(lock);
        store.conn.pragma_update(None, "cache_size", -131_072)?;
        store
            .conn
            .pragma_update(None, "wal_autocheckpoint", 16_384)?;
        Ok(store)
    }

    /// Opens the store at `path` for a reader that serves pages: reads go through
    /// memory-mapped pages (page reads were a sixth of an uncached item page's time).
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        store.conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        Ok(store)
    }

    /// Runs `f` inside one read transaction: every read in it sees the store as it was at the
    /// first (a long export stays whole while an ingest commits), and the file is locked once
    /// rather than once per statement. Inside another transaction, `f` just runs in it.
    pub fn snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        if !self.conn.is_autocommit() {
            return Ok(f(self));
        }
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let out = f(self);
        self.conn.execute_batch("ROLLBACK")?;
        Ok(out)
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -32_000)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Every statement the store runs stays prepared: storing one document runs some forty,
        // and rusqlite's default cache of 16 made each be parsed again every time (a seventh of
        // an ingest's time).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let found: Option<i64> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .unwrap_or(None)
            .and_then(|v| v.parse().ok());
        if let Some(found) = found {
            if found > SCHEMA_VERSION {
                return Err(StoreError::TooNew {
                    found,
                    known: SCHEMA_VERSION,
                });
            }
        }
        if found == Some(1) {
            // Version 2 added current-events items (their links and topics), page metadata
            // and the slug history.
            conn.execute_batch(
                "ALTER TABLE documents ADD COLUMN item_json TEXT;
                 ALTER TABLE documents ADD COLUMN url_key TEXT;
                 ALTER TABLE documents ADD COLUMN description TEXT;
                 ALTER TABLE documents ADD COLUMN image TEXT;",
            )?;
        }
        if found.is_some_and(|v| v < 3) {
            // Version 3 moved the large columns to the end of the documents table and keys
            // MinHash bands by (band, document order), so a band's latest documents are one
            // range of the table.
            conn.execute_batch(&format!(
                "BEGIN;
                 CREATE TABLE documents_v3 {};
                 INSERT INTO documents_v3 ({DOCUMENTS_ALL}) SELECT {DOCUMENTS_ALL} FROM documents;
                 DROP TABLE documents;
                 ALTER TABLE documents_v3 RENAME TO documents;
                 CREATE TABLE doc_bands_v3 (hash INTEGER NOT NULL, seq INTEGER NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (hash, seq)) WITHOUT ROWID;
                 INSERT OR IGNORE INTO doc_bands_v3 (hash, seq, doc_id)
                     SELECT b.hash, d.seq, b.doc_id FROM doc_bands b JOIN documents d ON d.id = b.doc_id;
                 DROP TABLE doc_bands;
                 ALTER TABLE doc_bands_v3 RENAME TO doc_bands;
                 COMMIT;",
                documents_columns!()
            ))?;
        }
        if found.is_some_and(|v| v < 8) {
            // Version 8 keeps each event's admin1 in a column: stories compare regions for
            // every document stored, and reading them from the events' JSON each time was a
            // fifth of an ingest of 30,000 documents.
            let has: bool = conn
                .prepare("SELECT 1 FROM pragma_table_info('events') WHERE name = 'admin1'")?
                .exists([])?;
            if !has {
                conn.execute_batch("ALTER TABLE events ADD COLUMN admin1 TEXT;")?;
            }
            conn.execute_batch("UPDATE events SET admin1 = json_extract(json, '$.place.admin1');")?;
        }
        conn.execute_batch(SCHEMA)?;
        if found == Some(1) {
            let urls: Vec<(String, String)> = {
                let mut st = conn.prepare("SELECT id, url FROM documents WHERE url IS NOT NULL")?;
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            for (id, url) in urls {
                conn.execute(
                    "UPDATE documents SET url_key = ?2 WHERE id = ?1",
                    params![id, url_key(&url)],
                )?;
            }
            conn.execute_batch(
                "INSERT OR IGNORE INTO slugs (slug, event_id) SELECT slug, main_event FROM clusters",
            )?;
        }
        if found.is_some_and(|v| v < 4) {
            // Version 4 hashes a document without the path it was read from: the stored
            // hashes are made again from the stored documents, so that the next ingest of the
            // same files finds them unchanged instead of replacing (and re-clustering) them.
            rehash_documents(&conn)?;
        }
        if found.is_some_and(|v| v < 5) {
            // Version 5 puts every document in a story: the stored ones, in the order they
            // came, as if ingested again.
            assign_all_stories(&conn)?;
        }
        if found.is_some_and(|v| v < 6) {
            // Version 6 indexes each item's text for full-text search (`cluster_text`).
            let tx = conn.unchecked_transaction()?;
            let ids: Vec<i64> = {
                let mut st = tx.prepare("SELECT id FROM clusters")?;
                let rows = st.query_map([], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            for id in ids {
                index_cluster_text(&tx, id)?;
            }
            tx.commit()?;
        }
        if found.is_some_and(|v| (5..7).contains(&v)) {
            // Version 7 holds a story to the span of all its documents' dates and to its
            // events' regions: stories made before ran together over weeks, and are made again.
            reassign_all_stories(&conn)?;
        }
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?1)",
            params![SCHEMA_VERSION.to_string()],
        )?;
        Ok(Store {
            conn,
            _writer: None,
        })
    }

    /// Full-text matching over items (their summaries, context names and every source's
    /// title and lead): the ids of the items in which every one of `terms` appears, as a word
    /// or a word's beginning ("airstr" finds "airstrike"), in id order. With `summary_only`,
    /// the terms must all appear in the summary. No ranking here: what a query selects and in
    /// which order is decided by the reader (`web::query`).
    pub fn text_matches(
        &self,
        terms: &[String],
        summary_only: bool,
    ) -> Result<Vec<i64>, StoreError> {
        // Each term quoted: FTS5 operators and punctuation in a user's words are text.
        let expr: Vec<String> = terms
            .iter()
            .map(|t| t.replace('"', ""))
            .filter(|t| !t.trim().is_empty())
            .map(|t| format!("\"{}\"*", t.trim()))
            .collect();
        if expr.is_empty() {
            return Ok(Vec::new());
        }
        let mut expr = expr.join(" AND ");
        if summary_only {
            expr = format!("summary : ({expr})");
        }
        let mut st = self
            .conn
            .prepare_cached("SELECT rowid FROM cluster_text WHERE cluster_text MATCH ?1")?;
        let rows = st.query_map(params![expr], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The text an item is found by (summary, context names, sources' titles and leads), as
    /// the full-text index holds it: for snippets of the items on a page.
    pub fn item_text(&self, id: i64) -> Result<Option<[String; 3]>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT summary, context, body FROM cluster_text WHERE rowid = ?1")?
            .query_row(params![id], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))
            .optional()?)
    }

    /// Stores one analysed document (see the module docs). All or nothing.
    pub fn ingest(&mut self, a: &Analysis) -> Result<Outcome, StoreError> {
        Ok(self.ingest_many(std::slice::from_ref(a))?.remove(0))
    }

    /// Stores a batch of analysed documents in one transaction: all or nothing, and much
    /// faster than one transaction each.
    pub fn ingest_many(&mut self, batch: &[Analysis]) -> Result<Vec<Outcome>, StoreError> {
        let prepared = batch
            .iter()
            .map(|a| Prepared::new(a.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        self.ingest_prepared(&prepared)
    }

    /// [`Store::ingest_many`] for documents prepared ahead ([`Prepared::new`], on any thread):
    /// the single writer then only reads and writes the database.
    pub fn ingest_prepared(&mut self, batch: &[Prepared]) -> Result<Vec<Outcome>, StoreError> {
        self.ingest_noting(batch, &mut Vec::new())
    }

    /// [`Store::ingest_prepared`], noting in `notes` each document that replaced one of its
    /// id read from another place ("a/index.txt" stored, now "b/index.txt" with other
    /// content): two sources that share an id, which the caller should report.
    pub fn ingest_noting(
        &mut self,
        batch: &[Prepared],
        notes: &mut Vec<String>,
    ) -> Result<Vec<Outcome>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(batch.len());
        // What the transaction reads of its stories, kept until it ends (commit or error).
        let mut cache = StoryCache::default();
        for p in batch {
            out.push(ingest_in(&tx, p, notes, &mut cache)?);
        }
        cache.write_counts(&tx)?;
        if out.iter().any(|o| *o != Outcome::Unchanged) {
            bump_generation(&tx)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// The ids of the clusters changed or removed in generations after `generation` (a
    /// removed one is no longer found by [`Store::cluster`]): what a reader that read the
    /// store at `generation` must read again. Recorded since store version 9; a reader of an
    /// older generation reads everything again.
    pub fn clusters_changed_since(&self, generation: i64) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM cluster_changes WHERE generation > ?1 ORDER BY id")?;
        let rows = st.query_map(params![generation], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ids of the stories whose documents changed (or that were merged away) in
    /// generations after `generation`, as [`Store::clusters_changed_since`] for clusters.
    pub fn stories_changed_since(&self, generation: i64) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM story_changes WHERE generation > ?1 ORDER BY id")?;
        let rows = st.query_map(params![generation], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A number that changes whenever stored content changes (each committed ingest or
    /// editorial batch that changed something): readers that cache pages compare it.
    pub fn generation(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// Stores editorials (keyed by their file): unchanged ones are skipped, changed ones
    /// replaced; a title already used on the same day gets a numbered slug. All or nothing.
    pub fn put_opinions(&mut self, ops: &[Opinion]) -> Result<Vec<Outcome>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::new();
        for o in ops {
            let old: Option<(String, String, String, String, String)> = tx
                .query_row(
                    "SELECT slug, date, title, author, body FROM opinions WHERE source = ?1",
                    params![o.source],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?;
            let date = o.date.format("%Y-%m-%d").to_string();
            let outcome = match old {
                Some((_, d, t, a, b))
                    if d == date && t == o.title && a == o.author && b == o.body =>
                {
                    out.push(Outcome::Unchanged);
                    continue;
                }
                Some(_) => Outcome::Replaced,
                None => Outcome::Added,
            };
            tx.execute("DELETE FROM opinions WHERE source = ?1", params![o.source])?;
            let mut slug = o.slug.clone();
            let mut n = 1;
            while tx
                .query_row(
                    "SELECT 1 FROM opinions WHERE date = ?1 AND slug = ?2",
                    params![date, slug],
                    |_| Ok(()),
                )
                .optional()?
                .is_some()
            {
                n += 1;
                slug = format!("{}-{n}", o.slug);
            }
            tx.execute(
                "INSERT INTO opinions (source, slug, date, title, author, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![o.source, slug, date, o.title, o.author, o.body],
            )?;
            out.push(outcome);
        }
        if out.iter().any(|o| *o != Outcome::Unchanged) {
            bump_generation(&tx)?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// True when the file at `path` is not recorded with this size and modification time
    /// (`dateline update` reads only such files).
    pub fn file_changed(&self, path: &str, size: i64, mtime: i64) -> Result<bool, StoreError> {
        let seen: Option<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT size, mtime FROM files WHERE path = ?1")?
            .query_row(params![path], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(seen != Some((size, mtime)))
    }

    /// Records files as read, with their size and modification time.
    pub fn mark_files(&mut self, files: &[(String, i64, i64)]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        for (path, size, mtime) in files {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO files (path, size, mtime) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![path, size, mtime])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Editorials, newest first (then by title).
    pub fn opinions(&self) -> Result<Vec<Opinion>, StoreError> {
        self.opinions_where("1 = 1", params![])
    }

    /// The editorial of this day with this slug.
    pub fn opinion(&self, date: NaiveDate, slug: &str) -> Result<Option<Opinion>, StoreError> {
        Ok(self
            .opinions_where(
                "date = ?1 AND slug = ?2",
                params![date_str(Some(date)), slug],
            )?
            .pop())
    }

    fn opinions_where(
        &self,
        cond: &str,
        p: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Opinion>, StoreError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT slug, date, title, author, body, source FROM opinions WHERE {cond} ORDER BY date DESC, title, slug"
        ))?;
        let rows = st.query_map(p, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (slug, date, title, author, body, source) = row?;
            let date = parse_date(Some(date.clone()))
                .ok_or_else(|| StoreError::Corrupt(format!("opinion date {date:?}")))?;
            out.push(Opinion {
                slug,
                title,
                author,
                date,
                body,
                source,
            });
        }
        Ok(out)
    }

    /// Number of stored documents, events and clusters.
    pub fn counts(&self) -> Result<(i64, i64, i64), StoreError> {
        let n = |t: &str| -> Result<i64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok((n("documents")?, n("events")?, n("clusters")?))
    }

    /// Ids of the clusters of one day (None: the undated ones), in order of creation.
    pub fn cluster_ids_on(&self, date: Option<NaiveDate>) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM clusters WHERE date IS ?1 ORDER BY id")?;
        let rows = st.query_map(params![date_str(date)], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every cluster id, by date then creation.
    pub fn all_cluster_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM clusters ORDER BY date IS NULL, date, id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ids of the items dated within `from`..=`to` (either open) and, when `country` is
    /// given, placed in that country (ISO alpha-2): newest first, then in the order they
    /// came. Undated items only when no date bound is given. Read through the
    /// `clusters(country_code, date)` and `clusters(date)` indexes.
    pub fn cluster_ids_where(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        country: Option<&str>,
    ) -> Result<Vec<i64>, StoreError> {
        let dated = from.is_some() || to.is_some();
        let mut st = self.conn.prepare_cached(
            "SELECT id FROM clusters
             WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)
               AND (?3 = 0 OR date IS NOT NULL)
               AND (?4 IS NULL OR country_code = ?4)
             ORDER BY date IS NULL, date DESC, id",
        )?;
        let rows = st.query_map(
            params![date_str(from), date_str(to), dated as i64, country],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cluster with this slug.
    pub fn cluster_by_slug(&self, slug: &str) -> Result<Option<Cluster>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM clusters WHERE slug = ?1")?
            .query_row(params![slug], |r| r.get(0))
            .optional()?;
        id.map(|id| self.cluster(id))
            .transpose()
            .map(Option::flatten)
    }

    /// One cluster with its events and sources.
    pub fn cluster(&self, id: i64) -> Result<Option<Cluster>, StoreError> {
        let head: Option<Head> = self
            .conn
            .prepare_cached(
                "SELECT id, slug, date, summary, context, main_event FROM clusters WHERE id = ?1",
            )?
            .query_row(params![id], head_row)
            .optional()?;
        let Some(head) = head else {
            return Ok(None);
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT e.cluster_id, {REPORT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE e.cluster_id = ?1 ORDER BY d.seq, e.idx"
        ))?;
        let rows = st
            .query_map(params![id], report_row)?
            .map(|r| r.map(|(_, report)| report))
            .collect::<Result<Vec<_>, _>>()?;
        assemble(head, rows).map(Some)
    }

    /// The clusters with these ids, in the order asked (ids no cluster has are left out): two
    /// statements for the whole list, however long, rather than two per cluster.
    pub fn clusters(&self, ids: &[i64]) -> Result<Vec<Cluster>, StoreError> {
        let list = to_json(&ids)?;
        let mut heads: std::collections::HashMap<i64, Head> = self
            .conn
            .prepare_cached(
                "SELECT id, slug, date, summary, context, main_event FROM clusters
                 WHERE id IN (SELECT value FROM json_each(?1))",
            )?
            .query_map(params![list], head_row)?
            .map(|h| h.map(|h| (h.id, h)))
            .collect::<Result<_, _>>()?;
        let mut reports: std::collections::HashMap<i64, Vec<Report>> = Default::default();
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT e.cluster_id, {REPORT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE e.cluster_id IN (SELECT value FROM json_each(?1)) ORDER BY e.cluster_id, d.seq, e.idx"
        ))?;
        for row in st.query_map(params![list], report_row)? {
            let (cluster, report) = row?;
            reports.entry(cluster).or_default().push(report);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(h) = heads.remove(id) {
                out.push(assemble(h, reports.remove(id).unwrap_or_default())?);
            }
        }
        Ok(out)
    }

    /// Every cluster, in id order, handed to `f` one at a time: two queries for the whole
    /// store, read side by side, so memory holds one cluster however large the store.
    pub fn each_cluster(
        &self,
        mut f: impl FnMut(Cluster) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut heads = self.conn.prepare(
            "SELECT id, slug, date, summary, context, main_event FROM clusters ORDER BY id",
        )?;
        let mut reports = self.conn.prepare(&format!(
            "SELECT e.cluster_id, {REPORT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
             ORDER BY e.cluster_id, d.seq, e.idx"
        ))?;
        let mut reports = reports.query_map([], report_row)?.peekable();
        for head in heads.query_map([], head_row)? {
            let head = head?;
            let mut rows = Vec::new();
            // Reports of clusters with no head row (none in a sound store) are passed over.
            while let Some(next) = reports.peek() {
                match next {
                    Ok((cluster, _)) if *cluster < head.id => {
                        reports.next();
                    }
                    Ok((cluster, _)) if *cluster == head.id => {
                        if let Some(Ok((_, report))) = reports.next() {
                            rows.push(report);
                        }
                    }
                    Ok(_) => break,
                    Err(_) => {
                        if let Some(Err(e)) = reports.next() {
                            return Err(e.into());
                        }
                    }
                }
            }
            f(assemble(head, rows)?)?;
        }
        Ok(())
    }

    /// Every cluster of one day (None: the undated ones), in order of creation: two queries
    /// for the whole day.
    pub fn clusters_on(&self, date: Option<NaiveDate>) -> Result<Vec<Cluster>, StoreError> {
        let day = date_str(date);
        let heads: Vec<Head> = self
            .conn
            .prepare_cached(
                "SELECT id, slug, date, summary, context, main_event FROM clusters WHERE date IS ?1 ORDER BY id",
            )?
            .query_map(params![day], head_row)?
            .collect::<Result<_, _>>()?;
        let mut reports: std::collections::HashMap<i64, Vec<Report>> = Default::default();
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT e.cluster_id, {REPORT_COLUMNS} FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE e.cluster_id IN (SELECT id FROM clusters WHERE date IS ?1) ORDER BY e.cluster_id, d.seq, e.idx"
        ))?;
        for row in st.query_map(params![day], report_row)? {
            let (cluster, report) = row?;
            reports.entry(cluster).or_default().push(report);
        }
        heads
            .into_iter()
            .map(|h| {
                let rows = reports.remove(&h.id).unwrap_or_default();
                assemble(h, rows)
            })
            .collect()
    }

    /// Every story, in the order of its first document: two queries for the whole store.
    pub fn stories(&self) -> Result<Vec<Story>, StoreError> {
        let mut out: Vec<Story> = Vec::new();
        let mut st = self.conn.prepare_cached(concat!(
            "SELECT ds.story_id, ",
            source_columns!(),
            " FROM doc_stories ds JOIN documents d ON d.id = ds.doc_id
             ORDER BY (SELECT MIN(d2.seq) FROM doc_stories s2 JOIN documents d2 ON d2.id = s2.doc_id WHERE s2.story_id = ds.story_id), d.seq"
        ))?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, source_row(r, 1)?)))?;
        let mut index: std::collections::HashMap<i64, usize> = Default::default();
        for row in rows {
            let (id, source) = row?;
            let at = *index.entry(id).or_insert_with(|| {
                out.push(Story {
                    id,
                    sources: Vec::new(),
                    clusters: Vec::new(),
                });
                out.len() - 1
            });
            out[at].sources.push(source);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT ds.story_id, e.cluster_id, MIN(d.seq) AS first FROM events e
             JOIN doc_stories ds ON ds.doc_id = e.doc_id JOIN documents d ON d.id = e.doc_id
             GROUP BY ds.story_id, e.cluster_id ORDER BY ds.story_id, first, e.cluster_id",
        )?;
        for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (story, cluster) = row?;
            if let Some(&at) = index.get(&story) {
                if !out[at].clusters.contains(&cluster) {
                    out[at].clusters.push(cluster);
                }
            }
        }
        Ok(out)
    }

    /// Each event cluster's story: one pass over the events, in the order they were stored
    /// (the reports of one cluster share a story: a document whose event joins a cluster
    /// joins that cluster's story).
    pub fn cluster_stories(&self) -> Result<std::collections::HashMap<i64, i64>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.cluster_id, ds.story_id FROM events e
             JOIN doc_stories ds ON ds.doc_id = e.doc_id ORDER BY e.rowid",
        )?;
        let mut out = std::collections::HashMap::new();
        for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (cluster, story) = row?;
            out.entry(cluster).or_insert(story);
        }
        Ok(out)
    }

    /// The story an event cluster's reports belong to (that of its first stored event).
    pub fn story_of_cluster(&self, cluster: i64) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT ds.story_id FROM events e JOIN doc_stories ds ON ds.doc_id = e.doc_id
                 WHERE e.cluster_id = ?1 ORDER BY e.rowid LIMIT 1",
            )?
            .query_row(params![cluster], |r| r.get(0))
            .optional()?)
    }

    /// Up to `limit` other event clusters of `cluster`'s story, in the order they were
    /// stored: what the story's reports also tell. Their headings only, read without reading
    /// the whole story (a long-running one has hundreds of events).
    pub fn story_others(&self, cluster: i64, limit: usize) -> Result<Vec<Related>, StoreError> {
        let Some(story) = self.story_of_cluster(cluster)? else {
            return Ok(Vec::new());
        };
        // The story's documents in the order they joined it (its index's order: no sort),
        // read only until `limit` other clusters are found.
        let mut ids: Vec<i64> = Vec::with_capacity(limit);
        let mut st = self.conn.prepare_cached(
            "SELECT e.cluster_id FROM doc_stories ds JOIN events e ON e.doc_id = ds.doc_id
             WHERE ds.story_id = ?1 ORDER BY ds.rowid",
        )?;
        let mut rows = st.query(params![story])?;
        while ids.len() < limit {
            let Some(row) = rows.next()? else { break };
            let id: i64 = row.get(0)?;
            if id != cluster && !ids.contains(&id) {
                ids.push(id);
            }
        }
        drop(rows);
        let mut st = self
            .conn
            .prepare_cached("SELECT slug, summary, date, context FROM clusters WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let (slug, summary, date, context): (String, String, Option<String>, String) = st
                .query_row(params![id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            out.push(Related {
                id,
                slug,
                date: parse_date(date),
                summary,
                context: from_json(&context)?,
            });
        }
        Ok(out)
    }

    /// The cluster that stands for each story with events, with its date: the first dated one
    /// in reading order (its documents in the order stored, their events in text order), else
    /// the first. A story is one item on the day pages and feeds; its other events (a
    /// background clash, an earlier strike the report recalls) are told inside it. In story
    /// order.
    pub fn story_heads(&self) -> Result<Vec<(i64, Option<NaiveDate>)>, StoreError> {
        // Events are stored in reading order (documents as stored, each one's in text order).
        let mut st = self.conn.prepare_cached(
            "SELECT ds.story_id, e.cluster_id, c.date FROM events e
             JOIN doc_stories ds ON ds.doc_id = e.doc_id
             JOIN clusters c ON c.id = e.cluster_id ORDER BY ds.story_id, e.rowid",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        // Per story: its first cluster, replaced once by its first dated one.
        let mut out: Vec<(i64, i64, Option<NaiveDate>)> = Vec::new();
        for row in rows {
            let (story, cluster, date) = row?;
            let date = parse_date(date);
            match out.last_mut() {
                Some(last) if last.0 == story => {
                    if last.2.is_none() && date.is_some() {
                        *last = (story, cluster, date);
                    }
                }
                _ => out.push((story, cluster, date)),
            }
        }
        Ok(out.into_iter().map(|(_, c, d)| (c, d)).collect())
    }

    /// Stories none of whose documents an event was coded from (a quake, a trial, a match),
    /// with their date: the earliest publication date of their documents. The portal lists
    /// them as items of their own. In story order.
    pub fn eventless_stories(&self) -> Result<Vec<(i64, Option<NaiveDate>)>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT ds.story_id, MIN(substr(d.published, 1, 10)) FROM doc_stories ds
             JOIN documents d ON d.id = ds.doc_id
             WHERE ds.story_id NOT IN (SELECT s2.story_id FROM events e
                                       JOIN doc_stories s2 ON s2.doc_id = e.doc_id)
             GROUP BY ds.story_id ORDER BY ds.story_id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, date) = row?;
            out.push((id, parse_date(date)));
        }
        Ok(out)
    }

    /// One story with its documents (in reading order) and its events' clusters; None when no
    /// document is in it (merged into another, or never made).
    pub fn story(&self, id: i64) -> Result<Option<Story>, StoreError> {
        let mut st = self.conn.prepare_cached(concat!(
            "SELECT ",
            source_columns!(),
            " FROM doc_stories ds JOIN documents d ON d.id = ds.doc_id WHERE ds.story_id = ?1
             ORDER BY d.seq"
        ))?;
        let sources = st
            .query_map(params![id], |r| source_row(r, 0))?
            .collect::<Result<Vec<_>, _>>()?;
        if sources.is_empty() {
            return Ok(None);
        }
        Ok(Some(Story {
            id,
            sources,
            clusters: self.story_clusters(id)?,
        }))
    }

    /// The clusters of a story's events, in the order their first document came.
    pub fn story_clusters(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.cluster_id, MIN(d.seq) AS first FROM events e
             JOIN doc_stories ds ON ds.doc_id = e.doc_id JOIN documents d ON d.id = e.doc_id
             WHERE ds.story_id = ?1 GROUP BY e.cluster_id ORDER BY first, e.cluster_id",
        )?;
        let clusters = st
            .query_map(params![id], |r| r.get::<_, i64>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(clusters)
    }

    /// The claims behind a cluster: every claim of its events, with sentence and outlet.
    pub fn claims_of(&self, cluster: &Cluster) -> Result<Vec<ClaimRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT json, doc_id FROM claims WHERE id = ?1")?;
        let mut rows = Vec::new();
        for e in &cluster.events {
            for cid in &e.claims {
                if let Some(row) = st
                    .query_row(params![cid], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                {
                    rows.push(row);
                }
            }
        }
        self.claim_rows(rows)
    }

    /// Every claim of the documents, in their order and the claims' (a story no event was
    /// coded from still has its figures and who gives them).
    pub fn claims_of_documents(&self, docs: &[String]) -> Result<Vec<ClaimRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT json, doc_id FROM claims WHERE doc_id = ?1 ORDER BY rowid")?;
        let mut rows = Vec::new();
        for d in docs {
            for row in st.query_map(params![d], |r| Ok((r.get(0)?, r.get(1)?)))? {
                rows.push(row?);
            }
        }
        self.claim_rows(rows)
    }

    /// Claims (JSON, document id) with their sentences and outlets.
    fn claim_rows(&self, rows: Vec<(String, String)>) -> Result<Vec<ClaimRow>, StoreError> {
        let mut out = Vec::new();
        let mut doc_st = self
            .conn
            .prepare_cached("SELECT text, outlet FROM documents WHERE id = ?1")?;
        // Each document's text is read once, however many of its claims are shown.
        let mut docs: std::collections::HashMap<String, (String, Option<String>)> =
            Default::default();
        for (json, doc_id) in rows {
            if !docs.contains_key(&doc_id) {
                let d: Option<(String, Option<String>)> = doc_st
                    .query_row(params![doc_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let Some(d) = d else { continue };
                docs.insert(doc_id.clone(), d);
            }
            let Some((text, outlet)) = docs.get(&doc_id) else {
                continue;
            };
            let outlet = outlet.clone();
            let claim: Claim = from_json(&json)?;
            let sentence = claim.span.slice(text).to_string();
            out.push(ClaimRow {
                claim,
                sentence,
                doc_id,
                outlet,
            });
        }
        Ok(out)
    }

    /// Up to `limit` earlier clusters sharing context with this one, ranked by how much they
    /// share, then by recency, among the 200 latest earlier clusters of the same country.
    pub fn related(&self, cluster: &Cluster, limit: usize) -> Result<Vec<Related>, StoreError> {
        let cc = cluster.event.place.as_ref().map(|p| p.country_code.clone());
        // Two forms so that each walks the (country_code, date, context) index backwards: no
        // sort of the country's clusters and no table reads for candidates (12 ms against
        // 0.3 ms on 100,000 clusters); only the chosen few are read in full.
        let mut st = if cluster.date.is_some() {
            self.conn.prepare_cached(
                "SELECT id, date, context FROM clusters INDEXED BY clusters_related
                 WHERE country_code IS ?2 AND date IS NOT NULL AND date <= ?3 AND id != ?1
                 ORDER BY date DESC, id DESC LIMIT 200",
            )?
        } else {
            self.conn.prepare_cached(
                "SELECT id, date, context FROM clusters INDEXED BY clusters_related
                 WHERE country_code IS ?2 AND id != ?1 AND ?3 IS NULL
                 ORDER BY date DESC, id DESC LIMIT 200",
            )?
        };
        // A candidate's context is a JSON array of strings: an entry is shared when its JSON
        // form (quotes included) is in the array's text, so candidates are never parsed.
        let encoded: Vec<String> = cluster
            .context
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let quoted: Vec<(&String, memchr::memmem::Finder)> = cluster
            .context
            .iter()
            .zip(&encoded)
            .map(|(c, q)| (c, memchr::memmem::Finder::new(q.as_bytes())))
            .collect();
        let mut rows = st.query(params![cluster.id, cc, date_str(cluster.date)])?;
        // Each candidate is kept as (how many shared, id, which ones as bits): strings are made
        // only for the few shown (most of a country's clusters share two or more entries).
        let mut scored: Vec<(u32, i64, u64)> = Vec::new();
        while let Some(r) = rows.next()? {
            let raw = r
                .get_ref(2)?
                .as_str()
                .map_err(|e| StoreError::Corrupt(format!("cluster context: {e}")))?;
            let bits = quoted
                .iter()
                .take(64)
                .enumerate()
                .filter(|(_, (_, q))| q.find(raw.as_bytes()).is_some())
                .fold(0u64, |b, (i, _)| b | 1 << i);
            if bits.count_ones() >= 2 {
                scored.push((bits.count_ones(), r.get::<_, i64>(0)?, bits));
            }
        }
        // Stable sort keeps the date order among equals.
        scored.sort_by_key(|(n, ..)| std::cmp::Reverse(*n));
        let mut names = self
            .conn
            .prepare_cached("SELECT slug, summary, date FROM clusters WHERE id = ?1")?;
        let mut out = Vec::new();
        for (_, id, bits) in scored.into_iter().take(limit) {
            let (slug, summary, date): (String, String, Option<String>) =
                names.query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let context = quoted
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && bits & 1 << i != 0)
                .map(|(_, (c, _))| (*c).clone())
                .collect();
            out.push(Related {
                id,
                slug,
                date: parse_date(date),
                summary,
                context,
            });
        }
        Ok(out)
    }

    /// The cluster an old slug (one a cluster had before its document was edited or its
    /// event merged elsewhere) now belongs to.
    pub fn slug_moved_to(&self, slug: &str) -> Result<Option<Cluster>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT e.cluster_id FROM slugs s JOIN events e ON e.id = s.event_id WHERE s.slug = ?1",
            )?
            .query_row(
                params![slug],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.cluster(id))
            .transpose()
            .map(Option::flatten)
    }

    /// The stored analysis of a document.
    pub fn analysis(&self, doc_id: &str) -> Result<Option<Analysis>, StoreError> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT analysis FROM documents WHERE id = ?1")?
            .query_row(params![doc_id], |r| r.get(0))
            .optional()?;
        json.map(|j| from_json(&j)).transpose()
    }
}

/// A cluster's own row.
struct Head {
    id: i64,
    slug: String,
    date: Option<String>,
    summary: String,
    context: String,
    main: String,
}

fn head_row(r: &rusqlite::Row) -> rusqlite::Result<Head> {
    Ok(Head {
        id: r.get(0)?,
        slug: r.get(1)?,
        date: r.get(2)?,
        summary: r.get(3)?,
        context: r.get(4)?,
        main: r.get(5)?,
    })
}

/// One document's event in a cluster: the event's JSON, the document as a source, and the
/// document's item JSON when it is a current-events item.
type Report = (String, Source, Option<String>);

const REPORT_COLUMNS: &str = concat!("e.json, ", source_columns!(), ", d.item_json");

/// A document's columns as a [`Source`] ([`source_row`] reads them).
macro_rules! source_columns {
    () => {
        "d.id, d.outlet, d.original_outlet, d.title, d.url, d.published, d.duplicate_of,
    substr(d.text, 1, 400), d.description, d.image, d.item"
    };
}
use source_columns;

fn report_row(r: &rusqlite::Row) -> rusqlite::Result<(i64, Report)> {
    Ok((r.get(0)?, (r.get(1)?, source_row(r, 2)?, r.get(13)?)))
}

/// A document as a source, from [`SOURCE_COLUMNS`] read from column `at` on.
fn source_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Source> {
    Ok(Source {
        doc_id: r.get(at)?,
        outlet: r.get(at + 1)?,
        original_outlet: r.get(at + 2)?,
        title: r.get(at + 3)?,
        url: r.get(at + 4)?,
        published: parse_date(r.get(at + 5)?),
        duplicate_of: r.get(at + 6)?,
        lead: r.get(at + 7)?,
        description: r.get(at + 8)?,
        image: r.get(at + 9)?,
        item: r.get(at + 10)?,
    })
}

/// A cluster from its row and its reports (in document order): the main event first, each
/// document once among the sources, the main item's category and links.
fn assemble(h: Head, rows: Vec<Report>) -> Result<Cluster, StoreError> {
    let mut events = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut item: Option<Item> = None;
    for (json, source, item_json) in rows {
        let e: Event = from_json(&json)?;
        if e.id == h.main {
            if let Some(j) = &item_json {
                item = Some(from_json(j)?);
            }
            events.insert(0, e);
        } else {
            events.push(e);
        }
        if !sources.iter().any(|s| s.doc_id == source.doc_id) {
            sources.push(source);
        }
    }
    let Some(event) = events.first().cloned() else {
        return Err(StoreError::Corrupt(format!(
            "cluster {} has no events",
            h.id
        )));
    };
    Ok(Cluster {
        id: h.id,
        slug: h.slug,
        date: parse_date(h.date),
        summary: h.summary,
        event,
        events,
        sources,
        context: from_json(&h.context)?,
        category: item.as_ref().and_then(|i| i.category.clone()),
        links: item.map(|i| i.links).unwrap_or_default(),
    })
}

/// An analysed document with what storing it needs computed ahead, off the writer's thread:
/// its content hash, MinHash signature and stored JSON.
pub struct Prepared {
    analysis: Analysis,
    hash: String,
    signature: minhash::Signature,
    json: String,
    profile: dateline_events::story::Profile,
}

impl Prepared {
    pub fn new(mut analysis: Analysis) -> Result<Prepared, StoreError> {
        Ok(Prepared {
            hash: content_hash(&mut analysis.document)?,
            signature: minhash::signature(&analysis.document.text),
            json: to_json(&analysis)?,
            profile: story_profile(&analysis),
            analysis,
        })
    }
}

impl Prepared {
    /// About how many bytes the prepared document holds (its text and its analysis as
    /// stored): what a caller batching documents weighs against its memory.
    pub fn size(&self) -> usize {
        self.json.len() + self.analysis.document.text.len()
    }
}

/// The profile a document's story is found by: its words, and its date — the publication
/// date, else the earliest date of the events it reports (a dated note or wire copy without
/// a dateline): reports of events weeks apart are two stories, however alike their words.
fn story_profile(a: &Analysis) -> dateline_events::story::Profile {
    let d = &a.document;
    let event_date = a.events.iter().filter_map(|e| e.date).min();
    dateline_events::story::Profile::of(d.title.as_deref(), &d.text, d.published.or(event_date))
}

/// Stores one analysed document inside the caller's transaction.
fn ingest_in(
    tx: &Transaction,
    p: &Prepared,
    notes: &mut Vec<String>,
    cache: &mut StoryCache,
) -> Result<Outcome, StoreError> {
    let (a, hash) = (&p.analysis, &p.hash);
    let old: Option<(String, String)> = tx
        .query_row(
            "SELECT content_hash, source FROM documents WHERE id = ?1",
            params![a.document.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let outcome = match old {
        Some((h, _)) if h == *hash => return Ok(Outcome::Unchanged),
        Some((_, source)) => {
            if source != a.document.source {
                notes.push(format!(
                    "{}: its id {:?} was the document read from {source}, now replaced by this one",
                    a.document.source, a.document.id
                ));
            }
            cache.write_counts(tx)?;
            remove_document(tx, &a.document.id)?;
            // Its story lost a document and its terms their counts: read all again.
            *cache = StoryCache::default();
            Outcome::Replaced
        }
        None => Outcome::Added,
    };
    let seq: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents")?
        .query_row([], |r| r.get(0))?;
    let sig = p.signature;
    let bands = minhash::bands(&sig);
    let duplicate_of = find_duplicate(tx, &sig, &bands, &a.document.id)?;
    let d = &a.document;
    let item_json = d.item.as_ref().map(to_json).transpose()?;
    tx.prepare_cached("INSERT INTO documents (id, seq, content_hash, source, url, outlet, original_outlet, title, published, text, analysis, signature, duplicate_of, item, item_json, url_key, description, image)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)")?.execute(
        params![
            d.id, seq, hash, d.source, d.url, d.outlet, d.original_outlet, d.title,
            date_str(d.published), d.text, p.json, minhash::to_bytes(&sig), duplicate_of,
            is_item(d), item_json, d.url.as_deref().map(url_key), d.description, d.image
        ],
    )?;
    for l in d.item.iter().flat_map(|i| &i.links) {
        tx.prepare_cached("INSERT INTO links (url_key, doc_id) VALUES (?1, ?2)")?
            .execute(params![url_key(&l.url), d.id])?;
    }
    for b in &bands {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO doc_bands (hash, seq, doc_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![b, seq, d.id])?;
    }
    for c in &a.claims {
        let q = c.quantity.as_ref();
        tx.prepare_cached("INSERT INTO claims (id, doc_id, start, end, claimant, low, best, high, quantity_text, counted, action, deaths, json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")?.execute(
            params![
                c.id, d.id, c.span.start as i64, c.span.end as i64, c.claimant,
                q.and_then(|q| q.low).map(|v| v as i64), q.and_then(|q| q.best).map(|v| v as i64),
                q.and_then(|q| q.high).map(|v| v as i64), q.map(|q| q.text.clone()), c.counted,
                c.action, c.deaths, to_json(c)?
            ],
        )?;
    }
    let mut item_cluster = None;
    for (idx, e) in a.events.iter().enumerate() {
        // A current-events item is one entry: every event its text tells stays in it.
        let joined = match (idx, item_cluster) {
            (0, _) => joined_cluster(tx, d)?,
            (_, Some(c)) => Some(c),
            _ => None,
        };
        let found = match joined {
            Some(c) => Some(c),
            None => match find_cluster(tx, e, idx, &d.id, duplicate_of.as_deref())? {
                // Two current-events items are two entries, even on one day and place.
                Some(c) if is_item(d) && told_by_item(tx, c)? => None,
                other => other,
            },
        };
        let cluster = match found {
            Some(c) => c,
            None => new_cluster(tx, e, d)?,
        };
        if idx == 0 && is_item(d) {
            item_cluster = Some(cluster);
        }
        tx.prepare_cached("INSERT INTO events (id, doc_id, idx, cluster_id, event_type, sub_event_type, date, country_code, place_name, place_key, json, admin1)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")?.execute(
            params![
                e.id, d.id, idx as i64, cluster, e.event_type, e.sub_event_type, date_str(e.date),
                e.place.as_ref().map(|p| p.country_code.clone()),
                e.place.as_ref().map(|p| p.name.clone()),
                e.place.as_ref().map(|p| dateline_events::fold_words(&p.mention)),
                to_json(e)?,
                e.place.as_ref().and_then(|p| p.admin1.clone())
            ],
        )?;
        refresh_cluster(tx, cluster)?;
    }
    assign_story(tx, d, &p.profile, duplicate_of.as_deref(), cache)?;
    Ok(outcome)
}

/// Puts a stored document (its events already stored) in a story; the decision is
/// `dateline_events::story`'s, this only fetches candidates. In order:
/// - the story of a document one of its events shares a cluster with (one event, one story),
///   or of the document it republishes;
/// - through source links: an item joins the story of the first stored article it cites, an
///   article the story of the first stored item citing it;
/// - for an article, the stored story its words agree with most, among those sharing its
///   strongest terms (current-events items never join by words: two items, two entries);
/// - else a new story.
fn assign_story(
    tx: &Transaction,
    d: &Document,
    profile: &dateline_events::story::Profile,
    duplicate_of: Option<&str>,
    cache: &mut StoryCache,
) -> Result<i64, StoreError> {
    use dateline_events::story;
    let regions = regions_of(
        tx.prepare_cached(REGIONS_OF_DOC)?
            .query_map(params![d.id], |r| Ok((r.get(0)?, r.get(1)?)))?,
    )?;
    let by_event: Option<i64> = tx
        .prepare_cached(
            "SELECT ds.story_id FROM events e JOIN events o ON o.cluster_id = e.cluster_id
             JOIN doc_stories ds ON ds.doc_id = o.doc_id JOIN documents od ON od.id = o.doc_id
             WHERE e.doc_id = ?1 AND o.doc_id != ?1 ORDER BY e.idx, od.seq LIMIT 1",
        )?
        .query_row(params![d.id], |r| r.get(0))
        .optional()?;
    let by_copy = match (by_event, duplicate_of) {
        (None, Some(orig)) => tx
            .prepare_cached("SELECT story_id FROM doc_stories WHERE doc_id = ?1")?
            .query_row(params![orig], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    let by_link: Option<i64> = match (by_event.or(by_copy), &d.item, &d.url) {
        (Some(_), _, _) => None,
        (None, Some(_), _) => tx
            .prepare_cached(
                "SELECT ds.story_id FROM links l JOIN documents a ON a.url_key = l.url_key
                 JOIN doc_stories ds ON ds.doc_id = a.id WHERE l.doc_id = ?1 ORDER BY a.seq LIMIT 1",
            )?
            .query_row(params![d.id], |r| r.get(0))
            .optional()?,
        (None, None, Some(url)) => tx
            .prepare_cached(
                "SELECT ds.story_id FROM links l JOIN documents i ON i.id = l.doc_id
                 JOIN doc_stories ds ON ds.doc_id = i.id WHERE l.url_key = ?1 ORDER BY i.seq LIMIT 1",
            )?
            .query_row(params![url_key(url)], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    // The number of documents for IDF: the highest row id, read from the table's end in
    // O(log n) (COUNT(*) walks every row, once per document: quadratic over an archive).
    // Equal to the count on a store that never replaced a document; a replaced one counts
    // once more, which the smoothed IDF barely notices.
    let n: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(rowid), 0) FROM doc_stories")?
        .query_row([], |r| r.get(0))?;
    // Looked up for every term of every candidate's latest reports: a fast hash (the map is
    // never iterated, so its order cannot reach the output).
    let mut dfs: foldhash::HashMap<String, f64> = Default::default();
    read_idf(tx, cache, &mut dfs, n, profile)?;
    let weight = |dfs: &foldhash::HashMap<String, f64>, t: &str| {
        dfs.get(t)
            .copied()
            .unwrap_or_else(|| story::idf(0, n as u64))
    };
    let query = profile.query_terms(&|t| weight(&dfs, t));
    // The candidate stories the document agrees with, best first.
    let mut agreeing: Vec<(f64, i64)> = Vec::new();
    let found = match by_event.or(by_copy).or(by_link) {
        Some(s) => Some(s),
        None if is_item(d) => None,
        None => {
            let mut hits: std::collections::BTreeMap<i64, usize> = Default::default();
            for t in &query {
                for s in cache.postings(tx, t)?.iter() {
                    *hits.entry(*s).or_default() += 1;
                }
            }
            let mut candidates: Vec<(usize, i64)> = hits.into_iter().map(|(s, h)| (h, s)).collect();
            candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            candidates.truncate(CANDIDATE_STORIES);
            for (_, s) in candidates {
                let members = cache.members(tx, s)?;
                for m in members.iter() {
                    read_idf(tx, cache, &mut dfs, n, m)?;
                }
                let mut sim = story::similarity(profile, &members, &|t| weight(&dfs, t));
                // The words are compared with the latest documents; the dates with all.
                sim.dates_apart |= story::beyond_span(profile, cache.span(tx, s)?);
                sim.places_apart = story::regions_apart(&regions, &cache.regions(tx, s)?);
                if story::same_story(&sim) {
                    agreeing.push((sim.text, s));
                }
            }
            // The best first (ties to the older story), so the document joins it and the
            // others are asked whether they are now one with it.
            agreeing.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            agreeing.first().map(|&(_, s)| s)
        }
    };
    // Two current-events items are two entries: an item never joins a story told by another.
    let found = match found {
        Some(s) if is_item(d) => {
            let other_item = tx
                .prepare_cached(
                    "SELECT 1 FROM doc_stories ds JOIN documents o ON o.id = ds.doc_id
                     WHERE ds.story_id = ?1 AND o.item AND o.id != ?2 LIMIT 1",
                )?
                .query_row(params![s, d.id], |_| Ok(()))
                .optional()?
                .is_some();
            (!other_item).then_some(s)
        }
        other => other,
    };
    let story_id = match found {
        Some(s) => s,
        None => {
            tx.prepare_cached("INSERT INTO stories DEFAULT VALUES")?
                .execute([])?;
            tx.last_insert_rowid()
        }
    };
    tx.prepare_cached(
        "INSERT OR REPLACE INTO doc_stories (doc_id, story_id, profile) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![d.id, story_id, profile.encode()])?;
    cache.forget(story_id);
    note_story_change(tx, story_id)?;
    for t in &query {
        tx.prepare_cached("INSERT OR IGNORE INTO story_terms (term, story_id) VALUES (?1, ?2)")?
            .execute(params![t, story_id])?;
        cache.posted(t, story_id);
    }
    // The terms' counts grow in memory and are written once per term when the transaction
    // ends ([`StoryCache::write_counts`]), not once per document.
    for (t, _) in &profile.terms {
        *cache.df_added.entry(t.clone()).or_default() += 1;
        if let Some(df) = cache.df.get_mut(t) {
            *df += 1;
        }
    }
    // The other stories the document agreed with: one with its story now, as wholes?
    let mut story_id = story_id;
    for &(_, other) in agreeing.iter().skip(1) {
        if other == story_id {
            continue;
        }
        if story::spans_apart(cache.span(tx, story_id)?, cache.span(tx, other)?)
            || story::regions_apart(&cache.regions(tx, story_id)?, &cache.regions(tx, other)?)
        {
            continue;
        }
        let (ours, theirs) = (cache.members(tx, story_id)?, cache.members(tx, other)?);
        if story::same_stories(&ours, &theirs, &|t| weight(&dfs, t)) {
            story_id = merge_stories(tx, story_id, other)?;
            cache.forget(story_id);
            cache.forget(other);
            // The merged story's terms moved to the other's.
            cache.postings.clear();
        }
    }
    Ok(story_id)
}

/// What one transaction has read of its stories, so that a story compared with many documents
/// is read once: its latest profiles, regions and date span, the stories each term finds, and
/// the document frequency of the terms (whose growth it also holds until the transaction ends,
/// one write per term). Exact, not approximate: an entry is dropped when its story changes (a
/// document joins it, two stories merge; a merge drops every term's stories) and a count moves
/// with the store's; a removed document drops everything. Made for one transaction and gone
/// with it.
#[derive(Default)]
struct StoryCache {
    df: foldhash::HashMap<String, i64>,
    /// Documents added per term in this transaction and not yet written to `term_df`.
    df_added: std::collections::HashMap<String, i64>,
    members: std::collections::HashMap<i64, std::rc::Rc<Vec<dateline_events::story::Profile>>>,
    regions: std::collections::HashMap<i64, std::rc::Rc<Vec<dateline_events::story::Region>>>,
    spans: std::collections::HashMap<i64, Option<dateline_events::story::Span>>,
    /// Per term, the stories it finds ([`STORIES_PER_TERM`] newest first), as `story_terms`
    /// holds them.
    postings: std::collections::HashMap<String, std::rc::Rc<Vec<i64>>>,
}

/// How many stories one term finds as candidates, the newest first.
const STORIES_PER_TERM: usize = 200;

impl StoryCache {
    /// Writes the counts of terms grown in memory ([`StoryCache::df_added`]) to `term_df`:
    /// before the transaction commits, and before anything reads or changes the table
    /// directly (a document removed).
    fn write_counts(&mut self, tx: &Transaction) -> Result<(), StoreError> {
        let mut added: Vec<(String, i64)> = self.df_added.drain().collect();
        added.sort_unstable();
        let mut st = tx.prepare_cached(
            "INSERT INTO term_df (term, df) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + ?2",
        )?;
        for (t, n) in added {
            st.execute(params![t, n])?;
        }
        Ok(())
    }

    /// The stories term `t` finds, the newest first.
    fn postings(&mut self, tx: &Transaction, t: &str) -> Result<std::rc::Rc<Vec<i64>>, StoreError> {
        cached(&mut self.postings, t, || {
            let mut st = tx.prepare_cached(
                "SELECT story_id FROM story_terms WHERE term = ?1 ORDER BY story_id DESC LIMIT ?2",
            )?;
            let rows = st.query_map(params![t, STORIES_PER_TERM as i64], |r| r.get::<_, i64>(0))?;
            Ok(std::rc::Rc::new(rows.collect::<Result<_, _>>()?))
        })
    }

    /// Notes that term `t` now finds `story` (written to `story_terms`).
    fn posted(&mut self, t: &str, story: i64) {
        let Some(v) = self.postings.get_mut(t) else {
            return;
        };
        let v = std::rc::Rc::make_mut(v);
        // Newest first: past the last of a full list, the story is not among them.
        let at = v.partition_point(|&s| s > story);
        if v.get(at) == Some(&story) || (at == v.len() && v.len() >= STORIES_PER_TERM) {
            return;
        }
        v.insert(at, story);
        v.truncate(STORIES_PER_TERM);
    }

    /// Drops what is known of one story, which changed.
    fn forget(&mut self, story: i64) {
        self.members.remove(&story);
        self.regions.remove(&story);
        self.spans.remove(&story);
    }

    fn members(
        &mut self,
        tx: &Transaction,
        story: i64,
    ) -> Result<std::rc::Rc<Vec<dateline_events::story::Profile>>, StoreError> {
        cached(&mut self.members, &story, || {
            Ok(std::rc::Rc::new(story_members(tx, story)?))
        })
    }

    fn regions(
        &mut self,
        tx: &Transaction,
        story: i64,
    ) -> Result<std::rc::Rc<Vec<dateline_events::story::Region>>, StoreError> {
        cached(&mut self.regions, &story, || {
            Ok(std::rc::Rc::new(story_regions(tx, story)?))
        })
    }

    fn span(
        &mut self,
        tx: &Transaction,
        story: i64,
    ) -> Result<Option<dateline_events::story::Span>, StoreError> {
        cached(&mut self.spans, &story, || story_span(tx, story))
    }
}

/// An entry of one of [`StoryCache`]'s maps (a story's, a term's), read when missing. The
/// store's own tests hold every entry found to what the store says now.
fn cached<K, Q, T>(
    map: &mut std::collections::HashMap<K, T>,
    key: &Q,
    read: impl Fn() -> Result<T, StoreError>,
) -> Result<T, StoreError>
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + std::fmt::Debug + ?Sized,
    T: Clone + PartialEq + std::fmt::Debug,
{
    if let Some(v) = map.get(key) {
        #[cfg(test)]
        assert_eq!(*v, read()?, "a stale entry for {key:?}");
        return Ok(v.clone());
    }
    let v = read()?;
    map.insert(key.to_owned(), v.clone());
    Ok(v)
}

/// The profiles of a story's latest documents (at most 30: average linkage over a long-running
/// story's recent reports).
fn story_members(
    tx: &Transaction,
    story_id: i64,
) -> Result<Vec<dateline_events::story::Profile>, StoreError> {
    tx.prepare_cached(
        "SELECT profile FROM doc_stories WHERE story_id = ?1 ORDER BY rowid DESC LIMIT 30",
    )?
    .query_map(params![story_id], |r| r.get::<_, String>(0))?
    .map(|p| p.map(|p| dateline_events::story::Profile::decode(&p)))
    .collect::<Result<_, _>>()
    .map_err(StoreError::from)
}

/// The regions of a document's placed events: country code and admin1.
const REGIONS_OF_DOC: &str = "SELECT DISTINCT country_code, COALESCE(admin1, '')
     FROM events WHERE doc_id = ?1 AND country_code IS NOT NULL";

/// The regions of a story's placed events ([`dateline_events::story::Region`]).
fn story_regions(
    tx: &Transaction,
    story_id: i64,
) -> Result<Vec<dateline_events::story::Region>, StoreError> {
    regions_of(
        tx.prepare_cached(
            "SELECT DISTINCT e.country_code, COALESCE(e.admin1, '')
             FROM doc_stories ds JOIN events e ON e.doc_id = ds.doc_id
             WHERE ds.story_id = ?1 AND e.country_code IS NOT NULL",
        )?
        .query_map(params![story_id], |r| Ok((r.get(0)?, r.get(1)?)))?,
    )
}

fn regions_of(
    rows: impl Iterator<Item = rusqlite::Result<dateline_events::story::Region>>,
) -> Result<Vec<dateline_events::story::Region>, StoreError> {
    rows.collect::<Result<_, _>>().map_err(StoreError::from)
}

/// The first and last dates of a story's documents ([`dateline_events::story::Span`]), read
/// from the start of their stored profiles; None when none is dated.
fn story_span(
    tx: &Transaction,
    story_id: i64,
) -> Result<Option<dateline_events::story::Span>, StoreError> {
    let (first, last): (Option<String>, Option<String>) = tx
        .prepare_cached(
            "SELECT MIN(substr(profile, 1, 10)), MAX(substr(profile, 1, 10)) FROM doc_stories
             WHERE story_id = ?1 AND profile GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'",
        )?
        .query_row(params![story_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let day = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    Ok(day(first).zip(day(last)))
}

/// Makes two stories one, kept under the older id (so the older story's links stay); returns it.
fn merge_stories(tx: &Transaction, a: i64, b: i64) -> Result<i64, StoreError> {
    let (keep, gone) = (a.min(b), a.max(b));
    tx.prepare_cached("UPDATE doc_stories SET story_id = ?1 WHERE story_id = ?2")?
        .execute(params![keep, gone])?;
    note_story_change(tx, keep)?;
    note_story_change(tx, gone)?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO story_terms (term, story_id) SELECT term, ?1 FROM story_terms WHERE story_id = ?2",
    )?
    .execute(params![keep, gone])?;
    tx.prepare_cached("DELETE FROM story_terms WHERE story_id = ?1")?
        .execute(params![gone])?;
    tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?
        .execute(params![gone])?;
    Ok(keep)
}

/// Reads the inverse document frequency of a profile's terms not read yet (of `n` documents).
fn read_idf(
    tx: &Transaction,
    cache: &mut StoryCache,
    dfs: &mut foldhash::HashMap<String, f64>,
    n: i64,
    p: &dateline_events::story::Profile,
) -> Result<(), StoreError> {
    for (t, _) in &p.terms {
        if dfs.contains_key(t) {
            continue;
        }
        let added = cache.df_added.get(t).copied().unwrap_or(0);
        let stored = |t: &str| -> Result<i64, StoreError> {
            Ok(tx
                .prepare_cached("SELECT df FROM term_df WHERE term = ?1")?
                .query_row(params![t], |r| r.get(0))
                .optional()?
                .unwrap_or(0)
                + added)
        };
        let df = match cache.df.get(t) {
            Some(&df) => {
                #[cfg(test)]
                assert_eq!(df, stored(t)?, "stale count of {t:?}");
                df
            }
            None => {
                let df = stored(t)?;
                cache.df.insert(t.clone(), df);
                df
            }
        };
        dfs.insert(
            t.clone(),
            dateline_events::story::idf(df.max(0) as u64, n.max(0) as u64),
        );
    }
    Ok(())
}

/// How many candidate stories (those sharing most of a document's strongest terms) are
/// compared with it.
const CANDIDATE_STORIES: usize = 8;

/// Takes a document out of its story: its terms no longer counted, the story gone when empty.
fn remove_from_story(tx: &Transaction, id: &str) -> Result<(), StoreError> {
    let row: Option<(i64, String)> = tx
        .prepare_cached("SELECT story_id, profile FROM doc_stories WHERE doc_id = ?1")?
        .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((story_id, profile)) = row else {
        return Ok(());
    };
    for (t, _) in dateline_events::story::Profile::decode(&profile).terms {
        tx.prepare_cached("UPDATE term_df SET df = df - 1 WHERE term = ?1")?
            .execute(params![t])?;
    }
    tx.prepare_cached("DELETE FROM term_df WHERE df <= 0")?
        .execute([])?;
    tx.prepare_cached("DELETE FROM doc_stories WHERE doc_id = ?1")?
        .execute(params![id])?;
    note_story_change(tx, story_id)?;
    let left: i64 = tx.query_row(
        "SELECT COUNT(*) FROM doc_stories WHERE story_id = ?1",
        params![story_id],
        |r| r.get(0),
    )?;
    if left == 0 {
        tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?
            .execute(params![story_id])?;
        tx.prepare_cached("DELETE FROM story_terms WHERE story_id = ?1")?
            .execute(params![story_id])?;
    }
    Ok(())
}

/// Puts every stored document without a story in one, in the order they were stored (the
/// upgrade to schema 5).
/// Makes every story again, in document order, in one transaction: the stories, their terms
/// and the term counts are cleared and each document assigned as if ingested again.
fn reassign_all_stories(conn: &Connection) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(
        "DELETE FROM doc_stories; DELETE FROM story_terms; DELETE FROM term_df; DELETE FROM stories;",
    )?;
    assign_stories(&tx)?;
    tx.commit()?;
    Ok(())
}

fn assign_all_stories(conn: &Connection) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    assign_stories(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Puts every document not in a story in one, in document order.
fn assign_stories(tx: &Transaction) -> Result<(), StoreError> {
    let docs: Vec<(String, Option<String>)> = {
        let mut st = tx.prepare(
            "SELECT id, duplicate_of FROM documents WHERE id NOT IN (SELECT doc_id FROM doc_stories) ORDER BY seq",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut cache = StoryCache::default();
    for (id, duplicate_of) in docs {
        let json: String = tx.query_row(
            "SELECT analysis FROM documents WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        let a: Analysis = from_json(&json)?;
        assign_story(
            tx,
            &a.document,
            &story_profile(&a),
            duplicate_of.as_deref(),
            &mut cache,
        )?;
    }
    cache.write_counts(tx)
}

/// Makes every document's content hash again from its stored analysis, in one transaction.
fn rehash_documents(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN")?;
    let done = (|| -> Result<(), StoreError> {
        let rows: Vec<(String, String)> = {
            let mut st = conn.prepare("SELECT id, analysis FROM documents")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        for (id, json) in rows {
            let mut a: Analysis = from_json(&json)?;
            let hash = content_hash(&mut a.document)?;
            conn.prepare_cached("UPDATE documents SET content_hash = ?2 WHERE id = ?1")?
                .execute(params![id, hash])?;
        }
        Ok(())
    })();
    match done {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    }
    Ok(())
}

/// Removes a document and its rows; clusters left empty are deleted, others refreshed.
fn remove_document(tx: &Transaction, id: &str) -> Result<(), StoreError> {
    remove_from_story(tx, id)?;
    let clusters: BTreeSet<i64> = {
        let mut st = tx.prepare_cached("SELECT cluster_id FROM events WHERE doc_id = ?1")?;
        let rows = st.query_map(params![id], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    tx.prepare_cached("DELETE FROM events WHERE doc_id = ?1")?
        .execute(params![id])?;
    tx.prepare_cached("DELETE FROM claims WHERE doc_id = ?1")?
        .execute(params![id])?;
    tx.prepare_cached("DELETE FROM doc_bands WHERE doc_id = ?1")?
        .execute(params![id])?;
    tx.prepare_cached("DELETE FROM links WHERE doc_id = ?1")?
        .execute(params![id])?;
    tx.prepare_cached("DELETE FROM documents WHERE id = ?1")?
        .execute(params![id])?;
    for c in clusters {
        let left: i64 = tx.query_row(
            "SELECT COUNT(*) FROM events WHERE cluster_id = ?1",
            params![c],
            |r| r.get(0),
        )?;
        if left == 0 {
            tx.prepare_cached("DELETE FROM clusters WHERE id = ?1")?
                .execute(params![c])?;
            tx.prepare_cached("DELETE FROM cluster_text WHERE rowid = ?1")?
                .execute(params![c])?;
            note_change(tx, c)?;
        } else {
            refresh_cluster(tx, c)?;
        }
    }
    Ok(())
}

/// Records that cluster `id` changed (or went) in the generation this transaction commits,
/// for readers that keep what they read up to date ([`Store::clusters_changed_since`]).
fn note_change(tx: &Transaction, id: i64) -> Result<(), StoreError> {
    note_in(tx, NOTE_CLUSTER_CHANGE, id)
}

/// Records `id` in a change table with the generation this transaction commits.
fn note_in(tx: &Transaction, statement: &str, id: i64) -> Result<(), StoreError> {
    tx.prepare_cached(statement)?.execute(params![id])?;
    Ok(())
}

/// The statements of [`note_change`] and [`note_story_change`]: one shape, two tables.
const NOTE_CLUSTER_CHANGE: &str = "INSERT INTO cluster_changes (id, generation)
     VALUES (?1, COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), 0) + 1)
     ON CONFLICT(id) DO UPDATE SET generation = excluded.generation";
const NOTE_STORY_CHANGE: &str = "INSERT INTO story_changes (id, generation)
     VALUES (?1, COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), 0) + 1)
     ON CONFLICT(id) DO UPDATE SET generation = excluded.generation";

/// Records that story `id` gained, lost or was merged away documents in the generation this
/// transaction commits ([`Store::stories_changed_since`]).
fn note_story_change(tx: &Transaction, id: i64) -> Result<(), StoreError> {
    note_in(tx, NOTE_STORY_CHANGE, id)
}

fn bump_generation(tx: &Transaction) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('generation', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    )?
    .execute([])?;
    Ok(())
}

/// True for a current-events item (Portal, the Context) rather than an article.
fn is_item(d: &Document) -> bool {
    d.item.is_some() || d.published_source == Some(dateline_model::DateSource::ItemDate)
}

/// The cluster a document's main event joins through a source link: an article joins the
/// first stored item that cites its URL; an item joins the cluster of the first stored article
/// it cites, unless another item already tells that cluster's event.
fn joined_cluster(tx: &Transaction, d: &Document) -> Result<Option<i64>, StoreError> {
    let Some(item) = &d.item else {
        let Some(url) = &d.url else { return Ok(None) };
        return Ok(tx
            .prepare_cached(
                "SELECT e.cluster_id FROM links l JOIN events e ON e.doc_id = l.doc_id
                 WHERE l.url_key = ?1 AND l.doc_id != ?2 ORDER BY e.idx, e.cluster_id LIMIT 1",
            )?
            .query_row(params![url_key(url), d.id], |r| r.get(0))
            .optional()?);
    };
    for l in &item.links {
        let cluster: Option<i64> = tx
            .prepare_cached(
                "SELECT e.cluster_id FROM documents a JOIN events e ON e.doc_id = a.id
                 WHERE a.url_key = ?1 AND a.item = 0 AND a.id != ?2 ORDER BY a.seq, e.idx LIMIT 1",
            )?
            .query_row(params![url_key(&l.url), d.id], |r| r.get(0))
            .optional()?;
        if let Some(c) = cluster {
            if !told_by_item(tx, c)? {
                return Ok(Some(c));
            }
        }
    }
    Ok(None)
}

/// True when a current-events item tells this cluster's event.
fn told_by_item(tx: &Transaction, cluster: i64) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS(SELECT 1 FROM events e JOIN documents x ON x.id = e.doc_id
             WHERE e.cluster_id = ?1 AND x.item = 1)",
        )?
        .query_row(params![cluster], |r| r.get(0))?)
}

/// The stored document this text republishes, if any (the earliest one).
fn find_duplicate(
    tx: &Transaction,
    sig: &minhash::Signature,
    bands: &[i64],
    id: &str,
) -> Result<Option<String>, StoreError> {
    // Candidates share bands; a real copy (Jaccard >= 0.7) shares about four of sixteen, so
    // only those sharing two or more are compared.
    let mut shared: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    let mut st = tx.prepare_cached(
        "SELECT doc_id FROM doc_bands WHERE hash = ?1 ORDER BY seq DESC LIMIT 32",
    )?;
    for b in bands {
        for row in st.query_map(params![b], |r| r.get::<_, String>(0))? {
            let doc = row?;
            if doc != id {
                *shared.entry(doc).or_default() += 1;
            }
        }
    }
    let candidates = shared.into_iter().filter(|(_, n)| *n >= 2).map(|(d, _)| d);
    let mut best: Option<(i64, String)> = None;
    let mut sig_st = tx.prepare_cached(
        "SELECT signature, seq, COALESCE(duplicate_of, id) FROM documents WHERE id = ?1",
    )?;
    for c in candidates {
        let (bytes, seq, original): (Vec<u8>, i64, String) =
            sig_st.query_row(params![c], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let Some(other) = minhash::from_bytes(&bytes) else {
            continue;
        };
        if minhash::similarity(sig, &other) >= minhash::DUPLICATE
            && best.as_ref().is_none_or(|(s, _)| seq < *s)
        {
            best = Some((seq, original));
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// The cluster an event joins: its original's matching event for a republished copy, else
/// another document's event that is the same real-world event.
fn find_cluster(
    tx: &Transaction,
    e: &Event,
    idx: usize,
    doc_id: &str,
    duplicate_of: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    if let Some(orig) = duplicate_of {
        // A copy's events are the original's: the same kind nearest in order, else the main
        // one; but never across different known dates (formulaic reports of other days look
        // like copies).
        let row: Option<(i64, String)> = tx
            .query_row(
                "SELECT cluster_id, json FROM events WHERE doc_id = ?1 ORDER BY sub_event_type != ?2, abs(idx - ?3), idx LIMIT 1",
                params![orig, e.sub_event_type, idx as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((cluster, json)) = row {
            let other: Event = from_json(&json)?;
            if dateline_events::copy_compatible(e, &other) {
                return Ok(Some(cluster));
            }
        }
    }
    let Some(date) = e.date else { return Ok(None) };
    let from = date - chrono::Days::new(dateline_events::DATE_SLACK_DAYS as u64);
    let to = date + chrono::Days::new(dateline_events::DATE_SLACK_DAYS as u64);
    let mut st = tx.prepare_cached(
        "SELECT json, cluster_id FROM events WHERE date BETWEEN ?2 AND ?3 AND doc_id != ?4
         AND (sub_event_type = ?1 OR (?5 = 'Battles' AND event_type = 'Battles'))
         AND (place_name = ?6 OR place_key = ?7) ORDER BY cluster_id",
    )?;
    // Only events at a place of the same name or named with the same words can match
    // (`same_event`); the indexes find them without reading the day's other events.
    let Some(place) = &e.place else {
        return Ok(None);
    };
    let rows = st.query_map(
        params![
            e.sub_event_type,
            date_str(Some(from)),
            date_str(Some(to)),
            doc_id,
            e.event_type,
            place.name,
            dateline_events::fold_words(&place.mention)
        ],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
    )?;
    for row in rows {
        let (json, cluster) = row?;
        let other: Event = from_json(&json)?;
        if dateline_events::same_event(e, &other) {
            return Ok(Some(cluster));
        }
    }
    Ok(None)
}

fn new_cluster(tx: &Transaction, e: &Event, d: &Document) -> Result<i64, StoreError> {
    let summary = first_summary(e, d.title.as_deref(), is_item(d));
    // A slug is never reissued to another event: an event made again (its document edited
    // and re-ingested) gets its old slug back, and an old URL always means one event.
    let previous: Option<String> = tx
        .prepare_cached(
            "SELECT slug FROM slugs WHERE event_id = ?1
             AND slug NOT IN (SELECT slug FROM clusters) ORDER BY slug LIMIT 1",
        )?
        .query_row(params![e.id], |r| r.get(0))
        .optional()?;
    let slug = match previous {
        Some(s) => s,
        None => {
            let base = dateline_events::slug(&summary);
            let base = if base.is_empty() {
                "event".to_string()
            } else {
                base
            };
            // The summary's slug, or when it was ever issued, the slug with this cluster's
            // id: one lookup, stable once made.
            let taken = tx
                .prepare_cached("SELECT 1 FROM slugs WHERE slug = ?1")?
                .query_row(params![base], |_| Ok(()))
                .optional()?
                .is_some();
            if taken {
                let next: i64 =
                    tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM clusters", [], |r| {
                        r.get(0)
                    })?;
                format!("{base}-{next}")
            } else {
                base
            }
        }
    };
    tx.prepare_cached("INSERT OR IGNORE INTO slugs (slug, event_id) VALUES (?1, ?2)")?
        .execute(params![slug, e.id])?;
    tx.prepare_cached("INSERT INTO clusters (slug, date, country_code, summary, context, main_event) VALUES (?1, ?2, ?3, ?4, '[]', ?5)")?.execute(
        params![slug, date_str(e.date), e.place.as_ref().map(|p| p.country_code.clone()), summary, e.id],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A current-events item's own summary when the document is one (its first event); otherwise
/// a summary built from the event.
fn first_summary(e: &Event, title: Option<&str>, item: bool) -> String {
    match (title, item && e.id.ends_with("#e0")) {
        (Some(t), true) => t.to_string(),
        _ => dateline_events::summary(e),
    }
}

/// Recomputes a cluster's main event, date, summary and context from its events. When a
/// current-events item tells the event, the item is the main report (its summary and date
/// were written by people) and its linked topics lead the context; otherwise the main event
/// is the earliest document's and the date the earliest date given.
fn refresh_cluster(tx: &Transaction, id: i64) -> Result<(), StoreError> {
    let mut st = tx.prepare_cached(
        "SELECT e.json, d.title, d.item, d.item_json, d.published FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.cluster_id = ?1 ORDER BY d.seq, e.idx",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut main: Option<(Event, Option<String>, bool)> = None;
    let mut topics: Vec<String> = Vec::new();
    let mut context: Vec<String> = Vec::new();
    let mut date: Option<NaiveDate> = None;
    let mut item_date: Option<Option<NaiveDate>> = None;
    for row in rows {
        let (json, title, item, item_json, published) = row?;
        let e: Event = from_json(&json)?;
        for c in dateline_events::context(&e) {
            dateline_events::push_context(&mut context, &c);
        }
        date = match (date, e.date) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let first_item = item && item_date.is_none() && e.id.ends_with("#e0");
        if first_item {
            if let Some(j) = item_json {
                let it: Item = from_json(&j)?;
                for t in it.topics {
                    dateline_events::push_context(&mut topics, &t);
                }
            }
            // The item's own date (the Portal's day), not the date its text mentions.
            item_date = Some(parse_date(published).or(e.date));
        }
        if main.is_none() || first_item {
            main = Some((e, title, item));
        }
    }
    let Some((e, title, item)) = main else {
        return Ok(());
    };
    let date = item_date.unwrap_or(date);
    for c in context {
        dateline_events::push_context(&mut topics, &c);
    }
    let context = topics;
    tx.prepare_cached(
        "UPDATE clusters SET date = ?2, country_code = ?3, summary = ?4, context = ?5, main_event = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        date_str(date),
        e.place.as_ref().map(|p| p.country_code.clone()),
        first_summary(&e, title.as_deref(), item),
        to_json(&context)?,
        e.id
    ])?;
    note_change(tx, id)?;
    index_cluster_text(tx, id)
}

/// Writes a cluster's searchable text: its summary, its context names, and every report's
/// title and lead sentence, so that search finds an item by what any of its sources says.
fn index_cluster_text(tx: &Transaction, id: i64) -> Result<(), StoreError> {
    let (summary, context): (String, String) = tx.query_row(
        "SELECT summary, context FROM clusters WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let context: Vec<String> = from_json(&context)?;
    let mut body = String::new();
    let mut st = tx.prepare_cached(
        "SELECT e.json, d.title FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.cluster_id = ?1 ORDER BY d.seq, e.idx",
    )?;
    let rows = st.query_map(params![id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    for row in rows {
        let (json, title) = row?;
        let e: Event = from_json(&json)?;
        for part in [title.unwrap_or_default(), e.lead.unwrap_or_default()] {
            if !part.is_empty() && !body.contains(&part) {
                body.push_str(&part);
                body.push('\n');
            }
        }
    }
    tx.prepare_cached("DELETE FROM cluster_text WHERE rowid = ?1")?
        .execute(params![id])?;
    tx.prepare_cached(
        "INSERT INTO cluster_text (rowid, summary, context, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, summary, context.join("; "), body])?;
    Ok(())
}

#[cfg(test)]
mod tests;
