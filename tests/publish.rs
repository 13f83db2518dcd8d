//! Publishing: the output folder is ours alone, one build at a time, nothing touched when
//! the content has errors, and the new site appears whole or not at all whatever instant
//! the build is killed at (issue 13).

mod common;

use common::{tree, Workspace};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Every entry under `dir` (folders included), with its size for files: what "touched"
/// would change.
fn listing(dir: &Path) -> BTreeMap<String, Option<u64>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, e.file_type().is_file().then(|| e.metadata().unwrap().len()))
        })
        .collect()
}

fn edit_station(workspace: &Workspace, from: &str, to: &str) {
    let station = workspace.content().join("demo/stations/south/station.yaml");
    let text = std::fs::read_to_string(&station).unwrap();
    assert!(text.contains(from));
    std::fs::write(&station, text.replace(from, to)).unwrap();
}

/// `build` with a fault injected at one step of the publish.
fn build_killed_at(workspace: &Workspace, step: &str) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["build", "--content", "content", "--out", "site", "--today", common::TODAY])
        .env("LIAISON_TEST_FAULT", step)
        .current_dir(workspace.dir.path())
        .output()
        .expect("run liaison")
        .status
        .code()
}

/// The files a site's manifest lists, with their sizes.
fn manifest_files(site: &Path) -> BTreeMap<String, u64> {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join(".liaison-manifest")).expect("a manifest")).unwrap();
    manifest["files"].as_object().unwrap().iter().map(|(path, v)| (path.clone(), v[1].as_u64().unwrap())).collect()
}

/// The paths where two sites differ (none when they are the same, byte for byte).
fn differences(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) -> Vec<String> {
    let a: BTreeMap<_, _> = a.iter().cloned().collect();
    let b: BTreeMap<_, _> = b.iter().cloned().collect();
    let paths: std::collections::BTreeSet<String> =
        a.keys().chain(b.keys()).filter(|p| a.get(*p) != b.get(*p)).cloned().collect();
    paths.into_iter().collect()
}

fn sizes(site: &Path) -> BTreeMap<String, u64> {
    tree(site).into_iter().map(|(path, bytes)| (path, bytes.len() as u64)).collect()
}

#[test]
fn an_output_folder_that_is_or_holds_or_lies_in_the_content_is_refused() {
    let workspace = Workspace::new(None);
    std::fs::create_dir(workspace.dir.path().join(".git")).unwrap();
    std::fs::write(workspace.dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let before = listing(workspace.dir.path());
    for (out, words) in [("content", "就是内容文件夹"), (".", "包含内容文件夹"), ("content/site", "在内容文件夹里面")]
    {
        let run = workspace.run(&["build", "--content", "content", "--out", out, "--today", common::TODAY]);
        assert_eq!(run.code, Some(2), "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains(words), "--out {out}: {}", run.stderr);
        assert_eq!(listing(workspace.dir.path()), before, "--out {out} touched nothing");
    }
    // The same through another spelling of the path.
    let run =
        workspace.run(&["build", "--content", "./content/", "--out", "content/../content", "--today", common::TODAY]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(listing(workspace.dir.path()), before);
}

#[test]
fn a_folder_liaison_did_not_make_is_refused_and_kept() {
    let workspace = Workspace::new(None);
    std::fs::create_dir(workspace.site()).unwrap();
    std::fs::write(workspace.site().join("notes.txt"), "mine").unwrap();
    let run = workspace.build();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("不是 liaison 生成的网站") && run.stderr.contains("notes.txt"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(workspace.site().join("notes.txt")).unwrap(), "mine");
    // An empty folder is fine.
    std::fs::remove_file(workspace.site().join("notes.txt")).unwrap();
    assert_eq!(workspace.build().code, Some(0));
    assert!(workspace.site().join("index.html").is_file());
}

#[test]
fn a_file_put_into_the_site_by_hand_is_never_deleted() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    std::fs::write(workspace.site().join("demo/MP_verify_abc.txt"), "token").unwrap();
    edit_station(&workspace, "name: 南关联络点", "name: 南关村联络点");
    let run = workspace.build();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("demo/MP_verify_abc.txt"), "names the file: {}", run.stderr);
    assert_eq!(std::fs::read_to_string(workspace.site().join("demo/MP_verify_abc.txt")).unwrap(), "token");
    assert!(!workspace.page("demo/stations/south/index.html").contains("南关村联络点"), "the old site stays");
}

#[test]
fn a_build_with_content_errors_touches_nothing() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    // What an earlier build left for the next one to delete.
    let trash = workspace.dir.path().join(".site.liaison-trash-1-0");
    std::fs::create_dir_all(trash.join("old")).unwrap();
    let before = listing(workspace.dir.path());
    workspace.write("demo/stations/south/station.yaml", "name: 南关\nshedule: []\n");
    let after_edit = listing(workspace.dir.path());
    let run = workspace.build();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(listing(workspace.dir.path()), after_edit, "nothing beside the content changed");
    assert!(trash.join("old").is_dir());
    drop(before);
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_the_first_runs() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let lock = std::fs::File::options().write(true).open(workspace.dir.path().join(".site.liaison-lock")).unwrap();
    lock.lock().unwrap();
    let before = listing(&workspace.site());
    edit_station(&workspace, "name: 南关联络点", "name: 南关村联络点");
    let run = workspace.build();
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("另一个 liaison 构建"), "{}", run.stderr);
    assert_eq!(listing(&workspace.site()), before);
    lock.unlock().unwrap();
    assert_eq!(workspace.build().code, Some(0));
    assert!(workspace.page("demo/stations/south/index.html").contains("南关村联络点"));
}

