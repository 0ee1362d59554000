//! The organizers' programme (.ics): the demo file, zones, folding, and
//! broken events that must not sink the rest.

use chrono::{DateTime, Utc};
use recap::agenda::{self, Agenda, InlineEvent};
use recap::mission::Mission;

fn demo_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo-programme.ics")
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().expect("test instant")
}

fn demo() -> Agenda {
    agenda::load(demo_path()).expect("demo programme loads")
}

#[test]
fn demo_programme_parses_with_exact_utc_instants() {
    let a = demo();
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    let got: Vec<(&str, DateTime<Utc>, DateTime<Utc>)> =
        a.events.iter().map(|e| (e.summary.as_str(), e.start, e.end)).collect();
    // June in Europe/Paris is UTC+2: 10:00 there is 08:00Z.
    let want = vec![
        ("Visite de la Cité de l'objet connecté", utc("2017-06-05T08:00:00Z"), utc("2017-06-05T10:30:00Z")),
        ("Matinée à WeForge", utc("2017-06-06T07:00:00Z"), utc("2017-06-06T10:30:00Z")),
        ("Visites d’entreprises à Angers Technopole", utc("2017-06-06T12:00:00Z"), utc("2017-06-06T15:00:00Z")),
        ("Visites d’entreprises sur l’île de Nantes", utc("2017-06-07T12:00:00Z"), utc("2017-06-07T15:30:00Z")),
        ("Web2Day — conférences", utc("2017-06-08T07:00:00Z"), utc("2017-06-09T16:00:00Z")),
        ("Soirée karaoké", utc("2017-06-09T19:30:00Z"), utc("2017-06-09T23:30:00Z")),
        // Written in UTC (`Z`) in the file: 11:00 in Nantes.
        ("Quiz web contre les Belges", utc("2017-06-10T09:00:00Z"), utc("2017-06-10T10:30:00Z")),
    ];
    assert_eq!(got, want);
}

#[test]
fn demo_programme_keeps_places_accents_and_folded_lines() {
    let a = demo();
    let cite = &a.events[0];
    assert_eq!(cite.geo, Some((47.4637, -0.5970)));
    // `\,` is unescaped.
    assert_eq!(cite.location.as_deref(), Some("Cité de l'objet connecté, 1 rue de la Claie, Angers"));
    assert_eq!(a.events[1].geo, Some((47.4700, -0.5530)));
    let web2day = a.events.iter().find(|e| e.summary.starts_with("Web2Day")).expect("web2day");
    assert_eq!(web2day.geo, Some((47.2058, -1.5640)));
    // This LOCATION is folded in the file, right before a space: the space survives.
    assert_eq!(
        web2day.location.as_deref(),
        Some("Stereolux, salles Maxi et Micro, 4 boulevard Léon Bureau, île de Nantes, 44200 Nantes")
    );
    let raw = std::fs::read_to_string(demo_path()).expect("read");
    assert!(raw.contains("\r\n  de Nantes"), "the fixture must keep its folded line");
}

#[test]
fn line_endings_do_not_matter() {
    let raw = std::fs::read_to_string(demo_path()).expect("read");
    let lf = agenda::parse(&raw.replace("\r\n", "\n")).expect("LF file");
    assert_eq!(lf, demo());
    // A byte-order mark, as some Windows tools write.
    let bom = agenda::parse(&format!("\u{feff}{raw}")).expect("BOM file");
    assert_eq!(bom, demo());
}

const BROKEN: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:a\r
SUMMARY:Date cassée\r
DTSTART;TZID=Europe/Paris:2017-06-XX\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:b\r
SUMMARY:Sans début\r
DTEND:20170606T100000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:c\r
SUMMARY:Fin absurde\r
DTSTART:20170606T100000Z\r
DTEND:20170606T080000Z\r
GEO:four;five\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:d\r
SUMMARY:Déjeuner à Nantes\r
DTSTART;TZID=Europe/Paris:20170607T120000\r
DURATION:PT1H30M\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:e\r
SUMMARY:Annulé\r
STATUS:CANCELLED\r
DTSTART:20170607T120000Z\r
END:VEVENT\r
END:VCALENDAR\r
";

