//! Helpers for end-to-end tests: run the real `dateline` binary in a temporary directory.

#![allow(dead_code)] // Each test file uses a different subset of these helpers.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The shared evaluation folder (`../shared` beside the checkout), or None with a message
/// saying why the test is skipped.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(sub);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} not found; this test reads the shared evaluation data beside the checkout",
            p.display()
        );
        None
    }
}

/// A fresh temporary directory, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        // Unique per call: tests run in parallel and may share a name.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p =
            std::env::temp_dir().join(format!("dateline-e2e-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    pub fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A temporary folder with the shared seeds ingested into `t.db`, or None (saying the test is
/// skipped) without them.
pub fn seeds_store(name: &str) -> Option<TempDir> {
    let seeds = shared("seeds")?;
    let tmp = TempDir::new(name);
    dateline_ok(
        &tmp.0,
        &["ingest", &seeds.display().to_string(), "--db", "t.db"],
    );
    Some(tmp)
}

/// Runs `dateline` with arguments in `dir`, failing the test with its messages unless it
/// succeeds.
pub fn dateline_ok(dir: &Path, args: &[&str]) -> Output {
    let out = dateline(dir, args);
    assert!(
        out.status.success(),
        "dateline {}: {}",
        args.join(" "),
        stderr(&out)
    );
    out
}

/// Runs `dateline` with arguments, in `dir`.
pub fn dateline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run dateline in {}: {e}", dir.display()))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A plain HTTP/1.1 GET on loopback: the whole response (status line, headers, body).
pub fn http_get(addr: &str, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// A `dateline serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
}

impl Server {
    /// Starts serving `db` (relative to `dir`) and waits until the front page answers.
    pub fn start(dir: &Path, db: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(["serve", "--db", db, "--addr", &addr])
            .current_dir(dir)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start server");
        let server = Server { child, addr };
        let up = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            http_get(&server.addr, "/index.html").is_some()
        });
        assert!(up, "the server did not answer on {}", server.addr);
        server
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `dateline extract INPUT` in `tmp` and writes what it prints to `pred.jsonl` there;
/// returns that file.
pub fn extract_to_file(tmp: &TempDir, input: &Path) -> PathBuf {
    let out = dateline(&tmp.0, &["extract", input.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pred = tmp.path("pred.jsonl");
    std::fs::write(&pred, &out.stdout).expect("write predictions");
    pred
}

/// The standard output of a shared Python scorer, or None (saying the test is skipped) when
/// python3 is not available.
pub fn run_scorer(scorer: &Path, args: &[&std::ffi::OsStr]) -> Option<String> {
    match Command::new("python3").arg(scorer).args(args).output() {
        Ok(o) => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(_) => {
            eprintln!(
                "SKIPPED: python3 is not available to run {}",
                scorer.display()
            );
            None
        }
    }
}

/// The value of `name=…` in a scorer's line.
pub fn metric(line: &str, name: &str) -> f64 {
    line.split_whitespace()
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("the scorer prints {name}: {line}"))
}

/// The first `n` ACLED notes of `../shared/eval/acled-notes/CSV` in news form (the coders'
/// hints removed), written to `docs.jsonl` in `tmp` and ingested into `t.db` there; returns
/// the gold file, or None (saying the test is skipped) without the shared data or python3.
pub fn acled_news_store(tmp: &TempDir, csv: &str, n: usize) -> Option<PathBuf> {
    let gold = shared(&format!("eval/acled-notes/{csv}"))?;
    let scorer = shared("eval/score_acled.py")?;
    let docs = Command::new("python3")
        .arg(&scorer)
        .args(["docs", "--news"])
        .arg(&gold)
        .output();
    let Some(docs) = docs.ok().filter(|o| o.status.success()) else {
        eprintln!("SKIPPED: python3 could not run {}", scorer.display());
        return None;
    };
    let some: Vec<&[u8]> = docs.stdout.split(|&b| b == b'\n').take(n).collect();
    std::fs::write(tmp.path("docs.jsonl"), some.join(&b'\n')).expect("write docs");
    let out = dateline(&tmp.0, &["ingest", "docs.jsonl", "--db", "t.db"]);
    // Notes that lose all their text in news form are skipped (exit status 2).
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        stderr(&out)
    );
    Some(gold)
}

/// Runs one of the project's Python checks (`scripts/NAME`) on `args`: passes when it passes;
/// fails the test with what it printed when it finds a problem; says the test is skipped when
/// python3 or the check's packages are missing (exit status 3).
pub fn python_check(name: &str, args: &[&std::ffi::OsStr]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scripts")
        .join(name);
    let Ok(out) = Command::new("python3").arg(&script).args(args).output() else {
        eprintln!("SKIPPED: python3 is not available to run {name}");
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    eprintln!("{said}");
    if out.status.code() == Some(3) {
        eprintln!("SKIPPED: {said}");
        return;
    }
    assert!(
        out.status.success(),
        "{name}: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
