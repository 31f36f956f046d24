//! The offline base layer of the portal's maps: land, coastlines and country borders from
//! Natural Earth 1:50m, and towns of 50,000 people or more from GeoNames, packaged as
//! `data/basemap.bin` (built by `scripts/build_basemap.py`, which documents the format) and
//! drawn as SVG for any view: clipped to it and thinned to its pixels, so a page carries only
//! what it shows. Region outlines come from the user's gazetteer boundaries ([`Overlays`]).
//!
//! Written by hand because what it needs is small (TopoJSON-style arcs, a rectangle clip) and
//! the crates that read TopoJSON or clip polygons would bring a geometry stack for it.

use std::fmt::Write;
use std::sync::OnceLock;

use dateline_extract::gazetteer::{Index, IndexError, Kind};

static DATA: &[u8] = include_bytes!("../../../data/basemap.bin");

/// Where the base layer comes from, for the map's caption.
pub const ATTRIBUTION: &str = "Natural Earth; towns: GeoNames";

/// What a line of the base layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// The edge of one country's land: a coast.
    Coast,
    /// Shared by two countries.
    Border,
}

/// A box of longitudes and latitudes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct BBox {
    west: f64,
    south: f64,
    east: f64,
    north: f64,
}

impl BBox {
    fn of(points: &[(f64, f64)]) -> BBox {
        let mut b = BBox {
            west: f64::INFINITY,
            south: f64::INFINITY,
            east: f64::NEG_INFINITY,
            north: f64::NEG_INFINITY,
        };
        for &(lon, lat) in points {
            b.west = b.west.min(lon);
            b.east = b.east.max(lon);
            b.south = b.south.min(lat);
            b.north = b.north.max(lat);
        }
        b
    }

    fn union(self, o: BBox) -> BBox {
        BBox {
            west: self.west.min(o.west),
            south: self.south.min(o.south),
            east: self.east.max(o.east),
            north: self.north.max(o.north),
        }
    }

    fn meets(&self, o: &BBox) -> bool {
        self.west <= o.east && o.west <= self.east && self.south <= o.north && o.south <= self.north
    }
}

struct Arc {
    line: Line,
    /// (lon, lat)
    points: Vec<(f64, f64)>,
    bbox: BBox,
}

struct Country {
    /// Polygons, each rings of arc references (TopoJSON's: `!i` is arc `i` reversed).
    polygons: Vec<Vec<Vec<i64>>>,
    bbox: BBox,
}

/// A town to name on maps.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    pub population: u64,
}

/// The base layer, read once from the binary.
pub struct Basemap {
    arcs: Vec<Arc>,
    countries: Vec<Country>,
    /// Largest first.
    towns: Vec<Town>,
}

/// Why the packaged base layer could not be read (a build of dateline with a damaged
/// `data/basemap.bin`).
#[derive(Debug, thiserror::Error)]
#[error("data/basemap.bin is damaged at byte {0}")]
pub struct Damaged(usize);

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, Damaged> {
        let b = *self.bytes.get(self.at).ok_or(Damaged(self.at))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, Damaged> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(Damaged(self.at))
    }

    fn count(&mut self) -> Result<usize, Damaged> {
        let n = self.varint()?;
        // No count can exceed the bytes left: a damaged count must not allocate wildly.
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.bytes.len() - self.at)
            .ok_or(Damaged(self.at))
    }

    fn zigzag(&mut self) -> Result<i64, Damaged> {
        let n = self.varint()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    fn f64(&mut self) -> Result<f64, Damaged> {
        let end = self.at + 8;
        let b: [u8; 8] = self
            .bytes
            .get(self.at..end)
            .and_then(|b| b.try_into().ok())
            .ok_or(Damaged(self.at))?;
        self.at = end;
        Ok(f64::from_le_bytes(b))
    }

    fn text(&mut self) -> Result<String, Damaged> {
        let n = self.count()?;
        let s =
            std::str::from_utf8(&self.bytes[self.at..self.at + n]).map_err(|_| Damaged(self.at))?;
        self.at += n;
        Ok(s.to_string())
    }
}

