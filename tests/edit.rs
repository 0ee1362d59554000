//! The app-facing core: edits (`recap::edit`), the open session with its
//! re-plan and undo (`recap::session`), and the recent missions list
//! (`recap::recent`). Real files: the demo mission and fixture folders.

mod support;

use recap::edit::{self, ClockMode, Edit, History, PickState};
use recap::export::Preset;
use recap::lang::Lang;
use recap::mission::{Mission, Pick, PickState as MissionPickState};
use recap::plan::DeviceOffset;
use recap::progress::silent;
use recap::session::{Session, SessionError};
use recap::Cancel;
use std::path::{Path, PathBuf};
use support::{camera, iphone, Fixture};

/// The demo mission in a temporary folder, opened as a session.
struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().expect("temp dir");
        recap::demo::write_demo_mission(&dir.path().join("photos"), &dir.path().join("mission.toml"))
            .expect("write the demo");
        Demo { dir }
    }
    fn mission_path(&self) -> PathBuf {
        self.dir.path().join("mission.toml")
    }
    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }
    fn open(&self) -> Session {
        Session::open(&self.mission_path(), &self.cache(), &silent, &Cancel::new()).expect("open the demo")
    }
    /// Opened, then curated as the app does it: the features computed
    /// apart from the session, then attached.
    fn open_curated(&self) -> Session {
        let mut s = self.open();
        let features = s.curation_job().run(Some(1), &silent, &Cancel::new()).expect("features");
        s.attach_features(features);
        s
    }
    /// The mission file, its photos keyed by path as the session's are (the
    /// file keys them by source and relative path).
    fn saved(&self) -> Mission {
        recap::identity::load_absolute(&self.mission_path()).expect("load the mission file")
    }
}

fn titles(s: &Session) -> Vec<String> {
    s.report().plan.chapters.iter().map(|c| c.title.clone()).collect()
}

fn chapter_ids(s: &Session) -> Vec<String> {
    s.report().plan.chapters.iter().map(|c| c.id.clone()).collect()
}

/// The id of the first photo of chapter `c` (by index in the plan).
fn first_photo_of(s: &Session, c: usize) -> usize {
    let path = &s.report().plan.chapters[c].days[0].moments[0].photos[0].path;
    s.report().scan.photos.iter().position(|p| &p.path == path).expect("a scanned photo")
}

fn chapter_of(s: &Session, id: usize) -> String {
    let path = &s.report().scan.photos[id].path;
    s.report()
        .plan
        .chapters
        .iter()
        .find(|c| c.days.iter().flat_map(|d| &d.moments).flat_map(|m| &m.photos).any(|p| &p.path == path))
        .map(|c| c.id.clone())
        .expect("a planned photo")
}

#[test]
fn a_rename_re_plans_saves_and_undoes() {
    let demo = Demo::new();
    let mut s = demo.open();
    let before_ids: Vec<PathBuf> = s.report().scan.photos.iter().map(|p| p.path.clone()).collect();
    let nantes = chapter_ids(&s).into_iter().find(|id| id.starts_with("nantes")).expect("a Nantes chapter");

    s.apply(&Edit::Rename { chapter: nantes.clone(), title: "Web2Day à Nantes".into(), lang: Lang::Fr })
        .expect("rename");
    assert!(titles(&s).contains(&"Web2Day à Nantes".to_string()), "{:?}", titles(&s));
    assert_eq!(demo.saved().edits.chapters.rename.get(&nantes).map(String::as_str), Some("Web2Day à Nantes"));
    assert_eq!(s.history().undo_label(), Some("rename"));
    // No rescan: the photo table (the app's ids) is the same.
    let after_ids: Vec<PathBuf> = s.report().scan.photos.iter().map(|p| p.path.clone()).collect();
    assert_eq!(before_ids, after_ids);

    s.undo().expect("undo");
    assert!(!titles(&s).contains(&"Web2Day à Nantes".to_string()));
    assert!(!demo.saved().edits.chapters.rename.contains_key(&nantes));
    assert!(!s.history().can_undo());
    assert_eq!(s.history().redo_label(), Some("rename"));

    s.redo().expect("redo");
    assert!(titles(&s).contains(&"Web2Day à Nantes".to_string()));
    assert_eq!(demo.saved().edits.chapters.rename.get(&nantes).map(String::as_str), Some("Web2Day à Nantes"));

    // Reopening (a new scan) keeps the edit: it lives in the mission file.
    let again = demo.open();
    assert!(titles(&again).contains(&"Web2Day à Nantes".to_string()));
    assert!(!again.history().can_undo());
}

