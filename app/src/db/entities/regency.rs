//! `regency`: the 514 kabupaten/kota (Kemendagri `PP.KK` codes).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::enums::RegencyKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "regency")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub province_id: i32,
    /// Kemendagri code, e.g. `"15.05"` (Kabupaten Muaro Jambi). Unique.
    #[sea_orm(unique)]
    pub code: String,
    /// BPS code where sourced (differs from the Kemendagri code for many regencies), else NULL.
    pub bps_code: Option<String>,
    pub kind: RegencyKind,
    /// Full name, e.g. `"Kabupaten Muaro Jambi"`, `"Kota Jambi"`.
    pub name: String,
    pub population: i64,
    pub area_km2: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::province::Entity",
        from = "Column::ProvinceId",
        to = "super::province::Column::Id"
    )]
    Province,
    #[sea_orm(has_many = "super::service_unit::Entity")]
    ServiceUnit,
    #[sea_orm(has_many = "super::compliance_score::Entity")]
    ComplianceScore,
    #[sea_orm(has_many = "super::mou::Entity")]
    Mou,
}

impl Related<super::province::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl Related<super::service_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceUnit.def()
    }
}

impl Related<super::compliance_score::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ComplianceScore.def()
    }
}

impl Related<super::mou::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Mou.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
