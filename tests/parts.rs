//! Issue 16, everything a station is: channels, people, kinds and structure, photos. Each
//! part is built from `fixtures/valid/` with `fixtures/issue16/` laid over it, and checked
//! against the values that overlay writes.

mod common;

use common::{copy_tree, fixtures_dir, page_text, Workspace};

/// `valid/` with the issue-16 overlay, built.
fn built() -> Workspace {
    let workspace = Workspace::new(None);
    copy_tree(&fixtures_dir().join("issue16"), &workspace.content());
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    workspace
}

/// The lines of a page's text between a heading and the next heading of its level.
fn section(text: &str, heading: &str) -> String {
    let level = heading.split(' ').next().unwrap();
    let mut lines = text.lines().skip_while(|l| *l != heading);
    let mut out = vec![lines.next().unwrap_or_else(|| panic!("no {heading} in\n{text}")).to_string()];
    out.extend(lines.take_while(|l| l.split(' ').next() != Some(level)).map(str::to_string));
    out.join("\n")
}

#[test]
fn channels_come_in_the_order_a_citizen_tries_them_with_the_county_standing_in() {
    let workspace = built();
    let south = page_text(&workspace.page("demo/stations/south/index.html"));
    let channels = section(&south, "## 联系渠道");
    let headings: Vec<&str> = channels.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(
        headings,
        [
            "### 打电话",
            "### 代表热线",
            "### 微信群",
            "### 网上留言、预约",
            "### 微信公众号",
            "### 电子邮箱",
            "### 人大意见箱",
            "### 政务服务便民热线"
        ]
    );
    for expected in [
        "- [0358-0000001](tel:0358-0000001) （值班室）",
        "- [13800000000](tel:13800000000) （联络员手机）",
        "- [0358-0000002](tel:0358-0000002)",
        "- 南关代表联络群",
        "![南关代表联络群](../../stations/south/media/group.svg)",
        "- 南关网格微信群",
        // The station's own online address, not the county's.
        "- [https://example.org/south/yuyue](https://example.org/south/yuyue) （外部网站）",
        // The county's channels where the station has none, saying whose they are.
        "- 示例县人大 （示例县）",
        "![示例县人大](../../media/account.svg)",
        "- [demo-rd@example.org](mailto:demo-rd@example.org) （示例县）",
        "- 南关村委会门口",
        "- [12345](tel:12345) （示例县）",
    ] {
        assert!(channels.contains(expected), "lacks {expected:?}:\n{channels}");
    }
    // The images are published, the county's once at the county's media folder.
    assert!(workspace.site().join("demo/stations/south/media/group.svg").is_file());
    assert!(workspace.site().join("demo/media/account.svg").is_file());
    // A link out, never a form: the policy still allows forms to post only here.
    let html = workspace.page("demo/stations/south/index.html");
    assert!(!html.contains("<form") || !html.contains("example.org/south/yuyue\" method"));
    assert!(html.contains("form-action 'self'"), "the CSP is unchanged");
    assert!(html.contains("rel=\"noopener noreferrer external\""));

    // The county home lists the county's own channels.
    let county = page_text(&workspace.page("demo/index.html"));
    let channels = section(&county, "## 联系渠道");
    assert!(channels.contains("- [网上留言](https://example.org/demo/liuyan) （外部网站）"), "{channels}");
    // (The county's cases and figures follow its channels since issue 18: the last item counts.)
    let last = channels.lines().rfind(|l| l.starts_with("- "));
    assert_eq!(last, Some("- [12345](tel:12345)"), "the county names no county but itself: {channels}");
}

#[test]
fn the_board_shows_every_channel_and_the_online_address_as_a_qr_code() {
    let workspace = built();
    let board = workspace.page("demo/stations/south/board/index.html");
    let text = page_text(&board);
    for expected in [
        // The phones stand large at the top of the board (issue 18), each with its label.
        "打电话 0358-0000001（值班室） 13800000000（联络员手机）",
        "代表热线 0358-0000002",
        "网上留言、预约: https://example.org/south/yuyue",
        "人大意见箱: 南关村委会门口",
        "政务服务便民热线: 12345（示例县）",
    ] {
        assert!(text.contains(expected), "board lacks {expected:?}:\n{text}");
    }
    // Two QR codes made in the build: the station's page and the online address.
    assert_eq!(board.matches("class=qr-code").count(), 2);
    assert!(board.contains("src=\"../../../stations/south/media/group.svg\""));
}