#[test]
fn broken_events_are_warnings_and_the_rest_loads() {
    let a = agenda::parse(BROKEN).expect("the file as a whole is fine");
    let summaries: Vec<&str> = a.events.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(summaries, ["Fin absurde", "Déjeuner à Nantes"]);

    let fin = &a.events[0];
    assert_eq!(fin.end, fin.start, "an end before the start is dropped");
    assert_eq!(fin.geo, None);
    let lunch = &a.events[1];
    assert_eq!(lunch.start, utc("2017-06-07T10:00:00Z"));
    assert_eq!(lunch.end, utc("2017-06-07T11:30:00Z"));

    let about = |s: &str| {
        a.warnings.iter().filter(|w| w.summary.as_deref() == Some(s)).map(|w| w.to_string()).collect::<Vec<_>>()
    };
    assert!(about("Date cassée").iter().any(|w| w.contains("DTSTART") && w.contains("2017-06-XX")), "{:?}", a.warnings);
    assert!(about("Sans début").iter().any(|w| w.contains("no DTSTART")), "{:?}", a.warnings);
    assert_eq!(about("Fin absurde").len(), 2, "{:?}", a.warnings);
    assert!(about("Annulé").iter().any(|w| w.contains("cancelled")));
    assert_eq!(a.warnings.len(), 5, "{:?}", a.warnings);
}

#[test]
fn floating_times_all_day_events_and_zone_names() {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\n\
BEGIN:VEVENT\nSUMMARY:Flottant\nDTSTART:20170605T100000\nEND:VEVENT\n\
BEGIN:VEVENT\nSUMMARY:Journée libre\nDTSTART;VALUE=DATE:20170611\nEND:VEVENT\n\
BEGIN:VEVENT\nSUMMARY:Outlook\nDTSTART;TZID=\"Romance Standard Time\":20170605T150000\nEND:VEVENT\n\
BEGIN:VEVENT\nSUMMARY:Mozilla\nDTSTART;TZID=/mozilla.org/20050126_1/America/Toronto:20170601T180000\nEND:VEVENT\n\
END:VCALENDAR\n";
    let paris: chrono_tz::Tz = "Europe/Paris".parse().expect("tz");
    let a = agenda::parse_in(text, Some(paris)).expect("parses");
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    let get = |s: &str| a.events.iter().find(|e| e.summary == s).expect(s);
    assert_eq!(get("Flottant").start, utc("2017-06-05T08:00:00Z"));
    assert_eq!(get("Journée libre").start, utc("2017-06-10T22:00:00Z"));
    assert_eq!(get("Journée libre").end, utc("2017-06-11T22:00:00Z"));
    assert_eq!(get("Outlook").start, utc("2017-06-05T13:00:00Z"));
    assert_eq!(get("Mozilla").start, utc("2017-06-01T22:00:00Z"));

    // Without a zone, floating times are read as UTC and said so.
    let a = agenda::parse(text).expect("parses");
    assert!(a.warnings.iter().any(|w| w.message.contains("floating")));
    assert_eq!(a.events.iter().find(|e| e.summary == "Flottant").expect("event").start, utc("2017-06-05T10:00:00Z"));
}

#[test]
fn not_a_calendar_is_an_error() {
    let e = agenda::parse("Programme : lundi visite, mardi WeForge").expect_err("not ics");
    assert_eq!(e.code(), "agenda_not_calendar");
    let e = agenda::load("/no/such/programme.ics").expect_err("missing");
    assert_eq!(e.code(), "io");
    let e: recap::Error = e.into();
    assert_eq!(e.code(), "io");
}

#[test]
fn the_mission_programme_is_its_file_plus_its_own_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(demo_path(), dir.path().join("programme.ics")).expect("copy");
    let toml = r#"
schema = 1
name = "Démo"
[time]
zone = "Europe/Paris"
[agenda]
file = "programme.ics"
[[agenda.events]]
summary = "Pot de départ"
start = 2017-06-11T18:00:00
end = "2017-06-11T20:00"
location = "Nantes"
geo = [47.2184, -1.5536]
[[agenda.events]]
summary = "Décalée"
start = 2017-06-04T09:00:00-04:00
[[agenda.events]]
summary = "Illisible"
start = "demain matin"
"#;
    let mission_path = dir.path().join("mission.toml");
    std::fs::write(&mission_path, toml).expect("write");
    let mission = Mission::load(&mission_path).expect("mission loads");
    assert_eq!(
        mission.agenda.events[0],
        InlineEvent {
            summary: "Pot de départ".into(),
            start: "2017-06-11T18:00:00".into(),
            end: Some("2017-06-11T20:00".into()),
            location: Some("Nantes".into()),
            geo: Some([47.2184, -1.5536]),
        }
    );
    let a = mission.programme(&mission_path).expect("agenda");
    assert_eq!(a.events.len(), 9);
    assert_eq!(a.events[0].summary, "Décalée");
    assert_eq!(a.events[0].start, utc("2017-06-04T13:00:00Z"));
    let last = a.events.last().expect("events");
    assert_eq!(last.summary, "Pot de départ");
    assert_eq!((last.start, last.end), (utc("2017-06-11T16:00:00Z"), utc("2017-06-11T18:00:00Z")));
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].to_string().contains("demain matin"));
}

