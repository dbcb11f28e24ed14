//! Reference data (real, sourced) and demo data (generated, deterministic).
//!
//! * [`load_reference`]: the 38 provinces and 514 kabupaten/kota (`app/data/regions.csv`,
//!   Kepmendagri No. 300.2.2-2138/2025 as compiled in `cahyadsn/wilayah`, MIT, © 2017–2025
//!   Cahya DSN), the facility catalogue (`app/data/facilities.csv`), the published Ombudsman RI
//!   scores with their source URLs (`app/data/published_scores.csv`), and two sourced facts about
//!   Kabupaten Muaro Jambi (15.05): its MPP, inaugurated on 24 June 2024, and its MoU with Ombudsman
//!   RI, signed on 31 July 2024 (domain research §3.2, §7.1). Idempotent (upserts by natural key).
//! * [`generate_demo`]: a whole country of plausible service units and observations, see
//!   [`demo`]. Demo rows carry `demo = true`; real rows are never changed.

mod demo;
pub mod rng;

pub use demo::{DemoConfig, DemoCounts, generate_demo};

use chrono::NaiveDate;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use serde::Serialize;
use std::collections::BTreeMap;

use super::DataError;
use super::entities::enums::{RegencyKind, UnitKind};
use super::entities::{compliance_score, facility, mou, province, regency, service_unit};
use super::write::{begin, check_score, finish, is_region_code};
use crate::methodology;

const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");
const FACILITIES_CSV: &str = include_str!("../../../data/facilities.csv");
const PUBLISHED_SCORES_CSV: &str = include_str!("../../../data/published_scores.csv");

/// Kemendagri code of Kabupaten Muaro Jambi, the seed region.
pub const MUARO_JAMBI: &str = "15.05";
/// Its BPS code (the same digits here; not so for many regencies, so other BPS codes stay NULL).
pub const MUARO_JAMBI_BPS: &str = "1505";
pub const MUARO_JAMBI_MPP_CODE: &str = "15.05-MPP";
pub const MUARO_JAMBI_MPP_NAME: &str = "Mal Pelayanan Publik Kabupaten Muaro Jambi";
/// Inauguration of MPP Muaro Jambi among 17 MPPs on 24 June 2024 (https://beritaktual.id/17-mal-pelayanan-publik-diresmikan).
pub const MUARO_JAMBI_MPP_INAUGURATED: NaiveDate = date(2024, 6, 24);
/// Signing of the Ombudsman RI – Pemkab Muaro Jambi MoU in Jakarta on 31 July 2024
/// (https://www.global-hukumindonesia.id/2024/08/tingkatkan-pelayanan-masyarakat-pj.html ;
/// https://jambiupdate.co/amp/2024/08/01/114575/).
pub const MUARO_JAMBI_MOU_SIGNED: NaiveDate = date(2024, 7, 31);
pub const MUARO_JAMBI_MOU_TITLE: &str =
    "Nota Kesepakatan antara Ombudsman Republik Indonesia dan Pemerintah Kabupaten Muaro Jambi";
/// The parties and their heads; the Pj Bupati signed for the regency (domain research §7.1).
pub const MUARO_JAMBI_MOU_SIGNATORIES: &str = "Ombudsman Republik Indonesia (Ketua: Mokhammad Najih); \
     Pemerintah Kabupaten Muaro Jambi (Penjabat Bupati Drs. Raden Najmi)";
pub const MUARO_JAMBI_MOU_SCOPE: &str = "Peningkatan kualitas pelayanan publik: pengembangan kebijakan, pemantauan, \
     evaluasi dan peningkatan penanganan pengaduan; peningkatan kualitas DPMPTSP dan Mal Pelayanan Publik dari segi \
     sumber daya manusia maupun sarana dan prasarana.";

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid date"),
    }
}

/// Rows present after [`load_reference`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReferenceCounts {
    pub provinces: u64,
    pub regencies: u64,
    pub facilities: u64,
    pub published_scores: u64,
}

/// One line of `regions.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    pub code: String,
    /// `"province"`, `"kabupaten"` or `"kota"`.
    pub level: String,
    pub name: String,
    pub population: i64,
    pub area_km2: f64,
}

/// One line of `facilities.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct FacilityRow {
    pub code: String,
    pub name_id: String,
    pub name_en: String,
    pub essential: bool,
}

