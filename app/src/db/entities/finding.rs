//! `finding`: something an inspection found wrong, due for follow-up (default: 30 days after the
//! inspection, as for an Ombudsman corrective action). `unit_id` optionally names the unit the
//! finding concerns (e.g. a tenant counter inside an MPP); it is always in the same regency as
//! the inspected unit.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "finding")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub inspection_id: i32,
    pub unit_id: Option<i32>,
    /// Free category, e.g. `"standar_pelayanan"`, `"sarpras"`, `"sdm"`, `"pengaduan"`.
    pub category: String,
    /// 1 (minor) – 3 (serious).
    pub severity: i32,
    pub description: String,
    pub due_on: Date,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inspection::Entity",
        from = "Column::InspectionId",
        to = "super::inspection::Column::Id",
        on_delete = "Cascade"
    )]
    Inspection,
    #[sea_orm(
        belongs_to = "super::service_unit::Entity",
        from = "Column::UnitId",
        to = "super::service_unit::Column::Id"
    )]
    ServiceUnit,
    #[sea_orm(has_many = "super::follow_up::Entity")]
    FollowUp,
}

impl Related<super::inspection::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inspection.def()
    }
}

impl Related<super::follow_up::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FollowUp.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
