//! One service unit (an MPP or any other unit): staffing, facilities then and now, inspection
//! history with findings, decline flags and IKM. A fixed number of queries.

use crate::db::DataError;
use crate::db::entities::enums::FacilityStatus as StoredStatus;
use crate::db::entities::{
    facility, facility_check, inspection, province, regency, service_unit, skm_survey,
    staff_snapshot,
};
use crate::methodology::{
    self, DEFAULT_DECLINE_MARGIN, DeclineReference, FacilityStatus, Indicator,
};
use crate::model::{
    DeclineFlag, FacilityRow, InspectionRow, Measure, StaffPoint, ThenNow, ThenNowRow, UnitDetail,
};
use chrono::Datelike;
use chrono::NaiveDate;
use sea_orm::{ActiveEnum, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

use super::regency::inspection_score;

fn methodology_status(s: StoredStatus) -> FacilityStatus {
    match s {
        StoredStatus::Functional => FacilityStatus::Functional,
        StoredStatus::Present => FacilityStatus::PresentNotFunctional,
        StoredStatus::Absent => FacilityStatus::Absent,
    }
}

fn staff_index(s: &staff_snapshot::Model) -> Option<f64> {
    methodology::staff_index(&methodology::StaffSnapshot {
        on_duty: u32::try_from(s.on_duty).ok()?,
        required: u32::try_from(s.required).ok()?,
        trained: u32::try_from(s.trained).ok()?,
        attendance_pct: s.attendance_pct,
        competence_score: s.competence_score,
    })
    .ok()
}

fn reference_key(r: DeclineReference) -> String {
    match r {
        DeclineReference::Inauguration => "inauguration".into(),
        DeclineReference::PreviousYear => "previous_year".into(),
    }
}

/// Decline flags of a yearly series: first value (inauguration baseline) and previous year's
/// mean against the latest year's mean.
fn declines(indicator: &str, dated: &[(i32, f64)]) -> Vec<DeclineFlag> {
    let mut by_year: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for &(y, v) in dated {
        by_year.entry(y).or_default().push(v);
    }
    let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    let Some((&last_year, last)) = by_year.iter().next_back() else {
        return Vec::new();
    };
    let current = mean(last);
    let baseline = dated.first().filter(|d| d.0 < last_year).map(|d| d.1);
    let previous = by_year.get(&(last_year - 1)).map(mean);
    methodology::detect_decline(
        Indicator::OmbudsmanScore,
        baseline,
        previous,
        current,
        DEFAULT_DECLINE_MARGIN,
    )
    .into_iter()
    .map(|d| DeclineFlag {
        indicator: indicator.into(),
        reference: reference_key(d.reference),
        from: d.from,
        to: d.to,
    })
    .collect()
}

/// The observation standing for "at the inauguration" in a date-ordered series: the last one on
/// or before `reference`, else the first one after it; the first one when there is no reference.
pub fn reference_index(dates: &[NaiveDate], reference: Option<NaiveDate>) -> Option<usize> {
    if dates.is_empty() {
        return None;
    }
    let Some(r) = reference else { return Some(0) };
    Some(dates.iter().rposition(|d| *d <= r).unwrap_or(0))
}

/// Then (at [`reference_index`]) and now (the last) of a date-ordered series.
fn then_now_of<T>(
    key: &str,
    items: &[T],
    reference: Option<NaiveDate>,
    date: impl Fn(&T) -> NaiveDate,
    measure: impl Fn(&T) -> Option<Measure>,
) -> ThenNowRow {
    let dates: Vec<NaiveDate> = items.iter().map(&date).collect();
    let then = reference_index(&dates, reference).and_then(|i| measure(&items[i]));
    let now = items.last().and_then(&measure);
    ThenNowRow {
        key: key.into(),
        then,
        now,
    }
}

fn pct(part: i32, whole: i32) -> Option<f64> {
    (whole > 0).then(|| 100.0 * f64::from(part) / f64::from(whole))
}

/// First day of an SKM semester (1: January–June, 2: July–December).
fn semester_start(year: i32, semester: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, if semester == 2 { 7 } else { 1 }, 1).unwrap_or_default()
}

pub async fn detail<C: ConnectionTrait>(db: &C, code: &str) -> Result<UnitDetail, DataError> {
    detail_with(db, code, |_, _| true).await
}