#[test]
fn edits_naming_what_the_plan_lacks_are_refused_and_change_nothing() {
    let demo = Demo::new();
    let mut s = demo.open();
    let on_disk = std::fs::read(demo.mission_path()).expect("read");
    let cases = [
        Edit::Rename { chapter: "no-such-chapter".into(), title: "x".into(), lang: Lang::Fr },
        Edit::Merge { chapters: vec!["no-such-chapter".into(), chapter_ids(&s)[0].clone()] },
        Edit::Clock { device: "Nobody | Kodak".into(), mode: ClockMode::Set(60) },
        Edit::Participant { folder: "Inconnu".into(), name: "x".into() },
    ];
    for e in &cases {
        let err = s.apply(e).expect_err("refused");
        assert_eq!(err.code(), "not_found", "{e:?}: {err}");
    }
    let invalid = [
        Edit::Merge { chapters: vec![chapter_ids(&s)[0].clone(), chapter_ids(&s)[0].clone()] },
        Edit::Clock { device: s.report().plan.devices[0].key.clone(), mode: ClockMode::Set(3000) },
        Edit::Template { lang: Lang::Fr, text: Some("{moment} à {endroit}".into()) },
        Edit::Template { lang: Lang::Fr, text: Some("{moment".into()) },
        Edit::Stars { photos: vec![s.photo_key(0).expect("photo 0")], stars: 6 },
        Edit::Agenda { file: demo.mission_path() },
    ];
    for e in &invalid {
        let err = s.apply(e).expect_err("refused");
        assert_eq!(err.code(), "invalid", "{e:?}: {err}");
    }
    assert_eq!(s.photo_key(999_999).expect_err("no such photo").code(), "not_found");
    assert_eq!(std::fs::read(demo.mission_path()).expect("read"), on_disk);
    assert!(!s.history().can_undo());
}

#[test]
fn clock_merge_split_move_and_order_show_in_the_plan() {
    let demo = Demo::new();
    let mut s = demo.open();
    let canon = s.report().plan.devices.iter().find(|d| d.model.as_deref() == Some("Canon EOS 80D")).expect("canon");
    let key = canon.key.clone();
    s.apply(&Edit::Clock { device: key.clone(), mode: ClockMode::Set(-30) }).expect("clock");
    let canon = s.report().plan.devices.iter().find(|d| d.key == key).expect("canon");
    assert_eq!(canon.offset_minutes, -30);
    assert_eq!(demo.saved().edits.devices.get(&key), Some(&DeviceOffset::Minutes(-30)));
    s.apply(&Edit::Clock { device: key.clone(), mode: ClockMode::Auto }).expect("auto");
    assert!(!demo.saved().edits.devices.contains_key(&key));

    let ids = chapter_ids(&s);
    assert!(ids.len() >= 3, "{ids:?}");
    // Order: the last chapter first.
    let last = ids.last().expect("a chapter").clone();
    s.apply(&Edit::Order { chapters: vec![last.clone()] }).expect("order");
    assert_eq!(chapter_ids(&s)[0], last);
    s.undo().expect("undo order");
    assert_eq!(chapter_ids(&s), ids);

    // Move the first chapter's first photo into the last chapter.
    let photo = first_photo_of(&s, 0);
    s.apply(&Edit::Move { photos: vec![s.photo_key(photo).expect("key")], chapter: last.clone() }).expect("move");
    assert_eq!(chapter_of(&s, photo), last);

    // Split: a chapter starts at a photo in the middle of the biggest one.
    let count = |s: &Session| s.report().plan.chapters.len();
    let n = count(&s);
    let (ci, _) = s.report().plan.chapters.iter().enumerate().max_by_key(|(_, c)| c.days.len()).expect("chapters");
    let days = &s.report().plan.chapters[ci].days;
    let mid = &days[days.len() / 2].moments[0].photos[0].path;
    let mid_id = s.report().scan.photos.iter().position(|p| &p.path == mid).expect("scanned");
    s.apply(&Edit::Split { photo: s.photo_key(mid_id).expect("key") }).expect("split");
    assert_eq!(count(&s), n + 1);

    // Merge the two halves back.
    let a = chapter_ids(&s)[ci].clone();
    let b = chapter_ids(&s)[ci + 1].clone();
    s.apply(&Edit::Merge { chapters: vec![a.clone(), b] }).expect("merge");
    assert_eq!(count(&s), n);
    assert_eq!(chapter_of(&s, mid_id), a);
    assert_eq!(s.history().depth(), (5, 0));
}

