//! Plain axum routes beside the Leptos pages: health check, language switch, exports.

use crate::error::AppError;
use crate::export::{Cell, Table};
use app::i18n::Lang;
use app::model::NationalFilter;
use app::state::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/bahasa/{code}", get(switch_language))
        .route("/api/national/{table}", get(national_export))
        .route("/api/regency/{code}/{table}", get(regency_export))
        .route("/api/unit/{code}/{table}", get(unit_export))
}

/// Liveness: the process serves requests. Answers at once, without the database.
async fn healthz() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// How long `/readyz` waits for the database before answering 503.
pub const READY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);

/// Readiness: 200 when the database answers a trivial query within [`READY_TIMEOUT`], 503
/// (with `Retry-After`) otherwise.
async fn readyz(State(db): State<DatabaseConnection>) -> Response {
    match tokio::time::timeout(READY_TIMEOUT, app::db::ping(&db)).await {
        Ok(true) => (StatusCode::OK, "ready").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "1")],
            "database unavailable",
        )
            .into_response(),
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
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
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
    /// The same rule as the pages' ([`app::pages::national::parse_filter`]).
    fn filter(self) -> Result<NationalFilter, AppError> {
        let get = |name: &str| match name {
            "year" => self.year.clone(),
            "province" => self.province.clone(),
            "kind" => self.kind.clone(),
            "order" => self.order.clone(),
            _ => None,
        };
        app::pages::national::parse_filter(get, None)
    }
}

/// `/api/national/{distribution|trend|ranking|declining}.{csv|json|xlsx}`
async fn national_export(
    State(db): State<DatabaseConnection>,
    Path(table): Path<String>,
    Query(q): Query<NationalQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = lang_of(&headers);
    let result = async {
        let (name, format) = split_format(&table)?;
        let filter = q.filter()?;
        if name == "ranking" {
            // Every assessed regency of the year, ranked (not only the page's top 20).
            let (year, _, ranking) =
                app::db::queries::leadership::full_ranking(&db, &filter).await?;
            return Ok(respond(ranking_table(year, &ranking), format));
        }
        let o = app::db::queries::national::overview(&db, &filter).await?;
        let table = match name {
            "distribution" => Table {
                name: "distribution",
                columns: vec![
                    "year",
                    "methodology_version",
                    "category",
                    "regencies",
                    "share_pct",
                ],
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
                columns: vec![
                    "year",
                    "methodology_version",
                    "category",
                    "regencies",
                    "share_pct",
                    "regencies_assessed",
                    "demo_scores",
                ],
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
                                d.assessed.into(),
                                d.demo.into(),
                            ]
                        })
                    })
                    .collect(),
            },
            "declining" => Table {
                name: "declining",
                columns: vec![
                    "unit_code",
                    "unit",
                    "regency_code",
                    "regency",
                    "indicator",
                    "reference",
                    "from",
                    "to",
                ],
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
        Ok(respond(table, format))
    }
    .await;
    result.unwrap_or_else(|e: AppError| e.into_response_for(lang))
}

/// Splits `name.csv` / `name.json` / `name.xlsx`.
fn split_format(table: &str) -> Result<(&str, &str), AppError> {
    match table.rsplit_once('.') {
        Some((name, format @ ("csv" | "json" | "xlsx"))) => Ok((name, format)),
        _ => Err(AppError::NotFound),
    }
}

/// The ranking export: one row per ranked regency.
fn ranking_table(year: i32, ranking: &[app::model::RankedRegency]) -> Table {
    Table {
        name: "ranking",
        columns: vec![
            "rank",
            "regency_code",
            "regency",
            "province",
            "kind",
            "year",
            "score",
            "category",
            "published",
        ],
        rows: ranking
            .iter()
            .map(|r| {
                vec![
                    r.rank.into(),
                    r.code.as_str().into(),
                    r.name.as_str().into(),
                    r.province.as_str().into(),
                    r.kind.as_str().into(),
                    year.into(),
                    r.score.into(),
                    r.label.as_str().into(),
                    (if r.published { "yes" } else { "no" }).into(),
                ]
            })
            .collect(),
    }
}

