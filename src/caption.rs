//! Captions: what each exported photo says, in French (fr-CA, the default)
//! or English, and the chapter introductions of an album's description.
//!
//! A caption has a title (the moment, else the chapter), a text built from a
//! [`Template`] (moment, place, date) and a credit ("Photo : Étienne L.").
//! A caption the user edited (`Mission::captions`, keyed by the photo's path
//! as scanned once the mission is resolved, see [`crate::identity`]) replaces the template's text and is never regenerated; the
//! credit stays separate, so crediting the photographer survives any edit.
//!
//! Pure functions over plan values: nothing here touches the disk.

use crate::lang::Lang;
use crate::mission::Mission;
use crate::plan::{Chapter, Moment, PlannedPhoto};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::path::Path;

/// French typography puts a non-breaking space before a colon; a plain one
/// would let the colon wrap alone onto the next line.
pub const NBSP: char = '\u{a0}';

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "1er" for the first of the month, as French writes it; the number otherwise.
fn day_fr(d: u32) -> String {
    if d == 1 {
        "1er".to_string()
    } else {
        d.to_string()
    }
}

fn month(date: NaiveDate, lang: Lang) -> &'static str {
    let i = date.month0() as usize;
    match lang {
        Lang::Fr => MONTHS_FR[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// A date as a Québécois reads it in a caption: "le 5 juin 2017",
/// "le 1er juin 2017"; in English "June 5, 2017".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("le {} {} {}", day_fr(date.day()), month(date, lang), date.year()),
        Lang::En => format!("{} {}, {}", month(date, lang), date.day(), date.year()),
    }
}

/// A day's heading in the web album: "lundi 5 juin 2017", "Monday, June 5, 2017".
pub fn day_heading(date: NaiveDate, lang: Lang) -> String {
    const DAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    const DAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let wd = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Fr => format!("{} {} {} {}", DAYS_FR[wd], day_fr(date.day()), month(date, lang), date.year()),
        Lang::En => format!("{}, {}", DAYS_EN[wd], long_date(date, lang)),
    }
}

/// A span of days: "du 4 au 7 juin 2017", "du 30 mai au 2 juin 2017",
/// "le 4 juin 2017"; "June 4–7, 2017", "May 30 – June 2, 2017".
pub fn date_range(start: NaiveDate, end: NaiveDate, lang: Lang) -> String {
    let (start, end) = if end < start { (end, start) } else { (start, end) };
    if start == end {
        return long_date(start, lang);
    }
    let same_year = start.year() == end.year();
    let same_month = same_year && start.month() == end.month();
    match lang {
        Lang::Fr => {
            let from = match (same_month, same_year) {
                (true, _) => day_fr(start.day()),
                (false, true) => format!("{} {}", day_fr(start.day()), month(start, lang)),
                (false, false) => format!("{} {} {}", day_fr(start.day()), month(start, lang), start.year()),
            };
            format!("du {from} au {} {} {}", day_fr(end.day()), month(end, lang), end.year())
        }
        Lang::En => match (same_month, same_year) {
            (true, _) => format!("{} {}–{}, {}", month(start, lang), start.day(), end.day(), end.year()),
            (false, true) => {
                format!("{} {} – {} {}, {}", month(start, lang), start.day(), month(end, lang), end.day(), end.year())
            }
            (false, false) => format!("{} – {}", long_date(start, lang), long_date(end, lang)),
        },
    }
}

/// A display name as it is printed in a credit: a trailing initial gets its
/// period ("Étienne L" → "Étienne L."), since participant folders are
/// usually named "first name + initial" without one.
pub fn credit_name(display: &str) -> String {
    let name = display.trim();
    let last = name.rsplit(char::is_whitespace).next().unwrap_or("");
    let mut chars = last.chars();
    let is_initial = name.contains(char::is_whitespace)
        && matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    if is_initial {
        format!("{name}.")
    } else {
        name.to_string()
    }
}

