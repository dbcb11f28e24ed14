//! `inspection`: a visit (sidak when unannounced) to a unit, scored on the four Ombudsman
//! dimensions. One per unit and date; `version` is bumped on every update (optimistic locking).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inspection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub inspected_on: Date,
    pub unannounced: bool,
    pub inspector: String,
    pub input_score: Option<f64>,
    pub process_score: Option<f64>,
    pub output_score: Option<f64>,
    pub complaint_score: Option<f64>,
    pub staff_on_duty: Option<i32>,
    pub notes: String,
    pub published: bool,
    pub version: i32,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service_unit::Entity",
        from = "Column::UnitId",
        to = "super::service_unit::Column::Id"
    )]
    ServiceUnit,
    #[sea_orm(has_many = "super::facility_check::Entity")]
    FacilityCheck,
    #[sea_orm(has_many = "super::finding::Entity")]
    Finding,
}

impl Related<super::service_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceUnit.def()
    }
}

impl Related<super::facility_check::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FacilityCheck.def()
    }
}

impl Related<super::finding::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Finding.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
