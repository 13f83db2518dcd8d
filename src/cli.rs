//! The command line in the portal's language (issue 15): the words of `--help` for every
//! command and option, clap's own headings and errors, and the language chosen before the
//! arguments are parsed (`--lang`, else the portal's `portal.yaml`, else zh-CN).
//!
//! `main.rs` declares the commands with clap's derive (the types); this module gives them
//! their words. A new command or option is one variant or field in `main.rs` plus its rows
//! in [`HELP`]; a test fails while any of them has no words.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use liaison::lang::Lang;
use std::ffi::OsString;
use std::path::Path;

/// The words of `--help`: `(place, zh-CN, en)`. The place is `""` for the program, a
/// command's name, or a command's name and an option (`"build --out"`, `"explain target"`
/// for a positional argument). Defaults are written into the words (clap's `[default: …]`
/// would be English).
pub const HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "把联络站工作人员写的 content/ 文件夹生成人大代表联络站网站",
        "Build the public website of people's-congress deputy liaison stations from content/",
    ),
    (
        "--lang",
        "提示和帮助使用的语言：zh-CN 或 en（默认跟随 portal.yaml）",
        "The language of messages and help: zh-CN or en (default: the portal's)",
    ),
    (
        "check",
        "检查每个内容文件并列出全部问题；不写任何文件",
        "Check every content file and report every problem; writes nothing",
    ),
    ("check --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    (
        "check --today",
        "按这一天检查接待安排（YYYY-MM-DD）；默认是门户时区的今天",
        "Check schedules as of this day (YYYY-MM-DD); default: today in the portal's time zone",
    ),
    (
        "build",
        "先检查，再生成网站；有错误时原有网站保持不变",
        "Check, then build the site; a build with errors leaves the previous site as it was",
    ),
    ("build --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    ("build --out", "网站输出文件夹（默认 site）", "The output folder (default: site)"),
    (
        "build --today",
        "按这一天生成网站（YYYY-MM-DD）；默认是门户时区的今天",
        "Build as if today were this day (YYYY-MM-DD); default: today in the portal's time zone",
    ),
    (
        "build --timings",
        "显示各步骤用时：读取、生成页面、搜索索引、写入",
        "Print where the time went: load, render, search index, write",
    ),
    (
        "build --county",
        "只读取并生成这个县（市、区）；其他县沿用输出文件夹里上次的网站，每个县都有时才生成门户（各县分开生成后用 assemble 合成）",
        "Read and build only this county; keep the others from the output's previous site, and write the portal when every county is there (build counties apart, then put them together with assemble)",
    ),
    (
        "build --precompress",
        "同时在每个文本文件旁写 .br 和 .gz（供 nginx 的 brotli_static/gzip_static 使用）",
        "Also write .br and .gz beside each text file (for nginx brotli_static/gzip_static)",
    ),
    (
        "build --standalone",
        "让每个县（市、区）的文件夹能单独放在自己的域名下：指向门户的链接用 portal.yaml 的 base_url，不用 ../",
        "Make each county folder fit to be hosted on its own domain: it links to the portal by the portal's base_url (portal.yaml), never by ../",
    ),
    (
        "build --index-links",
        "指向文件夹的链接写成 …/index.html，供不开 JavaScript 从磁盘（file://）打开网站时使用（开着 JavaScript 时不需要）",
        "Write links to folders as …/index.html, for a site opened from disk (file://) without JavaScript (with JavaScript it works without this)",
    ),
    (
        "counties",
        "列出内容里的县（市、区），每行一个，供分开生成各县时使用",
        "List the content's counties, one id a line, for building them apart",
    ),
    ("counties --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    (
        "assemble",
        "把各县分开生成（build --county）的输出合成一个网站并生成门户，与一次 build 完全相同",
        "Put the outputs of `build --county` runs together into one site and build the portal: the same site as one build",
    ),
    (
        "assemble parts",
        "各县 build --county 的输出文件夹",
        "The output folders of the `build --county` runs",
    ),
    ("assemble --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    ("assemble --out", "网站输出文件夹（默认 site）", "The output folder (default: site)"),
    (
        "assemble --today",
        "按这一天生成门户（YYYY-MM-DD），应与各县生成时相同",
        "Build the portal as if today were this day (YYYY-MM-DD): the day the counties were built for",
    ),
    (
        "assemble --timings",
        "显示各步骤用时",
        "Print where the time went",
    ),
    (
        "assemble --precompress",
        "同时在门户的每个文本文件旁写 .br 和 .gz（各县应同样加此选项生成）",
        "Also write .br and .gz beside the portal's text files (build the counties with it too)",
    ),
    (
        "assemble --standalone",
        "与各县生成时的 --standalone 相同",
        "As the counties were built: --standalone",
    ),
    (
        "assemble --index-links",
        "与各县生成时的 --index-links 相同",
        "As the counties were built: --index-links",
    ),
    (
        "serve",
        "生成网站并在 127.0.0.1 上预览；文件一改就重新生成并刷新页面",
        "Build, serve the site on 127.0.0.1, and rebuild and reload when a file changes",
    ),
    ("serve --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    ("serve --out", "网站输出文件夹（默认 site）", "The output folder (default: site)"),
    ("serve --port", "端口（默认 1111；0 表示任选一个空闲端口）", "The port (default: 1111; 0: any free port)"),
    ("serve --today", "按这一天生成网站（YYYY-MM-DD）", "Build as if today were this day (YYYY-MM-DD)"),
    (
        "explain",
        "说明一个接待日期写法或一个联络站的接待安排是什么意思，并列出接下来的接待",
        "Say what a schedule phrase, or a station's schedule, means, and list the next sessions",
    ),
    (
        "explain target",
        "一个写法（如 每周三下午），或一个联络站文件夹（如 content/demo/stations/north）",
        "A phrase such as 每周三下午, or a station folder such as content/demo/stations/north",
    ),
    (
        "explain --content",
        "内容文件夹，用于节假日、上午下午的时间和语言（默认 content）",
        "The content folder (for the holidays, the half-day hours and the language; default: content)",
    ),
    (
        "explain --today",
        "从这一天起列出接待（YYYY-MM-DD）；默认是门户时区的今天",
        "List sessions from this day (YYYY-MM-DD); default: today in the portal's time zone",
    ),
    (
        "new",
        "写一份填好示例、带中文说明的模板：县（市、区）、联络站、代表、案例或制度",
        "Write a filled, commented template: county, station, deputy, case or rule",
    ),
    (
        "new kind",
        "要新建什么：county、station、deputy、case、rule（或 县、联络站、代表、案例、制度）",
        "What to make: county, station, deputy, case or rule (or 县, 联络站, 代表, 案例, 制度)",
    ),
    ("new name", "它的中文名称或标题：标识由拼音生成", "Its name or title, in Chinese: the id is made from its pinyin"),
    (
        "new --county",
        "所属的县（市、区）（新建联络站、县级制度时）：标识或名称",
        "The county it belongs to (a station, a county's rule): id or name",
    ),
    (
        "new --station",
        "所属的联络站（新建代表、案例、站级制度时）：文件夹名或名称",
        "The station it belongs to (a deputy, a case, a station's rule): folder or name",
    ),
    ("new --id", "指定标识（文件夹名或文件名），不用拼音生成的", "The id (folder or file name) instead of the one made from the name"),
    ("new --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
    (
        "import",
        "从表格（.xlsx、.xls、.ods、.csv）导入代表名册，写成 deputies.yaml",
        "Bring a deputy roster in from a spreadsheet (.xlsx, .xls, .ods, .csv) into deputies.yaml",
    ),
    ("import file", "表格文件", "The spreadsheet"),
    (
        "import --station",
        "写入哪个联络站的 deputies.yaml：文件夹名或名称",
        "The station whose deputies.yaml it fills: folder or name",
    ),
    (
        "import --county",
        "按表格的“所属联络站”一列分到这个县（市、区）的各联络站",
        "A county whose stations the sheet's 所属联络站 column names",
    ),
    (
        "import --sheet",
        "读哪一个工作表（默认：第一个有“姓名”列的）",
        "The sheet to read (default: the first with a 姓名 column)",
    ),
    (
        "import --force",
        "替换已有的 deputies.yaml（表格里没有的列，如照片、简介，保留原来的）",
        "Replace an existing deputies.yaml (fields the sheet has no column for are kept)",
    ),
    ("import --dry-run", "只说会写什么，不写文件", "Say what would be written, and write nothing"),
    ("import --content", "内容文件夹（默认 content）", "The content folder (default: content)"),
];

/// The words of `place` in `lang`; a place without words says so (the test of [`HELP`]
/// keeps that from shipping).
fn words(place: &str, lang: Lang) -> String {
    match HELP.iter().find(|(p, _, _)| *p == place) {
        Some((_, zh, en)) => lang.pick(zh, en).to_string(),
        None => format!("({place})"),
    }
}

/// Where an argument's words are found: `--name` for an option, the id for a positional.
fn arg_place(command: &str, arg: &Arg) -> String {
    let name = match arg.get_long() {
        Some(long) => format!("--{long}"),
        None => arg.get_id().to_string(),
    };
    if arg.is_global_set() || command.is_empty() {
        name
    } else {
        format!("{command} {name}")
    }
}

/// The help page's layout with its headings in `lang`.
fn template(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}",
        Lang::En => "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
    }
}

/// One command (the program or a subcommand) given its words in `lang`.
fn localize_one(mut command: Command, place: &str, lang: Lang) -> Command {
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        command = command.mut_arg(&id, |arg| {
            let heading =
                if arg.is_positional() { lang.pick("参数", "Arguments") } else { lang.pick("选项", "Options") };
            let text = words(&arg_place(place, &arg), lang);
            let arg = arg.help(text).help_heading(heading);
            if arg.get_action().takes_values() {
                arg.hide_default_value(true).hide_possible_values(true)
            } else {
                arg
            }
        });
    }
    let positionals: Vec<String> =
        command.get_positionals().map(|a| format!("<{}>", a.get_id().as_str().to_uppercase())).collect();
    let name = command.get_name().to_string();
    let usage = match (place.is_empty(), lang) {
        (true, _) => format!("liaison <{}> [{}]", lang.pick("命令", "COMMAND"), lang.pick("选项", "OPTIONS")),
        (false, _) => {
            let mut usage = format!("liaison {name}");
            for positional in &positionals {
                usage.push(' ');
                usage.push_str(positional);
            }
            usage.push_str(&format!(" [{}]", lang.pick("选项", "OPTIONS")));
            usage
        }
    };
    command.about(words(place, lang)).help_template(template(lang)).override_usage(usage).disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(lang.pick("显示帮助", "Print help"))
            .help_heading(lang.pick("选项", "Options")),
    )
}

