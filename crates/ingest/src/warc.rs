//! WARC and WARC.gz web archives (Common Crawl News is the largest free news archive): HTML
//! pages from `response` (and `resource`) records, with the URL and crawl date from the
//! record headers.
//!
//! Records are parsed by the `warc` crate; gzip members are decompressed with flate2's
//! multi-member decoder (a `.warc.gz` file is one gzip member per record). [`pages`] streams:
//! one record in memory at a time, so an archive of any size reads in bounded memory.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::NaiveDate;
use dateline_model::{DateSource, Document};
use warc::{WarcHeader, WarcReader};

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

/// The HTML pages of a WARC file (`gz`: gzip-compressed), in file order. A malformed record
/// is an error naming the file and ends the reading of that file.
pub fn pages(
    path: &Path,
    gz: bool,
) -> Result<impl Iterator<Item = Result<Page, IngestError>>, IngestError> {
    let file = std::fs::File::open(path).map_err(|e| IngestError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
            BufReader::new(file),
        )))
    } else {
        Box::new(BufReader::new(file))
    };
    Ok(records(path.display().to_string(), reader))
}

/// The HTML pages of WARC data from any reader (`source` names it in errors).
pub fn records(
    source: String,
    reader: impl BufRead,
) -> impl Iterator<Item = Result<Page, IngestError>> {
    let mut raw = WarcReader::new(reader).iter_raw_records();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let (headers, body) = match raw.next()? {
            Ok(r) => r,
            Err(e) => {
                done = true;
                return Some(Err(IngestError::BadDocument {
                    path: source.clone(),
                    reason: format!("not a valid WARC record: {e}"),
                }));
            }
        };
        let h = headers.as_ref();
        let get = |k: &WarcHeader| {
            h.get(k)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        let kind = get(&WarcHeader::WarcType).unwrap_or_default();
        let page = match kind.as_str() {
            "response" => http_body(&body),
            "resource" => Some(body),
            _ => None,
        };
        let Some(page) = page else { continue };
        let ctype = get(&WarcHeader::ContentType).unwrap_or_default();
        if kind == "resource" && !ctype.contains("html") {
            continue;
        }
        if kind == "response" && !looks_like_html(&page) {
            continue;
        }
        let id = get(&WarcHeader::RecordID)
            .map(|r| {
                r.trim_matches(['<', '>'])
                    .trim_start_matches("urn:uuid:")
                    .to_string()
            })
            .unwrap_or_default();
        return Some(Ok(Page {
            id: format!("warc-{id}"),
            url: get(&WarcHeader::TargetURI),
            crawled: get(&WarcHeader::Date)
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
}
