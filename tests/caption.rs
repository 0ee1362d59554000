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

/// Trips outside France planned without a programme: moments named from the
/// part of the day and the place, in both languages, the spot when the
/// photos are in a named neighbourhood, a visit when out of the stay.
mod without_a_programme {
    use chrono::NaiveDateTime;
    use recap::album::{Album, Settings, Source};
    use recap::lang::{Lang, Localized};
    use recap::mission::Mission;
    use recap::model::{DateSource, Format, Gps, MediaKind, PhotoMeta};
    use recap::plan::{self, Edits, Plan, PlanSettings};
    use std::path::PathBuf;

    const KYOTO: (f64, f64) = (35.02107, 135.75385);
    const ARASHIYAMA: (f64, f64) = (35.01481, 135.67755);
    const NARA: (f64, f64) = (34.68505, 135.80485);
    const BUENOS_AIRES: (f64, f64) = (-34.61315, -58.37723);
    const BELGRANO: (f64, f64) = (-34.56270, -58.45829);

    /// A phone that writes its offset and GPS, as the scan describes it.
    fn shot(n: usize, who: &str, wall: &str, offset: &str, (lat, lon): (f64, f64)) -> PhotoMeta {
        PhotoMeta {
            path: PathBuf::from(format!("/trip/{who}/IMG_{n:04}.JPG")),
            format: Format::Jpeg,
            kind: MediaKind::Photo,
            contributor: who.to_string(),
            datetime_original: Some(NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect("test time")),
            subsec_ms: None,
            datetime_source: Some(DateSource::DateTimeOriginal),
            offset_time_original: Some(offset.to_string()),
            offset_source: Some("offset_time_original".to_string()),
            gps: Some(Gps { lat, lon, alt: None }),
            gps_utc: None,
            orientation: None,
            make: Some("Apple".into()),
            model: Some("iPhone 8".into()),
            serial: None,
            width: None,
            height: None,
            file_size: 1,
            mtime_ns: 0,
            warnings: Vec::new(),
        }
    }

    /// Three photos a few minutes apart at each (time, place).
    fn trip(offset: &str, who: &str, stops: &[(&str, (f64, f64))]) -> Vec<PhotoMeta> {
        let mut photos = Vec::new();
        for (wall, at) in stops {
            let start = NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect("test time");
            for k in 0..3 {
                let t = (start + chrono::Duration::minutes(4 * k)).format("%Y-%m-%d %H:%M").to_string();
                photos.push(shot(photos.len(), who, &t, offset, *at));
            }
        }
        photos
    }

    fn titles(plan: &Plan) -> Vec<(String, Localized)> {
        plan.chapters
            .iter()
            .flat_map(|c| &c.days)
            .flat_map(|d| d.moments.iter().map(move |m| (d.date.to_string(), m)))
            .map(|(date, m)| {
                assert!(!m.programme, "no programme, yet {:?}", m.title);
                let t = m.titles.clone().expect("every moment is named");
                assert_eq!(m.title.as_deref(), Some(t.fr.as_str()), "title is the French one");
                (date, t)
            })
            .collect()
    }

    fn kyoto() -> Vec<PhotoMeta> {
        trip(
            "+09:00",
            "Aiko T",
            &[
                ("2019-04-08 09:10", KYOTO),
                ("2019-04-08 12:30", KYOTO),
                ("2019-04-08 15:00", ARASHIYAMA),
                ("2019-04-08 19:30", KYOTO),
                // A day out to Nara, back to Kyoto for the night.
                ("2019-04-09 08:00", KYOTO),
                ("2019-04-09 10:30", NARA),
                ("2019-04-09 13:30", NARA),
                ("2019-04-09 19:00", KYOTO),
                ("2019-04-10 09:00", KYOTO),
                ("2019-04-10 23:30", KYOTO),
            ],
        )
    }

