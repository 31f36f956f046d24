//! The store-backed commands: `ingest`, `update`, `events`, `serve` and `export`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dateline_store::{Outcome, Store};
use dateline_web::{render, views};

use crate::{pipeline, EventsFormat};

/// Documents stored per transaction, at most: fewer transactions write the store's busiest
/// pages (term counts, stories) fewer times. 100,000 short notes ingest in 58 s with batches of
/// 10,000 against 66 s with 2,000 (peak memory 581 MB against 296 MB).
const STORE_BATCH: usize = 10_000;

/// Bytes of prepared documents per transaction, at most ([`dateline_store::Prepared::size`]):
/// long articles make smaller batches, so that memory stays bounded whatever the input (the
/// writer holds one batch while two more wait and one fills).
const STORE_BATCH_BYTES: usize = 48 << 20;

/// Counts of what an ingest run did.
#[derive(Default)]
struct Tally {
    added: u64,
    replaced: u64,
    unchanged: u64,
    failed: u64,
}

impl Tally {
    fn store(
        &mut self,
        store: &mut Store,
        batch: &mut Vec<dateline_store::Prepared>,
    ) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut notes = Vec::new();
        let outcomes = store
            .ingest_noting(batch, &mut notes)
            .context("storing a batch of documents")?;
        for n in notes {
            eprintln!("dateline: warning: {n}");
        }
        for o in outcomes {
            match o {
                Outcome::Added => self.added += 1,
                Outcome::Replaced => self.replaced += 1,
                Outcome::Unchanged => self.unchanged += 1,
            }
        }
        batch.clear();
        Ok(())
    }
}

/// What to read and how.
pub struct IngestOptions<'a> {
    /// Article and Portal files or folders.
    pub paths: &'a [PathBuf],
    /// Folders of editorials for the opinion section.
    pub opinions: &'a [PathBuf],
    /// Read only files not seen before with the same size and modification time.
    pub only_changed: bool,
    /// The user's gazetteers.
    pub places: &'a PlaceOptions,
}

/// The gazetteers a command resolves places with, on top of the embedded one.
#[derive(clap::Args, Debug, Default)]
pub struct PlaceOptions {
    /// A gazetteer index built by `dateline gazetteer build`, searched with the embedded
    /// one; may be repeated. DATELINE_GAZETTEER may name them too (separated by ':').
    #[arg(long, env = "DATELINE_GAZETTEER", value_delimiter = ':')]
    pub gazetteer: Vec<PathBuf>,
    /// A folder of official GeoNames dumps (e.g. SO.txt with admin1CodesASCII.txt and
    /// admin2Codes.txt), indexed in memory at every start; `gazetteer build` indexes them once.
    #[arg(long)]
    pub geonames: Option<PathBuf>,
}

/// What the user's gazetteers add to the portal's maps.
#[derive(clap::Args, Debug, Default)]
pub struct MapOptions {
    /// A gazetteer index built by `dateline gazetteer build`: its region boundaries are drawn
    /// on the maps; may be repeated. DATELINE_GAZETTEER may name them too (separated by ':').
    #[arg(long, env = "DATELINE_GAZETTEER", value_delimiter = ':')]
    pub gazetteer: Vec<PathBuf>,
}