/// One line of `published_scores.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedRow {
    pub region_code: String,
    pub name: String,
    pub year: i32,
    pub score: f64,
    pub category: String,
    pub source: String,
}

fn csv_error(file: &str, line: usize, reason: impl std::fmt::Display) -> DataError {
    DataError::Invalid {
        field: file.to_owned(),
        reason: super::Reason::Other(format!("line {line}: {reason}")),
    }
}

/// The data lines of a simple CSV (no quoting), split and trimmed, with 1-based line numbers.
fn csv_lines<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), DataError>> + 'a {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(i, line)| {
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            if fields.len() == columns {
                Ok((i + 1, fields))
            } else {
                Err(csv_error(
                    file,
                    i + 1,
                    format!("expected {columns} fields, found {}", fields.len()),
                ))
            }
        })
}

fn parse<T: std::str::FromStr>(file: &str, line: usize, field: &str) -> Result<T, DataError> {
    field
        .parse()
        .map_err(|_| csv_error(file, line, format!("cannot read {field:?}")))
}

/// The regions of `app/data/regions.csv`, in file order (provinces before their regencies).
pub fn regions() -> Result<Vec<RegionRow>, DataError> {
    const FILE: &str = "regions.csv";
    csv_lines(FILE, REGIONS_CSV, 5)
        .map(|line| {
            let (n, f) = line?;
            let row = RegionRow {
                code: f[0].to_owned(),
                level: f[1].to_owned(),
                name: f[2].to_owned(),
                population: parse(FILE, n, f[3])?,
                area_km2: parse(FILE, n, f[4])?,
            };
            let level_ok = match row.level.as_str() {
                "province" => row.code.len() == 2,
                "kabupaten" | "kota" => row.code.len() == 5,
                _ => false,
            };
            if !is_region_code(&row.code) || !level_ok || row.area_km2 <= 0.0 || row.population < 0
            {
                return Err(csv_error(
                    FILE,
                    n,
                    "invalid code, level, population or area",
                ));
            }
            Ok(row)
        })
        .collect()
}

/// The facility catalogue of `app/data/facilities.csv`.
pub fn facilities() -> Result<Vec<FacilityRow>, DataError> {
    const FILE: &str = "facilities.csv";
    csv_lines(FILE, FACILITIES_CSV, 4)
        .map(|line| {
            let (n, f) = line?;
            Ok(FacilityRow {
                code: f[0].to_owned(),
                name_id: f[1].to_owned(),
                name_en: f[2].to_owned(),
                essential: parse(FILE, n, f[3])?,
            })
        })
        .collect()
}

/// The published scores of `app/data/published_scores.csv`.
pub fn published_scores() -> Result<Vec<PublishedRow>, DataError> {
    const FILE: &str = "published_scores.csv";
    csv_lines(FILE, PUBLISHED_SCORES_CSV, 6)
        .map(|line| {
            let (n, f) = line?;
            Ok(PublishedRow {
                region_code: f[0].to_owned(),
                name: f[1].to_owned(),
                year: parse(FILE, n, f[2])?,
                score: parse(FILE, n, f[3])?,
                category: f[4].to_owned(),
                source: f[5].to_owned(),
            })
        })
        .collect()
}

/// `true` once [`load_reference`] has run (all regencies and the facility catalogue present).
pub async fn has_reference<C: ConnectionTrait>(db: &C) -> Result<bool, DataError> {
    let regencies = regency::Entity::find().count(db).await?;
    let facilities = facility::Entity::find().count(db).await?;
    Ok(regencies >= 514 && facilities as usize >= self::facilities()?.len())
}

/// `true` if demo data has been generated.
pub async fn has_demo<C: ConnectionTrait>(db: &C) -> Result<bool, DataError> {
    let units = service_unit::Entity::find()
        .filter(service_unit::Column::Demo.eq(true))
        .count(db)
        .await?;
    let scores = compliance_score::Entity::find()
        .filter(compliance_score::Column::Demo.eq(true))
        .count(db)
        .await?;
    Ok(units + scores > 0)
}

