//! Validated, transactional writes.
//!
//! Every function takes a plain input struct, checks it completely in code (ranges, codes,
//! natural keys, regency consistency) and then writes in **one** transaction: on any error nothing
//! is written. Range errors are [`DataError::OutOfRange`], unknown codes
//! [`DataError::UnknownRegion`] / [`DataError::UnknownUnit`], a natural key that exists already
//! [`DataError::Duplicate`] (for the `record_*` / `create_*` functions; the `upsert_*` functions
//! update the existing row instead, which then stops being demo data), a finding or follow-up that
//! points into another regency [`DataError::WrongRegency`], and a stale `expected_version`
//! [`DataError::VersionConflict`]. The database's own `CHECK`, foreign-key and unique constraints
//! repeat these rules as a second line of defence.

use chrono::{Duration, NaiveDate};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, IntoActiveModel, Iterable, PrimaryKeyToColumn, QueryFilter, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::entities::enums::{CommitmentStatus, FacilityStatus, FollowUpStatus, UnitKind};
use super::entities::{
    commitment, commitment_progress, complaint_stat, compliance_score, facility, facility_check,
    finding, follow_up, inspection, mou, province, regency, service_unit, skm_survey,
    staff_snapshot,
};
use super::{DataError, Reason};
use crate::methodology;

/// First and last year accepted anywhere (the schema's `CHECK` uses the same bounds).
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;
/// Days between an inspection and the default due date of its findings (the 30 days an
/// Ombudsman corrective action allows, domain research §7.3).
pub const FINDING_DUE_DAYS: i64 = 30;

// ---------------------------------------------------------------------------------------------
// Input structs
// ---------------------------------------------------------------------------------------------

/// A published Ombudsman compliance score of a province (`"15"`) or regency (`"15.05"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublishedScoreInput {
    pub region_code: String,
    pub year: i32,
    pub total: f64,
    /// The category as published (`"A"`, `"hijau"`, …); `None`: classified with
    /// [`methodology::classify`].
    pub category: Option<String>,
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    pub public_trust: Option<f64>,
    /// URL of the publication.
    pub source: Option<String>,
}

/// A service unit, created or updated by its code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceUnitInput {
    pub regency_code: String,
    /// Must start with `<regency_code>-`, e.g. `"15.05-MPP"`.
    pub code: String,
    pub kind: UnitKind,
    pub name: String,
    pub inaugurated_on: Option<NaiveDate>,
    pub tenant_count: Option<i32>,
    pub service_count: Option<i32>,
    pub counter_count: Option<i32>,
}

/// Staffing of a unit on a date (updates the snapshot of that date if there is one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSnapshotInput {
    pub unit_code: String,
    pub taken_on: NaiveDate,
    pub on_duty: i32,
    /// Required by the workload analysis (ABK).
    pub required: i32,
    /// At most `on_duty`.
    pub trained: i32,
    pub attendance_pct: f64,
    pub competence_score: Option<f64>,
}

/// One facility's state at an inspection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacilityCheckInput {
    pub facility_code: String,
    pub status: FacilityStatus,
}

/// A finding of an inspection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingInput {
    /// The unit the finding concerns, if not the inspected unit itself (e.g. a tenant counter
    /// inside an MPP). Must be in the inspected unit's regency.
    pub unit_code: Option<String>,
    pub category: String,
    /// 1 (minor) – 3 (serious).
    pub severity: i32,
    pub description: String,
    /// Default: the inspection date + [`FINDING_DUE_DAYS`].
    pub due_on: Option<NaiveDate>,
}

/// An inspection with its facility checks and findings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionInput {
    pub unit_code: String,
    pub inspected_on: NaiveDate,
    pub unannounced: bool,
    pub inspector: String,
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    pub staff_on_duty: Option<i32>,
    pub notes: String,
    pub published: bool,
    pub facility_checks: Vec<FacilityCheckInput>,
    pub findings: Vec<FindingInput>,
}

/// The rows written by [`record_inspection`].
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedInspection {
    pub inspection: inspection::Model,
    pub facility_checks: Vec<facility_check::Model>,
    pub findings: Vec<finding::Model>,
}

/// New values for the editable fields of an inspection ([`update_inspection`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionUpdate {
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    pub staff_on_duty: Option<i32>,
    pub notes: String,
    pub published: bool,
}

/// A follow-up of a finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub finding_id: i32,
    /// Scope check: when given (the regency page or officer's region the follow-up is entered
    /// from), the finding must belong to this regency, else [`DataError::WrongRegency`].
    pub regency_code: Option<String>,
    pub status: FollowUpStatus,
    pub recorded_on: NaiveDate,
    /// Required for `selesai`.
    pub evidence: String,
}

/// An MoU between a regency and the Ombudsman, created or updated by (regency, date).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MouInput {
    pub regency_code: String,
    pub signed_on: NaiveDate,
    pub title: String,
    pub signatories: String,
    pub scope: String,
}

/// A commitment of the MoU of `regency_code` signed on `mou_signed_on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentInput {
    pub regency_code: String,
    pub mou_signed_on: NaiveDate,
    pub title: String,
    pub indicator: String,
    pub target_value: f64,
    pub target_unit: String,
    pub due_on: NaiveDate,
    pub responsible_office: String,
}

/// New values for a commitment ([`update_commitment`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentUpdate {
    pub indicator: String,
    pub target_value: f64,
    pub target_unit: String,
    pub due_on: NaiveDate,
    pub responsible_office: String,
}

