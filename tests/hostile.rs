//! The build under hostile input (issue 13): nothing outside the content folder is read,
//! quoted or published; media can never replace a page; reserved names are refused; small
//! files that would crash or hang the loader get a message at their line.

mod common;

use common::Workspace;
use std::os::unix::fs::symlink;
use std::path::Path;

const WECHAT: &str = "demo/stations/north/media/qr.svg";
const STATION: &str = "demo/stations/north/station.yaml";

/// A file outside the content folder holding a secret.
fn secret(workspace: &Workspace) -> std::path::PathBuf {
    let path = workspace.dir.path().join("secret.txt");
    std::fs::write(&path, "root:SECRET-PASSWORD-HASH\n").unwrap();
    path
}

/// Runs `check`, then `build`; neither may mention or publish the secret.
fn assert_not_leaked(workspace: &Workspace) -> common::Run {
    let check = workspace.check();
    assert!(!check.stderr.contains("SECRET"), "check quoted it: {}", check.stderr);
    let build = workspace.build();
    assert!(!build.stderr.contains("SECRET"), "build quoted it: {}", build.stderr);
    if workspace.site().exists() {
        for (path, bytes) in common::tree(&workspace.site()) {
            assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"), "{path} holds the secret");
        }
    }
    build
}

#[test]
fn a_media_link_to_a_file_outside_the_content_is_refused() {
    let workspace = Workspace::new(None);
    let secret = secret(&workspace);
    std::fs::remove_file(workspace.content().join(WECHAT)).unwrap();
    symlink(&secret, workspace.content().join(WECHAT)).unwrap();
    let run = assert_not_leaked(&workspace);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("内容文件夹之外的链接"), "{}", run.stderr);
    assert!(run.stderr.contains("station.yaml:9"), "at the line that names it: {}", run.stderr);
}

#[test]
fn a_linked_folder_outside_the_content_is_not_followed() {
    let workspace = Workspace::new(None);
    let outside = workspace.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("p.png"), b"\x89PNG\r\n\x1a\nSECRET").unwrap();
    symlink(&outside, workspace.content().join("demo/stations/north/media/etcdir")).unwrap();
    workspace.write(
        STATION,
        &std::fs::read_to_string(workspace.content().join(STATION))
            .unwrap()
            .replace("media/qr.svg", "media/etcdir/p.png"),
    );
    let run = assert_not_leaked(&workspace);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("内容文件夹之外的链接"), "{}", run.stderr);
    // A whole county folder linked from elsewhere is not read either.
    let workspace = Workspace::new(None);
    symlink(&outside, workspace.content().join("elsewhere")).unwrap();
    let run = workspace.check();
    assert!(run.stderr.contains("elsewhere") && run.stderr.contains("内容文件夹之外的链接"), "{}", run.stderr);
}

#[test]
fn a_content_file_linked_to_a_secret_is_not_quoted() {
    let workspace = Workspace::new(None);
    let secret = secret(&workspace);
    let stats = workspace.content().join("demo/stations/north/stats.yaml");
    std::fs::remove_file(&stats).unwrap();
    symlink(&secret, &stats).unwrap();
    let run = assert_not_leaked(&workspace);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("stats.yaml") && run.stderr.contains("内容文件夹之外的链接"), "{}", run.stderr);
}

#[test]
fn a_link_inside_the_content_is_followed() {
    let workspace = Workspace::new(None);
    let media = workspace.content().join("demo/stations/north/media");
    std::fs::rename(media.join("qr.svg"), media.join("real.svg")).unwrap();
    symlink("real.svg", media.join("qr.svg")).unwrap();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(workspace.site().join("demo/stations/north/media/qr.svg").is_file());
}

#[test]
fn a_fifo_or_a_device_as_a_content_file_does_not_hang_the_check() {
    let workspace = Workspace::new(None);
    let station = workspace.content().join(STATION);
    std::fs::remove_file(&station).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&station).status().unwrap();
    assert!(made.success());
    let stats = workspace.content().join("demo/stations/north/stats.yaml");
    std::fs::remove_file(&stats).unwrap();
    symlink("/dev/zero", &stats).unwrap();
    // /dev/zero is outside the content; a device inside it is refused as a device.
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("FIFO"), "{}", run.stderr);
    assert!(run.stderr.contains("stats.yaml"), "{}", run.stderr);
}

