//! Admin boundaries: region (admin1) and district (admin2) polygons a user adds to a gazetteer
//! index (GeoJSON, optionally gzipped, e.g. Who's On First or geoBoundaries exports). A place
//! inside one takes its admin names from it, whatever its own table said: boundaries are the
//! better authority on which region a village lies in.
//!
//! Stored in the index's BOUNDS section as records read in place:
//! `len u32, kind u8, cc [u8; 2], pad u8, name u32, code u32, bbox 4 × f64 (min lon, min lat,
//! max lon, max lat), rings u32, then per ring: points u32 and (lon f64, lat f64) pairs`.
//! Containment is the even-odd rule over all rings, so holes and multi-part areas need no
//! special case.

use std::io::Read;
use std::path::Path;

use super::index::{Kind, Row};

/// One boundary read from GeoJSON.
#[derive(Debug, Clone)]
pub struct Boundary {
    pub kind: Kind,
    pub cc: String,
    pub name: String,
    /// A stable id (the source's id of the area).
    pub code: String,
    /// Rings of (lon, lat).
    pub rings: Vec<Vec<(f64, f64)>>,
}

impl Boundary {
    /// True when (lon, lat) lies inside.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.rings.iter().fold(false, |inside, r| {
            inside ^ crosses(r.len(), |i| r[i], lon, lat)
        })
    }
}

/// True when a ray from (lon, lat) crosses the ring of `n` points an odd number of times:
/// the even-odd rule, one ring at a time (the caller XORs over rings).
fn crosses(n: usize, pt: impl Fn(usize) -> (f64, f64), lon: f64, lat: f64) -> bool {
    let mut odd = false;
    for i in 0..n {
        let (xi, yi) = pt(i);
        let (xj, yj) = pt(if i == 0 { n - 1 } else { i - 1 });
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            odd = !odd;
        }
    }
    odd
}

/// Boundaries ready for point lookups while an index is built.
pub struct Lookup<'a> {
    boundaries: &'a [Boundary],
    section: Vec<u8>,
}

impl<'a> Lookup<'a> {
    pub fn new(boundaries: &'a [Boundary]) -> Lookup<'a> {
        let mut section = Vec::new();
        for (i, b) in boundaries.iter().enumerate() {
            write(b, &mut |_| i as u32, &mut section);
        }
        Lookup {
            boundaries,
            section,
        }
    }

    /// Sets a row's regions (and its country, when the table gave none) from the boundaries
    /// around it.
    pub fn apply(&self, row: &mut Row) {
        if self.boundaries.is_empty()
            || !matches!(row.kind, Some(Kind::Place | Kind::Admin2) | None)
        {
            return;
        }
        let mut admin1 = None;
        let mut admin2 = None;
        for (kind, i, _) in containing(&self.section, row.lon, row.lat) {
            let b = &self.boundaries[i as usize];
            match kind {
                Kind::Admin1 => admin1 = admin1.or(Some(b)),
                _ => admin2 = admin2.or(Some(b)),
            }
        }
        if let Some(b) = admin1 {
            row.admin1 = b.name.clone();
            row.admin1_code = b.code.clone();
            if row.cc.is_empty() {
                row.cc = b.cc.clone();
            }
        }
        if let Some(b) = admin2.filter(|_| row.kind != Some(Kind::Admin2)) {
            row.admin2 = b.name.clone();
            row.admin2_code = b.code.clone();
        }
    }
}

/// The admin names a point takes from the boundaries around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Admin<'a> {
    pub admin1: Option<(&'a str, &'a str)>,
    pub admin2: Option<(&'a str, &'a str)>,
}

/// True when `path` names a GeoJSON file.
pub fn is_geojson(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".geojson") || name.ends_with(".geojson.gz") || name.ends_with(".json.gz")
}

