//! QR codes of station addresses, as inline SVG for the wall boards.
//!
//! The `qrcode` crate encodes the data and draws the symbol; choosing the mask is done
//! here. ISO/IEC 18004 (7.8.3) picks, of the eight masks, the one with the lowest penalty
//! for look-alikes of the finder patterns, long runs, 2×2 blocks and unbalanced colour:
//! the crate's own scoring of that was a tenth of a city's build. Masks are applied here
//! too, to rows of bits: the crate's masking, eight times a board, was a thirtieth.

use anyhow::{Context, Result};
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{bits, ec, Color, EcLevel, Version};
use std::sync::{Arc, Mutex};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Light modules around the symbol, as the standard asks.
const QUIET_ZONE: usize = 4;

/// The symbol of `text` (error correction level M): its width and its modules, row by row,
/// `true` for dark.
pub fn modules(text: &str) -> Result<(usize, Vec<bool>)> {
    let level = EcLevel::M;
    let bits =
        bits::encode_auto(text.as_bytes(), level).with_context(|| format!("cannot make a QR code of `{text}`"))?;
    let version = bits.version();
    let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, level)
        .with_context(|| format!("cannot make a QR code of `{text}`"))?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width() as usize;
    if width > 128 {
        return Ok((width, masked_by_crate(&canvas, width)));
    }
    // A masked symbol is the masked symbol without data (function patterns, format
    // information, and the mask itself where data goes) with the dark data modules flipped:
    // a mask inverts a data module where its pattern is dark. The symbols without data are
    // the same for every text of a version, and made once.
    let overlays = overlays(version, level, width);
    let mut data_dark = vec![0u128; width];
    for (y, row) in data_dark.iter_mut().enumerate() {
        for x in 0..width {
            if canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark) {
                *row |= 1 << x;
            }
        }
    }
    // Masking is a XOR, which commutes with turning rows into columns: the data's columns are
    // made once, not the columns of each of the eight masked symbols.
    let data_columns = transpose(&data_dark, width);
    let masked = overlays.iter().map(|(overlay, overlay_columns)| {
        let rows: Vec<u128> = overlay.iter().zip(&data_dark).map(|(o, d)| o ^ d).collect();
        let columns: Vec<u128> = overlay_columns.iter().zip(&data_columns).map(|(o, d)| o ^ d).collect();
        (rows_penalty(&rows, &columns, width), rows)
    });
    // The first of the lowest: the same text always gives the same symbol.
    let (_, rows) = masked.min_by_key(|(score, _)| *score).context("no mask")?;
    let dark = rows.iter().flat_map(|row| (0..width).map(move |x| row >> x & 1 == 1)).collect();
    Ok((width, dark))
}

/// The eight masked symbols of `canvas` made by the crate, the lowest penalty's modules: for
/// symbols too wide for [`modules`]' bit rows, and as its test oracle.
fn masked_by_crate(canvas: &Canvas, width: usize) -> Vec<bool> {
    let masked = MASKS.iter().map(|&mask| {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        (penalty(&dark, width), dark)
    });
    masked.min_by_key(|(score, _)| *score).map(|(_, dark)| dark).unwrap_or_default()
}

/// Rows and columns of each mask's symbol without data, by [`MASKS`] order.
type Overlays = Vec<(Vec<u128>, Vec<u128>)>;

/// The [`Overlays`] of a version, made by the crate the first time the version is asked for.
/// (A memo of a pure function: a city's 747 boards are of one or two versions.)
fn overlays(version: Version, level: EcLevel, width: usize) -> Arc<Overlays> {
    static MADE: Mutex<Vec<(Version, Arc<Overlays>)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, overlays)) = made.iter().find(|(v, _)| *v == version) {
        return overlays.clone();
    }
    let mut blank = Canvas::new(version, level);
    blank.draw_all_functional_patterns();
    let overlays: Overlays = MASKS
        .iter()
        .map(|&mask| {
            let mut masked = blank.clone();
            masked.apply_mask(mask);
            let colors = masked.into_colors();
            let rows: Vec<u128> = colors
                .chunks_exact(width)
                .map(|row| row.iter().enumerate().filter(|(_, c)| **c == Color::Dark).fold(0, |r, (x, _)| r | 1 << x))
                .collect();
            let columns = transpose(&rows, width);
            (rows, columns)
        })
        .collect();
    let overlays = Arc::new(overlays);
    made.push((version, overlays.clone()));
    overlays
}

