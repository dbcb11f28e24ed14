//! Komitmen: one regency's MoU commitments grouped by status, with deadlines and the latest
//! progress update of each.

use crate::forms::{
    CsrfField, Field, FormMessage, FormOutcome, FormState, ProgressForm, SelectField,
    dispatch_on_submit, outcome_signal,
};
use crate::i18n::DateText;
use crate::i18n::{Lang, use_lang};
use crate::model::{CommitmentRow, MouInfo};
use crate::pages::regency::status_name;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentsView {
    pub regency_code: String,
    pub regency_name: String,
    pub mous: Vec<MouInfo>,
    pub today: chrono::NaiveDate,
    /// The visitor may report progress (the regency's `pemda` officer).
    pub can_record_progress: bool,
    /// The visitor may create and edit commitments.
    pub can_manage: bool,
}

#[server]
pub async fn get_commitments(code: String) -> Result<CommitmentsView, crate::error::AppError> {
    use crate::db::entities::regency;
    use crate::error::AppError;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let state = expect_context::<crate::state::AppState>();
    let ctx = crate::auth::current_ctx();
    let (can_record_progress, can_manage) = match regency::Entity::find()
        .filter(regency::Column::Code.eq(code.as_str()))
        .one(&state.db)
        .await
        .map_err(AppError::from)?
    {
        Some(r) => (
            ctx.can_record_progress(r.id),
            ctx.can_manage_commitments(r.id, r.province_id),
        ),
        None => return Err(AppError::NotFound),
    };
    match crate::db::queries::regency::commitments(&state.db, &code).await? {
        Some((regency_code, regency_name, mous)) => Ok(CommitmentsView {
            regency_code,
            regency_name,
            mous,
            today: crate::db::queries::today(),
            can_record_progress,
            can_manage,
        }),
        None => Err(AppError::NotFound),
    }
}

/// The progress form's server function (JavaScript path).
#[server(endpoint = "komitmen/kemajuan")]
pub async fn record_progress(
    csrf: String,
    form: ProgressForm,
) -> Result<FormOutcome, crate::error::AppError> {
    use crate::forms::service;
    let (ctx, db, lang) = service::env();
    service::to_outcome(service::progress(&ctx, &db, lang, &csrf, &form).await, lang)
}

/// Display order of the status groups: what needs attention first.
const GROUPS: [&str; 5] = ["late", "at_risk", "none", "on_track", "done"];

#[component]
pub fn CommitmentsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_commitments);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <CommitmentsBody view/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

/// The progress form of one commitment.
#[component]
fn ProgressFormView(
    commitment: CommitmentRow,
    regency_code: String,
    today: chrono::NaiveDate,
    lang: Lang,
) -> impl IntoView {
    let id = commitment.id;
    let action = ServerAction::<RecordProgress>::new();
    let state =
        FormState::new("progress", outcome_signal(action)).scoped("form[commitment_id]", id);
    let open = move || state.submitted().is_some() || state.message().is_some();
    let statuses: Vec<(String, String)> = ["on_track", "at_risk", "late", "done"]
        .iter()
        .map(|s| (s.to_string(), status_name(s, lang).to_string()))
        .collect();
    let default_status = if commitment.status == "none" {
        "on_track".to_string()
    } else {
        commitment.status.clone()
    };
    view! {
        <details class="progress-form" open=open>
            <summary>{lang.tr("Laporkan kemajuan", "Report progress")} ": " {commitment.title.clone()}</summary>
            <form method="post" action=format!("/komitmen/{regency_code}") class="form" novalidate
                on:submit=dispatch_on_submit(action)>
                <FormMessage message=Signal::derive(move || state.message())/>
                <CsrfField/>
                <input type="hidden" name="form[commitment_id]" value=id.to_string()/>
                <Field state name="form[reported_on]" id=format!("p{id}-reported-on") label=lang.tr("Tanggal laporan", "Report date")
                    kind="date" default=today.to_string() required=true/>
                <Field state name="form[percent]" id=format!("p{id}-percent") label=lang.tr("Capaian (%)", "Progress (%)")
                    kind="number" step="any" default=lang.num(commitment.percent, 0).replace(',', ".") required=true/>
                <SelectField state name="form[status]" id=format!("p{id}-status") label=lang.tr("Status", "Status")
                    options=statuses default=default_status required=true/>
                <Field state name="form[note]" id=format!("p{id}-note") label=lang.tr("Catatan", "Note") kind="textarea"/>
                <button type="submit">{lang.tr("Simpan laporan", "Save report")}</button>
            </form>
        </details>
    }
}

