//! "Choose N photos": a balanced proposal the user then adjusts.
//!
//! The units are the groups (a burst, a photo and its copies) and the
//! ungrouped photos: at most one photo per unit, its best shot unless the
//! user rejected it. The user's picks are always kept and count towards N.
//! N is shared out among chapters in proportion to how many units each
//! holds (every chapter gets one when N allows), then among each chapter's
//! days, then its moments, by the largest-remainder method; within a
//! moment the best shots go first, with a penalty for photographers already
//! chosen often, so that everyone's photos appear. Rounding leftovers are
//! filled with the best remaining shots. Everything is ordered by scores
//! and paths: the same input gives the same selection.

use super::Curation;
use crate::caption::photo_key;
use crate::mission::Mission;
use crate::model::MediaKind;
use crate::plan::{Plan, PlannedPhoto};
use crate::scan::ScanReport;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How much a photographer's every earlier selected photo lowers their next one.
const SPREAD_PENALTY: f32 = 0.12;

/// One candidate unit.
struct Unit<'a> {
    chapter: usize,
    day: usize,
    moment: usize,
    /// Position in album order, for the output's order.
    order: usize,
    path: &'a Path,
    contributor: &'a str,
    score: f32,
}

/// Proposes `n` photos (fewer when the trip has fewer units), in album
/// order. Manual picks are all kept, even beyond `n`; rejected photos are
/// never proposed.
pub fn select(scan: &ScanReport, plan: &Plan, curation: &Curation, mission: &Mission, n: usize) -> Vec<PathBuf> {
    let videos: HashSet<&Path> = scan
        .videos
        .iter()
        .chain(&scan.photos)
        .filter(|p| p.kind != MediaKind::Photo)
        .map(|p| p.path.as_path())
        .collect();
    // Album order; every planned photo with its place in the plan.
    let mut planned: Vec<(usize, usize, usize, &PlannedPhoto)> = Vec::new();
    for (ci, c) in plan.chapters.iter().enumerate() {
        for (di, d) in c.days.iter().enumerate() {
            for (mi, m) in d.moments.iter().enumerate() {
                for p in &m.photos {
                    if !videos.contains(p.path.as_path()) {
                        planned.push((ci, di, mi, p));
                    }
                }
            }
        }
    }
    let choice = |p: &Path| mission.choice(&photo_key(p));
    let unit_key = |p: &Path| -> String {
        match curation.group_of(p) {
            Some(g) => g.id.clone(),
            None => photo_key(p),
        }
    };

    // Picks first: they stay, and their units are covered.
    let mut chosen: Vec<(usize, &Path)> = Vec::new();
    let mut covered: HashSet<String> = HashSet::new();
    let mut per_contributor: HashMap<&str, usize> = HashMap::new();
    let mut per_moment: HashMap<(usize, usize, usize), usize> = HashMap::new();
    for (order, &(ci, di, mi, p)) in planned.iter().enumerate() {
        if choice(&p.path).state == Some(crate::mission::PickState::Pick) {
            chosen.push((order, &p.path));
            covered.insert(unit_key(&p.path));
            *per_contributor.entry(p.contributor.as_str()).or_default() += 1;
            *per_moment.entry((ci, di, mi)).or_default() += 1;
        }
    }

    // One candidate per uncovered unit: the group's best unless rejected,
    // else its best remaining member.
    let mut best_of: BTreeMap<String, Unit> = BTreeMap::new();
    for (order, &(ci, di, mi, p)) in planned.iter().enumerate() {
        let c = choice(&p.path);
        if c.state.is_some() {
            continue; // picked (already in) or rejected (never)
        }
        let key = unit_key(&p.path);
        if covered.contains(&key) {
            continue;
        }
        let is_best = curation.is_best(&p.path);
        // The suggested (or user's) best wins its unit; stars lift a shot.
        let score = curation.quality(&p.path) + 0.25 * f32::from(c.stars) + if is_best { 10.0 } else { 0.0 };
        let unit = Unit { chapter: ci, day: di, moment: mi, order, path: &p.path, contributor: &p.contributor, score };
        match best_of.get(&key) {
            Some(u) if (u.score, std::cmp::Reverse(u.path)) >= (score, std::cmp::Reverse(&p.path)) => {}
            _ => {
                best_of.insert(key, unit);
            }
        }
    }
    let mut units: Vec<Unit> = best_of.into_values().collect();
    for u in &mut units {
        // Back to the shot's own worth for comparisons between units.
        u.score = curation.quality(u.path) + 0.25 * f32::from(choice(u.path).stars);
    }
    units.sort_by_key(|u| u.order);

    let total_units = units.len() + chosen.len();
    let target = n.min(total_units);
    let mut taken = vec![false; units.len()];
    if target > chosen.len() {
        // Chapter → day → moment quotas, counting the picks already there.
        let chapters = plan.chapters.len();
        let weights: Vec<usize> = (0..chapters)
            .map(|c| units.iter().filter(|u| u.chapter == c).count() + count(&per_moment, |k| k.0 == c))
            .collect();
        let quotas = apportion(target, &weights);
        for (c, &q) in quotas.iter().enumerate() {
            let days = plan.chapters[c].days.len();
            let dw: Vec<usize> = (0..days)
                .map(|d| {
                    units.iter().filter(|u| (u.chapter, u.day) == (c, d)).count()
                        + count(&per_moment, |k| (k.0, k.1) == (c, d))
                })
                .collect();
            for (d, &qd) in apportion(q, &dw).iter().enumerate() {
                let moments = plan.chapters[c].days[d].moments.len();
                let mw: Vec<usize> = (0..moments)
                    .map(|m| {
                        units.iter().filter(|u| (u.chapter, u.day, u.moment) == (c, d, m)).count()
                            + per_moment.get(&(c, d, m)).copied().unwrap_or(0)
                    })
                    .collect();
                for (m, &qm) in apportion(qd, &mw).iter().enumerate() {
                    let have = per_moment.get(&(c, d, m)).copied().unwrap_or(0);
                    let idx: Vec<usize> = (0..units.len())
                        .filter(|&i| (units[i].chapter, units[i].day, units[i].moment) == (c, d, m))
                        .collect();
                    for _ in have..qm {
                        match pick_next(&units, &idx, &taken, &per_contributor) {
                            Some(i) => {
                                taken[i] = true;
                                *per_contributor.entry(units[i].contributor).or_default() += 1;
                            }
                            None => break,
                        }
                    }
                }
            }
        }
        // Rounding and picks beyond a moment's share leave room: best shots first.
        let all: Vec<usize> = (0..units.len()).collect();
        while chosen.len() + taken.iter().filter(|&&t| t).count() < target {
            match pick_next(&units, &all, &taken, &per_contributor) {
                Some(i) => {
                    taken[i] = true;
                    *per_contributor.entry(units[i].contributor).or_default() += 1;
                }
                None => break,
            }
        }
    }
    chosen.extend(units.iter().zip(&taken).filter(|(_, &t)| t).map(|(u, _)| (u.order, u.path)));
    chosen.sort_by_key(|c| c.0);
    chosen.into_iter().map(|(_, p)| p.to_path_buf()).collect()
}

