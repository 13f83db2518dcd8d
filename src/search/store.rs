//! Keys and their lists of numbers (postings), written as data-script shards whose size
//! adapts to the data, the form every search index of the site takes (a county's, the
//! portal's names and its routing of text to counties).
//!
//! A key goes to shard `hash(key) % shards` (`<dir><n>.js`, the key hashed without its tag,
//! see [`shard_key`]); the number of shards is a power
//! of two, grown until no shard is over [`Limits::max_bytes`]. A key's list is written as
//! base-36 differences; a list longer than [`Limits::chunk_ids`] is cut into chunks: the first
//! stays in the shard with the last number of every chunk, the others are files of their own
//! (`<dir><n>-<j>-<i>.js`, `j` the key's place in its shard), so a query reads a common
//! key's numbers a chunk at a time, as far as the page it shows needs them.
//!
//! In a shard a key is `"key":"3,1,a"`, or when chunked or split
//! `"key":["3,1,a",[last of each chunk]|0,split 0|1,"<n>-<j>"]`. A key marked split has
//! longer keys beside it (see [`prefix_keys`]): the script follows them while its query is
//! longer.

use super::text::hash;
use crate::render::OutputFile;
use std::borrow::Cow;

/// How big shards and chunks are made.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// About this many bytes a shard, before compression.
    pub shard_bytes: usize,
    /// No shard is over this many bytes before compression (so none is over it gzipped).
    pub max_bytes: usize,
    /// A list of more numbers than this is cut into chunks of this many.
    pub chunk_ids: usize,
    /// A prefix key with more numbers than this is split into keys one letter longer.
    pub split_ids: usize,
    /// Rows (a result's data) per row file.
    pub rows_per_file: usize,
}

/// The limits of the site's indexes: shards of a few KB gzipped (a query reads one per
/// bigram), none over 60 KB, chunks of a thousand numbers (about 2 KB gzipped).
pub const LIMITS: Limits =
    Limits { shard_bytes: 8_000, max_bytes: 60_000, chunk_ids: 1_000, split_ids: 32, rows_per_file: 8 };

/// A key and its numbers, ascending, each once.
pub struct Entry<'a> {
    pub key: String,
    pub ids: Cow<'a, [u32]>,
    /// Longer keys starting with this one exist (see [`prefix_keys`]).
    pub split: bool,
}

/// The shards of `entries` under `dir` (which ends in `/`), and their number.
pub fn write(dir: &str, entries: &[Entry], limits: &Limits) -> (usize, Vec<OutputFile>) {
    let hashes: Vec<u32> = entries.iter().map(|e| hash(shard_key(&e.key))).collect();
    // The size of each entry in its shard, about: the key, and its first chunk (and the
    // chunks' ends).
    let sizes: Vec<usize> = entries
        .iter()
        .map(|e| {
            let inline = e.ids.len().min(limits.chunk_ids);
            let chunks = e.ids.len().div_ceil(limits.chunk_ids.max(1));
            e.key.len() + 8 + inline * 4 + if chunks > 1 { chunks * 8 + 16 } else { 0 }
        })
        .collect();
    let total: usize = sizes.iter().sum();
    let mut shards = (total / limits.shard_bytes.max(1)).max(1).next_power_of_two();
    loop {
        let mut bytes = vec![0usize; shards];
        for (h, size) in hashes.iter().zip(&sizes) {
            bytes[*h as usize % shards] += size;
        }
        if bytes.iter().all(|b| *b <= limits.max_bytes) || shards >= 1 << 20 {
            break;
        }
        shards *= 2;
    }
    let mut dealt: Vec<Vec<usize>> = vec![Vec::new(); shards];
    for (i, h) in hashes.iter().enumerate() {
        dealt[*h as usize % shards].push(i);
    }
    let mut out = Vec::with_capacity(shards);
    for (n, mut members) in dealt.into_iter().enumerate() {
        members.sort_unstable_by(|a, b| entries[*a].key.cmp(&entries[*b].key));
        let mut json = String::from("{");
        for (j, &i) in members.iter().enumerate() {
            let entry = &entries[i];
            if j > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(&entry.key).unwrap_or_default());
            json.push(':');
            let chunks: Vec<&[u32]> = entry.ids.chunks(limits.chunk_ids.max(1)).collect();
            if chunks.len() <= 1 && !entry.split {
                push_list(&mut json, chunks.first().copied().unwrap_or_default());
                continue;
            }
            json.push('[');
            push_list(&mut json, chunks.first().copied().unwrap_or_default());
            if chunks.len() > 1 {
                let ends: Vec<String> = chunks.iter().map(|c| c[c.len() - 1].to_string()).collect();
                json.push_str(&format!(",[{}]", ends.join(",")));
            } else {
                json.push_str(",0");
            }
            json.push_str(&format!(",{},\"{n}-{j}\"]", u8::from(entry.split)));
            for (c, chunk) in chunks.iter().enumerate().skip(1) {
                let mut list = String::new();
                push_list(&mut list, chunk);
                out.push(OutputFile::data_script(format!("{dir}{n}-{j}-{c}.js"), &list));
            }
        }
        json.push('}');
        out.push(OutputFile::data_script(format!("{dir}{n}.js"), &json));
    }
    (shards, out)
}