/// Reads the region and district polygons of a GeoJSON FeatureCollection. Features are told
/// apart by `placetype` (region/county, or admin1/admin2); their name by `name_en`, `name` or
/// `shapeName`; their id by `wof_id`, `id` or `shapeID`.
///
/// Errors are the reason, for the caller to put beside the file's name.
pub fn read_geojson(path: &Path) -> Result<Vec<Boundary>, String> {
    let bad = |reason: String| reason;
    let raw = std::fs::read(path).map_err(|e| bad(format!("cannot read: {e}")))?;
    let mut text = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut text)
            .map_err(|e| bad(format!("not valid gzip: {e}")))?;
    } else {
        text = raw;
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| bad(format!("not valid GeoJSON: {e}")))?;
    let features = doc
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or_else(|| bad("not a GeoJSON FeatureCollection (no \"features\" list)".into()))?;
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let props = &f["properties"];
        let prop = |names: &[&str]| {
            names.iter().find_map(|n| match &props[*n] {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let kind = match prop(&["placetype", "level", "shapeType"])
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "region" | "admin1" | "adm1" | "1" => Kind::Admin1,
            "county" | "admin2" | "adm2" | "2" => Kind::Admin2,
            _ => continue,
        };
        let Some(name) = prop(&["name", "name_en", "shapeName"]) else {
            return Err(bad(format!("feature {i}: no name property")));
        };
        let rings = rings_of(&f["geometry"]).ok_or_else(|| {
            bad(format!(
                "feature {i} ({name}): not a Polygon or MultiPolygon"
            ))
        })?;
        out.push(Boundary {
            kind,
            cc: prop(&["cc", "iso", "shapeGroup"]).unwrap_or_default(),
            name,
            code: prop(&["wof_id", "id", "shapeID"]).unwrap_or_default(),
            rings,
        });
    }
    Ok(out)
}