/// "Photo : Étienne L." (with a non-breaking space) or "Photo: Étienne L.".
pub fn credit(display: &str, lang: Lang) -> String {
    let name = credit_name(display);
    match lang {
        Lang::Fr => format!("Photo{NBSP}: {name}"),
        Lang::En => format!("Photo: {name}"),
    }
}

/// The values a template can name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    /// The chapter's title ("Angers").
    pub chapter: String,
    /// The moment's name, from the agenda ("Visite de la Cité de l'objet connecté").
    pub moment: Option<String>,
    /// Venue and city ("WeForge, Angers") or the city alone.
    pub place: Option<String>,
    /// The trip day (so the karaoke photo at 00:40 is dated the evening before).
    pub date: NaiveDate,
    /// The photographer's display name.
    pub photographer: String,
}

/// The `{names}` a [`Template`] fills: what an edit may use, what the app
/// offers, what [`Template::render`] knows.
pub const TEMPLATE_FIELDS: [&str; 7] = ["moment", "place", "venue", "city", "date", "chapter", "photographer"];

/// A caption template: `{chapter}`, `{moment}`, `{place}`, `{venue}`,
/// `{city}`, `{date}` and `{photographer}` in free text.
///
/// The punctuation rule: a field owns the text written just before it,
/// back to the previous field or to the last separator (", ", " — ",
/// " – ", "; ", " | ", " · ", " / ") in that text, whichever is nearer. An
/// empty field takes that text with it, so "{chapter} : {moment}" without
/// a moment reads "Angers", "{place} — Photo : {photographer}" without a
/// name reads "Angers", and "{moment} ({city})" without a city loses its
/// brackets too. Text before a separator belongs to no field and stays
/// ("Délégation 2017, {moment}"). The result never starts or ends with a
/// separator. Parts of the place the caption already says are not repeated
/// ("Visite à Rezé, Rezé" reads "Visite à Rezé"), nor is a chapter its
/// moment names ("{chapter} : {moment}" reads "Soirée à Kyoto").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(pub String);

/// What separates the parts of a caption; see [`Template`].
const SEPARATORS: [&str; 7] = [", ", " — ", " – ", "; ", " | ", " · ", " / "];
/// Characters a caption never starts or ends with.
const DANGLING: &[char] = &[' ', NBSP, ',', ';', ':', '—', '–', '|', '·', '/'];

/// `text` split into what stays whatever follows and what belongs to the
/// field after it (see [`Template`]).
fn owned_tail(text: &str) -> (&str, &str) {
    let cut = SEPARATORS.iter().filter_map(|s| text.rfind(s)).max();
    match cut {
        Some(i) => text.split_at(i),
        None => ("", text),
    }
}

fn closing(open: char) -> Option<char> {
    match open {
        '(' => Some(')'),
        '[' => Some(']'),
        '«' => Some('»'),
        '“' => Some('”'),
        '"' => Some('"'),
        _ => None,
    }
}

impl Template {
    /// `{moment}, {place}, {date}`: the chapter stands in when a photo has
    /// neither moment nor place.
    pub fn default_for(_lang: Lang) -> Template {
        Template("{moment}, {place}, {date}".to_string())
    }

