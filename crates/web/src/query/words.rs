//! The words of the stories without events, each with the stories that hold it, so a query's
//! terms find those stories by a look-up per term rather than a read of every story's text.
//!
//! It answers what [`super::index::story_rank`] answers of one story, for all of them at once:
//! 2 when a story's summary holds every term as the beginning of a word, 1 when any of its text
//! does. Words are split and folded the same way (letters and digits, lowercase).

use std::collections::{BTreeMap, BTreeSet};

/// Sorted words, each with the sorted, distinct ids of the stories that hold it.
#[derive(Debug, Default, Clone)]
pub struct StoryWords {
    /// Words of the summaries.
    summary: BTreeMap<String, Vec<i64>>,
    /// Words of any of a story's texts (summary, titles, leads).
    any: BTreeMap<String, Vec<i64>>,
    /// Every story, sorted: no terms match them all.
    all: Vec<i64>,
}

/// A text's words as [`super::index::story_rank`] reads them.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl StoryWords {
    /// The words of every story's texts: the summary first, then the others.
    pub fn of<'a>(texts: impl Iterator<Item = (i64, &'a [String; 3])>) -> StoryWords {
        let mut summary: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
        let mut any: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
        let mut all = Vec::new();
        for (id, text) in texts {
            all.push(id);
            for w in words(&text[0]) {
                summary.entry(w.clone()).or_default().insert(id);
                any.entry(w).or_default().insert(id);
            }
            for w in text[1..].iter().flat_map(|t| words(t)) {
                any.entry(w).or_default().insert(id);
            }
        }
        let flat = |m: BTreeMap<String, BTreeSet<i64>>| {
            m.into_iter()
                .map(|(w, ids)| (w, ids.into_iter().collect()))
                .collect()
        };
        all.sort_unstable();
        all.dedup();
        StoryWords {
            summary: flat(summary),
            any: flat(any),
            all,
        }
    }

    /// The stories whose words in `map` begin with every term (at least one), sorted.
    fn holding(map: &BTreeMap<String, Vec<i64>>, terms: &[String]) -> Vec<i64> {
        let mut out: Option<BTreeSet<i64>> = None;
        for t in terms.iter().map(|t| t.to_lowercase()) {
            let ids: BTreeSet<i64> = map
                .range::<str, _>((
                    std::ops::Bound::Included(t.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .take_while(|(w, _)| w.starts_with(t.as_str()))
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect();
            out = Some(match out {
                None => ids,
                Some(prev) => prev.intersection(&ids).copied().collect(),
            });
            if out.as_ref().is_some_and(BTreeSet::is_empty) {
                break;
            }
        }
        out.unwrap_or_default().into_iter().collect()
    }

    /// Each story the terms match, with its rank: 2 when its summary holds every term, else 1,
    /// in id order. Stories not listed rank 0. No terms hold for every story.
    pub fn ranks(&self, terms: &[String]) -> Vec<(i64, u8)> {
        if terms.is_empty() {
            return self.all.iter().map(|&id| (id, 2)).collect();
        }
        let first: BTreeSet<i64> = Self::holding(&self.summary, terms).into_iter().collect();
        Self::holding(&self.any, terms)
            .into_iter()
            .map(|id| (id, if first.contains(&id) { 2 } else { 1 }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Vec<(i64, [String; 3])> {
        let t = |a: &str, b: &str, c: &str| [a.to_string(), b.to_string(), c.to_string()];
        vec![
            (
                4,
                t("Flood waters rise in the delta", "Rivers burst banks", ""),
            ),
            (
                7,
                t(
                    "A court jails the former mayor",
                    "",
                    "The mayor's trial ended on Friday",
                ),
            ),
            (
                9,
                t(
                    "",
                    "Mayors meet on flood defences",
                    "Delta towns ask for funds",
                ),
            ),
        ]
    }

    #[test]
    fn ranks_equal_reading_each_story() {
        let texts = texts();
        let index = StoryWords::of(texts.iter().map(|(id, t)| (*id, t)));
        for terms in [
            vec![],
            vec!["flood"],
            vec!["FLO"],
            vec!["mayor"],
            vec!["mayor", "trial"],
            vec!["delta", "flood"],
            vec!["nowhere"],
            vec!["mayor", "nowhere"],
        ] {
            let terms: Vec<String> = terms.into_iter().map(String::from).collect();
            let expected: Vec<(i64, u8)> = texts
                .iter()
                .map(|(id, t)| (*id, crate::query::index::story_rank(t, &terms)))
                .filter(|&(_, r)| r > 0)
                .collect();
            assert_eq!(index.ranks(&terms), expected, "{terms:?}");
        }
    }
}
