//! Property tests of the text parsers people share: the `.ics` programme
//! (`recap::agenda::parse_in`) and the mission file (`Mission::parse`, then
//! the agenda's reading of its inline events).
//!
//! Inputs are generated calendars and missions (valid-looking structure with
//! hostile values: absurd dates and durations, unknown zones, nesting, folded
//! and huge lines, stray bytes, wrong TOML types, deep nesting, huge arrays)
//! and mutations (bit flips, truncations, splices, duplicated lines) of the
//! programme and missions Recap ships or writes.
//!
//! Properties: the parser answers (a value, warnings or an error) within a
//! time bound and never panics; a mission that parses is saved and parsed
//! again to the same mission.
//!
//! `RECAP_FUZZ_CASES` sets the case count of each target (default 1500: a few
//! seconds each in a debug build).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use recap::agenda::{AgendaSource, InlineEvent};
use recap::mission::Mission;
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn cases() -> u32 {
    std::env::var("RECAP_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1500)
}

/// Far above what one parse takes (milliseconds): only a loop, or work
/// growing without bound, gets there.
const HANG: Duration = Duration::from_secs(20);

/// Runs `work` on its own thread so a panic or a loop is reported as a test
/// failure naming the input rather than aborting or hanging the suite.
fn bounded<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> Result<T, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let _ = tx.send(r);
        })
        .expect("spawn");
    match rx.recv_timeout(HANG) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err(TestCaseError::fail(format!("{what} panicked"))),
        Err(_) => Err(TestCaseError::fail(format!("{what} did not return within {HANG:?}"))),
    }
}

// ---------------------------------------------------------------- mutations

