//! The interface language of a portal: zh-CN by default, English on request.
//!
//! Everything a person reads (pages, `check` messages) is chosen by this value; code,
//! comments and logs stay in English.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Accepts the spellings people write in `portal.yaml`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh-hans" | "zh_cn" => Some(Lang::ZhCn),
            "en" | "en-us" | "en-gb" | "en_us" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag written into `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the text of this language from a pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }
}

/// A message for a person in both interface languages: an error of the command (a folder
/// that does not exist, a port taken) carries both, and the CLI prints the one the portal
/// speaks. Its `Display` is the English text, for logs and `{error:#}` chains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub zh: String,
    pub en: String,
}

impl Said {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Said {
        Said { zh: zh.into(), en: en.into() }
    }

    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Said {}

/// An error chain (`anyhow`'s, outermost first) in words of `lang`: each [`Said`] in the
/// language, an I/O error by its kind, anything else as it is; joined by `：` or `: `.
pub fn error_text(error: &anyhow::Error, lang: Lang) -> String {
    let parts: Vec<String> = error
        .chain()
        .map(|cause| {
            if let Some(said) = cause.downcast_ref::<Said>() {
                said.text(lang).to_string()
            } else if let (Some(io), Lang::ZhCn) = (cause.downcast_ref::<std::io::Error>(), lang) {
                io_words(io)
            } else if lang == Lang::ZhCn {
                failed_words(&cause.to_string())
            } else {
                cause.to_string()
            }
        })
        .collect();
    parts.join(lang.pick("：", ": "))
}

/// The file operations that fail in `write` and `theme` (`failed to write \`site/x.html\``),
/// in Chinese; any other text as it is.
fn failed_words(text: &str) -> String {
    const VERBS: &[(&str, &str)] = &[
        ("failed to read ", "无法读取"),
        ("failed to write ", "无法写入"),
        ("failed to create ", "无法创建"),
        ("failed to open ", "无法打开"),
        ("failed to link ", "无法链接"),
        ("failed to move ", "无法移动"),
        ("failed to clear ", "无法清除"),
        ("failed to swap in ", "无法换上新网站"),
        ("failed to put the new site in ", "无法放入新网站"),
        ("failed to put ", "无法放好"),
        ("failed to finish the last build's ", "无法完成上次生成留下的"),
    ];
    for (english, chinese) in VERBS {
        if let Some(rest) = text.strip_prefix(english) {
            let (path, tail) = match rest.strip_prefix('`').and_then(|r| r.split_once('`')) {
                Some((path, tail)) => (path, tail),
                None => (rest, ""),
            };
            let tail = if tail.trim() == "into place" || tail.trim() == "in place" || tail.trim() == "aside" {
                ""
            } else {
                tail
            };
            return format!("{chinese}“{path}”{tail}");
        }
    }
    text.to_string()
}

/// An I/O error as a Chinese reader understands it.
fn io_words(error: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let words = match error.kind() {
        NotFound => "找不到文件或文件夹",
        PermissionDenied => "没有权限",
        AlreadyExists => "已经存在",
        AddrInUse => "端口已被占用",
        AddrNotAvailable => "地址不可用",
        StorageFull => "磁盘已满",
        ReadOnlyFilesystem => "磁盘是只读的",
        _ => return format!("系统错误（{error}）"),
    };
    words.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_chain_is_said_in_the_language() {
        let io = std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (os error 28)");
        let error = anyhow::Error::new(io).context("failed to write `site/a.html`");
        assert_eq!(error_text(&error, Lang::ZhCn), "无法写入“site/a.html”：磁盘已满");
        assert_eq!(
            error_text(&error, Lang::En),
            "failed to write `site/a.html`: No space left on device (os error 28)"
        );
        let said = anyhow::Error::new(Said::new("内容文件夹“x”不存在", "content folder `x` does not exist"));
        assert_eq!(error_text(&said, Lang::ZhCn), "内容文件夹“x”不存在");
        assert_eq!(error_text(&said, Lang::En), "content folder `x` does not exist");
    }
}
