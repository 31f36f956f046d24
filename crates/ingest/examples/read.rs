//! Prints what ingestion makes of files: `cargo run -p dateline-ingest --example read -- FILE…`.
fn main() {
    for arg in std::env::args().skip(1) {
        match dateline_ingest::read_file(&dateline_ingest::Input::named(std::path::Path::new(&arg)))
        {
            Ok(docs) => {
                for d in docs {
                    match d {
                        Ok(d) => println!("{d:#?}"),
                        Err(e) => eprintln!("{e}"),
                    }
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
