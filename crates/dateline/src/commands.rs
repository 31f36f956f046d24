//! The store-backed commands: `ingest`, `events` and `serve`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dateline_store::{Outcome, Store};
use dateline_web::{render, views};

use crate::{pipeline, EventsFormat};

/// Documents stored per transaction.
const STORE_BATCH: usize = 500;

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
        batch: &mut Vec<dateline_model::Analysis>,
    ) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        for o in store
            .ingest_many(batch)
            .context("storing a batch of documents")?
        {
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

/// Reads articles into the store with a progress bar and a one-line summary. A document that
/// cannot be read is reported and skipped; documents are stored in batches, each one
/// transaction, so an interrupted run never leaves a half-written document.
pub fn ingest(paths: &[PathBuf], db: &Path) -> anyhow::Result<ExitCode> {
    let extractor = dateline_extract::Extractor::new().context("loading the gazetteer")?;
    let mut store =
        Store::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    let files = dateline_ingest::discover(paths)?;
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files, {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Short runs finish before the bar would be useful; it only draws after a second.
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let started = std::time::Instant::now();
    let mut tally = Tally::default();
    let mut batch: Vec<dateline_model::Analysis> = Vec::with_capacity(STORE_BATCH);
    let mut last_file = String::new();
    let mut docs = 0u64;
    pipeline::analyse_paths(paths, &extractor, |item| {
        match item {
            pipeline::Item::Analysis(a) => {
                for w in &a.document.warnings {
                    bar.suspend(|| eprintln!("dateline: warning: {w}"));
                }
                let source = &a.document.source;
                let file = source.rsplit_once(':').map_or(source.as_str(), |(f, _)| f);
                if file != last_file {
                    bar.inc(1);
                    last_file = file.to_string();
                }
                docs += 1;
                bar.set_message(format!("{docs} documents"));
                batch.push(*a);
                if batch.len() >= STORE_BATCH {
                    tally.store(&mut store, &mut batch)?;
                }
            }
            pipeline::Item::Failed(e) => {
                tally.failed += 1;
                bar.suspend(|| eprintln!("dateline: skipped: {e}"));
            }
        }
        Ok(())
    })?;
    tally.store(&mut store, &mut batch)?;
    bar.finish_and_clear();
    let (stored, events, clusters) = store.counts()?;
    let Tally {
        added,
        replaced,
        unchanged,
        failed,
    } = tally;
    println!(
        "ingested {} document(s) in {:.1}s: {added} added, {replaced} replaced, {unchanged} unchanged, {failed} failed; store {}: {stored} documents, {events} events in {clusters} clusters",
        added + replaced + unchanged,
        started.elapsed().as_secs_f64(),
        db.display()
    );
    Ok(if failed > 0 && added + replaced + unchanged == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
pub fn events(db: &Path, format: EventsFormat) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let items = views::all_items(&store)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        EventsFormat::Jsonl => {
            for v in &items {
                serde_json::to_writer(&mut out, v)?;
                out.write_all(b"\n")?;
            }
        }
        EventsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(render::CSV_HEADER)?;
            for v in &items {
                w.write_record(render::csv_row(v))?;
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
pub fn serve(db: PathBuf, addr: std::net::SocketAddr) -> anyhow::Result<ExitCode> {
    open_existing(&db)?;
    let rt = tokio::runtime::Runtime::new().context("starting the server runtime")?;
    eprintln!(
        "dateline: serving {} on http://{addr}/ (Ctrl-C to stop)",
        db.display()
    );
    rt.block_on(dateline_web::serve(db, addr))
        .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the static site.
pub fn export(db: &Path, site: &Path, base_url: &str) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let pages = dateline_web::site::export(&store, site, base_url.trim_end_matches('/'))?;
    println!("wrote {pages} pages to {}", site.display());
    Ok(ExitCode::SUCCESS)
}
