//! `dateline fetch-portal`: downloads Current Events Portal day pages in wiki syntax from
//! Wikipedia, for machines with a network. The only command that touches the network; tests
//! never call it. Pages are saved as `YYYY_Month_D.wiki` for `ingest`/`update` to read.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

/// The raw wiki text address of one Portal day.
pub fn portal_url(day: NaiveDate) -> String {
    format!(
        "https://en.wikipedia.org/w/index.php?title=Portal:Current_events/{}&action=raw",
        day.format("%Y_%B_%-d")
    )
}

/// Fetches every day from `from` to `to` into `out`, one request a second; days already
/// saved are skipped unless `force`.
pub fn portal(from: NaiveDate, to: NaiveDate, out: &Path, force: bool) -> anyhow::Result<usize> {
    anyhow::ensure!(from <= to, "--from {from} is after --to {to}");
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut saved = 0;
    let mut day = from;
    while day <= to {
        let file = out.join(format!("{}.wiki", day.format("%Y_%B_%-d")));
        if force || !file.exists() {
            let url = portal_url(day);
            let text = ureq::get(&url)
                .header(
                    "User-Agent",
                    "dateline (current-events reader; fetch-portal)",
                )
                .call()
                .and_then(|mut r| r.body_mut().read_to_string())
                .with_context(|| format!("fetching {url}"))?;
            std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
            saved += 1;
            eprintln!("dateline: saved {}", file.display());
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        day = day.succ_opt().context("date out of range")?;
    }
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_day_addresses() {
        let d = NaiveDate::from_ymd_opt(2015, 9, 1).expect("date");
        assert_eq!(
            portal_url(d),
            "https://en.wikipedia.org/w/index.php?title=Portal:Current_events/2015_September_1&action=raw"
        );
    }
}
