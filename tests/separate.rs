//! Issue 20: counties built as separate processes (`liaison counties`, one
//! `liaison build --county <id>` each, then `liaison assemble`) give the same site, byte for
//! byte, as one `liaison build`; and `build --county` reads no other county's folder.

mod common;

use common::{copy_tree, fixtures_dir, tree, Workspace, TODAY};
use std::path::Path;
use std::process::Command;

/// A corpus of several counties made from the valid fixture's `demo`: each copy named anew,
/// with a station of its own, so no two counties give the same pages.
fn generated(workspace: &Workspace, copies: usize) {
    let content = workspace.content();
    for n in 1..=copies {
        let id = format!("gen{n}");
        copy_tree(&content.join("demo"), &content.join(&id));
        let county = content.join(&id).join("county.yaml");
        let text = std::fs::read_to_string(&county).unwrap().replacen("name: 示例县", &format!("name: 生成{n}县"), 1);
        std::fs::write(&county, text).unwrap();
        workspace.write(
            &format!("{id}/stations/extra{n}/station.yaml"),
            &format!(
                "name: 生成{n}号联络站\nkind: 站\ntownship: 生成{n}镇\ncontact: {{ phone: \"0358-000000{n}\" }}\nschedule:\n  - every: 每月{n}日\n    time: \"09:00-11:00\"\n"
            ),
        );
        workspace
            .write(&format!("{id}/stations/extra{n}/deputies.yaml"), &format!("- name: 生成代表{n}\n  level: 县级\n"));
    }
}

/// Builds the content county by county, as separate processes started together, then
/// assembles them into `sep/`; returns what `assemble` printed.
fn build_apart(workspace: &Workspace) -> String {
    let listed = workspace.run(&["counties", "--content", "content"]);
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
    let counties: Vec<&str> = listed.stdout.lines().collect();
    assert!(counties.len() >= 2, "{counties:?}");
    let children: Vec<_> = counties
        .iter()
        .map(|id| {
            Command::new(env!("CARGO_BIN_EXE_liaison"))
                .args(["build", "--content", "content", "--today", TODAY, "--county", id, "--out"])
                .arg(format!("parts/{id}"))
                .current_dir(workspace.dir.path())
                .output()
        })
        .collect();
    for (id, child) in counties.iter().zip(children) {
        let output = child.unwrap();
        assert!(output.status.success(), "{id}: {}", String::from_utf8_lossy(&output.stderr));
        // A county built alone is its own folder, with no portal.
        let out = workspace.dir.path().join("parts").join(id);
        assert!(out.join(id).join("index.html").is_file(), "{id}");
        assert!(!out.join("index.html").exists(), "{id}: a portal without the other counties");
    }
    let mut args = vec!["assemble", "--content", "content", "--today", TODAY, "--out", "sep"];
    let parts: Vec<String> = counties.iter().map(|id| format!("parts/{id}")).collect();
    args.extend(parts.iter().map(String::as_str));
    let assembled = workspace.run(&args);
    assert_eq!(assembled.code, Some(0), "{}", assembled.stderr);
    assembled.stderr
}

fn assert_same_site(one: &Path, apart: &Path) {
    let (one, apart) = (tree(one), tree(apart));
    assert!(one.len() > 100, "only {} files", one.len());
    let paths = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&one), paths(&apart), "the same files");
    for ((path, a), (_, b)) in one.iter().zip(&apart) {
        assert!(a == b, "{path} differs");
    }
}

#[test]
fn a_generated_corpus_built_county_by_county_is_the_site_one_build_gives() {
    let workspace = Workspace::new(None);
    generated(&workspace, 3);
    let built = workspace.build();
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    // Five counties (demo, other and three made), each card on the portal.
    let portal = workspace.page("index.html");
    for name in ["生成1县", "生成2县", "生成3县"] {
        assert!(portal.contains(name), "{name} on the portal");
    }
    build_apart(&workspace);
    assert_same_site(&workspace.site(), &workspace.dir.path().join("sep"));
}

#[test]
fn counties_whose_deputies_visit_each_other_built_apart_are_the_same_site() {
    // Issue 16: a station of `other` names a deputy of `demo` (`who: [demo/王海荣]`): the
    // visit is on the deputy's page in `demo`, built by another process.
    let workspace = Workspace::new(None);
    copy_tree(&fixtures_dir().join("issue16"), &workspace.content());
    let built = workspace.build();
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    build_apart(&workspace);
    assert_same_site(&workspace.site(), &workspace.dir.path().join("sep"));
}

#[test]
fn the_sample_content_built_county_by_county_is_the_site_one_build_gives() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let built = workspace.build();
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    build_apart(&workspace);
    assert_same_site(&workspace.site(), &workspace.dir.path().join("sep"));
}

#[test]
fn a_county_built_alone_reads_no_other_county() {
    let workspace = Workspace::new(None);
    // Another county's roster, broken: the whole build stops at it ...
    workspace.write("other/stations/west/deputies.yaml", "- name: [unclosed\n");
    let whole = workspace.build();
    assert_eq!(whole.code, Some(1), "{}", whole.stderr);
    assert!(whole.stderr.contains("other/stations/west/deputies.yaml"), "{}", whole.stderr);
    // ... and `demo` alone never reads it.
    let alone =
        workspace.run(&["build", "--content", "content", "--today", TODAY, "--county", "demo", "--out", "alone"]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    assert!(!alone.stderr.contains("other/"), "{}", alone.stderr);
    let out = workspace.dir.path().join("alone");
    assert!(out.join("demo/index.html").is_file());
    assert!(!out.join("other").exists());
}

#[test]
fn assemble_names_the_counties_it_was_not_given() {
    let workspace = Workspace::new(None);
    let alone =
        workspace.run(&["build", "--content", "content", "--today", TODAY, "--county", "demo", "--out", "parts/demo"]);
    assert_eq!(alone.code, Some(0), "{}", alone.stderr);
    let assembled =
        workspace.run(&["assemble", "--content", "content", "--today", TODAY, "--out", "sep", "parts/demo"]);
    assert_eq!(assembled.code, Some(2), "{}", assembled.stderr);
    assert!(assembled.stderr.contains("other"), "{}", assembled.stderr);
    assert!(!workspace.dir.path().join("sep").exists(), "nothing written");
}
