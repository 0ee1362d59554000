//! The installers' inputs, checked without building an installer (that takes
//! a release build: `scripts/package.sh`, run by hand): the release workflow
//! (which only runs on GitHub), the desktop entry and the MIME type of mission
//! files, and the bundle configuration that ties them to the app.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn workflow() -> Value {
    serde_saphyr::from_str(&read(".github/workflows/release.yml")).expect("release.yml is not valid YAML")
}

fn tauri_conf() -> Value {
    serde_json::from_str(&read("src-tauri/tauri.conf.json")).expect("tauri.conf.json is not valid JSON")
}

/// `key=value` lines of the `[Desktop Entry]` group, in order.
fn desktop_entry() -> Vec<(String, String)> {
    let text = read("packaging/linux/recap.desktop");
    let mut lines = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    assert_eq!(lines.next(), Some("[Desktop Entry]"), "the desktop file must open with its group");
    lines
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or_else(|| panic!("not a key=value line: {l}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn entry<'a>(entry: &'a [(String, String)], key: &str) -> &'a str {
    entry
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key}= in recap.desktop"))
}

/// The mission MIME type's name and globs, from the shared-mime-info XML.
fn mime_xml() -> (String, Vec<String>) {
    let text = read("packaging/linux/recap-mission.xml");
    let doc = roxmltree::Document::parse(&text).expect("recap-mission.xml is not well-formed XML");
    let ns = "http://www.freedesktop.org/standards/shared-mime-info";
    let root = doc.root_element();
    assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some(ns), "mime-info"));
    let types: Vec<_> = root.children().filter(|n| n.has_tag_name((ns, "mime-type"))).collect();
    assert_eq!(types.len(), 1, "one MIME type: mission files");
    let globs = types[0]
        .children()
        .filter(|n| n.has_tag_name((ns, "glob")))
        .map(|n| n.attribute("pattern").expect("a glob without a pattern").to_owned())
        .collect();
    (types[0].attribute("type").expect("a mime-type without a type").to_owned(), globs)
}

/// The app's executable, as src-tauri/Cargo.toml names it.
fn app_binary() -> String {
    let manifest: toml::Table = read("src-tauri/Cargo.toml").parse().expect("src-tauri/Cargo.toml");
    manifest["bin"].as_array().and_then(|b| b[0]["name"].as_str()).expect("src-tauri has a [[bin]]").to_owned()
}

/// A Linux tool from scripts/setup.sh's TEST_PKGS.
#[cfg(target_os = "linux")]
fn tool(name: &str, package: &str) -> Command {
    let found =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file())).unwrap_or(false);
    assert!(found, "{name} not found: run scripts/setup.sh (Debian package {package})");
    Command::new(name)
}

