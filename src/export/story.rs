//! The story export (`recap export --preset story`): the trip told day by
//! day as one page that opens from the folder offline (`index.html`, which is
//! also a paginated A4 photo book through the browser's "print to PDF"),
//! the same story in Markdown for a blog (`story.md`) and a post to paste on
//! Facebook (`post.txt`), beside the story's photos in `photos/`.
//!
//! The page has no script and asks for nothing outside its folder: its
//! style is inline, the route is inline SVG drawn here from the embedded
//! country outlines, the photos are relative links, and a
//! Content-Security-Policy forbids anything else (a script slipped into a
//! caption could not run even if it were not escaped, and it is). Every
//! user string goes through [`html_escape`] or [`md_escape`].

mod route;

use super::web::html_escape;
use super::{tags_for, Item, Job, Make};
use crate::album::{Album, AlbumPhoto};
use crate::caption;
use crate::lang::Lang;
use crate::render::{Fit, Spec};
use crate::story::{Story, StoryPhoto, StoryText};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const STORY_CSS: &str = include_str!("story/story.css");
/// Long edge of a day's photos: sharp on a laptop, a phone and an A4 page.
pub const PHOTO_EDGE: u32 = 1600;
/// The cover is shown full width.
pub const COVER_EDGE: u32 = 2048;
/// The cover photo's file, relative to the export folder.
pub const COVER_FILE: &str = "photos/cover.jpg";

/// `photos/img-0001-3f2a9c.jpg`: named after the photo itself (its mission
/// key), not its place in the story, so reordering a day or moving the cover
/// renames nothing and a rerun renders nothing again. Only `[a-z0-9-]`: the
/// name goes into Markdown links and URLs as it is.
pub fn photo_file(p: &StoryPhoto) -> String {
    let stem = p.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut clean: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).take(40).collect();
    clean = clean.trim_matches('-').to_string();
    if clean.is_empty() {
        clean.push_str("photo");
    }
    // FNV-1a of the key: stable across Rust versions and runs.
    let h = p.key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("photos/{clean}-{:08x}.jpg", h as u32)
}

/// The export's items and jobs: each story photo once at [`PHOTO_EDGE`],
/// then the cover at [`COVER_EDGE`]. A story photo that is not a scanned
/// photo of the album (it cannot be rendered) is left out.
pub(super) fn plan<'a>(album: &Album<'a>, story: &Story, keep_gps: bool) -> (Vec<Item<'a>>, Vec<Job>) {
    let by_path: HashMap<&Path, &AlbumPhoto<'a>> = album.photos().map(|p| (p.path(), p)).collect();
    let mut items = Vec::new();
    let mut jobs = Vec::new();
    let mut seen = HashSet::new();
    let days = story.chapters.iter().flat_map(|c| &c.days).flat_map(|d| &d.photos);
    let wanted = days
        .map(|p| (p, photo_file(p), PHOTO_EDGE))
        .chain(story.cover.iter().map(|p| (p, COVER_FILE.to_string(), COVER_EDGE)));
    for (sp, rel, edge) in wanted {
        let Some(ap) = by_path.get(sp.path.as_path()) else { continue };
        let Some(meta) = ap.meta else { continue };
        if !seen.insert(rel.clone()) {
            continue;
        }
        let item = Item {
            chapter: ap.chapter,
            day: ap.day,
            moment: ap.moment,
            photo: ap.planned,
            meta,
            caption: ap.caption.clone(),
            caption_other: ap.caption_other.clone(),
        };
        jobs.push(Job {
            item: items.len(),
            rel: PathBuf::from(rel),
            make: Make::Render(Spec { fit: Fit::LongEdge(edge), quality: 85 }),
            tags: tags_for(&item, keep_gps, false),
        });
        items.push(item);
    }
    (items, jobs)
}

