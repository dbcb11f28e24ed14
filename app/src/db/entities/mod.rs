//! sea-orm entities, one module per table (schema: the `migration` crate).
//!
//! Conventions: `id` is an auto-increment `i32`; codes are Kemendagri codes (`"15"`, `"15.05"`);
//! dates are `chrono::NaiveDate`; scores are `f64` on a 0–100 scale; the string-valued
//! categorical columns are typed enums in [`enums`]. Rows created by the demo generator have
//! `demo = true` (tables it fills directly); real rows never do.

pub mod enums;

pub mod app_user;
pub mod audit_log;
pub mod commitment;
pub mod commitment_progress;
pub mod complaint_stat;
pub mod compliance_score;
pub mod facility;
pub mod facility_check;
pub mod finding;
pub mod follow_up;
pub mod inspection;
pub mod login_attempt;
pub mod mou;
pub mod province;
pub mod regency;
pub mod service_unit;
pub mod session;
pub mod skm_survey;
pub mod staff_snapshot;
pub mod user_province;

/// `use crate::db::entities::prelude::*;` brings every `Entity` in under its table's name.
pub mod prelude {
    pub use super::app_user::Entity as AppUser;
    pub use super::audit_log::Entity as AuditLog;
    pub use super::commitment::Entity as Commitment;
    pub use super::commitment_progress::Entity as CommitmentProgress;
    pub use super::complaint_stat::Entity as ComplaintStat;
    pub use super::compliance_score::Entity as ComplianceScore;
    pub use super::enums::{
        CommitmentStatus, FacilityStatus, FollowUpStatus, RegencyKind, Role, UnitKind,
    };
    pub use super::facility::Entity as Facility;
    pub use super::facility_check::Entity as FacilityCheck;
    pub use super::finding::Entity as Finding;
    pub use super::follow_up::Entity as FollowUp;
    pub use super::inspection::Entity as Inspection;
    pub use super::login_attempt::Entity as LoginAttempt;
    pub use super::mou::Entity as Mou;
    pub use super::province::Entity as Province;
    pub use super::regency::Entity as Regency;
    pub use super::service_unit::Entity as ServiceUnit;
    pub use super::session::Entity as Session;
    pub use super::skm_survey::Entity as SkmSurvey;
    pub use super::staff_snapshot::Entity as StaffSnapshot;
    pub use super::user_province::Entity as UserProvince;
}
