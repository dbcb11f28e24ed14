//! The form services (server only): one function per form, shared by the no-JavaScript POST
//! handlers (`server::forms`) and the `#[server]` functions. Each checks, in this order, the CSRF
//! token, that the target exists, that the user may write it ([`Ctx`], with the target's regency
//! and province read from the database), the input; then writes in one transaction together with
//! the audit row. On success it returns the path of the result page.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;

use super::{
    CommitmentForm, FieldErrors, FindingForm, FollowUpForm, FormOutcome, InspectionForm,
    ProgressForm,
};
use crate::auth::Ctx;
use crate::db::entities::enums::{CommitmentStatus, FacilityStatus, FollowUpStatus};
use crate::db::entities::{commitment, finding, inspection, mou, regency, service_unit};
use crate::db::write::{self, begin, finish};
use crate::db::{DataError, audit};
use crate::i18n::Lang;

/// Why a submission was refused: the application's one error type (CSRF 403, forbidden 403,
/// unknown target 404, field errors 422, conflict 409, outage 503, bug 500).
pub use crate::error::AppError as FormError;
use crate::error::Localized;

/// The request's user, database and language (inside a server function or a page render).
pub fn env() -> (Ctx, DatabaseConnection, Lang) {
    let state = leptos::prelude::expect_context::<crate::state::AppState>();
    (
        crate::auth::current_ctx(),
        state.db,
        crate::i18n::current_lang(),
    )
}

/// A service result as a server function's answer: field errors as `Ok` (shown next to the
/// fields), refusals as `Err` with the HTTP status set.
pub fn to_outcome(result: Result<String, FormError>, lang: Lang) -> Result<FormOutcome, FormError> {
    match result {
        Ok(path) => Ok(FormOutcome {
            redirect: Some(path),
            ..FormOutcome::default()
        }),
        Err(e @ FormError::Fields(_)) => Ok(FormOutcome {
            redirect: None,
            errors: e.errors(),
            message: Some(e.message(lang)),
        }),
        Err(e) => {
            crate::error::set_response_status(&e);
            Err(e)
        }
    }
}

/// The first checks of every write: the CSRF token, then that somebody is signed in — before
/// any target is looked up, so an anonymous client learns nothing about which ids exist.
fn check_csrf(ctx: &Ctx, token: &str) -> Result<(), FormError> {
    if !ctx.csrf_ok(token) {
        return Err(FormError::Csrf);
    }
    if ctx.user.is_none() {
        return Err(FormError::Forbidden);
    }
    Ok(())
}

