//! From clean text to claims and events: who did what, to whom, where, when, how many, and
//! who says so.
//!
//! [`Extractor::analyse`] takes a [`Document`] and returns its [`Analysis`]. Per sentence it
//! finds actors ([`actors`]), places ([`gazetteer`]), counts ([`quantity`]), dates ([`when`]),
//! an event cue ([`classify`]) and the claimant ([`attribution`]); then it turns counts into
//! [`Claim`]s and groups sentences into [`Event`]s with their figures per claimant.
//! No I/O, no clock, no randomness: the same document always gives the same analysis.

use std::collections::{BTreeMap, BTreeSet};

use dateline_model::DeathFigure;
use dateline_model::{
    Actor, Analysis, Claim, DateSource, Document, Event, Fatalities, Figure, Place, PlaceMention,
    Precision, Span, Stance, Victims,
};

pub mod actors;
pub mod attribution;
pub mod category;
pub mod claimants;
pub mod classify;
pub mod gazetteer;
pub mod grammar;
pub mod quantity;
pub mod scope;
pub mod text;
pub mod when;

use gazetteer::strip_possessive;

pub use gazetteer::GazetteerError;

const TERRITORY_REGAINED: &str = "Government regains territory";
const TERRITORY_OVERTAKEN: &str = "Non-state actor overtakes territory";

/// The loaded dictionaries; build once, share across threads.
pub struct Extractor {
    gazetteer: gazetteer::Gazetteer,
    continents: gazetteer::continents::Continents,
    actors: actors::Actors,
    sources: claimants::Sources,
}

/// A claim's quantity, counted noun, action, and its deaths, subset and update flags.
type ClaimParts = (
    Option<dateline_model::Quantity>,
    Option<String>,
    Option<String>,
    bool,
    bool,
    bool,
);

/// What one sentence holds.
struct SentenceFacts {
    span: Span,
    paragraph: usize,
    cue: Option<classify::Cue>,
    /// Places named, each with whether the text gave admin hints for it.
    places: Vec<(Place, bool)>,
    /// The byte span of each place's mention.
    place_spans: Vec<Span>,
    /// Regions named only as whose forces they are ("Westmark forces"), with their spans:
    /// listed among the document's places, never an event's place.
    force_regions: Vec<(Span, Place)>,
    /// Continents named ("African leaders"), with their spans and whether by the adjective:
    /// listed among the document's places, never an event's place.
    continents: Vec<(Span, Place, bool)>,
    dates: Vec<when::DateMention>,
    actors: Vec<actors::ActorHit>,
    claims: Vec<usize>,
    /// The sentence tells support given to an operation ("was supported by airstrikes"):
    /// part of that operation, not an event of its own.
    support: bool,
    /// The sentence goes on with the event told before ("5 soldiers were killed in the
    /// clashes", "This coincided with shelling"): part of it, whatever its own cue.
    continues: bool,
}

/// The byte span of a name from word `first` to word `last`, without a possessive ending:
/// "China" in "China's economy", as a geoparser reports the mention.
fn name_span(words: &[text::Word], first: usize, last: usize) -> Span {
    let w = &words[last];
    let end = w.end - (w.text.len() - strip_possessive(w.text).len());
    Span::new(words[first].start, end)
}

/// Second halves of compounds whose first half is a place: "Nairobi-based", "Lagos-born".
const COMPOUND_TAILS: &[&str] = &[
    "based",
    "born",
    "bred",
    "bound",
    "headquartered",
    "registered",
    "flagged",
    "listed",
];

/// Words that tie a sentence to the event told just before it.
const CONTINUES: &[&str] = &[
    "accompanied by",
    "coincided with",
    "in the clashes",
    "in the clash",
    "in the fighting",
    "in the attack",
    "in the battle",
    "in the assault",
    "in the raid",
    "during the clashes",
    "during the fighting",
    "during the attack",
    "as a result",
    "resulted in",
    "the clashes",
    "the fighting",
];

/// Words that open another event: "in a separate attack", "elsewhere".
const SEPARATE: &[&str] = &[
    "separate",
    "another",
    "elsewhere",
    "meanwhile",
    "earlier",
    "later",
    "similar",
];

/// `lower`: the sentence in lowercase.
fn continues(lower: &str) -> bool {
    let l = lower;
    (CONTINUES.iter().any(|w| l.contains(w)) || l.starts_with("this ") || l.starts_with("it "))
        && !l
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SEPARATE.contains(&w))
}

/// Words that tell support given to an operation told just before.
const SUPPORT: &[&str] = &[
    "supported by",
    "backed by",
    "with the support of",
    "with support from",
    "in support of",
    "with air support",
    "air cover",
];

/// An event being assembled from sentences.
struct Draft {
    cue: classify::Cue,
    sentences: Vec<usize>,
}

/// People under arms: violence against them is a battle in ACLED's terms, not an attack on
/// civilians ("gunmen shot and killed a regime soldier" is an armed clash).
const COMBATANT_NOUNS: &[&str] = &[
    "soldier",
    "soldiers",
    "troops",
    "trooper",
    "troopers",
    "fighter",
    "fighters",
    "militant",
    "militants",
    "combatant",
    "combatants",
    "rebel",
    "rebels",
    "insurgent",
    "insurgents",
    "jihadist",
    "jihadists",
    "gunman",
    "gunmen",
    "militiaman",
    "militiamen",
    "commander",
    "commanders",
    "policeman",
    "policemen",
    "officer",
    "officers",
    "guard",
    "guards",
    "personnel",
    "conscript",
    "conscripts",
    "recruits",
    "operatives",
    "elements",
];

const CIVILIAN_NOUNS: &[&str] = &[
    "civilians",
    "civilian",
    "villagers",
    "villager",
    "residents",
    "resident",
    "children",
    "child",
    "women",
    "woman",
    "farmers",
    "herders",
    "students",
    "pupils",
    "worshippers",
    "passengers",
    "pilgrims",
    "traders",
    "teachers",
    "doctors",
    "journalists",
    "elders",
    "family",
    "relatives",
    "nomads",
    "displaced",
    "refugees",
    "workers",
    "worker",
    "man",
    "men",
    "boy",
    "girl",
    "boys",
    "girls",
    "herdsmen",
    "driver",
    "drivers",
    "passenger",
    "shopkeeper",
    "people",
];

impl Extractor {
    /// Loads the embedded gazetteer and actor dictionaries.
    pub fn new() -> Result<Extractor, GazetteerError> {
        Ok(Extractor {
            gazetteer: gazetteer::Gazetteer::load()?,
            continents: gazetteer::continents::Continents::load(),
            actors: actors::Actors::load(),
            sources: claimants::Sources::load(),
        })
    }

    /// An extractor whose gazetteer also has the official GeoNames dumps in `dir`, indexed in
    /// memory (see [`gazetteer::tables`]); returns it with the number of places added.
    pub fn with_geonames(dir: &std::path::Path) -> Result<(Extractor, usize), GazetteerError> {
        let mut e = Extractor::new()?;
        let added = e.gazetteer.add_sources(&[dir.to_path_buf()])?;
        Ok((e, added))
    }

    /// Adds a gazetteer index built by `dateline gazetteer build`, searched with the embedded
    /// one.
    pub fn add_gazetteer(&mut self, path: &std::path::Path) -> Result<(), GazetteerError> {
        self.gazetteer.add_file(path)
    }

    /// The gazetteer, for callers that need place lookups.
    pub fn gazetteer(&self) -> &gazetteer::Gazetteer {
        &self.gazetteer
    }