fn rings_of(geometry: &serde_json::Value) -> Option<Vec<Vec<(f64, f64)>>> {
    let ring = |r: &serde_json::Value| -> Option<Vec<(f64, f64)>> {
        r.as_array()?
            .iter()
            .map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect()
    };
    let coords = geometry.get("coordinates")?.as_array()?;
    match geometry.get("type")?.as_str()? {
        "Polygon" => coords.iter().map(ring).collect(),
        "MultiPolygon" => {
            let mut out = Vec::new();
            for poly in coords {
                for r in poly.as_array()? {
                    out.push(ring(r)?);
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Writes one boundary record; `string` interns a string and gives its offset.
pub fn write(b: &Boundary, string: &mut dyn FnMut(&str) -> u32, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&0u32.to_le_bytes());
    out.push(match b.kind {
        Kind::Admin1 => 1,
        _ => 2,
    });
    let cc = b.cc.as_bytes();
    out.extend_from_slice(&[*cc.first().unwrap_or(&b' '), *cc.get(1).unwrap_or(&b' '), 0]);
    out.extend_from_slice(&string(&b.name).to_le_bytes());
    out.extend_from_slice(&string(&b.code).to_le_bytes());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in b.rings.iter().flatten() {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    for v in [x0, y0, x1, y1] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(b.rings.len() as u32).to_le_bytes());
    for r in &b.rings {
        out.extend_from_slice(&(r.len() as u32).to_le_bytes());
        for &(x, y) in r {
            out.extend_from_slice(&x.to_le_bytes());
            out.extend_from_slice(&y.to_le_bytes());
        }
    }
    let len = (out.len() - start) as u32;
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
}

fn f64_at(b: &[u8], at: usize) -> f64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(f64::NAN, f64::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// One record of a BOUNDS section, read in place.
struct Record<'a>(&'a [u8]);

impl<'a> Record<'a> {
    fn kind(&self) -> Kind {
        if self.0[4] == 1 {
            Kind::Admin1
        } else {
            Kind::Admin2
        }
    }

    /// (min lon, min lat, max lon, max lat)
    fn bbox(&self) -> (f64, f64, f64, f64) {
        (
            f64_at(self.0, 16),
            f64_at(self.0, 24),
            f64_at(self.0, 32),
            f64_at(self.0, 40),
        )
    }

    /// Each ring as its point count and a reader of its i-th point; a ring cut short by a
    /// damaged record ends the list.
    fn rings(&self) -> impl Iterator<Item = (usize, impl Fn(usize) -> (f64, f64) + 'a)> + '_ {
        let rec = self.0;
        let mut p = 52;
        (0..u32_at(rec, 48)).map_while(move |_| {
            let n = u32_at(rec, p) as usize;
            let start = p + 4;
            if start + n * 16 > rec.len() {
                return None;
            }
            p = start + n * 16;
            Some((n, move |i: usize| {
                (f64_at(rec, start + i * 16), f64_at(rec, start + i * 16 + 8))
            }))
        })
    }
}

/// The records of a BOUNDS section.
fn records(section: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at + 52 > section.len() {
            return None;
        }
        let len = u32_at(section, at) as usize;
        if len < 52 || at + len > section.len() {
            return None;
        }
        let rec = &section[at..at + len];
        at += len;
        Some(Record(rec))
    })
}

/// The boundaries of a BOUNDS section containing (lon, lat): (kind, name offset, code offset).
pub fn containing(section: &[u8], lon: f64, lat: f64) -> Vec<(Kind, u32, u32)> {
    let mut out = Vec::new();
    for rec in records(section) {
        let (x0, y0, x1, y1) = rec.bbox();
        if !(x0..=x1).contains(&lon) || !(y0..=y1).contains(&lat) {
            continue;
        }
        let inside = rec
            .rings()
            .fold(false, |inside, (n, pt)| inside ^ crosses(n, pt, lon, lat));
        if inside {
            out.push((rec.kind(), u32_at(rec.0, 8), u32_at(rec.0, 12)));
        }
    }
    out
}

/// The rings of (lon, lat) of every boundary of `kind` whose box meets the box
/// (west, south, east, north): the outlines a map of that box draws.
pub fn meeting(
    section: &[u8],
    kind: Kind,
    (west, south, east, north): (f64, f64, f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for rec in records(section) {
        let (x0, y0, x1, y1) = rec.bbox();
        if rec.kind() != kind || x0 > east || x1 < west || y0 > north || y1 < south {
            continue;
        }
        for (n, pt) in rec.rings() {
            out.push((0..n).map(&pt).collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_takes_the_region_it_lies_in() {
        let square =
            |x: f64, y: f64, s: f64| vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)];
        let mut strings: Vec<String> = vec![String::new()];
        let mut intern = |s: &str| {
            strings.push(s.to_string());
            (strings.len() - 1) as u32
        };
        let mut section = Vec::new();
        let region = Boundary {
            kind: Kind::Admin1,
            cc: "SO".into(),
            name: "Hiiraan".into(),
            code: "85677263".into(),
            // A region with a hole in it.
            rings: vec![square(45.0, 3.0, 2.0), square(45.5, 3.5, 0.5)],
        };
        write(&region, &mut intern, &mut section);
        let district = Boundary {
            kind: Kind::Admin2,
            name: "Bulo Burto".into(),
            rings: vec![square(45.0, 3.0, 0.4)],
            ..region.clone()
        };
        write(&district, &mut intern, &mut section);
        let kinds = |lon, lat| {
            containing(&section, lon, lat)
                .into_iter()
                .map(|(k, name, _)| (k, name))
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(45.2, 3.2), [(Kind::Admin1, 1), (Kind::Admin2, 3)]);
        assert_eq!(kinds(46.5, 4.5), [(Kind::Admin1, 1)]);
        // In the hole, and outside everything.
        assert_eq!(kinds(45.7, 3.7), []);
        assert_eq!(kinds(40.0, 3.2), []);
        // The same answers from the boundary itself, before it is written.
        assert!(region.contains(46.5, 4.5) && !region.contains(45.7, 3.7));
        // Outlines for a map: the region's two rings where the box meets it, none elsewhere.
        assert_eq!(
            meeting(&section, Kind::Admin1, (44.0, 2.0, 45.5, 3.5)),
            region.rings
        );
        assert_eq!(
            meeting(&section, Kind::Admin2, (44.0, 2.0, 45.5, 3.5)).len(),
            1
        );
        assert!(meeting(&section, Kind::Admin1, (10.0, 2.0, 20.0, 3.5)).is_empty());
    }
}
