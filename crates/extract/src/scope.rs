//! Whether a reported happening is an event of ACLED's kinds at all: the one home of that
//! decision.
//!
//! An event cue is a word ("clashed", "rally", "released", "explosions"); general news is full
//! of them in other senses: a stock market rally, a game's battle, a product released, a
//! supernova's explosions, a plague that killed millions in the 14th century. A cue becomes an
//! event only when the text reports an act with its participants. [`judge`] applies the rules
//! below in order; the first that speaks decides:
//!
//! | rule | verdict | example |
//! |---|---|---|
//! | [`Rule::History`] | not an event | "the plague killed millions over the centuries", "since 2011 the country has been at war" |
//! | [`Rule::Game`] | not an event (unless an armed party is named) | a match report: "scored", "season", "4-1" |
//! | [`Rule::Accident`] | not an event (unless an armed party is named) | "two crashes of its jet killed 346 people" |
//! | [`Rule::Hypothetical`] | not an event | "there will be riots", "may have been murdered", "you'll be attacked by three factions" |
//! | [`Rule::Aside`] | not an event | "[See also: …]", "he denied the allegations made by a former aide" |
//! | [`Rule::OrdinaryArrest`] | not an event | "police arrested six people in a drug raid" |
//! | [`Rule::Actors`] | an event | an armed group, state forces, protesters or civilians named |
//! | [`Rule::ArmedParty`] | an event | "a local armed faction", "loyalist militias", "tribal gunmen" |
//! | [`Rule::Sides`] | an event | a clash, riot or agreement "between A and B" names its sides |
//! | [`Rule::Harmed`] | an event | a count of people killed, injured, abducted or arrested |
//! | [`Rule::PersonHarmed`] | an event | "a man was stabbed", "a kidnapped girl was found" |
//! | [`Rule::Protest`] | an event | "nurses marched on the ministry in protest over pay" (a protest and the people holding it) |
//! | [`Rule::NoParticipants`] | not an event | "Apple released a laptop", "the index rallied" |
//!
//! A document none of whose cues is an event still becomes a story of its own; it has no
//! ACLED type.

/// The rules, in the order [`judge`] tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The sentences tell history: centuries ago, not news.
    History,
    /// The document reports a game or a match: its clashes, attacks and shots are play.
    Game,
    /// Deaths by accident or disaster: a crash, a flood, a quake.
    Accident,
    /// The sentence tells what may or will happen, not what happened.
    Hypothetical,
    /// A bracketed aside or link ("[Related: …]"), or an allegation with nobody harmed or
    /// armed named: talk about an event, not its report.
    Aside,
    /// An arrest for ordinary crime: no political or armed party named.
    OrdinaryArrest,
    /// An actor of the dictionary takes part.
    Actors,
    /// People under arms take part, named by what they are rather than by name.
    ArmedParty,
    /// A clash, riot or agreement "between A and B": the sentence names its two sides.
    Sides,
    /// People are counted as killed, injured, abducted or arrested.
    Harmed,
    /// A person is named as harmed in the event's sentence.
    PersonHarmed,
    /// A protest is named as such, with the people who hold it.
    Protest,
    /// Nothing names who took part: a word in another sense.
    NoParticipants,
}

impl Rule {
    /// Whether the rule lets the cue be an event.
    pub fn keeps(self) -> bool {
        matches!(
            self,
            Rule::Actors
                | Rule::ArmedParty
                | Rule::Sides
                | Rule::Harmed
                | Rule::PersonHarmed
                | Rule::Protest
        )
    }
}

/// What [`judge`] needs to know of a cue's sentences.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The event's sentences, joined, as written.
    pub text: &'a str,
    /// Its first sentence.
    pub lead: &'a str,
    /// The ACLED event type the cue names ("Protests", "Battles", …).
    pub event_type: &'a str,
    /// Its sub-event type ("Arrests", "Armed clash", …).
    pub sub_event_type: &'a str,
    /// Actors of the dictionary named in the sentences.
    pub actors: usize,
    /// Of those, the armed and political ones (not civilians).
    pub armed_actors: usize,
    /// Counts of people harmed (killed, dead, injured, abducted, arrested) in the sentences.
    pub harmed: usize,
    /// Deaths are reported.
    pub deaths: bool,
    /// The whole document reads as a report of a game ([`is_game_report`]).
    pub game: bool,
}

