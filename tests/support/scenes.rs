//! Test-only photo generators, too heavy or too specific to ship in the
//! app (the library's `recap::synth` keeps what the demo draws): natural
//! scenes with texture and grain, libjpeg-turbo encodes, messaging-app
//! copies, and the labelled set curation is measured on. Benches include
//! this through `#[path]`, so both use one generator.

use chrono::{NaiveDateTime, Timelike};
use image::RgbImage;
use recap::synth::{self, ExifSpec, Picture, Rng};
use recap::Gps;

/// One shot of a scene, for the curation fixtures: where the camera points
/// (a pan of `dx`, `dy` in fractions of the frame, at most ±[`PAN_MARGIN`]),
/// how bright it came out, and its own sensor grain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shot {
    /// The scene: same seed, same place.
    pub scene: u64,
    pub dx: f32,
    pub dy: f32,
    /// Exposure: 1.0 as metered, 1.25 a third of a stop brighter or so.
    pub gain: f32,
    /// Seeds the grain: two shots never share it.
    pub grain: u64,
}

/// How far a [`Shot`] may pan, as a fraction of the frame.
pub const PAN_MARGIN: f32 = 0.05;

impl Shot {
    pub fn new(scene: u64) -> Shot {
        Shot { scene, dx: 0.0, dy: 0.0, gain: 1.0, grain: scene }
    }
}

/// A natural-looking photo of `shot`: the scene of [`synth::draw`] (sky and ground
/// gradients, skyline, shapes, people) painted over with a two-octave
/// texture (foliage, stone, fabric) that pans with the camera, then exposed
/// and covered with sensor grain. Drawn on a canvas larger than the frame,
/// so that panning reveals what a real camera would.
pub fn natural_scene(width: u32, height: u32, shot: &Shot) -> RgbImage {
    let m = PAN_MARGIN;
    let (cw, ch) = (((width as f32) * (1.0 + 2.0 * m)) as u32, ((height as f32) * (1.0 + 2.0 * m)) as u32);
    let canvas = synth::draw(&Picture::new(cw, ch, shot.scene));
    let ox = ((m + shot.dx.clamp(-m, m)) * width as f32).round() as u32;
    let oy = ((m + shot.dy.clamp(-m, m)) * height as f32).round() as u32;
    let lattice = |x: i64, y: i64, salt: u64| -> f32 {
        let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ shot.scene.wrapping_mul(0x1656_67B1_9E37_79F9)
            ^ salt;
        h ^= h >> 29;
        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 32;
        (h & 0xFFFF) as f32 / 65535.0
    };
    // Value noise in canvas coordinates, the cell a fraction of the width
    // so the texture is the same at any resolution.
    let noise = |x: f32, y: f32, cell: f32, salt: u64| -> f32 {
        let (fx, fy) = (x / cell, y / cell);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
        let (x0, y0) = (x0 as i64, y0 as i64);
        let a = lattice(x0, y0, salt) + (lattice(x0 + 1, y0, salt) - lattice(x0, y0, salt)) * sx;
        let b = lattice(x0, y0 + 1, salt) + (lattice(x0 + 1, y0 + 1, salt) - lattice(x0, y0 + 1, salt)) * sx;
        a + (b - a) * sy
    };
    let (coarse, fine) = (width as f32 / 24.0, width as f32 / 160.0);
    let mut grain = shot.grain ^ 0x2545_F491_4F6C_DD1D;
    let mut out = RgbImage::new(width, height);
    let src = canvas.as_raw();
    let row_len = cw as usize * 3;
    for (y, row) in out.as_mut().chunks_exact_mut(width as usize * 3).enumerate() {
        let cy = y as u32 + oy;
        let line = &src[cy as usize * row_len..(cy as usize + 1) * row_len];
        let mut coarse_row = 0.0;
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let cx = x as u32 + ox;
            // The coarse octave changes slowly: once every 8 pixels is plenty.
            if x % 8 == 0 {
                coarse_row = noise(cx as f32, cy as f32, coarse, 1);
            }
            let t = 0.78 + 0.28 * coarse_row + 0.16 * noise(cx as f32, cy as f32, fine, 2);
            grain ^= grain << 13;
            grain ^= grain >> 7;
            grain ^= grain << 17;
            let base = &line[cx as usize * 3..cx as usize * 3 + 3];
            for c in 0..3 {
                let g = ((grain >> (c * 8)) & 0x0F) as f32 - 7.5;
                px[c] = (f32::from(base[c]) * t * shot.gain + g).clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
}

/// Encodes pixels through libjpeg-turbo (4:2:0), as phones and messaging
/// apps do; no metadata.
pub fn encode_turbo(img: &RgbImage, quality: u8) -> Vec<u8> {
    let image = turbojpeg::Image {
        pixels: img.as_raw().as_slice(),
        width: img.width() as usize,
        pitch: img.width() as usize * 3,
        height: img.height() as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    let mut enc = turbojpeg::Compressor::new().expect("a libjpeg-turbo encoder");
    enc.set_quality(i32::from(quality.clamp(1, 100))).expect("quality 1–100");
    enc.set_subsamp(turbojpeg::Subsamp::Sub2x2).expect("4:2:0");
    enc.compress_to_vec(image).expect("encoding an RGB buffer to memory cannot fail")
}

/// What a messaging app sends on: the photo decoded, shrunk to `long_edge`
/// (Lanczos3), re-encoded at `quality`, every tag gone.
pub fn messaging_copy(jpeg: &[u8], long_edge: u32, quality: u8) -> Vec<u8> {
    use fast_image_resize as fir;
    let img =
        image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).expect("a JPEG made here").into_rgb8();
    let (w, h) = img.dimensions();
    let s = f64::from(long_edge) / f64::from(w.max(h));
    let (tw, th) = (((f64::from(w) * s).round() as u32).max(1), ((f64::from(h) * s).round() as u32).max(1));
    let src = fir::images::Image::from_vec_u8(w, h, img.into_raw(), fir::PixelType::U8x3).expect("RGB buffer");
    let mut dst = fir::images::Image::new(tw, th, fir::PixelType::U8x3);
    fir::Resizer::new()
        .resize(
            &src,
            &mut dst,
            &fir::ResizeOptions::new().resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3)),
        )
        .expect("same pixel type");
    let out = RgbImage::from_raw(tw, th, dst.into_vec()).expect("w*h*3 bytes");
    encode_turbo(&out, quality)
}

