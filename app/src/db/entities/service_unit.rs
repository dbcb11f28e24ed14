//! `service_unit`: an MPP, DPMPTSP, Disdukcapil, puskesmas, RSUD or other OPD of a regency.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::enums::UnitKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "service_unit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub regency_id: i32,
    /// `<regency code>-<SUFFIX>`, e.g. `"15.05-MPP"`, `"15.05-DPMPTSP"`, `"15.05-PKM-01"`. Unique.
    #[sea_orm(unique)]
    pub code: String,
    pub kind: UnitKind,
    pub name: String,
    pub inaugurated_on: Option<Date>,
    /// MPP: number of tenant agencies (instansi).
    pub tenant_count: Option<i32>,
    /// Number of services (jenis layanan) offered.
    pub service_count: Option<i32>,
    /// Number of counters (loket).
    pub counter_count: Option<i32>,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::regency::Entity",
        from = "Column::RegencyId",
        to = "super::regency::Column::Id"
    )]
    Regency,
    #[sea_orm(has_many = "super::staff_snapshot::Entity")]
    StaffSnapshot,
    #[sea_orm(has_many = "super::inspection::Entity")]
    Inspection,
    #[sea_orm(has_many = "super::complaint_stat::Entity")]
    ComplaintStat,
    #[sea_orm(has_many = "super::skm_survey::Entity")]
    SkmSurvey,
}

impl Related<super::regency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regency.def()
    }
}

impl Related<super::staff_snapshot::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StaffSnapshot.def()
    }
}

impl Related<super::inspection::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inspection.def()
    }
}

impl Related<super::complaint_stat::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ComplaintStat.def()
    }
}

impl Related<super::skm_survey::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SkmSurvey.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
