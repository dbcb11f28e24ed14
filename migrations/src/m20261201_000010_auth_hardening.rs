//! Sign-in hardening (issue 9): atomic counters for the login rate limit and aggregated audit
//! rows, a server secret shared by every instance (signs the anonymous CSRF token), and the
//! last activity of a session (idle timeout).

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::index;
use crate::m20260201_000004_accounts::Session;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `rate_counter`: one row per key (`pair:<user>|<address>`, `user:<user>`, ...), counting hits
/// in a window that starts at `window_start`; incremented by a single atomic upsert.
#[derive(DeriveIden, Clone, Copy)]
pub enum RateCounter {
    Table,
    Id,
    Key,
    WindowStart,
    Hits,
    UpdatedAt,
}

/// `app_secret`: named random secrets generated on first use, shared by every instance.
#[derive(DeriveIden, Clone, Copy)]
pub enum AppSecret {
    Table,
    Id,
    Name,
    Value,
}

#[derive(DeriveIden, Clone, Copy)]
enum SessionExtra {
    LastSeenAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RateCounter::Table)
                    .if_not_exists()
                    .col(pk_auto(RateCounter::Id))
                    .col(string_len_uniq(RateCounter::Key, 255))
                    .col(big_integer(RateCounter::WindowStart))
                    .col(integer(RateCounter::Hits))
                    .col(big_integer(RateCounter::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(RateCounter::Table, &[RateCounter::UpdatedAt]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppSecret::Table)
                    .if_not_exists()
                    .col(pk_auto(AppSecret::Id))
                    .col(string_len_uniq(AppSecret::Name, 32))
                    .col(string_len(AppSecret::Value, 128))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .add_column(big_integer(SessionExtra::LastSeenAt).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Session::Table, &[Session::ExpiresAt]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Session::Table)
                    .drop_column(SessionExtra::LastSeenAt)
                    .to_owned(),
            )
            .await?;
        for table in [AppSecret::Table.into_iden(), RateCounter::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