#[test]
fn captions_templates_intros_and_participants_reach_the_view() {
    let demo = Demo::new();
    let mut s = demo.open();
    let photo = first_photo_of(&s, 0);
    let path = s.report().scan.photos[photo].path.clone();
    let chapter = chapter_ids(&s)[0].clone();

    let v = s.view(Lang::Fr);
    let generated = v.photos[&path].caption.clone();
    assert!(!generated.edited);
    assert!(generated.text.contains("juin 2017"), "{generated:?}");
    assert!(s.view(Lang::En).photos[&path].caption.text.contains("June"), "English captions");
    assert!(v.chapters[&chapter].intro_fr.contains("juin 2017"), "{:?}", v.chapters[&chapter]);
    assert_eq!(v.template_fr, "{moment}, {place}, {date}");

    // The user's caption wins, in both languages, and null goes back.
    let key = s.photo_key(photo).expect("key");
    s.apply(&Edit::Caption { photo: key.clone(), text: Some("L’équipe au complet".into()) }).expect("caption");
    let c = &s.view(Lang::Fr).photos[&path].caption;
    assert!(c.edited);
    assert_eq!(c.text, "L’équipe au complet");
    assert_eq!(demo.saved().captions.get(&key).map(String::as_str), Some("L’équipe au complet"));

    // A template changes every generated caption, not the edited one.
    s.apply(&Edit::Template { lang: Lang::Fr, text: Some("{date} — {photographer}".into()) }).expect("template");
    let v = s.view(Lang::Fr);
    assert_eq!(v.template_fr, "{date} — {photographer}");
    assert_eq!(v.photos[&path].caption.text, "L’équipe au complet");
    let other = v.photos.iter().find(|(p, _)| **p != path).map(|(_, pv)| pv).expect("another photo");
    assert!(other.caption.text.starts_with("le "), "{:?}", other.caption);
    assert!(!other.caption.text.contains(", "), "{:?}", other.caption);
    // English keeps its default.
    assert_eq!(s.view(Lang::En).template_en, "{moment}, {place}, {date}");

    s.apply(&Edit::Caption { photo: key.clone(), text: None }).expect("back to the template");
    assert!(!s.view(Lang::Fr).photos[&path].caption.edited);

    s.apply(&Edit::Intro { chapter: chapter.clone(), lang: Lang::En, text: Some("Three days in Angers.".into()) })
        .expect("intro");
    let cv = &s.view(Lang::Fr).chapters[&chapter];
    assert_eq!(cv.intro_en, "Three days in Angers.");
    assert!(cv.intro_en_edited && !cv.intro_fr_edited);
    assert!(cv.intro_fr.contains("juin"));
    assert_eq!(demo.saved().intros.get(&chapter).and_then(|t| t.en.as_deref()), Some("Three days in Angers."));
    s.apply(&Edit::Intro { chapter: chapter.clone(), lang: Lang::En, text: Some("  ".into()) }).expect("blank intro");
    assert!(!s.view(Lang::Fr).chapters[&chapter].intro_en_edited);
    assert!(demo.saved().intros.is_empty());

    // Participants: every folder, named by the mission; a rename shows in credits.
    let who = s.report().scan.photos[photo].contributor.clone();
    s.apply(&Edit::Participant { folder: who.clone(), name: "Étienne Lavoie".into() }).expect("participant");
    let v = s.view(Lang::Fr);
    let p = v.participants.iter().find(|p| p.folder == who).expect("listed");
    assert_eq!(p.name, "Étienne Lavoie");
    assert!(p.photos > 0);
    assert_eq!(v.participants.len(), recap::demo::PARTICIPANTS.len());
    assert_eq!(v.photos[&path].caption.credit, "Photo\u{a0}: Étienne Lavoie");
}

#[test]
fn picks_and_stars_round_trip_through_the_mission_file() {
    let demo = Demo::new();
    let mut s = demo.open();
    let (a, b) = (first_photo_of(&s, 0), first_photo_of(&s, 1));
    let (ka, kb) = (s.photo_key(a).expect("a"), s.photo_key(b).expect("b"));
    let (pa, pb) = (s.report().scan.photos[a].path.clone(), s.report().scan.photos[b].path.clone());

    s.apply(&Edit::Pick { photos: vec![ka.clone()], state: PickState::Pick }).expect("pick");
    s.apply(&Edit::Stars { photos: vec![kb.clone()], stars: 4 }).expect("stars");
    let saved = demo.saved();
    assert_eq!(saved.picks.get(&ka), Some(&Pick::Pick));
    assert_eq!(saved.picks.get(&kb), Some(&Pick::Stars(4)));
    let v = s.view(Lang::Fr);
    assert_eq!(v.photos[&pa].pick, Some(Pick::Pick));
    assert_eq!(v.photos[&pb].pick, Some(Pick::Stars(4)));
    let c0 = chapter_ids(&s)[0].clone();
    assert_eq!(v.chapters[&c0].picks, 1);

    // "none" leaves stars alone; 0 stars leaves a pick alone.
    s.apply(&Edit::Pick { photos: vec![kb.clone()], state: PickState::None }).expect("none");
    assert_eq!(demo.saved().picks.get(&kb), Some(&Pick::Stars(4)));
    s.apply(&Edit::Stars { photos: vec![ka.clone()], stars: 0 }).expect("0 stars");
    assert_eq!(demo.saved().picks.get(&ka), Some(&Pick::Pick));
    s.apply(&Edit::Pick { photos: vec![ka.clone(), kb.clone()], state: PickState::Reject }).expect("reject");
    let reopened = demo.open();
    let v = reopened.view(Lang::Fr);
    let choice = |p: &Path| v.photos[p].pick.map(|c| c.choice()).unwrap_or_default();
    // Pick state and stars are independent: rejecting keeps the stars.
    assert_eq!((choice(&pa).state, choice(&pa).stars), (Some(MissionPickState::Reject), 0));
    assert_eq!((choice(&pb).state, choice(&pb).stars), (Some(MissionPickState::Reject), 4));
    s.apply(&Edit::Pick { photos: vec![ka.clone(), kb.clone()], state: PickState::None }).expect("clear");
    let saved = demo.saved();
    assert_eq!(saved.picks.get(&ka), None);
    assert_eq!(saved.picks.get(&kb), Some(&Pick::Stars(4)));
}

