//! `province`: the 38 provinces (Kemendagri two-digit codes).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "province")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Kemendagri code, e.g. `"15"` (Jambi). Unique.
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Population (Dukcapil, December 2024).
    pub population: i64,
    pub area_km2: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::regency::Entity")]
    Regency,
    #[sea_orm(has_many = "super::compliance_score::Entity")]
    ComplianceScore,
}

impl Related<super::regency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regency.def()
    }
}

impl Related<super::compliance_score::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ComplianceScore.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
