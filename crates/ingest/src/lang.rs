//! Language identification of a document's text (`whatlang`: trigram models, no data files),
//! kept only when the identification is reliable.

use dateline_model::Document;

/// How much of the text is looked at: enough for a reliable guess, cheap on long articles.
const SAMPLE: usize = 600;

/// Sets `language` (ISO 639-3) from the text when it is unset and the guess is reliable.
pub fn identify(d: &mut Document) {
    if d.language.is_some() {
        return;
    }
    let mut end = d.text.len().min(SAMPLE);
    while !d.text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(info) = whatlang::detect(&d.text[..end]) {
        if info.is_reliable() {
            d.language = Some(info.lang().code().to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Option<String> {
        let mut d = Document {
            text: text.into(),
            ..Document::default()
        };
        identify(&mut d);
        d.language
    }

    #[test]
    fn tells_languages_apart_and_abstains_when_unsure() {
        assert_eq!(
            lang("Government troops retook the town from the militants on Tuesday after heavy fighting, the governor said.").as_deref(),
            Some("eng")
        );
        assert_eq!(
            lang("Министерство обороны России сообщило во вторник об уничтожении складов боеприпасов.").as_deref(),
            Some("rus")
        );
        assert_eq!(
            lang("Les troupes gouvernementales ont repris la ville aux militants mardi après de violents combats.").as_deref(),
            Some("fra")
        );
        assert_eq!(lang("OK"), None);
    }
}
