//! Chapters, days and moments, and the user's edits to them.

use super::place::same_city;
use super::{Chapter, ChapterKind, Day, Edits, Moment, PhotoPlace, PlaceInfo, PlanSettings, PlannedPhoto, Work};
use crate::geo::{haversine_km, Place};
use crate::model::PhotoMeta;
use chrono::{NaiveDate, Utc};
use std::collections::HashMap;
use std::path::Path;

/// Title of a chapter whose photos have no place at all.
const NO_PLACE: &str = "Unknown place";

/// Lower-case ASCII words joined by `-`: `Saint-Barthélemy-d'Anjou` → `saint-barthelemy-d-anjou`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'œ' => {
                out.push('o');
                'e'
            }
            'æ' => {
                out.push('a');
                'e'
            }
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `angers-2017-06-04`: city and first trip day, so edits survive rescans.
pub fn chapter_id(title: &str, first_day: NaiveDate) -> String {
    format!("{}-{}", slug(title), first_day.format("%Y-%m-%d"))
}

struct Draft {
    id: String,
    title: String,
    kind: ChapterKind,
    city: Option<&'static Place>,
    /// Indices into `work`.
    members: Vec<usize>,
}

struct Run {
    city: Option<&'static Place>,
    members: Vec<usize>,
    start: i64,
    end: i64,
}

pub(super) fn build(
    photos: &[PhotoMeta],
    device_keys: &[String],
    work: &[Work],
    settings: &PlanSettings,
    edits: &Edits,
) -> Vec<Chapter> {
    let key = |k: usize| (work[k].utc, work[k].input);
    let mut order: Vec<usize> = (0..work.len()).collect();
    order.sort_unstable_by_key(|&k| key(k));

    // Photos with no place at all follow the photos around them.
    let mut cities: Vec<Option<&'static Place>> = order.iter().map(|&k| work[k].city).collect();
    let mut last = None;
    for c in cities.iter_mut() {
        if c.is_none() {
            *c = last;
        } else {
            last = *c;
        }
    }
    let first = cities.iter().flatten().next().copied();
    for c in cities.iter_mut().take_while(|c| c.is_none()) {
        *c = first;
    }

    let mut runs: Vec<Run> = Vec::new();
    for (&k, &city) in order.iter().zip(&cities) {
        match runs.last_mut() {
            Some(r) if same_city(r.city, city) => {
                r.members.push(k);
                r.end = work[k].utc;
            }
            _ => runs.push(Run { city, members: vec![k], start: work[k].utc, end: work[k].utc }),
        }
    }
    // Leaving a city and coming back to it after photos elsewhere spanning
    // less than `stage_min_hours` is an excursion (or GPS noise at its edge):
    // whatever lies between joins it.
    let stage_ms = (settings.stage_min_hours * 3_600_000.0) as i64;
    let mut i = 0;
    while i < runs.len() {
        let back = (i + 2..runs.len())
            .take_while(|&k| runs[k - 1].end - runs[i + 1].start < stage_ms)
            .find(|&k| same_city(runs[k].city, runs[i].city));
        let Some(j) = back else {
            i += 1;
            continue;
        };
        let joined: Vec<Run> = runs.drain(i + 1..=j).collect();
        let r = &mut runs[i];
        for x in joined {
            r.members.extend(x.members);
            r.end = x.end;
        }
    }

    let mut drafts: Vec<Draft> = Vec::new();
    for r in runs {
        let title = r.city.map_or(NO_PLACE.to_string(), |c| c.name.clone());
        let kind = if r.end - r.start >= stage_ms { ChapterKind::Stage } else { ChapterKind::Travel };
        let first_day = r.members.iter().map(|&k| work[k].day).min().unwrap_or_default();
        let id = unique_id(&drafts, chapter_id(&title, first_day));
        drafts.push(Draft { id, title, kind, city: r.city, members: r.members });
    }

    apply_edits(&mut drafts, photos, work, edits, &key);

    drafts
        .into_iter()
        .map(|mut d| {
            d.members.sort_unstable_by_key(|&k| (work[k].day, key(k)));
            let days = days_of(&d.members, photos, device_keys, work, settings);
            Chapter {
                id: d.id,
                title: d.title,
                kind: d.kind,
                place: d.city.map(PlaceInfo::of),
                start: days.first().map(|d| d.date).unwrap_or_default(),
                end: days.last().map(|d| d.date).unwrap_or_default(),
                days,
            }
        })
        .collect()
}

fn unique_id(drafts: &[Draft], id: String) -> String {
    if !drafts.iter().any(|d| d.id == id) {
        return id;
    }
    (2..).map(|n| format!("{id}-{n}")).find(|c| !drafts.iter().any(|d| &d.id == c)).unwrap_or(id)
}

/// A title without the number a split gave it ("Nantes (2)" → "Nantes").
fn base_title(title: &str) -> &str {
    match title.rsplit_once(" (") {
        Some((b, n)) if !b.is_empty() && n.strip_suffix(')').is_some_and(|n| n.parse::<u32>().is_ok()) => b,
        _ => title,
    }
}

