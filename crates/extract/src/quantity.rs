//! Counts in a sentence: the number (digits or words), its hedge read as low/best/high, what
//! is counted, and what happened to it ("some 850 militants" killed, "11 tanks" destroyed).
//!
//! Years, dates, times, distances, ages, model names ("Su-34") and money are not counts.

use dateline_model::Quantity;

use crate::text::Word;

/// One count found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    /// Word index range of the hedge and number.
    pub first: usize,
    pub last: usize,
    pub quantity: Quantity,
    pub counted: Option<String>,
    pub action: Option<String>,
    /// True when people are reported killed.
    pub deaths: bool,
    /// True when the count is part of an earlier one ("including 1 commander").
    pub subset: bool,
    /// True when the count updates a toll ("the death toll rose to 12").
    pub update: bool,
}

/// Verbs that raise a toll to a new figure: "the toll rose to 12", "raising the death toll to
/// 40", "the toll now stands at 9", "the toll has reached 30".
const TOLL_UPDATES: &[&str] = &[
    "rose",
    "risen",
    "rises",
    "rising",
    "climbed",
    "climbs",
    "climbing",
    "jumped",
    "jumps",
    "increased",
    "increases",
    "soared",
    "mounted",
    "reached",
    "reaches",
    "hit",
    "hits",
    "stands",
    "stood",
    "raising",
    "raised",
    "bringing",
    "brought",
    "brings",
    "pushing",
    "pushed",
    "taking",
    "took",
    "revised",
    "updated",
];

/// Words that name a toll: "the death toll", "the number of dead".
fn is_toll_word(lw: &[String], k: usize) -> bool {
    lw[k] == "toll"
        || (lw[k] == "number"
            && lw.get(k + 1).is_some_and(|w| w == "of")
            && lw.get(k + 2).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "dead" | "deaths" | "victims" | "fatalities" | "killed" | "people"
                )
            }))
}

/// The toll frame before a number at word `first`: `Some(true)` when the number updates a toll
/// ("the toll rose to 12", "raising the toll to 40", "the toll now stands at 9", "the toll has
/// reached 30"), `Some(false)` when it states one ("a death toll of 12", "the toll was 12"),
/// `None` when no toll is told. The toll is looked for up to five words before the verb, or
/// between a verb and "to" ("bringing the toll to").
fn toll_frame(lw: &[String], first: usize) -> Option<bool> {
    let prev = first.checked_sub(1)?;
    let window = |from: usize, to: usize| (from..to).any(|k| is_toll_word(lw, k));
    match lw[prev].as_str() {
        "to" | "at" => {
            // The verb: right before "to"/"at", or before the toll it raises.
            let verb = (prev.saturating_sub(6)..prev)
                .rev()
                .find(|&k| TOLL_UPDATES.contains(&lw[k].as_str()))?;
            (window(verb + 1, prev) || window(verb.saturating_sub(5), verb)).then_some(true)
        }
        // "the number of victims since the truce has reached 236": the toll may stand a
        // dozen words before its verb.
        "reached" | "hit" | "hits" | "reaches" | "surpassed" | "passed" | "exceeded" => {
            window(prev.saturating_sub(12), prev).then_some(true)
        }
        "of" | "was" | "is" | "stood" => window(prev.saturating_sub(3), prev).then_some(false),
        _ => None,
    }
}

const UNITS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("dozen", 12),
    ("hundred", 100),
];

/// Vague amounts, one written policy: the plural of a number word means at least two of its
/// unit, and that least amount is also the best figure, with no upper bound — "dozens" is
/// (24, 24, none), "scores" (40, 40, none), "hundreds" (200, 200, none), "thousands" (2,000,
/// 2,000, none), "millions" (2,000,000 …); "tens of" is 20, and "tens/hundreds of thousands"
/// 20,000 / 200,000. Quantifiers that name no number ("several", "many", "numerous",
/// "multiple", "a number of") are not figures: no claim is made of them.
const VAGUE: &[(&str, u64)] = &[
    ("dozens", 24),
    ("scores", 40),
    ("hundreds", 200),
    ("thousands", 2000),
    ("millions", 2_000_000),
    ("tens", 20),
];

const PERSONS: &[&str] = &[
    "bodyguard",
    "bodyguards",
    "director",
    "directors",
    "bystanders",
    "bystander",
    "herder",
    "pastoralists",
    "pastoralist",
    "victims",
    "victim",
    "dealer",
    "dealers",
    "driver",
    "drivers",
    "vendor",
    "vendors",
    "shopkeeper",
    "businessman",
    "businessmen",
    "chairman",
    "employees",
    "employee",
    "fishermen",
    "fisherman",
    "nurses",
    "people",
    "persons",
    "person",
    "civilians",
    "civilian",
    "militants",
    "militant",
    "fighters",
    "fighter",
    "soldiers",
    "soldier",
    "troops",
    "troop",
    "servicemen",
    "serviceman",
    "policemen",
    "policeman",
    "officers",
    "officer",
    "police",
    "members",
    "member",
    "terrorists",
    "terrorist",
    "jihadists",
    "jihadist",
    "insurgents",
    "insurgent",
    "rebels",
    "rebel",
    "children",
    "child",
    "women",
    "woman",
    "men",
    "man",
    "residents",
    "resident",
    "villagers",
    "villager",
    "commanders",
    "commander",
    "students",
    "student",
    "workers",
    "worker",
    "protesters",
    "protester",
    "demonstrators",
    "gunmen",
    "gunman",
    "attackers",
    "attacker",
    "combatants",
    "militiamen",
    "militiaman",
    "militia",
    "recruits",
    "personnel",
    "guards",
    "guard",
    "officials",
    "official",
    "passengers",
    "passenger",
    "farmer",
    "teacher",
    "doctor",
    "journalist",
    "elder",
    "trader",
    "traders",
    "prisoner",
    "prisoners",
    "detainee",
    "detainees",
    "migrant",
    "migrants",
    "refugee",
    "refugees",
    "pilot",
    "pilots",
    "individual",
    "suspect",
    "pilgrims",
    "worshippers",
    "farmers",
    "herders",
    "individuals",
    "suspects",
    "others",
    "bodies",
    "pupils",
    "teachers",
    "doctors",
    "journalists",
    "elders",
    "leaders",
    "leader",
    "boys",
    "girls",
    "boy",
    "girl",
    "family",
    "relatives",
    "herdsmen",
    "traders",
    "nomads",
    "displaced",
    "refugees",
    "migrants",
    "inmates",
    "prisoners",
    "hostages",
    "martyrs",
    "martyr",
    "labourers",
    "laborers",
    "wounded",
    "dead",
    "killed",
];

