//! Temuan: one inspection finding with its follow-up history, and the follow-up form for the
//! regency's officer (or the province's inspector).

use crate::forms::{
    CsrfField, Field, FollowUpForm, FormMessage, FormOutcome, FormState, SelectField,
    dispatch_on_submit, outcome_signal,
};
use crate::i18n::DateText;
use crate::i18n::use_lang;
use crate::pages::regency::status_name;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub recorded_on: chrono::NaiveDate,
    pub status: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingView {
    pub id: i32,
    pub unit_code: String,
    pub unit_name: String,
    pub regency_code: String,
    pub regency_name: String,
    pub inspected_on: chrono::NaiveDate,
    pub category: String,
    pub severity: i32,
    pub description: String,
    pub due_on: chrono::NaiveDate,
    pub status: String,
    pub history: Vec<FollowUpRow>,
    pub can_follow_up: bool,
    pub today: chrono::NaiveDate,
}

/// `Err(NotFound)` when there is no such finding or the visitor may not see it (an
/// unpublished one: its existence is not revealed).
#[server]
pub async fn get_finding(id: i32) -> Result<FindingView, crate::error::AppError> {
    use crate::db::entities::follow_up;
    use crate::error::AppError;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let (ctx, db, _) = crate::forms::service::env();
    let (f, i, u, r) = crate::forms::service::finding_target(&db, id).await?;
    if !i.published && !ctx.can_read_unpublished(r.id, r.province_id) {
        return Err(AppError::NotFound);
    }
    let history: Vec<FollowUpRow> = follow_up::Entity::find()
        .filter(follow_up::Column::FindingId.eq(f.id))
        .order_by_asc(follow_up::Column::RecordedOn)
        .order_by_asc(follow_up::Column::Id)
        .all(&db)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|h| FollowUpRow {
            recorded_on: h.recorded_on,
            status: sea_orm::ActiveEnum::to_value(&h.status),
            evidence: h.evidence,
        })
        .collect();
    Ok(FindingView {
        id: f.id,
        unit_code: u.code,
        unit_name: u.name,
        regency_code: r.code,
        regency_name: r.name,
        inspected_on: i.inspected_on,
        category: f.category,
        severity: f.severity,
        description: f.description,
        due_on: f.due_on,
        status: history
            .last()
            .map_or_else(|| "belum".to_owned(), |h| h.status.clone()),
        history,
        can_follow_up: ctx.can_follow_up(r.id, r.province_id),
        today: crate::db::queries::today(),
    })
}

/// The follow-up form's server function (JavaScript path).
#[server(endpoint = "temuan/tindak-lanjut")]
pub async fn record_follow_up(
    csrf: String,
    form: FollowUpForm,
) -> Result<FormOutcome, crate::error::AppError> {
    use crate::forms::service;
    let (ctx, db, lang) = service::env();
    service::to_outcome(
        service::follow_up(&ctx, &db, lang, &csrf, &form).await,
        lang,
    )
}

#[component]
pub fn FindingPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_finding);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <FindingBody view/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn FindingBody(view: FindingView) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RecordFollowUp>::new();
    let state = FormState::new("follow_up", outcome_signal(action));
    let v = view;
    let statuses = vec![
        ("belum".to_string(), status_name("belum", lang).to_string()),
        (
            "sebagian".to_string(),
            status_name("sebagian", lang).to_string(),
        ),
        (
            "selesai".to_string(),
            status_name("selesai", lang).to_string(),
        ),
    ];
    view! {
        <Title text=format!("{} {} — Pantau", lang.tr("Temuan", "Finding"), v.id)/>
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/kabupaten/{}", v.regency_code)>{v.regency_name.clone()}</a></li>
                <li><a href=format!("/unit/{}", v.unit_code)>{v.unit_name.clone()}</a></li>
                <li aria-current="page">{lang.tr("Temuan", "Finding")} " " {v.id}</li>
            </ol>
        </nav>
        <h1>{lang.tr("Temuan", "Finding")} ": " {v.category.clone()}</h1>
        <dl class="facts">
            <dt>{lang.tr("Uraian", "Description")}</dt><dd class="finding-description">{v.description.clone()}</dd>
            <dt>{lang.tr("Tanggal inspeksi", "Inspected on")}</dt><dd><DateText date=v.inspected_on/></dd>
            <dt>{lang.tr("Tingkat", "Severity")}</dt><dd>{v.severity}</dd>
            <dt>{lang.tr("Tenggat", "Due")}</dt><dd><DateText date=v.due_on/></dd>
            <dt>{lang.tr("Status", "Status")}</dt><dd data-testid="finding-status">{status_name(&v.status, lang)}</dd>
        </dl>
        <h2>{lang.tr("Riwayat tindak lanjut", "Follow-up history")}</h2>
        {if v.history.is_empty() {
            view! { <p>{lang.tr("Belum ada tindak lanjut.", "No follow-up yet.")}</p> }.into_any()
        } else {
            view! {
                <ol class="timeline follow-ups">
                    {v.history.iter().map(|h| view! {
                        <li><strong><DateText date=h.recorded_on/></strong> " — " {status_name(&h.status, lang)} " — " {h.evidence.clone()}</li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {v.can_follow_up.then(|| view! {
            <section class="form-section">
                <h2 id="catat-tindak-lanjut">{lang.tr("Catat tindak lanjut", "Record a follow-up")}</h2>
                <form method="post" action=format!("/temuan/{}", v.id) class="form" novalidate
                    aria-labelledby="catat-tindak-lanjut" on:submit=dispatch_on_submit(action)>
                    <FormMessage message=Signal::derive(move || state.message())/>
                    <CsrfField/>
                    <input type="hidden" name="form[finding_id]" value=v.id.to_string()/>
                    <SelectField state name="form[status]" id="fu-status" label=lang.tr("Status", "Status")
                        options=statuses.clone() default="sebagian" required=true/>
                    <Field state name="form[recorded_on]" id="fu-recorded-on" label=lang.tr("Tanggal", "Date")
                        kind="date" default=v.today.to_string() required=true/>
                    <Field state name="form[evidence]" id="fu-evidence" label=lang.tr("Bukti / keterangan", "Evidence / note")
                        kind="textarea" hint=lang.tr("Wajib untuk status selesai.", "Required when done.")/>
                    <button type="submit">{lang.tr("Simpan tindak lanjut", "Save follow-up")}</button>
                </form>
            </section>
        })}
    }
}
