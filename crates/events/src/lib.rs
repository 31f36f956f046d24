//! Events across documents: recognising the same report republished ([`minhash`]), deciding
//! whether two documents' events are one real-world event ([`same_event`]), and describing a
//! merged event: its one-line [`summary`] and its [`context`] for related events.
//!
//! Pure functions: the store decides what to compare and keeps the results.

use dateline_model::{Event, Figure, Precision, Victims};

pub mod headline;
pub mod minhash;
pub mod story;

/// Days two reports' dates may differ and still be one event. Zero: fighting on consecutive
/// days at one place is coded as separate events, and reports of one event that disagree on
/// its day stay apart rather than risk merging two.
pub const DATE_SLACK_DAYS: i64 = 0;
/// Kilometres two point places may be apart and still be one event.
pub const SAME_PLACE_KM: f64 = 25.0;

/// True when two documents' events are one real-world event: same kind, dates that agree
/// within a day, and places that agree (near points, or the same named region). Undated or
/// unplaced events never match here; only a republished report joins them.
pub fn same_event(a: &Event, b: &Event) -> bool {
    // Outlets code one battle differently ("retook the town" / "fighting in the town").
    let battles = a.event_type == "Battles" && b.event_type == "Battles";
    if a.sub_event_type != b.sub_event_type && !battles {
        return false;
    }
    let (Some(da), Some(db)) = (a.date, b.date) else {
        return false;
    };
    let (Some(pa), Some(pb)) = (&a.place, &b.place) else {
        return false;
    };
    if !same_place(pa, pb) {
        return false;
    }
    if (da - db).num_days().abs() > DATE_SLACK_DAYS {
        return false;
    }
    // Named armed actors on both sides must overlap.
    let named = |e: &Event| -> Vec<String> {
        e.actors
            .iter()
            .filter(|x| x.category != "Civilians" && x.name != "Unidentified Armed Group")
            .map(|x| x.name.clone())
            .collect()
    };
    let (na, nb) = (named(a), named(b));
    // A region is too coarse to tell one day's events apart ("clashes in Idleb countryside"
    // is said of many): there the same kind of event between the same named sides, with no
    // differing death tolls, is needed.
    let coarse =
        |p: &dateline_model::Place| matches!(p.precision, Precision::Region | Precision::Country);
    if coarse(pa) || coarse(pb) {
        let deaths = |e: &Event| e.fatalities.as_ref().and_then(|f| f.best);
        let tolls_differ = matches!((deaths(a), deaths(b)), (Some(x), Some(y)) if x != y);
        return a.sub_event_type == b.sub_event_type
            && !na.is_empty()
            && na.iter().all(|x| nb.contains(x))
            && nb.iter().all(|x| na.contains(x))
            && !tolls_differ;
    }
    na.is_empty() || nb.is_empty() || na.iter().any(|x| nb.contains(x))
}

/// True when a republished copy's event can be its original's event: no known dates or
/// places that differ (formulaic reports of other events look like copies).
pub fn copy_compatible(a: &Event, b: &Event) -> bool {
    let dates_ok = a.date.is_none() || b.date.is_none() || a.date == b.date;
    let places_ok = match (&a.place, &b.place) {
        (Some(pa), Some(pb)) => same_place(pa, pb),
        _ => true,
    };
    dates_ok && places_ok
}

/// True when two reports name the same place: the same words ("Jowhar" and "Jowhar"), or the
/// same gazetteer point named whole in both ("Jowhar" and "Jawhar"). A district or region is
/// too coarse to tell events apart, and a mention longer than the place's name names a part
/// of it ("Mogadishu - Yaqshid"): then only the same words will do.
fn same_place(pa: &dateline_model::Place, pb: &dateline_model::Place) -> bool {
    if pa.country_code != pb.country_code
        || pa.name != pb.name && fold_words(&pa.mention) != fold_words(&pb.mention)
    {
        return false;
    }
    let same_words = fold_words(&pa.mention) == fold_words(&pb.mention);
    let whole = |p: &dateline_model::Place| {
        fold_words(&p.mention).split(' ').count() <= fold_words(&p.name).split(' ').count()
    };
    let points = pa.precision == Precision::Point && pb.precision == Precision::Point;
    if points {
        (same_words || (whole(pa) && whole(pb)))
            && dateline_model::km(pa.lat, pa.lon, pb.lat, pb.lon) <= SAME_PLACE_KM
    } else {
        same_words && pa.name == pb.name
    }
}

