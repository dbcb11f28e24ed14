//! Nasional: headline figures, the category distribution of the chosen year, its trend, the
//! regency ranking and the units slipping since inauguration or since last year.

use crate::components::{CategoryBadge, ChartFigure, Stat};
use crate::i18n::{Lang, use_lang};
use crate::model::{Figure, NationalFilter, NationalOverview};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalView {
    pub overview: NationalOverview,
    pub distribution: Figure,
    pub trend: Figure,
}

#[server]
pub async fn get_national(filter: NationalFilter) -> Result<NationalView, crate::error::AppError> {
    use crate::charts::figures;
    use crate::state::AppState;
    let state = expect_context::<AppState>();
    let lang = crate::i18n::current_lang();
    let overview = crate::db::queries::national::overview(&state.db, &filter).await?;
    Ok(NationalView {
        distribution: figures::distribution(&overview.distribution, lang),
        trend: figures::distribution_trend(&overview.trend, lang),
        overview,
    })
}

/// The one rule for the overview's parameters, on the national page, the province page and the
/// `/api/national/*` exports alike: `param(name)` reads a query parameter; `province` fixed by
/// the path wins over the query's. An empty parameter is absent; a malformed one (`year=abc`,
/// `kind=desa`, `order=up`) is a bad request (400). An unknown province code is not decided
/// here but by the query (404).
pub fn parse_filter(
    param: impl Fn(&str) -> Option<String>,
    province: Option<String>,
) -> Result<NationalFilter, crate::error::AppError> {
    use crate::error::AppError;
    let present = |name: &str| {
        param(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let year = match present("year") {
        None => None,
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| AppError::bad_parameter(format!("year={y}")))?,
        ),
    };
    let kind = match present("kind") {
        None => None,
        Some(k) if k == "kabupaten" || k == "kota" => Some(k),
        Some(k) => return Err(AppError::bad_parameter(format!("kind={k}"))),
    };
    let order = match present("order").as_deref() {
        None | Some("desc") => None,
        Some("asc") => Some("asc".to_owned()),
        Some(o) => return Err(AppError::bad_parameter(format!("order={o}"))),
    };
    Ok(NationalFilter {
        year,
        province: province.or_else(|| present("province")),
        kind,
        order,
    })
}

/// The overview, or the error of a malformed filter without asking the server.
pub async fn load_national(
    filter: Result<NationalFilter, crate::error::AppError>,
) -> Result<NationalView, crate::error::AppError> {
    get_national(filter?).await
}

/// The URL of a page at `base` (`/` or `/provinsi/15`) with these filters; a province fixed
/// by the path is not repeated in the query.
pub fn filter_href(base: &str, f: &NationalFilter) -> String {
    let mut parts = Vec::new();
    if let Some(y) = f.year {
        parts.push(format!("year={y}"));
    }
    if let Some(p) = f.province.as_ref().filter(|_| base == "/") {
        parts.push(format!("province={p}"));
    }
    if let Some(k) = &f.kind {
        parts.push(format!("kind={k}"));
    }
    if let Some(o) = &f.order {
        parts.push(format!("order={o}"));
    }
    if parts.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", parts.join("&"))
    }
}

