//! From folders to a planned trip: scan (incremental), then plan with the
//! mission's clock verdicts, chapter edits and agenda, then (when asked)
//! curate: duplicates, copies and bursts. The one entry point that both
//! front ends call, so they cannot drift apart.

use crate::curate::{self, Curation};
use crate::identity;
use crate::mission::Mission;
use crate::plan::{self, Plan, PlanSettings};
use crate::progress::{Cancel, Progress};
use crate::scan::{ScanOptions, ScanReport};
use crate::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanReport {
    pub scan: ScanReport,
    pub plan: Plan,
    /// Problems in the agenda that did not stop it from loading.
    pub agenda_warnings: Vec<String>,
    /// Groups, duplicates and copies, when [`PlanOptions::curate`] asked for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curation: Option<Curation>,
}

/// What [`plan_folders_with`] does beyond scanning and planning.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Compute features (through the thumbnail cache: the first run renders
    /// every thumbnail), group duplicates and bursts, collapse exact
    /// duplicates and give stripped copies their original's time and place.
    pub curate: bool,
}

impl PlanOptions {
    pub fn curated() -> Self {
        PlanOptions { curate: true }
    }
}

/// Scans `roots` (or, when empty, the mission's sources) and plans the trip.
/// `mission_path` locates files the mission names relatively (its agenda).
/// No curation: see [`plan_folders_with`].
pub fn plan_folders(
    roots: &[PathBuf],
    cache_dir: &Path,
    mission: &Mission,
    mission_path: Option<&Path>,
    progress: Progress,
    cancel: &Cancel,
) -> Result<PlanReport> {
    plan_folders_with(roots, cache_dir, mission, mission_path, PlanOptions::default(), progress, cancel)
}

/// [`plan_folders`], curated when `opts` says so.
pub fn plan_folders_with(
    roots: &[PathBuf],
    cache_dir: &Path,
    mission: &Mission,
    mission_path: Option<&Path>,
    opts: PlanOptions,
    progress: Progress,
    cancel: &Cancel,
) -> Result<PlanReport> {
    let mission_path = crate::mission::path_or_default(mission_path);
    let roots = if roots.is_empty() {
        check_sources(mission, mission_path)?;
        mission.resolved_sources(mission_path)
    } else {
        roots.to_vec()
    };
    let mut scan =
        crate::scan(&ScanOptions { roots: roots.clone(), cache_dir: cache_dir.to_path_buf() }, progress, cancel)?;
    // Folders the mission links to a person are that person's from here on.
    crate::people::apply(&mut scan, &mission.people);
    // Edits keyed by source-relative paths, old absolute paths or content
    // fingerprints, matched to the photos where they are now.
    let (mission, _) = resolve_mission(mission, Some(mission_path), &roots, &scan);
    let (plan, agenda_warnings) = replan(&scan, &mission, Some(mission_path))?;
    let mut report = PlanReport { scan, plan, agenda_warnings, curation: None };
    if opts.curate {
        let features = curate::features(&report.scan.photos, cache_dir, progress, cancel)?;
        curate_report(&mut report, &features, &mission);
    }
    Ok(report)
}

/// Refuses a mission whose photo folders are not all there, saying which
/// and how to point the mission at their new place.
pub fn check_sources(mission: &Mission, mission_path: &Path) -> Result<()> {
    let missing = identity::missing_sources(mission, mission_path);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Invalid(identity::missing_sources_message(&missing, mission_path)))
    }
}

/// The mission with its photo keys matched to `scan`'s photos (see
/// [`identity::resolve`]): what selection, export and the app's session
/// look photos up in. `roots` are the folders scanned, the key base when
/// the mission lists no source. Save it through [`portable_mission`].
pub fn resolve_mission(
    mission: &Mission,
    mission_path: Option<&Path>,
    roots: &[PathBuf],
    scan: &ScanReport,
) -> (Mission, identity::Resolution) {
    let sources = identity::Sources::of(mission, mission_path, roots);
    let (mut mission, resolution) = identity::resolve(mission, &sources, &scan.photos);
    crate::people::adopt_folded(&mut mission, scan);
    (mission, resolution)
}

/// A resolved mission as its file stores it: source-relative keys with
/// fingerprints (see [`identity::portable`]).
pub fn portable_mission(mission: &Mission, mission_path: Option<&Path>, roots: &[PathBuf]) -> Mission {
    identity::portable(mission, &identity::Sources::of(mission, mission_path, roots))
}

/// Refuses a selection or export whose picks name photos the scan did not
/// find (a moved folder, a deleted file): an album silently missing them
/// would look finished. `mission` must be resolved ([`resolve_mission`]).
pub fn check_picks(mission: &Mission, scan: &ScanReport) -> Result<()> {
    let missing = identity::missing_picks(mission, &scan.photos);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::Invalid(identity::missing_picks_message(&missing)))
    }
}

/// Groups the planned photos (the mission's corrections included), collapses
/// exact duplicates and places stripped copies where their originals are.
/// Pure computation over features already loaded: the app calls it after
/// every edit.
pub fn curate_report(report: &mut PlanReport, features: &curate::FeatureSet, mission: &Mission) {
    let curation = curate::curate(&report.scan, &report.plan, features, mission);
    curate::apply(&mut report.plan, &report.scan, &curation);
    report.curation = Some(curation);
}

/// Plans already scanned photos again, after the mission changed: no disk
/// access but the agenda file, so an edit re-plans 20 000 photos in tens of
/// milliseconds. Returns the plan and the agenda's warnings.
pub fn replan(scan: &ScanReport, mission: &Mission, mission_path: Option<&Path>) -> Result<(Plan, Vec<String>)> {
    let mission_path = crate::mission::path_or_default(mission_path);
    let agenda = mission.programme(mission_path)?;
    let agenda_warnings = agenda.warnings.iter().map(ToString::to_string).collect();
    let settings = PlanSettings::from_time(&mission.time);
    let plan = plan::plan_with_agenda(&scan.photos, &settings, &mission.edits, &agenda.events);
    Ok((plan, agenda_warnings))
}
