//! The theme in a real browser: axe-core finds no WCAG 2.1 AA violation (nor a target under
//! WCAG 2.2's 24 px, 2.5.8) on every kind of page, in the standard view and the 长辈版; every
//! page reflows to 320 CSS px and 200% zoom (issue 18); wall boards of 6, 32 and 84 deputies
//! and a rule's page (its poster) print on one A4 page each (the boards on A3 from `#a3`),
//! their QR codes read back; the share meta tags are on every page. Screenshots are kept in `target/artifacts/`.
//!
//! Needs Debian's `chromium`, `zbar-tools` and `poppler-utils`, and the npm packages of
//! `tests/browser/` (`scripts/test` installs all of them).

mod common;

use common::Workspace;
use std::path::Path;
use std::process::Command;

#[test]
fn pages_pass_axe_the_board_prints_on_one_page_and_its_qr_reads_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/axe-core").exists(),
        "browser test tools are missing: run scripts/test (or npm ci in tests/browser)"
    );
    let workspace = Workspace::from_dir(&root.join("content"));
    assert_eq!(workspace.build().code, Some(0));
    let base = common::serve(workspace.site());
    let artifacts = root.join("target/artifacts");
    let board = "/lishi/stations/yuanjiazhuang/board/";
    let pages = [
        "/",
        "/search/",
        "/lishi/",
        "/lishi/search/",
        "/lishi/cases/",
        "/lishi/stations/yuanjiazhuang/",
        "/lishi/deputies/guojianping/",
        "/lishi/stations/yuanjiazhuang/cases/qixiang-paishui/",
        "/lishi/stations/yuanjiazhuang/rules/jiedai-xuanmin/",
        "/jiaocheng/stations/xiying/",
        // Posts (issue 17): a post, a county's list and the city's.
        "/lishi/stations/yuanjiazhuang/posts/2021-06-28-sundajun-jinzhan-gonggao/",
        "/lishi/posts/",
        "/posts/",
        "/lishi/data/",
        "/lishi/stations/yuanjiazhuang/posters/",
    ];
    let output = Command::new("node")
        .arg(root.join("tests/browser/audit.js"))
        .arg(&base)
        .arg(&artifacts)
        .arg(board)
        .args(pages)
        .output()
        .expect("run node");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let violations = report["violations"].as_object().unwrap();
    assert_eq!(violations.len(), 2 * (pages.len() + 1), "every page was audited in both modes");
    assert!(violations.contains_key("/lishi/stations/yuanjiazhuang/#elder"));
    let failing: Vec<String> = violations
        .iter()
        .filter(|(_, list)| !list.as_array().unwrap().is_empty())
        .map(|(page, list)| format!("{page}: {list}"))
        .collect();
    assert!(failing.is_empty(), "axe-core violations:\n{}", failing.join("\n"));

    let pdf = report["boardPdf"].as_str().unwrap();
    let info = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")),
        "the board must print on one page:\n{info}"
    );
    assert!(info.contains("(A4)"), "the board prints on A4:\n{info}");

    let qr =
        Command::new("zbarimg").args(["-q", "--raw"]).arg(report["qrPng"].as_str().unwrap()).output().expect("zbarimg");
    assert_eq!(
        String::from_utf8_lossy(&qr.stdout).trim(),
        "https://daibiao.example.gov.cn/lishi/stations/yuanjiazhuang/",
        "the QR code reads back as the station's address"
    );
    for shot in report["screenshots"].as_array().unwrap() {
        assert!(Path::new(shot.as_str().unwrap()).exists());
    }
}

/// Every kind of page of the sample, the wall boards and the posters included.
const PAGES: [&str; 14] = [
    "/",
    "/search/",
    "/lishi/",
    "/lishi/search/",
    "/lishi/cases/",
    "/lishi/data/",
    "/lishi/stations/yuanjiazhuang/",
    "/lishi/deputies/guojianping/",
    "/lishi/stations/yuanjiazhuang/cases/qixiang-paishui/",
    "/lishi/stations/yuanjiazhuang/rules/jiedai-xuanmin/",
    "/lishi/stations/yuanjiazhuang/board/",
    "/lishi/stations/yuanjiazhuang/posters/",
    "/jiaocheng/",
    "/jiaocheng/stations/xiying/",
];

#[test]
fn every_kind_of_page_reflows_to_320_px_and_200_percent_in_both_modes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = Workspace::from_dir(&root.join("content"));
    assert_eq!(workspace.build().code, Some(0));
    let base = common::serve(workspace.site());
    let output = Command::new("node")
        .arg(root.join("tests/browser/reflow.js"))
        .arg(&base)
        .arg(root.join("target/artifacts"))
        .args(PAGES)
        .output()
        .expect("run node");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // Three sizes, two modes, every page.
    assert_eq!(report["checked"], 3 * 2 * PAGES.len());
    let problems: Vec<&str> = report["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(problems.is_empty(), "pages that do not reflow:\n{}", problems.join("\n"));
    assert_eq!(report["screenshots"].as_array().unwrap().len(), 2 * 2 * PAGES.len());
}