    pub fn render(&self, f: &Fields, lang: Lang) -> String {
        let (venue, city) = match f.place.as_deref().and_then(|p| p.rsplit_once(", ")) {
            Some((v, c)) => (Some(v.to_string()), Some(c.to_string())),
            None => (None, f.place.clone()),
        };
        let said = |out: &str, atom: &str| out.to_lowercase().contains(&atom.to_lowercase());
        let mut out = String::new();
        let mut rest = self.0.as_str();
        // An empty field's opening bracket was dropped: so is its closing one.
        let mut unclosed: Option<char> = None;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            let mut before = &rest[..open];
            if let Some(c) = unclosed.take() {
                before = before.strip_prefix(c).unwrap_or(before);
            }
            let (free, owned) = owned_tail(before);
            out.push_str(free);
            let value = match &rest[open + 1..close] {
                // A moment that names the chapter's place says it already:
                // "Soirée à Kyoto", not "Kyoto : Soirée à Kyoto".
                "chapter" => Some(f.chapter.clone())
                    .filter(|c| !(self.0.contains("{moment}") && f.moment.as_deref().is_some_and(|m| said(m, c)))),
                "moment" => f.moment.clone(),
                "place" => f.place.as_ref().map(|p| {
                    // Only the parts of the place not said yet.
                    let atoms: Vec<&str> = p.split(", ").filter(|a| !said(&out, a)).collect();
                    atoms.join(", ")
                }),
                "venue" => venue.clone().filter(|v| !said(&out, v)),
                "city" => city.clone().filter(|c| !said(&out, c)),
                "date" => Some(long_date(f.date, lang)),
                "photographer" => Some(credit_name(&f.photographer)),
                // An unknown name stays as written, so a typo shows.
                _ => Some(rest[open..=close].to_string()),
            };
            match value.filter(|v| !v.trim().is_empty()) {
                Some(v) => {
                    let bare = owned.trim();
                    match bare.chars().next().and_then(closing) {
                        // Nothing said before it: a caption never opens on
                        // "(Buenos Aires)", the brackets go with the field before.
                        Some(c) if bare.chars().count() == 1 && out.trim_matches(DANGLING).is_empty() => {
                            unclosed = Some(c);
                        }
                        _ => out.push_str(owned),
                    }
                    out.push_str(v.trim());
                }
                None => unclosed = owned.trim_end().chars().last().and_then(closing),
            }
            rest = &rest[close + 1..];
        }
        if let Some(c) = unclosed {
            rest = rest.strip_prefix(c).unwrap_or(rest);
        }
        out.push_str(rest);
        let mut text = out.trim_matches(DANGLING).to_string();
        // Neither moment nor place: the chapter says where this was.
        let has_where = f.moment.is_some() || f.place.is_some();
        if !has_where && !f.chapter.is_empty() && !text.contains(&f.chapter) {
            text = if text.is_empty() { f.chapter.clone() } else { format!("{}, {text}", f.chapter) };
        }
        text
    }
}

/// The default template for `lang`, or the one the mission chose.
pub fn template_for(mission: &Mission, lang: Lang) -> Template {
    mission.templates.get(lang).map_or_else(|| Template::default_for(lang), |t| Template(t.to_string()))
}

/// What an exported photo says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caption {
    /// Headline / dc:title: the moment, else the chapter.
    pub title: String,
    /// The caption proper: the user's edit, else the template's text.
    pub text: String,
    /// "Photo : Étienne L.".
    pub credit: String,
    /// The photographer's display name, for creator fields.
    pub photographer: String,
    /// True when `text` is the user's own.
    pub edited: bool,
}

impl Caption {
    /// Text and credit in one line, the way it is pasted under a photo.
    pub fn full(&self) -> String {
        let credit = self.credit_line();
        match (self.text.trim().is_empty(), credit.is_empty()) {
            (true, _) => credit.to_string(),
            (false, true) => self.text.clone(),
            (false, false) => format!("{} — {}", self.text.trim(), credit),
        }
    }

    /// The credit to print with the text: none when the text already names
    /// the photographer (a template with `{photographer}`, or the user's own
    /// words), so a caption never credits twice.
    pub fn credit_line(&self) -> &str {
        let name = self.photographer.trim().to_lowercase();
        if !name.is_empty() && self.text.to_lowercase().contains(&name) {
            ""
        } else {
            &self.credit
        }
    }
}

