//! `complaint_stat`: complaints received / resolved by a unit per quarter.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "complaint_stat")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub year: i32,
    /// 1–4.
    pub quarter: i32,
    pub received: i32,
    /// Always `<= received`.
    pub resolved: i32,
    pub median_days_to_resolve: Option<f64>,
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
}

impl Related<super::service_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