#[component]
fn CommitmentsBody(view: CommitmentsView) -> impl IntoView {
    let lang = use_lang();
    let all: Vec<CommitmentRow> = view
        .mous
        .iter()
        .flat_map(|m| m.commitments.clone())
        .collect();
    // An overdue commitment counts as late whatever its last report said.
    let group_of = |c: &CommitmentRow| {
        if c.overdue {
            "late".to_string()
        } else {
            c.status.clone()
        }
    };
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/kabupaten/{}", view.regency_code)>{view.regency_name.clone()}</a></li>
                <li aria-current="page">{lang.tr("Komitmen", "Commitments")}</li>
            </ol>
        </nav>
        <h1>{lang.tr("Komitmen MoU", "MoU commitments")} " — " {view.regency_name.clone()}</h1>
        <p class="print-only">{lang.tr("Dicetak pada", "Printed on")} " " {view.today.to_string()}</p>
        {view.mous.iter().map(|m| view! {
            <p><strong>{m.title.clone()}</strong> " (" <DateText date=m.signed_on/> "): " {m.signatories.clone()}</p>
        }).collect_view()}
        {(all.is_empty()).then(|| view! { <p>{lang.tr("Belum ada komitmen.", "No commitments yet.")}</p> })}
        {(view.can_manage && !view.mous.is_empty()).then(|| view! {
            <p><a class="button" href=format!("/komitmen/{}/baru", view.regency_code)>{lang.tr("Tambah komitmen", "Add a commitment")}</a></p>
        })}
        {GROUPS.iter().map(|g| {
            let items: Vec<CommitmentRow> = all.iter().filter(|c| group_of(c) == *g).cloned().collect();
            (!items.is_empty()).then(|| view! {
                <section class=format!("commitment-group status-{g}")>
                    <h2>{status_name(g, lang)} " (" {items.len()} ")"</h2>
                    <ul class="commitments">
                        {items.into_iter().map(|c| view! {
                            <li id=format!("c{}", c.id)>
                                <strong>{c.title.clone()}</strong>
                                <div>{c.indicator.clone()} ": " {c.target.clone()} " — " {c.responsible_office.clone()}</div>
                                <div>
                                    {lang.tr("Tenggat", "Due")} " " <DateText date=c.due_on/>
                                    {c.overdue.then(|| lang.tr(" — terlambat", " — overdue"))}
                                    " — " {lang.tr("capaian", "progress")} " "
                                    <progress max="100" value=c.percent>{lang.pct(c.percent, 0)}</progress>
                                    " " {lang.pct(c.percent, 0)}
                                </div>
                                {c.last_update.map(|d| view! {
                                    <div class="muted">{lang.tr("Pembaruan terakhir", "Last update")} " " <DateText date=d/> ": " {c.last_note.clone().unwrap_or_default()}</div>
                                })}
                                {view.can_manage.then(|| view! {
                                    <div><a href=format!("/komitmen/{}/ubah/{}", view.regency_code, c.id)>{lang.tr("Ubah komitmen", "Edit commitment")}<span class="visually-hidden">": " {c.title.clone()}</span></a></div>
                                })}
                                {view.can_record_progress.then(|| view! {
                                    <ProgressFormView commitment=c.clone() regency_code=view.regency_code.clone() today=view.today lang/>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }).collect_view()}
    }
}
