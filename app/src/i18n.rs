//! Bahasa Indonesia first, English on request.
//!
//! The language is chosen by the `lang` cookie (set by `/bahasa/{id|en}`, which works without
//! JavaScript) and rendered into `<html lang>`; the hydrated client reads it back from there so
//! both sides render the same text. Texts sit next to the UI that uses them as `tr(id, en)` pairs.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn is_en(self) -> bool {
        self == Lang::En
    }

    /// Picks the text for this language.
    pub fn tr(self, id: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }

    /// Formats a number the way each language writes it: Indonesian `457.238` and `84,57`,
    /// English `457,238` and `84.57`. Negative zero is written as zero.
    pub fn num(self, value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let s = format!("{:.decimals$}", value.abs());
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let (group, point) = match self {
            Lang::Id => ('.', ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::with_capacity(s.len() + 4);
        let negative = value < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
        if negative {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// A whole number with thousands separators (`457.238` / `457,238`).
    pub fn int(self, value: i64) -> String {
        self.num(value as f64, 0)
    }

    /// A percentage with the language's decimal mark and a space before the sign (`45,6 %`).
    pub fn pct(self, value: f64, decimals: usize) -> String {
        format!("{} %", self.num(value, decimals))
    }

    /// A date in short form: `24 Jun 2024` (Indonesian: Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt
    /// Nov Des; English: Jan … Dec).
    pub fn date(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        const ID: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let m = d.month0() as usize;
        let month = match self {
            Lang::Id => ID[m],
            Lang::En => EN[m],
        };
        format!("{} {month} {}", d.day(), d.year())
    }

    /// A date in long form: `24 Juni 2024` / `24 June 2024`.
    pub fn date_long(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        const ID: [&str; 12] = [
            "Januari",
            "Februari",
            "Maret",
            "April",
            "Mei",
            "Juni",
            "Juli",
            "Agustus",
            "September",
            "Oktober",
            "November",
            "Desember",
        ];
        const EN: [&str; 12] = [
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
        let m = d.month0() as usize;
        let month = match self {
            Lang::Id => ID[m],
            Lang::En => EN[m],
        };
        format!("{} {month} {}", d.day(), d.year())
    }

    /// An optional date in short form, `–` when absent.
    pub fn opt_date(self, d: Option<chrono::NaiveDate>) -> String {
        d.map_or_else(|| "–".to_string(), |d| self.date(d))
    }

    /// An optional number, `–` when absent.
    pub fn opt_num(self, v: Option<f64>, decimals: usize) -> String {
        v.map_or_else(|| "–".to_string(), |v| self.num(v, decimals))
    }

    /// Reads the language from a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
            .unwrap_or_default()
    }
}

/// The language of the current request (server) or page (browser).
pub fn current_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::use_context;
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|code| Lang::parse(&code))
            .unwrap_or_default()
    }
}

/// A date as the reader's language writes it (`24 Jun 2024`), machine-readable in `datetime`.
#[leptos::component]
pub fn DateText(date: chrono::NaiveDate) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let lang = use_lang();
    view! { <time datetime=date.to_string()>{lang.date(date)}</time> }
}

/// The language provided by the `App` component.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_parsing() {
        assert_eq!(Lang::from_cookie_header("a=b; lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=id"), Lang::Id);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Id);
        assert_eq!(Lang::from_cookie_header(""), Lang::Id);
    }

    #[test]
    fn numbers() {
        assert_eq!(Lang::Id.num(84.567, 2), "84,57");
        assert_eq!(Lang::En.num(84.567, 2), "84.57");
    }

    #[test]
    fn thousands_and_decimals_per_language() {
        assert_eq!(Lang::Id.int(457_238), "457.238");
        assert_eq!(Lang::En.int(457_238), "457,238");
        assert_eq!(Lang::Id.int(3330), "3.330");
        assert_eq!(Lang::Id.int(300), "300");
        assert_eq!(Lang::Id.int(1_234_567), "1.234.567");
        assert_eq!(Lang::En.num(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(Lang::Id.num(1_234_567.891, 2), "1.234.567,89");
        assert_eq!(Lang::Id.num(-1234.5, 1), "-1.234,5");
        assert_eq!(Lang::Id.num(-0.001, 1), "0,0");
        assert_eq!(Lang::Id.pct(45.6, 1), "45,6 %");
        assert_eq!(Lang::En.pct(45.6, 1), "45.6 %");
        assert_eq!(Lang::Id.num(f64::NAN, 1), "–");
        assert_eq!(Lang::Id.opt_num(None, 1), "–");
    }

    #[test]
    fn dates_per_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 6, 24).unwrap();
        assert_eq!(Lang::Id.date(d), "24 Jun 2024");
        assert_eq!(Lang::En.date(d), "24 Jun 2024");
        assert_eq!(Lang::Id.date_long(d), "24 Juni 2024");
        assert_eq!(Lang::En.date_long(d), "24 June 2024");
        let d = chrono::NaiveDate::from_ymd_opt(2025, 8, 5).unwrap();
        assert_eq!(Lang::Id.date(d), "5 Agu 2025");
        assert_eq!(Lang::En.date(d), "5 Aug 2025");
        assert_eq!(Lang::Id.date_long(d), "5 Agustus 2025");
        assert_eq!(Lang::Id.opt_date(None), "–");
    }
}