    #[test]
    fn kyoto_moments_say_when_and_where_and_nara_is_a_visit() {
        let photos = kyoto();
        let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        assert_eq!(plan.chapters.len(), 1, "{}", plan.outline());
        let got: Vec<(String, String, String)> = titles(&plan).into_iter().map(|(d, t)| (d, t.fr, t.en)).collect();
        // The gazetteer's own name for the town ("Nara-shi" in GeoNames).
        let nara = &recap::geo::principal_city(NARA.0, NARA.1).expect("Nara").name;
        let (visit_fr, visit_en) = (format!("Visite à {nara}"), format!("Visit to {nara}"));
        let want = [
            ("2019-04-08", "Matinée à Kyoto", "Morning in Kyoto"),
            ("2019-04-08", "Midi à Kyoto", "Midday in Kyoto"),
            ("2019-04-08", "Après-midi à Arashiyama", "Afternoon in Arashiyama"),
            ("2019-04-08", "Soirée à Kyoto", "Evening in Kyoto"),
            ("2019-04-09", "Matinée à Kyoto", "Morning in Kyoto"),
            ("2019-04-09", &visit_fr, &visit_en),
            ("2019-04-09", &visit_fr, &visit_en),
            ("2019-04-09", "Soirée à Kyoto", "Evening in Kyoto"),
            ("2019-04-10", "Matinée à Kyoto", "Morning in Kyoto"),
            ("2019-04-10", "Nuit à Kyoto", "Night in Kyoto"),
        ];
        let want: Vec<(String, String, String)> =
            want.iter().map(|(d, f, e)| (d.to_string(), f.to_string(), e.to_string())).collect();
        assert_eq!(got, want, "{}", plan.outline());
    }

    #[test]
    fn a_late_dinner_in_buenos_aires_is_an_evening_and_belgrano_names_its_afternoon() {
        let photos = trip(
            "-03:00",
            "Lucía P",
            &[("2018-11-20 13:00", BUENOS_AIRES), ("2018-11-20 16:30", BELGRANO), ("2018-11-20 22:15", BUENOS_AIRES)],
        );
        let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        let got: Vec<String> = titles(&plan).into_iter().map(|(_, t)| format!("{} / {}", t.fr, t.en)).collect();
        assert_eq!(
            got,
            [
                "Midi à Buenos Aires / Midday in Buenos Aires",
                "Après-midi à Belgrano / Afternoon in Belgrano",
                "Soirée à Buenos Aires / Evening in Buenos Aires"
            ],
            "{}",
            plan.outline()
        );
    }

    /// Regression: without a programme every caption of a day read
    /// "<City>, le 5 juin 2017", and consecutive days read alike.
    #[test]
    fn a_days_captions_differ_and_no_made_up_title_is_called_the_programme() {
        let photos = kyoto();
        let plan = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        let mission = Mission::default();
        let album =
            Album::build(Source { plan: &plan, photos: &photos, curation: None }, &mission, &Settings::lang(Lang::Fr));
        let mut by_day: Vec<(chrono::NaiveDate, Vec<String>)> = Vec::new();
        for p in album.photos() {
            match by_day.last_mut() {
                Some((d, texts)) if *d == p.day => texts.push(p.caption.text.clone()),
                _ => by_day.push((p.day, vec![p.caption.text.clone()])),
            }
        }
        assert_eq!(by_day.len(), 3);
        for (day, texts) in &by_day {
            let mut distinct = texts.clone();
            distinct.sort();
            distinct.dedup();
            assert!(distinct.len() >= 2, "{day}: every caption alike: {distinct:?}");
        }
        // Beyond the date, consecutive days do not read alike.
        let undated = |texts: &[String]| -> Vec<String> {
            texts.iter().map(|t| t.rsplit_once(", le ").map_or(t.clone(), |(head, _)| head.to_string())).collect()
        };
        for pair in by_day.windows(2) {
            assert_ne!(undated(&pair[0].1), undated(&pair[1].1), "{} and {}", pair[0].0, pair[1].0);
        }
        let arashiyama = album.photos().find(|p| p.planned.local_time.format("%H").to_string() == "15").expect("15:00");
        assert_eq!(arashiyama.caption.text, "Après-midi à Arashiyama, Kyoto, le 8 avril 2019");
        assert_eq!(arashiyama.caption_other.text, "Afternoon in Arashiyama, Kyoto, April 8, 2019");
        assert_eq!(arashiyama.caption.full(), "Après-midi à Arashiyama, Kyoto, le 8 avril 2019 — Photo\u{a0}: Aiko T.");
        let name = &recap::geo::principal_city(NARA.0, NARA.1).expect("Nara").name;
        let nara = album.photos().find(|p| p.planned.place.name.as_ref() == Some(name)).expect("Nara");
        assert_eq!(nara.caption.text, format!("Visite à {name}, le 9 avril 2019"));
        // A chapter's introduction lists the programme; made-up titles are not one.
        let intro = &album.chapters[0].intro;
        assert!(!intro.fr.contains("Au programme") && !intro.en.contains("On the programme"), "{intro:?}");
    }
}
