//! Site-wide search over provinces, regencies and public service malls (MPP).
//!
//! Three small queries (38 provinces, 514 regencies, the MPPs) and matching in Rust: the
//! lists are small, and matching this way is the same on SQLite and PostgreSQL (accents,
//! case, "Kab." for "Kabupaten").
//!
//! A place matches **fully** when the normalized query equals its code, its name, or its name
//! without the "Kabupaten"/"Kota" prefix ("muaro jambi", "kota jambi", "15.05"); **partly**
//! when every query word starts a word of its name ("muar jam"). One full match, or else one
//! partial match, is a direct hit (the page redirects to it).

use crate::db::DataError;
use crate::db::entities::enums::UnitKind;
use crate::db::entities::{province, regency, service_unit};
use crate::leadership::{HitKind, SearchHit, SearchOutcome};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Lower case, accents removed, punctuation to spaces (dots kept inside codes), abbreviations
/// spelled out ("kab" → "kabupaten", "mpp" → "mal pelayanan publik"), single spaces.
pub fn normalize(text: &str) -> String {
    let mut flat = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let c = fold_accent(c);
        for c in c.to_lowercase() {
            if c.is_alphanumeric() {
                flat.push(c);
            } else if c == '.'
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
            {
                flat.push('.');
            } else if c == '-' && code_like(&flat) {
                flat.push('-');
            } else {
                flat.push(' ');
            }
        }
    }
    flat.split_whitespace()
        .map(|w| match w {
            "kab" | "kabu" => "kabupaten",
            "kot" | "kodya" => "kota",
            "prov" | "propinsi" => "provinsi",
            "mpp" => "mal pelayanan publik",
            "mall" => "mal",
            "dki" => "dki",
            "diy" => "daerah istimewa yogyakarta",
            "ntb" => "nusa tenggara barat",
            "ntt" => "nusa tenggara timur",
            "jabar" => "jawa barat",
            "jateng" => "jawa tengah",
            "jatim" => "jawa timur",
            "sumut" => "sumatera utara",
            "sumbar" => "sumatera barat",
            "sumsel" => "sumatera selatan",
            "kalbar" => "kalimantan barat",
            "kaltim" => "kalimantan timur",
            "kalsel" => "kalimantan selatan",
            "kalteng" => "kalimantan tengah",
            "sulsel" => "sulawesi selatan",
            "sulut" => "sulawesi utara",
            "sulteng" => "sulawesi tengah",
            "sultra" => "sulawesi tenggara",
            "sulbar" => "sulawesi barat",
            "yogya" | "jogja" | "jogjakarta" | "yogyakarta" => "yogyakarta",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `15`, `15.05`, `15.05-…`: what has been written so far looks like a region or unit code.
fn code_like(flat: &str) -> bool {
    let last = flat.rsplit(' ').next().unwrap_or("");
    last.len() >= 2 && last.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The base letter of common accented Latin letters (`é` → `e`); other characters unchanged.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' => 'I',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => 'O',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'š' | 'ś' => 's',
        'Š' | 'Ś' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        other => other,
    }
}

/// A place that can be found, with the normalized forms it answers to.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub hit: SearchHit,
    /// Normalized full forms: code, name, name without its prefix, …
    pub full: Vec<String>,
    /// Normalized words of the name (and code).
    pub words: Vec<String>,
}

impl Candidate {
    pub fn new(kind: HitKind, code: &str, name: &str, context: &str, extra: &[String]) -> Self {
        let href = match kind {
            HitKind::Province => format!("/provinsi/{code}"),
            HitKind::Regency => format!("/kabupaten/{code}"),
            HitKind::Mall => format!("/unit/{code}"),
        };
        let name_n = normalize(name);
        let mut full = vec![normalize(code), name_n.clone()];
        if kind == HitKind::Regency {
            for prefix in ["kabupaten ", "kota "] {
                if let Some(rest) = name_n.strip_prefix(prefix) {
                    full.push(rest.to_string());
                }
            }
        }
        if kind == HitKind::Province {
            full.push(format!("provinsi {name_n}"));
        }
        full.extend(extra.iter().map(|e| normalize(e)));
        let mut words: Vec<String> = name_n.split(' ').map(str::to_string).collect();
        words.push(normalize(code));
        Candidate {
            hit: SearchHit {
                kind,
                code: code.to_string(),
                name: name.to_string(),
                context: context.to_string(),
                href,
                exact: false,
            },
            full,
            words,
        }
    }
}