/// A split's second half: "Nantes" → "Nantes (2)", "Nantes (2)" → "Nantes
/// (3)", the first number no chapter has, so two chapters never read alike.
fn distinct_title(drafts: &[Draft], title: &str) -> String {
    let base = base_title(title);
    (2u32..)
        .map(|n| format!("{base} ({n})"))
        .find(|t| !drafts.iter().any(|d| &d.title == t))
        .unwrap_or_else(|| title.to_owned())
}

/// Splits, merges, moves, renames, order — each ignoring what no longer exists.
fn apply_edits(
    drafts: &mut Vec<Draft>,
    photos: &[PhotoMeta],
    work: &[Work],
    edits: &Edits,
    key: &dyn Fn(usize) -> (i64, usize),
) {
    let by_path: HashMap<&Path, usize> =
        work.iter().enumerate().map(|(k, w)| (photos[w.input].path.as_path(), k)).collect();
    let holder = |drafts: &[Draft], k: usize| drafts.iter().position(|d| d.members.contains(&k));

    let edits = &edits.chapters;
    for path in &edits.split {
        let Some(&at) = by_path.get(Path::new(path)) else {
            continue;
        };
        let Some(d) = holder(drafts, at) else {
            continue;
        };
        let (before, after): (Vec<usize>, Vec<usize>) = drafts[d].members.iter().partition(|&&k| key(k) < key(at));
        if before.is_empty() || after.is_empty() {
            continue;
        }
        let stamp = work[at].local.format("%Y-%m-%d-%H%M").to_string();
        // The id keeps the city's slug, as before titles were numbered:
        // missions saved with it still match.
        let id = unique_id(drafts, format!("{}-{stamp}", slug(base_title(&drafts[d].title))));
        let title = distinct_title(drafts, &drafts[d].title);
        drafts[d].members = before;
        let new = Draft { id, title, kind: drafts[d].kind, city: drafts[d].city, members: after };
        drafts.insert(d + 1, new);
    }

    // Each group joins its first existing id.
    for group in &edits.merge {
        let mut ids = group.iter().filter_map(|id| drafts.iter().position(|d| &d.id == id).map(|_| id));
        let Some(into_id) = ids.next() else { continue };
        let rest: Vec<&String> = ids.collect();
        for from_id in rest {
            let (Some(into), Some(from)) =
                (drafts.iter().position(|d| &d.id == into_id), drafts.iter().position(|d| &d.id == from_id))
            else {
                continue;
            };
            if into == from {
                continue;
            }
            let moved = std::mem::take(&mut drafts[from].members);
            if drafts[from].kind == ChapterKind::Stage {
                drafts[into].kind = ChapterKind::Stage;
            }
            drafts[into].members.extend(moved);
            drafts.remove(from);
        }
    }

    for (path, target) in &edits.moves {
        let Some(&k) = by_path.get(Path::new(path)) else {
            continue;
        };
        let Some(to) = drafts.iter().position(|d| &d.id == target) else {
            continue;
        };
        let Some(from) = holder(drafts, k) else {
            continue;
        };
        if from != to {
            drafts[from].members.retain(|&x| x != k);
            drafts[to].members.push(k);
        }
    }
    drafts.retain(|d| !d.members.is_empty());

    for d in drafts.iter_mut() {
        if let Some(t) = edits.rename.get(&d.id) {
            d.title = t.clone();
        }
    }

    let start = |d: &Draft| d.members.iter().map(|&k| key(k)).min();
    let rank = |d: &Draft| edits.order.iter().position(|id| id == &d.id).unwrap_or(usize::MAX);
    drafts.sort_by_cached_key(|d| (rank(d), start(d)));
}

fn days_of(
    members: &[usize],
    photos: &[PhotoMeta],
    device_keys: &[String],
    work: &[Work],
    settings: &PlanSettings,
) -> Vec<Day> {
    let gap_ms = settings.moment_gap_minutes * 60_000;
    let mut days: Vec<Day> = Vec::new();
    // Last photo of the current moment and the last known position in it.
    let mut prev: Option<(usize, Option<(f64, f64)>)> = None;
    for &k in members {
        let w = &work[k];
        let new_day = days.last().is_none_or(|d| d.date != w.day);
        let cut = new_day
            || prev.is_none_or(|(p, pos)| {
                w.utc - work[p].utc > gap_ms
                    || matches!((pos, w.pos), (Some(a), Some(b)) if haversine_km(a, b) > settings.moment_distance_km)
            });
        if new_day {
            days.push(Day { date: w.day, moments: Vec::new() });
        }
        let Some(day) = days.last_mut() else { continue };
        if cut {
            day.moments.push(Moment { title: None, start: w.local, end: w.local, photos: Vec::new() });
            prev = Some((k, w.pos));
        }
        let Some(moment) = day.moments.last_mut() else {
            continue;
        };
        let p = &photos[w.input];
        moment.end = w.local;
        moment.photos.push(PlannedPhoto {
            path: p.path.clone(),
            local_time: w.local,
            utc: w.local.with_timezone(&Utc),
            place: PhotoPlace {
                name: w.city.map(|c| c.name.clone()),
                source: w.source,
                country: w.city.map(|c| c.country.clone()),
                lat: w.pos.map(|p| p.0),
                lon: w.pos.map(|p| p.1),
            },
            contributor: p.contributor.clone(),
            device: device_keys[w.device].clone(),
        });
        let pos = w.pos.or(prev.and_then(|p| p.1));
        prev = Some((k, pos));
    }
    days
}
