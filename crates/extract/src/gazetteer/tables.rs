//! Place tables users download, read into index rows: official GeoNames dumps, and any CSV or
//! TSV table (optionally gzipped) whose header names its columns — Who's On First exports,
//! OpenStreetMap place extracts, national village lists.
//!
//! A table is read by its header, whatever the column order:
//!
//! | field | header names (any case) |
//! |---|---|
//! | name | `name_en`, `name`, `place_name` (the first non-empty; the others become alternates) |
//! | latitude, longitude | `lat`/`latitude`, `lon`/`lng`/`long`/`longitude` |
//! | country | `cc`/`iso`/`country_code`/`country` (a code or an English name) |
//! | regions | `admin1`/`admin1_name`, `admin2_name`/`admin2` |
//! | alternate names | `alt_names`/`alternatenames`/`alternate_names` (`|`- or `,`-separated) |
//! | population, kind, id | `population`; `placetype`/`place`/`feature_code`/`type`; `id`/`wof_id`/`osm_node_id`/`geonameid`/`gn_id`/`place_id` |
//!
//! Rows a table marks as retired (`is_current` = 0) are skipped. A bad row stops the build
//! with its file, line and column: an index is written whole or not at all.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{GazetteerError, Kind, Row};

/// Opens a file, gunzipping it when it starts with the gzip magic bytes.
fn open(path: &Path) -> Result<Box<dyn BufRead>, GazetteerError> {
    let dump = |reason: String| GazetteerError::Dump {
        path: path.display().to_string(),
        reason,
    };
    let mut f = std::fs::File::open(path).map_err(|e| dump(format!("cannot open: {e}")))?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(|e| dump(e.to_string()))?;
    let f = std::fs::File::open(path).map_err(|e| dump(format!("cannot open: {e}")))?;
    Ok(if n == 2 && magic == [0x1f, 0x8b] {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(f)))
    } else {
        Box::new(BufReader::new(f))
    })
}

/// What a source is, decided by looking at it.
enum Source {
    /// A folder of GeoNames dumps.
    GeoNamesDir(PathBuf),
    /// One GeoNames dump file (19 tab-separated fields, no header).
    GeoNamesFile(PathBuf),
    /// A table with a header line.
    Table(PathBuf),
}

fn classify(path: &Path) -> Result<Source, GazetteerError> {
    if path.is_dir() {
        return Ok(Source::GeoNamesDir(path.to_path_buf()));
    }
    let mut first = String::new();
    open(path)?
        .read_line(&mut first)
        .map_err(|e| GazetteerError::Table {
            path: path.display().to_string(),
            line: 1,
            column: None,
            reason: format!("not UTF-8 text ({e})"),
        })?;
    let fields = first.trim_end_matches(['\r', '\n']).split('\t').count();
    let numeric_first = first
        .split('\t')
        .next()
        .is_some_and(|f| f.parse::<u64>().is_ok());
    Ok(if fields == 19 && numeric_first {
        Source::GeoNamesFile(path.to_path_buf())
    } else {
        Source::Table(path.to_path_buf())
    })
}

/// Reads one source (a table, a GeoNames dump or a folder of dumps), calling `push` for each
/// row; `country_code` turns a country's English name into its code. Returns the rows read.
pub fn read_source(
    path: &Path,
    country_code: &dyn Fn(&str) -> Option<String>,
    push: &mut dyn FnMut(Row) -> Result<(), GazetteerError>,
) -> Result<usize, GazetteerError> {
    match classify(path)? {
        Source::GeoNamesDir(dir) => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| GazetteerError::Dump {
                    path: dir.display().to_string(),
                    reason: format!("cannot read the folder: {e}"),
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !name.starts_with("admin")
                        && !name.eq_ignore_ascii_case("readme.txt")
                        && !name.starts_with("alternateNames")
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(GazetteerError::Dump {
                    path: dir.display().to_string(),
                    reason: "no GeoNames dump found (want a country file such as SO.txt, or allCountries.txt)".into(),
                });
            }
            let mut n = 0;
            for f in files {
                n += read_geonames(&f, push)?;
            }
            Ok(n)
        }
        Source::GeoNamesFile(f) => read_geonames(&f, push),
        Source::Table(f) => read_table(&f, country_code, push),
    }
}