#[derive(Debug, Clone)]
enum Mutation {
    /// Flip bit `bit` of the byte at this fraction of the input.
    Flip(f64, u8),
    /// Cut the input at this fraction.
    Truncate(f64),
    /// Copy the bytes between two fractions to a third place.
    Splice(f64, f64, f64),
    /// Repeat the line at this fraction `n` times.
    DuplicateLine(f64, u16),
    /// Insert these bytes at this fraction.
    Insert(f64, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = prop_oneof![
        prop::collection::vec(any::<u8>(), 1..8),
        Just(b"\r\n ".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\0".to_vec()),
        Just("\u{feff}".as_bytes().to_vec()),
        Just(b"BEGIN:VEVENT\r\n".to_vec()),
        Just(b"END:VEVENT\r\n".to_vec()),
        Just(b"[[a]]\n".to_vec()),
        Just(b"\"\"\"".to_vec()),
        Just(b"= [".to_vec()),
    ];
    prop_oneof![
        6 => (0.0..1.0f64, 0u8..8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        1 => (0.0..1.0f64).prop_map(Mutation::Truncate),
        2 => (0.0..1.0f64, 0.0..1.0f64, 0.0..1.0f64).prop_map(|(a, b, c)| Mutation::Splice(a, b, c)),
        2 => (0.0..1.0f64, prop_oneof![1u16..4, 1u16..2000]).prop_map(|(at, n)| Mutation::DuplicateLine(at, n)),
        3 => (0.0..1.0f64, bytes).prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn apply(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for m in mutations {
        let at = |f: f64, len: usize| ((len as f64) * f) as usize;
        match m {
            Mutation::Flip(f, bit) => {
                let i = at(*f, out.len());
                if let Some(b) = out.get_mut(i) {
                    *b ^= 1 << bit;
                }
            }
            Mutation::Truncate(f) => out.truncate(at(*f, out.len())),
            Mutation::Splice(a, b, c) => {
                let (mut s, mut e) = (at(*a, out.len()), at(*b, out.len()));
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                let piece = out[s..e.min(s + 4096)].to_vec();
                let to = at(*c, out.len());
                out.splice(to..to, piece);
            }
            Mutation::DuplicateLine(f, n) => {
                let i = at(*f, out.len());
                let start = out[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
                let end = out[i..].iter().position(|&b| b == b'\n').map_or(out.len(), |p| i + p + 1);
                let line = out[start..end].to_vec();
                let copies: Vec<u8> = line.repeat(usize::from(*n));
                out.splice(end..end, copies);
            }
            Mutation::Insert(f, bytes) => {
                let i = at(*f, out.len());
                out.splice(i..i, bytes.iter().copied());
            }
        }
    }
    out
}

// --------------------------------------------------------------------- .ics

fn ics_seeds() -> Vec<(&'static str, String)> {
    vec![
        ("demo programme", recap::demo::PROGRAMME_ICS.to_string()),
        ("demo programme, LF", recap::demo::PROGRAMME_ICS.replace("\r\n", "\n")),
        (
            "broken events",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Date cassée\r\n\
             DTSTART;TZID=Europe/Paris:2017-06-XX\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:c\r\n\
             SUMMARY:Fin absurde\r\nDTSTART:20170606T100000Z\r\nDTEND:20170606T080000Z\r\nGEO:four;five\r\n\
             END:VEVENT\r\nBEGIN:VEVENT\r\nUID:d\r\nSUMMARY:Déjeuner à Nantes\r\n\
             DTSTART;TZID=Europe/Paris:20170607T120000\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nSUMMARY:Toute la journée\r\nDTSTART;VALUE=DATE:20170608\r\nEND:VEVENT\r\n\
             END:VCALENDAR\r\n"
                .to_string(),
        ),
        (
            "floating, X-WR-TIMEZONE",
            "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-TIMEZONE:America/Montreal\nBEGIN:VEVENT\nSUMMARY:Souper\n\
             DTSTART:20170605T190000\nDTEND:20170605T210000\nLOCATION:Québec\nEND:VEVENT\nEND:VCALENDAR\n"
                .to_string(),
        ),
    ]
}

fn date_value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (1900u32..2100, 1u32..13, 1u32..29, 0u32..24, 0u32..60)
            .prop_map(|(y, m, d, h, mi)| format!("{y:04}{m:02}{d:02}T{h:02}{mi:02}00")),
        6 => (1900u32..2100, 1u32..13, 1u32..29, 0u32..24)
            .prop_map(|(y, m, d, h)| format!("{y:04}{m:02}{d:02}T{h:02}0000Z")),
        2 => (1900u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}{m:02}{d:02}")),
        1 => (any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(y, m, d)| format!("{y}{m}{d}T{d}{m}")),
        1 => Just("99999999T999999Z".to_string()),
        1 => Just("00000000T000000".to_string()),
        1 => Just("20170229T250000".to_string()),
        1 => Just("-0001-01-01T00:00:00".to_string()),
        1 => Just("+2017-06-05".to_string()),
        1 => "[0-9TZ:+-]{0,24}",
        1 => "[^\r\n]{0,12}",
    ]
}

fn duration_value() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u64..100, 0u64..48, 0u64..120).prop_map(|(d, h, m)| format!("P{d}DT{h}H{m}M")),
        any::<u64>().prop_map(|n| format!("PT{n}S")),
        any::<u64>().prop_map(|n| format!("-P{n}W")),
        (any::<u32>(), any::<u32>()).prop_map(|(a, b)| format!("P{a}W{b}D")),
        Just("P".to_string()),
        Just("PT".to_string()),
        Just(format!("P{}D", "9".repeat(40))),
        "[-+PTWDHMS0-9]{0,20}",
    ]
}

fn tzid() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Europe/Paris".to_string()),
        Just("America/Montreal".to_string()),
        Just("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna".to_string()),
        Just("Eastern Standard Time".to_string()),
        Just("/mozilla.org/20050126_1/Europe/Paris".to_string()),
        Just("\"Europe/Paris\"".to_string()),
        Just(String::new()),
        "[A-Za-z/_+-]{0,40}",
        ".{0,20}",
    ]
}

