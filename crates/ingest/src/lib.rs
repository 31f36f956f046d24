//! Reading articles: files and folders in, clean [`Document`]s out.
//!
//! [`discover`] walks the paths a user gives (recursively, in sorted order) and keeps the
//! formats dateline reads: `.txt`, `.md`, `.html`, `.htm`, each optionally `.gz`, `.jsonl`
//! (one document per line), and Current Events Portal pages (`.wiki` wiki syntax, HTML day
//! pages, WikiTimes `.json`). [`read_file`] turns one file into documents; each document's
//! problem is its own [`IngestError`], naming the file (and line), so a run can report it and go
//! on. The stages inside:
//! - [`html`]: main text and metadata of an HTML page (dom_smoothie, a Readability port);
//! - [`clean`]: junk removal and metadata for text and Markdown scrapes;
//! - [`context_page`]: items of *the Context* in Markdown;
//! - [`portal`]: Current Events Portal day pages (HTML, wiki syntax) and WikiTimes JSON;
//! - [`opinion`]: editorials (Markdown with title, author and date) for the opinion section;
//! - [`warc`]: HTML pages of WARC / WARC.gz web archives, streamed record by record;
//! - [`feed`]: RSS and Atom feeds, one document per entry.

use std::io::Read;
use std::path::{Path, PathBuf};

use dateline_model::{DateSource, Document};
use serde::Deserialize;

pub mod clean;
pub mod context_page;
pub mod feed;
pub mod html;
pub mod lang;
pub mod opinion;
pub mod portal;
pub mod warc;

/// Why a file or one of its documents could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: not a supported file type (want .txt, .md, .html, .htm, .jsonl, .wiki, .json, .warc, .rss, .atom, .xml, optionally .gz)"
    )]
    Unsupported { path: String },
    #[error("{path}:{line}: not a JSON document: {reason}")]
    BadJson {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    BadDocument { path: String, reason: String },
}

/// The kinds of input dateline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    JsonLines,
    /// A Current Events Portal page in wiki syntax.
    Wikitext,
    /// A JSON array of Current Events Portal items (WikiTimes).
    Json,
    /// A WARC web archive.
    Warc,
    /// An RSS or Atom feed.
    Feed,
}

/// The format and the id stem of a path, judged by its extensions ("a.html.gz" is HTML, id "a").
pub fn format_of(path: &Path) -> Option<(Format, bool, String)> {
    let name = path.file_name()?.to_str()?;
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(n) => (n, true),
        None => (name, false),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    let format = match ext.to_ascii_lowercase().as_str() {
        "txt" | "text" => Format::Text,
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        "jsonl" | "ndjson" => Format::JsonLines,
        "wiki" | "wikitext" | "mediawiki" => Format::Wikitext,
        "json" => Format::Json,
        "warc" => Format::Warc,
        "rss" | "atom" | "xml" => Format::Feed,
        _ => return None,
    };
    Some((format, gz, stem.to_string()))
}

/// Expands files and folders into the list of readable files, folders walked recursively and
/// sorted by path so runs are deterministic. Hidden files are skipped. A path the user named
/// directly that is not a supported file is an error; unsupported files inside folders are not.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| io_err(p, e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else if format_of(p).is_some() {
            out.push(p.clone());
        } else {
            return Err(IngestError::Unsupported {
                path: p.display().to_string(),
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), IngestError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_err(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if format_of(&p).is_some() {
            out.push(p);
        }
    }
    Ok(())
}

fn io_err(path: &Path, source: std::io::Error) -> IngestError {
    IngestError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// One line of a `.jsonl` input.
#[derive(Debug, Deserialize)]
struct JsonDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    html: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    title: Option<String>,
}

/// Reads one file into documents, in file order. The outer error means nothing in the file
/// could be read; inner errors belong to single documents (a bad JSONL line).
pub fn read_file(path: &Path) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let mut docs = read_file_raw(path)?;
    for d in docs.iter_mut().flatten() {
        lang::identify(d);
    }
    Ok(docs)
}

fn read_file_raw(path: &Path) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let (format, gz, stem) = format_of(path).ok_or_else(|| IngestError::Unsupported {
        path: path.display().to_string(),
    })?;
    if format == Format::Warc {
        let source = path.display().to_string();
        return Ok(warc::pages(path, gz)?
            .map(|p| p.map(|p| warc::document(&source, &p)))
            .collect());
    }
    let raw = std::fs::read(path).map_err(|e| io_err(path, e))?;
    let bytes = if gz {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| IngestError::BadDocument {
                path: path.display().to_string(),
                reason: format!("not valid gzip: {e}"),
            })?;
        out
    } else {
        raw
    };
    let source = path.display().to_string();
    Ok(match format {
        Format::JsonLines => read_jsonl(&source, &bytes),
        Format::Html => {
            let text = html::decode(&bytes);
            if portal::is_portal_html(&text) {
                items(
                    &source,
                    portal::read_html(&source, &text, portal::date_in_name(&stem)),
                )
            } else {
                vec![Ok(html::read_str(&stem, &source, None, &text))]
            }
        }
        Format::Wikitext => items(
            &source,
            portal::read_wikitext(&source, &decode_text(&bytes), portal::date_in_name(&stem)),
        ),
        Format::Warc => Vec::new(),
        Format::Feed => match feed::read(&source, &bytes) {
            Ok(docs) => docs.into_iter().map(|d| non_empty(&source, d)).collect(),
            Err(reason) => vec![Err(IngestError::BadDocument {
                path: source.clone(),
                reason,
            })],
        },
        Format::Json => match portal::read_wikitimes(&source, &decode_text(&bytes)) {
            Ok(docs) => items(&source, docs),
            Err(reason) => vec![Err(IngestError::BadDocument {
                path: source.clone(),
                reason,
            })],
        },
        Format::Text | Format::Markdown => {
            let text = decode_text(&bytes);
            vec![non_empty(&source, read_text(&stem, &source, &text))]
        }
    })
}

