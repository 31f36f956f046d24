//! Editorials for the opinion section: Markdown files with a short header naming title,
//! author and date.
//!
//! ```text
//! ---
//! title: Why sources matter
//! author: A. Writer
//! date: 2017-08-14
//! ---
//! The body, in Markdown.
//! ```
//!
//! Without a header, the first `# ` heading is the title, a "By …" line the author and a date
//! in the file name ("2017-08-14-why-sources-matter.md") the date. An editorial missing any of
//! the three is an error naming the file and what is missing.

use std::path::Path;

use dateline_model::{dates, Opinion};

use crate::IngestError;

/// Reads every `.md` file under `dir` (recursively, sorted) as an editorial.
pub fn read_dir(dir: &Path) -> Result<Vec<Result<Opinion, IngestError>>, IngestError> {
    let found = crate::discover(&[dir.to_path_buf()]);
    let mut skipped = found.skipped.into_iter();
    if found.files.is_empty() {
        // The folder itself is missing or unreadable: nothing can be read.
        if let Some(e) = skipped.next() {
            return Err(e);
        }
    }
    let mut out: Vec<Result<Opinion, IngestError>> = skipped.map(Err).collect();
    for f in found.files {
        let f = f.path;
        if crate::format_of(&f).map(|(fmt, _, _)| fmt) != Some(crate::Format::Markdown) {
            continue;
        }
        match std::fs::read(&f) {
            Ok(raw) => out.push(read(&f, &crate::decode_text(&raw))),
            Err(e) => out.push(Err(IngestError::Io {
                path: f.display().to_string(),
                source: e,
            })),
        }
    }
    Ok(out)
}

/// Reads one editorial; `path` names it in errors and gives the fallback date.
pub fn read(path: &Path, text: &str) -> Result<Opinion, IngestError> {
    let source = path.display().to_string();
    let bad = |reason: &str| IngestError::BadDocument {
        path: source.clone(),
        reason: format!("not an editorial: {reason}"),
    };
    let mut title = None;
    let mut author = None;
    let mut date = None;
    let mut body = text.trim_start_matches('\u{feff}');
    if let Some(rest) = body.strip_prefix("---") {
        let end = rest
            .find("\n---")
            .ok_or_else(|| bad("the header opened by \"---\" is not closed"))?;
        for line in rest[..end].lines() {
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim().trim_matches('"').trim();
                match k.trim().to_ascii_lowercase().as_str() {
                    "title" => title = Some(v.to_string()),
                    "author" | "by" => author = Some(v.to_string()),
                    "date" => {
                        date = Some(
                            dates::parse_iso_prefix(v)
                                .or_else(|| dates::parse_written(v))
                                .ok_or_else(|| bad(&format!("date {v:?} is not a date")))?,
                        )
                    }
                    _ => {}
                }
            }
        }
        body = rest[end + 4..].trim_start_matches('-');
    }
    let mut kept = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if title.is_none() {
            if let Some(h) = t.strip_prefix("# ") {
                title = Some(h.trim().to_string());
                continue;
            }
        }
        if author.is_none() {
            if let Some(a) = t.strip_prefix("By ").or_else(|| t.strip_prefix("by ")) {
                if a.split_whitespace().count() <= 6 {
                    author = Some(a.trim_matches(['*', '_', ' ']).to_string());
                    continue;
                }
            }
        }
        kept.push(line);
    }
    if date.is_none() {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        date = dates::parse_iso_prefix(name);
    }
    let title = title
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("no title (a \"title:\" header or a \"# \" heading)"))?;
    let author = author
        .filter(|a| !a.is_empty())
        .ok_or_else(|| bad("no author (an \"author:\" header or a \"By …\" line)"))?;
    let date =
        date.ok_or_else(|| bad("no date (a \"date:\" header or a YYYY-MM-DD file name prefix)"))?;
    let slug = dateline_model::slug(&title);
    Ok(Opinion {
        slug: if slug.is_empty() {
            "opinion".into()
        } else {
            slug
        },
        title,
        author,
        date,
        body: kept.join("\n").trim().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_header() {
        let o = read(
            Path::new("x.md"),
            "---\ntitle: Why sources matter\nauthor: A. Writer\ndate: 2017-08-14\n---\nFirst paragraph.\n\nSecond.",
        )
        .expect("valid");
        assert_eq!(o.title, "Why sources matter");
        assert_eq!(o.author, "A. Writer");
        assert_eq!(o.date.to_string(), "2017-08-14");
        assert_eq!(o.slug, "why-sources-matter");
        assert_eq!(o.body, "First paragraph.\n\nSecond.");
    }

    #[test]
    fn reads_heading_byline_and_file_date() {
        let o = read(
            Path::new("ed/2017-08-14-sources.md"),
            "# Sources first\n\nBy A. Writer\n\nBody text.",
        )
        .expect("valid");
        assert_eq!(
            (o.title.as_str(), o.author.as_str(), o.date.to_string()),
            ("Sources first", "A. Writer", "2017-08-14".to_string())
        );
        assert_eq!(o.body, "Body text.");
    }

    #[test]
    fn says_what_is_missing() {
        let e = read(Path::new("ed/notes.md"), "# A title\n\nBy Someone\n\nText.")
            .expect_err("no date");
        assert!(
            e.to_string().contains("ed/notes.md") && e.to_string().contains("no date"),
            "{e}"
        );
        let e = read(Path::new("ed/2017-01-01.md"), "Text only.").expect_err("no title");
        assert!(e.to_string().contains("no title"), "{e}");
    }
}