fn respond(table: Table, format: &str) -> Response {
    match format {
        "csv" => table.csv_response(),
        "xlsx" => table.xlsx_response(),
        _ => table.json_response(),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> Cell {
    d.into()
}

/// `/api/regency/{code}/{scores|units|findings|commitments}.{csv|json|xlsx}`
async fn regency_export(
    State(db): State<DatabaseConnection>,
    Path((code, table)): Path<(String, String)>,
    ctx: Option<axum::Extension<app::auth::Ctx>>,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx.map(|c| c.0).unwrap_or_default();
    let may_read = |regency_id, province_id| ctx.can_read_unpublished(regency_id, province_id);
    let result = async {
        let (name, format) = split_format(&table)?;
        let d = app::db::queries::regency::detail_with(&db, &code, may_read).await?;
        let table = match name {
            "scores" => Table {
                name: "regency_scores",
                columns: vec![
                    "regency_code",
                    "year",
                    "score",
                    "category",
                    "methodology_version",
                    "input",
                    "process",
                    "output",
                    "complaint_handling",
                    "published",
                    "source",
                ],
                rows: d
                    .scores
                    .iter()
                    .map(|s| {
                        vec![
                            d.code.as_str().into(),
                            s.year.into(),
                            s.total.into(),
                            s.label.as_str().into(),
                            s.methodology_version.as_str().into(),
                            s.input.into(),
                            s.process.into(),
                            s.output.into(),
                            s.complaint_handling.into(),
                            (if s.published { "yes" } else { "no" }).into(),
                            s.source.clone().into(),
                        ]
                    })
                    .collect(),
            },
            "units" => Table {
                name: "regency_units",
                columns: vec![
                    "unit_code",
                    "unit",
                    "kind",
                    "inaugurated_on",
                    "last_inspection",
                    "inspection_score",
                    "staff_coverage_pct",
                    "ikm",
                    "open_findings",
                ],
                rows: d
                    .units
                    .iter()
                    .map(|u| {
                        vec![
                            u.code.as_str().into(),
                            u.name.as_str().into(),
                            u.kind.as_str().into(),
                            date(u.inaugurated_on),
                            date(u.last_inspection),
                            u.inspection_score.into(),
                            u.staff_coverage_pct.into(),
                            u.ikm.into(),
                            u.open_findings.into(),
                        ]
                    })
                    .collect(),
            },
            "findings" => Table {
                name: "regency_findings",
                columns: vec![
                    "finding_id",
                    "unit_code",
                    "unit",
                    "inspected_on",
                    "category",
                    "severity",
                    "description",
                    "due_on",
                    "status",
                    "last_update",
                    "overdue",
                ],
                rows: d
                    .findings
                    .iter()
                    .map(|f| {
                        vec![
                            f.id.into(),
                            f.unit_code.as_str().into(),
                            f.unit_name.as_str().into(),
                            Cell::from(f.inspected_on),
                            f.category.as_str().into(),
                            f.severity.into(),
                            f.description.as_str().into(),
                            Cell::from(f.due_on),
                            f.status.as_str().into(),
                            date(f.last_update),
                            (if f.overdue { "yes" } else { "no" }).into(),
                        ]
                    })
                    .collect(),
            },
            "commitments" => Table {
                name: "regency_commitments",
                columns: vec![
                    "mou_signed_on",
                    "commitment_id",
                    "title",
                    "indicator",
                    "target",
                    "responsible_office",
                    "due_on",
                    "percent",
                    "status",
                    "last_update",
                    "overdue",
                ],
                rows: d
                    .mous
                    .iter()
                    .flat_map(|m| {
                        m.commitments.iter().map(move |c| {
                            vec![
                                Cell::from(m.signed_on),
                                c.id.into(),
                                c.title.as_str().into(),
                                c.indicator.as_str().into(),
                                c.target.as_str().into(),
                                c.responsible_office.as_str().into(),
                                Cell::from(c.due_on),
                                c.percent.into(),
                                c.status.as_str().into(),
                                date(c.last_update),
                                (if c.overdue { "yes" } else { "no" }).into(),
                            ]
                        })
                    })
                    .collect(),
            },
            _ => return Err(AppError::NotFound),
        };
        Ok(respond(table, format))
    }
    .await;
    result.unwrap_or_else(|e: AppError| e.into_response_for(lang_of(&headers)))
}

/// `/api/unit/{code}/{staff|inspections|facilities}.{csv|json|xlsx}`
async fn unit_export(
    State(db): State<DatabaseConnection>,
    Path((code, table)): Path<(String, String)>,
    ctx: Option<axum::Extension<app::auth::Ctx>>,
    headers: HeaderMap,
) -> Response {
    let ctx = ctx.map(|c| c.0).unwrap_or_default();
    let may_read = |regency_id, province_id| ctx.can_read_unpublished(regency_id, province_id);
    let result = async {
        let (name, format) = split_format(&table)?;
        let d = app::db::queries::unit::detail_with(&db, &code, may_read).await?;
        let table = match name {
            "staff" => Table {
                name: "unit_staff",
                columns: vec![
                    "unit_code",
                    "date",
                    "on_duty",
                    "required",
                    "trained",
                    "attendance_pct",
                    "staff_index",
                ],
                rows: d
                    .staff
                    .iter()
                    .map(|s| {
                        vec![
                            d.code.as_str().into(),
                            Cell::from(s.date),
                            s.on_duty.into(),
                            s.required.into(),
                            s.trained.into(),
                            s.attendance_pct.into(),
                            s.staff_index.into(),
                        ]
                    })
                    .collect(),
            },
            "inspections" => Table {
                name: "unit_inspections",
                columns: vec![
                    "unit_code",
                    "date",
                    "unannounced",
                    "inspector",
                    "score",
                    "facility_index",
                    "findings",
                ],
                rows: d
                    .inspections
                    .iter()
                    .map(|i| {
                        vec![
                            d.code.as_str().into(),
                            Cell::from(i.date),
                            (if i.unannounced { "yes" } else { "no" }).into(),
                            i.inspector.as_str().into(),
                            i.score.into(),
                            i.facility_index.into(),
                            (i.findings.len() as u32).into(),
                        ]
                    })
                    .collect(),
            },
            "facilities" => Table {
                name: "unit_facilities",
                columns: vec![
                    "unit_code",
                    "facility",
                    "essential",
                    "at_inauguration",
                    "now",
                    "lost",
                ],
                rows: d
                    .facilities
                    .iter()
                    .map(|f| {
                        vec![
                            d.code.as_str().into(),
                            f.name.as_str().into(),
                            (if f.essential { "yes" } else { "no" }).into(),
                            f.at_inauguration.clone().into(),
                            f.now.clone().into(),
                            (if f.lost { "yes" } else { "no" }).into(),
                        ]
                    })
                    .collect(),
            },
            _ => return Err(AppError::NotFound),
        };
        Ok(respond(table, format))
    }
    .await;
    result.unwrap_or_else(|e: AppError| e.into_response_for(lang_of(&headers)))
}

#[cfg(test)]
mod tests {
    use super::same_site_path;

    #[test]
    fn referer_is_reduced_to_a_local_path() {
        assert_eq!(
            same_site_path("http://127.0.0.1:3000/kabupaten/15.05?year=2023").as_deref(),
            Some("/kabupaten/15.05?year=2023")
        );
        assert_eq!(same_site_path("https://evil.example//x"), None);
        assert_eq!(same_site_path("http://host"), None);
    }
}