/// The key of a photo in `Mission::captions` and `Mission::picks` in
/// memory: its path as scanned (absolute). The mission file stores
/// source-relative keys instead; [`crate::identity::resolve`] turns them
/// into these after a scan and [`crate::identity::portable`] back for a save.
pub fn photo_key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The user's caption for a photo, if any. Keys are written by `recap edit`
/// from canonical paths; a scan root given through a symlink yields another
/// spelling, so the canonical one is tried too.
pub fn edited_caption<'a>(mission: &'a Mission, path: &Path) -> Option<&'a str> {
    let direct = mission.captions.get(&photo_key(path));
    let found = direct.or_else(|| {
        let canonical = std::fs::canonicalize(path).ok()?;
        mission.captions.get(&photo_key(&canonical))
    });
    found.map(String::as_str)
}

/// A photo's caption: the user's text when they edited it, else `template`.
pub fn caption(fields: &Fields, edited: Option<&str>, template: &Template, lang: Lang) -> Caption {
    let title = fields.moment.clone().filter(|m| !m.trim().is_empty()).unwrap_or_else(|| fields.chapter.clone());
    let (text, edited) = match edited {
        Some(t) => (t.to_string(), true),
        None => (template.render(fields, lang), false),
    };
    Caption {
        title,
        text,
        credit: if fields.photographer.trim().is_empty() { String::new() } else { credit(&fields.photographer, lang) },
        photographer: credit_name(&fields.photographer),
        edited,
    }
}

/// The fields of a planned photo in `lang`: the moment's title in that
/// language (the programme's text in both), the rest as [`fields_of`].
pub fn fields_in(
    chapter: &Chapter,
    day: NaiveDate,
    moment: &Moment,
    photo: &PlannedPhoto,
    mission: &Mission,
    lang: Lang,
) -> Fields {
    let title = moment.titles.as_ref().map(|t| t.get(lang)).or(moment.title.as_deref());
    let mut fields = fields_of(chapter, day, title, photo, mission);
    // The chapter and the place in the caption's language ("Londres" / "London").
    fields.chapter = chapter.titles.get(lang).to_string();
    if let Some(names) = &photo.place.names {
        fields.place = Some(names.get(lang).to_string());
    }
    fields
}

/// The fields of a planned photo: its chapter, moment, place, trip day and
/// the display name the mission gives its contributor.
pub fn fields_of(
    chapter: &Chapter,
    day: NaiveDate,
    moment: Option<&str>,
    photo: &PlannedPhoto,
    mission: &Mission,
) -> Fields {
    Fields {
        chapter: chapter.title.clone(),
        moment: moment.map(str::to_string),
        place: photo.place.name.clone(),
        date: day,
        photographer: mission.display_name(&photo.contributor).to_string(),
    }
}

