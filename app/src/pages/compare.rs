//! Bandingkan: two to four regencies side by side, indicators and overlaid score trends.
//! The choice lives in the URL (`/bandingkan?kode=15.05&kode=15.71`).

use crate::components::{ChartFigure, DataTable};
use crate::i18n::use_lang;
use crate::model::{Figure, RegencyDetail, RegencyRef};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

pub const MAX_COMPARED: usize = 4;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareView {
    pub all: Vec<RegencyRef>,
    pub regencies: Vec<RegencyDetail>,
    /// What was typed but matched no regency (or more than one).
    pub unknown: Vec<String>,
    pub figure: Option<Figure>,
}

#[server(endpoint = "get_compare")]
pub async fn get_compare(codes: Vec<String>) -> Result<CompareView, crate::error::AppError> {
    use crate::db::{DataError, queries};
    let state = expect_context::<crate::state::AppState>();
    let lang = crate::i18n::current_lang();
    let mut regencies = Vec::new();
    let mut unknown = Vec::new();
    // Names ("Muaro Jambi", "Kota Jambi") are accepted as well as codes.
    let places = queries::search::candidates(&state.db).await?;
    for typed in codes.iter().take(MAX_COMPARED) {
        let Some(code) = queries::search::resolve_regency_in(&places, typed) else {
            unknown.push(typed.clone());
            continue;
        };
        if regencies.iter().any(|r: &RegencyDetail| r.code == code) {
            continue;
        }
        let code = &code;
        let ctx = crate::auth::current_ctx();
        let may_read = |regency_id, province_id| ctx.can_read_unpublished(regency_id, province_id);
        match queries::regency::detail_with(&state.db, code, may_read).await {
            Ok(d) => regencies.push(d),
            Err(DataError::UnknownRegion(c)) => unknown.push(c),
            Err(e) => return Err(e.into()),
        }
    }
    let figure =
        (!regencies.is_empty()).then(|| crate::charts::figures::compare_scores(&regencies, lang));
    Ok(CompareView {
        all: queries::regency::all(&state.db).await?,
        regencies,
        unknown,
        figure,
    })
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let codes = Memo::new(move |_| {
        query.with(|q| {
            let mut codes: Vec<String> = q
                .get_all("kode")
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect();
            codes.dedup();
            codes
        })
    });
    let data = Resource::new(move || codes.get(), get_compare);
    view! {
        <h1>{lang.tr("Bandingkan kabupaten/kota", "Compare regencies")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <CompareBody view codes=codes.get_untracked()/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

/// The latest score as "84,57 (B, 2023)"; a demo score says so and never hides the latest
/// published one: "96,64 (A, 2024) · data demo; dipublikasikan: 84,57 (B, 2023)".
pub fn latest_score_text(scores: &[crate::model::ScoreRow], lang: crate::i18n::Lang) -> String {
    let one =
        |s: &crate::model::ScoreRow| format!("{} ({}, {})", lang.num(s.total, 2), s.label, s.year);
    let Some(latest) = scores.last() else {
        return "–".into();
    };
    if latest.published {
        return one(latest);
    }
    let mut text = format!("{} · {}", one(latest), lang.tr("data demo", "demo data"));
    if let Some(p) = scores.iter().rev().find(|s| s.published) {
        text.push_str(&format!(
            "; {}: {}",
            lang.tr("dipublikasikan", "published"),
            one(p)
        ));
    }
    text
}

#[component]
fn CompareBody(view: CompareView, codes: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let CompareView {
        all,
        regencies,
        unknown,
        figure,
    } = view;
    let value = |i: usize| codes.get(i).cloned().unwrap_or_default();
    let rows = vec![
        (
            lang.tr("Provinsi", "Province"),
            regencies
                .iter()
                .map(|r| r.province_name.clone())
                .collect::<Vec<_>>(),
        ),
        (
            lang.tr("Nilai terakhir", "Latest score"),
            regencies
                .iter()
                .map(|r| latest_score_text(&r.scores, lang))
                .collect(),
        ),
        (
            lang.tr("Jumlah MPP", "Malls"),
            regencies
                .iter()
                .map(|r| {
                    r.units
                        .iter()
                        .filter(|u| u.kind == "mpp")
                        .count()
                        .to_string()
                })
                .collect(),
        ),
        (
            lang.tr("IKM terakhir", "Latest IKM"),
            regencies
                .iter()
                .map(|r| {
                    r.ikm_trend
                        .last()
                        .map_or("–".into(), |(y, v)| format!("{} ({y})", lang.num(*v, 2)))
                })
                .collect(),
        ),
        (
            lang.tr("Temuan lewat tenggat", "Findings past due"),
            regencies
                .iter()
                .map(|r| r.findings.iter().filter(|f| f.overdue).count().to_string())
                .collect(),
        ),
        (
            lang.tr("Komitmen terlambat", "Overdue commitments"),
            regencies
                .iter()
                .map(|r| {
                    r.mous
                        .iter()
                        .flat_map(|m| &m.commitments)
                        .filter(|c| c.overdue)
                        .count()
                        .to_string()
                })
                .collect(),
        ),
    ];
    let mut columns = vec![lang.tr("Indikator", "Indicator").to_string()];
    columns.extend(regencies.iter().map(|r| r.name.clone()));
    view! {
        <form class="filters" method="get" action="/bandingkan">
            {(0..MAX_COMPARED).map(|i| view! {
                <label>
                    {format!("{} {}", lang.tr("Kabupaten/kota (nama atau kode)", "Regency (name or code)"), i + 1)}
                    <input name="kode" list="regency-list" value=value(i) placeholder="Muaro Jambi / 15.05" size="22"/>
                </label>
            }).collect_view()}
            <button type="submit">{lang.tr("Bandingkan", "Compare")}</button>
            <datalist id="regency-list">
                {all.into_iter().map(|r| view! { <option value=r.name>{r.code}</option> }).collect_view()}
            </datalist>
        </form>
        {(!unknown.is_empty()).then(|| view! {
            <p class="error" role="alert">{lang.tr("Tidak dikenal atau lebih dari satu kabupaten/kota cocok:", "Unknown, or more than one regency matches:")} " " {unknown.join(", ")}</p>
        })}
        {if regencies.len() < 2 {
            view! { <p>{lang.tr("Pilih dua sampai empat kabupaten/kota.", "Choose two to four regencies.")}</p> }.into_any()
        } else {
            view! {
                <DataTable columns rows=rows.into_iter().map(|(label, cells)| {
                    let mut row = vec![label.to_string()];
                    row.extend(cells);
                    row
                }).collect()/>
                {figure.map(|figure| view! { <ChartFigure figure/> })}
                <ul>
                    {regencies.iter().map(|r| view! { <li><a href=format!("/kabupaten/{}", r.code)>{r.name.clone()}</a></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::ScoreRow;

    fn score(year: i32, total: f64, label: &str, published: bool) -> ScoreRow {
        ScoreRow {
            year,
            total,
            label: label.into(),
            zone: "hijau".into(),
            methodology_version: "2022".into(),
            published,
            source: None,
            input: None,
            process: None,
            output: None,
            complaint_handling: None,
        }
    }

    #[test]
    fn a_demo_latest_score_is_marked_and_keeps_the_published_one_beside_it() {
        let published = score(2023, 84.57, "B", true);
        let demo = score(2024, 96.64, "A", false);
        assert_eq!(
            latest_score_text(std::slice::from_ref(&published), Lang::Id),
            "84,57 (B, 2023)"
        );
        assert_eq!(
            latest_score_text(&[published.clone(), demo.clone()], Lang::Id),
            "96,64 (A, 2024) · data demo; dipublikasikan: 84,57 (B, 2023)"
        );
        assert_eq!(
            latest_score_text(&[demo], Lang::En),
            "96.64 (A, 2024) · demo data"
        );
        assert_eq!(latest_score_text(&[], Lang::Id), "–");
    }

    #[test]
    fn demo_note_counts_with_thousands_separators() {
        assert_eq!(
            crate::components::demo_note_text(1503, 2000, 2024, Lang::Id),
            "1.503 dari 2.000 nilai kabupaten/kota tahun 2024 adalah data demo, bukan hasil publikasi Ombudsman RI."
        );
        assert_eq!(
            crate::components::demo_note_text(1503, 2000, 2024, Lang::En),
            "1,503 of 2,000 regency scores of 2024 are demo data, not published by Ombudsman RI."
        );
    }
}