    /// Finds the claims and events of one document.
    pub fn analyse(&self, document: Document) -> Analysis {
        let text = document.text.as_str();
        let sentences = text::sentences(text);
        let words: Vec<Vec<text::Word>> = sentences
            .iter()
            .map(|s| text::words(text, s.start, s.end))
            .collect();
        let story_cc = self.story_country(&words);
        let story = story_cc.as_deref().and_then(|cc| {
            self.gazetteer
                .country_name(cc)
                .map(|n| (n.to_string(), cc.to_string()))
        });
        let story_ref = story.as_ref().map(|(n, c)| (n.as_str(), c.as_str()));

        // Claimants first: they are inherited across sentences.
        let mut attributions = Vec::with_capacity(sentences.len());
        let mut known = attribution::Antecedents::default();
        for s in &sentences {
            let a = attribution::attribute_with(&text[s.start..s.end], &known);
            if let Some(c) = &a.claimant {
                known.note(c);
            }
            attributions.push(a);
        }
        attribution::inherit(&sentences, text, &mut attributions);

        let anchor = self.anchor(&words, story_cc.as_deref());
        let mut claims: Vec<Claim> = Vec::new();
        let mut facts: Vec<SentenceFacts> = Vec::with_capacity(sentences.len());
        // The sources each sentence names, for descriptions ("the monitor") to stand for.
        let named_by_sentence: std::cell::OnceCell<Vec<Vec<usize>>> = Default::default();
        let named_by_sentence = || {
            named_by_sentence.get_or_init(|| {
                sentences
                    .iter()
                    .map(|s| self.sources.named_in(&text[s.start..s.end]))
                    .collect()
            })
        };
        for (i, s) in sentences.iter().enumerate() {
            let w = &words[i];
            let sentence = &text[s.start..s.end];
            let actor_hits = self.actors.find(w, story_ref);
            let mut taken = vec![false; w.len()];
            for h in &actor_hits {
                for t in taken.iter_mut().take(h.last + 1).skip(h.first) {
                    *t = true;
                }
            }
            // "Tunisian troops": a nationality is no place name to look up (it is listed with
            // the places as the country's adjective, see `place_mentions`).
            // But "Saudi Arabia", "Dominican Republic": a nationality that opens a country's
            // name is part of that name.
            for (k, t) in taken.iter_mut().enumerate() {
                let x = &w[k];
                let opens_a_country = || {
                    w.get(k + 1).is_some_and(|next| {
                        let name = format!("{} {}", x.text, strip_possessive(next.text));
                        self.gazetteer.country_of_name(&name).is_some()
                    })
                };
                if self.actors.demonym(x.text).is_some()
                    && self
                        .gazetteer
                        .country_of_name(strip_possessive(x.text))
                        .is_none()
                    && !opens_a_country()
                {
                    *t = true;
                }
            }
            // Rule `continents`: "throughout Europe", "African leaders". A continent is never
            // a namesake town ("Africa", "Asia"), and only listed (see `place_mentions`).
            let mut continents = Vec::new();
            for h in self.continents.find(w) {
                for t in taken.iter_mut().take(h.last + 1).skip(h.first) {
                    *t = true;
                }
                let mention: Vec<&str> = w[h.first..=h.last].iter().map(|x| x.text).collect();
                let mention = strip_possessive(&mention.join(" ")).to_string();
                continents.push((
                    name_span(w, h.first, h.last),
                    h.continent.place(&mention),
                    h.adjective,
                ));
            }
            // "UAE forces": a country named as whose forces they are is no place either.
            for (k, t) in taken.iter_mut().enumerate() {
                if self.force_country(w, k).is_some() {
                    *t = true;
                }
            }
            let (force_regions, places): (Vec<_>, Vec<_>) = self
                .gazetteer
                .find_near(w, &taken, story_cc.as_deref(), anchor)
                .into_iter()
                .partition(|p| p.of_forces);
            let force_regions = force_regions
                .into_iter()
                .map(|p| (name_span(w, p.first, p.mention_last), p.place))
                .collect();
            let counts = quantity::counts(w);
            // Civilians are the victims when the harmed are civilians, or when civilians are
            // named and only one armed side is.
            let armed: BTreeSet<&str> = actor_hits
                .iter()
                .filter(|h| !matches!(h.actor.category.as_str(), "Civilians" | "Protesters"))
                .map(|h| h.actor.name.as_str())
                .collect();
            let civilians_named = actor_hits.iter().any(|h| h.actor.category == "Civilians")
                || w.iter().any(|x| {
                    CIVILIAN_NOUNS.contains(&x.text)
                        && x.text != "people"
                        && x.text != "man"
                        && x.text != "men"
                });
            let civilian_victims = (counts.iter().any(|c| is_civilian(c) && c.action.is_some())
                || (civilians_named && armed.len() <= 1))
                && !counts.iter().any(|c| c.deaths && !is_civilian(c));
            let armed_victims =
                !civilian_victims && counts.iter().any(|c| c.action.is_some() && is_combatant(c));
            let cue = classify::classify(sentence, civilian_victims, armed_victims);
            let span = Span::new(s.start, s.end);
            // Claims: every count with an action; else the sentence's event itself.
            let a = &attributions[i];
            let mut found: Vec<ClaimParts> = counts
                .into_iter()
                .filter(|c| c.action.is_some())
                .map(|c| {
                    (
                        Some(c.quantity),
                        c.counted,
                        c.action,
                        c.deaths,
                        c.subset,
                        c.update,
                    )
                })
                .collect();
            if found.is_empty() {
                if let Some(cue) = cue {
                    let action = if cue.strong {
                        action_of_cue(cue.sub_event_type)
                    } else {
                        "harmed"
                    };
                    found.push((None, None, Some(action.to_string()), false, false, false));
                }
            }
            let mut ids = Vec::new();
            let stance = attribution::stance(sentence);
            let source = a.claimant.as_deref().and_then(|c| {
                self.sources.resolve_with(c, || {
                    let by = named_by_sentence();
                    (by[..=i].concat(), by[i + 1..].concat())
                })
            });
            for (quantity, counted, action, deaths, subset, update) in found {
                ids.push(claims.len());
                claims.push(Claim {
                    id: format!("{}#c{}", document.id, claims.len()),
                    span,
                    claimant: a.claimant.clone(),
                    via: a.via.clone(),
                    source: source.clone(),
                    quantity,
                    counted,
                    action,
                    deaths,
                    subset,
                    update,
                    stance,
                });
            }
            let lower = sentence.to_lowercase();
            facts.push(SentenceFacts {
                span,
                paragraph: s.paragraph,
                cue,
                place_spans: places
                    .iter()
                    .map(|p| name_span(w, p.first, p.mention_last))
                    .collect(),
                places: places.into_iter().map(|p| (p.place, p.hinted)).collect(),
                force_regions,
                continents,
                dates: when::find(sentence, document.published),
                actors: actor_hits,
                claims: ids,
                support: SUPPORT.iter().any(|w| lower.contains(w)),
                continues: continues(&lower),
            });
        }

        // A region keeps one spelling through the document: the text's, where it names it.
        let spelled: Vec<String> = facts
            .iter()
            .flat_map(|f| &f.places)
            .filter_map(|(p, _)| {
                p.admin1
                    .clone()
                    .filter(|a| gazetteer::ascii_name(&p.mention).starts_with(a.as_str()))
            })
            .collect();
        for f in &mut facts {
            for (p, _) in &mut f.places {
                for s in &spelled {
                    gazetteer::apply_region_spelling(p, s);
                }
            }
        }
        let mut drafts = group(&facts, &claims);
        // Only an act reported with its participants is an ACLED-type event ([`scope`]).
        let game = scope::is_game_report(text);
        let in_scope = |d: &Draft| {
            let joined: Vec<&str> = d
                .sentences
                .iter()
                .map(|&i| &text[facts[i].span.start..facts[i].span.end])
                .collect();
            let counted = || {
                d.sentences
                    .iter()
                    .flat_map(|&i| &facts[i].claims)
                    .map(|&c| &claims[c])
                    .filter(|c| c.quantity.is_some())
            };
            let evidence = scope::Evidence {
                text: &joined.join(" "),
                lead: joined.first().copied().unwrap_or_default(),
                event_type: d.cue.event_type,
                sub_event_type: d.cue.sub_event_type,
                actors: d.sentences.iter().map(|&i| facts[i].actors.len()).sum(),
                armed_actors: d
                    .sentences
                    .iter()
                    .flat_map(|&i| &facts[i].actors)
                    .filter(|h| h.actor.category != "Civilians")
                    .count(),
                harmed: counted()
                    .filter(|c| {
                        c.deaths
                            || matches!(
                                c.action.as_deref(),
                                Some("injured" | "abducted" | "arrested")
                            )
                    })
                    .count(),
                deaths: counted().any(|c| c.deaths),
                game,
            };
            scope::judge(&evidence).keeps()
        };
        drafts.retain(in_scope);
        // No violence or named development, but an armed actor doing something on a known
        // day: ACLED's "change to group/activity" (movements, deployments, statements of
        // intent). Only dated sentences, so nothing undated is promoted to an event.
        if drafts.is_empty() {
            // Police on their rounds (traffic, patrols) are not a change in an armed group.
            let active = facts.iter().position(|f| {
                f.actors.iter().any(|h| {
                    !matches!(h.actor.category.as_str(), "Civilians" | "Protesters")
                        && !h.actor.name.starts_with("Police")
                }) && f.dates.iter().any(|d| !d.speech && d.date.is_some())
            });
            if let Some(i) = active {
                let d = Draft {
                    cue: classify::Cue {
                        event_type: "Strategic developments",
                        sub_event_type: "Change to group/activity",
                        strong: false,
                    },
                    sentences: vec![i],
                };
                if in_scope(&d) {
                    drafts.push(d);
                }
            }
        }
        // A current-events item is an entry of its own even when it tells no ACLED-type event
        // (an election, a ruling, a disaster): one event of type "Other" on its first
        // sentence, so the item keeps its date, place and actors.
        if drafts.is_empty() && document.item.is_some() && !facts.is_empty() {
            drafts.push(Draft {
                cue: classify::Cue {
                    event_type: "Other",
                    sub_event_type: "Other",
                    strong: false,
                },
                sentences: vec![0],
            });
        }
        let mut events: Vec<Event> = drafts
            .iter()
            .enumerate()
            .map(|(n, d)| self.build_event(&document, n, d, &facts, &claims, story_cc.as_deref()))
            .collect();
        count_each_toll_once(&mut events);
        let places = self.place_mentions(&words, &facts);
        Analysis {
            document,
            claims,
            events,
            places,
        }
    }

