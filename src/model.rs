//! The content as plain data: what `load` builds and everything after it reads.
//!
//! No IO and no rendering here. Ids are checked strings (`[a-z0-9-]`), dates are real
//! dates, and references between files (deputy ids in cases, rosters, `who`, `host`)
//! have been resolved by `load`, so later steps may rely on them.

use crate::diag::Pos;
use crate::lang::Lang;
use chrono::{NaiveDate, NaiveTime, Weekday};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
    pub width: usize,
}

#[derive(Debug)]
pub struct Site {
    pub portal: Portal,
    pub holidays: Holidays,
    pub counties: Vec<County>,
    /// **Extension (issue 17).** The city's own ledger (`content/stats.yaml`): what only
    /// the city counts (leaders' visits, its deputies' totals), added to the roll-up.
    pub stats: Vec<StatRow>,
    /// **Extension (issue 17).** The city's 民生实事 projects (`content/projects/*.md`).
    pub projects: Vec<Project>,
    /// **Extension (issue 17).** The city's own posts (`content/posts/`).
    pub posts: Vec<Post>,
}

#[derive(Clone, Debug)]
pub struct Portal {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: Lang,
    pub timezone: TimeZone,
    /// A theme folder whose files replace the default theme's, one file at a time.
    pub theme: Option<PathBuf>,
    /// How long a session written without an end lasts, in minutes (`session_length`).
    pub session_length: Option<u32>,
    /// The hours of 上午, 下午 and 全天 in schedules (`half_days:`).
    pub half_days: HalfDays,
}

impl Portal {
    /// A portal with every default (zh-CN, Asia/Shanghai, the default half-day hours): for
    /// tools that run without a content folder.
    pub fn blank() -> Portal {
        Portal {
            title: String::new(),
            base_url: "/".into(),
            language: Lang::default(),
            timezone: TimeZone::shanghai(),
            theme: None,
            half_days: HalfDays::default(),
            session_length: None,
        }
    }
}

/// How long a session without a written end lasts when neither the station nor the portal
/// says: two hours.
pub const DEFAULT_SESSION_MINUTES: u32 = 120;

/// A fixed-offset time zone: the zones people use in China keep no daylight saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeZone {
    pub name: String,
    pub offset_minutes: i32,
}

impl TimeZone {
    pub fn shanghai() -> TimeZone {
        TimeZone { name: "Asia/Shanghai".into(), offset_minutes: 8 * 60 }
    }

    /// `+08:00`, as written in `datetime` attributes.
    pub fn offset_text(&self) -> String {
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let minutes = self.offset_minutes.abs();
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// The official calendar: days off and make-up workdays, and which years it covers.
#[derive(Clone, Debug, Default)]
pub struct Holidays {
    pub off: BTreeSet<NaiveDate>,
    pub workdays: BTreeSet<NaiveDate>,
    pub years: BTreeSet<i32>,
}

#[derive(Clone, Debug, Default)]
pub struct Contact {
    /// The first number of `phones` (what a `tel:` link dials).
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Every number written, each with its label (`办公室`).
    pub phones: Vec<Phone>,
}

/// A phone number as written (normalised to ASCII), and its label if one was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub number: String,
    pub label: Option<String>,
}

/// **Extension (issue 16).** The ways to reach a station or a county besides coming in and
/// calling its `phone`: what `contact:` holds beyond `phone` and `address`.
#[derive(Clone, Debug, Default)]
pub struct Channels {
    /// 代表热线: a line the deputies answer.
    pub hotline: Vec<Phone>,
    /// WeChat groups (网格微信群, 村级微信群, 代表联络群), each with its name and join image.
    pub wechat_groups: Vec<WechatGroup>,
    /// 公众号: the official account's name, and its QR image.
    pub official_account: Option<WechatGroup>,
    pub email: Option<String>,
    /// Where the 意见箱 (suggestion box) hangs.
    pub mailbox: Option<String>,
    /// An external 留言/预约 page run elsewhere (a link, never a form of ours).
    pub online: Option<OnlineLink>,
    /// The government service line (12345).
    pub service_hotline: Vec<Phone>,
}

impl Channels {
    pub fn is_empty(&self) -> bool {
        self.hotline.is_empty()
            && self.wechat_groups.is_empty()
            && self.official_account.is_none()
            && self.email.is_none()
            && self.mailbox.is_none()
            && self.online.is_none()
            && self.service_hotline.is_empty()
    }

