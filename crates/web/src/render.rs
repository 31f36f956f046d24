//! Renderers: each page view to HTML, Markdown and JSON, and items to CSV (ACLED's columns
//! plus dateline's claimant columns) and JSON Lines. Every piece of article text is escaped.
//!
//! Markdown follows the Context's item pages: date heading, summary, lead, "Source:" and
//! "Related:" lists with their "Context:" lines; dateline adds "Figures:" and "Claims:".

use std::fmt::Write;

use dateline_extract::category::Category;

use crate::basemap::{Basemap, Overlays, View, ATTRIBUTION};

use crate::views::{DayView, FrontView, ItemView, OpinionIndexView, OpinionView};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if dateline_model::xml_forbidden(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: characters that would start markup are backslashed, HTML is
/// neutralised.
pub fn md_esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL safe to put in a link: http(s) or a site path, else "#".
fn safe_url(u: Option<&str>) -> &str {
    match u {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/') => u,
        _ => "#",
    }
}

/// The link to site path `target` ("/news/2017/08/12/index.html", maybe with "?…" or "#…")
/// from the page at site path `from` ("/news/2017/08/13/some-slug", extension or not):
/// relative, so a static copy of the site works under any sub-path and from `file://`.
/// "/" is the front page's file.
pub fn relative(from: &str, target: &str) -> String {
    let cut = target.find(['?', '#']).unwrap_or(target.len());
    let (path, suffix) = target.split_at(cut);
    let path = if path == "/" { "/index.html" } else { path };
    let here: Vec<&str> = from
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .split('/')
        .filter(|c| !c.is_empty())
        .collect();
    let there: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    let (dirs, file) = there.split_at(there.len().saturating_sub(1));
    let common = here.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(here.len() - common);
    for d in &dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(file.first().copied().unwrap_or("index.html"));
    out.push_str(suffix);
    out
}

/// `doc` (HTML or Markdown) with every site-path link (`href="/…"`, `action="/…"`,
/// `](/…)`) made [`relative`] to the page at `from`. Links to other hosts stay as they are.
pub fn relative_links(doc: &str, from: &str) -> String {
    let mut out = String::with_capacity(doc.len() + doc.len() / 16);
    let mut rest = doc;
    loop {
        let next = ["href=\"/", "action=\"/", "](/"]
            .iter()
            .filter_map(|m| rest.find(m).map(|at| (at, *m)))
            .min();
        let Some((at, marker)) = next else {
            out.push_str(rest);
            return out;
        };
        let open = at + marker.len() - 1;
        out.push_str(&rest[..open]);
        // "\](/" is article text with its bracket escaped (`md_esc`), not a link.
        if marker.starts_with(']') && rest[..at].ends_with('\\') {
            out.push('/');
            rest = &rest[open + 1..];
            continue;
        }
        let close = if marker.starts_with(']') { ')' } else { '"' };
        let end = rest[open..].find(close).map_or(rest.len(), |e| open + e);
        let target = &rest[open..end];
        if target.starts_with("//") {
            out.push_str(target);
        } else {
            out.push_str(&relative(from, target));
        }
        rest = &rest[end..];
    }
}

/// A link to `url` named `text` in HTML, or the text alone when there is no address to follow:
/// a source without a URL is named, never linked to "#".
fn link_or_text(url: Option<&str>, text: &str) -> String {
    match safe_url(url) {
        "#" => esc(text),
        u => format!(
            "<a href=\"{}\" rel=\"nofollow noreferrer\">{}</a>",
            esc(u),
            esc(text)
        ),
    }
}

/// A related item in Markdown: a link to its page, or its summary alone when the store lacks it.
fn md_related(r: &crate::views::RelatedView) -> String {
    match &r.path {
        Some(p) => format!("[{} ]({}.md)", md_esc(&r.summary), md_url(Some(p))),
        None => md_esc(&r.summary),
    }
}

fn md_url(u: Option<&str>) -> String {
    safe_url(u)
        .replace('(', "%28")
        .replace(')', "%29")
        .replace(' ', "%20")
}

fn figure_text(low: Option<u64>, best: Option<u64>, high: Option<u64>) -> String {
    match (low, best, high) {
        (Some(l), _, Some(h)) if l != h => format!("{l}–{h}"),
        (Some(l), Some(b), None) if l == b => format!("≥{b}"),
        (_, Some(b), _) => b.to_string(),
        (Some(l), None, None) => format!("≥{l}"),
        (None, None, Some(h)) => format!("≤{h}"),
        _ => "?".into(),
    }
}

/// A place's district, region and country: "Qandala, Bari, Somalia".
fn admin_line(p: &crate::views::PlaceView) -> String {
    [
        p.admin2.as_deref(),
        p.admin1.as_deref(),
        p.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// "1 story", "2 stories".
fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An item page in Markdown.
pub fn item_md(v: &ItemView) -> String {
    let mut s = String::new();
    match &v.date {
        Some(d) => {
            let _ = writeln!(
                s,
                "### [{d}]({}.md)\n",
                md_url(Some(&crate::views::day_path(
                    dateline_model::dates::parse_iso_prefix(d)
                )))
            );
        }
        None => s.push_str("### Undated\n\n"),
    }
    let _ = writeln!(s, "# {} \n", md_esc(&v.summary));
    if !v.lead.is_empty() {
        let _ = writeln!(s, "{}\n", md_esc(&v.lead));
    }
    s.push_str("\n### Source:\n\n");
    for src in &v.sources {
        let mut name = md_esc(&src.outlet);
        if let Some(o) = &src.original_outlet {
            let _ = write!(name, " (from {})", md_esc(o));
        }
        // A source without an address is named, not linked.
        match safe_url(src.url.as_deref()) {
            "#" => {
                let _ = writeln!(s, "1. {name}");
            }
            _ => {
                let _ = writeln!(s, "1. [{name}]({})", md_url(src.url.as_deref()));
            }
        }
        if let Some(img) = &src.image {
            let _ = writeln!(s, "1. [Cover Image]({})", md_url(Some(img)));
        }
    }
    if !v.related().is_empty() {
        s.push_str("\n### Related:\n\n");
        for (i, r) in v.related().iter().enumerate() {
            let _ = writeln!(
                s,
                "{}. {} _Context: {}_",
                i + 1,
                md_related(r),
                md_esc(&r.context.join(", "))
            );
        }
    }
    s.push_str("\n### Event:\n\n");
    if let Some(c) = &v.category {
        let _ = writeln!(s, "- Category: {}", md_esc(c));
    }
    let _ = writeln!(
        s,
        "- Type: {} / {}",
        md_esc(&v.event_type),
        md_esc(&v.sub_event_type)
    );
    if let Some(p) = &v.place {
        let _ = writeln!(
            s,
            "- Place: {} ({}; {:.4}, {:.4}; {})",
            md_esc(&p.name),
            md_esc(&admin_line(p)),
            p.lat,
            p.lon,
            p.precision
        );
    }
    if !v.actors.is_empty() {
        let _ = writeln!(s, "- Actors: {}", md_esc(&v.actors.join(", ")));
    }
    if let Some(f) = &v.fatalities {
        let _ = writeln!(
            s,
            "- Fatalities: {}{}",
            figure_text(f.low, f.best, f.high),
            if v.disputed { " (disputed)" } else { "" }
        );
    }
    if !v.context.is_empty() {
        let _ = writeln!(s, "- Context: {}", md_esc(&v.context.join(", ")));
    }
    if !v.figures.is_empty() {
        s.push_str(
            "\n### Figures:\n\n| Claimant | Counted | Figure | Outlets |\n|---|---|---|---|\n",
        );
        for f in &v.figures {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                md_esc(&f.who()),
                md_esc(&f.counted_text()),
                figure_text(f.low, f.best, f.high),
                md_esc(&f.outlets.join(", "))
            );
        }
    }
    if !v.claims().is_empty() {
        s.push_str("\n### Claims:\n\n");
        for (i, c) in v.claims().iter().enumerate() {
            let who = c.who();
            let via = c.via_text();
            let what = c.what();
            let _ = writeln!(
                s,
                "{}. **{}**{} ({}): {} — “{}” `{}`",
                i + 1,
                md_esc(&who),
                md_esc(&via),
                md_esc(c.outlet.as_deref().unwrap_or("an unnamed source")),
                md_esc(&what),
                md_esc(&c.sentence),
                c.id.replace('`', "")
            );
        }
    }
    s
}

/// A day page in Markdown: each item with its sources and related items, then links to the
/// days before and after.
pub fn day_page_md(v: &DayView) -> String {
    let mut s = day_md(v);
    if let Some(p) = &v.previous {
        let _ = writeln!(
            s,
            "Previous day: [{}]({}.md)",
            p.date,
            md_url(Some(&p.path))
        );
    }
    if let Some(n) = &v.next {
        let _ = writeln!(s, "Next day: [{}]({}.md)", n.date, md_url(Some(&n.path)));
    }
    s
}

/// A day's items in Markdown: each with its sources and related items.
pub fn day_md(v: &DayView) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", v.date.as_deref().unwrap_or("Undated events"));
    for (category, items) in by_category(&v.items) {
        let _ = writeln!(s, "**{}**\n", md_esc(category.unwrap_or("Other news")));
        day_items_md(&mut s, &items);
    }
    s
}

/// A day list's items in Markdown: each with its sources and related items.
fn day_items_md(s: &mut String, items: &[&ItemView]) {
    for item in items {
        let _ = writeln!(
            s,
            "## [{}]({}.md)\n",
            md_esc(&item.summary),
            md_url(Some(&item.path))
        );
        let outlets: Vec<String> = item
            .sources
            .iter()
            .map(|src| match safe_url(src.url.as_deref()) {
                "#" => md_esc(&src.outlet),
                _ => format!("[{}]({})", md_esc(&src.outlet), md_url(src.url.as_deref())),
            })
            .collect();
        let _ = writeln!(s, "Sources: {}\n", outlets.join(", "));
        for r in item.related() {
            let _ = writeln!(
                s,
                "- Related: {} _Context: {}_",
                md_related(r),
                md_esc(&r.context.join(", "))
            );
        }
        s.push('\n');
    }
}

/// The front page in Markdown.
pub fn front_md(v: &FrontView) -> String {
    let mut s = String::from("# dateline: events, their sources and their context\n\n");
    for d in &v.days {
        s.push_str(
            &day_md(d)
                .replacen("# ", "## ", 1)
                .replace("\n## [", "\n### ["),
        );
    }
    if !v.archive.is_empty() {
        s.push_str("## All days\n\n");
        for d in &v.archive {
            let _ = writeln!(
                s,
                "- [{}]({}.md) ({})",
                d.date,
                md_url(Some(&d.path)),
                count(d.items as u64, "item", "items")
            );
        }
    }
    if v.undated > 0 {
        let _ = writeln!(
            s,
            "- [Undated events](/news/undated/index.md) ({})",
            count(v.undated as u64, "item", "items")
        );
    }
    s
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:52rem;margin:1rem auto;padding:0 1rem;line-height:1.45;color:#222}a{color:#0645ad}h1{font-size:1.4rem}h2{font-size:1.15rem}.ctx{color:#555;font-style:italic}.summary{margin-top:-.4rem}.claim q{color:#333}.disputed{color:#a00;font-weight:bold}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}nav a{margin-right:1rem}small{color:#666}";

/// Wraps a view's content in the site's HTML shell: no scripts, no external resources. `path`
/// is the page's site path without extension ("/news/2017/08/13/index"); the page links to
/// its Markdown and JSON forms, and every site link on it is made relative to it.
pub fn page(title: &str, path: &str, body: &str) -> String {
    relative_links(&shell(title, Some(path), body), path)
}

/// A page that has no Markdown or JSON form of its own (the API page, the search page), at
/// site path `path`: links relative to it.
pub fn tool_page(title: &str, path: &str, body: &str) -> String {
    relative_links(&shell(title, None, body), path)
}

/// The HTML shell, with site links from the root (for answers that may come at any address,
/// such as errors, where relative links would lead nowhere), and links to the page's
/// Markdown and JSON forms at `alternates`.
pub fn shell(title: &str, alternates: Option<&str>, body: &str) -> String {
    let alternates = alternates
        .map(|p| {
            format!(
                "<a href=\"{0}.md\">Markdown</a><a href=\"{0}.json\">JSON</a>",
                esc(p)
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<nav><a href=\"/index.html\">dateline</a><a href=\"/opinion/index.html\">Opinion</a><a href=\"/api.html\">API</a>{alternates}</nav>\n{body}\n</body>\n</html>\n",
        esc(title),
    )
}

/// A day's items grouped by category, in the Portal's order (others after, then items without
/// one): each group with its category.
fn by_category(items: &[ItemView]) -> Vec<(Option<&str>, Vec<&ItemView>)> {
    let rank = |c: Option<&str>| match c {
        Some(c) => Category::from_label(c).map_or(Category::ALL.len(), |k| k as usize),
        None => usize::MAX,
    };
    let mut groups: Vec<(Option<&str>, Vec<&ItemView>)> = Vec::new();
    for item in items {
        let c = item.category.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == c) {
            Some((_, list)) => list.push(item),
            None => groups.push((c, vec![item])),
        }
    }
    // Stable: items keep their order within a group, groups of equal rank theirs.
    groups.sort_by_key(|(c, _)| rank(*c));
    groups
}

/// An item: in full on its own page, else as an entry of a day list whose headings are
/// `<h{level}>` (below the day's and the category's).
fn item_block(s: &mut String, v: &ItemView, full: bool, level: u8) {
    // A long summary goes under a short title, as a description.
    let description =
        (v.title != v.summary).then(|| format!("<p class=\"summary\">{}</p>\n", esc(&v.summary)));
    if full {
        let _ = writeln!(s, "<h1>{}</h1>", esc(&v.title));
        s.push_str(description.as_deref().unwrap_or(""));
        // A story no event was coded from has no ACLED type to show.
        let kind = (!v.event_type.is_empty())
            .then(|| format!("{} / {}", esc(&v.event_type), esc(&v.sub_event_type)));
        let line: Vec<String> = [
            Some(esc(v.date.as_deref().unwrap_or("undated"))),
            v.category.as_deref().map(esc),
            kind,
        ]
        .into_iter()
        .flatten()
        .collect();
        let _ = writeln!(s, "<p><small>{}</small></p>", line.join(" · "));
        if !v.lead.is_empty() {
            let _ = writeln!(s, "<p>{}</p>", esc(&v.lead));
        }
    } else {
        let _ = writeln!(
            s,
            "<h{level}><a href=\"{}.html\">{}</a></h{level}>",
            esc(&v.path),
            esc(&v.title)
        );
        s.push_str(description.as_deref().unwrap_or(""));
    }
    s.push_str("<p>Sources: ");
    for (i, src) in v.sources.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&link_or_text(src.url.as_deref(), &src.outlet));
        if let Some(o) = &src.original_outlet {
            let _ = write!(s, " (from {})", esc(o));
        }
    }
    s.push_str("</p>\n");
    if !v.related().is_empty() {
        s.push_str("<h3>Related</h3>\n<ol>\n");
        for r in v.related() {
            let name = match &r.path {
                Some(p) => format!("<a href=\"{}.html\">{}</a>", esc(p), esc(&r.summary)),
                None => esc(&r.summary),
            };
            let _ = writeln!(
                s,
                "<li>{name} <span class=\"ctx\">Context: {}</span></li>",
                esc(&r.context.join(", "))
            );
        }
        s.push_str("</ol>\n");
    }
}

/// An item page in HTML: summary, sources, related items, figures per claimant side by side,
/// and every claim with its sentence.
pub fn item_html(v: &ItemView, overlays: &Overlays) -> String {
    let mut s = String::from("<article>\n");
    item_block(&mut s, v, true, 1);
    let event = v.place.is_some()
        || !v.actors.is_empty()
        || v.fatalities.is_some()
        || !v.context.is_empty();
    if event {
        s.push_str("<h3>Event</h3>\n<ul>\n");
    }
    if let Some(p) = &v.place {
        let _ = writeln!(
            s,
            "<li>Place: {} ({}) <small>{:.4}, {:.4} · {}</small></li>",
            esc(&p.name),
            esc(&admin_line(p)),
            p.lat,
            p.lon,
            esc(&p.precision)
        );
    }
    if !v.actors.is_empty() {
        let _ = writeln!(s, "<li>Actors: {}</li>", esc(&v.actors.join(", ")));
    }
    if let Some(f) = &v.fatalities {
        let _ = writeln!(
            s,
            "<li>Fatalities: {}{}</li>",
            esc(&figure_text(f.low, f.best, f.high)),
            if v.disputed {
                " <span class=\"disputed\">disputed</span>"
            } else {
                ""
            }
        );
    }
    if !v.context.is_empty() {
        let _ = writeln!(s, "<li>Context: {}</li>", esc(&v.context.join(", ")));
    }
    if event {
        s.push_str("</ul>\n");
    }
    if let Some(m) = map_svg(v, overlays) {
        s.push_str(&m);
    }
    if v.sources
        .iter()
        .any(|x| x.title.is_some() || x.description.is_some())
    {
        s.push_str("<h3>Source articles</h3>\n<ul>\n");
        for src in &v.sources {
            let _ = write!(
                s,
                "<li><b>{}</b>: {}",
                esc(&src.outlet),
                link_or_text(
                    src.url.as_deref(),
                    src.title.as_deref().unwrap_or("(untitled)")
                )
            );
            if let Some(p) = &src.published {
                let _ = write!(s, " <small>{}</small>", esc(p));
            }
            if let Some(d) = &src.description {
                let _ = write!(s, "<br>{}", esc(d));
            }
            if let Some(i) = &src.image {
                // A link, never an <img>: pages load nothing from other hosts.
                let _ = write!(
                    s,
                    " <a href=\"{}\" rel=\"nofollow noreferrer\">image</a>",
                    esc(safe_url(Some(i)))
                );
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n");
    }
    if !v.figures.is_empty() {
        s.push_str("<h3>Figures by claimant</h3>\n<table>\n<tr><th>Claimant</th><th>Counted</th><th>Figure</th><th>Outlets</th></tr>\n");
        for f in &v.figures {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&f.who()),
                esc(&f.counted_text()),
                esc(&figure_text(f.low, f.best, f.high)),
                esc(&f.outlets.join(", "))
            );
        }
        s.push_str("</table>\n");
    }
    if !v.claims().is_empty() {
        s.push_str("<h3>Claims</h3>\n<ol>\n");
        for c in v.claims() {
            let via = esc(&c.via_text());
            let what = c.what();
            let _ = writeln!(
                s,
                "<li class=\"claim\" id=\"{}\"><b>{}</b>{} <small>({})</small>: {} — <q>{}</q></li>",
                esc(&c.id),
                esc(&c.who()),
                via,
                esc(c.outlet.as_deref().unwrap_or("an unnamed source")),
                esc(&what),
                esc(&c.sentence)
            );
        }
        s.push_str("</ol>\n");
    }
    s.push_str("</article>\n");
    page(&v.title, &v.path, &s)
}

/// The sea behind every map; the land is drawn over it by the base layer.
const SEA: &str = "background:#dde8f0;border:1px solid #999";

/// Where a map's layers come from.
fn attribution(overlays: &Overlays) -> String {
    match overlays.attribution() {
        Some(o) => format!("{ATTRIBUTION}; {o}"),
        None => ATTRIBUTION.to_string(),
    }
}

/// The base layer of a map (land, coasts, borders) and up to `towns` of the largest towns in
/// view, left out where they would crowd a marked place (`marks`, in pixels) or repeat its
/// name (`names`).
fn base_layer(
    view: &View,
    overlays: &Overlays,
    marks: &[(f64, f64)],
    names: &[&str],
    towns: usize,
) -> String {
    let Ok(map) = Basemap::get() else {
        return overlays.svg(view);
    };
    let mut s = map.svg(view);
    s.push_str(&overlays.svg(view));
    let mut placed: Vec<(f64, f64)> = marks.to_vec();
    for t in map.towns_in(view) {
        if placed.len() >= marks.len() + towns {
            break;
        }
        let (x, y) = view.project(t.lon, t.lat);
        // The label must fit: about 6 pixels a letter, clear of the scale bar's row.
        let fits = x + 5.0 + 6.0 * t.name.chars().count() as f64 <= view.width
            && y >= 10.0
            && y <= view.height - 24.0;
        let crowded = !fits
            || placed
                .iter()
                .any(|&(px, py)| (px - x).abs() < 70.0 && (py - y).abs() < 16.0);
        if crowded || names.iter().any(|n| n.eq_ignore_ascii_case(&t.name)) {
            continue;
        }
        placed.push((x, y));
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"4\" height=\"4\" fill=\"#666\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\">{}</text>",
            x - 2.0,
            y - 2.0,
            x + 5.0,
            y + 4.0,
            esc(&t.name)
        );
    }
    s
}

