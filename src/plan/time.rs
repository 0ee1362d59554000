//! Instants, zones and device clocks.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Widest real UTC offset (Kiribati +14, Baker −12).
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;
/// Widest correction between two zones (a camera on Baker time in Kiribati),
/// the free search's range: Vancouver to Sydney alone is +19 h.
pub const MAX_CORRECTION_MINUTES: i32 = 26 * 60;
/// Clock offsets move in quarter hours (Nepal +05:45, Chatham +12:45).
pub const STEP_MINUTES: i32 = 15;

/// `+02:00`, `-0430`, `+05`, `Z` → minutes east of UTC. `None` when malformed or beyond ±14 h.
pub fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim();
    if s == "Z" {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
        _ => return None,
    };
    let total = sign * (h * 60 + m);
    (m < 60 && total.abs() <= MAX_OFFSET_MINUTES).then_some(total)
}

/// Nearest multiple of 15 minutes (a GPS stamp can lag the shutter by seconds).
pub fn round_to_step(minutes: i64) -> i64 {
    let step = i64::from(STEP_MINUTES);
    (minutes as f64 / step as f64).round() as i64 * step
}

/// The instant a wall-clock time in `tz` denotes. In the autumn overlap the
/// earlier instant; in the spring gap the offset in force just before.
pub fn local_to_utc(tz: Tz, wall: NaiveDateTime) -> NaiveDateTime {
    match tz.from_local_datetime(&wall) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => t.naive_utc(),
        chrono::LocalResult::None => {
            let before = wall - Duration::hours(3);
            wall - Duration::seconds(i64::from(tz.offset_from_utc_datetime(&before).fix().local_minus_utc()))
        }
    }
}

/// Offset of `tz` at a UTC instant, in minutes.
pub fn tz_offset_minutes(tz: Tz, utc: NaiveDateTime) -> i32 {
    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc() / 60
}

/// The trip day a local time belongs to: days roll over at `day_start_hour`,
/// so 00:40 after a karaoke night is still the evening before.
pub fn trip_day(local: NaiveDateTime, day_start_hour: u32) -> NaiveDate {
    (local - Duration::hours(i64::from(day_start_hour.min(23)))).date()
}

/// The result of aligning a device's clock with the rest of the group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alignment {
    /// Minutes to add to the device's times.
    pub offset_minutes: i32,
    /// 0–1: share of the device's photos that match, discounted when another
    /// offset at least an hour away matches nearly as many.
    pub confidence: f64,
    /// Photos that fall next to another device's photo at this offset.
    pub support: usize,
}

/// Finds the clock correction for a device with neither GPS nor offset tags:
/// the group shoots the same moments, so the right offset puts most of its
/// photos within `tolerance_s` of someone else's. `times` and `reference` are
/// UTC seconds; `reference` must be sorted. Ties go to whole hours (time zone
/// errors), then to the closest fit, then to the smallest correction.
pub fn align(times: &[i64], reference: &[i64], tolerance_s: i64) -> Alignment {
    let none = Alignment { offset_minutes: 0, confidence: 0.0, support: 0 };
    if times.is_empty() || reference.is_empty() {
        return none;
    }
    let scores = quarter_hours(times, &vec![0; times.len()], reference, tolerance_s);
    let Some(&(best, support, _)) = scores.iter().max_by(|a, b| better(a, b)) else {
        return none;
    };
    if support == 0 {
        return none;
    }
    let rival = scores.iter().filter(|s| (s.0 - best).abs() >= 60).map(|s| s.1).max().unwrap_or(0);
    let share = support as f64 / times.len() as f64;
    let margin = 1.0 - rival as f64 / support as f64;
    Alignment { offset_minutes: best, confidence: (share * margin).clamp(0.0, 1.0), support }
}

/// A device's clock correction, weighed among its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidate {
    /// The camera is on home time: the zone difference, photo by photo.
    Zone,
    /// The clock was right.
    Unchanged,
    /// Neither: an offset of its own, from the free search.
    Free,
}