/// One content line of an event, possibly folded or made huge.
fn event_line() -> impl Strategy<Value = String> {
    let params = prop_oneof![
        4 => Just(String::new()),
        4 => tzid().prop_map(|z| format!(";TZID={z}")),
        1 => Just(";VALUE=DATE".to_string()),
        1 => Just(";VALUE=DATE-TIME".to_string()),
        1 => "[^\r\n]{0,10}".prop_map(|p| format!(";{p}")),
    ];
    prop_oneof![
        20 => (params.clone(), date_value()).prop_map(|(p, v)| format!("DTSTART{p}:{v}")),
        12 => (params, date_value()).prop_map(|(p, v)| format!("DTEND{p}:{v}")),
        8 => duration_value().prop_map(|v| format!("DURATION:{v}")),
        8 => "[^\r\n]{0,60}".prop_map(|v| format!("SUMMARY:{v}")),
        4 => "[^\r\n]{0,60}".prop_map(|v| format!("LOCATION:{v}")),
        2 => (any::<f64>(), any::<f64>()).prop_map(|(a, b)| format!("GEO:{a};{b}")),
        2 => "[0-9.;,eE+-]{0,20}".prop_map(|v| format!("GEO:{v}")),
        1 => Just("STATUS:CANCELLED".to_string()),
        1 => Just("RRULE:FREQ=DAILY;COUNT=4294967295".to_string()),
        1 => (1usize..200_000).prop_map(|n| format!("DESCRIPTION:{}", "é".repeat(n))),
        1 => (0usize..5000).prop_map(|n| format!("DESCRIPTION:x{}", "\r\n y".repeat(n))),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

#[derive(Debug, Clone)]
enum Node {
    Line(String),
    Component(String, Vec<Node>),
}

fn component() -> impl Strategy<Value = Node> {
    let leaf = event_line().prop_map(Node::Line);
    let names = prop_oneof![
        30 => Just("VEVENT".to_string()),
        1 => Just("VALARM".to_string()),
        1 => Just("VTIMEZONE".to_string()),
        1 => Just("VTODO".to_string()),
        1 => Just("VCALENDAR".to_string()),
        1 => "[A-Z-]{0,8}",
    ];
    let start = prop_oneof![
        4 => date_value().prop_map(|v| format!("DTSTART:{v}")),
        4 => (tzid(), date_value()).prop_map(|(z, v)| format!("DTSTART;TZID={z}:{v}")),
    ];
    // A SUMMARY first: an event without one is left out with a warning.
    let event =
        (start, "[^\r\n]{1,40}", prop::collection::vec(event_line(), 0..6)).prop_map(|(start, summary, lines)| {
            let lines = [start, format!("SUMMARY:{summary}")].into_iter().chain(lines).map(Node::Line).collect();
            Node::Component("VEVENT".to_string(), lines)
        });
    let nested = leaf.prop_recursive(6, 200, 12, move |inner| {
        (names.clone(), prop::collection::vec(inner, 0..12)).prop_map(|(n, c)| Node::Component(n, c))
    });
    prop_oneof![8 => event, 1 => nested]
}

fn render(node: &Node, eol: &str, out: &mut String, close: bool) {
    match node {
        Node::Line(l) => {
            out.push_str(l);
            out.push_str(eol);
        }
        Node::Component(name, children) => {
            out.push_str(&format!("BEGIN:{name}{eol}"));
            for c in children {
                render(c, eol, out, close);
            }
            if close {
                out.push_str(&format!("END:{name}{eol}"));
            }
        }
    }
}

fn calendar() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(component(), 0..12),
        prop_oneof![5 => Just("\r\n"), 4 => Just("\n"), 1 => Just("\r")],
        prop::bool::weighted(0.97),
        prop::option::of(tzid()),
        prop_oneof![12 => Just(0usize), 1 => 1usize..3],
    )
        .prop_map(|(events, eol, close, wr_zone, deep)| {
            let mut s = format!("BEGIN:VCALENDAR{eol}VERSION:2.0{eol}");
            if let Some(z) = wr_zone {
                s.push_str(&format!("X-WR-TIMEZONE:{z}{eol}"));
            }
            // Components nested far past what any real calendar does.
            for _ in 0..deep * 5000 {
                s.push_str(&format!("BEGIN:VEVENT{eol}"));
            }
            for e in &events {
                render(e, eol, &mut s, close);
            }
            if close {
                s.push_str(&format!("END:VCALENDAR{eol}"));
            }
            s
        })
}

