//! What each problem says, in each interface language.
//!
//! One flat table: a [`Problem`] carries the data (the offending text, what was allowed)
//! and this file turns it into words. Messages quote the offending text and never end
//! with a period; the hint says what to do.

use crate::lang::Lang;

/// The shape a value was expected to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Text,
    Map,
    List,
    Integer,
    Date,
    Id,
}

impl Expected {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Expected::Text => lang.pick("文字", "text"),
            Expected::Map => lang.pick("键值表（key: value）", "a mapping (key: value)"),
            Expected::List => lang.pick("列表", "a list"),
            Expected::Integer => lang.pick("整数", "a whole number"),
            Expected::Date => lang.pick("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
            Expected::Id => lang.pick("标识（小写字母、数字、-）", "an id (a-z, 0-9, -)"),
        }
    }
}

/// A YAML mistake a clerk makes, named (issue 15): found on the line where it was made,
/// reported with the corrected line (`load::mistakes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlMistake {
    /// A tab in the indentation.
    Tab,
    /// U+3000 (the space of a Chinese input method) in the indentation or after `:` or `-`.
    FullWidthSpace,
    /// `township：凤山街道`.
    FullWidthColon,
    /// `name:宋金峰`.
    NoSpaceAfterColon,
    /// `-宋金峰`.
    NoSpaceAfterDash,
    /// `“袁家庄”` used as YAML quotes.
    CurlyQuotes,
    /// `[宋金峰，王海荣]`.
    FullWidthComma,
    /// `"0358-1234567` (or closed by `”`).
    UnclosedQuote,
    /// A value starting with a character YAML keeps for itself (`@`, `*`, `%`, `` ` `` …).
    Indicator { c: char },
    /// `title: 注意: 明天`.
    ColonInValue,
    /// A line indented to no level open above it.
    Indentation { found: usize, expected: usize },
    /// `name 宋金峰`.
    MissingColon,
    /// `[` or `{` never closed.
    UnclosedBracket,
}

/// Why a schedule phrase or time was not clear enough to act on (issue 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhraseIssue {
    /// Not a phrase liaison reads.
    Unknown,
    /// 每月上旬: a ten-day stretch, not a day.
    Dekad,
    /// 每双月, 每季度, 每年 without the day.
    NoDay,
    /// 逢集日 without which days.
    MarketDay,
    /// 隔月: which months?
    EveryOtherMonth,
    /// 晚上, 下班后 without the clock time.
    NoClock,
    /// A deputy's own reception day with a holiday clause or an every-other-week rhythm,
    /// which only a station's schedule can carry.
    StationOnly,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Io {
        error: String,
    },
    NotUtf8 {
        byte: usize,
    },
    YamlSyntax {
        info: String,
    },
    /// `fixed` is the line as it should be written.
    YamlMistake {
        mistake: YamlMistake,
        fixed: String,
    },
    FrontMatterMissing,
    FrontMatterUnclosed,
    MissingFile {
        name: &'static str,
    },
    StrayFile {
        name: String,
        suggestion: Option<String>,
    },
    NonAsciiFolder {
        name: String,
        suggestion: String,
    },
    BadId {
        text: String,
        suggestion: Option<String>,
    },
    UnknownKey {
        key: String,
        suggestion: Option<String>,
        allowed: Vec<&'static str>,
    },
    MissingKey {
        key: &'static str,
    },
    DuplicateKey {
        key: String,
        first_line: usize,
    },
    WrongType {
        expected: Expected,
    },
    Empty {
        key: &'static str,
    },
    BadDate {
        text: String,
    },
    BadChoice {
        text: String,
        allowed: Vec<&'static str>,
        suggestion: Option<String>,
    },
    OutOfRange {
        text: String,
        min: i64,
        max: i64,
    },
    BadUrl {
        text: String,
    },
    BadPhone {
        text: String,
    },
    BadTimezone {
        text: String,
    },
    /// `key` is where it was written: `every` or `reception`.
    BadPhrase {
        text: String,
        key: &'static str,
        issue: PhraseIssue,
        suggestions: Vec<String>,
    },
    BadTime {
        text: String,
        issue: PhraseIssue,
        suggestions: Vec<String>,
    },
    // Issue 15: schedules in the clerk's words.
    IntervalNeedsStart {
        text: String,
    },
    AmbiguousDeputyName {
        name: String,
        ids: Vec<String>,
    },
    DateToCorrect {
        text: String,
        corrected: String,
    },
    HolidayClauseConflict {
        text: String,
        station: String,
    },
    BadRrule {
        text: String,
        reason: String,
    },
    EveryAndOn,
    NoWhen,
    ResolvedDateMissing,
    DateOrder {
        earlier: &'static str,
        later: &'static str,
    },
    StepNeeds {
        step: String,
        key: &'static str,
    },
    /// Issue 17: an answered proposal without its reply.
    StatusNeeds {
        status: String,
        key: &'static str,
    },
    /// Issue 17: a city project names deputies (they belong to the counties).
    CityProjectDeputies,
    UnknownDeputy {
        id: String,
        suggestion: Option<String>,
    },
    /// **Extension (issue 16).** `who: [lishi/x]`: no such deputy in that county, or no such county.
    UnknownGuest {
        county: String,
        id: String,
        suggestion: Option<String>,
    },
    UnknownCounty {
        county: String,
        suggestion: Option<String>,
    },
    DuplicateDeputyId {
        id: String,
        other: String,
    },
    DuplicateItem {
        text: String,
        first_line: usize,
    },
    MediaOutside {
        text: String,
    },
    MediaMissing {
        text: String,
    },
    BadPeriod {
        text: String,
    },
    ResolvedExceedsCollected {
        resolved: u64,
        collected: u64,
    },
    NoCounties,
    ExceptionMatchesNothing {
        date: String,
    },
    CalendarUnknown {
        year: i32,
        last: Option<i32>,
    },
    // The content folder as a wall (issue 13).
    YamlTooDeep {
        limit: usize,
    },
    YamlTooLarge {
        limit: usize,
    },
    LinkOutside,
    NotAFile {
        kind: &'static str,
    },
    TooLarge {
        size: u64,
        limit: u64,
    },
    MediaHidden {
        text: String,
    },
    MediaKind {
        text: String,
    },
    MediaMismatch {
        text: String,
        kind: &'static str,
    },
    SvgUnsafe {
        text: String,
        what: String,
    },
    /// **Extension (issue 16).** `outline.geojson` is not JSON, not a polygon, or says an
    /// unknown coordinate system.
    OutlineJson {
        message: String,
    },
    OutlineShape {
        at: String,
        expected: String,
        found: String,
    },
    OutlineSystem {
        found: String,
        expected: Vec<String>,
    },
    ReservedId {
        text: String,
    },
    // Everything a station is (issue 16).
    BadEmail {
        text: String,
    },
    UnknownStation {
        id: String,
        suggestion: Option<String>,
    },
    OwnParent,
    AdoptedExceedsSent {
        adopted: u64,
        sent: u64,
    },
    MarkdownImageRemote {
        text: String,
    },
    HtmlImage,
    LargeImage {
        text: String,
        size: u64,
        width: u32,
        height: u32,
    },
    ImageTooLarge {
        text: String,
        width: u32,
        height: u32,
    },
    // What a citizen would miss (issue 14): warnings, and a session length that cannot be read.
    BadLength {
        text: String,
    },
    SessionsOverlap {
        first: SessionSource,
        second: SessionSource,
        date: String,
    },
    StationNoPhone {
        county_phone: bool,
    },
    StationNoSchedule,
    StationNoDeputies,
    /// The wall board holds more than one A4 page (issue 18).
    BoardTooFull {
        deputies: usize,
    },
    DeputyNoSession {
        name: String,
    },
    // Posts: news, notices and reports (issue 17).
    PostUnknownStation {
        id: String,
        suggestion: Option<String>,
    },
    /// A city post (`content/posts/`) names stations or a session.
    CityPostStation {
        key: &'static str,
    },
    /// A notice's `session:` needs exactly one station.
    NoticeStation {
        count: usize,
    },
    /// `session:` on a post that is not a notice.
    SessionNotNotice {
        kind: String,
    },
    /// A notice's session written with `every:` or `rrule:`.
    NoticeSessionOnce,
    DuplicatePost {
        id: String,
        other: String,
    },
    /// A notice that points to a day on which its station has no session (a warning).
    AnnouncedNoSession {
        date: String,
    },
}

