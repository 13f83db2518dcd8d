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
            } else {
                cause.to_string()
            }
        })
        .collect();
    parts.join(lang.pick("：", ": "))
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
