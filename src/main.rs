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
        /// Also write .br and .gz beside each text file (for nginx brotli_static/gzip_static)
        #[arg(long)]
        precompress: bool,
        /// Make each county folder fit to be hosted on its own domain: it links to the
        /// portal by the portal's base_url (portal.yaml), never by ../
        #[arg(long)]
        standalone: bool,
        /// Write links to folders as .../index.html, for a site opened from disk (file://)
        /// without JavaScript (with JavaScript it works from disk without this)
        #[arg(long)]
        index_links: bool,
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
    /// Say what a schedule phrase, or a station's schedule, means, and list the next sessions
    Explain {
        /// A phrase such as 每周三下午, or a station folder such as content/demo/stations/north
        target: String,
        /// The content folder (for the holidays, the half-day hours and the language)
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// List sessions from this day (YYYY-MM-DD); default: today in the portal's time zone
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
        /// The language of the answer: zh-CN or en; default: the portal's
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
    },
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("`{text}` is not zh-CN or en"))
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
        Command::Explain { target, content, today, lang } => explain(&target, &content, today, lang),
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
            let build = BuildOptions {
                content,
                out,
                today,
                county: None,
                precompress: false,
                standalone: false,
                index_links: false,
            };
            liaison::serve::serve(liaison::serve::ServeOptions { build, port })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { content, out, today, timings, county, precompress, standalone, index_links } => {
            let options =
                BuildOptions { content, out: out.clone(), today, county, precompress, standalone, index_links };
            let report = liaison::build(&options)?;
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

/// `liaison explain`: a station folder (its schedule, after loading the content) or a phrase.
fn explain(
    target: &str,
    content: &std::path::Path,
    today: Option<chrono::NaiveDate>,
    lang: Option<Lang>,
) -> anyhow::Result<ExitCode> {
    use liaison::schedule::explain;
    let loaded = if content.is_dir() { Some(liaison::load::load(content)?) } else { None };
    let (portal, holidays) = match &loaded {
        Some(loaded) => (loaded.site.portal.clone(), loaded.site.holidays.clone()),
        None => (liaison::model::Portal::blank(), Default::default()),
    };
    let lang = lang.unwrap_or(portal.language);
    let today = today.unwrap_or_else(|| liaison::today_in(&portal.timezone));
    let folder = std::path::Path::new(target);
    if folder.join("station.yaml").is_file() {
        let station_id = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let county_id = folder
            .parent()
            .and_then(|p| p.parent())
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(loaded) = loaded else {
            anyhow::bail!("content folder `{}` does not exist", content.display());
        };
        let prefix = format!("{county_id}/stations/{station_id}/");
        let mut own = liaison::diag::Diagnostics::default();
        for diagnostic in loaded.diagnostics.items.iter().filter(|d| d.path.starts_with(&prefix)) {
            own.push(diagnostic.clone());
        }
        eprint!("{}", render_all(&own, lang));
        let station = loaded
            .site
            .counties
            .iter()
            .filter(|c| c.id == county_id)
            .flat_map(|c| c.stations.iter())
            .find(|s| s.id == station_id);
        let Some(station) = station else {
            anyhow::bail!("`{target}` is not a station folder of `{}`", content.display());
        };
        print!("{}", explain::station(station, &holidays, today, lang));
        return Ok(if own.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS });
    }
    match explain::phrase(target, &portal, &holidays, today, lang) {
        Ok(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            eprintln!("{}{refusal}", lang.pick("错误：", "error: "));
            Ok(ExitCode::from(1))
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