/// The demo's messaging copies, their originals, and the session's groups.
fn near_copy(s: &Session) -> (PathBuf, recap::curate::Group) {
    let c = s.report().curation.as_ref().expect("a curated session has groups");
    let g = c
        .groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.to_string_lossy().contains("-WA")))
        .expect("a messaging copy is grouped with its original")
        .clone();
    let copy = g.members.iter().find(|m| m.to_string_lossy().contains("-WA")).expect("the copy").clone();
    (copy, g)
}

#[test]
fn a_session_shows_its_trip_before_curation_and_edits_made_meanwhile_survive_it() {
    let demo = Demo::new();
    let mut s = demo.open();
    assert!(!s.is_curated() && s.report().curation.is_none());
    assert_eq!(s.select(5, false).err().map(|e| e.code()), Some("not_ready"));
    // The job runs apart from the session, which is edited meanwhile.
    let job = s.curation_job();
    let first = s.report().plan.chapters[0].id.clone();
    s.apply(&Edit::Rename { chapter: first.clone(), title: "Angers, l'objet connecté".into(), lang: Lang::Fr })
        .expect("rename");
    let features = job.run(Some(1), &silent, &Cancel::new()).expect("features");
    s.attach_features(features);
    assert!(s.is_curated());
    let (copy, _) = near_copy(&s);
    assert!(s.report().plan.photos().any(|p| p.path == copy), "the copy is placed once curated");
    assert_eq!(titles(&s)[0], "Angers, l'objet connecté", "the edit made during curation is kept");
    // Undo goes back across the attach without losing the groups.
    s.undo().expect("undo");
    assert!(s.report().curation.is_some());
    assert_ne!(titles(&s)[0], "Angers, l'objet connecté");
}

#[test]
fn a_mosaic_holds_each_photos_colour_miniature_once_curated() {
    let demo = Demo::new();
    let mut s = demo.open();
    assert_eq!(s.mosaic(0).expect("mosaic").map(|m| m.len()), None, "no miniatures before curation");
    let features = s.curation_job().run(Some(1), &silent, &Cancel::new()).expect("features");
    s.attach_features(features);
    let jpeg = s.mosaic(0).expect("mosaic").expect("a mosaic once curated");
    let img = image::load_from_memory(&jpeg).expect("a JPEG").to_rgb8();
    let m = recap::curate::MINI as u32;
    let side = recap::session::MOSAIC_SIDE as u32;
    assert_eq!(img.dimensions(), (side * m, side * m));
    // Each photo's tile is its miniature (within JPEG's rounding); past the
    // last photo, grey.
    let photos = s.report().scan.photos.len();
    let cached = s.curation_job().run(Some(1), &silent, &Cancel::new()).expect("cached features");
    let mut compared = 0;
    for id in 0..photos.min(recap::session::MOSAIC_PHOTOS) {
        let (tx, ty) = ((id as u32 % side) * m, (id as u32 / side) * m);
        let centre = img.get_pixel(tx + m / 2, ty + m / 2).0;
        let Some(f) = cached.get(&s.report().scan.photos[id].path) else { continue };
        let at = ((m / 2 * m + m / 2) * 3) as usize;
        let want = [f.mini[at], f.mini[at + 1], f.mini[at + 2]];
        for (a, b) in centre.iter().zip(want) {
            assert!(a.abs_diff(b) <= 24, "photo {id}: tile {centre:?}, miniature {want:?}");
        }
        compared += 1;
        if compared == 5 {
            break;
        }
    }
    assert_eq!(compared, 5);
    if photos < recap::session::MOSAIC_PHOTOS {
        let last = img.get_pixel(side * m - 1, side * m - 1).0;
        assert!(last.iter().all(|&v| v.abs_diff(128) <= 4), "{last:?}");
    }
    assert_eq!(s.mosaic(photos / recap::session::MOSAIC_PHOTOS + 1).expect("mosaic"), None, "past the last photo");
}

#[test]
fn a_cancelled_curation_keeps_the_features_it_computed() {
    let demo = Demo::new();
    let s = demo.open();
    let cancel = Cancel::new();
    let done = std::sync::atomic::AtomicU64::new(0);
    // Cancelled part way: the features computed so far are saved.
    let stop = |ev: recap::progress::ProgressEvent| {
        if let recap::progress::ProgressEvent::Rendering { done: d, .. } = ev {
            done.store(d, std::sync::atomic::Ordering::Relaxed);
            if d >= 32 {
                cancel.cancel();
            }
        }
    };
    let err = s.curation_job().run(Some(1), &stop, &cancel).expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    let again = s.curation_job().run(Some(1), &silent, &Cancel::new()).expect("features");
    let photos = s.report().scan.photos.len();
    assert!(again.computed > 0 && again.computed < photos, "{} of {photos} computed again", again.computed);
}

#[test]
fn an_opened_mission_groups_copies_and_places_them_in_the_plan() {
    let demo = Demo::new();
    let s = demo.open_curated();
    let (copy, group) = near_copy(&s);
    assert!(group.members.len() >= 2, "{group:?}");
    assert!(s.report().plan.photos().any(|p| p.path == copy), "the stripped copy is placed in a moment");
    assert!(!s.report().plan.unplaced.iter().any(|u| u.path == copy), "and no longer set apart");
    let v = s.view(Lang::Fr);
    let g = v.photos[&copy].group.as_ref().expect("the view carries the group");
    assert_eq!((g.id.as_str(), g.size), (group.id.as_str(), group.members.len()));
    // The original (more pixels, full metadata) is the suggested best.
    assert!(!g.best);
    assert!(v.photos[&group.best].group.as_ref().is_some_and(|g| g.best));
}

