//! Deterministic demo data for the whole country.
//!
//! What is generated (counts at `scale = 1`; `scale` multiplies them):
//! * service units for `514 × min(scale, 1)` regencies (always including Muaro Jambi): DPMPTSP,
//!   Disdukcapil, 1–3 puskesmas, RSUD, and about `300 × scale` MPPs, inaugurated 2017–2025 following
//!   the national roll-out (domain research §3.2: 29 MPPs in Feb 2021, 67 in Sep 2022, 175 in Nov
//!   2023, 272 in Dec 2024, 305 in Dec 2025), so most were inaugurated in 2023–2024;
//! * for 2021–2025: quarterly staff snapshots (plus one on each MPP's inauguration day), quarterly
//!   complaint statistics, SKM surveys per semester, and quarterly inspections of every MPP
//!   (mostly unannounced) with a check of every catalogue facility, findings (due 30 days later)
//!   and follow-ups (some finished, some partial, some overdue);
//! * about a third of the MPPs are "decliners": complete at inauguration, but from about nine
//!   months later facilities break or disappear, staff fall below the ABK requirement and
//!   attendance drops (the "lengkap ketika diresmikan, setahun kemudian berbeda" story, §7.1);
//! * compliance scores of every province and regency for 2021–2024 whose category distribution
//!   follows the published national one (2024: A 57 %, B 27 %, C 12 %, D 2.4 %, E 1.5 %; 2022 and
//!   2023 worse, §2.1). From 2022 the four dimension scores are generated and the total is their
//!   [`methodology::composite_score`]; 2021 (no known weights) has a total only. Categories come
//!   from [`methodology::classify`]. A region-year that already has a real (e.g. published)
//!   score keeps it;
//! * MoUs for a subset of regencies with 3–6 commitments each and quarterly progress reports
//!   (on time, late, overdue, ongoing), plus four commitments on the real Muaro Jambi MoU.
//!
//! Every row is drawn from a SplitMix64 generator keyed by the seed and the row's natural key, so
//! the data does not depend on iteration order and is the same on every run and platform.
//! Re-running first deletes the previous demo rows (never a real row) and regenerates them in one
//! transaction; rows are written with multi-row inserts in chunks.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Iterable,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};

use super::rng::SplitMix64;
use super::{
    MUARO_JAMBI, MUARO_JAMBI_MOU_SIGNED, MUARO_JAMBI_MPP_CODE, MUARO_JAMBI_MPP_INAUGURATED,
    has_reference, load_reference,
};
use crate::db::DataError;
use crate::db::entities::enums::{
    CommitmentStatus, FacilityStatus, FollowUpStatus, RegencyKind, UnitKind,
};
use crate::db::entities::{
    commitment, commitment_progress, complaint_stat, compliance_score, facility, facility_check,
    finding, follow_up, inspection, mou, province, regency, service_unit, skm_survey,
    staff_snapshot,
};
use crate::db::write::{begin, finish};
use crate::methodology::{self, DimensionScores};

/// First and last day of the generated observations.
pub const DATA_START: NaiveDate = super::date(2021, 1, 1);
pub const DATA_END: NaiveDate = super::date(2025, 12, 31);
/// Years with generated compliance scores.
pub const SCORE_YEARS: [i32; 4] = [2021, 2022, 2023, 2024];
/// MPPs at `scale = 1`.
pub const MPP_COUNT: f64 = 300.0;
/// Demo MoUs at `scale = 1` (besides the real Muaro Jambi one).
pub const MOU_COUNT: f64 = 80.0;
/// Largest accepted scale.
pub const MAX_SCALE: f64 = 4.0;
/// Bind parameters per multi-row insert (SQLite allows 32 766, PostgreSQL 65 535).
const MAX_PARAMS: usize = 12_000;

/// Parameters of [`generate_demo`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// Any value; the same seed gives the same data.
    pub seed: u64,
    /// `1.0`: the whole country (about 300 MPPs). Must be in `(0, 4]`.
    pub scale: f64,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            seed: 2024,
            scale: 1.0,
        }
    }
}

/// Demo rows present after [`generate_demo`] (real rows are not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoCounts {
    pub service_units: u64,
    pub staff_snapshots: u64,
    pub inspections: u64,
    pub facility_checks: u64,
    pub findings: u64,
    pub follow_ups: u64,
    pub complaint_stats: u64,
    pub skm_surveys: u64,
    pub compliance_scores: u64,
    pub mous: u64,
    pub commitments: u64,
    pub commitment_progress: u64,
}

impl DemoCounts {
    pub fn total(&self) -> u64 {
        self.service_units
            + self.staff_snapshots
            + self.inspections
            + self.facility_checks
            + self.findings
            + self.follow_ups
            + self.complaint_stats
            + self.skm_surveys
            + self.compliance_scores
            + self.mous
            + self.commitments
            + self.commitment_progress
    }
}

