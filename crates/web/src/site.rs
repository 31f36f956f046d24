//! The static site: every page the server serves, written to a folder by the same renderer,
//! byte-identical across runs on the same store.

use std::path::Path;

use dateline_store::Store;

use crate::views;
use crate::{render, render_page, Format};

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("reading the store: {0}")]
    Store(#[from] dateline_store::StoreError),
    #[error("writing {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

const FORMATS: [(Format, &str); 4] = [
    (Format::Html, "html"),
    (Format::Markdown, "md"),
    (Format::Json, "json"),
    (Format::Xml, "xml"),
];

fn write(dir: &Path, path: &str, body: &str) -> Result<(), SiteError> {
    let full = dir.join(path.trim_start_matches('/'));
    let io = |source| SiteError::Io {
        path: full.display().to_string(),
        source,
    };
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    // Unchanged files are left alone, so a git history shows only real changes.
    if std::fs::read(&full).is_ok_and(|old| old == body.as_bytes()) {
        return Ok(());
    }
    std::fs::write(&full, body).map_err(io)
}

/// Writes the whole site into `dir`; `base` is the site's public URL for the feed. Returns
/// the number of pages written.
pub fn export(store: &Store, dir: &Path, base: &str) -> Result<usize, SiteError> {
    let mut pages = 0;
    let front = views::front(store)?;
    for (f, ext) in FORMATS {
        write(
            dir,
            &format!("index.{ext}"),
            &render_page(f, "front", &front, render::front_html, render::front_md).1,
        )?;
        pages += 1;
    }
    write(dir, "api.html", &render::api_html())?;
    write(dir, "index_rss.xml", &render::rss(&front, base))?;
    pages += 2;
    let mut days: Vec<Option<chrono::NaiveDate>> =
        store.days()?.into_iter().map(|(d, _)| Some(d)).collect();
    days.push(None);
    for date in days {
        let day = views::day(store, date)?;
        if day.items.is_empty() {
            continue;
        }
        for (f, ext) in FORMATS {
            write(
                dir,
                &format!("{}.{ext}", day.path),
                &render_page(f, "day", &day, render::day_html, render::day_md).1,
            )?;
            pages += 1;
            for item in &day.items {
                write(
                    dir,
                    &format!("{}.{ext}", item.path),
                    &render_page(f, "item", item, render::item_html, render::item_md).1,
                )?;
                pages += 1;
            }
        }
    }
    Ok(pages)
}