/// A programme with one good event and `bad` (the lines of a broken VEVENT).
fn with_bad_event(bad: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\nVERSION:2.0\n\
BEGIN:VEVENT\nSUMMARY:Bon\nDTSTART:20170605T100000Z\nDTEND:20170605T110000Z\nEND:VEVENT\n\
BEGIN:VEVENT\nSUMMARY:Mauvais\n{bad}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
}

fn only_good_event_and_a_warning(a: &Agenda, about: &str) {
    let summaries: Vec<&str> = a.events.iter().map(|e| e.summary.as_str()).collect();
    assert!(summaries.contains(&"Bon"), "{summaries:?}");
    let warned: Vec<String> =
        a.warnings.iter().filter(|w| w.summary.as_deref() == Some("Mauvais")).map(|w| w.to_string()).collect();
    assert!(warned.iter().any(|w| w.contains(about)), "{:?}", a.warnings);
}

#[test]
fn absurd_duration_is_a_warning_not_a_panic() {
    for duration in ["P999999999999W", "PT9223372036854775807S", "P99999999999999999999D", "P401D", "-P1000W"] {
        let a = agenda::parse(&with_bad_event(&format!("DTSTART:20170605T100000Z\nDURATION:{duration}")))
            .expect("the file loads");
        only_good_event_and_a_warning(&a, "DURATION");
        let bad = a.events.iter().find(|e| e.summary == "Mauvais");
        // Kept as an event without an end, never with an absurd one.
        assert!(bad.is_none_or(|e| e.end == e.start), "{duration}: {bad:?}");
    }
    // An end 300 years after the start is dropped too.
    let a = agenda::parse(&with_bad_event("DTSTART:20170605T100000Z\nDTEND:21170605T100000Z")).expect("loads");
    only_good_event_and_a_warning(&a, "more than 400 days");
}

#[test]
fn year_99999_is_a_warning_not_a_panic() {
    for start in ["999990605T100000Z", "999990605T100000", "99990605", "18000605T100000Z", "+2620000605T100000Z"] {
        let a = agenda::parse_in(&with_bad_event(&format!("DTSTART:{start}")), Some(chrono_tz::Europe::Paris))
            .expect("the file loads");
        only_good_event_and_a_warning(&a, "DTSTART");
        assert!(a.events.iter().all(|e| e.summary != "Mauvais"), "{start}");
    }
}

#[test]
fn ten_thousand_nested_valarms_are_refused_not_a_stack_overflow() {
    let mut text =
        String::from("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:Gigogne\nDTSTART:20170605T100000Z\n");
    text.push_str(&"BEGIN:VALARM\n".repeat(10_000));
    text.push_str(&"END:VALARM\n".repeat(10_000));
    text.push_str("END:VEVENT\nEND:VCALENDAR\n");
    let e = agenda::parse(&text).expect_err("too deep");
    assert_eq!(e.code(), "agenda_too_deep");
    // A normal alarm inside an event is fine.
    let a = agenda::parse(&with_bad_event(
        "DTSTART:20170605T120000Z\nBEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:-PT15M\nEND:VALARM",
    ))
    .expect("loads");
    assert_eq!(a.events.len(), 2, "{:?}", a.warnings);
}

/// A mission in `dir` whose agenda is `file`.
fn mission_naming(dir: &std::path::Path, file: &std::path::Path) -> (Mission, std::path::PathBuf) {
    let path = dir.join("mission.toml");
    let text = format!(
        "recap = 1\nname = \"Partagée\"\n[agenda]\nfile = {}\n[[agenda.events]]\nsummary = \"À la main\"\nstart = \"2017-06-05T10:00:00Z\"\n",
        toml::Value::String(file.to_string_lossy().into_owned())
    );
    std::fs::write(&path, text).expect("write");
    (Mission::load(&path).expect("the mission loads whatever its agenda"), path)
}

