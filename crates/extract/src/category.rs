//! Which of the Current Events Portal's sections a story belongs in: the one home of that decision.
//!
//! A story coded as an ACLED event takes its section from the event type
//! ([`Category::of_event_type`]); any other story (a quake, a trial, an election, a match) from
//! its words ([`categorize`]): each section has a small table of the words news uses when it
//! tells that kind of story — the act, the people in it, the institutions — and the section
//! whose words weigh most in the headline (three times) and the opening of the text wins. A
//! story whose words name no section clearly enough ([`MIN_SCORE`]) gets none: no section
//! beats a wrong one.

/// The Portal's sections, in the order its day pages list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    ArmedConflicts,
    Disasters,
    LawAndCrime,
    Politics,
    Business,
    HealthAndEnvironment,
    InternationalRelations,
    ScienceAndTechnology,
    Sports,
    ArtsAndCulture,
}

impl Category {
    /// Every section, in the Portal's order.
    pub const ALL: [Category; 10] = [
        Category::ArmedConflicts,
        Category::Disasters,
        Category::LawAndCrime,
        Category::Politics,
        Category::Business,
        Category::HealthAndEnvironment,
        Category::InternationalRelations,
        Category::ScienceAndTechnology,
        Category::Sports,
        Category::ArtsAndCulture,
    ];

    /// The section's heading as the Portal writes it.
    pub fn label(self) -> &'static str {
        match self {
            Category::ArmedConflicts => "Armed conflicts and attacks",
            Category::Disasters => "Disasters and accidents",
            Category::LawAndCrime => "Law and crime",
            Category::Politics => "Politics and elections",
            Category::Business => "Business and economy",
            Category::HealthAndEnvironment => "Health and environment",
            Category::InternationalRelations => "International relations",
            Category::ScienceAndTechnology => "Science and technology",
            Category::Sports => "Sports",
            Category::ArtsAndCulture => "Arts and culture",
        }
    }

    /// The section of a heading, in any case.
    pub fn from_label(label: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.label().eq_ignore_ascii_case(label.trim()))
    }

    /// The section of an ACLED event type: political violence and strategic developments are
    /// armed conflicts; protests and riots are politics.
    pub fn of_event_type(event_type: &str) -> Option<Category> {
        match event_type {
            "Battles"
            | "Explosions/Remote violence"
            | "Violence against civilians"
            | "Strategic developments" => Some(Category::ArmedConflicts),
            "Protests" | "Riots" => Some(Category::Politics),
            _ => None,
        }
    }
}

/// The least score a section needs: one headline word, or three words of the text.
pub const MIN_SCORE: u32 = 3;

/// What an event of an ACLED type coded from a story counts for its section: as much as two
/// headline words.
pub const EVENT_TYPE_WEIGHT: u32 = 6;

/// A headline's words count this many times.
const HEADLINE_WEIGHT: u32 = 3;

/// How much of a text is read: the opening, where news says what happened.
const OPENING_BYTES: usize = 1500;

