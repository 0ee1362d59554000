//! The language Recap writes for people: captions, chapter introductions,
//! the web album. A word of its own because the mission file stores text per
//! language and the captions are written in one: both read it, neither owns it.

use serde::Serialize;

/// The language captions and the web album are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
}
