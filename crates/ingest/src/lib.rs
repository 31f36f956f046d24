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
pub mod progress;
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
    #[error("{path}: {what} is larger than the {limit} limit; skipped")]
    TooLarge {
        path: String,
        what: String,
        limit: Bytes,
    },
}

impl IngestError {
    /// The file (or URL) the error is about, as it names it; a JSONL line's file without
    /// the line number.
    pub fn path(&self) -> &str {
        match self {
            IngestError::Io { path, .. }
            | IngestError::Unsupported { path }
            | IngestError::BadJson { path, .. }
            | IngestError::BadDocument { path, .. }
            | IngestError::TooLarge { path, .. } => path,
        }
    }
}

/// A size in bytes, shown in MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bytes(pub usize);

impl std::fmt::Display for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} MiB", self.0 >> 20)
    }
}

/// The most bytes one document may have as read (an HTML page, a text file, a JSON Lines
/// line, a WARC record's page), after gunzip. The largest news pages are a few MB, most of it
/// scripts and inline images; beyond this a file is not an article, and reading it would
/// cost memory in proportion.
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

/// The most bytes a file holding many documents may have when it is read whole (a feed, a
/// WikiTimes JSON array); JSON Lines and web archives stream and have no such limit.
pub const MAX_COLLECTION_BYTES: usize = 64 << 20;

/// The most bytes of clean text one document may have. The claims layer's memory grows with
/// the text (about 40 bytes a byte); the longest articles are a few hundred KB.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

/// No publication date is earlier than this year: a "0001-01-01" is a placeholder.
pub const EARLIEST_YEAR: i32 = 1900;

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
    let ext = ext.to_ascii_lowercase();
    let format = EXTENSIONS.iter().find(|(e, _)| *e == ext)?.1;
    Some((format, gz, stem.to_string()))
}

/// Every file extension read, with its format; each may also end in `.gz`.
pub const EXTENSIONS: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("text", Format::Text),
    ("md", Format::Markdown),
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("htm", Format::Html),
    ("xhtml", Format::Html),
    ("jsonl", Format::JsonLines),
    ("ndjson", Format::JsonLines),
    ("wiki", Format::Wikitext),
    ("wikitext", Format::Wikitext),
    ("mediawiki", Format::Wikitext),
    ("json", Format::Json),
    ("warc", Format::Warc),
    ("rss", Format::Feed),
    ("atom", Format::Feed),
    ("xml", Format::Feed),
];

/// One file to read, with the id its document takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// The path relative to the folder named on the command line, with `/` between folders
    /// and without the format's extensions (`a/index` for `a/index.html.gz`); for a file
    /// named directly, its file name without them. It does not depend on how the folder was
    /// spelled (absolute, relative, with a trailing slash) or where it lies, so a moved
    /// folder keeps its ids. Two files share one only when they are one page in two formats
    /// (`x.html` beside `x.txt`) or two named paths hold the same relative path; `ingest`
    /// reports the second and stores the first.
    pub id: String,
}

impl Input {
    /// A file read on its own: its id is its file name without the format's extensions.
    pub fn named(path: &Path) -> Input {
        let name = path.file_name().map(Path::new).unwrap_or(path);
        Input {
            path: path.to_path_buf(),
            id: relative_id(name),
        }
    }
}

/// A relative path as an id: its parts joined with `/`, the last without the format's
/// extensions.
fn relative_id(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let (Some(last), Some((_, _, stem))) = (parts.last_mut(), format_of(rel)) {
        *last = stem;
    }
    parts.join("/")
}

/// What [`discover`] found: the files to read, paths it could not read (each an error naming
/// it, to report as skipped), and notes (a folder reached twice through links, walked once).
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<Input>,
    pub skipped: Vec<IngestError>,
    pub notes: Vec<String>,
}

/// Expands files and folders into the list of readable files, folders walked depth first and
/// sorted by path so runs are deterministic. Hidden files are skipped. A path the user named
/// directly that is missing or not a supported file, and a folder that cannot be listed, are
/// reported in `skipped` and the walk goes on. Symbolic links are followed, but no folder is
/// walked twice within one named path, so a link loop ends. The walk keeps its own stack:
/// no recursion on the depth of the tree.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => found.skipped.push(io_err(p, e)),
            Ok(meta) if meta.is_dir() => walk(p, &mut found),
            Ok(_) if format_of(p).is_some() => found.files.push(Input::named(p)),
            Ok(_) => found.skipped.push(IngestError::Unsupported {
                path: p.display().to_string(),
            }),
        }
    }
    found
}