#[test]
fn best_and_alone_edits_change_the_groups_and_undo() {
    let demo = Demo::new();
    let mut s = demo.open_curated();
    let (copy, group) = near_copy(&s);
    let key = s.photo_key(s.report().scan.photos.iter().position(|p| p.path == copy).expect("id")).expect("key");

    s.apply(&Edit::Best { photo: key.clone() }).expect("best");
    assert!(s.report().curation.as_ref().expect("curated").is_best(&copy), "the user's best wins");
    assert_eq!(s.history().undo_label(), Some("best"));
    // Only one best in the group, in the file too.
    let saved = demo.saved();
    let bests = group.members.iter().filter(|m| saved.choice(&recap::caption::photo_key(m)).best).count();
    assert_eq!(bests, 1);

    s.apply(&Edit::Alone { photos: vec![key.clone()], alone: true }).expect("alone");
    let c = s.report().curation.as_ref().expect("curated");
    assert!(c.group_of(&copy).is_none_or(|g| g.members.len() == 1 || !g.members.contains(&group.best)));
    s.undo().expect("undo");
    s.undo().expect("undo");
    assert!(s.report().curation.as_ref().expect("curated").is_best(&group.best));
}

#[test]
fn a_selection_is_balanced_one_per_group_and_one_undo_step() {
    let demo = Demo::new();
    let mut s = demo.open_curated();
    let n = s.select(20, false).expect("select");
    assert!(n > 0 && n <= 20, "{n}");
    let saved = demo.saved();
    let picked: Vec<&String> = saved.picks.iter().filter(|(_, p)| p.is_pick()).map(|(k, _)| k).collect();
    assert_eq!(picked.len(), n);
    // Every stage chapter has picks; no group gives two.
    let v = s.view(Lang::Fr);
    let size = |c: &recap::plan::Chapter| c.days.iter().flat_map(|d| &d.moments).map(|m| m.photos.len()).sum::<usize>();
    for c in s.report().plan.chapters.iter().filter(|c| size(c) >= 10) {
        assert!(v.chapters[&c.id].picks > 0, "chapter {} has no pick", c.title);
    }
    let c = s.report().curation.as_ref().expect("curated");
    let mut groups = std::collections::HashSet::new();
    for (path, pv) in &v.photos {
        if pv.pick.is_some_and(|p| p.is_pick()) {
            if let Some(g) = c.group_of(path) {
                assert!(groups.insert(g.id.clone()), "two picks from group {}", g.id);
            }
        }
    }
    assert_eq!(s.history().undo_label(), Some("select"));
    s.undo().expect("undo");
    assert!(demo.saved().picks.values().all(|p| !p.is_pick()));
}

#[test]
fn an_edit_that_changes_nothing_records_no_step() {
    let demo = Demo::new();
    let mut s = demo.open();
    let c = chapter_ids(&s)[0].clone();
    s.apply(&Edit::Rename { chapter: c.clone(), title: "Angers, ville verte".into(), lang: Lang::Fr }).expect("rename");
    s.apply(&Edit::Rename { chapter: c, title: " Angers, ville verte ".into(), lang: Lang::Fr }).expect("same");
    assert_eq!(s.history().depth(), (1, 0));
    // Undo with nothing to undo is a no-op.
    s.undo().expect("undo");
    s.undo().expect("nothing left");
    assert_eq!(s.history().depth(), (0, 1));
}

#[test]
fn an_agenda_edit_names_moments_and_a_broken_one_changes_nothing() {
    let demo = Demo::new();
    let mut m = demo.saved();
    let programme = demo.dir.path().join(recap::demo::PROGRAMME_FILE);
    assert!(programme.is_file());
    // Start without the agenda, then add it through an edit.
    m.agenda = Default::default();
    m.save(demo.mission_path()).expect("save");
    let mut s = demo.open();
    let named = |s: &Session| s.report().plan.moments().filter(|m| m.programme).count();
    assert_eq!(named(&s), 0);
    s.apply(&Edit::Agenda { file: programme }).expect("agenda");
    assert!(named(&s) > 0);
    assert!(demo.saved().agenda.file.as_ref().is_some_and(|f| f.is_absolute()));

    let bad = demo.dir.path().join("broken.ics");
    std::fs::write(&bad, "these are notes, not a calendar").expect("write");
    let before = std::fs::read(demo.mission_path()).expect("read");
    let err = s.apply(&Edit::Agenda { file: bad }).expect_err("not a calendar");
    // The programme's own code, which the app words (it was `invalid`).
    assert_eq!(err.code(), "agenda_not_calendar", "{err}");
    assert!(err.to_string().contains("not an iCalendar file"), "{err}");
    // Nothing changed: the file, the plan, the history.
    assert_eq!(std::fs::read(demo.mission_path()).expect("read"), before);
    assert!(named(&s) > 0);
    assert_eq!(s.history().depth(), (1, 0));
}

