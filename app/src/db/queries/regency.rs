//! One regency: scores over the years, units with their latest indicators, findings and MoU
//! commitments. A fixed number of queries whatever the size of the regency.

use crate::db::DataError;
use crate::db::entities::{
    commitment, commitment_progress, compliance_score, finding, follow_up, inspection, mou,
    province, regency, service_unit, skm_survey, staff_snapshot,
};
use crate::methodology;
use crate::model::{CommitmentRow, FindingRow, MouInfo, RegencyDetail, ScoreRow, UnitSummary};
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Mean of an inspection's dimension scores.
pub fn inspection_score(i: &inspection::Model) -> Option<f64> {
    mean(
        [
            i.input_score,
            i.process_score,
            i.output_score,
            i.complaint_score,
        ]
        .into_iter()
        .flatten(),
    )
}

pub async fn detail<C: ConnectionTrait>(db: &C, code: &str) -> Result<RegencyDetail, DataError> {
    detail_with(db, code, |_, _| true).await
}

/// [`detail`] counting unpublished inspections (and their findings) only when
/// `may_read_unpublished(regency id, province id)` says so (see `auth::Ctx::can_read_unpublished`).
pub async fn detail_with<C: ConnectionTrait>(
    db: &C,
    code: &str,
    may_read_unpublished: impl Fn(i32, i32) -> bool,
) -> Result<RegencyDetail, DataError> {
    let today = super::today();
    let (reg, prov) = regency::Entity::find()
        .filter(regency::Column::Code.eq(code))
        .find_also_related(province::Entity)
        .one(db)
        .await?
        .ok_or_else(|| DataError::UnknownRegion(code.to_string()))?;
    let prov = prov.ok_or(DataError::NotFound)?;

    let scores = compliance_score::Entity::find()
        .filter(compliance_score::Column::RegencyId.eq(reg.id))
        .order_by_asc(compliance_score::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ScoreRow {
            zone: methodology::band_table(s.year)
                .ok()
                .and_then(|t| t.band(&s.category))
                .map_or_else(|| "unknown".into(), |b| b.zone.key().to_string()),
            year: s.year,
            total: s.total,
            label: s.category,
            methodology_version: s.methodology_version,
            published: s.published,
            source: s.source,
            input: s.input_score,
            process: s.process_score,
            output: s.output_score,
            complaint_handling: s.complaint_score,
        })
        .collect();

    let units = service_unit::Entity::find()
        .filter(service_unit::Column::RegencyId.eq(reg.id))
        .order_by_asc(service_unit::Column::Kind)
        .order_by_asc(service_unit::Column::Code)
        .all(db)
        .await?;
    let unit_ids: Vec<i32> = units.iter().map(|u| u.id).collect();

    let inspections = super::visible_inspections(may_read_unpublished(reg.id, reg.province_id))
        .filter(inspection::Column::UnitId.is_in(unit_ids.clone()))
        .order_by_asc(inspection::Column::InspectedOn)
        .all(db)
        .await?;
    let staff = staff_snapshot::Entity::find()
        .filter(staff_snapshot::Column::UnitId.is_in(unit_ids.clone()))
        .order_by_asc(staff_snapshot::Column::TakenOn)
        .all(db)
        .await?;
    let surveys = skm_survey::Entity::find()
        .filter(skm_survey::Column::UnitId.is_in(unit_ids.clone()))
        .order_by_asc(skm_survey::Column::Year)
        .order_by_asc(skm_survey::Column::Semester)
        .all(db)
        .await?;
    let finding_rows = findings_with_status(db, &inspections, &units, today).await?;

    let unit_rows = units
        .iter()
        .map(|u| {
            let last_insp = inspections.iter().rev().find(|i| i.unit_id == u.id);
            let last_staff = staff.iter().rev().find(|s| s.unit_id == u.id);
            let last_skm = surveys.iter().rev().find(|s| s.unit_id == u.id);
            UnitSummary {
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind.to_value(),
                inaugurated_on: u.inaugurated_on,
                last_inspection: last_insp.map(|i| i.inspected_on),
                inspection_score: last_insp.and_then(inspection_score),
                staff_coverage_pct: last_staff
                    .filter(|s| s.required > 0)
                    .map(|s| 100.0 * f64::from(s.on_duty) / f64::from(s.required)),
                ikm: last_skm.map(|s| s.ikm),
                open_findings: finding_rows
                    .iter()
                    .filter(|f| f.unit_code == u.code && f.status != "selesai")
                    .count() as u32,
            }
        })
        .collect();

    let mut ikm_by_year: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for s in &surveys {
        ikm_by_year.entry(s.year).or_default().push(s.ikm);
    }
    let ikm_trend = ikm_by_year
        .into_iter()
        .filter_map(|(y, v)| mean(v).map(|m| (y, m)))
        .collect();

    Ok(RegencyDetail {
        code: reg.code,
        name: reg.name,
        kind: reg.kind.to_value(),
        province_code: prov.code,
        province_name: prov.name,
        population: reg.population,
        area_km2: reg.area_km2,
        scores,
        ikm_trend,
        units: unit_rows,
        findings: finding_rows,
        mous: mous(db, reg.id, today).await?,
        today,
    })
}