/// [`detail`] showing unpublished inspections only when `may_read_unpublished(regency id,
/// province id)` says so (see `auth::Ctx::can_read_unpublished`).
pub async fn detail_with<C: ConnectionTrait>(
    db: &C,
    code: &str,
    may_read_unpublished: impl Fn(i32, i32) -> bool,
) -> Result<UnitDetail, DataError> {
    let today = super::today();
    let (unit, reg) = service_unit::Entity::find()
        .filter(service_unit::Column::Code.eq(code))
        .find_also_related(regency::Entity)
        .one(db)
        .await?
        .ok_or_else(|| DataError::UnknownUnit(code.to_string()))?;
    let reg = reg.ok_or(DataError::NotFound)?;
    let prov = province::Entity::find_by_id(reg.province_id)
        .one(db)
        .await?
        .ok_or(DataError::NotFound)?;

    let staff = staff_snapshot::Entity::find()
        .filter(staff_snapshot::Column::UnitId.eq(unit.id))
        .order_by_asc(staff_snapshot::Column::TakenOn)
        .all(db)
        .await?;
    let inspections = super::visible_inspections(may_read_unpublished(reg.id, reg.province_id))
        .filter(inspection::Column::UnitId.eq(unit.id))
        .order_by_asc(inspection::Column::InspectedOn)
        .all(db)
        .await?;
    let ids: Vec<i32> = inspections.iter().map(|i| i.id).collect();
    let checks = facility_check::Entity::find()
        .filter(facility_check::Column::InspectionId.is_in(ids))
        .find_also_related(facility::Entity)
        .all(db)
        .await?;
    let surveys = skm_survey::Entity::find()
        .filter(skm_survey::Column::UnitId.eq(unit.id))
        .order_by_asc(skm_survey::Column::Year)
        .order_by_asc(skm_survey::Column::Semester)
        .all(db)
        .await?;

    // Facility index per inspection.
    let mut checks_by_inspection: HashMap<i32, Vec<(&facility_check::Model, &facility::Model)>> =
        HashMap::new();
    for (c, f) in &checks {
        if let Some(f) = f {
            checks_by_inspection
                .entry(c.inspection_id)
                .or_default()
                .push((c, f));
        }
    }
    let facility_index_of = |inspection_id: i32| {
        checks_by_inspection.get(&inspection_id).and_then(|cs| {
            let list: Vec<methodology::FacilityCheck> = cs
                .iter()
                .map(|(c, f)| methodology::FacilityCheck {
                    status: methodology_status(c.status),
                    essential: f.essential,
                })
                .collect();
            methodology::facility_index(&list)
        })
    };

    // The facility list at the first checked inspection vs the latest.
    let checked: Vec<&inspection::Model> = inspections
        .iter()
        .filter(|i| checks_by_inspection.contains_key(&i.id))
        .collect();
    let status_at = |i: Option<&&inspection::Model>| -> HashMap<i32, StoredStatus> {
        i.and_then(|i| checks_by_inspection.get(&i.id))
            .map(|cs| cs.iter().map(|(c, f)| (f.id, c.status)).collect())
            .unwrap_or_default()
    };
    let checked_dates: Vec<NaiveDate> = checked.iter().map(|i| i.inspected_on).collect();
    let then_inspection =
        reference_index(&checked_dates, unit.inaugurated_on).and_then(|k| checked.get(k));
    let first = status_at(then_inspection);
    let last = status_at(checked.last());
    let mut catalogue: Vec<&facility::Model> =
        checks.iter().filter_map(|(_, f)| f.as_ref()).collect();
    catalogue.sort_by(|a, b| a.code.cmp(&b.code));
    catalogue.dedup_by(|a, b| a.id == b.id);
    let mut facilities: Vec<FacilityRow> = catalogue
        .into_iter()
        .map(|f| {
            let then = first.get(&f.id).copied();
            let now = last.get(&f.id).copied();
            let was = matches!(then, Some(StoredStatus::Functional));
            let is = matches!(now, Some(StoredStatus::Functional));
            FacilityRow {
                name: f.name_id.clone(),
                essential: f.essential,
                lost: was && !is,
                added: !was && is,
                at_inauguration: then.map(|s| s.to_value()),
                now: now.map(|s| s.to_value()),
            }
        })
        .collect();
    // Lost items first (essential ones before others), then the rest in catalogue order.
    facilities.sort_by_key(|f| (!f.lost, !(f.lost && f.essential)));
    let working = |statuses: &HashMap<i32, StoredStatus>| {
        let n = statuses
            .values()
            .filter(|s| matches!(s, StoredStatus::Functional))
            .count();
        (
            i32::try_from(n).unwrap_or(i32::MAX),
            i32::try_from(statuses.len()).unwrap_or(i32::MAX),
        )
    };
    let facility_measure = |i: Option<&&inspection::Model>,
                            statuses: &HashMap<i32, StoredStatus>| {
        i.map(|i| {
            let (n, of) = working(statuses);
            Measure {
                value: f64::from(n),
                count: Some((n, of)),
                date: i.inspected_on,
                period: None,
            }
        })
    };
    let facilities_row = ThenNowRow {
        key: "facilities".into(),
        then: facility_measure(then_inspection, &first),
        now: facility_measure(checked.last(), &last),
    };

    let findings =
        super::regency::findings_with_status(db, &inspections, std::slice::from_ref(&unit), today)
            .await?;
    let inspection_rows = inspections
        .iter()
        .rev()
        .map(|i| InspectionRow {
            date: i.inspected_on,
            unannounced: i.unannounced,
            inspector: i.inspector.clone(),
            score: inspection_score(i),
            facility_index: facility_index_of(i.id),
            findings: findings
                .iter()
                .filter(|f| f.inspected_on == i.inspected_on)
                .cloned()
                .collect(),
        })
        .collect();

    let staff_points: Vec<StaffPoint> = staff
        .iter()
        .map(|s| StaffPoint {
            date: s.taken_on,
            on_duty: s.on_duty,
            required: s.required,
            trained: s.trained,
            attendance_pct: s.attendance_pct,
            staff_index: staff_index(s),
        })
        .collect();

    let mut flags = declines(
        "inspection_score",
        &inspections
            .iter()
            .filter_map(|i| inspection_score(i).map(|s| (i.inspected_on.year(), s)))
            .collect::<Vec<_>>(),
    );
    flags.extend(declines(
        "facility_index",
        &inspections
            .iter()
            .filter_map(|i| facility_index_of(i.id).map(|s| (i.inspected_on.year(), s)))
            .collect::<Vec<_>>(),
    ));
    flags.extend(declines(
        "staff_index",
        &staff_points
            .iter()
            .filter_map(|s| s.staff_index.map(|v| (s.date.year(), v)))
            .collect::<Vec<_>>(),
    ));
    flags.extend(declines(
        "ikm",
        &surveys.iter().map(|s| (s.year, s.ikm)).collect::<Vec<_>>(),
    ));

    let reference = unit.inaugurated_on;
    let staff_row = |key: &str, part: fn(&StaffPoint) -> (i32, i32)| {
        then_now_of(
            key,
            &staff_points,
            reference,
            |s| s.date,
            |s| {
                let (a, b) = part(s);
                pct(a, b).map(|value| Measure {
                    value,
                    count: Some((a, b)),
                    date: s.date,
                    period: None,
                })
            },
        )
    };
    let scored: Vec<(NaiveDate, f64)> = inspections
        .iter()
        .filter_map(|i| inspection_score(i).map(|s| (i.inspected_on, s)))
        .collect();
    let then_now = ThenNow {
        inaugurated_on: reference,
        rows: vec![
            facilities_row,
            staff_row("staff", |s| (s.on_duty, s.required)),
            staff_row("trained", |s| (s.trained, s.on_duty)),
            then_now_of(
                "attendance",
                &staff_points,
                reference,
                |s| s.date,
                |s| {
                    Some(Measure {
                        value: s.attendance_pct,
                        count: None,
                        date: s.date,
                        period: None,
                    })
                },
            ),
            then_now_of(
                "ikm",
                &surveys,
                reference,
                |s| semester_start(s.year, s.semester),
                |s| {
                    Some(Measure {
                        value: s.ikm,
                        count: None,
                        date: semester_start(s.year, s.semester),
                        period: Some(format!("Semester {} {}", s.semester, s.year)),
                    })
                },
            ),
            then_now_of(
                "inspection_score",
                &scored,
                reference,
                |s| s.0,
                |s| {
                    Some(Measure {
                        value: s.1,
                        count: None,
                        date: s.0,
                        period: None,
                    })
                },
            ),
        ],
        lost: facilities
            .iter()
            .filter(|f| f.lost)
            .map(|f| f.name.clone())
            .collect(),
        added: facilities
            .iter()
            .filter(|f| f.added)
            .map(|f| f.name.clone())
            .collect(),
    };

    let mut ikm_by_year: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for s in &surveys {
        ikm_by_year.entry(s.year).or_default().push(s.ikm);
    }

    Ok(UnitDetail {
        code: unit.code,
        name: unit.name,
        kind: unit.kind.to_value(),
        regency_code: reg.code,
        regency_name: reg.name,
        province_code: prov.code,
        province_name: prov.name,
        inaugurated_on: unit.inaugurated_on,
        tenants: unit.tenant_count,
        services: unit.service_count,
        counters: unit.counter_count,
        staff: staff_points,
        facilities,
        inspections: inspection_rows,
        declines: flags,
        ikm: ikm_by_year
            .into_iter()
            .map(|(y, v)| (y, v.iter().sum::<f64>() / v.len() as f64))
            .collect(),
        then_now,
    })
}