/// A place mention folded for comparison: lowercase words.
pub fn fold_words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A conflict: country code, name, first year, last year (None: ongoing).
type Conflict = (String, String, i32, Option<i32>);

/// The conflict names of `data/conflicts.tsv`.
static CONFLICTS: std::sync::LazyLock<Vec<Conflict>> = std::sync::LazyLock::new(|| {
    include_str!("../../../data/conflicts.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((
                f.first()?.to_string(),
                f.get(1)?.to_string(),
                f.get(2)?.parse().ok()?,
                f.get(3).and_then(|y| y.trim().parse().ok()),
            ))
        })
        .collect()
});

/// The armed conflict an event of political violence belongs to, by its country and year
/// (`data/conflicts.tsv`); None for other events or when the date is unknown.
pub fn conflict(e: &Event) -> Option<&'static str> {
    use chrono::Datelike;
    if matches!(e.event_type.as_str(), "Protests" | "Riots" | "Other") {
        return None;
    }
    let cc = e.place.as_ref()?.country_code.as_str();
    let year = e.date?.year();
    CONFLICTS
        .iter()
        .find(|(c, _, from, to)| c == cc && year >= *from && to.is_none_or(|t| year <= t))
        .map(|(_, name, _, _)| name.as_str())
}

/// Adds a context entry unless one of the same name is there already, whatever its case
/// ("Islamic State" and "Islamic state" are one entry; the first spelling stays).
pub fn push_context(out: &mut Vec<String>, s: &str) {
    if !s.is_empty() && !out.iter().any(|o| o.to_lowercase() == s.to_lowercase()) {
        out.push(s.to_string());
    }
}

/// The context of an event, as the Context showed it: its places' regions and country, the conflict, and
/// its actors.
pub fn context(e: &Event) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| push_context(&mut out, s);
    if let Some(p) = &e.place {
        if let Some(a1) = &p.admin1 {
            push(a1);
        }
        if let Some(c) = &p.country {
            push(c);
        }
    }
    for a in &e.actors {
        if a.name != "Unidentified Armed Group" {
            push(&a.name);
        }
    }
    if let Some(c) = conflict(e) {
        push(c);
    }
    out
}

fn lead(e: &Event) -> String {
    let armed: Vec<&dateline_model::Actor> = e
        .actors
        .iter()
        .filter(|a| a.category != "Civilians" && a.name != "Unidentified Armed Group")
        .collect();
    let a1 = armed.first().map(|a| a.name.as_str());
    // The other side: the first actor of another kind (state forces against a group), so that
    // allies named together are not made enemies.
    let state = |a: &dateline_model::Actor| a.category == "State forces";
    let a2 = armed
        .first()
        .and_then(|x| armed.iter().find(|y| state(x) != state(y)))
        .map(|a| a.name.as_str());
    match (e.sub_event_type.as_str(), a1, a2) {
        ("Armed clash", Some(x), Some(y)) => format!("Clashes between {x} and {y}"),
        ("Armed clash", Some(x), None) => format!("Fighting involving {x}"),
        ("Armed clash", None, _) => "Fighting".into(),
        ("Air/drone strike", Some(x), _) => format!("Airstrikes by {x}"),
        ("Air/drone strike", None, _) => "Airstrikes".into(),
        ("Shelling/artillery/missile attack", Some(x), _) => format!("Shelling by {x}"),
        ("Shelling/artillery/missile attack", None, _) => "Shelling".into(),
        ("Government regains territory", Some(x), _) => format!("{x} regain territory"),
        ("Non-state actor overtakes territory", Some(x), _) => format!("{x} take territory"),
        ("Remote explosive/landmine/IED", _, _) => "A bomb blast".into(),
        ("Suicide bomb", _, _) => "A suicide bombing".into(),
        ("Grenade", _, _) => "A grenade attack".into(),
        ("Attack", Some(x), _) => format!("An attack by {x} on civilians"),
        ("Attack", None, _) => "An attack on civilians".into(),
        ("Abduction/forced disappearance", _, _) => "An abduction".into(),
        ("Arrests", Some(x), _) => format!("Arrests by {x}"),
        ("Peaceful protest", _, _) => "A protest".into(),
        ("Violent demonstration", _, _) => "A violent demonstration".into(),
        (other, _, _) => other.to_string(),
    }
}