impl MapOptions {
    fn overlays(&self) -> anyhow::Result<dateline_web::basemap::Overlays> {
        dateline_web::basemap::Overlays::open(&self.gazetteer).with_context(|| {
            format!(
                "opening the gazetteer index(es) {} for the maps",
                self.gazetteer
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}

/// The extractor, with the user's gazetteers and GeoNames dumps when given.
pub fn extractor(places: &PlaceOptions) -> anyhow::Result<dateline_extract::Extractor> {
    let mut e = match &places.geonames {
        None => dateline_extract::Extractor::new().context("loading the gazetteer")?,
        Some(dir) => {
            let (e, added) = dateline_extract::Extractor::with_geonames(dir)
                .with_context(|| format!("adding the GeoNames dumps in {}", dir.display()))?;
            eprintln!(
                "dateline: gazetteer: {added} places and areas added from {}",
                dir.display()
            );
            e
        }
    };
    for path in places
        .gazetteer
        .iter()
        .filter(|p| !p.as_os_str().is_empty())
    {
        e.add_gazetteer(path)
            .with_context(|| "opening a gazetteer given by --gazetteer or DATELINE_GAZETTEER")?;
    }
    Ok(e)
}

/// `dateline gazetteer build`: indexes the sources into `out`, written to a temporary file
/// beside it and renamed, so a failed build leaves any earlier index as it was.
pub fn gazetteer_build(out: &Path, sources: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let base = dateline_extract::Extractor::new().context("loading the gazetteer")?;
    let (bytes, rows) = base
        .gazetteer()
        .build_index(sources)
        .context("building the gazetteer index (nothing was written)")?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        out.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("gazetteer"),
        std::process::id()
    ));
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("replacing {}", out.display()));
    }
    eprintln!(
        "dateline: gazetteer: {rows} places from {} source(s) indexed into {} ({:.1} MB) in {:.1} s",
        sources.len(),
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `dateline gazetteer info`: what an index holds.
pub fn gazetteer_info(path: &Path) -> anyhow::Result<ExitCode> {
    let index = dateline_extract::gazetteer::Index::open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    println!("{}", path.display());
    println!("rows: {}", index.len());
    println!("{}", index.meta());
    Ok(ExitCode::SUCCESS)
}

/// A file's size and modification time (nanoseconds since the epoch), as `update` records.
fn file_stamp(path: &Path) -> Option<(i64, i64)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len() as i64, mtime as i64))
}

/// The file an error is about: a record of a web archive is named "FILE (record ID)".
fn file_of(path: &str) -> &str {
    path.split_once(" (record ").map_or(path, |(f, _)| f)
}

/// The exit status of a run that went to the end: 0 when every input was read, 2 when some
/// were skipped, 1 when inputs were given and none could be read.
pub fn exit_code(read: u64, skipped: u64) -> ExitCode {
    match (read, skipped) {
        (_, 0) => ExitCode::SUCCESS,
        (0, _) => ExitCode::FAILURE,
        _ => ExitCode::from(2),
    }
}

