//! `audit_log`: every write (who, when, what, before and after, as JSON) and every export.
//! Written in the same transaction as the write it describes.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Unix seconds.
    pub at: i64,
    pub user_id: Option<i32>,
    /// The actor's username at the time (`anonim` for anonymous exports, `cli` for the command line).
    pub username: String,
    /// `create`, `update`, `export`, `login`, `logout`, …
    pub action: String,
    /// Table or export name, e.g. `inspection`, `follow_up`, `export`.
    pub entity: String,
    /// Id or natural key of the row (or the export path).
    pub entity_key: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