#[test]
fn release_workflow_builds_windows_and_universal_macos_installers_on_tags() {
    let wf = workflow();
    let on = &wf["on"];
    assert!(on["push"]["tags"].as_array().unwrap().iter().any(|t| t == "v*"), "runs on v* tags: {on}");
    assert!(on.get("workflow_dispatch").is_some(), "can be started by hand: {on}");
    assert_eq!(wf["permissions"]["contents"], "write", "uploading to a release needs contents: write");

    let jobs = wf["jobs"].as_object().unwrap();
    assert_eq!(jobs.len(), 1);
    let job = jobs.values().next().unwrap();
    assert_eq!(job["runs-on"], "${{ matrix.platform }}");
    let include = job["strategy"]["matrix"]["include"].as_array().unwrap();
    let row = |platform: &str| {
        include.iter().find(|r| r["platform"] == platform).unwrap_or_else(|| panic!("no {platform} in the matrix"))
    };
    let windows = row("windows-latest")["args"].as_str().unwrap();
    assert!(windows.contains("nsis") && windows.contains("msi"), "Windows builds NSIS and MSI: {windows}");
    let mac = row("macos-latest");
    assert!(mac["args"].as_str().unwrap().contains("--target universal-apple-darwin"), "{mac}");
    let mac_targets = mac["rust_targets"].as_str().unwrap();
    assert!(mac_targets.contains("aarch64-apple-darwin") && mac_targets.contains("x86_64-apple-darwin"));

    let steps = job["steps"].as_array().unwrap();
    let uses = |prefix: &str| steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(prefix)));
    assert!(uses("actions/checkout@").is_some());
    let toolchain = uses("dtolnay/rust-toolchain@").expect("installs Rust");
    assert_eq!(toolchain["with"]["targets"], "${{ matrix.rust_targets }}", "both macOS targets installed");
    let tauri = uses("tauri-apps/tauri-action@v0").expect("builds with Tauri's action");
    assert_eq!(tauri["with"]["releaseDraft"], true, "uploads to a draft release");
    assert_eq!(tauri["with"]["args"], "${{ matrix.args }}");
    assert_eq!(tauri["env"]["GITHUB_TOKEN"], "${{ secrets.GITHUB_TOKEN }}");
    let tauri_at = steps.iter().position(|s| s == tauri).unwrap();

    // The core's native builds (libjpeg-turbo's SIMD, libheif and its
    // decoders) are set up on each runner before the build.
    let run_before = |os: &str| -> String {
        steps[..tauri_at]
            .iter()
            .filter(|s| s["if"].as_str().is_some_and(|c| c.contains(os)))
            .filter_map(|s| s["run"].as_str())
            .collect()
    };
    let win = run_before("Windows");
    assert!(win.contains("nasm") && win.contains("libheif[hevc]") && win.contains("VCPKG_ROOT"), "{win}");
    let mac = run_before("macOS");
    for dep in ["cmake", "nasm", "libde265", "dav1d"] {
        assert!(mac.contains(dep), "macOS lacks {dep}: {mac}");
    }

    // One tauri-cli for the .deb and the release.
    let script = read("scripts/package.sh");
    let pinned = script.lines().find_map(|l| l.strip_prefix("TAURI_CLI_VERSION=")).expect("package.sh pins tauri-cli");
    assert_eq!(job["env"]["TAURI_CLI_VERSION"], pinned);
    assert!(pinned.starts_with("2."), "a Tauri v2 CLI: {pinned}");
}

#[test]
fn desktop_entry_opens_mission_files_in_french_and_english() {
    let e = desktop_entry();
    assert_eq!(entry(&e, "Type"), "Application");
    for key in ["Name", "Comment", "GenericName"] {
        assert!(!entry(&e, key).is_empty());
        assert!(!entry(&e, &format!("{key}[fr]")).is_empty(), "{key} has no French");
    }
    assert_ne!(entry(&e, "Comment"), entry(&e, "Comment[fr]"), "the French comment is French");
    let bin = app_binary();
    assert_eq!(entry(&e, "Exec"), format!("{bin} %f"), "runs the app with the file it was given");
    assert_eq!(entry(&e, "TryExec"), bin);
    // The bundler installs the icons under the binary's name.
    assert_eq!(entry(&e, "Icon"), bin);
    let (mime, _) = mime_xml();
    assert!(entry(&e, "MimeType").split(';').any(|m| m == mime), "the entry opens {mime}");

    #[cfg(target_os = "linux")]
    {
        let out = tool("desktop-file-validate", "desktop-file-utils")
            .arg(root().join("packaging/linux/recap.desktop"))
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && said.trim().is_empty(), "desktop-file-validate: {said}");
    }
}

