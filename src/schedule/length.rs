//! How long a session lasts when its time has no end (`session_length` in `portal.yaml`
//! and `station.yaml`): minutes as a number, or a length in words.

/// Minutes from `120`, `90 min`, `90分钟`, `2h`, `1.5 h`, `2小时`, `1小时30分`, `两小时`
/// (full-width digits too); `None` for anything else, or a length outside 10 minutes to 12 hours.
pub fn parse(text: &str) -> Option<u32> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '两' => '2',
            '一' => '1',
            '半' => '½',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let minutes = if let Ok(n) = text.parse::<u32>() {
        n
    } else {
        let (hours, rest) = split_number(&text);
        let hour_words = ["hours", "hour", "hrs", "hr", "h", "小时", "个小时", "钟头", "个钟头"];
        let minute_words = ["minutes", "minute", "mins", "min", "m", "分钟", "分"];
        if let Some(after) = hour_words.iter().find_map(|w| rest.strip_prefix(w)) {
            let mut total = hours? * 60.0;
            let after = match after.strip_prefix('½') {
                Some(more) => {
                    total += 30.0;
                    more
                }
                None => after,
            };
            if !after.is_empty() {
                let (extra, unit) = split_number(after);
                if !minute_words.contains(&unit) {
                    return None;
                }
                total += extra?;
            }
            total
        } else if minute_words.contains(&rest) {
            hours?
        } else {
            return None;
        }
        .round() as u32
    };
    (10..=720).contains(&minutes).then_some(minutes)
}

/// The leading number of `text` (digits and one point) and what follows it.
fn split_number(text: &str) -> (Option<f64>, &str) {
    let end = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    (text[..end].parse::<f64>().ok(), &text[end..])
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn lengths_in_numbers_and_words() {
        for (text, minutes) in [
            ("120", Some(120)),
            ("90 min", Some(90)),
            ("90分钟", Some(90)),
            ("2h", Some(120)),
            ("1.5 h", Some(90)),
            ("2小时", Some(120)),
            ("两小时", Some(120)),
            ("1小时30分", Some(90)),
            ("1个半小时", None),
            ("一个半钟头", None),
            ("１２０", Some(120)),
            ("3 hours", Some(180)),
            ("5", None),
            ("24h", None),
            ("soon", None),
        ] {
            assert_eq!(parse(text), minutes, "{text}");
        }
    }
}