#[test]
fn history_is_bounded_and_a_new_edit_clears_redo() {
    let mut h = History::new();
    let m = |n: usize| Mission::new(format!("m{n}"));
    for n in 0..(History::LIMIT + 20) {
        h.record(m(n), "rename");
    }
    assert_eq!(h.depth(), (History::LIMIT, 0));
    // The oldest went: the first undo target is the newest.
    assert_eq!(h.undo_target().map(|x| x.name.as_str()), Some("m119"));
    h.undone(m(1000));
    assert_eq!(h.redo_target().map(|x| x.name.as_str()), Some("m1000"));
    h.record(m(2000), "clock");
    assert!(!h.can_redo());
    assert_eq!(h.undo_label(), Some("clock"));
}

#[test]
fn templates_and_intros_are_saved_in_the_mission_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("m.toml");
    let mut m = Mission::new("Mission");
    edit::apply(&mut m, &Edit::Template { lang: Lang::En, text: Some("{chapter}: {moment}".into()) }).expect("t");
    edit::apply(
        &mut m,
        &Edit::Intro { chapter: "angers-2017-06-04".into(), lang: Lang::Fr, text: Some("Bonjour".into()) },
    )
    .expect("i");
    m.save(&path).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("[templates]"), "{text}");
    assert!(text.contains("[intros.angers-2017-06-04]"), "{text}");
    let back = Mission::load(&path).expect("load");
    assert_eq!(back, m);
    assert_eq!(back.templates.en.as_deref(), Some("{chapter}: {moment}"));
    assert_eq!(recap::caption::template_for(&back, Lang::Fr).0, "{moment}, {place}, {date}");
}

fn two_participants() -> Fixture {
    let f = Fixture::new();
    f.photo("Zoé/IMG_0001.jpg", iphone("2017-06-05 10:00:00", "+02:00", 47.4736, -0.5542))
        .photo("Zoé/IMG_0002.jpg", iphone("2017-06-05 10:20:00", "+02:00", 47.4736, -0.5542))
        .photo("Alex B/DSC_0001.jpg", camera("2017-06-05 10:10:00"));
    f
}

#[test]
fn a_new_mission_lists_its_participants_and_lives_outside_the_photos() {
    let f = two_participants();
    let hashes = f.hashes();
    let app = tempfile::tempdir().expect("tempdir");
    let missions = app.path().join("missions");
    let cache = app.path().join("cache");
    let folders = vec![f.path("Zoé"), f.path("Alex B")];
    let s = Session::create("Mission Québec–Angers 2017", &folders, &missions, &cache, &silent, &Cancel::new())
        .expect("create");
    let path = s.mission_path().expect("a mission file").to_path_buf();
    assert_eq!(path, missions.join("mission-quebec-angers-2017.recap.toml"));
    let saved = Mission::load(&path).expect("load");
    assert_eq!(saved.name, "Mission Québec–Angers 2017");
    assert_eq!(saved.participants.get("Zoé").map(String::as_str), Some("Zoé"));
    assert_eq!(saved.participants.get("Alex B").map(String::as_str), Some("Alex B"));
    assert_eq!(s.report().scan.photos.len(), 3);
    let view = s.view(Lang::Fr);
    let names: Vec<(&str, usize)> = view.participants.iter().map(|p| (p.folder.as_str(), p.photos)).collect();
    assert_eq!(names, vec![("Alex B", 1), ("Zoé", 2)]);
    let canon = view.photos.values().find(|p| p.details.camera.as_deref() == Some("Canon EOS 80D"));
    assert!(canon.is_some(), "camera names do not repeat the make");
    assert!(view.photos.values().all(|p| p.details.zone == "Europe/Paris"), "zones");

    // The same name again gets its own file.
    let again = Session::create("Mission Québec–Angers 2017", &folders, &missions, &cache, &silent, &Cancel::new())
        .expect("create again");
    assert_eq!(again.mission_path(), Some(missions.join("mission-quebec-angers-2017-2.recap.toml").as_path()));

    // Missions dir inside a source: refused, nothing written there.
    let inside = f.path("Zoé/missions");
    let err = Session::create("x", &folders, &inside, &cache, &silent, &Cancel::new()).expect_err("inside");
    assert_eq!(err.code(), "inside_source", "{err}");
    let err = Session::create("x", &[f.path("nobody")], &missions, &cache, &silent, &Cancel::new()).expect_err("gone");
    assert_eq!(err.code(), "no_such_folder");
    let err = Session::create("  ", &folders, &missions, &cache, &silent, &Cancel::new()).expect_err("no name");
    assert_eq!(err.code(), "invalid");
    assert_eq!(f.hashes(), hashes, "the photo folders were written to");
}

