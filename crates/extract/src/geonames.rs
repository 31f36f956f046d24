//! Official GeoNames dumps, for users who download them (<https://download.geonames.org/
//! export/dump/>, CC BY 4.0): a country file (`SO.txt`) or `allCountries.txt`, with
//! `admin1CodesASCII.txt` and `admin2Codes.txt` to name regions and districts. The embedded
//! gazetteer has GeoNames' places of 500 people or more; a country dump adds every village,
//! hill and district GeoNames knows there, which conflict reporting names all the time.
//!
//! [`add_dir`] reads every dump in a folder into a [`Gazetteer`]: populated places (feature
//! class P) as places, ADM1/ADM2 areas as regions, Latin-script alternate names as keys.
//! Rows the embedded gazetteer already has are skipped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::gazetteer::{Entry, Gazetteer, GazetteerError, Kind};

/// Reads the dumps in `dir` into `g`; returns the number of rows added.
pub fn add_dir(g: &mut Gazetteer, dir: &Path) -> Result<usize, GazetteerError> {
    let err = |path: &Path, reason: String| GazetteerError::Dump {
        path: path.display().to_string(),
        reason,
    };
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err(dir, format!("cannot read the folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let codes = |name: &str| -> Result<HashMap<String, String>, GazetteerError> {
        let p = dir.join(name);
        let mut out = HashMap::new();
        if !p.exists() {
            return Ok(out);
        }
        let f = std::fs::File::open(&p).map_err(|e| err(&p, e.to_string()))?;
        for line in BufReader::new(f).lines() {
            let line = line.map_err(|e| err(&p, e.to_string()))?;
            let mut f = line.split('\t');
            if let (Some(code), Some(name)) = (f.next(), f.next()) {
                out.insert(code.to_string(), name.to_string());
            }
        }
        Ok(out)
    };
    let admin1 = codes("admin1CodesASCII.txt")?;
    let admin2 = codes("admin2Codes.txt")?;
    let mut added = 0;
    let mut dumps = 0;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("admin") || name.eq_ignore_ascii_case("readme.txt") {
            continue;
        }
        dumps += 1;
        let f = std::fs::File::open(path).map_err(|e| err(path, e.to_string()))?;
        for (n, line) in BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| err(path, e.to_string()))?;
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 19 {
                return Err(err(
                    path,
                    format!(
                        "line {}: not a GeoNames dump row (want 19 tab-separated fields, found {})",
                        n + 1,
                        f.len()
                    ),
                ));
            }
            let kind = match (f[6], f[7]) {
                ("P", _) => Kind::Place,
                ("A", "ADM1") => Kind::Admin1,
                ("A", "ADM2") => Kind::Admin2,
                _ => continue,
            };
            let (Ok(lat), Ok(lon)) = (f[4].parse::<f64>(), f[5].parse::<f64>()) else {
                return Err(err(path, format!("line {}: bad coordinates", n + 1)));
            };
            let cc = f[8];
            let a1 = admin1
                .get(&format!("{cc}.{}", f[10]))
                .cloned()
                .unwrap_or_default();
            let a2 = admin2
                .get(&format!("{cc}.{}.{}", f[10], f[11]))
                .cloned()
                .unwrap_or_default();
            let name = f[1].to_string();
            if g.has_near(&name, cc, kind, lat, lon) {
                continue;
            }
            let alternates: Vec<&str> = f[3]
                .split(',')
                .filter(|a| !a.is_empty() && latin(a))
                .chain(std::iter::once(f[2]))
                .collect();
            g.add(
                Entry {
                    name,
                    lat,
                    lon,
                    cc: cc.to_string(),
                    admin1: if kind == Kind::Admin1 {
                        f[1].to_string()
                    } else {
                        a1
                    },
                    admin2: if kind == Kind::Admin2 {
                        f[1].to_string()
                    } else {
                        a2
                    },
                    population: f[14].parse().unwrap_or(0),
                    kind,
                },
                alternates.into_iter(),
            );
            added += 1;
        }
    }
    if dumps == 0 {
        return Err(err(
            dir,
            "no GeoNames dump found (want a country file such as SO.txt, or allCountries.txt)"
                .into(),
        ));
    }
    Ok(added)
}

/// True when every letter is Latin script (accents allowed): other scripts never match
/// English-language news and would only cost memory.
fn latin(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text;

    /// A dump row in region "04", district "401".
    fn row(
        id: u32,
        name: &str,
        alts: &str,
        (lat, lon): (f64, f64),
        (class, code): (&str, &str),
    ) -> String {
        format!("{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\t{class}\t{code}\tSO\t\t04\t401\t\t\t0\t\t100\tAfrica/Mogadishu\t2024-01-01\n")
    }

    #[test]
    fn a_country_dump_adds_villages_with_their_districts() {
        let dir = std::env::temp_dir().join(format!("dateline-geonames-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let mut dump = String::new();
        dump.push_str(&row(
            1,
            "Ceel Barafange",
            "Ceel Barafanje,Эль",
            (5.1, 46.9),
            ("P", "PPL"),
        ));
        dump.push_str(&row(
            2,
            "Ceel Buur District",
            "",
            (4.7, 46.6),
            ("A", "ADM2"),
        ));
        dump.push_str(&row(3, "Some Hill", "", (5.0, 47.0), ("T", "HLL")));
        std::fs::write(dir.join("SO.txt"), dump).expect("write");
        std::fs::write(
            dir.join("admin1CodesASCII.txt"),
            "SO.04\tGalguduud\tGalguduud\t58\n",
        )
        .expect("write");
        std::fs::write(
            dir.join("admin2Codes.txt"),
            "SO.04.401\tCeel Buur\tCeel Buur\t59\n",
        )
        .expect("write");
        let mut g = Gazetteer::load().expect("embedded gazetteer");
        assert_eq!(add_dir(&mut g, &dir).expect("dump reads"), 2);
        let sentence = "Clan militias clashed in Ceel Barafanje village on Sunday.";
        let words = text::words(sentence, 0, sentence.len());
        let taken = vec![false; words.len()];
        let hits = g.find(&words, &taken, Some("SO"));
        let p = &hits.first().expect("the village is found").place;
        assert_eq!(p.name, "Ceel Barafange");
        assert_eq!(p.admin1.as_deref(), Some("Galguduud"));
        assert_eq!(p.admin2.as_deref(), Some("Ceel Buur"));
        // A file that is not a dump is named, with what is wrong.
        std::fs::write(dir.join("SO.txt"), "not\ta dump\n").expect("write");
        let e = add_dir(&mut g, &dir).expect_err("bad dump");
        assert!(
            e.to_string().contains("SO.txt") && e.to_string().contains("19"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