    /// The images the channels show.
    pub fn media(&self) -> impl Iterator<Item = &MediaRef> + '_ {
        self.wechat_groups.iter().chain(&self.official_account).filter_map(|g| g.image.as_ref())
    }
}

/// A WeChat group or official account: its name and the image to scan.
#[derive(Clone, Debug)]
pub struct WechatGroup {
    pub name: String,
    pub image: Option<MediaRef>,
}

/// An address on another site where citizens leave a message or book a visit.
#[derive(Clone, Debug)]
pub struct OnlineLink {
    /// `http://` or `https://`, checked.
    pub url: String,
    pub label: Option<String>,
}

#[derive(Debug)]
pub struct County {
    pub id: String,
    pub name: String,
    pub city: Option<String>,
    pub intro: Option<String>,
    pub contact: Contact,
    /// **Extension (issue 16).** The county's channels (12345, its 公众号 …).
    pub channels: Channels,
    /// **Extension (issue 16).** The images `intro` shows.
    pub intro_images: Vec<InlineImage>,
    /// **Extension (issue 16).** Its boundary (`outline.geojson`), drawn under the map's points.
    pub outline: Option<Outline>,
    /// County-wide rules, shown at every station unless a station overrides them.
    pub rules: Vec<Rule>,
    pub stations: Vec<Station>,
    /// **Extension (issue 17).** Deputies' proposals and motions (`proposals/*.md`).
    pub proposals: Vec<Proposal>,
    /// **Extension (issue 17).** Deputies' reports to voters (`voter-reports/*.md`).
    pub voter_reports: Vec<VoterReport>,
    /// **Extension (issue 17).** The county's 民生实事 projects (`projects/*.md`).
    pub projects: Vec<Project>,
    /// **Extension (issue 17).** The county's own ledger (`stats.yaml`): what only it counts.
    pub stats: Vec<StatRow>,
    /// **Extension (issue 17).** The county's own posts (`<county>/posts/`).
    pub posts: Vec<Post>,
}

/// What a station is, in the order the county home lists them within a township.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StationKind {
    /// 联络站
    Station,
    /// **Extension (issue 16).** 代表之家
    Home,
    /// **Extension (issue 16).** 专业联络站 (its `field`: 铝镁, 金融, 法律 …)
    Specialist,
    /// **Extension (issue 16).** 代表工作室
    Studio,
    /// 联络点
    Point,
}

impl StationKind {
    /// The word of the content format and of open data.
    pub fn word(self) -> &'static str {
        match self {
            StationKind::Station => "station",
            StationKind::Home => "home",
            StationKind::Specialist => "specialist",
            StationKind::Studio => "studio",
            StationKind::Point => "point",
        }
    }
}

/// **Extension (issue 16).** A draft law or regulation on which a legislative contact point
/// (基层立法联系点) collects opinions.
#[derive(Clone, Debug)]
pub struct Consultation {
    pub draft: String,
    pub deadline: Option<NaiveDate>,
    /// How to send an opinion.
    pub how: Option<String>,
    /// Opinions sent on to the legislature, and how many were adopted.
    pub sent: Option<u64>,
    pub adopted: Option<u64>,
}

/// **Extension (issue 16).** Someone who runs the station (not a deputy).
#[derive(Clone, Debug)]
pub struct StaffMember {
    pub name: String,
    pub role: StaffRole,
    /// Office phones only.
    pub phones: Vec<Phone>,
}

/// A staff member's post, in the order the station lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StaffRole {
    /// 站长
    Head,
    /// 副站长
    DeputyHead,
    /// 主任 (of a point)
    Director,
    /// 联络员
    Liaison,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnHoliday {
    #[default]
    Keep,
    Skip,
    NextWorkday,
    PreviousWorkday,
}