impl Basemap {
    /// The packaged base layer, parsed on first use (a few milliseconds).
    pub fn get() -> Result<&'static Basemap, &'static Damaged> {
        static MAP: OnceLock<Result<Basemap, Damaged>> = OnceLock::new();
        MAP.get_or_init(|| Basemap::parse(DATA)).as_ref()
    }

    fn parse(bytes: &[u8]) -> Result<Basemap, Damaged> {
        let mut r = Reader { bytes, at: 0 };
        if bytes.get(..5) != Some(b"DLBM\x01") {
            return Err(Damaged(0));
        }
        r.at = 5;
        let (sx, sy, tx, ty) = (r.f64()?, r.f64()?, r.f64()?, r.f64()?);
        let mut arcs = Vec::with_capacity(r.count()?);
        for _ in 0..arcs.capacity() {
            let line = if r.varint()? == 1 {
                Line::Border
            } else {
                Line::Coast
            };
            let n = r.count()?;
            let (mut x, mut y) = (0i64, 0i64);
            let mut points = Vec::with_capacity(n);
            for _ in 0..n {
                x += r.zigzag()?;
                y += r.zigzag()?;
                points.push((x as f64 * sx + tx, y as f64 * sy + ty));
            }
            let bbox = BBox::of(&points);
            arcs.push(Arc { line, points, bbox });
        }
        let mut countries = Vec::with_capacity(r.count()?);
        for _ in 0..countries.capacity() {
            let _name = r.text()?;
            let mut polygons = Vec::with_capacity(r.count()?);
            let mut bbox: Option<BBox> = None;
            for _ in 0..polygons.capacity() {
                let mut rings = Vec::with_capacity(r.count()?);
                for _ in 0..rings.capacity() {
                    let mut ring = Vec::with_capacity(r.count()?);
                    for _ in 0..ring.capacity() {
                        let a = r.zigzag()?;
                        let i = if a < 0 { !a } else { a };
                        let arc = usize::try_from(i)
                            .ok()
                            .and_then(|i| arcs.get(i))
                            .ok_or(Damaged(r.at))?;
                        bbox = Some(bbox.map_or(arc.bbox, |b| b.union(arc.bbox)));
                        ring.push(a);
                    }
                    rings.push(ring);
                }
                polygons.push(rings);
            }
            if let Some(bbox) = bbox {
                countries.push(Country { polygons, bbox });
            }
        }
        let mut towns = Vec::with_capacity(r.count()?);
        for _ in 0..towns.capacity() {
            let name = r.text()?;
            let lon = r.zigzag()? as f64 / 1e4;
            let lat = r.zigzag()? as f64 / 1e4;
            let population = r.varint()?;
            towns.push(Town {
                name,
                lon,
                lat,
                population,
            });
        }
        Ok(Basemap {
            arcs,
            countries,
            towns,
        })
    }