/// Each section's words, as word starts (folded to lower case): "arrest" finds "arrested" and
/// "arrests". Short or ambiguous words are left out rather than let one section swallow
/// another's stories ("fire" is a blaze and a dismissal; "title" a belt and a book).
const CUES: &[(Category, &[&str])] = &[
    (
        Category::ArmedConflicts,
        &[
            "airstrike",
            "air strike",
            "shelling",
            "shelled",
            "militant",
            "insurgen",
            "rebel",
            "jihadist",
            "gunmen",
            "suicide bomb",
            "car bomb",
            "troops",
            "artillery",
            "offensive",
            "ceasefire",
            "ambush",
            "terroris",
            "warplane",
            "drone strike",
            "army",
            "soldier",
        ],
    ),
    (
        Category::Disasters,
        &[
            "earthquake",
            "quake",
            "magnitude",
            "tremor",
            "flood",
            "landslide",
            "hurricane",
            "typhoon",
            "cyclone",
            "tornado",
            "tsunami",
            "wildfire",
            "bushfire",
            "volcan",
            "eruption",
            "avalanche",
            "derail",
            "plane crash",
            "capsize",
            "shipwreck",
            "sank",
            "collapsed",
            "rescuers",
            "death toll",
            "drown",
            "blaze",
            "accident",
            "firefighter",
            "climber",
            // The word alone: not "fired" (a coach), nor "firearm".
            "fire ",
        ],
    ),
    (
        Category::LawAndCrime,
        &[
            "arrest",
            "police",
            "charged",
            "charges",
            "court",
            "trial",
            "judge",
            "jury",
            "convict",
            "sentenced",
            "prison",
            "jail",
            "murder",
            "lawsuit",
            "sued",
            "indict",
            "guilty",
            "prosecut",
            "verdict",
            "fraud",
            "suspect",
            "custody",
            "probation",
            "extradit",
            "stabbing",
            "robbery",
            "arson",
        ],
    ),
    (
        Category::Politics,
        &[
            "election",
            "elected",
            "vote",
            "voting",
            "voters",
            "ballot",
            "parliament",
            "referendum",
            "candidate",
            "campaign",
            "legislat",
            "senate",
            "congress",
            "cabinet",
            "prime minister",
            "president",
            "opposition",
            "coalition",
            "lawmaker",
            "resign",
            "polling",
            "constituenc",
            "governor",
            "administration",
        ],
    ),
    (
        Category::Business,
        &[
            "shares",
            "stock",
            "investor",
            "profit",
            "revenue",
            "earnings",
            "acquisition",
            "acquire",
            "merger",
            "billion",
            "economy",
            "economic",
            "inflation",
            "interest rate",
            "central bank",
            "layoff",
            "bankrupt",
            "chief executive",
            "ceo",
            "market",
            "sales",
            "downgrade",
            "analyst",
        ],
    ),
    (
        Category::HealthAndEnvironment,
        &[
            "health",
            "hospital",
            "virus",
            "outbreak",
            "disease",
            "vaccin",
            "patient",
            "cancer",
            "epidemic",
            "pandemic",
            "infection",
            "climate",
            "emissions",
            "pollution",
            "endangered",
            "species",
            "wildlife",
            "conservation",
            "environment",
            "treatment",
        ],
    ),
    (
        Category::InternationalRelations,
        &[
            "summit",
            "diplomat",
            "embassy",
            "ambassador",
            "sanction",
            "treaty",
            "foreign minister",
            "bilateral",
            "security council",
            "united nations",
            "state visit",
            "envoy",
            "talks",
            "nato",
        ],
    ),
    (
        Category::ScienceAndTechnology,
        &[
            "scientist",
            "researcher",
            "software",
            "patch",
            "vulnerabilit",
            "hacker",
            "browser",
            "smartphone",
            "internet",
            "computer",
            "satellite",
            "spacecraft",
            "rocket",
            "nasa",
            "astronom",
            "telescope",
            "processor",
            "server",
            "laboratory",
            "cyber",
        ],
    ),
    (
        Category::Sports,
        &[
            "coach",
            "season",
            "league",
            "champion",
            "tournament",
            "boxing",
            "bout",
            "match",
            "playoff",
            "quarterback",
            "striker",
            "goalkeeper",
            "heavyweight",
            "knockout",
            "olympic",
            "world cup",
            "team",
            "player",
            "scored",
            "touchdown",
            "inning",
            "sports",
            "nba",
            "nfl",
            "fifa",
            "roster",
            "race",
            "stadium",
        ],
    ),
    (
        Category::ArtsAndCulture,
        &[
            "film",
            "movie",
            "actor",
            "actress",
            "album",
            "singer",
            "music",
            "festival",
            "oscar",
            "grammy",
            "novel",
            "author",
            "museum",
            "exhibition",
            "concert",
            "celebrit",
            "television",
            "tv series",
            "hollywood",
            "star of",
            "starring",
            "box office",
            "premiere",
            "theatre",
            "theater",
        ],
    ),
];

/// A section with the score its words reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Categorized {
    pub category: Category,
    pub score: u32,
}

/// The section a document's headline and text point to, if any does clearly ([`MIN_SCORE`]);
/// ties go to the section the Portal lists first.
pub fn categorize(headline: Option<&str>, text: &str) -> Option<Categorized> {
    categorize_story([(headline, text)], &[])
}