#[test]
fn open_data_lists_the_channels() {
    let workspace = built();
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/stations.json")).unwrap();
    let south = value.as_array().unwrap().iter().find(|row| row["id"] == "south").unwrap();
    assert_eq!(south["phones"], serde_json::json!(["值班室:0358-0000001", "联络员手机:13800000000"]));
    assert_eq!(south["hotline"], serde_json::json!(["0358-0000002"]));
    assert_eq!(south["wechat_groups"], serde_json::json!(["南关代表联络群", "南关网格微信群"]));
    assert_eq!(south["mailbox"], "南关村委会门口");
    assert_eq!(south["online"], "https://example.org/south/yuyue");
    let csv = workspace.page("demo/data/stations.csv");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains(",phones,hotline,wechat_groups,official_account,email,mailbox,online,service_hotline,"));
}

#[test]
fn staff_are_listed_by_post_with_their_office_phones() {
    let workspace = built();
    let south = page_text(&workspace.page("demo/stations/south/index.html"));
    let staff = section(&south, "## 工作人员");
    assert!(
        staff.starts_with("## 工作人员\n- 主任 主任甲 [0358-0000003](tel:0358-0000003)\n- 联络员 联络员乙\n"),
        "{staff}"
    );
    let board = page_text(&workspace.page("demo/stations/south/board/index.html"));
    assert!(board.contains("工作人员: 主任 主任甲 0358-0000003、联络员 联络员乙"), "{board}");
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/stations.json")).unwrap();
    let row = value.as_array().unwrap().iter().find(|row| row["id"] == "south").unwrap();
    assert_eq!(row["staff"], serde_json::json!(["director:主任甲:0358-0000003", "liaison:联络员乙"]));
    // staff.csv and staff.json: a row each, as south's station.yaml lists them.
    let csv_text = workspace.page("demo/data/staff.csv");
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{FEFF}').as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["station", "name", "role", "phones"]);
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .filter(|r: &Vec<String>| r[0] == "south")
        .collect();
    rows.sort();
    assert_eq!(rows, [["south", "主任甲", "director", "0358-0000003"], ["south", "联络员乙", "liaison", ""]]);
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/staff.json")).unwrap();
    let first = value.as_array().unwrap().iter().find(|row| row["station"] == "south").unwrap();
    assert_eq!(
        first,
        &serde_json::json!({"station": "south", "name": "主任甲", "role": "director", "phones": ["0358-0000003"]})
    );
}

