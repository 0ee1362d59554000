//! The album as people see it, pinned where it leaves Recap: `recap plan
//! --json` and the facebook export's text files, on the demo mission with a
//! caption, a rejection, a display name, an introduction and a template of
//! the user's. The JSON is compared as a contract: every field of the golden
//! file must be there with the same value; fields may be added.
//!
//! `RECAP_BLESS=1 cargo test --test album_contract` rewrites the golden files.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn recap(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap");
    assert!(out.status.success(), "recap {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/album").join(name)
}

/// `actual` holds every field of `want` with the same value (arrays
/// element by element, same length); extra fields are allowed.
fn contains(want: &Value, actual: &Value, at: &str, diffs: &mut Vec<String>) {
    match (want, actual) {
        (Value::Object(w), Value::Object(a)) => {
            for (k, wv) in w {
                match a.get(k) {
                    Some(av) => contains(wv, av, &format!("{at}.{k}"), diffs),
                    None => diffs.push(format!("{at}.{k}: missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(a)) if w.len() == a.len() => {
            for (i, (wv, av)) in w.iter().zip(a).enumerate() {
                contains(wv, av, &format!("{at}[{i}]"), diffs);
            }
        }
        (w, a) if w == a => {}
        (w, a) => diffs.push(format!("{at}: want {w}, got {a}")),
    }
}

struct Trip {
    dir: tempfile::TempDir,
}

impl Trip {
    /// The demo with one edit of each kind a reader of the album shows.
    fn new() -> Trip {
        let dir = tempfile::tempdir().expect("tempdir");
        let t = Trip { dir };
        recap(&["demo", &t.path("photos"), "--mission", &t.path("mission.toml")]);
        let plan = t.plan();
        let photos = paths(&plan);
        let m = t.path("mission.toml");
        recap(&["edit", "--mission", &m, "caption", &photos[1], "Le <b>gâteau</b> & « nous »"]);
        recap(&["edit", "--mission", &m, "pick", "--reject", &photos[2]]);
        recap(&["edit", "--mission", &m, "stars", "4", &photos[3]]);
        let folder =
            plan["chapters"][0]["days"][0]["moments"][0]["photos"][0]["contributor"].as_str().expect("a contributor");
        recap(&["edit", "--mission", &m, "participant", folder, "Étienne Lavoie-Tremblay"]);
        let second = plan["chapters"][1]["id"].as_str().expect("a second chapter");
        // As a hand edit would: the tables the CLI has no command for.
        let mut text = std::fs::read_to_string(&m).expect("mission");
        text.push_str(&format!("\n[intros.\"{second}\"]\nfr = \"Notre arrivée.\"\n\n[templates]\nfr = \"{{chapter}} : {{moment}}, {{date}}\"\n"));
        std::fs::write(&m, text).expect("mission");
        t
    }

    fn path(&self, rel: &str) -> String {
        self.dir.path().join(rel).to_string_lossy().into_owned()
    }

    fn plan(&self) -> Value {
        let out = recap(&["plan", "--mission", &self.path("mission.toml"), "--cache", &self.path("cache"), "--json"]);
        serde_json::from_slice(&out.stdout).expect("one JSON document")
    }

    /// Paths as the golden files spell them, whatever the temporary folder.
    fn portable(&self, text: &str) -> String {
        let root = self.dir.path().to_string_lossy().into_owned();
        let text = text.replace(&root, "$DIR");
        // JSON doubles Windows' separators.
        let text = text.replace(&root.replace('\\', "\\\\"), "$DIR").replace("\\\\", "/").replace('\\', "/");
        stable_group_ids(&text)
    }
}

/// Group ids hash their first member's absolute path: numbered in order of
/// appearance instead (`g-1`, `g-2`…), the same in every folder.
fn stable_group_ids(text: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\"g-") {
        let id = rest.get(at + 1..at + 15).filter(|id| id[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(id) = id.filter(|_| rest.as_bytes().get(at + 15) == Some(&b'"')) else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        };
        let n = seen.iter().position(|s| *s == id).unwrap_or_else(|| {
            seen.push(id);
            seen.len() - 1
        });
        out.push_str(&rest[..at + 1]);
        out.push_str(&format!("g-{}", n + 1));
        rest = &rest[at + 15..];
    }
    out.push_str(rest);
    out
}

fn paths(plan: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in plan["chapters"].as_array().expect("chapters") {
        for d in c["days"].as_array().expect("days") {
            for m in d["moments"].as_array().expect("moments") {
                for p in m["photos"].as_array().expect("photos") {
                    out.push(p["path"].as_str().expect("path").to_string());
                }
            }
        }
    }
    out
}

/// Every text file of an export, in path order, each under its name.
fn text_files(out: &Path) -> String {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    let mut text = String::new();
    for f in files {
        let rel = f.strip_prefix(out).expect("under out").to_string_lossy().replace('\\', "/");
        text.push_str(&format!("=== {rel}\n{}", std::fs::read_to_string(&f).expect("utf-8 text")));
    }
    text
}

fn check_text(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("RECAP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("golden folder");
        std::fs::write(&path, actual).expect("bless");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("golden file (RECAP_BLESS=1 writes it)");
    if want != actual {
        let first = want.lines().zip(actual.lines()).position(|(w, a)| w != a);
        panic!(
            "{name} differs from its golden file at line {:?}\nwant: {:?}\ngot:  {:?}",
            first.map(|i| i + 1),
            first.and_then(|i| want.lines().nth(i)),
            first.and_then(|i| actual.lines().nth(i))
        );
    }
}

#[test]
fn plan_json_and_facebook_texts_keep_their_contract() {
    let trip = Trip::new();
    let plan = trip.portable(&serde_json::to_string_pretty(&trip.plan()).expect("json"));
    let actual: Value = serde_json::from_str(&plan).expect("json");
    let path = golden("plan.json");
    if std::env::var_os("RECAP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("golden folder");
        std::fs::write(&path, plan + "\n").expect("bless");
    } else {
        let want: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("golden plan.json (RECAP_BLESS=1 writes it)"))
                .expect("golden json");
        let mut diffs = Vec::new();
        contains(&want, &actual, "", &mut diffs);
        assert!(diffs.is_empty(), "recap plan --json broke its contract:\n{}", diffs.join("\n"));
    }

    let out = trip.dir.path().join("facebook");
    let out_s = out.to_string_lossy().into_owned();
    let m = trip.path("mission.toml");
    let cache = trip.path("cache");
    recap(&["export", "--mission", &m, "--cache", &cache, "--preset", "facebook", "--out", &out_s]);
    check_text("facebook.txt", &trip.portable(&text_files(&out)));
}
