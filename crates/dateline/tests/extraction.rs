//! Regression test of main-text extraction on `../shared/eval/article-extraction` (181 real
//! pages with hand-made gold text), scored by the shared `score_extraction.py`. Fails when F1
//! drops below the level reached; skipped, saying why, without the shared data or python3.

mod util;

use util::*;

#[test]
fn main_text_f1_does_not_regress() {
    let Some(html) = shared("eval/article-extraction/html") else {
        return;
    };
    let Some(scorer) = shared("eval/score_extraction.py") else {
        return;
    };
    let tmp = TempDir::new("extraction");
    let pred = extract_to_file(&tmp, &html);
    let Some(line) = run_scorer(&scorer, &[pred.as_os_str()]) else {
        return;
    };
    eprintln!("{line}");
    // "extraction F1=0.960 P=0.933 R=0.989 docs=181 missing=0"
    let f1 = metric(&line, "F1");
    assert!(
        f1 >= 0.975,
        "main-text F1 {f1} is below the level reached (0.975)"
    );
    assert!(
        line.contains("missing=0"),
        "every page must give a document: {line}"
    );
}