/// The introduction of a chapter for the album's description: dates, what
/// happened (the named moments, in order) and who took the photos.
/// "Angers, du 4 au 7 juin 2017. Au programme : A, B. Photos : Étienne L., Sophie G."
pub fn chapter_intro(
    title: &str,
    start: NaiveDate,
    end: NaiveDate,
    moments: &[String],
    photographers: &[String],
    lang: Lang,
) -> String {
    let mut seen = std::collections::HashSet::new();
    let moments: Vec<&str> = moments.iter().map(String::as_str).filter(|m| seen.insert(*m)).collect();
    let mut seen = std::collections::HashSet::new();
    let people: Vec<String> =
        photographers.iter().map(|p| credit_name(p)).filter(|p| !p.is_empty() && seen.insert(p.clone())).collect();
    let mut out = match lang {
        Lang::Fr => format!("{title}, {}.", date_range(start, end, lang)),
        Lang::En => format!("{title}, {}.", date_range(start, end, lang)),
    };
    if !moments.is_empty() {
        match lang {
            Lang::Fr => out.push_str(&format!(" Au programme{NBSP}: {}.", moments.join(", "))),
            Lang::En => out.push_str(&format!(" On the programme: {}.", moments.join(", "))),
        }
    }
    if !people.is_empty() {
        let label = match (lang, people.len()) {
            (Lang::Fr, 1) => format!("Photo{NBSP}:"),
            (Lang::Fr, _) => format!("Photos{NBSP}:"),
            (Lang::En, 1) => "Photo:".to_string(),
            (Lang::En, _) => "Photos:".to_string(),
        };
        out.push_str(&format!(" {label} {}", people.join(", ")));
        // A name ending in an initial already ends with its period.
        if !out.ends_with('.') {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    /// The list an edit is checked against and the names `render` fills are
    /// one: a field added to one but not the other would be accepted and
    /// then printed as `{name}`, or refused while it works.
    #[test]
    fn every_template_field_is_filled_and_no_other() {
        let f = Fields {
            chapter: "Angers".into(),
            moment: Some("Visite".into()),
            place: Some("WeForge, Angers".into()),
            date: d(2017, 6, 5),
            photographer: "Zoé".into(),
        };
        for name in TEMPLATE_FIELDS {
            let out = Template(format!("{{{name}}}")).render(&f, Lang::Fr);
            assert!(!out.is_empty() && !out.contains('{'), "{{{name}}} gave {out:?}");
        }
        assert_eq!(Template("{weather}".into()).render(&f, Lang::Fr), "{weather}");
    }

    #[test]
    fn long_dates() {
        let cases = [
            (d(2017, 6, 5), Lang::Fr, "le 5 juin 2017"),
            (d(2017, 6, 1), Lang::Fr, "le 1er juin 2017"),
            (d(2017, 8, 15), Lang::Fr, "le 15 août 2017"),
            (d(2017, 12, 31), Lang::Fr, "le 31 décembre 2017"),
            (d(2017, 6, 5), Lang::En, "June 5, 2017"),
            (d(2017, 6, 1), Lang::En, "June 1, 2017"),
        ];
        for (date, lang, want) in cases {
            assert_eq!(long_date(date, lang), want, "{date} {lang:?}");
        }
    }

    #[test]
    fn day_headings() {
        assert_eq!(day_heading(d(2017, 6, 5), Lang::Fr), "lundi 5 juin 2017");
        assert_eq!(day_heading(d(2017, 6, 1), Lang::Fr), "jeudi 1er juin 2017");
        assert_eq!(day_heading(d(2017, 6, 11), Lang::En), "Sunday, June 11, 2017");
    }

    #[test]
    fn date_ranges() {
        let cases = [
            (d(2017, 6, 4), d(2017, 6, 7), Lang::Fr, "du 4 au 7 juin 2017"),
            (d(2017, 6, 1), d(2017, 6, 3), Lang::Fr, "du 1er au 3 juin 2017"),
            (d(2017, 5, 30), d(2017, 6, 2), Lang::Fr, "du 30 mai au 2 juin 2017"),
            (d(2016, 12, 30), d(2017, 1, 2), Lang::Fr, "du 30 décembre 2016 au 2 janvier 2017"),
            (d(2017, 6, 4), d(2017, 6, 4), Lang::Fr, "le 4 juin 2017"),
            (d(2017, 6, 4), d(2017, 6, 7), Lang::En, "June 4–7, 2017"),
            (d(2017, 5, 30), d(2017, 6, 2), Lang::En, "May 30 – June 2, 2017"),
            (d(2017, 6, 7), d(2017, 6, 4), Lang::En, "June 4–7, 2017"),
        ];
        for (a, b, lang, want) in cases {
            assert_eq!(date_range(a, b, lang), want);
        }
    }

    #[test]
    fn credits() {
        let cases = [
            ("Étienne L", Lang::Fr, "Photo\u{a0}: Étienne L."),
            ("Étienne L.", Lang::Fr, "Photo\u{a0}: Étienne L."),
            ("Étienne Lavoie", Lang::Fr, "Photo\u{a0}: Étienne Lavoie"),
            ("  Marie-Ève T ", Lang::En, "Photo: Marie-Ève T."),
            ("Nadia", Lang::En, "Photo: Nadia"),
            // A lone capital is a name here, not an initial.
            ("X", Lang::En, "Photo: X"),
        ];
        for (name, lang, want) in cases {
            assert_eq!(credit(name, lang), want, "{name:?}");
        }
    }

    #[test]
    fn languages() {
        for (s, want) in [("fr", Ok(Lang::Fr)), ("fr-CA", Ok(Lang::Fr)), ("EN_us", Ok(Lang::En)), ("en", Ok(Lang::En))]
        {
            assert_eq!(s.parse::<Lang>(), want);
        }
        assert!("de".parse::<Lang>().is_err());
    }

    fn fields(moment: Option<&str>, place: Option<&str>) -> Fields {
        Fields {
            chapter: "Angers".into(),
            moment: moment.map(Into::into),
            place: place.map(Into::into),
            date: d(2017, 6, 5),
            photographer: "Étienne L".into(),
        }
    }

    #[test]
    fn templates() {
        let default = Template::default_for(Lang::Fr);
        let cases: [(Fields, &Template, Lang, &str); 7] = [
            (
                fields(Some("Matinée à WeForge"), Some("WeForge (coworking), Angers")),
                &default,
                Lang::Fr,
                "Matinée à WeForge, WeForge (coworking), Angers, le 5 juin 2017",
            ),
            (fields(Some("Visite à Rezé"), Some("Rezé")), &default, Lang::Fr, "Visite à Rezé, le 5 juin 2017"),
            (
                fields(Some("Visite de la Cité de l'objet connecté"), Some("Cité de l'objet connecté, Angers")),
                &default,
                Lang::Fr,
                "Visite de la Cité de l'objet connecté, Angers, le 5 juin 2017",
            ),
            (fields(None, Some("Trélazé")), &default, Lang::Fr, "Trélazé, le 5 juin 2017"),
            (fields(None, None), &default, Lang::Fr, "Angers, le 5 juin 2017"),
            (fields(None, Some("Trélazé")), &default, Lang::En, "Trélazé, June 5, 2017"),
            (
                fields(Some("Souper"), Some("Angers")),
                &Template("{chapter} : {moment}, par {photographer}, {date}".into()),
                Lang::Fr,
                "Angers : Souper, par Étienne L., le 5 juin 2017",
            ),
        ];
        for (f, t, lang, want) in cases {
            assert_eq!(t.render(&f, lang), want, "{f:?}");
        }
    }

    /// The punctuation rule of [`Template`]: an empty field takes the text
    /// it owns with it, and no caption starts or ends with a separator.
    #[test]
    fn an_empty_field_takes_its_separator_with_it() {
        let full = fields(Some("Souper"), Some("Mercado, Buenos Aires"));
        let no_moment = fields(None, Some("Buenos Aires"));
        let nobody = Fields { photographer: String::new(), ..fields(Some("Souper"), Some("Buenos Aires")) };
        let evening = fields(Some("Soirée à Angers"), Some("Angers"));
        let cases: [(&str, &Fields, &str); 16] = [
            ("{chapter} : {moment}", &full, "Angers : Souper"),
            ("{chapter} : {moment}", &no_moment, "Angers"),
            ("{moment}, {place}, {date}", &no_moment, "Buenos Aires, le 5 juin 2017"),
            ("{place}, {moment}, {date}", &no_moment, "Buenos Aires, le 5 juin 2017"),
            ("{place} — Photo : {photographer}", &nobody, "Buenos Aires"),
            ("{place} — Photo : {photographer}", &full, "Mercado, Buenos Aires — Photo : Étienne L."),
            ("Photo : {photographer}, {date}", &nobody, "le 5 juin 2017"),
            ("{moment} ({city}), {date}", &full, "Souper (Buenos Aires), le 5 juin 2017"),
            ("{moment} ({venue}), {date}", &no_moment, "le 5 juin 2017"),
            // Nothing before the brackets: they go, the city stays.
            ("{moment} ({city}), {date}", &no_moment, "Buenos Aires, le 5 juin 2017"),
            // A moment naming the chapter's place says the chapter already.
            ("{chapter} : {moment}, {date}", &evening, "Soirée à Angers, le 5 juin 2017"),
            ("{date} ({venue})", &no_moment, "le 5 juin 2017"),
            ("Délégation 2017, {moment}", &no_moment, "Délégation 2017"),
            ("{moment}, par {photographer}.", &nobody, "Souper."),
            ("{moment}; {venue} | {city}", &full, "Souper; Mercado | Buenos Aires"),
            ("{moment}; {venue} | {city}", &nobody, "Souper | Buenos Aires"),
        ];
        for (template, f, want) in cases {
            assert_eq!(Template(template.into()).render(f, Lang::Fr), want, "{template} with {f:?}");
        }
    }

    #[test]
    fn a_caption_that_names_its_photographer_is_not_credited_twice() {
        let f = fields(Some("Souper"), Some("Angers"));
        let named = caption(&f, None, &Template("{moment} — Photo : {photographer}".into()), Lang::Fr);
        assert_eq!(named.full(), "Souper — Photo : Étienne L.");
        assert_eq!(named.credit, "Photo\u{a0}: Étienne L.", "the credit field itself stays for IPTC");
        let typed = caption(&f, Some("Souper — photo d’Étienne L."), &Template::default_for(Lang::En), Lang::En);
        assert_eq!(typed.full(), "Souper — photo d’Étienne L.");
        let plain = caption(&f, None, &Template::default_for(Lang::En), Lang::En);
        assert_eq!(plain.full(), "Souper, Angers, June 5, 2017 — Photo: Étienne L.");
    }

    #[test]
    fn an_edit_wins_over_the_template_and_keeps_the_credit() {
        let f = fields(Some("Souper au centre-ville"), Some("Angers"));
        let t = Template::default_for(Lang::Fr);
        let generated = caption(&f, None, &t, Lang::Fr);
        assert!(!generated.edited);
        assert_eq!(generated.title, "Souper au centre-ville");
        assert_eq!(generated.full(), "Souper au centre-ville, Angers, le 5 juin 2017 — Photo\u{a0}: Étienne L.");
        let edited = caption(&f, Some("L’équipe au complet <script>"), &t, Lang::Fr);
        assert!(edited.edited);
        assert_eq!(edited.text, "L’équipe au complet <script>");
        assert_eq!(edited.full(), "L’équipe au complet <script> — Photo\u{a0}: Étienne L.");
        // Another template or language does not touch the edit.
        let other = caption(&f, Some("L’équipe au complet <script>"), &Template("{date}".into()), Lang::En);
        assert_eq!(other.text, edited.text);
    }

    #[test]
    fn chapter_intros() {
        let moments = vec!["Visite de la Cité de l'objet connecté".to_string(), "Matinée à WeForge".into()];
        let people = vec!["Étienne L".to_string(), "Sophie G".into(), "Étienne L".into()];
        let cases = [
            (
                Lang::Fr,
                &moments,
                &people,
                "Angers, du 4 au 7 juin 2017. Au programme\u{a0}: Visite de la Cité de l'objet connecté, \
                 Matinée à WeForge. Photos\u{a0}: Étienne L., Sophie G.",
            ),
            (
                Lang::En,
                &moments,
                &people,
                "Angers, June 4–7, 2017. On the programme: Visite de la Cité de l'objet connecté, \
                 Matinée à WeForge. Photos: Étienne L., Sophie G.",
            ),
        ];
        for (lang, m, p, want) in cases {
            assert_eq!(chapter_intro("Angers", d(2017, 6, 4), d(2017, 6, 7), m, p, lang), want);
        }
        let one = chapter_intro("Nantes", d(2017, 6, 8), d(2017, 6, 8), &[], &["Nadia".into()], Lang::Fr);
        assert_eq!(one, "Nantes, le 8 juin 2017. Photo\u{a0}: Nadia.");
    }
}
