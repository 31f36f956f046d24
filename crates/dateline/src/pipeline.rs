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

/// Documents analysed together, in parallel; memory stays bounded by this many analyses.
const BATCH: usize = 512;

/// Files are read one after another and their documents analysed in parallel batches, so
/// memory stays bounded; `sink` sees every result in input order.
pub fn analyse_paths(
    paths: &[PathBuf],
    extractor: &Extractor,
    sink: impl FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let files = dateline_ingest::discover(paths)?;
    analyse_files(&files, extractor, sink)
}

/// [`analyse_paths`] over files already found.
pub fn analyse_files(
    files: &[PathBuf],
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
                Ok(doc) => Item::Analysis(Box::new(extractor.analyse(doc))),
                Err(e) => Item::Failed(e),
            })
            .collect();
        for item in items {
            sink(item)?;
        }
        Ok(())
    };
    // Web archives stream: their pages are read one by one and extracted in parallel batches,
    // so an archive of any size runs in bounded memory.
    let (archives, files): (Vec<&PathBuf>, Vec<&PathBuf>) = files.iter().partition(|p| {
        dateline_ingest::format_of(p).is_some_and(|(f, _, _)| f == dateline_ingest::Format::Warc)
    });
    for path in archives {
        let gz = dateline_ingest::format_of(path).is_some_and(|(_, gz, _)| gz);
        let source = path.display().to_string();
        let mut raw: Vec<Result<dateline_ingest::warc::Page, IngestError>> = Vec::new();
        let pages = match dateline_ingest::warc::pages(path, gz) {
            Ok(p) => p,
            Err(e) => {
                sink(Item::Failed(e))?;
                continue;
            }
        };
        let run = |raw: &mut Vec<Result<dateline_ingest::warc::Page, IngestError>>,
                   sink: &mut dyn FnMut(Item) -> anyhow::Result<()>|
         -> anyhow::Result<()> {
            let items: Vec<Item> = std::mem::take(raw)
                .into_par_iter()
                .map(|p| match p {
                    Ok(p) => Item::Analysis(Box::new(
                        extractor.analyse(dateline_ingest::warc::document(&source, &p)),
                    )),
                    Err(e) => Item::Failed(e),
                })
                .collect();
            for item in items {
                sink(item)?;
            }
            Ok(())
        };
        for p in pages {
            raw.push(p);
            if raw.len() >= BATCH {
                run(&mut raw, &mut sink)?;
            }
        }
        run(&mut raw, &mut sink)?;
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
