//! Chinese names and words in toneless pinyin: deputy ids, folder-name hints, and (later)
//! search keys.
//!
//! The first character of a person's name is a surname, and several surnames are read
//! differently from the same character in running text (单 shàn, not dān). The pinyin
//! crate gives the common reading of each character; this table corrects surnames.

use pinyin::ToPinyin;

/// Surnames whose reading differs from the character's most common one.
const SURNAMES: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('查', "zha"),
    ('朴', "piao"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('繁', "po"),
    ('种', "chong"),
    ('秘', "bi"),
    ('尉', "yu"),
    ('召', "shao"),
    ('员', "yun"),
    ('折', "she"),
    ('句', "gou"),
];

/// The syllables of a person's name: `宋金峰` → `["song", "jin", "feng"]`. Latin letters
/// and digits are kept, lowercased, as one syllable per run; other characters are dropped.
pub fn name_syllables(name: &str) -> Vec<String> {
    syllables(name, true)
}

/// The syllables of any text (a village, a folder name), without surname readings.
pub fn text_syllables(text: &str) -> Vec<String> {
    syllables(text, false)
}

fn syllables(text: &str, is_person: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut latin = String::new();
    for (i, (c, reading)) in text.chars().zip(text.to_pinyin()).enumerate() {
        if c.is_ascii_alphanumeric() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        if !latin.is_empty() {
            out.push(std::mem::take(&mut latin));
        }
        let surname = if is_person && i == 0 { SURNAMES.iter().find(|(s, _)| *s == c).map(|(_, r)| *r) } else { None };
        if let Some(reading) = surname.or(reading.map(|p| p.plain())) {
            out.push(reading.replace('ü', "v"));
        }
    }
    if !latin.is_empty() {
        out.push(latin);
    }
    out
}

/// The default deputy id: the toneless pinyin of the name, joined (`songjinfeng`).
pub fn default_id(name: &str) -> String {
    name_syllables(name).concat()
}

/// A web-safe id suggested for a name that is not one: `袁家庄` → `yuanjiazhuang`,
/// `Parking_2021` → `parking-2021`.
pub fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for (c, reading) in text.chars().zip(text.to_pinyin()) {
        match reading {
            Some(reading) => id.push_str(&reading.plain().replace('ü', "v")),
            None if c.is_ascii_alphanumeric() => id.push(c.to_ascii_lowercase()),
            None if !id.ends_with('-') => id.push('-'),
            None => {}
        }
    }
    let id = id.trim_matches('-');
    if id.is_empty() {
        "station-1".into()
    } else {
        id.to_string()
    }
}

/// Ids are lowercase ASCII letters, digits and `-`.
pub fn is_valid_id(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Names a folder may not take: those Windows keeps for devices (a site copied to a
/// Windows PC or a USB stick could not hold them), and those that begin or end with `-`
/// (`-`, `--`: read as options by the tools that handle the site).
pub fn is_reserved(id: &str) -> bool {
    const DEVICES: &[&str] = &["con", "prn", "aux", "nul"];
    let device = DEVICES.contains(&id)
        || (id.len() == 4 && (id.starts_with("com") || id.starts_with("lpt")) && id.as_bytes()[3].is_ascii_digit());
    device || id.starts_with('-') || id.ends_with('-')
}

/// Top-level names of the portal's own pages and files, which no county may take.
/// **Extension (issue 17).** Post file names the post lists use for themselves
/// (`posts/page/2/`, images in `posts/media/`).
pub const RESERVED_POST_IDS: &[&str] = &["page", "media"];

pub const PORTAL_NAMES: &[&str] =
    &["assets", "search", "shared", "data", "static", "media", "feeds", "posts", "news", "api", "portal", "projects"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_toneless_pinyin() {
        assert_eq!(default_id("宋金峰"), "songjinfeng");
        assert_eq!(default_id("王海荣"), "wanghairong");
        assert_eq!(default_id("吕梁"), "lvliang");
    }

    #[test]
    fn surnames_read_as_surnames() {
        assert_eq!(default_id("单田芳"), "shantianfang");
        assert_eq!(default_id("曾国藩"), "zengguofan");
        assert_eq!(default_id("解缙"), "xiejin");
        assert_eq!(default_id("仇英"), "qiuying");
        // Only the first character is a surname: 简单 keeps dan.
        assert_eq!(text_syllables("简单"), vec!["jian", "dan"]);
    }

    #[test]
    fn folder_names_get_a_suggestion() {
        assert_eq!(suggest_id("袁家庄"), "yuanjiazhuang");
        assert_eq!(suggest_id("新华街 2"), "xinhuajie-2");
        assert_eq!(suggest_id("Parking_2021"), "parking-2021");
        assert!(is_valid_id("xinhua-2"));
        assert!(is_reserved("con") && is_reserved("com1") && is_reserved("-") && is_reserved("--"));
        assert!(is_reserved("-a") && is_reserved("a-"));
        assert!(!is_reserved("xinhua-2") && !is_reserved("com") && !is_reserved("console"));
        assert!(!is_valid_id("Xinhua"));
        assert!(!is_valid_id("袁家庄"));
    }

    proptest::proptest! {
        /// Ids never carry markup or path characters: whatever a name holds, its derived id
        /// is lowercase ASCII letters and digits (or empty, which `load` refuses), and a
        /// suggested folder name is always a valid id.
        #[test]
        fn ids_from_any_text_are_web_safe(text in "\\PC{0,24}") {
            let id = default_id(&text);
            proptest::prop_assert!(id.is_empty() || is_valid_id(&id), "{:?} gave {:?}", text, id);
            proptest::prop_assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            proptest::prop_assert!(is_valid_id(&suggest_id(&text)), "{:?}", text);
        }
    }
}