    /// The points of a ring of arc references, in order.
    fn ring(&self, refs: &[i64]) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        for &a in refs {
            let (i, reversed) = if a < 0 { (!a, true) } else { (a, false) };
            let Some(arc) = usize::try_from(i).ok().and_then(|i| self.arcs.get(i)) else {
                continue;
            };
            // Consecutive arcs share their end point.
            let skip = usize::from(!out.is_empty());
            if reversed {
                out.extend(arc.points.iter().rev().skip(skip));
            } else {
                out.extend(arc.points.iter().skip(skip));
            }
        }
        out
    }

    /// The towns inside the view, largest first.
    pub fn towns_in(&self, view: &View) -> impl Iterator<Item = &Town> + '_ {
        let b = view.bbox();
        self.towns.iter().filter(move |t| {
            (b.west..=b.east).contains(&t.lon) && (b.south..=b.north).contains(&t.lat)
        })
    }

    /// The base layer of `view` as SVG elements: land filled, coasts and borders stroked.
    pub fn svg(&self, view: &View) -> String {
        let b = view.bbox();
        let mut land = String::new();
        for c in self.countries.iter().filter(|c| c.bbox.meets(&b)) {
            for polygon in &c.polygons {
                for ring in polygon {
                    let pts: Vec<(f64, f64)> = self
                        .ring(ring)
                        .into_iter()
                        .map(|(lon, lat)| view.project(lon, lat))
                        .collect();
                    let clipped = thin(clip_polygon(&pts, view.margin_box()), 0.5);
                    if clipped.len() >= 3 {
                        path_data(&mut land, &clipped);
                        land.push('Z');
                    }
                }
            }
        }
        let mut s = String::new();
        if !land.is_empty() {
            let _ = writeln!(
                s,
                "<path d=\"{land}\" fill=\"#f4f1ea\" fill-rule=\"evenodd\" stroke=\"none\"/>"
            );
        }
        for (line, style) in [
            (Line::Coast, "stroke=\"#7a9bb5\" stroke-width=\"1\""),
            (
                Line::Border,
                "stroke=\"#8c7b6b\" stroke-width=\"1\" stroke-dasharray=\"4 2\"",
            ),
        ] {
            let mut d = String::new();
            for a in self
                .arcs
                .iter()
                .filter(|a| a.line == line && a.bbox.meets(&b))
            {
                let pts: Vec<(f64, f64)> = a
                    .points
                    .iter()
                    .map(|&(lon, lat)| view.project(lon, lat))
                    .collect();
                for run in runs_inside(&pts, view.margin_box()) {
                    let run = thin(run, 0.5);
                    if run.len() >= 2 {
                        path_data(&mut d, &run);
                    }
                }
            }
            if !d.is_empty() {
                let _ = writeln!(s, "<path d=\"{d}\" fill=\"none\" {style}/>");
            }
        }
        s
    }
}

/// What the user's own place data add to every map: the region (admin1) outlines of their
/// gazetteer indexes (`dateline gazetteer build` with boundary polygons, such as Who's On
/// First's), opened in place. Empty by default: the packaged layer alone.
#[derive(Clone, Default)]
pub struct Overlays {
    indexes: std::sync::Arc<Vec<Index>>,
    /// The indexes' file names, for the maps' captions.
    names: Vec<String>,
}

impl Overlays {
    /// Opens gazetteer indexes for their boundaries.
    pub fn open(paths: &[std::path::PathBuf]) -> Result<Overlays, IndexError> {
        let paths: Vec<&std::path::PathBuf> =
            paths.iter().filter(|p| !p.as_os_str().is_empty()).collect();
        let indexes = paths
            .iter()
            .map(|p| Index::open(p))
            .collect::<Result<Vec<_>, _>>()?;
        let names = paths
            .iter()
            .map(|p| {
                p.file_name()
                    .unwrap_or(p.as_os_str())
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        Ok(Overlays::new(indexes, names))
    }

    /// Overlays from open indexes, named for the captions.
    pub fn new(indexes: Vec<Index>, names: Vec<String>) -> Overlays {
        Overlays {
            indexes: std::sync::Arc::new(indexes),
            names,
        }
    }

    /// The region outlines of `view` as one SVG path, or nothing.
    pub fn svg(&self, view: &View) -> String {
        let b = view.bbox();
        let mut d = String::new();
        for index in self.indexes.iter() {
            for ring in index.outlines(Kind::Admin1, (b.west, b.south, b.east, b.north)) {
                let pts: Vec<(f64, f64)> = ring
                    .iter()
                    .map(|&(lon, lat)| view.project(lon, lat))
                    .collect();
                for run in runs_inside(&pts, view.margin_box()) {
                    // Boundary files are surveyed finely: a pixel is detail enough.
                    let run = thin(run, 1.0);
                    if run.len() >= 2 {
                        path_data(&mut d, &run);
                    }
                }
            }
        }
        if d.is_empty() {
            return d;
        }
        format!("<path d=\"{d}\" fill=\"none\" stroke=\"#a89f91\" stroke-width=\"0.8\" stroke-dasharray=\"1 2\"/>\n")
    }

    /// Where the outlines come from, for a map's caption; None without overlays.
    pub fn attribution(&self) -> Option<String> {
        (!self.names.is_empty()).then(|| format!("regions: {}", self.names.join(", ")))
    }
}

/// A map's frame: the box of longitudes and latitudes it shows and its size in pixels
/// (equirectangular, which is what a locator map of a few degrees needs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub west: f64,
    pub north: f64,
    pub span_lon: f64,
    pub span_lat: f64,
    pub width: f64,
    pub height: f64,
}

impl View {
    /// Pixel position of a point.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.west) / self.span_lon * self.width,
            (self.north - lat) / self.span_lat * self.height,
        )
    }

    fn bbox(&self) -> BBox {
        BBox {
            west: self.west,
            south: self.north - self.span_lat,
            east: self.west + self.span_lon,
            north: self.north,
        }
    }

    /// The frame with a margin, in pixels: what is clipped away lies beyond it, so no clipped
    /// edge shows.
    fn margin_box(&self) -> (f64, f64, f64, f64) {
        (-4.0, -4.0, self.width + 4.0, self.height + 4.0)
    }
}

