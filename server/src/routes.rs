//! Plain axum routes beside the Leptos pages: health check, language switch, exports.

use crate::error::AppError;
use crate::export::{Cell, Table};
use app::i18n::Lang;
use app::model::NationalFilter;
use app::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::DatabaseConnection;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/bahasa/{code}", get(switch_language))
        .route("/api/national/{table}", get(national_export))
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(db): State<DatabaseConnection>) -> Response {
    if app::db::ping(&db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// Sets the language cookie and returns to the page the user came from (same site only).
async fn switch_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let Some(lang) = Lang::parse(&code) else {
        return AppError::NotFound.into_response_for(lang_of(&headers));
    };
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(same_site_path)
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// The path and query of a referer URL, never another origin.
fn same_site_path(referer: &str) -> Option<String> {
    let rest = referer.split_once("://").map_or(referer, |(_, r)| r);
    let path = &rest[rest.find('/')?..];
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .unwrap_or_default()
}

#[derive(Debug, Deserialize)]
struct NationalQuery {
    year: Option<String>,
    province: Option<String>,
    kind: Option<String>,
    order: Option<String>,
}

impl NationalQuery {
    fn filter(self) -> Result<NationalFilter, AppError> {
        let year = match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => None,
            Some(y) => Some(y.parse::<i32>().map_err(|_| AppError::BadRequest(format!("year={y}")))?),
        };
        let kind = match self.kind.as_deref().filter(|k| !k.is_empty()) {
            None => None,
            Some(k @ ("kabupaten" | "kota")) => Some(k.to_string()),
            Some(k) => return Err(AppError::BadRequest(format!("kind={k}"))),
        };
        Ok(NationalFilter {
            year,
            province: self.province.filter(|p| !p.is_empty()),
            kind,
            order: self.order.filter(|o| o == "asc"),
        })
    }
}

/// `/api/national/{distribution|trend|ranking|declining}.{csv|json}`
async fn national_export(
    State(db): State<DatabaseConnection>,
    Path(table): Path<String>,
    Query(q): Query<NationalQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let result = async {
        let (name, format) = table.rsplit_once('.').ok_or(AppError::NotFound)?;
        let filter = q.filter()?;
        let o = app::db::queries::national::overview(&db, &filter).await?;
        let table = match name {
            "distribution" => Table {
                name: "distribution",
                columns: vec!["year", "methodology_version", "category", "regencies", "share_pct"],
                rows: o
                    .distribution
                    .categories
                    .iter()
                    .map(|c| {
                        vec![
                            Cell::from(o.distribution.year),
                            o.distribution.methodology_version.as_str().into(),
                            c.label.as_str().into(),
                            c.count.into(),
                            o.distribution.share(&c.label).into(),
                        ]
                    })
                    .collect(),
            },
            "trend" => Table {
                name: "trend",
                columns: vec!["year", "methodology_version", "category", "regencies", "share_pct"],
                rows: o
                    .trend
                    .iter()
                    .flat_map(|d| {
                        d.categories.iter().map(move |c| {
                            vec![
                                Cell::from(d.year),
                                d.methodology_version.as_str().into(),
                                c.label.as_str().into(),
                                c.count.into(),
                                d.share(&c.label).into(),
                            ]
                        })
                    })
                    .collect(),
            },
            "ranking" => Table {
                name: "ranking",
                columns: vec!["rank", "regency_code", "regency", "province", "kind", "year", "score", "category", "published"],
                rows: o
                    .ranking
                    .iter()
                    .map(|r| {
                        vec![
                            r.rank.into(),
                            r.code.as_str().into(),
                            r.name.as_str().into(),
                            r.province.as_str().into(),
                            r.kind.as_str().into(),
                            o.year.into(),
                            r.score.into(),
                            r.label.as_str().into(),
                            (if r.published { "yes" } else { "no" }).into(),
                        ]
                    })
                    .collect(),
            },
            "declining" => Table {
                name: "declining",
                columns: vec!["unit_code", "unit", "regency_code", "regency", "indicator", "reference", "from", "to"],
                rows: o
                    .declining
                    .iter()
                    .map(|d| {
                        vec![
                            d.unit_code.as_str().into(),
                            d.unit_name.as_str().into(),
                            d.regency_code.as_str().into(),
                            d.regency_name.as_str().into(),
                            d.indicator.as_str().into(),
                            d.reference.as_str().into(),
                            d.from.into(),
                            d.to.into(),
                        ]
                    })
                    .collect(),
            },
            _ => return Err(AppError::NotFound),
        };
        match format {
            "csv" => Ok(table.csv_response()),
            "json" => Ok(table.json_response()),
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    result.unwrap_or_else(|e| e.into_response_for(lang))
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn referer_is_reduced_to_a_local_path() {
        assert_eq!(same_site_path("http://127.0.0.1:3000/kabupaten/15.05?year=2023").as_deref(), Some("/kabupaten/15.05?year=2023"));
        assert_eq!(same_site_path("https://evil.example//x"), None);
        assert_eq!(same_site_path("http://host"), None);
    }
}