/// A locator map drawn as inline SVG, so it works offline and loads nothing: land, coasts,
/// borders and the larger towns around the event's place (the packaged base layer, see
/// [`crate::basemap`]), the user's region outlines (`overlays`), a graticule, the place marked and named, other places its reports
/// name in grey, and a scale bar. None when the event has no place.
pub fn map_svg(v: &ItemView, overlays: &Overlays) -> Option<String> {
    const W: f64 = 480.0;
    const H: f64 = 320.0;
    let main = v.place.as_ref()?;
    let pts: Vec<(&crate::views::PlaceView, bool)> = std::iter::once((main, true))
        .chain(v.other_places.iter().map(|p| (p, false)))
        .collect();
    let (mut lat0, mut lat1) = (main.lat, main.lat);
    let (mut lon0, mut lon1) = (main.lon, main.lon);
    for (p, _) in &pts {
        // Far-off places (another country named in passing) would shrink the map to nothing.
        if (p.lat - main.lat).abs() < 15.0 && (p.lon - main.lon).abs() < 15.0 {
            lat0 = lat0.min(p.lat);
            lat1 = lat1.max(p.lat);
            lon0 = lon0.min(p.lon);
            lon1 = lon1.max(p.lon);
        }
    }
    let min_span = match main.precision.as_str() {
        "country" => 14.0,
        "region" => 5.0,
        _ => 2.0,
    };
    let coslat = ((lat0 + lat1) / 2.0).to_radians().cos().max(0.2);
    let span_lat = ((lat1 - lat0) * 1.4).max(min_span);
    let span_lon = ((lon1 - lon0) * 1.4).max(span_lat * (W / H) / coslat);
    let span_lat = span_lat.max(span_lon * coslat * (H / W));
    let (clat, clon) = ((lat0 + lat1) / 2.0, (lon0 + lon1) / 2.0);
    let (top, left) = (clat + span_lat / 2.0, clon - span_lon / 2.0);
    let view = View {
        west: left,
        north: top,
        span_lon,
        span_lat,
        width: W,
        height: H,
    };
    let x = |lon: f64| view.project(lon, 0.0).0;
    let y = |lat: f64| view.project(0.0, lat).1;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"Map of {}\" style=\"{SEA}\">",
        esc(&main.name)
    );
    let marks: Vec<(f64, f64)> = pts
        .iter()
        .map(|(p, _)| view.project(p.lon, p.lat))
        .collect();
    let names: Vec<&str> = pts.iter().map(|(p, _)| p.name.as_str()).collect();
    s.push_str(&base_layer(&view, overlays, &marks, &names, 6));
    let step = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0]
        .into_iter()
        .find(|st| span_lon / st <= 8.0)
        .unwrap_or(30.0);
    let mut g = (left / step).ceil() * step;
    while g < left + span_lon {
        let gx = x(g);
        let _ = writeln!(s, "<line x1=\"{gx:.1}\" y1=\"0\" x2=\"{gx:.1}\" y2=\"{H}\" stroke=\"#999\" stroke-opacity=\"0.3\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\" fill=\"#777\">{}°{}</text>", gx + 2.0, H - 4.0, g.abs(), if g < 0.0 { "W" } else { "E" });
        g += step;
    }
    let mut g = ((top - span_lat) / step).ceil() * step;
    while g < top {
        let gy = y(g);
        let _ = writeln!(s, "<line x1=\"0\" y1=\"{gy:.1}\" x2=\"{W}\" y2=\"{gy:.1}\" stroke=\"#999\" stroke-opacity=\"0.3\"/><text x=\"2\" y=\"{:.1}\" font-size=\"10\" fill=\"#777\">{}°{}</text>", gy - 2.0, g.abs(), if g < 0.0 { "S" } else { "N" });
        g += step;
    }
    for (p, is_main) in pts.iter().rev() {
        let (px, py) = view.project(p.lon, p.lat);
        if !(0.0..=W).contains(&px) || !(0.0..=H).contains(&py) {
            continue;
        }
        let (r, fill) = if *is_main {
            (6, "#c0392b")
        } else {
            (4, "#555")
        };
        let _ = writeln!(s, "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"#fff\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#222\" font-weight=\"{}\">{}</text>", px + 8.0, py + 4.0, if *is_main { "bold" } else { "normal" }, esc(&p.name));
    }
    // Scale bar: a round number of kilometres near a fifth of the width.
    let km_per_px = span_lon * 111.32 * coslat / W;
    let want = km_per_px * W / 5.0;
    let km = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        .into_iter()
        .rev()
        .find(|k| *k <= want)
        .unwrap_or(1.0);
    let len = km / km_per_px;
    let _ = writeln!(s, "<line x1=\"{}\" y1=\"{}\" x2=\"{:.1}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"10\">{km} km</text>", W - 20.0 - len, H - 14.0, W - 20.0, H - 14.0, W - 20.0 - len, H - 18.0);
    let _ = writeln!(
        s,
        "</svg><figcaption>{} ({:.4}, {:.4}; {}) · <a href=\"https://www.openstreetmap.org/?mlat={:.4}&amp;mlon={:.4}#map=9/{:.4}/{:.4}\" rel=\"nofollow noreferrer\">OpenStreetMap</a> · <small>Base map: {}</small></figcaption></figure>",
        esc(&main.name), main.lat, main.lon, esc(&main.precision), main.lat, main.lon, main.lat, main.lon, esc(&attribution(overlays))
    );
    Some(s)
}