/// The short name of a source file, recorded on each of its rows.
fn source_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// A GeoNames code file (`admin1CodesASCII.txt`: "SO.04\tBari\t…") beside a dump.
fn codes(dir: &Path, name: &str) -> Result<HashMap<String, String>, GazetteerError> {
    let p = dir.join(name);
    let mut out = HashMap::new();
    if !p.exists() {
        return Ok(out);
    }
    for line in open(&p)?.lines() {
        let line = line.map_err(|e| GazetteerError::Dump {
            path: p.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut f = line.split('\t');
        if let (Some(code), Some(name)) = (f.next(), f.next()) {
            out.insert(code.to_string(), name.to_string());
        }
    }
    Ok(out)
}

/// Reads one GeoNames dump: populated places (feature class P) as places, ADM1/ADM2 areas as
/// regions, Latin-script alternate names as keys; region names from the code files beside it.
fn read_geonames(
    path: &Path,
    push: &mut dyn FnMut(Row) -> Result<(), GazetteerError>,
) -> Result<usize, GazetteerError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let admin1 = codes(dir, "admin1CodesASCII.txt")?;
    let admin2 = codes(dir, "admin2Codes.txt")?;
    let source = source_name(path);
    let mut n = 0;
    for (i, line) in open(path)?.lines().enumerate() {
        let bad = |column: Option<&str>, reason: String| GazetteerError::Table {
            path: path.display().to_string(),
            line: i + 1,
            column: column.map(str::to_string),
            reason,
        };
        let line = line.map_err(|e| bad(None, format!("not UTF-8 text ({e})")))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 19 {
            return Err(bad(
                None,
                format!(
                    "not a GeoNames dump row (want 19 tab-separated fields, found {})",
                    f.len()
                ),
            ));
        }
        let kind = match (f[6], f[7]) {
            ("P", _) => Kind::Place,
            ("A", "ADM1") => Kind::Admin1,
            ("A", "ADM2") => Kind::Admin2,
            ("A", "PCLI") => Kind::Country,
            _ => continue,
        };
        let lat = coordinate(f[4], 90.0).map_err(|r| bad(Some("latitude"), r))?;
        let lon = coordinate(f[5], 180.0).map_err(|r| bad(Some("longitude"), r))?;
        let cc = f[8];
        let a1_code = format!("{cc}.{}", f[10]);
        let a2_code = format!("{cc}.{}.{}", f[10], f[11]);
        let own = |k: Kind| (kind == k).then(|| f[1].to_string());
        let row = Row {
            name: f[1].to_string(),
            lat,
            lon,
            cc: cc.to_string(),
            admin1: own(Kind::Admin1)
                .or_else(|| admin1.get(&a1_code).cloned())
                .unwrap_or_default(),
            admin2: own(Kind::Admin2)
                .or_else(|| admin2.get(&a2_code).cloned())
                .unwrap_or_default(),
            admin1_code: if f[10].is_empty() {
                String::new()
            } else {
                a1_code
            },
            admin2_code: if f[11].is_empty() {
                String::new()
            } else {
                a2_code
            },
            population: f[14].parse().unwrap_or(0),
            kind: Some(kind),
            alternates: f[3]
                .split(',')
                .filter(|a| !a.is_empty() && latin(a))
                .chain(std::iter::once(f[2]))
                .map(str::to_string)
                .collect(),
            source: source.clone(),
            id: f[0].to_string(),
        };
        push(row)?;
        n += 1;
    }
    Ok(n)
}

/// Parses a coordinate and checks its range.
fn coordinate(s: &str, max: f64) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {s:?}"))?;
    if !v.is_finite() || v.abs() > max {
        return Err(format!("{v} is out of range (±{max})"));
    }
    Ok(v)
}

/// True when every letter is Latin script (accents allowed): other scripts never match
/// English-language news and would only cost space.
fn latin(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
    })
}

