//! The YAML mistakes clerks make, each named at its line with the corrected line, in the
//! portal's language; and a file that cannot be read causes no errors elsewhere (issue 15).

mod common;

use common::Workspace;

const STATION: &str = "demo/stations/north/station.yaml";
const DEPUTIES: &str = "demo/stations/north/deputies.yaml";
const CASE: &str = "demo/stations/north/cases/parking.md";

/// One mistake: the file, the line as written in the fixture and as the clerk broke it, the
/// place it must be reported at, and the corrected line the message must show.
struct Mistake {
    name: &'static str,
    file: &'static str,
    line: &'static str,
    broken: &'static str,
    place: &'static str,
    fixed: &'static str,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        name: "tab",
        file: STATION,
        line: "  phone: \"0358-0000000\"",
        broken: "\tphone: \"0358-0000000\"",
        place: "station.yaml:8:1",
        fixed: "8 |   phone: \"0358-0000000\"",
    },
    Mistake {
        name: "full-width-colon",
        file: STATION,
        line: "township: 北街街道",
        broken: "township：北街街道",
        place: "station.yaml:3:9",
        fixed: "3 | township: 北街街道",
    },
    Mistake {
        name: "full-width-colon-in-key",
        file: STATION,
        line: "contact:",
        broken: "联系方式：",
        place: "station.yaml:7:5",
        fixed: "7 | 联系方式:",
    },
    Mistake {
        name: "curly-quotes",
        file: STATION,
        line: "    time: \"09:00-12:00\"",
        broken: "    time: “09:00-12:00”",
        place: "station.yaml:17:11",
        fixed: "17 |     time: \"09:00-12:00\"",
    },
    Mistake {
        name: "single-curly-quotes",
        file: STATION,
        line: "address: 北街 1 号",
        broken: "address: ‘北街 1 号’",
        place: "station.yaml:4:10",
        fixed: "4 | address: \"北街 1 号\"",
    },
    Mistake {
        name: "full-width-comma",
        file: STATION,
        line: "serves: [北街社区, 留义新苑]",
        broken: "serves: [北街社区，留义新苑]",
        place: "station.yaml:6:14",
        fixed: "6 | serves: [北街社区, 留义新苑]",
    },
    Mistake {
        name: "ideographic-comma",
        file: CASE,
        line: "deputies: [wanghairong, shanlihua]",
        broken: "deputies: [王海荣、单丽华]",
        place: "parking.md:6:15",
        fixed: "6 | deputies: [王海荣, 单丽华]",
    },
    Mistake {
        name: "full-width-space",
        file: STATION,
        line: "  wechat_group: media/qr.svg",
        broken: "\u{3000}\u{3000}wechat_group: media/qr.svg",
        place: "station.yaml:9:1",
        fixed: "9 |   wechat_group: media/qr.svg",
    },
    Mistake {
        name: "no-space-after-colon",
        file: DEPUTIES,
        line: "- name: 王海荣",
        broken: "- name:王海荣",
        place: "deputies.yaml:11:7",
        fixed: "11 | - name: 王海荣",
    },
    Mistake {
        name: "no-space-after-dash",
        file: DEPUTIES,
        line: "- name: 单丽华",
        broken: "-name: 单丽华",
        place: "deputies.yaml:14:1",
        fixed: "14 | - name: 单丽华",
    },
    Mistake {
        name: "unclosed-quote",
        file: STATION,
        line: "  phone: \"0358-0000000\"",
        broken: "  phone: \"0358-0000000",
        place: "station.yaml:8:10",
        fixed: "8 |   phone: \"0358-0000000\"",
    },
    Mistake {
        name: "quote-closed-by-a-curly-one",
        file: CASE,
        line: "title: 停车难",
        broken: "title: \"停车难”",
        place: "parking.md:2:8",
        fixed: "2 | title: \"停车难\"",
    },
    Mistake {
        name: "value-starting-with-at",
        file: STATION,
        line: "address: 北街 1 号",
        broken: "address: @北街 1 号",
        place: "station.yaml:4:10",
        fixed: "4 | address: \"@北街 1 号\"",
    },
    Mistake {
        name: "value-starting-with-star",
        file: STATION,
        line: "    note: 集中接待日",
        broken: "    note: *集中接待日*",
        place: "station.yaml:19:11",
        fixed: "19 |     note: \"*集中接待日*\"",
    },
    Mistake {
        name: "value-starting-with-percent",
        file: STATION,
        line: "    place: 接待室",
        broken: "    place: %接待室",
        place: "station.yaml:18:12",
        fixed: "18 |     place: \"%接待室\"",
    },
    Mistake {
        name: "value-starting-with-backquote",
        file: STATION,
        line: "    place: 接待室",
        broken: "    place: `接待室`",
        place: "station.yaml:18:12",
        fixed: "18 |     place: \"`接待室`\"",
    },
    Mistake {
        name: "colon-in-value",
        file: STATION,
        line: "    note: 集中接待日",
        broken: "    note: 注意: 集中接待日",
        place: "station.yaml:19:11",
        fixed: "19 |     note: \"注意: 集中接待日\"",
    },
    Mistake {
        name: "inconsistent-indentation",
        file: STATION,
        line: "    place: 接待室",
        broken: "     place: 接待室",
        place: "station.yaml:18:1",
        fixed: "18 |     place: 接待室",
    },
    Mistake {
        name: "missing-colon",
        file: STATION,
        line: "township: 北街街道",
        broken: "township 北街街道",
        place: "station.yaml:3:9",
        fixed: "3 | township: 北街街道",
    },
    Mistake {
        name: "unclosed-bracket",
        file: STATION,
        line: "location: { lat: 37.5, lon: 111.1 }",
        broken: "location: { lat: 37.5, lon: 111.1",
        place: "station.yaml:5:11",
        fixed: "5 | location: { lat: 37.5, lon: 111.1 }",
    },
    Mistake {
        name: "key-written-twice",
        file: STATION,
        line: "stars: 5",
        broken: "stars: 5\nstars: 4",
        place: "station.yaml:11:1",
        fixed: "第 10 行已经写过",
    },
];

