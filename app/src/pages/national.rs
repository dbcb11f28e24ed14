//! Nasional: headline figures, the category distribution of the chosen year, its trend, the
//! regency ranking and the units slipping since inauguration or since last year.

use crate::components::{CategoryBadge, ChartFigure, DemoMarker, DemoNote, Stat};
use crate::i18n::{Lang, use_lang};
use crate::leadership::Attention;
use crate::model::{DecliningUnit, Figure, NationalFilter, NationalOverview};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalView {
    pub overview: NationalOverview,
    pub distribution: Figure,
    pub trend: Figure,
    /// The leadership view (national page only): changes, provinces, bottom, drops.
    pub attention: Option<Attention>,
}

#[server(endpoint = "get_national")]
pub async fn get_national(filter: NationalFilter) -> Result<NationalView, crate::error::AppError> {
    use crate::charts::figures;
    use crate::state::AppState;
    let state = expect_context::<AppState>();
    let lang = crate::i18n::current_lang();
    let overview = crate::db::queries::national::overview(&state.db, &filter).await?;
    let attention = match filter.province {
        Some(_) => None,
        None => {
            Some(crate::db::queries::leadership::attention(&state.db, Some(overview.year)).await?)
        }
    };
    Ok(NationalView {
        attention,
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
        attention,
    } = view;
    let h = overview.headline.clone();
    let year = overview.year;
    let national = attention.is_some();
    let full_ranking = match &filter.province {
        Some(p) => format!("/peringkat?year={year}&province={p}"),
        None => format!("/peringkat?year={year}"),
    };
    view! {
        <FilterForm overview=overview.clone() filter=filter.clone() base=base.clone()/>
        // The national page leads with the attention view, whose cards carry the assessed
        // count and the green share with their change; the province page keeps them here.
        {attention.map(|a| view! { <crate::pages::attention::AttentionView attention=a/> })}
        // The province page's own cards: say how many of their scores are demo data.
        {(!national).then(|| view! {
            <DemoNote demo=overview.distribution.demo total=overview.distribution.assessed year/>
        })}
        <section class="stats" aria-label=lang.tr("Angka utama", "Headline figures")>
            {(!national).then(|| view! {
                <Stat label=lang.tr("Kabupaten/kota dinilai", "Regencies assessed") value=format!("{} / {}", lang.int(i64::from(h.assessed)), lang.int(i64::from(h.regencies)))/>
                <Stat label=lang.tr("Kategori A dan B (zona hijau)", "Categories A and B (green zone)")
                    value=lang.pct(overview.distribution.share("A") + overview.distribution.share("B"), 1)/>
            })}
            <Stat label=lang.tr("Mal Pelayanan Publik", "Public service malls") value=lang.int(i64::from(h.malls))/>
            <Stat label=lang.tr("Temuan terbuka lewat tenggat", "Open findings past due") value=lang.int(i64::from(h.open_findings_past_due))/>
            <Stat label=lang.tr("Komitmen terlambat", "Overdue commitments") value=lang.int(i64::from(h.overdue_commitments))/>
        </section>
        <div class="grid">
            <ChartFigure figure=distribution/>
            <ChartFigure figure=trend/>
        </div>
        <Ranking overview=overview.clone() filter lang/>
        <p class="more">
            <a href=full_ranking>{lang.tr("Lihat peringkat lengkap semua kabupaten/kota", "See the full ranking of all regencies")}</a>
        </p>
        <Malls overview=overview.clone() lang/>
        <Declining overview lang base=base.clone()/>
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
    let demo = overview.ranking.iter().filter(|r| !r.published).count() as u32;
    let shown = overview.ranking.len() as u32;
    view! {
        <section class="ranking">
            <h2>{title} " " {overview.year}</h2>
            <DemoNote demo total=shown year=overview.year/>
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
                                <td>{lang.int(i64::from(r.rank))}</td>
                                <td><a href=format!("/kabupaten/{}", r.code)>{r.name}</a></td>
                                <td>{r.province}</td>
                                <td class="num">{lang.num(r.score, 2)}<DemoMarker published=r.published/></td>
                                <td><CategoryBadge label=r.label zone=r.zone/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A unit with all its flagged indicators: one row per unit.
#[derive(Clone, Debug, PartialEq)]
pub struct DecliningGroup {
    pub unit_code: String,
    pub unit_name: String,
    pub regency_code: String,
    pub regency_name: String,
    pub flags: Vec<DecliningUnit>,
    /// The largest drop among its flags, in points.
    pub drop: f64,
}

/// Groups decline flags by unit, largest drop first (ties by unit code).
pub fn group_declining(flags: &[DecliningUnit]) -> Vec<DecliningGroup> {
    let mut groups: Vec<DecliningGroup> = Vec::new();
    for f in flags {
        let drop = f.from - f.to;
        match groups.iter_mut().find(|g| g.unit_code == f.unit_code) {
            Some(g) => {
                g.drop = g.drop.max(drop);
                g.flags.push(f.clone());
            }
            None => groups.push(DecliningGroup {
                unit_code: f.unit_code.clone(),
                unit_name: f.unit_name.clone(),
                regency_code: f.regency_code.clone(),
                regency_name: f.regency_name.clone(),
                flags: vec![f.clone()],
                drop,
            }),
        }
    }
    groups.sort_by(|a, b| {
        b.drop
            .total_cmp(&a.drop)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    groups
}

/// How many slipping units the national page shows before "Lihat semua".
pub const DECLINING_SHOWN: usize = 10;

#[component]
fn Declining(overview: NationalOverview, lang: Lang, base: String) -> impl IntoView {
    let groups = group_declining(&overview.declining);
    let total = groups.len();
    let year = overview.year;
    let query = use_query_map();
    // `?menurun=semua` lists every unit; read reactively so a client-side click updates it.
    let show_all = move || query.with(|q| q.get("menurun").as_deref() == Some("semua"));
    let rows = move || {
        let all = show_all();
        groups
            .iter()
            .take(if all { usize::MAX } else { DECLINING_SHOWN })
            .cloned()
            .map(|g| view! {
                <tr>
                    <td><a href=format!("/unit/{}", g.unit_code)>{g.unit_name}</a></td>
                    <td><a href=format!("/kabupaten/{}", g.regency_code)>{g.regency_name}</a></td>
                    <td>
                        <ul class="chips">
                            {g.flags.into_iter().map(|d| view! {
                                <li class="chip">
                                    {indicator_name(&d.indicator, lang)} " ("
                                    {reference_name(&d.reference, lang).to_lowercase()} "): "
                                    {lang.num(d.from, 1)} " → " {lang.num(d.to, 1)}
                                </li>
                            }).collect_view()}
                        </ul>
                    </td>
                    <td class="num">{format!("−{}", lang.num(g.drop, 1))}</td>
                </tr>
            })
            .collect_view()
    };
    let more = move || {
        (!show_all() && total > DECLINING_SHOWN).then(|| {
            let href = format!("{base}?year={year}&menurun=semua#menurun");
            view! {
                <p class="more"><a href=href>{lang.tr("Lihat semua", "See all")} {format!(" ({total})")}</a></p>
            }
        })
    };
    view! {
        <section class="declining" id="menurun">
            <h2>{lang.tr("Unit yang menurun", "Units slipping")} {format!(" ({total})")}</h2>
            <p>{lang.tr(
                "Unit layanan yang indikatornya turun lebih dari ambang batas dibanding saat peresmian atau tahun sebelumnya. Satu baris per unit, penurunan terbesar dulu.",
                "Service units whose indicators fell by more than the margin since inauguration or since the previous year. One row per unit, largest drop first.",
            )}</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <thead><tr>
                        <th scope="col">{lang.tr("Unit", "Unit")}</th>
                        <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                        <th scope="col">{lang.tr("Indikator yang turun", "Indicators that fell")}</th>
                        <th scope="col" class="num">{lang.tr("Penurunan terbesar (poin)", "Largest drop (points)")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {more}
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
                            {m.inaugurated_on.map(|d| format!(" ({})", lang.date(d)))}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(unit: &str, indicator: &str, reference: &str, from: f64, to: f64) -> DecliningUnit {
        DecliningUnit {
            unit_code: unit.into(),
            unit_name: format!("MPP {unit}"),
            regency_code: unit[..5].into(),
            regency_name: "Kabupaten X".into(),
            indicator: indicator.into(),
            reference: reference.into(),
            from,
            to,
        }
    }

    #[test]
    fn declining_flags_group_one_row_per_unit_largest_drop_first() {
        let flags = vec![
            flag("15.05-MPP", "inspection_score", "inauguration", 90.0, 70.0),
            flag("15.71-MPP", "inspection_score", "previous_year", 85.0, 60.0),
            flag("15.05-MPP", "inspection_score", "previous_year", 80.0, 70.0),
            flag("16.01-MPP", "facility_index", "inauguration", 95.0, 83.0),
        ];
        let groups = group_declining(&flags);
        let units: Vec<&str> = groups.iter().map(|g| g.unit_code.as_str()).collect();
        assert_eq!(units, ["15.71-MPP", "15.05-MPP", "16.01-MPP"]);
        assert_eq!(
            groups[1].flags.len(),
            2,
            "both flags of a unit in its one row"
        );
        assert_eq!(groups[1].drop, 20.0, "the largest of its drops");
        assert_eq!(groups[0].drop, 25.0);
    }
}