fn walk(root: &Path, found: &mut Discovery) {
    let mut seen = std::collections::HashSet::new();
    let listing = |dir: &Path, found: &mut Discovery| -> Vec<PathBuf> {
        match std::fs::read_dir(dir) {
            Ok(rd) => {
                let mut entries: Vec<PathBuf> =
                    rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
                entries.sort();
                entries.reverse(); // popped from the end: in sorted order
                entries
            }
            Err(e) => {
                found.skipped.push(io_err(dir, e));
                Vec::new()
            }
        }
    };
    if let Ok(c) = std::fs::canonicalize(root) {
        seen.insert(c);
    }
    let mut stack = vec![listing(root, found)];
    while let Some(top) = stack.last_mut() {
        let Some(p) = top.pop() else {
            stack.pop();
            continue;
        };
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                if format_of(&p).is_some() {
                    found.skipped.push(io_err(&p, e));
                }
                continue;
            }
        };
        if meta.is_dir() {
            match std::fs::canonicalize(&p) {
                Ok(c) if !seen.insert(c.clone()) => found.notes.push(format!(
                    "{}: the folder {} is already read in this walk (a link loop or a second link); not read again",
                    p.display(),
                    c.display()
                )),
                _ => {
                    let entries = listing(&p, found);
                    stack.push(entries);
                }
            }
        } else if format_of(&p).is_some() {
            let id = relative_id(p.strip_prefix(root).unwrap_or(&p));
            found.files.push(Input { path: p, id });
        }
    }
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
/// could be read; inner errors belong to single documents (a bad JSONL line). Every document
/// has passed [`finish`].
pub fn read_file(input: &Input) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let path = input.path.as_path();
    let source = path.display().to_string();
    let docs = read_file_raw(input)?;
    // Web archive pages and JSON lines are finished by their own readers, which also stream.
    let finished =
        format_of(path).is_some_and(|(f, _, _)| matches!(f, Format::Warc | Format::JsonLines));
    if finished {
        return Ok(docs);
    }
    Ok(docs
        .into_iter()
        .map(|d| d.and_then(|d| finish(&source, d)))
        .collect())
}

/// Reads at most `limit` bytes of `reader` (gunzipped when `gz`); more is an error.
fn read_bounded(
    path: &Path,
    reader: impl Read,
    gz: bool,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, IngestError> {
    let mut reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    let mut out = Vec::new();
    (&mut reader)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| match gz {
            true => IngestError::BadDocument {
                path: path.display().to_string(),
                reason: format!("not valid gzip: {e}"),
            },
            false => io_err(path, e),
        })?;
    if out.len() > limit {
        return Err(IngestError::TooLarge {
            path: path.display().to_string(),
            what: what.to_string(),
            limit: Bytes(limit),
        });
    }
    Ok(out)
}

/// True when bytes are not text at all: a NUL, or more than one byte in a hundred a control
/// character no text uses (random bytes have twelve), in the first 64 KB.
fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 << 10)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    head.contains(&0) || controls * 100 > head.len()
}