/// A data-layer error as a form error: field-related errors go to the field named in `fields`
/// (data field → form field), the rest become a form-level message.
fn from_data(e: DataError, lang: Lang, fields: &[(&str, &str)]) -> FormError {
    let field_of = |name: &str| {
        fields
            .iter()
            .find(|(data, _)| *data == name)
            .map(|(_, form)| (*form).to_owned())
    };
    let target = match &e {
        DataError::OutOfRange { field, .. } | DataError::Invalid { field, .. } => field_of(field),
        DataError::Duplicate { what } => field_of(&format!("duplicate:{what}")),
        DataError::VersionConflict | DataError::NotFound | DataError::Db(_) => return e.into(),
        _ => None,
    };
    match target {
        Some(field) => {
            let mut errors = FieldErrors::default();
            errors.push(field, e.message(lang.is_en()));
            FormError::Fields(errors)
        }
        None => FormError::Invalid(Localized::new(e.message(false), e.message(true))),
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing what was typed
// ---------------------------------------------------------------------------------------------

/// Collects field errors while parsing.
struct Parser {
    lang: Lang,
    prefix: &'static str,
    errors: FieldErrors,
}

impl Parser {
    fn new(lang: Lang, prefix: &'static str) -> Parser {
        Parser {
            lang,
            prefix,
            errors: FieldErrors::default(),
        }
    }

    fn name(&self, field: &str) -> String {
        format!("{}[{field}]", self.prefix)
    }

    fn error(&mut self, field: &str, id: &str, en: &str) {
        let message = if self.lang.is_en() { en } else { id };
        self.errors.push(self.name(field), message);
    }

    fn required_date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        match value.trim() {
            "" => {
                self.error(field, "Tanggal wajib diisi.", "The date is required.");
                None
            }
            v => self.date(field, v),
        }
    }

    fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) if (write::MIN_YEAR..=write::MAX_YEAR).contains(&chrono::Datelike::year(&d)) => {
                Some(d)
            }
            _ => {
                self.error(
                    field,
                    "Tanggal tidak valid (format TTTT-BB-HH).",
                    "Invalid date (format YYYY-MM-DD).",
                );
                None
            }
        }
    }

    fn number(&mut self, field: &str, value: &str, min: f64, max: f64) -> Option<f64> {
        let v = value.trim().replace(',', ".");
        if v.is_empty() {
            return None;
        }
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
            _ => {
                let (id, en) = (
                    format!("Masukkan angka antara {min} dan {max}."),
                    format!("Enter a number between {min} and {max}."),
                );
                let message = if self.lang.is_en() { en } else { id };
                self.errors.push(self.name(field), message);
                None
            }
        }
    }

    fn required_number(&mut self, field: &str, value: &str, min: f64, max: f64) -> Option<f64> {
        if value.trim().is_empty() {
            self.error(field, "Wajib diisi.", "Required.");
            return None;
        }
        self.number(field, value, min, max)
    }

    fn count(&mut self, field: &str, value: &str) -> Option<i32> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => Some(n),
            _ => {
                self.error(
                    field,
                    "Masukkan bilangan bulat 0 atau lebih.",
                    "Enter a whole number, 0 or more.",
                );
                None
            }
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize, required: bool) -> String {
        let v = value.trim();
        if required && v.is_empty() {
            self.error(field, "Wajib diisi.", "Required.");
        } else if v.chars().count() > max {
            let (id, en) = (
                format!("Paling banyak {max} karakter."),
                format!("At most {max} characters."),
            );
            let message = if self.lang.is_en() { en } else { id };
            self.errors.push(self.name(field), message);
        }
        v.to_owned()
    }

    fn finish(self) -> Result<(), FormError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(FormError::Fields(self.errors))
        }
    }
}

fn parse_id(value: &str) -> Result<i32, FormError> {
    value.trim().parse::<i32>().map_err(|_| FormError::NotFound)
}

/// Regency row of a regency id.
async fn regency_of(db: &DatabaseConnection, id: i32) -> Result<regency::Model, FormError> {
    regency::Entity::find_by_id(id)
        .one(db)
        .await
        .map_err(dberr)?
        .ok_or(FormError::NotFound)
}

fn dberr(e: sea_orm::DbErr) -> FormError {
    e.into()
}

// ---------------------------------------------------------------------------------------------
// Progress on a commitment
// ---------------------------------------------------------------------------------------------

/// The commitment, its MoU and regency.
async fn commitment_target(
    db: &DatabaseConnection,
    id: i32,
) -> Result<(commitment::Model, mou::Model, regency::Model), FormError> {
    let (c, m) = commitment::Entity::find_by_id(id)
        .find_also_related(mou::Entity)
        .one(db)
        .await
        .map_err(dberr)?
        .ok_or(FormError::NotFound)?;
    let m = m.ok_or(FormError::NotFound)?;
    let r = regency_of(db, m.regency_id).await?;
    Ok((c, m, r))
}

fn commitment_status(value: &str) -> Option<CommitmentStatus> {
    match value.trim() {
        "on_track" => Some(CommitmentStatus::OnTrack),
        "at_risk" => Some(CommitmentStatus::AtRisk),
        "late" => Some(CommitmentStatus::Late),
        "done" => Some(CommitmentStatus::Done),
        _ => None,
    }
}