/// A progress report on a commitment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentProgressInput {
    pub commitment_id: i32,
    pub reported_on: NaiveDate,
    /// 0–100; `Done` requires 100.
    pub percent: f64,
    pub status: CommitmentStatus,
    pub note: String,
}

/// SKM results of a unit for a semester: the nine element averages U1–U9 (each 1–4). The IKM is
/// computed with [`methodology::ikm`] and stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkmSurveyInput {
    pub unit_code: String,
    pub year: i32,
    pub semester: i32,
    pub respondents: i32,
    pub elements: [f64; 9],
}

/// Complaints of a unit in a quarter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplaintStatInput {
    pub unit_code: String,
    pub year: i32,
    pub quarter: i32,
    pub received: i32,
    pub resolved: i32,
    pub median_days_to_resolve: Option<f64>,
}

// ---------------------------------------------------------------------------------------------
// Validation helpers (pure)
// ---------------------------------------------------------------------------------------------

/// `value` if finite and within `min..=max`, else [`DataError::OutOfRange`].
pub fn check_range(field: &str, value: f64, min: f64, max: f64) -> Result<f64, DataError> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(DataError::OutOfRange {
            field: field.to_owned(),
            value,
            min,
            max,
        })
    }
}

/// A 0–100 score.
pub fn check_score(field: &str, value: f64) -> Result<f64, DataError> {
    check_range(field, value, 0.0, 100.0)
}

fn check_score_opt(field: &str, value: Option<f64>) -> Result<Option<f64>, DataError> {
    value.map(|v| check_score(field, v)).transpose()
}

fn check_int(field: &str, value: i32, min: i32, max: i32) -> Result<i32, DataError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(DataError::OutOfRange {
            field: field.to_owned(),
            value: value.into(),
            min: min.into(),
            max: max.into(),
        })
    }
}

fn check_count(field: &str, value: i32) -> Result<i32, DataError> {
    check_int(field, value, 0, i32::MAX)
}

fn check_count_opt(field: &str, value: Option<i32>) -> Result<Option<i32>, DataError> {
    value.map(|v| check_count(field, v)).transpose()
}

fn check_year(year: i32) -> Result<i32, DataError> {
    check_int("year", year, MIN_YEAR, MAX_YEAR)
}

/// Trimmed, non-empty text of at most `max_len` characters.
fn check_text(field: &str, value: &str, max_len: usize) -> Result<String, DataError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(DataError::Invalid {
            field: field.to_owned(),
            reason: Reason::Empty,
        });
    }
    if value.chars().count() > max_len {
        return Err(DataError::Invalid {
            field: field.to_owned(),
            reason: Reason::TooLong { max: max_len },
        });
    }
    Ok(value.to_owned())
}

/// Free text that may be empty (trimmed, bounded).
fn check_free_text(field: &str, value: &str, max_len: usize) -> Result<String, DataError> {
    let value = value.trim();
    if value.chars().count() > max_len {
        return Err(DataError::Invalid {
            field: field.to_owned(),
            reason: Reason::TooLong { max: max_len },
        });
    }
    Ok(value.to_owned())
}

const NAME_LEN: usize = 200;
const TEXT_LEN: usize = 10_000;

