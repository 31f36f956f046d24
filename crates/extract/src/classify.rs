//! Event type: ACLED's event_type / sub_event_type from a sentence's words (action, weapon,
//! actors). Rules are ordered from the most specific cue (a suicide bomb) to the most general
//! (fighting); the first that matches wins.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// A typed cue found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    /// Strong cues name the event ("airstrike"); weak ones only imply one ("killed").
    pub strong: bool,
}

const EXPLOSIONS: &str = "Explosions/Remote violence";
const BATTLES: &str = "Battles";
const VAC: &str = "Violence against civilians";
const STRATEGIC: &str = "Strategic developments";

/// (any of these stems, event type, sub-event type)
const RULES: &[(&[&str], &str, &str)] = &[
    (
        &[
            "suicide bomb",
            "suicide attack",
            "suicide car",
            "suicide vest",
            "svbied",
            "self-detonat",
            "blew himself",
            "blew herself",
        ],
        EXPLOSIONS,
        "Suicide bomb",
    ),
    (
        &[
            "defused",
            "dismantled an",
            "disarmed an",
            "seized weapons",
            "seized a weapons cache",
            "seized an arms cache",
            "found a weapons cache",
            "safely detonated",
            "controlled detonation",
            "discovered and removed",
        ],
        STRATEGIC,
        "Disrupted weapons use",
    ),
    (
        &[
            "airstrike",
            "air strike",
            "air raid",
            "airstrikes",
            "drone strike",
            "drone attack",
            "aerial bombard",
            "warplanes struck",
            "warplanes bombed",
            "sorties",
            "air-strike",
            "bombing raid",
            "jets struck",
            "jets bombed",
            "helicopter gunship",
        ],
        EXPLOSIONS,
        "Air/drone strike",
    ),
    (
        &[
            "ied",
            "improvised explosive",
            "roadside bomb",
            "landmine",
            "land mine",
            "explosive device",
            "car bomb",
            "vbied",
            "remote-controlled",
            "bomb exploded",
            "bomb went off",
            "bomb blast",
            "explosion",
            "detonated",
        ],
        EXPLOSIONS,
        "Remote explosive/landmine/IED",
    ),
    (
        &[
            "threw a grenade",
            "hurled a grenade",
            "grenade attack",
            "grenade was thrown",
            "grenade exploded",
            "lobbed a grenade",
            "grenade blast",
        ],
        EXPLOSIONS,
        "Grenade",
    ),
    (
        &[
            "shelling",
            "shelled",
            "artillery fire",
            "artillery barrage",
            "artillery shell",
            "artillery strike",
            "mortar fire",
            "mortar shell",
            "mortar round",
            "mortar attack",
            "fired mortar",
            "rocket attack",
            "rocket fire",
            "fired rockets",
            "rockets were fired",
            "missile strike",
            "missile attack",
            "fired missiles",
            "shells landed",
            "shells hit",
            "bombarded",
        ],
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
    ),
    (
        &["abduct", "kidnap", "hostage"],
        VAC,
        "Abduction/forced disappearance",
    ),
    (
        &["raped", "sexual violence", "sexually assaulted"],
        VAC,
        "Sexual violence",
    ),
    (
        &[
            "handed over",
            "withdrew from",
            "pulled out of",
            "withdrawal from",
            "vacated",
            "without a fight",
            "without resistance",
            "after the withdrawal",
        ],
        STRATEGIC,
        "Non-violent transfer of territory",
    ),
    (
        &[
            "retook",
            "retake",
            "recaptur",
            "regained control",
            "regain control",
            "liberated",
            "liberating",
            "drove out",
            "driving out",
            "regained",
            "retaken",
        ],
        BATTLES,
        "Government regains territory",
    ),
    (
        &[
            "captured the town",
            "captured the village",
            "seized control",
            "took control",
            "taken control",
            "overran",
            "captured the city",
            "seized the town",
            "seized the village",
            "took over",
        ],
        BATTLES,
        "Non-state actor overtakes territory",
    ),
    (
        &[
            "fired on protesters",
            "opened fire on protesters",
            "fired on demonstrators",
            "opened fire on demonstrators",
            "fired live",
            "tear gas",
            "teargas",
            "dispersed the protest",
            "dispersed protesters",
            "dispersed demonstrators",
        ],
        "Protests",
        "Excessive force against protesters",
    ),
    (
        &[
            "riot",
            "rioters",
            "stone-throw",
            "threw stones",
            "pelted",
            "burned tires",
            "burning tires",
            "blocked roads",
            "blocked the road",
            "torched",
            "set fire",
            "violent protest",
            "violent demonstration",
        ],
        "Riots",
        "Violent demonstration",
    ),
    (
        &[
            "protest",
            "demonstrat",
            "rally",
            "rallied",
            "marched",
            "sit-in",
        ],
        "Protests",
        "Peaceful protest",
    ),
    (&["mob "], "Riots", "Mob violence"),
    (
        &[
            "clash",
            "fighting",
            "fought",
            "battle",
            "gunfight",
            "exchange of fire",
            "exchanged fire",
            "firefight",
            "ambush",
            "offensive",
            "assault",
            "repel",
            "attacked",
            "attack on",
            "attack against",
            "raided",
            "raid on",
            "engaged",
            "skirmish",
            "counteroffensive",
            "besieg",
            "opened fire",
            "fight broke out",
            "fighting broke out",
            "exchange of shelling",
            "exchanged shelling",
        ],
        BATTLES,
        "Armed clash",
    ),
    (
        &["arrested", "detained", "arrests", "detention", "rounded up"],
        STRATEGIC,
        "Arrests",
    ),
    (
        &[
            "looted",
            "looting",
            "burned houses",
            "burned homes",
            "demolished",
            "destroyed homes",
            "destroyed houses",
            "set ablaze",
            "burnt down",
            "burned down",
            "destroyed hideouts",
            "destroyed the hideouts",
        ],
        STRATEGIC,
        "Looting/property destruction",
    ),
    (
        &[
            "signed an agreement",
            "signed a deal",
            "reached an agreement",
            "agreed to a",
            "peace deal",
            "truce was",
            "ceasefire was agreed",
            "signed a peace",
            "signed a ceasefire",
            "surrendered",
            "defected",
            "handed themselves",
            "prisoner exchange",
            "released",
        ],
        STRATEGIC,
        "Agreement",
    ),
    (
        &[
            "established a base",
            "set up a base",
            "established a military base",
            "established a new base",
            "set up a new base",
            "established a camp",
            "headquarters",
        ],
        STRATEGIC,
        "Headquarters or base established",
    ),
    (
        &[
            "shot dead",
            "gunned down",
            "executed",
            "beheaded",
            "murdered",
            "stabbed",
            "assassinat",
            "massacre",
            "shot and killed",
            "shot and injured",
            "shot and wounded",
        ],
        VAC,
        "Attack",
    ),
    (
        &[
            "deployed",
            "deployment",
            "reinforcements",
            "recruit",
            "graduated",
            "mobilized",
            "mobilised",
            "troops arrived",
            "forces arrived",
            "convoy",
            "patrol",
            "relocated",
            "redeployed",
            "withdrew",
            "military operation",
            "security operation",
        ],
        STRATEGIC,
        "Change to group/activity",
    ),
];

