//! Rebuilds: an unchanged rebuild writes nothing (every file keeps its inode and mtime), an
//! edited rebuild gives the same bytes as a clean build, and `--county` builds one county.

mod common;

use common::{tree, Workspace};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;

/// `build --county <id>` for the test day.
fn build_county(workspace: &Workspace, id: &str) -> common::Run {
    workspace.run(&["build", "--content", "content", "--out", "site", "--today", common::TODAY, "--county", id])
}

/// Every file of the site and its inode.
fn inodes(workspace: &Workspace) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(workspace.site())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".liaison-manifest")
        .map(|e| {
            (
                e.path().strip_prefix(workspace.site()).unwrap().to_string_lossy().into_owned(),
                e.metadata().unwrap().ino(),
            )
        })
        .collect()
}

#[test]
fn an_unchanged_rebuild_writes_nothing() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let before = inodes(&workspace);
    let run = workspace.build();
    assert_eq!(run.code, Some(0));
    assert!(run.stderr.contains(&format!("其中 0 个文件有变化，{} 个未变", before.len())), "{}", run.stderr);
    assert_eq!(inodes(&workspace), before, "every file is the same file (same inode, same mtime)");
}

#[test]
fn an_edited_rebuild_gives_the_bytes_of_a_clean_build() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let before = inodes(&workspace);
    let station = workspace.content().join("demo/stations/south/station.yaml");
    let text = std::fs::read_to_string(&station).unwrap();
    std::fs::write(&station, text.replace("name: 南关联络点", "name: 南关村联络点")).unwrap();
    let run = workspace.build();
    assert_eq!(run.code, Some(0));
    let clean = workspace.run(&["build", "--content", "content", "--out", "clean", "--today", common::TODAY]);
    assert_eq!(clean.code, Some(0));
    let incremental = tree(&workspace.site());
    assert_eq!(incremental.len(), tree(&workspace.dir.path().join("clean")).len());
    for ((path, a), (other, b)) in incremental.iter().zip(tree(&workspace.dir.path().join("clean")).iter()) {
        assert_eq!(path, other);
        assert!(a == b, "{path} differs from a clean build");
    }
    // The other county was taken as it was; the edited station's pages were written anew.
    let after = inodes(&workspace);
    assert_eq!(after["other/index.html"], before["other/index.html"]);
    assert_ne!(after["demo/stations/south/index.html"], before["demo/stations/south/index.html"]);
    assert!(workspace.page("demo/stations/south/index.html").contains("南关村联络点"));
}

#[test]
fn build_county_builds_one_county_and_a_correct_portal() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let before = inodes(&workspace);
    workspace.write("other/county.yaml", "name: 另一个县\n");
    let south = workspace.content().join("demo/stations/south/station.yaml");
    let text = std::fs::read_to_string(&south).unwrap();
    std::fs::write(&south, text.replace("name: 南关联络点", "name: 南关村联络点")).unwrap();
    let run = build_county(&workspace, "demo");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(workspace.page("demo/stations/south/index.html").contains("南关村联络点"), "demo was built");
    assert_eq!(inodes(&workspace)["other/index.html"], before["other/index.html"], "other was taken as it was");
    // Issue 20: `--county demo` reads only demo's folder; the portal shows `other` as it was
    // last built (its part kept in the manifest) until `other` is built again.
    assert!(!workspace.page("index.html").contains("另一个县"), "other's folder was not read");
    assert_eq!(build_county(&workspace, "other").code, Some(0));
    assert!(workspace.page("index.html").contains("另一个县"), "the portal has other's new name");
    let unknown = workspace.run(&["build", "--content", "content", "--out", "site", "--county", "nowhere"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stderr.contains("nowhere"));
}

#[test]
fn a_county_kept_by_build_county_is_rendered_again_when_shared_inputs_changed() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    // Build only `demo` for another day: `other` is kept from the build for the first day.
    let day = ["build", "--content", "content", "--out", "site", "--today", "2026-12-01"];
    assert_eq!(workspace.run(&[&day[..], &["--county", "demo"]].concat()).code, Some(0));
    // A full build for that day must render `other` anew, and match a clean build.
    assert_eq!(workspace.run(&day).code, Some(0));
    let clean = workspace.run(&["build", "--content", "content", "--out", "clean", "--today", "2026-12-01"]);
    assert_eq!(clean.code, Some(0));
    assert_eq!(tree(&workspace.site()), tree(&workspace.dir.path().join("clean")));
}

#[test]
fn build_county_keeps_a_county_folder_the_manifest_does_not_know() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    // A site put together from `--county` runs on other machines has no manifest of its own.
    // Here: the manifest forgets `other`, whose folder stays.
    let manifest_path = workspace.site().join(".liaison-manifest");
    let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    manifest["counties"].as_object_mut().unwrap().remove("other");
    manifest["files"].as_object_mut().unwrap().retain(|path, _| !path.starts_with("other/"));
    std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let before = std::fs::read(workspace.site().join("other/index.html")).unwrap();
    let run = build_county(&workspace, "demo");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(std::fs::read(workspace.site().join("other/index.html")).unwrap(), before, "other is kept as it was");
    assert!(workspace.site().join("demo/index.html").exists());
}

/// Issue 13: what a county reads from elsewhere (a file a link leads to, an image of another
/// county) is part of its fingerprint: an edit there rebuilds it.
#[test]
fn an_edit_reached_by_a_link_or_in_another_county_rebuilds_the_county() {
    let workspace = Workspace::new(None);
    let qr = |fill: &str| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{fill}"/></svg>"#
        )
    };
    // demo's QR image is a link to a file in other's folder; demo's deputy photo is other's.
    workspace.write("other/stations/east/media/qr.svg", &qr("#000"));
    workspace.write("other/stations/east/media/photo.svg", &qr("#111"));
    let north = workspace.content().join("demo/stations/north");
    std::fs::remove_file(north.join("media/qr.svg")).unwrap();
    std::os::unix::fs::symlink("../../../../other/stations/east/media/qr.svg", north.join("media/qr.svg")).unwrap();
    let deputies = std::fs::read_to_string(north.join("deputies.yaml")).unwrap();
    std::fs::write(
        north.join("deputies.yaml"),
        deputies.replace("media/song.svg", "../../../other/stations/east/media/photo.svg"),
    )
    .unwrap();
    assert_eq!(workspace.build().code, Some(0));
    let published = |rel: &str| std::fs::read_to_string(workspace.site().join(rel)).unwrap();
    assert!(published("demo/stations/north/media/qr.svg").contains("#000"));
    let photo = "demo/shared/other/stations/east/media/photo.svg";
    assert!(published(photo).contains("#111"), "the photo is published with demo");
    // Each edit is seen by the next build (a second apart: mtimes).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    workspace.write("other/stations/east/media/qr.svg", &qr("#222"));
    workspace.write("other/stations/east/media/photo.svg", &qr("#333"));
    assert_eq!(workspace.build().code, Some(0));
    assert!(published("demo/stations/north/media/qr.svg").contains("#222"), "the linked file's edit");
    assert!(published(photo).contains("#333"), "the other county's image's edit");
}
