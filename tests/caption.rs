//! Captions on the demo mission, and `recap edit caption` keeping the
//! user's text in the mission file across re-plans and template changes.

use recap::caption::{self, Template};
use recap::export;
use recap::lang::Lang;
use recap::mission::Mission;
use recap::pipeline::plan_folders;
use recap::progress::silent;
use recap::Cancel;
use std::process::Command;

fn recap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_recap")).args(args).output().expect("run recap")
}

#[test]
fn demo_captions_read_as_a_quebecer_writes_them() {
    let dir = tempfile::tempdir().expect("temp");
    let mission =
        recap::demo::write_demo_mission(&dir.path().join("photos"), &dir.path().join("m.toml")).expect("demo");
    let plan = plan_folders(
        &[],
        &dir.path().join("cache"),
        &mission,
        Some(&dir.path().join("m.toml")),
        &silent,
        &Cancel::new(),
    )
    .expect("plan");
    let fr = export::items(&plan, &mission, Lang::Fr, None);
    assert!(fr.len() > 100);
    for item in &fr {
        let c = &item.caption;
        assert!(c.text.contains(" juin 2017"), "{}", c.text);
        assert!(c.text.contains(&format!("le {} juin 2017", item.day.format("%-d"))), "{}", c.text);
        assert!(c.credit.starts_with("Photo\u{a0}: ") && c.credit.ends_with('.'), "{}", c.credit);
        assert!(!c.edited);
    }
    // The karaoke night ends after midnight: still dated the evening before.
    let karaoke: Vec<_> = fr.iter().filter(|i| i.moment == Some("Soirée karaoké")).collect();
    assert!(!karaoke.is_empty());
    assert!(karaoke.iter().all(|i| i.caption.text.contains("le 9 juin 2017")), "{:?}", karaoke[0].caption);
    // Agenda venues make it into the caption.
    assert!(fr.iter().any(|i| i.caption.text.contains("Stereolux")), "venues from the agenda");
    let en = export::items(&plan, &mission, Lang::En, None);
    assert!(en.iter().all(|i| i.caption.text.contains("June ") && i.caption.credit.starts_with("Photo: ")));
}

#[test]
fn edit_caption_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp");
    let m = dir.path().join("m.toml");
    let photos = dir.path().join("photos");
    recap::demo::write_demo_mission(&photos, &m).expect("demo");
    let photo = photos.join("Étienne L").join("IMG_4013.JPG");
    assert!(photo.is_file());
    let text = "L’équipe devant la Cité de l’objet connecté";
    let out = recap(&["edit", "--mission", &m.to_string_lossy(), "caption", &photo.to_string_lossy(), text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The file keys photos by source and relative path; a tool that knows
    // them by path reads it through `load_absolute`.
    let mission = recap::identity::load_absolute(&m).expect("load");
    let key = caption::photo_key(&std::fs::canonicalize(&photo).expect("canonical"));
    assert_eq!(mission.captions.get(&key).map(String::as_str), Some(text));

    // A re-plan and another template leave it alone.
    let plan = plan_folders(&[], &dir.path().join("cache"), &mission, Some(&m), &silent, &Cancel::new()).expect("plan");
    let items = export::items(&plan, &mission, Lang::Fr, Some(&Template("{chapter}".into())));
    let item = items.iter().find(|i| i.photo.path.ends_with("Étienne L/IMG_4013.JPG")).expect("the photo is exported");
    assert!(item.caption.edited);
    assert_eq!(item.caption.text, text);
    assert!(
        items.iter().filter(|i| !i.caption.edited).all(|i| !i.caption.text.contains("juin")),
        "the template applies elsewhere"
    );

    // --clear gives the template back.
    let out = recap(&["edit", "--mission", &m.to_string_lossy(), "caption", &photo.to_string_lossy(), "--clear"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(Mission::load(&m).expect("load").captions.is_empty());
    // Text and --clear together make no sense.
    let out = recap(&["edit", "--mission", &m.to_string_lossy(), "caption", &photo.to_string_lossy(), "x", "--clear"]);
    assert!(!out.status.success());
}
