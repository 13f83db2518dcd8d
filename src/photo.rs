//! **Extension (issue 16).** Photos published at the widths a phone and a printer need.
//!
//! A phone's photo is 3000×4000 pixels and several MB; a citizen on a phone needs 800 pixels
//! across, a printed page 1600. Every JPEG, PNG and WebP a page shows is published at those
//! widths (never wider than the original: a small image is published at its own width only),
//! turned upright first as its EXIF orientation says (the EXIF itself is not published, GPS
//! and all), and each `<img>` offers them with `srcset` and states its `width` and `height`.
//!
//! A width the original already has, upright and of the same format, is published as the
//! original without its metadata (`jpeg.rs`: no pixel decoded, no quality lost); every other
//! is decoded, turned, resized (Catmull-Rom) and encoded anew: JPEG at quality 82 for a JPEG
//! or an opaque WebP, PNG for a PNG or a WebP with transparency. The same bytes and `VERSION`
//! give the same output bytes, so each file's name carries a hash of its source: a rebuild
//! that finds the name in the previous site links that file instead of encoding it again.
//!
//! `load` reads a photo's header only ([`header`]); `write` makes the files ([`variant`]).

use crate::model::height_at;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// The widths published: a phone's, and a printed page's.
pub const WIDTHS: [u32; 2] = [800, 1600];

/// Bumped whenever the files made from the same source would change (a quality, a filter):
/// it is part of each file's name, so a rebuild never keeps a file made the old way.
pub const VERSION: u64 = 1;

/// An original with more pixels than this is refused: decoding it could take gigabytes.
pub const MAX_PIXELS: u64 = 60_000_000;

/// JPEG quality of the files encoded anew.
const QUALITY: u8 = 82;

/// What `load` learns of a photo from its header: its size as shown (upright), how to turn it,
/// and how it is published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation, 1 (upright) to 8.
    pub orientation: u8,
    pub encoding: crate::model::PhotoEncoding,
}

/// The header of a JPEG, PNG or WebP; `None` when the decoder cannot read it.
pub fn header(bytes: &[u8]) -> Option<Header> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let format = reader.format()?;
    let mut decoder = reader.into_decoder().ok()?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let turned = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned { (height, width) } else { (width, height) };
    use crate::model::PhotoEncoding;
    let encoding = match format {
        image::ImageFormat::Jpeg => PhotoEncoding::Jpeg,
        image::ImageFormat::Png => PhotoEncoding::Png,
        _ if decoder.color_type().has_alpha() => PhotoEncoding::Png,
        _ => PhotoEncoding::Jpeg,
    };
    (width > 0 && height > 0).then_some(Header { width, height, orientation: exif_number(orientation), encoding })
}

fn exif_number(orientation: Orientation) -> u8 {
    match orientation {
        Orientation::NoTransforms => 1,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    }
}

/// The widths a photo `width` pixels across is published at: those of [`WIDTHS`] it is wider
/// than, and its own when it is not wider than the largest.
pub fn widths(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        out.push(width);
    }
    out
}

/// The file of the photo `bytes` at `width` pixels across (`header` is what [`header`] read).
pub fn variant(bytes: &[u8], header: &Header, width: u32) -> Result<Vec<u8>, String> {
    use crate::model::PhotoEncoding;
    let height = height_at(header.width, header.height, width);
    let as_it_is = header.orientation == 1 && width == header.width;
    if as_it_is {
        let stripped = match (header.encoding, &bytes[..4.min(bytes.len())]) {
            (PhotoEncoding::Jpeg, [0xFF, 0xD8, ..]) => crate::jpeg::without_metadata(bytes),
            (PhotoEncoding::Png, [0x89, b'P', ..]) => crate::jpeg::png_without_metadata(bytes),
            _ => None,
        };
        if let Some(stripped) = stripped {
            return Ok(stripped);
        }
    }
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let mut image = reader.decode().map_err(|e| e.to_string())?;
    image.apply_orientation(Orientation::from_exif(header.orientation).unwrap_or(Orientation::NoTransforms));
    if image.width() != width || image.height() != height {
        image = image.resize_exact(width, height, image::imageops::FilterType::CatmullRom);
    }
    encode(&image, header.encoding).map_err(|e| e.to_string())
}

fn encode(image: &DynamicImage, encoding: crate::model::PhotoEncoding) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    match encoding {
        crate::model::PhotoEncoding::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, QUALITY).encode_image(&rgb)?;
        }
        crate::model::PhotoEncoding::Png => {
            let encoder = PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive);
            image.write_with_encoder(encoder)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PhotoEncoding;

    #[test]
    fn a_photo_is_never_made_wider() {
        assert_eq!(widths(4000), vec![800, 1600]);
        assert_eq!(widths(1600), vec![800, 1600]);
        assert_eq!(widths(1000), vec![800, 1000]);
        assert_eq!(widths(800), vec![800]);
        assert_eq!(widths(120), vec![120]);
        assert_eq!(height_at(3000, 4000, 800), 1067);
        assert_eq!(height_at(4000, 3, 800), 1);
    }

    #[test]
    fn a_turned_photo_is_resized_upright() {
        // 40×20 pixels, left half red, stored with orientation 6 (shown turned 90° clockwise).
        let mut image = image::RgbImage::new(40, 20);
        for (x, _, pixel) in image.enumerate_pixels_mut() {
            *pixel = if x < 20 { image::Rgb([255, 0, 0]) } else { image::Rgb([0, 0, 255]) };
        }
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let header = Header { width: 20, height: 40, orientation: 6, encoding: PhotoEncoding::Png };
        let out = image::load_from_memory(&variant(&png, &header, 10).unwrap()).unwrap().to_rgb8();
        assert_eq!(out.dimensions(), (10, 20));
        // Turned clockwise, the red left half is on top.
        assert_eq!(out.get_pixel(5, 2), &image::Rgb([255, 0, 0]));
        assert_eq!(out.get_pixel(5, 17), &image::Rgb([0, 0, 255]));
    }
}
