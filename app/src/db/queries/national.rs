//! The national overview.

use crate::db::DataError;
use crate::db::entities::enums::{CommitmentStatus, FollowUpStatus, UnitKind};
use crate::db::entities::{
    commitment, commitment_progress, compliance_score, finding, follow_up, inspection, mou,
    province, regency, service_unit,
};
use crate::methodology::{self, DEFAULT_DECLINE_MARGIN, DeclineReference, Indicator};
use crate::model::{
    CategoryCount, DecliningUnit, Distribution, Headline, MallRef, NationalFilter,
    NationalOverview, ProvinceRef, RankedRegency,
};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait, Select,
};
use std::collections::BTreeMap;

/// How many regencies the ranking lists.
pub const RANKING_SIZE: u64 = 20;

/// Regency-level scores restricted by the filter's province and kind.
fn regency_scores(filter: &NationalFilter) -> Select<compliance_score::Entity> {
    let mut q = compliance_score::Entity::find()
        .join(
            JoinType::InnerJoin,
            compliance_score::Relation::Regency.def(),
        )
        .join(JoinType::InnerJoin, regency::Relation::Province.def());
    if let Some(p) = &filter.province {
        q = q.filter(province::Column::Code.eq(p.as_str()));
    }
    if let Some(k) = &filter.kind {
        q = q.filter(regency::Column::Kind.eq(k.as_str()));
    }
    q
}

/// An unknown province code in a filter is a 404 on every page and export (one rule).
pub async fn ensure_known_province<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
) -> Result<(), DataError> {
    if let Some(code) = &filter.province {
        let known = province::Entity::find()
            .filter(province::Column::Code.eq(code.as_str()))
            .count(db)
            .await?;
        if known == 0 {
            return Err(DataError::UnknownRegion(code.clone()));
        }
    }
    Ok(())
}

