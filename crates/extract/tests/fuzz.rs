//! Property tests: analysis never panics on any text, and every span it returns lies on the
//! text's character boundaries.

use std::sync::OnceLock;

use dateline_model::{DateSource, Document};
use proptest::prelude::*;

fn extractor() -> &'static dateline_extract::Extractor {
    static E: OnceLock<dateline_extract::Extractor> = OnceLock::new();
    E.get_or_init(|| dateline_extract::Extractor::new().expect("gazetteer loads"))
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        Just("At least 25 people were killed in Homs on Tuesday, a resident said. ".to_string()),
        Just("between 5,000 and 7,000 ".to_string()),
        Just("\"We destroyed them,\" TASS quoted Putin as saying. ".to_string()),
        Just("(Qandala, Bari) ".to_string()),
        Just("Maj.-Gen. Igor Konashenkov said Thursday. ".to_string()),
        Just("including 1 commander, ".to_string()),
        Just("Ḩimş Deir ez-Zor – «» \u{a0}".to_string()),
        Just("( ) , . : ; \" ' - \n\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn analyse_never_panics_and_spans_are_valid(parts in prop::collection::vec(fragment(), 0..10)) {
        let text = parts.concat();
        let doc = Document {
            id: "f".into(), source: "f".into(), url: None, outlet: None, original_outlet: None, title: None,
            published: chrono::NaiveDate::from_ymd_opt(2020, 2, 29), published_source: Some(DateSource::Input),
            text: text.clone(), ..Document::default()
        };
        let a = extractor().analyse(doc);
        for c in &a.claims {
            prop_assert!(c.span.end <= text.len() && text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        }
        for e in &a.events {
            prop_assert!(e.claims.iter().all(|id| a.claims.iter().any(|c| &c.id == id)));
        }
    }
}
