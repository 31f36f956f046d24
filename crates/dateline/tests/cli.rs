//! End-to-end tests of `ingest`, `events` and `serve` driving the real binary.

mod util;

use util::*;

fn write(dir: &TempDir, name: &str, body: &[u8]) {
    std::fs::write(dir.path(name), body).expect("write fixture");
}

const ARTICLE: &str = "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday after heavy fighting, the regional governor said on Wednesday.\n\nAt least 12 militants and three soldiers were killed in the fighting, the governor told reporters by phone from the town.\n";

fn fixtures(dir: &TempDir) {
    std::fs::create_dir_all(dir.path("in/sub")).expect("mkdir");
    let line = serde_json::json!({"id": "wire-1", "text": ARTICLE, "outlet": "Wire One", "published": "2025-04-03", "url": "https://example.org/wire-1"});
    write(
        dir,
        "in/a.jsonl",
        format!("{line}\n{{broken json\n").as_bytes(),
    );
    let copy = serde_json::json!({"id": "wire-2", "text": ARTICLE, "outlet": "Reprint Daily", "published": "2025-04-03"});
    write(dir, "in/sub/b.jsonl", format!("{copy}\n").as_bytes());
    write(dir, "in/sub/bad.html.gz", b"this is not gzip");
    write(dir, "in/notes.pdf", b"ignored: not an article format");
}

#[test]
fn ingest_is_idempotent_and_reports_bad_input() {
    let dir = TempDir::new("ingest");
    fixtures(&dir);
    let first = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    // Some inputs were skipped: exit status 2, so cron can tell a partial failure.
    assert_eq!(first.status.code(), Some(2), "{}", stderr(&first));
    let err = stderr(&first);
    assert!(err.contains("a.jsonl:2: not a JSON document"), "{err}");
    assert!(err.contains("bad.html.gz: not valid gzip"), "{err}");
    let out = stdout(&first);
    assert!(
        out.contains("2 added") && out.contains("2 skipped"),
        "{out}"
    );
    assert!(
        out.contains("in 1 clusters") || out.contains("1 clusters"),
        "two outlets, one event: {out}"
    );
    let second = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert!(
        stdout(&second).contains("0 added, 0 replaced, 2 unchanged"),
        "{}",
        stdout(&second)
    );
    let events = dateline(&dir.0, &["events", "--db", "t.db", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&events)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let main = lines
        .iter()
        .find(|v| v["sources"].as_array().is_some_and(|s| s.len() == 2))
        .expect("merged event");
    assert_eq!(main["date"], "2025-04-01");
    assert_eq!(main["fatalities"]["best"], 15);
}

#[test]
fn exports_csv_and_markdown() {
    let dir = TempDir::new("export");
    fixtures(&dir);
    // The fixtures hold two bad inputs: stored with a partial failure.
    assert_eq!(
        dateline(&dir.0, &["ingest", "in", "--db", "t.db"])
            .status
            .code(),
        Some(2)
    );
    let csv = stdout(&dateline(
        &dir.0,
        &["events", "--db", "t.db", "--format", "csv"],
    ));
    let header = csv.lines().next().expect("header");
    for col in [
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "admin2",
        "location",
        "latitude",
        "longitude",
        "fatalities",
        "source",
        "notes",
        "claimants",
    ] {
        assert!(
            header.split(',').any(|c| c == col),
            "{col} missing in {header}"
        );
    }
    assert!(csv.contains("Wire One; Reprint Daily"), "{csv}");
    let md = stdout(&dateline(
        &dir.0,
        &["events", "--db", "t.db", "--format", "md"],
    ));
    assert!(
        md.starts_with("### [2025-04-01](/news/2025/04/1/index.md)"),
        "{md}"
    );
    assert!(
        md.contains("### Source:") && md.contains("### Claims:"),
        "{md}"
    );
    let geo: serde_json::Value = serde_json::from_str(&stdout(&dateline(
        &dir.0,
        &["events", "--db", "t.db", "--format", "geojson"],
    )))
    .expect("GeoJSON");
    assert_eq!(geo["type"], "FeatureCollection");
    let lonlat = &geo["features"][0]["geometry"]["coordinates"];
    assert!(
        lonlat[0]
            .as_f64()
            .is_some_and(|lon| (40.0..50.0).contains(&lon)),
        "longitude first: {lonlat}"
    );
    let missing = dateline(&dir.0, &["events", "--db", "nothing.db"]);
    assert!(!missing.status.success() && stderr(&missing).contains("no store at nothing.db"));
}

#[test]
fn serve_answers_on_loopback() {
    let dir = TempDir::new("serve");
    fixtures(&dir);
    // The fixtures hold two bad inputs: stored with a partial failure.
    assert_eq!(
        dateline(&dir.0, &["ingest", "in", "--db", "t.db"])
            .status
            .code(),
        Some(2)
    );
    let server = Server::start(&dir.0, "t.db");
    let page = http_get(&server.addr, "/index.html");
    drop(server);
    let page = page.expect("server answered");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(!page.to_ascii_lowercase().contains("set-cookie"));
    assert!(page.contains("href=\"news/2025/04/1/"), "{page}");
}

const DAY1: &str = "{{Current events|year=2025|month=04|day=1|content=\n;Armed conflicts and attacks\n*[[Somali Civil War]]\n**Government troops retake [[Jowhar]] from [[Al-Shabaab (militant group)|Al Shabaab]]. [https://example.org/a (Wire One)]\n|}}\n";
const DAY2: &str = "{{Current events|year=2025|month=04|day=2|content=\n;Disasters and accidents\n*Floods displace thousands of people in [[Beledweyne]]. [https://example.org/b (Wire Two)]\n|}}\n";

fn git_log_len(dir: &std::path::Path) -> Option<usize> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "--oneline"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).lines().count())
}

