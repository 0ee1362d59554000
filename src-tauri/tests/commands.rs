//! The shell's commands driven through Tauri's mock runtime: the real
//! builder (`recap_app::app`), the real configuration and capabilities
//! (`recap_app::context`), the real core on the demo mission and on folders
//! of real JPEGs, and the same IPC path the web view takes — arguments as
//! JSON, the window's permissions checked, errors as `{code, message}`.

use recap::synth::{self, ExifSpec, Picture};
use recap_app::Launch;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The app with its main window; the cache (catalog, demo, recent list) in
/// a temporary folder.
struct Shell {
    window: WebviewWindow<MockRuntime>,
    _app: App<MockRuntime>,
}

impl Shell {
    fn new(cache: &Path) -> Self {
        let launch = Launch { demo: false, cache_dir: Some(cache.to_path_buf()), open: None };
        let app = recap_app::app(mock_builder(), launch).build(recap_app::context()).expect("build the mock app");
        // tauri.conf.json declares the "main" window, the one the capabilities name.
        let window = match app.get_webview_window("main") {
            Some(w) => w,
            None => WebviewWindowBuilder::new(&app, "main", WebviewUrl::default()).build().expect("main window"),
        };
        Self { window, _app: app }
    }

    /// Calls `cmd` as the web view's `invoke(cmd, args)` does.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let url = if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" };
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().expect("a URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().expect("a JSON answer"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    /// The `{code, message}` a failing command answers; its code.
    fn error_code(&self, cmd: &str, args: Value) -> String {
        let err = match self.invoke(cmd, args) {
            Ok(v) => panic!("{cmd} should fail, answered {v}"),
            Err(e) => e,
        };
        let (Some(code), Some(message)) = (err["code"].as_str(), err["message"].as_str()) else {
            panic!("{cmd}: not a {{code, message}} error: {err}")
        };
        assert!(!code.is_empty() && !message.is_empty(), "{cmd}: empty error {err}");
        code.to_string()
    }
}

/// What the web view passes for `onProgress` (a `Channel`).
const PROGRESS: &str = "__CHANNEL__:7";

fn chapter_titles(trip: &Value) -> Vec<String> {
    trip["plan"]["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .map(|c| c["title"].as_str().expect("a title").to_string())
        .collect()
}

fn first_chapter_id(trip: &Value) -> String {
    trip["plan"]["chapters"][0]["id"].as_str().expect("a chapter id").to_string()
}

#[test]
fn demo_opens_renames_a_chapter_saves_it_and_undoes_it_over_ipc() {
    let cache = tempfile::tempdir().expect("cache");
    let shell = Shell::new(cache.path());

    assert_eq!(shell.ok("trip", json!({})), Value::Null, "no trip before one is opened");
    assert_eq!(shell.error_code("undo", json!({})), "no_mission");

    let trip = shell.ok("open_demo", json!({ "onProgress": PROGRESS }));
    assert!(trip["scan"]["photos"].as_array().expect("photos").len() > 50, "the demo's photos are scanned");
    let before = chapter_titles(&trip);
    assert!(before.len() >= 2, "the demo has several chapters: {before:?}");
    let mission_path = PathBuf::from(trip["missionPath"].as_str().expect("the demo has a mission file"));
    assert!(mission_path.starts_with(cache.path()), "the demo lives in the cache folder");
    assert_eq!(trip["canUndo"], json!(false));

    let chapter = first_chapter_id(&trip);
    let title = "Escale « à Angers »";
    let edited = shell.ok("edit", json!({ "edit": { "kind": "rename", "chapter": chapter, "title": title } }));
    assert_eq!(chapter_titles(&edited)[0], title);
    assert_eq!(edited["canUndo"], json!(true));
    assert_eq!(edited["generation"], trip["generation"], "an edit never rescans");
    let saved = std::fs::read_to_string(&mission_path).expect("mission file");
    assert!(saved.contains(title), "the edit is in the mission file:\n{saved}");
    assert_eq!(chapter_titles(&shell.ok("trip", json!({})))[0], title, "the session holds the edit");

    let undone = shell.ok("undo", json!({}));
    assert_eq!(chapter_titles(&undone), before);
    assert!(!std::fs::read_to_string(&mission_path).expect("mission file").contains(title), "undo is saved too");

    let recent = shell.ok("recent_missions", json!({}));
    assert_eq!(recent[0]["path"].as_str().map(PathBuf::from), Some(mission_path), "the demo is the latest mission");
}

#[test]
fn a_failed_edit_is_a_coded_error_and_changes_nothing() {
    let cache = tempfile::tempdir().expect("cache");
    let shell = Shell::new(cache.path());
    let trip = shell.ok("open_demo", json!({ "onProgress": PROGRESS }));
    let mission_path = trip["missionPath"].as_str().expect("mission file").to_string();
    let saved = std::fs::read(&mission_path).expect("mission file");

    let photos = trip["scan"]["photos"].as_array().expect("photos").len();
    let code = shell.error_code("edit", json!({ "edit": { "kind": "caption", "photo": photos + 10, "text": "x" } }));
    assert_eq!(code, "not_found");
    let code =
        shell.error_code("edit", json!({ "edit": { "kind": "rename", "chapter": "no-such-chapter", "title": "x" } }));
    assert!(!code.is_empty());
    assert_eq!(shell.error_code("set_lang", json!({ "lang": "tlh" })), "invalid");

    let now = shell.ok("trip", json!({}));
    assert_eq!(chapter_titles(&now), chapter_titles(&trip));
    assert_eq!(now["canUndo"], json!(false), "no undo step for a refused edit");
    assert_eq!(std::fs::read(&mission_path).expect("mission file"), saved, "the mission file is untouched");
}

/// A folder of three real JPEGs of one afternoon in Angers, by one participant.
fn photo_folder(root: &Path) -> PathBuf {
    let folder = root.join("photos").join("Marie");
    std::fs::create_dir_all(&folder).expect("photo folder");
    for i in 0..3u32 {
        let exif = ExifSpec {
            datetime_original: Some(format!("2017-06-04T14:{:02}:00", 10 + i).parse().expect("a date and time")),
            offset_time_original: Some("+02:00".into()),
            gps: Some(recap::Gps { lat: 47.4784, lon: -0.5632, alt: None }),
            make: Some("Apple".into()),
            model: Some("iPhone 7".into()),
            ..ExifSpec::default()
        };
        let bytes = synth::jpeg(&Picture::new(96, 64, u64::from(i)), &exif);
        std::fs::write(folder.join(format!("IMG_{i:04}.JPG")), bytes).expect("photo");
    }
    root.join("photos")
}

/// Every file under `dir` and its bytes.
fn contents(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    out
}

#[test]
fn a_created_mission_keeps_its_edit_when_another_app_opens_it() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let photos = photo_folder(tmp.path());
    let missions = tmp.path().join("missions");
    std::fs::create_dir_all(&missions).expect("missions folder");
    let before = contents(&photos);

    let shell = Shell::new(&tmp.path().join("cache"));
    let relative = shell.error_code(
        "create_mission",
        json!({ "name": "Angers", "folders": [photos], "dir": "missions", "onProgress": PROGRESS }),
    );
    assert_eq!(relative, "invalid", "a relative folder for the mission file is refused");

    let trip = shell.ok(
        "create_mission",
        json!({ "name": "Angers", "folders": [photos], "dir": missions, "onProgress": PROGRESS }),
    );
    assert_eq!(trip["mission"], json!("Angers"));
    assert_eq!(trip["scan"]["photos"].as_array().expect("photos").len(), 3);
    let path = trip["missionPath"].as_str().expect("a mission file").to_string();
    assert!(Path::new(&path).starts_with(&missions), "{path} is in the chosen folder");
    let chapter = first_chapter_id(&trip);
    shell.ok("edit", json!({ "edit": { "kind": "rename", "chapter": chapter, "title": "Angers au soleil" } }));
    assert_eq!(shell.ok("missing_sources", json!({ "path": path })), json!([]));
    drop(shell);

    let other = Shell::new(&tmp.path().join("cache2"));
    let reopened = other.ok("open_mission", json!({ "path": path, "onProgress": PROGRESS }));
    assert_eq!(chapter_titles(&reopened)[0], "Angers au soleil");
    assert_eq!(contents(&photos), before, "the photo folder was not written");
}

#[test]
fn opening_a_mission_that_is_not_there_is_a_coded_error() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let shell = Shell::new(tmp.path());
    let missing = tmp.path().join("nowhere.toml");
    let code = shell.error_code("open_mission", json!({ "path": missing, "onProgress": PROGRESS }));
    assert!(!code.is_empty());
    assert_eq!(shell.ok("trip", json!({})), Value::Null, "nothing was opened");
    assert!(shell.invoke("missing_sources", json!({ "path": missing })).is_err());
}