/// Where a session comes from, for a message that names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SessionSource {
    /// A `schedule` entry, by its line in station.yaml.
    Entry {
        line: usize,
    },
    /// A deputy's own `reception`, in deputies.yaml.
    Personal {
        name: String,
    },
    Roster,
}

impl SessionSource {
    fn words(&self, zh: bool) -> String {
        match self {
            SessionSource::Entry { line } => {
                pick(zh, format!("第 {line} 行的接待"), format!("the session on line {line}"))
            }
            SessionSource::Personal { name } => pick(
                zh,
                format!("{name}的个人接待日（deputies.yaml）"),
                format!("{name}'s own reception day (deputies.yaml)"),
            ),
            SessionSource::Roster => pick(zh, "值班表".into(), "the duty roster".into()),
        }
    }
}

impl Problem {
    /// The headline: what is wrong, quoting the offending text.
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        let zh = lang == Lang::ZhCn;
        match self {
            Io { error } => pick(zh, format!("无法读取：{error}"), format!("cannot read: {error}")),
            NotUtf8 { byte } => pick(
                zh,
                format!("文件不是 UTF-8 编码（第 {byte} 字节起无法识别，可能是 GBK 编码）"),
                format!("the file is not UTF-8 (unreadable from byte {byte}; it may be GBK)"),
            ),
            YamlSyntax { info } => match syntax_words(info) {
                Some((zh_words, en_words)) => {
                    pick(zh, format!("YAML 格式错误：{zh_words}"), format!("YAML syntax error: {en_words}"))
                }
                None => pick(zh, format!("YAML 格式错误（{info}）"), format!("YAML syntax error: {info}")),
            },
            YamlMistake { mistake, .. } => mistake.message(lang),
            FrontMatterMissing => pick(
                zh,
                "文件开头缺少以 --- 包围的头部信息".into(),
                "the file does not start with front matter between --- lines".into(),
            ),
            FrontMatterUnclosed => {
                pick(zh, "头部信息没有以 --- 结束".into(), "the front matter is not closed by a --- line".into())
            }
            MissingFile { name } => pick(zh, format!("缺少文件 {name}"), format!("{name} is missing")),
            StrayFile { name, .. } => {
                pick(zh, format!("不认识的文件“{name}”，已忽略"), format!("unknown file `{name}`, ignored"))
            }
            NonAsciiFolder { name, .. } => pick(
                zh,
                format!("文件夹名“{name}”含有中文或其他字符，不能用作网址"),
                format!("folder name `{name}` has characters that cannot be used in a web address"),
            ),
            BadId { text, .. } => pick(
                zh,
                format!("标识“{text}”只能使用小写字母、数字和 -"),
                format!("id `{text}` may only use lowercase letters, digits and -"),
            ),
            UnknownKey { key, .. } => pick(zh, format!("不认识的键“{key}”"), format!("unknown key `{key}`")),
            MissingKey { key } => pick(zh, format!("缺少必填的键“{key}”"), format!("missing required key `{key}`")),
            DuplicateKey { key, first_line } => pick(
                zh,
                format!("键“{key}”重复（第 {first_line} 行已经写过）"),
                format!("key `{key}` appears twice (first on line {first_line})"),
            ),
            WrongType { expected } => {
                pick(zh, format!("这里应当是{}", expected.name(lang)), format!("expected {} here", expected.name(lang)))
            }
            Empty { key } => pick(zh, format!("“{key}”不能为空"), format!("`{key}` must not be empty")),
            BadDate { text } => pick(zh, format!("“{text}”不是有效的日期"), format!("`{text}` is not a real date")),
            BadChoice { text, allowed, .. } => pick(
                zh,
                format!("“{text}”不是可选的值（可选：{}）", allowed.join("、")),
                format!("`{text}` is not one of: {}", allowed.join(", ")),
            ),
            OutOfRange { text, min, max } => pick(
                zh,
                format!("“{text}”超出范围，应在 {min} 到 {max} 之间"),
                format!("`{text}` is out of range: expected {min} to {max}"),
            ),
            BadUrl { text } => pick(
                zh,
                format!("“{text}”不是以 http:// 或 https:// 开头的网址"),
                format!("`{text}` is not an http:// or https:// address"),
            ),
            BadPhone { text } => pick(zh, format!("“{text}”不是电话号码"), format!("`{text}` is not a phone number")),
            BadTimezone { text } => {
                pick(zh, format!("不支持的时区“{text}”"), format!("unsupported time zone `{text}`"))
            }
            BadPhrase { text, issue, .. } | BadTime { text, issue, .. } => match issue {
                PhraseIssue::Dekad => pick(
                    zh,
                    format!("“{text}”是十天，没有说是哪一天"),
                    format!("`{text}` names ten days, not the day of the session"),
                ),
                PhraseIssue::NoDay => {
                    pick(zh, format!("“{text}”没有说是哪一天"), format!("`{text}` does not say which day"))
                }
                PhraseIssue::MarketDay => pick(
                    zh,
                    format!("“{text}”没有说是哪几天（各地集日不同）"),
                    format!("`{text}` does not say which days (market days differ from place to place)"),
                ),
                PhraseIssue::EveryOtherMonth => pick(
                    zh,
                    format!("“{text}”没有说是单月还是双月"),
                    format!("`{text}` does not say whether odd or even months"),
                ),
                PhraseIssue::NoClock => {
                    pick(zh, format!("“{text}”没有说几点"), format!("`{text}` does not say at what time"))
                }
                PhraseIssue::StationOnly => pick(
                    zh,
                    format!("代表个人接待日“{text}”不能带节假日说明或隔周"),
                    format!("a deputy's own reception `{text}` cannot carry a holiday clause or every other week"),
                ),
                PhraseIssue::Unknown if matches!(self, BadTime { .. }) => {
                    pick(zh, format!("看不懂时间“{text}”"), format!("cannot read the time `{text}`"))
                }
                PhraseIssue::Unknown => pick(
                    zh,
                    format!("看不懂接待日期的写法“{text}”"),
                    format!("cannot read the schedule phrase `{text}`"),
                ),
            },
            IntervalNeedsStart { text } => pick(
                zh,
                format!("“{text}”要说明从哪一周（哪个月）开始算"),
                format!("`{text}` needs the week (or month) it starts from"),
            ),
            DateToCorrect { text, .. } => {
                pick(zh, format!("看不懂日期“{text}”"), format!("cannot read the date `{text}`"))
            }
            AmbiguousDeputyName { name, ids } => pick(
                zh,
                format!("本县（市、区）有 {} 位代表叫“{name}”", ids.len()),
                format!("{} deputies of this county are named `{name}`", ids.len()),
            ),
            HolidayClauseConflict { text, station } => pick(
                zh,
                format!("“{text}”与本站的 on_holiday: {station} 不一致"),
                format!("`{text}` contradicts the station's on_holiday: {station}"),
            ),
            BadRrule { text, reason } => pick(
                zh,
                format!("iCalendar 规则“{text}”无法使用：{reason}"),
                format!("iCalendar rule `{text}` cannot be used: {reason}"),
            ),
            EveryAndOn => pick(
                zh,
                "一条接待安排只能写 every、rrule 或 on 中的一个".into(),
                "a schedule entry takes only one of every, rrule and on".into(),
            ),
            NoWhen => pick(
                zh,
                "接待安排缺少日期：请写 every、rrule 或 on".into(),
                "the schedule entry has no date: write every, rrule or on".into(),
            ),
            ResolvedDateMissing => pick(
                zh,
                "状态为 resolved（已办结）的案例必须写办结日期 resolved".into(),
                "a case with status resolved needs a `resolved` date".into(),
            ),
            DateOrder { earlier, later } => {
                pick(zh, format!("“{later}”的日期早于“{earlier}”"), format!("`{later}` is before `{earlier}`"))
            }
            StepNeeds { step, key } => {
                pick(zh, format!("步骤“{step}”需要写“{key}”"), format!("step `{step}` needs `{key}`"))
            }
            UnknownGuest { county, id, .. } => pick(
                zh,
                format!("县（市、区）“{county}”没有标识或姓名为“{id}”的代表"),
                format!("no deputy of the county `{county}` has the id or name `{id}`"),
            ),
            UnknownCounty { county, .. } => pick(
                zh,
                format!("门户里没有标识为“{county}”的县（市、区）"),
                format!("the portal has no county with the id `{county}`"),
            ),
            StatusNeeds { status, key } => {
                pick(zh, format!("状态为“{status}”时需要写“{key}”"), format!("status `{status}` needs `{key}`"))
            }
            CityProjectDeputies => pick(
                zh,
                "全市的民生实事不写 deputies：代表属于各县（市、区）".into(),
                "a city-wide project names no deputies: deputies belong to the counties".into(),
            ),
            UnknownDeputy { id, .. } => pick(
                zh,
                format!("本县（市、区）没有标识为“{id}”的代表"),
                format!("no deputy of this county has the id `{id}`"),
            ),
            DuplicateDeputyId { id, other } => pick(
                zh,
                format!("代表标识“{id}”重复，与 {other} 的代表相同"),
                format!("deputy id `{id}` is also used at {other}"),
            ),
            DuplicateItem { text, first_line } => pick(
                zh,
                format!("“{text}”重复（第 {first_line} 行已有）"),
                format!("`{text}` is listed twice (first on line {first_line})"),
            ),
            MediaOutside { text } => pick(
                zh,
                format!("文件路径“{text}”指向内容文件夹之外"),
                format!("path `{text}` points outside the content folder"),
            ),
            MediaMissing { text } => pick(zh, format!("找不到文件“{text}”"), format!("file `{text}` does not exist")),
            YamlTooDeep { limit } => pick(
                zh,
                format!("列表和键值表嵌套超过了 {limit} 层"),
                format!("lists and mappings are nested more than {limit} deep"),
            ),
            YamlTooLarge { limit } => pick(
                zh,
                format!("内容太多：展开别名（*）后超过 {limit} 项"),
                format!("too much content: more than {limit} items once aliases (*) are expanded"),
            ),
            LinkOutside => pick(
                zh,
                "这是一个指向内容文件夹之外的链接，不会读取".into(),
                "this is a link to a place outside the content folder; it is not read".into(),
            ),
            NotAFile { kind } => pick(
                zh,
                format!("这不是普通文件（{kind}），不会读取"),
                format!("this is not a regular file ({kind}); it is not read"),
            ),
            TooLarge { size, limit } => pick(
                zh,
                format!("文件太大：{} MB，上限是 {} MB", size.div_ceil(1 << 20), limit >> 20),
                format!("the file is too large: {} MB, the limit is {} MB", size.div_ceil(1 << 20), limit >> 20),
            ),
            MediaHidden { text } => pick(
                zh,
                format!("“{text}”是隐藏文件或在隐藏文件夹里，不会发布"),
                format!("`{text}` is hidden or in a hidden folder; it is not published"),
            ),
            MediaKind { text } => pick(
                zh,
                format!("“{text}”不是可以发布的图片"),
                format!("`{text}` is not an image that can be published"),
            ),
            MediaMismatch { text, kind } => pick(
                zh,
                format!("“{text}”的内容不是 {kind} 图片"),
                format!("the bytes of `{text}` are not a {kind} image"),
            ),
            SvgUnsafe { text, what } => pick(
                zh,
                format!("SVG 图片“{text}”里有不允许的“{what}”"),
                format!("the SVG image `{text}` holds `{what}`, which is not allowed"),
            ),
            OutlineJson { message } => pick(
                zh,
                format!("县界文件不是有效的 JSON：{message}"),
                format!("the outline is not valid JSON: {message}"),
            ),
            OutlineShape { at, expected, found } => pick(
                zh,
                format!("县界文件的 {at} 应为 {expected}，实际是 {found}"),
                format!("at {at} the outline should hold {expected}, not {found}"),
            ),
            OutlineSystem { found, expected } => pick(
                zh,
                format!("县界文件的坐标系 {found} 不认识，可写 {}", expected.join("、")),
                format!("the outline's coordinate system {found} is unknown; write {}", expected.join(" or ")),
            ),
            ReservedId { text } => pick(
                zh,
                format!("“{text}”是保留的名称，不能用作文件夹名或标识"),
                format!("`{text}` is a reserved name and cannot be a folder name or id"),
            ),
            BadPeriod { text } => {
                pick(zh, format!("看不懂统计周期“{text}”"), format!("cannot read the period `{text}`"))
            }
            BadEmail { text } => {
                pick(zh, format!("“{text}”不是电子邮箱地址"), format!("`{text}` is not an email address"))
            }
            UnknownStation { id, .. } => pick(
                zh,
                format!("本县（市、区）没有标识为“{id}”的联络站"),
                format!("no station of this county has the id `{id}`"),
            ),
            OwnParent => pick(zh, "联络站不能隶属于自己".into(), "a station cannot belong to itself".into()),
            AdoptedExceedsSent { adopted, sent } => pick(
                zh,
                format!("采纳的意见 {adopted} 条多于提交的 {sent} 条"),
                format!("{adopted} opinions adopted is more than the {sent} sent"),
            ),
            LargeImage { text, size, width, height } => pick(
                zh,
                format!("图片“{text}”的原图很大：{:.1} MB，{width}×{height} 像素", *size as f64 / 1048576.0),
                format!(
                    "the original of `{text}` is very large: {:.1} MB, {width}×{height} pixels",
                    *size as f64 / 1048576.0
                ),
            ),
            ImageTooLarge { text, width, height } => pick(
                zh,
                format!("图片“{text}”有 {width}×{height} 像素，太大，无法缩小发布"),
                format!("the image `{text}` has {width}×{height} pixels, too many to resize and publish"),
            ),
            HtmlImage => pick(
                zh,
                "HTML 的 <img> 图片不会检查，也不会发布".into(),
                "an HTML <img> is neither checked nor published".into(),
            ),
            MarkdownImageRemote { text } => pick(
                zh,
                format!("图片“{text}”在别的网站上，页面不会从别处加载图片"),
                format!("the image `{text}` is on another site; pages load nothing from elsewhere"),
            ),
            ResolvedExceedsCollected { resolved, collected } => pick(
                zh,
                format!("办结数 {resolved} 大于收集问题数 {collected}"),
                format!("{resolved} resolved is more than the {collected} issues collected"),
            ),
            NoCounties => {
                pick(zh, "内容文件夹中没有任何县（市、区）".into(), "the content folder holds no county".into())
            }
            ExceptionMatchesNothing { date } => pick(
                zh,
                format!("{date} 这一天本来就没有接待，这条临时调整不起作用"),
                format!("no session falls on {date}, so this change does nothing"),
            ),
            CalendarUnknown { year, last: Some(last) } => pick(
                zh,
                format!("节假日安排只写到 {last} 年，{year} 年的接待日期没有考虑节假日和调休"),
                format!("the holidays files end with {last}: sessions in {year} ignore public holidays"),
            ),
            CalendarUnknown { year, last: None } => pick(
                zh,
                format!("没有节假日安排文件，{year} 年的接待日期没有考虑节假日和调休"),
                format!("there is no holidays file: sessions in {year} ignore public holidays"),
            ),
            BadLength { text } => pick(zh, format!("看不懂时长“{text}”"), format!("cannot read the length `{text}`")),
            SessionsOverlap { first, second, date } => pick(
                zh,
                format!("{}与{}时间重合（如 {date}），页面和日历中合为一次", first.words(zh), second.words(zh)),
                format!(
                    "{} and {} overlap (as on {date}); pages and calendars show them as one session",
                    first.words(zh),
                    second.words(zh)
                ),
            ),
            StationNoPhone { county_phone: true } => pick(
                zh,
                "联络站没有写电话：页面上只能显示县人大常委会的电话".into(),
                "the station has no phone: its pages can only show the county's".into(),
            ),
            StationNoPhone { county_phone: false } => pick(
                zh,
                "联络站没有写电话，县里也没有写联系电话：群众无法打电话联系".into(),
                "the station has no phone, nor has the county: citizens cannot call anyone".into(),
            ),
            StationNoSchedule => pick(
                zh,
                "联络站一年内没有任何接待安排：页面上显示“暂无接待安排”".into(),
                "the station has no session in the coming year: its page says there is none".into(),
            ),
            StationNoDeputies => pick(
                zh,
                "联络站没有驻站代表：群众在这里找不到代表".into(),
                "the station has no deputies: citizens find no one here".into(),
            ),
            BoardTooFull { deputies } => pick(
                zh,
                format!("公示牌一张A4纸印不下（{deputies} 名代表，连同接待安排和制度）"),
                format!("the wall board does not fit one A4 page ({deputies} deputies, with the schedule and rules)"),
            ),
            DeputyNoSession { name } => pick(
                zh,
                format!("{name}一年内没有参加任何接待：代表页面上没有接待日期"),
                format!("{name} attends no session in the coming year: their page shows no reception day"),
            ),
            PostUnknownStation { id, .. } => {
                pick(zh, format!("本县（市、区）没有“{id}”这个联络站"), format!("no station of this county is `{id}`"))
            }
            CityPostStation { key } => pick(
                zh,
                format!("全市的文章（content/posts/）不能写“{key}”"),
                format!("a city post (content/posts/) cannot have `{key}`"),
            ),
            NoticeStation { count: 0 } => pick(
                zh,
                "公告预告的接待（session:）没有写是哪个联络站".into(),
                "the session this notice announces (session:) has no station".into(),
            ),
            NoticeStation { count } => pick(
                zh,
                format!("公告预告的接待（session:）只能在一个联络站，这里写了 {count} 个"),
                format!("the session a notice announces (session:) is at one station; {count} are named"),
            ),
            SessionNotNotice { kind } => pick(
                zh,
                format!("只有公告才能预告接待（session:），这篇是“{kind}”"),
                format!("only a notice announces a session (session:); this post is `{kind}`"),
            ),
            NoticeSessionOnce => pick(
                zh,
                "公告预告的是某一天的一次接待，不能写 every 或 rrule".into(),
                "a notice announces one session on one day: every and rrule are not allowed here".into(),
            ),
            DuplicatePost { id, other } => pick(
                zh,
                format!("文章标识“{id}”重复，{other} 已有同名文件"),
                format!("post id `{id}` is also used by {other}"),
            ),
            AnnouncedNoSession { date } => pick(
                zh,
                format!("公告预告 {date} 的接待，但这个联络站那天没有接待安排，页面上不会显示这次接待"),
                format!("the notice announces a session on {date}, but the station has none that day; none is shown"),
            ),
        }
    }

    /// What to do about it, when there is something useful to say.
    pub fn hint(&self, lang: Lang) -> Option<String> {
        use Problem::*;
        let zh = lang == Lang::ZhCn;
        let did_you_mean = |s: &Option<String>| {
            s.as_ref().map(|s| pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?")))
        };
        Some(match self {
            YamlSyntax { .. } => pick(
                zh,
                "常见原因：冒号后少了空格、用了中文标点（：，“”）、缩进没有对齐、引号没有配对".into(),
                "common causes: no space after a colon, Chinese punctuation (：，“”), misaligned indentation, an unclosed quote".into(),
            ),
            YamlMistake { mistake, .. } => return mistake.hint(lang),
            NotUtf8 { .. } => pick(
                zh,
                "请用记事本或 WPS“另存为”，编码选择 UTF-8".into(),
                "open it in an editor and save it again as UTF-8".into(),
            ),
            FrontMatterMissing => pick(
                zh,
                "第一行写 ---，然后写 title: 等信息，再写一行 ---，下面是正文".into(),
                "write --- on the first line, then title: and the other keys, then --- and the text".into(),
            ),
            FrontMatterUnclosed => {
                pick(zh, "在头部信息之后另起一行写 ---".into(), "add a line with --- after the front matter".into())
            }
            StrayFile { suggestion, .. } => return did_you_mean(suggestion),
            NonAsciiFolder { suggestion, .. } => pick(
                zh,
                format!("请把文件夹改名为拼音，例如“{suggestion}”；中文名称写在 name: 里"),
                format!("rename the folder in pinyin, e.g. `{suggestion}`; keep the Chinese name in `name:`"),
            ),
            BadId { suggestion: Some(s), .. } => pick(zh, format!("例如“{s}”"), format!("for example `{s}`")),
            UnknownKey { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            UnknownKey { allowed, .. } => pick(
                zh,
                format!("可以使用的键：{}", allowed.join("、")),
                format!("the keys that can be used here: {}", allowed.join(", ")),
            ),
            DuplicateKey { .. } => pick(zh, "删掉其中一个".into(), "remove one of them".into()),
            BadDate { .. } => pick(
                zh,
                "日期写作 2026-06-30（也可以写 2026年6月30日、2026/6/30），并且要是日历上真实存在的日子".into(),
                "write dates as 2026-06-30 (2026/6/30 also works), and use a day that exists".into(),
            ),
            BadChoice { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            BadPhone { .. } => pick(
                zh,
                "电话写作 0358-1234567，可加分机号：0358-1234567转123".into(),
                "write phone numbers as 0358-1234567, optionally with an extension: 0358-1234567 ext 123".into(),
            ),
            BadTimezone { .. } => pick(
                zh,
                "可用：Asia/Shanghai、Asia/Urumqi、Asia/Hong_Kong、Asia/Macau、Asia/Taipei、UTC".into(),
                "supported: Asia/Shanghai, Asia/Urumqi, Asia/Hong_Kong, Asia/Macau, Asia/Taipei, UTC".into(),
            ),
            BadPhrase { issue: PhraseIssue::StationOnly, suggestions, .. } => {
                let first = suggestions.first()?;
                pick(
                    zh,
                    format!("节假日怎么办写在 station.yaml 的 on_holiday:；这里写成例如 reception: {first}"),
                    format!("say what holidays do in station.yaml's on_holiday:; here write e.g. reception: {first}"),
                )
            }
            BadPhrase { suggestions, .. } | BadTime { suggestions, .. } => {
                let key = match self {
                    BadPhrase { key, .. } => key,
                    _ => "time",
                };
                let first = suggestions.first()?;
                let (zh_list, en_list) = match suggestions.as_slice() {
                    [one] => (format!("“{one}”"), format!("`{one}`")),
                    [one, two, ..] => (format!("“{one}”或“{two}”"), format!("`{one}` or `{two}`")),
                    [] => return None,
                };
                pick(
                    zh,
                    format!("可以写成{zh_list}，例如 {key}: {first}（全部写法见 docs/CONTENT.md）"),
                    format!("write {en_list}, e.g. {key}: {first} (docs/CONTENT.md lists every form)"),
                )
            }
            IntervalNeedsStart { .. } => pick(
                zh,
                "在这条安排里加一行 starts: 写第一次接待的日期，例如 starts: 2026-12-02".into(),
                "add `starts:` with the date of the first session to this entry, e.g. starts: 2026-12-02".into(),
            ),
            DateToCorrect { corrected, .. } => pick(zh, format!("写成 {corrected}"), format!("write {corrected}")),
            AmbiguousDeputyName { ids, .. } => pick(
                zh,
                format!("请写代表的标识：{}", ids.join(" 或 ")),
                format!("write the deputy's id: {}", ids.join(" or ")),
            ),
            HolidayClauseConflict { .. } => pick(
                zh,
                "删掉括号里的说明，或者改 station.yaml 的 on_holiday:（它对本站所有接待都有效）".into(),
                "remove the clause, or change the station's on_holiday: (it applies to every session)".into(),
            ),
            BadRrule { .. } => pick(
                zh,
                "例如 FREQ=MONTHLY;BYMONTHDAY=5 或 FREQ=WEEKLY;BYDAY=TU".into(),
                "for example FREQ=MONTHLY;BYMONTHDAY=5 or FREQ=WEEKLY;BYDAY=TU".into(),
            ),
            UnknownGuest { suggestion: Some(s), .. } | UnknownCounty { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            UnknownGuest { suggestion: None, .. } | UnknownCounty { suggestion: None, .. } => pick(
                zh,
                "其他县的代表写作“县的文件夹名/代表标识”，如 lishi/wanghairong".into(),
                "a deputy of another county is written `<county folder>/<deputy id>`, e.g. lishi/wanghairong".into(),
            ),
            UnknownDeputy { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            UnknownDeputy { suggestion: None, .. } => pick(
                zh,
                "代表标识写在 deputies.yaml 的 id: 中；没写时是姓名的拼音（不带声调）".into(),
                "a deputy's id is the `id:` in deputies.yaml, or the toneless pinyin of the name".into(),
            ),
            DuplicateDeputyId { .. } => pick(
                zh,
                "重名的代表请各写一个不同的 id:，例如 wangfang2".into(),
                "give each of them an explicit, different `id:`, e.g. wangfang2".into(),
            ),
            MediaOutside { .. } => pick(
                zh,
                "图片放在联络站文件夹的 media/ 里，写作 media/文件名".into(),
                "keep images in the station's media/ folder and write media/<file>".into(),
            ),
            MediaMissing { .. } => pick(
                zh,
                "路径从联络站文件夹算起，例如 media/wechat-qr.png".into(),
                "paths start at the station's folder, e.g. media/wechat-qr.png".into(),
            ),
            BadPeriod { .. } => pick(
                zh,
                "周期写作 2024、2024-H1（2024年上半年）、2024-Q3（2024年第三季度）、2024-05（2024年5月）或 2023年以来"
                    .into(),
                "write periods as 2024, 2024-H1, 2024-Q3, 2024-05 or since 2023".into(),
            ),
            ResolvedDateMissing => {
                pick(zh, "加一行，例如 resolved: 2018-09-30".into(), "add a line such as resolved: 2018-09-30".into())
            }
            StatusNeeds { .. } => pick(
                zh,
                "加上答复，例如 reply: { date: 2021-06-30, unit: 答复单位, text: 答复要点 }".into(),
                "add the reply, e.g. reply: { date: 2021-06-30, unit: the unit, text: what it said }".into(),
            ),
            CityProjectDeputies => pick(
                zh,
                "把代表写在所在县（市、区）的 projects/ 里，或删去 deputies".into(),
                "write it in the county's projects/ folder, or drop `deputies`".into(),
            ),
            MissingFile { name } => {
                pick(zh, format!("请新建 {name}，格式见 CONTENT.md"), format!("create {name}; CONTENT.md describes it"))
            }
            ExceptionMatchesNothing { .. } => pick(
                zh,
                "日期要写接待实际所在的那一天：遇节假日顺延的，写顺延之后的日期".into(),
                "write the day the session really falls on, after a holiday has moved it".into(),
            ),
            CalendarUnknown { year, .. } => pick(
                zh,
                format!("请添加 holidays/{year}.yaml，写明当年的法定节假日（off）和调休上班日（workdays）"),
                format!("add holidays/{year}.yaml with that year's days off (off) and make-up workdays (workdays)"),
            ),
            BadLength { .. } => pick(
                zh,
                "时长写分钟数（120），或写作 2小时、90分钟、1.5h".into(),
                "write a number of minutes (120), or 2h, 90 min, 1.5 hours".into(),
            ),
            SessionsOverlap { .. } => pick(
                zh,
                "如果是同一次接待，删掉其中一条；不是同一次的话，把时间错开".into(),
                "if they are the same session, remove one of them; otherwise give them different hours".into(),
            ),
            StationNoPhone { .. } => pick(
                zh,
                "在 station.yaml 的 contact: 下写 phone: \"0358-1234567\"".into(),
                "add phone: \"0358-1234567\" under contact: in station.yaml".into(),
            ),
            StationNoSchedule => pick(
                zh,
                "在 station.yaml 里写 schedule:（例如 every: 每月5日 和 time: \"09:00-12:00\"）".into(),
                "add a schedule: to station.yaml (for example every: 5th and time: \"09:00-12:00\")".into(),
            ),
            StationNoDeputies => pick(
                zh,
                "在 deputies.yaml 里列出驻站代表".into(),
                "list the station's deputies in deputies.yaml".into(),
            ),
            BoardTooFull { .. } => pick(
                zh,
                "打印A3公示牌（公示牌页面上的“打印A3公示牌”，网址 board/#a3）；或在 roster: 里把代表全部编入值班组，大站的公示牌按组列出代表".into(),
                "print the A3 board (\"Print the A3 wall board\" on the board page, board/#a3); or put every deputy in a roster team: a large station's board then lists them by team".into(),
            ),
            DeputyNoSession { .. } => pick(
                zh,
                "在接待安排的 who: 里加上这位代表，或给代表写 reception:".into(),
                "add the deputy to a session's who:, or give the deputy a reception:".into(),
            ),
            NoCounties => pick(
                zh,
                "每个县（市、区）一个文件夹，里面放 county.yaml".into(),
                "make one folder per county, with a county.yaml in it".into(),
            ),
            YamlTooDeep { .. } | YamlTooLarge { .. } => pick(
                zh,
                "联络站的文件用不到这么多层或这么多项：请检查这个文件是不是放错了".into(),
                "no content file needs this much: check that this is the right file".into(),
            ),
            LinkOutside | NotAFile { .. } => {
                pick(zh, "请把文件本身复制到内容文件夹里".into(), "copy the file itself into the content folder".into())
            }
            TooLarge { .. } => pick(
                zh,
                "联络站的文字文件通常只有几 KB；照片请先缩小再放进 media/".into(),
                "content text files are a few KB; shrink photos before putting them in media/".into(),
            ),
            MediaHidden { .. } => pick(
                zh,
                "把图片放在 media/ 里，文件名不要以“.”开头".into(),
                "keep images in media/, with names that do not start with `.`".into(),
            ),
            MediaKind { .. } => pick(
                zh,
                "图片请用 .jpg、.png、.gif、.webp 或 .svg 格式".into(),
                "use a .jpg, .png, .gif, .webp or .svg image".into(),
            ),
            MediaMismatch { .. } => pick(
                zh,
                "用看图软件把它重新另存为 .jpg 或 .png".into(),
                "save it again as .jpg or .png with an image program".into(),
            ),
            SvgUnsafe { .. } => pick(
                zh,
                "SVG 只能有图形（不能有脚本、事件、外部链接或外部资源）；也可以导出为 PNG".into(),
                "an SVG may hold drawing only (no scripts, events, external links or resources); or export it as PNG"
                    .into(),
            ),
            OutlineJson { .. } | OutlineShape { .. } => pick(
                zh,
                "outline.geojson 须是 GeoJSON 的 Polygon 或 MultiPolygon（可放在 Feature 或 FeatureCollection 里），坐标写作 [经度, 纬度]，每个环首尾相同；可从 DataV.GeoAtlas 或 OpenStreetMap 下载县界".into(),
                "outline.geojson must be a GeoJSON Polygon or MultiPolygon (bare, in a Feature or a FeatureCollection), positions [longitude, latitude], each ring ending where it begins; DataV.GeoAtlas and OpenStreetMap offer county boundaries".into(),
            ),
            OutlineSystem { .. } => pick(
                zh,
                "\"coord_system\": \"gcj02\"（高德、DataV.GeoAtlas 的数据）或 \"wgs84\"（GPS、OpenStreetMap 的数据，不写时默认）".into(),
                "\"coord_system\": \"gcj02\" (高德, DataV.GeoAtlas) or \"wgs84\" (GPS, OpenStreetMap; the default)".into(),
            ),
            ReservedId { text } => {
                pick(zh, format!("例如“{text}-1”或换一个名字"), format!("for example `{text}-1`, or another name"))
            }
            BadEmail { .. } => pick(
                zh,
                "写作 name@example.gov.cn，一个 @，后面是带点的域名".into(),
                "write name@example.gov.cn: one @, then a dotted domain".into(),
            ),
            BadUrl { .. } => pick(
                zh,
                "写完整的网址，例如 https://example.gov.cn/liuyan（不能有空格或引号）".into(),
                "write the whole address, e.g. https://example.gov.cn/message (no spaces or quotes)".into(),
            ),
            UnknownStation { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            UnknownStation { suggestion: None, .. } => pick(
                zh,
                "写本县（市、区）stations/ 下某个联络站的文件夹名".into(),
                "write the folder name of a station of this county (under stations/)".into(),
            ),
            OwnParent => pick(
                zh,
                "parent: 写本县（市、区）另一个联络站的文件夹名".into(),
                "write in parent: the folder name of another station of this county".into(),
            ),
            AdoptedExceedsSent { .. } => pick(
                zh,
                "sent 写提交的意见条数，adopted 写其中被采纳的条数".into(),
                "sent is how many opinions were sent, adopted how many of them were adopted".into(),
            ),
            LargeImage { .. } => pick(
                zh,
                "网站上的照片会自动缩小到 800 和 1600 像素宽；原图过大只会让内容文件夹变大、构建变慢：可先缩小到 4000 像素、5 MB 以内".into(),
                "the site publishes it resized to 800 and 1600 pixels wide; so large an original only makes the content folder bigger and builds slower: shrink it below 4000 pixels and 5 MB".into(),
            ),
            ImageTooLarge { .. } => pick(
                zh,
                "先把照片缩小到 4000 像素宽以内再放进 media/".into(),
                "shrink the photo below 4000 pixels wide before putting it in media/".into(),
            ),
            MarkdownImageRemote { .. } | HtmlImage => pick(
                zh,
                "把图片保存到 media/ 里，写作 ![说明](media/文件名.jpg)".into(),
                "save the image in media/ and write ![caption](media/file.jpg)".into(),
            ),
            PostUnknownStation { suggestion: Some(s), .. } => {
                pick(zh, format!("是不是想写“{s}”？"), format!("did you mean `{s}`?"))
            }
            PostUnknownStation { suggestion: None, .. } => pick(
                zh,
                "写本县（市、区）联络站的文件夹名（如 yuanjiazhuang）或名称".into(),
                "write the folder name (such as yuanjiazhuang) or the name of a station of this county".into(),
            ),
            CityPostStation { .. } => pick(
                zh,
                "关于某个联络站的文章放到所在县（市、区）的 posts/ 文件夹里".into(),
                "put a post about a station in its county's posts/ folder".into(),
            ),
            NoticeStation { .. } => pick(
                zh,
                "写 station: 和一个联络站的文件夹名，或把公告放到该站的 posts/ 文件夹里".into(),
                "write station: and one station's folder name, or put the notice in that station's posts/ folder"
                    .into(),
            ),
            SessionNotNotice { .. } => pick(zh, "写 kind: 公告".into(), "write kind: notice".into()),
            NoticeSessionOnce => pick(
                zh,
                "写 on: 2026-06-30 和 time: 19:30（或 session: 2026-06-30，指向已有的接待）".into(),
                "write on: 2026-06-30 and time: 19:30 (or session: 2026-06-30 for a session the station already has)"
                    .into(),
            ),
            DuplicatePost { .. } => pick(
                zh,
                "同一处的文章文件名不能相同：把其中一个改名".into(),
                "posts of one place need different file names: rename one of them".into(),
            ),
            AnnouncedNoSession { .. } => pick(
                zh,
                "核对日期；要新增这次接待，把 session: 写成 { on: 日期, time: 19:30 }".into(),
                "check the date; to add the session, write session: { on: date, time: 19:30 }".into(),
            ),
            _ => return None,
        })
    }
}

impl Problem {
    /// The line as it should be written, for a mistake whose fix is known.
    pub fn fixed_line(&self) -> Option<&str> {
        match self {
            Problem::YamlMistake { fixed, .. } => Some(fixed),
            _ => None,
        }
    }

    /// Whether the file could not be read as YAML at all (nothing of it was decoded).
    pub fn is_unreadable(&self) -> bool {
        matches!(
            self,
            Problem::YamlSyntax { .. }
                | Problem::YamlTooDeep { .. }
                | Problem::YamlTooLarge { .. }
                | Problem::Io { .. }
                | Problem::NotUtf8 { .. }
                | Problem::TooLarge { .. }
                | Problem::LinkOutside
                | Problem::NotAFile { .. }
                | Problem::FrontMatterMissing
                | Problem::FrontMatterUnclosed
        )
    }
}

impl YamlMistake {
    fn message(self, lang: Lang) -> String {
        use YamlMistake::*;
        let zh = lang == Lang::ZhCn;
        match self {
            Tab => pick(
                zh,
                "用了 Tab 键缩进：YAML 只能用空格缩进".into(),
                "indented with a tab: YAML indents with spaces only".into(),
            ),
            FullWidthSpace => pick(
                zh,
                "用了全角空格“\u{3000}”（中文输入法下的空格）：YAML 只认半角空格".into(),
                "a full-width space (U+3000, from a Chinese input method): YAML only takes ASCII spaces".into(),
            ),
            FullWidthColon => pick(
                zh,
                "键后面用了中文冒号“：”：要用英文冒号“:”，后面再空一格".into(),
                "a full-width colon `：` after the key: YAML needs an ASCII colon `:` and a space".into(),
            ),
            NoSpaceAfterColon => pick(zh, "冒号“:”后面少了一个空格".into(), "no space after the colon `:`".into()),
            NoSpaceAfterDash => {
                pick(zh, "列表的短横“-”后面少了一个空格".into(), "no space after the list dash `-`".into())
            }
            CurlyQuotes => pick(
                zh,
                "用了中文引号（“ ” 或 ‘ ’）：YAML 的引号要用英文的 \"\"".into(),
                "curly quotes (“ ” or ‘ ’) used as quotes: YAML quotes are ASCII \"\"".into(),
            ),
            FullWidthComma => pick(
                zh,
                "方括号 [ ] 列表里用了中文逗号“，”或顿号“、”：各项之间要用英文逗号“,”".into(),
                "a full-width comma `，` or `、` in a [ ] list: items are separated by ASCII commas `,`".into(),
            ),
            UnclosedQuote => pick(
                zh,
                "引号没有配对：这一行开头的引号没有结束".into(),
                "unclosed quote: the quote that opens this value is never closed".into(),
            ),
            Indicator { c } => pick(
                zh,
                format!("值以“{c}”开头：YAML 把“{c}”当作特殊符号，这样的值要加英文引号"),
                format!("the value starts with `{c}`, which YAML keeps for itself: quote the value"),
            ),
            ColonInValue => pick(
                zh,
                "值里有“冒号加空格”，YAML 会把它当成又一个键：整个值要加英文引号".into(),
                "the value holds `: ` (a colon and a space), which YAML reads as another key: quote the value".into(),
            ),
            Indentation { found, expected } => pick(
                zh,
                format!("缩进没有对齐：这一行空了 {found} 格，应和上面同一层的行一样空 {expected} 格"),
                format!(
                    "misaligned indentation: this line is indented {found} spaces, its level above is at {expected}"
                ),
            ),
            MissingColon => pick(zh, "键后面缺少冒号“:”".into(), "the key has no colon `:` after it".into()),
            UnclosedBracket => pick(
                zh,
                "括号没有配对：前面的 [ 或 { 没有结束".into(),
                "unclosed bracket: a [ or { is never closed".into(),
            ),
        }
    }

    fn hint(self, lang: Lang) -> Option<String> {
        use YamlMistake::*;
        let zh = lang == Lang::ZhCn;
        Some(match self {
            Tab => pick(
                zh,
                "Tab 在编辑器里看起来像几个空格，YAML 却不认；每一层缩进两个空格".into(),
                "a tab looks like spaces in an editor but YAML refuses it; indent two spaces a level".into(),
            ),
            FullWidthSpace | FullWidthColon | FullWidthComma | CurlyQuotes => pick(
                zh,
                "写 YAML 的符号时请切换到英文输入法（或按 Shift 切换）；值里的中文标点不受影响".into(),
                "type YAML's marks with an English input method; Chinese punctuation inside values is fine".into(),
            ),
            Indentation { .. } => pick(
                zh,
                "同一层的键要上下对齐，下一层比上一层多空两格".into(),
                "keys of one level line up; a level below is two spaces further in".into(),
            ),
            _ => return None,
        })
    }
}

/// The parser's words for the errors no [`YamlMistake`] explains, in each language.
fn syntax_words(info: &str) -> Option<(&'static str, &'static str)> {
    const WORDS: &[(&str, &str, &str)] = &[
        (
            "only one YAML document",
            "一个文件里只能有一份内容（不要再写 ---）",
            "only one YAML document is allowed in a file (no second ---)",
        ),
        ("unknown anchor", "“*”后面的名字没有在前面用“&”定义过", "`*` names an anchor that no `&` defines above"),
        (
            "unexpected end",
            "文件在中途结束了（括号或引号没有配对？）",
            "the file ends in the middle (an unclosed bracket or quote?)",
        ),
        (
            "did not find expected key",
            "这里应当是“键: 值”，但缩进或符号不对",
            "expected a `key: value` line here; the indentation or a mark is wrong",
        ),
        (
            "mapping values are not allowed",
            "这一行的冒号位置不对（值里的“: ”要加引号）",
            "a colon is out of place on this line (quote a value holding `: `)",
        ),
        ("tab", "用了 Tab 键：YAML 只能用空格", "a tab: YAML only takes spaces"),
        ("flow sequence", "方括号 [ ] 列表没有写完整", "a [ ] list is not complete"),
        ("flow mapping", "花括号 { } 没有写完整", "a { } mapping is not complete"),
        ("expected '-' indicator", "列表项要以“- ”开头，并且上下对齐", "list items start with `- ` and line up"),
    ];
    WORDS.iter().find(|(key, _, _)| info.contains(key)).map(|(_, zh, en)| (*zh, *en))
}

fn pick(zh: bool, zh_text: String, en_text: String) -> String {
    if zh {
        zh_text
    } else {
        en_text
    }
}