/// Reads articles into the store with a progress bar and a one-line summary. A document that
/// cannot be read is reported and skipped; documents are stored in batches, each one
/// transaction, so an interrupted run never leaves a half-written document. Two documents
/// of one run with the same id (the same relative path under two named folders, the same
/// `id` on two JSON lines) are never stored over each other: the second is reported and
/// skipped. `update` records a file as read only when everything in it was read.
pub fn ingest(opts: &IngestOptions, db: &Path) -> anyhow::Result<ExitCode> {
    let mut store = open_for_writing(db)?;
    let (opinions_read, opinions_failed) = ingest_opinions(&mut store, opts.opinions)?;
    let found = pipeline::discover(opts.paths);
    let mut failed = 0u64;
    let mut failed_files: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in &found.skipped {
        failed += 1;
        failed_files.insert(file_of(e.path()).to_string());
        eprintln!("dateline: skipped: {e}");
    }
    let mut stamps = Vec::with_capacity(found.files.len());
    let mut files = Vec::with_capacity(found.files.len());
    let mut unchanged_files = 0usize;
    for f in found.files {
        let key = f.path.display().to_string();
        let stamp = file_stamp(&f.path);
        let changed = match stamp {
            Some((size, mtime)) => store.file_changed(&key, size, mtime)?,
            None => true,
        };
        if opts.only_changed && !changed {
            unchanged_files += 1;
            continue;
        }
        if let Some((size, mtime)) = stamp {
            stamps.push((key, size, mtime));
        }
        files.push(f);
    }
    if opts.paths.is_empty() {
        return Ok(exit_code(opinions_read, opinions_failed));
    }
    let extractor = extractor(opts.places)?;
    let total_bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(&f.path).ok())
        .map(|m| m.len())
        .sum();
    let bar = crate::progress::Progress::new(total_bytes, files.len());
    let started = std::time::Instant::now();
    let mut tally = Tally::default();
    let mut batch: Vec<dateline_store::Prepared> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut docs = 0u64;
    // Ids given in this run, with where they came from.
    let mut ids: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // The store writes on its own thread while the next documents are read and analysed: a
    // bounded channel of batches keeps memory flat and both sides busy.
    // Each batch goes with the count of input bytes read when it was sent: once it is
    // stored, that much of the input is done.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<dateline_store::Prepared>, u64)>(2);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let writer = scope.spawn(|| -> anyhow::Result<()> {
            let mut stored = 0u64;
            for (mut b, read) in rx {
                stored += b.len() as u64;
                tally.store(&mut store, &mut b)?;
                bar.stored(read, stored);
            }
            Ok(())
        });
        let stopped = || anyhow::anyhow!("the store writer stopped");
        let read = pipeline::analyse_files(&files, &extractor, |item| {
            match item {
                pipeline::Item::Analysis(a) => {
                    for w in &a.document.warnings {
                        bar.suspend(|| eprintln!("dateline: warning: {w}"));
                    }
                    let source = &a.document.source;
                    let file = source.rsplit_once(':').map_or(source.as_str(), |(f, _)| f);
                    if let Some(first) = ids.get(&a.document.id) {
                        failed += 1;
                        failed_files.insert(file.to_string());
                        let id = &a.document.id;
                        bar.suspend(|| {
                            eprintln!(
                                "dateline: skipped: {source}: its id {id:?} is already given to {first} in this run (name a folder above both, or give distinct ids)"
                            )
                        });
                        return Ok(());
                    }
                    ids.insert(a.document.id.clone(), source.clone());
                    docs += 1;
                    // Hashes, signature and JSON are made here, beside the writer.
                    let p = dateline_store::Prepared::new(*a).context("preparing a document")?;
                    batch_bytes += p.size();
                    batch.push(p);
                    if batch.len() >= STORE_BATCH || batch_bytes >= STORE_BATCH_BYTES {
                        let full = std::mem::take(&mut batch);
                        batch_bytes = 0;
                        tx.send((full, bar.read())).map_err(|_| stopped())?;
                    }
                }
                pipeline::Item::Failed(e) => {
                    failed += 1;
                    failed_files.insert(file_of(e.path()).to_string());
                    bar.suspend(|| eprintln!("dateline: skipped: {e}"));
                }
            }
            Ok(())
        });
        if read.is_ok() && !batch.is_empty() {
            // A failed send means the writer stopped; its own error is reported below.
            let _ = tx.send((std::mem::take(&mut batch), bar.read()));
        }
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| anyhow::anyhow!("the store writer panicked"))?;
        // The writer's error explains a failed send; report it first.
        written?;
        read
    })?;
    tally.failed = failed;
    // A file that failed, whole or in part, is read again next time.
    stamps.retain(|(key, _, _)| !failed_files.contains(key));
    store
        .mark_files(&stamps)
        .context("recording the files read")?;
    bar.finish();
    let (stored, events, clusters) = store.counts()?;
    let Tally {
        added,
        replaced,
        unchanged,
        failed,
    } = tally;
    if opts.only_changed {
        println!("{unchanged_files} file(s) unchanged since they were last read: skipped");
    }
    println!(
        "ingested {} document(s) in {:.1}s: {added} added, {replaced} replaced, {unchanged} unchanged, {failed} skipped; store {}: {stored} documents, {events} events in {clusters} clusters",
        added + replaced + unchanged,
        started.elapsed().as_secs_f64(),
        db.display()
    );
    let skipped = failed + opinions_failed;
    if skipped > 0 {
        eprintln!("dateline: {skipped} input(s) skipped (see the messages above)");
    }
    let read = added + replaced + unchanged + opinions_read + unchanged_files as u64;
    Ok(exit_code(read, skipped))
}

/// Opens the store for a run of writes, waiting (with a message) while another `ingest` or
/// `update` holds it.
fn open_for_writing(db: &Path) -> anyhow::Result<Store> {
    let waiting = || {
        eprintln!(
            "dateline: another ingest or update is writing to {}; waiting for it to finish",
            db.display()
        )
    };
    Store::open_for_writing(db, waiting)
        .with_context(|| format!("opening the store {}", db.display()))
}