/// What a key is sharded by: the key without its tag (`~`, `^`), so that a bigram's text,
/// title and place keys are in one shard and a query reads one shard per bigram.
pub fn shard_key(key: &str) -> &str {
    key.trim_start_matches(['~', '^'])
}

/// `"a,b,c"`: the first number, then each as its difference from the one before, base 36.
fn push_list(json: &mut String, ids: &[u32]) {
    json.push('"');
    let mut previous = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_base36(json, (id - previous) as usize);
        previous = id;
    }
    json.push('"');
}

/// Appends `n` in base 36 (0-9, a-z), without allocating.
pub fn push_base36(out: &mut String, n: usize) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buffer = [0u8; 16];
    let mut at = buffer.len();
    let mut n = n;
    loop {
        at -= 1;
        buffer[at] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buffer[at..].iter().map(|b| *b as char));
}

/// Keys for finding `strings` (each with its number) by what they start with, as long as
/// how common they are asks: every two-character prefix is a key, and a key of more than
/// `split_ids` numbers is split, the keys one character longer made beside it (it keeps
/// all its numbers, for a query that ends there). Keys are `tag` + the prefix.
pub fn prefix_keys(mut strings: Vec<(String, u32)>, split_ids: usize, tag: &str) -> Vec<Entry<'static>> {
    strings.retain(|(s, _)| s.chars().count() >= 2);
    strings.sort_unstable();
    strings.dedup();
    let mut out = Vec::new();
    split_level(&strings, 2, split_ids, tag, &mut out);
    out
}

fn split_level(strings: &[(String, u32)], length: usize, split_ids: usize, tag: &str, out: &mut Vec<Entry<'static>>) {
    let prefix = |s: &str| s.char_indices().nth(length).map_or(s.len(), |(at, _)| at);
    let mut start = 0;
    while start < strings.len() {
        let key = &strings[start].0[..prefix(&strings[start].0)];
        let mut end = start + 1;
        while end < strings.len() && strings[end].0.starts_with(key) && prefix(&strings[end].0) == key.len() {
            end += 1;
        }
        let group = &strings[start..end];
        let mut ids: Vec<u32> = group.iter().map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let longer: Vec<(String, u32)> = group.iter().filter(|(s, _)| s.len() > key.len()).cloned().collect();
        let split = ids.len() > split_ids && !longer.is_empty();
        out.push(Entry { key: format!("{tag}{key}"), ids: Cow::Owned(ids), split });
        if split {
            split_level(&longer, length + 1, split_ids, tag, out);
        }
        start = end;
    }
}

