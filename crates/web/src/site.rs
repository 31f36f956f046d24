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

/// What an export did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Pages the site has.
    pub pages: usize,
    /// Pages written because they are new or changed.
    pub changed: usize,
    /// Pages of items no longer in the store, deleted.
    pub removed: usize,
}

/// Writes pages, leaving unchanged files alone (so a git history shows only real changes),
/// and remembers every page of the site.
struct Writer<'a> {
    dir: &'a Path,
    written: std::collections::HashSet<std::path::PathBuf>,
    report: Report,
}

impl Writer<'_> {
    fn write(&mut self, path: &str, body: &str) -> Result<(), SiteError> {
        let full = self.dir.join(path.trim_start_matches('/'));
        self.report.pages += 1;
        if write(&full, body)? {
            self.report.changed += 1;
        }
        self.written.insert(full);
        Ok(())
    }

    /// Deletes the site's pages (the extensions it writes, under `news/` and `opinion/`)
    /// that this export did not write: items merged away or removed from the store.
    fn remove_stale(&mut self) -> Result<(), SiteError> {
        for sub in ["news", "opinion"] {
            let root = self.dir.join(sub);
            if root.is_dir() {
                self.sweep(&root)?;
            }
        }
        Ok(())
    }

    fn sweep(&mut self, dir: &Path) -> Result<(), SiteError> {
        let io = |source| SiteError::Io {
            path: dir.display().to_string(),
            source,
        };
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                self.sweep(&p)?;
                // An emptied folder goes too; one with other files stays.
                let _ = std::fs::remove_dir(&p);
            } else if !self.written.contains(&p)
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| FORMATS.iter().any(|(_, x)| *x == e))
            {
                std::fs::remove_file(&p).map_err(|source| SiteError::Io {
                    path: p.display().to_string(),
                    source,
                })?;
                self.report.removed += 1;
            }
        }
        Ok(())
    }
}

/// Writes one file unless it already holds `body`; true when it wrote.
fn write(full: &Path, body: &str) -> Result<bool, SiteError> {
    let io = |source| SiteError::Io {
        path: full.display().to_string(),
        source,
    };
    if std::fs::read(full).is_ok_and(|old| old == body.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(full, body).map_err(io)?;
    Ok(true)
}

/// Writes the whole site of the store at `db` into `dir`; `base` is the site's public URL
/// for the feeds, `overlays` what the user's gazetteers add to the maps. Item pages are built in parallel (rayon), one read connection per worker;
/// every file's bytes depend only on the store, so the site is the same whatever the order.
/// Pages of items no longer in the store are removed.
pub fn export(
    db: &Path,
    dir: &Path,
    base: &str,
    overlays: &crate::basemap::Overlays,
) -> Result<Report, SiteError> {
    let store = Store::open(db)?;
    let store = &store;
    let mut w = Writer {
        dir,
        written: Default::default(),
        report: Report::default(),
    };
    let front = views::front(store)?;
    for (f, ext) in FORMATS {
        w.write(
            &format!("index.{ext}"),
            &render_page(f, "front", &front, render::front_html, render::front_md).1,
        )?;
    }
    w.write("api.html", &render::api_html())?;
    // The API page's files that need no query: its OpenAPI document and the whole record.
    w.write(
        "api/openapi.json",
        &crate::to_json(&crate::query::openapi()),
    )?;
    let all = crate::query::matching(
        store,
        &crate::query::Index::build(store)?,
        &crate::query::Query::default(),
    )?;
    w.write("api/stories.csv", &render::csv(&all))?;
    w.write(
        "api/stories.geojson",
        &crate::to_json(&render::geojson(&all)),
    )?;
    w.write("index_rss.xml", &render::rss(&front, base))?;
    let opinions = views::opinion_index(store)?;
    w.write("opinion_rss.xml", &render::opinion_rss(&opinions, base))?;
    for (f, ext) in FORMATS {
        w.write(
            &format!("{}.{ext}", opinions.path),
            &render_page(
                f,
                "opinions",
                &opinions,
                render::opinion_index_html,
                render::opinion_index_md,
            )
            .1,
        )?;
        for o in &opinions.items {
            w.write(
                &format!("{}.{ext}", o.path),
                &render_page(f, "opinion", o, render::opinion_html, render::opinion_md).1,
            )?;
        }
    }
    let index = views::DayIndex::of(store)?;
    let mut days: Vec<Option<chrono::NaiveDate>> =
        index.days.iter().map(|(d, _)| Some(*d)).collect();
    days.push(None);
    let mut ids = Vec::new();
    for date in days {
        let day = views::day_in(store, date, &index)?;
        if day.items.is_empty() {
            continue;
        }
        for (f, ext) in FORMATS {
            w.write(
                &format!("{}.{ext}", day.path),
                &render_page(f, "day", &day, render::day_html, render::day_page_md).1,
            )?;
        }
        ids.extend(store.cluster_ids_on(date)?);
    }
    use rayon::prelude::*;
    let written: Vec<Vec<(std::path::PathBuf, bool)>> = ids
        .par_iter()
        .map_init(
            || Store::open_for_reading(db),
            |conn, &id| -> Result<Vec<(std::path::PathBuf, bool)>, SiteError> {
                let conn = conn.as_ref().map_err(|e| {
                    SiteError::Store(dateline_store::StoreError::Corrupt(e.to_string()))
                })?;
                let Some(c) = conn.cluster(id)? else {
                    return Ok(Vec::new());
                };
                let item = views::item(conn, &c)?;
                let mut out = Vec::with_capacity(FORMATS.len());
                for (f, ext) in FORMATS {
                    let full = dir.join(format!("{}.{ext}", item.path).trim_start_matches('/'));
                    let body = render_page(
                        f,
                        "item",
                        &item,
                        |v| render::item_html(v, overlays),
                        render::item_md,
                    )
                    .1;
                    let changed = write(&full, &body)?;
                    out.push((full, changed));
                }
                Ok(out)
            },
        )
        .collect::<Result<_, _>>()?;
    for (full, changed) in written.into_iter().flatten() {
        w.report.pages += 1;
        w.report.changed += usize::from(changed);
        w.written.insert(full);
    }
    // The items of stories no event was coded from.
    for &(id, date) in index.eventless() {
        let Some(story) = store.story(id)? else {
            continue;
        };
        let item = views::story_item(store, &story, date)?;
        for (f, ext) in FORMATS {
            w.write(
                &format!("{}.{ext}", item.path),
                &render_page(
                    f,
                    "item",
                    &item,
                    |v| render::item_html(v, overlays),
                    render::item_md,
                )
                .1,
            )?;
        }
    }
    w.remove_stale()?;
    Ok(w.report)
}