/// Matches `query` against `candidates` (see the module documentation).
pub fn match_candidates(query: &str, candidates: &[Candidate]) -> SearchOutcome {
    let q = normalize(query);
    let mut outcome = SearchOutcome {
        query: query.trim().to_string(),
        ..Default::default()
    };
    if q.is_empty() {
        return outcome;
    }
    let q_words: Vec<&str> = q.split(' ').collect();
    let mut full = Vec::new();
    let mut partial = Vec::new();
    for c in candidates {
        if c.full.contains(&q) {
            let mut hit = c.hit.clone();
            hit.exact = true;
            full.push(hit);
        } else if q_words
            .iter()
            .all(|w| c.words.iter().any(|cw| cw.starts_with(w)))
        {
            partial.push(c.hit.clone());
        }
    }
    let order = |h: &SearchHit| {
        (
            match h.kind {
                HitKind::Regency => 0,
                HitKind::Province => 1,
                HitKind::Mall => 2,
            },
            h.code.clone(),
        )
    };
    full.sort_by_key(order);
    partial.sort_by_key(order);
    outcome.redirect = match (full.len(), partial.len()) {
        (1, _) => Some(full[0].href.clone()),
        (0, 1) => Some(partial[0].href.clone()),
        _ => None,
    };
    outcome.total = full.len() + partial.len();
    outcome.hits = full
        .into_iter()
        .chain(partial)
        .take(SearchOutcome::LIMIT)
        .collect();
    outcome
}