#[test]
fn two_builds_at_once_leave_one_whole_site() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    edit_station(&workspace, "name: 南关联络点", "name: 南关村联络点");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_liaison"))
            .args(["build", "--content", "content", "--out", "site", "--today", common::TODAY])
            .current_dir(workspace.dir.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = (0..4).map(|_| spawn()).collect();
    let outputs: Vec<_> = runs.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for output in &outputs {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.code() == Some(0)
                || (output.status.code() == Some(2) && stderr.contains("另一个 liaison 构建")),
            "{stderr}"
        );
    }
    let clean = workspace.run(&["build", "--content", "content", "--out", "clean", "--today", common::TODAY]);
    assert_eq!(clean.code, Some(0));
    assert_eq!(differences(&tree(&workspace.site()), &tree(&workspace.dir.path().join("clean"))), Vec::<String>::new());
    assert_eq!(manifest_files(&workspace.site()), sizes(&workspace.site()));
}

#[test]
fn a_build_killed_at_any_step_of_the_publish_leaves_a_whole_site() {
    for step in ["staged", "manifest", "swapped", "kept"] {
        let workspace = Workspace::new(None);
        assert_eq!(workspace.build().code, Some(0));
        let old = tree(&workspace.site());
        edit_station(&workspace, "name: 南关联络点", "name: 南关村联络点");
        let clean = workspace.run(&["build", "--content", "content", "--out", "clean", "--today", common::TODAY]);
        assert_eq!(clean.code, Some(0));
        let new = tree(&workspace.dir.path().join("clean"));
        assert_ne!(old, new);

        assert_ne!(build_killed_at(&workspace, step), Some(0), "{step}: the build was killed");
        let now = tree(&workspace.site());
        assert!(
            now == old || now == new,
            "{step}: the site is the old one or the new one, whole: differs from the old in {:?}, from the new in {:?}",
            differences(&now, &old),
            differences(&now, &new)
        );
        // The manifest describes the site that is there, not the other one.
        assert_eq!(manifest_files(&workspace.site()), sizes(&workspace.site()), "{step}");

        // The next build finishes the job and leaves the new site as a clean build makes it.
        let run = workspace.build();
        assert_eq!(run.code, Some(0), "{step}: {}", run.stderr);
        assert_eq!(differences(&tree(&workspace.site()), &new), Vec::<String>::new(), "{step}");
        assert!(!workspace.dir.path().join(".site.liaison-staging").exists(), "{step}");
        // Nothing in the site is a link into a folder that will be deleted.
        for entry in std::fs::read_dir(workspace.site()).unwrap().flatten() {
            assert!(!entry.file_type().unwrap().is_symlink(), "{step}: {:?} is a link", entry.path());
        }
        // And a build after that deletes every old site.
        assert_eq!(workspace.build().code, Some(0));
        let trash: Vec<_> = std::fs::read_dir(workspace.dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("trash"))
            .collect();
        assert!(trash.len() <= 2, "{step}: no more than the last builds' old sites wait: {trash:?}");
    }
}

/// Mounts a tmpfs (root only: CI runs as root; elsewhere the test says so and passes).
fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    std::fs::create_dir_all(dir).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
    }
    mounted
}

struct Unmount<'a>(&'a Path);

impl Drop for Unmount<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0).status();
    }
}

#[test]
fn an_output_folder_on_a_mounted_volume_works() {
    let workspace = Workspace::new(None);
    let site = workspace.site();
    if !mount_tmpfs(&site, "16m") {
        return;
    }
    let _unmount = Unmount(&site);
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    edit_station(&workspace, "name: 南关联络点", "name: 南关村联络点");
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let clean = workspace.run(&["build", "--content", "content", "--out", "clean", "--today", common::TODAY]);
    assert_eq!(clean.code, Some(0));
    assert_eq!(differences(&tree(&site), &tree(&workspace.dir.path().join("clean"))), Vec::<String>::new());
    // Killed in the middle of its entry-by-entry swap, the next build finishes it.
    edit_station(&workspace, "name: 南关村联络点", "name: 南关联络点");
    assert_ne!(build_killed_at(&workspace, "entry"), Some(0));
    assert_eq!(workspace.build().code, Some(0));
    let clean = workspace.run(&["build", "--content", "content", "--out", "clean2", "--today", common::TODAY]);
    assert_eq!(clean.code, Some(0));
    assert_eq!(differences(&tree(&site), &tree(&workspace.dir.path().join("clean2"))), Vec::<String>::new());
}

#[test]
fn a_full_disk_fails_the_build_and_keeps_the_previous_site() {
    let workspace = Workspace::new(None);
    let volume = workspace.dir.path().join("volume");
    if !mount_tmpfs(&volume, "4m") {
        return;
    }
    let _unmount = Unmount(&volume);
    let build =
        |today: &str| workspace.run(&["build", "--content", "content", "--out", "volume/site", "--today", today]);
    assert_eq!(build(common::TODAY).code, Some(0));
    let before = tree(&volume.join("site"));
    // Fill the volume, then build for another day (every page changes).
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=64k", "status=none"])
        .arg(format!("of={}", volume.join("filler").display()))
        .status();
    let run = build("2026-12-01");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("磁盘已满"), "{}", run.stderr);
    assert_eq!(differences(&tree(&volume.join("site")), &before), Vec::<String>::new(), "the previous site is intact");
    assert!(!volume.join(".site.liaison-staging").exists(), "the staging folder was cleared");
    std::fs::remove_file(volume.join("filler")).unwrap();
    assert_eq!(build("2026-12-01").code, Some(0));
}
