//! WARC and WARC.gz web archives (Common Crawl News is the largest free news archive): HTML
//! pages from `response` (and `resource`) records, with the URL and crawl date from the
//! record headers.
//!
//! [`pages`] streams: one record in memory at a time, so an archive of any size reads in
//! bounded memory. A broken record never loses the records after it: the reader says which
//! record and at which byte it was lost, skips to the next line that starts a record
//! (`WARC/1.`), and goes on; a corrupt gzip member is skipped to the next member. Records
//! are read by hand rather than with the `warc` crate, which ends the file at the first
//! malformed record and names no offset.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use dateline_model::{DateSource, Document};

use crate::IngestError;

/// One archived HTML page, before main-text extraction.
#[derive(Debug, Clone)]
pub struct Page {
    /// "warc-" and the record's id.
    pub id: String,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// The day of `WARC-Date` (when it was crawled).
    pub crawled: Option<NaiveDate>,
    /// The HTTP body.
    pub body: Vec<u8>,
}

/// The longest header block a record may have; a longer one is not a record.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// The HTML pages of a WARC file (`gz`: gzip-compressed), in file order. A malformed record
/// is an error naming the file, the record's number and its byte offset (in the
/// uncompressed stream); reading goes on at the next record.
pub fn pages(
    path: &Path,
    gz: bool,
) -> Result<impl Iterator<Item = Result<Page, IngestError>>, IngestError> {
    let file = crate::progress::open(path).map_err(|e| IngestError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::new(Members::new(BufReader::new(file))))
    } else {
        Box::new(BufReader::new(file))
    };
    Ok(records(path.display().to_string(), reader))
}

/// Gzip members one after another (a `.warc.gz` is one member per record); a member that
/// fails to decompress is given up and reading resumes at the next gzip header found in the
/// compressed bytes. The records of the good members are all read.
struct Members<R: BufRead> {
    inner: Option<flate2::bufread::GzDecoder<R>>,
}

impl<R: BufRead> Members<R> {
    fn new(r: R) -> Members<R> {
        Members {
            inner: Some(flate2::bufread::GzDecoder::new(r)),
        }
    }
}

/// Moves `r` to the next gzip member header (1f 8b 08), or to the end.
fn seek_member(r: &mut impl BufRead) -> std::io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match memchr::memmem::find(buf, &[0x1f, 0x8b, 0x08]) {
            Some(i) => {
                r.consume(i);
                return Ok(true);
            }
            // Keep the last two bytes: a header may straddle two reads.
            None if buf.len() > 2 => {
                let n = buf.len() - 2;
                r.consume(n);
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(dec) = self.inner.as_mut() else {
                return Ok(0);
            };
            match dec.read(out) {
                Ok(0) => {
                    // This member is done: the next one, if any, starts right after it.
                    let Some(dec) = self.inner.take() else {
                        return Ok(0);
                    };
                    let mut r = dec.into_inner();
                    if r.fill_buf()?.is_empty() {
                        return Ok(0);
                    }
                    self.inner = Some(flate2::bufread::GzDecoder::new(r));
                }
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => {
                    // A corrupt member: skip past its header and look for the next one.
                    let Some(dec) = self.inner.take() else {
                        return Ok(0);
                    };
                    let mut r = dec.into_inner();
                    let buf = r.fill_buf()?;
                    if !buf.is_empty() {
                        r.consume(1);
                    }
                    if !seek_member(&mut r)? {
                        return Ok(0);
                    }
                    self.inner = Some(flate2::bufread::GzDecoder::new(r));
                    // The cut record ends here; a newline lets the next one be found.
                    if let Some(first) = out.first_mut() {
                        *first = b'\n';
                        return Ok(1);
                    }
                }
            }
        }
    }
}

/// One record's header block: its fields by name (lowercase).
struct Head {
    fields: Vec<(String, String)>,
}