/// Records a progress report (`pemda` of the commitment's regency).
pub async fn progress(
    ctx: &Ctx,
    db: &DatabaseConnection,
    lang: Lang,
    csrf: &str,
    form: &ProgressForm,
) -> Result<String, FormError> {
    check_csrf(ctx, csrf)?;
    let (c, _, r) = commitment_target(db, parse_id(&form.commitment_id)?).await?;
    if !ctx.can_record_progress(r.id) {
        return Err(FormError::Forbidden);
    }
    let mut p = Parser::new(lang, "form");
    let reported_on = p.required_date("reported_on", &form.reported_on);
    let percent = p.required_number("percent", &form.percent, 0.0, 100.0);
    let status = commitment_status(&form.status);
    if status.is_none() {
        p.error("status", "Pilih status.", "Choose a status.");
    }
    let note = p.text("note", &form.note, 10_000, false);
    if status == Some(CommitmentStatus::Done) && percent.is_some_and(|v| v < 100.0) {
        p.error(
            "status",
            "Status \"tercapai\" memerlukan capaian 100 %.",
            "\"Achieved\" needs 100 % progress.",
        );
    }
    p.finish()?;
    let (Some(reported_on), Some(percent), Some(status)) = (reported_on, percent, status) else {
        return Err(FormError::NotFound);
    };
    let input = write::CommitmentProgressInput {
        commitment_id: c.id,
        reported_on,
        percent,
        status,
        note,
    };
    let actor = ctx.actor();
    let txn = begin(db).await.map_err(FormError::from)?;
    let result = async {
        let row = write::record_commitment_progress_in(&txn, &input).await?;
        audit::record(
            &txn,
            &actor,
            "create",
            "commitment_progress",
            &row.id.to_string(),
            None::<&()>,
            Some(&row),
            Some(format!("commitment {} ({})", c.id, r.code)),
        )
        .await?;
        Ok(row)
    }
    .await;
    finish(txn, result).await.map_err(|e| {
        from_data(
            e,
            lang,
            &[
                ("percent", "form[percent]"),
                ("status", "form[status]"),
                ("note", "form[note]"),
                ("duplicate:commitment_progress", "form[reported_on]"),
            ],
        )
    })?;
    Ok(format!("/komitmen/{}", r.code))
}

// ---------------------------------------------------------------------------------------------
// Follow-up of a finding
// ---------------------------------------------------------------------------------------------

/// The finding, its inspection, unit and regency.
pub async fn finding_target(
    db: &DatabaseConnection,
    id: i32,
) -> Result<
    (
        finding::Model,
        inspection::Model,
        service_unit::Model,
        regency::Model,
    ),
    FormError,
> {
    let (f, i) = finding::Entity::find_by_id(id)
        .find_also_related(inspection::Entity)
        .one(db)
        .await
        .map_err(dberr)?
        .ok_or(FormError::NotFound)?;
    let i = i.ok_or(FormError::NotFound)?;
    let u = service_unit::Entity::find_by_id(i.unit_id)
        .one(db)
        .await
        .map_err(dberr)?
        .ok_or(FormError::NotFound)?;
    let r = regency_of(db, u.regency_id).await?;
    Ok((f, i, u, r))
}

fn follow_up_status(value: &str) -> Option<FollowUpStatus> {
    match value.trim() {
        "belum" => Some(FollowUpStatus::Belum),
        "sebagian" => Some(FollowUpStatus::Sebagian),
        "selesai" => Some(FollowUpStatus::Selesai),
        _ => None,
    }
}