/// A day's items under its heading (`<h{level}>`), grouped by category one level below, the
/// items one level below that: item headings never look like day headings.
fn day_body(s: &mut String, v: &DayView, level: u8) {
    let _ = writeln!(
        s,
        "<section>\n<h{level}><a href=\"{}.html\">{}</a></h{level}>",
        esc(&v.path),
        esc(v.date.as_deref().unwrap_or("Undated events"))
    );
    for (category, items) in by_category(&v.items) {
        let _ = writeln!(
            s,
            "<h{l} class=\"category\">{}</h{l}>",
            esc(category.unwrap_or("Other news")),
            l = level + 1
        );
        for item in items {
            item_block(s, item, false, level + 2);
        }
    }
    s.push_str("</section>\n");
}

/// A day page in HTML, with links to the days before and after it.
pub fn day_html(v: &DayView) -> String {
    let mut s = String::new();
    day_body(&mut s, v, 1);
    let mut nav = Vec::new();
    if let Some(p) = &v.previous {
        nav.push(format!(
            "<a href=\"{}.html\" rel=\"prev\">← {}</a>",
            esc(&p.path),
            esc(&p.date)
        ));
    }
    if let Some(n) = &v.next {
        nav.push(format!(
            "<a href=\"{}.html\" rel=\"next\">{} →</a>",
            esc(&n.path),
            esc(&n.date)
        ));
    }
    if !nav.is_empty() {
        let _ = writeln!(s, "<nav class=\"days\">{}</nav>", nav.join(" "));
    }
    page(v.date.as_deref().unwrap_or("Undated events"), &v.path, &s)
}

