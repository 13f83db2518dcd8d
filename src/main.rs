//! The `liaison` command: parses arguments, runs the library, prints the outcome, all in
//! the portal's language (`cli`).

mod cli;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use cli::{parse_day, parse_lang};
use liaison::diag::render_all;
use liaison::lang::Lang;
use liaison::BuildOptions;
use std::path::PathBuf;
use std::process::ExitCode;

// The words of every command and option (`--help`, in zh-CN and en) are in `cli::HELP`:
// a new command or option here needs its rows there (a test checks).
#[derive(Parser)]
#[command(name = "liaison", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum Command {
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    Build {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "site")]
        out: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        timings: bool,
        #[arg(long, value_name = "ID")]
        county: Option<String>,
        #[arg(long)]
        precompress: bool,
        #[arg(long)]
        standalone: bool,
        #[arg(long)]
        index_links: bool,
    },
    Counties {
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    Assemble {
        #[arg(required = true, value_name = "DIR")]
        parts: Vec<PathBuf>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "site")]
        out: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
        #[arg(long)]
        timings: bool,
        #[arg(long)]
        precompress: bool,
        #[arg(long)]
        standalone: bool,
        #[arg(long)]
        index_links: bool,
    },
    Serve {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, default_value = "site")]
        out: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    Explain {
        target: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        #[arg(long, value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    New {
        kind: String,
        name: String,
        #[arg(long)]
        county: Option<String>,
        #[arg(long)]
        station: Option<String>,
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        common: AuthorArgs,
    },
    Import {
        file: PathBuf,
        #[arg(long)]
        station: Option<String>,
        #[arg(long)]
        county: Option<String>,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        common: AuthorArgs,
    },
}

/// What `new` and `import` share.
#[derive(clap::Args)]
struct AuthorArgs {
    #[arg(long, default_value = "content")]
    content: PathBuf,
}

fn main() -> ExitCode {
    let args = cli::help_as_flag(std::env::args_os().collect());
    let lang = cli::language(&args);
    let parsed = cli::localize(Cli::command(), lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return refused(&error, lang),
    };
    let lang = cli.lang.unwrap_or(lang);
    match run(cli.command, cli.lang) {
        Ok(code) => code,
        Err(error) => {
            let text = liaison::lang::error_text(&error, lang);
            eprintln!("{}{}", lang.pick("错误：", "error: "), liaison::diag::terminal_text(&text));
            ExitCode::from(2)
        }
    }
}

/// What clap stopped at: help and the version are printed as asked; an error in words.
fn refused(error: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", cli::localize(Cli::command(), lang).render_help());
            ExitCode::from(2)
        }
        _ => {
            eprint!("{}", cli::error_text(error, lang));
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `lang` is `--lang`, which overrides the portal's language.
fn run(command: Command, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    match command {
        Command::Explain { target, content, today } => explain(&target, &content, today, lang),
        Command::New { kind, name, county, station, id, common } => {
            let (site, lang) = author_site(&common, lang)?;
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
            let (site, lang) = author_site(&common, lang)?;
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
            let mut report = liaison::check(&content, today)?;
            report.lang = lang.unwrap_or(report.lang);
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
            liaison::serve::serve(liaison::serve::ServeOptions { build, port, lang })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Build { content, out, today, timings, county, precompress, standalone, index_links } => {
            let options =
                BuildOptions { content, out: out.clone(), today, county, precompress, standalone, index_links };
            let report = liaison::build(&options)?;
            Ok(print_build(report, &out, timings, lang))
        }
        Command::Counties { content } => {
            let (shared, diagnostics) = liaison::load::load_shared(&content)?;
            if diagnostics.has_errors() {
                eprint!("{}", render_all(&diagnostics, lang.unwrap_or(shared.portal.language)));
                return Ok(ExitCode::from(1));
            }
            for (id, _) in &shared.counties {
                println!("{id}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Assemble { parts, content, out, today, timings, precompress, standalone, index_links } => {
            let options = liaison::AssembleOptions {
                content,
                out: out.clone(),
                parts,
                today,
                precompress,
                standalone,
                index_links,
            };
            let report = liaison::assemble(&options)?;
            Ok(print_build(report, &out, timings, lang))
        }
    }
}

/// What `build` and `assemble` print: the problems, then what was written (and where the
/// time went, with `--timings`).
fn print_build(mut report: liaison::BuildReport, out: &std::path::Path, timings: bool, lang: Option<Lang>) -> ExitCode {
    report.lang = lang.unwrap_or(report.lang);
    eprint!("{}", render_all(&report.diagnostics, report.lang));
    let Some(written) = report.written else {
        eprintln!(
            "{}",
            report.lang.pick(
                "有错误，未生成网站；原有网站保持不变",
                "not built: fix the errors above; the previous site is unchanged"
            )
        );
        return ExitCode::from(1);
    };
    let seconds = report.elapsed.as_secs_f64();
    let message = match report.lang {
        Lang::ZhCn => {
            format!(
                "已生成 {} 个页面（共 {} 个文件）到 {}，用时 {seconds:.2} 秒",
                written.pages,
                written.files,
                out.display()
            )
        }
        Lang::En => {
            format!("built {} pages ({} files) into {} in {seconds:.2} s", written.pages, written.files, out.display())
        }
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
        let (load, render, search, write) = (ms(t.load), ms(t.render), ms(t.search), ms(t.write));
        match report.lang {
            Lang::ZhCn => eprintln!(
                "用时：读取 {load:.0} 毫秒，生成页面 {render:.0} 毫秒，搜索索引 {search:.0} 毫秒，写入 {write:.0} 毫秒"
            ),
            Lang::En => {
                eprintln!(
                    "timings: load {load:.0} ms, render {render:.0} ms, search {search:.0} ms, write {write:.0} ms"
                )
            }
        }
    }
    ExitCode::SUCCESS
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
            let shown = content.display();
            anyhow::bail!(liaison::lang::Said::new(
                format!("内容文件夹“{shown}”不存在"),
                format!("content folder `{shown}` does not exist")
            ));
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
            let shown = content.display();
            anyhow::bail!(liaison::lang::Said::new(
                format!("“{target}”不是“{shown}”里的联络站文件夹"),
                format!("`{target}` is not a station folder of `{shown}`")
            ));
        };
        print!("{}", explain::station(&loaded.site, station, today, lang));
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
/// The content's site, and the language of messages and comments: `--lang`, else the portal's.
fn author_site(common: &AuthorArgs, lang: Option<Lang>) -> anyhow::Result<(liaison::model::Site, Lang)> {
    let loaded = liaison::load::load(&common.content)?;
    let lang = lang.unwrap_or(loaded.site.portal.language);
    Ok((loaded.site, lang))
}

/// mimalloc: a build makes millions of small strings on two threads, and glibc's malloc
/// spent a sixth of the build's time on them. Built without transparent huge pages
/// (`no_thp`): zeroing and compacting 2 MiB pages made build times swing by a fifth and
/// raised the peak memory by 40 MiB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
// Freed memory goes back to the system after mimalloc's default delay (1 s). Counties stream
// through a build one at a time (issue 20): memory a county freed and never returned made the
// peak grow county by county, 960 MiB at scale 10 against 751 MiB when it is returned, for no
// measurable CPU (48.6 s against 51.4 s).
