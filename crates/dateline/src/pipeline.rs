//! Runs ingest and extract over many files in parallel, handing results back in input order.

use std::path::PathBuf;

use anyhow::Context;
use dateline_extract::Extractor;
use dateline_ingest::IngestError;
use dateline_model::Analysis;
use rayon::prelude::*;

/// One result of the pipeline, in input order.
pub enum Item {
    Analysis(Box<Analysis>),
    /// A file, folder or document that could not be read: reported and skipped.
    Failed(IngestError),
}

/// Sets the size of the worker pool (once per process).
pub fn set_threads(threads: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("setting up worker threads")?;
    }
    Ok(())
}

/// Analyses one document. A fault in the analyser (a bug) skips that document with an error
/// naming it, rather than ending a run over thousands.
fn analyse_one(extractor: &Extractor, doc: dateline_model::Document) -> Item {
    let path = doc.source.clone();
    let run = std::panic::AssertUnwindSafe(|| extractor.analyse(doc));
    match std::panic::catch_unwind(run) {
        Ok(analysis) => Item::Analysis(Box::new(analysis)),
        Err(fault) => {
            let what = fault
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| fault.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Item::Failed(IngestError::BadDocument {
                path,
                reason: format!(
                    "dateline failed to analyse this document ({what}); it is a bug, please report it with the document"
                ),
            })
        }
    }
}

/// Documents analysed together, in parallel; memory stays bounded by this many analyses.
const BATCH: usize = 512;

/// Files are read one after another and their documents analysed in parallel batches, so
/// memory stays bounded; `sink` sees every result in input order.
pub fn analyse_paths(
    paths: &[PathBuf],
    extractor: &Extractor,
    mut sink: impl FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let found = discover(paths);
    for e in found.skipped {
        sink(Item::Failed(e))?;
    }
    analyse_files(&found.files, extractor, sink)
}

/// Finds the files under `paths`, printing its notes (folders reached twice) as warnings.
pub fn discover(paths: &[PathBuf]) -> dateline_ingest::Discovery {
    let mut found = dateline_ingest::discover(paths);
    for n in std::mem::take(&mut found.notes) {
        eprintln!("dateline: warning: {n}");
    }
    found
}

/// [`analyse_paths`] over files already found.
pub fn analyse_files(
    files: &[dateline_ingest::Input],
    extractor: &Extractor,
    mut sink: impl FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut pending: Vec<Result<dateline_model::Document, IngestError>> = Vec::new();
    let flush = |pending: &mut Vec<Result<dateline_model::Document, IngestError>>,
                 sink: &mut dyn FnMut(Item) -> anyhow::Result<()>|
     -> anyhow::Result<()> {
        let items: Vec<Item> = std::mem::take(pending)
            .into_par_iter()
            .map(|d| match d {
                Ok(doc) => analyse_one(extractor, doc),
                Err(e) => Item::Failed(e),
            })
            .collect();
        for item in items {
            sink(item)?;
        }
        Ok(())
    };
    // Web archives and JSON Lines files stream: their records are read one by one and turned
    // into documents (HTML extraction included) and analysed in parallel batches, so a file of
    // any size runs in bounded memory and its reading is not one thread's work.
    let (streams, files): (Vec<&dateline_ingest::Input>, Vec<&dateline_ingest::Input>) =
        files.iter().partition(|f| {
            dateline_ingest::format_of(&f.path).is_some_and(|(f, _, _)| {
                matches!(
                    f,
                    dateline_ingest::Format::Warc | dateline_ingest::Format::JsonLines
                )
            })
        });
    for input in streams {
        let path = input.path.as_path();
        let Some((format, gz, _)) = dateline_ingest::format_of(path) else {
            continue;
        };
        let source = path.display().to_string();
        if format == dateline_ingest::Format::Warc {
            match dateline_ingest::warc::pages(path, gz) {
                Ok(pages) => stream(pages, extractor, &mut sink, |p| {
                    Some(dateline_ingest::warc::document(&source, &p))
                })?,
                Err(e) => sink(Item::Failed(e))?,
            }
        } else {
            match dateline_ingest::jsonl_lines(path, gz) {
                Ok(lines) => stream(lines, extractor, &mut sink, |(n, line)| {
                    dateline_ingest::read_jsonl_line(&source, n, &line)
                })?,
                Err(e) => sink(Item::Failed(e))?,
            }
        }
    }
    // Small files are read in parallel too: a folder of articles is many small files.
    for chunk in files.chunks(BATCH) {
        let read: Vec<Vec<Result<dateline_model::Document, IngestError>>> = chunk
            .par_iter()
            .map(|path| match dateline_ingest::read_file(path) {
                Ok(docs) => docs,
                Err(e) => vec![Err(e)],
            })
            .collect();
        for docs in read {
            for d in docs {
                pending.push(d);
                if pending.len() >= BATCH {
                    flush(&mut pending, &mut sink)?;
                }
            }
        }
        flush(&mut pending, &mut sink)?;
    }
    Ok(())
}

/// Reads records from `records` in batches, turns each into a document with `read` and
/// analyses the batch in parallel; `sink` sees the results in input order.
fn stream<T: Send>(
    records: impl Iterator<Item = Result<T, IngestError>>,
    extractor: &Extractor,
    sink: &mut dyn FnMut(Item) -> anyhow::Result<()>,
    read: impl Fn(T) -> Option<Result<dateline_model::Document, IngestError>> + Sync,
) -> anyhow::Result<()> {
    let run = |raw: &mut Vec<Result<T, IngestError>>,
               sink: &mut dyn FnMut(Item) -> anyhow::Result<()>|
     -> anyhow::Result<()> {
        let items: Vec<Item> = std::mem::take(raw)
            .into_par_iter()
            .filter_map(|r| match r.map(&read) {
                Ok(Some(Ok(doc))) => Some(analyse_one(extractor, doc)),
                Ok(Some(Err(e))) | Err(e) => Some(Item::Failed(e)),
                Ok(None) => None,
            })
            .collect();
        for item in items {
            sink(item)?;
        }
        Ok(())
    };
    let mut raw = Vec::with_capacity(BATCH);
    for r in records {
        raw.push(r);
        if raw.len() >= BATCH {
            run(&mut raw, sink)?;
        }
    }
    run(&mut raw, sink)
}