fn parse_ics(text: String, zone: bool) -> Result<(usize, usize, Option<&'static str>), TestCaseError> {
    bounded("agenda::parse_in", move || {
        let tz = zone.then_some(chrono_tz::Europe::Paris);
        match recap::agenda::parse_in(&text, tz) {
            Ok(a) => {
                for e in &a.events {
                    // What the planner relies on: an event ends at or after
                    // its start, and its place is a place on Earth.
                    assert!(e.end >= e.start, "an event ends before it starts: {e:?}");
                    if let Some((lat, lon)) = e.geo {
                        assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "GEO off the Earth: {e:?}");
                    }
                }
                (a.events.len(), a.warnings.len(), None)
            }
            Err(e) => {
                assert!(!e.to_string().is_empty() && !e.code().is_empty());
                if std::env::var_os("RECAP_FUZZ_VERBOSE").is_some() {
                    eprintln!("{e}");
                }
                (0, 0, Some(e.code()))
            }
        }
    })
}

#[test]
fn generated_calendars_parse_or_fail_cleanly_never_panic_or_hang() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let (ok, events, refused) = (Cell::new(0u32), Cell::new(0usize), Cell::new(0u32));
    let result = runner.run(&(calendar(), any::<bool>()), |(text, zone)| {
        let (n, _, refusal) = parse_ics(text, zone)?;
        if refusal.is_none() {
            ok.set(ok.get() + 1);
            events.set(events.get() + n);
        } else {
            refused.set(refused.get() + 1);
        }
        Ok(())
    });
    eprintln!("generated .ics: {} parsed ({} events), {} refused", ok.get(), events.get(), refused.get());
    result.unwrap();
    assert!(ok.get() > 0, "no generated calendar parsed: the generator tests only the refusal path");
}

#[test]
fn mutated_programmes_parse_or_fail_cleanly_never_panic_or_hang() {
    let seeds = ics_seeds();
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let (ok, refused) = (Cell::new(0u32), Cell::new(0u32));
    let n = seeds.len();
    let result =
        runner.run(&(0..n, prop::collection::vec(mutation(), 1..6), any::<bool>()), |(seed, mutations, zone)| {
            let bytes = apply(seeds[seed].1.as_bytes(), &mutations);
            // load_in refuses bytes that are not UTF-8; the parser takes text.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let (_, _, refusal) = parse_ics(text, zone)?;
            if refusal.is_none() {
                ok.set(ok.get() + 1)
            } else {
                refused.set(refused.get() + 1)
            }
            Ok(())
        });
    eprintln!("mutated .ics: {} parsed, {} refused", ok.get(), refused.get());
    result.unwrap();
    assert!(ok.get() > 0, "no mutated programme parsed");
}

// ------------------------------------------------------------------ mission

