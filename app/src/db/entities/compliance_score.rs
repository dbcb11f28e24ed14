//! `compliance_score`: an Ombudsman compliance score (penilaian kepatuhan / opini) of a province
//! or a regency for a year. Exactly one of `province_id` / `regency_id` is set; `region_code` is
//! that region's Kemendagri code. Published scores (`published = true`) are stored exactly as
//! published, with the category from the source and the source URL.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "compliance_score")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub region_code: String,
    pub province_id: Option<i32>,
    pub regency_id: Option<i32>,
    pub year: i32,
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    /// Kepercayaan masyarakat (2025 instrument only).
    pub public_trust: Option<f64>,
    pub total: f64,
    /// `A`–`E` (2022–2024), `hijau`/`kuning`/`merah` (≤ 2021), … as published or classified.
    pub category: String,
    pub methodology_version: String,
    pub published: bool,
    /// Source URL of a published score.
    pub source: Option<String>,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::province::Entity",
        from = "Column::ProvinceId",
        to = "super::province::Column::Id"
    )]
    Province,
    #[sea_orm(
        belongs_to = "super::regency::Entity",
        from = "Column::RegencyId",
        to = "super::regency::Column::Id"
    )]
    Regency,
}

impl Related<super::province::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl Related<super::regency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regency.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
