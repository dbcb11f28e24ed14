//! Service units (MPP, DPMPTSP, Disdukcapil, puskesmas, RSUD, other OPD) and what is observed
//! about them: staff snapshots, inspections (with facility checks, findings and follow-ups),
//! quarterly complaint statistics and SKM surveys.

use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{between, fk, index, one_of, unique};
use crate::m20260101_000001_reference::{Facility, Regency};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum ServiceUnit {
    Table,
    Id,
    RegencyId,
    Code,
    Kind,
    Name,
    InauguratedOn,
    TenantCount,
    ServiceCount,
    CounterCount,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum StaffSnapshot {
    Table,
    Id,
    UnitId,
    TakenOn,
    OnDuty,
    Required,
    Trained,
    AttendancePct,
    CompetenceScore,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Inspection {
    Table,
    Id,
    UnitId,
    InspectedOn,
    Unannounced,
    Inspector,
    InputScore,
    ProcessScore,
    OutputScore,
    ComplaintScore,
    StaffOnDuty,
    Notes,
    Published,
    Version,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FacilityCheck {
    Table,
    Id,
    InspectionId,
    FacilityId,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum Finding {
    Table,
    Id,
    InspectionId,
    UnitId,
    Category,
    Severity,
    Description,
    DueOn,
    Version,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum FollowUp {
    Table,
    Id,
    FindingId,
    Status,
    RecordedOn,
    Evidence,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum ComplaintStat {
    Table,
    Id,
    UnitId,
    Year,
    Quarter,
    Received,
    Resolved,
    MedianDaysToResolve,
    Demo,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum SkmSurvey {
    Table,
    Id,
    UnitId,
    Year,
    Semester,
    Respondents,
    U1,
    U2,
    U3,
    U4,
    U5,
    U6,
    U7,
    U8,
    U9,
    Ikm,
    Demo,
}

/// Years accepted anywhere in the schema.
pub const MIN_YEAR: i32 = 2000;
pub const MAX_YEAR: i32 = 2100;

fn year_col<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    integer(c)
        .check(Expr::col(c).between(MIN_YEAR, MAX_YEAR))
        .to_owned()
}

fn count_col<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    integer(c).check(Expr::col(c).gte(0)).to_owned()
}

fn count_null<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    integer_null(c).check(Expr::col(c).gte(0)).to_owned()
}

fn score_null<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    double_null(c).check(between(c, 0.0, 100.0)).to_owned()
}

fn skm_element<C: IntoIden + Copy + 'static>(c: C) -> ColumnDef {
    double(c).check(between(c, 1.0, 4.0)).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceUnit::Table)
                    .if_not_exists()
                    .col(pk_auto(ServiceUnit::Id))
                    .col(integer(ServiceUnit::RegencyId))
                    .col(string_len_uniq(ServiceUnit::Code, 32))
                    .col(string_len(ServiceUnit::Kind, 16).check(one_of(
                        ServiceUnit::Kind,
                        &["mpp", "dpmptsp", "disdukcapil", "puskesmas", "rsud", "opd"],
                    )))
                    .col(string(ServiceUnit::Name))
                    .col(date_null(ServiceUnit::InauguratedOn))
                    .col(count_null(ServiceUnit::TenantCount))
                    .col(count_null(ServiceUnit::ServiceCount))
                    .col(count_null(ServiceUnit::CounterCount))
                    .col(boolean(ServiceUnit::Demo).default(false))
                    .foreign_key(&mut fk(
                        ServiceUnit::Table,
                        ServiceUnit::RegencyId,
                        Regency::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(ServiceUnit::Table, &[ServiceUnit::RegencyId]))
            .await?;
        manager
            .create_index(index(ServiceUnit::Table, &[ServiceUnit::Kind]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffSnapshot::Table)
                    .if_not_exists()
                    .col(pk_auto(StaffSnapshot::Id))
                    .col(integer(StaffSnapshot::UnitId))
                    .col(date(StaffSnapshot::TakenOn))
                    .col(count_col(StaffSnapshot::OnDuty))
                    .col(count_col(StaffSnapshot::Required))
                    .col(count_col(StaffSnapshot::Trained))
                    .col(double(StaffSnapshot::AttendancePct).check(between(
                        StaffSnapshot::AttendancePct,
                        0.0,
                        100.0,
                    )))
                    .col(score_null(StaffSnapshot::CompetenceScore))
                    .col(boolean(StaffSnapshot::Demo).default(false))
                    .check((
                        "ck_staff_snapshot_trained",
                        Expr::col(StaffSnapshot::Trained).lte(Expr::col(StaffSnapshot::OnDuty)),
                    ))
                    .foreign_key(&mut fk(
                        StaffSnapshot::Table,
                        StaffSnapshot::UnitId,
                        ServiceUnit::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                StaffSnapshot::Table,
                &[StaffSnapshot::UnitId, StaffSnapshot::TakenOn],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Inspection::Table)
                    .if_not_exists()
                    .col(pk_auto(Inspection::Id))
                    .col(integer(Inspection::UnitId))
                    .col(date(Inspection::InspectedOn))
                    .col(boolean(Inspection::Unannounced).default(true))
                    .col(string(Inspection::Inspector))
                    .col(score_null(Inspection::InputScore))
                    .col(score_null(Inspection::ProcessScore))
                    .col(score_null(Inspection::OutputScore))
                    .col(score_null(Inspection::ComplaintScore))
                    .col(count_null(Inspection::StaffOnDuty))
                    .col(text(Inspection::Notes))
                    .col(boolean(Inspection::Published).default(false))
                    .col(
                        integer(Inspection::Version)
                            .default(1)
                            .check(Expr::col(Inspection::Version).gte(1)),
                    )
                    .col(boolean(Inspection::Demo).default(false))
                    .foreign_key(&mut fk(
                        Inspection::Table,
                        Inspection::UnitId,
                        ServiceUnit::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                Inspection::Table,
                &[Inspection::UnitId, Inspection::InspectedOn],
            ))
            .await?;
        manager
            .create_index(index(Inspection::Table, &[Inspection::InspectedOn]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FacilityCheck::Table)
                    .if_not_exists()
                    .col(pk_auto(FacilityCheck::Id))
                    .col(integer(FacilityCheck::InspectionId))
                    .col(integer(FacilityCheck::FacilityId))
                    .col(string_len(FacilityCheck::Status, 16).check(one_of(
                        FacilityCheck::Status,
                        &["functional", "present", "absent"],
                    )))
                    .foreign_key(&mut fk(
                        FacilityCheck::Table,
                        FacilityCheck::InspectionId,
                        Inspection::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        FacilityCheck::Table,
                        FacilityCheck::FacilityId,
                        Facility::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                FacilityCheck::Table,
                &[FacilityCheck::InspectionId, FacilityCheck::FacilityId],
            ))
            .await?;
        manager
            .create_index(index(FacilityCheck::Table, &[FacilityCheck::FacilityId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Finding::Table)
                    .if_not_exists()
                    .col(pk_auto(Finding::Id))
                    .col(integer(Finding::InspectionId))
                    .col(integer_null(Finding::UnitId))
                    .col(string_len(Finding::Category, 64))
                    .col(
                        integer(Finding::Severity)
                            .check(Expr::col(Finding::Severity).between(1, 3)),
                    )
                    .col(text(Finding::Description))
                    .col(date(Finding::DueOn))
                    .col(
                        integer(Finding::Version)
                            .default(1)
                            .check(Expr::col(Finding::Version).gte(1)),
                    )
                    .foreign_key(&mut fk(
                        Finding::Table,
                        Finding::InspectionId,
                        Inspection::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Finding::Table,
                        Finding::UnitId,
                        ServiceUnit::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Finding::Table, &[Finding::InspectionId]))
            .await?;
        manager
            .create_index(index(Finding::Table, &[Finding::UnitId]))
            .await?;
        manager
            .create_index(index(Finding::Table, &[Finding::DueOn]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FollowUp::Table)
                    .if_not_exists()
                    .col(pk_auto(FollowUp::Id))
                    .col(integer(FollowUp::FindingId))
                    .col(
                        string_len(FollowUp::Status, 16)
                            .check(one_of(FollowUp::Status, &["belum", "sebagian", "selesai"])),
                    )
                    .col(date(FollowUp::RecordedOn))
                    .col(text(FollowUp::Evidence))
                    .foreign_key(&mut fk(
                        FollowUp::Table,
                        FollowUp::FindingId,
                        Finding::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(FollowUp::Table, &[FollowUp::FindingId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ComplaintStat::Table)
                    .if_not_exists()
                    .col(pk_auto(ComplaintStat::Id))
                    .col(integer(ComplaintStat::UnitId))
                    .col(year_col(ComplaintStat::Year))
                    .col(
                        integer(ComplaintStat::Quarter)
                            .check(Expr::col(ComplaintStat::Quarter).between(1, 4)),
                    )
                    .col(count_col(ComplaintStat::Received))
                    .col(count_col(ComplaintStat::Resolved))
                    .col(
                        double_null(ComplaintStat::MedianDaysToResolve)
                            .check(Expr::col(ComplaintStat::MedianDaysToResolve).gte(0.0)),
                    )
                    .col(boolean(ComplaintStat::Demo).default(false))
                    .check((
                        "ck_complaint_stat_resolved",
                        Expr::col(ComplaintStat::Resolved).lte(Expr::col(ComplaintStat::Received)),
                    ))
                    .foreign_key(&mut fk(
                        ComplaintStat::Table,
                        ComplaintStat::UnitId,
                        ServiceUnit::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                ComplaintStat::Table,
                &[
                    ComplaintStat::UnitId,
                    ComplaintStat::Year,
                    ComplaintStat::Quarter,
                ],
            ))
            .await?;
        manager
            .create_index(index(ComplaintStat::Table, &[ComplaintStat::Year]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SkmSurvey::Table)
                    .if_not_exists()
                    .col(pk_auto(SkmSurvey::Id))
                    .col(integer(SkmSurvey::UnitId))
                    .col(year_col(SkmSurvey::Year))
                    .col(
                        integer(SkmSurvey::Semester)
                            .check(Expr::col(SkmSurvey::Semester).between(1, 2)),
                    )
                    .col(
                        integer(SkmSurvey::Respondents)
                            .check(Expr::col(SkmSurvey::Respondents).gt(0)),
                    )
                    .col(skm_element(SkmSurvey::U1))
                    .col(skm_element(SkmSurvey::U2))
                    .col(skm_element(SkmSurvey::U3))
                    .col(skm_element(SkmSurvey::U4))
                    .col(skm_element(SkmSurvey::U5))
                    .col(skm_element(SkmSurvey::U6))
                    .col(skm_element(SkmSurvey::U7))
                    .col(skm_element(SkmSurvey::U8))
                    .col(skm_element(SkmSurvey::U9))
                    .col(double(SkmSurvey::Ikm).check(between(SkmSurvey::Ikm, 25.0, 100.0)))
                    .col(boolean(SkmSurvey::Demo).default(false))
                    .foreign_key(&mut fk(
                        SkmSurvey::Table,
                        SkmSurvey::UnitId,
                        ServiceUnit::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(unique(
                SkmSurvey::Table,
                &[SkmSurvey::UnitId, SkmSurvey::Year, SkmSurvey::Semester],
            ))
            .await?;
        manager
            .create_index(index(SkmSurvey::Table, &[SkmSurvey::Year]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SkmSurvey::Table.into_iden(),
            ComplaintStat::Table.into_iden(),
            FollowUp::Table.into_iden(),
            Finding::Table.into_iden(),
            FacilityCheck::Table.into_iden(),
            Inspection::Table.into_iden(),
            StaffSnapshot::Table.into_iden(),
            ServiceUnit::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
