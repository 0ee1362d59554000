//! The web album: one folder that opens by double-click from `file://`.
//!
//! Browsers refuse ES modules and `fetch` on `file://`, so the album is an
//! `index.html` with its data inline as a plain script (`window.RECAP_ALBUM
//! = {…}`) and a classic `album.js` that builds the page. User strings
//! (captions, names, titles) only ever reach the DOM through `textContent`;
//! in the inline JSON, `<`, `>` and `&` are written as `\u003c`… so a
//! caption holding `</script>` cannot close the script element.

use super::Item;
use crate::caption;
use crate::lang::Lang;
use crate::mission::Mission;
use crate::plan::Chapter;
use serde::Serialize;
use std::collections::BTreeMap;

pub const ALBUM_JS: &str = include_str!("web/album.js");
pub const ALBUM_CSS: &str = include_str!("web/album.css");

/// `0007-1080.jpg`: the `index`th photo of the album at that long edge.
pub fn photo_file(index: usize, edge: u32) -> String {
    format!("{:04}-{edge}.jpg", index + 1)
}

/// A text in both languages.
#[derive(Debug, Clone, Serialize)]
pub struct Both {
    pub fr: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Album {
    pub lang: Lang,
    pub title: String,
    /// Photographers' display names, for the filter.
    pub people: Vec<String>,
    pub chapters: Vec<AlbumChapter>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumChapter {
    pub title: String,
    pub intro: Both,
    pub days: Vec<AlbumDay>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumDay {
    pub date: String,
    pub heading: Both,
    pub photos: Vec<AlbumPhoto>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumPhoto {
    /// The smallest file, for `src`.
    pub src: String,
    /// The largest, for the lightbox.
    pub full: String,
    /// `(file, width)` pairs for `srcset`.
    pub srcset: Vec<(String, u32)>,
    pub width: u32,
    pub height: u32,
    pub who: String,
    pub title: String,
    pub caption: Both,
    pub credit: Both,
}

impl Album {
    /// The album of `items` (those `ok` says were exported).
    pub fn build(
        items: &[Item],
        chapters: &[Chapter],
        mission: &Mission,
        lang: Lang,
        ok: &dyn Fn(usize) -> bool,
    ) -> Album {
        let mut people: Vec<String> = Vec::new();
        let mut out: Vec<AlbumChapter> = Vec::new();
        let mut last_chapter = usize::MAX;
        // The plan's chapter of each album chapter, for the user's introductions.
        let mut chapter_of: Vec<usize> = Vec::new();
        for (i, item) in items.iter().enumerate().filter(|(i, _)| ok(*i)) {
            let (cfr, cen) = pair(item, lang);
            if !cfr.photographer.is_empty() && !people.contains(&cfr.photographer) {
                people.push(cfr.photographer.clone());
            }
            if item.chapter != last_chapter {
                last_chapter = item.chapter;
                chapter_of.push(item.chapter);
                let c = &chapters[item.chapter];
                out.push(AlbumChapter {
                    title: c.title.clone(),
                    intro: Both { fr: String::new(), en: String::new() },
                    days: Vec::new(),
                });
            }
            let chapter = out.last_mut().expect("a chapter was just pushed");
            let date = item.day.to_string();
            if chapter.days.last().map(|d| &d.date) != Some(&date) {
                chapter.days.push(AlbumDay {
                    date: date.clone(),
                    heading: Both {
                        fr: caption::day_heading(item.day, Lang::Fr),
                        en: caption::day_heading(item.day, Lang::En),
                    },
                    photos: Vec::new(),
                });
            }
            let (w, h) = upright_size(item);
            let mut srcset: Vec<(String, u32)> = Vec::new();
            for edge in super::WEB_EDGES {
                let scale = f64::from(edge.min(w.max(h))) / f64::from(w.max(h).max(1));
                let width = (f64::from(w) * scale).round() as u32;
                // A photo smaller than an edge is not enlarged: same width, one entry.
                if srcset.last().map(|s| s.1) != Some(width) {
                    srcset.push((format!("photos/{}", photo_file(i, edge)), width));
                }
            }
            chapter.days.last_mut().expect("a day was just pushed").photos.push(AlbumPhoto {
                src: srcset.first().map(|s| s.0.clone()).unwrap_or_default(),
                full: srcset.last().map(|s| s.0.clone()).unwrap_or_default(),
                srcset,
                width: w,
                height: h,
                who: cfr.photographer.clone(),
                title: cfr.title.clone(),
                caption: Both { fr: cfr.text.clone(), en: cen.text.clone() },
                credit: Both { fr: cfr.credit.clone(), en: cen.credit.clone() },
            });
        }
        // Chapter introductions over the photos actually shown.
        let mut by_title: BTreeMap<usize, IntroParts> = BTreeMap::new();
        let mut k = 0;
        let mut last = usize::MAX;
        for item in items.iter().enumerate().filter(|(i, _)| ok(*i)).map(|(_, it)| it) {
            if item.chapter != last {
                if last != usize::MAX {
                    k += 1;
                }
                last = item.chapter;
            }
            let e = by_title.entry(k).or_default();
            if let Some(m) = item.moment {
                e.0.push(m.to_string());
            }
            e.1.push(item.caption.photographer.clone());
            e.2.push(item.day);
        }
        for (k, (moments, who, days)) in by_title {
            let Some(c) = out.get_mut(k) else { continue };
            let (start, end) = (days.iter().min().copied(), days.iter().max().copied());
            if let (Some(s), Some(e)) = (start, end) {
                let edited = chapter_of.get(k).and_then(|&ci| mission.intros.get(&chapters[ci].id));
                let intro = |l: Lang| match edited.and_then(|t| t.get(l)) {
                    Some(text) => text.to_string(),
                    None => caption::chapter_intro(&c.title, s, e, &moments, &who, l),
                };
                c.intro = Both { fr: intro(Lang::Fr), en: intro(Lang::En) };
            }
        }
        let title = if mission.name.trim().is_empty() { "Recap".to_string() } else { mission.name.clone() };
        Album { lang, title, people, chapters: out }
    }
}

/// A chapter's moments, photographers and days, for its introduction.
type IntroParts = (Vec<String>, Vec<String>, Vec<chrono::NaiveDate>);

fn pair(item: &Item, lang: Lang) -> (caption::Caption, caption::Caption) {
    match lang {
        Lang::Fr => (item.caption.clone(), item.caption_other.clone()),
        Lang::En => (item.caption_other.clone(), item.caption.clone()),
    }
}

/// The photo's size once upright (orientations 5–8 swap the sides).
fn upright_size(item: &Item) -> (u32, u32) {
    let (w, h) = (item.meta.width.unwrap_or(4), item.meta.height.unwrap_or(3));
    match item.meta.orientation {
        Some(5..=8) => (h, w),
        _ => (w, h),
    }
}

/// JSON that can sit inside `<script>`: no `<`, `>` or `&` that the HTML
/// parser could read as the end of the element, and no U+2028/2029, which
/// older JavaScript engines took for line ends inside strings.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text safe in HTML element content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn index_html(album: &Album) -> String {
    let lang = match album.lang {
        Lang::Fr => "fr-CA",
        Lang::En => "en",
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Recap\">\n<title>{title}</title>\n\
         <link rel=\"stylesheet\" href=\"album.css\">\n</head>\n<body>\n\
         <header>\n<h1 id=\"title\">{title}</h1>\n<div class=\"controls\">\n\
         <label for=\"who\" id=\"who-label\"></label>\n<select id=\"who\"></select>\n\
         <button type=\"button\" id=\"lang\"></button>\n</div>\n</header>\n\
         <main id=\"album\"></main>\n\
         <div id=\"lightbox\" role=\"dialog\" aria-modal=\"true\" hidden>\n\
         <button type=\"button\" id=\"lb-close\" aria-label=\"Fermer\">×</button>\n\
         <button type=\"button\" id=\"lb-prev\" aria-label=\"Précédente\">‹</button>\n\
         <figure><img id=\"lb-img\" alt=\"\"><figcaption><span id=\"lb-caption\"></span> \
         <span id=\"lb-credit\" class=\"credit\"></span></figcaption></figure>\n\
         <button type=\"button\" id=\"lb-next\" aria-label=\"Suivante\">›</button>\n</div>\n\
         <noscript>Cet album a besoin de JavaScript. This album needs JavaScript.</noscript>\n\
         <script>window.RECAP_ALBUM = {data};</script>\n\
         <script src=\"album.js\"></script>\n</body>\n</html>\n",
        title = html_escape(&album.title),
        data = script_json(album),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_json_cannot_close_the_script() {
        let s = script_json(&serde_json::json!({"caption": "</script><script>alert(1)</script> & l’été\u{2028}"}));
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back["caption"], "</script><script>alert(1)</script> & l’été\u{2028}");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(html_escape("<b>\"Tom & Jerry's\"</b>"), "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;");
    }

    #[test]
    fn photo_files_sort_in_album_order() {
        assert_eq!(photo_file(0, 480), "0001-480.jpg");
        assert!(photo_file(9, 480) < photo_file(10, 480));
    }
}