/// Words that say two sides fought.
const BATTLE_WORDS: &[&str] = &[
    "clash",
    "clashes",
    "clashed",
    "fighting",
    "fought",
    "battle",
    "exchange of fire",
    "exchanged fire",
    // Shelling both ways is two armed sides fighting.
    "exchange of shelling",
    "exchanged shelling",
    "exchange of artillery",
    "exchanged artillery",
    "firefight",
    "gunfight",
    "gun battle",
    "engaged them",
    "skirmish",
];

/// Words that put strikes in support of ground fighting.
const SUPPORTING: &[&str] = &[
    "supported by",
    "backed by",
    "with the support of",
    "with air support",
    "air cover",
    "aerial support",
];

/// Words that imply violence without naming its kind.
const WEAK: &[&str] = &[
    "killed",
    "injuring",
    "wounding",
    "body of",
    "bodies of",
    "killing",
    "kills",
    "dead",
    "wounded",
    "injured",
    "died",
    "destroyed",
    "shot",
];

/// Which list a stem belongs to.
#[derive(Clone, Copy)]
enum Group {
    Rule(usize),
    Battle,
    Weak,
}

/// All stems in one automaton, so a sentence is scanned once instead of once per stem.
static STEMS: LazyLock<(AhoCorasick, Vec<(Group, usize)>)> = LazyLock::new(|| {
    let mut patterns: Vec<&str> = Vec::new();
    let mut groups = Vec::new();
    for (i, (stems, _, _)) in RULES.iter().enumerate() {
        for s in *stems {
            patterns.push(s);
            groups.push((Group::Rule(i), s.len()));
        }
    }
    for s in BATTLE_WORDS {
        patterns.push(s);
        groups.push((Group::Battle, s.len()));
    }
    for s in WEAK {
        patterns.push(s);
        groups.push((Group::Weak, s.len()));
    }
    let ac = AhoCorasick::new(&patterns).expect("static stems build an automaton");
    (ac, groups)
});

