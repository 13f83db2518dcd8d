//! The `liaison` command: parses arguments, runs the library, prints the outcome.

use clap::{Parser, Subcommand};
use liaison::diag::render_all;
use liaison::lang::Lang;
use liaison::BuildOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// Build the public website of people's-congress deputy liaison stations from content/.
#[derive(Parser)]
#[command(name = "liaison", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check every content file and report every problem; writes nothing
    Check {
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Check schedules as of this day (YYYY-MM-DD); default: today in the portal's time zone
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    /// Check, then build the site; a build with errors leaves the previous site as it was
    Build {
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The output folder
        #[arg(long, default_value = "site")]
        out: PathBuf,
        /// Build as if today were this day (YYYY-MM-DD); default: today in the portal's time zone
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
        /// Print where the time went: load, render, search index, write
        #[arg(long)]
        timings: bool,
        /// Build only this county (and the portal); take the others from the previous site
        #[arg(long, value_name = "ID")]
        county: Option<String>,
    },
    /// Build, serve the site on 127.0.0.1, and rebuild and reload when a file changes
    Serve {
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The output folder
        #[arg(long, default_value = "site")]
        out: PathBuf,
        /// The port (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Build as if today were this day (YYYY-MM-DD)
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
}

/// The years `--today` may name: the sessions of the year ahead must still have four-digit
/// years, as iCalendar (RFC 5545) and Atom (RFC 3339) write them.
const TODAY_YEARS: std::ops::RangeInclusive<i32> = 1900..=9998;

fn parse_day(text: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date of the form YYYY-MM-DD"))?;
    if !TODAY_YEARS.contains(&day.year()) {
        return Err(format!(
            "`{text}` is outside the years {} to {} that liaison builds for",
            TODAY_YEARS.start(),
            TODAY_YEARS.end()
        ));
    }
    Ok(day)
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", liaison::diag::terminal_text(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { content, today } => {
            let report = liaison::check(&content, today)?;
            eprint!("{}", render_all(&report.diagnostics, report.lang));
            if report.diagnostics.has_errors() {
                return Ok(ExitCode::from(1));
            }
            eprintln!("{}", report.lang.pick("检查通过", "all content checked, no errors"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { content, out, port, today } => {
            let build = BuildOptions { content, out, today, county: None };
            liaison::serve::serve(liaison::serve::ServeOptions { build, port })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { content, out, today, timings, county } => {
            let report = liaison::build(&BuildOptions { content, out: out.clone(), today, county })?;
            eprint!("{}", render_all(&report.diagnostics, report.lang));
            let Some(written) = report.written else {
                eprintln!(
                    "{}",
                    report.lang.pick(
                        "有错误，未生成网站；原有网站保持不变",
                        "not built: fix the errors above; the previous site is unchanged"
                    )
                );
                return Ok(ExitCode::from(1));
            };
            let seconds = report.elapsed.as_secs_f64();
            let message = match report.lang {
                Lang::ZhCn => format!(
                    "已生成 {} 个页面（共 {} 个文件）到 {}，用时 {seconds:.2} 秒",
                    written.pages,
                    written.files,
                    out.display()
                ),
                Lang::En => format!(
                    "built {} pages ({} files) into {} in {seconds:.2} s",
                    written.pages,
                    written.files,
                    out.display()
                ),
            };
            eprintln!("{message}");
            let changed = match report.lang {
                Lang::ZhCn => format!("其中 {} 个文件有变化，{} 个未变", written.written, written.unchanged),
                Lang::En => format!("{} files changed, {} unchanged", written.written, written.unchanged),
            };
            eprintln!("{changed}");
            if timings {
                let t = report.timings;
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                eprintln!(
                    "timings: load {:.0} ms, render {:.0} ms, search {:.0} ms, write {:.0} ms",
                    ms(t.load),
                    ms(t.render),
                    ms(t.search),
                    ms(t.write)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// mimalloc: a build makes millions of small strings on two threads, and glibc's malloc
/// spent a sixth of the build's time on them. Built without transparent huge pages
/// (`no_thp`): zeroing and compacting 2 MiB pages made build times swing by a fifth and
/// raised the peak memory by 40 MiB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its index in mimalloc 3's `mi_option_t`; libmimalloc-sys
/// names no constant for it). The test below checks the index against the option's default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory a build frees is kept for its next allocations instead of being handed back to the
/// system a second later (`purge_delay` -1): a build is short, and each purge was a system
/// call and then page faults to take the memory back (2% of a build; peak memory 3 MiB more
/// at scale 1, 70 MiB at scale 10).
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` takes any option and value, from any thread, at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reading an option has no precondition.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        // 1000 ms is `purge_delay`'s default alone among its neighbours' in mimalloc 3.
        assert_eq!(default, 1000);
        super::keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) }, -1);
    }
}