/// Loads (idempotently) the reference data; see the [module documentation](self).
pub async fn load_reference(db: &DatabaseConnection) -> Result<ReferenceCounts, DataError> {
    // Parse and check everything before opening the transaction.
    let regions = regions()?;
    let facilities = facilities()?;
    let published = published_scores()?;
    let mut scores = Vec::with_capacity(published.len());
    for row in &published {
        check_score("total", row.score)?;
        let classification = methodology::classify(row.year, row.score)?;
        if !methodology::all_labels_for_year(row.year)?.contains(&row.category.as_str()) {
            return Err(DataError::Invalid {
                field: "published_scores.csv".to_owned(),
                reason: super::Reason::Other(format!(
                    "{} {}: unknown category {:?}",
                    row.region_code, row.year, row.category
                )),
            });
        }
        scores.push((row, classification.version));
    }

    let txn = begin(db).await?;
    let result = async {
        // Provinces.
        let provinces =
            regions
                .iter()
                .filter(|r| r.level == "province")
                .map(|r| province::ActiveModel {
                    id: NotSet,
                    code: Set(r.code.clone()),
                    name: Set(r.name.clone()),
                    population: Set(r.population),
                    area_km2: Set(r.area_km2),
                });
        province::Entity::insert_many(provinces)
            .on_conflict(
                OnConflict::column(province::Column::Code)
                    .update_columns([
                        province::Column::Name,
                        province::Column::Population,
                        province::Column::AreaKm2,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        let province_ids: BTreeMap<String, i32> = province::Entity::find()
            .select_only()
            .column(province::Column::Code)
            .column(province::Column::Id)
            .into_tuple::<(String, i32)>()
            .all(&txn)
            .await?
            .into_iter()
            .collect();

        // Regencies.
        let mut regencies = Vec::new();
        for r in regions.iter().filter(|r| r.level != "province") {
            let province_id =
                *province_ids
                    .get(&r.code[..2])
                    .ok_or_else(|| DataError::Invalid {
                        field: "regions.csv".to_owned(),
                        reason: super::Reason::Other(format!("no province for {}", r.code)),
                    })?;
            regencies.push(regency::ActiveModel {
                id: NotSet,
                province_id: Set(province_id),
                code: Set(r.code.clone()),
                bps_code: Set((r.code == MUARO_JAMBI).then(|| MUARO_JAMBI_BPS.to_owned())),
                kind: Set(if r.level == "kota" {
                    RegencyKind::Kota
                } else {
                    RegencyKind::Kabupaten
                }),
                name: Set(r.name.clone()),
                population: Set(r.population),
                area_km2: Set(r.area_km2),
            });
        }
        regency::Entity::insert_many(regencies)
            .on_conflict(
                OnConflict::column(regency::Column::Code)
                    .update_columns([
                        regency::Column::ProvinceId,
                        regency::Column::Kind,
                        regency::Column::Name,
                        regency::Column::Population,
                        regency::Column::AreaKm2,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        regency::Entity::update_many()
            .col_expr(regency::Column::BpsCode, Expr::value(MUARO_JAMBI_BPS))
            .filter(regency::Column::Code.eq(MUARO_JAMBI))
            .filter(regency::Column::BpsCode.is_null())
            .exec(&txn)
            .await?;
        let regency_ids: BTreeMap<String, i32> = regency::Entity::find()
            .select_only()
            .column(regency::Column::Code)
            .column(regency::Column::Id)
            .into_tuple::<(String, i32)>()
            .all(&txn)
            .await?
            .into_iter()
            .collect();

        // Facility catalogue.
        let rows = facilities.iter().map(|f| facility::ActiveModel {
            id: NotSet,
            code: Set(f.code.clone()),
            name_id: Set(f.name_id.clone()),
            name_en: Set(f.name_en.clone()),
            essential: Set(f.essential),
        });
        facility::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(facility::Column::Code)
                    .update_columns([
                        facility::Column::NameId,
                        facility::Column::NameEn,
                        facility::Column::Essential,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;

        // Published scores, stored as published.
        let mut rows = Vec::with_capacity(scores.len());
        for (row, version) in &scores {
            let (province_id, regency_id) = if row.region_code.len() == 2 {
                (province_ids.get(&row.region_code).copied(), None)
            } else {
                (None, regency_ids.get(&row.region_code).copied())
            };
            if province_id.is_none() && regency_id.is_none() {
                return Err(DataError::UnknownRegion(row.region_code.clone()));
            }
            rows.push(compliance_score::ActiveModel {
                id: NotSet,
                region_code: Set(row.region_code.clone()),
                province_id: Set(province_id),
                regency_id: Set(regency_id),
                year: Set(row.year),
                input_score: Set(None),
                process_score: Set(None),
                output_score: Set(None),
                complaint_score: Set(None),
                public_trust: Set(None),
                total: Set(row.score),
                category: Set(row.category.clone()),
                methodology_version: Set(version.clone()),
                published: Set(true),
                source: Set(Some(row.source.clone())),
                demo: Set(false),
            });
        }
        use compliance_score::Column as S;
        compliance_score::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([S::RegionCode, S::Year])
                    .update_columns([
                        S::ProvinceId,
                        S::RegencyId,
                        S::InputScore,
                        S::ProcessScore,
                        S::OutputScore,
                        S::ComplaintScore,
                        S::PublicTrust,
                        S::Total,
                        S::Category,
                        S::MethodologyVersion,
                        S::Published,
                        S::Source,
                        S::Demo,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;

        // Muaro Jambi: the MPP and the MoU (real, sourced).
        let muaro_jambi = *regency_ids
            .get(MUARO_JAMBI)
            .ok_or_else(|| DataError::UnknownRegion(MUARO_JAMBI.to_owned()))?;
        service_unit::Entity::insert(service_unit::ActiveModel {
            id: NotSet,
            regency_id: Set(muaro_jambi),
            code: Set(MUARO_JAMBI_MPP_CODE.to_owned()),
            kind: Set(UnitKind::Mpp),
            name: Set(MUARO_JAMBI_MPP_NAME.to_owned()),
            inaugurated_on: Set(Some(MUARO_JAMBI_MPP_INAUGURATED)),
            tenant_count: Set(None),
            service_count: Set(None),
            counter_count: Set(None),
            demo: Set(false),
        })
        .on_conflict(
            OnConflict::column(service_unit::Column::Code)
                .update_columns([
                    service_unit::Column::RegencyId,
                    service_unit::Column::Kind,
                    service_unit::Column::Name,
                    service_unit::Column::InauguratedOn,
                    service_unit::Column::Demo,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        mou::Entity::insert(mou::ActiveModel {
            id: NotSet,
            regency_id: Set(muaro_jambi),
            signed_on: Set(MUARO_JAMBI_MOU_SIGNED),
            title: Set(MUARO_JAMBI_MOU_TITLE.to_owned()),
            signatories: Set(MUARO_JAMBI_MOU_SIGNATORIES.to_owned()),
            scope: Set(MUARO_JAMBI_MOU_SCOPE.to_owned()),
            demo: Set(false),
        })
        .on_conflict(
            OnConflict::columns([mou::Column::RegencyId, mou::Column::SignedOn])
                .update_columns([
                    mou::Column::Title,
                    mou::Column::Signatories,
                    mou::Column::Scope,
                    mou::Column::Demo,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;

        Ok(ReferenceCounts {
            provinces: province::Entity::find().count(&txn).await?,
            regencies: regency::Entity::find().count(&txn).await?,
            facilities: facility::Entity::find().count(&txn).await?,
            published_scores: compliance_score::Entity::find()
                .filter(compliance_score::Column::Published.eq(true))
                .count(&txn)
                .await?,
        })
    }
    .await;
    finish(txn, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let regions = regions().unwrap();
        assert_eq!(regions.iter().filter(|r| r.level == "province").count(), 38);
        assert_eq!(
            regions.iter().filter(|r| r.level == "kabupaten").count(),
            416
        );
        assert_eq!(regions.iter().filter(|r| r.level == "kota").count(), 98);
        let muaro_jambi = regions.iter().find(|r| r.code == MUARO_JAMBI).unwrap();
        assert_eq!(muaro_jambi.name, "Kabupaten Muaro Jambi");
        assert!((10..=14).contains(&facilities().unwrap().len()));
        let published = published_scores().unwrap();
        assert!(
            published
                .iter()
                .any(|p| p.region_code == MUARO_JAMBI && p.year == 2022 && p.score == 82.17)
        );
        for row in &published {
            assert!(row.source.starts_with("https://"), "{row:?}");
        }
    }
}
