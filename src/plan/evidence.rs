//! Checking a clock by eye: a few of a device's photos, each next to the
//! group's photo nearest in time at the device's current correction. When
//! the correction is right the two show the same scene; when it is wrong
//! they do not, and the seconds apart say by how much.

use super::{Plan, PlannedPhoto};
use chrono::{DateTime, FixedOffset};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One of the device's photos and the group's photo nearest to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidencePair {
    /// The device's photo.
    pub photo: PathBuf,
    /// Its local time at the current correction.
    pub photo_time: DateTime<FixedOffset>,
    /// Another device's photo, the nearest in time.
    pub other: PathBuf,
    pub other_time: DateTime<FixedOffset>,
    /// The other photo's device ([`super::device_key`]) and participant.
    pub other_device: String,
    pub other_contributor: String,
    /// `other` minus `photo`, in seconds, at the current corrections.
    pub seconds_apart: i64,
}

/// Most pairs one call returns: the tab shows a handful, not an album.
pub const MAX_PAIRS: usize = 24;

/// Up to `n` pairs (at most [`MAX_PAIRS`]) for the device `device`, spread
/// over its photos: they are cut into `n` runs in time order and each run
/// gives its photo closest to another device's photo. Empty when the device
/// is unknown or no other device has a photo. In time order.
///
/// `copies(photo)` lists a photo's copies (a messaging copy is placed at its
/// original's time): a copy of any of the device's photos moves with its
/// correction and would agree with any, so it is never a witness.
pub fn clock_evidence<C>(plan: &Plan, device: &str, n: usize, copies: impl Fn(&Path) -> C) -> Vec<EvidencePair>
where
    C: IntoIterator<Item = PathBuf>,
{
    let photos = plan.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.moments).flat_map(|m| &m.photos);
    let (mut mine, mut others): (Vec<&PlannedPhoto>, Vec<&PlannedPhoto>) = photos.partition(|p| p.device == device);
    let echoes: HashSet<PathBuf> = mine.iter().flat_map(|p| copies(&p.path)).collect();
    others.retain(|o| !echoes.contains(&o.path));
    let n = n.min(MAX_PAIRS).min(mine.len());
    if n == 0 {
        return Vec::new();
    }
    // Ties broken by path so the same plan always shows the same pairs.
    mine.sort_by(|a, b| (a.utc, &a.path).cmp(&(b.utc, &b.path)));
    others.sort_by(|a, b| (a.utc, &a.path).cmp(&(b.utc, &b.path)));
    let nearest = |p: &PlannedPhoto| -> Option<(i64, &PlannedPhoto)> {
        let i = others.partition_point(|o| o.utc < p.utc);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|j| others.get(j).copied())
            .map(|o| ((o.utc - p.utc).num_seconds(), o))
            .min_by_key(|(s, o)| (s.unsigned_abs(), o.utc, &o.path))
    };
    (0..n)
        .filter_map(|k| {
            let run = &mine[k * mine.len() / n..(k + 1) * mine.len() / n];
            run.iter()
                .filter_map(|p| Some((p, nearest(p)?)))
                .min_by_key(|(p, (s, _))| (s.unsigned_abs(), p.utc, &p.path))
        })
        .map(|(p, (s, o))| EvidencePair {
            photo: p.path.clone(),
            photo_time: p.local_time,
            other: o.path.clone(),
            other_time: o.local_time,
            other_device: o.device.clone(),
            other_contributor: o.contributor.clone(),
            seconds_apart: s,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateSource, Gps, PhotoMeta};
    use crate::plan::{device_key, plan, DeviceOffset, Edits, PlanSettings};
    use chrono::{Duration, NaiveDate, NaiveDateTime};

    const BUENOS_AIRES: (f64, f64) = (-34.6037, -58.3816);

    fn shot(name: &str, who: &str, model: &str, wall: NaiveDateTime) -> PhotoMeta {
        PhotoMeta {
            datetime_original: Some(wall),
            datetime_source: Some(DateSource::DateTimeOriginal),
            make: Some("Maker".into()),
            model: Some(model.into()),
            ..PhotoMeta::sample(format!("/trip/{who}/{name}.jpg"), who)
        }
    }

    /// Three days in Buenos Aires (UTC−3): two phones that know their zone
    /// and place, and a camera without tags left on Madrid's summer time
    /// (UTC+2, five hours ahead). Each morning and afternoon the phones
    /// shoot three photos and the camera two, within minutes.
    fn trip() -> Vec<PhotoMeta> {
        let mut photos = Vec::new();
        for day in 0..3 {
            for (hour, minute) in [(10, 5), (16, 40)] {
                let local = NaiveDate::from_ymd_opt(2019, 6, 10 + day).unwrap().and_hms_opt(hour, minute, 0).unwrap();
                for i in 0..3 {
                    for (who, model) in [("Lucía", "Phone A"), ("Mateo", "Phone B")] {
                        let mut p = shot(&format!("{day}-{hour}-{i}"), who, model, local + Duration::minutes(3 * i));
                        p.offset_time_original = Some("-03:00".into());
                        p.gps = Some(Gps { lat: BUENOS_AIRES.0, lon: BUENOS_AIRES.1, alt: None });
                        photos.push(p);
                    }
                }
                for i in 0..2 {
                    let wall = local + Duration::hours(5) + Duration::minutes(4 * i + 1);
                    photos.push(shot(&format!("{day}-{hour}-{i}"), "Sofía", "Camera", wall));
                }
            }
        }
        photos
    }

    fn no_copies(_: &Path) -> Vec<PathBuf> {
        Vec::new()
    }

    fn camera(photos: &[PhotoMeta]) -> String {
        photos.iter().find(|p| p.model.as_deref() == Some("Camera")).map(device_key).expect("the camera")
    }

    #[test]
    fn pairs_are_the_devices_photos_next_to_another_devices_spread_over_the_trip() {
        let photos = trip();
        let key = camera(&photos);
        let plan = plan(&photos, &PlanSettings::default(), &Edits::default());
        let pairs = clock_evidence(&plan, &key, 3, no_copies);
        assert_eq!(pairs.len(), 3, "{pairs:?}");
        let device_of = |path: &PathBuf| photos.iter().find(|p| &p.path == path).map(device_key).unwrap();
        for pair in &pairs {
            assert_eq!(device_of(&pair.photo), key);
            assert_ne!(device_of(&pair.other), key);
            assert_eq!(pair.other_device, device_of(&pair.other));
            assert_eq!((pair.other_time - pair.photo_time).num_seconds(), pair.seconds_apart);
            // Aligned with the group: the same scene, minutes apart.
            assert!(pair.seconds_apart.abs() <= 5 * 60, "{pair:?}");
        }
        // One pair per day: the first, middle and last thirds of its photos.
        let days: Vec<&str> = pairs.iter().map(|p| p.photo.file_name().unwrap().to_str().unwrap()).collect();
        assert_eq!(days.iter().map(|d| &d[..1]).collect::<Vec<_>>(), ["0", "1", "2"], "{days:?}");
    }

    #[test]
    fn a_wrong_correction_shows_in_the_seconds_apart() {
        let photos = trip();
        let key = camera(&photos);
        // The user says the clock was right: its photos land five hours late.
        let edits = Edits { devices: [(key.clone(), DeviceOffset::Cleared)].into(), ..Edits::default() };
        let plan = plan(&photos, &PlanSettings::default(), &edits);
        let pairs = clock_evidence(&plan, &key, 4, no_copies);
        assert_eq!(pairs.len(), 4);
        assert!(pairs.iter().all(|p| p.seconds_apart.abs() > 3600), "{pairs:?}");
    }

    #[test]
    fn a_copy_of_the_photo_is_never_its_witness() {
        let photos = trip();
        let key = camera(&photos);
        let edits = Edits { devices: [(key.clone(), DeviceOffset::Cleared)].into(), ..Edits::default() };
        let mut plan = plan(&photos, &PlanSettings::default(), &edits);
        // Messaging copies of the camera's photos in Mateo's folder, placed
        // at their originals' instants as curation places them: they would
        // agree with any correction.
        for m in plan.chapters.iter_mut().flat_map(|c| &mut c.days).flat_map(|d| &mut d.moments) {
            let copies: Vec<PlannedPhoto> = m
                .photos
                .iter()
                .filter(|p| p.device == key)
                .map(|p| PlannedPhoto {
                    path: PathBuf::from(format!("/trip/Mateo/copy-{}", p.path.file_name().unwrap().to_str().unwrap())),
                    contributor: "Mateo".into(),
                    device: "Mateo".into(),
                    ..p.clone()
                })
                .collect();
            m.photos.extend(copies);
        }
        let copies =
            |p: &Path| vec![PathBuf::from(format!("/trip/Mateo/copy-{}", p.file_name().unwrap().to_str().unwrap()))];
        let pairs = clock_evidence(&plan, &key, 4, copies);
        assert_eq!(pairs.len(), 4);
        for p in &pairs {
            assert_ne!(p.other_device, "Mateo", "{p:?}");
            assert!(p.seconds_apart.abs() > 3600, "the wrong correction shows: {p:?}");
        }
        // Without the rule, the copies were the pairs, at 0 s.
        assert!(clock_evidence(&plan, &key, 4, no_copies).iter().all(|p| p.seconds_apart == 0));
    }

    #[test]
    fn no_pairs_for_an_unknown_device_none_asked_or_no_one_else() {
        let photos = trip();
        let key = camera(&photos);
        let planned = plan(&photos, &PlanSettings::default(), &Edits::default());
        assert!(clock_evidence(&planned, "nobody | Maker | Nothing", 4, no_copies).is_empty());
        assert!(clock_evidence(&planned, &key, 0, no_copies).is_empty());
        // More asked than it has photos, or than a tab shows: capped.
        assert_eq!(clock_evidence(&planned, &key, 1000, no_copies).len(), 12);
        let alone: Vec<PhotoMeta> = photos.iter().filter(|p| device_key(p) == key).cloned().collect();
        assert!(
            clock_evidence(&plan(&alone, &PlanSettings::default(), &Edits::default()), &key, 4, no_copies).is_empty()
        );
    }
}