/// Every searchable place: provinces, regencies and MPPs (three queries).
pub async fn candidates<C: ConnectionTrait>(db: &C) -> Result<Vec<Candidate>, DataError> {
    let provinces: Vec<(i32, String, String)> = province::Entity::find()
        .select_only()
        .column(province::Column::Id)
        .column(province::Column::Code)
        .column(province::Column::Name)
        .order_by_asc(province::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let regencies: Vec<(i32, i32, String, String)> = regency::Entity::find()
        .select_only()
        .column(regency::Column::Id)
        .column(regency::Column::ProvinceId)
        .column(regency::Column::Code)
        .column(regency::Column::Name)
        .order_by_asc(regency::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let malls: Vec<(i32, String, String)> = service_unit::Entity::find()
        .select_only()
        .column(service_unit::Column::RegencyId)
        .column(service_unit::Column::Code)
        .column(service_unit::Column::Name)
        .filter(service_unit::Column::Kind.eq(UnitKind::Mpp))
        .order_by_asc(service_unit::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let province_name = |id: i32| {
        provinces
            .iter()
            .find(|p| p.0 == id)
            .map_or(String::new(), |p| p.2.clone())
    };
    let mut out = Vec::with_capacity(provinces.len() + regencies.len() + malls.len());
    for (_, code, name) in &provinces {
        out.push(Candidate::new(HitKind::Province, code, name, "", &[]));
    }
    for (_, province_id, code, name) in &regencies {
        out.push(Candidate::new(
            HitKind::Regency,
            code,
            name,
            &province_name(*province_id),
            &[],
        ));
    }
    for (regency_id, code, name) in &malls {
        let regency = regencies.iter().find(|r| r.0 == *regency_id);
        let regency_name = regency.map_or(String::new(), |r| r.3.clone());
        // "MPP Muaro Jambi" names the mall of Kabupaten Muaro Jambi too.
        let core = normalize(&regency_name);
        let core = core
            .strip_prefix("kabupaten ")
            .or_else(|| core.strip_prefix("kota "))
            .unwrap_or(&core)
            .to_string();
        let extra = [format!("mal pelayanan publik {core}")];
        out.push(Candidate::new(
            HitKind::Mall,
            code,
            name,
            &regency_name,
            &extra,
        ));
    }
    Ok(out)
}

/// Searches provinces, regencies and MPPs.
pub async fn search<C: ConnectionTrait>(db: &C, query: &str) -> Result<SearchOutcome, DataError> {
    if normalize(query).is_empty() {
        return Ok(SearchOutcome {
            query: query.trim().to_string(),
            ..Default::default()
        });
    }
    Ok(match_candidates(query, &candidates(db).await?))
}

/// Resolves what a person typed for a regency (code or name) to its code, if exactly one
/// regency answers it (see [`match_candidates`]).
pub fn resolve_regency_in(candidates: &[Candidate], text: &str) -> Option<String> {
    let regencies: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.hit.kind == HitKind::Regency)
        .cloned()
        .collect();
    let outcome = match_candidates(text, &regencies);
    outcome
        .redirect
        .and_then(|_| outcome.hits.first().map(|h| h.code.clone()))
}

/// [`resolve_regency_in`] over the database's regencies.
pub async fn resolve_regency<C: ConnectionTrait>(
    db: &C,
    text: &str,
) -> Result<Option<String>, DataError> {
    Ok(resolve_regency_in(&candidates(db).await?, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<Candidate> {
        vec![
            Candidate::new(HitKind::Province, "15", "Jambi", "", &[]),
            Candidate::new(HitKind::Province, "32", "Jawa Barat", "", &[]),
            Candidate::new(
                HitKind::Regency,
                "15.05",
                "Kabupaten Muaro Jambi",
                "Jambi",
                &[],
            ),
            Candidate::new(HitKind::Regency, "15.71", "Kota Jambi", "Jambi", &[]),
            Candidate::new(HitKind::Regency, "15.01", "Kabupaten Kerinci", "Jambi", &[]),
            Candidate::new(
                HitKind::Regency,
                "32.04",
                "Kabupaten Bandung",
                "Jawa Barat",
                &[],
            ),
            Candidate::new(HitKind::Regency, "32.73", "Kota Bandung", "Jawa Barat", &[]),
            Candidate::new(
                HitKind::Mall,
                "15.05-MPP",
                "Mal Pelayanan Publik Kabupaten Muaro Jambi",
                "Kabupaten Muaro Jambi",
                &["mal pelayanan publik muaro jambi".to_string()],
            ),
        ]
    }

    fn go(q: &str) -> Option<String> {
        match_candidates(q, &fixture()).redirect
    }

    #[test]
    fn normalizes_case_accents_punctuation_and_abbreviations() {
        assert_eq!(normalize("  Kab. MUARO   Jambi "), "kabupaten muaro jambi");
        assert_eq!(normalize("Muaró Jámbi"), "muaro jambi");
        assert_eq!(normalize("15.05"), "15.05");
        assert_eq!(normalize("15.05-MPP"), "15.05-mpp");
        assert_eq!(
            normalize("MPP Muaro-Jambi"),
            "mal pelayanan publik muaro jambi"
        );
        assert_eq!(normalize("Jambi."), "jambi");
        assert_eq!(normalize("<script>"), "script");
        assert_eq!(normalize("  ,.;  "), "");
    }

    #[test]
    fn one_full_match_redirects() {
        assert_eq!(go("muaro jambi").as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go("Kab. Muaro Jambi").as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(
            go("KABUPATEN MUARO JAMBI").as_deref(),
            Some("/kabupaten/15.05")
        );
        assert_eq!(go("Muaró Jambi").as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go("kota jambi").as_deref(), Some("/kabupaten/15.71"));
        assert_eq!(go("15.05").as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go("15").as_deref(), Some("/provinsi/15"));
        assert_eq!(go("Provinsi Jawa Barat").as_deref(), Some("/provinsi/32"));
        assert_eq!(go("jabar").as_deref(), Some("/provinsi/32"));
        assert_eq!(go("15.05-mpp").as_deref(), Some("/unit/15.05-MPP"));
        assert_eq!(go("MPP Muaro Jambi").as_deref(), Some("/unit/15.05-MPP"));
        assert_eq!(
            go("Mal Pelayanan Publik Kabupaten Muaro Jambi").as_deref(),
            Some("/unit/15.05-MPP")
        );
    }

    #[test]
    fn one_partial_match_redirects() {
        assert_eq!(go("kerin").as_deref(), Some("/kabupaten/15.01"));
        assert_eq!(go("muar").as_deref(), None, "regency and its mall");
    }

    #[test]
    fn ambiguous_queries_list_full_matches_first() {
        let o = match_candidates("jambi", &fixture());
        assert_eq!(o.redirect, None);
        let codes: Vec<&str> = o.hits.iter().map(|h| h.code.as_str()).collect();
        assert_eq!(codes, ["15.71", "15", "15.05", "15.05-MPP"]);
        assert!(o.hits[0].exact && o.hits[1].exact && !o.hits[2].exact);
        assert_eq!(o.total, 4);
        let o = match_candidates("bandung", &fixture());
        assert_eq!(o.redirect, None);
        assert_eq!(o.hits.len(), 2);
        assert!(o.hits.iter().all(|h| h.exact));
    }

    #[test]
    fn regency_names_resolve_to_codes() {
        let c = fixture();
        assert_eq!(
            resolve_regency_in(&c, "Muaro Jambi").as_deref(),
            Some("15.05")
        );
        assert_eq!(
            resolve_regency_in(&c, "kota jambi").as_deref(),
            Some("15.71")
        );
        assert_eq!(resolve_regency_in(&c, "15.71").as_deref(), Some("15.71"));
        assert_eq!(resolve_regency_in(&c, "Bandung"), None, "two regencies");
        assert_eq!(resolve_regency_in(&c, "Atlantis"), None);
    }

    #[test]
    fn unknown_and_empty_queries_match_nothing() {
        for q in ["atlantis", "", "   ", "99.99", "kota kerinci"] {
            let o = match_candidates(q, &fixture());
            assert!(o.hits.is_empty() && o.redirect.is_none(), "{q}: {o:?}");
        }
    }
}
