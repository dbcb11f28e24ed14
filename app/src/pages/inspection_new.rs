//! Catat sidak: record an inspection of a unit (`asisten` of the unit's province): date,
//! announced or not, facility checklist, staff on duty, scores per dimension, findings with due
//! dates. One transaction; the unit page shows it afterwards.

use crate::forms::{
    CsrfField, FINDING_ROWS, Field, FormMessage, FormOutcome, FormState, InspectionForm,
    SelectField, dispatch_on_submit, outcome_signal,
};
use crate::i18n::use_lang;
use crate::pages::Forbidden;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacilityOption {
    pub code: String,
    pub name: String,
    pub essential: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionEditor {
    pub unit_code: String,
    pub unit_name: String,
    pub regency_code: String,
    pub regency_name: String,
    pub facilities: Vec<FacilityOption>,
    pub inspector: String,
    pub today: chrono::NaiveDate,
    pub allowed: bool,
}

/// `Err(NotFound)` for an unknown unit.
#[server]
pub async fn get_inspection_editor(
    unit: String,
) -> Result<InspectionEditor, crate::error::AppError> {
    use crate::db::entities::{facility, regency, service_unit};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let (ctx, db, lang) = crate::forms::service::env();
    let err = crate::error::AppError::from;
    let Some((u, Some(r))) = service_unit::Entity::find()
        .filter(service_unit::Column::Code.eq(unit.trim()))
        .find_also_related(regency::Entity)
        .one(&db)
        .await
        .map_err(err)?
    else {
        return Err(crate::error::AppError::NotFound);
    };
    let facilities = facility::Entity::find()
        .order_by_asc(facility::Column::Id)
        .all(&db)
        .await
        .map_err(err)?
        .into_iter()
        .map(|f| FacilityOption {
            name: if lang.is_en() { f.name_en } else { f.name_id },
            code: f.code,
            essential: f.essential,
        })
        .collect();
    Ok(InspectionEditor {
        allowed: ctx.can_write_unit(r.id, r.province_id),
        inspector: ctx
            .user
            .as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        unit_code: u.code,
        unit_name: u.name,
        regency_code: r.code,
        regency_name: r.name,
        facilities,
        today: crate::db::queries::today(),
    })
}

/// The inspection form's server function (JavaScript path).
#[server(endpoint = "sidak/simpan")]
pub async fn record_inspection(
    csrf: String,
    form: InspectionForm,
) -> Result<FormOutcome, crate::error::AppError> {
    use crate::forms::service;
    let (ctx, db, lang) = service::env();
    service::to_outcome(
        service::inspection(&ctx, &db, lang, &csrf, &form).await,
        lang,
    )
}

#[component]
pub fn InspectionNewPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let unit = move || query.with(|q| q.get("unit").unwrap_or_default());
    let data = Resource::new(unit, get_inspection_editor);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(editor) if editor.allowed => view! { <InspectionFormView editor/> }.into_any(),
                    Ok(_) => view! { <Forbidden/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn InspectionFormView(editor: InspectionEditor) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<RecordInspection>::new();
    let state = FormState::new("inspection", outcome_signal(action));
    let e = editor;
    let checked = |name: &str, default: bool| match state.submitted() {
        Some(s) => s.value(name).is_some(),
        None => default,
    };
    let facility_options = vec![
        (
            String::new(),
            lang.tr("— tidak diperiksa —", "— not checked —")
                .to_string(),
        ),
        (
            "functional".to_string(),
            lang.tr("Berfungsi", "Functional").to_string(),
        ),
        (
            "present".to_string(),
            lang.tr("Ada, tidak berfungsi", "Present, not functional")
                .to_string(),
        ),
        (
            "absent".to_string(),
            lang.tr("Tidak ada", "Absent").to_string(),
        ),
    ];
    let severity_options = vec![
        (
            "1".to_string(),
            lang.tr("1 — ringan", "1 — minor").to_string(),
        ),
        (
            "2".to_string(),
            lang.tr("2 — sedang", "2 — moderate").to_string(),
        ),
        (
            "3".to_string(),
            lang.tr("3 — berat", "3 — serious").to_string(),
        ),
    ];
    let title = format!(
        "{} — {}",
        lang.tr("Catat sidak", "Record an inspection"),
        e.unit_name
    );
    view! {
        <Title text=title.clone()/>
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/kabupaten/{}", e.regency_code)>{e.regency_name.clone()}</a></li>
                <li><a href=format!("/unit/{}", e.unit_code)>{e.unit_name.clone()}</a></li>
                <li aria-current="page">{lang.tr("Catat sidak", "Record an inspection")}</li>
            </ol>
        </nav>
        <h1>{title}</h1>
        <form method="post" action=format!("/sidak/baru?unit={}", e.unit_code) class="form" novalidate
            on:submit=dispatch_on_submit(action)>
            <FormMessage message=Signal::derive(move || state.message())/>
            <CsrfField/>
            <input type="hidden" name="form[unit]" value=e.unit_code.clone()/>
            <fieldset>
                <legend>{lang.tr("Kunjungan", "Visit")}</legend>
                <Field state name="form[inspected_on]" id="i-date" label=lang.tr("Tanggal inspeksi", "Inspection date")
                    kind="date" default=e.today.to_string() required=true/>
                <div class="field checkbox">
                    <input type="checkbox" id="i-unannounced" name="form[unannounced]" value="on"
                        checked=checked("form[unannounced]", true)/>
                    <label for="i-unannounced">{lang.tr("Tanpa pemberitahuan (sidak)", "Unannounced (sidak)")}</label>
                </div>
                <Field state name="form[inspector]" id="i-inspector" label=lang.tr("Pemeriksa", "Inspector")
                    default=e.inspector.clone() required=true/>
                <Field state name="form[staff_on_duty]" id="i-staff" label=lang.tr("Petugas yang bertugas", "Staff on duty")
                    kind="number"/>
            </fieldset>
            <fieldset>
                <legend>{lang.tr("Nilai per dimensi (0–100)", "Scores per dimension (0–100)")}</legend>
                <Field state name="form[input_score]" id="i-input" label=lang.tr("Dimensi input", "Input") kind="number" step="any"/>
                <Field state name="form[process_score]" id="i-process" label=lang.tr("Dimensi proses", "Process") kind="number" step="any"/>
                <Field state name="form[output_score]" id="i-output" label=lang.tr("Dimensi output", "Output") kind="number" step="any"/>
                <Field state name="form[complaint_score]" id="i-complaint" label=lang.tr("Pengelolaan pengaduan", "Complaint handling") kind="number" step="any"/>
            </fieldset>
            <fieldset>
                <legend>{lang.tr("Sarana prasarana", "Facilities")}</legend>
                {e.facilities.iter().map(|f| view! {
                    <SelectField state name=format!("form[facility][{}]", f.code) id=format!("i-fac-{}", f.code)
                        label=format!("{}{}", f.name, if f.essential { " *" } else { "" })
                        options=facility_options.clone()/>
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{lang.tr("Temuan (baris kosong diabaikan)", "Findings (blank rows are ignored)")}</legend>
                {(0..FINDING_ROWS).map(|i| view! {
                    <div class="finding-row">
                        <h3>{lang.tr("Temuan", "Finding")} " " {i + 1}</h3>
                        <Field state name=format!("form[findings][{i}][category]") id=format!("i-f{i}-category")
                            label=lang.tr("Kategori", "Category") hint=lang.tr("mis. sarpras, sdm, standar_pelayanan, pengaduan", "e.g. sarpras, sdm, standar_pelayanan, pengaduan")/>
                        <SelectField state name=format!("form[findings][{i}][severity]") id=format!("i-f{i}-severity")
                            label=lang.tr("Tingkat", "Severity") options=severity_options.clone() default="2"/>
                        <Field state name=format!("form[findings][{i}][description]") id=format!("i-f{i}-description")
                            label=lang.tr("Uraian", "Description") kind="textarea"/>
                        <Field state name=format!("form[findings][{i}][due_on]") id=format!("i-f{i}-due")
                            label=lang.tr("Tenggat", "Due date") kind="date"
                            hint=lang.tr("Kosong: 30 hari setelah inspeksi.", "Blank: 30 days after the inspection.")/>
                    </div>
                }).collect_view()}
            </fieldset>
            <Field state name="form[notes]" id="i-notes" label=lang.tr("Catatan", "Notes") kind="textarea"/>
            <div class="field checkbox">
                <input type="checkbox" id="i-published" name="form[published]" value="on"
                    checked=checked("form[published]", true)/>
                <label for="i-published">{lang.tr("Publikasikan hasil inspeksi", "Publish the inspection")}</label>
            </div>
            <button type="submit">{lang.tr("Simpan inspeksi", "Save inspection")}</button>
        </form>
    }
}
