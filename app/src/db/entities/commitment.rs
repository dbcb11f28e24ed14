//! `commitment`: one measurable commitment of an MoU (programme item, owner office, due date).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "commitment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub mou_id: i32,
    pub title: String,
    pub indicator: String,
    pub target_value: f64,
    pub target_unit: String,
    pub due_on: Date,
    pub responsible_office: String,
    pub version: i32,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::mou::Entity",
        from = "Column::MouId",
        to = "super::mou::Column::Id",
        on_delete = "Cascade"
    )]
    Mou,
    #[sea_orm(has_many = "super::commitment_progress::Entity")]
    CommitmentProgress,
}

impl Related<super::mou::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Mou.def()
    }
}

impl Related<super::commitment_progress::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CommitmentProgress.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