/// The valid fixture with one line broken, in the portal language `lang`; check's stderr.
fn check_broken(mistake: &Mistake, lang: &str) -> String {
    let workspace = Workspace::new(None);
    let path = workspace.content().join(mistake.file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().any(|l| l == mistake.line), "{}: no line {:?}", mistake.name, mistake.line);
    workspace.write(mistake.file, &text.replacen(mistake.line, mistake.broken, 1));
    let portal = std::fs::read_to_string(workspace.content().join("portal.yaml")).unwrap();
    workspace.write("portal.yaml", &portal.replace("language: zh-CN", &format!("language: {lang}")));
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}: a mistake fails the check:\n{}", mistake.name, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn every_yaml_mistake_is_named_at_its_line_with_the_corrected_line() {
    for mistake in MISTAKES {
        let zh = check_broken(mistake, "zh-CN");
        assert!(zh.contains(mistake.place), "{}: not at {}:\n{zh}", mistake.name, mistake.place);
        assert!(zh.contains(mistake.fixed), "{}: no fix {:?}:\n{zh}", mistake.name, mistake.fixed);
        assert!(zh.contains("共 1 个错误"), "{}: exactly one error, no follow-on:\n{zh}", mistake.name);
        assert!(!zh.contains("YAML syntax") && !zh.contains("expect"), "{}: parser English:\n{zh}", mistake.name);
        insta::assert_snapshot!(format!("{}-zh", mistake.name), zh);
        let en = check_broken(mistake, "en");
        assert!(en.contains(mistake.place), "{}: not at {}:\n{en}", mistake.name, mistake.place);
        assert!(en.contains("1 error(s)"), "{}:\n{en}", mistake.name);
        assert!(!en.contains("错误"), "{}: Chinese in an English portal:\n{en}", mistake.name);
        insta::assert_snapshot!(format!("{}-en", mistake.name), en);
    }
}

// See: issue 15 ("A broken deputies.yaml adds four spurious errors in other files, listed
// before the real one").
#[test]
fn a_deputies_file_that_cannot_be_read_is_the_one_error() {
    let workspace = Workspace::new(None);
    // A quote never closed: the file cannot be read at all, and the station's schedule and
    // both cases name its deputies.
    let text = std::fs::read_to_string(workspace.content().join(DEPUTIES)).unwrap();
    workspace.write(DEPUTIES, &text.replacen("  level: township", "  level: \"township", 1));
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.stderr.matches("错误：").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("deputies.yaml:15:10"), "{}", run.stderr);
    assert!(run.stderr.contains("引号没有配对"), "{}", run.stderr);
    assert!(!run.stderr.contains("没有标识为"), "{}", run.stderr);
    // A wrong id elsewhere in a county whose deputies are all read is still reported.
    let workspace = Workspace::new(None);
    let case = std::fs::read_to_string(workspace.content().join(CASE)).unwrap();
    workspace.write(CASE, &case.replacen("wanghairong", "wanghairon", 1));
    let run = workspace.check();
    assert!(run.stderr.contains("没有标识为“wanghairon”的代表"), "{}", run.stderr);
}

#[test]
fn a_repaired_mistake_still_lets_every_other_problem_of_the_file_be_seen() {
    let workspace = Workspace::new(None);
    let text = std::fs::read_to_string(workspace.content().join(STATION)).unwrap();
    let broken = text.replacen("township: 北街街道", "township：北街街道", 1).replacen("stars: 5", "stars: 6", 1);
    workspace.write(STATION, &broken);
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("station.yaml:3:9"), "{}", run.stderr);
    assert!(run.stderr.contains("“6”超出范围"), "the rest of the file is still checked:\n{}", run.stderr);
    assert!(run.stderr.contains("共 2 个错误"), "{}", run.stderr);
}