/// Generates (or regenerates) the demo data; see the [module documentation](self).
/// `progress(done, total)` is called as rows are written. Loads the reference data first if
/// it is missing.
pub async fn generate_demo(
    db: &DatabaseConnection,
    config: DemoConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<DemoCounts, DataError> {
    if !(config.scale.is_finite() && config.scale > 0.0 && config.scale <= MAX_SCALE) {
        return Err(DataError::OutOfRange {
            field: "scale".to_owned(),
            value: config.scale,
            min: 0.0,
            max: MAX_SCALE,
        });
    }
    if !has_reference(db).await? {
        load_reference(db).await?;
    }
    let txn = begin(db).await?;
    let result = generate_in(&txn, config, progress).await;
    finish(txn, result).await
}

// ---------------------------------------------------------------------------------------------
// Reference data as read from the database
// ---------------------------------------------------------------------------------------------

struct RegencyRef {
    id: i32,
    code: String,
    name: String,
    kind: RegencyKind,
    population: i64,
    province_name: String,
}

struct FacilityRef {
    id: i32,
    code: String,
    name_id: String,
    essential: bool,
}

// ---------------------------------------------------------------------------------------------
// The plan: everything to write, as light structs keyed by natural keys
// ---------------------------------------------------------------------------------------------

struct UnitPlan {
    code: String,
    regency: usize,
    kind: UnitKind,
    name: String,
    inaugurated_on: Option<NaiveDate>,
    tenant_count: Option<i32>,
    service_count: Option<i32>,
    counter_count: Option<i32>,
    /// 0–1.
    quality: f64,
    decliner: bool,
    /// Staff required by the ABK.
    required: i32,
}

impl UnitPlan {
    /// The first day the unit serves (MPPs: inauguration).
    fn active_from(&self) -> NaiveDate {
        self.inaugurated_on.unwrap_or(DATA_START)
    }

    /// 0 until nine months after inauguration, rising to 1 at fifteen months (decliners only).
    fn decline(&self, on: NaiveDate) -> f64 {
        match (self.decliner, self.inaugurated_on) {
            (true, Some(start)) => {
                let months = (on - start).num_days() as f64 / 30.4;
                ((months - 9.0) / 6.0).clamp(0.0, 1.0)
            }
            _ => 0.0,
        }
    }
}

struct StaffPlan {
    unit: usize,
    taken_on: NaiveDate,
    on_duty: i32,
    required: i32,
    trained: i32,
    attendance_pct: f64,
    competence_score: Option<f64>,
}

struct ComplaintPlan {
    unit: usize,
    year: i32,
    quarter: i32,
    received: i32,
    resolved: i32,
    median_days: Option<f64>,
}

struct SkmPlan {
    unit: usize,
    year: i32,
    semester: i32,
    respondents: i32,
    elements: [f64; 9],
    ikm: f64,
}

struct FindingPlan {
    /// Index of a tenant unit the finding concerns, if any.
    unit: Option<usize>,
    category: &'static str,
    severity: i32,
    description: String,
    due_on: NaiveDate,
    follow_ups: Vec<(FollowUpStatus, NaiveDate, &'static str)>,
}

struct InspectionPlan {
    unit: usize,
    inspected_on: NaiveDate,
    unannounced: bool,
    inspector: String,
    scores: [f64; 4],
    staff_on_duty: i32,
    notes: String,
    published: bool,
    /// Status per catalogue facility (same order as the catalogue).
    checks: Vec<FacilityStatus>,
    findings: Vec<FindingPlan>,
}

struct ScorePlan {
    region_code: String,
    province_id: Option<i32>,
    regency_id: Option<i32>,
    year: i32,
    dims: Option<[f64; 4]>,
    total: f64,
    category: String,
    version: String,
}

struct CommitmentPlan {
    title: String,
    indicator: String,
    target_value: f64,
    target_unit: String,
    due_on: NaiveDate,
    office: String,
    progress: Vec<(NaiveDate, f64, CommitmentStatus, String)>,
}

struct MouPlan {
    regency_id: i32,
    signed_on: NaiveDate,
    title: String,
    signatories: String,
    scope: String,
    /// `false` for the real Muaro Jambi MoU (only its commitments are demo rows).
    insert: bool,
    commitments: Vec<CommitmentPlan>,
}

#[derive(Default)]
struct Plan {
    units: Vec<UnitPlan>,
    staff: Vec<StaffPlan>,
    complaints: Vec<ComplaintPlan>,
    skm: Vec<SkmPlan>,
    inspections: Vec<InspectionPlan>,
    scores: Vec<ScorePlan>,
    mous: Vec<MouPlan>,
}

impl Plan {
    fn rows(&self) -> u64 {
        let findings: usize = self.inspections.iter().map(|i| i.findings.len()).sum();
        let follow_ups: usize = self
            .inspections
            .iter()
            .flat_map(|i| &i.findings)
            .map(|f| f.follow_ups.len())
            .sum();
        let checks: usize = self.inspections.iter().map(|i| i.checks.len()).sum();
        let commitments: usize = self.mous.iter().map(|m| m.commitments.len()).sum();
        let progress: usize = self
            .mous
            .iter()
            .flat_map(|m| &m.commitments)
            .map(|c| c.progress.len())
            .sum();
        (self.units.len()
            + self.staff.len()
            + self.complaints.len()
            + self.skm.len()
            + self.inspections.len()
            + checks
            + findings
            + follow_ups
            + self.scores.len()
            + self.mous.iter().filter(|m| m.insert).count()
            + commitments
            + progress) as u64
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn clamp_score(x: f64) -> f64 {
    round2(x.clamp(0.0, 100.0))
}

fn day(year: i32, ordinal: u32) -> NaiveDate {
    NaiveDate::from_yo_opt(year, ordinal.clamp(1, 365)).unwrap_or(DATA_END)
}

fn quarter_start(year: i32, quarter: i32) -> NaiveDate {
    super::date(year, (3 * (quarter - 1) + 1) as u32, 1)
}

fn quarter_end(year: i32, quarter: i32) -> NaiveDate {
    if quarter == 4 {
        super::date(year, 12, 31)
    } else {
        quarter_start(year, quarter + 1) - Duration::days(1)
    }
}

fn quarters() -> impl Iterator<Item = (i32, i32)> {
    (DATA_START.year()..=DATA_END.year()).flat_map(|y| (1..=4).map(move |q| (y, q)))
}

fn quarter_of(date: NaiveDate) -> (i32, i32) {
    (date.year(), (date.month0() / 3 + 1) as i32)
}

/// Persistent quality of a regency (≈ normal, higher is better): random, plus the published
/// patterns that cities score better (2024: 94 of 98 pemkot hijau, §2.2), Java–Bali leads and
/// Papua lags (§2.5).
fn regency_effect(seed: u64, r: &RegencyRef) -> f64 {
    let mut rng = SplitMix64::for_key(seed, &format!("effect:{}", r.code));
    let java_bali = matches!(&r.code[..2], "31" | "32" | "33" | "34" | "35" | "36" | "51");
    let papua = r.code.starts_with('9');
    rng.normal()
        + if r.kind == RegencyKind::Kota {
            0.6
        } else {
            0.0
        }
        + if java_bali { 0.35 } else { 0.0 }
        - if papua { 0.5 } else { 0.0 }
}

/// Maps an effect to a 0–1 quality (logistic-like, by a rational function: no `exp`).
fn quality_of(effect: f64) -> f64 {
    let x = effect / 2.0;
    (0.5 + 0.5 * x / (1.0 + x.abs())).clamp(0.02, 0.98)
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

async fn generate_in<C: ConnectionTrait>(
    txn: &C,
    config: DemoConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<DemoCounts, DataError> {
    let seed = config.seed;
    progress(0, 1);
    delete_demo(txn).await?;

    // Reference rows, in code order.
    let provinces: BTreeMap<i32, (String, String)> = province::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.code, p.name)))
        .collect();
    let regencies: Vec<RegencyRef> = regency::Entity::find()
        .order_by_asc(regency::Column::Code)
        .all(txn)
        .await?
        .into_iter()
        .map(|r| RegencyRef {
            province_name: provinces
                .get(&r.province_id)
                .map(|p| p.1.clone())
                .unwrap_or_default(),
            id: r.id,
            code: r.code,
            name: r.name,
            kind: r.kind,
            population: r.population,
        })
        .collect();
    let facilities: Vec<FacilityRef> = facility::Entity::find()
        .order_by_asc(facility::Column::Code)
        .all(txn)
        .await?
        .into_iter()
        .map(|f| FacilityRef {
            id: f.id,
            code: f.code,
            name_id: f.name_id,
            essential: f.essential,
        })
        .collect();
    // Region-years that already have a real score.
    let real_scores: std::collections::HashSet<(String, i32)> = compliance_score::Entity::find()
        .select_only()
        .column(compliance_score::Column::RegionCode)
        .column(compliance_score::Column::Year)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();

    let effects: Vec<f64> = regencies.iter().map(|r| regency_effect(seed, r)).collect();
    let mut plan = Plan::default();
    plan_units(seed, config.scale, &regencies, &effects, &mut plan);
    plan_observations(seed, &regencies, &facilities, &mut plan);
    plan_scores(
        seed,
        &regencies,
        &effects,
        &provinces,
        &real_scores,
        &mut plan,
    );
    plan_mous(seed, config.scale, &regencies, &plan.units, &mut plan.mous);

    let total = plan.rows();
    let mut done = 0u64;
    progress(0, total);
    let mut step = |n: usize| {
        done += n as u64;
        progress(done.min(total), total);
    };

    // 1. Service units.
    let units = plan.units.iter().map(|u| service_unit::ActiveModel {
        id: NotSet,
        regency_id: Set(regencies[u.regency].id),
        code: Set(u.code.clone()),
        kind: Set(u.kind),
        name: Set(u.name.clone()),
        inaugurated_on: Set(u.inaugurated_on),
        tenant_count: Set(u.tenant_count),
        service_count: Set(u.service_count),
        counter_count: Set(u.counter_count),
        demo: Set(true),
    });
    insert_chunked(
        txn,
        units,
        Some(
            OnConflict::column(service_unit::Column::Code)
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;
    let unit_ids: HashMap<String, i32> = service_unit::Entity::find()
        .select_only()
        .column(service_unit::Column::Code)
        .column(service_unit::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let uid = |i: usize| -> Result<i32, DataError> {
        unit_ids
            .get(&plan.units[i].code)
            .copied()
            .ok_or_else(|| DataError::UnknownUnit(plan.units[i].code.clone()))
    };

    // 2. Staff, complaints, SKM.
    let mut rows = Vec::with_capacity(plan.staff.len());
    for s in &plan.staff {
        rows.push(staff_snapshot::ActiveModel {
            id: NotSet,
            unit_id: Set(uid(s.unit)?),
            taken_on: Set(s.taken_on),
            on_duty: Set(s.on_duty),
            required: Set(s.required),
            trained: Set(s.trained),
            attendance_pct: Set(s.attendance_pct),
            competence_score: Set(s.competence_score),
            demo: Set(true),
        });
    }
    use staff_snapshot::Column as St;
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([St::UnitId, St::TakenOn])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;

    let mut rows = Vec::with_capacity(plan.complaints.len());
    for c in &plan.complaints {
        rows.push(complaint_stat::ActiveModel {
            id: NotSet,
            unit_id: Set(uid(c.unit)?),
            year: Set(c.year),
            quarter: Set(c.quarter),
            received: Set(c.received),
            resolved: Set(c.resolved),
            median_days_to_resolve: Set(c.median_days),
            demo: Set(true),
        });
    }
    use complaint_stat::Column as Cs;
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([Cs::UnitId, Cs::Year, Cs::Quarter])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;

    let mut rows = Vec::with_capacity(plan.skm.len());
    for s in &plan.skm {
        let [u1, u2, u3, u4, u5, u6, u7, u8, u9] = s.elements;
        rows.push(skm_survey::ActiveModel {
            id: NotSet,
            unit_id: Set(uid(s.unit)?),
            year: Set(s.year),
            semester: Set(s.semester),
            respondents: Set(s.respondents),
            u1: Set(u1),
            u2: Set(u2),
            u3: Set(u3),
            u4: Set(u4),
            u5: Set(u5),
            u6: Set(u6),
            u7: Set(u7),
            u8: Set(u8),
            u9: Set(u9),
            ikm: Set(s.ikm),
            demo: Set(true),
        });
    }
    use skm_survey::Column as Sk;
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([Sk::UnitId, Sk::Year, Sk::Semester])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;

    // 3. Inspections, then their facility checks, findings and follow-ups.
    let mut rows = Vec::with_capacity(plan.inspections.len());
    for i in &plan.inspections {
        rows.push(inspection::ActiveModel {
            id: NotSet,
            unit_id: Set(uid(i.unit)?),
            inspected_on: Set(i.inspected_on),
            unannounced: Set(i.unannounced),
            inspector: Set(i.inspector.clone()),
            input_score: Set(Some(i.scores[0])),
            process_score: Set(Some(i.scores[1])),
            output_score: Set(Some(i.scores[2])),
            complaint_score: Set(Some(i.scores[3])),
            staff_on_duty: Set(Some(i.staff_on_duty)),
            notes: Set(i.notes.clone()),
            published: Set(i.published),
            version: Set(1),
            demo: Set(true),
        });
    }
    use inspection::Column as In;
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([In::UnitId, In::InspectedOn])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;
    let inspection_ids: HashMap<(i32, NaiveDate), i32> = inspection::Entity::find()
        .select_only()
        .column(In::UnitId)
        .column(In::InspectedOn)
        .column(In::Id)
        .filter(In::Demo.eq(true))
        .into_tuple::<(i32, NaiveDate, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(unit, date, id)| ((unit, date), id))
        .collect();
    // Planned inspections that were written (a real inspection on the same unit and date wins).
    let mut written: Vec<(i32, &InspectionPlan)> = Vec::new();
    for i in &plan.inspections {
        if let Some(&id) = inspection_ids.get(&(uid(i.unit)?, i.inspected_on)) {
            written.push((id, i));
        }
    }

    let mut rows = Vec::new();
    for (id, i) in &written {
        for (f, status) in facilities.iter().zip(&i.checks) {
            rows.push(facility_check::ActiveModel {
                id: NotSet,
                inspection_id: Set(*id),
                facility_id: Set(f.id),
                status: Set(*status),
            });
        }
    }
    insert_chunked(txn, rows, None, &mut step).await?;

    let mut rows = Vec::new();
    for (id, i) in &written {
        for f in &i.findings {
            rows.push(finding::ActiveModel {
                id: NotSet,
                inspection_id: Set(*id),
                unit_id: Set(f.unit.map(uid).transpose()?),
                category: Set(f.category.to_owned()),
                severity: Set(f.severity),
                description: Set(f.description.clone()),
                due_on: Set(f.due_on),
                version: Set(1),
            });
        }
    }
    insert_chunked(txn, rows, None, &mut step).await?;
    // Findings have no natural key; within an inspection their descriptions are distinct.
    let finding_ids: HashMap<(i32, String), i32> = finding::Entity::find()
        .select_only()
        .column(finding::Column::InspectionId)
        .column(finding::Column::Description)
        .column(finding::Column::Id)
        .filter(
            finding::Column::InspectionId.in_subquery(
                Query::select()
                    .column(In::Id)
                    .from(inspection::Entity)
                    .and_where(In::Demo.eq(true))
                    .to_owned(),
            ),
        )
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(inspection, description, id)| ((inspection, description), id))
        .collect();
    let mut rows = Vec::new();
    for (id, i) in &written {
        for f in &i.findings {
            let Some(&finding_id) = finding_ids.get(&(*id, f.description.clone())) else {
                continue;
            };
            for (status, recorded_on, evidence) in &f.follow_ups {
                rows.push(follow_up::ActiveModel {
                    id: NotSet,
                    finding_id: Set(finding_id),
                    status: Set(*status),
                    recorded_on: Set(*recorded_on),
                    evidence: Set((*evidence).to_owned()),
                });
            }
        }
    }
    insert_chunked(txn, rows, None, &mut step).await?;

    // 4. Compliance scores.
    let rows = plan.scores.iter().map(|s| compliance_score::ActiveModel {
        id: NotSet,
        region_code: Set(s.region_code.clone()),
        province_id: Set(s.province_id),
        regency_id: Set(s.regency_id),
        year: Set(s.year),
        input_score: Set(s.dims.map(|d| d[0])),
        process_score: Set(s.dims.map(|d| d[1])),
        output_score: Set(s.dims.map(|d| d[2])),
        complaint_score: Set(s.dims.map(|d| d[3])),
        public_trust: Set(None),
        total: Set(s.total),
        category: Set(s.category.clone()),
        methodology_version: Set(s.version.clone()),
        published: Set(false),
        source: Set(None),
        demo: Set(true),
    });
    use compliance_score::Column as Sc;
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([Sc::RegionCode, Sc::Year])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;

    // 5. MoUs, commitments, progress.
    let rows = plan
        .mous
        .iter()
        .filter(|m| m.insert)
        .map(|m| mou::ActiveModel {
            id: NotSet,
            regency_id: Set(m.regency_id),
            signed_on: Set(m.signed_on),
            title: Set(m.title.clone()),
            signatories: Set(m.signatories.clone()),
            scope: Set(m.scope.clone()),
            demo: Set(true),
        });
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([mou::Column::RegencyId, mou::Column::SignedOn])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;
    let mou_ids: HashMap<(i32, NaiveDate), i32> = mou::Entity::find()
        .select_only()
        .column(mou::Column::RegencyId)
        .column(mou::Column::SignedOn)
        .column(mou::Column::Id)
        .into_tuple::<(i32, NaiveDate, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(regency, signed, id)| ((regency, signed), id))
        .collect();
    let mut rows = Vec::new();
    for m in &plan.mous {
        let Some(&mou_id) = mou_ids.get(&(m.regency_id, m.signed_on)) else {
            continue;
        };
        for c in &m.commitments {
            rows.push(commitment::ActiveModel {
                id: NotSet,
                mou_id: Set(mou_id),
                title: Set(c.title.clone()),
                indicator: Set(c.indicator.clone()),
                target_value: Set(c.target_value),
                target_unit: Set(c.target_unit.clone()),
                due_on: Set(c.due_on),
                responsible_office: Set(c.office.clone()),
                version: Set(1),
                demo: Set(true),
            });
        }
    }
    insert_chunked(
        txn,
        rows,
        Some(
            OnConflict::columns([commitment::Column::MouId, commitment::Column::Title])
                .do_nothing()
                .to_owned(),
        ),
        &mut step,
    )
    .await?;
    let commitment_ids: HashMap<(i32, String), i32> = commitment::Entity::find()
        .select_only()
        .column(commitment::Column::MouId)
        .column(commitment::Column::Title)
        .column(commitment::Column::Id)
        .filter(commitment::Column::Demo.eq(true))
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(mou, title, id)| ((mou, title), id))
        .collect();
    let mut rows = Vec::new();
    for m in &plan.mous {
        let Some(&mou_id) = mou_ids.get(&(m.regency_id, m.signed_on)) else {
            continue;
        };
        for c in &m.commitments {
            let Some(&commitment_id) = commitment_ids.get(&(mou_id, c.title.clone())) else {
                continue;
            };
            for (reported_on, percent, status, note) in &c.progress {
                rows.push(commitment_progress::ActiveModel {
                    id: NotSet,
                    commitment_id: Set(commitment_id),
                    reported_on: Set(*reported_on),
                    percent: Set(*percent),
                    status: Set(*status),
                    note: Set(note.clone()),
                });
            }
        }
    }
    insert_chunked(txn, rows, None, &mut step).await?;

    let counts = count_demo(txn).await?;
    progress(total, total);
    Ok(counts)
}

/// Multi-row inserts of at most [`MAX_PARAMS`] bind parameters each.
async fn insert_chunked<A, C, I>(
    db: &C,
    rows: I,
    on_conflict: Option<OnConflict>,
    step: &mut impl FnMut(usize),
) -> Result<u64, DataError>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
    I: IntoIterator<Item = A>,
{
    let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
    let chunk = (MAX_PARAMS / columns).max(1);
    let mut rows = rows.into_iter();
    let mut inserted = 0;
    loop {
        let batch: Vec<A> = rows.by_ref().take(chunk).collect();
        if batch.is_empty() {
            break;
        }
        let n = batch.len();
        let mut insert = <A::Entity as EntityTrait>::insert_many(batch);
        if let Some(on_conflict) = &on_conflict {
            insert = insert.on_conflict(on_conflict.clone());
        }
        inserted += insert.exec_without_returning(db).await?;
        step(n);
    }
    Ok(inserted)
}

/// Deletes every demo row (children first). Demo service units still referenced by real rows
/// are kept (they are reused by the next generation).
async fn delete_demo<C: ConnectionTrait>(db: &C) -> Result<(), DataError> {
    // Cascades: commitment → commitment_progress; inspection → facility_check, finding → follow_up.
    commitment::Entity::delete_many()
        .filter(commitment::Column::Demo.eq(true))
        .exec(db)
        .await?;
    mou::Entity::delete_many()
        .filter(mou::Column::Demo.eq(true))
        .exec(db)
        .await?;
    inspection::Entity::delete_many()
        .filter(inspection::Column::Demo.eq(true))
        .exec(db)
        .await?;
    staff_snapshot::Entity::delete_many()
        .filter(staff_snapshot::Column::Demo.eq(true))
        .exec(db)
        .await?;
    complaint_stat::Entity::delete_many()
        .filter(complaint_stat::Column::Demo.eq(true))
        .exec(db)
        .await?;
    skm_survey::Entity::delete_many()
        .filter(skm_survey::Column::Demo.eq(true))
        .exec(db)
        .await?;
    compliance_score::Entity::delete_many()
        .filter(compliance_score::Column::Demo.eq(true))
        .exec(db)
        .await?;
    use service_unit::Column as U;
    service_unit::Entity::delete_many()
        .filter(U::Demo.eq(true))
        .filter(
            U::Id.not_in_subquery(
                Query::select()
                    .column(staff_snapshot::Column::UnitId)
                    .from(staff_snapshot::Entity)
                    .to_owned(),
            ),
        )
        .filter(
            U::Id.not_in_subquery(
                Query::select()
                    .column(inspection::Column::UnitId)
                    .from(inspection::Entity)
                    .to_owned(),
            ),
        )
        .filter(
            U::Id.not_in_subquery(
                Query::select()
                    .column(complaint_stat::Column::UnitId)
                    .from(complaint_stat::Entity)
                    .to_owned(),
            ),
        )
        .filter(
            U::Id.not_in_subquery(
                Query::select()
                    .column(skm_survey::Column::UnitId)
                    .from(skm_survey::Entity)
                    .to_owned(),
            ),
        )
        .filter(
            U::Id.not_in_subquery(
                Query::select()
                    .column(finding::Column::UnitId)
                    .from(finding::Entity)
                    .and_where(finding::Column::UnitId.is_not_null())
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Counts the demo rows (children through their demo parents).
pub(crate) async fn count_demo<C: ConnectionTrait>(db: &C) -> Result<DemoCounts, DataError> {
    let demo_inspections = Query::select()
        .column(inspection::Column::Id)
        .from(inspection::Entity)
        .and_where(inspection::Column::Demo.eq(true))
        .to_owned();
    let demo_findings = Query::select()
        .column(finding::Column::Id)
        .from(finding::Entity)
        .and_where(finding::Column::InspectionId.in_subquery(demo_inspections.clone()))
        .to_owned();
    let demo_commitments = Query::select()
        .column(commitment::Column::Id)
        .from(commitment::Entity)
        .and_where(commitment::Column::Demo.eq(true))
        .to_owned();
    Ok(DemoCounts {
        service_units: service_unit::Entity::find()
            .filter(service_unit::Column::Demo.eq(true))
            .count(db)
            .await?,
        staff_snapshots: staff_snapshot::Entity::find()
            .filter(staff_snapshot::Column::Demo.eq(true))
            .count(db)
            .await?,
        inspections: inspection::Entity::find()
            .filter(inspection::Column::Demo.eq(true))
            .count(db)
            .await?,
        facility_checks: facility_check::Entity::find()
            .filter(facility_check::Column::InspectionId.in_subquery(demo_inspections.clone()))
            .count(db)
            .await?,
        findings: finding::Entity::find()
            .filter(finding::Column::InspectionId.in_subquery(demo_inspections))
            .count(db)
            .await?,
        follow_ups: follow_up::Entity::find()
            .filter(follow_up::Column::FindingId.in_subquery(demo_findings))
            .count(db)
            .await?,
        complaint_stats: complaint_stat::Entity::find()
            .filter(complaint_stat::Column::Demo.eq(true))
            .count(db)
            .await?,
        skm_surveys: skm_survey::Entity::find()
            .filter(skm_survey::Column::Demo.eq(true))
            .count(db)
            .await?,
        compliance_scores: compliance_score::Entity::find()
            .filter(compliance_score::Column::Demo.eq(true))
            .count(db)
            .await?,
        mous: mou::Entity::find()
            .filter(mou::Column::Demo.eq(true))
            .count(db)
            .await?,
        commitments: commitment::Entity::find()
            .filter(commitment::Column::Demo.eq(true))
            .count(db)
            .await?,
        commitment_progress: commitment_progress::Entity::find()
            .filter(commitment_progress::Column::CommitmentId.in_subquery(demo_commitments))
            .count(db)
            .await?,
    })
}

// ---------------------------------------------------------------------------------------------
// Planning: units
// ---------------------------------------------------------------------------------------------

/// Cumulative share of all MPPs inaugurated by the end of each year 2017–2025 (§3.2).
const MPP_ROLLOUT: [(i32, f64); 9] = [
    (2017, 4.0 / 305.0),
    (2018, 10.0 / 305.0),
    (2019, 18.0 / 305.0),
    (2020, 25.0 / 305.0),
    (2021, 45.0 / 305.0),
    (2022, 100.0 / 305.0),
    (2023, 175.0 / 305.0),
    (2024, 272.0 / 305.0),
    (2025, 1.0),
];

fn plan_units(seed: u64, scale: f64, regencies: &[RegencyRef], effects: &[f64], plan: &mut Plan) {
    let n = regencies.len();
    let muaro_jambi = regencies.iter().position(|r| r.code == MUARO_JAMBI);

    // Covered regencies: a seeded random order, Muaro Jambi always included.
    let covered_count = ((n as f64) * scale.min(1.0)).ceil() as usize;
    let mut order: Vec<(u64, usize)> = regencies
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                SplitMix64::for_key(seed, &format!("cover:{}", r.code)).next_u64(),
                i,
            )
        })
        .collect();
    order.sort();
    let mut covered: Vec<usize> = order.iter().take(covered_count).map(|&(_, i)| i).collect();
    if let Some(mj) = muaro_jambi
        && !covered.contains(&mj)
    {
        covered.pop();
        covered.push(mj);
    }
    covered.sort();

    // MPP regencies: the highest priority (cities, Java, large population, random), Muaro Jambi always.
    let mpp_count = ((MPP_COUNT * scale).round() as usize).clamp(1, covered.len());
    let mut priority: Vec<(f64, usize)> = covered
        .iter()
        .map(|&i| {
            let r = &regencies[i];
            let mut rng = SplitMix64::for_key(seed, &format!("mpp:{}", r.code));
            let pop = (r.population as f64 / 1_000_000.0).min(3.0);
            (0.6 * effects[i] + 0.5 * pop + 0.9 * rng.normal(), i)
        })
        .collect();
    priority.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut mpp: Vec<usize> = priority.iter().take(mpp_count).map(|&(_, i)| i).collect();
    if let Some(mj) = muaro_jambi
        && !mpp.contains(&mj)
    {
        mpp.pop();
        mpp.push(mj);
    }
    // Inauguration order: priority with some noise; early ranks get the early years.
    let mut rollout: Vec<(f64, usize)> = mpp
        .iter()
        .map(|&i| {
            let mut rng = SplitMix64::for_key(seed, &format!("rollout:{}", regencies[i].code));
            (
                priority.iter().find(|p| p.1 == i).map_or(0.0, |p| p.0) + 0.7 * rng.normal(),
                i,
            )
        })
        .collect();
    rollout.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut inaugurated: HashMap<usize, NaiveDate> = HashMap::new();
    let count = rollout.len();
    for (rank, &(_, i)) in rollout.iter().enumerate() {
        let q = (rank as f64 + 0.5) / count as f64;
        let year = MPP_ROLLOUT
            .iter()
            .find(|(_, share)| q <= *share)
            .map_or(2025, |(y, _)| *y);
        let mut rng = SplitMix64::for_key(seed, &format!("inaugurated:{}", regencies[i].code));
        let date = if Some(i) == muaro_jambi {
            MUARO_JAMBI_MPP_INAUGURATED
        } else {
            day(year, rng.int(15, 349) as u32)
        };
        inaugurated.insert(i, date);
    }

    for &i in &covered {
        let r = &regencies[i];
        let mut rng = SplitMix64::for_key(seed, &format!("units:{}", r.code));
        let base = quality_of(effects[i]);
        let pop = r.population as f64;
        let mut unit = |kind: UnitKind, suffix: String, name: String, rng: &mut SplitMix64| {
            let quality = (base + 0.08 * rng.normal()).clamp(0.02, 0.98);
            let (tenants, services, counters, required) = match kind {
                UnitKind::Mpp => {
                    let tenants = rng.int(9, 20) + (pop / 150_000.0).min(25.0) as i64;
                    let services = tenants * rng.int(4, 8);
                    let counters = tenants + rng.int(2, 12);
                    (
                        Some(tenants as i32),
                        Some(services as i32),
                        Some(counters as i32),
                        (counters as f64 * 1.5).round() as i32,
                    )
                }
                UnitKind::Dpmptsp => (
                    None,
                    Some(rng.int(40, 150) as i32),
                    Some(rng.int(3, 10) as i32),
                    rng.int(12, 40) as i32,
                ),
                UnitKind::Disdukcapil => {
                    let counters = rng.int(4, 8) + (pop / 400_000.0).min(8.0) as i64;
                    (
                        None,
                        Some(rng.int(20, 32) as i32),
                        Some(counters as i32),
                        (counters * 3) as i32,
                    )
                }
                UnitKind::Puskesmas => (
                    None,
                    Some(rng.int(10, 25) as i32),
                    Some(rng.int(2, 5) as i32),
                    rng.int(8, 25) as i32,
                ),
                UnitKind::Rsud => (
                    None,
                    Some(rng.int(20, 60) as i32),
                    Some(rng.int(5, 15) as i32),
                    rng.int(25, 80) as i32,
                ),
                UnitKind::Opd => (
                    None,
                    None,
                    Some(rng.int(1, 4) as i32),
                    rng.int(5, 15) as i32,
                ),
            };
            plan.units.push(UnitPlan {
                code: format!("{}-{suffix}", r.code),
                regency: i,
                kind,
                name,
                inaugurated_on: if kind == UnitKind::Mpp {
                    inaugurated.get(&i).copied()
                } else {
                    None
                },
                tenant_count: tenants,
                service_count: services,
                counter_count: counters,
                quality,
                // The real Muaro Jambi MPP is never cast as a decliner in demo data.
                decliner: kind == UnitKind::Mpp
                    && r.code != MUARO_JAMBI
                    && rng.chance(0.25 + 0.3 * (1.0 - base)),
                required,
            });
        };
        if inaugurated.contains_key(&i) {
            let name = if r.code == MUARO_JAMBI {
                super::MUARO_JAMBI_MPP_NAME.to_owned()
            } else {
                format!("Mal Pelayanan Publik {}", r.name)
            };
            unit(UnitKind::Mpp, "MPP".to_owned(), name, &mut rng);
        }
        unit(
            UnitKind::Dpmptsp,
            "DPMPTSP".to_owned(),
            format!(
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {}",
                r.name
            ),
            &mut rng,
        );
        unit(
            UnitKind::Disdukcapil,
            "DISDUKCAPIL".to_owned(),
            format!("Dinas Kependudukan dan Pencatatan Sipil {}", r.name),
            &mut rng,
        );
        let puskesmas = rng.int(1, 3) * (scale.max(1.0).ceil() as i64);
        for k in 1..=puskesmas {
            unit(
                UnitKind::Puskesmas,
                format!("PKM-{k:02}"),
                format!("UPTD Puskesmas {k} {}", r.name),
                &mut rng,
            );
        }
        unit(
            UnitKind::Rsud,
            "RSUD".to_owned(),
            format!("RSUD {}", r.name),
            &mut rng,
        );
    }
    debug_assert!(
        plan.units.iter().any(|u| u.code == MUARO_JAMBI_MPP_CODE) || muaro_jambi.is_none()
    );
}

// ---------------------------------------------------------------------------------------------
// Planning: staff, complaints, SKM, inspections
// ---------------------------------------------------------------------------------------------

/// Mid-quarter date on which quarterly staff snapshots are taken.
fn snapshot_day(year: i32, quarter: i32) -> NaiveDate {
    super::date(year, (3 * (quarter - 1) + 2) as u32, 15)
}

fn staffing(u: &UnitPlan, on: NaiveDate, rng: &mut SplitMix64) -> (i32, i32, i32, f64) {
    let d = u.decline(on);
    let required = u.required;
    let coverage = (0.82 + 0.18 * u.quality + 0.05 * rng.normal() - 0.4 * d).clamp(0.3, 1.1);
    let on_duty = ((required as f64) * coverage).round().max(1.0) as i32;
    let trained_share = (0.45 + 0.5 * u.quality + 0.05 * rng.normal() - 0.3 * d).clamp(0.0, 1.0);
    let trained = ((on_duty as f64) * trained_share)
        .round()
        .clamp(0.0, on_duty as f64) as i32;
    let attendance =
        round1((86.0 + 12.0 * u.quality + 2.0 * rng.normal() - 22.0 * d).clamp(40.0, 100.0));
    (on_duty, required, trained, attendance)
}

fn plan_observations(
    seed: u64,
    regencies: &[RegencyRef],
    facilities: &[FacilityRef],
    plan: &mut Plan,
) {
    // Tenant units (Disdukcapil, DPMPTSP) per regency, for findings about MPP counters.
    let mut tenants: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, u) in plan.units.iter().enumerate() {
        if matches!(u.kind, UnitKind::Disdukcapil | UnitKind::Dpmptsp) {
            tenants.entry(u.regency).or_default().push(k);
        }
    }

    for (k, u) in plan.units.iter().enumerate() {
        let mut rng = SplitMix64::for_key(seed, &format!("obs:{}", u.code));
        let active_from = u.active_from();

        // Staff: a baseline on the inauguration day, then quarterly.
        let mut dates = Vec::new();
        if u.inaugurated_on.is_some_and(|d| d >= DATA_START) {
            dates.push(active_from);
        }
        for (y, q) in quarters() {
            let d = snapshot_day(y, q);
            if d > active_from && !dates.contains(&d) {
                dates.push(d);
            }
        }
        for taken_on in dates {
            let (on_duty, required, trained, attendance) = staffing(u, taken_on, &mut rng);
            let competence = (taken_on.month() == 8 || taken_on == active_from).then(|| {
                clamp_score(
                    55.0 + 40.0 * u.quality + 4.0 * rng.normal() - 15.0 * u.decline(taken_on),
                )
            });
            plan.staff.push(StaffPlan {
                unit: k,
                taken_on,
                on_duty,
                required,
                trained,
                attendance_pct: attendance,
                competence_score: competence,
            });
        }

        // Complaints per quarter the unit served in.
        let pop = regencies[u.regency].population as f64;
        let base = match u.kind {
            UnitKind::Mpp => 2.0 * u.tenant_count.unwrap_or(15) as f64,
            UnitKind::Disdukcapil => pop / 20_000.0,
            UnitKind::Dpmptsp => pop / 40_000.0,
            UnitKind::Puskesmas => 6.0,
            UnitKind::Rsud => pop / 25_000.0,
            UnitKind::Opd => 3.0,
        };
        for (y, q) in quarters() {
            if quarter_end(y, q) < active_from {
                continue;
            }
            let d = u.decline(quarter_end(y, q));
            let received = (base * (1.0 + 0.3 * rng.normal() + 0.5 * d))
                .round()
                .max(0.0) as i32;
            let rate = (0.62 + 0.36 * u.quality + 0.05 * rng.normal() - 0.25 * d).clamp(0.2, 1.0);
            let resolved = ((received as f64) * rate)
                .round()
                .clamp(0.0, received as f64) as i32;
            let median = (received > 0).then(|| {
                round1((3.0 + 20.0 * (1.0 - u.quality) + 2.0 * rng.normal() + 10.0 * d).max(0.5))
            });
            plan.complaints.push(ComplaintPlan {
                unit: k,
                year: y,
                quarter: q,
                received,
                resolved,
                median_days: median,
            });
        }

        // SKM per semester the unit served through to its end.
        for y in DATA_START.year()..=DATA_END.year() {
            for semester in 1..=2 {
                let end = if semester == 1 {
                    super::date(y, 6, 30)
                } else {
                    super::date(y, 12, 31)
                };
                if end < active_from + Duration::days(60) {
                    continue;
                }
                let d = u.decline(end);
                let level = 2.75 + 0.95 * u.quality - 0.45 * d;
                // Typical element pattern: cost (U4) is high (services are free), complaints (U9) low.
                const OFFSETS: [f64; 9] = [0.0, -0.05, -0.1, 0.35, 0.05, 0.0, 0.1, -0.05, -0.2];
                let mut elements = [0.0; 9];
                for (e, offset) in elements.iter_mut().zip(OFFSETS) {
                    let extra = if d > 0.0 && offset == -0.05 {
                        -0.3 * d
                    } else {
                        0.0
                    };
                    *e = ((level + offset + extra + 0.1 * rng.normal()).clamp(1.0, 4.0) * 1000.0)
                        .round()
                        / 1000.0;
                }
                let Ok(ikm) = methodology::ikm(&elements) else {
                    continue;
                };
                plan.skm.push(SkmPlan {
                    unit: k,
                    year: y,
                    semester,
                    respondents: rng.int(50, 400) as i32,
                    elements,
                    ikm: round2(ikm),
                });
            }
        }

        // Inspections of MPPs.
        if u.kind != UnitKind::Mpp {
            continue;
        }
        let inspector = format!(
            "Tim Ombudsman RI Perwakilan {}",
            regencies[u.regency].province_name
        );
        let mut states: Vec<FacilityStatus> = facilities
            .iter()
            .map(|f| {
                if f.essential || rng.chance(0.55 + 0.45 * u.quality) {
                    FacilityStatus::Functional
                } else {
                    FacilityStatus::Absent
                }
            })
            .collect();
        let mut dates = Vec::new();
        let first_quarter = if let Some(start) = u.inaugurated_on.filter(|d| *d >= DATA_START) {
            dates.push(start + Duration::days(rng.int(7, 20)));
            quarter_of(start + Duration::days(21))
        } else {
            (DATA_START.year(), 0)
        };
        for (y, q) in quarters() {
            if (y, q) <= first_quarter {
                continue;
            }
            let date = quarter_start(y, q) + Duration::days(rng.int(5, 80));
            dates.push(date);
        }
        let tenant_units = tenants.get(&u.regency).cloned().unwrap_or_default();
        // Facilities whose finding was followed up to the end: repaired from that date.
        let mut repairs: Vec<(usize, NaiveDate)> = Vec::new();
        for (n, inspected_on) in dates.into_iter().filter(|d| *d <= DATA_END).enumerate() {
            let d = u.decline(inspected_on);
            repairs.retain(|&(facility, on)| {
                if on <= inspected_on {
                    states[facility] = FacilityStatus::Functional;
                }
                on > inspected_on
            });
            if n > 0 {
                // Facilities evolve between inspections.
                for state in &mut states {
                    *state = match *state {
                        FacilityStatus::Functional
                            if rng.chance(0.02 + 0.06 * (1.0 - u.quality) + 0.3 * d) =>
                        {
                            FacilityStatus::Present
                        }
                        FacilityStatus::Present if rng.chance(0.1 + 0.25 * d) => {
                            FacilityStatus::Absent
                        }
                        FacilityStatus::Present if rng.chance(0.45 * u.quality * (1.0 - d)) => {
                            FacilityStatus::Functional
                        }
                        FacilityStatus::Absent if rng.chance(0.12 * u.quality * (1.0 - d)) => {
                            FacilityStatus::Functional
                        }
                        s => s,
                    };
                }
            }
            let (on_duty, required, trained, attendance) = staffing(u, inspected_on, &mut rng);
            let checks: Vec<methodology::FacilityCheck> = facilities
                .iter()
                .zip(&states)
                .map(|(f, s)| methodology::FacilityCheck {
                    status: (*s).into(),
                    essential: f.essential,
                })
                .collect();
            let facility_index = methodology::facility_index(&checks).unwrap_or(0.0);
            let staff_index = methodology::staff_index(&methodology::StaffSnapshot {
                on_duty: on_duty as u32,
                required: required as u32,
                trained: trained as u32,
                attendance_pct: attendance,
                competence_score: None,
            })
            .unwrap_or(0.0);
            let scores = [
                clamp_score(0.5 * facility_index + 0.5 * staff_index + 3.0 * rng.normal()),
                clamp_score(62.0 + 36.0 * u.quality + 5.0 * rng.normal() - 18.0 * d),
                clamp_score(58.0 + 38.0 * u.quality + 5.0 * rng.normal() - 12.0 * d),
                clamp_score(50.0 + 45.0 * u.quality + 7.0 * rng.normal() - 15.0 * d),
            ];
            let functional = states
                .iter()
                .filter(|s| **s == FacilityStatus::Functional)
                .count();
            let (y, q) = quarter_of(inspected_on);
            let unannounced = n > 0 && rng.chance(0.85);
            let kind = if n == 0 && u.inaugurated_on.is_some_and(|s| s >= DATA_START) {
                "Pemantauan pasca-peresmian"
            } else if unannounced {
                "Sidak"
            } else {
                "Kunjungan terjadwal"
            };
            let notes = format!(
                "{kind} triwulan {q} {y}: {functional} dari {} fasilitas berfungsi; {on_duty} dari {required} petugas sesuai ABK bertugas; kehadiran {attendance} %.",
                states.len()
            );

            // Findings.
            let due_on = inspected_on + Duration::days(crate::db::write::FINDING_DUE_DAYS);
            let mut findings = Vec::new();
            for (ix, (f, state)) in facilities.iter().zip(&states).enumerate() {
                let (category, base_severity) = if f.code == "service_standards_board" {
                    ("standar_pelayanan", 3)
                } else {
                    ("sarpras", 2)
                };
                match state {
                    FacilityStatus::Functional => {}
                    FacilityStatus::Present => findings.push((
                        None,
                        category,
                        base_severity - 1 + i32::from(f.essential),
                        format!("{} ada tetapi tidak berfungsi", f.name_id),
                        Some(ix),
                    )),
                    FacilityStatus::Absent if f.essential || (n > 0 && rng.chance(0.3)) => findings
                        .push((
                            None,
                            category,
                            (base_severity + i32::from(f.essential)).min(3),
                            format!("{} tidak tersedia", f.name_id),
                            Some(ix),
                        )),
                    FacilityStatus::Absent => {}
                }
            }
            let coverage = on_duty as f64 / required.max(1) as f64;
            if coverage < 0.8 {
                findings.push((None, "sdm", if coverage < 0.6 { 3 } else { 2 }, format!("Petugas yang bertugas {on_duty} orang, di bawah kebutuhan ABK {required} orang"), None));
                if !tenant_units.is_empty() && rng.chance(0.5) {
                    let t = tenant_units[rng.index(tenant_units.len())];
                    let tenant = &plan.units[t];
                    findings.push((
                        Some(t),
                        "sdm",
                        2,
                        format!(
                            "Loket {} di MPP tidak dijaga petugas saat sidak",
                            short_name(tenant.kind)
                        ),
                        None,
                    ));
                }
            }
            if attendance < 80.0 {
                findings.push((None, "sdm", 2, format!("Kehadiran petugas {attendance} %, petugas melakukan presensi di kantor asal"), None));
            }
            if scores[3] < 60.0 {
                findings.push((None, "pengaduan", 2, "Pengelolaan pengaduan belum sesuai standar (tidak ada petugas dan register pengaduan)".to_owned(), None));
            }
            findings.sort_by(|a, b| b.2.cmp(&a.2).then(a.3.cmp(&b.3)));
            findings.truncate(5);
            let findings = findings
                .into_iter()
                .map(|(unit, category, severity, description, facility)| {
                    let follow_ups = plan_follow_ups(&mut rng, u, inspected_on, due_on);
                    if let (Some(facility), Some((_, on, _))) = (
                        facility,
                        follow_ups.iter().find(|f| f.0 == FollowUpStatus::Selesai),
                    ) {
                        repairs.push((facility, *on));
                    }
                    FindingPlan {
                        unit,
                        category,
                        severity: severity.clamp(1, 3),
                        description,
                        due_on,
                        follow_ups,
                    }
                })
                .collect();

            plan.inspections.push(InspectionPlan {
                unit: k,
                inspected_on,
                unannounced,
                inspector: inspector.clone(),
                scores,
                staff_on_duty: on_duty,
                notes,
                published: inspected_on < super::date(2025, 10, 1) || rng.chance(0.5),
                checks: states.clone(),
                findings,
            });
        }
    }
}

fn short_name(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Disdukcapil => "Disdukcapil",
        UnitKind::Dpmptsp => "DPMPTSP",
        UnitKind::Puskesmas => "Puskesmas",
        UnitKind::Rsud => "RSUD",
        UnitKind::Mpp => "MPP",
        UnitKind::Opd => "OPD",
    }
}

const EVIDENCE_DONE: [&str; 4] = [
    "Foto fasilitas setelah perbaikan dan berita acara pemeriksaan",
    "Surat perintah tugas petugas loket dan daftar hadir",
    "Laporan tindak lanjut dari kepala dinas",
    "Dokumen standar pelayanan yang telah dipasang",
];
const EVIDENCE_PARTIAL: [&str; 3] = [
    "Perbaikan sedang berjalan, menunggu anggaran perubahan",
    "Sebagian petugas telah ditempatkan kembali",
    "Surat permintaan pengadaan telah dikirim",
];

fn plan_follow_ups(
    rng: &mut SplitMix64,
    u: &UnitPlan,
    inspected_on: NaiveDate,
    due_on: NaiveDate,
) -> Vec<(FollowUpStatus, NaiveDate, &'static str)> {
    let d = u.decline(inspected_on);
    let p_done = (0.35 + 0.45 * u.quality - 0.3 * d).clamp(0.05, 0.9);
    let r = rng.unit();
    let mut out = Vec::new();
    if r < p_done {
        if rng.chance(0.4) {
            out.push((
                FollowUpStatus::Sebagian,
                inspected_on + Duration::days(rng.int(5, 20)),
                EVIDENCE_PARTIAL[rng.index(3)],
            ));
        }
        // Most on time, some late.
        let days = if rng.chance(0.75) {
            rng.int(21, 30)
        } else {
            rng.int(31, 75)
        };
        out.push((
            FollowUpStatus::Selesai,
            inspected_on + Duration::days(days),
            EVIDENCE_DONE[rng.index(4)],
        ));
    } else if r < p_done + 0.3 {
        out.push((
            FollowUpStatus::Sebagian,
            inspected_on + Duration::days(rng.int(10, 45)),
            EVIDENCE_PARTIAL[rng.index(3)],
        ));
    } else if rng.chance(0.4) {
        out.push((
            FollowUpStatus::Belum,
            due_on - Duration::days(rng.int(3, 15)),
            "Belum ada tindak lanjut dari unit",
        ));
    }
    // Overdue findings stay open; nothing is recorded after the end of the data.
    out.retain(|(_, date, _)| *date <= DATA_END);
    out
}

// ---------------------------------------------------------------------------------------------
// Planning: compliance scores
// ---------------------------------------------------------------------------------------------

/// Target share of each label per year (national distribution, domain research §2.1).
fn targets(year: i32) -> &'static [(&'static str, f64)] {
    match year {
        2021 => &[("hijau", 0.305), ("kuning", 0.538), ("merah", 0.157)],
        2022 => &[
            ("A", 0.20),
            ("B", 0.264),
            ("C", 0.427),
            ("D", 0.075),
            ("E", 0.034),
        ],
        2023 => &[
            ("A", 0.38),
            ("B", 0.327),
            ("C", 0.227),
            ("D", 0.045),
            ("E", 0.021),
        ],
        _ => &[
            ("A", 0.574),
            ("B", 0.268),
            ("C", 0.119),
            ("D", 0.024),
            ("E", 0.015),
        ],
    }
}

