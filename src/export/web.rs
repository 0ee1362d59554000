//! The web album: one folder that opens by double-click from `file://`.
//!
//! Browsers refuse ES modules and `fetch` on `file://`, so the album is an
//! `index.html` with its data inline as a plain script (`window.RECAP_ALBUM
//! = {…}`) and a classic `album.js` that builds the page. User strings
//! (captions, names, titles) only ever reach the DOM through `textContent`;
//! in the inline JSON, `<`, `>` and `&` are written as `\u003c`… so a
//! caption holding `</script>` cannot close the script element.

use super::Item;
use crate::album;
use crate::caption;
use crate::lang::Lang;
use crate::mission::Mission;
use crate::plan::Chapter;
use serde::Serialize;

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

/// The album's data, as `album.js` reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Album {
    pub lang: Lang,
    pub title: String,
    /// Photographers' display names as credited, in album order: the
    /// filter and the cover's credits.
    pub people: Vec<String>,
    /// The cover's dates: first to last day of the photos shown.
    pub dates: Both,
    pub chapters: Vec<AlbumChapter>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumChapter {
    /// The chapter's anchor in the page (`c1`), for the contents and the
    /// previous/next links.
    pub anchor: String,
    pub title: String,
    /// `stage` (a city where the group stayed) or `travel`.
    pub kind: crate::plan::ChapterKind,
    /// Its dates over the photos shown.
    pub dates: Both,
    pub intro: Both,
    pub days: Vec<AlbumDay>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumDay {
    /// The day's anchor (`c1-d2`).
    pub anchor: String,
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

fn both(f: impl Fn(Lang) -> String) -> Both {
    Both { fr: f(Lang::Fr), en: f(Lang::En) }
}

impl Album {
    /// The album of `items` (those `ok` says were exported): its chapters
    /// and days as the album orders them, each chapter introduced by the
    /// album's one rule ([`crate::album::intro`]) over the photos shown.
    pub fn build(
        items: &[Item],
        chapters: &[Chapter],
        mission: &Mission,
        lang: Lang,
        ok: &dyn Fn(usize) -> bool,
    ) -> Album {
        let mut people: Vec<String> = Vec::new();
        let mut out: Vec<AlbumChapter> = Vec::new();
        // Item indices of each album chapter, with its plan chapter.
        let mut shown: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, item) in items.iter().enumerate().filter(|(i, _)| ok(*i)) {
            let (cfr, cen) = pair(item, lang);
            if !cfr.photographer.is_empty() && !people.contains(&cfr.photographer) {
                people.push(cfr.photographer.clone());
            }
            if shown.last().map(|s| s.0) != Some(item.chapter) {
                shown.push((item.chapter, Vec::new()));
                let c = &chapters[item.chapter];
                out.push(AlbumChapter {
                    anchor: format!("c{}", out.len() + 1),
                    title: c.titles.get(lang).to_string(),
                    kind: c.kind,
                    dates: Both { fr: String::new(), en: String::new() },
                    intro: Both { fr: String::new(), en: String::new() },
                    days: Vec::new(),
                });
            }
            if let Some(s) = shown.last_mut() {
                s.1.push(i);
            }
            let Some(chapter) = out.last_mut() else { continue };
            let date = item.day.to_string();
            if chapter.days.last().map(|d| &d.date) != Some(&date) {
                let anchor = format!("{}-d{}", chapter.anchor, chapter.days.len() + 1);
                let heading = both(|l| caption::day_heading(item.day, l));
                chapter.days.push(AlbumDay { anchor, date: date.clone(), heading, photos: Vec::new() });
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
            let Some(day) = chapter.days.last_mut() else { continue };
            day.photos.push(AlbumPhoto {
                src: srcset.first().map(|s| s.0.clone()).unwrap_or_default(),
                full: srcset.last().map(|s| s.0.clone()).unwrap_or_default(),
                srcset,
                width: w,
                height: h,
                who: cfr.photographer.clone(),
                title: cfr.title.clone(),
                caption: Both { fr: cfr.text.clone(), en: cen.text.clone() },
                credit: Both { fr: cfr.credit_line().to_string(), en: cen.credit_line().to_string() },
            });
        }
        for (c, (ci, idx)) in out.iter_mut().zip(&shown) {
            let chapter = &chapters[*ci];
            c.intro = both(|l| album::intro(chapter, idx.iter().map(|&i| items[i].for_intro()), mission, l).0);
            let days = idx.iter().map(|&i| items[i].day);
            if let (Some(s), Some(e)) = (days.clone().min(), days.max()) {
                c.dates = both(|l| caption::date_range(s, e, l));
            }
        }
        let days = items.iter().enumerate().filter(|(i, _)| ok(*i)).map(|(_, it)| it.day);
        let dates = match (days.clone().min(), days.max()) {
            (Some(s), Some(e)) => both(|l| caption::date_range(s, e, l)),
            _ => Both { fr: String::new(), en: String::new() },
        };
        let title = if mission.name.trim().is_empty() { "Recap".to_string() } else { mission.name.clone() };
        Album { lang, title, people, dates, chapters: out }
    }
}

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