    /// The country of word `k` when it names a country as whose forces follow it ("UAE
    /// forces", "Kenya police"): a nationality said with the country's name.
    fn force_country(&self, w: &[text::Word], k: usize) -> Option<&str> {
        let word = w.get(k)?;
        let next = w.get(k + 1)?;
        if !word.text.starts_with(char::is_uppercase) || !actors::is_armed_noun(next.text) {
            return None;
        }
        self.gazetteer.country_of_name(word.text)
    }

    /// Every place the text names, in order: the places found, and countries named by their
    /// adjective ("Russian", "U.S.") where no place covers the word.
    fn place_mentions(
        &self,
        words: &[Vec<text::Word>],
        facts: &[SentenceFacts],
    ) -> Vec<PlaceMention> {
        let mut out: Vec<PlaceMention> = facts
            .iter()
            .flat_map(|f| {
                let named = f.place_spans.iter().zip(f.places.iter().map(|(p, _)| p));
                named.chain(f.force_regions.iter().map(|(s, p)| (s, p)))
            })
            .map(|(&span, p)| PlaceMention::of(span, p))
            .collect();
        out.sort_by_key(|m| m.span);
        // One mention once, though two readings found it (a place, and whose forces).
        out.dedup_by_key(|m| m.span);
        // Datelines, at the head of a paragraph.
        for (w, f) in words.iter().zip(facts) {
            let first = f.span.start == 0
                || facts
                    .iter()
                    .find(|g| g.span.end <= f.span.start && g.paragraph + 1 == f.paragraph)
                    .is_some();
            if let Some(h) = first.then(|| self.gazetteer.dateline(w)).flatten() {
                let span = name_span(w, h.first, h.mention_last);
                if !out.iter().any(|m| m.span[0] == span.start) {
                    out.push(PlaceMention::of(span, &h.place));
                }
            }
        }
        // Names the gazetteer lacks, told by the word after them ("Tooga Miraale village").
        for w in words {
            let taken: Vec<bool> = w
                .iter()
                .map(|x| {
                    out.iter().any(|m| m.span[0] < x.end && x.start < m.span[1])
                        || self.actors.demonym(x.text).is_some()
                })
                .collect();
            for (first, last) in self.gazetteer.unknown_places(w, &taken) {
                out.push(PlaceMention::unknown(
                    name_span(w, first, last),
                    &w[first..=last]
                        .iter()
                        .map(|x| x.text)
                        .collect::<Vec<_>>()
                        .join(" "),
                ));
            }
        }
        // Rule `place_in_compound`: "a Nairobi-based charity", "the Paris-born author": the
        // place opening a compound of the kind news writes, found as if written alone.
        for sentence in words {
            for w in sentence {
                let Some((head, tail)) = w.text.split_once('-') else {
                    continue;
                };
                let tail = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !COMPOUND_TAILS.contains(&tail) || !head.starts_with(char::is_uppercase) {
                    continue;
                }
                let alone = text::Word {
                    text: head,
                    start: w.start,
                    end: w.start + head.len(),
                    trail: ' ',
                    lead: w.lead,
                };
                if let Some(h) = self.gazetteer.find(&[alone], &[false], None).first() {
                    out.push(PlaceMention::of(
                        Span::new(alone.start, alone.end),
                        &h.place,
                    ));
                }
            }
        }
        // The continents each sentence named (rule `continents`).
        for (span, place, adjective) in facts.iter().flat_map(|f| &f.continents) {
            if out
                .iter()
                .any(|m| m.span[0] < span.end && span.start < m.span[1])
            {
                continue;
            }
            let mut m = PlaceMention::of(*span, place);
            m.adjective = *adjective;
            out.push(m);
        }
        let found: Vec<[usize; 2]> = out.iter().map(|m| m.span).collect();
        for sentence in words {
            for (k, w) in sentence.iter().enumerate() {
                let text = strip_possessive(w.text);
                let end = w.start + text.len();
                let covered = found.iter().any(|s| s[0] <= w.start && end <= s[1]);
                let cc = self
                    .actors
                    .demonym(w.text)
                    .map(|(_, cc)| cc)
                    .or_else(|| self.force_country(sentence, k));
                let Some(cc) = cc.filter(|_| !covered) else {
                    continue;
                };
                if let Some(p) = self.gazetteer.country_place(cc, text) {
                    let mut m = PlaceMention::of(Span::new(w.start, end), &p);
                    m.adjective = self.gazetteer.country_of_name(text).is_none();
                    out.push(m);
                }
            }
        }
        out.sort_by_key(|m| m.span);
        out
    }

    /// Where a report's surer places lie, for choosing among namesake villages: the mean
    /// point of the regions, districts and towns of 10,000 people or more it names in the
    /// story's country, when they lie within about 300 km of it. None without a story
    /// country or such places, or when they are far apart.
    fn anchor(&self, words: &[Vec<text::Word>], story_cc: Option<&str>) -> Option<(f64, f64)> {
        let cc = story_cc?;
        let mut points = Vec::new();
        for w in words {
            for h in self.gazetteer.find(w, &vec![false; w.len()], Some(cc)) {
                let sure = match h.place.precision {
                    Precision::Region | Precision::District => true,
                    Precision::Point => h.hinted || h.population >= 10_000,
                    Precision::Country | Precision::Continent => false,
                };
                if sure && h.place.country_code == cc {
                    points.push((h.place.lat, h.place.lon));
                }
            }
        }
        let n = points.len() as f64;
        let lat = points.iter().map(|p| p.0).sum::<f64>() / n;
        let lon = points.iter().map(|p| p.1).sum::<f64>() / n;
        // A report whose places lie far apart (a national story) has no one area.
        let together = points
            .iter()
            .all(|&(a, b)| (a - lat).abs() + (b - lon).abs() <= 3.0);
        (!points.is_empty() && together).then_some((lat, lon))
    }