#[derive(Debug)]
pub struct Station {
    pub id: String,
    pub name: String,
    pub kind: StationKind,
    pub township: Option<String>,
    pub address: Option<String>,
    pub location: Option<(f64, f64)>,
    pub serves: Vec<String>,
    /// The first number of `phones` (what a `tel:` link dials).
    pub phone: Option<String>,
    /// Every number written, each with its label.
    pub phones: Vec<Phone>,
    /// The "scan to join" image of the station's WeChat group.
    pub wechat_group: Option<MediaRef>,
    /// **Extension (issue 16).** Hotline, WeChat groups, 公众号, email, 意见箱, online link.
    pub channels: Channels,
    /// **Extension (issue 16).** 站长, 副站长, 联络员, in that order.
    pub staff: Vec<StaffMember>,
    /// **Extension (issue 16).** A specialist station's field (铝镁, 金融, 法律).
    pub field: Option<String>,
    /// **Extension (issue 16).** The station of this county a point belongs to (its id).
    pub parent: Option<String>,
    /// **Extension (issue 16).** A legislative contact point (基层立法联系点), and the drafts
    /// it collects opinions on.
    pub legislative: bool,
    pub consultations: Vec<Consultation>,
    pub stars: Option<u8>,
    pub established: Option<NaiveDate>,
    pub intro: Option<String>,
    /// **Extension (issue 16).** The images `intro` shows.
    pub intro_images: Vec<InlineImage>,
    pub on_holiday: OnHoliday,
    pub schedule: Vec<ScheduleEntry>,
    pub exceptions: Vec<Exception>,
    pub roster: Option<Roster>,
    /// How long its sessions written without an end last, in minutes; else the portal's.
    pub session_length: Option<u32>,
    pub deputies: Vec<Deputy>,
    /// **Extension (issue 16).** Deputies of other counties its `who:` lists name.
    pub guests: Vec<Guest>,
    pub rules: Vec<Rule>,
    pub cases: Vec<Case>,
    pub stats: Vec<StatRow>,
    /// **Extension (issue 17).** The station's own posts (`stations/<s>/posts/`).
    pub posts: Vec<Post>,
    /// **Extension (issue 17).** The notices that announce a session of this station.
    pub notices: Vec<Announcement>,
}

/// **Extension (issue 16).** A deputy of another county of the portal who attends sessions
/// of a station: written `<county>/<id>` in `who:`, the `key` of its sessions' attendees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guest {
    pub key: String,
    pub county: String,
    pub id: String,
    pub name: String,
}

/// **Extension (issue 16).** A county's boundary from `outline.geojson`: its polygons' rings
/// (outer rings and holes alike), each a closed list of (lat, lon) in GCJ-02.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outline {
    pub rings: Vec<Vec<(f64, f64)>>,
}

/// A file of the content (a photo, a QR image) that a page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaRef {
    /// Where it is read from.
    pub source: PathBuf,
    /// Where it goes, relative to the county's folder in the site (`stations/x/media/a.jpg`).
    pub site_path: String,
    /// **Extension (issue 16).** Width and height in pixels as shown (upright), from a
    /// JPEG's, PNG's or WebP's header.
    pub size: Option<(u32, u32)>,
    /// **Extension (issue 16).** A JPEG, PNG or WebP: published at phone and print widths.
    pub photo: Option<Photo>,
}

/// **Extension (issue 16).** How a photo is published (`photo.rs`): at each of `widths`, as
/// `<stem>.<width>w.<hash>.<jpg|png>` beside where the original would go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// The source's bytes hashed with `photo::VERSION`: a new source, a new name.
    pub hash: u64,
    /// The EXIF orientation applied before resizing (1 is upright).
    pub orientation: u8,
    pub encoding: PhotoEncoding,
    /// Ascending; the first is what a page's `src` shows.
    pub widths: Vec<u32>,
}

