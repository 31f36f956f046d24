//! The portal: the only crate that knows HTTP.
//!
//! [`router`] builds the axum app over a store; [`serve`] runs it. Pages are views
//! ([`views`]) rendered by [`render`] to HTML, Markdown or JSON according to the URL's
//! extension. The site is open by construction: no cookies, no scripts, nothing loaded from
//! another host, no access log.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use dateline_store::{Store, StoreError};

pub mod render;
pub mod site;
pub mod views;

/// Connections shared by request handlers; each request takes the next free one.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Vec<Mutex<Store>>>,
}

impl AppState {
    /// Opens `connections` read connections to the store at `db`.
    pub fn open(db: &std::path::Path, connections: usize) -> Result<AppState, StoreError> {
        let mut pool = Vec::new();
        for _ in 0..connections.max(1) {
            pool.push(Mutex::new(Store::open(db)?));
        }
        Ok(AppState {
            pool: Arc::new(pool),
        })
    }

    /// Wraps one already-open store (tests).
    pub fn from_store(store: Store) -> AppState {
        AppState {
            pool: Arc::new(vec![Mutex::new(store)]),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, AppError> {
        for m in self.pool.iter() {
            if let Ok(store) = m.try_lock() {
                return f(&store).map_err(AppError::Store);
            }
        }
        let store = self.pool[0].lock().map_err(|_| AppError::Poisoned)?;
        f(&store).map_err(AppError::Store)
    }
}

/// Errors of a request: bad requests and missing pages are the user's, the rest are ours.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    Store(StoreError),
    Poisoned,
    Join,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, msg) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "Not found.".to_string()),
            AppError::Store(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Internal error: {e}"),
            ),
            AppError::Poisoned | AppError::Join => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error.".to_string(),
            ),
        };
        let body = render::page(&msg, "/index", &format!("<h1>{}</h1>", render::esc(&msg)));
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            body,
        )
            .into_response()
    }
}

/// The output formats, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
    Xml,
}

/// Splits "name.ext" into its name and format.
pub fn split_ext(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let f = match ext {
        "html" | "htm" => Format::Html,
        "md" => Format::Markdown,
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, f))
}

/// Renders a page view in the requested format.
pub fn render_page<T: serde::Serialize>(
    format: Format,
    root: &str,
    v: &T,
    html: impl FnOnce(&T) -> String,
    md: impl FnOnce(&T) -> String,
) -> (&'static str, String) {
    match format {
        Format::Html => ("text/html; charset=utf-8", html(v)),
        Format::Markdown => ("text/markdown; charset=utf-8", md(v)),
        Format::Json => ("application/json", to_json(v)),
        Format::Xml => ("application/xml", render::to_xml(root, v)),
    }
}

fn respond((ctype, body): (&'static str, String)) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(ctype))],
        body,
    )
        .into_response()
}

/// A view as pretty JSON.
pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| AppError::Join)?
}

async fn front(State(st): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    if file == "api" || file == "api.html" {
        return Ok(respond(("text/html; charset=utf-8", render::api_html())));
    }
    if file == "index_rss.xml" {
        let v = blocking(move || st.with(views::front)).await?;
        return Ok(respond(("application/rss+xml", render::rss(&v, ""))));
    }
    if file == "opinion_rss.xml" {
        let v = blocking(move || st.with(views::opinion_index)).await?;
        return Ok(respond((
            "application/rss+xml",
            render::opinion_rss(&v, ""),
        )));
    }
    let Some(("index", format)) = split_ext(&file) else {
        return Err(AppError::NotFound);
    };
    let v = blocking(move || st.with(views::front)).await?;
    Ok(respond(render_page(
        format,
        "front",
        &v,
        render::front_html,
        render::front_md,
    )))
}

async fn root(State(st): State<AppState>) -> Result<Response, AppError> {
    front(State(st), Path("index.html".to_string())).await
}

/// `/news/{y}/{m}/{d}/{file}`: a day's index or one item.
async fn dated(
    State(st): State<AppState>,
    Path((y, m, d, file)): Path<(i32, u32, u32, String)>,
) -> Result<Response, AppError> {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::NotFound)?;
    page(st, Some(date), file).await
}

async fn undated(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    page(st, None, file).await
}

async fn page(
    st: AppState,
    date: Option<chrono::NaiveDate>,
    file: String,
) -> Result<Response, AppError> {
    let (name, format) = split_ext(&file).ok_or(AppError::NotFound)?;
    if name == "index" {
        let v = blocking(move || st.with(|s| views::day(s, date))).await?;
        return Ok(respond(render_page(
            format,
            "day",
            &v,
            render::day_html,
            render::day_md,
        )));
    }
    let slug = name.to_string();
    let v = blocking(move || {
        st.with(|s| {
            // An old slug (the item was edited, or its event merged into another) leads to
            // the item that has its event now.
            let c = match s.cluster_by_slug(&slug)? {
                Some(c) => Some(c),
                None => s.slug_moved_to(&slug)?,
            };
            c.map(|c| views::item(s, &c)).transpose()
        })
    })
    .await?
    .ok_or(AppError::NotFound)?;
    // An item is served under its own date and slug; other paths redirect to it.
    if v.slug != name
        || v.date.as_deref() != date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref()
    {
        let ext = file.rsplit_once('.').map_or("html", |(_, e)| e);
        return Ok(Redirect::permanent(&format!("{}.{ext}", v.path)).into_response());
    }
    Ok(respond(render_page(
        format,
        "item",
        &v,
        render::item_html,
        render::item_md,
    )))
}

/// `/opinion/index.{ext}`: the opinion section.
async fn opinion_index(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let Some(("index", format)) = split_ext(&file) else {
        return Err(AppError::NotFound);
    };
    let v = blocking(move || st.with(views::opinion_index)).await?;
    Ok(respond(render_page(
        format,
        "opinions",
        &v,
        render::opinion_index_html,
        render::opinion_index_md,
    )))
}

/// `/opinion/{y}/{m}/{d}/{slug}/index.{ext}`: one editorial.
async fn opinion(
    State(st): State<AppState>,
    Path((y, m, d, slug, file)): Path<(i32, u32, u32, String, String)>,
) -> Result<Response, AppError> {
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or(AppError::NotFound)?;
    let Some(("index", format)) = split_ext(&file) else {
        return Err(AppError::NotFound);
    };
    let v = blocking(move || st.with(|s| views::opinion(s, date, &slug)))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(respond(render_page(
        format,
        "opinion",
        &v,
        render::opinion_html,
        render::opinion_md,
    )))
}

/// The portal's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/{file}", get(front))
        .route("/news/undated/{file}", get(undated))
        .route("/news/{y}/{m}/{d}/{file}", get(dated))
        .route("/opinion/{file}", get(opinion_index))
        .route("/opinion/{y}/{m}/{d}/{slug}/{file}", get(opinion))
        .with_state(state)
}

/// Serves the portal on `addr` until interrupted.
pub async fn serve(db: PathBuf, addr: std::net::SocketAddr) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let state = AppState::open(&db, threads * 2).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

#[cfg(test)]
mod tests;