/// Reads the editorials of each folder into the store; bad files and folders are reported
/// by name and skipped. The numbers of editorials read and skipped.
fn ingest_opinions(store: &mut Store, dirs: &[PathBuf]) -> anyhow::Result<(u64, u64)> {
    let (mut read, mut failed) = (0u64, 0u64);
    for dir in dirs {
        let mut ops = Vec::new();
        let found = match dateline_ingest::opinion::read_dir(dir) {
            Ok(found) => found,
            Err(e) => {
                failed += 1;
                eprintln!("dateline: skipped: {e}");
                continue;
            }
        };
        for r in found {
            match r {
                Ok(o) => ops.push(o),
                Err(e) => {
                    failed += 1;
                    eprintln!("dateline: skipped: {e}");
                }
            }
        }
        read += ops.len() as u64;
        let outcomes = store.put_opinions(&ops).context("storing the editorials")?;
        let added = outcomes
            .iter()
            .filter(|o| **o != Outcome::Unchanged)
            .count();
        println!(
            "read {} editorial(s) from {}: {added} new or changed",
            ops.len(),
            dir.display()
        );
    }
    Ok((read, failed))
}

fn open_existing(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `dateline ingest PATH --db {}` first)",
            db.display(),
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("opening the store {}", db.display()))
}

/// Writes every event in the chosen format.
/// The filters of `dateline events`: the query language of `/search` (see
/// `dateline_web::query`).
#[derive(clap::Args, Debug, Default)]
pub struct Filters {
    /// Words that must all appear in a story's text (summary, context, sources' titles and leads).
    #[arg(long)]
    q: Option<String>,
    /// First date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Country name or ISO code.
    #[arg(long)]
    country: Option<String>,
    /// Region (admin1).
    #[arg(long)]
    admin1: Option<String>,
    /// Words of the place's name.
    #[arg(long)]
    place: Option<String>,
    /// lat,lon,km: within km of a point.
    #[arg(long, allow_hyphen_values = true)]
    near: Option<String>,
    /// west,south,east,north in degrees.
    #[arg(long, allow_hyphen_values = true)]
    bbox: Option<String>,
    /// Words of an actor's name.
    #[arg(long)]
    actor: Option<String>,
    /// ACLED event or sub-event type.
    #[arg(long = "type")]
    event_type: Option<String>,
    /// Portal category.
    #[arg(long)]
    category: Option<String>,
    /// Words of a claimant's name.
    #[arg(long)]
    claimant: Option<String>,
    /// Words of an outlet's name.
    #[arg(long)]
    outlet: Option<String>,
    /// At least this many reported deaths.
    #[arg(long)]
    fatalities_min: Option<String>,
    /// true or false: claimants' death figures differ.
    #[arg(long)]
    disputed: Option<String>,
}