/// The front page in HTML.
pub fn front_html(v: &FrontView) -> String {
    let mut s = String::from("<h1>Events, their sources and their context</h1>\n");
    for d in &v.days {
        day_body(&mut s, d, 2);
    }
    s.push_str("<h2>All days</h2>\n<ul>\n");
    for d in &v.archive {
        let _ = writeln!(
            s,
            "<li><a href=\"{}.html\">{}</a> ({})</li>",
            esc(&d.path),
            esc(&d.date),
            count(d.items as u64, "item", "items")
        );
    }
    if v.undated > 0 {
        let _ = writeln!(
            s,
            "<li><a href=\"/news/undated/index.html\">Undated events</a> ({})</li>",
            count(v.undated as u64, "item", "items")
        );
    }
    s.push_str("</ul>\n");
    page("dateline", "/index", &s)
}

/// The API page: what every URL serves.
pub fn api_html() -> String {
    let body = concat!(
        "<h1>dateline API</h1>\n",
        "<p>Every page is served in four forms: change the extension. <code>.html</code> for reading, <code>.md</code> for Markdown, <code>.json</code> for programs, <code>.xml</code> for XML tools. Nothing needs a key; no cookies are set; requests are not logged; nothing is rate-limited.</p>\n<ul>\n",
        "<li><code>/index.{html,md,json,xml}</code> — the front page: the latest 3 days and links to every day.</li>\n",
        "<li><code>/news/YYYY/MM/D/index.{html,md,json,xml}</code> — one day's items (month with a leading zero, day without).</li>\n",
        "<li><code>/news/YYYY/MM/D/&lt;slug&gt;.{html,md,json,xml}</code> — one item: summary, category, sources, related items with shared context, place with an offline map, actors, figures per claimant, and every claim with its claimant and sentence. Slugs are stable; an old slug redirects to the item's current page.</li>\n",
        "<li><code>/news/undated/index.*</code> and <code>/news/undated/&lt;slug&gt;.*</code> — items whose date the text does not give.</li>\n",
        "<li>Every story is an item: a story no event was coded from (a quake, a trial, a match) is listed on the day of its first publication, told by its first report's title, with its section, sources and claims; its slug ends in <code>-s&lt;story id&gt;</code>, and once an event is coded from it, that address leads to the event's item.</li>\n",
        "<li><code>/opinion/index.{html,md,json,xml}</code> and <code>/opinion/YYYY/MM/D/&lt;slug&gt;/index.*</code> — the opinion section: editorials, signed and dated.</li>\n",
        "<li><code>/index_rss.xml</code>, <code>/opinion_rss.xml</code> — RSS feeds of the news and of the opinion section.</li>\n</ul>\n",
        "<p>Item JSON fields: <code>summary, title (a short one when the summary is long), category, date, event_type, sub_event_type, place{name, mention, lat, lon, admin1, admin2, country, precision}, other_places, actors, fatalities{low, best, high}, disputed, context, lead, sources[{outlet, original_outlet, title, url, published, document, copy_of, lead, description, image}], figures[{claimant, counted, low, best, high, victims, outlets}] (one row per claimant, counted thing and group of victims — civilians, combatants, or all when not given — with the outlets that repeat it; groups add up, and <code>disputed</code> when claimants' death figures for the same victims differ by more than 10% of the larger), claims[{id, claimant (as written; null when the outlet speaks in its own voice), source{name, kind, role} (who the claimant is, whatever words name it), via, quantity, low, best, high, counted, action, sentence, document, outlet, span}], related[{summary, date, path, context}]</code>.</p>\n",
        "<p>Opinion JSON fields: <code>title, author, date, path, body</code> (Markdown).</p>\n",
        "<h2>Search</h2>\n<p><code>/search?…</code> (a page) and <code>/api/stories.{json,md,csv,geojson}?…</code> take one query language: <code>q</code> (words, all required, matched as word prefixes in summaries, context and every source's title and lead), <code>from</code>, <code>to</code> (YYYY-MM-DD), <code>country</code> (name or ISO code), <code>admin1</code>, <code>place</code>, <code>near=lat,lon,km</code>, <code>bbox=west,south,east,north</code>, <code>actor</code>, <code>type</code> (ACLED event or sub-event type), <code>category</code>, <code>claimant</code>, <code>outlet</code>, <code>fatalities_min</code>, <code>disputed=true|false</code>, <code>limit</code> (1–500, default 50) and <code>cursor</code> (the <code>next_cursor</code> of the page before). JSON fields: <code>query</code> (the filters, echoed), <code>total</code> (matching stories), <code>offset</code>, <code>limit</code>, <code>next_cursor</code>, <code>items</code> (one per story: the first of its matching events, item fields as above), <code>snippets</code> (by slug; matched words in [brackets]), <code>facets</code> (type, country, admin1, actor, claimant, outlet: value and count of matching events), <code>timeline</code> (matching events per day). CSV and GeoJSON hold every matching event; the CSV has ACLED's columns then dateline's. A bad parameter is a 400 with <code>{error, parameter}</code>. The same, as an OpenAPI 3.1 document: <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p>\n",
        "<p>The whole record: <a href=\"/api/stories.csv\">stories.csv</a> (every coded event with a date and a place, in ACLED's columns, then dateline's) and <a href=\"/api/stories.geojson\">stories.geojson</a> (every story with a place). A static copy of the site (<code>dateline export</code>) holds every page, the feeds, these two files and the OpenAPI document, with links relative to each page so that it works under any path and from disk; searching needs <code>dateline serve</code>.</p>\n"
    );
    tool_page("dateline API", "/api", body)
}