fn count(per_moment: &HashMap<(usize, usize, usize), usize>, f: impl Fn(&(usize, usize, usize)) -> bool) -> usize {
    per_moment.iter().filter(|(k, _)| f(k)).map(|(_, v)| v).sum()
}

/// The best untaken unit among `idx`, photographers already chosen often
/// set back; ties go to album order.
fn pick_next(units: &[Unit], idx: &[usize], taken: &[bool], per: &HashMap<&str, usize>) -> Option<usize> {
    idx.iter()
        .copied()
        .filter(|&i| !taken[i])
        .map(|i| {
            let seen = per.get(units[i].contributor).copied().unwrap_or(0) as f32;
            (units[i].score - SPREAD_PENALTY * seen, i)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
}

/// Shares `total` among buckets in proportion to `weights` (largest
/// remainders), never more than a bucket's weight; every non-empty bucket
/// gets one first when `total` allows, else the largest ones do.
pub(crate) fn apportion(total: usize, weights: &[usize]) -> Vec<usize> {
    let mut out = vec![0usize; weights.len()];
    let sum: usize = weights.iter().sum();
    let total = total.min(sum);
    if total == 0 {
        return out;
    }
    let nonzero: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0).collect();
    if total < nonzero.len() {
        let mut by_size = nonzero;
        by_size.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
        for &i in &by_size[..total] {
            out[i] = 1;
        }
        return out;
    }
    for &i in &nonzero {
        out[i] = 1;
    }
    // The rest goes, one at a time, to the bucket furthest below its
    // proportional share, never beyond what a bucket holds.
    let mut left = total - nonzero.len();
    while left > 0 {
        let room: Vec<usize> = (0..weights.len()).filter(|&i| out[i] < weights[i]).collect();
        if room.is_empty() {
            break;
        }
        let goal = |i: usize| total as f64 * weights[i] as f64 / sum as f64;
        let next = room
            .iter()
            .copied()
            .max_by(|&a, &b| (goal(a) - out[a] as f64).total_cmp(&(goal(b) - out[b] as f64)).then(b.cmp(&a)));
        match next {
            Some(i) => {
                out[i] += 1;
                left -= 1;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::apportion;

    #[test]
    fn apportion_is_proportional_and_gives_everyone_one() {
        assert_eq!(apportion(10, &[50, 30, 20]), vec![5, 3, 2]);
        assert_eq!(apportion(3, &[90, 5, 5]), vec![1, 1, 1]);
        assert_eq!(apportion(2, &[90, 5, 7]), vec![1, 0, 1]);
        assert_eq!(apportion(100, &[3, 2]), vec![3, 2]);
        assert_eq!(apportion(7, &[0, 4, 4]).iter().sum::<usize>(), 7);
    }
}