#[test]
fn only_existing_toml_files_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let err = |p: &Path| Session::open(p, &cache, &silent, &Cancel::new()).err().map(|e| e.code().to_string());
    std::fs::write(dir.path().join("notes.txt"), "name = 'x'").expect("write");
    assert_eq!(err(&dir.path().join("notes.txt")).as_deref(), Some("invalid"));
    assert_eq!(err(&dir.path().join("gone.toml")).as_deref(), Some("not_found"));
    std::fs::write(dir.path().join("broken.toml"), "name = ").expect("write");
    assert_eq!(err(&dir.path().join("broken.toml")).as_deref(), Some("mission_corrupt"));
    std::fs::write(dir.path().join("empty.toml"), "name = 'x'\n").expect("write");
    assert_eq!(err(&dir.path().join("empty.toml")).as_deref(), Some("invalid"));
}

#[test]
fn an_export_goes_outside_the_sources_with_the_missions_texts() {
    let f = two_participants();
    let app = tempfile::tempdir().expect("tempdir");
    let mut s = Session::create(
        "Angers",
        &[f.root().to_path_buf()],
        &app.path().join("missions"),
        &app.path().join("cache"),
        &silent,
        &Cancel::new(),
    )
    .expect("create");
    let chapter = chapter_ids(&s)[0].clone();
    s.apply(&Edit::Template { lang: Lang::Fr, text: Some("{chapter} par {photographer}".into()) }).expect("t");
    s.apply(&Edit::Intro { chapter, lang: Lang::Fr, text: Some("Une journée à Angers.".into()) }).expect("intro");
    let job = s.export_job();

    let inside = f.path("Zoé/export");
    let err = job.run(Preset::Facebook, &inside, Lang::Fr, &silent, &Cancel::new()).expect_err("inside a source");
    assert!(matches!(err, SessionError::InsideSource { .. }));
    assert_eq!(err.code(), "inside_source");
    assert!(!inside.exists());
    let err = job.run(Preset::Facebook, Path::new("relative/out"), Lang::Fr, &silent, &Cancel::new());
    assert_eq!(err.err().map(|e| e.code()), Some("invalid"));

    let out = app.path().join("facebook");
    let report = job.run(Preset::Facebook, &out, Lang::Fr, &silent, &Cancel::new()).expect("export");
    assert_eq!((report.photos, report.failed.len()), (3, 0));
    let folder = std::fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("a chapter folder");
    let captions = std::fs::read_to_string(folder.join("captions.txt")).expect("captions.txt");
    assert!(captions.contains("Angers par Zoé"), "{captions}");
    let album = std::fs::read_to_string(folder.join("album.txt")).expect("album.txt");
    assert!(album.contains("Une journée à Angers."), "{album}");

    // Cancelled before it starts: an error, and the code says so.
    let cancel = Cancel::new();
    cancel.cancel();
    let err = job.run(Preset::Web, &app.path().join("web"), Lang::Fr, &silent, &cancel).expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
}

#[test]
fn recent_missions_are_newest_first_deduplicated_and_bounded() {
    use chrono::{TimeZone, Utc};
    use recap::recent;
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    assert!(recent::load(&cache).is_empty());
    let file = |n: usize| {
        let p = dir.path().join(format!("m{n}.toml"));
        std::fs::write(&p, "name = 'x'\n").expect("write");
        p
    };
    let at = |n: i64| Utc.timestamp_opt(1_500_000_000 + n, 0).single().expect("time");
    recent::record(&cache, &file(1), "Un", at(1)).expect("record");
    recent::record(&cache, &file(2), "Deux", at(2)).expect("record");
    // The same file under another spelling moves to the top, once.
    let other_spelling = dir.path().join(".").join("m1.toml");
    let list = recent::record(&cache, &other_spelling, "Un bis", at(3)).expect("record");
    let names: Vec<&str> = list.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Un bis", "Deux"]);
    assert_eq!(recent::load(&cache), list);
    assert_eq!(list[0].opened_at, at(3));

    std::fs::remove_file(file(2)).expect("remove");
    let list = recent::load(&cache);
    assert!(list[0].exists() && !list[1].exists());

    for n in 10..(10 + recent::LIMIT + 5) {
        recent::record(&cache, &file(n), &format!("m{n}"), at(n as i64)).expect("record");
    }
    let list = recent::load(&cache);
    assert_eq!(list.len(), recent::LIMIT);
    assert_eq!(list[0].name, format!("m{}", 10 + recent::LIMIT + 4));
    // Atomic writes leave no temporary file behind.
    let names: Vec<String> = std::fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, [recent::FILE]);

    // A damaged list is an empty one, and the next record replaces it.
    std::fs::write(cache.join(recent::FILE), "{not json").expect("write");
    assert!(recent::load(&cache).is_empty());
    assert_eq!(recent::record(&cache, &file(1), "Un", at(99)).expect("record").len(), 1);
}

#[test]
fn the_cli_edits_through_the_same_api() {
    let demo = Demo::new();
    let s = demo.open();
    let nantes = chapter_ids(&s).into_iter().find(|id| id.starts_with("nantes")).expect("nantes");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["edit", "--mission", &demo.mission_path().to_string_lossy(), "rename", &nantes, "  "])
        .output()
        .expect("run recap");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("automatic title"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["edit", "--mission", &demo.mission_path().to_string_lossy(), "merge", &nantes, &nantes])
        .output()
        .expect("run recap");
    assert!(!out.status.success(), "merging a chapter with itself is refused");
}

