//! String-valued categorical columns. The stored strings are the `string_value`s (also checked
//! by `CHECK` constraints in the migrations).

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Kind of a second-level region.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum RegencyKind {
    #[sea_orm(string_value = "kabupaten")]
    Kabupaten,
    #[sea_orm(string_value = "kota")]
    Kota,
}

/// Kind of a service unit.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Mal Pelayanan Publik.
    #[sea_orm(string_value = "mpp")]
    Mpp,
    /// Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu.
    #[sea_orm(string_value = "dpmptsp")]
    Dpmptsp,
    /// Dinas Kependudukan dan Pencatatan Sipil.
    #[sea_orm(string_value = "disdukcapil")]
    Disdukcapil,
    /// Pusat kesehatan masyarakat.
    #[sea_orm(string_value = "puskesmas")]
    Puskesmas,
    /// Rumah sakit umum daerah.
    #[sea_orm(string_value = "rsud")]
    Rsud,
    /// Any other regional office (organisasi perangkat daerah).
    #[sea_orm(string_value = "opd")]
    Opd,
}

impl UnitKind {
    /// The stored string (`"mpp"`, `"dpmptsp"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Mpp => "mpp",
            UnitKind::Dpmptsp => "dpmptsp",
            UnitKind::Disdukcapil => "disdukcapil",
            UnitKind::Puskesmas => "puskesmas",
            UnitKind::Rsud => "rsud",
            UnitKind::Opd => "opd",
        }
    }
}

/// State of one catalogue facility at an inspection.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum FacilityStatus {
    /// Present and usable.
    #[sea_orm(string_value = "functional")]
    Functional,
    /// Present but not usable (broken, locked, unstaffed).
    #[sea_orm(string_value = "present")]
    Present,
    #[sea_orm(string_value = "absent")]
    Absent,
}

/// Follow-up (tindak lanjut) state of a finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Not yet followed up.
    #[sea_orm(string_value = "belum")]
    Belum,
    /// Partly followed up.
    #[sea_orm(string_value = "sebagian")]
    Sebagian,
    /// Done.
    #[sea_orm(string_value = "selesai")]
    Selesai,
}

/// State reported with a commitment's progress.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    #[sea_orm(string_value = "on_track")]
    OnTrack,
    #[sea_orm(string_value = "at_risk")]
    AtRisk,
    #[sea_orm(string_value = "late")]
    Late,
    #[sea_orm(string_value = "done")]
    Done,
}

impl From<FacilityStatus> for crate::methodology::FacilityStatus {
    fn from(status: FacilityStatus) -> Self {
        match status {
            FacilityStatus::Functional => crate::methodology::FacilityStatus::Functional,
            FacilityStatus::Present => crate::methodology::FacilityStatus::PresentNotFunctional,
            FacilityStatus::Absent => crate::methodology::FacilityStatus::Absent,
        }
    }
}

/// Role of an account (see `crate::auth::Ctx` for what each may do).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize,
)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users and reference data.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// Ombudsman leadership: reads everything.
    #[sea_orm(string_value = "pimpinan")]
    Pimpinan,
    /// Inspector: records inspections in the assigned provinces.
    #[sea_orm(string_value = "asisten")]
    Asisten,
    /// Regency officer: its own regency's commitments and follow-ups.
    #[sea_orm(string_value = "pemda")]
    Pemda,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Pimpinan => "pimpinan",
            Role::Asisten => "asisten",
            Role::Pemda => "pemda",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "admin" => Some(Role::Admin),
            "pimpinan" => Some(Role::Pimpinan),
            "asisten" => Some(Role::Asisten),
            "pemda" => Some(Role::Pemda),
            _ => None,
        }
    }
}
