//! The `dateline` command: glue that reads flags and runs the stages (ingest → extract →
//! store → serve/export). It is the only crate that knows command-line flags.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

mod pipeline;

#[derive(Parser)]
#[command(name = "dateline", version, about = "News articles in; a sourced, geocoded record of events out.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and print one JSON analysis per document (claims and events).
    Extract {
        /// Files or folders (.txt, .md, .html, .htm, .jsonl, optionally .gz).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Jsonl,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dateline: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths, format: ExtractFormat::Jsonl, threads } => {
            pipeline::set_threads(threads)?;
            let extractor = dateline_extract::Extractor::new().context("loading the gazetteer")?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let mut failed = 0usize;
            pipeline::analyse_paths(&paths, &extractor, |item| {
                match item {
                    pipeline::Item::Analysis(a) => {
                        for w in &a.document.warnings {
                            eprintln!("dateline: warning: {w}");
                        }
                        serde_json::to_writer(&mut out, &a)?;
                        out.write_all(b"\n")?;
                    }
                    pipeline::Item::Failed(e) => {
                        failed += 1;
                        eprintln!("dateline: skipped: {e}");
                    }
                }
                Ok(())
            })?;
            out.flush()?;
            if failed > 0 {
                eprintln!("dateline: {failed} document(s) could not be read");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
