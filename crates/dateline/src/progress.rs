//! The progress of a long run: bytes of input read and stored out of the total, documents,
//! and the time left. On a terminal, a bar redrawn in place; in a log (stderr not a terminal, as under
//! cron or systemd), one line every [`LOG_EVERY`], so a long run shows it is alive and when it
//! should end.

use std::time::{Duration, Instant};

/// How often a progress line is written when stderr is not a terminal.
pub const LOG_EVERY: Duration = Duration::from_secs(10);

pub struct Progress {
    bar: indicatif::ProgressBar,
    terminal: bool,
    total: u64,
    /// Bytes read by this process before the run began.
    base: u64,
    started: Instant,
    logged: std::sync::Mutex<Instant>,
}

impl Progress {
    /// Progress over `total` bytes of input in `files` files.
    pub fn new(total: u64, files: usize) -> Progress {
        use std::io::IsTerminal;
        let terminal = std::io::stderr().is_terminal();
        let bar = if terminal {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {bytes}/{total_bytes} of {prefix} · {msg} · {eta} left",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_prefix(format!("{files} file(s)"));
            // Short runs finish before the bar would be useful; it only draws after a second.
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let now = Instant::now();
        Progress {
            bar,
            terminal,
            total,
            base: dateline_ingest::progress::bytes_read(),
            started: now,
            logged: std::sync::Mutex::new(now),
        }
    }

    /// Bytes of this run's input read so far.
    pub fn read(&self) -> u64 {
        dateline_ingest::progress::bytes_read()
            .saturating_sub(self.base)
            .min(self.total)
    }

    /// Notes that the documents of the first `done` bytes of input, `docs` of them, are
    /// stored: what is done is what is stored, since storing is the slower half.
    pub fn stored(&self, done: u64, docs: u64) {
        if self.terminal {
            self.bar.set_position(done);
            self.bar.set_message(format!("{docs} documents stored"));
            return;
        }
        let Ok(mut logged) = self.logged.lock() else {
            return;
        };
        if logged.elapsed() >= LOG_EVERY {
            *logged = Instant::now();
            eprintln!(
                "dateline: {}",
                line(done, self.total, docs, self.started.elapsed())
            );
        }
    }

    /// Runs `f` (which writes to stderr) without tearing the bar.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// "12.0 MiB of 48.0 MiB read and stored (25%), 3000 documents, about 1 min 30 s left".
fn line(done: u64, total: u64, docs: u64, elapsed: Duration) -> String {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let share = if total == 0 {
        100.0
    } else {
        done as f64 * 100.0 / total as f64
    };
    let left = if done == 0 {
        "time left not yet known".to_string()
    } else {
        let secs = elapsed.as_secs_f64() * (total - done) as f64 / done as f64;
        let secs = secs.round() as u64;
        if secs >= 60 {
            format!("about {} min {} s left", secs / 60, secs % 60)
        } else {
            format!("about {secs} s left")
        }
    };
    format!(
        "{:.1} MiB of {:.1} MiB read and stored ({share:.0}%), {docs} documents, {left}",
        mib(done),
        mib(total)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_says_how_much_and_how_long() {
        let mib = 1024 * 1024;
        assert_eq!(
            line(12 * mib, 48 * mib, 3000, Duration::from_secs(30)),
            "12.0 MiB of 48.0 MiB read and stored (25%), 3000 documents, about 1 min 30 s left"
        );
        assert_eq!(
            line(0, 48 * mib, 0, Duration::from_secs(1)),
            "0.0 MiB of 48.0 MiB read and stored (0%), 0 documents, time left not yet known"
        );
        assert_eq!(
            line(mib, mib, 10, Duration::from_secs(2)),
            "1.0 MiB of 1.0 MiB read and stored (100%), 10 documents, about 0 s left"
        );
    }
}