fn read_file_raw(input: &Input) -> Result<Vec<Result<Document, IngestError>>, IngestError> {
    let path = input.path.as_path();
    let (format, gz, stem) = format_of(path).ok_or_else(|| IngestError::Unsupported {
        path: path.display().to_string(),
    })?;
    let source = path.display().to_string();
    if format == Format::Warc {
        return Ok(warc::pages(path, gz)?
            .map(|p| p.and_then(|p| warc::document(&source, &p)))
            .collect());
    }
    let file = progress::open(path).map_err(|e| io_err(path, e))?;
    let (limit, what) = match format {
        Format::JsonLines | Format::Json | Format::Feed => (MAX_COLLECTION_BYTES, "the file"),
        _ => (MAX_DOCUMENT_BYTES, "the document"),
    };
    let bytes = read_bounded(path, std::io::BufReader::new(file), gz, limit, what)?;
    if is_binary(&bytes) {
        return Err(IngestError::BadDocument {
            path: source,
            reason: "binary data, not text (a NUL or control characters no text has)".into(),
        });
    }
    let not_utf8 = |docs: &mut Vec<Result<Document, IngestError>>| {
        for d in docs.iter_mut().flatten() {
            d.warnings.push(format!(
                "{}: not valid UTF-8 and no charset declared; read as Windows-1252",
                d.id
            ));
        }
    };
    Ok(match format {
        Format::JsonLines => read_jsonl(&source, &bytes),
        Format::Html => {
            let (text, guessed) = html::decode_noting(&bytes);
            let mut docs = if portal::is_portal_html(&text) {
                items(
                    &source,
                    portal::read_html(&source, &text, portal::date_in_name(&stem)),
                )
            } else {
                vec![Ok(html::read_str(&input.id, &source, None, &text))]
            };
            if guessed {
                not_utf8(&mut docs);
            }
            docs
        }
        Format::Wikitext => items(
            &source,
            portal::read_wikitext(&source, &decode_text(&bytes), portal::date_in_name(&stem)),
        ),
        Format::Warc => Vec::new(),
        Format::Feed => match feed::read(&source, &bytes) {
            Ok((docs, lost)) => {
                let mut out: Vec<_> = docs.into_iter().map(Ok).collect();
                if let Some(reason) = lost {
                    out.push(Err(IngestError::BadDocument {
                        path: source.clone(),
                        reason,
                    }));
                }
                out
            }
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
            let (text, guessed) = decode_text_noting(&bytes);
            let mut docs = vec![Ok(read_text(&input.id, &source, &text))];
            if guessed {
                not_utf8(&mut docs);
            }
            docs
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

/// The last step every document takes, whatever its format: characters XML 1.0 forbids
/// (control characters but tab and newlines, U+FFFE, U+FFFF) removed from its text and
/// metadata, a publication date before [`EARLIEST_YEAR`] or after tomorrow dropped with a
/// warning (a placeholder or a clock gone wrong), its language set; a document with no text,
/// or more than [`MAX_TEXT_BYTES`] of it, is an error naming `source`.
pub fn finish(source: &str, mut doc: Document) -> Result<Document, IngestError> {
    scrub_document(&mut doc);
    if doc.text.trim().is_empty() {
        return Err(IngestError::BadDocument {
            path: source.to_string(),
            reason: "no text in the document".into(),
        });
    }
    if doc.text.len() > MAX_TEXT_BYTES {
        return Err(IngestError::TooLarge {
            path: source.to_string(),
            what: "the document's text".into(),
            limit: Bytes(MAX_TEXT_BYTES),
        });
    }
    if let Some(d) = doc.published {
        if !dateline_model::dates::plausible(d, EARLIEST_YEAR, tomorrow()) {
            doc.warnings.push(format!(
                "{}: publication date {d} is before {EARLIEST_YEAR} or in the future; ignored",
                doc.id
            ));
            doc.published = None;
            doc.published_source = None;
        }
    }
    lang::identify(&mut doc);
    Ok(doc)
}

/// Tomorrow by the system clock (UTC): no article is published later.
fn tomorrow() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    chrono::NaiveDate::default() + chrono::Duration::days(days + 1)
}

/// Removes the characters XML 1.0 forbids from every text of a document (its spans are made
/// after this, so they stay true).
fn scrub_document(doc: &mut Document) {
    for s in [&mut doc.text, &mut doc.source, &mut doc.id]
        .into_iter()
        .chain(doc.title.as_mut())
        .chain(doc.outlet.as_mut())
        .chain(doc.original_outlet.as_mut())
        .chain(doc.url.as_mut())
        .chain(doc.description.as_mut())
        .chain(doc.image.as_mut())
        .chain(doc.authors.iter_mut())
    {
        dateline_model::scrub_xml_forbidden(s);
    }
    if let Some(item) = doc.item.as_mut() {
        for t in item.topics.iter_mut() {
            dateline_model::scrub_xml_forbidden(t);
        }
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
/// file of any size runs in bounded memory: (line number, bytes). A line longer than
/// [`MAX_DOCUMENT_BYTES`] is not held: its first bytes past the limit are dropped, the rest
/// skipped to the next newline, and what comes back is only enough for
/// [`read_jsonl_line`] to report it as too large.
pub fn jsonl_lines(
    path: &Path,
    gz: bool,
) -> Result<impl Iterator<Item = Result<(usize, Vec<u8>), IngestError>>, IngestError> {
    use std::io::BufRead;
    let file = progress::open(path).map_err(|e| io_err(path, e))?;
    let mut reader: Box<dyn BufRead + Send> = if gz {
        Box::new(std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            file,
        )))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let source = path.display().to_string();
    let mut n = 0usize;
    let mut done = false;
    Ok(std::iter::from_fn(move || {
        if done {
            return None;
        }
        n += 1;
        match bounded_line(&mut reader, MAX_DOCUMENT_BYTES) {
            Ok(Some(line)) => Some(Ok((n, line))),
            Ok(None) => None,
            Err(e) => {
                done = true;
                Some(Err(IngestError::BadDocument {
                    path: source.clone(),
                    reason: format!("unreadable at line {n}: {e}"),
                }))
            }
        }
    }))
}

/// The next line of `reader` without its newline, None at the end. At most `limit + 1` bytes
/// are kept: a longer line comes back cut at that length (so its caller sees it is too long)
/// and the rest of it is read past, not stored.
fn bounded_line(
    reader: &mut dyn std::io::BufRead,
    limit: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let (chunk, newline) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i)),
            None => (buf, None),
        };
        let room = (limit + 1).saturating_sub(line.len());
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = newline.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if newline.is_some() {
            return Ok(Some(line));
        }
    }
}