/// The regency's MoUs with their commitments and each commitment's latest progress.
pub async fn mous<C: ConnectionTrait>(
    db: &C,
    regency_id: i32,
    today: chrono::NaiveDate,
) -> Result<Vec<MouInfo>, DataError> {
    let mous = mou::Entity::find()
        .filter(mou::Column::RegencyId.eq(regency_id))
        .order_by_asc(mou::Column::SignedOn)
        .all(db)
        .await?;
    let commitments = commitment::Entity::find()
        .filter(commitment::Column::MouId.is_in(mous.iter().map(|m| m.id).collect::<Vec<_>>()))
        .order_by_asc(commitment::Column::DueOn)
        .order_by_asc(commitment::Column::Id)
        .all(db)
        .await?;
    let progress = commitment_progress::Entity::find()
        .filter(
            commitment_progress::Column::CommitmentId
                .is_in(commitments.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(commitment_progress::Column::ReportedOn)
        .all(db)
        .await?;
    let latest: HashMap<i32, &commitment_progress::Model> =
        progress.iter().map(|p| (p.commitment_id, p)).collect();
    Ok(mous
        .into_iter()
        .map(|m| MouInfo {
            commitments: commitments
                .iter()
                .filter(|c| c.mou_id == m.id)
                .map(|c| {
                    let last = latest.get(&c.id);
                    let status = last.map_or_else(|| "none".to_string(), |p| p.status.to_value());
                    CommitmentRow {
                        id: c.id,
                        title: c.title.clone(),
                        indicator: c.indicator.clone(),
                        target: format!("{} {}", c.target_value, c.target_unit),
                        due_on: c.due_on,
                        responsible_office: c.responsible_office.clone(),
                        percent: last.map_or(0.0, |p| p.percent),
                        overdue: status != "done" && c.due_on < today,
                        status,
                        last_update: last.map(|p| p.reported_on),
                        last_note: last.map(|p| p.note.clone()),
                    }
                })
                .collect(),
            signed_on: m.signed_on,
            title: m.title,
            signatories: m.signatories,
            scope: m.scope,
        })
        .collect())
}

/// All regencies (code and name) for pickers, in code order.
pub async fn all<C: ConnectionTrait>(db: &C) -> Result<Vec<crate::model::RegencyRef>, DataError> {
    use sea_orm::QuerySelect;
    Ok(regency::Entity::find()
        .select_only()
        .column(regency::Column::Code)
        .column(regency::Column::Name)
        .order_by_asc(regency::Column::Code)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(code, name)| crate::model::RegencyRef { code, name })
        .collect())
}

/// A regency's code, name and MoUs with commitments; `None` for an unknown code.
pub async fn commitments<C: ConnectionTrait>(
    db: &C,
    code: &str,
) -> Result<Option<(String, String, Vec<MouInfo>)>, DataError> {
    let Some(reg) = regency::Entity::find()
        .filter(regency::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let list = mous(db, reg.id, super::today()).await?;
    Ok(Some((reg.code, reg.name, list)))
}

/// The findings of these inspections (of these units), each with its latest follow-up status,
/// in due-date order. Two queries.
pub async fn findings_with_status<C: ConnectionTrait>(
    db: &C,
    inspections: &[inspection::Model],
    units: &[service_unit::Model],
    today: chrono::NaiveDate,
) -> Result<Vec<FindingRow>, DataError> {
    let findings = finding::Entity::find()
        .filter(
            finding::Column::InspectionId
                .is_in(inspections.iter().map(|i| i.id).collect::<Vec<_>>()),
        )
        .order_by_asc(finding::Column::DueOn)
        .all(db)
        .await?;
    let follow_ups = follow_up::Entity::find()
        .filter(
            follow_up::Column::FindingId.is_in(findings.iter().map(|f| f.id).collect::<Vec<_>>()),
        )
        .order_by_asc(follow_up::Column::RecordedOn)
        .order_by_asc(follow_up::Column::Id)
        .all(db)
        .await?;
    // Latest follow-up per finding (rows are in date order).
    let latest: HashMap<i32, &follow_up::Model> =
        follow_ups.iter().map(|f| (f.finding_id, f)).collect();
    let inspection_by_id: HashMap<i32, &inspection::Model> =
        inspections.iter().map(|i| (i.id, i)).collect();
    let unit_by_id: HashMap<i32, &service_unit::Model> = units.iter().map(|u| (u.id, u)).collect();
    Ok(findings
        .iter()
        .filter_map(|f| {
            let insp = inspection_by_id.get(&f.inspection_id)?;
            let unit = unit_by_id.get(&insp.unit_id)?;
            let last = latest.get(&f.id);
            let status = last.map_or_else(|| "belum".to_string(), |l| l.status.to_value());
            Some(FindingRow {
                id: f.id,
                unit_code: unit.code.clone(),
                unit_name: unit.name.clone(),
                inspected_on: insp.inspected_on,
                category: f.category.clone(),
                severity: f.severity,
                description: f.description.clone(),
                due_on: f.due_on,
                overdue: status != "selesai" && f.due_on < today,
                status,
                last_update: last.map(|l| l.recorded_on),
            })
        })
        .collect())
}
