//! `build --precompress` (issue 19): a `.br` and a `.gz` beside each text file, which
//! decompress to its bytes (read back by the system's `gzip` and by the Brotli decoder), the
//! same bytes in every build, and taken unchanged from the previous site when the file is.

mod common;

use common::Workspace;
use std::io::Read;
use std::os::unix::fs::MetadataExt;

fn build(workspace: &Workspace, out: &str) {
    let run =
        workspace.run(&["build", "--content", "content", "--out", out, "--today", common::TODAY, "--precompress"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn every_text_file_has_its_compressed_forms_beside_it() {
    let workspace = Workspace::new(None);
    build(&workspace, "site");
    let files = common::tree(&workspace.site());
    let texts: Vec<&(String, Vec<u8>)> = files
        .iter()
        .filter(|(path, _)| [".html", ".css", ".js", ".json", ".xml", ".ics", ".csv"].iter().any(|e| path.ends_with(e)))
        .collect();
    assert!(texts.len() > 50, "{} text files", texts.len());
    for (path, bytes) in texts {
        let gz = workspace.site().join(format!("{path}.gz"));
        let output = std::process::Command::new("gzip").arg("-dc").arg(&gz).output().unwrap();
        assert!(output.status.success(), "{path}.gz");
        assert!(output.stdout == *bytes, "{path}.gz decompresses to the file");
        let br = std::fs::read(workspace.site().join(format!("{path}.br"))).unwrap();
        let mut unpacked = Vec::new();
        brotli_decompressor::Decompressor::new(&br[..], 4096).read_to_end(&mut unpacked).unwrap();
        assert!(unpacked == *bytes, "{path}.br decompresses to the file");
    }
    // Images are not compressed again.
    assert!(!workspace.site().join("demo/stations/north/media/qr.svg.gz").exists());
    // The same bytes in another build; an unchanged rebuild links them, writes nothing.
    build(&workspace, "again");
    assert_eq!(files, common::tree(&workspace.dir.path().join("again")));
    let inode = |rel: &str| std::fs::metadata(workspace.site().join(rel)).unwrap().ino();
    let before = (inode("demo/index.html.br"), inode("demo/index.html.gz"));
    build(&workspace, "site");
    assert_eq!(before, (inode("demo/index.html.br"), inode("demo/index.html.gz")));
    // Without the option, they are gone.
    let run = workspace.build();
    assert_eq!(run.code, Some(0));
    assert!(!workspace.site().join("demo/index.html.gz").exists());
}
