//! Chapters, days and moments, and the user's edits to them.

use super::place::same_city;
use super::{Chapter, ChapterKind, Day, Edits, Moment, PhotoPlace, PlaceInfo, PlanSettings, PlannedPhoto, Work};
use crate::geo::{haversine_km, Place};
use crate::model::PhotoMeta;
use chrono::{NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};
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

/// Where a photo goes before the user's edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The stay (index into the runs of nights) whose base holds it.
    Stay(usize),
    /// Not at a base: an airport, a station, a road, or a trip with no
    /// night to tell where the group sleeps.
    Free,
}

/// Where the group sleeps between consecutive trip days that have photos:
/// the city of the evening's last photo when the next morning's first
/// photo is in it too. When they differ (a morning spent elsewhere before
/// the first photo, a night flight), the night is at whichever of the two
/// holds another night of the trip, the evening's first; else nowhere known.
fn nights(days: &[Vec<usize>], city_of: &[Option<&'static Place>]) -> Vec<Option<&'static Place>> {
    let ends: Vec<(Option<&'static Place>, Option<&'static Place>)> = days
        .windows(2)
        .map(|w| (w[0].last().and_then(|&k| city_of[k]), w[1].first().and_then(|&k| city_of[k])))
        .collect();
    let agreed: Vec<&'static Place> =
        ends.iter().filter(|(e, m)| e.is_some() && same_city(*e, *m)).filter_map(|&(e, _)| e).collect();
    let is_base = |c: Option<&'static Place>| c.is_some() && agreed.iter().any(|&b| same_city(Some(b), c));
    let mut nights: Vec<Option<&'static Place>> = ends
        .iter()
        .map(|&(evening, morning)| {
            if is_base(evening) {
                evening
            } else if is_base(morning) {
                morning
            } else {
                None
            }
        })
        .collect();
    // One unclear night (a late dinner in a town nearby, then a morning
    // visit) between two nights at one base is a night there too.
    for i in 1..nights.len().saturating_sub(1) {
        if nights[i].is_none() && nights[i - 1].is_some() && same_city(nights[i - 1], nights[i + 1]) {
            nights[i] = nights[i - 1];
        }
    }
    nights
}

/// Cuts photos of one stretch with no known base into runs of one city:
/// leaving a city and coming back to it after photos elsewhere spanning
/// less than `stage_ms` is an excursion (or GPS noise at its edge), and
/// whatever lies between joins it.
fn free_runs(seq: &[usize], city_of: &[Option<&'static Place>], work: &[Work], stage_ms: i64) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for &k in seq {
        let city = city_of[k];
        match runs.last_mut() {
            Some(r) if same_city(r.city, city) => {
                r.members.push(k);
                r.end = work[k].utc;
            }
            _ => runs.push(Run { city, members: vec![k], start: work[k].utc, end: work[k].utc }),
        }
    }
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
    runs
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
    let mut city_of: Vec<Option<&'static Place>> = work.iter().map(|w| w.city).collect();
    let mut last = None;
    for &k in &order {
        if city_of[k].is_none() {
            city_of[k] = last;
        } else {
            last = city_of[k];
        }
    }
    let first = order.iter().find_map(|&k| city_of[k]);
    for &k in &order {
        if city_of[k].is_some() {
            break;
        }
        city_of[k] = first;
    }

    // Trip days with photos, each in time order, and the nights between them.
    let mut by_day: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for &k in &order {
        by_day.entry(work[k].day).or_default().push(k);
    }
    let days: Vec<Vec<usize>> = by_day.into_values().collect();
    let night = nights(&days, &city_of);
    // Consecutive nights at one base are one stay.
    let mut stay_of_night: Vec<Option<usize>> = Vec::with_capacity(night.len());
    let mut stays: Vec<&'static Place> = Vec::new();
    for (i, &n) in night.iter().enumerate() {
        let Some(base) = n else {
            stay_of_night.push(None);
            continue;
        };
        let prev = if i > 0 { stay_of_night[i - 1].filter(|_| same_city(night[i - 1], n)) } else { None };
        stay_of_night.push(Some(prev.unwrap_or_else(|| {
            stays.push(base);
            stays.len() - 1
        })));
    }

    // Each day between the night before (A) and the night after (B): up to
    // its last photo at A the day belongs to A's stay, from its first photo
    // at B to B's; what lies between (airports, roads) has no base. A day
    // that starts and ends at one base is all that stay's, and its photos
    // elsewhere are same-day visits.
    let mut slot = vec![Slot::Free; work.len()];
    for (d, ps) in days.iter().enumerate() {
        let before = d.checked_sub(1).and_then(|i| stay_of_night[i]);
        let after = stay_of_night.get(d).copied().flatten();
        let at = |s: usize, k: usize| same_city(city_of[k], Some(stays[s]));
        if before.is_some() && before == after {
            for &k in ps {
                slot[k] = Slot::Stay(before.unwrap_or_default());
            }
            continue;
        }
        let from_b = after.and_then(|b| ps.iter().position(|&k| at(b, k))).unwrap_or(ps.len());
        let to_a = before.and_then(|a| ps[..from_b].iter().rposition(|&k| at(a, k)).map(|i| (a, i)));
        if let Some((a, i)) = to_a {
            for &k in &ps[..=i] {
                slot[k] = Slot::Stay(a);
            }
        }
        if let Some(b) = after {
            for &k in &ps[from_b..] {
                slot[k] = Slot::Stay(b);
            }
        }
    }

    let stage_ms = (settings.stage_min_hours * 3_600_000.0) as i64;
    // (city, kind, members), chapters to be, in no particular order.
    let mut parts: Vec<(Option<&'static Place>, ChapterKind, Vec<usize>)> =
        stays.iter().map(|&c| (Some(c), ChapterKind::Stage, Vec::new())).collect();
    let mut free: Vec<usize> = Vec::new();
    let flush = |free: &mut Vec<usize>, parts: &mut Vec<_>| {
        for r in free_runs(free, &city_of, work, stage_ms) {
            // A run where the group spends `stage_min_hours` with no night to
            // tell (a trip of one day, nights without photos) is a stage still.
            let kind = if r.end - r.start >= stage_ms { ChapterKind::Stage } else { ChapterKind::Travel };
            parts.push((r.city, kind, r.members));
        }
        free.clear();
    };
    for &k in &order {
        match slot[k] {
            Slot::Stay(s) => {
                flush(&mut free, &mut parts);
                parts[s].2.push(k);
            }
            Slot::Free => free.push(k),
        }
    }
    flush(&mut free, &mut parts);
    parts.retain(|p| !p.2.is_empty());
    parts.sort_by_key(|p| p.2.iter().map(|&k| key(k)).min());

    // A stay's photos away from its base are visits; photos passed through
    // are not.
    let mut visit: Vec<Option<&'static Place>> = vec![None; work.len()];
    for (city, kind, members) in &parts {
        if *kind == ChapterKind::Stage && city.is_some() {
            for &k in members {
                visit[k] = city_of[k].filter(|c| !same_city(Some(c), *city));
            }
        }
    }

    let mut drafts: Vec<Draft> = Vec::new();
    for (city, kind, members) in parts {
        let title = city.map_or(NO_PLACE.to_string(), |c| c.name.clone());
        let first_day = members.iter().map(|&k| work[k].day).min().unwrap_or_default();
        let id = unique_id(&drafts, chapter_id(&title, first_day));
        drafts.push(Draft { id, title, kind, city, members });
    }

    apply_edits(&mut drafts, photos, work, edits, &key);

    drafts
        .into_iter()
        .map(|mut d| {
            d.members.sort_unstable_by_key(|&k| (work[k].day, key(k)));
            // A photo moved into a chapter of its own city is no visit there.
            let visits: Vec<Option<&'static Place>> =
                d.members.iter().map(|&k| visit[k].filter(|v| !same_city(Some(v), d.city))).collect();
            let days = days_of(&d.members, &visits, photos, device_keys, work, settings);
            let c = &edits.chapters;
            let renamed = c.rename.contains_key(&d.id).then(|| c.title_lang.get(&d.id).copied().unwrap_or_default());
            let titles = super::place::chapter_titles(&d.title, d.city, renamed);
            Chapter {
                id: d.id,
                title: titles.fr.clone(),
                titles,
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

/// Days and moments of one chapter; `visits[i]` is where `members[i]` was
/// visited from the chapter's base (a moment starts and ends with a visit).
fn days_of(
    members: &[usize],
    visits: &[Option<&'static Place>],
    photos: &[PhotoMeta],
    device_keys: &[String],
    work: &[Work],
    settings: &PlanSettings,
) -> Vec<Day> {
    let gap_ms = settings.moment_gap_minutes * 60_000;
    let mut days: Vec<Day> = Vec::new();
    // Last photo of the current moment and the last known position in it.
    let mut prev: Option<(usize, Option<(f64, f64)>)> = None;
    let mut prev_visit: Option<&'static Place> = None;
    for (&k, &visit) in members.iter().zip(visits) {
        let w = &work[k];
        let new_day = days.last().is_none_or(|d| d.date != w.day);
        let cut =
            new_day || !same_city(visit, prev_visit) || prev.is_none_or(|(p, pos)| {
                w.utc - work[p].utc > gap_ms
                    || matches!((pos, w.pos), (Some(a), Some(b)) if haversine_km(a, b) > settings.moment_distance_km)
            });
        if new_day {
            days.push(Day { date: w.day, moments: Vec::new() });
        }
        let Some(day) = days.last_mut() else { continue };
        if cut {
            day.moments.push(Moment {
                title: None,
                titles: None,
                programme: false,
                visit: visit.map(PlaceInfo::of),
                start: w.local,
                end: w.local,
                photos: Vec::new(),
            });
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
                names: w.city.map(|c| c.names()),
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
        prev_visit = visit;
    }
    days
}