/// The result addresses of a query, run by the site's own search script in Node.
fn search(workspace: &Workspace, county: &str, query: &str) -> Vec<String> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/query.js");
    let output = std::process::Command::new("node")
        .arg(script)
        .arg("county")
        .arg(workspace.site().join(county).join("search"))
        .arg(query)
        .output()
        .expect("search tests need Node.js");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let value: serde_json::Value = serde_json::from_str(String::from_utf8(output.stdout).unwrap().trim()).unwrap();
    value["urls"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[test]
fn a_village_query_reaches_the_deputy_who_answers_for_it() {
    let workspace = built();
    let deputy = page_text(&workspace.page("demo/deputies/shanlihua/index.html"));
    assert!(deputy.contains("责任田（联系村、网格）: 留义新苑、北街第3网格"), "{deputy}");
    // The station that serves the village, then the deputy who answers for it, then the
    // station's other deputies.
    let urls = search(&workspace, "demo", "留义新苑");
    assert_eq!(urls.iter().take(2).collect::<Vec<_>>(), ["stations/north/", "deputies/shanlihua/"], "{urls:?}");
    // A grid that no station serves finds the deputy alone.
    assert_eq!(search(&workspace, "demo", "北街第3网格").first().map(String::as_str), Some("deputies/shanlihua/"));
    // Without JavaScript: the directory by village lists the deputy first.
    let directory = page_text(&workspace.page("demo/search/index.html"));
    let village = directory.lines().find(|l| l.starts_with("留义新苑:")).unwrap_or_else(|| panic!("{directory}"));
    let first_deputy = village.find("../deputies/").unwrap();
    assert_eq!(
        &village[first_deputy..first_deputy + "../deputies/shanlihua/".len()],
        "../deputies/shanlihua/",
        "{village}"
    );
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/deputies.json")).unwrap();
    let row = value.as_array().unwrap().iter().find(|row| row["id"] == "shanlihua").unwrap();
    assert_eq!(row["responsible_for"], serde_json::json!(["留义新苑", "北街第3网格"]));
}

#[test]
fn a_point_under_a_station_links_both_ways_and_the_county_home_groups_by_township_and_kind() {
    let workspace = built();
    let south = page_text(&workspace.page("demo/stations/south/index.html"));
    assert!(south.contains("隶属: [北街社区人大代表联络站](../../stations/north/)"), "{south}");
    let north = page_text(&workspace.page("demo/stations/north/index.html"));
    assert!(north.contains("下设联络点:\n- [南关联络点](../../stations/south/)"), "{north}");
    // The county home: the point right after its station, the specialist station under its
    // kind (it has no township).
    let home = page_text(&workspace.page("demo/index.html"));
    let stations = section(&home, "## 联络站（点）");
    let order: Vec<&str> = stations.lines().filter(|l| l.starts_with("### ") || l.starts_with("- [")).collect();
    assert_eq!(order.len(), 5, "{stations}");
    assert!(
        order[0] == "### 北街街道" && order[1].contains("北街社区人大代表联络站") && order[2].contains("南关联络点"),
        "{stations}"
    );
    assert!(order[3] == "### 专业联络站" && order[4].contains("金融专业联络站"), "{stations}");
    assert!(stations.contains("金融专业联络站 专业联络站 · 金融 · 基层立法联系点 · 0 名代表"), "{stations}");
    let html = workspace.page("demo/index.html");
    assert!(html.contains("<li class=under>") || html.contains("<li class=\"under\">"));
    let board = page_text(&workspace.page("demo/stations/south/board/index.html"));
    assert!(board.contains("联络点 · 隶属：北街社区人大代表联络站"), "{board}");
}

#[test]
fn a_legislative_contact_point_lists_its_consultations_open_ones_first() {
    let workspace = built();
    let page = page_text(&workspace.page("demo/stations/finance/index.html"));
    assert!(page.contains("专业联络站 · 领域：金融 · 基层立法联系点"), "{page}");
    let consultations = section(&page, "## 立法意见征集");
    assert_eq!(
        consultations,
        "## 立法意见征集\n- 《示例市物业管理条例（草案）》\n截止日期：2026年12月31日\n提意见的方式：到联络站填写意见表\n- 《示例市电动自行车管理条例（草案）》\n截止日期：2026年10月31日 已截止\n已提交意见 16 条，被采纳 5 条"
    );
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/consultations.json")).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
    assert_eq!(value[0]["station"], "finance");
    assert_eq!(value[0]["sent"], 16);
    assert_eq!(value[0]["adopted"], 5);
    let stations: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/stations.json")).unwrap();
    let row = stations.as_array().unwrap().iter().find(|row| row["id"] == "finance").unwrap();
    assert_eq!(
        (&row["kind"], &row["field"], &row["legislative_point"]),
        (&"specialist".into(), &"金融".into(), &true.into())
    );
    let south = stations.as_array().unwrap().iter().find(|row| row["id"] == "south").unwrap();
    assert_eq!(south["parent"], "north");
}

/// The files of a folder of the site whose names begin with `prefix`, sorted.
fn published(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix))
        .collect();
    names.sort();
    names
}

