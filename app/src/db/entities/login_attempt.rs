//! `login_attempt`: one sign-in attempt, keyed by `user:<name>` and by `ip:<address>`, for the
//! rate limit (failed attempts in a sliding window).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempt")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub key: String,
    /// Unix seconds.
    pub attempted_at: i64,
    pub success: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