/// One file of [`curation_set`], with its ground truth.
#[derive(Debug, Clone)]
pub struct LabelledFile {
    /// `participant/name.jpg`.
    pub rel_path: String,
    pub bytes: Vec<u8>,
    /// Files with the same shot are copies of one another (exact or resized).
    pub shot: usize,
    /// Files of one burst (several shots of one scene, seconds apart, maybe
    /// by two participants) share it; `None` for a single shot.
    pub burst: Option<usize>,
    /// A stripped messaging copy (no EXIF).
    pub stripped: bool,
    /// Byte for byte another file of the set.
    pub exact_copy: bool,
}

/// Sizes of [`curation_set`]'s photos.
pub const CURATION_WIDTH: u32 = 2016;
pub const CURATION_HEIGHT: u32 = 1512;

/// A labelled set for measuring duplicate matching and burst grouping, as a
/// delegation hands it in: originals (2016×1512, quality 90, full EXIF),
/// messaging copies of some (1600 px at q70 and 1280 px at q60, EXIF
/// stripped) in other participants' folders, byte-identical copies,
/// bursts (the same scene panned by up to 1.5 %, exposure ±15 %, fresh
/// grain, 0.3–1 s apart; a third of them also shot by a second participant
/// a second or two later from a few percent to the side), and unrelated
/// photos taken in the same minute as the bursts. `scale` multiplies the
/// number of scenes (1: about 160 files). Deterministic.
pub fn curation_set(scale: usize) -> Vec<LabelledFile> {
    use chrono::Duration;
    use rayon::prelude::*;
    const PEOPLE: [(&str, &str, &str); 6] = [
        ("Amélie", "Apple", "iPhone 7"),
        ("Bruno", "samsung", "SM-G930W8"),
        ("Chloé", "Google", "Pixel"),
        ("David", "LG Electronics", "LG-H870"),
        ("Élise", "Canon", "Canon EOS 80D"),
        ("Farid", "HUAWEI", "EVA-L09"),
    ];
    // What to make; drawn and encoded in parallel afterwards.
    enum Make {
        Original { shot: Shot, who: usize, at: NaiveDateTime, ms: u16 },
        Copy { of: usize, edge: u32, quality: u8 },
        Exact { of: usize },
    }
    struct Plan {
        rel: String,
        make: Make,
        shot: usize,
        burst: Option<usize>,
    }
    let mut rng = Rng::new(0xC0FF_EE00 ^ scale as u64);
    let mut plans: Vec<Plan> = Vec::new();
    let mut shots = 0usize;
    let start = NaiveDateTime::parse_from_str("2017-06-05 09:00:00", "%Y-%m-%d %H:%M:%S").expect("a date");
    let mut counter = [0usize; 6];
    let mut name = |who: usize| {
        counter[who] += 1;
        format!("{}/IMG_{:04}.JPG", PEOPLE[who].0, 1000 + counter[who])
    };
    let mut wa = 0usize;
    let scenes = 36 * scale.max(1);
    let bursts = 12 * scale.max(1);
    // Single shots, some copied: every fourth minute, so that singles never
    // fall in a burst's time window.
    for s in 0..scenes {
        let who = s % PEOPLE.len();
        let at = start + Duration::minutes(4 * s as i64);
        let shot = shots;
        shots += 1;
        let orig = plans.len();
        plans.push(Plan {
            rel: name(who),
            make: Make::Original { shot: Shot::new(1000 + s as u64), who, at, ms: rng.below(1000) as u16 },
            shot,
            burst: None,
        });
        let other = (who + 1 + rng.below(5) as usize) % PEOPLE.len();
        if s % 3 != 2 {
            wa += 1;
            let rel = format!("{}/IMG-20170605-WA{wa:04}.jpg", PEOPLE[other].0);
            plans.push(Plan { rel, make: Make::Copy { of: orig, edge: 1600, quality: 70 }, shot, burst: None });
        }
        if s % 3 == 0 {
            wa += 1;
            let third = (other + 1) % PEOPLE.len();
            let rel = format!("{}/IMG-20170605-WA{wa:04}.jpg", PEOPLE[third].0);
            plans.push(Plan { rel, make: Make::Copy { of: orig, edge: 1280, quality: 60 }, shot, burst: None });
        }
        if s % 6 == 1 {
            let rel = format!("{}/partage/{}", PEOPLE[other].0, plans[orig].rel.replace('/', "_"));
            plans.push(Plan { rel, make: Make::Exact { of: orig }, shot, burst: None });
        }
    }
    // Bursts, later the same day, ten minutes apart.
    let burst_start = start + Duration::minutes(4 * scenes as i64 + 30);
    for b in 0..bursts {
        let who = (b * 5) % PEOPLE.len();
        let scene = 5000 + b as u64;
        let t0 = burst_start + Duration::minutes(10 * b as i64);
        let mut t = t0 + Duration::milliseconds(i64::from(rng.below(20_000)));
        let n = 3 + rng.below(3) as usize;
        for k in 0..n {
            let shot = Shot {
                scene,
                dx: rng.range(-0.015, 0.015),
                dy: rng.range(-0.01, 0.01),
                gain: rng.range(0.85, 1.15),
                grain: scene * 100 + k as u64,
            };
            let (at, ms) = (t.with_nanosecond(0).unwrap_or(t), (t.nanosecond() / 1_000_000) as u16);
            let id = shots;
            shots += 1;
            let orig = plans.len();
            plans.push(Plan { rel: name(who), make: Make::Original { shot, who, at, ms }, shot: id, burst: Some(b) });
            if k == 1 && b % 4 == 0 {
                wa += 1;
                let rel = format!("{}/IMG-20170605-WA{wa:04}.jpg", PEOPLE[(who + 2) % PEOPLE.len()].0);
                plans.push(Plan {
                    rel,
                    make: Make::Copy { of: orig, edge: 1600, quality: 70 },
                    shot: id,
                    burst: Some(b),
                });
            }
            t += Duration::milliseconds(300 + i64::from(rng.below(700)));
        }
        // A second participant shooting the same scene from beside them.
        if b % 3 == 0 {
            let other = (who + 3) % PEOPLE.len();
            let side = if rng.below(2) == 0 { 0.03 } else { -0.03 };
            let mut t2 = t0 + Duration::milliseconds(i64::from(rng.below(20_000)) + 1500);
            for k in 0..2 {
                let shot = Shot {
                    scene,
                    dx: side + rng.range(-0.01, 0.01),
                    dy: rng.range(-0.01, 0.01),
                    gain: rng.range(0.85, 1.15),
                    grain: scene * 100 + 50 + k,
                };
                let (at, ms) = (t2.with_nanosecond(0).unwrap_or(t2), (t2.nanosecond() / 1_000_000) as u16);
                let id = shots;
                shots += 1;
                plans.push(Plan {
                    rel: name(other),
                    make: Make::Original { shot, who: other, at, ms },
                    shot: id,
                    burst: Some(b),
                });
                t2 += Duration::milliseconds(400 + i64::from(rng.below(600)));
            }
        }
        // Unrelated photos in the same minute, by others.
        for u in 0..2 {
            let other = (who + 1 + u) % PEOPLE.len();
            let at = t0 + Duration::milliseconds(i64::from(rng.below(50_000)));
            let id = shots;
            shots += 1;
            let shot = Shot::new(9000 + (b * 2 + u) as u64);
            let (at, ms) = (at.with_nanosecond(0).unwrap_or(at), (at.nanosecond() / 1_000_000) as u16);
            plans.push(Plan {
                rel: name(other),
                make: Make::Original { shot, who: other, at, ms },
                shot: id,
                burst: None,
            });
        }
    }

    let paris = |who: usize| who != 4; // the Canon writes no offset (but its clock is right)
    let originals: Vec<Option<Vec<u8>>> = plans
        .par_iter()
        .map(|p| match &p.make {
            Make::Original { shot, who, at, ms } => {
                let img = natural_scene(CURATION_WIDTH, CURATION_HEIGHT, shot);
                let (_, make, model) = PEOPLE[*who];
                let exif = ExifSpec {
                    datetime_original: Some(*at),
                    subsec_ms: Some(*ms),
                    offset_time_original: paris(*who).then(|| "+02:00".to_string()),
                    gps: (*who % 2 == 0).then_some(Gps { lat: 47.4784, lon: -0.5632, alt: None }),
                    make: Some(make.to_string()),
                    model: Some(model.to_string()),
                    ..ExifSpec::default()
                };
                Some(synth::with_exif(&encode_turbo(&img, 90), &exif, CURATION_WIDTH, CURATION_HEIGHT))
            }
            _ => None,
        })
        .collect();
    plans
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let (bytes, stripped, exact_copy) = match &p.make {
                Make::Original { .. } => (originals[i].clone(), false, false),
                Make::Copy { of, edge, quality } => {
                    (originals[*of].as_deref().map(|o| messaging_copy(o, *edge, *quality)), true, false)
                }
                Make::Exact { of } => (originals[*of].clone(), false, true),
            };
            LabelledFile {
                rel_path: p.rel.clone(),
                bytes: bytes.unwrap_or_default(),
                shot: p.shot,
                burst: p.burst,
                stripped,
                exact_copy,
            }
        })
        .collect()
}
