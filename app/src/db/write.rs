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
    EntityTrait, QueryFilter, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::{Deserialize, Serialize};

use super::DataError;
use super::entities::enums::{CommitmentStatus, FacilityStatus, FollowUpStatus, UnitKind};
use super::entities::{
    commitment, commitment_progress, complaint_stat, compliance_score, facility, facility_check,
    finding, follow_up, inspection, mou, province, regency, service_unit, skm_survey,
    staff_snapshot,
};
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
            reason: "must not be empty".to_owned(),
        });
    }
    if value.chars().count() > max_len {
        return Err(DataError::Invalid {
            field: field.to_owned(),
            reason: format!("at most {max_len} characters"),
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
            reason: format!("at most {max_len} characters"),
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
    // Pure checks first.
    let code = input.region_code.trim();
    if !is_region_code(code) {
        return Err(DataError::UnknownRegion(input.region_code.clone()));
    }
    check_year(input.year)?;
    let total = check_score("total", input.total)?;
    let dims = [
        ("input_score", input.input_score),
        ("process_score", input.process_score),
        ("output_score", input.output_score),
        ("complaint_score", input.complaint_score),
        ("public_trust", input.public_trust),
    ];
    for (field, value) in dims {
        check_score_opt(field, value)?;
    }
    let classification = methodology::classify(input.year, total)?;
    let category = match &input.category {
        Some(category) => {
            let category = category.trim();
            let labels = methodology::all_labels_for_year(input.year)?;
            if !labels.contains(&category) {
                return Err(DataError::Invalid {
                    field: "category".to_owned(),
                    reason: format!(
                        "{category:?} is not a category of {} (expected one of {})",
                        input.year,
                        labels.join(", ")
                    ),
                });
            }
            category.to_owned()
        }
        None => classification.label.clone(),
    };
    let source = input
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);

    let txn = begin(db).await?;
    let result = async {
        let (province_id, regency_id) = match region_by_code(&txn, code).await? {
            Region::Province(p) => (Some(p.id), None),
            Region::Regency(r) => (None, Some(r.id)),
        };
        let existing = compliance_score::Entity::find()
            .filter(compliance_score::Column::RegionCode.eq(code))
            .filter(compliance_score::Column::Year.eq(input.year))
            .one(&txn)
            .await?;
        let mut am = compliance_score::ActiveModel {
            id: NotSet,
            region_code: Set(code.to_owned()),
            province_id: Set(province_id),
            regency_id: Set(regency_id),
            year: Set(input.year),
            input_score: Set(input.input_score),
            process_score: Set(input.process_score),
            output_score: Set(input.output_score),
            complaint_score: Set(input.complaint_score),
            public_trust: Set(input.public_trust),
            total: Set(total),
            category: Set(category),
            methodology_version: Set(classification.version.clone()),
            published: Set(true),
            source: Set(source),
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

/// Creates or updates (by code) a service unit. Updating makes it a real (non-demo) unit.
pub async fn upsert_service_unit(
    db: &DatabaseConnection,
    input: &ServiceUnitInput,
) -> Result<service_unit::Model, DataError> {
    let regency_code = input.regency_code.trim();
    if !is_region_code(regency_code) || regency_code.len() != 5 {
        return Err(DataError::UnknownRegion(input.regency_code.clone()));
    }
    let code = check_text("code", &input.code, 32)?;
    if !code.starts_with(&format!("{regency_code}-")) || code.len() <= regency_code.len() + 1 {
        return Err(DataError::Invalid {
            field: "code".to_owned(),
            reason: format!("must start with the regency code, e.g. \"{regency_code}-MPP\""),
        });
    }
    let name = check_text("name", &input.name, NAME_LEN)?;
    check_count_opt("tenant_count", input.tenant_count)?;
    check_count_opt("service_count", input.service_count)?;
    check_count_opt("counter_count", input.counter_count)?;

    let txn = begin(db).await?;
    let result = async {
        let regency = regency_by_code(&txn, regency_code).await?;
        let existing = service_unit::Entity::find()
            .filter(service_unit::Column::Code.eq(&code))
            .one(&txn)
            .await?;
        let mut am = service_unit::ActiveModel {
            id: NotSet,
            regency_id: Set(regency.id),
            code: Set(code.clone()),
            kind: Set(input.kind),
            name: Set(name.clone()),
            inaugurated_on: Set(input.inaugurated_on),
            tenant_count: Set(input.tenant_count),
            service_count: Set(input.service_count),
            counter_count: Set(input.counter_count),
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

/// Creates or updates (by unit and date) a staff snapshot.
pub async fn upsert_staff_snapshot(
    db: &DatabaseConnection,
    input: &StaffSnapshotInput,
) -> Result<staff_snapshot::Model, DataError> {
    let on_duty = check_count("on_duty", input.on_duty)?;
    check_count("required", input.required)?;
    check_int("trained", input.trained, 0, on_duty)?;
    check_range("attendance_pct", input.attendance_pct, 0.0, 100.0)?;
    check_score_opt("competence_score", input.competence_score)?;

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        let existing = staff_snapshot::Entity::find()
            .filter(staff_snapshot::Column::UnitId.eq(unit.id))
            .filter(staff_snapshot::Column::TakenOn.eq(input.taken_on))
            .one(&txn)
            .await?;
        let mut am = staff_snapshot::ActiveModel {
            id: NotSet,
            unit_id: Set(unit.id),
            taken_on: Set(input.taken_on),
            on_duty: Set(input.on_duty),
            required: Set(input.required),
            trained: Set(input.trained),
            attendance_pct: Set(input.attendance_pct),
            competence_score: Set(input.competence_score),
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

/// Records a new inspection with its facility checks and findings. An inspection of the same
/// unit on the same date is a [`DataError::Duplicate`]; a finding about a unit of another regency
/// is [`DataError::WrongRegency`].
pub async fn record_inspection(
    db: &DatabaseConnection,
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
                reason: "the due date is before the inspection".to_owned(),
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

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        // Resolve everything before the first insert.
        let mut facility_ids = Vec::with_capacity(input.facility_checks.len());
        for check in &input.facility_checks {
            let code = check.facility_code.trim();
            let f = facility::Entity::find()
                .filter(facility::Column::Code.eq(code))
                .one(&txn)
                .await?
                .ok_or_else(|| DataError::Invalid {
                    field: "facility".to_owned(),
                    reason: format!("unknown facility code {code:?}"),
                })?;
            facility_ids.push((f.id, check.status));
        }
        let mut finding_units = Vec::with_capacity(findings.len());
        for (unit_code, ..) in &findings {
            finding_units.push(match unit_code {
                None => None,
                Some(code) => {
                    let other = unit_by_code(&txn, code).await?;
                    if other.regency_id != unit.regency_id {
                        let regency = regency_code_of(&txn, unit.regency_id).await?;
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
            .one(&txn)
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
        .insert(&txn)
        .await?;

        let mut checks = Vec::with_capacity(facility_ids.len());
        for (facility_id, status) in facility_ids {
            let row = facility_check::ActiveModel {
                id: NotSet,
                inspection_id: Set(inspection.id),
                facility_id: Set(facility_id),
                status: Set(status),
            }
            .insert(&txn)
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
            .insert(&txn)
            .await?;
            rows.push(row);
        }
        Ok(RecordedInspection {
            inspection,
            facility_checks: checks,
            findings: rows,
        })
    }
    .await;
    finish(txn, result).await
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
    check_score_opt("input_score", update.input_score)?;
    check_score_opt("process_score", update.process_score)?;
    check_score_opt("output_score", update.output_score)?;
    check_score_opt("complaint_score", update.complaint_score)?;
    check_count_opt("staff_on_duty", update.staff_on_duty)?;
    let notes = check_free_text("notes", &update.notes, TEXT_LEN)?;

    let txn = begin(db).await?;
    let result = async {
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
            .exec(&txn)
            .await?;
        let row = inspection::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if updated.rows_affected == 0 {
            return Err(DataError::VersionConflict);
        }
        Ok(row)
    }
    .await;
    finish(txn, result).await
}

/// Records a follow-up of a finding (see [`FollowUpInput::regency_code`] for the scope check).
pub async fn record_follow_up(
    db: &DatabaseConnection,
    input: &FollowUpInput,
) -> Result<follow_up::Model, DataError> {
    let evidence = check_free_text("evidence", &input.evidence, TEXT_LEN)?;
    if input.status == FollowUpStatus::Selesai && evidence.is_empty() {
        return Err(DataError::Invalid {
            field: "evidence".to_owned(),
            reason: "a finished follow-up needs its evidence".to_owned(),
        });
    }
    let scope = input.regency_code.as_deref().map(str::trim);
    if let Some(code) = scope
        && (!is_region_code(code) || code.len() != 5)
    {
        return Err(DataError::UnknownRegion(code.to_owned()));
    }

    let txn = begin(db).await?;
    let result = async {
        let finding = finding::Entity::find_by_id(input.finding_id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let inspection = inspection::Entity::find_by_id(finding.inspection_id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let unit = service_unit::Entity::find_by_id(inspection.unit_id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if input.recorded_on < inspection.inspected_on {
            return Err(DataError::Invalid {
                field: "recorded_on".to_owned(),
                reason: "a follow-up cannot precede the inspection".to_owned(),
            });
        }
        if let Some(code) = scope {
            let regency = regency_by_code(&txn, code).await?;
            let concerned = match finding.unit_id {
                Some(id) if id != unit.id => service_unit::Entity::find_by_id(id)
                    .one(&txn)
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
        .insert(&txn)
        .await?)
    }
    .await;
    finish(txn, result).await
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
            reason: "the due date is before the MoU".to_owned(),
        });
    }

    let txn = begin(db).await?;
    let result = async {
        let regency = regency_by_code(&txn, input.regency_code.trim()).await?;
        let mou = mou::Entity::find()
            .filter(mou::Column::RegencyId.eq(regency.id))
            .filter(mou::Column::SignedOn.eq(input.mou_signed_on))
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let duplicate = commitment::Entity::find()
            .filter(commitment::Column::MouId.eq(mou.id))
            .filter(commitment::Column::Title.eq(&title))
            .one(&txn)
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
        .insert(&txn)
        .await?)
    }
    .await;
    finish(txn, result).await
}

/// Updates commitment `id` if its version is still `expected_version` (optimistic locking).
pub async fn update_commitment(
    db: &DatabaseConnection,
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

    let txn = begin(db).await?;
    let result = async {
        use commitment::Column as C;
        let current = commitment::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let mou = mou::Entity::find_by_id(current.mou_id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        if update.due_on < mou.signed_on {
            return Err(DataError::Invalid {
                field: "due_on".to_owned(),
                reason: "the due date is before the MoU".to_owned(),
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
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(DataError::VersionConflict);
        }
        commitment::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)
    }
    .await;
    finish(txn, result).await
}

/// Records a progress report ([`DataError::Duplicate`] if the commitment has one on that date).
pub async fn record_commitment_progress(
    db: &DatabaseConnection,
    input: &CommitmentProgressInput,
) -> Result<commitment_progress::Model, DataError> {
    let percent = check_range("percent", input.percent, 0.0, 100.0)?;
    if input.status == CommitmentStatus::Done && percent < 100.0 {
        return Err(DataError::Invalid {
            field: "status".to_owned(),
            reason: "\"done\" needs 100 %".to_owned(),
        });
    }
    let note = check_free_text("note", &input.note, TEXT_LEN)?;

    let txn = begin(db).await?;
    let result = async {
        let commitment = commitment::Entity::find_by_id(input.commitment_id)
            .one(&txn)
            .await?
            .ok_or(DataError::NotFound)?;
        let duplicate = commitment_progress::Entity::find()
            .filter(commitment_progress::Column::CommitmentId.eq(commitment.id))
            .filter(commitment_progress::Column::ReportedOn.eq(input.reported_on))
            .one(&txn)
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
        .insert(&txn)
        .await?)
    }
    .await;
    finish(txn, result).await
}

/// Creates or updates (by unit, year and semester) an SKM survey; the IKM is computed.
pub async fn upsert_skm_survey(
    db: &DatabaseConnection,
    input: &SkmSurveyInput,
) -> Result<skm_survey::Model, DataError> {
    check_year(input.year)?;
    check_int("semester", input.semester, 1, 2)?;
    check_int("respondents", input.respondents, 1, i32::MAX)?;
    for (i, value) in input.elements.iter().enumerate() {
        check_range(&format!("u{}", i + 1), *value, 1.0, 4.0)?;
    }
    let ikm = methodology::ikm(&input.elements)?;
    let [u1, u2, u3, u4, u5, u6, u7, u8, u9] = input.elements;

    let txn = begin(db).await?;
    let result = async {
        let unit = unit_by_code(&txn, &input.unit_code).await?;
        let existing = skm_survey::Entity::find()
            .filter(skm_survey::Column::UnitId.eq(unit.id))
            .filter(skm_survey::Column::Year.eq(input.year))
            .filter(skm_survey::Column::Semester.eq(input.semester))
            .one(&txn)
            .await?;
        let mut am = skm_survey::ActiveModel {
            id: NotSet,
            unit_id: Set(unit.id),
            year: Set(input.year),
            semester: Set(input.semester),
            respondents: Set(input.respondents),
            u1: Set(u1),
            u2: Set(u2),
            u3: Set(u3),
            u4: Set(u4),
            u5: Set(u5),
            u6: Set(u6),
            u7: Set(u7),
            u8: Set(u8),
            u9: Set(u9),
            ikm: Set(ikm),
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
