//! `mou`: a memorandum of understanding (nota kesepakatan) between a regency and the Ombudsman.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "mou")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub regency_id: i32,
    pub signed_on: Date,
    pub title: String,
    pub signatories: String,
    pub scope: String,
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
    #[sea_orm(has_many = "super::commitment::Entity")]
    Commitment,
}

impl Related<super::regency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regency.def()
    }
}

impl Related<super::commitment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commitment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