/// Whether `code` has the shape of a Kemendagri province (`"15"`) or regency (`"15.05"`) code.
pub fn is_region_code(code: &str) -> bool {
    let b = code.as_bytes();
    match b.len() {
        2 => b.iter().all(u8::is_ascii_digit),
        5 => {
            b[..2].iter().all(u8::is_ascii_digit)
                && b[2] == b'.'
                && b[3..].iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Whole-input validation (pure): shared by the writes below and by `db::import`
// ---------------------------------------------------------------------------------------------

/// Keeps the value of a check, or records its error in `problems`.
fn keep<T>(problems: &mut Vec<DataError>, result: Result<T, DataError>) -> Option<T> {
    result.map_err(|error| problems.push(error)).ok()
}

/// `value` when nothing was recorded, else every problem (in check order).
fn all_or_problems<T>(problems: Vec<DataError>, value: Option<T>) -> Result<T, Vec<DataError>> {
    match value {
        Some(value) if problems.is_empty() => Ok(value),
        _ => Err(problems),
    }
}

/// The first problem: what a single write reports.
fn first(mut problems: Vec<DataError>) -> DataError {
    problems.swap_remove(0)
}

/// A [`PublishedScoreInput`] that passed [`validate_published_score`]: trimmed, classified.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidPublishedScore {
    pub region_code: String,
    pub year: i32,
    pub total: f64,
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    pub public_trust: Option<f64>,
    /// As published when given, else the classification's label.
    pub category: String,
    /// The methodology in force that year.
    pub methodology_version: String,
    pub source: Option<String>,
}

impl ValidPublishedScore {
    /// The stored row (`published`, not demo) for the region's province or regency id.
    pub fn model(
        &self,
        id: i32,
        province_id: Option<i32>,
        regency_id: Option<i32>,
    ) -> compliance_score::Model {
        compliance_score::Model {
            id,
            region_code: self.region_code.clone(),
            province_id,
            regency_id,
            year: self.year,
            input_score: self.input_score,
            process_score: self.process_score,
            output_score: self.output_score,
            complaint_score: self.complaint_score,
            public_trust: self.public_trust,
            total: self.total,
            category: self.category.clone(),
            methodology_version: self.methodology_version.clone(),
            published: true,
            source: self.source.clone(),
            demo: false,
        }
    }
}

/// Checks everything about a published score that needs no database: the region code's shape,
/// the year, the 0–100 scores, that the year had an assessment, and that a given category is one
/// of that year's labels. `Err` holds every problem found.
pub fn validate_published_score(
    input: &PublishedScoreInput,
) -> Result<ValidPublishedScore, Vec<DataError>> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let code = input.region_code.trim();
    if !is_region_code(code) {
        p.push(DataError::UnknownRegion(input.region_code.clone()));
    }
    let year = keep(p, check_year(input.year));
    let total = keep(p, check_score("total", input.total));
    let dims = [
        ("input_score", input.input_score),
        ("process_score", input.process_score),
        ("output_score", input.output_score),
        ("complaint_score", input.complaint_score),
        ("public_trust", input.public_trust),
    ];
    for (field, value) in dims {
        keep(p, check_score_opt(field, value));
    }
    let classification = match (year, total) {
        (Some(year), Some(total)) => {
            keep(p, methodology::classify(year, total).map_err(Into::into))
        }
        _ => None,
    };
    let category = match (&input.category, &classification) {
        (_, None) => None,
        (None, Some(classification)) => Some(classification.label.clone()),
        (Some(category), Some(_)) => {
            let category = category.trim();
            let labels = keep(
                p,
                methodology::all_labels_for_year(input.year).map_err(Into::into),
            );
            match labels {
                Some(labels) if labels.contains(&category) => Some(category.to_owned()),
                Some(labels) => {
                    p.push(DataError::Invalid {
                        field: "category".to_owned(),
                        reason: Reason::NotACategory {
                            category: category.to_owned(),
                            year: input.year,
                            expected: labels.join(", "),
                        },
                    });
                    None
                }
                None => None,
            }
        }
    };
    let source = input
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let valid = match (total, classification, category) {
        (Some(total), Some(classification), Some(category)) => Some(ValidPublishedScore {
            region_code: code.to_owned(),
            year: input.year,
            total,
            input_score: input.input_score,
            process_score: input.process_score,
            output_score: input.output_score,
            complaint_score: input.complaint_score,
            public_trust: input.public_trust,
            category,
            methodology_version: classification.version,
            source,
        }),
        _ => None,
    };
    all_or_problems(problems, valid)
}

/// A [`ServiceUnitInput`] that passed [`validate_service_unit`]: codes and name trimmed.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidServiceUnit {
    pub regency_code: String,
    pub code: String,
    pub kind: UnitKind,
    pub name: String,
    pub inaugurated_on: Option<NaiveDate>,
    pub tenant_count: Option<i32>,
    pub service_count: Option<i32>,
    pub counter_count: Option<i32>,
}

impl ValidServiceUnit {
    /// The stored row (a real unit, not demo) in regency `regency_id`.
    pub fn model(&self, id: i32, regency_id: i32) -> service_unit::Model {
        service_unit::Model {
            id,
            regency_id,
            code: self.code.clone(),
            kind: self.kind,
            name: self.name.clone(),
            inaugurated_on: self.inaugurated_on,
            tenant_count: self.tenant_count,
            service_count: self.service_count,
            counter_count: self.counter_count,
            demo: false,
        }
    }
}

/// Checks a service unit without the database: the regency code's shape, the unit code (at most
/// 32 characters, `<regency code>-…`), the name and the counts. `Err` holds every problem found.
pub fn validate_service_unit(input: &ServiceUnitInput) -> Result<ValidServiceUnit, Vec<DataError>> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let regency_code = input.regency_code.trim();
    let regency_ok = is_region_code(regency_code) && regency_code.len() == 5;
    if !regency_ok {
        p.push(DataError::UnknownRegion(input.regency_code.clone()));
    }
    let code = keep(p, check_text("code", &input.code, 32));
    if let Some(code) = &code
        && regency_ok
        && (!code.starts_with(&format!("{regency_code}-")) || code.len() <= regency_code.len() + 1)
    {
        p.push(DataError::Invalid {
            field: "code".to_owned(),
            reason: Reason::MustStartWithRegency {
                regency: regency_code.to_owned(),
            },
        });
    }
    let name = keep(p, check_text("name", &input.name, NAME_LEN));
    keep(p, check_count_opt("tenant_count", input.tenant_count));
    keep(p, check_count_opt("service_count", input.service_count));
    keep(p, check_count_opt("counter_count", input.counter_count));
    let valid = code.zip(name).map(|(code, name)| ValidServiceUnit {
        regency_code: regency_code.to_owned(),
        code,
        kind: input.kind,
        name,
        inaugurated_on: input.inaugurated_on,
        tenant_count: input.tenant_count,
        service_count: input.service_count,
        counter_count: input.counter_count,
    });
    all_or_problems(problems, valid)
}

/// A [`StaffSnapshotInput`] that passed [`validate_staff_snapshot`].
#[derive(Clone, Debug, PartialEq)]
pub struct ValidStaffSnapshot {
    pub unit_code: String,
    pub taken_on: NaiveDate,
    pub on_duty: i32,
    pub required: i32,
    pub trained: i32,
    pub attendance_pct: f64,
    pub competence_score: Option<f64>,
}