    /// The country a story is about: votes from country names, demonyms, actors and places.
    fn story_country(&self, words: &[Vec<text::Word>]) -> Option<String> {
        let mut votes: BTreeMap<String, u32> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        // Whether a place (not a nationality) voted: forces abroad are common, so whose
        // forces act leaves the villages their say.
        let mut placed = false;
        // Whether an armed group with a home country is named: unlike a force's nationality,
        // it says where the story is.
        let mut grouped = false;
        let mut vote = |cc: &str, n: u32, place: bool| {
            if !votes.contains_key(cc) {
                order.push(cc.to_string());
            }
            *votes.entry(cc.to_string()).or_default() += n;
            placed |= place;
        };
        for w in words {
            for (k, word) in w.iter().enumerate() {
                if let Some((_, cc)) = self.actors.demonym(word.text) {
                    // "Somalia" is in the demonyms for "Somalia forces"; named alone, it is a
                    // place.
                    let named = self.gazetteer.country_of_name(word.text).is_some()
                        && self.force_country(w, k).is_none();
                    vote(cc, 1, named);
                } else if let Some(cc) = self.force_country(w, k) {
                    // Whose forces: as a nationality, not as a place named.
                    vote(cc, 1, false);
                } else if word.text.chars().next().is_some_and(char::is_uppercase) {
                    if let Some(cc) = self.gazetteer.country_of_name(word.text) {
                        vote(cc, 2, true);
                    }
                }
            }
            // Forces abroad are common ("Turkish forces", "Russian warplanes"): an actor's
            // country counts less than the places named.
            // An armed group's country is where it fights, so it counts more than whose
            // forces act (a province of the Islamic State beside American troops).
            for h in self.actors.find(w, None) {
                if let Some(cc) = &h.cc {
                    let group = h.actor.category != "State forces";
                    grouped |= group;
                    vote(cc, if group { 2 } else { 1 }, false);
                }
            }
            for cc in self.gazetteer.hint_countries(w) {
                vote(&cc, 3, true);
            }
            let taken = vec![false; w.len()];
            for cc in self.gazetteer.region_countries(w) {
                vote(&cc, 3, true);
            }

            // Regions, hinted places and cities count more than a village that may be a
            // namesake abroad.
            let name_as_written = |p: &gazetteer::PlaceHit| {
                let words: Vec<&str> = w[p.first..=p.last].iter().map(|x| x.text).collect();
                gazetteer::fold(&words.join(" "))
            };
            for p in self.gazetteer.find(w, &taken, None) {
                let weight = match p.place.precision {
                    // Whose forces: as a nationality.
                    _ if p.of_forces => 1,
                    Precision::Country => continue,
                    Precision::Region => 3,
                    _ if p.hinted => 3,
                    // "Ein" read as an alias of Eindhoven is weak evidence.
                    // The name as written, without a quarter after it ("Mogadishu - Hodan").
                    _ if gazetteer::fold(&p.place.name) != name_as_written(&p) => 1,
                    _ if p.population >= 100_000 => 3,
                    _ => 2,
                };
                vote(&p.place.country_code, weight, !p.of_forces);
            }
        }
        // Villages decide where the story is when no other place does: whose forces act is
        // no place, and forces abroad are common (American troops striking a named village). A village
        // named in one country only ("Dhagax Cad") votes for it; a name with namesakes
        // in several countries votes only for those already voted for. When places were named,
        // villages weigh only among their countries: read alone, capitalised words meet village
        // namesakes in many countries.
        let mut by_country: BTreeMap<String, u32> = BTreeMap::new();
        let mut possible: Vec<String> = Vec::new();
        for w in words {
            for v in self.gazetteer.village_countries(w) {
                for cc in &v.countries {
                    if v.one_place || votes.contains_key(cc) {
                        *by_country.entry(cc.clone()).or_default() += 1;
                    }
                    if !possible.contains(cc) {
                        possible.push(cc.clone());
                    }
                }
            }
        }
        for (cc, n) in by_country {
            if !placed || votes.contains_key(&cc) {
                if !votes.contains_key(&cc) {
                    order.push(cc.clone());
                }
                *votes.entry(cc).or_default() += n;
            }
        }
        // With no place named but villages, and no armed group at home, the story is in one
        // of the villages' countries.
        if !placed && !grouped && !possible.is_empty() {
            votes.retain(|cc, _| possible.contains(cc));
        }
        let max = votes.values().copied().max()?;
        order.into_iter().find(|cc| votes.get(cc) == Some(&max))
    }

    fn build_event(
        &self,
        doc: &Document,
        n: usize,
        d: &Draft,
        facts: &[SentenceFacts],
        claims: &[Claim],
        story_cc: Option<&str>,
    ) -> Event {
        let sents: Vec<&SentenceFacts> = d.sentences.iter().map(|&i| &facts[i]).collect();
        // Place: one the text locates with admin hints, else the most precise place named;
        // the earliest among equals. A foreign country named whole in a story set elsewhere
        // is where people or arms come from ("fighters from Russia", "Turkish-backed
        // factions"), not where the event happened: it is never the event's place.
        let mut place: Option<&(Place, bool)> = None;
        let foreign_country = |p: &Place| {
            p.precision == Precision::Country && story_cc.is_some_and(|cc| cc != p.country_code)
        };
        for p in sents
            .iter()
            .flat_map(|s| &s.places)
            .filter(|(p, _)| !foreign_country(p))
        {
            // In the story's country first: "Moscow's operation" in a report on Syria names
            // the government acting, not where the event was.
            let key = |q: &(Place, bool)| {
                (
                    story_cc.is_none_or(|cc| cc == q.0.country_code),
                    place_rank(q),
                )
            };
            if place.is_none_or(|b| key(p) > key(b)) {
                place = Some(p);
            }
        }
        // "Gunmen opened fire on a bus in X. 2 civilians were killed.": an event told without
        // a place happened where the paragraph last said something happened.
        if place.is_none() {
            if let Some(&first) = d.sentences.first() {
                let para = facts[first].paragraph;
                place = (0..first)
                    .rev()
                    .take_while(|&j| facts[j].paragraph == para)
                    .find_map(|j| {
                        // Only a place in the story's country: "Moscow has managed…" in a
                        // report about Syria says where someone spoke, not where this happened.
                        facts[j]
                            .places
                            .iter()
                            .filter(|(p, _)| story_cc.is_none_or(|cc| cc == p.country_code))
                            .max_by_key(|p| place_rank(p))
                    });
            }
        }
        let place = place.map(|(p, _)| p);
        // Date: an event date, else one set earlier in the same paragraph ("On 5 April 2025,
        // … . Rockets landed …"), else the date of the statement, else a current-events
        // item's date.
        let mut all_dates: Vec<&when::DateMention> = sents.iter().flat_map(|s| &s.dates).collect();
        if all_dates.is_empty() {
            if let Some(&first) = d.sentences.first() {
                let para = facts[first].paragraph;
                all_dates = (0..first)
                    .rev()
                    .take_while(|&j| facts[j].paragraph == para)
                    .flat_map(|j| facts[j].dates.iter().filter(|m| !m.speech))
                    .take(1)
                    .collect();
            }
        }
        let date = all_dates
            .iter()
            .find(|m| !m.speech)
            .map(|m| m.date)
            .or_else(|| all_dates.iter().find(|m| m.speech).map(|m| m.date))
            .flatten()
            .or_else(|| {
                (doc.published_source == Some(DateSource::ItemDate))
                    .then_some(doc.published)
                    .flatten()
            });
        // Actors in order of first mention; a named group makes the generic one redundant.
        let mut actors: Vec<Actor> = Vec::new();
        for h in sents.iter().flat_map(|s| &s.actors) {
            if !actors.contains(&h.actor) {
                actors.push(h.actor.clone());
            }
        }
        if actors
            .iter()
            .any(|a| a.category == "Rebel group" && a.name != "Unidentified Armed Group")
        {
            actors.retain(|a| a.name != "Unidentified Armed Group");
        }
        let claim_ids: Vec<usize> = sents
            .iter()
            .flat_map(|s| s.claims.iter().copied())
            .collect();
        let (mut figures, fatalities, disputed) = figures_of(&claim_ids, claims);
        // A claimant that is one of the event's actors is a party to it.
        let story = place.and_then(|p| p.country.as_deref().map(|n| (n, p.country_code.as_str())));
        for f in &mut figures {
            if let Some(c) = &f.claimant {
                let words = text::words(c, 0, c.len());
                let named = self.actors.find(&words, story).iter().any(|h| {
                    h.actor.category != "Civilians"
                        && h.actor.name != "Unidentified Armed Group"
                        && actors.contains(&h.actor)
                });
                // "Russia's General Staff", "the Syrian army": a state's military speaks for
                // its forces.
                let official = words.iter().any(|w| {
                    matches!(
                        w.text.to_lowercase().as_str(),
                        "ministry"
                            | "defence"
                            | "defense"
                            | "staff"
                            | "army"
                            | "military"
                            | "forces"
                            | "command"
                            | "police"
                    )
                });
                let state = official
                    && words.iter().any(|w| {
                        let t = w.text.trim_end_matches("'s");
                        let cc = self
                            .actors
                            .demonym(t)
                            .map(|(_, cc)| cc)
                            .or_else(|| self.gazetteer.country_of_name(t));
                        cc.and_then(|cc| self.gazetteer.country_name(cc))
                            .is_some_and(|country| {
                                actors.iter().any(|a| {
                                    a.category == "State forces" && a.name.ends_with(country)
                                })
                            })
                    });
                f.party = named || state;
            }
        }
        // Who takes the ground decides the kind of territorial change: the state's forces
        // regain it, anyone else overtakes it ("regime forces captured the town", "rebels
        // retook the village"). The first actor named is the one that acts.
        let sub_event_type = match (d.cue.sub_event_type, actors.first()) {
            (TERRITORY_REGAINED | TERRITORY_OVERTAKEN, Some(a)) if a.category == "State forces" => {
                TERRITORY_REGAINED
            }
            (TERRITORY_REGAINED | TERRITORY_OVERTAKEN, Some(a))
                if matches!(
                    a.category.as_str(),
                    "Rebel group" | "Political militia" | "Identity militia"
                ) =>
            {
                TERRITORY_OVERTAKEN
            }
            (s, _) => s,
        };
        Event {
            id: format!("{}#e{}", doc.id, n),
            event_type: d.cue.event_type.to_string(),
            sub_event_type: sub_event_type.to_string(),
            date,
            place: place.cloned(),
            actors,
            fatalities,
            figures,
            disputed,
            span: sents.first().map(|s| s.span).unwrap_or(Span::new(0, 0)),
            claims: claim_ids.iter().map(|&i| claims[i].id.clone()).collect(),
            lead: sents
                .first()
                .and_then(|s| doc.text.get(s.span.start..s.span.end))
                .map(str::to_string),
        }
    }
}