#[test]
fn the_window_may_call_the_app_commands_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let shell = Shell::new(tmp.path());
    let launch = shell.ok("launch_options", json!({}));
    assert_eq!(launch["demo"], json!(false));
    assert_eq!(launch["version"], json!(env!("CARGO_PKG_VERSION")));
    // Dialogs and the file manager open from Rust: the web view has no
    // dialog or opener permission of its own.
    assert!(shell.invoke("plugin:dialog|open", json!({ "options": {} })).is_err());
    assert!(shell.invoke("plugin:opener|open_path", json!({ "path": tmp.path() })).is_err());
    // Removed: nothing in the UI called it (`create_mission` is how folders open).
    assert!(shell.invoke("scan_folders", json!({ "paths": [tmp.path()], "onProgress": PROGRESS })).is_err());
}

#[test]
fn clock_evidence_pairs_the_cameras_photos_with_the_groups_and_follows_its_correction() {
    let cache = tempfile::tempdir().expect("cache");
    let shell = Shell::new(cache.path());
    assert_eq!(shell.error_code("clock_evidence", json!({ "device": "x" })), "no_mission");
    let trip = shell.ok("open_demo", json!({ "onProgress": PROGRESS }));
    let devices = trip["plan"]["devices"].as_array().expect("devices");
    // The demo's Canon is on Montréal time; detection aligns it with the group.
    let canon = devices.iter().find(|d| d["model"] == json!("Canon EOS 80D")).expect("the demo's Canon");
    let key = canon["key"].as_str().expect("a key");
    let pairs = shell.ok("clock_evidence", json!({ "device": key, "n": 3 }));
    let pairs = pairs.as_array().expect("pairs");
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    let generation = trip["generation"].as_u64().expect("generation");
    for p in pairs {
        assert_eq!(p["photo"]["device"], json!(key));
        assert_ne!(p["other"]["device"], json!(key));
        for side in [&p["photo"], &p["other"]] {
            let (id, thumb) = (side["id"].as_u64().expect("an id"), side["thumb"].as_str().expect("a thumbnail"));
            assert!(thumb.ends_with(&format!("/{generation}/{id}")), "{side}");
        }
        assert!(p["secondsApart"].as_i64().expect("seconds").abs() <= 10 * 60, "aligned: {p}");
    }
    // Told the clock is right, its photos land six hours off the group's.
    shell.ok("edit", json!({ "edit": { "kind": "clock", "device": key, "mode": "clear" } }));
    let wrong = shell.ok("clock_evidence", json!({ "device": key }));
    let wrong = wrong.as_array().expect("pairs");
    assert_eq!(wrong.len(), 4, "four unless asked");
    assert!(wrong.iter().any(|p| p["secondsApart"].as_i64().unwrap_or(0).abs() > 3600), "{wrong:?}");
    assert_eq!(shell.error_code("clock_evidence", json!({ "device": "nobody | no camera" })), "not_found");
}