/// Records a follow-up (`pemda` of the finding's regency, `asisten` of its province).
pub async fn follow_up(
    ctx: &Ctx,
    db: &DatabaseConnection,
    lang: Lang,
    csrf: &str,
    form: &FollowUpForm,
) -> Result<String, FormError> {
    check_csrf(ctx, csrf)?;
    let (f, i, _, r) = finding_target(db, parse_id(&form.finding_id)?).await?;
    if !ctx.can_follow_up(r.id, r.province_id) {
        return Err(FormError::Forbidden);
    }
    let mut p = Parser::new(lang, "form");
    let status = follow_up_status(&form.status);
    if status.is_none() {
        p.error("status", "Pilih status.", "Choose a status.");
    }
    let recorded_on = p.required_date("recorded_on", &form.recorded_on);
    let evidence = p.text("evidence", &form.evidence, 10_000, false);
    if status == Some(FollowUpStatus::Selesai) && evidence.is_empty() {
        p.error(
            "evidence",
            "Tindak lanjut yang selesai memerlukan bukti.",
            "A finished follow-up needs its evidence.",
        );
    }
    if recorded_on.is_some_and(|d| d < i.inspected_on) {
        p.error(
            "recorded_on",
            "Tanggal tindak lanjut tidak boleh sebelum inspeksi.",
            "A follow-up cannot precede the inspection.",
        );
    }
    p.finish()?;
    let (Some(status), Some(recorded_on)) = (status, recorded_on) else {
        return Err(FormError::NotFound);
    };
    let input = write::FollowUpInput {
        finding_id: f.id,
        regency_code: Some(r.code.clone()),
        status,
        recorded_on,
        evidence,
    };
    let actor = ctx.actor();
    let txn = begin(db).await.map_err(FormError::from)?;
    let result = async {
        let row = write::record_follow_up_in(&txn, &input).await?;
        audit::record(
            &txn,
            &actor,
            "create",
            "follow_up",
            &row.id.to_string(),
            None::<&()>,
            Some(&row),
            Some(format!("finding {} ({})", f.id, r.code)),
        )
        .await?;
        Ok(row)
    }
    .await;
    finish(txn, result).await.map_err(|e| {
        from_data(
            e,
            lang,
            &[
                ("evidence", "form[evidence]"),
                ("recorded_on", "form[recorded_on]"),
            ],
        )
    })?;
    Ok(format!("/temuan/{}", f.id))
}

// ---------------------------------------------------------------------------------------------
// Commitments: create and edit
// ---------------------------------------------------------------------------------------------

/// Creates (empty `id`) or edits a commitment (`admin`, `asisten` of the province).
pub async fn commitment(
    ctx: &Ctx,
    db: &DatabaseConnection,
    lang: Lang,
    csrf: &str,
    form: &CommitmentForm,
) -> Result<String, FormError> {
    check_csrf(ctx, csrf)?;
    let editing = !form.id.trim().is_empty();
    // The target's regency comes from the database: the commitment's own MoU when editing.
    let (existing, r) = if editing {
        let (c, _, r) = commitment_target(db, parse_id(&form.id)?).await?;
        (Some(c), r)
    } else {
        let r = regency::Entity::find()
            .filter(regency::Column::Code.eq(form.regency.trim()))
            .one(db)
            .await
            .map_err(dberr)?
            .ok_or(FormError::NotFound)?;
        (None, r)
    };
    if !ctx.can_manage_commitments(r.id, r.province_id) {
        return Err(FormError::Forbidden);
    }
    let mut p = Parser::new(lang, "form");
    let mou_signed_on = if editing {
        None
    } else {
        p.required_date("mou_signed_on", &form.mou_signed_on)
    };
    let title = if editing {
        String::new()
    } else {
        p.text("title", &form.title, 200, true)
    };
    let indicator = p.text("indicator", &form.indicator, 10_000, true);
    let target_value = p.required_number("target_value", &form.target_value, 0.0, 1e12);
    let target_unit = p.text("target_unit", &form.target_unit, 32, true);
    let due_on = p.required_date("due_on", &form.due_on);
    let office = p.text("responsible_office", &form.responsible_office, 200, true);
    let version = if editing {
        match form.version.trim().parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => return Err(FormError::bad_parameter("form[version]")),
        }
    } else {
        None
    };
    p.finish()?;
    let (Some(target_value), Some(due_on)) = (target_value, due_on) else {
        return Err(FormError::NotFound);
    };
    let actor = ctx.actor();
    let fields: &[(&str, &str)] = &[
        ("indicator", "form[indicator]"),
        ("target_value", "form[target_value]"),
        ("target_unit", "form[target_unit]"),
        ("responsible_office", "form[responsible_office]"),
        ("due_on", "form[due_on]"),
        ("title", "form[title]"),
        ("duplicate:commitment", "form[title]"),
    ];
    let txn = begin(db).await.map_err(FormError::from)?;
    let result = async {
        match (&existing, version) {
            (Some(before), Some(version)) => {
                let update = write::CommitmentUpdate {
                    indicator,
                    target_value,
                    target_unit,
                    due_on,
                    responsible_office: office,
                };
                let row = write::update_commitment_in(&txn, before.id, version, &update).await?;
                audit::record(
                    &txn,
                    &actor,
                    "update",
                    "commitment",
                    &row.id.to_string(),
                    Some(before),
                    Some(&row),
                    Some(r.code.clone()),
                )
                .await?;
                Ok(row)
            }
            _ => {
                let input = write::CommitmentInput {
                    regency_code: r.code.clone(),
                    mou_signed_on: mou_signed_on.unwrap_or_default(),
                    title,
                    indicator,
                    target_value,
                    target_unit,
                    due_on,
                    responsible_office: office,
                };
                let row = write::create_commitment_in(&txn, &input).await?;
                audit::record(
                    &txn,
                    &actor,
                    "create",
                    "commitment",
                    &row.id.to_string(),
                    None::<&()>,
                    Some(&row),
                    Some(r.code.clone()),
                )
                .await?;
                Ok(row)
            }
        }
    }
    .await;
    match finish(txn, result).await {
        Ok(_) => Ok(format!("/komitmen/{}", r.code)),
        // No MoU on that date.
        Err(DataError::NotFound) if !editing => {
            let mut errors = FieldErrors::default();
            errors.push(
                "form[mou_signed_on]",
                lang.tr(
                    "Tidak ada MoU kabupaten/kota ini pada tanggal itu.",
                    "This regency has no MoU signed on that date.",
                ),
            );
            Err(FormError::Fields(errors))
        }
        Err(e) => Err(from_data(e, lang, fields)),
    }
}