/// The Latin-script words of a name written in two scripts ("Muqdisho مقديشو" → "Muqdisho"),
/// as place lists often give them; a name in one script is kept whole.
fn latin_words(name: &str) -> &str {
    if latin(name) {
        return name;
    }
    // The Latin words form a run at one end of such names.
    let words: Vec<&str> = name.split_whitespace().collect();
    let lead = words.iter().take_while(|w| latin(w)).count();
    let trail = words.iter().rev().take_while(|w| latin(w)).count();
    let (from, to) = if lead >= trail {
        (words.first(), words.get(lead.wrapping_sub(1)))
    } else {
        (words.get(words.len() - trail), words.last())
    };
    match (from, to) {
        (Some(a), Some(b)) if lead.max(trail) > 0 => {
            let start = a.as_ptr() as usize - name.as_ptr() as usize;
            let end = b.as_ptr() as usize - name.as_ptr() as usize + b.len();
            &name[start..end]
        }
        _ => name,
    }
}

/// The kind a table's place type means.
fn kind_of(placetype: &str) -> Kind {
    match placetype.to_ascii_lowercase().as_str() {
        "country" | "pcli" => Kind::Country,
        "region" | "state" | "province" | "admin1" | "adm1" | "governorate" => Kind::Admin1,
        "county" | "district" | "admin2" | "adm2" | "localadmin" => Kind::Admin2,
        _ => Kind::Place,
    }
}

/// Where each field sits in a table's header.
struct Columns {
    names: Vec<usize>,
    lat: usize,
    lon: usize,
    country: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    /// `admin2` when `admin2_name` is the district: a second district column.
    second_admin2: Option<usize>,
    alternates: Option<usize>,
    population: Option<usize>,
    kind: Option<usize>,
    id: Option<usize>,
    current: Option<usize>,
}

impl Columns {
    fn of(header: &[String]) -> Result<Columns, String> {
        let find = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| header.iter().position(|h| h.eq_ignore_ascii_case(n)))
        };
        let names: Vec<usize> = ["name_en", "name", "place_name"]
            .iter()
            .filter_map(|n| find(&[n]))
            .collect();
        let (Some(lat), Some(lon)) = (
            find(&["lat", "latitude"]),
            find(&["lon", "lng", "long", "longitude"]),
        ) else {
            return Err(format!(
                "the header has no latitude and longitude columns (want lat/latitude and lon/lng/longitude; found {})",
                header.join(", ")
            ));
        };
        if names.is_empty() {
            return Err(format!(
                "the header has no name column (want name, place_name or name_en; found {})",
                header.join(", ")
            ));
        }
        Ok(Columns {
            names,
            lat,
            lon,
            country: find(&["cc", "iso", "country_code", "iso2", "country"]),
            admin1: find(&["admin1", "admin1_name"]),
            admin2: find(&["admin2_name", "admin2"]),
            second_admin2: find(&["admin2_name"]).and(find(&["admin2"])),
            alternates: find(&["alt_names", "alternatenames", "alternate_names"]),
            population: find(&["population"]),
            kind: find(&["placetype", "place", "feature_code", "type"]),
            id: find(&[
                "id",
                "wof_id",
                "osm_node_id",
                "geonameid",
                "gn_id",
                "place_id",
            ]),
            current: find(&["is_current"]),
        })
    }
}