#[test]
fn a_photo_in_a_case_is_checked_published_once_and_shown_from_every_page() {
    let workspace = built();
    let source = std::fs::read(workspace.content().join("demo/stations/north/media/pipe.png")).unwrap();
    let media = workspace.site().join("demo/stations/north/media");
    // 640 pixels wide: published at its own width only, never made wider, and as it is.
    let names = published(&media, "pipe.");
    assert_eq!(names.len(), 1, "{names:?}");
    let name = &names[0];
    assert!(name.starts_with("pipe.640w.") && name.ends_with(".png"), "{name}");
    assert_eq!(std::fs::read(media.join(name)).unwrap(), source, "a small PNG without metadata is published as it is");
    let case = workspace.page("demo/stations/north/cases/trees/index.html");
    // Both spellings of the path are the one file the site holds.
    let src = format!("<img src=\"../../../../stations/north/media/{name}\" width=\"640\" height=\"400\"");
    assert_eq!(case.matches(&src).count(), 2, "{case}");
    assert!(case.contains("alt=\"▲经人大协调，相关部门开展树障隐患清理行动\""));
    let station = workspace.page("demo/stations/north/index.html");
    assert!(
        station.contains(&format!(
            "<img src=\"../../stations/north/media/{name}\" width=\"640\" height=\"400\" alt=\"联络站外景\">"
        )),
        "{station}"
    );
    // A feed reader sees the photo by its full address.
    let feed = workspace.page("demo/stations/north/cases.xml");
    assert!(
        feed.contains(&format!("img src=&quot;https://example.org/portal/demo/stations/north/media/{name}&quot;")),
        "{feed}"
    );
    // Every image a page shows is a file of the site.
    for page in ["demo/stations/north/cases/trees/index.html", "demo/stations/north/index.html", "demo/index.html"] {
        let html = workspace.page(page);
        let dir = workspace.site().join(page).parent().unwrap().to_path_buf();
        for src in html.split("<img src=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
            assert!(dir.join(src).is_file(), "{page} shows {src}, which is not published");
        }
    }
}

#[test]
fn a_very_large_original_is_published_with_a_warning() {
    let workspace = Workspace::new(None);
    copy_tree(&fixtures_dir().join("issue16"), &workspace.content());
    let mut big = std::fs::read(workspace.content().join("demo/stations/north/media/pipe.png")).unwrap();
    big.resize(6 << 20, 0);
    std::fs::write(workspace.content().join("demo/stations/north/media/pipe.png"), big).unwrap();
    let run = workspace.check();
    assert_eq!(run.code, Some(0), "a warning does not stop the build: {}", run.stderr);
    assert!(run.stderr.contains("警告：图片“media/pipe.png”的原图很大：6.0 MB，640×400 像素"), "{}", run.stderr);
    assert!(run.stderr.contains("自动缩小到 800 和 1600 像素宽"), "{}", run.stderr);
}

/// A JPEG of `width`×`height` stored pixels, left half red and right half blue, with an EXIF
/// segment saying it is shown turned 90° clockwise (orientation 6, as a phone held upright
/// saves it) and where it was taken (a GPS IFD with a latitude reference and a text).
fn sideways_photo_with_gps(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&image).unwrap();
    // TIFF, big-endian: IFD0 at 8 with Orientation = 6 and the GPS IFD's offset (38); the
    // GPS IFD with GPSLatitudeRef "N" and GPSAreaInformation (undefined, 12 bytes at 56).
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend([0, 2]);
    tiff.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0x00, 0x1C, 0, 7, 0, 0, 0, 12, 0, 0, 0, 56]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend(b"GPS 37.5177N");
    let payload = [&b"Exif\0\0"[..], &tiff].concat();
    let app1 = [&[0xFF, 0xE1][..], &((payload.len() + 2) as u16).to_be_bytes(), &payload].concat();
    [&jpeg[..2], &app1, &jpeg[2..]].concat()
}

/// Width and height from a JPEG's frame header, read by walking its segments.
fn jpeg_size(bytes: &[u8]) -> (u32, u32) {
    let mut at = 2;
    loop {
        let marker = bytes[at + 1];
        if (0xC0..=0xC3).contains(&marker) {
            let height = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]) as u32;
            let width = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]) as u32;
            return (width, height);
        }
        at += 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
    }
}