/// An SVG of the symbol of `text` that scales with its container: one path, a rectangle
/// per run of dark modules in a row.
pub fn svg(text: &str) -> Result<String> {
    let (width, dark) = modules(text)?;
    let size = width + 2 * QUIET_ZONE;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"200\" height=\"200\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|&&d| d).count();
            if run > 0 {
                // `write!` was a third of a board's symbol.
                for (text, n) in [("M", x + QUIET_ZONE), (" ", y + QUIET_ZONE), ("h", run), ("v1h-", run)] {
                    out.push_str(text);
                    push_number(&mut out, n);
                }
                out.push('z');
            }
            x += run.max(1);
        }
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The penalty of a masked symbol (ISO/IEC 18004 7.8.3.1, rules N1 to N4): with rows and
/// columns as bit masks when the symbol is at most 128 modules wide (version 28), else module
/// by module. (On real symbols the module-by-module rules mispredict branches at every turn:
/// 19 µs a mask, a twentieth of a city's build for 747 boards.)
fn penalty(dark: &[bool], width: usize) -> u32 {
    if width <= 128 {
        bitwise_penalty(dark, width)
    } else {
        modulewise_penalty(dark, width)
    }
}

/// [`penalty`] with each row a `u128`, module `x` at bit `x`.
fn bitwise_penalty(dark: &[bool], width: usize) -> u32 {
    let rows: Vec<u128> = dark
        .chunks_exact(width)
        .map(|row| row.iter().enumerate().filter(|(_, &d)| d).fold(0, |r, (x, _)| r | 1 << x))
        .collect();
    rows_penalty(&rows, &transpose(&rows, width), width)
}

/// The columns of a symbol given as rows: module `y` of column `x` at bit `y`.
fn transpose(rows: &[u128], width: usize) -> Vec<u128> {
    let mut columns = vec![0u128; width];
    for (y, &row) in rows.iter().enumerate() {
        let mut bits = row;
        while bits != 0 {
            columns[bits.trailing_zeros() as usize] |= 1 << y;
            bits &= bits - 1;
        }
    }
    columns
}

