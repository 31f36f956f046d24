//! The `dateline` command: glue that reads flags and runs the stages (ingest → extract →
//! store → serve/export). It is the only crate that knows command-line flags.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc: the pipeline and the exports allocate many small strings on several threads at
/// once, where the system allocator spent a fifth of the time (measured in the note of
/// issue 16).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod commands;
mod fetch;
mod pipeline;
mod progress;

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "News articles in; a sourced, geocoded record of events out.",
    after_help = "Exit status: 0 when every input was read; 2 when some inputs were skipped (each is named on stderr, with how many); 1 when nothing could be done (no input could be read, a bad flag, an unreadable store)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `extract`, `ingest` and `update` read: every extension of `ingest::EXTENSIONS`, by
/// kind (a test holds the two equal).
const INPUTS: &str = "Files or folders of: articles (.txt, .text, .md, .markdown, .html, .htm, .xhtml); JSON Lines of articles, one object per line with `text` or `html` (.jsonl, .ndjson); Current Events Portal pages (.wiki, .wikitext, .mediawiki, or the Portal's .html) and WikiTimes item lists (.json); RSS and Atom feeds (.rss, .atom, .xml); web archives (.warc). Any of them may be gzip-compressed (.gz). Other files in a folder are left alone";

#[derive(Subcommand)]
enum Command {
    /// Read articles and print one JSON analysis per document (claims and events).
    Extract {
        #[arg(required = true, help = INPUTS)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        #[command(flatten)]
        places: commands::PlaceOptions,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Read articles and Current Events Portal pages into the store (documents, claims,
    /// events, items), and editorials into the opinion section.
    Ingest {
        #[arg(required_unless_present = "opinion", help = INPUTS)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        /// A folder of editorials (Markdown with title, author and date); may be repeated.
        #[arg(long)]
        opinion: Vec<PathBuf>,
        #[command(flatten)]
        places: commands::PlaceOptions,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Incremental refresh for a cron job or systemd timer: read only files that are new or
    /// changed since the last run (new articles, new Portal days), then optionally re-export
    /// the static site (and commit it with --git).
    Update {
        /// Files or folders to watch; what they may hold is what `ingest` reads.
        #[arg(help = INPUTS)]
        paths: Vec<PathBuf>,
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        /// A folder of editorials; may be repeated.
        #[arg(long)]
        opinion: Vec<PathBuf>,
        /// Re-export the static site into this folder after the update.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The site's public URL, for absolute links in the feeds.
        #[arg(long, default_value = "")]
        base_url: String,
        /// Commit the site's changes to git (needs --site).
        #[arg(long, requires = "site")]
        git: bool,
        #[command(flatten)]
        places: commands::PlaceOptions,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// List the stored stories (JSONL) or coded events (CSV, Markdown, GeoJSON), all or those
    /// the filters select (the same filters as the portal's /search and /api/stories.*).
    Events {
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        #[arg(long, value_enum, default_value_t = EventsFormat::Jsonl)]
        format: EventsFormat,
        #[command(flatten)]
        filters: commands::Filters,
    },
    /// Write the portal as a static site: every page in .html, .md, .json and .xml, and the feed.
    Export {
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        /// The folder to write the site into.
        #[arg(long)]
        site: PathBuf,
        /// The site's public URL, for absolute links in the feeds.
        #[arg(long, default_value = "")]
        base_url: String,
        /// Commit the site's changes to a git repository in the folder (made on first use),
        /// so every page keeps its history.
        #[arg(long)]
        git: bool,
        #[command(flatten)]
        maps: commands::MapOptions,
    },
    /// Download Current Events Portal day pages (wiki syntax) from Wikipedia into a folder,
    /// for `ingest` or `update`. Needs a network; nothing else in dateline does.
    FetchPortal {
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last day (YYYY-MM-DD), default the first.
        #[arg(long)]
        to: Option<String>,
        /// Folder to save the pages in.
        #[arg(long)]
        out: PathBuf,
        /// Download days already saved again.
        #[arg(long)]
        force: bool,
    },
    /// Build and inspect gazetteer indexes: village tables, GeoNames dumps and place lists,
    /// indexed once and opened in place by `--gazetteer`.
    Gazetteer {
        #[command(subcommand)]
        action: GazetteerAction,
    },
    /// Serve the portal (HTML, Markdown, JSON and XML pages of the store).
    Serve {
        #[arg(long, default_value = "dateline.db")]
        db: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The site's public address for the feeds' absolute links and guids (default: the
        /// address served, http://ADDR).
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        maps: commands::MapOptions,
    },
}

#[derive(Subcommand)]
enum GazetteerAction {
    /// Index place tables into one file for `--gazetteer`. Sources: CSV/TSV tables with a
    /// header (optionally .gz; columns named as in Who's On First, OpenStreetMap or GeoNames
    /// exports: name, lat, lon, country, admin1, admin2, alt_names, population, placetype, id),
    /// GeoNames dump files (SO.txt, allCountries.txt, with admin1CodesASCII.txt and
    /// admin2Codes.txt beside them) or folders of dumps.
    Build {
        /// The index file to write (replaced whole, only once every source has been read).
        #[arg(long)]
        out: PathBuf,
        #[arg(required = true)]
        sources: Vec<PathBuf>,
    },
    /// Print what an index holds: its sources and row count.
    Info { index: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EventsFormat {
    Jsonl,
    Csv,
    Md,
    Geojson,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dateline: {}", said_once(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error with its causes, each said once: library errors name their cause in their own
/// message (so that they read whole wherever they are shown), and a cause already said is not
/// said again.
fn said_once(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.is_empty() {
            out = text;
        } else if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
    }
    out
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
        Command::Extract {
            paths,
            format: ExtractFormat::Jsonl,
            places,
            threads,
        } => {
            pipeline::set_threads(threads)?;
            let extractor = commands::extractor(&places)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let (mut read, mut failed) = (0u64, 0u64);
            pipeline::analyse_paths(&paths, &extractor, |item| {
                match item {
                    pipeline::Item::Analysis(a) => {
                        read += 1;
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
                eprintln!("dateline: {failed} input(s) skipped (see the messages above)");
            }
            Ok(commands::exit_code(read, failed))
        }
        Command::Ingest {
            paths,
            db,
            opinion,
            places,
            threads,
        } => {
            pipeline::set_threads(threads)?;
            let opts = commands::IngestOptions {
                paths: &paths,
                opinions: &opinion,
                only_changed: false,
                places: &places,
            };
            commands::ingest(&opts, &db)
        }
        Command::Update {
            paths,
            db,
            opinion,
            site,
            base_url,
            git,
            places,
            threads,
        } => {
            pipeline::set_threads(threads)?;
            let opts = commands::IngestOptions {
                paths: &paths,
                opinions: &opinion,
                only_changed: true,
                places: &places,
            };
            let code = commands::ingest(&opts, &db)?;
            match site {
                Some(site) => {
                    let maps = commands::MapOptions {
                        gazetteer: places.gazetteer.clone(),
                    };
                    commands::export(&db, &site, &base_url, git, &maps)
                }
                None => Ok(code),
            }
        }
        Command::Gazetteer {
            action: GazetteerAction::Build { out, sources },
        } => commands::gazetteer_build(&out, &sources),
        Command::Gazetteer {
            action: GazetteerAction::Info { index },
        } => commands::gazetteer_info(&index),
        Command::Events {
            db,
            format,
            filters,
        } => commands::events(&db, format, &filters),
        Command::Serve {
            db,
            addr,
            base_url,
            maps,
        } => commands::serve(db, addr, base_url, &maps),
        Command::FetchPortal {
            from,
            to,
            out,
            force,
        } => {
            let day = |s: &str| {
                dateline_model::dates::parse_iso_prefix(s)
                    .ok_or_else(|| anyhow::anyhow!("{s:?} is not a date (want YYYY-MM-DD)"))
            };
            let from = day(&from)?;
            let to = match to {
                Some(t) => day(&t)?,
                None => from,
            };
            let n = fetch::portal(from, to, &out, force)?;
            println!("saved {n} Portal day page(s) in {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            db,
            site,
            base_url,
            git,
            maps,
        } => commands::export(&db, &site, &base_url, git, &maps),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_says_its_cause_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = anyhow::Error::new(io).context("x.idx: no such file");
        let e = e.context("opening the index");
        assert_eq!(
            super::said_once(&e),
            "opening the index: x.idx: no such file"
        );
    }

    #[test]
    fn the_help_names_every_input_format() {
        for (ext, _) in dateline_ingest::EXTENSIONS {
            assert!(
                super::INPUTS.contains(&format!(".{ext}")),
                ".{ext} is read but --help does not say so"
            );
        }
    }
}