const TIME_UNITS: &[&str] = &[
    "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour", "minutes",
    "minute", "seconds", "decades", "decade", "times", "percent", "per", "%", "o'clock", "am",
    "pm", "a.m.", "p.m.", "gmt", "utc",
];

const DISTANCE: &[&str] = &[
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "mile",
    "meters",
    "metres",
    "m",
];

/// The points of the compass, as news writes them.
pub(crate) const COMPASS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
];

/// Words after a distance that make it a place's position, not a count ("5 km north of").
const DIRECTIONS: &[&str] = &["from", "away", "outside", "off", "inside", "into"];

const STOP: &[&str] = &[
    "in",
    "on",
    "at",
    "from",
    "to",
    "and",
    "or",
    "by",
    "with",
    "during",
    "near",
    "were",
    "was",
    "are",
    "is",
    "had",
    "have",
    "has",
    "been",
    "be",
    "who",
    "which",
    "that",
    "after",
    "before",
    "when",
    "while",
    "as",
    "including",
    "for",
    "since",
    "but",
    "into",
    "across",
    "along",
    "against",
    "killed",
    "died",
    "dead",
    "injured",
    "wounded",
    "said",
    "the",
    "a",
    "an",
    "of",
];

/// Words that give a killing as the reason for another act: "protested over the killing of".
const GRIEVANCE: &[&str] = &[
    "over",
    "against",
    "denouncing",
    "condemning",
    "protesting",
    "protest",
    "result",
    "following",
    "justice",
    "avenge",
    "revenge",
];

/// Action words and the action they name.
/// Action words and the action they report. "killed" is a death someone caused; "dead" a
/// death told without its cause ("died", "deaths", "bodies"); both are deaths.
const ACTIONS: &[(&str, &str)] = &[
    ("killed", "killed"),
    ("kill", "killed"),
    ("kills", "killed"),
    ("killing", "killed"),
    ("dead", "dead"),
    ("died", "dead"),
    ("die", "dead"),
    ("deaths", "dead"),
    ("death", "dead"),
    ("fatalities", "dead"),
    ("fatality", "dead"),
    ("assassinated", "killed"),
    ("murdered", "killed"),
    ("martyred", "killed"),
    ("lives", "killed"),
    ("slain", "killed"),
    ("massacred", "killed"),
    ("succumbed", "dead"),
    ("deceased", "dead"),
    ("slaughtered", "killed"),
    // "the body of a soldier was found", "the bodies of 2 fighters".
    ("body", "dead"),
    ("bodies", "dead"),
    ("executed", "killed"),
    ("execute", "killed"),
    ("executes", "killed"),
    ("behead", "killed"),
    ("beheads", "killed"),
    ("beheaded", "killed"),
    ("shot", "killed"),
    ("losses", "lost"),
    ("lost", "lost"),
    ("eliminated", "killed"),
    ("neutralized", "killed"),
    ("neutralised", "killed"),
    ("injured", "injured"),
    ("injuring", "injured"),
    ("wounded", "injured"),
    ("wounding", "injured"),
    ("hurt", "injured"),
    ("injuries", "injured"),
    ("injury", "injured"),
    ("destroyed", "destroyed"),
    ("destroying", "destroyed"),
    ("destroy", "destroyed"),
    ("struck", "struck"),
    ("hit", "struck"),
    ("targeted", "struck"),
    ("bombed", "struck"),
    ("strikes", "struck"),
    ("airstrikes", "struck"),
    ("captured", "captured"),
    ("seized", "captured"),
    ("overran", "captured"),
    ("arrested", "arrested"),
    ("detained", "arrested"),
    ("arrest", "arrested"),
    ("abducted", "abducted"),
    ("kidnapped", "abducted"),
    ("abducting", "abducted"),
    ("returned", "returned"),
    ("return", "returned"),
    ("displaced", "displaced"),
    ("missing", "missing"),
    ("fled", "displaced"),
    ("flee", "displaced"),
    ("fleeing", "displaced"),
    ("uprooted", "displaced"),
    ("liberated", "regained"),
    ("regained", "regained"),
    ("recaptured", "regained"),
    ("retook", "regained"),
    ("freed", "regained"),
    ("conducted", "conducted"),
    ("fired", "conducted"),
    ("dropped", "conducted"),
    ("completed", "conducted"),
    ("flew", "conducted"),
    ("carried", "conducted"),
    ("launched", "conducted"),
    ("rescued", "rescued"),
    ("surrendered", "surrendered"),
    ("defected", "surrendered"),
];