/// People a harm can befall: a person noun beside a harm word makes the act an event.
const PERSON_NOUNS: &[&str] = &[
    "man",
    "men",
    "woman",
    "women",
    "girl",
    "girls",
    "boy",
    "boys",
    "child",
    "children",
    "person",
    "people",
    "resident",
    "residents",
    "villager",
    "villagers",
    "civilian",
    "civilians",
    "officer",
    "officers",
    "soldier",
    "soldiers",
    "policeman",
    "policemen",
    "student",
    "students",
    "passenger",
    "passengers",
    "leader",
    "leaders",
    "lawmaker",
    "lawmakers",
    "journalist",
    "journalists",
    "worker",
    "workers",
    "protester",
    "protesters",
    "demonstrators",
    "activist",
    "activists",
    "suspect",
    "suspects",
    "victim",
    "victims",
    "son",
    "daughter",
    "father",
    "mother",
    "wife",
    "husband",
    "teenager",
    "teenagers",
    "physician",
    "doctor",
    "nurse",
    "guard",
    "guards",
    "driver",
    "drivers",
    "farmer",
    "farmers",
    "worshippers",
    "locals",
    "youths",
    "traders",
    "members",
    "owners",
    "veterans",
    "teachers",
    "nurses",
    "butchers",
    "employees",
    "supporters",
    "persons",
    "group",
];

/// Words of harm done to a person.
const HARM_WORDS: &[&str] = &[
    "kidnapped",
    "abducted",
    "stabbed",
    "shot",
    "killed",
    "wounded",
    "injured",
    "arrested",
    "detained",
    "attacked",
    "assaulted",
    "raped",
    "murdered",
    "beheaded",
    "executed",
    "tortured",
    "bombed",
    "shelled",
    "lynched",
    "hostage",
    "hostages",
    "assassinated",
];

/// Words that name a protest as such (not "rally", which markets and teams do too).
const PROTEST_WORDS: &[&str] = &[
    "protest",
    "protests",
    "protesters",
    "protestors",
    "protested",
    "protesting",
    "demonstration",
    "demonstrations",
    "demonstrators",
    "marched",
    "marchers",
    "sit-in",
    "riot",
    "riots",
    "rioters",
    "rioting",
    "strike",
    "strikers",
];

/// Words for people under arms, whoever they are.
const ARMED_WORDS: &[&str] = &[
    "armed",
    "force",
    "forces",
    "troops",
    "soldiers",
    "army",
    "militia",
    "militias",
    "militiamen",
    "militants",
    "rebels",
    "fighters",
    "gunmen",
    "gunman",
    "faction",
    "factions",
    "regime",
    "police",
    "policemen",
    "insurgents",
    "jihadists",
    "tribal",
    "tribesmen",
    "clan",
    "brigade",
    "battalion",
    "paramilitary",
    "paramilitaries",
    "warplanes",
    "jets",
    "drones",
    "drone",
    "clans",
    "sub-clan",
    "sub-clans",
    "tribe",
    "tribes",
    "families",
    "administrations",
    "division",
    "corps",
    "commander",
    "commanders",
    "ied",
    "ieds",
    "landmine",
    "explosive",
];

/// Words of accidents and disasters ("fire" is not one: forces open fire).
const ACCIDENT_WORDS: &[&str] = &[
    "crash",
    "crashes",
    "crashed",
    "collision",
    "collided",
    "derailed",
    "derailment",
    "flood",
    "floods",
    "flooding",
    "earthquake",
    "quake",
    "landslide",
    "avalanche",
    "storm",
    "cyclone",
    "hurricane",
    "typhoon",
    "collapse",
    "collapsed",
    "drowned",
    "capsized",
    "overdose",
    "plague",
    "outbreak",
    "epidemic",
    "pandemic",
];

