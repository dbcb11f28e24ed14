//! Read queries, one module per aggregate, returning the typed results of [`crate::model`].
//! Each query is written once here and used by the pages, the server functions and the
//! CSV/JSON exports alike. Every page takes a bounded number of queries, whatever the number
//! of regencies or units (no query per row).

pub mod leadership;
pub mod national;
pub mod regency;
pub mod search;
pub mod unit;

/// Today's date, the reference for "past due" and "overdue".
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

use crate::db::entities::{regency as regency_entity, service_unit};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

/// Whether the reference data (regions) has been loaded.
pub async fn has_reference<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(regency_entity::Entity::find().count(db).await? > 0)
}

/// Whether demo data has been generated.
pub async fn has_demo<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(service_unit::Entity::find()
        .filter(service_unit::Column::Demo.eq(true))
        .count(db)
        .await?
        > 0)
}
