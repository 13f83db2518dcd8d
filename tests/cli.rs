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
            assert!(run.stderr.contains("outside the years 1900 to 9998"), "{command} --today={day}: {}", run.stderr);
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
