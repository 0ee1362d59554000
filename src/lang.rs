//! The language Recap writes for people: captions, chapter introductions,
//! the web album. A word of its own because the mission file stores text per
//! language and the captions are written in one: both read it, neither owns it.

use serde::{Deserialize, Serialize};

/// The language captions and the web album are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Québec French: "le 1er juin 2017", "Photo : Étienne L.".
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// A name or a sentence in both languages Recap writes: a place ("Londres" /
/// "London"), a chapter title, a generated moment title. The plan carries
/// both so one plan serves the album in either language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Localized {
    pub fr: String,
    pub en: String,
}

impl Localized {
    /// The same text in both languages (a proper name without exonym, a
    /// programme's event title).
    pub fn same(text: impl Into<String>) -> Self {
        let fr = text.into();
        Localized { en: fr.clone(), fr }
    }

    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Localized { fr: fr.into(), en: en.into() }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    /// Accepts `fr`, `fr-CA`, `fr_CA`, `en`, `en-CA`, `en-US`… in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.split(['-', '_']).next().unwrap_or("") {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language {s:?}: say fr or en")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn regional_tags_name_their_language_and_others_are_refused() {
        assert_eq!("fr-CA".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!(" EN_us ".parse::<Lang>(), Ok(Lang::En));
        assert!("de".parse::<Lang>().is_err());
        assert_eq!(Lang::default().code(), "fr");
    }

    #[test]
    fn a_localized_text_gives_each_language_its_own_words() {
        let london = super::Localized::new("Londres", "London");
        assert_eq!((london.get(Lang::Fr), london.get(Lang::En)), ("Londres", "London"));
        assert_eq!(super::Localized::same("Web2Day").get(Lang::En), "Web2Day");
    }
}
