//! Planning speed: 20,000 photos from 30 devices, offset detection included.
//! `cargo bench --bench plan`.

#[path = "../tests/support/mod.rs"]
mod support;

use recap::plan::Edits;
use recap::plan::{self, OffsetSource, PlanSettings};
use std::time::{Duration, Instant};

fn main() {
    let photos = support::crowd(20_000, 30);
    // The gazetteer and time-zone polygons load once per process; time it apart.
    let t = Instant::now();
    let _ = plan::plan(&photos[..10], &PlanSettings::default(), &Edits::default());
    let load = t.elapsed();
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        let p = plan::plan(&photos, &PlanSettings::default(), &Edits::default());
        best = best.min(t.elapsed());
        last = Some(p);
    }
    let p = last.expect("planned");
    let aligned = p.devices.iter().filter(|d| d.source == OffsetSource::Aligned).count();
    println!(
        "planned {} photos from {} devices: best of 5 {:.0} ms (geo data load, once per process: {:.0} ms)",
        photos.len(),
        p.devices.len(),
        best.as_secs_f64() * 1e3,
        load.as_secs_f64() * 1e3
    );
    println!("{} chapters; {aligned} devices aligned with the group", p.chapters.len());
}
