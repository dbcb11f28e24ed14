//! `app_user`: an account. `role` decides what it may do (see `crate::auth`); a `pemda` account
//! belongs to one regency (`regency_id`), an `asisten` account to the provinces in
//! `user_province`. The password is stored as an argon2 PHC string, never in clear.

use sea_orm::entity::prelude::*;

use super::enums::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub regency_id: Option<i32>,
    pub active: bool,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::regency::Entity",
        from = "Column::RegencyId",
        to = "super::regency::Column::Id"
    )]
    Regency,
    #[sea_orm(has_many = "super::user_province::Entity")]
    UserProvince,
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::regency::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Regency.def()
    }
}

impl Related<super::user_province::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::UserProvince.def()
    }
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