#[test]
fn mission_files_the_app_names_are_of_the_mission_mime_type() {
    let (mime, globs) = mime_xml();
    assert_eq!(mime, "application/x-recap-mission");
    assert_eq!(globs, ["*.recap.toml"]);
    // The name the app gives a new mission carries the extension the glob and
    // the installers' file association expect.
    let made = recap::session::new_mission_path(Path::new("/missions"), "Japon 2026");
    let name = made.file_name().unwrap().to_str().unwrap();
    assert!(name.ends_with(globs[0].trim_start_matches('*')), "{name} does not match {}", globs[0]);
    let assoc = &tauri_conf()["bundle"]["fileAssociations"][0];
    assert_eq!(assoc["mimeType"], mime.as_str());
    assert!(assoc["ext"].as_array().unwrap().iter().any(|x| name.ends_with(&format!(".{}", x.as_str().unwrap()))));

    // What a desktop computes from the XML: update-mime-database writes the
    // glob table the file manager reads.
    #[cfg(target_os = "linux")]
    {
        let dir = tempfile::tempdir().unwrap();
        let packages = dir.path().join("mime/packages");
        std::fs::create_dir_all(&packages).unwrap();
        std::fs::copy(root().join("packaging/linux/recap-mission.xml"), packages.join("recap.xml")).unwrap();
        let out = tool("update-mime-database", "shared-mime-info").arg(dir.path().join("mime")).output().unwrap();
        assert!(out.status.success(), "update-mime-database: {}", String::from_utf8_lossy(&out.stderr));
        let globs2 = std::fs::read_to_string(dir.path().join("mime/globs2")).unwrap();
        assert!(
            globs2.lines().any(|l| l.ends_with(&format!(":{mime}:*.recap.toml"))),
            "globs2 lacks the mission glob:\n{globs2}"
        );
        assert!(dir.path().join("mime/application/x-recap-mission.xml").is_file());
    }
}

#[test]
fn the_deb_carries_the_command_line_the_desktop_entry_the_mime_type_and_every_icon() {
    let conf = tauri_conf();
    let bundle = &conf["bundle"];
    let conf_dir = root().join("src-tauri");
    let deb = &bundle["linux"]["deb"];
    assert_eq!(
        conf_dir.join(deb["desktopTemplate"].as_str().unwrap()).canonicalize().unwrap(),
        root().join("packaging/linux/recap.desktop").canonicalize().unwrap()
    );
    let files = deb["files"].as_object().unwrap();
    assert!(files["/usr/bin/recap"].as_str().unwrap().ends_with("release/recap"), "the CLI at /usr/bin/recap");
    let mime = files["/usr/share/mime/packages/recap.xml"].as_str().unwrap();
    assert!(conf_dir.join(mime).is_file(), "{mime}");

    // Every icon exists and is the size its name says; the usual hicolor
    // sizes are all there, and Windows' and macOS' own formats.
    let icons: Vec<&str> = bundle["icon"].as_array().unwrap().iter().map(|i| i.as_str().unwrap()).collect();
    let mut sizes = Vec::new();
    for icon in &icons {
        let bytes = std::fs::read(conf_dir.join(icon)).unwrap_or_else(|e| panic!("{icon}: {e}"));
        if !icon.ends_with(".png") {
            continue;
        }
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{icon} is not a PNG");
        let (w, h) = (
            u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
            u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
        );
        assert_eq!(w, h, "{icon} is not square");
        let stem = Path::new(icon).file_stem().unwrap().to_str().unwrap();
        if let Some((a, _)) = stem.split_once('x') {
            let named: u32 = a.parse().unwrap();
            let scale = if stem.ends_with("@2x") { 2 } else { 1 };
            assert_eq!(w, named * scale, "{icon} is {w} px");
        }
        sizes.push(w);
    }
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        assert!(sizes.contains(&size), "no {size} px icon");
    }
    assert!(icons.contains(&"icons/icon.ico") && icons.contains(&"icons/icon.icns"));
    let ico = std::fs::read(conf_dir.join("icons/icon.ico")).unwrap();
    assert_eq!(&ico[..4], b"\0\0\x01\0", "icon.ico is not an ICO");
    let icns = std::fs::read(conf_dir.join("icons/icon.icns")).unwrap();
    assert_eq!(&icns[..4], b"icns");
    assert_eq!(u32::from_be_bytes(icns[4..8].try_into().unwrap()) as usize, icns.len(), "icon.icns length");
}