/// A Portal page's items; a page with none is an error naming the file.
fn items(source: &str, docs: Vec<Document>) -> Vec<Result<Document, IngestError>> {
    if docs.is_empty() {
        return vec![Err(IngestError::BadDocument {
            path: source.to_string(),
            reason: "no Current Events Portal items found in the page".into(),
        })];
    }
    docs.into_iter().map(Ok).collect()
}

/// Reads a text or Markdown scrape: a Context item page if it has that shape, else a cleaned
/// article.
pub fn read_text(id: &str, source: &str, text: &str) -> Document {
    context_page::read(id, source, text).unwrap_or_else(|| clean::read(id, source, text))
}

fn non_empty(source: &str, doc: Document) -> Result<Document, IngestError> {
    if doc.text.trim().is_empty() {
        Err(IngestError::BadDocument {
            path: source.to_string(),
            reason: "no text in the document".into(),
        })
    } else {
        Ok(doc)
    }
}

/// Reads JSON Lines documents (see the crate docs for the fields); `source` names the input.
pub fn read_jsonl(source: &str, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| read_jsonl_line(source, i + 1, line))
        .collect()
}

/// The lines of a JSON Lines file (gzip-compressed when `gz`), read as they are needed so a
/// file of any size runs in bounded memory: (line number, bytes).
pub fn jsonl_lines(
    path: &Path,
    gz: bool,
) -> Result<impl Iterator<Item = Result<(usize, Vec<u8>), IngestError>>, IngestError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            file,
        )))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let source = path.display().to_string();
    Ok(reader.split(b'\n').enumerate().map(move |(i, line)| {
        line.map(|l| (i + 1, l))
            .map_err(|e| IngestError::BadDocument {
                path: source.clone(),
                reason: format!("unreadable at line {}: {e}", i + 1),
            })
    }))
}

/// Reads one JSON Lines line (number `n`, counted from 1) into a document: cleaned text, or
/// main text extracted from its HTML, and its language. None for a blank line.
pub fn read_jsonl_line(
    source: &str,
    n: usize,
    line: &[u8],
) -> Option<Result<Document, IngestError>> {
    let line = decode_text(line);
    if line.trim().is_empty() {
        return None;
    }
    let bad = |reason: String| IngestError::BadJson {
        path: source.to_string(),
        line: n,
        reason,
    };
    let doc: JsonDoc = match serde_json::from_str(&line) {
        Ok(d) => d,
        Err(e) => return Some(Err(bad(e.to_string()))),
    };
    let id = match doc.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Some(Err(bad("missing \"id\" (a string or number)".into()))),
    };
    let line_source = doc.url.clone().unwrap_or_else(|| format!("{source}:{n}"));
    let mut d = match (doc.html, doc.text) {
        (Some(h), _) => html::read(&id, &line_source, doc.url.as_deref(), h.as_bytes()),
        (None, Some(t)) => read_text(&id, &line_source, &t),
        (None, None) => return Some(Err(bad("needs a \"text\" or \"html\" field".into()))),
    };
    if doc.url.is_some() {
        d.url = doc.url;
    }
    if let Some(o) = doc.outlet {
        d.outlet = Some(o);
    }
    if let Some(t) = doc.title {
        d.title = Some(t);
    }
    if let Some(p) = doc.published {
        match dateline_model::dates::parse_written(&p) {
            Some(date) => {
                d.published = Some(date);
                d.published_source = Some(DateSource::Input);
            }
            None => d
                .warnings
                .push(format!("\"published\" is not a date: {p:?}; ignored")),
        }
    }
    lang::identify(&mut d);
    Some(non_empty(source, d))
}

/// Decodes bytes as UTF-8, or as Windows-1252 when they are not valid UTF-8 (invalid bytes
/// never stop the run).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |p: &str| format_of(Path::new(p));
        assert_eq!(f("a/b.html.gz"), Some((Format::Html, true, "b".into())));
        assert_eq!(f("x.TXT"), Some((Format::Text, false, "x".into())));
        assert_eq!(f("d.jsonl"), Some((Format::JsonLines, false, "d".into())));
        assert_eq!(f("notes.pdf"), None);
        assert_eq!(f("README"), None);
    }

    #[test]
    fn jsonl_lines_fail_one_by_one() {
        let input = b"{\"id\": \"a\", \"text\": \"Two people were killed in Homs on Monday, police said.\", \"published\": \"2020-01-02\"}\nnot json\n{\"text\": \"no id\"}\n{\"id\": 7, \"html\": \"<html><body><p>Hello there.</p></body></html>\"}\n";
        let docs = read_jsonl("in.jsonl", input);
        assert_eq!(docs.len(), 4);
        let a = docs[0].as_ref().expect("first line is valid");
        assert_eq!(a.id, "a");
        assert_eq!(
            a.published.map(|d| d.to_string()),
            Some("2020-01-02".into())
        );
        let e = docs[1].as_ref().expect_err("second line is not JSON");
        assert!(
            e.to_string().starts_with("in.jsonl:2: not a JSON document"),
            "{e}"
        );
        let e = docs[2].as_ref().expect_err("third line has no id");
        assert!(e.to_string().contains("missing \"id\""), "{e}");
        assert_eq!(docs[3].as_ref().map(|d| d.id.as_str()).ok(), Some("7"));
    }

    #[test]
    fn invalid_utf8_decodes_as_windows_1252() {
        assert_eq!(decode_text(b"caf\xe9"), "café");
        assert_eq!(decode_text("Ḩimş".as_bytes()), "Ḩimş");
    }
}