/// Score range drawn for a label (inside its band, away from the edges of 0 and 100).
fn label_range(label: &str) -> (f64, f64) {
    match label {
        "A" => (88.2, 99.5),
        "B" => (78.2, 87.8),
        "C" => (54.2, 77.8),
        "D" => (32.2, 53.8),
        "E" => (14.0, 31.8),
        "hijau" => (81.2, 98.0),
        "kuning" => (51.2, 80.8),
        _ => (18.0, 50.8),
    }
}

/// Scores of every regency and province for [`SCORE_YEARS`], by rank to the national targets.
fn plan_scores(
    seed: u64,
    regencies: &[RegencyRef],
    effects: &[f64],
    provinces: &BTreeMap<i32, (String, String)>,
    real: &std::collections::HashSet<(String, i32)>,
    plan: &mut Plan,
) {
    // Entities: every regency, then every province (a province's effect: random).
    struct Entity {
        code: String,
        province_id: Option<i32>,
        regency_id: Option<i32>,
        effect: f64,
    }
    let mut entities: Vec<Entity> = regencies
        .iter()
        .zip(effects)
        .map(|(r, e)| Entity {
            code: r.code.clone(),
            province_id: None,
            regency_id: Some(r.id),
            effect: *e,
        })
        .collect();
    for (id, (code, _)) in provinces {
        let mut rng = SplitMix64::for_key(seed, &format!("effect:{code}"));
        entities.push(Entity {
            code: code.clone(),
            province_id: Some(*id),
            regency_id: None,
            effect: rng.normal() + 0.3,
        });
    }

    for year in SCORE_YEARS {
        // Latent: persistent effect plus a yearly shock; categories assigned by rank.
        let mut latent: Vec<(f64, usize)> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut rng = SplitMix64::for_key(seed, &format!("score:{}:{year}", e.code));
                (e.effect + 0.6 * rng.normal(), i)
            })
            .collect();
        latent.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let n = latent.len();
        let targets = targets(year);
        let mut start = 0usize;
        let mut cumulative = 0.0;
        for (t, (label, share)) in targets.iter().enumerate() {
            cumulative += share;
            let end = if t + 1 == targets.len() {
                n
            } else {
                ((cumulative * n as f64).round() as usize).min(n)
            };
            let members = &latent[start..end];
            let (lo, hi) = label_range(label);
            for (rank, &(_, i)) in members.iter().enumerate() {
                let e = &entities[i];
                if real.contains(&(e.code.clone(), year)) {
                    continue;
                }
                let mut rng = SplitMix64::for_key(seed, &format!("total:{}:{year}", e.code));
                // Best ranks near the top of the band, with jitter.
                let position = 1.0 - (rank as f64 + rng.unit()) / members.len().max(1) as f64;
                let target = lo + (hi - lo) * position;
                let Some(score) = score_for(year, target, &mut rng) else {
                    continue;
                };
                plan.scores.push(ScorePlan {
                    region_code: e.code.clone(),
                    province_id: e.province_id,
                    regency_id: e.regency_id,
                    year,
                    dims: score.0,
                    total: score.1,
                    category: score.2,
                    version: score.3,
                });
            }
            start = end;
        }
    }
}

