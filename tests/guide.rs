//! Issue 15: every example of the clerks' guide (docs/clerks-guide.md) checks clean. The
//! blocks fenced as ```` ```yaml file=PATH ```` (or `markdown`) are written into a fixture
//! content folder, which `liaison check` must pass without an error or a warning; every
//! phrase of its schedule table must be one `liaison explain` reads.

mod common;

use common::Workspace;

fn guide() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/clerks-guide.md")).unwrap()
}

/// Each example file of the guide: its path and its text.
fn examples(guide: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line.strip_prefix("```").and_then(|info| info.split_once(" file=")).map(|(_, p)| p.trim())
        else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
        out.push((path.to_string(), body.join("\n") + "\n"));
    }
    out
}

#[test]
fn the_guide_s_examples_check_clean() {
    let guide = guide();
    let examples = examples(&guide);
    let paths: Vec<&str> = examples.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "jiaocheng/county.yaml",
            "jiaocheng/stations/xiying/station.yaml",
            "jiaocheng/stations/xiying/deputies.yaml",
            "jiaocheng/stations/xiying/cases/sandan.md",
            "jiaocheng/rules/zhiban.md",
        ],
        "the guide's examples (a renamed or lost fence would skip one)"
    );
    let workspace = Workspace::new(None);
    for (path, text) in &examples {
        workspace.write(path, text);
    }
    let check = workspace.check();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("警告"), "{}", check.stderr);
    let build = workspace.build();
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let station = workspace.page("jiaocheng/stations/xiying/index.html");
    assert!(station.contains("孙建刚") && station.contains("代表进站值班制度"));
}

#[test]
fn every_phrase_of_the_guide_s_table_is_read() {
    let guide = guide();
    let table = guide.split("| 想表达的意思 | 可以这样写 |").nth(1).expect("the phrase table");
    let phrases: Vec<&str> =
        table.lines().skip(2).take_while(|l| l.starts_with('|')).filter_map(|l| l.split('`').nth(1)).collect();
    assert!(phrases.len() >= 19, "{phrases:?}");
    let workspace = Workspace::new(None);
    for phrase in phrases {
        let run = workspace.run(&["explain", phrase, "--content", "content", "--today", common::TODAY]);
        assert_eq!(run.code, Some(0), "{phrase}: {}", run.stderr);
        assert!(run.stdout.contains("接下来"), "{phrase}: {}", run.stdout);
    }
}
