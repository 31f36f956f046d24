//! Regression test of the event scope on `../shared/eval/article-extraction` (181 real pages
//! of general news, each hand-labelled with whether it reports an event of ACLED's kinds),
//! scored by the shared `score_scope.py`. Fails when more pages that report none get an event,
//! or when a page that reports one loses it; skipped, saying why, without the shared data or
//! python3.

mod util;

use util::*;

/// The share of the 169 out-of-scope pages given an event, at the level reached (percent).
const FALSE_RATE_CEILING: f64 = 3.0;

#[test]
fn general_news_gets_no_acled_events_and_conflict_news_keeps_them() {
    let (Some(html), Some(labels), Some(scorer)) = (
        shared("eval/article-extraction/html"),
        shared("eval/article-extraction/acled-scope.tsv"),
        shared("eval/score_scope.py"),
    ) else {
        return;
    };
    let tmp = TempDir::new("scope");
    let pred = extract_to_file(&tmp, &html);
    let Some(line) = run_scorer(&scorer, &[labels.as_os_str(), pred.as_os_str()]) else {
        return;
    };
    eprintln!("{line}");
    // "scope no_pages=169 false_event_pages=9 false_rate=5.3 yes_pages=12 found=100.0"
    let rate = metric(&line, "false_rate");
    assert!(
        rate <= FALSE_RATE_CEILING,
        "{rate}% of out-of-scope pages get an event (the level reached: {FALSE_RATE_CEILING}%)"
    );
    assert_eq!(
        metric(&line, "found"),
        100.0,
        "a page that reports an event lost it: {line}"
    );
}
