//! Reliability: hostile input and hostile clients, driving the real binary. Each test is
//! named after the case of issue 17 it pins (small generated inputs; the 200 MB document and
//! the timings are benchmarks, in the closing note, not tests).

mod util;

use std::io::{Read, Write};

use util::*;

/// A short article in English news style, different for each `n`.
fn article(n: usize) -> String {
    format!(
        "Government troops retook the town of Jawhar from Al Shabaab militants on Tuesday after heavy fighting, the regional governor said.\n\nAt least {} militants and {} soldiers were killed in the fighting, he told reporters by phone.\n",
        n + 3,
        n + 1
    )
}

fn write(dir: &TempDir, name: &str, body: impl AsRef<[u8]>) {
    let p = dir.path(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, body).expect("write fixture");
}

/// The `N added` / `N replaced` … counts of an ingest summary line.
fn count(out: &str, what: &str) -> u64 {
    out.split(',')
        .flat_map(|part| part.split(':'))
        .find_map(|part| part.trim().strip_suffix(what))
        .and_then(|n| n.trim().rsplit(' ').next().and_then(|n| n.parse().ok()))
        .unwrap_or_else(|| panic!("no '{what}' in {out}"))
}

fn stored_ids(dir: &TempDir, db: &str) -> Vec<String> {
    let out = dateline(&dir.0, &["events", "--db", db, "--format", "jsonl"]);
    let mut ids: Vec<String> = stdout(&out)
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("jsonl");
            v["sources"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["document"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Cases 1 and 2: deep nesting neither crashes the run nor takes super-linear time.
#[test]
fn deep_nesting_is_read_not_fatal() {
    let dir = TempDir::new("deep");
    write(
        &dir,
        "in/unclosed.html",
        format!("<html><body>{}{}", "<div><span>".repeat(16_000), article(1)),
    );
    write(
        &dir,
        "in/closed.html",
        format!(
            "<html><body>{}<p>{}</p>{}</body></html>",
            "<div>".repeat(20_000),
            article(2),
            "</div>".repeat(20_000)
        ),
    );
    let started = std::time::Instant::now();
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&stdout(&out), "added"), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("nested deeper than"),
        "{}",
        stderr(&out)
    );
    // Was 116 s for the closed case alone; generous for slow machines.
    assert!(started.elapsed().as_secs() < 60);
}

/// Cases 3 and 4: ids come from the path under the named folder, so same-named files in two
/// folders are two documents, and however the folder is spelled nothing changes.
#[test]
fn same_named_files_and_path_spellings() {
    let dir = TempDir::new("ids");
    write(&dir, "in/a/index.txt", article(1));
    write(&dir, "in/b/index.txt", article(2));
    let first = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert_eq!(count(&stdout(&first), "added"), 2, "{}", stdout(&first));
    assert_eq!(stored_ids(&dir, "t.db"), ["a/index", "b/index"]);
    let absolute = dir.path("in").display().to_string();
    for spelling in ["in/", "./in", absolute.as_str()] {
        let again = dateline(&dir.0, &["ingest", spelling, "--db", "t.db"]);
        let out = stdout(&again);
        assert_eq!(count(&out, "unchanged"), 2, "{spelling}: {out}");
        assert_eq!(count(&out, "replaced"), 0, "{spelling}: {out}");
    }
    // After a move, too.
    std::fs::rename(dir.path("in"), dir.path("moved")).expect("move");
    let moved = dateline(&dir.0, &["ingest", "moved", "--db", "t.db"]);
    assert_eq!(count(&stdout(&moved), "unchanged"), 2, "{}", stdout(&moved));
    // Another folder with the same relative path, in a later run: the replacement is said.
    write(&dir, "other/a/index.txt", article(9));
    let other = dateline(&dir.0, &["ingest", "other", "--db", "t.db"]);
    assert!(
        stderr(&other).contains("was the document read from"),
        "{}",
        stderr(&other)
    );
    // One page in two formats: the second is reported, never stored over the first.
    write(&dir, "two/x.txt", article(3));
    write(
        &dir,
        "two/x.html",
        format!("<html><body><p>{}</p></body></html>", article(4)),
    );
    let two = dateline(&dir.0, &["ingest", "two", "--db", "u.db"]);
    assert_eq!(two.status.code(), Some(2));
    assert!(
        stderr(&two).contains("is already given to"),
        "{}",
        stderr(&two)
    );
}

/// Case 5: `update` reads a file that failed again on the next run.
#[test]
fn update_retries_a_file_that_failed() {
    let dir = TempDir::new("retry");
    write(&dir, "in/good.txt", article(1));
    write(&dir, "in/empty.txt", "");
    let first = dateline(&dir.0, &["update", "in", "--db", "t.db"]);
    assert_eq!(first.status.code(), Some(2), "{}", stderr(&first));
    let second = dateline(&dir.0, &["update", "in", "--db", "t.db"]);
    assert!(
        stdout(&second).contains("1 file(s) unchanged"),
        "the good file is skipped, the failed one read again: {}",
        stdout(&second)
    );
    assert!(stderr(&second).contains("empty.txt: no text"));
    // Mended in place with its old size and time, as a permission fix would leave it.
    let when = std::fs::metadata(dir.path("in/empty.txt"))
        .and_then(|m| m.modified())
        .expect("mtime");
    std::fs::write(dir.path("in/empty.txt"), article(2)).expect("mend");
    std::fs::File::options()
        .write(true)
        .open(dir.path("in/empty.txt"))
        .and_then(|f| f.set_modified(when))
        .expect("keep mtime");
    let third = dateline(&dir.0, &["update", "in", "--db", "t.db"]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert_eq!(count(&stdout(&third), "added"), 1, "{}", stdout(&third));
}

/// Cases 8 and 9: a link loop ends, each file read once; an unreadable folder is skipped.
#[cfg(unix)]
#[test]
fn link_loops_and_unreadable_folders() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("walk");
    write(&dir, "in/sub/a.txt", article(1));
    std::os::unix::fs::symlink("..", dir.path("in/sub/loop")).expect("symlink");
    write(&dir, "in/locked/b.txt", article(2));
    std::fs::set_permissions(
        dir.path("in/locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .expect("chmod");
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    std::fs::set_permissions(
        dir.path("in/locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .expect("chmod back");
    let summary = stdout(&out);
    assert!(
        stderr(&out).contains("already read in this walk"),
        "{}",
        stderr(&out)
    );
    if std::fs::read_dir(dir.path("in/locked")).is_ok() && count(&summary, "added") == 2 {
        eprintln!("NOTE: running as root, a mode-000 folder stays readable; the unreadable-folder half is not checked");
        assert_eq!(out.status.code(), Some(0));
        return;
    }
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(count(&summary, "added"), 1, "{summary}");
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
}

/// Case 10: a document over the size limit is skipped with the limit named; the others are
/// stored.
#[test]
fn an_oversized_document_is_skipped_with_its_limit() {
    let dir = TempDir::new("large");
    let big = serde_json::json!({"id": "big", "text": "word ".repeat(4 << 20)});
    let small = serde_json::json!({"id": "small", "text": article(1)});
    write(&dir, "in/docs.jsonl", format!("{big}\n{small}\n"));
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("docs.jsonl: line 1 is larger than the 16 MiB limit"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stored_ids(&dir, "t.db"), ["small"]);
}

/// Cases 11, 12 and 13: forbidden characters never reach the XML, placeholder dates are not
/// dates, and an outlet that is a formula is not one in the CSV.
#[test]
fn feeds_dates_and_csv_cells_stay_sound() {
    let dir = TempDir::new("xml");
    let doc = serde_json::json!({
        "id": "x", "outlet": "=HYPERLINK(\"http://evil.example\",\"click\")",
        "published": "0001-01-01T00:00:00Z",
        "text": format!("Troops\u{fffe} retook\u{ffff} the town\u{1}. {}", article(1)),
    });
    // The same outlet on a dated report: only dated events are rows of the ACLED-column CSV.
    let dated = serde_json::json!({
        "id": "y", "outlet": "=HYPERLINK(\"http://evil.example\",\"click\")",
        "published": "2025-04-02",
        "text": "Gunmen attacked a checkpoint in Baidoa, Somalia, on Tuesday, killing 2 soldiers, the police said.",
    });
    write(&dir, "in/x.jsonl", format!("{doc}\n{dated}\n"));
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("before 1900"), "{}", stderr(&out));
    let site = dateline(&dir.0, &["export", "--db", "t.db", "--site", "site"]);
    assert!(site.status.success(), "{}", stderr(&site));
    let rss = std::fs::read_to_string(dir.path("site/index_rss.xml")).expect("feed");
    assert!(!rss.contains(dateline_model::xml_forbidden), "{rss}");
    assert!(!dir.path("site/news/0").exists(), "no events dated year 0");
    let csv = stdout(&dateline(
        &dir.0,
        &["events", "--db", "t.db", "--format", "csv"],
    ));
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"),
        "{csv}"
    );
}

/// Case 14: one broken WARC record loses that record only, and the message says where.
#[test]
fn a_broken_archive_record_loses_only_itself() {
    let dir = TempDir::new("warc");
    let record = |id: usize| {
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>{}</p></article></body></html>",
            article(id)
        );
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:r{id}>\r\nWARC-Date: 2025-04-03T10:00:00Z\r\nWARC-Target-URI: https://example.org/{id}\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
    };
    let broken =
        "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\njunk\r\n\r\n";
    write(
        &dir,
        "in/crawl.warc",
        format!("{}{broken}{}{}", record(1), record(2), record(3)),
    );
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("record 2 at byte"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&stdout(&out), "added"), 3, "{}", stdout(&out));
}

/// Case 15: 0 when all was read, 2 when some inputs were skipped, 1 when nothing could be.
#[test]
fn exit_status_tells_cron_what_happened() {
    let dir = TempDir::new("exit");
    write(&dir, "good/a.txt", article(1));
    write(&dir, "mixed/a.txt", article(2));
    write(&dir, "mixed/b.html", vec![0u8, 159, 146, 150, 0, 1, 2, 3]);
    write(&dir, "bad/b.html", "");
    let code = |args: &[&str]| dateline(&dir.0, args).status.code();
    assert_eq!(code(&["ingest", "good", "--db", "t.db"]), Some(0));
    assert_eq!(code(&["ingest", "mixed", "--db", "t.db"]), Some(2));
    assert_eq!(code(&["ingest", "bad", "--db", "t.db"]), Some(1));
    assert_eq!(code(&["ingest", "no-such-folder", "--db", "t.db"]), Some(1));
    assert_eq!(code(&["extract", "mixed"]), Some(2));
    let help = stdout(&dateline(&dir.0, &["--help"]));
    assert!(help.contains("Exit status: 0"), "{help}");
}

/// Case 16: a second writer waits for the first, then stores everything.
#[test]
fn a_second_writer_waits_its_turn() {
    let dir = TempDir::new("writers");
    // The first has enough to do that the second starts while it holds the lock.
    for i in 0..300 {
        write(&dir, &format!("one/{i}.txt"), article(i));
    }
    for i in 0..20 {
        write(&dir, &format!("two/b{i}.txt"), article(1000 + i));
    }
    let start = |what: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["ingest", what, "--db", "t.db"])
            .current_dir(&dir.0)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start ingest")
    };
    let first = start("one");
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = start("two");
    let first = first.wait_with_output().expect("first");
    let second = second.wait_with_output().expect("second");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(count(&stdout(&first), "added"), 300);
    assert_eq!(count(&stdout(&second), "added"), 20);
    // Whichever took the lock second said it waited.
    let waited = |o: &std::process::Output| stderr(o).contains("waiting for it to finish");
    assert!(
        waited(&first) ^ waited(&second),
        "{}\n{}",
        stderr(&first),
        stderr(&second)
    );
}