/// The height of a photo `width`×`height` shown `at` pixels across, rounded, at least 1.
pub fn height_at(width: u32, height: u32, at: u32) -> u32 {
    ((u64::from(height) * u64::from(at) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoEncoding {
    Jpeg,
    Png,
}

impl MediaRef {
    /// The files it is published as, relative to the county's folder, with their widths:
    /// the resized photos, or the file itself (a GIF, an SVG).
    pub fn files(&self) -> Vec<(String, Option<u32>)> {
        let Some(photo) = &self.photo else {
            return vec![(self.site_path.clone(), None)];
        };
        let (folder, name) = self.site_path.rsplit_once('/').map_or(("", self.site_path.as_str()), |(f, n)| (f, n));
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        let extension = match photo.encoding {
            PhotoEncoding::Jpeg => "jpg",
            PhotoEncoding::Png => "png",
        };
        let slash = if folder.is_empty() { "" } else { "/" };
        let hash = photo.hash >> 24;
        let file = |width: u32| format!("{folder}{slash}{stem}.{width}w.{hash:010x}.{extension}");
        photo.widths.iter().map(|&width| (file(width), Some(width))).collect()
    }

    /// What a page's `src` names (relative to the county's folder): the phone's width.
    pub fn src(&self) -> String {
        self.files().swap_remove(0).0
    }

    /// Width and height of what `src` names.
    pub fn src_size(&self) -> Option<(u32, u32)> {
        let (width, height) = self.size?;
        match self.photo.as_ref().and_then(|photo| photo.widths.first()) {
            Some(&at) => Some((at, height_at(width, height, at))),
            None => Some((width, height)),
        }
    }

    /// The `srcset` of a photo published at more than one width, its paths led by `root`.
    pub fn srcset(&self, root: &str) -> Option<String> {
        let files = self.files();
        (files.len() > 1).then(|| {
            files
                .iter()
                .map(|(path, width)| format!("{root}{path} {}w", width.unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// **Extension (issue 16).** An image that Markdown shows (`![说明](media/p.jpg)`): the path
/// as written, and the file it was checked to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineImage {
    pub written: String,
    pub media: MediaRef,
}

/// When a recurring session falls, before holidays move it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recurrence {
    /// Monthly on a day of the month (1..=31); months without that day have none.
    MonthDay(u8),
    /// Monthly on the last day.
    LastDay,
    /// Monthly on the n-th weekday: n is 1..=5, or -1 for the last.
    NthWeekday(i8, Weekday),
    Weekly(Weekday),
    /// Every workday of the official calendar.
    Workdays,
    Daily,
    Rrule(Rrule),
    /// Monthly on the n-th workday of the official calendar: 1..=5, or -1 for the last.
    NthWorkday(i8),
    /// Days of every month of the Chinese lunisolar calendar (农历), 1..=30, ascending:
    /// `[1, 15]` for 初一、十五, `[3, 8, 13, 18, 23, 28]` for the market days 逢三逢八.
    Lunar(Vec<u8>),
}

/// The supported part of an RFC 5545 RRULE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rrule {
    pub source: String,
    pub freq: Freq,
    pub by_day: Vec<(Option<i8>, Weekday)>,
    pub by_month_day: Vec<i8>,
    pub by_month: Vec<u8>,
    pub until: Option<NaiveDate>,
    /// INTERVAL: every n-th week (month, year, day) counted from the one holding `anchor`.
    pub interval: u16,
    /// The first day the rule counts from (an entry's `starts`); needed when `interval` > 1.
    pub anchor: Option<NaiveDate>,
}

impl Rrule {
    /// A rule of this frequency with no BY parts, no end, every period.
    pub fn new(freq: Freq, source: &str) -> Rrule {
        Rrule {
            source: source.to_string(),
            freq,
            by_day: vec![],
            by_month_day: vec![],
            by_month: vec![],
            until: None,
            interval: 1,
            anchor: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// The hours that the half-day words stand for: `上午`, `下午`, `全天` (portal.yaml,
/// `half_days`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HalfDays {
    pub morning: TimeRange,
    pub afternoon: TimeRange,
    pub all_day: TimeRange,
}

impl Default for HalfDays {
    fn default() -> HalfDays {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        HalfDays {
            morning: TimeRange { start: at(9, 0), end: Some(at(12, 0)) },
            afternoon: TimeRange { start: at(14, 30), end: Some(at(17, 30)) },
            all_day: TimeRange { start: at(9, 0), end: Some(at(17, 30)) },
        }
    }
}

/// A session's hours; some sessions state only when they begin (`7:30 pm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    pub start: NaiveTime,
    pub end: Option<NaiveTime>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    Every(Recurrence),
    On(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    All,
    Deputies(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    Deputy(String),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleEntry {
    pub when: When,
    pub time: TimeRange,
    pub place: Option<String>,
    pub note: Option<String>,
    pub who: Who,
    pub host: Option<Host>,
    pub line: usize,
    /// **Extension (issue 17).** The notice that defines this one-off session (its file,
    /// relative to the content folder); `None` for an entry of `station.yaml`.
    pub notice: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExceptionKind {
    Cancel,
    Move(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    pub date: NaiveDate,
    pub kind: ExceptionKind,
    pub reason: Option<String>,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    pub every: Recurrence,
    pub time: TimeRange,
    pub starts: NaiveDate,
    pub teams: Vec<Vec<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    National,
    Provincial,
    City,
    County,
    Township,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reception {
    pub every: Recurrence,
    pub time: TimeRange,
}

#[derive(Clone, Debug)]
pub struct Deputy {
    pub id: String,
    pub name: String,
    /// Highest first.
    pub levels: Vec<Level>,
    pub position: Option<String>,
    pub constituency: Option<String>,
    pub gender: Option<String>,
    pub photo: Option<MediaRef>,
    pub reception: Option<Reception>,
    /// The first number of `phones`.
    pub phone: Option<String>,
    /// Every number written, each with its label.
    pub phones: Vec<Phone>,
    pub bio: Option<String>,
    /// **Extension (issue 16).** The deputy's 责任田: the villages, communities or grids they
    /// answer for.
    pub responsible_for: Vec<String>,
    /// **Extension (issue 16).** The images `bio` shows.
    pub bio_images: Vec<InlineImage>,
    /// The reading of the name, syllables separated by spaces (`song jin feng`).
    pub pinyin: String,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub effective: Option<NaiveDate>,
    pub order: Option<i64>,
    pub body: String,
    /// **Extension (issue 16).** The images the text shows.
    pub images: Vec<InlineImage>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseStatus {
    Received,
    Forwarded,
    InProgress,
    Resolved,
    Unresolved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    Received,
    Answered,
    Registered,
    Sorted,
    Forwarded,
    Resolved,
    Feedback,
    Rated,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub date: NaiveDate,
    pub kind: StepKind,
    pub note: Option<String>,
    pub to: Option<String>,
    pub rating: Option<u8>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub status: CaseStatus,
    pub received: NaiveDate,
    pub resolved: Option<NaiveDate>,
    pub deputies: Vec<String>,
    pub households: Option<u64>,
    pub source: Option<String>,
    pub steps: Vec<Step>,
    pub body: String,
    /// **Extension (issue 16).** The images the story shows (photos of the work done).
    pub images: Vec<InlineImage>,
}

/// **Extension (issue 17).** What a post is: the press office's and clerks' words for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum PostKind {
    /// 新闻, 活动: something that happened (a visit, a 义诊, an exhibition).
    News,
    /// 公告, 通知: something that will happen, announced ahead (a leader's session).
    Notice,
    /// 报道, 工作简报: a report or an article, often from a newspaper (`source:`).
    Report,
}

impl PostKind {
    /// The word of the content format, of feeds and of open data.
    pub fn word(self) -> &'static str {
        match self {
            PostKind::News => "news",
            PostKind::Notice => "notice",
            PostKind::Report => "report",
        }
    }
}

/// **Extension (issue 17).** A post: news, a notice or a report, of a station, a county or
/// the city, written in Markdown with front matter.
#[derive(Clone, Debug)]
pub struct Post {
    /// The file stem.
    pub id: String,
    pub title: String,
    pub kind: PostKind,
    /// The day it is published (and sorted by).
    pub date: NaiveDate,
    /// The stations of the county it is about, by id (a station's own post: its station
    /// first); it is listed on each of their pages.
    pub stations: Vec<String>,
    /// The deputies it names, by id (a city post: `county/id`).
    pub deputies: Vec<String>,
    /// Where it was first published (吕梁日报).
    pub source: Option<String>,
    /// Photos shown under the text, each with its caption.
    pub photos: Vec<(MediaRef, Option<String>)>,
    /// The session a notice announces: (station id, day).
    pub session: Option<(String, NaiveDate)>,
    pub body: String,
    /// The images the text shows.
    pub images: Vec<InlineImage>,
}

impl Post {
    /// Every image the post's page shows: its photos and the images of its text.
    pub fn media(&self) -> impl Iterator<Item = &MediaRef> + '_ {
        self.photos.iter().map(|(m, _)| m).chain(self.images.iter().map(|i| &i.media))
    }
}

/// **Extension (issue 17).** A notice that announces a session of a station on a day (at
/// the hours of `time`, or any session of that day): the session's listings link to it.
#[derive(Clone, Debug)]
pub struct Announcement {
    pub date: NaiveDate,
    pub time: Option<TimeRange>,
    /// The notice's page, relative to the county's folder (`posts/x/`, `stations/s/posts/x/`).
    pub href: String,
    pub title: String,
    /// The notice's file, relative to the content folder.
    pub file: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    /// **Extension (issue 17).** Everything since the start of a year up to when the ledger
    /// was written (2023年以来): a running total, never summed with the other kinds.
    Since(i32),
}

/// **Extension (issue 17).** The kinds of period, in the order tables list them: rows of one
/// kind are never set beside rows of another without saying so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Year,
    Half,
    Quarter,
    Month,
    Since,
}

impl Period {
    /// (year, first month, months long): periods sort by when they start, then by length.
    fn span(&self) -> (i32, u8, u8) {
        match *self {
            Period::Year(y) => (y, 1, 12),
            Period::Half(y, h) => (y, 1 + (h - 1) * 6, 6),
            Period::Quarter(y, q) => (y, 1 + (q - 1) * 3, 3),
            Period::Month(y, m) => (y, m, 1),
            Period::Since(y) => (y, 1, 0),
        }
    }

    pub fn kind(&self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Half(..) => PeriodKind::Half,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Month(..) => PeriodKind::Month,
            Period::Since(_) => PeriodKind::Since,
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        let (a, b) = (self.span(), other.span());
        (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2)))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// **Extension (issue 17).** Whose work a ledger row counts: the deputies' (the default) or
/// leading officials' visits to stations (领导干部进站, seed 002), kept apart in every table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum StatGroup {
    #[default]
    Deputies,
    Leaders,
}

/// One row of a ledger. A station's four counts are required (v1); a county's or the city's
/// rows, and the metrics added by issue 17, may leave any count out (`None`).
#[derive(Clone, Debug)]
pub struct StatRow {
    pub period: Period,
    pub group: StatGroup,
    pub deputy_visits: Option<u64>,
    /// 领导进站人次
    pub leader_visits: Option<u64>,
    pub citizens_received: Option<u64>,
    pub issues_collected: Option<u64>,
    pub issues_resolved: Option<u64>,
    /// 交办: issues forwarded to the units that handle them.
    pub forwarded: Option<u64>,
    /// 走访: visits to voters at home.
    pub home_visits: Option<u64>,
}

/// **Extension (issue 17).** 建议 or 议案.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    Suggestion,
    Motion,
}

/// **Extension (issue 17).** Where a proposal stands, in the order the county page lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProposalStatus {
    Submitted,
    Assigned,
    Answered,
    Resolved,
}

/// **Extension (issue 17).** The reply (答复) of the unit that handled a proposal.
#[derive(Clone, Debug)]
pub struct Reply {
    pub date: Option<NaiveDate>,
    pub unit: Option<String>,
    /// The reply's text or a summary of it (Markdown).
    pub text: Option<String>,
}

/// **Extension (issue 17).** A deputy's proposal (建议) or motion (议案).
#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: String,
    pub kind: ProposalKind,
    /// As the congress numbered it (第123号).
    pub number: Option<String>,
    pub date: NaiveDate,
    pub title: String,
    /// The session it was handed in at (省十三届人大四次会议).
    pub session: Option<String>,
    /// Deputy ids of the county, the first the lead.
    pub deputies: Vec<String>,
    pub status: ProposalStatus,
    pub reply: Option<Reply>,
    /// The proposal's text (Markdown).
    pub body: String,
    pub images: Vec<InlineImage>,
}

/// **Extension (issue 17).** 口头 or 书面.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportForm {
    Oral,
    Written,
}

/// **Extension (issue 17).** A report to voters (述职), by one or several deputies.
#[derive(Clone, Debug)]
pub struct VoterReport {
    pub id: String,
    pub date: NaiveDate,
    pub title: Option<String>,
    pub place: Option<String>,
    /// The station it was held at, an id of the county.
    pub station: Option<String>,
    pub deputies: Vec<String>,
    pub form: ReportForm,
    /// Voters present.
    pub attendance: Option<u64>,
    /// What the voters made of it (述职评议: 满意 …).
    pub review: Option<String>,
    /// The report's text (Markdown).
    pub body: String,
    pub images: Vec<InlineImage>,
}

/// **Extension (issue 17).** Where a 民生实事 project stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProjectStatus {
    Collecting,
    Planned,
    InProgress,
    Completed,
}

/// **Extension (issue 17).** One step of a project's progress.
#[derive(Clone, Debug)]
pub struct ProjectStep {
    pub date: NaiveDate,
    pub note: String,
}

/// **Extension (issue 17).** A 民生实事 project of a county or of the city.
#[derive(Clone, Debug)]
pub struct Project {
    pub id: String,
    pub title: String,
    pub year: Option<i32>,
    pub status: ProjectStatus,
    /// 责任单位
    pub unit: Option<String>,
    pub deputies: Vec<String>,
    /// Oldest first.
    pub steps: Vec<ProjectStep>,
    pub body: String,
    pub images: Vec<InlineImage>,
}

impl Station {
    /// The images the station's own pages show and publish in its folder: the WeChat group's
    /// QR, its channels' images, and the images of its intro, its deputies' bios, its rules and
    /// its cases (deputies' photos go with the deputies' pages). The same image may come twice.
    pub fn page_media(&self) -> impl Iterator<Item = &MediaRef> + '_ {
        let inline = self
            .intro_images
            .iter()
            .chain(self.deputies.iter().flat_map(|d| &d.bio_images))
            .chain(self.rules.iter().flat_map(|r| &r.images))
            .chain(self.cases.iter().flat_map(|c| &c.images))
            .map(|image| &image.media);
        let posts = self.posts.iter().flat_map(Post::media);
        self.wechat_group.iter().chain(self.channels.media()).chain(inline).chain(posts)
    }

    /// A station with a name and nothing else: a start for tests and tools.
    pub fn new(id: &str, name: &str) -> Station {
        Station {
            id: id.into(),
            name: name.into(),
            kind: StationKind::Station,
            township: None,
            address: None,
            location: None,
            serves: vec![],
            phone: None,
            phones: vec![],
            wechat_group: None,
            channels: Channels::default(),
            staff: vec![],
            field: None,
            parent: None,
            legislative: false,
            consultations: vec![],
            stars: None,
            established: None,
            intro: None,
            intro_images: vec![],
            on_holiday: OnHoliday::Keep,
            schedule: vec![],
            exceptions: vec![],
            roster: None,
            session_length: None,
            deputies: vec![],
            guests: vec![],
            rules: vec![],
            cases: vec![],
            stats: vec![],
            posts: vec![],
            notices: vec![],
        }
    }

    pub fn deputy(&self, id: &str) -> Option<&Deputy> {
        self.deputies.iter().find(|d| d.id == id)
    }
}

impl County {
    /// Every file of the content that the county's pages show (photos, QR images): what its
    /// pages are built from beside its own folder.
    pub fn media_sources(&self) -> impl Iterator<Item = &std::path::Path> + '_ {
        self.stations
            .iter()
            .flat_map(|station| {
                let photos = station.deputies.iter().filter_map(|deputy| deputy.photo.as_ref());
                station.page_media().chain(photos).map(|media| media.source.as_path())
            })
            .chain(self.channels.media().map(|media| media.source.as_path()))
            .chain(self.own_media().map(|media| media.source.as_path()))
            .chain(self.posts.iter().flat_map(Post::media).map(|media| media.source.as_path()))
    }

    /// The images the county's own pages show: its intro's, its rules', and (issue 17) those
    /// of its proposals, reports to voters and projects; published below the county's folder.
    pub fn own_media(&self) -> impl Iterator<Item = &MediaRef> + '_ {
        self.intro_images
            .iter()
            .chain(self.rules.iter().flat_map(|r| &r.images))
            .chain(self.proposals.iter().flat_map(|p| &p.images))
            .chain(self.voter_reports.iter().flat_map(|r| &r.images))
            .chain(self.projects.iter().flat_map(|p| &p.images))
            .map(|image| &image.media)
    }

    /// The rules a station shows: the county's, with the station's own files of the same
    /// name in their place, plus the station's others; by `order`, then title.
    pub fn rules_of<'a>(&'a self, station: &'a Station) -> Vec<&'a Rule> {
        let mut rules: Vec<&Rule> = self
            .rules
            .iter()
            .filter(|county_rule| !station.rules.iter().any(|own| own.id == county_rule.id))
            .chain(station.rules.iter())
            .collect();
        rules.sort_by(|a, b| {
            (a.order.unwrap_or(i64::MAX), &a.title, &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.title, &b.id))
        });
        rules
    }

    /// About how many pages the county's stations make (a measure of its size): each station,
    /// deputy, case and rule shown at a station.
    pub fn pages(&self) -> usize {
        self.stations.iter().map(|s| 1 + s.deputies.len() + s.cases.len() + self.rules.len() + s.rules.len()).sum()
    }
}