#[test]
fn update_reads_only_new_files_and_commits_the_site() {
    let dir = TempDir::new("update");
    std::fs::create_dir_all(dir.path("portal")).expect("mkdir");
    std::fs::create_dir_all(dir.path("ed")).expect("mkdir");
    write(&dir, "portal/2025_April_1.wiki", DAY1.as_bytes());
    write(
        &dir,
        "ed/2025-04-02-claims.md",
        b"# Claims are not facts\n\nBy A. Writer\n\nEvery number has a claimant.",
    );
    let args = [
        "update",
        "portal",
        "--opinion",
        "ed",
        "--db",
        "t.db",
        "--site",
        "site",
        "--git",
    ];
    let first = dateline(&dir.0, &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = stdout(&first);
    assert!(
        out.contains("1 added") && out.contains("1 new or changed"),
        "{out}"
    );
    let item = std::fs::read_to_string(dir.path("site/news/2025/04/1/index.md")).expect("day page");
    assert!(item.contains("Government troops retake Jowhar"), "{item}");
    assert!(dir
        .path("site/opinion/2025/04/2/claims-are-not-facts/index.html")
        .exists());
    let git = git_log_len(&dir.path("site"));
    if let Some(n) = git {
        assert_eq!(n, 1, "{out}");
    }

    // A new Portal day: only it is read; the site gains its pages in a second commit.
    write(&dir, "portal/2025_April_2.wiki", DAY2.as_bytes());
    let second = dateline(&dir.0, &args);
    let out = stdout(&second);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        out.contains("1 file(s) unchanged") && out.contains("1 added, 0 replaced, 0 unchanged"),
        "{out}"
    );
    assert!(dir.path("site/news/2025/04/2/index.html").exists());
    if git.is_some() {
        assert_eq!(git_log_len(&dir.path("site")), Some(2));
        // Nothing new: nothing read, nothing committed.
        let third = dateline(&dir.0, &args);
        assert!(
            stdout(&third).contains("site unchanged"),
            "{}",
            stdout(&third)
        );
        assert_eq!(git_log_len(&dir.path("site")), Some(2));
    }
}

#[test]
fn a_bad_editorial_is_named_and_the_rest_are_read() {
    let dir = TempDir::new("opinion");
    std::fs::create_dir_all(dir.path("ed")).expect("mkdir");
    write(
        &dir,
        "ed/2025-04-02-good.md",
        b"# Good\n\nBy A. Writer\n\nText.",
    );
    write(&dir, "ed/undated.md", b"# Undated\n\nBy A. Writer\n\nText.");
    let out = dateline(&dir.0, &["ingest", "--opinion", "ed", "--db", "t.db"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("undated.md") && err.contains("no date"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("read 1 editorial(s)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn serve_reports_a_busy_port_before_announcing_itself() {
    let dir = TempDir::new("busy");
    fixtures(&dir);
    let _ = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("address").to_string();
    let out = dateline(&dir.0, &["serve", "--db", "t.db", "--addr", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert!(!err.contains("serving"), "announced before failing: {err}");
}