fn unit(w: &str) -> Option<u64> {
    UNITS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// Reads one number word or digit string: "1,888", "25", "nine", "twenty-five".
fn number(w: &str) -> Option<u64> {
    let lower = w.to_ascii_lowercase();
    if let Some(v) = unit(&lower) {
        return Some(v);
    }
    if let Some((tens, ones)) = lower.split_once('-') {
        if let (Some(t), Some(o)) = (unit(tens), unit(ones)) {
            if t >= 20 && t % 10 == 0 && o < 10 {
                return Some(t + o);
            }
        }
    }
    let digits = w.replace(',', "");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // "1,888" must group by threes.
    if w.contains(',') && !w.split(',').skip(1).all(|g| g.len() == 3) {
        return None;
    }
    digits.parse().ok()
}

fn multiplier(w: &str) -> Option<u64> {
    match w.to_ascii_lowercase().as_str() {
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "hundred" => Some(100),
        _ => None,
    }
}

fn lower(w: &Word) -> String {
    w.text.to_ascii_lowercase()
}

/// Animals, which are killed too but are not fatalities.
fn is_animal(w: &str) -> bool {
    matches!(
        w,
        "animal"
            | "animals"
            | "livestock"
            | "cattle"
            | "cow"
            | "cows"
            | "camel"
            | "camels"
            | "goat"
            | "goats"
            | "sheep"
            | "donkey"
            | "donkeys"
            | "horse"
            | "horses"
            | "dog"
            | "dogs"
            | "bird"
            | "birds"
            | "chickens"
            | "poultry"
    )
}

/// What is fired, dropped or flown: a count of these is of strikes conducted ("40 raids",
/// "dozens of shells", "25 barrel bombs"), whatever verb tells where they fell. Not "mortars"
/// or "tanks": weapons that are also lost or destroyed.
const MUNITIONS: &[&str] = &[
    "strikes",
    "airstrikes",
    "raids",
    "sorties",
    "bombs",
    "shells",
    "rockets",
    "missiles",
    "rounds",
    "projectiles",
    "bombardments",
];

fn is_munition(w: &str) -> bool {
    MUNITIONS.contains(&w)
}

pub(crate) fn is_person(w: &str) -> bool {
    PERSONS.contains(&w)
}

/// True for the actions that are deaths.
fn is_death(a: &str) -> bool {
    matches!(a, "killed" | "dead")
}

fn action_of(w: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|(k, _)| *k == w).map(|(_, a)| *a)
}