impl Filters {
    /// The filters as a query; None when none is given.
    fn query(&self) -> anyhow::Result<Option<dateline_web::query::Query>> {
        let pairs: Vec<(&str, &str)> = [
            ("q", &self.q),
            ("from", &self.from),
            ("to", &self.to),
            ("country", &self.country),
            ("admin1", &self.admin1),
            ("place", &self.place),
            ("near", &self.near),
            ("bbox", &self.bbox),
            ("actor", &self.actor),
            ("type", &self.event_type),
            ("category", &self.category),
            ("claimant", &self.claimant),
            ("outlet", &self.outlet),
            ("fatalities_min", &self.fatalities_min),
            ("disputed", &self.disputed),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect();
        if pairs.is_empty() {
            return Ok(None);
        }
        let q = dateline_web::query::Query::parse(pairs)
            .map_err(|e| anyhow::anyhow!("--{}", e.to_string().replace('_', "-")))?;
        Ok(Some(q))
    }
}

pub fn events(db: &Path, format: EventsFormat, filters: &Filters) -> anyhow::Result<ExitCode> {
    let query = filters.query()?;
    let store = open_existing(db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // JSON Lines lists stories (their documents as sources, their coded events inside); the
    // other formats list the coded events, one row or feature each.
    use dateline_web::query::Key;
    // What the filters select: items of events (with their views, for the formats that list
    // events) and stories no event was coded from.
    let selected = match &query {
        Some(q) => {
            let index = dateline_web::query::Index::build(&store)?;
            let mut items = Vec::new();
            let mut keys = std::collections::HashSet::new();
            dateline_web::query::each_matching(&store, &index, q, |key, v| {
                if matches!(key, Key::Item(_)) && format != EventsFormat::Jsonl {
                    items.push(v);
                }
                keys.insert(key);
                Ok::<_, dateline_store::StoreError>(())
            })?;
            Some((items, keys))
        }
        None => None,
    };
    let items = match (format, &selected) {
        (EventsFormat::Jsonl, _) => Vec::new(),
        (_, Some((items, _))) => items.clone(),
        (_, None) => views::all_items(&store)?,
    };
    match format {
        EventsFormat::Jsonl => {
            // A story is selected when one of its events is, or itself when it has none.
            let stories = views::all_stories(&store)?.into_iter().filter(|s| {
                selected.as_ref().is_none_or(|(_, keys)| {
                    keys.contains(&Key::Story(s.story))
                        || s.main
                            .iter()
                            .chain(&s.other_events)
                            .any(|v| keys.contains(&Key::Item(v.id)))
                })
            });
            for v in stories {
                serde_json::to_writer(&mut out, &v)?;
                out.write_all(b"\n")?;
            }
        }
        EventsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(render::CSV_HEADER)?;
            for row in items.iter().filter_map(render::csv_row) {
                w.write_record(row)?;
            }
            w.flush()?;
        }
        EventsFormat::Geojson => {
            serde_json::to_writer(&mut out, &render::geojson(&items))?;
            out.write_all(b"\n")?;
        }
        EventsFormat::Md => {
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\n---\n\n")?;
                }
                out.write_all(render::item_md(v).as_bytes())?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Serves the portal until Ctrl-C.
pub fn serve(
    db: PathBuf,
    addr: std::net::SocketAddr,
    base_url: Option<String>,
    maps: &MapOptions,
) -> anyhow::Result<ExitCode> {
    open_existing(&db)?;
    let overlays = maps.overlays()?;
    // Bound before the announcement: a busy port is the error, not a line after "serving".
    let listener = std::net::TcpListener::bind(addr).with_context(|| {
        format!("cannot listen on {addr} (is another server using that port? choose another with --addr)")
    })?;
    let rt = tokio::runtime::Runtime::new().context("starting the server runtime")?;
    eprintln!(
        "dateline: serving {} on http://{addr}/ (Ctrl-C to stop)",
        db.display()
    );
    rt.block_on(dateline_web::serve(
        db,
        listener,
        base_url.as_deref(),
        overlays,
    ))
    .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the static site; with `git`, commits the change to the site's own repository (made
/// on first use) so every page keeps its history.
pub fn export(
    db: &Path,
    site: &Path,
    base_url: &str,
    git: bool,
    maps: &MapOptions,
) -> anyhow::Result<ExitCode> {
    drop(open_existing(db)?);
    let overlays = maps.overlays()?;
    let started = std::time::Instant::now();
    let report = dateline_web::site::export(db, site, base_url.trim_end_matches('/'), &overlays)?;
    println!(
        "wrote {} pages to {} in {:.1}s ({} changed, {} removed)",
        report.pages,
        site.display(),
        started.elapsed().as_secs_f64(),
        report.changed,
        report.removed
    );
    if git {
        commit_site(site, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn run_git(site: &Path, args: &[&str]) -> anyhow::Result<std::process::Output> {
    std::process::Command::new("git")
        .arg("-C")
        .arg(site)
        .args(args)
        .output()
        .with_context(|| format!("running git {} (is git installed?)", args.join(" ")))
}

/// Commits the site folder's changes, if any, as "dateline" unless the user configured git.
fn commit_site(site: &Path, report: &dateline_web::site::Report) -> anyhow::Result<()> {
    if !site.join(".git").exists() {
        let out = run_git(site, &["init", "-q"])?;
        anyhow::ensure!(
            out.status.success(),
            "git init in {} failed: {}",
            site.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run_git(site, &["add", "-A"])?;
    anyhow::ensure!(
        out.status.success(),
        "git add failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if run_git(site, &["diff", "--cached", "--quiet"])?
        .status
        .success()
    {
        println!("site unchanged: nothing to commit");
        return Ok(());
    }
    let configured = run_git(site, &["config", "user.email"])?.status.success();
    let mut args: Vec<&str> = Vec::new();
    if !configured {
        args.extend([
            "-c",
            "user.name=dateline",
            "-c",
            "user.email=dateline@localhost",
        ]);
    }
    let message = format!(
        "dateline export: {} pages, {} changed, {} removed",
        report.pages, report.changed, report.removed
    );
    args.extend(["commit", "-q", "-m", &message]);
    let out = run_git(site, &args)?;
    anyhow::ensure!(
        out.status.success(),
        "git commit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "committed the site's changes to {}",
        site.join(".git").display()
    );
    Ok(())
}