/// True when a stem found at `at..at+len` stands at a word start; short stems ("ied",
/// "raid") must also end a word (a plural "s" allowed).
fn stem_fits(lower: &str, at: usize, len: usize) -> bool {
    let before_ok = !lower[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let after = lower[at + len..].chars().next();
    before_ok
        && (len > 4 || !after.is_some_and(|c| c.is_ascii_alphanumeric()) || after == Some('s'))
}

/// The event a sentence names, if any. `civilian_victims` is true when the only people hurt
/// are civilians (an attack on civilians rather than a battle); `armed_victims` when those hurt
/// are under arms (soldiers, fighters: a battle, however one-sided).
pub fn classify(sentence: &str, civilian_victims: bool, armed_victims: bool) -> Option<Cue> {
    let lower = sentence.to_lowercase();
    let (ac, groups) = &*STEMS;
    let (mut rule, mut battle, mut weak) = (None::<usize>, false, false);
    for m in ac.find_overlapping_iter(&lower) {
        let (group, len) = groups[m.pattern().as_usize()];
        if !stem_fits(&lower, m.start(), len) {
            continue;
        }
        match group {
            Group::Rule(i) => rule = Some(rule.map_or(i, |r| r.min(i))),
            Group::Battle => battle = true,
            Group::Weak => weak = true,
        }
    }
    // The first rule that matches wins.
    if let Some(&(_, et, st)) = rule.and_then(|i| RULES.get(i)) {
        // Two armed sides fighting is a battle, whatever weapons it used or who else was hurt;
        // so is a killing of people under arms.
        // Strikes in support of a fight are part of it ("forces, supported by airstrikes,
        // clashed with …").
        let supported = SUPPORTING.iter().any(|w| lower.contains(w));
        if (battle
            && matches!(
                st,
                "Shelling/artillery/missile attack" | "Attack" | "Grenade"
            ))
            || (battle && supported && st == "Air/drone strike")
            || (armed_victims && et == VAC)
        {
            return Some(Cue {
                event_type: BATTLES,
                sub_event_type: "Armed clash",
                strong: true,
            });
        }
        // An "attack" on civilians alone is violence against civilians.
        if (st == "Armed clash" || st == "Attack") && civilian_victims && !battle {
            return Some(Cue {
                event_type: VAC,
                sub_event_type: "Attack",
                strong: true,
            });
        }
        return Some(Cue {
            event_type: et,
            sub_event_type: st,
            strong: true,
        });
    }
    if weak {
        let (et, st) = if civilian_victims {
            (VAC, "Attack")
        } else {
            (BATTLES, "Armed clash")
        };
        return Some(Cue {
            event_type: et,
            sub_event_type: st,
            strong: false,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str, civ: bool, want: Option<&str>) {
        assert_eq!(
            classify(s, civ, false).map(|c| c.sub_event_type),
            want,
            "{s}"
        );
    }

    #[test]
    fn shelling_both_ways_and_strikes_in_support_of_a_fight_are_a_clash() {
        check(
            "The two factions exchanged shelling and heavy machine gun fire in the city.",
            false,
            Some("Armed clash"),
        );
        check(
            "Government forces, supported by airstrikes, clashed with rebels near the town.",
            false,
            Some("Armed clash"),
        );
        check(
            "A fight broke out between two militia members in the market.",
            false,
            Some("Armed clash"),
        );
        // Strikes alone stay strikes.
        check(
            "Warplanes carried out airstrikes on rebel positions near the town.",
            false,
            Some("Air/drone strike"),
        );
    }

    #[test]
    fn a_body_found_implies_violence_without_naming_its_kind() {
        let cue = classify(
            "The body of a fighter was found near the town.",
            false,
            true,
        );
        assert!(cue.is_some_and(|c| !c.strong));
        assert!(classify("The governing council met on Monday.", false, false).is_none());
    }

    #[test]
    fn sub_event_types() {
        check(
            "US forces conducted an airstrike targeting militants near the town.",
            false,
            Some("Air/drone strike"),
        );
        check(
            "A roadside bomb hit a military convoy.",
            false,
            Some("Remote explosive/landmine/IED"),
        );
        check(
            "A suicide bomber blew himself up at a checkpoint.",
            false,
            Some("Suicide bomb"),
        );
        check(
            "Militants shelled the town with mortars.",
            false,
            Some("Shelling/artillery/missile attack"),
        );
        check(
            "Government troops retook the town after militants fled.",
            false,
            Some("Government regains territory"),
        );
        check(
            "Heavy clashes broke out between the army and militants.",
            false,
            Some("Armed clash"),
        );
        check(
            "Gunmen attacked a village and killed three farmers.",
            true,
            Some("Attack"),
        );
        check(
            "Gunmen abducted two aid workers.",
            true,
            Some("Abduction/forced disappearance"),
        );
        check("Police arrested five suspects.", false, Some("Arrests"));
        check(
            "Hundreds of people protested against rising prices.",
            false,
            Some("Peaceful protest"),
        );
        check("Two soldiers were killed.", false, Some("Armed clash"));
        // A killing of people under arms is a battle; of civilians, an attack.
        let s = "Unknown gunmen shot and killed a regime soldier at a checkpoint.";
        assert_eq!(
            classify(s, false, true).map(|c| c.sub_event_type),
            Some("Armed clash")
        );
        assert_eq!(
            classify(s, true, false).map(|c| c.sub_event_type),
            Some("Attack")
        );
        check("The minister visited the capital.", false, None);
        check("The lied-about report.", false, None);
    }
}