/// Dimension scores around `target` whose composite is the total (from 2022), the total rounded
/// to two decimals as published, and its classification.
#[allow(clippy::type_complexity)]
fn score_for(
    year: i32,
    target: f64,
    rng: &mut SplitMix64,
) -> Option<(Option<[f64; 4]>, f64, String, String)> {
    let (dims, total) = if methodology::weight_table(year).is_ok() {
        let spread = 4.0 + (100.0 - target) * 0.15;
        let mut d = [0.0; 4];
        for x in &mut d {
            *x = clamp_score(target + spread * rng.normal());
        }
        let scores = DimensionScores {
            input: d[0],
            process: d[1],
            output: d[2],
            complaint_handling: d[3],
            public_trust: None,
        };
        let composite = methodology::composite_score(year, &scores).ok()?;
        // Shift all four by the residual so the composite lands on the target's band.
        let shift = target - composite;
        for x in &mut d {
            *x = clamp_score(*x + shift);
        }
        let scores = DimensionScores {
            input: d[0],
            process: d[1],
            output: d[2],
            complaint_handling: d[3],
            public_trust: None,
        };
        (
            Some(d),
            round2(methodology::composite_score(year, &scores).ok()?),
        )
    } else {
        (None, round2(target))
    };
    let class = methodology::classify(year, total).ok()?;
    Some((dims, total, class.label, class.version))
}

