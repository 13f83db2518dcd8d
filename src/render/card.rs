//! The share card (issue 18): the image that link previews (WeChat, QQ, other apps reading
//! `og:image`) show beside a page that has no photo of its own. Previewers take PNG or JPEG,
//! not SVG, so the card is a PNG written here byte by byte: the theme's red with the QR code
//! of the county's (or portal's) address in a white square, 1200 × 630 (the size previewers
//! crop from; WeChat's square thumbnail is its middle). Indexed colour, zlib at a fixed level:
//! the same address gives the same bytes.

use anyhow::Result;
use flate2::write::ZlibEncoder;
use flate2::{Compression, Crc};
use std::io::Write;

pub const WIDTH: usize = 1200;
pub const HEIGHT: usize = 630;
/// The card's file, in a county's (or the portal's) `assets/`.
pub const FILE: &str = "card.png";

const RED: [u8; 3] = [0xa1, 0x14, 0x1c];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const INK: [u8; 3] = [0x1a, 0x1a, 0x1a];
const GOLD: [u8; 3] = [0xf2, 0xc1, 0x4e];

/// The card for `url`: palette indices 0 red, 1 white, 2 ink (QR modules), 3 gold (a band).
pub fn png(url: &str) -> Result<Vec<u8>> {
    let (modules, dark) = super::qr::modules(url)?;
    let quiet = 4;
    let side = 460;
    let scale = side / (modules + 2 * quiet);
    let drawn = scale * (modules + 2 * quiet);
    let (left, top) = ((WIDTH - drawn) / 2, (HEIGHT - drawn) / 2);
    let mut pixels = vec![0u8; WIDTH * HEIGHT];
    for (y, row) in pixels.chunks_mut(WIDTH).enumerate() {
        if (HEIGHT - 40..HEIGHT - 24).contains(&y) {
            row.fill(3);
        }
        if !(top..top + drawn).contains(&y) {
            continue;
        }
        let my = (y - top) / scale;
        for (x, pixel) in row.iter_mut().enumerate().skip(left).take(drawn) {
            let mx = (x - left) / scale;
            let inside = |m: usize| m >= quiet && m < quiet + modules;
            let is_dark = inside(mx) && inside(my) && dark[(my - quiet) * modules + (mx - quiet)];
            *pixel = if is_dark { 2 } else { 1 };
        }
    }
    encode(&pixels)
}

/// An indexed-colour PNG of `pixels` (one byte per pixel, rows of [`WIDTH`]).
fn encode(pixels: &[u8]) -> Result<Vec<u8>> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&(WIDTH as u32).to_be_bytes());
    header.extend_from_slice(&(HEIGHT as u32).to_be_bytes());
    header.extend_from_slice(&[8, 3, 0, 0, 0]); // 8-bit indices, palette, deflate, no filter, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"PLTE", &[RED, WHITE, INK, GOLD].concat());
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::new(9));
    for row in pixels.chunks(WIDTH) {
        zlib.write_all(&[0])?; // filter type None
        zlib.write_all(row)?;
    }
    chunk(&mut png, b"IDAT", &zlib.finish()?);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_a_png_of_its_size_and_the_same_every_time() {
        let a = png("https://daibiao.example.gov.cn/lishi/").unwrap();
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        // The size as the project's own header reader (written for photos) reads it.
        assert_eq!(crate::jpeg::dimensions(&a), Some((WIDTH as u32, HEIGHT as u32)));
        assert_eq!(a, png("https://daibiao.example.gov.cn/lishi/").unwrap());
        assert!(a.len() < 40_000, "a small file: {} bytes", a.len());
    }
}