fn mission_seeds() -> Vec<(&'static str, String)> {
    let mut demo = Mission::new("Mission Angers–Nantes 2017 (démo)");
    demo.sources = vec![PathBuf::from("/photos/démo")];
    for who in ["Chloé", "Étienne", "Marc-André"] {
        demo.participants.insert(who.into(), who.into());
    }
    demo.time.zone = Some("Europe/Paris".into());
    demo.agenda = AgendaSource {
        file: Some(PathBuf::from(recap::demo::PROGRAMME_FILE)),
        events: vec![InlineEvent {
            summary: "Quiz web contre les Belges".into(),
            start: "2017-06-10T11:00".into(),
            end: Some("2017-06-10T12:30:00+02:00".into()),
            location: Some("Stereolux, Nantes".into()),
            geo: Some([47.2058, -1.564]),
        }],
    };
    demo.captions.insert("0:Chloé/IMG_0001.JPG".into(), "L’équipe « devant »\nDeuxième ligne".into());
    demo.fingerprints.insert("0:Chloé/IMG_0001.JPG".into(), "abcdef0123".into());
    let demo = demo.to_toml().expect("demo mission serializes");
    vec![
        ("demo mission", demo),
        (
            "hand-written",
            "recap = 1\nname = \"Avec extras\"\nfuture_knob = 3\nlabels = [\"a\", \"b\"]\n\
             [time]\nday_start_hour = 5\nzone = \"America/Montreal\"\n\
             [devices]\n\"Chloé | Apple iPhone 6\" = 360\n\"Marc | Samsung\" = \"cleared\"\n\
             [chapters]\nmerge = [[\"c-1\", \"c-2\"]]\norder = [\"c-2\"]\n[chapters.rename]\n\"c-1\" = \"Angers\"\n\
             [picks]\n\"/a.jpg\" = \"pick\"\n\"/b.jpg\" = 4\n\
             [templates]\nfr = \"{moment} à {city}\"\n\
             [[agenda.events]]\nsummary = \"À la main\"\nstart = \"2017-06-05T10:00:00Z\"\ngeo = [47.2, -1.5]\n\
             [future_table]\nx = 1\n"
                .to_string(),
        ),
        ("before the marker", "schema = 1\nname = \"Ancienne\"\nsources = [\"photos\"]\n".to_string()),
    ]
}

/// Keys a mission has, for generated files: known ones get values of random
/// types so serde's type errors are exercised as much as the good paths.
const KEYS: &[&str] = &[
    "name",
    "schema",
    "sources",
    "participants",
    "time",
    "devices",
    "chapters",
    "agenda",
    "captions",
    "picks",
    "templates",
    "intros",
    "fingerprints",
    "zzz_unknown",
];

fn toml_string() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,30}",
        "\\PC{0,12}",
        Just("\u{202e}\u{0}\u{ffff}".to_string()),
        (1usize..50_000).prop_map(|n| "ç".repeat(n)),
    ]
    .prop_map(|s| toml::Value::String(s).to_string())
}

fn toml_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        toml_string(),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u8>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| toml::Value::Float(f).to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("true".to_string()),
        Just("1979-05-27T07:32:00-08:00".to_string()),
        Just("\"cleared\"".to_string()),
        Just("\"pick\"".to_string()),
        Just("\"reject\"".to_string()),
        Just("\"Europe/Paris\"".to_string()),
        Just("\"2017-06-05T10:00:00Z\"".to_string()),
        Just("\"9999-99-99T99:99\"".to_string()),
        (0usize..20_000).prop_map(|n| format!("[{}]", vec!["1"; n].join(","))),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", body.join(", "))
            }),
        ]
    })
    .boxed()
}

/// A subtable's lines: the keys of Recap's tables with random values.
fn table_body() -> impl Strategy<Value = String> {
    let keys = prop_oneof![
        Just("day_start_hour".to_string()),
        Just("zone".to_string()),
        Just("file".to_string()),
        Just("summary".to_string()),
        Just("start".to_string()),
        Just("end".to_string()),
        Just("geo".to_string()),
        Just("location".to_string()),
        Just("rename".to_string()),
        Just("merge".to_string()),
        Just("split".to_string()),
        Just("order".to_string()),
        Just("moves".to_string()),
        Just("fr".to_string()),
        Just("en".to_string()),
        toml_string(),
    ];
    prop::collection::vec((keys, toml_value()), 0..8)
        .prop_map(|kv| kv.into_iter().map(|(k, v)| format!("{k} = {v}\n")).collect::<String>())
}