#[test]
fn media_cannot_replace_a_page_or_publish_a_document() {
    let workspace = Workspace::new(None);
    let north = workspace.content().join("demo/stations/north");
    std::fs::write(north.join("index.html"), "<script>alert(1)</script>").unwrap();
    std::fs::write(north.join("media/evil.html"), "<script>alert(1)</script>").unwrap();
    std::fs::write(north.join("media/fake.png"), "<script>alert(1)</script>").unwrap();
    std::fs::write(north.join("media/evil.svg"), r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#)
        .unwrap();
    let station = std::fs::read_to_string(north.join("station.yaml")).unwrap();
    for (photo, words) in [
        ("index.html", "不是可以发布的图片"),
        ("media/evil.html", "不是可以发布的图片"),
        ("media/fake.png", "不是 PNG 图片"),
        ("media/evil.svg", "onload="),
        ("../../../.git/config", "隐藏文件"),
        ("../.hidden/p.png", "隐藏文件"),
    ] {
        std::fs::write(north.join("station.yaml"), station.replace("media/qr.svg", photo)).unwrap();
        let run = workspace.build();
        assert_eq!(run.code, Some(1), "{photo}: {}", run.stderr);
        assert!(run.stderr.contains(words), "{photo}: {}", run.stderr);
        assert!(!workspace.site().exists(), "{photo}: nothing was built");
    }
}

#[test]
fn reserved_names_are_refused_with_a_hint() {
    for id in ["search", "assets", "con", "-", "--", "nul"] {
        let workspace = Workspace::new(None);
        common::copy_tree(&workspace.content().join("other"), &workspace.content().join(id));
        let run = workspace.check();
        assert_eq!(run.code, Some(1), "{id}: {}", run.stderr);
        assert!(run.stderr.contains("保留的名称"), "{id}: {}", run.stderr);
    }
}

#[test]
fn deep_nesting_and_alias_bombs_get_a_message_not_a_crash() {
    let workspace = Workspace::new(None);
    workspace.write(STATION, &format!("name: 北街\nschedule:\n{}x\n", "- ".repeat(3000)));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        bomb.push_str(&format!("a{level}: &a{level} [{}]\n", vec![format!("*a{}", level - 1); 10].join(", ")));
    }
    workspace.write("demo/stations/north/stats.yaml", &bomb);
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("嵌套超过了 64 层"), "{}", run.stderr);
    assert!(run.stderr.contains("station.yaml:3"), "{}", run.stderr);
    assert!(run.stderr.contains("展开别名"), "{}", run.stderr);
}

#[test]
fn many_problems_are_reported_in_time_linear_in_their_number() {
    let workspace = Workspace::new(None);
    let mut text = String::from("name: 北街\n");
    for i in 0..80_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    workspace.write(STATION, &text);
    let run = workspace.check();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("k79999"), "the last one too");
    assert!(run.stderr.contains("station.yaml:80001"), "at its line");
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let workspace = Workspace::new(None);
    let path = workspace.content().join("demo/stations/north/cases/huge.md");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 << 20).unwrap();
    let run = workspace.check();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("文件太大") && run.stderr.contains("huge.md"), "{}", run.stderr);
    assert!(Path::new(&path).exists());
}

#[test]
fn the_theme_folder_is_bounded_like_content() {
    let workspace = Workspace::new(None);
    let secret = secret(&workspace);
    let portal = std::fs::read_to_string(workspace.content().join("portal.yaml")).unwrap();
    // A system folder as the theme: only a theme's own folders would be read (it has none).
    workspace.write("portal.yaml", &format!("{portal}theme: /usr\n"));
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // A theme file that is a link out of the theme folder is refused, and not published.
    std::fs::create_dir_all(workspace.content().join("mytheme/static")).unwrap();
    symlink(&secret, workspace.content().join("mytheme/static/style.css")).unwrap();
    workspace.write("portal.yaml", &format!("{portal}theme: ./mytheme\n"));
    let run = assert_not_leaked(&workspace);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("link out of the theme folder"), "{}", run.stderr);
}

#[test]
fn many_problems_on_one_long_line_share_it() {
    let workspace = Workspace::new(None);
    let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}: 1")).collect();
    workspace.write(STATION, &format!("name: 北街\ncontact: {{{}}}\n", keys.join(", ")));
    let run = workspace.check();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("k19999") && run.stderr.contains("station.yaml:2:"), "at its line");
}
