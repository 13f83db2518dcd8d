//! Issue 15: `liaison new` writes each kind where the layout puts it, with an id from the
//! name's pinyin, never over an existing file, and what it writes checks clean.

mod common;

use common::Workspace;

fn assert_checks_clean(workspace: &Workspace, context: &str) {
    let check = workspace.check();
    assert_eq!(check.code, Some(0), "{context}: {}", check.stderr);
    assert!(!check.stderr.contains("错误：") && !check.stderr.contains("error:"), "{context}: {}", check.stderr);
}

#[test]
fn every_kind_is_written_in_its_place_and_checks_clean() {
    for lang in ["zh-CN", "en"] {
        let workspace = Workspace::new(None);
        let steps: &[(&[&str], &str)] = &[
            (&["county", "文水县"], "wenshui/county.yaml"),
            (&["station", "西营镇人大代表联络站", "--county", "文水县"], "wenshui/stations/xiying/station.yaml"),
            (&["deputy", "宋金峰", "--station", "wenshui/xiying"], "wenshui/stations/xiying/deputies.yaml"),
            (&["deputy", "单田芳", "--station", "西营镇"], "wenshui/stations/xiying/deputies.yaml"),
            (
                &["case", "村口路灯不亮", "--station", "wenshui/stations/xiying"],
                "wenshui/stations/xiying/cases/cunkouludengbuliang.md",
            ),
            (&["rule", "接待选民制度", "--county", "wenshui"], "wenshui/rules/jiedaixuanminzhidu.md"),
            (&["rule", "代表值班制度", "--station", "xiying"], "wenshui/stations/xiying/rules/daibiaozhibanzhidu.md"),
        ];
        for (args, path) in steps {
            let mut all = vec!["new"];
            all.extend_from_slice(args);
            all.extend_from_slice(&["--lang", lang]);
            let run = workspace.run(&all);
            assert_eq!(run.code, Some(0), "{lang} {args:?}: {}", run.stderr);
            assert!(workspace.content().join(path).is_file(), "{lang} {args:?}: no {path}");
            assert!(run.stdout.contains(path), "{lang} {args:?}: {}", run.stdout);
            assert_checks_clean(&workspace, &format!("{lang} {args:?}"));
        }
        let loaded = liaison::load::load(&workspace.content()).unwrap();
        let county = loaded.site.counties.iter().find(|c| c.id == "wenshui").unwrap();
        let ids: Vec<&str> = county.stations[0].deputies.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["songjinfeng", "shantianfang"], "{lang}");
        assert_eq!(county.stations[0].cases[0].deputies, ["songjinfeng"], "{lang}");
    }
}

#[test]
fn nothing_is_overwritten_and_taken_ids_get_a_suffix() {
    let workspace = Workspace::new(None);
    let new = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        workspace.run(&all)
    };
    assert_eq!(new(&["station", "西营镇人大代表联络站", "--county", "demo"]).code, Some(0));
    // The same name again is refused; another station whose id would be the same gets -2.
    let again = new(&["station", "西营镇人大代表联络站", "--county", "demo"]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("已有“西营镇人大代表联络站”"), "{}", again.stderr);
    assert_eq!(new(&["station", "西营联络点", "--county", "demo"]).code, Some(0));
    assert!(workspace.content().join("demo/stations/xiying-2/station.yaml").is_file());
    // A deputy already listed is refused; the same name at another station gets its own id
    // (demo/north has a 宋金峰, songjinfeng, already).
    assert_eq!(new(&["deputy", "宋金峰", "--station", "demo/xiying"]).code, Some(0));
    let twice = new(&["deputy", "宋金峰", "--station", "demo/xiying"]);
    assert_eq!(twice.code, Some(2), "{}", twice.stderr);
    assert_eq!(new(&["deputy", "宋金峰", "--station", "demo/xiying-2"]).code, Some(0));
    let text = std::fs::read_to_string(workspace.content().join("demo/stations/xiying/deputies.yaml")).unwrap();
    assert!(text.contains("id: songjinfeng-2"), "{text}");
    let text = std::fs::read_to_string(workspace.content().join("demo/stations/xiying-2/deputies.yaml")).unwrap();
    assert!(text.contains("id: songjinfeng-3"), "{text}");
    // Two cases of one title: the second file gets -2, the first is untouched.
    assert_eq!(new(&["case", "修路", "--station", "demo/xiying"]).code, Some(0));
    let first = std::fs::read_to_string(workspace.content().join("demo/stations/xiying/cases/xiulu.md")).unwrap();
    assert_eq!(new(&["case", "修路", "--station", "demo/xiying"]).code, Some(0));
    assert!(workspace.content().join("demo/stations/xiying/cases/xiulu-2.md").is_file());
    assert_eq!(
        std::fs::read_to_string(workspace.content().join("demo/stations/xiying/cases/xiulu.md")).unwrap(),
        first
    );
    assert_checks_clean(&workspace, "after all");
}
