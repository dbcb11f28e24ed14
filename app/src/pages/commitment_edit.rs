//! Creating and editing the commitments of an MoU (`admin`, `asisten` of the province). Edits
//! carry the version they started from: a concurrent change is reported, not overwritten.

use crate::forms::{
    CommitmentForm, CsrfField, Field, FormMessage, FormOutcome, FormState, SelectField,
    dispatch_on_submit, outcome_signal,
};
use crate::i18n::use_lang;
use crate::pages::Forbidden;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditedCommitment {
    pub id: i32,
    pub version: i32,
    pub mou_signed_on: chrono::NaiveDate,
    pub title: String,
    pub indicator: String,
    pub target_value: f64,
    pub target_unit: String,
    pub due_on: chrono::NaiveDate,
    pub responsible_office: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentEditor {
    pub regency_code: String,
    pub regency_name: String,
    /// `(signed_on, title)` of the regency's MoUs.
    pub mous: Vec<(chrono::NaiveDate, String)>,
    pub commitment: Option<EditedCommitment>,
    pub allowed: bool,
}

/// `Err(NotFound)`: unknown regency or commitment (or a commitment of another regency).
#[server]
pub async fn get_commitment_editor(
    code: String,
    id: Option<i32>,
) -> Result<CommitmentEditor, crate::error::AppError> {
    use crate::db::entities::{commitment, mou, regency};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let (ctx, db, _) = crate::forms::service::env();
    let err = crate::error::AppError::from;
    let Some(r) = regency::Entity::find()
        .filter(regency::Column::Code.eq(code.as_str()))
        .one(&db)
        .await
        .map_err(err)?
    else {
        return Err(crate::error::AppError::NotFound);
    };
    let mous = mou::Entity::find()
        .filter(mou::Column::RegencyId.eq(r.id))
        .order_by_desc(mou::Column::SignedOn)
        .all(&db)
        .await
        .map_err(err)?;
    let edited = match id {
        None => None,
        Some(id) => {
            let Some((c, Some(m))) = commitment::Entity::find_by_id(id)
                .find_also_related(mou::Entity)
                .one(&db)
                .await
                .map_err(err)?
            else {
                return Err(crate::error::AppError::NotFound);
            };
            if m.regency_id != r.id {
                return Err(crate::error::AppError::NotFound);
            }
            Some(EditedCommitment {
                id: c.id,
                version: c.version,
                mou_signed_on: m.signed_on,
                title: c.title,
                indicator: c.indicator,
                target_value: c.target_value,
                target_unit: c.target_unit,
                due_on: c.due_on,
                responsible_office: c.responsible_office,
            })
        }
    };
    Ok(CommitmentEditor {
        allowed: ctx.can_manage_commitments(r.id, r.province_id),
        regency_code: r.code,
        regency_name: r.name,
        mous: mous.into_iter().map(|m| (m.signed_on, m.title)).collect(),
        commitment: edited,
    })
}

/// The commitment form's server function (JavaScript path): creates or edits.
#[server(endpoint = "komitmen/simpan")]
pub async fn save_commitment(
    csrf: String,
    form: CommitmentForm,
) -> Result<FormOutcome, crate::error::AppError> {
    use crate::forms::service;
    let (ctx, db, lang) = service::env();
    service::to_outcome(
        service::commitment(&ctx, &db, lang, &csrf, &form).await,
        lang,
    )
}

#[component]
pub fn CommitmentNewPage() -> impl IntoView {
    view! { <CommitmentEditorPage editing=false/> }
}

#[component]
pub fn CommitmentEditPage() -> impl IntoView {
    view! { <CommitmentEditorPage editing=true/> }
}

#[component]
fn CommitmentEditorPage(editing: bool) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            let code = p.get("code").unwrap_or_default();
            let id = if editing {
                Some(p.get("id").and_then(|v| v.parse::<i32>().ok()).unwrap_or(0))
            } else {
                None
            };
            (code, id)
        })
    };
    let data = Resource::new(key, |(code, id)| get_commitment_editor(code, id));
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) if editor.allowed => view! { <CommitmentEditorForm editor/> }.into_any(),
                    Ok(_) => view! { <Forbidden/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn CommitmentEditorForm(editor: CommitmentEditor) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SaveCommitment>::new();
    let state = FormState::new("commitment", outcome_signal(action));
    let c = editor.commitment.clone();
    let editing = c.is_some();
    let heading = if editing {
        lang.tr("Ubah komitmen", "Edit commitment")
    } else {
        lang.tr("Tambah komitmen", "Add a commitment")
    };
    let path = match &c {
        Some(c) => format!("/komitmen/{}/ubah/{}", editor.regency_code, c.id),
        None => format!("/komitmen/{}/baru", editor.regency_code),
    };
    let mou_options: Vec<(String, String)> = editor
        .mous
        .iter()
        .map(|(d, t)| (d.to_string(), format!("{t} ({d})")))
        .collect();
    let default_mou = editor
        .mous
        .first()
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    let field = |f: fn(&EditedCommitment) -> String| c.as_ref().map(f).unwrap_or_default();
    view! {
        <Title text=format!("{heading} — {}", editor.regency_name)/>
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/kabupaten/{}", editor.regency_code)>{editor.regency_name.clone()}</a></li>
                <li><a href=format!("/komitmen/{}", editor.regency_code)>{lang.tr("Komitmen", "Commitments")}</a></li>
                <li aria-current="page">{heading}</li>
            </ol>
        </nav>
        <h1>{heading} " — " {editor.regency_name.clone()}</h1>
        {if editor.mous.is_empty() {
            view! { <p>{lang.tr("Kabupaten/kota ini belum memiliki MoU.", "This regency has no MoU yet.")}</p> }.into_any()
        } else {
            view! {
                <form method="post" action=path class="form" novalidate on:submit=dispatch_on_submit(action)>
                    <FormMessage message=Signal::derive(move || state.message())/>
                    <CsrfField/>
                    <input type="hidden" name="form[regency]" value=editor.regency_code.clone()/>
                    <input type="hidden" name="form[id]" value=field(|c| c.id.to_string())/>
                    <input type="hidden" name="form[version]" value=field(|c| c.version.to_string())/>
                    {match &c {
                        Some(c) => view! {
                            <p><strong>{c.title.clone()}</strong> " — MoU " {c.mou_signed_on.to_string()}</p>
                        }.into_any(),
                        None => view! {
                            <SelectField state name="form[mou_signed_on]" id="c-mou" label=lang.tr("MoU", "MoU")
                                options=mou_options.clone() default=default_mou.clone() required=true/>
                            <Field state name="form[title]" id="c-title" label=lang.tr("Judul komitmen", "Title") required=true/>
                        }.into_any(),
                    }}
                    <Field state name="form[indicator]" id="c-indicator" label=lang.tr("Indikator", "Indicator")
                        default=field(|c| c.indicator.clone()) required=true/>
                    <Field state name="form[target_value]" id="c-target-value" label=lang.tr("Nilai target", "Target value")
                        kind="number" step="any" default=field(|c| c.target_value.to_string()) required=true/>
                    <Field state name="form[target_unit]" id="c-target-unit" label=lang.tr("Satuan target", "Target unit")
                        default=field(|c| c.target_unit.clone()) required=true/>
                    <Field state name="form[due_on]" id="c-due-on" label=lang.tr("Tenggat", "Due date")
                        kind="date" default=field(|c| c.due_on.to_string()) required=true/>
                    <Field state name="form[responsible_office]" id="c-office" label=lang.tr("Penanggung jawab", "Responsible office")
                        default=field(|c| c.responsible_office.clone()) required=true/>
                    <button type="submit">{lang.tr("Simpan", "Save")}</button>
                </form>
            }.into_any()
        }}
    }
}