/// What [`choose`] decided for one device.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub candidate: Candidate,
    /// The correction in minutes: the zone difference (its most common
    /// value when a daylight-saving change falls in the trip), 0, or the
    /// free search's offset, to the minute.
    pub offset_minutes: i32,
    /// Per photo, in `times` order: the seconds to add (the candidate at
    /// that photo, plus the drift when there is one).
    pub shifts: Vec<i64>,
    /// See [`drift`]; already in `shifts`.
    pub drift_seconds: Option<i32>,
    /// Photos that fall within the tolerance of another device's photo once shifted.
    pub support: usize,
    /// 0–1: the share of the device's photos that line up, times 1 − (the
    /// photos only the runner-up lines up) / `support`.
    pub confidence: f64,
    /// The best other quarter-hour correction (15 minutes or more away) that
    /// lines up any photo, and how many it lines up.
    pub runner_up: Option<(i32, usize)>,
    /// Enough photos line up to move the device at all: two or more, and a
    /// quarter of its photos (one or two lucky coincidences are no evidence).
    pub evidence: bool,
    /// Worth a look by eye: no evidence, fewer than three photos line up, or
    /// a confidence under 0.4 (few photos line up, or the runner-up lines up
    /// many the choice cannot).
    pub doubtful: bool,
}

/// The zone difference for a camera on `home` time in a trip read in
/// `trip`'s zone: minutes to add to an instant read in the trip zone
/// (`utc_s`, UTC seconds), taken at the photo's true instant so that a
/// daylight-saving change in either zone is followed.
pub fn zone_difference(trip: Tz, home: Tz, utc_s: i64) -> i32 {
    let diff = |s: i64| {
        let t = DateTime::from_timestamp(s, 0).unwrap_or_default().naive_utc();
        tz_offset_minutes(trip, t) - tz_offset_minutes(home, t)
    };
    diff(utc_s + i64::from(diff(utc_s)) * 60)
}

/// Signed distance from `t` to the nearest `reference` time (sorted), if any.
fn nearest(reference: &[i64], t: i64) -> Option<i64> {
    let i = reference.partition_point(|&r| r < t);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter_map(|j| reference.get(j))
        .map(|r| r - t)
        .min_by_key(|d| d.abs())
}

/// How many shifted times fall within `tolerance_s` of a reference time, and
/// their summed distance.
fn line_up(times: &[i64], shift: impl Fn(usize) -> i64, reference: &[i64], tolerance_s: i64) -> (usize, i64) {
    let (mut n, mut dist) = (0usize, 0i64);
    for (i, &t) in times.iter().enumerate() {
        if let Some(d) = nearest(reference, t + shift(i)).map(i64::abs).filter(|d| *d <= tolerance_s) {
            n += 1;
            dist += d;
        }
    }
    (n, dist)
}

/// The quarter-hour corrections over the whole range, each with the photos
/// it lines up and their summed distance.
fn quarter_hours(times: &[i64], extra: &[i64], reference: &[i64], tolerance_s: i64) -> Vec<(i32, usize, i64)> {
    let steps = MAX_CORRECTION_MINUTES / STEP_MINUTES;
    (-steps..=steps)
        .map(|k| {
            let off = k * STEP_MINUTES;
            let (n, dist) = line_up(times, |i| i64::from(off) * 60 + extra[i], reference, tolerance_s);
            (off, n, dist)
        })
        .collect()
}

/// Most photos first, then whole hours (zone errors), then the closest fit,
/// then the smallest correction.
fn better(a: &(i32, usize, i64), b: &(i32, usize, i64)) -> std::cmp::Ordering {
    a.1.cmp(&b.1).then((a.0 % 60 == 0).cmp(&(b.0 % 60 == 0))).then(b.2.cmp(&a.2)).then(b.0.abs().cmp(&a.0.abs()))
}

/// Most common value; ties go to the smallest.
pub fn mode(values: &[i32]) -> Option<i32> {
    let mut v = values.to_vec();
    v.sort_unstable();
    v.chunk_by(|a, b| a == b).map(|run| (run.len(), std::cmp::Reverse(run[0]))).max().map(|(_, r)| r.0)
}

/// The free search overrides the natural candidates (home time, a right
/// clock) only when it is clearly better: it lines up at least half again
/// as many photos, and at least two more.
fn clearly_better(free: usize, natural: usize) -> bool {
    free >= natural + (natural.div_ceil(2)).max(2)
}