/// Words of time long past.
const HISTORY_WORDS: &[&str] = &["century", "centuries", "millennium", "medieval", "ancient"];

/// Words of games and matches.
const GAME_WORDS: &[&str] = &[
    "game",
    "games",
    "season",
    "coach",
    "league",
    "match",
    "matches",
    "goal",
    "goals",
    "quarterback",
    "tennis",
    "playoff",
    "playoffs",
    "inning",
    "innings",
    "touchdown",
    "scored",
    "championship",
    "tournament",
    "striker",
    "midfielder",
    "nfl",
    "nba",
    "nhl",
    "mlb",
    "fifa",
    "uefa",
    "teammates",
    "defenseman",
    "rebounds",
    "referee",
    "qualifying",
    "qualifier",
    "goalkeeper",
    "squad",
    "standings",
    "competitions",
    "cup",
    "semifinal",
    "final",
    "fans",
    "stadium",
    "halftime",
    "overtime",
    "scorer",
];

/// Words that make a sentence tell what may happen, not what happened: "there will be riots",
/// "is likely to deploy troops", "may have been murdered".
/// "ll" is the contraction of "will" ("you'll be attacked"); "you" addresses the reader (a
/// game's guide, an advice column), who is told what to expect, not what happened.
const HYPOTHETICAL_WORDS: &[&str] = &[
    "will", "would", "may", "might", "could", "likely", "ll", "you",
];

/// Who an arrest is news of in ACLED's sense: people arrested for politics, arms or political
/// violence, not for ordinary crime.
const POLITICAL_WORDS: &[&str] = &[
    "protesters",
    "protestors",
    "demonstrators",
    "activist",
    "activists",
    "opposition",
    "journalist",
    "journalists",
    "dissident",
    "dissidents",
    "politician",
    "politicians",
    "lawmaker",
    "lawmakers",
    "militants",
    "rebels",
    "fighters",
    "insurgents",
    "jihadists",
    "members",
    "supporters",
    "party",
    "candidate",
    "leader",
    "leaders",
    // Arrests over political violence: "over the killing of a local official".
    "killing",
    "killings",
    "assassination",
    "attack",
    "attacks",
    "bombing",
    "bombings",
    "explosion",
    "ambush",
    "kidnapping",
];

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// True when a document reads as a report of a game: six or more words of sport, or three
/// scores ("4-1", "6-3").
pub fn is_game_report(text: &str) -> bool {
    let mut sport = 0;
    let mut scores = 0;
    for w in words(text) {
        if GAME_WORDS.contains(&w.as_str()) {
            sport += 1;
        }
        if let Some((a, b)) = w.split_once('-') {
            if (1..=2).contains(&a.len())
                && (1..=2).contains(&b.len())
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
            {
                scores += 1;
            }
        }
    }
    sport >= 6 || scores >= 3
}