/// ACLED's columns, with ACLED's names, order and types (ACLED Codebook; the columns of an
/// ACLED export), then dateline's own: the story, the figures per claimant and the sources.
pub const CSV_HEADER: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    // dateline's columns.
    "story_id",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "disputed",
    "claimants",
    "claims",
    "url",
    "documents",
];

/// ACLED's event types: only these make rows of the ACLED-column CSV.
const ACLED_EVENT_TYPES: &[&str] = &[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// ACLED's actor categories in the order of its interaction codes (1 State forces … 8
/// External/Other forces): an interaction names the lower first ("State forces-Rebel group").
const INTER_ORDER: &[&str] = &[
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

/// One CSV row of an item in ACLED's columns, then dateline's; None for a story that is not
/// an ACLED-type event with a date and a place, as every ACLED row has (it stays in the JSONL
/// export).
pub fn csv_row(v: &ItemView) -> Option<Vec<String>> {
    Some(csv_cells(v)?.into_iter().map(csv_safe).collect())
}

/// A cell a spreadsheet will not evaluate, as OWASP advises for CSV exports: one that
/// begins with `=`, `@`, a tab or a carriage return, or with `+` or `-` and is not a number,
/// gets a leading `'` (a longitude of -12.5 stays a number).
pub fn csv_safe(cell: String) -> String {
    let risky = match cell.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => cell.parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell
    }
}

fn csv_cells(v: &ItemView) -> Option<Vec<String>> {
    if !ACLED_EVENT_TYPES.contains(&v.event_type.as_str()) {
        return None;
    }
    let date = v.date.clone()?;
    let day = dateline_model::dates::parse_iso_prefix(&date)?;
    let p = Some(v.place.as_ref()?);
    let country = p.and_then(|p| dateline_model::countries::by_code(&p.country_code));
    let opt = |x: Option<u64>| x.map(|n| n.to_string()).unwrap_or_default();
    let mut claimants: Vec<String> = Vec::new();
    // One name per source: its canonical name when the dictionary knows it ("SOHR" and "the
    // monitor" are one claimant), else the words as written.
    for c in v.claims() {
        let who = match (&c.source, &c.claimant) {
            (Some(src), _) => Some(&src.name),
            (None, who) => who.as_ref(),
        };
        if let Some(who) = who {
            if !claimants.contains(who) {
                claimants.push(who.clone());
            }
        }
    }
    let figures: Vec<String> = v
        .figures
        .iter()
        .map(|f| {
            format!(
                "{}: {} {}",
                f.who(),
                figure_text(f.low, f.best, f.high),
                f.counted_text()
            )
        })
        .collect();
    // actor1 and actor2 are the first actors of two different sides (categories); the other
    // actors of a side are its associates.
    let actors: Vec<(&String, &str)> = v
        .actors
        .iter()
        .zip(
            v.actor_categories
                .iter()
                .map(String::as_str)
                .chain(std::iter::repeat("")),
        )
        .collect();
    let first = actors.first().copied();
    let second = first.and_then(|(_, c1)| actors.iter().copied().find(|(_, c)| *c != c1));
    let assoc = |side: Option<(&String, &str)>, skip: Option<&String>| -> String {
        let Some((lead, cat)) = side else {
            return String::new();
        };
        actors
            .iter()
            .filter(|(n, c)| *c == cat && *n != lead && Some(*n) != skip)
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let inter =
        |side: Option<(&String, &str)>| side.map(|(_, c)| c.to_string()).unwrap_or_default();
    let (i1, i2) = (inter(first), inter(second));
    let rank = |c: &str| {
        INTER_ORDER
            .iter()
            .position(|o| *o == c)
            .unwrap_or(INTER_ORDER.len())
    };
    let interaction = match (i1.as_str(), i2.as_str()) {
        ("", _) => String::new(),
        (a, "") => format!("{a} only"),
        (a, b) if rank(a) <= rank(b) => format!("{a}-{b}"),
        (a, b) => format!("{b}-{a}"),
    };
    let civilian_targeting = if i2 == "Civilians"
        && matches!(
            v.event_type.as_str(),
            "Violence against civilians" | "Explosions/Remote violence"
        ) {
        "Civilian targeting".to_string()
    } else {
        String::new()
    };
    let disorder = match v.event_type.as_str() {
        "Protests" | "Riots" => "Demonstrations",
        "Strategic developments" => "Strategic developments",
        _ => "Political violence",
    };
    // ACLED's geo_precision: 1 the place itself, 2 near it or a part of a region, 3 a region.
    let geo_precision = p.map(|p| match p.precision.as_str() {
        "point" => "1",
        "district" => "2",
        _ => "3",
    });
    let timestamp = v
        .sources
        .iter()
        .filter_map(|s| s.published.as_deref())
        .filter_map(dateline_model::dates::parse_iso_prefix)
        .max()
        .unwrap_or(day)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    let fatalities = v.fatalities.as_ref();
    Some(vec![
        format!("{}{}", country.map_or("XXX", |c| c.iso3), v.id),
        date.clone(),
        day.format("%Y").to_string(),
        "1".to_string(),
        disorder.to_string(),
        v.event_type.clone(),
        v.sub_event_type.clone(),
        first.map(|(n, _)| n.clone()).unwrap_or_default(),
        assoc(first, second.map(|(n, _)| n)),
        i1,
        second.map(|(n, _)| n.clone()).unwrap_or_default(),
        assoc(second, first.map(|(n, _)| n)),
        i2,
        interaction,
        civilian_targeting,
        country.map(|c| c.numeric.to_string()).unwrap_or_default(),
        country.map(|c| c.region.to_string()).unwrap_or_default(),
        p.and_then(|p| p.country.clone()).unwrap_or_default(),
        p.and_then(|p| p.admin1.clone()).unwrap_or_default(),
        p.and_then(|p| p.admin2.clone()).unwrap_or_default(),
        String::new(),
        p.map(|p| p.name.clone()).unwrap_or_default(),
        p.map(|p| format!("{:.4}", p.lat)).unwrap_or_default(),
        p.map(|p| format!("{:.4}", p.lon)).unwrap_or_default(),
        geo_precision.unwrap_or_default().to_string(),
        v.sources
            .iter()
            .map(|s| s.outlet.clone())
            .collect::<Vec<_>>()
            .join("; "),
        // ACLED's source scale (local, national, international…) is not known from the text.
        String::new(),
        v.summary.clone(),
        // ACLED's convention: the reported death toll, 0 when none is reported.
        fatalities.and_then(|f| f.best).unwrap_or(0).to_string(),
        if v.disputed {
            "disputed fatalities".to_string()
        } else {
            String::new()
        },
        timestamp.to_string(),
        v.slug.clone(),
        fatalities.map(|f| opt(f.low)).unwrap_or_default(),
        fatalities.map(|f| opt(f.best)).unwrap_or_default(),
        fatalities.map(|f| opt(f.high)).unwrap_or_default(),
        v.disputed.to_string(),
        claimants.join("; "),
        figures.join("; "),
        v.sources
            .first()
            .and_then(|s| s.url.clone())
            .unwrap_or_default(),
        v.sources
            .iter()
            .filter_map(|s| s.document.clone())
            .collect::<Vec<_>>()
            .join("; "),
    ])
}

/// The CSV of items: ACLED's columns, then dateline's (see [`CSV_HEADER`]).
pub fn csv(items: &[ItemView]) -> String {
    let mut w = csv_header();
    for v in items {
        csv_push(&mut w, v);
    }
    w
}

/// The CSV's header line.
pub fn csv_header() -> String {
    let mut w = String::new();
    csv_line(&mut w, CSV_HEADER.iter().map(|h| h.to_string()));
    w
}

/// Appends an item's CSV line to `w` (nothing for an item that is no row).
pub fn csv_push(w: &mut String, v: &ItemView) {
    if let Some(cells) = csv_row(v) {
        csv_line(w, cells.into_iter());
    }
}

fn csv_line(w: &mut String, cells: impl Iterator<Item = String>) {
    for (i, c) in cells.enumerate() {
        if i > 0 {
            w.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            w.push('"');
            w.push_str(&c.replace('"', "\"\""));
            w.push('"');
        } else {
            w.push_str(&c);
        }
    }
    w.push_str("\r\n");
}

/// The search page: a form that works without scripts, the results with their snippets,
/// facets that narrow the query, a timeline of counts per day and a map of the results.
pub fn search_html(
    q: &crate::query::Query,
    r: &crate::query::Results,
    overlays: &Overlays,
) -> String {
    let val = |k: &str| r.query.get(k).map(|v| esc(v)).unwrap_or_default();
    let mut b = String::new();
    b.push_str("<h1>Search the record</h1>\n<form method=\"get\" action=\"/search\">\n");
    let fields: &[(&str, &str, &str)] = &[
        ("q", "Words", "airstrike hospital"),
        ("from", "From", "YYYY-MM-DD"),
        ("to", "To", "YYYY-MM-DD"),
        ("country", "Country", "Syria or SY"),
        ("admin1", "Region", "Idlib"),
        ("place", "Place", "Saraqib"),
        ("near", "Near (lat,lon,km)", "35.86,36.8,50"),
        ("bbox", "Box (west,south,east,north)", "35,32,42,37"),
        ("actor", "Actor", "Islamic State"),
        ("type", "Event type", "Air/drone strike"),
        ("category", "Category", "Armed conflicts and attacks"),
        ("claimant", "Claimant", "Syrian Observatory"),
        ("outlet", "Outlet", "Reuters"),
        ("fatalities_min", "At least … killed", "10"),
    ];
    for (k, label, hint) in fields {
        let _ = writeln!(
            b,
            "<label>{label} <input name=\"{k}\" value=\"{}\" placeholder=\"{}\"></label><br>",
            val(k),
            esc(hint)
        );
    }
    let disputed = r.query.get("disputed").map(String::as_str);
    let _ = writeln!(
        b,
        "<label>Disputed figures <select name=\"disputed\"><option value=\"\"{}>either</option><option value=\"true\"{}>yes</option><option value=\"false\"{}>no</option></select></label><br>",
        if disputed.is_none() { " selected" } else { "" },
        if disputed == Some("true") { " selected" } else { "" },
        if disputed == Some("false") { " selected" } else { "" },
    );
    b.push_str("<button type=\"submit\">Search</button>\n</form>\n");
    let here = crate::query::encode(&q.filters());
    let _ = writeln!(
        b,
        "<p><strong>{}</strong> · as <a href=\"/api/stories.json?{here}\">JSON</a>, <a href=\"/api/stories.csv?{here}\">CSV</a>, <a href=\"/api/stories.geojson?{here}\">GeoJSON</a>, <a href=\"/api/stories.md?{here}\">Markdown</a></p>",
        count(r.total as u64, "story", "stories")
    );
    if !r.timeline.is_empty() {
        b.push_str(&timeline_svg(&r.timeline));
    }
    if let Some(map) = results_map_svg(&r.items, overlays) {
        b.push_str(&map);
    }
    b.push_str("<section class=\"facets\">\n");
    for (name, label) in [
        ("type", "Event type"),
        ("country", "Country"),
        ("admin1", "Region"),
        ("actor", "Actor"),
        ("claimant", "Claimant"),
        ("outlet", "Outlet"),
    ] {
        let Some(values) = r.facets.get(name).filter(|v| !v.is_empty()) else {
            continue;
        };
        let _ = writeln!(b, "<h2>{label}</h2>\n<ul>");
        for f in values {
            let _ = writeln!(
                b,
                "<li><a href=\"/search?{}\">{}</a> ({})</li>",
                esc(&q.with(name, &f.value)),
                esc(&f.value),
                f.count
            );
        }
        b.push_str("</ul>\n");
    }
    b.push_str("</section>\n<h2>Stories</h2>\n<ol class=\"results\">\n");
    for v in &r.items {
        let _ = write!(
            b,
            "<li><a href=\"{}.html\">{}</a> <small>{}{}</small>",
            esc(&v.path),
            esc(&v.summary),
            esc(v.date.as_deref().unwrap_or("undated")),
            v.place
                .as_ref()
                .map(|p| format!(" · {}", esc(&p.name)))
                .unwrap_or_default()
        );
        if let Some(sn) = r.snippets.get(&v.slug) {
            let _ = write!(b, "<br><small>{}</small>", highlight(sn));
        }
        b.push_str("</li>\n");
    }
    b.push_str("</ol>\n");
    if let Some(c) = &r.next_cursor {
        let mut pairs = q.filters();
        pairs.push(("cursor", c.clone()));
        let _ = writeln!(
            b,
            "<p><a rel=\"next\" href=\"/search?{}\">Next {}</a></p>",
            esc(&crate::query::encode(&pairs)),
            q.limit
        );
    }
    tool_page("Search", "/search", &b)
}

/// A snippet with its matched words (between `[` and `]`) marked.
fn highlight(snippet: &str) -> String {
    esc(snippet).replace('[', "<mark>").replace(']', "</mark>")
}

/// Counts per day as a bar chart in inline SVG.
fn timeline_svg(days: &[crate::query::FacetCount]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 80.0;
    let max = days.iter().map(|d| d.count).max().unwrap_or(1).max(1) as f64;
    let bw = (W / days.len() as f64).max(1.0);
    let mut s = format!(
        "<figure class=\"timeline\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {}\" width=\"{W}\" height=\"{}\" role=\"img\" aria-label=\"Events per day\">",
        H + 14.0,
        H + 14.0
    );
    for (i, d) in days.iter().enumerate() {
        let h = d.count as f64 / max * H;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#c0392b\"><title>{}: {}</title></rect>",
            i as f64 * bw,
            H - h,
            (bw - 1.0).max(0.5),
            esc(&d.value),
            d.count
        );
    }
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\" font-size=\"10\">{}</text><text x=\"{W}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            H + 12.0,
            esc(&first.value),
            H + 12.0,
            esc(&last.value)
        );
    }
    s.push_str("</svg><figcaption>Events per day</figcaption></figure>\n");
    s
}