/// A station of `deputies` deputies in teams of two, four of them with reception days of
/// their own, with seven rules besides the county's two (nine, as in the issue).
fn big_station(workspace: &Workspace, deputies: usize) -> String {
    let id = format!("board{deputies}");
    let dir = format!("jiaocheng/stations/{id}");
    let surnames: Vec<char> = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗".chars().collect();
    let given = ["建国", "秀英", "志强", "丽娟", "国庆", "海燕", "文华", "春梅", "立新", "桂兰", "永红", "晓东"];
    let mut list = String::new();
    for i in 0..deputies {
        let level = ["county", "township", "township", "city"][i % 4];
        list += &format!(
            "- id: b{deputies}d{i}\n  name: {}{}{}\n  level: {level}\n  position: 第{}村村民代表（示例）\n  responsible_for: [第{}网格]\n",
            surnames[i % 20],
            given[(i / 20 + i) % 12],
            ["", "甲", "乙", "丙", "丁"][i / 20],
            i + 1,
            i + 1
        );
        if i < 4 {
            list += &format!("  reception: 每月{}日 09:00-11:00\n", i + 10);
        }
    }
    workspace.write(&format!("{dir}/deputies.yaml"), &list);
    let mut station = format!(
        "name: 示例镇{deputies}人代表联络站\nkind: station\ntownship: 示例镇{deputies}\naddress: 示例镇人民政府院内（示例地址）\n\
         contact:\n  phone: \"0358-0000000\"\non_holiday: skip\nschedule:\n  - every: 每月5日\n    time: \"09:00-12:00\"\n\
         \x20 - every: 每月最后一个周五\n    time: \"19:30-21:00\"\n    note: 代表集中议事\n\
         roster:\n  every: 工作日\n  time: \"09:00-17:00\"\n  starts: 2026-01-05\n  teams:\n"
    );
    for t in (0..deputies - 1).step_by(2) {
        station += &format!("    - [b{deputies}d{t}, b{deputies}d{}]\n", t + 1);
    }
    workspace.write(&format!("{dir}/station.yaml"), &station);
    for r in 1..=7 {
        workspace.write(
            &format!("{dir}/rules/r{r}.md"),
            &format!(
                "---\ntitle: 示例制度第{r}项（代表联系群众工作规范）\ncategory: 接待制度\n---\n\
                 一、这是示例制度的正文，说明联络站如何开展工作。\n\n二、群众反映的问题登记后按规定转办并反馈。\n"
            ),
        );
    }
    id
}

/// Prints a page to PDF with Chromium (its own @page size) and returns pdfinfo's report.
fn print(url: &str, pdf: &Path) -> String {
    let status = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .expect("chromium");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let info = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&info.stdout).into_owned()
}

fn pages_of(info: &str) -> u32 {
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// The QR codes on the first page of a PDF, as zbarimg reads them from a 150 dpi picture.
fn qr_codes(pdf: &Path) -> Vec<String> {
    let png = pdf.with_extension("");
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&png)
        .status();
    assert!(status.expect("pdftoppm").success());
    let out = Command::new("zbarimg").args(["-q", "--raw"]).arg(png.with_extension("png")).output().expect("zbarimg");
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn boards_of_6_32_and_84_deputies_and_a_rule_poster_print_on_one_a4_page() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let ids: Vec<String> = [6, 32, 84].iter().map(|&n| big_station(&workspace, n)).collect();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("A4"), "no board is reported too full: {}", run.stderr);
    // The PDFs are kept with the screenshots, to look at.
    let out = &Path::new(env!("CARGO_MANIFEST_DIR")).join("target/artifacts");
    std::fs::create_dir_all(out).unwrap();
    for (id, n) in ids.iter().zip([6, 32, 84]) {
        let page = workspace.site().join(format!("jiaocheng/stations/{id}/board/index.html"));
        let pdf = out.join(format!("{id}.pdf"));
        let info = print(&format!("file://{}", page.display()), &pdf);
        assert_eq!(pages_of(&info), 1, "the board of {n} deputies prints on one page:\n{info}");
        assert!(info.contains("(A4)"), "{info}");
        let codes = qr_codes(&pdf);
        let url = format!("https://daibiao.example.gov.cn/jiaocheng/stations/{id}/");
        assert!(codes.contains(&url), "the board's QR code reads back as {url}: {codes:?}");
        // The board says what a visitor needs, from the content: the phone, the personal
        // reception days, the teams.
        let html = workspace.page(&format!("jiaocheng/stations/{id}/board/index.html"));
        let text = common::page_text(&html);
        assert!(html.contains("class=board-phone"), "{id}: the phone in large type");
        assert!(text.contains("每月10日"), "{id}: personal reception days: {text}");
        assert!(text.contains("王建国、李秀英"), "{id}: the first roster team: {text}");
        // The same page printed from `#a3` (the link on the board's page) is the A3 board.
        let info = print(&format!("file://{}#a3", page.display()), &out.join(format!("{id}-a3.pdf")));
        assert_eq!(pages_of(&info), 1, "the A3 board of {n} deputies prints on one page:\n{info}");
        assert!(info.contains("(A3)"), "{info}");
    }
    assert!(!workspace.site().join("jiaocheng/stations/board84/board/a3").exists(), "no second board page");

    // A rule's page printed is its poster: one A4 page with the title, the text, the station
    // and a QR code of the page; for the station's own rule and for one of the county's
    // (whose page is filled in from the county's, the QR code with it).
    for (rule, title) in [("r1", "示例制度第1项（代表联系群众工作规范）"), ("zhiban", "代表进站值班制度")]
    {
        let page = workspace.site().join(format!("jiaocheng/stations/board84/rules/{rule}/index.html"));
        let pdf = out.join(format!("poster-{rule}.pdf"));
        let info = print(&format!("file://{}", page.display()), &pdf);
        assert_eq!(pages_of(&info), 1, "the rule {rule} prints on one page:\n{info}");
        assert!(info.contains("(A4)"), "{info}");
        let url = format!("https://daibiao.example.gov.cn/jiaocheng/stations/board84/rules/{rule}/");
        assert_eq!(qr_codes(&pdf), [url], "the poster's QR code is the rule's page at the station");
        let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
        let text: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
        for shown in [title, "示例镇84人代表联络站", "扫码查看本制度和联络站"] {
            assert!(text.contains(shown), "the poster of {rule} shows {shown}: {text}");
        }
        assert!(!text.contains("返回联络站"), "no screen links on the poster: {text}");
    }
    assert!(!workspace.site().join("jiaocheng/stations/board84/posters/r1").exists(), "no page per poster");
    let all = workspace.site().join("jiaocheng/stations/board84/posters/index.html");
    let info = print(&format!("file://{}", all.display()), &out.join("posters.pdf"));
    assert_eq!(pages_of(&info), 9, "the county's two rules and the station's seven, a page each:\n{info}");
}

