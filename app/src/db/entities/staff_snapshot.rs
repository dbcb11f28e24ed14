//! `staff_snapshot`: staffing of a unit on a date (one per unit and date).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "staff_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub taken_on: Date,
    /// Staff actually on duty.
    pub on_duty: i32,
    /// Staff required by the workload analysis (Analisis Beban Kerja, ABK).
    pub required: i32,
    /// Staff with service / complaint-handling training.
    pub trained: i32,
    /// Attendance, 0–100 %.
    pub attendance_pct: f64,
    /// Competence score 0–100 (e.g. the Ombudsman kompetensi interview), if assessed.
    pub competence_score: Option<f64>,
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