/// The page's results on a map drawn as inline SVG (an equirectangular frame around them).
fn results_map_svg(items: &[ItemView], overlays: &Overlays) -> Option<String> {
    const W: f64 = 640.0;
    const H: f64 = 360.0;
    let pts: Vec<&crate::views::PlaceView> =
        items.iter().filter_map(|v| v.place.as_ref()).collect();
    let first = pts.first()?;
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (first.lat, first.lat, first.lon, first.lon);
    for p in &pts {
        lat0 = lat0.min(p.lat);
        lat1 = lat1.max(p.lat);
        lon0 = lon0.min(p.lon);
        lon1 = lon1.max(p.lon);
    }
    let pad_lat = ((lat1 - lat0) * 0.1).max(1.0);
    let pad_lon = ((lon1 - lon0) * 0.1).max(1.0);
    let (lat0, lat1, lon0, lon1) = (
        lat0 - pad_lat,
        lat1 + pad_lat,
        lon0 - pad_lon,
        lon1 + pad_lon,
    );
    let view = View {
        west: lon0,
        north: lat1,
        span_lon: lon1 - lon0,
        span_lat: lat1 - lat0,
        width: W,
        height: H,
    };
    let mut s = format!(
        "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"Map of the results\" style=\"{SEA}\">"
    );
    let marks: Vec<(f64, f64)> = pts.iter().map(|p| view.project(p.lon, p.lat)).collect();
    s.push_str(&base_layer(&view, overlays, &marks, &[], 5));
    for (p, (x, y)) in pts.iter().zip(&marks) {
        let _ = write!(
            s,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#c0392b\" fill-opacity=\"0.7\"><title>{}</title></circle>",
            esc(&p.name)
        );
    }
    let _ = writeln!(
        s,
        "</svg><figcaption>{}, {:.1}°–{:.1}° N, {:.1}°–{:.1}° E · <small>Base map: {}</small></figcaption></figure>",
        count(pts.len() as u64, "place", "places"),
        lat0,
        lat1,
        lon0,
        lon1,
        esc(&attribution(overlays))
    );
    Some(s)
}

