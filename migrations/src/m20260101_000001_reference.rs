//! Reference tables: provinces, regencies (kabupaten/kota) and the facility catalogue.

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{fk, index, one_of};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Province {
    Table,
    Id,
    Code,
    Name,
    Population,
    AreaKm2,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Regency {
    Table,
    Id,
    ProvinceId,
    Code,
    BpsCode,
    Kind,
    Name,
    Population,
    AreaKm2,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Facility {
    Table,
    Id,
    Code,
    NameId,
    NameEn,
    Essential,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Province::Table)
                    .if_not_exists()
                    .col(pk_auto(Province::Id))
                    .col(string_len_uniq(Province::Code, 2))
                    .col(string(Province::Name))
                    .col(
                        big_integer(Province::Population)
                            .check(Expr::col(Province::Population).gte(0)),
                    )
                    .col(double(Province::AreaKm2).check(Expr::col(Province::AreaKm2).gt(0.0)))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Regency::Table)
                    .if_not_exists()
                    .col(pk_auto(Regency::Id))
                    .col(integer(Regency::ProvinceId))
                    .col(string_len_uniq(Regency::Code, 5))
                    .col(string_len_null(Regency::BpsCode, 4))
                    .col(
                        string_len(Regency::Kind, 16)
                            .check(one_of(Regency::Kind, &["kabupaten", "kota"])),
                    )
                    .col(string(Regency::Name))
                    .col(
                        big_integer(Regency::Population)
                            .check(Expr::col(Regency::Population).gte(0)),
                    )
                    .col(double(Regency::AreaKm2).check(Expr::col(Regency::AreaKm2).gt(0.0)))
                    .foreign_key(&mut fk(
                        Regency::Table,
                        Regency::ProvinceId,
                        Province::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Regency::Table, &[Regency::ProvinceId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Facility::Table)
                    .if_not_exists()
                    .col(pk_auto(Facility::Id))
                    .col(string_len_uniq(Facility::Code, 32))
                    .col(string(Facility::NameId))
                    .col(string(Facility::NameEn))
                    .col(boolean(Facility::Essential).default(false))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Facility::Table).if_exists().to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Regency::Table).if_exists().to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Province::Table).if_exists().to_owned())
            .await?;
        Ok(())
    }
}
