//! Kabupaten/Kota: compliance score against the bands, dimensions, IKM, service units, open
//! findings and MoU commitments. Prints as a briefing ("rapor").

use crate::components::{CategoryBadge, ChartFigure, DataTable};
use crate::i18n::{Lang, use_lang};
use crate::model::{Figure, RegencyDetail};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegencyView {
    pub detail: RegencyDetail,
    pub figures: Vec<Figure>,
    /// The visitor may record inspections of this regency's units.
    pub can_inspect: bool,
}

/// `Err(NotFound)` when the code is unknown.
#[server]
pub async fn get_regency(code: String) -> Result<RegencyView, crate::error::AppError> {
    use crate::charts::figures;
    let state = expect_context::<crate::state::AppState>();
    let lang = crate::i18n::current_lang();
    let ctx = crate::auth::current_ctx();
    let may_read = |regency_id, province_id| ctx.can_read_unpublished(regency_id, province_id);
    let detail = crate::db::queries::regency::detail_with(&state.db, &code, may_read).await?;
    let mut figs = vec![figures::regency_scores(
        &detail.code,
        &detail.name,
        &detail.scores,
        lang,
    )];
    figs.extend(figures::regency_dimensions(
        &detail.code,
        &detail.scores,
        lang,
    ));
    figs.push(figures::ikm_trend(
        "regency-ikm",
        &detail.name,
        &detail.ikm_trend,
        lang,
        None,
    ));
    let can_inspect = {
        use crate::db::entities::regency;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let ctx = crate::auth::current_ctx();
        regency::Entity::find()
            .filter(regency::Column::Code.eq(detail.code.as_str()))
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .is_some_and(|r| ctx.can_write_unit(r.id, r.province_id))
    };
    Ok(RegencyView {
        detail,
        figures: figs,
        can_inspect,
    })
}

#[component]
pub fn RegencyPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_regency);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <RegencyBody view/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

/// Display name of a unit kind.
pub fn unit_kind_name(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "mpp" => lang.tr("Mal Pelayanan Publik", "Public service mall"),
        "dpmptsp" => lang.tr("DPMPTSP (perizinan)", "Licensing office (DPMPTSP)"),
        "disdukcapil" => lang.tr("Disdukcapil", "Civil registry (Disdukcapil)"),
        "puskesmas" => lang.tr("Puskesmas", "Community health centre"),
        "rsud" => lang.tr("RSUD", "Regional hospital"),
        _ => lang.tr("OPD lain", "Other office"),
    }
}

/// Display name of a follow-up or commitment status.
pub fn status_name(status: &str, lang: Lang) -> &'static str {
    match status {
        "belum" => lang.tr("Belum ditindaklanjuti", "Not yet followed up"),
        "sebagian" => lang.tr("Sebagian", "Partly done"),
        "selesai" => lang.tr("Selesai", "Done"),
        "on_track" => lang.tr("Sesuai jadwal", "On track"),
        "at_risk" => lang.tr("Berisiko", "At risk"),
        "late" => lang.tr("Terlambat", "Late"),
        "done" => lang.tr("Tercapai", "Achieved"),
        _ => lang.tr("Belum ada laporan", "No report yet"),
    }
}

fn opt_num(v: Option<f64>, lang: Lang, decimals: usize) -> String {
    lang.opt_num(v, decimals)
}

/// "Data demo" or "Dipublikasikan" as a badge: demo figures are marked wherever they are shown.
#[component]
pub fn SourceBadge(published: bool) -> impl IntoView {
    let lang = use_lang();
    if published {
        view! { <span class="source source-published">{lang.tr("Dipublikasikan", "Published")}</span> }
    } else {
        view! { <span class="source source-demo">{lang.tr("Data demo", "Demo data")}</span> }
    }
}

/// A button that opens the browser's print dialog (the print stylesheet lays the page out
/// as an A4 rapor); without JavaScript, a hint to use the browser's own print command.
#[component]
pub fn PrintButton() -> impl IntoView {
    let lang = use_lang();
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = leptos::prelude::window().print();
        }
    };
    view! {
        <div class="print-actions">
            <button type="button" class="print-button" on:click=print>{lang.tr("Cetak rapor", "Print report")}</button>
            <noscript><span class="hint">{lang.tr(
                " Tanpa JavaScript: gunakan perintah Cetak di peramban (Ctrl+P).",
                " Without JavaScript: use the browser's Print command (Ctrl+P).",
            )}</span></noscript>
        </div>
    }
}

