//! **Extension (issue 16).** Places: the navigate links of a station (高德, 百度 and 腾讯's web
//! addresses, which open the phone's map app when it has one), and the county map, drawn in
//! the build as SVG: each station with a location as a point over the county's outline
//! (`outline.geojson`) when there is one, else over the bounding box of the points. No
//! tiles, no script, nothing loaded from elsewhere; it prints as it shows.
//!
//! Coordinates are GCJ-02 (as Chinese map apps use them): `load` has converted WGS-84 ones.

use super::views::Link;
use crate::model::{County, Outline, Station};
use serde::Serialize;
use std::fmt::Write;

/// The drawing's size, in SVG units, and the margin around the points.
pub const WIDTH: f64 = 600.0;
pub const HEIGHT: f64 = 400.0;
pub const MARGIN: f64 = 40.0;

/// The area the points cover: (min lat, max lat, min lon, max lon).
pub type Bounds = (f64, f64, f64, f64);

pub fn bounds(points: &[(f64, f64)]) -> Option<Bounds> {
    let first = points.first()?;
    Some(points.iter().fold((first.0, first.0, first.1, first.1), |(a, b, c, d), (lat, lon)| {
        (a.min(*lat), b.max(*lat), c.min(*lon), d.max(*lon))
    }))
}

/// Where a point lies on the drawing: an equirectangular projection (longitudes shortened by
/// the cosine of the middle latitude), scaled to fit inside the margins and centred.
pub fn project((lat, lon): (f64, f64), (lat0, lat1, lon0, lon1): Bounds) -> (f64, f64) {
    let shrink = ((lat0 + lat1) / 2.0).to_radians().cos();
    let span_x = ((lon1 - lon0) * shrink).max(1e-9);
    let span_y = (lat1 - lat0).max(1e-9);
    let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min((HEIGHT - 2.0 * MARGIN) / span_y);
    let x = WIDTH / 2.0 + ((lon - lon0) * shrink - span_x / 2.0) * scale;
    let y = HEIGHT / 2.0 - ((lat - lat0) - span_y / 2.0) * scale;
    // A single point, or points on one line, sit in the middle.
    let x = if lon1 - lon0 < 1e-9 { WIDTH / 2.0 } else { x };
    let y = if lat1 - lat0 < 1e-9 { HEIGHT / 2.0 } else { y };
    ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The county's outline as one SVG path (rings as subpaths, holes left open by the even-odd
/// rule); a point that falls where the one before it fell is left out.
pub fn outline_path(outline: &Outline, bounds: Bounds) -> String {
    let mut d = String::new();
    for ring in &outline.rings {
        let mut last = None;
        for (i, at) in ring.iter().enumerate() {
            let point = project(*at, bounds);
            if last == Some(point) {
                continue;
            }
            let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, point.0, point.1);
            last = Some(point);
        }
        d.push('Z');
    }
    d
}

/// The county's stations as points over its outline (or over the box that holds them);
/// `None` when there is neither a located station nor an outline.
pub fn county_map(county: &County, title: &str) -> Option<String> {
    let placed: Vec<(&Station, (f64, f64))> =
        county.stations.iter().filter_map(|s| s.location.map(|at| (s, at))).collect();
    let outline_points = county.outline.iter().flat_map(|o| o.rings.iter().flatten().copied());
    let bounds = bounds(&placed.iter().map(|(_, at)| *at).chain(outline_points).collect::<Vec<_>>())?;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"county-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"group\" aria-label=\"{}\"><title>{}</title><rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f7f4ee\" stroke=\"#c9c2b2\"/>",
        escape(title),
        escape(title)
    );
    if let Some(outline) = &county.outline {
        let d = outline_path(outline, bounds);
        let _ = write!(svg, "<path class=\"county-outline\" d=\"{d}\" fill=\"#ebe3cf\" fill-rule=\"evenodd\" stroke=\"#8a7d5c\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>");
    }
    for (station, at) in &placed {
        let (x, y) = project(*at, bounds);
        // Labels to the left of points on the right half, so they stay inside.
        let (dx, anchor) = if x > WIDTH / 2.0 { (-9.0, "end") } else { (9.0, "start") };
        let _ = write!(
            svg,
            "<a href=\"stations/{id}/\"><circle class=\"map-point\" cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"#a31621\" data-lat=\"{lat}\" data-lon=\"{lon}\"/><text x=\"{tx}\" y=\"{ty}\" font-size=\"14\" text-anchor=\"{anchor}\" fill=\"#222\">{name}</text></a>",
            id = station.id,
            lat = at.0,
            lon = at.1,
            tx = x + dx,
            ty = y + 5.0,
            name = escape(&station.name),
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[derive(Serialize)]
pub struct Navigate {
    pub links: Vec<Link>,
    pub coordinates: String,
}

/// Percent-encoding of a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The navigate links of a station with a location: 高德, 百度, 腾讯 (their web addresses open
/// the app when the phone has it), each told the coordinates are GCJ-02.
pub fn navigate(station: &Station, labels: [&str; 3]) -> Option<Navigate> {
    let (lat, lon) = station.location?;
    let name = encode(&station.name);
    let address = encode(station.address.as_deref().unwrap_or(&station.name));
    let links = vec![
        Link {
            href: format!(
                "https://uri.amap.com/marker?position={lon},{lat}&name={name}&coordinate=gaode&callnative=1&src=liaison"
            ),
            text: labels[0].to_string(),
        },
        Link {
            href: format!(
                "https://api.map.baidu.com/marker?location={lat},{lon}&title={name}&content={address}&coord_type=gcj02&output=html&src=liaison"
            ),
            text: labels[1].to_string(),
        },
        Link {
            href: format!(
                "https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat},{lon};title:{name};addr:{address}&referer=liaison"
            ),
            text: labels[2].to_string(),
        },
    ];
    Some(Navigate { links, coordinates: format!("{lat:.6}, {lon:.6}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fit_the_drawing_and_keep_their_places() {
        let points = [(37.50, 111.10), (37.60, 111.30), (37.55, 111.20)];
        let b = bounds(&points).unwrap();
        let projected: Vec<(f64, f64)> = points.iter().map(|p| project(*p, b)).collect();
        for (x, y) in &projected {
            assert!((MARGIN - 0.1..=WIDTH - MARGIN + 0.1).contains(x), "{x}");
            assert!((MARGIN - 0.1..=HEIGHT - MARGIN + 0.1).contains(y), "{y}");
        }
        // North is up, east is right, the middle point in the middle.
        assert!(projected[1].1 < projected[0].1 && projected[1].0 > projected[0].0);
        assert_eq!(projected[2], (WIDTH / 2.0, HEIGHT / 2.0));
        assert_eq!(project((37.5, 111.1), bounds(&[(37.5, 111.1)]).unwrap()), (WIDTH / 2.0, HEIGHT / 2.0));
    }
}