/// The commands of `main.rs` with every word in `lang`: about and help of each command and
/// option, the headings, `-h` and `-V`.
pub fn localize(command: Command, lang: Lang) -> Command {
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let mut command = localize_one(command, "", lang)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .subcommand_help_heading(lang.pick("命令", "Commands"))
        .subcommand_value_name(lang.pick("命令", "COMMAND"))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lang.pick("显示版本", "Print version"))
                .help_heading(lang.pick("选项", "Options")),
        );
    for name in names {
        command = command.mut_subcommand(&name, |sub| localize_one(sub, &name, lang));
    }
    command
}

/// The language of the command line, looked for before it is parsed: `--lang`, else the
/// `portal.yaml` of `--content` (or of `content/`), else zh-CN.
pub fn language(args: &[OsString]) -> Lang {
    let value_of = |name: &str| {
        args.iter().enumerate().find_map(|(i, arg)| {
            let arg = arg.to_str()?;
            if arg == name {
                args.get(i + 1).and_then(|v| v.to_str()).map(str::to_string)
            } else {
                arg.strip_prefix(name)?.strip_prefix('=').map(str::to_string)
            }
        })
    };
    if let Some(lang) = value_of("--lang").as_deref().and_then(Lang::parse) {
        return lang;
    }
    let content = value_of("--content").unwrap_or_else(|| "content".into());
    liaison::load::language_of(Path::new(&content)).unwrap_or_default()
}