#[test]
fn the_cli_picks_rejects_rates_splits_and_chooses_the_best_shot() {
    let demo = Demo::new();
    let s = demo.open_curated();
    let (copy, group) = near_copy(&s);
    let other = group.members.iter().find(|m| **m != copy).expect("another member").clone();
    let photo = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let mission = demo.mission_path().to_string_lossy().into_owned();
    let cache = demo.cache().to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
            .args(["edit", "--mission", &mission])
            .args(args)
            .output()
            .expect("run recap");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let key = |p: &std::path::Path| recap::caption::photo_key(p);

    assert!(run(&["pick", &photo(&copy), &photo(&other)]).contains("2 photos picked"));
    run(&["stars", "4", &photo(&copy)]);
    let m = demo.saved();
    assert_eq!(m.choice(&key(&copy)).state, Some(recap::mission::PickState::Pick));
    assert_eq!(m.choice(&key(&copy)).stars, 4, "stars and pick together");
    run(&["pick", "--reject", &photo(&other)]);
    assert_eq!(demo.saved().choice(&key(&other)).state, Some(recap::mission::PickState::Reject));
    run(&["pick", "--clear", &photo(&other)]);
    assert_eq!(demo.saved().choice(&key(&other)).state, None);

    // The best shot goes through a session: one per group.
    assert!(run(&["best", &photo(&copy), "--cache", &cache]).contains("best shot"));
    let m = demo.saved();
    let bests: Vec<_> = group.members.iter().filter(|p| m.choice(&key(p)).best).collect();
    assert_eq!(bests, [&copy]);
    run(&["alone", &photo(&copy)]);
    assert!(demo.saved().choice(&key(&copy)).alone);
    run(&["alone", "--undo", &photo(&copy)]);
    assert!(!demo.saved().choice(&key(&copy)).alone);

    // Refused: a sixth star, a photo not in the mission's folders for `best`.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["edit", "--mission", &mission, "stars", "6", &photo(&copy)])
        .output()
        .expect("run recap");
    assert!(!bad.status.success());
    let stranger = tempfile::NamedTempFile::new().expect("temp file");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_recap"))
        .args(["edit", "--mission", &mission, "best", &photo(stranger.path()), "--cache", &cache])
        .output()
        .expect("run recap");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a photo of this mission"));
}

/// A mission over two real photos, opened as the app opens it.
fn small_session(dir: &Path, fx: &Fixture) -> (Session, PathBuf) {
    fx.photo("Chloé/IMG_0001.JPG", camera("2017-06-05 10:00:00"));
    fx.photo("Chloé/IMG_0002.JPG", camera("2017-06-05 10:05:00"));
    let path = dir.join("mission.toml");
    let mut m = Mission::new("Versions");
    m.sources = vec![std::fs::canonicalize(fx.root()).expect("canonical")];
    m.save(&path).expect("save");
    let s = Session::open(&path, &dir.join("cache"), &silent, &Cancel::new()).expect("open");
    (s, path)
}

#[test]
fn session_restore_puts_an_earlier_version_back_and_undo_reverts_it() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, path) = small_session(dir.path(), &fx);
    assert!(s.versions().is_empty());
    for name in ["Un", "Deux", "Trois"] {
        s.apply(&Edit::Participant { folder: "Chloé".into(), name: name.into() }).expect("edit");
    }
    let shown = |s: &Session| s.mission().participants.get("Chloé").cloned();
    // Versions: before "Trois", before "Deux", before "Un".
    let versions = s.versions();
    assert_eq!(versions.len(), 3, "{versions:?}");
    s.restore(1).expect("restore");
    assert_eq!(shown(&s).as_deref(), Some("Deux"));
    assert_eq!(Mission::load(&path).expect("load").participants.get("Chloé").map(String::as_str), Some("Deux"));
    assert_eq!(s.history().undo_label(), Some("restore"));
    s.undo().expect("undo the restore");
    assert_eq!(shown(&s).as_deref(), Some("Trois"));
    assert!(!s.take_reloaded(), "the session's own restore is not someone else's edit");
    let err = s.restore(42).expect_err("no such version");
    assert_eq!(err.code(), "no_such_version");
    assert_eq!(shown(&s).as_deref(), Some("Trois"), "a failed restore changes nothing");
}

#[test]
fn a_session_never_saves_over_a_file_that_became_another_programs() {
    let fx = Fixture::new();
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut s, path) = small_session(dir.path(), &fx);
    let foreign = "[project]\nname = \"autre\"\n";
    std::fs::write(&path, foreign).expect("write");
    let err = s.apply(&Edit::Participant { folder: "Chloé".into(), name: "X".into() }).expect_err("refused");
    assert_eq!(err.code(), "not_a_mission");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), foreign);
    assert_eq!(s.mission().participants.get("Chloé"), None, "nothing changed in the session either");
}

#[test]
fn new_missions_default_to_the_documents_never_the_cache() {
    let Some(dir) = recap::recent::default_missions_dir() else {
        eprintln!("skipped: no home folder");
        return;
    };
    assert!(dir.ends_with("Recap"), "{}", dir.display());
    if let Some(base) = directories::BaseDirs::new() {
        assert!(!dir.starts_with(base.cache_dir()), "{} is in the cache", dir.display());
    }
}
