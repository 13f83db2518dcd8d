//! **Extension (issue 16).** `<county>/outline.geojson`: the county's boundary, drawn under
//! its stations on the county map.
//!
//! A GeoJSON file (RFC 7946) holding a `Polygon` or `MultiPolygon`: bare, as a `Feature`, or
//! as the features of a `FeatureCollection` (every polygon of every feature is drawn).
//! Positions are `[longitude, latitude]`. RFC 7946 says WGS-84, and that is the default; a
//! file in GCJ-02 (as 高德 and DataV.GeoAtlas give them) says so with `"coord_system":
//! "gcj02"` beside `"type"` at the top, or in the `properties` of its feature. WGS-84 is
//! converted to GCJ-02, the system of the stations' locations.
//!
//! Problems name the place in the file as a path (`features[0].geometry.coordinates[0][3]`);
//! a file that is not JSON is reported at the line and column where it stops being JSON.

use super::decode::Decoder;
use crate::diag::{Pos, Problem, Severity};
use crate::model::Outline;
use serde_json::Value;

/// The most positions read from one outline: a county's boundary simplified for a map needs
/// a few thousand; a survey-grade one is simplified before it is put here.
const MAX_POSITIONS: usize = 200_000;

const SYSTEMS: &[&str] = &["gcj02", "wgs84"];

pub fn decode(decoder: &mut Decoder) -> Option<Outline> {
    let text = decoder.text_of_file().to_string();
    let value: Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            let message = error.to_string();
            let message = message.rsplit_once(" at line").map_or(message.as_str(), |(m, _)| m).to_string();
            decoder.report(
                Severity::Error,
                Pos::new(error.line(), error.column().max(1)),
                1,
                Problem::OutlineJson { message },
            );
            return None;
        }
    };
    let mut reader = Reader { decoder, rings: Vec::new(), positions: 0, failed: false };
    let wgs84 = reader.system(&value)?;
    reader.geometry_holder(&value, "");
    if reader.failed {
        return None;
    }
    if reader.rings.is_empty() {
        reader.problem("", "Polygon, MultiPolygon, Feature, FeatureCollection".into(), describe(&value));
        return None;
    }
    let rings = reader.rings;
    let convert = |(lat, lon): (f64, f64)| if wgs84 { super::station::wgs84_to_gcj02((lat, lon)) } else { (lat, lon) };
    Some(Outline { rings: rings.into_iter().map(|ring| ring.into_iter().map(convert).collect()).collect() })
}

struct Reader<'d, 'a> {
    decoder: &'d mut Decoder<'a>,
    rings: Vec<Vec<(f64, f64)>>,
    positions: usize,
    failed: bool,
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

impl Reader<'_, '_> {
    fn problem(&mut self, at: &str, expected: String, found: String) {
        let at = if at.is_empty() { "(top)".to_string() } else { at.to_string() };
        self.decoder.report(Severity::Error, Pos::FILE, 1, Problem::OutlineShape { at, expected, found });
        self.failed = true;
    }

    /// Whether the file is in WGS-84 (the default, as RFC 7946 says).
    fn system(&mut self, value: &Value) -> Option<bool> {
        let stated = value.get("coord_system").or_else(|| value.get("properties").and_then(|p| p.get("coord_system")));
        let Some(stated) = stated else { return Some(true) };
        let word = stated.as_str().unwrap_or_default().to_ascii_lowercase().replace(['-', '_', ' '], "");
        match word.as_str() {
            "gcj02" | "gcj" | "火星坐标" | "高德" => Some(false),
            "wgs84" | "gps" | "epsg4326" => Some(true),
            _ => {
                let found = describe(stated);
                self.decoder.report(
                    Severity::Error,
                    Pos::FILE,
                    1,
                    Problem::OutlineSystem { found, expected: SYSTEMS.iter().map(|s| s.to_string()).collect() },
                );
                None
            }
        }
    }

    fn geometry_holder(&mut self, value: &Value, at: &str) {
        let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
        match kind {
            "FeatureCollection" => match value.get("features").and_then(Value::as_array) {
                Some(features) => {
                    for (i, feature) in features.iter().enumerate() {
                        self.geometry_holder(feature, &format!("{at}features[{i}]"));
                    }
                }
                None => self.problem(&format!("{at}features"), "[…]".into(), "—".into()),
            },
            "Feature" => match value.get("geometry") {
                Some(Value::Null) | None => {}
                Some(geometry) => self.geometry(geometry, &format!("{}geometry", dotted(at))),
            },
            _ => self.geometry(value, at),
        }
    }

