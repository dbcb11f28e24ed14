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

use crate::db::entities::{inspection, regency as regency_entity, service_unit};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, Select,
};

/// The published-only rule. An inspection is recorded first and published later; until then
/// only those who may read it (`auth::Ctx::can_read_unpublished`) see it. Every aggregate
/// shown to the public — the national overview's counts, decline flags and exports, and
/// anything else computed across regencies — starts from these inspections, never from
/// `inspection::Entity::find()`.
pub fn published_inspections() -> Select<inspection::Entity> {
    inspection::Entity::find().filter(inspection::Column::Published.eq(true))
}

/// The ids of the published inspections, for `in_subquery` filters of their findings.
pub fn published_inspection_ids() -> SelectStatement {
    Query::select()
        .column(inspection::Column::Id)
        .from(inspection::Entity)
        .and_where(inspection::Column::Published.eq(true))
        .to_owned()
}

/// The inspections a visitor may see: all of them when `may_read_unpublished`, else only the
/// published ones ([`published_inspections`]).
pub fn visible_inspections(may_read_unpublished: bool) -> Select<inspection::Entity> {
    if may_read_unpublished {
        inspection::Entity::find()
    } else {
        published_inspections()
    }
}

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
