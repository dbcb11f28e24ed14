//! Pantau's database schema as sea-orm migrations.
//!
//! The same migrations run unchanged on SQLite (the embedded default) and PostgreSQL: tables are
//! built with the schema builder only (no dialect-specific SQL), foreign keys are declared when a
//! table is created (SQLite cannot add them later), natural keys are unique indexes and value
//! ranges are `CHECK` constraints. The application validates the same ranges in code before
//! writing (`app::db::write`), so the constraints are a second line of defence.
//!
//! Rows produced by the demo generator carry `demo = true` on the tables it fills directly, so a
//! re-run can replace them without touching real (published or entered) data.

pub use sea_orm_migration::prelude::*;

mod common;
mod m20260101_000001_reference;
mod m20260101_000002_service_units;
mod m20260101_000003_scores_and_mous;
mod m20260201_000004_accounts;
mod m20261201_000010_auth_hardening;

/// Applies every migration in order (`Migrator::up(db, None)`).
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_reference::Migration),
            Box::new(m20260101_000002_service_units::Migration),
            Box::new(m20260101_000003_scores_and_mous::Migration),
            Box::new(m20260201_000004_accounts::Migration),
            Box::new(m20261201_000010_auth_hardening::Migration),
        ]
    }
}
