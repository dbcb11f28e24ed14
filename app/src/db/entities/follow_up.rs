//! `follow_up`: a recorded follow-up (tindak lanjut) of a finding; the latest one is its state.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::enums::FollowUpStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "follow_up")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub finding_id: i32,
    pub status: FollowUpStatus,
    pub recorded_on: Date,
    pub evidence: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::finding::Entity",
        from = "Column::FindingId",
        to = "super::finding::Column::Id",
        on_delete = "Cascade"
    )]
    Finding,
}

impl Related<super::finding::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Finding.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