/// The mission still has a programme (its own events) and one warning
/// about the file, within a few seconds (a FIFO must not block).
fn plans_with_a_warning(dir: &std::path::Path, file: &std::path::Path, about: &str) {
    let (mission, path) = mission_naming(dir, file);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(mission.programme(&path).map_err(|e| e.to_string()));
    });
    let a = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("reading the agenda blocked")
        .expect("a bad agenda file is a warning, not an error");
    assert_eq!(a.events.iter().map(|e| e.summary.as_str()).collect::<Vec<_>>(), ["À la main"]);
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].to_string().contains(about), "{:?}", a.warnings);
}

#[test]
fn a_100_mb_programme_is_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("énorme.ics");
    // Sparse: 100 MB on paper, nothing on disk.
    std::fs::File::create(&big).expect("create").set_len(100 << 20).expect("set_len");
    assert_eq!(agenda::load(&big).expect_err("too large").code(), "agenda_too_large");
    plans_with_a_warning(dir.path(), &big, "more than");
}

#[test]
fn a_missing_programme_is_a_warning_and_the_mission_still_plans() {
    let dir = tempfile::tempdir().expect("tempdir");
    plans_with_a_warning(dir.path(), &dir.path().join("parti.ics"), "parti.ics");
    plans_with_a_warning(dir.path(), dir.path(), "not a regular file");
}

#[cfg(target_os = "linux")]
#[test]
fn fifo_as_agenda_is_a_warning_not_a_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("programme.ics");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.map(|s| s.success()).unwrap_or(false) {
        eprintln!("skipped: mkfifo not available");
        return;
    }
    assert_eq!(agenda::load(&fifo).expect_err("fifo").code(), "agenda_not_regular");
    plans_with_a_warning(dir.path(), &fifo, "not a regular file");
}

#[cfg(target_os = "linux")]
#[test]
fn dev_zero_as_agenda_is_a_warning_not_out_of_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(agenda::load("/dev/zero").expect_err("device").code(), "agenda_not_regular");
    plans_with_a_warning(dir.path(), std::path::Path::new("/dev/zero"), "not a regular file");
}

#[test]
fn recap_plan_with_an_absurd_programme_plans_and_warns_every_time() {
    let photos = tempfile::tempdir().expect("tempdir");
    let exif = recap::synth::ExifSpec {
        datetime_original: Some("2017-06-05T10:30:00".parse().expect("date")),
        ..Default::default()
    };
    let folder = photos.path().join("Chloé");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("IMG_0001.JPG"), recap::synth::jpeg(&Default::default(), &exif)).expect("photo");
    let dir = tempfile::tempdir().expect("tempdir");
    let ics = dir.path().join("programme.ics");
    std::fs::write(&ics, with_bad_event("DTSTART:20170605T100000Z\nDURATION:P999999999999W")).expect("ics");
    let mission = dir.path().join("mission.toml");
    let plan = |with_agenda: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_recap"));
        cmd.arg("plan").arg(photos.path()).arg("--mission").arg(&mission).arg("--json").arg("--no-curate");
        cmd.arg("--cache").arg(dir.path().join("cache"));
        if with_agenda {
            cmd.arg("--agenda").arg(&ics);
        }
        cmd.output().expect("run recap plan")
    };
    // The first plan stores the agenda in the mission; the second reads it from there.
    for with_agenda in [true, false] {
        let out = plan(with_agenda);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let _: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json plan");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("recap: agenda:") && err.contains("DURATION"), "no warning about the DURATION: {err}");
    }
    // A FIFO is refused before it is stored.
    #[cfg(target_os = "linux")]
    {
        let fifo = dir.path().join("fifo.ics");
        if std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false) {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
                .arg("plan")
                .arg("--mission")
                .arg(&mission)
                .arg("--agenda")
                .arg(&fifo)
                .arg("--no-curate")
                .arg("--cache")
                .arg(dir.path().join("cache"))
                .output()
                .expect("run");
            assert!(!out.status.success());
            assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
            assert!(!std::fs::read_to_string(&mission).expect("read").contains("fifo.ics"));
        }
    }
}
