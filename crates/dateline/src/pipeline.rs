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

/// Files are read and analysed in parallel, in batches so memory stays bounded, and `sink`
/// sees every result in input order.
pub fn analyse_paths(
    paths: &[PathBuf],
    extractor: &Extractor,
    mut sink: impl FnMut(Item) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let files = dateline_ingest::discover(paths)?;
    const BATCH: usize = 256;
    for chunk in files.chunks(BATCH) {
        let results: Vec<Vec<Item>> = chunk
            .par_iter()
            .map(|path| match dateline_ingest::read_file(path) {
                Ok(docs) => docs
                    .into_par_iter()
                    .map(|d| match d {
                        Ok(doc) => Item::Analysis(Box::new(extractor.analyse(doc))),
                        Err(e) => Item::Failed(e),
                    })
                    .collect(),
                Err(e) => vec![Item::Failed(e)],
            })
            .collect();
        for item in results.into_iter().flatten() {
            sink(item)?;
        }
    }
    Ok(())
}
