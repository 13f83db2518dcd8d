//! Text as search sees it: the visible text of a rendered page, normalised, and cut into
//! character bigrams. The browser script normalises queries with the same rules
//! (`themes/default/static/search.js`), so the two must change together.

/// Normalises one character: full-width ASCII to ASCII, Latin to lower case. Other
/// characters than letters, digits and CJK give `None` and are dropped: punctuation does
/// not split a phrase (听、看、答、办 reads as 听看答办), only whitespace does.
pub fn normalise_char(c: char) -> Option<char> {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii_alphanumeric() {
        Some(c.to_ascii_lowercase())
    } else if is_cjk(c) {
        Some(c)
    } else {
        None
    }
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The whitespace-separated runs of `text`, normalised, without punctuation.
pub fn runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
        } else if let Some(c) = normalise_char(c) {
            run.push(c);
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Every pair of adjacent characters within a run; a one-character run gives itself. The
/// readable form of [`packed_bigrams`], kept as its test oracle.
#[cfg(test)]
pub fn bigrams(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in runs(text) {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            out.push(run);
            continue;
        }
        for pair in chars.windows(2) {
            out.push(pair.iter().collect());
        }
    }
    out
}

/// The distinct bigrams of `text` in the order they first occur, each packed into a `u64`
/// (the first character above, the second plus one below; a one-character run has 0
/// below), with no allocation per bigram.
pub fn packed_bigrams(text: &str) -> Vec<u64> {
    let mut grams = Bigrams::with_capacity(text.len() / 2);
    text.chars().for_each(|c| grams.push(c));
    grams.finish()
}

/// [`packed_bigrams`] of [`unit_text`], in one pass and without making the text: for the
/// pages whose text serves the index only (deputies, stations).
pub fn page_bigrams(html: &[u8]) -> Vec<u64> {
    let mut grams = Bigrams::with_capacity(html.len() / 4);
    unit_text_into(html, &mut grams);
    grams.finish()
}

/// Bigrams made a character at a time, each kept once. (A page repeats about half of its
/// bigrams; the county's index looks each kept one up in a map of all its bigrams, which
/// costs more than this small table that stays in the first-level cache.)
struct Bigrams {
    out: Vec<u64>,
    /// Open addressing, linear probing; 0 is an empty slot (no packed bigram is 0: its first
    /// character is a letter, digit or CJK). Kept at most half full.
    seen: Vec<u64>,
    previous: Option<char>,
    run_length: usize,
}

impl Bigrams {
    fn with_capacity(expected: usize) -> Bigrams {
        let slots = (expected / 2).clamp(64, 1 << 16).next_power_of_two();
        Bigrams { out: Vec::with_capacity(expected / 2), seen: vec![0; slots], previous: None, run_length: 0 }
    }

    /// Keeps `gram` unless it was kept before.
    fn keep(&mut self, gram: u64) {
        if 2 * (self.out.len() + 1) > self.seen.len() {
            self.grow();
        }
        let mask = self.seen.len() - 1;
        let mut slot = Self::slot_of(gram, mask);
        loop {
            match self.seen[slot] {
                0 => break,
                g if g == gram => return,
                _ => slot = (slot + 1) & mask,
            }
        }
        self.seen[slot] = gram;
        self.out.push(gram);
    }