/// The search results as Markdown, served at `/api/stories.md` (links relative to it).
pub fn search_md(q: &crate::query::Query, r: &crate::query::Results) -> String {
    let mut s = format!(
        "# Search: {}\n\n",
        count(r.total as u64, "story", "stories")
    );
    for (k, v) in q.filters() {
        let _ = writeln!(s, "- {k}: {v}");
    }
    s.push('\n');
    for v in &r.items {
        let _ = writeln!(
            s,
            "- [{}]({}.md) — {}",
            md_esc(&v.summary),
            v.path,
            v.date.as_deref().unwrap_or("undated")
        );
    }
    if let Some(c) = &r.next_cursor {
        let _ = writeln!(s, "\nNext page: cursor={c}");
    }
    relative_links(&s, "/api/stories")
}

/// Escapes text for XML content and attributes.
pub fn xml_esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if dateline_model::xml_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn xml_value(out: &mut String, name: &str, v: &serde_json::Value) {
    match v {
        serde_json::Value::Null => {
            let _ = write!(out, "<{name}/>");
        }
        serde_json::Value::Array(items) => {
            let _ = write!(out, "<{name}>");
            for item in items {
                xml_value(out, "item", item);
            }
            let _ = write!(out, "</{name}>");
        }
        serde_json::Value::Object(map) => {
            let _ = write!(out, "<{name}>");
            for (k, v) in map {
                xml_value(out, k, v);
            }
            let _ = write!(out, "</{name}>");
        }
        serde_json::Value::String(s) => {
            let _ = write!(out, "<{name}>{}</{name}>", xml_esc(s));
        }
        other => {
            let _ = write!(out, "<{name}>{other}</{name}>");
        }
    }
}

/// Any page view as XML: the same fields as its JSON, element per field, `item` per list entry.
pub fn to_xml<T: serde::Serialize>(root: &str, v: &T) -> String {
    let value = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml_value(&mut out, root, &value);
    out.push('\n');
    out
}

/// `<pubDate>` for a day ("2025-04-01") in RFC 822's form, as RSS 2.0 asks; none for an item
/// without a date (never invented).
fn pub_date(day: &str) -> Option<String> {
    let d = dateline_model::dates::parse_iso_prefix(day)?;
    Some(format!(
        "<pubDate>{}</pubDate>",
        d.format("%a, %d %b %Y 00:00:00 +0000")
    ))
}