/// `liaison help [command]` means `liaison [command] --help`.
pub fn help_as_flag(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    args
}

/// A value `--today` or `--lang` cannot take, to be said in the portal's language.
#[derive(Debug)]
pub enum BadValue {
    NotADay(String),
    DayOutOfYears(String),
    NotALanguage(String),
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

impl std::error::Error for BadValue {}

/// The years `--today` may name: the sessions of the year ahead must still have four-digit
/// years, as iCalendar (RFC 5545) and Atom (RFC 3339) write them.
pub const TODAY_YEARS: std::ops::RangeInclusive<i32> = 1900..=9998;

impl BadValue {
    fn words(&self, lang: Lang) -> String {
        let (first, last) = (TODAY_YEARS.start(), TODAY_YEARS.end());
        match (self, lang) {
            (BadValue::NotADay(text), Lang::ZhCn) => format!("“{text}”不是 YYYY-MM-DD 形式的日期（例如 2026-12-05）"),
            (BadValue::NotADay(text), Lang::En) => format!("`{text}` is not a date of the form YYYY-MM-DD"),
            (BadValue::DayOutOfYears(text), Lang::ZhCn) => {
                format!("“{text}”不在 liaison 能生成的年份（{first} 到 {last} 年）之内")
            }
            (BadValue::DayOutOfYears(text), Lang::En) => {
                format!("`{text}` is outside the years {first} to {last} that liaison builds for")
            }
            (BadValue::NotALanguage(text), Lang::ZhCn) => format!("“{text}”不是 zh-CN 或 en"),
            (BadValue::NotALanguage(text), Lang::En) => format!("`{text}` is not zh-CN or en"),
        }
    }
}

pub fn parse_day(text: &str) -> Result<chrono::NaiveDate, BadValue> {
    use chrono::Datelike;
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| BadValue::NotADay(text.into()))?;
    if !TODAY_YEARS.contains(&day.year()) {
        return Err(BadValue::DayOutOfYears(text.into()));
    }
    Ok(day)
}

