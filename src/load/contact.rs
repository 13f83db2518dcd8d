//! **Extension (issue 16).** The channels of `contact:` beyond `phone` and `address`, shared
//! by `station.yaml` and `county.yaml`: a hotline, WeChat groups, a 公众号, email, the
//! 意见箱's place, an external 留言/预约 address, and the 12345 line.

use super::decode::{Decoder, Fields};
use super::media::{self, MediaBase};
use super::yaml::{Node, Value};
use crate::diag::Problem;
use crate::model::{Channels, OnlineLink, WechatGroup};

/// The channel keys `contact:` takes in both files.
#[cfg(test)]
pub const CHANNEL_KEYS: &[&str] =
    &["hotline", "wechat_groups", "official_account", "email", "mailbox", "online", "service_hotline"];
const GROUP_KEYS: &[&str] = &["name", "image"];
const ONLINE_KEYS: &[&str] = &["url", "label"];

pub fn channels(decoder: &mut Decoder, contact: &Fields, base: &MediaBase) -> Channels {
    let mut channels = Channels {
        hotline: contact.get("hotline").map(|n| decoder.phones(n)).unwrap_or_default(),
        service_hotline: contact.get("service_hotline").map(|n| decoder.phones(n)).unwrap_or_default(),
        mailbox: contact.get("mailbox").and_then(|n| decoder.text(n)),
        ..Channels::default()
    };
    if let Some(list) = contact.get("wechat_groups") {
        channels.wechat_groups = decoder.list(list).into_iter().filter_map(|item| group(decoder, item, base)).collect();
    }
    channels.official_account = contact.get("official_account").and_then(|n| group(decoder, n, base));
    channels.email = contact.get("email").and_then(|n| email(decoder, n));
    channels.online = contact.get("online").and_then(|n| online(decoder, n));
    channels
}

/// `{ name: 网格微信群, image: media/grid.png }`, or just the name.
fn group(decoder: &mut Decoder, node: &Node, base: &MediaBase) -> Option<WechatGroup> {
    if let Value::Scalar(_) = node.value {
        return decoder.text(node).map(|name| WechatGroup { name, image: None });
    }
    let fields = decoder.map(node, GROUP_KEYS)?;
    let name = decoder.required_text(&fields, "name");
    let image = fields.get("image").and_then(|n| media::resolve(decoder, n, base));
    Some(WechatGroup { name: name?, image })
}

/// An address: one `@`, a dotted domain, nothing that could break out of a `mailto:` link.
fn email(decoder: &mut Decoder, node: &Node) -> Option<String> {
    let text = decoder.text(node)?;
    let ok = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && text.chars().filter(|c| *c == '@').count() == 1
                && text.chars().all(|c| c.is_alphanumeric() || "._%+-@".contains(c))
        }
        None => false,
    };
    if ok {
        Some(text)
    } else {
        decoder.error(node, Problem::BadEmail { text });
        None
    }
}

/// `online: https://…` or `{ url: https://…, label: 网上留言 }`.
fn online(decoder: &mut Decoder, node: &Node) -> Option<OnlineLink> {
    let (url_node, label) = match node.value {
        Value::Scalar(_) => (node, None),
        _ => {
            let fields = decoder.map(node, ONLINE_KEYS)?;
            let label = fields.get("label").and_then(|n| decoder.text(n));
            (fields.required(decoder, "url")?, label)
        }
    };
    let url = decoder.text(url_node)?;
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host_ok = url.split_once("://").is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    if scheme_ok && host_ok && !url.chars().any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c)) {
        Some(OnlineLink { url, label })
    } else {
        decoder.error(url_node, Problem::BadUrl { text: url });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;
    use std::path::Path;

    fn read(text: &str) -> (Channels, Vec<Problem>) {
        let node = yaml::parse(text, 1).unwrap();
        let mut decoder = Decoder::new("station.yaml".into(), text);
        let base = MediaBase {
            content_dir: Path::new("/nonexistent"),
            file_dir: Path::new("c/s"),
            county_dir: Path::new("c"),
        };
        let fields = decoder.map(&node, CHANNEL_KEYS).unwrap();
        let channels = channels(&mut decoder, &fields, &base);
        (channels, decoder.diagnostics.items.into_iter().map(|d| d.problem).collect())
    }

    #[test]
    fn every_channel_is_read() {
        let (c, problems) = read(
            "hotline: 代表热线：0358-0000000\nwechat_groups: [网格微信群, { name: 村级微信群 }]\nofficial_account: 交城人大\nemail: rd@example.org\nmailbox: 联络站门口\nonline: { url: https://example.org/ly, label: 网上留言 }\nservice_hotline: \"12345\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.hotline[0].number, "0358-0000000");
        assert_eq!(c.hotline[0].label.as_deref(), Some("代表热线"));
        assert_eq!(c.wechat_groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["网格微信群", "村级微信群"]);
        assert_eq!(c.official_account.map(|a| a.name), Some("交城人大".into()));
        assert_eq!(c.email.as_deref(), Some("rd@example.org"));
        assert_eq!(c.mailbox.as_deref(), Some("联络站门口"));
        assert_eq!(
            c.online.map(|o| (o.url, o.label)),
            Some(("https://example.org/ly".into(), Some("网上留言".into())))
        );
        assert_eq!(c.service_hotline[0].number, "12345");
    }

    #[test]
    fn bad_addresses_are_refused() {
        for (text, bad) in [
            ("email: rd@example\n", "email"),
            ("email: \"a b@x.org\"\n", "email"),
            ("email: \"a@b@x.org\"\n", "email"),
            ("online: javascript:alert(1)\n", "url"),
            ("online: \"https://x.org/\\\"onclick\"\n", "url"),
            ("online: https:///path\n", "url"),
        ] {
            let (_, problems) = read(text);
            let found = problems.iter().any(|p| match p {
                Problem::BadEmail { .. } => bad == "email",
                Problem::BadUrl { .. } => bad == "url",
                _ => false,
            });
            assert!(found, "{text}: {problems:?}");
        }
    }
}