/// Finds the counts in a sentence's words.
pub fn counts(words: &[Word]) -> Vec<Count> {
    let lw: Vec<String> = words.iter().map(lower).collect();
    let mut out: Vec<Count> = Vec::new();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let Some((first, last, q)) = read_number(words, &lw, i) else {
            i += 1;
            continue;
        };
        i = last + 1;
        if !plausible_count(words, &lw, first, last) {
            continue;
        }
        // "a civilian" counts one person only when harmed: "killed a civilian", "a soldier was
        // killed" — not "a resident said".
        if first == last && matches!(lw[first].as_str(), "a" | "an" | "another" | "the") {
            // "killed a civilian", and "the killing of a girl", "the body of a member".
            // A killing given as the reason for something else ("protested over the killing
            // of a driver", "a result of the killing of a civilian") is told, not counted here.
            let grievance = lw[first.saturating_sub(6)..first.saturating_sub(2)]
                .iter()
                .any(|w| GRIEVANCE.contains(&w.as_str()));
            // "killed using small arms fire a QSD officer": the act may stand before the
            // weapon it was done with.
            let before = first
                .checked_sub(1)
                .and_then(|p| action_of(&lw[p]))
                .or_else(|| {
                    (first.saturating_sub(6)..first.saturating_sub(2))
                        .find(|&p| {
                            matches!(lw[p + 1].as_str(), "using" | "with")
                                && (p + 1..first).all(|q| words[q].trail == ' ')
                        })
                        .and_then(|p| action_of(&lw[p]))
                })
                .or_else(|| {
                    (first >= 2 && lw[first - 1] == "of" && !grievance)
                        .then(|| action_of(&lw[first - 2]))
                        .flatten()
                });
            // "a soldier was killed", "a fighter was found dead".
            // "a QSD member's body was found".
            let body_found = (first + 2..first + 6).any(|k| {
                lw.get(k - 1).is_some_and(|w| w == "body")
                    && lw.get(k).is_some_and(|w| w == "was")
                    && lw.get(k + 1).is_some_and(|w| w == "found")
            });
            // "a fighter died of his wounds", "a fighter succumbed to wounds".
            let died = (first + 2..first + 5).any(|k| {
                lw.get(k)
                    .is_some_and(|w| matches!(w.as_str(), "died" | "succumbed"))
            });
            let after = body_found
                || died
                || (first + 2..first + 5).any(|k| {
                    let next = if lw.get(k + 1).is_some_and(|w| w == "found") {
                        k + 2
                    } else {
                        k + 1
                    };
                    lw.get(k).is_some_and(|w| w == "was")
                        && lw.get(next).and_then(|w| action_of(w)).is_some()
                });
            if before.is_none() && !after {
                continue;
            }
        }
        let (counted, counted_end) = read_counted(words, &lw, last + 1);
        // "6 were killed", "killing 3": people, unnamed.
        // "nine of those killed", "4 of them were wounded": the count is of people.
        let bare_passive = passive_action(&lw, last + 1).is_some()
            || (lw.get(last + 1).is_some_and(|w| w == "of")
                && passive_action(&lw, counted_end).is_some());
        // "killing 4 and wounding 3", "killing 1 of them".
        // The count is the verb's object itself when no noun follows it: "killing 4 and
        // wounding 3", "bomb kills 9 in market town", "wounded more than 100, a monitor said".
        let bare_after_action =
            first > 0 && action_of(&lw[first - 1]).is_some_and(|a| is_death(a) || a == "injured");
        // "1 fatality", "5 deaths", "3 dead": a toll by itself; "the toll rose to 12".
        let toll_told = toll_frame(&lw, first);
        let toll = lw
            .get(last + 1)
            .is_some_and(|w| matches!(w.as_str(), "fatality" | "fatalities" | "deaths" | "dead"))
            || toll_told.is_some();
        let (counted, counted_end) = match counted {
            Some(c) => (c, counted_end),
            None if bare_passive || bare_after_action || toll => ("people".to_string(), last + 1),
            None => continue,
        };
        // A toll counts people: "the toll rose to 12, it said" has no noun of its own.
        let (counted, counted_end) =
            if toll_told.is_some() && !counted.rsplit(' ').next().is_some_and(is_person) {
                ("people".to_string(), last + 1)
            } else {
                (counted, counted_end)
            };
        let munition = counted.rsplit(' ').next().is_some_and(is_munition);
        let action = if munition {
            Some("conducted".to_string())
        } else {
            passive_action(&lw, counted_end)
                .map(str::to_string)
                .or_else(|| find_action(&lw, first, counted_end))
        };
        // A named group counted ("21 Al Shabaab", "2 HTS") counts its members.
        let named_group = words
            .get(last + 1)
            .is_some_and(|w| w.text.starts_with(char::is_uppercase));
        let person = counted.rsplit(' ').next().is_some_and(is_person);
        let subset = lw[first.saturating_sub(2)..first]
            .iter()
            .any(|w| matches!(w.as_str(), "including" | "among" | "includes" | "include"))
            && !out.is_empty();
        // "the blasts claimed 7 lives", "shelling claims 9 civilians": deaths caused.
        let claimed_lives = first > 0
            && matches!(
                lw[first - 1].as_str(),
                "claim" | "claims" | "claimed" | "claiming"
            )
            && person;
        let action = if claimed_lives {
            Some("killed".to_string())
        } else {
            action
        };
        // Only the living are killed: a count "killed" is people unless it counts animals
        // ("3 camels were killed"), whatever the noun ("a civilian farmer", "1 passenger",
        // "1 senior Al Shabaab").
        let animals = counted.split(' ').any(is_animal);
        // Killed right there: "killed 6 clan militias", "1 passenger was killed".
        let killed_here = claimed_lives
            || passive_action(&lw, counted_end).is_some_and(is_death)
            || first
                .checked_sub(1)
                .and_then(|p| action_of(&lw[p]))
                .is_some_and(is_death);
        // A toll counts the dead, whatever verb raised it.
        let toll_of_people = toll_told.is_some() && (person || counted == "people");
        let action = if toll_of_people && !action.as_deref().is_some_and(is_death) {
            Some("dead".to_string())
        } else {
            action
        };
        let dying = action.as_deref().is_some_and(is_death);
        let deaths = (dying && (person || killed_here) && !animals)
            || (person && matches!(action.as_deref(), Some("lost" | "destroyed")))
            || (named_group && dying)
            || toll_of_people;
        let action = match action {
            Some(a) if deaths && a != "dead" => Some("killed".to_string()),
            a => a,
        };
        ends.push(counted_end);
        out.push(Count {
            first,
            last,
            quantity: Quantity {
                text: words_text(words, first, last),
                ..q
            },
            counted: Some(counted),
            action,
            deaths,
            subset,
            update: toll_told == Some(true) && toll_of_people,
        });
        i = i.max(counted_end);
    }
    // "targeted a soldier …, killing him": one death, told by a pronoun.
    if !out.iter().any(|c| c.deaths) {
        if let Some(k) = (1..words.len()).find(|&k| {
            matches!(lw[k].as_str(), "him" | "her")
                && action_of(&lw[k - 1]).is_some_and(is_death)
                && lw[k - 1] != "shot"
        }) {
            ends.push(k + 1);
            out.push(Count {
                first: k,
                last: k,
                quantity: Quantity {
                    text: words[k].text.to_string(),
                    ..exact(1)
                },
                counted: Some("person".to_string()),
                action: Some("killed".to_string()),
                deaths: true,
                subset: false,
                update: false,
            });
        }
    }
    // "killing 23 regime fighters, and 19 Islamist fighters": a count listed after one with
    // an action shares it.
    for k in 1..out.len() {
        let between = ends[k - 1]..out[k].first;
        // Also a list written without its commas: "1,200 children 900 women and 300 men".
        let listed = between.len() <= 1
            && between.clone().all(|b| lw[b] == "and")
            && words[ends[k - 1].saturating_sub(1)].trail == ','
            || (between.len() == 1 && lw[ends[k - 1]] == "and")
            || (between.is_empty() && out[k].counted.is_some())
            // "… along with 8 militants", "… as well as 6 others".
            || {
                let b: Vec<&str> = between.clone().map(|b| lw[b].as_str()).collect();
                b.len() <= 16
                    && (b.ends_with(&["along", "with"])
                        || b.ends_with(&["as", "well", "as"])
                        || b.ends_with(&["together", "with"]))
            };
        if out[k].action.is_none() && out[k - 1].action.is_some() && listed {
            let person = out[k]
                .counted
                .as_deref()
                .and_then(|c| c.rsplit(' ').next())
                .is_some_and(is_person);
            out[k].action = out[k - 1].action.clone();
            out[k].deaths = out[k - 1].deaths && person;
            // A part listed after a part ("including 12 children and 9 women") is a part too.
            out[k].subset |= out[k - 1].subset;
        }
    }
    // "8 pro-Turkish and 4 QSD fighters were killed": the first count shares the second's
    // noun and fate.
    for k in (0..out.len().saturating_sub(1)).rev() {
        let (head, next) = (&out[k], &out[k + 1]);
        let head_person = head
            .counted
            .as_deref()
            .and_then(|c| c.rsplit(' ').next())
            .is_some_and(is_person);
        if !head_person
            && head.counted.as_deref().is_some_and(|c| !c.contains(' '))
            && ends[k] + 1 == next.first
            && lw[ends[k]] == "and"
            && next
                .counted
                .as_deref()
                .and_then(|c| c.rsplit(' ').next())
                .is_some_and(is_person)
        {
            let noun = next
                .counted
                .as_deref()
                .and_then(|c| c.rsplit(' ').next())
                .unwrap_or_default();
            let counted = format!("{} {noun}", head.counted.as_deref().unwrap_or_default());
            let (action, deaths) = (next.action.clone(), next.deaths);
            let c = &mut out[k];
            c.counted = Some(counted);
            c.action = action;
            c.deaths = deaths;
        }
    }
    out
}