pub fn parse_lang(text: &str) -> Result<Lang, BadValue> {
    Lang::parse(text).ok_or_else(|| BadValue::NotALanguage(text.into()))
}

/// What clap refused, in `lang`: help and version as clap prints them (already in `lang`),
/// an error as one line in words, a hint, and where help is.
pub fn error_text(error: &clap::Error, lang: Lang) -> String {
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        _ => None,
    };
    let arg = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let zh = lang == Lang::ZhCn;
    let message = match error.kind() {
        ErrorKind::ValueValidation => {
            match std::error::Error::source(error).and_then(|s| s.downcast_ref::<BadValue>()) {
                Some(bad) => bad.words(lang),
                None if zh => format!("{arg} 不能取“{value}”"),
                None => format!("invalid value `{value}` for {arg}"),
            }
        }
        ErrorKind::InvalidValue if zh => format!("{arg} 不能取“{value}”"),
        ErrorKind::InvalidValue => format!("invalid value `{value}` for {arg}"),
        ErrorKind::UnknownArgument if zh => format!("不认识的选项“{arg}”"),
        ErrorKind::UnknownArgument => format!("unexpected argument `{arg}`"),
        ErrorKind::InvalidSubcommand if zh => {
            format!("不认识的命令“{}”", context(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::InvalidSubcommand => {
            format!("unrecognized command `{}`", context(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument if zh => format!("缺少必填的参数：{arg}"),
        ErrorKind::MissingRequiredArgument => format!("missing required argument: {arg}"),
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues if zh => {
            format!("{arg} 后面要写一个值")
        }
        ErrorKind::ArgumentConflict if zh => format!("{arg} 不能和其他选项一起用"),
        ErrorKind::TooManyValues if zh => format!("多余的参数“{value}”"),
        _ if zh => format!("命令行有误（{}）", error.kind()),
        _ => error.kind().to_string(),
    };
    let mut out = format!("{}{message}\n", lang.pick("错误：", "error: "));
    // clap's own suggestions need its `suggestions` feature; liaison's nearest word serves.
    let known = || {
        let command = crate::Cli::command();
        let mut words: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
        for sub in std::iter::once(&command).chain(command.get_subcommands()) {
            words.extend(sub.get_arguments().filter_map(|a| a.get_long()).map(|l| format!("--{l}")));
        }
        words
    };
    let offending = match error.kind() {
        ErrorKind::InvalidSubcommand => context(ContextKind::InvalidSubcommand),
        ErrorKind::UnknownArgument => Some(arg.clone()),
        _ => None,
    };
    let suggested = offending.and_then(|word| {
        let word = word.split('=').next().unwrap_or_default().to_string();
        let known = known();
        liaison::suggest::closest(&word, known.iter().map(String::as_str))
    });
    if let Some(suggested) = suggested {
        out.push_str(&match lang {
            Lang::ZhCn => format!("  提示：是不是想写“{suggested}”？\n"),
            Lang::En => format!("  tip: did you mean `{suggested}`?\n"),
        });
    }
    out.push_str(lang.pick("查看用法：liaison --help\n", "For more information, try `liaison --help`.\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option has words in both languages, and no row of [`HELP`] names
    /// a place that is not there.
    #[test]
    fn every_command_and_option_has_its_words() {
        let command = crate::Cli::command();
        let mut places = vec![String::new()];
        places.extend(command.get_arguments().map(|a| arg_place("", a)));
        for sub in command.get_subcommands() {
            places.push(sub.get_name().to_string());
            places.extend(sub.get_arguments().map(|a| arg_place(sub.get_name(), a)));
        }
        for place in &places {
            let row = HELP.iter().find(|(p, _, _)| p == place);
            let (_, zh, en) = row.unwrap_or_else(|| panic!("no words in cli::HELP for `{place}`"));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "`{place}`");
        }
        for (place, _, _) in HELP {
            assert!(places.iter().any(|p| p == place), "cli::HELP has words for `{place}`, which is no command");
        }
        localize(crate::Cli::command(), Lang::ZhCn).debug_assert();
        localize(crate::Cli::command(), Lang::En).debug_assert();
    }
}
