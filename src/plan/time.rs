//! Instants, zones and device clocks.

use chrono::{Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Widest real UTC offset (Kiribati +14, Baker −12); also the alignment search range.
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;
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
    let steps = MAX_OFFSET_MINUTES / STEP_MINUTES;
    // (offset, matches, summed distance)
    let scores: Vec<(i32, usize, i64)> = (-steps..=steps)
        .map(|k| {
            let off = k * STEP_MINUTES;
            let shift = i64::from(off) * 60;
            let (mut n, mut dist) = (0usize, 0i64);
            for &t in times {
                let t = t + shift;
                let i = reference.partition_point(|&r| r < t);
                let d = [i.checked_sub(1), Some(i)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| reference.get(j))
                    .map(|r| (r - t).abs())
                    .min()
                    .unwrap_or(i64::MAX);
                if d <= tolerance_s {
                    n += 1;
                    dist += d;
                }
            }
            (off, n, dist)
        })
        .collect();
    let Some(&(best, support, _)) = scores.iter().max_by(|a, b| {
        a.1.cmp(&b.1).then((a.0 % 60 == 0).cmp(&(b.0 % 60 == 0))).then(b.2.cmp(&a.2)).then(b.0.abs().cmp(&a.0.abs()))
    }) else {
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

    #[test]
    fn main_span_ignores_resets() {
        let d = [at("2000-01-01 00:00"), at("2017-06-03 18:00"), at("2017-06-11 17:00")];
        assert_eq!(main_span(&d, 30), Some((d[1], d[2])));
    }
}