/// Case 18: random bytes and empty pages are not documents; text that is not UTF-8 is read
/// with a warning.
#[test]
fn junk_files_are_not_documents() {
    let dir = TempDir::new("junk");
    let noise: Vec<u8> = (0..80_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(&dir, "in/noise.html", noise);
    write(&dir, "in/empty.html", "<html><body></body></html>");
    let mut latin = article(1).into_bytes();
    latin.extend_from_slice(b"Caf\xe9 owners said.\n");
    write(&dir, "in/latin.txt", latin);
    let out = dateline(&dir.0, &["ingest", "in", "--db", "t.db"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("noise.html: binary data"), "{err}");
    assert!(err.contains("empty.html: no text"), "{err}");
    assert!(err.contains("latin: not valid UTF-8"), "{err}");
    assert_eq!(count(&stdout(&out), "added"), 1);
}

/// Case 7: half-sent requests are closed after the header timeout; the portal keeps
/// answering meanwhile.
#[test]
fn slow_clients_are_cut_off() {
    let dir = TempDir::new("slow");
    write(&dir, "in/a.txt", article(1));
    assert_eq!(
        dateline(&dir.0, &["ingest", "in", "--db", "t.db"])
            .status
            .code(),
        Some(0)
    );
    let server = Server::start(&dir.0, "t.db");
    let addr = server.addr.clone();
    let mut slow: Vec<std::net::TcpStream> = (0..200)
        .filter_map(|_| {
            let mut s = std::net::TcpStream::connect(&addr).ok()?;
            s.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
                .ok()?;
            Some(s)
        })
        .collect();
    assert_eq!(slow.len(), 200);
    let page = http_get(&addr, "/index.html").unwrap_or_default();
    assert!(
        page.starts_with("HTTP/1.1 200"),
        "answers beside slow clients"
    );
    std::thread::sleep(std::time::Duration::from_secs(12));
    let closed = slow
        .iter_mut()
        .map(|s| {
            let _ = s.set_read_timeout(Some(std::time::Duration::from_millis(500)));
            let mut buf = Vec::new();
            // Closed: the read ends (after any timeout answer) instead of blocking.
            s.read_to_end(&mut buf).is_ok()
        })
        .filter(|&closed| closed)
        .count();
    drop(server);
    assert_eq!(
        closed, 200,
        "half-sent requests still open after the timeout"
    );
}
