//! Country codes and ACLED's world regions (`data/countries.tsv`, built by
//! `scripts/build_countries.py`), for exports in ACLED's columns.

use std::collections::HashMap;
use std::sync::OnceLock;

static DATA: &str = include_str!("../../../data/countries.tsv");

/// One country's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 ("SOM").
    pub iso3: &'static str,
    /// ISO 3166-1 numeric (706).
    pub numeric: u16,
    /// The region ACLED files the country under ("Eastern Africa", "Middle East").
    pub region: &'static str,
}

fn table() -> &'static HashMap<&'static str, Country> {
    static TABLE: OnceLock<HashMap<&'static str, Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (cc, iso3, num, region) = (f.next()?, f.next()?, f.next()?, f.next()?);
                let numeric = num.parse().ok()?;
                Some((
                    cc,
                    Country {
                        iso3,
                        numeric,
                        region,
                    },
                ))
            })
            .collect()
    })
}

/// The country of an ISO alpha-2 code ("SO"), if the table has it.
pub fn by_code(cc: &str) -> Option<Country> {
    table().get(cc).copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_and_regions_read_back() {
        let so = super::by_code("SO").expect("Somalia");
        assert_eq!(
            (so.iso3, so.numeric, so.region),
            ("SOM", 706, "Eastern Africa")
        );
        assert_eq!(super::by_code("SY").map(|c| c.region), Some("Middle East"));
        assert_eq!(super::by_code("ZZ"), None);
    }
}