/// The text files, from the story with only the photos `ok` says were
/// written (a photo that failed to render is not shown broken).
pub(super) fn files(story: &Story, ok: &dyn Fn(&Path) -> bool) -> Vec<(PathBuf, String)> {
    let mut story = story.clone();
    for day in story.chapters.iter_mut().flat_map(|c| &mut c.days) {
        day.photos.retain(|p| ok(&p.path));
    }
    if story.cover.as_ref().is_some_and(|c| !ok(&c.path)) {
        story.cover = None;
    }
    vec![
        (PathBuf::from("index.html"), index_html(&story)),
        (PathBuf::from("story.md"), markdown(&story)),
        (PathBuf::from("post.txt"), post(&story)),
    ]
}

/// The words of the page around the user's.
struct Words {
    html_lang: &'static str,
    route: &'static str,
    highlights: &'static str,
    credits: &'static str,
    people: &'static str,
    photos: fn(usize) -> String,
    photographers: fn(usize) -> String,
    participants: fn(usize) -> String,
    nights: fn(u32) -> String,
    /// " : " in French (with its non-breaking space), ": " in English.
    colon: &'static str,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n}\u{a0}{}", if n > 1 { many } else { one })
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Fr => Words {
            html_lang: "fr-CA",
            route: "Itinéraire",
            highlights: "Temps forts",
            credits: "Photos",
            people: "Étaient du voyage",
            photos: |n| plural(n, "photo", "photos"),
            photographers: |n| plural(n, "photographe", "photographes"),
            participants: |n| plural(n, "participant", "participants"),
            nights: |n| plural(n as usize, "nuit", "nuits"),
            colon: "\u{a0}: ",
        },
        Lang::En => Words {
            html_lang: "en",
            route: "Route",
            highlights: "Highlights",
            credits: "Photos",
            people: "Who was there",
            photos: |n| plural(n, "photo", "photos"),
            photographers: |n| plural(n, "photographer", "photographers"),
            participants: |n| plural(n, "participant", "participants"),
            nights: |n| plural(n as usize, "night", "nights"),
            colon: ": ",
        },
    }
}

/// "24 photos de 5 photographes" / "24 photos by 5 photographers".
fn day_facts(lang: Lang, photos: usize, photographers: usize) -> String {
    let w = words(lang);
    let by = match lang {
        Lang::Fr => "de",
        Lang::En => "by",
    };
    format!("{} {by} {}", (w.photos)(photos), (w.photographers)(photographers))
}

/// The stops in order: "Angers → Nantes".
fn route_line(story: &Story) -> String {
    story.route.iter().map(|s| s.name.as_str()).filter(|n| !n.trim().is_empty()).collect::<Vec<_>>().join(" → ")
}

/// The credit printed under a photo, unless its caption names the
/// photographer already (the album's rule: never credited twice).
fn photo_credit(p: &StoryPhoto, lang: Lang) -> String {
    let name = p.credit.trim();
    if name.is_empty() || p.caption.to_lowercase().contains(&name.to_lowercase()) {
        String::new()
    } else {
        caption::credit(name, lang)
    }
}

/// A user's text as paragraphs: blank lines part them, a single line break stays one.
fn html_paragraphs(class: &str, text: &StoryText) -> String {
    let paras: Vec<String> = text
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.lines().map(html_escape).collect::<Vec<_>>().join("<br>")))
        .collect();
    if paras.is_empty() {
        return String::new();
    }
    let draft = if text.draft { " draft" } else { "" };
    format!("<div class=\"{class}{draft}\">{}</div>\n", paras.concat())
}

fn html_figure(out: &mut String, class: &str, src: &str, p: &StoryPhoto, lang: Lang, eager: bool) {
    let size = if p.width > 0 && p.height > 0 {
        format!(" width=\"{}\" height=\"{}\"", p.width, p.height)
    } else {
        String::new()
    };
    let loading = if eager { "" } else { " loading=\"lazy\"" };
    let credit = photo_credit(p, lang);
    let _ = write!(
        out,
        "<figure class=\"{class}\"><img src=\"{}\" alt=\"{}\"{size}{loading} decoding=\"async\">",
        html_escape(src),
        html_escape(&p.caption)
    );
    if !p.caption.trim().is_empty() || !credit.is_empty() {
        out.push_str("<figcaption>");
        if !p.caption.trim().is_empty() {
            let _ = write!(out, "<span class=\"caption\">{}</span>", html_escape(&p.caption));
        }
        if !credit.is_empty() {
            let _ = write!(out, " <span class=\"credit\">{}</span>", html_escape(&credit));
        }
        out.push_str("</figcaption>");
    }
    out.push_str("</figure>\n");
}