    fn geometry(&mut self, value: &Value, at: &str) {
        let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
        let coordinates = value.get("coordinates");
        let at_coordinates = format!("{}coordinates", dotted(at));
        match (kind, coordinates) {
            ("Polygon", Some(polygon)) => self.polygon(polygon, &at_coordinates),
            ("MultiPolygon", Some(Value::Array(polygons))) => {
                for (i, polygon) in polygons.iter().enumerate() {
                    self.polygon(polygon, &format!("{at_coordinates}[{i}]"));
                }
            }
            ("Polygon" | "MultiPolygon", found) => {
                let found = found.map_or("—".to_string(), describe);
                self.problem(&at_coordinates, "[[[经度, 纬度], …]]".into(), found);
            }
            _ => {
                let found = if kind.is_empty() { describe(value) } else { kind.to_string() };
                let at = format!("{}type", dotted(at));
                self.problem(&at, "Polygon, MultiPolygon, Feature, FeatureCollection".into(), found);
            }
        }
    }

    fn polygon(&mut self, value: &Value, at: &str) {
        let Some(rings) = value.as_array() else {
            return self.problem(at, "[[[经度, 纬度], …]]".into(), describe(value));
        };
        for (r, ring) in rings.iter().enumerate() {
            let at = format!("{at}[{r}]");
            let Some(positions) = ring.as_array() else {
                self.problem(&at, "[[经度, 纬度], …]".into(), describe(ring));
                continue;
            };
            let mut points = Vec::with_capacity(positions.len());
            for (p, position) in positions.iter().enumerate() {
                if let Some(point) = self.position(position, &format!("{at}[{p}]")) {
                    points.push(point);
                }
            }
            if points.len() != positions.len() {
                continue;
            }
            if points.len() < 4 || points.first() != points.last() {
                // RFC 7946: a ring has four positions or more, and ends where it began.
                let found = format!("{} positions, {}", points.len(), describe(ring));
                self.problem(&at, "≥ 4 positions, the last equal to the first".into(), found);
                continue;
            }
            self.positions += points.len();
            if self.positions > MAX_POSITIONS {
                let found = format!("> {MAX_POSITIONS} positions");
                return self.problem(&at, format!("≤ {MAX_POSITIONS} positions"), found);
            }
            self.rings.push(points);
        }
    }

    /// A position `[lon, lat]` as (lat, lon).
    fn position(&mut self, value: &Value, at: &str) -> Option<(f64, f64)> {
        let numbers: Option<Vec<f64>> = value.as_array().and_then(|a| a.iter().map(Value::as_f64).collect());
        match numbers.as_deref() {
            Some([lon, lat, ..]) if (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat) => {
                Some((*lat, *lon))
            }
            _ => {
                self.problem(at, "[经度, 纬度]".into(), describe(value));
                None
            }
        }
    }
}

fn dotted(at: &str) -> String {
    if at.is_empty() {
        String::new()
    } else {
        format!("{at}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Outline>, Vec<String>) {
        let mut decoder = Decoder::new("c/outline.geojson".into(), text);
        let outline = decode(&mut decoder);
        (outline, decoder.diagnostics.items.iter().map(|d| d.problem.message(crate::lang::Lang::En)).collect())
    }

    #[test]
    fn polygons_are_read_as_lat_lon_in_gcj02() {
        let square =
            r#"{"type":"Polygon","coord_system":"gcj02","coordinates":[[[111,37],[112,37],[112,38],[111,37]]]}"#;
        let (outline, problems) = read(square);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(outline.unwrap().rings, vec![vec![(37.0, 111.0), (37.0, 112.0), (38.0, 112.0), (37.0, 111.0)]]);
        // WGS-84 by default: shifted as the stations' GPS locations are.
        let wgs = square.replace(r#""coord_system":"gcj02","#, "");
        let shifted = read(&wgs).0.unwrap().rings[0][0];
        assert_eq!(shifted, super::super::station::wgs84_to_gcj02((37.0, 111.0)));
    }

    #[test]
    fn bad_outlines_say_where() {
        let (_, problems) = read(r#"{"type":"Polygon","coordinates":[[[111,37],[112,37],[112,38]]]}"#);
        assert!(problems[0].contains("coordinates[0]"), "{problems:?}");
        let (_, problems) = read(r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}"#);
        assert!(problems[0].contains("geometry.type"), "{problems:?}");
        let (_, problems) = read(r#"{"type":"Polygon","coordinates":[[[111,37],[112,"x"],[112,38],[111,37]]]}"#);
        assert!(problems[0].contains("coordinates[0][1]"), "{problems:?}");
        let (_, problems) = read(r#"{"type":"Polygon","#);
        assert_eq!(problems.len(), 1);
        let (_, problems) = read(r#"{"type":"Polygon","coord_system":"bd09","coordinates":[]}"#);
        assert!(problems[0].contains("bd09"), "{problems:?}");
    }
}