pub async fn overview<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
) -> Result<NationalOverview, DataError> {
    let today = super::today();
    ensure_known_province(db, filter).await?;

    // 1. Category counts per year (feeds the distribution and the trend).
    let counts: Vec<(i32, String, String, i64)> = regency_scores(filter)
        .select_only()
        .column(compliance_score::Column::Year)
        .column(compliance_score::Column::MethodologyVersion)
        .column(compliance_score::Column::Category)
        .column_as(compliance_score::Column::Id.count(), "n")
        .group_by(compliance_score::Column::Year)
        .group_by(compliance_score::Column::MethodologyVersion)
        .group_by(compliance_score::Column::Category)
        .into_tuple()
        .all(db)
        .await?;
    let mut trend = distributions(&counts);
    // How many of each year's scores are demo data (not published), to mark them as such.
    let demo: Vec<(i32, i64)> = regency_scores(filter)
        .select_only()
        .column(compliance_score::Column::Year)
        .column_as(compliance_score::Column::Id.count(), "n")
        .filter(compliance_score::Column::Published.eq(false))
        .group_by(compliance_score::Column::Year)
        .into_tuple()
        .all(db)
        .await?;
    for d in &mut trend {
        d.demo = demo
            .iter()
            .find(|(y, _)| *y == d.year)
            .map_or(0, |(_, n)| *n as u32);
    }
    let years: Vec<i32> = trend.iter().map(|d| d.year).collect();
    let year = match filter.year {
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            return Err(DataError::Invalid {
                field: "year".into(),
                reason: crate::db::Reason::NoAssessmentData { year: y },
            });
        }
        None => years.last().copied().unwrap_or(2024),
    };
    let distribution = trend
        .iter()
        .find(|d| d.year == year)
        .cloned()
        .unwrap_or_else(|| empty_distribution(year));

    // 2. Ranking of the chosen year.
    let order = if filter.order.as_deref() == Some("asc") {
        Order::Asc
    } else {
        Order::Desc
    };
    let ranked: Vec<(String, String, String, String, f64, String, bool)> = regency_scores(filter)
        .select_only()
        .column(regency::Column::Code)
        .column(regency::Column::Name)
        .column_as(province::Column::Name, "province_name")
        .column(regency::Column::Kind)
        .column(compliance_score::Column::Total)
        .column(compliance_score::Column::Category)
        .column(compliance_score::Column::Published)
        .filter(compliance_score::Column::Year.eq(year))
        .order_by(compliance_score::Column::Total, order)
        .order_by(regency::Column::Code, Order::Asc)
        // A province has at most a few dozen regencies: rank them all.
        .limit(if filter.province.is_some() {
            None
        } else {
            Some(RANKING_SIZE)
        })
        .into_tuple()
        .all(db)
        .await?;
    let ranking = ranked
        .into_iter()
        .enumerate()
        .map(
            |(i, (code, name, province, kind, score, label, published))| RankedRegency {
                // Lowest first still numbers by true rank (514, 513, …), not 1, 2, …
                rank: if filter.order.as_deref() == Some("asc") {
                    distribution.assessed.saturating_sub(i as u32)
                } else {
                    i as u32 + 1
                },
                zone: zone_of(year, &label),
                code,
                name,
                province,
                kind,
                score,
                label,
                published,
            },
        )
        .collect();

    // 3. Headline counts, restricted to the filter's province and kind (a province page shows
    //    the province's figures, never the national ones).
    let scope: Option<Vec<i32>> = if filter.province.is_some() || filter.kind.is_some() {
        let mut q = regency::Entity::find()
            .select_only()
            .column(regency::Column::Id)
            .join(JoinType::InnerJoin, regency::Relation::Province.def());
        if let Some(p) = &filter.province {
            q = q.filter(province::Column::Code.eq(p.as_str()));
        }
        if let Some(k) = &filter.kind {
            q = q.filter(regency::Column::Kind.eq(k.as_str()));
        }
        Some(q.into_tuple::<i32>().all(db).await?)
    } else {
        None
    };
    let units_in = |ids: &Vec<i32>| {
        Query::select()
            .column(service_unit::Column::Id)
            .from(service_unit::Entity)
            .and_where(service_unit::Column::RegencyId.is_in(ids.clone()))
            .to_owned()
    };
    let regencies = match &scope {
        Some(ids) => ids.len() as u32,
        None => regency::Entity::find().count(db).await? as u32,
    };
    let mut malls =
        service_unit::Entity::find().filter(service_unit::Column::Kind.eq(UnitKind::Mpp));
    if let Some(ids) = &scope {
        malls = malls.filter(service_unit::Column::RegencyId.is_in(ids.clone()));
    }
    let malls = malls.count(db).await? as u32;
    let mut findings = finding::Entity::find()
        .filter(finding::Column::InspectionId.in_subquery(super::published_inspection_ids()))
        .filter(finding::Column::DueOn.lt(today))
        .filter(
            finding::Column::Id.not_in_subquery(
                Query::select()
                    .column(follow_up::Column::FindingId)
                    .from(follow_up::Entity)
                    .and_where(follow_up::Column::Status.eq(FollowUpStatus::Selesai))
                    .to_owned(),
            ),
        );
    if let Some(ids) = &scope {
        findings = findings.filter(
            finding::Column::InspectionId.in_subquery(
                Query::select()
                    .column(inspection::Column::Id)
                    .from(inspection::Entity)
                    .and_where(inspection::Column::UnitId.in_subquery(units_in(ids)))
                    .to_owned(),
            ),
        );
    }
    let open_findings_past_due = findings.count(db).await? as u32;
    let mut commitments = commitment::Entity::find()
        .filter(commitment::Column::DueOn.lt(today))
        .filter(
            commitment::Column::Id.not_in_subquery(
                Query::select()
                    .column(commitment_progress::Column::CommitmentId)
                    .from(commitment_progress::Entity)
                    .and_where(commitment_progress::Column::Status.eq(CommitmentStatus::Done))
                    .to_owned(),
            ),
        );
    if let Some(ids) = &scope {
        commitments = commitments.filter(
            commitment::Column::MouId.in_subquery(
                Query::select()
                    .column(mou::Column::Id)
                    .from(mou::Entity)
                    .and_where(mou::Column::RegencyId.is_in(ids.clone()))
                    .to_owned(),
            ),
        );
    }
    let overdue_commitments = commitments.count(db).await? as u32;

    let provinces = province::Entity::find()
        .select_only()
        .column(province::Column::Code)
        .column(province::Column::Name)
        .order_by_asc(province::Column::Code)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(code, name)| ProvinceRef { code, name })
        .collect();

    Ok(NationalOverview {
        year,
        years,
        headline: Headline {
            regencies,
            assessed: distribution.assessed,
            malls,
            open_findings_past_due,
            overdue_commitments,
        },
        distribution,
        trend,
        ranking,
        declining: declining_malls(db, filter).await?,
        malls: if filter.province.is_some() {
            mall_list(db, filter).await?
        } else {
            Vec::new()
        },
        provinces,
    })
}