/// A value of the type Recap expects under `key`, most of the time: serde's
/// type errors are one path, what a well-typed file then goes through (the
/// validation, the inline events, the round trip) is the others.
fn typed(key: &'static str) -> BoxedStrategy<String> {
    let s = toml_string;
    let time = prop_oneof![
        Just("\"2017-06-05T10:00:00Z\"".to_string()),
        Just("\"2017-06-10T11:00\"".to_string()),
        Just("2017-06-10T11:00:00+02:00".to_string()),
        Just("2017-06-10".to_string()),
        Just("\"9999-99-99T99:99\"".to_string()),
        Just("\"+275760-09-13T00:00:00Z\"".to_string()),
        s().boxed(),
    ];
    let float = prop_oneof![
        (-90.0..90.0f64).prop_map(|f| format!("{f:?}")),
        any::<f64>().prop_map(|f| toml::Value::Float(f).to_string()),
        Just("nan".to_string()),
        Just("inf".to_string()),
    ];
    let map = |v: BoxedStrategy<String>| {
        prop::collection::vec((s(), v), 0..6)
            .prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", body.join(", "))
            })
            .boxed()
    };
    let list = |v: BoxedStrategy<String>, max: usize| {
        prop::collection::vec(v, 0..max).prop_map(|v| format!("[{}]", v.join(", "))).boxed()
    };
    let offset = prop_oneof![
        (-3000i64..3000).prop_map(|n| n.to_string()),
        Just("\"cleared\"".to_string()),
        any::<i64>().prop_map(|n| n.to_string())
    ]
    .boxed();
    let pick = prop_oneof![
        Just("\"pick\"".to_string()),
        Just("\"reject\"".to_string()),
        (0u8..8).prop_map(|n| n.to_string()),
        (
            prop::option::of(prop_oneof![Just("pick"), Just("reject"), Just("maybe")]),
            0u8..7,
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(st, stars, best, alone)| {
                let st = st.map(|s| format!("state = \"{s}\", ")).unwrap_or_default();
                format!("{{ {st}stars = {stars}, best = {best}, alone = {alone} }}")
            }),
    ]
    .boxed();
    let localized = (prop::option::of(s()), prop::option::of(s())).prop_map(|(fr, en)| {
        let mut parts = Vec::new();
        if let Some(fr) = fr {
            parts.push(format!("fr = {fr}"));
        }
        if let Some(en) = en {
            parts.push(format!("en = {en}"));
        }
        format!("{{ {} }}", parts.join(", "))
    });
    let event =
        (s(), time.clone(), prop::option::of(time), prop::option::of(s()), prop::option::of((float.clone(), float)))
            .prop_map(|(summary, start, end, location, geo)| {
                let mut parts = vec![format!("summary = {summary}"), format!("start = {start}")];
                if let Some(end) = end {
                    parts.push(format!("end = {end}"));
                }
                if let Some(l) = location {
                    parts.push(format!("location = {l}"));
                }
                if let Some((a, b)) = geo {
                    parts.push(format!("geo = [{a}, {b}]"));
                }
                format!("{{ {} }}", parts.join(", "))
            })
            .boxed();
    let good: BoxedStrategy<String> = match key {
        "name" => s().boxed(),
        "schema" => prop_oneof![Just("1".to_string()), (0i64..4).prop_map(|n| n.to_string())].boxed(),
        "sources" => list(s().boxed(), 6),
        "participants" | "captions" | "fingerprints" => map(s().boxed()),
        "time" => (
            prop_oneof![0u32..24, 0u32..300],
            prop::option::of(prop_oneof![
                Just("\"Europe/Paris\"".to_string()),
                Just("\"America/Montreal\"".to_string()),
                s().boxed()
            ]),
        )
            .prop_map(|(h, z)| match z {
                Some(z) => format!("{{ day_start_hour = {h}, zone = {z} }}"),
                None => format!("{{ day_start_hour = {h} }}"),
            })
            .boxed(),
        "devices" => map(offset),
        "chapters" => (
            map(s().boxed()),
            list(list(s().boxed(), 4), 4),
            list(s().boxed(), 4),
            list(s().boxed(), 4),
            map(s().boxed()),
        )
            .prop_map(|(rename, merge, split, order, moves)| {
                format!("{{ rename = {rename}, merge = {merge}, split = {split}, order = {order}, moves = {moves} }}")
            })
            .boxed(),
        "agenda" => (prop::option::of(s()), list(event, 6))
            .prop_map(|(file, events)| match file {
                Some(f) => format!("{{ file = {f}, events = {events} }}"),
                None => format!("{{ events = {events} }}"),
            })
            .boxed(),
        "picks" => map(pick),
        "templates" => localized.boxed(),
        "intros" => map(localized.boxed()),
        _ => toml_value(),
    };
    prop_oneof![6 => good, 1 => toml_value()].boxed()
}