/// Rows (a result's data, each JSON) in files of `per_file`: `<dir><n>.js` holds rows
/// `n * per_file ..`, as a JSON array.
pub fn row_files(dir: &str, rows: &[String], per_file: usize) -> Vec<OutputFile> {
    rows.chunks(per_file.max(1))
        .enumerate()
        .map(|(n, rows)| OutputFile::data_script(format!("{dir}{n}.js"), &format!("[{}]", rows.join(","))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Content;

    fn json(files: &[OutputFile], path: &str) -> serde_json::Value {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        let Content::Bytes(bytes) = &file.content else { panic!() };
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text.strip_prefix(crate::render::DATA_SCRIPT_PREFIX).unwrap();
        serde_json::from_str(json.strip_suffix(crate::render::DATA_SCRIPT_SUFFIX).unwrap()).unwrap()
    }

    /// The numbers of a list as written, read back as the script does.
    fn decode(list: &str) -> Vec<u32> {
        let mut at = 0;
        list.split(',')
            .map(|gap| {
                at += u32::from_str_radix(gap, 36).unwrap();
                at
            })
            .collect()
    }

    #[test]
    fn base36_numbers() {
        let mut out = String::new();
        for n in [3, 36, 45, 0] {
            push_base36(&mut out, n);
            out.push(',');
        }
        assert_eq!(out, "3,10,19,0,");
    }

    #[test]
    fn long_lists_are_chunked_and_shards_stay_under_the_bound() {
        let limits = Limits { shard_bytes: 200, max_bytes: 400, chunk_ids: 10, split_ids: 4, rows_per_file: 2 };
        let long: Vec<u32> = (0..35).map(|n| n * 3).collect();
        let mut entries = vec![Entry { key: "天然".into(), ids: Cow::Borrowed(&long), split: false }];
        for n in 0..100u32 {
            entries.push(Entry { key: format!("k{n}"), ids: Cow::Owned(vec![n, n + 7]), split: false });
        }
        let (shards, files) = write("x/", &entries, &limits);
        assert!(shards > 1);
        for file in &files {
            let Content::Bytes(bytes) = &file.content else { panic!() };
            assert!(bytes.len() <= 400 + 64, "{} is {} bytes", file.path, bytes.len());
        }
        let n = hash("天然") as usize % shards;
        let shard = json(&files, &format!("x/{n}.js"));
        let entry = &shard["天然"];
        let ends: Vec<u64> = entry[1].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(ends, [27, 57, 87, 102]);
        let stem = entry[3].as_str().unwrap();
        let mut read = decode(entry[0].as_str().unwrap());
        for c in 1..4 {
            read.extend(decode(json(&files, &format!("x/{stem}-{c}.js")).as_str().unwrap()));
        }
        assert_eq!(read, long);
        for n in 0..100u32 {
            let shard = json(&files, &format!("x/{}.js", hash(&format!("k{n}")) as usize % shards));
            assert_eq!(decode(shard[format!("k{n}")].as_str().unwrap()), [n, n + 7]);
        }
    }

    #[test]
    fn common_prefixes_split_and_keep_their_numbers() {
        let names = ["lihua", "lihong", "liming", "lina", "lijun", "lu", "wang"];
        let strings = names.iter().enumerate().map(|(i, s)| (s.to_string(), i as u32)).collect();
        let keys = prefix_keys(strings, 3, "~");
        let find = |key: &str| keys.iter().find(|e| e.key == key).map(|e| (e.ids.to_vec(), e.split));
        assert_eq!(find("~li"), Some((vec![0, 1, 2, 3, 4], true)));
        assert_eq!(find("~lih"), Some((vec![0, 1], false)));
        assert_eq!(find("~lu"), Some((vec![5], false)));
        assert_eq!(find("~wa"), Some((vec![6], false)));
        assert_eq!(find("~liho"), None, "lih has few names: not split");
    }
}
