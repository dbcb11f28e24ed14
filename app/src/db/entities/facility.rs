//! `facility`: the catalogue of facilities checked at inspections (loket, ruang tunggu ber-AC, …).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "facility")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Stable code, e.g. `"counters"`, `"disability_toilet"`. Unique.
    #[sea_orm(unique)]
    pub code: String,
    /// Indonesian name.
    pub name_id: String,
    /// English name.
    pub name_en: String,
    /// Essential for a functioning service (its loss counts as a decline).
    pub essential: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::facility_check::Entity")]
    FacilityCheck,
}

impl Related<super::facility_check::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::FacilityCheck.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
