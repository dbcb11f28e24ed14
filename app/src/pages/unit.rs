//! MPP and any service unit: staff against need, facilities at inauguration and now (what was
//! lost), inspection timeline with findings, decline flags, IKM, tenants and services.

use crate::components::ChartFigure;
use crate::i18n::DateText;
use crate::i18n::{Lang, use_lang};
use crate::model::{Change, Figure, Measure, ThenNow, ThenNowRow, UnitDetail};
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
        figures::unit_inspections(&detail.inspections, detail.inaugurated_on, lang),
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

/// The name of an inspection kind as the timeline shows it.
pub fn inspection_kind(unannounced: bool, lang: Lang) -> &'static str {
    if unannounced {
        lang.tr("Sidak (tanpa pemberitahuan)", "Unannounced (sidak)")
    } else {
        lang.tr("Kunjungan terjadwal", "Scheduled visit")
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

fn then_now_name(key: &str, lang: Lang) -> &'static str {
    match key {
        "facilities" => lang.tr("Fasilitas berfungsi", "Facilities working"),
        "staff" => lang.tr(
            "Petugas terhadap kebutuhan (ABK)",
            "Staff against need (ABK)",
        ),
        "trained" => lang.tr("Petugas terlatih", "Trained staff"),
        "attendance" => lang.tr("Kehadiran petugas", "Staff attendance"),
        "ikm" => lang.tr("IKM (kepuasan masyarakat)", "IKM (public satisfaction)"),
        "inspection_score" => lang.tr("Nilai inspeksi", "Inspection score"),
        _ => "–",
    }
}

/// Who provides the data of a then-versus-now line when it is missing, and where.
fn then_now_source(key: &str, lang: Lang) -> &'static str {
    match key {
        "facilities" | "inspection_score" => lang.tr(
            "dicatat Ombudsman RI (asisten) lewat formulir sidak",
            "recorded by the Ombudsman (assistant) through the inspection form",
        ),
        "ikm" => lang.tr(
            "dilaporkan unit layanan dari SKM per semester (impor data SKM)",
            "reported by the unit from its semester SKM survey (SKM data import)",
        ),
        _ => lang.tr(
            "dilaporkan pemda/pengelola MPP (impor data petugas)",
            "reported by the regency / mall manager (staff data import)",
        ),
    }
}

fn measure_text(key: &str, m: &Measure, lang: Lang) -> String {
    match (key, m.count) {
        ("facilities", Some((n, of))) => {
            format!(
                "{} {} {}",
                lang.int(i64::from(n)),
                lang.tr("dari", "of"),
                lang.int(i64::from(of))
            )
        }
        (_, Some((n, of))) => format!(
            "{} {} {} ({})",
            lang.int(i64::from(n)),
            lang.tr("dari", "of"),
            lang.int(i64::from(of)),
            lang.pct(m.value, 1)
        ),
        ("attendance", None) => lang.pct(m.value, 1),
        _ => lang.num(m.value, 1),
    }
}

fn measure_when(m: &Measure, lang: Lang) -> String {
    m.period.clone().unwrap_or_else(|| lang.date(m.date))
}

fn change_text(row: &ThenNowRow, lang: Lang) -> (&'static str, String) {
    let (Some(a), Some(b)) = (&row.then, &row.now) else {
        return (
            "change-none",
            lang.tr("Belum dapat dibandingkan", "Cannot be compared yet")
                .into(),
        );
    };
    let d = (b.value - a.value).abs();
    let amount = if row.key == "facilities" {
        format!(
            "{} {}",
            lang.int(d.round() as i64),
            lang.tr("fasilitas", "facilities")
        )
    } else if row.key == "ikm" || row.key == "inspection_score" {
        format!("{} {}", lang.num(d, 1), lang.tr("poin", "points"))
    } else {
        format!(
            "{} {}",
            lang.num(d, 1),
            lang.tr("poin persen", "percentage points")
        )
    };
    match row.change() {
        Some(Change::Up) => ("change-up", format!("▲ {} {amount}", lang.tr("naik", "up"))),
        Some(Change::Down) => (
            "change-down",
            format!("▼ {} {amount}", lang.tr("turun", "down")),
        ),
        Some(Change::Same) => (
            "change-same",
            format!("■ {}", lang.tr("tetap", "unchanged")),
        ),
        None => (
            "change-none",
            lang.tr("Baru satu pengukuran", "Only one measurement so far")
                .into(),
        ),
    }
}

