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
    /// a web album that opens from a folder, or full-size copies with
    /// corrected times. Re-running skips what is already done.
    Export {
        /// Folders to scan (default: the mission's sources).
        paths: Vec<PathBuf>,
        /// The mission file (read only: export never changes it).
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
        /// Cache folder holding the catalog (default: the user's cache folder).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// facebook, instagram, web or copies.
        #[arg(long)]
        preset: recap::export::Preset,
        /// The output folder: new, empty, or an earlier export with the same preset.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Language of captions and of the web album: fr (fr-CA) or en.
        #[arg(long, default_value = "fr")]
        lang: recap::caption::Lang,
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
        /// Copies: one folder per participant.
        #[arg(long)]
        per_contributor: bool,
        /// Print one JSON document on stdout instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Write the built-in demo mission (six participants, Angers then Nantes) into DIR.
    Demo {
        dir: PathBuf,
        /// Also write a mission file (and its agenda, programme.ics, beside it).
        #[arg(long, value_name = "FILE")]
        mission: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Edit {
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
    /// Give a chapter a title (the chapter id as `recap plan` shows it).
    Rename { chapter: String, title: String },
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
    /// Show a participant's folder under a display name ("Étienne L" → "Étienne Lavoie").
    Participant { folder: String, name: String },
    /// Write a photo's caption yourself (templates never overwrite it), or
    /// `--clear` it to go back to the template.
    Caption {
        photo: PathBuf,
        #[arg(required_unless_present = "clear", conflicts_with = "clear")]
        text: Option<String>,
        #[arg(long)]
        clear: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan { paths, cache, json } => scan(paths, cache, json),
        Command::Plan { paths, mission, agenda, cache, json } => plan(paths, mission, agenda, cache, json),
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
            per_contributor,
            json,
        } => {
            let mut opts = recap::export::ExportOptions::new(preset, out);
            opts.lang = lang;
            opts.template = template.map(recap::caption::Template);
            opts.keep_gps = if keep_gps {
                Some(true)
            } else if strip_gps {
                Some(false)
            } else {
                None
            };
            opts.per_contributor = per_contributor;
            export(paths, mission, cache, &opts, json)
        }
        Command::Demo { dir, mission } => demo(dir, mission),
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

fn plan(
    paths: Vec<PathBuf>,
    mission_path: Option<PathBuf>,
    agenda: Option<PathBuf>,
    cache: Option<PathBuf>,
    json: bool,
) -> recap::Result<ExitCode> {
    use recap::mission::Mission;
    let mut mission = match &mission_path {
        Some(p) if p.exists() => Mission::load(p)?,
        _ => Mission::new("Mission"),
    };
    let mut changed = mission_path.as_ref().is_some_and(|p| !p.exists());
    for p in &paths {
        let abs = std::fs::canonicalize(p).map_err(|_| recap::Error::NoSuchFolder(p.clone()))?;
        if !mission.sources.contains(&abs) {
            mission.sources.push(abs);
            changed = true;
        }
    }
    if let Some(ics) = agenda {
        let abs = std::fs::canonicalize(&ics).map_err(|e| recap::Error::Io { path: ics.clone(), source: e })?;
        changed |= mission.agenda.file.as_ref() != Some(&abs);
        mission.agenda.file = Some(abs);
    }
    if mission.sources.is_empty() {
        return Err(recap::Error::Invalid("no folder to plan: give PATH... or a --mission with sources".into()));
    }
    if let (Some(p), true) = (&mission_path, changed) {
        mission.save(p)?;
    }
    let bar = progress_bar(json);
    let report = recap::pipeline::plan_folders(
        &[],
        &cache_dir(cache)?,
        &mission,
        mission_path.as_deref(),
        &on_progress(&bar),
        &Cancel::new(),
    )?;
    bar.finish_and_clear();
    for w in &report.agenda_warnings {
        eprintln!("recap: agenda: {w}");
    }
    if json {
        print_json(&report.plan)?;
    } else {
        print!("{}", report.plan.outline());
        if !report.scan.skipped.is_empty() {
            println!("\n{} files skipped (see `recap scan`).", report.scan.skipped.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn edit_mission(path: &std::path::Path, edit: Edit) -> recap::Result<ExitCode> {
    use recap::edit::{ClockMode, Edit as Core};
    use recap::mission::Mission;
    let mut m = Mission::load(path)?;
    // Photos are keyed by their path as scanned (absolute).
    let photo_key = |p: &PathBuf| -> recap::Result<String> {
        let abs = std::fs::canonicalize(p).map_err(|e| recap::Error::Io { path: p.clone(), source: e })?;
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
        Edit::Rename { chapter, title } => Core::Rename { chapter, title },
        Edit::Merge { chapters } => Core::Merge { chapters },
        Edit::Split { photo } => Core::Split { photo: photo_key(&photo)? },
        Edit::Order { chapters } => Core::Order { chapters },
        Edit::Move { photo, chapter } => Core::Move { photos: vec![photo_key(&photo)?], chapter },
        Edit::Participant { folder, name } => Core::Participant { folder, name },
        Edit::Caption { photo, text, clear } => {
            Core::Caption { photo: photo_key(&photo)?, text: text.filter(|_| !clear) }
        }
    };
    let done = recap::edit::apply(&mut m, &edit)?;
    m.save(path)?;
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
        None => Mission::new("Mission"),
    };
    let mut roots = Vec::new();
    for p in &paths {
        roots.push(std::fs::canonicalize(p).map_err(|_| recap::Error::NoSuchFolder(p.clone()))?);
    }
    if roots.is_empty() {
        roots = mission.resolved_sources(mission_path.as_deref().unwrap_or(std::path::Path::new("mission.toml")));
    }
    if roots.is_empty() {
        return Err(recap::Error::Invalid("no folder to export: give PATH... or a --mission with sources".into()));
    }
    mission.sources.clone_from(&roots);
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
            println!("  failed: {}: {}", f.path.display(), f.reason);
        }
    }
    // Like `recap scan`: a few broken photos are reported, not fatal; an
    // export that made nothing at all is.
    let nothing = done.photos > 0 && done.failed.len() == done.photos;
    Ok(if nothing { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn demo(dir: PathBuf, mission: Option<PathBuf>) -> recap::Result<ExitCode> {
    let summary = match &mission {
        Some(m) => {
            recap::demo::write_demo_mission(&dir, m)?;
            recap::demo::summary(&recap::demo::demo_photos())
        }
        None => recap::demo::write_demo(&dir)?,
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