impl ValidStaffSnapshot {
    /// The stored row (not demo) of unit `unit_id`.
    pub fn model(&self, id: i32, unit_id: i32) -> staff_snapshot::Model {
        staff_snapshot::Model {
            id,
            unit_id,
            taken_on: self.taken_on,
            on_duty: self.on_duty,
            required: self.required,
            trained: self.trained,
            attendance_pct: self.attendance_pct,
            competence_score: self.competence_score,
            demo: false,
        }
    }
}

/// Checks a staff snapshot without the database: counts ≥ 0, `trained` ≤ `on_duty`, attendance
/// 0–100 %, competence 0–100. `Err` holds every problem found.
pub fn validate_staff_snapshot(
    input: &StaffSnapshotInput,
) -> Result<ValidStaffSnapshot, Vec<DataError>> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let on_duty = keep(p, check_count("on_duty", input.on_duty));
    keep(p, check_count("required", input.required));
    match on_duty {
        Some(on_duty) => keep(p, check_int("trained", input.trained, 0, on_duty)),
        None => keep(p, check_count("trained", input.trained)),
    };
    keep(
        p,
        check_range("attendance_pct", input.attendance_pct, 0.0, 100.0),
    );
    keep(
        p,
        check_score_opt("competence_score", input.competence_score),
    );
    let valid = ValidStaffSnapshot {
        unit_code: input.unit_code.trim().to_owned(),
        taken_on: input.taken_on,
        on_duty: input.on_duty,
        required: input.required,
        trained: input.trained,
        attendance_pct: input.attendance_pct,
        competence_score: input.competence_score,
    };
    all_or_problems(problems, Some(valid))
}

/// An [`SkmSurveyInput`] that passed [`validate_skm_survey`], with its computed IKM.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidSkmSurvey {
    pub unit_code: String,
    pub year: i32,
    pub semester: i32,
    pub respondents: i32,
    pub elements: [f64; 9],
    /// [`methodology::ikm`] of the elements.
    pub ikm: f64,
}

impl ValidSkmSurvey {
    /// The stored row (not demo) of unit `unit_id`.
    pub fn model(&self, id: i32, unit_id: i32) -> skm_survey::Model {
        let [u1, u2, u3, u4, u5, u6, u7, u8, u9] = self.elements;
        skm_survey::Model {
            id,
            unit_id,
            year: self.year,
            semester: self.semester,
            respondents: self.respondents,
            u1,
            u2,
            u3,
            u4,
            u5,
            u6,
            u7,
            u8,
            u9,
            ikm: self.ikm,
            demo: false,
        }
    }
}

/// Checks an SKM survey without the database: year, semester 1–2, at least one respondent, each
/// element 1–4; computes the IKM. `Err` holds every problem found.
pub fn validate_skm_survey(input: &SkmSurveyInput) -> Result<ValidSkmSurvey, Vec<DataError>> {
    let mut problems = Vec::new();
    let p = &mut problems;
    keep(p, check_year(input.year));
    keep(p, check_int("semester", input.semester, 1, 2));
    keep(p, check_int("respondents", input.respondents, 1, i32::MAX));
    let before = p.len();
    for (i, value) in input.elements.iter().enumerate() {
        keep(p, check_range(&format!("u{}", i + 1), *value, 1.0, 4.0));
    }
    let ikm = if p.len() == before {
        keep(p, methodology::ikm(&input.elements).map_err(Into::into))
    } else {
        None
    };
    let valid = ikm.map(|ikm| ValidSkmSurvey {
        unit_code: input.unit_code.trim().to_owned(),
        year: input.year,
        semester: input.semester,
        respondents: input.respondents,
        elements: input.elements,
        ikm,
    });
    all_or_problems(problems, valid)
}

/// A model as an active model to insert or update: every column `Set` except the primary key.
pub(crate) fn new_row<A: ActiveModelTrait>(model: impl IntoActiveModel<A>) -> A {
    let mut am = model.into_active_model().reset_all();
    for key in <A::Entity as EntityTrait>::PrimaryKey::iter() {
        am.not_set(key.into_column());
    }
    am
}

// ---------------------------------------------------------------------------------------------
// Transactions and look-ups
// ---------------------------------------------------------------------------------------------

/// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite, so concurrent writers queue on the
/// busy timeout instead of failing when a read transaction would have to be upgraded).
pub(crate) async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction, DataError> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Commits on `Ok`, rolls back on `Err`.
pub(crate) async fn finish<T>(
    txn: DatabaseTransaction,
    result: Result<T, DataError>,
) -> Result<T, DataError> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(error) => {
            txn.rollback().await.ok();
            Err(error)
        }
    }
}

/// A province or a regency, by Kemendagri code.
#[derive(Clone, Debug)]
pub(crate) enum Region {
    Province(province::Model),
    Regency(regency::Model),
}

pub(crate) async fn region_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Region, DataError> {
    let unknown = || DataError::UnknownRegion(code.to_owned());
    if !is_region_code(code) {
        return Err(unknown());
    }
    if code.len() == 2 {
        let p = province::Entity::find()
            .filter(province::Column::Code.eq(code))
            .one(db)
            .await?;
        p.map(Region::Province).ok_or_else(unknown)
    } else {
        let r = regency::Entity::find()
            .filter(regency::Column::Code.eq(code))
            .one(db)
            .await?;
        r.map(Region::Regency).ok_or_else(unknown)
    }
}

pub(crate) async fn regency_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<regency::Model, DataError> {
    match region_by_code(db, code).await? {
        Region::Regency(r) => Ok(r),
        Region::Province(_) => Err(DataError::UnknownRegion(code.to_owned())),
    }
}