#[component]
fn ThenNowPanel(then_now: ThenNow) -> impl IntoView {
    let lang = use_lang();
    let ThenNow {
        inaugurated_on,
        rows,
        lost,
        added,
    } = then_now;
    let heading = if inaugurated_on.is_some() {
        lang.tr("Saat peresmian → Sekarang", "At inauguration → Now")
    } else {
        lang.tr("Data pertama → Sekarang", "First data → Now")
    };
    let then_label = if inaugurated_on.is_some() {
        lang.tr("Saat peresmian", "At inauguration")
    } else {
        lang.tr("Data pertama", "First data")
    };
    view! {
        <section class="then-now" aria-labelledby="then-now-heading" data-testid="then-now">
            <h2 id="then-now-heading">{heading}</h2>
            {match inaugurated_on {
                Some(date) => view! {
                    <p class="then-now-ref">{lang.tr("Diresmikan", "Inaugurated")} " " <DateText date/> ". "
                        {lang.tr("Setiap baris membandingkan pengukuran terdekat dengan tanggal peresmian dengan pengukuran terakhir.",
                                 "Each line compares the measurement nearest the inauguration with the latest one.")}</p>
                }.into_any(),
                None => view! {
                    <p class="then-now-ref">{lang.tr("Tanggal peresmian belum tercatat (diisi lewat impor data unit); pembanding: data pertama.",
                        "No inauguration date recorded yet (provided through the unit data import); compared with the first data.")}</p>
                }.into_any(),
            }}
            <ul class="then-now-list">
                {rows.into_iter().map(|row| {
                    let (class, change) = change_text(&row, lang);
                    let missing = row.then.is_none() || row.now.is_none();
                    let side = |m: &Option<Measure>| match m {
                        Some(m) => view! { {measure_text(&row.key, m, lang)} " " <span class="when">"(" {measure_when(m, lang)} ")"</span> }.into_any(),
                        None => view! { <span class="no-data">{lang.tr("belum ada data", "no data yet")}</span> }.into_any(),
                    };
                    view! {
                        <li class=format!("then-now-item {class}") data-key=row.key.clone()>
                            <h3>{then_now_name(&row.key, lang)}</h3>
                            <dl>
                                <dt>{then_label}</dt><dd>{side(&row.then)}</dd>
                                <dt>{lang.tr("Sekarang", "Now")}</dt><dd>{side(&row.now)}</dd>
                            </dl>
                            <p class="change">{change}</p>
                            {missing.then(|| view! { <p class="muted">{then_now_source(&row.key, lang)}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!lost.is_empty()).then(|| view! {
                <p class="lost"><strong>"▼ " {lang.tr("Hilang/rusak sejak peresmian", "Lost/broken since inauguration")} ": "</strong> {lost.join(", ")}</p>
            })}
            {(!added.is_empty()).then(|| view! {
                <p class="added"><strong>"▲ " {lang.tr("Bertambah/diperbaiki sejak peresmian", "Added/repaired since inauguration")} ": "</strong> {added.join(", ")}</p>
            })}
        </section>
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
    let now_of = |key: &str| {
        d.then_now
            .rows
            .iter()
            .find(|r| r.key == key)
            .and_then(|r| r.now.clone())
    };
    let sidaks = d.inspections.iter().filter(|i| i.unannounced).count();
    let unit_source = lang.tr(
        "diisi pemda/DPMPTSP lewat impor data unit",
        "provided by the regency (DPMPTSP) through the unit data import",
    );
    // A headline card: the value, or "belum ada data" and who provides it.
    let card = move |value: Option<String>,
                     label: &'static str,
                     note: Option<String>,
                     source: &'static str| {
        match value {
            Some(v) => view! {
                <div class="stat"><span class="stat-value">{v}</span><span class="stat-label">{label}</span>
                    {note.map(|n| view! { <span class="stat-note">{n}</span> })}</div>
            }.into_any(),
            None => view! {
                <div class="stat stat-missing"><span class="stat-value no-data">{lang.tr("belum ada data", "no data yet")}</span>
                    <span class="stat-label">{label}</span><span class="stat-note">{source}</span></div>
            }.into_any(),
        }
    };
    let count = |v: Option<i32>| v.map(|v| lang.int(i64::from(v)));
    let staff_now = now_of("staff");
    let facilities_now = now_of("facilities");
    let ikm_now = now_of("ikm");
    let then_now = d.then_now.clone();
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

        <ThenNowPanel then_now/>

        <section class="stats" aria-label=lang.tr("Ringkasan", "Summary")>
            {card(
                Some(lang.int(d.inspections.len() as i64)),
                lang.tr("Inspeksi", "Inspections"),
                Some(format!("{} {}", lang.int(sidaks as i64), lang.tr("sidak tanpa pemberitahuan", "unannounced"))),
                "",
            )}
            {card(
                staff_now.as_ref().and_then(|m| m.count).map(|(n, of)| format!("{} / {}", lang.int(i64::from(n)), lang.int(i64::from(of)))),
                lang.tr("Petugas bertugas / ABK", "Staff on duty / need"),
                staff_now.as_ref().map(|m| lang.date(m.date)),
                then_now_source("staff", lang),
            )}
            {card(
                facilities_now.as_ref().and_then(|m| m.count).map(|(n, of)| format!("{} / {}", lang.int(i64::from(n)), lang.int(i64::from(of)))),
                lang.tr("Fasilitas berfungsi", "Facilities working"),
                facilities_now.as_ref().map(|m| lang.date(m.date)),
                then_now_source("facilities", lang),
            )}
            {card(
                ikm_now.as_ref().map(|m| lang.num(m.value, 1)),
                lang.tr("IKM terakhir", "Latest IKM"),
                ikm_now.as_ref().and_then(|m| m.period.clone()),
                then_now_source("ikm", lang),
            )}
            {card(count(d.tenants), lang.tr("Instansi tenant", "Tenant agencies"), None, unit_source)}
            {card(count(d.services), lang.tr("Jenis layanan", "Services"), None, unit_source)}
            {card(count(d.counters), lang.tr("Loket", "Counters"), None, unit_source)}
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

        <section class="facilities" aria-labelledby="facilities-heading">
            <h2 id="facilities-heading">{lang.tr("Sarana prasarana: saat peresmian dan sekarang", "Facilities: at inauguration and now")}</h2>
            <p class="muted">{lang.tr("Yang hilang atau rusak sejak peresmian ditampilkan lebih dulu. * = fasilitas wajib.",
                "Items lost or broken since the inauguration come first. * = essential facility.")}</p>
            {if d.facilities.is_empty() {
                view! { <p class="no-data">{lang.tr("Belum ada data — ", "No data yet — ")} {then_now_source("facilities", lang)}</p> }.into_any()
            } else {
                view! {
                    <ul class="facility-grid">
                        {d.facilities.iter().map(|f| {
                            let class = if f.lost { "facility facility-lost" } else if f.added { "facility facility-added" } else { "facility" };
                            view! {
                                <li class=class>
                                    <h3>{f.name.clone()}{f.essential.then_some(" *")}</h3>
                                    {f.lost.then(|| view! { <p class="facility-flag">"▼ " {lang.tr("Hilang/rusak sejak peresmian", "Lost/broken since inauguration")}</p> })}
                                    {f.added.then(|| view! { <p class="facility-flag">"▲ " {lang.tr("Berfungsi kembali/baru", "Working again/new")}</p> })}
                                    <dl>
                                        <dt>{lang.tr("Saat peresmian", "At inauguration")}</dt><dd>{facility_status_name(f.at_inauguration.as_deref(), lang)}</dd>
                                        <dt>{lang.tr("Sekarang", "Now")}</dt><dd>{facility_status_name(f.now.as_deref(), lang)}</dd>
                                    </dl>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <h2>{lang.tr("Riwayat inspeksi", "Inspection history")}</h2>
        {can_inspect.then(|| view! {
            <p><a class="button" href=format!("/sidak/baru?unit={}", d.code)>{lang.tr("Catat sidak", "Record an inspection")}</a></p>
        })}
        <ol class="timeline">
            {d.inspections.iter().map(|i| view! {
                <li>
                    <strong><DateText date=i.date/></strong> " — "
                    {inspection_kind(i.unannounced, lang)}
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