/// A device's drift: the median residual (seconds the group's nearest
/// photo lies after the device's, once shifted) of the photos within
/// `tolerance_s` + 7.5 minutes of another device's photo. Reported only
/// when it is consistent: at least five such photos, two thirds of their
/// residuals within 60 s of the median, and the median itself a minute or
/// more (less is who pressed the shutter first, not a clock).
pub fn drift(times: &[i64], shifts: &[i64], reference: &[i64], tolerance_s: i64) -> Option<i32> {
    let window = tolerance_s + i64::from(STEP_MINUTES) * 30;
    let mut res: Vec<i64> = times
        .iter()
        .zip(shifts)
        .filter_map(|(&t, &s)| nearest(reference, t + s))
        .filter(|d| d.abs() <= window)
        .collect();
    if res.len() < 5 {
        return None;
    }
    res.sort_unstable();
    let median = res[res.len() / 2];
    let agree = res.iter().filter(|r| (**r - median).abs() <= 60).count();
    (agree * 3 >= res.len() * 2 && median.abs() >= 60).then_some(median as i32)
}

/// Chooses the clock correction of a device with neither GPS nor offset
/// tags. `times` are its photos read in the trip zone (UTC seconds);
/// `zone`, when the home zone is known, the zone difference at each of
/// them ([`zone_difference`]); `reference` the sorted UTC seconds of the
/// photos whose clocks are known.
///
/// The natural candidates are the zone difference (the camera is on home
/// time) and 0 (its clock is right); the zone difference wins ties. The
/// free search over quarter hours replaces them only when it is
/// [`clearly_better`], and is itself refined to the minute only when that is
/// clearly better again. Then the [`drift`], applied.
pub fn choose(times: &[i64], zone: Option<&[i32]>, reference: &[i64], tolerance_s: i64) -> Choice {
    let n = times.len();
    let zero = vec![0i64; n];
    let natural_zone = zone.filter(|z| z.len() == n && z.iter().any(|m| *m != 0));
    let unchanged = line_up(times, |_| 0, reference, tolerance_s).0;
    let (mut candidate, mut offset, mut base): (Candidate, i32, Vec<i64>) = (Candidate::Unchanged, 0, zero.clone());
    let mut natural = unchanged;
    if let Some(z) = natural_zone {
        let shifts: Vec<i64> = z.iter().map(|m| i64::from(*m) * 60).collect();
        let at_zone = line_up(times, |i| shifts[i], reference, tolerance_s).0;
        if at_zone >= 2 && at_zone >= unchanged {
            (candidate, offset, base, natural) = (Candidate::Zone, mode(z).unwrap_or(0), shifts, at_zone);
        }
    }
    let steps = quarter_hours(times, &zero, reference, tolerance_s);
    if let Some(&(step, found, _)) = steps.iter().max_by(|a, b| better(a, b)) {
        if found >= 2 && found * 4 >= n && (step - offset).abs() >= STEP_MINUTES && clearly_better(found, natural) {
            // To the minute, when that is clearly better than the quarter hour.
            let fine = (step - 10..=step + 10)
                .filter(|m| m.abs() <= MAX_CORRECTION_MINUTES)
                .map(|m| {
                    let (c, d) = line_up(times, |_| i64::from(m) * 60, reference, tolerance_s);
                    (m, c, d)
                })
                .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then((b.0 - step).abs().cmp(&(a.0 - step).abs())))
                .filter(|f| clearly_better(f.1, found))
                .map_or(step, |f| f.0);
            (candidate, offset, base) = (Candidate::Free, fine, vec![i64::from(fine) * 60; n]);
        }
    }
    let drift_seconds = drift(times, &base, reference, tolerance_s);
    let extra = i64::from(drift_seconds.unwrap_or(0));
    let shifts: Vec<i64> = base.iter().map(|s| s + extra).collect();
    let lined = |shift: &dyn Fn(usize) -> i64| -> Vec<bool> {
        times
            .iter()
            .enumerate()
            .map(|(i, &t)| nearest(reference, t + shift(i)).is_some_and(|d| d.abs() <= tolerance_s))
            .collect()
    };
    let chosen = lined(&|i| shifts[i]);
    let support = chosen.iter().filter(|m| **m).count();
    let runner_up = quarter_hours(times, &vec![extra; n], reference, tolerance_s)
        .into_iter()
        .filter(|s| (s.0 - offset).abs() >= STEP_MINUTES && s.1 > 0)
        .max_by(better)
        .map(|s| (s.0, s.1));
    // A rival threatens the choice only through the photos it lines up and
    // the choice does not: in a dense moment a quarter hour off still lands
    // next to someone's photo, and that says nothing against the choice.
    let rival = runner_up.map_or(0, |(r, _)| {
        let theirs = lined(&|_| i64::from(r) * 60 + extra);
        theirs.iter().zip(&chosen).filter(|(t, c)| **t && !**c).count()
    });
    let confidence = if support == 0 || n == 0 {
        0.0
    } else {
        let share = support as f64 / n as f64;
        let margin = 1.0 - rival as f64 / support as f64;
        (share * margin).clamp(0.0, 1.0)
    };
    let evidence = support >= 2 && support * 4 >= n;
    let doubtful = !evidence || support < 3 || confidence < 0.4;
    if !evidence {
        // Nothing moves without evidence; the candidates stay suggestions.
        return Choice {
            candidate: Candidate::Unchanged,
            offset_minutes: 0,
            shifts: zero,
            drift_seconds: None,
            support,
            confidence,
            runner_up,
            evidence,
            doubtful,
        };
    }
    Choice {
        candidate,
        offset_minutes: offset,
        shifts,
        drift_seconds,
        support,
        confidence,
        runner_up,
        evidence,
        doubtful,
    }
}