/// The story as one page: no script, and nothing from outside its folder.
pub fn index_html(story: &Story) -> String {
    let lang = story.lang;
    let w = words(lang);
    let mut h = String::with_capacity(64 << 10);
    let title = html_escape(&story.title.text);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"Recap\">\n<title>{title}</title>\n<style>\n{STORY_CSS}</style>\n</head>\n<body>\n",
        w.html_lang
    );

    // The cover: a page of its own in print.
    h.push_str("<header class=\"cover\" id=\"cover\">\n");
    let _ = writeln!(h, "<h1 class=\"title\">{title}</h1>");
    if !story.dates.is_empty() {
        let _ = writeln!(h, "<p class=\"dates\">{}</p>", html_escape(&story.dates));
    }
    if let Some(cover) = &story.cover {
        html_figure(&mut h, "cover-photo", COVER_FILE, cover, lang, true);
    }
    let line = route_line(story);
    if let Some(svg) = route::svg(&story.route, 800.0, 560.0, &format!("{}{}{line}", w.route, w.colon)) {
        let _ = writeln!(h, "<figure class=\"route\">{svg}<figcaption>{}</figcaption></figure>", html_escape(&line));
    }
    let mut facts = vec![(w.photos)(story.photo_count)];
    if !story.people.is_empty() {
        facts.push((w.participants)(story.people.len()));
    }
    let _ = writeln!(h, "<p class=\"facts\">{}</p>", html_escape(&facts.join(" · ")));
    h.push_str("</header>\n");

    h.push_str("<main>\n");
    if !story.intro.text.trim().is_empty() {
        let _ =
            write!(h, "<section class=\"intro\" id=\"intro\">\n{}</section>\n", html_paragraphs("text", &story.intro));
    }
    for (ci, c) in story.chapters.iter().enumerate() {
        let _ =
            writeln!(h, "<section class=\"chapter\" id=\"chapter-{}\" data-kind=\"{}\">", ci + 1, html_escape(&c.kind));
        let nights = story.route.iter().find(|s| s.chapter == c.id).map(|s| s.nights).filter(|n| *n > 0);
        let _ = write!(h, "<h2>{}", html_escape(&c.title));
        if let Some(n) = nights {
            let _ = write!(h, " <span class=\"nights\">{}</span>", html_escape(&(w.nights)(n)));
        }
        h.push_str("</h2>\n");
        h.push_str(&html_paragraphs("text", &c.text));
        for d in &c.days {
            let _ = writeln!(h, "<section class=\"day\" id=\"day-{}\" data-date=\"{}\">", d.date, d.date);
            let _ = writeln!(h, "<h3>{}</h3>", html_escape(&d.heading));
            let _ =
                writeln!(h, "<p class=\"facts\">{}</p>", html_escape(&day_facts(lang, d.photo_count, d.photographers)));
            h.push_str(&html_paragraphs("text", &d.text));
            if !d.photos.is_empty() {
                let _ = writeln!(h, "<div class=\"photos\" data-count=\"{}\">", d.photos.len().min(4));
                for p in &d.photos {
                    html_figure(&mut h, "photo", &photo_file(p), p, lang, false);
                }
                h.push_str("</div>\n");
            }
            h.push_str("</section>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n<footer class=\"end\">\n");
    if !story.highlights.is_empty() {
        let _ = writeln!(h, "<section class=\"highlights\"><h2>{}</h2><ul>", w.highlights);
        for hl in &story.highlights {
            let _ = writeln!(h, "<li>{}</li>", html_escape(hl));
        }
        h.push_str("</ul></section>\n");
    }
    if !story.closing.text.trim().is_empty() {
        let _ = write!(h, "<section class=\"closing\">\n{}</section>\n", html_paragraphs("text", &story.closing));
    }
    h.push_str("<section class=\"credits\">\n");
    if !story.credits.is_empty() {
        let _ = writeln!(h, "<h2>{}</h2><ul class=\"photographers\">", w.credits);
        for c in &story.credits {
            let _ = writeln!(
                h,
                "<li><span class=\"name\">{}</span> <span class=\"count\">{}</span></li>",
                html_escape(&c.name),
                html_escape(&(w.photos)(c.photos))
            );
        }
        h.push_str("</ul>\n");
    }
    if !story.people.is_empty() {
        let people: Vec<String> = story.people.iter().map(|p| html_escape(p)).collect();
        let _ = writeln!(h, "<h2>{}</h2><p class=\"people\">{}</p>", w.people, people.join(", "));
    }
    h.push_str("</section>\n</footer>\n</body>\n</html>\n");
    h
}

/// Text that Markdown shows as written: every character that could open a
/// structure (emphasis, links, images, code, HTML, entities) is
/// backslash-escaped, and a line that would start a heading, a quote, a
/// list or a rule begins with an escape.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_end();
        let body = line.trim_start();
        let lead = &line[..line.len() - body.len()];
        // Four spaces would make a code block.
        out.push_str(if lead.len() >= 4 { "" } else { lead });
        let ordered = body.find(['.', ')']).is_some_and(|k| k > 0 && body[..k].bytes().all(|b| b.is_ascii_digit()));
        if ordered {
            let k = body.find(['.', ')']).unwrap_or(0);
            out.push_str(&body[..k]);
            out.push('\\');
            out.push_str(&inline_escape(&body[k..]));
            continue;
        }
        if body.starts_with(['#', '>', '-', '+', '=', '~']) {
            out.push('\\');
        }
        out.push_str(&inline_escape(body));
    }
    out
}

