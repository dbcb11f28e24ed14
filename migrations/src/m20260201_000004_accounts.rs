//! Accounts, sessions, login attempts (rate limiting) and the audit log.
//!
//! Timestamps are Unix seconds (`BIGINT`), identical on SQLite and PostgreSQL and trivially
//! comparable. Sessions and login attempts live here (not in process memory) so several server
//! instances behind one load balancer behave as one.

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{fk, index, one_of, unique};
use crate::m20260101_000001_reference::{Province, Regency};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum AppUser {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    RegencyId,
    Active,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum UserProvince {
    Table,
    Id,
    UserId,
    ProvinceId,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Session {
    Table,
    Id,
    TokenHash,
    UserId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum LoginAttempt {
    Table,
    Id,
    Key,
    AttemptedAt,
    Success,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum AuditLog {
    Table,
    Id,
    At,
    UserId,
    Username,
    Action,
    Entity,
    EntityKey,
    BeforeJson,
    AfterJson,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AppUser::Table)
                    .if_not_exists()
                    .col(pk_auto(AppUser::Id))
                    .col(string_len_uniq(AppUser::Username, 64))
                    .col(string_len(AppUser::DisplayName, 200))
                    .col(string_len(AppUser::PasswordHash, 255))
                    .col(string_len(AppUser::Role, 16).check(one_of(
                        AppUser::Role,
                        &["admin", "pimpinan", "asisten", "pemda"],
                    )))
                    .col(integer_null(AppUser::RegencyId))
                    .col(boolean(AppUser::Active).default(true))
                    .col(big_integer(AppUser::CreatedAt))
                    .foreign_key(&mut fk(
                        AppUser::Table,
                        AppUser::RegencyId,
                        Regency::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserProvince::Table)
                    .if_not_exists()
                    .col(pk_auto(UserProvince::Id))
                    .col(integer(UserProvince::UserId))
                    .col(integer(UserProvince::ProvinceId))
                    .foreign_key(&mut fk(
                        UserProvince::Table,
                        UserProvince::UserId,
                        AppUser::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        UserProvince::Table,
                        UserProvince::ProvinceId,
                        Province::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                UserProvince::Table,
                &[UserProvince::UserId, UserProvince::ProvinceId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Session::Table)
                    .if_not_exists()
                    .col(pk_auto(Session::Id))
                    .col(string_len_uniq(Session::TokenHash, 64))
                    .col(integer(Session::UserId))
                    .col(string_len(Session::CsrfToken, 64))
                    .col(big_integer(Session::CreatedAt))
                    .col(big_integer(Session::ExpiresAt))
                    .col(big_integer_null(Session::RevokedAt))
                    .foreign_key(&mut fk(
                        Session::Table,
                        Session::UserId,
                        AppUser::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Session::Table, &[Session::UserId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginAttempt::Table)
                    .if_not_exists()
                    .col(pk_auto(LoginAttempt::Id))
                    .col(string_len(LoginAttempt::Key, 200))
                    .col(big_integer(LoginAttempt::AttemptedAt))
                    .col(boolean(LoginAttempt::Success))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                LoginAttempt::Table,
                &[LoginAttempt::Key, LoginAttempt::AttemptedAt],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(pk_auto(AuditLog::Id))
                    .col(big_integer(AuditLog::At))
                    .col(integer_null(AuditLog::UserId))
                    .col(string_len(AuditLog::Username, 64))
                    .col(string_len(AuditLog::Action, 32))
                    .col(string_len(AuditLog::Entity, 64))
                    .col(string_len(AuditLog::EntityKey, 200))
                    .col(text_null(AuditLog::BeforeJson))
                    .col(text_null(AuditLog::AfterJson))
                    .col(text_null(AuditLog::Detail))
                    .foreign_key(&mut fk(
                        AuditLog::Table,
                        AuditLog::UserId,
                        AppUser::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for col in [AuditLog::At, AuditLog::Entity, AuditLog::Username] {
            manager.create_index(index(AuditLog::Table, &[col])).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            LoginAttempt::Table.into_iden(),
            Session::Table.into_iden(),
            UserProvince::Table.into_iden(),
            AppUser::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