fn zone_of(year: i32, label: &str) -> String {
    methodology::band_table(year)
        .ok()
        .and_then(|t| t.band(label))
        .map_or_else(|| "unknown".to_string(), |b| b.zone.key().to_string())
}

fn empty_distribution(year: i32) -> Distribution {
    distributions(&[])
        .into_iter()
        .find(|d| d.year == year)
        .unwrap_or(Distribution {
            year,
            methodology_version: methodology::band_table(year)
                .map(|t| t.version.clone())
                .unwrap_or_default(),
            assessed: 0,
            categories: methodology::band_table(year)
                .map(|t| {
                    t.bands
                        .iter()
                        .map(|b| CategoryCount {
                            label: b.label.clone(),
                            zone: b.zone.key().to_string(),
                            count: 0,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            demo: 0,
        })
}

/// Builds one distribution per year from `(year, version, category, count)` rows, listing every
/// category of the year's band table (best first), including empty ones.
pub fn distributions(rows: &[(i32, String, String, i64)]) -> Vec<Distribution> {
    let mut by_year: BTreeMap<i32, Vec<&(i32, String, String, i64)>> = BTreeMap::new();
    for row in rows {
        by_year.entry(row.0).or_default().push(row);
    }
    by_year
        .into_iter()
        .map(|(year, rows)| {
            let count_of = |label: &str| {
                rows.iter()
                    .filter(|r| r.2 == label)
                    .map(|r| r.3)
                    .sum::<i64>() as u32
            };
            let (version, mut categories) = match methodology::band_table(year) {
                Ok(table) => (
                    table.version.clone(),
                    table
                        .bands
                        .iter()
                        .map(|b| CategoryCount {
                            label: b.label.clone(),
                            zone: b.zone.key().to_string(),
                            count: count_of(&b.label),
                        })
                        .collect::<Vec<_>>(),
                ),
                Err(_) => (rows[0].1.clone(), Vec::new()),
            };
            // Categories stored under a label the table does not know are still counted.
            for r in &rows {
                if !categories.iter().any(|c| c.label == r.2) {
                    categories.push(CategoryCount {
                        label: r.2.clone(),
                        zone: "unknown".into(),
                        count: r.3 as u32,
                    });
                }
            }
            let assessed = categories.iter().map(|c| c.count).sum();
            Distribution {
                year,
                methodology_version: version,
                assessed,
                categories,
                demo: 0,
            }
        })
        .collect()
}

/// Malls whose mean inspection score fell by more than the margin against their first
/// inspection after inauguration, or against the previous year's mean, from published
/// inspections only. Two queries in all.
async fn declining_malls<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
) -> Result<Vec<DecliningUnit>, DataError> {
    let mut q = super::published_inspections()
        .join(JoinType::InnerJoin, inspection::Relation::ServiceUnit.def())
        .join(JoinType::InnerJoin, service_unit::Relation::Regency.def())
        .join(JoinType::InnerJoin, regency::Relation::Province.def())
        .filter(service_unit::Column::Kind.eq(UnitKind::Mpp));
    if let Some(p) = &filter.province {
        q = q.filter(province::Column::Code.eq(p.as_str()));
    }
    if let Some(k) = &filter.kind {
        q = q.filter(regency::Column::Kind.eq(k.as_str()));
    }
    type Row = (
        String,
        String,
        String,
        String,
        chrono::NaiveDate,
        Option<f64>,
        Option<f64>,
        Option<f64>,
        Option<f64>,
    );
    let rows: Vec<Row> = q
        .select_only()
        .column(service_unit::Column::Code)
        .column_as(service_unit::Column::Name, "unit_name")
        .column(regency::Column::Code)
        .column_as(regency::Column::Name, "regency_name")
        .column(inspection::Column::InspectedOn)
        .column(inspection::Column::InputScore)
        .column(inspection::Column::ProcessScore)
        .column(inspection::Column::OutputScore)
        .column(inspection::Column::ComplaintScore)
        .order_by_asc(service_unit::Column::Code)
        .order_by_asc(inspection::Column::InspectedOn)
        .into_tuple()
        .all(db)
        .await?;

    let mut out = Vec::new();
    for unit_rows in rows.chunk_by(|a, b| a.0 == b.0) {
        let scored: Vec<(i32, f64)> = unit_rows
            .iter()
            .filter_map(|r| {
                use chrono::Datelike;
                let parts: Vec<f64> = [r.5, r.6, r.7, r.8].into_iter().flatten().collect();
                (!parts.is_empty())
                    .then(|| (r.4.year(), parts.iter().sum::<f64>() / parts.len() as f64))
            })
            .collect();
        let Some(&(last_year, _)) = scored.last() else {
            continue;
        };
        let mean = |y: i32| {
            let v: Vec<f64> = scored.iter().filter(|s| s.0 == y).map(|s| s.1).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        };
        let Some(current) = mean(last_year) else {
            continue;
        };
        let baseline = scored.first().filter(|s| s.0 < last_year).map(|s| s.1);
        let declines = methodology::detect_decline(
            Indicator::OmbudsmanScore,
            baseline,
            mean(last_year - 1),
            current,
            DEFAULT_DECLINE_MARGIN,
        );
        let r = &unit_rows[0];
        for d in declines {
            out.push(DecliningUnit {
                unit_code: r.0.clone(),
                unit_name: r.1.clone(),
                regency_code: r.2.clone(),
                regency_name: r.3.clone(),
                indicator: "inspection_score".into(),
                reference: match d.reference {
                    DeclineReference::Inauguration => "inauguration".into(),
                    DeclineReference::PreviousYear => "previous_year".into(),
                },
                from: d.from,
                to: d.to,
            });
        }
    }
    // Largest drops first.
    out.sort_by(|a, b| (b.from - b.to).total_cmp(&(a.from - a.to)));
    Ok(out)
}

/// The malls of the filtered province (and kind).
async fn mall_list<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
) -> Result<Vec<MallRef>, DataError> {
    let mut q = service_unit::Entity::find()
        .join(JoinType::InnerJoin, service_unit::Relation::Regency.def())
        .join(JoinType::InnerJoin, regency::Relation::Province.def())
        .filter(service_unit::Column::Kind.eq(UnitKind::Mpp));
    if let Some(p) = &filter.province {
        q = q.filter(province::Column::Code.eq(p.as_str()));
    }
    if let Some(k) = &filter.kind {
        q = q.filter(regency::Column::Kind.eq(k.as_str()));
    }
    let rows: Vec<(String, String, String, String, Option<chrono::NaiveDate>)> = q
        .select_only()
        .column(service_unit::Column::Code)
        .column(service_unit::Column::Name)
        .column_as(regency::Column::Code, "regency_code")
        .column_as(regency::Column::Name, "regency_name")
        .column(service_unit::Column::InauguratedOn)
        .order_by_asc(regency::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name, regency_code, regency_name, inaugurated_on)| MallRef {
                code,
                name,
                regency_code,
                regency_name,
                inaugurated_on,
            },
        )
        .collect())
}