impl Head {
    fn get(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// Reads records from a WARC stream, counting bytes so errors can say where they are.
struct RecordReader<R: BufRead> {
    r: R,
    offset: u64,
    number: u64,
}

enum Step {
    Record(Head, Vec<u8>),
    /// A record that is not one: what is wrong, where it started, and its number.
    Broken(String, u64, u64),
    End,
}

impl<R: BufRead> RecordReader<R> {
    fn line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        let n = (&mut self.r)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', buf)?;
        self.offset += n as u64;
        Ok(n)
    }

    /// Skips to the next line that starts a record and leaves it in `buf`; false at the end.
    fn resync(&mut self, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        loop {
            if self.line(buf)? == 0 {
                return Ok(false);
            }
            if buf.starts_with(b"WARC/1.") {
                return Ok(true);
            }
        }
    }

    fn next_record(&mut self, pending: &mut Option<Vec<u8>>) -> std::io::Result<Step> {
        let mut buf = Vec::new();
        let start;
        match pending.take() {
            Some(first) => {
                start = self.offset - first.len() as u64;
                buf = first;
            }
            None => loop {
                let at = self.offset;
                if self.line(&mut buf)? == 0 {
                    return Ok(Step::End);
                }
                if !buf.iter().all(u8::is_ascii_whitespace) {
                    start = at;
                    break;
                }
            },
        }
        self.number += 1;
        let number = self.number;
        let broken = |me: &mut Self, why: String, pending: &mut Option<Vec<u8>>| {
            let mut next = Vec::new();
            if me.resync(&mut next)? {
                *pending = Some(next);
            }
            Ok(Step::Broken(why, start, number))
        };
        if !buf.starts_with(b"WARC/1.") {
            return broken(self, "no WARC version line".into(), pending);
        }
        let mut fields = Vec::new();
        let mut header_bytes = 0usize;
        loop {
            let n = self.line(&mut buf)?;
            header_bytes += n;
            if n == 0 {
                return broken(
                    self,
                    "the archive ends inside the record's headers".into(),
                    pending,
                );
            }
            if header_bytes > MAX_HEADER_BYTES {
                return broken(self, "headers longer than 64 KiB".into(), pending);
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if line.starts_with("WARC/1.") {
                *pending = Some(buf.clone());
                return Ok(Step::Broken(
                    "a record with no end of headers".into(),
                    start,
                    number,
                ));
            }
            match line.split_once(':') {
                Some((k, v)) => fields.push((k.trim().to_ascii_lowercase(), v.trim().to_string())),
                None if line.starts_with([' ', '\t']) => {} // a folded header line
                None => {
                    return broken(
                        self,
                        format!("not a header line: {:?}", truncate(line)),
                        pending,
                    )
                }
            }
        }
        let head = Head { fields };
        let Some(length) = head
            .get("content-length")
            .and_then(|l| l.parse::<u64>().ok())
        else {
            return broken(self, "no valid Content-Length".into(), pending);
        };
        let keep = length <= (crate::MAX_DOCUMENT_BYTES as u64) * 2;
        let mut body = Vec::new();
        let got = if keep {
            (&mut self.r).take(length).read_to_end(&mut body)? as u64
        } else {
            std::io::copy(&mut (&mut self.r).take(length), &mut std::io::sink())?
        };
        self.offset += got;
        if got < length {
            return Ok(Step::Broken(
                format!("the archive ends {} bytes into a block of {length}", got),
                start,
                number,
            ));
        }
        if !keep {
            return Ok(Step::Broken(
                format!("a block of {length} bytes, over the document limit; skipped"),
                start,
                number,
            ));
        }
        Ok(Step::Record(head, body))
    }
}

fn truncate(s: &str) -> &str {
    let mut end = s.len().min(60);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The HTML pages of WARC data from any reader (`source` names it in errors).
pub fn records(
    source: String,
    reader: impl BufRead,
) -> impl Iterator<Item = Result<Page, IngestError>> {
    let mut rr = RecordReader {
        r: reader,
        offset: 0,
        number: 0,
    };
    let mut pending = None;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let (h, body) = match rr.next_record(&mut pending) {
            Ok(Step::End) => return None,
            Ok(Step::Record(h, body)) => (h, body),
            Ok(Step::Broken(why, at, n)) => {
                return Some(Err(IngestError::BadDocument {
                    path: source.clone(),
                    reason: format!(
                    "record {n} at byte {at} is lost: {why}; reading goes on at the next record"
                ),
                }))
            }
            Err(e) => {
                done = true;
                return Some(Err(IngestError::BadDocument {
                    path: source.clone(),
                    reason: format!("unreadable after byte {}: {e}", rr.offset),
                }));
            }
        };
        let kind = h.get("warc-type").unwrap_or_default();
        let page = match kind.as_str() {
            "response" => http_body(&body),
            "resource" => Some(body),
            _ => None,
        };
        let Some(page) = page else { continue };
        let ctype = h.get("content-type").unwrap_or_default();
        if kind == "resource" && !ctype.contains("html") {
            continue;
        }
        if kind == "response" && !looks_like_html(&page) {
            continue;
        }
        let id = h
            .get("warc-record-id")
            .map(|r| {
                r.trim_matches(['<', '>'])
                    .trim_start_matches("urn:uuid:")
                    .to_string()
            })
            .unwrap_or_default();
        return Some(Ok(Page {
            id: format!("warc-{id}"),
            url: h.get("warc-target-uri"),
            crawled: h
                .get("warc-date")
                .and_then(|d| dateline_model::dates::parse_iso_prefix(&d)),
            body: page,
        }));
    })
}

/// The body of an HTTP response when it is HTML: headers checked for the content type,
/// chunked transfer and gzip/deflate content encoding undone. None for other content.
fn http_body(raw: &[u8]) -> Option<Vec<u8>> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut body = raw[split + 4..].to_vec();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(':')))
            .map(|v| v.trim().to_string())
    };
    if let Some(ct) = header("content-type") {
        if !ct.contains("html") {
            return None;
        }
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).unwrap_or(body);
    }
    match header("content-encoding").as_deref() {
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        _ => {}
    }
    Some(body)
}

/// Undoes HTTP chunked transfer encoding; None when the chunks are malformed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}