/// Reads a CSV or TSV table by its header.
fn read_table(
    path: &Path,
    country_code: &dyn Fn(&str) -> Option<String>,
    push: &mut dyn FnMut(Row) -> Result<(), GazetteerError>,
) -> Result<usize, GazetteerError> {
    let mut reader = open(path)?;
    let mut first = String::new();
    let bad = |line: usize, column: Option<&str>, reason: String| GazetteerError::Table {
        path: path.display().to_string(),
        line,
        column: column.map(str::to_string),
        reason,
    };
    reader
        .read_line(&mut first)
        .map_err(|e| bad(1, None, format!("not UTF-8 text ({e})")))?;
    let tab = first.contains('\t');
    let header_line = first
        .trim_end_matches(['\r', '\n'])
        .trim_start_matches('\u{feff}');
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .quoting(!tab)
        .has_headers(false)
        .flexible(true)
        .from_reader(header_line.as_bytes().chain(&b"\n"[..]).chain(reader));
    let mut records = csv.byte_records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect(),
        _ => return Err(bad(1, None, "empty table: no header line".into())),
    };
    let cols = Columns::of(&header).map_err(|r| bad(1, None, r))?;
    let source = source_name(path);
    let mut n = 0;
    for (i, rec) in records.enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad(line, None, e.to_string()))?;
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.is_empty()) {
            continue;
        }
        let field = |c: usize| -> Result<&str, GazetteerError> {
            let raw = rec.get(c).unwrap_or(b"");
            std::str::from_utf8(raw)
                .map(str::trim)
                .map_err(|_| bad(line, Some(&header[c]), "not valid UTF-8".into()))
        };
        let opt = |c: Option<usize>| -> Result<&str, GazetteerError> { c.map_or(Ok(""), &field) };
        if opt(cols.current)? == "0" {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        for &c in &cols.names {
            let v = latin_words(field(c)?);
            if !v.is_empty() && !names.iter().any(|n| n == v) {
                names.push(v.to_string());
            }
        }
        if names.is_empty() {
            continue;
        }
        let lat = coordinate(field(cols.lat)?, 90.0)
            .map_err(|r| bad(line, Some(&header[cols.lat]), r))?;
        let lon = coordinate(field(cols.lon)?, 180.0)
            .map_err(|r| bad(line, Some(&header[cols.lon]), r))?;
        let country = opt(cols.country)?;
        let cc = if country.len() == 2 {
            country.to_ascii_uppercase()
        } else if country.is_empty() {
            String::new()
        } else {
            let spaced = country.replace(['-', '_'], " ");
            country_code(&spaced).ok_or_else(|| {
                bad(
                    line,
                    cols.country.map(|c| header[c].as_str()),
                    format!("unknown country {country:?} (want an ISO code or an English name)"),
                )
            })?
        };
        let mut alternates: Vec<String> = names.split_off(1);
        let alts = opt(cols.alternates)?;
        let sep = if alts.contains('|') { '|' } else { ',' };
        alternates.extend(
            alts.split(sep)
                .map(str::trim)
                .filter(|a| !a.is_empty() && latin(a))
                .map(str::to_string),
        );
        let kind = kind_of(opt(cols.kind)?);
        let name = names.swap_remove(0);
        for stem in name_stems(&name) {
            if !alternates.contains(&stem) {
                alternates.push(stem);
            }
        }
        let own = |k: Kind, given: &str| {
            if kind == k {
                name.clone()
            } else {
                given.to_string()
            }
        };
        // Rule `two_districts`: a row naming two different districts (`admin2_name` and
        // `admin2`) carries region columns that are not its own (a list whose columns slipped
        // against its rows): its region is left to the index's other rows.
        let district = opt(cols.admin2)?;
        let other = opt(cols.second_admin2)?;
        let slipped = !other.is_empty()
            && !district.is_empty()
            && other.chars().any(char::is_alphabetic)
            && super::fold(other) != super::fold(district);
        let row = Row {
            admin1: if slipped {
                String::new()
            } else {
                own(Kind::Admin1, opt(cols.admin1)?)
            },
            admin2: own(Kind::Admin2, opt(cols.admin2)?),
            name,
            lat,
            lon,
            cc,
            population: opt(cols.population)?
                .parse::<f64>()
                .map_or(0, |p| p.max(0.0) as u64),
            kind: Some(kind),
            alternates,
            source: source.clone(),
            id: opt(cols.id)?.to_string(),
            ..Row::default()
        };
        push(row)?;
        n += 1;
    }
    Ok(n)
}

