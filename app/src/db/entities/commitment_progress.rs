//! `commitment_progress`: a progress report on a commitment (one per commitment and date).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use super::enums::CommitmentStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "commitment_progress")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub commitment_id: i32,
    pub reported_on: Date,
    /// 0–100 %.
    pub percent: f64,
    pub status: CommitmentStatus,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::commitment::Entity",
        from = "Column::CommitmentId",
        to = "super::commitment::Column::Id",
        on_delete = "Cascade"
    )]
    Commitment,
}

impl Related<super::commitment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commitment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
