//! Colour: every output is sRGB. Phones tag their photos Display P3 (ICC in
//! JPEG, ICC or nclx in HEIC); cameras may use Adobe RGB. Converted with
//! moxcms; transforms are cached per profile because a mission has few.

use moxcms::{ColorProfile, Layout, Transform8BitExecutor, TransformOptions};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// At most this many distinct profiles are remembered per renderer.
const CACHE: usize = 16;

#[derive(Default)]
pub(super) struct Transforms {
    /// Profile bytes' hash → transform to sRGB, or `None` when the profile
    /// is sRGB already (or unusable: the pixels are then taken as sRGB).
    cache: HashMap<u64, Option<Arc<Transform8BitExecutor>>>,
    scratch: Vec<u8>,
}

impl Transforms {
    /// Converts packed RGB pixels tagged with `icc` to sRGB in place.
    pub(super) fn convert_to_srgb(&mut self, icc: &[u8], rgb: &mut Vec<u8>) {
        let mut h = DefaultHasher::new();
        icc.hash(&mut h);
        let key = h.finish();
        if !self.cache.contains_key(&key) {
            if self.cache.len() >= CACHE {
                self.cache.clear();
            }
            self.cache.insert(key, transform(icc));
        }
        let Some(Some(t)) = self.cache.get(&key) else {
            return;
        };
        self.scratch.clear();
        self.scratch.resize(rgb.len(), 0);
        if t.transform(rgb, &mut self.scratch).is_ok() {
            std::mem::swap(rgb, &mut self.scratch);
        }
    }
}

fn transform(icc: &[u8]) -> Option<Arc<Transform8BitExecutor>> {
    let src = ColorProfile::new_from_slice(icc).ok()?;
    let srgb = ColorProfile::new_srgb();
    if is_srgb(&src, &srgb) {
        return None;
    }
    // Perceptual intent: a saturated P3 red lands on sRGB's red instead of
    // clipping to a flat patch.
    let opts = TransformOptions::default();
    src.create_transform_8bit(Layout::Rgb, &srgb, Layout::Rgb, opts).ok()
}

/// Profiles that only restate sRGB (most Android phones, most cameras):
/// the same primaries within rounding. Their curves are sRGB's or close
/// enough that converting would only cost time.
fn is_srgb(p: &ColorProfile, srgb: &ColorProfile) -> bool {
    let close = |a: &moxcms::Xyzd, b: &moxcms::Xyzd| (a.x - b.x).abs() + (a.y - b.y).abs() + (a.z - b.z).abs() < 0.003;
    p.lut_a_to_b_perceptual.is_none()
        && close(&p.red_colorant, &srgb.red_colorant)
        && close(&p.green_colorant, &srgb.green_colorant)
        && close(&p.blue_colorant, &srgb.blue_colorant)
}

/// An ICC profile for HEIC's nclx colour description (ITU-T H.273 colour
/// primaries): Display P3 (12) and BT.2020 (9) need converting; BT.709 and
/// unspecified are sRGB's primaries.
pub(super) fn nclx_icc(primaries: u32) -> Option<Vec<u8>> {
    let profile = match primaries {
        12 => ColorProfile::new_display_p3(),
        9 => ColorProfile::new_bt2020(),
        _ => return None,
    };
    profile.encode().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_profiles_are_left_alone_and_p3_is_converted() {
        let srgb = ColorProfile::new_srgb().encode().expect("encode sRGB");
        assert!(transform(&srgb).is_none());
        let p3 = nclx_icc(12).expect("P3 profile");
        let t = transform(&p3).expect("P3 needs a transform");
        // P3's pure red is outside sRGB: it maps to (nearly) sRGB's pure red.
        let mut out = [0u8; 3];
        t.transform(&[255, 0, 0], &mut out).expect("transform");
        assert!(out[0] >= 250 && out[1] <= 20 && out[2] <= 20, "{out:?}");
        // A mid grey stays grey.
        t.transform(&[128, 128, 128], &mut out).expect("transform");
        assert!(out.iter().all(|&c| (c as i32 - 128).abs() <= 2), "{out:?}");
    }
}