fn is_combatant(c: &quantity::Count) -> bool {
    c.counted.as_deref().is_some_and(is_combatant_noun)
}

/// A counted phrase naming fighters: "militants", "soldiers", "HTS members".
fn is_combatant_noun(s: &str) -> bool {
    let head = s.rsplit(' ').next().unwrap_or(s);
    COMBATANT_NOUNS.contains(&head)
        || (matches!(head, "member" | "members")
            && !s
                .split(' ')
                .any(|w| matches!(w, "family" | "council" | "parliament")))
}

fn is_civilian(c: &quantity::Count) -> bool {
    c.counted
        .as_deref()
        .and_then(|s| s.rsplit(' ').next())
        .is_some_and(|h| CIVILIAN_NOUNS.contains(&h))
}

fn action_of_cue(sub: &str) -> &'static str {
    match sub {
        "Air/drone strike" => "struck",
        "Shelling/artillery/missile attack" => "shelled",
        "Remote explosive/landmine/IED" | "Suicide bomb" | "Grenade" => "exploded",
        "Government regains territory" => "regained",
        "Non-state actor overtakes territory" => "captured",
        "Arrests" => "arrested",
        "Abduction/forced disappearance" => "abducted",
        "Attack" | "Sexual violence" => "attacked",
        "Peaceful protest" | "Violent demonstration" => "protested",
        "Disrupted weapons use" => "seized",
        "Agreement" => "agreed",
        _ => "fought",
    }
}

/// How much a place tells: hinted places first, then by precision.
fn place_rank((p, hinted): &(Place, bool)) -> u8 {
    let precision = match p.precision {
        Precision::Point => 3,
        Precision::District => 2,
        Precision::Region => 1,
        Precision::Country | Precision::Continent => 0,
    };
    if *hinted && precision >= 2 {
        4 + precision
    } else {
        precision
    }
}

/// Places that can be the same event's: near each other, or one inside the other.
fn places_compatible(a: &Place, b: &Place) -> bool {
    if a.country_code != b.country_code {
        return false;
    }
    if a.precision == Precision::Country || b.precision == Precision::Country {
        return true;
    }
    if (a.precision == Precision::Region || b.precision == Precision::Region)
        && a.admin1 == b.admin1
    {
        return true;
    }
    dateline_model::km(a.lat, a.lon, b.lat, b.lon) <= 40.0
}

/// Groups sentences into events: a sentence with an event cue opens an event unless it fits
/// the current one (compatible place and type, close by); sentences reporting harm without a
/// cue, and counts in the same paragraph, join the current event.
fn group(facts: &[SentenceFacts], claims: &[Claim]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut place_of: Vec<Option<Place>> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let harm = f
            .claims
            .iter()
            .any(|&c| claims[c].deaths || claims[c].action.as_deref() == Some("injured"));
        let here = f
            .places
            .iter()
            .max_by_key(|p| place_rank(p))
            .map(|(p, _)| p);
        let fits = |d: &Draft, cur_place: &Option<Place>| {
            let last = d.sentences.last().map_or(0, |&j| facts[j].paragraph);
            let near = f.paragraph <= last + 1;
            let place_ok = match (here, cur_place) {
                (Some(a), Some(b)) => places_compatible(a, b),
                _ => true,
            };
            // Battles of one kind or another at one place are one event ("retook the town …
            // killed in the fighting"); an airstrike next to a clash is another.
            let same_para = facts[d.sentences[0]].paragraph == f.paragraph;
            let type_ok = match f.cue {
                // Support given to the operation told just before is part of it.
                Some(_) if same_para && f.support && d.sentences.len() == 1 => true,
                // "… killed in the clashes", "This coincided with shelling".
                Some(_) if f.continues && f.paragraph == last => true,
                // What was done during a violent event ("destroyed hideouts", "arrested five")
                // is part of it.
                Some(c)
                    if same_para
                        && c.event_type == "Strategic developments"
                        && d.cue.event_type != "Strategic developments" =>
                {
                    true
                }
                Some(c) if c.strong && d.cue.strong => {
                    c.sub_event_type == d.cue.sub_event_type
                        || (c.event_type == "Battles" && d.cue.event_type == "Battles")
                }
                _ => true,
            };
            near && place_ok && type_ok
        };
        let current = drafts.len().checked_sub(1);
        match (f.cue, current) {
            (Some(cue), Some(k))
                if fits(&drafts[k], &place_of[k])
                    && (cue.strong || harm || !f.claims.is_empty()) =>
            {
                let first_para = facts[drafts[k].sentences[0]].paragraph;
                // A clash that ends with ground taken is a change of territory ("… clashed
                // with militants. The forces took control over the village.").
                let ground_taken =
                    matches!(cue.sub_event_type, TERRITORY_REGAINED | TERRITORY_OVERTAKEN)
                        && drafts[k].cue.sub_event_type == "Armed clash";
                if (cue.strong && !drafts[k].cue.strong || ground_taken)
                    && f.paragraph == first_para
                {
                    drafts[k].cue = cue;
                }
                drafts[k].sentences.push(i);
            }
            (Some(cue), _) if cue.strong || harm => {
                drafts.push(Draft {
                    cue,
                    sentences: vec![i],
                });
                place_of.push(None);
            }
            (None, Some(k))
                if !f.claims.is_empty()
                    && fits(&drafts[k], &place_of[k])
                    && f.paragraph
                        == facts[*drafts[k].sentences.last().unwrap_or(&i)].paragraph =>
            {
                drafts[k].sentences.push(i);
            }
            _ => continue,
        }
        let k = drafts.len() - 1;
        if let Some(p) = here {
            let better = match &place_of[k] {
                None => true,
                Some(b) => p.precision == Precision::Point && b.precision != Precision::Point,
            };
            if better {
                place_of[k] = Some(p.clone());
            }
        }
    }
    drafts
}