fn key_value() -> impl Strategy<Value = (&'static str, String)> {
    prop::sample::select(KEYS).prop_flat_map(|k| typed(k).prop_map(move |v| (k, v)))
}

fn mission_text() -> impl Strategy<Value = String> {
    let header = prop_oneof![
        8 => Just("recap = 1\n".to_string()),
        1 => Just(String::new()),
        1 => toml_value().prop_map(|v| format!("recap = {v}\n")),
    ];
    let top = prop::collection::vec(key_value(), 0..8);
    let tables = prop::collection::vec(
        (
            prop_oneof![
                Just("[[agenda.events]]"),
                Just("[chapters.rename]"),
                Just("[intros.c-1]"),
                Just("[zzz.deep.er]"),
                Just("[[zzz_list]]"),
            ],
            table_body(),
        ),
        0..3,
    );
    (header, top, prop::option::weighted(0.2, tables), prop_oneof![8 => Just(0usize), 1 => 1usize..3]).prop_map(
        |(header, top, tables, deep)| {
            let mut s = header;
            let mut seen = std::collections::BTreeSet::new();
            for (k, v) in top {
                // A duplicate key is one error path; let most files go further.
                if seen.insert(k) {
                    s.push_str(&format!("{k} = {v}\n"));
                }
            }
            if deep > 0 {
                let n = deep * 200;
                s.push_str(&format!("zzz_deep = {}1{}\n", "[".repeat(n), "]".repeat(n)));
            }
            for (h, body) in tables.unwrap_or_default() {
                s.push_str(&format!("{h}\n{body}"));
            }
            s
        },
    )
}

#[derive(Debug)]
enum Outcome {
    Parsed { round_trip: Result<(), String> },
    Refused,
}

/// Parses, and for a mission that loads: its inline events through the
/// agenda as the planner reads them, and the save-and-reload round trip.
fn parse_mission(bytes: Vec<u8>) -> Result<Outcome, TestCaseError> {
    bounded("Mission::parse", move || {
        let path = Path::new("/nonexistent/fuzz/mission.toml");
        match Mission::parse(&bytes, path) {
            Err(e) => {
                let msg = e.to_string();
                assert!(!msg.is_empty() && !e.code().is_empty());
                Outcome::Refused
            }
            Ok(m) => {
                for ev in &m.agenda.events {
                    // Refused with a reason, or an event the planner can use.
                    if let Ok(e) = recap::agenda::inline_event(ev, m.time.tz()) {
                        assert!(e.end >= e.start, "an inline event ends before it starts: {e:?}");
                        if let Some((lat, lon)) = e.geo {
                            assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "geo off the Earth: {e:?}");
                        }
                    }
                }
                let round_trip = match m.to_toml() {
                    Err(e) => Err(format!("a mission that loaded does not save: {e}")),
                    Ok(text) => match Mission::parse(text.as_bytes(), path) {
                        Err(e) => Err(format!("its saved text does not load: {e}\n--- saved:\n{text}")),
                        Ok(again) if !same(&again, &m) => {
                            Err(format!("saved and loaded, it differs:\n{m:#?}\n--- became:\n{again:#?}"))
                        }
                        Ok(_) => saved_and_loaded(&m),
                    },
                };
                Outcome::Parsed { round_trip }
            }
        }
    })
}

