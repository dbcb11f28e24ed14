//! `user_province`: the provinces an `asisten` (inspector) is assigned to.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_province")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub province_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::app_user::Entity",
        from = "Column::UserId",
        to = "super::app_user::Column::Id",
        on_delete = "Cascade"
    )]
    AppUser,
    #[sea_orm(
        belongs_to = "super::province::Entity",
        from = "Column::ProvinceId",
        to = "super::province::Column::Id"
    )]
    Province,
}

impl Related<super::app_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AppUser.def()
    }
}

impl Related<super::province::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
