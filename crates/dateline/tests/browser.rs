//! The portal in a real browser: headless Chromium (Debian's `chromium`) loads the front page,
//! a day page, an item page, the search page and the page its first facet link opens, of a
//! store built from `../shared/seeds`, takes screenshots, and
//! every request it made must have stayed on 127.0.0.1. Then the static export, opened from
//! disk under a sub-folder: its pages must load nothing from anywhere else. Skipped, saying why, when Chromium or
//! the seeds are absent.

mod util;

use std::process::{Child, Command, Stdio};

use util::*;

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn pages_render_in_chromium_without_leaving_loopback() {
    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: no chromium at /usr/bin/chromium (Debian package `chromium`; .ci/run installs it)");
        return;
    };
    let Some(seeds) = shared("seeds") else { return };
    let dir = TempDir::new("browser");
    let out = dateline(
        &dir.0,
        &["ingest", seeds.to_str().expect("path"), "--db", "t.db"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["serve", "--db", "t.db", "--addr", &addr])
            .current_dir(&dir.0)
            .stderr(Stdio::null())
            .spawn()
            .expect("start server"),
    );
    let mut front = None;
    for _ in 0..100 {
        front = http_get(&addr, "/index.json")
            .and_then(|r| r.split_once("\r\n\r\n").map(|(_, b)| b.to_string()));
        if front.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let front: serde_json::Value =
        serde_json::from_str(&front.expect("server answered")).expect("front JSON");
    let item = front["days"][0]["items"][0]["path"]
        .as_str()
        .expect("an item")
        .to_string();
    let day = front["days"][0]["path"]
        .as_str()
        .expect("a day")
        .to_string();
    // The search page, and the page a click on its first facet opens (a plain link: the page
    // runs no script).
    let search = "/search?q=Idlib".to_string();
    let html = http_get(&addr, &search).expect("search page");
    let facet = html
        .split("<section class=\"facets\">")
        .nth(1)
        .and_then(|f| f.split("href=\"").nth(1))
        .and_then(|f| f.split('"').next())
        .map(|f| f.replace("&amp;", "&"))
        .expect("a facet link on the search page");
    // Links are relative to the page they are on: the search page is at the root.
    assert!(facet.starts_with("search?q=Idlib&"), "{facet}");
    let facet = format!("/{facet}");
    // What the screenshots must show: a day's items under the Portal's categories, an item
    // with its map.
    let day_html = http_get(&addr, &format!("{day}.html")).expect("day page");
    assert!(day_html.contains("class=\"category\""), "{day_html}");
    let item_html = http_get(&addr, &format!("{item}.html")).expect("item page");
    assert!(
        item_html.contains("<figure class=\"map\"><svg"),
        "{item_html}"
    );
    for (name, path) in [
        ("front", "/index.html".to_string()),
        ("day", format!("{day}.html")),
        ("item", format!("{item}.html")),
        ("search", search.clone()),
        ("facet", facet.clone()),
    ] {
        let log = screenshot(browser, &dir, name, &format!("http://{addr}{path}"));
        // Requests made for the page carry its site in their network isolation key; Chromium's
        // own background services (update checks, time queries) carry another or none.
        let mut urls = 0;
        for (url, key) in requests(&log) {
            if key.starts_with("http://127.0.0.1") {
                urls += 1;
                assert!(
                    url.starts_with(&format!("http://{addr}/")),
                    "{name}: the page made a request that left 127.0.0.1: {url}"
                );
            }
        }
        assert!(urls >= 1, "{name}: the net log shows no request at all");
    }

    // The static copy of the site, opened from disk under a sub-folder: the item page with
    // its map, and the day page a link of it leads to, load nothing from anywhere else.
    let out = dateline(
        &dir.0,
        &["export", "--db", "t.db", "--site", "www/sub/site"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let root = dir.path("www/sub/site");
    for (name, path) in [("static-item", &item), ("static-day", &day)] {
        let file = root.join(format!("{}.html", path.trim_start_matches('/')));
        assert!(file.is_file(), "{} not exported", file.display());
        let log = screenshot(browser, &dir, name, &format!("file://{}", file.display()));
        for (url, key) in requests(&log) {
            assert!(
                !key.starts_with("file") || url.starts_with("file://"),
                "{name}: the page made a request off the disk: {url}"
            );
        }
    }
}

/// Opens `url` in headless Chromium with a fresh profile, saves a screenshot as `name`.png in
/// `dir` and beside the test binaries (`target/…/tmp/screenshots/`, for review), and returns
/// Chromium's network log.
fn screenshot(browser: &str, dir: &TempDir, name: &str, url: &str) -> serde_json::Value {
    let shot = dir.path(&format!("{name}.png"));
    let netlog = dir.path(&format!("{name}-net.json"));
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1200,1600",
            "--no-default-browser-check",
            "--disable-client-side-phishing-detection",
            "--disable-domain-reliability",
            "--metrics-recording-only",
            "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path(&format!("profile-{name}")).display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run chromium");
    assert!(status.success(), "chromium failed on {url}");
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.len() > 1000 && png.starts_with(b"\x89PNG"),
        "{name}: no screenshot"
    );
    let keep = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    if std::fs::create_dir_all(&keep).is_ok() {
        let _ = std::fs::write(keep.join(format!("{name}.png")), &png);
    }
    serde_json::from_str(&std::fs::read_to_string(&netlog).expect("net log written"))
        .expect("net log is JSON")
}

/// Every request of a network log: its URL and its network isolation key.
fn requests(log: &serde_json::Value) -> Vec<(String, String)> {
    log["events"]
        .as_array()
        .expect("net log events")
        .iter()
        .filter_map(|e| {
            let p = &e["params"];
            Some((
                p["url"].as_str()?.to_string(),
                p["network_isolation_key"].as_str()?.to_string(),
            ))
        })
        .collect()
}