/// Reads one JSON Lines line (number `n`, counted from 1) into a document: cleaned text, or
/// main text extracted from its HTML, and its language. None for a blank line.
pub fn read_jsonl_line(
    source: &str,
    n: usize,
    line: &[u8],
) -> Option<Result<Document, IngestError>> {
    if line.len() > MAX_DOCUMENT_BYTES {
        return Some(Err(IngestError::TooLarge {
            path: source.to_string(),
            what: format!("line {n}"),
            limit: Bytes(MAX_DOCUMENT_BYTES),
        }));
    }
    let (line, guessed) = decode_text_noting(line);
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
    if guessed {
        d.warnings.push(format!(
            "{source}:{n}: not valid UTF-8; read as Windows-1252"
        ));
    }
    Some(finish(&format!("{source}:{n}"), d))
}

/// Decodes bytes as UTF-8, or as Windows-1252 when they are not valid UTF-8 (invalid bytes
/// never stop the run).
pub fn decode_text(bytes: &[u8]) -> String {
    decode_text_noting(bytes).0
}

/// [`decode_text`], and whether the bytes were not UTF-8 and so were read as Windows-1252.
pub fn decode_text_noting(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(), true),
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

    /// A fresh folder under the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dateline-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    #[test]
    fn ids_are_paths_under_the_named_folder() {
        let dir = scratch("ids");
        for f in ["a/index.txt", "b/index.html.gz", "top.md"] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "x").expect("write");
        }
        let ids = |p: PathBuf| -> Vec<String> {
            discover(&[p]).files.into_iter().map(|f| f.id).collect()
        };
        assert_eq!(ids(dir.clone()), ["a/index", "b/index", "top"]);
        // However the folder is spelled, the ids are the same.
        let mut slash = dir.clone().into_os_string();
        slash.push("/");
        assert_eq!(ids(PathBuf::from(slash)), ["a/index", "b/index", "top"]);
        assert_eq!(ids(dir.join("a/index.txt")), ["index"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_end_and_missing_paths_are_skipped() {
        let dir = scratch("loop");
        std::fs::create_dir_all(dir.join("in/sub")).expect("mkdir");
        std::fs::write(dir.join("in/sub/a.txt"), "x").expect("write");
        std::os::unix::fs::symlink("..", dir.join("in/sub/up")).expect("symlink");
        let found = discover(&[dir.join("in"), dir.join("missing")]);
        let ids: Vec<&str> = found.files.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["sub/a"], "each file read once");
        assert_eq!(found.notes.len(), 1, "{:?}", found.notes);
        assert_eq!(found.skipped.len(), 1);
        assert!(
            found.skipped[0].to_string().contains("missing"),
            "{}",
            found.skipped[0]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn long_lines_are_cut_not_held() {
        let mut input: &[u8] = b"short\n0123456789abcdef\nend";
        let mut lines = Vec::new();
        while let Some(l) = bounded_line(&mut input, 8).expect("read") {
            lines.push(String::from_utf8(l).expect("utf8"));
        }
        assert_eq!(lines, ["short", "012345678", "end"]);
    }

    #[test]
    fn finish_scrubs_and_checks() {
        let doc = |text: &str, published: Option<&str>| Document {
            id: "d".into(),
            text: text.into(),
            published: published.and_then(dateline_model::dates::parse_iso_prefix),
            ..Document::default()
        };
        let d = finish(
            "d.txt",
            doc("Troops\u{1}\u{fffe} said\u{ffff}.", Some("0001-01-01")),
        )
        .expect("text");
        assert_eq!(d.text, "Troops said.");
        assert_eq!(d.published, None);
        assert!(d.warnings[0].contains("before 1900"), "{:?}", d.warnings);
        assert!(finish("d.txt", doc(" \n", None)).is_err());
        let big = "word ".repeat(MAX_TEXT_BYTES / 5 + 1);
        let e = finish("d.txt", doc(&big, None)).expect_err("too large");
        assert!(e.to_string().contains("2 MiB limit"), "{e}");
        assert!(is_binary(&[0x89, b'P', b'N', b'G', 0, 0, 0, 13]));
        assert!(!is_binary("Plain text,\n\tindented.".as_bytes()));
    }
}