/// The same through the files: [`Mission::save`] (lock, atomic write, kept
/// versions) then [`Mission::load`], twice: the second save replaces a
/// file that is already there.
fn saved_and_loaded(m: &Mission) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("mission.toml");
    for _ in 0..2 {
        match m.save(&path) {
            Ok(()) => {}
            // Sources like "." or "" name the mission's own folder.
            Err(e) if e.code() == "inside_source" => return Ok(()),
            Err(e) => return Err(format!("a mission that loaded does not save: {e}")),
        }
        let again = Mission::load(&path).map_err(|e| format!("saved, it does not load: {e}"))?;
        if !same(&again, m) {
            return Err(format!("saved to a file and loaded, it differs:\n{m:#?}\n--- became:\n{again:#?}"));
        }
    }
    Ok(())
}

/// Equality, with NaN equal to itself: TOML has `nan` and writes it back as
/// `nan`, and a float that is not a number is still the same value written.
fn same(a: &Mission, b: &Mission) -> bool {
    let canonical = |m: &Mission| {
        let mut m = m.clone();
        for e in &mut m.agenda.events {
            if let Some(g) = &mut e.geo {
                for x in g.iter_mut() {
                    if x.is_nan() {
                        *x = 0.123456789;
                    }
                }
            }
        }
        // Parsed back through the same serializer: extra values compare as
        // what they are, NaN included.
        let extra = toml::Value::Table(std::mem::take(&mut m.extra)).to_string();
        (m, extra)
    };
    canonical(a) == canonical(b)
}

fn check_mission(bytes: Vec<u8>, ok: &Cell<u32>, refused: &Cell<u32>) -> Result<(), TestCaseError> {
    match parse_mission(bytes.clone())? {
        Outcome::Refused => refused.set(refused.get() + 1),
        Outcome::Parsed { round_trip } => {
            ok.set(ok.get() + 1);
            if let Err(why) = round_trip {
                return Err(TestCaseError::fail(format!(
                    "round trip broken for input:\n{}\n{why}",
                    String::from_utf8_lossy(&bytes)
                )));
            }
        }
    }
    Ok(())
}

#[test]
fn generated_missions_load_or_fail_cleanly_and_round_trip() {
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let (ok, refused) = (Cell::new(0u32), Cell::new(0u32));
    let result = runner.run(&mission_text(), |text| check_mission(text.into_bytes(), &ok, &refused));
    eprintln!("generated missions: {} loaded, {} refused", ok.get(), refused.get());
    result.unwrap();
    assert!(ok.get() > 0, "no generated mission loaded: the round trip was never tested");
}

#[test]
fn mutated_missions_load_or_fail_cleanly_and_round_trip() {
    let seeds = mission_seeds();
    for (name, text) in &seeds {
        assert!(Mission::parse(text.as_bytes(), Path::new("seed.toml")).is_ok(), "seed {name} must load");
    }
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let (ok, refused) = (Cell::new(0u32), Cell::new(0u32));
    let n = seeds.len();
    let result = runner.run(&(0..n, prop::collection::vec(mutation(), 1..5)), |(seed, mutations)| {
        check_mission(apply(seeds[seed].1.as_bytes(), &mutations), &ok, &refused)
    });
    eprintln!("mutated missions: {} loaded, {} refused", ok.get(), refused.get());
    result.unwrap();
    assert!(ok.get() > 0, "no mutated mission loaded");
}