/// The place phrase: "Teir Malla, Homs, Syria".
fn place_phrase(e: &Event) -> Option<String> {
    let p = e.place.as_ref()?;
    let mut parts = vec![p.name.clone()];
    if let Some(a1) = &p.admin1 {
        if *a1 != p.name {
            parts.push(a1.clone());
        }
    }
    if let Some(c) = &p.country {
        if *c != p.name {
            parts.push(c.clone());
        }
    }
    Some(parts.join(", "))
}

fn figure_text(f: &Figure) -> String {
    let n = match (f.low, f.best, f.high) {
        (Some(l), _, Some(h)) if l != h => format!("{l} to {h}"),
        (Some(l), Some(b), None) if l == b => format!("at least {b}"),
        (_, Some(b), _) => b.to_string(),
        (Some(l), None, None) => format!("at least {l}"),
        _ => "an unknown number".into(),
    };
    // "1 civilian", "2 civilians".
    let plural = if n == "1" { "" } else { "s" };
    match f.victims {
        Victims::All => n,
        Victims::Civilians => format!("{n} civilian{plural}"),
        Victims::Combatants => format!("{n} combatant{plural}"),
    }
}

/// A one-line summary in the Current Events Portal's style: the event's own sentence, made
/// short and plain (its time phrase and attribution moved out), else a sentence built from the
/// event's fields; death figures are attributed to their claimants, disputed ones side by side.
pub fn summary(e: &Event) -> String {
    from_sentence(e).unwrap_or_else(|| from_fields(e))
}

/// The event's sentence as a summary ([`headline`]): "On Thursday, militants attacked a base
/// near Jowhar, police said." → "Militants attacked a base near Jowhar, according to police."
/// None when the sentence cannot stand alone as a headline.
fn from_sentence(e: &Event) -> Option<String> {
    let h = headline::headline(e.lead.as_deref()?)?;
    let s = h.text.as_str();
    let source = h.source.as_deref();
    let mut out = String::with_capacity(s.len() + 64);
    out.push_str(s);
    let deaths: Vec<&Figure> = e.figures.iter().filter(|f| f.counted == "deaths").collect();
    // The sentence's own source, unless the one death figure's claimant says it all.
    let figure_claimant = match deaths.as_slice() {
        [one] => one.claimant.as_deref(),
        _ => None,
    };
    if let Some(who) = source.filter(|w| figure_claimant.is_none_or(|c| !c.eq_ignore_ascii_case(w)))
    {
        out.push_str(&format!(", according to {}", who_mid(who)));
    }
    match deaths.as_slice() {
        [] => {}
        [one] => {
            let said = one.best.or(one.low).map(|v| v.to_string());
            let told = said.as_deref().is_some_and(|v| s.contains(v));
            if !told {
                out.push_str(&format!("; {} killed", figure_text(one)));
            }
            if let Some(who) = one.claimant.as_deref().map(who_mid) {
                out.push_str(&format!(", according to {who}"));
            }
        }
        many => {
            let what = if e.disputed {
                "disputed tolls"
            } else {
                "tolls"
            };
            out.push_str(&format!("; {what}: {}", side_by_side(many)));
        }
    }
    out.push('.');
    Some(out)
}

