//! What the command prints and refuses outside content checks: values quoted in diagnostics
//! are safe for a terminal and cut short, and a `--today` out of range is refused in words.

mod common;

use common::Workspace;

// See: issue 13 ("ANSI escapes in values reach the terminal raw"; "one 20 MB bad value prints
// 60 MB of stderr").
#[test]
fn values_quoted_in_diagnostics_are_shown_as_escapes_and_cut_short() {
    let workspace = Workspace::new(None);
    let station = "demo/stations/north/station.yaml";
    let text = std::fs::read_to_string(workspace.content().join(station)).unwrap();
    // YAML's `\e` is the escape character: the value holds "clear screen, then red".
    workspace.write(station, &text.replacen("phone: \"0358-0000000\"", "phone: \"\\e[2J\\e[31m电话待定\"", 1));
    let long_value = "九".repeat(2_000_000);
    let deputies = "demo/stations/north/deputies.yaml";
    let text = std::fs::read_to_string(workspace.content().join(deputies)).unwrap();
    workspace.write(deputies, &text.replacen("phone: \"0358-0000000\"", &format!("phone: \"{long_value}\""), 1));

    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "an escape reached the terminal raw");
    assert!(run.stderr.contains("“\\u{1b}[2J\\u{1b}[31m电话待定”不是电话号码"), "{}", run.stderr);
    assert!(run.stderr.contains("deputies.yaml:7:10"), "the long value is still reported at its place");
    assert!(run.stderr.contains(&format!("“{}…”", "九".repeat(200))), "the value is quoted cut short");
    assert!(run.stderr.len() < 10_000, "{} bytes of stderr for one bad value", run.stderr.len());
}

// See: issue 13 (`--today=+262142-06-01` panics).
#[test]
fn a_today_outside_the_years_liaison_builds_for_is_refused_in_words() {
    let workspace = Workspace::new(None);
    for day in ["+262142-06-01", "-0001-01-01", "1899-12-31", "9999-01-01"] {
        for command in ["check", "build"] {
            let run = workspace.run(&[command, "--content", "content", &format!("--today={day}")]);
            assert_eq!(run.code, Some(2), "{command} --today={day}: {}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{command} --today={day}: {}", run.stderr);
            assert!(
                run.stderr.contains("不在 liaison 能生成的年份（1900 到 9998 年）之内"),
                "{command} --today={day}: {}",
                run.stderr
            );
        }
    }
    assert!(!workspace.site().exists(), "nothing was built");
    for day in ["1900-01-01", "9998-12-31"] {
        let run = workspace.run(&["build", "--content", "content", "--out", "site", &format!("--today={day}")]);
        assert_eq!(run.code, Some(0), "--today={day}: {}", run.stderr);
    }
}

/// The library takes any day: the date arithmetic of horizons never overflows.
#[test]
fn the_last_day_chrono_knows_does_not_panic_the_check() {
    let workspace = Workspace::new(None);
    let report = liaison::check(&workspace.content(), Some(chrono::NaiveDate::MAX)).expect("check runs");
    assert!(!report.diagnostics.has_errors());
}

// See: issue 15 ("English where the portal speaks Chinese: every `--help`, 'content folder
// `content` does not exist'"). The language comes from `--lang`, else the portal's.
#[test]
fn help_and_errors_speak_the_portals_language() {
    let workspace = Workspace::new(None);
    let help = workspace.run(&["--help"]);
    assert_eq!(help.code, Some(0), "{}", help.stderr);
    assert!(help.stdout.contains("用法：liaison <命令> [选项]"), "{}", help.stdout);
    assert!(help.stdout.contains("检查每个内容文件并列出全部问题"), "{}", help.stdout);
    assert!(!help.stdout.contains("Usage") && !help.stdout.contains("Print help"), "{}", help.stdout);
    for command in ["check", "build", "serve", "explain"] {
        let help = workspace.run(&[command, "--help"]);
        assert_eq!(help.code, Some(0), "{command}: {}", help.stderr);
        assert!(help.stdout.contains(&format!("用法：liaison {command}")), "{command}: {}", help.stdout);
        assert!(help.stdout.contains("显示帮助") && !help.stdout.contains("[default"), "{command}: {}", help.stdout);
        let english = workspace.run(&[command, "--help", "--lang", "en"]);
        assert!(english.stdout.contains(&format!("Usage: liaison {command}")), "{command}: {}", english.stdout);
        assert!(!english.stdout.contains("用法"), "{command}: {}", english.stdout);
    }
    let help_word = workspace.run(&["help", "build"]);
    assert!(help_word.stdout.contains("用法：liaison build"), "{}", help_word.stdout);

    let missing = workspace.run(&["check", "--content", "nowhere"]);
    assert_eq!(missing.code, Some(2));
    assert_eq!(missing.stderr, "错误：内容文件夹“nowhere”不存在\n");
    let missing = workspace.run(&["check", "--content", "nowhere", "--lang", "en"]);
    assert_eq!(missing.stderr, "error: content folder `nowhere` does not exist\n");
    let typo = workspace.run(&["chek"]);
    assert_eq!(typo.code, Some(2));
    assert!(typo.stderr.starts_with("错误：不认识的命令“chek”\n  提示：是不是想写“check”？"), "{}", typo.stderr);
    let typo = workspace.run(&["check", "--contnt", "content"]);
    assert!(typo.stderr.contains("不认识的选项“--contnt”") && typo.stderr.contains("“--content”"), "{}", typo.stderr);

    // An English portal: help, errors and the summary in English without `--lang`.
    let portal = std::fs::read_to_string(workspace.content().join("portal.yaml")).unwrap();
    workspace.write("portal.yaml", &portal.replace("language: zh-CN", "language: en"));
    let help = workspace.run(&["build", "--help"]);
    assert!(help.stdout.contains("Usage: liaison build [OPTIONS]"), "{}", help.stdout);
    assert!(help.stdout.contains("The output folder (default: site)"), "{}", help.stdout);
    let bad_day = workspace.run(&["check", "--today", "2026-13-01"]);
    assert_eq!(bad_day.code, Some(2));
    assert!(
        bad_day.stderr.starts_with("error: `2026-13-01` is not a date of the form YYYY-MM-DD"),
        "{}",
        bad_day.stderr
    );
    let check = workspace.run(&["check", "--today", "2026-11-25"]);
    assert_eq!(check.stderr, "all content checked, no errors\n");
    let check = workspace.run(&["check", "--today", "2026-11-25", "--lang", "zh-CN"]);
    assert_eq!(check.stderr, "检查通过\n");
}