/// The trip's main span: the largest run of dates with no gap longer than
/// `gap_days`. Dates outside it are clock resets or stray files.
pub fn main_span(sorted: &[NaiveDateTime], gap_days: i64) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let first = *sorted.first()?;
    let gap = Duration::days(gap_days);
    let (mut best, mut start, mut count, mut best_count) = ((first, first), first, 0usize, 0usize);
    let mut prev = first;
    for &t in sorted {
        if t - prev > gap {
            start = t;
            count = 0;
        }
        count += 1;
        if count > best_count {
            best_count = count;
            best = (start, t);
        }
        prev = t;
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
    }

    #[test]
    fn offsets_parse() {
        for (s, m) in [
            ("+02:00", Some(120)),
            ("-04:00", Some(-240)),
            ("+0545", Some(345)),
            ("+05", Some(300)),
            ("Z", Some(0)),
            ("+15:00", None),
            ("02:00", None),
            ("+2:0", None),
            ("", None),
        ] {
            assert_eq!(parse_offset(s), m, "{s}");
        }
    }

    #[test]
    fn days_roll_over_at_four() {
        assert_eq!(trip_day(at("2017-06-10 00:40"), 4), at("2017-06-09 12:00").date());
        assert_eq!(trip_day(at("2017-06-10 04:00"), 4), at("2017-06-10 12:00").date());
    }

    #[test]
    fn local_to_utc_handles_dst_edges() {
        let paris: Tz = "Europe/Paris".parse().expect("zone");
        assert_eq!(local_to_utc(paris, at("2017-06-04 17:05")), at("2017-06-04 15:05"));
        // 02:30 does not exist on 2017-03-26 in Paris.
        assert_eq!(local_to_utc(paris, at("2017-03-26 02:30")), at("2017-03-26 01:30"));
        // 02:30 happens twice on 2017-10-29: the earlier one.
        assert_eq!(local_to_utc(paris, at("2017-10-29 02:30")), at("2017-10-29 00:30"));
    }

    #[test]
    fn align_finds_six_hours() {
        // Irregular, like a real trip: a regular grid would match at many shifts.
        let reference: Vec<i64> = (0..40).map(|i| i * 20_000 + (i * i * 7_919) % 6_000).collect();
        let camera: Vec<i64> = reference.iter().step_by(3).map(|r| r - 6 * 3600 + 100).collect();
        let a = align(&camera, &reference, 300);
        assert_eq!(a.offset_minutes, 360);
        assert_eq!(a.support, camera.len());
        assert!(a.confidence > 0.5, "{a:?}");
        assert_eq!(align(&camera, &[], 300).support, 0);
    }

    /// Irregular instants, like a real trip's moments (a regular grid would
    /// line up at many shifts), and a few seconds of jitter between devices.
    fn moments(n: i64) -> Vec<i64> {
        (0..n).map(|i| 1_500_000_000 + i * 20_000 + (i * i * 7_919) % 6_000).collect()
    }

    fn jitter(i: usize) -> i64 {
        [-40, 25, -10, 35, 0, -25, 15][i % 7]
    }

    fn sorted(mut v: Vec<i64>) -> Vec<i64> {
        v.sort_unstable();
        v
    }

    const Z: i32 = 360;

    #[test]
    fn the_zone_difference_wins_over_a_quarter_hour_that_lines_up_one_more_photo() {
        // The group shot moments at the camera's photos + 6 h (ten of them)
        // and + 6 h 15 (eleven): the old free search took +6 h 15.
        let camera = moments(12);
        let mut reference: Vec<i64> = camera[..10].iter().map(|t| t + i64::from(Z) * 60).collect();
        reference.extend(camera[..11].iter().map(|t| t + i64::from(Z + 15) * 60));
        let reference = sorted(reference);
        assert_eq!(align(&camera, &reference, 300).offset_minutes, Z + 15);
        let zone = vec![Z; camera.len()];
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.candidate, c.offset_minutes, c.support), (Candidate::Zone, Z, 10), "{c:?}");
        assert_eq!(c.runner_up, Some((Z + 15, 11)));
        // Only one photo speaks for the runner-up against the zone difference.
        assert!((c.confidence - 10.0 / 12.0 * 0.9).abs() < 1e-9 && !c.doubtful, "{c:?}");
    }

    #[test]
    fn clear_evidence_overrides_the_zone_difference_a_camera_1_h_20_off_keeps_its_own() {
        let camera = moments(12);
        let reference = sorted(camera.iter().enumerate().map(|(i, t)| t + 80 * 60 + jitter(i)).collect());
        let zone = vec![Z; camera.len()];
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.candidate, c.offset_minutes, c.support), (Candidate::Free, 80, 12), "{c:?}");
        assert_eq!(c.drift_seconds, None);
        assert!(c.shifts.iter().all(|s| *s == 80 * 60));
        assert!(!c.doubtful && c.confidence > 0.9, "{c:?}");
        // The same photos on home time: the zone difference, to the minute.
        let reference = sorted(camera.iter().enumerate().map(|(i, t)| t + i64::from(Z) * 60 + jitter(i)).collect());
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.candidate, c.offset_minutes, c.support), (Candidate::Zone, Z, 12), "{c:?}");
    }

    #[test]
    fn a_camera_19_hours_off_is_found_without_a_home_zone_the_free_search_once_stopped_at_14() {
        let camera = moments(12);
        let reference = sorted(camera.iter().enumerate().map(|(i, t)| t + 1140 * 60 + jitter(i)).collect());
        let c = choose(&camera, None, &reference, 300);
        assert_eq!((c.candidate, c.offset_minutes, c.support), (Candidate::Free, 1140, 12), "{c:?}");
    }

    #[test]
    fn half_hour_and_45_minute_zones_are_zone_differences() {
        let tz = |n: &str| n.parse::<Tz>().expect("zone");
        let june = at("2019-06-15 12:00").and_utc().timestamp();
        assert_eq!(zone_difference(tz("Asia/Kolkata"), tz("America/Toronto"), june), 330 + 240);
        assert_eq!(zone_difference(tz("Asia/Kathmandu"), tz("Europe/London"), june), 345 - 60);
        assert_eq!(zone_difference(tz("America/St_Johns"), tz("Europe/Paris"), june), -150 - 120);
        assert_eq!(zone_difference(tz("Australia/Adelaide"), tz("Asia/Tokyo"), june), 570 - 540);
        // A camera on Toronto time in Kolkata lines up at +9 h 30.
        let camera = moments(10);
        let zone = vec![570; camera.len()];
        let reference = sorted(camera.iter().enumerate().map(|(i, t)| t + 570 * 60 + jitter(i)).collect());
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.candidate, c.offset_minutes, c.support), (Candidate::Zone, 570, 10), "{c:?}");
    }

    #[test]
    fn a_daylight_saving_change_mid_trip_moves_the_zone_difference_with_it() {
        // Paris leaves summer time on 29 October 2017, Toronto a week later:
        // a camera on Toronto time in Paris is 6 h behind, then 5 h.
        let (paris, toronto) = (chrono_tz::Europe::Paris, chrono_tz::America::Toronto);
        let start = at("2017-10-25 07:00").and_utc().timestamp();
        let truth: Vec<i64> = (0..16).map(|i| start + i * 11 * 3600 + (i * i * 7_919) % 6_000).collect();
        let camera: Vec<i64> = truth
            .iter()
            .map(|&u| {
                let wall = toronto.from_utc_datetime(&DateTime::from_timestamp(u, 0).expect("t").naive_utc());
                local_to_utc(paris, wall.naive_local()).and_utc().timestamp()
            })
            .collect();
        let zone: Vec<i32> = camera.iter().map(|&t| zone_difference(paris, toronto, t)).collect();
        assert!(zone.contains(&360) && zone.contains(&300), "{zone:?}");
        let reference = sorted(truth.iter().enumerate().map(|(i, u)| u + jitter(i)).collect());
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.candidate, c.support), (Candidate::Zone, camera.len()), "{c:?}");
        for ((t, s), u) in camera.iter().zip(&c.shifts).zip(&truth) {
            assert_eq!(t + s, *u, "every photo back at its instant");
        }
        // No single offset does that.
        assert!(align(&camera, &reference, 300).support < camera.len());
    }

    #[test]
    fn a_drift_is_reported_and_applied_only_when_the_photos_agree_on_it() {
        let camera = moments(12);
        let zone = vec![Z; camera.len()];
        // Three minutes fast, give or take who pressed first.
        let fast = sorted(camera.iter().enumerate().map(|(i, t)| t + i64::from(Z) * 60 - 180 + jitter(i)).collect());
        let c = choose(&camera, Some(&zone), &fast, 300);
        assert_eq!((c.offset_minutes, c.drift_seconds), (Z, Some(-180)), "{c:?}");
        assert!(c.shifts.iter().all(|s| *s == i64::from(Z) * 60 - 180));
        // Residuals all over the tolerance: no drift to speak of.
        let scattered = [-250, 200, -90, 260, 30, -200, 150, -270, 100, 240, -150, 60];
        let reference = sorted(camera.iter().zip(scattered).map(|(t, d)| t + i64::from(Z) * 60 + d).collect());
        let c = choose(&camera, Some(&zone), &reference, 300);
        assert_eq!((c.offset_minutes, c.drift_seconds), (Z, None), "{c:?}");
        // Too few photos to tell a clock from chance.
        let c = choose(&camera[..4], Some(&zone[..4]), &fast, 300);
        assert_eq!(c.drift_seconds, None, "{c:?}");
    }

    #[test]
    fn confidence_grows_with_photos_lined_up_and_shrinks_with_a_close_runner_up() {
        let camera = moments(12);
        let zone = vec![Z; camera.len()];
        let on = |t: &i64, i: usize| t + i64::from(Z) * 60 + jitter(i);
        let all =
            choose(&camera, Some(&zone), &sorted(camera.iter().enumerate().map(|(i, t)| on(t, i)).collect()), 300);
        // Nine photos line up at home time, the other three an hour later.
        let mut rival: Vec<i64> = camera[..9].iter().enumerate().map(|(i, t)| on(t, i)).collect();
        rival.extend(camera[9..].iter().map(|t| t + i64::from(Z + 60) * 60));
        let rivalled = choose(&camera, Some(&zone), &sorted(rival), 300);
        let few =
            choose(&camera, Some(&zone), &sorted(camera[..4].iter().enumerate().map(|(i, t)| on(t, i)).collect()), 300);
        assert_eq!((all.support, rivalled.support, few.support), (12, 9, 4));
        assert_eq!(rivalled.runner_up, Some((Z + 60, 3)));
        assert!(
            all.confidence > rivalled.confidence && rivalled.confidence > few.confidence,
            "{all:?} {rivalled:?} {few:?}"
        );
        assert!(!all.doubtful && !rivalled.doubtful && few.doubtful);
        // Nothing in common with the group: nothing moves, and it says so.
        let none = choose(&camera, Some(&zone), &[1], 300);
        assert!(!none.evidence && none.doubtful && none.offset_minutes == 0 && none.confidence == 0.0, "{none:?}");
    }

    #[test]
    fn main_span_ignores_resets() {
        let d = [at("2000-01-01 00:00"), at("2017-06-03 18:00"), at("2017-06-11 17:00")];
        assert_eq!(main_span(&d, 30), Some((d[1], d[2])));
    }
}
