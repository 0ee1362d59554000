//! `recap export --preset story` on the demo mission: the page, the
//! Markdown and the post, the photos beside them, resuming, hostile text,
//! both languages, and the command line.

mod support;

use recap::export::{self, ExportOptions, Preset};
use recap::lang::Lang;
use recap::mission::Mission;
use recap::pipeline::PlanReport;
use recap::progress::{silent, ProgressEvent};
use recap::Cancel;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{hash_tree, Demo};

/// Markup, an attribute breakout and a Markdown link opener: all must stay text.
const HOSTILE: &str =
    "<script>window.__pwned=1</script> \"><img src=x onerror=alert(1)> ](http://evil.example) *à l’été*";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The trip's days in album order: what the story must tell, each once.
fn album_days(plan: &PlanReport, mission: &Mission) -> Vec<String> {
    let album = export::album(plan, mission, Lang::Fr, None);
    album
        .chapters
        .iter()
        .flat_map(|c| &c.days)
        .filter(|d| d.moments.iter().any(|m| !m.photos.is_empty()))
        .map(|d| d.date.to_string())
        .collect()
}

/// The values of `attr="…"` in `html`, in order.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest[..rest.find('"').expect("quoted")].to_string()
        })
        .collect()
}

#[test]
fn the_story_is_written_as_a_page_a_markdown_story_and_a_post_with_its_photos() {
    let mut demo = Demo::new();
    let before = hash_tree(&demo.photos());
    let plan = demo.plan();
    // A hostile title and caption, on a photo the story shows.
    demo.mission.name = format!("Mission {HOSTILE}");
    let album = export::album(&plan, &demo.mission, Lang::Fr, None);
    let story = recap::story::build(&album, &demo.mission, Lang::Fr);
    let shown =
        story.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.photos).next().expect("a photo").path.clone();
    demo.mission.captions.insert(recap::caption::photo_key(&shown), HOSTILE.into());

    let out = demo.out("story");
    let opts = ExportOptions::new(Preset::Story, &out);
    let rep = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("export");
    assert!(rep.failed.is_empty(), "{:?}", rep.failed);
    assert!(rep.photos >= 10, "{} photos", rep.photos);
    assert_eq!(rep.written, rep.photos, "one file per photo, the cover included");
    let html = read(&out.join("index.html"));
    let md = read(&out.join("story.md"));
    let post = read(&out.join("post.txt"));

    // Every trip day, once, in the album's order, in the page and in Markdown.
    let days = album_days(&plan, &demo.mission);
    assert!(days.len() >= 8, "{days:?}");
    assert_eq!(attrs(&html, "data-date"), days, "one section per day, in order");
    let md_days: Vec<&str> = md.lines().filter(|l| l.starts_with("### ")).collect();
    assert_eq!(md_days.len(), days.len(), "{md_days:?}");
    assert!(md_days[0].contains("juin 2017"), "{}", md_days[0]);
    assert_eq!(md.lines().filter(|l| l.starts_with("# ")).count(), 1, "one title");
    assert!(md.lines().any(|l| l == "## Angers"), "a heading per chapter");

    // Every image the page and the Markdown show is a file of the export;
    // nothing is asked of the network or outside the folder.
    let srcs = attrs(&html, "src");
    assert!(srcs.len() > days.len(), "{} images", srcs.len());
    assert_eq!(srcs[0], "photos/cover.jpg", "the cover first");
    for src in &srcs {
        assert!(src.starts_with("photos/") && !src.contains(".."), "{src}");
        let bytes = std::fs::read(out.join(src)).expect("the image is there");
        assert!(bytes.starts_with(&[0xff, 0xd8]) && bytes.ends_with(&[0xff, 0xd9]), "{src} is a whole JPEG");
    }
    for line in md.lines().filter(|l| l.starts_with("![")) {
        let file = &line[line.rfind("](").expect("a link") + 2..line.len() - 1];
        assert!(out.join(file).is_file(), "{line}");
    }
    // The only URL in the page is the hostile caption's, as text.
    let urls = html.matches("http://").count() + html.matches("https://").count();
    assert_eq!(urls, html.matches("](http://evil.example)").count(), "the page links to no URL");
    assert!(!html.contains("href=") && !html.contains("url("), "nothing to follow, nothing to fetch");
    assert!(!html.contains("<script") && !html.contains("<link"), "no script, no outside style");
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<svg class=\"route-map\""), "the route is drawn");
    assert!(html.contains("@media print") && html.contains("size: A4"), "a print stylesheet");

    // Hostile text stays text: escaped in HTML, inert in Markdown.
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img src=x") && !html.contains("onerror=alert(1)>"));
    assert!(md.contains("\\<script\\>window.\\_\\_pwned=1\\</script\\>"), "{md}");
    assert!(md.contains("\\](http://evil.example) \\*à l’été\\*"));
    assert!(!md.contains(" ](http"), "the caption opens no link");

    // The post: plain text in French, the highlights and credits.
    assert!(post.starts_with("Mission <script>"), "plain text, as written: {post}");
    assert!(post.contains("juin 2017") && post.contains("photos"), "{post}");
    assert!(post.contains("Photos\u{a0}: "), "the credits: {post}");
    for who in &story.credits {
        assert!(post.contains(&who.name), "{} credited", who.name);
        assert!(html.contains(&recap::export::web::html_escape(&who.name)));
    }

    // A rerun renders nothing again; the manifest names the preset.
    let again = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("rerun");
    assert_eq!((again.written, again.kept), (0, rep.photos));
    assert_eq!(read(&out.join("index.html")), html, "the same page");
    let manifest: serde_json::Value = serde_json::from_str(&read(&out.join(".recap-export.json"))).expect("JSON");
    assert_eq!(manifest["preset"], "story");
    assert_eq!(manifest["in_progress"], false);
    // Another preset into the story's folder is refused.
    let web = ExportOptions::new(Preset::Web, &out);
    let err = export::export(&plan, &demo.mission, &[demo.photos()], &web, &silent, &Cancel::new()).expect_err("other");
    assert_eq!(recap::error::Coded::code(&err), "export_other_preset");
    assert_eq!(hash_tree(&demo.photos()), before, "the sources are untouched");
}

