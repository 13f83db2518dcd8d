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
    /// Write a filled, commented template: county, station, deputy, case or rule
    New {
        /// What to make: county, station, deputy, case or rule (or 县, 联络站, 代表, 案例, 制度)
        kind: String,
        /// Its name or title, in Chinese: the id is made from its pinyin
        name: String,
        /// The county it belongs to (a station, a county's rule): id or name
        #[arg(long)]
        county: Option<String>,
        /// The station it belongs to (a deputy, a case, a station's rule): folder or name
        #[arg(long)]
        station: Option<String>,
        /// The id (folder or file name) instead of the one made from the name
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        common: AuthorArgs,
    },
    /// Bring a deputy roster in from a spreadsheet (.xlsx, .xls, .ods, .csv) into deputies.yaml
    Import {
        /// The spreadsheet
        file: PathBuf,
        /// The station whose deputies.yaml it fills: folder or name
        #[arg(long)]
        station: Option<String>,
        /// A county whose stations the sheet's 所属联络站 column names
        #[arg(long)]
        county: Option<String>,
        /// The sheet to read (default: the first with a 姓名 column)
        #[arg(long)]
        sheet: Option<String>,
        /// Replace an existing deputies.yaml (fields the sheet has no column for are kept)
        #[arg(long)]
        force: bool,
        /// Say what would be written, and write nothing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        common: AuthorArgs,
    },
}

/// What `new` and `import` share.
#[derive(clap::Args)]
struct AuthorArgs {
    /// The content folder
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The language of messages and comments: zh-CN or en; default: the portal's
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
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
        Command::New { kind, name, county, station, id, common } => {
            let (site, lang) = author_site(&common)?;
            let today = liaison::today_in(&site.portal.timezone);
            let options = liaison::author::new::NewOptions {
                kind: &kind,
                name: &name,
                county: county.as_deref(),
                station: station.as_deref(),
                id: id.as_deref(),
                content: &common.content,
                today,
            };
            let written = liaison::author::new::run(&site, &options, lang)?;
            println!("{}{}", lang.pick("已写入 ", "wrote "), written.path.display());
            println!("{}", lang.pick("接下来：", "next:"));
            for (n, step) in written.next.iter().enumerate() {
                println!("  {}. {step}", n + 1);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file, station, county, sheet, force, dry_run, common } => {
            let (site, lang) = author_site(&common)?;
            let options = liaison::author::import::ImportOptions {
                file: &file,
                station: station.as_deref(),
                county: county.as_deref(),
                sheet: sheet.as_deref(),
                force,
                dry_run,
                content: &common.content,
            };
            let report = liaison::author::import::run(&site, &options, lang)?;
            eprint!("{}", report.text);
            Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
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
            let build = BuildOptions { content, out, today, county: None, precompress: false };
            liaison::serve::serve(liaison::serve::ServeOptions { build, port })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { content, out, today, timings, county, precompress } => {
            let report = liaison::build(&BuildOptions { content, out: out.clone(), today, county, precompress })?;
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

/// The content as it is now, for `new` and `import` to find places and ids in; and the
/// language they speak (`--lang`, else the portal's).
fn author_site(common: &AuthorArgs) -> anyhow::Result<(liaison::model::Site, Lang)> {
    let loaded = liaison::load::load(&common.content)?;
    let lang = common.lang.unwrap_or(loaded.site.portal.language);
    Ok((loaded.site, lang))
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