#[test]
fn a_phone_photo_is_turned_upright_resized_and_published_without_exif() {
    let workspace = Workspace::new(None);
    copy_tree(&fixtures_dir().join("issue16"), &workspace.content());
    let station = workspace.content().join("demo/stations/north");
    // Stored 2000×1200, shown 1200×2000: published at 800 and at its own 1200.
    std::fs::write(station.join("media/big.jpg"), sideways_photo_with_gps(2000, 1200)).unwrap();
    let case = station.join("cases/trees.md");
    let story = std::fs::read_to_string(&case).unwrap() + "\n![▲现场照片](media/big.jpg)\n";
    std::fs::write(&case, story).unwrap();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let media = workspace.site().join("demo/stations/north/media");
    let names = published(&media, "big.");
    assert_eq!(names.len(), 2, "two widths, never the original: {names:?}");
    let hash = names[0].split('.').nth(2).unwrap().to_string();
    assert_eq!(names, [format!("big.1200w.{hash}.jpg"), format!("big.800w.{hash}.jpg")]);
    for (name, size) in [(&names[1], (800, 1333)), (&names[0], (1200, 2000))] {
        let bytes = std::fs::read(media.join(name)).unwrap();
        assert_eq!(jpeg_size(&bytes), size, "{name} is upright at its width");
        let (markers, _) = jpeg_segments(&bytes);
        assert!(!markers.contains(&0xE1), "{name} has an APP1 segment: {markers:x?}");
        for gone in [&b"Exif"[..], b"GPS 37.5177N", b"MM\x00\x2a"] {
            assert!(!bytes.windows(gone.len()).any(|w| w == gone), "{gone:?} left in {name}");
        }
        // Turned clockwise, the red left half of the stored picture is now the top.
        let pixels = image::load_from_memory(&bytes).unwrap().to_rgb8();
        let (top, bottom) = (pixels.get_pixel(size.0 / 2, size.1 / 8), pixels.get_pixel(size.0 / 2, size.1 * 7 / 8));
        assert!(top[0] > 180 && top[2] < 80, "{name}: top is {top:?}");
        assert!(bottom[2] > 180 && bottom[0] < 80, "{name}: bottom is {bottom:?}");
    }
    let page = workspace.page("demo/stations/north/cases/trees/index.html");
    let dir = "../../../../stations/north/media/";
    let img = format!(
        "<img src=\"{dir}{small}\" srcset=\"{dir}{small} 800w, {dir}{large} 1200w\" sizes=\"(max-width: 960px) 100vw, 928px\" width=\"800\" height=\"1333\" alt=\"▲现场照片\">",
        small = names[1],
        large = names[0]
    );
    assert!(page.contains(&img), "{page}");

    // The same bytes from a clean build elsewhere; a rebuild after an edit links the photos
    // of the previous site (the same files), it does not make them again.
    let inode = |path: &std::path::Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
    let before: Vec<u64> = names.iter().map(|name| inode(&media.join(name))).collect();
    let other = workspace.content().parent().unwrap().join("other-site");
    let run = workspace.run(&["build", "--content", "content", "--out", "other-site", "--today", common::TODAY]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for name in &names {
        let there = other.join("demo/stations/north/media").join(name);
        assert_eq!(std::fs::read(there).unwrap(), std::fs::read(media.join(name)).unwrap(), "{name} differs");
    }
    std::fs::write(&case, std::fs::read_to_string(&case).unwrap() + "\n又及。\n").unwrap();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(workspace.page("demo/stations/north/cases/trees/index.html").contains("又及。"));
    let after: Vec<u64> = names.iter().map(|name| inode(&media.join(name))).collect();
    assert_eq!(after, before, "the photos were made again");
}

/// The `name="value"` attributes of each `<circle` of an SVG.
fn circles(svg: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    svg.split("<circle ")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find("/>").unwrap()];
            tag.split("\" ")
                .filter_map(|pair| pair.split_once("=\""))
                .map(|(k, v)| (k.trim().to_string(), v.trim_end_matches('"').to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_county_map_puts_each_station_where_its_coordinates_project() {
    let workspace = built();
    let home = workspace.page("demo/index.html");
    let svg = &home[home.find("<svg class=\"county-map\"").expect("a map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let points = circles(svg);
    assert_eq!(points.len(), 3, "north, south and finance have locations: {svg}");
    // South was written in WGS-84 and is drawn (and published) in GCJ-02.
    let (south_lat, south_lon) = liaison_gcj02((37.40, 111.30));
    let expected = [(37.5, 111.1), (south_lat, south_lon), (37.45, 111.20)];
    // The county's outline (`outline.geojson`, WGS-84 as GeoJSON is when it says nothing),
    // its rings as the file writes them, [lon, lat].
    let geojson: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace.content().join("demo/outline.geojson")).unwrap())
            .unwrap();
    let rings: Vec<Vec<(f64, f64)>> = geojson["features"][0]["geometry"]["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|polygon| polygon.as_array().unwrap().iter())
        .map(|ring| {
            let positions = ring.as_array().unwrap().iter();
            positions.map(|p| liaison_gcj02((p[1].as_f64().unwrap(), p[0].as_f64().unwrap()))).collect()
        })
        .collect();
    assert_eq!(rings.len(), 3);
    // The map spans the outline and the stations.
    let everything: Vec<(f64, f64)> = expected.iter().copied().chain(rings.iter().flatten().copied()).collect();
    let lats: Vec<f64> = everything.iter().map(|p| p.0).collect();
    let lons: Vec<f64> = everything.iter().map(|p| p.1).collect();
    let (lat0, lat1) = (lats.iter().cloned().fold(f64::MAX, f64::min), lats.iter().cloned().fold(f64::MIN, f64::max));
    let (lon0, lon1) = (lons.iter().cloned().fold(f64::MAX, f64::min), lons.iter().cloned().fold(f64::MIN, f64::max));
    // Equirectangular, longitudes shortened by cos(middle latitude), fitted into 600×400
    // with a 40 margin and centred (docs/CONTENT.md).
    let shrink = ((lat0 + lat1) / 2.0).to_radians().cos();
    let scale = (520.0 / ((lon1 - lon0) * shrink)).min(320.0 / (lat1 - lat0));
    let project = |(lat, lon): (f64, f64)| {
        (
            300.0 + ((lon - lon0) * shrink - (lon1 - lon0) * shrink / 2.0) * scale,
            200.0 - ((lat - lat0) - (lat1 - lat0) / 2.0) * scale,
        )
    };
    // The outline is drawn under the points: one path, a subpath per ring.
    let opening = "<path class=\"county-outline\" d=\"";
    let path = &svg[svg.find(opening).expect("an outline") + opening.len()..];
    assert!(svg.find("<path").unwrap() < svg.find("<circle").unwrap(), "the outline is under the points");
    let d = &path[..path.find('"').unwrap()];
    let drawn: Vec<Vec<(f64, f64)>> = d
        .split('Z')
        .filter(|sub| !sub.is_empty())
        .map(|sub| {
            sub.split(['M', 'L'])
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (x, y) = p.split_once(' ').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect();
    assert_eq!(drawn.len(), rings.len(), "{d}");
    for (ring, drawn) in rings.iter().zip(&drawn) {
        assert_eq!(ring.len(), drawn.len(), "{d}");
        for (at, (x, y)) in ring.iter().zip(drawn) {
            let (ex, ey) = project(*at);
            assert!((x - ex).abs() <= 0.05 && (y - ey).abs() <= 0.05, "({x}, {y}) for {at:?}: expected ({ex}, {ey})");
        }
    }
    for point in &points {
        let drawn: (f64, f64) = (point["data-lat"].parse().unwrap(), point["data-lon"].parse().unwrap());
        let (lat, lon) = *expected
            .iter()
            .find(|(lat, lon)| (lat - drawn.0).abs() < 1e-9 && (lon - drawn.1).abs() < 1e-9)
            .unwrap_or_else(|| panic!("{drawn:?} is no station's place"));
        let (x, y) = project((lat, lon));
        let cx: f64 = point["cx"].parse().unwrap();
        let cy: f64 = point["cy"].parse().unwrap();
        assert!(
            (cx - x).abs() <= 0.05 && (cy - y).abs() <= 0.05,
            "({cx}, {cy}) for ({lat}, {lon}): expected ({x}, {y})"
        );
    }
    // Links to the stations, nothing loaded from elsewhere.
    assert!(svg.contains("<a href=\"stations/south/\">"));
    assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "only the xmlns");

    let north = page_text(&workspace.page("demo/stations/north/index.html"));
    let navigate = section(&north, "## 导航到这里");
    assert!(navigate.contains("[高德地图](https://uri.amap.com/marker?position=111.1,37.5&name="), "{navigate}");
    assert!(navigate.contains("coord_type=gcj02"), "{navigate}");
    assert!(navigate.contains("坐标（GCJ-02）：37.500000, 111.100000"), "{navigate}");
    let value: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/stations.json")).unwrap();
    let south = value.as_array().unwrap().iter().find(|row| row["id"] == "south").unwrap();
    assert!((south["lat"].as_f64().unwrap() - south_lat).abs() < 1e-9);
    assert_eq!(south["coord_system"], "gcj02");
}

/// WGS-84 → GCJ-02 by the published algorithm, written again here to check liaison's.
fn liaison_gcj02((lat, lon): (f64, f64)) -> (f64, f64) {
    use std::f64::consts::PI;
    let (a, ee) = (6378245.0_f64, 0.006_693_421_622_965_943_f64);
    let (x, y) = (lon - 105.0, lat - 35.0);
    let mut d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    d_lat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    d_lon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    d_lon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    d_lon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - ee * rad.sin() * rad.sin();
    (
        lat + d_lat * 180.0 / ((a * (1.0 - ee)) / (magic * magic.sqrt()) * PI),
        lon + d_lon * 180.0 / (a / magic.sqrt() * rad.cos() * PI),
    )
}

/// The markers of a JPEG's segments up to the start of the scan, and the scan's offset.
fn jpeg_segments(bytes: &[u8]) -> (Vec<u8>, usize) {
    assert_eq!(&bytes[..2], [0xFF, 0xD8], "a JPEG");
    let (mut markers, mut at) = (Vec::new(), 2);
    while bytes[at + 1] != 0xDA {
        markers.push(bytes[at + 1]);
        at += 2 + u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
    }
    (markers, at)
}

#[test]
fn a_jpeg_is_published_without_its_exif_and_the_picture_unchanged() {
    let workspace = built();
    let original = std::fs::read(workspace.content().join("demo/stations/north/media/site.jpg")).unwrap();
    let media = workspace.site().join("demo/stations/north/media");
    let names = published(&media, "site.");
    assert_eq!(names.len(), 1, "{names:?}");
    let name = &names[0];
    assert!(name.starts_with("site.16w.") && name.ends_with(".jpg"), "{name}");
    let published = std::fs::read(media.join(name)).unwrap();
    let (before, scan_before) = jpeg_segments(&original);
    let (after, scan_after) = jpeg_segments(&published);
    assert!(before.contains(&0xE1), "the fixture carries EXIF");
    assert_eq!(after, before.iter().copied().filter(|m| *m != 0xE1).collect::<Vec<_>>());
    assert_eq!(&published[scan_after..], &original[scan_before..], "the picture is byte for byte the same");
    for gone in [&b"Exif"[..], b"GPS 37.5177N"] {
        assert!(!published.windows(gone.len()).any(|w| w == gone), "{:?} left in the published photo", gone);
    }
    let case = workspace.page("demo/stations/north/cases/trees/index.html");
    assert!(case.contains(&format!(
        "<img src=\"../../../../stations/north/media/{name}\" width=\"16\" height=\"16\" alt=\"▲清理后的路面\">"
    )));
}

#[test]
fn a_deputy_who_attends_a_station_of_another_county_shows_those_sessions() {
    let workspace = built();
    // `other/stations/east` names `demo/王海荣` in a `who:` every 20th, 15:00-17:00.
    let deputy = page_text(&workspace.page("demo/deputies/wanghairong/index.html"));
    let visits = section(&deputy, "### 到其他县（市、区）联络站的接待");
    assert!(
        visits.contains("- 2026年12月20日（周日） 15:00–17:00 [另一县 · 东关联络站](../../../other/stations/east/)"),
        "{visits}"
    );
    // The deputy's own feed holds them, with the other county's address.
    let feed = workspace.page("demo/deputies/wanghairong/calendar.ics");
    let event = feed.split("BEGIN:VEVENT").find(|e| e.contains("20261220T150000")).expect("the 20 December session");
    assert!(event.contains("URL:https://example.org/portal/other/stations/east/"), "{event}");
    assert!(event.contains("东关联络站：跨县进站接待"), "{event}");
    // The station's page names the deputy and links to their page in their county.
    let east = workspace.page("other/stations/east/index.html");
    assert!(east.contains("href=\"../../../demo/deputies/wanghairong/\""), "{east}");

    // A deputy or county that is not there: an error at its place, with the nearest.
    let file = workspace.content().join("other/stations/east/station.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("who: [demo/王海荣]", "who: [demo/wanghairon, demos/wanghairong]")).unwrap();
    let run = workspace.check();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("县（市、区）“demo”没有标识或姓名为“wanghairon”的代表"), "{}", run.stderr);
    assert!(run.stderr.contains("是不是想写“demo/wanghairong”？"), "{}", run.stderr);
    assert!(run.stderr.contains("门户里没有标识为“demos”的县（市、区）"), "{}", run.stderr);
    assert!(run.stderr.contains("是不是想写“demo”？"), "{}", run.stderr);
    assert!(run.stderr.contains("other/stations/east/station.yaml:10:"), "{}", run.stderr);
}