/// The section of a story told by several documents (headline and text each) with the ACLED
/// types of the events coded from them: the words' scores added up, so that most of its reports
/// decide, and each event type a vote of [`EVENT_TYPE_WEIGHT`] for its section — one signal
/// among others, since a type coded in error (a boxing match read as a clash) must not outweigh
/// a story's own words.
pub fn categorize_story<'a>(
    docs: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
    event_types: &[&str],
) -> Option<Categorized> {
    let mut scores = [0u32; Category::ALL.len()];
    for (headline, text) in docs {
        let mut end = text.len().min(OPENING_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = fold(headline.unwrap_or(""));
        let body = fold(&text[..end]);
        for (category, cues) in CUES {
            scores[*category as usize] += cues
                .iter()
                .map(|cue| HEADLINE_WEIGHT * hits(&head, cue) + hits(&body, cue))
                .sum::<u32>();
        }
    }
    for t in event_types {
        if let Some(c) = Category::of_event_type(t) {
            scores[c as usize] += EVENT_TYPE_WEIGHT;
        }
    }
    let mut best: Option<Categorized> = None;
    for category in Category::ALL {
        let score = scores[category as usize];
        if score >= MIN_SCORE && best.is_none_or(|b| score > b.score) {
            best = Some(Categorized { category, score });
        }
    }
    best
}

/// Lower case, with every run of non-letters one space, padded with spaces at both ends, so
/// that a cue is sought at word starts only.
fn fold(s: &str) -> String {
    let mut out = String::from(" ");
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.push(' ');
    out
}

/// How many words of a folded text start with a cue.
fn hits(folded: &str, cue: &str) -> u32 {
    let needle = format!(" {cue}");
    folded.matches(needle.as_str()).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(headline: &str, text: &str) -> Option<Category> {
        categorize(Some(headline), text).map(|c| c.category)
    }

    #[test]
    fn a_fire_is_an_accident_and_a_fired_coach_is_not() {
        assert_eq!(
            cat(
                "Fire guts old mill",
                "A fire swept through the old mill overnight; firefighters fought the blaze for hours."
            ),
            Some(Category::Disasters)
        );
        // "fire" as a whole word only: a coach who is fired is sport.
        assert_eq!(
            cat(
                "Club fires its coach",
                "The club fired its coach after a winless season left the team bottom of the league."
            ),
            Some(Category::Sports)
        );
    }

    #[test]
    fn sections_follow_the_words_of_the_story() {
        assert_eq!(
            cat(
                "Strong earthquake jolts coastal towns",
                "A magnitude 6.4 quake struck before dawn; rescuers searched collapsed homes."
            ),
            Some(Category::Disasters)
        );
        assert_eq!(
            cat(
                "Former mayor convicted of bribery",
                "A jury found the former mayor guilty; the judge will pass sentence in May."
            ),
            Some(Category::LawAndCrime)
        );
        assert_eq!(
            cat(
                "Voters return to the polls",
                "The country holds its second parliamentary election in a year; 300 candidates stand."
            ),
            Some(Category::Politics)
        );
        assert_eq!(
            cat(
                "Champions sack their coach",
                "The club dismissed its coach after a poor start to the season left the team last in the league."
            ),
            Some(Category::Sports)
        );
        assert_eq!(
            cat(
                "Browser maker rushes out a patch",
                "The software company issued an emergency update after hackers used the flaw."
            ),
            Some(Category::ScienceAndTechnology)
        );
    }

    #[test]
    fn cues_are_word_starts_and_weak_evidence_gives_no_section() {
        // "teammate" starts with "team", but "steam" does not.
        assert_eq!(hits(&fold("Steam rose."), "team"), 0);
        assert_eq!(hits(&fold("His teammate"), "team"), 1);
        // One word of the text is not enough.
        assert_eq!(
            cat("", "The report was published on Monday by the police."),
            None
        );
        assert_eq!(categorize(None, ""), None);
        // A story's reports add up: each too weak alone, together clear.
        let docs = [
            (None, "The flood left the valley under water."),
            (None, "Rescuers reached villages cut off by the flood."),
        ];
        assert_eq!(categorize(docs[0].0, docs[0].1), None);
        assert_eq!(
            categorize_story(docs, &[]).map(|c| c.category),
            Some(Category::Disasters)
        );
        // An event type is one vote: it decides a story of few words, not one whose words
        // say otherwise.
        let clash = ["Battles"];
        assert_eq!(
            categorize_story([(None, "Fighting was reported.")], &clash).map(|c| c.category),
            Some(Category::ArmedConflicts)
        );
        let bout = (
            Some("Champion keeps his heavyweight belts"),
            "The champion won by knockout in the sixth round of the title fight at the stadium.",
        );
        assert_eq!(
            categorize_story([bout], &clash).map(|c| c.category),
            Some(Category::Sports)
        );
    }

    #[test]
    fn event_types_and_labels() {
        assert_eq!(
            Category::of_event_type("Battles"),
            Some(Category::ArmedConflicts)
        );
        assert_eq!(Category::of_event_type("Riots"), Some(Category::Politics));
        assert_eq!(Category::of_event_type("Sports"), None);
        for c in Category::ALL {
            assert_eq!(Category::from_label(&c.label().to_uppercase()), Some(c));
        }
    }
}
