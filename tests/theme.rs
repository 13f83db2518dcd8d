//! The theme in a real browser: axe-core finds no WCAG 2.1 AA violation on every kind of
//! page, the wall board prints on one A4 page, and its QR code reads back as the station's
//! address. Screenshots at 360×740 and 1280×800 are kept in `target/artifacts/`.
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
    assert_eq!(violations.len(), pages.len() + 1, "every page was audited");
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
