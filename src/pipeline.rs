//! From folders to a planned trip: scan (incremental), then plan with the
//! mission's clock verdicts, chapter edits and agenda. The one entry point
//! that both front ends call, so they cannot drift apart.

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
}

/// Scans `roots` (or, when empty, the mission's sources) and plans the trip.
/// `mission_path` locates files the mission names relatively (its agenda).
pub fn plan_folders(
    roots: &[PathBuf],
    cache_dir: &Path,
    mission: &Mission,
    mission_path: Option<&Path>,
    progress: Progress,
    cancel: &Cancel,
) -> Result<PlanReport> {
    let here = Path::new("mission.toml");
    let mission_path = mission_path.unwrap_or(here);
    let roots = if roots.is_empty() { mission.resolved_sources(mission_path) } else { roots.to_vec() };
    let scan = crate::scan(&ScanOptions { roots, cache_dir: cache_dir.to_path_buf() }, progress, cancel)?;
    let (plan, agenda_warnings) = replan(&scan, mission, Some(mission_path))?;
    Ok(PlanReport { scan, plan, agenda_warnings })
}

/// Plans already scanned photos again, after the mission changed: no disk
/// access but the agenda file, so an edit re-plans 20 000 photos in tens of
/// milliseconds. Returns the plan and the agenda's warnings.
pub fn replan(scan: &ScanReport, mission: &Mission, mission_path: Option<&Path>) -> Result<(Plan, Vec<String>)> {
    let mission_path = mission_path.unwrap_or(Path::new("mission.toml"));
    let agenda = crate::agenda::from_mission(mission, mission_path)?;
    let agenda_warnings = agenda.warnings.iter().map(ToString::to_string).collect();
    let settings = PlanSettings::from_time(&mission.time);
    let plan = plan::plan_with_agenda(&scan.photos, &settings, &mission.edits, &agenda.events);
    Ok((plan, agenda_warnings))
}