pub(crate) async fn unit_by_code<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<service_unit::Model, DataError> {
    service_unit::Entity::find()
        .filter(service_unit::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| DataError::UnknownUnit(code.to_owned()))
}

async fn regency_code_of<C: ConnectionTrait>(db: &C, regency_id: i32) -> Result<String, DataError> {
    Ok(regency::Entity::find_by_id(regency_id)
        .one(db)
        .await?
        .ok_or(DataError::NotFound)?
        .code)
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

/// Stores a published score as published (`published = true`, `demo = false`), replacing any
/// row of the same region and year. The category is the published one when given (it must be a
/// label of that year's band table), else [`methodology::classify`]'s; the methodology version is
/// the one in force that year.
pub async fn upsert_published_score(
    db: &DatabaseConnection,
    input: &PublishedScoreInput,
) -> Result<compliance_score::Model, DataError> {
    let valid = validate_published_score(input).map_err(first)?;

    let txn = begin(db).await?;
    let result = async {
        let (province_id, regency_id) = match region_by_code(&txn, &valid.region_code).await? {
            Region::Province(p) => (Some(p.id), None),
            Region::Regency(r) => (None, Some(r.id)),
        };
        let existing = compliance_score::Entity::find()
            .filter(compliance_score::Column::RegionCode.eq(&valid.region_code))
            .filter(compliance_score::Column::Year.eq(valid.year))
            .one(&txn)
            .await?;
        let mut am: compliance_score::ActiveModel =
            new_row(valid.model(0, province_id, regency_id));
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}

/// Creates or updates (by code) a service unit. Updating makes it a real (non-demo) unit.
pub async fn upsert_service_unit(
    db: &DatabaseConnection,
    input: &ServiceUnitInput,
) -> Result<service_unit::Model, DataError> {
    let valid = validate_service_unit(input).map_err(first)?;

    let txn = begin(db).await?;
    let result = async {
        let regency = regency_by_code(&txn, &valid.regency_code).await?;
        let existing = service_unit::Entity::find()
            .filter(service_unit::Column::Code.eq(&valid.code))
            .one(&txn)
            .await?;
        let mut am: service_unit::ActiveModel = new_row(valid.model(0, regency.id));
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}

/// Creates or updates (by unit and date) a staff snapshot.
pub async fn upsert_staff_snapshot(
    db: &DatabaseConnection,
    input: &StaffSnapshotInput,
) -> Result<staff_snapshot::Model, DataError> {
    let valid = validate_staff_snapshot(input).map_err(first)?;

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        let existing = staff_snapshot::Entity::find()
            .filter(staff_snapshot::Column::UnitId.eq(unit.id))
            .filter(staff_snapshot::Column::TakenOn.eq(valid.taken_on))
            .one(&txn)
            .await?;
        let mut am: staff_snapshot::ActiveModel = new_row(valid.model(0, unit.id));
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}

/// Records a new inspection with its facility checks and findings. An inspection of the same
/// unit on the same date is a [`DataError::Duplicate`]; a finding about a unit of another regency
/// is [`DataError::WrongRegency`].
pub async fn record_inspection(
    db: &DatabaseConnection,
    input: &InspectionInput,
) -> Result<RecordedInspection, DataError> {
    let txn = begin(db).await?;
    let result = record_inspection_in(&txn, input).await;
    finish(txn, result).await
}

/// [`record_inspection`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn record_inspection_in<C: ConnectionTrait>(
    txn: &C,
    input: &InspectionInput,
) -> Result<RecordedInspection, DataError> {
    // Pure checks.
    let inspector = check_text("inspector", &input.inspector, NAME_LEN)?;
    let notes = check_free_text("notes", &input.notes, TEXT_LEN)?;
    check_score_opt("input_score", input.input_score)?;
    check_score_opt("process_score", input.process_score)?;
    check_score_opt("output_score", input.output_score)?;
    check_score_opt("complaint_score", input.complaint_score)?;
    check_count_opt("staff_on_duty", input.staff_on_duty)?;
    let mut seen = std::collections::HashSet::new();
    for check in &input.facility_checks {
        if !seen.insert(check.facility_code.trim()) {
            return Err(DataError::Duplicate {
                what: "facility_check".to_owned(),
            });
        }
    }
    let mut findings = Vec::with_capacity(input.findings.len());
    for f in &input.findings {
        let category = check_text("category", &f.category, 64)?;
        check_int("severity", f.severity, 1, 3)?;
        let description = check_text("description", &f.description, TEXT_LEN)?;
        let due_on = f
            .due_on
            .unwrap_or(input.inspected_on + Duration::days(FINDING_DUE_DAYS));
        if due_on < input.inspected_on {
            return Err(DataError::Invalid {
                field: "due_on".to_owned(),
                reason: Reason::DueBeforeInspection,
            });
        }
        findings.push((
            f.unit_code.as_deref().map(str::trim),
            category,
            f.severity,
            description,
            due_on,
        ));
    }

    async {
        let unit = unit_by_code(txn, &input.unit_code).await?;
        // Resolve everything before the first insert.
        let mut facility_ids = Vec::with_capacity(input.facility_checks.len());
        for check in &input.facility_checks {
            let code = check.facility_code.trim();
            let f = facility::Entity::find()
                .filter(facility::Column::Code.eq(code))
                .one(txn)
                .await?
                .ok_or_else(|| DataError::Invalid {
                    field: "facility".to_owned(),
                    reason: Reason::UnknownFacility {
                        code: code.to_owned(),
                    },
                })?;
            facility_ids.push((f.id, check.status));
        }
        let mut finding_units = Vec::with_capacity(findings.len());
        for (unit_code, ..) in &findings {
            finding_units.push(match unit_code {
                None => None,
                Some(code) => {
                    let other = unit_by_code(txn, code).await?;
                    if other.regency_id != unit.regency_id {
                        let regency = regency_code_of(txn, unit.regency_id).await?;
                        return Err(DataError::WrongRegency {
                            unit: other.code,
                            regency,
                        });
                    }
                    Some(other.id)
                }
            });
        }
        let duplicate = inspection::Entity::find()
            .filter(inspection::Column::UnitId.eq(unit.id))
            .filter(inspection::Column::InspectedOn.eq(input.inspected_on))
            .one(txn)
            .await?;
        if duplicate.is_some() {
            return Err(DataError::Duplicate {
                what: "inspection".to_owned(),
            });
        }

        let inspection = inspection::ActiveModel {
            id: NotSet,
            unit_id: Set(unit.id),
            inspected_on: Set(input.inspected_on),
            unannounced: Set(input.unannounced),
            inspector: Set(inspector.clone()),
            input_score: Set(input.input_score),
            process_score: Set(input.process_score),
            output_score: Set(input.output_score),
            complaint_score: Set(input.complaint_score),
            staff_on_duty: Set(input.staff_on_duty),
            notes: Set(notes.clone()),
            published: Set(input.published),
            version: Set(1),
            demo: Set(false),
        }
        .insert(txn)
        .await?;

        let mut checks = Vec::with_capacity(facility_ids.len());
        for (facility_id, status) in facility_ids {
            let row = facility_check::ActiveModel {
                id: NotSet,
                inspection_id: Set(inspection.id),
                facility_id: Set(facility_id),
                status: Set(status),
            }
            .insert(txn)
            .await?;
            checks.push(row);
        }
        let mut rows = Vec::with_capacity(findings.len());
        for ((_, category, severity, description, due_on), unit_id) in
            findings.iter().zip(finding_units)
        {
            let row = finding::ActiveModel {
                id: NotSet,
                inspection_id: Set(inspection.id),
                unit_id: Set(unit_id),
                category: Set(category.clone()),
                severity: Set(*severity),
                description: Set(description.clone()),
                due_on: Set(*due_on),
                version: Set(1),
            }
            .insert(txn)
            .await?;
            rows.push(row);
        }
        Ok(RecordedInspection {
            inspection,
            facility_checks: checks,
            findings: rows,
        })
    }
    .await
}

/// Updates the scores, notes and publication flag of inspection `id` if its version is still
/// `expected_version` (then bumps it): [`DataError::VersionConflict`] otherwise,
/// [`DataError::NotFound`] if there is no such inspection.
pub async fn update_inspection(
    db: &DatabaseConnection,
    id: i32,
    expected_version: i32,
    update: &InspectionUpdate,
) -> Result<inspection::Model, DataError> {
    let txn = begin(db).await?;
    let result = update_inspection_in(&txn, id, expected_version, update).await;
    finish(txn, result).await
}

/// [`update_inspection`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn update_inspection_in<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    expected_version: i32,
    update: &InspectionUpdate,
) -> Result<inspection::Model, DataError> {
    check_score_opt("input_score", update.input_score)?;
    check_score_opt("process_score", update.process_score)?;
    check_score_opt("output_score", update.output_score)?;
    check_score_opt("complaint_score", update.complaint_score)?;
    check_count_opt("staff_on_duty", update.staff_on_duty)?;
    let notes = check_free_text("notes", &update.notes, TEXT_LEN)?;

    async {
        use inspection::Column as C;
        let updated = inspection::Entity::update_many()
            .col_expr(C::InputScore, Expr::value(update.input_score))
            .col_expr(C::ProcessScore, Expr::value(update.process_score))
            .col_expr(C::OutputScore, Expr::value(update.output_score))
            .col_expr(C::ComplaintScore, Expr::value(update.complaint_score))
            .col_expr(C::StaffOnDuty, Expr::value(update.staff_on_duty))
            .col_expr(C::Notes, Expr::value(notes.clone()))
            .col_expr(C::Published, Expr::value(update.published))
            .col_expr(C::Demo, Expr::value(false))
            .col_expr(C::Version, Expr::col(C::Version).add(1))
            .filter(C::Id.eq(id))
            .filter(C::Version.eq(expected_version))
            .exec(txn)
            .await?;
        let row = inspection::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if updated.rows_affected == 0 {
            return Err(DataError::VersionConflict);
        }
        Ok(row)
    }
    .await
}

/// Records a follow-up of a finding (see [`FollowUpInput::regency_code`] for the scope check).
pub async fn record_follow_up(
    db: &DatabaseConnection,
    input: &FollowUpInput,
) -> Result<follow_up::Model, DataError> {
    let txn = begin(db).await?;
    let result = record_follow_up_in(&txn, input).await;
    finish(txn, result).await
}

/// [`record_follow_up`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn record_follow_up_in<C: ConnectionTrait>(
    txn: &C,
    input: &FollowUpInput,
) -> Result<follow_up::Model, DataError> {
    let evidence = check_free_text("evidence", &input.evidence, TEXT_LEN)?;
    if input.status == FollowUpStatus::Selesai && evidence.is_empty() {
        return Err(DataError::Invalid {
            field: "evidence".to_owned(),
            reason: Reason::EvidenceRequired,
        });
    }
    let scope = input.regency_code.as_deref().map(str::trim);
    if let Some(code) = scope
        && (!is_region_code(code) || code.len() != 5)
    {
        return Err(DataError::UnknownRegion(code.to_owned()));
    }

    async {
        let finding = finding::Entity::find_by_id(input.finding_id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let inspection = inspection::Entity::find_by_id(finding.inspection_id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let unit = service_unit::Entity::find_by_id(inspection.unit_id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if input.recorded_on < inspection.inspected_on {
            return Err(DataError::Invalid {
                field: "recorded_on".to_owned(),
                reason: Reason::FollowUpBeforeInspection,
            });
        }
        if let Some(code) = scope {
            let regency = regency_by_code(txn, code).await?;
            let concerned = match finding.unit_id {
                Some(id) if id != unit.id => service_unit::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .ok_or(DataError::NotFound)?,
                _ => unit.clone(),
            };
            for u in [&unit, &concerned] {
                if u.regency_id != regency.id {
                    return Err(DataError::WrongRegency {
                        unit: u.code.clone(),
                        regency: regency.code.clone(),
                    });
                }
            }
        }
        Ok(follow_up::ActiveModel {
            id: NotSet,
            finding_id: Set(finding.id),
            status: Set(input.status),
            recorded_on: Set(input.recorded_on),
            evidence: Set(evidence.clone()),
        }
        .insert(txn)
        .await?)
    }
    .await
}

/// Creates or updates (by regency and signing date) an MoU.
pub async fn upsert_mou(
    db: &DatabaseConnection,
    input: &MouInput,
) -> Result<mou::Model, DataError> {
    let title = check_text("title", &input.title, NAME_LEN)?;
    let signatories = check_text("signatories", &input.signatories, TEXT_LEN)?;
    let scope = check_text("scope", &input.scope, TEXT_LEN)?;

    let txn = begin(db).await?;
    let result = async {
        let regency = regency_by_code(&txn, input.regency_code.trim()).await?;
        let existing = mou::Entity::find()
            .filter(mou::Column::RegencyId.eq(regency.id))
            .filter(mou::Column::SignedOn.eq(input.signed_on))
            .one(&txn)
            .await?;
        let mut am = mou::ActiveModel {
            id: NotSet,
            regency_id: Set(regency.id),
            signed_on: Set(input.signed_on),
            title: Set(title.clone()),
            signatories: Set(signatories.clone()),
            scope: Set(scope.clone()),
            demo: Set(false),
        };
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}

fn check_commitment_values(
    indicator: &str,
    target_value: f64,
    target_unit: &str,
    responsible_office: &str,
) -> Result<(String, String, String), DataError> {
    let indicator = check_text("indicator", indicator, TEXT_LEN)?;
    check_range("target_value", target_value, 0.0, 1e12)?;
    let target_unit = check_text("target_unit", target_unit, 32)?;
    let office = check_text("responsible_office", responsible_office, NAME_LEN)?;
    Ok((indicator, target_unit, office))
}

/// Creates a commitment of an existing MoU ([`DataError::NotFound`] if there is no MoU of that
/// regency on that date; [`DataError::Duplicate`] if the MoU has a commitment with that title).
pub async fn create_commitment(
    db: &DatabaseConnection,
    input: &CommitmentInput,
) -> Result<commitment::Model, DataError> {
    let txn = begin(db).await?;
    let result = create_commitment_in(&txn, input).await;
    finish(txn, result).await
}

/// [`create_commitment`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn create_commitment_in<C: ConnectionTrait>(
    txn: &C,
    input: &CommitmentInput,
) -> Result<commitment::Model, DataError> {
    let title = check_text("title", &input.title, NAME_LEN)?;
    let (indicator, target_unit, office) = check_commitment_values(
        &input.indicator,
        input.target_value,
        &input.target_unit,
        &input.responsible_office,
    )?;
    if input.due_on < input.mou_signed_on {
        return Err(DataError::Invalid {
            field: "due_on".to_owned(),
            reason: Reason::DueBeforeMou,
        });
    }

    async {
        let regency = regency_by_code(txn, input.regency_code.trim()).await?;
        let mou = mou::Entity::find()
            .filter(mou::Column::RegencyId.eq(regency.id))
            .filter(mou::Column::SignedOn.eq(input.mou_signed_on))
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let duplicate = commitment::Entity::find()
            .filter(commitment::Column::MouId.eq(mou.id))
            .filter(commitment::Column::Title.eq(&title))
            .one(txn)
            .await?;
        if duplicate.is_some() {
            return Err(DataError::Duplicate {
                what: "commitment".to_owned(),
            });
        }
        Ok(commitment::ActiveModel {
            id: NotSet,
            mou_id: Set(mou.id),
            title: Set(title.clone()),
            indicator: Set(indicator.clone()),
            target_value: Set(input.target_value),
            target_unit: Set(target_unit.clone()),
            due_on: Set(input.due_on),
            responsible_office: Set(office.clone()),
            version: Set(1),
            demo: Set(false),
        }
        .insert(txn)
        .await?)
    }
    .await
}

/// Updates commitment `id` if its version is still `expected_version` (optimistic locking).
pub async fn update_commitment(
    db: &DatabaseConnection,
    id: i32,
    expected_version: i32,
    update: &CommitmentUpdate,
) -> Result<commitment::Model, DataError> {
    let txn = begin(db).await?;
    let result = update_commitment_in(&txn, id, expected_version, update).await;
    finish(txn, result).await
}

/// [`update_commitment`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn update_commitment_in<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    expected_version: i32,
    update: &CommitmentUpdate,
) -> Result<commitment::Model, DataError> {
    let (indicator, target_unit, office) = check_commitment_values(
        &update.indicator,
        update.target_value,
        &update.target_unit,
        &update.responsible_office,
    )?;

    async {
        use commitment::Column as C;
        let current = commitment::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let mou = mou::Entity::find_by_id(current.mou_id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if update.due_on < mou.signed_on {
            return Err(DataError::Invalid {
                field: "due_on".to_owned(),
                reason: Reason::DueBeforeMou,
            });
        }
        let updated = commitment::Entity::update_many()
            .col_expr(C::Indicator, Expr::value(indicator.clone()))
            .col_expr(C::TargetValue, Expr::value(update.target_value))
            .col_expr(C::TargetUnit, Expr::value(target_unit.clone()))
            .col_expr(C::DueOn, Expr::value(update.due_on))
            .col_expr(C::ResponsibleOffice, Expr::value(office.clone()))
            .col_expr(C::Demo, Expr::value(false))
            .col_expr(C::Version, Expr::col(C::Version).add(1))
            .filter(C::Id.eq(id))
            .filter(C::Version.eq(expected_version))
            .exec(txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(DataError::VersionConflict);
        }
        commitment::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)
    }
    .await
}

/// Records a progress report ([`DataError::Duplicate`] if the commitment has one on that date).
pub async fn record_commitment_progress(
    db: &DatabaseConnection,
    input: &CommitmentProgressInput,
) -> Result<commitment_progress::Model, DataError> {
    let txn = begin(db).await?;
    let result = record_commitment_progress_in(&txn, input).await;
    finish(txn, result).await
}

/// [`record_commitment_progress`] inside the caller's transaction (which it neither commits nor rolls back).
pub async fn record_commitment_progress_in<C: ConnectionTrait>(
    txn: &C,
    input: &CommitmentProgressInput,
) -> Result<commitment_progress::Model, DataError> {
    let percent = check_range("percent", input.percent, 0.0, 100.0)?;
    if input.status == CommitmentStatus::Done && percent < 100.0 {
        return Err(DataError::Invalid {
            field: "status".to_owned(),
            reason: Reason::DoneNeedsFull,
        });
    }
    let note = check_free_text("note", &input.note, TEXT_LEN)?;

    async {
        let commitment = commitment::Entity::find_by_id(input.commitment_id)
            .one(txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let duplicate = commitment_progress::Entity::find()
            .filter(commitment_progress::Column::CommitmentId.eq(commitment.id))
            .filter(commitment_progress::Column::ReportedOn.eq(input.reported_on))
            .one(txn)
            .await?;
        if duplicate.is_some() {
            return Err(DataError::Duplicate {
                what: "commitment_progress".to_owned(),
            });
        }
        Ok(commitment_progress::ActiveModel {
            id: NotSet,
            commitment_id: Set(commitment.id),
            reported_on: Set(input.reported_on),
            percent: Set(percent),
            status: Set(input.status),
            note: Set(note.clone()),
        }
        .insert(txn)
        .await?)
    }
    .await
}

/// Creates or updates (by unit, year and semester) an SKM survey; the IKM is computed.
pub async fn upsert_skm_survey(
    db: &DatabaseConnection,
    input: &SkmSurveyInput,
) -> Result<skm_survey::Model, DataError> {
    let valid = validate_skm_survey(input).map_err(first)?;

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        let existing = skm_survey::Entity::find()
            .filter(skm_survey::Column::UnitId.eq(unit.id))
            .filter(skm_survey::Column::Year.eq(valid.year))
            .filter(skm_survey::Column::Semester.eq(valid.semester))
            .one(&txn)
            .await?;
        let mut am: skm_survey::ActiveModel = new_row(valid.model(0, unit.id));
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}

/// Creates or updates (by unit, year and quarter) a quarter's complaint statistics.
pub async fn upsert_complaint_stat(
    db: &DatabaseConnection,
    input: &ComplaintStatInput,
) -> Result<complaint_stat::Model, DataError> {
    check_year(input.year)?;
    check_int("quarter", input.quarter, 1, 4)?;
    let received = check_count("received", input.received)?;
    check_int("resolved", input.resolved, 0, received)?;
    if let Some(days) = input.median_days_to_resolve {
        check_range("median_days_to_resolve", days, 0.0, 3650.0)?;
    }

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        let existing = complaint_stat::Entity::find()
            .filter(complaint_stat::Column::UnitId.eq(unit.id))
            .filter(complaint_stat::Column::Year.eq(input.year))
            .filter(complaint_stat::Column::Quarter.eq(input.quarter))
            .one(&txn)
            .await?;
        let mut am = complaint_stat::ActiveModel {
            id: NotSet,
            unit_id: Set(unit.id),
            year: Set(input.year),
            quarter: Set(input.quarter),
            received: Set(input.received),
            resolved: Set(input.resolved),
            median_days_to_resolve: Set(input.median_days_to_resolve),
            demo: Set(false),
        };
        Ok(match existing {
            Some(row) => {
                am.id = Set(row.id);
                am.update(&txn).await?
            }
            None => am.insert(&txn).await?,
        })
    }
    .await;
    finish(txn, result).await
}
