//! Reading benchmark: main text and metadata of every page under the given paths, on one
//! thread, with no claims layer. Prints pages/s and MB/s (uncompressed HTML) twice: from the
//! files (reading and gunzip included), and from pages already in memory, which is how
//! trafilatura's figure is taken (`trafilatura.extract(html)` over strings).
//!
//! `cargo run --release -p dateline-ingest --example read_bench -- ../shared/eval/article-extraction/html [ROUNDS]`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().ok_or("usage: read_bench DIR [ROUNDS]")?;
    let rounds: usize = args.get(1).map(|r| r.parse()).transpose()?.unwrap_or(5);
    let files = dateline_ingest::discover(&[std::path::PathBuf::from(dir)]).files;
    let mut pages_in_memory = Vec::new();
    for f in &files {
        let raw = std::fs::read(&f.path)?;
        let mut out = Vec::new();
        if f.path.extension().is_some_and(|e| e == "gz") {
            use std::io::Read;
            flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
        } else {
            out = raw;
        }
        pages_in_memory.push(out);
    }
    let bytes: usize = pages_in_memory.iter().map(Vec::len).sum();
    let report = |what: &str, pages: usize, chars: usize, s: f64| {
        println!(
            "{what}: {pages} pages ({} files x {rounds}) in {s:.2} s on one thread: {:.0} pages/s, {:.1} MB/s; {chars} bytes of text",
            files.len(),
            pages as f64 / s,
            (bytes * rounds) as f64 / 1e6 / s
        )
    };
    let (mut pages, mut chars) = (0usize, 0usize);
    let start = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            for d in dateline_ingest::read_file(f)?.into_iter().flatten() {
                pages += 1;
                chars += d.text.len();
            }
        }
    }
    report("from files", pages, chars, start.elapsed().as_secs_f64());
    let (mut pages, mut chars) = (0usize, 0usize);
    let start = Instant::now();
    for _ in 0..rounds {
        for page in &pages_in_memory {
            let mut d = dateline_ingest::html::read("bench", "bench", None, page);
            dateline_ingest::lang::identify(&mut d);
            pages += 1;
            chars += d.text.len();
        }
    }
    report("in memory", pages, chars, start.elapsed().as_secs_f64());
    Ok(())
}