// ---------------------------------------------------------------------------------------------
// Inspection (sidak)
// ---------------------------------------------------------------------------------------------

fn facility_status(value: &str) -> Option<Option<FacilityStatus>> {
    match value.trim() {
        "" => Some(None),
        "functional" => Some(Some(FacilityStatus::Functional)),
        "present" => Some(Some(FacilityStatus::Present)),
        "absent" => Some(Some(FacilityStatus::Absent)),
        _ => None,
    }
}

fn blank(f: &FindingForm) -> bool {
    f.category.trim().is_empty() && f.description.trim().is_empty() && f.due_on.trim().is_empty()
}

#[derive(Serialize)]
struct InspectionAudit<'a> {
    inspection: &'a inspection::Model,
    facility_checks: &'a [crate::db::entities::facility_check::Model],
    findings: &'a [finding::Model],
}

/// Most facility entries one inspection may carry (the catalogue has far fewer).
pub const MAX_FACILITY_ENTRIES: usize = 100;
/// Most findings one inspection may carry.
pub const MAX_FINDINGS: usize = 50;

/// Refuses a submission with more items than any real inspection has (422), before any query.
fn check_item_counts(form: &InspectionForm) -> Result<(), FormError> {
    if form.facility.len() > MAX_FACILITY_ENTRIES {
        return Err(FormError::Invalid(Localized::new(
            format!("Terlalu banyak isian sarana prasarana: paling banyak {MAX_FACILITY_ENTRIES}."),
            format!("Too many facility entries: at most {MAX_FACILITY_ENTRIES}."),
        )));
    }
    if form.findings.len() > MAX_FINDINGS {
        return Err(FormError::Invalid(Localized::new(
            format!("Terlalu banyak temuan dalam satu inspeksi: paling banyak {MAX_FINDINGS}."),
            format!("Too many findings in one inspection: at most {MAX_FINDINGS}."),
        )));
    }
    Ok(())
}

