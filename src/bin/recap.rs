//! The `recap` command line: parse, call the core, print. No domain logic.

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use recap::progress::ProgressEvent;
use recap::{Cancel, ScanOptions, ScanReport};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "recap", version, about = "Turn a group trip's photo folders into a curated, captioned album")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan photo folders (one sub-folder per participant) into the catalog.
    Scan {
        /// Folders to scan, recursively.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Cache folder holding the catalog (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Cut the trip into chapters, days and moments, with every photo in the
    /// trip's own time and place.
    Plan {
        /// Folders to scan (default: the mission's sources).
        paths: Vec<PathBuf>,
        /// The mission file (TOML): participants, clock offsets, chapter edits,
        /// agenda. Created with PATH... as its sources if it does not exist.
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
        /// The organizers' programme (.ics): moments take its events' names.
        /// Stored in the mission file when there is one.
        #[arg(long, value_name = "FILE")]
        agenda: Option<PathBuf>,
        /// Cache folder holding the catalog (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Print one JSON document on stdout instead of an outline.
        #[arg(long)]
        json: bool,
        /// Skip curation (no thumbnails made, no duplicate or burst groups:
        /// the photos' `group` fields are null and stripped copies stay set apart).
        #[arg(long)]
        no_curate: bool,
        /// Language of titles, place names and captions: fr (fr-CA) or en
        /// (`titles` and `names` carry both either way).
        #[arg(long, default_value = "fr")]
        lang: recap::lang::Lang,
    },
    /// Duplicates, copies and bursts; with --select N, a balanced selection
    /// of N photos written into the mission as picks (the user's own picks
    /// are kept and count towards N; rejects are never chosen).
    Curate {
        /// Folders to scan (default: the mission's sources).
        paths: Vec<PathBuf>,
        /// The mission file; created with PATH... as its sources if it does not exist.
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
        /// Cache folder holding the catalog and thumbnails (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Propose N photos spread across chapters, days, moments and
        /// photographers, one per group, best shots first.
        #[arg(long, value_name = "N")]
        select: Option<usize>,
        /// With --select: forget the picks already in the mission first.
        #[arg(long, requires = "select")]
        replace: bool,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Make (or refresh) the thumbnail cache for every photo under PATH.
    Thumbs {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Long edge of the thumbnails, in pixels.
        #[arg(long, default_value_t = recap::render::THUMB_EDGE, value_parser = clap::value_parser!(u32).range(16..=4096))]
        size: u32,
        /// Cache folder holding the catalog and the thumbnails (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Correct the plan: clocks, chapters, participants. Stored in the mission
    /// file and kept across rescans; see `recap plan` for ids and keys.
    Edit {
        /// The mission file to change.
        #[arg(long, value_name = "FILE")]
        mission: PathBuf,
        #[command(subcommand)]
        edit: Edit,
    },
    /// Export the album: Facebook folders with captions, Instagram carousels,
    /// a web album that opens from a folder, full-size copies with corrected
    /// times, or the story (a page and printable photo book, story.md for a
    /// blog, post.txt for Facebook). Re-running skips what is already done.
    Export {
        /// Folders to scan (default: the mission's sources).
        paths: Vec<PathBuf>,
        /// The mission file (read only: export never changes it).
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
        /// Cache folder holding the catalog (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// facebook, instagram, web, copies or story.
        #[arg(long)]
        preset: recap::export::Preset,
        /// The output folder: new, empty, or an earlier export with the same preset.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Language of captions, of the web album and of the story: fr (fr-CA) or en.
        #[arg(long, default_value = "fr")]
        lang: recap::lang::Lang,
        /// Caption template, e.g. "{moment}, {place}, {date}" (also {chapter},
        /// {venue}, {city}, {photographer}).
        #[arg(long)]
        template: Option<String>,
        /// Keep the photos' GPS positions (default: only for copies).
        #[arg(long, conflicts_with = "strip_gps")]
        keep_gps: bool,
        /// Remove GPS positions, also from copies.
        #[arg(long)]
        strip_gps: bool,
        /// keep or strip the photos' GPS positions in what goes out (the
        /// same as --keep-gps or --strip-gps; default: kept only in copies).
        #[arg(long, value_name = "keep|strip", value_parser = ["keep", "strip"], conflicts_with_all = ["keep_gps", "strip_gps"])]
        gps: Option<String>,
        /// Copies: one folder per participant.
        #[arg(long)]
        per_contributor: bool,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Recap's version and the licences of the data built into it (place
    /// names, map outlines, time zones).
    About {
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// The trip told as a story: title, route, chapters, each day's text and
    /// photos, highlights and credits, in the user's words where they wrote
    /// them (`recap edit … story`), else Recap's drafts.
    Story {
        /// Folders to scan (default: the mission's sources).
        paths: Vec<PathBuf>,
        /// The mission file.
        #[arg(long, value_name = "FILE")]
        mission: PathBuf,
        /// Cache folder holding the catalog and thumbnails (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// The story's language: fr (fr-CA) or en.
        #[arg(long, default_value = "fr")]
        lang: recap::lang::Lang,
        /// Print the story as one JSON document on stdout instead of an outline.
        #[arg(long)]
        json: bool,
        /// Skip curation: a day's photos are chosen without duplicate or
        /// burst groups and quality.
        #[arg(long)]
        no_curate: bool,
    },
    /// Write the built-in demo mission (six participants, Angers then Nantes) into DIR.
    Demo {
        dir: PathBuf,
        /// Also write a mission file (and its agenda, programme.ics, beside it).
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
        /// Every participant shoots N times as many photos: a large mission
        /// for measuring (65 gives about 10,000 photos).
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        scale: u32,
    },
}

#[derive(Subcommand)]
enum PersonAction {
    /// Add a delegate who sent no photo (listed among who was there).
    Add { name: String },
    /// Remove a delegate added by hand.
    Remove { name: String },
    /// The folder's photos, devices and credits are this person's.
    Link {
        /// The folder's name as `recap plan` shows it (a contributor).
        folder: String,
        /// The person it is: another folder's name or a delegate's.
        #[arg(long)]
        to: String,
    },
    /// The folder is its own person again.
    Unlink { folder: String },
}

#[derive(Subcommand)]
enum StoryEdit {
    /// Write a text of the story yourself: title, intro, closing,
    /// chapter:ID or day:YYYY-MM-DD; `--clear` goes back to Recap's draft.
    Text {
        #[arg(value_parser = clap::value_parser!(recap::edit::StoryTarget))]
        target: recap::edit::StoryTarget,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        text: Option<String>,
        #[arg(long)]
        clear: bool,
        /// The language the text is in: fr or en.
        #[arg(long, default_value = "fr")]
        lang: recap::lang::Lang,
    },
    /// Choose a day's photos, in the story's order (mission keys such as
    /// 1:IMG_0001.JPG, or paths); `--clear` lets Recap choose again.
    Photos {
        /// The day, YYYY-MM-DD.
        day: chrono::NaiveDate,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        photos: Vec<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Choose the story's cover (a mission key or a path); `--clear` lets Recap choose again.
    Cover {
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        photo: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Subcommand)]
enum Edit {
    /// A photo folder of the mission moved (another drive, a renamed
    /// folder): point the mission at its new place. Captions, picks, chapter
    /// edits and clocks follow the photos.
    Relocate {
        /// The folder as the mission names it (it may no longer exist).
        old: PathBuf,
        /// Where it is now.
        new: PathBuf,
    },
    /// Set a device's clock correction (the device key as `recap plan` shows it).
    Clock {
        device: String,
        /// Minutes to add to the device's clock (a camera on Québec time in France: 360).
        #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["clear", "auto"])]
        minutes: Option<i32>,
        /// The clock was right: no correction, and none detected.
        #[arg(long, conflicts_with = "auto")]
        clear: bool,
        /// Forget the user's choice and let Recap detect the offset again.
        #[arg(long)]
        auto: bool,
    },
    /// The trip's time settings.
    Time {
        #[command(subcommand)]
        setting: TimeEdit,
    },
    /// Give a chapter a title (the chapter id as `recap plan` shows it).
    Rename {
        chapter: String,
        title: String,
        /// The language the title is in (fr or en): the other album shows
        /// the place's own name there when the title was the place's name.
        #[arg(long, default_value = "fr")]
        lang: recap::lang::Lang,
    },
    /// Merge chapters into the first one.
    Merge {
        #[arg(required = true, num_args = 2..)]
        chapters: Vec<String>,
    },
    /// Start a new chapter at this photo.
    Split { photo: PathBuf },
    /// Put chapters in this order (the others follow in time order).
    Order {
        #[arg(required = true)]
        chapters: Vec<String>,
    },
    /// Move a photo to another chapter.
    Move { photo: PathBuf, chapter: String },
    /// Rename the mission (the album's title).
    Name { name: String },
    /// Show a participant's folder under a display name ("Étienne L" → "Étienne Lavoie").
    Participant { folder: String, name: String },
    /// The Bottin: add a delegate who sent no photo, or link a folder to
    /// the person whose photos it holds ("Marc iPhone" → Marc).
    Person {
        #[command(subcommand)]
        action: PersonAction,
    },
    /// Write a photo's caption yourself (templates never overwrite it), or
    /// `--clear` it to go back to the template.
    Caption {
        photo: PathBuf,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        text: Option<String>,
        #[arg(long)]
        clear: bool,
    },
    /// Pick photos for the album; `--reject` them instead, or `--clear` the
    /// choice (stars are kept either way).
    Pick {
        #[arg(required = true)]
        photos: Vec<PathBuf>,
        #[arg(long, conflicts_with = "clear")]
        reject: bool,
        #[arg(long)]
        clear: bool,
    },
    /// Give photos 1 to 5 stars; 0 takes them away.
    Stars {
        #[arg(value_parser = clap::value_parser!(u8).range(0..=5))]
        stars: u8,
        #[arg(required = true)]
        photos: Vec<PathBuf>,
    },
    /// Make a photo the best shot of its duplicate or burst group, in place
    /// of Recap's suggestion. Scans and compares the mission's photos to
    /// find the group (fast with a warm cache), and clears the choice on the
    /// group's other photos.
    Best {
        photo: PathBuf,
        /// Cache folder holding the catalog and thumbnails (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Split photos off a wrong duplicate or burst match; `--undo` lets them
    /// be grouped again.
    Alone {
        #[arg(required = true)]
        photos: Vec<PathBuf>,
        #[arg(long)]
        undo: bool,
    },
    /// The story: its texts, a day's photos, the cover (see `recap story`).
    Story {
        #[command(subcommand)]
        action: StoryEdit,
    },
    /// List the earlier versions of the mission file Recap keeps (the last
    /// 10 saves), newest first, numbered for `restore`.
    History {
        /// Print one JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Put an earlier version of the mission file back (1, the default, is
    /// the version before the last save: an undo). What the file held
    /// becomes version 1, so a restore can itself be undone.
    Restore {
        #[arg(default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        version: u32,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan { paths, cache, json } => scan(paths, cache, json),
        Command::Plan { paths, mission, agenda, cache, json, no_curate, lang } => {
            plan(paths, mission, agenda, cache, json, !no_curate, lang)
        }
        Command::Curate { paths, mission, cache, select, replace, json } => {
            curate(paths, mission, cache, select, replace, json)
        }
        Command::Thumbs { paths, size, cache, json } => thumbs(paths, size, cache, json),
        Command::Edit { mission, edit } => edit_mission(&mission, edit),
        Command::Export {
            paths,
            mission,
            cache,
            preset,
            out,
            lang,
            template,
            keep_gps,
            strip_gps,
            gps,
            per_contributor,
            json,
        } => {
            let mut opts = recap::export::ExportOptions::new(preset, out);
            opts.lang = lang;
            opts.template = template.map(recap::caption::Template);
            opts.keep_gps = if keep_gps || gps.as_deref() == Some("keep") {
                Some(true)
            } else if strip_gps || gps.as_deref() == Some("strip") {
                Some(false)
            } else {
                None
            };
            opts.per_contributor = per_contributor;
            export(paths, mission, cache, &opts, json)
        }
        Command::Demo { dir, mission, scale } => demo(dir, mission, scale),
        Command::Story { paths, mission, cache, lang, json, no_curate } => {
            story(paths, mission, cache, lang, json, !no_curate)
        }
        Command::About { json } => about(json),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("recap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn cache_dir(cache: Option<PathBuf>) -> recap::Result<PathBuf> {
    cache.map_or_else(recap::catalog::default_cache_dir, Ok)
}

/// A progress bar on a terminal; nothing when output is JSON or piped.
fn progress_bar(json: bool) -> ProgressBar {
    if !json && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    }
}

fn on_progress(bar: &ProgressBar) -> impl Fn(ProgressEvent) + Sync + '_ {
    move |ev: ProgressEvent| match ev {
        ProgressEvent::Walking { found } => bar.set_message(format!("{found} files found")),
        ProgressEvent::Reading { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message("reading");
        }
        ProgressEvent::Rendering { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message("thumbnails");
        }
        ProgressEvent::Done { .. } => bar.finish_and_clear(),
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> recap::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, value).map_err(|e| recap::Error::Invalid(e.to_string()))?;
    let _ = writeln!(out);
    Ok(())
}

fn scan(paths: Vec<PathBuf>, cache: Option<PathBuf>, json: bool) -> recap::Result<ExitCode> {
    let opts = ScanOptions { roots: paths, cache_dir: cache_dir(cache)? };
    let bar = progress_bar(json);
    let report = recap::scan(&opts, &on_progress(&bar), &Cancel::new())?;
    bar.finish_and_clear();

    if json {
        print_json(&report)?;
    } else {
        print_summary(&report);
    }
    let readable = report.photos.len() + report.videos.len();
    if readable == 0 && !report.skipped.is_empty() {
        eprintln!("recap: none of the {} files found could be read", report.skipped.len());
        return Ok(ExitCode::FAILURE);
    }
    if readable == 0 {
        eprintln!("recap: no photos found");
    }
    Ok(ExitCode::SUCCESS)
}

fn thumbs(paths: Vec<PathBuf>, size: u32, cache: Option<PathBuf>, json: bool) -> recap::Result<ExitCode> {
    let opts = ScanOptions { roots: paths, cache_dir: cache_dir(cache)? };
    let bar = progress_bar(json);
    let cancel = Cancel::new();
    let scan = recap::scan(&opts, &on_progress(&bar), &cancel)?;
    let thumbs = recap::render::ThumbCache::new(&opts.cache_dir);
    let report = thumbs.build(&scan.photos, size, &on_progress(&bar), &cancel)?;
    bar.finish_and_clear();

    if json {
        print_json(&serde_json::json!({ "thumbs": report, "skipped": scan.skipped }))?;
    } else {
        println!(
            "{} photos: {} thumbnails made, {} already cached, {} failed, {} stale removed  ({} px, in {})",
            scan.photos.iter().filter(|p| p.kind == recap::MediaKind::Photo).count(),
            report.made,
            report.fresh,
            report.failed.len(),
            report.pruned,
            size,
            report.dir.display()
        );
        for f in &report.failed {
            println!("  failed: {}", f.reason);
        }
        if !scan.skipped.is_empty() {
            println!("  ({} files skipped by the scan; `recap scan` lists them)", scan.skipped.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(r: &ScanReport) {
    let mut per: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for p in r.photos.iter().chain(&r.videos) {
        *per.entry(&p.contributor).or_default().entry(p.format.name()).or_default() += 1;
    }
    println!(
        "{} photos, {} videos, {} skipped  (read {}, unchanged {}, removed {})",
        r.photos.len(),
        r.videos.len(),
        r.skipped.len(),
        r.stats.read,
        r.stats.reused,
        r.stats.removed
    );
    for (who, formats) in &per {
        let total: usize = formats.values().sum();
        let detail: Vec<String> = formats.iter().map(|(f, n)| format!("{n} {f}")).collect();
        println!("  {who:<24} {total:>6}   {}", detail.join(", "));
    }
    let warned: Vec<_> = r.photos.iter().filter(|p| !p.warnings.is_empty()).collect();
    if !warned.is_empty() {
        println!("\nWarnings:");
        for p in warned {
            println!("  {}: {}", p.path.display(), p.warnings.join("; "));
        }
    }
    if !r.skipped.is_empty() {
        println!("\nSkipped:");
        for s in &r.skipped {
            println!("  {}: {}", s.path.display(), s.reason);
        }
    }
}

/// The mission named by --mission (a new one when the file does not exist
/// yet), with PATH... added to its sources; whether that changed it.
fn mission_with_sources(
    paths: &[PathBuf],
    mission_path: Option<&PathBuf>,
) -> recap::Result<(recap::mission::Mission, bool)> {
    use recap::mission::Mission;
    let mut mission = match mission_path {
        Some(p) if p.exists() => Mission::load(p)?,
        _ => Mission::unnamed(),
    };
    let new = mission_path.is_none_or(|p| !p.exists());
    let mut changed = mission_path.is_some_and(|p| !p.exists());
    for p in paths {
        let abs = std::fs::canonicalize(p).map_err(|_| recap::Error::NoSuchFolder(p.clone()))?;
        if !mission.sources.contains(&abs) {
            mission.sources.push(abs);
            changed = true;
        }
    }
    // A mission made here is named after its folders, as the app names one
    // after what the user types: "Mission" named nothing.
    if new {
        mission.name = recap::mission::name_for_sources(&mission.sources);
    }
    Ok((mission, changed))
}

/// Writes what `plan` and `curate` add to a mission (its sources, its
/// agenda) under the file's lock, onto the file as it is now: an edit made
/// meanwhile by another process is kept. A new file is written whole.
fn save_plan_changes(path: &std::path::Path, mission: &recap::mission::Mission) -> recap::Result<()> {
    if !path.exists() {
        return Ok(mission.save(path)?);
    }
    recap::mission::Mission::update(path, |m| {
        for s in &mission.sources {
            if !m.sources.contains(s) {
                m.sources.push(s.clone());
            }
        }
        if mission.agenda.file.is_some() {
            m.agenda.file.clone_from(&mission.agenda.file);
        }
        Ok::<_, recap::Error>(())
    })?;
    Ok(())
}

fn plan(
    paths: Vec<PathBuf>,
    mission_path: Option<PathBuf>,
    agenda: Option<PathBuf>,
    cache: Option<PathBuf>,
    json: bool,
    curated: bool,
    lang: recap::lang::Lang,
) -> recap::Result<ExitCode> {
    let (mut mission, mut changed) = mission_with_sources(&paths, mission_path.as_ref())?;
    if let Some(ics) = agenda {
        let abs = std::fs::canonicalize(&ics).map_err(|e| recap::Error::Io { path: ics.clone(), source: e })?;
        // Refused before it is stored: a FIFO or a device would be read at every plan.
        recap::guard::open_regular(&abs)
            .map_err(|e| recap::Error::Invalid(format!("{}: {e}: not a programme", ics.display())))?;
        changed |= mission.agenda.file.as_ref() != Some(&abs);
        mission.agenda.file = Some(abs);
    }
    if mission.sources.is_empty() {
        return Err(recap::Error::Invalid("no folder to plan: give PATH... or a --mission with sources".into()));
    }
    if let (Some(p), true) = (&mission_path, changed) {
        save_plan_changes(p, &mission)?;
    }
    let bar = progress_bar(json);
    let opts = recap::pipeline::PlanOptions { curate: curated };
    let mut report = recap::pipeline::plan_folders_with(
        &[],
        &cache_dir(cache)?,
        &mission,
        mission_path.as_deref(),
        opts,
        &on_progress(&bar),
        &Cancel::new(),
    )?;
    bar.finish_and_clear();
    report.plan.localize(lang);
    let (mission, _) = recap::pipeline::resolve_mission(&mission, mission_path.as_deref(), &[], &report.scan);
    for w in &report.agenda_warnings {
        eprintln!("recap: agenda: {w}");
    }
    if json {
        print_json(&plan_json(&report, &mission, lang)?)?;
    } else {
        print!("{}", report.plan.outline());
        if let Some(c) = &report.curation {
            println!("{}", curation_line(c));
        }
        if !report.scan.skipped.is_empty() {
            println!("\n{} files skipped (see `recap scan`).", report.scan.skipped.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `recap plan --json`: the plan as it always was, each photo (and set-apart
/// file) with the album's curation fields added ([`recap::album`]), and the
/// duplicates collapsed and the copies placed. Fields are only ever added
/// (the contract).
fn plan_json(
    report: &recap::pipeline::PlanReport,
    mission: &recap::mission::Mission,
    lang: recap::lang::Lang,
) -> recap::Result<serde_json::Value> {
    use recap::album::{Album, AlbumPhoto, GroupFacts, Settings, Source};
    use recap::plan::{ChapterKind, DeviceReport, PlaceInfo, PlannedPhoto, Unplaced};
    use serde::Serialize;

    #[derive(Serialize)]
    struct PlanJson<'a> {
        chapters: Vec<ChapterJson<'a>>,
        unplaced: Vec<PhotoJson<'a, Unplaced>>,
        devices: &'a [DeviceReport],
        trip_zone: &'a str,
        home_zone: Option<&'a str>,
        home_place: Option<&'a PlaceInfo>,
        curated: bool,
        duplicates: &'a [recap::curate::Duplicate],
        inherited: &'a [recap::curate::Inherited],
        /// Who was there (the Bottin): who sent photos, folders linked to
        /// one of them, delegates who sent none.
        people: Vec<PersonJson>,
    }
    #[derive(Serialize)]
    struct PersonJson {
        /// The person key photos carry as `contributor` (a folder's name or a delegate's).
        key: String,
        name: String,
        photos: usize,
        linked_to: Option<String>,
        delegate: bool,
    }
    #[derive(Serialize)]
    struct ChapterJson<'a> {
        id: &'a str,
        title: &'a str,
        /// The title in French and English, whatever `--lang` chose.
        titles: &'a recap::lang::Localized,
        kind: ChapterKind,
        /// `{"name": null}` for a chapter without a place, as the plan says it.
        place: Place<'a>,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
        days: Vec<DayJson<'a>>,
    }
    #[derive(Serialize)]
    #[serde(untagged)]
    enum Place<'a> {
        Known(&'a PlaceInfo),
        Unknown { name: Option<String> },
    }
    #[derive(Serialize)]
    struct DayJson<'a> {
        date: chrono::NaiveDate,
        moments: Vec<MomentJson<'a>>,
    }
    #[derive(Serialize)]
    struct MomentJson<'a> {
        title: &'a Option<String>,
        /// A same-day visit away from the chapter's base: where (null at the base).
        visit: &'a Option<PlaceInfo>,
        start: chrono::DateTime<chrono::FixedOffset>,
        end: chrono::DateTime<chrono::FixedOffset>,
        photos: Vec<PhotoJson<'a, PlannedPhoto>>,
    }
    #[derive(Serialize)]
    struct PhotoJson<'a, T> {
        #[serde(flatten)]
        planned: &'a T,
        group: Option<&'a str>,
        group_kind: Option<&'static str>,
        group_size: usize,
        best: bool,
        pick: Option<&'static str>,
        stars: u8,
        contributors: &'a [String],
        /// The caption the user wrote (null: the template's).
        caption: Option<&'a str>,
    }
    fn photo<'a, T>(
        planned: &'a T,
        g: Option<&'a GroupFacts>,
        choice: recap::mission::Choice,
        contributors: &'a [String],
        caption: Option<&'a str>,
    ) -> PhotoJson<'a, T> {
        PhotoJson {
            planned,
            group: g.map(|g| g.id.as_str()),
            group_kind: g.map(|g| g.kind.name()),
            group_size: g.map_or(0, |g| g.size),
            best: g.is_some_and(|g| g.best),
            pick: choice.state.map(|s| s.name()),
            stars: choice.stars,
            contributors,
            caption,
        }
    }
    fn placed<'a>(p: &'a AlbumPhoto<'a>) -> PhotoJson<'a, PlannedPhoto> {
        let caption = p.caption.edited.then_some(p.caption.text.as_str());
        photo(p.planned, p.group.as_ref(), p.choice(), &p.contributors, caption)
    }

    let c = report.curation.as_ref();
    let src = Source { plan: &report.plan, photos: &report.scan.photos, curation: c };
    // Keys as scanned only: the JSON names the caption stored for the path.
    let album = Album::build(src, mission, &Settings::lang(lang));
    let json = PlanJson {
        chapters: album
            .chapters
            .iter()
            .map(|ch| ChapterJson {
                id: &ch.chapter.id,
                title: &ch.chapter.title,
                titles: &ch.chapter.titles,
                kind: ch.chapter.kind,
                place: ch.chapter.place.as_ref().map_or(Place::Unknown { name: None }, Place::Known),
                start: ch.chapter.start,
                end: ch.chapter.end,
                days: ch
                    .days
                    .iter()
                    .map(|d| DayJson {
                        date: d.date,
                        moments: d
                            .moments
                            .iter()
                            .map(|m| MomentJson {
                                title: &m.moment.title,
                                visit: &m.moment.visit,
                                start: m.moment.start,
                                end: m.moment.end,
                                photos: m.photos.iter().map(placed).collect(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        unplaced: album
            .unplaced
            .iter()
            .map(|u| {
                let choice = u.pick.map(|p| p.choice()).unwrap_or_default();
                photo(u.unplaced, u.group.as_ref(), choice, &[], u.edited.as_deref())
            })
            .collect(),
        devices: &report.plan.devices,
        trip_zone: &report.plan.trip_zone,
        home_zone: report.plan.home_zone.as_deref(),
        home_place: report.plan.home_place.as_ref(),
        curated: c.is_some(),
        duplicates: c.map_or(&[], |c| &c.duplicates),
        inherited: c.map_or(&[], |c| &c.inherited),
        people: recap::session::people(report, mission)
            .into_iter()
            .map(|p| PersonJson {
                key: p.folder,
                name: p.name,
                photos: p.photos,
                linked_to: p.linked_to,
                delegate: p.delegate,
            })
            .collect(),
    };
    // Through a Value: keys in the order they always came out in.
    serde_json::to_value(&json).map_err(|e| recap::Error::Invalid(e.to_string()))
}

fn curation_line(c: &recap::curate::Curation) -> String {
    use recap::curate::GroupKind;
    let n = |k: GroupKind| c.groups.iter().filter(|g| g.kind == k).count();
    format!(
        "Curation: {} bursts, {} sets of copies, {} sets of exact duplicates; {} duplicates collapsed, \
         {} stripped copies placed at their original's time{}",
        n(GroupKind::Burst),
        n(GroupKind::Near),
        n(GroupKind::Exact),
        c.duplicates.len(),
        c.inherited.len(),
        if c.failed.is_empty() { String::new() } else { format!("; {} photos could not be analysed", c.failed.len()) }
    )
}

fn curate(
    paths: Vec<PathBuf>,
    mission_path: Option<PathBuf>,
    cache: Option<PathBuf>,
    select: Option<usize>,
    replace: bool,
    json: bool,
) -> recap::Result<ExitCode> {
    let (mission, changed) = mission_with_sources(&paths, mission_path.as_ref())?;
    if mission.sources.is_empty() {
        return Err(recap::Error::Invalid("no folder to curate: give PATH... or a --mission with sources".into()));
    }
    if let (Some(p), true) = (&mission_path, changed) {
        save_plan_changes(p, &mission)?;
    }
    let bar = progress_bar(json);
    let report = recap::pipeline::plan_folders_with(
        &[],
        &cache_dir(cache)?,
        &mission,
        mission_path.as_deref(),
        recap::pipeline::PlanOptions::curated(),
        &on_progress(&bar),
        &Cancel::new(),
    )?;
    bar.finish_and_clear();
    let Some(c) = report.curation.as_ref() else {
        return Err(recap::Error::Invalid("curation did not run".into()));
    };
    let (mut mission, _) = recap::pipeline::resolve_mission(&mission, mission_path.as_deref(), &[], &report.scan);
    let mut selected = None;
    if let Some(n) = select {
        // Kept picks the scan cannot find would silently shrink the album.
        if !replace {
            recap::pipeline::check_picks(&mission, &report.scan)?;
        }
        let selection = recap::session::Selection::propose(&report, c, &mission, n, replace);
        selection.apply(&mut mission);
        if let Some(p) = &mission_path {
            // On the file as it is now: edits made during the scan are kept.
            recap::identity::update(p, |m| {
                selection.apply(m);
                Ok::<_, recap::Error>(())
            })?;
        }
        selected = Some(selection.chosen);
    }
    if json {
        let sel: Option<Vec<String>> =
            selected.as_ref().map(|s| s.iter().map(|p| p.to_string_lossy().into_owned()).collect());
        print_json(&serde_json::json!({
            "groups": c.groups,
            "duplicates": c.duplicates,
            "inherited": c.inherited,
            "failed": c.failed,
            "selected": sel,
            "saved": selected.is_some() && mission_path.is_some(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", curation_line(c));
    match &selected {
        None => {
            for g in &c.groups {
                println!(
                    "  [{} {}] {} photos from {}; best: {}{}",
                    g.kind.name(),
                    g.id,
                    g.members.len(),
                    g.contributors.join(", "),
                    g.best.display(),
                    if g.best_by_user { " (your choice)" } else { "" }
                );
            }
            for d in &c.duplicates {
                println!("  duplicate: {} is {} (kept)", d.path.display(), d.kept.display());
            }
            for h in &c.inherited {
                println!("  copy placed: {} takes the time and place of {}", h.path.display(), h.from.display());
            }
        }
        Some(chosen) => {
            let set: std::collections::HashSet<&std::path::Path> = chosen.iter().map(PathBuf::as_path).collect();
            println!("{} photos selected:", chosen.len());
            for ch in &report.plan.chapters {
                let photos = ch.days.iter().flat_map(|d| &d.moments).flat_map(|m| &m.photos);
                let (n, total) =
                    photos.fold((0, 0), |(n, t), p| (n + usize::from(set.contains(p.path.as_path())), t + 1));
                println!("  {:<40} {n:>4} of {total}", ch.title);
            }
            match &mission_path {
                Some(p) => println!("Written as picks into {}; `recap export` takes them.", p.display()),
                None => {
                    for p in chosen {
                        println!("  {}", p.display());
                    }
                    println!("Not saved: give --mission FILE to keep the selection.");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
enum TimeEdit {
    /// Where the group comes from (an IANA zone such as America/Toronto):
    /// a camera left on home time is corrected by the zone difference.
    /// `--clear`: found from the departure photos again.
    HomeZone {
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        zone: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

fn edit_mission(path: &std::path::Path, edit: Edit) -> recap::Result<ExitCode> {
    use recap::edit::{ClockMode, Edit as Core};
    use recap::mission::Mission;
    // Refuses what is not a mission before anything else.
    Mission::load(path)?;
    // Photos are keyed by their path as scanned (absolute).
    let photo_key = |p: &PathBuf| -> recap::Result<String> {
        // A photo deleted since it was picked can still be un-picked: its
        // folder names it.
        let abs = std::fs::canonicalize(p).or_else(|e| match (p.parent(), p.file_name()) {
            (Some(dir), Some(name)) => {
                std::fs::canonicalize(if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir })
                    .map(|d| d.join(name))
                    .map_err(|_| e)
            }
            _ => Err(e),
        });
        let abs = abs.map_err(|e| recap::Error::Io { path: p.clone(), source: e })?;
        Ok(recap::caption::photo_key(&abs))
    };
    let edit = match edit {
        Edit::Clock { device, minutes, clear, auto } => {
            let mode = match (auto, clear, minutes) {
                (true, _, _) => ClockMode::Auto,
                (_, true, _) => ClockMode::Clear,
                (_, _, Some(min)) => ClockMode::Set(min),
                _ => return Err(recap::Error::Invalid("say --minutes N, --clear or --auto".into())),
            };
            Core::Clock { device, mode }
        }
        Edit::Time { setting: TimeEdit::HomeZone { zone, clear } } => Core::HomeZone { zone: zone.filter(|_| !clear) },
        Edit::Rename { chapter, title, lang } => Core::Rename { chapter, title, lang },
        Edit::Merge { chapters } => Core::Merge { chapters },
        Edit::Split { photo } => Core::Split { photo: photo_key(&photo)? },
        Edit::Order { chapters } => Core::Order { chapters },
        Edit::Move { photo, chapter } => Core::Move { photos: vec![photo_key(&photo)?], chapter },
        Edit::Name { name } => Core::MissionName { name },
        Edit::Participant { folder, name } => Core::Participant { folder, name },
        Edit::Person { action } => match action {
            PersonAction::Add { name } => Core::PersonAdd { name },
            PersonAction::Remove { name } => Core::PersonRemove { name },
            PersonAction::Link { folder, to } => Core::PersonLink { folder, to },
            PersonAction::Unlink { folder } => Core::PersonUnlink { folder },
        },
        Edit::Caption { photo, text, clear } => {
            Core::Caption { photo: photo_key(&photo)?, text: text.filter(|_| !clear) }
        }
        Edit::Pick { photos, reject, clear } => Core::Pick {
            photos: photos.iter().map(photo_key).collect::<recap::Result<_>>()?,
            state: if clear {
                recap::edit::PickState::None
            } else if reject {
                recap::edit::PickState::Reject
            } else {
                recap::edit::PickState::Pick
            },
        },
        Edit::Stars { stars, photos } => {
            Core::Stars { photos: photos.iter().map(photo_key).collect::<recap::Result<_>>()?, stars }
        }
        Edit::Alone { photos, undo } => {
            Core::Alone { photos: photos.iter().map(photo_key).collect::<recap::Result<_>>()?, alone: !undo }
        }
        Edit::Best { photo, cache } => {
            // Through a session, as the app does it: one best per group.
            let key = photo_key(&photo)?;
            let cache = cache_dir(cache)?;
            let bar = progress_bar(false);
            let on = on_progress(&bar);
            let cancel = Cancel::new();
            let mut session = recap::session::Session::open(path, &cache, &on, &cancel).map_err(recap::Error::from)?;
            session.curate(&on, &cancel).map_err(recap::Error::from)?;
            bar.finish_and_clear();
            if !session.report().scan.photos.iter().any(|p| recap::caption::photo_key(&p.path) == key) {
                return Err(recap::Error::Invalid(format!("{} is not a photo of this mission", photo.display())));
            }
            session.apply(&Core::Best { photo: key.clone() }).map_err(recap::Error::from)?;
            println!("{key} is the best shot of its group (saved in {})", path.display());
            return Ok(ExitCode::SUCCESS);
        }
        Edit::Story { action } => story_edit(path, action)?,
        Edit::History { json } => {
            let versions = recap::mission::versions(path);
            if json {
                print_json(&serde_json::json!({ "versions": versions }))?;
            } else if versions.is_empty() {
                println!("No earlier version of {} yet.", path.display());
            } else {
                for v in &versions {
                    let when = v.saved_at.map_or_else(
                        || "unknown time".to_string(),
                        |t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S").to_string(),
                    );
                    let name = v.name.as_deref().map_or_else(|| "(unreadable)".to_string(), |n| format!("{n:?}"));
                    println!("  {:>2}  {when}  {name}  {} bytes", v.number, v.bytes);
                }
                println!("`recap edit --mission {} restore N` puts version N back.", path.display());
            }
            return Ok(ExitCode::SUCCESS);
        }
        Edit::Relocate { old, new } => {
            let (done, _) = recap::identity::update(path, |m| {
                recap::identity::relocate(m, path, &old, &new).map_err(recap::Error::Invalid)
            })?;
            println!("{done} (saved in {})", path.display());
            return Ok(ExitCode::SUCCESS);
        }
        Edit::Restore { version } => {
            let m = recap::mission::restore(path, version as usize)?;
            println!("version {version} restored ({:?}, saved in {})", m.name, path.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    // Read, changed and written under the mission's lock: edits made at the
    // same time by other runs or by the app are all kept.
    // Photos named by path here, by source-relative key in the file.
    let (done, _) = recap::identity::update(path, |m| recap::edit::apply(m, &edit).map_err(recap::Error::from))?;
    println!("{done} (saved in {})", path.display());
    Ok(ExitCode::SUCCESS)
}

fn export(
    paths: Vec<PathBuf>,
    mission_path: Option<PathBuf>,
    cache: Option<PathBuf>,
    opts: &recap::export::ExportOptions,
    json: bool,
) -> recap::Result<ExitCode> {
    use recap::mission::Mission;
    let mut mission = match &mission_path {
        Some(p) => Mission::load(p)?,
        None => Mission::unnamed(),
    };
    let mut roots = Vec::new();
    for p in &paths {
        roots.push(std::fs::canonicalize(p).map_err(|_| recap::Error::NoSuchFolder(p.clone()))?);
    }
    if mission_path.is_none() {
        mission.name = recap::mission::name_for_sources(&roots);
    }
    if roots.is_empty() {
        let at = recap::mission::path_or_default(mission_path.as_deref());
        recap::pipeline::check_sources(&mission, at)?;
        roots = mission.resolved_sources(at);
    }
    if roots.is_empty() {
        return Err(recap::Error::Invalid("no folder to export: give PATH... or a --mission with sources".into()));
    }
    let bar = progress_bar(json);
    let cancel = Cancel::new();
    let report = recap::pipeline::plan_folders(
        &roots,
        &cache_dir(cache)?,
        &mission,
        mission_path.as_deref(),
        &on_progress(&bar),
        &cancel,
    )?;
    // Picks and captions matched to the photos as scanned; picks that match
    // none stop the export before it writes anything.
    let (mut mission, _) = recap::pipeline::resolve_mission(&mission, mission_path.as_deref(), &roots, &report.scan);
    if let Err(e) = recap::pipeline::check_picks(&mission, &report.scan) {
        bar.finish_and_clear();
        return Err(e);
    }
    mission.sources.clone_from(&roots);
    let on_export = |ev: ProgressEvent| match ev {
        ProgressEvent::Rendering { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message("exporting");
        }
        ProgressEvent::Done { .. } => bar.finish_and_clear(),
        _ => {}
    };
    let done = recap::export::export(&report, &mission, &roots, opts, &on_export, &cancel)?;
    bar.finish_and_clear();
    if json {
        print_json(&done)?;
    } else {
        println!(
            "{} photos exported to {} ({} files written, {} already done, {} removed; {} photos left out)",
            done.photos - done.failed.len(),
            done.out.display(),
            done.written,
            done.kept,
            done.removed,
            done.left_out
        );
        for w in &done.warnings {
            println!("  note: {w}");
        }
        for f in &done.failed {
            println!("  failed: {}: {} [{}]", f.path.display(), f.reason, f.code);
        }
    }
    // Like `recap scan`: a few broken photos are reported, not fatal; an
    // export that made nothing at all is.
    let nothing = done.photos > 0 && done.failed.len() == done.photos;
    Ok(if nothing { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The app's map draws Natural Earth's country outlines as world-atlas ships
/// them (ui/data); the rest of the built-in data is the core's.
const MAP_ATTRIBUTION: &str = "Map outlines: Natural Earth (public domain) via world-atlas (ISC).";

fn about(json: bool) -> recap::Result<ExitCode> {
    let version = env!("CARGO_PKG_VERSION");
    if json {
        print_json(&serde_json::json!({
            "version": version,
            "data": [recap::geo::attribution(), MAP_ATTRIBUTION],
        }))?;
    } else {
        println!("recap {version}");
        println!("{}", recap::geo::attribution());
        println!("{MAP_ATTRIBUTION}");
    }
    Ok(ExitCode::SUCCESS)
}

/// A story edit with its photos named as the mission keeps them in memory
/// (their paths as scanned). A photo is a mission key (`1:IMG_0001.JPG`) or
/// a path, and must be a file under one of the mission's folders.
fn story_edit(path: &std::path::Path, action: StoryEdit) -> recap::Result<recap::edit::Edit> {
    use recap::edit::Edit as Core;
    let mission = recap::mission::Mission::load(path)?;
    let sources = recap::identity::Sources::of(&mission, Some(path), &[]);
    let photo = |name: &str| -> recap::Result<String> {
        let not_ours = || recap::Error::Invalid(format!("{name} is not a photo in this mission's folders"));
        let file = if recap::identity::is_portable(name) && !std::path::Path::new(name).exists() {
            sources.path(name).ok_or_else(not_ours)?
        } else {
            PathBuf::from(name)
        };
        let abs = std::fs::canonicalize(&file).map_err(|_| not_ours())?;
        if !abs.is_file() || sources.key(&abs).is_none() {
            return Err(not_ours());
        }
        Ok(recap::caption::photo_key(&abs))
    };
    Ok(match action {
        StoryEdit::Text { target, text, clear, lang } => {
            Core::StoryText { target, lang, text: text.filter(|_| !clear) }
        }
        StoryEdit::Photos { day, photos, clear } => Core::StoryPhotos {
            day,
            photos: if clear { None } else { Some(photos.iter().map(|p| photo(p)).collect::<recap::Result<_>>()?) },
        },
        StoryEdit::Cover { photo: p, clear } => {
            Core::StoryCover { photo: if clear { None } else { p.as_deref().map(photo).transpose()? } }
        }
    })
}

/// `recap story`: the album told as a story (see [`recap::story`]).
fn story(
    paths: Vec<PathBuf>,
    mission_path: PathBuf,
    cache: Option<PathBuf>,
    lang: recap::lang::Lang,
    json: bool,
    curated: bool,
) -> recap::Result<ExitCode> {
    use recap::album::{Album, Settings, Source};
    let mission = recap::mission::Mission::load(&mission_path)?;
    let mut roots = Vec::new();
    for p in &paths {
        roots.push(std::fs::canonicalize(p).map_err(|_| recap::Error::NoSuchFolder(p.clone()))?);
    }
    if roots.is_empty() && mission.sources.is_empty() {
        return Err(recap::Error::Invalid("no folder to tell: give PATH... or a --mission with sources".into()));
    }
    let bar = progress_bar(json);
    let report = recap::pipeline::plan_folders_with(
        &roots,
        &cache_dir(cache)?,
        &mission,
        Some(&mission_path),
        recap::pipeline::PlanOptions { curate: curated },
        &on_progress(&bar),
        &Cancel::new(),
    )?;
    bar.finish_and_clear();
    let (mission, _) = recap::pipeline::resolve_mission(&mission, Some(&mission_path), &roots, &report.scan);
    let src = Source { plan: &report.plan, photos: &report.scan.photos, curation: report.curation.as_ref() };
    let album = Album::build(src, &mission, &Settings::lang(lang));
    let cx = recap::story::Context { curation: report.curation.as_ref(), home: report.plan.home_place.as_ref() };
    let story = recap::story::build_with(&album, &mission, lang, cx);
    if json {
        print_json(&story)?;
    } else {
        print!("{}", recap::story::outline(&story));
    }
    Ok(ExitCode::SUCCESS)
}

fn demo(dir: PathBuf, mission: Option<PathBuf>, scale: u32) -> recap::Result<ExitCode> {
    let summary = match &mission {
        Some(m) => {
            recap::demo::write_demo_mission_scaled(&dir, m, scale)?;
            recap::demo::summary(&recap::demo::demo_photos_scaled(scale))
        }
        None => recap::demo::write_demo_scaled(&dir, scale)?,
    };
    println!(
        "Demo mission written to {}: {} photos from {} participants ({} broken files on purpose).",
        dir.display(),
        summary.photos,
        summary.participants.len(),
        summary.broken
    );
    match &mission {
        Some(m) => println!(
            "Mission file: {} (with its agenda, {}). Plan it with: recap plan --mission {}",
            m.display(),
            recap::demo::PROGRAMME_FILE,
            m.display()
        ),
        None => println!("Scan it with: recap scan {}", dir.display()),
    }
    Ok(ExitCode::SUCCESS)
}