/// [`penalty`] of a symbol given as rows, module `x` of a row at bit `x`, and as columns.
fn rows_penalty(rows: &[u128], columns: &[u128], width: usize) -> u32 {
    let within = |n: usize| if n >= 128 { u128::MAX } else { (1u128 << n) - 1 };
    let line = |a: u128| -> u32 {
        // N1: bit i when modules i..i+4 are one colour; a run of length L ≥ 5 has L - 4 of
        // them and scores L - 2, so two more for each run's first.
        let same = !(a ^ (a >> 1)) & within(width.saturating_sub(1));
        let five = same & (same >> 1) & (same >> 2) & (same >> 3);
        let runs = five.count_ones() + 2 * (five & !(five << 1)).count_ones();
        // N3: 1011101 starting at bit i, with four light modules before or after (bits from
        // beyond the edge shift in as 0, light).
        let finder =
            a & !(a >> 1) & (a >> 2) & (a >> 3) & (a >> 4) & !(a >> 5) & (a >> 6) & within(width.saturating_sub(6));
        let light_before = !((a << 1) | (a << 2) | (a << 3) | (a << 4));
        let light_after = !((a >> 7) | (a >> 8) | (a >> 9) | (a >> 10));
        runs + 40 * (finder & (light_before | light_after)).count_ones()
    };
    let mut score: u32 = rows.iter().chain(columns).map(|&a| line(a)).sum();
    // N2: each 2×2 block of one colour.
    let pairs = within(width.saturating_sub(1));
    for (&upper, &lower) in rows.iter().zip(rows.iter().skip(1)) {
        let block = !(upper ^ (upper >> 1)) & !(lower ^ (lower >> 1)) & !(upper ^ lower) & pairs;
        score += 3 * block.count_ones();
    }
    // N4: 10 for every 5% the dark share is away from half.
    let dark = rows.iter().map(|row| row.count_ones() as usize).sum::<usize>();
    let percent = dark * 100 / (width * width);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// [`penalty`] module by module, for symbols wider than 128 modules (and as the test oracle).
fn modulewise_penalty(dark: &[bool], width: usize) -> u32 {
    // Columns as rows of a transposed copy: every line is then a plain slice.
    let mut columns = vec![false; dark.len()];
    for (y, row) in dark.chunks_exact(width).enumerate() {
        for (x, &module) in row.iter().enumerate() {
            columns[x * width + y] = module;
        }
    }
    let mut score: u32 = dark.chunks_exact(width).chain(columns.chunks_exact(width)).map(line_penalty).sum();
    // N2: each 2×2 block of one colour.
    for (upper, lower) in dark.chunks_exact(width).zip(dark.chunks_exact(width).skip(1)) {
        for (top, bottom) in upper.windows(2).zip(lower.windows(2)) {
            if top[0] == top[1] && bottom[0] == top[0] && bottom[1] == top[0] {
                score += 3;
            }
        }
    }
    // N4: 10 for every 5% the dark share is away from half.
    let dark_count = dark.iter().filter(|&&d| d).count();
    let percent = dark_count * 100 / dark.len();
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// Rules N1 (runs of five or more modules of one colour) and N3 (dark-light-dark-dark-
/// dark-light-dark with four light modules on either side; beyond the edge is light) along
/// one row or column.
fn line_penalty(line: &[bool]) -> u32 {
    const FINDER: u32 = 0b101_1101;
    let light = |from: usize, to: usize| line[from..to.min(line.len())].iter().all(|&d| !d);
    let mut score = 0;
    let mut run = 0;
    let mut previous = false;
    // The last seven modules, one bit each, the newest lowest.
    let mut window = 0u32;
    for (j, &c) in line.iter().enumerate() {
        run = if j > 0 && c == previous { run + 1 } else { 1 };
        previous = c;
        score += match run {
            5 => 3,
            6.. => 1,
            _ => 0,
        };
        window = ((window << 1) | u32::from(c)) & 0x7F;
        if j >= 6 && window == FINDER {
            let start = j - 6;
            if light(start.saturating_sub(4), start) || light(j + 1, j + 5) {
                score += 40;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_score_as_the_standard_says() {
        // N1: a run of 5 scores 3, each module more 1.
        let line = line_penalty;
        assert_eq!(line(&[true, true, true, true, true, false]), 3);
        assert_eq!(line(&[false; 7]), 5);
        // N3: a finder look-alike with light on one side (the edge counts as light)...
        let finder = [true, false, true, true, true, false, true, false, false, false, false];
        assert_eq!(line(&finder), 40);
        // ...and not with dark on both sides.
        let boxed = [true, true, false, true, false, true, true, true, false, true, false, true];
        assert_eq!(line(&boxed), 0);
        // N2 and N4 on a 2×2 grid, all dark: one block, and 50% away from half.
        assert_eq!(modulewise_penalty(&[true; 4], 2), 3 + 100);
        assert_eq!(bitwise_penalty(&[true; 4], 2), 3 + 100);
    }

    #[test]
    fn bit_masks_score_as_module_by_module() {
        // Pseudo-random grids (a fixed LCG: deterministic), and some with long runs.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for width in [21, 33, 41, 64, 65, 127, 128] {
            for density in [2, 3, 8] {
                let dark: Vec<bool> = (0..width * width)
                    .map(|_| {
                        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        (state >> 33).is_multiple_of(density)
                    })
                    .collect();
                assert_eq!(bitwise_penalty(&dark, width), modulewise_penalty(&dark, width), "{width} 1/{density}");
            }
        }
        let (width, dark) = modules("https://example.org/lishi/stations/yuanjiazhuang/").unwrap();
        assert_eq!(bitwise_penalty(&dark, width), modulewise_penalty(&dark, width));
    }

    #[test]
    fn masking_by_rows_gives_the_symbol_the_crate_masks() {
        // Texts of several versions (1 to 10), and a version seen twice (from the memo).
        for text in [
            "a",
            "https://example.org/",
            "https://example.org/lishi/stations/yuanjiazhuang/",
            &"x".repeat(150),
            &"汉".repeat(60),
            "https://example.org/",
        ] {
            let level = EcLevel::M;
            let bits = bits::encode_auto(text.as_bytes(), level).unwrap();
            let version = bits.version();
            let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, level).unwrap();
            let mut canvas = Canvas::new(version, level);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ec);
            let width = version.width() as usize;
            assert_eq!(modules(text).unwrap(), (width, masked_by_crate(&canvas, width)), "{text}");
        }
    }

    #[test]
    fn the_lowest_penalty_mask_is_chosen_and_the_symbol_is_the_crates() {
        let text = "https://example.org/lishi/stations/yuanjiazhuang/";
        let (width, dark) = modules(text).unwrap();
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        assert_eq!(width, code.width());
        // The crate's symbol differs from ours at most in the mask: the function patterns
        // (finders, timing) are the same modules.
        let theirs: Vec<bool> = code.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        for (x, y) in [(0, 0), (6, 6), (3, 3), (width - 1, 0), (0, width - 1), (8, 6)] {
            assert_eq!(dark[y * width + x], theirs[y * width + x], "({x}, {y})");
        }
        let svg = svg(text).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>") && svg.contains("h7v1h-7z"), "{svg}");
    }
}