/// Records an inspection with its checks and findings (`asisten` of the unit's province).
pub async fn inspection(
    ctx: &Ctx,
    db: &DatabaseConnection,
    lang: Lang,
    csrf: &str,
    form: &InspectionForm,
) -> Result<String, FormError> {
    check_csrf(ctx, csrf)?;
    check_item_counts(form)?;
    let unit = service_unit::Entity::find()
        .filter(service_unit::Column::Code.eq(form.unit.trim()))
        .one(db)
        .await
        .map_err(dberr)?
        .ok_or(FormError::NotFound)?;
    let r = regency_of(db, unit.regency_id).await?;
    if !ctx.can_write_unit(r.id, r.province_id) {
        return Err(FormError::Forbidden);
    }
    let mut p = Parser::new(lang, "form");
    let inspected_on = p.required_date("inspected_on", &form.inspected_on);
    if inspected_on.is_some_and(|d| d > crate::db::queries::today()) {
        p.error(
            "inspected_on",
            "Tanggal inspeksi tidak boleh di masa depan.",
            "The inspection date cannot be in the future.",
        );
    }
    let inspector = p.text("inspector", &form.inspector, 200, true);
    let staff_on_duty = p.count("staff_on_duty", &form.staff_on_duty);
    let input_score = p.number("input_score", &form.input_score, 0.0, 100.0);
    let process_score = p.number("process_score", &form.process_score, 0.0, 100.0);
    let output_score = p.number("output_score", &form.output_score, 0.0, 100.0);
    let complaint_score = p.number("complaint_score", &form.complaint_score, 0.0, 100.0);
    let notes = p.text("notes", &form.notes, 10_000, false);
    let mut checks = Vec::new();
    for (code, value) in &form.facility {
        match facility_status(value) {
            Some(Some(status)) => checks.push(write::FacilityCheckInput {
                facility_code: code.clone(),
                status,
            }),
            Some(None) => {}
            None => {
                let name = format!("facility][{code}");
                p.error(&name, "Pilihan tidak valid.", "Invalid choice.");
            }
        }
    }
    let mut findings = Vec::new();
    for (i, f) in form.findings.iter().enumerate() {
        if blank(f) {
            continue;
        }
        let row = |field: &str| format!("findings][{i}][{field}");
        let category = p.text(&row("category"), &f.category, 64, true);
        let description = p.text(&row("description"), &f.description, 10_000, true);
        let severity = match f.severity.trim() {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            _ => {
                p.error(
                    &row("severity"),
                    "Pilih tingkat 1–3.",
                    "Choose a level 1–3.",
                );
                1
            }
        };
        let due_on = p.date(&row("due_on"), &f.due_on);
        if let (Some(due), Some(on)) = (due_on, inspected_on)
            && due < on
        {
            p.error(
                &row("due_on"),
                "Tenggat tidak boleh sebelum tanggal inspeksi.",
                "The due date cannot be before the inspection.",
            );
        }
        findings.push(write::FindingInput {
            unit_code: None,
            category,
            severity,
            description,
            due_on,
        });
    }
    p.finish()?;
    let Some(inspected_on) = inspected_on else {
        return Err(FormError::NotFound);
    };
    let input = write::InspectionInput {
        unit_code: unit.code.clone(),
        inspected_on,
        unannounced: form.unannounced.is_some(),
        inspector,
        input_score,
        process_score,
        output_score,
        complaint_score,
        staff_on_duty,
        notes,
        published: form.published.is_some(),
        facility_checks: checks,
        findings,
    };
    let actor = ctx.actor();
    let txn = begin(db).await.map_err(FormError::from)?;
    let result = async {
        let rec = write::record_inspection_in(&txn, &input).await?;
        audit::record(
            &txn,
            &actor,
            "create",
            "inspection",
            &rec.inspection.id.to_string(),
            None::<&()>,
            Some(&InspectionAudit {
                inspection: &rec.inspection,
                facility_checks: &rec.facility_checks,
                findings: &rec.findings,
            }),
            Some(format!("{} ({})", unit.code, r.code)),
        )
        .await?;
        Ok(rec)
    }
    .await;
    finish(txn, result).await.map_err(|e| {
        from_data(
            e,
            lang,
            &[
                ("inspector", "form[inspector]"),
                ("notes", "form[notes]"),
                ("input_score", "form[input_score]"),
                ("process_score", "form[process_score]"),
                ("output_score", "form[output_score]"),
                ("complaint_score", "form[complaint_score]"),
                ("staff_on_duty", "form[staff_on_duty]"),
                ("duplicate:inspection", "form[inspected_on]"),
            ],
        )
    })?;
    Ok(format!("/unit/{}", unit.code))
}
