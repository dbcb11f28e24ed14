//! Compliance scores (published Ombudsman results and demo scores) per province / regency and
//! year, and MoUs with their commitments and progress reports.

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{between, fk, index, one_of, unique};
use crate::m20260101_000001_reference::{Province, Regency};
use crate::m20260101_000002_service_units::{MAX_YEAR, MIN_YEAR};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum ComplianceScore {
    Table,
    Id,
    RegionCode,
    ProvinceId,
    RegencyId,
    Year,
    InputScore,
    ProcessScore,
    OutputScore,
    ComplaintScore,
    PublicTrust,
    Total,
    Category,
    MethodologyVersion,
    Published,
    Source,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Mou {
    Table,
    Id,
    RegencyId,
    SignedOn,
    Title,
    Signatories,
    Scope,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Commitment {
    Table,
    Id,
    MouId,
    Title,
    Indicator,
    TargetValue,
    TargetUnit,
    DueOn,
    ResponsibleOffice,
    Version,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum CommitmentProgress {
    Table,
    Id,
    CommitmentId,
    ReportedOn,
    Percent,
    Status,
    Note,
}

fn score_null<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    double_null(c).check(between(c, 0.0, 100.0)).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ComplianceScore as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .if_not_exists()
                    .col(pk_auto(C::Id))
                    .col(string_len(C::RegionCode, 5))
                    .col(integer_null(C::ProvinceId))
                    .col(integer_null(C::RegencyId))
                    .col(integer(C::Year).check(Expr::col(C::Year).between(MIN_YEAR, MAX_YEAR)))
                    .col(score_null(C::InputScore))
                    .col(score_null(C::ProcessScore))
                    .col(score_null(C::OutputScore))
                    .col(score_null(C::ComplaintScore))
                    .col(score_null(C::PublicTrust))
                    .col(double(C::Total).check(between(C::Total, 0.0, 100.0)))
                    .col(string_len(C::Category, 16))
                    .col(string_len(C::MethodologyVersion, 32))
                    .col(boolean(C::Published).default(false))
                    .col(text_null(C::Source))
                    .col(boolean(C::Demo).default(false))
                    // exactly one of province_id / regency_id
                    .check((
                        "ck_compliance_score_region",
                        Expr::col(C::ProvinceId)
                            .is_null()
                            .and(Expr::col(C::RegencyId).is_not_null())
                            .or(Expr::col(C::ProvinceId)
                                .is_not_null()
                                .and(Expr::col(C::RegencyId).is_null())),
                    ))
                    .foreign_key(&mut fk(
                        C::Table,
                        C::ProvinceId,
                        Province::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        C::Table,
                        C::RegencyId,
                        Regency::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(C::Table, &[C::RegionCode, C::Year]))
            .await?;
        manager
            .create_index(index(C::Table, &[C::RegencyId]))
            .await?;
        manager
            .create_index(index(C::Table, &[C::ProvinceId]))
            .await?;
        manager.create_index(index(C::Table, &[C::Year])).await?;

        manager
            .create_table(
                Table::create()
                    .table(Mou::Table)
                    .if_not_exists()
                    .col(pk_auto(Mou::Id))
                    .col(integer(Mou::RegencyId))
                    .col(date(Mou::SignedOn))
                    .col(string(Mou::Title))
                    .col(text(Mou::Signatories))
                    .col(text(Mou::Scope))
                    .col(boolean(Mou::Demo).default(false))
                    .foreign_key(&mut fk(
                        Mou::Table,
                        Mou::RegencyId,
                        Regency::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(Mou::Table, &[Mou::RegencyId, Mou::SignedOn]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Commitment::Table)
                    .if_not_exists()
                    .col(pk_auto(Commitment::Id))
                    .col(integer(Commitment::MouId))
                    .col(string(Commitment::Title))
                    .col(text(Commitment::Indicator))
                    .col(double(Commitment::TargetValue))
                    .col(string_len(Commitment::TargetUnit, 32))
                    .col(date(Commitment::DueOn))
                    .col(string(Commitment::ResponsibleOffice))
                    .col(
                        integer(Commitment::Version)
                            .default(1)
                            .check(Expr::col(Commitment::Version).gte(1)),
                    )
                    .col(boolean(Commitment::Demo).default(false))
                    .foreign_key(&mut fk(
                        Commitment::Table,
                        Commitment::MouId,
                        Mou::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                Commitment::Table,
                &[Commitment::MouId, Commitment::Title],
            ))
            .await?;
        manager
            .create_index(index(Commitment::Table, &[Commitment::DueOn]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommitmentProgress::Table)
                    .if_not_exists()
                    .col(pk_auto(CommitmentProgress::Id))
                    .col(integer(CommitmentProgress::CommitmentId))
                    .col(date(CommitmentProgress::ReportedOn))
                    .col(double(CommitmentProgress::Percent).check(between(
                        CommitmentProgress::Percent,
                        0.0,
                        100.0,
                    )))
                    .col(string_len(CommitmentProgress::Status, 16).check(one_of(
                        CommitmentProgress::Status,
                        &["on_track", "at_risk", "late", "done"],
                    )))
                    .col(text(CommitmentProgress::Note))
                    .foreign_key(&mut fk(
                        CommitmentProgress::Table,
                        CommitmentProgress::CommitmentId,
                        Commitment::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                CommitmentProgress::Table,
                &[
                    CommitmentProgress::CommitmentId,
                    CommitmentProgress::ReportedOn,
                ],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CommitmentProgress::Table.into_iden(),
            Commitment::Table.into_iden(),
            Mou::Table.into_iden(),
            ComplianceScore::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