/// The news feed (RSS 2.0) of the front page's items. `base` is the site's absolute URL
/// ("http://127.0.0.1:8080"), since feed readers need absolute links.
pub fn rss(v: &FrontView, base: &str) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>dateline</title>\n");
    let _ = writeln!(s, "<link>{}/index.html</link>\n<description>Events, their sources and their context.</description>", xml_esc(base));
    for day in &v.days {
        for item in &day.items {
            let link = format!("{base}{}.html", item.path);
            let _ = writeln!(
                s,
                "<item><title>{}</title><link>{}</link><guid>{}</guid>{}{}<description>{}</description></item>",
                xml_esc(&item.summary),
                xml_esc(&link),
                xml_esc(&link),
                item.date.as_deref().and_then(pub_date).unwrap_or_default(),
                item.date.as_deref().map(|d| format!("<category>{}</category>", xml_esc(d))).unwrap_or_default(),
                xml_esc(&item.lead)
            );
        }
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// Markdown written by people (editorials) as HTML that cannot break the site's promises:
/// raw HTML is shown as text, images become links (nothing loads from another host), and only
/// http(s), mailto and relative links are kept.
pub fn markdown_html(md: &str) -> String {
    use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
    let safe = |u: CowStr<'static>| -> CowStr<'static> {
        let l = u.trim().to_ascii_lowercase();
        let ok = l.starts_with("http://")
            || l.starts_with("https://")
            || l.starts_with("mailto:")
            || l.starts_with('/')
            || l.starts_with('#')
            || !l.contains(':');
        if ok {
            u
        } else {
            CowStr::from("#")
        }
    };
    let events = Parser::new(md).map(|e| match e.into_static() {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        Event::Start(
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }
            | Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            },
        ) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// An editorial in HTML.
pub fn opinion_html(v: &OpinionView) -> String {
    let body = format!(
        "<article class=\"opinion\">\n<p><small>Opinion · {}</small></p>\n<h1>{}</h1>\n<p>By {}</p>\n{}</article>\n",
        esc(&v.date),
        esc(&v.title),
        esc(&v.author),
        markdown_html(&v.body)
    );
    page(&v.title, &v.path, &body)
}

/// An editorial in Markdown: date heading, title, byline, body.
pub fn opinion_md(v: &OpinionView) -> String {
    format!(
        "### {}\n\n# {}\n\nBy {}\n\n{}\n",
        md_esc(&v.date),
        md_esc(&v.title),
        md_esc(&v.author),
        v.body
    )
}

/// The opinion section in HTML.
pub fn opinion_index_html(v: &OpinionIndexView) -> String {
    let mut s = String::from(
        "<h1>Opinion</h1>\n<p>Editorials, signed and dated, kept apart from the news.</p>\n<ul>\n",
    );
    for o in &v.items {
        let _ = writeln!(
            s,
            "<li><a href=\"{}.html\">{}</a> <small>{} · {}</small></li>",
            esc(&o.path),
            esc(&o.title),
            esc(&o.author),
            esc(&o.date)
        );
    }
    s.push_str("</ul>\n");
    page("Opinion", &v.path, &s)
}

/// The opinion section in Markdown.
pub fn opinion_index_md(v: &OpinionIndexView) -> String {
    let mut s = String::from("# Opinion\n\n");
    for o in &v.items {
        let _ = writeln!(
            s,
            "1. [{}]({}.md) _{}, {}_",
            md_esc(&o.title),
            md_url(Some(&o.path)),
            md_esc(&o.author),
            md_esc(&o.date)
        );
    }
    s
}

/// The opinion feed (RSS 2.0), newest first.
pub fn opinion_rss(v: &OpinionIndexView, base: &str) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>dateline: opinion</title>\n");
    let _ = writeln!(
        s,
        "<link>{}/opinion/index.html</link>\n<description>Editorials, signed and dated.</description>",
        xml_esc(base)
    );
    for o in v.items.iter().take(50) {
        let link = format!("{base}{}.html", o.path);
        let _ = writeln!(
            s,
            "<item><title>{}</title><link>{}</link><guid>{}</guid>{}<author>{}</author><category>{}</category><description>{}</description></item>",
            xml_esc(&o.title),
            xml_esc(&link),
            xml_esc(&link),
            pub_date(&o.date).unwrap_or_default(),
            xml_esc(&o.author),
            xml_esc(&o.date),
            xml_esc(o.body.split("\n\n").next().unwrap_or(""))
        );
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// Items with a place as a GeoJSON FeatureCollection (RFC 7946: longitude first).
pub fn geojson(items: &[ItemView]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = items.iter().filter_map(geojson_feature).collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

/// An item with a place as a GeoJSON feature (a point).
pub fn geojson_feature(v: &ItemView) -> Option<serde_json::Value> {
    let p = v.place.as_ref()?;
    Some(serde_json::json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "id": v.slug, "path": v.path, "date": v.date, "summary": v.summary,
            "event_type": v.event_type, "sub_event_type": v.sub_event_type,
            "place": p.name, "admin1": p.admin1, "admin2": p.admin2, "country": p.country,
            "precision": p.precision, "actors": v.actors, "fatalities": v.fatalities,
            "disputed": v.disputed, "sources": v.sources.iter().map(|s| s.outlet.clone()).collect::<Vec<_>>(),
            "figures": v.figures,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<script>alert('x')</script>&"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
        assert_eq!(md_esc("[a](b) *c* <i>"), "\\[a\\](b) \\*c\\* &lt;i&gt;");
        assert_eq!(safe_url(Some("javascript:alert(1)")), "#");
        assert_eq!(figure_text(Some(11), Some(11), Some(25)), "11–25");
        assert_eq!(figure_text(Some(5), Some(5), None), "≥5");
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "item", "items"), "1 item");
        assert_eq!(count(0, "story", "stories"), "0 stories");
        assert_eq!(count(12, "place", "places"), "12 places");
    }

    #[test]
    fn site_links_are_relative_to_the_page() {
        let day = "/news/2024/03/9/index";
        assert_eq!(relative(day, "/news/2024/03/9/a-slug.html"), "a-slug.html");
        assert_eq!(
            relative(day, "/news/2024/02/28/index.html"),
            "../../02/28/index.html"
        );
        assert_eq!(relative(day, "/index.html"), "../../../../index.html");
        assert_eq!(relative(day, "/"), "../../../../index.html");
        assert_eq!(
            relative("/index", "/news/undated/x.md"),
            "news/undated/x.md"
        );
        assert_eq!(
            relative("/search", "/search?q=a&b=c#top"),
            "search?q=a&b=c#top"
        );
        assert_eq!(
            relative("/opinion/2024/03/9/a-title/index", "/opinion/index.html"),
            "../../../../index.html"
        );
        let html = "<a href=\"/api.html\">API</a> <a href=\"https://example.org/x\">out</a> <form action=\"/search\">";
        assert_eq!(
            relative_links(html, "/news/undated/index"),
            "<a href=\"../../api.html\">API</a> <a href=\"https://example.org/x\">out</a> <form action=\"../../search\">"
        );
        assert_eq!(
            relative_links(
                "- [a day](/news/2024/03/9/index.md) [x](https://e.org/a)",
                "/index"
            ),
            "- [a day](news/2024/03/9/index.md) [x](https://e.org/a)"
        );
        // Article text whose brackets Markdown escaping kept from being a link stays as written.
        assert_eq!(
            relative_links("see \\[a\\](/b) and [c](/d.md)", "/news/undated/index"),
            "see \\[a\\](/b) and [c](../../d.md)"
        );
        // An unclosed link is copied as it is, not lost.
        assert_eq!(relative_links("href=\"/a", "/index"), "href=\"a");
    }
}