/// A claimant's name folded for grouping: "Russia's General Staff" and "the General Staff"
/// are one claimant when one name ends the other.
fn claimant_key(c: &Option<String>) -> String {
    let Some(c) = c else { return String::new() };
    c.to_lowercase()
        .replace("'s", "")
        .split_whitespace()
        .filter(|w| !matches!(*w, "the" | "a" | "an"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One claim counts in one event only: a death toll a later event repeats — the same claimant
/// (or the outlet's own voice restating it), the same victims, the same figure, told again
/// further down ("the General Staff said 850
/// militants were killed" in the lead and again in the last paragraph) — stays with the first
/// event that gives it and leaves the later one's deaths.
fn count_each_toll_once(events: &mut [Event]) {
    let mut told: Vec<(Option<String>, Victims, Option<u64>)> = Vec::new();
    for e in events.iter_mut() {
        let before = e.figures.len();
        // The outlet repeating a source's toll in its own voice repeats the same claim.
        e.figures.retain(|f| {
            f.counted != "deaths"
                || !told.iter().any(|(who, v, best)| {
                    (f.claimant.is_none() || *who == f.claimant)
                        && *v == f.victims
                        && *best == f.best
                })
        });
        if e.figures.len() != before {
            let deaths: Vec<DeathFigure> = e.figures.iter().filter_map(Figure::death).collect();
            (e.fatalities, e.disputed) = dateline_model::deaths_of(&deaths);
        }
        told.extend(
            e.figures
                .iter()
                .filter(|f| f.counted == "deaths")
                .map(|f| (f.claimant.clone(), f.victims, f.best)),
        );
    }
}

/// One sentence's sum of a claimant's figures: low, best, high, the claims summed, and
/// whether the sentence updates a toll.
#[derive(Default, Clone)]
struct SentenceSum {
    low: Option<u64>,
    best: Option<u64>,
    high: Option<u64>,
    claims: Vec<String>,
    update: bool,
}

/// Whose deaths a count of `counted` is: civilians, combatants, or people of every kind.
fn victims_of(counted: Option<&str>) -> Victims {
    let Some(s) = counted else {
        return Victims::All;
    };
    let head = s.rsplit(' ').next().unwrap_or(s);
    if CIVILIAN_NOUNS.contains(&head) && !matches!(head, "people" | "man" | "men") {
        Victims::Civilians
    } else if is_combatant_noun(s) || !quantity::is_person(head) {
        // A named group counted ("3 Ahrar al-Sham", "2 HTS") counts its fighters.
        Victims::Combatants
    } else {
        Victims::All
    }
}

/// Each claimant's figures, the deaths across claimants, and whether they disagree.
///
/// The rules, in order:
/// - a claimant is one source however it is written ([`Claim::source`]), else its written
///   name, where one name ends the other ("general staff" ⊂ "russia general staff");
/// - parts of a total and denied figures are shown in the claims, never added;
/// - in one sentence, a claimant's counts of one thing add up ("5 civilians and 2 children");
///   deaths of several groups listed in one sentence are everyone's ("3 soldiers and 2
///   civilians were killed": 5 dead of all kinds);
/// - across sentences, a claimant's repeated figure counts once (the largest), unless a later
///   sentence updates the toll ("rose to 12"): the update replaces what came before;
/// - deaths are kept per group of victims ([`Victims`]): civilians and combatants add up, and
///   figures are rival only within one group ([`dateline_model::rival_deaths`]).
fn figures_of(ids: &[usize], claims: &[Claim]) -> (Vec<Figure>, Option<Fatalities>, bool) {
    let mut keys: Vec<String> = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    let key_of = |c: &Claim, keys: &mut Vec<String>, names: &mut Vec<Option<String>>| -> usize {
        let (k, name) = match &c.source {
            Some(s) => (format!("@{}", s.name), Some(s.name.clone())),
            None => (claimant_key(&c.claimant), c.claimant.clone()),
        };
        if let Some(i) = keys.iter().position(|e| {
            *e == k
                || (!k.is_empty()
                    && !e.is_empty()
                    && !k.starts_with('@')
                    && !e.starts_with('@')
                    && (e.ends_with(&k) || k.ends_with(e.as_str())))
        }) {
            return i;
        }
        keys.push(k);
        names.push(name);
        keys.len() - 1
    };
    let counts = |c: &Claim| c.quantity.is_some() && !c.subset && c.stance != Some(Stance::Denies);
    // The victims of each claimant's deaths in each sentence: one group when all its counts
    // are of that group, else everyone ("3 soldiers and 2 civilians were killed" is 5 dead).
    let mut sentence_victims: BTreeMap<(usize, usize), Victims> = BTreeMap::new();
    for &i in ids {
        let c = &claims[i];
        if !counts(c) || !c.deaths {
            continue;
        }
        let who = key_of(c, &mut keys, &mut names);
        let v = victims_of(c.counted.as_deref());
        sentence_victims
            .entry((who, c.span.start))
            .and_modify(|g| {
                if *g != v {
                    *g = Victims::All;
                }
            })
            .or_insert(v);
    }
    // (claimant, counted, victims) → per sentence sums, in text order.
    let mut per: BTreeMap<(usize, String, Victims), BTreeMap<usize, SentenceSum>> = BTreeMap::new();
    for &i in ids {
        let c = &claims[i];
        let Some(q) = &c.quantity else { continue };
        if !counts(c) {
            continue;
        }
        let who = key_of(c, &mut keys, &mut names);
        let (counted, victims) = if c.deaths {
            let v = sentence_victims
                .get(&(who, c.span.start))
                .copied()
                .unwrap_or_default();
            ("deaths".to_string(), v)
        } else {
            match (&c.counted, &c.action) {
                (Some(n), Some(a)) => (format!("{n} {a}"), Victims::All),
                (Some(n), None) => (n.clone(), Victims::All),
                _ => continue,
            }
        };
        let e = per
            .entry((who, counted, victims))
            .or_default()
            .entry(c.span.start)
            .or_default();
        let add = |a: Option<u64>, b: Option<u64>| match (a, b) {
            (Some(x), Some(y)) => Some(x + y),
            (x, None) => x,
            (None, y) => y,
        };
        e.low = add(e.low, q.low.or(q.best));
        e.best = add(e.best, q.best);
        e.high = add(e.high, q.high.or(q.best));
        e.claims.push(c.id.clone());
        e.update |= c.update;
    }
    let mut figures = Vec::new();
    for ((who, counted, victims), sentences) in per {
        let mut current: Option<SentenceSum> = None;
        for s in sentences.values() {
            current = match current {
                Some(c) if !s.update && (c.best, c.low) >= (s.best, s.low) => Some(c),
                _ => Some(s.clone()),
            };
        }
        let best = current.unwrap_or_default();
        let all_claims: Vec<String> = sentences.values().flat_map(|v| v.claims.clone()).collect();
        figures.push(Figure {
            claimant: names[who].clone(),
            counted,
            low: best.low,
            best: best.best,
            high: best.high,
            claims: all_claims,
            victims,
            party: false,
        });
    }
    let deaths: Vec<DeathFigure> = figures.iter().filter_map(Figure::death).collect();
    let (fatalities, disputed) = dateline_model::deaths_of(&deaths);
    (figures, fatalities, disputed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn extractor() -> &'static Extractor {
        static E: OnceLock<Extractor> = OnceLock::new();
        E.get_or_init(|| Extractor::new().expect("embedded gazetteer loads"))
    }

    fn doc(text: &str, published: Option<&str>) -> Document {
        Document {
            id: "t".into(),
            source: "t".into(),
            url: None,
            outlet: None,
            original_outlet: None,
            title: None,
            published: published.and_then(dateline_model::dates::parse_iso_prefix),
            published_source: published.map(|_| DateSource::Input),
            text: text.into(),
            ..Document::default()
        }
    }

    /// An extractor whose gazetteer is a few invented rows: villages of one name in two
    /// countries, a town two tables list under two codes, a region named by a direction.
    fn story_extractor() -> Extractor {
        let rows = "\
country\tSomalia\t5.0\t46.0\tSO\t\t\t15000000\t
country\tSomaliland\t9.5\t45.0\tXS\t\t\t4000000\t
country\tNigeria\t9.0\t8.0\tNG\t\t\t200000000\t
country\tUnited States\t39.0\t-98.0\tUS\t\t\t330000000\tUS
country\tBurkina Faso\t12.0\t-1.5\tBF\t\t\t20000000\t
admin1\tSouthwest\t10.5\t-3.5\tBF\tSouthwest\t\t900000\t
place\tGuri Dhexe\t3.1\t45.4\tSO\tHiiraan\t\t0\t
place\tTuulo Sheekh\t2.6\t44.9\tSO\tShabeellaha Hoose\t\t0\t
place\tTuulo Sheekh\t11.2\t12.1\tNG\tBorno\t\t0\t
place\tBuq Cadeey\t10.40\t47.10\tSO\tSanaag\t\t0\t
place\tBuq Cadeey\t10.41\t47.11\tXS\tSanaag\t\t0\t
country\tBrazil\t-10.0\t-55.0\tBR\t\t\t210000000\t
country\tIndia\t22.0\t79.0\tIN\t\t\t1400000000\t
place\tPontaleena\t-20.0\t-48.0\tBR\tSao Paulo\t\t0\t
place\tBarjaleey\t25.0\t80.0\tIN\tUttar Pradesh\t\t0\t
";
        Extractor {
            gazetteer: gazetteer::Gazetteer::parse(rows).expect("valid rows"),
            continents: gazetteer::continents::Continents::load(),
            actors: actors::Actors::load(),
            sources: claimants::Sources::load(),
        }
    }

    fn resolved(e: &Extractor, text: &str) -> Vec<(String, Option<String>)> {
        e.analyse(doc(text, None))
            .places
            .into_iter()
            .map(|m| (m.mention, m.country_code))
            .collect()
    }

    #[test]
    fn a_country_code_is_a_country_only_in_capitals() {
        let g = extractor().gazetteer();
        assert_eq!(g.country_of_name("Us"), None);
        assert_eq!(g.country_of_name("Af"), None);
        assert_eq!(g.country_of_name("Kenya"), Some("KE"));
        // "Af Qoorcade" is a village's name, not Afghanistan and a stranger.
        let a = extractor().analyse(doc("Elders met in Af Qoorcade village on Monday.", None));
        assert!(a
            .places
            .iter()
            .all(|m| m.country_code.as_deref() != Some("AF")));
    }

    #[test]
    fn whose_forces_act_leaves_the_villages_to_say_where_the_story_is() {
        let e = story_extractor();
        // Only a nationality besides the village: the village decides.
        assert!(resolved(
            &e,
            "American forces struck a base outside Guri Dhexe village."
        )
        .contains(&("Guri Dhexe".into(), Some("SO".into()))));
        // A village with a namesake abroad: the armed group's country decides among them.
        assert_eq!(
            resolved(
                &e,
                "US drones hit Al-Shabaab fighters in Tuulo Sheekh on Monday."
            ),
            [
                ("US".to_string(), Some("US".to_string())),
                ("Tuulo Sheekh".to_string(), Some("SO".to_string()))
            ]
        );
        // The same town under two codes is one place, not two namesakes.
        let two_codes = resolved(&e, "Elders met in Buq Cadeey town after the clash.");
        assert_eq!(two_codes.len(), 1);
        assert!(two_codes[0].1.is_some());
        // Rule `loose_stays_home`: with no story country, a name that only shares a far
        // village's consonants is no place.
        assert!(
            resolved(&e, "Puntleena police protested over their salaries.")
                .iter()
                .all(|(_, cc)| cc.is_none())
        );
        // In its country, the same spelling is that village.
        assert!(resolved(
            &e,
            "In Brazil, Puntleena police protested over their salaries."
        )
        .contains(&("Puntleena".to_string(), Some("BR".to_string()))));
        // An armed group at home says where the story is; a namesake village abroad does not.
        assert!(resolved(
            &e,
            "Al-Shabaab set up a checkpoint outside Barjaleey village."
        )
        .iter()
        .all(|(_, cc)| cc.as_deref() != Some("IN")));
        // A region named by a direction names no country; "Southwest" is no story's place.
        assert_eq!(
            resolved(&e, "Southwest police raided a market in Guri Dhexe."),
            [("Guri Dhexe".to_string(), Some("SO".to_string()))]
        );
    }

    #[test]
    fn a_mention_spans_its_name_without_a_possessive_ending_or_a_compound_tail() {
        let text = "Critics mocked Kenya's budget while Uganda’s ministers met in Kampala's old \
                    town. A Mombasa-based firm objected. Envoys flew to Saudi Arabia from Europe.";
        let a = extractor().analyse(doc(text, None));
        let mentions: Vec<&str> = a.places.iter().map(|m| m.mention.as_str()).collect();
        assert_eq!(
            mentions,
            [
                "Kenya",
                "Uganda",
                "Kampala",
                "Mombasa",
                "Saudi Arabia",
                "Europe"
            ],
            "{:?}",
            a.places
        );
        for m in &a.places {
            assert_eq!(&text[m.span[0]..m.span[1]], m.mention, "{m:?}");
        }
    }

    #[test]
    fn a_country_named_as_whose_forces_is_no_place_of_the_event() {
        let a = extractor().analyse(doc(
            "On 2 March 2024, UAE forces carried out an airstrike on militant camps in the Qoryaleey Dhexe area.",
            None,
        ));
        let e = &a.events[0];
        assert_ne!(
            e.place.as_ref().map(|p| p.country_code.as_str()),
            Some("AE"),
            "{:?}",
            e.place
        );
        // The name is still a mention of the country, as a nationality is.
        assert!(
            a.places.iter().any(|m| m.mention == "UAE"),
            "{:?}",
            a.places
        );
    }

    #[test]
    fn conflicting_figures_stay_side_by_side() {
        let a = extractor().analyse(doc(
            "Syrian troops attacked towns north of Homs on Thursday. The Syrian Observatory for Human Rights said at least five civilians and six militants had been killed in Homs. A resident said at least 25 people were killed.",
            Some("2015-10-16"),
        ));
        let e = &a.events[0];
        assert_eq!(e.sub_event_type, "Armed clash");
        assert_eq!(e.date.map(|d| d.to_string()), Some("2015-10-15".into()));
        assert_eq!(e.place.as_ref().map(|p| p.name.as_str()), Some("Homs"));
        assert!(e.disputed);
        let f = e.fatalities.as_ref().expect("deaths reported");
        assert_eq!((f.low, f.best, f.high), (Some(11), Some(11), Some(25)));
        let who: Vec<_> = e
            .figures
            .iter()
            .filter(|f| f.counted == "deaths")
            .map(|f| (f.claimant.clone(), f.victims, f.best))
            .collect();
        // The monitor's civilians and militants, listed in one sentence, add up to its 11 dead
        // of every kind; the resident's 25 people count everyone too: the totals are rival.
        assert_eq!(
            who,
            [
                (
                    Some("Syrian Observatory for Human Rights".into()),
                    Victims::All,
                    Some(11)
                ),
                (Some("A resident".into()), Victims::All, Some(25))
            ]
        );
    }

    #[test]
    fn repeated_figures_of_one_claimant_count_once() {
        let a = extractor().analyse(doc(
            "The forces killed some 850 militants in Idlib, the General Staff said. The militants' losses include some 850 fighters and 11 tanks, the General Staff said.",
            None,
        ));
        let f = a.events[0].fatalities.as_ref().expect("deaths reported");
        assert_eq!(f.best, Some(850));
        assert!(!a.events[0].disputed);
    }

    #[test]
    fn a_toll_update_replaces_the_earlier_figure_of_its_claimant() {
        let a = extractor().analyse(doc(
            "A car bomb went off at a bus station in Qamishli on Tuesday, killing seven people, police said. Police said later that the death toll had risen to 13.",
            Some("2019-06-04"),
        ));
        let update = a
            .claims
            .iter()
            .find(|c| c.quantity.as_ref().and_then(|q| q.best) == Some(13))
            .expect("the update is a claim");
        assert!(update.deaths && update.update, "{update:?}");
        let e = &a.events[0];
        let f = e.fatalities.as_ref().expect("deaths reported");
        assert_eq!((f.low, f.best, f.high), (Some(13), Some(13), Some(13)));
        assert!(!e.disputed, "an update is not a rival figure");
    }

    #[test]
    fn toll_frames_are_read_as_deaths() {
        for (sentence, best, update) in [
            (
                "The toll climbed to 31 overnight, officials said.",
                31,
                true,
            ),
            (
                "Rescuers pulled out two more bodies, bringing the toll to 19.",
                19,
                true,
            ),
            (
                "The number of dead now stands at 8, the governor said.",
                8,
                true,
            ),
            (
                "The attack left a death toll of 40, the ministry said.",
                40,
                false,
            ),
        ] {
            let a = extractor().analyse(doc(sentence, None));
            let c = a
                .claims
                .iter()
                .find(|c| c.quantity.as_ref().and_then(|q| q.best) == Some(best))
                .unwrap_or_else(|| panic!("no claim of {best} in {sentence}"));
            assert!(c.deaths, "{sentence}");
            assert_eq!(c.update, update, "{sentence}");
        }
    }

    #[test]
    fn victims_of_different_groups_add_up_across_claimants() {
        let a = extractor().analyse(doc(
            "Government aircraft bombed a market in Maarat al-Numan on Friday. The Syrian Observatory for Human Rights said nine civilians were killed. The army said it killed 14 militants in the raid.",
            Some("2016-03-05"),
        ));
        let e = &a.events[0];
        let f = e.fatalities.as_ref().expect("deaths reported");
        assert_eq!(f.best, Some(23), "{:?}", e.figures);
        assert!(!e.disputed, "civilians and militants are not rival counts");
    }

    #[test]
    fn one_source_under_two_names_is_one_claimant() {
        let a = extractor().analyse(doc(
            "Shelling killed 12 people in Douma on Monday, the Syrian Observatory for Human Rights said. The Britain-based monitor said 12 people died in the shelling.",
            Some("2018-02-20"),
        ));
        let e = &a.events[0];
        let deaths: Vec<_> = e.figures.iter().filter(|f| f.counted == "deaths").collect();
        assert_eq!(deaths.len(), 1, "{deaths:?}");
        assert_eq!(
            deaths[0].claimant.as_deref(),
            Some("Syrian Observatory for Human Rights")
        );
    }

    #[test]
    fn a_toll_told_again_later_counts_in_one_event() {
        let a = extractor().analyse(doc(
            "Government jets and troops repelled a rebel offensive near Hama on Monday, killing 300 fighters, the defence ministry said.\n\nThe rebels had shelled army posts north of the city before dawn.\n\nIn a later statement, the defence ministry said the offensive had been stopped and that 300 fighters were killed.",
            Some("2019-05-07"),
        ));
        let tolls: Vec<Option<u64>> = a
            .events
            .iter()
            .filter_map(|e| e.fatalities.as_ref().map(|f| f.best))
            .collect();
        assert_eq!(tolls, [Some(300)], "{:?}", a.events);
    }

    #[test]
    fn a_foreign_country_named_whole_is_not_where_it_happened() {
        let a = extractor().analyse(doc(
            "Syrian troops clashed with rebels near Hama on Monday, the army said. Volunteers who had come from Russia fought beside the troops, and 12 rebels were killed in the clashes, the army said.",
            Some("2017-10-03"),
        ));
        assert!(!a.events.is_empty());
        for e in &a.events {
            let place = e.place.as_ref().map(|p| p.name.as_str());
            assert_ne!(place, Some("Russia"), "{e:?}");
        }
    }

    #[test]
    fn acled_style_note() {
        let a = extractor().analyse(doc(
            "On 3 April 2025, Al Shabaab militants attacked a military base in Jowhar (Jowhar, Middle Shabelle), killing 4 soldiers and 2 civilians.",
            None,
        ));
        let e = &a.events[0];
        assert_eq!(e.date.map(|d| d.to_string()), Some("2025-04-03".into()));
        assert_eq!(e.sub_event_type, "Armed clash");
        assert_eq!(e.fatalities.as_ref().and_then(|f| f.best), Some(6));
        let p = e.place.as_ref().expect("a place");
        assert_eq!(
            (p.mention.as_str(), p.name.as_str(), p.country_code.as_str()),
            ("Jowhar", "Jawhar", "SO")
        );
        assert!(e.actors.iter().any(|a| a.name == "Al Shabaab"));
    }

    #[test]
    fn anyone_killed_is_a_death_but_animals_are_not() {
        let a = extractor().analyse(doc(
            "On 3 April 2025, gunmen shot and killed a passenger near Jowhar. 3 camels were killed.",
            None,
        ));
        let f = a.events[0].fatalities.as_ref().expect("a death");
        assert_eq!(f.best, Some(1));
    }

    #[test]
    fn one_person_told_without_a_number() {
        for (text, deaths) in [
            ("On 3 April 2025, a soldier shot and killed another soldier in Jowhar.", 1),
            ("On 3 April 2025, police opened fire on a car in Jowhar. The driver was killed.", 1),
            ("On 3 April 2025, 10 militants were killed in Jowhar and 10 weapons were confiscated.", 10),
            ("On 3 April 2025, 1 civilian was killed in Jowhar and 2 others injured.", 1),
        ] {
            let a = extractor().analyse(doc(text, None));
            let best = a.events[0].fatalities.as_ref().and_then(|f| f.best);
            assert_eq!(best, Some(deaths), "{text}");
        }
    }

    #[test]
    fn a_claimant_fighting_in_the_event_is_a_party() {
        let a = extractor().analyse(doc(
            "On 7 July 2025, Al Shabaab clashed with government forces in Jowhar. Al Shabaab claimed to have killed 47 soldiers. A resident said 12 people died.",
            None,
        ));
        let f = &a.events[0].figures;
        let by = |who: &str| {
            f.iter()
                .find(|x| x.claimant.as_deref() == Some(who))
                .map(|x| x.party)
        };
        assert_eq!(by("Al Shabaab"), Some(true), "{f:?}");
        assert_eq!(by("A resident"), Some(false), "{f:?}");
        assert!(a.events[0].disputed);
    }

    #[test]
    fn support_for_an_operation_is_part_of_it() {
        let a = extractor().analyse(doc(
            "On 3 April 2025, regional forces clashed with militants near Jowhar. The operation was supported by airstrikes. At least 15 militants were killed.",
            None,
        ));
        assert_eq!(a.events.len(), 1, "{:?}", a.events);
        assert_eq!(a.events[0].sub_event_type, "Armed clash");
        assert_eq!(
            a.events[0].fatalities.as_ref().and_then(|f| f.best),
            Some(15)
        );
    }

    #[test]
    fn a_dated_armed_actor_activity_is_a_development() {
        let a = extractor().analyse(doc(
            "On 3 April 2025, Al Shabaab ordered the residents of a village near Afmadow to leave.",
            None,
        ));
        assert_eq!(a.events.len(), 1);
        assert_eq!(a.events[0].sub_event_type, "Change to group/activity");
        assert_eq!(
            a.events[0].date.map(|d| d.to_string()),
            Some("2025-04-03".into())
        );
        let a = extractor().analyse(doc(
            "Al Shabaab ordered the residents of a village near Afmadow to leave.",
            None,
        ));
        assert!(a.events.is_empty(), "nothing dates it: no event");
    }

    #[test]
    fn a_denied_figure_is_shown_but_not_counted() {
        let a = extractor().analyse(doc(
            "On 3 May 2024, an airstrike hit a market in Idlib, killing 12 civilians, the Syrian Observatory said. The Russian Defence Ministry denied that 40 civilians were killed.",
            None,
        ));
        let denied = a
            .claims
            .iter()
            .find(|c| c.quantity.as_ref().and_then(|q| q.best) == Some(40))
            .expect("the denied figure is a claim");
        assert_eq!(denied.stance, Some(Stance::Denies));
        let e = &a.events[0];
        assert_eq!(e.fatalities.as_ref().and_then(|f| f.best), Some(12));
    }

    #[test]
    fn sentences_that_go_on_with_an_event_join_it() {
        let a = extractor().analyse(doc(
            "On 29 August 2021, clashes took place between government forces and rebels in Daraa. This coincided with shelling on the neighbourhoods. Five soldiers were killed in the clashes.",
            None,
        ));
        assert_eq!(a.events.len(), 1, "{:?}", a.events);
        assert_eq!(
            a.events[0].fatalities.as_ref().and_then(|f| f.best),
            Some(5)
        );
        // "In a separate attack" is another event.
        let a = extractor().analyse(doc(
            "On 29 August 2021, clashes took place between government forces and rebels in Daraa. In a separate attack, an airstrike hit a market in Daraa, killing 3 civilians.",
            None,
        ));
        assert_eq!(a.events.len(), 2, "{:?}", a.events);
    }

    #[test]
    fn an_event_takes_the_date_set_earlier_in_its_paragraph() {
        let a = extractor().analyse(doc(
            "On 5 April 2025, Al Shabaab fired at a base near Jowhar. Mortar shells landed on a market, killing 2 civilians.\n\nOn Tuesday, officials met.",
            None,
        ));
        let e = a
            .events
            .iter()
            .find(|e| e.fatalities.is_some())
            .expect("the shelling");
        assert_eq!(e.date.map(|d| d.to_string()), Some("2025-04-05".into()));
    }

    #[test]
    fn who_takes_the_ground_decides_regained_or_overtaken() {
        let kind = |text: &str| {
            extractor().analyse(doc(text, None)).events[0]
                .sub_event_type
                .clone()
        };
        assert_eq!(
            kind("Syrian troops retook the town of Talbiseh from Islamic State militants."),
            "Government regains territory"
        );
        assert_eq!(
            kind("Islamic State militants retook the town of Talbiseh from Syrian troops."),
            "Non-state actor overtakes territory"
        );
        assert_eq!(
            kind("Syrian troops captured the town of Talbiseh after heavy fighting."),
            "Government regains territory"
        );
        // A clash that ends with ground taken is the change of territory.
        assert_eq!(
            kind("Syrian troops clashed with Islamic State militants in Talbiseh. The troops retook the town."),
            "Government regains territory"
        );
    }

    #[test]
    fn no_anchor_means_no_date() {
        let a = extractor().analyse(doc(
            "Gunmen killed two farmers near Baidoa on Tuesday.",
            None,
        ));
        assert_eq!(a.events[0].date, None);
        assert_eq!(a.events[0].sub_event_type, "Attack");
    }
}