fn words_text(words: &[Word], first: usize, last: usize) -> String {
    words[first..=last]
        .iter()
        .map(|w| w.text)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads hedge + number starting at word `i`; returns the word range and the bounds.
fn read_number(words: &[Word], lw: &[String], i: usize) -> Option<(usize, usize, Quantity)> {
    let q = |low, best, high| Quantity {
        low,
        best,
        high,
        text: String::new(),
    };
    let w = lw[i].as_str();
    // "between 5,000 and 7,000", "from 20 to 30"
    if (w == "between" || w == "from") && i + 3 < words.len() {
        if let (Some(a), Some(b)) = (number(words[i + 1].text), number(words[i + 3].text)) {
            if matches!(lw[i + 2].as_str(), "and" | "to") && a < b {
                return Some((i, i + 3, q(Some(a), None, Some(b))));
            }
        }
    }
    // Hedges: "at least", "more than", "nearly", "some", …
    let hedges: &[(&[&str], &str)] = &[
        (&["at", "least"], "low"),
        (&["no", "fewer", "than"], "low"),
        (&["no", "less", "than"], "low"),
        (&["more", "than"], "above"),
        (&["over"], "above"),
        (&["upwards", "of"], "above"),
        (&["nearly"], "below"),
        (&["almost"], "below"),
        (&["close", "to"], "below"),
        (&["up", "to"], "high"),
        (&["as", "many", "as"], "high"),
        (&["fewer", "than"], "high"),
        (&["less", "than"], "high"),
        (&["some"], "about"),
        (&["about"], "about"),
        (&["around"], "about"),
        (&["approximately"], "about"),
        (&["roughly"], "about"),
        (&["an", "estimated"], "about"),
        (&["estimated"], "about"),
        (&["an", "unspecified", "number", "of"], "none"),
    ];
    for (words_h, kind) in hedges {
        let n = words_h.len();
        if i + n < words.len()
            && lw[i..i + n]
                .iter()
                .map(String::as_str)
                .eq(words_h.iter().copied())
        {
            if *kind == "none" {
                return None;
            }
            let (_, last, inner) = read_plain(words, lw, i + n)?;
            let v = inner.best?;
            let bounds = match *kind {
                "low" => q(Some(v), Some(v), None),
                "above" => q(Some(v), Some(v), None),
                "below" => q(None, Some(v), Some(v)),
                "high" => q(None, None, Some(v)),
                _ => q(None, Some(v), None),
            };
            return Some((i, last, bounds));
        }
    }
    read_plain(words, lw, i)
}

/// A bare number: digits or words, with "thousand"/"million", or a vague amount.
fn read_plain(words: &[Word], lw: &[String], i: usize) -> Option<(usize, usize, Quantity)> {
    let w = lw.get(i)?.as_str();
    if let Some((_, least)) = VAGUE.iter().find(|(v, _)| *v == w) {
        let mut least = *least;
        let mut last = i;
        // "tens of thousands", "hundreds of thousands": the plural multiplies its unit.
        if lw.get(i + 1).is_some_and(|n| n == "of") {
            if let Some((_, unit)) = lw.get(i + 2).and_then(|n| {
                VAGUE
                    .iter()
                    .find(|(v, _)| v == n && matches!(*v, "thousands" | "millions"))
            }) {
                least = least / 2 * unit;
                last = i + 2;
            }
        }
        // "tens" alone is a count only as "tens of".
        if w == "tens" && lw.get(i + 1).is_none_or(|n| n != "of") {
            return None;
        }
        return Some((
            i,
            last,
            Quantity {
                low: Some(least),
                best: Some(least),
                high: None,
                text: String::new(),
            },
        ));
    }
    // "a dozen", "a hundred", "a thousand", "a million"
    if (w == "a" || w == "an") && i + 1 < words.len() {
        if let Some(v) = unit(&lw[i + 1])
            .filter(|v| *v == 12 || *v == 100)
            .or_else(|| multiplier(&lw[i + 1]))
        {
            return Some((i, i + 1, exact(v)));
        }
    }
    // "a civilian was killed", "killed a government soldier", "killed another soldier", "the
    // driver was killed": one person (up to two words may describe them). Whether they were
    // harmed is checked by the caller.
    if matches!(w, "a" | "an" | "another" | "the") && i + 1 < words.len() {
        // "a regime 4th Armored Division member": the person may come after a few modifiers.
        let reach = if w == "the" { 4 } else { 9 };
        for k in i + 1..(i + reach).min(words.len()) {
            let n = lw[k].as_str();
            if is_person(n) && !n.ends_with('s') && n != "people" {
                return Some((i, i, exact(1)));
            }
            if STOP.contains(&n) || action_of(n).is_some() || words[k].trail != ' ' {
                break;
            }
        }
        return None;
    }
    let mut v = number(words[i].text)?;
    let mut last = i;
    // "twenty five", "one hundred", "1.5 million"
    if let Some(m) = lw.get(i + 1).and_then(|n| multiplier(n)) {
        v *= m;
        last = i + 1;
    } else if (20..100).contains(&v) && v.is_multiple_of(10) {
        if let Some(o) = lw.get(i + 1).and_then(|n| unit(n)).filter(|o| *o < 10) {
            v += o;
            last = i + 1;
        }
    }
    Some((i, last, exact(v)))
}

fn exact(v: u64) -> Quantity {
    Quantity {
        low: Some(v),
        best: Some(v),
        high: Some(v),
        text: String::new(),
    }
}

/// Rules out numbers that are not counts of things: years, days of a month, times, model
/// numbers, money, distances with a direction, ages.
fn plausible_count(words: &[Word], lw: &[String], first: usize, last: usize) -> bool {
    let num = words[last];
    let prev = first.checked_sub(1).map(|p| lw[p].as_str()).unwrap_or("");
    let next = lw.get(last + 1).map(String::as_str).unwrap_or("");
    if num.text.contains(['$', '%', ':', '/'])
        || num.lead == '$'
        || num.lead == '#'
        || num.trail == '%'
    {
        return false;
    }
    if num.trail == '-' || num.lead == '-' {
        return false;
    }
    let raw = words[last].text;
    // "June 4", "4 June", "Feb 17 2015": a date, not a count. "In June, 40 villagers" and
    // "In June more than 40 villagers" are counts: a comma or a hedge stands between.
    let day = first == last;
    if day
        && ((dateline_model::dates::month(prev).is_some() && words[first - 1].trail == ' ')
            || dateline_model::dates::month(next).is_some())
    {
        return false;
    }
    if raw.len() == 4
        && !raw.contains(',')
        && raw.starts_with(['1', '2'])
        && number(raw).is_some_and(|y| (1900..2100).contains(&y))
    {
        return false;
    }
    if TIME_UNITS.contains(&next) {
        return false;
    }
    // "one of the biggest floods on record", "one of the town's most violent nights": a rank, not a
    // count.
    if lw[last] == "one"
        && next == "of"
        && lw.get(last + 2).is_some_and(|w| w == "the")
        && lw
            .iter()
            .skip(last + 3)
            .take(3)
            .any(|w| w == "most" || (w.ends_with("est") && w.len() > 5))
    {
        return false;
    }
    if DISTANCE.contains(&next) {
        let after = lw.get(last + 2).map(String::as_str).unwrap_or("");
        if COMPASS.contains(&after) || DIRECTIONS.contains(&after) {
            return false;
        }
    }
    if next.contains("-year-old") || next.ends_with("-old") {
        return false;
    }
    // A number after a unit's or a road's name is part of the name: "Regiment 46",
    // "Brigade 93", "Route 1".
    if first > 0
        && words[first - 1].text.starts_with(char::is_uppercase)
        && NAMED_BY_NUMBER.contains(&prev)
    {
        return false;
    }
    true
}

/// Nouns that take a number as their name ("Regiment 46").
const NAMED_BY_NUMBER: &[&str] = &[
    "regiment",
    "brigade",
    "division",
    "battalion",
    "corps",
    "squadron",
    "unit",
    "base",
    "route",
    "road",
    "highway",
    "checkpoint",
    "camp",
    "sector",
    "district",
    "block",
    "kilometer",
    "km",
    "point",
    "hill",
    "station",
    "flight",
    "resolution",
    "article",
];

/// The counted noun phrase after the number: up to four words, stopping at function words.
fn read_counted(words: &[Word], lw: &[String], start: usize) -> (Option<String>, usize) {
    let mut i = start;
    // "of the militants", "of them"
    if lw.get(i).is_some_and(|w| w == "of") {
        i += 1;
        if lw
            .get(i)
            .is_some_and(|w| w == "the" || w == "their" || w == "its")
        {
            i += 1;
        }
    }
    let mut parts = Vec::new();
    let modifier = |w: &str| {
        !STOP.contains(&w)
            && (action_of(w).is_none() || is_munition(w))
            && dateline_model::dates::month(w).is_none()
            && number(w).is_none()
            && !VAGUE.iter().any(|(v, _)| *v == w)
            // A verb ends the noun phrase: "rockets fell on the town".
            && (!crate::grammar::is_clause_word(w) || is_person(w))
            && (w.chars().next().is_some_and(char::is_alphabetic) || is_ordinal(w))
    };
    while i < lw.len() && parts.len() < 6 {
        let w = lw[i].as_str();
        // "23 regime and pro-regime militia fighters": "and" inside the phrase when more
        // description follows (not a number or a verb: "3 soldiers and 4 militants", "killed
        // 3 soldiers and wounded 5").
        let joined = w == "and"
            && !parts.is_empty()
            && !parts.iter().any(|p: &String| is_person(p))
            && lw
                .get(i + 1)
                .is_some_and(|n| !HEDGE_WORDS.contains(&n.as_str()))
            && words[i].trail == ' '
            && lw.get(i + 1).is_some_and(|n| modifier(n))
            && lw.get(i + 1).is_some_and(|n| !is_person(n));
        // An acronym describes ("2 IS members", "4 QSD fighters") even when it spells a
        // common word.
        let acronym =
            words[i].text.len() >= 2 && words[i].text.chars().all(|c| c.is_ascii_uppercase());
        if !joined && !modifier(w) && !acronym {
            break;
        }
        // A parenthesis or comma ends the phrase: "a government soldier (SNA)".
        if words[i].lead == '(' {
            break;
        }
        parts.push(w.trim_end_matches("'s").to_string());
        i += 1;
        if words[i - 1].trail != ' ' {
            break;
        }
    }
    while parts.last().is_some_and(|p| p == "and") {
        parts.pop();
    }
    if parts.is_empty()
        || parts
            .iter()
            .all(|p| p == "them" || p == "those" || p == "these")
    {
        return (None, i);
    }
    (Some(parts.join(" ")), i)
}

/// Words that open another count or a hedge, never a description: "695 localities and over
/// 14,000 square kilometers", "2 civilians and another".
const HEDGE_WORDS: &[&str] = &[
    "more",
    "over",
    "nearly",
    "almost",
    "about",
    "around",
    "some",
    "at",
    "up",
    "another",
    "other",
    "others",
    "a",
    "an",
    "the",
    "dozens",
    "hundreds",
    "thousands",
    "several",
    "many",
];

/// "4th", "21st": an ordinal in a unit's name ("4th Armored Division member").
fn is_ordinal(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// "were killed", "was injured", "had been killed", "died" right after a count.
fn passive_action(lw: &[String], at: usize) -> Option<&'static str> {
    let mut k = at;
    while k < lw.len()
        && k < at + 3
        && matches!(
            lw[k].as_str(),
            "were"
                | "was"
                | "had"
                | "have"
                | "has"
                | "been"
                | "reportedly"
                | "also"
                | "later"
                | "found"
                | "are"
                | "is"
                | "being"
        )
    {
        k += 1;
    }
    // "two soldiers are among the dead", "were among those wounded".
    if lw.get(k).is_some_and(|w| w == "among")
        && lw
            .get(k + 1)
            .is_some_and(|w| matches!(w.as_str(), "the" | "those"))
    {
        k += 2;
    }
    let a = action_of(lw.get(k)?)?;
    (k > at || is_death(a) || a == "injured").then_some(a)
}

/// The action of a count: the nearest action word before it (up to six words back), else
/// after it in the same clause ("six militants had been killed", "returned to their homes").
fn find_action(lw: &[String], first: usize, after: usize) -> Option<String> {
    for k in (first.saturating_sub(6)..first).rev() {
        if let Some(a) = action_of(&lw[k]) {
            // "killing and wounding dozens": one figure for two outcomes takes the first (not
            // "shot and wounded 2", where the shooting is how they were wounded).
            let paired = (k >= 2
                && matches!(lw[k - 1].as_str(), "and" | "or")
                && lw[k].ends_with("ing")
                && lw[k - 2].ends_with("ing"))
            .then(|| action_of(&lw[k - 2]))
            .flatten();
            return Some(paired.unwrap_or(a).to_string());
        }
        // "regained control of 695 …"
        if lw[k] == "control" {
            return Some("regained".to_string());
        }
        // "airstrikes were carried out against 1,888 …"
        if lw[k] == "against"
            && k > 0
            && matches!(
                lw[k - 1].as_str(),
                "out" | "conducted" | "launched" | "strikes" | "airstrikes"
            )
        {
            return Some("struck".to_string());
        }
    }
    for (k, w) in lw.iter().enumerate().skip(after).take(12) {
        if let Some(a) = action_of(w) {
            // "2 gunmen attacked the post, killing 3": what the clause's subject did to
            // others after a comma is not the count's fate.
            if k > after && w.ends_with("ing") {
                return None;
            }
            return Some(a.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words;

    /// (quantity text, low, best, high, counted, action)
    type Want<'a> = (
        &'a str,
        Option<u64>,
        Option<u64>,
        Option<u64>,
        &'a str,
        &'a str,
    );

    fn check(sentence: &str, want: &[Want]) {
        let w = words(sentence, 0, sentence.len());
        let got = counts(&w);
        let got: Vec<_> = got
            .iter()
            .map(|c| {
                (
                    c.quantity.text.as_str(),
                    c.quantity.low,
                    c.quantity.best,
                    c.quantity.high,
                    c.counted.as_deref().unwrap_or(""),
                    c.action.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got, want, "{sentence}");
    }

    #[test]
    fn hedged_counts() {
        check(
            "The forces killed some 850 militants and destroyed 11 tanks and other assets.",
            &[
                ("some 850", None, Some(850), None, "militants", "killed"),
                ("11", Some(11), Some(11), Some(11), "tanks", "destroyed"),
            ],
        );
        check(
            "At least five civilians and six militants had been killed in the town.",
            &[
                (
                    "At least five",
                    Some(5),
                    Some(5),
                    None,
                    "civilians",
                    "killed",
                ),
                ("six", Some(6), Some(6), Some(6), "militants", "killed"),
            ],
        );
        check(
            "It has destroyed nearly 1,900 terrorist facilities.",
            &[(
                "nearly 1,900",
                None,
                Some(1900),
                Some(1900),
                "terrorist facilities",
                "destroyed",
            )],
        );
        check(
            "Between 5,000 and 7,000 descendants are fighting there.",
            &[(
                "Between 5,000 and 7,000",
                Some(5000),
                None,
                Some(7000),
                "descendants",
                "",
            )],
        );
        check(
            "More than 108,000 refugees returned to their homes.",
            &[(
                "More than 108,000",
                Some(108000),
                Some(108000),
                None,
                "refugees",
                "returned",
            )],
        );
    }

    #[test]
    fn words_and_vague_amounts() {
        check(
            "Gunmen killed twenty-five villagers and a dozen soldiers.",
            &[
                (
                    "twenty-five",
                    Some(25),
                    Some(25),
                    Some(25),
                    "villagers",
                    "killed",
                ),
                (
                    "a dozen",
                    Some(12),
                    Some(12),
                    Some(12),
                    "soldiers",
                    "killed",
                ),
            ],
        );
        // The written policy: a plural of a number word is its least amount, also as best.
        check(
            "Dozens of people were wounded.",
            &[("Dozens", Some(24), Some(24), None, "people", "injured")],
        );
        check(
            "The floods drove tens of thousands of farmers to flee.",
            &[(
                "tens of thousands",
                Some(20000),
                Some(20000),
                None,
                "farmers",
                "displaced",
            )],
        );
        // Quantifiers that name no number are not figures.
        check("Several guards were hurt and many more fled.", &[]);
    }

    #[test]
    fn deaths_told_without_a_cause_and_strikes_counted() {
        check(
            "Eight sailors died at sea.",
            &[("Eight", Some(8), Some(8), Some(8), "sailors", "dead")],
        );
        check(
            "Jets dropped 30 barrel bombs and fired dozens of rockets on the valley.",
            &[
                (
                    "30",
                    Some(30),
                    Some(30),
                    Some(30),
                    "barrel bombs",
                    "conducted",
                ),
                ("dozens", Some(24), Some(24), None, "rockets", "conducted"),
            ],
        );
        check(
            "Gunmen opened fire, killing and wounding 14 people at the bus stop.",
            &[("14", Some(14), Some(14), Some(14), "people", "killed")],
        );
        check(
            "Car bomb kills 6 in border town.",
            &[("6", Some(6), Some(6), Some(6), "people", "killed")],
        );
        check(
            "A civilian was killed by a stray bullet.",
            &[("A", Some(1), Some(1), Some(1), "civilian", "killed")],
        );
    }

    #[test]
    fn coordinated_counts_and_long_descriptions() {
        // "and" inside one description; a listed count shares the action.
        check(
            "Clashes resulted in the killing of 23 regime and pro-regime militia fighters, and 19 Islamist fighters.",
            &[
                ("23", Some(23), Some(23), Some(23), "regime and pro-regime militia fighters", "killed"),
                ("19", Some(19), Some(19), Some(19), "islamist fighters", "killed"),
            ],
        );
        // The first count borrows the second's noun; "and" after a person noun ends it.
        check(
            "8 pro-Turkish and 4 QSD fighters were killed.",
            &[
                (
                    "8",
                    Some(8),
                    Some(8),
                    Some(8),
                    "pro-turkish fighters",
                    "killed",
                ),
                ("4", Some(4), Some(4), Some(4), "qsd fighters", "killed"),
            ],
        );
        check(
            "Gunmen killed 2 civilians and another was injured.",
            &[("2", Some(2), Some(2), Some(2), "civilians", "killed")],
        );
        // A person named after a unit: "a regime 4th Armored Division member".
        check(
            "Gunmen shot and killed a regime 4th Armored Division member.",
            &[(
                "a",
                Some(1),
                Some(1),
                Some(1),
                "regime 4th armored division member",
                "killed",
            )],
        );
        let got = counts(&words("the control district 7 people were killed", 0, 40));
        assert!(got.iter().all(|c| c.quantity.text != "the"), "{got:?}");
    }

    #[test]
    fn passives_bare_counts_and_subsets() {
        check(
            "1 soldier was killed and 2 others were injured.",
            &[
                ("1", Some(1), Some(1), Some(1), "soldier", "killed"),
                ("2", Some(2), Some(2), Some(2), "others", "injured"),
            ],
        );
        check(
            "6 were killed and 7 were injured.",
            &[
                ("6", Some(6), Some(6), Some(6), "people", "killed"),
                ("7", Some(7), Some(7), Some(7), "people", "injured"),
            ],
        );
        check(
            "Gunmen shot and killed a government soldier.",
            &[(
                "a",
                Some(1),
                Some(1),
                Some(1),
                "government soldier",
                "killed",
            )],
        );
        // A parenthesis ends the counted phrase.
        check(
            "Gunmen killed a government soldier (SNA) on duty.",
            &[(
                "a",
                Some(1),
                Some(1),
                Some(1),
                "government soldier",
                "killed",
            )],
        );
        let s = "At least 21 Al Shabaab and 2 child bystanders were killed.";
        let got = counts(&words(s, 0, s.len()));
        assert_eq!(
            got.iter().map(|c| c.deaths).collect::<Vec<_>>(),
            [true, true],
            "{got:?}"
        );
        let s = "At least 4 militants were killed, including 1 senior fighter.";
        let got = counts(&words(s, 0, s.len()));
        assert_eq!(
            got.iter().map(|c| c.subset).collect::<Vec<_>>(),
            [false, true]
        );
    }

    #[test]
    fn not_counts() {
        check(
            "In 2017, the war entered its 7th year on 20 September 2017.",
            &[],
        );
        check(
            "The Su-34 dropped a KAB-500 bomb about 5 km north of Homs.",
            &[],
        );
        check(
            "The four-year-old war lasted for 6 years at 12:30 GMT costing $17.95.",
            &[],
        );
    }
}

#[cfg(test)]
mod death_idiom_tests {
    use super::*;
    use crate::text::words;

    /// The deaths a sentence counts: (count, what) of each count that is a death.
    fn deaths(sentence: &str) -> Vec<(Option<u64>, String)> {
        let w = words(sentence, 0, sentence.len());
        counts(&w)
            .into_iter()
            .filter(|c| c.deaths)
            .map(|c| (c.quantity.best, c.counted.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn deaths_told_by_news_idioms_are_counted() {
        let one = |s: &str| deaths(s).iter().map(|d| d.0).collect::<Vec<_>>();
        assert_eq!(
            one("Gunmen shot and killed a bodyguard of the mayor."),
            [Some(1)]
        );
        assert_eq!(
            one("Police forces clashed with IS members, killing 2 IS members."),
            [Some(2)]
        );
        assert_eq!(
            one("The attack led to the death of 1 IS fighter."),
            [Some(1)]
        );
        assert_eq!(
            one("The shelling resulted in the killing of a little girl."),
            [Some(1)]
        );
        assert_eq!(
            one("The body of a soldier was found near the town."),
            [Some(1)]
        );
        assert_eq!(
            one("6 soldiers were found slaughtered in the desert."),
            [Some(6)]
        );
        assert_eq!(one("1 fatality."), [Some(1)]);
        assert_eq!(one("Officials reported 3 dead."), [Some(3)]);
        assert_eq!(
            one("A militia member was found killed near the village."),
            [Some(1)]
        );
        assert_eq!(
            one("Rebels shelled the post, killing 4 and wounding 3 others."),
            [Some(4)]
        );
        assert_eq!(
            one("He shot back at the attackers, killing 1 of them."),
            [Some(1)]
        );
        assert_eq!(
            one("The bodies of 2 fighters were found in the desert."),
            [Some(2)]
        );
        assert_eq!(
            one("Gunmen targeted a soldier on the road, killing him."),
            [Some(1)]
        );
        assert_eq!(
            one("A militia member's body was found near the bridge."),
            [Some(1)]
        );
        assert_eq!(
            one("A fighter succumbed to wounds received in the clash."),
            [Some(1)]
        );
        assert_eq!(
            one("Gunmen killed using small arms fire a police officer in the town."),
            [Some(1)]
        );
        assert_eq!(
            one("A fighter was shot and killed by an unidentified gunman."),
            [Some(1)]
        );
        assert!(one("Snipers shot at a militia fighter with no injuries reported.").is_empty());
        assert_eq!(
            one("Gunmen shot and killed a civilian, a tuktuk driver, near the junction."),
            [Some(1)]
        );
    }

    #[test]
    fn names_with_numbers_and_the_attackers_are_not_the_dead() {
        let one = |s: &str| deaths(s).iter().map(|d| d.0).collect::<Vec<_>>();
        assert_eq!(
            one("Snipers killed 1 soldier on the Regiment 46 front."),
            [Some(1)]
        );
        assert_eq!(
            one("2 gunmen attacked the checkpoint, killing 3 policemen."),
            [Some(3)]
        );
    }

    #[test]
    fn a_killing_given_as_a_reason_is_not_counted_again() {
        assert!(deaths("Residents protested over the killing of a driver.").is_empty());
        assert!(deaths("The meeting was a result of the killing of a civilian.").is_empty());
        assert!(deaths("The governing body of the council met on Monday.").is_empty());
    }
}
