//! MPP and any service unit: staff against need, facilities at inauguration and now (what was
//! lost), inspection timeline with findings, decline flags, IKM, tenants and services.

use crate::components::{ChartFigure, DataTable};
use crate::i18n::DateText;
use crate::i18n::{Lang, use_lang};
use crate::model::{Figure, UnitDetail};
use crate::pages::national::{indicator_name, reference_name};
use crate::pages::regency::{status_name, unit_kind_name};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitView {
    pub detail: UnitDetail,
    pub figures: Vec<Figure>,
    /// The visitor may record an inspection here (link to `/sidak/baru`).
    pub can_inspect: bool,
}

/// `Err(NotFound)` when the code is unknown.
#[server(endpoint = "get_unit")]
pub async fn get_unit(code: String) -> Result<UnitView, crate::error::AppError> {
    use crate::charts::figures;
    let state = expect_context::<crate::state::AppState>();
    let lang = crate::i18n::current_lang();
    let ctx = crate::auth::current_ctx();
    let may_read = |regency_id, province_id| ctx.can_read_unpublished(regency_id, province_id);
    let detail = crate::db::queries::unit::detail_with(&state.db, &code, may_read).await?;
    let figs = vec![
        figures::unit_staff(&detail.code, &detail.staff, lang),
        figures::ikm_trend("unit-ikm", &detail.name, &detail.ikm, lang, None),
    ];
    let can_inspect = {
        use crate::db::entities::regency;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        regency::Entity::find()
            .filter(regency::Column::Code.eq(detail.regency_code.as_str()))
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .is_some_and(|r| ctx.can_write_unit(r.id, r.province_id))
    };
    Ok(UnitView {
        detail,
        figures: figs,
        can_inspect,
    })
}

#[component]
pub fn UnitPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_unit);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <UnitBody view/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

fn facility_status_name(status: Option<&str>, lang: Lang) -> &'static str {
    match status {
        Some("functional") => lang.tr("Berfungsi", "Functional"),
        Some("present") => lang.tr("Ada, tidak berfungsi", "Present, not functional"),
        Some("absent") => lang.tr("Tidak ada", "Absent"),
        _ => "–",
    }
}

#[component]
fn UnitBody(view: UnitView) -> impl IntoView {
    let lang = use_lang();
    let UnitView {
        detail: d,
        figures,
        can_inspect,
    } = view;
    let opt = |v: Option<i32>| v.map_or_else(|| "–".to_string(), |v| lang.int(i64::from(v)));
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/?province={}", d.province_code)>{d.province_name.clone()}</a></li>
                <li><a href=format!("/kabupaten/{}", d.regency_code)>{d.regency_name.clone()}</a></li>
                <li aria-current="page">{d.name.clone()}</li>
            </ol>
        </nav>
        <h1>{d.name.clone()}</h1>
        <p>{unit_kind_name(&d.kind, lang)} {d.inaugurated_on.map(|date| view! { " — " {lang.tr("diresmikan", "inaugurated")} " " <DateText date/> })}</p>
        <section class="stats">
            <div class="stat"><span class="stat-value">{opt(d.tenants)}</span><span class="stat-label">{lang.tr("Instansi tenant", "Tenant agencies")}</span></div>
            <div class="stat"><span class="stat-value">{opt(d.services)}</span><span class="stat-label">{lang.tr("Jenis layanan", "Services")}</span></div>
            <div class="stat"><span class="stat-value">{opt(d.counters)}</span><span class="stat-label">{lang.tr("Loket", "Counters")}</span></div>
            <div class="stat"><span class="stat-value">{d.inspections.len()}</span><span class="stat-label">{lang.tr("Inspeksi", "Inspections")}</span></div>
        </section>

        <section class="declines" aria-live="polite">
            <h2>{lang.tr("Tanda penurunan", "Decline flags")}</h2>
            {if d.declines.is_empty() {
                view! { <p>{lang.tr("Tidak ada indikator yang turun melebihi ambang batas.", "No indicator fell by more than the margin.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="flags">
                        {d.declines.iter().map(|f| view! {
                            <li>
                                <strong>"⚠ " {indicator_name(&f.indicator, lang)}</strong> ": "
                                {lang.num(f.from, 1)} " → " {lang.num(f.to, 1)} " (" {reference_name(&f.reference, lang)} ")"
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <div class="grid">
            {figures.into_iter().map(|figure| view! { <ChartFigure figure/> }).collect_view()}
        </div>

        <h2>{lang.tr("Sarana prasarana: saat peresmian dan sekarang", "Facilities: at inauguration and now")}</h2>
        <DataTable
            columns=vec![
                lang.tr("Fasilitas", "Facility").into(),
                lang.tr("Saat peresmian", "At inauguration").into(),
                lang.tr("Sekarang", "Now").into(),
                lang.tr("Catatan", "Note").into(),
            ]
            rows=d.facilities.iter().map(|f| vec![
                format!("{}{}", f.name, if f.essential { " *" } else { "" }),
                facility_status_name(f.at_inauguration.as_deref(), lang).to_string(),
                facility_status_name(f.now.as_deref(), lang).to_string(),
                if f.lost { lang.tr("Hilang / tidak berfungsi lagi", "Lost / no longer functional") } else { "" }.to_string(),
            ]).collect()
        />

        <h2>{lang.tr("Riwayat inspeksi", "Inspection history")}</h2>
        {can_inspect.then(|| view! {
            <p><a class="button" href=format!("/sidak/baru?unit={}", d.code)>{lang.tr("Catat sidak", "Record an inspection")}</a></p>
        })}
        <ol class="timeline">
            {d.inspections.iter().map(|i| view! {
                <li>
                    <strong><DateText date=i.date/></strong> " — "
                    {if i.unannounced { lang.tr("Sidak (tanpa pemberitahuan)", "Unannounced (sidak)") } else { lang.tr("Terjadwal", "Announced") }}
                    " — " {i.inspector.clone()} " — "
                    {lang.tr("nilai", "score")} " " {i.score.map_or_else(|| "–".into(), |s| lang.num(s, 1))}
                    {i.facility_index.map(|f| format!(" — {} {}", lang.tr("indeks sarpras", "facility index"), lang.num(f, 0)))}
                    {(!i.findings.is_empty()).then(|| view! {
                        <ul>
                            {i.findings.iter().map(|f| view! {
                                <li><a href=format!("/temuan/{}", f.id)>{f.category.clone()} ": " {f.description.clone()}</a> " — " {status_name(&f.status, lang)}
                                    {f.overdue.then(|| lang.tr(" (lewat tenggat)", " (past due)"))}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}