#[component]
pub fn NationalPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| parse_filter(|k| q.get(k), None)));
    let data = Resource::new(move || filter.get(), load_national);
    view! {
        <h1>{lang.tr("Ikhtisar Nasional", "National overview")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <NationalBody view filter=filter.get_untracked().unwrap_or_default() base="/".to_string()/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn NationalBody(view: NationalView, filter: NationalFilter, base: String) -> impl IntoView {
    let lang = use_lang();
    let NationalView {
        overview,
        distribution,
        trend,
    } = view;
    let h = overview.headline.clone();
    view! {
        <FilterForm overview=overview.clone() filter=filter.clone() base/>
        <section class="stats" aria-label=lang.tr("Angka utama", "Headline figures")>
            <Stat label=lang.tr("Kabupaten/kota dinilai", "Regencies assessed") value=format!("{} / {}", h.assessed, h.regencies)/>
            <Stat label=lang.tr("Kategori A dan B (zona hijau)", "Categories A and B (green zone)")
                value=format!("{} %", lang.num(overview.distribution.share("A") + overview.distribution.share("B"), 1))/>
            <Stat label=lang.tr("Mal Pelayanan Publik", "Public service malls") value=h.malls.to_string()/>
            <Stat label=lang.tr("Temuan terbuka lewat tenggat", "Open findings past due") value=h.open_findings_past_due.to_string()/>
            <Stat label=lang.tr("Komitmen terlambat", "Overdue commitments") value=h.overdue_commitments.to_string()/>
        </section>
        <div class="grid">
            <ChartFigure figure=distribution/>
            <ChartFigure figure=trend/>
        </div>
        <Ranking overview=overview.clone() filter lang/>
        <Malls overview=overview.clone() lang/>
        <Declining overview lang/>
    }
}

/// Year, province and kind filters: a GET form that works without JavaScript; with it, a
/// change navigates in place.
#[component]
fn FilterForm(overview: NationalOverview, filter: NationalFilter, base: String) -> impl IntoView {
    let province_fixed = base != "/";
    let lang = use_lang();
    let navigate = use_navigate();
    let current = overview.year;
    // With JavaScript, a changed select navigates in place, keeping the other filters.
    let initial = filter.clone();
    let path = base.clone();
    let change = move |field: &'static str| {
        let navigate = navigate.clone();
        let filter = initial.clone();
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let value = (!value.is_empty()).then_some(value);
            let mut f = filter.clone();
            match field {
                "year" => f.year = value.and_then(|y| y.parse().ok()),
                "province" => f.province = value,
                "kind" => f.kind = value,
                _ => f.order = value,
            }
            navigate(&filter_href(&path, &f), Default::default());
        }
    };
    view! {
        <form id="year-filter" class="filters" method="get" action=base>
            <label>
                {lang.tr("Tahun", "Year")}
                <select name="year" on:change=change("year")>
                    {overview.years.iter().rev().map(|&y| view! {
                        <option value=y.to_string() selected=y == current>{y}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class:hidden=province_fixed>
                {lang.tr("Provinsi", "Province")}
                <select name="province" on:change=change("province") disabled=province_fixed>
                    <option value="" selected=filter.province.is_none()>{lang.tr("Semua provinsi", "All provinces")}</option>
                    {overview.provinces.iter().map(|p| view! {
                        <option value=p.code.clone() selected=filter.province.as_deref() == Some(p.code.as_str())>{p.name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {lang.tr("Jenis", "Kind")}
                <select name="kind" on:change=change("kind")>
                    <option value="" selected=filter.kind.is_none()>{lang.tr("Kabupaten dan kota", "Regencies and cities")}</option>
                    <option value="kabupaten" selected=filter.kind.as_deref() == Some("kabupaten")>{lang.tr("Kabupaten", "Regency (kabupaten)")}</option>
                    <option value="kota" selected=filter.kind.as_deref() == Some("kota")>{lang.tr("Kota", "City (kota)")}</option>
                </select>
            </label>
            <label>
                {lang.tr("Urutan", "Order")}
                <select name="order" on:change=change("order")>
                    <option value="" selected=filter.order.is_none()>{lang.tr("Nilai tertinggi dulu", "Highest score first")}</option>
                    <option value="asc" selected=filter.order.is_some()>{lang.tr("Nilai terendah dulu", "Lowest score first")}</option>
                </select>
            </label>
            <button type="submit">{lang.tr("Tampilkan", "Show")}</button>
        </form>
    }
}

#[component]
fn Ranking(overview: NationalOverview, filter: NationalFilter, lang: Lang) -> impl IntoView {
    let title = match filter.order.as_deref() {
        Some("asc") => lang.tr("Peringkat terbawah", "Bottom of the ranking"),
        _ => lang.tr("Peringkat teratas", "Top of the ranking"),
    };
    view! {
        <section class="ranking">
            <h2>{title} " " {overview.year}</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <thead><tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                        <th scope="col">{lang.tr("Provinsi", "Province")}</th>
                        <th scope="col" class="num">{lang.tr("Nilai", "Score")}</th>
                        <th scope="col">{lang.tr("Kategori", "Category")}</th>
                    </tr></thead>
                    <tbody>
                        {overview.ranking.into_iter().map(|r| view! {
                            <tr>
                                <td>{r.rank}</td>
                                <td><a href=format!("/kabupaten/{}", r.code)>{r.name}</a></td>
                                <td>{r.province}</td>
                                <td class="num">{lang.num(r.score, 2)}</td>
                                <td><CategoryBadge label=r.label zone=r.zone/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Declining(overview: NationalOverview, lang: Lang) -> impl IntoView {
    view! {
        <section class="declining">
            <h2>{lang.tr("Unit yang menurun", "Units slipping")}</h2>
            <p>{lang.tr(
                "Unit layanan yang indikatornya turun lebih dari ambang batas dibanding saat peresmian atau tahun sebelumnya.",
                "Service units whose indicators fell by more than the margin since inauguration or since the previous year.",
            )}</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <thead><tr>
                        <th scope="col">{lang.tr("Unit", "Unit")}</th>
                        <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                        <th scope="col">{lang.tr("Indikator", "Indicator")}</th>
                        <th scope="col">{lang.tr("Pembanding", "Compared with")}</th>
                        <th scope="col" class="num">{lang.tr("Dari", "From")}</th>
                        <th scope="col" class="num">{lang.tr("Menjadi", "To")}</th>
                    </tr></thead>
                    <tbody>
                        {overview.declining.into_iter().map(|d| view! {
                            <tr>
                                <td><a href=format!("/unit/{}", d.unit_code)>{d.unit_name}</a></td>
                                <td><a href=format!("/kabupaten/{}", d.regency_code)>{d.regency_name}</a></td>
                                <td>{indicator_name(&d.indicator, lang)}</td>
                                <td>{reference_name(&d.reference, lang)}</td>
                                <td class="num">{lang.num(d.from, 1)}</td>
                                <td class="num">{lang.num(d.to, 1)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Display name of a decline indicator key.
pub fn indicator_name(key: &str, lang: Lang) -> &'static str {
    match key {
        "inspection_score" => lang.tr("Nilai inspeksi", "Inspection score"),
        "facility_index" => lang.tr("Indeks sarana prasarana", "Facility index"),
        "staff_index" => lang.tr("Indeks petugas", "Staff index"),
        "ikm" => lang.tr("Indeks kepuasan masyarakat", "Public satisfaction index"),
        _ => lang.tr("Indikator lain", "Other indicator"),
    }
}

/// Display name of a decline reference key.
pub fn reference_name(key: &str, lang: Lang) -> &'static str {
    match key {
        "inauguration" => lang.tr("Saat peresmian", "At inauguration"),
        _ => lang.tr("Tahun sebelumnya", "Previous year"),
    }
}

#[component]
fn Malls(overview: NationalOverview, lang: Lang) -> impl IntoView {
    (!overview.malls.is_empty()).then(|| {
        view! {
            <section class="malls">
                <h2>{lang.tr("Mal Pelayanan Publik", "Public service malls")}</h2>
                <ul class="columns">
                    {overview.malls.into_iter().map(|m| view! {
                        <li>
                            <a href=format!("/unit/{}", m.code)>{m.name}</a> " — "
                            <a href=format!("/kabupaten/{}", m.regency_code)>{m.regency_name}</a>
                            {m.inaugurated_on.map(|d| format!(" ({d})"))}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
