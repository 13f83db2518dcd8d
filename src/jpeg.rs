//! **Extension (issue 16).** A photo's metadata taken out before it is published. A phone's
//! photo carries where it was taken (EXIF GPS), the camera, sometimes the owner's name. The
//! segments that hold them (APP1: EXIF and XMP; APP12, APP13: IPTC; COM: comments) are
//! dropped; the picture (and its colour profile, APP2, and JFIF/Adobe headers) is kept byte
//! for byte. A PNG loses its text and EXIF chunks (`eXIf`, `tEXt`, `iTXt`, `zTXt`, `tIME`).
//! No pixel is decoded, so nothing is resized either.

/// The JPEG without its metadata segments; `None` when the bytes are not a JPEG this walk
/// understands (then the caller publishes nothing but the checked original's copy).
pub fn without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (&ff, &marker) = (bytes.get(at)?, bytes.get(at + 1)?);
        if ff != 0xFF {
            return None;
        }
        // Markers without a length: restart markers, TEM.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        if marker == 0xD9 {
            out.extend_from_slice(&bytes[at..at + 2]);
            return Some(out);
        }
        let length = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        let end = at + 2 + length;
        if length < 2 || end > bytes.len() {
            return None;
        }
        let metadata = matches!(marker, 0xE1 | 0xEC | 0xED | 0xFE);
        if marker == 0xDA {
            // Start of scan: the picture follows to the end, as it is.
            out.extend_from_slice(&bytes[at..]);
            return Some(out);
        }
        if !metadata {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

/// The PNG without its metadata chunks; `None` when its chunks do not walk to `IEND`.
pub fn png_without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = SIGNATURE.to_vec();
    let mut at = SIGNATURE.len();
    while at < bytes.len() {
        let length = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let end = at.checked_add(12)?.checked_add(length)?;
        let kind = bytes.get(at + 4..at + 8)?;
        let chunk = bytes.get(at..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"iTXt" | b"zTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        if kind == b"IEND" {
            return Some(out);
        }
        at = end;
    }
    None
}

/// Width and height of a PNG (its IHDR) or a JPEG (its frame header), in pixels.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return (width > 0 && height > 0).then_some((width, height));
    }
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while *bytes.get(at)? == 0xFF {
        let marker = *bytes.get(at + 1)?;
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        // Start of frame: any SOFn but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]) as u32;
            let width = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]) as u32;
            return (width > 0 && height > 0).then_some((width, height));
        }
        if marker == 0xDA || length < 2 {
            return None;
        }
        at += 2 + length;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_and_comments_go_the_picture_stays() {
        let app0 = [0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F'];
        let exif = [0xFF, 0xE1, 0x00, 0x0A, b'E', b'x', b'i', b'f', 0, 0, b'G', b'P'];
        let com = [0xFF, 0xFE, 0x00, 0x04, b'h', b'i'];
        let scan = [0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9];
        let jpeg: Vec<u8> = [&[0xFF, 0xD8][..], &app0, &exif, &com, &scan].concat();
        let clean = without_metadata(&jpeg).unwrap();
        assert_eq!(clean, [&[0xFF, 0xD8][..], &app0, &scan].concat());
        assert_eq!(without_metadata(b"\x89PNG"), None);
        assert_eq!(without_metadata(&[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40]), None, "a segment longer than the file");
    }

    #[test]
    fn sizes_are_read_from_the_headers() {
        let png = [&b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"[..], &640u32.to_be_bytes(), &400u32.to_be_bytes()].concat();
        assert_eq!(dimensions(&png), Some((640, 400)));
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 16, 0, 32, 3];
        assert_eq!(dimensions(&jpeg), Some((32, 16)));
        assert_eq!(dimensions(b"<svg/>"), None);
    }

    #[test]
    fn png_text_and_exif_chunks_go() {
        let chunk =
            |kind: &[u8], data: &[u8]| [&(data.len() as u32).to_be_bytes()[..], kind, data, &[0, 0, 0, 0]].concat();
        let ihdr = chunk(b"IHDR", &[0; 13]);
        let idat = chunk(b"IDAT", b"pixels");
        let iend = chunk(b"IEND", b"");
        let png =
            [&b"\x89PNG\r\n\x1a\n"[..], &ihdr, &chunk(b"tEXt", b"GPS\x0037.5"), &chunk(b"eXIf", b"MM"), &idat, &iend]
                .concat();
        let clean = png_without_metadata(&png).unwrap();
        assert_eq!(clean, [&b"\x89PNG\r\n\x1a\n"[..], &ihdr, &idat, &iend].concat());
        assert_eq!(png_without_metadata(&png[..png.len() - 3]), None);
    }
}