// ---------------------------------------------------------------------------------------------
// Planning: MoUs
// ---------------------------------------------------------------------------------------------

/// (title, indicator, target value, target unit, responsible office).
const COMMITMENTS: [(&str, &str, f64, &str, &str); 9] = [
    (
        "Pemenuhan petugas MPP sesuai Analisis Beban Kerja",
        "Persentase petugas yang bertugas terhadap kebutuhan ABK",
        100.0,
        "%",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ),
    (
        "Kelengkapan sarana dan prasarana pelayanan",
        "Jumlah fasilitas standar yang tersedia dan berfungsi",
        13.0,
        "fasilitas",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ),
    (
        "Penyelesaian pengaduan masyarakat tepat waktu",
        "Persentase pengaduan yang diselesaikan dalam 14 hari",
        90.0,
        "%",
        "Inspektorat Daerah",
    ),
    (
        "Tindak lanjut temuan pemeriksaan Ombudsman",
        "Persentase temuan yang ditindaklanjuti sampai selesai dalam 30 hari",
        100.0,
        "%",
        "Inspektorat Daerah",
    ),
    (
        "Publikasi standar pelayanan di seluruh unit layanan",
        "Persentase unit layanan yang memajang maklumat dan standar pelayanan",
        100.0,
        "%",
        "Bagian Organisasi Sekretariat Daerah",
    ),
    (
        "Pelaksanaan Survei Kepuasan Masyarakat setiap semester",
        "Jumlah SKM yang dilaksanakan dan dipublikasikan per tahun",
        2.0,
        "survei",
        "Bagian Organisasi Sekretariat Daerah",
    ),
    (
        "Pelatihan pelayanan prima bagi petugas garda depan",
        "Persentase petugas garda depan yang telah dilatih",
        100.0,
        "%",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ),
    (
        "Penunjukan narahubung penyelesaian laporan",
        "Jumlah narahubung yang ditetapkan dengan surat keputusan",
        1.0,
        "orang",
        "Sekretariat Daerah",
    ),
    (
        "Integrasi kanal pengaduan dengan SP4N-LAPOR!",
        "Persentase unit layanan yang terhubung ke SP4N-LAPOR!",
        100.0,
        "%",
        "Dinas Komunikasi dan Informatika",
    ),
];