fn inline_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A text on one line (image descriptions, list items).
fn md_line(s: &str) -> String {
    md_escape(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn md_text(out: &mut String, text: &StoryText) {
    let paras: Vec<String> = text
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| md_escape(p).replace('\n', "  \n"))
        .collect();
    for p in paras {
        out.push_str(&p);
        out.push_str("\n\n");
    }
}

fn md_photo(out: &mut String, src: &str, p: &StoryPhoto, lang: Lang) {
    let _ = writeln!(out, "![{}]({src})", md_line(&p.caption));
    let credit = photo_credit(p, lang);
    let line: Vec<String> = [md_line(&p.caption), md_line(&credit)].into_iter().filter(|s| !s.is_empty()).collect();
    if !line.is_empty() {
        let _ = writeln!(out, "*{}*", line.join(" — "));
    }
    out.push('\n');
}

/// The story in Markdown: `#` title, `##` chapters, `###` days, the
/// photos linked beside it.
pub fn markdown(story: &Story) -> String {
    let lang = story.lang;
    let w = words(lang);
    let mut m = String::with_capacity(16 << 10);
    let _ = writeln!(m, "# {}\n", md_line(&story.title.text));
    if !story.dates.is_empty() {
        let _ = writeln!(m, "*{}*\n", md_line(&story.dates));
    }
    if let Some(cover) = &story.cover {
        md_photo(&mut m, COVER_FILE, cover, lang);
    }
    let line = route_line(story);
    if !line.is_empty() {
        let _ = writeln!(m, "**{}**{}{}\n", w.route, w.colon, md_line(&line));
    }
    md_text(&mut m, &story.intro);
    for c in &story.chapters {
        let _ = writeln!(m, "## {}\n", md_line(&c.title));
        md_text(&mut m, &c.text);
        for d in &c.days {
            let _ = writeln!(m, "### {}\n", md_line(&d.heading));
            let _ = writeln!(m, "*{}*\n", md_line(&day_facts(lang, d.photo_count, d.photographers)));
            md_text(&mut m, &d.text);
            for p in &d.photos {
                md_photo(&mut m, &photo_file(p), p, lang);
            }
        }
    }
    if !story.highlights.is_empty() {
        let _ = writeln!(m, "## {}\n", w.highlights);
        for hl in &story.highlights {
            let _ = writeln!(m, "- {}", md_line(hl));
        }
        m.push('\n');
    }
    md_text(&mut m, &story.closing);
    if !story.credits.is_empty() {
        let _ = writeln!(m, "## {}\n", w.credits);
        for c in &story.credits {
            let _ = writeln!(m, "- {} ({})", md_line(&c.name), (w.photos)(c.photos));
        }
        m.push('\n');
    }
    if !story.people.is_empty() {
        let people: Vec<String> = story.people.iter().map(|p| md_line(p)).collect();
        let _ = writeln!(m, "**{}**{}{}", w.people, w.colon, people.join(", "));
    }
    m
}

/// A Facebook post, plain text to paste above the album: the title, a few
/// lines of facts, the introduction, the highlights and the credits.
pub fn post(story: &Story) -> String {
    let lang = story.lang;
    let w = words(lang);
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut p = String::new();
    let _ = writeln!(p, "{}", one_line(&story.title.text));
    let mut first = Vec::new();
    if !story.dates.is_empty() {
        first.push(story.dates.clone());
    }
    let line = route_line(story);
    if !line.is_empty() {
        first.push(line);
    }
    if !first.is_empty() {
        let _ = writeln!(p, "{}", one_line(&first.join(" · ")));
    }
    let mut facts = Vec::new();
    if !story.people.is_empty() {
        facts.push((w.participants)(story.people.len()));
    }
    facts.push((w.photos)(story.photo_count));
    if !story.credits.is_empty() {
        facts.push((w.photographers)(story.credits.len()));
    }
    let _ = writeln!(p, "{}", facts.join(" · "));
    let intro = story.intro.text.trim();
    if !intro.is_empty() {
        let _ = write!(p, "\n{intro}\n");
    }
    if !story.highlights.is_empty() {
        let _ = write!(p, "\n{}{}\n", w.highlights, w.colon.trim_end());
        for hl in &story.highlights {
            let _ = writeln!(p, "• {}", one_line(hl));
        }
    }
    let closing = story.closing.text.trim();
    if !closing.is_empty() {
        let _ = write!(p, "\n{closing}\n");
    }
    if !story.credits.is_empty() {
        let names: Vec<String> =
            story.credits.iter().map(|c| format!("{} ({})", one_line(&c.name), c.photos)).collect();
        let _ = write!(p, "\n{}{}{}\n", w.credits, w.colon, names.join(", "));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_user_text_as_text() {
        assert_eq!(md_escape("a ](http://x) *b* <i>"), "a \\](http://x) \\*b\\* \\<i\\>");
        assert_eq!(
            md_escape("# pas un titre\n- pas une liste\n2017. pas un numéro"),
            "\\# pas un titre\n\\- pas une liste\n2017\\. pas un numéro"
        );
        assert_eq!(md_escape("Soirée karaoké à l’Hôtel"), "Soirée karaoké à l’Hôtel");
        assert_eq!(md_escape("        code?"), "code?");
    }

    #[test]
    fn photo_files_are_plain_names_named_after_the_photo() {
        let photo = |key: &str, path: &str| StoryPhoto {
            id: 0,
            key: key.into(),
            path: PathBuf::from(path),
            caption: String::new(),
            credit: String::new(),
            width: 0,
            height: 0,
        };
        let a = photo_file(&photo("1:IMG_0001.JPG", "/t/Zoé/IMG_0001.JPG"));
        assert!(a.starts_with("photos/img-0001-") && a.ends_with(".jpg"), "{a}");
        let b = photo_file(&photo("2:IMG_0001.JPG", "/t/Léa/IMG_0001.JPG"));
        assert_ne!(a, b, "two participants' IMG_0001 are two files");
        let odd = photo_file(&photo("1:](x).jpg", "/t/](x) \"é\".jpg"));
        assert!(odd[7..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), "{odd}");
    }
}