    fn slot_of(gram: u64, mask: usize) -> usize {
        // Fibonacci hashing: the high bits of the product mix both characters.
        (gram.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    fn grow(&mut self) {
        let mask = self.seen.len() * 2 - 1;
        self.seen = vec![0; mask + 1];
        for &gram in &self.out {
            let mut slot = Self::slot_of(gram, mask);
            while self.seen[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.seen[slot] = gram;
        }
    }

    fn push(&mut self, c: char) {
        // Chinese characters first: they are most of the text, and never whitespace.
        let c = if is_cjk(c) {
            c
        } else if c.is_whitespace() {
            self.flush();
            return;
        } else {
            let Some(c) = normalise_char(c) else { return };
            c
        };
        if let Some(p) = self.previous {
            self.keep((u64::from(p as u32) << 32) | u64::from(c as u32 + 1));
        }
        self.previous = Some(c);
        self.run_length += 1;
    }

    /// The end of a run: a one-character run is a gram of its own.
    fn flush(&mut self) {
        if let (Some(c), 1) = (self.previous, self.run_length) {
            self.keep(u64::from(c as u32) << 32);
        }
        self.previous = None;
        self.run_length = 0;
    }

    fn finish(mut self) -> Vec<u64> {
        self.flush();
        self.out
    }
}

/// Where stripped page text goes: kept as bytes, or cut into bigrams as it comes.
trait TextSink {
    /// Text of a page, cut only at ASCII bytes.
    fn text(&mut self, bytes: &[u8]);
    fn newline(&mut self);
}

impl TextSink for Vec<u8> {
    fn text(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    fn newline(&mut self) {
        self.push(b'\n');
    }
}

impl TextSink for Bigrams {
    fn text(&mut self, bytes: &[u8]) {
        // Decoded and checked in one pass (checking first, then decoding, read the text
        // twice); from the first byte that is not UTF-8 on, the rest is read lossily.
        let mut at = 0;
        while at < bytes.len() {
            match decode(&bytes[at..]) {
                Some((c, len)) => {
                    self.push(c);
                    at += len;
                }
                None => {
                    String::from_utf8_lossy(&bytes[at..]).chars().for_each(|c| self.push(c));
                    return;
                }
            }
        }
    }

    fn newline(&mut self) {
        self.flush();
    }
}

/// The first character of `bytes` and its length in bytes, if they start with one in UTF-8
/// (shortest form, no surrogates: what `str::from_utf8` accepts).
fn decode(bytes: &[u8]) -> Option<(char, usize)> {
    let first = *bytes.first()?;
    let (len, min, initial) = match first {
        0x00..=0x7F => return Some((char::from(first), 1)),
        0xC2..=0xDF => (2, 0x80, u32::from(first & 0x1F)),
        0xE0..=0xEF => (3, 0x800, u32::from(first & 0x0F)),
        0xF0..=0xF4 => (4, 0x1_0000, u32::from(first & 0x07)),
        _ => return None,
    };
    let rest = bytes.get(1..len)?;
    let mut code = initial;
    for &b in rest {
        if b & 0xC0 != 0x80 {
            return None;
        }
        code = (code << 6) | u32::from(b & 0x3F);
    }
    if code < min {
        return None;
    }
    char::from_u32(code).map(|c| (c, len))
}

/// The characters of a packed bigram: one or two.
fn chars_of(gram: u64) -> impl Iterator<Item = char> {
    let first = char::from_u32((gram >> 32) as u32).unwrap_or(' ');
    let second = match (gram & 0xFFFF_FFFF) as u32 {
        0 => None,
        low => Some(char::from_u32(low - 1).unwrap_or(' ')),
    };
    std::iter::once(first).chain(second)
}

/// The text of a packed bigram.
pub fn unpack(gram: u64) -> String {
    chars_of(gram).collect()
}

/// Appends the text of a packed bigram.
pub fn push_unpacked(out: &mut String, gram: u64) {
    out.extend(chars_of(gram));
}

/// [`hash`] of the text of a packed bigram, without making the text.
pub fn hash_packed(gram: u64) -> u32 {
    chars_of(gram).fold(FNV_OFFSET, fnv_step)
}

/// FNV-1a over the code points of `text`; the script computes the same in JavaScript
/// (`Math.imul`, unsigned 32 bits), so both put a bigram in the same shard.
pub fn hash(text: &str) -> u32 {
    text.chars().fold(FNV_OFFSET, fnv_step)
}

const FNV_OFFSET: u32 = 0x811c_9dc5;

fn fnv_step(h: u32, c: char) -> u32 {
    (h ^ c as u32).wrapping_mul(0x0100_0193)
}

/// What a reader sees of a rendered page: the breadcrumbs and the main content, without
/// scripts, tags or entities. (The site header and footer, the same on every page, are
/// left out: a query for them would find every page.)
pub fn visible_text(html: &[u8]) -> String {
    let mut out = Vec::with_capacity(html.len() / 2);
    visible_text_into(html, &mut out);
    into_text(out)
}

fn visible_text_into(html: &[u8], out: &mut impl TextSink) {
    for part in [section(html, b"<nav", b"</nav>"), section(html, b"<main", b"</main>")] {
        strip_tags(part, out);
        out.newline();
    }
}

/// The text a page contributes to the index: its `<article>` when it has one (a rule or a
/// case, whose text several pages may share), else its breadcrumbs and main content.
pub fn unit_text(html: &[u8]) -> String {
    let mut out = Vec::with_capacity(html.len() / 2);
    unit_text_into(html, &mut out);
    into_text(out)
}

fn unit_text_into(html: &[u8], out: &mut impl TextSink) {
    let article = section(html, b"<article", b"</article>");
    if article.is_empty() {
        visible_text_into(html, out);
    } else {
        strip_tags(article, out);
    }
}

/// Pages are cut only at ASCII bytes (`<`, `>`, `&`, `;`), so the text of a UTF-8 page is
/// UTF-8; it is checked once, here, on the text rather than on the whole page.
fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// From `open` to before `close`. (memchr's `memmem`: `str::find` was a tenth of the index's
/// time, looking for `<article` through pages that have none.)
fn section<'a>(html: &'a [u8], open: &[u8], close: &[u8]) -> &'a [u8] {
    use memchr::memmem::find;
    let Some(start) = find(html, open) else { return b"" };
    let end = find(&html[start..], close).map_or(html.len(), |e| start + e);
    &html[start..end]
}

fn strip_tags(html: &[u8], out: &mut impl TextSink) {
    use memchr::{memchr, memmem};
    let mut at = 0;
    while let Some(lt) = memchr(b'<', &html[at..]).map(|i| at + i) {
        push_unescaped(&html[at..lt], out);
        let after = &html[lt..];
        if after.starts_with(b"<script") {
            at = memmem::find(after, b"</script>").map_or(html.len(), |e| lt + e + 9);
            continue;
        }
        let end = memchr(b'>', after).map_or(after.len(), |e| e + 1);
        let tag = &after[1..end.saturating_sub(1)];
        let tag = tag.strip_prefix(b"/").unwrap_or(tag);
        let name = &tag[..tag.iter().position(|b| matches!(b, b' ' | b'/' | b'>')).unwrap_or(tag.len())];
        // An element the theme marks `data-noindex` (the page's "updated on" line): its text
        // is about the build, not the page, and would match every page.
        if !after.starts_with(b"</") && memmem::find(tag, b" data-noindex").is_some() {
            let close = [b"</", name, b">"].concat();
            at = memmem::find(&after[end..], &close).map_or(html.len(), |e| lt + end + e + close.len());
            continue;
        }
        if matches!(
            name,
            b"p" | b"li" | b"br" | b"h1" | b"h2" | b"h3" | b"dt" | b"dd" | b"div" | b"section" | b"tr" | b"td" | b"th"
        ) {
            out.newline();
        }
        at = lt + end;
    }
    push_unescaped(&html[at..], out);
}

fn push_unescaped(text: &[u8], out: &mut impl TextSink) {
    let mut rest = text;
    while let Some(at) = memchr::memchr(b'&', rest) {
        out.text(&rest[..at]);
        let window = &rest[at..rest.len().min(at + 11)];
        let entity = memchr::memchr(b';', window).map(|e| &window[1..e]);
        let (replacement, skip): (&[u8], usize) = match entity {
            Some(b"amp") => (b"&", 5),
            Some(b"lt") => (b"<", 4),
            Some(b"gt") => (b">", 4),
            Some(b"quot") => (b"\"", 6),
            Some(b"#39") => (b"'", 5),
            Some(b"nbsp") => (b" ", 6),
            _ => (b"&", 1),
        };
        out.text(replacement);
        rest = &rest[at + skip..];
    }
    out.text(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_stay_inside_words() {
        assert_eq!(bigrams("袁家庄 七巷"), vec!["袁家", "家庄", "七巷"]);
        assert_eq!(bigrams("听、看"), vec!["听看"]);
        assert_eq!(bigrams("ＡＢ c"), vec!["ab", "c"]);
        assert_eq!(bigrams("280多户"), vec!["28", "80", "0多", "多户"]);
    }

    #[test]
    fn packed_bigrams_are_the_bigrams() {
        // Every distinct bigram once, in the order of first occurrence; the long text makes
        // the table grow.
        let long: String = (0..3000u32).map(|i| char::from_u32(0x4E00 + i * 7 % 2999).unwrap()).collect();
        for text in ["袁家庄 七巷", "听、看", "ＡＢ c", "280多户", "a", "𠀋x", "", "接待接待 接待 a a", &long]
        {
            let grams = packed_bigrams(text);
            let packed: Vec<String> = grams.iter().copied().map(unpack).collect();
            let mut distinct = bigrams(text);
            let mut seen = std::collections::HashSet::new();
            distinct.retain(|gram| seen.insert(gram.clone()));
            assert_eq!(packed, distinct, "{text}");
            for (gram, text) in grams.iter().zip(&packed) {
                assert_eq!(hash_packed(*gram), hash(text), "{text}");
            }
        }
    }

    #[test]
    fn page_bigrams_are_the_bigrams_of_the_visible_text() {
        let pages = [
            "<header>站名</header><nav><a>离石区</a> › <a>袁家庄</a></nav><main><h1>袁家庄&amp;七巷</h1><script>{\"s\":1}</script><p>正文 a&lt;b</p><li>x</li><li>y</li>单</main>",
            "<main><p>Ａ&nbsp;ｂ &#39;q&quot; 1&x;2</p><br>末</main>",
            "<main><p>前</p><p class=meta data-noindex>信息更新于<time>今天</time></p><p>后</p></main>",
            "no tags at all 无",
            "",
        ];
        for page in pages.into_iter().chain(["<main><article><h1>制度</h1><p>正文</p></article>其他</main>"]) {
            assert_eq!(page_bigrams(page.as_bytes()), packed_bigrams(&unit_text(page.as_bytes())), "{page}");
        }
    }

    #[test]
    fn text_is_decoded_as_utf8_and_the_rest_lossily_from_a_bad_byte() {
        let decoded = |bytes: &[u8]| {
            let mut grams = Bigrams::with_capacity(64);
            grams.text(bytes);
            grams.finish().into_iter().map(unpack).collect::<Vec<_>>()
        };
        let lossy = |bytes: &[u8]| bigrams(&String::from_utf8_lossy(bytes));
        let samples: [&[u8]; 9] = [
            "袁家庄a𠀋ｂ".as_bytes(),
            b"ab\xC3\xA9c",
            b"a\xE8\xA2\x81\xE8b", // cut inside a character
            b"\xE0\x80\xAFxy",     // overlong
            b"\xED\xA0\x80zz",     // a surrogate
            b"\xF4\x90\x80\x80qq", // beyond U+10FFFF
            b"\xC0\xAFqq",
            b"\xFFok",
            b"",
        ];
        for bytes in samples {
            let mut distinct = lossy(bytes);
            let mut seen = std::collections::HashSet::new();
            distinct.retain(|gram| seen.insert(gram.clone()));
            assert_eq!(decoded(bytes), distinct, "{bytes:?}");
        }
        for bytes in samples.iter().filter(|b| std::str::from_utf8(b).is_ok()) {
            let text = std::str::from_utf8(bytes).unwrap();
            let mut at = 0;
            for c in text.chars() {
                assert_eq!(decode(&bytes[at..]), Some((c, c.len_utf8())));
                at += c.len_utf8();
            }
        }
        for bad in
            [&b"\xE8\xA2"[..], b"\xE0\x80\xAF", b"\xED\xA0\x80", b"\xF4\x90\x80\x80", b"\xC0\xAF", b"\xFF", b"\x80"]
        {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn visible_text_leaves_out_scripts_and_tags() {
        let html = "<header>站名</header><nav><a>离石区</a></nav><main><h1>袁家庄&amp;七巷</h1><script>{\"s\":1}</script><p>正文</p></main><footer>示例</footer>";
        let text = visible_text(html.as_bytes());
        assert!(text.contains("离石区") && text.contains("袁家庄&七巷") && text.contains("正文"));
        assert!(!text.contains("示例") && !text.contains("\"s\""));
        let html = "<main><p>前文</p><p class=\"meta updated\" data-noindex>信息更新于<time datetime=x>2026年</time></p><p>后文</p></main>";
        let text = visible_text(html.as_bytes());
        assert!(text.contains("前文") && text.contains("后文"), "{text}");
        assert!(!text.contains("更新") && !text.contains("2026"), "{text}");
    }

    #[test]
    fn the_hash_is_fnv1a() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }
}
