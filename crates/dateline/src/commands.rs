//! The store-backed commands: `ingest`, `events` and `serve`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dateline_store::{Outcome, Store};
use dateline_web::{render, views};

use crate::{pipeline, EventsFormat};

/// Reads articles into the store with a progress bar and a one-line summary. A document that
/// cannot be read is reported and skipped; each stored document is one transaction.
pub fn ingest(paths: &[PathBuf], db: &Path) -> anyhow::Result<ExitCode> {
    let extractor = dateline_extract::Extractor::new().context("loading the gazetteer")?;
    let mut store =
        Store::open(db).with_context(|| format!("opening the store {}", db.display()))?;
    let files = dateline_ingest::discover(paths)?;
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Short runs finish before the bar would be useful; it only draws after a second.
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let (mut added, mut replaced, mut unchanged, mut failed) = (0u64, 0u64, 0u64, 0u64);
    let started = std::time::Instant::now();
    let mut last_source = String::new();
    pipeline::analyse_paths(paths, &extractor, |item| {
        match item {
            pipeline::Item::Analysis(a) => {
                for w in &a.document.warnings {
                    bar.suspend(|| eprintln!("dateline: warning: {w}"));
                }
                match store
                    .ingest(&a)
                    .with_context(|| format!("storing {}", a.document.id))?
                {
                    Outcome::Added => added += 1,
                    Outcome::Replaced => replaced += 1,
                    Outcome::Unchanged => unchanged += 1,
                }
                let file = a
                    .document
                    .source
                    .rsplit_once(':')
                    .map_or(a.document.source.as_str(), |(f, _)| f);
                if file != last_source {
                    bar.inc(1);
                    last_source = file.to_string();
                }
            }
            pipeline::Item::Failed(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("dateline: skipped: {e}"));
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    let (docs, events, clusters) = store.counts()?;
    println!(
        "ingested {} document(s) in {:.1}s: {added} added, {replaced} replaced, {unchanged} unchanged, {failed} failed; store {}: {docs} documents, {events} events in {clusters} clusters",
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