/// The first rule that speaks for a cue: whether it is an event, and why.
pub fn judge(e: &Evidence) -> Rule {
    let ws: Vec<String> = words(e.text).collect();
    let has = |list: &[&str]| ws.iter().any(|w| list.contains(&w.as_str()));
    // In the event's own sentence, as written in lower case ("May" is a month); "likely" only
    // as "likely to" ("likely as a result of" hedges a cause).
    let lead: Vec<&str> = e
        .lead
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // "Since 2011, the country has been engulfed in war", "the army has been fighting
    // rebels for years": the story's background, an ongoing state rather than an act.
    let since_year = lead.windows(2).any(|p| {
        p[0].eq_ignore_ascii_case("since")
            && p[1].len() == 4
            && p[1].bytes().all(|b| b.is_ascii_digit())
    });
    let ongoing = lead
        .windows(3)
        .any(|p| matches!(p[0], "has" | "have") && p[1] == "been" && p[2].ends_with("ing"));
    if has(HISTORY_WORDS) || (e.harmed == 0 && (since_year || ongoing)) {
        return Rule::History;
    }
    // "one shot on goal" counts no dead: in a match report only an armed party makes violence.
    if e.game && e.armed_actors == 0 && !has(ARMED_WORDS) {
        return Rule::Game;
    }
    if !has(ARMED_WORDS) && e.armed_actors == 0 && has(ACCIDENT_WORDS) {
        return Rule::Accident;
    }
    let modal = lead.iter().enumerate().any(|(k, w)| {
        HYPOTHETICAL_WORDS.contains(w) && (*w != "likely" || lead.get(k + 1) == Some(&"to"))
    });
    if e.harmed == 0 && modal {
        return Rule::Hypothetical;
    }
    // Police alone arrest for ordinary crime too; forces, militias and commanders do not.
    let armed_not_police = ws.iter().any(|w| {
        ARMED_WORDS.contains(&w.as_str()) && !matches!(w.as_str(), "police" | "policemen")
    });
    let alleged = lead
        .iter()
        .any(|w| matches!(*w, "alleged" | "allegedly" | "allegation" | "allegations"));
    if e.lead.trim_start().starts_with('[')
        || (alleged && e.harmed == 0 && e.armed_actors == 0 && !has(ARMED_WORDS))
    {
        return Rule::Aside;
    }
    if e.sub_event_type == "Arrests"
        && !e.deaths
        && e.armed_actors == 0
        && !armed_not_police
        && !has(POLITICAL_WORDS)
    {
        return Rule::OrdinaryArrest;
    }
    if e.actors > 0 {
        return Rule::Actors;
    }
    // Police deploying for traffic or patrols is no change in an armed group's activity.
    let armed = if e.sub_event_type == "Change to group/activity" {
        armed_not_police
    } else {
        has(ARMED_WORDS)
    };
    if armed {
        return Rule::ArmedParty;
    }
    // "between A and B", "between A against B", "among A's members".
    let sided = matches!(e.event_type, "Battles" | "Riots" | "Strategic developments")
        && ws.iter().enumerate().any(|(b, w)| {
            (w == "between"
                && ws[b + 1..]
                    .iter()
                    .take(8)
                    .any(|w| w == "and" || w == "against"))
                || (matches!(w.as_str(), "among" | "between")
                    && e.event_type != "Strategic developments")
        });
    if sided {
        return Rule::Sides;
    }
    if e.harmed > 0 {
        return Rule::Harmed;
    }
    // The person and the harm within four words of each other: "a man was stabbed", "the
    // kidnapped girl" — not "officers from the task force executed a search warrant".
    let person_harmed = ws.iter().enumerate().any(|(k, w)| {
        HARM_WORDS.contains(&w.as_str())
            && ws[k.saturating_sub(4)..(k + 5).min(ws.len())]
                .iter()
                .any(|p| PERSON_NOUNS.contains(&p.as_str()))
    });
    if person_harmed {
        return Rule::PersonHarmed;
    }
    // "drivers demonstrated against the tolls": the verb with its grievance.
    let demonstrated = ws
        .windows(2)
        .any(|p| p[0] == "demonstrated" && p[1] == "against");
    if matches!(e.event_type, "Protests" | "Riots")
        && (has(PROTEST_WORDS) || demonstrated)
        && (has(PERSON_NOUNS) || has(ARMED_WORDS))
    {
        return Rule::Protest;
    }
    Rule::NoParticipants
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev<'a>(text: &'a str, event_type: &'a str) -> Evidence<'a> {
        Evidence {
            text,
            lead: text,
            event_type,
            sub_event_type: "",
            actors: 0,
            armed_actors: 0,
            harmed: 0,
            deaths: false,
            game: false,
        }
    }

    #[test]
    fn words_in_other_senses_are_not_events() {
        for (text, kind) in [
            (
                "The index rallied for a third day as bank shares rose.",
                "Protests",
            ),
            (
                "The company released its new tablet on Tuesday.",
                "Strategic developments",
            ),
            ("Two rival studios battled over the film rights.", "Battles"),
        ] {
            assert_eq!(judge(&ev(text, kind)), Rule::NoParticipants, "{text}");
        }
    }

    #[test]
    fn an_act_with_its_participants_is_an_event() {
        assert_eq!(
            judge(&ev(
                "A man was stabbed outside the station.",
                "Violence against civilians"
            )),
            Rule::PersonHarmed
        );
        assert_eq!(
            judge(&ev(
                "Nurses marched to the ministry in protest over pay.",
                "Protests"
            )),
            Rule::Protest
        );
        let mut e = ev("Fighting broke out near the dam.", "Battles");
        e.actors = 2;
        assert_eq!(judge(&e), Rule::Actors);
        assert!(Rule::Actors.keeps() && !Rule::History.keeps());
    }

    #[test]
    fn what_may_happen_and_ordinary_arrests_are_not_events() {
        let mut e = ev(
            "Officials warned there will be riots if fuel prices rise.",
            "Riots",
        );
        e.actors = 1;
        assert_eq!(judge(&e), Rule::Hypothetical);
        let mut e = ev(
            "Police arrested four men after a burglary at a pharmacy.",
            "Strategic developments",
        );
        e.sub_event_type = "Arrests";
        assert_eq!(judge(&e), Rule::OrdinaryArrest);
        e.text = "Police arrested four opposition activists outside the court.";
        e.lead = e.text;
        assert_eq!(judge(&e), Rule::ArmedParty);
    }

    #[test]
    fn asides_allegations_and_patrols_are_not_events() {
        let e = ev("[Related: Keynote, Awards And Protesters]", "Protests");
        assert_eq!(judge(&e), Rule::Aside);
        let e = ev(
            "He denied the allegations of assault made by a former aide.",
            "Violence against civilians",
        );
        assert_eq!(judge(&e), Rule::Aside);
        let mut e = ev(
            "Extra police patrols were sent out to check parking permits downtown.",
            "Strategic developments",
        );
        e.sub_event_type = "Change to group/activity";
        assert_eq!(judge(&e), Rule::NoParticipants);
        e.text = "Extra troops were deployed to the border town.";
        e.lead = e.text;
        assert_eq!(judge(&e), Rule::ArmedParty);
    }

    #[test]
    fn background_is_not_a_new_event() {
        let e = ev(
            "Since 2014, the north has been torn by fighting between rival militias.",
            "Battles",
        );
        assert_eq!(judge(&e), Rule::History);
        let e = ev(
            "The air force has been striking rebel supply lines at the government's request.",
            "Explosions/Remote violence",
        );
        assert_eq!(judge(&e), Rule::History);
    }

    #[test]
    fn accidents_are_not_political_violence() {
        let mut e = ev(
            "The train derailed near the bridge, killing 12 passengers.",
            "Battles",
        );
        e.harmed = 1;
        e.deaths = true;
        assert_eq!(judge(&e), Rule::Accident);
        e.text = "Gunmen derailed the train near the bridge, killing 12 passengers.";
        assert_eq!(judge(&e), Rule::ArmedParty);
    }

    #[test]
    fn history_and_games_are_not_news_of_violence() {
        let mut e = ev("Over the centuries the disease killed millions.", "Battles");
        e.harmed = 1;
        assert_eq!(judge(&e), Rule::History);
        let report =
            "The striker scored twice and the coach praised the league leaders after the 3-1 win; \
                      the match was the season's best game, a 2-0 lead became 4-2.";
        assert!(is_game_report(report));
        let mut e = ev("The defender attacked the goal.", "Battles");
        e.game = true;
        e.actors = 1;
        assert_eq!(judge(&e), Rule::Game);
        assert!(!is_game_report(
            "Troops shelled the town on Monday, killing 4 people."
        ));
    }
}