#[test]
fn an_interrupted_story_export_resumes_where_it_stopped() {
    let demo = Demo::new();
    let plan = demo.plan();
    let out = demo.out("story");
    let opts = ExportOptions::new(Preset::Story, &out);
    let cancel = Cancel::new();
    let stop = cancel.clone();
    let on = move |ev: ProgressEvent| {
        if let ProgressEvent::Rendering { done, total } = ev {
            if done * 3 >= total {
                stop.cancel();
            }
        }
    };
    let err = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &on, &cancel).expect_err("cancelled");
    assert!(matches!(err, recap::Error::Cancelled), "{err}");
    assert!(!out.join("index.html").exists(), "the page is written last, once its photos are");
    let done: Vec<PathBuf> =
        std::fs::read_dir(out.join("photos")).expect("photos").flatten().map(|e| e.path()).collect();
    assert!(!done.is_empty(), "some photos were written");
    // A crash mid-write leaves a temporary name, never a half file under a final one.
    let stray = out.join("photos").join(".recap-killed.tmp");
    std::fs::write(&stray, b"half a JPEG").expect("stray");

    let rep = export::export(&plan, &demo.mission, &[demo.photos()], &opts, &silent, &Cancel::new()).expect("resume");
    assert_eq!(rep.kept, done.len(), "what was done is not redone");
    assert_eq!(rep.written + rep.kept, rep.photos);
    assert!(!stray.exists(), "temporaries are swept");
    for src in attrs(&read(&out.join("index.html")), "src") {
        assert!(out.join(&src).is_file(), "{src}");
    }
}

#[test]
fn the_command_line_exports_the_story_in_english_with_the_users_own_words() {
    let demo = Demo::new();
    let mission = demo.mission_path();
    let plan = demo.plan();
    let day = album_days(&plan, &demo.mission)[2].clone();
    // The user's words for one day, as the mission file stores them.
    let mut toml = read(&mission);
    toml.push_str(&format!(
        "\n[story.days.\"{day}\"]\ntext = {{ en = \"We won the web quiz.\\n\\n# Not a heading <b>bold?</b>\" }}\n"
    ));
    std::fs::write(&mission, toml).expect("write the mission");

    let out = demo.out("en");
    let run = Command::new(env!("CARGO_BIN_EXE_recap"))
        .arg("export")
        .arg("--mission")
        .arg(&mission)
        .arg("--cache")
        .arg(demo.cache())
        .args(["--preset", "story", "--lang", "en", "--json", "--out"])
        .arg(&out)
        .output()
        .expect("run recap");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let rep: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON report");
    assert!(rep["written"].as_u64().is_some_and(|n| n > 0), "{rep}");

    let html = read(&out.join("index.html"));
    let md = read(&out.join("story.md"));
    let post = read(&out.join("post.txt"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("June") && !html.contains("juin"), "English dates");
    assert!(html.contains("<h2>Who was there</h2>"));
    // The user's text, its paragraphs kept and its markup as text.
    assert!(html.contains("<p>We won the web quiz.</p><p># Not a heading &lt;b&gt;bold?&lt;/b&gt;</p>"), "{html}");
    assert!(md.contains("We won the web quiz.\n\n\\# Not a heading \\<b\\>bold?\\</b\\>\n"), "{md}");
    assert!(post.contains("Photos: ") && post.contains("June"), "{post}");

    // The French story of the same trip is French.
    let fr = demo.out("fr");
    let run = Command::new(env!("CARGO_BIN_EXE_recap"))
        .arg("export")
        .arg("--mission")
        .arg(&mission)
        .arg("--cache")
        .arg(demo.cache())
        .args(["--preset", "story", "--out"])
        .arg(&fr)
        .output()
        .expect("run recap");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let html = read(&fr.join("index.html"));
    assert!(html.contains("<html lang=\"fr-CA\">") && html.contains("juin 2017") && html.contains("Étaient du voyage"));
    assert!(!html.contains("We won the web quiz"), "the English text is not the French story's");
}