#[test]
fn check_warns_when_a_board_cannot_fit_one_page() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let id = big_station(&workspace, 84);
    // Without teams the 84 deputies are listed by level, and the board runs over.
    let station =
        std::fs::read_to_string(workspace.content().join(format!("jiaocheng/stations/{id}/station.yaml"))).unwrap();
    workspace.write(&format!("jiaocheng/stations/{id}/station.yaml"), &station[..station.find("roster:").unwrap()]);
    let run = workspace.check();
    assert!(
        run.stderr.contains("公示牌一张A4纸印不下（84 名代表") && run.stderr.contains("board/#a3"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("A4纸印不下").count(), 1, "only that station: {}", run.stderr);
}

#[test]
fn every_page_carries_share_meta_and_the_card_is_a_png() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    assert_eq!(workspace.build().code, Some(0));
    // The `content` of the `<meta>` whose `property` is `key`, attributes in any order,
    // quoted or not (as the minifier leaves them).
    let meta = |html: &str, key: &str| -> Option<String> {
        html.split("<meta ").skip(1).map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())]).find_map(|tag| {
            let has_key = tag.split_whitespace().any(|a| a == format!("property={key}"))
                || tag.contains(&format!("property=\"{key}\""));
            let rest = &tag[tag.find("content=")? + "content=".len()..];
            let value = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"')?.0,
                None => rest.split_whitespace().next()?,
            };
            has_key.then(|| value.to_string())
        })
    };
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(workspace.site()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") || entry.file_name() == "404.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let rel = entry.path().strip_prefix(workspace.site()).unwrap().display().to_string();
        for key in ["og:title", "og:description", "og:image"] {
            let value = meta(&html, key).unwrap_or_else(|| panic!("{rel}: no {key}"));
            assert!(!value.trim().is_empty(), "{rel}: empty {key}");
        }
        assert!(html.contains("name=description"), "{rel}: the description is also named for other readers");
        let image = meta(&html, "og:image").unwrap();
        assert!(image.starts_with("https://daibiao.example.gov.cn/"), "{rel}: og:image is absolute: {image}");
        let file = workspace.site().join(image.trim_start_matches("https://daibiao.example.gov.cn/"));
        let bytes = std::fs::read(&file).unwrap_or_else(|_| panic!("{rel}: {image} is a file of the site"));
        assert!(bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xff\xd8"), "{rel}: {image} is a PNG or JPEG");
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
    // What the station's page says of itself, from the content.
    let station = workspace.page("lishi/stations/yuanjiazhuang/index.html");
    assert!(meta(&station, "og:title").unwrap().contains("袁家庄社区人大代表联络站"));
    assert!(meta(&station, "og:description").unwrap().starts_with("袁家庄社区人大代表联络站"));
    // The WeChat group's QR image can be opened on its own, to long-press and save or scan.
    assert!(station.contains("class=qr-save"), "a link to the QR image itself");
}
