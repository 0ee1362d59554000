//! Every code the app can receive is worded in French and in English by
//! `ui/lib/i18n.js`: the file problems (skipped files, failed exports) and
//! the errors that stop an operation (the core's, the mission file's, the
//! programme's, the session's, the shell's own).

use recap::agenda::AgendaError;
use recap::error::Coded;
use recap::guard::OpenError;
use recap::mission::MissionError;
use recap::model::FileProblem;
use recap::session::SessionError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The French and the English tables of `ui/lib/i18n.js`.
fn tables() -> (String, String) {
    let js = std::fs::read_to_string(repo("ui/lib/i18n.js")).expect("read i18n.js");
    let fr = js.find("\n  fr: {").expect("a fr table");
    let en = js.find("\n  en: {").expect("an en table");
    let end = js[en..].find("\n};").map(|i| en + i).expect("the end of STRINGS");
    assert!(fr < en);
    (js[fr..en].to_string(), js[en..end].to_string())
}

fn has(table: &str, key: &str) -> bool {
    table.contains(&format!("\n    {key}:")) || table.contains(&format!("\n    \"{key}\":"))
}

fn mission_errors() -> Vec<MissionError> {
    let p = PathBuf::from("/m/Angers.toml");
    let all = vec![
        MissionError::Io { path: p.clone(), source: std::io::Error::from(std::io::ErrorKind::PermissionDenied) },
        MissionError::TooNew { path: p.clone(), found: 9 },
        MissionError::Corrupt { path: p.clone(), line: 1, column: 2, message: "x".into(), backup: None },
        MissionError::Invalid { path: p.clone(), message: "x".into() },
        MissionError::InsideSource { path: p.clone(), source_folder: "/m".into() },
        MissionError::Serialize("x".into()),
        MissionError::NotAMission { path: p.clone(), why: "x".into() },
        MissionError::NoSuchVersion { path: p, number: 3, available: 2 },
    ];
    for e in &all {
        // A new variant fails to compile here until it has an example.
        match e {
            MissionError::Io { .. }
            | MissionError::TooNew { .. }
            | MissionError::Corrupt { .. }
            | MissionError::Invalid { .. }
            | MissionError::InsideSource { .. }
            | MissionError::Serialize(_)
            | MissionError::NotAMission { .. }
            | MissionError::NoSuchVersion { .. } => {}
        }
    }
    all
}

fn agenda_errors() -> Vec<AgendaError> {
    let p = PathBuf::from("/m/programme.ics");
    let all = vec![
        AgendaError::Io { path: p.clone(), source: std::io::Error::from(std::io::ErrorKind::NotFound) },
        AgendaError::NotText("x".into()),
        AgendaError::NotCalendar("x".into()),
        AgendaError::Syntax { what: "x".into(), message: "x".into() },
        AgendaError::Refused { path: p.clone(), source: OpenError::NotRegular },
        AgendaError::Refused { path: p, source: OpenError::TooLarge { size: 2, limit: 1 } },
        AgendaError::TooDeep { what: "x".into() },
    ];
    for e in &all {
        match e {
            AgendaError::Io { .. }
            | AgendaError::NotText(_)
            | AgendaError::NotCalendar(_)
            | AgendaError::Syntax { .. }
            | AgendaError::Refused { .. }
            | AgendaError::TooDeep { .. } => {}
        }
    }
    all
}

fn session_errors() -> Vec<SessionError> {
    let all = vec![
        SessionError::Invalid("x".into()),
        SessionError::NotFound("x".into()),
        SessionError::NotReady("x".into()),
        SessionError::InsideSource { path: "/m/Zoé/out".into(), source_folder: "/m/Zoé".into() },
    ];
    for e in &all {
        match e {
            SessionError::Core(_)
            | SessionError::Mission(_)
            | SessionError::Invalid(_)
            | SessionError::NotFound(_)
            | SessionError::NotReady(_)
            | SessionError::InsideSource { .. } => {}
        }
    }
    all
}

/// The codes the shell makes itself (`IpcError::new("…"` in src-tauri).
fn shell_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::from(["internal".to_string()]);
    for entry in std::fs::read_dir(repo("src-tauri/src")).expect("src-tauri/src") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for (i, _) in text.match_indices("IpcError::new(\"") {
            let rest = &text[i + "IpcError::new(\"".len()..];
            codes.insert(rest[..rest.find('"').expect("closing quote")].to_string());
        }
    }
    codes
}

#[test]
fn every_file_problem_code_is_worded_in_french_and_english() {
    let (fr, en) = tables();
    for p in FileProblem::samples() {
        let key = format!("skip_{}", p.code());
        assert!(has(&fr, &key) && has(&en, &key), "{key} is missing from ui/lib/i18n.js ({p})");
    }
}

#[test]
fn every_error_code_the_app_can_receive_is_worded_in_french_and_english() {
    let (fr, en) = tables();
    let mut codes: BTreeSet<String> = shell_codes();
    let coded: Vec<Box<dyn Coded>> = recap::Error::samples()
        .into_iter()
        .map(|e| Box::new(e) as Box<dyn Coded>)
        .chain(mission_errors().into_iter().map(|e| Box::new(e) as Box<dyn Coded>))
        .chain(agenda_errors().into_iter().map(|e| Box::new(recap::Error::from(e)) as Box<dyn Coded>))
        .chain(session_errors().into_iter().map(|e| Box::new(e) as Box<dyn Coded>))
        .collect();
    for e in &coded {
        assert!(!e.to_string().is_empty());
        codes.insert(e.code().to_string());
    }
    // An export's failed photo whose file could not be written.
    codes.insert("io".into());
    for code in &codes {
        let key = format!("error.{code}");
        assert!(has(&fr, &key) && has(&en, &key), "{key} is missing from ui/lib/i18n.js");
    }
    assert!(codes.contains("agenda_not_calendar") && codes.contains("mission_corrupt"), "{codes:?}");
}

#[test]
fn inside_a_photo_folder_has_one_code_everywhere() {
    let mission = MissionError::InsideSource { path: "/m/Zoé/m.toml".into(), source_folder: "/m/Zoé".into() };
    let session = SessionError::InsideSource { path: "/m/Zoé/out".into(), source_folder: "/m/Zoé".into() };
    let core = recap::Error::InsideSource { path: "/m/Zoé/out".into(), source_folder: "/m/Zoé".into() };
    assert_eq!(mission.code(), "inside_source");
    assert_eq!(recap::Error::from(mission).code(), "inside_source");
    assert_eq!(session.code(), "inside_source");
    assert_eq!(recap::Error::from(session).code(), "inside_source");
    assert_eq!(core.code(), recap::export::INSIDE_SOURCE);
    let (fr, en) = tables();
    assert!(!has(&fr, "error.mission_inside_source") && !has(&en, "error.mission_inside_source"));
}