/// Every day of the story, in order: (date, its text, whether it is the draft, its photo ids).
fn story_days(story: &Value) -> Vec<(String, String, bool, Vec<u64>)> {
    let chapters = story["chapters"].as_array().expect("chapters");
    chapters
        .iter()
        .flat_map(|c| c["days"].as_array().expect("days").iter())
        .map(|d| {
            let ids = d["photos"].as_array().expect("photos").iter().map(|p| p["id"].as_u64().expect("an id"));
            (
                d["date"].as_str().expect("a date").to_string(),
                d["text"]["text"].as_str().expect("a text").to_string(),
                d["text"]["draft"].as_bool().expect("draft"),
                ids.collect(),
            )
        })
        .collect()
}

#[test]
fn the_story_tells_each_day_and_keeps_the_users_text_photos_and_cover_over_ipc() {
    let cache = tempfile::tempdir().expect("cache");
    let shell = Shell::new(cache.path());
    assert_eq!(shell.error_code("story", json!({ "lang": "fr" })), "no_mission");
    let trip = shell.ok("open_demo", json!({ "onProgress": PROGRESS }));
    assert_eq!(shell.error_code("story", json!({ "lang": "de" })), "invalid");
    let mission_path = PathBuf::from(trip["missionPath"].as_str().expect("the demo has a mission file"));
    let generation = trip["generation"].as_u64().expect("generation");

    let story = shell.ok("story", json!({ "lang": "fr" }));
    assert_eq!(story["lang"], json!("fr"));
    assert_eq!(story["coverChosen"], json!(false));
    let days = story_days(&story);
    let planned: Vec<&str> = trip["plan"]["chapters"]
        .as_array()
        .expect("chapters")
        .iter()
        .flat_map(|c| c["days"].as_array().expect("days").iter().map(|d| d["date"].as_str().expect("a date")))
        .collect();
    assert_eq!(days.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(), planned, "every day of the plan, in order");
    let photo = &story["chapters"][0]["days"][0]["photos"][0];
    let id = photo["id"].as_u64().expect("an id");
    assert!(photo["thumb"].as_str().expect("a thumbnail").ends_with(&format!("/{generation}/{id}")), "{photo}");
    let (date, _, draft, ids) = days.iter().find(|d| d.3.len() >= 2).expect("a day with two photos").clone();
    assert!(draft, "a day starts on Recap's draft");

    // The user's text, in French only; the English stays Recap's draft.
    let text = "Notre journée « chez WeForge » <b>";
    let edited = shell.ok(
        "edit",
        json!({ "edit": { "kind": "storyText", "target": format!("day:{date}"), "lang": "fr", "text": text } }),
    );
    assert_eq!(edited["canUndo"], json!(true));
    let fr = story_days(&shell.ok("story", json!({ "lang": "fr" })));
    let day = fr.iter().find(|d| d.0 == date).expect("the day");
    assert_eq!((day.1.as_str(), day.2), (text, false));
    let en = story_days(&shell.ok("story", json!({ "lang": "en" })));
    assert!(en.iter().find(|d| d.0 == date).expect("the day").2, "the English text is still the draft");

    // The day's photos swapped, and a cover chosen, by trip id.
    let mut swapped = ids.clone();
    swapped.swap(0, 1);
    shell.ok("edit", json!({ "edit": { "kind": "storyPhotos", "day": date, "photos": swapped } }));
    shell.ok("edit", json!({ "edit": { "kind": "storyCover", "photo": swapped[0] } }));
    let story = shell.ok("story", json!({ "lang": "fr" }));
    let day = story_days(&story).into_iter().find(|d| d.0 == date).expect("the day");
    assert_eq!(day.3, swapped);
    assert_eq!((story["coverChosen"].clone(), story["cover"]["id"].clone()), (json!(true), json!(swapped[0])));
    let saved = std::fs::read_to_string(&mission_path).expect("mission file");
    assert!(saved.contains("[story") && saved.contains("chez WeForge"), "the story is in the mission file:\n{saved}");

    // Undo takes the cover back; null photos and text go back to Recap's.
    shell.ok("undo", json!({}));
    assert_eq!(shell.ok("story", json!({ "lang": "fr" }))["coverChosen"], json!(false));
    shell.ok("edit", json!({ "edit": { "kind": "storyPhotos", "day": date, "photos": null } }));
    shell.ok(
        "edit",
        json!({ "edit": { "kind": "storyText", "target": format!("day:{date}"), "lang": "fr", "text": null } }),
    );
    let story = shell.ok("story", json!({ "lang": "fr" }));
    let day = story_days(&story).into_iter().find(|d| d.0 == date).expect("the day");
    assert!(day.2, "back to the draft");
    assert_eq!(day.3, ids, "back to Recap's choice");

    // What the web view cannot mean is refused, and changes nothing.
    let code = |edit: Value| shell.error_code("edit", json!({ "edit": edit }));
    assert_eq!(code(json!({ "kind": "storyText", "target": "day:juin", "lang": "fr", "text": "x" })), "invalid");
    assert_eq!(code(json!({ "kind": "storyText", "target": "intro", "lang": "de", "text": "x" })), "invalid");
    assert_eq!(code(json!({ "kind": "storyPhotos", "day": "2017-13-01", "photos": [] })), "invalid");
    let photos = trip["scan"]["photos"].as_array().expect("photos").len();
    assert_eq!(code(json!({ "kind": "storyCover", "photo": photos + 5 })), "not_found");
    assert_eq!(story_days(&shell.ok("story", json!({ "lang": "fr" }))), story_days(&story));
}