#[component]
fn RegencyBody(view: RegencyView) -> impl IntoView {
    let lang = use_lang();
    let RegencyView {
        detail: d,
        figures,
        can_inspect,
    } = view;
    let latest = d.scores.last().cloned();
    // The latest published score is never replaced by a newer demo one: both are shown, marked.
    let published = d.scores.iter().rev().find(|s| s.published).cloned();
    let demo_latest = latest.clone().filter(|s| !s.published);
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/?province={}", d.province_code)>{d.province_name.clone()}</a></li>
                <li aria-current="page">{d.name.clone()}</li>
            </ol>
        </nav>
        <p class="print-only">
            {lang.tr("Rapor pelayanan publik — dicetak dari Pantau pada", "Public service report — printed from Pantau on")} " " {lang.date_long(d.today)}
        </p>
        <h1>{d.name.clone()}</h1>
        <PrintButton/>
        <section class="stats">
            <div class="stat" data-stat="published-score">
                <span class="stat-value">{published.as_ref().map_or_else(|| "–".to_string(), |s| lang.num(s.total, 2))}</span>
                <span class="stat-label">
                    {lang.tr("Nilai kepatuhan terakhir yang dipublikasikan", "Latest published compliance score")}
                    {published.as_ref().map(|s| format!(" ({})", s.year))} " "
                    {published.as_ref().map(|_| view! { <SourceBadge published=true/> })}
                </span>
            </div>
            <div class="stat">
                <span class="stat-value">{published.as_ref().map(|s| view! { <CategoryBadge label=s.label.clone() zone=s.zone.clone()/> })}</span>
                <span class="stat-label">{lang.tr("Kategori", "Category")} {published.as_ref().map(|s| format!(" ({})", s.year))}</span>
            </div>
            {demo_latest.map(|s| view! {
                <div class="stat stat-demo" data-stat="demo-score">
                    <span class="stat-value">{lang.num(s.total, 2)}</span>
                    <span class="stat-label">
                        {lang.tr("Nilai", "Score")} {format!(" {} ", s.year)}
                        <SourceBadge published=false/>
                        {lang.tr(" — bukan nilai resmi Ombudsman RI", " — not an official Ombudsman RI score")}
                    </span>
                </div>
            })}
            <div class="stat">
                <span class="stat-value">{d.units.iter().filter(|u| u.kind == "mpp").count()}</span>
                <span class="stat-label">{lang.tr("Mal Pelayanan Publik", "Public service malls")}</span>
            </div>
            <div class="stat">
                <span class="stat-value">{d.findings.iter().filter(|f| f.overdue).count()}</span>
                <span class="stat-label">{lang.tr("Temuan lewat tenggat", "Findings past due")}</span>
            </div>
            <div class="stat">
                <span class="stat-value">{lang.int(d.population)}</span>
                <span class="stat-label">{lang.tr("Penduduk (2024)", "Population (2024)")}</span>
            </div>
        </section>
        <div class="grid">
            {figures.into_iter().map(|figure| view! { <ChartFigure figure/> }).collect_view()}
        </div>

        <h2>{lang.tr("Riwayat nilai kepatuhan", "Compliance score history")}</h2>
        <div class="table-wrap" tabindex="0">
            <table class="score-history">
                <thead><tr>
                    <th scope="col">{lang.tr("Tahun", "Year")}</th>
                    <th scope="col" class="num">{lang.tr("Nilai", "Score")}</th>
                    <th scope="col">{lang.tr("Kategori", "Category")}</th>
                    <th scope="col">{lang.tr("Metodologi", "Methodology")}</th>
                    <th scope="col">{lang.tr("Status data", "Data status")}</th>
                </tr></thead>
                <tbody>
                    {d.scores.iter().rev().map(|s| view! {
                        <tr data-year=s.year.to_string() data-published=s.published.to_string()>
                            <th scope="row">{s.year}</th>
                            <td class="num">{lang.num(s.total, 2)}</td>
                            <td><CategoryBadge label=s.label.clone() zone=s.zone.clone()/></td>
                            <td>{s.methodology_version.clone()}</td>
                            <td><SourceBadge published=s.published/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="downloads">
            <a class="download" href=format!("/api/regency/{}/scores.csv", d.code)>{lang.tr("Unduh CSV nilai", "Download scores as CSV")}</a> " · "
            <a class="download" href=format!("/api/regency/{}/scores.xlsx", d.code)>{lang.tr("Unduh Excel (.xlsx)", "Download Excel (.xlsx)")}</a>
        </p>

        <h2>{lang.tr("Unit layanan", "Service units")}</h2>
        <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>
                    <th scope="col">{lang.tr("Unit", "Unit")}</th>
                    <th scope="col">{lang.tr("Jenis", "Kind")}</th>
                    <th scope="col">{lang.tr("Diresmikan", "Inaugurated")}</th>
                    <th scope="col">{lang.tr("Inspeksi terakhir", "Last inspection")}</th>
                    <th scope="col" class="num">{lang.tr("Nilai inspeksi", "Inspection score")}</th>
                    <th scope="col" class="num">{lang.tr("Petugas vs ABK (%)", "Staff vs need (%)")}</th>
                    <th scope="col" class="num">"IKM"</th>
                    <th scope="col" class="num">{lang.tr("Temuan terbuka", "Open findings")}</th>
                    {can_inspect.then(|| view! { <th scope="col">{lang.tr("Sidak", "Inspection")}</th> })}
                </tr></thead>
                <tbody>
                    {d.units.iter().map(|u| view! {
                        <tr>
                            <td><a href=format!("/unit/{}", u.code)>{u.name.clone()}</a></td>
                            <td>{unit_kind_name(&u.kind, lang)}</td>
                            <td>{lang.opt_date(u.inaugurated_on)}</td>
                            <td>{lang.opt_date(u.last_inspection)}</td>
                            <td class="num">{opt_num(u.inspection_score, lang, 1)}</td>
                            <td class="num">{opt_num(u.staff_coverage_pct, lang, 0)}</td>
                            <td class="num">{opt_num(u.ikm, lang, 2)}</td>
                            <td class="num">{lang.int(i64::from(u.open_findings))}</td>
                            {can_inspect.then(|| view! {
                                <td><a href=format!("/sidak/baru?unit={}", u.code)>{lang.tr("Catat sidak", "Record an inspection")}<span class="visually-hidden">" — " {u.name.clone()}</span></a></td>
                            })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>

        <p class="downloads">
            <a class="download" href=format!("/api/regency/{}/units.csv", d.code)>{lang.tr("Unduh CSV unit layanan", "Download service units as CSV")}</a> " · "
            <a class="download" href=format!("/api/regency/{}/units.xlsx", d.code)>{lang.tr("Unduh Excel (.xlsx) unit layanan", "Download service units as Excel (.xlsx)")}</a>
        </p>

        <h2>{lang.tr("Temuan inspeksi dan tindak lanjut", "Inspection findings and follow-up")}</h2>
        <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>
                    <th scope="col">{lang.tr("Unit", "Unit")}</th>
                    <th scope="col">{lang.tr("Tanggal inspeksi", "Inspected on")}</th>
                    <th scope="col">{lang.tr("Temuan", "Finding")}</th>
                    <th scope="col">{lang.tr("Tenggat", "Due")}</th>
                    <th scope="col">{lang.tr("Status", "Status")}</th>
                </tr></thead>
                <tbody>
                    {d.findings.iter().filter(|f| f.status != "selesai").map(|f| view! {
                        <tr>
                            <td>{f.unit_name.clone()}</td>
                            <td>{lang.date(f.inspected_on)}</td>
                            <td><a href=format!("/temuan/{}", f.id)>{format!("{} — {}", f.category, f.description)}</a></td>
                            <td>{format!("{}{}", lang.date(f.due_on), if f.overdue { lang.tr(" (lewat tenggat)", " (past due)") } else { "" })}</td>
                            <td>{status_name(&f.status, lang)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>

        <p class="downloads">
            <a class="download" href=format!("/api/regency/{}/findings.csv", d.code)>{lang.tr("Unduh CSV temuan", "Download findings as CSV")}</a> " · "
            <a class="download" href=format!("/api/regency/{}/findings.xlsx", d.code)>{lang.tr("Unduh Excel (.xlsx) temuan", "Download findings as Excel (.xlsx)")}</a>
        </p>

        <h2 id="komitmen">{lang.tr("Komitmen MoU", "MoU commitments")}</h2>
        <a href=format!("/komitmen/{}", d.code)>{lang.tr("Lihat komitmen per status", "Commitments by status")}</a> " · "
        <a class="download" href=format!("/api/regency/{}/commitments.csv", d.code)>{lang.tr("Unduh CSV komitmen", "Download commitments as CSV")}</a> " · "
        <a class="download" href=format!("/api/regency/{}/commitments.xlsx", d.code)>{lang.tr("Unduh Excel (.xlsx) komitmen", "Download commitments as Excel (.xlsx)")}</a>
        {if d.mous.is_empty() {
            view! { <p>{lang.tr("Belum ada MoU dengan Ombudsman RI.", "No MoU with Ombudsman RI yet.")}</p> }.into_any()
        } else {
            d.mous.iter().map(|m| view! {
                <section class="mou">
                    <h3>{m.title.clone()} " (" {lang.date(m.signed_on)} ")"</h3>
                    <p>{m.signatories.clone()} " — " {m.scope.clone()}</p>
                    <DataTable
                        columns=vec![
                            lang.tr("Komitmen", "Commitment").into(),
                            lang.tr("Target", "Target").into(),
                            lang.tr("Penanggung jawab", "Responsible office").into(),
                            lang.tr("Tenggat", "Due").into(),
                            lang.tr("Capaian", "Progress").into(),
                            lang.tr("Status", "Status").into(),
                        ]
                        rows=m.commitments.iter().map(|c| vec![
                            c.title.clone(),
                            format!("{}: {}", c.indicator, c.target),
                            c.responsible_office.clone(),
                            format!("{}{}", lang.date(c.due_on), if c.overdue { lang.tr(" (terlambat)", " (overdue)") } else { "" }),
                            lang.pct(c.percent, 0),
                            status_name(&c.status, lang).to_string(),
                        ]).collect()
                    />
                </section>
            }).collect_view().into_any()
        }}
    }
}