fn plan_mous(
    seed: u64,
    scale: f64,
    regencies: &[RegencyRef],
    units: &[UnitPlan],
    mous: &mut Vec<MouPlan>,
) {
    // Candidate regencies: those with demo units, in a seeded order; Muaro Jambi handled apart.
    let mut covered: Vec<usize> = units.iter().map(|u| u.regency).collect();
    covered.dedup();
    let mut order: Vec<(u64, usize)> = covered
        .iter()
        .filter(|&&i| regencies[i].code != MUARO_JAMBI)
        .map(|&i| {
            (
                SplitMix64::for_key(seed, &format!("mou:{}", regencies[i].code)).next_u64(),
                i,
            )
        })
        .collect();
    order.sort();
    let count = ((MOU_COUNT * scale).round() as usize)
        .max(1)
        .min(order.len());
    for &(_, i) in order.iter().take(count) {
        let r = &regencies[i];
        let mut rng = SplitMix64::for_key(seed, &format!("mou-plan:{}", r.code));
        let year = [2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025][rng.index(8)];
        let signed_on = day(year, rng.int(20, 340) as u32);
        let head = if r.kind == RegencyKind::Kota {
            "Wali Kota"
        } else {
            "Bupati"
        };
        let mut templates: Vec<usize> = (0..COMMITMENTS.len()).collect();
        rng.shuffle(&mut templates);
        let k = rng.int(3, 6) as usize;
        let commitments = templates[..k]
            .iter()
            .map(|&t| commitment_plan(&mut rng, t, signed_on, None))
            .collect();
        mous.push(MouPlan {
            regency_id: r.id,
            signed_on,
            title: format!("Nota Kesepakatan antara Ombudsman Republik Indonesia dan Pemerintah {}", r.name),
            signatories: format!("Ketua Ombudsman Republik Indonesia; {head} {}", r.name.trim_start_matches("Kabupaten ").trim_start_matches("Kota ")),
            scope: "Percepatan penyelesaian laporan masyarakat, pencegahan maladministrasi, pertukaran data dan informasi, \
                    serta peningkatan kapasitas sumber daya manusia pelayanan publik."
                .to_owned(),
            insert: true,
            commitments,
        });
    }

    // The real Muaro Jambi MoU: illustrative commitments on MPP staff, facilities, complaint
    // handling and follow-up of findings.
    if let Some(r) = regencies.iter().find(|r| r.code == MUARO_JAMBI) {
        let mut rng = SplitMix64::for_key(seed, "mou-plan:15.05");
        let signed_on = MUARO_JAMBI_MOU_SIGNED;
        let scenarios = [
            Scenario::Late,
            Scenario::OnTime,
            Scenario::Ongoing,
            Scenario::Overdue,
        ];
        let commitments = [0usize, 1, 2, 3]
            .iter()
            .zip(scenarios)
            .map(|(&t, s)| commitment_plan(&mut rng, t, signed_on, Some(s)))
            .collect();
        mous.push(MouPlan {
            regency_id: r.id,
            signed_on,
            title: super::MUARO_JAMBI_MOU_TITLE.to_owned(),
            signatories: super::MUARO_JAMBI_MOU_SIGNATORIES.to_owned(),
            scope: super::MUARO_JAMBI_MOU_SCOPE.to_owned(),
            insert: false,
            commitments,
        });
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scenario {
    OnTime,
    Late,
    Overdue,
    Ongoing,
}

fn commitment_plan(
    rng: &mut SplitMix64,
    template: usize,
    signed_on: NaiveDate,
    scenario: Option<Scenario>,
) -> CommitmentPlan {
    let (title, indicator, target_value, target_unit, office) = COMMITMENTS[template];
    let due_on = signed_on + Duration::days(rng.int(6, 18) * 30);
    let scenario = scenario.unwrap_or_else(|| {
        if due_on > DATA_END {
            Scenario::Ongoing
        } else {
            match rng.unit() {
                x if x < 0.5 => Scenario::OnTime,
                x if x < 0.8 => Scenario::Late,
                _ => Scenario::Overdue,
            }
        }
    });
    // When the commitment reaches 100 % (if ever).
    let span = (due_on - signed_on).num_days().max(30);
    let finish_on = match scenario {
        Scenario::OnTime => {
            Some(signed_on + Duration::days((span as f64 * rng.range(0.6, 0.98)) as i64))
        }
        Scenario::Late => Some(due_on + Duration::days(rng.int(20, 150))),
        Scenario::Overdue | Scenario::Ongoing => None,
    };
    let ceiling = match scenario {
        Scenario::Overdue => rng.range(35.0, 85.0),
        _ => 100.0,
    };
    let mut progress = Vec::new();
    let mut percent: f64 = 0.0;
    let mut on = signed_on + Duration::days(90);
    while on <= DATA_END {
        let done = finish_on.is_some_and(|f| on >= f);
        let elapsed = (on - signed_on).num_days() as f64;
        let expected = (100.0 * elapsed / span as f64).min(100.0);
        let pace = match scenario {
            Scenario::OnTime => 1.15,
            Scenario::Late => 0.7,
            Scenario::Overdue => 0.55,
            Scenario::Ongoing => 0.85,
        };
        percent = if done {
            100.0
        } else {
            (expected * pace + 5.0 * rng.normal()).clamp(percent, ceiling.min(95.0).max(percent))
        };
        percent = round1(percent);
        let status = if percent >= 100.0 {
            CommitmentStatus::Done
        } else if on > due_on {
            CommitmentStatus::Late
        } else if percent + 10.0 < expected {
            CommitmentStatus::AtRisk
        } else {
            CommitmentStatus::OnTrack
        };
        let note = match status {
            CommitmentStatus::Done => {
                "Target tercapai; bukti telah diserahkan kepada Ombudsman".to_owned()
            }
            CommitmentStatus::Late => format!("Melewati tenggat; capaian {percent} %"),
            CommitmentStatus::AtRisk => {
                format!("Capaian {percent} %, di bawah rencana {}", round1(expected))
            }
            CommitmentStatus::OnTrack => format!("Capaian {percent} % sesuai rencana"),
        };
        progress.push((on, percent, status, note));
        if status == CommitmentStatus::Done {
            break;
        }
        on += Duration::days(91);
    }
    CommitmentPlan {
        title: title.to_owned(),
        indicator: indicator.to_owned(),
        target_value,
        target_unit: target_unit.to_owned(),
        due_on,
        office: office.to_owned(),
        progress,
    }
}