/// A polygon clipped to a rectangle (x0, y0, x1, y1) by Sutherland and Hodgman's method: one
/// pass per edge.
fn clip_polygon(pts: &[(f64, f64)], (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Vec<(f64, f64)> {
    type Inside = fn(f64, (f64, f64)) -> bool;
    type Cross = fn(f64, (f64, f64), (f64, f64)) -> (f64, f64);
    let at_x: Cross = |x, a, b| (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0));
    let at_y: Cross = |y, a, b| (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y);
    let edges: [(f64, Inside, Cross); 4] = [
        (x0, |e, p| p.0 >= e, at_x),
        (x1, |e, p| p.0 <= e, at_x),
        (y0, |e, p| p.1 >= e, at_y),
        (y1, |e, p| p.1 <= e, at_y),
    ];
    let mut out = pts.to_vec();
    for (e, inside, cross) in edges {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else {
            break;
        };
        let mut prev = last;
        for &p in &input {
            match (inside(e, prev), inside(e, p)) {
                (true, true) => out.push(p),
                (true, false) => out.push(cross(e, prev, p)),
                (false, true) => {
                    out.push(cross(e, prev, p));
                    out.push(p);
                }
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

/// The parts of a line that cross the rectangle: runs of points, each with the point before
/// and after it so that the line reaches the frame's edge (the SVG clips the rest).
fn runs_inside(pts: &[(f64, f64)], (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let meets = |a: (f64, f64), b: (f64, f64)| {
        a.0.min(b.0) <= x1 && a.0.max(b.0) >= x0 && a.1.min(b.1) <= y1 && a.1.max(b.1) >= y0
    };
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for w in pts.windows(2) {
        if meets(w[0], w[1]) {
            if current.is_empty() {
                current.push(w[0]);
            }
            current.push(w[1]);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// Drops points less than `px` pixels from the last one kept: detail no screen shows.
fn thin(pts: Vec<(f64, f64)>, px: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len());
    let n = pts.len();
    for (i, p) in pts.into_iter().enumerate() {
        match out.last() {
            Some(l) if i + 1 < n && (p.0 - l.0).abs() < px && (p.1 - l.1).abs() < px => {}
            _ => out.push(p),
        }
    }
    out
}

/// SVG path data of a line, with one decimal.
fn path_data(d: &mut String, pts: &[(f64, f64)]) {
    for (i, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { 'M' } else { 'L' });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(west: f64, north: f64, span: f64) -> View {
        View {
            west,
            north,
            span_lon: span,
            span_lat: span,
            width: 400.0,
            height: 400.0,
        }
    }

    #[test]
    fn the_packaged_layer_reads_and_knows_coasts_borders_and_towns() {
        let map = Basemap::get().expect("basemap");
        assert!(map.arcs.len() > 1000 && map.countries.len() > 200);
        assert!(map.arcs.iter().any(|a| a.line == Line::Border));
        // Around the Levant: the sea's edge and the borders between its countries.
        let levant = view(34.0, 37.5, 4.0);
        let svg = map.svg(&levant);
        assert!(svg.contains("fill=\"#f4f1ea\""), "land");
        assert!(svg.contains("stroke=\"#7a9bb5\""), "coast");
        assert!(svg.contains("stroke-dasharray"), "borders");
        let towns: Vec<&str> = map
            .towns_in(&levant)
            .map(|t| t.name.as_str())
            .take(5)
            .collect();
        assert!(
            towns.contains(&"Aleppo") || towns.contains(&"Homs"),
            "{towns:?}"
        );
        // Open sea far from any coast: nothing to draw.
        assert!(map.svg(&view(-30.0, -40.0, 2.0)).is_empty());
    }

    #[test]
    fn polygons_are_clipped_to_the_frame() {
        let square = [(-10.0, -10.0), (20.0, -10.0), (20.0, 20.0), (-10.0, 20.0)];
        let clipped = clip_polygon(&square, (0.0, 0.0, 10.0, 10.0));
        assert!(clipped
            .iter()
            .all(|&(x, y)| (0.0..=10.0).contains(&x) && (0.0..=10.0).contains(&y)));
        assert_eq!(clipped.len(), 4);
        // Wholly outside: nothing.
        assert!(clip_polygon(
            &[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)],
            (0.0, 0.0, 10.0, 10.0)
        )
        .is_empty());
        // A line through the frame keeps the part that crosses it.
        let runs = runs_inside(
            &[
                (-50.0, 5.0),
                (-20.0, 5.0),
                (5.0, 5.0),
                (40.0, 5.0),
                (80.0, 5.0),
            ],
            (0.0, 0.0, 10.0, 10.0),
        );
        assert_eq!(runs, vec![vec![(-20.0, 5.0), (5.0, 5.0), (40.0, 5.0)]]);
    }

    #[test]
    fn the_users_region_outlines_are_drawn_over_the_base() {
        use dateline_extract::gazetteer::bounds::Boundary;
        use dateline_extract::gazetteer::{Bytes, IndexBuilder};
        let mut b = IndexBuilder::new("test");
        let square = vec![
            (36.0, 35.0),
            (37.0, 35.0),
            (37.0, 36.0),
            (36.0, 36.0),
            (36.0, 35.0),
        ];
        b.push_boundary(&Boundary {
            kind: Kind::Admin1,
            cc: "SY".into(),
            name: "A region".into(),
            code: "1".into(),
            rings: vec![square],
        })
        .expect("boundary");
        let index = Index::new(Bytes::Owned(b.finish().expect("index"))).expect("open");
        let overlays = Overlays::new(vec![index], vec!["regions.idx".into()]);
        let svg = overlays.svg(&view(35.0, 37.0, 3.0));
        assert!(
            svg.starts_with("<path d=\"M") && svg.contains("stroke-dasharray=\"1 2\""),
            "{svg}"
        );
        assert!(overlays.svg(&view(0.0, 10.0, 3.0)).is_empty());
        assert_eq!(
            overlays.attribution().as_deref(),
            Some("regions: regions.idx")
        );
        assert_eq!(Overlays::default().attribution(), None);
    }

    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        assert!(Basemap::parse(b"DLBM\x01").is_err());
        assert!(Basemap::parse(&DATA[..DATA.len() / 2]).is_err());
        assert!(Basemap::parse(b"nothing").is_err());
    }
}