/// What a table's name is called in news, where the table adds a kind or a part to it: a camp
/// named after its area ("Dhanaan IDP", "Dhanaan IDP camp": "Dhanaan"), a quarter after its
/// town ("Marqaan/Buulo Sare": "Marqaan").
fn name_stems(name: &str) -> Vec<String> {
    const KIND_ENDINGS: &[&str] = &[" idp camp", " idps", " idp", " camp", " settlement"];
    let mut out = Vec::new();
    let stem = KIND_ENDINGS.iter().find_map(|e| {
        let at = name.len().checked_sub(e.len())?;
        let tail = name.get(at..)?;
        tail.eq_ignore_ascii_case(e).then(|| name[..at].trim())
    });
    if let Some(stem) = stem.filter(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 3) {
        out.push(stem.to_string());
    }
    if let Some((town, _)) = name.split_once('/') {
        let town = town.trim();
        if town.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            out.push(town.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str, body: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dateline-tables-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let p = dir.join(name);
        std::fs::write(&p, body).expect("write");
        p
    }

    fn read(path: &Path) -> Result<Vec<Row>, GazetteerError> {
        let mut rows = Vec::new();
        let cc = |n: &str| (n.eq_ignore_ascii_case("somalia")).then(|| "SO".to_string());
        read_source(path, &cc, &mut |r| {
            rows.push(r);
            Ok(())
        })?;
        Ok(rows)
    }

    #[test]
    fn tables_are_read_by_their_header_in_any_order() {
        // A Who's-On-First-like TSV: retired rows skipped, alternates split on '|'.
        let p = tmp(
            "wof.tsv",
            b"wof_id\tplacetype\tname\tlat\tlon\tcc\tadmin1\tadmin2\tpopulation\tis_current\talt_names\n\
              1\tlocality\tDhuusamareeb\t5.53\t46.38\tSO\tGalguduud\tDhuusamarreeb\t\t1\tDusa Mareb|Dhusamareb\n\
              2\tlocality\tOld Name\t5.5\t46.3\tSO\tGalguduud\t\t\t0\t\n\
              3\tregion\tGalguduud\t5.2\t46.8\tSO\t\t\t330000\t1\t\n",
        );
        let rows = read(&p).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].alternates, ["Dusa Mareb", "Dhusamareb"]);
        assert_eq!(
            (rows[0].kind, rows[0].id.as_str()),
            (Some(Kind::Place), "1")
        );
        assert_eq!(
            (rows[1].kind, rows[1].admin1.as_str()),
            (Some(Kind::Admin1), "Galguduud")
        );
        // An OSM-like CSV, gzipped, with a country name and an English name column.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(
            &mut gz,
            b"country,osm_node_id,place,name,name_en,lat,lon,population\n\
              somalia,77,village,\"Ceel Buur, town\",El Bur,4.68,46.62,\n",
        )
        .expect("gzip");
        let p = tmp("osm.csv.gz", &gz.finish().expect("gzip"));
        let rows = read(&p).expect("reads");
        assert_eq!(
            (
                rows[0].name.as_str(),
                rows[0].cc.as_str(),
                rows[0].id.as_str()
            ),
            ("El Bur", "SO", "77")
        );
        assert_eq!(rows[0].alternates, ["Ceel Buur, town"]);
    }

    #[test]
    fn a_name_in_two_scripts_keeps_its_latin_words() {
        assert_eq!(latin_words("Baydhabo بيدوا"), "Baydhabo");
        assert_eq!(latin_words("بيدوا Baydhabo"), "Baydhabo");
        assert_eq!(latin_words("Ceel Dheer"), "Ceel Dheer");
        assert_eq!(latin_words("بيدوا"), "بيدوا");
    }

    #[test]
    fn camps_and_quarters_are_also_known_by_the_name_news_gives_them() {
        assert_eq!(name_stems("Dhanaan IDP camp"), ["Dhanaan"]);
        assert_eq!(name_stems("Dhanaan IDP"), ["Dhanaan"]);
        assert_eq!(name_stems("Marqaan/Buulo Sare"), ["Marqaan"]);
        assert!(name_stems("Camp").is_empty());
        assert!(name_stems("Dhanaan").is_empty());
    }

    #[test]
    fn a_bad_table_names_its_file_line_and_column() {
        let p = tmp(
            "bad.tsv",
            b"name\tlat\tlon\nBaidoa\t3.1\t43.6\nKismayo\tnorth\t42.5\n",
        );
        let e = read(&p).expect_err("bad latitude").to_string();
        assert!(
            e.contains("bad.tsv: line 3, column lat: not a number"),
            "{e}"
        );
        let p = tmp("nocoords.csv", b"name,x,y\nBaidoa,3.1,43.6\n");
        let e = read(&p).expect_err("no coordinates").to_string();
        assert!(e.contains("line 1") && e.contains("latitude"), "{e}");
        let p = tmp("latin1.tsv", b"name\tlat\tlon\nM\xe9ogadishu\t2.0\t45.3\n");
        let e = read(&p).expect_err("not UTF-8").to_string();
        assert!(e.contains("line 2, column name: not valid UTF-8"), "{e}");
        let p = tmp("range.csv", b"name,lat,lon\nBaidoa,93.1,43.6\n");
        let e = read(&p).expect_err("out of range").to_string();
        assert!(e.contains("out of range"), "{e}");
    }
}
