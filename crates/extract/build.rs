//! Builds the embedded gazetteer's index from `data/gazetteer.tsv.gz` at compile time, with the
//! same code `dateline gazetteer build` runs, so the binary opens it in place at start-up.

use std::io::Read;

#[allow(dead_code)]
#[path = "src/gazetteer/keys.rs"]
mod keys;

#[allow(dead_code)]
#[path = "src/gazetteer/index.rs"]
mod index;

#[allow(dead_code)]
#[path = "src/gazetteer/bounds.rs"]
mod bounds;

const DATA: &str = "../../data/gazetteer.tsv.gz";

fn main() {
    println!("cargo:rerun-if-changed={DATA}");
    println!("cargo:rerun-if-changed=src/gazetteer/keys.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/index.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/bounds.rs");
    let gz = std::fs::read(DATA).unwrap_or_else(|e| panic!("{DATA}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{DATA}: not valid gzip text: {e}"));
    let meta = text.lines().next().unwrap_or("").trim_start_matches("# ");
    let mut builder = index::IndexBuilder::new(meta);
    for (n, line) in text.lines().enumerate() {
        match index::parse_dateline_row(line, "geonames") {
            Ok(Some(row)) => builder
                .push(&row)
                .unwrap_or_else(|e| panic!("{DATA} line {}: {e}", n + 1)),
            Ok(None) => {}
            Err(e) => panic!("{DATA} line {}: {e}", n + 1),
        }
    }
    let bytes = builder.finish().unwrap_or_else(|e| panic!("{DATA}: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("gazetteer.idx");
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