/// A claimant named mid-sentence: "the Syrian Observatory", not "The Syrian Observatory".
fn who_mid(w: &str) -> String {
    for article in ["The ", "A ", "An "] {
        if let Some(rest) = w.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    w.to_string()
}

/// Claimants' figures side by side: "11 (the Observatory) or 25 (a resident)"; figures of
/// different victims add up, so they are joined by "and": "9 civilians (the monitor) and 3
/// combatants (the army)".
fn side_by_side(figures: &[&Figure]) -> String {
    let mut groups: std::collections::BTreeMap<Victims, Vec<String>> = Default::default();
    for f in figures {
        groups.entry(f.victims).or_default().push(format!(
            "{} ({})",
            figure_text(f),
            who_mid(f.claimant.as_deref().unwrap_or("unattributed"))
        ));
    }
    groups
        .into_values()
        .map(|g| g.join(" or "))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A summary built from the event's fields: "Clashes between X and Y in Homs, Syria kill 11".
fn from_fields(e: &Event) -> String {
    let mut s = lead(e);
    if let Some(p) = place_phrase(e) {
        s.push_str(" in ");
        s.push_str(&p);
    }
    let deaths: Vec<&Figure> = e.figures.iter().filter(|f| f.counted == "deaths").collect();
    // The verb agrees with the lead: "Clashes … kill 3", "A bomb blast … kills 3"; a lead that
    // is a clause of its own ("X regain territory") takes the toll after a semicolon.
    let kill = if s.ends_with(" territory") || s.contains(" territory in ") {
        "; killing"
    } else if ["Clashes", "Airstrikes", "Arrests"]
        .iter()
        .any(|p| s.starts_with(p))
    {
        " kill"
    } else {
        " kills"
    };
    match deaths.as_slice() {
        [] => {}
        [one] => {
            s.push_str(&format!("{kill} {}", figure_text(one)));
            if let Some(c) = &one.claimant {
                s.push_str(&format!(", according to {c}"));
            }
        }
        many => {
            s.push_str(&format!("{kill} {}", side_by_side(many)));
            if e.disputed {
                s.push_str("; the figures are disputed");
            }
        }
    }
    s.push('.');
    s
}

pub use dateline_model::slug;

#[cfg(test)]
mod tests {
    #[test]
    fn built_summaries_agree_in_number() {
        let toll = |best| Figure {
            claimant: None,
            counted: "deaths".into(),
            low: Some(best),
            best: Some(best),
            high: Some(best),
            claims: vec![],
            victims: Default::default(),
            party: false,
        };
        let mut e = event("Armed clash", "2025-04-05", 34.7, 36.7);
        e.figures = vec![toll(2)];
        assert_eq!(
            from_fields(&e),
            "Fighting involving Military Forces of Syria in Homs, Syria kills 2."
        );
        e.actors.push(dateline_model::Actor {
            name: "Islamic State".into(),
            category: "Rebel group".into(),
        });
        assert_eq!(
            from_fields(&e),
            "Clashes between Military Forces of Syria and Islamic State in Homs, Syria kill 2."
        );
        e.sub_event_type = "Government regains territory".into();
        assert_eq!(
            from_fields(&e),
            "Military Forces of Syria regain territory in Homs, Syria; killing 2."
        );
    }

    #[test]
    fn context_names_are_one_whatever_their_case() {
        let mut out = Vec::new();
        for c in ["Islamic State", "islamic state", "Syria", "ISLAMIC STATE"] {
            super::push_context(&mut out, c);
        }
        assert_eq!(out, ["Islamic State", "Syria"]);
    }

    use super::*;
    use dateline_model::{Actor, Place, Span};

    fn event(sub: &str, date: &str, lat: f64, lon: f64) -> Event {
        Event {
            id: "d#e0".into(),
            event_type: "Battles".into(),
            sub_event_type: sub.into(),
            date: dateline_model::dates::parse_iso_prefix(date),
            place: Some(Place {
                name: "Homs".into(),
                mention: "Homs".into(),
                lat,
                lon,
                admin1: Some("Homs".into()),
                admin2: None,
                country: Some("Syria".into()),
                country_code: "SY".into(),
                precision: Precision::Point,
                gazetteer: None,
            }),
            actors: vec![Actor {
                name: "Military Forces of Syria".into(),
                category: "State forces".into(),
            }],
            fatalities: None,
            figures: vec![],
            disputed: false,
            span: Span::new(0, 0),
            claims: vec![],
            lead: None,
        }
    }

    #[test]
    fn matching_events() {
        let a = event("Armed clash", "2017-09-19", 34.72, 36.72);
        assert!(same_event(
            &a,
            &event("Armed clash", "2017-09-19", 34.80, 36.75)
        ));
        assert!(!same_event(
            &a,
            &event("Armed clash", "2017-09-20", 34.72, 36.72)
        ));
        let mut district = event("Armed clash", "2017-09-19", 34.72, 36.72);
        if let Some(p) = district.place.as_mut() {
            p.mention = "Homs - Al Waer".into();
        }
        assert!(
            !same_event(&a, &district),
            "a named quarter is not the whole city"
        );
        let mut strike = event("Air/drone strike", "2017-09-19", 34.72, 36.72);
        strike.event_type = "Explosions/Remote violence".into();
        assert!(!same_event(&a, &strike));
        assert!(!same_event(
            &a,
            &event("Armed clash", "2017-09-22", 34.72, 36.72)
        ));
        assert!(!same_event(
            &a,
            &event("Armed clash", "2017-09-19", 35.13, 36.75)
        ));
    }

    #[test]
    fn summaries_come_from_the_event_sentence_made_plain() {
        let mut e = event("Armed clash", "2025-04-05", 2.78, 45.5);
        e.lead = Some(
            "On Saturday, Al Shabaab militants attacked a military base near Jowhar, killing 3 soldiers, police said."
                .into(),
        );
        e.figures = vec![Figure {
            claimant: Some("police".into()),
            counted: "deaths".into(),
            low: Some(3),
            best: Some(3),
            high: Some(3),
            claims: vec![],
            victims: Default::default(),
            party: false,
        }];
        assert_eq!(
            summary(&e),
            "Al Shabaab militants attacked a military base near Jowhar, killing 3 soldiers, according to police."
        );
        e.lead =
            Some("The General Staff said that the offensive on the town had been stopped.".into());
        e.figures.clear();
        assert_eq!(
            summary(&e),
            "The offensive on the town had been stopped, according to The General Staff."
                .replace("The General", "the General")
        );
        // A quotation is not a summary: the fields make one.
        e.lead = Some("\"We pushed them out of the town,\" a commander said.".into());
        assert_eq!(
            summary(&e),
            "Fighting involving Military Forces of Syria in Homs, Syria."
        );
    }

    #[test]
    fn summaries_attribute_disputed_figures() {
        let mut e = event("Armed clash", "2017-09-19", 34.72, 36.72);
        e.figures = vec![
            Figure {
                claimant: Some("the Observatory".into()),
                counted: "deaths".into(),
                low: Some(11),
                best: Some(11),
                high: None,
                claims: vec![],
                victims: Default::default(),
                party: false,
            },
            Figure {
                claimant: Some("a resident".into()),
                counted: "deaths".into(),
                low: Some(25),
                best: Some(25),
                high: None,
                claims: vec![],
                victims: Default::default(),
                party: false,
            },
        ];
        e.disputed = true;
        assert_eq!(
            summary(&e),
            "Fighting involving Military Forces of Syria in Homs, Syria kills at least 11 (the Observatory) or at least 25 (a resident); the figures are disputed."
        );
        assert_eq!(
            slug("Fighting in Homs, Syria: 11 killed."),
            "fighting-in-homs-syria-11-killed"
        );
    }

    #[test]
    fn the_conflict_is_context_for_violence_in_its_years() {
        let mut e = event("Armed clash", "2017-08-13", 34.7, 36.7);
        assert_eq!(conflict(&e), Some("Syrian civil war"));
        assert!(context(&e).iter().any(|c| c == "Syrian civil war"));
        e.date = dateline_model::dates::parse_iso_prefix("2009-01-01");
        assert_eq!(conflict(&e), None);
        e.date = dateline_model::dates::parse_iso_prefix("2017-08-13");
        e.event_type = "Protests".into();
        assert_eq!(conflict(&e), None);
    }
}