/// A page's document: main text and metadata from its HTML; the record's URL; the crawl day
/// as the publication date only when the page itself gives none (an article is published on
/// or before the day it was crawled). A page larger than [`crate::MAX_DOCUMENT_BYTES`] or
/// without text is an error naming the archive and the record.
pub fn document(source: &str, page: &Page) -> Result<Document, IngestError> {
    let named = format!("{source} (record {})", page.id);
    if page.body.len() > crate::MAX_DOCUMENT_BYTES {
        return Err(IngestError::TooLarge {
            path: source.to_string(),
            what: format!("the page of record {}", page.id),
            limit: crate::Bytes(crate::MAX_DOCUMENT_BYTES),
        });
    }
    let d = crate::html::read(&page.id, source, page.url.as_deref(), &page.body);
    let mut d = crate::finish(&named, d)?;
    if d.url.is_none() {
        d.url = page.url.clone();
    }
    if d.published.is_none() {
        if let Some(day) = page.crawled {
            d.published = Some(day);
            d.published_source = Some(DateSource::Input);
            d.warnings.push(format!(
                "{}: no publication date in the page; using the crawl date {day}",
                page.id
            ));
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2025-04-03T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    const PAGE: &str = "<html><head><title>Troops retake Jawhar</title></head><body><article><h1>Troops retake Jawhar</h1><p>Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday after heavy fighting, the regional governor said. At least twelve militants were killed, he said.</p><p>Residents said the militants withdrew to villages east of the town before dawn, leaving the market closed.</p></article></body></html>";

    fn archive() -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(record("warcinfo", "0", "", b"software: test\r\n"));
        out.extend(record(
            "request",
            "1",
            "https://example.org/a",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
        out.extend(record(
            "response",
            "2",
            "https://example.org/a",
            http.as_bytes(),
        ));
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        out.extend(record("response", "3", "https://example.org/i.png", image));
        // Chunked and gzip-encoded, as some archives keep them.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(PAGE.as_bytes()).expect("gzip");
        let zipped = gz.finish().expect("gzip");
        let mut chunked = format!("{:x}\r\n", zipped.len()).into_bytes();
        chunked.extend_from_slice(&zipped);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        http.extend_from_slice(&chunked);
        out.extend(record("response", "4", "https://example.org/b", &http));
        out
    }

    #[test]
    fn reads_html_responses_only() {
        let pages: Vec<Page> = records("t.warc".into(), archive().as_slice())
            .collect::<Result<_, _>>()
            .expect("valid archive");
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].id, "warc-2");
        assert_eq!(pages[0].url.as_deref(), Some("https://example.org/a"));
        assert_eq!(pages[1].body, PAGE.as_bytes());
        let d = document("t.warc", &pages[0]).expect("a page with text");
        assert!(d.text.contains("retook the town of Jawhar"), "{}", d.text);
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            d.published.map(|d| d.to_string()),
            Some("2025-04-03".into())
        );
        assert_eq!(d.published_source, Some(DateSource::Input));
    }

    #[test]
    fn gzip_members_and_bad_records() {
        let mut gz = Vec::new();
        // Two gzip members, as Common Crawl writes one per record.
        for rec in [archive(), archive()] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&rec).expect("gzip");
            gz.extend(e.finish().expect("gzip"));
        }
        let dir = std::env::temp_dir().join(format!("dateline-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("a.warc.gz");
        std::fs::write(&p, &gz).expect("write");
        assert_eq!(pages(&p, true).expect("open").count(), 4);
        let bad = b"WARC/1.0\r\nnot a header line at all\r\n\r\n".to_vec();
        let got: Vec<_> = records("bad.warc".into(), bad.as_slice()).collect();
        assert!(got.iter().all(|r| r.is_err()) && got.len() <= 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Regression (issue 17, case 14): one broken record, or one corrupt gzip member, loses
    /// that record only; the error says which and where.
    #[test]
    fn reading_goes_on_after_a_broken_record() {
        let mut warc = archive();
        warc.extend(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\ngarbage\r\n\r\n",
        );
        warc.extend(b"\x00\x01 stray bytes\r\n");
        warc.extend(archive());
        let got: Vec<_> = records("t.warc".into(), warc.as_slice()).collect();
        let pages = got.iter().filter(|r| r.is_ok()).count();
        let errors: Vec<String> = got
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(pages, 4, "{errors:?}");
        assert!(
            errors[0].contains("record 6 at byte") && errors[0].contains("Content-Length"),
            "{errors:?}"
        );

        let mut gz = Vec::new();
        for (i, rec) in [archive(), archive(), archive()].into_iter().enumerate() {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&rec).expect("gzip");
            let mut member = e.finish().expect("gzip");
            if i == 1 {
                // Corrupt the middle of the second member's compressed data.
                let mid = member.len() / 2;
                for b in &mut member[mid..mid + 8] {
                    *b ^= 0xff;
                }
            }
            gz.extend(member);
        }
        let got: Vec<_> = records(
            "t.warc.gz".into(),
            BufReader::new(Members::new(BufReader::new(gz.as_slice()))),
        )
        .collect();
        let pages = got.iter().filter(|r| r.is_ok()).count();
        assert!(
            pages >= 4,
            "the first and third members' pages are kept: {pages}"
        );
    }
}
